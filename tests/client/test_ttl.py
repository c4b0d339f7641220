"""Time to live through boto3: the sweep that deletes expired items, what it
leaves alone, what a deletion does to indexes, ItemCount and the stream,
UpdateTimeToLive/DescribeTimeToLive, and the test clock control
(/_dynarock/clock) the tests move time with.

The module's server runs with --test-controls and --ttl-interval 0.2: a
test moves the engine's clock with POST /_dynarock/clock {"advance": N}
instead of waiting, then polls (at most POLL_TIMEOUT_S) for the sweep.
A test that an item is NOT deleted waits for sweep_fence(): expired items
of a fence table, put one after the other, each deleted before the next is
put, so that a whole pass of the sweep has run after the clock moved.

Expected values are the service's (Developer Guide "Time to Live (TTL)";
ScyllaDB Alternator's test_ttl.py, run against DynamoDB; the ack-api-quirks
catalogue, probed live in us-east-1), or dynarock's own for the clock
control, which the service does not have. Sources are named next to each
surprising value.

A second TTL change within the hour the service takes to apply one is
refused ("Time to live has been modified multiple times within a fixed
interval"; API Reference, UpdateTimeToLive); tests that change TTL twice
move the clock an hour between the changes.

Run: DYNAROCK_BIN=build/dynarock python3 -m unittest tests/client/test_ttl.py -v
"""

import http.client
import json
import math
import os
import shutil
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import boto3  # noqa: E402
import botocore.config  # noqa: E402

import harness  # noqa: E402
from harness import (BS, HASH_ONLY, L, M, N, NS, NULL, S, SS, TYPE_RESOURCE_NOT_FOUND,  # noqa: E402
                     TYPE_SERIALIZATION, TYPE_VALIDATION, DynamoTestCase, attr, key,
                     random_string, unique_table_name)

TTL_INTERVAL = '0.2'
POLL_TIMEOUT_S = 10.0
POLL_STEP_S = 0.02
# The sweep leaves alone an expiry more than five years in the past
# (Developer Guide "Time to Live (TTL)": "items with an expiration time
# older than five years"); dynarock counts 5 * 365.25 days.
FIVE_YEARS_S = 5 * 365.25 * 86400
TTL_ATTR = 'exp'
# The identity of the service on a TTL deletion's stream record, as boto3
# parses it (ScyllaDB test_ttl.py test_ttl_expiration_streams, on AWS).
SERVICE_IDENTITY = {'Type': 'Service', 'PrincipalId': 'dynamodb.amazonaws.com'}
CLOCK_USAGE = {'message': 'expected {"advance": SECONDS} or {"set": EPOCH_SECONDS}'}
# Any unknown path of a server without --test-controls (as test_server's
# NOT_FOUND_BODY: dynalite test/connection.js assert404).
NOT_FOUND_BODY = b'<UnknownOperationException/>\n'


def setUpModule():
    harness.start_module_server(extra_args=['--test-controls', '--ttl-interval', TTL_INTERVAL])


def tearDownModule():
    harness.stop_module_server()


# ------------------------------------------------------------------ clock

def control(method, path, body=None, port=None):
    """One request to a test control: (status, content type, raw body)."""
    conn = http.client.HTTPConnection('127.0.0.1', port or harness.server().port, timeout=30)
    try:
        payload = None if body is None else (body if isinstance(body, bytes) else body.encode())
        conn.request(method, path, body=payload,
                     headers={} if payload is None else {'Content-Type': 'application/json'})
        resp = conn.getresponse()
        return resp.status, resp.getheader('Content-Type'), resp.read()
    finally:
        conn.close()


def clock_call(method, body=None, port=None):
    status, _, data = control(method, '/_dynarock/clock', body, port)
    if status != 200:
        raise AssertionError(f'/_dynarock/clock answered {status}: {data!r}')
    parsed = json.loads(data)
    assert set(parsed) == {'now'}, parsed
    return parsed['now']


def clock_now(port=None):
    """The engine's clock, in epoch seconds."""
    return clock_call('GET', port=port)


def advance_clock(seconds, port=None):
    """Moves the engine's clock forward; returns its new reading."""
    return clock_call('POST', json.dumps({'advance': seconds}), port)


def set_clock(epoch_seconds, port=None):
    return clock_call('POST', json.dumps({'set': epoch_seconds}), port)


def expiry(at):
    """A TTL value: a whole number of seconds at or after `at`, its last
    digit not 0, so that as a Number it always measures NUMBER_BYTES."""
    value = int(math.ceil(at))
    if value % 10 == 0:
        value += 1
    return value


# The size of a Number of 10 significant digits (an expiry() value): one
# byte per two significant digits, plus one (the service's rule; dynalite
# db/index.js itemSize).
NUMBER_BYTES = 6


# ------------------------------------------------------------------ streams

