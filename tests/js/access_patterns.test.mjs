// The sixteen access patterns of the seed's single-table design through the
// AWS SDK for JavaScript v3, against the Makeriess data set.
//
// `dynarock-bench load` (DYNAROCK_BENCH_BIN) fills makeriess-main-table (the
// seed's own table definition) with the data set, and the client tests'
// reference evaluator, `tests/client/makeriess_reference.py manifest`, reads
// the same items from `dynarock-bench items` and prints what every pattern
// must return for chosen keys: the item for GetItem patterns; the count, the
// table keys and (for an index) the index keys, in order, for Query
// patterns. Every pattern is run with GetItemCommand or QueryCommand and
// compared with it exactly, on one page and paged with
// Limit/ExclusiveStartKey; two run through lib-dynamodb's QueryCommand, and
// the seed's two QueryCommand examples run as written (the client adds the
// endpoint and credentials).
//
// Paging rule relied on (dynalite test/query.js, recorded against DynamoDB):
// a page that stops at Limit carries LastEvaluatedKey even when nothing
// follows, so n items read with Limit L take floor(n / L) + 1 pages.
//
// Starts its own server from DYNAROCK_BIN, like seed_put_item.test.mjs.
//
// Run: DYNAROCK_BIN=build/dynarock DYNAROCK_BENCH_BIN=build/dynarock-bench \
//        node --test tests/js/access_patterns.test.mjs

import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import path from 'node:path';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { BIN, CREDENTIALS, dynamoClient, startServer, stopServer } from './server.mjs';

import {
  GetItemCommand,
  QueryCommand,
  paginateQuery,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand as DocQueryCommand } from '@aws-sdk/lib-dynamodb';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BENCH = process.env.DYNAROCK_BENCH_BIN;
const REFERENCE = path.join(ROOT, 'tests', 'client', 'makeriess_reference.py');
const PYTHON = process.env.PYTHON3 || 'python3';
const SCALE = '1';
const TABLE = 'makeriess-main-table';
const INDEX_KEYS = { GSI1: ['GSI1PK', 'GSI1SK'], GSI2: ['GSI2PK', 'GSI2SK'] };
const LOADED = /^loaded (\d+) items in [\d.]+ s \(\d+ items\/s\) into makeriess-main-table \(created\) at (\S+): (\d+) batches, (\d+) retries\n$/;

const execFileAsync = promisify(execFile);

async function run(file, ...args) {
  const env = {
    ...process.env,
    AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
  };
  const { stdout, stderr } = await execFileAsync(file, args, {
    env, maxBuffer: 64 * 1024 * 1024, timeout: 300_000,
  });
  return { stdout, stderr };
}

const s = (value) => ({ S: value });
const typed = (values) => Object.fromEntries(Object.entries(values).map(([k, v]) => [k, s(v)]));

// Sets come back in any order: sort them before comparing whole items.
function canonical(item) {
  const out = {};
  for (const [name, value] of Object.entries(item)) {
    if (value.SS) out[name] = { SS: [...value.SS].sort() };
    else if (value.NS) out[name] = { NS: [...value.NS].sort() };
    else out[name] = value;
  }
  return out;
}

function tableKey(item) {
  return { PK: item.PK.S, SK: item.SK.S };
}

function indexKey(item, index) {
  const [hk, rk] = INDEX_KEYS[index];
  return { [hk]: item[hk].S, [rk]: item[rk].S };
}

// The LastEvaluatedKey after an item: the table's key, plus the index's.
function resumeKey(item, index) {
  const key = { PK: item.PK, SK: item.SK };
  if (index) for (const name of INDEX_KEYS[index]) key[name] = item[name];
  return key;
}

