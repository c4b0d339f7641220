"""UpdateItem through boto3: every UpdateExpression action (SET with + and -,
if_not_exists and list_append, REMOVE, ADD, DELETE) on top-level and nested
paths, creating the item, key attributes, ReturnValues, number arithmetic,
the expression's errors, item size, index maintenance and consumed capacity.

Expected values are the real service's. Sources are named where the service
surprises: ScyllaDB Alternator's test/alternator (test_update_expression.py,
test_returnvalues.py, test_item.py, test_number.py; run against the
service), dynalite's test/updateItem.js (recorded against the service),
dynamodb-conformance (nubo-db; tier1/tier3 captures against the service,
2026) and issue threads that quote the service. "UNVERIFIED" marks a value
resting on one older source or on inference.

Shared tables, one per key schema, with random keys per test (STYLE.md).

Run: DYNAROCK_BIN=build/dynarock python3 -m unittest test_update_item
(from tests/client).
"""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import harness  # noqa: E402
from harness import S, N, B, L, M, SS, NS, BS  # noqa: E402
from harness import (INVALID, MSG_NOT_FOUND, MSG_SCHEMA, SharedTablesTestCase,  # noqa: E402
                     canonical_item, random_string, unique_table_name, without_metadata)

TABLES = {}

UPD = 'Invalid UpdateExpression: '
# Execution errors, reported without the "Invalid UpdateExpression: " prefix
# (dynalite updateItem.js; Alternator test_update_expression.py comments).
INVALID_PATH = 'The document path provided in the update expression is invalid for update'
WRONG_TYPE = 'An operand in the update expression has an incorrect data type'
NO_SUCH_ATTRIBUTE = 'The provided expression refers to an attribute that does not exist in the item'
OVERFLOW = 'Number overflow. Attempting to store a number with magnitude larger than supported range'
TOO_BIG = 'Item size to update has exceeded the maximum allowed size'


def cannot_update(name):
    # conformance tier3 error-messages/updateItem.test.ts (exact); dynalite.
    return INVALID + f'Cannot update attribute {name}. This attribute is part of the key'


def setUpModule():
    harness.start_module_server()
    ddb = harness.client()
    TABLES['hash'] = harness.hash_table(ddb)
    TABLES['range'] = harness.range_table(ddb)
    TABLES['indexed'] = harness.indexed_table(ddb, lsi=False)


def tearDownModule():
    harness.stop_module_server()


class UpdateTestCase(SharedTablesTestCase):

    TABLES = TABLES

    def update(self, table, key_, expr=None, names=None, values=None, **kwargs):
        if expr is not None:
            kwargs['UpdateExpression'] = expr
        if names is not None:
            kwargs['ExpressionAttributeNames'] = names
        if values is not None:
            kwargs['ExpressionAttributeValues'] = values
        return self.ddb.update_item(TableName=TABLES[table], Key=key_, **kwargs)

    def assertUpdateError(self, message, table, key_, expr=None, names=None, values=None,
                          **kwargs):
        """The update fails with a ValidationException and this message, and
        the stored item is unchanged."""
        before = self.item(table, key_)
        with self.assertDynamoError('ValidationException', message):
            self.update(table, key_, expr, names, values, **kwargs)
        self.assertEqual(self.item(table, key_), before)

    def attributes(self, resp):
        return canonical_item(resp['Attributes']) if 'Attributes' in resp else None


# --------------------------------------------------------------------- SET

