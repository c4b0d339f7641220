"""Query and Scan through boto3 and raw HTTP: key conditions on S, N and B
sort keys, the legacy KeyConditions, ScanIndexForward, Limit and
LastEvaluatedKey paging, the 1 MB page, Count and ScannedCount with filters,
Select and ProjectionExpression against ALL, KEYS_ONLY and INCLUDE indexes,
consumed capacity, the service's validation messages, sort order property
tests, Scan with paging, filters and parallel segments, sparse indexes and
index maintenance.

Expected values are the real service's (us-east-1). Sources are named where
the service surprises or where an exact message is relied on:
  - dynamodb-conformance (nubo-db): exact captures against the service, 2026
    (tests/tier3/error-messages/query.test.ts and scan.test.ts, tier1
    query/select, scan/parallel, consumedCapacity, gsiHashOnlyPagination);
  - dynalite test/query.js and test/scan.js (recorded against the service);
  - DynamoDB Local's own messages (its decompiled ErrorFactory and
    PaginatingFunction), which mirror the service's;
  - ScyllaDB Alternator test/alternator/test_query.py,
    test_key_condition_expression.py (run against the service; they match
    messages loosely, so they support behaviour, not wording);
  - the Developer Guide ("Query", "Scan", "Paginating", "Read consumption").
"UNVERIFIED" marks a value resting on one older source or on inference;
"REGIONAL" marks a message whose wording differs between regions.

Shared tables, one per key schema, with random partition keys per test
(STYLE.md); tests that Scan create their own table, since a Scan sees every
item in a table.

Run: DYNAROCK_BIN=build/dynarock python3 -m unittest tests/client/test_query_scan.py
"""

import decimal
import operator
import os
import random
import sys
import unittest


sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import harness  # noqa: E402
from harness import S, N, B, attr, key  # noqa: E402
from harness import (MSG_NOT_FOUND, MSG_SCHEMA, TYPE_VALIDATION,  # noqa: E402
                     SharedTablesTestCase, pad_item, random_string,
                     unique_table_name, without_metadata)

TABLES = {}

# Messages relied on by more than one test.
MSG_GSI_CONSISTENT = 'Consistent reads are not supported on global secondary indexes'
MSG_TYPE_MISMATCH = ('One or more parameter values were invalid: '
                     'Condition parameter type does not match schema type')


def gsi(name, hash_, range_=None, projection='ALL', non_key=None):
    schema = [key(hash_, 'HASH')] + ([key(range_, 'RANGE')] if range_ else [])
    proj = {'ProjectionType': projection}
    if non_key:
        proj['NonKeyAttributes'] = non_key
    return {'IndexName': name, 'KeySchema': schema, 'Projection': proj}


def lsi(name, range_, projection='ALL', non_key=None):
    index = gsi(name, 'PK', range_, projection, non_key)
    return index


INDEXED_ATTRS = [attr('PK', 'S'), attr('SK', 'S'), attr('GK', 'S'), attr('GS', 'S'),
                 attr('LS', 'S')]
INDEXED_GSIS = [
    gsi('gsi_all', 'GK', 'GS'),
    gsi('gsi_keys', 'GK', 'GS', 'KEYS_ONLY'),
    gsi('gsi_incl', 'GK', 'GS', 'INCLUDE', ['inc1', 'inc2']),
    gsi('gsi_hash', 'GK'),
]
INDEXED_LSIS = [
    lsi('lsi_all', 'LS'),
    lsi('lsi_keys', 'LS', 'KEYS_ONLY'),
    lsi('lsi_incl', 'LS', 'INCLUDE', ['inc1']),
]


def setUpModule():
    harness.start_module_server()
    ddb = harness.client()
    TABLES['ss'] = harness.range_table(ddb)
    TABLES['sn'] = harness.range_table(ddb, 'S', 'N')
    TABLES['sb'] = harness.range_table(ddb, 'S', 'B')
    TABLES['hash'] = harness.hash_table(ddb)
    TABLES['idx'] = harness.module_table(
        ddb, INDEXED_ATTRS, [key('PK', 'HASH'), key('SK', 'RANGE')],
        GlobalSecondaryIndexes=INDEXED_GSIS, LocalSecondaryIndexes=INDEXED_LSIS)


def tearDownModule():
    harness.stop_module_server()


# --- reference values ------------------------------------------------------

def normalized_number(text):
    """The service's normalized form of a number: plain notation, no
    trailing zeros, no '+', '-0' as '0' (tests/client/test_items.py
    NumberTest pins the form against dynalite's recorded outputs)."""
    d = decimal.Decimal(text)
    if d == 0:
        return '0'
    d = d.normalize(decimal.Context(prec=60))
    return format(d, 'f')


def sort_value(av):
    """A sort key's value in the service's order: strings by UTF-8 bytes
    (Python orders str by code point, which is the same order), numbers by
    value, binaries by unsigned bytes."""
    (kind, v), = av.items()
    if kind == 'S':
        return v.encode('utf-8')
    if kind == 'N':
        return decimal.Decimal(v)
    return bytes(v)


class QueryTestCase(SharedTablesTestCase):

    TABLES = TABLES

    def table(self, name):
        return TABLES[name]

    def put_all(self, table, items):
        for item in items:
            self.put(table, item)

    def query(self, table, **kwargs):
        return without_metadata(self.ddb.query(TableName=self.name_of(table), **kwargs))

    def scan(self, table, **kwargs):
        return without_metadata(self.ddb.scan(TableName=self.name_of(table), **kwargs))

    def all_pages(self, op, table, **kwargs):
        """Every page of a Query or Scan, following LastEvaluatedKey."""
        pages = []
        start = None
        while True:
            args = dict(kwargs)
            if start is not None:
                args['ExclusiveStartKey'] = start
            resp = op(table, **args)
            pages.append(resp)
            start = resp.get('LastEvaluatedKey')
            if start is None:
                return pages
            self.assertLess(len(pages), 10000, 'paging does not end')

    def items_of(self, pages):
        return [it for page in pages for it in page.get('Items', [])]

    def assertQueryResult(self, resp, items, scanned=None, last_key=None):
        """The whole response: Items, Count, ScannedCount and, when given,
        LastEvaluatedKey."""
        want = {'Items': items, 'Count': len(items),
                'ScannedCount': len(items) if scanned is None else scanned}
        if last_key is not None:
            want['LastEvaluatedKey'] = last_key
        self.assertEqual(resp, want)

    def assertRawValidation(self, target, body, message):
        self.assertRawError(harness.raw_request(target, body), 400, TYPE_VALIDATION, message)


# --- key conditions --------------------------------------------------------

class KeyConditionStringTest(QueryTestCase):
    """Every sort key operator on an S sort key, against a reference filter
    and sort (strings order by UTF-8 bytes: 'B' < 'a' < 'é' < '日')."""

    SORT_KEYS = ['1', '10', '2', 'A', 'B', 'a', 'a b', 'a&b', 'aa', 'ab', 'abc', 'b', 'ba',
                 'z', '\u00e9', '\u00e9t\u00e9', '\u00ff', '\u65e5\u672c', '\U0001f600']

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.p = S(random_string(16))
        cls.items = [{'PK': cls.p, 'SK': S(sk), 'v': S(sk * 2)} for sk in cls.SORT_KEYS]
        for item in cls.items:
            cls.ddb.put_item(TableName=TABLES['ss'], Item=item)
        # A neighbouring partition that no query of p may return.
        for sk in ('a', 'b', 'zz'):
            cls.ddb.put_item(TableName=TABLES['ss'], Item={'PK': S(cls.p['S'] + 'x'), 'SK': S(sk)})
        cls.sorted_items = sorted(cls.items, key=lambda it: sort_value(it['SK']))

    def expect(self, predicate):
        return [it for it in self.sorted_items if predicate(it['SK']['S'].encode('utf-8'))]

    CASES = [
        ('PK = :p', {}, lambda k: True),
        ('PK = :p AND SK = :v', {':v': 'ab'}, lambda k: k == b'ab'),
        ('PK = :p AND SK < :v', {':v': 'b'}, lambda k: k < b'b'),
        ('PK = :p AND SK <= :v', {':v': 'b'}, lambda k: k <= b'b'),
        ('PK = :p AND SK > :v', {':v': 'b'}, lambda k: k > b'b'),
        ('PK = :p AND SK >= :v', {':v': 'b'}, lambda k: k >= b'b'),
        ('PK = :p AND SK BETWEEN :lo AND :hi', {':lo': 'a', ':hi': 'b'},
         lambda k: b'a' <= k <= b'b'),
        ('PK = :p AND SK BETWEEN :lo AND :hi', {':lo': 'ab', ':hi': 'ab'}, lambda k: k == b'ab'),
        ('PK = :p AND begins_with(SK, :v)', {':v': 'a'}, lambda k: k.startswith(b'a')),
        ('PK = :p AND begins_with(SK, :v)', {':v': 'ab'}, lambda k: k.startswith(b'ab')),
        ('PK = :p AND begins_with(SK, :v)', {':v': '\u00e9'},
         lambda k: k.startswith('\u00e9'.encode())),
        ('PK = :p AND begins_with(SK, :v)', {':v': 'zz'}, lambda k: False),
        ('PK = :p AND SK > :v', {':v': '\u00ff'}, lambda k: k > '\u00ff'.encode()),
        # The value may stand on the left (conformance keyConditionSemantics,
        # Alternator test_key_condition_expression_num_lt_reverse).
        (':p = PK AND :v <= SK', {':v': 'b'}, lambda k: k >= b'b'),
        (':p = PK AND :v > SK', {':v': 'b'}, lambda k: k < b'b'),
        # Either order of the two conditions, and keywords in any case
        # (Alternator test_key_condition_expression_order, _case_insensitive).
        ('SK < :v AND PK = :p', {':v': 'b'}, lambda k: k < b'b'),
        ('PK = :p and SK between :lo AnD :hi', {':lo': 'a', ':hi': 'b'},
         lambda k: b'a' <= k <= b'b'),
        # Whitespace is free.
        ('  PK=:p   AND   SK>=:v ', {':v': 'z'}, lambda k: k >= b'z'),
    ]

    def run_case(self, expr, values, predicate, forward):
        eav = {':p': self.p, **{k: S(v) for k, v in values.items()}}
        resp = self.query('ss', KeyConditionExpression=expr, ExpressionAttributeValues=eav,
                          ScanIndexForward=forward, ConsistentRead=True)
        want = self.expect(predicate)
        if not forward:
            want = list(reversed(want))
        self.assertQueryResult(resp, want)

    def test_operators_forward(self):
        for expr, values, predicate in self.CASES:
            with self.subTest(expr=expr, values=values):
                self.run_case(expr, values, predicate, True)

    def test_operators_backward(self):
        for expr, values, predicate in self.CASES:
            with self.subTest(expr=expr, values=values):
                self.run_case(expr, values, predicate, False)

    def test_attribute_names_stand_for_the_keys(self):
        resp = self.query('ss', KeyConditionExpression='#k = :p AND begins_with(#s, :v)',
                          ExpressionAttributeNames={'#k': 'PK', '#s': 'SK'},
                          ExpressionAttributeValues={':p': self.p, ':v': S('a')})
        self.assertQueryResult(resp, self.expect(lambda k: k.startswith(b'a')))

    def test_an_empty_partition_is_an_empty_page(self):
        resp = self.query('ss', KeyConditionExpression='PK = :p',
                          ExpressionAttributeValues={':p': self.pk()})
        self.assertEqual(resp, {'Items': [], 'Count': 0, 'ScannedCount': 0})


