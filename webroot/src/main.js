// The app shell and client-side router. Every page's state lives in the URL (path and query string), so a reload
// or a shared link shows the same view. A page module exports mount(root, ctx) → {update?(ctx), unmount()}; ctx is
// {path, params, query: URLSearchParams, navigate(url, {replace}), showEvent(id)}. Navigating within the same page
// (same path parameters) calls update(ctx) when the page has it, else the page is mounted anew. The `event` query
// parameter, on any page, opens the event drawer.
import './styles.css';
import { ApiError, apiDelete, apiPost, onUnauthorized } from './api.js';
import { h, entityPath, replace } from './dom.js';
import { closeEventDrawer, openEventDrawer } from './events.js';
import * as backtests from './pages/backtests.js';
import * as dashboard from './pages/dashboard.js';
import * as detections from './pages/detections.js';
import * as entity from './pages/entity.js';
import * as quality from './pages/quality.js';
import * as scoreboard from './pages/scoreboard.js';
import * as search from './pages/search.js';

const ROUTES = [
  { pattern: /^\/$/, page: dashboard, nav: 'dashboard', title: 'Dashboard' },
  { pattern: /^\/search\/?$/, page: search, nav: 'search', title: 'Search' },
  { pattern: /^\/quality\/?$/, page: quality, nav: 'quality', title: 'Data quality' },
  { pattern: /^\/detections\/?$/, page: detections, nav: 'detections', title: 'Detections' },
  { pattern: /^\/scoreboard\/?$/, page: scoreboard, nav: 'scoreboard', title: 'Scoreboard' },
  { pattern: /^\/backtests\/?$/, page: backtests, nav: 'backtests', title: 'Backtests' },
  { pattern: /^\/backtests\/([^/]+)$/, page: backtests, nav: 'backtests', title: 'Backtest', params: ['id'] },
  { pattern: /^\/entity\/([^/]+)\/(.+)$/, page: entity, nav: null, title: 'Entity', params: ['kind', 'value'] },
];

