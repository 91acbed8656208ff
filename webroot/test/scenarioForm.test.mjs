import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeParameters, KnobError, knobFields, runningRuns, startRequest } from '../src/scenarioForm.js';

const STUFFING = {
  name: 'credential_stuffing',
  description: 'Leaked credentials tried against many accounts.',
  parameters: [
    { name: 'intensity', type: 'number', default: 0.05, min: 0.0001, max: 1, description: 'share' },
    { name: 'durationSeconds', type: 'integer', default: 600, min: 1, max: 86400, description: 'how long' },
    { name: 'variant', type: 'enum', default: 'burst', values: ['burst', 'low_and_slow'], description: 'v' },
    { name: 'hostingShare', type: 'number', default: 0.5, min: 0, max: 1, description: 'h' },
  ],
};
const SCRAPING = {
  name: 'api_scraping',
  parameters: [{ name: 'byUser', type: 'boolean', default: false, description: 'b' }],
};

test('each knob becomes a field holding its default', () => {
  const fields = knobFields(STUFFING);
  assert.deepEqual(fields.map((field) => [field.name, field.value, field.step]),
    [['intensity', '0.05', 'any'], ['durationSeconds', '600', 1], ['variant', 'burst', 'any'], ['hostingShare', '0.5', 'any']]);
  assert.deepEqual(fields[2].values, ['burst', 'low_and_slow']);
  assert.equal(knobFields(SCRAPING)[0].value, false);
});

test('the start request holds the scenario and the knobs changed from their defaults, typed', () => {
  assert.deepEqual(startRequest(STUFFING, { intensity: '0.05', durationSeconds: '600', variant: 'burst' }),
    { scenario: 'credential_stuffing' });
  assert.deepEqual(startRequest(STUFFING, { intensity: '0.2', durationSeconds: ' 120 ', variant: 'low_and_slow', hostingShare: '' }),
    { scenario: 'credential_stuffing', intensity: 0.2, durationSeconds: 120, variant: 'low_and_slow' });
  assert.deepEqual(startRequest(SCRAPING, { byUser: true }), { scenario: 'api_scraping', byUser: true });
});

test('a knob that is not its type or out of its bounds is named', () => {
  for (const [values, field] of [[{ intensity: 'lots' }, 'intensity'], [{ intensity: '2' }, 'intensity'],
    [{ durationSeconds: '1.5' }, 'durationSeconds'], [{ durationSeconds: '0' }, 'durationSeconds'],
    [{ variant: 'fast' }, 'variant']]) {
    assert.throws(() => startRequest(STUFFING, values), (failure) => failure instanceof KnobError && failure.field === field,
      JSON.stringify(values));
  }
});

test('the runs going on are the ongoing windows, with their attackers and victims', () => {
  const runs = runningRuns({ windows: [
    { id: 'a', scenario: 'brute_force', ongoing: true, startedAt: '2026-11-24T10:00:00.000Z', parameters: { attackers: 2 },
      entities: { byRole: { attacker: 2, victim: 3 } } },
    { id: 'b', scenario: 'spam_wave', ongoing: false, startedAt: '2026-11-24T09:00:00.000Z' },
    { id: 'c', ongoing: true, startedAt: '2026-11-24T08:00:00.000Z' },
  ] });
  assert.deepEqual(runs.map((run) => [run.runId, run.scenario, run.attackers, run.victims]),
    [['a', 'brute_force', 2, 3], ['c', 'classic', 0, 0]]);
  assert.deepEqual(runningRuns(null), []);
  assert.equal(describeParameters({ intensity: 0.05, variant: 'burst' }), 'intensity 0.05 · variant burst');
});
