"""The legacy (pre-expression) parameters through boto3: Expected with
ConditionalOperator on PutItem, UpdateItem and DeleteItem; AttributeUpdates
(PUT, ADD, DELETE); AttributesToGet on GetItem, Query and Scan; QueryFilter
and ScanFilter with every ComparisonOperator; their validation errors; and
the errors when legacy and expression parameters are mixed.

Expected values are the real service's. Sources: dynalite's tests
(putItem.js, deleteItem.js, updateItem.js, query.js, scan.js; recorded
against the service, exact messages), ScyllaDB Alternator's
test/alternator (test_expected.py, test_item.py, test_query_filter.py,
test_returnvalues.py; run against the service), dynamodb-conformance
(nubo-db; tier3 legacy-api and error-messages, captured 2026). "UNVERIFIED"
marks a value resting on one older source or on inference.

Run: DYNAROCK_BIN=build/dynarock python3 -m unittest test_legacy_parameters
(from tests/client).
"""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import botocore.exceptions  # noqa: E402

import harness  # noqa: E402
from harness import S, N, B, L, M, SS, NS, BS, BOOL_T, BOOL_F, NULL  # noqa: E402
from harness import (CCF, INVALID, SharedTablesTestCase, canonical_item,  # noqa: E402
                     random_string, without_metadata)

TABLES = {}
MIXED = 'Can not use both expression and non-expression parameters in the same request: '
TYPE_MISMATCH = 'Type mismatch for attribute to update'


def cond(op, *values):
    """A legacy Condition / ExpectedAttributeValue with ComparisonOperator."""
    return {'ComparisonOperator': op, 'AttributeValueList': list(values)}


def args(op):
    return INVALID + f'Invalid number of argument(s) for the {op} ComparisonOperator'


def not_valid(op, type_name):
    return INVALID + f'ComparisonOperator {op} is not valid for {type_name} AttributeValue type'


# The filter data: one partition of a dedicated table, so that a Scan sees
# these four items only. Attributes vary by item; "d" lacks most of them.
PARTITION = S('filter-' + random_string(12))
FILTER_ITEMS = {
    'a': {'n': N(1), 's': S('alpha'), 'b': B(b'\x01\x02'), 'ss': SS('x', 'y'), 'l': L(N(1), S('two')),
          'flag': BOOL_T, 'r': S('rx')},
    'b': {'n': N(2), 's': S('beta'), 'b': B(b'\x02'), 'ss': SS('y'), 'l': L(N(3)), 'flag': BOOL_F,
          'nul': NULL},
    'c': {'n': N(10), 's': S('alphabet'), 'b': B(b'\x05\x01'), 'ns': NS(1, 2), 'r': N(5)},
    'd': {'s': S('gamma'), 'l': L(), 'm': M(x=N(1))},
}


def filter_item(sk):
    return dict(FILTER_ITEMS[sk], PK=PARTITION, SK=S(sk))


def setUpModule():
    harness.start_module_server()
    ddb = harness.client()
    TABLES['hash'] = harness.hash_table(ddb)
    TABLES['range'] = harness.range_table(ddb)
    TABLES['filter'] = harness.range_table(ddb)
    for sk in FILTER_ITEMS:
        ddb.put_item(TableName=TABLES['filter'], Item=filter_item(sk))


def tearDownModule():
    harness.stop_module_server()


class LegacyTestCase(SharedTablesTestCase):

    TABLES = TABLES

    def update(self, key_, updates=None, **kwargs):
        if updates is not None:
            kwargs['AttributeUpdates'] = updates
        return self.ddb.update_item(TableName=TABLES['hash'], Key=key_, **kwargs)


# ---------------------------------------------------------------- Expected

