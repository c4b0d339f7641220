#!/bin/sh
# Runs one fuzz target for a fixed time from its seed corpus, in a fresh
# directory of the build (new inputs and any crash land there, not in the
# source tree). Exits non-zero when the target crashed or leaked.
#   run_fuzzer.sh <fuzzer binary> <seed corpus dir> <dictionary> <seconds>
set -eu
binary=$1 seeds=$2 dict=$3 seconds=$4
work=$(basename "$binary").work
rm -rf "$work"
mkdir -p "$work/corpus"
exec "$binary" -seed=1 -max_total_time="$seconds" -dict="$dict" -print_funcs=0 \
  -artifact_prefix="$work/" "$work/corpus" "$seeds"
