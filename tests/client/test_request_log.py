"""The request log (--log-requests, --log-format): one line per request on
stderr, for requests that succeed and requests that fail, of each kind.

Text lines are `TIME OPERATION TABLE INDEX STATUS ERROR CAPACITY LATENCYms`
("-" where a field is empty); JSON lines carry the same fields. The
capacity is what the request consumed (the CapacityUnits its response
reports, all tables and indexes together) whether or not it asked for
ReturnConsumedCapacity; "-" (null) when it read and wrote nothing. The
tests check every field but the time's value and the latency's, which
they check for form.

Run: DYNAROCK_BIN=.../build/dynarock python3 -m unittest test_request_log
(from tests/client).
"""

import json
import os
import re
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import harness  # noqa: E402
from harness import S  # noqa: E402

TIME_RE = r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z'
LATENCY_RE = r'\d+(\.\d{1,3})?ms'


def start(*args):
    server = harness.Server(extra_args=list(args))
    server.start()
    return server


def client_for(server):
    return harness.client(server.endpoint)


def make_tables(ddb):
    ddb.create_table(
        TableName='logged', BillingMode='PAY_PER_REQUEST',
        AttributeDefinitions=[harness.attr('PK', 'S'), harness.attr('G', 'S')],
        KeySchema=[harness.key('PK', 'HASH')],
        GlobalSecondaryIndexes=[{'IndexName': 'byG', 'KeySchema': [harness.key('G', 'HASH')],
                                 'Projection': {'ProjectionType': 'ALL'}}])
    ddb.create_table(TableName='other', BillingMode='PAY_PER_REQUEST',
                     AttributeDefinitions=[harness.attr('PK', 'S')], KeySchema=[harness.key('PK', 'HASH')])


def wait_for_lines(server, n):
    deadline = time.time() + 10
    while True:
        lines = [line for line in server.stderr_text().splitlines() if line.strip()]
        if len(lines) >= n or time.time() > deadline:
            return lines
        time.sleep(0.05)