class ExpectedTest(LegacyTestCase):
    """Expected is evaluated through a PutItem that replaces the item when
    the expectation holds."""

    ITEM = {'a': N(1), 'b': S('cat'), 'c': B(b'cat'), 'nul': NULL, 'ss': SS('dog', 'cat'),
            'l': L(N(2), N(4)), 's': S('hello')}

    def holds(self, attrs, expected, conditional_operator=None):
        k = {'PK': self.pk()}
        before = None
        if attrs is not None:
            before = dict(attrs, PK=k['PK'])
            self.put('hash', before)
        kwargs = {'Expected': expected}
        if conditional_operator:
            kwargs['ConditionalOperator'] = conditional_operator
        after = {'PK': k['PK'], 'zz': S('done')}
        return self.condition_held('hash', k, lambda: self.put('hash', after, **kwargs), before, after)

    def assertCases(self, cases, attrs=None):
        for expected, want in cases:
            with self.subTest(expected=expected):
                self.assertEqual(self.holds(self.ITEM if attrs is None else attrs, expected), want)

    def test_value_and_exists(self):
        # dynalite putItem.js ("(legacy)" cases); Alternator test_expected.py.
        self.assertCases([
            ({'a': {'Value': N(1)}}, True),
            ({'a': {'Value': N(2)}}, False),
            ({'q': {'Value': N(1)}}, False),
            ({'a': {'Value': N(1), 'Exists': True}}, True),
            ({'q': {'Exists': False}}, True),
            ({'a': {'Exists': False}}, False),
            # A NULL value exists.
            ({'nul': {'Exists': False}}, False),
            # Value with a ComparisonOperator is its one argument.
            ({'a': {'Value': N(1), 'ComparisonOperator': 'EQ'}}, True),
            ({'b': {'Value': S('cat'), 'ComparisonOperator': 'GE'}}, True),
        ])

    def test_put_if_absent(self):
        # conformance tier3 legacy-api/expected.
        pk = self.pk()
        self.put('hash', {'PK': pk, 'data': S('created')}, Expected={'PK': {'Exists': False}})
        self.assertConditionFails(self.put, table='hash', item={'PK': pk, 'data': S('overwrite')},
                                  Expected={'PK': {'Exists': False}})
        self.assertItem('hash', {'PK': pk}, {'PK': pk, 'data': S('created')})

    def test_expectations_on_a_missing_item(self):
        # dynalite "expecting non-existent key to exist".
        cases = [({'PK': {'Value': S('x')}}, False), ({'PK': cond('NOT_NULL')}, False),
                 ({'PK': cond('NULL')}, True), ({'a': cond('NE', N(1))}, True)]
        for expected, want in cases:
            with self.subTest(expected=expected):
                self.assertEqual(self.holds(None, expected), want)

    def test_eq_and_ne(self):
        # Alternator test_update_expected_1_eq_*, _ne_*: another type is
        # unequal, and an absent attribute is unequal to everything.
        self.assertCases([
            ({'a': cond('EQ', N(1))}, True),
            ({'a': cond('EQ', N(2))}, False),
            ({'a': cond('EQ', S('1'))}, False),
            ({'ss': cond('EQ', SS('cat', 'dog'))}, True),
            ({'l': cond('EQ', L(N(2), N(4)))}, True),
            ({'a': cond('NE', N(2))}, True),
            ({'a': cond('NE', N(1))}, False),
            ({'a': cond('NE', S('1'))}, True),
            ({'q': cond('NE', N(1))}, True),
        ])

    def test_ordering_operators(self):
        # Alternator test_update_expected_1_le/_lt/_ge/_gt: numbers, strings,
        # binaries; another type is false.
        self.assertCases([
            ({'a': cond('LE', N(1))}, True),
            ({'a': cond('LE', N(0))}, False),
            ({'b': cond('LE', S('dog'))}, True),
            ({'c': cond('LE', B(b'dog'))}, True),
            ({'c': cond('LE', B(b'aardvark'))}, False),
            ({'a': cond('LE', S('1'))}, False),
            ({'a': cond('LT', N(2))}, True),
            ({'a': cond('LT', N(1))}, False),
            ({'b': cond('LT', S('aardvark'))}, False),
            ({'a': cond('GE', N(1))}, True),
            ({'a': cond('GE', N(2))}, False),
            ({'a': cond('GT', N(0))}, True),
            ({'b': cond('GT', S('cat'))}, False),
            ({'q': cond('GT', N(0))}, False),
        ])

    def test_null_and_not_null_test_existence(self):
        # Alternator test_update_expected_1_null: NULL means "absent", and a
        # NULL-typed attribute is present.
        self.assertCases([
            ({'a': cond('NOT_NULL')}, True),
            ({'q': cond('NOT_NULL')}, False),
            ({'nul': cond('NOT_NULL')}, True),
            ({'q': cond('NULL')}, True),
            ({'a': cond('NULL')}, False),
            ({'nul': cond('NULL')}, False),
        ])

    def test_contains_and_not_contains(self):
        # Alternator test_update_expected_1_contains/_not_contains: NOT_CONTAINS
        # of an absent attribute is false (both are false).
        self.assertCases([
            ({'s': cond('CONTAINS', S('ell'))}, True),
            ({'s': cond('CONTAINS', S('dog'))}, False),
            ({'ss': cond('CONTAINS', S('dog'))}, True),
            ({'l': cond('CONTAINS', N(4))}, True),
            ({'l': cond('CONTAINS', N(1))}, False),
            ({'c': cond('CONTAINS', B(b'at'))}, True),
            ({'s': cond('CONTAINS', N(1))}, False),
            ({'q': cond('CONTAINS', N(1))}, False),
            ({'s': cond('NOT_CONTAINS', S('dog'))}, True),
            ({'s': cond('NOT_CONTAINS', S('ell'))}, False),
            ({'s': cond('NOT_CONTAINS', N(1))}, True),
            ({'ss': cond('NOT_CONTAINS', S('cow'))}, True),
            ({'l': cond('NOT_CONTAINS', N(4))}, False),
            ({'q': cond('NOT_CONTAINS', N(1))}, False),
        ])

    def test_begins_with_in_between(self):
        # Alternator test_update_expected_1_begins_with_*, _in, _between.
        self.assertCases([
            ({'s': cond('BEGINS_WITH', S('hell'))}, True),
            ({'s': cond('BEGINS_WITH', S('dog'))}, False),
            ({'c': cond('BEGINS_WITH', B(b'ca'))}, True),
            ({'a': cond('BEGINS_WITH', S('1'))}, False),
            ({'a': cond('IN', N(3), N(1))}, True),
            ({'a': cond('IN', N(3))}, False),
            ({'q': cond('IN', N(1))}, False),
            ({'a': cond('BETWEEN', N(0), N(2))}, True),
            ({'a': cond('BETWEEN', N(1), N(1))}, True),
            ({'a': cond('BETWEEN', N(2), N(3))}, False),
            ({'b': cond('BETWEEN', S('a'), S('d'))}, True),
        ])

    def test_conditional_operator(self):
        # conformance tier3 legacy-api/expected; dynalite putItem.js. Two
        # entries each: with one, the service may refuse ConditionalOperator
        # (conformance tier3 deep requests, "ConditionalOperator can only be
        # used when Filter or Expected has two or more elements").
        one_of_two = {'a': cond('EQ', N(1)), 'b': cond('EQ', S('dog'))}
        neither = {'a': cond('EQ', N(2)), 'b': cond('EQ', S('dog'))}
        both = {'a': {'Value': N(1)}, 'q': {'Exists': False},
                'b': {'Value': S('cat'), 'ComparisonOperator': 'GE'}}
        for expected, op, want in ((one_of_two, None, False), (one_of_two, 'AND', False),
                                   (one_of_two, 'OR', True), (neither, 'OR', False),
                                   (both, None, True), (both, 'AND', True)):
            with self.subTest(expected=expected, op=op):
                self.assertEqual(self.holds(self.ITEM, expected, op), want)

    def test_expected_on_update_item(self):
        # dynalite "should update when boolean value expect matches".
        pk = self.pk()
        self.put('hash', {'PK': pk, 'active': BOOL_F})
        resp = self.update({'PK': pk}, {'active': {'Action': 'PUT', 'Value': BOOL_T}},
                           Expected={'active': {'Value': BOOL_F, 'Exists': True}},
                           ReturnValues='UPDATED_NEW')
        self.assertEqual(without_metadata(resp), {'Attributes': {'active': BOOL_T}})
        self.assertConditionFails(self.update, key_={'PK': pk},
                                  updates={'active': {'Action': 'PUT', 'Value': BOOL_F}},
                                  Expected={'active': {'Value': BOOL_F}})
        self.assertItem('hash', {'PK': pk}, {'PK': pk, 'active': BOOL_T})

    def test_expected_on_update_item_of_a_missing_item(self):
        pk = self.pk()
        self.assertConditionFails(self.update, key_={'PK': pk},
                                  updates={'x': {'Action': 'PUT', 'Value': N(1)}},
                                  Expected={'PK': cond('NOT_NULL')})
        self.assertItem('hash', {'PK': pk}, None)

    def test_expected_on_delete_item(self):
        # conformance tier3 legacy-api/expected.
        pk = self.pk()
        self.put('hash', {'PK': pk, 'data': S('present')})
        self.assertConditionFails(self.ddb.delete_item, TableName=TABLES['hash'], Key={'PK': pk},
                                  Expected={'data': {'Exists': False}})
        self.assertItem('hash', {'PK': pk}, {'PK': pk, 'data': S('present')})
        self.ddb.delete_item(TableName=TABLES['hash'], Key={'PK': pk},
                             Expected={'data': {'Exists': True, 'Value': S('present')}})
        self.assertItem('hash', {'PK': pk}, None)

    def test_failed_expectation_with_all_old_on_failure(self):
        pk = self.pk()
        self.put('hash', {'PK': pk, 'a': N(1)})
        with self.assertRaises(botocore.exceptions.ClientError) as cm:
            self.put('hash', {'PK': pk}, Expected={'a': {'Value': N(2)}},
                     ReturnValuesOnConditionCheckFailure='ALL_OLD')
        self.assertEqual(cm.exception.response['Error']['Code'], CCF)
        self.assertEqual(cm.exception.response['Item'], {'PK': pk, 'a': N(1)})

    def test_validation(self):
        # dynalite putItem.js and deleteItem.js (exact).
        cases = [
            ({'a': {}}, INVALID + 'Value must be provided when Exists is null for Attribute: a'),
            ({'a': {'Exists': True}},
             INVALID + 'Value must be provided when Exists is true for Attribute: a'),
            ({'a': {'Exists': False, 'Value': S('a')}},
             INVALID + 'Value cannot be used when Exists is false for Attribute: a'),
            ({'a': {'ComparisonOperator': 'LT'}},
             INVALID + 'Value or AttributeValueList must be used with ComparisonOperator: LT for '
             'Attribute: a'),
            ({'a': {'Exists': True, 'ComparisonOperator': 'LT'}},
             INVALID + 'Exists and ComparisonOperator cannot be used together for Attribute: a'),
            ({'a': {'AttributeValueList': [S('a')], 'Value': S('a'), 'ComparisonOperator': 'LT'}},
             INVALID + 'Value and AttributeValueList cannot be used together for Attribute: a'),
            ({'a': {'AttributeValueList': [S('a')]}},
             INVALID + 'AttributeValueList can only be used with a ComparisonOperator for Attribute: a'),
            ({'a': {'Exists': True, 'AttributeValueList': [S('a')]}},
             INVALID + 'AttributeValueList can only be used with a ComparisonOperator for Attribute: a'),
            ({'a': cond('EQ')}, args('EQ')),
            ({'a': cond('NULL', S('a'))}, args('NULL')),
            ({'a': cond('IN')}, args('IN')),
            ({'a': cond('BETWEEN', N(1), N(10), N(12))}, args('BETWEEN')),
            ({'a': {'Value': S('a'), 'ComparisonOperator': 'NULL'}}, args('NULL')),
            ({'a': {'Value': S('a'), 'ComparisonOperator': 'BETWEEN'}}, args('BETWEEN')),
            ({'a': cond('IN', S('b'), N(1))},
             INVALID + 'AttributeValues inside AttributeValueList must be of same type'),
            ({'a': cond('BETWEEN', S('b'), S('a'))},
             'The BETWEEN condition was provided a range where the lower bound is greater than the '
             'upper bound'),
            # As for ScanFilter (dynalite scan.js; UNVERIFIED for Expected).
            ({'a': cond('LT', SS('a'))}, not_valid('LT', 'SS')),
            ({'a': cond('BEGINS_WITH', N(1))}, not_valid('BEGINS_WITH', 'N')),
        ]
        for expected, message in cases:
            with self.subTest(expected=expected):
                pk = self.pk()
                with self.assertDynamoError('ValidationException', message):
                    self.put('hash', {'PK': pk}, Expected=expected)
                self.assertItem('hash', {'PK': pk}, None)
                with self.assertDynamoError('ValidationException', message):
                    self.ddb.delete_item(TableName=TABLES['hash'], Key={'PK': pk}, Expected=expected)


