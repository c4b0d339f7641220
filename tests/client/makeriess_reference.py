"""What each access pattern of the seed's single-table design returns over
the Makeriess data set: the client tests' reference evaluator.

The data set has one generator, dynarock-bench's
(tools/dynarock_bench/makeriess.h): `dynarock-bench load` writes it into an
endpoint and `dynarock-bench items` prints the same items, one DynamoDB JSON
object a line. This module reads that output and computes, independently of
the server, what each of the seed's sixteen access patterns must return for
chosen keys (the manifest): the item for GetItem patterns; the count, the
table keys and (for an index) the index keys, in order, for Query patterns.
tests/client/test_access_patterns.py and tests/js/access_patterns.test.mjs
compare the server's answers with it.

The seed (shared/seed/single-table-design.md) defines one table,
makeriess-main-table, keyed by PK/SK, with two string-keyed GSIs (GSI1,
GSI2) projecting ALL. Every sort key within an index partition is unique
(checked here on every read of the items), so every access pattern has one
correct order: sort key by code point, which is UTF-8 byte order.

As a module:
  generated_items(scale)             -> the items, in DynamoDB JSON, in order
  load(endpoint, scale, table=...)   -> runs `dynarock-bench load`, returns its summary
  manifest(items, scale)             -> what each pattern returns for chosen keys
  expected(items, pattern_id, key)   -> the reference answer for one case

From the command line (the JavaScript tests use this):
  makeriess_reference.py manifest [--scale N] [--bench PATH]

The dynarock-bench binary is --bench, or DYNAROCK_BENCH_BIN.
"""

import argparse
import json
import os
import re
import subprocess
import sys

TABLE_NAME = 'makeriess-main-table'
DEFAULT_SCALE = 1

INDEX_KEYS = {
    None: ('PK', 'SK'),
    'GSI1': ('GSI1PK', 'GSI1SK'),
    'GSI2': ('GSI2PK', 'GSI2SK'),
}

# The seed's QueryCommand examples read CUSTOMER#cust_123's orders and
# CATEGORY#Food & pastries' products: the generator always makes both.
SEED_CUSTOMER = 'cust_123'
SEED_CATEGORY = 'Food & pastries'

# Credentials for a local endpoint, which accepts any.
DUMMY_ACCESS_KEY = 'AKIAIOSFODNN7EXAMPLE'
DUMMY_SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'

_LOADED_RE = re.compile(
    r'^loaded (\d+) items in [\d.]+ s \(\d+ items/s\) into (.+?)( \(created\))? at (\S+): '
    r'(\d+) batches, (\d+) retries\n$')


# --- the generator's output --------------------------------------------------

def bench_binary(path=None):
    """The dynarock-bench binary: `path`, else DYNAROCK_BENCH_BIN."""
    binary = path or os.environ.get('DYNAROCK_BENCH_BIN')
    if not binary:
        raise RuntimeError('DYNAROCK_BENCH_BIN is not set: no dynarock-bench binary')
    if not os.access(binary, os.X_OK):
        raise RuntimeError(f'dynarock-bench {binary!r} is not an executable file')
    return binary


def run_bench(*args, bench=None, timeout=300):
    """Runs dynarock-bench with dummy credentials; returns the
    CompletedProcess (text), whatever its exit code."""
    env = dict(os.environ, AWS_ACCESS_KEY_ID=DUMMY_ACCESS_KEY,
               AWS_SECRET_ACCESS_KEY=DUMMY_SECRET_KEY)
    return subprocess.run([bench_binary(bench), *args], capture_output=True, text=True,
                          timeout=timeout, env=env)


def _checked(result, args):
    if result.returncode != 0:
        raise RuntimeError(f'dynarock-bench {" ".join(args)} exited {result.returncode}\n'
                           f'stdout:\n{result.stdout[-4000:]}\nstderr:\n{result.stderr}')
    return result


def generated_items(scale=DEFAULT_SCALE, bench=None):
    """The data set of `scale` as `dynarock-bench items` prints it: a list of
    items in DynamoDB JSON ({'PK': {'S': ...}, ...}), in generation order."""
    args = ('items', '--scale', str(scale))
    out = _checked(run_bench(*args, bench=bench), args).stdout
    if not out.endswith('\n'):
        raise AssertionError('dynarock-bench items: the output does not end with a newline')
    parsed = [json.loads(line) for line in out[:-1].split('\n')]
    _check_unique(parsed)
    return parsed


