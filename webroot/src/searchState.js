// The search page's state: read from and written to the URL's query string, and turned into the body of
// POST /api/v1/search as SearchRequest.java reads it: {q, filters: {type[], action[], method[], bounceType[],
// success, status: [{min, max}], country[], ip, userId, email, from, to, asn[], prefix, hosting}, sort, page, limit,
// facets[]}. Pure: no DOM.

export const TYPES = ['account_activity', 'api_request', 'email_send'];
export const ACTIONS = ['login', 'logout', 'password_change', 'two_factor_enabled', 'two_factor_disabled', 'account_created', 'account_deleted'];
export const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'];
export const BOUNCE_TYPES = ['hard', 'soft', 'none'];
export const SORTS = [
  ['timestamp:desc', 'Newest first'],
  ['timestamp:asc', 'Oldest first'],
  ['responseTimeMs:desc', 'Slowest first'],
  ['responseTimeMs:asc', 'Fastest first'],
];
export const LIMITS = [20, 50, 100];
export const FACETS = ['type', 'success', 'action', 'method', 'statusCode', 'bounceType', 'country', 'asn', 'ipHosting'];
export const MAX_TOTAL_HITS = 10_000;
export const LIST_PARAMS = { type: TYPES, action: ACTIONS, method: METHODS, bounceType: BOUNCE_TYPES };
const TEXT_PARAMS = ['q', 'success', 'status', 'country', 'ip', 'userId', 'email', 'from', 'to', 'asn', 'prefix', 'hosting',
  'sort'];

/** The search state read from the URL: lists, texts, page and limit. */
export function readState(query) {
  const state = { page: 1, limit: 20 };
  for (const name of TEXT_PARAMS) {
    state[name] = query.get(name) ?? '';
  }
  for (const name of Object.keys(LIST_PARAMS)) {
    state[name] = query.getAll(name).flatMap((v) => v.split(',')).filter(Boolean);
  }
  const page = Number.parseInt(query.get('page') ?? '1', 10);
  state.page = Number.isFinite(page) && page >= 1 ? page : 1;
  const limit = Number.parseInt(query.get('limit') ?? '20', 10);
  state.limit = Number.isFinite(limit) && limit >= 1 ? Math.min(limit, 100) : 20;
  if (!state.sort) {
    state.sort = 'timestamp:desc';
  }
  return state;
}

/** The URL of a state; defaults are left out so URLs stay short. */
export function searchUrl(state) {
  const params = new URLSearchParams();
  if (state.q) {
    params.set('q', state.q);
  }
  for (const name of Object.keys(LIST_PARAMS)) {
    for (const value of state[name] ?? []) {
      params.append(name, value);
    }
  }
  for (const name of TEXT_PARAMS.slice(1)) {
    if (state[name] && !(name === 'sort' && state[name] === 'timestamp:desc')) {
      params.set(name, state[name]);
    }
  }
  if (state.limit && state.limit !== 20) {
    params.set('limit', String(state.limit));
  }
  if (state.page && state.page !== 1) {
    params.set('page', String(state.page));
  }
  const text = params.toString();
  return `/search${text ? `?${text}` : ''}`;
}

export class FieldError extends Error {
  constructor(field, message) {
    super(message);
    this.field = field;
  }
}

/** "500-599, 429" → [{min: 500, max: 599}, {min: 429}]. */
export function parseStatus(text) {
  const ranges = [];
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const found = /^(\d{3})(?:\s*-\s*(\d{3}))?$/.exec(part) ?? /^([1-5])xx$/i.exec(part);
    if (!found) {
      throw new FieldError('status', `"${part}" is not a status code, a range like 500-599, or a class like 5xx`);
    }
    if (/xx$/i.test(part)) {
      ranges.push({ min: Number(found[1]) * 100, max: Number(found[1]) * 100 + 99 });
    } else {
      ranges.push(found[2] ? { min: Number(found[1]), max: Number(found[2]) } : { min: Number(found[1]) });
    }
  }
  return ranges;
}

/** "15169, AS16509" → [15169, 16509]; FieldError naming asn for anything else. */
export function parseAsns(text) {
  return text.split(',').map((p) => p.trim()).filter(Boolean).map((part) => {
    const found = /^(?:AS)?([1-9]\d{0,9})$/i.exec(part);
    if (!found || Number(found[1]) > 4_294_967_295) {
      throw new FieldError('asn', `"${part}" is not an AS number`);
    }
    return Number(found[1]);
  });
}

/** The body of POST /api/v1/search for a state; FieldError when a field cannot be read. */
export function requestBody(state) {
  const filters = {};
  for (const name of Object.keys(LIST_PARAMS)) {
    if (state[name].length) {
      filters[name] = state[name];
    }
  }
  if (state.success === 'true' || state.success === 'false') {
    filters.success = state.success === 'true';
  }
  if (state.status.trim()) {
    filters.status = parseStatus(state.status);
  }
  const countries = state.country.split(',').map((c) => c.trim().toUpperCase()).filter(Boolean);
  if (countries.length) {
    filters.country = countries;
  }
  for (const name of ['ip', 'userId', 'email', 'from', 'to', 'prefix']) {
    if (state[name].trim()) {
      filters[name] = state[name].trim();
    }
  }
  const asns = parseAsns(state.asn);
  if (asns.length) {
    filters.asn = asns;
  }
  if (state.hosting === 'true' || state.hosting === 'false') {
    filters.hosting = state.hosting === 'true';
  }
  const body = { q: state.q, sort: state.sort, page: state.page, limit: state.limit, facets: FACETS };
  if (Object.keys(filters).length) {
    body.filters = filters;
  }
  return body;
}

/** The form's field name for an API error's field: "filters.status[0].max" → "status". */
export function formField(apiField) {
  if (!apiField) {
    return null;
  }
  return apiField.replace(/^filters\./, '').replace(/\[.*$/, '').replace(/\..*$/, '');
}

/** datetime-local (read as UTC) ↔ ISO-8601. */
export function isoToInput(iso) {
  const ms = Date.parse(iso);
  return iso && Number.isFinite(ms) ? new Date(ms).toISOString().slice(0, 19) : '';
}

export function inputToIso(value) {
  if (!value) {
    return '';
  }
  const withSeconds = value.length === 16 ? `${value}:00` : value;
  return `${withSeconds}Z`;
}
