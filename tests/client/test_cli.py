"""The AWS CLI against dynarock: the seed's commands from
shared/seed/single-table-design.md, run as written plus --endpoint-url.

The CLI runs with dummy credentials, region us-east-1, JSON output, no pager
and no user configuration, so the test sees only what the server answered.

Run: DYNAROCK_BIN=build/dynarock python3 -m unittest tests/client/test_cli.py
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import harness  # noqa: E402
from harness import DynamoTestCase, index_arn, table_arn  # noqa: E402

SEED_TABLE = 'makeriess-main-table'

# Verbatim from shared/seed/single-table-design.md, "Option 2: AWS CLI".
SEED_CREATE_TABLE = r'''aws dynamodb create-table \
  --table-name makeriess-main-table \
  --attribute-definitions \
    AttributeName=PK,AttributeType=S \
    AttributeName=SK,AttributeType=S \
    AttributeName=GSI1PK,AttributeType=S \
    AttributeName=GSI1SK,AttributeType=S \
    AttributeName=GSI2PK,AttributeType=S \
    AttributeName=GSI2SK,AttributeType=S \
  --key-schema \
    AttributeName=PK,KeyType=HASH \
    AttributeName=SK,KeyType=RANGE \
  --billing-mode PAY_PER_REQUEST \
  --global-secondary-indexes \
    "[
      {
        \"IndexName\": \"GSI1\",
        \"KeySchema\": [
          {\"AttributeName\":\"GSI1PK\",\"KeyType\":\"HASH\"},
          {\"AttributeName\":\"GSI1SK\",\"KeyType\":\"RANGE\"}
        ],
        \"Projection\": {\"ProjectionType\":\"ALL\"}
      },
      {
        \"IndexName\": \"GSI2\",
        \"KeySchema\": [
          {\"AttributeName\":\"GSI2PK\",\"KeyType\":\"HASH\"},
          {\"AttributeName\":\"GSI2SK\",\"KeyType\":\"RANGE\"}
        ],
        \"Projection\": {\"ProjectionType\":\"ALL\"}
      }
    ]" \
  --sse-specification Enabled=true \
  --tags Key=Environment,Value=production Key=Application,Value=makeriess'''

# Verbatim from the seed, "Enable Point-in-Time Recovery".
SEED_UPDATE_CONTINUOUS_BACKUPS = r'''aws dynamodb update-continuous-backups \
  --table-name makeriess-main-table \
  --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true'''

AWS_CLI = shutil.which('aws')


def setUpModule():
    if AWS_CLI is None:
        raise unittest.SkipTest('the AWS CLI (aws) is not on PATH')
    harness.start_module_server()


def tearDownModule():
    harness.stop_module_server()


class CliTestCase(DynamoTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.config_dir = tempfile.mkdtemp(prefix='dynarock-cli-')

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.config_dir, ignore_errors=True)
        super().tearDownClass()

    def cli_env(self):
        env = {k: v for k, v in os.environ.items() if not k.startswith('AWS_')}
        env.update({
            'AWS_ACCESS_KEY_ID': harness.DUMMY_ACCESS_KEY,
            'AWS_SECRET_ACCESS_KEY': harness.DUMMY_SECRET_KEY,
            'AWS_DEFAULT_REGION': harness.REGION,
            'AWS_DEFAULT_OUTPUT': 'json',
            'AWS_PAGER': '',
            # No user configuration or credentials file can leak in.
            'AWS_CONFIG_FILE': os.path.join(self.config_dir, 'config'),
            'AWS_SHARED_CREDENTIALS_FILE': os.path.join(self.config_dir, 'credentials'),
            'DYNAROCK_ENDPOINT': harness.endpoint(),
        })
        return env

    def run_shell(self, command):
        """Runs a seed command through bash with --endpoint-url appended."""
        script = command + ' \\\n  --endpoint-url "$DYNAROCK_ENDPOINT"\n'
        return subprocess.run(['bash', '-c', script], env=self.cli_env(), capture_output=True,
                              text=True, timeout=120)

    def run_cli(self, *args):
        return subprocess.run([AWS_CLI, 'dynamodb', *args, '--endpoint-url', harness.endpoint()],
                              env=self.cli_env(), capture_output=True, text=True, timeout=120)

    def ok_json(self, result):
        self.assertEqual(result.returncode, 0,
                         msg=f'stdout: {result.stdout}\nstderr: {result.stderr}')
        return json.loads(result.stdout) if result.stdout.strip() else {}


class SeedTableTest(CliTestCase):
    """The seed's table, created once by its own create-table command."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        probe = cls('run')
        cls.created = probe.ok_json(probe.run_shell(SEED_CREATE_TABLE))

    def test_create_table_answers_with_the_new_description(self):
        desc = self.created['TableDescription']
        self.assertEqual(desc['TableName'], SEED_TABLE)
        self.assertEqual(desc['TableArn'], table_arn(SEED_TABLE))
        self.assertEqual(desc['BillingModeSummary'], {'BillingMode': 'PAY_PER_REQUEST'})
        self.assertEqual([g['IndexName'] for g in desc['GlobalSecondaryIndexes']], ['GSI1', 'GSI2'])

    def test_describe_table_shows_keys_indexes_and_encryption(self):
        table = self.ok_json(self.run_cli('describe-table', '--table-name', SEED_TABLE))['Table']
        self.assertEqual(table['TableStatus'], 'ACTIVE')
        self.assertEqual(table['KeySchema'], [{'AttributeName': 'PK', 'KeyType': 'HASH'},
                                              {'AttributeName': 'SK', 'KeyType': 'RANGE'}])
        self.assertCountEqual(table['AttributeDefinitions'], [
            {'AttributeName': n, 'AttributeType': 'S'}
            for n in ('PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK')])
        self.assertEqual(table['BillingModeSummary']['BillingMode'], 'PAY_PER_REQUEST')
        self.assertEqual(table['ProvisionedThroughput'], {
            'NumberOfDecreasesToday': 0, 'ReadCapacityUnits': 0, 'WriteCapacityUnits': 0})
        gsis = {g['IndexName']: g for g in table['GlobalSecondaryIndexes']}
        self.assertEqual(list(gsis), ['GSI1', 'GSI2'])
        for n in ('1', '2'):
            gsi = gsis[f'GSI{n}']
            self.assertEqual(gsi['KeySchema'], [
                {'AttributeName': f'GSI{n}PK', 'KeyType': 'HASH'},
                {'AttributeName': f'GSI{n}SK', 'KeyType': 'RANGE'}])
            self.assertEqual(gsi['Projection'], {'ProjectionType': 'ALL'})
            self.assertEqual(gsi['IndexStatus'], 'ACTIVE')
            self.assertEqual(gsi['IndexArn'], index_arn(SEED_TABLE, f'GSI{n}'))
        # --sse-specification Enabled=true: the AWS-managed KMS key.
        self.assertIn('SSEDescription', table)
        sse = table['SSEDescription']
        self.assertEqual(sse['Status'], 'ENABLED')
        self.assertEqual(sse['SSEType'], 'KMS')
        self.assertRegex(sse['KMSMasterKeyArn'],
                         r'^arn:aws:kms:us-east-1:000000000000:key/[0-9a-f-]{36}$')

    def test_list_tags_of_resource_shows_the_seed_tags(self):
        got = self.ok_json(self.run_cli('list-tags-of-resource', '--resource-arn',
                                        table_arn(SEED_TABLE)))
        self.assertCountEqual(got['Tags'], [{'Key': 'Environment', 'Value': 'production'},
                                            {'Key': 'Application', 'Value': 'makeriess'}])

    def test_update_continuous_backups_enables_point_in_time_recovery(self):
        got = self.ok_json(self.run_shell(SEED_UPDATE_CONTINUOUS_BACKUPS))
        pitr = got['ContinuousBackupsDescription']['PointInTimeRecoveryDescription']
        self.assertEqual(pitr['PointInTimeRecoveryStatus'], 'ENABLED')
        self.assertEqual(pitr['RecoveryPeriodInDays'], 35)
        self.assertIn('EarliestRestorableDateTime', pitr)
        self.assertIn('LatestRestorableDateTime', pitr)
        self.assertEqual(got['ContinuousBackupsDescription']['ContinuousBackupsStatus'], 'ENABLED')
        described = self.ok_json(self.run_cli('describe-continuous-backups', '--table-name',
                                              SEED_TABLE))
        self.assertEqual(described['ContinuousBackupsDescription']
                         ['PointInTimeRecoveryDescription']['PointInTimeRecoveryStatus'], 'ENABLED')

    def test_put_item_and_get_item_round_trip(self):
        item = {
            'PK': {'S': 'CUSTOMER#cust_cli'},
            'SK': {'S': 'METADATA'},
            'GSI1PK': {'S': 'EMAIL#cli@example.com'},
            'GSI1SK': {'S': 'CUSTOMER'},
            'email': {'S': 'cli@example.com'},
            'name': {'S': 'Jane Doe'},
            'loyaltyPoints': {'N': '0010.50'},
            'tags': {'SS': ['b', 'a']},
            'active': {'BOOL': True},
        }
        put = self.run_cli('put-item', '--table-name', SEED_TABLE, '--item', json.dumps(item),
                           '--return-consumed-capacity', 'TOTAL')
        # GSI1 is written too: 1 unit for the table, 1 for the index.
        self.assertEqual(self.ok_json(put),
                         {'ConsumedCapacity': {'TableName': SEED_TABLE, 'CapacityUnits': 2.0}})
        got = self.ok_json(self.run_cli(
            'get-item', '--table-name', SEED_TABLE, '--consistent-read',
            '--key', json.dumps({'PK': item['PK'], 'SK': item['SK']})))
        expected = dict(item, loyaltyPoints={'N': '10.5'})
        got['Item']['tags']['SS'].sort()
        expected['tags'] = {'SS': ['a', 'b']}
        self.assertEqual(got, {'Item': expected})

    def test_get_item_of_a_missing_item_prints_nothing(self):
        result = self.run_cli('get-item', '--table-name', SEED_TABLE, '--key',
                              json.dumps({'PK': {'S': 'nope'}, 'SK': {'S': 'nope'}}))
        self.assertEqual(result.returncode, 0, msg=result.stderr)
        self.assertEqual(result.stdout.strip(), '')

    def test_service_error_is_reported_by_the_cli(self):
        # CLI v1 exits 255 on a service error and prints the code, operation
        # and message on stderr. (Retries stay at the CLI default: with
        # AWS_MAX_ATTEMPTS=1 botocore adds "(reached max retries: 0)" to the line.)
        result = self.run_cli('describe-table', '--table-name', 'no-such-table-here')
        self.assertNotEqual(result.returncode, 0)
        self.assertIn('An error occurred (ResourceNotFoundException) when calling the '
                      'DescribeTable operation: Requested resource not found: Table: '
                      'no-such-table-here not found', result.stderr)

    def test_create_table_again_is_refused(self):
        result = self.run_shell(SEED_CREATE_TABLE)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn('An error occurred (ResourceInUseException) when calling the CreateTable '
                      'operation: Table already exists: makeriess-main-table', result.stderr)