class SetTest(UpdateTestCase):

    def test_set_on_a_missing_item_creates_it(self):
        # UpdateItem creates the item when it does not exist (API reference,
        # UpdateItem: "creates a new item if it does not already exist").
        pk = self.pk()
        resp = self.update('hash', {'PK': pk}, 'SET a = :v', values={':v': S('x')})
        self.assertEqual(without_metadata(resp), {})
        self.assertItem('hash', {'PK': pk}, {'PK': pk, 'a': S('x')})

    def test_set_merges_into_the_existing_item(self):
        pk = self.pk()
        self.put('hash', {'PK': pk, 'a': S('hi')})
        self.update('hash', {'PK': pk}, 'SET b = :v', values={':v': S('hello')})
        self.assertItem('hash', {'PK': pk}, {'PK': pk, 'a': S('hi'), 'b': S('hello')})
        self.update('hash', {'PK': pk}, 'SET a = :v', values={':v': N(3)})
        self.assertItem('hash', {'PK': pk}, {'PK': pk, 'a': N(3), 'b': S('hello')})

    def test_several_actions_in_one_set(self):
        pk = self.pk()
        self.update('hash', {'PK': pk}, 'SET x = :v, y = :v, z = :w',
                    values={':v': N(4), ':w': S('w')})
        self.assertItem('hash', {'PK': pk}, {'PK': pk, 'x': N(4), 'y': N(4), 'z': S('w')})

    def test_set_copies_another_attribute(self):
        pk = self.pk()
        self.put('hash', {'PK': pk, 'a': S('hello')})
        self.update('hash', {'PK': pk}, 'SET b = a, #c = #a', names={'#a': 'a', '#c': 'c'})
        self.assertItem('hash', {'PK': pk},
                        {'PK': pk, 'a': S('hello'), 'b': S('hello'), 'c': S('hello')})

    def test_set_copies_the_key(self):
        # dynalite "should update values from other attributes".
        pk = self.pk()
        resp = self.update('hash', {'PK': pk}, 'SET b = if_not_exists(b, PK)',
                           ReturnValues='UPDATED_NEW')
        self.assertEqual(without_metadata(resp), {'Attributes': {'b': pk}})

    def test_values_are_read_before_any_write(self):
        # "SET a = b, b = a" swaps (Alternator: attributes to be copied are
        # read before the SET starts to write).
        pk = self.pk()
        self.put('hash', {'PK': pk, 'a': N(1), 'b': N(2)})
        self.update('hash', {'PK': pk}, 'SET a = b, b = a')
        self.assertItem('hash', {'PK': pk}, {'PK': pk, 'a': N(2), 'b': N(1)})

    def test_plus_and_minus(self):
        pk = self.pk()
        self.put('hash', {'PK': pk, 'n': N(5)})
        self.update('hash', {'PK': pk}, 'SET a = n + :two, b = :ten - n, c = n - :neg, d = :two + :two',
                    values={':two': N(2), ':ten': N(10), ':neg': N('-2.5')})
        self.assertItem('hash', {'PK': pk}, {'PK': pk, 'n': N(5), 'a': N(7), 'b': N(5),
                                             'c': N('7.5'), 'd': N(4)})

    def test_plus_on_nested_paths(self):
        # conformance tier1 updateItem/paths ("arithmetic on nested path").
        pk = self.pk()
        self.put('hash', {'PK': pk, 'mymap': M(counter=N(10))})
        self.update('hash', {'PK': pk}, 'SET #m.#c = #m.#c + :inc',
                    names={'#m': 'mymap', '#c': 'counter'}, values={':inc': N(5)})
        self.assertItem('hash', {'PK': pk}, {'PK': pk, 'mymap': M(counter=N(15))})

    def test_if_not_exists(self):
        # Alternator test_update_expression_if_not_exists.
        pk = self.pk()
        self.update('hash', {'PK': pk}, 'SET a = if_not_exists(a, :v)', values={':v': N(2)})
        self.assertItem('hash', {'PK': pk}, {'PK': pk, 'a': N(2)})
        self.update('hash', {'PK': pk}, 'SET a = if_not_exists(a, :v)', values={':v': N(3)})
        self.assertItem('hash', {'PK': pk}, {'PK': pk, 'a': N(2)})
        # if_not_exists(c, :v) is c's value when c exists, else :v.
        self.update('hash', {'PK': pk}, 'SET b = if_not_exists(c, :v)', values={':v': N(4)})
        self.update('hash', {'PK': pk}, 'SET b = if_not_exists(a, :v)', values={':v': N(6)})
        self.assertItem('hash', {'PK': pk}, {'PK': pk, 'a': N(2), 'b': N(2)})

    def test_if_not_exists_as_an_operand_of_plus(self):
        # The counter idiom; "f(x)+f(y)" parses, "f(x+y)" does not (Alternator
        # test_update_expression_function_plus_nesting).
        pk = self.pk()
        for expected in (1, 2, 3):
            self.update('hash', {'PK': pk}, 'SET n = if_not_exists(n, :zero) + :one',
                        values={':zero': N(0), ':one': N(1)})
            self.assertItem('hash', {'PK': pk}, {'PK': pk, 'n': N(expected)})

    def test_list_append(self):
        # Alternator test_update_expression_list_append.
        pk = self.pk()
        self.put('hash', {'PK': pk, 'a': L(S('hi'), N(2))})
        self.update('hash', {'PK': pk}, 'SET a = list_append(a, :v)', values={':v': L(N(4), S('hello'))})
        self.assertItem('hash', {'PK': pk}, {'PK': pk, 'a': L(S('hi'), N(2), N(4), S('hello'))})
        self.update('hash', {'PK': pk}, 'SET a = list_append(:v, a)', values={':v': L(S('dog'))})
        self.update('hash', {'PK': pk}, 'SET b = list_append(a, a)')
        a = L(S('dog'), S('hi'), N(2), N(4), S('hello'))
        self.assertItem('hash', {'PK': pk}, {'PK': pk, 'a': a, 'b': {'L': a['L'] + a['L']}})

    def test_list_append_to_a_list_that_may_not_exist(self):
        pk = self.pk()
        for expected in (L(S('x')), L(S('x'), S('x'))):
            self.update('hash', {'PK': pk}, 'SET l = list_append(if_not_exists(l, :empty), :v)',
                        values={':empty': L(), ':v': L(S('x'))})
            self.assertItem('hash', {'PK': pk}, {'PK': pk, 'l': expected})

    def test_set_a_map_member(self):
        pk = self.pk()
        self.put('hash', {'PK': pk, 'm': M(x=N(1), y=M(z=S('deep')))})
        self.update('hash', {'PK': pk}, 'SET m.x = :two, m.y.w = :v, m.n = :v',
                    values={':two': N(2), ':v': S('new')})
        self.assertItem('hash', {'PK': pk}, {'PK': pk, 'm': M(x=N(2), y=M(z=S('deep'), w=S('new')),
                                                              n=S('new'))})

    def test_set_replaces_a_nested_value_of_another_type(self):
        # Alternator test_update_expression_nested_different_type.
        pk = self.pk()
        self.put('hash', {'PK': pk, 'a': M(b=N(3), c=M(one=N(1), two=N(2)))})
        self.update('hash', {'PK': pk}, 'SET a.c = :v', values={':v': N(7)})
        self.assertItem('hash', {'PK': pk}, {'PK': pk, 'a': M(b=N(3), c=N(7))})

    def test_set_deep_path_with_placeholders(self):
        # Alternator test_update_expression_nested_deep.
        pk = self.pk()
        self.put('hash', {'PK': pk, 'a': M(b=N(3), c=L(S('hi'), M(x=M(y=L(N(3), N(5), N(7))))))})
        self.update('hash', {'PK': pk}, 'SET a.c[1].#name.y[1] = :v', names={'#name': 'x'},
                    values={':v': N(9)})
        self.update('hash', {'PK': pk}, 'SET a.z = a.c[1].#name.y[1]', names={'#name': 'x'})
        self.assertItem('hash', {'PK': pk}, {'PK': pk, 'a': M(
            b=N(3), c=L(S('hi'), M(x=M(y=L(N(3), N(9), N(7))))), z=N(9))})

    def test_set_a_list_element(self):
        pk = self.pk()
        self.put('hash', {'PK': pk, 'a': L(S('one'), S('two'), S('three'))})
        self.update('hash', {'PK': pk}, 'SET a[1] = :v', values={':v': S('hello')})
        self.assertItem('hash', {'PK': pk}, {'PK': pk, 'a': L(S('one'), S('hello'), S('three'))})

    def test_set_past_the_end_appends(self):
        # "If the element does not already exist, SET will append the new
        # element at the end of the list"; several are appended in index order
        # (Developer Guide; Alternator
        # test_nested_attribute_update_array_out_of_bounds).
        pk = self.pk()
        self.put('hash', {'PK': pk, 'a': L(S('one'), S('two'), S('three'))})
        self.update('hash', {'PK': pk}, 'SET a[7] = :v', values={':v': S('hello')})
        self.assertItem('hash', {'PK': pk}, {'PK': pk, 'a': L(S('one'), S('two'), S('three'), S('hello'))})
        self.update('hash', {'PK': pk}, 'SET a[84] = :a1, a[37] = :a2, a[17] = :a3, a[50] = :a4',
                    values={':a1': S('a1'), ':a2': S('a2'), ':a3': S('a3'), ':a4': S('a4')})
        self.assertItem('hash', {'PK': pk}, {'PK': pk, 'a': L(
            S('one'), S('two'), S('three'), S('hello'), S('a3'), S('a2'), S('a4'), S('a1'))})

    def test_set_index_zero_of_an_empty_list(self):
        # conformance tier1 updateItem/paths.
        pk = self.pk()
        self.put('hash', {'PK': pk, 'l': L()})
        self.update('hash', {'PK': pk}, 'SET #l[0] = :v', names={'#l': 'l'}, values={':v': S('first')})
        self.assertItem('hash', {'PK': pk}, {'PK': pk, 'l': L(S('first'))})

    def test_a_dot_inside_a_name_placeholder_is_literal(self):
        # Alternator test_update_expression_dot_in_name.
        pk = self.pk()
        self.update('hash', {'PK': pk}, 'SET #a = :v', names={'#a': 'a.b'}, values={':v': N(3)})
        self.assertItem('hash', {'PK': pk}, {'PK': pk, 'a.b': N(3)})

    def test_any_name_through_a_placeholder(self):
        # Alternator test_update_expression_name_token.
        pk = self.pk()
        silly = '3can include any character!.#='
        for placeholder in ('#Alpha_Numeric_123', '#123a', '#123', '#_'):
            with self.subTest(placeholder=placeholder):
                self.update('hash', {'PK': pk}, f'SET {placeholder} = :v',
                            names={placeholder: silly}, values={':v': S(placeholder)})
                self.assertEqual(self.item('hash', {'PK': pk})[silly], S(placeholder))

    def test_keywords_are_case_insensitive_and_whitespace_is_free(self):
        # Alternator test_update_expression_action_case / _whitespace.
        pk = self.pk()
        for expr, n in (('set b = :v', 1), ('sEt b = :v', 2), ('  set   b=:v  ', 3)):
            with self.subTest(expr=expr):
                self.update('hash', {'PK': pk}, expr, values={':v': N(n)})
                self.assertItem('hash', {'PK': pk}, {'PK': pk, 'b': N(n)})

    def test_empty_values_other_than_sets_are_stored(self):
        # Alternator test_update_expression_empty_attribute.
        pk = self.pk()
        self.update('hash', {'PK': pk}, 'SET d = :l, e = :m, f = :s, g = :b',
                    values={':l': L(), ':m': M(), ':s': S(''), ':b': B(b'')})
        self.assertItem('hash', {'PK': pk}, {'PK': pk, 'd': L(), 'e': M(), 'f': S(''), 'g': B(b'')})

    def test_an_empty_set_value_is_refused(self):
        # dynalite updateItem.js ("invalid values in ExpressionAttributeValues";
        # note the two spaces).
        pk = self.pk()
        self.assertUpdateError(
            'ExpressionAttributeValues contains invalid value: One or more parameter values '
            'were invalid: An string set  may not be empty for key :v',
            'hash', {'PK': pk}, 'SET a = :v', values={':v': SS()})
        self.assertItem('hash', {'PK': pk}, None)

    def test_set_through_a_missing_or_scalar_parent_is_invalid(self):
        # Alternator test_nested_attribute_update_bad_path_dot/_array; dynalite
        # "update non-existent nested attribute in existing item".
        pk = self.pk()
        self.put('hash', {'PK': pk, 's': S('hello'), 'l': L(S('hi')), 'm': M(x=N(1))})
        for expr in ('SET s.c = :v', 'SET l.c = :v', 'SET nope.c = :v', 'SET m.nope.c = :v',
                     'SET s[0] = :v', 'SET m[0] = :v', 'SET nope[0] = :v', 'SET l[5].x = :v'):
            with self.subTest(expr=expr):
                self.assertUpdateError(INVALID_PATH, 'hash', {'PK': pk}, expr, values={':v': N(7)})

    def test_set_through_a_path_of_a_missing_item_is_invalid(self):
        # dynalite "update non-existent nested attribute in non-existent item".
        pk = self.pk()
        for expr in ('SET b.a = :v', 'SET b[1] = :v'):
            with self.subTest(expr=expr):
                self.assertUpdateError(INVALID_PATH, 'hash', {'PK': pk}, expr, values={':v': N(7)})
        self.assertItem('hash', {'PK': pk}, None)

    def test_set_from_a_missing_attribute_fails(self):
        # dynalite "reference non-existent attribute"; Alternator
        # test_update_expression_set_copy ("SET x = :val1, y = x" fails: values
        # are read before the SET writes).
        pk = self.pk()
        self.put('hash', {'PK': pk, 'a': S('hello'), 'm': M(x=N(1))})
        for expr, values in (('SET c = z', None), ('SET z = z', None), ('SET c = m.nope', None),
                             ('SET x = :v, y = x', {':v': N(4)}),
                             ('SET e = list_append(b, c)', None),
                             ('SET c = nope + :v', {':v': N(1)})):
            with self.subTest(expr=expr):
                self.assertUpdateError(NO_SUCH_ATTRIBUTE, 'hash', {'PK': pk}, expr, values=values)
        other = self.pk()
        self.assertUpdateError(NO_SUCH_ATTRIBUTE, 'hash', {'PK': other}, 'SET c = z')
        self.assertItem('hash', {'PK': other}, None)

    def test_operands_of_the_wrong_type_found_in_the_item(self):
        # dynalite "using expression to delete/add incorrect types": the
        # types are only known once the item is read.
        pk = self.pk()
        self.put('hash', {'PK': pk, 'b': M(a=SS('1')), 'c': N(1), 'd': NS(1), 's': S('x')})
        cases = [
            ('SET e = PK + :a', {':a': N(1)}),
            ('SET e = b - :a', {':a': N(1)}),
            ('SET e = :a - s', {':a': N(1)}),
            ('SET e = list_append(d, if_not_exists(f, :a))', {':a': L()}),
            ('SET e = list_append(c, :a)', {':a': L()}),
        ]
        for expr, values in cases:
            with self.subTest(expr=expr):
                self.assertUpdateError(WRONG_TYPE, 'hash', {'PK': pk}, expr, values=values)


