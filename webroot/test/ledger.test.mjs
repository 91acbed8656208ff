import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  discrepancyRows, fmtOffsetRuns, minuteBars, minuteTitle, partitionRows, sampleStale, stageFlow, stateCounts, toneOf,
  verdictOf,
} from '../src/ledger.js';

const counts = (more = {}) => ({ produced: 0, consumed: 0, stored: 0, rejected: 0, duplicates: 0, indexed: 0,
  difference: 0, lost: 0, duplicated: 0, unsettled: 0, ...more });

// a Ledger as GET /api/v1/ledger?range=15m answers it: two partitions of one topic, three minutes, the oldest with a
// loss on partition 1 and a duplicate on partition 0, the newest still pending
const LEDGER = {
  window: { from: '2026-11-24T10:00:00.000Z', to: '2026-11-24T10:03:00.000Z' },
  settleSeconds: 30,
  sampledAt: '2026-11-24T10:02:55.000Z',
  totals: counts({ produced: 3000, consumed: 2900, stored: 2893, rejected: 30, duplicates: 10, indexed: 2800,
    difference: 67, lost: 7, duplicated: 2, unsettled: 60 }),
  minutes: [
    { ...counts({ produced: 1000, consumed: 1000, stored: 983, rejected: 10, duplicates: 0, indexed: 1000,
      difference: 7, lost: 7, duplicated: 2 }), minute: '2026-11-24T10:00:00.000Z', state: 'lost' },
    { ...counts({ produced: 1940, consumed: 1900, stored: 1910, rejected: 20, duplicates: 10, indexed: 1800 }),
      minute: '2026-11-24T10:01:00.000Z', state: 'balanced' },
    { ...counts({ produced: 60, unsettled: 60, difference: 60 }), minute: '2026-11-24T10:02:00.000Z', state: 'pending' },
  ],
  partitions: [
    { ...counts({ produced: 1500, lost: 7 }), topic: 'api-requests', partition: 1, state: 'lost' },
    { ...counts({ produced: 1500, duplicated: 2 }), topic: 'api-requests', partition: 0, state: 'duplicated' },
    { ...counts({ produced: 0 }), topic: 'account-activity', partition: 2, state: 'balanced' },
  ],
  ranges: [],
  rangesTruncated: false,
  discrepancies: [
    { kind: 'duplicated', topic: 'api-requests', partition: 0, minute: '2026-11-24T10:00:00.000Z', count: 2,
      offsets: [{ from: 512, to: 513 }, { from: 640, to: 641 }], truncated: false },
    { kind: 'lost', topic: 'api-requests', partition: 1, minute: '2026-11-24T10:00:00.000Z', count: 7,
      offsets: [{ from: 4100, to: 4105 }, { from: 4200, to: 4201 }, { from: 4300, to: 4301 }], truncated: false },
  ],
};

test('before the first sample of the offsets the panel says so, whatever else the answer holds', () => {
  const verdict = verdictOf({ ...LEDGER, sampledAt: null });
  assert.equal(verdict.kind, 'empty');
  assert.equal(verdict.title, 'No offsets sampled yet');
  assert.equal(verdictOf(null).kind, 'empty');
  assert.equal(verdictOf({}).kind, 'empty');
});

test('a balanced window reads 0 lost, 0 duplicated, with what is settled and what is not yet', () => {
  const verdict = verdictOf({ ...LEDGER, totals: counts({ produced: 3000, unsettled: 60 }), discrepancies: [] });
  assert.deepEqual(verdict, { kind: 'clear', title: '0 lost, 0 duplicated',
    detail: 'all 2,940 settled records accounted for exactly once; 60 not settled yet' });
  assert.equal(verdictOf({ ...LEDGER, totals: counts(), discrepancies: [] }).detail, 'no record produced in the window');
});

test('a loss or a duplicate is a problem naming the counts and how many partitions', () => {
  assert.deepEqual(verdictOf(LEDGER), { kind: 'problem', title: '7 lost, 2 duplicated',
    detail: 'of 2,940 settled records, in 2 partitions; 60 not settled yet' });
  const one = verdictOf({ ...LEDGER, totals: counts({ produced: 10, duplicated: 1 }),
    discrepancies: [LEDGER.discrepancies[0]] });
  assert.equal(one.title, '0 lost, 1 duplicated');
  assert.equal(one.detail, 'of 10 settled records, in 1 partition');
});

