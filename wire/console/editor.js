// The item editor: a dialog with the item as DynamoDB JSON or plain JSON
// (a toggle converts between them), saved with PutItem. The server's
// errors are shown as it sent them.

import { call } from './api.js';
import { busy, errorBox, h, notice, openDialog, replace, requestPanel, uid } from './ui.js';
import {
  formatItem, itemToDynamoText, itemToPlainText, keyNames, keyOf, parseItemText, plainJsonProblem, sameKey,
} from './values.js';

const MODE_KEY = 'dynarock-console.editor-mode';

function preferredMode() {
  try {
    return localStorage.getItem(MODE_KEY) === 'plain' ? 'plain' : 'dynamodb';
  } catch {
    return 'dynamodb';
  }
}

function rememberMode(mode) {
  try {
    localStorage.setItem(MODE_KEY, mode);
  } catch {
    // storage may be unavailable; the toggle still works for this dialog
  }
}

function itemText(item, mode) {
  return mode === 'plain' ? itemToPlainText(item) : itemToDynamoText(item);
}

// The PutItem request that saves `item`. A new item (create, clone, or an
// edit that changed the key) must not replace another item: it carries
// attribute_not_exists on the partition key.
export function putRequest(table, item, isNew) {
  const req = { TableName: table.TableName, Item: item };
  if (isNew) {
    req.ConditionExpression = 'attribute_not_exists(#pk)';
    req.ExpressionAttributeNames = { '#pk': keyNames(table.KeySchema)[0] };
  }
  return req;
}

// Opens the editor. kind: 'create' | 'edit' | 'clone'; item: the item to
// start from (the full item for edit and clone); onSaved(message) after a
// successful PutItem.
export function openItemEditor({ table, kind, item, onSaved }) {
  let mode = preferredMode();
  const original = item ? keyOf(table, item) : null;
  const keys = keyNames(table.KeySchema);
  const start = item || Object.fromEntries(keys.map((k) => {
    const type = table.AttributeDefinitions.find((d) => d.AttributeName === k)?.AttributeType ?? 'S';
    return [k, { [type]: '' }];
  }));
  if (mode === 'plain' && plainJsonProblem(start)) mode = 'dynamodb';

  const textId = uid('item');
  const text = h('textarea', {
    id: textId, class: 'code', rows: '18', spellcheck: 'false', testid: 'item-text',
    autocomplete: 'off', 'aria-describedby': `${textId}-help`,
  });
  text.value = itemText(start, mode);
  const name = uid('mode');
  const radioDynamo = h('input', { type: 'radio', name, value: 'dynamodb', id: `${name}-d`, testid: 'mode-dynamodb' });
  const radioPlain = h('input', { type: 'radio', name, value: 'plain', id: `${name}-p`, testid: 'mode-plain' });
  radioDynamo.checked = mode === 'dynamodb';
  radioPlain.checked = mode === 'plain';
  const modeNote = h('div', { testid: 'mode-note', 'aria-live': 'polite' });
  const result = h('div', { testid: 'editor-result', 'aria-live': 'polite' });
  const save = h('button', { type: 'submit', class: 'primary', testid: 'item-save' }, 'Save');
  const cancel = h('button', { type: 'button', testid: 'item-cancel' }, 'Cancel');

  const setMode = (next) => {
    if (next === mode) return;
    replace(modeNote);
    let parsed;
    try {
      parsed = parseItemText(text.value, mode);
    } catch (err) {
      replace(modeNote, notice(`Cannot convert: the text is not valid ${mode === 'plain' ? 'JSON' : 'DynamoDB JSON'} (${err.message}).`, 'warn', 'mode-error'));
      (mode === 'plain' ? radioPlain : radioDynamo).checked = true;
      return;
    }
    if (next === 'plain') {
      const problem = plainJsonProblem(parsed);
      if (problem) {
        replace(modeNote, notice(`Staying in DynamoDB JSON: ${problem}.`, 'warn', 'mode-error'));
        radioDynamo.checked = true;
        return;
      }
    }
    mode = next;
    rememberMode(mode);
    text.value = itemText(parsed, mode);
  };
  radioDynamo.addEventListener('change', () => setMode('dynamodb'));
  radioPlain.addEventListener('change', () => setMode('plain'));

  const titles = { create: 'Create item', edit: 'Edit item', clone: 'Clone item' };
  const help = {
    create: 'PutItem writes the item; it must not replace an existing item with the same key.',
    edit: `Save replaces the item (PutItem). Changing a key attribute (${keys.join(', ')}) saves a new item instead; the original item stays.`,
    clone: `A copy of the item: change its key (${keys.join(', ')}) and save it as a new item.`,
  };
  const form = h('form', { class: 'editor', testid: 'item-editor-form' },
    h('fieldset', { class: 'inline' },
      h('legend', {}, 'Format'),
      radioDynamo, h('label', { for: radioDynamo.id }, 'DynamoDB JSON ({"a": {"S": "x"}})'),
      radioPlain, h('label', { for: radioPlain.id }, 'JSON ({"a": "x", "n": 1})')),
    modeNote,
    h('label', { for: textId }, 'Item'),
    text,
    h('small', { id: `${textId}-help`, class: 'hint', testid: 'editor-help' },
      help[kind], ' In plain JSON, numbers become N, strings S, booleans BOOL, null NULL, arrays L and objects M. Ctrl+Enter saves.'),
    result,
    h('div', { class: 'buttons' }, cancel, save));

  const dlg = openDialog({ title: titles[kind], body: form, testid: 'item-editor', wide: true });
  cancel.addEventListener('click', () => dlg.close());
  text.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      form.requestSubmit();
    }
  });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    let parsed;
    try {
      parsed = parseItemText(text.value, mode);
    } catch (err) {
      replace(result, errorBox(err));
      return;
    }
    const newKey = keyOf(table, parsed);
    const keyChanged = kind === 'edit' && !sameKey(newKey, original);
    const isNew = kind !== 'edit' || keyChanged;
    const req = putRequest(table, parsed, isNew);
    await busy(save, async () => {
      try {
        await call('PutItem', req);
      } catch (err) {
        replace(result, errorBox(err), requestPanel('PutItem', req, 'editor-request'));
        return;
      }
      dlg.close();
      let message;
      if (keyChanged) {
        message = `Saved a new item ${formatItem(newKey)}: the key changed, so the original item ${formatItem(original)} still exists.`;
      } else if (kind === 'edit') {
        message = `Saved item ${formatItem(newKey)}.`;
      } else {
        message = `Created item ${formatItem(newKey)}.`;
      }
      if (onSaved) onSaved(message);
    });
  });
  text.focus();
  text.setSelectionRange(0, 0);
  text.scrollTop = 0;
  return dlg;
}