def streams_client(endpoint_url=None, region=harness.REGION):
    """A boto3 DynamoDB Streams client like harness.client()."""
    return boto3.session.Session().client(
        'dynamodbstreams',
        region_name=region,
        endpoint_url=endpoint_url or harness.endpoint(),
        aws_access_key_id=harness.DUMMY_ACCESS_KEY,
        aws_secret_access_key=harness.DUMMY_SECRET_KEY,
        config=botocore.config.Config(retries={'max_attempts': 1}, connect_timeout=10,
                                      read_timeout=60, parameter_validation=True))


def all_records(streams, stream_arn):
    """Every record of every shard, from TRIM_HORIZON to the end of what is
    written, in sequence-number order."""
    records = []
    shards = streams.describe_stream(StreamArn=stream_arn)['StreamDescription']['Shards']
    for shard in shards:
        iterator = streams.get_shard_iterator(
            StreamArn=stream_arn, ShardId=shard['ShardId'],
            ShardIteratorType='TRIM_HORIZON')['ShardIterator']
        while iterator:
            page = streams.get_records(ShardIterator=iterator)
            records += page['Records']
            if not page['Records']:
                break
            iterator = page.get('NextShardIterator')
    records.sort(key=lambda r: int(r['dynamodb']['SequenceNumber']))
    return records


# ------------------------------------------------------------------ tests

class TtlTestCase(DynamoTestCase):

    _fence_table = None

    def ttl_table(self, attribute=TTL_ATTR, ddb=None, **kwargs):
        """A fresh PAY_PER_REQUEST table keyed by PK (S), TTL enabled on
        `attribute` (None: left disabled), ACTIVE."""
        ddb = ddb or self.ddb
        name = unique_table_name()
        kwargs.setdefault('AttributeDefinitions', HASH_ONLY['AttributeDefinitions'])
        kwargs.setdefault('KeySchema', HASH_ONLY['KeySchema'])
        ddb.create_table(TableName=name, BillingMode='PAY_PER_REQUEST', **kwargs)
        self.addCleanup(harness.delete_table_quietly, self.ddb, name)
        self.wait_active(name)
        if attribute is not None:
            resp = ddb.update_time_to_live(
                TableName=name,
                TimeToLiveSpecification={'Enabled': True, 'AttributeName': attribute})
            self.assertEqual(harness.without_metadata(resp), {
                'TimeToLiveSpecification': {'Enabled': True, 'AttributeName': attribute}})
        return name

    def wait_active(self, name):
        deadline = time.monotonic() + POLL_TIMEOUT_S
        while True:
            table = self.ddb.describe_table(TableName=name)['Table']
            if table['TableStatus'] == 'ACTIVE' and all(
                    i['IndexStatus'] == 'ACTIVE' for i in table.get('GlobalSecondaryIndexes', [])):
                return table
            if time.monotonic() > deadline:
                self.fail(f'{name} is not ACTIVE after {POLL_TIMEOUT_S} s: {table}')
            time.sleep(POLL_STEP_S)

    def get(self, name, key_):
        return self.ddb.get_item(TableName=name, Key=key_, ConsistentRead=True).get('Item')

    def wait_deleted(self, name, key_):
        """Polls until the item is gone; fails after POLL_TIMEOUT_S."""
        deadline = time.monotonic() + POLL_TIMEOUT_S
        while self.get(name, key_) is not None:
            if time.monotonic() > deadline:
                self.fail(f'{key_} of {name} was not deleted within {POLL_TIMEOUT_S} s')
            time.sleep(POLL_STEP_S)

    def sweep_fence(self):
        """Returns once a whole sweep pass has run since the call: three
        expired items of a fence table, each put once the one before is
        gone (the pass deleting the first may have begun before the call;
        the one deleting the second began after it was put; the one
        deleting the third began after that pass ended)."""
        if TtlTestCase._fence_table is None:
            name = unique_table_name('dynarock_fence_')
            self.ddb.create_table(TableName=name, BillingMode='PAY_PER_REQUEST', **HASH_ONLY)
            self.wait_active(name)
            self.ddb.update_time_to_live(
                TableName=name,
                TimeToLiveSpecification={'Enabled': True, 'AttributeName': TTL_ATTR})
            TtlTestCase._fence_table = name
        for _ in range(3):
            fence_key = {'PK': S(random_string(16))}
            self.ddb.put_item(TableName=TtlTestCase._fence_table,
                              Item={**fence_key, TTL_ATTR: N(int(clock_now()) - 1)})
            self.wait_deleted(TtlTestCase._fence_table, fence_key)


