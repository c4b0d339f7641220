// One table's page: its description and settings, its indexes (add and
// delete a GSI with UpdateTable), and deleting the table.

import { call } from './api.js';
import { hashFor, navigate } from './nav.js';
import { busy, confirmDialog, dl, errorBox, h, loading, notice, replace, requestPanel } from './ui.js';
import { formatBytes, keyNames } from './values.js';
import {
  billingText, gsiFieldset, keySchemaText, loadTableInfo, mergeDefinitions, pitrText, projectionText,
  sseText, streamText, tagsText, ttlText,
} from './view_tables.js';

// The navigation between a table's pages.
export function tableTabs(name, active) {
  const tabs = [
    ['overview', 'Overview', hashFor('table', name)],
    ['items', 'Items', hashFor('table', name, 'items')],
    ['query', 'Query', hashFor('table', name, 'query')],
    ['stream', 'Stream', hashFor('table', name, 'stream')],
  ];
  return h('nav', { class: 'tabs', 'aria-label': `Table ${name}` },
    tabs.map(([id, text, href]) => h('a', {
      href, testid: `tab-${id}`, 'aria-current': id === active ? 'page' : null,
    }, text)));
}

export function tableHeading(name, active) {
  return [
    h('p', { class: 'crumbs' }, h('a', { href: '#/tables' }, 'Tables'), ' / '),
    h('h1', { testid: 'table-title' }, name),
    tableTabs(name, active),
  ];
}

const POLL_MS = 1000;

export async function renderTable(app, { table: name }, ctx) {
  document.title = `${name} · dynarock console`;
  const info = h('div', { testid: 'table-info' }, loading());
  const actions = h('div', { testid: 'table-actions' });
  replace(app, ...tableHeading(name, 'overview'), info, actions);

  let timer = null;
  ctx.onLeave(() => clearTimeout(timer));

  const load = async () => {
    let data;
    try {
      data = await loadTableInfo(name);
    } catch (err) {
      if (ctx.alive()) replace(info, errorBox(err));
      return null;
    }
    if (!ctx.alive()) return null;
    replace(info, describe(data));
    const settling = data.table.TableStatus !== 'ACTIVE' ||
      (data.table.GlobalSecondaryIndexes || []).some((i) => i.IndexStatus !== 'ACTIVE');
    clearTimeout(timer);
    if (settling) timer = setTimeout(load, POLL_MS);
    return data;
  };

  const data = await load();
  if (!data || !ctx.alive()) return;
  replace(actions, addIndexSection(data.table, ctx), deleteTableSection(name, ctx));
}

function describe({ table, ttl, backups, tags }) {
  const [hash, range] = keyNames(table.KeySchema);
  const type = (n) => table.AttributeDefinitions.find((d) => d.AttributeName === n)?.AttributeType;
  const streamArn = table.LatestStreamArn;
  const overview = h('section', { 'aria-labelledby': 'ov-h' },
    h('h2', { id: 'ov-h' }, 'Overview'),
    dl([
      ['Status', table.TableStatus, 'd-status'],
      ['ARN', h('code', {}, table.TableArn), 'd-arn'],
      ['Partition key', `${hash} (${type(hash)})`, 'd-partition-key'],
      ['Sort key', range ? `${range} (${type(range)})` : 'None', 'd-sort-key'],
      ['Item count', String(table.ItemCount), 'd-item-count'],
      ['Table size', `${formatBytes(table.TableSizeBytes)} (${table.TableSizeBytes} bytes)`, 'd-size'],
      ['Created', table.CreationDateTime ? new Date(table.CreationDateTime * 1000).toISOString() : '', 'd-created'],
    ], 'table-overview'));
  const settings = h('section', { 'aria-labelledby': 'st-h' },
    h('h2', { id: 'st-h' }, 'Settings'),
    dl([
      ['Capacity mode', billingText(table), 'd-billing'],
      ['Time to live', ttlText(ttl), 'd-ttl'],
      ['Stream', streamText(table), 'd-stream'],
      streamArn ? ['Latest stream', h('a', { href: hashFor('table', table.TableName, 'stream') }, streamArn), 'd-stream-arn'] : null,
      ['Point-in-time recovery', pitrText(backups), 'd-pitr'],
      ['Encryption', sseText(table), 'd-sse'],
      ['Deletion protection', table.DeletionProtectionEnabled ? 'On' : 'Off', 'd-deletion-protection'],
      ['Tags', tagsText(tags), 'd-tags'],
    ], 'table-settings'));
  return h('div', {}, h('div', { class: 'columns' }, overview, settings), indexesSection(table));
}

