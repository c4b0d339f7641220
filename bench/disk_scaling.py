#!/usr/bin/env python3
"""What a request costs as the data grows: in memory at 10 thousand items
against on disk at 1.24 million (and, with --scales 2500,25000, 10 million),
and in memory at 1.24 million too, which tells what the size costs from what
the disk costs.

For each data set it starts dynarock itself, loads the seed design's data
set with `dynarock-bench load` (BatchWriteItem at 16 connections, the two
GSIs), and on disk:
  - measures GetItem during the load and after it (the load must not starve
    reads),
  - waits for the server to go idle (compactions done), stops it, starts it
    again on the same directory and times exec to the first answer (start-up
    reads only the catalog),
  - drives each operation below alone, --rounds times alternating, and
    reports server CPU time per request (from /proc, as dynarock-bench
    --server-pid does; a write's includes what the server spends after it
    until idle again: memtables written out and sorted runs merged) and the
    peak resident memory. Each round follows a warm-up of the same
    operation that lasts until its reads come from memory rather than the
    disk (Bench.warm says why); what the first seconds of it cost is
    reported apart.
Every measured server, in memory and on disk, runs at once, and each
operation's round goes from one to the next before the next operation: the
figures of a row are measured within minutes of each other, so that the
machine's drift over the half hour of a run moves them alike.

  GetItem (customer)  "Get customer by ID": zipfian, as the seed's workload
  GetItem (order)     "Get order by ID": uniform over every order
  Query (20 items)     "Get products by category" (GSI2, a page of 20)
  Query (table)       a vendor's products (uniform, about 7 items)
  GSI Query           a vendor's orders on GSI2 (uniform, about 10 items)
  PutItem (new)       a new order, in GSI1 and GSI2
  UpdateItem          SET and ADD on a random order (its index entries rewritten)

Prints a Markdown table: microseconds of server CPU per request, and each
on-disk figure's ratio to the in-memory one. The servers it measures run
with --test-controls, and it reads GET /_dynarock/storage around each
round: a second table counts, per write, the entries the storage wrote to
table files (memtables written out, and sorted runs merged, in the items'
and the indexes' column families), and the sorted runs the reads looked
in. Those are counts: unlike CPU time, they do not move with the machine.

  bench/disk_scaling.py [--build build] [--scales 2500] [--small-scale 20]
                        [--memory-scales 2500] [--duration 5s] [--rounds 2] [--data-dir DIR]

--data-dir keeps each loaded directory (DIR/scale-N) and reuses it when run
again, skipping the load.
"""

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLK_TCK = os.sysconf('SC_CLK_TCK')

CATEGORIES = ['Food & pastries', 'Home & garden', 'Arts & crafts', 'Candles',
              'Ceramics & pottery', 'Jewelry', 'Textiles & weaving']

# (name, operation, request); ${...} are dynarock-bench workload variables.
OPERATIONS = [
    ('GetItem (customer)', 'GetItem',
     {'TableName': '${table}', 'Key': {'PK': {'S': 'CUSTOMER#${customer}'}, 'SK': {'S': 'METADATA'}}}),
    ('GetItem (order)', 'GetItem',
     {'TableName': '${table}', 'Key': {'PK': {'S': 'ORDER#${order}'}, 'SK': {'S': 'METADATA'}}}),
    ('Query (20 items)', 'Query',
     {'TableName': '${table}', 'IndexName': 'GSI2',
      'KeyConditionExpression': 'GSI2PK = :pk AND begins_with(GSI2SK, :sk)',
      'ExpressionAttributeValues': {':pk': {'S': 'CATEGORY#${category}'}, ':sk': {'S': 'PRODUCT#'}},
      'Limit': 20}),
    ('Query (table)', 'Query',
     {'TableName': '${table}',
      'KeyConditionExpression': 'PK = :pk AND begins_with(SK, :sk)',
      'ExpressionAttributeValues': {':pk': {'S': 'VENDOR#${vendor}'}, ':sk': {'S': 'PRODUCT#'}},
      'Limit': 20}),
    ('GSI Query', 'Query',
     {'TableName': '${table}', 'IndexName': 'GSI2',
      'KeyConditionExpression': 'GSI2PK = :pk AND begins_with(GSI2SK, :sk)',
      'ExpressionAttributeValues': {':pk': {'S': 'VENDOR#${vendor}'}, ':sk': {'S': 'ORDER#'}},
      'Limit': 20}),
    ('PutItem (new)', 'PutItem',
     {'TableName': '${table}',
      'Item': {'PK': {'S': 'ORDER#new_${seq}_${rand}'}, 'SK': {'S': 'METADATA'},
               'GSI1PK': {'S': 'CUSTOMER#${customer}'}, 'GSI1SK': {'S': 'ORDER#new_${seq}'},
               'GSI2PK': {'S': 'VENDOR#${vendor}'}, 'GSI2SK': {'S': 'ORDER#${now}'},
               'status': {'S': 'PLACED'}, 'total': {'N': '42.50'}}}),
    ('UpdateItem', 'UpdateItem',
     {'TableName': '${table}', 'Key': {'PK': {'S': 'ORDER#${order}'}, 'SK': {'S': 'METADATA'}},
      'UpdateExpression': 'SET #s = :s, updatedAt = :t ADD revision :one',
      'ExpressionAttributeNames': {'#s': 'status'},
      'ExpressionAttributeValues': {':s': {'S': 'SHIPPED'}, ':t': {'S': '${now}'}, ':one': {'N': '1'}}}),
]


