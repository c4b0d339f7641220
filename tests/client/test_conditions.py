"""ConditionExpression on PutItem, UpdateItem and DeleteItem through boto3:
the functions, comparisons, BETWEEN, IN, AND/OR/NOT and their precedence,
conditions against a missing item, ConditionalCheckFailedException with
ReturnValuesOnConditionCheckFailure, and the expression's errors.

Expected values are the real service's. Sources: ScyllaDB Alternator's
test/alternator/test_condition_expression.py and test_returnvalues.py (run
against the service), dynalite's tests (recorded against the service),
dynamodb-conformance (nubo-db; tier3 error-messages/conditionalCheck,
captured 2026) and issue threads that quote the service. "UNVERIFIED" marks
a value resting on one older source or on inference.

Conditions are evaluated through an UpdateItem "SET zz = :zz" unless a test
is about another operation: the update happens exactly when the condition
holds, and a failed condition leaves the item as it was.

Run: DYNAROCK_BIN=build/dynarock python3 -m unittest test_conditions
(from tests/client).
"""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import harness  # noqa: E402
from harness import S, N, B, L, M, SS, NS, BS, BOOL_T, NULL  # noqa: E402
from harness import CCF_MESSAGE, SharedTablesTestCase, canonical_item, without_metadata  # noqa: E402

TABLES = {}

CCF_TYPE = 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException'
COND = 'Invalid ConditionExpression: '


# One value of every type (Alternator test_update_condition_eq_success).
EVERY_TYPE = [N(1), S('hello'), BOOL_T, B(b'xyz'), NULL, L(S('hello'), N(42)),
              M(hello=S('world')), SS('hello', 'world'), NS(1, 2, 3), BS(b'xyz', b'hi')]


def setUpModule():
    harness.start_module_server()
    ddb = harness.client()
    TABLES['hash'] = harness.hash_table(ddb)


def tearDownModule():
    harness.stop_module_server()


class ConditionTestCase(SharedTablesTestCase):

    TABLES = TABLES

    def holds(self, attrs, condition, values=None, names=None):
        """Whether condition holds for the item {PK, **attrs} (attrs None: no
        item), through a conditional UpdateItem. Checks that the update
        happened exactly when it held."""
        k = {'PK': self.pk()}
        before = None
        if attrs is not None:
            before = dict(attrs, PK=k['PK'])
            self.put('hash', before)
        vals = dict(values or {}, **{':zz': S('done')})
        kwargs = {'TableName': TABLES['hash'], 'Key': k, 'UpdateExpression': 'SET zz = :zz',
                  'ConditionExpression': condition, 'ExpressionAttributeValues': vals}
        if names:
            kwargs['ExpressionAttributeNames'] = names
        return self.condition_held('hash', k, lambda: self.ddb.update_item(**kwargs), before,
                                   dict(before or {}, PK=k['PK'], zz=S('done')))

    def assertCases(self, attrs, cases, names=None):
        """cases: (condition, values, expected truth)."""
        for condition, values, want in cases:
            with self.subTest(condition=condition, values=values):
                self.assertEqual(self.holds(attrs, condition, values, names), want)

    def assertConditionError(self, message, condition, values=None, names=None):
        """A ValidationException with this message, and no write."""
        k = {'PK': self.pk()}
        kwargs = {'TableName': TABLES['hash'], 'Key': k, 'UpdateExpression': 'SET zz = :zz',
                  'ConditionExpression': condition,
                  'ExpressionAttributeValues': dict(values or {}, **{':zz': S('done')})}
        if names:
            kwargs['ExpressionAttributeNames'] = names
        with self.assertDynamoError('ValidationException', message):
            self.ddb.update_item(**kwargs)
        self.assertIsNone(self.item('hash', k))


# ------------------------------------------------ the failure and its item

