"""UpdateTable through boto3: billing mode, throughput, on-demand maximums,
deletion protection, table class, streams, encryption, and the creation
(with a backfill under concurrent writes) and deletion of GSIs.

Every expected value is the real service's. Sources, named next to each
surprising value: the ack-api-quirks DynamoDB catalogue ("ack", probed
against us-east-1/us-west-2 in 2026-10, with the finding id), dynalite's
tests (recorded against the service), ScyllaDB Alternator's tests (run
against the service) and Dynoxide (captured against the service in 2026).
Lines marked "UNVERIFIED" rest on no capture of the full text.

The server runs with DYNAROCK_BACKFILL_PAUSE_US so that a backfill of a few
thousand items lasts long enough to write to the table meanwhile.

Run: DYNAROCK_BIN=build/dynarock python3 -m unittest tests/client/test_update_table.py
"""

import os
import random
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import botocore.exceptions  # noqa: E402

import harness  # noqa: E402
from harness import attr, key  # noqa: E402
from harness import (HASH_ONLY, INVALID, MSG_DELETION_PROTECTED, MSG_TABLE_CLASS,  # noqa: E402
                     ON_DEMAND_WARM, TYPE_VALIDATION, DynamoTestCase, index_arn, table_arn)

# Microseconds the backfill pauses after each item: ~2 s for the 2000 items
# of the concurrent-write test.
BACKFILL_PAUSE_US = '1000'


def setUpModule():
    previous = os.environ.get('DYNAROCK_BACKFILL_PAUSE_US')
    os.environ['DYNAROCK_BACKFILL_PAUSE_US'] = BACKFILL_PAUSE_US
    try:
        harness.start_module_server()
    finally:
        if previous is None:
            del os.environ['DYNAROCK_BACKFILL_PAUSE_US']
        else:
            os.environ['DYNAROCK_BACKFILL_PAUSE_US'] = previous


def tearDownModule():
    harness.stop_module_server()


def gsi(name, hash_key, range_key=None, projection=None, throughput=None):
    index = {'IndexName': name,
             'KeySchema': [key(hash_key, 'HASH')] + ([key(range_key, 'RANGE')] if range_key else []),
             'Projection': projection or {'ProjectionType': 'ALL'}}
    if throughput:
        index['ProvisionedThroughput'] = throughput
    return index


def capacity(read, write):
    return {'ReadCapacityUnits': read, 'WriteCapacityUnits': write}


# ack DDB-TABLE-015 (live us-east-1 and us-west-2).
NOTHING_TO_UPDATE = (
    'At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, '
    'GlobalSecondaryIndexUpdates, SSESpecification, ReplicaUpdates, MultiAccountReplicaReady, '
    'ReplicaTransitRoleArn, MultiRegionConsistency, DeletionProtectionEnabled, OnDemandThroughput, '
    'WarmThroughput or TableClass is required')
# ack DDB-TABLE-159; Alternator test_gsi_updatetable.py.
ONE_ONLINE_INDEX = ('Subscriber limit exceeded: Only 1 online index can be created or deleted '
                    'simultaneously per table')


def projected(item, projection, table_keys, index_keys):
    """The part of an item an index with this projection stores."""
    if projection['ProjectionType'] == 'ALL':
        return dict(item)
    names = set(table_keys) | set(index_keys)
    if projection['ProjectionType'] == 'INCLUDE':
        names |= set(projection['NonKeyAttributes'])
    return {k: v for k, v in item.items() if k in names}


class UpdateTableTestCase(DynamoTestCase):

    def ppr_table(self, **kwargs):
        name, _ = self.create_table(BillingMode='PAY_PER_REQUEST', **dict(HASH_ONLY, **kwargs))
        return name

    def provisioned_table(self, read=5, write=5, **kwargs):
        name, _ = self.create_table(BillingMode='PROVISIONED',
                                    ProvisionedThroughput=capacity(read, write),
                                    **dict(HASH_ONLY, **kwargs))
        return name

    def describe(self, name):
        return self.ddb.describe_table(TableName=name)['Table']

    def index(self, table, name):
        for index in table.get('GlobalSecondaryIndexes', []):
            if index['IndexName'] == name:
                return index
        return None

    def wait_for_index_active(self, name, index_name, timeout=60):
        deadline = time.time() + timeout
        while time.time() < deadline:
            index = self.index(self.describe(name), index_name)
            if index and index['IndexStatus'] == 'ACTIVE':
                return index
            time.sleep(0.02)
        self.fail(f'index {index_name} of {name} did not become ACTIVE in {timeout}s')

    def update(self, name, **kwargs):
        resp = self.ddb.update_table(TableName=name, **kwargs)
        self.assertEqual(set(harness.without_metadata(resp)), {'TableDescription'})
        return resp['TableDescription']


class NothingToUpdateTest(UpdateTableTestCase):

    def test_table_name_alone_is_rejected(self):
        name = self.ppr_table()
        with self.assertDynamoError('ValidationException', NOTHING_TO_UPDATE):
            self.ddb.update_table(TableName=name)

    def test_empty_index_update_list_alone_counts_as_nothing(self):
        # ack DDB-TABLE-359; Alternator test_updatetable_empty.
        name = self.ppr_table()
        with self.assertDynamoError('ValidationException', NOTHING_TO_UPDATE):
            self.ddb.update_table(TableName=name, GlobalSecondaryIndexUpdates=[])

    def test_attribute_definitions_alone_count_as_nothing(self):
        # ack DDB-TABLE-162.
        name = self.ppr_table()
        with self.assertDynamoError('ValidationException', NOTHING_TO_UPDATE):
            self.ddb.update_table(TableName=name, AttributeDefinitions=[attr('x', 'S')])

    def test_empty_index_update_list_beside_a_change_is_rejected(self):
        # ack DDB-TABLE-359: the other change is not applied.
        name = self.ppr_table()
        with self.assertDynamoError('ValidationException',
                                    INVALID + 'List of GlobalSecondaryIndexUpdates is empty'):
            self.ddb.update_table(TableName=name, GlobalSecondaryIndexUpdates=[],
                                  DeletionProtectionEnabled=True)
        self.assertFalse(self.describe(name)['DeletionProtectionEnabled'])

    def test_missing_table(self):
        # dynalite test/updateTable.js.
        name = harness.unique_table_name()
        with self.assertDynamoError('ResourceNotFoundException',
                                    f'Requested resource not found: Table: {name} not found'):
            self.ddb.update_table(TableName=name, DeletionProtectionEnabled=True)

    def test_nothing_to_update_is_reported_before_a_missing_table(self):
        # ack DDB-TABLE-015: validation comes before the existence check.
        with self.assertDynamoError('ValidationException', NOTHING_TO_UPDATE):
            self.ddb.update_table(TableName=harness.unique_table_name())

    def test_table_arn_names_the_table(self):
        name = self.ppr_table()
        desc = self.update(table_arn(name), DeletionProtectionEnabled=False)
        self.assertEqual(desc['TableName'], name)