# -------------------------------------------------------- AttributeUpdates

class AttributeUpdatesTest(LegacyTestCase):

    def test_put(self):
        # Alternator test_update_item_merge; conformance tier3 legacy-api.
        pk = self.pk()
        self.put('hash', {'PK': pk, 'a': S('hi')})
        self.update({'PK': pk}, {'b': {'Value': S('hello'), 'Action': 'PUT'}})
        self.assertItem('hash', {'PK': pk}, {'PK': pk, 'a': S('hi'), 'b': S('hello')})
        self.update({'PK': pk}, {'a': {'Value': S('hey'), 'Action': 'PUT'},
                                 'c': {'Value': N(42), 'Action': 'PUT'}})
        self.assertItem('hash', {'PK': pk}, {'PK': pk, 'a': S('hey'), 'b': S('hello'), 'c': N(42)})

    def test_a_value_without_an_action_is_a_put(self):
        # conformance tier3 legacy-api/attributeUpdates.
        pk = self.pk()
        self.update({'PK': pk}, {'col': {'Value': S('written')}})
        self.assertItem('hash', {'PK': pk}, {'PK': pk, 'col': S('written')})

    def test_delete_an_attribute(self):
        pk = self.pk()
        self.put('hash', {'PK': pk, 'a': S('hey'), 'b': S('hello')})
        self.update({'PK': pk}, {'a': {'Action': 'DELETE'}, 'nope': {'Action': 'DELETE'}})
        self.assertItem('hash', {'PK': pk}, {'PK': pk, 'b': S('hello')})

    def test_delete_set_elements(self):
        # Alternator test_update_item_delete.
        pk = self.pk()
        for before, delete, after in ((NS(1, 2, 3, 4, 5), NS(2, 4), NS(1, 3, 5)),
                                      (SS('dog', 'cat', 'lion'), SS('dog'), SS('cat', 'lion')),
                                      (BS(b'dog', b'cat', b'lion'), BS(b'cat'), BS(b'dog', b'lion')),
                                      (NS(1, 2, 3), NS(4), NS(1, 2, 3)),
                                      (NS(1, 2, 3), NS(2, 5), NS(1, 3))):
            with self.subTest(before=before, delete=delete):
                self.put('hash', {'PK': pk, 'a': before})
                self.update({'PK': pk}, {'a': {'Action': 'DELETE', 'Value': delete}})
                self.assertItem('hash', {'PK': pk}, {'PK': pk, 'a': after})

    def test_deleting_every_element_removes_the_attribute(self):
        pk = self.pk()
        self.put('hash', {'PK': pk, 'a': NS(1, 2, 3)})
        self.update({'PK': pk}, {'a': {'Action': 'DELETE', 'Value': NS(1, 2, 3)}})
        self.assertItem('hash', {'PK': pk}, {'PK': pk})

    def test_add_to_numbers(self):
        # Alternator test_update_item_add.
        pk = self.pk()
        self.put('hash', {'PK': pk, 'a': N(7)})
        self.update({'PK': pk}, {'a': {'Action': 'ADD', 'Value': N(2)}})
        self.update({'PK': pk}, {'a': {'Action': 'ADD', 'Value': N('-3.5')}})
        self.update({'PK': pk}, {'b': {'Action': 'ADD', 'Value': N(2)}})
        self.assertItem('hash', {'PK': pk}, {'PK': pk, 'a': N('5.5'), 'b': N(2)})

    def test_add_to_sets(self):
        pk = self.pk()
        self.put('hash', {'PK': pk, 'a': NS(1, 2)})
        self.update({'PK': pk}, {'a': {'Action': 'ADD', 'Value': NS(3, 4)}})
        self.update({'PK': pk}, {'a': {'Action': 'ADD', 'Value': NS(3, 5)},
                                 'b': {'Action': 'ADD', 'Value': NS(7)},
                                 'c': {'Action': 'ADD', 'Value': SS('a', 'b')}})
        self.assertItem('hash', {'PK': pk}, {'PK': pk, 'a': NS(1, 2, 3, 4, 5), 'b': NS(7), 'c': SS('a', 'b')})

    def test_add_to_lists_appends(self):
        # Alternator test_update_item_add ("not documented, but works similar
        # to sets"); dynalite "should add list value".
        pk = self.pk()
        self.put('hash', {'PK': pk, 'a': L(N(1), N(2))})
        self.update({'PK': pk}, {'a': {'Action': 'ADD', 'Value': L(N(3), N(4))}})
        self.update({'PK': pk}, {'a': {'Action': 'ADD', 'Value': L(N(3), N(5))},
                                 'c': {'Action': 'ADD', 'Value': L(S('a'), S('b'))}})
        self.update({'PK': pk}, {'c': {'Action': 'ADD', 'Value': L(N(3))}})
        self.assertItem('hash', {'PK': pk}, {'PK': pk, 'a': L(N(1), N(2), N(3), N(4), N(3), N(5)),
                                     'c': L(S('a'), S('b'), N(3))})

    def test_add_creates_the_item(self):
        for value in (N(3), NS(1, 2), SS('a', 'b'), L(N(1), N(2))):
            with self.subTest(value=value):
                pk = self.pk()
                self.update({'PK': pk}, {'a': {'Action': 'ADD', 'Value': value}})
                self.assertItem('hash', {'PK': pk}, {'PK': pk, 'a': value})

    def test_only_deletes_on_a_missing_item_create_nothing(self):
        # Alternator test_update_item_non_existent / test_update_item_delete.
        for updates in ({'a': {'Action': 'DELETE'}}, {'a': {'Action': 'DELETE', 'Value': NS(4)}}):
            with self.subTest(updates=updates):
                pk = self.pk()
                self.update({'PK': pk}, updates)
                self.assertItem('hash', {'PK': pk}, None)

    def test_no_updates_create_the_key_only_item(self):
        pk = self.pk()
        self.update({'PK': pk}, {})
        self.assertItem('hash', {'PK': pk}, {'PK': pk})

    def test_every_action_on_a_missing_item(self):
        # dynalite "should just add valid ADD actions if nothing exists".
        pk = self.pk()
        resp = self.update({'PK': pk}, {
            'b': {'Action': 'DELETE'}, 'c': {'Action': 'DELETE', 'Value': SS('a', 'b')},
            'd': {'Action': 'ADD', 'Value': N(5)}, 'e': {'Action': 'ADD', 'Value': SS('a', 'b')},
            'f': {'Action': 'ADD', 'Value': L(S('a'), N(1))}}, ReturnValues='UPDATED_NEW')
        want = {'d': N(5), 'e': SS('a', 'b'), 'f': L(S('a'), N(1))}
        self.assertEqual(canonical_item(resp['Attributes']), canonical_item(want))
        self.assertItem('hash', {'PK': pk}, dict(want, PK=pk))

    def test_empty_values_other_than_sets(self):
        # Alternator test_update_item_empty_attribute.
        pk = self.pk()
        self.update({'PK': pk}, {'d': {'Action': 'PUT', 'Value': L()},
                                 'e': {'Action': 'PUT', 'Value': M()},
                                 'f': {'Action': 'PUT', 'Value': S('')},
                                 'g': {'Action': 'PUT', 'Value': B(b'')}})
        self.assertItem('hash', {'PK': pk}, {'PK': pk, 'd': L(), 'e': M(), 'f': S(''), 'g': B(b'')})

    def test_an_empty_set_is_refused(self):
        # Alternator (".*empty"); the AttributeValue's own message (dynalite
        # putItem.js), UNVERIFIED without a prefix of its own here.
        pk = self.pk()
        with self.assertDynamoError('ValidationException', INVALID + 'An string set  may not be empty'):
            self.update({'PK': pk}, {'c': {'Action': 'PUT', 'Value': SS()}})
        self.assertItem('hash', {'PK': pk}, None)

    def test_return_values(self):
        # dynalite updateItem.js ("should return ... values when they exist").
        pk = self.pk()
        self.update({'PK': pk}, {'b': {'Value': S('a')}, 'c': {'Value': S('a')}})
        resp = self.update({'PK': pk}, {'b': {'Value': S('b')}}, ReturnValues='ALL_OLD')
        self.assertEqual(without_metadata(resp), {'Attributes': {'PK': pk, 'b': S('a'), 'c': S('a')}})
        resp = self.update({'PK': pk},
                           {'b': {'Value': S('c')}, 'c': {'Value': S('c')}, 'x': {'Value': S('x')}},
                           ReturnValues='UPDATED_OLD')
        self.assertEqual(without_metadata(resp), {'Attributes': {'b': S('b'), 'c': S('a')}})
        resp = self.update({'PK': pk}, {'b': {'Action': 'DELETE'}, 'c': {'Value': S('d')}},
                           ReturnValues='UPDATED_NEW')
        self.assertEqual(without_metadata(resp), {'Attributes': {'c': S('d')}})
        resp = self.update({'PK': pk}, {'n': {'Action': 'ADD', 'Value': N(3)}}, ReturnValues='ALL_NEW')
        self.assertEqual(without_metadata(resp),
                         {'Attributes': {'PK': pk, 'c': S('d'), 'x': S('x'), 'n': N(3)}})

    def test_updated_old_of_a_whole_map(self):
        # dynalite "should return updated old nested values when they exist".
        pk = self.pk()
        self.update({'PK': pk}, {'b': {'Value': M(a=S('a'), b=L())}, 'c': {'Value': N(1)}})
        resp = self.update({'PK': pk},
                           {'b': {'Value': M(a=S('b'), b=L())}, 'c': {'Action': 'ADD', 'Value': N(1)}},
                           ReturnValues='UPDATED_OLD')
        self.assertEqual(without_metadata(resp), {'Attributes': {'b': M(a=S('a'), b=L()), 'c': N(1)}})

    def test_return_values_of_an_empty_update(self):
        # Alternator test_update_item_returnvalues_updated_old/_all_new/_updated_new.
        pk = self.pk()
        self.assertEqual(without_metadata(self.update({'PK': pk}, {}, ReturnValues='UPDATED_NEW')), {})
        self.assertEqual(without_metadata(self.update({'PK': pk}, {}, ReturnValues='ALL_NEW')),
                         {'Attributes': {'PK': pk}})
        self.put('hash', {'PK': pk, 'a': S('hi')})
        self.assertEqual(without_metadata(self.update({'PK': pk}, {}, ReturnValues='UPDATED_OLD')), {})
        self.assertEqual(without_metadata(self.update({'PK': pk}, {}, ReturnValues='ALL_NEW')),
                         {'Attributes': {'PK': pk, 'a': S('hi')}})

    def test_all_old_with_a_read_modify_write(self):
        # Alternator test_update_item_returnvalues_all_old_attributeupdates.
        pk = self.pk()
        self.put('hash', {'PK': pk, 'a': N(3), 'b': S('dog')})
        resp = self.update({'PK': pk}, {'a': {'Action': 'ADD', 'Value': N(2)}}, ReturnValues='ALL_OLD')
        self.assertEqual(without_metadata(resp), {'Attributes': {'PK': pk, 'a': N(3), 'b': S('dog')}})
        self.assertItem('hash', {'PK': pk}, {'PK': pk, 'a': N(5), 'b': S('dog')})

    def test_a_missing_value(self):
        # dynalite ("update has no value"); PUT and ADD without a value are
        # the same case (UNVERIFIED for those two).
        for updates in ({'a': {}}, {'a': {'Action': 'PUT'}}, {'a': {'Action': 'ADD'}}):
            with self.subTest(updates=updates):
                with self.assertDynamoError(
                        'ValidationException',
                        INVALID + 'Only DELETE action is allowed when no attribute value is specified'):
                    self.update({'PK': self.pk()}, updates)

    def test_delete_with_a_value_needs_a_set(self):
        # dynalite "trying to delete incorrect types" (exact).
        for value in (S('1'), N(1), B(b'b'), NULL, BOOL_T, M(), L()):
            type_name = next(iter(value))
            with self.subTest(type=type_name):
                with self.assertDynamoError(
                        'ValidationException',
                        INVALID + f'DELETE action with value is not supported for the type {type_name}'):
                    self.update({'PK': self.pk()}, {'a': {'Action': 'DELETE', 'Value': value}})

    def test_add_needs_a_number_set_or_list(self):
        # dynalite "trying to add incorrect types" (exact).
        for value in (S('1'), B(b'b'), NULL, BOOL_T, M()):
            type_name = next(iter(value))
            with self.subTest(type=type_name):
                with self.assertDynamoError(
                        'ValidationException',
                        INVALID + f'ADD action is not supported for the type {type_name}'):
                    self.update({'PK': self.pk()}, {'a': {'Action': 'ADD', 'Value': value}})

    def test_type_mismatch_with_the_stored_attribute(self):
        # dynalite "trying to delete/add incorrect types" (exact, no prefix);
        # Alternator test_update_item_add / _delete.
        pk = self.pk()
        stored = {'PK': pk, 'b': SS('1'), 'c': N(1), 'd': NS(1), 'l': L(S('dog'))}
        self.put('hash', stored)
        cases = [{'b': {'Action': 'DELETE', 'Value': NS(1)}}, {'b': {'Action': 'DELETE', 'Value': BS(b'a')}},
                 {'c': {'Action': 'DELETE', 'Value': NS(1)}}, {'b': {'Action': 'ADD', 'Value': NS(1)}},
                 {'d': {'Action': 'ADD', 'Value': N(1)}}, {'b': {'Action': 'ADD', 'Value': L(S('cat'))}},
                 {'l': {'Action': 'ADD', 'Value': SS('cat')}}, {'l': {'Action': 'ADD', 'Value': N(3)}},
                 {'c': {'Action': 'ADD', 'Value': L(S('dog'))}},
                 {'c': {'Action': 'ADD', 'Value': SS('dog')}}]
        for updates in cases:
            with self.subTest(updates=updates):
                with self.assertDynamoError('ValidationException', TYPE_MISMATCH):
                    self.update({'PK': pk}, updates)
                self.assertItem('hash', {'PK': pk}, stored)

    def test_key_attributes_cannot_be_updated(self):
        # dynalite "trying to update key" / "range key" (exact).
        for updates in ({'PK': {'Value': S('x')}}, {'PK': {'Action': 'DELETE'}}):
            with self.subTest(updates=updates):
                with self.assertDynamoError(
                        'ValidationException',
                        INVALID + 'Cannot update attribute PK. This attribute is part of the key'):
                    self.update({'PK': self.pk()}, updates)
        with self.assertDynamoError('ValidationException',
                                    INVALID + 'Cannot update attribute SK. This attribute is part of '
                                    'the key'):
            self.ddb.update_item(TableName=TABLES['range'], Key={'PK': self.pk(), 'SK': S('s')},
                                 AttributeUpdates={'d': {'Value': N(1)}, 'SK': {'Value': S('x')}})

    def test_item_too_big(self):
        # dynalite "should return ValidationException if update item is too big".
        pk = self.pk()
        with self.assertDynamoError('ValidationException',
                                    'Item size to update has exceeded the maximum allowed size'):
            self.update({'PK': pk}, {'b': {'Action': 'PUT', 'Value': S('a' * 409600)}})
        self.assertItem('hash', {'PK': pk}, None)

    def test_consumed_capacity(self):
        # dynalite "should return ConsumedCapacity for creating small item".
        resp = self.update({'PK': self.pk()}, {'b': {'Value': S('b')}}, ReturnConsumedCapacity='INDEXES')
        self.assertEqual(without_metadata(resp), {'ConsumedCapacity': {
            'TableName': TABLES['hash'], 'CapacityUnits': 1.0, 'Table': {'CapacityUnits': 1.0}}})