class SweepTest(TtlTestCase):

    def test_expired_item_is_deleted(self):
        name = self.ttl_table()
        now = clock_now()
        item = {'PK': S('soon'), TTL_ATTR: N(expiry(now + 100)), 'data': S('x')}
        self.ddb.put_item(TableName=name, Item=item)
        self.assertEqual(self.get(name, {'PK': S('soon')}), item)
        advance_clock(200)
        self.wait_deleted(name, {'PK': S('soon')})
        self.assertEqual(self.ddb.scan(TableName=name)['Items'], [])

    def test_what_the_sweep_leaves_alone(self):
        # Developer Guide "Time to Live (TTL)": the attribute must be a
        # top-level Number of epoch seconds, not more than five years in the
        # past; any other type is ignored.
        name = self.ttl_table()
        now = clock_now()
        after = now + 1000  # the clock once advanced (give or take seconds)
        past = expiry(now + 500)
        kept = {
            'future': {'PK': S('future'), TTL_ATTR: N(expiry(after + 86400))},
            'string': {'PK': S('string'), TTL_ATTR: S(str(past))},
            'number_set': {'PK': S('number_set'), TTL_ATTR: NS(past)},
            'string_set': {'PK': S('string_set'), TTL_ATTR: SS(str(past))},
            'binary_set': {'PK': S('binary_set'), TTL_ATTR: BS(b'1')},
            'list': {'PK': S('list'), TTL_ATTR: L(N(past))},
            'map': {'PK': S('map'), TTL_ATTR: M(at=N(past))},
            'null': {'PK': S('null'), TTL_ATTR: NULL},
            'binary': {'PK': S('binary'), TTL_ATTR: {'B': str(past).encode()}},
            'bool': {'PK': S('bool'), TTL_ATTR: {'BOOL': True}},
            'older_than_five_years': {'PK': S('older_than_five_years'),
                                      TTL_ATTR: N(expiry(after - FIVE_YEARS_S - 3 * 3600))},
            'missing': {'PK': S('missing'), 'other': N(past)},
            'other_attribute': {'PK': S('other_attribute'), 'expires': N(past)},
            'nested': {'PK': S('nested'), 'outer': M(**{TTL_ATTR: N(past)})},
        }
        deleted = {
            'expired': {'PK': S('expired'), TTL_ATTR: N(past)},
            'almost_five_years': {'PK': S('almost_five_years'),
                                  TTL_ATTR: N(expiry(after - FIVE_YEARS_S + 3 * 3600))},
        }
        for item in list(kept.values()) + list(deleted.values()):
            self.ddb.put_item(TableName=name, Item=item)
        advance_clock(1000)
        for item in deleted.values():
            self.wait_deleted(name, {'PK': item['PK']})
        self.sweep_fence()
        for label, item in kept.items():
            got = self.get(name, {'PK': item['PK']})
            self.assertEqual(harness.canonical_item(got or {}), harness.canonical_item(item),
                             msg=f'{label} was deleted')
        self.assertEqual(self.ddb.describe_table(TableName=name)['Table']['ItemCount'], len(kept))

    def test_table_without_ttl_keeps_expired_items(self):
        name = self.ttl_table(attribute=None)
        self.assertEqual(harness.without_metadata(self.ddb.describe_time_to_live(TableName=name)),
                         {'TimeToLiveDescription': {'TimeToLiveStatus': 'DISABLED'}})
        item = {'PK': S('old'), TTL_ATTR: N(expiry(clock_now() - 60))}
        self.ddb.put_item(TableName=name, Item=item)
        advance_clock(1000)
        self.sweep_fence()
        self.assertEqual(self.get(name, {'PK': S('old')}), item)

    def test_item_expiring_on_the_ttl_attribute_of_another_table_is_kept(self):
        # TTL is per table: 'exp' on one table says nothing of another
        # whose TTL attribute is 'expires'.
        name = self.ttl_table(attribute='expires')
        item = {'PK': S('a'), TTL_ATTR: N(expiry(clock_now() - 60))}
        control = {'PK': S('b'), 'expires': N(expiry(clock_now() - 60))}
        self.ddb.put_item(TableName=name, Item=item)
        self.ddb.put_item(TableName=name, Item=control)
        self.wait_deleted(name, {'PK': S('b')})
        self.sweep_fence()
        self.assertEqual(self.get(name, {'PK': S('a')}), item)

    def test_item_updated_to_a_later_expiry_is_kept(self):
        name = self.ttl_table()
        now = clock_now()
        self.ddb.put_item(TableName=name, Item={'PK': S('a'), TTL_ATTR: N(expiry(now + 100))})
        self.ddb.update_item(TableName=name, Key={'PK': S('a')},
                             UpdateExpression='SET #e = :e',
                             ExpressionAttributeNames={'#e': TTL_ATTR},
                             ExpressionAttributeValues={':e': N(expiry(now + 86400))})
        self.ddb.put_item(TableName=name, Item={'PK': S('control'), TTL_ATTR: N(expiry(now + 100))})
        advance_clock(200)
        self.wait_deleted(name, {'PK': S('control')})
        self.sweep_fence()
        self.assertEqual(self.get(name, {'PK': S('a')}),
                         {'PK': S('a'), TTL_ATTR: N(expiry(now + 86400))})

    def test_item_count_drops(self):
        name = self.ttl_table()
        now = clock_now()
        for i in range(5):
            self.ddb.put_item(TableName=name,
                              Item={'PK': S(f'e{i}'), TTL_ATTR: N(expiry(now + 100))})
        for i in range(3):
            self.ddb.put_item(TableName=name, Item={'PK': S(f'k{i}')})
        self.assertEqual(self.ddb.describe_table(TableName=name)['Table']['ItemCount'], 8)
        advance_clock(200)
        for i in range(5):
            self.wait_deleted(name, {'PK': S(f'e{i}')})
        table = self.ddb.describe_table(TableName=name)['Table']
        self.assertEqual(table['ItemCount'], 3)
        # Three items of PK 'k0'..'k2': 2 + 2 bytes each.
        self.assertEqual(table['TableSizeBytes'], 12)

    def test_deletion_leaves_every_index(self):
        name = unique_table_name()
        self.ddb.create_table(
            TableName=name, BillingMode='PAY_PER_REQUEST',
            AttributeDefinitions=[attr('PK', 'S'), attr('SK', 'S'), attr('GK', 'S'),
                                  attr('LK', 'S'), attr('SG', 'S')],
            KeySchema=[key('PK', 'HASH'), key('SK', 'RANGE')],
            GlobalSecondaryIndexes=[
                {'IndexName': 'gsi', 'KeySchema': [key('GK', 'HASH')],
                 'Projection': {'ProjectionType': 'ALL'}},
                {'IndexName': 'sparse', 'KeySchema': [key('SG', 'HASH')],
                 'Projection': {'ProjectionType': 'KEYS_ONLY'}}],
            LocalSecondaryIndexes=[
                {'IndexName': 'lsi', 'KeySchema': [key('PK', 'HASH'), key('LK', 'RANGE')],
                 'Projection': {'ProjectionType': 'ALL'}}])
        self.addCleanup(harness.delete_table_quietly, self.ddb, name)
        self.wait_active(name)
        self.ddb.update_time_to_live(
            TableName=name, TimeToLiveSpecification={'Enabled': True, 'AttributeName': TTL_ATTR})
        now = clock_now()
        doomed = {'PK': S('p'), 'SK': S('1'), 'GK': S('g'), 'LK': S('l1'), 'SG': S('s'),
                  TTL_ATTR: N(expiry(now + 100))}
        # In the same partition, GSI partition and sparse index, not expiring.
        survivor = {'PK': S('p'), 'SK': S('2'), 'GK': S('g'), 'LK': S('l2'), 'SG': S('s')}
        self.ddb.put_item(TableName=name, Item=doomed)
        self.ddb.put_item(TableName=name, Item=survivor)

        def query(index, cond, values):
            resp = self.ddb.query(TableName=name, IndexName=index, KeyConditionExpression=cond,
                                  ExpressionAttributeValues=values)
            return harness.without_metadata(resp)

        def keys_only(item):
            return {k: item[k] for k in ('PK', 'SK', 'SG')}

        queries = {
            'gsi': ('GK = :v', {':v': S('g')}),
            'lsi': ('PK = :v AND LK = :l', {':v': S('p'), ':l': S('l1')}),
            'sparse': ('SG = :v', {':v': S('s')}),
        }
        before = {index: query(index, *q) for index, q in queries.items()}
        self.assertEqual(sorted(before['gsi']['Items'], key=lambda i: i['SK']['S']),
                         [doomed, survivor])
        self.assertEqual(before['lsi'], {'Items': [doomed], 'Count': 1, 'ScannedCount': 1})
        self.assertEqual(sorted(before['sparse']['Items'], key=lambda i: i['SK']['S']),
                         [keys_only(doomed), keys_only(survivor)])
        advance_clock(200)
        self.wait_deleted(name, {'PK': S('p'), 'SK': S('1')})
        self.assertEqual(query('gsi', *queries['gsi']),
                         {'Items': [survivor], 'Count': 1, 'ScannedCount': 1})
        self.assertEqual(query('lsi', *queries['lsi']),
                         {'Items': [], 'Count': 0, 'ScannedCount': 0})
        self.assertEqual(query('sparse', *queries['sparse']),
                         {'Items': [keys_only(survivor)], 'Count': 1, 'ScannedCount': 1})
        for index in ('gsi', 'lsi', 'sparse'):
            scan = harness.without_metadata(self.ddb.scan(TableName=name, IndexName=index))
            self.assertEqual(scan['Count'], 1, msg=f'{index}: {scan}')
            self.assertNotIn('1', [i['SK']['S'] for i in scan['Items']], msg=index)
        self.assertEqual(self.ddb.describe_table(TableName=name)['Table']['ItemCount'], 1)