WRITES = ('PutItem', 'UpdateItem')

# Warm-up before each measured round (Bench.warm): windows of this many
# seconds, for at least WARM_MIN_S and then until one reads less than
# STEADY_READ_BYTES from the disk a request (a 16th of a page), for
# WARM_MAX_S at most.
WARM_WINDOW_S = 5
WARM_MIN_S = 15
STEADY_READ_BYTES = 256
WARM_MAX_S = 60


def workload(scale):
    """The operations above over the data set `dynarock-bench load --scale`
    writes (tools/dynarock_bench/makeriess.cc: 30N customers from cust_100,
    6N vendors from vend_200, 60N orders from ord_10000)."""
    return {
        'name': f'disk-scaling-{scale}',
        'table': 'makeriess-main-table',
        'variables': {
            'customer': {'distribution': 'zipfian', 'format': 'cust_{}', 'min': 100, 'max': 100 + 30 * scale - 1},
            'vendor': {'distribution': 'uniform', 'format': 'vend_{}', 'min': 200, 'max': 200 + 6 * scale - 1},
            'order': {'distribution': 'uniform', 'format': 'ord_{}', 'min': 10000, 'max': 10000 + 60 * scale - 1},
            'category': {'distribution': 'uniform', 'values': CATEGORIES},
        },
        'operations': [{'name': n, 'operation': op, 'request': req} for n, op, req in OPERATIONS],
    }


def fail(msg):
    sys.exit(f'disk_scaling: {msg}')


def cpu_seconds(pid):
    with open(f'/proc/{pid}/stat') as f:
        fields = f.read().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def disk_read_bytes(pid):
    """Bytes the process has had read from the storage device (page cache
    misses; /proc/PID/io), which reads served from the page cache do not
    count."""
    with open(f'/proc/{pid}/io') as f:
        for line in f:
            if line.startswith('read_bytes:'):
                return int(line.split()[1])
    return 0


def status_kb(pid, field):
    with open(f'/proc/{pid}/status') as f:
        for line in f:
            if line.startswith(field + ':'):
                return int(line.split()[1])
    return 0


class Server:
    """dynarock on a free port; stopped by PID."""

    def __init__(self, binary, args):
        self.started = time.monotonic()
        self.proc = subprocess.Popen([binary, '--port', '0', *args], stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, text=True)
        line = self.proc.stdout.readline()
        m = re.search(r'listening on (http://\S+)', line)
        if not m:
            self.proc.kill()
            fail(f'server did not start: {line!r}')
        self.endpoint = m.group(1)
        self.pid = self.proc.pid

    def first_answer_ms(self):
        """Exec to the first answered ListTables, in ms."""
        body = b'{}'
        req = urllib.request.Request(self.endpoint, data=body, headers={
            'X-Amz-Target': 'DynamoDB_20120810.ListTables',
            'Content-Type': 'application/x-amz-json-1.0',
            'Authorization': 'AWS4-HMAC-SHA256 Credential=x/20260101/us-east-1/dynamodb/aws4_request, '
                             'SignedHeaders=host, Signature=0'})
        with urllib.request.urlopen(req) as r:
            r.read()
        return (time.monotonic() - self.started) * 1000

    def wait_idle(self, quiet_s=4.0):
        """Until the server used no CPU for quiet_s (compactions done)."""
        last = cpu_seconds(self.pid)
        still = 0.0
        while still < quiet_s:
            time.sleep(1.0)
            now = cpu_seconds(self.pid)
            still = still + 1.0 if now - last < 0.02 else 0.0
            last = now

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


COUNTED = ('items', 'indexes')


def storage_report(server):
    """GET /_dynarock/storage (the server runs with --test-controls)."""
    with urllib.request.urlopen(server.endpoint + '/_dynarock/storage') as r:
        return json.load(r)


