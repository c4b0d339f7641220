// The tables page (ListTables, paged, with each table's description and
// settings) and the create-table form.

import { call, request } from './api.js';
import { hashFor, navigate } from './nav.js';
import { busy, errorBox, field, h, loading, notice, replace, requestPanel, select } from './ui.js';
import { formatBytes, keyNames } from './values.js';

const PAGE_SIZES = [5, 10, 25, 100];
const KEY_TYPES = [['S', 'String (S)'], ['N', 'Number (N)'], ['B', 'Binary (B)']];

// Paging state of the tables list, kept while the console is open: the
// page size and the stack of ExclusiveStartTableName values.
const listState = { limit: 25, starts: [undefined] };

export function keySchemaText(table, keySchema) {
  return keyNames(keySchema).map((n, i) => {
    const type = table.AttributeDefinitions.find((d) => d.AttributeName === n)?.AttributeType ?? '?';
    return `${n} (${type}, ${i === 0 ? 'partition' : 'sort'})`;
  }).join(' + ');
}

export function projectionText(p) {
  if (!p) return '';
  if (p.ProjectionType === 'INCLUDE') return `INCLUDE ${(p.NonKeyAttributes || []).join(', ')}`;
  return p.ProjectionType;
}

export function billingText(table) {
  const mode = table.BillingModeSummary?.BillingMode ?? 'PROVISIONED';
  if (mode === 'PAY_PER_REQUEST') return 'On-demand (PAY_PER_REQUEST)';
  const pt = table.ProvisionedThroughput || {};
  return `Provisioned (${pt.ReadCapacityUnits ?? 0} RCU, ${pt.WriteCapacityUnits ?? 0} WCU)`;
}

export function streamText(table) {
  const spec = table.StreamSpecification;
  if (!spec || !spec.StreamEnabled) return 'Off';
  return `On (${spec.StreamViewType})`;
}

export function sseText(table) {
  const d = table.SSEDescription;
  if (!d) return 'Default (owned by DynamoDB)';
  const parts = [d.Status, d.SSEType].filter(Boolean);
  if (d.KMSMasterKeyArn) parts.push(d.KMSMasterKeyArn);
  return parts.join(', ');
}

export function ttlText(ttl) {
  if (!ttl) return '';
  const status = ttl.TimeToLiveStatus;
  return ttl.AttributeName ? `${status} (${ttl.AttributeName})` : status;
}

export function pitrText(backups) {
  return backups?.PointInTimeRecoveryDescription?.PointInTimeRecoveryStatus ?? '';
}

export function tagsText(tags) {
  if (!tags || tags.length === 0) return 'None';
  return tags.map((t) => `${t.Key}=${t.Value}`).join(', ');
}

// A table's description and settings: DescribeTable, DescribeTimeToLive,
// DescribeContinuousBackups and ListTagsOfResource (all pages).
export async function loadTableInfo(name) {
  const table = (await request('DescribeTable', { TableName: name })).Table;
  const [ttl, backups, tags] = await Promise.all([
    request('DescribeTimeToLive', { TableName: name }).then((r) => r.TimeToLiveDescription),
    request('DescribeContinuousBackups', { TableName: name }).then((r) => r.ContinuousBackupsDescription),
    (async () => {
      const all = [];
      let next;
      do {
        const body = { ResourceArn: table.TableArn };
        if (next) body.NextToken = next;
        const page = await request('ListTagsOfResource', body);
        all.push(...(page.Tags || []));
        next = page.NextToken;
      } while (next);
      return all;
    })(),
  ]);
  return { table, ttl, backups, tags };
}

function indexesCell(table) {
  const list = [
    ...(table.GlobalSecondaryIndexes || []).map((i) => ['GSI', i]),
    ...(table.LocalSecondaryIndexes || []).map((i) => ['LSI', i]),
  ];
  if (list.length === 0) return 'None';
  return h('ul', { class: 'plain' }, list.map(([kind, i]) => h('li', {},
    h('strong', {}, i.IndexName), ` ${kind}: ${keyNames(i.KeySchema).join(' + ')} · ${projectionText(i.Projection)}`)));
}

