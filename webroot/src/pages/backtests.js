// Backtests `/backtests` and `/backtests/{id}`: a form that starts one (POST /api/v1/backtests, with the admin key)
// and the list this web process keeps (GET /api/v1/backtests); a job's page follows it (GET /api/v1/backtests/{id}
// every second while it runs) and then shows its report: each candidate rule's score beside the live rule it stands
// for, and the entities it would gain and lose, each judged true or false against the ground truth.
import { adminKey, setAdminKey } from '../adminKey.js';
import { apiGet, apiPost, errorBox, isAbort } from '../api.js';
import { backtestRequest, comparedRules, isoToLocal, progressShare } from '../backtests.js';
import { empty, entityLink, h, loading, replace, table } from '../dom.js';
import { DASH, fmtInt, fmtMs, fmtNum, fmtRate, fmtTime } from '../format.js';

const EXAMPLE = `- name: ip_login_failures
  description: One address failing many logins in a short time.
  severity: high
  entity: ip
  window: 2m
  filter: action == "login"
  features:
    attempts: count()
    failures: count(not success)
    failure_rate: failures / attempts
  condition: failures >= 5 and failure_rate >= 0.5
`;

export function mount(root, ctx) {
  return ctx.params.id ? mountJob(root, ctx) : mountList(root, ctx);
}

function mountList(root, ctx) {
  const now = Date.now();
  const rules = h('textarea', { id: 'backtest-rules', class: 'code-input', rows: 14, spellcheck: 'false',
    'aria-label': 'Rules' }, EXAMPLE);
  const from = h('input', { id: 'backtest-from', type: 'datetime-local', value: isoToLocal(new Date(now - 3600_000).toISOString()) });
  const to = h('input', { id: 'backtest-to', type: 'datetime-local', value: isoToLocal(new Date(now).toISOString()) });
  const grace = h('input', { id: 'backtest-grace', type: 'number', min: 0, max: 3600, value: '60' });
  const key = h('input', { id: 'backtest-admin-key', type: 'password', placeholder: 'admin key', autocomplete: 'off',
    value: adminKey() });
  const result = h('div', { id: 'backtest-result', role: 'status' });
  const list = h('div', { id: 'backtest-list', class: 'panel-body' }, loading());
  const form = h('form', { class: 'backtest-form', onsubmit: async (submit) => {
    submit.preventDefault();
    let body;
    try {
      body = backtestRequest({ rules: rules.value, from: from.value, to: to.value, graceSeconds: grace.value });
    } catch (invalid) {
      replace(result, h('div', { class: 'state state-error', role: 'alert' }, invalid.message));
      return;
    }
    setAdminKey(key.value.trim());
    replace(result, loading('Starting…'));
    try {
      const job = await apiPost('/api/v1/backtests', body, { headers: { Authorization: `Bearer ${adminKey()}` } });
      ctx.navigate(`/backtests/${encodeURIComponent(job.id)}`);
    } catch (failure) {
      replace(result, errorBox(failure, 'Not started'));
    }
  } },
  h('label', { class: 'field field-wide' }, h('span', null, 'Candidate rules (the text of a rule file)'), rules),
  h('div', { class: 'filters' },
    h('label', { class: 'field' }, h('span', null, 'From'), from),
    h('label', { class: 'field' }, h('span', null, 'To'), to),
    h('label', { class: 'field' }, h('span', null, 'Grace (s)'), grace),
    h('label', { class: 'field' }, h('span', null, 'Admin key'), key),
    h('button', { id: 'backtest-start', type: 'submit', class: 'btn btn-primary' }, 'Run backtest')),
  result);

  root.append(
    h('div', { class: 'toolbar' }, h('h1', null, 'Backtests')),
    h('section', { class: 'panel' }, h('header', { class: 'panel-head' }, h('h3', null, 'New backtest'),
      h('span', { class: 'note' }, 'replays the rules over stored events as the detector would have, every tick, with no effect')),
    h('div', { class: 'panel-body' }, form)),
    h('section', { class: 'panel' }, h('header', { class: 'panel-head' }, h('h3', null, 'Recent backtests'),
      h('span', { class: 'note' }, 'kept by this web process')), list));

  const controller = new AbortController();
  apiGet('/api/v1/backtests', { signal: controller.signal }).then((answer) => {
    replace(list, answer.backtests.length ? table(['Started', 'State', 'Rules', 'Period', 'Progress'],
      answer.backtests.map((job) => h('tr', null,
        h('td', null, h('a', { href: `/backtests/${encodeURIComponent(job.id)}` }, fmtTime(job.startedAt))),
        h('td', null, job.state),
        h('td', null, job.rules.join(', ')),
        h('td', null, `${fmtTime(job.from)} – ${fmtTime(job.to)}`),
        h('td', null, fmtRate(progressShare(job)))))) : empty('No backtest yet.'));
  }).catch((failure) => {
    if (!isAbort(failure)) {
      replace(list, errorBox(failure, 'Backtests'));
    }
  });
  return { unmount() { controller.abort(); } };
}

