#!/usr/bin/env python3
"""Cold start of the dynarock server: from exec to the first answered request.

  bench/cold_start.py build/dynarock [--runs 11] [--disk DIR] [--rss]

Starts the server with --port 0 (--in-memory unless --disk DIR is given),
waits for its ready line, sends one ListTables over HTTP and reads the
answer; prints the median, min and max over the runs in milliseconds.
With --rss, also prints the idle server's VmRSS after the request.
"""
import argparse
import socket
import statistics
import subprocess
import time

REQUEST = (
    b"POST / HTTP/1.1\r\nHost: localhost\r\n"
    b"X-Amz-Target: DynamoDB_20120810.ListTables\r\n"
    b"Content-Type: application/x-amz-json-1.0\r\n"
    b"Authorization: AWS4-HMAC-SHA256 Credential=x/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0\r\n"
    b"Content-Length: 2\r\n\r\n{}"
)


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def one_run(binary, disk, extra):
    args = [binary, "--port", "0"] + extra
    args += ["--db-path", disk] if disk else ["--in-memory"]
    t0 = time.perf_counter()
    p = subprocess.Popen(args, stdout=subprocess.PIPE)
    line = p.stdout.readline().decode()
    port = int(line.rsplit(":", 1)[1])
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(REQUEST)
    data = b""
    while b"\r\n\r\n" not in data:
        data += s.recv(65536)
    head, _, body = data.partition(b"\r\n\r\n")
    length = int([h for h in head.split(b"\r\n") if h.lower().startswith(b"content-length")][0].split(b":")[1])
    while len(body) < length:
        body += s.recv(65536)
    t1 = time.perf_counter()
    s.close()
    time.sleep(0.2)
    rss = rss_kb(p.pid)
    p.terminate()
    p.wait()
    return (t1 - t0) * 1000, rss


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("--runs", type=int, default=11)
    ap.add_argument("--disk")
    ap.add_argument("--rss", action="store_true")
    ap.add_argument("extra", nargs="*")
    a = ap.parse_args()
    times, rsss = [], []
    for _ in range(a.runs):
        t, r = one_run(a.binary, a.disk, a.extra)
        times.append(t)
        rsss.append(r)
    print(f"cold start ms: median {statistics.median(times):.1f} min {min(times):.1f} max {max(times):.1f}")
    if a.rss:
        print(f"idle VmRSS kB: median {statistics.median(rsss):.0f}")


if __name__ == "__main__":
    main()
