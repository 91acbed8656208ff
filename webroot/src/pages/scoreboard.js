// The scoreboard `/scoreboard?range=1h|6h|24h`, from GET /api/v1/detections/score?range=…&buckets=12 (its JSON form in
// ../scoreboard.js): a row per rule, a shadow rule right under the rule it would replace; per scenario its recall,
// precision and time to detect p95; overall its precision, recall, window recall and false detections per calm hour;
// and a sparkline of its recall and precision over the period's slices. Refreshed every 30 s.
import { apiGet, errorBox, query } from '../api.js';
import { empty, h, loading, replace, table } from '../dom.js';
import { fmtInt, fmtMs, fmtNum, fmtTime, fmtType } from '../format.js';
import { rangeRefresher } from '../refresher.js';
import { BUCKETS, RANGES, boardRows, fmtShare, readRange, recallOf, scenariosOf, sparkPath, trendOf } from '../scoreboard.js';

const REFRESH_MS = 30_000;
const SVG = 'http://www.w3.org/2000/svg';
const SPARK_WIDTH = 120;
const SPARK_HEIGHT = 26;

function svg(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  Object.entries(attrs).forEach(([key, value]) => el.setAttribute(key, String(value)));
  children.forEach((child) => el.appendChild(child));
  return el;
}

function sparkline(trend, ruleScore) {
  const { recall, precision } = trendOf(trend, ruleScore);
  const recallName = ruleScore.entityLevel === false ? 'window recall' : 'recall';
  const title = svg('title', {});
  title.textContent = `${recallName} ${recall.map(fmtShare).join(' ')} · precision ${precision.map(fmtShare).join(' ')}`;
  return svg('svg', { class: 'spark', width: SPARK_WIDTH, height: SPARK_HEIGHT, viewBox: `0 0 ${SPARK_WIDTH} ${SPARK_HEIGHT}`,
    role: 'img', 'aria-label': `trend of ${ruleScore.rule}` }, title,
  svg('line', { class: 'spark-axis', x1: 0, x2: SPARK_WIDTH, y1: SPARK_HEIGHT - 2, y2: SPARK_HEIGHT - 2 }),
  svg('path', { class: 'spark-precision', d: sparkPath(precision, SPARK_WIDTH, SPARK_HEIGHT) }),
  svg('path', { class: 'spark-recall', d: sparkPath(recall, SPARK_WIDTH, SPARK_HEIGHT) }));
}

function scenarioCell(ruleScore, score) {
  const recall = recallOf(ruleScore, score);
  const found = score ? `${fmtInt(score.targetsFound)} of ${fmtInt(score.targets)} targets, ` : '';
  return h('td', { class: 'score-cell nowrap', title: score ? `${recall.byWindow ? 'window recall' : 'recall'} · precision · `
      + `time to detect p95 (${found}${fmtInt(score.trueDetections)} of ${fmtInt(score.detections)} detections true)` : '' },
    h('span', { class: 'score-recall' }, fmtShare(recall.value), recall.byWindow && recall.value != null ? 'ʷ' : ''),
    h('span', { class: 'score-sep' }, ' · '),
    h('span', { class: 'score-precision' }, fmtShare(score?.precision)),
    h('span', { class: 'score-sep' }, ' · '),
    h('span', { class: 'score-ttd' }, fmtMs(score?.timeToDetectP95Ms)));
}

function ruleCell(row) {
  const { score } = row;
  return h('td', { class: 'nowrap score-rule' },
    row.nested ? h('span', { class: 'muted', 'aria-hidden': 'true' }, '↳ ') : null,
    h('span', { class: 'mono' }, score.rule),
    h('span', { class: `kind kind-${score.kind}` }, score.kind),
    row.shadow ? h('span', { class: 'pill pill-warn', title: score.replaces ? `would replace ${score.replaces}` : 'shadow: recorded, takes no effect' }, 'shadow') : null,
    score.mode == null ? h('span', { class: 'pill pill-quiet', title: 'not evaluated by the detector in the period' }, 'not evaluated') : null);
}