class ConditionalCheckFailedTest(ConditionTestCase):

    def test_put_if_absent(self):
        # The classic attribute_not_exists(PK) (conformance tier3
        # conditionalCheck, exact).
        pk = self.pk()
        self.put('hash', {'PK': pk, 'attr1': S('exists')}, ConditionExpression='attribute_not_exists(PK)')
        self.assertConditionFails(self.put, table='hash', item={'PK': pk, 'attr1': S('overwrite')},
                                  ConditionExpression='attribute_not_exists(PK)')
        self.assertEqual(self.item('hash', {'PK': pk}), {'PK': pk, 'attr1': S('exists')})

    def test_the_raw_error_body(self):
        pk = self.pk()
        self.put('hash', {'PK': pk})
        result = harness.raw_request('PutItem', {
            'TableName': TABLES['hash'], 'Item': {'PK': pk},
            'ConditionExpression': 'attribute_not_exists(PK)'})
        self.assertRawError(result, 400, CCF_TYPE, CCF_MESSAGE)

    def test_the_raw_error_body_with_the_old_item(self):
        pk = self.pk()
        self.put('hash', {'PK': pk, 'a': N('1.50')})
        status, _, body = harness.raw_request('PutItem', {
            'TableName': TABLES['hash'], 'Item': {'PK': pk},
            'ConditionExpression': 'attribute_not_exists(PK)',
            'ReturnValuesOnConditionCheckFailure': 'ALL_OLD'})
        self.assertEqual(status, 400)
        self.assertEqual(body, {'__type': CCF_TYPE, 'message': CCF_MESSAGE,
                                'Item': {'PK': pk, 'a': N('1.5')}})

    def test_a_failed_update_changes_nothing(self):
        pk = self.pk()
        item = {'PK': pk, 'n': N(1), 'ss': SS('a'), 'l': L(N(1))}
        self.put('hash', item)
        self.assertConditionFails(
            self.ddb.update_item, TableName=TABLES['hash'], Key={'PK': pk},
            UpdateExpression='SET a = :v ADD n :v, ss :ss REMOVE l[0]', ConditionExpression='n = :v',
            ExpressionAttributeValues={':v': N(5), ':ss': SS('b')})
        self.assertEqual(canonical_item(self.item('hash', {'PK': pk})), canonical_item(item))

    def test_a_failed_delete_keeps_the_item(self):
        # Alternator test_delete_item_condition.
        pk = self.pk()
        self.put('hash', {'PK': pk, 'a': N(1)})
        self.assertConditionFails(self.ddb.delete_item, TableName=TABLES['hash'], Key={'PK': pk},
                                  ConditionExpression='a = :v', ExpressionAttributeValues={':v': N(2)})
        self.assertEqual(self.item('hash', {'PK': pk}), {'PK': pk, 'a': N(1)})
        resp = self.ddb.delete_item(TableName=TABLES['hash'], Key={'PK': pk}, ConditionExpression='a = :v',
                                    ExpressionAttributeValues={':v': N(1)}, ReturnValues='ALL_OLD')
        self.assertEqual(without_metadata(resp), {'Attributes': {'PK': pk, 'a': N(1)}})
        self.assertIsNone(self.item('hash', {'PK': pk}))

    def test_conditional_put(self):
        # Alternator test_put_item_condition.
        pk = self.pk()
        self.put('hash', {'PK': pk, 'a': N(1)})
        resp = self.put('hash', {'PK': pk, 'a': N(2)}, ConditionExpression='a = :v',
                        ExpressionAttributeValues={':v': N(1)}, ReturnValues='ALL_OLD')
        self.assertEqual(without_metadata(resp), {'Attributes': {'PK': pk, 'a': N(1)}})
        self.assertConditionFails(self.put, table='hash', item={'PK': pk, 'a': N(3)},
                                  ConditionExpression='a = :v', ExpressionAttributeValues={':v': N(1)})
        self.assertEqual(self.item('hash', {'PK': pk}), {'PK': pk, 'a': N(2)})

    def test_update_of_a_missing_item_that_must_exist(self):
        # dynalite "expecting non-existent key to exist": the item is not created.
        for condition, names in (('attribute_exists(PK)', None), ('attribute_exists(#a)', {'#a': 'PK'}),
                                 ('attribute_exists(a)', None)):
            with self.subTest(condition=condition):
                self.assertFalse(self.holds(None, condition, names=names))

    def test_delete_of_a_missing_item_with_a_condition(self):
        pk = self.pk()
        self.assertConditionFails(self.ddb.delete_item, TableName=TABLES['hash'], Key={'PK': pk},
                                  ConditionExpression='attribute_exists(PK)')
        resp = self.ddb.delete_item(TableName=TABLES['hash'], Key={'PK': pk},
                                    ConditionExpression='attribute_not_exists(PK)')
        self.assertEqual(without_metadata(resp), {})

    def test_all_old_on_failure_for_every_operation(self):
        # Alternator test_returnvalues.py ("...returnvalues_on_condition_check_failure").
        pk = self.pk()
        old = {'PK': pk, 's': S('cat')}
        self.put('hash', old)
        calls = [
            (self.put, {'table': 'hash', 'item': {'PK': pk, 's': S('cow')}}),
            (self.ddb.update_item, {'TableName': TABLES['hash'], 'Key': {'PK': pk},
                                    'UpdateExpression': 'SET s = :w',
                                    'ExpressionAttributeValues': {':v': S('dog'), ':w': S('cow')}}),
            (self.ddb.delete_item, {'TableName': TABLES['hash'], 'Key': {'PK': pk}}),
        ]
        for call, kwargs in calls:
            with self.subTest(operation=call.__name__):
                kwargs = dict(kwargs, ConditionExpression='s = :v',
                              ReturnValuesOnConditionCheckFailure='ALL_OLD')
                kwargs.setdefault('ExpressionAttributeValues', {':v': S('dog')})
                resp = self.assertConditionFails(call, **kwargs)
                self.assertEqual(resp['Item'], old)
                self.assertEqual(self.item('hash', {'PK': pk}), old)

    def test_no_item_on_failure_without_all_old(self):
        pk = self.pk()
        self.put('hash', {'PK': pk, 's': S('cat')})
        for rv in (None, 'NONE'):
            with self.subTest(rv=rv):
                kwargs = {'ReturnValuesOnConditionCheckFailure': rv} if rv else {}
                resp = self.assertConditionFails(
                    self.ddb.delete_item, TableName=TABLES['hash'], Key={'PK': pk},
                    ConditionExpression='s = :v', ExpressionAttributeValues={':v': S('dog')}, **kwargs)
                self.assertNotIn('Item', resp)

    def test_no_item_on_failure_when_there_was_no_item(self):
        resp = self.assertConditionFails(
            self.ddb.update_item, TableName=TABLES['hash'], Key={'PK': self.pk()},
            UpdateExpression='SET s = :w', ConditionExpression='s = :v',
            ExpressionAttributeValues={':v': S('dog'), ':w': S('cat')},
            ReturnValuesOnConditionCheckFailure='ALL_OLD')
        self.assertNotIn('Item', resp)

    def test_no_item_on_success(self):
        pk = self.pk()
        self.put('hash', {'PK': pk, 's': S('dog')})
        resp = self.put('hash', {'PK': pk, 's': S('cat')}, ConditionExpression='s = :v',
                        ExpressionAttributeValues={':v': S('dog')},
                        ReturnValuesOnConditionCheckFailure='ALL_OLD')
        self.assertEqual(without_metadata(resp), {})

    def test_return_values_on_failure_only_all_old_or_none(self):
        # UNVERIFIED wording: the service's enum message with the shape's
        # value order (botocore's model lists ALL_OLD, NONE).
        for rv in ('DUMMY', 'UPDATED_OLD', 'ALL_NEW', 'UPDATED_NEW'):
            with self.subTest(rv=rv):
                with self.assertDynamoError(
                        'ValidationException',
                        f"1 validation error detected: Value '{rv}' at "
                        "'returnValuesOnConditionCheckFailure' failed to satisfy constraint: "
                        "Member must satisfy enum value set: [ALL_OLD, NONE]"):
                    self.put('hash', {'PK': self.pk()}, ConditionExpression='attribute_not_exists(PK)',
                             ReturnValuesOnConditionCheckFailure=rv)