class RequestLogTest(harness.DynamoTestCase):

    @classmethod
    def setUpClass(cls):
        pass  # each test starts a server of its own, with its flags

    def exercise(self, server):
        """One request of each kind; returns what the log must say of each, in
        order: (operation, table, index, status, error, capacity)."""
        ddb = client_for(server)
        make_tables(ddb)
        want = [('CreateTable', 'logged', '-', '200', '-', '-'),
                ('CreateTable', 'other', '-', '200', '-', '-')]
        ddb.put_item(TableName='logged', Item={'PK': S('a'), 'G': S('g'), 'pad': S('x' * 1500)})
        # 1.5 KB: 2 write units for the table, 2 for the GSI.
        want.append(('PutItem', 'logged', '-', '200', '-', '4'))
        ddb.get_item(TableName='logged', Key={'PK': S('a')})
        want.append(('GetItem', 'logged', '-', '200', '-', '0.5'))
        ddb.query(TableName='logged', IndexName='byG', KeyConditionExpression='G = :g',
                  ExpressionAttributeValues={':g': S('g')})
        want.append(('Query', 'logged', 'byG', '200', '-', '0.5'))
        ddb.scan(TableName='logged', ConsistentRead=True, ReturnConsumedCapacity='TOTAL')
        want.append(('Scan', 'logged', '-', '200', '-', '1'))
        ddb.batch_write_item(RequestItems={
            'logged': [{'PutRequest': {'Item': {'PK': S('b')}}}],
            'other': [{'PutRequest': {'Item': {'PK': S('c')}}}]})
        want.append(('BatchWriteItem', 'logged,other', '-', '200', '-', '2'))
        ddb.transact_write_items(TransactItems=[
            {'Put': {'TableName': 'other', 'Item': {'PK': S('d')}}},
            {'ConditionCheck': {'TableName': 'logged', 'Key': {'PK': S('a')},
                                'ConditionExpression': 'attribute_exists(PK)'}}])
        want.append(('TransactWriteItems', 'other,logged', '-', '200', '-', '4'))
        with self.assertDynamoError('ConditionalCheckFailedException'):
            ddb.put_item(TableName='logged', Item={'PK': S('a')}, ConditionExpression='attribute_not_exists(PK)')
        want.append(('PutItem', 'logged', '-', '400', 'ConditionalCheckFailedException', '-'))
        with self.assertDynamoError('ResourceNotFoundException'):
            ddb.get_item(TableName='missing', Key={'PK': S('a')})
        want.append(('GetItem', 'missing', '-', '400', 'ResourceNotFoundException', '-'))
        with self.assertDynamoError('ValidationException'):
            ddb.query(TableName='logged', KeyConditionExpression='PK = :p')
        want.append(('Query', 'logged', '-', '400', 'ValidationException', '-'))
        ddb.execute_statement(Statement="SELECT * FROM logged WHERE PK = 'a'")
        want.append(('ExecuteStatement', '-', '-', '200', '-', '0.5'))
        status, _, _ = harness.raw_request('DynamoDB_20120810.ListTable', {}, endpoint_url=server.endpoint)
        self.assertEqual(status, 400)
        want.append(('ListTable', '-', '-', '400', 'UnknownOperationException', '-'))
        status, _, _ = harness.raw_request('ListTables', {}, auth=False, endpoint_url=server.endpoint)
        self.assertEqual(status, 400)
        want.append(('ListTables', '-', '-', '400', 'MissingAuthenticationTokenException', '-'))
        return want

    def logged(self, *flags):
        """Runs exercise() against a server started with these flags: what
        the log must say of each request, and the lines it printed."""
        server = start(*flags)
        try:
            want = self.exercise(server)
            lines = wait_for_lines(server, len(want))
        finally:
            server.stop()
        self.assertEqual(len(lines), len(want), '\n'.join(lines))
        return want, lines

    def test_text_lines(self):
        want, lines = self.logged('--log-requests')
        for line, (op, table, index, status, error, capacity) in zip(lines, want):
            with self.subTest(line=line):
                pattern = (f'^{TIME_RE} {re.escape(op)} {re.escape(table)} {re.escape(index)} '
                           f'{status} {error} {re.escape(capacity)} {LATENCY_RE}$')
                self.assertRegex(line, pattern)

    def test_json_lines(self):
        want, lines = self.logged('--log-requests', '--log-format', 'json')
        for line, (op, table, index, status, error, capacity) in zip(lines, want):
            with self.subTest(line=line):
                got = json.loads(line)
                self.assertEqual(list(got), ['time', 'operation', 'table', 'index', 'status', 'error',
                                             'capacity', 'latency_ms'])
                self.assertRegex(got['time'], f'^{TIME_RE}$')
                self.assertIsInstance(got['latency_ms'], (int, float))
                self.assertGreaterEqual(got['latency_ms'], 0)
                none = lambda v: None if v == '-' else v  # noqa: E731
                self.assertEqual(
                    {k: got[k] for k in ('operation', 'table', 'index', 'status', 'error', 'capacity')},
                    {'operation': op, 'table': none(table), 'index': none(index), 'status': int(status),
                     'error': none(error), 'capacity': None if capacity == '-' else float(capacity)})

    def test_off_by_default(self):
        server = start()
        try:
            ddb = client_for(server)
            ddb.list_tables()
            with self.assertDynamoError('ResourceNotFoundException'):
                ddb.get_item(TableName='missing', Key={'PK': S('a')})
            self.assertEqual(server.stderr_text(), '')
        finally:
            server.stop()

    def test_a_bad_format_is_refused(self):
        import subprocess
        proc = subprocess.run([os.environ['DYNAROCK_BIN'], '--in-memory', '--port', '0', '--log-requests',
                               '--log-format', 'xml'], capture_output=True, text=True, timeout=30)
        self.assertEqual(proc.returncode, 2)
        self.assertIn('--log-format', proc.stderr)
        self.assertIn('xml', proc.stderr)


def setUpModule():
    if not os.environ.get('DYNAROCK_BIN'):
        raise unittest.SkipTest('DYNAROCK_BIN is not set: no dynarock binary to test')


if __name__ == '__main__':
    unittest.main()
