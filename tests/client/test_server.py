"""The dynarock server binary and its HTTP layer, through real sockets.

Run with DYNAROCK_BIN pointing at the `dynarock` binary:

    DYNAROCK_BIN=build/dynarock python3 -m unittest tests/client/test_server.py -v

Covers the command line (help, unknown flags, DynamoDB Local's spellings),
start-up and shutdown (ready line, SIGTERM/SIGINT, a directory or port
already in use, restart after SIGKILL), and HTTP behaviour that belongs to
the server rather than to an operation: the health check, keep-alive, gzip
request bodies, the 16 MB request limit, x-amz-crc32, CORS and malformed
HTTP.

Expected values are the real service's; each surprising one names its source.
"""

import gzip
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

# The service's health check line, trailing space included (dynalite
# test/connection.js "should return 200 if a GET", recorded against the
# service; `curl https://dynamodb.us-east-1.amazonaws.com/` prints the same).
# The service names its own host; dynarock names the host the client
# addressed (its Host header), and the service's only when there is none.
HEALTH_BODY = b'healthy: dynamodb.us-east-1.amazonaws.com '


def health_body(port):
    """The line for a request to 127.0.0.1:port (http.client's Host)."""
    return b'healthy: 127.0.0.1:%d ' % port
# Unknown methods and paths (dynalite test/connection.js assert404).
NOT_FOUND_BODY = b'<UnknownOperationException/>\n'
MAX_REQUEST_BYTES = 16 * 1024 * 1024
READY_RE = re.compile(r'^dynarock listening on (http://([^\s:/]+|\[[^\]]+\]):(\d+))\s*$')


def binary():
    path = os.environ.get('DYNAROCK_BIN')
    if not path:
        raise unittest.SkipTest('DYNAROCK_BIN is not set: no dynarock binary to test')
    return path


class Process:
    """A dynarock started with exactly the given arguments (harness.Server
    always adds --port 0 and --in-memory/--db-path; these tests need other
    spellings). Waits for the ready line; stop() sends a signal by PID."""

    def __init__(self, args, timeout=30.0, cwd=None):
        self.args = [binary()] + list(args)
        self.started_at = time.monotonic()
        self.proc = subprocess.Popen(self.args, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True, bufsize=1, cwd=cwd)
        self.endpoint = None
        self.port = None
        self.ready_after_s = None
        self.lines = []
        found = threading.Event()

        def reader():
            for line in self.proc.stdout:
                self.lines.append(line)
                m = READY_RE.match(line)
                if m and not found.is_set():
                    self.endpoint = m.group(1)
                    self.port = int(m.group(3))
                    self.ready_after_s = time.monotonic() - self.started_at
                    found.set()
            found.set()

        self._reader = threading.Thread(target=reader, daemon=True)
        self._reader.start()
        found.wait(timeout)

    def require_ready(self, test):
        if self.endpoint is None:
            err = self.finish(signal.SIGKILL)[1]
            test.fail(f'{self.args} did not print the ready line; stdout {self.lines!r}, '
                      f'stderr {err!r}')

    def finish(self, sig=signal.SIGTERM, timeout=15.0):
        """Sends sig (if still running), waits; returns (exit code, stderr)."""
        if self.proc.poll() is None:
            try:
                os.kill(self.proc.pid, sig)
            except ProcessLookupError:
                pass
        try:
            code = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.kill(self.proc.pid, signal.SIGKILL)
            code = self.proc.wait()
        err = self.proc.stderr.read()
        self.proc.stderr.close()
        self._reader.join(timeout=2)
        self.proc.stdout.close()
        return code, err


def connect(port):
    return http.client.HTTPConnection('127.0.0.1', port, timeout=60)


def module_port():
    return harness.server().port


def signed_headers(target='ListTables', **extra):
    """Headers of an SDK-like request (the signature is not checked)."""
    headers = {
        'Content-Type': harness.JSON_CONTENT_TYPE,
        'X-Amz-Target': harness.API_VERSION_PREFIX + target,
        'X-Amz-Date': time.strftime('%Y%m%dT%H%M%SZ', time.gmtime()),
        'Authorization': harness.fake_authorization(),
    }
    headers.update(extra)
    return headers


def create_gsi1_table(ddb, name, sk_type):
    """PK (S) and SK, with GSI1 on GSI1PK (S) and SK, projecting ALL."""
    ddb.create_table(
        TableName=name, BillingMode='PAY_PER_REQUEST',
        AttributeDefinitions=[{'AttributeName': 'PK', 'AttributeType': 'S'},
                              {'AttributeName': 'SK', 'AttributeType': sk_type},
                              {'AttributeName': 'GSI1PK', 'AttributeType': 'S'}],
        KeySchema=[{'AttributeName': 'PK', 'KeyType': 'HASH'},
                   {'AttributeName': 'SK', 'KeyType': 'RANGE'}],
        GlobalSecondaryIndexes=[{
            'IndexName': 'GSI1', 'Projection': {'ProjectionType': 'ALL'},
            'KeySchema': [{'AttributeName': 'GSI1PK', 'KeyType': 'HASH'},
                          {'AttributeName': 'SK', 'KeyType': 'RANGE'}]}])


def setUpModule():
    harness.start_module_server()


def tearDownModule():
    harness.stop_module_server()