class ShapeTest(UpdateTableTestCase):
    """Constraint violations, collected in the service's words (raw HTTP:
    boto3 would refuse these bodies itself)."""

    def test_index_update_with_empty_throughput(self):
        # ack DDB-TABLE-456 (gsi_update_pt_empty_real, live); dynalite.
        result = harness.raw_request('UpdateTable', {
            'TableName': 'abc',
            'GlobalSecondaryIndexUpdates': [{'Update': {'IndexName': 'gsi1', 'ProvisionedThroughput': {}}}]})
        self.assertRawError(
            result, 400, TYPE_VALIDATION,
            "2 validation errors detected: Value null at "
            "'globalSecondaryIndexUpdates.1.member.update.provisionedThroughput.writeCapacityUnits' "
            "failed to satisfy constraint: Member must not be null; Value null at "
            "'globalSecondaryIndexUpdates.1.member.update.provisionedThroughput.readCapacityUnits' "
            "failed to satisfy constraint: Member must not be null")

    def test_bad_index_names_and_capacities_are_listed_together(self):
        # dynalite test/updateTable.js "bad IndexName and ProvisionedThroughput".
        result = harness.raw_request('UpdateTable', {'TableName': 'abc', 'GlobalSecondaryIndexUpdates': [
            {'Update': {'IndexName': 'a', 'ProvisionedThroughput': {}}},
            {'Update': {'IndexName': 'abc;', 'ProvisionedThroughput': {
                'ReadCapacityUnits': 1000000000001, 'WriteCapacityUnits': 0}}}]})
        self.assertRawError(
            result, 400, TYPE_VALIDATION,
            "5 validation errors detected: "
            "Value 'a' at 'globalSecondaryIndexUpdates.1.member.update.indexName' failed to satisfy "
            "constraint: Member must have length greater than or equal to 3; "
            "Value null at 'globalSecondaryIndexUpdates.1.member.update.provisionedThroughput."
            "writeCapacityUnits' failed to satisfy constraint: Member must not be null; "
            "Value null at 'globalSecondaryIndexUpdates.1.member.update.provisionedThroughput."
            "readCapacityUnits' failed to satisfy constraint: Member must not be null; "
            "Value 'abc;' at 'globalSecondaryIndexUpdates.2.member.update.indexName' failed to "
            "satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; "
            "Value '0' at 'globalSecondaryIndexUpdates.2.member.update.provisionedThroughput."
            "writeCapacityUnits' failed to satisfy constraint: Member must have value greater than "
            "or equal to 1")

    def test_table_throughput_below_one(self):
        # dynalite test/updateTable.js.
        result = harness.raw_request('UpdateTable', {
            'TableName': 'abc', 'ProvisionedThroughput': {'ReadCapacityUnits': -1, 'WriteCapacityUnits': -1}})
        self.assertRawError(
            result, 400, TYPE_VALIDATION,
            "2 validation errors detected: Value '-1' at 'provisionedThroughput.writeCapacityUnits' "
            "failed to satisfy constraint: Member must have value greater than or equal to 1; "
            "Value '-1' at 'provisionedThroughput.readCapacityUnits' failed to satisfy constraint: "
            "Member must have value greater than or equal to 1")

    def test_billing_mode_outside_the_enum(self):
        result = harness.raw_request('UpdateTable', {'TableName': 'abc', 'BillingMode': 'FREE'})
        self.assertRawError(
            result, 400, TYPE_VALIDATION,
            "1 validation error detected: Value 'FREE' at 'billingMode' failed to satisfy constraint: "
            "Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]")

    def test_empty_index_update_entry(self):
        # dynalite test/updateTable.js; ack DDB-TABLE-160 (checked before the
        # table is looked up).
        result = harness.raw_request('UpdateTable', {'TableName': 'abc', 'GlobalSecondaryIndexUpdates': [{}]})
        self.assertRawError(
            result, 400, TYPE_VALIDATION,
            INVALID + 'One of GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create, '
            'GlobalSecondaryIndexUpdate.Delete must not be null')

    def test_unknown_index_action(self):
        # Alternator test_gsi_updatetable_errors ("Dog").
        result = harness.raw_request('UpdateTable', {'TableName': 'abc', 'GlobalSecondaryIndexUpdates': [
            {'Dog': {'IndexName': 'ind'}}]})
        self.assertRawError(
            result, 400, TYPE_VALIDATION,
            INVALID + 'One of GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create, '
            'GlobalSecondaryIndexUpdate.Delete must not be null')

    def test_two_actions_in_one_entry(self):
        # ack DDB-TABLE-160.
        result = harness.raw_request('UpdateTable', {'TableName': 'abc', 'GlobalSecondaryIndexUpdates': [
            {'Update': {'IndexName': 'gsi1', 'ProvisionedThroughput': capacity(1, 1)},
             'Delete': {'IndexName': 'gsi1'}}]})
        self.assertRawError(
            result, 400, TYPE_VALIDATION,
            INVALID + 'Only one global secondary index action is allowed per GlobalSecondaryIndexUpdate object')

    def test_one_index_named_twice(self):
        # dynalite test/updateTable.js.
        result = harness.raw_request('UpdateTable', {'TableName': 'abc', 'GlobalSecondaryIndexUpdates': [
            {'Delete': {'IndexName': 'abc'}}, {'Delete': {'IndexName': 'abc'}}]})
        self.assertRawError(
            result, 400, TYPE_VALIDATION,
            INVALID + 'Only one global secondary index update per index is allowed simultaneously. Index: abc')

    def test_invalid_table_class(self):
        # ack DDB-TABLE-442 (CreateTable and UpdateTable).
        name = self.ppr_table()
        with self.assertDynamoError('ValidationException', MSG_TABLE_CLASS):
            self.ddb.update_table(TableName=name, TableClass='GLACIER')


class OneChangePerCallTest(UpdateTableTestCase):
    """ack DDB-TABLE-433 and DDB-TABLE-174: most members must be alone."""

    def test_encryption_must_be_alone(self):
        name = self.ppr_table()
        with self.assertDynamoError(
                'ValidationException',
                INVALID + 'Server-Side Encryption modification must be the only operation in the request'):
            self.ddb.update_table(TableName=name, SSESpecification={'Enabled': True},
                                  DeletionProtectionEnabled=True)

    def test_table_class_is_named_before_deletion_protection(self):
        name = self.ppr_table()
        with self.assertDynamoError(
                'ValidationException',
                INVALID + 'TableClass modification must be the only operation in the request'):
            self.ddb.update_table(TableName=name, TableClass='STANDARD_INFREQUENT_ACCESS',
                                  DeletionProtectionEnabled=True)

    def test_deletion_protection_must_be_alone(self):
        name = self.provisioned_table()
        with self.assertDynamoError(
                'ValidationException',
                INVALID + 'DeletionProtection modification must be the only operation in the request'):
            self.ddb.update_table(TableName=name, DeletionProtectionEnabled=True,
                                  BillingMode='PAY_PER_REQUEST')
        self.assertFalse(self.describe(name)['DeletionProtectionEnabled'])

    def test_on_demand_maximums_combine_only_with_billing_mode(self):
        name = self.ppr_table()
        with self.assertDynamoError(
                'ValidationException',
                INVALID + 'OnDemandThroughput can only be combined with BillingMode in an UpdateTable request'):
            self.ddb.update_table(TableName=name, OnDemandThroughput={'MaxReadRequestUnits': 10},
                                  StreamSpecification={'StreamEnabled': True, 'StreamViewType': 'KEYS_ONLY'})

    def test_stream_change_with_capacity_change(self):
        name = self.provisioned_table()
        with self.assertDynamoError(
                'ValidationException',
                INVALID + 'You cannot modify stream status while updating table IOPS'):
            self.ddb.update_table(TableName=name, ProvisionedThroughput=capacity(6, 6),
                                  StreamSpecification={'StreamEnabled': True, 'StreamViewType': 'KEYS_ONLY'})

    def test_index_creation_with_capacity_change(self):
        name = self.provisioned_table()
        with self.assertDynamoError(
                'ValidationException',
                INVALID + 'You cannot create or delete index while updating table IOPS'):
            self.ddb.update_table(
                TableName=name, ProvisionedThroughput=capacity(6, 6), AttributeDefinitions=[attr('g', 'S')],
                GlobalSecondaryIndexUpdates=[{'Create': gsi('gsi_g', 'g', throughput=capacity(1, 1))}])

    def test_index_creation_with_stream_change(self):
        name = self.ppr_table()
        with self.assertDynamoError(
                'ValidationException',
                INVALID + 'You cannot create or delete index while changing stream status'):
            self.ddb.update_table(
                TableName=name, AttributeDefinitions=[attr('g', 'S')],
                StreamSpecification={'StreamEnabled': True, 'StreamViewType': 'KEYS_ONLY'},
                GlobalSecondaryIndexUpdates=[{'Create': gsi('gsi_g', 'g')}])

    def test_index_creation_with_a_billing_switch_is_accepted(self):
        # ack DDB-TABLE-174: both are applied.
        name = self.provisioned_table()
        self.update(name, BillingMode='PAY_PER_REQUEST', AttributeDefinitions=[attr('g', 'S')],
                    GlobalSecondaryIndexUpdates=[{'Create': gsi('gsi_g', 'g')}])
        self.wait_for_index_active(name, 'gsi_g')
        self.assertEqual(self.describe(name)['BillingModeSummary']['BillingMode'], 'PAY_PER_REQUEST')


