// Fetch helpers for /api/v1. The API refuses with a JSON body {"error", "message", "field"?}: 400 naming the field,
// 401/403 for the admin key, 404, 405, 413, 414, 431, and 503 "<engine>_unavailable" when the engine behind it does
// not answer. Every failure here becomes an ApiError carrying that body, so panels can show the API's own message.
import { h } from './dom.js';

export class ApiError extends Error {
  constructor(status, error, message, field) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.error = error;
    this.field = field ?? null;
  }
}

let unauthorizedHandler = null;

/**
 * Called with the ApiError when the API refuses a request for want of an API key (401 naming X-API-Key: the
 * deployment sets web.apiKeys). The app then asks for a key and opens a session (POST /api/v1/session), whose
 * cookie every later request, EventSource included, carries.
 */
export function onUnauthorized(handler) {
  unauthorizedHandler = handler;
}

async function request(method, path, { body, headers, signal } = {}) {
  let response;
  try {
    response = await fetch(path, {
      method,
      signal,
      headers: {
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
    });
  } catch (failure) {
    if (failure && failure.name === 'AbortError') {
      throw failure;
    }
    throw new ApiError(0, 'network_error', `the API did not answer (${failure && failure.message ? failure.message : 'network error'})`);
  }
  const text = await response.text();
  let json = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }
  if (!response.ok) {
    if (json && typeof json === 'object' && typeof json.message === 'string') {
      const failure = new ApiError(response.status, json.error ?? 'error', json.message, json.field);
      if (response.status === 401 && json.field === 'X-API-Key' && unauthorizedHandler) {
        unauthorizedHandler(failure);
      }
      throw failure;
    }
    throw new ApiError(response.status, 'http_' + response.status,
      `${method} ${path} answered ${response.status} ${response.statusText || ''}`.trim());
  }
  if (json === null) {
    throw new ApiError(response.status, 'bad_response', `${method} ${path} did not answer JSON`);
  }
  return json;
}

export function apiGet(path, options) {
  return request('GET', path, options);
}

export function apiPost(path, body, options = {}) {
  return request('POST', path, { ...options, body });
}

export function apiDelete(path, options) {
  return request('DELETE', path, options);
}

/** A query string from an object, skipping null/undefined/'' values. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== '') {
      search.set(key, String(value));
    }
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** True for an AbortError, which a panel ignores: a newer request replaced it. */
export function isAbort(failure) {
  return failure && failure.name === 'AbortError';
}

/** The error state of a panel: the API's message, its status and error code. */
export function errorBox(failure, context) {
  const status = failure instanceof ApiError && failure.status ? `${failure.status} ` : '';
  const code = failure instanceof ApiError ? failure.error : 'error';
  const message = failure && failure.message ? failure.message : String(failure);
  return h('div', { class: 'state state-error', role: 'alert' },
    h('strong', null, context ? `${context}: ` : ''),
    message,
    h('span', { class: 'error-code' }, ` (${status}${code})`));
}