class CommandLineTest(unittest.TestCase):

    FLAGS = ('--port', '--host', '--db-path', '--in-memory', '--compact', '--sync', '--threads',
             '--block-cache-mb', '--write-buffer-mb', '--cors', '--log-requests', '--log-format',
             '--no-console', '--version', '--help', '-h')
    LOCAL_SPELLINGS = ('-port', '-dbPath', '-inMemory', '-cors', '-sharedDb',
                       '-delayTransientStatuses', '-optimizeDbBeforeStartup',
                       '-disableTelemetry', '-help')

    def run_binary(self, *args):
        return subprocess.run([binary(), *args], capture_output=True, text=True, timeout=30)

    def assert_usage_error(self, args, message):
        out = self.run_binary(*args)
        self.assertEqual((out.returncode, out.stdout, out.stderr),
                         (2, '', f"dynarock: {message}\nRun 'dynarock --help' for usage.\n"))

    def test_version(self):
        out = self.run_binary('--version')
        self.assertEqual((out.returncode, out.stderr), (0, ''))
        self.assertRegex(out.stdout, r'^dynarock \d+\.\d+\.\d+ \(commit ([0-9a-f]{12}(\+changes)?|unknown)\)\n$')

    def test_help_lists_every_flag(self):
        help_text = self.run_binary('--help').stdout
        self.assertTrue(help_text.startswith(
            "A DynamoDB-compatible server: DynamoDB's JSON protocol over HTTP, items in\n"
            'RocksDB. Point an AWS SDK or the AWS CLI at --endpoint-url http://HOST:PORT\n'
            '(any credentials and region will do; one database serves them all), or a\n'
            'browser at http://HOST:PORT/console.\n'
            '\n'
            '  dynarock deploy TEMPLATE   applies a CloudFormation template\'s DynamoDB\n'
            '                             tables (dynarock deploy --help)\n'
            '\n'
            'Usage: dynarock [flags]\n'
            '\n'
            'Flags:\n'
            '  --port N              TCP port to listen on (default 8000; 0 picks a free\n'
            '                        port, printed in the ready line)\n'), msg=help_text)
        self.assertTrue(help_text.endswith(
            'DynamoDB Local spellings, accepted so that its scripts run unchanged:\n'
            '  -port N                   same as --port\n'
            '  -dbPath DIR               same as --db-path\n'
            '  -inMemory                 same as --in-memory\n'
            '  -cors ORIGINS             same as --cors\n'
            '  -sharedDb                 accepted; one database always serves every access\n'
            '                            key and region\n'
            '  -delayTransientStatuses   accepted, no effect: tables are ACTIVE at once\n'
            '  -optimizeDbBeforeStartup  same as --compact\n'
            '  -disableTelemetry         accepted, no effect (dynarock sends none)\n'
            '  -help                     same as --help\n'
            '\n'
            'Once listening, dynarock prints one line to stdout:\n'
            '  dynarock listening on http://HOST:PORT\n'
            'SIGINT or SIGTERM shuts it down cleanly (exit status 0).\n'), msg=help_text)
        for flag in self.FLAGS + self.LOCAL_SPELLINGS:
            self.assertRegex(help_text, r'(?m)^  (-h,)?' + re.escape(flag) + r'\b',
                             msg=f'{flag} is not documented')
        for spelling in ('--help', '-help', '-h'):
            with self.subTest(spelling=spelling):
                out = self.run_binary(spelling)
                self.assertEqual((out.returncode, out.stdout, out.stderr), (0, help_text, ''))

    def test_unknown_flag_exits_2_with_a_message(self):
        self.assert_usage_error(['--no-such-flag'], "unknown flag '--no-such-flag'")
        self.assert_usage_error(['--in-memory', '--no-such-flag=1', '--port', '0'],
                                "unknown flag '--no-such-flag=1'")
        self.assert_usage_error(['-x', '--in-memory'], "unknown flag '-x'")
        self.assert_usage_error(['extra'], "unknown flag 'extra'")
        # DynamoDB Local's spellings are whole arguments, with no "=value".
        self.assert_usage_error(['-port=8000'], "unknown flag '-port=8000'")

    def test_missing_value_exits_2(self):
        self.assert_usage_error(['--in-memory', '--port'], '--port needs a value')
        self.assert_usage_error(['-inMemory', '-port'], '-port needs a value')
        self.assert_usage_error(['--db-path'], '--db-path needs a value')
        self.assert_usage_error(['--in-memory', '--cors'], '--cors needs a value')
        self.assert_usage_error(['--host='], '--host: must not be empty')
        self.assert_usage_error(['-dbPath', ''], '--db-path: must not be empty')

    def test_bad_port_exits_2(self):
        self.assert_usage_error(['--port', '70000'], '--port: 70000 is not between 0 and 65535')
        self.assert_usage_error(['-port', '-1'], '--port: -1 is not between 0 and 65535')
        self.assert_usage_error(['--port=8k'], "--port: '8k' is not a whole number")

    def test_bad_numbers_exit_2(self):
        self.assert_usage_error(['--threads', '1025'], '--threads: 1025 is not between 0 and 1024')
        self.assert_usage_error(['--block-cache-mb', '0'],
                                '--block-cache-mb: 0 is not between 1 and 1048576')
        self.assert_usage_error(['--write-buffer-mb=lots'],
                                "--write-buffer-mb: 'lots' is not a whole number")

    def test_db_path_with_in_memory_exits_2(self):
        # DynamoDB Local: "You cannot specify both -dbPath and -inMemory".
        for args in (['-inMemory', '-dbPath', '/tmp/x'], ['--db-path=/tmp/x', '--in-memory']):
            with self.subTest(args=args):
                self.assert_usage_error(args, '--db-path and --in-memory cannot be used together')

    def test_dynamodb_local_spellings_start_the_server(self):
        tmp = tempfile.mkdtemp(prefix='dynarock-test-')
        self.addCleanup(shutil.rmtree, tmp, ignore_errors=True)
        for args in (['-port', '0', '-inMemory', '-sharedDb'],
                     ['-port', '0', '-dbPath', tmp, '-sharedDb',
                      '-delayTransientStatuses', '-optimizeDbBeforeStartup'],
                     ['-sharedDb', '-inMemory', '-port', '0', '-cors', '*',
                      '-disableTelemetry'],
                     ['--port=0', '--in-memory', '--threads=2', '--block-cache-mb=8',
                      '--write-buffer-mb', '8', '--sync', '--host=127.0.0.1', '--cors=*'],
                     # The last of a flag given twice counts.
                     ['--port', '1', '-port', '0', '--in-memory']):
            with self.subTest(args=args):
                p = Process(args)
                p.require_ready(self)
                conn = connect(p.port)
                conn.request('GET', '/')
                resp = conn.getresponse()
                self.assertEqual((resp.status, resp.read()), (200, health_body(p.port)))
                conn.close()
                code, err = p.finish()
                self.assertEqual(code, 0, msg=err)
                self.assertEqual(err, '')
        self.assertIn('CURRENT', os.listdir(tmp), msg='-dbPath did not name the database')

    def test_a_flag_value_is_never_taken_for_a_flag(self):
        # "-dbPath -inMemory" names a directory "-inMemory", as it did before
        # the single-dash spellings were rewritten for CLI11.
        tmp = tempfile.mkdtemp(prefix='dynarock-test-')
        self.addCleanup(shutil.rmtree, tmp, ignore_errors=True)
        p = Process(['-port', '0', '-dbPath', '-inMemory'], cwd=tmp)
        p.require_ready(self)
        code, err = p.finish()
        self.assertEqual((code, err), (0, ''))
        self.assertEqual(os.listdir(tmp), ['-inMemory'])
        self.assertIn('CURRENT', os.listdir(os.path.join(tmp, '-inMemory')))

    def test_ready_line_is_the_only_stdout(self):
        p = Process(['--port', '0', '--in-memory'])
        p.require_ready(self)
        self.assertRegex(p.endpoint, r'^http://127\.0\.0\.1:\d+$')
        self.assertNotEqual(p.port, 0)
        code, err = p.finish()
        self.assertEqual(code, 0, msg=err)
        self.assertEqual(len(p.lines), 1, msg=p.lines)