# ------------------------------------------------------------- comparisons

class ComparisonTest(ConditionTestCase):

    def test_equality_of_every_type(self):
        # Alternator test_update_condition_eq_success: a = b and a = :val.
        for value in EVERY_TYPE:
            with self.subTest(value=value):
                self.assertTrue(self.holds({'a': value, 'b': value}, 'a = b'))
                self.assertTrue(self.holds({'a': value}, 'a = :v', {':v': value}))

    def test_values_of_different_types_are_never_equal(self):
        # Alternator test_update_condition_eq_different: false, not an error.
        for i, a in enumerate(EVERY_TYPE):
            for j, v in enumerate(EVERY_TYPE):
                if i != j:
                    with self.subTest(a=a, v=v):
                        self.assertFalse(self.holds({'a': a}, 'a = :v', {':v': v}))
                        self.assertTrue(self.holds({'a': a}, 'a <> :v', {':v': v}))

    def test_set_equality_ignores_order(self):
        # Alternator test_update_condition_eq_set.
        self.assertTrue(self.holds({'a': SS('dog', 'chinchilla', 'cat', 'mouse')}, 'a = :v',
                                   {':v': SS('mouse', 'cat', 'chinchilla', 'dog')}))
        self.assertTrue(self.holds({'a': NS(1, 2)}, 'a = :v', {':v': NS(2, '1.0')}))

    def test_missing_attributes(self):
        # An absent attribute is equal to nothing, not even another absent one,
        # and unequal to everything (Alternator test_update_condition_eq_two_unset,
        # _ne_two_unset, _ne).
        self.assertCases({'a': N(1)}, [
            ('q = :v', {':v': N(2)}, False),
            ('q <> :v', {':v': N(1)}, True),
            ('q = z', None, False),
            ('q <> z', None, True),
            ('q < :v', {':v': N(2)}, False),
            ('q >= :v', {':v': N(2)}, False),
        ])

    def test_number_comparisons_are_numeric(self):
        self.assertCases({'a': N(10), 'f': N('-1.5')}, [
            ('a > :v', {':v': N(9)}, True),
            ('a = :v', {':v': N('10.000')}, True),
            ('a = :v', {':v': N('1e1')}, True),
            ('a < :v', {':v': N(9)}, False),
            ('a <= :v', {':v': N(10)}, True),
            ('a >= :v', {':v': N(11)}, False),
            ('f < :v', {':v': N(0)}, True),
            ('f < :v', {':v': N('-1.4')}, True),
            ('f > :v', {':v': N('-2')}, True),
            ('f < a', None, True),
        ])

    def test_string_and_binary_comparisons(self):
        # Strings by UTF-8 bytes, binaries as unsigned bytes (Developer Guide,
        # "Comparison operators"; Alternator test_update_condition_lt).
        self.assertCases({'s': S('cat'), 'u': S('Zebra'), 'b': B(b'cat'), 'hi': B(b'\x80')}, [
            ('s < :v', {':v': S('dog')}, True),
            ('s < :v', {':v': S('cat')}, False),
            ('s <= :v', {':v': S('cat')}, True),
            ('s > :v', {':v': S('aardvark')}, True),
            ('s > :v', {':v': S('catalog')}, False),
            ('u < :v', {':v': S('apple')}, True),
            ('b < :v', {':v': B(b'dog')}, True),
            ('b >= :v', {':v': B(b'cat')}, True),
            ('hi > :v', {':v': B(b'\x01')}, True),
        ])

    def test_ordering_across_types_is_false_not_an_error(self):
        self.assertCases({'a': N(1), 's': S('1'), 'b': B(b'1')}, [
            ('a < :v', {':v': S('2')}, False),
            ('a > :v', {':v': S('0')}, False),
            ('s < :v', {':v': N(2)}, False),
            ('s <= :v', {':v': B(b'1')}, False),
            ('b >= :v', {':v': S('1')}, False),
            ('a < s', None, False),
        ])

    def test_ordering_a_non_scalar_value_from_the_request_is_an_error(self):
        # The engine's table-driven tests carry the same messages.
        for condition, values, op, type_name in (('a < :v', {':v': L(N(1))}, '<', 'L'),
                                                 (':v >= a', {':v': M()}, '>=', 'M'),
                                                 ('a <= :v', {':v': BOOL_T}, '<=', 'BOOL'),
                                                 ('a > :v', {':v': SS('a')}, '>', 'SS')):
            with self.subTest(condition=condition):
                self.assertConditionError(
                    COND + 'Incorrect operand type for operator or function; operator or '
                    f'function: {op}, operand type: {type_name}', condition, values)

    def test_nested_paths(self):
        # Alternator test_update_condition_nested_attributes.
        self.assertCases({'b': M(x=N(1), y=L(N(-1), N(2), N(0)))}, [
            ('attribute_exists (b.x)', None, True),
            ('b.x < b.y[1]', None, True),
            ('b.x < b.y[0]', None, False),
            ('b.z < b.y[100]', None, False),
            ('attribute_not_exists(b.y[3])', None, True),
        ])

    def test_names_that_are_reserved_words_through_placeholders(self):
        # Alternator test_update_condition_attribute_reference / _nested_attribute_reference.
        self.assertTrue(self.holds({'and': N(1)}, 'attribute_exists (#name)', names={'#name': 'and'}))
        self.assertTrue(self.holds({'and': M(**{'or': N(2)})}, '#n1.#n2 = :two', {':two': N(2)},
                                   names={'#n1': 'and', '#n2': 'or'}))

    def test_conditions_on_the_key(self):
        pk = self.pk()
        self.put('hash', {'PK': pk})
        resp = self.ddb.update_item(TableName=TABLES['hash'], Key={'PK': pk}, UpdateExpression='SET a = :v',
                                    ConditionExpression='PK = :pk AND begins_with(PK, :pre)',
                                    ExpressionAttributeValues={':v': N(1), ':pk': pk, ':pre': S(pk['S'][:3])},
                                    ReturnValues='ALL_NEW')
        self.assertEqual(without_metadata(resp), {'Attributes': {'PK': pk, 'a': N(1)}})


