// Dashboard `/?range=15m|1h|6h|24h|live`. Range views read GET /api/v1/metrics/kpis and /metrics/timeseries
// (refreshed every 10 s); the live feed GET /api/v1/stream/metrics drives the attack indicator, the live charts and,
// with range=live, the KPI cards. Suspicious IPs and users come from GET /api/v1/suspicious.
import { apiGet, errorBox, isAbort, query } from '../api.js';
import { alertsPanel } from '../alerts.js';
import { attackControl, attackIndicator } from '../attack.js';
import { scenarioPanel } from '../scenarios.js';
import { chartPanel, COLORS, timeChart } from '../charts.js';
import { entityLink, h, loading, replace, table, whileVisible } from '../dom.js';
import { fmtAgo, fmtClock, fmtInt, fmtMs, fmtNum, fmtRate, fmtTime } from '../format.js';
import { subscribe } from '../sse.js';

const RANGES = ['15m', '1h', '6h', '24h', 'live'];
const DEFAULT_RANGE = '15m';
const REFRESH_MS = 10_000;
const LIVE_POINTS = 300;

/** The KPI cards: id, label, and how to read a KPI answer and a live tick into {value, sub, tone}. */
const CARDS = [
  {
    id: 'kpi-events-per-second', label: 'Events / s',
    range: (k) => ({ value: fmtNum(k.eventsPerSecond), sub: 'average over the window' }),
    live: (t) => ({ value: fmtNum(t.eventsPerSecond?.total), sub: perTypeLive(t) }),
  },
  {
    id: 'kpi-total-events', label: 'Total events',
    range: (k) => ({ value: fmtInt(k.events), sub: `${fmtInt(k.unique?.ips)} IPs · ${fmtInt(k.unique?.users)} users · ${fmtInt(k.unique?.countries)} countries` }),
    live: (t) => ({ value: fmtInt(t.eventsPerSecond?.total * t.windowSeconds), sub: `in the last ${t.windowSeconds} s` }),
  },
  {
    id: 'kpi-login-success-rate', label: 'Login success',
    range: (k) => ({ value: fmtRate(k.loginSuccessRate), sub: `account failure rate ${fmtRate(k.accountFailureRate)}`,
      tone: tone(k.loginSuccessRate == null ? null : 1 - k.loginSuccessRate, 0.1, 0.3) }),
    live: (t) => {
      const success = t.loginFailureRate == null ? null : 1 - t.loginFailureRate;
      return { value: fmtRate(success), sub: `login failure rate ${fmtRate(t.loginFailureRate)}`, tone: tone(t.loginFailureRate, 0.1, 0.3) };
    },
  },
  {
    id: 'kpi-api-p95', label: 'API latency p95',
    range: (k) => ({ value: fmtMs(k.apiLatencyMs?.p95), sub: `p50 ${fmtMs(k.apiLatencyMs?.p50)} · p99 ${fmtMs(k.apiLatencyMs?.p99)}` }),
    live: (t) => ({ value: fmtMs(t.apiLatencyMs?.p95), sub: `p50 ${fmtMs(t.apiLatencyMs?.p50)} · p99 ${fmtMs(t.apiLatencyMs?.p99)}` }),
  },
  {
    id: 'kpi-5xx-rate', label: '5xx rate',
    range: (k) => ({ value: fmtRate(k.http5xxRate), sub: 'of API requests', tone: tone(k.http5xxRate, 0.02, 0.05) }),
    live: (t) => ({ value: fmtRate(t.http5xxRate), sub: 'of API requests', tone: tone(t.http5xxRate, 0.02, 0.05) }),
  },
  {
    id: 'kpi-429-rate', label: '429 rate',
    range: (k) => ({ value: fmtRate(k.http429Rate), sub: 'rate-limited requests', tone: tone(k.http429Rate, 0.05, 0.15) }),
    live: (t) => ({ value: fmtRate(t.http429Rate), sub: 'rate-limited requests', tone: tone(t.http429Rate, 0.05, 0.15) }),
  },
  {
    id: 'kpi-bounce-rate', label: 'Email bounce rate',
    range: (k) => ({ value: fmtRate(k.emailBounceRate), sub: 'hard + soft of emails sent', tone: tone(k.emailBounceRate, 0.05, 0.1) }),
    live: (t) => ({ value: fmtRate(t.failureRates?.email_send), sub: 'failed emails (live)', tone: tone(t.failureRates?.email_send, 0.05, 0.1) }),
  },
  {
    id: 'kpi-freshness', label: 'Freshness p95',
    range: (k) => ({ value: fmtMs(k.freshnessMs?.p95),
      sub: `ingest delay · p50 ${fmtMs(k.freshnessMs?.p50)} · last event ${fmtAgo(k.lastEventAt)}`,
      tone: tone(k.freshnessMs?.p95, 5_000, 30_000) }),
    live: (t) => ({ value: fmtMs(t.lagMs), sub: 'lag: age of the newest stored event', tone: tone(t.lagMs, 5_000, 30_000) }),
  },
  {
    id: 'kpi-rejects', label: 'Schema rejects',
    range: (k) => ({ value: fmtInt(k.rejects), sub: `reject rate ${fmtRate(k.rejectRate)}`, tone: tone(k.rejectRate, 0.01, 0.05) }),
    live: (t) => ({ value: `${fmtNum(t.quality?.rejectsPerSecond)}/s`, sub: 'rejects per second' }),
  },
  {
    id: 'kpi-duplicate-rate', label: 'Duplicate rate',
    range: (k) => ({ value: fmtRate(k.duplicateRate), sub: `${fmtInt(k.duplicates)} duplicates`, tone: tone(k.duplicateRate, 0.01, 0.05) }),
    live: (t) => {
      const duplicates = t.quality?.duplicatesPerSecond;
      const events = t.eventsPerSecond?.total;
      const rate = duplicates == null || events == null || duplicates + events === 0 ? null : duplicates / (duplicates + events);
      return { value: fmtRate(rate), sub: `${fmtNum(duplicates)} duplicates/s`, tone: tone(rate, 0.01, 0.05) };
    },
  },
];