class BillingModeTest(UpdateTableTestCase):

    def test_provisioned_to_pay_per_request(self):
        name = self.provisioned_table(5, 5)
        desc = self.update(name, BillingMode='PAY_PER_REQUEST')
        # The response already names the new mode, without the switch time
        # (ack DDB-TABLE-064).
        self.assertEqual(desc['TableStatus'], 'UPDATING')
        self.assertEqual(desc['BillingModeSummary'], {'BillingMode': 'PAY_PER_REQUEST'})
        self.assertEqual(desc['ProvisionedThroughput'],
                         {'NumberOfDecreasesToday': 0, 'ReadCapacityUnits': 0, 'WriteCapacityUnits': 0})
        table = self.describe(name)
        self.assertEqual(table['TableStatus'], 'ACTIVE')
        summary = table['BillingModeSummary']
        self.assertEqual(summary['BillingMode'], 'PAY_PER_REQUEST')
        self.assertRecentDatetime(summary['LastUpdateToPayPerRequestDateTime'])
        self.assertEqual(table['ProvisionedThroughput'],
                         {'NumberOfDecreasesToday': 0, 'ReadCapacityUnits': 0, 'WriteCapacityUnits': 0})
        self.assertEqual(table['WarmThroughput'], ON_DEMAND_WARM)

    def test_pay_per_request_to_provisioned(self):
        name = self.ppr_table()
        desc = self.update(name, BillingMode='PROVISIONED', ProvisionedThroughput=capacity(3, 4))
        self.assertEqual(desc['TableStatus'], 'UPDATING')
        # The response shows the new capacity (ack DDB-TABLE-165).
        self.assertEqual(desc['ProvisionedThroughput'],
                         {'NumberOfDecreasesToday': 0, 'ReadCapacityUnits': 3, 'WriteCapacityUnits': 4})
        table = self.describe(name)
        self.assertEqual(table['TableStatus'], 'ACTIVE')
        # BillingModeSummary stays once the table was on demand (ack DDB-TABLE-058).
        self.assertEqual(table['BillingModeSummary']['BillingMode'], 'PROVISIONED')
        self.assertRecentDatetime(table['BillingModeSummary']['LastUpdateToPayPerRequestDateTime'])
        self.assertEqual(table['ProvisionedThroughput'],
                         {'NumberOfDecreasesToday': 0, 'ReadCapacityUnits': 3, 'WriteCapacityUnits': 4})

    def test_provisioned_without_throughput(self):
        # ack DDB-TABLE-152, DDB-TABLE-164.
        for name in (self.ppr_table(), self.provisioned_table()):
            with self.subTest(name=name), self.assertDynamoError(
                    'ValidationException',
                    INVALID + 'ProvisionedThroughput must be specified when BillingMode is PROVISIONED'):
                self.ddb.update_table(TableName=name, BillingMode='PROVISIONED')

    def test_throughput_on_a_pay_per_request_table(self):
        # ack DDB-TABLE-442 (val_pt_on_ppr, live).
        name = self.ppr_table()
        with self.assertDynamoError(
                'ValidationException',
                INVALID + 'Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when '
                'BillingMode is PAY_PER_REQUEST'):
            self.ddb.update_table(TableName=name, ProvisionedThroughput=capacity(1, 1))

    def test_throughput_with_pay_per_request(self):
        # Dynoxide update_table.rs; ack DDB-TABLE-442.
        name = self.provisioned_table()
        with self.assertDynamoError(
                'ValidationException',
                INVALID + 'Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when '
                'BillingMode is PAY_PER_REQUEST'):
            self.ddb.update_table(TableName=name, BillingMode='PAY_PER_REQUEST',
                                  ProvisionedThroughput=capacity(1, 1))

    def test_switch_to_provisioned_needs_every_index_capacity(self):
        # ack DDB-TABLE-152: nothing is assigned to the GSI by default.
        name = self.ppr_table(AttributeDefinitions=[attr('PK', 'S'), attr('g', 'S')],
                              GlobalSecondaryIndexes=[gsi('gsi1', 'g')])
        with self.assertDynamoError(
                'ValidationException', INVALID + 'ProvisionedThroughput must be specified for index: gsi1'):
            self.ddb.update_table(TableName=name, BillingMode='PROVISIONED',
                                  ProvisionedThroughput=capacity(5, 5))
        self.update(name, BillingMode='PROVISIONED', ProvisionedThroughput=capacity(5, 5),
                    GlobalSecondaryIndexUpdates=[{'Update': {'IndexName': 'gsi1',
                                                             'ProvisionedThroughput': capacity(2, 3)}}])
        index = self.index(self.describe(name), 'gsi1')
        self.assertEqual(index['ProvisionedThroughput'],
                         {'NumberOfDecreasesToday': 0, 'ReadCapacityUnits': 2, 'WriteCapacityUnits': 3})
        self.assertEqual(index['IndexStatus'], 'ACTIVE')

    def test_pay_per_request_resent_changes_nothing(self):
        # ack table-throughput-billing.md: a 200 that says UPDATING.
        name = self.ppr_table()
        before = self.describe(name)['BillingModeSummary']['LastUpdateToPayPerRequestDateTime']
        desc = self.update(name, BillingMode='PAY_PER_REQUEST')
        self.assertEqual(desc['TableStatus'], 'UPDATING')
        table = self.describe(name)
        self.assertEqual(table['TableStatus'], 'ACTIVE')
        self.assertEqual(table['BillingModeSummary']['LastUpdateToPayPerRequestDateTime'], before)


