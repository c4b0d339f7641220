// Building Query requests the way application code writes them: every
// attribute name through an ExpressionAttributeNames placeholder (#pk, #sk,
// #f0...) and every value through an ExpressionAttributeValues one (:pk,
// :sk, :f0...).

import { scalar } from './values.js';

export const SORT_OPERATORS = ['=', '<', '<=', '>', '>=', 'BETWEEN', 'begins_with'];
export const FILTER_OPERATORS = ['=', '<>', '<', '<=', '>', '>=', 'BETWEEN', 'begins_with', 'contains',
  'attribute_exists', 'attribute_not_exists'];
export const FILTER_TYPES = ['S', 'N', 'BOOL', 'NULL'];

// Placeholders for attribute names: one per name, reused when the same
// name comes back.
class Names {
  constructor() { this.map = {}; }
  add(name, placeholder) {
    for (const [p, n] of Object.entries(this.map)) if (n === name) return p;
    let p = placeholder;
    for (let i = 1; p in this.map; i++) p = `${placeholder}${i}`;
    this.map[p] = name;
    return p;
  }
}

// A filter value typed as chosen: S as text, N as number text, BOOL from
// "true"/"false", NULL.
function filterValue(type, text) {
  if (type === 'BOOL') {
    const t = text.trim().toLowerCase();
    if (t !== 'true' && t !== 'false') throw new TypeError(`A BOOL filter value is true or false, not "${text}"`);
    return { BOOL: t === 'true' };
  }
  if (type === 'NULL') return { NULL: true };
  return { [type]: type === 'N' ? text.trim() : text };
}

// A projection expression from comma-separated attribute paths
// (name, name.sub, list[0]): every name part through a placeholder.
function projection(text, names) {
  const paths = text.split(',').map((s) => s.trim()).filter(Boolean);
  let n = 0;
  return paths.map((path) => path.split('.').map((part) => {
    const m = /^(.*?)((?:\[\d+\])*)$/.exec(part.trim());
    const placeholder = names.add(m[1], `#p${n}`);
    if (placeholder === `#p${n}`) n++;
    return placeholder + m[2];
  }).join('.')).join(', ');
}

// The Query request for a form's values:
// spec = { tableName, indexName, pkName, pkType, pkValue, skName, skType,
//          skOp, skValue, skValue2, filters: [{name, op, type, value, value2}],
//          projection, descending, limit, consistentRead }
export function buildQuery(spec) {
  const names = new Names();
  const values = {};
  const pk = names.add(spec.pkName, '#pk');
  values[':pk'] = scalar(spec.pkType, spec.pkValue);
  let key = `${pk} = :pk`;
  if (spec.skName && spec.skOp) {
    const sk = names.add(spec.skName, '#sk');
    if (spec.skOp === 'BETWEEN') {
      values[':sklo'] = scalar(spec.skType, spec.skValue);
      values[':skhi'] = scalar(spec.skType, spec.skValue2);
      key += ` AND ${sk} BETWEEN :sklo AND :skhi`;
    } else if (spec.skOp === 'begins_with') {
      values[':sk'] = scalar(spec.skType, spec.skValue);
      key += ` AND begins_with(${sk}, :sk)`;
    } else {
      values[':sk'] = scalar(spec.skType, spec.skValue);
      key += ` AND ${sk} ${spec.skOp} :sk`;
    }
  }
  const filters = [];
  (spec.filters || []).forEach((f, i) => {
    if (!f.name) return;
    const n = names.add(f.name, `#f${i}`);
    const v = `:f${i}`;
    switch (f.op) {
      case 'attribute_exists':
      case 'attribute_not_exists':
        filters.push(`${f.op}(${n})`);
        break;
      case 'begins_with':
      case 'contains':
        values[v] = filterValue(f.type, f.value);
        filters.push(`${f.op}(${n}, ${v})`);
        break;
      case 'BETWEEN':
        values[`${v}lo`] = filterValue(f.type, f.value);
        values[`${v}hi`] = filterValue(f.type, f.value2);
        filters.push(`${n} BETWEEN ${v}lo AND ${v}hi`);
        break;
      default:
        values[v] = filterValue(f.type, f.value);
        filters.push(`${n} ${f.op} ${v}`);
    }
  });
  const proj = spec.projection ? projection(spec.projection, names) : '';

  const req = { TableName: spec.tableName };
  if (spec.indexName) req.IndexName = spec.indexName;
  req.KeyConditionExpression = key;
  if (filters.length) req.FilterExpression = filters.join(' AND ');
  if (proj) req.ProjectionExpression = proj;
  req.ExpressionAttributeNames = names.map;
  req.ExpressionAttributeValues = values;
  if (spec.descending) req.ScanIndexForward = false;
  if (spec.limit) req.Limit = Number(spec.limit);
  if (spec.consistentRead) req.ConsistentRead = true;
  req.ReturnConsumedCapacity = 'TOTAL';
  return req;
}