# ------------------------------------------------------------------ REMOVE

class RemoveTest(UpdateTestCase):

    def test_remove_top_level_attributes(self):
        pk = self.pk()
        self.put('hash', {'PK': pk, 'a': S('hello'), 'b': S('hi'), 'c': N(1)})
        self.update('hash', {'PK': pk}, 'REMOVE a, c')
        self.assertItem('hash', {'PK': pk}, {'PK': pk, 'b': S('hi')})

    def test_remove_map_members(self):
        pk = self.pk()
        self.put('hash', {'PK': pk, 'm': M(nested=S('gone'), keep=S('stay'))})
        self.update('hash', {'PK': pk}, 'REMOVE #m.#n', names={'#m': 'm', '#n': 'nested'})
        self.assertItem('hash', {'PK': pk}, {'PK': pk, 'm': M(keep=S('stay'))})
        # Removing the last member leaves an empty map (Alternator
        # test_update_expression_nested_remove_singleton_map).
        self.update('hash', {'PK': pk}, 'REMOVE m.keep')
        self.assertItem('hash', {'PK': pk}, {'PK': pk, 'm': M()})

    def test_removed_list_elements_close_up(self):
        pk = self.pk()
        self.put('hash', {'PK': pk, 'l': L(S('a'), S('b'), S('c'), S('d'))})
        self.update('hash', {'PK': pk}, 'REMOVE l[1]')
        self.assertItem('hash', {'PK': pk}, {'PK': pk, 'l': L(S('a'), S('c'), S('d'))})
        self.update('hash', {'PK': pk}, 'REMOVE l[0], l[2]')
        self.assertItem('hash', {'PK': pk}, {'PK': pk, 'l': L(S('c'))})
        # The last element leaves an empty list (Alternator
        # test_update_expression_nested_remove_singleton_list).
        self.update('hash', {'PK': pk}, 'REMOVE l[0]')
        self.assertItem('hash', {'PK': pk}, {'PK': pk, 'l': L()})

    def test_indexes_refer_to_the_list_before_the_update(self):
        # Alternator test_update_expression_nested_remove_list_item_original_number.
        for expr in ('REMOVE a[1] SET a[3] = :v', 'SET a[3] = :v REMOVE a[1]'):
            with self.subTest(expr=expr):
                pk = self.pk()
                self.put('hash', {'PK': pk, 'a': L(N(2), N(3), N(4), N(5), N(6), N(7))})
                self.update('hash', {'PK': pk}, expr, values={':v': N(17)})
                self.assertItem('hash', {'PK': pk}, {'PK': pk, 'a': L(N(2), N(4), N(17), N(6), N(7))})

    def test_remove_nested_list_element_and_member(self):
        # Alternator test_update_expression_nested_remove.
        pk = self.pk()
        self.put('hash', {'PK': pk, 'a': M(b=N(3), c=L(S('hi'), M(x=M(y=L(N(3), N(5), N(7))), q=N(2))))})
        self.update('hash', {'PK': pk}, 'REMOVE a.c[1].x.y[1], a.c[1].q')
        self.assertItem('hash', {'PK': pk},
                        {'PK': pk, 'a': M(b=N(3), c=L(S('hi'), M(x=M(y=L(N(3), N(7))))))})

    def test_removing_what_is_not_there_changes_nothing(self):
        # Alternator test_nested_attribute_remove_missing_leaf and
        # test_update_expression_nested_remove_list_item_after_end.
        pk = self.pk()
        item = {'PK': pk, 'a': M(x=N(3)), 'b': L(S('hi'))}
        self.put('hash', item)
        for expr in ('REMOVE a.y', 'REMOVE b[7]', 'REMOVE c'):
            with self.subTest(expr=expr):
                resp = self.update('hash', {'PK': pk}, expr)
                self.assertEqual(without_metadata(resp), {})
                self.assertItem('hash', {'PK': pk}, item)

    def test_remove_only_on_a_missing_item_creates_nothing(self):
        # Alternator test_update_item_non_existent; a REMOVE through a missing
        # path is silently accepted when the item does not exist (Alternator
        # test_nested_attribute_remove_from_missing_item, xfail there because
        # DynamoDB allows it).
        for expr in ('REMOVE a', 'REMOVE a, b', 'REMOVE x.y', 'REMOVE x[0]'):
            with self.subTest(expr=expr):
                pk = self.pk()
                resp = self.update('hash', {'PK': pk}, expr)
                self.assertEqual(without_metadata(resp), {})
                self.assertItem('hash', {'PK': pk}, None)

    def test_remove_through_a_scalar_or_missing_parent_is_invalid(self):
        # Alternator test_nested_attribute_update_bad_path_dot/_array.
        pk = self.pk()
        self.put('hash', {'PK': pk, 'a': S('hello'), 'b': L(S('hi'))})
        for expr in ('REMOVE a.c', 'REMOVE b.c', 'REMOVE c.c', 'REMOVE a[0]', 'REMOVE c[0]'):
            with self.subTest(expr=expr):
                self.assertUpdateError(INVALID_PATH, 'hash', {'PK': pk}, expr)

    def test_remove_then_copy_reads_the_old_value(self):
        # Alternator test_update_expression_multi_with_copy.
        pk = self.pk()
        self.put('hash', {'PK': pk, 'a': S('hello')})
        self.update('hash', {'PK': pk}, 'REMOVE a SET b = a')
        self.assertItem('hash', {'PK': pk}, {'PK': pk, 'b': S('hello')})
        self.update('hash', {'PK': pk}, 'SET c = b REMOVE b')
        self.assertItem('hash', {'PK': pk}, {'PK': pk, 'c': S('hello')})


# --------------------------------------------------------------------- ADD

class AddTest(UpdateTestCase):

    def test_add_to_a_number(self):
        pk = self.pk()
        self.put('hash', {'PK': pk, 'a': N(3)})
        self.update('hash', {'PK': pk}, 'ADD a :v', values={':v': N(4)})
        self.assertItem('hash', {'PK': pk}, {'PK': pk, 'a': N(7)})
        self.update('hash', {'PK': pk}, 'ADD a :v', values={':v': N('-9.5')})
        self.assertItem('hash', {'PK': pk}, {'PK': pk, 'a': N('-2.5')})

    def test_add_creates_the_number(self):
        # Alternator test_update_expression_add_numbers_new.
        pk = self.pk()
        self.put('hash', {'PK': pk, 'a': S('hello')})
        self.update('hash', {'PK': pk}, 'ADD b :v', values={':v': N(7)})
        self.assertItem('hash', {'PK': pk}, {'PK': pk, 'a': S('hello'), 'b': N(7)})
        other = self.pk()
        self.update('hash', {'PK': other}, 'ADD b :v', values={':v': N(8)})
        self.assertItem('hash', {'PK': other}, {'PK': other, 'b': N(8)})

    def test_add_to_sets(self):
        # Alternator test_update_expression_add_sets: a union, without duplicates.
        pk = self.pk()
        self.put('hash', {'PK': pk, 'ss': SS('beaver', 'lynx', 'coati'), 'ns': NS(1, 2),
                          'bs': BS(b'\x01\x02', b'\x02')})
        self.update('hash', {'PK': pk}, 'ADD ss :ss, ns :ns, bs :bs',
                    values={':ss': SS('coati', 'beaver', 'badger'), ':ns': NS(2, 3, 4),
                            ':bs': BS(b'\x02', b'\x01')})
        self.assertItem('hash', {'PK': pk}, {
            'PK': pk, 'ss': SS('beaver', 'lynx', 'coati', 'badger'), 'ns': NS(1, 2, 3, 4),
            'bs': BS(b'\x01\x02', b'\x02', b'\x01')})

    def test_add_creates_the_set(self):
        # Alternator test_update_expression_add_sets_new.
        pk = self.pk()
        self.update('hash', {'PK': pk}, 'ADD b :v, c :w', values={':v': SS('cat'), ':w': NS(5)})
        self.assertItem('hash', {'PK': pk}, {'PK': pk, 'b': SS('cat'), 'c': NS(5)})

    def test_add_to_a_nested_number(self):
        pk = self.pk()
        self.put('hash', {'PK': pk, 'm': M(x=N(1))})
        self.update('hash', {'PK': pk}, 'ADD m.x :one, m.w :ns', values={':one': N(1), ':ns': NS(4)})
        self.assertItem('hash', {'PK': pk}, {'PK': pk, 'm': M(x=N(2), w=NS(4))})

    def test_add_refuses_operands_other_than_numbers_and_sets(self):
        # The service's current wording carries the type set (typeSet:
        # ALLOWED_FOR_ADD_OPERAND), as clients quote it (e.g. Dynamoid's specs
        # run against DynamoDB); dynalite's older captures end at the type.
        pk = self.pk()
        cases = [(S('hello'), 'STRING'), (L(N(1)), 'LIST'), (M(a=L(N(1))), 'MAP'),
                 ({'BOOL': True}, 'BOOLEAN'), ({'NULL': True}, 'NULL'), (B(b'a'), 'BINARY')]
        for value, type_name in cases:
            with self.subTest(type=type_name):
                self.assertUpdateError(
                    UPD + 'Incorrect operand type for operator or function; operator: ADD, '
                    f'operand type: {type_name}, typeSet: ALLOWED_FOR_ADD_OPERAND',
                    'hash', {'PK': pk}, 'ADD a.b :a', values={':a': value})
        self.assertItem('hash', {'PK': pk}, None)

    def test_add_to_an_attribute_of_another_type(self):
        # Alternator test_update_expression_add_numbers / _add_lists; dynalite.
        pk = self.pk()
        self.put('hash', {'PK': pk, 's': S('hi'), 'n': N(1), 'ns': NS(1), 'l': L(N(1), N(2)),
                          'm': M(a=SS('1'))})
        cases = [('ADD s :n', {':n': N(1)}), ('ADD n :ss', {':ss': SS('a')}),
                 ('ADD ns :n', {':n': N(1)}), ('ADD ns :ss', {':ss': SS('a')}),
                 ('ADD l :ns', {':ns': NS(3, 4)}), ('ADD m :ns', {':ns': NS(1)})]
        for expr, values in cases:
            with self.subTest(expr=expr):
                self.assertUpdateError(WRONG_TYPE, 'hash', {'PK': pk}, expr, values=values)


