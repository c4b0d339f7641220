"""Item operations through boto3 and raw HTTP: PutItem, GetItem, DeleteItem,
AttributeValue types, numbers, sets, key validation, size limits,
ReturnValues, ProjectionExpression, consumed capacity, and the JSON 1.0
protocol's own errors.

Expected values are the real service's (us-east-1). Sources are named where
the service surprises: dynamodb-conformance (nubo-db; captures against the
service, 2026), the ack-api-quirks DynamoDB catalogue (probed 2026-10),
dynalite's tests (recorded against the service) and ScyllaDB Alternator's
tests (run against the service). "UNVERIFIED" marks a value resting on one
older source or on inference.

Shared tables, one per key schema, with random keys per test (STYLE.md).

Run: DYNAROCK_BIN=build/dynarock python3 -m unittest tests/client/test_items.py
"""

import base64
import os
import sys
import unittest
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import harness  # noqa: E402
from harness import attr, key  # noqa: E402
from harness import (MAX_ITEM_BYTES, MSG_NOT_FOUND, MSG_SCHEMA,  # noqa: E402
                     TYPE_MISSING_TOKEN, TYPE_RESOURCE_NOT_FOUND, TYPE_SERIALIZATION,
                     TYPE_UNKNOWN_OPERATION, TYPE_VALIDATION, SharedTablesTestCase,
                     canonical_item, keys_not_matching_schema, pad_item, random_string,
                     unique_table_name, without_metadata)

TABLES = {}


def setUpModule():
    harness.start_module_server()
    ddb = harness.client()
    TABLES['hash'] = harness.hash_table(ddb)
    TABLES['range'] = harness.range_table(ddb)
    TABLES['hash_n'] = harness.hash_table(ddb, 'N')
    TABLES['hash_b'] = harness.hash_table(ddb, 'B')
    TABLES['range_n'] = harness.range_table(ddb, 'S', 'N')
    # The layout dynamodb-conformance used to measure index write capacity
    # (tests/tier1/putItem/indexConsumedCapacity.test.ts).
    TABLES['indexed'] = harness.indexed_table(
        ddb, gsi_projection={'ProjectionType': 'INCLUDE', 'NonKeyAttributes': ['proj']})


def tearDownModule():
    harness.stop_module_server()


class ItemsTestCase(SharedTablesTestCase):

    TABLES = TABLES


class AttributeValueTest(ItemsTestCase):

    def test_every_type_round_trips(self):
        item = {
            'PK': self.pk(),
            's': {'S': 'hello ☃ world'},
            'n': {'N': '-56.789'},
            'b': {'B': b'\x00\x01\xfe\xff'},
            'bool_t': {'BOOL': True},
            'bool_f': {'BOOL': False},
            'null': {'NULL': True},
            'ss': {'SS': ['a', 'b', 'c']},
            'ns': {'NS': ['1', '-2.5', '300']},
            'bs': {'BS': [b'\x01', b'\x02\x03']},
            'l': {'L': [{'S': 'a'}, {'N': '1'}, {'B': b'x'}, {'BOOL': True}, {'NULL': True},
                        {'SS': ['x']}, {'NS': ['2']}, {'BS': [b'y']}, {'L': []}, {'M': {}}]},
            'm': {'M': {'a': {'S': 'a'}, 'nested': {'M': {'deep': {'L': [{'N': '3'}]}}}}},
        }
        self.assertEqual(without_metadata(self.put('hash', item)), {})
        got = self.get('hash', {'PK': item['PK']})
        self.assertEqual(set(without_metadata(got)), {'Item'})
        self.assertEqual(canonical_item(got['Item']), canonical_item(item))

    def test_empty_values_are_allowed_outside_keys(self):
        # Empty strings and binaries are allowed in non-key attributes since
        # 2020, also inside sets and documents (dynalite putItem.js "should
        # put empty values").
        item = {'PK': self.pk(), 's': {'S': ''}, 'b': {'B': b''}, 'ss': {'SS': ['']},
                'bs': {'BS': [b'']}, 'm': {'M': {'e': {'S': ''}}}, 'l': {'L': [{'S': ''}]},
                'em': {'M': {}}, 'el': {'L': []}}
        self.put('hash', item)
        self.assertEqual(canonical_item(self.get('hash', {'PK': item['PK']})['Item']),
                         canonical_item(item))

    def test_get_of_a_missing_item_has_no_item_member(self):
        got = self.get('hash', {'PK': self.pk()})
        self.assertEqual(without_metadata(got), {})

    def test_put_replaces_the_whole_item(self):
        pk = self.pk()
        self.put('hash', {'PK': pk, 'a': {'S': '1'}, 'b': {'S': '2'}})
        self.put('hash', {'PK': pk, 'c': {'S': '3'}})
        self.assertEqual(self.get('hash', {'PK': pk})['Item'], {'PK': pk, 'c': {'S': '3'}})

    def test_hash_and_range_items_are_distinct(self):
        pk = self.pk()
        for sk in ('a', 'b', 'A', 'a '):
            self.put('range', {'PK': pk, 'SK': {'S': sk}, 'v': {'S': sk}})
        for sk in ('a', 'b', 'A', 'a '):
            got = self.get('range', {'PK': pk, 'SK': {'S': sk}})
            self.assertEqual(got['Item'], {'PK': pk, 'SK': {'S': sk}, 'v': {'S': sk}})

    def test_binary_keys(self):
        pk = {'B': b'\x00\xffkey'}
        self.put('hash_b', {'PK': pk, 'v': {'S': 'x'}})
        self.assertEqual(self.get('hash_b', {'PK': pk})['Item'], {'PK': pk, 'v': {'S': 'x'}})
        self.assertEqual(without_metadata(self.get('hash_b', {'PK': {'B': b'\x00\xffkeY'}})), {})

    def test_delete_item(self):
        pk = self.pk()
        self.put('hash', {'PK': pk, 'a': {'S': '1'}})
        resp = self.ddb.delete_item(TableName=TABLES['hash'], Key={'PK': pk})
        self.assertEqual(without_metadata(resp), {})
        self.assertEqual(without_metadata(self.get('hash', {'PK': pk})), {})

    def test_delete_of_a_missing_item_succeeds(self):
        resp = self.ddb.delete_item(TableName=TABLES['range'],
                                    Key={'PK': self.pk(), 'SK': {'S': 'x'}})
        self.assertEqual(without_metadata(resp), {})

    def test_consistent_read_both_ways(self):
        pk = self.pk()
        self.put('hash', {'PK': pk})
        for consistent in (True, False):
            got = self.ddb.get_item(TableName=TABLES['hash'], Key={'PK': pk},
                                    ConsistentRead=consistent)
            self.assertEqual(got['Item'], {'PK': pk})

    def test_null_false_is_rejected(self):
        # us-east-1 still rejects {NULL: false}; eu-west-2 and eu-central-1
        # began accepting it (as NULL true) in 2026-06 (dynamodb-conformance
        # captures/2026-06-09-validation-rewording.json, nullRoundTrip).
        with self.assertDynamoError(
                'ValidationException',
                'One or more parameter values were invalid: Null attribute value types must '
                'have the value of true'):
            self.put('hash', {'PK': self.pk(), 'n': {'NULL': False}})


