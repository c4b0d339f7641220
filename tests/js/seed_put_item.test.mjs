// The AWS SDK for JavaScript v3 against dynarock: the seed's PutItem example
// (shared/seed/single-table-design.md, "Put Item (Create Customer)") run as
// JavaScript, then GetItem and a DocumentClient (lib-dynamodb) round trip.
//
// Starts its own server from DYNAROCK_BIN (`--port 0 --in-memory`, waiting
// for "dynarock listening on http://127.0.0.1:PORT"), like
// tests/client/harness.py, and stops it by PID at the end.
//
// Run: DYNAROCK_BIN=build/dynarock node --test tests/js/

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { BIN, dynamoClient, serviceError, startServer, stopServer } from './server.mjs';

import {
  CreateTableCommand,
  DescribeTableCommand,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';

// The seed's example, verbatim but for the client: dynamoClient adds the
// endpoint, credentials and a single attempt to the seed's region so it
// talks to dynarock.
async function seedPutItem(endpoint) {
  const client = dynamoClient(endpoint);

  await client.send(new PutItemCommand({
    TableName: 'makeriess-main-table',
    Item: {
      PK: { S: 'CUSTOMER#cust_123' },
      SK: { S: 'METADATA' },
      GSI1PK: { S: 'EMAIL#user@example.com' },
      GSI1SK: { S: 'CUSTOMER' },
      email: { S: 'user@example.com' },
      name: { S: 'John Doe' },
      loyaltyPoints: { N: '0' },
      createdAt: { S: new Date().toISOString() },
    },
  }));
  return client;
}

// The seed's table, as its CLI command and CloudFormation template define it.
const SEED_TABLE = {
  TableName: 'makeriess-main-table',
  BillingMode: 'PAY_PER_REQUEST',
  AttributeDefinitions: ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK']
    .map((name) => ({ AttributeName: name, AttributeType: 'S' })),
  KeySchema: [
    { AttributeName: 'PK', KeyType: 'HASH' },
    { AttributeName: 'SK', KeyType: 'RANGE' },
  ],
  GlobalSecondaryIndexes: ['GSI1', 'GSI2'].map((index) => ({
    IndexName: index,
    KeySchema: [
      { AttributeName: `${index}PK`, KeyType: 'HASH' },
      { AttributeName: `${index}SK`, KeyType: 'RANGE' },
    ],
    Projection: { ProjectionType: 'ALL' },
  })),
  SSESpecification: { Enabled: true },
  Tags: [
    { Key: 'Environment', Value: 'production' },
    { Key: 'Application', Value: 'makeriess' },
  ],
};

describe('AWS SDK for JavaScript v3 against dynarock', { skip: !BIN && 'DYNAROCK_BIN is not set' }, () => {
  let server;
  let client;

  before(async () => {
    server = await startServer();
    client = dynamoClient(server.endpoint);
    await client.send(new CreateTableCommand(SEED_TABLE));
  });

  after(async () => {
    client?.destroy();
    await stopServer(server);
  });

  test('the seed table is ACTIVE with GSI1 and GSI2', async () => {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: SEED_TABLE.TableName }));
    assert.equal(Table.TableStatus, 'ACTIVE');
    assert.equal(Table.TableArn, 'arn:aws:dynamodb:us-east-1:000000000000:table/makeriess-main-table');
    assert.deepEqual(Table.GlobalSecondaryIndexes.map((g) => [g.IndexName, g.IndexStatus]),
      [['GSI1', 'ACTIVE'], ['GSI2', 'ACTIVE']]);
    assert.equal(Table.SSEDescription.Status, 'ENABLED');
  });

  test("the seed's PutItem example stores the customer", async () => {
    const before = Date.now();
    const seedClient = await seedPutItem(server.endpoint);
    seedClient.destroy();

    const got = await client.send(new GetItemCommand({
      TableName: 'makeriess-main-table',
      Key: { PK: { S: 'CUSTOMER#cust_123' }, SK: { S: 'METADATA' } },
      ConsistentRead: true,
    }));
    assert.equal(got.$metadata.httpStatusCode, 200);
    const createdAt = got.Item.createdAt.S;
    assert.ok(Date.parse(createdAt) >= before - 1000, `createdAt ${createdAt} is recent`);
    assert.deepEqual(got.Item, {
      PK: { S: 'CUSTOMER#cust_123' },
      SK: { S: 'METADATA' },
      GSI1PK: { S: 'EMAIL#user@example.com' },
      GSI1SK: { S: 'CUSTOMER' },
      email: { S: 'user@example.com' },
      name: { S: 'John Doe' },
      loyaltyPoints: { N: '0' },
      createdAt: { S: createdAt },
    });
  });

  test('DocumentClient put and get round-trip native values', async () => {
    const doc = DynamoDBDocumentClient.from(client, {
      marshallOptions: { removeUndefinedValues: true },
    });
    const item = {
      PK: 'PRODUCT#789',
      SK: 'METADATA',
      GSI2PK: 'CATEGORY#Food & pastries',
      GSI2SK: 'PRODUCT#2024-01-01T00:00:00.000Z',
      title: 'Croissant ☕',
      price: 3.5,
      stock: 120,
      available: true,
      discontinued: null,
      emptyText: '',
      dimensions: { width: 10, height: 4.25, unit: 'cm' },
      ingredients: ['flour', 'butter', { name: 'salt', grams: 2 }],
      labels: new Set(['vegetarian', 'fresh']),
      sizes: new Set([1, 2.5, 10]),
      thumbnail: new Uint8Array([0, 1, 2, 253, 254, 255]),
    };
    const put = await doc.send(new PutCommand({ TableName: 'makeriess-main-table', Item: item }));
    assert.equal(put.$metadata.httpStatusCode, 200);
    assert.equal(put.Attributes, undefined);

    const got = await doc.send(new GetCommand({
      TableName: 'makeriess-main-table',
      Key: { PK: 'PRODUCT#789', SK: 'METADATA' },
      ConsistentRead: true,
    }));
    assert.deepEqual(got.Item, item);
  });

  test('DocumentClient put with ReturnValues ALL_OLD returns the replaced item', async () => {
    const doc = DynamoDBDocumentClient.from(client);
    const key = { PK: 'CUSTOMER#doc', SK: 'METADATA' };
    await doc.send(new PutCommand({ TableName: 'makeriess-main-table', Item: { ...key, v: 1 } }));
    const put = await doc.send(new PutCommand({
      TableName: 'makeriess-main-table',
      Item: { ...key, v: 2 },
      ReturnValues: 'ALL_OLD',
      ReturnConsumedCapacity: 'TOTAL',
    }));
    assert.deepEqual(put.Attributes, { ...key, v: 1 });
    assert.deepEqual(put.ConsumedCapacity, { TableName: 'makeriess-main-table', CapacityUnits: 1 });
  });

  test('a missing table is a ResourceNotFoundException', async () => {
    await assert.rejects(
      client.send(new GetItemCommand({ TableName: 'no-such-table', Key: { PK: { S: 'a' } } })),
      serviceError('ResourceNotFoundException', 'Requested resource not found'));
  });

  test('a key error is a ValidationException with the service message', async () => {
    await assert.rejects(
      client.send(new PutItemCommand({
        TableName: 'makeriess-main-table',
        Item: { PK: { S: 'CUSTOMER#no-sort-key' } },
      })),
      serviceError('ValidationException',
        'One or more parameter values were invalid: Missing the key SK in the item'));
  });
});