function perTypeLive(tick) {
  const perSecond = tick.eventsPerSecond ?? {};
  return `acct ${fmtNum(perSecond.account_activity)} · api ${fmtNum(perSecond.api_request)} · email ${fmtNum(perSecond.email_send)}`;
}

/** 'warn' at or above `warn`, 'bad' at or above `bad`, '' otherwise or for null. */
function tone(value, warn, bad) {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return '';
  }
  return value >= bad ? 'bad' : value >= warn ? 'warn' : '';
}

function seconds(iso) {
  return Date.parse(iso) / 1000;
}

/** The time-series charts: title, format, series, and how to read each series from a point. */
const SERIES_CHARTS = [
  { title: 'Volume by type', format: 'count', series: [
    { label: 'account activity', color: COLORS.blue, read: (p) => p.events?.account_activity ?? 0 },
    { label: 'API requests', color: COLORS.teal, read: (p) => p.events?.api_request ?? 0 },
    { label: 'emails', color: COLORS.violet, read: (p) => p.events?.email_send ?? 0 },
  ] },
  { title: 'Logins', format: 'count', series: [
    { label: 'ok', color: COLORS.green, read: (p) => p.loginsOk },
    { label: 'failed', color: COLORS.red, read: (p) => p.loginsFailed },
  ] },
  { title: 'API latency', format: 'ms', series: [
    { label: 'p50', color: COLORS.teal, read: (p) => p.apiLatencyMs?.p50 ?? null },
    { label: 'p95', color: COLORS.amber, read: (p) => p.apiLatencyMs?.p95 ?? null },
    { label: 'p99', color: COLORS.red, read: (p) => p.apiLatencyMs?.p99 ?? null },
  ] },
  { title: 'HTTP status classes', format: 'count', series: [
    { label: '2xx', color: COLORS.green, read: (p) => p.http?.['2xx'] },
    { label: '3xx', color: COLORS.grey, read: (p) => p.http?.['3xx'] },
    { label: '4xx', color: COLORS.amber, read: (p) => p.http?.['4xx'] },
    { label: '5xx', color: COLORS.red, read: (p) => p.http?.['5xx'] },
    { label: '429', color: COLORS.pink, read: (p) => p.http?.['429'] },
  ] },
  { title: 'Emails', format: 'count', series: [
    { label: 'sent', color: COLORS.violet, read: (p) => p.emailsSent },
    { label: 'bounced', color: COLORS.red, read: (p) => p.emailsBounced },
  ] },
  { title: 'Data quality', format: 'count', series: [
    { label: 'schema rejects', color: COLORS.orange, read: (p) => p.rejects },
    { label: 'duplicates', color: COLORS.grey, read: (p) => p.duplicates },
  ] },
];

