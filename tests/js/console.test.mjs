// The browser console (GET /console), driven in headless Chromium through
// puppeteer-core: every page and flow through clicks and typing, checked
// against what the same requests return through the AWS SDK.
//
// Starts its own server from DYNAROCK_BIN; Chromium is CHROMIUM_BIN or
// /usr/bin/chromium. On a failure, the page's screenshot is kept as
// tests/js/artifacts/console-<test>.png.
//
// Run: DYNAROCK_BIN=build/dynarock node --test tests/js/console.test.mjs

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  BatchWriteItemCommand, CreateTableCommand, DeleteItemCommand, DescribeTableCommand, GetItemCommand,
  ListTablesCommand, ListTagsOfResourceCommand, PutItemCommand, QueryCommand, ScanCommand, TagResourceCommand,
  UpdateContinuousBackupsCommand, UpdateItemCommand, UpdateTableCommand, UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';

import { BIN, dynamoClient, startServer, stopServer } from './server.mjs';
import {
  ConsolePage, MAKERIESS_TABLE, keepScreenshot, launchBrowser, makeriessItems, tid,
} from './console_helpers.mjs';

// Chromium is installed by tools/dev.sh test: a missing one fails the suite.
const skip = !BIN && 'DYNAROCK_BIN is not set';

const S = (v) => ({ S: v });
const N = (v) => ({ N: String(v) });
const pad = (i) => String(i).padStart(3, '0');

async function batchWrite(client, table, items) {
  for (let i = 0; i < items.length; i += 25) {
    const out = await client.send(new BatchWriteItemCommand({
      RequestItems: { [table]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) },
    }));
    assert.deepEqual(out.UnprocessedItems, {});
  }
}

// The SDK's answer to a request as the console shows it: without the
// response metadata.
async function sdk(client, Command, input) {
  const { $metadata, ...out } = await client.send(new Command(structuredClone(input)));
  assert.equal($metadata.httpStatusCode, 200);
  return out;
}

// Every table the fixtures create, in ListTables order.
const FIXTURE_TABLES = ['console-crud', 'console-items', 'console-query', 'console-settings', 'console-stream',
  'makeriess-main-table'];

