// The sixteen access patterns of the Makeriess single-table design
// (makeriess-main-table: PK/SK, GSI1 on GSI1PK/GSI1SK, GSI2 on
// GSI2PK/GSI2SK), as the requests application code sends: GetItem with
// the table key for the "by ID" patterns, Query with a key condition
// expression in the design's style (`PK = :pk AND begins_with(SK, :sk)`)
// for the others.

export const TABLE = 'makeriess-main-table';

const INDEX_KEYS = { '': ['PK', 'SK'], GSI1: ['GSI1PK', 'GSI1SK'], GSI2: ['GSI2PK', 'GSI2SK'] };

// Each pattern: its parameter (label, the prefix that makes it a key
// value), and for queries the index, the sort key condition and order.
export const PATTERNS = [
  { id: 1, group: 'Customer', name: 'Get customer by ID', op: 'get', example: 'PK=CUSTOMER#123, SK=METADATA',
    param: 'Customer ID', prefix: 'CUSTOMER#' },
  { id: 2, group: 'Customer', name: 'Get customer by email', op: 'query', index: 'GSI1', sort: 'eq', sortValue: 'CUSTOMER',
    example: 'GSI1PK=EMAIL#user@example.com, GSI1SK=CUSTOMER',
    param: 'Email', prefix: 'EMAIL#' },
  { id: 3, group: 'Customer', name: 'Get customer orders', op: 'query', index: '', sort: 'begins_with', sortValue: 'ORDER#',
    example: 'PK=CUSTOMER#123, SK begins_with ORDER#',
    param: 'Customer ID', prefix: 'CUSTOMER#', fallback: 1 },
  { id: 4, group: 'Customer', name: 'Get customer favorites', op: 'query', index: '', sort: 'begins_with', sortValue: 'FAVORITE#',
    example: 'PK=CUSTOMER#123, SK begins_with FAVORITE#',
    param: 'Customer ID', prefix: 'CUSTOMER#', fallback: 1 },
  { id: 5, group: 'Vendor', name: 'Get vendor by ID', op: 'get', example: 'PK=VENDOR#456, SK=METADATA',
    param: 'Vendor ID', prefix: 'VENDOR#' },
  { id: 6, group: 'Vendor', name: 'Get vendor by email', op: 'query', index: 'GSI1', sort: 'eq', sortValue: 'VENDOR',
    example: 'GSI1PK=EMAIL#vendor@example.com, GSI1SK=VENDOR',
    param: 'Email', prefix: 'EMAIL#' },
  { id: 7, group: 'Vendor', name: 'Get vendor products', op: 'query', index: '', sort: 'begins_with', sortValue: 'PRODUCT#',
    example: 'PK=VENDOR#456, SK begins_with PRODUCT#',
    param: 'Vendor ID', prefix: 'VENDOR#', fallback: 5 },
  { id: 8, group: 'Vendor', name: 'Get vendor orders', op: 'query', index: 'GSI1', sort: 'begins_with', sortValue: 'ORDER#',
    example: 'GSI1PK=VENDOR#456, GSI1SK begins_with ORDER#',
    param: 'Vendor ID', prefix: 'VENDOR#', fallback: 5 },
  { id: 9, group: 'Product', name: 'Get product by ID', op: 'get', example: 'PK=PRODUCT#789, SK=METADATA',
    param: 'Product ID', prefix: 'PRODUCT#' },
  { id: 10, group: 'Product', name: 'Get products by vendor', op: 'query', index: 'GSI1', sort: 'begins_with', sortValue: 'PRODUCT#',
    example: 'GSI1PK=VENDOR#456, GSI1SK begins_with PRODUCT#',
    param: 'Vendor ID', prefix: 'VENDOR#', fallback: 7 },
  { id: 11, group: 'Product', name: 'Get products by category', op: 'query', index: 'GSI2', sort: 'begins_with', sortValue: 'PRODUCT#',
    example: 'GSI2PK=CATEGORY#Food, GSI2SK begins_with PRODUCT#',
    param: 'Category', prefix: 'CATEGORY#' },
  { id: 12, group: 'Product', name: 'Get product reviews', op: 'query', index: '', sort: 'begins_with', sortValue: 'REVIEW#',
    example: 'PK=PRODUCT#789, SK begins_with REVIEW#',
    param: 'Product ID', prefix: 'PRODUCT#', fallback: 9 },
  { id: 13, group: 'Order', name: 'Get order by ID', op: 'get', example: 'PK=ORDER#321, SK=METADATA',
    param: 'Order ID', prefix: 'ORDER#' },
  { id: 14, group: 'Order', name: 'Get customer orders', op: 'query', index: 'GSI1', sort: 'begins_with', sortValue: 'ORDER#',
    example: 'GSI1PK=CUSTOMER#123, GSI1SK begins_with ORDER#',
    param: 'Customer ID', prefix: 'CUSTOMER#', fallback: 3 },
  { id: 15, group: 'Order', name: 'Get vendor orders', op: 'query', index: 'GSI2', sort: 'begins_with', sortValue: 'ORDER#',
    example: 'GSI2PK=VENDOR#456, GSI2SK begins_with ORDER#',
    param: 'Vendor ID', prefix: 'VENDOR#', fallback: 8 },
  { id: 16, group: 'Order', name: 'Get recent orders', op: 'query', index: 'GSI2', sort: null, descending: true,
    example: 'GSI2PK=ORDER, GSI2SK (sorted by timestamp, newest first)',
    param: 'Partition (GSI2PK)', prefix: '', defaultValue: 'ORDER' },
];

