// DynamoDB Streams through the AWS SDK for JavaScript v3
// (@aws-sdk/client-dynamodb-streams, the tables made with
// @aws-sdk/client-dynamodb): ListStreams (filter, paging), DescribeStream
// (shards, paging, closed shards and their children), GetShardIterator
// (TRIM_HORIZON, LATEST, AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER) and
// GetRecords (each StreamViewType, paging, the end of a closed shard), and
// errors with their exact name and message.
//
// Expected values are the service's: the Streams API reference (its
// GetRecords and DescribeStream samples), ScyllaDB Alternator's
// test_streams.py (written to pass on DynamoDB: images per view type, no
// record for a write that changes nothing, NextShardIterator absent at the
// end of a closed shard, Shards [] after an unknown ExclusiveStartShardId),
// and real-AWS messages quoted in issues ("Requested resource not found:
// Stream: <arn> not found"). Where the service's text is not known the
// expectation is dynarock's own stated rule (its streams spec): noted
// "dynarock's rule" next to it.
//
// The server runs with --test-controls, so that the last test can move the
// engine's clock four hours on (POST /_dynarock/clock {"advance": N}) to
// close the shards.
//
// Run: DYNAROCK_BIN=build/dynarock node --test tests/js/streams.test.mjs

import { randomBytes } from 'node:crypto';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { BIN, CREDENTIALS, dynamoClient, serviceError, startServer, stopServer, stringKeys } from './server.mjs';

import {
  CreateTableCommand,
  DeleteItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListStreamsCommand,
} from '@aws-sdk/client-dynamodb-streams';

const SHARD_ID = /^shardId-\d{20}-[0-9a-f]{8}$/;
const SEQUENCE_NUMBER = /^1\d{20}$/;
const EVENT_ID = /^[0-9a-f]{32}$/;
const LABEL = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}$/;
// Shards roll over once the current generation is 4 hours old (dynarock's
// rule; about 4 h on the service, aws-blog.de "Deep Dive into DynamoDB
// streams").
const GENERATION_S = 4 * 3600;
const VIEW_TYPES = ['KEYS_ONLY', 'NEW_AND_OLD_IMAGES', 'NEW_IMAGE', 'OLD_IMAGE'];

// The response without the SDK's $metadata.
function body(resp) {
  const { $metadata, ...rest } = resp;
  assert.equal($metadata.httpStatusCode, 200);
  return rest;
}

// The item size by the service's rules for string attributes: every name
// and value in UTF-8 bytes.
function size(item) {
  let total = 0;
  for (const [name, value] of Object.entries(item)) {
    total += Buffer.byteLength(name) + Buffer.byteLength(value.S);
  }
  return total;
}

