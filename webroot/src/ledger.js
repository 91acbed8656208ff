// The quality page's ledger panel, its pure part (no DOM, tested in test/ledger.test.mjs). The answer is
// GET /api/v1/ledger's Ledger: {window: {from, to}, settleSeconds, sampledAt (null before the first sample),
//  totals: LedgerCounts, minutes: [LedgerCounts & {minute, state}], partitions: [LedgerCounts & {topic, partition, state}],
//  ranges, rangesTruncated, discrepancies: [{kind: lost|duplicated, topic, partition, minute, count,
//  offsets: [{from, to}], truncated}]},
// LedgerCounts being {produced, consumed, stored, rejected, duplicates, indexed, difference, lost, duplicated,
// unsettled} and a state one of STATES.
import { fmtClock, fmtInt } from './format.js';

export const STATES = ['pending', 'behind', 'balanced', 'lost', 'duplicated'];

/** The pill tone of each state: waiting is quiet, a worker behind is a warning, any loss or duplicate is bad. */
export const STATE_TONES = { pending: 'quiet', behind: 'warn', balanced: 'ok', lost: 'bad', duplicated: 'bad' };

/** A sample older than this says the ledger stopped sampling (the ledger's staleness alert waits as long). */
export const STALE_SAMPLE_MS = 5 * 60_000;

/**
 * The stages a record passes, in order, grouped as the panel draws them: produced → consumed → stored + rejected +
 * duplicates → indexed; each group's stages are added up, the groups follow one another.
 */
export const STAGE_GROUPS = [
  [{ stage: 'produced', label: 'Produced', note: 'written to the event topics' }],
  [{ stage: 'consumed', label: 'Consumed', note: "committed by the worker's group" }],
  [
    { stage: 'stored', label: 'Stored', note: 'rows of events' },
    { stage: 'rejected', label: 'Rejected', note: 'rows of rejected_events' },
    { stage: 'duplicates', label: 'Duplicates', note: 'rows of duplicate_events' },
  ],
  [{ stage: 'indexed', label: 'Indexed', note: "committed by the indexer's group" }],
];

function list(value) {
  return Array.isArray(value) ? value : [];
}

