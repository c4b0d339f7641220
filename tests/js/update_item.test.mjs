// UpdateItem through the AWS SDK for JavaScript v3 against dynarock: each
// ReturnValues option, a failed ConditionExpression (with and without
// ReturnValuesOnConditionCheckFailure), a key-attribute refusal, and a
// DocumentClient (lib-dynamodb) UpdateCommand.
//
// Expected values are the service's: ReturnValues as in ScyllaDB
// Alternator's test_returnvalues.py (run against DynamoDB); the conditional
// failure as in dynamodb-conformance tier3 error-messages/conditionalCheck
// (captured against the service, which also shows the SDK exposing the old
// item as err.Item); the key message from conformance tier3
// error-messages/updateItem.
//
// Starts its own server from DYNAROCK_BIN (`--port 0 --in-memory`, waiting
// for "dynarock listening on http://127.0.0.1:PORT"), like
// seed_put_item.test.mjs, and stops it by PID at the end.
//
// Run: DYNAROCK_BIN=build/dynarock node --test tests/js/update_item.test.mjs

import { randomBytes } from 'node:crypto';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { BIN, dynamoClient, serviceError, startServer, stopServer, stringKeys } from './server.mjs';

import {
  ConditionalCheckFailedException,
  CreateTableCommand,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';

// conformance tier3 error-messages/conditionalCheck (exact).
const CCF_MESSAGE = 'The conditional request failed';

const randomKey = () => ({ S: randomBytes(8).toString('hex') });

describe('UpdateItem through the AWS SDK for JavaScript v3', { skip: !BIN && 'DYNAROCK_BIN is not set' }, () => {
  const TABLE = `update_item_${randomBytes(6).toString('hex')}`;
  let server;
  let client;

  before(async () => {
    server = await startServer();
    client = dynamoClient(server.endpoint);
    await client.send(new CreateTableCommand({
      TableName: TABLE,
      BillingMode: 'PAY_PER_REQUEST',
      ...stringKeys('PK'),
    }));
  });

  after(async () => {
    client?.destroy();
    await stopServer(server);
  });

  // A fresh item {PK, a: 'hi', b: 'dog', n: 1} for each test.
  async function seed() {
    const Key = { PK: randomKey() };
    await client.send(new PutItemCommand({
      TableName: TABLE,
      Item: { ...Key, a: { S: 'hi' }, b: { S: 'dog' }, n: { N: '1' } },
    }));
    return Key;
  }

  function update(Key, ReturnValues) {
    return client.send(new UpdateItemCommand({
      TableName: TABLE,
      Key,
      UpdateExpression: 'SET b = :b, c = :c ADD n :one',
      ExpressionAttributeValues: { ':b': { S: 'cat' }, ':c': { S: 'new' }, ':one': { N: '1' } },
      ...(ReturnValues ? { ReturnValues } : {}),
    }));
  }

  test('ReturnValues NONE returns no Attributes', async () => {
    const Key = await seed();
    for (const rv of [undefined, 'NONE']) {
      const resp = await update(Key, rv);
      assert.equal(resp.$metadata.httpStatusCode, 200);
      assert.equal(resp.Attributes, undefined);
    }
  });

  test('ReturnValues ALL_OLD returns the whole item before the update', async () => {
    const Key = await seed();
    const resp = await update(Key, 'ALL_OLD');
    assert.deepEqual(resp.Attributes, { ...Key, a: { S: 'hi' }, b: { S: 'dog' }, n: { N: '1' } });
  });

  test('ReturnValues UPDATED_OLD returns only updated attributes that existed', async () => {
    const Key = await seed();
    const resp = await update(Key, 'UPDATED_OLD');
    assert.deepEqual(resp.Attributes, { b: { S: 'dog' }, n: { N: '1' } });
  });

  test('ReturnValues ALL_NEW returns the whole item after the update', async () => {
    const Key = await seed();
    const resp = await update(Key, 'ALL_NEW');
    assert.deepEqual(resp.Attributes,
      { ...Key, a: { S: 'hi' }, b: { S: 'cat' }, c: { S: 'new' }, n: { N: '2' } });
  });

  test('ReturnValues UPDATED_NEW returns only the updated attributes, new', async () => {
    const Key = await seed();
    const resp = await update(Key, 'UPDATED_NEW');
    assert.deepEqual(resp.Attributes, { b: { S: 'cat' }, c: { S: 'new' }, n: { N: '2' } });
  });

  test('ALL_OLD of an item the update creates is absent', async () => {
    const resp = await update({ PK: randomKey() }, 'ALL_OLD');
    assert.equal(resp.Attributes, undefined);
  });

  test('a failed ConditionExpression is a ConditionalCheckFailedException and changes nothing', async () => {
    const Key = await seed();
    await assert.rejects(
      client.send(new UpdateItemCommand({
        TableName: TABLE,
        Key,
        UpdateExpression: 'SET b = :b',
        ConditionExpression: 'b = :expected',
        ExpressionAttributeValues: { ':b': { S: 'cat' }, ':expected': { S: 'wrong' } },
      })),
      serviceError('ConditionalCheckFailedException', CCF_MESSAGE, (err) => {
        assert.ok(err instanceof ConditionalCheckFailedException);
        assert.equal(err.Item, undefined);
      }));
    const got = await client.send(new GetItemCommand({ TableName: TABLE, Key, ConsistentRead: true }));
    assert.deepEqual(got.Item, { ...Key, a: { S: 'hi' }, b: { S: 'dog' }, n: { N: '1' } });
  });

  test('ReturnValuesOnConditionCheckFailure ALL_OLD puts the item on the error', async () => {
    const Key = await seed();
    await assert.rejects(
      client.send(new UpdateItemCommand({
        TableName: TABLE,
        Key,
        UpdateExpression: 'SET b = :b',
        ConditionExpression: 'attribute_not_exists(PK)',
        ExpressionAttributeValues: { ':b': { S: 'cat' } },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      })),
      serviceError('ConditionalCheckFailedException', CCF_MESSAGE, (err) => {
        assert.deepEqual(err.Item, { ...Key, a: { S: 'hi' }, b: { S: 'dog' }, n: { N: '1' } });
      }));
  });

  test('a condition on a missing item fails without creating it', async () => {
    const Key = { PK: randomKey() };
    await assert.rejects(
      client.send(new UpdateItemCommand({
        TableName: TABLE,
        Key,
        UpdateExpression: 'SET b = :b',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeValues: { ':b': { S: 'cat' } },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      })),
      serviceError('ConditionalCheckFailedException', CCF_MESSAGE, (err) => {
        assert.equal(err.Item, undefined);
      }));
    const got = await client.send(new GetItemCommand({ TableName: TABLE, Key, ConsistentRead: true }));
    assert.equal(got.Item, undefined);
  });

  test('the key cannot be updated', async () => {
    await assert.rejects(
      client.send(new UpdateItemCommand({
        TableName: TABLE,
        Key: { PK: randomKey() },
        UpdateExpression: 'SET PK = :v',
        ExpressionAttributeValues: { ':v': { S: 'new-val' } },
      })),
      serviceError('ValidationException',
        'One or more parameter values were invalid: Cannot update attribute PK. This attribute is part of the key'));
  });

  test('DocumentClient UpdateCommand with native values', async () => {
    const doc = DynamoDBDocumentClient.from(client);
    const PK = randomBytes(8).toString('hex');
    const first = await doc.send(new UpdateCommand({
      TableName: TABLE,
      Key: { PK },
      UpdateExpression: 'SET #name = :name, tags = :tags, visits = if_not_exists(visits, :zero) + :one, ' +
        'history = list_append(if_not_exists(history, :empty), :entry)',
      ExpressionAttributeNames: { '#name': 'name' },
      ExpressionAttributeValues: {
        ':name': 'Croissant', ':tags': new Set(['fresh', 'vegetarian']), ':zero': 0, ':one': 1,
        ':empty': [], ':entry': [{ at: 1, by: 'me' }],
      },
      ReturnValues: 'ALL_NEW',
    }));
    assert.equal(first.$metadata.httpStatusCode, 200);
    assert.deepEqual(first.Attributes, {
      PK, name: 'Croissant', tags: new Set(['fresh', 'vegetarian']), visits: 1,
      history: [{ at: 1, by: 'me' }],
    });
    const second = await doc.send(new UpdateCommand({
      TableName: TABLE,
      Key: { PK },
      UpdateExpression: 'SET visits = visits + :one DELETE tags :gone',
      ConditionExpression: 'visits = :one',
      ExpressionAttributeValues: { ':one': 1, ':gone': new Set(['vegetarian']) },
      ReturnValues: 'UPDATED_NEW',
    }));
    assert.deepEqual(second.Attributes, { visits: 2, tags: new Set(['fresh']) });
  });
});
