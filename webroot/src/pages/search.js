// Search `/search?q=…&type=…&page=…`: every field of the form lives in the query string, so a reload or a shared
// link runs the same search. It POSTs /api/v1/search with the body SearchRequest.java reads:
// {q, filters: {type[], action[], method[], bounceType[], success, status: [{min, max}], country[], ip, userId,
// email, from, to, asn[], prefix, hosting}, sort, page, limit, facets[]} and shows {hits, total, totalIsLowerBound, page, limit,
// totalPages, sort, facets: {attribute: {value: count}}, processingTimeMs}.
import { ApiError, apiPost, errorBox, isAbort } from '../api.js';
import { download, eventsCsv } from '../csv.js';
import { empty, h, loading, replace } from '../dom.js';
import { eventsTable } from '../events.js';
import { fmtInt, fmtType } from '../format.js';
import { ACTIONS, BOUNCE_TYPES, FACETS, FieldError, formField, inputToIso, isoToInput, LIMITS, LIST_PARAMS,
  MAX_TOTAL_HITS, METHODS, readState, requestBody, searchUrl, SORTS, TYPES } from '../searchState.js';

/** The search a URL names: its query string without the drawer's `event`. */
function key(query) {
  const copy = new URLSearchParams(query);
  copy.delete('event');
  return copy.toString();
}

