"""A stream survives a crash: every acknowledged change keeps its record, and
no record outlives its change.

A server on a --db-path (a temporary directory) has a table with a
NEW_AND_OLD_IMAGES stream. Several threads write to a small pool of items
(PutItem, conditional PutItem, UpdateItem, DeleteItem, BatchWriteItem) and
note every write the server acknowledged; the server is killed with SIGKILL
(by PID) in the middle of the load and restarted on the same directory.
Every shard is then read from TRIM_HORIZON, and:

* each acknowledged write that changed an item has exactly one record that
  shows the change (a failed condition has none);
* replaying the records of each item in sequence-number order, each record
  starting from the image the one before left (INSERT from nothing, MODIFY
  and REMOVE from the current image), ends on exactly the item the table
  holds after the restart; an item with no record is absent;
* every record's new image comes from a write the threads sent;
* writes after the restart get larger sequence numbers than any before.

The service's stream rules (Developer Guide "Change data capture for
DynamoDB Streams": each item change appears exactly once, in order per
item; a write that changes nothing and a failed condition have no record,
ScyllaDB test_streams.py on AWS).

Run: DYNAROCK_BIN=build/dynarock python3 -m unittest tests/client/test_stream_durability.py -v
"""

import os
import random
import shutil
import signal
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import boto3  # noqa: E402
import botocore.config  # noqa: E402
import botocore.exceptions  # noqa: E402

import harness  # noqa: E402
from harness import HASH_ONLY, N, S, unique_table_name  # noqa: E402

WRITERS = 6
KEYS = 40
LOAD_BEFORE_KILL_S = 1.5
MIN_ACKED_BEFORE_KILL = 300
TIMEOUT_S = 20.0


def streams_client(endpoint_url):
    """A boto3 DynamoDB Streams client like harness.client()."""
    return boto3.session.Session().client(
        'dynamodbstreams', region_name=harness.REGION, endpoint_url=endpoint_url,
        aws_access_key_id=harness.DUMMY_ACCESS_KEY,
        aws_secret_access_key=harness.DUMMY_SECRET_KEY,
        config=botocore.config.Config(retries={'max_attempts': 1}, connect_timeout=10,
                                      read_timeout=60))


def quick_client(endpoint_url):
    """harness.client() with short timeouts, for writers that see the server die."""
    return boto3.session.Session().client(
        'dynamodb', region_name=harness.REGION, endpoint_url=endpoint_url,
        aws_access_key_id=harness.DUMMY_ACCESS_KEY,
        aws_secret_access_key=harness.DUMMY_SECRET_KEY,
        config=botocore.config.Config(retries={'max_attempts': 1}, connect_timeout=5,
                                      read_timeout=10))


def read_stream(streams, stream_arn):
    """Every record of every listed shard from TRIM_HORIZON, sorted by
    sequence number, and the shards. A closed shard is read until
    NextShardIterator is absent, an open one until a page is empty."""
    shards = []
    kwargs = {}
    while True:
        desc = streams.describe_stream(StreamArn=stream_arn, **kwargs)['StreamDescription']
        shards += desc['Shards']
        if 'LastEvaluatedShardId' not in desc:
            break
        kwargs = {'ExclusiveStartShardId': desc['LastEvaluatedShardId']}
    records = []
    for shard in shards:
        iterator = streams.get_shard_iterator(
            StreamArn=stream_arn, ShardId=shard['ShardId'],
            ShardIteratorType='TRIM_HORIZON')['ShardIterator']
        closed = 'EndingSequenceNumber' in shard['SequenceNumberRange']
        shard_records = []
        while iterator:
            page = streams.get_records(ShardIterator=iterator, Limit=1000)
            shard_records += page['Records']
            iterator = page.get('NextShardIterator')
            if not page['Records'] and not closed:
                break
        seqs = [int(r['dynamodb']['SequenceNumber']) for r in shard_records]
        if seqs != sorted(seqs) or len(set(seqs)) != len(seqs):
            raise AssertionError(f'records of {shard["ShardId"]} out of order: {seqs}')
        records += shard_records
    records.sort(key=lambda r: int(r['dynamodb']['SequenceNumber']))
    return records, shards