function count(value) {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/** The tone of a state, 'quiet' for one this page does not know. */
export function toneOf(state) {
  return STATE_TONES[state] ?? 'quiet';
}

/**
 * The stage groups with the window's totals: [[{stage, label, note, value}]], and for consumed and indexed how many
 * produced records their group has not committed yet, as `behind`.
 */
export function stageFlow(totals) {
  const produced = count(totals?.produced);
  return STAGE_GROUPS.map((group) => group.map((item) => {
    const value = totals && typeof totals[item.stage] === 'number' ? totals[item.stage] : null;
    const behind = (item.stage === 'consumed' || item.stage === 'indexed') && value !== null
      ? Math.max(0, produced - value) : null;
    return { ...item, value, behind };
  }));
}

/**
 * What the reconciliation says: {kind, title, detail}. `empty` before the first sample of the offsets, `clear` when
 * no settled record is lost or duplicated, `problem` otherwise, naming how many partitions the discrepancies touch.
 */
export function verdictOf(answer) {
  if (!answer || answer.sampledAt == null) {
    return { kind: 'empty', title: 'No offsets sampled yet',
      detail: "the web role samples the topics' end offsets every ledger.sampleSeconds once the ledger runs" };
  }
  const totals = answer.totals ?? {};
  const lost = count(totals.lost);
  const duplicated = count(totals.duplicated);
  const unsettled = count(totals.unsettled);
  const settled = Math.max(0, count(totals.produced) - unsettled);
  const waiting = unsettled ? `; ${fmtInt(unsettled)} not settled yet` : '';
  if (lost === 0 && duplicated === 0) {
    return { kind: 'clear', title: '0 lost, 0 duplicated',
      detail: count(totals.produced) ? `all ${fmtInt(settled)} settled records accounted for exactly once${waiting}`
        : 'no record produced in the window' };
  }
  const partitions = new Set(list(answer.discrepancies).map((d) => `${d.topic}\u0000${d.partition}`)).size;
  const where = partitions ? `, in ${fmtInt(partitions)} partition${partitions === 1 ? '' : 's'}` : '';
  return { kind: 'problem', title: `${fmtInt(lost)} lost, ${fmtInt(duplicated)} duplicated`,
    detail: `of ${fmtInt(settled)} settled records${where}${waiting}` };
}

/** Whether the newest sample is older than STALE_SAMPLE_MS at `now`; false before any sample. */
export function sampleStale(sampledAt, now = Date.now()) {
  const at = sampledAt == null ? Number.NaN : Date.parse(sampledAt);
  return Number.isFinite(at) && now - at > STALE_SAMPLE_MS;
}

/** Kafka offsets as an operator types them, without separators: [{from: 7, to: 10}, {from: 12, to: 13}] → "7–9, 12". */
export function fmtOffsetRuns(offsets, truncated = false) {
  const runs = list(offsets)
    .filter((run) => run && Number.isInteger(run.from) && Number.isInteger(run.to) && run.to > run.from)
    .map((run) => (run.to - run.from === 1 ? String(run.from) : `${run.from}–${run.to - 1}`));
  const text = runs.join(', ');
  return truncated ? `${text}${text ? ', ' : ''}… (the first ${runs.length} shown)` : text;
}

/** Partitions by topic, then partition number. */
export function partitionRows(partitions) {
  return list(partitions).filter((row) => row && typeof row === 'object')
    .sort((a, b) => String(a.topic).localeCompare(String(b.topic)) || count(a.partition) - count(b.partition));
}

/** Discrepancies newest minute first, then by topic, partition and kind, each with its offsets as text. */
export function discrepancyRows(discrepancies) {
  return list(discrepancies).filter((row) => row && typeof row === 'object')
    .map((row) => ({ ...row, runs: fmtOffsetRuns(row.offsets, row.truncated === true) }))
    .sort((a, b) => (Date.parse(b.minute) || 0) - (Date.parse(a.minute) || 0)
      || String(a.topic).localeCompare(String(b.topic)) || count(a.partition) - count(b.partition)
      || String(a.kind).localeCompare(String(b.kind)));
}

/** How many minutes are in each state, in the order of STATES, states with none left out: [{state, minutes}]. */
export function stateCounts(minutes) {
  const counts = new Map();
  list(minutes).forEach((row) => counts.set(row?.state, (counts.get(row?.state) ?? 0) + 1));
  return [...STATES, ...[...counts.keys()].filter((state) => !STATES.includes(state))]
    .filter((state) => counts.has(state)).map((state) => ({ state, minutes: counts.get(state) }));
}

/** What a minute's bar says on hover. */
export function minuteTitle(row) {
  const parts = [`produced ${fmtInt(row.produced)}`, `stored ${fmtInt(row.stored)}`, `rejected ${fmtInt(row.rejected)}`,
    `duplicates ${fmtInt(row.duplicates)}`, `indexed ${fmtInt(row.indexed)}`];
  if (count(row.lost)) {
    parts.push(`lost ${fmtInt(row.lost)}`);
  }
  if (count(row.duplicated)) {
    parts.push(`duplicated ${fmtInt(row.duplicated)}`);
  }
  return `${fmtClock(row.minute)} UTC · ${row.state} · ${parts.join(', ')}`;
}

/**
 * A bar per minute, oldest on the left, across a `width` × `height` box: its height the records produced in the
 * minute against the busiest one (at least `floor`, so an idle minute still shows its state), its colour its state.
 * Answers [{x, y, width, height, state, title}].
 */
export function minuteBars(minutes, width, height, floor = 2) {
  const rows = list(minutes).filter((row) => row && typeof row === 'object');
  if (!rows.length) {
    return [];
  }
  const busiest = Math.max(1, ...rows.map((row) => count(row.produced)));
  const slot = width / rows.length;
  const gap = slot > 3 ? 1 : 0;
  const round = (n) => Math.round(n * 100) / 100;
  return rows.map((row, i) => {
    const barHeight = Math.max(floor, (count(row.produced) / busiest) * height);
    return { x: round(i * slot), y: round(height - barHeight), width: round(slot - gap), height: round(barHeight),
      state: row.state, title: minuteTitle(row) };
  });
}