class StreamRecordTest(TtlTestCase):
    """A TTL deletion's stream record: REMOVE, with the old image, marked as
    the service's (Developer Guide "TTL and DynamoDB Streams"; ScyllaDB
    test_ttl.py test_ttl_expiration_streams, on AWS)."""

    def stream_table(self, ddb=None):
        name = self.ttl_table(
            ddb=ddb,
            StreamSpecification={'StreamEnabled': True, 'StreamViewType': 'NEW_AND_OLD_IMAGES'})
        arn = self.ddb.describe_table(TableName=name)['Table']['LatestStreamArn']
        return name, arn

    def assertRecord(self, record, expected, earliest, latest):
        """record is expected but for eventID (32 lowercase hex), SequenceNumber
        (21 digits, '1' first) and ApproximateCreationDateTime (whole
        seconds of the engine's clock, in [earliest, latest])."""
        record = dict(record)
        dynamodb = dict(record['dynamodb'])
        self.assertRegex(record.pop('eventID'), r'^[0-9a-f]{32}$')
        self.assertRegex(dynamodb.pop('SequenceNumber'), r'^1[0-9]{20}$')
        created = dynamodb.pop('ApproximateCreationDateTime').timestamp()
        self.assertEqual(created, int(created))
        self.assertGreaterEqual(created, math.floor(earliest))
        self.assertLessEqual(created, latest)
        record['dynamodb'] = dynamodb
        self.assertEqual(record, expected)

    def test_ttl_deletion_record_is_the_services(self):
        name, arn = self.stream_table()
        streams = streams_client()
        start = clock_now()
        item_key = {'PK': S('gone')}
        exp = expiry(start + 100)
        item = {**item_key, TTL_ATTR: N(exp), 'data': S('payload')}
        self.ddb.put_item(TableName=name, Item=item)
        moved = advance_clock(200)
        self.wait_deleted(name, item_key)
        latest = clock_now()
        records = all_records(streams, arn)
        self.assertEqual(len(records), 2, msg=records)
        # PK + 'gone', exp + the Number, data + 'payload'.
        item_bytes = 2 + 4 + 3 + NUMBER_BYTES + 4 + 7
        self.assertRecord(records[0], {
            'awsRegion': 'us-east-1', 'eventName': 'INSERT', 'eventSource': 'aws:dynamodb',
            'eventVersion': '1.1',
            'dynamodb': {'Keys': item_key, 'NewImage': item, 'SizeBytes': 6 + item_bytes,
                         'StreamViewType': 'NEW_AND_OLD_IMAGES'},
        }, start, moved)
        self.assertRecord(records[1], {
            'awsRegion': 'us-east-1', 'eventName': 'REMOVE', 'eventSource': 'aws:dynamodb',
            'eventVersion': '1.1', 'userIdentity': SERVICE_IDENTITY,
            'dynamodb': {'Keys': item_key, 'OldImage': item, 'SizeBytes': 6 + item_bytes,
                         'StreamViewType': 'NEW_AND_OLD_IMAGES'},
        }, moved, latest)
        self.assertGreater(int(records[1]['dynamodb']['SequenceNumber']),
                           int(records[0]['dynamodb']['SequenceNumber']))

    def test_delete_item_record_has_no_user_identity(self):
        name, arn = self.stream_table()
        streams = streams_client()
        start = clock_now()
        item_key = {'PK': S('mine')}
        item = {**item_key, 'data': S('payload')}
        self.ddb.put_item(TableName=name, Item=item)
        self.ddb.delete_item(TableName=name, Key=item_key)
        records = all_records(streams, arn)
        self.assertEqual(len(records), 2, msg=records)
        self.assertNotIn('userIdentity', records[0])
        self.assertNotIn('userIdentity', records[1])
        self.assertRecord(records[1], {
            'awsRegion': 'us-east-1', 'eventName': 'REMOVE', 'eventSource': 'aws:dynamodb',
            'eventVersion': '1.1',
            'dynamodb': {'Keys': item_key, 'OldImage': item, 'SizeBytes': 6 + 6 + 11,
                         'StreamViewType': 'NEW_AND_OLD_IMAGES'},
        }, start, clock_now())

    def test_ttl_record_carries_the_region_that_enabled_the_stream(self):
        # The table and its stream are made through eu-west-1; the item is
        # written through us-east-1. The write's record names the write's
        # region, the deletion's the region that enabled the stream
        # (dynarock's rule, /tmp/spec: the service has one region per table).
        eu = boto3.session.Session().client(
            'dynamodb', region_name='eu-west-1', endpoint_url=harness.endpoint(),
            aws_access_key_id=harness.DUMMY_ACCESS_KEY,
            aws_secret_access_key=harness.DUMMY_SECRET_KEY,
            config=botocore.config.Config(retries={'max_attempts': 1}))
        name, arn = self.stream_table(ddb=eu)
        streams = streams_client()
        item_key = {'PK': S('r')}
        self.ddb.put_item(TableName=name, Item={**item_key, TTL_ATTR: N(expiry(clock_now() + 100))})
        advance_clock(200)
        self.wait_deleted(name, item_key)
        records = all_records(streams, arn)
        self.assertEqual([(r['eventName'], r['awsRegion'], r.get('userIdentity'))
                          for r in records],
                         [('INSERT', 'us-east-1', None),
                          ('REMOVE', 'eu-west-1', SERVICE_IDENTITY)])


