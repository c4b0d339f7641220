"""Local stream triggers: `dynarock --stream-trigger TABLE=URL` POSTs the
table's stream records to URL as AWS Lambda receives them from an event
source mapping ({"Records": [...]}, eventSourceARN on each), per shard in
order, retrying a batch until the receiver answers 2xx, and resuming after
a restart where delivery stood.

The receiver here is a plain HTTP server in the test; the writes go through
boto3.
"""

import http.server
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
import unittest

import boto3

import harness
from harness import N, S

TABLE = 'trigger_orders'
STREAM_ARN_PREFIX = f'arn:aws:dynamodb:us-east-1:{harness.ACCOUNT_ID}:table/{TABLE}/stream/'


class Receiver:
    """An HTTP endpoint that records the bodies POSTed to it; it answers
    500 to the first `fail_first` requests, and 200 after."""

    def __init__(self, fail_first=0):
        self.lock = threading.Lock()
        self.fail_first = fail_first
        self.failed = 0
        self.batches = []  # (path, content type, parsed body)
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers['Content-Length']))
                with receiver.lock:
                    if receiver.failed < receiver.fail_first:
                        receiver.failed += 1
                        self.send_response(500)
                        self.end_headers()
                        return
                    receiver.batches.append(
                        (self.path, self.headers['Content-Type'], json.loads(body)))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        self.url = f'http://127.0.0.1:{self.httpd.server_address[1]}/2015-03-31/functions/orders/invocations'

    def records(self):
        with self.lock:
            return [r for _, _, body in self.batches for r in body['Records']]

    def wait_for(self, count, timeout=20):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.records()) >= count:
                return
            time.sleep(0.05)

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


class StreamTriggerTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix='dynarock_triggers.')
        self.addCleanup(shutil.rmtree, self.dir, True)
        self.receiver = Receiver(fail_first=3)
        self.addCleanup(self.receiver.close)

    def start(self):
        server = harness.Server(db_path=self.dir, extra_args=[
            '--stream-trigger', f'{TABLE}={self.receiver.url}', '--trigger-batch-size', '4'])
        server.start()
        self.addCleanup(server.stop)
        ddb = harness.client(server.endpoint)
        return server, ddb

    def test_every_record_arrives_in_order_despite_failures_and_a_restart(self):
        server, ddb = self.start()
        desc = ddb.create_table(
            TableName=TABLE, BillingMode='PAY_PER_REQUEST',
            AttributeDefinitions=[{'AttributeName': 'PK', 'AttributeType': 'S'}],
            KeySchema=[{'AttributeName': 'PK', 'KeyType': 'HASH'}],
            StreamSpecification={'StreamEnabled': True, 'StreamViewType': 'NEW_AND_OLD_IMAGES'},
        )['TableDescription']
        arn = desc['LatestStreamArn']
        self.assertTrue(arn.startswith(STREAM_ARN_PREFIX))
        # Three orders, each written five times, then one deleted.
        for n in range(1, 6):
            for k in ('a', 'b', 'c'):
                ddb.put_item(TableName=TABLE, Item={'PK': S(k), 'n': N(str(n))})
        ddb.delete_item(TableName=TABLE, Key={'PK': S('b')})
        self.receiver.wait_for(16)
        records = self.receiver.records()
        self.assertEqual(len(records), 16)
        self.assertEqual(self.receiver.failed, 3)
        with self.receiver.lock:
            paths = {p for p, _, _ in self.receiver.batches}
            types = {t for _, t, _ in self.receiver.batches}
            sizes = [len(b['Records']) for _, _, b in self.receiver.batches]
        self.assertEqual(paths, {'/2015-03-31/functions/orders/invocations'})
        self.assertEqual(types, {'application/json'})
        self.assertLessEqual(max(sizes), 4)
        # Lambda's record format, exactly, for the first record of 'a'.
        first_a = next(r for r in records if r['dynamodb']['Keys'] == {'PK': {'S': 'a'}})
        self.assertEqual(sorted(first_a), ['awsRegion', 'dynamodb', 'eventID', 'eventName',
                                           'eventSource', 'eventSourceARN', 'eventVersion'])
        self.assertRegex(first_a['eventID'], r'^[0-9a-f]{32}$')
        self.assertEqual(first_a['eventName'], 'INSERT')
        self.assertEqual(first_a['eventVersion'], '1.1')
        self.assertEqual(first_a['eventSource'], 'aws:dynamodb')
        self.assertEqual(first_a['awsRegion'], 'us-east-1')
        self.assertEqual(first_a['eventSourceARN'], arn)
        dyn = first_a['dynamodb']
        self.assertEqual(sorted(dyn), ['ApproximateCreationDateTime', 'Keys', 'NewImage',
                                       'SequenceNumber', 'SizeBytes', 'StreamViewType'])
        self.assertEqual(dyn['NewImage'], {'PK': {'S': 'a'}, 'n': {'N': '1'}})
        self.assertEqual(dyn['StreamViewType'], 'NEW_AND_OLD_IMAGES')
        # PK + 'a' = 3 bytes of keys; the image adds n (1 + 2 bytes).
        self.assertEqual(dyn['SizeBytes'], 3 + 3 + 3)
        self.assertEqual(dyn['ApproximateCreationDateTime'],
                         int(dyn['ApproximateCreationDateTime']))
        self.assertRegex(dyn['SequenceNumber'], r'^1[0-9]{20}$')
        # Per item: every change once, in the order written.
        def history(recs):
            out = {}
            for r in recs:
                k = r['dynamodb']['Keys']['PK']['S']
                img = r['dynamodb'].get('NewImage')
                out.setdefault(k, []).append(
                    (r['eventName'], img['n']['N'] if img else None))
            return out
        expected = {k: [('INSERT', '1')] + [('MODIFY', str(n)) for n in range(2, 6)]
                    for k in ('a', 'b', 'c')}
        expected['b'].append(('REMOVE', None))
        self.assertEqual(history(records), expected)
        # Restarted: nothing delivered again, and what comes next arrives.
        server.stop()
        server, ddb = self.start()
        ddb.put_item(TableName=TABLE, Item={'PK': S('a'), 'n': N('6')})
        self.receiver.wait_for(17)
        time.sleep(0.5)  # room for a wrongful redelivery to show
        records = self.receiver.records()
        self.assertEqual(len(records), 17)
        self.assertEqual(history(records[16:]), {'a': [('MODIFY', '6')]})
        self.assertEqual(records[16]['dynamodb']['OldImage'], {'PK': {'S': 'a'}, 'n': {'N': '5'}})

    def test_a_bad_trigger_flag_is_refused(self):
        for flag, message in [
            ('orders', "dynarock: --stream-trigger takes TABLE=URL, not 'orders'"),
            ('orders=https://example.com/x',
             "dynarock: --stream-trigger orders=https://example.com/x: "
             "'https://example.com/x' is not an http://HOST[:PORT][/PATH] URL"),
        ]:
            with self.subTest(flag=flag):
                r = subprocess.run([os.environ['DYNAROCK_BIN'], '--in-memory',
                                    '--stream-trigger', flag],
                                   capture_output=True, text=True, timeout=30)
                self.assertEqual(r.returncode, 2)
                self.assertEqual(r.stderr, message + "\nRun 'dynarock --help' for usage.\n")


if __name__ == '__main__':
    unittest.main()
