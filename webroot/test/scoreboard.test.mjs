import assert from 'node:assert/strict';
import { test } from 'node:test';
import { boardRows, fmtShare, readRange, recallOf, scenariosOf, sparkPath, trendOf } from '../src/scoreboard.js';

const rule = (name, more = {}) => ({ rule: name, kind: 'ip', mode: 'live', replaces: null, entityLevel: true,
  overall: {}, scenarios: {}, ...more });

test('a shadow rule sits right under the rule it would replace; one replacing no listed rule stands alone', () => {
  const rows = boardRows([
    rule('takeover_strict', { mode: 'shadow', replaces: 'takeover' }),
    rule('ip_login_failures'),
    rule('takeover'),
    rule('takeover_loose', { mode: 'shadow', replaces: 'takeover' }),
    rule('orphan_shadow', { mode: 'shadow', replaces: 'retired' }),
    rule('self_shadow', { mode: 'shadow', replaces: 'self_shadow' }),
    rule('unknown_mode', { mode: null }),
    { nothing: true },
  ]);
  assert.deepEqual(rows.map((row) => [row.score.rule, row.shadow, row.nested]), [
    ['ip_login_failures', false, false],
    ['orphan_shadow', true, false],
    ['self_shadow', true, false],
    ['takeover', false, false],
    ['takeover_loose', true, true],
    ['takeover_strict', true, true],
    ['unknown_mode', false, false],
  ]);
  assert.deepEqual(boardRows(undefined), []);
});

test('the scenario columns are every scenario with windows or scores, by name', () => {
  assert.deepEqual(scenariosOf({ period: { windows: { spam_wave: 1, brute_force: 2 } },
    rules: [rule('a', { scenarios: { account_takeover: {}, brute_force: {} } })] }),
  ['account_takeover', 'brute_force', 'spam_wave']);
  assert.deepEqual(scenariosOf({}), []);
});

test('shares are whole percentages and null is a dash, never NaN', () => {
  assert.equal(fmtShare(0.925), '93%');
  assert.equal(fmtShare(1), '100%');
  assert.equal(fmtShare(0), '0%');
  assert.equal(fmtShare(null), '—');
  assert.equal(fmtShare(undefined), '—');
  assert.equal(fmtShare(Number.NaN), '—');
});

test('a rule judged by window shows its window recall; the range falls back to the default', () => {
  const score = { recall: 0.5, windowRecall: 1 };
  assert.deepEqual(recallOf(rule('a'), score), { value: 0.5, byWindow: false });
  assert.deepEqual(recallOf(rule('surge', { kind: 'stream', entityLevel: false }), score), { value: 1, byWindow: true });
  assert.deepEqual(recallOf(rule('a'), null), { value: null, byWindow: false });
  assert.equal(readRange('24h'), '24h');
  assert.equal(readRange('7d'), '6h');
  assert.equal(readRange(null), '6h');
});

test('the trend of a rule is its recall and precision per bucket, with gaps where it has none', () => {
  const trend = [
    { rules: { a: { detections: 2, precision: 1, recall: 0.5, windowRecall: 1 } } },
    { rules: { a: { detections: 0, precision: null, recall: null, windowRecall: null } } },
    { rules: {} },
  ];
  assert.deepEqual(trendOf(trend, rule('a')), { recall: [0.5, null, null], precision: [1, null, null] });
  assert.deepEqual(trendOf(trend, rule('a', { entityLevel: false })).recall, [1, null, null]);
  assert.deepEqual(trendOf(undefined, rule('a')), { recall: [], precision: [] });
});

test('a sparkline runs 1 at the top to 0 at the bottom, breaks at gaps and dots a lone point', () => {
  assert.equal(sparkPath([1, 0], 100, 20, 0), 'M0 0 L100 20');
  assert.equal(sparkPath([0.5, null, 1, 1], 30, 10, 0), 'M0 5h0 M20 0 L30 0');
  assert.equal(sparkPath([0.25], 40, 20, 0), 'M20 15h0');
  assert.equal(sparkPath([null, null], 40, 20), '');
  assert.equal(sparkPath([2, -1], 10, 10, 0), 'M0 0 L10 10', 'clamped to 0..1');
});
