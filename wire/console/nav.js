// Links between the console's pages: hash routes such as
// #/table/NAME/items, with every segment URI-encoded.

let rerender = () => {};

// The hash of a route: hashFor('table', name, 'items') -> '#/table/NAME/items'.
export function hashFor(...parts) {
  return '#/' + parts.map((p) => encodeURIComponent(p)).join('/');
}

// Goes to `hash`; renders the page again when it is the current one.
export function navigate(hash) {
  if (location.hash === hash) rerender();
  else location.hash = hash;
}

// The router registers how to render the current page again.
export function onNavigate(fn) {
  rerender = fn;
}