const LIVE_CHARTS = [
  { title: 'Live events / s', format: 'number', series: [
    { label: 'total', color: COLORS.grey, read: (t) => t.eventsPerSecond?.total ?? null },
    { label: 'account', color: COLORS.blue, read: (t) => t.eventsPerSecond?.account_activity ?? null },
    { label: 'API', color: COLORS.teal, read: (t) => t.eventsPerSecond?.api_request ?? null },
    { label: 'email', color: COLORS.violet, read: (t) => t.eventsPerSecond?.email_send ?? null },
  ] },
  { title: 'Live failure rates', format: 'rate', series: [
    { label: 'login failures', color: COLORS.red, read: (t) => t.loginFailureRate ?? null },
    { label: '5xx', color: COLORS.orange, read: (t) => t.http5xxRate ?? null },
    { label: '429', color: COLORS.pink, read: (t) => t.http429Rate ?? null },
  ] },
];

function readRange(ctx) {
  const range = ctx.query.get('range');
  return RANGES.includes(range) ? range : null;
}

export function mount(root, ctx) {
  let range = readRange(ctx) ?? DEFAULT_RANGE;
  if (readRange(ctx) === null) {
    const withRange = new URLSearchParams(ctx.query);
    withRange.set('range', range);
    history.replaceState(null, '', `/?${withRange}`);
  }
  const live = { ticks: [], count: 0, last: null };
  let controller = null;
  let timer = null;

  // Range selector
  const rangeLinks = RANGES.map((name) => h('a', { href: `/?range=${name}`, class: 'seg', dataset: { range: name } },
    name === 'live' ? '● live' : name));
  const updated = h('span', { class: 'muted small', id: 'dashboard-updated' });
  const statusDot = h('span', { id: 'live-status', class: 'live-status', dataset: { state: 'reconnecting' }, role: 'status' }, 'connecting…');
  const tickCount = h('span', { id: 'live-tick-count', class: 'mono' }, '0');

  // Cards
  const cards = CARDS.map((card) => {
    const value = h('div', { class: 'kpi-value' }, '—');
    const sub = h('div', { class: 'kpi-sub' }, '');
    const element = h('div', { id: card.id, class: 'kpi', dataset: { source: '' } },
      h('div', { class: 'kpi-label' }, card.label), value, sub);
    return { card, element, value, sub };
  });
  const cardsMessage = h('div', { class: 'cards-message' });

  const indicator = attackIndicator();
  const control = attackControl();
  const scenarios = scenarioPanel({ askForKey: control.askForKey });
  const scenarioTimer = whileVisible(REFRESH_MS, scenarios.refresh);
  const alerts = alertsPanel();
  let bands = [];

  // Live charts
  const livePanels = LIVE_CHARTS.map((spec) => {
    const { panel, body } = chartPanel(spec.title, 'one point per tick');
    return { spec, panel, chart: timeChart(body, { format: spec.format, series: spec.series, height: 150 }) };
  });

  // Range charts
  const stepNote = h('span', { class: 'muted small' });
  const attacksNote = h('span', { class: 'muted small', id: 'attack-windows-note' });
  const seriesPanels = SERIES_CHARTS.map((spec) => {
    const { panel, body } = chartPanel(spec.title);
    const state = h('div', { class: 'chart-state' }, loading());
    body.prepend(state);
    return { spec, panel, state, chart: timeChart(body, { format: spec.format, series: spec.series }) };
  });

  // Suspicious entities and the quality summary
  const suspiciousIps = h('div', { id: 'suspicious-ips', class: 'panel-body' }, loading());
  const suspiciousUsers = h('div', { id: 'suspicious-users', class: 'panel-body' }, loading());
  const suspiciousNote = h('span', { class: 'note' });
  const qualityBody = h('div', { class: 'quality-strip', id: 'dashboard-quality' }, loading());
  const qualityLink = h('a', { href: '/quality', class: 'btn btn-small' }, 'Open data quality →');

  root.append(
    h('div', { class: 'toolbar' },
      h('h1', null, 'Dashboard'),
      h('div', { class: 'segmented', role: 'group', 'aria-label': 'Range' }, rangeLinks),
      updated,
      h('span', { class: 'spacer' }),
      h('span', { class: 'live-box' }, statusDot, ' · ', tickCount, ' ticks')),
    h('div', { class: 'top-row' }, indicator.element, alerts.element, control.element),
    scenarios.element,
    cardsMessage,
    h('div', { class: 'kpis' }, cards.map((c) => c.element)),
    h('div', { class: 'grid-2' }, livePanels.map((p) => p.panel)),
    h('div', { class: 'section-head' }, h('h2', { id: 'series-title' }, 'Over time'), stepNote, attacksNote),
    h('div', { class: 'grid-3' }, seriesPanels.map((p) => p.panel)),
    h('div', { class: 'grid-2 grid-bottom' },
      h('section', { class: 'panel' },
        h('header', { class: 'panel-head' }, h('h3', null, 'Suspicious IPs'), suspiciousNote,
          h('span', { class: 'note' }, '≥ 5 failures at ≥ 50%, or ≥ 5 users')),
        suspiciousIps),
      h('section', { class: 'panel' },
        h('header', { class: 'panel-head' }, h('h3', null, 'Suspicious users'),
          h('span', { class: 'note' }, '≥ 5 failures at ≥ 50%, or seen from ≥ 5 IPs')),
        suspiciousUsers)),
  );
  // the data-quality chart carries the window's quality figures and the way to the quality page
  const qualityPanel = seriesPanels.find((p) => p.spec.title === 'Data quality').panel;
  qualityPanel.querySelector('.panel-head').append(qualityLink);
  qualityPanel.append(qualityBody);

  function showCards(source, data) {
    for (const c of cards) {
      const shown = source === 'live' ? c.card.live(data) : c.card.range(data);
      c.value.textContent = shown.value;
      c.sub.textContent = shown.sub ?? '';
      c.sub.title = shown.sub ?? '';
      c.element.dataset.source = source;
      c.element.className = `kpi${shown.tone ? ` kpi-${shown.tone}` : ''}`;
    }
  }

  function blankCards(source) {
    for (const c of cards) {
      c.value.textContent = '—';
      c.sub.textContent = '';
      c.element.dataset.source = source;
      c.element.className = 'kpi';
    }
  }

  function onTick(tick) {
    live.count++;
    live.last = tick;
    tickCount.textContent = String(live.count);
    indicator.show(tick);
    if (tick.available) {
      live.ticks.push(tick);
      if (live.ticks.length > LIVE_POINTS) {
        live.ticks.shift();
      }
      const xs = live.ticks.map((t) => seconds(t.at));
      for (const p of livePanels) {
        p.chart.setData([xs, ...p.spec.series.map((s) => live.ticks.map(s.read))]);
      }
    }
    if (range === 'live') {
      if (tick.available) {
        replace(cardsMessage);
        showCards('live', tick);
      } else {
        replace(cardsMessage, errorBox({ message: tick.error ?? 'storage did not answer' }, 'Live metrics unavailable'));
        blankCards('live');
      }
      updated.textContent = `tick at ${fmtClock(tick.at)} UTC`;
    }
  }

  const closeFeed = subscribe('/api/v1/stream/metrics', {
    onMessage: onTick,
    onState: (state) => {
      statusDot.dataset.state = state;
      statusDot.textContent = state === 'connected' ? 'connected' : live.count === 0 ? 'connecting…' : 'reconnecting…';
      if (state !== 'connected') {
        indicator.disconnected();
      }
    },
  });

  function windowRange() {
    return range === 'live' ? '15m' : range;
  }

  async function refresh() {
    if (controller) {
      controller.abort();
    }
    controller = new AbortController();
    const { signal } = controller;
    const windowName = windowRange();
    const params = query({ range: windowName });
    const tasks = [
      apiGet(`/api/v1/metrics/kpis${params}`, { signal }).then((kpis) => {
        if (range !== 'live') {
          replace(cardsMessage);
          showCards('range', kpis);
        }
        showQuality(kpis);
      }, (failure) => {
        if (isAbort(failure)) {
          return;
        }
        if (range !== 'live') {
          replace(cardsMessage, errorBox(failure, 'KPIs'));
          blankCards('range');
        }
        replace(qualityBody, errorBox(failure, 'KPIs'));
      }),
      // attack windows first (best effort), so the charts are drawn once with their shading
      apiGet(`/api/v1/attacks${params}`, { signal }).then(showAttackWindows, (failure) => {
        if (!isAbort(failure)) {
          attacksNote.textContent = `attack windows unavailable: ${failure.message}`;
        }
      }).then(() => apiGet(`/api/v1/metrics/timeseries${params}`, { signal })).then(showSeries, (failure) => {
        if (!isAbort(failure)) {
          seriesPanels.forEach((p) => replace(p.state, errorBox(failure, 'Time series')));
        }
      }),
      loadSuspicious('ip', suspiciousIps, windowName, signal),
      loadSuspicious('user', suspiciousUsers, windowName, signal),
    ];
    await Promise.allSettled(tasks);
    if (!signal.aborted && range !== 'live') {
      updated.textContent = `updated ${fmtClock(Date.now())} UTC · every 10 s`;
    }
  }

  /** GET /api/v1/attacks?range= → {window, windows: [{id, startedAt, endedAt|null, trigger, ongoing, durationMs}]}. */
  function showAttackWindows(answer) {
    const windows = Array.isArray(answer.windows) ? answer.windows : [];
    bands = windows.map((w) => ({ from: seconds(w.startedAt), to: w.endedAt ? seconds(w.endedAt) : Date.now() / 1000 }));
    const ongoing = windows.filter((w) => w.ongoing).length;
    attacksNote.textContent = windows.length
      ? `· ${windows.length} attack window${windows.length === 1 ? '' : 's'} (generator ground truth${ongoing ? `, ${ongoing} ongoing` : ''}) shaded red`
      : '· no attack window in this range';
  }

  function showSeries(answer) {
    const points = Array.isArray(answer.points) ? answer.points : [];
    const xs = points.map((p) => seconds(p.t));
    stepNote.textContent = `per ${answer.step >= 60 ? `${answer.step / 60} min` : `${answer.step} s`} bucket · UTC`;
    for (const p of seriesPanels) {
      replace(p.state);
      p.chart.setData([xs, ...p.spec.series.map((s) => points.map((point) => {
        const value = s.read(point);
        return typeof value === 'number' ? value : null;
      }))], bands);
    }
  }

  function showQuality(kpis) {
    replace(qualityBody,
      h('span', null, 'rejects ', h('b', null, fmtInt(kpis.rejects)), h('span', { class: 'muted' }, ` (${fmtRate(kpis.rejectRate)})`)),
      h('span', null, 'duplicates ', h('b', null, fmtInt(kpis.duplicates)), h('span', { class: 'muted' }, ` (${fmtRate(kpis.duplicateRate)})`)),
      h('span', null, 'ingest delay p99 ', h('b', null, fmtMs(kpis.freshnessMs?.p99))),
      h('span', null, 'last event ', h('b', null, kpis.lastEventAt ? fmtAgo(kpis.lastEventAt) : 'none in the window')));
  }

  function setRange(next) {
    range = next;
    rangeLinks.forEach((link) => link.classList.toggle('active', link.dataset.range === range));
    qualityLink.setAttribute('href', `/quality?range=${windowRange()}`);
    suspiciousNote.textContent = 'open live detections';
    document.getElementById('series-title').textContent = range === 'live' ? 'Last 15 minutes' : `Last ${range}`;
    if (range === 'live') {
      if (live.last && live.last.available) {
        showCards('live', live.last);
      } else {
        blankCards('live');
      }
      updated.textContent = live.last ? `tick at ${fmtClock(live.last.at)} UTC` : 'waiting for a tick';
    } else {
      blankCards('range');
    }
    clearInterval(timer);
    timer = whileVisible(REFRESH_MS, refresh);
    refresh();
  }

  setRange(range);

  return {
    update(next) {
      const nextRange = readRange(next);
      if (nextRange && nextRange !== range) {
        setRange(nextRange);
      }
    },
    unmount() {
      clearInterval(timer);
      clearInterval(scenarioTimer);
      scenarios.close();
      control.close();
      closeFeed();
      alerts.close();
      if (controller) {
        controller.abort();
      }
      livePanels.forEach((p) => p.chart.destroy());
      seriesPanels.forEach((p) => p.chart.destroy());
    },
  };
}