def entries_written(report):
    """Entries written to table files so far: flushed, and merged."""
    cfs = report['columnFamilies']
    return sum(cfs[c]['flushes']['entries'] + cfs[c]['merges']['entriesWritten'] for c in COUNTED)


def sorted_runs(report):
    return '/'.join(str(len(report['columnFamilies'][c]['sortedRuns'])) for c in COUNTED)


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        fail(f'{" ".join(cmd)} failed ({r.returncode}):\n{r.stdout}\n{r.stderr}')
    return r.stdout


class Bench:
    def __init__(self, args, out_dir):
        self.args = args
        self.bench = os.path.join(args.build, 'dynarock-bench')
        self.server = os.path.join(args.build, 'dynarock')
        self.out_dir = out_dir

    def workload_file(self, scale):
        path = os.path.join(self.out_dir, f'workload-{scale}.json')
        with open(path, 'w') as f:
            json.dump(workload(scale), f, indent=1)
        return path

    def load(self, server, scale):
        out = run([self.bench, 'load', '--endpoint', server.endpoint, '--scale', str(scale), '--quiet'])
        m = re.search(r'loaded (\d+) items in ([\d.]+) s', out)
        if not m:
            fail(f'unexpected load output: {out}')
        return int(m.group(1)), float(m.group(2))

    def drive(self, server, scale, only, duration, tag, warmup='1s'):
        """One operation alone: (requests, errors, server CPU s, p99 ns)."""
        path = os.path.join(self.out_dir, f'{tag}.json')
        run([self.bench, 'run', '--endpoint', server.endpoint, '--server-pid', str(server.pid),
             '--workload', self.workload_file(scale), '--only', only, '--duration', duration,
             '--warmup', warmup, '--quiet', '--json', path])
        with open(path) as f:
            doc = json.load(f)
        t = doc['totals']
        return t['requests'], t['errors'], doc['server_cpu_s'], t['latency_ns']['p99']

    def warm(self, server, scale, name, op, tag):
        """Drives the operation, unmeasured, in windows of WARM_WINDOW_S:
        for WARM_MIN_S, then until its reads come from memory (a window has
        the disk read less than STEADY_READ_BYTES a request), or for
        WARM_MAX_S at most.

        A server that sat idle while the others were measured has caches
        that the operations before it filled: the item cache and the block
        cache hold what those read, and the kernel's page cache may hold
        none of its files (it keeps a file's pages only while they are
        used: this machine's DAMON reclaim pages out file pages it sees
        untouched for a minute, any kernel does under memory pressure, and
        after a reboot nothing is cached). Its first requests then read
        their blocks from the device, which costs CPU of its own: on this
        virtual machine, a page read cost about 60 µs of the server's CPU
        (the virtio queue's notification exits to the host). That is the
        price of a cold cache, paid once per item or page, not what a
        request costs at that data size; the measured round comes after
        it, and this reports it apart: (µs of server CPU a request and
        disk bytes read a request in the first window, seconds warmed)."""
        first = None
        waited = 0.0
        while True:
            read0 = disk_read_bytes(server.pid)
            req, _, cpu, _ = self.drive(server, scale, name, f'{WARM_WINDOW_S}s', tag, warmup='0s')
            read = disk_read_bytes(server.pid) - read0
            waited += WARM_WINDOW_S
            per_req = read / max(req, 1)
            if first is None:
                first = (cpu * 1e6 / max(req, 1), per_req)
            if waited >= WARM_MAX_S or (waited >= WARM_MIN_S and per_req < STEADY_READ_BYTES):
                break
        if op in WRITES:
            server.wait_idle()  # what the warm-up's writes left is not the round's
        return first[0], first[1], waited

    def measure(self, subjects):
        """Each operation's server CPU microseconds per request on each
        subject (label, server, scale, tag: the name of its result
        documents). The rounds go through the operations in order, and each
        operation's round goes from one server to the next before the next
        operation: every column's figure is measured within a few minutes
        of the others', so that a machine that runs slower for a while
        slows them alike. After a write operation each
        server is left to go idle, and the CPU it spends meanwhile (writing
        memtables out, merging the sorted runs the writes left) is charged
        to the writes, not to the reads that come next."""
        # Per subject and operation: requests, errors, CPU, CPU while running.
        totals = {label: {n: [0, 0, 0.0, 0.0] for n, _, _ in OPERATIONS} for label, _, _, _ in subjects}
        # Entries written to table files a request (writes), or the sorted
        # runs of items/indexes each round began with (reads); then bytes
        # read from the disk in the measured rounds.
        counts = {label: {n: [0, [], 0] for n, _, _ in OPERATIONS} for label, _, _, _ in subjects}
        # The first round's warm-up: (µs a request, disk bytes a request in
        # its first window, seconds warmed).
        cold = {label: {} for label, _, _, _ in subjects}
        for r in range(self.args.rounds):
            for i, (name, op, _) in enumerate(OPERATIONS):
                for label, server, scale, tag in subjects:
                    print(f'... {label}: {name} (round {r + 1})', file=sys.stderr)
                    t, c = totals[label][name], counts[label][name]
                    warmed = self.warm(server, scale, name, op, f'{tag}-{i}-{r}-warm')
                    if r == 0:
                        cold[label][name] = warmed
                    report = storage_report(server)
                    read0 = disk_read_bytes(server.pid)
                    req, err, cpu, _ = self.drive(server, scale, name, self.args.duration, f'{tag}-{i}-{r}')
                    c[2] += disk_read_bytes(server.pid) - read0
                    t[3] += cpu
                    if op in WRITES:
                        before = cpu_seconds(server.pid)
                        server.wait_idle()
                        cpu += cpu_seconds(server.pid) - before
                        c[0] += entries_written(storage_report(server)) - entries_written(report)
                    else:
                        c[1].append(sorted_runs(report))
                    t[0] += req
                    t[1] += err
                    t[2] += cpu
        out = {}
        for label, _, _, _ in subjects:
            out[label] = {}
            for n, op, _ in OPERATIONS:
                req, err, cpu, running = totals[label][n]
                written, runs, read = counts[label][n]
                count = f'{written / req:.1f}' if req and not runs else ', '.join(runs)
                us, first_read, waited = cold[label][n]
                warm = (f'{us:.0f} µs, {first_read:,.0f} B; {waited:.0f} s; '
                        f'{read / req if req else 0:,.0f} B')
                # A write's CPU while it ran besides its CPU with what it left to do.
                out[label][n] = (cpu * 1e6 / req if req else None, err, count,
                                 running * 1e6 / req if req and op in WRITES else None, warm)
        return out

    def reads_during_load(self, server, scale):
        """GetItem windows of 3 s while the load runs: requests/s and p99."""
        windows = []
        done = threading.Event()

        def reader():
            k = 0
            while not done.is_set():
                req, err, cpu, p99 = self.drive(server, scale, 'GetItem (order)', '3s', f'during-{scale}-{k}')
                windows.append((req / 3.0, p99))
                k += 1

        t = threading.Thread(target=reader)
        t.start()
        items, seconds = self.load(server, scale)
        done.set()
        t.join()
        return items, seconds, windows


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--build', default=os.path.join(ROOT, 'build'))
    ap.add_argument('--scales', default='2500', help='on-disk data sets, comma-separated (2500: 1.24M items)')
    ap.add_argument('--small-scale', type=int, default=20, help='the in-memory data set (20: 10 thousand items)')
    ap.add_argument('--memory-scales', default='2500',
                    help='in-memory data sets measured besides --small-scale, comma-separated: what the '
                         'size costs without the disk (empty: none)')
    ap.add_argument('--duration', default='5s')
    ap.add_argument('--rounds', type=int, default=2)
    ap.add_argument('--data-dir', default=None, help='keep and reuse loaded directories here')
    ap.add_argument('--json-dir', default=None, help='keep the result documents here')
    args = ap.parse_args()

    out_dir = args.json_dir or tempfile.mkdtemp(prefix='dynarock_scaling.')
    os.makedirs(out_dir, exist_ok=True)
    if args.data_dir:
        os.makedirs(args.data_dir, exist_ok=True)
    b = Bench(args, out_dir)
    columns = []  # (label, title, notes); costs come from the interleaved rounds
    subjects = []  # (label, server, scale, tag) measured together
    temporary = []  # data directories made here, removed at the end

    # The on-disk data sets first, one at a time: each loaded (with reads
    # alongside), left to go idle, and stopped.
    disk = []  # (scale, path, items, notes)
    for scale in [int(s) for s in args.scales.split(',')]:
        keep = args.data_dir is not None
        path = os.path.join(args.data_dir, f'scale-{scale}') if keep else tempfile.mkdtemp(prefix='dynarock_data.')
        if not keep:
            temporary.append(path)
        notes = {}
        loaded = keep and os.path.exists(os.path.join(path, 'CURRENT'))
        items = None
        if not loaded:
            shutil.rmtree(path, ignore_errors=True)
            srv = Server(b.server, ['--db-path', path])
            print(f'... loading scale {scale}', file=sys.stderr)
            items, seconds, windows = b.reads_during_load(srv, scale)
            notes['load'] = f'{items / seconds:,.0f} items/s ({items:,} items in {seconds:.1f} s)'
            if windows:
                rps = sorted(w[0] for w in windows)[len(windows) // 2]
                p99 = sorted(w[1] for w in windows)[len(windows) // 2]
                notes['GetItem during load'] = f'{rps:,.0f} req/s, p99 {p99 / 1e6:.1f} ms (median of {len(windows)} windows)'
            t0 = time.monotonic()
            req, _, _, p99 = b.drive(srv, scale, 'GetItem (order)', '3s', f'after-{scale}')
            notes['GetItem right after load'] = f'{req / 3.0:,.0f} req/s, p99 {p99 / 1e6:.1f} ms'
            srv.wait_idle()
            notes['compaction after load'] = f'{time.monotonic() - t0:.0f} s to idle'
            notes['peak RSS during load'] = f'{status_kb(srv.pid, "VmHWM") // 1024} MB'
            srv.stop()
        disk.append((scale, path, items, notes))

    # Then every server measured, all running at once: in memory (each
    # loaded, and left to go idle as on disk: the load's memtables written
    # out, its runs merged), and on disk (the database closed and opened
    # again).
    memory_scales = [args.small_scale] + [int(s) for s in args.memory_scales.split(',') if s]
    try:
        for scale in memory_scales:
            srv = Server(b.server, ['--in-memory', '--test-controls'])
            label = f'memory, scale {scale}'
            subjects.append((label, srv, scale, f'memory-{scale}'))
            print(f'... loading scale {scale} in memory', file=sys.stderr)
            items, _ = b.load(srv, scale)
            srv.wait_idle()
            columns.append((label, f'memory, {items:,} items', {}))
        for scale, path, items, notes in disk:
            size = sum(os.path.getsize(os.path.join(path, f)) for f in os.listdir(path))
            srv = Server(b.server, ['--db-path', path, '--test-controls'])
            label = f'disk, scale {scale}'
            subjects.append((label, srv, scale, f'disk-{scale}'))
            notes['start-up'] = (f'{srv.first_answer_ms():.0f} ms to the first answer, '
                                 f'{status_kb(srv.pid, "VmRSS") // 1024} MB resident')
            notes['on disk'] = f'{size / 1e6:,.0f} MB'
            columns.append((label, label if items is None else f'disk, {items:,} items', notes))
        measured = b.measure(subjects)
    finally:
        for (_, srv, _, _), (_, _, notes) in zip(subjects, columns):
            notes['peak RSS'] = f'{status_kb(srv.pid, "VmHWM") // 1024} MB'
        for _, srv, _, _ in subjects:
            srv.stop()
        for path in temporary:
            shutil.rmtree(path, ignore_errors=True)
    columns = [(title, measured[label], notes) for label, title, notes in columns]

    base = columns[0][1]
    header = ['operation (µs of server CPU a request; writes: while running / with what they left to do)'] + [c[0] for c in columns]
    print('| ' + ' | '.join(header) + ' |')
    print('|' + '---|' * len(header))
    for name, _, _ in OPERATIONS:
        cells = [name]
        for i, (_, costs, _) in enumerate(columns):
            us, err, _, running, _ = costs[name]
            cell = '—' if us is None else f'{us:.1f}'
            if i > 0 and us is not None and base[name][0]:
                cell += f' ({us / base[name][0]:.2f}x)'
            if running is not None:
                cell = f'{running:.1f}' + (f' ({running / base[name][3]:.2f}x)' if i > 0 and base[name][3] else '') + ' / ' + cell
            if err:
                cell += f' [{err} errors]'
            cells.append(cell)
        print('| ' + ' | '.join(cells) + ' |')
    print()

    def text_table(title, field):
        """A table of each column's text cells: field `field` of what Bench.measure returns."""
        header = [title] + [c[0] for c in columns]
        print('| ' + ' | '.join(header) + ' |')
        print('|' + '---|' * len(header))
        for name, _, _ in OPERATIONS:
            print('| ' + ' | '.join([name] + [costs[name][field] for _, costs, _ in columns]) + ' |')
        print()

    text_table('operation: entries written to table files a write / sorted runs '
               '(items/indexes) each round of reads began with', 2)
    text_table('operation: the first warm-up window (µs of server CPU and bytes read from the disk a request); '
               'seconds warmed; bytes read from the disk a request in the measured rounds', 4)
    for label, _, notes in columns:
        for k, v in notes.items():
            print(f'- {label}: {k}: {v}')
    print(f'\n(result documents in {out_dir})')


if __name__ == '__main__':
    main()