# ------------------------------------------------------------------ DELETE

class DeleteTest(UpdateTestCase):

    def test_delete_removes_set_elements(self):
        # Alternator test_update_expression_delete_sets.
        pk = self.pk()
        self.put('hash', {'PK': pk, 'ss': SS('dog', 'cat', 'mouse'), 'ns': NS(1, 2, 3),
                          'bs': BS(b'\x01', b'\x02')})
        self.update('hash', {'PK': pk}, 'DELETE ss :ss, ns :ns, bs :bs',
                    values={':ss': SS('cat', 'mouse'), ':ns': NS(1, 4), ':bs': BS(b'\x02')})
        self.assertItem('hash', {'PK': pk}, {'PK': pk, 'ss': SS('dog'), 'ns': NS(2, 3),
                                             'bs': BS(b'\x01')})

    def test_deleting_absent_elements_changes_nothing(self):
        pk = self.pk()
        self.put('hash', {'PK': pk, 'a': SS('dog')})
        self.update('hash', {'PK': pk}, 'DELETE a :v', values={':v': SS('pig')})
        self.assertItem('hash', {'PK': pk}, {'PK': pk, 'a': SS('dog')})

    def test_emptying_a_set_removes_the_attribute(self):
        # A set cannot be empty, so DELETE of the last elements removes it.
        pk = self.pk()
        self.put('hash', {'PK': pk, 'a': SS('dog'), 'b': S('hi')})
        self.update('hash', {'PK': pk}, 'DELETE a :v', values={':v': SS('dog', 'cat')})
        self.assertItem('hash', {'PK': pk}, {'PK': pk, 'b': S('hi')})

    def test_delete_from_a_missing_attribute_does_nothing(self):
        pk = self.pk()
        self.put('hash', {'PK': pk, 'b': S('hi')})
        self.update('hash', {'PK': pk}, 'DELETE a :v', values={':v': SS('dog')})
        self.assertItem('hash', {'PK': pk}, {'PK': pk, 'b': S('hi')})

    def test_delete_only_on_a_missing_item_creates_nothing(self):
        pk = self.pk()
        resp = self.update('hash', {'PK': pk}, 'DELETE a :v', values={':v': SS('dog')})
        self.assertEqual(without_metadata(resp), {})
        self.assertItem('hash', {'PK': pk}, None)

    def test_delete_refuses_operands_that_are_not_sets(self):
        # dynalite "incorrect types in UpdateExpression" (operator: DELETE);
        # the typeSet suffix as for ADD (UNVERIFIED for DELETE: inferred from
        # ADD's wording and DynamoDB Local's shared validateAddDeleteAction).
        pk = self.pk()
        cases = [(N(1), 'NUMBER'), (S('a'), 'STRING'), ({'NULL': True}, 'NULL'),
                 ({'BOOL': False}, 'BOOLEAN'), (B(b'a'), 'BINARY'), (M(a=L(N(1))), 'MAP'),
                 (L(N(1)), 'LIST')]
        for value, type_name in cases:
            with self.subTest(type=type_name):
                self.assertUpdateError(
                    UPD + 'Incorrect operand type for operator or function; operator: DELETE, '
                    f'operand type: {type_name}, typeSet: ALLOWED_FOR_DELETE_OPERAND',
                    'hash', {'PK': pk}, 'DELETE a.b :a', values={':a': value})

    def test_delete_from_an_attribute_of_another_type(self):
        # dynalite "using expression to delete/add incorrect types".
        pk = self.pk()
        self.put('hash', {'PK': pk, 'b': M(a=SS('1')), 'c': N(1), 'd': NS(1)})
        cases = [('DELETE d :a', {':a': SS('1')}), ('DELETE b :a', {':a': NS(1)}),
                 ('DELETE b.a :a', {':a': NS(1)}), ('DELETE b.a :a', {':a': BS(b'a')}),
                 ('DELETE c :a', {':a': NS(1)})]
        for expr, values in cases:
            with self.subTest(expr=expr, values=values):
                self.assertUpdateError(WRONG_TYPE, 'hash', {'PK': pk}, expr, values=values)


# ----------------------------------------------------------------- clauses

class ClauseTest(UpdateTestCase):

    def test_every_clause_in_any_order_on_a_missing_item(self):
        # dynalite "should just add valid ADD actions if nothing exists".
        values = {':c': SS('a', 'b'), ':d': N(5), ':e': SS('a', 'b'), ':f': L(S('a'), N(1))}
        names = {'#b': 'b', '#c': 'c', '#d': 'd', '#e': 'e', '#f': 'f'}
        for expr, names_ in (('REMOVE b DELETE c :c ADD d :d, e :e SET f = :f', None),
                             ('ADD #e :e,#d :d DELETE #c :c REMOVE #b SET #f = :f', names)):
            with self.subTest(expr=expr):
                pk = self.pk()
                resp = self.update('hash', {'PK': pk}, expr, names=names_, values=values,
                                   ReturnValues='UPDATED_NEW')
                want = {'d': N(5), 'e': SS('a', 'b'), 'f': L(S('a'), N(1))}
                self.assertEqual(self.attributes(resp), canonical_item(want))
                self.assertItem('hash', {'PK': pk}, dict(want, PK=pk))

    def test_set_and_remove_in_one_update(self):
        # Alternator test_update_expression_multi.
        pk = self.pk()
        self.update('hash', {'PK': pk}, 'SET a = :v1, b = :v2', values={':v1': N(1), ':v2': N(2)})
        self.update('hash', {'PK': pk}, 'REMOVE a SET b = :v', values={':v': N(3)})
        self.assertItem('hash', {'PK': pk}, {'PK': pk, 'b': N(3)})
        self.update('hash', {'PK': pk}, 'SET c = :v REMOVE b', values={':v': N(3)})
        self.assertItem('hash', {'PK': pk}, {'PK': pk, 'c': N(3)})

    def test_several_non_overlapping_nested_updates(self):
        # Alternator test_update_expression_multi_nested.
        pk = self.pk()
        self.put('hash', {'PK': pk, 'a': M(x=N(3), y=N(4), c=M(y=N(3))), 'b': M(x=N(1), y=N(2))})
        self.update('hash', {'PK': pk}, 'SET a.b = :v1, a.c.d = :v2, b.x = :v3 REMOVE a.x, b.y',
                    values={':v1': N(10), ':v2': S('dog'), ':v3': N(17)})
        self.assertItem('hash', {'PK': pk}, {'PK': pk, 'a': M(y=N(4), b=N(10), c=M(y=N(3), d=S('dog'))),
                                             'b': M(x=N(17))})

    def test_each_clause_at_most_once(self):
        # dynalite "should return ValidationException for multiple sections".
        cases = [('set a = #a set c = :a', 'SET'), ('remove #a set a = b remove e', 'REMOVE'),
                 ('add #a :a set a = b add e :b', 'ADD'),
                 ('delete #a :a set a = b delete #b :b', 'DELETE'),
                 ('SET a = :a REMOVE x SET b = :b', 'SET')]
        for expr, section in cases:
            with self.subTest(expr=expr):
                self.assertUpdateError(
                    UPD + f'The "{section}" section can only be used once in an update expression;',
                    'hash', {'PK': self.pk()}, expr, names={'#a': 'a', '#b': 'b'},
                    values={':a': S('a'), ':b': S('a')})

    def test_overlapping_paths(self):
        # dynalite updateItem.js "overlapping paths in UpdateExpression"
        # (exact, captured from the service): path one is the first written.
        cases = [
            ('set d[1] = a, d.b = a, c[1].a = a, #c = if_not_exists(a)', '[c, [1], a]', '[c]'),
            ('set c.b.#c = a, c = a, #d = a', '[c, b, c]', '[c]'),
            ('set a = b remove a, #c, #d', '[a]', '[a]'),
            ('set #c[3].#d = a, #c[3] = a', '[c, [3], [3]]', '[c, [3]]'),
            ('remove c, #c.a, #d', '[c]', '[c, a]'),
            ('remove a, #c, a, #d', '[a]', '[a]'),
            # Alternator test_update_expression_multi_overlap (UNVERIFIED
            # paths: the message's paths follow the rule above).
            ('SET a = :v REMOVE a', '[a]', '[a]'),
            ('REMOVE a SET a = :v', '[a]', '[a]'),
        ]
        for expr, one, two in cases:
            with self.subTest(expr=expr):
                values = {':v': S('x')} if ':v' in expr else None
                # dynalite sent both names with every case; the overlap is
                # reported before an unused name.
                names = {'#c': 'c', '#d': '[3]'} if '#' in expr else None
                self.assertUpdateError(
                    UPD + 'Two document paths overlap with each other; must remove or rewrite '
                    f'one of these paths; path one: {one}, path two: {two}',
                    'hash', {'PK': self.pk()}, expr, names=names, values=values)

    def test_paths_are_compared_after_substitution(self):
        # Alternator: "SET #a1 = :v1, #a2 = :v2" with both names "a" overlaps.
        self.assertUpdateError(
            UPD + 'Two document paths overlap with each other; must remove or rewrite one of '
            'these paths; path one: [a], path two: [a]',
            'hash', {'PK': self.pk()}, 'SET #a1 = :v1, #a2 = :v2', names={'#a1': 'a', '#a2': 'a'},
            values={':v1': S('yo'), ':v2': S('he')})

    def test_conflicting_paths(self):
        # dynalite "conflicting paths in UpdateExpression" (exact).
        cases = [('set #c[3].#d = a, #c.#d[3] = if_not_exists(a)', '[c, [3], [3]]', '[c, [3], [3]]'),
                 ('remove a.#c set a[1] = #d', '[a, c]', '[a, [1]]')]
        for expr, one, two in cases:
            with self.subTest(expr=expr):
                self.assertUpdateError(
                    UPD + 'Two document paths conflict with each other; must remove or rewrite '
                    f'one of these paths; path one: {one}, path two: {two}',
                    'hash', {'PK': self.pk()}, expr, names={'#c': 'c', '#d': '[3]'})


