"""`dynarock deploy`: CloudFormation templates applied to a running server.

The seed's template (seed_template.yaml, verbatim from
shared/seed/single-table-design.md, "Option 3: CloudFormation/CDK") must
make the table the seed's AWS CLI command makes; changed templates must
update tables as a stack update would; bad templates must fail with the
template path in the message and change nothing.

Expected texts are CloudFormation's where it has one: "No updates are to be
performed.", "Parameters: [X] must have values", "Parameters: [X] do not
exist in the template", "CloudFormation cannot update a stack when a
custom-named resource requires replacing. Rename NAME and update the stack
again.", "Cannot perform more than one GSI creation or deletion in a single
update" (CloudFormation User Guide, AWS::DynamoDB::Table; the last as
CloudFormation reports it to CDK and Amplify users).

Run: DYNAROCK_BIN=build/dynarock python3 -m unittest -v test_deploy
"""

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import harness  # noqa: E402
from harness import DynamoTestCase, table_arn  # noqa: E402
from test_cli import SEED_CREATE_TABLE, SEED_TABLE  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SEED_TEMPLATE = os.path.join(HERE, 'seed_template.yaml')
AWS_CLI = shutil.which('aws')
STACK = 'AWS::CloudFormation::Stack'
TABLE = 'AWS::DynamoDB::Table'


def setUpModule():
    harness.start_module_server()


def tearDownModule():
    harness.stop_module_server()


def seed_text():
    with open(SEED_TEMPLATE, encoding='utf-8') as f:
        return f.read()


class DeployTestCase(DynamoTestCase):
    """Runs `dynarock deploy` on templates written to a temporary directory."""

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix='dynarock-deploy-')
        self.addCleanup(shutil.rmtree, self.dir, True)

    def write(self, text, name='template.yaml'):
        path = os.path.join(self.dir, name)
        with open(path, 'w', encoding='utf-8') as f:
            f.write(text)
        return path

    def deploy(self, path, *args, endpoint=None, env=None):
        run_env = {k: v for k, v in os.environ.items() if not k.startswith('AWS_')}
        run_env['AWS_ACCESS_KEY_ID'] = harness.DUMMY_ACCESS_KEY
        run_env.update(env or {})
        return subprocess.run(
            [os.environ['DYNAROCK_BIN'], 'deploy', path, '--endpoint',
             endpoint or harness.endpoint(), *args],
            env=run_env, capture_output=True, text=True, timeout=120)

    def deploy_ok(self, path, *args, **kwargs):
        result = self.deploy(path, *args, **kwargs)
        self.assertEqual(result.returncode, 0,
                         msg=f'stdout: {result.stdout}\nstderr: {result.stderr}')
        return result

    def describe(self, name):
        status, _, body = harness.raw_request('DescribeTable', {'TableName': name})
        self.assertEqual(status, 200, msg=body)
        return body['Table']

    def tags(self, name):
        return self.ddb.list_tags_of_resource(ResourceArn=table_arn(name))['Tags']

    def pitr(self, name):
        pitr = self.ddb.describe_continuous_backups(TableName=name)[
            'ContinuousBackupsDescription']['PointInTimeRecoveryDescription']
        # The restorable window moves with the clock.
        pitr.pop('EarliestRestorableDateTime', None)
        pitr.pop('LatestRestorableDateTime', None)
        return pitr

    def ttl(self, name):
        return self.ddb.describe_time_to_live(TableName=name)['TimeToLiveDescription']

    def server_state(self):
        """Everything a deploy can change, for every table: to show that a
        failed deploy changed nothing."""
        state = {}
        for name in self.ddb.list_tables()['TableNames']:
            state[name] = (self.describe(name), self.tags(name), self.pitr(name),
                           self.ttl(name))
        return state

    def assertFails(self, result, stderr, code=1):
        """The deploy failed with exactly this stderr and nothing on stdout."""
        self.assertEqual((result.returncode, result.stderr, result.stdout),
                         (code, stderr, ''))


# --------------------------------------------------------------- the seed

