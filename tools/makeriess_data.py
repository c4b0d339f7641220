#!/usr/bin/env python3
"""A deterministic Makeriess data set for the seed's single-table design.

The seed (shared/seed/single-table-design.md) defines one table,
makeriess-main-table, keyed by PK/SK, with two string-keyed GSIs (GSI1, GSI2)
projecting ALL, and sixteen access patterns in four tables (customer, vendor,
product and order patterns). This program generates items for every entity
those patterns read, loads them into any DynamoDB endpoint, and prints a
manifest of what each access pattern must return for chosen keys (counts,
keys, order), computed from the generated items by a reference evaluator.

Key formats (every value is a string, as the seed's AttributeDefinitions
say; timestamps are ISO 8601 UTC with milliseconds, so string order is time
order):

  entity                 PK                  SK                      GSI1PK / GSI1SK                      GSI2PK / GSI2SK
  customer               CUSTOMER#<cid>      METADATA                EMAIL#<email> / CUSTOMER             -
  customer's order       CUSTOMER#<cid>      ORDER#<ts>#<oid>        -                                    -
  favorite               CUSTOMER#<cid>      FAVORITE#<pid>          -                                    -
  vendor                 VENDOR#<vid>        METADATA                EMAIL#<email> / VENDOR               -
  vendor's product       VENDOR#<vid>        PRODUCT#<pid>           -                                    -
  product                PRODUCT#<pid>       METADATA                VENDOR#<vid> / PRODUCT#<pid>         CATEGORY#<category> / PRODUCT#<pid>
  review                 PRODUCT#<pid>       REVIEW#<ts>#<rid>       -                                    -
  order                  ORDER#<oid>         METADATA                CUSTOMER#<cid> / ORDER#<ts>#<oid>    ORDER / <ts>
  order's vendor part    ORDER#<oid>         VENDOR#<vid>            VENDOR#<vid> / ORDER#<ts>#<oid>      VENDOR#<vid> / ORDER#<ts>#<oid>

The seed lists "vendor orders" twice: through GSI1 (GSI1PK VENDOR#<vid>,
GSI1SK begins_with ORDER#) and through GSI2 (GSI2PK VENDOR#<vid>, GSI2SK
begins_with ORDER#). Both are served by the order's vendor part, one item per
(order, vendor), which carries both index keys. Under GSI1PK VENDOR#<vid> it
shares the partition with the vendor's products (GSI1SK PRODUCT#...), which
is the point of the design: the sort key prefix tells them apart.

Every sort key within an index partition is unique, so every access pattern
has one correct order. Categories include spaces and '&' (the seed queries
'CATEGORY#Food & pastries').

Usage:
  makeriess_data.py load --endpoint URL [--region R] [--scale N] [--create-table] [--table NAME]
  makeriess_data.py manifest [--scale N]

As a module:
  generate(scale)  -> list of items in DynamoDB JSON ({'PK': {'S': ...}, ...})
  manifest(scale)  -> the manifest dict (what `manifest` prints)
  expected(items, pattern_id, key) -> the reference answer for one case
  load(endpoint, ...) -> loads the items, returns a summary dict

Only python3 and boto3 (for `load`) are needed.
"""

import argparse
import datetime
import json
import random
import sys
import time

TABLE_NAME = 'makeriess-main-table'
SEED = 20240117
DEFAULT_SCALE = 1

# The seed's table, exactly as its AWS CLI command (Option 2) creates it.
TABLE_DEFINITION = {
    'TableName': TABLE_NAME,
    'AttributeDefinitions': [
        {'AttributeName': 'PK', 'AttributeType': 'S'},
        {'AttributeName': 'SK', 'AttributeType': 'S'},
        {'AttributeName': 'GSI1PK', 'AttributeType': 'S'},
        {'AttributeName': 'GSI1SK', 'AttributeType': 'S'},
        {'AttributeName': 'GSI2PK', 'AttributeType': 'S'},
        {'AttributeName': 'GSI2SK', 'AttributeType': 'S'},
    ],
    'KeySchema': [
        {'AttributeName': 'PK', 'KeyType': 'HASH'},
        {'AttributeName': 'SK', 'KeyType': 'RANGE'},
    ],
    'BillingMode': 'PAY_PER_REQUEST',
    'GlobalSecondaryIndexes': [
        {
            'IndexName': 'GSI1',
            'KeySchema': [
                {'AttributeName': 'GSI1PK', 'KeyType': 'HASH'},
                {'AttributeName': 'GSI1SK', 'KeyType': 'RANGE'},
            ],
            'Projection': {'ProjectionType': 'ALL'},
        },
        {
            'IndexName': 'GSI2',
            'KeySchema': [
                {'AttributeName': 'GSI2PK', 'KeyType': 'HASH'},
                {'AttributeName': 'GSI2SK', 'KeyType': 'RANGE'},
            ],
            'Projection': {'ProjectionType': 'ALL'},
        },
    ],
    'SSESpecification': {'Enabled': True},
    'Tags': [
        {'Key': 'Environment', 'Value': 'production'},
        {'Key': 'Application', 'Value': 'makeriess'},
    ],
}