class ExpiredButNotSweptTest(DynamoTestCase):
    """An expired item is read as any other until the sweep deletes it
    (Developer Guide "Time to Live (TTL)": "items that have expired, but
    haven't yet been deleted by TTL, still appear in reads, queries, and
    scans").

    Made deterministic with a server whose sweep runs once at start and then
    not for an hour (--ttl-interval 3600), on a database prepared by a first
    server: the table has TTL enabled and a canary item whose expiry is in
    the past of the real clock but in the future of the first server's
    clock (set ten days back). The second server's first pass deletes the
    canary; once it is gone, no pass will run for an hour, and an item that
    then expires stays readable."""

    def start(self, db_path, interval):
        server = harness.Server(db_path=db_path,
                                extra_args=['--test-controls', '--ttl-interval', interval])
        server.start()
        return server

    def test_expired_item_is_readable_until_swept(self):
        db_path = tempfile.mkdtemp(prefix='dynarock_ttl_')
        self.addCleanup(shutil.rmtree, db_path, True)
        name = unique_table_name()
        canary_key = {'PK': S('canary')}

        first = self.start(db_path, '3600')
        try:
            ddb = harness.client(first.endpoint)
            real_now = time.time()
            set_clock(real_now - 10 * 86400, port=first.port)
            ddb.create_table(TableName=name, BillingMode='PAY_PER_REQUEST', **HASH_ONLY)
            ddb.update_time_to_live(
                TableName=name,
                TimeToLiveSpecification={'Enabled': True, 'AttributeName': TTL_ATTR})
            ddb.put_item(TableName=name, Item={**canary_key, TTL_ATTR: N(int(real_now) - 60)})
        finally:
            first.stop()

        second = self.start(db_path, '3600')
        self.addCleanup(second.stop)
        ddb = harness.client(second.endpoint)
        deadline = time.monotonic() + POLL_TIMEOUT_S
        while ddb.get_item(TableName=name, Key=canary_key, ConsistentRead=True).get('Item'):
            if time.monotonic() > deadline:
                self.fail('the first sweep pass did not delete the canary')
            time.sleep(POLL_STEP_S)

        now = clock_now(second.port)
        item_key = {'PK': S('expired')}
        item = {**item_key, TTL_ATTR: N(expiry(now + 100)), 'v': S('still here')}
        ddb.put_item(TableName=name, Item=item)
        moved = advance_clock(1000, port=second.port)
        self.assertGreater(moved, int(item[TTL_ATTR]['N']))
        for consistent in (True, False):
            self.assertEqual(ddb.get_item(TableName=name, Key=item_key,
                                          ConsistentRead=consistent).get('Item'), item)
        self.assertEqual(harness.without_metadata(ddb.query(
            TableName=name, KeyConditionExpression='PK = :p',
            ExpressionAttributeValues={':p': S('expired')})),
            {'Items': [item], 'Count': 1, 'ScannedCount': 1})
        self.assertEqual(harness.without_metadata(ddb.scan(TableName=name)),
                         {'Items': [item], 'Count': 1, 'ScannedCount': 1})
        self.assertEqual(ddb.batch_get_item(RequestItems={name: {'Keys': [item_key]}})[
            'Responses'], {name: [item]})
        self.assertEqual(ddb.describe_table(TableName=name)['Table']['ItemCount'], 1)


