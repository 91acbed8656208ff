import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evidenceOf, labelRequest, matchesFilters, mergeDetection, removeLabelPath, rulesOf } from '../src/detections.js';

const detection = (id, updatedAt, more = {}) => ({
  detectionId: id, rule: 'stuffing_ip', severity: 'high', state: 'open', updatedAt,
  entity: { kind: 'ip', value: '198.51.100.7' }, ...more,
});

test('a newer state replaces the listed one, an older one is ignored, new ones are added newest first', () => {
  let list = [detection('a', '2026-11-24T10:00:00.000Z', { href: '/api/v1/entities/ip/198.51.100.7' })];
  list = mergeDetection(list, detection('b', '2026-11-24T10:01:00.000Z'));
  assert.deepEqual(list.map((d) => d.detectionId), ['b', 'a']);
  list = mergeDetection(list, detection('a', '2026-11-24T10:02:00.000Z', { state: 'resolved' }));
  assert.deepEqual(list.map((d) => [d.detectionId, d.state]), [['a', 'resolved'], ['b', 'open']]);
  assert.equal(list[0].href, '/api/v1/entities/ip/198.51.100.7', 'the href of the list is kept for a feed record');
  list = mergeDetection(list, detection('a', '2026-11-24T09:00:00.000Z', { state: 'open' }));
  assert.equal(list[0].state, 'resolved');
  assert.equal(mergeDetection(list, { nothing: true }), list);
  assert.equal(mergeDetection(list, detection('c', '2026-11-24T11:00:00.000Z'), 2).length, 2);
});

test('filters keep what matches each one given', () => {
  const d = detection('a', '2026-11-24T10:00:00.000Z');
  assert.ok(matchesFilters(d, {}));
  assert.ok(matchesFilters(d, { rule: 'stuffing_ip', severity: 'high', kind: 'ip', state: 'open' }));
  assert.ok(!matchesFilters(d, { kind: 'user' }));
  assert.ok(!matchesFilters(d, { state: 'resolved' }));
  assert.ok(!matchesFilters(d, { severity: 'low' }));
  assert.deepEqual(rulesOf([d, detection('b', 'x', { rule: 'brute' }), d]), ['brute', 'stuffing_ip']);
});

test('evidence reads features by name and sample event ids, whatever is missing', () => {
  assert.deepEqual(evidenceOf({ evidence: { features: { z: 1, a: 2 }, sampleEventIds: ['e1', 5] } }),
    { features: [['a', 2], ['z', 1]], samples: ['e1'] });
  assert.deepEqual(evidenceOf({}), { features: [], samples: [] });
  assert.deepEqual(evidenceOf({ evidence: 'x' }), { features: [], samples: [] });
});

test('the label form becomes the API body, or names the field the API would refuse', () => {
  const fields = { kind: 'ip', value: '198.51.100.7', label: ' abuse_source ', connotation: 'bad', reason: ' stuffing ',
    expiry: '86400', by: 'ana' };
  assert.deepEqual(labelRequest(fields).body, { kind: 'ip', value: '198.51.100.7', label: 'abuse_source',
    connotation: 'bad', reason: 'stuffing', by: 'ana', expiresInSeconds: 86400 });
  assert.equal(labelRequest({ ...fields, expiry: '' }).body.expiresInSeconds, undefined);
  assert.equal(labelRequest({ ...fields, label: 'Abuse Source' }).field, 'label');
  assert.equal(labelRequest({ ...fields, connotation: 'evil' }).field, 'connotation');
  assert.equal(labelRequest({ ...fields, reason: '  ' }).field, 'reason');
  assert.equal(labelRequest({ ...fields, by: '' }).field, 'by');
  assert.equal(removeLabelPath('prefix', '203.0.113.0/24', 'office', 'gone now', 'ana'),
    '/api/v1/labels/prefix/203.0.113.0%2F24/office?reason=gone+now&by=ana');
});
