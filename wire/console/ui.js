// Building blocks of the console's pages: an element builder, dialogs,
// error and request panels, and the items grid.

import { ApiError } from './api.js';
import { formatValue, typeOf } from './values.js';

// h('button', {class: 'x', onclick: f, dataset: {testid: 'y'}}, 'text', child...)
// creates an element. Attributes: `class`, `dataset`, `on*` handlers,
// boolean properties (disabled, checked...), anything else as an attribute.
// Children: strings, nodes, arrays, null/false (skipped).
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') el.className = value;
    else if (name === 'dataset') Object.assign(el.dataset, value);
    else if (name === 'testid') el.dataset.testid = value;
    else if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else if (name === 'value') el.value = value;
    else if (value === true) el.setAttribute(name, '');
    else el.setAttribute(name, String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else if (child instanceof Node) el.appendChild(child);
    else el.appendChild(document.createTextNode(String(child)));
  }
}

let idCounter = 0;
export function uid(prefix = 'f') {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

// A labelled control: <div class="field"><label for=id>text</label>control</div>.
export function field(label, control, hint) {
  if (!control.id) control.id = uid('in');
  return h('div', { class: 'field' },
    h('label', { for: control.id }, label),
    control,
    hint ? h('small', { class: 'hint' }, hint) : null);
}

export function select(options, attrs = {}) {
  const el = h('select', attrs);
  for (const opt of options) {
    const [value, text] = Array.isArray(opt) ? opt : [opt, opt];
    el.appendChild(h('option', { value }, text));
  }
  if (attrs.value !== undefined) el.value = attrs.value;
  return el;
}

// Replaces the contents of `el`.
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

// --- errors and notices ------------------------------------------------------

// A server (or other) error as shown in a page: the error type and the
// message, verbatim.
export function errorBox(err) {
  const isApi = err instanceof ApiError;
  const type = isApi ? err.type : (err && err.name) || 'Error';
  const message = err && err.message !== undefined ? err.message : String(err);
  return h('div', { class: 'error', role: 'alert', testid: 'error' },
    h('strong', { class: 'error-type', testid: 'error-type', title: isApi ? err.fullType : null }, type),
    ': ',
    h('span', { class: 'error-message', testid: 'error-message' }, message));
}

export function notice(text, kind = 'info', testid = 'notice') {
  return h('div', { class: `notice notice-${kind}`, role: 'status', testid }, text);
}

export function loading(text = 'Loading…') {
  return h('p', { class: 'loading', 'aria-busy': 'true' }, text);
}

// --- the request panel -------------------------------------------------------

// Copies text to the clipboard; falls back to selecting it in `pre`.
async function copyText(text, pre, button) {
  try {
    await navigator.clipboard.writeText(text);
    button.textContent = 'Copied';
  } catch {
    const range = document.createRange();
    range.selectNodeContents(pre);
    const sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
    try {
      document.execCommand('copy');
      button.textContent = 'Copied';
    } catch {
      button.textContent = 'Selected: press Ctrl+C';
    }
  }
  setTimeout(() => { button.textContent = 'Copy'; }, 1500);
}

// The exact request an operation sent: its target and JSON body in a
// <pre>, with a Copy button.
export function requestPanel(operation, body, testid = 'request') {
  const text = JSON.stringify(body, null, 2);
  const pre = h('pre', { class: 'json', testid: `${testid}-json`, tabindex: '0' }, text);
  const button = h('button', { type: 'button', class: 'small', testid: `${testid}-copy` }, 'Copy');
  button.addEventListener('click', () => copyText(text, pre, button));
  return h('section', { class: 'request', testid, 'aria-label': 'Request' },
    h('div', { class: 'panel-head' },
      h('h3', {}, 'Request ', h('code', { testid: `${testid}-operation` }, operation)),
      button),
    pre);
}

// Latency and consumed capacity of an answer.
export function metrics({ ms, capacity, count, scanned }) {
  const parts = [
    h('span', { testid: 'latency' }, `${ms.toFixed(1)} ms`),
  ];
  if (count !== undefined) parts.push(h('span', { testid: 'count' }, `Count ${count}`));
  if (scanned !== undefined) parts.push(h('span', { testid: 'scanned-count' }, `ScannedCount ${scanned}`));
  parts.push(h('span', { testid: 'consumed-capacity' },
    capacity ? `ConsumedCapacity ${JSON.stringify(capacity)}` : 'ConsumedCapacity: not returned'));
  return h('p', { class: 'metrics', testid: 'metrics' }, ...parts.map((p, i) => (i ? [' · ', p] : p)));
}

// --- dialogs ---------------------------------------------------------------------

// Opens a modal <dialog> with a title, a body and buttons; Escape closes it
// (the browser's own handling of a modal dialog). Returns the dialog; it
// removes itself from the page when closed.
export function openDialog({ title, body, testid = 'dialog', wide = false, onClose }) {
  const titleId = uid('dlg');
  const dlg = h('dialog', { class: wide ? 'wide' : '', testid, 'aria-labelledby': titleId },
    h('h2', { id: titleId }, title),
    body);
  dlg.addEventListener('close', () => {
    dlg.remove();
    if (onClose) onClose(dlg.returnValue);
  });
  document.body.appendChild(dlg);
  dlg.showModal();
  return dlg;
}

// Asks to confirm an action. Resolves true when confirmed. The confirm
// button is focused last-resort: Cancel has the focus first.
export function confirmDialog({ title, message, confirmLabel = 'Delete', danger = true }) {
  return new Promise((resolve) => {
    let confirmed = false;
    const cancel = h('button', { type: 'button', testid: 'confirm-cancel' }, 'Cancel');
    const ok = h('button', { type: 'submit', class: danger ? 'danger' : 'primary', testid: 'confirm-ok' },
      confirmLabel);
    const form = h('form', { method: 'dialog' },
      h('p', { testid: 'confirm-message' }, message),
      h('div', { class: 'buttons' }, cancel, ok));
    const dlg = openDialog({
      title, body: form, testid: 'confirm-dialog',
      onClose: () => resolve(confirmed),
    });
    form.addEventListener('submit', () => { confirmed = true; });
    cancel.addEventListener('click', () => dlg.close());
    cancel.focus();
  });
}

// --- the items grid -------------------------------------------------------------

// The column order for items: the key attributes first, then the other
// attribute names seen in the items, alphabetically.
export function columnsFor(items, keyAttributes) {
  const seen = new Set();
  for (const item of items) for (const name of Object.keys(item)) seen.add(name);
  const keys = keyAttributes.filter((k, i) => keyAttributes.indexOf(k) === i);
  const rest = [...seen].filter((n) => !keys.includes(n)).sort();
  return [...keys, ...rest];
}

// One cell: the value as readable text, its type as a data attribute (the
// style sheet shows it), the full value as a tooltip.
export function valueCell(value) {
  if (value === undefined) return h('td', { class: 'absent' });
  const text = formatValue(value);
  const type = typeOf(value) || '?';
  return h('td', { 'data-type': type, title: `${type}: ${text}` }, h('span', { class: 'v' }, text));
}

// A table of items with columns as columnsFor() orders them, and for each
// row the buttons `actions(item)` returns.
export function itemsTable(items, keyAttributes, { actions, testid = 'items' } = {}) {
  const columns = columnsFor(items, keyAttributes);
  const head = h('tr', {},
    ...columns.map((c) => h('th', { scope: 'col', class: keyAttributes.includes(c) ? 'key' : null }, c)),
    actions ? h('th', { scope: 'col', class: 'actions' }, h('span', { class: 'sr-only' }, 'Actions')) : null);
  const rows = items.map((item) => h('tr', {},
    ...columns.map((c) => valueCell(item[c])),
    actions ? h('td', { class: 'actions' }, actions(item)) : null));
  return h('div', { class: 'grid-wrap' },
    h('table', { class: 'grid', testid },
      h('thead', {}, head),
      h('tbody', {}, rows)));
}

// Items as a grid, with a toggle to their exact DynamoDB JSON.
export function itemsView(items, keyAttributes, { actions, testid = 'items' } = {}) {
  const holder = h('div', { class: 'items-view' });
  if (items.length === 0) {
    holder.appendChild(h('p', { class: 'empty', testid: `${testid}-empty` }, 'No items.'));
  }
  const grid = items.length ? itemsTable(items, keyAttributes, { actions, testid }) : null;
  const json = h('pre', { class: 'json', testid: `${testid}-json`, hidden: true, tabindex: '0' },
    JSON.stringify(items, null, 2));
  const toggle = h('button', { type: 'button', class: 'small', testid: `${testid}-toggle-json`,
    'aria-pressed': 'false' }, 'Show JSON');
  toggle.addEventListener('click', () => {
    const showJson = json.hidden;
    json.hidden = !showJson;
    if (grid) grid.hidden = showJson;
    toggle.textContent = showJson ? 'Show table' : 'Show JSON';
    toggle.setAttribute('aria-pressed', String(showJson));
  });
  holder.prepend(h('div', { class: 'toolbar' }, toggle));
  if (grid) holder.appendChild(grid);
  holder.appendChild(json);
  return holder;
}

// A definition list from [term, description] pairs.
export function dl(pairs, testid) {
  return h('dl', { class: 'props', testid },
    ...pairs.filter(Boolean).map(([t, d, id]) => [
      h('dt', {}, t),
      h('dd', { testid: id }, d),
    ]));
}

// Runs `work` with the button disabled, so that a double click sends one
// request.
export async function busy(button, work) {
  const was = button.disabled;
  button.disabled = true;
  try {
    return await work();
  } finally {
    button.disabled = was;
  }
}
