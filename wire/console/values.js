// DynamoDB attribute values: showing them, converting them from and to
// plain JSON, and the key schemas of tables and indexes.

const TYPES = ['S', 'N', 'B', 'BOOL', 'NULL', 'SS', 'NS', 'BS', 'L', 'M'];

// The type descriptor of an attribute value ({"S": "x"} -> "S").
export function typeOf(value) {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && TYPES.includes(keys[0])) return keys[0];
  }
  return null;
}

// An attribute value as plain data, for compact display: sets and lists
// as arrays, maps as objects, numbers kept as their exact text wrapped in
// a marker so that they print unquoted.
class NumberText {
  constructor(text) { this.text = text; }
}

function toDisplayData(value) {
  const type = typeOf(value);
  const v = type ? value[type] : value;
  switch (type) {
    case 'S': case 'B': return v;
    case 'N': return new NumberText(v);
    case 'BOOL': return v;
    case 'NULL': return null;
    case 'SS': case 'BS': return [...v];
    case 'NS': return v.map((n) => new NumberText(n));
    case 'L': return v.map(toDisplayData);
    case 'M': return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toDisplayData(x)]));
    default: return value;
  }
}

// JSON text of display data, compact (indent 0) or indented; numbers as
// their exact text.
function writeJson(data, indent, depth = 0) {
  if (data instanceof NumberText) return data.text;
  if (data === null || typeof data !== 'object') return JSON.stringify(data);
  const pad = indent ? '\n' + ' '.repeat(indent * (depth + 1)) : '';
  const end = indent ? '\n' + ' '.repeat(indent * depth) : '';
  const sep = indent ? ': ' : ':';
  if (Array.isArray(data)) {
    if (data.length === 0) return '[]';
    return '[' + data.map((x) => pad + writeJson(x, indent, depth + 1)).join(',') + end + ']';
  }
  const entries = Object.entries(data);
  if (entries.length === 0) return '{}';
  return '{' + entries.map(([k, x]) => pad + JSON.stringify(k) + sep + writeJson(x, indent, depth + 1))
    .join(',') + end + '}';
}

// One attribute value as readable text: S, N and B (base64) as they are,
// BOOL true/false, NULL null, sets, lists and maps as compact JSON.
export function formatValue(value) {
  const type = typeOf(value);
  switch (type) {
    case 'S': case 'N': case 'B': return value[type];
    case 'BOOL': return value.BOOL ? 'true' : 'false';
    case 'NULL': return 'null';
    case null: return JSON.stringify(value);
    default: return writeJson(toDisplayData(value), 0);
  }
}

// An item (or key) as one line of readable text: {"PK":"a","n":1}.
export function formatItem(item) {
  return writeJson(Object.fromEntries(Object.entries(item).map(([k, v]) => [k, toDisplayData(v)])), 0);
}

// --- plain JSON ---------------------------------------------------------------

// Why an item cannot be written as plain JSON without losing its types:
// null when it can (plain JSON has no sets and no binary).
export function plainJsonProblem(item) {
  const walk = (value, path) => {
    const type = typeOf(value);
    if (type === 'SS' || type === 'NS' || type === 'BS' || type === 'B') {
      return `${path} is a ${type} value, which plain JSON cannot express`;
    }
    if (type === 'L') {
      for (let i = 0; i < value.L.length; i++) {
        const p = walk(value.L[i], `${path}[${i}]`);
        if (p) return p;
      }
    }
    if (type === 'M') {
      for (const [k, v] of Object.entries(value.M)) {
        const p = walk(v, `${path}.${k}`);
        if (p) return p;
      }
    }
    if (type === null) return `${path} is not a DynamoDB attribute value`;
    return null;
  };
  for (const [name, value] of Object.entries(item)) {
    const p = walk(value, name);
    if (p) return p;
  }
  return null;
}

// An item as editable text: one attribute a line, each value compact.
function attributeLines(entries) {
  if (entries.length === 0) return '{}';
  return '{\n' + entries.map(([k, text]) => `  ${JSON.stringify(k)}: ${text}`).join(',\n') + '\n}';
}

// An item as plain JSON text (numbers exact), one attribute a line.
export function itemToPlainText(item) {
  return attributeLines(Object.entries(item).map(([k, v]) => [k, writeJson(toDisplayData(v), 0)]));
}

// An item as DynamoDB JSON text, one attribute a line.
export function itemToDynamoText(item) {
  return attributeLines(Object.entries(item).map(([k, v]) => [k, JSON.stringify(v)]));
}