class NumberTest(ItemsTestCase):
    """Numbers are exact decimals of up to 38 significant digits, magnitude
    1E-130..9.99..E+125, returned in a normalized plain form."""

    NORMALIZED = [
        ('1E+3', '1000'),
        ('1e3', '1000'),
        ('0.50', '0.5'),
        ('00042', '42'),
        ('-0', '0'),
        ('0.000', '0'),
        ('1.5E2', '150'),
        ('3.1400', '3.14'),
        ('+3', '3'),              # UNVERIFIED output form (input accepted per Alternator)
        ('.123', '0.123'),        # UNVERIFIED output form (input accepted per Alternator)
        ('-17e5', '-1700000'),
        # dynalite putItem.js "should put really long numbers" (exact outputs):
        ('0000012345678901234567890123456789012345678', '12345678901234567890123456789012345678'),
        ('-00001.23456789012345678901234567890123456780000',
         '-1.2345678901234567890123456789012345678'),
        ('0009.99999999999999999999999999999999999990000e125', '9' * 38 + '0' * 88),
        ('-0009.99999999999999999999999999999999999990000e125', '-' + '9' * 38 + '0' * 88),
        ('0001.000e-130', '0.' + '0' * 129 + '1'),
        ('-0001.000e-130', '-0.' + '0' * 129 + '1'),
    ]

    def test_numbers_are_returned_normalized(self):
        for given, returned in self.NORMALIZED:
            with self.subTest(given=given):
                pk = self.pk()
                self.put('hash', {'PK': pk, 'n': {'N': given}})
                self.assertEqual(self.get('hash', {'PK': pk})['Item']['n'], {'N': returned})

    def test_number_sets_are_normalized(self):
        pk = self.pk()
        self.put('hash', {'PK': pk, 'ns': {'NS': ['1E+3', '0.50', '-0']}})
        got = self.get('hash', {'PK': pk})['Item']['ns']['NS']
        self.assertCountEqual(got, ['1000', '0.5', '0'])

    def test_numbers_inside_documents_are_normalized(self):
        pk = self.pk()
        self.put('hash', {'PK': pk, 'm': {'M': {'a': {'N': '1E+2'}}},
                          'l': {'L': [{'N': '007'}]}})
        got = self.get('hash', {'PK': pk})['Item']
        self.assertEqual(got['m'], {'M': {'a': {'N': '100'}}})
        self.assertEqual(got['l'], {'L': [{'N': '7'}]})

    def test_number_keys_match_by_value(self):
        # 1.50, 15E-1 and 1.5 are one key.
        self.put('hash_n', {'PK': {'N': '1.50'}, 'v': {'S': 'a'}})
        for spelling in ('1.5', '15E-1', '001.5000'):
            with self.subTest(spelling=spelling):
                got = self.get('hash_n', {'PK': {'N': spelling}})
                self.assertEqual(got['Item'], {'PK': {'N': '1.5'}, 'v': {'S': 'a'}})

    def test_thirty_eight_significant_digits_round_trip(self):
        for num in ('12345678901234567890123456789012345678',
                    '3.1415926535897932384626433832795028841',
                    '9.9999999999999999999999999999999999999E+125'):
            with self.subTest(num=num):
                pk = self.pk()
                self.put('hash', {'PK': pk, 'n': {'N': num}})
                got = self.get('hash', {'PK': pk})['Item']['n']['N']
                if 'E' not in num:
                    self.assertEqual(got, num)
                else:
                    self.assertEqual(got, '9' * 38 + '0' * 88)

    def test_thirty_nine_significant_digits_are_rejected(self):
        # dynalite putItem.js; Alternator test_number.py (matches "significant").
        for num in ('123456789012345678901234567890123456789',
                    '-1.23456789012345678901234567890123456789',
                    '3.14159265358979323846264338327950288419'):
            with self.subTest(num=num):
                with self.assertDynamoError(
                        'ValidationException',
                        'Attempting to store more than 38 significant digits in a Number'):
                    self.put('hash', {'PK': self.pk(), 'n': {'N': num}})

    def test_overflow_is_rejected(self):
        for num in ('1E+126', '-1E+126', '10E+125'):
            with self.subTest(num=num):
                with self.assertDynamoError(
                        'ValidationException',
                        'Number overflow. Attempting to store a number with magnitude larger '
                        'than supported range'):
                    self.put('hash', {'PK': self.pk(), 'n': {'N': num}})

    def test_underflow_is_rejected(self):
        for num in ('1E-131', '-1E-131', '0.9E-130'):
            with self.subTest(num=num):
                with self.assertDynamoError(
                        'ValidationException',
                        'Number underflow. Attempting to store a number with magnitude smaller '
                        'than supported range'):
                    self.put('hash', {'PK': self.pk(), 'n': {'N': num}})

    def test_text_that_is_not_a_number_is_rejected(self):
        # dynalite putItem.js (the text is echoed after the colon); Alternator
        # test_number.py test_invalid_numbers (matches "numeric").
        for num in ('abc', 'NaN', 'Infinity', '1.2.3', '1e'):
            with self.subTest(num=num):
                with self.assertDynamoError(
                        'ValidationException',
                        f'The parameter cannot be converted to a numeric value: {num}'):
                    self.put('hash', {'PK': self.pk(), 'n': {'N': num}})

    def test_invalid_number_in_a_number_set(self):
        with self.assertDynamoError('ValidationException',
                                    'The parameter cannot be converted to a numeric value: b'):
            self.put('hash', {'PK': self.pk(), 'ns': {'NS': ['1', 'b']}})

    def test_invalid_number_key(self):
        with self.assertDynamoError(
                'ValidationException',
                'Number overflow. Attempting to store a number with magnitude larger than '
                'supported range'):
            self.put('hash_n', {'PK': {'N': '1E+126'}})