# --------------------------------------------------------------- BETWEEN, IN

class BetweenInTest(ConditionTestCase):

    def test_between(self):
        self.assertCases({'a': N(5), 's': S('m'), 'b': B(b'\x05')}, [
            ('a BETWEEN :lo AND :hi', {':lo': N(1), ':hi': N(10)}, True),
            ('a BETWEEN :lo AND :hi', {':lo': N(5), ':hi': N(5)}, True),
            ('a BETWEEN :lo AND :hi', {':lo': N(6), ':hi': N(10)}, False),
            ('s BETWEEN :lo AND :hi', {':lo': S('a'), ':hi': S('z')}, True),
            ('b BETWEEN :lo AND :hi', {':lo': B(b'\x01'), ':hi': B(b'\x05')}, True),
            # Another type, or an absent attribute, is false.
            ('s BETWEEN :lo AND :hi', {':lo': N(1), ':hi': N(10)}, False),
            ('q BETWEEN :lo AND :hi', {':lo': N(1), ':hi': N(10)}, False),
        ])

    def test_between_bounds_out_of_order(self):
        # The service's text, quoted verbatim in a client library's docs
        # ("...lower bound operand: AttributeValue: {N:200}, upper bound
        # operand: AttributeValue: {N:100}"); dynalite query.js for {S:...}.
        self.assertConditionError(
            COND + 'The BETWEEN operator requires upper bound to be greater than or equal to '
            'lower bound; lower bound operand: AttributeValue: {N:200}, upper bound operand: '
            'AttributeValue: {N:100}', 'a BETWEEN :lo AND :hi', {':lo': N(200), ':hi': N(100)})

    def test_between_bounds_of_different_types(self):
        # dynalite deleteItem.js (exact, with {N:1} and {S:a}).
        self.assertConditionError(
            COND + 'The BETWEEN operator requires same data type for lower and upper bounds; '
            'lower bound operand: AttributeValue: {N:1}, upper bound operand: AttributeValue: '
            '{S:hello}', 'a BETWEEN :lo AND :hi', {':lo': N(1), ':hi': S('hello')})

    def test_in(self):
        # Alternator test_update_condition_in: operands of mixed types are
        # allowed (unlike Expected's IN); an absent attribute is false.
        self.assertCases({'a': N(174)}, [
            ('a IN (:x, :y)', {':x': S('dog'), ':y': N(174)}, True),
            ('a IN (:x)', {':x': N(174)}, True),
            ('a IN (:x, :y)', {':x': N(1), ':y': N(2)}, False),
            ('q IN (:x, :y)', {':x': N(1), ':y': N(174)}, False),
            ('a IN (b, :x)', {':x': N(174)}, True),
        ])

    def test_in_with_many_operands(self):
        values = {f':v{i}': N(i) for i in range(99)}
        self.assertTrue(self.holds({'a': N(74)}, 'a IN ({})'.format(', '.join(values)), values))
        self.assertFalse(self.holds({'a': N(174)}, 'a IN ({})'.format(', '.join(values)), values))

    def test_in_without_operands_is_a_syntax_error(self):
        self.assertConditionError(COND + 'Syntax error; token: ")", near: "()"', 'a IN ()')