const notFound = {
  mount(root, ctx) {
    root.appendChild(h('section', { class: 'panel' },
      h('h2', null, 'Not found'),
      h('p', null, 'Nothing lives at ', h('code', null, ctx.path), '. ', h('a', { href: '/' }, 'Back to the dashboard'), '.')));
    return { unmount() {} };
  },
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const CIDR = /^[0-9a-f:.]+\/\d{1,3}$/i;
const ASN = /^AS\d{1,10}$/i;

/** What a pasted value looks like: a user id, an IP, an email, a network (CIDR) or an AS (AS15169); null otherwise. */
function entityKindOf(value) {
  if (UUID.test(value)) {
    return 'user';
  }
  if (CIDR.test(value)) {
    return 'prefix';
  }
  if (ASN.test(value)) {
    return 'asn';
  }
  if (IPV4.test(value) || (value.includes(':') && /^[0-9a-f:.]+$/i.test(value))) {
    return 'ip';
  }
  if (EMAIL.test(value)) {
    return 'email';
  }
  return null;
}

const navLinks = {
  dashboard: h('a', { href: '/', class: 'nav-link' }, 'Dashboard'),
  search: h('a', { href: '/search', class: 'nav-link' }, 'Search'),
  quality: h('a', { href: '/quality', class: 'nav-link' }, 'Data quality'),
  detections: h('a', { href: '/detections', class: 'nav-link', id: 'nav-detections' }, 'Detections'),
  scoreboard: h('a', { href: '/scoreboard', class: 'nav-link', id: 'nav-scoreboard' }, 'Scoreboard'),
  backtests: h('a', { href: '/backtests', class: 'nav-link' }, 'Backtests'),
};

const lookupInput = h('input', {
  type: 'search', class: 'lookup', placeholder: 'Jump to user id, IP, email, AS15169 or 203.0.113.0/24…', 'aria-label': 'Entity lookup',
  spellcheck: 'false', autocomplete: 'off',
});
const lookupForm = h('form', {
  class: 'lookup-form',
  onsubmit: (submit) => {
    submit.preventDefault();
    const value = lookupInput.value.trim();
    if (!value) {
      return;
    }
    const kind = entityKindOf(value);
    lookupInput.value = '';
    if (kind) {
      navigate(entityPath(kind, kind === 'asn' ? value.slice(2) : value));
    } else {
      navigate(`/search?q=${encodeURIComponent(value)}`);
    }
  },
}, lookupInput);

// Sign-in, shown only when the API answers 401 for want of an API key (web.apiKeys is set).
const apiKeyInput = h('input', { id: 'api-key-input', type: 'password', placeholder: 'API key', autocomplete: 'off',
  spellcheck: 'false', 'aria-label': 'API key' });
const signInMessage = h('span', { class: 'signin-message', role: 'alert' });
const signIn = h('form', { id: 'signin', class: 'signin', hidden: true, onsubmit: async (submit) => {
  submit.preventDefault();
  const apiKey = apiKeyInput.value.trim();
  if (!apiKey) {
    apiKeyInput.focus();
    return;
  }
  replace(signInMessage, 'Signing in…');
  try {
    const answer = await apiPost('/api/v1/session', { apiKey });
    apiKeyInput.value = '';
    signIn.hidden = true;
    replace(signInMessage);
    replace(sessionBox, answer.required ? [h('span', { class: 'muted' }, `signed in as ${answer.client ?? '?'} · `),
      h('button', { type: 'button', class: 'btn-link', onclick: signOut }, 'sign out')] : null);
    render({ remount: true });
  } catch (failure) {
    apiKeyInput.value = '';
    apiKeyInput.focus();
    replace(signInMessage, h('span', { class: 'error-text' }, failure.message ?? String(failure)));
  }
} },
h('strong', null, 'This API needs a key.'), ' Enter one of the service\'s API keys to open a session:',
apiKeyInput, h('button', { id: 'api-key-save', type: 'submit', class: 'btn btn-primary btn-small' }, 'Sign in'),
signInMessage);
const sessionBox = h('span', { class: 'session-box' });

async function signOut() {
  try {
    await apiDelete('/api/v1/session');
  } catch (failure) {
    if (!(failure instanceof ApiError)) {
      throw failure;
    }
  }
  replace(sessionBox);
  render({ remount: true });
}

onUnauthorized(() => {
  if (signIn.hidden) {
    signIn.hidden = false;
    apiKeyInput.focus();
  }
});

const pageRoot = h('main', { id: 'page', class: 'page' });
const shell = h('div', { class: 'shell' },
  h('header', { class: 'topbar' },
    h('a', { href: '/', class: 'brand' }, h('span', { class: 'brand-mark' }, 'ts'), 'tspipe'),
    h('nav', { class: 'nav' }, Object.values(navLinks)),
    h('span', { class: 'spacer' }),
    sessionBox,
    lookupForm),
  signIn,
  pageRoot);

let current = null; // {route, instance}

function match(path) {
  for (const route of ROUTES) {
    const found = route.pattern.exec(path);
    if (found) {
      const params = {};
      (route.params ?? []).forEach((name, i) => {
        try {
          params[name] = decodeURIComponent(found[i + 1]);
        } catch {
          params[name] = found[i + 1];
        }
      });
      return { route, params };
    }
  }
  return { route: { page: notFound, nav: null, title: 'Not found' }, params: {} };
}

/** Goes to `url` (a path with its query string): pushes a history entry unless replace is set, then renders. */
function navigate(url, { replace = false } = {}) {
  const target = new URL(url, location.origin);
  const next = target.pathname + target.search + target.hash;
  if (next !== location.pathname + location.search + location.hash) {
    history[replace ? 'replaceState' : 'pushState'](null, '', next);
  }
  render();
}

function render({ remount = false } = {}) {
  const path = location.pathname;
  const query = new URLSearchParams(location.search);
  const { route, params } = match(path);
  const ctx = { path, params, query, navigate, showEvent };
  for (const [name, link] of Object.entries(navLinks)) {
    link.classList.toggle('active', name === route.nav);
  }
  document.title = `${route.title} · tspipe`;
  if (!remount && current && current.route.page === route.page && current.instance.update
    && JSON.stringify(current.params) === JSON.stringify(params)) {
    current.instance.update(ctx);
  } else {
    if (current) {
      current.instance.unmount();
    }
    pageRoot.replaceChildren();
    window.scrollTo(0, 0);
    current = { route, params, instance: route.page.mount(pageRoot, ctx) };
  }
  const eventId = query.get('event');
  if (eventId) {
    openEventDrawer(eventId, () => {
      const without = new URLSearchParams(location.search);
      without.delete('event');
      const rest = without.toString();
      navigate(location.pathname + (rest ? `?${rest}` : ''), { replace: true });
    });
  } else {
    closeEventDrawer();
  }
}

/** Opens the event drawer on `id` by putting it into the current URL (so the open drawer can be shared). */
function showEvent(id) {
  const next = new URLSearchParams(location.search);
  next.set('event', id);
  navigate(`${location.pathname}?${next}`);
}

document.addEventListener('click', (click) => {
  if (click.defaultPrevented || click.button !== 0 || click.metaKey || click.ctrlKey || click.shiftKey || click.altKey) {
    return;
  }
  const link = click.target.closest('a');
  if (!link || link.target || link.hasAttribute('download') || !link.href) {
    return;
  }
  const url = new URL(link.href);
  if (url.origin !== location.origin || url.pathname.startsWith('/api/') || url.pathname.startsWith('/health/')) {
    return;
  }
  click.preventDefault();
  navigate(url.pathname + url.search + url.hash);
});

window.addEventListener('popstate', () => render());

document.getElementById('app').replaceChildren(shell);
render();