def load(endpoint, scale=DEFAULT_SCALE, table=TABLE_NAME, bench=None):
    """Loads the data set with `dynarock-bench load` (creating the table as
    the seed defines it); returns {'items', 'table', 'created', 'endpoint',
    'batches', 'retries', 'stderr'} from what it printed."""
    args = ('load', '--endpoint', endpoint, '--scale', str(scale), '--table', table, '--quiet')
    result = _checked(run_bench(*args, bench=bench), args)
    m = _LOADED_RE.match(result.stdout)
    if not m:
        raise AssertionError(f'dynarock-bench load printed {result.stdout!r}')
    return {'items': int(m.group(1)), 'table': m.group(2), 'created': bool(m.group(3)),
            'endpoint': m.group(4), 'batches': int(m.group(5)), 'retries': int(m.group(6)),
            'stderr': result.stderr}


def _check_unique(items):
    """The table key is unique, and so is each index key: every access
    pattern then has exactly one correct order."""
    for index, (hk, rk) in INDEX_KEYS.items():
        seen = set()
        for item in items:
            if hk in item and rk in item:
                key = (item[hk]['S'], item[rk]['S'])
                if key in seen:
                    raise AssertionError(f'duplicate {index or "table"} key {key}')
                seen.add(key)


# --- the reference evaluator -----------------------------------------------

# The sixteen access patterns of the seed, in the seed's order. Each is a
# GetItem ('get') or a Query on the table or an index with a partition key
# and an optional sort key condition ('eq' or 'begins_with').
PATTERNS = [
    # Customer patterns
    {'id': 1, 'group': 'Customer', 'name': 'Get customer by ID', 'op': 'get'},
    {'id': 2, 'group': 'Customer', 'name': 'Get customer by email', 'op': 'query', 'index': 'GSI1',
     'sort': 'eq', 'sort_value': 'CUSTOMER'},
    {'id': 3, 'group': 'Customer', 'name': 'Get customer orders', 'op': 'query', 'index': None,
     'sort': 'begins_with', 'sort_value': 'ORDER#'},
    {'id': 4, 'group': 'Customer', 'name': 'Get customer favorites', 'op': 'query', 'index': None,
     'sort': 'begins_with', 'sort_value': 'FAVORITE#'},
    # Vendor patterns
    {'id': 5, 'group': 'Vendor', 'name': 'Get vendor by ID', 'op': 'get'},
    {'id': 6, 'group': 'Vendor', 'name': 'Get vendor by email', 'op': 'query', 'index': 'GSI1',
     'sort': 'eq', 'sort_value': 'VENDOR'},
    {'id': 7, 'group': 'Vendor', 'name': 'Get vendor products', 'op': 'query', 'index': None,
     'sort': 'begins_with', 'sort_value': 'PRODUCT#'},
    {'id': 8, 'group': 'Vendor', 'name': 'Get vendor orders', 'op': 'query', 'index': 'GSI1',
     'sort': 'begins_with', 'sort_value': 'ORDER#'},
    # Product patterns
    {'id': 9, 'group': 'Product', 'name': 'Get product by ID', 'op': 'get'},
    {'id': 10, 'group': 'Product', 'name': 'Get products by vendor', 'op': 'query', 'index': 'GSI1',
     'sort': 'begins_with', 'sort_value': 'PRODUCT#'},
    {'id': 11, 'group': 'Product', 'name': 'Get products by category', 'op': 'query', 'index': 'GSI2',
     'sort': 'begins_with', 'sort_value': 'PRODUCT#'},
    {'id': 12, 'group': 'Product', 'name': 'Get product reviews', 'op': 'query', 'index': None,
     'sort': 'begins_with', 'sort_value': 'REVIEW#'},
    # Order patterns
    {'id': 13, 'group': 'Order', 'name': 'Get order by ID', 'op': 'get'},
    {'id': 14, 'group': 'Order', 'name': 'Get customer orders', 'op': 'query', 'index': 'GSI1',
     'sort': 'begins_with', 'sort_value': 'ORDER#'},
    {'id': 15, 'group': 'Order', 'name': 'Get vendor orders', 'op': 'query', 'index': 'GSI2',
     'sort': 'begins_with', 'sort_value': 'ORDER#'},
    {'id': 16, 'group': 'Order', 'name': 'Get recent orders', 'op': 'query', 'index': 'GSI2',
     'sort': None, 'scan_index_forward': False},
]


