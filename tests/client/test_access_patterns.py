"""The sixteen access patterns of the seed's single-table design, through
boto3, against the Makeriess data set that dynarock-bench generates.

The seed (shared/seed/single-table-design.md) names four tables of access
patterns over makeriess-main-table: "by ID" patterns are GetItem on PK/SK,
the others Query the table, GSI1 or GSI2 with an equality on the partition
key and `=` or `begins_with` on the sort key. `dynarock-bench load` loads the
data set; `dynarock-bench items` prints the same items, from which the
reference evaluator (makeriess_reference.py) says what each pattern returns
for chosen keys. Every test here checks the service's answer against it
exactly: the items, their count and their order, on one page and paged with
Limit and ExclusiveStartKey.

Paging rules relied on (the service's, as recorded by dynalite's
test/query.js against DynamoDB): a page that stops because Limit was reached
carries a LastEvaluatedKey even when nothing follows, so a partition of n
items read with Limit L takes floor(n / L) + 1 pages; a page that reads the
end of the range carries none. A LastEvaluatedKey holds the table's key and,
for an index, the index's key as well (dynalite "should query on basic hash
global index"; Developer Guide, "Paginating table query results").

Run: DYNAROCK_BIN=build/dynarock DYNAROCK_BENCH_BIN=build/dynarock-bench \
  python3 -m unittest tests/client/test_access_patterns.py
"""

import json
import os
import re
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import harness  # noqa: E402
import makeriess_reference as ref  # noqa: E402
from harness import DynamoTestCase, attr, canonical_item, key, without_metadata  # noqa: E402

REFERENCE_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'makeriess_reference.py')
SCALE = 1
STATE = {}

# The seed's table, as its AWS CLI command creates it.
SEED_KEY_SCHEMA = [key('PK', 'HASH'), key('SK', 'RANGE')]
SEED_ATTRIBUTES = [attr(name, 'S') for name in ('GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK', 'PK', 'SK')]
SEED_GSIS = [
    {'IndexName': 'GSI1', 'KeySchema': [key('GSI1PK', 'HASH'), key('GSI1SK', 'RANGE')],
     'Projection': {'ProjectionType': 'ALL'}},
    {'IndexName': 'GSI2', 'KeySchema': [key('GSI2PK', 'HASH'), key('GSI2SK', 'RANGE')],
     'Projection': {'ProjectionType': 'ALL'}},
]


def setUpModule():
    if not os.environ.get('DYNAROCK_BENCH_BIN'):
        raise unittest.SkipTest('DYNAROCK_BENCH_BIN is not set')
    harness.start_module_server()
    STATE['load_summary'] = ref.load(harness.endpoint(), scale=SCALE)
    STATE['items'] = ref.generated_items(SCALE)
    STATE['manifest'] = ref.manifest(STATE['items'], SCALE)


def tearDownModule():
    harness.stop_module_server()


def s(value):
    return {'S': value}


def typed(values):
    return {name: s(value) for name, value in values.items()}


def count_items(ddb, table):
    """The table's item count, by a paged Scan with Select COUNT."""
    resp = ddb.scan(TableName=table, Select='COUNT')
    count = resp['Count']
    while 'LastEvaluatedKey' in resp:
        resp = ddb.scan(TableName=table, Select='COUNT', ExclusiveStartKey=resp['LastEvaluatedKey'])
        count += resp['Count']
    return count


