"""DynamoDB Streams through boto3 (`dynamodbstreams` and `dynamodb` clients)
and raw HTTP (target DynamoDBStreams_20120810.X): ListStreams,
DescribeStream, GetShardIterator and GetRecords; the records of every view
type (Keys, images, SizeBytes, awsRegion), and which writes make none; shard
rollover every 4 hours, with a reader following the shard lineage while a
writer writes; retention (24 hours), iterator expiry (15 minutes), disabled
streams (UpdateTable, DeleteTable); every error of the Streams API; the
test clock controls.

The module's server runs with --test-controls: the tests move the engine's
clock (POST /_dynarock/clock {"advance": SECONDS}) instead of waiting, and
read it (GET /_dynarock/clock) for the times the records carry. Every test
uses tables of its own; moving the clock affects the whole server, so no
test relies on the age of another test's stream.

Expected values are the real service's where a source gives them (the
research notes' sources):
  - API reference, DynamoDB Streams (shapes, limits, the 24 h retention, the
    15 min iterator lifetime, "The data you are trying to access has been
    trimmed.");
  - ScyllaDB Alternator's test_streams.py, written to pass on the service
    (NextShardIterator absent at the end of a closed shard, no record for an
    unchanged write, disabled streams still listed and readable, an unknown
    ExclusiveStartShardId is no error, ValidationException codes);
  - issues quoting the service: "Requested resource not found: Stream: <arn>
    not found", "Requested resource not found: Shard does not exist",
    "Shard iterator has expired";
  - the Developer Guide on TTL deletions' userIdentity.
dynarock's specification (the shard layout: 4 shards per generation, the
sequence number and shard id forms, rollover at 4 hours) fills in what the
service does not document. "UNVERIFIED" marks a message resting on the
service's usual validation wording rather than on a capture.

Run: DYNAROCK_BIN=.../build/dynarock python3 -m unittest test_streams
(from tests/client).
"""

import base64
import collections
import datetime
import http.client
import json
import math
import os
import re
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import boto3  # noqa: E402
import botocore.config  # noqa: E402
import botocore.exceptions  # noqa: E402

import harness  # noqa: E402
from harness import (ACCOUNT_ID, HASH_ONLY, HASH_RANGE, REGION,  # noqa: E402
                     TYPE_RESOURCE_NOT_FOUND, TYPE_UNKNOWN_OPERATION, TYPE_VALIDATION,
                     DynamoTestCase, N, S, item_size, key, random_string, table_arn)

STREAMS_PREFIX = 'DynamoDBStreams_20120810.'
OTHER_REGION = 'eu-west-1'

# Times, in seconds of the engine's clock.
ROLLOVER = 4 * 3600            # a generation of shards lasts this long
RETENTION = 24 * 3600          # records, and disabled streams, last this long
ITERATOR_LIFETIME = 15 * 60    # a shard iterator lasts this long

SEQ_RE = re.compile(r'^1\d{20}$')
SHARD_ID_RE = re.compile(r'^shardId-(\d{20})-[0-9a-f]{8}$')
EVENT_ID_RE = re.compile(r'^[0-9a-f]{32}$')
LABEL_RE = re.compile(r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}$')

TYPE_EXPIRED = 'com.amazonaws.dynamodb.v20120810#ExpiredIteratorException'
TYPE_TRIMMED = 'com.amazonaws.dynamodb.v20120810#TrimmedDataAccessException'

MSG_INVALID_ARN = 'Invalid StreamArn'
MSG_NO_SHARD = 'Requested resource not found: Shard does not exist'
MSG_EXPIRED = 'Shard iterator has expired'
# API reference (TrimmedDataAccessException), without its stray leading quote.
MSG_TRIMMED = 'The data you are trying to access has been trimmed.'
MSG_INVALID_ITERATOR = 'Invalid ShardIterator'
MSG_NEEDS_SEQ = ('Must specify a sequence number for the AT_SEQUENCE_NUMBER and '
                 'AFTER_SEQUENCE_NUMBER shard iterator types')
MSG_NO_SEQ = ('Sequence number must not be specified for the TRIM_HORIZON and '
              'LATEST shard iterator types')
MSG_CLOCK_BODY = 'expected {"advance": SECONDS} or {"set": EPOCH_SECONDS}'
TTL_IDENTITY = {'Type': 'Service', 'PrincipalId': 'dynamodb.amazonaws.com'}

# A shard id of the right form that no stream has.
NO_SUCH_SHARD = 'shardId-00000000000000000001-00000000'


def setUpModule():
    harness.start_module_server(extra_args=['--test-controls'])


def tearDownModule():
    harness.stop_module_server()


# ------------------------------------------------------------------ helpers

def clock_request(method, body=None, path='/_dynarock/clock', endpoint_url=None):
    """One request to the test controls: (status, parsed JSON or raw bytes)."""
    m = re.match(r'^http://([^:/]+):(\d+)', endpoint_url or harness.endpoint())
    conn = http.client.HTTPConnection(m.group(1), int(m.group(2)), timeout=30)
    if body is not None and not isinstance(body, (bytes, str)):
        body = json.dumps(body)
    try:
        conn.request(method, path, body=body,
                     headers={'Content-Type': 'application/json'} if body is not None else {})
        resp = conn.getresponse()
        data = resp.read()
        status = resp.status
    finally:
        conn.close()
    try:
        return status, json.loads(data.decode('utf-8'))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return status, data


def clock_now():
    """The engine's clock, in epoch seconds."""
    status, body = clock_request('GET')
    assert status == 200, body
    return body['now']


def advance_clock(seconds):
    """Moves the engine's clock forward; returns its new time."""
    status, body = clock_request('POST', {'advance': seconds})
    assert status == 200, body
    return body['now']


def client_config():
    return botocore.config.Config(retries={'max_attempts': 1}, connect_timeout=10,
                                  read_timeout=60, parameter_validation=True)


def streams_client(region=REGION):
    """A boto3 DynamoDB Streams client for the server, like harness.client()."""
    return boto3.session.Session().client(
        'dynamodbstreams', region_name=region, endpoint_url=harness.endpoint(),
        aws_access_key_id=harness.DUMMY_ACCESS_KEY,
        aws_secret_access_key=harness.DUMMY_SECRET_KEY, config=client_config())


def dynamodb_client(region):
    """harness.client() signing for another region."""
    return boto3.session.Session().client(
        'dynamodb', region_name=region, endpoint_url=harness.endpoint(),
        aws_access_key_id=harness.DUMMY_ACCESS_KEY,
        aws_secret_access_key=harness.DUMMY_SECRET_KEY, config=client_config())


def streams_raw(operation, body):
    """A raw Streams API request: (status, headers, parsed JSON)."""
    return harness.raw_request(STREAMS_PREFIX + operation, body)


def stream_arn(table, label, region=REGION, account=ACCOUNT_ID):
    return f'arn:aws:dynamodb:{region}:{account}:table/{table}/stream/{label}'


def label_of(t):
    """A stream label for an engine time: UTC, milliseconds truncated."""
    secs = int(t)
    base = datetime.datetime.fromtimestamp(secs, tz=datetime.timezone.utc)
    return base.strftime('%Y-%m-%dT%H:%M:%S') + '.%03d' % int((t - secs) * 1000)


def seq(record):
    return int(record['dynamodb']['SequenceNumber'])


def shard_ms(shard_id):
    return int(SHARD_ID_RE.match(shard_id).group(1))


def stream_spec(view):
    return {'StreamEnabled': True, 'StreamViewType': view}


def expected_record(event, view, keys, new=None, old=None, region=REGION):
    """A record as GetRecords gives it, without eventID, SequenceNumber and
    ApproximateCreationDateTime (checked apart): the images the view type
    includes, and SizeBytes the item sizes of Keys and of each image."""
    body = {'Keys': keys}
    size = item_size(keys)
    if new is not None and view in ('NEW_IMAGE', 'NEW_AND_OLD_IMAGES'):
        body['NewImage'] = new
        size += item_size(new)
    if old is not None and view in ('OLD_IMAGE', 'NEW_AND_OLD_IMAGES'):
        body['OldImage'] = old
        size += item_size(old)
    body['SizeBytes'] = size
    body['StreamViewType'] = view
    return {'eventName': event, 'eventVersion': '1.1', 'eventSource': 'aws:dynamodb',
            'awsRegion': region, 'dynamodb': body}