# --------------------------------------------------------- AttributesToGet

class AttributesToGetTest(LegacyTestCase):

    def test_get_item(self):
        # conformance tier3 legacy-api/attributesToGet; Alternator
        # test_getitem_attributes_to_get: the key is not added, absent names
        # are left out, and an item with none of them comes back empty.
        pk = self.pk()
        self.put('hash', {'PK': pk, 'name': S('alice'), 'age': N(30), 'role': S('admin')})
        for wanted, want in ((['name', 'age'], {'name': S('alice'), 'age': N(30)}),
                             (['PK', 'role'], {'PK': pk, 'role': S('admin')}),
                             (['name', 'nonexistent'], {'name': S('alice')}),
                             (['nonexistent'], {})):
            with self.subTest(wanted=wanted):
                resp = self.ddb.get_item(TableName=TABLES['hash'], Key={'PK': pk}, AttributesToGet=wanted,
                                         ConsistentRead=True)
                self.assertEqual(without_metadata(resp), {'Item': want})

    def test_names_are_not_paths(self):
        # UNVERIFIED (inference: AttributesToGet lists attribute names).
        pk = self.pk()
        self.put('hash', {'PK': pk, 'a.b': S('dotted'), 'a': M(b=S('nested'))})
        resp = self.ddb.get_item(TableName=TABLES['hash'], Key={'PK': pk}, AttributesToGet=['a.b'],
                                 ConsistentRead=True)
        self.assertEqual(resp['Item'], {'a.b': S('dotted')})

    def test_query_and_scan(self):
        resp = self.ddb.query(TableName=TABLES['filter'], AttributesToGet=['SK', 'n'],
                              KeyConditions={'PK': cond('EQ', PARTITION)}, ConsistentRead=True)
        self.assertEqual(resp['Items'], [{'SK': S('a'), 'n': N(1)}, {'SK': S('b'), 'n': N(2)},
                                         {'SK': S('c'), 'n': N(10)}, {'SK': S('d')}])
        resp = self.ddb.scan(TableName=TABLES['filter'], AttributesToGet=['SK', 'r'])
        self.assertEqual(sorted(resp['Items'], key=lambda it: it['SK']['S']),
                         [{'SK': S('a'), 'r': S('rx')}, {'SK': S('b')}, {'SK': S('c'), 'r': N(5)},
                          {'SK': S('d')}])

    def test_duplicates(self):
        # dynalite scan.js (exact); Alternator ("Duplicate").
        msg = INVALID + 'Duplicate value in attribute name: a'
        with self.assertDynamoError('ValidationException', msg):
            self.ddb.get_item(TableName=TABLES['hash'], Key={'PK': self.pk()}, AttributesToGet=['a', 'a'])
        with self.assertDynamoError('ValidationException', msg):
            self.ddb.scan(TableName=TABLES['filter'], AttributesToGet=['a', 'a'])

    def test_empty(self):
        # dynalite scan.js (one of its listed errors); Alternator
        # test_getitem_attributes_to_get_empty.
        # boto3 refuses the empty list itself, so the request is sent raw.
        result = harness.raw_request('GetItem', {'TableName': TABLES['hash'], 'Key': {'PK': self.pk()},
                                                 'AttributesToGet': []})
        self.assertRawError(result, 400, harness.TYPE_VALIDATION,
                            "1 validation error detected: Value '[]' at 'attributesToGet' failed to satisfy "
                            'constraint: Member must have length greater than or equal to 1')


