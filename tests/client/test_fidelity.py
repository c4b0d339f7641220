"""Behaviours where dynarock once answered differently from the service,
each pinned with the service's exact response: legacy KeyConditions with
FilterExpression and ProjectionExpression (and the other legacy parameters
conflicting with every expression); ConditionalOperator without two or more
conditions to join; a table name's rules checked before the table is looked
up, in every operation; a global secondary index answering only what it
projects; an ExclusiveStartKey naming a sort key the table does not have.

Sources: ExtendDB's dual-target tests (run against DynamoDB and the
emulator alike); dynalite's tests (test/*.js, recorded against the service,
exact messages); floci's captures from the service; DynamoDB Local's
ErrorFactory and the DAX client's request validator (the service's texts,
shipped by AWS); dynamodb-conformance (nubo-db; tier3 error-messages
transactGetItems/transactWriteItems, captured in us-east-1 and eu-west-2,
2026-10, and the 2026-06-09 captures behind the Java echo of a RequestItems
map); a user's report of the real error in localstack#478; ScyllaDB
Alternator's test/alternator (run against AWS); a real BatchGetItem error
quoted in BotBuilderCommunity/botbuilder-community-js#294 (2021).
"UNVERIFIED" marks a value resting on inference or on one older source.

Later additions, each class citing its own source: constraint messages
(Limit, the lengths of TransactItems, Statements and TransactStatements,
Select's enum, a missing TableName, a transaction over 4 MB); the legacy
conditions' checks in the legacy API's words (dynalite query.js and
validations/index.js validateConditions); the consumed capacity of Query
and Scan by the Developer Guide's rules ("Read consumption"); the service's
operations dynarock does not serve (dynalite test/connection.js for the
unknown name); sets returned sorted (as DynamoDB Local returns them).

Run: DYNAROCK_BIN=build/dynarock python3 -m unittest test_fidelity
(from tests/client).
"""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import boto3  # noqa: E402
import botocore.config  # noqa: E402

import harness  # noqa: E402
from harness import S, N, M  # noqa: E402
from harness import (INVALID, SharedTablesTestCase, attr, key, random_string,  # noqa: E402
                     without_metadata)

TABLES = {}
MIXED = 'Can not use both expression and non-expression parameters in the same request: '
# DynamoDB Local's ErrorFactory; the DAX client's validator; ExtendDB's
# dual-target tests (exact).
MSG_OPERATOR_ALONE = 'ConditionalOperator cannot be used without Filter or Expected'
MSG_OPERATOR_ONE = 'ConditionalOperator can only be used when Filter or Expected has two or more elements'
# dynalite query.js/scan.js "should return ValidationException if
# ExclusiveStartKey is invalid" (exact).
MSG_BAD_START_KEY = 'The provided starting key is invalid'
# The constraints on a table name, as the service reports them
# (dynalite getItem.js and others; conformance captures).
SHORT = 'Member must have length greater than or equal to 3'
PATTERN = 'Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+'
# A RequestItems key breaking the name rules: every rule is listed, the
# broken ones or not (dynalite batchGetItem.js/batchWriteItem.js "short
# table name", exact but for the echoed map; the same text in a real
# BatchGetItem error, botbuilder-community-js#294).
MSG_MAP_KEYS = ("' at 'requestItems' failed to satisfy constraint: Map keys must satisfy "
                "constraint: [Member must have length less than or equal to 255, Member must "
                "have length greater than or equal to 3, " + PATTERN + "]")


def cond(op, *values):
    """A legacy Condition / ExpectedAttributeValue."""
    return {'ComparisonOperator': op, 'AttributeValueList': list(values)}


def one_error(value, path, constraint):
    return (f"1 validation error detected: Value '{value}' at '{path}' failed to satisfy "
            f"constraint: {constraint}")


def name_errors(name, path):
    """The service's message for a table name `name` at `path`: 'ab' breaks
    the length rule alone; 'a;' breaks the pattern, then the length (dynalite
    getItem.js, putItem.js and others, "should return ValidationException
    for short TableName", exact)."""
    if name == 'ab':
        return one_error(name, path, SHORT)
    return (f"2 validation errors detected: Value '{name}' at '{path}' failed to satisfy "
            f"constraint: {PATTERN}; Value '{name}' at '{path}' failed to satisfy constraint: "
            f"{SHORT}")


def java_attribute_value(s):
    """The service's Java toString of {S: s} inside an echoed RequestItems
    map (conformance captures/2026-06-09, probe c_bw_over25, us-east-1; some
    regions print AttributeValue@<hash> instead)."""
    return (f'AttributeValue(s={s}, n=null, b=null, iNT=null, dECIMAL=null, dOUBLE=null, '
            'sS=null, nS=null, bS=null, iNTSET=null, dECIMALSET=null, dOUBLESET=null, '
            'm=null, l=null, nULL=null, bOOL=null)')


def java_hash_bucket(s):
    """The bucket of String s in a java.util.HashMap of capacity 16
    (String.hashCode, spread by HashMap.hash)."""
    h = 0
    for ch in s:
        h = (31 * h + ord(ch)) & 0xFFFFFFFF
    return (h ^ (h >> 16)) & 15


def java_map_order(names):
    """A few keys in java.util.HashMap's iteration order: by bucket, then
    in insertion order (the service echoes RequestItems as such a map)."""
    return sorted(names, key=java_hash_bucket)


def batch_table_name():
    """A fresh table name in a HashMap bucket of its own beside 'ab' and
    'a;', so that their order in an echoed map is not a tie."""
    while True:
        name = harness.unique_table_name()
        if java_hash_bucket(name) not in (java_hash_bucket('ab'), java_hash_bucket('a;')):
            return name


def unvalidated_client():
    """harness.client() without boto3's own parameter checks, so that the
    server sees requests boto3 would refuse (table names under 3
    characters, an empty Expected map)."""
    return boto3.session.Session().client(
        'dynamodb',
        region_name=harness.REGION,
        endpoint_url=harness.endpoint(),
        aws_access_key_id=harness.DUMMY_ACCESS_KEY,
        aws_secret_access_key=harness.DUMMY_SECRET_KEY,
        config=botocore.config.Config(
            retries={'max_attempts': 1}, connect_timeout=10, read_timeout=60,
            parameter_validation=False))


def setUpModule():
    harness.start_module_server()
    ddb = harness.client()
    TABLES['hash'] = harness.hash_table(ddb)
    TABLES['range'] = harness.range_table(ddb)
    TABLES['batch'] = batch_table_name()
    ddb.create_table(TableName=TABLES['batch'], BillingMode='PAY_PER_REQUEST', **harness.HASH_ONLY)
    # Two global indexes that project less than ALL, and a local one.
    TABLES['idx'] = harness.module_table(
        ddb, [attr('PK', 'S'), attr('SK', 'S'), attr('GK', 'S'), attr('GS', 'S'), attr('LK', 'S')],
        [key('PK', 'HASH'), key('SK', 'RANGE')],
        GlobalSecondaryIndexes=[
            {'IndexName': 'keys', 'KeySchema': [key('GK', 'HASH'), key('GS', 'RANGE')],
             'Projection': {'ProjectionType': 'KEYS_ONLY'}},
            {'IndexName': 'incl', 'KeySchema': [key('GK', 'HASH')],
             'Projection': {'ProjectionType': 'INCLUDE', 'NonKeyAttributes': ['inc']}}],
        LocalSecondaryIndexes=[
            {'IndexName': 'lsi', 'KeySchema': [key('PK', 'HASH'), key('LK', 'RANGE')],
             'Projection': {'ProjectionType': 'KEYS_ONLY'}}])


def tearDownModule():
    harness.stop_module_server()


