#!/usr/bin/env python3
"""The HTTP figures of the README, measured with dynarock-bench in one run.

Starts each server itself (dynarock in memory, the trivial server that
answers 200 "{}" to anything, and DynamoDB Local and dynalite when
`tools/dev.sh test` has installed them),
loads the seed design's data set into each DynamoDB one, and compares them
with the same driver, alternating rounds:

  GetItem          "Get customer by ID", 16 connections
  Query (20 items) "Get products by category" (GSI2, a page of 20), 16 connections
  mixed            the sixteen access patterns, 16 connections
  GetItem, 1 conn  single-connection round trip (p50)
  bulk load        BatchWriteItem at 16 connections into the two-GSI table

Prints a Markdown summary: requests per second, requests per server
CPU-second, and the ratios the README quotes.

  bench/http_figures.py [--build build] [--scale 20] [--duration 5s] [--rounds 2]
                        [--load-scale 200] [--json-dir DIR]
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(cmd):
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f'{" ".join(cmd)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}')
    return result.stdout


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--build', default=os.path.join(ROOT, 'build'))
    ap.add_argument('--scale', type=int, default=20, help='data set of the throughput runs')
    ap.add_argument('--duration', default='5s')
    ap.add_argument('--rounds', type=int, default=2)
    ap.add_argument('--load-scale', type=int, default=200, help='data set of the bulk load')
    ap.add_argument('--json-dir', default=None, help='keep the result documents here')
    args = ap.parse_args()

    bench = os.path.join(args.build, 'dynarock-bench')
    server = os.path.join(args.build, 'dynarock')
    dynalite = os.path.join(ROOT, 'node_modules', 'dynalite', 'cli.js')
    local = os.path.join(ROOT, 'node_modules', '.dynamodb-local')
    out_dir = args.json_dir or tempfile.mkdtemp(prefix='dynarock_figures.')
    os.makedirs(out_dir, exist_ok=True)

    targets = [f'dynarock=spawn:{server} --port {{port}} --in-memory',
               f'trivial=spawn:{bench} trivial-server --port {{port}}']
    if os.path.exists(os.path.join(local, 'DynamoDBLocal.jar')):
        targets.append(f'dynamodb-local=spawn:java -Djava.library.path={local}/DynamoDBLocal_lib '
                       f'-jar {local}/DynamoDBLocal.jar -inMemory -disableTelemetry -port {{port}}')
    if os.path.exists(dynalite):
        targets.append(f'dynalite=spawn:node {dynalite} --port {{port}}')

    def compare(name, connections, only=None, extra=()):
        path = os.path.join(out_dir, f'{name}.json')
        cmd = [bench, 'compare', '--load-scale', str(args.scale), '--scale', str(args.scale),
               '--duration', args.duration, '--rounds', str(args.rounds), '--warmup', '1s',
               '--connections', str(connections), '--quiet', '--json', path,
               '--html', os.path.join(out_dir, f'{name}.html'),
               # A peer's failed requests are in its totals, not a reason to stop.
               '--allow-errors', *extra]
        for t in targets:
            cmd += ['--target', t]
        if only:
            cmd += ['--only', only]
        print(f'... {name}', file=sys.stderr)
        run(cmd)
        with open(path) as f:
            return {r['label']: r['totals'] for r in json.load(f)['runs']}

    results = {
        'GetItem': compare('getitem', 16, 'Get customer by ID'),
        'Query (20 items)': compare('query', 16, 'Get products by category'),
        'mixed (16 patterns)': compare('mixed', 16),
    }
    single = compare('getitem_1conn', 1, 'Get customer by ID')

    print('... bulk load', file=sys.stderr)
    port_cmd = [server, '--port', '0', '--in-memory']
    proc = subprocess.Popen(port_cmd, stdout=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        endpoint = re.search(r'(http://\S+)', line).group(1)
        out = run([bench, 'load', '--endpoint', endpoint, '--scale', str(args.load_scale),
                   '--connections', '16', '--quiet'])
        m = re.match(r'loaded (\d+) items in ([\d.]+) s \((\d+) items/s\)', out)
        load_items, load_s, load_rate = int(m.group(1)), float(m.group(2)), int(m.group(3))
    finally:
        proc.terminate()
        proc.wait()

    def fmt(v, digits=0):
        return '-' if v is None else f'{v:,.{digits}f}'

    labels = list(next(iter(results.values())).keys())
    print('\n| workload (16 connections) | ' + ' | '.join(f'{l} req/s' for l in labels) +
          ' | ' + ' | '.join(f'{l} req/CPU-s' for l in labels) + ' | dynarock / trivial | ' +
          ' | '.join(f'dynarock / {l}' for l in labels if l not in ('dynarock', 'trivial')) + ' |')
    print('|---' * (2 * len(labels) + 1 + len([l for l in labels if l not in ('dynarock', 'trivial')]) + 1) + '|')
    for name, runs in results.items():
        row = [name]
        row += [fmt(runs[l]['throughput_rps']) for l in labels]
        row += [fmt(runs[l]['requests_per_server_cpu_s']) for l in labels]
        d = runs['dynarock']['throughput_rps']
        row.append(f"{d / runs['trivial']['throughput_rps']:.2f}")
        row += [f"{d / runs[l]['throughput_rps']:.0f}x" for l in labels if l not in ('dynarock', 'trivial')]
        print('| ' + ' | '.join(row) + ' |')
    p50 = {l: single[l]['latency_ns']['p50'] / 1000 for l in single}
    print('\nSingle-connection GetItem p50: ' +
          ', '.join(f'{l} {v:.0f} µs' for l, v in p50.items()) +
          f"; dynarock / trivial = {p50['dynarock'] / p50['trivial']:.2f}")
    print(f'Bulk load: {load_items:,} items in {load_s:.2f} s = {load_rate:,} items/s '
          f'(BatchWriteItem, 16 connections, two GSIs, in memory)')
    print(f'\nResult documents and HTML reports: {out_dir}')


if __name__ == '__main__':
    main()