# --------------------------------------------------- QueryFilter, ScanFilter

# (attribute, ComparisonOperator, AttributeValueList, the matching sort keys)
FILTER_CASES = [
    ('n', 'EQ', [N(2)], 'b'),
    ('s', 'EQ', [S('alpha')], 'a'),
    ('flag', 'EQ', [BOOL_T], 'a'),
    ('ss', 'EQ', [SS('y', 'x')], 'a'),
    ('l', 'EQ', [L(N(1), S('two'))], 'a'),
    ('r', 'EQ', [S('rx')], 'a'),
    # An absent attribute, or one of another type, is not equal.
    ('n', 'NE', [N(2)], 'acd'),
    ('r', 'NE', [S('rx')], 'bcd'),
    ('n', 'LT', [N(10)], 'ab'),
    ('n', 'LE', [N(10)], 'abc'),
    ('n', 'GE', [N(2)], 'bc'),
    ('s', 'GT', [S('alpha')], 'bcd'),
    ('b', 'LT', [B(b'\x02')], 'a'),
    ('b', 'GT', [B(b'\x02')], 'c'),
    ('r', 'NOT_NULL', [], 'ac'),
    ('r', 'NULL', [], 'bd'),
    # A NULL-typed attribute exists.
    ('nul', 'NULL', [], 'acd'),
    ('nul', 'NOT_NULL', [], 'b'),
    ('s', 'CONTAINS', [S('alpha')], 'ac'),
    ('ss', 'CONTAINS', [S('y')], 'ab'),
    ('l', 'CONTAINS', [N(3)], 'b'),
    ('l', 'CONTAINS', [S('two')], 'a'),
    ('ns', 'CONTAINS', [N(2)], 'c'),
    ('b', 'CONTAINS', [B(b'\x01')], 'ac'),
    ('s', 'NOT_CONTAINS', [S('alpha')], 'bd'),
    # NOT_CONTAINS of an absent attribute is false, as for Expected
    # (Alternator test_update_expected_1_not_contains; UNVERIFIED for filters).
    ('ss', 'NOT_CONTAINS', [S('x')], 'b'),
    ('n', 'IN', [N(1), N(10)], 'ac'),
    ('s', 'IN', [S('beta'), S('gamma'), S('zeta')], 'bd'),
    ('n', 'BETWEEN', [N(2), N(10)], 'bc'),
    ('s', 'BETWEEN', [S('b'), S('c')], 'b'),
    ('s', 'BEGINS_WITH', [S('alpha')], 'ac'),
    ('b', 'BEGINS_WITH', [B(b'\x05')], 'c'),
    ('n', 'BEGINS_WITH', [S('1')], ''),
]