class KeyConditionNumberTest(QueryTestCase):
    """N sort keys order by value: negatives, fractions, exponents and 38
    significant digits (dynalite "should return items in order for
    numbers")."""

    SORT_KEYS = ['-1e10', '-99.1', '-10.1', '-9', '-1.01', '-1', '-0.1', '-0.09', '-0.01',
                 '-1E-130', '0', '1E-130', '0.01', '0.09', '0.1', '0.9', '1', '1.1', '1.9', '9',
                 '9.1', '10.1', '10.9', '99.1', '1e10',
                 '12345678901234567890123456789012345678',
                 '-12345678901234567890123456789012345678',
                 '1.0000000000000000000000000000000000001',
                 '9.9999999999999999999999999999999999999E+125',
                 '-9.9999999999999999999999999999999999999E+125']

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.p = S(random_string(16))
        shuffled = list(cls.SORT_KEYS)
        random.Random(7).shuffle(shuffled)
        for sk in shuffled:
            cls.ddb.put_item(TableName=TABLES['sn'], Item={'PK': cls.p, 'SK': N(sk)})
        cls.sorted_keys = sorted(cls.SORT_KEYS, key=decimal.Decimal)

    def expect(self, predicate):
        return [{'PK': self.p, 'SK': N(normalized_number(k))}
                for k in self.sorted_keys if predicate(decimal.Decimal(k))]

    CASES = [
        ('PK = :p', {}, lambda k: True),
        ('PK = :p AND SK = :v', {':v': '10.10'}, lambda k: k == decimal.Decimal('10.1')),
        ('PK = :p AND SK < :v', {':v': '0'}, lambda k: k < 0),
        ('PK = :p AND SK <= :v', {':v': '-1'}, lambda k: k <= -1),
        ('PK = :p AND SK > :v', {':v': '9.1'}, lambda k: k > decimal.Decimal('9.1')),
        ('PK = :p AND SK >= :v', {':v': '1e1'}, lambda k: k >= 10),
        ('PK = :p AND SK BETWEEN :lo AND :hi', {':lo': '-1', ':hi': '1'},
         lambda k: -1 <= k <= 1),
        ('PK = :p AND SK BETWEEN :lo AND :hi', {':lo': '-1E-130', ':hi': '1E-130'},
         lambda k: decimal.Decimal('-1E-130') <= k <= decimal.Decimal('1E-130')),
        ('PK = :p AND SK > :v', {':v': '12345678901234567890123456789012345677'},
         lambda k: k > decimal.Decimal('12345678901234567890123456789012345677')),
    ]

    def test_operators_both_ways(self):
        for expr, values, predicate in self.CASES:
            for forward in (True, False):
                with self.subTest(expr=expr, values=values, forward=forward):
                    eav = {':p': self.p, **{k: N(v) for k, v in values.items()}}
                    resp = self.query('sn', KeyConditionExpression=expr,
                                      ExpressionAttributeValues=eav, ScanIndexForward=forward)
                    want = self.expect(predicate)
                    self.assertQueryResult(resp, want if forward else list(reversed(want)))

    BEGINS_WITH_N = ('Invalid KeyConditionExpression: Incorrect operand type for operator or '
                     'function; operator or function: begins_with, operand type: N')

    def test_begins_with_is_refused_on_a_number_key(self):
        # conformance kceValidationOrdering (contains); ElectroDB's tests
        # quote the same text from the service.
        with self.assertDynamoError('ValidationException', self.BEGINS_WITH_N):
            self.query('sn', KeyConditionExpression='PK = :p AND begins_with(SK, :v)',
                       ExpressionAttributeValues={':p': self.p, ':v': N('1')})

    def test_begins_with_on_a_number_is_refused_before_the_table_lookup(self):
        # Refused while parsing the expression, before the table is even
        # looked up (conformance kceValidationOrdering, "a bad operand is
        # reported ahead of a missing table", eu-west-2 2026-10).
        with self.assertDynamoError('ValidationException', self.BEGINS_WITH_N):
            self.ddb.query(TableName=unique_table_name(),
                           KeyConditionExpression='PK = :p AND begins_with(SK, :v)',
                           ExpressionAttributeValues={':p': self.p, ':v': N('1')})

    def test_a_string_value_on_a_number_key_is_a_type_mismatch(self):
        # dynalite query.js "should return ValidationException for mismatching
        # param type"; DynamoDB Local INCONSISTENT_CONDITION_PARAMETER.
        with self.assertDynamoError('ValidationException', MSG_TYPE_MISMATCH):
            self.query('sn', KeyConditionExpression='PK = :p AND SK > :v',
                       ExpressionAttributeValues={':p': self.p, ':v': S('1')})

    def test_between_with_bounds_reversed(self):
        # The operands are rendered {N:5}: a service log quotes
        # "lower bound operand: AttributeValue: {N:1691691033195}".
        with self.assertDynamoError(
                'ValidationException',
                'Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be '
                'greater than or equal to lower bound; lower bound operand: AttributeValue: {N:5}, '
                'upper bound operand: AttributeValue: {N:3}'):
            self.query('sn', KeyConditionExpression='PK = :p AND SK BETWEEN :lo AND :hi',
                       ExpressionAttributeValues={':p': self.p, ':lo': N('5'), ':hi': N('3')})


class KeyConditionBinaryTest(QueryTestCase):
    """B sort keys order by unsigned bytes: 0x7f < 0x80 < 0xff (Alternator
    test_key_condition_expression_unsigned_bytes; dynalite "should return
    items in order for binary")."""

    SORT_KEYS = [b'\x00', b'\x00\x00', b'\x01', b'\x7f', b'\x80', b'\x80\x00', b'\xfe', b'\xff',
                 b'\xff\x00', b'\xff\xff', b'a', b'ab', b'abc', b'b']

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.p = S(random_string(16))
        for sk in cls.SORT_KEYS:
            cls.ddb.put_item(TableName=TABLES['sb'], Item={'PK': cls.p, 'SK': B(sk)})

    CASES = [
        ('PK = :p', {}, lambda k: True),
        ('PK = :p AND SK = :v', {':v': b'\x80'}, lambda k: k == b'\x80'),
        ('PK = :p AND SK < :v', {':v': b'\x80'}, lambda k: k < b'\x80'),
        ('PK = :p AND SK <= :v', {':v': b'\x80'}, lambda k: k <= b'\x80'),
        ('PK = :p AND SK > :v', {':v': b'\x7f'}, lambda k: k > b'\x7f'),
        ('PK = :p AND SK >= :v', {':v': b'\xff'}, lambda k: k >= b'\xff'),
        ('PK = :p AND SK BETWEEN :lo AND :hi', {':lo': b'\x01', ':hi': b'\x80'},
         lambda k: b'\x01' <= k <= b'\x80'),
        ('PK = :p AND begins_with(SK, :v)', {':v': b'\xff'}, lambda k: k.startswith(b'\xff')),
        ('PK = :p AND begins_with(SK, :v)', {':v': b'\x00'}, lambda k: k.startswith(b'\x00')),
        ('PK = :p AND begins_with(SK, :v)', {':v': b'ab'}, lambda k: k.startswith(b'ab')),
    ]

    def test_operators_both_ways(self):
        ordered = sorted(self.SORT_KEYS)
        for expr, values, predicate in self.CASES:
            for forward in (True, False):
                with self.subTest(expr=expr, values=values, forward=forward):
                    eav = {':p': self.p, **{k: B(v) for k, v in values.items()}}
                    resp = self.query('sb', KeyConditionExpression=expr,
                                      ExpressionAttributeValues=eav, ScanIndexForward=forward)
                    want = [{'PK': self.p, 'SK': B(k)} for k in ordered if predicate(k)]
                    self.assertQueryResult(resp, want if forward else list(reversed(want)))