class SetTest(ItemsTestCase):

    def test_empty_sets_are_rejected(self):
        # us-east-1 wording, without the "1 validation error detected: "
        # envelope that eu-west-2 added in 2026-06 (dynamodb-conformance
        # captures 2026-06-09). Note the two spaces in "set  may".
        cases = [
            ({'SS': []}, 'One or more parameter values were invalid: An string set  may not be empty'),
            ({'NS': []}, 'One or more parameter values were invalid: An number set  may not be empty'),
            # dynalite putItem.js
            ({'BS': []}, 'One or more parameter values were invalid: Binary sets should not be empty'),
        ]
        for value, message in cases:
            with self.subTest(value=value):
                with self.assertDynamoError('ValidationException', message):
                    self.put('hash', {'PK': self.pk(), 'set': value})

    def test_empty_set_inside_a_document_is_rejected(self):
        with self.assertDynamoError(
                'ValidationException',
                'One or more parameter values were invalid: An string set  may not be empty'):
            self.put('hash', {'PK': self.pk(), 'l': {'L': [{'SS': []}]}})

    def test_duplicate_string_set_members_are_rejected(self):
        # us-east-1 renders [a, a]; newer regions ["a", "a"] (conformance
        # captures 2026-06-09).
        with self.assertDynamoError(
                'ValidationException',
                'One or more parameter values were invalid: Input collection [a, a] contains '
                'duplicates.'):
            self.put('hash', {'PK': self.pk(), 'ss': {'SS': ['a', 'a']}})

    def test_duplicate_number_set_members_are_rejected(self):
        # UNVERIFIED (dynalite putItem.js): no prefix, no values, no period.
        with self.assertDynamoError('ValidationException', 'Input collection contains duplicates'):
            self.put('hash', {'PK': self.pk(), 'ns': {'NS': ['1', '1']}})

    def test_duplicate_binary_set_members_are_rejected(self):
        # UNVERIFIED (dynalite putItem.js): base64 members, no space before "of".
        with self.assertDynamoError(
                'ValidationException',
                'One or more parameter values were invalid: Input collection [AQ==, AQ==]of '
                'type BS contains duplicates.'):
            self.put('hash', {'PK': self.pk(), 'bs': {'BS': [b'\x01', b'\x01']}})


class KeyValidationTest(ItemsTestCase):

    def test_put_without_the_hash_key(self):
        # dynalite putItem.js.
        for item in ({}, {'b': {'S': 'a'}}):
            with self.subTest(item=item):
                with self.assertDynamoError(
                        'ValidationException',
                        'One or more parameter values were invalid: Missing the key PK in the item'):
                    self.put('hash', item)

    def test_put_without_the_range_key(self):
        with self.assertDynamoError(
                'ValidationException',
                'One or more parameter values were invalid: Missing the key SK in the item'):
            self.put('range', {'PK': self.pk()})

    def test_put_with_a_key_of_the_wrong_type(self):
        # dynalite putItem.js: the actual type is named by its JSON tag.
        values = [{'N': '1'}, {'B': b'ab'}, {'BOOL': True}, {'NULL': True}, {'SS': ['a']},
                  {'NS': ['1']}, {'BS': [b'a']}, {'M': {}}, {'L': []}]
        for value in values:
            tag = next(iter(value))
            with self.subTest(tag=tag):
                with self.assertDynamoError(
                        'ValidationException',
                        f'One or more parameter values were invalid: Type mismatch for key PK '
                        f'expected: S actual: {tag}'):
                    self.put('hash', {'PK': value})

    def test_put_with_a_range_key_of_the_wrong_type(self):
        with self.assertDynamoError(
                'ValidationException',
                'One or more parameter values were invalid: Type mismatch for key SK expected: N '
                'actual: S'):
            self.put('range_n', {'PK': self.pk(), 'SK': {'S': '1'}})

    def test_empty_string_key(self):
        # Wording "are not valid." (not "were invalid:"), for PutItem and
        # GetItem alike (dynamodb-conformance tier3 putItem/getItem, exact).
        message = ('One or more parameter values are not valid. The AttributeValue for a key '
                   'attribute cannot contain an empty string value. Key: PK')
        with self.assertDynamoError('ValidationException', message):
            self.put('hash', {'PK': {'S': ''}})
        with self.assertDynamoError('ValidationException', message):
            self.get('hash', {'PK': {'S': ''}})
        with self.assertDynamoError('ValidationException', message):
            self.ddb.delete_item(TableName=TABLES['hash'], Key={'PK': {'S': ''}})

    def test_empty_string_range_key(self):
        with self.assertDynamoError(
                'ValidationException',
                'One or more parameter values are not valid. The AttributeValue for a key '
                'attribute cannot contain an empty string value. Key: SK'):
            self.put('range', {'PK': self.pk(), 'SK': {'S': ''}})

    def test_empty_binary_key(self):
        message = ('One or more parameter values are not valid. The AttributeValue for a key '
                   'attribute cannot contain an empty binary value. Key: PK')
        with self.assertDynamoError('ValidationException', message):
            self.put('hash_b', {'PK': {'B': b''}})
        with self.assertDynamoError('ValidationException', message):
            self.get('hash_b', {'PK': {'B': b''}})

    def test_get_with_a_key_that_does_not_match_the_schema(self):
        # One message for every shape of wrong key on GetItem/DeleteItem
        # (dynalite getItem.js; conformance tier3 getItem, exact).
        for table, key_ in keys_not_matching_schema(self.pk()):
            with self.subTest(table=table, key=key_):
                with self.assertDynamoError('ValidationException', MSG_SCHEMA):
                    self.get(table, key_)
                with self.assertDynamoError('ValidationException', MSG_SCHEMA):
                    self.ddb.delete_item(TableName=TABLES[table], Key=key_)

    def test_gsi_key_of_the_wrong_type(self):
        # dynalite putItem.js ("Index Key", capitalised "Expected"/"Actual").
        with self.assertDynamoError(
                'ValidationException',
                'One or more parameter values were invalid: Type mismatch for Index Key GK '
                'Expected: S Actual: N IndexName: gsi'):
            self.put('indexed', {'PK': self.pk(), 'SK': {'S': 'a'}, 'GK': {'N': '1'}})

    def test_lsi_key_of_the_wrong_type(self):
        with self.assertDynamoError(
                'ValidationException',
                'One or more parameter values were invalid: Type mismatch for Index Key LK '
                'Expected: S Actual: B IndexName: lsi'):
            self.put('indexed', {'PK': self.pk(), 'SK': {'S': 'a'}, 'LK': {'B': b'1'}})

    def test_empty_string_gsi_key(self):
        # UNVERIFIED exact text (the 2020 empty-value launch wording, seen in
        # client issue reports).
        with self.assertDynamoError(
                'ValidationException',
                'One or more parameter values are not valid. A value specified for a secondary '
                'index key is not supported. The AttributeValue for a key attribute cannot '
                'contain an empty string value. IndexName: gsi, IndexKey: GK'):
            self.put('indexed', {'PK': self.pk(), 'SK': {'S': 'a'}, 'GK': {'S': ''}})

    def test_index_maintenance_does_not_disturb_the_base_item(self):
        # GSI/LSI entries are written with the item; Query (a later issue)
        # reads them. Here: every shape of index write leaves the item intact.
        pk = self.pk()
        item = {'PK': pk, 'SK': {'S': '1'}, 'GK': {'S': 'g'}, 'LK': {'S': 'l'},
                'proj': {'S': 'p'}, 'other': {'S': 'o'}}
        self.put('indexed', item)
        self.put('indexed', item)  # identical overwrite
        item2 = dict(item, GK={'S': 'g2'})
        del item2['LK']
        self.put('indexed', item2)  # index key moved and removed
        sparse = {'PK': pk, 'SK': {'S': '2'}, 'other': {'S': 'x'}}
        self.put('indexed', sparse)
        self.assertEqual(self.get('indexed', {'PK': pk, 'SK': {'S': '1'}})['Item'], item2)
        self.assertEqual(self.get('indexed', {'PK': pk, 'SK': {'S': '2'}})['Item'], sparse)
        self.ddb.delete_item(TableName=TABLES['indexed'], Key={'PK': pk, 'SK': {'S': '1'}})
        self.assertEqual(without_metadata(self.get('indexed', {'PK': pk, 'SK': {'S': '1'}})), {})