export async function renderTables(app, _params, ctx) {
  document.title = 'Tables · dynarock console';
  const sizeSelect = select(PAGE_SIZES.map((n) => [String(n), String(n)]),
    { testid: 'tables-page-size', value: String(listState.limit) });
  const prev = h('button', { type: 'button', testid: 'tables-prev' }, '← Previous');
  const next = h('button', { type: 'button', testid: 'tables-next' }, 'Next →');
  const pageLabel = h('span', { testid: 'tables-page' });
  const body = h('div', { testid: 'tables-body' });
  replace(app,
    h('div', { class: 'page-head' },
      h('h1', {}, 'Tables'),
      h('a', { class: 'button primary', href: '#/tables/new', testid: 'create-table-link' }, 'Create table')),
    h('div', { class: 'toolbar' },
      field('Tables per page', sizeSelect),
      h('div', { class: 'pager' }, prev, pageLabel, next)),
    body);

  const load = async () => {
    const page = listState.starts.length;
    pageLabel.textContent = `Page ${page}`;
    prev.disabled = page === 1;
    next.disabled = true;
    replace(body, loading());
    const req = { Limit: listState.limit };
    const start = listState.starts[listState.starts.length - 1];
    if (start) req.ExclusiveStartTableName = start;
    let list;
    try {
      list = await request('ListTables', req);
    } catch (err) {
      if (ctx.alive()) replace(body, errorBox(err));
      return;
    }
    const infos = await Promise.all(list.TableNames.map((name) => loadTableInfo(name).catch((err) => ({ name, err }))));
    if (!ctx.alive()) return;
    next.disabled = !list.LastEvaluatedTableName;
    next.dataset.start = list.LastEvaluatedTableName || '';
    if (infos.length === 0) {
      replace(body, h('p', { class: 'empty', testid: 'tables-empty' },
        page === 1 ? 'No tables yet. ' : 'No more tables. ',
        page === 1 ? h('a', { href: '#/tables/new' }, 'Create one') : null));
      return;
    }
    const rows = infos.map((info) => {
      if (info.err) {
        return h('tr', { dataset: { table: info.name } },
          h('th', { scope: 'row' }, info.name), h('td', { colspan: '11' }, errorBox(info.err)));
      }
      const { table, ttl, backups, tags } = info;
      const [hash, range] = keyNames(table.KeySchema);
      const type = (n) => table.AttributeDefinitions.find((d) => d.AttributeName === n)?.AttributeType;
      return h('tr', { dataset: { table: table.TableName }, testid: `table-row-${table.TableName}` },
        h('th', { scope: 'row' }, h('a', { href: hashFor('table', table.TableName), testid: 'table-link' }, table.TableName)),
        h('td', { testid: 'col-status' }, table.TableStatus),
        h('td', { testid: 'col-partition-key' }, `${hash} (${type(hash)})`),
        h('td', { testid: 'col-sort-key' }, range ? `${range} (${type(range)})` : '—'),
        h('td', { testid: 'col-indexes' }, indexesCell(table)),
        h('td', { testid: 'col-item-count', class: 'num' }, String(table.ItemCount)),
        h('td', { testid: 'col-size', class: 'num', title: `${table.TableSizeBytes} bytes` }, formatBytes(table.TableSizeBytes)),
        h('td', { testid: 'col-billing' }, billingText(table)),
        h('td', { testid: 'col-ttl' }, ttlText(ttl)),
        h('td', { testid: 'col-stream' }, streamText(table)),
        h('td', { testid: 'col-pitr' }, pitrText(backups)),
        h('td', { testid: 'col-tags' }, tagsText(tags)));
    });
    replace(body, h('div', { class: 'grid-wrap' }, h('table', { class: 'grid', testid: 'tables' },
      h('thead', {}, h('tr', {}, ...['Name', 'Status', 'Partition key', 'Sort key', 'Indexes', 'Items',
        'Size', 'Billing', 'TTL', 'Stream', 'PITR', 'Tags'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, rows))));
  };

  sizeSelect.addEventListener('change', () => {
    listState.limit = Number(sizeSelect.value);
    listState.starts = [undefined];
    load();
  });
  prev.addEventListener('click', () => {
    if (listState.starts.length > 1) listState.starts.pop();
    load();
  });
  next.addEventListener('click', () => {
    if (!next.dataset.start) return;
    listState.starts.push(next.dataset.start);
    load();
  });
  await load();
}

// --- creating tables and indexes ----------------------------------------------

// The inputs of one global secondary index: name, partition and optional
// sort key with types, projection. `read()` gives { index, attributes }.
export function gsiFieldset({ removable = true, onRemove, onChange, number = 1 } = {}) {
  const name = h('input', { type: 'text', required: true, testid: 'gsi-name', autocomplete: 'off' });
  const pk = h('input', { type: 'text', required: true, testid: 'gsi-pk', autocomplete: 'off' });
  const pkType = select(KEY_TYPES, { testid: 'gsi-pk-type' });
  const sk = h('input', { type: 'text', testid: 'gsi-sk', autocomplete: 'off' });
  const skType = select(KEY_TYPES, { testid: 'gsi-sk-type' });
  const projection = select(['ALL', 'KEYS_ONLY', 'INCLUDE'], { testid: 'gsi-projection' });
  const include = h('input', { type: 'text', testid: 'gsi-include', placeholder: 'attr1, attr2', autocomplete: 'off' });
  const includeField = field('Non-key attributes (INCLUDE)', include);
  includeField.hidden = true;
  projection.addEventListener('change', () => { includeField.hidden = projection.value !== 'INCLUDE'; });
  const remove = removable ? h('button', { type: 'button', class: 'small', testid: 'gsi-remove' }, 'Remove index') : null;
  const fs = h('fieldset', { class: 'gsi', testid: 'gsi-fieldset' },
    h('legend', {}, `Global secondary index ${number}`),
    h('div', { class: 'row' }, field('Index name', name)),
    h('div', { class: 'row' }, field('Partition key', pk), field('Type', pkType)),
    h('div', { class: 'row' }, field('Sort key (optional)', sk), field('Type', skType)),
    h('div', { class: 'row' }, field('Projection', projection), includeField),
    remove);
  if (remove) remove.addEventListener('click', () => { fs.remove(); if (onRemove) onRemove(); });
  if (onChange) fs.addEventListener('input', onChange);
  if (onChange) fs.addEventListener('change', onChange);
  fs.read = () => {
    const keySchema = [{ AttributeName: pk.value.trim(), KeyType: 'HASH' }];
    const attributes = [{ AttributeName: pk.value.trim(), AttributeType: pkType.value }];
    if (sk.value.trim()) {
      keySchema.push({ AttributeName: sk.value.trim(), KeyType: 'RANGE' });
      attributes.push({ AttributeName: sk.value.trim(), AttributeType: skType.value });
    }
    const proj = { ProjectionType: projection.value };
    if (projection.value === 'INCLUDE') {
      proj.NonKeyAttributes = include.value.split(',').map((s) => s.trim()).filter(Boolean);
    }
    return { index: { IndexName: name.value.trim(), KeySchema: keySchema, Projection: proj }, attributes };
  };
  fs.focusFirst = () => name.focus();
  return fs;
}

// Attribute definitions without repeats of the same name and type.
export function mergeDefinitions(defs) {
  const out = [];
  for (const d of defs) {
    if (!out.some((o) => o.AttributeName === d.AttributeName && o.AttributeType === d.AttributeType)) out.push(d);
  }
  return out;
}

export async function renderCreateTable(app, _params, ctx) {
  document.title = 'Create table · dynarock console';
  const name = h('input', { type: 'text', required: true, testid: 'ct-name', autocomplete: 'off',
    pattern: '[a-zA-Z0-9_.\\-]{3,255}', title: '3 to 255 characters: letters, digits, _ . -' });
  const pk = h('input', { type: 'text', required: true, testid: 'ct-pk', autocomplete: 'off' });
  const pkType = select(KEY_TYPES, { testid: 'ct-pk-type' });
  const sk = h('input', { type: 'text', testid: 'ct-sk', autocomplete: 'off' });
  const skType = select(KEY_TYPES, { testid: 'ct-sk-type' });
  const billing = select([['PAY_PER_REQUEST', 'On-demand (PAY_PER_REQUEST)'], ['PROVISIONED', 'Provisioned']],
    { testid: 'ct-billing' });
  const rcu = h('input', { type: 'number', min: '1', value: '5', testid: 'ct-rcu' });
  const wcu = h('input', { type: 'number', min: '1', value: '5', testid: 'ct-wcu' });
  const capacity = h('div', { class: 'row', hidden: true }, field('Read capacity units', rcu), field('Write capacity units', wcu));
  const stream = select([['', 'Off'], 'NEW_AND_OLD_IMAGES', 'NEW_IMAGE', 'OLD_IMAGE', 'KEYS_ONLY'], { testid: 'ct-stream' });
  const gsis = h('div', { testid: 'ct-gsis' });
  const addGsi = h('button', { type: 'button', testid: 'ct-add-gsi' }, 'Add global secondary index');
  const submit = h('button', { type: 'submit', class: 'primary', testid: 'ct-submit' }, 'Create table');
  const preview = h('div', { testid: 'ct-preview' });
  const result = h('div', { testid: 'ct-result', 'aria-live': 'polite' });

  const build = () => {
    const defs = [{ AttributeName: pk.value.trim(), AttributeType: pkType.value }];
    const keySchema = [{ AttributeName: pk.value.trim(), KeyType: 'HASH' }];
    if (sk.value.trim()) {
      defs.push({ AttributeName: sk.value.trim(), AttributeType: skType.value });
      keySchema.push({ AttributeName: sk.value.trim(), KeyType: 'RANGE' });
    }
    const indexes = [...gsis.querySelectorAll('fieldset.gsi')].map((fs) => fs.read());
    for (const i of indexes) defs.push(...i.attributes);
    const req = {
      TableName: name.value.trim(),
      AttributeDefinitions: mergeDefinitions(defs),
      KeySchema: keySchema,
      BillingMode: billing.value,
    };
    if (billing.value === 'PROVISIONED') {
      const pt = { ReadCapacityUnits: Number(rcu.value), WriteCapacityUnits: Number(wcu.value) };
      req.ProvisionedThroughput = pt;
      for (const i of indexes) i.index.ProvisionedThroughput = { ...pt };
    }
    if (indexes.length) req.GlobalSecondaryIndexes = indexes.map((i) => i.index);
    if (stream.value) req.StreamSpecification = { StreamEnabled: true, StreamViewType: stream.value };
    return req;
  };
  const refresh = () => replace(preview, requestPanel('CreateTable', build(), 'ct-request'));
  const renumber = () => {
    [...gsis.querySelectorAll('fieldset.gsi legend')].forEach((l, i) => { l.textContent = `Global secondary index ${i + 1}`; });
    refresh();
  };
  billing.addEventListener('change', () => { capacity.hidden = billing.value !== 'PROVISIONED'; });
  addGsi.addEventListener('click', () => {
    const fs = gsiFieldset({ onRemove: renumber, onChange: refresh, number: gsis.children.length + 1 });
    gsis.appendChild(fs);
    refresh();
    fs.focusFirst();
  });

  const form = h('form', { class: 'form', testid: 'create-table-form', novalidate: false },
    h('div', { class: 'row' }, field('Table name', name)),
    h('div', { class: 'row' }, field('Partition key', pk), field('Type', pkType)),
    h('div', { class: 'row' }, field('Sort key (optional)', sk), field('Type', skType)),
    h('div', { class: 'row' }, field('Capacity mode', billing), field('Stream', stream)),
    capacity,
    gsis,
    h('div', { class: 'buttons' }, addGsi, submit),
    result);
  form.addEventListener('input', refresh);
  form.addEventListener('change', refresh);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const req = build();
    refresh();
    await busy(submit, async () => {
      replace(result, loading('Creating…'));
      try {
        await call('CreateTable', req);
        if (!ctx.alive()) return;
        navigate(hashFor('table', req.TableName));
      } catch (err) {
        if (ctx.alive()) replace(result, errorBox(err));
      }
    });
  });

  replace(app,
    h('h1', {}, 'Create table'),
    notice('Creates a table with CreateTable; the request below is what the form sends.', 'info', 'ct-help'),
    h('div', { class: 'split' }, form, preview));
  refresh();
  name.focus();
}