describe('DynamoDB Streams through the AWS SDK for JavaScript v3', { skip: !BIN && 'DYNAROCK_BIN is not set' }, () => {
  const PREFIX = `streams_js_${randomBytes(4).toString('hex')}_`;
  let server;
  let ddb;
  let streams;
  // View type (and 'paging', 'empty') -> {TableName, StreamArn, StreamLabel}.
  const tables = {};

  async function createTable(suffix, viewType) {
    const TableName = PREFIX + suffix;
    const resp = await ddb.send(new CreateTableCommand({
      TableName,
      BillingMode: 'PAY_PER_REQUEST',
      ...stringKeys('PK', 'SK'),
      StreamSpecification: { StreamEnabled: true, StreamViewType: viewType },
    }));
    const desc = resp.TableDescription;
    assert.match(desc.LatestStreamLabel, LABEL);
    assert.equal(desc.LatestStreamArn,
      `arn:aws:dynamodb:us-east-1:000000000000:table/${TableName}/stream/${desc.LatestStreamLabel}`);
    assert.deepEqual(desc.StreamSpecification, { StreamEnabled: true, StreamViewType: viewType });
    tables[suffix] = {
      TableName, StreamArn: desc.LatestStreamArn, StreamLabel: desc.LatestStreamLabel,
      created: Date.now(), viewType,
    };
  }

  async function advanceClock(seconds) {
    const resp = await fetch(`${server.endpoint}/_dynarock/clock`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ advance: seconds }),
    });
    assert.equal(resp.status, 200);
    return (await resp.json()).now;
  }

  async function shardsOf(StreamArn) {
    return body(await streams.send(new DescribeStreamCommand({ StreamArn }))).StreamDescription.Shards;
  }

  async function iterator(StreamArn, ShardId, ShardIteratorType, SequenceNumber) {
    const resp = body(await streams.send(new GetShardIteratorCommand({
      StreamArn, ShardId, ShardIteratorType, ...(SequenceNumber ? { SequenceNumber } : {}),
    })));
    assert.deepEqual(Object.keys(resp), ['ShardIterator']);
    assert.ok(resp.ShardIterator.startsWith(`${StreamArn}|1|`), resp.ShardIterator);
    return resp.ShardIterator;
  }

  async function getRecords(ShardIterator, Limit) {
    return body(await streams.send(new GetRecordsCommand({
      ShardIterator, ...(Limit ? { Limit } : {}),
    })));
  }

  // Every record of an open shard from TRIM_HORIZON (until an empty page).
  async function readShard(StreamArn, ShardId) {
    let it = await iterator(StreamArn, ShardId, 'TRIM_HORIZON');
    const records = [];
    for (;;) {
      const page = await getRecords(it);
      assert.equal(typeof page.NextShardIterator, 'string', 'an open shard always has a next iterator');
      records.push(...page.Records);
      if (page.Records.length === 0) return records;
      it = page.NextShardIterator;
    }
  }

  // The one shard with records (an item's records all go to one shard);
  // the others must be empty.
  async function recordsOfOneShard(StreamArn) {
    const found = [];
    for (const shard of await shardsOf(StreamArn)) {
      const records = await readShard(StreamArn, shard.ShardId);
      if (records.length) found.push({ shard, records });
    }
    assert.equal(found.length, 1, `records in ${found.length} shards`);
    return found[0];
  }

  // record, checked against `expected` but for eventID,
  // SequenceNumber and ApproximateCreationDateTime (a Date of whole
  // seconds, within the test's minute).
  function assertRecord(record, expected) {
    const { eventID, dynamodb, ...rest } = record;
    const { SequenceNumber, ApproximateCreationDateTime, ...image } = dynamodb;
    assert.match(eventID, EVENT_ID);
    assert.match(SequenceNumber, SEQUENCE_NUMBER);
    assert.ok(ApproximateCreationDateTime instanceof Date);
    assert.equal(ApproximateCreationDateTime.getTime() % 1000, 0);
    assert.ok(Math.abs(ApproximateCreationDateTime.getTime() - Date.now()) < 60_000,
      `${ApproximateCreationDateTime.toISOString()} is not now`);
    assert.deepEqual({ ...rest, dynamodb: image }, expected);
  }

  before(async () => {
    server = await startServer(['--test-controls']);
    ddb = dynamoClient(server.endpoint);
    streams = new DynamoDBStreamsClient({
      region: 'us-east-1', endpoint: server.endpoint, credentials: CREDENTIALS, maxAttempts: 1,
    });
    for (const viewType of VIEW_TYPES) await createTable(viewType, viewType);
    await createTable('paging', 'KEYS_ONLY');
  });

  after(async () => {
    streams?.destroy();
    ddb?.destroy();
    await stopServer(server);
  });

  test('ListStreams lists every stream by table name, filtered and paged', async () => {
    const all = Object.values(tables)
      .map(({ StreamArn, TableName, StreamLabel }) => ({ StreamArn, TableName, StreamLabel }))
      .sort((a, b) => (a.TableName < b.TableName ? -1 : 1));
    assert.deepEqual(body(await streams.send(new ListStreamsCommand({}))), { Streams: all });
    assert.deepEqual(
      body(await streams.send(new ListStreamsCommand({ TableName: tables.NEW_IMAGE.TableName }))),
      { Streams: [all.find((s) => s.TableName === tables.NEW_IMAGE.TableName)] });
    assert.deepEqual(
      body(await streams.send(new ListStreamsCommand({ TableName: `${PREFIX}none` }))),
      { Streams: [] });
    // Pages of 2: LastEvaluatedStreamArn only while more remain.
    const pages = [];
    let start;
    do {
      const page = body(await streams.send(new ListStreamsCommand({
        Limit: 2, ...(start ? { ExclusiveStartStreamArn: start } : {}),
      })));
      pages.push(page);
      start = page.LastEvaluatedStreamArn;
    } while (start);
    assert.deepEqual(pages, [
      { Streams: all.slice(0, 2), LastEvaluatedStreamArn: all[1].StreamArn },
      { Streams: all.slice(2, 4), LastEvaluatedStreamArn: all[3].StreamArn },
      { Streams: all.slice(4) },
    ]);
  });

  test('DescribeStream describes the stream and its four open shards, paged', async () => {
    const t = tables.NEW_AND_OLD_IMAGES;
    const desc = body(await streams.send(new DescribeStreamCommand({ StreamArn: t.StreamArn })))
      .StreamDescription;
    const { CreationRequestDateTime, Shards, ...rest } = desc;
    assert.deepEqual(rest, {
      StreamArn: t.StreamArn,
      StreamLabel: t.StreamLabel,
      StreamStatus: 'ENABLED',
      StreamViewType: 'NEW_AND_OLD_IMAGES',
      TableName: t.TableName,
      KeySchema: [
        { AttributeName: 'PK', KeyType: 'HASH' },
        { AttributeName: 'SK', KeyType: 'RANGE' },
      ],
    });
    assert.ok(CreationRequestDateTime instanceof Date);
    assert.ok(Math.abs(CreationRequestDateTime.getTime() - t.created) < 60_000);
    assert.equal(Shards.length, 4);
    const ids = Shards.map((s) => s.ShardId);
    assert.deepEqual(ids, [...ids].sort());
    for (const shard of Shards) {
      assert.match(shard.ShardId, SHARD_ID);
      // The 20 digits: the generation's start, in ms of the engine clock.
      assert.ok(Math.abs(Number(shard.ShardId.slice(8, 28)) - t.created) < 60_000);
      assert.deepEqual(Object.keys(shard), ['ShardId', 'SequenceNumberRange']);
      assert.deepEqual(Object.keys(shard.SequenceNumberRange), ['StartingSequenceNumber']);
      assert.match(shard.SequenceNumberRange.StartingSequenceNumber, SEQUENCE_NUMBER);
    }
    // One shard a page; LastEvaluatedShardId only while more remain.
    const paged = [];
    let start;
    do {
      const page = body(await streams.send(new DescribeStreamCommand({
        StreamArn: t.StreamArn, Limit: 1, ...(start ? { ExclusiveStartShardId: start } : {}),
      }))).StreamDescription;
      assert.equal(page.Shards.length, 1);
      paged.push(page.Shards[0]);
      if (paged.length < 4) assert.equal(page.LastEvaluatedShardId, page.Shards[0].ShardId);
      else assert.equal(page.LastEvaluatedShardId, undefined);
      start = page.LastEvaluatedShardId;
    } while (start);
    assert.deepEqual(paged, Shards);
    // An ExclusiveStartShardId after the last: no shards, no error
    // (ScyllaDB test_streams.py: "real does not [throw]").
    const beyond = body(await streams.send(new DescribeStreamCommand({
      StreamArn: t.StreamArn, ExclusiveStartShardId: 'shardId-99999999999999999999-ffffffff',
    }))).StreamDescription;
    assert.deepEqual(beyond.Shards, []);
    assert.equal(beyond.LastEvaluatedShardId, undefined);
  });

  // Each view type's records for INSERT, MODIFY and REMOVE; writes that
  // change nothing have none (ScyllaDB test_streams.py do_updates_1).
  for (const viewType of VIEW_TYPES) {
    test(`GetRecords of a ${viewType} stream`, async () => {
      const t = tables[viewType];
      const Keys = { PK: { S: 'item' }, SK: { S: 'a' } };
      const first = { ...Keys, a: { S: 'x' } };
      const second = { ...Keys, a: { S: 'yy' } };
      await ddb.send(new PutItemCommand({ TableName: t.TableName, Item: first }));
      await ddb.send(new UpdateItemCommand({
        TableName: t.TableName, Key: Keys, UpdateExpression: 'SET a = :a',
        ExpressionAttributeValues: { ':a': { S: 'yy' } },
      }));
      // Nothing changes: no records.
      await ddb.send(new PutItemCommand({ TableName: t.TableName, Item: second }));
      await ddb.send(new UpdateItemCommand({
        TableName: t.TableName, Key: Keys, UpdateExpression: 'SET a = :a',
        ExpressionAttributeValues: { ':a': { S: 'yy' } },
      }));
      await ddb.send(new DeleteItemCommand({ TableName: t.TableName, Key: Keys }));
      await ddb.send(new DeleteItemCommand({ TableName: t.TableName, Key: Keys }));

      const { records } = await recordsOfOneShard(t.StreamArn);
      const newImage = viewType === 'NEW_IMAGE' || viewType === 'NEW_AND_OLD_IMAGES';
      const oldImage = viewType === 'OLD_IMAGE' || viewType === 'NEW_AND_OLD_IMAGES';
      const expected = [['INSERT', undefined, first], ['MODIFY', first, second],
        ['REMOVE', second, undefined]].map(([eventName, before, afterImage]) => {
        const dynamodb = { Keys };
        let bytes = size(Keys);
        if (newImage && afterImage) {
          dynamodb.NewImage = afterImage;
          bytes += size(afterImage);
        }
        if (oldImage && before) {
          dynamodb.OldImage = before;
          bytes += size(before);
        }
        dynamodb.SizeBytes = bytes;
        dynamodb.StreamViewType = viewType;
        return {
          awsRegion: 'us-east-1', eventName, eventSource: 'aws:dynamodb', eventVersion: '1.1',
          dynamodb,
        };
      });
      assert.equal(records.length, 3, JSON.stringify(records));
      records.forEach((r, i) => assertRecord(r, expected[i]));
      const seqs = records.map((r) => BigInt(r.dynamodb.SequenceNumber));
      assert.ok(seqs[0] < seqs[1] && seqs[1] < seqs[2], `${seqs}`);
      assert.equal(new Set(records.map((r) => r.eventID)).size, 3);
    });
  }

  test('GetShardIterator: AT_ and AFTER_SEQUENCE_NUMBER, LATEST and TRIM_HORIZON', async () => {
    const t = tables.NEW_AND_OLD_IMAGES;
    const { shard, records } = await recordsOfOneShard(t.StreamArn);
    const [r1, r2, r3] = records;
    const seq = (r) => r.dynamodb.SequenceNumber;
    const read = async (type, sequenceNumber) =>
      getRecords(await iterator(t.StreamArn, shard.ShardId, type, sequenceNumber));

    let page = await read('AT_SEQUENCE_NUMBER', seq(r2));
    assert.deepEqual(page.Records, [r2, r3]);
    assert.equal(typeof page.NextShardIterator, 'string');
    page = await read('AFTER_SEQUENCE_NUMBER', seq(r2));
    assert.deepEqual(page.Records, [r3]);
    page = await read('AT_SEQUENCE_NUMBER', seq(r1));
    assert.deepEqual(page.Records, [r1, r2, r3]);
    page = await read('AFTER_SEQUENCE_NUMBER', seq(r3));
    assert.deepEqual(page.Records, []);
    assert.equal(typeof page.NextShardIterator, 'string');

    // LATEST: nothing of what came before; the next write.
    const latest = await iterator(t.StreamArn, shard.ShardId, 'LATEST');
    const Item = { PK: { S: 'item' }, SK: { S: 'a' }, a: { S: 'again' } };
    await ddb.send(new PutItemCommand({ TableName: t.TableName, Item }));
    page = await getRecords(latest);
    assert.equal(page.Records.length, 1);
    assertRecord(page.Records[0], {
      awsRegion: 'us-east-1', eventName: 'INSERT', eventSource: 'aws:dynamodb', eventVersion: '1.1',
      dynamodb: {
        Keys: { PK: { S: 'item' }, SK: { S: 'a' } }, NewImage: Item, SizeBytes: 9 + 15,
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
    });
    assert.ok(BigInt(seq(page.Records[0])) > BigInt(seq(r3)));
    const afterLatest = await getRecords(page.NextShardIterator);
    assert.deepEqual(afterLatest.Records, []);
    // A LATEST iterator taken now reads nothing.
    assert.deepEqual((await read('LATEST')).Records, []);
    // TRIM_HORIZON: all four.
    assert.deepEqual((await read('TRIM_HORIZON')).Records, [r1, r2, r3, page.Records[0]]);
  });

  test('GetRecords pages with Limit, a new iterator each page', async () => {
    const t = tables.paging;
    for (let i = 0; i < 5; i++) {
      await ddb.send(new PutItemCommand({
        TableName: t.TableName, Item: { PK: { S: 'same' }, SK: { S: `s${i}` } },
      }));
    }
    const { shard, records } = await recordsOfOneShard(t.StreamArn);
    assert.deepEqual(records.map((r) => r.dynamodb.Keys.SK.S), ['s0', 's1', 's2', 's3', 's4']);
    // Limit 1: one record a page, then an empty page; every iterator new.
    let it = await iterator(t.StreamArn, shard.ShardId, 'TRIM_HORIZON');
    const seen = new Set([it]);
    const pages = [];
    for (;;) {
      const page = await getRecords(it, 1);
      pages.push(page.Records);
      assert.equal(typeof page.NextShardIterator, 'string');
      assert.ok(!seen.has(page.NextShardIterator), 'the same iterator twice');
      seen.add(page.NextShardIterator);
      it = page.NextShardIterator;
      if (page.Records.length === 0) break;
    }
    assert.deepEqual(pages, [...records.map((r) => [r]), []]);
    // Limit 2: 2, 2, 1.
    it = await iterator(t.StreamArn, shard.ShardId, 'TRIM_HORIZON');
    const sizes = [];
    for (;;) {
      const page = await getRecords(it, 2);
      if (page.Records.length === 0) break;
      sizes.push(page.Records.length);
      it = page.NextShardIterator;
    }
    assert.deepEqual(sizes, [2, 2, 1]);
  });

  test('errors: an unknown stream, a bad shard iterator', async () => {
    const t = tables.KEYS_ONLY;
    const [shard] = await shardsOf(t.StreamArn);
    // A well-formed ARN of no stream (a real-AWS text quoted in a test,
    // research find_string id 13343593761; localstack uses it too).
    const unknown = `arn:aws:dynamodb:us-east-1:000000000000:table/${PREFIX}none/stream/2020-01-01T00:00:00.000`;
    const notFound = `Requested resource not found: Stream: ${unknown} not found`;
    await assert.rejects(streams.send(new DescribeStreamCommand({ StreamArn: unknown })),
      serviceError('ResourceNotFoundException', notFound));
    await assert.rejects(streams.send(new GetShardIteratorCommand({
      StreamArn: unknown, ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON',
    })), serviceError('ResourceNotFoundException', notFound));
    // The same stream seen from another region is another, unknown, stream.
    const otherRegion = t.StreamArn.replace(':us-east-1:', ':eu-west-1:');
    await assert.rejects(streams.send(new DescribeStreamCommand({ StreamArn: otherRegion })),
      serviceError('ResourceNotFoundException',
        `Requested resource not found: Stream: ${otherRegion} not found`));
    // A garbage iterator: ValidationException (ScyllaDB test_streams.py
    // test_get_records_nonexistent_iterator on AWS; the text is dynarock's
    // rule).
    for (const ShardIterator of ['garbage', `${t.StreamArn}|1|AAAA`]) {
      await assert.rejects(streams.send(new GetRecordsCommand({ ShardIterator })),
        serviceError('ValidationException', 'Invalid ShardIterator'));
    }
  });

  test('errors: GetShardIterator arguments', async () => {
    const t = tables.KEYS_ONLY;
    const [shard] = await shardsOf(t.StreamArn);
    const get = (more) => streams.send(new GetShardIteratorCommand({
      StreamArn: t.StreamArn, ShardId: shard.ShardId, ...more,
    }));
    // "Shard does not exist" (ironSource/node-dynamodb-stream #16, SDK v3
    // against AWS).
    await assert.rejects(streams.send(new GetShardIteratorCommand({
      StreamArn: t.StreamArn, ShardId: 'shardId-00000001000000000000-00000000',
      ShardIteratorType: 'TRIM_HORIZON',
    })), serviceError('ResourceNotFoundException', 'Requested resource not found: Shard does not exist'));
    // The enum, in the service's usual wording (as for every other enum).
    await assert.rejects(get({ ShardIteratorType: 'bulle' }), serviceError('ValidationException',
      "1 validation error detected: Value 'bulle' at 'shardIteratorType' failed to satisfy " +
      'constraint: Member must satisfy enum value set: [TRIM_HORIZON, LATEST, ' +
      'AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER]'));
    // dynarock's rule for the next two (the service: ValidationException,
    // ScyllaDB test_streams.py).
    await assert.rejects(get({ ShardIteratorType: 'AT_SEQUENCE_NUMBER' }),
      serviceError('ValidationException',
        'Must specify a sequence number for the AT_SEQUENCE_NUMBER and AFTER_SEQUENCE_NUMBER shard iterator types'));
    await assert.rejects(get({
      ShardIteratorType: 'LATEST', SequenceNumber: shard.SequenceNumberRange.StartingSequenceNumber,
    }), serviceError('ValidationException',
      'Sequence number must not be specified for the TRIM_HORIZON and LATEST shard iterator types'));
    await assert.rejects(get({
      ShardIteratorType: 'AT_SEQUENCE_NUMBER', SequenceNumber: '200000000000000000001',
    }), serviceError('ValidationException', 'Invalid SequenceNumber: 200000000000000000001'));
    await assert.rejects(get({
      ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: '100000000000000999999',
    }), serviceError('ValidationException',
      `Invalid SequenceNumber: 100000000000000999999 is not in shard ${shard.ShardId}`));
  });

  test('AT_SEQUENCE_NUMBER of a new stream\'s StartingSequenceNumber', async () => {
    // DescribeStream says each open shard starts at its
    // StartingSequenceNumber; a reader may start there with
    // AT_SEQUENCE_NUMBER before anything is written, and then reads the
    // first records.
    await createTable('empty', 'NEW_IMAGE');
    const t = tables.empty;
    const shards = await shardsOf(t.StreamArn);
    const iterators = [];
    for (const shard of shards) {
      iterators.push(await iterator(t.StreamArn, shard.ShardId, 'AT_SEQUENCE_NUMBER',
        shard.SequenceNumberRange.StartingSequenceNumber));
    }
    const Item = { PK: { S: 'first' }, SK: { S: 'a' } };
    await ddb.send(new PutItemCommand({ TableName: t.TableName, Item }));
    const got = [];
    for (const it of iterators) got.push(...(await getRecords(it)).Records);
    assert.equal(got.length, 1);
    assert.deepEqual(got[0].dynamodb.NewImage, Item);
  });

  // Last: moves the engine's clock four hours on, which ages every stream.
  test('shards close after four hours; a closed shard ends without NextShardIterator', async () => {
    const t = tables.paging;
    const { shard: parent, records } = await recordsOfOneShard(t.StreamArn);
    const lastBefore = BigInt(records.at(-1).dynamodb.SequenceNumber);
    await advanceClock(GENERATION_S + 1);
    const Item = { PK: { S: 'same' }, SK: { S: 'later' } };
    await ddb.send(new PutItemCommand({ TableName: t.TableName, Item }));

    const shards = await shardsOf(t.StreamArn);
    assert.equal(shards.length, 8);
    const [old, young] = [shards.slice(0, 4), shards.slice(4)];
    assert.deepEqual(shards.map((s) => s.ShardId), shards.map((s) => s.ShardId).sort());
    for (const s of old) {
      assert.deepEqual(Object.keys(s.SequenceNumberRange),
        ['StartingSequenceNumber', 'EndingSequenceNumber']);
      assert.equal(s.ParentShardId, undefined);
    }
    const oldIds = old.map((s) => s.ShardId);
    assert.deepEqual(young.map((s) => s.ParentShardId).sort(), [...oldIds].sort());
    for (const s of young) {
      assert.deepEqual(Object.keys(s.SequenceNumberRange), ['StartingSequenceNumber']);
      assert.ok(Number(s.ShardId.slice(8, 28)) > Number(old[0].ShardId.slice(8, 28)) +
        (GENERATION_S - 60) * 1000);
    }

    // The parent, read to its end: its records, then no NextShardIterator.
    let it = await iterator(t.StreamArn, parent.ShardId, 'TRIM_HORIZON');
    const read = [];
    for (;;) {
      const page = await getRecords(it);
      read.push(...page.Records);
      if (!('NextShardIterator' in page) || page.NextShardIterator === undefined) break;
      assert.ok(page.Records.length > 0, 'an empty page of a closed shard kept an iterator');
      it = page.NextShardIterator;
    }
    assert.deepEqual(read, records);
    // LATEST on a closed shard: nothing, and the end.
    const end = await getRecords(await iterator(t.StreamArn, parent.ShardId, 'LATEST'));
    assert.deepEqual(end, { Records: [] });

    // The item's new record is in the parent's child, and only there.
    const children = body(await streams.send(new DescribeStreamCommand({
      StreamArn: t.StreamArn, ShardFilter: { Type: 'CHILD_SHARDS', ShardId: parent.ShardId },
    }))).StreamDescription.Shards;
    assert.equal(children.length, 1);
    assert.equal(children[0].ParentShardId, parent.ShardId);
    const childRecords = await readShard(t.StreamArn, children[0].ShardId);
    assert.equal(childRecords.length, 1);
    assert.deepEqual(childRecords[0].dynamodb.Keys, Item);
    assert.ok(BigInt(childRecords[0].dynamodb.SequenceNumber) > lastBefore);
    for (const s of young.filter((y) => y.ShardId !== children[0].ShardId)) {
      assert.deepEqual(await readShard(t.StreamArn, s.ShardId), []);
    }
  });
});