class TableNameOnItemsTest(ItemsTestCase):

    def test_missing_table(self):
        # Data-plane calls say only "Requested resource not found", without
        # the table name (conformance tier3 getItem, exact; dynalite).
        name = unique_table_name()
        msg = MSG_NOT_FOUND
        with self.assertDynamoError('ResourceNotFoundException', msg):
            self.ddb.put_item(TableName=name, Item={'PK': {'S': 'a'}})
        with self.assertDynamoError('ResourceNotFoundException', msg):
            self.ddb.get_item(TableName=name, Key={'PK': {'S': 'a'}})
        with self.assertDynamoError('ResourceNotFoundException', msg):
            self.ddb.delete_item(TableName=name, Key={'PK': {'S': 'a'}})

    def test_table_name_outside_the_pattern(self):
        # The service validates the name before looking the table up
        # (conformance captures 2026-06-09, all regions; Alternator PR 12608).
        with self.assertDynamoError(
                'ValidationException',
                "1 validation error detected: Value 'bad table!@#' at 'tableName' failed to "
                "satisfy constraint: Member must satisfy regular expression pattern: "
                "[a-zA-Z0-9_.-]+"):
            self.ddb.put_item(TableName='bad table!@#', Item={'PK': {'S': 'a'}})

    def test_table_name_too_long(self):
        name = 'a' * 256
        with self.assertDynamoError(
                'ValidationException',
                f"1 validation error detected: Value '{name}' at 'tableName' failed to satisfy "
                "constraint: Member must have length less than or equal to 255"):
            self.ddb.get_item(TableName=name, Key={'PK': {'S': 'a'}})

    def test_empty_table_name(self):
        # boto3 refuses '' itself: raw JSON. us-east-1 wording (eu-west-2
        # says "Value at 'TableName'"; conformance captures 2026-06-09).
        result = harness.raw_request('PutItem', {'TableName': '', 'Item': {'PK': {'S': 'a'}}})
        self.assertRawError(result, 400, TYPE_VALIDATION,
                            "1 validation error detected: Value '' at 'tableName' failed to "
                            "satisfy constraint: Member must have length greater than or equal to 1")


class SizeLimitTest(ItemsTestCase):
    """The 400 KB item limit is exactly 409,600 bytes by the service's sizing
    (dynamodb-conformance tests/tier3/limits/itemSize.test.ts, captured
    2026-08-18: 409,600 accepted, 409,601 refused)."""

    ITEM_TOO_LARGE = 'Item size has exceeded the maximum allowed size'

    def test_item_exactly_at_the_limit_is_accepted(self):
        item = pad_item({'PK': self.pk(), 'a': {'S': 'x'}, 'bb': {'B': b'\x01' * 10}},
                        MAX_ITEM_BYTES)
        self.put('hash', item)
        self.assertEqual(self.get('hash', {'PK': item['PK']})['Item'], item)

    def test_item_one_byte_over_the_limit_is_rejected(self):
        item = pad_item({'PK': self.pk()}, MAX_ITEM_BYTES + 1)
        with self.assertDynamoError('ValidationException', self.ITEM_TOO_LARGE):
            self.put('hash', item)
        self.assertEqual(without_metadata(self.get('hash', {'PK': item['PK']})), {})

    def test_attribute_names_count_in_utf8(self):
        # A name of 3-byte characters costs 3 bytes each.
        base = {'PK': self.pk(), '☃☃': {'S': 'é'}}  # 6 + 2 bytes
        self.put('hash', pad_item(base, MAX_ITEM_BYTES))
        with self.assertDynamoError('ValidationException', self.ITEM_TOO_LARGE):
            self.put('hash', pad_item(dict(base, PK=self.pk()), MAX_ITEM_BYTES + 1))

    # (literal, bytes) captured at the gate (dynamodb-conformance
    # src/item-size.ts CAPTURED_NUMBER_BYTES): 1 + ceil(integer digits/2) +
    # ceil(fraction digits/2) + 1 if negative, over significant digits.
    NUMBER_BYTES = [('0', 1), ('1', 2), ('12', 2), ('123', 3), ('1234', 3),
                    ('12345678901234567890123456789012345678', 20), ('0042', 2), ('100', 2),
                    ('1010', 3), ('0.0000001', 2), ('1E125', 2), ('1.5', 3), ('3.14159', 5),
                    ('123456', 4), ('100.5', 4), ('0.15', 2), ('-42', 3), ('-0', 1)]

    def test_number_sizes_at_the_limit(self):
        for literal, size in self.NUMBER_BYTES:
            with self.subTest(literal=literal):
                pk = self.pk()
                base = {'PK': pk, 'n': {'S': ''}}
                # Size the padding with a placeholder of the number's size.
                fixed = harness.item_size(base) + size + len('pad')
                at = dict(base, n={'N': literal}, pad={'S': 'x' * (MAX_ITEM_BYTES - fixed)})
                self.put('hash', at)
                over = dict(at, PK=self.pk(), pad={'S': 'x' * (MAX_ITEM_BYTES - fixed + 1)})
                with self.assertDynamoError('ValidationException', self.ITEM_TOO_LARGE):
                    self.put('hash', over)

    def test_size_is_checked_before_the_table_is_looked_up(self):
        # An oversized item to a missing table is a ValidationException, not
        # ResourceNotFound (dynalite putItem.js "item is too big" cases).
        item = pad_item({'PK': self.pk()}, MAX_ITEM_BYTES + 1)
        with self.assertDynamoError('ValidationException', self.ITEM_TOO_LARGE):
            self.ddb.put_item(TableName=unique_table_name(), Item=item)

    def test_partition_key_of_2048_bytes_is_accepted(self):
        for value in ('k' * 2048, 'é' * 1024):
            with self.subTest(chars=len(value)):
                self.put('hash', {'PK': {'S': value}})
                self.assertIn('Item', self.get('hash', {'PK': {'S': value}}))

    def test_partition_key_over_2048_bytes_is_rejected(self):
        # Sic "limit of2048" (dynalite putItem.js/getItem.js; the read path is
        # checked too, conformance tier3 keyLength.test.ts).
        message = ('One or more parameter values were invalid: Size of hashkey has exceeded the '
                   'maximum size limit of2048 bytes')
        for value in ('k' * 2049, 'é' * 1024 + 'k'):
            with self.subTest(chars=len(value)):
                with self.assertDynamoError('ValidationException', message):
                    self.put('hash', {'PK': {'S': value}})
                with self.assertDynamoError('ValidationException', message):
                    self.get('hash', {'PK': {'S': value}})

    def test_sort_key_of_1024_bytes_is_accepted(self):
        pk = self.pk()
        self.put('range', {'PK': pk, 'SK': {'S': 's' * 1024}})
        self.assertIn('Item', self.get('range', {'PK': pk, 'SK': {'S': 's' * 1024}}))

    def test_sort_key_over_1024_bytes_is_rejected(self):
        message = ('One or more parameter values were invalid: Aggregated size of all range keys '
                   'has exceeded the size limit of 1024 bytes')
        with self.assertDynamoError('ValidationException', message):
            self.put('range', {'PK': self.pk(), 'SK': {'S': 's' * 1025}})
        with self.assertDynamoError('ValidationException', message):
            self.get('range', {'PK': self.pk(), 'SK': {'S': 's' * 1025}})