class FilterTestCase(LegacyTestCase):

    def query(self, query_filter, **kwargs):
        return self.ddb.query(TableName=TABLES['filter'], KeyConditions={'PK': cond('EQ', PARTITION)},
                              QueryFilter=query_filter, ConsistentRead=True, **kwargs)

    def scan(self, scan_filter, **kwargs):
        return self.ddb.scan(TableName=TABLES['filter'], ScanFilter=scan_filter, **kwargs)

    def sks(self, resp, ordered=True):
        keys = [it['SK']['S'] for it in resp['Items']]
        return ''.join(keys if ordered else sorted(keys))


class QueryFilterTest(FilterTestCase):

    def test_every_comparison_operator(self):
        for attr_name, op, values, want in FILTER_CASES:
            with self.subTest(attr=attr_name, op=op, values=values):
                resp = self.query({attr_name: cond(op, *values)})
                self.assertEqual(self.sks(resp), want)
                self.assertEqual(resp['Items'], [filter_item(sk) for sk in want])

    def test_counts(self):
        # conformance tier3 legacy-api/queryFilter (ScannedCount counts every
        # item read).
        resp = self.query({'n': cond('LT', N(10))})
        self.assertEqual((resp['Count'], resp['ScannedCount']), (2, 4))

    def test_and_or(self):
        # Alternator test_query_filter_and/_or.
        two = {'s': cond('BEGINS_WITH', S('alpha')), 'n': cond('GT', N(1))}
        self.assertEqual(self.sks(self.query(two)), 'c')
        self.assertEqual(self.sks(self.query(two, ConditionalOperator='AND')), 'c')
        self.assertEqual(self.sks(self.query(two, ConditionalOperator='OR')), 'abc')

    def test_an_empty_filter_is_no_filter(self):
        # Alternator test_query_filter_empty.
        self.assertEqual(self.sks(self.query({})), 'abcd')

    def test_key_attributes_are_refused(self):
        # dynalite query.js (exact); Alternator test_query_filter_sort_key_2.
        for query_filter, name in (({'SK': cond('EQ', S('a'))}, 'SK'),
                                   ({'PK': cond('EQ', PARTITION)}, 'PK'),
                                   ({'SK': cond('EQ', S('a')), 'n': cond('EQ', N(1))}, 'SK')):
            with self.subTest(filter=query_filter):
                with self.assertDynamoError(
                        'ValidationException',
                        'QueryFilter can only contain non-primary key attributes: Primary key '
                        f'attribute: {name}'):
                    self.query(query_filter)

    def test_argument_counts(self):
        # dynalite scan.js messages, which name only the operator.
        with self.assertDynamoError('ValidationException', args('BETWEEN')):
            self.query({'n': cond('BETWEEN', N(1))})
        with self.assertDynamoError('ValidationException', args('NULL')):
            self.query({'n': cond('NULL', N(1))})

    def test_unknown_operator(self):
        # dynalite scan.js ("incorrect attributes", the filter's arm);
        # Alternator test_query_filter_unknown_operator / _case_sensitive.
        for op in ('DOG', 'eq'):
            with self.subTest(op=op):
                with self.assertDynamoError(
                        'ValidationException',
                        f"1 validation error detected: Value '{op}' at "
                        "'queryFilter.n.member.comparisonOperator' failed to satisfy constraint: Member "
                        'must satisfy enum value set: [IN, NULL, BETWEEN, LT, NOT_CONTAINS, EQ, GT, '
                        'NOT_NULL, NE, LE, BEGINS_WITH, GE, CONTAINS]'):
                    self.query({'n': cond(op, N(3))})