class LifecycleTest(unittest.TestCase):

    def test_sigterm_exits_0(self):
        p = Process(['--port', '0', '--in-memory'])
        p.require_ready(self)
        code, err = p.finish(signal.SIGTERM)
        self.assertEqual(code, 0, msg=err)

    def test_sigint_exits_0_with_open_connections(self):
        p = Process(['--port', '0', '--in-memory'])
        p.require_ready(self)
        # An idle keep-alive connection and a half-sent request must not
        # hold up the shutdown.
        idle = connect(p.port)
        idle.request('GET', '/')
        idle.getresponse().read()
        partial = socket.create_connection(('127.0.0.1', p.port))
        partial.sendall(b'POST / HTTP/1.1\r\nContent-Length: 100\r\n\r\n{"a"')
        time.sleep(0.1)
        started = time.monotonic()
        code, err = p.finish(signal.SIGINT)
        self.assertEqual(code, 0, msg=err)
        self.assertLess(time.monotonic() - started, 5.0)
        idle.close()
        partial.close()

    def test_second_server_on_same_directory_fails_at_once(self):
        tmp = tempfile.mkdtemp(prefix='dynarock-test-')
        self.addCleanup(shutil.rmtree, tmp, ignore_errors=True)
        first = Process(['--port', '0', '--db-path', tmp])
        first.require_ready(self)
        try:
            started = time.monotonic()
            out = subprocess.run([binary(), '--port', '0', '--db-path', tmp],
                                 capture_output=True, text=True, timeout=30)
            elapsed = time.monotonic() - started
            self.assertEqual(out.returncode, 1)
            self.assertEqual(out.stdout, '')
            # The one line, without RocksDB's own before it.
            self.assertEqual(out.stderr, f'dynarock: cannot open {tmp}: it is in use by another process\n')
            self.assertLess(elapsed, 5.0)
        finally:
            code, err = first.finish()
        self.assertEqual(code, 0, msg=err)

    def test_port_in_use_fails_with_a_clear_message(self):
        port = module_port()
        out = subprocess.run([binary(), '--port', str(port), '--in-memory'],
                             capture_output=True, text=True, timeout=30)
        self.assertEqual(out.returncode, 1)
        self.assertIn(f'address 127.0.0.1:{port} is already in use', out.stderr)

    def test_a_failed_start_leaves_no_database_directory_behind(self):
        port = module_port()
        tmp = tempfile.mkdtemp(prefix='dynarock-test-')
        self.addCleanup(shutil.rmtree, tmp, ignore_errors=True)
        fresh = os.path.join(tmp, 'new-db')
        out = subprocess.run([binary(), '--port', str(port), '--db-path', fresh],
                             capture_output=True, text=True, timeout=30)
        self.assertEqual((out.returncode, out.stderr),
                         (1, f'dynarock: address 127.0.0.1:{port} is already in use\n'))
        self.assertFalse(os.path.exists(fresh))
        # A directory that was there before is left as it was.
        kept = os.path.join(tmp, 'kept')
        os.mkdir(kept)
        out = subprocess.run([binary(), '--port', str(port), '--db-path', kept],
                             capture_output=True, text=True, timeout=30)
        self.assertEqual(out.returncode, 1)
        self.assertTrue(os.path.isdir(kept))

    def test_items_survive_sigkill_and_restart(self):
        tmp = tempfile.mkdtemp(prefix='dynarock-test-')
        self.addCleanup(shutil.rmtree, tmp, ignore_errors=True)
        server = harness.Server(db_path=tmp)
        server.start()
        try:
            ddb = harness.client(server.endpoint)
            name = harness.unique_table_name()
            ddb.create_table(
                TableName=name, BillingMode='PAY_PER_REQUEST',
                AttributeDefinitions=[{'AttributeName': 'PK', 'AttributeType': 'S'},
                                      {'AttributeName': 'SK', 'AttributeType': 'N'}],
                KeySchema=[{'AttributeName': 'PK', 'KeyType': 'HASH'},
                           {'AttributeName': 'SK', 'KeyType': 'RANGE'}])
            items = [{'PK': {'S': f'user#{i % 7}'}, 'SK': {'N': str(i)},
                      'data': {'S': 'x' * (i * 13 % 500)},
                      'tags': {'SS': ['a', f't{i}']}}
                     for i in range(200)]
            for item in items:
                ddb.put_item(TableName=name, Item=item)
            # No clean shutdown: every acknowledged write must be in the WAL.
            os.kill(server.process.pid, signal.SIGKILL)
            server.process.wait(timeout=10)
        finally:
            server.stop()

        server = harness.Server(db_path=tmp)
        server.start()
        try:
            ddb = harness.client(server.endpoint)
            self.assertEqual(ddb.describe_table(TableName=name)['Table']['TableStatus'],
                             'ACTIVE')
            for item in items:
                got = ddb.get_item(TableName=name, ConsistentRead=True,
                                   Key={'PK': item['PK'], 'SK': item['SK']})
                self.assertEqual(harness.canonical_item(got.get('Item', {})),
                                 harness.canonical_item(item))
        finally:
            server.stop()

    def test_storage_control_counts_runs_flushes_and_merges(self):
        # GET /_dynarock/storage (--test-controls): what the storage holds
        # and has done since the server started, counted.
        tmp = tempfile.mkdtemp(prefix='dynarock-test-')
        self.addCleanup(shutil.rmtree, tmp, ignore_errors=True)
        name = harness.unique_table_name()

        def storage(server):
            conn = http.client.HTTPConnection('127.0.0.1', server.port, timeout=10)
            try:
                conn.request('GET', '/_dynarock/storage')
                response = conn.getresponse()
                return response.status, json.loads(response.read())
            finally:
                conn.close()

        def zero_merges():
            return {'count': 0, 'entriesRead': 0, 'entriesWritten': 0,
                    'bytesRead': 0, 'bytesWritten': 0, 'cpuMicros': 0}

        server = harness.Server(db_path=tmp, extra_args=['--test-controls'])
        server.start()
        try:
            ddb = harness.client(server.endpoint)
            create_gsi1_table(ddb, name, sk_type='S')
            status, before = storage(server)
            self.assertEqual(status, 200)
            self.assertEqual(sorted(before['columnFamilies']),
                             ['catalog', 'indexes', 'items', 'meta', 'streams'])
            for cf in ('items', 'indexes'):
                self.assertEqual(before['columnFamilies'][cf], {
                    'sortedRuns': [], 'flushes': {'count': 0, 'entries': 0, 'bytes': 0},
                    'merges': zero_merges()})

            # Three writes: a batch of two items (one in GSI1), then one
            # more in GSI1.
            ddb.batch_write_item(RequestItems={name: [
                {'PutRequest': {'Item': {'PK': {'S': 'a'}, 'SK': {'S': '1'},
                                         'GSI1PK': {'S': 'g'}}}},
                {'PutRequest': {'Item': {'PK': {'S': 'a'}, 'SK': {'S': '2'}}}}]})
            ddb.put_item(TableName=name, Item={'PK': {'S': 'b'}, 'SK': {'S': '1'},
                                               'GSI1PK': {'S': 'g'}})
            ddb.put_item(TableName=name, Item={'PK': {'S': 'a'}, 'SK': {'S': '2'},
                                               'n': {'N': '5'}})
            # Some two seconds after the last write the idle task writes the
            # memtables out: three items (the replaced one's older version
            # is dropped as the memtable is written out), two index entries.
            # Waits up to 30 s; asserts no time.
            deadline = time.monotonic() + 30
            while True:
                _, after = storage(server)
                if after['columnFamilies']['indexes']['sortedRuns'] or \
                        time.monotonic() > deadline:
                    break
                time.sleep(0.1)
            self.assertEqual(after['writes'], before['writes'] + 3)
            for cf, entries in (('items', 3), ('indexes', 2)):
                got = after['columnFamilies'][cf]
                size = got['flushes']['bytes']
                self.assertGreater(size, 0)
                self.assertEqual(got, {
                    'sortedRuns': [{'entries': entries, 'bytes': size}],
                    'flushes': {'count': 1, 'entries': entries, 'bytes': size},
                    'merges': zero_merges()}, cf)
            self.assertEqual(storage(server)[1]['writes'], after['writes'])

            for method in ('POST', 'PUT', 'DELETE'):
                conn = http.client.HTTPConnection('127.0.0.1', server.port, timeout=10)
                conn.request(method, '/_dynarock/storage', body=b'{}')
                response = conn.getresponse()
                self.assertEqual((response.status, json.loads(response.read())),
                                 (405, {'message': 'GET'}), method)
                conn.close()
        finally:
            server.stop()

        # Started again with --compact: the counts start from zero, and
        # the merge before the ready line is counted (each column family's
        # run rewritten, its three or two entries read and written).
        server = harness.Server(db_path=tmp, extra_args=['--test-controls', '--compact'])
        server.start()
        try:
            _, report = storage(server)
            self.assertEqual(report['writes'], 0)
            for cf, entries in (('items', 3), ('indexes', 2)):
                got = report['columnFamilies'][cf]
                self.assertEqual(len(got['sortedRuns']), 1, cf)
                self.assertEqual(got['sortedRuns'][0]['entries'], entries, cf)
                self.assertEqual(got['flushes'], {'count': 0, 'entries': 0, 'bytes': 0}, cf)
                merges = dict(got['merges'])
                self.assertIsInstance(merges.pop('cpuMicros'), int)
                self.assertEqual(merges, {
                    'count': 1, 'entriesRead': entries, 'entriesWritten': entries,
                    'bytesRead': after['columnFamilies'][cf]['sortedRuns'][0]['bytes'],
                    'bytesWritten': got['sortedRuns'][0]['bytes']}, cf)
        finally:
            server.stop()

        # Without --test-controls the path is not served: the 404 of any
        # unknown path.
        server = harness.Server(db_path=tmp)
        server.start()
        try:
            conn = http.client.HTTPConnection('127.0.0.1', server.port, timeout=10)
            conn.request('GET', '/_dynarock/storage')
            response = conn.getresponse()
            self.assertEqual((response.status, response.read()),
                             (404, b'<UnknownOperationException/>\n'))
            conn.close()
        finally:
            server.stop()

    def test_compact_before_serving_keeps_every_item(self):
        # --compact (DynamoDB Local's -optimizeDbBeforeStartup) rewrites the
        # table files before the ready line; every item, index entry and
        # count is as it was.
        tmp = tempfile.mkdtemp(prefix='dynarock-test-')
        self.addCleanup(shutil.rmtree, tmp, ignore_errors=True)
        name = harness.unique_table_name()
        items = [{'PK': {'S': f'user#{i % 9}'}, 'SK': {'N': str(i)},
                  'GSI1PK': {'S': f'g{i % 4}'}, 'data': {'S': 'y' * (i * 7 % 300)}}
                 for i in range(300)]
        server = harness.Server(db_path=tmp)
        server.start()
        try:
            ddb = harness.client(server.endpoint)
            create_gsi1_table(ddb, name, sk_type='N')
            for i in range(0, len(items), 25):
                ddb.batch_write_item(RequestItems={
                    name: [{'PutRequest': {'Item': it}} for it in items[i:i + 25]]})
        finally:
            server.stop()

        for flag in ('--compact', '-optimizeDbBeforeStartup'):
            with self.subTest(flag=flag):
                server = harness.Server(db_path=tmp, extra_args=[flag])
                server.start()
                try:
                    ddb = harness.client(server.endpoint)
                    self.assertEqual(ddb.describe_table(TableName=name)['Table']['ItemCount'],
                                     len(items))
                    got = ddb.get_item(TableName=name, Key={'PK': items[17]['PK'],
                                                            'SK': items[17]['SK']})
                    self.assertEqual(harness.canonical_item(got['Item']),
                                     harness.canonical_item(items[17]))
                    page = ddb.query(TableName=name, IndexName='GSI1',
                                     KeyConditionExpression='GSI1PK = :g',
                                     ExpressionAttributeValues={':g': {'S': 'g3'}})
                    self.assertEqual([it['SK']['N'] for it in page['Items']],
                                     [str(i) for i in range(3, 300, 4)])
                finally:
                    server.stop()

    def test_startup_time_to_first_answer(self):
        """Measured, not asserted: from exec to the ready line and to the first
        answered request, in memory and on an existing directory."""
        tmp = tempfile.mkdtemp(prefix='dynarock-test-')
        self.addCleanup(shutil.rmtree, tmp, ignore_errors=True)
        # Create the directory once, so the second run opens an existing one.
        Process(['--port', '0', '--db-path', tmp]).finish()
        for label, args in (('in-memory', ['--in-memory']),
                            ('existing directory', ['--db-path', tmp])):
            started = time.monotonic()
            p = Process(['--port', '0'] + args)
            p.require_ready(self)
            conn = connect(p.port)
            conn.request('GET', '/')
            conn.getresponse().read()
            answered = time.monotonic() - started
            conn.close()
            print(f'\n  startup ({label}): ready line after {p.ready_after_s * 1000:.1f} ms, '
                  f'first answer after {answered * 1000:.1f} ms', file=sys.stderr)
            code, err = p.finish()
            self.assertEqual(code, 0, msg=err)