# ------------------------------------------------------------- expressions

class ExpressionErrorTest(UpdateTestCase):

    def test_empty_expression(self):
        # dynalite; conformance tier3 updateItem ("empty UpdateExpression").
        self.assertUpdateError(UPD + 'The expression can not be empty;', 'hash', {'PK': self.pk()}, '')

    def test_syntax_errors(self):
        cases = [
            # conformance tier3 updateItem (exact).
            ('INVALID SYNTAX HERE', {':v': S('val')}, 'INVALID', 'INVALID SYNTAX'),
            # Alternator test_update_expression_name_token (quoted in a comment).
            ('SET _123 = :v', {':v': N(3)}, '_', 'SET _123'),
        ]
        for expr, values, token, near in cases:
            with self.subTest(expr=expr):
                self.assertUpdateError(UPD + f'Syntax error; token: "{token}", near: "{near}"',
                                       'hash', {'PK': self.pk()}, expr, values=values)

    def test_syntax_errors_before_the_table_lookup(self):
        # dynalite sends its expression errors to a table that does not exist.
        with self.assertDynamoError('ValidationException',
                                    UPD + 'Syntax error; token: "INVALID", near: "INVALID SYNTAX"'):
            self.ddb.update_item(TableName=unique_table_name(), Key={'PK': self.pk()},
                                 UpdateExpression='INVALID SYNTAX HERE')

    def test_reserved_words(self):
        # dynalite "should return ValidationException for reserved keywords".
        for expr, word in ((' set #a = :a set abOrt = :b ', 'abOrt'), (' remove Absolute ', 'Absolute')):
            with self.subTest(expr=expr):
                self.assertUpdateError(
                    UPD + f'Attribute name is a reserved keyword; reserved keyword: {word}',
                    'hash', {'PK': self.pk()}, expr, names={'#a': 'a'},
                    values={':a': S('a'), ':b': S('a')})

    def test_unknown_functions(self):
        # Alternator test_update_expression_unknown_function (message in its
        # comment); function names are case-sensitive.
        for expr, name in (('SET a = f(b,c,d)', 'f'), ('SET a = f123_hi(b,c,d)', 'f123_hi'),
                           ('SET a = LIST_APPEND(:v, :v)', 'LIST_APPEND')):
            with self.subTest(expr=expr):
                values = {':v': L()} if ':v' in expr else None
                self.assertUpdateError(UPD + f'Invalid function name; function: {name}',
                                       'hash', {'PK': self.pk()}, expr, values=values)

    def test_condition_functions_are_not_update_functions(self):
        # UNVERIFIED: one service quote in a peer's tests, and several
        # emulators agree.
        self.assertUpdateError(
            UPD + 'The function is not allowed in an update expression; function: size',
            'hash', {'PK': self.pk()}, 'SET r = size(s)')

    def test_list_append_cannot_nest(self):
        # Alternator test_update_expression_function_nesting (message in its
        # comment).
        self.assertUpdateError(
            UPD + 'The function is not allowed to be used this way in an expression; '
            'function: list_append',
            'hash', {'PK': self.pk()}, 'SET a = list_append(list_append(:v1, :v2), :v3)',
            values={':v1': L(S('a')), ':v2': L(S('1')), ':v3': L(S('hi'))})

    def test_wrong_number_of_function_operands(self):
        # dynalite (pattern) and Alternator (exact text in its comment).
        for expr, fn, n in (('SET a = list_append(:v)', 'list_append', 1),
                            ('SET a = list_append(:v, :v, :v)', 'list_append', 3),
                            ('SET a = if_not_exists(c)', 'if_not_exists', 1)):
            with self.subTest(expr=expr):
                values = {':v': L(S('a'))} if ':v' in expr else None
                self.assertUpdateError(
                    UPD + 'Incorrect number of operands for operator or function; operator or '
                    f'function: {fn}, number of operands: {n}',
                    'hash', {'PK': self.pk()}, expr, values=values)

    def test_if_not_exists_needs_a_path_first(self):
        # dynalite "incorrect operand path type to functions"; Alternator.
        for expr in ('SET a = if_not_exists(:a, c)', 'SET a = if_not_exists(if_not_exists(a, b), c)'):
            with self.subTest(expr=expr):
                values = {':a': S('a')} if ':a' in expr else None
                self.assertUpdateError(
                    UPD + 'Operator or function requires a document path; operator or function: '
                    'if_not_exists', 'hash', {'PK': self.pk()}, expr, values=values)

    def test_operand_types_known_from_the_request(self):
        # dynalite "incorrect types to functions in UpdateExpression" (exact).
        values = {':a': S('a'), ':b': N(1), ':c': B(b'a'), ':d': {'BOOL': False},
                  ':e': {'NULL': True}, ':f': SS('a'), ':g': NS(1), ':h': BS(b'a'), ':i': M(),
                  ':j': L()}
        cases = [
            ('set a = list_append(:a, a)', 'list_append', 'S'),
            ('set a = list_append(a, :b)', 'list_append', 'N'),
            ('set a = list_append(:c, a)', 'list_append', 'B'),
            ('set a = list_append(:d, a)', 'list_append', 'BOOL'),
            ('set a = list_append(:e, a)', 'list_append', 'NULL'),
            ('set a = list_append(:f, a)', 'list_append', 'SS'),
            ('set a = list_append(:g, a)', 'list_append', 'NS'),
            ('set a = list_append(:h, a)', 'list_append', 'BS'),
            ('set a = list_append(:i, a)', 'list_append', 'M'),
            ('set a = a + :a', '+', 'S'),
            ('set a = :c + a', '+', 'B'),
            ('set a = a + :d', '+', 'BOOL'),
            ('set a = a + :e', '+', 'NULL'),
            ('set a = a + :f', '+', 'SS'),
            ('set a = a + :g', '+', 'NS'),
            ('set a = a + :h', '+', 'BS'),
            ('set a = a + :i', '+', 'M'),
            ('set a = a + :j', '+', 'L'),
            ('set a = a - :a', '-', 'S'),
            ('set a = :c - a', '-', 'B'),
            ('set a = a - :j', '-', 'L'),
        ]
        for expr, op, type_name in cases:
            with self.subTest(expr=expr):
                used = {k: v for k, v in values.items() if k in expr}
                self.assertUpdateError(
                    UPD + 'Incorrect operand type for operator or function; operator or '
                    f'function: {op}, operand type: {type_name}',
                    'hash', {'PK': self.pk()}, expr, values=used)

    def test_only_two_operands_for_plus(self):
        # Alternator test_update_expression_plus_basic: a third is a syntax
        # error on the second "+" (the engine's parser tests give the near text).
        self.assertUpdateError(UPD + 'Syntax error; token: "+", near: ":v2 + :v3"',
                               'hash', {'PK': self.pk()}, 'SET b = :v1 + :v2 + :v3',
                               values={':v1': N(4), ':v2': N(3), ':v3': N(2)})

    def test_undefined_value(self):
        # conformance tier3 updateItem ("missing ExpressionAttributeValues
        # reference", exact).
        self.assertUpdateError(
            UPD + 'An expression attribute value used in expression is not defined; '
            'attribute value: :v', 'hash', {'PK': self.pk()}, 'SET attr1 = :v')
        self.assertUpdateError(
            UPD + 'An expression attribute value used in expression is not defined; '
            'attribute value: :val1', 'hash', {'PK': self.pk()}, 'SET b = :val1',
            values={':val2': N(4)})

    def test_undefined_name(self):
        # dynalite "undefined attribute names in UpdateExpression".
        self.assertUpdateError(
            UPD + 'An expression attribute name used in the document path is not defined; '
            'attribute name: #name', 'hash', {'PK': self.pk()}, 'SET #name = :v',
            names={'#wrongname': 'hello'}, values={':v': N(4)})

    def test_unused_value_and_name(self):
        # conformance tier3 updateItem (exact).
        self.assertUpdateError(
            'Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}',
            'hash', {'PK': self.pk()}, 'SET attr1 = :v',
            values={':v': S('val'), ':unused': S('extra')})
        self.assertUpdateError(
            'Value provided in ExpressionAttributeNames unused in expressions: keys: {#unused}',
            'hash', {'PK': self.pk()}, 'SET attr1 = :v', names={'#unused': 'someattr'},
            values={':v': S('val')})

    def test_names_used_only_on_the_right_count_as_used(self):
        # Alternator test_update_expression_set_copy.
        pk = self.pk()
        self.put('hash', {'PK': pk, 'a': S('hello')})
        self.update('hash', {'PK': pk}, 'SET #one = #two', names={'#one': 'c', '#two': 'a'})
        self.assertItem('hash', {'PK': pk}, {'PK': pk, 'a': S('hello'), 'c': S('hello')})

    def test_placeholder_maps_without_any_expression(self):
        # dynalite updateItem.js (exact).
        with self.assertDynamoError('ValidationException',
                                    'ExpressionAttributeNames can only be specified when using expressions'):
            self.update('hash', {'PK': self.pk()}, names={'#a': 'a'})
        with self.assertDynamoError(
                'ValidationException',
                'ExpressionAttributeValues can only be specified when using expressions: '
                'UpdateExpression and ConditionExpression are null'):
            self.update('hash', {'PK': self.pk()}, values={':a': S('a')})

    def test_key_attributes_cannot_be_updated(self):
        # dynalite "trying to update key" (exact); conformance tier3.
        pk = self.pk()
        cases = [('SET PK = :n', {':n': N(1)}), ('REMOVE PK', None), ('ADD PK :n', {':n': N(1)}),
                 ('DELETE PK :ns', {':ns': NS(1)}), ('ADD PK.b :n', {':n': N(1)}),
                 ('REMOVE d SET b = :n, PK = :n', {':n': N(1)}),
                 ('DELETE b :ns REMOVE PK', {':ns': NS(1)}),
                 # Refused before the right side is evaluated.
                 ('SET PK = PK.b + PK[1]', None)]
        for expr, values in cases:
            with self.subTest(expr=expr):
                self.assertUpdateError(cannot_update('PK'), 'hash', {'PK': pk}, expr, values=values)
        self.assertItem('hash', {'PK': pk}, None)

    def test_sort_key_cannot_be_updated(self):
        # dynalite "trying to update range key"; conformance tier3.
        k = {'PK': self.pk(), 'SK': S('sk1')}
        for expr in ('SET SK = :v', 'set d[1] = :v add SK.b :n'):
            with self.subTest(expr=expr):
                values = {':v': S('new')} if 'add' not in expr else {':v': N(1), ':n': N(1)}
                self.assertUpdateError(cannot_update('SK'), 'range', k, expr, values=values)

    def test_key_of_the_wrong_shape(self):
        # dynalite "Key does not match schema".
        for key_ in ({}, {'b': S('a')}, {'PK': S('a'), 'b': S('a')}, {'PK': N(1)}):
            with self.subTest(key=key_):
                with self.assertDynamoError('ValidationException', MSG_SCHEMA):
                    self.update('hash', key_, 'SET a = :v', values={':v': N(1)})

    def test_missing_table(self):
        with self.assertDynamoError('ResourceNotFoundException', MSG_NOT_FOUND):
            self.ddb.update_item(TableName=unique_table_name(), Key={'PK': self.pk()},
                                 UpdateExpression='SET x = :v', ExpressionAttributeValues={':v': S('v')})

    def test_unknown_return_values(self):
        # The UpdateItem enum order, as PutItem's (dynalite updateItem.js).
        with self.assertDynamoError(
                'ValidationException',
                "1 validation error detected: Value 'DOG' at 'returnValues' failed to satisfy "
                "constraint: Member must satisfy enum value set: "
                "[ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]"):
            self.update('hash', {'PK': self.pk()}, 'SET a = :v', values={':v': N(1)},
                        ReturnValues='DOG')