class LegacyKeyConditionsTest(QueryTestCase):
    """The pre-expression KeyConditions parameter (dynalite query.js
    "should query a range table with ..."; Alternator test_query.py)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.p = S(random_string(16))
        cls.keys = ['aa', 'ab', 'abc', 'ac', 'aca', 'b']
        for sk in cls.keys:
            cls.ddb.put_item(TableName=TABLES['ss'], Item={'PK': cls.p, 'SK': S(sk)})

    def cond(self, op, *values):
        return {'ComparisonOperator': op, 'AttributeValueList': [S(v) for v in values]}

    def test_comparison_operators(self):
        cases = [
            (None, lambda k: True),
            (self.cond('EQ', 'ab'), lambda k: k == 'ab'),
            (self.cond('LT', 'ac'), lambda k: k < 'ac'),
            (self.cond('LE', 'ac'), lambda k: k <= 'ac'),
            (self.cond('GT', 'ac'), lambda k: k > 'ac'),
            (self.cond('GE', 'ac'), lambda k: k >= 'ac'),
            (self.cond('BEGINS_WITH', 'ab'), lambda k: k.startswith('ab')),
            (self.cond('BETWEEN', 'ab', 'ac'), lambda k: 'ab' <= k <= 'ac'),
        ]
        for sort_cond, predicate in cases:
            with self.subTest(cond=sort_cond):
                conds = {'PK': {'ComparisonOperator': 'EQ', 'AttributeValueList': [self.p]}}
                if sort_cond:
                    conds['SK'] = sort_cond
                resp = self.query('ss', KeyConditions=conds)
                want = [{'PK': self.p, 'SK': S(k)} for k in self.keys if predicate(k)]
                self.assertQueryResult(resp, want)

    def test_a_non_indexable_operator_on_the_sort_key(self):
        # dynalite query.js "should return ValidationException for unsupported
        # comparison on range"; DynamoDB Local NON_INDEXABLE_CONDITION.
        for op, values in (('CONTAINS', ['a']), ('NOT_NULL', []), ('IN', ['a'])):
            with self.subTest(op=op):
                with self.assertDynamoError(
                        'ValidationException',
                        'Attempted conditional constraint is not an indexable operation'):
                    self.query('ss', KeyConditions={
                        'PK': {'ComparisonOperator': 'EQ', 'AttributeValueList': [self.p]},
                        'SK': self.cond(op, *values)})

    def test_the_partition_key_needs_equality(self):
        # dynalite query.js "should return ValidationException if querying with
        # unsupported conditions"; DynamoDB Local UNSUPPORTED_QUERY_KEY_CONDITION_SEQUENCE.
        with self.assertDynamoError('ValidationException', 'Query key condition not supported'):
            self.query('ss', KeyConditions={'PK': self.cond('GT', 'a')})

    def test_missing_partition_key(self):
        # dynalite query.js "should return ValidationException if hash in
        # ExclusiveStartKey but not in query".
        with self.assertDynamoError('ValidationException',
                                    'Query condition missed key schema element: PK'):
            self.query('ss', KeyConditions={'SK': self.cond('EQ', 'a')})


class HashOnlyTableTest(QueryTestCase):

    def test_query_returns_the_one_item(self):
        # Alternator test_key_condition_expression_hash_only; dynalite "should
        # query a hash table with items".
        pk = self.pk()
        item = {'PK': pk, 'val': S('hello'), 'n': N('1.5')}
        self.put('hash', item)
        self.put('hash', {'PK': self.pk(), 'val': S('other')})
        resp = self.query('hash', KeyConditionExpression='PK = :p',
                          ExpressionAttributeValues={':p': pk}, ConsistentRead=True)
        self.assertQueryResult(resp, [item])

    def test_a_missing_item_is_an_empty_page(self):
        resp = self.query('hash', KeyConditionExpression='PK = :p',
                          ExpressionAttributeValues={':p': self.pk()})
        self.assertEqual(resp, {'Items': [], 'Count': 0, 'ScannedCount': 0})

    def test_a_second_condition_is_not_supported(self):
        # dynalite query.js: 'a = :a AND b = :a' on a hash table is "Query key
        # condition not supported" (DynamoDB Local: more conditions than keys).
        with self.assertDynamoError('ValidationException', 'Query key condition not supported'):
            self.query('hash', KeyConditionExpression='PK = :p AND attr1 = :o',
                       ExpressionAttributeValues={':p': self.pk(), ':o': S('x')})

    def test_the_key_needs_equality(self):
        with self.assertDynamoError('ValidationException', 'Query key condition not supported'):
            self.query('hash', KeyConditionExpression='PK > :p',
                       ExpressionAttributeValues={':p': self.pk()})


# --- order, Limit, paging --------------------------------------------------

class PagingTest(QueryTestCase):
    """Limit counts items read; a page that stops at Limit carries a
    LastEvaluatedKey, even when nothing follows (dynalite query.js "should
    not return LastEvaluatedKey if Limit is at least size of response": a
    Limit equal to the partition's size still returns one), and the key is
    the last item's primary key."""

    def setUp(self):
        self.p = self.pk()
        self.items = [{'PK': self.p, 'SK': S(f's{i}'), 'c': S('c')} for i in range(5)]
        self.put_all('ss', self.items)

    def key(self, item):
        return {'PK': item['PK'], 'SK': item['SK']}

    def q(self, **kwargs):
        return self.query('ss', KeyConditionExpression='PK = :p',
                          ExpressionAttributeValues={':p': self.p}, **kwargs)

    def test_forward_and_backward(self):
        self.assertQueryResult(self.q(), self.items)
        self.assertQueryResult(self.q(ScanIndexForward=True), self.items)
        self.assertQueryResult(self.q(ScanIndexForward=False), list(reversed(self.items)))

    def test_limit_stops_the_page_with_a_last_evaluated_key(self):
        self.assertQueryResult(self.q(Limit=2), self.items[:2], last_key=self.key(self.items[1]))

    def test_resuming_from_the_last_evaluated_key(self):
        first = self.q(Limit=2)
        second = self.q(Limit=2, ExclusiveStartKey=first['LastEvaluatedKey'])
        self.assertQueryResult(second, self.items[2:4], last_key=self.key(self.items[3]))
        third = self.q(Limit=2, ExclusiveStartKey=second['LastEvaluatedKey'])
        self.assertQueryResult(third, self.items[4:])

    def test_limit_equal_to_the_partition_still_returns_a_key(self):
        resp = self.q(Limit=5)
        self.assertQueryResult(resp, self.items, last_key=self.key(self.items[4]))
        after = self.q(Limit=5, ExclusiveStartKey=resp['LastEvaluatedKey'])
        self.assertEqual(after, {'Items': [], 'Count': 0, 'ScannedCount': 0})

    def test_limit_above_the_partition_returns_no_key(self):
        self.assertQueryResult(self.q(Limit=6), self.items)
        self.assertQueryResult(self.q(Limit=100), self.items)

    def test_backward_with_limit_and_resume(self):
        # dynalite "should return items in reverse order with Limit".
        rev = list(reversed(self.items))
        first = self.q(ScanIndexForward=False, Limit=3)
        self.assertQueryResult(first, rev[:3], last_key=self.key(rev[2]))
        second = self.q(ScanIndexForward=False, Limit=3, ExclusiveStartKey=first['LastEvaluatedKey'])
        self.assertQueryResult(second, rev[3:])

    def test_exclusive_start_key_need_not_exist(self):
        # Reading resumes after the key's position, whether or not an item
        # has that key (dynalite "should query on a global index if values are
        # equal" starts from a key of its choosing).
        resp = self.q(ExclusiveStartKey={'PK': self.p, 'SK': S('s1x')})
        self.assertQueryResult(resp, self.items[2:])
        resp = self.q(ExclusiveStartKey={'PK': self.p, 'SK': S('s1x')}, ScanIndexForward=False)
        self.assertQueryResult(resp, list(reversed(self.items[:2])))

    def test_count_with_limit_keeps_the_key(self):
        # dynalite "should return LastEvaluatedKey even if only Count is selected".
        self.assertEqual(self.q(Select='COUNT', Limit=2),
                         {'Count': 2, 'ScannedCount': 2, 'LastEvaluatedKey': self.key(self.items[1])})
        self.assertEqual(self.q(Select='COUNT'), {'Count': 5, 'ScannedCount': 5})

    def test_every_limit_pages_through_in_order(self):
        # Alternator test_query_limit_paging / test_query_reverse_paging.
        for forward in (True, False):
            for limit in (1, 2, 3, 4, 5, 6, 100):
                with self.subTest(forward=forward, limit=limit):
                    pages = self.all_pages(self.query, 'ss', KeyConditionExpression='PK = :p',
                                           ExpressionAttributeValues={':p': self.p},
                                           Limit=limit, ScanIndexForward=forward)
                    want = self.items if forward else list(reversed(self.items))
                    self.assertEqual(self.items_of(pages), want)
                    self.assertEqual(len(pages), len(want) // limit + 1)


class PageSizeLimitTest(QueryTestCase):
    """A page stops once 1 MB has been read, before any filter (Developer
    Guide, "Query": "A single Query operation can retrieve a maximum of 1 MB
    of data. This limit applies before any FilterExpression ... is applied").
    The item that crosses 1 MB is still returned and becomes the
    LastEvaluatedKey (dynalite query.js "should return LastEvaluatedKey if
    just over limit" / "should return all if just under limit", recorded
    against the service; UNVERIFIED at the exact byte). Items here measure
    exactly 100,000 bytes by the service's sizing, so ten read 1,000,000
    bytes (under 1,048,576) and the eleventh crosses."""

    ITEM_BYTES = 100_000
    COUNT = 15

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.p = S(random_string(16))
        cls.items = [pad_item({'PK': cls.p, 'SK': S(f'{i:02d}')}, cls.ITEM_BYTES)
                     for i in range(cls.COUNT)]
        for item in cls.items:
            cls.ddb.put_item(TableName=TABLES['ss'], Item=item)
        # A table holding only these items, for Scan.
        cls.scan_table = unique_table_name()
        cls.ddb.create_table(TableName=cls.scan_table, BillingMode='PAY_PER_REQUEST',
                             AttributeDefinitions=[attr('PK', 'S'), attr('SK', 'S')],
                             KeySchema=[key('PK', 'HASH'), key('SK', 'RANGE')])
        for item in cls.items:
            cls.ddb.put_item(TableName=cls.scan_table, Item=item)

    @classmethod
    def tearDownClass(cls):
        harness.delete_table_quietly(cls.ddb, cls.scan_table)
        super().tearDownClass()

    def key(self, item):
        return {'PK': item['PK'], 'SK': item['SK']}

    def q(self, **kwargs):
        return self.query('ss', KeyConditionExpression='PK = :p',
                          ExpressionAttributeValues={':p': self.p}, **kwargs)

    def test_query_pages_at_one_megabyte(self):
        first = self.q()
        self.assertQueryResult(first, self.items[:11], last_key=self.key(self.items[10]))
        second = self.q(ExclusiveStartKey=first['LastEvaluatedKey'])
        self.assertQueryResult(second, self.items[11:])

    def test_backward_pages_at_one_megabyte(self):
        rev = list(reversed(self.items))
        first = self.q(ScanIndexForward=False)
        self.assertQueryResult(first, rev[:11], last_key=self.key(rev[10]))

    def test_count_pages_at_one_megabyte_too(self):
        self.assertEqual(self.q(Select='COUNT'),
                         {'Count': 11, 'ScannedCount': 11, 'LastEvaluatedKey': self.key(self.items[10])})

    def test_a_small_limit_wins_over_the_megabyte(self):
        self.assertQueryResult(self.q(Limit=3), self.items[:3], last_key=self.key(self.items[2]))

    def test_projection_does_not_enlarge_the_page(self):
        # The megabyte counts what is read, not what is returned.
        resp = self.q(ProjectionExpression='SK')
        self.assertQueryResult(resp, [{'SK': it['SK']} for it in self.items[:11]],
                               last_key=self.key(self.items[10]))

    def test_a_filter_matching_nothing_still_stops_at_one_megabyte(self):
        resp = self.q(FilterExpression='attribute_exists(nothing)')
        self.assertEqual(resp, {'Items': [], 'Count': 0, 'ScannedCount': 11,
                                'LastEvaluatedKey': self.key(self.items[10])})

    def test_scan_pages_at_one_megabyte(self):
        first = self.scan(self.scan_table)
        self.assertQueryResult(first, self.items[:11], last_key=self.key(self.items[10]))
        second = self.scan(self.scan_table, ExclusiveStartKey=first['LastEvaluatedKey'])
        self.assertQueryResult(second, self.items[11:])


# --- filters, Count, projections, Select -----------------------------------

class FilterTest(QueryTestCase):
    """Count is what passes the filter, ScannedCount what was read (dynalite
    "should filter items by query filter"; conformance query/select "Select
    COUNT with FilterExpression returns different Count and ScannedCount")."""

    def setUp(self):
        self.p = self.pk()
        self.items = [{'PK': self.p, 'SK': S(f's{i}'), 'keep': S('yes' if i in (1, 4) else 'no'),
                       'n': N(str(i))} for i in range(6)]
        self.put_all('ss', self.items)

    def q(self, **kwargs):
        values = {':p': self.p}
        values.update(kwargs.pop('values', {}))
        return self.query('ss', KeyConditionExpression='PK = :p', ExpressionAttributeValues=values,
                          **kwargs)

    def test_filter_counts(self):
        resp = self.q(FilterExpression='keep = :y', values={':y': S('yes')})
        self.assertQueryResult(resp, [self.items[1], self.items[4]], scanned=6)

    def test_filter_with_select_count(self):
        resp = self.q(FilterExpression='keep = :y', values={':y': S('yes')}, Select='COUNT')
        self.assertEqual(resp, {'Count': 2, 'ScannedCount': 6})

    def test_limit_applies_before_the_filter(self):
        # dynalite "should only return Limit items if requested and QueryFilter":
        # the key is the last item read, though the filter dropped it.
        resp = self.q(FilterExpression='keep = :y', values={':y': S('yes')}, Limit=3)
        self.assertQueryResult(resp, [self.items[1]], scanned=3,
                               last_key={'PK': self.p, 'SK': S('s2')})

    def test_a_filter_matching_nothing(self):
        resp = self.q(FilterExpression='n > :big', values={':big': N('100')})
        self.assertEqual(resp, {'Items': [], 'Count': 0, 'ScannedCount': 6})

    def test_filter_on_the_sort_key_is_refused(self):
        # dynalite query.js "should return ValidationException if range key in
        # FilterExpression"; DynamoDB Local QUERY_FILTER_EXPRESSION_CONTAINS_PRIMARY_KEY_ATTRIBUTES.
        with self.assertDynamoError(
                'ValidationException',
                'Filter Expression can only contain non-primary key attributes: '
                'Primary key attribute: SK'):
            self.q(FilterExpression='SK = :s', values={':s': S('s1')})

    def test_filter_on_the_partition_key_is_refused(self):
        with self.assertDynamoError(
                'ValidationException',
                'Filter Expression can only contain non-primary key attributes: '
                'Primary key attribute: PK'):
            self.q(FilterExpression='PK = :q', values={':q': S('x')})


class ProjectionAndSelectTest(QueryTestCase):

    def setUp(self):
        self.p = self.pk()
        self.items = [
            {'PK': self.p, 'SK': S('1'), 'a': S('a1'), 'b': S('b1'),
             'm': {'M': {'x': S('mx'), 'y': S('my')}}, 'l': {'L': [S('l0'), S('l1'), S('l2')]}},
            {'PK': self.p, 'SK': S('2'), 'b': S('b2')},
            {'PK': self.p, 'SK': S('3'), 'c': S('c3')},
        ]
        self.put_all('ss', self.items)

    def q(self, **kwargs):
        return self.query('ss', KeyConditionExpression='PK = :p',
                          ExpressionAttributeValues={':p': self.p}, **kwargs)

    def test_projection_returns_only_the_named_attributes(self):
        # An item holding none of them is returned empty, not dropped
        # (Alternator test_query_attributes_to_get; dynalite "should only
        # return requested attributes").
        resp = self.q(ProjectionExpression='a, b')
        self.assertQueryResult(resp, [{'a': S('a1'), 'b': S('b1')}, {'b': S('b2')}, {}])

    def test_projection_of_nested_paths(self):
        resp = self.q(ProjectionExpression='m.y, l[2], l[0], SK')
        self.assertQueryResult(resp, [
            {'SK': S('1'), 'm': {'M': {'y': S('my')}}, 'l': {'L': [S('l0'), S('l2')]}},
            {'SK': S('2')}, {'SK': S('3')}])

    def test_projection_with_attribute_names(self):
        resp = self.q(ProjectionExpression='#s, #b', ExpressionAttributeNames={'#s': 'SK', '#b': 'b'},
                      Select='SPECIFIC_ATTRIBUTES')
        self.assertQueryResult(resp, [{'SK': S('1'), 'b': S('b1')}, {'SK': S('2'), 'b': S('b2')},
                                      {'SK': S('3')}])

    def test_select_all_attributes_is_the_default(self):
        self.assertQueryResult(self.q(Select='ALL_ATTRIBUTES'), self.items)

    def test_select_count(self):
        self.assertEqual(self.q(Select='COUNT'), {'Count': 3, 'ScannedCount': 3})

    def test_all_attributes_with_a_projection_is_refused(self):
        # conformance query/select "Select ALL_ATTRIBUTES with
        # ProjectionExpression is rejected"; DynamoDB Local PaginatingFunction
        # ("Cannot specify the " + ... + " when choosing to get " + select).
        with self.assertDynamoError(
                'ValidationException',
                'Cannot specify the ProjectionExpression when choosing to get ALL_ATTRIBUTES'):
            self.q(Select='ALL_ATTRIBUTES', ProjectionExpression='a')

    def test_count_with_a_projection_is_refused(self):
        # DynamoDB Local ErrorFactory OBTAINING_COUNT_AND_PROJECTIONEXPRESSION
        # ("only the Count"); Dynoxide quotes the same from the service.
        with self.assertDynamoError(
                'ValidationException',
                'Cannot specify the ProjectionExpression when choosing to get only the Count'):
            self.q(Select='COUNT', ProjectionExpression='a')

    def test_specific_attributes_without_a_projection_is_refused(self):
        # REGIONAL/UNVERIFIED envelope: Dynoxide (captures against the service)
        # says Query wraps this in "1 validation error detected: " and Scan
        # does not; DynamoDB Local has it bare.
        with self.assertDynamoError(
                'ValidationException',
                '1 validation error detected: Must specify the AttributesToGet or '
                'ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES'):
            self.q(Select='SPECIFIC_ATTRIBUTES')

    def test_all_projected_attributes_needs_an_index(self):
        # conformance query/select (contains); DynamoDB Local PaginatingFunction (exact).
        with self.assertDynamoError(
                'ValidationException',
                'ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName'):
            self.q(Select='ALL_PROJECTED_ATTRIBUTES')


# --- secondary indexes -----------------------------------------------------

class SecondaryIndexQueryTest(QueryTestCase):
    """Select against each projection type, on GSIs and LSIs (dynalite
    "should only return projected attributes by default for secondary
    indexes" and "should return all attributes when specified"; conformance
    query/select "Select modes on indexes")."""

    def setUp(self):
        self.p = self.pk()
        self.gk = S('gk-' + random_string(12))
        # GS ascends with SK; LS descends, so an LSI reads them backwards.
        self.items = [
            {'PK': self.p, 'SK': S('s1'), 'GK': self.gk, 'GS': S('g1'), 'LS': S('l3'),
             'inc1': S('i1-1'), 'inc2': S('i2-1'), 'xtra': S('o1')},
            {'PK': self.p, 'SK': S('s2'), 'GK': self.gk, 'GS': S('g2'), 'LS': S('l2'),
             'inc1': S('i1-2'), 'xtra': S('o2')},
            {'PK': self.p, 'SK': S('s3'), 'GK': self.gk, 'GS': S('g3'), 'LS': S('l1'),
             'inc2': S('i2-3')},
        ]
        self.put_all('idx', self.items)

    def gq(self, index, **kwargs):
        return self.query('idx', IndexName=index, KeyConditionExpression='GK = :g',
                          ExpressionAttributeValues={':g': self.gk}, **kwargs)

    def lq(self, index, **kwargs):
        return self.query('idx', IndexName=index, KeyConditionExpression='PK = :p',
                          ExpressionAttributeValues={':p': self.p}, **kwargs)

    def only(self, item, names):
        return {k: v for k, v in item.items() if k in names}

    GSI_KEYS = ('PK', 'SK', 'GK', 'GS')
    LSI_KEYS = ('PK', 'SK', 'LS')

    def by_ls(self, items):
        return sorted(items, key=lambda it: it['LS']['S'])

    def test_gsi_all_returns_whole_items(self):
        self.assertQueryResult(self.gq('gsi_all'), self.items)
        self.assertQueryResult(self.gq('gsi_all', Select='ALL_ATTRIBUTES'), self.items)
        self.assertQueryResult(self.gq('gsi_all', Select='ALL_PROJECTED_ATTRIBUTES'), self.items)

    def test_gsi_keys_only_returns_the_keys(self):
        want = [self.only(it, self.GSI_KEYS) for it in self.items]
        self.assertQueryResult(self.gq('gsi_keys'), want)
        self.assertQueryResult(self.gq('gsi_keys', Select='ALL_PROJECTED_ATTRIBUTES'), want)

    def test_gsi_include_returns_keys_and_included_attributes(self):
        want = [self.only(it, self.GSI_KEYS + ('inc1', 'inc2')) for it in self.items]
        self.assertQueryResult(self.gq('gsi_incl'), want)

    def test_gsi_specific_attributes(self):
        resp = self.gq('gsi_incl', ProjectionExpression='inc1, SK')
        self.assertQueryResult(resp, [self.only(it, ('SK', 'inc1')) for it in self.items])

    def test_gsi_count(self):
        for index in ('gsi_all', 'gsi_keys', 'gsi_incl', 'gsi_hash'):
            with self.subTest(index=index):
                self.assertEqual(self.gq(index, Select='COUNT'), {'Count': 3, 'ScannedCount': 3})

    def test_all_attributes_on_a_gsi_without_all_is_refused(self):
        # dynalite query.js "should return ValidationException for specifying
        # ALL_ATTRIBUTES when global index does not have ALL" (exact);
        # DynamoDB Local PaginatingFunction.
        for index in ('gsi_keys', 'gsi_incl'):
            with self.subTest(index=index):
                with self.assertDynamoError(
                        'ValidationException',
                        'One or more parameter values were invalid: Select type ALL_ATTRIBUTES is '
                        f'not supported for global secondary index {index} because its projection '
                        'type is not ALL'):
                    self.gq(index, Select='ALL_ATTRIBUTES')

    def test_consistent_read_on_a_gsi_is_refused(self):
        # conformance tier3 query (exact); dynalite.
        with self.assertDynamoError('ValidationException', MSG_GSI_CONSISTENT):
            self.gq('gsi_all', ConsistentRead=True)

    def test_lsi_orders_by_its_sort_key(self):
        self.assertQueryResult(self.lq('lsi_all', ConsistentRead=True), self.by_ls(self.items))
        self.assertQueryResult(self.lq('lsi_all', ScanIndexForward=False),
                               list(reversed(self.by_ls(self.items))))

    def test_lsi_keys_only_returns_the_keys(self):
        want = [self.only(it, self.LSI_KEYS) for it in self.by_ls(self.items)]
        self.assertQueryResult(self.lq('lsi_keys'), want)

    def test_lsi_all_attributes_reads_the_table(self):
        # An LSI may fetch what it does not project (Developer Guide, "Local
        # secondary indexes": "attribute projections ... fetched from the
        # base table"); dynalite "should return all attributes when specified".
        self.assertQueryResult(self.lq('lsi_keys', Select='ALL_ATTRIBUTES'), self.by_ls(self.items))
        self.assertQueryResult(self.lq('lsi_incl', Select='ALL_ATTRIBUTES'), self.by_ls(self.items))

    def test_lsi_specific_attributes_may_name_unprojected_ones(self):
        resp = self.lq('lsi_incl', ProjectionExpression='xtra, inc1')
        self.assertQueryResult(resp, [self.only(it, ('xtra', 'inc1')) for it in self.by_ls(self.items)])

    def test_lsi_include_default(self):
        want = [self.only(it, self.LSI_KEYS + ('inc1',)) for it in self.by_ls(self.items)]
        self.assertQueryResult(self.lq('lsi_incl'), want)

    def test_lsi_sort_key_conditions(self):
        resp = self.query('idx', IndexName='lsi_all', KeyConditionExpression='PK = :p AND LS < :l',
                          ExpressionAttributeValues={':p': self.p, ':l': S('l3')})
        self.assertQueryResult(resp, self.by_ls(self.items)[:2])

    def test_gsi_last_evaluated_key_holds_index_and_table_keys(self):
        # dynalite "should query on range global index": {a, b, c, d}.
        resp = self.gq('gsi_all', Limit=2)
        self.assertQueryResult(resp, self.items[:2],
                               last_key=self.only(self.items[1], self.GSI_KEYS))
        rest = self.gq('gsi_all', Limit=2, ExclusiveStartKey=resp['LastEvaluatedKey'])
        self.assertQueryResult(rest, self.items[2:])

    def test_keys_only_gsi_pages_the_same_way(self):
        keys = [self.only(it, self.GSI_KEYS) for it in self.items]
        pages = self.all_pages(self.query, 'idx', IndexName='gsi_keys',
                               KeyConditionExpression='GK = :g',
                               ExpressionAttributeValues={':g': self.gk}, Limit=1)
        self.assertEqual(self.items_of(pages), keys)
        self.assertEqual([p.get('LastEvaluatedKey') for p in pages], keys + [None])

    def test_lsi_last_evaluated_key_holds_index_and_table_keys(self):
        ordered = self.by_ls(self.items)
        resp = self.lq('lsi_all', Limit=1)
        self.assertQueryResult(resp, ordered[:1], last_key=self.only(ordered[0], self.LSI_KEYS))
        rest = self.lq('lsi_all', ExclusiveStartKey=resp['LastEvaluatedKey'])
        self.assertQueryResult(rest, ordered[1:])

    def test_gsi_sort_key_condition(self):
        resp = self.query('idx', IndexName='gsi_all',
                          KeyConditionExpression='GK = :g AND GS BETWEEN :a AND :b',
                          ExpressionAttributeValues={':g': self.gk, ':a': S('g2'), ':b': S('g9')})
        self.assertQueryResult(resp, self.items[1:])

    def test_gsi_needs_its_own_partition_key(self):
        # dynalite "should return ValidationException for querying global index
        # with incorrect schema".
        with self.assertDynamoError('ValidationException',
                                    'Query condition missed key schema element: GK'):
            self.query('idx', IndexName='gsi_all', KeyConditionExpression='PK = :p',
                       ExpressionAttributeValues={':p': self.p})


class HashOnlyIndexPagingTest(QueryTestCase):
    """Many items under one GSI partition key with no index sort key, and one
    table partition: a continuation must carry the table's sort key to tell
    them apart (conformance tier1 query/gsiHashOnlyPagination: every item
    exactly once across pages)."""

    def test_every_item_exactly_once(self):
        p = self.pk()
        gk = S('gk-' + random_string(12))
        items = [{'PK': p, 'SK': S(f's{i}'), 'GK': gk} for i in range(7)]
        self.put_all('idx', items)
        pages = self.all_pages(self.query, 'idx', IndexName='gsi_hash',
                               KeyConditionExpression='GK = :g',
                               ExpressionAttributeValues={':g': gk}, Limit=2)
        got = self.items_of(pages)
        self.assertEqual(sorted(it['SK']['S'] for it in got), [f's{i}' for i in range(7)])
        self.assertEqual(len(pages), 4)
        for page in pages[:-1]:
            self.assertEqual(page['LastEvaluatedKey'],
                             {n: page['Items'][-1][n] for n in ('PK', 'SK', 'GK')})


class IndexMaintenanceTest(QueryTestCase):
    """Sparse indexes hold only items that have the index's keys; a write that
    changes an item's index key moves it; a delete removes it (Developer
    Guide, "Take advantage of sparse indexes")."""

    def gq(self, index, gk, **kwargs):
        return self.query('idx', IndexName=index, KeyConditionExpression='GK = :g',
                          ExpressionAttributeValues={':g': gk}, **kwargs)

    def test_items_without_the_index_keys_are_not_in_it(self):
        p = self.pk()
        gk = S('gk-' + random_string(12))
        full = {'PK': p, 'SK': S('a'), 'GK': gk, 'GS': S('1'), 'LS': S('x')}
        no_gs = {'PK': p, 'SK': S('b'), 'GK': gk}
        none = {'PK': p, 'SK': S('c'), 'xtra': S('o')}
        self.put_all('idx', [full, no_gs, none])
        self.assertQueryResult(self.gq('gsi_all', gk), [full])
        # Order among equal index keys is the service's own: compare as sets.
        resp = self.gq('gsi_hash', gk, ProjectionExpression='SK')
        self.assertEqual((resp['Count'], sorted(it['SK']['S'] for it in resp['Items'])), (2, ['a', 'b']))
        resp = self.query('idx', IndexName='lsi_all', KeyConditionExpression='PK = :p',
                          ExpressionAttributeValues={':p': p})
        self.assertQueryResult(resp, [full])
        resp = self.query('idx', KeyConditionExpression='PK = :p', ExpressionAttributeValues={':p': p})
        self.assertEqual(resp['Count'], 3)

    def test_replacing_an_item_moves_it_between_index_partitions(self):
        p = self.pk()
        old, new = S('gk-' + random_string(12)), S('gk-' + random_string(12))
        self.put('idx', {'PK': p, 'SK': S('a'), 'GK': old, 'GS': S('1'), 'v': S('first')})
        self.assertEqual(self.gq('gsi_all', old)['Count'], 1)
        moved = {'PK': p, 'SK': S('a'), 'GK': new, 'GS': S('2'), 'v': S('second')}
        self.put('idx', moved)
        self.assertEqual(self.gq('gsi_all', old), {'Items': [], 'Count': 0, 'ScannedCount': 0})
        self.assertQueryResult(self.gq('gsi_all', new), [moved])

    def test_changing_the_index_sort_key_reorders_the_item(self):
        p1, p2 = self.pk(), self.pk()
        gk = S('gk-' + random_string(12))
        a = {'PK': p1, 'SK': S('a'), 'GK': gk, 'GS': S('1')}
        b = {'PK': p2, 'SK': S('b'), 'GK': gk, 'GS': S('2')}
        self.put_all('idx', [a, b])
        self.assertQueryResult(self.gq('gsi_all', gk), [a, b])
        a2 = dict(a, GS=S('3'))
        self.put('idx', a2)
        self.assertQueryResult(self.gq('gsi_all', gk), [b, a2])

    def test_removing_the_index_key_drops_the_item(self):
        p = self.pk()
        gk = S('gk-' + random_string(12))
        self.put('idx', {'PK': p, 'SK': S('a'), 'GK': gk, 'GS': S('1')})
        self.put('idx', {'PK': p, 'SK': S('a'), 'GS': S('1')})
        self.assertEqual(self.gq('gsi_all', gk)['Count'], 0)
        self.assertEqual(self.gq('gsi_hash', gk)['Count'], 0)

    def test_update_item_moves_the_item(self):
        p = self.pk()
        old, new = S('gk-' + random_string(12)), S('gk-' + random_string(12))
        self.put('idx', {'PK': p, 'SK': S('a'), 'GK': old, 'GS': S('1')})
        self.ddb.update_item(TableName=TABLES['idx'], Key={'PK': p, 'SK': S('a')},
                             UpdateExpression='SET GK = :n', ExpressionAttributeValues={':n': new})
        self.assertEqual(self.gq('gsi_all', old)['Count'], 0)
        self.assertQueryResult(self.gq('gsi_all', new), [{'PK': p, 'SK': S('a'), 'GK': new, 'GS': S('1')}])

    def test_delete_removes_the_item_from_every_index(self):
        p = self.pk()
        gk = S('gk-' + random_string(12))
        self.put('idx', {'PK': p, 'SK': S('a'), 'GK': gk, 'GS': S('1'), 'LS': S('l')})
        self.ddb.delete_item(TableName=TABLES['idx'], Key={'PK': p, 'SK': S('a')})
        for index in ('gsi_all', 'gsi_keys', 'gsi_incl', 'gsi_hash'):
            with self.subTest(index=index):
                self.assertEqual(self.gq(index, gk), {'Items': [], 'Count': 0, 'ScannedCount': 0})
        resp = self.query('idx', IndexName='lsi_all', KeyConditionExpression='PK = :p',
                          ExpressionAttributeValues={':p': p})
        self.assertEqual(resp, {'Items': [], 'Count': 0, 'ScannedCount': 0})


# --- consumed capacity -----------------------------------------------------

class QueryConsumedCapacityTest(QueryTestCase):
    """A Query is charged for the total size of the items it read, rounded up
    to 4 KB once (Developer Guide, "Read consumption": "the total size of
    all items returned ... rounded up to the next 4 KB boundary"), half for an
    eventually consistent read; the filter and the projection change nothing
    (conformance tier1 query/consumedCapacity)."""

    def setUp(self):
        self.p = self.pk()
        # Five items of exactly 1,000 bytes: 5,000 bytes read, 2 units (not
        # the 5 a per-item rounding would charge).
        self.items = [pad_item({'PK': self.p, 'SK': S(f's{i}'), 'keep': S('yes' if i == 0 else 'no')},
                               1000) for i in range(5)]
        self.put_all('ss', self.items)

    def cc(self, mode='TOTAL', **kwargs):
        values = {':p': self.p}
        values.update(kwargs.pop('values', {}))
        return self.query('ss', KeyConditionExpression='PK = :p', ExpressionAttributeValues=values,
                          ReturnConsumedCapacity=mode, **kwargs)['ConsumedCapacity']

    def total(self, units):
        return {'TableName': TABLES['ss'], 'CapacityUnits': units}

    def test_strong_read_is_rounded_up_once(self):
        self.assertEqual(self.cc(ConsistentRead=True), self.total(2.0))

    def test_eventual_read_is_half(self):
        self.assertEqual(self.cc(), self.total(1.0))
        self.assertEqual(self.cc(ConsistentRead=False), self.total(1.0))

    def test_limit_charges_only_what_was_read(self):
        self.assertEqual(self.cc(ConsistentRead=True, Limit=2), self.total(1.0))
        self.assertEqual(self.cc(Limit=2), self.total(0.5))

    def test_filter_and_projection_cost_the_same(self):
        self.assertEqual(self.cc(ConsistentRead=True, FilterExpression='keep = :y',
                                 values={':y': S('yes')}), self.total(2.0))
        self.assertEqual(self.cc(ConsistentRead=True, ProjectionExpression='SK'), self.total(2.0))
        self.assertEqual(self.cc(ConsistentRead=True, Select='COUNT'), self.total(2.0))

    def test_indexes_mode_reports_the_table(self):
        self.assertEqual(self.cc('INDEXES', ConsistentRead=True),
                         {'TableName': TABLES['ss'], 'CapacityUnits': 2.0,
                          'Table': {'CapacityUnits': 2.0}})

    def test_none_reports_nothing(self):
        resp = self.query('ss', KeyConditionExpression='PK = :p',
                          ExpressionAttributeValues={':p': self.p}, ReturnConsumedCapacity='NONE')
        self.assertNotIn('ConsumedCapacity', resp)

    def test_a_gsi_query_is_charged_to_the_index(self):
        # dynalite "should query on basic hash global index" (INDEXES): the
        # table arm is reported, at zero. UNVERIFIED beyond dynalite.
        gk = S('gk-' + random_string(12))
        self.put('idx', {'PK': self.p, 'SK': S('a'), 'GK': gk, 'GS': S('1')})
        resp = self.query('idx', IndexName='gsi_all', KeyConditionExpression='GK = :g',
                          ExpressionAttributeValues={':g': gk}, ReturnConsumedCapacity='INDEXES')
        self.assertEqual(resp['ConsumedCapacity'], {
            'TableName': TABLES['idx'], 'CapacityUnits': 0.5, 'Table': {'CapacityUnits': 0.0},
            'GlobalSecondaryIndexes': {'gsi_all': {'CapacityUnits': 0.5}}})
        resp = self.query('idx', IndexName='gsi_all', KeyConditionExpression='GK = :g',
                          ExpressionAttributeValues={':g': gk}, ReturnConsumedCapacity='TOTAL')
        self.assertEqual(resp['ConsumedCapacity'], {'TableName': TABLES['idx'], 'CapacityUnits': 0.5})


# --- validation --------------------------------------------------------------

class QueryValidationTest(QueryTestCase):

    def q(self, table='ss', **kwargs):
        return self.ddb.query(TableName=TABLES.get(table, table), **kwargs)

    def p(self):
        return S(random_string(16))

    def test_no_key_condition(self):
        # dynalite validations/query.js; DynamoDB Local
        # MISSING_KEY_CONDITIONS_AND_EXPRESSION (trailing period included).
        with self.assertDynamoError(
                'ValidationException',
                'Either the KeyConditions or KeyConditionExpression parameter must be specified '
                'in the request.'):
            self.q()

    def test_empty_key_condition(self):
        # conformance tier3 query (exact); dynalite.
        with self.assertDynamoError('ValidationException',
                                    'Invalid KeyConditionExpression: The expression can not be empty;'):
            self.q(KeyConditionExpression='', ExpressionAttributeValues={':v': S('val')})

    def test_condition_on_the_sort_key_alone(self):
        # conformance tier3 query "missing hash key" (exact).
        with self.assertDynamoError('ValidationException',
                                    'Query condition missed key schema element: PK'):
            self.q(KeyConditionExpression='SK = :v', ExpressionAttributeValues={':v': S('val')})

    def test_condition_on_a_non_key_attribute(self):
        # conformance tier3 query "non-key attribute" (exact).
        with self.assertDynamoError('ValidationException',
                                    'Query condition missed key schema element: PK'):
            self.q(KeyConditionExpression='attr1 = :v', ExpressionAttributeValues={':v': S('val')})

    def test_second_condition_on_a_non_key_attribute(self):
        # The service then names the missing sort key (Alternator
        # test_key_condition_expression_non_key comment; dynalite "should
        # return ValidationException for missing range element").
        with self.assertDynamoError('ValidationException',
                                    'Query condition missed key schema element: SK'):
            self.q(KeyConditionExpression='PK = :p AND attr1 < :o',
                   ExpressionAttributeValues={':p': self.p(), ':o': S('x')})

    def test_partition_key_not_equality(self):
        # dynalite "should return ValidationException if querying with
        # unsupported conditions"; DynamoDB Local.
        for expr in ('PK < :p', 'PK >= :p', 'begins_with(PK, :p)', 'PK BETWEEN :p AND :p'):
            with self.subTest(expr=expr):
                with self.assertDynamoError('ValidationException', 'Query key condition not supported'):
                    self.q(KeyConditionExpression=expr, ExpressionAttributeValues={':p': self.p()})

    def test_partition_value_of_the_wrong_type(self):
        with self.assertDynamoError('ValidationException', MSG_TYPE_MISMATCH):
            self.q(KeyConditionExpression='PK = :p', ExpressionAttributeValues={':p': N('1')})

    def test_sort_value_of_the_wrong_type(self):
        with self.assertDynamoError('ValidationException', MSG_TYPE_MISMATCH):
            self.q(KeyConditionExpression='PK = :p AND SK = :s',
                   ExpressionAttributeValues={':p': self.p(), ':s': N('1')})

    def test_between_bounds_reversed(self):
        # dynalite query.js "KeyConditionExpression BETWEEN args are in the
        # incorrect order" (exact).
        with self.assertDynamoError(
                'ValidationException',
                'Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be '
                'greater than or equal to lower bound; lower bound operand: AttributeValue: {S:b}, '
                'upper bound operand: AttributeValue: {S:a}'):
            self.q(KeyConditionExpression='PK = :p AND SK BETWEEN :b AND :a',
                   ExpressionAttributeValues={':p': self.p(), ':a': S('a'), ':b': S('b')})

    def test_undefined_value(self):
        # conformance kceValidationOrdering ("contains"); the prefix is the
        # expression's name, as for UpdateExpression in the 2026-06 captures.
        with self.assertDynamoError(
                'ValidationException',
                'Invalid KeyConditionExpression: An expression attribute value used in expression '
                'is not defined; attribute value: :missing'):
            self.q(KeyConditionExpression='PK = :missing')

    def test_unused_value(self):
        # conformance captures (UpdateItem u_upd_unused_eav; us-east-1 without
        # the envelope, as in test_items.py).
        with self.assertDynamoError(
                'ValidationException',
                'Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}'):
            self.q(KeyConditionExpression='PK = :p',
                   ExpressionAttributeValues={':p': self.p(), ':unused': S('x')})

    def test_unused_name(self):
        # conformance tier3 query "unused ExpressionAttributeNames" (exact).
        with self.assertDynamoError(
                'ValidationException',
                'Value provided in ExpressionAttributeNames unused in expressions: keys: {#unused}'):
            self.q(KeyConditionExpression='PK = :v', ExpressionAttributeValues={':v': S('val')},
                   ExpressionAttributeNames={'#unused': 'someattr'})

    def test_operators_a_key_condition_may_not_use(self):
        # dynalite query.js "should return ValidationException for invalid
        # operators" (exact); Alternator test_key_condition_expression_parser.
        cases = [
            ('PK = :p OR SK = :s', 'OR'),
            ('PK = :p AND NOT SK = :s', 'NOT'),
            ('PK = :p AND SK <> :s', '<>'),
            ('PK = :p AND SK IN (:s)', 'IN'),
            ('PK = :p AND attribute_exists(SK)', 'attribute_exists'),
            ('PK = :p AND contains(SK, :s)', 'contains'),
        ]
        for expr, op in cases:
            with self.subTest(expr=expr):
                values = {':p': self.p()}
                if ':s' in expr:
                    values[':s'] = S('x')
                with self.assertDynamoError('ValidationException',
                                            f'Invalid operator used in KeyConditionExpression: {op}'):
                    self.q(KeyConditionExpression=expr, ExpressionAttributeValues=values)

    def test_two_conditions_on_the_sort_key(self):
        # dynalite query.js "should return ValidationException for multiple
        # conditions per key" (exact).
        with self.assertDynamoError('ValidationException',
                                    'KeyConditionExpressions must only contain one condition per key'):
            self.q(KeyConditionExpression='PK = :p AND SK > :a AND SK < :b',
                   ExpressionAttributeValues={':p': self.p(), ':a': S('a'), ':b': S('b')})

    def test_three_conditions(self):
        # dynalite query.js "should return ValidationException for incorrect
        # number of KeyConditions" (exact); DynamoDB Local INVALID_KEY_CONDITIONS_SIZE.
        with self.assertDynamoError('ValidationException', 'Conditions can be of length 1 or 2 only'):
            self.q(KeyConditionExpression='PK = :p AND SK = :s AND attr1 = :o',
                   ExpressionAttributeValues={':p': self.p(), ':s': S('a'), ':o': S('b')})

    def test_nested_attribute(self):
        # dynalite (exact); conformance keyConditionSemantics (contains).
        with self.assertDynamoError('ValidationException',
                                    'KeyConditionExpressions cannot have conditions on nested attributes'):
            self.q(KeyConditionExpression='PK = :p AND SK.foo = :v',
                   ExpressionAttributeValues={':p': self.p(), ':v': S('x')})

    def test_both_key_conditions_and_expression(self):
        # Format of the 2026-06 captures (b_put_mix_expr), us-east-1 without
        # the envelope. UNVERIFIED for Query.
        with self.assertDynamoError(
                'ValidationException',
                'Can not use both expression and non-expression parameters in the same request: '
                'Non-expression parameters: {KeyConditions} Expression parameters: '
                '{KeyConditionExpression}'):
            self.q(KeyConditionExpression='PK = :p', ExpressionAttributeValues={':p': self.p()},
                   KeyConditions={'PK': {'ComparisonOperator': 'EQ', 'AttributeValueList': [self.p()]}})

    def test_limit_zero(self):
        # boto3 refuses Limit 0 itself: raw JSON. Query answers in the
        # service's newer wording, the member's name as written and no value
        # echoed (dynamodb-conformance tier3 query, captured 2026); Scan keeps
        # the classic one (ScanValidationTest.test_limit_zero).
        self.assertRawValidation('Query', {
            'TableName': TABLES['ss'], 'KeyConditionExpression': 'PK = :v',
            'ExpressionAttributeValues': {':v': {'S': 'val'}}, 'Limit': 0},
            "1 validation error detected: Value at 'Limit' failed to satisfy constraint: "
            "Member must have value greater than or equal to 1")

    def test_unknown_index(self):
        # dynalite query.js "should return ValidationException for non-existent
        # index name" (exact, with the name).
        with self.assertDynamoError('ValidationException',
                                    'The table does not have the specified index: nope'):
            self.q(IndexName='nope', KeyConditionExpression='PK = :p',
                   ExpressionAttributeValues={':p': self.p()})

    def test_missing_table(self):
        # conformance tier1 query/validation; dynalite "should check table
        # exists before checking key validity".
        with self.assertDynamoError('ResourceNotFoundException', MSG_NOT_FOUND):
            self.q(table=unique_table_name(), KeyConditionExpression='PK = :p',
                   ExpressionAttributeValues={':p': self.p()})
        with self.assertDynamoError('ResourceNotFoundException', MSG_NOT_FOUND):
            self.q(table=unique_table_name(), IndexName='gsi', KeyConditionExpression='z = :a',
                   ExpressionAttributeValues={':a': N('1')})


class ExclusiveStartKeyValidationTest(QueryTestCase):
    """ExclusiveStartKey must be a key of the table (and of the index when
    querying one) inside the query's range (dynalite query.js, recorded
    against the service; DynamoDB Local ErrorFactory)."""

    def q(self, start, expr='PK = :p', **values):
        eav = {':p': self.p_}
        eav.update({f':{k}': v for k, v in values.items()})
        return self.ddb.query(TableName=TABLES['ss'], KeyConditionExpression=expr,
                              ExpressionAttributeValues=eav, ExclusiveStartKey=start)

    def setUp(self):
        self.p_ = S(random_string(16))

    def test_missing_sort_key(self):
        with self.assertDynamoError('ValidationException', 'The provided starting key is invalid'):
            self.q({'PK': self.p_})

    def test_extra_attribute(self):
        with self.assertDynamoError('ValidationException', 'The provided starting key is invalid'):
            self.q({'PK': self.p_, 'SK': S('a'), 'xtra': S('x')})

    def test_wrong_type(self):
        with self.assertDynamoError('ValidationException', MSG_SCHEMA):
            self.q({'PK': self.p_, 'SK': N('1')})

    def test_other_partition(self):
        with self.assertDynamoError(
                'ValidationException',
                'The provided starting key is outside query boundaries based on provided conditions'):
            self.q({'PK': S('x' + self.p_['S']), 'SK': S('a')})

    def test_outside_the_sort_key_condition(self):
        with self.assertDynamoError('ValidationException',
                                    'The provided starting key does not match the range key predicate'):
            self.q({'PK': self.p_, 'SK': S('a')}, 'PK = :p AND SK > :s', s=S('m'))

    def test_index_start_key_needs_the_table_keys(self):
        # dynalite "should return ValidationException if ExclusiveStartKey is
        # invalid for global index".
        with self.assertDynamoError('ValidationException', 'The provided starting key is invalid'):
            self.ddb.query(TableName=TABLES['idx'], IndexName='gsi_all',
                           KeyConditionExpression='GK = :g', ExpressionAttributeValues={':g': S('g')},
                           ExclusiveStartKey={'GK': S('g'), 'GS': S('1')})


# --- sort order property tests ----------------------------------------------

class SortOrderPropertyTest(QueryTestCase):
    """Random S, N and B sort keys come back in the service's order, both
    ways and paged: a reference sort by UTF-8 bytes, by decimal value and by
    unsigned bytes (Alternator test_query_sort_order_string/_bytes/_number).
    The seed is fixed and printed so a failure can be replayed."""

    SEED = int(os.environ.get('DYNAROCK_SORT_SEED', '20240117'))
    COUNT = 120

    ALPHABET = ('aAzZ09 -_#&.~\u00e9\u00ff\u0100\u07ff\u0800\u65e5\uffee\U00010000\U0001f600')

    def random_string_key(self, rng):
        return ''.join(rng.choice(self.ALPHABET) for _ in range(rng.randint(1, 12)))

    def random_number(self, rng):
        kind = rng.random()
        if kind < 0.1:
            return str(rng.randint(-1000, 1000))
        sign = rng.choice(['', '-'])
        digits = str(rng.randint(1, 9)) + ''.join(
            str(rng.randint(0, 9)) for _ in range(rng.randint(0, 37)))
        if kind < 0.2:
            return f'{sign}{digits[0]}.{digits[1:] or "0"}'
        # 1 to 38 significant digits, magnitude from 1E-129 to ~9.99E+125.
        exponent = rng.randint(-129, 125)
        return f'{sign}{digits[0]}.{digits[1:] or "0"}E{exponent}'

    def random_binary(self, rng):
        return bytes(rng.choice([0, 1, 0x7f, 0x80, 0xfe, 0xff, rng.randint(0, 255)])
                     for _ in range(rng.randint(1, 10)))

    def check(self, table, make, typed, order):
        rng = random.Random(f'{self.SEED}-{table}')
        p = self.pk()
        values = {}
        while len(values) < self.COUNT:
            v = make(rng)
            values[order(v)] = v   # one item per distinct sort position
        for v in values.values():
            self.put(table, {'PK': p, 'SK': typed(v)})
        want = [order(v) for v in sorted(values.values(), key=order)]
        for forward in (True, False):
            for limit in (None, 7):
                with self.subTest(table=table, forward=forward, limit=limit, seed=self.SEED):
                    kwargs = {'KeyConditionExpression': 'PK = :p',
                              'ExpressionAttributeValues': {':p': p}, 'ScanIndexForward': forward}
                    if limit:
                        kwargs['Limit'] = limit
                    got = [sort_value(it['SK'])
                           for it in self.items_of(self.all_pages(self.query, table, **kwargs))]
                    self.assertEqual(got, want if forward else list(reversed(want)))
        return p, want

    def test_strings_sort_by_utf8_bytes(self):
        self.check('ss', self.random_string_key, S, lambda v: v.encode('utf-8'))

    def test_numbers_sort_by_value(self):
        p, want = self.check('sn', self.random_number, N, decimal.Decimal)
        # And they come back in their normalized form.
        items = self.items_of(self.all_pages(self.query, 'sn', KeyConditionExpression='PK = :p',
                                             ExpressionAttributeValues={':p': p}))
        self.assertEqual([it['SK']['N'] for it in items], [normalized_number(str(d)) for d in want])

    def test_binaries_sort_by_unsigned_bytes(self):
        self.check('sb', self.random_binary, B, bytes)

    def test_random_range_conditions_match_the_reference(self):
        rng = random.Random(f'{self.SEED}-ranges')
        p = self.pk()
        numbers = sorted({decimal.Decimal(self.random_number(rng)) for _ in range(60)})
        for d in numbers:
            self.put('sn', {'PK': p, 'SK': N(str(d))})
        ops = {'<': operator.lt, '<=': operator.le, '>': operator.gt, '>=': operator.ge}
        for _ in range(25):
            lo, hi = sorted(rng.sample(numbers, 2))
            op = rng.choice(['<', '<=', '>', '>=', 'BETWEEN'])
            with self.subTest(op=op, lo=str(lo), hi=str(hi), seed=self.SEED):
                if op == 'BETWEEN':
                    expr, eav = 'PK = :p AND SK BETWEEN :a AND :b', {':a': N(str(lo)), ':b': N(str(hi))}
                    want = [d for d in numbers if lo <= d <= hi]
                else:
                    expr, eav = f'PK = :p AND SK {op} :a', {':a': N(str(lo))}
                    want = [d for d in numbers if ops[op](d, lo)]
                eav[':p'] = p
                got = self.items_of(self.all_pages(self.query, 'sn', KeyConditionExpression=expr,
                                                   ExpressionAttributeValues=eav, Limit=9))
                self.assertEqual([decimal.Decimal(it['SK']['N']) for it in got], want)


# --- Scan ----------------------------------------------------------------------

class ScanTest(QueryTestCase):
    """Scan over a table of its own: 20 partitions of 3 items."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.table_name = unique_table_name()
        cls.ddb.create_table(TableName=cls.table_name, BillingMode='PAY_PER_REQUEST',
                             AttributeDefinitions=[attr('PK', 'S'), attr('SK', 'S'), attr('GK', 'S')],
                             KeySchema=[key('PK', 'HASH'), key('SK', 'RANGE')],
                             GlobalSecondaryIndexes=[gsi('by_gk', 'GK', None, 'KEYS_ONLY')])
        cls.items = []
        for i in range(20):
            for j in range(3):
                item = {'PK': S(f'p{i:02d}'), 'SK': S(f's{j}'), 'n': N(str(i * 3 + j)),
                        'even': {'BOOL': (i * 3 + j) % 2 == 0}}
                if j == 0:
                    item['GK'] = S(f'g{i % 4}')   # a sparse index: one item in three
                cls.items.append(item)
                cls.ddb.put_item(TableName=cls.table_name, Item=item)

    @classmethod
    def tearDownClass(cls):
        harness.delete_table_quietly(cls.ddb, cls.table_name)
        super().tearDownClass()

    def sc(self, **kwargs):
        return self.scan(self.table_name, **kwargs)

    def key(self, item):
        return {'PK': item['PK'], 'SK': item['SK']}

    def by_key(self, items):
        return sorted(items, key=lambda it: (it['PK']['S'], it['SK']['S']))

    def test_scan_returns_every_item_once(self):
        resp = self.sc()
        self.assertEqual((resp['Count'], resp['ScannedCount']), (60, 60))
        self.assertNotIn('LastEvaluatedKey', resp)
        self.assertEqual(self.by_key(resp['Items']), self.by_key(self.items))

    def test_a_partition_comes_together_in_sort_key_order(self):
        # Scan reads partition by partition, each in sort key order.
        got = [(it['PK']['S'], it['SK']['S']) for it in self.sc()['Items']]
        for i in range(0, 60, 3):
            self.assertEqual([pk for pk, _ in got[i:i + 3]], [got[i][0]] * 3)
            self.assertEqual([sk for _, sk in got[i:i + 3]], ['s0', 's1', 's2'])

    def test_limit_paging(self):
        pages = self.all_pages(self.scan, self.table_name, Limit=7)
        self.assertEqual(len(pages), 60 // 7 + 1)
        for page in pages[:-1]:
            self.assertEqual((page['Count'], page['ScannedCount']), (7, 7))
            self.assertEqual(page['LastEvaluatedKey'], self.key(page['Items'][-1]))
        self.assertEqual(pages[-1]['Count'], 60 % 7)
        self.assertEqual(self.items_of(pages), self.sc()['Items'])

    def test_limit_reached_at_the_end_still_returns_a_key(self):
        resp = self.sc(Limit=60)
        self.assertEqual(resp['Count'], 60)
        self.assertEqual(resp['LastEvaluatedKey'], self.key(resp['Items'][-1]))
        self.assertEqual(self.sc(ExclusiveStartKey=resp['LastEvaluatedKey']),
                         {'Items': [], 'Count': 0, 'ScannedCount': 0})

    def test_filter_counts(self):
        resp = self.sc(FilterExpression='n < :v', ExpressionAttributeValues={':v': N('10')})
        self.assertEqual((resp['Count'], resp['ScannedCount']), (10, 60))
        self.assertEqual(self.by_key(resp['Items']), self.by_key(self.items[:10]))

    def test_filter_with_limit_counts_what_was_read(self):
        resp = self.sc(FilterExpression='even = :t', ExpressionAttributeValues={':t': {'BOOL': True}},
                       Limit=10)
        self.assertEqual(resp['ScannedCount'], 10)
        self.assertEqual(resp['Count'], len(resp['Items']))
        self.assertTrue(all(it['even']['BOOL'] for it in resp['Items']))
        self.assertIn('LastEvaluatedKey', resp)

    def test_projection(self):
        resp = self.sc(ProjectionExpression='SK, n')
        self.assertEqual(sorted((it['SK']['S'], it['n']['N']) for it in resp['Items']),
                         sorted((it['SK']['S'], it['n']['N']) for it in self.items))
        self.assertTrue(all(set(it) == {'SK', 'n'} for it in resp['Items']))

    def test_select_count(self):
        self.assertEqual(self.sc(Select='COUNT'), {'Count': 60, 'ScannedCount': 60})
        self.assertEqual(self.sc(Select='COUNT', Limit=5)['Count'], 5)

    def test_parallel_segments_are_disjoint_and_complete(self):
        # conformance tier1 scan/parallel; each segment paged with Limit.
        for total in (1, 2, 4, 7, 100):
            with self.subTest(total=total):
                seen = {}
                for segment in range(total):
                    pages = self.all_pages(self.scan, self.table_name, Segment=segment,
                                           TotalSegments=total, Limit=3)
                    for item in self.items_of(pages):
                        k = (item['PK']['S'], item['SK']['S'])
                        self.assertNotIn(k, seen, msg=f'in segments {seen.get(k)} and {segment}')
                        seen[k] = segment
                self.assertEqual(len(seen), 60)

    def test_a_partition_stays_in_one_segment(self):
        # Segments divide the table by partition (Developer Guide, "Parallel
        # scan"): a partition's items are never split.
        owner = {}
        for segment in range(4):
            for item in self.items_of(self.all_pages(self.scan, self.table_name, Segment=segment,
                                                     TotalSegments=4)):
                owner.setdefault(item['PK']['S'], set()).add(segment)
        self.assertTrue(all(len(s) == 1 for s in owner.values()))

    def test_segment_without_total_segments(self):
        # conformance tier3 scan (exact).
        with self.assertDynamoError(
                'ValidationException',
                'The TotalSegments parameter is required but was not present in the request when '
                'Segment parameter is present'):
            self.sc(Segment=0)

    def test_total_segments_without_segment(self):
        with self.assertDynamoError(
                'ValidationException',
                'The Segment parameter is required but was not present in the request when '
                'parameter TotalSegments is present'):
            self.sc(TotalSegments=4)

    def test_segment_not_below_total_segments(self):
        with self.assertDynamoError(
                'ValidationException',
                'The Segment parameter is zero-based and must be less than parameter TotalSegments: '
                'Segment: 5 is not less than TotalSegments: 5'):
            self.sc(Segment=5, TotalSegments=5)

    def test_total_segments_above_the_maximum(self):
        # conformance tier1 scan/validation: a ValidationException; its wording
        # differs between sources, so only the type is checked.
        with self.assertDynamoError('ValidationException'):
            self.sc(Segment=0, TotalSegments=1000001)

    def test_limit_zero(self):
        # conformance tier3 scan (exact).
        self.assertRawValidation('Scan', {'TableName': self.table_name, 'Limit': 0},
                                 "1 validation error detected: Value '0' at 'limit' failed to "
                                 "satisfy constraint: Member must have value greater than or equal to 1")

    def test_missing_table(self):
        # conformance tier3 scan (exact).
        with self.assertDynamoError('ResourceNotFoundException', MSG_NOT_FOUND):
            self.scan(unique_table_name())

    def test_unknown_index(self):
        with self.assertDynamoError('ValidationException',
                                    'The table does not have the specified index: nope'):
            self.sc(IndexName='nope')

    def test_sparse_index_scan(self):
        resp = self.sc(IndexName='by_gk')
        want = [{k: it[k] for k in ('PK', 'SK', 'GK')} for it in self.items if 'GK' in it]
        self.assertEqual((resp['Count'], resp['ScannedCount']), (20, 20))
        self.assertEqual(self.by_key(resp['Items']), self.by_key(want))

    def test_index_scan_pages_with_index_and_table_keys(self):
        pages = self.all_pages(self.scan, self.table_name, IndexName='by_gk', Limit=6)
        for page in pages[:-1]:
            last = page['Items'][-1]
            self.assertEqual(page['LastEvaluatedKey'], {k: last[k] for k in ('PK', 'SK', 'GK')})
        self.assertEqual(len(self.items_of(pages)), 20)
        self.assertEqual(len({(it['PK']['S'], it['SK']['S']) for it in self.items_of(pages)}), 20)

    def test_index_scan_in_parallel(self):
        seen = set()
        for segment in range(3):
            for item in self.items_of(self.all_pages(self.scan, self.table_name, IndexName='by_gk',
                                                     Segment=segment, TotalSegments=3, Limit=4)):
                k = (item['PK']['S'], item['SK']['S'])
                self.assertNotIn(k, seen)
                seen.add(k)
        self.assertEqual(len(seen), 20)

    def test_consistent_scan_of_a_gsi_is_refused(self):
        with self.assertDynamoError('ValidationException', MSG_GSI_CONSISTENT):
            self.sc(IndexName='by_gk', ConsistentRead=True)

    def test_all_attributes_on_a_keys_only_gsi_is_refused(self):
        with self.assertDynamoError(
                'ValidationException',
                'One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not '
                'supported for global secondary index by_gk because its projection type is not ALL'):
            self.sc(IndexName='by_gk', Select='ALL_ATTRIBUTES')

    def test_count_with_a_projection_is_refused(self):
        with self.assertDynamoError(
                'ValidationException',
                'Cannot specify the ProjectionExpression when choosing to get only the Count'):
            self.sc(Select='COUNT', ProjectionExpression='n')

    def test_scan_consumed_capacity_ignores_the_filter(self):
        # conformance tier1 scan/consumedCapacity: same units with and without
        # a filter or a projection.
        plain = self.sc(ReturnConsumedCapacity='TOTAL')['ConsumedCapacity']
        filtered = self.sc(ReturnConsumedCapacity='TOTAL', FilterExpression='n = :v',
                           ExpressionAttributeValues={':v': N('1')})['ConsumedCapacity']
        projected = self.sc(ReturnConsumedCapacity='TOTAL', ProjectionExpression='PK')['ConsumedCapacity']
        self.assertEqual(plain['TableName'], self.table_name)
        self.assertGreater(plain['CapacityUnits'], 0)
        self.assertEqual(filtered, plain)
        self.assertEqual(projected, plain)


if __name__ == '__main__':
    unittest.main()
