"""dynarock-bench from the command line, against a dynarock server, checked
with boto3: load, run (the default workload and a user's), the result
document and HTML report, compare with spawned servers, and its errors."""

import http.client
import http.server
import json
import math
import os
import re
import ssl
import subprocess
import tempfile
import threading
import unittest
import zlib

import harness

BENCH = os.environ.get('DYNAROCK_BENCH_BIN')
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DYNALITE = os.path.join(REPO, 'node_modules', 'dynalite', 'cli.js')
DYNAMODB_LOCAL = os.path.join(REPO, 'node_modules', '.dynamodb-local')
TABLE = 'makeriess-main-table'


def setUpModule():
    if not BENCH:
        raise unittest.SkipTest('DYNAROCK_BENCH_BIN is not set')
    harness.start_module_server()


def tearDownModule():
    harness.stop_module_server()


def bench(*args, check=True, timeout=300):
    result = subprocess.run([BENCH, *args], capture_output=True, text=True, timeout=timeout,
                            env={**os.environ, 'AWS_ACCESS_KEY_ID': 'AKIDEXAMPLE',
                                 'AWS_SECRET_ACCESS_KEY': 'secret'})
    if check and result.returncode != 0:
        raise AssertionError(f'dynarock-bench {" ".join(args)} exited {result.returncode}\n'
                             f'stdout:\n{result.stdout}\nstderr:\n{result.stderr}')
    return result


def load_json(path):
    with open(path, encoding='utf-8') as f:
        return json.load(f)


def read_text(path):
    with open(path, encoding='utf-8') as f:
        return f.read()


class BenchToolTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.ddb = harness.client()
        cls.tmp = tempfile.TemporaryDirectory(prefix='dynarock_bench_cli.')
        out = bench('load', '--endpoint', harness.endpoint(), '--scale', '2', '--quiet').stdout
        m = re.match(r'loaded (\d+) items in [\d.]+ s \(\d+ items/s\) into makeriess-main-table '
                     r'\(created\) at http://127\.0\.0\.1:\d+: (\d+) batches, 0 retries\n$', out)
        assert m, out
        cls.loaded = int(m.group(1))
        cls.batches = int(m.group(2))

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def path(self, name):
        return os.path.join(self.tmp.name, name)

    def test_load_wrote_every_item_with_both_indexes(self):
        self.assertEqual(self.batches, (self.loaded + 24) // 25)
        scan = self.ddb.get_paginator('scan').paginate(TableName=TABLE, Select='COUNT')
        self.assertEqual(sum(page['Count'] for page in scan), self.loaded)
        table = self.ddb.describe_table(TableName=TABLE)['Table']
        self.assertEqual(table['KeySchema'], [{'AttributeName': 'PK', 'KeyType': 'HASH'},
                                              {'AttributeName': 'SK', 'KeyType': 'RANGE'}])
        self.assertEqual(sorted(ix['IndexName'] for ix in table['GlobalSecondaryIndexes']),
                         ['GSI1', 'GSI2'])
        # The seed's own example: CUSTOMER#cust_123's orders.
        orders = self.ddb.query(TableName=TABLE, KeyConditionExpression='PK = :pk AND begins_with(SK, :sk)',
                                ExpressionAttributeValues={':pk': {'S': 'CUSTOMER#cust_123'},
                                                           ':sk': {'S': 'ORDER#'}})
        self.assertGreater(orders['Count'], 0)

    def test_run_default_workload_reports_every_pattern(self):
        pid = harness.server().process.pid
        out = bench('run', '--endpoint', harness.endpoint(), '--scale', '2', '--requests', '2000',
                    '--connections', '8', '--warmup', '0', '--quiet', '--server-pid', str(pid),
                    '--label', 'dynarock', '--json', self.path('run.json'),
                    '--html', self.path('run.html')).stdout
        doc = load_json(self.path('run.json'))
        self.assertEqual(doc['tool'], 'dynarock-bench')
        self.assertEqual(doc['version'], bench('--version').stdout.strip())
        self.assertEqual(doc['label'], 'dynarock')
        self.assertEqual(doc['workload'], 'makeriess')
        self.assertEqual(doc['mode'], 'closed')
        self.assertEqual(doc['connections'], 8)
        self.assertEqual(doc['totals']['requests'], 2000)
        self.assertEqual(doc['totals']['errors'], 0)
        self.assertGreater(doc['server_cpu_s'], 0)
        self.assertGreater(doc['driver_cpu_s'], 0)
        self.assertGreater(doc['totals']['requests_per_server_cpu_s'], 0)
        ops = doc['operations']
        self.assertEqual(len(ops), 16)
        self.assertEqual([o['name'] for o in ops][:4],
                         ['Get customer by ID', 'Get customer by email', 'Get customer orders',
                          'Get customer favorites'])
        for op in ops:
            with self.subTest(op['name']):
                self.assertGreater(op['requests'], 0)
                self.assertEqual(op['errors'], {})
                lat = op['latency_ns']
                self.assertTrue(0 < lat['min'] <= lat['p50'] <= lat['p90'] <= lat['p99'] <= lat['p999'] <= lat['max'])
                self.assertGreater(op['rcu_per_request'], 0)
                self.assertEqual(op['wcu_per_request'], 0)
                expected = op['share'] * 100 * 730 * 3600 * op['rcu_per_request'] * 0.125 / 1e6
                self.assertAlmostEqual(op['monthly_cost_usd'], expected, delta=0.01)
                self.assertTrue(op['hot_partitions'])
        gets = [o for o in ops if o['operation'] == 'GetItem']
        self.assertEqual(len(gets), 4)
        for op in gets:
            self.assertEqual(op['rcu_per_request'], 0.5)
            self.assertEqual(op['items_per_request'], 1)
        recent = ops[15]
        self.assertEqual(recent['index'], 'GSI2')
        self.assertEqual(recent['hot_partitions'], [{'partition': 'GSI2 ORDER', 'requests': recent['requests'],
                                                     'share': 1.0}])
        self.assertEqual(recent['items_per_request'], 20)
        self.assertIn('Get recent orders', out)
        self.assertIn('hot partitions:', out)
        html = read_text(self.path('run.html'))
        self.assertTrue(html.startswith('<!DOCTYPE html>'), html[:100])
        self.assertIn('Get vendor orders (GSI2)', html)
        self.assertIn('<svg', html)

    def test_user_workload_writes_through_the_api(self):
        table = harness.unique_table_name('bench_')
        self.ddb.create_table(TableName=table, BillingMode='PAY_PER_REQUEST',
                              AttributeDefinitions=[{'AttributeName': 'id', 'AttributeType': 'S'}],
                              KeySchema=[{'AttributeName': 'id', 'KeyType': 'HASH'}])
        with open(self.path('w.yaml'), 'w') as f:
            f.write('name: counters\n'
                    'variables:\n'
                    '  c: {distribution: zipfian, theta: 0.8, format: "c{}", min: 1, max: 5}\n'
                    'operations:\n'
                    '  - name: bump\n'
                    '    operation: UpdateItem\n'
                    '    request:\n'
                    '      TableName: "${table}"\n'
                    '      Key: {id: {S: "${c}"}}\n'
                    '      UpdateExpression: "ADD n :one"\n'
                    '      ExpressionAttributeValues: {":one": {N: "1"}}\n')
        bench('run', '--endpoint', harness.endpoint(), '--workload', self.path('w.yaml'), '--table', table,
              '--requests', '500', '--connections', '4', '--warmup', '0', '--quiet',
              '--json', self.path('w.json'))
        doc = load_json(self.path('w.json'))
        op = doc['operations'][0]
        self.assertEqual(op['requests'], 500)
        self.assertEqual(op['errors'], {})
        self.assertEqual(op['wcu_per_request'], 1)
        self.assertIsNone(op['index'])
        items = self.ddb.scan(TableName=table)['Items']
        self.assertEqual(sum(int(i['n']['N']) for i in items), 500)
        counts = {i['id']['S']: int(i['n']['N']) for i in items}
        # Zipfian: c1 is the most popular, and the report says so.
        self.assertEqual(max(counts, key=counts.get), 'c1')
        hot = {p['partition']: p['requests'] for p in op['hot_partitions']}
        self.assertEqual(hot, counts)

    def test_workload_command_prints_the_default_workload(self):
        out = bench('workload', '--scale', '3').stdout
        self.assertEqual(out.count('  - name: '), 16)
        self.assertIn('customer: {distribution: zipfian, format: "cust_{}", min: 100, max: 189}', out)
        # What it prints is a workload the tool runs as it is.
        with open(self.path('default.yaml'), 'w') as f:
            f.write(out)
        bench('run', '--endpoint', harness.endpoint(), '--workload', self.path('default.yaml'),
              '--requests', '100', '--warmup', '0', '--quiet', '--json', self.path('d.json'))
        self.assertEqual(load_json(self.path('d.json'))['totals']['errors'], 0)

    def test_compare_spawns_alternates_and_prints_ratios(self):
        out = bench('compare',
                    '--target', f'dynarock=spawn:{harness.server().binary} --port {{port}} --in-memory',
                    '--target', f'trivial=spawn:{BENCH} trivial-server --port {{port}}',
                    '--load-scale', '1', '--scale', '1', '--requests', '300', '--rounds', '2',
                    '--connections', '4', '--warmup', '0', '--quiet', '--json', self.path('cmp.json'),
                    '--html', self.path('cmp.html')).stdout
        doc = load_json(self.path('cmp.json'))
        self.assertTrue(doc['compare'])
        self.assertEqual(doc['baseline'], 'dynarock')
        self.assertEqual([r['label'] for r in doc['runs']], ['dynarock', 'trivial'])
        dyn, trivial = doc['runs']
        self.assertEqual(dyn['totals']['requests'], 600)  # two rounds of 300
        self.assertEqual(dyn['totals']['errors'], 0)
        # CPU time comes in clock ticks (10 ms): known, perhaps zero.
        self.assertGreaterEqual(dyn['server_cpu_s'], 0)
        self.assertIsNone(dyn['target_rate'])
        # The trivial server answers {} to everything: no capacity, no cost.
        self.assertEqual(trivial['totals']['errors'], 0)
        self.assertIsNone(trivial['cost'])
        self.assertIsNone(trivial['operations'][0]['rcu_per_request'])
        # Every ratio is the other run's over the first's, as in the HTML.
        self.assertIn('trivial/dynarock req/s', out)
        self.assertIn('trivial/dynarock p50', out)
        self.assertNotIn('dynarock/trivial', out)
        html = read_text(self.path('cmp.html'))
        self.assertIn('trivial', html)

    def test_compare_with_other_emulators(self):
        # DynamoDB Local and dynalite (installed by the test command) are
        # the other emulators: the same load and workload run there
        # unchanged, and compare measures them side by side.
        if not os.path.exists(DYNALITE) or not os.path.exists(os.path.join(DYNAMODB_LOCAL, 'DynamoDBLocal.jar')):
            self.skipTest('dynalite or DynamoDB Local is not installed (tools/dev.sh test installs them)')
        local = (f'java -Djava.library.path={DYNAMODB_LOCAL}/DynamoDBLocal_lib '
                 f'-jar {DYNAMODB_LOCAL}/DynamoDBLocal.jar -inMemory -disableTelemetry -port {{port}}')
        bench('compare',
              '--target', f'dynarock=spawn:{harness.server().binary} --port {{port}} --in-memory',
              '--target', f'dynalite=spawn:node {DYNALITE} --port {{port}}',
              '--target', f'dynamodb-local=spawn:{local}',
              '--load-scale', '1', '--scale', '1', '--requests', '320', '--rounds', '1',
              '--connections', '4', '--warmup', '0', '--quiet', '--json', self.path('peer.json'))
        doc = load_json(self.path('peer.json'))
        self.assertEqual([r['label'] for r in doc['runs']], ['dynarock', 'dynalite', 'dynamodb-local'])
        for run in doc['runs']:
            with self.subTest(run['label']):
                self.assertEqual(run['totals']['requests'], 320)
                self.assertEqual(run['totals']['errors'], 0)
                self.assertEqual(len(run['operations']), 16)
                self.assertIsNotNone(run['server_cpu_s'])
                for op in run['operations']:
                    self.assertGreater(op['items_per_request'], 0, op['name'])
                    self.assertGreater(op['rcu_per_request'], 0, op['name'])

    def test_errors_are_clear_and_exit_non_zero(self):
        r = bench('run', '--endpoint', 'http://127.0.0.1:1', '--requests', '10', '--quiet', check=False)
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stderr, 'dynarock-bench: cannot reach http://127.0.0.1:1: connect: Connection refused\n')
        r = bench('run', '--bogus', check=False)
        self.assertEqual(r.returncode, 2)
        self.assertEqual(r.stderr, "dynarock-bench: unknown option '--bogus'\n"
                                   "Run 'dynarock-bench --help' for usage.\n")
        r = bench('run', '--duration', 'soon', check=False)
        self.assertEqual(r.returncode, 2)
        self.assertEqual(r.stderr, "dynarock-bench: --duration: 'soon' is not a duration (10s, 500ms, 2m)\n"
                                   "Run 'dynarock-bench --help' for usage.\n")
        with open(self.path('bad.yaml'), 'w') as f:
            f.write('operations:\n  - {name: a, operation: GetItem, weight: -1, request: {}}\n')
        r = bench('run', '--workload', self.path('bad.yaml'), check=False)
        self.assertEqual(r.returncode, 2)
        self.assertEqual(r.stderr, f"dynarock-bench: workload: {self.path('bad.yaml')}: "
                                   "operations[0] (a): 'weight' must be a positive number\n")
        r = bench('load', '--endpoint', harness.endpoint(), '--table', 'no-such-table', '--no-create',
                  '--quiet', check=False)
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stderr, 'dynarock-bench: table no-such-table does not exist (leave out --no-create)\n')
        r = bench('nonsense', check=False)
        self.assertEqual(r.returncode, 2)
        self.assertEqual(r.stderr, "dynarock-bench: unknown command 'nonsense'\n"
                                   "Run 'dynarock-bench --help' for usage.\n")