function indexesSection(table) {
  const all = [
    ...(table.GlobalSecondaryIndexes || []).map((i) => ({ ...i, kind: 'GSI' })),
    ...(table.LocalSecondaryIndexes || []).map((i) => ({ ...i, kind: 'LSI' })),
  ];
  const section = h('section', { 'aria-labelledby': 'ix-h' }, h('h2', { id: 'ix-h' }, 'Indexes'));
  if (all.length === 0) {
    section.appendChild(h('p', { class: 'empty', testid: 'indexes-empty' }, 'This table has no secondary indexes.'));
    return section;
  }
  const rows = all.map((i) => {
    const del = i.kind === 'GSI'
      ? h('button', { type: 'button', class: 'small danger', testid: 'delete-gsi' }, 'Delete')
      : null;
    if (del) {
      del.addEventListener('click', async () => {
        const ok = await confirmDialog({
          title: `Delete index ${i.IndexName}?`,
          message: `UpdateTable deletes the global secondary index ${i.IndexName} of ${table.TableName}. The table's items stay.`,
          confirmLabel: 'Delete index',
        });
        if (!ok) return;
        const out = document.querySelector('[data-testid="index-result"]');
        try {
          await call('UpdateTable', {
            TableName: table.TableName,
            GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: i.IndexName } }],
          });
          navigate(hashFor('table', table.TableName));
        } catch (err) {
          if (out) replace(out, errorBox(err));
        }
      });
    }
    return h('tr', { testid: `index-row-${i.IndexName}` },
      h('th', { scope: 'row' }, i.IndexName),
      h('td', {}, i.kind),
      h('td', { testid: 'ix-keys' }, keySchemaText(table, i.KeySchema)),
      h('td', { testid: 'ix-projection' }, projectionText(i.Projection)),
      h('td', { testid: 'ix-status' }, i.IndexStatus ?? 'ACTIVE'),
      h('td', { class: 'num', testid: 'ix-item-count' }, String(i.ItemCount ?? '')),
      h('td', { class: 'num' }, formatBytes(i.IndexSizeBytes)),
      h('td', { class: 'actions' },
        h('a', { href: hashFor('table', table.TableName, 'items', i.IndexName), class: 'button small' }, 'Items'),
        h('a', { href: hashFor('table', table.TableName, 'query', i.IndexName), class: 'button small' }, 'Query'),
        del));
  });
  section.appendChild(h('div', { class: 'grid-wrap' }, h('table', { class: 'grid', testid: 'indexes' },
    h('thead', {}, h('tr', {}, ...['Name', 'Type', 'Key', 'Projection', 'Status', 'Items', 'Size', ''].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, rows))));
  section.appendChild(h('div', { testid: 'index-result', 'aria-live': 'polite' }));
  return section;
}

function addIndexSection(table, ctx) {
  const fs = gsiFieldset({ removable: false });
  const submit = h('button', { type: 'submit', class: 'primary', testid: 'add-gsi-submit' }, 'Create index');
  const result = h('div', { testid: 'add-gsi-result', 'aria-live': 'polite' });
  const form = h('form', { class: 'form', testid: 'add-gsi-form' }, fs, h('div', { class: 'buttons' }, submit), result);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const { index, attributes } = fs.read();
    const provisioned = table.BillingModeSummary?.BillingMode !== 'PAY_PER_REQUEST';
    if (provisioned) {
      index.ProvisionedThroughput = {
        ReadCapacityUnits: table.ProvisionedThroughput?.ReadCapacityUnits || 1,
        WriteCapacityUnits: table.ProvisionedThroughput?.WriteCapacityUnits || 1,
      };
    }
    const req = {
      TableName: table.TableName,
      AttributeDefinitions: mergeDefinitions([...table.AttributeDefinitions, ...attributes]),
      GlobalSecondaryIndexUpdates: [{ Create: index }],
    };
    await busy(submit, async () => {
      replace(result, loading('Creating the index…'));
      try {
        await call('UpdateTable', req);
        if (!ctx.alive()) return;
        navigate(hashFor('table', table.TableName));
      } catch (err) {
        if (ctx.alive()) replace(result, errorBox(err), requestPanel('UpdateTable', req, 'add-gsi-request'));
      }
    });
  });
  return h('details', { class: 'box', testid: 'add-gsi' },
    h('summary', { testid: 'add-gsi-toggle' }, 'Add a global secondary index'),
    notice('UpdateTable with GlobalSecondaryIndexUpdates Create; the index fills from the table\'s items.'),
    form);
}

function deleteTableSection(name, ctx) {
  const button = h('button', { type: 'button', class: 'danger', testid: 'delete-table' }, 'Delete table');
  const result = h('div', { testid: 'delete-table-result', 'aria-live': 'polite' });
  button.addEventListener('click', async () => {
    const ok = await confirmDialog({
      title: `Delete table ${name}?`,
      message: `DeleteTable removes ${name} and all its items, indexes and stream. This cannot be undone.`,
      confirmLabel: 'Delete table',
    });
    if (!ok) return;
    await busy(button, async () => {
      try {
        await call('DeleteTable', { TableName: name });
        if (ctx.alive()) navigate('#/tables');
      } catch (err) {
        if (ctx.alive()) replace(result, errorBox(err));
      }
    });
  });
  return h('section', { class: 'box danger-zone', 'aria-labelledby': 'dz-h' },
    h('h2', { id: 'dz-h' }, 'Delete table'), button, result);
}