class ScanFilterTest(FilterTestCase):

    def test_every_comparison_operator(self):
        for attr_name, op, values, want in FILTER_CASES:
            with self.subTest(attr=attr_name, op=op, values=values):
                resp = self.scan({attr_name: cond(op, *values)})
                self.assertEqual(self.sks(resp, ordered=False), want)
                self.assertEqual((resp['Count'], resp['ScannedCount']), (len(want), 4))

    def test_filters_on_keys(self):
        # ScanFilter may name the keys (unlike QueryFilter).
        resp = self.scan({'PK': cond('EQ', PARTITION), 'SK': cond('BETWEEN', S('b'), S('c'))})
        self.assertEqual(self.sks(resp, ordered=False), 'bc')

    def test_and_or(self):
        # conformance tier3 legacy-api/scanFilter (AND).
        two = {'s': cond('BEGINS_WITH', S('alpha')), 'n': cond('GT', N(1))}
        self.assertEqual(self.sks(self.scan(two, ConditionalOperator='AND'), ordered=False), 'c')
        self.assertEqual(self.sks(self.scan(two, ConditionalOperator='OR'), ordered=False), 'abc')

    def test_argument_counts(self):
        # dynalite scan.js (exact), for every operator.
        cases = [('EQ', None), ('EQ', [S('a'), S('a')]), ('NE', None), ('NE', [S('a'), S('a')]),
                 ('LE', None), ('LE', [S('a'), S('a')]), ('LT', None), ('LT', [S('a'), S('a')]),
                 ('GE', None), ('GE', [S('a'), S('a')]), ('GT', None), ('GT', [S('a'), S('a')]),
                 ('CONTAINS', None), ('CONTAINS', [S('a'), S('a')]),
                 ('NOT_CONTAINS', None), ('NOT_CONTAINS', [S('a'), S('a')]),
                 ('BEGINS_WITH', None), ('BEGINS_WITH', [S('a'), S('a')]),
                 ('IN', None), ('IN', []), ('BETWEEN', None), ('BETWEEN', [S('a')]),
                 ('BETWEEN', [S('a'), S('a'), S('a')]), ('NULL', [S('a')]), ('NOT_NULL', [S('a')])]
        for op, values in cases:
            with self.subTest(op=op, values=values):
                condition = {'ComparisonOperator': op}
                if values is not None:
                    condition['AttributeValueList'] = values
                with self.assertDynamoError('ValidationException', args(op)):
                    self.scan({'a': condition})

    def test_argument_types(self):
        # dynalite scan.js (exact).
        sets = ((SS('a'), 'SS'), (NS(1), 'NS'), (BS(b'\x01'), 'BS'))
        ops = ('LE', 'LT', 'GE', 'GT', 'CONTAINS', 'NOT_CONTAINS', 'BEGINS_WITH', 'IN')
        cases = [(op, [v], t) for op in ops for v, t in sets]
        cases += [('BEGINS_WITH', [N(1)], 'N')]
        cases += [('BETWEEN', [S('a'), v], t) for v, t in sets]
        for op, values, type_name in cases:
            with self.subTest(op=op, type=type_name):
                with self.assertDynamoError('ValidationException', not_valid(op, type_name)):
                    self.scan({'a': cond(op, *values)})

    def test_set_operands_are_fine_for_equality(self):
        # dynalite scan.js: EQ on SS reaches the table lookup.
        with self.assertDynamoError('ResourceNotFoundException', 'Requested resource not found'):
            self.ddb.scan(TableName=harness.unique_table_name(), ScanFilter={'a': cond('EQ', SS('a'))})

    def test_values_of_different_types(self):
        # dynalite query.js/deleteItem.js (exact; KeyConditions and Expected).
        with self.assertDynamoError('ValidationException',
                                    INVALID + 'AttributeValues inside AttributeValueList must be of '
                                    'same type'):
            self.scan({'a': cond('IN', S('b'), N(1))})

    def test_unknown_operator(self):
        with self.assertDynamoError(
                'ValidationException',
                "1 validation error detected: Value 'DOG' at 'scanFilter.n.member.comparisonOperator' "
                'failed to satisfy constraint: Member must satisfy enum value set: [IN, NULL, BETWEEN, '
                'LT, NOT_CONTAINS, EQ, GT, NOT_NULL, NE, LE, BEGINS_WITH, GE, CONTAINS]'):
            self.scan({'n': cond('DOG', N(3))})


# ---------------------------------------------------------------- mixing