INDEX_KEYS = {
    None: ('PK', 'SK'),
    'GSI1': ('GSI1PK', 'GSI1SK'),
    'GSI2': ('GSI2PK', 'GSI2SK'),
}

# Spaces and '&' on purpose: the seed's own example is 'Food & pastries'.
CATEGORIES = [
    'Food & pastries',
    'Home & garden',
    'Arts & crafts',
    'Candles',
    'Ceramics & pottery',
    'Jewelry',
    'Textiles & weaving',
]

FIRST_NAMES = ['Ana', 'Ben', 'Chloe', 'Dario', 'Elif', 'Femi', 'Gita', 'Hugo', 'Ines', 'Jonas',
               'Kai', 'Lena', 'Mateo', 'Noor', 'Omar', 'Priya', 'Quinn', 'Rosa', 'Sven', 'Tara']
LAST_NAMES = ['Almeida', 'Brown', 'Chen', 'Dubois', 'Eriksen', 'Fischer', 'Garcia', 'Haddad',
              'Ivanova', 'Jensen', 'Kowalski', 'Lopez', 'Moreau', 'Nakamura', 'Okafor', 'Petrov']
PRODUCT_WORDS = ['Sourdough', 'Croissant', 'Vase', 'Mug', 'Scarf', 'Candle', 'Ring', 'Bowl',
                 'Quilt', 'Basket', 'Tart', 'Planter', 'Necklace', 'Blanket', 'Jam', 'Print']
ADJECTIVES = ['Rustic', 'Handmade', 'Little', 'Golden', 'Hand-thrown', 'Woven', 'Spiced',
              'Lavender', 'Indigo', 'Wild']
ORDER_STATUSES = ['PENDING', 'PAID', 'SHIPPED', 'DELIVERED', 'CANCELLED']

BASE_TIME = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)

# The seed's QueryCommand example reads CUSTOMER#cust_123's orders: that
# customer always exists and always has orders.
SEED_CUSTOMER = 'cust_123'
SEED_CATEGORY = 'Food & pastries'


def _iso(ms):
    t = BASE_TIME + datetime.timedelta(milliseconds=ms)
    return t.strftime('%Y-%m-%dT%H:%M:%S.') + f'{t.microsecond // 1000:03d}Z'


def _s(value):
    return {'S': value}


def _n(value):
    return {'N': str(value)}


class _Clock:
    """Strictly increasing, deterministic timestamps: no two share a
    millisecond, so every time-ordered sort key is unique."""

    def __init__(self, rng):
        self.rng = rng
        self.ms = 0

    def tick(self):
        self.ms += self.rng.randint(1, 6 * 3600 * 1000)
        return _iso(self.ms)


def counts(scale):
    if scale < 1:
        raise ValueError('scale must be at least 1')
    return {
        'customers': 30 * scale,
        'vendors': 6 * scale,
        'products': 40 * scale,
        'orders': 60 * scale,
    }