class TimeToLiveApiTest(TtlTestCase):
    """UpdateTimeToLive/DescribeTimeToLive: responses and errors (ack-api-quirks
    table-subresources.md DDB-TABLE-143..147, live us-east-1; ScyllaDB
    test_ttl.py on AWS)."""

    def setUp(self):
        self.name = self.ttl_table(attribute=None)

    def update(self, spec, name=None):
        return self.ddb.update_time_to_live(TableName=name or self.name,
                                            TimeToLiveSpecification=spec)

    def describe(self, name=None):
        return harness.without_metadata(self.ddb.describe_time_to_live(TableName=name or self.name))

    def test_new_table_is_disabled(self):
        self.assertEqual(self.describe(),
                         {'TimeToLiveDescription': {'TimeToLiveStatus': 'DISABLED'}})

    def test_enable_echoes_and_describe_reports_enabled(self):
        resp = self.update({'Enabled': True, 'AttributeName': 'expiresAt'})
        self.assertEqual(harness.without_metadata(resp), {
            'TimeToLiveSpecification': {'Enabled': True, 'AttributeName': 'expiresAt'}})
        self.assertEqual(self.describe(), {'TimeToLiveDescription': {
            'TimeToLiveStatus': 'ENABLED', 'AttributeName': 'expiresAt'}})
        # Raw: the same shape on the wire.
        status, _, body = harness.raw_request('DescribeTimeToLive', {'TableName': self.name})
        self.assertEqual((status, body), (200, {'TimeToLiveDescription': {
            'TimeToLiveStatus': 'ENABLED', 'AttributeName': 'expiresAt'}}))

    def test_enable_twice(self):
        self.update({'Enabled': True, 'AttributeName': 'ttl'})
        with self.assertDynamoError('ValidationException', 'TimeToLive is already enabled'):
            self.update({'Enabled': True, 'AttributeName': 'ttl'})

    def test_enable_on_another_attribute(self):
        self.update({'Enabled': True, 'AttributeName': 'ttl'})
        with self.assertDynamoError(
                'ValidationException',
                'TimeToLive is active on a different AttributeName: current AttributeName is ttl'):
            self.update({'Enabled': True, 'AttributeName': 'other'})
        self.assertEqual(self.describe(), {'TimeToLiveDescription': {
            'TimeToLiveStatus': 'ENABLED', 'AttributeName': 'ttl'}})

    def test_disable_when_disabled(self):
        with self.assertDynamoError('ValidationException', 'TimeToLive is already disabled'):
            self.update({'Enabled': False, 'AttributeName': 'ttl'})

    def test_disable_naming_another_attribute(self):
        self.update({'Enabled': True, 'AttributeName': 'ttl'})
        with self.assertDynamoError(
                'ValidationException',
                'TimeToLive is active on a different AttributeName: current AttributeName is ttl'):
            self.update({'Enabled': False, 'AttributeName': 'dog'})

    def test_a_second_change_waits_an_hour(self):
        self.update({'Enabled': True, 'AttributeName': 'ttl'})
        advance_clock(3599)
        with self.assertDynamoError(
                'ValidationException',
                'Time to live has been modified multiple times within a fixed interval'):
            self.update({'Enabled': False, 'AttributeName': 'ttl'})
        self.assertEqual(self.describe(), {'TimeToLiveDescription': {
            'TimeToLiveStatus': 'ENABLED', 'AttributeName': 'ttl'}})
        advance_clock(2)
        resp = self.update({'Enabled': False, 'AttributeName': 'ttl'})
        self.assertEqual(harness.without_metadata(resp), {
            'TimeToLiveSpecification': {'Enabled': False, 'AttributeName': 'ttl'}})
        self.assertEqual(self.describe(),
                         {'TimeToLiveDescription': {'TimeToLiveStatus': 'DISABLED'}})

    def test_missing_table(self):
        name = unique_table_name()
        message = f'Requested resource not found: Table: {name} not found'
        with self.assertDynamoError('ResourceNotFoundException', message):
            self.describe(name)
        with self.assertDynamoError('ResourceNotFoundException', message):
            self.update({'Enabled': True, 'AttributeName': 'ttl'}, name)
        self.assertRawError(harness.raw_request('DescribeTimeToLive', {'TableName': name}),
                            400, TYPE_RESOURCE_NOT_FOUND, message)

    def test_validation_errors(self):
        # The standard constraint texts (ack-api-quirks; ScyllaDB test_ttl.py
        # matches "ValidationException.*length" for the empty name).
        prefix = '1 validation error detected: '
        cases = [
            ({'TableName': self.name},
             prefix + "Value null at 'timeToLiveSpecification' failed to satisfy constraint: "
                      'Member must not be null'),
            ({'TableName': self.name, 'TimeToLiveSpecification': {'Enabled': True}},
             prefix + "Value null at 'timeToLiveSpecification.attributeName' failed to satisfy "
                      'constraint: Member must not be null'),
            ({'TableName': self.name, 'TimeToLiveSpecification': {'AttributeName': 'x'}},
             prefix + "Value null at 'timeToLiveSpecification.enabled' failed to satisfy "
                      'constraint: Member must not be null'),
            ({'TableName': self.name,
              'TimeToLiveSpecification': {'Enabled': True, 'AttributeName': ''}},
             prefix + "Value '' at 'timeToLiveSpecification.attributeName' failed to satisfy "
                      'constraint: Member must have length greater than or equal to 1'),
            ({'TableName': self.name,
              'TimeToLiveSpecification': {'Enabled': True, 'AttributeName': 'x' * 256}},
             prefix + f"Value '{'x' * 256}' at 'timeToLiveSpecification.attributeName' failed "
                      'to satisfy constraint: Member must have length less than or equal to 255'),
            ({'TimeToLiveSpecification': {'Enabled': True, 'AttributeName': 'x'}},
             prefix + "Value null at 'tableName' failed to satisfy constraint: "
                      'Member must not be null'),
            ({},
             "2 validation errors detected: Value null at 'tableName' failed to satisfy "
             "constraint: Member must not be null; Value null at 'timeToLiveSpecification' "
             'failed to satisfy constraint: Member must not be null'),
        ]
        for body, message in cases:
            with self.subTest(body=json.dumps(body)[:80]):
                self.assertRawError(harness.raw_request('UpdateTimeToLive', body),
                                    400, TYPE_VALIDATION, message)
        self.assertRawError(harness.raw_request('DescribeTimeToLive', {}), 400, TYPE_VALIDATION,
                            prefix + "Value null at 'tableName' failed to satisfy constraint: "
                                     'Member must not be null')
        self.assertEqual(self.describe(),
                         {'TimeToLiveDescription': {'TimeToLiveStatus': 'DISABLED'}})

    def test_enabled_of_the_wrong_type(self):
        # ScyllaDB test_ttl.py test_ttl_enable_error (on AWS): Enabled "dog"
        # is a SerializationException, with no `message` but `Message`.
        result = harness.raw_request('UpdateTimeToLive', {
            'TableName': self.name,
            'TimeToLiveSpecification': {'Enabled': 'dog', 'AttributeName': 'x'}})
        self.assertRawError(result, 400, TYPE_SERIALIZATION,
                            'Unexpected token received from parser', message_key='Message')