class ReturnValuesTest(ItemsTestCase):

    def test_put_all_old_of_a_new_item_returns_nothing(self):
        resp = self.put('hash', {'PK': self.pk()}, ReturnValues='ALL_OLD')
        self.assertEqual(without_metadata(resp), {})

    def test_put_all_old_returns_the_replaced_item(self):
        pk = self.pk()
        old = {'PK': pk, 'a': {'N': '1.50'}, 'ss': {'SS': ['x']}}
        self.put('hash', old)
        resp = self.put('hash', {'PK': pk, 'b': {'S': 'new'}}, ReturnValues='ALL_OLD')
        self.assertEqual(without_metadata(resp),
                         {'Attributes': {'PK': pk, 'a': {'N': '1.5'}, 'ss': {'SS': ['x']}}})

    def test_put_none_returns_nothing(self):
        pk = self.pk()
        self.put('hash', {'PK': pk})
        self.assertEqual(without_metadata(self.put('hash', {'PK': pk}, ReturnValues='NONE')), {})

    def test_put_rejects_the_update_only_return_values(self):
        # dynalite putItem.js.
        for rv in ('UPDATED_OLD', 'ALL_NEW', 'UPDATED_NEW'):
            with self.subTest(rv=rv):
                with self.assertDynamoError('ValidationException',
                                            'ReturnValues can only be ALL_OLD or NONE'):
                    self.put('hash', {'PK': self.pk()}, ReturnValues=rv)

    def test_put_rejects_an_unknown_return_value(self):
        # us-east-1 enum order (conformance captures 2026-06-09, o_put_three_bad_enums).
        with self.assertDynamoError(
                'ValidationException',
                "1 validation error detected: Value 'INVALID' at 'returnValues' failed to satisfy "
                "constraint: Member must satisfy enum value set: "
                "[ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]"):
            self.put('hash', {'PK': self.pk()}, ReturnValues='INVALID')

    def test_unknown_return_consumed_capacity(self):
        with self.assertDynamoError(
                'ValidationException',
                "1 validation error detected: Value 'hi' at 'returnConsumedCapacity' failed to "
                "satisfy constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]"):
            self.get('hash', {'PK': self.pk()}, ReturnConsumedCapacity='hi')

    def test_delete_all_old_returns_the_deleted_item(self):
        pk = self.pk()
        self.put('hash', {'PK': pk, 'a': {'S': '1'}})
        resp = self.ddb.delete_item(TableName=TABLES['hash'], Key={'PK': pk}, ReturnValues='ALL_OLD')
        self.assertEqual(without_metadata(resp), {'Attributes': {'PK': pk, 'a': {'S': '1'}}})
        resp = self.ddb.delete_item(TableName=TABLES['hash'], Key={'PK': pk}, ReturnValues='ALL_OLD')
        self.assertEqual(without_metadata(resp), {})

    def test_delete_rejects_the_update_only_return_values(self):
        # Same text as PutItem (a us-east-1 parity note in a peer's tests).
        with self.assertDynamoError('ValidationException',
                                    'ReturnValues can only be ALL_OLD or NONE'):
            self.ddb.delete_item(TableName=TABLES['hash'], Key={'PK': self.pk()},
                                 ReturnValues='ALL_NEW')


class ProjectionTest(ItemsTestCase):

    def setUp(self):
        self.pk_ = self.pk()
        self.item = {'PK': self.pk_, 'a': {'S': '1'}, 'b': {'N': '2'}, 'c': {'BOOL': True},
                     'name': {'S': 'reserved word'}}
        self.put('hash', self.item)

    def test_top_level_attributes(self):
        got = self.get('hash', {'PK': self.pk_}, ProjectionExpression='a, c')
        self.assertEqual(without_metadata(got), {'Item': {'a': {'S': '1'}, 'c': {'BOOL': True}}})

    def test_key_is_returned_only_when_projected(self):
        got = self.get('hash', {'PK': self.pk_}, ProjectionExpression='PK,b')
        self.assertEqual(got['Item'], {'PK': self.pk_, 'b': {'N': '2'}})

    def test_expression_attribute_names(self):
        # "name" is a reserved word, so it must go through a placeholder.
        got = self.get('hash', {'PK': self.pk_}, ProjectionExpression='#n, a',
                       ExpressionAttributeNames={'#n': 'name'})
        self.assertEqual(got['Item'], {'name': {'S': 'reserved word'}, 'a': {'S': '1'}})

    def test_missing_attributes_are_left_out(self):
        got = self.get('hash', {'PK': self.pk_}, ProjectionExpression='a, zz')
        self.assertEqual(got['Item'], {'a': {'S': '1'}})

    def test_projection_of_only_missing_attributes(self):
        # UNVERIFIED: an existing item whose projection is empty comes back
        # as an empty Item, not as no Item.
        got = self.get('hash', {'PK': self.pk_}, ProjectionExpression='zz')
        self.assertEqual(without_metadata(got), {'Item': {}})

    def test_projection_of_a_missing_item(self):
        got = self.get('hash', {'PK': self.pk()}, ProjectionExpression='a')
        self.assertEqual(without_metadata(got), {})

    def test_reserved_word_without_placeholder(self):
        # dynalite getItem.js: "Attribute name is a reserved keyword;
        # reserved keyword: <word as written>".
        with self.assertDynamoError(
                'ValidationException',
                'Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved '
                'keyword: name'):
            self.get('hash', {'PK': self.pk_}, ProjectionExpression='name')

    def test_unused_expression_attribute_name(self):
        with self.assertDynamoError(
                'ValidationException',
                'Value provided in ExpressionAttributeNames unused in expressions: keys: {#b}'):
            self.get('hash', {'PK': self.pk_}, ProjectionExpression='#a',
                     ExpressionAttributeNames={'#a': 'a', '#b': 'b'})

    def test_undefined_expression_attribute_name(self):
        with self.assertDynamoError(
                'ValidationException',
                'Invalid ProjectionExpression: An expression attribute name used in the document '
                'path is not defined; attribute name: #a'):
            self.get('hash', {'PK': self.pk_}, ProjectionExpression='#a')

    def test_syntax_error(self):
        # dynamodb-conformance tier3 getItem (exact).
        with self.assertDynamoError(
                'ValidationException',
                'Invalid ProjectionExpression: Syntax error; token: "!", near: "!!"'):
            self.get('hash', {'PK': self.pk_}, ProjectionExpression='!!! INVALID !!!')


