import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fmtAgo, fmtInt, fmtMs, fmtNum, fmtPayload, fmtRate, fmtTime } from '../src/format.js';

test('numbers get thousands separators; null, undefined and NaN render as a dash', () => {
  assert.equal(fmtInt(1234567), '1,234,567');
  assert.equal(fmtInt(null), '—');
  assert.equal(fmtInt(undefined), '—');
  assert.equal(fmtInt(Number.NaN), '—');
  assert.equal(fmtNum(12.345), '12.35');
  assert.equal(fmtNum(1234.56), '1,234.6');
});

test('rates are percentages, null rates a dash', () => {
  assert.equal(fmtRate(0.0123), '1.23%');
  assert.equal(fmtRate(0.5), '50.0%');
  assert.equal(fmtRate(0), '0%');
  assert.equal(fmtRate(null), '—');
});

test('durations scale from ms to s and minutes', () => {
  assert.equal(fmtMs(4.25), '4.3 ms');
  assert.equal(fmtMs(240), '240 ms');
  assert.equal(fmtMs(1534), '1.53 s');
  assert.equal(fmtMs(125_000), '2m 5s');
  assert.equal(fmtMs(null), '—');
});

test('times are shown in UTC', () => {
  assert.equal(fmtTime('2026-11-24T15:04:05.123Z'), '2026-11-24 15:04:05Z');
  assert.equal(fmtTime('2026-11-24T15:04:05.123Z', { millis: true }), '2026-11-24 15:04:05.123Z');
  assert.equal(fmtTime('not a time'), '—');
  assert.equal(fmtAgo('2026-11-24T15:04:00Z', Date.parse('2026-11-24T15:07:30Z')), '3 min ago');
});

test('payloads are pretty-printed when they are JSON and kept as they came otherwise', () => {
  assert.equal(fmtPayload('{"a":1}'), '{\n  "a": 1\n}');
  assert.equal(fmtPayload('<html>'), '<html>');
});
