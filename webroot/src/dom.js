// DOM building without innerHTML: every piece of API data reaches the page as a text node or an attribute value,
// so nothing in it is ever parsed as markup.

/**
 * h('a', {href, class, id, dataset: {…}, title, onclick: fn}, child, …): an element. Children may be strings and
 * numbers (text nodes), nodes, null/undefined/false (skipped) or arrays of those.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [key, value] of Object.entries(attrs)) {
      if (value === undefined || value === null || value === false) {
        continue;
      }
      if (key === 'class') {
        el.className = value;
      } else if (key === 'dataset') {
        Object.assign(el.dataset, value);
      } else if (key.startsWith('on') && typeof value === 'function') {
        el.addEventListener(key.slice(2), value);
      } else if (key === 'value' || key === 'checked' || key === 'selected' || key === 'disabled') {
        el[key] = value;
      } else {
        el.setAttribute(key, value === true ? '' : String(value));
      }
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    if (Array.isArray(child)) {
      append(el, child);
    } else if (child instanceof Node) {
      el.appendChild(child);
    } else {
      el.appendChild(document.createTextNode(String(child)));
    }
  }
}

/** Replaces the element's children. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** The SPA path of an entity profile. */
export function entityPath(kind, value) {
  return `/entity/${encodeURIComponent(kind)}/${encodeURIComponent(value)}`;
}

/** A link to an entity's profile; a dash when there is no value. */
export function entityLink(kind, value, label) {
  if (value === null || value === undefined || value === '') {
    return h('span', { class: 'muted' }, '—');
  }
  return h('a', { href: entityPath(kind, value), class: `entity entity-${kind}`, title: `${kind} ${value}` },
    label ?? String(value));
}

/** A small loading placeholder. */
export function loading(text = 'Loading…') {
  return h('div', { class: 'state state-loading' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), text);
}

/** An empty-result placeholder. */
export function empty(text) {
  return h('div', { class: 'state state-empty' }, text);
}

/** A table from column headers and rows of cells (each cell any child h() takes). */
export function table(headers, rows, attrs = {}) {
  return h('table', { class: 'grid', ...attrs },
    h('thead', null, h('tr', null, headers.map((header) => typeof header === 'string'
      ? h('th', null, header)
      : h('th', { class: header.class }, header.label)))),
    h('tbody', null, rows));
}

/** Calls `refresh` every `ms` milliseconds while the tab is visible; answers the timer, for clearInterval. */
export function whileVisible(ms, refresh) {
  return setInterval(() => {
    if (!document.hidden) {
      refresh();
    }
  }, ms);
}