class ClockControlTest(unittest.TestCase):
    """/_dynarock/clock (dynarock's own; wire/test_controls.h)."""

    def assertClockBody(self, status, ctype, data, low, high):
        self.assertEqual((status, ctype), (200, 'application/json'), msg=data)
        body = json.loads(data)
        self.assertEqual(set(body), {'now'})
        self.assertIsInstance(body['now'], float)
        self.assertGreaterEqual(body['now'], low)
        self.assertLessEqual(body['now'], high)
        return body['now']

    def test_get_reads_the_clock(self):
        first = clock_now()
        status, ctype, data = control('GET', '/_dynarock/clock')
        second = self.assertClockBody(status, ctype, data, first, first + 5)
        # A query string is no part of the path.
        status, ctype, data = control('GET', '/_dynarock/clock?verbose=1')
        self.assertClockBody(status, ctype, data, second, second + 5)

    def test_advance_moves_the_clock_and_it_keeps_flowing(self):
        before = clock_now()
        status, ctype, data = control('POST', '/_dynarock/clock', '{"advance": 3600}')
        moved = self.assertClockBody(status, ctype, data, before + 3600, before + 3605)
        self.assertGreaterEqual(clock_now(), moved)
        # Fractions are allowed.
        status, ctype, data = control('POST', '/_dynarock/clock', '{"advance": 0.5}')
        self.assertClockBody(status, ctype, data, moved + 0.5, moved + 5.5)

    def test_set_puts_the_clock_there(self):
        target = clock_now() + 7 * 86400 + 0.25
        status, ctype, data = control('POST', '/_dynarock/clock', json.dumps({'set': target}))
        now = self.assertClockBody(status, ctype, data, target, target + 5)
        later = clock_now()
        self.assertGreaterEqual(later, now)
        self.assertLess(later, target + 5)

    def test_bad_bodies(self):
        bodies = ['', 'nope', 'null', '1', '[1]', '"advance"', '{}', '{"advance": "1"}',
                  '{"advance": null}', '{"set": true}', '{"advance": 1, "set": 2}',
                  '{"advance": 1, "extra": 2}', '{"Advance": 1}', '{"advance": [1]}',
                  '{"advance": 1e400}', '{"advance": 1']
        for body in bodies:
            with self.subTest(body=body):
                before = clock_now()
                status, ctype, data = control('POST', '/_dynarock/clock', body)
                self.assertEqual((status, ctype, json.loads(data)),
                                 (400, 'application/json', CLOCK_USAGE))
                self.assertLess(abs(clock_now() - before), 5, msg='a bad body moved the clock')

    def test_unknown_control(self):
        for method, path in [('GET', '/_dynarock/nope'), ('POST', '/_dynarock/nope'),
                             ('GET', '/_dynarock/'), ('GET', '/_dynarock/clock/'),
                             ('GET', '/_dynarock/clock/now')]:
            with self.subTest(method=method, path=path):
                status, ctype, data = control(method, path, None if method == 'GET' else '{}')
                self.assertEqual((status, ctype, json.loads(data)),
                                 (404, 'application/json', {'message': 'no such control'}))

    def test_other_methods(self):
        for method in ('PUT', 'DELETE', 'PATCH'):
            with self.subTest(method=method):
                status, ctype, data = control(method, '/_dynarock/clock', '{"advance": 1}')
                self.assertEqual((status, ctype, json.loads(data)),
                                 (405, 'application/json', {'message': 'GET or POST'}))

    def test_server_without_test_controls_answers_404(self):
        server = harness.Server()
        server.start()
        self.addCleanup(server.stop)
        for method, path, body in [('GET', '/_dynarock/clock', None),
                                   ('POST', '/_dynarock/clock', '{"advance": 100}'),
                                   ('POST', '/_dynarock/clock', '{"set": 1}'),
                                   ('GET', '/_dynarock/nope', None)]:
            with self.subTest(method=method, path=path, body=body):
                status, ctype, data = control(method, path, body, port=server.port)
                self.assertEqual((status, ctype, data), (404, None, NOT_FOUND_BODY))


if __name__ == '__main__':
    unittest.main()