class SeedTemplateTest(DeployTestCase):

    def test_seed_template_is_the_seed_block(self):
        # The seed's block starts with its file-name comment and ends with
        # the last tag.
        text = seed_text()
        self.assertTrue(text.startswith('# cloudformation-template.yaml\nResources:\n'))
        self.assertTrue(text.endswith('          Value: makeriess\n'))

    @unittest.skipIf(AWS_CLI is None, 'the AWS CLI (aws) is not on PATH')
    def test_seed_template_makes_the_table_the_cli_command_makes(self):
        result = self.deploy_ok(SEED_TEMPLATE)
        self.assertEqual(result.stdout, (
            f'seed-template  {STACK}  CREATE_IN_PROGRESS\n'
            f'MakeriessMainTable  {TABLE}  CREATE_IN_PROGRESS  makeriess-main-table\n'
            f'MakeriessMainTable  {TABLE}  CREATE_IN_PROGRESS  makeriess-main-table'
            '  enable point-in-time recovery\n'
            f'MakeriessMainTable  {TABLE}  CREATE_COMPLETE  makeriess-main-table\n'
            f'seed-template  {STACK}  CREATE_COMPLETE\n'))
        self.assertEqual(result.stderr, '')
        deployed = self.describe(SEED_TABLE)

        # The seed's CLI command, as written, against a second server.
        other = harness.Server()
        other.start()
        self.addCleanup(other.stop)
        cli_env = {k: v for k, v in os.environ.items() if not k.startswith('AWS_')}
        cli_env.update({
            'AWS_ACCESS_KEY_ID': harness.DUMMY_ACCESS_KEY,
            'AWS_SECRET_ACCESS_KEY': harness.DUMMY_SECRET_KEY,
            'AWS_DEFAULT_REGION': harness.REGION, 'AWS_DEFAULT_OUTPUT': 'json',
            'AWS_PAGER': '', 'AWS_CONFIG_FILE': os.path.join(self.dir, 'config'),
            'AWS_SHARED_CREDENTIALS_FILE': os.path.join(self.dir, 'credentials'),
            'DYNAROCK_ENDPOINT': other.endpoint})
        cli = subprocess.run(
            ['bash', '-c', SEED_CREATE_TABLE + ' \\\n  --endpoint-url "$DYNAROCK_ENDPOINT"\n'],
            env=cli_env, capture_output=True, text=True, timeout=120)
        self.assertEqual(cli.returncode, 0, msg=cli.stderr)
        _, _, body = harness.raw_request('DescribeTable', {'TableName': SEED_TABLE},
                                         endpoint_url=other.endpoint)
        by_cli = body['Table']

        def comparable(table):
            t = json.loads(json.dumps(table))
            # When each table was created: the two differ by the seconds
            # between the two creations.
            del t['CreationDateTime']
            del t['BillingModeSummary']['LastUpdateToPayPerRequestDateTime']
            # A random id per table.
            del t['TableId']
            # Each table gets its own AWS managed KMS key (a random key id).
            del t['SSEDescription']['KMSMasterKeyArn']
            return t

        self.assertEqual(comparable(deployed), comparable(by_cli))
        # What was removed still has the right form.
        self.assertRegex(deployed['SSEDescription']['KMSMasterKeyArn'],
                         r'^arn:aws:kms:us-east-1:000000000000:key/[0-9a-f-]{36}$')
        self.assertRegex(deployed['TableId'], harness.UUID_RE)
        # PointInTimeRecoverySpecification: PointInTimeRecoveryEnabled: true
        self.assertEqual(self.pitr(SEED_TABLE)['PointInTimeRecoveryStatus'], 'ENABLED')
        self.assertEqual(self.pitr(SEED_TABLE)['RecoveryPeriodInDays'], 35)
        self.assertEqual(self.tags(SEED_TABLE), [
            {'Key': 'Environment', 'Value': 'production'},
            {'Key': 'Application', 'Value': 'makeriess'}])
        self.assertEqual(self.ttl(SEED_TABLE), {'TimeToLiveStatus': 'DISABLED'})

        # Deployed again: nothing to do.
        again = self.deploy_ok(SEED_TEMPLATE)
        self.assertEqual((again.stdout, again.stderr),
                         ('No updates are to be performed.\n', ''))


# ------------------------------------------------------------- updates

GSI3 = '''        - IndexName: GSI3
          KeySchema:
            - AttributeName: GSI3PK
              KeyType: HASH
          Projection:
            ProjectionType: KEYS_ONLY
'''

GSI4 = '''        - IndexName: GSI4
          KeySchema:
            - AttributeName: GSI4PK
              KeyType: HASH
          Projection:
            ProjectionType: ALL
'''


def seed_variant(name, gsis=(), extra_attributes=(), tags=None, extra_properties='',
                 pitr='true', key_schema=None):
    """The seed's template for table `name`, with more indexes, attribute
    definitions and properties, other tags and PITR setting."""
    text = seed_text().replace('makeriess-main-table', name)
    text = text.replace('      SSESpecification:', ''.join(gsis) + '      SSESpecification:')
    attrs = ''.join(f'        - AttributeName: {a}\n          AttributeType: S\n'
                    for a in extra_attributes)
    text = text.replace('      KeySchema:\n        - AttributeName: PK',
                        attrs + '      KeySchema:\n        - AttributeName: PK')
    text = text.replace('PointInTimeRecoveryEnabled: true', f'PointInTimeRecoveryEnabled: {pitr}')
    if key_schema is not None:
        text = text.replace('      KeySchema:\n        - AttributeName: PK\n'
                            '          KeyType: HASH\n        - AttributeName: SK\n'
                            '          KeyType: RANGE\n', key_schema)
    if tags is not None:
        text = text[:text.index('      Tags:')] + '      Tags:\n' + ''.join(
            f'        - Key: {k}\n          Value: {v}\n' for k, v in tags)
    return text + extra_properties