class AccessPatternsTestCase(DynamoTestCase):

    TABLE = ref.TABLE_NAME

    def pattern(self, pattern_id):
        entry = STATE['manifest']['patterns'][pattern_id - 1]
        self.assertEqual(entry['id'], pattern_id)
        return entry

    def expected_items(self, pattern_id, key_):
        return ref.expected(STATE['items'], pattern_id, key_)

    def key_of(self, item, index):
        """The LastEvaluatedKey the service returns after `item`: the table's
        key, plus the index's key when reading an index."""
        names = ['PK', 'SK']
        if index:
            names += list(ref.INDEX_KEYS[index])
        return {n: item[n] for n in names}

    def query_page(self, entry, case, **kwargs):
        params = {
            'TableName': self.TABLE,
            'KeyConditionExpression': entry['key_condition_expression'],
            'ExpressionAttributeValues': typed(case['values']),
        }
        if entry['index']:
            params['IndexName'] = entry['index']
        if not entry['scan_index_forward']:
            params['ScanIndexForward'] = False
        params.update(kwargs)
        return self.ddb.query(**params)

    def query_pages(self, entry, case, limit, **kwargs):
        """Every page of one case with this Limit, checking each page's
        shape as it goes."""
        pages = []
        start = None
        while True:
            extra = dict(kwargs, Limit=limit)
            if start is not None:
                extra['ExclusiveStartKey'] = start
            resp = without_metadata(self.query_page(entry, case, **extra))
            pages.append(resp)
            items = resp['Items']
            self.assertEqual(resp['Count'], len(items))
            self.assertEqual(resp['ScannedCount'], len(items))
            self.assertLessEqual(len(items), limit)
            if len(items) == limit:
                # Limit reached: the page says where to resume, from its last item.
                self.assertEqual(resp.get('LastEvaluatedKey'), self.key_of(items[-1], entry['index']),
                                 msg=f'page {len(pages)}')
            else:
                self.assertNotIn('LastEvaluatedKey', resp, msg=f'page {len(pages)}')
            if 'LastEvaluatedKey' not in resp:
                return pages
            start = resp['LastEvaluatedKey']
            self.assertLess(len(pages), 1000, 'paging does not end')

    def check_query_pattern(self, pattern_id):
        entry = self.pattern(pattern_id)
        self.assertEqual(entry['operation'], 'Query')
        for case in entry['cases']:
            pk = case['values'][':pk']
            want = self.expected_items(pattern_id, pk)
            with self.subTest(pk=pk):
                # The manifest and the reference evaluator agree.
                self.assertEqual(case['count'], len(want))
                self.assertEqual(case['keys'], [{'PK': it['PK']['S'], 'SK': it['SK']['S']} for it in want])
                # One page: the data set is far below 1 MB per partition.
                resp = without_metadata(self.query_page(entry, case))
                self.assertEqual(
                    {k: v for k, v in resp.items() if k != 'Items'},
                    {'Count': len(want), 'ScannedCount': len(want)})
                self.assertEqual([canonical_item(it) for it in resp['Items']],
                                 [canonical_item(it) for it in want])
                # Paged: the same items, in the same order, in floor(n/L)+1 pages.
                for limit in (1, 3, 7):
                    pages = self.query_pages(entry, case, limit)
                    got = [it for page in pages for it in page['Items']]
                    self.assertEqual([self.key_of(it, entry['index']) for it in got],
                                     [self.key_of(it, entry['index']) for it in want],
                                     msg=f'Limit {limit}')
                    self.assertEqual(len(pages), len(want) // limit + 1, msg=f'Limit {limit}')
                # Select COUNT: the count alone.
                resp = without_metadata(self.query_page(entry, case, Select='COUNT'))
                self.assertEqual(resp, {'Count': len(want), 'ScannedCount': len(want)})

    def check_get_pattern(self, pattern_id):
        entry = self.pattern(pattern_id)
        self.assertEqual(entry['operation'], 'GetItem')
        for case in entry['cases']:
            with self.subTest(key=case['key']):
                want = self.expected_items(pattern_id, case['key'])
                self.assertEqual(case['item'], want[0] if want else None)
                for consistent in (True, False):
                    resp = without_metadata(self.ddb.get_item(
                        TableName=self.TABLE, Key=typed(case['key']), ConsistentRead=consistent))
                    if want:
                        self.assertEqual(canonical_item(resp['Item']), canonical_item(want[0]))
                        self.assertEqual(set(resp), {'Item'})
                    else:
                        self.assertEqual(resp, {})


class LoadTest(AccessPatternsTestCase):

    def test_every_item_is_loaded(self):
        summary = STATE['load_summary']
        self.assertEqual(summary['items'], STATE['manifest']['item_count'])
        self.assertEqual((summary['table'], summary['created'], summary['endpoint']),
                         (self.TABLE, True, harness.endpoint()))
        # BatchWriteItem in batches of 25, none of them retried.
        self.assertEqual((summary['batches'], summary['retries']), ((summary['items'] + 24) // 25, 0))
        self.assertEqual(summary['stderr'], '')
        # A full Scan, paged, returns every generated item once.
        seen = {}
        start = None
        while True:
            kwargs = {'TableName': self.TABLE, 'Limit': 100}
            if start:
                kwargs['ExclusiveStartKey'] = start
            resp = self.ddb.scan(**kwargs)
            for it in resp['Items']:
                key_ = (it['PK']['S'], it['SK']['S'])
                self.assertNotIn(key_, seen)
                seen[key_] = it
            start = resp.get('LastEvaluatedKey')
            if not start:
                break
        self.assertEqual(len(seen), len(STATE['items']))
        for it in STATE['items']:
            self.assertEqual(canonical_item(seen[(it['PK']['S'], it['SK']['S'])]), canonical_item(it))

    def test_the_table_is_the_seeds(self):
        desc = self.ddb.describe_table(TableName=self.TABLE)['Table']
        self.assertEqual(desc['KeySchema'], SEED_KEY_SCHEMA)
        self.assertEqual(sorted(desc['AttributeDefinitions'], key=lambda d: d['AttributeName']),
                         SEED_ATTRIBUTES)
        self.assertEqual(desc['BillingModeSummary']['BillingMode'], 'PAY_PER_REQUEST')
        self.assertEqual(
            sorted((g['IndexName'], json.dumps(g['KeySchema']), g['Projection']['ProjectionType'])
                   for g in desc['GlobalSecondaryIndexes']),
            [(g['IndexName'], json.dumps(g['KeySchema']), 'ALL') for g in SEED_GSIS])
        self.assertEqual(desc['SSEDescription']['Status'], 'ENABLED')
        tags = self.ddb.list_tags_of_resource(ResourceArn=desc['TableArn'])['Tags']
        self.assertEqual(sorted(tags, key=lambda t: t['Key']),
                         [{'Key': 'Application', 'Value': 'makeriess'},
                          {'Key': 'Environment', 'Value': 'production'}])


class CustomerPatternsTest(AccessPatternsTestCase):

    def test_01_get_customer_by_id(self):
        self.check_get_pattern(1)

    def test_02_get_customer_by_email(self):
        # GSI1SK CUSTOMER tells a customer's email apart from a vendor's.
        self.check_query_pattern(2)

    def test_03_get_customer_orders(self):
        self.check_query_pattern(3)

    def test_04_get_customer_favorites(self):
        self.check_query_pattern(4)


class VendorPatternsTest(AccessPatternsTestCase):

    def test_05_get_vendor_by_id(self):
        self.check_get_pattern(5)

    def test_06_get_vendor_by_email(self):
        self.check_query_pattern(6)

    def test_07_get_vendor_products(self):
        self.check_query_pattern(7)

    def test_08_get_vendor_orders_through_gsi1(self):
        # GSI1PK VENDOR#<vid> holds the vendor's products too; begins_with
        # ORDER# must return the orders only.
        self.check_query_pattern(8)


class ProductPatternsTest(AccessPatternsTestCase):

    def test_09_get_product_by_id(self):
        self.check_get_pattern(9)

    def test_10_get_products_by_vendor(self):
        self.check_query_pattern(10)

    def test_11_get_products_by_category(self):
        # Includes 'CATEGORY#Food & pastries' (spaces, '&'), and the near
        # misses 'CATEGORY#Food' and 'CATEGORY#Food & Pastries' that match
        # nothing: the partition key is compared exactly.
        self.check_query_pattern(11)

    def test_12_get_product_reviews(self):
        self.check_query_pattern(12)


class OrderPatternsTest(AccessPatternsTestCase):

    def test_13_get_order_by_id(self):
        self.check_get_pattern(13)

    def test_14_get_customer_orders_through_gsi1(self):
        self.check_query_pattern(14)

    def test_15_get_vendor_orders_through_gsi2(self):
        self.check_query_pattern(15)

    def test_16_get_recent_orders(self):
        # Newest first: ScanIndexForward false over GSI2SK timestamps.
        self.check_query_pattern(16)

    def test_16_recent_orders_forward_is_the_reverse(self):
        entry = self.pattern(16)
        case = entry['cases'][0]
        want = list(reversed(self.expected_items(16, case['values'][':pk'])))
        forward = dict(entry, scan_index_forward=True)
        pages = self.query_pages(forward, case, 25)
        got = [it for page in pages for it in page['Items']]
        self.assertEqual([it['GSI2SK'] for it in got], [it['GSI2SK'] for it in want])

    def test_recent_orders_newest_ten(self):
        # "Recent orders" in practice: Limit 10, newest first, then the next ten.
        entry = self.pattern(16)
        case = entry['cases'][0]
        want = self.expected_items(16, 'ORDER')
        first = without_metadata(self.query_page(entry, case, Limit=10))
        self.assertEqual(first['Items'], want[:10])
        self.assertEqual(first['LastEvaluatedKey'], self.key_of(want[9], 'GSI2'))
        second = without_metadata(self.query_page(entry, case, Limit=10,
                                                  ExclusiveStartKey=first['LastEvaluatedKey']))
        self.assertEqual(second['Items'], want[10:20])


class PartiqlPatternsTest(AccessPatternsTestCase):
    """The sixteen access patterns written as PartiQL SELECTs return what
    their Query and GetItem versions return, in the same order, paged with
    Limit and NextToken as well as whole."""

    def statement(self, entry):
        """The pattern as a SELECT with '?' parameters, and the names of the
        values in the order the parameters take them."""
        source = f'"{self.TABLE}"'
        if entry.get('index'):
            source += f'."{entry["index"]}"'
        if entry['operation'] == 'GetItem':
            return f'SELECT * FROM {source} WHERE PK = ? AND SK = ?', ['PK', 'SK']
        condition = entry['key_condition_expression']
        names = re.findall(r':[A-Za-z0-9_]+', condition)
        where = re.sub(r':[A-Za-z0-9_]+', '?', condition)
        order = ''
        if not entry['scan_index_forward']:
            sort_key = ref.INDEX_KEYS[entry.get('index')][1]
            order = f' ORDER BY {sort_key} DESC'
        return f'SELECT * FROM {source} WHERE {where}{order}', names

    def run_statement(self, statement, params, limit=None):
        items, token, pages = [], None, 0
        while True:
            kwargs = {'Statement': statement, 'Parameters': params}
            if limit:
                kwargs['Limit'] = limit
            if token:
                kwargs['NextToken'] = token
            resp = self.ddb.execute_statement(**kwargs)
            items += resp['Items']
            pages += 1
            token = resp.get('NextToken')
            if not token:
                return items
            self.assertLess(pages, 1000, 'paging does not end')

    def test_every_pattern(self):
        for entry in STATE['manifest']['patterns']:
            statement, names = self.statement(entry)
            for case in entry['cases']:
                if entry['operation'] == 'GetItem':
                    params = [typed(case['key'])[n] for n in names]
                    want = self.expected_items(entry['id'], case['key'])
                else:
                    values = typed(case['values'])
                    params = [values[n] for n in names]
                    want = self.expected_items(entry['id'], case['values'][':pk'])
                with self.subTest(pattern=entry['id'], statement=statement, params=params):
                    self.assertEqual([canonical_item(it) for it in self.run_statement(statement, params)],
                                     [canonical_item(it) for it in want])
                    if len(want) > 1:
                        got = self.run_statement(statement, params, limit=2)
                        self.assertEqual([canonical_item(it) for it in got],
                                         [canonical_item(it) for it in want])


class SeedExamplesTest(AccessPatternsTestCase):
    """The seed's two QueryCommand examples, as boto3 calls with the same
    parameters."""

    def test_get_customer_orders_example(self):
        resp = self.ddb.query(
            TableName='makeriess-main-table',
            KeyConditionExpression='PK = :pk AND begins_with(SK, :sk)',
            ExpressionAttributeValues={
                ':pk': {'S': 'CUSTOMER#cust_123'},
                ':sk': {'S': 'ORDER#'},
            })
        want = self.expected_items(3, 'CUSTOMER#cust_123')
        self.assertGreater(len(want), 0)
        self.assertEqual(without_metadata(resp),
                         {'Items': want, 'Count': len(want), 'ScannedCount': len(want)})

    def test_get_products_by_category_example(self):
        resp = self.ddb.query(
            TableName='makeriess-main-table',
            IndexName='GSI2',
            KeyConditionExpression='GSI2PK = :pk AND begins_with(GSI2SK, :sk)',
            ExpressionAttributeValues={
                ':pk': {'S': 'CATEGORY#Food & pastries'},
                ':sk': {'S': 'PRODUCT#'},
            })
        want = self.expected_items(11, 'CATEGORY#Food & pastries')
        self.assertGreater(len(want), 0)
        self.assertEqual([canonical_item(it) for it in resp['Items']],
                         [canonical_item(it) for it in want])
        self.assertEqual((resp['Count'], resp['ScannedCount']), (len(want), len(want)))
        self.assertNotIn('LastEvaluatedKey', resp)

    def test_paginator_walks_a_vendor_partition(self):
        # boto3's own paginator drives ExclusiveStartKey from LastEvaluatedKey.
        entry = self.pattern(8)
        case = entry['cases'][0]
        paginator = self.ddb.get_paginator('query')
        got = []
        for page in paginator.paginate(
                TableName=self.TABLE, IndexName='GSI1',
                KeyConditionExpression=entry['key_condition_expression'],
                ExpressionAttributeValues=typed(case['values']),
                PaginationConfig={'PageSize': 4}):
            got.extend(page['Items'])
        want = self.expected_items(8, case['values'][':pk'])
        self.assertGreater(len(want), 8)
        self.assertEqual([it['GSI1SK'] for it in got], [it['GSI1SK'] for it in want])


class GeneratorTest(AccessPatternsTestCase):
    """dynarock-bench's data set commands, and the reference's manifest
    command that the JavaScript tests read."""

    def test_the_data_set_has_every_entity(self):
        self.assertEqual(STATE['manifest']['counts'],
                         {'customers': 30, 'vendors': 6, 'products': 40, 'orders': 60})
        entities = {it['entityType']['S'] for it in STATE['items']}
        self.assertEqual(entities, {'CUSTOMER', 'VENDOR', 'PRODUCT', 'VENDOR_PRODUCT', 'ORDER',
                                    'CUSTOMER_ORDER', 'VENDOR_ORDER', 'FAVORITE', 'REVIEW'})
        self.assertEqual(STATE['items'][0]['PK'], s('CUSTOMER#cust_100'))

    def test_items_are_deterministic_per_scale(self):
        first = ref.run_bench('items', '--scale', '2')
        second = ref.run_bench('items', '--scale', '2')
        self.assertEqual((first.returncode, first.stderr), (0, ''))
        self.assertEqual(first.stdout, second.stdout)
        lines = first.stdout.splitlines()
        self.assertGreater(len(lines), len(STATE['items']))
        self.assertEqual([json.loads(line)['PK'] for line in lines[:60]],
                         [s(f'CUSTOMER#cust_{100 + i}') for i in range(60)])

    def test_items_rejects_a_scale_out_of_range(self):
        out = ref.run_bench('items', '--scale', '0')
        self.assertEqual((out.returncode, out.stdout), (2, ''))
        self.assertEqual(out.stderr, "dynarock-bench: --scale: 0 is less than 1\n"
                                     "Run 'dynarock-bench --help' for usage.\n")
        out = ref.run_bench('items', '--scale', '30001')
        self.assertEqual((out.returncode, out.stdout), (1, ''))
        self.assertEqual(out.stderr, 'dynarock-bench: makeriess: scale must be between 1 and 30000, '
                                     'got 30001\n')

    def test_manifest_command_prints_the_module_manifest(self):
        out = subprocess.run([sys.executable, REFERENCE_PATH, 'manifest', '--scale', str(SCALE)],
                             capture_output=True, text=True, timeout=300)
        self.assertEqual(out.returncode, 0, msg=out.stderr)
        self.assertEqual(json.loads(out.stdout), STATE['manifest'])

    def test_manifest_is_deterministic(self):
        self.assertEqual(ref.manifest(ref.generated_items(2), 2),
                         ref.manifest(ref.generated_items(2), 2))
        self.assertNotEqual(ref.manifest(ref.generated_items(2), 2)['item_count'],
                            STATE['manifest']['item_count'])

    def test_load_command_creates_and_fills_a_named_table(self):
        table = harness.unique_table_name('makeriess_cli_')
        self.addCleanup(harness.delete_table_quietly, self.ddb, table)
        summary = ref.load(harness.endpoint(), scale=SCALE, table=table)
        self.assertEqual((summary['table'], summary['created']), (table, True))
        self.assertEqual(summary['items'], STATE['manifest']['item_count'])
        self.assertEqual(count_items(self.ddb, table), STATE['manifest']['item_count'])
        # Loading again writes the same items into the table as it is.
        again = ref.load(harness.endpoint(), scale=SCALE, table=table)
        self.assertEqual((again['created'], again['items']), (False, summary['items']))
        self.assertEqual(count_items(self.ddb, table), STATE['manifest']['item_count'])


if __name__ == '__main__':
    unittest.main()