# --------------------------------------------------------- boolean logic

class LogicTest(ConditionTestCase):
    """NOT binds tighter than AND, AND tighter than OR; BETWEEN's AND belongs
    to BETWEEN (Developer Guide, "Precedence in conditions"; Alternator
    test_update_condition_and_before_or et al.)."""

    ABC = {'a': N(1), 'b': N(2), 'c': N(3)}

    def test_and_or_not(self):
        self.assertCases(self.ABC, [
            ('a < b AND b < c', None, True),
            ('a < b aNd c < b', None, False),
            ('a < b OR b < c', None, True),
            ('b < a oR b < c', None, True),
            ('b < a OR c < b', None, False),
            ('NOT b < a', None, True),
            ('nOt a < b', None, False),
            ('NOT NOT NOT NOT a < b', None, True),
        ])

    def test_precedence(self):
        self.assertCases(self.ABC, [
            # AND before OR: a < b OR (c < b AND b < c).
            ('a < b OR c < b AND b < c', None, True),
            # (c < b AND b < c) OR a < b.
            ('c < b AND b < c OR a < b', None, True),
            # NOT before AND: (NOT a < b) AND c < b.
            ('NOT a < b AND c < b', None, False),
            ('NOT (a < b AND c < b)', None, True),
            # BETWEEN's AND is its own.
            ('b BETWEEN a AND c AND a < b', None, True),
            ('(a < b OR b < a) AND (b < c AND (a < b OR b < c))', None, True),
        ])

    def test_placeholders_used_only_in_a_short_circuited_branch_count_as_used(self):
        # Alternator test_update_condition_unused_entries_short_circuit.
        self.assertTrue(self.holds({'a': N(1)}, '#n1 = :v1 OR #n2 = :v2', {':v1': N(1), ':v2': N(2)},
                                   names={'#n1': 'a', '#n2': 'b'}))


# ---------------------------------------------------------------- functions