class StreamsCliTest(CliTestCase):
    """`aws dynamodbstreams` against the same endpoint: a stream enabled on
    the seed's kind of table with `aws dynamodb update-table`, then read."""

    def run_streams(self, *args):
        return subprocess.run([AWS_CLI, 'dynamodbstreams', *args, '--endpoint-url',
                               harness.endpoint()],
                              env=self.cli_env(), capture_output=True, text=True, timeout=120)

    def test_enable_a_stream_write_and_read_its_records(self):
        name = self.create_simple_table()
        desc = self.ok_json(self.run_cli(
            'update-table', '--table-name', name, '--stream-specification',
            'StreamEnabled=true,StreamViewType=NEW_AND_OLD_IMAGES'))['TableDescription']
        arn = desc['LatestStreamArn']
        self.assertEqual(arn, f'{table_arn(name)}/stream/{desc["LatestStreamLabel"]}')
        self.ok_json(self.run_cli('put-item', '--table-name', name, '--item',
                                  json.dumps({'PK': {'S': 'k'}, 'v': {'N': '1'}})))
        self.ok_json(self.run_cli('put-item', '--table-name', name, '--item',
                                  json.dumps({'PK': {'S': 'k'}, 'v': {'N': '2'}})))
        listed = self.ok_json(self.run_streams('list-streams', '--table-name', name))
        self.assertEqual(listed, {'Streams': [{
            'StreamArn': arn, 'TableName': name, 'StreamLabel': desc['LatestStreamLabel']}]})
        shards = self.ok_json(self.run_streams(
            'describe-stream', '--stream-arn', arn))['StreamDescription']['Shards']
        self.assertEqual(len(shards), 4)
        records = []
        for shard in shards:
            it = self.ok_json(self.run_streams(
                'get-shard-iterator', '--stream-arn', arn, '--shard-id', shard['ShardId'],
                '--shard-iterator-type', 'TRIM_HORIZON'))['ShardIterator']
            records += self.ok_json(self.run_streams(
                'get-records', '--shard-iterator', it))['Records']
        self.assertEqual([(r['eventName'], r['dynamodb'].get('OldImage'),
                           r['dynamodb']['NewImage']) for r in records], [
            ('INSERT', None, {'PK': {'S': 'k'}, 'v': {'N': '1'}}),
            ('MODIFY', {'PK': {'S': 'k'}, 'v': {'N': '1'}}, {'PK': {'S': 'k'}, 'v': {'N': '2'}}),
        ])

    def test_unknown_stream_is_reported_by_the_cli(self):
        arn = f'{table_arn("nope")}/stream/2026-01-01T00:00:00.000'
        result = self.run_streams('describe-stream', '--stream-arn', arn)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn('An error occurred (ResourceNotFoundException) when calling the '
                      f'DescribeStream operation: Requested resource not found: Stream: '
                      f'{arn} not found', result.stderr)