export function mount(root, ctx) {
  let state = readState(ctx.query);
  let currentKey = key(ctx.query);
  let controller = null;
  let lastHits = [];
  const errors = {};

  const field = (name, label, input, hint) => {
    errors[name] = h('div', { class: 'field-error', dataset: { for: name }, role: 'alert' });
    return h('div', { class: `field field-${name}` }, h('label', { for: input.id || undefined }, label), input,
      hint ? h('div', { class: 'field-hint' }, hint) : null, errors[name]);
  };
  const text = (name, placeholder, attrs = {}) => h('input', { type: 'text', name, id: `search-${name}`, placeholder,
    spellcheck: 'false', autocomplete: 'off', ...attrs });
  const chips = (name, values) => h('div', { class: 'chips', role: 'group', 'aria-label': name },
    values.map((value) => h('label', { class: 'chip' },
      h('input', { type: 'checkbox', name, value }), h('span', null, name === 'type' ? fmtType(value) : value))));

  const inputs = {
    q: h('input', { id: 'search-input', name: 'q', type: 'search', placeholder: 'Free text: user id, IP, email, path, country, city, user agent, failure reason…',
      maxlength: '512', spellcheck: 'false', autocomplete: 'off', 'aria-label': 'Search text' }),
    success: h('select', { name: 'success', id: 'search-success' },
      h('option', { value: '' }, 'any'), h('option', { value: 'true' }, 'succeeded'), h('option', { value: 'false' }, 'failed')),
    status: text('status', '500-599, 429, 4xx'),
    country: text('country', 'US, DE'),
    ip: text('ip', '198.51.100.7'),
    userId: text('userId', 'UUID'),
    email: text('email', 'name@example.com'),
    asn: text('asn', '15169, 16509'),
    prefix: text('prefix', '203.0.113.0/24'),
    hosting: h('select', { name: 'hosting', id: 'search-hosting' },
      h('option', { value: '' }, 'any'), h('option', { value: 'true' }, 'hosting / cloud'), h('option', { value: 'false' }, 'not hosting')),
    from: h('input', { type: 'datetime-local', name: 'from', id: 'search-from', step: '1' }),
    to: h('input', { type: 'datetime-local', name: 'to', id: 'search-to', step: '1' }),
    sort: h('select', { name: 'sort', id: 'search-sort' }, SORTS.map(([value, label]) => h('option', { value }, label))),
    limit: h('select', { name: 'limit', id: 'search-limit' }, LIMITS.map((n) => h('option', { value: String(n) }, `${n} per page`))),
  };
  const chipGroups = {
    type: chips('type', TYPES),
    action: chips('action', ACTIONS),
    method: chips('method', METHODS),
    bounceType: chips('bounceType', BOUNCE_TYPES),
  };

  const form = h('form', { class: 'search-form panel', onsubmit: (submit) => {
    submit.preventDefault();
    const next = readForm();
    next.page = 1;
    const url = searchUrl(next);
    if (key(new URL(url, location.origin).searchParams) === currentKey) {
      run(); // the same search again: asked anew, as new events may match by now
    } else {
      ctx.navigate(url);
    }
  } },
  h('div', { class: 'search-row' },
    inputs.q,
    h('button', { id: 'search-submit', type: 'submit', class: 'btn btn-primary' }, 'Search'),
    h('button', { type: 'button', class: 'btn', onclick: () => ctx.navigate('/search') }, 'Reset')),
  errors.q = h('div', { class: 'field-error', dataset: { for: 'q' }, role: 'alert' }),
  h('div', { class: 'filters' },
    field('type', 'Type', chipGroups.type),
    field('success', 'Outcome', inputs.success),
    field('action', 'Action', chipGroups.action),
    field('method', 'Method', chipGroups.method),
    field('bounceType', 'Bounce', chipGroups.bounceType),
    field('status', 'Status', inputs.status, 'codes, ranges or classes'),
    field('country', 'Country', inputs.country, 'ISO codes, comma-separated'),
    field('ip', 'Source IP', inputs.ip),
    field('userId', 'User id', inputs.userId),
    field('email', 'Recipient email', inputs.email),
    field('asn', 'AS number', inputs.asn, 'of the source IP, comma-separated'),
    field('prefix', 'Network', inputs.prefix, 'the source IP\'s /24 or /48'),
    field('hosting', 'Source network', inputs.hosting),
    field('from', 'From (UTC)', inputs.from),
    field('to', 'To (UTC)', inputs.to),
    field('sort', 'Sort', inputs.sort),
    field('limit', 'Page size', inputs.limit)));

  const total = h('span', { id: 'search-total', class: 'total' }, '…');
  const meta = h('span', { class: 'muted small' });
  const exportCsv = h('button', { id: 'search-export-csv', type: 'button', class: 'btn btn-small', disabled: true,
    title: 'Download the hits shown as CSV', onclick: () => {
      download(eventsCsv(lastHits), `tspipe-search-${new Date().toISOString().replace(/[:.]/g, '-')}.csv`);
    } }, 'Export these hits (CSV)');
  const serverExport = h('a', { id: 'search-export-server', class: 'btn btn-small', download: '' }, 'Export time range (server CSV)');
  const facetsBox = h('aside', { id: 'search-facets', class: 'facets panel' });
  const results = h('div', { class: 'results-body' });
  const pager = h('nav', { class: 'pager', 'aria-label': 'Pages' });

  root.append(
    h('div', { class: 'toolbar' }, h('h1', null, 'Search events')),
    form,
    h('div', { class: 'search-layout' },
      facetsBox,
      h('section', { class: 'panel results' },
        h('header', { class: 'panel-head results-head' },
          total, meta, h('span', { class: 'spacer' }), exportCsv, serverExport),
        results,
        pager)));

  function readForm() {
    const next = { page: 1 };
    for (const name of Object.keys(inputs)) {
      next[name] = inputs[name].value;
    }
    next.from = inputToIso(inputs.from.value);
    next.to = inputToIso(inputs.to.value);
    // keep a from/to the input cannot show (e.g. one with an offset) as the URL had it
    if (!inputs.from.value && state.from && !isoToInput(state.from)) {
      next.from = state.from;
    }
    if (!inputs.to.value && state.to && !isoToInput(state.to)) {
      next.to = state.to;
    }
    next.limit = Number(inputs.limit.value) || 20;
    for (const [name, group] of Object.entries(chipGroups)) {
      next[name] = [...group.querySelectorAll('input:checked')].map((box) => box.value);
    }
    return next;
  }

  function fillForm() {
    for (const name of ['q', 'success', 'status', 'country', 'ip', 'userId', 'email', 'asn', 'prefix', 'hosting', 'sort']) {
      inputs[name].value = state[name];
    }
    inputs.from.value = isoToInput(state.from);
    inputs.to.value = isoToInput(state.to);
    inputs.limit.value = String(LIMITS.includes(state.limit) ? state.limit : 20);
    if (!LIMITS.includes(state.limit)) {
      inputs.limit.append(h('option', { value: String(state.limit) }, `${state.limit} per page`));
      inputs.limit.value = String(state.limit);
    }
    for (const [name, group] of Object.entries(chipGroups)) {
      group.querySelectorAll('input').forEach((box) => { box.checked = state[name].includes(box.value); });
    }
  }

  function clearErrors() {
    Object.values(errors).forEach((slot) => replace(slot));
    root.querySelectorAll('.field.invalid').forEach((el) => el.classList.remove('invalid'));
  }

  function showFieldError(apiField, message) {
    const name = formField(apiField);
    const slot = name && errors[name];
    if (slot) {
      replace(slot, message);
      slot.parentElement.classList.add('invalid');
      return true;
    }
    return false;
  }

  function serverExportHref() {
    const to = state.to || new Date().toISOString();
    const from = state.from || new Date(Date.parse(to) - 3600_000).toISOString();
    const params = new URLSearchParams({ from, to, format: 'csv' });
    if (state.type.length === 1) {
      params.set('type', state.type[0]);
    }
    serverExport.setAttribute('href', `/api/v1/export/events?${params}`);
    serverExport.title = `Every stored event from ${from} to ${to}${state.type.length === 1 ? ` of type ${state.type[0]}` : ''}`
      + (state.from ? '' : ' (no From filter: the last hour)') + ', streamed by the server; other filters do not apply';
  }

  async function run() {
    clearErrors();
    fillForm();
    serverExportHref();
    let body;
    try {
      body = requestBody(state);
    } catch (failure) {
      if (failure instanceof FieldError) {
        showFieldError(failure.field, failure.message);
        replace(results, errorBox(failure, 'Not searched'));
        total.textContent = '—';
        return;
      }
      throw failure;
    }
    if (controller) {
      controller.abort();
    }
    controller = new AbortController();
    results.classList.add('stale');
    if (!results.firstChild) {
      replace(results, loading('Searching…'));
    }
    try {
      const answer = await apiPost('/api/v1/search', body, { signal: controller.signal });
      results.classList.remove('stale');
      show(answer);
    } catch (failure) {
      if (isAbort(failure)) {
        return;
      }
      results.classList.remove('stale');
      lastHits = [];
      exportCsv.disabled = true;
      total.textContent = '—';
      replace(meta);
      replace(pager);
      replace(facetsBox);
      const placed = failure instanceof ApiError && failure.status === 400 && showFieldError(failure.field, failure.message);
      replace(results, errorBox(failure, placed ? 'Check the highlighted field' : 'Search failed'));
    }
  }

  function show(answer) {
    const hits = Array.isArray(answer.hits) ? answer.hits : [];
    lastHits = hits;
    exportCsv.disabled = hits.length === 0;
    exportCsv.textContent = `Export these ${fmtInt(hits.length)} hits (CSV)`;
    total.textContent = `${answer.totalIsLowerBound ? '≥ ' : ''}${fmtInt(answer.total)} event${answer.total === 1 ? '' : 's'}`;
    total.dataset.total = String(answer.total ?? 0);
    total.dataset.lowerBound = String(Boolean(answer.totalIsLowerBound));
    meta.textContent = `· ${fmtInt(answer.processingTimeMs)} ms · page ${fmtInt(answer.page)} of ${fmtInt(Math.max(pageCount(answer), 1))}`;
    replace(results, hits.length
      ? eventsTable(hits, (id) => ctx.showEvent(id), { id: 'search-results', class: 'grid events' })
      : [empty('No event matches.'), h('table', { id: 'search-results', class: 'grid events', hidden: true }, h('tbody'))]);
    showPager(answer);
    showFacets(answer.facets ?? {});
  }

  function pageCount(answer) {
    const reachable = Math.floor(MAX_TOTAL_HITS / (answer.limit || state.limit));
    return Math.min(answer.totalPages ?? 0, reachable);
  }

  function pageLink(page, label, current) {
    return h('a', { href: searchUrl({ ...state, page }), class: `page-link${current ? ' active' : ''}`,
      'aria-current': current ? 'page' : undefined }, label ?? String(page));
  }

  function showPager(answer) {
    const pages = pageCount(answer);
    const page = answer.page ?? state.page;
    if (pages <= 1) {
      replace(pager);
      return;
    }
    const numbers = new Set([1, pages]);
    for (let p = Math.max(1, page - 2); p <= Math.min(pages, page + 2); p++) {
      numbers.add(p);
    }
    const sorted = [...numbers].sort((a, b) => a - b);
    const items = [];
    sorted.forEach((p, i) => {
      if (i > 0 && p - sorted[i - 1] > 1) {
        items.push(h('span', { class: 'muted' }, '…'));
      }
      items.push(pageLink(p, null, p === page));
    });
    replace(pager,
      page > 1 ? pageLink(page - 1, '‹ Prev') : h('span', { class: 'page-link disabled' }, '‹ Prev'),
      items,
      page < pages ? pageLink(page + 1, 'Next ›') : h('span', { class: 'page-link disabled' }, 'Next ›'));
  }

  /** A link that narrows the current search to one facet value. */
  function facetLink(attribute, value, count) {
    const next = { ...state, page: 1 };
    let active = false;
    if (LIST_PARAMS[attribute]) {
      active = state[attribute].includes(value);
      next[attribute] = active ? state[attribute].filter((v) => v !== value) : [...state[attribute], value];
    } else if (attribute === 'success') {
      active = state.success === value;
      next.success = active ? '' : value;
    } else if (attribute === 'statusCode') {
      active = state.status === value;
      next.status = active ? '' : value;
    } else if (attribute === 'country') {
      const countries = state.country.split(',').map((c) => c.trim().toUpperCase()).filter(Boolean);
      active = countries.includes(value);
      next.country = (active ? countries.filter((c) => c !== value) : [...countries, value]).join(',');
    } else if (attribute === 'asn') {
      const asns = state.asn.split(',').map((a) => a.trim().replace(/^AS/i, '')).filter(Boolean);
      active = asns.includes(value);
      next.asn = (active ? asns.filter((a) => a !== value) : [...asns, value]).join(',');
    } else if (attribute === 'ipHosting') {
      active = state.hosting === value;
      next.hosting = active ? '' : value;
    }
    const label = attribute === 'success' ? (value === 'true' ? 'succeeded' : 'failed')
      : attribute === 'ipHosting' ? (value === 'true' ? 'hosting / cloud' : 'not hosting')
        : attribute === 'asn' ? (value === '0' ? 'unknown AS' : `AS${value}`)
          : attribute === 'type' ? fmtType(value) : value;
    return h('a', { href: searchUrl(next), class: `facet${active ? ' active' : ''}`, title: active ? 'remove this filter' : 'narrow to this value' },
      h('span', { class: 'facet-value' }, label), h('span', { class: 'facet-count' }, fmtInt(count)));
  }

  function showFacets(facets) {
    const blocks = [];
    for (const attribute of FACETS) {
      const values = Object.entries(facets[attribute] ?? {}).sort((a, b) => b[1] - a[1]);
      if (!values.length) {
        continue;
      }
      const shown = values.slice(0, 12);
      blocks.push(h('div', { class: 'facet-block' },
        h('h4', null, { statusCode: 'status', bounceType: 'bounce', asn: 'AS number', ipHosting: 'source network' }[attribute] ?? attribute),
        shown.map(([value, count]) => facetLink(attribute, value, count)),
        values.length > shown.length ? h('div', { class: 'muted small' }, `+${values.length - shown.length} more`) : null));
    }
    replace(facetsBox, h('h3', null, 'Facets'), blocks.length ? blocks : h('div', { class: 'muted small' }, 'No facet counts.'));
  }

  run();

  return {
    update(next) {
      const nextKey = key(next.query);
      if (nextKey !== currentKey) {
        currentKey = nextKey;
        state = readState(next.query);
        run();
      }
    },
    unmount() {
      if (controller) {
        controller.abort();
      }
    },
  };
}
