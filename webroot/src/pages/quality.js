// Data quality `/quality?range=15m|1h|6h|24h`, from GET /api/v1/quality?range=…, whose answer is
// {window: {from, to}, events, rejects, duplicates, score: 0..1|null (share of valid records),
//  freshness: [{type, lastEventAt, lastIngestedAt, lagMs, p50Ms, p95Ms, p99Ms, stale}],
//  rejectsByReason: [{type, reasonCode, field, count}], missingFields: [{type, field, count}],
//  duplicatesByType: [{type, count}], samples: [{rejectedAt, type, reasonCode, field, reason, payload}]};
// and the ledger panel (../ledgerPanel.js) from GET /api/v1/ledger?range=…, loaded by a refresher of its own.
import { apiGet, errorBox, query } from '../api.js';
import { empty, h, loading, replace, table } from '../dom.js';
import { fmtAgo, fmtClock, fmtInt, fmtMs, fmtPayload, fmtRate, fmtTime, fmtType } from '../format.js';
import { ledgerPanel } from '../ledgerPanel.js';
import { rangeRefresher } from '../refresher.js';

const RANGES = ['15m', '1h', '6h', '24h'];
const REFRESH_MS = 10_000;
const REASONS_SHOWN = 15;

function readRange(ctx) {
  const range = ctx.query.get('range');
  return RANGES.includes(range) ? range : '1h';
}

function list(value) {
  return Array.isArray(value) ? value : [];
}