class UpdateTest(DeployTestCase):

    def test_changed_template_updates_the_table(self):
        name = harness.unique_table_name('deploy-update-')
        self.addCleanup(harness.delete_table_quietly, self.ddb, name)
        self.deploy_ok(self.write(seed_variant(name), 'app.yaml'))

        changed = seed_variant(
            name, gsis=[GSI3], extra_attributes=['GSI3PK'],
            tags=[('Environment', 'staging'), ('Owner', 'team-a')], pitr='false',
            extra_properties=('      StreamSpecification:\n'
                              '        StreamViewType: NEW_AND_OLD_IMAGES\n'
                              '      TimeToLiveSpecification:\n'
                              '        AttributeName: expiresAt\n'
                              '        Enabled: true\n'))
        path = self.write(changed, 'app.yaml')
        result = self.deploy_ok(path)
        row = f'MakeriessMainTable  {TABLE}  UPDATE_IN_PROGRESS  {name}  '
        self.assertEqual(result.stdout, (
            f'app  {STACK}  UPDATE_IN_PROGRESS\n'
            f'{row}create index GSI3\n'
            f'{row}enable the stream (NEW_AND_OLD_IMAGES)\n'
            f'{row}enable TTL on expiresAt\n'
            f'{row}disable point-in-time recovery\n'
            f'{row}untag Application\n'
            f'{row}tag Environment, Owner\n'
            f'MakeriessMainTable  {TABLE}  UPDATE_COMPLETE  {name}\n'
            f'app  {STACK}  UPDATE_COMPLETE\n'))
        self.assertEqual(result.stderr, '')
        table = self.describe(name)
        self.assertEqual([ix['IndexName'] for ix in table['GlobalSecondaryIndexes']],
                         ['GSI1', 'GSI2', 'GSI3'])
        gsi3 = table['GlobalSecondaryIndexes'][2]
        self.assertEqual((gsi3['KeySchema'], gsi3['Projection'], gsi3['IndexStatus']),
                         ([{'AttributeName': 'GSI3PK', 'KeyType': 'HASH'}],
                          {'ProjectionType': 'KEYS_ONLY'}, 'ACTIVE'))
        self.assertEqual(table['StreamSpecification'],
                         {'StreamEnabled': True, 'StreamViewType': 'NEW_AND_OLD_IMAGES'})
        self.assertEqual(self.ttl(name),
                         {'TimeToLiveStatus': 'ENABLED', 'AttributeName': 'expiresAt'})
        self.assertEqual(self.pitr(name), {'PointInTimeRecoveryStatus': 'DISABLED'})
        self.assertCountEqual(self.tags(name), [{'Key': 'Environment', 'Value': 'staging'},
                                                {'Key': 'Owner', 'Value': 'team-a'}])

        # The same template again: nothing to do.
        again = self.deploy_ok(path)
        self.assertEqual((again.stdout, again.stderr),
                         ('No updates are to be performed.\n', ''))

        # GSI3 taken out: deleted. (Its attribute definition goes too: an
        # unused definition is refused.)
        without = changed.replace(GSI3, '').replace(
            '        - AttributeName: GSI3PK\n          AttributeType: S\n', '')
        result = self.deploy_ok(self.write(without, 'app.yaml'))
        self.assertEqual(result.stdout, (
            f'app  {STACK}  UPDATE_IN_PROGRESS\n'
            f'{row}delete index GSI3\n'
            f'MakeriessMainTable  {TABLE}  UPDATE_COMPLETE  {name}\n'
            f'app  {STACK}  UPDATE_COMPLETE\n'))
        self.assertEqual([ix['IndexName'] for ix in self.describe(name)['GlobalSecondaryIndexes']],
                         ['GSI1', 'GSI2'])

    def test_stream_view_type_change_disables_then_enables(self):
        name = harness.unique_table_name('deploy-stream-')
        self.addCleanup(harness.delete_table_quietly, self.ddb, name)
        stream = '      StreamSpecification:\n        StreamViewType: {}\n'
        self.deploy_ok(self.write(seed_variant(name, extra_properties=stream.format('KEYS_ONLY'))))
        first_arn = self.describe(name)['LatestStreamArn']
        result = self.deploy_ok(self.write(seed_variant(
            name, extra_properties=stream.format('NEW_IMAGE'))))
        row = f'MakeriessMainTable  {TABLE}  UPDATE_IN_PROGRESS  {name}  '
        self.assertIn(f'{row}disable the stream (KEYS_ONLY)\n'
                      f'{row}enable the stream (NEW_IMAGE)\n', result.stdout)
        table = self.describe(name)
        self.assertEqual(table['StreamSpecification'],
                         {'StreamEnabled': True, 'StreamViewType': 'NEW_IMAGE'})
        self.assertNotEqual(table['LatestStreamArn'], first_arn)

    def test_billing_mode_and_throughput_converge(self):
        name = harness.unique_table_name('deploy-billing-')
        self.addCleanup(harness.delete_table_quietly, self.ddb, name)
        template = '''Resources:
  T:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: {name}
      AttributeDefinitions: [{{AttributeName: PK, AttributeType: S}}]
      KeySchema: [{{AttributeName: PK, KeyType: HASH}}]
{billing}
'''
        provisioned = ('      ProvisionedThroughput:\n        ReadCapacityUnits: {}\n'
                       '        WriteCapacityUnits: 3')
        # No BillingMode: CloudFormation's default, PROVISIONED.
        self.deploy_ok(self.write(template.format(name=name, billing=provisioned.format(5))))
        self.assertEqual(self.describe(name)['ProvisionedThroughput']['ReadCapacityUnits'], 5)
        result = self.deploy_ok(self.write(template.format(
            name=name, billing=provisioned.format(7))))
        self.assertIn('change provisioned throughput', result.stdout)
        self.assertEqual(self.describe(name)['ProvisionedThroughput']['ReadCapacityUnits'], 7)
        result = self.deploy_ok(self.write(template.format(
            name=name, billing='      BillingMode: PAY_PER_REQUEST')))
        self.assertIn('switch to BillingMode PAY_PER_REQUEST', result.stdout)
        self.assertEqual(self.describe(name)['BillingModeSummary']['BillingMode'],
                         'PAY_PER_REQUEST')


