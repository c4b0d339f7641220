// The item browser: pages over a table or one of its indexes with Scan
// (Limit + ExclusiveStartKey; the start keys of the pages read so far are
// kept as a stack for Previous), never more than one page in memory; and
// the item actions (create, edit, clone, delete).

import { call, request } from './api.js';
import { hashFor, navigate } from './nav.js';
import { openItemEditor } from './editor.js';
import {
  busy, confirmDialog, errorBox, field, h, itemsView, loading, metrics, notice, replace, requestPanel, select,
} from './ui.js';
import { findIndex, formatItem, keyNames, keyOf } from './values.js';
import { tableHeading } from './view_table.js';

const PAGE_SIZES = [10, 25, 50, 100, 250];

// Paging state per table and index, kept while the console is open, so
// that coming back to a page shows the same page.
const states = new Map();

function stateFor(table, index) {
  const id = `${table}\u0000${index || ''}`;
  if (!states.has(id)) states.set(id, { limit: 25, starts: [undefined] });
  return states.get(id);
}

// The key attributes shown first: the index's keys, then the table's.
export function keyColumns(table, index) {
  const tableKeys = keyNames(table.KeySchema);
  if (!index) return tableKeys;
  return [...keyNames(index.KeySchema), ...tableKeys];
}

// The full item behind a row (an index may project only some attributes).
export async function fetchItem(table, item) {
  const got = await request('GetItem', { TableName: table.TableName, Key: keyOf(table, item), ConsistentRead: true });
  if (!got.Item) throw Object.assign(new Error(`The item ${formatItem(keyOf(table, item))} no longer exists.`), { name: 'ItemNotFound' });
  return got.Item;
}

// Row buttons for an item: Edit, Clone, Delete. `done(message)` runs after
// a change; `fail(err)` shows an error.
export function itemActions(table, item, done, fail) {
  const edit = h('button', { type: 'button', class: 'small', testid: 'item-edit' }, 'Edit');
  const clone = h('button', { type: 'button', class: 'small', testid: 'item-clone' }, 'Clone');
  const del = h('button', { type: 'button', class: 'small danger', testid: 'item-delete' }, 'Delete');
  const open = (kind, button) => busy(button, async () => {
    try {
      const full = await fetchItem(table, item);
      openItemEditor({ table, kind, item: full, onSaved: done });
    } catch (err) {
      fail(err);
    }
  });
  edit.addEventListener('click', () => open('edit', edit));
  clone.addEventListener('click', () => open('clone', clone));
  del.addEventListener('click', async () => {
    const key = keyOf(table, item);
    const ok = await confirmDialog({
      title: 'Delete item?',
      message: `DeleteItem removes the item ${formatItem(key)} from ${table.TableName}.`,
      confirmLabel: 'Delete item',
    });
    if (!ok) return;
    try {
      await call('DeleteItem', { TableName: table.TableName, Key: key });
      done(`Deleted item ${formatItem(key)}.`);
    } catch (err) {
      fail(err);
    }
  });
  return [edit, clone, del];
}

export async function renderItems(app, params, ctx) {
  const name = params.table;
  const indexName = params.index || '';
  document.title = `${name} items · dynarock console`;
  replace(app, ...tableHeading(name, 'items'), loading());
  const table = (await request('DescribeTable', { TableName: name })).Table;
  if (!ctx.alive()) return;
  const index = findIndex(table, indexName);
  if (indexName && !index) {
    replace(app, ...tableHeading(name, 'items'),
      errorBox(Object.assign(new Error(`The table ${name} has no index ${indexName}.`), { name: 'NotFound' })));
    return;
  }
  const state = stateFor(name, indexName);
  const sources = [['', `Table ${name}`],
    ...(table.GlobalSecondaryIndexes || []).map((i) => [i.IndexName, `GSI ${i.IndexName}`]),
    ...(table.LocalSecondaryIndexes || []).map((i) => [i.IndexName, `LSI ${i.IndexName}`])];
  const source = select(sources, { testid: 'items-source', value: indexName });
  const size = select(PAGE_SIZES.map((n) => [String(n), String(n)]), { testid: 'items-page-size', value: String(state.limit) });
  const prev = h('button', { type: 'button', testid: 'items-prev' }, '← Previous');
  const next = h('button', { type: 'button', testid: 'items-next' }, 'Next →');
  const pageLabel = h('span', { testid: 'items-page' });
  const create = h('button', { type: 'button', class: 'primary', testid: 'item-create' }, 'Create item');
  const refresh = h('button', { type: 'button', testid: 'items-refresh' }, 'Refresh');
  const status = h('div', { testid: 'items-status', 'aria-live': 'polite' });
  const body = h('div', { testid: 'items-body' });
  const columns = keyColumns(table, index);

  const done = (message) => {
    if (!ctx.alive()) return;
    replace(status, notice(message, 'ok', 'items-message'));
    load();
  };
  const fail = (err) => {
    if (ctx.alive()) replace(status, errorBox(err));
  };

  async function load() {
    const page = state.starts.length;
    pageLabel.textContent = `Page ${page}`;
    prev.disabled = page === 1;
    next.disabled = true;
    const req = { TableName: name };
    if (indexName) req.IndexName = indexName;
    req.Limit = state.limit;
    const start = state.starts[page - 1];
    if (start) req.ExclusiveStartKey = start;
    req.ReturnConsumedCapacity = 'TOTAL';
    replace(body, loading());
    let res;
    try {
      res = await call('Scan', req);
    } catch (err) {
      if (ctx.alive()) replace(body, errorBox(err), requestPanel('Scan', req, 'scan-request'));
      return;
    }
    if (!ctx.alive()) return;
    const { data, ms } = res;
    next.disabled = !data.LastEvaluatedKey;
    body.lastEvaluatedKey = data.LastEvaluatedKey;
    const items = data.Items || [];
    replace(body,
      metrics({ ms, capacity: data.ConsumedCapacity, count: data.Count, scanned: data.ScannedCount }),
      items.length === 0 && page > 1 ? h('p', { class: 'empty', testid: 'items-end' }, 'No more items.') : null,
      itemsView(items, columns, { actions: (item) => itemActions(table, item, done, fail) }),
      h('details', {}, h('summary', {}, 'Request'), requestPanel('Scan', req, 'scan-request')));
  }

  source.addEventListener('change', () => {
    navigate(source.value ? hashFor('table', name, 'items', source.value) : hashFor('table', name, 'items'));
  });
  size.addEventListener('change', () => {
    state.limit = Number(size.value);
    state.starts = [undefined];
    load();
  });
  prev.addEventListener('click', () => {
    if (state.starts.length > 1) state.starts.pop();
    load();
  });
  next.addEventListener('click', () => {
    if (!body.lastEvaluatedKey) return;
    state.starts.push(body.lastEvaluatedKey);
    load();
  });
  refresh.addEventListener('click', () => busy(refresh, load));
  create.addEventListener('click', () => openItemEditor({ table, kind: 'create', onSaved: done }));

  replace(app, ...tableHeading(name, 'items'),
    h('div', { class: 'toolbar' },
      field('Read from', source),
      field('Items per page', size),
      h('div', { class: 'pager' }, prev, pageLabel, next),
      h('div', { class: 'spacer' }),
      refresh, create),
    index ? notice(`Index ${index.IndexName} (${index.kind}) projects ${index.Projection.ProjectionType}; Edit and Clone read the full item from the table.`, 'info', 'index-note') : null,
    status,
    body);
  await load();
}
