"""Shared harness for dynarock's client tests (boto3, the AWS CLI, raw HTTP).

Starts the server binary named by the environment variable DYNAROCK_BIN with
`--port 0 --in-memory` (or `--db-path DIR`), waits for the line
`dynarock listening on http://127.0.0.1:PORT` on its stdout, and stops it by
PID (SIGTERM, then SIGKILL after a timeout). One server per test module:

    def setUpModule():
        harness.start_module_server()

    def tearDownModule():
        harness.stop_module_server()

Tests then use `harness.client()` for a boto3 client with retries disabled,
`harness.raw_request()` for hand-made HTTP requests, and
`harness.unique_table_name()` for a fresh random table name per test.
Modules that share tables between their tests create them with
`hash_table()`, `range_table()` or `indexed_table()` and derive their
TestCase from `SharedTablesTestCase` (at the end of this file, with the
messages and table definitions more than one module expects).

Expected values in the tests are the real service's; the reference for each
surprising one is given in a comment next to it.
"""

import contextlib
import datetime
import http.client
import json
import os
import random
import re
import signal
import string
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import uuid

import boto3
import botocore.config
import botocore.exceptions

REGION = 'us-east-1'
# dynarock reports this account in every ARN (the service would report the
# caller's account).
ACCOUNT_ID = '000000000000'
API_VERSION_PREFIX = 'DynamoDB_20120810.'
JSON_CONTENT_TYPE = 'application/x-amz-json-1.0'

# The service's `__type` prefixes, per error type (dynalite test/helpers.js
# and test/connection.js, recorded against the real service).
TYPE_VALIDATION = 'com.amazon.coral.validate#ValidationException'
TYPE_SERIALIZATION = 'com.amazon.coral.service#SerializationException'
TYPE_UNKNOWN_OPERATION = 'com.amazon.coral.service#UnknownOperationException'
TYPE_MISSING_TOKEN = 'com.amazon.coral.service#MissingAuthenticationTokenException'
TYPE_RESOURCE_NOT_FOUND = 'com.amazonaws.dynamodb.v20120810#ResourceNotFoundException'
TYPE_RESOURCE_IN_USE = 'com.amazonaws.dynamodb.v20120810#ResourceInUseException'
TYPE_TABLE_NOT_FOUND = 'com.amazonaws.dynamodb.v20120810#TableNotFoundException'

DUMMY_ACCESS_KEY = 'AKIAIOSFODNN7EXAMPLE'
DUMMY_SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'

_LISTENING_RE = re.compile(r'^dynarock listening on (http://127\.0\.0\.1:(\d+))\s*$')
STARTUP_TIMEOUT_S = 30.0
STOP_TIMEOUT_S = 10.0


def table_arn(name):
    return f'arn:aws:dynamodb:{REGION}:{ACCOUNT_ID}:table/{name}'


def index_arn(table, index):
    return f'{table_arn(table)}/index/{index}'