# ------------------------------------------------------ template features

FEATURES = '''AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Prefix:
    Type: String
    AllowedPattern: "[a-z][a-z0-9-]*"
  Env:
    Type: String
    Default: dev
    AllowedValues: [dev, prod]
  ReadUnits:
    Type: Number
    Default: 4
    MinValue: 1
  Zones:
    Type: CommaDelimitedList
    Default: "alpha, beta"
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Queue:
    Type: AWS::SQS::Queue
  Orders:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: !Sub "${Prefix}-${Env}-orders"
      AttributeDefinitions:
        - {AttributeName: id, AttributeType: S}
      KeySchema:
        - {AttributeName: id, KeyType: HASH}
      ProvisionedThroughput:
        ReadCapacityUnits: !Ref ReadUnits
        WriteCapacityUnits: 2
      StreamSpecification:
        StreamViewType: NEW_IMAGE
      TableClass: !If [IsProd, STANDARD_INFREQUENT_ACCESS, !Ref AWS::NoValue]
      Tags:
        - Key: zone
          Value: !Select [1, !Ref Zones]
  Audit:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: !Sub
        - "${Base}-audit"
        - Base: !Ref Orders
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions:
        - {AttributeName: id, AttributeType: S}
      KeySchema:
        - {AttributeName: id, KeyType: HASH}
      Tags:
        - Key: source
          Value: !GetAtt Orders.Arn
        - Key: stream
          Value: !GetAtt [Orders, StreamArn]
  ProdOnly:
    Type: AWS::DynamoDB::Table
    Condition: IsProd
    Properties:
      TableName: !Sub "${Prefix}-prod-only"
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions:
        - {AttributeName: id, AttributeType: S}
      KeySchema:
        - {AttributeName: id, KeyType: HASH}
Outputs:
  OrdersTable:
    Value: !Ref Orders
  OrdersStream:
    Value: !GetAtt Orders.StreamArn
  Where:
    Value: !Sub "${AWS::Region}/${AWS::AccountId}/${AWS::StackName}/${AWS::Partition}/${AWS::URLSuffix}"
  QueueUrl:
    Value: !Ref Queue
'''

JSON_TEMPLATE = '''{
  "Parameters": {"Name": {"Type": "String", "Default": "NAME"}},
  "Resources": {
    "Table": {
      "Type": "AWS::DynamoDB::Table",
      "DeletionPolicy": "Delete",
      "Properties": {
\t"TableName": {"Fn::Join": ["-", [{"Ref": "Name"}, "json"]]},
        "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "N"}],
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
        "SSESpecification": {"SSEEnabled": true, "SSEType": "KMS", "KMSMasterKeyId": "alias/mykey"},
        "DeletionProtectionEnabled": false,
        "Tags": [
          {"Key": "region", "Value": {"Fn::Join": ["", ["in-", {"Ref": "AWS::Region"}]]}},
          {"Key": "sub", "Value": {"Fn::Sub": ["${A}.${AWS::Region}", {"A": {"Fn::Select": ["0", {"Fn::Split": [",", "x,y"]}]}}]}}
        ]
      }
    }
  },
  "Outputs": {
    "Arn": {"Value": {"Fn::GetAtt": ["Table", "Arn"]}},
    "Name": {"Value": {"Ref": "Table"}}
  }
}
'''


