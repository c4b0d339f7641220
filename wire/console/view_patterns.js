// The access patterns page: the Makeriess design's sixteen access
// patterns, each with an input for its parameter (a default found in a
// sample of the table's items) and a Run button that shows the request,
// the items, the consumed capacity and the latency.

import { call, request, tableExists } from './api.js';
import { hashFor } from './nav.js';
import { errorBox, field, h, itemsView, loading, metrics, notice, replace, requestPanel } from './ui.js';
import { PATTERNS, TABLE, defaultsFrom, indexKeys, keyCondition, patternRequest } from './patterns.js';

const SAMPLE_SIZE = 1000;
const SAMPLE_ATTRIBUTES = ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK'];

// One page of the table's keys, to choose default parameters from.
async function sample() {
  const names = Object.fromEntries(SAMPLE_ATTRIBUTES.map((n, i) => [`#k${i}`, n]));
  const page = await request('Scan', {
    TableName: TABLE,
    Limit: SAMPLE_SIZE,
    ProjectionExpression: Object.keys(names).join(', '),
    ExpressionAttributeNames: names,
  });
  return page.Items || [];
}

function patternCard(pattern, defaultParam) {
  const id = `pattern-${pattern.id}`;
  const param = h('input', { type: 'text', testid: `${id}-param`, autocomplete: 'off', value: defaultParam });
  const limit = pattern.op === 'query'
    ? h('input', { type: 'number', min: '1', testid: `${id}-limit`, inputmode: 'numeric' })
    : null;
  const run = h('button', { type: 'submit', class: 'primary', testid: `${id}-run` }, 'Run');
  const out = h('div', { testid: `${id}-result`, 'aria-live': 'polite' });
  const describe = pattern.op === 'get'
    ? `GetItem on the table: PK = ${pattern.prefix}<${pattern.param}>, SK = METADATA`
    : `Query ${pattern.index ? `index ${pattern.index}` : 'the table'}: ${keyCondition(pattern)}` +
      (pattern.sort ? ` with :sk = ${pattern.sortValue}` : '') + (pattern.descending ? ', newest first' : '');

  let starts = [];
  const show = async () => {
    const { operation, body } = patternRequest(pattern, param.value, {
      limit: limit && limit.value ? Number(limit.value) : undefined,
      start: starts[starts.length - 1],
    });
    const panel = requestPanel(operation, body, 'p-request');
    replace(out, panel, loading('Running…'));
    let res;
    try {
      res = await call(operation, body);
    } catch (err) {
      replace(out, panel, errorBox(err));
      return;
    }
    const { data, ms } = res;
    const items = operation === 'GetItem' ? (data.Item ? [data.Item] : []) : (data.Items || []);
    const keyCols = [...indexKeys(pattern), 'PK', 'SK'];
    let pager = null;
    if (operation === 'Query' && (data.LastEvaluatedKey || starts.length > 1)) {
      const prev = h('button', { type: 'button', testid: 'p-prev', disabled: starts.length <= 1 }, '← Previous page');
      const next = h('button', { type: 'button', testid: 'p-next', disabled: !data.LastEvaluatedKey }, 'Next page →');
      prev.addEventListener('click', () => { starts.pop(); show(); });
      next.addEventListener('click', () => { starts.push(data.LastEvaluatedKey); show(); });
      pager = h('div', { class: 'pager' }, prev, h('span', { testid: 'p-page' }, `Page ${starts.length}`), next);
    }
    replace(out, panel,
      metrics({ ms, capacity: data.ConsumedCapacity, count: operation === 'Query' ? data.Count : undefined }),
      pager,
      itemsView(items, keyCols, { testid: 'p-items' }));
  };

  const form = h('form', { class: 'pattern-form' },
    h('div', { class: 'row' },
      field(pattern.param, pattern.prefix ? h('span', { class: 'prefixed' }, h('span', { class: 'prefix', 'aria-hidden': 'true' }, pattern.prefix), param) : param),
      limit ? field('Limit (optional)', limit) : null,
      run));
  // The field() label points at the wrapper when a prefix is shown; point
  // it at the input.
  const label = form.querySelector('label');
  if (!param.id) param.id = `${id}-param-input`;
  label.setAttribute('for', param.id);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    starts = [undefined];
    show();
  });
  return h('section', { class: 'pattern box', testid: id, 'aria-labelledby': `${id}-h` },
    h('h3', { id: `${id}-h` }, `${pattern.id}. ${pattern.name}`),
    h('p', { class: 'hint' }, `Keys: ${indexKeys(pattern).join(', ')} · Example: ${pattern.example}`),
    h('p', { class: 'hint', testid: `${id}-describe` }, describe),
    form, out);
}

export async function renderPatterns(app, _params, ctx) {
  document.title = 'Access patterns · dynarock console';
  replace(app, h('h1', {}, 'Access patterns'), loading());
  if (!(await tableExists(TABLE))) {
    if (!ctx.alive()) return;
    replace(app, h('h1', {}, 'Access patterns'),
      notice(`This page runs the single-table design's sixteen access patterns against ${TABLE}, which does not exist on this server. Create it (PK/SK, GSI1 on GSI1PK/GSI1SK, GSI2 on GSI2PK/GSI2SK, all strings) and load data to use it.`, 'info', 'patterns-missing'));
    return;
  }
  const items = await sample();
  if (!ctx.alive()) return;
  const defaults = defaultsFrom(items);
  const groups = [...new Set(PATTERNS.map((p) => p.group))];
  replace(app,
    h('h1', {}, 'Access patterns'),
    h('p', {}, 'The sixteen access patterns of the ', h('a', { href: hashFor('table', TABLE) }, TABLE),
      ` single-table design. Default parameters come from a sample of ${items.length} items (one Scan page); change them and press Run.`),
    groups.map((g) => h('section', { 'aria-labelledby': `grp-${g}` },
      h('h2', { id: `grp-${g}` }, `${g} patterns`),
      PATTERNS.filter((p) => p.group === g).map((p) => patternCard(p, defaults[p.id])))));
}