// A JSON parser that builds DynamoDB attribute values directly: numbers
// become N with their exact text, strings S, booleans BOOL, null NULL,
// arrays L, objects M.
export function parsePlainJson(text) {
  let pos = 0;
  const fail = (what) => {
    throw new SyntaxError(`${what} at position ${pos}`);
  };
  const space = () => {
    while (pos < text.length && ' \t\n\r'.includes(text[pos])) pos++;
  };
  const string = () => {
    const m = /^"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/.exec(text.slice(pos));
    if (!m) fail('Bad string');
    pos += m[0].length;
    return JSON.parse(m[0]);
  };
  const value = () => {
    space();
    const c = text[pos];
    if (c === '{') {
      pos++;
      const out = {};
      space();
      if (text[pos] === '}') { pos++; return { M: out }; }
      for (;;) {
        space();
        if (text[pos] !== '"') fail('Expected a property name');
        const key = string();
        space();
        if (text[pos] !== ':') fail("Expected ':'");
        pos++;
        out[key] = value();
        space();
        if (text[pos] === ',') { pos++; continue; }
        if (text[pos] === '}') { pos++; return { M: out }; }
        fail("Expected ',' or '}'");
      }
    }
    if (c === '[') {
      pos++;
      const out = [];
      space();
      if (text[pos] === ']') { pos++; return { L: out }; }
      for (;;) {
        out.push(value());
        space();
        if (text[pos] === ',') { pos++; continue; }
        if (text[pos] === ']') { pos++; return { L: out }; }
        fail("Expected ',' or ']'");
      }
    }
    if (c === '"') return { S: string() };
    if (text.startsWith('true', pos)) { pos += 4; return { BOOL: true }; }
    if (text.startsWith('false', pos)) { pos += 5; return { BOOL: false }; }
    if (text.startsWith('null', pos)) { pos += 4; return { NULL: true }; }
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(pos));
    if (m) { pos += m[0].length; return { N: m[0] }; }
    fail('Unexpected ' + (c === undefined ? 'end of input' : `'${c}'`));
    return null;
  };
  const out = value();
  space();
  if (pos < text.length) fail('Unexpected text after the JSON value');
  return out;
}

// The item in `text`: DynamoDB JSON when `mode` is 'dynamodb', else plain
// JSON converted to attribute values. Throws SyntaxError/TypeError with a
// readable message.
export function parseItemText(text, mode) {
  if (mode === 'dynamodb') {
    const item = JSON.parse(text);
    if (!item || typeof item !== 'object' || Array.isArray(item)) {
      throw new TypeError('An item is a JSON object: {"name": {"S": "value"}, ...}');
    }
    return item;
  }
  const parsed = parsePlainJson(text);
  if (!parsed.M) throw new TypeError('An item is a JSON object: {"name": "value", ...}');
  return parsed.M;
}

// --- keys ------------------------------------------------------------------------

// The hash and range attribute names of a key schema.
export function keyNames(keySchema) {
  const hash = keySchema.find((k) => k.KeyType === 'HASH')?.AttributeName;
  const range = keySchema.find((k) => k.KeyType === 'RANGE')?.AttributeName;
  return range ? [hash, range] : [hash];
}

// The scalar type (S, N or B) of an attribute in a table's definitions.
export function attributeType(table, name) {
  return table.AttributeDefinitions.find((d) => d.AttributeName === name)?.AttributeType ?? 'S';
}

// The table's key of an item.
export function keyOf(table, item) {
  const key = {};
  for (const name of keyNames(table.KeySchema)) {
    if (item[name] !== undefined) key[name] = item[name];
  }
  return key;
}

export function sameKey(a, b) {
  const names = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const n of names) {
    if (JSON.stringify(a[n]) !== JSON.stringify(b[n])) return false;
  }
  return true;
}

// The index named `indexName` of a table description (GSI or LSI), with
// its kind; null for the table itself.
export function findIndex(table, indexName) {
  if (!indexName) return null;
  const g = (table.GlobalSecondaryIndexes || []).find((i) => i.IndexName === indexName);
  if (g) return { ...g, kind: 'GSI' };
  const l = (table.LocalSecondaryIndexes || []).find((i) => i.IndexName === indexName);
  if (l) return { ...l, kind: 'LSI' };
  return null;
}

// A scalar value typed for an attribute: S as is, N as its text, B as
// base64 text.
export function scalar(type, text) {
  return { [type]: text };
}

// Sizes in bytes, readably.
export function formatBytes(n) {
  if (n === undefined || n === null) return '';
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = -1;
  do {
    v /= 1024;
    u++;
  } while (v >= 1024 && u < units.length - 1);
  return `${v.toFixed(1)} ${units[u]}`;
}
