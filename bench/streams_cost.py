#!/usr/bin/env python3
"""What streams and TTL cost the requests of the seed design's workload.

Starts dynarock itself (in memory, or on disk with --data-dir), loads the
seed design's data set (`dynarock-bench load --scale N`), then drives
dynarock-bench's default workload (the seed's access patterns, reads and
writes mixed) in three configurations, --rounds times alternating:

  plain     no stream, no TTL
  stream    a NEW_AND_OLD_IMAGES stream on the table: every write also
            writes its record, numbered under the stream's lock
  ttl       TTL enabled on an attribute no item has: the sweep reads the
            whole table again and again (--ttl-interval 1) while requests run

each with two workloads: the default (the seed's sixteen patterns, all
reads: a stream costs them nothing by construction, TTL's sweep may) and
writes (half PutItem of a new order, half UpdateItem of an order, each in
GSI1 and GSI2: disk_scaling.py's two write operations). It reports, per
configuration and workload, requests per second and requests per server
CPU-second (from /proc, as dynarock-bench --server-pid counts them), with
each one's ratio to plain. Each run starts once the server is idle (the
flushes and compactions of the run before are done).

  bench/streams_cost.py [--build build] [--scale 250] [--duration 10s]
                        [--rounds 3] [--data-dir DIR]
"""

import argparse
import json
import os
import re
import sys
import tempfile
import time
import urllib.request

import boto3

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import disk_scaling  # noqa: E402  (its workload's write operations)

WRITES = 'PutItem (new),UpdateItem'

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TABLE = 'makeriess-main-table'


fail = disk_scaling.fail
run = disk_scaling.run
Server = disk_scaling.Server


def wait_idle(pid, quiet_s=2.0):
    """Until the server used no CPU for quiet_s: the writes of one run
    leave flushes and compactions that must not be billed to the next."""
    last = disk_scaling.cpu_seconds(pid)
    still = 0.0
    while still < quiet_s:
        time.sleep(0.5)
        now = disk_scaling.cpu_seconds(pid)
        still = still + 0.5 if now - last < 0.01 else 0.0
        last = now


def advance_clock(endpoint, seconds):
    req = urllib.request.Request(endpoint + '/_dynarock/clock', method='POST',
                                 data=json.dumps({'advance': seconds}).encode())
    with urllib.request.urlopen(req) as r:
        r.read()


def configure(ddb, endpoint, config, state):
    """Puts the table in `config`, from what `state` says it is in."""
    want_stream = config == 'stream'
    want_ttl = config == 'ttl'
    if state.get('stream', False) != want_stream:
        spec = ({'StreamEnabled': True, 'StreamViewType': 'NEW_AND_OLD_IMAGES'}
                if want_stream else {'StreamEnabled': False})
        ddb.update_table(TableName=TABLE, StreamSpecification=spec)
        state['stream'] = want_stream
    if state.get('ttl', False) != want_ttl:
        # The service takes an hour to apply a TTL change, and refuses
        # another meanwhile: the clock moves past it.
        advance_clock(endpoint, 3601)
        ddb.update_time_to_live(TableName=TABLE, TimeToLiveSpecification={
            'Enabled': want_ttl, 'AttributeName': 'expiresAt'})
        state['ttl'] = want_ttl


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--build', default=os.path.join(ROOT, 'build'))
    p.add_argument('--scale', type=int, default=250)
    p.add_argument('--duration', default='10s')
    p.add_argument('--rounds', type=int, default=3)
    p.add_argument('--data-dir', help='run on disk in this (new) directory')
    args = p.parse_args()

    bench = os.path.join(args.build, 'dynarock-bench')
    storage = ['--in-memory'] if not args.data_dir else ['--db-path', args.data_dir]
    server = Server(os.path.join(args.build, 'dynarock'), [*storage, '--ttl-interval', '1', '--test-controls'])
    out_dir = tempfile.mkdtemp(prefix='streams_cost.')
    try:
        out = run([bench, 'load', '--endpoint', server.endpoint, '--scale', str(args.scale), '--quiet'])
        m = re.search(r'loaded (\d+) items', out)
        items = int(m.group(1)) if m else None
        ddb = boto3.client('dynamodb', endpoint_url=server.endpoint, region_name='us-east-1',
                           aws_access_key_id='bench', aws_secret_access_key='bench')
        configs = ['plain', 'stream', 'ttl']
        workloads = ['default', 'writes']
        write_file = os.path.join(out_dir, 'writes.json')
        with open(write_file, 'w') as f:
            json.dump(disk_scaling.workload(args.scale), f)
        # requests, CPU s, wall s per (configuration, workload)
        totals = {(c, w): [0, 0.0, 0.0] for c in configs for w in workloads}
        state = {}
        for r in range(args.rounds):
            for c in configs:
                configure(ddb, server.endpoint, c, state)
                for w in workloads:
                    path = os.path.join(out_dir, f'{c}-{w}-{r}.json')
                    print(f'... {c}, {w} (round {r + 1})', file=sys.stderr)
                    wait_idle(server.pid)
                    which = (['--scale', str(args.scale)] if w == 'default'
                             else ['--workload', write_file, '--only', WRITES])
                    run([bench, 'run', '--endpoint', server.endpoint, '--server-pid',
                         str(server.pid), *which, '--duration', args.duration,
                         '--warmup', '1s', '--quiet', '--json', path])
                    with open(path) as f:
                        doc = json.load(f)
                    t = doc['totals']
                    if t['errors']:
                        fail(f'{c}, {w}: {t["errors"]} requests failed')
                    totals[(c, w)][0] += t['requests']
                    totals[(c, w)][1] += doc['server_cpu_s']
                    totals[(c, w)][2] += doc['duration_s']
    finally:
        server.stop()

    where = f'on disk ({args.data_dir})' if args.data_dir else 'in memory'
    print(f'\n{items} items {where}, {args.rounds} x {args.duration} per configuration and workload\n')
    print('| workload | configuration | requests/s | requests per server CPU-second | vs plain |')
    print('|---|---|---:|---:|---:|')
    for w in workloads:
        base = totals[('plain', w)][0] / totals[('plain', w)][1]
        for c in configs:
            req, cpu, wall = totals[(c, w)]
            per_cpu = req / cpu
            print(f'| {w} | {c} | {req / wall:,.0f} | {per_cpu:,.0f} | {per_cpu / base:.2f} |')


if __name__ == '__main__':
    main()