class Writer(threading.Thread):
    """Writes to the pool of keys until `stop` is set or the server is gone.

    acked: token -> (kind, key, image the write must leave; None for a
      delete), for each write the server acknowledged as a change;
    deleted: (key, old item) of each DeleteItem that returned an old item;
    failed: tokens of conditional writes refused (ConditionalCheckFailed);
    sent: every token sent."""

    def __init__(self, index, endpoint, table, stop, keys):
        super().__init__(daemon=True)
        self.index = index
        self.ddb = quick_client(endpoint)
        self.table = table
        self.stop = stop
        self.keys = keys
        self.rng = random.Random(index * 7919 + 17)
        self.acked = {}
        self.deleted = []
        self.failed = set()
        self.sent = set()
        self.counter = 0
        self.died_with = None
        self.unexpected = None

    def token(self):
        self.counter += 1
        t = f'w{self.index}-{self.counter}'
        self.sent.add(t)
        return t

    def item(self, pk, token):
        return {'PK': S(pk), 'v': S(token), 'w': N(self.index)}

    def run(self):
        try:
            while not self.stop.is_set():
                self.one_write()
        except (botocore.exceptions.ConnectionError,
                botocore.exceptions.HTTPClientError) as err:
            # The server died under this write: its outcome is unknown.
            self.died_with = err
        except Exception as err:  # noqa: BLE001 - reported by the test
            self.unexpected = err

    def one_write(self):
        pk = self.rng.choice(self.keys)
        kind = self.rng.choice(['put', 'put', 'conditional_put', 'update', 'update',
                                'delete', 'batch'])
        if kind == 'put':
            token = self.token()
            item = self.item(pk, token)
            self.ddb.put_item(TableName=self.table, Item=item)
            self.acked[token] = ('put', pk, item)
        elif kind == 'conditional_put':
            token = self.token()
            item = self.item(pk, token)
            try:
                self.ddb.put_item(TableName=self.table, Item=item,
                                  ConditionExpression='attribute_not_exists(PK)')
            except botocore.exceptions.ClientError as err:
                if err.response['Error']['Code'] != 'ConditionalCheckFailedException':
                    raise
                self.failed.add(token)
                return
            self.acked[token] = ('put', pk, item)
        elif kind == 'update':
            token = self.token()
            resp = self.ddb.update_item(
                TableName=self.table, Key={'PK': S(pk)},
                UpdateExpression='SET v = :v, w = :w ADD n :one',
                ExpressionAttributeValues={':v': S(token), ':w': N(self.index), ':one': N(1)},
                ReturnValues='ALL_NEW')
            self.acked[token] = ('update', pk, resp['Attributes'])
        elif kind == 'delete':
            resp = self.ddb.delete_item(TableName=self.table, Key={'PK': S(pk)},
                                        ReturnValues='ALL_OLD')
            if 'Attributes' in resp:
                self.deleted.append((pk, resp['Attributes']))
        else:
            pks = self.rng.sample(self.keys, 4)
            requests, puts = [], {}
            for i, other in enumerate(pks):
                if i % 2 == 0:
                    token = self.token()
                    item = self.item(other, token)
                    puts[token] = item
                    requests.append({'PutRequest': {'Item': item}})
                else:
                    requests.append({'DeleteRequest': {'Key': {'PK': S(other)}}})
            resp = self.ddb.batch_write_item(RequestItems={self.table: requests})
            unprocessed = resp.get('UnprocessedItems', {}).get(self.table, [])
            unprocessed_puts = {r['PutRequest']['Item']['v']['S']
                                for r in unprocessed if 'PutRequest' in r}
            for token, item in puts.items():
                if token not in unprocessed_puts:
                    self.acked[token] = ('put', item['PK']['S'], item)