class HttpTest(harness.DynamoTestCase):

    def test_health_check(self):
        conn = connect(module_port())
        conn.request('GET', '/')
        resp = conn.getresponse()
        body = resp.read()
        self.assertEqual(resp.status, 200)
        self.assertEqual(body, health_body(module_port()))
        self.assertEqual(resp.getheader('Content-Type'), 'text/plain')
        self.assertEqual(resp.getheader('Content-Length'), str(len(body)))
        self.assertEqual(resp.getheader('x-amz-crc32'), str(zlib.crc32(body)))
        self.assertRegex(resp.getheader('x-amzn-RequestId'), harness.REQUEST_ID_RE)
        conn.close()

    def test_other_methods_and_paths_are_404(self):
        conn = connect(module_port())
        for method, path in (('GET', '/health'), ('PUT', '/'), ('DELETE', '/'),
                             ('OPTIONS', '/')):
            with self.subTest(method=method, path=path):
                conn.request(method, path)
                resp = conn.getresponse()
                self.assertEqual((resp.status, resp.read()), (404, NOT_FOUND_BODY))
                self.assertEqual(resp.getheader('x-amz-crc32'), '3552371480')
                self.assertIsNone(resp.getheader('Access-Control-Allow-Origin'))
        conn.close()

    def test_body_with_a_non_json_content_type_is_404(self):
        # dynalite: "should return 404 if body but incorrect content-type".
        result = harness.raw_request('ListTables', raw_body='{}', content_type='text/plain')
        self.assertEqual(result[0], 404)
        self.assertEqual(result[1]['_raw_body'], NOT_FOUND_BODY)

    def test_response_content_type_follows_the_request(self):
        # dynalite's assertUnknownOp/assertSerialization: application/json
        # requests get application/json back.
        for sent, want in ((harness.JSON_CONTENT_TYPE, harness.JSON_CONTENT_TYPE),
                           ('application/json', 'application/json'),
                           ('application/json; charset=utf-8', 'application/json')):
            with self.subTest(content_type=sent):
                status, headers, _ = harness.raw_request('ListTables', {}, content_type=sent)
                self.assertEqual(status, 200)
                self.assertEqual(headers['content-type'], want)

    def test_missing_authorization_header(self):
        # dynalite assertMissing, recorded against the service.
        result = harness.raw_request('ListTables', {}, auth=False)
        self.assertRawError(result, 400, harness.TYPE_MISSING_TOKEN,
                            'Request is missing Authentication Token')
        self.assertEqual(result[1]['x-amz-crc32'], '2088342776')

    def test_response_headers(self):
        status, headers, body = harness.raw_request('ListTables', {})
        self.assertEqual(status, 200)
        self.assertIn('TableNames', body)
        self.assertEqual(headers['content-type'], harness.JSON_CONTENT_TYPE)
        self.assertEqual(headers['content-length'], str(len(headers['_raw_body'])))
        self.assertRegex(headers['x-amzn-requestid'], harness.REQUEST_ID_RE)
        self.assertRegex(headers['date'], r'^\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT$')
        self.assertEqual(headers['connection'], 'keep-alive')

    def test_crc32_is_zlib_crc32_of_the_body(self):
        for target, body, auth in (('ListTables', {}, True),
                                   ('ListTables', {}, False),
                                   ('DescribeTable', {'TableName': 'no_such_table_x'}, True),
                                   ('NoSuchOperation', {}, True)):
            with self.subTest(target=target, auth=auth):
                _, headers, _ = harness.raw_request(target, body, auth=auth)
                raw = headers['_raw_body']
                self.assertEqual(headers['x-amz-crc32'], str(zlib.crc32(raw) & 0xffffffff))

    def test_keep_alive_serves_two_requests_on_one_connection(self):
        conn = connect(module_port())
        conn.request('POST', '/', body=b'{}', headers=signed_headers())
        first = conn.getresponse()
        self.assertEqual(first.status, 200)
        first.read()
        sock = conn.sock
        self.assertIsNotNone(sock, 'the server closed a keep-alive connection')
        local = sock.getsockname()
        conn.request('POST', '/', body=b'{}', headers=signed_headers())
        second = conn.getresponse()
        self.assertEqual(second.status, 200)
        second.read()
        self.assertIs(conn.sock, sock)
        self.assertEqual(conn.sock.getsockname(), local)
        conn.close()

    def test_health_check_names_the_host_addressed(self):
        conn = connect(module_port())
        conn.request('GET', '/', headers={'Host': 'localhost:8000'})
        resp = conn.getresponse()
        self.assertEqual((resp.status, resp.read()), (200, b'healthy: localhost:8000 '))
        conn.close()

    def test_describe_endpoints_names_the_host_addressed(self):
        # The service answers its own address with CachePeriodInMinutes
        # 1440 (API Reference, DescribeEndpoints; the value as the SDKs'
        # endpoint discovery caches it); a client that follows the answer
        # must reach this server, so the address is the one it used.
        resp = self.ddb.describe_endpoints()
        self.assertEqual(resp['Endpoints'],
                         [{'Address': '127.0.0.1:%d' % module_port(), 'CachePeriodInMinutes': 1440}])

    def test_pipelined_requests_are_answered_in_order(self):
        request = (b'GET / HTTP/1.1\r\nHost: x\r\n\r\n'
                   b'POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-amz-json-1.0\r\n'
                   b'X-Amz-Target: DynamoDB_20120810.ListTables\r\nContent-Length: 2\r\n\r\n{}')
        with socket.create_connection(('127.0.0.1', module_port()), timeout=30) as s:
            s.sendall(request)
            data = b''
            while data.count(b'HTTP/1.1 ') < 2 or not data.endswith(b'}'):
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
        self.assertTrue(data.startswith(b'HTTP/1.1 200 OK\r\n'), data)
        self.assertIn(b'healthy: x ', data)
        self.assertIn(b'HTTP/1.1 400 Bad Request\r\n', data)  # no Authorization
        self.assertTrue(data.endswith(b'"message":"Request is missing Authentication Token"}'))

    def test_large_bodies_pipelined_with_small_requests_are_answered_in_order(self):
        # A body larger than the connection's read buffer (4 KB), sent in the
        # same stream as the requests after it: each is read whole, and what
        # follows it is answered next.
        def post(size):
            body = b'{"TableName":"' + b'x' * (size - 16) + b'"}'
            return (b'POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-amz-json-1.0\r\n'
                    b'X-Amz-Target: DynamoDB_20120810.DescribeTable\r\n'
                    b'Content-Length: %d\r\n\r\n' % len(body)) + body
        request = (post(200000) + b'GET / HTTP/1.1\r\nHost: first\r\n\r\n' +
                   post(70000) + post(5000) + b'GET / HTTP/1.1\r\nHost: second\r\n\r\n')
        missing = b'"message":"Request is missing Authentication Token"}'
        with socket.create_connection(('127.0.0.1', module_port()), timeout=30) as s:
            s.sendall(request)
            data = b''
            while not data.endswith(b'healthy: second '):
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
        statuses = re.findall(rb'HTTP/1\.1 (\d{3}) ', data)
        self.assertEqual(statuses, [b'400', b'200', b'400', b'400', b'200'], data[:2000])
        self.assertEqual(data.count(missing), 3)
        self.assertLess(data.index(b'healthy: first '), data.index(missing, data.index(missing) + 1))
        self.assertTrue(data.endswith(b'healthy: second '))

    def test_http_1_0_closes_after_the_response(self):
        with socket.create_connection(('127.0.0.1', module_port()), timeout=30) as s:
            s.sendall(b'GET / HTTP/1.0\r\n\r\n')
            data = b''
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
        self.assertTrue(data.startswith(b'HTTP/1.1 200 OK\r\n'))
        self.assertIn(b'\r\nConnection: close\r\n', data)
        self.assertTrue(data.endswith(HEALTH_BODY))

    def test_gzip_request_body_is_accepted(self):
        # boto3 compresses requests when asked (request_min_compression_size_bytes);
        # the service inflates Content-Encoding: gzip bodies.
        body = gzip.compress(json.dumps({'Limit': 5}).encode())
        status, headers, parsed = harness.raw_request(
            'ListTables', raw_body=body, extra_headers={'Content-Encoding': 'gzip'})
        self.assertEqual(status, 200, msg=headers['_raw_body'])
        self.assertIn('TableNames', parsed)

    def test_gzip_of_two_members_is_accepted(self):
        # RFC 1952: a gzip file is a series of members (Alternator
        # test_gzip_request_two_gzips passes against the service).
        text = json.dumps({'Limit': 5}).encode()
        body = gzip.compress(text[:4]) + gzip.compress(text[4:])
        status, headers, parsed = harness.raw_request(
            'ListTables', raw_body=body, extra_headers={'Content-Encoding': 'gzip'})
        self.assertEqual(status, 200, msg=headers['_raw_body'])
        self.assertIn('TableNames', parsed)

    def test_corrupt_gzip_body_is_500(self):
        # The service answers a body that does not inflate with HTTP 500
        # (Alternator test_broken_gzip_content, test_gzip_request_empty,
        # test_gzip_request_with_missing_character, run against DynamoDB).
        valid = gzip.compress(b'{}')
        for label, body in (('not gzip', b'{}'), ('empty', b''), ('truncated', valid[:-1])):
            with self.subTest(label):
                status, headers, parsed = harness.raw_request(
                    'ListTables', raw_body=body, extra_headers={'Content-Encoding': 'gzip'})
                self.assertEqual(status, 500, msg=headers['_raw_body'])
                self.assertEqual(parsed['__type'].split('#')[-1], 'InternalServerError')

    def test_unknown_content_encoding_is_500(self):
        # Alternator test_garbage_content_encoding, run against DynamoDB.
        status, headers, _ = harness.raw_request(
            'ListTables', {}, extra_headers={'Content-Encoding': 'garbage'})
        self.assertEqual(status, 500, msg=headers['_raw_body'])

    def test_gzip_body_inflating_past_16_mb_is_413(self):
        # The service does not bound inflated bodies (Alternator's
        # test_gzip_request_oversized is scylla_only); dynarock does, so a
        # 20 KB request cannot make it allocate gigabytes.
        body = gzip.compress(b'{' + b' ' * MAX_REQUEST_BYTES + b'}')
        status, headers, _ = harness.raw_request(
            'ListTables', raw_body=body, extra_headers={'Content-Encoding': 'gzip'})
        self.assertEqual(status, 413)

    def test_body_of_16_mb_is_accepted(self):
        # dynalite: "should not return 413 if request not too large".
        body = b'{' + b' ' * (MAX_REQUEST_BYTES - 2) + b'}'
        status, headers, _ = harness.raw_request('ListTables', raw_body=body)
        self.assertNotEqual(status, 413)
        self.assertEqual(status, 200, msg=headers['_raw_body'][:300])

    def test_body_over_16_mb_is_413(self):
        # dynalite "should return 413 if request too large" (16 MB + 1 byte,
        # recorded against the service): 413, an empty chunked body.
        body = b'{' + b' ' * (MAX_REQUEST_BYTES - 1) + b'}'
        started = time.monotonic()
        status, headers, _ = harness.raw_request('ListTables', raw_body=body)
        self.assertEqual(status, 413)
        self.assertEqual(headers.get('transfer-encoding'), 'chunked')
        self.assertEqual(headers['_raw_body'], b'')
        self.assertLess(time.monotonic() - started, 10.0)
        # The server goes on serving.
        self.assertEqual(harness.raw_request('ListTables', {})[0], 200)

    def test_chunked_body_over_16_mb_is_413(self):
        # Alternator test_too_large_request_chunked: the limit applies to
        # chunked bodies too, and the client reads the 413 (no reset).
        def chunks():
            yield b'{'
            for _ in range(17):
                yield b' ' * (1024 * 1024)
            yield b'}'
        conn = connect(module_port())
        conn.request('POST', '/', body=chunks(), headers=signed_headers(),
                     encode_chunked=True)
        resp = conn.getresponse()
        self.assertEqual(resp.status, 413)
        resp.read()
        conn.close()

    def test_expect_100_continue(self):
        # curl sends Expect: 100-continue for large bodies and waits for it.
        with socket.create_connection(('127.0.0.1', module_port()), timeout=30) as s:
            s.sendall(b'POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-amz-json-1.0\r\n'
                      b'X-Amz-Target: DynamoDB_20120810.ListTables\r\n'
                      b'Expect: 100-continue\r\nContent-Length: 2\r\n\r\n')
            self.assertEqual(s.recv(1000), b'HTTP/1.1 100 Continue\r\n\r\n')
            s.sendall(b'{}')
            self.assertTrue(s.recv(65536).startswith(b'HTTP/1.1 400 Bad Request\r\n'))

    def test_malformed_http_gets_400_and_the_server_survives(self):
        for junk in (b'GARBAGE\r\n\r\n',
                     b'GET / HTTP/9.9\r\n\r\n',
                     b'\x00\x01\x02\xff\r\n\r\n',
                     b'POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n',
                     b'POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n',
                     b'POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
                     b'GET / HTTP/1.1\r\nX: ' + b'a' * 100000 + b'\r\n\r\n'):
            with self.subTest(junk=junk[:40]):
                with socket.create_connection(('127.0.0.1', module_port()), timeout=30) as s:
                    try:
                        s.sendall(junk)
                        first = s.recv(1000)
                    except ConnectionResetError:
                        first = b''
                    self.assertTrue(first == b'' or first.startswith(b'HTTP/1.1 400 '), first)
        # A request cut off mid-body, then closed.
        with socket.create_connection(('127.0.0.1', module_port()), timeout=30) as s:
            s.sendall(b'POST / HTTP/1.1\r\nContent-Length: 100\r\n\r\n{"a"')
        status, _, _ = harness.raw_request('ListTables', {})
        self.assertEqual(status, 200)