export function mount(root, ctx) {
  const range = readRange(ctx);

  const rangeLinks = RANGES.map((name) => h('a', { href: `/quality?range=${name}`, class: 'seg', dataset: { range: name } }, name));
  const updated = h('span', { class: 'muted small' });
  const pageError = h('div', { class: 'cards-message' });

  const score = h('div', { class: 'kpi-value' }, '—');
  const scoreSub = h('div', { class: 'kpi-sub' });
  const counts = {
    events: h('div', { class: 'kpi-value' }, '—'),
    rejects: h('div', { class: 'kpi-value' }, '—'),
    duplicates: h('div', { class: 'kpi-value' }, '—'),
  };
  const windowNote = h('span', { class: 'note' });

  const freshness = h('table', { id: 'quality-freshness', class: 'grid' });
  const freshnessState = h('div', { class: 'panel-state' }, loading());
  const rejects = h('table', { id: 'quality-rejects', class: 'grid' });
  const rejectsNote = h('span', { class: 'note' });
  const moreReasons = h('div', { class: 'more' });
  const staleNote = h('span', { class: 'note' });
  let showAllReasons = false;
  const rejectsState = h('div', { class: 'panel-state' }, loading());
  const missing = h('div', { class: 'panel-body' }, loading());
  const duplicates = h('div', { class: 'panel-body' }, loading());
  const samples = h('div', { id: 'quality-samples', class: 'samples' }, loading());
  const ledger = ledgerPanel();

  root.append(
    h('div', { class: 'toolbar' },
      h('h1', null, 'Data quality'),
      h('div', { class: 'segmented', role: 'group', 'aria-label': 'Range' }, rangeLinks),
      updated, h('span', { class: 'spacer' }), windowNote),
    pageError,
    h('div', { class: 'kpis kpis-4' },
      h('div', { id: 'quality-score', class: 'kpi kpi-score' }, h('div', { class: 'kpi-label' }, 'Quality score'), score, scoreSub),
      h('div', { class: 'kpi' }, h('div', { class: 'kpi-label' }, 'Valid events'), counts.events),
      h('div', { class: 'kpi' }, h('div', { class: 'kpi-label' }, 'Schema rejects'), counts.rejects),
      h('div', { class: 'kpi' }, h('div', { class: 'kpi-label' }, 'Duplicates'), counts.duplicates)),
    ledger.element,
    h('section', { class: 'panel' },
      h('header', { class: 'panel-head' }, h('h3', null, 'Freshness by type'),
        h('span', { class: 'note' }, 'lag: age of the newest event · delay: ingested_at − timestamp'), staleNote),
      freshnessState, h('div', { class: 'table-scroll' }, freshness)),
    h('div', { class: 'grid-3' },
      h('section', { class: 'panel span-2' },
        h('header', { class: 'panel-head' }, h('h3', null, 'Rejects by reason'), rejectsNote),
        rejectsState, h('div', { class: 'table-scroll' }, rejects), moreReasons),
      h('div', { class: 'stack' },
        h('section', { class: 'panel' }, h('header', { class: 'panel-head' }, h('h3', null, 'Missing fields')), missing),
        h('section', { class: 'panel' }, h('header', { class: 'panel-head' }, h('h3', null, 'Duplicates by type')), duplicates))),
    h('section', { class: 'panel' },
      h('header', { class: 'panel-head' }, h('h3', null, 'Rejected samples'), h('span', { class: 'note' }, 'the 20 most recent, raw payloads as received (cut at 2,000 characters)')),
      samples));

  function showError(failure) {
    shown = null;
    const box = () => errorBox(failure, 'Data quality');
    replace(pageError, box());
    score.textContent = '—';
    scoreSub.textContent = '';
    document.getElementById('quality-score').className = 'kpi kpi-score';
    Object.values(counts).forEach((el) => { el.textContent = '—'; });
    replace(freshnessState, box());
    replace(freshness);
    replace(rejectsState, box());
    replace(rejects);
    replace(moreReasons);
    rejectsNote.textContent = '';
    replace(missing, box());
    replace(duplicates, box());
    replace(samples, box());
  }

  let shown = null;

  function show(answer) {
    const text = JSON.stringify(answer);
    if (text === shown) {
      return;
    }
    shown = text;
    replace(pageError);
    const window = answer.window ?? {};
    windowNote.textContent = `${fmtTime(window.from)} → ${fmtTime(window.to)}`;
    score.textContent = fmtRate(answer.score);
    const scoreElement = document.getElementById('quality-score');
    scoreElement.dataset.score = answer.score == null ? '' : String(answer.score);
    scoreElement.className = `kpi kpi-score${answer.score == null ? '' : answer.score < 0.95 ? ' kpi-bad' : answer.score < 0.99 ? ' kpi-warn' : ' kpi-good'}`;
    scoreSub.textContent = answer.score == null ? 'no records in the window' : 'share of valid records';
    counts.events.textContent = fmtInt(answer.events);
    counts.rejects.textContent = fmtInt(answer.rejects);
    counts.duplicates.textContent = fmtInt(answer.duplicates);

    const fresh = list(answer.freshness);
    replace(freshnessState, fresh.length ? null : empty('No events in the window.'));
    staleNote.textContent = answer.staleAfterSeconds == null ? '' : `stale after ${fmtInt(answer.staleAfterSeconds)} s without an event`;
    replace(freshness, ...table(
      ['Type', { label: 'Events', class: 'num' }, 'Last event', 'Last ingested', { label: 'Lag', class: 'num' },
        { label: 'Delay p50', class: 'num' }, { label: 'p95', class: 'num' }, { label: 'p99', class: 'num' }, 'State'],
      fresh.map((row) => h('tr', { class: row.stale ? 'row-bad' : '', dataset: { type: row.type ?? '' } },
        h('td', null, fmtType(row.type)),
        h('td', { class: 'num' }, fmtInt(row.events)),
        h('td', { title: row.lastEventAt ?? '' }, row.lastEventAt ? `${fmtClock(row.lastEventAt)} (${fmtAgo(row.lastEventAt)})` : 'none in the window'),
        h('td', { title: row.lastIngestedAt ?? '' }, fmtClock(row.lastIngestedAt)),
        h('td', { class: 'num' }, fmtMs(row.lagMs)),
        h('td', { class: 'num' }, fmtMs(row.p50Ms)),
        h('td', { class: 'num' }, fmtMs(row.p95Ms)),
        h('td', { class: 'num' }, fmtMs(row.p99Ms)),
        h('td', null, row.stale ? h('span', { class: 'pill pill-bad' }, 'stale') : h('span', { class: 'pill pill-ok' }, 'fresh'))))).childNodes);

    const byReason = list(answer.rejectsByReason);
    const totalRejects = byReason.reduce((sum, row) => sum + (row.count ?? 0), 0);
    replace(rejectsState, byReason.length ? null : empty('No rejects in the window.'));
    const shownReasons = showAllReasons ? byReason : byReason.slice(0, REASONS_SHOWN);
    replace(moreReasons, byReason.length > REASONS_SHOWN
      ? h('button', { type: 'button', class: 'btn btn-small', onclick: () => {
        showAllReasons = !showAllReasons;
        shown = null;
        show(answer);
      } }, showAllReasons ? `Show the top ${REASONS_SHOWN}` : `Show all ${fmtInt(byReason.length)}`)
      : null);
    rejectsNote.textContent = `${fmtInt(totalRejects)} rejects in ${fmtInt(byReason.length)} groups`;
    replace(rejects, ...table(
      ['Type', 'Reason', 'Field', { label: 'Count', class: 'num' }, { label: 'Share', class: 'num' }],
      shownReasons.map((row) => h('tr', null,
        h('td', null, row.type ? fmtType(row.type) : h('span', { class: 'muted' }, 'unknown')),
        h('td', null, h('span', { class: 'pill pill-warn' }, row.reasonCode ?? '—')),
        h('td', { class: 'mono' }, row.field || '—'),
        h('td', { class: 'num' }, fmtInt(row.count)),
        h('td', { class: 'num' }, fmtRate(totalRejects ? row.count / totalRejects : null))))).childNodes);

    const missingRows = list(answer.missingFields);
    replace(missing, missingRows.length
      ? table(['Type', 'Field', { label: 'Count', class: 'num' }], missingRows.map((row) => h('tr', null,
        h('td', null, fmtType(row.type)), h('td', { class: 'mono' }, row.field ?? '—'), h('td', { class: 'num' }, fmtInt(row.count)))),
      { class: 'grid compact' })
      : empty('No missing fields.'));

    const duplicateRows = list(answer.duplicatesByType);
    replace(duplicates, duplicateRows.length
      ? table(['Type', { label: 'Count', class: 'num' }], duplicateRows.map((row) => h('tr', null,
        h('td', null, fmtType(row.type)), h('td', { class: 'num' }, fmtInt(row.count)))), { class: 'grid compact' })
      : empty('No duplicates.'));

    const sampleRows = list(answer.samples);
    const sampleKey = (sample) => `${sample.rejectedAt}|${sample.type}|${sample.reasonCode}|${sample.field}`;
    const open = new Set([...samples.querySelectorAll('details[open]')].map((el) => el.dataset.key));
    replace(samples, sampleRows.length ? sampleRows.map((sample) => h('details', { class: 'sample',
      dataset: { key: sampleKey(sample) }, open: open.has(sampleKey(sample)) },
      h('summary', null,
        h('span', { class: 'mono small' }, fmtTime(sample.rejectedAt, { millis: true })), ' ',
        sample.type ? h('span', { class: `type type-${sample.type}` }, fmtType(sample.type)) : h('span', { class: 'muted' }, 'unknown type'), ' ',
        h('span', { class: 'pill pill-warn' }, sample.reasonCode ?? '—'), ' ',
        sample.field ? h('code', null, sample.field) : null, ' ',
        h('span', { class: 'sample-reason' }, sample.reason ?? '')),
      h('pre', { class: 'json' }, fmtPayload(sample.payload ?? ''))))
      : empty('No rejected records in the window.'));
  }

  const refresher = rangeRefresher({
    links: rangeLinks,
    everyMs: REFRESH_MS,
    load: (at, signal) => apiGet(`/api/v1/quality${query({ range: at })}`, { signal }),
    show,
    fail: showError,
    updated,
  });
  const ledgerRefresher = rangeRefresher({
    links: rangeLinks,
    everyMs: REFRESH_MS,
    load: (at, signal) => apiGet(`/api/v1/ledger${query({ range: at })}`, { signal }),
    show: ledger.show,
    fail: ledger.fail,
    updated: ledger.updated,
  });
  refresher.set(range);
  ledgerRefresher.set(range);

  return {
    update(next) {
      const nextRange = readRange(next);
      if (nextRange !== refresher.range()) {
        refresher.set(nextRange);
        ledgerRefresher.set(nextRange);
      }
    },
    unmount() {
      refresher.stop();
      ledgerRefresher.stop();
    },
  };
}