class ConsumedCapacityTest(ItemsTestCase):
    """ReturnConsumedCapacity. Single-item calls report CapacityUnits only,
    never ReadCapacityUnits/WriteCapacityUnits (those come with transactions);
    INDEXES adds Table and an arm per index actually written, absent
    otherwise (dynamodb-conformance tier1 getItem/putItem consumedCapacity and
    putItem/indexConsumedCapacity, measured against the service)."""

    def cc(self, resp):
        return resp['ConsumedCapacity']

    def total(self, table, units):
        return {'TableName': TABLES[table], 'CapacityUnits': units}

    def test_put_small_item(self):
        resp = self.put('hash', {'PK': self.pk(), 'd': {'S': 'x'}}, ReturnConsumedCapacity='TOTAL')
        self.assertEqual(without_metadata(resp), {'ConsumedCapacity': self.total('hash', 1.0)})

    def test_put_is_one_unit_per_started_kilobyte(self):
        # UNVERIFIED at the byte: assumes the 1 KB rounding uses the same size
        # as the 400 KB gate.
        for size, units in ((1024, 1.0), (1025, 2.0), (2048, 2.0), (3000, 3.0)):
            with self.subTest(size=size):
                item = pad_item({'PK': self.pk()}, size)
                resp = self.put('hash', item, ReturnConsumedCapacity='TOTAL')
                self.assertEqual(self.cc(resp), self.total('hash', units))

    def test_put_over_a_larger_item_charges_the_larger(self):
        # PutItem is charged for the larger of the old and new items
        # (developer guide, "Write operations").
        item = pad_item({'PK': self.pk()}, 4500)
        self.put('hash', item)
        resp = self.put('hash', {'PK': item['PK']}, ReturnConsumedCapacity='TOTAL')
        self.assertEqual(self.cc(resp), self.total('hash', 5.0))

    def test_none_reports_nothing(self):
        resp = self.put('hash', {'PK': self.pk()}, ReturnConsumedCapacity='NONE')
        self.assertEqual(without_metadata(resp), {})

    def test_get_half_unit_eventual_one_unit_strong(self):
        pk = self.pk()
        self.put('hash', {'PK': pk, 'd': {'S': 'x'}})
        eventual = self.ddb.get_item(TableName=TABLES['hash'], Key={'PK': pk},
                                     ReturnConsumedCapacity='TOTAL')
        self.assertEqual(self.cc(eventual), self.total('hash', 0.5))
        strong = self.get('hash', {'PK': pk}, ReturnConsumedCapacity='TOTAL')
        self.assertEqual(self.cc(strong), self.total('hash', 1.0))

    def test_get_of_a_missing_item_still_costs_a_read(self):
        resp = self.get('hash', {'PK': self.pk()}, ReturnConsumedCapacity='TOTAL')
        self.assertEqual(without_metadata(resp), {'ConsumedCapacity': self.total('hash', 1.0)})

    def test_get_is_charged_per_started_four_kilobytes(self):
        for size, strong_units in ((4096, 1.0), (4097, 2.0), (9000, 3.0)):
            with self.subTest(size=size):
                item = pad_item({'PK': self.pk()}, size)
                self.put('hash', item)
                resp = self.get('hash', {'PK': item['PK']}, ReturnConsumedCapacity='TOTAL')
                self.assertEqual(self.cc(resp), self.total('hash', strong_units))
                resp = self.ddb.get_item(TableName=TABLES['hash'], Key={'PK': item['PK']},
                                         ReturnConsumedCapacity='TOTAL')
                self.assertEqual(self.cc(resp), self.total('hash', strong_units / 2))

    def test_projection_does_not_reduce_the_read_cost(self):
        item = pad_item({'PK': self.pk()}, 5000)
        self.put('hash', item)
        resp = self.get('hash', {'PK': item['PK']}, ProjectionExpression='PK',
                        ReturnConsumedCapacity='TOTAL')
        self.assertEqual(self.cc(resp), self.total('hash', 2.0))

    def test_get_with_indexes_reports_the_table_arm(self):
        pk = self.pk()
        self.put('hash', {'PK': pk})
        resp = self.get('hash', {'PK': pk}, ReturnConsumedCapacity='INDEXES')
        self.assertEqual(self.cc(resp), {'TableName': TABLES['hash'], 'CapacityUnits': 1.0,
                                         'Table': {'CapacityUnits': 1.0}})

    def test_delete_is_charged_for_the_deleted_item(self):
        item = pad_item({'PK': self.pk()}, 3000)
        self.put('hash', item)
        resp = self.ddb.delete_item(TableName=TABLES['hash'], Key={'PK': item['PK']},
                                    ReturnConsumedCapacity='TOTAL')
        self.assertEqual(self.cc(resp), self.total('hash', 3.0))
        resp = self.ddb.delete_item(TableName=TABLES['hash'], Key={'PK': item['PK']},
                                    ReturnConsumedCapacity='TOTAL')
        self.assertEqual(self.cc(resp), self.total('hash', 1.0))

    def indexed_put(self, item, mode='INDEXES'):
        return self.put('indexed', item, ReturnConsumedCapacity=mode)

    def test_put_touching_a_gsi(self):
        resp = self.indexed_put({'PK': self.pk(), 'SK': {'S': '1'}, 'GK': {'S': 'g'},
                                 'proj': {'S': 'p'}})
        self.assertEqual(self.cc(resp), {
            'TableName': TABLES['indexed'], 'CapacityUnits': 2.0,
            'Table': {'CapacityUnits': 1.0},
            'GlobalSecondaryIndexes': {'gsi': {'CapacityUnits': 1.0}}})

    def test_put_touching_an_lsi(self):
        resp = self.indexed_put({'PK': self.pk(), 'SK': {'S': '1'}, 'LK': {'S': 'l'}})
        self.assertEqual(self.cc(resp), {
            'TableName': TABLES['indexed'], 'CapacityUnits': 2.0,
            'Table': {'CapacityUnits': 1.0},
            'LocalSecondaryIndexes': {'lsi': {'CapacityUnits': 1.0}}})

    def test_put_touching_both_index_kinds(self):
        resp = self.indexed_put({'PK': self.pk(), 'SK': {'S': '1'}, 'GK': {'S': 'g'},
                                 'LK': {'S': 'l'}, 'proj': {'S': 'p'}})
        self.assertEqual(self.cc(resp), {
            'TableName': TABLES['indexed'], 'CapacityUnits': 3.0,
            'Table': {'CapacityUnits': 1.0},
            'GlobalSecondaryIndexes': {'gsi': {'CapacityUnits': 1.0}},
            'LocalSecondaryIndexes': {'lsi': {'CapacityUnits': 1.0}}})

    def test_sparse_put_reports_no_index_arms(self):
        resp = self.indexed_put({'PK': self.pk(), 'SK': {'S': '1'}, 'other': {'S': 'o'}})
        self.assertEqual(self.cc(resp), {'TableName': TABLES['indexed'], 'CapacityUnits': 1.0,
                                         'Table': {'CapacityUnits': 1.0}})

    def test_identical_overwrite_charges_no_index_writes(self):
        # Index writes are charged only when the index's stored view changes.
        item = {'PK': self.pk(), 'SK': {'S': '1'}, 'GK': {'S': 'g'}, 'LK': {'S': 'l'},
                'proj': {'S': 'p'}}
        self.indexed_put(item)
        resp = self.indexed_put(item)
        self.assertEqual(self.cc(resp), {'TableName': TABLES['indexed'], 'CapacityUnits': 1.0,
                                         'Table': {'CapacityUnits': 1.0}})

    def test_total_folds_index_writes_in(self):
        resp = self.indexed_put({'PK': self.pk(), 'SK': {'S': '1'}, 'GK': {'S': 'g'},
                                 'proj': {'S': 'p'}}, mode='TOTAL')
        self.assertEqual(self.cc(resp), {'TableName': TABLES['indexed'], 'CapacityUnits': 2.0})

    def test_delete_charges_each_index_the_item_was_in(self):
        item = {'PK': self.pk(), 'SK': {'S': '1'}, 'GK': {'S': 'g'}, 'LK': {'S': 'l'},
                'proj': {'S': 'p'}}
        self.indexed_put(item)
        resp = self.ddb.delete_item(TableName=TABLES['indexed'],
                                    Key={'PK': item['PK'], 'SK': item['SK']},
                                    ReturnConsumedCapacity='INDEXES')
        self.assertEqual(self.cc(resp), {
            'TableName': TABLES['indexed'], 'CapacityUnits': 3.0,
            'Table': {'CapacityUnits': 1.0},
            'GlobalSecondaryIndexes': {'gsi': {'CapacityUnits': 1.0}},
            'LocalSecondaryIndexes': {'lsi': {'CapacityUnits': 1.0}}})