# ---------------------------------------------------------------- creation

class NoActionTest(UpdateTestCase):

    def test_an_update_without_actions_creates_the_key_only_item(self):
        # dynalite "should just add item with key if no action"; Alternator
        # test_update_item_no_update_method.
        pk = self.pk()
        resp = self.update('hash', {'PK': pk})
        self.assertEqual(without_metadata(resp), {})
        self.assertItem('hash', {'PK': pk}, {'PK': pk})

    def test_all_old_of_a_new_item_is_absent(self):
        # dynalite "should return empty when there are no old values".
        resp = self.update('hash', {'PK': self.pk()}, ReturnValues='ALL_OLD')
        self.assertEqual(without_metadata(resp), {})

    def test_all_new_without_actions_returns_the_key(self):
        pk = self.pk()
        resp = self.update('range', {'PK': pk, 'SK': S('s')}, ReturnValues='ALL_NEW')
        self.assertEqual(without_metadata(resp), {'Attributes': {'PK': pk, 'SK': S('s')}})


# ------------------------------------------------------------ ReturnValues

class ReturnValuesTest(UpdateTestCase):
    """Alternator test_returnvalues.py (run against the service) and dynalite
    updateItem.js."""

    def setUp(self):
        self.k = {'PK': self.pk()}
        self.put('hash', dict(self.k, a=S('hi'), b=S('dog')))

    def upd(self, expr, values=None, rv=None):
        kwargs = {'ReturnValues': rv} if rv else {}
        return without_metadata(self.update('hash', self.k, expr, values=values, **kwargs))

    def test_none_is_the_default(self):
        self.assertEqual(self.upd('SET b = :v', {':v': S('cat')}), {})
        self.assertEqual(self.upd('SET b = :v', {':v': S('cow')}, 'NONE'), {})

    def test_all_old(self):
        self.assertEqual(self.upd('SET b = :v', {':v': S('cat')}, 'ALL_OLD'),
                         {'Attributes': dict(self.k, a=S('hi'), b=S('dog'))})

    def test_all_old_of_a_missing_item(self):
        resp = self.update('hash', {'PK': self.pk()}, 'SET b = :v', values={':v': S('cat')},
                           ReturnValues='ALL_OLD')
        self.assertEqual(without_metadata(resp), {})

    def test_updated_old(self):
        # Only attributes the update wrote that existed before.
        self.assertEqual(self.upd('SET b = :v, c = :w', {':v': S('cat'), ':w': S('hello')}, 'UPDATED_OLD'),
                         {'Attributes': {'b': S('dog')}})
        # Overwriting with the same value still counts.
        self.assertEqual(self.upd('SET b = :v', {':v': S('cat')}, 'UPDATED_OLD'),
                         {'Attributes': {'b': S('cat')}})
        self.assertEqual(self.upd('REMOVE b', None, 'UPDATED_OLD'), {'Attributes': {'b': S('cat')}})
        # Nothing existed before: no Attributes member at all.
        self.assertEqual(self.upd('SET b = :v', {':v': S('cat')}, 'UPDATED_OLD'), {})
        self.assertEqual(self.upd('SET b = :v, d = :w', {':v': S('dog'), ':w': S('lion')}, 'UPDATED_OLD'),
                         {'Attributes': {'b': S('cat')}})
        self.assertEqual(self.upd('SET b = :v, d = :w', {':v': S('cat'), ':w': S('tiger')}, 'UPDATED_OLD'),
                         {'Attributes': {'b': S('dog'), 'd': S('lion')}})

    def test_all_new(self):
        self.assertEqual(self.upd('SET b = :v', {':v': S('cat')}, 'ALL_NEW'),
                         {'Attributes': dict(self.k, a=S('hi'), b=S('cat'))})
        self.assertEqual(self.upd('REMOVE b', None, 'ALL_NEW'), {'Attributes': dict(self.k, a=S('hi'))})

    def test_all_new_of_a_created_item(self):
        pk = self.pk()
        resp = self.update('hash', {'PK': pk}, 'SET b = :v', values={':v': S('cat')}, ReturnValues='ALL_NEW')
        self.assertEqual(without_metadata(resp), {'Attributes': {'PK': pk, 'b': S('cat')}})

    def test_all_new_of_an_update_that_creates_nothing(self):
        pk = self.pk()
        resp = self.update('hash', {'PK': pk}, 'REMOVE b', ReturnValues='ALL_NEW')
        self.assertEqual(without_metadata(resp), {})
        self.assertItem('hash', {'PK': pk}, None)

    def test_all_new_after_remove_and_set(self):
        # Alternator test_update_item_returnvalues_all_new_remove_etc.
        self.assertEqual(self.upd('REMOVE a SET b = :v', {':v': S('cat')}, 'ALL_NEW'),
                         {'Attributes': dict(self.k, b=S('cat'))})

    def test_updated_new(self):
        self.assertEqual(self.upd('SET b = :v, c = :w', {':v': S('cat'), ':w': S('hello')}, 'UPDATED_NEW'),
                         {'Attributes': {'b': S('cat'), 'c': S('hello')}})
        # A removed attribute is not returned.
        self.assertEqual(self.upd('REMOVE b', None, 'UPDATED_NEW'), {})
        self.assertEqual(self.upd('SET a = :v, b = :w REMOVE c', {':v': S('dog'), ':w': S('tiger')},
                                  'UPDATED_NEW'),
                         {'Attributes': {'a': S('dog'), 'b': S('tiger')}})

    def test_updated_new_of_a_read_modify_write(self):
        self.put('hash', dict(self.k, n=N(1)))
        self.assertEqual(self.upd('SET n = n + :v', {':v': N(1)}, 'UPDATED_NEW'), {'Attributes': {'n': N(2)}})
        self.assertEqual(self.upd('ADD n :v', {':v': N(1)}, 'ALL_NEW'), {'Attributes': dict(self.k, n=N(3))})

    def test_updated_new_never_returns_the_key_of_a_created_item(self):
        resp = self.update('hash', {'PK': self.pk()}, 'SET a = :v', values={':v': N(1)},
                           ReturnValues='UPDATED_NEW')
        self.assertEqual(without_metadata(resp), {'Attributes': {'a': N(1)}})


