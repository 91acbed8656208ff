// The quality page's ledger panel, from GET /api/v1/ledger?range=… (its JSON form in ledger.js): the window's totals
// stage by stage, the reconciliation's verdict, a bar per minute coloured by its state, each partition's counts, and
// every loss and duplicate by topic, partition and offsets. Its own refresher loads it beside the page's quality
// answer, so a ledger that cannot answer leaves the rest of the page alone.
import { errorBox } from './api.js';
import { empty, h, loading, replace, table } from './dom.js';
import { fmtAgo, fmtClock, fmtInt, fmtTime } from './format.js';
import {
  discrepancyRows, minuteBars, partitionRows, sampleStale, stageFlow, stateCounts, toneOf, verdictOf,
} from './ledger.js';

const SVG = 'http://www.w3.org/2000/svg';
const CHART_WIDTH = 720;
const CHART_HEIGHT = 56;
const COUNT_COLUMNS = ['produced', 'consumed', 'stored', 'rejected', 'duplicates', 'indexed', 'difference', 'lost',
  'duplicated', 'unsettled'];

function svg(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  Object.entries(attrs).forEach(([key, value]) => el.setAttribute(key, String(value)));
  children.forEach((child) => el.appendChild(child));
  return el;
}

function statePill(state) {
  return h('span', { class: `pill pill-${toneOf(state)}` }, state ?? '—');
}

function stageBox(stage) {
  return h('div', { class: 'ledger-stage', dataset: { stage: stage.stage }, title: stage.note },
    h('div', { class: 'kpi-label' }, stage.label),
    h('div', { class: 'ledger-stage-value' }, fmtInt(stage.value)),
    h('div', { class: 'kpi-sub' }, stage.behind ? `${fmtInt(stage.behind)} not committed yet` : stage.note));
}

function flow(totals) {
  const groups = stageFlow(totals).map((group) => h('div', { class: 'ledger-group' },
    group.map((stage, i) => [i ? h('span', { class: 'ledger-op', 'aria-hidden': 'true' }, '+') : null, stageBox(stage)])));
  return groups.map((group, i) => [i ? h('span', { class: 'ledger-op', 'aria-hidden': 'true' }, '→') : null, group]);
}

function minuteChart(minutes) {
  const bars = minuteBars(minutes, CHART_WIDTH, CHART_HEIGHT);
  if (!bars.length) {
    return empty('No minute in the window.');
  }
  return svg('svg', { id: 'ledger-minutes-chart', class: 'ledger-minutes', viewBox: `0 0 ${CHART_WIDTH} ${CHART_HEIGHT}`,
    preserveAspectRatio: 'none', role: 'img', 'aria-label': 'records produced per minute, coloured by state' },
  ...bars.map((bar) => {
    const title = svg('title', {});
    title.textContent = bar.title;
    return svg('rect', { class: `ledger-bar ledger-bar-${toneOf(bar.state)}`, x: bar.x, y: bar.y, width: bar.width,
      height: bar.height }, title);
  }));
}

function countCells(row) {
  return COUNT_COLUMNS.map((column) => h('td', { class: `num${(column === 'lost' || column === 'duplicated') && row[column]
    ? ' error-text' : ''}` }, fmtInt(row[column])));
}

/**
 * The panel: {element, updated (the note a refresher writes its time in), show(ledger), fail(failure)}; range
 * switching is the page's.
 */