// The attribute names a pattern's key condition uses.
export function indexKeys(pattern) {
  return INDEX_KEYS[pattern.index || ''];
}

// The KeyConditionExpression of a query pattern.
export function keyCondition(pattern) {
  const [hk, rk] = indexKeys(pattern);
  if (pattern.sort === 'begins_with') return `${hk} = :pk AND begins_with(${rk}, :sk)`;
  if (pattern.sort === 'eq') return `${hk} = :pk AND ${rk} = :sk`;
  return `${hk} = :pk`;
}

// The request a pattern sends for `param` (the parameter without its
// prefix); `limit` and `start` page a query.
export function patternRequest(pattern, param, { limit, start } = {}) {
  const value = pattern.prefix + param;
  if (pattern.op === 'get') {
    return {
      operation: 'GetItem',
      body: {
        TableName: TABLE,
        Key: { PK: { S: value }, SK: { S: 'METADATA' } },
        ConsistentRead: true,
        ReturnConsumedCapacity: 'TOTAL',
      },
    };
  }
  const body = { TableName: TABLE };
  if (pattern.index) body.IndexName = pattern.index;
  body.KeyConditionExpression = keyCondition(pattern);
  body.ExpressionAttributeValues = { ':pk': { S: value } };
  if (pattern.sort) body.ExpressionAttributeValues[':sk'] = { S: pattern.sortValue };
  if (pattern.descending) body.ScanIndexForward = false;
  if (limit) body.Limit = limit;
  if (start) body.ExclusiveStartKey = start;
  body.ReturnConsumedCapacity = 'TOTAL';
  return { operation: 'Query', body };
}

// Default parameters from a sample of items: for each pattern, the first
// sampled item that has the key shape the pattern reads (or the default
// of its fallback pattern); '' when none is found.
export function defaultsFrom(items) {
  const out = {};
  for (const p of PATTERNS) {
    if (p.defaultValue !== undefined) {
      out[p.id] = p.defaultValue;
      continue;
    }
    // An item of the shape the pattern reads: its key attributes, the
    // partition value's prefix, and the sort key the pattern asks for.
    const [hk, rk] = indexKeys(p);
    const pkPrefix = p.prefix;
    const sk = p.op === 'get' ? 'METADATA' : p.sortValue;
    const exact = p.op === 'get' || p.sort === 'eq';
    const hit = items.find((it) => {
      const pk = it[hk]?.S;
      const s = it[rk]?.S;
      if (typeof pk !== 'string' || typeof s !== 'string' || !pk.startsWith(pkPrefix)) return false;
      return exact ? s === sk : s.startsWith(sk);
    });
    out[p.id] = hit ? hit[hk].S.slice(pkPrefix.length) : (p.fallback ? out[p.fallback] : '');
  }
  return out;
}