class NestedReturnValuesTest(UpdateTestCase):
    """UPDATED_OLD and UPDATED_NEW project the updated paths, nested in their
    hierarchy (Alternator test_update_item_returnvalues_nested)."""

    def setUp(self):
        self.k = {'PK': self.pk()}
        self.put('hash', dict(self.k, a=M(b=S('dog'), c=L(N(1), N(2), N(3))), d=S('cat')))

    def upd(self, expr, values=None, rv='UPDATED_OLD'):
        return without_metadata(self.update('hash', self.k, expr, values=values, ReturnValues=rv))

    def test_all_old_returns_the_whole_item(self):
        self.assertEqual(self.upd('SET a.b = :v', {':v': S('hi')}, 'ALL_OLD'),
                         {'Attributes': dict(self.k, a=M(b=S('dog'), c=L(N(1), N(2), N(3))), d=S('cat'))})

    def test_updated_old_of_a_map_member(self):
        self.assertEqual(self.upd('SET a.b = :v', {':v': S('hi')}), {'Attributes': {'a': M(b=S('dog'))}})

    def test_updated_old_of_a_list_element(self):
        self.assertEqual(self.upd('SET a.c[1] = :v', {':v': N(7)}), {'Attributes': {'a': M(c=L(N(2)))}})

    def test_updated_old_of_two_nested_paths(self):
        self.assertEqual(self.upd('SET a.c[1] = :v, a.b = :w', {':v': N(8), ':w': S('yo')}),
                         {'Attributes': {'a': M(b=S('dog'), c=L(N(2)))}})

    def test_updated_new_of_nested_paths(self):
        self.assertEqual(self.upd('SET a.b = :v', {':v': S('hello')}, 'UPDATED_NEW'),
                         {'Attributes': {'a': M(b=S('hello'))}})
        self.assertEqual(self.upd('SET a.c[1] = :v, a.b = :w', {':v': N(3), ':w': S('dog')}, 'UPDATED_NEW'),
                         {'Attributes': {'a': M(b=S('dog'), c=L(N(3)))}})

    def test_all_new_with_a_nested_update(self):
        self.assertEqual(self.upd('SET a.c[1] = :v', {':v': N(4)}, 'ALL_NEW'),
                         {'Attributes': dict(self.k, a=M(b=S('dog'), c=L(N(1), N(4), N(3))), d=S('cat'))})

    def test_updated_old_of_removed_elements_leaves_out_absent_ones(self):
        self.assertEqual(self.upd('REMOVE a.c[1], a.c[3]'), {'Attributes': {'a': M(c=L(N(2)))}})

    def test_a_new_member_has_no_old_value(self):
        self.assertEqual(self.upd('SET a.x1 = :v', {':v': N(8)}), {})
        self.assertEqual(self.upd('SET a.x2 = :v', {':v': N(8)}, 'UPDATED_NEW'),
                         {'Attributes': {'a': M(x2=N(8))}})

    def test_an_element_appended_past_the_end_is_not_returned(self):
        # a.c[100] lands at a.c[3]; UPDATED_NEW projects a.c[100], which is absent.
        self.assertEqual(self.upd('SET a.c[100] = :v', {':v': N(70)}, 'UPDATED_NEW'), {})

    def test_updated_new_of_a_removed_element_returns_its_successor(self):
        # After REMOVE a.c[1], a.c[1] is the old a.c[2].
        self.assertEqual(self.upd('REMOVE a.c[1]', None, 'UPDATED_NEW'), {'Attributes': {'a': M(c=L(N(3)))}})

    def test_updated_new_of_many_paths(self):
        # dynalite "should update nested attributes" (exact, captured).
        k = {'PK': self.pk()}
        self.update('hash', k, 'set b = :b, c = :c',
                    values={':b': M(a=N(1), b=N(2), c=N(3)), ':c': L(N(1), N(3))})
        resp = self.update(
            'hash', k, 'set b.c=((c[1])+(b.a)),b.a = PK,c[1] = PK, c[4] = b.a - b.b, c[2] = b.c '
            'add c[8] :b, c[6] :a', values={':a': N(2), ':b': SS('a')}, ReturnValues='UPDATED_NEW')
        self.assertEqual(without_metadata(resp),
                         {'Attributes': {'b': M(a=k['PK'], c=N(4)), 'c': L(k['PK'], N(3), N(2))}})
        self.assertItem('hash', k, dict(k, b=M(a=k['PK'], b=N(2), c=N(4)),
                                        c=L(N(1), k['PK'], N(3), N(-1), N(2), SS('a'))))


# ----------------------------------------------------------------- numbers

class NumberTest(UpdateTestCase):
    """Exact decimal arithmetic with 38 significant digits, magnitudes from
    1e-130 to below 1e126 (Developer Guide, "Data types")."""

    def compute(self, expr, values, item=None):
        pk = self.pk()
        if item:
            self.put('hash', dict(item, PK=pk))
        resp = self.update('hash', {'PK': pk}, expr, values=values, ReturnValues='UPDATED_NEW')
        return resp['Attributes']['r']

    def test_exact_decimal_sums(self):
        cases = [
            ('0.1', '0.2', '0.3'),
            ('1.5', '1.5', '3'),
            ('0.25', '-0.75', '-0.5'),
            ('5', '-5', '0'),
            ('12345678901234567890123456789012345678', '1', '12345678901234567890123456789012345679'),
            ('99999999999999999999999999999999999999', '1', '100000000000000000000000000000000000000'),
            ('1.2345678901234567890123456789012345678', '1', '2.2345678901234567890123456789012345678'),
            ('1e-130', '1e-130', '0.' + '0' * 129 + '2'),
            ('-9.9999999999999999999999999999999999999E+125', '1E+125',
             '-8' + '9' * 37 + '0' * 88),
        ]
        for a, b, want in cases:
            with self.subTest(a=a, b=b):
                self.assertEqual(self.compute('SET r = :a + :b', {':a': N(a), ':b': N(b)}), N(want))
                self.assertEqual(self.compute('ADD r :b', {':b': N(b)}, {'r': N(a)}), N(want))

    def test_exact_decimal_differences(self):
        for a, b, want in (('0.3', '0.1', '0.2'), ('1', '10000000000000000000000', '-9999999999999999999999'),
                           ('10000000000000000000000', '1', '9999999999999999999999')):
            with self.subTest(a=a, b=b):
                self.assertEqual(self.compute('SET r = :a - :b', {':a': N(a), ':b': N(b)}), N(want))

    def test_overflow(self):
        # conformance tier3 limits/numberPrecision (9.9e125 + 9.9e125);
        # ExtendDB issue #94 quoting the service (max + 1e125); Alternator
        # test_update_expression_plus_overflow (subtraction).
        for expr, a, b in (('SET r = :a + :b', '9.9e125', '9.9e125'),
                           ('SET r = :a + :b', '9.9999999999999999999999999999999999999E+125', '1E+125'),
                           ('SET r = :a - :b', '9e125', '-9e125'),
                           ('SET r = :a - :b', '-9e125', '9e125')):
            with self.subTest(expr=expr, a=a, b=b):
                self.assertUpdateError(OVERFLOW, 'hash', {'PK': self.pk()}, expr,
                                       values={':a': N(a), ':b': N(b)})

    def test_overflow_of_add(self):
        # floci-io/floci#3447 ("an ADD reject[s] a result outside the number
        # range with the AWS overflow wording").
        pk = self.pk()
        self.put('hash', {'PK': pk, 'r': N('9.9e125')})
        self.assertUpdateError(OVERFLOW, 'hash', {'PK': pk}, 'ADD r :b', values={':b': N('9.9e125')})

    def test_a_result_needing_more_than_38_digits(self):
        # The service reports the overflow message here too (Alternator
        # test_update_expression_plus_imprecise: "Strangely, DynamoDB says
        # that the error is: Number overflow...").
        for expr in ('SET r = :a - :b', 'SET r = :a + :b'):
            with self.subTest(expr=expr):
                self.assertUpdateError(OVERFLOW, 'hash', {'PK': self.pk()}, expr,
                                       values={':a': N('1e50'), ':b': N('1')})

    def test_values_beyond_the_range_are_refused_as_values(self):
        # dynalite updateItem.js/deleteItem.js ("invalid values in
        # ExpressionAttributeValues" wrap the value errors with the key);
        # ExtendDB PR #210 and conformance tier3 (2026) show the same wrapping.
        cases = [('1e126', 'Number overflow. Attempting to store a number with magnitude larger '
                           'than supported range'),
                 ('1e-131', 'Number underflow. Attempting to store a number with magnitude '
                            'smaller than supported range'),
                 ('123456789012345678901234567890123456789',
                  'Attempting to store more than 38 significant digits in a Number')]
        for value, message in cases:
            with self.subTest(value=value):
                self.assertUpdateError(
                    f'ExpressionAttributeValues contains invalid value: {message} for key :v',
                    'hash', {'PK': self.pk()}, 'SET r = :v', values={':v': N(value)})