class ThroughputTest(UpdateTableTestCase):

    def test_increase_answers_the_old_capacity_then_reports_the_new(self):
        # dynalite test/updateTable.js "should triple rates": the response
        # has the old capacity with the new LastIncreaseDateTime.
        name = self.provisioned_table(1, 1)
        desc = self.update(name, ProvisionedThroughput=capacity(2, 3))
        self.assertEqual(desc['TableStatus'], 'UPDATING')
        pt = dict(desc['ProvisionedThroughput'])
        increased = pt.pop('LastIncreaseDateTime')
        self.assertRecentDatetime(increased)
        self.assertEqual(pt, {'NumberOfDecreasesToday': 0, 'ReadCapacityUnits': 1, 'WriteCapacityUnits': 1})
        table = self.describe(name)
        self.assertEqual(table['TableStatus'], 'ACTIVE')
        self.assertEqual(table['ProvisionedThroughput'], {
            'LastIncreaseDateTime': increased, 'NumberOfDecreasesToday': 0,
            'ReadCapacityUnits': 2, 'WriteCapacityUnits': 3})

    def test_each_decrease_counts_once(self):
        # ack DDB-TABLE-157/058: both dimensions in one call are one
        # decrease; the response carries the old count (DDB-TABLE-184).
        name = self.provisioned_table(5, 5)
        desc = self.update(name, ProvisionedThroughput=capacity(3, 4))
        pt = desc['ProvisionedThroughput']
        self.assertEqual((pt['ReadCapacityUnits'], pt['WriteCapacityUnits'], pt['NumberOfDecreasesToday']),
                         (5, 5, 0))
        self.assertRecentDatetime(pt['LastDecreaseDateTime'])
        self.assertNotIn('LastIncreaseDateTime', pt)
        table_pt = self.describe(name)['ProvisionedThroughput']
        self.assertEqual(table_pt, {'LastDecreaseDateTime': pt['LastDecreaseDateTime'],
                                    'NumberOfDecreasesToday': 1, 'ReadCapacityUnits': 3,
                                    'WriteCapacityUnits': 4})
        self.update(name, ProvisionedThroughput=capacity(2, 2))
        self.assertEqual(self.describe(name)['ProvisionedThroughput']['NumberOfDecreasesToday'], 2)

    def test_unchanged_throughput_is_rejected(self):
        # dynalite test/updateTable.js; ack DDB-TABLE-442.
        name = self.provisioned_table(4, 7)
        message = ('The provisioned throughput for the table will not change. The requested value equals '
                   'the current value. Current ReadCapacityUnits provisioned for the table: 4. Requested '
                   'ReadCapacityUnits: 4. Current WriteCapacityUnits provisioned for the table: 7. '
                   'Requested WriteCapacityUnits: 7. Refer to the Amazon DynamoDB Developer Guide for '
                   'current limits and how to request higher limits.')
        with self.assertDynamoError('ValidationException', message):
            self.ddb.update_table(TableName=name, ProvisionedThroughput=capacity(4, 7))
        # Also with BillingMode=PROVISIONED (ack DDB-TABLE-164).
        with self.assertDynamoError('ValidationException', message):
            self.ddb.update_table(TableName=name, BillingMode='PROVISIONED',
                                  ProvisionedThroughput=capacity(4, 7))

    def provisioned_table_with_index(self):
        return self.provisioned_table(
            1, 1, AttributeDefinitions=[attr('PK', 'S'), attr('g', 'S')],
            GlobalSecondaryIndexes=[gsi('gsi1', 'g', throughput=capacity(1, 1))])

    def test_index_capacity_update(self):
        # ack DDB-TABLE-165: the table stays ACTIVE, the index answers
        # UPDATING with its old capacity.
        name = self.provisioned_table_with_index()
        desc = self.update(name, GlobalSecondaryIndexUpdates=[
            {'Update': {'IndexName': 'gsi1', 'ProvisionedThroughput': capacity(2, 2)}}])
        self.assertEqual(desc['TableStatus'], 'ACTIVE')
        index = self.index(desc, 'gsi1')
        self.assertEqual(index['IndexStatus'], 'UPDATING')
        pt = dict(index['ProvisionedThroughput'])
        increased = pt.pop('LastIncreaseDateTime')
        self.assertEqual(pt, {'NumberOfDecreasesToday': 0, 'ReadCapacityUnits': 1, 'WriteCapacityUnits': 1})
        index = self.index(self.describe(name), 'gsi1')
        self.assertEqual(index['IndexStatus'], 'ACTIVE')
        self.assertEqual(index['ProvisionedThroughput'], {
            'LastIncreaseDateTime': increased, 'NumberOfDecreasesToday': 0,
            'ReadCapacityUnits': 2, 'WriteCapacityUnits': 2})

    def test_unchanged_index_capacity_is_rejected(self):
        # ack DDB-TABLE-164; the end of the text (after "Current
        # WriteCapacityUnits") is UNVERIFIED, written as the table's.
        name = self.provisioned_table_with_index()
        with self.assertDynamoError(
                'ValidationException',
                'The provisioned throughput for the index gsi1 will not change. The requested value equals '
                'the current value. Current ReadCapacityUnits provisioned for index gsi1: 1. Requested '
                'ReadCapacityUnits: 1. Current WriteCapacityUnits provisioned for index gsi1: 1. Requested '
                'WriteCapacityUnits: 1. Refer to the Amazon DynamoDB Developer Guide for current limits and '
                'how to request higher limits.'):
            self.ddb.update_table(TableName=name, GlobalSecondaryIndexUpdates=[
                {'Update': {'IndexName': 'gsi1', 'ProvisionedThroughput': capacity(1, 1)}}])

    def test_index_capacity_on_a_pay_per_request_table(self):
        # ack DDB-TABLE-152.
        name = self.ppr_table(AttributeDefinitions=[attr('PK', 'S'), attr('g', 'S')],
                              GlobalSecondaryIndexes=[gsi('gsi1', 'g')])
        with self.assertDynamoError(
                'ValidationException',
                INVALID + 'The only Updates for index: gsi1 when TableThroughputMode is PAY_PER_REQUEST can '
                'be to OnDemandThroughput, WarmThroughput'):
            self.ddb.update_table(TableName=name, GlobalSecondaryIndexUpdates=[
                {'Update': {'IndexName': 'gsi1', 'ProvisionedThroughput': capacity(1, 1)}}])

    def test_update_of_an_unknown_index(self):
        # ack DDB-TABLE-375, DDB-TABLE-456 (live).
        name = self.provisioned_table()
        with self.assertDynamoError('ResourceNotFoundException',
                                    f'Requested resource not found: Index ghost for table {name}'):
            self.ddb.update_table(TableName=name, GlobalSecondaryIndexUpdates=[
                {'Update': {'IndexName': 'ghost', 'ProvisionedThroughput': capacity(1, 1)}}])


class OnDemandThroughputTest(UpdateTableTestCase):

    def test_maximums_merge_member_by_member_and_minus_one_removes(self):
        # ack DDB-TABLE-178, DDB-TABLE-135: synchronous (ACTIVE); -1 is
        # echoed by the response and then gone.
        name = self.ppr_table()
        desc = self.update(name, OnDemandThroughput={'MaxReadRequestUnits': 100})
        self.assertEqual(desc['TableStatus'], 'ACTIVE')
        self.assertEqual(desc['OnDemandThroughput'], {'MaxReadRequestUnits': 100})
        self.update(name, OnDemandThroughput={'MaxWriteRequestUnits': 50})
        self.assertEqual(self.describe(name)['OnDemandThroughput'],
                         {'MaxReadRequestUnits': 100, 'MaxWriteRequestUnits': 50})
        desc = self.update(name, OnDemandThroughput={'MaxReadRequestUnits': -1})
        self.assertEqual(desc['OnDemandThroughput'], {'MaxReadRequestUnits': -1, 'MaxWriteRequestUnits': 50})
        self.assertEqual(self.describe(name)['OnDemandThroughput'], {'MaxWriteRequestUnits': 50})
        self.update(name, OnDemandThroughput={'MaxWriteRequestUnits': -1})
        self.assertNotIn('OnDemandThroughput', self.describe(name))

    def test_maximums_on_a_provisioned_table(self):
        # Dynoxide (captured): "the table" and no full stop on UpdateTable.
        name = self.provisioned_table()
        with self.assertDynamoError(
                'ValidationException',
                INVALID + 'MaxReadRequestUnits for OnDemandThroughput cannot be specified when the table '
                'BillingMode is PROVISIONED'):
            self.ddb.update_table(TableName=name, OnDemandThroughput={'MaxReadRequestUnits': 10})

    def test_maximum_out_of_range(self):
        # ack DDB-TABLE-442.
        name = self.ppr_table()
        with self.assertDynamoError(
                'ValidationException',
                INVALID + 'Requested MaxWriteRequestUnits for OnDemandThroughput for table is outside of '
                'valid range'):
            self.ddb.update_table(TableName=name, OnDemandThroughput={'MaxWriteRequestUnits': 0})

    def test_maximums_with_a_switch_to_pay_per_request(self):
        # ack DDB-TABLE-433: the one accepted pair.
        name = self.provisioned_table()
        self.update(name, BillingMode='PAY_PER_REQUEST', OnDemandThroughput={'MaxReadRequestUnits': 7})
        table = self.describe(name)
        self.assertEqual(table['OnDemandThroughput'], {'MaxReadRequestUnits': 7})
        self.assertEqual(table['BillingModeSummary']['BillingMode'], 'PAY_PER_REQUEST')


