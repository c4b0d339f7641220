// The query builder: Query on the table or an index with a partition key,
// an optional sort key condition, filter conditions, a projection, order,
// Limit and ConsistentRead; shows the exact request, the items, the
// consumed capacity and the latency, and pages with LastEvaluatedKey.

import { call, request } from './api.js';
import { hashFor } from './nav.js';
import { FILTER_OPERATORS, FILTER_TYPES, SORT_OPERATORS, buildQuery } from './query.js';
import {
  errorBox, field, h, itemsView, loading, metrics, notice, replace, requestPanel, select,
} from './ui.js';
import { attributeType, findIndex, keyNames } from './values.js';
import { itemActions, keyColumns } from './view_items.js';
import { tableHeading } from './view_table.js';

function filterRow(number, onRemove) {
  const name = h('input', { type: 'text', testid: 'filter-name', autocomplete: 'off' });
  const op = select(FILTER_OPERATORS, { testid: 'filter-op' });
  const type = select(FILTER_TYPES, { testid: 'filter-type' });
  const value = h('input', { type: 'text', testid: 'filter-value', autocomplete: 'off' });
  const value2 = h('input', { type: 'text', testid: 'filter-value2', autocomplete: 'off' });
  const value2Field = field('and', value2);
  const valueField = field('Value', value);
  const remove = h('button', { type: 'button', class: 'small', testid: 'filter-remove' }, 'Remove');
  const sync = () => {
    value2Field.hidden = op.value !== 'BETWEEN';
    const noValue = op.value === 'attribute_exists' || op.value === 'attribute_not_exists' || type.value === 'NULL';
    valueField.hidden = noValue;
  };
  op.addEventListener('change', sync);
  type.addEventListener('change', sync);
  sync();
  const row = h('fieldset', { class: 'filter-row', testid: 'filter-row' },
    h('legend', {}, `Filter condition ${number}`),
    h('div', { class: 'row' }, field('Attribute', name), field('Condition', op), field('Type', type),
      valueField, value2Field, remove));
  remove.addEventListener('click', () => { row.remove(); onRemove(); });
  row.read = () => ({ name: name.value.trim(), op: op.value, type: type.value, value: value.value, value2: value2.value });
  row.focusFirst = () => name.focus();
  return row;
}