describe('the seed access patterns through the AWS SDK for JavaScript v3',
  { skip: (!BIN && 'DYNAROCK_BIN is not set') || (!BENCH && 'DYNAROCK_BENCH_BIN is not set') }, () => {
    let server;
    let client;
    let manifest;
    let loaded;

    before(async () => {
      server = await startServer();
      client = dynamoClient(server.endpoint);
      loaded = await run(BENCH, 'load', '--endpoint', server.endpoint, '--scale', SCALE, '--quiet');
      manifest = JSON.parse((await run(PYTHON, REFERENCE, 'manifest', '--scale', SCALE)).stdout);
    });

    after(async () => {
      client?.destroy();
      await stopServer(server);
    });

    const pattern = (id) => {
      const entry = manifest.patterns[id - 1];
      assert.equal(entry.id, id);
      return entry;
    };

    function queryInput(entry, c, extra = {}) {
      const input = {
        TableName: TABLE,
        KeyConditionExpression: entry.key_condition_expression,
        ExpressionAttributeValues: typed(c.values),
        ...extra,
      };
      if (entry.index) input.IndexName = entry.index;
      if (!entry.scan_index_forward) input.ScanIndexForward = false;
      return input;
    }

    async function pages(entry, c, limit) {
      const out = [];
      let start;
      for (;;) {
        const extra = { Limit: limit };
        if (start) extra.ExclusiveStartKey = start;
        const page = await client.send(new QueryCommand(queryInput(entry, c, extra)));
        out.push(page);
        const items = page.Items;
        assert.equal(page.Count, items.length);
        assert.equal(page.ScannedCount, items.length);
        assert.ok(items.length <= limit);
        if (items.length === limit) {
          assert.deepEqual(page.LastEvaluatedKey, resumeKey(items[items.length - 1], entry.index));
        } else {
          assert.equal(page.LastEvaluatedKey, undefined);
        }
        if (!page.LastEvaluatedKey) return out;
        start = page.LastEvaluatedKey;
        assert.ok(out.length < 1000, 'paging does not end');
      }
    }

    async function checkQueryPattern(id) {
      const entry = pattern(id);
      assert.equal(entry.operation, 'Query');
      for (const c of entry.cases) {
        const one = await client.send(new QueryCommand(queryInput(entry, c)));
        assert.equal(one.$metadata.httpStatusCode, 200);
        assert.equal(one.Count, c.count, `${c.values[':pk']}: Count`);
        assert.equal(one.ScannedCount, c.count);
        assert.equal(one.LastEvaluatedKey, undefined);
        assert.deepEqual(one.Items.map(tableKey), c.keys, `${c.values[':pk']}: keys in order`);
        if (entry.index) {
          assert.deepEqual(one.Items.map((it) => indexKey(it, entry.index)), c.index_keys);
        }
        for (const limit of [1, 4]) {
          const got = await pages(entry, c, limit);
          assert.deepEqual(got.flatMap((p) => p.Items).map(tableKey), c.keys,
            `${c.values[':pk']}: Limit ${limit}`);
          assert.equal(got.length, Math.floor(c.count / limit) + 1);
        }
        const count = await client.send(new QueryCommand(queryInput(entry, c, { Select: 'COUNT' })));
        assert.equal(count.Count, c.count);
        assert.equal(count.Items, undefined);
      }
    }

    async function checkGetPattern(id) {
      const entry = pattern(id);
      assert.equal(entry.operation, 'GetItem');
      for (const c of entry.cases) {
        const got = await client.send(new GetItemCommand({
          TableName: TABLE, Key: typed(c.key), ConsistentRead: true,
        }));
        if (c.item) assert.deepEqual(canonical(got.Item), canonical(c.item));
        else assert.equal(got.Item, undefined);
      }
    }

    test('dynarock-bench load created the table and loaded every item', () => {
      const m = LOADED.exec(loaded.stdout);
      assert.ok(m, loaded.stdout);
      assert.equal(Number(m[1]), manifest.item_count);
      assert.equal(m[2], server.endpoint);
      // BatchWriteItem in batches of 25, none of them retried.
      assert.equal(Number(m[3]), Math.ceil(manifest.item_count / 25));
      assert.equal(Number(m[4]), 0);
      assert.equal(loaded.stderr, '');
    });

    // Customer patterns
    test('1. Get customer by ID (GetItem PK, SK)', () => checkGetPattern(1));
    test('2. Get customer by email (GSI1PK, GSI1SK = CUSTOMER)', () => checkQueryPattern(2));
    test('3. Get customer orders (PK, begins_with(SK, ORDER#))', () => checkQueryPattern(3));
    test('4. Get customer favorites (PK, begins_with(SK, FAVORITE#))', () => checkQueryPattern(4));
    // Vendor patterns
    test('5. Get vendor by ID (GetItem PK, SK)', () => checkGetPattern(5));
    test('6. Get vendor by email (GSI1PK, GSI1SK = VENDOR)', () => checkQueryPattern(6));
    test('7. Get vendor products (PK, begins_with(SK, PRODUCT#))', () => checkQueryPattern(7));
    test('8. Get vendor orders (GSI1PK, begins_with(GSI1SK, ORDER#))', () => checkQueryPattern(8));
    // Product patterns
    test('9. Get product by ID (GetItem PK, SK)', () => checkGetPattern(9));
    test('10. Get products by vendor (GSI1PK, begins_with(GSI1SK, PRODUCT#))', () => checkQueryPattern(10));
    test('11. Get products by category (GSI2PK, begins_with(GSI2SK, PRODUCT#))', () => checkQueryPattern(11));
    test('12. Get product reviews (PK, begins_with(SK, REVIEW#))', () => checkQueryPattern(12));
    // Order patterns
    test('13. Get order by ID (GetItem PK, SK)', () => checkGetPattern(13));
    test('14. Get customer orders (GSI1PK, begins_with(GSI1SK, ORDER#))', () => checkQueryPattern(14));
    test('15. Get vendor orders (GSI2PK, begins_with(GSI2SK, ORDER#))', () => checkQueryPattern(15));
    test('16. Get recent orders (GSI2PK = ORDER, newest first)', () => checkQueryPattern(16));

    test("the seed's QueryCommand example: Get Customer Orders", async () => {
      // As written in the seed, with the client pointed at dynarock.
      const client = dynamoClient(server.endpoint);

      const result = await client.send(new QueryCommand({
        TableName: 'makeriess-main-table',
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
        ExpressionAttributeValues: {
          ':pk': { S: 'CUSTOMER#cust_123' },
          ':sk': { S: 'ORDER#' },
        },
      }));

      client.destroy();
      const want = pattern(3).cases.find((c) => c.values[':pk'] === 'CUSTOMER#cust_123');
      assert.ok(want.count > 0);
      assert.equal(result.Count, want.count);
      assert.equal(result.ScannedCount, want.count);
      assert.deepEqual(result.Items.map(tableKey), want.keys);
      assert.equal(result.LastEvaluatedKey, undefined);
    });

    test("the seed's QueryCommand example: Get Products by Category", async () => {
      const client = dynamoClient(server.endpoint);

      const result = await client.send(new QueryCommand({
        TableName: 'makeriess-main-table',
        IndexName: 'GSI2',
        KeyConditionExpression: 'GSI2PK = :pk AND begins_with(GSI2SK, :sk)',
        ExpressionAttributeValues: {
          ':pk': { S: 'CATEGORY#Food & pastries' },
          ':sk': { S: 'PRODUCT#' },
        },
      }));

      client.destroy();
      const want = pattern(11).cases.find((c) => c.values[':pk'] === 'CATEGORY#Food & pastries');
      assert.ok(want.count > 0);
      assert.equal(result.Count, want.count);
      assert.deepEqual(result.Items.map(tableKey), want.keys);
      assert.deepEqual(result.Items.map((it) => indexKey(it, 'GSI2')), want.index_keys);
      for (const item of result.Items) assert.equal(item.category.S, 'Food & pastries');
    });

    test('lib-dynamodb QueryCommand: products by category, native values', async () => {
      const doc = DynamoDBDocumentClient.from(client);
      const entry = pattern(11);
      for (const c of entry.cases) {
        const result = await doc.send(new DocQueryCommand({
          TableName: TABLE,
          IndexName: 'GSI2',
          KeyConditionExpression: 'GSI2PK = :pk AND begins_with(GSI2SK, :sk)',
          ExpressionAttributeValues: { ':pk': c.values[':pk'], ':sk': c.values[':sk'] },
        }));
        assert.equal(result.Count, c.count);
        assert.deepEqual(result.Items.map((it) => ({ PK: it.PK, SK: it.SK })), c.keys);
        for (const item of result.Items) {
          assert.equal(typeof item.price, 'number');
          assert.equal(`CATEGORY#${item.category}`, c.values[':pk']);
        }
      }
    });

    test('lib-dynamodb QueryCommand: the ten most recent orders, then the next ten', async () => {
      const doc = DynamoDBDocumentClient.from(client);
      const want = pattern(16).cases.find((c) => c.values[':pk'] === 'ORDER');
      const input = {
        TableName: TABLE,
        IndexName: 'GSI2',
        KeyConditionExpression: 'GSI2PK = :pk',
        ExpressionAttributeValues: { ':pk': 'ORDER' },
        ScanIndexForward: false,
        Limit: 10,
      };
      const first = await doc.send(new DocQueryCommand(input));
      assert.deepEqual(first.Items.map((it) => ({ PK: it.PK, SK: it.SK })), want.keys.slice(0, 10));
      const last = first.Items[9];
      assert.deepEqual(first.LastEvaluatedKey,
        { PK: last.PK, SK: last.SK, GSI2PK: last.GSI2PK, GSI2SK: last.GSI2SK });
      const timestamps = first.Items.map((it) => it.createdAt);
      assert.deepEqual(timestamps, [...timestamps].sort().reverse());
      const second = await doc.send(new DocQueryCommand({
        ...input, ExclusiveStartKey: first.LastEvaluatedKey,
      }));
      assert.deepEqual(second.Items.map((it) => ({ PK: it.PK, SK: it.SK })), want.keys.slice(10, 20));
    });

    test('paginateQuery walks a vendor partition of GSI1 in order', async () => {
      const entry = pattern(8);
      const c = entry.cases[0];
      const got = [];
      for await (const page of paginateQuery({ client, pageSize: 6 }, queryInput(entry, c))) {
        got.push(...page.Items);
      }
      assert.ok(c.count > 6);
      assert.deepEqual(got.map(tableKey), c.keys);
    });
  });