class StreamsTestCase(DynamoTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.streams = streams_client()

    # ---- tables and streams

    def stream_table(self, view='NEW_AND_OLD_IMAGES', range_key=False):
        """A new table with a stream of this view type: (name, stream ARN)."""
        schema = HASH_RANGE if range_key else HASH_ONLY
        name, resp = self.create_table(BillingMode='PAY_PER_REQUEST',
                                       StreamSpecification=stream_spec(view), **schema)
        return name, resp['TableDescription']['LatestStreamArn']

    def plain_table(self):
        name, _ = self.create_table(BillingMode='PAY_PER_REQUEST', **HASH_ONLY)
        return name

    def update_stream(self, name, spec):
        return self.ddb.update_table(TableName=name, StreamSpecification=spec)['TableDescription']

    def describe(self, arn, **kwargs):
        return self.streams.describe_stream(StreamArn=arn, **kwargs)['StreamDescription']

    def all_shards(self, arn, **kwargs):
        """Every shard DescribeStream lists, over all its pages."""
        shards, start = [], {}
        for _ in range(100):
            d = self.describe(arn, **kwargs, **start)
            shards += d['Shards']
            if 'LastEvaluatedShardId' not in d:
                return shards
            start = {'ExclusiveStartShardId': d['LastEvaluatedShardId']}
        self.fail('DescribeStream kept paging')

    def children(self, arn, shard_id):
        return self.all_shards(arn, ShardFilter={'Type': 'CHILD_SHARDS', 'ShardId': shard_id})

    def iterator(self, arn, shard_id, type_='TRIM_HORIZON', sequence_number=None):
        kwargs = {} if sequence_number is None else {'SequenceNumber': sequence_number}
        return self.streams.get_shard_iterator(StreamArn=arn, ShardId=shard_id,
                                               ShardIteratorType=type_, **kwargs)['ShardIterator']

    def read_iterator(self, it, limit=None):
        """Reads from an iterator until a closed shard's end (NextShardIterator
        absent: closed=True) or an empty page of an open shard (closed=False).
        Returns (records, closed, last NextShardIterator)."""
        records = []
        for _ in range(1000):
            resp = self.streams.get_records(ShardIterator=it, **({'Limit': limit} if limit else {}))
            self.assertEqual(set(harness.without_metadata(resp)) - {'NextShardIterator'},
                             {'Records'})
            records += resp['Records']
            if 'NextShardIterator' not in resp:
                return records, True, None
            it = resp['NextShardIterator']
            if not resp['Records']:
                return records, False, it
        self.fail('GetRecords never reached the end')

    def read_shard(self, arn, shard_id, type_='TRIM_HORIZON', sequence_number=None):
        records, closed, _ = self.read_iterator(
            self.iterator(arn, shard_id, type_, sequence_number))
        return records, closed

    def read_stream(self, arn):
        """Every record of every listed shard, in sequence number order."""
        records = []
        for shard in self.all_shards(arn):
            records += self.read_shard(arn, shard['ShardId'])[0]
        return sorted(records, key=seq)

    def shard_of(self, arn, record):
        """The listed shard holding this record (by reading every shard)."""
        for shard in self.all_shards(arn):
            if any(r['eventID'] == record['eventID']
                   for r in self.read_shard(arn, shard['ShardId'])[0]):
                return shard
        self.fail(f'no shard holds {record}')

    # ---- checks

    def assertRecords(self, records, expected, t0, t1):
        """records are exactly `expected` (see expected_record) in this order;
        each eventID is 32 lowercase hex digits, distinct; each
        SequenceNumber of the service's form; each ApproximateCreationDateTime
        a whole second of the engine's clock between t0 and t1."""
        stripped, ids = [], set()
        for r in records:
            r = dict(r)
            body = dict(r['dynamodb'])
            event_id = r.pop('eventID')
            self.assertRegex(event_id, EVENT_ID_RE)
            self.assertNotIn(event_id, ids, msg='duplicate eventID')
            ids.add(event_id)
            self.assertRegex(body.pop('SequenceNumber'), SEQ_RE)
            when = body.pop('ApproximateCreationDateTime')
            self.assertIsInstance(when, datetime.datetime)
            ts = when.timestamp()
            self.assertEqual(ts, math.floor(ts), msg='not a whole second')
            self.assertGreaterEqual(ts, math.floor(t0))
            self.assertLessEqual(ts, math.floor(t1))
            r['dynamodb'] = body
            stripped.append(r)
        self.assertEqual(stripped, expected)
        seqs = [seq(r) for r in records]
        self.assertEqual(len(set(seqs)), len(seqs), msg='duplicate sequence numbers')

    def assertShardForm(self, shard, generation_start=None, parent=None, closed=False):
        """A shard's exact members: ShardId of the form, Starting (and when
        closed Ending) sequence numbers, ParentShardId when given."""
        expected_keys = {'ShardId', 'SequenceNumberRange'}
        if parent:
            expected_keys.add('ParentShardId')
        self.assertEqual(set(shard), expected_keys, msg=shard)
        self.assertRegex(shard['ShardId'], SHARD_ID_RE)
        if generation_start is not None:
            self.assertLess(abs(shard_ms(shard['ShardId']) - generation_start * 1000), 1.0,
                            msg=f'{shard["ShardId"]} does not carry the time {generation_start}')
        if parent:
            self.assertEqual(shard['ParentShardId'], parent)
        rng = shard['SequenceNumberRange']
        self.assertEqual(set(rng), {'StartingSequenceNumber', 'EndingSequenceNumber'} if closed
                         else {'StartingSequenceNumber'}, msg=shard)
        self.assertRegex(rng['StartingSequenceNumber'], SEQ_RE)
        if closed:
            self.assertRegex(rng['EndingSequenceNumber'], SEQ_RE)
            self.assertGreaterEqual(int(rng['EndingSequenceNumber']),
                                    int(rng['StartingSequenceNumber']))

    def assertStreamsError(self, call, code, message, **kwargs):
        with self.assertDynamoError(code, message):
            call(**kwargs)

    def rollover(self, arn):
        """Moves the clock past a generation's life and lets a read roll the
        stream over; returns the clock's time before the read."""
        t = advance_clock(ROLLOVER + 1)
        self.describe(arn)
        return t


# ------------------------------------------------------------- ListStreams

class ListStreamsTest(StreamsTestCase):

    def test_lists_the_table_stream(self):
        name, arn = self.stream_table('KEYS_ONLY')
        table = self.ddb.describe_table(TableName=name)['Table']
        label = table['LatestStreamLabel']
        self.assertRegex(label, LABEL_RE)
        self.assertEqual(arn, f'{table_arn(name)}/stream/{label}')
        self.assertEqual(table['LatestStreamArn'], arn)
        self.assertEqual(table['StreamSpecification'], stream_spec('KEYS_ONLY'))
        resp = self.streams.list_streams(TableName=name)
        self.assertEqual(harness.without_metadata(resp), {
            'Streams': [{'StreamArn': arn, 'TableName': name, 'StreamLabel': label}]})

    def test_no_stream_lists_nothing(self):
        # Alternator test_list_streams_empty-like: Streams is [] (not absent).
        name = self.plain_table()
        self.assertEqual(harness.without_metadata(self.streams.list_streams(TableName=name)),
                         {'Streams': []})
        self.assertEqual(harness.without_metadata(
            self.streams.list_streams(TableName=harness.unique_table_name())), {'Streams': []})

    def test_disabled_streams_are_listed_and_paged(self):
        # Alternator test_streams_disabled_stream: a disabled stream is still
        # listed for its table; test_list_streams_paged: LastEvaluatedStreamArn
        # only when the page was cut at Limit with more to come.
        name, first = self.stream_table('KEYS_ONLY')
        self.update_stream(name, {'StreamEnabled': False})
        second = self.update_stream(name, stream_spec('NEW_IMAGE'))['LatestStreamArn']
        self.update_stream(name, {'StreamEnabled': False})
        third = self.update_stream(name, stream_spec('OLD_IMAGE'))['LatestStreamArn']
        arns = [first, second, third]
        self.assertEqual(len(set(arns)), 3)
        entries = [{'StreamArn': a, 'TableName': name, 'StreamLabel': a.rsplit('/', 1)[1]}
                   for a in arns]
        # Sorted by label (creation order).
        self.assertEqual(harness.without_metadata(self.streams.list_streams(TableName=name)),
                         {'Streams': entries})
        self.assertEqual(harness.without_metadata(
            self.streams.list_streams(TableName=name, Limit=3)), {'Streams': entries})
        # Limit 1: three pages.
        page = self.streams.list_streams(TableName=name, Limit=1)
        self.assertEqual(harness.without_metadata(page),
                         {'Streams': entries[:1], 'LastEvaluatedStreamArn': first})
        page = self.streams.list_streams(TableName=name, Limit=1, ExclusiveStartStreamArn=first)
        self.assertEqual(harness.without_metadata(page),
                         {'Streams': entries[1:2], 'LastEvaluatedStreamArn': second})
        page = self.streams.list_streams(TableName=name, Limit=1, ExclusiveStartStreamArn=second)
        self.assertEqual(harness.without_metadata(page), {'Streams': entries[2:]})
        # Limit 2: two pages.
        page = self.streams.list_streams(TableName=name, Limit=2)
        self.assertEqual(harness.without_metadata(page),
                         {'Streams': entries[:2], 'LastEvaluatedStreamArn': second})
        page = self.streams.list_streams(TableName=name, Limit=2, ExclusiveStartStreamArn=second)
        self.assertEqual(harness.without_metadata(page), {'Streams': entries[2:]})
        # Starting after the last: nothing.
        page = self.streams.list_streams(TableName=name, ExclusiveStartStreamArn=third)
        self.assertEqual(harness.without_metadata(page), {'Streams': []})

    def test_unfiltered_listing_is_sorted_by_table_then_label_and_pages(self):
        prefix = 'dynarock_ls_' + random_string(10)
        names = [prefix + '_b', prefix + '_a', prefix + '_c']
        arns = {}
        for n in names:
            _, resp = self.create_table(name=n, BillingMode='PAY_PER_REQUEST',
                                        StreamSpecification=stream_spec('KEYS_ONLY'), **HASH_ONLY)
            arns[n] = resp['TableDescription']['LatestStreamArn']
        ordered = [{'StreamArn': arns[n], 'TableName': n, 'StreamLabel': arns[n].rsplit('/', 1)[1]}
                   for n in sorted(names)]
        # An ExclusiveStartStreamArn that names no stream still pages: the
        # streams after it in (TableName, StreamLabel) order. Label "0" sorts
        # before any real label; no other table's name sorts between.
        start = stream_arn(prefix, '0')
        got, last = [], None
        for _ in range(3):
            page = self.streams.list_streams(Limit=1, ExclusiveStartStreamArn=last or start)
            self.assertEqual(len(page['Streams']), 1)
            self.assertEqual(page['LastEvaluatedStreamArn'], page['Streams'][0]['StreamArn'])
            got += page['Streams']
            last = page['LastEvaluatedStreamArn']
        self.assertEqual(got, ordered)
        # The whole list (every page of 100) is sorted and holds them.
        everything, start = [], {}
        for _ in range(100):
            page = self.streams.list_streams(**start)
            self.assertLessEqual(len(page['Streams']), 100)
            everything += page['Streams']
            if 'LastEvaluatedStreamArn' not in page:
                break
            start = {'ExclusiveStartStreamArn': page['LastEvaluatedStreamArn']}
        keys = [(s['TableName'], s['StreamLabel']) for s in everything]
        self.assertEqual(keys, sorted(keys))
        for entry in ordered:
            self.assertIn(entry, everything)

    def test_a_server_without_streams_lists_none(self):
        # A fresh server (without --test-controls, so its /_dynarock/ paths
        # are not served: 404, as any unknown path).
        server = harness.Server(extra_args=[])
        server.start()
        try:
            client = boto3.session.Session().client(
                'dynamodbstreams', region_name=REGION, endpoint_url=server.endpoint,
                aws_access_key_id=harness.DUMMY_ACCESS_KEY,
                aws_secret_access_key=harness.DUMMY_SECRET_KEY, config=client_config())
            self.assertEqual(harness.without_metadata(client.list_streams()), {'Streams': []})
            for method in ('GET', 'POST'):
                status, _ = clock_request(method, {'advance': 1} if method == 'POST' else None,
                                          endpoint_url=server.endpoint)
                self.assertEqual(status, 404)
        finally:
            server.stop()


# ----------------------------------------------------------- DescribeStream

class DescribeStreamTest(StreamsTestCase):

    def test_every_member_of_a_new_stream(self):
        before = clock_now()
        name, arn = self.stream_table('NEW_IMAGE', range_key=True)
        after = clock_now()
        label = arn.rsplit('/', 1)[1]
        # Raw, for the wire form of CreationRequestDateTime (epoch seconds).
        status, _, body = streams_raw('DescribeStream', {'StreamArn': arn})
        self.assertEqual(status, 200)
        d = body['StreamDescription']
        created = d['CreationRequestDateTime']
        self.assertIsInstance(created, float)
        self.assertGreaterEqual(created, before)
        self.assertLessEqual(created, after)
        # The label is the engine's time of the enable, to the millisecond.
        self.assertEqual(label, label_of(created))
        shards = d['Shards']
        self.assertEqual(d, {
            'StreamArn': arn, 'StreamLabel': label, 'StreamStatus': 'ENABLED',
            'StreamViewType': 'NEW_IMAGE', 'CreationRequestDateTime': created,
            'TableName': name,
            'KeySchema': [key('PK', 'HASH'), key('SK', 'RANGE')],
            'Shards': shards})
        # Four open shards of one generation, begun at the enable, in id order.
        self.assertEqual(len(shards), 4)
        ids = [s['ShardId'] for s in shards]
        self.assertEqual(ids, sorted(ids))
        self.assertEqual(len(set(ids)), 4)
        for s in shards:
            self.assertShardForm(s, generation_start=created)
        # Through boto3, the same.
        via_boto = self.describe(arn)
        self.assertEqual(via_boto['Shards'], shards)
        self.assertAlmostEqual(via_boto['CreationRequestDateTime'].timestamp(), created, delta=1e-5)

    def test_limit_and_exclusive_start_shard_id_page_in_id_order(self):
        name, arn = self.stream_table('KEYS_ONLY')
        self.rollover(arn)
        shards = self.describe(arn)['Shards']
        self.assertEqual(len(shards), 8)
        ids = [s['ShardId'] for s in shards]
        self.assertEqual(ids, sorted(ids))
        # Limit 3: 3, 3, 2; LastEvaluatedShardId is the page's last id, and
        # absent on the last page.
        d = self.describe(arn, Limit=3)
        self.assertEqual(d['Shards'], shards[0:3])
        self.assertEqual(d['LastEvaluatedShardId'], ids[2])
        d = self.describe(arn, Limit=3, ExclusiveStartShardId=ids[2])
        self.assertEqual(d['Shards'], shards[3:6])
        self.assertEqual(d['LastEvaluatedShardId'], ids[5])
        d = self.describe(arn, Limit=3, ExclusiveStartShardId=ids[5])
        self.assertEqual(d['Shards'], shards[6:8])
        self.assertNotIn('LastEvaluatedShardId', d)
        # A page holding exactly the rest: no LastEvaluatedShardId.
        d = self.describe(arn, Limit=8)
        self.assertEqual(d['Shards'], shards)
        self.assertNotIn('LastEvaluatedShardId', d)
        # Alternator test_describe_stream_with_nonexistent_last_shard: an
        # unknown id is no error (the shards after it in id order); after
        # the last, none.
        self.assertEqual(self.describe(arn, ExclusiveStartShardId=ids[-1])['Shards'], [])
        self.assertEqual(self.describe(arn, ExclusiveStartShardId=NO_SUCH_SHARD)['Shards'], shards)
        self.assertEqual(self.describe(
            arn, ExclusiveStartShardId='shardId-99999999999999999999-ffffffff')['Shards'], [])
        self.assertEqual(self.describe(arn, ExclusiveStartShardId=ids[3])['Shards'], shards[4:])

    def test_child_shards_filter(self):
        name, arn = self.stream_table('KEYS_ONLY')
        parents = self.describe(arn)['Shards']
        self.rollover(arn)
        shards = self.describe(arn)['Shards']
        parent_ids = {p['ShardId'] for p in parents}
        children = [s for s in shards if s['ShardId'] not in parent_ids]
        self.assertEqual(len(children), 4)
        for p in parents:
            expected = [c for c in children if c.get('ParentShardId') == p['ShardId']]
            self.assertEqual(len(expected), 1)
            got = self.describe(arn, ShardFilter={'Type': 'CHILD_SHARDS', 'ShardId': p['ShardId']})
            self.assertEqual(got['Shards'], expected)
            self.assertNotIn('LastEvaluatedShardId', got)
        # An open shard has no children yet; an unknown shard none.
        for c in children:
            self.assertEqual(self.describe(
                arn, ShardFilter={'Type': 'CHILD_SHARDS', 'ShardId': c['ShardId']})['Shards'], [])
        self.assertEqual(self.describe(
            arn, ShardFilter={'Type': 'CHILD_SHARDS', 'ShardId': NO_SUCH_SHARD})['Shards'], [])


# ---------------------------------------------------------- GetShardIterator

class GetShardIteratorTest(StreamsTestCase):

    def one_shard_records(self, count):
        """A KEYS_ONLY stream of a PK+SK table with `count` records of one
        partition (so in one shard): (table, arn, shard id, records)."""
        name, arn = self.stream_table('KEYS_ONLY', range_key=True)
        for i in range(count):
            self.ddb.put_item(TableName=name, Item={'PK': S('p'), 'SK': S(f'{i:03}')})
        records = self.read_stream(arn)
        self.assertEqual(len(records), count)
        shard = self.shard_of(arn, records[0])['ShardId']
        self.assertEqual(self.read_shard(arn, shard)[0], records)
        return name, arn, shard, records

    def test_iterator_form(self):
        _, arn = self.stream_table('KEYS_ONLY')
        shard = self.describe(arn)['Shards'][0]['ShardId']
        it = self.iterator(arn, shard)
        self.assertTrue(it.startswith(arn + '|1|'), msg=it)
        base64.b64decode(it[len(arn) + 3:], validate=True)
        self.assertLessEqual(len(it), 2048)

    def test_all_four_iterator_types(self):
        name, arn, shard, records = self.one_shard_records(3)
        keys = [r['dynamodb']['Keys']['SK']['S'] for r in records]
        self.assertEqual(keys, ['000', '001', '002'])
        s = [r['dynamodb']['SequenceNumber'] for r in records]
        self.assertEqual(self.read_shard(arn, shard, 'TRIM_HORIZON'), (records, False))
        self.assertEqual(self.read_shard(arn, shard, 'AT_SEQUENCE_NUMBER', s[0]), (records, False))
        self.assertEqual(self.read_shard(arn, shard, 'AT_SEQUENCE_NUMBER', s[1]),
                         (records[1:], False))
        self.assertEqual(self.read_shard(arn, shard, 'AFTER_SEQUENCE_NUMBER', s[1]),
                         (records[2:], False))
        self.assertEqual(self.read_shard(arn, shard, 'AFTER_SEQUENCE_NUMBER', s[2]), ([], False))
        # LATEST: only what is written after the iterator.
        latest = self.iterator(arn, shard, 'LATEST')
        self.assertEqual(self.read_iterator(latest)[:2], ([], False))
        self.ddb.put_item(TableName=name, Item={'PK': S('p'), 'SK': S('003')})
        got, closed, _ = self.read_iterator(latest)
        self.assertFalse(closed)
        self.assertEqual([r['dynamodb']['Keys'] for r in got], [{'PK': S('p'), 'SK': S('003')}])
        self.assertGreater(seq(got[0]), int(s[2]))
        # The after-the-read iterator picks up from there.
        self.assertEqual(self.read_shard(arn, shard, 'AFTER_SEQUENCE_NUMBER', s[2])[0], got)

    def test_iterator_types_on_a_closed_shard(self):
        name, arn, shard, records = self.one_shard_records(2)
        self.rollover(arn)
        closed = {s['ShardId']: s for s in self.describe(arn)['Shards']}[shard]
        self.assertShardForm(closed, closed=True)
        end = closed['SequenceNumberRange']['EndingSequenceNumber']
        self.assertGreaterEqual(int(end), seq(records[-1]))
        s = [r['dynamodb']['SequenceNumber'] for r in records]
        self.assertEqual(self.read_shard(arn, shard, 'TRIM_HORIZON'), (records, True))
        self.assertEqual(self.read_shard(arn, shard, 'AT_SEQUENCE_NUMBER', s[1]),
                         (records[1:], True))
        self.assertEqual(self.read_shard(arn, shard, 'AFTER_SEQUENCE_NUMBER', s[0]),
                         (records[1:], True))
        self.assertEqual(self.read_shard(arn, shard, 'AFTER_SEQUENCE_NUMBER', s[1]), ([], True))
        # LATEST on a closed shard: its end, nothing to read, no next iterator.
        resp = self.streams.get_records(ShardIterator=self.iterator(arn, shard, 'LATEST'))
        self.assertEqual(harness.without_metadata(resp), {'Records': []})


# --------------------------------------------------------------- GetRecords

class GetRecordsTest(StreamsTestCase):

    def test_limit_pages_and_next_iterator_on_an_open_shard(self):
        name, arn = self.stream_table('KEYS_ONLY', range_key=True)
        for i in range(5):
            self.ddb.put_item(TableName=name, Item={'PK': S('p'), 'SK': S(str(i))})
        all_records = self.read_stream(arn)
        shard = self.shard_of(arn, all_records[0])['ShardId']
        it = self.iterator(arn, shard)
        pages = []
        for expected_len in (2, 2, 1, 0, 0):
            resp = self.streams.get_records(ShardIterator=it, Limit=2)
            self.assertEqual(len(resp['Records']), expected_len)
            # An open shard always gives a next iterator, a new one each time.
            self.assertIn('NextShardIterator', resp)
            self.assertNotEqual(resp['NextShardIterator'], it)
            it = resp['NextShardIterator']
            pages += resp['Records']
        self.assertEqual(pages, all_records)
        self.assertEqual([r['dynamodb']['Keys']['SK'] for r in pages],
                         [S(str(i)) for i in range(5)])
        # Limit 1000 (the largest) and the default read everything.
        for limit in ({'Limit': 1000}, {}):
            resp = self.streams.get_records(ShardIterator=self.iterator(arn, shard), **limit)
            self.assertEqual(resp['Records'], all_records)
            self.assertIn('NextShardIterator', resp)

    def test_default_limit_is_1000(self):
        # API reference: at most 1000 records (or 1 MB) per call.
        name, arn = self.stream_table('KEYS_ONLY', range_key=True)
        count = 1001
        for start in range(0, count, 25):
            self.ddb.batch_write_item(RequestItems={name: [
                {'PutRequest': {'Item': {'PK': S('p'), 'SK': S(f'{i:05}')}}}
                for i in range(start, min(start + 25, count))]})
        shard = None
        for s in self.describe(arn)['Shards']:
            resp = self.streams.get_records(ShardIterator=self.iterator(arn, s['ShardId']))
            if resp['Records']:
                shard = s['ShardId']
                break
        self.assertEqual(len(resp['Records']), 1000)
        rest = self.streams.get_records(ShardIterator=resp['NextShardIterator'])
        self.assertEqual(len(rest['Records']), 1)
        self.assertIn('NextShardIterator', rest)
        keys = [r['dynamodb']['Keys']['SK']['S'] for r in resp['Records'] + rest['Records']]
        self.assertEqual(sorted(keys), [f'{i:05}' for i in range(count)])
        numbers = [seq(r) for r in resp['Records'] + rest['Records']]
        self.assertEqual(numbers, sorted(set(numbers)))
        self.assertEqual(self.read_shard(arn, shard, 'AFTER_SEQUENCE_NUMBER',
                                         rest['Records'][0]['dynamodb']['SequenceNumber']),
                         ([], False))

    def test_closed_shard_read_to_its_end_has_no_next_iterator(self):
        # Alternator test_streams_closed_read (the service omits the member).
        name, arn = self.stream_table('KEYS_ONLY', range_key=True)
        for i in range(3):
            self.ddb.put_item(TableName=name, Item={'PK': S('p'), 'SK': S(str(i))})
        records = self.read_stream(arn)
        shard = self.shard_of(arn, records[0])['ShardId']
        self.rollover(arn)
        it = self.iterator(arn, shard)
        resp = self.streams.get_records(ShardIterator=it, Limit=2)
        self.assertEqual(resp['Records'], records[:2])
        self.assertIn('NextShardIterator', resp)
        resp = self.streams.get_records(ShardIterator=resp['NextShardIterator'], Limit=2)
        self.assertEqual(harness.without_metadata(resp), {'Records': records[2:]})
        # A closed shard that never held a record: {"Records": []} alone.
        for s in self.describe(arn)['Shards']:
            if s['ShardId'] != shard and 'EndingSequenceNumber' in s['SequenceNumberRange']:
                resp = self.streams.get_records(ShardIterator=self.iterator(arn, s['ShardId']))
                self.assertEqual(harness.without_metadata(resp), {'Records': []})

    def test_record_wire_form(self):
        name, arn = self.stream_table('NEW_AND_OLD_IMAGES')
        t0 = clock_now()
        self.ddb.put_item(TableName=name,
                          Item={'PK': S('k'), 'n': N('12.5'), 'b': {'B': b'\x00\x01'}})
        t1 = clock_now()
        record = self.read_stream(arn)[0]
        shard = self.shard_of(arn, record)['ShardId']
        status, _, body = streams_raw('GetRecords', {'ShardIterator': self.iterator(arn, shard)})
        self.assertEqual(status, 200)
        self.assertEqual(set(body), {'Records', 'NextShardIterator'})
        (raw,) = body['Records']
        when = raw['dynamodb']['ApproximateCreationDateTime']
        # A JSON number of whole epoch seconds, the engine's time of the write.
        self.assertIsInstance(when, (int, float))
        self.assertEqual(when, math.floor(when))
        self.assertGreaterEqual(when, math.floor(t0))
        self.assertLessEqual(when, math.floor(t1))
        image = {'PK': S('k'), 'n': N('12.5'), 'b': {'B': 'AAE='}}
        # SizeBytes: Keys "PK"+"k" = 3; the image 3 + "n"+12.5 (1 + 3:
        # 3 significant digits -> 2 bytes + 1) + "b"+2 bytes (1 + 2) = 10.
        self.assertEqual(raw, {
            'eventID': record['eventID'], 'eventName': 'INSERT', 'eventVersion': '1.1',
            'eventSource': 'aws:dynamodb', 'awsRegion': REGION,
            'dynamodb': {'ApproximateCreationDateTime': when, 'Keys': {'PK': S('k')},
                         'NewImage': image, 'SequenceNumber': record['dynamodb']['SequenceNumber'],
                         'SizeBytes': 13, 'StreamViewType': 'NEW_AND_OLD_IMAGES'}})


# ------------------------------------------------------------------ records

class RecordContentTest(StreamsTestCase):

    def test_every_view_type_for_insert_modify_remove(self):
        k = {'PK': S('key1'), 'SK': S('s')}
        first = dict(k, a=S('1'))
        updated = dict(k, a=S('2'), b=S('xyz'))
        replaced = dict(k, c=S('replacement'))
        for view in ('KEYS_ONLY', 'NEW_IMAGE', 'OLD_IMAGE', 'NEW_AND_OLD_IMAGES'):
            with self.subTest(view=view):
                name, arn = self.stream_table(view, range_key=True)
                t0 = clock_now()
                self.ddb.put_item(TableName=name, Item=first)
                self.ddb.update_item(TableName=name, Key=k,
                                     UpdateExpression='SET a = :a, b = :b',
                                     ExpressionAttributeValues={':a': S('2'), ':b': S('xyz')})
                self.ddb.put_item(TableName=name, Item=replaced)
                self.ddb.delete_item(TableName=name, Key=k)
                t1 = clock_now()
                records = self.read_stream(arn)
                self.assertRecords(records, [
                    expected_record('INSERT', view, k, new=first),
                    expected_record('MODIFY', view, k, new=updated, old=first),
                    expected_record('MODIFY', view, k, new=replaced, old=updated),
                    expected_record('REMOVE', view, k, old=replaced),
                ], t0, t1)
                # One item: one shard, in the order written.
                shard = self.shard_of(arn, records[0])['ShardId']
                self.assertEqual(self.read_shard(arn, shard)[0], records)

    def test_images_and_size_bytes_literally(self):
        # The same rules as expected_record, spelled out for one view type:
        # Keys PK+"k1" = 4; {PK:"k1", attr:"value"} = 4 + 4 + 5 = 13.
        name, arn = self.stream_table('NEW_AND_OLD_IMAGES')
        self.ddb.put_item(TableName=name, Item={'PK': S('k1'), 'attr': S('value')})
        self.ddb.put_item(TableName=name, Item={'PK': S('k1'), 'attr': S('v')})
        self.ddb.delete_item(TableName=name, Key={'PK': S('k1')})
        got = [(r['eventName'], r['dynamodb'].get('NewImage'), r['dynamodb'].get('OldImage'),
                r['dynamodb']['SizeBytes']) for r in self.read_stream(arn)]
        self.assertEqual(got, [
            ('INSERT', {'PK': S('k1'), 'attr': S('value')}, None, 4 + 13),
            ('MODIFY', {'PK': S('k1'), 'attr': S('v')}, {'PK': S('k1'), 'attr': S('value')},
             4 + 9 + 13),
            ('REMOVE', None, {'PK': S('k1'), 'attr': S('v')}, 4 + 9),
        ])

    def test_aws_region_is_the_writers(self):
        name, arn = self.stream_table('KEYS_ONLY')
        other = dynamodb_client(OTHER_REGION)
        t0 = clock_now()
        self.ddb.put_item(TableName=name, Item={'PK': S('here')})
        other.put_item(TableName=name, Item={'PK': S('there')})
        other.delete_item(TableName=name, Key={'PK': S('here')})
        t1 = clock_now()
        self.assertRecords(self.read_stream(arn), [
            expected_record('INSERT', 'KEYS_ONLY', {'PK': S('here')}),
            expected_record('INSERT', 'KEYS_ONLY', {'PK': S('there')}, region=OTHER_REGION),
            expected_record('REMOVE', 'KEYS_ONLY', {'PK': S('here')}, region=OTHER_REGION),
        ], t0, t1)

    def test_writes_that_change_nothing_make_no_record(self):
        # Alternator do_updates_1: no record for an identical PutItem or a
        # DeleteItem of a missing item; likewise an UpdateItem that leaves
        # the item as it was.
        view = 'NEW_AND_OLD_IMAGES'
        name, arn = self.stream_table(view)
        item = {'PK': S('same'), 'a': S('1')}
        t0 = clock_now()
        self.ddb.put_item(TableName=name, Item=item)
        self.ddb.put_item(TableName=name, Item=item)
        self.ddb.update_item(TableName=name, Key={'PK': S('same')}, UpdateExpression='SET a = :a',
                             ExpressionAttributeValues={':a': S('1')})
        self.ddb.update_item(TableName=name, Key={'PK': S('same')}, UpdateExpression='REMOVE nope')
        self.ddb.delete_item(TableName=name, Key={'PK': S('missing')})
        self.ddb.put_item(TableName=name, Item={'PK': S('marker')})
        t1 = clock_now()
        self.assertRecords(self.read_stream(arn), [
            expected_record('INSERT', view, {'PK': S('same')}, new=item),
            expected_record('INSERT', view, {'PK': S('marker')}, new={'PK': S('marker')}),
        ], t0, t1)

    def test_failed_conditional_writes_make_no_record(self):
        view = 'NEW_AND_OLD_IMAGES'
        name, arn = self.stream_table(view)
        item = {'PK': S('c'), 'v': S('1')}
        t0 = clock_now()
        self.ddb.put_item(TableName=name, Item=item)
        for call, kwargs in (
                (self.ddb.put_item, dict(Item={'PK': S('c'), 'v': S('2')},
                                         ConditionExpression='attribute_not_exists(PK)')),
                (self.ddb.update_item, dict(Key={'PK': S('c')}, UpdateExpression='SET v = :v',
                                            ConditionExpression='v = :old',
                                            ExpressionAttributeValues={':v': S('3'),
                                                                       ':old': S('0')})),
                (self.ddb.delete_item, dict(Key={'PK': S('c')},
                                            ConditionExpression='attribute_not_exists(v)'))):
            with self.assertDynamoError('ConditionalCheckFailedException',
                                        harness.CCF_MESSAGE):
                call(TableName=name, **kwargs)
        self.ddb.put_item(TableName=name, Item={'PK': S('marker')})
        t1 = clock_now()
        self.assertRecords(self.read_stream(arn), [
            expected_record('INSERT', view, {'PK': S('c')}, new=item),
            expected_record('INSERT', view, {'PK': S('marker')}, new={'PK': S('marker')}),
        ], t0, t1)

    def test_batch_write_item_makes_one_record_per_changed_item(self):
        view = 'NEW_AND_OLD_IMAGES'
        name, arn = self.stream_table(view)
        kept = {'PK': S('kept'), 'v': S('1')}
        gone = {'PK': S('gone'), 'v': S('2')}
        t0 = clock_now()
        self.ddb.put_item(TableName=name, Item=kept)
        self.ddb.put_item(TableName=name, Item=gone)
        a, b = {'PK': S('a'), 'v': S('a')}, {'PK': S('b'), 'v': S('b')}
        resp = self.ddb.batch_write_item(RequestItems={name: [
            {'PutRequest': {'Item': a}},
            {'PutRequest': {'Item': b}},
            {'PutRequest': {'Item': kept}},                       # unchanged
            {'DeleteRequest': {'Key': {'PK': S('gone')}}},
            {'DeleteRequest': {'Key': {'PK': S('never')}}},       # missing
        ]})
        self.assertEqual(resp['UnprocessedItems'], {})
        t1 = clock_now()
        records = self.read_stream(arn)
        self.assertRecords(records[:2], [
            expected_record('INSERT', view, {'PK': S('kept')}, new=kept),
            expected_record('INSERT', view, {'PK': S('gone')}, new=gone),
        ], t0, t1)
        # The batch's records, in any order between items.
        by_key = sorted(records[2:], key=lambda r: r['dynamodb']['Keys']['PK']['S'])
        self.assertRecords(by_key, [
            expected_record('INSERT', view, {'PK': S('a')}, new=a),
            expected_record('INSERT', view, {'PK': S('b')}, new=b),
            expected_record('REMOVE', view, {'PK': S('gone')}, old=gone),
        ], t0, t1)

    def test_transact_write_items_makes_one_record_per_changed_item(self):
        view = 'NEW_AND_OLD_IMAGES'
        name, arn = self.stream_table(view)
        x, y = {'PK': S('x'), 'v': S('1')}, {'PK': S('y'), 'v': S('1')}
        t0 = clock_now()
        self.ddb.put_item(TableName=name, Item=x)
        self.ddb.put_item(TableName=name, Item=y)
        new = {'PK': S('new'), 'v': S('n')}
        self.ddb.transact_write_items(TransactItems=[
            {'Put': {'TableName': name, 'Item': new}},
            {'Update': {'TableName': name, 'Key': {'PK': S('x')}, 'UpdateExpression': 'SET v = :v',
                        'ExpressionAttributeValues': {':v': S('2')}}},
            {'Delete': {'TableName': name, 'Key': {'PK': S('y')}}},
            {'ConditionCheck': {'TableName': name, 'Key': {'PK': S('z')},
                                'ConditionExpression': 'attribute_not_exists(PK)'}},
        ])
        # A cancelled transaction: no record at all.
        with self.assertRaises(botocore.exceptions.ClientError) as cm:
            self.ddb.transact_write_items(TransactItems=[
                {'Put': {'TableName': name, 'Item': {'PK': S('never')}}},
                {'ConditionCheck': {'TableName': name, 'Key': {'PK': S('x')},
                                    'ConditionExpression': 'attribute_not_exists(PK)'}},
            ])
        self.assertEqual(cm.exception.response['Error']['Code'], 'TransactionCanceledException')
        t1 = clock_now()
        records = self.read_stream(arn)
        self.assertRecords(records[:2], [
            expected_record('INSERT', view, {'PK': S('x')}, new=x),
            expected_record('INSERT', view, {'PK': S('y')}, new=y),
        ], t0, t1)
        by_key = sorted(records[2:], key=lambda r: r['dynamodb']['Keys']['PK']['S'])
        self.assertRecords(by_key, [
            expected_record('INSERT', view, {'PK': S('new')}, new=new),
            expected_record('MODIFY', view, {'PK': S('x')}, new={'PK': S('x'), 'v': S('2')}, old=x),
            expected_record('REMOVE', view, {'PK': S('y')}, old=y),
        ], t0, t1)

    def test_ttl_deletion_record(self):
        # Developer Guide (TTL and streams); Alternator test_ttl_expiration_streams:
        # userIdentity {Type: Service, PrincipalId: dynamodb.amazonaws.com}.
        # awsRegion: that of the request that enabled the stream.
        other = dynamodb_client(OTHER_REGION)
        name = harness.unique_table_name()
        other.create_table(TableName=name, BillingMode='PAY_PER_REQUEST',
                           StreamSpecification=stream_spec('NEW_AND_OLD_IMAGES'), **HASH_ONLY)
        self.addCleanup(harness.delete_table_quietly, self.ddb, name)
        arn = self.ddb.describe_table(TableName=name)['Table']['LatestStreamArn']
        self.ddb.update_time_to_live(TableName=name, TimeToLiveSpecification={
            'Enabled': True, 'AttributeName': 'expires'})
        t0 = clock_now()
        # Expired a minute or two ago; ends in 63, so the number has five
        # non-zero base-100 digits (see ttl_size).
        item = {'PK': S('ttl'), 'expires': N(int(t0) // 100 * 100 - 37)}
        self.ddb.put_item(TableName=name, Item=item)
        deadline = time.time() + 10
        while time.time() < deadline:
            records = self.read_stream(arn)
            if len(records) >= 2:
                break
            time.sleep(0.05)
        t1 = clock_now()
        self.assertEqual(len(records), 2, msg=records)
        remove = dict(records[1])
        self.assertEqual(remove.pop('userIdentity', None), TTL_IDENTITY)
        self.assertNotIn('userIdentity', records[0])
        # item_size counts S and B only: size the N by hand ("expires" 7 +
        # 10 digits, five pairs -> 5 + 1 bytes).
        ttl_size = len('PK') + len('ttl') + len('expires') + 6
        insert = expected_record('INSERT', 'NEW_AND_OLD_IMAGES', {'PK': S('ttl')})
        insert['dynamodb']['NewImage'] = item
        insert['dynamodb']['SizeBytes'] = 5 + ttl_size
        removal = expected_record('REMOVE', 'NEW_AND_OLD_IMAGES', {'PK': S('ttl')},
                                  region=OTHER_REGION)
        removal['dynamodb']['OldImage'] = item
        removal['dynamodb']['SizeBytes'] = 5 + ttl_size
        self.assertRecords([records[0], remove], [insert, removal], t0, t1)


# ---------------------------------------------------------- shard rollover

class RolloverTest(StreamsTestCase):

    def test_write_after_four_hours_closes_the_shards_and_opens_children(self):
        name, arn = self.stream_table('KEYS_ONLY', range_key=True)
        created = self.describe(arn)['CreationRequestDateTime'].timestamp()
        self.ddb.put_item(TableName=name, Item={'PK': S('p'), 'SK': S('1')})
        first = self.read_stream(arn)
        parents = self.describe(arn)['Shards']
        holder = self.shard_of(arn, first[0])['ShardId']
        # Just under 4 hours: still one generation.
        advance_clock(ROLLOVER - 60)
        self.ddb.put_item(TableName=name, Item={'PK': S('p'), 'SK': S('2')})
        self.assertEqual(len(self.describe(arn)['Shards']), 4)
        t0 = advance_clock(61)
        self.ddb.put_item(TableName=name, Item={'PK': S('p'), 'SK': S('3')})
        t1 = clock_now()
        shards = self.all_shards(arn)
        self.assertEqual(len(shards), 8)
        self.assertEqual([s['ShardId'] for s in shards], sorted(s['ShardId'] for s in shards))
        by_id = {s['ShardId']: s for s in shards}
        parent_ids = [p['ShardId'] for p in parents]
        children = [s for s in shards if s['ShardId'] not in parent_ids]
        for p in parents:
            closed = by_id[p['ShardId']]
            self.assertShardForm(closed, generation_start=created, closed=True)
            self.assertEqual(closed['SequenceNumberRange']['StartingSequenceNumber'],
                             p['SequenceNumberRange']['StartingSequenceNumber'])
        # One child per parent, begun at the write that rolled over, its
        # numbers after its parent's.
        self.assertEqual(sorted(c['ParentShardId'] for c in children), sorted(parent_ids))
        for c in children:
            self.assertShardForm(c, parent=c['ParentShardId'])
            self.assertGreaterEqual(shard_ms(c['ShardId']), math.floor(t0 * 1000))
            self.assertLessEqual(shard_ms(c['ShardId']), math.ceil(t1 * 1000))
            self.assertGreater(int(c['SequenceNumberRange']['StartingSequenceNumber']),
                               int(by_id[c['ParentShardId']]['SequenceNumberRange']
                                   ['EndingSequenceNumber']))
        # The item's old records stay in its closed shard, read to its end;
        # the new one is in that shard's child, still open.
        old, closed = self.read_shard(arn, holder)
        self.assertTrue(closed)
        self.assertEqual([r['dynamodb']['Keys']['SK']['S'] for r in old], ['1', '2'])
        # A closed shard ends at its last record; one that had none ends at
        # its start (as the service reports it, aws-blog.de "Deep Dive into
        # DynamoDB streams").
        self.assertEqual(by_id[holder]['SequenceNumberRange']['EndingSequenceNumber'],
                         old[-1]['dynamodb']['SequenceNumber'])
        for p in parents:
            if p['ShardId'] != holder:
                rng = by_id[p['ShardId']]['SequenceNumberRange']
                self.assertEqual(rng['EndingSequenceNumber'], rng['StartingSequenceNumber'])
        (child,) = [c for c in children if c['ParentShardId'] == holder]
        new, closed = self.read_shard(arn, child['ShardId'])
        self.assertFalse(closed)
        self.assertEqual([r['dynamodb']['Keys']['SK']['S'] for r in new], ['3'])
        self.assertGreaterEqual(seq(new[0]), int(child['SequenceNumberRange']
                                                 ['StartingSequenceNumber']))
        for p in parent_ids:
            if p != holder:
                self.assertEqual(self.read_shard(arn, p), ([], True))
        # The parent lists exactly that child.
        self.assertEqual(self.children(arn, holder), [child])

    def test_a_read_after_four_hours_rolls_over_an_idle_stream(self):
        name, arn = self.stream_table('KEYS_ONLY')
        self.assertEqual(len(self.describe(arn)['Shards']), 4)
        t0 = advance_clock(ROLLOVER + 1)
        shards = self.describe(arn)['Shards']
        t1 = clock_now()
        self.assertEqual(len(shards), 8)
        closed = [s for s in shards if 'EndingSequenceNumber' in s['SequenceNumberRange']]
        fresh = [s for s in shards if 'ParentShardId' in s]
        self.assertEqual(len(closed), 4)
        self.assertEqual(len(fresh), 4)
        for c in fresh:
            self.assertGreaterEqual(shard_ms(c['ShardId']), math.floor(t0 * 1000))
            self.assertLessEqual(shard_ms(c['ShardId']), math.ceil(t1 * 1000))
        # Another four hours: a third generation; the second's shards closed,
        # each the parent of one of the third's.
        self.rollover(arn)
        shards = self.all_shards(arn)
        self.assertEqual(len(shards), 12)
        for c in fresh:
            kids = self.children(arn, c['ShardId'])
            self.assertEqual(len(kids), 1)
            self.assertShardForm(kids[0], parent=c['ShardId'])
            again = {s['ShardId']: s for s in shards}[c['ShardId']]
            self.assertShardForm(again, parent=c['ParentShardId'], closed=True)

    def test_reader_follows_the_lineage_across_rollovers_during_writes(self):
        # A writer thread writes many updates to several items, moving the
        # clock past a generation three times as it goes; meanwhile a reader
        # starts at the shards without a listed parent, reads each shard to
        # its end and then its children (ShardFilter CHILD_SHARDS), taking a
        # new iterator (AFTER_SEQUENCE_NUMBER) when the clock's move expired
        # its own. Every record is read once, in each item's order.
        name, arn = self.stream_table('NEW_IMAGE')
        items = [f'item{i}' for i in range(6)]
        rounds = 32
        rollovers = 3
        errors = []
        done = threading.Event()

        def writer():
            ddb = harness.client()
            try:
                for v in range(rounds):
                    if v and v % (rounds // (rollovers + 1)) == 0:
                        advance_clock(ROLLOVER + 1)
                    for it in items:
                        ddb.put_item(TableName=name, Item={'PK': S(it), 'v': N(v)})
            except Exception as e:  # noqa: BLE001 - reported by the main thread
                errors.append(e)
            finally:
                done.set()

        thread = threading.Thread(target=writer, daemon=True)
        got = collections.defaultdict(list)      # item -> [(v, eventName, shard)]
        sequence_numbers = []
        roots = [s for s in self.describe(arn)['Shards'] if 'ParentShardId' not in s]
        self.assertEqual(len(roots), 4)
        # shard id -> {'it': iterator or None, 'last': last sequence number read}
        active = {s['ShardId']: {'it': None, 'last': None} for s in roots}
        finished = []
        expected_total = len(items) * rounds
        thread.start()
        deadline = time.time() + 30
        quiet_passes = 0
        while True:
            self.assertEqual(errors, [], msg='the writer failed')
            self.assertLess(time.time(), deadline, msg='the reader did not read everything in time')
            progress_this_pass = 0     # records read, shards finished, iterators renewed
            for shard_id in list(active):
                state = active[shard_id]
                if state['it'] is None:
                    state['it'] = (self.iterator(arn, shard_id, 'AFTER_SEQUENCE_NUMBER',
                                                 state['last'])
                                   if state['last'] else self.iterator(arn, shard_id))
                try:
                    resp = self.streams.get_records(ShardIterator=state['it'], Limit=7)
                except botocore.exceptions.ClientError as err:
                    self.assertEqual(err.response['Error'],
                                     {'Code': 'ExpiredIteratorException', 'Message': MSG_EXPIRED})
                    state['it'] = None
                    progress_this_pass += 1
                    continue
                for r in resp['Records']:
                    item = r['dynamodb']['Keys']['PK']['S']
                    got[item].append((int(r['dynamodb']['NewImage']['v']['N']), r['eventName'],
                                      shard_id))
                    sequence_numbers.append(r['dynamodb']['SequenceNumber'])
                    state['last'] = r['dynamodb']['SequenceNumber']
                progress_this_pass += len(resp['Records'])
                if 'NextShardIterator' in resp:
                    state['it'] = resp['NextShardIterator']
                    continue
                # Closed and read to its end: on to its children.
                del active[shard_id]
                finished.append(shard_id)
                progress_this_pass += 1
                for child in self.children(arn, shard_id):
                    self.assertEqual(child['ParentShardId'], shard_id)
                    self.assertNotIn(child['ShardId'], active)
                    active[child['ShardId']] = {'it': None, 'last': None}
            if done.is_set() and progress_this_pass == 0:
                quiet_passes += 1
                # Two passes without progress: every listed shard is open
                # and read to its present end.
                if quiet_passes >= 2 and len(sequence_numbers) >= expected_total:
                    break
            else:
                quiet_passes = 0
        thread.join(timeout=10)
        self.assertEqual(errors, [])
        self.assertEqual(len(sequence_numbers), expected_total)
        self.assertEqual(len(set(sequence_numbers)), expected_total, msg='a record read twice')
        for item in items:
            with self.subTest(item=item):
                self.assertEqual([v for v, _, _ in got[item]], list(range(rounds)))
                self.assertEqual([e for _, e, _ in got[item]],
                                 ['INSERT'] + ['MODIFY'] * (rounds - 1))
        # At least three rollovers: four generations, every shard of the
        # first three read to its end; each item's records came from one
        # lineage (one shard per generation, each the child of the last).
        shards = {s['ShardId']: s for s in self.all_shards(arn)}
        generations = sorted({shard_ms(i) for i in shards})
        self.assertGreaterEqual(len(generations), rollovers + 1)
        self.assertGreaterEqual(len(finished), 4 * rollovers)
        for item in items:
            lineage = []
            for _, _, shard_id in got[item]:
                if not lineage or lineage[-1] != shard_id:
                    lineage.append(shard_id)
            self.assertEqual(len(lineage), len({shard_ms(s) for s in lineage}))
            self.assertGreaterEqual(len(lineage), rollovers + 1)
            for parent, child in zip(lineage, lineage[1:]):
                self.assertEqual(shards[child]['ParentShardId'], parent)


# ---------------------------------------------------------------- retention

class RetentionTest(StreamsTestCase):

    def test_records_past_24_hours_are_trimmed(self):
        name, arn = self.stream_table('KEYS_ONLY', range_key=True)
        first_gen = self.describe(arn)['Shards']
        self.ddb.put_item(TableName=name, Item={'PK': S('p'), 'SK': S('old')})
        advance_clock(2 * 3600)
        self.ddb.put_item(TableName=name, Item={'PK': S('p'), 'SK': S('newer')})
        old, newer = self.read_stream(arn)
        shard = self.shard_of(arn, old)['ShardId']
        # Five minutes before the first record's 24 hours: an iterator at it.
        advance_clock(RETENTION - 2 * 3600 - 300)
        stale = self.iterator(arn, shard, 'TRIM_HORIZON')
        self.assertEqual(self.read_shard(arn, shard)[0], [old, newer])
        advance_clock(301)
        # The first record is past retention, the second not.
        with self.assertDynamoError('TrimmedDataAccessException', MSG_TRIMMED):
            self.streams.get_records(ShardIterator=stale)
        with self.assertDynamoError('TrimmedDataAccessException', MSG_TRIMMED):
            self.iterator(arn, shard, 'AT_SEQUENCE_NUMBER', old['dynamodb']['SequenceNumber'])
        self.assertEqual(self.read_shard(arn, shard), ([newer], True))
        self.assertEqual(self.read_shard(arn, shard, 'AT_SEQUENCE_NUMBER',
                                         newer['dynamodb']['SequenceNumber']), ([newer], True))
        # AFTER a trimmed number: also older than the trim point (API
        # reference, TrimmedDataAccessException).
        with self.assertDynamoError('TrimmedDataAccessException', MSG_TRIMMED):
            self.iterator(arn, shard, 'AFTER_SEQUENCE_NUMBER', old['dynamodb']['SequenceNumber'])
        # Raw, the error's type.
        status, _, body = streams_raw('GetShardIterator', {
            'StreamArn': arn, 'ShardId': shard, 'ShardIteratorType': 'AT_SEQUENCE_NUMBER',
            'SequenceNumber': old['dynamodb']['SequenceNumber']})
        self.assertEqual((status, body), (400, {'__type': TYPE_TRIMMED, 'message': MSG_TRIMMED}))
        # The first generation's shards are listed until its successor
        # (begun by the read above, 24 h - 5 min after the enable) is 24 h old.
        ids = {s['ShardId'] for s in self.all_shards(arn)}
        self.assertTrue({s['ShardId'] for s in first_gen} <= ids)
        advance_clock(RETENTION)
        shards = self.all_shards(arn)
        ids = {s['ShardId'] for s in shards}
        for s in first_gen:
            self.assertNotIn(s['ShardId'], ids)
            with self.assertDynamoError('ResourceNotFoundException', MSG_NO_SHARD):
                self.iterator(arn, s['ShardId'])
        # Left: the closed second generation (parents no longer listed) and
        # the open third.
        self.assertEqual(len(shards), 8)
        second = [s for s in shards if s.get('ParentShardId') in {f['ShardId'] for f in first_gen}]
        self.assertEqual(len(second), 4)
        for s in second:
            self.assertShardForm(s, parent=s['ParentShardId'], closed=True)
        # Every record is gone; the roots a reader starts at are the shards
        # whose parent is not listed.
        self.assertEqual(self.read_stream(arn), [])

    def test_disabled_stream_disappears_24_hours_after_disable(self):
        name, arn = self.stream_table('KEYS_ONLY')
        self.ddb.put_item(TableName=name, Item={'PK': S('a')})
        advance_clock(3600)
        self.update_stream(name, {'StreamEnabled': False})
        entry = {'StreamArn': arn, 'TableName': name, 'StreamLabel': arn.rsplit('/', 1)[1]}
        advance_clock(RETENTION - 60)
        self.assertEqual(self.streams.list_streams(TableName=name)['Streams'], [entry])
        self.assertEqual(self.describe(arn)['StreamStatus'], 'DISABLED')
        advance_clock(61)
        # ListStreams first: it must not need another call to notice.
        self.assertEqual(self.streams.list_streams(TableName=name)['Streams'], [])
        with self.assertDynamoError('ResourceNotFoundException',
                                    f'Requested resource not found: Stream: {arn} not found'):
            self.describe(arn)
        self.assertEqual(self.streams.list_streams(TableName=name)['Streams'], [])
        # The table still names it as its latest stream.
        self.assertEqual(self.ddb.describe_table(TableName=name)['Table']['LatestStreamArn'], arn)


# -------------------------------------------------------- iterator expiry

class IteratorExpiryTest(StreamsTestCase):

    def test_iterator_expires_15_minutes_after_it_was_issued(self):
        name, arn = self.stream_table('KEYS_ONLY')
        shard = self.describe(arn)['Shards'][0]['ShardId']
        first = self.iterator(arn, shard)
        advance_clock(ITERATOR_LIFETIME - 60)
        resp = self.streams.get_records(ShardIterator=first)
        self.assertEqual(resp['Records'], [])
        second = resp['NextShardIterator']
        advance_clock(ITERATOR_LIFETIME - 60)
        # The iterator GetRecords gave is as young as that call.
        resp = self.streams.get_records(ShardIterator=second)
        third = resp['NextShardIterator']
        with self.assertDynamoError('ExpiredIteratorException', MSG_EXPIRED):
            self.streams.get_records(ShardIterator=first)
        advance_clock(ITERATOR_LIFETIME + 1)
        for it in (second, third):
            with self.assertDynamoError('ExpiredIteratorException', MSG_EXPIRED):
                self.streams.get_records(ShardIterator=it)
        status, _, body = streams_raw('GetRecords', {'ShardIterator': third})
        self.assertEqual((status, body), (400, {'__type': TYPE_EXPIRED, 'message': MSG_EXPIRED}))
        # A new iterator works.
        self.assertIn('NextShardIterator', self.streams.get_records(
            ShardIterator=self.iterator(arn, shard)))


# ------------------------------------------- disable, enable, DeleteTable

class StreamLifecycleTest(StreamsTestCase):

    def test_disable_then_enable(self):
        # Alternator test_streams_disabled_stream: the old stream is
        # DISABLED, its shards closed, still readable; a new enable makes a
        # new ARN and label.
        name, old_arn = self.stream_table('KEYS_ONLY')
        t0 = clock_now()
        self.ddb.put_item(TableName=name, Item={'PK': S('before')})
        desc = self.update_stream(name, {'StreamEnabled': False})
        self.assertEqual(desc['LatestStreamArn'], old_arn)
        self.ddb.put_item(TableName=name, Item={'PK': S('while_disabled')})
        table = self.ddb.describe_table(TableName=name)['Table']
        self.assertNotIn('StreamSpecification', table)
        self.assertEqual(table['LatestStreamArn'], old_arn)
        old = self.describe(old_arn)
        self.assertEqual(old['StreamStatus'], 'DISABLED')
        self.assertEqual(old['StreamViewType'], 'KEYS_ONLY')
        self.assertEqual(len(old['Shards']), 4)
        for s in old['Shards']:
            self.assertShardForm(s, closed=True)
        new_arn = self.update_stream(name, stream_spec('NEW_IMAGE'))['LatestStreamArn']
        self.ddb.put_item(TableName=name, Item={'PK': S('after')})
        t1 = clock_now()
        self.assertNotEqual(new_arn, old_arn)
        new_label = new_arn.rsplit('/', 1)[1]
        self.assertRegex(new_label, LABEL_RE)
        self.assertEqual(new_arn, f'{table_arn(name)}/stream/{new_label}')
        self.assertGreater(new_label, old_arn.rsplit('/', 1)[1])
        table = self.ddb.describe_table(TableName=name)['Table']
        self.assertEqual(table['LatestStreamArn'], new_arn)
        self.assertEqual(table['LatestStreamLabel'], new_label)
        self.assertEqual(table['StreamSpecification'], stream_spec('NEW_IMAGE'))
        listed = self.streams.list_streams(TableName=name)['Streams']
        self.assertEqual([s['StreamArn'] for s in listed], [old_arn, new_arn])
        # The old stream: only the write before the disable, and every shard
        # read to its end.
        records = []
        for s in old['Shards']:
            got, closed = self.read_shard(old_arn, s['ShardId'])
            self.assertTrue(closed)
            records += got
        self.assertRecords(records, [expected_record('INSERT', 'KEYS_ONLY', {'PK': S('before')})],
                           t0, t1)
        new = self.describe(new_arn)
        self.assertEqual(new['StreamStatus'], 'ENABLED')
        self.assertEqual(new['StreamViewType'], 'NEW_IMAGE')
        self.assertEqual(len(new['Shards']), 4)
        for s in new['Shards']:
            self.assertShardForm(s, generation_start=new['CreationRequestDateTime'].timestamp())
        self.assertRecords(self.read_stream(new_arn), [
            expected_record('INSERT', 'NEW_IMAGE', {'PK': S('after')}, new={'PK': S('after')})],
            t0, t1)

    def test_delete_table_disables_the_stream(self):
        # API reference, DeleteTable: the stream goes DISABLED and is deleted
        # after 24 hours; until then it is listed and readable.
        name, arn = self.stream_table('NEW_AND_OLD_IMAGES')
        t0 = clock_now()
        item = {'PK': S('k'), 'v': S('1')}
        self.ddb.put_item(TableName=name, Item=item)
        self.ddb.delete_table(TableName=name)
        t1 = clock_now()
        d = self.describe(arn)
        self.assertEqual(d['StreamStatus'], 'DISABLED')
        self.assertEqual(d['TableName'], name)
        self.assertEqual(len(d['Shards']), 4)
        records = []
        for s in d['Shards']:
            self.assertShardForm(s, closed=True)
            got, closed = self.read_shard(arn, s['ShardId'])
            self.assertTrue(closed)
            records += got
        self.assertRecords(records, [
            expected_record('INSERT', 'NEW_AND_OLD_IMAGES', {'PK': S('k')}, new=item)], t0, t1)
        entry = {'StreamArn': arn, 'TableName': name, 'StreamLabel': arn.rsplit('/', 1)[1]}
        self.assertEqual(harness.without_metadata(self.streams.list_streams(TableName=name)),
                         {'Streams': [entry]})


# ------------------------------------------------------------------- errors

class StreamErrorsTest(StreamsTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.table = harness.unique_table_name()
        cls.ddb.create_table(TableName=cls.table, BillingMode='PAY_PER_REQUEST',
                             StreamSpecification=stream_spec('KEYS_ONLY'), **HASH_ONLY)
        cls.arn = cls.ddb.describe_table(TableName=cls.table)['Table']['LatestStreamArn']
        cls.shard = cls.streams.describe_stream(StreamArn=cls.arn)['StreamDescription'][
            'Shards'][0]['ShardId']

    @classmethod
    def tearDownClass(cls):
        harness.delete_table_quietly(cls.ddb, cls.table)
        super().tearDownClass()

    def assertRaw(self, operation, body, type_, message):
        self.assertRawError(streams_raw(operation, body), 400, type_, message)

    def test_malformed_stream_arn(self):
        # Alternator test_describe_stream_with_nonexistent_stream and
        # aws-sdk-js's feature test: ValidationException "Invalid StreamArn".
        for bad in (table_arn(self.table),
                    table_arn(self.table) + '/stream/',
                    f'arn:aws:kinesis:{REGION}:{ACCOUNT_ID}:stream/{self.table}',
                    'x' * 40,
                    f'arn:aws:dynamodb:{REGION}:{ACCOUNT_ID}:table//stream/label-0000000'):
            with self.subTest(arn=bad):
                self.assertGreaterEqual(len(bad), 37)
                with self.assertDynamoError('ValidationException', MSG_INVALID_ARN):
                    self.streams.describe_stream(StreamArn=bad)
                with self.assertDynamoError('ValidationException', MSG_INVALID_ARN):
                    self.streams.get_shard_iterator(StreamArn=bad, ShardId=self.shard,
                                                    ShardIteratorType='TRIM_HORIZON')
                # Alternator test_list_streams_with_nonexistent_last_stream.
                with self.assertDynamoError('ValidationException', MSG_INVALID_ARN):
                    self.streams.list_streams(ExclusiveStartStreamArn=bad)
        self.assertRaw('DescribeStream', {'StreamArn': 'x' * 40}, TYPE_VALIDATION, MSG_INVALID_ARN)

    def test_stream_arn_shorter_than_37(self):
        # boto3 checks the length itself: raw requests.
        message = ("1 validation error detected: Value 'x' at 'streamArn' failed to satisfy "
                   "constraint: Member must have length greater than or equal to 37")
        self.assertRaw('DescribeStream', {'StreamArn': 'x'}, TYPE_VALIDATION, message)
        self.assertRaw('GetShardIterator', {'StreamArn': 'x', 'ShardId': self.shard,
                                            'ShardIteratorType': 'TRIM_HORIZON'},
                       TYPE_VALIDATION, message)
        arn36 = 'arn:aws:dynamodb:us-east-1:0:table/x'
        self.assertEqual(len(arn36), 36)
        self.assertRaw('DescribeStream', {'StreamArn': arn36}, TYPE_VALIDATION,
                       f"1 validation error detected: Value '{arn36}' at 'streamArn' failed to "
                       "satisfy constraint: Member must have length greater than or equal to 37")
        # UNVERIFIED: the same form for ListStreams' member.
        self.assertRaw('ListStreams', {'ExclusiveStartStreamArn': 'x'}, TYPE_VALIDATION,
                       "1 validation error detected: Value 'x' at 'exclusiveStartStreamArn' "
                       "failed to satisfy constraint: Member must have length greater than or "
                       "equal to 37")

    def test_missing_required_members(self):
        # UNVERIFIED: the service's usual wording for a missing member.
        def null(member):
            return (f"1 validation error detected: Value null at '{member}' failed to satisfy "
                    "constraint: Member must not be null")
        self.assertRaw('DescribeStream', {}, TYPE_VALIDATION, null('streamArn'))
        self.assertRaw('GetRecords', {}, TYPE_VALIDATION, null('shardIterator'))
        self.assertRaw('GetShardIterator', {'StreamArn': self.arn, 'ShardId': self.shard},
                       TYPE_VALIDATION, null('shardIteratorType'))

    def test_unknown_stream(self):
        label = self.arn.rsplit('/', 1)[1]
        for arn in (stream_arn(harness.unique_table_name(), label),
                    stream_arn(self.table, '2001-01-01T00:00:00.000'),
                    stream_arn(self.table, label, region=OTHER_REGION),
                    stream_arn(self.table, label, account='111122223333')):
            with self.subTest(arn=arn):
                message = f'Requested resource not found: Stream: {arn} not found'
                with self.assertDynamoError('ResourceNotFoundException', message):
                    self.streams.describe_stream(StreamArn=arn)
                with self.assertDynamoError('ResourceNotFoundException', message):
                    self.streams.get_shard_iterator(StreamArn=arn, ShardId=self.shard,
                                                    ShardIteratorType='TRIM_HORIZON')
                self.assertRaw('DescribeStream', {'StreamArn': arn}, TYPE_RESOURCE_NOT_FOUND,
                               message)

    def test_unknown_shard(self):
        for shard in (NO_SUCH_SHARD, self.shard[:-1] + ('0' if self.shard[-1] != '0' else '1')):
            with self.subTest(shard=shard):
                with self.assertDynamoError('ResourceNotFoundException', MSG_NO_SHARD):
                    self.streams.get_shard_iterator(StreamArn=self.arn, ShardId=shard,
                                                    ShardIteratorType='TRIM_HORIZON')
        self.assertRaw('GetShardIterator', {'StreamArn': self.arn, 'ShardId': NO_SUCH_SHARD,
                                            'ShardIteratorType': 'LATEST'},
                       TYPE_RESOURCE_NOT_FOUND, MSG_NO_SHARD)

    def test_bad_shard_iterator_type(self):
        # The service's enum wording, as for DynamoDB's other enums.
        with self.assertDynamoError(
                'ValidationException',
                "1 validation error detected: Value 'bulle' at 'shardIteratorType' failed to "
                "satisfy constraint: Member must satisfy enum value set: [TRIM_HORIZON, LATEST, "
                "AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER]"):
            self.streams.get_shard_iterator(StreamArn=self.arn, ShardId=self.shard,
                                            ShardIteratorType='bulle')

    def test_sequence_number_presence_must_match_the_type(self):
        # Alternator test_get_shard_iterator: both are ValidationExceptions.
        for type_ in ('AT_SEQUENCE_NUMBER', 'AFTER_SEQUENCE_NUMBER'):
            with self.subTest(type=type_):
                with self.assertDynamoError('ValidationException', MSG_NEEDS_SEQ):
                    self.streams.get_shard_iterator(StreamArn=self.arn, ShardId=self.shard,
                                                    ShardIteratorType=type_)
        for type_ in ('TRIM_HORIZON', 'LATEST'):
            with self.subTest(type=type_):
                with self.assertDynamoError('ValidationException', MSG_NO_SEQ):
                    self.streams.get_shard_iterator(StreamArn=self.arn, ShardId=self.shard,
                                                    ShardIteratorType=type_,
                                                    SequenceNumber='100000000000000000001')

    def test_invalid_sequence_numbers(self):
        for bad in ('200000000000000000001', 'abcdefghijklmnopqrstu', '1000000000000000000001',
                    '10000000000000000000x'):
            for type_ in ('AT_SEQUENCE_NUMBER', 'AFTER_SEQUENCE_NUMBER'):
                with self.subTest(seq=bad, type=type_):
                    with self.assertDynamoError('ValidationException',
                                                f'Invalid SequenceNumber: {bad}'):
                        self.streams.get_shard_iterator(StreamArn=self.arn, ShardId=self.shard,
                                                        ShardIteratorType=type_,
                                                        SequenceNumber=bad)

    def test_sequence_number_outside_the_shard(self):
        name, arn = self.stream_table('KEYS_ONLY', range_key=True)
        self.ddb.put_item(TableName=name, Item={'PK': S('p'), 'SK': S('1')})
        (record,) = self.read_stream(arn)
        parent = self.shard_of(arn, record)['ShardId']
        # Past everything written so far, on an open shard.
        beyond = '100000000000099999999'
        with self.assertDynamoError('ValidationException',
                                    f'Invalid SequenceNumber: {beyond} is not in shard {parent}'):
            self.iterator(arn, parent, 'AT_SEQUENCE_NUMBER', beyond)
        self.rollover(arn)
        (child,) = self.children(arn, parent)
        number = record['dynamodb']['SequenceNumber']
        # The parent's record, asked of its child; and past a closed shard's end.
        for shard, n in ((child['ShardId'], number),
                         (parent, beyond)):
            for type_ in ('AT_SEQUENCE_NUMBER', 'AFTER_SEQUENCE_NUMBER'):
                with self.subTest(shard=shard, type=type_):
                    with self.assertDynamoError(
                            'ValidationException',
                            f'Invalid SequenceNumber: {n} is not in shard {shard}'):
                        self.iterator(arn, shard, type_, n)

    def test_largest_sequence_number_of_the_form_is_not_in_the_shard(self):
        # "1" and 20 digits is the form: the largest such number is past
        # every shard's range, not malformed.
        largest = '199999999999999999999'
        with self.assertDynamoError(
                'ValidationException',
                f'Invalid SequenceNumber: {largest} is not in shard {self.shard}'):
            self.iterator(self.arn, self.shard, 'AT_SEQUENCE_NUMBER', largest)

    def test_invalid_shard_iterator(self):
        # Alternator test_get_records_nonexistent_iterator: ValidationException.
        good = self.iterator(self.arn, self.shard)
        payload = good.split('|1|', 1)[1]
        flipped = ('A' if payload[5] != 'A' else 'B').join([payload[:5], payload[6:]])
        for bad in ('garbage', self.arn + '|1|AAAA', self.arn + '|1|' + flipped,
                    self.arn + '|2|' + payload, good[:-4], 'x|1|' + payload):
            with self.subTest(iterator=bad):
                with self.assertDynamoError('ValidationException', MSG_INVALID_ITERATOR):
                    self.streams.get_records(ShardIterator=bad)
        self.assertRaw('GetRecords', {'ShardIterator': 'garbage'}, TYPE_VALIDATION,
                       MSG_INVALID_ITERATOR)

    def test_limits(self):
        # Alternator test_get_records_too_high_limit (service: ValidationException).
        def low(value):
            return (f"1 validation error detected: Value '{value}' at 'limit' failed to satisfy "
                    "constraint: Member must have value greater than or equal to 1")

        def high(value, limit):
            return (f"1 validation error detected: Value '{value}' at 'limit' failed to satisfy "
                    f"constraint: Member must have value less than or equal to {limit}")
        it = self.iterator(self.arn, self.shard)
        cases = [('ListStreams', {}, 100), ('DescribeStream', {'StreamArn': self.arn}, 100),
                 ('GetRecords', {'ShardIterator': it}, 1000)]
        for operation, body, limit in cases:
            with self.subTest(operation=operation):
                self.assertRaw(operation, dict(body, Limit=0), TYPE_VALIDATION, low(0))
                self.assertRaw(operation, dict(body, Limit=-1), TYPE_VALIDATION, low(-1))
                self.assertRaw(operation, dict(body, Limit=limit + 1), TYPE_VALIDATION,
                               high(limit + 1, limit))
                status, _, resp = streams_raw(operation, dict(body, Limit=limit))
                self.assertEqual(status, 200, msg=resp)
        # boto3 sends the too-high ones too (it checks only the minimum).
        with self.assertDynamoError('ValidationException', high(101, 100)):
            self.streams.list_streams(Limit=101)
        with self.assertDynamoError('ValidationException', high(101, 100)):
            self.streams.describe_stream(StreamArn=self.arn, Limit=101)
        with self.assertDynamoError('ValidationException', high(1001, 1000)):
            self.streams.get_records(ShardIterator=it, Limit=1001)

    def test_shard_filter_errors(self):
        # UNVERIFIED texts: the service's enum and missing-member wording
        # (Alternator's ShardFilter tests expect ValidationException).
        with self.assertDynamoError(
                'ValidationException',
                "1 validation error detected: Value 'PARENT_SHARDS' at 'shardFilter.type' failed "
                "to satisfy constraint: Member must satisfy enum value set: [CHILD_SHARDS]"):
            self.streams.describe_stream(StreamArn=self.arn, ShardFilter={
                'Type': 'PARENT_SHARDS', 'ShardId': self.shard})
        with self.assertDynamoError(
                'ValidationException',
                "1 validation error detected: Value null at 'shardFilter.shardId' failed to "
                "satisfy constraint: Member must not be null"):
            self.streams.describe_stream(StreamArn=self.arn, ShardFilter={'Type': 'CHILD_SHARDS'})

    def test_unknown_streams_operation(self):
        # Like DynamoDB's: UnknownOperationException without a message.
        for target in (STREAMS_PREFIX + 'Foo', STREAMS_PREFIX + 'listStreams', STREAMS_PREFIX):
            with self.subTest(target=target):
                self.assertRawError(harness.raw_request(target, {}), 400, TYPE_UNKNOWN_OPERATION)
        # A Streams operation under DynamoDB's prefix is unknown too.
        self.assertRawError(harness.raw_request('DynamoDB_20120810.ListStreams', {}), 400,
                            TYPE_UNKNOWN_OPERATION)


# ----------------------------------------------------------- clock controls

class ClockControlsTest(StreamsTestCase):

    def test_get_and_advance(self):
        status, body = clock_request('GET')
        self.assertEqual(status, 200)
        self.assertEqual(set(body), {'now'})
        before = body['now']
        status, body = clock_request('POST', {'advance': 100})
        self.assertEqual(status, 200)
        self.assertEqual(set(body), {'now'})
        self.assertGreaterEqual(body['now'], before + 100)
        self.assertLess(body['now'], before + 105)
        # The clock keeps flowing from there.
        later = clock_now()
        self.assertGreaterEqual(later, body['now'])
        self.assertLess(later, body['now'] + 5)
        status, body = clock_request('POST', {'advance': 0.5})
        self.assertEqual(status, 200)
        self.assertGreaterEqual(body['now'], later + 0.5)

    def test_set(self):
        target = clock_now() + 1000.25
        status, body = clock_request('POST', {'set': target})
        self.assertEqual(status, 200)
        self.assertGreaterEqual(body['now'], target)
        self.assertLess(body['now'], target + 5)

    def test_bad_bodies(self):
        for raw in (b'', b'nope', b'[]', b'{}', b'{"advance": "10"}', b'{"set": null}',
                    b'{"advance": 1, "set": 2}', b'{"advance": 1, "x": 2}', b'{"forward": 1}',
                    b'{"advance": [1]}', b'{"advance": true}'):
            with self.subTest(body=raw):
                self.assertEqual(clock_request('POST', raw), (400, {'message': MSG_CLOCK_BODY}))

    def test_other_paths_and_methods(self):
        for path in ('/_dynarock/clocks', '/_dynarock/', '/_dynarock/clock/x'):
            with self.subTest(path=path):
                self.assertEqual(clock_request('GET', path=path),
                                 (404, {'message': 'no such control'}))
        for method in ('PUT', 'DELETE', 'PATCH'):
            with self.subTest(method=method):
                self.assertEqual(clock_request(method, b'{"advance": 1}'),
                                 (405, {'message': 'GET or POST'}))


if __name__ == '__main__':
    unittest.main()
