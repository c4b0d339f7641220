#!/usr/bin/env python3
"""What the request log (--log-requests) costs the requests it logs.

Starts three dynarock servers in memory, each with the seed design's data
set (`dynarock-bench load --scale N`):

  off     no request log (the default)
  text    --log-requests: a text line per request
  json    --log-requests --log-format json

Their stderr, where the log goes, is /dev/null: the figures are the cost
of building and writing the lines, not of a terminal showing them. Then
drives dynarock-bench's default workload (the seed's access patterns) at
each, --rounds times alternating, and reports requests per second and
requests per server CPU-second, with each one's ratio to off.

  bench/request_log_cost.py [--build build] [--scale 100] [--duration 10s]
                            [--rounds 3]
"""

import argparse
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import disk_scaling  # noqa: E402  (Server, run, fail)
import streams_cost  # noqa: E402  (wait_idle)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONFIGS = {
    'off': [],
    'text': ['--log-requests'],
    'json': ['--log-requests', '--log-format', 'json'],
}


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--build', default=os.path.join(ROOT, 'build'))
    p.add_argument('--scale', type=int, default=100)
    p.add_argument('--duration', default='10s')
    p.add_argument('--rounds', type=int, default=3)
    args = p.parse_args()

    bench = os.path.join(args.build, 'dynarock-bench')
    binary = os.path.join(args.build, 'dynarock')
    servers = {}
    out_dir = tempfile.mkdtemp(prefix='request_log_cost.')
    totals = {c: [0, 0.0, 0.0] for c in CONFIGS}  # requests, CPU s, wall s
    try:
        for c, flags in CONFIGS.items():
            servers[c] = disk_scaling.Server(binary, ['--in-memory', *flags])
            disk_scaling.run([bench, 'load', '--endpoint', servers[c].endpoint, '--scale',
                              str(args.scale), '--quiet'])
        for r in range(args.rounds):
            for c, server in servers.items():
                print(f'... {c} (round {r + 1})', file=sys.stderr)
                streams_cost.wait_idle(server.pid)
                path = os.path.join(out_dir, f'{c}-{r}.json')
                disk_scaling.run([bench, 'run', '--endpoint', server.endpoint, '--server-pid',
                                  str(server.pid), '--scale', str(args.scale), '--duration',
                                  args.duration, '--warmup', '1s', '--quiet', '--json', path])
                with open(path) as f:
                    doc = json.load(f)
                t = doc['totals']
                if t['errors']:
                    disk_scaling.fail(f'{c}: {t["errors"]} requests failed')
                totals[c][0] += t['requests']
                totals[c][1] += doc['server_cpu_s']
                totals[c][2] += doc['duration_s']
    finally:
        for server in servers.values():
            server.stop()

    print(f'\nscale {args.scale} in memory, {args.rounds} x {args.duration} per configuration\n')
    print('| request log | requests/s | requests per server CPU-second | vs off |')
    print('|---|---:|---:|---:|')
    base = totals['off'][0] / totals['off'][1]
    for c, (req, cpu, wall) in totals.items():
        per_cpu = req / cpu
        print(f'| {c} | {req / wall:,.0f} | {per_cpu:,.0f} | {per_cpu / base:.2f} |')


if __name__ == '__main__':
    main()
