// Events as the API answers them (search hits, an entity's recent events, GET /api/v1/events/{id}): the producer's
// shape, with fields a type does not use left out and geo nested: {id, timestamp, type, schemaVersion, sourceIp,
// userId, userAgent?, action?, success?, failureReason?, geo?: {country, city, lat, lon}, method?, path?,
// statusCode?, responseTimeMs?, requestBytes?, responseBytes?, recipientEmail?, templateId?, messageId?, bounceType?}.
import { apiGet, errorBox, isAbort } from './api.js';
import { entityLink, h, loading, replace, table } from './dom.js';
import { fmtBytes, fmtJson, fmtMs, fmtTime, fmtType } from './format.js';

const HEADERS = ['Time (UTC)', 'Type', 'User', 'Source IP', 'Geo', 'What', 'Outcome', { label: 'Latency', class: 'num' }];

function outcome(event) {
  if (event.type === 'api_request') {
    const status = event.statusCode;
    const tone = status >= 500 ? 'bad' : status === 429 || status >= 400 ? 'warn' : 'ok';
    return h('span', { class: `pill pill-${tone}` }, String(status ?? '—'));
  }
  if (event.type === 'email_send') {
    if (event.success) {
      return h('span', { class: 'pill pill-ok' }, 'sent');
    }
    return h('span', { class: 'pill pill-bad', title: event.failureReason ?? '' },
      `bounced${event.bounceType && event.bounceType !== 'none' ? ` (${event.bounceType})` : ''}`);
  }
  if (event.success === false) {
    return h('span', { class: 'pill pill-bad', title: event.failureReason ?? '' },
      `failed${event.failureReason ? `: ${event.failureReason}` : ''}`);
  }
  return h('span', { class: 'pill pill-ok' }, event.success === true ? 'ok' : '—');
}

function what(event) {
  if (event.type === 'api_request') {
    return h('span', { class: 'mono' }, `${event.method ?? ''} ${event.path ?? ''}`);
  }
  if (event.type === 'email_send') {
    return h('span', null, h('span', { class: 'muted' }, `${event.templateId ?? 'email'} → `),
      entityLink('email', event.recipientEmail));
  }
  return event.action ?? '—';
}

function geo(event) {
  if (!event.geo) {
    return '—';
  }
  return [event.geo.country, event.geo.city].filter(Boolean).join(' · ') || '—';
}

/** A table row of an event; clicking it (anywhere but a link) calls onOpen(id). */
export function eventRow(event, onOpen) {
  return h('tr', {
    class: 'clickable',
    dataset: { eventId: event.id ?? '' },
    tabindex: '0',
    onclick: (click) => {
      if (!click.target.closest('a')) {
        onOpen(event.id);
      }
    },
    onkeydown: (key) => {
      if (key.key === 'Enter' && !key.target.closest('a')) {
        onOpen(event.id);
      }
    },
  },
  h('td', { class: 'nowrap mono', title: event.timestamp ?? '' }, fmtTime(event.timestamp, { millis: true }).slice(5)),
  h('td', null, h('span', { class: `type type-${event.type}` }, fmtType(event.type))),
  h('td', { class: 'mono cut cut-user' }, entityLink('user', event.userId)),
  h('td', { class: 'mono cut cut-ip' }, entityLink('ip', event.sourceIp)),
  h('td', { class: 'nowrap cut cut-geo' }, geo(event)),
  h('td', { class: 'fill' }, what(event)),
  h('td', null, outcome(event)),
  h('td', { class: 'num nowrap' }, event.type === 'api_request' ? fmtMs(event.responseTimeMs) : ''));
}

/** A table of events; `attrs` go on the <table> (id). */
export function eventsTable(events, onOpen, attrs) {
  return table(HEADERS, events.map((event) => eventRow(event, onOpen)), attrs);
}

let drawer = null;