class FeaturesTest(DeployTestCase):

    def test_parameters_intrinsics_conditions_and_outputs(self):
        prefix = 'p' + harness.random_string(8)
        self.addCleanup(harness.delete_table_quietly, self.ddb, f'{prefix}-dev-orders')
        self.addCleanup(harness.delete_table_quietly, self.ddb, f'{prefix}-dev-orders-audit')
        path = self.write(FEATURES, 'features.yaml')
        result = self.deploy_ok(path, '--parameter', f'Prefix={prefix}')
        orders = self.describe(f'{prefix}-dev-orders')
        stream_arn = orders['LatestStreamArn']
        self.assertEqual(result.stderr, (
            'dynarock deploy: notice: Resources.Queue: AWS::SQS::Queue is not a '
            'DynamoDB resource; skipped\n'
            'dynarock deploy: notice: Outputs.QueueUrl: refers to Queue, which is '
            'skipped; not shown\n'))
        self.assertEqual(result.stdout, (
            f'features  {STACK}  CREATE_IN_PROGRESS\n'
            f'Orders  {TABLE}  CREATE_IN_PROGRESS  {prefix}-dev-orders\n'
            f'Orders  {TABLE}  CREATE_COMPLETE  {prefix}-dev-orders\n'
            f'Audit  {TABLE}  CREATE_IN_PROGRESS  {prefix}-dev-orders-audit\n'
            f'Audit  {TABLE}  CREATE_COMPLETE  {prefix}-dev-orders-audit\n'
            f'features  {STACK}  CREATE_COMPLETE\n'
            'Outputs:\n'
            f'  OrdersTable = {prefix}-dev-orders\n'
            f'  OrdersStream = {stream_arn}\n'
            '  Where = us-east-1/000000000000/features/aws/amazonaws.com\n'))
        # !Ref of a Number parameter; the condition false: no TableClass.
        self.assertEqual(orders['ProvisionedThroughput']['ReadCapacityUnits'], 4)
        self.assertNotIn('TableClassSummary', orders)
        self.assertEqual(self.tags(f'{prefix}-dev-orders'), [{'Key': 'zone', 'Value': 'beta'}])
        self.assertEqual(self.tags(f'{prefix}-dev-orders-audit'), [
            {'Key': 'source', 'Value': table_arn(f'{prefix}-dev-orders')},
            {'Key': 'stream', 'Value': stream_arn}])
        # The ProdOnly table's condition is false: not created.
        self.assertNotIn(f'{prefix}-prod-only', self.ddb.list_tables()['TableNames'])

        # The same again, with the parameter's default given explicitly.
        again = self.deploy_ok(path, '--parameter', f'Prefix={prefix}', '--parameter', 'Env=dev')
        self.assertEqual(again.stdout, 'No updates are to be performed.\n')

    def test_parameter_constraints(self):
        path = self.write(FEATURES, 'features.yaml')
        before = self.server_state()
        cases = [
            (['Prefix=Bad_Prefix'], "Parameter 'Prefix' must match pattern [a-z][a-z0-9-]*"),
            (['Prefix=ok', 'Env=test'], "Parameter 'Env' must be one of AllowedValues"),
            (['Prefix=ok', 'ReadUnits=0'], "Parameter 'ReadUnits' must be a number not "
                                           "less than 1"),
            (['Prefix=ok', 'ReadUnits=many'], "Parameter 'ReadUnits' must be a number"),
        ]
        for params, message in cases:
            with self.subTest(params=params):
                args = [a for p in params for a in ('--parameter', p)]
                self.assertFails(self.deploy(path, *args), f'dynarock deploy: {message}\n')
        self.assertEqual(self.server_state(), before)

    def test_json_template_with_long_forms(self):
        base = 'j' + harness.random_string(8)
        name = f'{base}-json'
        self.addCleanup(harness.delete_table_quietly, self.ddb, name)
        result = self.deploy_ok(self.write(JSON_TEMPLATE, 'stack.json'), '--parameter',
                                f'Name={base}')
        self.assertEqual(result.stdout, (
            f'stack  {STACK}  CREATE_IN_PROGRESS\n'
            f'Table  {TABLE}  CREATE_IN_PROGRESS  {name}\n'
            f'Table  {TABLE}  CREATE_COMPLETE  {name}\n'
            f'stack  {STACK}  CREATE_COMPLETE\n'
            'Outputs:\n'
            f'  Arn = {table_arn(name)}\n'
            f'  Name = {name}\n'))
        table = self.describe(name)
        self.assertEqual(table['AttributeDefinitions'],
                         [{'AttributeName': 'pk', 'AttributeType': 'N'}])
        # dynarock reports the key it was given after "key/" (the service
        # would resolve the alias to its key).
        self.assertEqual(table['SSEDescription'], {
            'Status': 'ENABLED', 'SSEType': 'KMS',
            'KMSMasterKeyArn': 'arn:aws:kms:us-east-1:000000000000:key/alias/mykey'})
        self.assertEqual(self.tags(name), [{'Key': 'region', 'Value': 'in-us-east-1'},
                                           {'Key': 'sub', 'Value': 'x.us-east-1'}])
        again = self.deploy_ok(self.write(JSON_TEMPLATE, 'stack.json'), '--parameter',
                               f'Name={base}')
        self.assertEqual(again.stdout, 'No updates are to be performed.\n')

    def test_table_without_table_name_gets_a_stable_generated_name(self):
        stack = 'gen' + harness.random_string(6)
        template = '''Resources:
  Sessions:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
      KeySchema: [{AttributeName: id, KeyType: HASH}]
%s
Outputs:
  Name:
    Value: !Ref Sessions
'''
        path = self.write(template % '', 'x.yaml')
        result = self.deploy_ok(path, '--stack-name', stack)
        names = [n for n in self.ddb.list_tables()['TableNames']
                 if n.startswith(f'{stack}-Sessions-')]
        self.assertEqual(len(names), 1)
        name = names[0]
        self.addCleanup(harness.delete_table_quietly, self.ddb, name)
        self.assertRegex(name, rf'^{stack}-Sessions-[A-Z0-9]{{12}}$')
        self.assertTrue(result.stdout.endswith(f'Outputs:\n  Name = {name}\n'))
        again = self.deploy_ok(path, '--stack-name', stack)
        self.assertEqual(again.stdout, 'No updates are to be performed.\n')
        tagged = self.deploy_ok(self.write(
            template % '      Tags: [{Key: k, Value: v}]', 'x.yaml'), '--stack-name', stack)
        self.assertIn(f'Sessions  {TABLE}  UPDATE_COMPLETE  {name}\n', tagged.stdout)
        self.assertEqual(self.tags(name), [{'Key': 'k', 'Value': 'v'}])

        # A key schema change replaces a table of generated name.
        replaced = self.deploy_ok(self.write((template % '').replace(
            'AttributeName: id, AttributeType: S', 'AttributeName: id, AttributeType: N'),
            'x.yaml'), '--stack-name', stack)
        names = [n for n in self.ddb.list_tables()['TableNames']
                 if n.startswith(f'{stack}-Sessions-')]
        self.assertEqual(len(names), 1)
        new_name = names[0]
        self.addCleanup(harness.delete_table_quietly, self.ddb, new_name)
        self.assertNotEqual(new_name, name)
        self.assertEqual(replaced.stdout, (
            f'{stack}  {STACK}  UPDATE_IN_PROGRESS\n'
            f'Sessions  {TABLE}  UPDATE_IN_PROGRESS  {name}  Requested update requires the '
            'creation of a new physical resource; hence creating one.\n'
            f'Sessions  {TABLE}  UPDATE_IN_PROGRESS  {new_name}\n'
            f'Sessions  {TABLE}  UPDATE_COMPLETE  {new_name}\n'
            f'Sessions  {TABLE}  DELETE_IN_PROGRESS  {name}\n'
            f'Sessions  {TABLE}  DELETE_COMPLETE  {name}\n'
            f'{stack}  {STACK}  UPDATE_COMPLETE\n'
            f'Outputs:\n  Name = {new_name}\n'))
        self.assertEqual(self.describe(new_name)['AttributeDefinitions'],
                         [{'AttributeName': 'id', 'AttributeType': 'N'}])

    def test_global_table_deploys_the_replica_of_the_region(self):
        name = harness.unique_table_name('deploy-global-')
        self.addCleanup(harness.delete_table_quietly, self.ddb, name)
        template = f'''Resources:
  Global:
    Type: AWS::DynamoDB::GlobalTable
    Properties:
      TableName: {name}
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions:
        - {{AttributeName: pk, AttributeType: S}}
        - {{AttributeName: gk, AttributeType: S}}
      KeySchema: [{{AttributeName: pk, KeyType: HASH}}]
      GlobalSecondaryIndexes:
        - IndexName: byGk
          KeySchema: [{{AttributeName: gk, KeyType: HASH}}]
          Projection: {{ProjectionType: ALL}}
      StreamSpecification: {{StreamViewType: NEW_AND_OLD_IMAGES}}
      SSESpecification: {{SSEEnabled: true, SSEType: KMS}}
      TimeToLiveSpecification: {{AttributeName: ttl, Enabled: true}}
      Replicas:
        - Region: eu-west-1
          Tags: [{{Key: where, Value: eu}}]
        - Region: us-east-1
          PointInTimeRecoverySpecification: {{PointInTimeRecoveryEnabled: true}}
          TableClass: STANDARD_INFREQUENT_ACCESS
          Tags: [{{Key: where, Value: us}}]
'''
        path = self.write(template, 'global.yaml')
        result = self.deploy_ok(path)
        gt = 'AWS::DynamoDB::GlobalTable'
        self.assertEqual(result.stderr, 'dynarock deploy: notice: Resources.Global.Properties.'
                                        'Replicas: only the replica in us-east-1 is deployed '
                                        '(one server holds one copy)\n')
        self.assertEqual(result.stdout, (
            f'global  {STACK}  CREATE_IN_PROGRESS\n'
            f'Global  {gt}  CREATE_IN_PROGRESS  {name}\n'
            f'Global  {gt}  CREATE_IN_PROGRESS  {name}  enable TTL on ttl\n'
            f'Global  {gt}  CREATE_IN_PROGRESS  {name}  enable point-in-time recovery\n'
            f'Global  {gt}  CREATE_COMPLETE  {name}\n'
            f'global  {STACK}  CREATE_COMPLETE\n'))
        table = self.describe(name)
        self.assertEqual(table['StreamSpecification'],
                         {'StreamEnabled': True, 'StreamViewType': 'NEW_AND_OLD_IMAGES'})
        self.assertEqual(table['TableClassSummary']['TableClass'], 'STANDARD_INFREQUENT_ACCESS')
        self.assertEqual([ix['IndexName'] for ix in table['GlobalSecondaryIndexes']], ['byGk'])
        self.assertEqual(table['SSEDescription']['Status'], 'ENABLED')
        self.assertEqual(self.tags(name), [{'Key': 'where', 'Value': 'us'}])
        self.assertEqual(self.ttl(name), {'TimeToLiveStatus': 'ENABLED', 'AttributeName': 'ttl'})
        self.assertEqual(self.pitr(name)['PointInTimeRecoveryStatus'], 'ENABLED')

        before = self.server_state()
        self.assertFails(self.deploy(path, '--region', 'ap-south-1'), (
            'dynarock deploy: Resources.Global.Properties.Replicas: no replica for the region '
            'ap-south-1 (replicas: eu-west-1, us-east-1); choose one with --region\n'))
        self.assertEqual(self.server_state(), before)