export async function renderQuery(app, params, ctx) {
  const name = params.table;
  document.title = `${name} query · dynarock console`;
  replace(app, ...tableHeading(name, 'query'), loading());
  const table = (await request('DescribeTable', { TableName: name })).Table;
  if (!ctx.alive()) return;

  const targets = [['', `Table ${name}`],
    ...(table.GlobalSecondaryIndexes || []).map((i) => [i.IndexName, `GSI ${i.IndexName}`]),
    ...(table.LocalSecondaryIndexes || []).map((i) => [i.IndexName, `LSI ${i.IndexName}`])];
  const initial = findIndex(table, params.index) ? params.index : '';
  const target = select(targets, { testid: 'q-target', value: initial });
  const pkValue = h('input', { type: 'text', required: true, testid: 'q-pk', autocomplete: 'off' });
  const pkField = field('Partition key', pkValue);
  const skOp = select([['', 'No condition'], ...SORT_OPERATORS], { testid: 'q-sk-op' });
  const skValue = h('input', { type: 'text', testid: 'q-sk', autocomplete: 'off' });
  const skValue2 = h('input', { type: 'text', testid: 'q-sk2', autocomplete: 'off' });
  const skOpField = field('Sort key condition', skOp);
  const skField = field('Value', skValue);
  const sk2Field = field('and', skValue2);
  const filters = h('div', { testid: 'q-filters' });
  const addFilter = h('button', { type: 'button', testid: 'q-add-filter' }, 'Add filter condition');
  const projection = h('input', { type: 'text', testid: 'q-projection', autocomplete: 'off', placeholder: 'PK, SK, name' });
  const order = select([['asc', 'Ascending (ScanIndexForward true)'], ['desc', 'Descending (ScanIndexForward false)']], { testid: 'q-order' });
  const limit = h('input', { type: 'number', min: '1', testid: 'q-limit', inputmode: 'numeric' });
  const consistent = h('input', { type: 'checkbox', testid: 'q-consistent', id: 'q-consistent' });
  const consistentLabel = h('label', { for: 'q-consistent', class: 'check' }, consistent, ' Consistent read');
  const run = h('button', { type: 'submit', class: 'primary', testid: 'q-run' }, 'Run query');
  const out = h('div', { testid: 'q-result', 'aria-live': 'polite' });

  // Labels, types and availability follow the chosen table or index.
  let keys;
  const syncTarget = () => {
    const index = findIndex(table, target.value);
    const [hash, range] = keyNames((index || table).KeySchema);
    keys = { hash, range, hashType: attributeType(table, hash), rangeType: range ? attributeType(table, range) : null };
    pkField.querySelector('label').textContent = `Partition key: ${hash} (${keys.hashType})`;
    skOpField.querySelector('label').textContent = range ? `Sort key: ${range} (${keys.rangeType})` : 'Sort key: none';
    skOp.disabled = !range;
    if (!range) skOp.value = '';
    consistent.disabled = index?.kind === 'GSI';
    if (consistent.disabled) consistent.checked = false;
    consistentLabel.title = consistent.disabled ? 'Global secondary indexes do not support consistent reads' : '';
    syncSort();
  };
  const syncSort = () => {
    skField.hidden = !skOp.value;
    sk2Field.hidden = skOp.value !== 'BETWEEN';
  };
  target.addEventListener('change', () => {
    const hash = target.value ? hashFor('table', name, 'query', target.value) : hashFor('table', name, 'query');
    history.replaceState(null, '', hash);
    syncTarget();
  });
  skOp.addEventListener('change', syncSort);
  const renumber = () => [...filters.children].forEach((r, i) => { r.querySelector('legend').textContent = `Filter condition ${i + 1}`; });
  addFilter.addEventListener('click', () => {
    const row = filterRow(filters.children.length + 1, renumber);
    filters.appendChild(row);
    row.focusFirst();
  });

  // The request of the last Run, and the start keys of its pages so far.
  let base = null;
  let starts = [];

  const showPage = async () => {
    // A later page adds ExclusiveStartKey (before ReturnConsumedCapacity,
    // which stays last in the request shown).
    const start = starts[starts.length - 1];
    const { ReturnConsumedCapacity, ...rest } = base;
    const req = start ? { ...rest, ExclusiveStartKey: start, ReturnConsumedCapacity } : { ...base };
    const panel = requestPanel('Query', req, 'q-request');
    replace(out, panel, loading('Querying…'));
    let res;
    try {
      res = await call('Query', req);
    } catch (err) {
      if (ctx.alive()) replace(out, panel, errorBox(err));
      return;
    }
    if (!ctx.alive()) return;
    const { data, ms } = res;
    const prev = h('button', { type: 'button', testid: 'q-prev', disabled: starts.length <= 1 }, '← Previous page');
    const next = h('button', { type: 'button', testid: 'q-next', disabled: !data.LastEvaluatedKey }, 'Next page →');
    prev.addEventListener('click', () => { starts.pop(); showPage(); });
    next.addEventListener('click', () => { starts.push(data.LastEvaluatedKey); showPage(); });
    const index = findIndex(table, req.IndexName);
    const done = (message) => { replace(out, notice(message, 'ok', 'items-message')); showPage(); };
    const fail = (err) => out.prepend(errorBox(err));
    replace(out,
      panel,
      metrics({ ms, capacity: data.ConsumedCapacity, count: data.Count, scanned: data.ScannedCount }),
      h('div', { class: 'pager' }, prev, h('span', { testid: 'q-page' }, `Page ${starts.length}`), next),
      data.LastEvaluatedKey
        ? h('p', { class: 'hint', testid: 'q-last-key' }, 'LastEvaluatedKey: ', h('code', {}, JSON.stringify(data.LastEvaluatedKey)))
        : null,
      itemsView(data.Items || [], keyColumns(table, index), {
        actions: req.ProjectionExpression ? null : (item) => itemActions(table, item, done, fail),
        testid: 'q-items',
      }));
  };

  const form = h('form', { class: 'form', testid: 'query-form' },
    h('div', { class: 'row' }, field('Table or index', target)),
    h('div', { class: 'row' }, pkField),
    h('div', { class: 'row' }, skOpField, skField, sk2Field),
    filters,
    h('div', { class: 'buttons' }, addFilter),
    h('div', { class: 'row' }, field('Projection (attribute names, comma-separated)', projection)),
    h('div', { class: 'row' }, field('Order', order), field('Limit', limit), consistentLabel),
    h('div', { class: 'buttons' }, run));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    try {
      base = buildQuery({
        tableName: name,
        indexName: target.value,
        pkName: keys.hash, pkType: keys.hashType, pkValue: pkValue.value,
        skName: keys.range, skType: keys.rangeType, skOp: skOp.value, skValue: skValue.value, skValue2: skValue2.value,
        filters: [...filters.children].map((r) => r.read()),
        projection: projection.value,
        descending: order.value === 'desc',
        limit: limit.value,
        consistentRead: consistent.checked && !consistent.disabled,
      });
    } catch (err) {
      replace(out, errorBox(err));
      return;
    }
    starts = [undefined];
    showPage();
  });

  replace(app, ...tableHeading(name, 'query'), form, out);
  syncTarget();
  pkValue.focus();
}