class DeletionProtectionTest(UpdateTableTestCase):

    def test_enable_then_disable_then_delete_table(self):
        name, _ = self.create_table(BillingMode='PAY_PER_REQUEST', cleanup=False, **HASH_ONLY)
        self.addCleanup(harness.delete_protected_table_quietly, self.ddb, name)
        # Synchronous: the response says ACTIVE (ack DDB-TABLE-017).
        desc = self.update(name, DeletionProtectionEnabled=True)
        self.assertEqual((desc['TableStatus'], desc['DeletionProtectionEnabled']), ('ACTIVE', True))
        self.assertTrue(self.describe(name)['DeletionProtectionEnabled'])
        with self.assertDynamoError('ValidationException', MSG_DELETION_PROTECTED):
            self.ddb.delete_table(TableName=name)
        # A same-value re-send is accepted (ack DDB-TABLE-164).
        self.update(name, DeletionProtectionEnabled=True)
        desc = self.update(name, DeletionProtectionEnabled=False)
        self.assertFalse(desc['DeletionProtectionEnabled'])
        self.assertFalse(self.describe(name)['DeletionProtectionEnabled'])
        self.assertEqual(self.ddb.delete_table(TableName=name)['TableDescription']['TableStatus'], 'DELETING')
        with self.assertDynamoError('ResourceNotFoundException'):
            self.ddb.describe_table(TableName=name)


class TableClassTest(UpdateTableTestCase):

    def test_change_answers_the_old_class_then_reports_the_new(self):
        # ack DDB-TABLE-177: TableClassSummary flips when the change ends.
        name = self.ppr_table()
        desc = self.update(name, TableClass='STANDARD_INFREQUENT_ACCESS')
        self.assertEqual(desc['TableStatus'], 'UPDATING')
        self.assertNotIn('TableClassSummary', desc)
        table = self.describe(name)
        self.assertEqual(table['TableStatus'], 'ACTIVE')
        self.assertEqual(table['TableClassSummary'], {'TableClass': 'STANDARD_INFREQUENT_ACCESS'})
        self.update(name, TableClass='STANDARD')
        self.assertEqual(self.describe(name)['TableClassSummary'], {'TableClass': 'STANDARD'})

    def test_standard_on_a_table_without_a_class_changes_nothing(self):
        # ack DDB-TABLE-283: a free no-op that leaves the summary absent.
        name = self.ppr_table()
        self.update(name, TableClass='STANDARD')
        self.assertNotIn('TableClassSummary', self.describe(name))


class StreamTest(UpdateTableTestCase):

    def test_enable(self):
        name = self.ppr_table()
        desc = self.update(name, StreamSpecification={'StreamEnabled': True, 'StreamViewType': 'NEW_IMAGE'})
        self.assertEqual(desc['TableStatus'], 'UPDATING')
        self.assertEqual(desc['StreamSpecification'], {'StreamEnabled': True, 'StreamViewType': 'NEW_IMAGE'})
        label = desc['LatestStreamLabel']
        self.assertEqual(desc['LatestStreamArn'], f'{table_arn(name)}/stream/{label}')
        table = self.describe(name)
        self.assertEqual(table['StreamSpecification'], {'StreamEnabled': True, 'StreamViewType': 'NEW_IMAGE'})
        self.assertEqual(table['LatestStreamLabel'], label)

    def test_enable_when_enabled_also_with_another_view_type(self):
        # ack DDB-TABLE-050 (live).
        name = self.ppr_table(StreamSpecification={'StreamEnabled': True, 'StreamViewType': 'KEYS_ONLY'})
        for view in ('KEYS_ONLY', 'NEW_AND_OLD_IMAGES'):
            with self.subTest(view=view), self.assertDynamoError(
                    'ValidationException', f'Table already has an enabled stream: TableName: {name}'):
                self.ddb.update_table(TableName=name,
                                      StreamSpecification={'StreamEnabled': True, 'StreamViewType': view})

    def test_disable_keeps_the_latest_stream(self):
        # ack DDB-TABLE-050: StreamSpecification disappears, the latest
        # stream's label and ARN stay.
        name = self.ppr_table(StreamSpecification={'StreamEnabled': True, 'StreamViewType': 'KEYS_ONLY'})
        label = self.describe(name)['LatestStreamLabel']
        desc = self.update(name, StreamSpecification={'StreamEnabled': False})
        self.assertEqual(desc['TableStatus'], 'UPDATING')
        self.assertEqual(desc['StreamSpecification'], {'StreamEnabled': False})
        table = self.describe(name)
        self.assertNotIn('StreamSpecification', table)
        self.assertEqual(table['LatestStreamLabel'], label)
        self.assertEqual(table['LatestStreamArn'], f'{table_arn(name)}/stream/{label}')

    def test_disable_when_disabled(self):
        # ack DDB-TABLE-050, DDB-TABLE-442 (live).
        name = self.ppr_table()
        with self.assertDynamoError('ValidationException',
                                    f'Table has no stream to disable: TableName: {name}'):
            self.ddb.update_table(TableName=name, StreamSpecification={'StreamEnabled': False})

    def test_reenable_makes_a_new_stream(self):
        name = self.ppr_table(StreamSpecification={'StreamEnabled': True, 'StreamViewType': 'KEYS_ONLY'})
        first = self.describe(name)['LatestStreamArn']
        self.update(name, StreamSpecification={'StreamEnabled': False})
        time.sleep(0.01)
        desc = self.update(name, StreamSpecification={'StreamEnabled': True, 'StreamViewType': 'NEW_IMAGE'})
        self.assertNotEqual(desc['LatestStreamArn'], first)
        self.assertEqual(self.describe(name)['LatestStreamArn'], desc['LatestStreamArn'])

    def test_enable_without_view_type(self):
        # ack DDB-TABLE-050 (live); checked before the stream's state.
        name = self.ppr_table()
        with self.assertDynamoError(
                'ValidationException', INVALID + 'If stream is being enabled then UpdateViewType is required'):
            self.ddb.update_table(TableName=name, StreamSpecification={'StreamEnabled': True})

    def test_disable_with_view_type(self):
        name = self.ppr_table(StreamSpecification={'StreamEnabled': True, 'StreamViewType': 'KEYS_ONLY'})
        with self.assertDynamoError(
                'ValidationException',
                INVALID + 'If stream is being disabled, then UpdateViewType must not be specified'):
            self.ddb.update_table(TableName=name,
                                  StreamSpecification={'StreamEnabled': False, 'StreamViewType': 'KEYS_ONLY'})


class EncryptionTest(UpdateTableTestCase):

    def test_enable_then_disable(self):
        # ack DDB-TABLE-065/079: the table stays ACTIVE while the encryption
        # change runs; a disabled table reports no SSEDescription.
        name = self.ppr_table()
        desc = self.update(name, SSESpecification={'Enabled': True})
        self.assertEqual(desc['TableStatus'], 'ACTIVE')
        self.assertEqual((desc['SSEDescription']['Status'], desc['SSEDescription']['SSEType']),
                         ('UPDATING', 'KMS'))
        sse = self.describe(name)['SSEDescription']
        self.assertEqual((sse['Status'], sse['SSEType']), ('ENABLED', 'KMS'))
        self.assertTrue(sse['KMSMasterKeyArn'].startswith('arn:aws:kms:us-east-1:000000000000:key/'))
        self.update(name, SSESpecification={'Enabled': False})
        self.assertNotIn('SSEDescription', self.describe(name))

    def test_disable_on_the_default_key(self):
        # ack DDB-TABLE-079, DDB-TABLE-442.
        name = self.ppr_table()
        for spec in ({'Enabled': False}, {}):
            with self.subTest(spec=spec), self.assertDynamoError(
                    'ValidationException', INVALID + 'Table is already encrypted by default'):
                self.ddb.update_table(TableName=name, SSESpecification=spec)

    def test_same_key_arn_again(self):
        # ack DDB-TABLE-442: only the exact ARN re-send is refused.
        name = self.ppr_table()
        key_arn = 'arn:aws:kms:us-east-1:000000000000:key/11111111-2222-4333-8444-555555555555'
        self.update(name, SSESpecification={'Enabled': True, 'SSEType': 'KMS', 'KMSMasterKeyId': key_arn})
        self.assertEqual(self.describe(name)['SSEDescription']['KMSMasterKeyArn'], key_arn)
        with self.assertDynamoError(
                'ValidationException',
                INVALID + 'Table is already encrypted with given KMSMasterKeyId. Use KMSMasterKeyId '
                'parameter if you want to change Master Key'):
            self.ddb.update_table(TableName=name, SSESpecification={
                'Enabled': True, 'SSEType': 'KMS', 'KMSMasterKeyId': key_arn})

    def test_key_without_kms_type(self):
        # ack DDB-TABLE-442 (UNVERIFIED in full: listed as a variant).
        name = self.ppr_table()
        with self.assertDynamoError(
                'ValidationException', INVALID + 'SSEType KMS is required if KMSMasterKeyId is specified'):
            self.ddb.update_table(TableName=name, SSESpecification={'Enabled': True, 'KMSMasterKeyId': 'k'})