def key_condition(pattern):
    """The KeyConditionExpression, in the seed's style (`PK = :pk AND
    begins_with(SK, :sk)`)."""
    hk, rk = INDEX_KEYS[pattern.get('index')]
    expr = f'{hk} = :pk'
    if pattern.get('sort') == 'begins_with':
        expr += f' AND begins_with({rk}, :sk)'
    elif pattern.get('sort') == 'eq':
        expr += f' AND {rk} = :sk'
    return expr


def expected(items, pattern_id, key):
    """The reference answer for one case of one pattern.

    key: for 'get' patterns the table key {'PK': str, 'SK': str}; for
    queries the partition key value (str). Returns the matching items, in
    the order the service returns them (sort key by code point, which is
    UTF-8 byte order; descending when the pattern reads backwards)."""
    pattern = PATTERNS[pattern_id - 1]
    if pattern['op'] == 'get':
        for item in items:
            if item['PK']['S'] == key['PK'] and item['SK']['S'] == key['SK']:
                return [item]
        return []
    hk, rk = INDEX_KEYS[pattern.get('index')]
    out = []
    for item in items:
        if hk not in item or rk not in item or item[hk]['S'] != key:
            continue
        sort_key = item[rk]['S']
        if pattern.get('sort') == 'begins_with' and not sort_key.startswith(pattern['sort_value']):
            continue
        if pattern.get('sort') == 'eq' and sort_key != pattern['sort_value']:
            continue
        out.append(item)
    out.sort(key=lambda it: it[rk]['S'], reverse=not pattern.get('scan_index_forward', True))
    return out


def _entities(items, entity):
    return [it for it in items if it['entityType']['S'] == entity]


def _largest(groups):
    return max(sorted(groups), key=lambda k: (len(groups[k]), k))


def _group(items, entity, attr):
    groups = {}
    for it in _entities(items, entity):
        groups.setdefault(it[attr]['S'], []).append(it)
    return groups


def chosen_keys(items):
    """A few keys per pattern: the seed's own examples where they apply,
    the largest partition (to page through), an ordinary one, and one that
    matches nothing."""
    customers = [it['customerId']['S'] for it in _entities(items, 'CUSTOMER')]
    vendors = [it['vendorId']['S'] for it in _entities(items, 'VENDOR')]
    products = [it['productId']['S'] for it in _entities(items, 'PRODUCT')]
    orders = [it['orderId']['S'] for it in _entities(items, 'ORDER')]
    cust_emails = {it['customerId']['S']: it['email']['S'] for it in _entities(items, 'CUSTOMER')}
    vend_emails = {it['vendorId']['S']: it['email']['S'] for it in _entities(items, 'VENDOR')}
    orders_by_customer = _group(items, 'CUSTOMER_ORDER', 'customerId')
    favorites_by_customer = _group(items, 'FAVORITE', 'customerId')
    products_by_vendor = _group(items, 'PRODUCT', 'vendorId')
    vendor_orders = _group(items, 'VENDOR_ORDER', 'vendorId')
    reviews_by_product = _group(items, 'REVIEW', 'productId')
    by_category = _group(items, 'PRODUCT', 'category')

    busiest_customer = _largest({c: v for c, v in orders_by_customer.items() if c != SEED_CUSTOMER})
    fan = _largest(favorites_by_customer)
    busiest_vendor = _largest(products_by_vendor)
    selling_vendor = _largest(vendor_orders)
    reviewed = _largest(reviews_by_product)
    idle_customer = customers[-1]  # no orders, no favorites
    other_vendor = vendors[-1]
    last_order = orders[-1]

    def get(prefix, ident):
        return {'PK': f'{prefix}#{ident}', 'SK': 'METADATA'}

    chosen = {
        1: [get('CUSTOMER', SEED_CUSTOMER), get('CUSTOMER', customers[0]),
            get('CUSTOMER', 'cust_does_not_exist')],
        2: [f'EMAIL#{cust_emails[SEED_CUSTOMER]}', f'EMAIL#{cust_emails[customers[-1]]}',
            f'EMAIL#{vend_emails[vendors[0]]}', 'EMAIL#nobody@example.com'],
        3: [f'CUSTOMER#{SEED_CUSTOMER}', f'CUSTOMER#{busiest_customer}',
            f'CUSTOMER#{idle_customer}'],
        4: [f'CUSTOMER#{fan}', f'CUSTOMER#{SEED_CUSTOMER}', f'CUSTOMER#{idle_customer}'],
        5: [get('VENDOR', vendors[0]), get('VENDOR', other_vendor),
            get('VENDOR', 'vend_does_not_exist')],
        6: [f'EMAIL#{vend_emails[vendors[0]]}', f'EMAIL#{vend_emails[other_vendor]}',
            f'EMAIL#{cust_emails[SEED_CUSTOMER]}'],
        7: [f'VENDOR#{busiest_vendor}', f'VENDOR#{other_vendor}', 'VENDOR#vend_does_not_exist'],
        8: [f'VENDOR#{selling_vendor}', f'VENDOR#{other_vendor}', 'VENDOR#vend_does_not_exist'],
        9: [get('PRODUCT', products[0]), get('PRODUCT', products[-1]),
            get('PRODUCT', 'prod_does_not_exist')],
        10: [f'VENDOR#{busiest_vendor}', f'VENDOR#{other_vendor}', 'VENDOR#vend_does_not_exist'],
        11: [f'CATEGORY#{SEED_CATEGORY}'] + [f'CATEGORY#{c}' for c in sorted(by_category)
                                             if c != SEED_CATEGORY][:2]
            + ['CATEGORY#Food', 'CATEGORY#Food & Pastries'],
        12: [f'PRODUCT#{reviewed}', f'PRODUCT#{products[-1]}', 'PRODUCT#prod_does_not_exist'],
        13: [get('ORDER', orders[0]), get('ORDER', last_order), get('ORDER', 'ord_does_not_exist')],
        14: [f'CUSTOMER#{SEED_CUSTOMER}', f'CUSTOMER#{busiest_customer}',
             f'CUSTOMER#{idle_customer}'],
        15: [f'VENDOR#{selling_vendor}', f'VENDOR#{other_vendor}', 'VENDOR#vend_does_not_exist'],
        16: ['ORDER', 'ORDERS'],
    }
    for pattern_id, keys in chosen.items():
        unique = []
        for key in keys:
            if key not in unique:
                unique.append(key)
        chosen[pattern_id] = unique
    return chosen