# ----------------------------------------------------------------- errors

class ErrorTest(DeployTestCase):
    """Each error: the exact message, exit status 1, nothing changed."""

    def assertRefused(self, text, stderr, *args, name='template.yaml', code=1):
        before = self.server_state()
        self.assertFails(self.deploy(self.write(text, name), *args), stderr, code)
        self.assertEqual(self.server_state(), before)

    def test_missing_parameter(self):
        self.assertRefused(FEATURES, 'dynarock deploy: Parameters: [Prefix] must have values\n')

    def test_unknown_parameter(self):
        self.assertRefused(FEATURES,
                           'dynarock deploy: Parameters: [Stage, Colour] do not exist in '
                           'the template\n',
                           '--parameter', 'Prefix=a', '--parameter', 'Stage=x',
                           '--parameter', 'Colour=y')

    def test_bad_yaml(self):
        self.assertRefused('Resources:\n  T:\n    Type: [unclosed\n',
                           'dynarock deploy: Template format error: YAML not well-formed. '
                           '(line 4, column 1): end of sequence flow not found\n')

    def test_bad_json(self):
        self.assertRefused('{"Resources": {"T": }}\n',
                           'dynarock deploy: Template format error: JSON not well-formed. '
                           '(line 1, column 21)\n', name='t.json')

    def test_unknown_intrinsic(self):
        text = seed_variant(harness.unique_table_name('deploy-err-')).replace(
            'Value: production', 'Value: !Frobnicate production')
        self.assertRefused(text, (
            'dynarock deploy: Resources.MakeriessMainTable.Properties.Tags[0].Value.Fn::Frobnicate: '
            'Template format error: Encountered unsupported function: Fn::Frobnicate '
            '(dynarock deploy supports Ref, Fn::GetAtt, Fn::Sub, Fn::Join, Fn::Select, '
            'Fn::Split, Fn::FindInMap, Fn::If (and Fn::Equals, Fn::Not, Fn::And, Fn::Or, '
            'Condition in Conditions))\n'))

    def test_unsupported_intrinsic(self):
        text = seed_variant(harness.unique_table_name('deploy-err-')).replace(
            'Value: production', 'Value: !ImportValue SharedValue')
        self.assertRefused(text, (
            'dynarock deploy: Resources.MakeriessMainTable.Properties.Tags[0].Value.'
            'Fn::ImportValue: Fn::ImportValue is not supported by dynarock deploy: there are '
            'no other stacks to import from\n'))

    def test_bad_key_type_names_its_path(self):
        text = seed_variant(harness.unique_table_name('deploy-err-')).replace(
            'KeyType: RANGE', 'KeyType: SORT', 1)
        self.assertRefused(text, (
            'dynarock deploy: Resources.MakeriessMainTable.Properties.KeySchema[1].KeyType: '
            '"SORT" is not one of HASH, RANGE\n'))

    def test_unknown_property_and_reference(self):
        name = harness.unique_table_name('deploy-err-')
        self.assertRefused(seed_variant(name, extra_properties='      Colour: blue\n'), (
            'dynarock deploy: Resources.MakeriessMainTable.Properties.Colour: '
            'Encountered unsupported property Colour\n'))
        self.assertRefused(seed_variant(name).replace('Value: production', 'Value: !Ref Nope'), (
            'dynarock deploy: Resources.MakeriessMainTable.Properties.Tags[0].Value.Ref: '
            'Template format error: Unresolved resource dependencies [Nope] in the Resources '
            'block of the template\n'))

    def test_no_dynamodb_resource(self):
        self.assertRefused('Resources:\n  Q:\n    Type: AWS::SQS::Queue\n', (
            'dynarock deploy: notice: Resources.Q: AWS::SQS::Queue is not a DynamoDB resource; '
            'skipped\n'
            'dynarock deploy: the template has no AWS::DynamoDB::Table or '
            'AWS::DynamoDB::GlobalTable resource: nothing to deploy\n'))

    def test_key_schema_change_of_a_named_table_is_refused(self):
        name = harness.unique_table_name('deploy-err-')
        self.addCleanup(harness.delete_table_quietly, self.ddb, name)
        self.deploy_ok(self.write(seed_variant(name)))
        hash_only = '      KeySchema:\n        - AttributeName: PK\n          KeyType: HASH\n'
        text = seed_variant(name, key_schema=hash_only).replace(
            '        - AttributeName: SK\n          AttributeType: S\n', '')
        self.assertRefused(text, (
            'dynarock deploy: Resources.MakeriessMainTable: KeySchema changed, which requires '
            'replacement: CloudFormation cannot update a stack when a custom-named resource '
            f'requires replacing. Rename {name} and update the stack again.\n'))

    def test_two_indexes_added_in_one_update_are_refused(self):
        name = harness.unique_table_name('deploy-err-')
        self.addCleanup(harness.delete_table_quietly, self.ddb, name)
        self.deploy_ok(self.write(seed_variant(name)))
        self.assertRefused(
            seed_variant(name, gsis=[GSI3, GSI4], extra_attributes=['GSI3PK', 'GSI4PK'],
                         extra_properties='      TableClass: STANDARD_INFREQUENT_ACCESS\n'),
            'dynarock deploy: Resources.MakeriessMainTable.Properties.GlobalSecondaryIndexes: '
            'Cannot perform more than one GSI creation or deletion in a single update\n')

    def test_server_unreachable(self):
        with socket.socket() as s:
            s.bind(('127.0.0.1', 0))
            port = s.getsockname()[1]
        result = self.deploy(SEED_TEMPLATE, endpoint=f'http://127.0.0.1:{port}')
        self.assertFails(result, f'dynarock deploy: cannot reach http://127.0.0.1:{port}: '
                                 'connect: Connection refused\n')

    def test_bad_command_lines(self):
        result = self.deploy(SEED_TEMPLATE, '--parameter', 'novalue')
        self.assertFails(result, "dynarock deploy: --parameter takes KEY=VALUE, not 'novalue'\n"
                                 "Run 'dynarock deploy --help' for usage.\n", code=2)
        result = self.deploy(os.path.join(self.dir, 'missing.yaml'))
        self.assertFails(result, f'dynarock deploy: cannot read {self.dir}/missing.yaml: '
                                 'No such file or directory\n')