class IndexValidationTest(UpdateTableTestCase):

    def table_with_indexes(self):
        return self.ppr_table(
            AttributeDefinitions=[attr('PK', 'S'), attr('SK', 'S'), attr('g', 'S'), attr('l', 'S')],
            KeySchema=[key('PK', 'HASH'), key('SK', 'RANGE')],
            GlobalSecondaryIndexes=[gsi('gsi1', 'g')],
            LocalSecondaryIndexes=[{'IndexName': 'lsi1', 'KeySchema': [key('PK', 'HASH'), key('l', 'RANGE')],
                                    'Projection': {'ProjectionType': 'ALL'}}])

    def test_two_creations_in_one_call(self):
        name = self.ppr_table()
        with self.assertDynamoError('LimitExceededException', ONE_ONLINE_INDEX):
            self.ddb.update_table(TableName=name, AttributeDefinitions=[attr('x', 'S')],
                                  GlobalSecondaryIndexUpdates=[{'Create': gsi('ind1', 'x')},
                                                               {'Create': gsi('ind2', 'x')}])

    def test_a_creation_and_a_deletion_in_one_call(self):
        name = self.table_with_indexes()
        with self.assertDynamoError('LimitExceededException', ONE_ONLINE_INDEX):
            self.ddb.update_table(TableName=name, AttributeDefinitions=[attr('x', 'S')],
                                  GlobalSecondaryIndexUpdates=[{'Create': gsi('ind1', 'x')},
                                                               {'Delete': {'IndexName': 'gsi1'}}])

    def test_creating_an_existing_index(self):
        # ack DDB-TABLE-442; Alternator: a GSI's or an LSI's name.
        name = self.table_with_indexes()
        for existing in ('gsi1', 'lsi1'):
            with self.subTest(index=existing), self.assertDynamoError(
                    'ValidationException', 'Attempting to create an index which already exists'):
                self.ddb.update_table(TableName=name, AttributeDefinitions=[attr('x', 'S')],
                                      GlobalSecondaryIndexUpdates=[{'Create': gsi(existing, 'x')}])

    def test_creation_without_attribute_definitions(self):
        # ack DDB-TABLE-162; Alternator test_gsi_backfill_with_lsi: needed
        # even for an attribute the table already defines.
        name = self.table_with_indexes()
        with self.assertDynamoError('ValidationException',
                                    INVALID + 'AttributeDefinitions is not specified for index: gsi2'):
            self.ddb.update_table(TableName=name, GlobalSecondaryIndexUpdates=[{'Create': gsi('gsi2', 'g')}])

    def test_creation_with_an_undefined_key_attribute(self):
        # CreateTable's text (ack DDB-TABLE-127); UNVERIFIED on UpdateTable.
        name = self.ppr_table()
        with self.assertDynamoError(
                'ValidationException',
                INVALID + 'Some index key attributes are not defined in AttributeDefinitions. Keys: [x, y], '
                'AttributeDefinitions: [x, z]'):
            self.ddb.update_table(TableName=name, AttributeDefinitions=[attr('x', 'S'), attr('z', 'S')],
                                  GlobalSecondaryIndexUpdates=[{'Create': gsi('gsi2', 'x', 'y')}])

    def test_creation_redefining_an_attribute(self):
        # Alternator test_gsi_key_type_conflict_on_update quotes the service.
        name = self.table_with_indexes()
        with self.assertDynamoError(
                'ValidationException',
                INVALID + 'Attributes cannot be redefined. Please check that your attribute has the same '
                'type as previously defined. Existing schema: Schema:[SchemaElement: key{g:S:HASH}] '
                'New schema: Schema:[SchemaElement: key{g:N:HASH}]'):
            self.ddb.update_table(TableName=name, AttributeDefinitions=[attr('g', 'N')],
                                  GlobalSecondaryIndexUpdates=[{'Create': gsi('gsi2', 'g')}])

    def test_creation_with_include_and_no_attributes(self):
        name = self.ppr_table()
        with self.assertDynamoError(
                'ValidationException',
                INVALID + 'ProjectionType is INCLUDE, but NonKeyAttributes is not specified'):
            self.ddb.update_table(TableName=name, AttributeDefinitions=[attr('x', 'S')],
                                  GlobalSecondaryIndexUpdates=[{'Create': gsi(
                                      'gsi2', 'x', projection={'ProjectionType': 'INCLUDE'})}])

    def test_creation_without_capacity_on_a_provisioned_table(self):
        # ack DDB-TABLE-152.
        name = self.provisioned_table()
        with self.assertDynamoError(
                'ValidationException',
                INVALID + 'Both ReadCapacityUnits and WriteCapacityUnits must be specified for index: gsi2'):
            self.ddb.update_table(TableName=name, AttributeDefinitions=[attr('x', 'S')],
                                  GlobalSecondaryIndexUpdates=[{'Create': gsi('gsi2', 'x')}])

    def test_creation_with_capacity_on_a_pay_per_request_table(self):
        # ack DDB-TABLE-442.
        name = self.ppr_table()
        with self.assertDynamoError(
                'ValidationException',
                INVALID + 'Neither ReadCapacityUnits nor WriteCapacityUnits can be specified for index: '
                'gsi2 when BillingMode is PAY_PER_REQUEST'):
            self.ddb.update_table(TableName=name, AttributeDefinitions=[attr('x', 'S')],
                                  GlobalSecondaryIndexUpdates=[{'Create': gsi('gsi2', 'x',
                                                                              throughput=capacity(1, 1))}])

    def test_twenty_first_index(self):
        # ack DDB-TABLE-169: LimitExceededException on UpdateTable
        # (ValidationException at CreateTable).
        defs = [attr('PK', 'S')] + [attr(f'a{i}', 'S') for i in range(21)]
        name = self.ppr_table(AttributeDefinitions=defs[:21],
                              GlobalSecondaryIndexes=[gsi(f'idx{i}', f'a{i}') for i in range(20)])
        with self.assertDynamoError(
                'LimitExceededException',
                'Subscriber limit exceeded: Number of global secondary indexes exceeds per-table limit of 20'):
            self.ddb.update_table(TableName=name, AttributeDefinitions=[attr('a20', 'S')],
                                  GlobalSecondaryIndexUpdates=[{'Create': gsi('idx20', 'a20')}])

    def test_deleting_an_unknown_index(self):
        # ack DDB-TABLE-380; Alternator test_updatetable_delete_missing_gsi.
        name = self.table_with_indexes()
        with self.assertDynamoError('ResourceNotFoundException',
                                    f'Requested resource not found: Index nonexistent for table {name}'):
            self.ddb.update_table(TableName=name,
                                  GlobalSecondaryIndexUpdates=[{'Delete': {'IndexName': 'nonexistent'}}])

    def test_deleting_a_local_index(self):
        # Alternator test_gsi_delete_with_lsi (a ValidationException on the
        # service); text from ack DDB-TABLE-442.
        name = self.table_with_indexes()
        with self.assertDynamoError('ValidationException',
                                    'Cannot delete an index that is not a GlobalSecondaryIndex: lsi1'):
            self.ddb.update_table(TableName=name, GlobalSecondaryIndexUpdates=[{'Delete': {'IndexName': 'lsi1'}}])