test('the stages flow produced → consumed → stored + rejected + duplicates → indexed, consumers with their backlog', () => {
  const flow = stageFlow(LEDGER.totals);
  assert.deepEqual(flow.map((group) => group.map((stage) => stage.stage)),
    [['produced'], ['consumed'], ['stored', 'rejected', 'duplicates'], ['indexed']]);
  assert.deepEqual(flow.flat().map((stage) => [stage.stage, stage.value, stage.behind]), [
    ['produced', 3000, null], ['consumed', 2900, 100], ['stored', 2893, null], ['rejected', 30, null],
    ['duplicates', 10, null], ['indexed', 2800, 200]]);
  assert.deepEqual(stageFlow(undefined).flat().map((stage) => stage.value), [null, null, null, null, null, null]);
  assert.equal(stageFlow(counts({ produced: 5, consumed: 9 }))[1][0].behind, 0, 'never a negative backlog');
});

test('offsets read as runs, the last offset of a run inclusive, without separators; a cut list says so', () => {
  assert.equal(fmtOffsetRuns(LEDGER.discrepancies[1].offsets), '4100–4104, 4200, 4300');
  assert.equal(fmtOffsetRuns([{ from: 12345678, to: 12345680 }]), '12345678–12345679');
  assert.equal(fmtOffsetRuns([{ from: 0, to: 1 }], true), '0, … (the first 1 shown)');
  assert.equal(fmtOffsetRuns([{ from: 5, to: 5 }, { from: 'x', to: 2 }, null]), '', 'empty or malformed runs are left out');
  assert.equal(fmtOffsetRuns(undefined), '');
});

test('partitions by topic then number; discrepancies newest first, then by topic, partition and kind', () => {
  assert.deepEqual(partitionRows(LEDGER.partitions).map((row) => `${row.topic}/${row.partition}`),
    ['account-activity/2', 'api-requests/0', 'api-requests/1']);
  const rows = discrepancyRows([...LEDGER.discrepancies,
    { kind: 'lost', topic: 'account-activity', partition: 2, minute: '2026-11-24T10:01:00.000Z', count: 1,
      offsets: [{ from: 9, to: 10 }], truncated: true }]);
  assert.deepEqual(rows.map((row) => [row.kind, row.topic, row.partition, row.runs]), [
    ['lost', 'account-activity', 2, '9, … (the first 1 shown)'],
    ['duplicated', 'api-requests', 0, '512, 640'],
    ['lost', 'api-requests', 1, '4100–4104, 4200, 4300']]);
  assert.deepEqual(partitionRows(null), []);
  assert.deepEqual(discrepancyRows(undefined), []);
});

test('minutes are counted by state in the order of the states; tones colour loss and duplicates bad', () => {
  assert.deepEqual(stateCounts(LEDGER.minutes),
    [{ state: 'pending', minutes: 1 }, { state: 'balanced', minutes: 1 }, { state: 'lost', minutes: 1 }]);
  assert.deepEqual(stateCounts([]), []);
  assert.deepEqual(['pending', 'behind', 'balanced', 'lost', 'duplicated', 'unknown'].map(toneOf),
    ['quiet', 'warn', 'ok', 'bad', 'bad', 'quiet']);
});

test('a bar per minute, oldest left, as high as its records against the busiest minute, an idle one still visible', () => {
  const bars = minuteBars(LEDGER.minutes, 300, 40);
  assert.deepEqual(bars.map((bar) => [bar.x, bar.width, bar.height, bar.state]), [
    [0, 99, 20.62, 'lost'], [100, 99, 40, 'balanced'], [200, 99, 2, 'pending']]);
  assert.equal(bars[1].y, 0);
  assert.equal(bars[0].title, '10:00:00 UTC · lost · produced 1,000, stored 983, rejected 10, duplicates 0, '
    + 'indexed 1,000, lost 7, duplicated 2');
  assert.equal(minuteTitle(LEDGER.minutes[1]), '10:01:00 UTC · balanced · produced 1,940, stored 1,910, '
    + 'rejected 20, duplicates 10, indexed 1,800');
  assert.deepEqual(minuteBars([], 300, 40), []);
  const dense = minuteBars(Array.from({ length: 1440 }, () => LEDGER.minutes[1]), 720, 40);
  assert.equal(dense.length, 1440);
  assert.equal(dense[1].x, 0.5, 'a day of minutes shares the width without gaps');
});

test('a sample older than five minutes is stale; no sample is not', () => {
  const now = Date.parse('2026-11-24T10:10:00.000Z');
  assert.equal(sampleStale('2026-11-24T10:09:00.000Z', now), false);
  assert.equal(sampleStale('2026-11-24T10:04:59.000Z', now), true);
  assert.equal(sampleStale(null, now), false);
});
