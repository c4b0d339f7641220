// Fidelity through the AWS SDK for JavaScript v3: where dynarock once
// answered differently from the service, each response pinned exactly.
//
// - Tag operations on a table ARN naming another account are refused with
//   AccessDeniedException in IAM's words for a cross-account call that no
//   resource-based policy allows (UNVERIFIED text: IAM's wording as the
//   service prints it for resource-based policies; dynarock's own account,
//   000000000000, is the caller's); the same table under dynarock's own
//   account works.
// - DescribeEndpoints names the host the client addressed (its Host
//   header) and the service's cache period, 1440 minutes (API Reference,
//   DescribeEndpoints).
// - Sets come back sorted whatever order they were written in: strings by
//   their UTF-8 bytes, numbers by value. The service leaves set order
//   unspecified; DynamoDB Local returns sets sorted, and suites written
//   against it expect that order.
// - A table name's length rule is checked before the table is looked up
//   (dynalite getItem.js and query.js "short TableName", recorded against
//   the service, exact); the SDK v3 does not check lengths itself.
//
// Run: DYNAROCK_BIN=build/dynarock node --test tests/js/fidelity.test.mjs

import { randomBytes } from 'node:crypto';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { BIN, dynamoClient, serviceError, startServer, stopServer, stringKeys } from './server.mjs';

import {
  CreateTableCommand,
  DescribeEndpointsCommand,
  GetItemCommand,
  ListTagsOfResourceCommand,
  PutItemCommand,
  QueryCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-dynamodb';

const OWN_ACCOUNT = '000000000000';
const OTHER_ACCOUNT = '123456789012';

// IAM's refusal of a cross-account call no resource-based policy allows
// (UNVERIFIED, see above).
function accessDenied(action, arn) {
  return `User: arn:aws:iam::${OWN_ACCOUNT}:root is not authorized to perform: dynamodb:${action} ` +
    `on resource: ${arn} because no resource-based policy allows the dynamodb:${action} action`;
}

describe('fidelity through the AWS SDK for JavaScript v3', { skip: !BIN && 'DYNAROCK_BIN is not set' }, () => {
  const TABLE = `fidelity_${randomBytes(6).toString('hex')}`;
  const arnIn = (account) => `arn:aws:dynamodb:us-east-1:${account}:table/${TABLE}`;
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

  test("tag operations on another account's table ARN are AccessDeniedException", async () => {
    const other = arnIn(OTHER_ACCOUNT);
    const own = arnIn(OWN_ACCOUNT);
    await client.send(new TagResourceCommand({
      ResourceArn: own, Tags: [{ Key: 'team', Value: 'blue' }],
    }));
    await assert.rejects(
      client.send(new ListTagsOfResourceCommand({ ResourceArn: other })),
      serviceError('AccessDeniedException', accessDenied('ListTagsOfResource', other)));
    await assert.rejects(
      client.send(new TagResourceCommand({
        ResourceArn: other, Tags: [{ Key: 'team', Value: 'red' }, { Key: 'extra', Value: 'x' }],
      })),
      serviceError('AccessDeniedException', accessDenied('TagResource', other)));
    await assert.rejects(
      client.send(new UntagResourceCommand({ ResourceArn: other, TagKeys: ['team'] })),
      serviceError('AccessDeniedException', accessDenied('UntagResource', other)));
    // The refused TagResource and UntagResource changed nothing.
    const tags = await client.send(new ListTagsOfResourceCommand({ ResourceArn: own }));
    assert.deepEqual(tags.Tags, [{ Key: 'team', Value: 'blue' }]);
    // A table that does not exist, in another account: the same refusal,
    // before any lookup.
    const missing = `arn:aws:dynamodb:us-east-1:${OTHER_ACCOUNT}:table/${TABLE}_none`;
    await assert.rejects(
      client.send(new ListTagsOfResourceCommand({ ResourceArn: missing })),
      serviceError('AccessDeniedException', accessDenied('ListTagsOfResource', missing)));
  });

  test('tag operations under the own account work', async () => {
    const name = `${TABLE}_tags`;
    await client.send(new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      ...stringKeys('PK'),
    }));
    const own = `arn:aws:dynamodb:us-east-1:${OWN_ACCOUNT}:table/${name}`;
    let tags = await client.send(new ListTagsOfResourceCommand({ ResourceArn: own }));
    assert.deepEqual(tags.Tags, []);
    await client.send(new TagResourceCommand({
      ResourceArn: own, Tags: [{ Key: 'env', Value: 'test' }],
    }));
    tags = await client.send(new ListTagsOfResourceCommand({ ResourceArn: own }));
    assert.deepEqual(tags.Tags, [{ Key: 'env', Value: 'test' }]);
    await client.send(new UntagResourceCommand({ ResourceArn: own, TagKeys: ['env'] }));
    tags = await client.send(new ListTagsOfResourceCommand({ ResourceArn: own }));
    assert.deepEqual(tags.Tags, []);
  });

  test('DescribeEndpoints names the host the client used', async () => {
    const port = new URL(server.endpoint).port;
    const resp = await client.send(new DescribeEndpointsCommand({}));
    assert.deepEqual(resp.Endpoints, [{ Address: `127.0.0.1:${port}`, CachePeriodInMinutes: 1440 }]);
    // Addressed as localhost, it answers localhost.
    const byName = dynamoClient(`http://localhost:${port}`);
    try {
      const named = await byName.send(new DescribeEndpointsCommand({}));
      assert.deepEqual(named.Endpoints, [{ Address: `localhost:${port}`, CachePeriodInMinutes: 1440 }]);
    } finally {
      byName.destroy();
    }
  });

  test('sets come back sorted', async () => {
    const Key = { PK: { S: 'sets' }, SK: { S: '1' } };
    await client.send(new PutItemCommand({
      TableName: TABLE,
      Item: {
        ...Key,
        ss: { SS: ['pear', 'Apple', 'apple', '10', '9', 'é'] },
        ns: { NS: ['10', '9', '-1', '1.5', '1E2', '-0.5'] },
      },
    }));
    const resp = await client.send(new GetItemCommand({ TableName: TABLE, Key, ConsistentRead: true }));
    assert.deepEqual(resp.Item, {
      ...Key,
      ss: { SS: ['10', '9', 'Apple', 'apple', 'pear', 'é'] },
      ns: { NS: ['-1', '-0.5', '1.5', '9', '10', '100'] },
    });
  });

  test("a table name under 3 characters is a ValidationException, not 'not found'", async () => {
    const msg = "1 validation error detected: Value 'ab' at 'tableName' failed to satisfy constraint: " +
      'Member must have length greater than or equal to 3';
    await assert.rejects(
      client.send(new GetItemCommand({ TableName: 'ab', Key: { PK: { S: 'a' } } })),
      serviceError('ValidationException', msg));
    await assert.rejects(
      client.send(new QueryCommand({
        TableName: 'ab', KeyConditionExpression: 'PK = :p',
        ExpressionAttributeValues: { ':p': { S: 'a' } },
      })),
      serviceError('ValidationException', msg));
  });
});