def generate(scale=DEFAULT_SCALE, seed=SEED):
    """The data set: a list of items in DynamoDB JSON, in a fixed order."""
    rng = random.Random(seed * 1000 + scale)
    clock = _Clock(rng)
    n = counts(scale)
    items = []

    # Customers cust_100 ... : cust_123 is among them from scale 1 on.
    customers = [f'cust_{100 + i}' for i in range(n['customers'])]
    vendors = [f'vend_{200 + i}' for i in range(n['vendors'])]
    products = [f'prod_{1000 + i}' for i in range(n['products'])]

    customer_email = {}
    for i, cid in enumerate(customers):
        first = FIRST_NAMES[i % len(FIRST_NAMES)]
        last = LAST_NAMES[(i * 7) % len(LAST_NAMES)]
        email = f'{first.lower()}.{last.lower()}.{cid}@example.com'
        customer_email[cid] = email
        items.append({
            'PK': _s(f'CUSTOMER#{cid}'), 'SK': _s('METADATA'),
            'GSI1PK': _s(f'EMAIL#{email}'), 'GSI1SK': _s('CUSTOMER'),
            'entityType': _s('CUSTOMER'), 'customerId': _s(cid),
            'email': _s(email), 'name': _s(f'{first} {last}'),
            'loyaltyPoints': _n(rng.randint(0, 5000)),
            'createdAt': _s(clock.tick()),
        })

    vendor_email = {}
    vendor_category = {}
    for i, vid in enumerate(vendors):
        email = f'shop.{vid}@makers.example.com'
        vendor_email[vid] = email
        # Every category has a vendor once there are enough vendors; the
        # seed's category always does.
        category = CATEGORIES[i % len(CATEGORIES)]
        vendor_category[vid] = category
        items.append({
            'PK': _s(f'VENDOR#{vid}'), 'SK': _s('METADATA'),
            'GSI1PK': _s(f'EMAIL#{email}'), 'GSI1SK': _s('VENDOR'),
            'entityType': _s('VENDOR'), 'vendorId': _s(vid),
            'email': _s(email),
            'businessName': _s(f'{ADJECTIVES[i % len(ADJECTIVES)]} {LAST_NAMES[i % len(LAST_NAMES)]} Studio'),
            'category': _s(category),
            'createdAt': _s(clock.tick()),
        })

    product_vendor = {}
    for i, pid in enumerate(products):
        # The first vendor gets a quarter of the products: a partition large
        # enough to page through with small Limits.
        vid = vendors[0] if i % 4 == 0 else rng.choice(vendors)
        product_vendor[pid] = vid
        category = vendor_category[vid] if rng.random() < 0.7 else rng.choice(CATEGORIES)
        if i % 5 == 0:
            category = SEED_CATEGORY
        name = f'{rng.choice(ADJECTIVES)} {rng.choice(PRODUCT_WORDS)}'
        price = f'{rng.randint(3, 250)}.{rng.choice(["00", "5", "99", "25"])}'
        price = str(float(price)).rstrip('0').rstrip('.') if '.' in price else price
        created = clock.tick()
        items.append({
            'PK': _s(f'PRODUCT#{pid}'), 'SK': _s('METADATA'),
            'GSI1PK': _s(f'VENDOR#{vid}'), 'GSI1SK': _s(f'PRODUCT#{pid}'),
            'GSI2PK': _s(f'CATEGORY#{category}'), 'GSI2SK': _s(f'PRODUCT#{pid}'),
            'entityType': _s('PRODUCT'), 'productId': _s(pid), 'vendorId': _s(vid),
            'name': _s(name), 'category': _s(category), 'price': _n(price),
            'stock': _n(rng.randint(0, 80)),
            'createdAt': _s(created),
        })
        # The vendor's own list of its products (base table, SK PRODUCT#).
        items.append({
            'PK': _s(f'VENDOR#{vid}'), 'SK': _s(f'PRODUCT#{pid}'),
            'entityType': _s('VENDOR_PRODUCT'), 'productId': _s(pid), 'vendorId': _s(vid),
            'name': _s(name), 'price': _n(price), 'createdAt': _s(created),
        })

    # Orders: the seed customer always has several.
    order_customers = []
    for i in range(n['orders']):
        if i % 10 == 3:
            order_customers.append(SEED_CUSTOMER)
        else:
            # The last five customers never order: empty results are cases too.
            order_customers.append(rng.choice(customers[:-5]))
    for i, cid in enumerate(order_customers):
        oid = f'ord_{10000 + i}'
        ts = clock.tick()
        lines = rng.sample(products, rng.randint(1, 4))
        order_vendors = sorted({product_vendor[p] for p in lines})
        total = sum(rng.randint(5, 120) for _ in lines)
        status = rng.choice(ORDER_STATUSES)
        items.append({
            'PK': _s(f'ORDER#{oid}'), 'SK': _s('METADATA'),
            'GSI1PK': _s(f'CUSTOMER#{cid}'), 'GSI1SK': _s(f'ORDER#{ts}#{oid}'),
            'GSI2PK': _s('ORDER'), 'GSI2SK': _s(ts),
            'entityType': _s('ORDER'), 'orderId': _s(oid), 'customerId': _s(cid),
            'status': _s(status), 'total': _n(total),
            'productIds': {'SS': sorted(lines)},
            'vendorIds': {'SS': order_vendors},
            'createdAt': _s(ts),
        })
        items.append({
            'PK': _s(f'CUSTOMER#{cid}'), 'SK': _s(f'ORDER#{ts}#{oid}'),
            'entityType': _s('CUSTOMER_ORDER'), 'orderId': _s(oid), 'customerId': _s(cid),
            'status': _s(status), 'total': _n(total), 'createdAt': _s(ts),
        })
        for vid in order_vendors:
            vendor_lines = [p for p in lines if product_vendor[p] == vid]
            items.append({
                'PK': _s(f'ORDER#{oid}'), 'SK': _s(f'VENDOR#{vid}'),
                'GSI1PK': _s(f'VENDOR#{vid}'), 'GSI1SK': _s(f'ORDER#{ts}#{oid}'),
                'GSI2PK': _s(f'VENDOR#{vid}'), 'GSI2SK': _s(f'ORDER#{ts}#{oid}'),
                'entityType': _s('VENDOR_ORDER'), 'orderId': _s(oid), 'vendorId': _s(vid),
                'customerId': _s(cid), 'status': _s(status),
                'productIds': {'SS': sorted(vendor_lines)},
                'createdAt': _s(ts),
            })

    # Favorites: up to four per customer; the last two customers have none.
    for cid in customers[:-2]:
        for pid in sorted(rng.sample(products, rng.randint(0, 4))):
            items.append({
                'PK': _s(f'CUSTOMER#{cid}'), 'SK': _s(f'FAVORITE#{pid}'),
                'entityType': _s('FAVORITE'), 'customerId': _s(cid), 'productId': _s(pid),
                'createdAt': _s(clock.tick()),
            })

    # Reviews: the first product gets many (a partition to page through).
    review_no = 0
    for i, pid in enumerate(products):
        count = 12 if i == 0 else rng.randint(0, 3)
        for _ in range(count):
            ts = clock.tick()
            rid = f'rev_{50000 + review_no}'
            review_no += 1
            items.append({
                'PK': _s(f'PRODUCT#{pid}'), 'SK': _s(f'REVIEW#{ts}#{rid}'),
                'entityType': _s('REVIEW'), 'reviewId': _s(rid), 'productId': _s(pid),
                'customerId': _s(rng.choice(customers)),
                'rating': _n(rng.randint(1, 5)),
                'comment': _s(rng.choice(['Lovely', 'As described', 'Fast shipping',
                                          'Would buy again', 'A bit small', 'Gorgeous colours'])),
                'createdAt': _s(ts),
            })

    _check_unique(items)
    return items


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