class FidelityTestCase(SharedTablesTestCase):

    TABLES = TABLES

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.raw = unvalidated_client()


# ------------------------------------------- legacy and expression parameters

class KeyConditionsWithExpressionsTest(FidelityTestCase):
    """KeyConditions is the one legacy parameter that goes with expressions
    (ExtendDB dual-target tests against DynamoDB; dynalite query.js)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.p = S('kc-' + random_string(12))
        cls.items = {
            'a': {'PK': cls.p, 'SK': S('a'), 'n': N(1), 's': S('x'), 't': S('keep')},
            'b': {'PK': cls.p, 'SK': S('b'), 'n': N(5), 's': S('y')},
            'c': {'PK': cls.p, 'SK': S('c'), 'n': N(9), 's': S('z'), 't': S('keep')},
            'd': {'PK': cls.p, 'SK': S('d'), 'n': N(3)},
        }
        for item in cls.items.values():
            cls.ddb.put_item(TableName=TABLES['range'], Item=item)

    def query(self, **kwargs):
        return without_metadata(self.ddb.query(TableName=TABLES['range'], ConsistentRead=True,
                                               **kwargs))

    def test_with_filter_expression(self):
        resp = self.query(KeyConditions={'PK': cond('EQ', self.p), 'SK': cond('BETWEEN', S('b'), S('d'))},
                          FilterExpression='n > :v', ExpressionAttributeValues={':v': N(4)})
        self.assertEqual(resp, {'Items': [self.items['b'], self.items['c']], 'Count': 2,
                                'ScannedCount': 3})

    def test_with_projection_expression(self):
        resp = self.query(KeyConditions={'PK': cond('EQ', self.p)}, ProjectionExpression='SK, t')
        self.assertEqual(resp, {'Items': [{'SK': S('a'), 't': S('keep')}, {'SK': S('b')},
                                          {'SK': S('c'), 't': S('keep')}, {'SK': S('d')}],
                                'Count': 4, 'ScannedCount': 4})

    def test_with_filter_and_projection_and_placeholders(self):
        resp = self.query(KeyConditions={'PK': cond('EQ', self.p), 'SK': cond('GE', S('b'))},
                          FilterExpression='#n > :v', ProjectionExpression='#n, t',
                          ExpressionAttributeNames={'#n': 'n'},
                          ExpressionAttributeValues={':v': N(4)})
        self.assertEqual(resp, {'Items': [{'n': N(5)}, {'n': N(9), 't': S('keep')}], 'Count': 2,
                                'ScannedCount': 3})


class LegacyConflictTest(FidelityTestCase):
    """Every other legacy parameter conflicts with any expression parameter.
    The lists come in a fixed per-operation order (dynalite query.js, exact):
    AttributesToGet, QueryFilter, ConditionalOperator, KeyConditions; then
    ProjectionExpression, FilterExpression, KeyConditionExpression."""

    def query(self, **kwargs):
        return self.ddb.query(TableName=TABLES['range'], **kwargs)

    def kce(self):
        return {'KeyConditionExpression': 'PK = :p', 'ExpressionAttributeValues': {':p': self.pk()}}

    def test_query_filter_with_key_condition_expression(self):
        # floci's capture from the service (exact).
        with self.assertDynamoError(
                'ValidationException',
                MIXED + 'Non-expression parameters: {QueryFilter} '
                'Expression parameters: {KeyConditionExpression}'):
            self.query(QueryFilter={'n': cond('EQ', N(1))}, **self.kce())

    def test_attributes_to_get_with_key_condition_expression(self):
        with self.assertDynamoError(
                'ValidationException',
                MIXED + 'Non-expression parameters: {AttributesToGet} '
                'Expression parameters: {KeyConditionExpression}'):
            self.query(AttributesToGet=['n'], **self.kce())

    def test_key_conditions_with_key_condition_expression(self):
        with self.assertDynamoError(
                'ValidationException',
                MIXED + 'Non-expression parameters: {KeyConditions} '
                'Expression parameters: {KeyConditionExpression}'):
            self.query(KeyConditions={'PK': cond('EQ', self.pk())}, **self.kce())

    def test_key_conditions_with_both_key_condition_and_filter_expressions(self):
        # Every expression present is listed, FilterExpression too, though
        # KeyConditions alone would go with it (UNVERIFIED: the pattern of
        # floci's QueryFilter capture and dynalite's full list).
        with self.assertDynamoError(
                'ValidationException',
                MIXED + 'Non-expression parameters: {KeyConditions} '
                'Expression parameters: {FilterExpression, KeyConditionExpression}'):
            self.query(KeyConditions={'PK': cond('EQ', self.pk())}, FilterExpression='n > :p',
                       **self.kce())

    def test_lists_in_the_fixed_order(self):
        # The order of dynalite's full list, with two of each side
        # (UNVERIFIED for this subset).
        with self.assertDynamoError(
                'ValidationException',
                MIXED + 'Non-expression parameters: {AttributesToGet, QueryFilter} '
                'Expression parameters: {ProjectionExpression, KeyConditionExpression}'):
            self.query(KeyConditionExpression='PK = :p', ProjectionExpression='n',
                       QueryFilter={'n': cond('EQ', N(1))}, AttributesToGet=['n'],
                       ExpressionAttributeValues={':p': self.pk()})

    def test_conditional_operator_with_filter_expression_on_scan(self):
        # ConditionalOperator alone (no ScanFilter) counts as legacy
        # (dynalite scan.js lists it).
        with self.assertDynamoError(
                'ValidationException',
                MIXED + 'Non-expression parameters: {ConditionalOperator} '
                'Expression parameters: {FilterExpression}'):
            self.ddb.scan(TableName=TABLES['range'], ConditionalOperator='AND',
                          FilterExpression='n = :v', ExpressionAttributeValues={':v': N(1)})


# ------------------------------------------------------ ConditionalOperator

class ConditionalOperatorTest(FidelityTestCase):
    """ConditionalOperator joins two or more conditions: without any, or
    with one, it is refused (ExtendDB dual-target tests; DynamoDB Local's
    ErrorFactory; the DAX client's validator). A refused write changes
    nothing."""

    BEFORE = {'v': S('before'), 'w': N(1)}

    def seeded(self):
        k = {'PK': self.pk()}
        before = dict(self.BEFORE, **k)
        self.put('hash', before)
        return k, before

    def one_and_two(self):
        one = {'v': {'Value': S('before')}}
        two = {'v': {'Value': S('before')}, 'q': {'Exists': False}}
        return one, two

    def assertRefusedWrites(self, call):
        """call(k, **extra) is a write of k; without Expected, with
        Expected {} and with one entry it must be refused unchanged."""
        one, _ = self.one_and_two()
        for extra, msg in (({}, MSG_OPERATOR_ALONE), ({'Expected': {}}, MSG_OPERATOR_ALONE),
                           ({'Expected': one}, MSG_OPERATOR_ONE)):
            for op in ('AND', 'OR'):
                with self.subTest(extra=extra, op=op):
                    k, before = self.seeded()
                    with self.assertDynamoError('ValidationException', msg):
                        call(k, ConditionalOperator=op, **extra)
                    self.assertItem('hash', k, before)

    def test_put_item(self):
        self.assertRefusedWrites(lambda k, **kw: self.raw.put_item(
            TableName=TABLES['hash'], Item=dict(k, v=S('after')), **kw))
        k, _ = self.seeded()
        _, two = self.one_and_two()
        resp = self.raw.put_item(TableName=TABLES['hash'], Item=dict(k, v=S('after')),
                                 Expected=two, ConditionalOperator='AND')
        self.assertEqual(without_metadata(resp), {})
        self.assertItem('hash', k, dict(k, v=S('after')))

    def test_delete_item(self):
        self.assertRefusedWrites(lambda k, **kw: self.raw.delete_item(
            TableName=TABLES['hash'], Key=k, **kw))
        k, _ = self.seeded()
        _, two = self.one_and_two()
        resp = self.raw.delete_item(TableName=TABLES['hash'], Key=k, Expected=two,
                                    ConditionalOperator='AND')
        self.assertEqual(without_metadata(resp), {})
        self.assertItem('hash', k, None)

    def test_update_item_with_attribute_updates(self):
        updates = {'v': {'Action': 'PUT', 'Value': S('after')}, 'w': {'Action': 'ADD', 'Value': N(2)}}
        self.assertRefusedWrites(lambda k, **kw: self.raw.update_item(
            TableName=TABLES['hash'], Key=k, AttributeUpdates=updates, **kw))
        k, _ = self.seeded()
        _, two = self.one_and_two()
        resp = self.raw.update_item(TableName=TABLES['hash'], Key=k, AttributeUpdates=updates,
                                    Expected=two, ConditionalOperator='OR', ReturnValues='ALL_NEW')
        self.assertEqual(without_metadata(resp), {'Attributes': dict(k, v=S('after'), w=N(3))})
        self.assertItem('hash', k, dict(k, v=S('after'), w=N(3)))

    def test_query(self):
        p = self.pk()
        for sk, n in (('a', 1), ('b', 5), ('c', 9)):
            self.put('range', {'PK': p, 'SK': S(sk), 'n': N(n), 't': S(sk)})
        kc = {'PK': cond('EQ', p)}
        with self.assertDynamoError('ValidationException', MSG_OPERATOR_ALONE):
            self.ddb.query(TableName=TABLES['range'], KeyConditions=kc, ConditionalOperator='AND')
        with self.assertDynamoError('ValidationException', MSG_OPERATOR_ONE):
            self.ddb.query(TableName=TABLES['range'], KeyConditions=kc, ConditionalOperator='OR',
                           QueryFilter={'n': cond('GT', N(2))})
        resp = self.ddb.query(TableName=TABLES['range'], KeyConditions=kc, ConditionalOperator='OR',
                              QueryFilter={'n': cond('LT', N(2)), 't': cond('EQ', S('c'))},
                              ConsistentRead=True)
        self.assertEqual(resp['Items'], [{'PK': p, 'SK': S('a'), 'n': N(1), 't': S('a')},
                                         {'PK': p, 'SK': S('c'), 'n': N(9), 't': S('c')}])
        self.assertEqual((resp['Count'], resp['ScannedCount']), (2, 3))

    def test_scan(self):
        p = self.pk()
        for sk, n in (('a', 1), ('b', 5), ('c', 9)):
            self.put('range', {'PK': p, 'SK': S(sk), 'n': N(n)})
        with self.assertDynamoError('ValidationException', MSG_OPERATOR_ALONE):
            self.ddb.scan(TableName=TABLES['range'], ConditionalOperator='AND')
        with self.assertDynamoError('ValidationException', MSG_OPERATOR_ONE):
            self.ddb.scan(TableName=TABLES['range'], ConditionalOperator='AND',
                          ScanFilter={'PK': cond('EQ', p)})
        resp = self.ddb.scan(TableName=TABLES['range'], ConditionalOperator='AND',
                             ScanFilter={'PK': cond('EQ', p), 'n': cond('GT', N(2))},
                             ConsistentRead=True)
        self.assertEqual(sorted(resp['Items'], key=lambda it: it['SK']['S']),
                         [{'PK': p, 'SK': S('b'), 'n': N(5)}, {'PK': p, 'SK': S('c'), 'n': N(9)}])


# ---------------------------------------------------------------- table names

class TableNameRulesTest(FidelityTestCase):
    """A table name's rules are checked before the table is looked up: 'ab'
    and 'a;' do not exist, yet the answer is a ValidationException, not
    ResourceNotFoundException (dynalite's tests; conformance captures)."""

    def single_table_calls(self, name):
        k = {'PK': S('a')}
        kce = {'KeyConditionExpression': 'PK = :p', 'ExpressionAttributeValues': {':p': S('a')}}
        return [
            ('GetItem', lambda: self.raw.get_item(TableName=name, Key=k)),
            ('PutItem', lambda: self.raw.put_item(TableName=name, Item=k)),
            ('UpdateItem', lambda: self.raw.update_item(
                TableName=name, Key=k, UpdateExpression='SET a = :a',
                ExpressionAttributeValues={':a': S('a')})),
            ('DeleteItem', lambda: self.raw.delete_item(TableName=name, Key=k)),
            ('Query', lambda: self.raw.query(TableName=name, **kce)),
            ('Scan', lambda: self.raw.scan(TableName=name)),
            ('DescribeTable', lambda: self.raw.describe_table(TableName=name)),
            ('UpdateTable', lambda: self.raw.update_table(TableName=name,
                                                          BillingMode='PAY_PER_REQUEST')),
            ('DeleteTable', lambda: self.raw.delete_table(TableName=name)),
            ('DescribeTimeToLive', lambda: self.raw.describe_time_to_live(TableName=name)),
        ]

    def test_single_table_operations(self):
        # GetItem's 'ab' text: dynalite getItem.js and conformance (exact);
        # the other operations carry the same member, tableName (dynalite's
        # tests of each).
        for name in ('ab', 'a;'):
            for op, call in self.single_table_calls(name):
                with self.subTest(name=name, operation=op):
                    with self.assertDynamoError('ValidationException',
                                                name_errors(name, 'tableName')):
                        call()

    def test_transact_get_items(self):
        # The path is captured, naming the Get's position (conformance tier3
        # error-messages transactGetItems, 'bad!name' on the first and on
        # the second Get);
        # the length rule there is UNVERIFIED, from the single-table text.
        for name in ('ab', 'a;'):
            with self.subTest(name=name):
                with self.assertDynamoError(
                        'ValidationException',
                        name_errors(name, 'transactItems.2.member.get.tableName')):
                    self.raw.transact_get_items(TransactItems=[
                        {'Get': {'TableName': TABLES['hash'], 'Key': {'PK': self.pk()}}},
                        {'Get': {'TableName': name, 'Key': {'PK': self.pk()}}}])

    def test_transact_write_items(self):
        # Paths captured for each action (conformance tier3 error-messages
        # transactWriteItems: '1.member.put', '2.member.update',
        # '1.member.delete', '1.member.conditionCheck'); one error per
        # action, "3 validation errors" joined with "; " (UNVERIFIED, the
        # service's framework as for any other list of errors). Nothing is
        # written, the valid first action included.
        k = {'PK': self.pk()}
        item = dict(k, v=S('x'))
        actions = [
            {'Put': {'TableName': TABLES['hash'], 'Item': item}},
            {'Delete': {'TableName': 'ab', 'Key': k}},
            {'Update': {'TableName': 'ab', 'Key': k, 'UpdateExpression': 'SET a = :a',
                        'ExpressionAttributeValues': {':a': S('a')}}},
            {'ConditionCheck': {'TableName': 'ab', 'Key': k,
                                'ConditionExpression': 'attribute_exists(a)'}},
        ]
        paths = ['transactItems.2.member.delete.tableName',
                 'transactItems.3.member.update.tableName',
                 'transactItems.4.member.conditionCheck.tableName']
        with self.assertDynamoError(
                'ValidationException',
                '3 validation errors detected: ' + '; '.join(
                    f"Value 'ab' at '{p}' failed to satisfy constraint: {SHORT}" for p in paths)):
            self.raw.transact_write_items(TransactItems=actions)
        self.assertItem('hash', k, None)
        with self.assertDynamoError('ValidationException',
                                    name_errors('a;', 'transactItems.1.member.put.tableName')):
            self.raw.transact_write_items(TransactItems=[{'Put': {'TableName': 'a;', 'Item': item}}])

    def test_batch_get_item(self):
        # One error for the map's keys, every rule listed (dynalite
        # batchGetItem.js "short table name with keys"; the real error in
        # botbuilder-community-js#294, exact but for its object hash). The
        # echo of the whole map: KeysAndAttributes' fields from that error,
        # each AttributeValue as in the 2026 us-east-1 captures (UNVERIFIED
        # combination; the service's rendering varies by region).
        def keys_and_attributes(v):
            return ('KeysAndAttributes(keys=[{PK=' + java_attribute_value(v) + '}], '
                    'attributesToGet=null, consistentRead=null, projectionExpression=null, '
                    'expressionAttributeNames=null, workloadProfileName=null)')

        for name in ('ab', 'a;'):
            values = {TABLES['batch']: random_string(8), name: random_string(8)}
            echo = '{' + ', '.join(t + '=' + keys_and_attributes(values[t])
                                   for t in java_map_order(values)) + '}'
            with self.subTest(name=name):
                with self.assertDynamoError('ValidationException',
                                            "1 validation error detected: Value '" + echo + MSG_MAP_KEYS):
                    self.raw.batch_get_item(
                        RequestItems={t: {'Keys': [{'PK': S(v)}]} for t, v in values.items()})

    def test_batch_write_item(self):
        # dynalite batchWriteItem.js "short table name" (exact but for the
        # echo); the echo as in test_batch (conformance captures/2026-06-09,
        # us-east-1). The valid table's put is not written.
        def write_requests(v):
            return ('[WriteRequest(putRequest=PutRequest(item={PK=' + java_attribute_value(v)
                    + '}, workloadProfileName=null), deleteRequest=null)]')

        for name in ('ab', 'a;'):
            values = {TABLES['batch']: random_string(8), name: random_string(8)}
            echo = '{' + ', '.join(t + '=' + write_requests(values[t])
                                   for t in java_map_order(values)) + '}'
            with self.subTest(name=name):
                with self.assertDynamoError('ValidationException',
                                            "1 validation error detected: Value '" + echo + MSG_MAP_KEYS):
                    self.raw.batch_write_item(
                        RequestItems={t: [{'PutRequest': {'Item': {'PK': S(v)}}}]
                                      for t, v in values.items()})
            with self.subTest(name=name, check='nothing written'):
                self.assertItem('batch', {'PK': S(values[TABLES['batch']])}, None)


# ----------------------------------------------------- what an index projects

class IndexProjectionTest(FidelityTestCase):
    """A global index answers only what it projects; a local index fetches
    the rest from the table."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.p = S('ix-' + random_string(12))
        cls.g = S('g-' + random_string(12))
        cls.items = [
            {'PK': cls.p, 'SK': S('1'), 'GK': cls.g, 'GS': S('a'), 'LK': S('l1'), 'inc': S('i1'),
             'a': S('A1'), 'b': M(x=S('X1'), y=S('Y1'))},
            {'PK': cls.p, 'SK': S('2'), 'GK': cls.g, 'GS': S('b'), 'LK': S('l2'), 'inc': S('i2'),
             'a': S('A2'), 'b': M(x=S('X2'))},
        ]
        for item in cls.items:
            cls.ddb.put_item(TableName=TABLES['idx'], Item=item)

    def gq(self, index, **kwargs):
        """A Query of one of the global indexes, for GK = g."""
        if 'KeyConditions' not in kwargs:
            kwargs.setdefault('KeyConditionExpression', 'GK = :g')
            kwargs.setdefault('ExpressionAttributeValues', {}).update({':g': self.g})
        return self.ddb.query(TableName=TABLES['idx'], IndexName=index, **kwargs)

    def only(self, names):
        return [{n: it[n] for n in names if n in it} for it in self.items]

    def not_projected(self, index, names):
        # localstack#478 (a user's report of the service's error, one
        # attribute); several joined by ", " inside [] UNVERIFIED.
        return INVALID + f'Global secondary index {index} does not project [{", ".join(names)}]'

    def test_projection_expression_on_keys_only(self):
        cases = [
            ('b, a, PK', ['b', 'a']),
            # Each attribute once, in request order, whatever its paths.
            ('b.x, a, b.y, SK', ['b', 'a']),
            ('inc', ['inc']),
            ('LK, GK', ['LK']),
        ]
        for projection, missing in cases:
            with self.subTest(projection=projection):
                with self.assertDynamoError('ValidationException', self.not_projected('keys', missing)):
                    self.gq('keys', ProjectionExpression=projection)
        with self.assertDynamoError('ValidationException', self.not_projected('keys', ['b'])):
            self.gq('keys', ProjectionExpression='#b, GS', ExpressionAttributeNames={'#b': 'b'},
                    Select='SPECIFIC_ATTRIBUTES')

    def test_attributes_to_get_on_keys_only(self):
        with self.assertDynamoError('ValidationException', self.not_projected('keys', ['a', 'inc'])):
            self.gq('keys', KeyConditions={'GK': cond('EQ', self.g)},
                    AttributesToGet=['a', 'SK', 'inc'], Select='SPECIFIC_ATTRIBUTES')

    def test_scan_of_keys_only(self):
        with self.assertDynamoError('ValidationException', self.not_projected('keys', ['a'])):
            self.ddb.scan(TableName=TABLES['idx'], IndexName='keys', ProjectionExpression='GK, a')
        with self.assertDynamoError('ValidationException', self.not_projected('keys', ['inc'])):
            self.ddb.scan(TableName=TABLES['idx'], IndexName='keys', AttributesToGet=['inc'],
                          Select='SPECIFIC_ATTRIBUTES')

    def test_key_attributes_are_projected(self):
        # The table's keys and the index's keys.
        resp = self.gq('keys', ProjectionExpression='PK, SK, GK, GS')
        self.assertEqual(resp['Items'], self.only(('PK', 'SK', 'GK', 'GS')))
        resp = self.gq('keys', KeyConditions={'GK': cond('EQ', self.g)}, AttributesToGet=['GS', 'SK'],
                       Select='SPECIFIC_ATTRIBUTES')
        self.assertEqual(resp['Items'], self.only(('GS', 'SK')))

    def test_include(self):
        resp = self.gq('incl', ProjectionExpression='inc, GK, PK, SK')
        self.assertEqual(sorted(resp['Items'], key=lambda it: it['SK']['S']),
                         self.only(('inc', 'GK', 'PK', 'SK')))
        # GS is a key of the other index, not of this one.
        with self.assertDynamoError('ValidationException', self.not_projected('incl', ['a', 'GS'])):
            self.gq('incl', ProjectionExpression='inc, a, GS')
        with self.assertDynamoError('ValidationException', self.not_projected('incl', ['b'])):
            self.gq('incl', KeyConditions={'GK': cond('EQ', self.g)}, AttributesToGet=['inc', 'b'],
                    Select='SPECIFIC_ATTRIBUTES')

    def test_all_attributes_on_keys_only(self):
        # dynalite query.js (exact); localstack#805 (the service's text).
        with self.assertDynamoError(
                'ValidationException',
                INVALID + 'Select type ALL_ATTRIBUTES is not supported for global secondary index '
                'keys because its projection type is not ALL'):
            self.gq('keys', Select='ALL_ATTRIBUTES')

    def test_local_index_fetches_from_the_table(self):
        # Alternator test_lsi.py (run against AWS); Developer Guide, "Local
        # secondary indexes".
        kce = {'KeyConditionExpression': 'PK = :p', 'ExpressionAttributeValues': {':p': self.p}}
        resp = self.ddb.query(TableName=TABLES['idx'], IndexName='lsi',
                              ProjectionExpression='a, b.x, inc', **kce)
        self.assertEqual(resp['Items'], [{'a': S('A1'), 'b': M(x=S('X1')), 'inc': S('i1')},
                                         {'a': S('A2'), 'b': M(x=S('X2')), 'inc': S('i2')}])
        resp = self.ddb.query(TableName=TABLES['idx'], IndexName='lsi',
                              KeyConditions={'PK': cond('EQ', self.p)}, AttributesToGet=['a', 'inc'],
                              Select='SPECIFIC_ATTRIBUTES')
        self.assertEqual(resp['Items'], self.only(('a', 'inc')))
        resp = self.ddb.scan(TableName=TABLES['idx'], IndexName='lsi', ProjectionExpression='a',
                             FilterExpression='PK = :p', ExpressionAttributeValues={':p': self.p})
        self.assertEqual(sorted(resp['Items'], key=lambda it: it['a']['S']), self.only(('a',)))


# --------------------------------------------------------- ExclusiveStartKey

class StartKeyTest(FidelityTestCase):

    def test_sort_key_on_a_hash_only_table(self):
        # dynalite scan.js and query.js (exact).
        p = self.pk()
        self.put('hash', {'PK': p})
        start = {'PK': p, 'SK': S('a')}
        with self.assertDynamoError('ValidationException', MSG_BAD_START_KEY):
            self.ddb.scan(TableName=TABLES['hash'], ExclusiveStartKey=start)
        with self.assertDynamoError('ValidationException', MSG_BAD_START_KEY):
            self.ddb.query(TableName=TABLES['hash'], KeyConditionExpression='PK = :p',
                           ExpressionAttributeValues={':p': p}, ExclusiveStartKey=start)



# ---------------------------------------------------------- constraint messages

def java_put(table, s):
    """The Java toString of a TransactWriteItem putting {PK: {S: s}} in
    table, as the service echoes a TransactItems list (UNVERIFIED: the
    fields of Put and TransactWriteItem, rendered as the BatchWriteItem
    capture renders PutRequest; conformance accepts any "Value '[...]' at
    'transactItems'")."""
    return ('TransactWriteItem(conditionCheck=null, put=Put(item={PK=' + java_attribute_value(s)
            + '}, tableName=' + table + ', conditionExpression=null, '
            'expressionAttributeNames=null, expressionAttributeValues=null, '
            'returnValuesOnConditionCheckFailure=null), delete=null, update=null)')


def java_get(table, s):
    """The Java toString of a TransactGetItem getting {PK: {S: s}} from
    table (UNVERIFIED, as java_put)."""
    return ('TransactGetItem(get=Get(key={PK=' + java_attribute_value(s) + '}, tableName='
            + table + ', projectionExpression=null, expressionAttributeNames=null))')


class ConstraintMessagesTest(FidelityTestCase):
    """The service's constraint messages (dynamodb-conformance captures,
    2026; dynalite's tests, recorded against the service). Every request
    here is refused before anything is written."""

    def kce(self):
        return {'KeyConditionExpression': 'PK = :p', 'ExpressionAttributeValues': {':p': self.pk()}}

    def test_query_limit_zero(self):
        # The service's newer wording for Query: no value echoed, the member
        # capitalised (dynamodb-conformance error-message tests for Query,
        # 2026 captures, exact; Scan keeps the older shape below).
        with self.assertDynamoError(
                'ValidationException',
                "1 validation error detected: Value at 'Limit' failed to satisfy constraint: "
                "Member must have value greater than or equal to 1"):
            self.raw.query(TableName=TABLES['hash'], Limit=0, **self.kce())

    def test_scan_limit_zero(self):
        # dynamodb-conformance error-message tests for Scan, 2026 captures
        # (exact); the shape of dynalite's recorded constraint messages.
        with self.assertDynamoError(
                'ValidationException', one_error('0', 'limit', 'Member must have value greater '
                                                               'than or equal to 1')):
            self.raw.scan(TableName=TABLES['hash'], Limit=0)

    def test_empty_transact_items(self):
        # conformance tier3 error-messages transactWriteItems and
        # transactGetItems (exact).
        msg = one_error('[]', 'transactItems', 'Member must have length greater than or equal to 1')
        with self.assertDynamoError('ValidationException', msg):
            self.raw.transact_write_items(TransactItems=[])
        with self.assertDynamoError('ValidationException', msg):
            self.raw.transact_get_items(TransactItems=[])

    def test_empty_statement_lists(self):
        # The same constraint on the PartiQL lists, each at its own member
        # (UNVERIFIED: the pattern of the TransactItems capture).
        with self.assertDynamoError(
                'ValidationException',
                one_error('[]', 'statements', 'Member must have length greater than or equal to 1')):
            self.raw.batch_execute_statement(Statements=[])
        with self.assertDynamoError(
                'ValidationException',
                one_error('[]', 'transactStatements',
                          'Member must have length greater than or equal to 1')):
            self.raw.execute_transaction(TransactStatements=[])

    def test_101_transact_write_items(self):
        # The list is echoed whole, each action as the service's Java model
        # prints it (see java_put). Nothing is written.
        prefix = random_string(10)
        values = [f'{prefix}-{i}' for i in range(101)]
        echo = '[' + ', '.join(java_put(TABLES['hash'], v) for v in values) + ']'
        with self.assertDynamoError(
                'ValidationException',
                one_error(echo, 'transactItems', 'Member must have length less than or equal to 100')):
            self.raw.transact_write_items(TransactItems=[
                {'Put': {'TableName': TABLES['hash'], 'Item': {'PK': S(v)}}} for v in values])
        for v in (values[0], values[50], values[100]):
            self.assertItem('hash', {'PK': S(v)}, None)

    def test_101_transact_get_items(self):
        prefix = random_string(10)
        values = [f'{prefix}-{i}' for i in range(101)]
        echo = '[' + ', '.join(java_get(TABLES['hash'], v) for v in values) + ']'
        with self.assertDynamoError(
                'ValidationException',
                one_error(echo, 'transactItems', 'Member must have length less than or equal to 100')):
            self.raw.transact_get_items(TransactItems=[
                {'Get': {'TableName': TABLES['hash'], 'Key': {'PK': S(v)}}} for v in values])

    def test_bad_select(self):
        # dynalite validations/query.js and scan.js: Select's enum, in this
        # order, with the service's constraint wording (exact).
        msg = one_error('BAD', 'select', 'Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, '
                                         'COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]')
        with self.assertDynamoError('ValidationException', msg):
            self.raw.query(TableName=TABLES['hash'], Select='BAD', **self.kce())
        with self.assertDynamoError('ValidationException', msg):
            self.raw.scan(TableName=TABLES['hash'], Select='BAD')

    def test_create_table_without_table_name(self):
        # dynalite validations/createTable.js (TableName required) and
        # validations/index.js (the message for a required parameter
        # missing, exact). No table is created.
        before = self.ddb.list_tables()['TableNames']
        with self.assertDynamoError(
                'ValidationException',
                "The parameter 'TableName' is required but was not present in the request"):
            self.raw.create_table(BillingMode='PAY_PER_REQUEST', **harness.HASH_ONLY)
        self.assertEqual(self.ddb.list_tables()['TableNames'], before)

    def test_transaction_over_4_mb(self):
        # Eleven items of 390,000 bytes, each valid alone, 4.29 MB in all
        # (UNVERIFIED text: the service's limit of 4 MB per transaction is
        # documented, its message rests on no capture). Nothing is written;
        # ten of them (3.9 MB) go through.
        prefix = random_string(10)
        items = [harness.pad_item({'PK': S(f'{prefix}-{i}')}, 390000) for i in range(11)]
        with self.assertDynamoError('ValidationException',
                                    'Transaction request cannot be larger than 4 MB'):
            self.ddb.transact_write_items(TransactItems=[
                {'Put': {'TableName': TABLES['hash'], 'Item': item}} for item in items])
        for item in items:
            self.assertItem('hash', {'PK': item['PK']}, None)
        resp = self.ddb.transact_write_items(TransactItems=[
            {'Put': {'TableName': TABLES['hash'], 'Item': item}} for item in items[:10]])
        self.assertEqual(without_metadata(resp), {})
        self.assertItem('hash', {'PK': items[9]['PK']}, items[9])
        self.assertItem('hash', {'PK': items[10]['PK']}, None)


# ------------------------------------------------- legacy conditions' checks

class LegacyConditionChecksTest(FidelityTestCase):
    """The legacy conditions' checks, in the legacy API's words (dynalite
    query.js, whose validateConditions in validations/index.js runs the same
    checks over QueryFilter and KeyConditions, and scan.js over ScanFilter;
    exact). The table's sort key is a number."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.table = harness.range_table(cls.ddb, range_type='N')

    def kc(self, sk_condition=None):
        conditions = {'PK': cond('EQ', self.p)}
        if sk_condition:
            conditions['SK'] = sk_condition
        return conditions

    def setUp(self):
        self.p = self.pk()

    def assertRefused(self, msg, **kwargs):
        with self.assertDynamoError('ValidationException', msg):
            self.raw.query(TableName=self.table, **kwargs)

    def test_begins_with_a_number(self):
        msg = INVALID + 'ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type'
        self.assertRefused(msg, KeyConditions=self.kc(cond('BEGINS_WITH', N(1))))
        self.assertRefused(msg, KeyConditions=self.kc(), QueryFilter={'x': cond('BEGINS_WITH', N(1))})
        with self.assertDynamoError('ValidationException', msg):
            self.raw.scan(TableName=self.table, ScanFilter={'x': cond('BEGINS_WITH', N(1))})

    def test_between_bounds_reversed(self):
        # Numbers compare by value: 10 > 9, though '10' < '9' as text.
        msg = ('The BETWEEN condition was provided a range where the lower bound is greater '
               'than the upper bound')
        self.assertRefused(msg, KeyConditions=self.kc(cond('BETWEEN', N(10), N(9))))
        self.assertRefused(msg, KeyConditions=self.kc(cond('BETWEEN', N(5), N(-5))))
        self.put(self.table, {'PK': self.p, 'SK': N(9)})
        self.put(self.table, {'PK': self.p, 'SK': N(10)})
        resp = self.ddb.query(TableName=self.table, KeyConditions=self.kc(cond('BETWEEN', N(9), N(10))),
                              ConsistentRead=True)
        self.assertEqual(resp['Items'], [{'PK': self.p, 'SK': N(9)}, {'PK': self.p, 'SK': N(10)}])
        resp = self.ddb.query(TableName=self.table, KeyConditions=self.kc(cond('BETWEEN', N(10), N(10))),
                              ConsistentRead=True)
        self.assertEqual(resp['Items'], [{'PK': self.p, 'SK': N(10)}])

    def test_between_with_one_value(self):
        msg = INVALID + 'Invalid number of argument(s) for the BETWEEN ComparisonOperator'
        self.assertRefused(msg, KeyConditions=self.kc(cond('BETWEEN', N(1))))
        self.assertRefused(msg, KeyConditions=self.kc(cond('BETWEEN', N(1), N(2), N(3))))
        self.assertRefused(msg, KeyConditions=self.kc(), QueryFilter={'x': cond('BETWEEN', N(1))})

    def test_in_with_mixed_types(self):
        msg = INVALID + 'AttributeValues inside AttributeValueList must be of same type'
        self.assertRefused(msg, KeyConditions=self.kc(cond('IN', N(1), S('x'))))
        self.assertRefused(msg, KeyConditions=self.kc(), QueryFilter={'x': cond('IN', N(1), S('x'))})
        with self.assertDynamoError('ValidationException', msg):
            self.raw.scan(TableName=self.table, ScanFilter={'x': cond('IN', S('x'), N(1))})


# ------------------------------------------------ consumed capacity of reads

def read_units(sizes, consistent):
    """Capacity units of one page that read items of these sizes: summed,
    rounded up to 4 KB once, at least one unit; half when eventually
    consistent (Developer Guide, "Read consumption: Query/Scan")."""
    units = max(1, -(-sum(sizes) // 4096))
    return float(units) if consistent else units / 2


class ReadCapacityTest(FidelityTestCase):
    """ReturnConsumedCapacity of Query and Scan by the Developer Guide's
    rules ("Read consumption", Query and Scan; "Parallel scan"; "Global
    secondary indexes: read capacity"): the sizes of the items a page read
    are summed and rounded up to 4 KB once, half for an eventually
    consistent read; a page that reads nothing still costs the minimum;
    Scan is charged for every item it read, before the filter; Limit stops
    the page; Select COUNT costs the same; each segment of a parallel scan
    is a request of its own; a global index read is charged to the index,
    for the index entries' sizes (keys only for KEYS_ONLY), the table's arm
    0 under INDEXES. Sizes by harness.item_size (string attributes only)."""

    # Per-item rounding would charge 6 units for these; summed, 12,000
    # bytes are 3.
    SIZES = (1000, 2000, 3000, 500, 4000, 1500)
    # Global index items: 3,000 bytes each, of which 'inc' carries 2,000.
    G_SIZE = 3000

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ddb = cls.ddb
        cls.table = harness.module_table(
            ddb, [attr('PK', 'S'), attr('SK', 'S'), attr('GK', 'S')],
            [key('PK', 'HASH'), key('SK', 'RANGE')],
            GlobalSecondaryIndexes=[
                {'IndexName': 'keys', 'KeySchema': [key('GK', 'HASH')],
                 'Projection': {'ProjectionType': 'KEYS_ONLY'}},
                {'IndexName': 'all', 'KeySchema': [key('GK', 'HASH')],
                 'Projection': {'ProjectionType': 'ALL'}},
                {'IndexName': 'incl', 'KeySchema': [key('GK', 'HASH')],
                 'Projection': {'ProjectionType': 'INCLUDE', 'NonKeyAttributes': ['inc']}}])
        cls.empty = harness.hash_table(ddb)
        cls.p = S('rc-' + random_string(12))
        cls.items = [harness.pad_item({'PK': cls.p, 'SK': S(f's{i}')}, size)
                     for i, size in enumerate(cls.SIZES)]
        cls.g = S('g-' + random_string(12))
        cls.g_items = [harness.pad_item({'PK': S(f'gp{i}'), 'SK': S('x'), 'GK': cls.g,
                                         'inc': S(str(i) * 2000)}, cls.G_SIZE)
                       for i in range(3)]
        for item in cls.items + cls.g_items:
            ddb.put_item(TableName=cls.table, Item=item)
        cls.all_items = cls.items + cls.g_items

    def total(self, units, table=None):
        return {'TableName': table or self.table, 'CapacityUnits': units}

    def query(self, **kwargs):
        kwargs.setdefault('KeyConditionExpression', 'PK = :p')
        kwargs.setdefault('ExpressionAttributeValues', {':p': self.p})
        return self.ddb.query(TableName=self.table, **kwargs)

    def scan(self, **kwargs):
        kwargs.setdefault('TableName', self.table)
        return self.ddb.scan(**kwargs)

    def test_query_sums_then_rounds_once(self):
        sizes = [harness.item_size(it) for it in self.items]
        self.assertEqual(read_units(sizes, True), 3.0)
        for consistent in (True, False):
            with self.subTest(consistent=consistent):
                resp = self.query(ConsistentRead=consistent, ReturnConsumedCapacity='TOTAL')
                self.assertEqual(resp['Count'], 6)
                self.assertEqual(resp['ConsumedCapacity'], self.total(read_units(sizes, consistent)))
                resp = self.query(ConsistentRead=consistent, ReturnConsumedCapacity='INDEXES')
                units = read_units(sizes, consistent)
                self.assertEqual(resp['ConsumedCapacity'],
                                 dict(self.total(units), Table={'CapacityUnits': units}))

    def test_query_limit_and_filter(self):
        sizes = [harness.item_size(it) for it in self.items]
        # Limit 3 reads s0..s2: 6,000 bytes, 2 units.
        resp = self.query(ConsistentRead=True, Limit=3, ReturnConsumedCapacity='TOTAL')
        self.assertEqual(resp['ConsumedCapacity'], self.total(read_units(sizes[:3], True)))
        self.assertEqual(resp['ConsumedCapacity'], self.total(2.0))
        # A filter that keeps nothing: the items were read all the same.
        resp = self.query(ConsistentRead=True, FilterExpression='attribute_exists(nothing)',
                          ReturnConsumedCapacity='TOTAL')
        self.assertEqual((resp['Count'], resp['ScannedCount']), (0, 6))
        self.assertEqual(resp['ConsumedCapacity'], self.total(read_units(sizes, True)))
        resp = self.query(Select='COUNT', ReturnConsumedCapacity='TOTAL')
        self.assertEqual(resp['Count'], 6)
        self.assertEqual(resp['ConsumedCapacity'], self.total(read_units(sizes, False)))

    def test_query_of_nothing_costs_the_minimum(self):
        for consistent, units in ((True, 1.0), (False, 0.5)):
            with self.subTest(consistent=consistent):
                resp = self.query(ExpressionAttributeValues={':p': self.pk()},
                                  ConsistentRead=consistent, ReturnConsumedCapacity='TOTAL')
                self.assertEqual(resp['Count'], 0)
                self.assertEqual(resp['ConsumedCapacity'], self.total(units))

    def test_scan_is_charged_for_every_item_read(self):
        sizes = [harness.item_size(it) for it in self.all_items]
        for consistent in (True, False):
            with self.subTest(consistent=consistent):
                resp = self.scan(ConsistentRead=consistent, ReturnConsumedCapacity='TOTAL')
                self.assertEqual(resp['Count'], 9)
                self.assertEqual(resp['ConsumedCapacity'], self.total(read_units(sizes, consistent)))
                resp = self.scan(ConsistentRead=consistent, FilterExpression='SK = :none',
                                 ExpressionAttributeValues={':none': S('none')},
                                 ReturnConsumedCapacity='TOTAL')
                self.assertEqual((resp['Count'], resp['ScannedCount']), (0, 9))
                self.assertEqual(resp['ConsumedCapacity'], self.total(read_units(sizes, consistent)))
                resp = self.scan(ConsistentRead=consistent, Select='COUNT',
                                 ReturnConsumedCapacity='INDEXES')
                units = read_units(sizes, consistent)
                self.assertEqual(resp['ConsumedCapacity'],
                                 dict(self.total(units), Table={'CapacityUnits': units}))

    def test_scan_limit_stops_the_page(self):
        first = self.scan(Limit=4, ConsistentRead=True, ReturnConsumedCapacity='TOTAL')
        self.assertEqual(first['Count'], 4)
        sizes = [harness.item_size(it) for it in first['Items']]
        self.assertEqual(first['ConsumedCapacity'], self.total(read_units(sizes, True)))
        # The same four items, filtered out: the same charge.
        resp = self.scan(Limit=4, ConsistentRead=True, FilterExpression='SK = :none',
                         ExpressionAttributeValues={':none': S('none')},
                         ReturnConsumedCapacity='TOTAL')
        self.assertEqual((resp['Count'], resp['ScannedCount']), (0, 4))
        self.assertEqual(resp['ConsumedCapacity'], first['ConsumedCapacity'])
        # The rest of the table, on the next page.
        rest = self.scan(ExclusiveStartKey=first['LastEvaluatedKey'], ReturnConsumedCapacity='TOTAL')
        self.assertEqual(rest['Count'], 5)
        self.assertEqual(rest['ConsumedCapacity'],
                         self.total(read_units([harness.item_size(it) for it in rest['Items']], False)))

    def test_scan_of_nothing_costs_the_minimum(self):
        for consistent, units in ((True, 1.0), (False, 0.5)):
            with self.subTest(consistent=consistent):
                resp = self.scan(TableName=self.empty, ConsistentRead=consistent,
                                 ReturnConsumedCapacity='INDEXES')
                self.assertEqual(resp['Count'], 0)
                self.assertEqual(resp['ConsumedCapacity'],
                                 dict(self.total(units, self.empty), Table={'CapacityUnits': units}))

    def test_each_parallel_scan_segment_is_charged_alone(self):
        # Sixteen segments for nine items: most read nothing and still cost
        # the minimum.
        seen = []
        charged = 0
        for segment in range(16):
            with self.subTest(segment=segment):
                resp = self.scan(Segment=segment, TotalSegments=16, ReturnConsumedCapacity='TOTAL')
                self.assertNotIn('LastEvaluatedKey', resp)
                sizes = [harness.item_size(it) for it in resp['Items']]
                self.assertEqual(resp['ConsumedCapacity'], self.total(read_units(sizes, False)))
                seen += resp['Items']
                charged += resp['ConsumedCapacity']['CapacityUnits']
        key_of = lambda it: (it['PK']['S'], it['SK']['S'])  # noqa: E731
        self.assertEqual(sorted(seen, key=key_of), sorted(self.all_items, key=key_of))
        self.assertGreaterEqual(charged, 16 * 0.5)

    def index_entry(self, item, names):
        return {n: item[n] for n in names if n in item}

    def test_global_index_reads_are_charged_to_the_index(self):
        keys = ('PK', 'SK', 'GK')
        cases = [
            ('keys', [self.index_entry(it, keys) for it in self.g_items]),
            ('all', self.g_items),
            ('incl', [self.index_entry(it, keys + ('inc',)) for it in self.g_items]),
        ]
        expected_units = {'keys': 0.5, 'all': 1.5, 'incl': 1.0}
        for index, entries in cases:
            units = read_units([harness.item_size(e) for e in entries], False)
            self.assertEqual(units, expected_units[index])
            indexes = dict(self.total(units), Table={'CapacityUnits': 0.0},
                           GlobalSecondaryIndexes={index: {'CapacityUnits': units}})
            with self.subTest(index=index, op='Query'):
                resp = self.query(IndexName=index, KeyConditionExpression='GK = :g',
                                  ExpressionAttributeValues={':g': self.g},
                                  ReturnConsumedCapacity='INDEXES')
                self.assertEqual(resp['Count'], 3)
                self.assertEqual(resp['ConsumedCapacity'], indexes)
                resp = self.query(IndexName=index, KeyConditionExpression='GK = :g',
                                  ExpressionAttributeValues={':g': self.g}, Select='COUNT',
                                  ReturnConsumedCapacity='TOTAL')
                self.assertEqual(resp['ConsumedCapacity'], self.total(units))
            with self.subTest(index=index, op='Scan'):
                # The index holds these three entries only.
                resp = self.scan(IndexName=index, ReturnConsumedCapacity='INDEXES')
                self.assertEqual(resp['Count'], 3)
                self.assertEqual(resp['ConsumedCapacity'], indexes)


# ------------------------------------------------- operations not served

class OperationsNotServedTest(FidelityTestCase):
    """The service's operations (its API Reference) that dynarock does not
    serve answer UnknownOperationException, as the service answers a name
    it does not know, with a message naming the operation; a name the
    service does not have either gets the service's bare answer, no message
    (dynalite test/connection.js, recorded against the service)."""

    NOT_SERVED = (
        'CreateBackup', 'CreateGlobalTable', 'DeleteBackup', 'DeleteResourcePolicy',
        'DescribeBackup', 'DescribeContributorInsights', 'DescribeExport', 'DescribeGlobalTable',
        'DescribeGlobalTableSettings', 'DescribeImport', 'DescribeKinesisStreamingDestination',
        'DescribeTableReplicaAutoScaling', 'DisableKinesisStreamingDestination',
        'EnableKinesisStreamingDestination', 'ExportTableToPointInTime', 'GetResourcePolicy',
        'ImportTable', 'ListBackups', 'ListContributorInsights', 'ListExports', 'ListGlobalTables',
        'ListImports', 'PutResourcePolicy', 'RestoreTableFromBackup', 'RestoreTableToPointInTime',
        'UpdateContributorInsights', 'UpdateGlobalTable', 'UpdateGlobalTableSettings',
        'UpdateKinesisStreamingDestination', 'UpdateTableReplicaAutoScaling',
    )

    def test_operations_not_served(self):
        for op in self.NOT_SERVED:
            with self.subTest(operation=op):
                self.assertRawError(
                    harness.raw_request(op, {'TableName': TABLES['hash']}), 400,
                    harness.TYPE_UNKNOWN_OPERATION,
                    f'dynarock does not implement the DynamoDB operation {op}')

    def test_through_boto3(self):
        with self.assertDynamoError('UnknownOperationException',
                                    'dynarock does not implement the DynamoDB operation CreateBackup'):
            self.ddb.create_backup(TableName=TABLES['hash'], BackupName='backup1')

    def test_names_the_service_does_not_have(self):
        # dynalite connection.js "should return UnknownOperationException if
        # incorrect target operation" (DynamoDB_20120810.ListTable, unsigned)
        # and "if incorrect target" ('whatever'): exact, no message at all.
        # The other targets (a served name in the wrong case, under another
        # API's prefix) are UNVERIFIED: names the service does not have
        # either.
        self.assertRawError(harness.raw_request('DynamoDB_20120810.ListTable', {}, auth=False),
                            400, harness.TYPE_UNKNOWN_OPERATION)
        self.assertRawError(harness.raw_request('ListTables', {}, auth=False,
                                                extra_headers={'X-Amz-Target': 'whatever'}),
                            400, harness.TYPE_UNKNOWN_OPERATION)
        for target in ('DynamoDB_20120810.ListTable', 'DynamoDB_20120810.createBackup',
                       'DynamoDB_20111205.CreateBackup', 'DynamoDBStreams_20120810.CreateBackup'):
            with self.subTest(target=target):
                result = harness.raw_request(target, {})
                self.assertRawError(result, 400, harness.TYPE_UNKNOWN_OPERATION)


# ------------------------------------------------------------- set order

class SetOrderTest(FidelityTestCase):
    """Sets come back sorted whatever order they were written in: strings
    and binaries by their bytes (UTF-8 for strings), numbers by value. The
    service leaves set order unspecified; DynamoDB Local returns sets sorted,
    and suites written against it expect that order."""

    SS_IN = ['pear', 'Apple', 'apple', '10', '9', '\U0001F600', '\uFF61', 'é']
    # By UTF-8 bytes: U+FF61 (EF BD A1) before U+1F600 (F0 9F 98 80), though
    # UTF-16 would put the surrogate pair first.
    SS_OUT = ['10', '9', 'Apple', 'apple', 'pear', 'é', '\uFF61', '\U0001F600']
    NS_IN = ['10', '9', '-1', '1.5', '1E2', '-0.5']
    NS_OUT = ['-1', '-0.5', '1.5', '9', '10', '100']
    # By unsigned bytes.
    BS_IN = [b'\xff', b'a', b'\x00\x01', b'A', b'\x00', b'\x80']
    BS_OUT = [b'\x00', b'\x00\x01', b'A', b'a', b'\x80', b'\xff']

    def sets_item(self, k):
        return dict(k, ss={'SS': list(self.SS_IN)}, ns={'NS': list(self.NS_IN)},
                    bs={'BS': list(self.BS_IN)})

    def sorted_item(self, k):
        return dict(k, ss={'SS': self.SS_OUT}, ns={'NS': self.NS_OUT}, bs={'BS': self.BS_OUT})

    def test_get_item(self):
        k = {'PK': self.pk()}
        self.put('hash', self.sets_item(k))
        self.assertEqual(self.item('hash', k), self.sorted_item(k))

    def test_query_and_scan(self):
        p = self.pk()
        k = {'PK': p, 'SK': S('a')}
        self.put('range', self.sets_item(k))
        resp = self.ddb.query(TableName=TABLES['range'], KeyConditionExpression='PK = :p',
                              ExpressionAttributeValues={':p': p})
        self.assertEqual(resp['Items'], [self.sorted_item(k)])
        resp = self.ddb.scan(TableName=TABLES['range'], FilterExpression='PK = :p',
                             ExpressionAttributeValues={':p': p})
        self.assertEqual(resp['Items'], [self.sorted_item(k)])
        resp = self.ddb.query(TableName=TABLES['range'], KeyConditionExpression='PK = :p',
                              ExpressionAttributeValues={':p': p}, ProjectionExpression='ns')
        self.assertEqual(resp['Items'], [{'ns': {'NS': self.NS_OUT}}])

    def test_update_item_add(self):
        k = {'PK': self.pk()}
        self.put('hash', self.sets_item(k))
        resp = self.ddb.update_item(
            TableName=TABLES['hash'], Key=k, UpdateExpression='ADD ss :s, ns :n, bs :b',
            ExpressionAttributeValues={':s': {'SS': ['banana', 'Zed', '0']},
                                       ':n': {'NS': ['5', '-100', '0.25']},
                                       ':b': {'BS': [b'\x7f', b'B']}},
            ReturnValues='ALL_NEW')
        expected = dict(k, ss={'SS': ['0', '10', '9', 'Apple', 'Zed', 'apple', 'banana', 'pear',
                                      'é', '\uFF61', '\U0001F600']},
                        ns={'NS': ['-100', '-1', '-0.5', '0.25', '1.5', '5', '9', '10', '100']},
                        bs={'BS': [b'\x00', b'\x00\x01', b'A', b'B', b'a', b'\x7f', b'\x80',
                                   b'\xff']})
        self.assertEqual(resp['Attributes'], expected)
        self.assertEqual(self.item('hash', k), expected)
        # A set created by ADD, and UPDATED_NEW.
        resp = self.ddb.update_item(
            TableName=TABLES['hash'], Key=k, UpdateExpression='ADD fresh :n',
            ExpressionAttributeValues={':n': {'NS': ['3', '-2', '20', '1e1']}},
            ReturnValues='UPDATED_NEW')
        self.assertEqual(resp['Attributes'], {'fresh': {'NS': ['-2', '3', '10', '20']}})

    def test_put_item_all_old_and_update_all_new(self):
        k = {'PK': self.pk()}
        self.put('hash', self.sets_item(k))
        resp = self.put('hash', dict(k), ReturnValues='ALL_OLD')
        self.assertEqual(resp['Attributes'], self.sorted_item(k))
        resp = self.ddb.update_item(
            TableName=TABLES['hash'], Key=k, UpdateExpression='SET ss = :s',
            ExpressionAttributeValues={':s': {'SS': list(self.SS_IN)}}, ReturnValues='ALL_NEW')
        self.assertEqual(resp['Attributes'], dict(k, ss={'SS': self.SS_OUT}))


if __name__ == '__main__':
    unittest.main()