const SEVERITY_PILL = { critical: 'pill-bad', high: 'pill-bad', medium: 'pill-warn', low: 'pill-ok' };

/**
 * GET /api/v1/suspicious?kind=ip|user&range= → {from, to, kind, openOnly, entities: [{value, severity, rules,
 * detections, openDetections, firstSeen, lastSeen, href}]}: the entities of open live detections, most severe first.
 */
async function loadSuspicious(kind, into, range, signal) {
  try {
    const answer = await apiGet(`/api/v1/suspicious${query({ kind, range, limit: 15 })}`, { signal });
    const entities = Array.isArray(answer.entities) ? answer.entities : [];
    if (entities.length === 0) {
      replace(into, h('div', { class: 'state state-empty' }, `No ${kind === 'ip' ? 'IP' : 'user'} with an open live detection.`));
      return;
    }
    replace(into, table(
      [kind === 'ip' ? 'IP' : 'User', 'Severity', { label: 'Open', class: 'num' }, 'Rules', 'Last seen'],
      entities.map((entity) => h('tr', null,
        h('td', { class: 'mono fill' }, entityLink(kind, entity.value)),
        h('td', null, h('span', { class: `pill ${SEVERITY_PILL[entity.severity] ?? ''}` }, entity.severity ?? '–')),
        h('td', { class: 'num' }, fmtInt(entity.openDetections)),
        h('td', null, (entity.rules ?? []).map((rule) => h('span', { class: 'pill' }, rule))),
        h('td', null, fmtTime(entity.lastSeen)))),
      { class: 'grid compact' }));
  } catch (failure) {
    if (!isAbort(failure)) {
      replace(into, errorBox(failure, `Suspicious ${kind === 'ip' ? 'IPs' : 'users'}`));
    }
  }
}