# ----------------------------------------------------------------- delete

class DeleteTest(DeployTestCase):

    def test_delete_removes_the_tables_and_keeps_retained_ones(self):
        a = harness.unique_table_name('deploy-del-a-')
        b = harness.unique_table_name('deploy-del-b-')
        self.addCleanup(harness.delete_table_quietly, self.ddb, b)
        template = f'''Resources:
  A:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: {a}
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions: [{{AttributeName: id, AttributeType: S}}]
      KeySchema: [{{AttributeName: id, KeyType: HASH}}]
  B:
    Type: AWS::DynamoDB::Table
    DeletionPolicy: Retain
    Properties:
      TableName: {b}
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions: [{{AttributeName: id, AttributeType: S}}]
      KeySchema: [{{AttributeName: id, KeyType: HASH}}]
      Tags: [{{Key: of, Value: !Ref A}}]
'''
        path = self.write(template, 'del.yaml')
        self.deploy_ok(path)
        result = self.deploy_ok(path, '--delete')
        self.assertEqual(result.stdout, (
            f'del  {STACK}  DELETE_IN_PROGRESS\n'
            f'B  {TABLE}  DELETE_SKIPPED  {b}  DeletionPolicy Retain: the table is kept\n'
            f'A  {TABLE}  DELETE_IN_PROGRESS  {a}\n'
            f'A  {TABLE}  DELETE_COMPLETE  {a}\n'
            f'del  {STACK}  DELETE_COMPLETE\n'))
        tables = self.ddb.list_tables()['TableNames']
        self.assertNotIn(a, tables)
        self.assertIn(b, tables)
        # Again: A is gone already.
        again = self.deploy_ok(path, '--delete')
        self.assertIn(f'A  {TABLE}  DELETE_SKIPPED  no such table on the server\n', again.stdout)

    def test_delete_of_a_protected_table_is_refused(self):
        name = harness.unique_table_name('deploy-del-')
        self.addCleanup(harness.delete_protected_table_quietly, self.ddb, name)
        path = self.write(seed_variant(
            name, extra_properties='      DeletionProtectionEnabled: true\n'))
        self.deploy_ok(path)
        self.assertTrue(self.describe(name)['DeletionProtectionEnabled'])
        before = self.server_state()
        result = self.deploy(path, '--delete')
        message = ('ValidationException: Resource cannot be deleted as it is currently '
                   'protected against deletion. Disable deletion protection first.')
        self.assertEqual((result.returncode, result.stdout, result.stderr), (
            1, f'MakeriessMainTable  {TABLE}  DELETE_FAILED  {name}  {message}\n',
            f'dynarock deploy: Resources.MakeriessMainTable: DeleteTable {name}: {message}\n'))
        self.assertEqual(self.server_state(), before)
        # Deletion protection turned off by the template, then deleted.
        path = self.write(seed_variant(
            name, extra_properties='      DeletionProtectionEnabled: false\n'))
        self.assertIn('disable deletion protection', self.deploy_ok(path).stdout)
        self.deploy_ok(path, '--delete')
        self.assertNotIn(name, self.ddb.list_tables()['TableNames'])


if __name__ == '__main__':
    unittest.main()