class CorsTest(unittest.TestCase):
    """With --cors, responses to an allowed Origin carry the service's CORS
    headers, and OPTIONS preflights are answered (dynalite assertCors and
    Alternator test_cors.py, both run against the service: 200, empty body,
    requested headers and method echoed, Access-Control-Max-Age: 172800)."""

    @classmethod
    def setUpClass(cls):
        cls.any = Process(['--port', '0', '--in-memory', '--cors', '*'])
        cls.listed = Process(['--port', '0', '--in-memory', '--cors',
                              'http://a.example, http://b.example'])

    @classmethod
    def tearDownClass(cls):
        cls.any.finish()
        cls.listed.finish()

    def request(self, server, method, headers, body=None):
        server.require_ready(self)
        conn = connect(server.port)
        conn.request(method, '/', body=body, headers=headers)
        resp = conn.getresponse()
        data = resp.read()
        conn.close()
        return resp, data

    def test_preflight(self):
        resp, data = self.request(self.any, 'OPTIONS', {
            'Origin': 'http://localhost:3000',
            'Access-Control-Request-Method': 'POST',
            'Access-Control-Request-Headers': 'content-type, x-amz-target, authorization'})
        self.assertEqual((resp.status, data), (200, b''))
        self.assertEqual(resp.getheader('Access-Control-Allow-Origin'), '*')
        self.assertEqual(resp.getheader('Access-Control-Allow-Methods'), 'POST')
        self.assertEqual(resp.getheader('Access-Control-Allow-Headers'),
                         'content-type, x-amz-target, authorization')
        self.assertEqual(resp.getheader('Access-Control-Max-Age'), '172800')
        self.assertEqual(resp.getheader('Content-Length'), '0')

    def test_actual_request_exposes_request_id_and_crc(self):
        headers = signed_headers()
        headers['Origin'] = 'http://localhost:3000'
        resp, _ = self.request(self.any, 'POST', headers, body=b'{}')
        self.assertEqual(resp.status, 200)
        self.assertEqual(resp.getheader('Access-Control-Allow-Origin'), '*')
        exposed = [h.strip().lower() for h in
                   resp.getheader('Access-Control-Expose-Headers').split(',')]
        self.assertIn('x-amzn-requestid', exposed)
        self.assertIn('x-amz-crc32', exposed)
        self.assertIsNone(resp.getheader('Access-Control-Max-Age'))

    def test_no_origin_no_cors_headers(self):
        resp, _ = self.request(self.any, 'POST', signed_headers(), body=b'{}')
        self.assertIsNone(resp.getheader('Access-Control-Allow-Origin'))
        resp, data = self.request(self.any, 'OPTIONS', {})
        self.assertEqual((resp.status, data), (404, NOT_FOUND_BODY))

    def test_listed_origins(self):
        resp, _ = self.request(self.listed, 'OPTIONS', {'Origin': 'http://b.example'})
        self.assertEqual(resp.status, 200)
        self.assertEqual(resp.getheader('Access-Control-Allow-Origin'), 'http://b.example')
        self.assertEqual(resp.getheader('Vary'), 'Origin')
        resp, data = self.request(self.listed, 'OPTIONS', {'Origin': 'http://evil.example'})
        self.assertEqual((resp.status, data), (404, NOT_FOUND_BODY))
        self.assertIsNone(resp.getheader('Access-Control-Allow-Origin'))

    def test_cors_on_by_default(self):
        # As DynamoDB Local's -cors, which defaults to "*": a browser app
        # pointed at the endpoint works without a flag.
        conn = connect(module_port())
        conn.request('OPTIONS', '/', headers={'Origin': 'http://localhost:3000',
                                              'Access-Control-Request-Method': 'POST'})
        resp = conn.getresponse()
        self.assertEqual((resp.status, resp.read()), (200, b''))
        self.assertEqual(resp.getheader('Access-Control-Allow-Origin'), '*')
        conn.close()

    def test_cors_turned_off(self):
        for args in (['--cors', ''], ['--cors='], ['-cors', '']):
            with self.subTest(args=args):
                off = Process(['--port', '0', '--in-memory'] + args)
                self.addCleanup(off.finish)
                resp, data = self.request(off, 'OPTIONS', {'Origin': 'http://localhost:3000'})
                self.assertEqual((resp.status, data), (404, NOT_FOUND_BODY))
                self.assertIsNone(resp.getheader('Access-Control-Allow-Origin'))


if __name__ == '__main__':
    unittest.main()
