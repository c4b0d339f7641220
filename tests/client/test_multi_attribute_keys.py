"""Multi-attribute GSI keys through boto3: a global secondary index whose
partition key and sort key are each made of several attributes (up to four
of each), as the service allows since November 2025.

Sources for the service's behaviour and messages:
  - the Developer Guide, "Multi-attribute key schema" and the
    "Multi-attribute keys pattern" (query rules: every partition attribute
    with equality; sort attributes left to right, equality on all but the
    last one named);
  - moto's tests/test_dynamodb/test_dynamodb_multi_attribute_gsi.py (marked
    aws_verified) and ScyllaDB Alternator's test_gsi_composite_keys.py
    (conformance tests run against the service) for ordering, sparseness and
    LastEvaluatedKey;
  - captures of the service's validation messages (October 2026) for the
    key schema rules and the RANGE-attribute query rule.
"UNVERIFIED" marks a message resting on inference.

Run: DYNAROCK_BIN=build/dynarock python3 -m unittest tests/client/test_multi_attribute_keys.py
"""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import harness  # noqa: E402
from harness import S, attr, key  # noqa: E402
from harness import DynamoTestCase  # noqa: E402

INVALID = 'One or more parameter values were invalid: '


def setUpModule():
    harness.start_module_server()


def tearDownModule():
    harness.stop_module_server()


MATCHES_KEY_SCHEMA = [key('tournamentId', 'HASH'), key('region', 'HASH'), key('round', 'RANGE'),
                      key('bracket', 'RANGE'), key('matchId', 'RANGE')]


def match(pk, tournament, region, round_, bracket, match_id, **extra):
    item = {'PK': {'S': pk}, 'tournamentId': {'S': tournament}, 'region': {'S': region},
            'round': {'S': round_}, 'bracket': {'S': bracket}, 'matchId': {'N': str(match_id)}}
    for name, value in extra.items():
        item[name] = value
    return item


