import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FieldError, formField, inputToIso, isoToInput, parseAsns, parseStatus, readState, requestBody, searchUrl } from '../src/searchState.js';

test('the URL holds the whole search and reads back to the same state', () => {
  const url = '/search?q=198.51.100.7&type=account_activity&type=api_request&success=false&status=500-599%2C429'
    + '&country=US%2CDE&from=2026-11-24T10%3A00%3A00Z&sort=timestamp%3Aasc&limit=50&page=3';
  const state = readState(new URL(url, 'http://x').searchParams);
  assert.deepEqual(state.type, ['account_activity', 'api_request']);
  assert.equal(state.page, 3);
  assert.equal(state.limit, 50);
  assert.equal(searchUrl(state), url);
});

test('defaults stay out of the URL', () => {
  assert.equal(searchUrl(readState(new URLSearchParams(''))), '/search');
});

test('the request body is what SearchRequest reads', () => {
  const state = readState(new URLSearchParams('q=x&type=email_send&bounceType=hard&success=true&status=5xx,429'
    + '&country=us, de&ip=1.2.3.4&userId=u&email=a@b.co&to=2026-11-24T11:00:00Z&page=2'));
  assert.deepEqual(requestBody(state), {
    q: 'x', sort: 'timestamp:desc', page: 2, limit: 20,
    facets: ['type', 'success', 'action', 'method', 'statusCode', 'bounceType', 'country', 'asn', 'ipHosting'],
    filters: {
      type: ['email_send'], bounceType: ['hard'], success: true, status: [{ min: 500, max: 599 }, { min: 429 }],
      country: ['US', 'DE'], ip: '1.2.3.4', userId: 'u', email: 'a@b.co', to: '2026-11-24T11:00:00Z',
    },
  });
  assert.equal(requestBody(readState(new URLSearchParams(''))).filters, undefined);
});

test('network filters: AS numbers, the /24 or /48 prefix and the hosting flag', () => {
  const state = readState(new URLSearchParams('asn=15169,%20AS16509&prefix=203.0.113.0/24&hosting=true'));
  assert.deepEqual(requestBody(state).filters, { asn: [15169, 16509], prefix: '203.0.113.0/24', hosting: true });
  assert.equal(searchUrl(state), '/search?asn=15169%2C+AS16509&prefix=203.0.113.0%2F24&hosting=true');
  assert.deepEqual(parseAsns(''), []);
  assert.throws(() => parseAsns('15169, google'), (e) => e instanceof FieldError && e.field === 'asn');
  assert.throws(() => parseAsns('0'), (e) => e instanceof FieldError && e.field === 'asn');
});

test('status ranges are read from codes, ranges and classes; anything else names the field', () => {
  assert.deepEqual(parseStatus('404, 500-503, 2xx'), [{ min: 404 }, { min: 500, max: 503 }, { min: 200, max: 299 }]);
  assert.throws(() => parseStatus('teapot'), (e) => e instanceof FieldError && e.field === 'status');
});

test('an API error field names the form field it belongs to', () => {
  assert.equal(formField('filters.status[0].max'), 'status');
  assert.equal(formField('filters.type[1]'), 'type');
  assert.equal(formField('q'), 'q');
  assert.equal(formField(null), null);
});

test('the from/to inputs are read as UTC', () => {
  assert.equal(inputToIso('2026-11-24T10:00'), '2026-11-24T10:00:00Z');
  assert.equal(isoToInput('2026-11-24T10:00:00Z'), '2026-11-24T10:00:00');
  assert.equal(isoToInput('nonsense'), '');
});
