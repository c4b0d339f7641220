// PartiQL through the AWS SDK for JavaScript v3: ExecuteStatement (every
// statement form, parameters, NextToken paging), BatchExecuteStatement
// (per-statement results and errors) and ExecuteTransaction (all or
// nothing, EXISTS checks, read transactions), and a DocumentClient
// ExecuteStatementCommand with native values.
//
// Expected values are the service's as the API Reference and the
// developer guide's PartiQL pages give them (DuplicateItemException
// "Duplicate primary key exists in table", the batch's read rule, the
// transaction's cancellation reasons).
//
// Run: DYNAROCK_BIN=build/dynarock node --test tests/js/partiql.test.mjs

import { randomBytes } from 'node:crypto';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { BIN, dynamoClient, serviceError, startServer, stopServer, stringKeys } from './server.mjs';

import {
  BatchExecuteStatementCommand,
  CreateTableCommand,
  ExecuteStatementCommand,
  ExecuteTransactionCommand,
  PutItemCommand,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  ExecuteStatementCommand as DocExecuteStatementCommand,
} from '@aws-sdk/lib-dynamodb';

describe('PartiQL through the AWS SDK for JavaScript v3', { skip: !BIN && 'DYNAROCK_BIN is not set' }, () => {
  const TABLE = `partiql_${randomBytes(6).toString('hex')}`;
  let server;
  let client;

  before(async () => {
    server = await startServer();
    client = dynamoClient(server.endpoint);
    await client.send(new CreateTableCommand({
      TableName: TABLE,
      BillingMode: 'PAY_PER_REQUEST',
      ...stringKeys('PK', 'SK'),
    }));
  });

  after(async () => {
    client?.destroy();
    await stopServer(server);
  });

  const run = (Statement, Parameters, more = {}) => client.send(new ExecuteStatementCommand({
    Statement, ...(Parameters ? { Parameters } : {}), ...more,
  }));

  test('INSERT, SELECT, UPDATE with RETURNING, DELETE', async () => {
    const ins = await run(`INSERT INTO "${TABLE}" VALUE {'PK': 'c#1', 'SK': 'meta', 'n': 1, 'tags': <<'a'>>, 'm': {'x': [1, 'y']}}`);
    assert.deepEqual(ins.Items, []);
    await assert.rejects(
      run(`INSERT INTO "${TABLE}" VALUE {'PK': 'c#1', 'SK': 'meta'}`),
      serviceError('DuplicateItemException', 'Duplicate primary key exists in table'));
    const sel = await run(`SELECT n, m.x[1] FROM "${TABLE}" WHERE PK = ? AND SK = ?`,
      [{ S: 'c#1' }, { S: 'meta' }]);
    assert.deepEqual(sel.Items, [{ n: { N: '1' }, 'x[1]': { S: 'y' } }]);
    const up = await run(
      `UPDATE "${TABLE}" SET n = n + 2 SET tags = set_add(tags, <<'b'>>) WHERE PK = 'c#1' AND SK = 'meta' RETURNING MODIFIED NEW *`);
    assert.deepEqual(up.Items, [{ n: { N: '3' }, tags: { SS: ['a', 'b'] } }]);
    await assert.rejects(
      run(`UPDATE "${TABLE}" SET n = 0 WHERE PK = 'c#1' AND SK = 'meta' AND n = 99`),
      serviceError('ConditionalCheckFailedException', 'The conditional request failed'));
    await assert.rejects(
      run(`UPDATE "${TABLE}" SET n = 0 WHERE PK = 'c#1'`),
      serviceError('ValidationException',
        'Where clause does not contain a mandatory equality on all key attributes'));
    const del = await run(`DELETE FROM "${TABLE}" WHERE PK = 'c#1' AND SK = 'meta' RETURNING ALL OLD *`);
    assert.equal(del.Items.length, 1);
    assert.deepEqual(del.Items[0].n, { N: '3' });
    const gone = await run(`SELECT * FROM "${TABLE}" WHERE PK = 'c#1'`);
    assert.deepEqual(gone.Items, []);
  });

  test('NextToken pages a partition in sort key order, both ways', async () => {
    for (let i = 0; i < 7; i++) {
      await run(`INSERT INTO "${TABLE}" VALUE {'PK': 'page', 'SK': ?}`, [{ S: `s${i}` }]);
    }
    for (const [order, want] of [['', ['s0', 's1', 's2', 's3', 's4', 's5', 's6']],
      [' ORDER BY SK DESC', ['s6', 's5', 's4', 's3', 's2', 's1', 's0']]]) {
      const got = [];
      let NextToken;
      do {
        const r = await run(`SELECT SK FROM "${TABLE}" WHERE PK = 'page'${order}`, undefined,
          { Limit: 3, ...(NextToken ? { NextToken } : {}) });
        got.push(...r.Items.map((it) => it.SK.S));
        NextToken = r.NextToken;
      } while (NextToken);
      assert.deepEqual(got, want);
    }
  });

  test('BatchExecuteStatement answers each statement on its own', async () => {
    const w = await client.send(new BatchExecuteStatementCommand({
      Statements: [
        { Statement: `INSERT INTO "${TABLE}" VALUE {'PK': 'b', 'SK': '1'}` },
        { Statement: `INSERT INTO "${TABLE}" VALUE {'PK': 'b', 'SK': '1'}` },
        { Statement: `UPDATE "${TABLE}" SET v = 1 WHERE PK = 'b' AND SK = 'missing'` },
      ],
    }));
    assert.deepEqual(w.Responses, [
      { TableName: TABLE },
      { TableName: TABLE, Error: { Code: 'DuplicateItem', Message: 'Duplicate primary key exists in table' } },
      { TableName: TABLE, Error: { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' } },
    ]);
    const r = await client.send(new BatchExecuteStatementCommand({
      Statements: [
        { Statement: `SELECT * FROM "${TABLE}" WHERE PK = ? AND SK = ?`, Parameters: [{ S: 'b' }, { S: '1' }] },
        { Statement: `SELECT * FROM "${TABLE}" WHERE PK = 'b'` },
      ],
    }));
    assert.deepEqual(r.Responses, [
      { TableName: TABLE, Item: { PK: { S: 'b' }, SK: { S: '1' } } },
      {
        TableName: TABLE,
        Error: {
          Code: 'ValidationError',
          Message: 'Select statements within BatchExecuteStatement must specify the primary key in the where clause.',
        },
      },
    ]);
  });

  test('ExecuteTransaction: all or nothing, EXISTS, reads', async () => {
    await run(`INSERT INTO "${TABLE}" VALUE {'PK': 't', 'SK': 'a', 'n': 1}`);
    await assert.rejects(
      client.send(new ExecuteTransactionCommand({
        TransactStatements: [
          { Statement: `INSERT INTO "${TABLE}" VALUE {'PK': 't', 'SK': 'b'}` },
          { Statement: `EXISTS(SELECT * FROM "${TABLE}" WHERE PK = 't' AND SK = 'a' AND n = 2)` },
        ],
      })),
      serviceError('TransactionCanceledException',
        'Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]',
        (err) => assert.deepEqual(err.CancellationReasons, [
          { Code: 'None' },
          { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' },
        ])));
    const ok = await client.send(new ExecuteTransactionCommand({
      TransactStatements: [
        { Statement: `INSERT INTO "${TABLE}" VALUE {'PK': 't', 'SK': 'b'}` },
        { Statement: `UPDATE "${TABLE}" SET n = n + 1 WHERE PK = 't' AND SK = 'a'` },
      ],
      ClientRequestToken: 'partiql-js-1',
    }));
    assert.deepEqual(ok.Responses, []);
    const read = await client.send(new ExecuteTransactionCommand({
      TransactStatements: [
        { Statement: `SELECT n FROM "${TABLE}" WHERE PK = 't' AND SK = 'a'` },
        { Statement: `SELECT * FROM "${TABLE}" WHERE PK = 't' AND SK = 'none'` },
      ],
    }));
    assert.deepEqual(read.Responses, [{ Item: { n: { N: '2' } } }, {}]);
  });

  test('a statement reports the capacity of the reads it planned, per index with INDEXES', async () => {
    const name = `${TABLE}_gsi`;
    await client.send(new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'PK', AttributeType: 'S' },
        { AttributeName: 'G', AttributeType: 'S' },
      ],
      KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [{
        IndexName: 'byG',
        KeySchema: [{ AttributeName: 'G', KeyType: 'HASH' }],
        Projection: { ProjectionType: 'ALL' },
      }],
    }));
    const pad = 'x'.repeat(3000);
    for (const pk of ['a', 'b', 'c']) {
      await client.send(new PutItemCommand({
        TableName: name, Item: { PK: { S: pk }, G: { S: 'g' }, pad: { S: pad } },
      }));
    }
    // A read of the index: the Query it is, its capacity charged to the index.
    const viaIndex = await run(`SELECT * FROM "${name}"."byG" WHERE G = 'g'`, undefined,
      { ReturnConsumedCapacity: 'INDEXES' });
    assert.equal(viaIndex.Items.length, 3);
    const query = await client.send(new QueryCommand({
      TableName: name, IndexName: 'byG', KeyConditionExpression: 'G = :g',
      ExpressionAttributeValues: { ':g': { S: 'g' } }, ReturnConsumedCapacity: 'INDEXES',
    }));
    assert.deepEqual(viaIndex.ConsumedCapacity, query.ConsumedCapacity);
    assert.deepEqual(viaIndex.ConsumedCapacity, {
      TableName: name, CapacityUnits: 1.5, Table: { CapacityUnits: 0 },
      GlobalSecondaryIndexes: { byG: { CapacityUnits: 1.5 } },
    });
    // IN of two keys: two queries of one item each (0.5 units apiece).
    const twoKeys = await run(`SELECT * FROM "${name}" WHERE PK IN ['a', 'b']`, undefined,
      { ReturnConsumedCapacity: 'INDEXES' });
    assert.equal(twoKeys.Items.length, 2);
    assert.deepEqual(twoKeys.ConsumedCapacity, {
      TableName: name, CapacityUnits: 1, Table: { CapacityUnits: 1 },
    });
  });

  test('a DocumentClient statement takes and returns native values', async () => {
    const doc = DynamoDBDocumentClient.from(client);
    await doc.send(new DocExecuteStatementCommand({
      Statement: `INSERT INTO "${TABLE}" VALUE {'PK': ?, 'SK': ?, 'total': ?, 'items': ?}`,
      Parameters: ['doc', 'order', 42.5, ['x', 'y']],
    }));
    const r = await doc.send(new DocExecuteStatementCommand({
      Statement: `SELECT total, items FROM "${TABLE}" WHERE PK = ? AND SK = ?`,
      Parameters: ['doc', 'order'],
    }));
    assert.deepEqual(r.Items, [{ total: 42.5, items: ['x', 'y'] }]);
  });
});