describe('the browser console in headless Chromium', { skip }, () => {
  let server;
  let client;
  let browser;
  let page;
  let ui;
  const pageErrors = [];

  before(async () => {
    server = await startServer();
    client = dynamoClient(server.endpoint);
    const hashKey = (name, type = 'S') => ({
      AttributeDefinitions: [{ AttributeName: name, AttributeType: type }],
      KeySchema: [{ AttributeName: name, KeyType: 'HASH' }],
    });

    // console-items: 250 items, every fifth in the byGroup index.
    await client.send(new CreateTableCommand({
      TableName: 'console-items',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'group', AttributeType: 'S' },
        { AttributeName: 'n', AttributeType: 'N' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
      GlobalSecondaryIndexes: [{
        IndexName: 'byGroup',
        KeySchema: [{ AttributeName: 'group', KeyType: 'HASH' }, { AttributeName: 'n', KeyType: 'RANGE' }],
        Projection: { ProjectionType: 'KEYS_ONLY' },
      }],
    }));
    await batchWrite(client, 'console-items', Array.from({ length: 250 }, (_, i) => {
      const item = { pk: S(`item#${pad(i)}`), n: N(i), label: S(`Item ${i}`) };
      if (i % 5 === 0) item.group = S(`g${i % 2}`);
      return item;
    }));

    // console-query: orders of c1 and c2, an index by status and total,
    // and one item with a value of every type.
    await client.send(new CreateTableCommand({
      TableName: 'console-query',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'S' },
        { AttributeName: 'status', AttributeType: 'S' }, { AttributeName: 'total', AttributeType: 'N' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
      BillingMode: 'PAY_PER_REQUEST',
      GlobalSecondaryIndexes: [{
        IndexName: 'byStatus',
        KeySchema: [{ AttributeName: 'status', KeyType: 'HASH' }, { AttributeName: 'total', KeyType: 'RANGE' }],
        Projection: { ProjectionType: 'ALL' },
      }],
    }));
    const orders = [];
    for (let i = 1; i <= 12; i++) {
      orders.push({ pk: S('c1'), sk: S(`ORDER#${pad(i)}`), total: N(i * 10), status: S(i % 2 ? 'open' : 'closed'),
        note: S(`order ${i}`) });
    }
    orders.push({ pk: S('c2'), sk: S('ORDER#001'), total: N(15), status: S('open'), note: S('other') });
    orders.push({
      pk: S('types'), sk: S('all'), s: S('hello'), n: N('3.14'), b: { B: new Uint8Array([1, 2, 3]) },
      bool: { BOOL: true }, nul: { NULL: true }, ss: { SS: ['y', 'x'] }, ns: { NS: ['10', '2', '1'] },
      bs: { BS: [new Uint8Array([1, 2, 3]), new Uint8Array([0])] },
      l: { L: [S('a'), N(1), { BOOL: true }, { NULL: true }] }, m: { M: { k: S('v'), n: N(2) } },
    });
    await batchWrite(client, 'console-query', orders);

    // console-settings: indexes of both kinds, TTL, a stream, PITR, SSE, tags.
    await client.send(new CreateTableCommand({
      TableName: 'console-settings',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'S' },
        { AttributeName: 'owner', AttributeType: 'S' }, { AttributeName: 'date', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
      BillingMode: 'PAY_PER_REQUEST',
      GlobalSecondaryIndexes: [{
        IndexName: 'byOwner',
        KeySchema: [{ AttributeName: 'owner', KeyType: 'HASH' }],
        Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['title'] },
      }],
      LocalSecondaryIndexes: [{
        IndexName: 'byDate',
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'date', KeyType: 'RANGE' }],
        Projection: { ProjectionType: 'KEYS_ONLY' },
      }],
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
      SSESpecification: { Enabled: true },
    }));
    await client.send(new UpdateTimeToLiveCommand({
      TableName: 'console-settings', TimeToLiveSpecification: { Enabled: true, AttributeName: 'expiresAt' },
    }));
    await client.send(new UpdateContinuousBackupsCommand({
      TableName: 'console-settings', PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    }));
    const settingsArn = (await client.send(new DescribeTableCommand({ TableName: 'console-settings' }))).Table.TableArn;
    await client.send(new TagResourceCommand({
      ResourceArn: settingsArn, Tags: [{ Key: 'env', Value: 'test' }, { Key: 'team', Value: 'data' }],
    }));
    await batchWrite(client, 'console-settings', [1, 2, 3].map((i) => ({
      pk: S(`doc${i}`), sk: S('v1'), owner: S('ana'), date: S(`2026-01-0${i}`), title: S(`Doc ${i}`),
    })));

    await client.send(new CreateTableCommand({
      TableName: 'console-stream', ...hashKey('id'), BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    }));
    await client.send(new CreateTableCommand({
      TableName: 'console-crud',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
      BillingMode: 'PAY_PER_REQUEST',
    }));
    await client.send(new CreateTableCommand(MAKERIESS_TABLE));
    await batchWrite(client, 'makeriess-main-table', makeriessItems());

    browser = await launchBrowser();
    page = await browser.newPage();
    await page.setViewport({ width: 1400, height: 1000 });
    page.on('pageerror', (err) => pageErrors.push(err.message));
    page.setDefaultTimeout(10_000);
    ui = new ConsolePage(page, server.endpoint);
  });

  after(async () => {
    try {
      await browser?.close();
    } finally {
      client?.destroy();
      await stopServer(server);
    }
  });

  // A test that keeps a screenshot when it fails, and fails on any
  // uncaught error in the page.
  function uiTest(name, fn) {
    test(name, async () => {
      try {
        await fn();
        assert.deepEqual(pageErrors, [], 'errors thrown in the page');
      } catch (err) {
        await keepScreenshot(page, name);
        throw err;
      } finally {
        pageErrors.length = 0;
      }
    });
  }

  uiTest('tables: the list pages with ListTables and shows each table\'s keys, indexes, counts and settings', async () => {
    const { TableNames } = await sdk(client, ListTablesCommand, {});
    assert.deepEqual(TableNames, FIXTURE_TABLES);

    await ui.open('#/tables');
    await ui.select(tid('tables-page-size'), '5');
    await ui.waitText(tid('tables-page'), 'Page 1');
    await ui.waitFor(tid('tables'));
    assert.deepEqual(await ui.texts(`${tid('tables')} ${tid('table-link')}`), FIXTURE_TABLES.slice(0, 5));
    assert.equal(await page.$eval(tid('tables-prev'), (b) => b.disabled), true);
    await ui.clickAndWait(tid('tables-next'), tid('tables'));
    await ui.waitText(tid('tables-page'), 'Page 2');
    assert.deepEqual(await ui.texts(`${tid('tables')} ${tid('table-link')}`), FIXTURE_TABLES.slice(5));
    await ui.clickAndWait(tid('tables-prev'), tid('tables'));
    await ui.waitText(tid('tables-page'), 'Page 1');
    assert.deepEqual(await ui.texts(`${tid('tables')} ${tid('table-link')}`), FIXTURE_TABLES.slice(0, 5));

    const { Table: t } = await sdk(client, DescribeTableCommand, { TableName: 'console-settings' });
    assert.equal(t.ItemCount, 3);
    assert.ok(t.TableSizeBytes > 0 && t.TableSizeBytes < 1024);
    const row = tid('table-row-console-settings');
    const cell = (id) => ui.text(`${row} ${tid(id)}`);
    assert.equal(await cell('col-status'), 'ACTIVE');
    assert.equal(await cell('col-partition-key'), 'pk (S)');
    assert.equal(await cell('col-sort-key'), 'sk (S)');
    assert.deepEqual(await ui.texts(`${row} ${tid('col-indexes')} li`),
      ['byOwner GSI: owner · INCLUDE title', 'byDate LSI: pk + date · KEYS_ONLY']);
    assert.equal(await cell('col-item-count'), '3');
    assert.equal(await cell('col-size'), `${t.TableSizeBytes} B`);
    assert.equal(await cell('col-billing'), 'On-demand (PAY_PER_REQUEST)');
    assert.equal(await cell('col-ttl'), 'ENABLED (expiresAt)');
    assert.equal(await cell('col-stream'), 'On (NEW_IMAGE)');
    assert.equal(await cell('col-pitr'), 'ENABLED');
    assert.equal(await cell('col-tags'), 'env=test, team=data');
    assert.equal(await ui.text(`${tid('table-row-console-items')} ${tid('col-item-count')}`), '250');
    assert.equal(await ui.text(`${tid('table-row-console-items')} ${tid('col-ttl')}`), 'DISABLED');
    assert.equal(await ui.text(`${tid('table-row-console-items')} ${tid('col-stream')}`), 'Off');

    // The table's own page, reached by its link.
    await ui.click(`${row} ${tid('table-link')}`);
    await ui.waitFor(tid('table-overview'));
    assert.equal(await page.evaluate(() => location.hash), '#/table/console-settings');
    const { Tags } = await sdk(client, ListTagsOfResourceCommand, { ResourceArn: t.TableArn });
    const expected = {
      'd-status': 'ACTIVE',
      'd-arn': t.TableArn,
      'd-partition-key': 'pk (S)',
      'd-sort-key': 'sk (S)',
      'd-item-count': '3',
      'd-size': `${t.TableSizeBytes} B (${t.TableSizeBytes} bytes)`,
      'd-billing': 'On-demand (PAY_PER_REQUEST)',
      'd-ttl': 'ENABLED (expiresAt)',
      'd-stream': 'On (NEW_IMAGE)',
      'd-stream-arn': t.LatestStreamArn,
      'd-pitr': 'ENABLED',
      'd-sse': `ENABLED, KMS, ${t.SSEDescription.KMSMasterKeyArn}`,
      'd-deletion-protection': 'Off',
      'd-tags': Tags.map((x) => `${x.Key}=${x.Value}`).join(', '),
    };
    assert.equal(expected['d-tags'], 'env=test, team=data');
    assert.equal(t.SSEDescription.Status, 'ENABLED');
    for (const [id, want] of Object.entries(expected)) assert.equal(await ui.text(tid(id)), want, id);
    const ix = (name, id) => ui.text(`${tid(`index-row-${name}`)} ${tid(id)}`);
    assert.equal(await ix('byOwner', 'ix-keys'), 'owner (S, partition)');
    assert.equal(await ix('byOwner', 'ix-projection'), 'INCLUDE title');
    assert.equal(await ix('byOwner', 'ix-status'), 'ACTIVE');
    assert.equal(await ix('byOwner', 'ix-item-count'), '3');
    assert.equal(await ix('byDate', 'ix-keys'), 'pk (S, partition) + date (S, sort)');
    assert.equal(await ix('byDate', 'ix-projection'), 'KEYS_ONLY');
    // Only a GSI has a Delete button.
    assert.equal(await page.$(`${tid('index-row-byDate')} ${tid('delete-gsi')}`), null);
    assert.ok(await page.$(`${tid('index-row-byOwner')} ${tid('delete-gsi')}`));
  });

  uiTest('item browser: Scan pages of 100 over 250 items, next and previous, and over an index', async () => {
    // The pages the SDK reads with the same Limit.
    const sdkPages = [];
    let start;
    do {
      const input = { TableName: 'console-items', Limit: 100 };
      if (start) input.ExclusiveStartKey = start;
      const out = await sdk(client, ScanCommand, input);
      sdkPages.push(out.Items.map((it) => it.pk.S));
      start = out.LastEvaluatedKey;
    } while (start);
    assert.deepEqual(sdkPages.map((p) => p.length), [100, 100, 50]);

    await ui.open('#/table/console-items/items');
    await ui.waitFor(tid('items'));
    await ui.select(tid('items-page-size'), '100');
    await ui.waitText(tid('count'), 'Count 100');
    const grid = tid('items');
    assert.deepEqual(await ui.headers(grid), ['pk', 'group', 'label', 'n', 'Actions']);
    assert.deepEqual(await ui.firstColumn(grid), sdkPages[0]);
    assert.equal(await ui.text(tid('items-page')), 'Page 1');
    assert.match(await ui.text(tid('latency')), /^\d+\.\d ms$/);
    assert.equal(await ui.text(tid('consumed-capacity')), 'ConsumedCapacity {"TableName":"console-items","CapacityUnits":0.5}');

    await ui.clickAndWait(tid('items-next'), grid);
    assert.equal(await ui.text(tid('items-page')), 'Page 2');
    assert.deepEqual(await ui.firstColumn(grid), sdkPages[1]);
    await ui.clickAndWait(tid('items-next'), grid);
    assert.equal(await ui.text(tid('items-page')), 'Page 3');
    assert.deepEqual(await ui.firstColumn(grid), sdkPages[2]);
    assert.equal(await ui.text(tid('count')), 'Count 50');
    assert.equal(await page.$eval(tid('items-next'), (b) => b.disabled), true);
    await ui.clickAndWait(tid('items-prev'), grid);
    assert.equal(await ui.text(tid('items-page')), 'Page 2');
    assert.deepEqual(await ui.firstColumn(grid), sdkPages[1]);
    await ui.clickAndWait(tid('items-prev'), grid);
    assert.deepEqual(await ui.firstColumn(grid), sdkPages[0]);
    assert.equal(await page.$eval(tid('items-prev'), (b) => b.disabled), true);
    // The JSON view shows the page's items exactly.
    const first = await sdk(client, ScanCommand, { TableName: 'console-items', Limit: 100 });
    assert.deepEqual(await ui.itemsJson(), first.Items);

    // The index: 50 items, KEYS_ONLY; pages of 25 end with an empty page
    // (a page that stops at Limit carries LastEvaluatedKey).
    await ui.select(tid('items-source'), 'byGroup');
    await page.waitForFunction(() => location.hash === '#/table/console-items/items/byGroup');
    await ui.waitFor(tid('index-note'));
    await ui.waitFor(grid);
    assert.equal(await ui.value(tid('items-page-size')), '25');
    const indexPages = [];
    start = undefined;
    do {
      const input = { TableName: 'console-items', IndexName: 'byGroup', Limit: 25 };
      if (start) input.ExclusiveStartKey = start;
      const out = await sdk(client, ScanCommand, input);
      indexPages.push(out.Items);
      start = out.LastEvaluatedKey;
    } while (start);
    assert.deepEqual(indexPages.map((p) => p.length), [25, 25, 0]);
    assert.deepEqual(await ui.headers(grid), ['group', 'n', 'pk', 'Actions']);
    assert.deepEqual(await ui.firstColumn(grid), indexPages[0].map((it) => it.group.S));
    assert.deepEqual(await ui.itemsJson(), indexPages[0]);
    await ui.clickAndWait(tid('items-next'), tid('metrics'));
    assert.equal(await ui.text(tid('items-page')), 'Page 2');
    assert.deepEqual(await ui.itemsJson(), indexPages[1]);
    await ui.clickAndWait(tid('items-next'), tid('metrics'));
    assert.equal(await ui.text(tid('items-end')), 'No more items.');
    assert.equal(await ui.text(tid('count')), 'Count 0');
    assert.equal(await page.$eval(tid('items-next'), (b) => b.disabled), true);
    await ui.clickAndWait(tid('items-prev'), tid('metrics'));
    assert.deepEqual(await ui.itemsJson(), indexPages[1]);
  });

  uiTest('query builder: a sort key condition, a filter and a projection on the table', async () => {
    await ui.open('#/table/console-query/query');
    await ui.waitFor(tid('query-form'));
    await ui.fill(tid('q-pk'), 'c1');
    await ui.select(tid('q-sk-op'), 'begins_with');
    await ui.fill(tid('q-sk'), 'ORDER#00');
    await ui.click(tid('q-add-filter'));
    await ui.fill(tid('filter-name'), 'total');
    await ui.select(tid('filter-op'), '>=');
    await ui.select(tid('filter-type'), 'N');
    await ui.fill(tid('filter-value'), '30');
    await ui.fill(tid('q-projection'), 'sk, total');
    // Enter in a field runs the query.
    await page.focus(tid('q-pk'));
    await ui.pressAndWait('Enter', tid('q-result', 'metrics'));

    const request = {
      TableName: 'console-query',
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :sk)',
      FilterExpression: '#f0 >= :f0',
      ProjectionExpression: '#sk, #f0',
      ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk', '#f0': 'total' },
      ExpressionAttributeValues: { ':pk': S('c1'), ':sk': S('ORDER#00'), ':f0': N(30) },
      ReturnConsumedCapacity: 'TOTAL',
    };
    assert.equal(await ui.text(tid('q-request-json')), JSON.stringify(request, null, 2));
    assert.equal(await ui.text(tid('q-request-operation')), 'Query');
    const want = await sdk(client, QueryCommand, request);
    assert.equal(want.Count, 7);
    assert.equal(want.ScannedCount, 9);
    assert.deepEqual(want.Items.map((it) => it.sk.S), [3, 4, 5, 6, 7, 8, 9].map((i) => `ORDER#${pad(i)}`));
    assert.equal(await ui.text(tid('count')), 'Count 7');
    assert.equal(await ui.text(tid('scanned-count')), 'ScannedCount 9');
    assert.equal(await ui.text(tid('consumed-capacity')),
      `ConsumedCapacity ${JSON.stringify(want.ConsumedCapacity)}`);
    assert.match(await ui.text(tid('latency')), /^\d+\.\d ms$/);
    assert.deepEqual(await ui.headers(tid('q-items')), ['pk', 'sk', 'total']);
    assert.deepEqual(await ui.itemsJson(tid('q-result'), 'q-items'), want.Items);
    assert.equal(await page.$eval(tid('q-next'), (b) => b.disabled), true);

    // A consistent read of the item with every type: the grid shows each
    // value readably.
    await ui.fill(tid('q-pk'), 'types');
    await ui.select(tid('q-sk-op'), '=');
    await ui.fill(tid('q-sk'), 'all');
    await ui.click(tid('filter-remove'));
    await ui.fill(tid('q-projection'), '');
    await ui.click(tid('q-consistent'));
    await ui.clickAndWait(tid('q-run'), tid('q-result', 'metrics'));
    assert.equal(await ui.text(tid('q-request-json')), JSON.stringify({
      TableName: 'console-query',
      KeyConditionExpression: '#pk = :pk AND #sk = :sk',
      ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk' },
      ExpressionAttributeValues: { ':pk': S('types'), ':sk': S('all') },
      ConsistentRead: true,
      ReturnConsumedCapacity: 'TOTAL',
    }, null, 2));
    assert.deepEqual(await ui.rowByColumn(tid('q-items'), 0), {
      pk: 'types', sk: 'all', b: 'AQID', bool: 'true', bs: '["AA==","AQID"]', l: '["a",1,true,null]',
      m: '{"k":"v","n":2}', n: '3.14', ns: '[1,2,10]', nul: 'null', s: 'hello', ss: '["x","y"]', Actions: null,
    });
  });

  uiTest('query builder: a GSI with BETWEEN, descending, Limit and paging with LastEvaluatedKey', async () => {
    await ui.open('#/table/console-query/query');
    await ui.select(tid('q-target'), 'byStatus');
    await page.waitForFunction(() => location.hash === '#/table/console-query/query/byStatus');
    assert.equal(await page.$eval(`label[for="${await page.$eval(tid('q-pk'), (e) => e.id)}"]`, (l) => l.textContent),
      'Partition key: status (S)');
    // A GSI has no consistent reads.
    assert.equal(await page.$eval(tid('q-consistent'), (c) => c.disabled), true);
    await ui.fill(tid('q-pk'), 'open');
    await ui.select(tid('q-sk-op'), 'BETWEEN');
    await ui.fill(tid('q-sk'), '20');
    await ui.fill(tid('q-sk2'), '100');
    await ui.select(tid('q-order'), 'desc');
    await ui.fill(tid('q-limit'), '3');
    await ui.clickAndWait(tid('q-run'), tid('q-result', 'metrics'));

    const request = {
      TableName: 'console-query',
      IndexName: 'byStatus',
      KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :sklo AND :skhi',
      ExpressionAttributeNames: { '#pk': 'status', '#sk': 'total' },
      ExpressionAttributeValues: { ':pk': S('open'), ':sklo': N(20), ':skhi': N(100) },
      ScanIndexForward: false,
      Limit: 3,
      ReturnConsumedCapacity: 'TOTAL',
    };
    assert.equal(await ui.text(tid('q-request-json')), JSON.stringify(request, null, 2));
    const page1 = await sdk(client, QueryCommand, request);
    assert.deepEqual(page1.Items.map((it) => it.total.N), ['90', '70', '50']);
    assert.deepEqual(await ui.headers(tid('q-items')), ['status', 'total', 'pk', 'sk', 'note', 'Actions']);
    assert.deepEqual(await ui.itemsJson(tid('q-result'), 'q-items'), page1.Items);
    assert.equal(await ui.text(tid('q-last-key')), `LastEvaluatedKey: ${JSON.stringify(page1.LastEvaluatedKey)}`);

    await ui.clickAndWait(tid('q-next'), tid('q-result', 'metrics'));
    const { ReturnConsumedCapacity, ...rest } = request;
    const request2 = { ...rest, ExclusiveStartKey: page1.LastEvaluatedKey, ReturnConsumedCapacity };
    assert.equal(await ui.text(tid('q-request-json')), JSON.stringify(request2, null, 2));
    const page2 = await sdk(client, QueryCommand, request2);
    assert.deepEqual(page2.Items.map((it) => it.total.N), ['30']);
    assert.equal(page2.LastEvaluatedKey, undefined);
    assert.equal(await ui.text(tid('q-page')), 'Page 2');
    assert.deepEqual(await ui.itemsJson(tid('q-result'), 'q-items'), page2.Items);
    assert.equal(await page.$eval(tid('q-next'), (b) => b.disabled), true);
    await ui.clickAndWait(tid('q-prev'), tid('q-result', 'metrics'));
    assert.equal(await ui.text(tid('q-request-json')), JSON.stringify(request, null, 2));
    assert.deepEqual(await ui.itemsJson(tid('q-result'), 'q-items'), page1.Items);
  });

  uiTest('items: create (DynamoDB JSON and plain JSON), edit, edit a key, clone, delete, and the server\'s errors', async () => {
    const get = async (pk, sk) =>
      (await sdk(client, GetItemCommand, { TableName: 'console-crud', Key: { pk: S(pk), sk: S(sk) } })).Item;
    const editor = tid('item-editor');
    const text = `${editor} ${tid('item-text')}`;
    await ui.open('#/table/console-crud/items');
    await ui.waitFor(tid('items-empty'));

    // Escape closes the editor.
    await ui.click(tid('item-create'));
    await ui.waitFor(editor);
    await page.keyboard.press('Escape');
    await page.waitForSelector(editor, { hidden: true });

    // Create, in DynamoDB JSON: the editor starts with the key attributes.
    await ui.click(tid('item-create'));
    await ui.waitFor(editor);
    assert.equal(await page.$eval(tid('mode-dynamodb'), (r) => r.checked), true);
    assert.equal(await ui.value(text), '{\n  "pk": {"S":""},\n  "sk": {"S":""}\n}');
    await ui.fill(text, '{"pk":{"S":"a"},"sk":{"S":"1"},"n":{"N":"5"},"tags":{"SS":["x","y"]}}');
    await ui.clickAndWait(tid('item-save'), tid('items-message'));
    assert.equal(await ui.text(tid('items-message')), 'Created item {"pk":"a","sk":"1"}.');
    assert.deepEqual(await get('a', '1'), { pk: S('a'), sk: S('1'), n: N(5), tags: { SS: ['x', 'y'] } });

    // Create, in plain JSON.
    await ui.click(tid('item-create'));
    await ui.waitFor(editor);
    await ui.click(tid('mode-plain'));
    assert.equal(await ui.value(text), '{\n  "pk": "",\n  "sk": ""\n}');
    await ui.fill(text, '{"pk":"b","sk":"1","n":1,"big":12345678901234567890,"ok":true,"none":null,"list":[1,"two"],"map":{"k":"v"}}');
    await ui.clickAndWait(tid('item-save'), tid('items-message'));
    assert.equal(await ui.text(tid('items-message')), 'Created item {"pk":"b","sk":"1"}.');
    const b = await get('b', '1');
    assert.deepEqual(b, {
      pk: S('b'), sk: S('1'), n: N(1), big: N('12345678901234567890'), ok: { BOOL: true }, none: { NULL: true },
      list: { L: [N(1), S('two')] }, map: { M: { k: S('v') } },
    });

    // The grid shows both items, keys first.
    await ui.waitFor(tid('items'));
    assert.deepEqual((await ui.firstColumn(tid('items'))).sort(), ['a', 'b']);
    assert.deepEqual(await ui.headers(tid('items')), ['pk', 'sk', 'big', 'list', 'map', 'n', 'none', 'ok', 'tags', 'Actions']);
    // A button of the row with this key, once the grid has (re)loaded.
    const row = async (pk, sk, id) => {
      await ui.waitFor(tid('items'));
      const i = await page.$$eval(`${tid('items')} tbody tr`, (trs, key) => trs.findIndex((tr) => {
        const v = [...tr.querySelectorAll('td .v')].slice(0, 2).map((e) => e.textContent);
        return v[0] === key[0] && v[1] === key[1];
      }), [pk, sk]);
      assert.ok(i >= 0, `a row for ${pk}/${sk}`);
      return `${tid('items')} tbody tr:nth-child(${i + 1}) ${tid(id)}`;
    };

    // Edit b (plain JSON, the mode last used): change n.
    await ui.click(await row('b', '1', 'item-edit'));
    await ui.waitFor(editor);
    assert.equal(await page.$eval(tid('mode-plain'), (r) => r.checked), true);
    // One attribute a line, in the order GetItem returns them.
    assert.deepEqual(Object.keys(b), ['big', 'list', 'map', 'n', 'none', 'ok', 'pk', 'sk']);
    assert.equal(await ui.value(text), [
      '{',
      '  "big": 12345678901234567890,',
      '  "list": [1,"two"],',
      '  "map": {"k":"v"},',
      '  "n": 1,',
      '  "none": null,',
      '  "ok": true,',
      '  "pk": "b",',
      '  "sk": "1"',
      '}',
    ].join('\n'));
    assert.match(await ui.text(tid('editor-help')), /^Save replaces the item \(PutItem\)\. Changing a key attribute \(pk, sk\) saves a new item instead; the original item stays\./);
    await ui.fill(text, '{"pk":"b","sk":"1","n":2}');
    await ui.clickAndWait(tid('item-save'), tid('items-message'));
    assert.equal(await ui.text(tid('items-message')), 'Saved item {"pk":"b","sk":"1"}.');
    assert.deepEqual(await get('b', '1'), { pk: S('b'), sk: S('1'), n: N(2) });

    // Edit b, switching to DynamoDB JSON, and change its sort key: a new item.
    await ui.click(await row('b', '1', 'item-edit'));
    await ui.waitFor(editor);
    await ui.click(tid('mode-dynamodb'));
    assert.equal(await ui.value(text), '{\n  "n": {"N":"2"},\n  "pk": {"S":"b"},\n  "sk": {"S":"1"}\n}');
    await ui.fill(text, '{"pk":{"S":"b"},"sk":{"S":"2"},"n":{"N":"3"}}');
    await ui.clickAndWait(tid('item-save'), tid('items-message'));
    assert.equal(await ui.text(tid('items-message')),
      'Saved a new item {"pk":"b","sk":"2"}: the key changed, so the original item {"pk":"b","sk":"1"} still exists.');
    assert.deepEqual(await get('b', '1'), { pk: S('b'), sk: S('1'), n: N(2) });
    assert.deepEqual(await get('b', '2'), { pk: S('b'), sk: S('2'), n: N(3) });

    // Clone a: the editor opens with a's item; a string set keeps it in
    // DynamoDB JSON.
    const a = await get('a', '1');
    await ui.click(await row('a', '1', 'item-clone'));
    await ui.waitFor(editor);
    assert.deepEqual(Object.keys(a), ['n', 'pk', 'sk', 'tags']);
    assert.equal(await ui.value(text),
      '{\n  "n": {"N":"5"},\n  "pk": {"S":"a"},\n  "sk": {"S":"1"},\n  "tags": {"SS":["x","y"]}\n}');
    await ui.click(tid('mode-plain'));
    assert.equal(await ui.text(tid('mode-error')), 'Staying in DynamoDB JSON: tags is a SS value, which plain JSON cannot express.');
    assert.equal(await page.$eval(tid('mode-dynamodb'), (r) => r.checked), true);
    await ui.fill(text, JSON.stringify({ ...a, pk: S('a2') }));
    await ui.clickAndWait(tid('item-save'), tid('items-message'));
    assert.equal(await ui.text(tid('items-message')), 'Created item {"pk":"a2","sk":"1"}.');
    assert.deepEqual(await get('a2', '1'), { ...a, pk: S('a2') });

    // Cloning without changing the key is refused by the condition.
    await ui.click(await row('a', '1', 'item-clone'));
    await ui.waitFor(editor);
    await ui.clickAndWait(tid('item-save'), `${editor} ${tid('error')}`);
    assert.equal(await ui.text(`${editor} ${tid('error-type')}`), 'ConditionalCheckFailedException');
    assert.equal(await ui.text(`${editor} ${tid('error-message')}`), 'The conditional request failed');
    await ui.click(tid('item-cancel'));
    await page.waitForSelector(editor, { hidden: true });

    // Delete a2: Escape cancels, the confirm button deletes.
    assert.deepEqual((await ui.firstColumn(tid('items'))).sort(), ['a', 'a2', 'b', 'b']);
    await ui.click(await row('a2', '1', 'item-delete'));
    await ui.waitFor(tid('confirm-dialog'));
    assert.equal(await ui.text(tid('confirm-message')), 'DeleteItem removes the item {"pk":"a2","sk":"1"} from console-crud.');
    await page.keyboard.press('Escape');
    await page.waitForSelector(tid('confirm-dialog'), { hidden: true });
    assert.ok(await get('a2', '1'));
    await ui.click(await row('a2', '1', 'item-delete'));
    await ui.click(tid('confirm-ok'));
    await page.waitForFunction(() => document.querySelector('[data-testid="items-message"]')?.textContent.startsWith('Deleted'));
    assert.equal(await ui.text(tid('items-message')), 'Deleted item {"pk":"a2","sk":"1"}.');
    assert.equal(await get('a2', '1'), undefined);

    // Invalid items: the server's error type and message, verbatim, and the
    // same as the SDK gets for the same request.
    const invalid = [
      ['{"pk":{"S":"z"}}', { pk: S('z') },
        'One or more parameter values were invalid: Missing the key sk in the item'],
      ['{"pk":{"S":"z"},"sk":{"S":"1"},"e":{"SS":[]}}', { pk: S('z'), sk: S('1'), e: { SS: [] } },
        'One or more parameter values were invalid: An string set  may not be empty'],
    ];
    for (const [json, item, message] of invalid) {
      await assert.rejects(client.send(new PutItemCommand({
        TableName: 'console-crud', Item: item,
        ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': 'pk' },
      })), (err) => {
        assert.equal(err.name, 'ValidationException');
        assert.equal(err.message, message);
        return true;
      });
      await ui.click(tid('item-create'));
      await ui.waitFor(editor);
      await ui.fill(text, json);
      await ui.clickAndWait(tid('item-save'), `${editor} ${tid('error')}`);
      assert.equal(await ui.text(`${editor} ${tid('error-type')}`), 'ValidationException');
      assert.equal(await ui.text(`${editor} ${tid('error-message')}`), message);
      assert.equal(await ui.text(`${editor} ${tid('editor-request-json')}`), JSON.stringify({
        TableName: 'console-crud', Item: item,
        ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': 'pk' },
      }, null, 2));
      await page.keyboard.press('Escape');
      await page.waitForSelector(editor, { hidden: true });
    }
    // Text that is not JSON never reaches the server.
    await ui.click(tid('item-create'));
    await ui.fill(text, '{"pk":');
    await ui.clickAndWait(tid('item-save'), `${editor} ${tid('error')}`);
    assert.equal(await ui.text(`${editor} ${tid('error-type')}`), 'SyntaxError');
    await page.keyboard.press('Escape');
    const { Items } = await sdk(client, ScanCommand, { TableName: 'console-crud' });
    assert.deepEqual(Items.map((it) => `${it.pk.S}/${it.sk.S}`).sort(), ['a/1', 'b/1', 'b/2']);
  });

  uiTest('tables: create a table with a GSI, add and delete a GSI, delete the table', async () => {
    await ui.open('#/tables');
    await ui.click(tid('create-table-link'));
    await ui.waitFor(tid('create-table-form'));
    await ui.fill(tid('ct-pk'), 'id');
    await ui.fill(tid('ct-sk'), 'ts');
    await ui.select(tid('ct-sk-type'), 'N');
    await ui.click(tid('ct-add-gsi'));
    await ui.fill(`${tid('ct-gsis')} ${tid('gsi-name')}`, 'byOwner');
    await ui.fill(`${tid('ct-gsis')} ${tid('gsi-pk')}`, 'owner');
    await ui.fill(tid('ct-name'), 'console-made');
    const request = {
      TableName: 'console-made',
      AttributeDefinitions: [
        { AttributeName: 'id', AttributeType: 'S' },
        { AttributeName: 'ts', AttributeType: 'N' },
        { AttributeName: 'owner', AttributeType: 'S' },
      ],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }, { AttributeName: 'ts', KeyType: 'RANGE' }],
      BillingMode: 'PAY_PER_REQUEST',
      GlobalSecondaryIndexes: [{
        IndexName: 'byOwner',
        KeySchema: [{ AttributeName: 'owner', KeyType: 'HASH' }],
        Projection: { ProjectionType: 'ALL' },
      }],
    };
    assert.equal(await ui.text(tid('ct-request-json')), JSON.stringify(request, null, 2));
    // Enter in the name field submits the form.
    await page.focus(tid('ct-name'));
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => location.hash === '#/table/console-made');
    await ui.waitText(tid('d-status'), 'ACTIVE');
    let { Table: t } = await sdk(client, DescribeTableCommand, { TableName: 'console-made' });
    assert.deepEqual(t.KeySchema, request.KeySchema);
    assert.deepEqual(t.GlobalSecondaryIndexes.map((i) => [i.IndexName, i.KeySchema, i.Projection]),
      [['byOwner', request.GlobalSecondaryIndexes[0].KeySchema, { ProjectionType: 'ALL' }]]);
    assert.equal(t.BillingModeSummary.BillingMode, 'PAY_PER_REQUEST');
    assert.equal(await ui.text(`${tid('index-row-byOwner')} ${tid('ix-keys')}`), 'owner (S, partition)');

    // Add a GSI.
    await ui.click(tid('add-gsi-toggle'));
    const form = tid('add-gsi-form');
    await ui.fill(`${form} ${tid('gsi-name')}`, 'byKind');
    await ui.fill(`${form} ${tid('gsi-pk')}`, 'kind');
    await ui.fill(`${form} ${tid('gsi-sk')}`, 'rank');
    await ui.select(`${form} ${tid('gsi-sk-type')}`, 'N');
    await ui.select(`${form} ${tid('gsi-projection')}`, 'KEYS_ONLY');
    await ui.click(tid('add-gsi-submit'));
    await ui.waitFor(tid('index-row-byKind'));
    await ui.waitText(`${tid('index-row-byKind')} ${tid('ix-status')}`, 'ACTIVE');
    assert.equal(await ui.text(`${tid('index-row-byKind')} ${tid('ix-keys')}`), 'kind (S, partition) + rank (N, sort)');
    assert.equal(await ui.text(`${tid('index-row-byKind')} ${tid('ix-projection')}`), 'KEYS_ONLY');
    ({ Table: t } = await sdk(client, DescribeTableCommand, { TableName: 'console-made' }));
    const byKind = t.GlobalSecondaryIndexes.find((i) => i.IndexName === 'byKind');
    assert.deepEqual(byKind.KeySchema, [{ AttributeName: 'kind', KeyType: 'HASH' }, { AttributeName: 'rank', KeyType: 'RANGE' }]);
    assert.deepEqual(byKind.Projection, { ProjectionType: 'KEYS_ONLY' });
    assert.deepEqual(t.AttributeDefinitions.map((d) => `${d.AttributeName}:${d.AttributeType}`).sort(),
      ['id:S', 'kind:S', 'owner:S', 'rank:N', 'ts:N']);

    // A second index of the same name: the server's error, verbatim.
    await ui.click(tid('add-gsi-toggle'));
    await ui.fill(`${form} ${tid('gsi-name')}`, 'byKind');
    await ui.fill(`${form} ${tid('gsi-pk')}`, 'kind');
    await ui.clickAndWait(tid('add-gsi-submit'), `${tid('add-gsi-result')} ${tid('error')}`);
    assert.equal(await ui.text(`${tid('add-gsi-result')} ${tid('error-type')}`), 'ValidationException');
    const dupMessage = await ui.text(`${tid('add-gsi-result')} ${tid('error-message')}`);
    const dupRequest = await ui.json(tid('add-gsi-request-json'));
    await assert.rejects(client.send(new UpdateTableCommand(dupRequest)),
      (err) => err.name === 'ValidationException' && err.message === dupMessage);

    // Delete the first GSI.
    await ui.click(`${tid('index-row-byOwner')} ${tid('delete-gsi')}`);
    assert.equal(await ui.text(tid('confirm-message')),
      'UpdateTable deletes the global secondary index byOwner of console-made. The table\'s items stay.');
    await ui.click(tid('confirm-ok'));
    await page.waitForSelector(tid('index-row-byOwner'), { hidden: true });
    await ui.waitFor(tid('index-row-byKind'));
    ({ Table: t } = await sdk(client, DescribeTableCommand, { TableName: 'console-made' }));
    assert.deepEqual(t.GlobalSecondaryIndexes.map((i) => i.IndexName), ['byKind']);

    // Delete the table.
    await ui.click(tid('delete-table'));
    assert.equal(await ui.text(tid('confirm-message')),
      'DeleteTable removes console-made and all its items, indexes and stream. This cannot be undone.');
    await ui.click(tid('confirm-ok'));
    await page.waitForFunction(() => location.hash === '#/tables');
    await ui.waitFor(tid('tables'));
    await assert.rejects(client.send(new DescribeTableCommand({ TableName: 'console-made' })),
      (err) => err.name === 'ResourceNotFoundException');
    const { TableNames } = await sdk(client, ListTablesCommand, {});
    assert.deepEqual(TableNames, FIXTURE_TABLES);

    // A create that the server refuses shows its error.
    await ui.open('#/tables/new');
    await ui.fill(tid('ct-name'), 'console-items');
    await ui.fill(tid('ct-pk'), 'pk');
    await ui.clickAndWait(tid('ct-submit'), `${tid('ct-result')} ${tid('error')}`);
    const refused = await ui.json(tid('ct-request-json'));
    await assert.rejects(client.send(new CreateTableCommand(refused)), (err) => {
      assert.equal(err.name, 'ResourceInUseException');
      return true;
    });
    assert.equal(await ui.text(`${tid('ct-result')} ${tid('error-type')}`), 'ResourceInUseException');
    const inUse = await client.send(new CreateTableCommand(refused)).catch((err) => err.message);
    assert.equal(await ui.text(`${tid('ct-result')} ${tid('error-message')}`), inUse);
  });

  // The access patterns' requests, written out as the project's reference
  // (tests/client/makeriess_reference.py) defines them.
  const PATTERN_CASES = [
    [1, 'cust_123', 'GetItem', { Key: { PK: S('CUSTOMER#cust_123'), SK: S('METADATA') } }, 1],
    [2, 'john@example.com', 'Query', { IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK = :sk', v: ['EMAIL#john@example.com', 'CUSTOMER'] }, 1],
    [3, 'cust_123', 'Query', { KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)', v: ['CUSTOMER#cust_123', 'ORDER#'] }, 2],
    [4, 'cust_123', 'Query', { KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)', v: ['CUSTOMER#cust_123', 'FAVORITE#'] }, 2],
    [5, 'vend_1', 'GetItem', { Key: { PK: S('VENDOR#vend_1'), SK: S('METADATA') } }, 1],
    [6, 'shop1@example.com', 'Query', { IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK = :sk', v: ['EMAIL#shop1@example.com', 'VENDOR'] }, 1],
    [7, 'vend_1', 'Query', { KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)', v: ['VENDOR#vend_1', 'PRODUCT#'] }, 2],
    [8, 'vend_1', 'Query', { IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :sk)', v: ['VENDOR#vend_1', 'ORDER#'] }, 2],
    [9, 'prod_1', 'GetItem', { Key: { PK: S('PRODUCT#prod_1'), SK: S('METADATA') } }, 1],
    [10, 'vend_1', 'Query', { IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :sk)', v: ['VENDOR#vend_1', 'PRODUCT#'] }, 2],
    [11, 'Food & pastries', 'Query', { IndexName: 'GSI2', KeyConditionExpression: 'GSI2PK = :pk AND begins_with(GSI2SK, :sk)', v: ['CATEGORY#Food & pastries', 'PRODUCT#'] }, 2],
    [12, 'prod_1', 'Query', { KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)', v: ['PRODUCT#prod_1', 'REVIEW#'] }, 2],
    [13, 'ord_1', 'GetItem', { Key: { PK: S('ORDER#ord_1'), SK: S('METADATA') } }, 1],
    [14, 'cust_123', 'Query', { IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :sk)', v: ['CUSTOMER#cust_123', 'ORDER#'] }, 2],
    [15, 'vend_1', 'Query', { IndexName: 'GSI2', KeyConditionExpression: 'GSI2PK = :pk AND begins_with(GSI2SK, :sk)', v: ['VENDOR#vend_1', 'ORDER#'] }, 2],
    [16, 'ORDER', 'Query', { IndexName: 'GSI2', KeyConditionExpression: 'GSI2PK = :pk', v: ['ORDER'], desc: true }, 3],
  ];

  // The request a pattern sends for `param`, in the order the page writes
  // its fields.
  function patternRequest(operation, spec, param) {
    const table = { TableName: 'makeriess-main-table' };
    if (operation === 'GetItem') {
      const pk = Object.values(spec.Key)[0].S.replace(/#.*/, '#') + param;
      return { ...table, Key: { PK: S(pk), SK: S('METADATA') }, ConsistentRead: true, ReturnConsumedCapacity: 'TOTAL' };
    }
    const req = { ...table };
    if (spec.IndexName) req.IndexName = spec.IndexName;
    req.KeyConditionExpression = spec.KeyConditionExpression;
    const prefix = spec.v[0].includes('#') ? spec.v[0].slice(0, spec.v[0].indexOf('#') + 1) : '';
    req.ExpressionAttributeValues = { ':pk': S(prefix + param) };
    if (spec.v.length > 1) req.ExpressionAttributeValues[':sk'] = S(spec.v[1]);
    if (spec.desc) req.ScanIndexForward = false;
    req.ReturnConsumedCapacity = 'TOTAL';
    return req;
  }

  async function runPattern(id, operation, request) {
    const scope = tid(`pattern-${id}`);
    await ui.clickAndWait(tid(`pattern-${id}-run`), `${scope} ${tid('metrics')}`);
    assert.equal(await ui.text(`${scope} ${tid('p-request-operation')}`), operation, `pattern ${id}`);
    assert.equal(await ui.text(`${scope} ${tid('p-request-json')}`), JSON.stringify(request, null, 2), `pattern ${id}`);
    const shown = await ui.itemsJson(scope, 'p-items');
    const Command = operation === 'GetItem' ? GetItemCommand : QueryCommand;
    const want = await sdk(client, Command, request);
    const wantItems = operation === 'GetItem' ? (want.Item ? [want.Item] : []) : want.Items;
    assert.deepEqual(shown, wantItems, `pattern ${id}: the page's items are the SDK's`);
    assert.equal(await ui.text(`${scope} ${tid('consumed-capacity')}`),
      `ConsumedCapacity ${JSON.stringify(want.ConsumedCapacity)}`, `pattern ${id}`);
    assert.match(await ui.text(`${scope} ${tid('latency')}`), /^\d+\.\d ms$/);
    return shown;
  }

  uiTest('access patterns: all sixteen, with defaults from the data and with chosen parameters, equal the SDK\'s answers', async () => {
    await ui.open('#/patterns');
    await ui.waitFor(tid('pattern-16'));
    for (const [id, param, operation, spec, count] of PATTERN_CASES) {
      // The default parameter comes from the data and finds items.
      const input = tid(`pattern-${id}-param`);
      const defaultParam = await ui.value(input);
      assert.notEqual(defaultParam, '', `pattern ${id} has a default`);
      const atDefault = await runPattern(id, operation, patternRequest(operation, spec, defaultParam));
      assert.ok(atDefault.length >= 1, `pattern ${id}: the default ${defaultParam} finds items`);

      await ui.fill(input, param);
      const shown = await runPattern(id, operation, patternRequest(operation, spec, param));
      assert.equal(shown.length, count, `pattern ${id}: ${param}`);
    }
    // Recent orders come newest first; with a Limit, they page.
    assert.deepEqual((await ui.itemsJson(tid('pattern-16'), 'p-items')).map((it) => it.orderId.S), ['ord_3', 'ord_2', 'ord_1']);
    await ui.fill(tid('pattern-16-limit'), '2');
    const { ReturnConsumedCapacity, ...recent } = patternRequest('Query', PATTERN_CASES[15][3], 'ORDER');
    const first = { ...recent, Limit: 2, ReturnConsumedCapacity };
    await runPattern(16, 'Query', first);
    const page1 = await sdk(client, QueryCommand, first);
    await ui.clickAndWait(`${tid('pattern-16')} ${tid('p-next')}`, `${tid('pattern-16')} ${tid('metrics')}`);
    const second = { ...recent, Limit: 2, ExclusiveStartKey: page1.LastEvaluatedKey, ReturnConsumedCapacity };
    assert.equal(await ui.text(`${tid('pattern-16')} ${tid('p-request-json')}`), JSON.stringify(second, null, 2));
    const page2 = await sdk(client, QueryCommand, second);
    assert.deepEqual(await ui.itemsJson(tid('pattern-16'), 'p-items'), page2.Items);
    assert.deepEqual(page2.Items.map((it) => it.orderId.S), ['ord_1']);
    // An ID that matches nothing shows no items.
    await ui.fill(tid('pattern-1-param'), 'cust_does_not_exist');
    const none = await runPattern(1, 'GetItem', patternRequest('GetItem', PATTERN_CASES[0][3], 'cust_does_not_exist'));
    assert.deepEqual(none, []);
    assert.equal(await ui.text(`${tid('pattern-1')} ${tid('p-items-empty')}`), 'No items.');
  });

  uiTest('stream records: an insert, a modify and a remove, newest last; refresh; LATEST', async () => {
    const key = { id: S('k1') };
    await client.send(new PutItemCommand({ TableName: 'console-stream', Item: { ...key, v: N(1) } }));
    await client.send(new UpdateItemCommand({
      TableName: 'console-stream', Key: key, UpdateExpression: 'SET v = :v', ExpressionAttributeValues: { ':v': N(2) },
    }));
    await client.send(new DeleteItemCommand({ TableName: 'console-stream', Key: key }));

    await ui.open('#/table/console-stream/stream');
    await ui.waitFor(tid('stream-records'));
    const rows = () => page.$$eval(`${tid('stream-records')} tbody tr`, (trs) => trs.map((tr) => {
      const get = (id) => tr.querySelector(`[data-testid="${id}"]`)?.textContent ?? '';
      return [get('rec-event'), get('rec-keys'), get('rec-new'), get('rec-old')];
    }));
    assert.deepEqual(await rows(), [
      ['INSERT', '{"id":"k1"}', '{"id":"k1","v":1}', ''],
      ['MODIFY', '{"id":"k1"}', '{"id":"k1","v":2}', '{"id":"k1","v":1}'],
      ['REMOVE', '{"id":"k1"}', '', '{"id":"k1","v":2}'],
    ]);
    const seqs = await ui.texts(`${tid('stream-records')} ${tid('rec-seq')}`);
    assert.deepEqual(seqs.map(BigInt), [...seqs.map(BigInt)].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
    assert.equal(await ui.text(tid('stream-count')), '3 record(s)');

    // A write after the page read the stream shows up on Refresh, last.
    await client.send(new PutItemCommand({ TableName: 'console-stream', Item: { id: S('k2'), v: N(9) } }));
    await ui.clickAndWait(tid('stream-refresh'), tid('stream-records'));
    assert.deepEqual((await rows()).at(-1), ['INSERT', '{"id":"k2"}', '{"id":"k2","v":9}', '']);
    assert.equal((await rows()).length, 4);

    // LATEST: only what is written after reading starts.
    await ui.select(tid('stream-position'), 'LATEST');
    await ui.clickAndWait(tid('stream-start'), tid('stream-empty'));
    assert.equal(await ui.text(tid('stream-count')), '0 record(s)');
    await client.send(new DeleteItemCommand({ TableName: 'console-stream', Key: { id: S('k2') } }));
    await ui.clickAndWait(tid('stream-refresh'), tid('stream-records'));
    assert.deepEqual(await rows(), [['REMOVE', '{"id":"k2"}', '', '{"id":"k2","v":9}']]);

    // A table without a stream says so.
    await ui.open('#/table/console-crud/stream');
    assert.equal(await ui.text(tid('no-stream')),
      'console-crud has no stream. Enable one with UpdateTable (StreamSpecification) to see its records here.');
  });

  uiTest('routing: links, the back button, and an unknown page', async () => {
    await ui.open('#/tables');
    await ui.waitFor(tid('tables'));
    await ui.click(`${tid('table-row-console-query')} ${tid('table-link')}`);
    await ui.waitFor(tid('table-overview'));
    await ui.click(tid('tab-query'));
    await ui.waitFor(tid('query-form'));
    assert.equal(await page.evaluate(() => location.hash), '#/table/console-query/query');
    assert.equal(await page.$eval(tid('tab-query'), (a) => a.getAttribute('aria-current')), 'page');
    await page.goBack();
    await ui.waitFor(tid('table-overview'));
    assert.equal(await page.evaluate(() => location.hash), '#/table/console-query');
    await page.goBack();
    await ui.waitFor(tid('tables'));
    await ui.open('#/nowhere');
    assert.equal(await ui.text('h1'), 'Page not found');
    // A table that does not exist: DescribeTable's error.
    await ui.open('#/table/no-such-table');
    assert.equal(await ui.text(tid('error-type')), 'ResourceNotFoundException');
  });
});

describe('--no-console', { skip: !BIN && 'DYNAROCK_BIN is not set' }, () => {
  let server;
  let plainServer;
  before(async () => {
    [server, plainServer] = await Promise.all([startServer(['--no-console']), startServer()]);
  });
  after(async () => {
    await Promise.all([stopServer(server), stopServer(plainServer)]);
  });

  test('--no-console answers 404 for every console path; without it they are served', async () => {
    for (const path of ['/console', '/console/', '/console/index.html', '/console/console.js', '/console/console.css']) {
      const off = await fetch(`${server.endpoint}${path}`);
      assert.equal(off.status, 404, path);
      await off.arrayBuffer();
      const on = await fetch(`${plainServer.endpoint}${path}`);
      assert.equal(on.status, 200, path);
      await on.arrayBuffer();
    }
    const page = await fetch(`${plainServer.endpoint}/console`);
    assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.match(await page.text(), /<script type="module" src="\/console\/console\.js"><\/script>/);
    const script = await fetch(`${plainServer.endpoint}/console/console.js`);
    assert.equal(script.headers.get('content-type'), 'text/javascript; charset=utf-8');
    await script.arrayBuffer();
  });
});