class IndexLifecycleTest(UpdateTableTestCase):

    def test_creation_on_an_empty_table(self):
        name = self.ppr_table()
        desc = self.update(name, AttributeDefinitions=[attr('g', 'S')],
                           GlobalSecondaryIndexUpdates=[{'Create': gsi('gsi1', 'g')}])
        # ack DDB-TABLE-148/165: UPDATING, the index CREATING with
        # Backfilling false (resource allocation).
        self.assertEqual(desc['TableStatus'], 'UPDATING')
        self.assertEqual(sorted(d['AttributeName'] for d in desc['AttributeDefinitions']), ['PK', 'g'])
        index = dict(self.index(desc, 'gsi1'))
        index.pop('WarmThroughput', None)
        self.assertEqual(index, {
            'IndexName': 'gsi1', 'KeySchema': [key('g', 'HASH')], 'Projection': {'ProjectionType': 'ALL'},
            'IndexStatus': 'CREATING', 'Backfilling': False,
            'ProvisionedThroughput': {'NumberOfDecreasesToday': 0, 'ReadCapacityUnits': 0,
                                      'WriteCapacityUnits': 0},
            'IndexSizeBytes': 0, 'ItemCount': 0, 'IndexArn': index_arn(name, 'gsi1')})
        # Backfilling is gone once ACTIVE (ack DDB-TABLE-138).
        index = self.wait_for_index_active(name, 'gsi1')
        self.assertNotIn('Backfilling', index)
        self.assertEqual(self.describe(name)['TableStatus'], 'ACTIVE')

    def test_backfill_counts_existing_items(self):
        # Alternator test_gsi_backfill: items without the key attribute, or
        # with another type, are left out.
        name = self.ppr_table()
        items = []
        for i in range(30):
            item = {'PK': {'S': f'p{i}'}, 'data': {'S': 'x' * i}}
            if i % 3 == 0:
                item['g'] = {'S': f'g{i % 5}'}
            elif i % 3 == 1:
                item['g'] = {'N': str(i)}
            items.append(item)
            self.ddb.put_item(TableName=name, Item=item)
        projection = {'ProjectionType': 'INCLUDE', 'NonKeyAttributes': ['data']}
        self.update(name, AttributeDefinitions=[attr('g', 'S')],
                    GlobalSecondaryIndexUpdates=[{'Create': gsi('gsi1', 'g', projection=projection)}])
        index = self.wait_for_index_active(name, 'gsi1')
        indexed = [projected(i, projection, ['PK'], ['g']) for i in items if 'S' in i.get('g', {})]
        self.assertEqual((index['ItemCount'], index['IndexSizeBytes']),
                         (len(indexed), sum(harness.item_size(i) for i in indexed)))
        # The index now holds the attribute to its type (Alternator).
        with self.assertDynamoError(
                'ValidationException',
                INVALID + 'Type mismatch for Index Key g Expected: S Actual: N IndexName: gsi1'):
            self.ddb.put_item(TableName=name, Item={'PK': {'S': 'new'}, 'g': {'N': '1'}})

    def test_index_is_creating_and_backfilling_then_active(self):
        name = self.ppr_table()
        self._load(name, 1000)
        self.update(name, AttributeDefinitions=[attr('g', 'S')],
                    GlobalSecondaryIndexUpdates=[{'Create': gsi('gsi1', 'g')}])
        # DescribeTable: CREATING with Backfilling true until done, the table
        # ACTIVE (ack DDB-TABLE-148, DDB-TABLE-138).
        table = self.describe(name)
        self.assertEqual(table['TableStatus'], 'ACTIVE')
        index = self.index(table, 'gsi1')
        self.assertEqual((index['IndexStatus'], index.get('Backfilling')), ('CREATING', True))
        index = self.wait_for_index_active(name, 'gsi1')
        self.assertNotIn('Backfilling', index)
        self.assertEqual(index['ItemCount'], 1000)

    def _load(self, name, count, threads=8):
        def load(start, ddb):
            for i in range(start, count, threads):
                ddb.put_item(TableName=name, Item={'PK': {'S': f'p{i:05d}'}, 'g': {'S': f'g{i % 37}'},
                                                   'data': {'S': 'd' * (i % 50)}})
        workers = [threading.Thread(target=load, args=(t, harness.client())) for t in range(threads)]
        for w in workers:
            w.start()
        for w in workers:
            w.join()

    def test_backfill_with_concurrent_writes_loses_nothing(self):
        # Writes during the backfill are neither lost from the index nor
        # counted twice: at the end the index's ItemCount and IndexSizeBytes
        # are those of the items the table holds.
        name = self.ppr_table()
        count = 2000
        self._load(name, count)
        go = threading.Event()
        stop = threading.Event()
        creating_done = threading.Event()
        writes_while_creating = [0]
        lock = threading.Lock()
        errors = []

        def writer(seed, ddb):
            rng = random.Random(seed)
            go.wait()
            while not stop.is_set():
                pk = f'p{rng.randrange(count + 500):05d}'
                op = rng.random()
                try:
                    if op < 0.3:
                        ddb.delete_item(TableName=name, Key={'PK': {'S': pk}})
                    else:
                        item = {'PK': {'S': pk}, 'data': {'S': 'w' * rng.randrange(80)}}
                        if op < 0.85:  # else: the item leaves the sparse index
                            item['g'] = {'S': f'g{rng.randrange(50)}'}
                        ddb.put_item(TableName=name, Item=item)
                except Exception as e:  # noqa: BLE001 - reported below
                    errors.append(e)
                    return
                with lock:
                    if not creating_done.is_set():
                        writes_while_creating[0] += 1

        # Clients are slow to make: make them before the index.
        workers = [threading.Thread(target=writer, args=(s, harness.client())) for s in range(6)]
        for w in workers:
            w.start()
        try:
            self.update(name, AttributeDefinitions=[attr('g', 'S')],
                        GlobalSecondaryIndexUpdates=[{'Create': gsi('gsi1', 'g')}])
            go.set()
            self.wait_for_index_active(name, 'gsi1')
            creating_done.set()
            time.sleep(0.2)  # some writes after ACTIVE too
        finally:
            stop.set()
            go.set()
            for w in workers:
                w.join()
        self.assertEqual(errors, [])
        self.assertGreater(writes_while_creating[0], 100, 'the writes did not overlap the backfill')

        expected_count, expected_bytes = 0, 0
        for i in range(count + 500):
            item = self.ddb.get_item(TableName=name, Key={'PK': {'S': f'p{i:05d}'}},
                                     ConsistentRead=True).get('Item')
            if item and 'g' in item:
                expected_count += 1
                expected_bytes += harness.item_size(item)
        index = self.index(self.describe(name), 'gsi1')
        self.assertEqual((index['ItemCount'], index['IndexSizeBytes']), (expected_count, expected_bytes))

    def test_deletion(self):
        name = self.ppr_table(AttributeDefinitions=[attr('PK', 'S'), attr('g', 'S'), attr('h', 'S')],
                              GlobalSecondaryIndexes=[gsi('gsi1', 'g'), gsi('gsi2', 'h')])
        self.ddb.put_item(TableName=name, Item={'PK': {'S': 'a'}, 'g': {'S': 'x'}})
        desc = self.update(name, GlobalSecondaryIndexUpdates=[{'Delete': {'IndexName': 'gsi1'}}])
        # ack DDB-TABLE-165/148: UPDATING with the index DELETING.
        self.assertEqual(desc['TableStatus'], 'UPDATING')
        self.assertEqual([(i['IndexName'], i['IndexStatus']) for i in desc['GlobalSecondaryIndexes']],
                         [('gsi1', 'DELETING'), ('gsi2', 'ACTIVE')])
        table = self.describe(name)
        self.assertEqual([i['IndexName'] for i in table['GlobalSecondaryIndexes']], ['gsi2'])
        # The attribute only gsi1 used leaves AttributeDefinitions (ack
        # DDB-TABLE-151).
        self.assertEqual(sorted(d['AttributeName'] for d in table['AttributeDefinitions']), ['PK', 'h'])
        # Its type no longer binds writes (Alternator test_gsi_delete).
        self.ddb.put_item(TableName=name, Item={'PK': {'S': 'b'}, 'g': {'N': '7'}})
        # The name can be used again, and the new index starts empty.
        self.update(name, AttributeDefinitions=[attr('g', 'N')],
                    GlobalSecondaryIndexUpdates=[{'Create': gsi('gsi1', 'g')}])
        index = self.wait_for_index_active(name, 'gsi1')
        self.assertEqual(index['KeySchema'], [key('g', 'HASH')])
        self.assertEqual(index['ItemCount'], 1)

    def test_deletion_while_creating(self):
        # ack DDB-TABLE-149: allowed once the index backfills.
        name = self.ppr_table()
        self._load(name, 500)
        self.update(name, AttributeDefinitions=[attr('g', 'S')],
                    GlobalSecondaryIndexUpdates=[{'Create': gsi('gsi1', 'g')}])
        self.update(name, GlobalSecondaryIndexUpdates=[{'Delete': {'IndexName': 'gsi1'}}])
        self.assertNotIn('GlobalSecondaryIndexes', self.describe(name))
        self.update(name, AttributeDefinitions=[attr('g', 'S')],
                    GlobalSecondaryIndexUpdates=[{'Create': gsi('gsi3', 'g')}])
        self.assertEqual(self.wait_for_index_active(name, 'gsi3')['ItemCount'], 500)

    def test_another_index_change_while_one_is_creating(self):
        # ack DDB-TABLE-159: one online index change at a time per table.
        name = self.ppr_table(AttributeDefinitions=[attr('PK', 'S'), attr('h', 'S')],
                              GlobalSecondaryIndexes=[gsi('gsi0', 'h')])
        self._load(name, 1000)
        self.update(name, AttributeDefinitions=[attr('g', 'S')],
                    GlobalSecondaryIndexUpdates=[{'Create': gsi('gsi1', 'g')}])
        with self.assertDynamoError('LimitExceededException', ONE_ONLINE_INDEX):
            self.ddb.update_table(TableName=name, AttributeDefinitions=[attr('x', 'S')],
                                  GlobalSecondaryIndexUpdates=[{'Create': gsi('gsi2', 'x')}])
        with self.assertDynamoError('LimitExceededException', ONE_ONLINE_INDEX):
            self.ddb.update_table(TableName=name, GlobalSecondaryIndexUpdates=[{'Delete': {'IndexName': 'gsi0'}}])
        self.wait_for_index_active(name, 'gsi1')

    def test_table_made_again_under_the_name_starts_clean(self):
        # A dropped table's index entries are gone with it: a table made
        # again under the name holds only what is written to it.
        name, _ = self.create_table(BillingMode='PAY_PER_REQUEST', cleanup=False, **HASH_ONLY)
        self._load(name, 1000)
        self.update(name, AttributeDefinitions=[attr('g', 'S')],
                    GlobalSecondaryIndexUpdates=[{'Create': gsi('gsi1', 'g')}])
        deadline = time.time() + 30
        while self.index(self.describe(name), 'gsi1')['IndexStatus'] != 'ACTIVE':
            self.assertLess(time.time(), deadline)
            time.sleep(0.05)
        self.ddb.delete_table(TableName=name)
        self.create_table(name=name, BillingMode='PAY_PER_REQUEST',
                          AttributeDefinitions=[attr('PK', 'S'), attr('g', 'S')], KeySchema=[key('PK', 'HASH')],
                          GlobalSecondaryIndexes=[gsi('gsi1', 'g')])
        self.ddb.put_item(TableName=name, Item={'PK': {'S': 'a'}, 'g': {'S': 'x'}})
        table = self.describe(name)
        self.assertEqual(table['ItemCount'], 1)
        self.assertEqual(self.index(table, 'gsi1')['ItemCount'], 1)