class MultiAttributeKeyTest(DynamoTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.table = harness.unique_table_name()
        cls.ddb.create_table(
            TableName=cls.table, BillingMode='PAY_PER_REQUEST',
            AttributeDefinitions=[attr('PK', 'S'), attr('tournamentId', 'S'), attr('region', 'S'),
                                  attr('round', 'S'), attr('bracket', 'S'), attr('matchId', 'N')],
            KeySchema=[key('PK', 'HASH')],
            GlobalSecondaryIndexes=[{'IndexName': 'matches', 'KeySchema': MATCHES_KEY_SCHEMA,
                                     'Projection': {'ProjectionType': 'ALL'}}])
        # Written out of order; the index orders them by round, then
        # bracket, then matchId (a number: 10 after 9).
        cls.items = [
            match('m1', 'WINTER', 'NA', 'SEMIFINALS', 'UPPER', 10),
            match('m2', 'WINTER', 'NA', 'QUARTERFINALS', 'UPPER', 3),
            match('m3', 'WINTER', 'NA', 'SEMIFINALS', 'LOWER', 1),
            match('m4', 'WINTER', 'NA', 'SEMIFINALS', 'UPPER', 9),
            match('m5', 'WINTER', 'EU', 'SEMIFINALS', 'UPPER', 1),
            match('m6', 'SUMMER', 'NA', 'SEMIFINALS', 'UPPER', 1),
            match('m7', 'WINTER', 'NA', 'FINALS', 'UPPER', 1),
        ]
        for item in cls.items:
            cls.ddb.put_item(TableName=cls.table, Item=item)
        # Sparse: without one of the key attributes an item is not indexed.
        sparse = match('m8', 'WINTER', 'NA', 'SEMIFINALS', 'UPPER', 2)
        del sparse['bracket']
        cls.ddb.put_item(TableName=cls.table, Item=sparse)

    @classmethod
    def tearDownClass(cls):
        harness.delete_table_quietly(cls.ddb, cls.table)

    def pks(self, response):
        return [item['PK']['S'] for item in response['Items']]

    NA = {':t': {'S': 'WINTER'}, ':r': {'S': 'NA'}}

    def test_describe_table_reports_every_key_attribute_in_order(self):
        desc = self.ddb.describe_table(TableName=self.table)['Table']
        gsi = desc['GlobalSecondaryIndexes'][0]
        self.assertEqual(gsi['KeySchema'], MATCHES_KEY_SCHEMA)
        # The sparse item is left out of the index.
        self.assertEqual(gsi['ItemCount'], 7)

    def test_partition_attributes_with_equality_return_the_partition_in_sort_order(self):
        r = self.ddb.query(TableName=self.table, IndexName='matches',
                           KeyConditionExpression='tournamentId = :t AND #r = :r',
                           ExpressionAttributeNames={'#r': 'region'}, ExpressionAttributeValues=self.NA)
        # FINALS < QUARTERFINALS < SEMIFINALS; within SEMIFINALS, LOWER <
        # UPPER; within UPPER, matchId 9 < 10.
        self.assertEqual(self.pks(r), ['m7', 'm2', 'm3', 'm4', 'm1'])
        self.assertEqual(r['Count'], 5)

    def test_equality_then_range_on_the_next_sort_attribute(self):
        values = dict(self.NA, **{':round': {'S': 'SEMIFINALS'}, ':b': {'S': 'UP'}})
        r = self.ddb.query(
            TableName=self.table, IndexName='matches',
            KeyConditionExpression='tournamentId = :t AND #r = :r AND #round = :round AND begins_with(bracket, :b)',
            ExpressionAttributeNames={'#r': 'region', '#round': 'round'}, ExpressionAttributeValues=values)
        self.assertEqual(self.pks(r), ['m4', 'm1'])

    def test_three_sort_attributes_backwards(self):
        values = dict(self.NA, **{':round': {'S': 'SEMIFINALS'}, ':b': {'S': 'UPPER'}, ':n': {'N': '5'}})
        r = self.ddb.query(
            TableName=self.table, IndexName='matches',
            KeyConditionExpression=('matchId > :n AND bracket = :b AND #round = :round AND #r = :r '
                                    'AND tournamentId = :t'),
            ExpressionAttributeNames={'#r': 'region', '#round': 'round'}, ExpressionAttributeValues=values,
            ScanIndexForward=False)
        self.assertEqual(self.pks(r), ['m1', 'm4'])

    def test_range_on_the_first_sort_attribute_alone(self):
        values = dict(self.NA, **{':round': {'S': 'R'}})
        r = self.ddb.query(TableName=self.table, IndexName='matches',
                           KeyConditionExpression='tournamentId = :t AND #r = :r AND #round > :round',
                           ExpressionAttributeNames={'#r': 'region', '#round': 'round'},
                           ExpressionAttributeValues=values)
        self.assertEqual(self.pks(r), ['m3', 'm4', 'm1'])

    def test_paging_returns_every_key_attribute_in_last_evaluated_key(self):
        seen = []
        start = None
        while True:
            kwargs = {'ExclusiveStartKey': start} if start else {}
            r = self.ddb.query(TableName=self.table, IndexName='matches',
                               KeyConditionExpression='tournamentId = :t AND #r = :r',
                               ExpressionAttributeNames={'#r': 'region'}, ExpressionAttributeValues=self.NA,
                               Limit=2, **kwargs)
            seen += self.pks(r)
            start = r.get('LastEvaluatedKey')
            if not start:
                break
            # The table's key and every attribute of the index's key.
            self.assertEqual(sorted(start), ['PK', 'bracket', 'matchId', 'region', 'round', 'tournamentId'])
        self.assertEqual(seen, ['m7', 'm2', 'm3', 'm4', 'm1'])

    def test_skipping_a_sort_attribute_is_refused(self):
        values = dict(self.NA, **{':b': {'S': 'UPPER'}})
        with self.assertDynamoError(
                'ValidationException',
                'RANGE key attributes round must have equality conditions specified in the query because a '
                'condition is present on key attribute bracket'):
            self.ddb.query(TableName=self.table, IndexName='matches',
                           KeyConditionExpression='tournamentId = :t AND #r = :r AND bracket = :b',
                           ExpressionAttributeNames={'#r': 'region'}, ExpressionAttributeValues=values)

    def test_a_range_before_the_last_sort_attribute_is_refused(self):
        values = dict(self.NA, **{':round': {'S': 'A'}, ':b': {'S': 'UPPER'}})
        with self.assertDynamoError(
                'ValidationException',
                'RANGE key attributes round must have equality conditions specified in the query because a '
                'condition is present on key attribute bracket'):
            self.ddb.query(TableName=self.table, IndexName='matches',
                           KeyConditionExpression='tournamentId = :t AND #r = :r AND #round > :round AND bracket = :b',
                           ExpressionAttributeNames={'#r': 'region', '#round': 'round'},
                           ExpressionAttributeValues=values)

    def test_every_partition_attribute_is_required(self):
        # moto's aws_verified tests: "ALL hash key attributes must use
        # equality". UNVERIFIED wording (no capture of the text): it follows
        # the service's message for the sort key attributes, naming each
        # partition attribute without an equality, in key schema order.
        msg = 'HASH key attributes {} must have equality conditions specified in the query'
        cases = [
            ('tournamentId = :t', {':t': S('WINTER')}, {}, 'region'),
            ('#r = :r', {':r': S('EU')}, {'#r': 'region'}, 'tournamentId'),
            ('tournamentId = :t AND #r > :r', {':t': S('WINTER'), ':r': S('EU')}, {'#r': 'region'}, 'region'),
            ('tournamentId = :t AND begins_with(#r, :r)', {':t': S('WINTER'), ':r': S('E')}, {'#r': 'region'},
             'region'),
            ('tournamentId BETWEEN :a AND :b AND #r = :r', {':a': S('A'), ':b': S('Z'), ':r': S('EU')},
             {'#r': 'region'}, 'tournamentId'),
            ('#round = :x', {':x': S('FINALS')}, {'#round': 'round'}, 'tournamentId, region'),
        ]
        for kce, values, names, missing in cases:
            with self.subTest(kce=kce):
                extra = {'ExpressionAttributeNames': names} if names else {}
                with self.assertDynamoError('ValidationException', msg.format(missing)):
                    self.ddb.query(TableName=self.table, IndexName='matches', KeyConditionExpression=kce,
                                   ExpressionAttributeValues=values, **extra)
        # The legacy KeyConditions alike.
        with self.assertDynamoError('ValidationException', msg.format('region')):
            self.ddb.query(TableName=self.table, IndexName='matches',
                           KeyConditions={'tournamentId': {'ComparisonOperator': 'EQ',
                                                           'AttributeValueList': [S('WINTER')]},
                                          'region': {'ComparisonOperator': 'GT',
                                                     'AttributeValueList': [S('EU')]}})

    def test_an_update_that_completes_the_key_indexes_the_item(self):
        self.ddb.update_item(TableName=self.table, Key={'PK': {'S': 'm9'}},
                             UpdateExpression='SET tournamentId = :t, #r = :r, #round = :round',
                             ExpressionAttributeNames={'#r': 'region', '#round': 'round'},
                             ExpressionAttributeValues={':t': {'S': 'AUTUMN'}, ':r': {'S': 'NA'},
                                                        ':round': {'S': 'FINALS'}})
        q = dict(KeyConditionExpression='tournamentId = :t AND #r = :r',
                 ExpressionAttributeNames={'#r': 'region'},
                 ExpressionAttributeValues={':t': {'S': 'AUTUMN'}, ':r': {'S': 'NA'}})
        self.assertEqual(self.ddb.query(TableName=self.table, IndexName='matches', **q)['Items'], [])
        self.ddb.update_item(TableName=self.table, Key={'PK': {'S': 'm9'}},
                             UpdateExpression='SET bracket = :b, matchId = :n',
                             ExpressionAttributeValues={':b': {'S': 'UPPER'}, ':n': {'N': '1'}})
        r = self.ddb.query(TableName=self.table, IndexName='matches', **q)
        self.assertEqual(self.pks(r), ['m9'])
        self.ddb.delete_item(TableName=self.table, Key={'PK': {'S': 'm9'}})


class MultiAttributeKeySchemaTest(DynamoTestCase):
    """Key schema rules for multi-attribute keys (captured messages)."""

    def create(self, key_schema, attribute_names, table_key=None):
        defs = [attr('PK', 'S')] + [attr(n, 'S') for n in attribute_names]
        self.create_table(BillingMode='PAY_PER_REQUEST', AttributeDefinitions=defs,
                          KeySchema=table_key or [key('PK', 'HASH')],
                          GlobalSecondaryIndexes=[{'IndexName': 'gsi', 'KeySchema': key_schema,
                                                   'Projection': {'ProjectionType': 'ALL'}}])

    def test_four_and_four_are_accepted(self):
        names = ['h1', 'h2', 'h3', 'h4', 'r1', 'r2', 'r3', 'r4']
        schema = [key(n, 'HASH') for n in names[:4]] + [key(n, 'RANGE') for n in names[4:]]
        self.create(schema, names)

    def test_five_partition_attributes(self):
        names = ['h1', 'h2', 'h3', 'h4', 'h5']
        with self.assertDynamoError(
                'ValidationException',
                INVALID + 'The KeySchema exceeds the maximum allowed number of HASH key attributes'):
            self.create([key(n, 'HASH') for n in names], names)

    def test_five_sort_attributes(self):
        names = ['h1', 'r1', 'r2', 'r3', 'r4', 'r5']
        with self.assertDynamoError(
                'ValidationException',
                INVALID + 'The KeySchema exceeds the maximum allowed number of RANGE key attributes'):
            self.create([key('h1', 'HASH')] + [key(n, 'RANGE') for n in names[1:]], names)

    def test_partition_attributes_come_first(self):
        with self.assertDynamoError(
                'ValidationException',
                INVALID + 'All HASH key attributes must precede RANGE key attributes in the KeySchema'):
            self.create([key('a', 'HASH'), key('b', 'RANGE'), key('c', 'HASH')], ['a', 'b', 'c'])

    def test_an_attribute_twice(self):
        # UNVERIFIED: the capture lists the text without the usual prefix.
        with self.assertDynamoError('ValidationException',
                                    'The KeySchema contains multiple key attributes with the same name'):
            self.create([key('a', 'HASH'), key('b', 'HASH'), key('a', 'RANGE')], ['a', 'b', 'x'])

    def test_a_table_key_keeps_two_elements(self):
        # The table's own key schema is still one partition and at most one
        # sort key attribute.
        with self.assertRaises(Exception) as cm:
            self.create_table(BillingMode='PAY_PER_REQUEST',
                              AttributeDefinitions=[attr('a', 'S'), attr('b', 'S'), attr('c', 'S')],
                              KeySchema=[key('a', 'HASH'), key('b', 'RANGE'), key('c', 'RANGE')])
        err = cm.exception.response['Error']
        self.assertEqual(err['Code'], 'ValidationException')
        self.assertIn("at 'keySchema' failed to satisfy constraint: Member must have length less than or "
                      "equal to 2", err['Message'])


if __name__ == '__main__':
    unittest.main()
