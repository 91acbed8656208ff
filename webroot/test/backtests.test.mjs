import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backtestRequest, comparedRules, localToIso, progressShare } from '../src/backtests.js';

test('a backtest request names the field that is missing or wrong', () => {
  assert.throws(() => backtestRequest({ rules: ' ', from: '2026-12-01T10:00' }), /^Error: rules:/);
  assert.throws(() => backtestRequest({ rules: '- name: x', from: '' }), /^Error: from:/);
  assert.throws(() => backtestRequest({ rules: '- name: x', from: '2026-12-01T10:00', graceSeconds: '1.5' }),
    /^Error: graceSeconds:/);
  const body = backtestRequest({ rules: '- name: x', from: '2026-12-01T10:00', to: '', graceSeconds: '30' });
  assert.equal(body.from, localToIso('2026-12-01T10:00'));
  assert.equal(body.to, undefined, 'no end: the API takes now');
  assert.equal(body.graceSeconds, 30);
});

test('a candidate rule is compared with the rule it replaces, else the live rule of its name', () => {
  const report = {
    candidate: [{ rule: 'a', replaces: null }, { rule: 'b_shadow', replaces: 'b' }, { rule: 'new', replaces: null }],
    live: [{ rule: 'a' }, { rule: 'b' }],
  };
  const rows = comparedRules(report);
  assert.deepEqual(rows.map((row) => [row.candidate.rule, row.against, row.live?.rule ?? null]),
    [['a', 'a', 'a'], ['b_shadow', 'b', 'b'], ['new', 'new', null]]);
});

test('progress is the share of rule evaluations done', () => {
  assert.equal(progressShare({ state: 'running', progress: { ticksDone: 0, ticksTotal: 0 } }), 0);
  assert.equal(progressShare({ state: 'running', progress: { ticksDone: 25, ticksTotal: 100 } }), 0.25);
  assert.equal(progressShare({ state: 'done', progress: { ticksDone: 0, ticksTotal: 0 } }), 1);
});