export function mount(root, ctx) {
  const range = readRange(ctx.query.get('range'));
  let shown = null;

  const rangeLinks = RANGES.map((name) => h('a', { href: `/scoreboard?range=${name}`, class: 'seg', dataset: { range: name } }, name));
  const updated = h('span', { class: 'muted small' });
  const periodNote = h('span', { class: 'note' });
  const windowsNote = h('span', { id: 'scoreboard-windows', class: 'note' });
  const body = h('div', { id: 'scoreboard', class: 'panel-body' }, loading());

  root.append(
    h('div', { class: 'toolbar' },
      h('h1', null, 'Scoreboard'),
      h('div', { class: 'segmented', role: 'group', 'aria-label': 'Range' }, rangeLinks),
      updated, h('span', { class: 'spacer' }), periodNote),
    h('section', { class: 'panel' },
      h('header', { class: 'panel-head' }, h('h3', null, 'Rules against the ground truth'), windowsNote),
      body,
      h('p', { class: 'muted small score-legend' },
        'Per scenario: recall · precision · time to detect p95 (ʷ: window recall, for a rule on networks or the stream). ',
        'Trend: ', h('span', { class: 'legend-recall' }, 'recall'), ' and ', h('span', { class: 'legend-precision' }, 'precision'),
        ` over ${BUCKETS} slices of the period. — : nothing to count.`)));

  function show(answer) {
    const text = JSON.stringify(answer);
    if (text === shown) {
      return;
    }
    shown = text;
    const period = answer.period ?? {};
    periodNote.textContent = `${fmtTime(period.from)} → ${fmtTime(period.to)} · grace ${fmtInt(period.graceSeconds)} s`;
    const windows = Object.entries(period.windows ?? {});
    windowsNote.textContent = `${windows.length ? windows.map(([scenario, count]) => `${fmtType(scenario)} ${fmtInt(count)}`).join(', ')
      : 'no attack window'} · ${fmtNum(period.calmHours)} calm hours`;
    const scenarios = scenariosOf(answer);
    const rows = boardRows(answer.rules);
    replace(body, rows.length
      ? h('div', { class: 'table-scroll' }, table(
        ['Rule', ...scenarios.map((scenario) => ({ label: fmtType(scenario), class: 'score-cell' })),
          { label: 'Precision', class: 'num' }, { label: 'Recall', class: 'num' }, { label: 'Window recall', class: 'num' },
          { label: 'False / calm h', class: 'num' }, 'Trend'],
        rows.map((row) => {
          const { score } = row;
          const overall = score.overall ?? {};
          return h('tr', { class: `score-row${row.nested ? ' score-shadow' : ''}`, dataset: { rule: score.rule, mode: score.mode ?? '' } },
            ruleCell(row),
            scenarios.map((scenario) => scenarioCell(score, score.scenarios?.[scenario])),
            h('td', { class: 'num', title: `${fmtInt(overall.trueDetections)} of ${fmtInt(overall.detections)} detections true` },
              fmtShare(overall.precision)),
            h('td', { class: 'num', title: `${fmtInt(overall.targetsFound)} of ${fmtInt(overall.targets)} targets found` },
              fmtShare(overall.recall)),
            h('td', { class: 'num', title: `${fmtInt(overall.windowsCaught)} of ${fmtInt(overall.windows)} windows caught` },
              fmtShare(overall.windowRecall)),
            h('td', { class: 'num', title: `${fmtInt(score.calmFalseDetections)} false detections in calm time` },
              fmtNum(score.falsePerCalmHour)),
            h('td', { class: 'score-trend' }, sparkline(answer.trend, score)));
        }), { class: 'grid compact scoreboard' }))
      : empty('The detector evaluated no rule in this period.'));
  }

  const refresher = rangeRefresher({
    links: rangeLinks,
    everyMs: REFRESH_MS,
    load: (at, signal) => apiGet(`/api/v1/detections/score${query({ range: at, buckets: BUCKETS })}`, { signal }),
    show,
    fail: (failure) => {
      shown = null;
      replace(body, errorBox(failure, 'Scoreboard'));
    },
    updated,
  });
  refresher.set(range);

  return {
    update(next) {
      const nextRange = readRange(next.query.get('range'));
      if (nextRange !== refresher.range()) {
        refresher.set(nextRange);
      }
    },
    unmount() {
      refresher.stop();
    },
  };
}
