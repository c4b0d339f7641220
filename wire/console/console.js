// The console's router: hash routes (#/tables, #/table/NAME/items...) to
// the views that render into <main id="app">. Each render gets a context
// whose `alive()` turns false once the user has navigated elsewhere, so a
// slow answer never draws over a newer page.

import { h, errorBox, replace } from './ui.js';
import { onNavigate } from './nav.js';
import { renderTables, renderCreateTable } from './view_tables.js';
import { renderTable } from './view_table.js';
import { renderItems } from './view_items.js';
import { renderQuery } from './view_query.js';
import { renderStream } from './view_stream.js';
import { renderPatterns } from './view_patterns.js';

const app = document.getElementById('app');
let generation = 0;
let cleanup = null;

// Route table: a pattern of path segments (':name' captures one) and its
// view. Captured segments are URI-decoded.
const ROUTES = [
  { path: ['tables'], nav: 'tables', view: renderTables },
  { path: ['tables', 'new'], nav: 'create', view: renderCreateTable },
  { path: ['table', ':table'], nav: 'tables', view: renderTable },
  { path: ['table', ':table', 'items'], nav: 'tables', view: renderItems },
  { path: ['table', ':table', 'items', ':index'], nav: 'tables', view: renderItems },
  { path: ['table', ':table', 'query'], nav: 'tables', view: renderQuery },
  { path: ['table', ':table', 'query', ':index'], nav: 'tables', view: renderQuery },
  { path: ['table', ':table', 'stream'], nav: 'tables', view: renderStream },
  { path: ['patterns'], nav: 'patterns', view: renderPatterns },
];

function match(segments) {
  for (const route of ROUTES) {
    if (route.path.length !== segments.length) continue;
    const params = {};
    let ok = true;
    route.path.forEach((part, i) => {
      if (part.startsWith(':')) params[part.slice(1)] = segments[i];
      else if (part !== segments[i]) ok = false;
    });
    if (ok) return { route, params };
  }
  return null;
}

async function route() {
  const raw = location.hash.replace(/^#\/?/, '');
  if (raw === '') {
    history.replaceState(null, '', '#/tables');
  }
  let segments;
  try {
    segments = (raw === '' ? 'tables' : raw).split('/').filter((s) => s !== '').map(decodeURIComponent);
  } catch {
    segments = [];
  }
  if (cleanup) {
    try { cleanup(); } catch { /* a view's cleanup must not block navigation */ }
    cleanup = null;
  }
  generation += 1;
  const mine = generation;
  const ctx = {
    alive: () => mine === generation,
    onLeave: (fn) => { cleanup = fn; },
  };
  const found = match(segments);
  for (const a of document.querySelectorAll('header nav a')) {
    if (found && a.dataset.nav === found.route.nav) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  document.querySelectorAll('dialog[open]').forEach((d) => d.close());
  if (!found) {
    document.title = 'Not found · dynarock console';
    replace(app, h('h1', { tabindex: '-1' }, 'Page not found'),
      h('p', {}, 'No console page is at ', h('code', {}, location.hash), '. ',
        h('a', { href: '#/tables' }, 'Go to the tables'), '.'));
    app.dataset.ready = String(mine);
    return;
  }
  replace(app);
  try {
    await found.route.view(app, found.params, ctx);
  } catch (err) {
    if (ctx.alive()) app.appendChild(errorBox(err));
  }
  if (ctx.alive()) {
    const heading = app.querySelector('h1');
    if (heading && !app.contains(document.activeElement)) {
      heading.setAttribute('tabindex', '-1');
      heading.focus({ preventScroll: true });
    }
    app.dataset.ready = String(mine);
  }
}

document.querySelector('.skip-link')?.addEventListener('click', (e) => {
  e.preventDefault();
  app.focus();
});

onNavigate(route);
window.addEventListener('hashchange', route);
route();