class StreamDurabilityTest(unittest.TestCase):

    maxDiff = None

    def setUp(self):
        self.db_path = tempfile.mkdtemp(prefix='dynarock_stream_durability_')
        self.addCleanup(shutil.rmtree, self.db_path, True)

    def start(self):
        server = harness.Server(db_path=self.db_path)
        server.start()
        self.addCleanup(server.stop)
        return server

    def test_sigkill_mid_load_keeps_exactly_the_acknowledged_records(self):
        server = self.start()
        ddb = harness.client(server.endpoint)
        table = unique_table_name()
        resp = ddb.create_table(
            TableName=table, BillingMode='PAY_PER_REQUEST', **HASH_ONLY,
            StreamSpecification={'StreamEnabled': True, 'StreamViewType': 'NEW_AND_OLD_IMAGES'})
        stream_arn = resp['TableDescription']['LatestStreamArn']
        deadline = time.monotonic() + TIMEOUT_S
        while ddb.describe_table(TableName=table)['Table']['TableStatus'] != 'ACTIVE':
            self.assertLess(time.monotonic(), deadline, 'table not ACTIVE')
            time.sleep(0.02)

        keys = [f'k{i:02d}' for i in range(KEYS)]
        stop = threading.Event()
        writers = [Writer(i, server.endpoint, table, stop, keys) for i in range(WRITERS)]
        for w in writers:
            w.start()
        started = time.monotonic()
        while True:
            time.sleep(0.05)
            acked = sum(len(w.acked) for w in writers)
            if time.monotonic() - started >= LOAD_BEFORE_KILL_S and acked >= MIN_ACKED_BEFORE_KILL:
                break
            self.assertLess(time.monotonic() - started, TIMEOUT_S,
                            f'only {acked} writes acknowledged in {TIMEOUT_S} s')
            for w in writers:
                self.assertIsNone(w.unexpected, f'writer {w.index}: {w.unexpected!r}')
        # Mid-load: every writer is still writing.
        self.assertTrue(all(w.is_alive() for w in writers))
        os.kill(server.process.pid, signal.SIGKILL)
        server.process.wait(timeout=10)
        stop.set()
        for w in writers:
            w.join(timeout=TIMEOUT_S)
            self.assertFalse(w.is_alive(), f'writer {w.index} did not stop')
            self.assertIsNone(w.unexpected, f'writer {w.index}: {w.unexpected!r}')
        server.stop()

        server = self.start()
        ddb = harness.client(server.endpoint)
        streams = streams_client(server.endpoint)
        records, shards = read_stream(streams, stream_arn)
        table_items = {i['PK']['S']: i for i in
                       ddb.scan(TableName=table, ConsistentRead=True)['Items']}

        acked, deleted, failed, sent = {}, [], set(), set()
        for w in writers:
            acked.update(w.acked)
            deleted += w.deleted
            failed |= w.failed
            sent |= w.sent
        self.assertTrue(failed, 'no conditional write was refused: the load is too thin')
        self.assertTrue(deleted, 'no DeleteItem removed an item: the load is too thin')

        # Records are well formed and unique.
        seqs = [r['dynamodb']['SequenceNumber'] for r in records]
        self.assertEqual(len(set(seqs)), len(seqs), 'a sequence number appears twice')
        self.assertEqual(len({r['eventID'] for r in records}), len(records),
                         'an eventID appears twice')
        images = {'INSERT': ('NewImage',), 'MODIFY': ('NewImage', 'OldImage'),
                  'REMOVE': ('OldImage',)}
        for r in records:
            d = r['dynamodb']
            self.assertRegex(d['SequenceNumber'], r'^1[0-9]{20}$')
            self.assertEqual(d['StreamViewType'], 'NEW_AND_OLD_IMAGES')
            self.assertEqual(sorted(k for k in d if k.endswith('Image')),
                             sorted(images[r['eventName']]), msg=r)
            self.assertEqual(set(d['Keys']), {'PK'}, msg=r)
            for image in images[r['eventName']]:
                self.assertEqual(d[image]['PK'], d['Keys']['PK'], msg=r)
            self.assertNotIn('userIdentity', r)

        # Every record's new image comes from a write that was sent and not
        # refused, once.
        by_token = {}
        for r in records:
            new = r['dynamodb'].get('NewImage')
            if new is None:
                continue
            token = new['v']['S']
            self.assertIn(token, sent, msg=f'a record of no write: {r}')
            self.assertNotIn(token, failed, msg=f'a record of a refused write: {r}')
            self.assertNotIn(token, by_token, msg=f'two records of one write: {r}')
            by_token[token] = r

        # Every acknowledged change has its record.
        missing = [t for t in acked if t not in by_token]
        self.assertEqual(missing, [], 'acknowledged writes without a record')
        for token, (kind, pk, image) in acked.items():
            r = by_token[token]
            self.assertEqual(r['dynamodb']['Keys'], {'PK': S(pk)})
            self.assertEqual(r['dynamodb']['NewImage'], image, msg=f'{kind} {token}')
        removes = [(r['dynamodb']['Keys']['PK']['S'], r['dynamodb']['OldImage'])
                   for r in records if r['eventName'] == 'REMOVE']
        for pk, old in deleted:
            self.assertIn((pk, old), removes, msg='an acknowledged DeleteItem without its record')

        # Replaying each item's records yields the table.
        state = {}
        for r in records:
            d = r['dynamodb']
            pk = d['Keys']['PK']['S']
            current = state.get(pk)
            if r['eventName'] == 'INSERT':
                self.assertIsNone(current, msg=f'INSERT over an existing item: {r}')
                state[pk] = d['NewImage']
            elif r['eventName'] == 'MODIFY':
                self.assertEqual(d['OldImage'], current, msg=f'MODIFY from another image: {r}')
                self.assertNotEqual(d['OldImage'], d['NewImage'], msg=f'MODIFY of nothing: {r}')
                state[pk] = d['NewImage']
            else:
                self.assertEqual(d['OldImage'], current, msg=f'REMOVE of another image: {r}')
                state[pk] = None
        replayed = {pk: item for pk, item in state.items() if item is not None}
        self.assertEqual(replayed, table_items)
        self.assertTrue(set(table_items) <= set(keys))
        self.assertGreater(len(records), MIN_ACKED_BEFORE_KILL)

        # Writes after the restart get larger sequence numbers.
        last_before = max(int(s) for s in seqs)
        tokens_after = []
        for i in range(8):
            token = f'after-{i}'
            tokens_after.append(token)
            ddb.put_item(TableName=table, Item={'PK': S(keys[i]), 'v': S(token), 'w': N(99)})
        records_after, _ = read_stream(streams, stream_arn)
        new = [r for r in records_after if int(r['dynamodb']['SequenceNumber']) > last_before]
        self.assertEqual(records_after[:len(records)], records)
        self.assertEqual(len(records_after), len(records) + 8)
        self.assertEqual([r['dynamodb']['NewImage']['v']['S'] for r in new], tokens_after)
        self.assertEqual([r['dynamodb']['Keys'] for r in new], [{'PK': S(k)} for k in keys[:8]])


if __name__ == '__main__':
    unittest.main()