class Server:
    """One dynarock process. Not thread-safe; owned by one test module."""

    def __init__(self, binary=None, db_path=None, extra_args=(), command=None,
                 cwd=None, env=None):
        """`command`, when given, is the whole command line, run as it is
        (it must pick a free port itself: --port 0); `cwd` and `env` are the
        process's working directory and environment."""
        self.binary = binary or os.environ.get('DYNAROCK_BIN')
        self.db_path = db_path
        self.extra_args = list(extra_args)
        self.command = list(command) if command else None
        self.cwd = cwd
        self.env = env
        self.process = None
        self.endpoint = None
        self.port = None
        self._stdout_lines = []
        self._stderr_file = None
        self._drain_thread = None

    def start(self):
        if self.command:
            args = self.command
        else:
            if not self.binary:
                raise unittest.SkipTest('DYNAROCK_BIN is not set: no dynarock binary to test')
            if not os.access(self.binary, os.X_OK):
                raise RuntimeError(f'DYNAROCK_BIN={self.binary!r} is not an executable file')
            args = [self.binary, '--port', '0']
            if self.db_path is None:
                args.append('--in-memory')
            else:
                args += ['--db-path', self.db_path]
            args += self.extra_args
        self._stderr_file = tempfile.TemporaryFile(mode='w+b')
        self.process = subprocess.Popen(
            args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=self._stderr_file, text=True, bufsize=1, cwd=self.cwd,
            env=self.env)
        # Read stdout on a thread so a server that never prints the line (or
        # hangs) cannot block the test run past the timeout.
        found = threading.Event()

        def reader():
            for line in self.process.stdout:
                self._stdout_lines.append(line)
                m = _LISTENING_RE.match(line)
                if m and not found.is_set():
                    self.endpoint = m.group(1)
                    self.port = int(m.group(2))
                    found.set()
            found.set()  # EOF: the process exited or closed stdout

        self._drain_thread = threading.Thread(target=reader, daemon=True)
        self._drain_thread.start()
        if not found.wait(STARTUP_TIMEOUT_S) or self.endpoint is None:
            output = self._diagnostics()
            self.stop()
            raise RuntimeError(
                f'dynarock did not report "dynarock listening on http://127.0.0.1:PORT" '
                f'within {STARTUP_TIMEOUT_S}s\n{output}')
        return self.endpoint

    def _diagnostics(self):
        out = ''.join(self._stdout_lines[-50:])
        err = ''
        if self._stderr_file is not None:
            try:
                self._stderr_file.seek(0)
                err = self._stderr_file.read()[-8000:].decode('utf-8', 'replace')
            except (OSError, ValueError):
                pass
        code = self.process.poll() if self.process else None
        return f'exit code: {code}\n--- stdout ---\n{out}\n--- stderr ---\n{err}'

    def stop(self):
        """SIGTERM by PID, then SIGKILL if it does not exit in time.

        A server that was still running must exit cleanly on SIGTERM, and
        nothing it printed may be a sanitizer report (the suite also runs on
        an AddressSanitizer/UndefinedBehaviorSanitizer build): otherwise this
        raises, with the server's output, once the process is gone."""
        proc = self.process
        if proc is None:
            return
        problem = None
        if proc.poll() is None:
            try:
                os.kill(proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                code = proc.wait(timeout=STOP_TIMEOUT_S)
                if code != 0:
                    problem = f'server exited with {code} on SIGTERM'
            except subprocess.TimeoutExpired:
                try:
                    os.kill(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                proc.wait(timeout=STOP_TIMEOUT_S)
                problem = 'server did not exit on SIGTERM'
        stderr = ''
        if self._stderr_file is not None:
            try:
                self._stderr_file.seek(0)
                stderr = self._stderr_file.read().decode('utf-8', 'replace')
            except (OSError, ValueError):
                pass
        for marker in ('ERROR: AddressSanitizer', 'ERROR: LeakSanitizer', 'runtime error:'):
            if marker in stderr:
                problem = f'sanitizer report in the server output ({marker})'
        if proc.stdout:
            proc.stdout.close()
        if self._drain_thread is not None:
            self._drain_thread.join(timeout=2)
        if self._stderr_file is not None:
            self._stderr_file.close()
            self._stderr_file = None
        self.process = None
        if problem:
            raise RuntimeError(f'{problem}\n--- stderr ---\n{stderr[-8000:]}')

    def stderr_text(self):
        """What the server has written on stderr so far."""
        if self._stderr_file is None:
            return ''
        self._stderr_file.flush()
        self._stderr_file.seek(0)
        return self._stderr_file.read().decode('utf-8', 'replace')

    @property
    def host(self):
        return '127.0.0.1'


_module_server = None


def start_module_server(**kwargs):
    """Starts the module's server (call from setUpModule)."""
    global _module_server
    if _module_server is not None:
        _module_server.stop()
    server = Server(**kwargs)
    server.start()
    _module_server = server
    return server


def stop_module_server():
    """Stops the module's server (call from tearDownModule)."""
    global _module_server
    if _module_server is not None:
        server, _module_server = _module_server, None
        server.stop()


def server():
    if _module_server is None:
        raise RuntimeError('no module server: call harness.start_module_server() in setUpModule')
    return _module_server


def endpoint():
    return server().endpoint


def client(endpoint_url=None):
    """A low-level boto3 DynamoDB client for the server: us-east-1, dummy
    credentials, one attempt per call (retries would hide errors)."""
    return boto3.session.Session().client(
        'dynamodb',
        region_name=REGION,
        endpoint_url=endpoint_url or endpoint(),
        aws_access_key_id=DUMMY_ACCESS_KEY,
        aws_secret_access_key=DUMMY_SECRET_KEY,
        config=botocore.config.Config(
            retries={'max_attempts': 1},
            connect_timeout=10,
            read_timeout=60,
            parameter_validation=True))


def fake_authorization(target_date=None):
    """A well-formed SigV4 Authorization header with a dummy signature."""
    day = (target_date or datetime.datetime.now(datetime.timezone.utc)).strftime('%Y%m%d')
    return ('AWS4-HMAC-SHA256 '
            f'Credential={DUMMY_ACCESS_KEY}/{day}/{REGION}/dynamodb/aws4_request, '
            'SignedHeaders=content-type;host;x-amz-date;x-amz-target, '
            'Signature=' + '0' * 64)


def raw_request(target, body=None, *, raw_body=None, auth=True,
                content_type=JSON_CONTENT_TYPE, extra_headers=None,
                endpoint_url=None, method='POST'):
    """POSTs one request and returns (status, headers, parsed JSON or None).

    target: the operation name ('PutItem'), a full X-Amz-Target value (when it
      contains a '.'), or None to send no X-Amz-Target header.
    body: a JSON-serialisable object, or raw_body: bytes/str sent verbatim.
    headers come back as a dict with lower-case names.
    """
    url = endpoint_url or endpoint()
    m = re.match(r'^http://([^:/]+):(\d+)', url)
    conn = http.client.HTTPConnection(m.group(1), int(m.group(2)), timeout=60)
    if raw_body is None:
        payload = json.dumps(body if body is not None else {}).encode('utf-8')
    elif isinstance(raw_body, str):
        payload = raw_body.encode('utf-8')
    else:
        payload = raw_body
    now = datetime.datetime.now(datetime.timezone.utc)
    headers = {
        'Host': f'{m.group(1)}:{m.group(2)}',
        'X-Amz-Date': now.strftime('%Y%m%dT%H%M%SZ'),
    }
    if content_type is not None:
        headers['Content-Type'] = content_type
    if target is not None:
        headers['X-Amz-Target'] = target if '.' in target else API_VERSION_PREFIX + target
    if auth:
        headers['Authorization'] = fake_authorization(now)
    if extra_headers:
        headers.update(extra_headers)
    try:
        conn.request(method, '/', body=payload, headers=headers)
        resp = conn.getresponse()
        data = resp.read()
        resp_headers = {k.lower(): v for k, v in resp.getheaders()}
        status = resp.status
    finally:
        conn.close()
    parsed = None
    if data:
        try:
            parsed = json.loads(data.decode('utf-8'))
        except (UnicodeDecodeError, json.JSONDecodeError):
            parsed = None
    resp_headers['_raw_body'] = data
    return status, resp_headers, parsed


_NAME_CHARS = string.ascii_lowercase + string.digits


def random_string(length=10):
    return ''.join(random.choice(_NAME_CHARS) for _ in range(length))


def unique_table_name(prefix='dynarock_test_'):
    return prefix + random_string(16)


UUID_RE = re.compile(r'^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$')
REQUEST_ID_RE = re.compile(r'^[0-9A-Z]{52}$')


class DynamoTestCase(unittest.TestCase):
    """unittest.TestCase with helpers for DynamoDB errors and tables."""

    maxDiff = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ddb = client()

    @contextlib.contextmanager
    def assertDynamoError(self, code, message=None, status=400):
        """Expects a botocore ClientError with this error code, exact message
        (when given) and HTTP status."""
        with self.assertRaises(botocore.exceptions.ClientError) as cm:
            yield cm
        err = cm.exception.response.get('Error', {})
        self.assertEqual(err.get('Code'), code, msg=f'full error: {err}')
        if message is not None:
            self.assertEqual(err.get('Message'), message)
        self.assertEqual(cm.exception.response['ResponseMetadata']['HTTPStatusCode'], status)

    def assertRawError(self, result, status, type_, message=None, message_key='message'):
        """Checks a raw_request() result is exactly the service's error body."""
        got_status, headers, body = result
        self.assertEqual(got_status, status, msg=f'body: {headers.get("_raw_body")!r}')
        expected = {'__type': type_}
        if message is not None:
            expected[message_key] = message
        self.assertEqual(body, expected)

    def create_table(self, name=None, cleanup=True, **kwargs):
        """CreateTable with a fresh name; deletes the table at cleanup."""
        name = name or unique_table_name()
        resp = self.ddb.create_table(TableName=name, **kwargs)
        if cleanup:
            self.addCleanup(delete_table_quietly, self.ddb, name)
        return name, resp

    def create_simple_table(self, hash_type='S', range_type=None, **kwargs):
        defs = [{'AttributeName': 'PK', 'AttributeType': hash_type}]
        keys = [{'AttributeName': 'PK', 'KeyType': 'HASH'}]
        if range_type:
            defs.append({'AttributeName': 'SK', 'AttributeType': range_type})
            keys.append({'AttributeName': 'SK', 'KeyType': 'RANGE'})
        kwargs.setdefault('BillingMode', 'PAY_PER_REQUEST')
        name, _ = self.create_table(AttributeDefinitions=defs, KeySchema=keys, **kwargs)
        return name

    def assertRecentDatetime(self, value, slack_s=600):
        """A boto3 timestamp close to now (the server's clock is ours)."""
        self.assertIsInstance(value, datetime.datetime)
        now = datetime.datetime.now(datetime.timezone.utc)
        self.assertLess(abs((value - now).total_seconds()), slack_s,
                        msg=f'{value} is not close to {now}')


def delete_table_quietly(ddb, name):
    try:
        ddb.delete_table(TableName=name)
    except botocore.exceptions.ClientError:
        pass


def module_table(ddb, attribute_definitions, key_schema, **kwargs):
    """Creates a shared table for a module (one per schema, random keys)."""
    name = unique_table_name()
    kwargs.setdefault('BillingMode', 'PAY_PER_REQUEST')
    ddb.create_table(TableName=name, AttributeDefinitions=attribute_definitions,
                     KeySchema=key_schema, **kwargs)
    return name


def canonical_item(item):
    """Sorts set members so items compare equal whatever set order the
    server returns (the service does not preserve set order)."""
    def canon(value):
        if not isinstance(value, dict) or len(value) != 1:
            return value
        (kind, inner), = value.items()
        if kind in ('SS', 'NS', 'BS'):
            return {kind: sorted(inner)}
        if kind == 'M':
            return {'M': {k: canon(v) for k, v in inner.items()}}
        if kind == 'L':
            return {'L': [canon(v) for v in inner]}
        return value
    return {k: canon(v) for k, v in item.items()}


def without_metadata(response):
    """A boto3 response without ResponseMetadata, for whole-response compares."""
    return {k: v for k, v in response.items() if k != 'ResponseMetadata'}


def item_size(item):
    """An item's size by the service's rules, for S and B values only:
    every attribute name plus its value, in UTF-8 bytes (dynamodb-conformance
    src/item-size.ts, captured against the service)."""
    total = 0
    for name, value in item.items():
        total += len(name.encode('utf-8'))
        if 'S' in value:
            total += len(value['S'].encode('utf-8'))
        elif 'B' in value:
            total += len(value['B'])
        else:
            raise ValueError(f'item_size handles S and B only, not {value}')
    return total


def pad_item(base, target_size, pad_attribute='pad'):
    """base plus one string attribute so the item measures target_size bytes."""
    fixed = item_size(base) + len(pad_attribute.encode('utf-8'))
    if fixed > target_size:
        raise ValueError('base item is larger than the target size')
    item = dict(base)
    item[pad_attribute] = {'S': 'x' * (target_size - fixed)}
    assert item_size(item) == target_size
    return item


if __name__ == '__main__':
    # Manual smoke check: start, print the endpoint, stop.
    s = Server()
    print(s.start())
    s.stop()
    sys.exit(0)


# ---------------------------------------------------------------- builders
# AttributeValues and key schema elements in the low-level client's form.

def S(v):
    return {'S': v}


def N(v):
    return {'N': str(v)}


def B(v):
    return {'B': v}


def L(*values):
    return {'L': list(values)}


def M(**members):
    return {'M': dict(members)}


def SS(*values):
    return {'SS': list(values)}


def NS(*values):
    return {'NS': [str(v) for v in values]}


def BS(*values):
    return {'BS': list(values)}


BOOL_T = {'BOOL': True}
BOOL_F = {'BOOL': False}
NULL = {'NULL': True}


def attr(name, type_):
    return {'AttributeName': name, 'AttributeType': type_}


def key(name, type_):
    return {'AttributeName': name, 'KeyType': type_}


# ---------------------------------------------------------- shared fixtures
# What more than one test module relies on: the service's messages, table
# definitions, shared tables and the TestCase over them.

# The service's messages (dynalite's tests and dynamodb-conformance,
# recorded against the service; the modules that expect them say where
# each case comes from).
INVALID = 'One or more parameter values were invalid: '
MSG_NOT_FOUND = 'Requested resource not found'
MSG_SCHEMA = 'The provided key element does not match the schema'
CCF = 'ConditionalCheckFailedException'
# dynalite helpers.js assertConditional; conformance tier3 conditionalCheck.
CCF_MESSAGE = 'The conditional request failed'
# ack-api-quirks DDB-TABLE-442 (CreateTable and UpdateTable, live us-east-1).
MSG_TABLE_CLASS = ('Invalid table-class parameter provided. Please try again with a valid '
                   'table-class value: [STANDARD, STANDARD_INFREQUENT_ACCESS].')
# ack-api-quirks DDB-TABLE-442 (val_delete_dp_on): a ValidationException,
# not ResourceInUse.
MSG_DELETION_PROTECTED = ('Resource cannot be deleted as it is currently protected against '
                          'deletion. Disable deletion protection first.')

# The largest item, in bytes (400 KB).
MAX_ITEM_BYTES = 409600

# CreateTable's key arguments for a table keyed by PK (string) alone, and by
# PK and SK (strings).
HASH_ONLY = dict(AttributeDefinitions=[attr('PK', 'S')], KeySchema=[key('PK', 'HASH')])
HASH_RANGE = dict(AttributeDefinitions=[attr('PK', 'S'), attr('SK', 'S')],
                  KeySchema=[key('PK', 'HASH'), key('SK', 'RANGE')])

# The service reports WarmThroughput on every table and PAY_PER_REQUEST GSI
# since late 2024: 12000/4000 for on-demand (ack-api-quirks
# table-throughput-billing.md, DDB-TABLE-058/133).
ON_DEMAND_WARM = {'ReadUnitsPerSecond': 12000, 'WriteUnitsPerSecond': 4000, 'Status': 'ACTIVE'}


def hash_table(ddb, hash_type='S', **kwargs):
    """A module table keyed by PK (of hash_type) alone; see module_table."""
    return module_table(ddb, [attr('PK', hash_type)], [key('PK', 'HASH')], **kwargs)


def range_table(ddb, hash_type='S', range_type='S', **kwargs):
    """A module table keyed by PK and SK; see module_table."""
    return module_table(ddb, [attr('PK', hash_type), attr('SK', range_type)],
                        [key('PK', 'HASH'), key('SK', 'RANGE')], **kwargs)


def indexed_table(ddb, gsi_projection=None, lsi=True):
    """A module table keyed by PK and SK with a GSI 'gsi' keyed by GK,
    projecting gsi_projection (default ALL), and with `lsi` an LSI 'lsi'
    keyed by PK and LK, projecting ALL; every key attribute a string."""
    definitions = [attr('PK', 'S'), attr('SK', 'S'), attr('GK', 'S')]
    indexes = {'GlobalSecondaryIndexes': [{
        'IndexName': 'gsi', 'KeySchema': [key('GK', 'HASH')],
        'Projection': gsi_projection or {'ProjectionType': 'ALL'}}]}
    if lsi:
        definitions.append(attr('LK', 'S'))
        indexes['LocalSecondaryIndexes'] = [{
            'IndexName': 'lsi', 'KeySchema': [key('PK', 'HASH'), key('LK', 'RANGE')],
            'Projection': {'ProjectionType': 'ALL'}}]
    return module_table(ddb, definitions, [key('PK', 'HASH'), key('SK', 'RANGE')], **indexes)


def delete_protected_table_quietly(ddb, name):
    """Turns deletion protection off and deletes the table, ignoring errors
    (a cleanup for tests that protect their table)."""
    try:
        ddb.update_table(TableName=name, DeletionProtectionEnabled=False)
    except botocore.exceptions.ClientError:
        pass
    delete_table_quietly(ddb, name)


def keys_not_matching_schema(pk):
    """(table, key) pairs that do not match their table's schema, 'hash'
    being keyed by PK (S) and 'range' by PK and SK (S): every shape of
    wrong key, to which GetItem, DeleteItem and BatchGetItem all answer
    MSG_SCHEMA (dynalite getItem.js and batchGetItem.js; conformance tier3
    getItem, exact). pk: a partition key value of the right type."""
    return [
        ('hash', {}),
        ('hash', {'other': {'S': 'a'}}),
        ('hash', {'PK': pk, 'extra': {'S': 'a'}}),
        ('hash', {'PK': {'N': '1'}}),
        ('hash', {'PK': {'B': b'a'}}),
        ('hash', {'PK': {'SS': ['a']}}),
        ('range', {'PK': pk}),
        ('range', {'PK': pk, 'SK': {'N': '1'}}),
        ('range', {'SK': {'S': 'a'}}),
    ]


class SharedTablesTestCase(DynamoTestCase):
    """Tests over their module's shared tables, one per key schema, each
    test with random partition keys of its own (STYLE.md). A subclass sets
    TABLES to the module's dict from a role ('hash', 'range', ...) to a table
    name, filled in setUpModule; a name that is not a role is taken as a
    table name."""

    TABLES = {}

    def pk(self):
        """A fresh partition key value."""
        return S(random_string(16))

    def name_of(self, table):
        """The table name of a role in TABLES; any other name as it is."""
        return self.TABLES.get(table, table)

    def get(self, table, key_, **kwargs):
        """A consistent GetItem's response."""
        return self.ddb.get_item(TableName=self.name_of(table), Key=key_, ConsistentRead=True,
                                 **kwargs)

    def put(self, table, item, **kwargs):
        """PutItem's response."""
        return self.ddb.put_item(TableName=self.name_of(table), Item=item, **kwargs)

    def item(self, table, key_):
        """The stored item, or None."""
        return self.get(table, key_).get('Item')

    def assertItem(self, table, key_, expected, msg=None):
        """The stored item is `expected` (sets in any order), or there is
        none when `expected` is None."""
        got = self.item(table, key_)
        if expected is None:
            self.assertIsNone(got, msg=msg)
        else:
            self.assertIsNotNone(got, msg=msg or 'the item does not exist')
            self.assertEqual(canonical_item(got), canonical_item(expected), msg=msg)

    def assertConditionFails(self, call, **kwargs):
        """call(**kwargs) raises ConditionalCheckFailedException with the
        service's message and status; returns the error response."""
        with self.assertRaises(botocore.exceptions.ClientError) as cm:
            call(**kwargs)
        resp = cm.exception.response
        self.assertEqual(resp['Error'], {'Code': CCF, 'Message': CCF_MESSAGE})
        self.assertEqual(resp['ResponseMetadata']['HTTPStatusCode'], 400)
        return resp

    def condition_held(self, table, key_, write, before, after):
        """Runs write(), a write of key_ under a condition, and says whether
        it happened: on ConditionalCheckFailedException (with the service's
        message) the item must still be `before`; otherwise write() must
        have answered {} and left `after` (None: no item)."""
        try:
            resp = write()
        except botocore.exceptions.ClientError as err:
            if err.response['Error']['Code'] != CCF:
                raise
            self.assertEqual(err.response['Error']['Message'], CCF_MESSAGE)
            self.assertItem(table, key_, before, msg='a failed condition changed the item')
            return False
        self.assertEqual(without_metadata(resp), {})
        self.assertItem(table, key_, after)
        return True