class FunctionTest(ConditionTestCase):

    def test_attribute_exists_and_not_exists(self):
        self.assertCases({'a': N(1), 'n': NULL}, [
            ('attribute_exists (a)', None, True),
            ('attribute_exists (z)', None, False),
            ('attribute_not_exists (b)', None, True),
            ('attribute_not_exists (a)', None, False),
            # A NULL value exists.
            ('attribute_exists(n)', None, True),
        ])

    def test_attribute_exists_needs_a_path(self):
        # Alternator test_update_condition_attribute_exists; the engine's tests
        # carry the message.
        self.assertConditionError(
            COND + 'Operator or function requires a document path; operator or function: '
            'attribute_exists', 'attribute_exists (:val)', {':val': N(3)})

    def test_attribute_type(self):
        # Alternator test_update_condition_attribute_type.
        names = ['S', 'SS', 'N', 'NS', 'B', 'BS', 'BOOL', 'NULL', 'L', 'M']
        values = [S('hello'), SS('hello', 'world'), N(2), NS(1, 2), B(b'dog'), BS(b'dog', b'cat'),
                  BOOL_T, NULL, L(N(1), S('dog')), M(a=N(3), b=N(4))]
        attrs = {f'a{i}': v for i, v in enumerate(values)}
        cases = []
        for i, type_name in enumerate(names):
            cases.append((f'attribute_type (a{i}, :type)', {':type': S(type_name)}, True))
            wrong = S(names[(i + 1) % len(names)])
            cases.append((f'attribute_type (a{i}, :type)', {':type': wrong}, False))
        cases.append(('attribute_type (nope, :type)', {':type': S('S')}, False))
        self.assertCases(attrs, cases)

    def test_begins_with(self):
        # Alternator test_update_condition_begins_with.
        self.assertCases({'a': S('hello'), 'b': B(b'hi there'), 'n': N(12), 'c': S('he')}, [
            ('begins_with(a, :arg)', {':arg': S('hell')}, True),
            ('begins_with(a, :arg)', {':arg': S('hello')}, True),
            ('begins_with(a, :arg)', {':arg': S('dog')}, False),
            ('begins_with(b, :arg)', {':arg': B(b'hi')}, True),
            ('begins_with(b, :arg)', {':arg': S('hi')}, False),
            # On an attribute that is not a string or binary, or is absent: false.
            ('begins_with(n, :arg)', {':arg': S('1')}, False),
            ('begins_with(nope, :arg)', {':arg': S('dog')}, False),
            ('begins_with(nope, a)', None, False),
            # Either side may be an attribute.
            ('begins_with(:str, a)', {':str': S('hellohi')}, True),
            ('begins_with(a, c)', None, True),
        ])

    def test_begins_with_a_number_from_the_request_is_an_error(self):
        # Alternator: a ValidationException, even for an absent attribute; the
        # engine's tests carry the message.
        for condition in ('begins_with(a, :arg)', 'begins_with(nope, :arg)'):
            with self.subTest(condition=condition):
                self.assertConditionError(
                    COND + 'Incorrect operand type for operator or function; operator or '
                    'function: begins_with, operand type: N', condition, {':arg': N(2)})

    def test_contains(self):
        # Alternator test_update_condition_contains: substrings of strings and
        # binaries, members of sets and lists (of any type).
        attrs = {'a': S('hello'), 'b': NS(2, 4, 7), 'c': L(N(2), N(4), N(7)), 'd': B(b'hi there'),
                 'e': L(S('hi'), NS(1, 2), L(N(3), N(4))), 'ss': SS('x', 'y'), 'n': N(12)}
        self.assertCases(attrs, [
            ('contains(a, :arg)', {':arg': S('ell')}, True),
            ('contains(a, :arg)', {':arg': S('dog')}, False),
            ('contains(b, :arg)', {':arg': N(4)}, True),
            ('contains(b, :arg)', {':arg': N(5)}, False),
            ('contains(c, :arg)', {':arg': N(4)}, True),
            ('contains(d, :arg)', {':arg': B(b'here')}, True),
            ('contains(d, :arg)', {':arg': B(b'dog')}, False),
            ('contains(d, :arg)', {':arg': NS(1, 2)}, False),
            ('contains(e, :arg)', {':arg': NS(1, 2)}, True),
            ('contains(e, :arg)', {':arg': L(N(3), N(4))}, True),
            ('contains(ss, :arg)', {':arg': S('y')}, True),
            ('contains(ss, :arg)', {':arg': SS('x')}, False),
            ('contains(n, :arg)', {':arg': N(1)}, False),
            ('contains(a, :arg)', {':arg': N(1)}, False),
            ('contains(nope, :arg)', {':arg': S('x')}, False),
            ('NOT contains(nope, :arg)', {':arg': S('x')}, True),
        ])

    def test_size(self):
        # Alternator test_update_condition_size: characters of a string, bytes
        # of a binary, elements of a set or list, members of a map; false
        # for numbers, booleans and nulls.
        attrs = {'a': S('hello'), 'b': NS(2, 4, 7), 'c': L(N(2), S('dog'), N(7)), 'd': B(b'hi there'),
                 'e': M(x=N(2), y=M(m=N(3), n=N(4))), 'f': N(5), 'g': BOOL_T, 'h': NULL}
        self.assertCases(attrs, [
            ('size(a)=:arg', {':arg': N(5)}, True),
            ('size(b)=:arg', {':arg': N(3)}, True),
            ('size(c)=:arg', {':arg': N(3)}, True),
            ('size(d)=:arg', {':arg': N(8)}, True),
            ('size(e)=:arg', {':arg': N(2)}, True),
            ('size(f)=:arg', {':arg': N(1)}, False),
            ('size(g)=:arg', {':arg': N(1)}, False),
            ('size(h)=:arg', {':arg': N(1)}, False),
            ('size(nope)=:arg', {':arg': N(0)}, False),
            ('size(a)=:arg', {':arg': S('dog')}, False),
            ('size(a)=f', None, True),
            ('size(a)<>:arg', {':arg': N(4)}, True),
            ('size(a)<:arg', {':arg': N(7)}, True),
            ('size(a)<=:arg', {':arg': N(7)}, True),
            ('size(a)>:arg', {':arg': N(2)}, True),
            ('size(a)>=:arg', {':arg': N(6)}, False),
            ('size(c) BETWEEN :lo AND :hi', {':lo': N(1), ':hi': N(3)}, True),
        ])

    def test_function_misuse(self):
        # Alternator test_update_condition_size_alone, _attribute_exists_in_comparison,
        # _other_funcs, _contains_same_attribute; the wording as in the
        # engine's tests (if_not_exists: quoted from the service in a client's code).
        cases = [
            ('size(a)', None, 'The function is not allowed to be used this way in an expression; '
                              'function: size'),
            ('attribute_exists(a) < :v', {':v': N(1)},
             'The function is not allowed to be used this way in an expression; function: attribute_exists'),
            ('dog(a)=:arg', {':arg': N(5)}, 'Invalid function name; function: dog'),
            ('if_not_exists(a, a)=:arg', {':arg': N(5)},
             'The function is not allowed in a condition expression; function: if_not_exists'),
            ('list_append(a, a)=:arg', {':arg': N(5)},
             'The function is not allowed in a condition expression; function: list_append'),
            ('size(a, a)=:arg', {':arg': N(5)},
             'Incorrect number of operands for operator or function; operator or function: size, '
             'number of operands: 2'),
            ('contains(a, a)', None,
             'The first operand must be distinct from the remaining operands for this operator or '
             'function; operator: contains, first operand: [a]'),
        ]
        for condition, values, message in cases:
            with self.subTest(condition=condition):
                self.assertConditionError(COND + message, condition, values)

    def test_attribute_type_takes_a_value(self):
        # Alternator test_update_condition_attribute_type_second_arg and _unknown
        # (the valid-types list's order is left out: sources disagree).
        with self.assertDynamoError('ValidationException') as cm:
            self.ddb.update_item(TableName=TABLES['hash'], Key={'PK': self.pk()},
                                 UpdateExpression='SET c = :v',
                                 ConditionExpression='attribute_type (a, :type)',
                                 ExpressionAttributeValues={':v': N(1), ':type': S('DOG')})
        self.assertTrue(cm.exception.response['Error']['Message'].startswith(
            COND + 'Invalid attribute type name found; type: DOG, valid types: {'))