class CommandLineTest(unittest.TestCase):
    """The command line: generated help for the tool and each command, and
    its errors (exit status 2, a message and where to find the usage)."""

    HELP = (
        'Benchmarks DynamoDB access patterns against any endpoint: dynarock, DynamoDB\n'
        'Local, another emulator, or the real service (requests are signed with SigV4).\n'
        '\n'
        'Usage: dynarock-bench [OPTIONS] COMMAND\n'
        '\n'
        'Options:\n'
        '  -h,--help             print this help and exit\n'
        '  --version             print the version and the commit built, and exit\n'
        '\n'
        'Commands:\n'
        "  load                  create the seed's table and load the Makeriess data set\n"
        '  run                   drive a workload and report each access pattern\n'
        '  compare               run one workload against several endpoints in turn\n'
        "  workload              print the default workload: the seed's access patterns\n"
        '  items                 print the data set that load writes, one item a line\n'
        '  trivial-server        a server answering 200 "{}" to anything: the ceiling\n'
        '\n'
        "Run 'dynarock-bench COMMAND --help' for a command's options.\n")

    CREDENTIALS = ('--region', '--profile', '--table', '--ca-bundle')
    MEASUREMENT = ('--workload', '--scale', '--only', '--connections', '--threads', '--rate',
                   '--duration', '--requests', '--allow-errors', '--warmup', '--seed', '--quiet', '--cost-rate',
                   '--table-class', '--price-file', '--seed-prices', '--read-price', '--write-price', '--json',
                   '--html')
    OPTIONS = {
        'load': ('--endpoint',) + CREDENTIALS + ('--scale', '--connections', '--no-create', '--quiet'),
        'run': ('--endpoint', '--server-pid', '--label') + CREDENTIALS + MEASUREMENT,
        'compare': ('--target', '--rounds', '--load-scale') + CREDENTIALS + MEASUREMENT,
        'workload': ('--scale', '--table'),
        'items': ('--scale',),
        'trivial-server': ('--port', '--host', '--threads'),
    }
    DESCRIPTIONS = {
        'load': "create the seed's table and load the Makeriess data set",
        'run': 'drive a workload and report each access pattern',
        'compare': 'run one workload against several endpoints in turn',
        'workload': "print the default workload: the seed's access patterns",
        'items': 'print the data set that load writes, one item a line',
        'trivial-server': 'a server answering 200 "{}" to anything: the ceiling',
    }

    def assert_usage_error(self, args, message):
        r = bench(*args, check=False)
        self.assertEqual((r.returncode, r.stdout, r.stderr),
                         (2, '', f"dynarock-bench: {message}\nRun 'dynarock-bench --help' for usage.\n"))

    def test_version(self):
        r = bench('--version')
        self.assertEqual(r.stderr, '')
        self.assertRegex(r.stdout, r'^dynarock-bench \d+\.\d+\.\d+ \(commit ([0-9a-f]{12}(\+changes)?|unknown)\)\n$')

    def test_help_lists_every_command(self):
        for args in (['--help'], ['-h'], ['help']):
            with self.subTest(args=args):
                r = bench(*args)
                self.assertEqual((r.stdout, r.stderr), (self.HELP, ''))

    def test_each_command_has_its_own_help(self):
        for command, options in self.OPTIONS.items():
            with self.subTest(command=command):
                r = bench(command, '--help')
                self.assertEqual(r.stderr, '')
                self.assertTrue(r.stdout.startswith(
                    f'{self.DESCRIPTIONS[command]}\n'
                    '\n'
                    f'Usage: dynarock-bench {command} [OPTIONS]\n'
                    '\n'
                    'Options:\n'
                    '  -h,--help             print this help and exit\n'), msg=r.stdout)
                listed = re.findall(r'(?m)^  (--[a-z-]+)', r.stdout)
                self.assertEqual(sorted(listed), sorted(options))
                self.assertEqual(bench(command, '-h').stdout, r.stdout)
                self.assertEqual(bench('help', command).stdout, r.stdout)
        self.assertEqual(bench('trivial-server', '--help').stdout,
                         'a server answering 200 "{}" to anything: the ceiling\n'
                         '\n'
                         'Usage: dynarock-bench trivial-server [OPTIONS]\n'
                         '\n'
                         'Options:\n'
                         '  -h,--help             print this help and exit\n'
                         '  --port N              port (default 8001; 0 picks one)\n'
                         '  --host H              address (default 127.0.0.1)\n'
                         '  --threads N           threads serving connections (default 0: one per\n'
                         '                        core)\n')

    def test_option_values_either_way(self):
        spaced = bench('workload', '--scale', '2', '--table', 'T').stdout
        self.assertIn('\ntable: "T"\n', spaced)
        self.assertIn('max: 159}', spaced)  # scale 2: customers 100 to 159
        self.assertEqual(bench('workload', '--scale=2', '--table=T').stdout, spaced)
        # The last of an option given twice counts.
        self.assertEqual(bench('workload', '--scale', '5', '--table=T', '--scale=2').stdout, spaced)
        # A value is the value, whatever it looks like.
        self.assertIn('\ntable: "--scale"\n', bench('workload', '--table', '--scale').stdout)

    def test_errors(self):
        self.assert_usage_error([], 'a command is required')
        self.assert_usage_error(['--bogus'], "unknown command '--bogus'")
        self.assert_usage_error(['workload', '--bogus', '1'], "unknown option '--bogus'")
        self.assert_usage_error(['workload', 'extra'], "unknown option 'extra'")
        self.assert_usage_error(['workload', '--scale'], '--scale needs a value')
        self.assert_usage_error(['run', '--quiet', '--scale', '0'], '--scale: 0 is less than 1')
        self.assert_usage_error(['load', '--connections=many'],
                                "--connections: 'many' is not a whole number")
        self.assert_usage_error(['trivial-server', '--port', '70000'],
                                '--port: 70000 is more than 65535')
        self.assert_usage_error(['run', '--rate', '0'], '--rate: 0 is not positive')
        self.assert_usage_error(['run', '--read-price', 'free'], "--read-price: 'free' is not a number")
        self.assert_usage_error(['run', '--warmup', '-1s'], '--warmup: -1s is negative')
        self.assert_usage_error(['run', '--duration', '0'], '--duration must be positive')
        self.assert_usage_error(['compare', '--rounds', '2'], '--target is required')
        self.assert_usage_error(['compare', '--target', 'a=http://127.0.0.1:1', '--endpoint', 'http://x'],
                                'compare takes --target NAME=URL instead of --endpoint, --label and '
                                '--server-pid')
        self.assert_usage_error(['compare', '--target', 'a=http://127.0.0.1:1,pid=x'],
                                "--target 'a=http://127.0.0.1:1,pid=x': 'x' is not a process id")

    def test_bad_price_options_are_usage_errors(self):
        self.assert_usage_error(['run', '--seed-prices', '--price-file', 'p.yaml'],
                                '--seed-prices and --price-file: give one of them')
        self.assert_usage_error(['run', '--endpoint', harness.endpoint(), '--table-class', 'GLACIER'],
                                "--table-class: 'GLACIER' is not STANDARD or STANDARD_INFREQUENT_ACCESS")
        self.assert_usage_error(['run', '--endpoint', harness.endpoint(), '--region', 'mars-north-1'],
                                'prices: built-in price list: no prices for mars-north-1 STANDARD (it has '
                                'us-east-1 STANDARD, us-east-1 STANDARD_INFREQUENT_ACCESS, us-east-2 STANDARD, '
                                'us-west-2 STANDARD, us-west-1 STANDARD, eu-west-1 STANDARD, eu-central-1 STANDARD, '
                                'ap-northeast-1 STANDARD, ap-southeast-1 STANDARD, ap-southeast-2 STANDARD)')