class MixingTest(LegacyTestCase):
    """Legacy and expression parameters cannot meet in one request."""

    def test_expected_with_condition_expression(self):
        # dynalite putItem.js/deleteItem.js; conformance (exact).
        msg = MIXED + 'Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}'
        with self.assertDynamoError('ValidationException', msg):
            self.put('hash', {'PK': self.pk()}, Expected={'PK': {'Exists': False}},
                     ConditionExpression='attribute_not_exists(PK)')
        with self.assertDynamoError('ValidationException', msg):
            self.ddb.delete_item(TableName=TABLES['hash'], Key={'PK': self.pk()},
                                 Expected={'a': {'Exists': False}},
                                 ConditionExpression='attribute_not_exists(a)')

    def test_attribute_updates_with_update_expression(self):
        # conformance tier3 error-messages/updateItem (exact).
        with self.assertDynamoError(
                'ValidationException',
                MIXED + 'Non-expression parameters: {AttributeUpdates} '
                'Expression parameters: {UpdateExpression}'):
            self.update({'PK': self.pk()}, {'attr1': {'Value': S('val'), 'Action': 'PUT'}},
                        UpdateExpression='SET attr1 = :v', ExpressionAttributeValues={':v': S('val')})

    def test_all_four_on_update_item(self):
        # dynalite updateItem.js (exact).
        with self.assertDynamoError(
                'ValidationException',
                MIXED + 'Non-expression parameters: {AttributeUpdates, Expected} '
                'Expression parameters: {UpdateExpression, ConditionExpression}'):
            self.update({'PK': self.pk()}, {'a': {'Value': S('x')}}, Expected={'a': {'Exists': False}},
                        UpdateExpression='SET b = :v', ConditionExpression='attribute_not_exists(b)',
                        ExpressionAttributeValues={':v': S('x')})

    def test_one_legacy_and_one_expression_on_update_item(self):
        # Alternator test_update_expression_and_expected and
        # test_condition_expression_attribute_updates check only the
        # parameter names (UNVERIFIED whole text, from the pattern above).
        with self.assertDynamoError(
                'ValidationException',
                MIXED + 'Non-expression parameters: {Expected} Expression parameters: {UpdateExpression}'):
            self.update({'PK': self.pk()}, UpdateExpression='SET a = :v',
                        ExpressionAttributeValues={':v': N(2)},
                        Expected={'a': cond('EQ', N(1))})
        with self.assertDynamoError(
                'ValidationException',
                MIXED + 'Non-expression parameters: {AttributeUpdates} '
                'Expression parameters: {ConditionExpression}'):
            self.update({'PK': self.pk()}, {'a': {'Value': N(1), 'Action': 'PUT'}},
                        ConditionExpression='a = :old', ExpressionAttributeValues={':old': N(2)})

    def test_attributes_to_get_with_projection_expression(self):
        with self.assertDynamoError(
                'ValidationException',
                MIXED + 'Non-expression parameters: {AttributesToGet} '
                'Expression parameters: {ProjectionExpression}'):
            self.ddb.get_item(TableName=TABLES['hash'], Key={'PK': self.pk()}, AttributesToGet=['name'],
                              ProjectionExpression='#n', ExpressionAttributeNames={'#n': 'name'})

    def test_scan_filter_with_filter_expression(self):
        with self.assertDynamoError(
                'ValidationException',
                MIXED + 'Non-expression parameters: {ScanFilter} '
                'Expression parameters: {FilterExpression}'):
            self.ddb.scan(TableName=TABLES['filter'], ScanFilter={'n': cond('EQ', N(10))},
                          FilterExpression='n = :v', ExpressionAttributeValues={':v': N(10)})

    def test_every_scan_parameter(self):
        # dynalite scan.js (exact): ConditionalOperator counts as legacy.
        with self.assertDynamoError(
                'ValidationException',
                MIXED + 'Non-expression parameters: {AttributesToGet, ScanFilter, ConditionalOperator} '
                'Expression parameters: {ProjectionExpression, FilterExpression}'):
            self.ddb.scan(TableName=TABLES['filter'], AttributesToGet=['a'], ConditionalOperator='OR',
                          ScanFilter={'n': cond('EQ', N(10)), 's': cond('NULL')},
                          ProjectionExpression='a', FilterExpression='n = :v',
                          ExpressionAttributeValues={':v': N(1)})

    def test_query_filter_with_filter_expression(self):
        # Every expression present is listed: QueryFilter conflicts with
        # KeyConditionExpression too (floci's capture from the service:
        # "{QueryFilter} Expression parameters: {KeyConditionExpression}").
        with self.assertDynamoError(
                'ValidationException',
                MIXED + 'Non-expression parameters: {QueryFilter} '
                'Expression parameters: {FilterExpression, KeyConditionExpression}'):
            self.ddb.query(TableName=TABLES['filter'], KeyConditionExpression='PK = :p',
                           QueryFilter={'n': cond('EQ', N(10))}, FilterExpression='n = :v',
                           ExpressionAttributeValues={':v': N(10), ':p': PARTITION})

    def test_every_query_parameter(self):
        # dynalite query.js (exact).
        with self.assertDynamoError(
                'ValidationException',
                MIXED + 'Non-expression parameters: {AttributesToGet, QueryFilter, ConditionalOperator, '
                'KeyConditions} Expression parameters: {ProjectionExpression, FilterExpression, '
                'KeyConditionExpression}'):
            self.ddb.query(TableName=TABLES['filter'], AttributesToGet=['a'], ConditionalOperator='OR',
                           QueryFilter={'n': cond('EQ', N(10)), 's': cond('NULL')},
                           KeyConditions={'PK': cond('EQ', PARTITION)}, ProjectionExpression='a',
                           FilterExpression='n = :v', KeyConditionExpression='PK = :p',
                           ExpressionAttributeValues={':v': N(1), ':p': PARTITION})

    def test_placeholder_maps_with_only_legacy_parameters(self):
        # dynalite putItem.js, updateItem.js, scan.js, query.js (exact).
        names_msg = 'ExpressionAttributeNames can only be specified when using expressions'
        calls = [
            (self.put, {'table': 'hash', 'item': {'PK': self.pk()}, 'Expected': {'a': {'Exists': False}}},
             'ConditionExpression is null'),
            (self.update, {'key_': {'PK': self.pk()}, 'updates': {'a': {'Value': S('x')}}},
             'UpdateExpression and ConditionExpression are null'),
            (self.ddb.scan, {'TableName': TABLES['filter'], 'ScanFilter': {'n': cond('EQ', N(1))}},
             'FilterExpression is null'),
            (self.ddb.query,
             {'TableName': TABLES['filter'], 'KeyConditions': {'PK': cond('EQ', PARTITION)}},
             'FilterExpression and KeyConditionExpression are null'),
        ]
        for call, kwargs, null in calls:
            with self.subTest(operation=call.__name__):
                with self.assertDynamoError('ValidationException', names_msg):
                    call(ExpressionAttributeNames={'#a': 'a'}, **kwargs)
                with self.assertDynamoError(
                        'ValidationException',
                        f'ExpressionAttributeValues can only be specified when using expressions: {null}'):
                    call(ExpressionAttributeValues={':a': S('a')}, **kwargs)


if __name__ == '__main__':
    unittest.main()