class BackfillRestartTest(unittest.TestCase):
    """A server stopped during a backfill exits promptly, and the backfill
    resumes when the database is opened again."""

    def start(self, db_path, pause_us):
        previous = os.environ.get('DYNAROCK_BACKFILL_PAUSE_US')
        os.environ['DYNAROCK_BACKFILL_PAUSE_US'] = pause_us
        try:
            server = harness.Server(db_path=db_path)
            server.start()
        finally:
            if previous is None:
                del os.environ['DYNAROCK_BACKFILL_PAUSE_US']
            else:
                os.environ['DYNAROCK_BACKFILL_PAUSE_US'] = previous
        self.addCleanup(server.stop)
        return server, harness.client(server.endpoint)

    def test_delete_table_is_refused_while_an_index_is_created(self):
        # ResourceInUseException while the index backfills (live probes of
        # the service, ack-api-quirks DDB-TABLE-150); accepted once ACTIVE.
        server, ddb = self.start(self.enterContext(tempfile.TemporaryDirectory()), '2000')
        name = harness.unique_table_name()
        ddb.create_table(TableName=name, BillingMode='PAY_PER_REQUEST', **HASH_ONLY)
        for i in range(200):
            ddb.put_item(TableName=name, Item={'PK': {'S': f'k{i}'}, 'g': {'S': 'x'}})
        ddb.update_table(TableName=name, AttributeDefinitions=[attr('g', 'S')],
                         GlobalSecondaryIndexUpdates=[{'Create': gsi('gsi1', 'g')}])
        with self.assertRaises(botocore.exceptions.ClientError) as cm:
            ddb.delete_table(TableName=name)
        self.assertEqual(cm.exception.response['Error'],
                         {'Code': 'ResourceInUseException',
                          'Message': 'Attempt to change a resource which is still in use: Cannot delete table '
                                     'while indexes are being created, updated, or deleted.'})
        deadline = time.time() + 60
        while ddb.describe_table(TableName=name)['Table']['GlobalSecondaryIndexes'][0]['IndexStatus'] != 'ACTIVE':
            self.assertLess(time.time(), deadline)
            time.sleep(0.05)
        ddb.delete_table(TableName=name)

    def test_stop_during_backfill_then_resume(self):
        db_path = self.enterContext(tempfile.TemporaryDirectory())
        server, ddb = self.start(db_path, '5000')
        name = harness.unique_table_name()
        ddb.create_table(TableName=name, BillingMode='PAY_PER_REQUEST', **HASH_ONLY)
        for i in range(300):
            ddb.put_item(TableName=name, Item={'PK': {'S': f'p{i}'}, 'g': {'S': f'g{i % 7}'}})
        ddb.update_table(TableName=name, AttributeDefinitions=[attr('g', 'S')],
                         GlobalSecondaryIndexUpdates=[{'Create': gsi('gsi1', 'g')}])
        # 300 items at 5 ms each: the backfill is still running.
        self.assertEqual(ddb.describe_table(TableName=name)['Table']['GlobalSecondaryIndexes'][0]['IndexStatus'],
                         'CREATING')
        started = time.time()
        server.stop()
        self.assertLess(time.time() - started, 5)

        server, ddb = self.start(db_path, '0')
        deadline = time.time() + 30
        while True:
            index = ddb.describe_table(TableName=name)['Table']['GlobalSecondaryIndexes'][0]
            if index['IndexStatus'] == 'ACTIVE' or time.time() > deadline:
                break
            time.sleep(0.02)
        self.assertEqual((index['IndexStatus'], index['ItemCount']), ('ACTIVE', 300))
        self.assertEqual(index['IndexSizeBytes'],
                         sum(harness.item_size({'PK': {'S': f'p{i}'}, 'g': {'S': f'g{i % 7}'}})
                             for i in range(300)))


if __name__ == '__main__':
    unittest.main()