function drawerElements() {
  if (drawer) {
    return drawer;
  }
  const title = h('h2', null, 'Event');
  const links = h('div', { class: 'drawer-links' });
  const storage = h('div', { class: 'drawer-storage' });
  const status = h('div', { class: 'drawer-status' });
  const json = h('pre', { id: 'event-drawer-json', class: 'json' });
  const closeButton = h('button', { type: 'button', class: 'btn btn-ghost', 'aria-label': 'Close', title: 'Close (Esc)' }, '✕');
  const copyButton = h('button', { type: 'button', class: 'btn btn-small' }, 'Copy JSON');
  const element = h('aside', { id: 'event-drawer', class: 'drawer', hidden: true, role: 'dialog', 'aria-label': 'Event detail' },
    h('header', { class: 'drawer-head' }, title, h('span', { class: 'spacer' }), copyButton, closeButton),
    status, links, storage, json);
  document.body.appendChild(element);
  drawer = { element, title, links, storage, status, json, closeButton, copyButton, controller: null, onClose: null, id: null };
  closeButton.addEventListener('click', () => drawer.onClose && drawer.onClose());
  copyButton.addEventListener('click', () => {
    if (navigator.clipboard && drawer.json.textContent) {
      navigator.clipboard.writeText(drawer.json.textContent).catch(() => {});
    }
  });
  document.addEventListener('keydown', (key) => {
    if (key.key === 'Escape' && !drawer.element.hidden && drawer.onClose) {
      drawer.onClose();
    }
  });
  return drawer;
}

/**
 * Opens the drawer on one stored event, read from GET /api/v1/events/{id} ({event, storage: {ingestedAt, topic,
 * partition, offset}}). onClose is called when the user closes it (the page then drops ?event= from its URL).
 */
export function openEventDrawer(id, onClose) {
  const d = drawerElements();
  d.onClose = onClose;
  d.element.hidden = false;
  document.body.classList.add('drawer-open');
  if (d.id === id) {
    return;
  }
  d.id = id;
  if (d.controller) {
    d.controller.abort();
  }
  d.controller = new AbortController();
  replace(d.title, 'Event ', h('span', { class: 'mono small' }, id));
  replace(d.status, loading('Loading the stored event…'));
  replace(d.links);
  replace(d.storage);
  d.json.textContent = '';
  apiGet(`/api/v1/events/${encodeURIComponent(id)}`, { signal: d.controller.signal })
    .then((answer) => {
      const event = answer.event ?? {};
      const storage = answer.storage ?? {};
      replace(d.status);
      replace(d.links,
        h('span', { class: 'muted' }, 'Pivot: '),
        event.userId ? ['user ', entityLink('user', event.userId), ' '] : null,
        event.sourceIp ? ['· ip ', entityLink('ip', event.sourceIp), ' '] : null,
        event.recipientEmail ? ['· email ', entityLink('email', event.recipientEmail)] : null);
      replace(d.storage, h('dl', { class: 'facts' },
        h('dt', null, 'type'), h('dd', null, fmtType(event.type)),
        h('dt', null, 'occurred'), h('dd', null, fmtTime(event.timestamp, { millis: true })),
        h('dt', null, 'ingested'), h('dd', null, fmtTime(storage.ingestedAt, { millis: true })),
        h('dt', null, 'kafka'), h('dd', { class: 'mono' }, `${storage.topic ?? '—'} / p${storage.partition ?? '—'} / @${storage.offset ?? '—'}`),
        event.type === 'api_request'
          ? [h('dt', null, 'bytes'), h('dd', null, `${fmtBytes(event.requestBytes)} in · ${fmtBytes(event.responseBytes)} out`)]
          : null));
      d.json.textContent = fmtJson(event);
    })
    .catch((failure) => {
      if (!isAbort(failure)) {
        replace(d.status, errorBox(failure, 'Could not load the event'));
      }
    });
}

export function closeEventDrawer() {
  if (!drawer) {
    return;
  }
  if (drawer.controller) {
    drawer.controller.abort();
  }
  drawer.element.hidden = true;
  drawer.id = null;
  drawer.onClose = null;
  document.body.classList.remove('drawer-open');
}