# -------------------------------------------------------------- item size

class ItemSizeTest(UpdateTestCase):
    """UpdateItem's own wording for the 400 KB limit (dynalite updateItem.js;
    conformance tier3 limits/itemSizeBySurface, "the update path says the
    item *to update* has"). The sizes here are far from the boundary."""

    def test_growing_past_the_limit(self):
        pk = self.pk()
        self.put('hash', {'PK': pk, 'a': S('x' * 300000)})
        self.assertUpdateError(TOO_BIG, 'hash', {'PK': pk}, 'SET b = :v', values={':v': S('y' * 150000)})

    def test_growing_a_list_past_the_limit(self):
        pk = self.pk()
        self.put('hash', {'PK': pk, 'l': L(S('x' * 300000))})
        self.assertUpdateError(TOO_BIG, 'hash', {'PK': pk}, 'SET l = list_append(l, :v)',
                               values={':v': L(S('y' * 150000))})

    def test_a_new_item_past_the_limit(self):
        pk = self.pk()
        self.assertUpdateError(TOO_BIG, 'hash', {'PK': pk}, 'SET a = :a, b = :b',
                               values={':a': S('x' * 250000), ':b': S('y' * 250000)})
        self.assertItem('hash', {'PK': pk}, None)

    def test_large_but_allowed(self):
        pk = self.pk()
        self.put('hash', {'PK': pk, 'a': S('x' * 200000)})
        self.update('hash', {'PK': pk}, 'SET b = :v', values={':v': S('y' * 150000)})
        self.assertEqual(len(self.item('hash', {'PK': pk})['b']['S']), 150000)


# ----------------------------------------------------------------- indexes

class IndexTest(UpdateTestCase):

    def gsi(self, gk):
        resp = self.ddb.query(TableName=TABLES['indexed'], IndexName='gsi',
                              KeyConditionExpression='GK = :g', ExpressionAttributeValues={':g': gk})
        return resp['Items']

    def test_update_moves_the_item_in_its_index(self):
        # dynalite "should update indexed attributes".
        k = {'PK': self.pk(), 'SK': S('a')}
        old, new = S('gk-' + random_string(12)), S('gk-' + random_string(12))
        self.update('indexed', k, 'SET GK = :g, v = :v', values={':g': old, ':v': N(1)})
        self.assertEqual(self.gsi(old), [dict(k, GK=old, v=N(1))])
        self.update('indexed', k, 'SET GK = :g', values={':g': new})
        self.assertEqual(self.gsi(old), [])
        self.assertEqual(self.gsi(new), [dict(k, GK=new, v=N(1))])

    def test_update_of_a_projected_attribute_shows_in_the_index(self):
        k = {'PK': self.pk(), 'SK': S('a')}
        gk = S('gk-' + random_string(12))
        self.put('indexed', dict(k, GK=gk, v=N(1)))
        self.update('indexed', k, 'ADD v :one', values={':one': N(1)})
        self.assertEqual(self.gsi(gk), [dict(k, GK=gk, v=N(2))])

    def test_removing_the_index_key_drops_the_item_from_the_index(self):
        k = {'PK': self.pk(), 'SK': S('a')}
        gk = S('gk-' + random_string(12))
        self.put('indexed', dict(k, GK=gk))
        self.update('indexed', k, 'REMOVE GK')
        self.assertEqual(self.gsi(gk), [])
        self.assertItem('indexed', k, k)

    def test_index_key_of_the_wrong_type(self):
        # dynalite "trying to update wrong type on index": a type known from
        # the request is refused with the PutItem wording.
        k = {'PK': self.pk(), 'SK': S('a')}
        for expr in ('SET GK = :n', 'ADD GK :n', 'SET v = :n, GK = :n + :n'):
            with self.subTest(expr=expr):
                self.assertUpdateError(
                    INVALID + 'Type mismatch for Index Key GK Expected: S Actual: N IndexName: gsi',
                    'indexed', k, expr, values={':n': N(1)})
        self.assertItem('indexed', k, None)

    def test_index_key_copied_from_an_attribute_of_the_wrong_type(self):
        # dynalite "trying to update existing index" (UNVERIFIED: one older
        # capture): the type is only known from the stored item.
        k = {'PK': self.pk(), 'SK': S('a')}
        self.put('indexed', dict(k, e=N(1)))
        self.assertUpdateError(
            'The update expression attempted to update the secondary index key to unsupported type',
            'indexed', k, 'SET GK = e')

    def test_index_key_must_stay_scalar(self):
        # dynalite "trying to update index map" (UNVERIFIED: one older capture).
        k = {'PK': self.pk(), 'SK': S('a')}
        for expr in ('ADD GK.b :n', 'SET GK[1] = :n'):
            with self.subTest(expr=expr):
                self.assertUpdateError(
                    "Key attributes must be scalars; list random access '[]' and map lookup '.' "
                    'are not allowed: IndexKey: GK', 'indexed', k, expr, values={':n': N(1)})


# ---------------------------------------------------------------- capacity

class ConsumedCapacityTest(UpdateTestCase):
    """UpdateItem is charged for the larger of the item before and after the
    update, one unit per started kilobyte (Developer Guide, "UpdateItem ...
    reflects the larger of these item sizes"); dynalite updateItem.js for
    the response shapes."""

    def test_total(self):
        resp = self.update('hash', {'PK': self.pk()}, 'SET a = :v', values={':v': S('x')},
                           ReturnConsumedCapacity='TOTAL')
        self.assertEqual(without_metadata(resp),
                         {'ConsumedCapacity': {'TableName': TABLES['hash'], 'CapacityUnits': 1.0}})

    def test_indexes(self):
        resp = self.update('hash', {'PK': self.pk()}, 'SET a = :v', values={':v': S('x')},
                           ReturnConsumedCapacity='INDEXES')
        self.assertEqual(without_metadata(resp), {'ConsumedCapacity': {
            'TableName': TABLES['hash'], 'CapacityUnits': 1.0, 'Table': {'CapacityUnits': 1.0}}})

    def test_none(self):
        resp = self.update('hash', {'PK': self.pk()}, 'SET a = :v', values={':v': S('x')},
                           ReturnConsumedCapacity='NONE')
        self.assertEqual(without_metadata(resp), {})

    def test_the_larger_of_before_and_after(self):
        pk = self.pk()
        self.put('hash', {'PK': pk, 'a': S('x' * 4500)})
        resp = self.update('hash', {'PK': pk}, 'REMOVE a', ReturnConsumedCapacity='TOTAL')
        self.assertEqual(resp['ConsumedCapacity'], {'TableName': TABLES['hash'], 'CapacityUnits': 5.0})
        resp = self.update('hash', {'PK': pk}, 'SET a = :v', values={':v': S('x' * 2500)},
                           ReturnConsumedCapacity='TOTAL')
        self.assertEqual(resp['ConsumedCapacity'], {'TableName': TABLES['hash'], 'CapacityUnits': 3.0})

    def test_moving_an_index_key_writes_the_index_twice(self):
        # "If a table write changes the value of an indexed key attribute, two
        # writes are required" (Developer Guide, GSI throughput); the INDEXES
        # shape as PutItem's (conformance putItem/indexConsumedCapacity).
        k = {'PK': self.pk(), 'SK': S('a')}
        self.put('indexed', dict(k, GK=S('g1')))
        resp = self.update('indexed', k, 'SET GK = :g', values={':g': S('g2')},
                           ReturnConsumedCapacity='INDEXES')
        self.assertEqual(resp['ConsumedCapacity'], {
            'TableName': TABLES['indexed'], 'CapacityUnits': 3.0, 'Table': {'CapacityUnits': 1.0},
            'GlobalSecondaryIndexes': {'gsi': {'CapacityUnits': 2.0}}})


if __name__ == '__main__':
    unittest.main()