# -------------------------------------------------------- a missing item

class MissingItemTest(ConditionTestCase):
    """A condition on an item that does not exist sees no attributes at all."""

    def test_conditions_on_a_missing_item(self):
        self.assertCases(None, [
            ('attribute_not_exists(PK)', None, True),
            ('attribute_exists(PK)', None, False),
            ('a = :v', {':v': N(1)}, False),
            ('a <> :v', {':v': N(1)}, True),
            ('NOT (a = :v)', {':v': N(1)}, True),
            ('size(a) < :v', {':v': N(1)}, False),
            ('a IN (:v)', {':v': N(1)}, False),
            ('contains(a, :v)', {':v': N(1)}, False),
            ('attribute_not_exists(a) AND attribute_not_exists(b.c)', None, True),
        ])

    def test_put_and_delete_against_a_missing_item(self):
        pk = self.pk()
        self.assertConditionFails(self.put, table='hash', item={'PK': pk}, ConditionExpression='a = :v',
                                  ExpressionAttributeValues={':v': N(1)})
        self.assertIsNone(self.item('hash', {'PK': pk}))
        self.put('hash', {'PK': pk}, ConditionExpression='a <> :v', ExpressionAttributeValues={':v': N(1)})
        self.assertEqual(self.item('hash', {'PK': pk}), {'PK': pk})