class PartiqlCliTest(CliTestCase):
    """`aws dynamodb execute-statement` on the seed's table shape."""

    def test_insert_select_update_delete(self):
        name = self.create_simple_table(range_type='S')
        insert = self.run_cli(
            'execute-statement', '--statement',
            f"INSERT INTO \"{name}\" VALUE {{'PK': 'CUSTOMER#1', 'SK': 'METADATA', "
            f"'name': 'Jane', 'points': 10}}")
        self.assertEqual(self.ok_json(insert), {'Items': []})
        again = self.run_cli(
            'execute-statement', '--statement',
            f"INSERT INTO \"{name}\" VALUE {{'PK': 'CUSTOMER#1', 'SK': 'METADATA'}}")
        self.assertNotEqual(again.returncode, 0)
        self.assertIn('An error occurred (DuplicateItemException) when calling the '
                      'ExecuteStatement operation: Duplicate primary key exists in table',
                      again.stderr)
        update = self.run_cli(
            'execute-statement', '--statement',
            f"UPDATE \"{name}\" SET points = points + ? WHERE PK = ? AND SK = 'METADATA' "
            "RETURNING MODIFIED NEW *",
            '--parameters', json.dumps([{'N': '5'}, {'S': 'CUSTOMER#1'}]))
        self.assertEqual(self.ok_json(update), {'Items': [{'points': {'N': '15'}}]})
        select = self.run_cli(
            'execute-statement', '--statement',
            f"SELECT name, points FROM \"{name}\" WHERE PK = 'CUSTOMER#1'")
        self.assertEqual(self.ok_json(select), {'Items': [
            {'name': {'S': 'Jane'}, 'points': {'N': '15'}}]})
        delete = self.run_cli(
            'execute-statement', '--statement',
            f"DELETE FROM \"{name}\" WHERE PK = 'CUSTOMER#1' AND SK = 'METADATA'")
        self.assertEqual(self.ok_json(delete), {'Items': []})
        empty = self.run_cli('execute-statement', '--statement', f'SELECT * FROM "{name}"')
        self.assertEqual(self.ok_json(empty), {'Items': []})

    def test_batch_execute_statement_and_execute_transaction(self):
        name = self.create_simple_table(range_type='S')
        batch = self.run_cli('batch-execute-statement', '--statements', json.dumps([
            {'Statement': f"INSERT INTO \"{name}\" VALUE {{'PK': 'a', 'SK': '1'}}"},
            {'Statement': f"INSERT INTO \"{name}\" VALUE {{'PK': 'a', 'SK': '1'}}"},
        ]))
        self.assertEqual(self.ok_json(batch), {'Responses': [
            {'TableName': name},
            {'TableName': name, 'Error': {'Code': 'DuplicateItem',
                                          'Message': 'Duplicate primary key exists in table'}},
        ]})
        tx = self.run_cli('execute-transaction', '--transact-statements', json.dumps([
            {'Statement': f"UPDATE \"{name}\" SET n = 1 WHERE PK = 'a' AND SK = '1'"},
            {'Statement': f"INSERT INTO \"{name}\" VALUE {{'PK': 'a', 'SK': '2'}}"},
        ]))
        self.assertEqual(self.ok_json(tx), {'Responses': []})
        read = self.run_cli('execute-transaction', '--transact-statements', json.dumps([
            {'Statement': f"SELECT n FROM \"{name}\" WHERE PK = 'a' AND SK = '1'"},
            {'Statement': f"SELECT * FROM \"{name}\" WHERE PK = 'a' AND SK = '2'"},
        ]))
        self.assertEqual(self.ok_json(read), {'Responses': [
            {'Item': {'n': {'N': '1'}}}, {'Item': {'PK': {'S': 'a'}, 'SK': {'S': '2'}}}]})


if __name__ == '__main__':
    unittest.main()