function mountJob(root, ctx) {
  const id = ctx.params.id;
  const head = h('div', { id: 'backtest-state' }, loading());
  const body = h('div', { id: 'backtest-report' });
  root.append(
    h('div', { class: 'toolbar' }, h('h1', null, 'Backtest'), h('span', { class: 'spacer' }),
      h('a', { href: '/backtests' }, 'All backtests')),
    h('section', { class: 'panel' }, h('div', { class: 'panel-body' }, head)),
    body);

  let timer = null;
  let controller = null;
  async function poll() {
    controller = new AbortController();
    try {
      const job = await apiGet(`/api/v1/backtests/${encodeURIComponent(id)}`, { signal: controller.signal });
      showState(job);
      if (job.state === 'running') {
        timer = setTimeout(poll, 1000);
      } else if (job.report) {
        showReport(job.report);
      }
    } catch (failure) {
      if (!isAbort(failure)) {
        replace(head, errorBox(failure, 'Backtest'));
      }
    }
  }

  function showState(job) {
    const share = progressShare(job);
    replace(head,
      h('p', null, h('strong', null, job.state), ` · rules ${job.rules.join(', ')} · ${fmtTime(job.from)} – ${fmtTime(job.to)}`,
        ` · grace ${job.graceSeconds} s`),
      h('progress', { id: 'backtest-progress', max: 1, value: share }),
      h('span', { class: 'muted small' }, ` ${fmtInt(job.progress.ticksDone)} / ${fmtInt(job.progress.ticksTotal)} rule evaluations,`
        + ` ${fmtInt(job.progress.detections)} detections so far`),
      job.error ? h('div', { class: 'state state-error', role: 'alert' }, job.error) : null);
  }

  function scoreCells(score) {
    if (!score) {
      return [h('td', { colspan: 5, class: 'muted' }, 'not run live in this period')];
    }
    const overall = score.overall;
    return [
      h('td', { class: 'num' }, fmtInt(overall.detections)),
      h('td', { class: 'num' }, fmtNum(overall.precision)),
      h('td', { class: 'num' }, fmtNum(score.entityLevel ? overall.recall : overall.windowRecall)),
      h('td', { class: 'num' }, fmtMs(overall.timeToDetectP95Ms)),
      h('td', { class: 'num' }, fmtNum(score.falsePerCalmHour)),
    ];
  }

  function changes(title, side, sign) {
    return h('div', { class: 'backtest-changes' },
      h('h4', null, `${title}: ${side.true + side.false} (${side.true} true, ${side.false} false)`),
      side.entities.length ? h('ul', null, side.entities.map((change) => h('li', null, `${sign} `,
        entityLink(change.kind, change.entity), ` at ${fmtTime(change.detectedAt)} `,
        h('span', { class: `pill ${change.correct ? 'pill-ok' : 'pill-bad'}` },
          change.correct ? `true · ${change.scenario}` : 'false')))) : null);
  }

  function showReport(report) {
    const rows = comparedRules(report).flatMap(({ candidate, against, live }) => [
      h('tr', null, h('td', null, candidate.rule), h('td', null, 'backtest'), scoreCells(candidate)),
      h('tr', { class: 'muted-row' }, h('td', null, `↳ ${against}`), h('td', null, 'live'), scoreCells(live)),
    ]);
    replace(body,
      h('section', { class: 'panel' }, h('header', { class: 'panel-head' }, h('h3', null, 'Score'),
        h('span', { class: 'note' }, `${fmtInt(report.events)} events, ${fmtInt(report.ticks)} ticks × ${report.rules} rules in ${fmtMs(report.elapsedMs)}`)),
      report.requestedTo ? h('p', { class: 'muted small', id: 'backtest-cut' }, `The live rules were evaluated up to ${fmtTime(report.to)},`
        + ` so the period ends there rather than at ${fmtTime(report.requestedTo)}.`) : null,
      h('div', { class: 'table-scroll' }, table(['Rule', 'Side', 'Detections', 'Precision', 'Recall', 'TTD p95', 'False / calm h'],
        rows, { id: 'backtest-scores' }))),
      h('section', { class: 'panel' }, h('header', { class: 'panel-head' }, h('h3', null, 'What would change'),
        h('span', { class: 'note' }, 'entities detected by one side only')),
      h('div', { class: 'panel-body', id: 'backtest-diff' }, report.diff.length ? report.diff.map((rule) => h('div', null,
        h('h4', null, `${rule.rule} vs live ${rule.against}`),
        changes('Gained', rule.gained, '+'),
        changes('Lost', rule.lost, '−'))) : empty(DASH))));
  }

  poll();
  return { unmount() { clearTimeout(timer); controller?.abort(); } };
}