class TlsProxy(http.server.ThreadingHTTPServer):
    """HTTPS in front of the dynarock server: what dynarock-bench meets at the
    real service's https endpoints, with a certificate of its own."""
    daemon_threads = True

    def __init__(self, cert, key, upstream_port):
        super().__init__(('127.0.0.1', 0), TlsProxyHandler)
        self.upstream_port = upstream_port
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        self.socket = context.wrap_socket(self.socket, server_side=True)


class TlsProxyHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def do_POST(self):
        body = self.rfile.read(int(self.headers['Content-Length']))
        upstream = http.client.HTTPConnection('127.0.0.1', self.server.upstream_port, timeout=30)
        upstream.request('POST', self.path, body=body, headers=dict(self.headers.items()))
        answer = upstream.getresponse()
        data = answer.read()
        self.send_response(answer.status)
        for name in ('Content-Type', 'x-amzn-RequestId', 'x-amz-crc32'):
            if answer.getheader(name):
                self.send_header(name, answer.getheader(name))
        self.send_header('Content-Length', str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        upstream.close()

    def log_message(self, *args):
        pass


class FlakyProxy(http.server.ThreadingHTTPServer):
    """Stands between dynarock-bench and the server and makes BatchWriteItem
    hard: every third batch is throttled (nothing written), and of the
    others only the first half is written, the rest answered as
    UnprocessedItems, as the service does under load."""
    daemon_threads = True

    def __init__(self, upstream_port):
        super().__init__(('127.0.0.1', 0), FlakyProxyHandler)
        self.upstream_port = upstream_port
        self.lock = threading.Lock()
        self.batches = 0
        self.throttled = 0
        self.partial = 0


class FlakyProxyHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def answer(self, status, body, headers=()):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header('Content-Type', 'application/x-amz-json-1.0')
        self.send_header('Content-Length', str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def forward(self, body):
        upstream = http.client.HTTPConnection('127.0.0.1', self.server.upstream_port, timeout=30)
        headers = {k: v for k, v in self.headers.items() if k.lower() != 'content-length'}
        upstream.request('POST', '/', body=body, headers=headers)
        answer = upstream.getresponse()
        data = answer.read()
        upstream.close()
        return answer.status, data

    def do_POST(self):
        body = self.rfile.read(int(self.headers['Content-Length']))
        if not self.headers.get('X-Amz-Target', '').endswith('.BatchWriteItem'):
            status, data = self.forward(body)
            return self.answer(status, data)
        with self.server.lock:
            self.server.batches += 1
            n = self.server.batches
        if n % 3 == 0:
            with self.server.lock:
                self.server.throttled += 1
            return self.answer(400, {
                '__type': 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
                'message': 'The level of configured provisioned throughput for the table was exceeded. '
                           'Consider increasing your provisioning level with the UpdateTable API.'})
        request = json.loads(body)
        (table, writes), = request['RequestItems'].items()
        keep, rest = writes[:(len(writes) + 1) // 2], writes[(len(writes) + 1) // 2:]
        status, data = self.forward(json.dumps({**request, 'RequestItems': {table: keep}}).encode())
        if status != 200 or not rest:
            return self.answer(status, data)
        with self.server.lock:
            self.server.partial += 1
        answer = json.loads(data)
        answer['UnprocessedItems'] = {table: rest}
        self.answer(200, answer)

    def log_message(self, *args):
        pass


class BenchToolRetryTest(unittest.TestCase):
    def test_load_retries_throttling_and_unprocessed_items_until_all_are_written(self):
        proxy = FlakyProxy(harness.server().port)
        threading.Thread(target=proxy.serve_forever, daemon=True).start()
        try:
            table = harness.unique_table_name('bench_retry_')
            url = f'http://127.0.0.1:{proxy.server_address[1]}'
            out = bench('load', '--endpoint', url, '--table', table, '--connections', '8', '--quiet').stdout
            m = re.match(r'loaded (\d+) items in [\d.]+ s \(\d+ items/s\) into \S+ \(created\) at \S+: '
                         r'(\d+) batches, (\d+) retries\n$', out)
            self.assertTrue(m, out)
            items, batches, retries = (int(g) for g in m.groups())
            self.assertEqual(retries, proxy.batches - batches)
            self.assertGreater(proxy.throttled, 0)
            self.assertGreater(proxy.partial, 0)
            ddb = harness.client()
            self.assertEqual(ddb.describe_table(TableName=table)['Table']['ItemCount'], items)
            scan = ddb.get_paginator('scan').paginate(TableName=table, Select='COUNT')
            self.assertEqual(sum(page['Count'] for page in scan), items)
        finally:
            proxy.shutdown()
            proxy.server_close()

    def test_progress_lines_while_running(self):
        r = bench('run', '--endpoint', harness.endpoint(), '--table', 'missing-table', '--duration', '2.5s',
                  '--warmup', '0', '--connections', '2', '--only', 'Get customer by ID', '--allow-errors',
                  check=True)
        lines = r.stderr.splitlines()
        self.assertGreaterEqual(len(lines), 3, r.stderr)
        for line in lines[:-1]:
            self.assertRegex(line, r'^ +\d+\.\ds  [\d,]+ requests  [\d,]+/s  [\d,]+ errors$')
        # Every request failed (the table does not exist), and the report says why.
        self.assertIn("errors in 'Get customer by ID': ResourceNotFoundException", r.stdout)
        self.assertRegex(lines[-1], r'^dynarock-bench: (\d+) of \1 requests failed \(Get customer by ID \1/\1\): '
                                    r'ResourceNotFoundException: Requested resource not found$')

    def test_failed_requests_make_the_exit_status_1(self):
        r = bench('run', '--endpoint', harness.endpoint(), '--table', 'missing-table', '--requests', '300',
                  '--warmup', '0', '--connections', '2', '--quiet', check=False)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertRegex(r.stderr, r'^dynarock-bench: 300 of 300 requests failed \([^)]+ and 13 more\): '
                                   r'ResourceNotFoundException: Requested resource not found; '
                                   r'exit status 1 \(--allow-errors: 0\)\n$')
        # A run without errors exits 0 and says nothing.
        table = harness.unique_table_name('exit_status_')
        bench('load', '--endpoint', harness.endpoint(), '--table', table, '--scale', '1', '--quiet', check=True)
        r = bench('run', '--endpoint', harness.endpoint(), '--table', table, '--requests', '200', '--warmup', '0',
                  '--quiet', check=False)
        self.assertEqual((r.returncode, r.stderr), (0, ''))

    def test_an_operation_that_is_not_the_services_is_refused(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, 'w.yaml')
            for op, hint in (('UpdateItme', '; did you mean UpdateItem?'), ('getitem', '; did you mean GetItem?'),
                             ('Frobnicate', '')):
                with self.subTest(op=op):
                    with open(path, 'w') as f:
                        f.write('name: typo\ntable: t\noperations:\n  - name: one\n'
                                f'    operation: {op}\n    request: {{Key: {{PK: {{S: x}}}}}}\n')
                    r = bench('run', '--workload', path, '--requests', '1', check=False)
                    self.assertEqual((r.returncode, r.stdout), (2, ''))
                    self.assertEqual(r.stderr, f"dynarock-bench: workload: {path}: operations[0] (one): "
                                               f"'operation': {op} is not a DynamoDB operation{hint}\n")


PUT_ORDER = """
  - name: Put order
    operation: PutItem
    request:
      TableName: "${table}"
      Item: {PK: {S: "CUSTOMER#new_${uuid}"}, SK: {S: "ORDER#${seq}"}, GSI1PK: {S: "VENDOR#v1"},
             GSI1SK: {S: "ORDER#${uuid}"}, GSI2PK: {S: "ORDER"}, GSI2SK: {S: "${uuid}"}}
  - name: Get customer
    operation: GetItem
    request:
      TableName: "${table}"
      Key: {PK: {S: "CUSTOMER#cust_100"}, SK: {S: METADATA}}
  - name: Get customer strongly
    operation: GetItem
    request:
      TableName: "${table}"
      ConsistentRead: true
      Key: {PK: {S: "CUSTOMER#cust_101"}, SK: {S: METADATA}}
"""


def hot_batch(n=25):
    """A BatchWriteItem of n new orders, all reported on one partition, HOT."""
    puts = ''.join(f'          - PutRequest: {{Item: {{PK: {{S: "HOT"}}, SK: {{S: "${{uuid}}#{i}"}}, '
                   f'GSI1PK: {{S: "H"}}, GSI1SK: {{S: "${{uuid}}#{i}"}}, GSI2PK: {{S: "H"}}, '
                   f'GSI2SK: {{S: "${{uuid}}#{i}"}}}}}}\n' for i in range(n))
    return ('  - name: Hot batch\n'
            '    operation: BatchWriteItem\n'
            '    partition: HOT\n'
            '    request:\n'
            '      RequestItems:\n'
            '        "${table}":\n' + puts)


def units_text(v):
    """The HTML report's units: two decimals at most, trailing zeros dropped, thousands grouped."""
    return f'{v:,.2f}'.rstrip('0').rstrip('.')


class BenchCostTest(unittest.TestCase):
    """The cost section, against the seed's table (two GSIs, projecting every attribute)."""

    @classmethod
    def setUpClass(cls):
        cls.ddb = harness.client()
        cls.tmp = tempfile.TemporaryDirectory(prefix='dynarock_bench_cost.')
        cls.table = harness.unique_table_name('cost_')
        bench('load', '--endpoint', harness.endpoint(), '--table', cls.table, '--scale', '1', '--quiet')

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def path(self, name):
        return os.path.join(self.tmp.name, name)

    def run_workload(self, name, operations, *args, check=True):
        with open(self.path(name + '.yaml'), 'w') as f:
            f.write(f'name: {name}\noperations:\n' + operations)
        r = bench('run', '--endpoint', harness.endpoint(), '--workload', self.path(name + '.yaml'),
                  '--table', self.table, '--requests', '300', '--connections', '4', '--warmup', '0', '--quiet',
                  '--json', self.path(name + '.json'), '--html', self.path(name + '.html'),
                  # ${uuid} follows the seed: a seed per run keeps each run's puts new items.
                  '--seed', str(zlib.crc32(name.encode())), *args, check=check)
        return r, load_json(self.path(name + '.json')), read_text(self.path(name + '.html'))

    def storage_of_table(self):
        t = self.ddb.describe_table(TableName=self.table)['Table']
        parts = [(t['TableSizeBytes'], t['ItemCount'])] + [
            (ix['IndexSizeBytes'], ix['ItemCount']) for ix in t['GlobalSecondaryIndexes']]
        return sum(b + 100 * n for b, n in parts)

    def test_units_per_request_type_prices_and_storage(self):
        r, doc, html = self.run_workload('units', PUT_ORDER)
        cost = doc['cost']
        self.assertEqual(cost['prices'], {
            'region': 'us-east-1', 'table_class': 'STANDARD', 'date': '2024-11-01', 'source': 'built-in',
            'confirmed': True, 'note': None, 'read_request_unit_per_million': 0.125,
            'write_request_unit_per_million': 0.625, 'rcu_hour': 0.00013, 'wcu_hour': 0.00065,
            'storage_gb_month': 0.25, 'free_tier_modelled': False})
        put, get, strong = cost['patterns']
        # A PutItem writes the table and both GSIs: 1 + 1 + 1 WCU.
        self.assertEqual((put['request_type'], put['wcu_per_request'], put['table_units_per_request'],
                          put['index_units_per_request']),
                         ('standard write', 3, 1, {'GSI1': 1, 'GSI2': 1}))
        self.assertEqual((get['request_type'], get['rcu_per_request'], get['table_units_per_request'],
                          get['index_units_per_request']), ('eventually consistent read', 0.5, 0.5, {}))
        self.assertEqual((strong['request_type'], strong['rcu_per_request']), ('strongly consistent read', 1))
        ops = doc['operations']
        # Shares from the counts (the document rounds "share" to 6 digits).
        share = [o['requests'] / doc['totals']['requests'] for o in ops]
        # share x 100 req/s x 2,628,000 s x units x price per million, in
        # the document to four decimals: the tool multiplies in its own
        # order, so a figure on a rounding boundary may round either way.
        for pattern, i, units, price in ((put, 0, 3, 0.625), (get, 1, 0.5, 0.125), (strong, 2, 1, 0.125)):
            self.assertAlmostEqual(pattern['on_demand_monthly_usd'],
                                   share[i] * 100 * 2628000 * units * price / 1e6, delta=0.00005 + 1e-9)
        reads = share[1] * 100 * 0.5 + share[2] * 100
        writes = share[0] * 100 * 3
        self.assertAlmostEqual(cost['on_demand']['read_units_per_s'], reads, places=3)
        self.assertAlmostEqual(cost['on_demand']['write_units_per_s'], writes, places=3)
        # Provisioned side by side: whole units per table and index, at least one.
        prov = cost['provisioned']
        self.assertEqual([(h['name'], h['rcu'], h['wcu']) for h in prov['capacity']],
                         [('table', math.ceil(reads - 1e-6), math.ceil(share[0] * 100 - 1e-6)),
                          ('GSI1', 1, math.ceil(share[0] * 100 - 1e-6)),
                          ('GSI2', 1, math.ceil(share[0] * 100 - 1e-6))])
        self.assertEqual(prov['monthly_read_usd'], round(prov['rcu'] * 730 * 0.00013, 4))
        self.assertEqual(prov['monthly_write_usd'], round(prov['wcu'] * 730 * 0.00065, 4))
        # Storage: DescribeTable's sizes after the run, plus 100 bytes an item and index entry.
        billable = self.storage_of_table()
        self.assertEqual(cost['storage']['billable_bytes'], billable)
        self.assertEqual(cost['storage']['monthly_usd'], round(billable / 2 ** 30 * 0.25, 4))
        self.assertEqual(cost['failing_patterns'], [])
        out = r.stdout
        self.assertIn('\ncost: us-east-1 STANDARD prices as of 2024-11-01 (built-in): on demand $0.125/M RRU, '
                      '$0.625/M WRU; provisioned $0.00013/RCU-hour, $0.00065/WCU-hour; storage $0.25/GB-month; '
                      'free tier not modelled\n', out)
        self.assertRegex(out, r'\nPut order +standard write +[\d.]+  3 WCU \(table 1, GSI1 1, GSI2 1\) ')
        self.assertRegex(out, r'\nGet customer +eventually consistent read +[\d.]+  0\.5 RCU \(table 0\.5\) ')
        self.assertRegex(out, r'\nGet customer strongly +strongly consistent read +[\d.]+  1 RCU \(table 1\) ')
        self.assertIn('provisioned for that rate (peak = average, no headroom; at least 1 unit each): table ', out)
        self.assertIn('\ntotal: ', out)
        self.assertIn('<h2>Cost projection</h2>', html)
        self.assertIn('Prices: us-east-1 STANDARD, as of 2024-11-01 (built-in): on demand $0.125 per million read '
                      'request units, $0.625 per million write request units', html)
        self.assertIn('<td>standard write</td>', html)
        self.assertIn('<td>3 WCU (table 1, GSI1 1, GSI2 1)</td>', html)
        self.assertIn('<td>0.5 RCU (table 0.5)</td>', html)

    def test_seed_prices_and_price_files(self):
        _, doc, _ = self.run_workload('seed', PUT_ORDER, '--seed-prices')
        cost = doc['cost']
        self.assertEqual((cost['prices']['source'], cost['prices']['date'],
                          cost['prices']['read_request_unit_per_million'],
                          cost['prices']['write_request_unit_per_million'], cost['prices']['storage_gb_month']),
                         ('seed', None, 0.25, 1.25, 0.25))
        self.assertIsNone(cost['provisioned'])
        share = doc['operations'][0]['requests'] / doc['totals']['requests']
        self.assertEqual(cost['patterns'][0]['on_demand_monthly_usd'],
                         round(share * 100 * 2628000 * 3 * 1.25 / 1e6, 4))
        with open(self.path('prices.yaml'), 'w') as f:
            f.write('date: "2025-06-01"\n'
                    'prices:\n'
                    '  - {region: us-east-1, table_class: STANDARD, read_request_unit_per_million: 0.2,\n'
                    '     write_request_unit_per_million: 1, rcu_hour: 0.0002, wcu_hour: 0.001,\n'
                    '     storage_gb_month: 0.5}\n')
        r, doc, html = self.run_workload('file', PUT_ORDER, '--price-file', self.path('prices.yaml'))
        cost = doc['cost']
        self.assertEqual(cost['prices']['source'], 'file ' + self.path('prices.yaml'))
        self.assertEqual(cost['prices']['date'], '2025-06-01')
        share = doc['operations'][0]['requests'] / doc['totals']['requests']
        self.assertEqual(cost['patterns'][0]['on_demand_monthly_usd'], round(share * 100 * 2628000 * 3 * 1 / 1e6, 4))
        self.assertEqual(cost['provisioned']['monthly_write_usd'],
                         round(cost['provisioned']['wcu'] * 730 * 0.001, 4))
        self.assertEqual(cost['storage']['monthly_usd'], round(self.storage_of_table() / 2 ** 30 * 0.5, 4))
        self.assertIn(f'cost: us-east-1 STANDARD prices as of 2025-06-01 (file {self.path("prices.yaml")}): on demand '
                      '$0.2/M RRU, $1/M WRU; provisioned $0.0002/RCU-hour, $0.001/WCU-hour; storage $0.5/GB-month',
                      r.stdout)
        self.assertIn('as of 2025-06-01', html)
        # The file has no eu-west-1 prices: refused before running.
        r = bench('run', '--endpoint', harness.endpoint(), '--table', self.table, '--region', 'eu-west-1',
                  '--price-file', self.path('prices.yaml'), '--requests', '10', check=False)
        self.assertEqual((r.returncode, r.stdout, r.stderr),
                         (2, '', f'dynarock-bench: --price-file: {self.path("prices.yaml")}: no prices for eu-west-1 '
                                 'STANDARD (it has us-east-1 STANDARD)\n'
                                 "Run 'dynarock-bench --help' for usage.\n"))

    def test_region_and_table_class_choose_the_list(self):
        r, doc, _ = self.run_workload('ia', PUT_ORDER, '--table-class', 'STANDARD_INFREQUENT_ACCESS')
        prices = doc['cost']['prices']
        self.assertEqual((prices['region'], prices['table_class'], prices['storage_gb_month'], prices['confirmed']),
                         ('us-east-1', 'STANDARD_INFREQUENT_ACCESS', 0.1, False))
        self.assertIn('\nnote: these figures are not confirmed against the published price list; check '
                      'https://aws.amazon.com/dynamodb/pricing/ or give --price-file\n', r.stdout)
        _, doc, _ = self.run_workload('eu', PUT_ORDER, '--region', 'eu-west-1')
        self.assertEqual((doc['cost']['prices']['region'], doc['cost']['prices']['table_class']),
                         ('eu-west-1', 'STANDARD'))

    def test_a_failing_pattern_is_marked_in_every_total(self):
        failing = ('  - name: Missing table\n'
                   '    operation: GetItem\n'
                   '    request: {TableName: no-such-table, Key: {PK: {S: x}, SK: {S: y}}}\n')
        r, doc, html = self.run_workload('failing', PUT_ORDER + failing, '--allow-errors')
        self.assertEqual(r.returncode, 0)
        self.assertEqual(doc['totals']['failing_patterns'], ['Missing table'])
        cost = doc['cost']
        self.assertEqual(cost['failing_patterns'], ['Missing table'])
        self.assertTrue(cost['patterns'][3]['failing'])
        self.assertTrue(doc['operations'][3]['failing'])
        self.assertFalse(doc['operations'][0]['failing'])
        # The totals are the other patterns' sums.
        self.assertAlmostEqual(cost['monthly_read_usd'],
                               sum(p['on_demand_monthly_usd'] for p in cost['patterns'][1:3]), places=3)
        self.assertIn('\nall (1 failing) ', r.stdout)
        self.assertIn('\nMissing table (failing)  eventually consistent read', r.stdout)
        self.assertIn('\nfailing: 1 pattern had errors, excluded from every cost total: Missing table\n', r.stdout)
        self.assertIn('<td>All requests <span class="fail">1 failing</span></td>', html)
        self.assertIn('<p class="warn">1 failing pattern (requests with errors), excluded from every total: '
                      'Missing table.</p>', html)
        self.assertIn('<th>Failing patterns</th><td class="n">1</td>', html)

    def test_html_hot_partitions_in_units_per_second(self):
        _, doc, html = self.run_workload('hot', hot_batch(), '--requests', '100')
        op = doc['operations'][0]
        self.assertEqual(op['request_type'], 'batch write')
        # 25 items, each on the table and both GSIs.
        self.assertEqual(op['wcu_per_request'], 75)
        hot = doc['hot_partitions'][0]
        self.assertEqual((hot['partition'], hot['requests'], hot['share']), ('HOT', 100, 1.0))
        # duration_s is rounded to the millisecond; wcu_per_s is not.
        self.assertAlmostEqual(hot['wcu_per_s'], 7500 / doc['duration_s'], delta=7500 / doc['duration_s'] * 0.02)
        self.assertGreater(hot['wcu_per_s'], 1000)
        self.assertTrue(hot['throttles'])
        wcu = units_text(hot['wcu_per_s'])
        self.assertIn('<td class="key">HOT <span class="fail">throttles</span></td><td class="n">100</td>'
                      f'<td class="n">100.0%</td><td class="n">0</td><td class="n">{wcu}</td></tr>', html)
        self.assertIn(f'<p class="warn">Warning: partition HOT drew 0 RCU/s and {wcu} WCU/s; the service throttles '
                      'a partition past 3,000 RCU/s or 1,000 WCU/s.</p>', html)


class BenchToolTlsTest(unittest.TestCase):
    def test_https_endpoint_with_a_ca_bundle(self):
        with tempfile.TemporaryDirectory(prefix='dynarock_bench_tls.') as tmp:
            cert, key = os.path.join(tmp, 'cert.pem'), os.path.join(tmp, 'key.pem')
            subprocess.run(['openssl', 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key,
                            '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1',
                            '-addext', 'subjectAltName=IP:127.0.0.1'], check=True, capture_output=True)
            proxy = TlsProxy(cert, key, harness.server().port)
            thread = threading.Thread(target=proxy.serve_forever, daemon=True)
            thread.start()
            try:
                url = f'https://127.0.0.1:{proxy.server_address[1]}'
                table = harness.unique_table_name('bench_tls_')
                out = bench('load', '--endpoint', url, '--ca-bundle', cert, '--table', table, '--quiet').stdout
                self.assertIn(f'into {table} (created) at {url}:', out)
                result = os.path.join(tmp, 'tls.json')
                bench('run', '--endpoint', url, '--ca-bundle', cert, '--table', table, '--requests', '200',
                      '--connections', '4', '--warmup', '0', '--quiet', '--json', result)
                doc = load_json(result)
                self.assertEqual(doc['totals']['requests'], 200)
                self.assertEqual(doc['totals']['errors'], 0)
                # Without the certificate, the server is not trusted.
                r = bench('run', '--endpoint', url, '--table', table, '--requests', '10', '--quiet',
                          check=False)
                self.assertEqual(r.returncode, 1)
                self.assertEqual(r.stderr, f'dynarock-bench: cannot reach {url}: '
                                           'TLS: certificate verify failed (SSL routines)\n')
            finally:
                proxy.shutdown()
                proxy.server_close()


if __name__ == '__main__':
    unittest.main()