export function ledgerPanel() {
  const updated = h('span', { class: 'note' });
  const windowNote = h('span', { class: 'note' });
  const verdict = h('div', { id: 'ledger-verdict', class: 'ledger-verdict', role: 'status' }, loading());
  const stages = h('div', { id: 'ledger-stages', class: 'ledger-flow' });
  const minutesLegend = h('span', { class: 'note' });
  const minutes = h('div', { id: 'ledger-minutes', class: 'panel-body' });
  const partitions = h('div', { id: 'ledger-partitions', class: 'table-scroll' });
  const discrepanciesNote = h('span', { class: 'note' });
  const discrepancies = h('div', { id: 'ledger-discrepancies', class: 'table-scroll' });
  const details = h('div', { class: 'ledger-details' },
    h('h4', null, 'Per minute ', minutesLegend), minutes,
    h('h4', null, 'Per partition'), partitions,
    h('h4', null, 'Discrepancies ', discrepanciesNote), discrepancies);
  details.hidden = true;
  let shown = null;

  const element = h('section', { id: 'ledger', class: 'panel' },
    h('header', { class: 'panel-head' }, h('h3', null, 'Ledger'),
      h('span', { class: 'note' }, 'every record of the event topics, stage by stage'), windowNote,
      h('span', { class: 'spacer' }), updated),
    verdict, stages, details);

  function showVerdict(answer) {
    const said = verdictOf(answer);
    verdict.className = `ledger-verdict ledger-verdict-${said.kind}`;
    verdict.dataset.state = said.kind;
    const stale = sampleStale(answer?.sampledAt);
    replace(verdict,
      h('strong', { class: 'ledger-verdict-title' }, said.title),
      h('span', { class: 'ledger-verdict-detail' }, said.detail),
      answer?.sampledAt ? h('span', { class: 'note', title: fmtTime(answer.sampledAt) },
        `offsets sampled ${fmtAgo(answer.sampledAt)} · settled ${fmtInt(answer.settleSeconds)} s after their minute`) : null,
      stale ? h('span', { class: 'pill pill-warn' }, 'sampling stopped?') : null);
  }

  function show(answer) {
    // the verdict every time: how old the sample is changes while the answer does not
    showVerdict(answer);
    const text = JSON.stringify(answer);
    if (text === shown) {
      return;
    }
    shown = text;
    const window = answer.window ?? {};
    windowNote.textContent = `${fmtTime(window.from)} → ${fmtTime(window.to)}`;
    if (answer.sampledAt == null) {
      replace(stages);
      details.hidden = true;
      return;
    }
    details.hidden = false;
    replace(stages, flow(answer.totals));

    replace(minutesLegend, stateCounts(answer.minutes).map(({ state, minutes: n }) => h('span', { class: 'ledger-key' },
      h('span', { class: `ledger-swatch ledger-swatch-${toneOf(state)}`, 'aria-hidden': 'true' }), `${state} ${fmtInt(n)}`)));
    replace(minutes, minuteChart(answer.minutes));

    const rows = partitionRows(answer.partitions);
    replace(partitions, rows.length
      ? table(['Topic', { label: 'Partition', class: 'num' }, ...COUNT_COLUMNS.map((label) => ({ label, class: 'num' })), 'State'],
        rows.map((row) => h('tr', { class: `ledger-partition${toneOf(row.state) === 'bad' ? ' row-bad' : ''}`,
          dataset: { topic: row.topic ?? '', partition: String(row.partition ?? '') } },
        h('td', { class: 'mono' }, row.topic ?? '—'), h('td', { class: 'num' }, String(row.partition ?? '—')),
        countCells(row), h('td', null, statePill(row.state)))), { class: 'grid compact' })
      : empty('No partition produced in the window.'));

    const found = discrepancyRows(answer.discrepancies);
    discrepanciesNote.textContent = found.length ? `${fmtInt(found.length)}, settled ranges only` : '';
    replace(discrepancies, found.length
      ? table(['Kind', 'Topic', { label: 'Partition', class: 'num' }, 'Minute', { label: 'Count', class: 'num' }, 'Offsets'],
        found.map((row) => h('tr', { class: 'ledger-discrepancy', dataset: { kind: row.kind ?? '' } },
          h('td', null, statePill(row.kind)),
          h('td', { class: 'mono' }, row.topic ?? '—'),
          h('td', { class: 'num' }, String(row.partition ?? '—')),
          h('td', { class: 'nowrap', title: fmtTime(row.minute) }, fmtClock(row.minute)),
          h('td', { class: 'num' }, fmtInt(row.count)),
          h('td', { class: 'mono ledger-offsets' }, row.runs))), { class: 'grid compact' })
      : empty('No record lost or duplicated in the window.'));
  }

  function fail(failure) {
    shown = null;
    verdict.className = '';
    delete verdict.dataset.state;
    windowNote.textContent = '';
    replace(verdict, errorBox(failure, 'Ledger'));
    replace(stages);
    details.hidden = true;
  }

  return { element, updated, show, fail };
}