# ---------------------------------------------------------------- errors

class ConditionErrorTest(ConditionTestCase):

    def test_empty_condition(self):
        # dynalite updateItem.js (exact).
        self.assertConditionError(COND + 'The expression can not be empty;', '')

    def test_syntax_error(self):
        # conformance tier3 validation-ordering (SYNTAX, exact).
        self.assertConditionError(COND + 'Syntax error; token: "=", near: "= = b"', 'a = = b')

    def test_a_bare_attribute_is_not_a_condition(self):
        # Alternator test_update_condition_single_value_attribute.
        self.assertConditionError(COND + 'Syntax error; token: "<EOF>", near: "a"', 'a')

    def test_reserved_word(self):
        self.assertConditionError(COND + 'Attribute name is a reserved keyword; reserved keyword: name',
                                  'name = :v', {':v': N(1)})

    def test_undefined_placeholders(self):
        self.assertConditionError(
            COND + 'An expression attribute value used in expression is not defined; attribute '
            'value: :nope', 'a = :nope')
        self.assertConditionError(
            COND + 'An expression attribute name used in the document path is not defined; '
            'attribute name: #nope', '#nope = :v', {':v': N(1)})

    def test_unused_placeholders_across_update_and_condition(self):
        # Alternator test_update_condition_unused_entries_failed/_succeeded;
        # the wording as conformance tier3 updateItem.
        pk = self.pk()
        for item in (None, {'PK': pk, 'b': N(2)}):
            if item:
                self.put('hash', item)
            with self.subTest(item=item):
                with self.assertDynamoError(
                        'ValidationException',
                        'Value provided in ExpressionAttributeValues unused in expressions: keys: {:val3}'):
                    self.ddb.update_item(TableName=TABLES['hash'], Key={'PK': pk},
                                         UpdateExpression='SET #name1 = :val1',
                                         ConditionExpression='#name2 = :val2',
                                         ExpressionAttributeValues={':val1': N(1), ':val2': N(2),
                                                                    ':val3': N(3)},
                                         ExpressionAttributeNames={'#name1': 'a', '#name2': 'b'})
                with self.assertDynamoError(
                        'ValidationException',
                        'Value provided in ExpressionAttributeNames unused in expressions: keys: {#name3}'):
                    self.ddb.delete_item(TableName=TABLES['hash'], Key={'PK': pk},
                                         ConditionExpression='#name1 = :val1',
                                         ExpressionAttributeValues={':val1': N(1)},
                                         ExpressionAttributeNames={'#name1': 'a', '#name3': 'c'})
                with self.assertDynamoError(
                        'ValidationException',
                        'Value provided in ExpressionAttributeValues unused in expressions: keys: {:val3}'):
                    self.put('hash', {'PK': pk, 'a': N(3)}, ConditionExpression='#name1 = :val1',
                             ExpressionAttributeValues={':val1': N(1), ':val3': N(3)},
                             ExpressionAttributeNames={'#name1': 'a'})
        self.assertEqual(self.item('hash', {'PK': pk}), {'PK': pk, 'b': N(2)})

    def test_placeholder_maps_without_a_condition(self):
        # dynalite putItem.js/deleteItem.js (exact).
        delete = {'TableName': TABLES['hash'], 'Key': {'PK': self.pk()}}
        for call, kwargs in ((self.put, {'table': 'hash', 'item': {'PK': self.pk()}}),
                             (self.ddb.delete_item, delete)):
            with self.subTest(operation=call.__name__):
                with self.assertDynamoError(
                        'ValidationException',
                        'ExpressionAttributeNames can only be specified when using expressions'):
                    call(ExpressionAttributeNames={'#a': 'a'}, **kwargs)
                with self.assertDynamoError(
                        'ValidationException',
                        'ExpressionAttributeValues can only be specified when using expressions: '
                        'ConditionExpression is null'):
                    call(ExpressionAttributeValues={':a': N(1)}, **kwargs)

    def test_conditions_are_checked_before_the_key(self):
        # dynalite sends its expression errors with an empty Key.
        with self.assertDynamoError('ValidationException', COND + 'The expression can not be empty;'):
            self.ddb.delete_item(TableName=TABLES['hash'], Key={}, ConditionExpression='')


if __name__ == '__main__':
    unittest.main()