def manifest(scale=DEFAULT_SCALE, seed=SEED, items=None):
    """What each access pattern must return for the chosen keys."""
    if items is None:
        items = generate(scale, seed)
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
        'seed': seed,
        'item_count': len(items),
        'counts': counts(scale),
        'patterns': patterns,
    }


# --- loading ---------------------------------------------------------------

BATCH_SIZE = 25          # BatchWriteItem's limit
MAX_ATTEMPTS = 10        # per batch, for UnprocessedItems
BASE_DELAY_S = 0.05      # exponential backoff: 50 ms, 100 ms, 200 ms, ...
MAX_DELAY_S = 5.0


def make_client(endpoint, region='us-east-1'):
    import boto3
    import botocore.config
    session = boto3.session.Session()
    kwargs = {}
    if session.get_credentials() is None:
        # A local endpoint accepts any credentials; the real service would
        # need real ones from the environment.
        kwargs = {'aws_access_key_id': 'AKIAIOSFODNN7EXAMPLE',
                  'aws_secret_access_key': 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'}
    return session.client('dynamodb', region_name=region, endpoint_url=endpoint,
                          config=botocore.config.Config(retries={'max_attempts': 3}), **kwargs)


def create_table(client, table=TABLE_NAME, log=sys.stderr):
    """Creates the seed's table (as its CLI command does) and waits until it
    is ACTIVE. An existing table is used as it is."""
    definition = dict(TABLE_DEFINITION, TableName=table)
    try:
        client.create_table(**definition)
    except client.exceptions.ResourceInUseException:
        print(f'makeriess_data: table {table} already exists; loading into it', file=log)
    deadline = time.monotonic() + 300
    while True:
        desc = client.describe_table(TableName=table)['Table']
        indexes = desc.get('GlobalSecondaryIndexes', [])
        if desc['TableStatus'] == 'ACTIVE' and all(g.get('IndexStatus') == 'ACTIVE' for g in indexes):
            return
        if time.monotonic() > deadline:
            raise RuntimeError(f'table {table} is not ACTIVE after 300 s')
        time.sleep(1)


def _is_unknown_operation(err):
    code = err.response.get('Error', {}).get('Code', '')
    return code in ('UnknownOperationException', 'UnknownOperation')


def load(endpoint, region='us-east-1', scale=DEFAULT_SCALE, create=False, table=TABLE_NAME,
         seed=SEED, client=None, log=sys.stderr, sleep=time.sleep):
    """Loads the data set; returns {'table', 'items', 'method', 'batches',
    'retries'}. Writes with BatchWriteItem in batches of 25, retrying
    UnprocessedItems with exponential backoff (the seed's "Use batch
    operations" and "Implement exponential backoff"); falls back to PutItem,
    saying so on `log`, when the endpoint does not know BatchWriteItem."""
    import botocore.exceptions
    client = client or make_client(endpoint, region)
    if create:
        create_table(client, table, log=log)
    items = generate(scale, seed)
    summary = {'table': table, 'items': len(items), 'method': 'BatchWriteItem',
               'batches': 0, 'retries': 0}
    pending = list(items)
    while pending:
        batch, pending = pending[:BATCH_SIZE], pending[BATCH_SIZE:]
        requests = {table: [{'PutRequest': {'Item': it}} for it in batch]}
        try:
            summary['batches'] += 1
            for attempt in range(MAX_ATTEMPTS):
                resp = client.batch_write_item(RequestItems=requests)
                requests = resp.get('UnprocessedItems') or {}
                if not requests:
                    break
                summary['retries'] += 1
                sleep(min(MAX_DELAY_S, BASE_DELAY_S * (2 ** attempt)))
            else:
                raise RuntimeError(f'UnprocessedItems left after {MAX_ATTEMPTS} attempts')
        except botocore.exceptions.ClientError as err:
            if not _is_unknown_operation(err):
                raise
            print('makeriess_data: the endpoint does not support BatchWriteItem '
                  f'({err.response["Error"].get("Code")}); falling back to PutItem',
                  file=log)
            summary['method'] = 'PutItem'
            summary['batches'] -= 1
            for it in batch + pending:
                client.put_item(TableName=table, Item=it)
            pending = []
    return summary


def main(argv=None):
    parser = argparse.ArgumentParser(
        description='Generate and load the Makeriess single-table data set.')
    sub = parser.add_subparsers(dest='command', required=True)
    p_load = sub.add_parser('load', help='load the data set into an endpoint')
    p_load.add_argument('--endpoint', required=True, help='e.g. http://127.0.0.1:8000')
    p_load.add_argument('--region', default='us-east-1')
    p_load.add_argument('--scale', type=int, default=DEFAULT_SCALE)
    p_load.add_argument('--table', default=TABLE_NAME)
    p_load.add_argument('--create-table', action='store_true',
                        help="create the table with the seed's definition first")
    p_man = sub.add_parser('manifest', help='print what each access pattern returns')
    p_man.add_argument('--scale', type=int, default=DEFAULT_SCALE)
    args = parser.parse_args(argv)
    if args.scale < 1:
        parser.error('--scale must be at least 1')
    if args.command == 'manifest':
        json.dump(manifest(args.scale), sys.stdout, indent=1, ensure_ascii=False)
        sys.stdout.write('\n')
        return 0
    summary = load(args.endpoint, region=args.region, scale=args.scale,
                   create=args.create_table, table=args.table)
    json.dump(summary, sys.stdout)
    sys.stdout.write('\n')
    return 0


if __name__ == '__main__':
    sys.exit(main())