class ProtocolTest(ItemsTestCase):
    """The JSON 1.0 protocol over raw HTTP: bodies, __type prefixes, headers.
    Error bodies and ordering from dynalite test/connection.js and
    test/helpers.js, recorded against the service: SerializationException
    carries "Message" (capital M), other errors "message"."""

    def test_success_headers(self):
        status, headers, body = harness.raw_request('ListTables', {'Limit': 1})
        self.assertEqual(status, 200)
        self.assertIn('TableNames', body)
        self.assertLessEqual(set(body), {'TableNames', 'LastEvaluatedTableName'})
        self.assertEqual(headers['content-type'], 'application/x-amz-json-1.0')
        self.assertRegex(headers['x-amzn-requestid'], harness.REQUEST_ID_RE)
        raw = headers['_raw_body']
        self.assertEqual(headers['x-amz-crc32'], str(zlib.crc32(raw)))
        self.assertEqual(int(headers['content-length']), len(raw))

    def test_error_headers(self):
        status, headers, body = harness.raw_request(
            'GetItem', {'TableName': unique_table_name(), 'Key': {'PK': {'S': 'a'}}})
        self.assertEqual(status, 400)
        self.assertEqual(body, {'__type': TYPE_RESOURCE_NOT_FOUND,
                                'message': 'Requested resource not found'})
        self.assertEqual(headers['content-type'], 'application/x-amz-json-1.0')
        self.assertRegex(headers['x-amzn-requestid'], harness.REQUEST_ID_RE)
        self.assertEqual(headers['x-amz-crc32'], str(zlib.crc32(headers['_raw_body'])))

    def test_application_json_content_type_is_answered_in_kind(self):
        status, headers, _ = harness.raw_request('ListTables', {}, content_type='application/json')
        self.assertEqual(status, 200)
        self.assertEqual(headers['content-type'], 'application/json')

    def test_validation_error_body(self):
        result = harness.raw_request('PutItem', {'TableName': TABLES['hash'],
                                                 'Item': {'PK': {'S': 'a'}},
                                                 'ReturnValues': 'ALL_NEW'})
        self.assertRawError(result, 400, TYPE_VALIDATION, 'ReturnValues can only be ALL_OLD or NONE')

    def test_resource_in_use_error_body(self):
        result = harness.raw_request('CreateTable', {
            'TableName': TABLES['hash'], 'BillingMode': 'PAY_PER_REQUEST',
            'AttributeDefinitions': [attr('PK', 'S')], 'KeySchema': [key('PK', 'HASH')]})
        self.assertRawError(result, 400, harness.TYPE_RESOURCE_IN_USE,
                            f'Table already exists: {TABLES["hash"]}')

    def test_body_that_is_not_json(self):
        # No message at all (dynalite connection.js).
        for raw in ('hi', '{"TableName": ', '{}}', '[1,'):
            with self.subTest(raw=raw):
                result = harness.raw_request('ListTables', raw_body=raw)
                self.assertRawError(result, 400, TYPE_SERIALIZATION)

    def test_empty_body(self):
        # dynalite listTables.js "should return 400 if no body".
        result = harness.raw_request('ListTables', raw_body=b'')
        self.assertRawError(result, 400, TYPE_SERIALIZATION)

    def test_unknown_operation(self):
        # No message (dynalite connection.js); also for a target without the
        # API version prefix and for no target at all.
        for target in ('DynamoDB_20120810.ListTable', 'whatever', 'DynamoDB_20120810.'):
            with self.subTest(target=target):
                result = harness.raw_request(target, {})
                self.assertRawError(result, 400, TYPE_UNKNOWN_OPERATION)
        self.assertRawError(harness.raw_request(None, {}), 400, TYPE_UNKNOWN_OPERATION)

    def test_unknown_operation_is_reported_before_missing_authentication(self):
        result = harness.raw_request('DynamoDB_20120810.ListTable', {}, auth=False)
        self.assertRawError(result, 400, TYPE_UNKNOWN_OPERATION)

    def test_missing_authorization(self):
        result = harness.raw_request('ListTables', {}, auth=False)
        self.assertRawError(result, 400, TYPE_MISSING_TOKEN,
                            'Request is missing Authentication Token')

    def test_string_member_given_other_json_types(self):
        # dynalite helpers.js assertType('String'), recorded against the service.
        cases = [(123, 'NUMBER_VALUE cannot be converted to String'),
                 (-2147483648, 'NUMBER_VALUE cannot be converted to String'),
                 (34.56, 'DECIMAL_VALUE cannot be converted to String'),
                 (True, 'TRUE_VALUE cannot be converted to String'),
                 (False, 'FALSE_VALUE cannot be converted to String'),
                 ({}, 'Start of structure or map found where not expected'),
                 ([], 'Unrecognized collection type class java.lang.String')]
        for value, message in cases:
            with self.subTest(value=value):
                result = harness.raw_request('GetItem', {'TableName': value,
                                                         'Key': {'PK': {'S': 'a'}}})
                self.assertRawError(result, 400, TYPE_SERIALIZATION, message, message_key='Message')

    def test_attribute_value_string_given_a_number(self):
        result = harness.raw_request('PutItem', {'TableName': TABLES['hash'],
                                                 'Item': {'PK': {'S': 5}}})
        self.assertRawError(result, 400, TYPE_SERIALIZATION,
                            'NUMBER_VALUE cannot be converted to String', message_key='Message')

    def test_number_given_as_a_json_number(self):
        # {"N": 123} is not a number value; N takes a string (Alternator
        # test_number.py test_number_in_json).
        result = harness.raw_request('PutItem', {'TableName': TABLES['hash'],
                                                 'Item': {'PK': {'S': 'a'}, 'n': {'N': 123}}})
        self.assertRawError(result, 400, TYPE_SERIALIZATION,
                            'NUMBER_VALUE cannot be converted to String', message_key='Message')

    def test_map_member_given_a_string(self):
        result = harness.raw_request('PutItem', {'TableName': TABLES['hash'], 'Item': 'x'})
        self.assertRawError(result, 400, TYPE_SERIALIZATION, 'Unexpected field type',
                            message_key='Message')

    def test_boolean_member_given_a_string(self):
        result = harness.raw_request('GetItem', {'TableName': TABLES['hash'],
                                                 'Key': {'PK': {'S': 'a'}}, 'ConsistentRead': 'yes'})
        self.assertRawError(result, 400, TYPE_SERIALIZATION,
                            'Unexpected token received from parser', message_key='Message')

    def test_binary_that_is_not_base64(self):
        result = harness.raw_request('PutItem', {'TableName': TABLES['hash'],
                                                 'Item': {'PK': {'S': 'a'}, 'b': {'B': '23456'}}})
        self.assertRawError(result, 400, TYPE_SERIALIZATION,
                            'Base64 encoded length is expected a multiple of 4 bytes but found: 5',
                            message_key='Message')

    def test_attribute_value_with_two_types(self):
        result = harness.raw_request('PutItem', {'TableName': TABLES['hash'],
                                                 'Item': {'PK': {'S': 'a'}, 'x': {'S': 'a', 'N': '1'}}})
        self.assertRawError(result, 400, TYPE_VALIDATION,
                            'Supplied AttributeValue has more than one datatypes set, must contain '
                            'exactly one of the supported datatypes')

    def test_attribute_value_with_no_type(self):
        result = harness.raw_request('PutItem', {'TableName': TABLES['hash'],
                                                 'Item': {'PK': {'S': 'a'}, 'x': {}}})
        self.assertRawError(result, 400, TYPE_VALIDATION,
                            'Supplied AttributeValue is empty, must contain exactly one of the '
                            'supported datatypes')

    def test_missing_required_members(self):
        # Every constraint failure is listed, "; "-separated, under one count
        # (conformance captures 2026-06-09 s_put_table_null; dynalite
        # getItem.js). dynalite checked the members as a set, so the order
        # is not asserted.
        status, _, body = harness.raw_request('GetItem', {})
        self.assertEqual(status, 400)
        self.assertEqual(body['__type'], TYPE_VALIDATION)
        prefix = '2 validation errors detected: '
        self.assertTrue(body['message'].startswith(prefix), msg=body['message'])
        self.assertCountEqual(body['message'][len(prefix):].split('; '), [
            "Value null at 'key' failed to satisfy constraint: Member must not be null",
            "Value null at 'tableName' failed to satisfy constraint: Member must not be null"])
        self.assertEqual(set(body), {'__type', 'message'})

    def test_missing_table_name(self):
        # conformance captures 2026-06-09 (s_put_table_null, every region).
        result = harness.raw_request('PutItem', {'Item': {'PK': {'S': 'a'}}})
        self.assertRawError(result, 400, TYPE_VALIDATION,
                            "1 validation error detected: Value null at 'tableName' failed to "
                            "satisfy constraint: Member must not be null")

    def test_binary_values_travel_as_base64(self):
        pk = random_string()
        payload = base64.b64encode(b'\x00\x01\x02').decode()
        status, _, _ = harness.raw_request('PutItem', {'TableName': TABLES['hash'], 'Item': {
            'PK': {'S': pk}, 'b': {'B': payload}, 'bs': {'BS': [payload]}}})
        self.assertEqual(status, 200)
        status, _, body = harness.raw_request('GetItem', {'TableName': TABLES['hash'],
                                                          'Key': {'PK': {'S': pk}},
                                                          'ConsistentRead': True})
        self.assertEqual(status, 200)
        self.assertEqual(body, {'Item': {'PK': {'S': pk}, 'b': {'B': payload},
                                         'bs': {'BS': [payload]}}})

    def test_put_item_answers_an_empty_json_object(self):
        # Not an empty body (Alternator test_manual_requests.py #6568).
        status, headers, body = harness.raw_request(
            'PutItem', {'TableName': TABLES['hash'], 'Item': {'PK': {'S': random_string()}}})
        self.assertEqual((status, body), (200, {}))
        self.assertEqual(headers['_raw_body'], b'{}')


if __name__ == '__main__':
    unittest.main()