def _table_key(item):
    return {'PK': item['PK']['S'], 'SK': item['SK']['S']}



def counts(items):
    """How many customers, vendors, products and orders the data set has."""
    return {name: len(_entities(items, entity)) for name, entity in
            (('customers', 'CUSTOMER'), ('vendors', 'VENDOR'), ('products', 'PRODUCT'),
             ('orders', 'ORDER'))}


def manifest(items, scale):
    """What each access pattern must return for the chosen keys, over
    `items` (the data set of `scale`)."""
    keys = chosen_keys(items)
    patterns = []
    for pattern in PATTERNS:
        entry = {
            'id': pattern['id'],
            'group': pattern['group'],
            'name': pattern['name'],
            'operation': 'GetItem' if pattern['op'] == 'get' else 'Query',
        }
        cases = []
        if pattern['op'] == 'get':
            for key in keys[pattern['id']]:
                got = expected(items, pattern['id'], key)
                cases.append({'key': key, 'item': got[0] if got else None})
        else:
            index = pattern.get('index')
            hk, rk = INDEX_KEYS[index]
            entry['index'] = index
            entry['key_condition_expression'] = key_condition(pattern)
            entry['scan_index_forward'] = pattern.get('scan_index_forward', True)
            for pk in keys[pattern['id']]:
                values = {':pk': pk}
                if pattern.get('sort'):
                    values[':sk'] = pattern['sort_value']
                got = expected(items, pattern['id'], pk)
                case = {
                    'values': values,
                    'count': len(got),
                    'keys': [_table_key(it) for it in got],
                }
                if index:
                    case['index_keys'] = [{hk: it[hk]['S'], rk: it[rk]['S']} for it in got]
                cases.append(case)
        entry['cases'] = cases
        patterns.append(entry)
    return {
        'table': TABLE_NAME,
        'scale': scale,
        'item_count': len(items),
        'counts': counts(items),
        'patterns': patterns,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Print what each of the seed's access patterns returns over the Makeriess "
                    "data set that dynarock-bench generates.")
    sub = parser.add_subparsers(dest='command', required=True)
    p_man = sub.add_parser('manifest', help='print the manifest (JSON)')
    p_man.add_argument('--scale', type=int, default=DEFAULT_SCALE)
    p_man.add_argument('--bench', help='the dynarock-bench binary (default: DYNAROCK_BENCH_BIN)')
    args = parser.parse_args(argv)
    if args.scale < 1:
        parser.error('--scale must be at least 1')
    data = generated_items(args.scale, bench=args.bench)
    json.dump(manifest(data, args.scale), sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write('\n')
    return 0


if __name__ == '__main__':
    sys.exit(main())
