// Entity profile `/entity/{user|ip|email|asn|prefix}/{value}?recent=25|50|100`, from GET /api/v1/entities/{kind}/{value}?recent=:
// {kind, value, firstSeen, lastSeen, events, failures, failureRate,
//  byType: {type: {firstSeen, lastSeen, events, failures, failureRate}},
//  distinct: {ips, users, emails, countries},
//  attackWindows: {eventsInWindows, windows: [{windowId, startedAt, endedAt|null, trigger, events, failures, failureRate}]},
//  groundTruth: [{windowId, scenario|null, role, firstSeenAt, startedAt|null, endedAt|null}] (the simulator's record),
//  recentEvents: [event…] (newest first), related: {ips|emails|users|asns|prefixes: [{value, events, lastSeen, href}]},
//  intelligence (an IP's: {country, asn, asOrg, hosting, prefix, asnHref, prefixHref}; an AS's: {asn, asOrg, hosting})}.
// labels (in force) and detections (open, then recent), with the admin's label form (labelsPanel.js).
// The timeline is built from the recent events (the API has no per-entity buckets), with attack windows shaded.
import { apiGet, errorBox, isAbort, query } from '../api.js';
import { chartPanel, COLORS, timeChart } from '../charts.js';
import { empty, entityLink, h, loading, replace, table } from '../dom.js';
import { eventsTable } from '../events.js';
import { fmtAgo, fmtInt, fmtRate, fmtTime, fmtType } from '../format.js';
import { labelsPanel } from '../labelsPanel.js';

const RECENT = [25, 50, 100];
const DEFAULT_RECENT = 100;
const KIND_OF_GROUP = { users: 'user', ips: 'ip', emails: 'email', asns: 'asn', prefixes: 'prefix' };
const GROUP_LABELS = { users: 'Users', ips: 'IPs', emails: 'Emails', asns: 'Autonomous systems', prefixes: 'Networks (/24, /48)' };
const SEARCH_FILTER = { user: 'userId', ip: 'ip', email: 'email', asn: 'asn', prefix: 'prefix' };
/** The search index holds each address's /24 or /48 only; a network of another length is searched from its profile. */
const SEARCHABLE_PREFIX = /\/(24|48)$/;

/** What the IP intelligence database said of an IP or an AS, with links to pivot on its AS and network. */
function intelligenceFacts(kind, intel) {
  if (!intel) {
    return null;
  }
  const hosting = h('span', { class: `pill ${intel.hosting ? 'pill-warn' : 'pill-ok'}`, id: 'entity-hosting' },
    intel.hosting ? 'hosting / cloud' : 'not hosting');
  const asn = intel.asn ? entityLink('asn', String(intel.asn), `AS${intel.asn}`) : h('span', { class: 'muted' }, 'unknown');
  return h('dl', { class: 'facts', id: 'entity-intelligence' },
    kind === 'ip' ? [h('dt', null, 'country'), h('dd', null, intel.country || h('span', { class: 'muted' }, 'unknown'))] : null,
    h('dt', null, 'AS'), h('dd', null, asn),
    h('dt', null, 'organisation'), h('dd', null, intel.asOrg || h('span', { class: 'muted' }, 'unknown')),
    h('dt', null, 'network'), h('dd', null, hosting),
    kind === 'ip' ? [h('dt', null, 'prefix'), h('dd', null, entityLink('prefix', intel.prefix))] : null);
}
const BUCKETS = [1, 5, 10, 30, 60, 300, 900, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86_400, 7 * 86_400];

function readRecent(ctx) {
  const recent = Number.parseInt(ctx.query.get('recent') ?? '', 10);
  return RECENT.includes(recent) ? recent : DEFAULT_RECENT;
}

function failed(event) {
  return event.type === 'api_request' ? event.statusCode >= 400 : event.success === false;
}

/** Buckets of the events' timestamps: [xs, totals, failures] with at most about 60 buckets. */
function timeline(events) {
  const times = events.map((e) => Date.parse(e.timestamp) / 1000).filter(Number.isFinite);
  if (!times.length) {
    return { data: [[], [], []], bucket: 0 };
  }
  const first = Math.min(...times);
  const last = Math.max(...times);
  const bucket = BUCKETS.find((size) => (last - first) / size <= 60) ?? BUCKETS[BUCKETS.length - 1];
  const start = Math.floor(first / bucket) * bucket;
  // at least two buckets: with one x value alone the chart cannot tell the width of a bucket, and scales to years
  const count = Math.max(2, Math.floor((last - start) / bucket) + 1);
  const xs = Array.from({ length: count }, (_, i) => start + i * bucket);
  const totals = new Array(count).fill(0);
  const failures = new Array(count).fill(0);
  events.forEach((event) => {
    const t = Date.parse(event.timestamp) / 1000;
    if (Number.isFinite(t)) {
      const i = Math.floor((t - start) / bucket);
      totals[i]++;
      if (failed(event)) {
        failures[i]++;
      }
    }
  });
  return { data: [xs, totals, failures], bucket };
}

function bucketLabel(seconds) {
  if (seconds < 60) {
    return `${seconds} s`;
  }
  if (seconds < 3600) {
    return `${seconds / 60} min`;
  }
  if (seconds < 86_400) {
    return `${seconds / 3600} h`;
  }
  return `${seconds / 86_400} d`;
}

export function mount(root, ctx) {
  const { kind, value } = ctx.params;
  let recent = readRecent(ctx);
  let controller = null;

  const recentLinks = RECENT.map((n) => h('a', { href: `${ctx.path}?recent=${n}`, class: 'seg', dataset: { recent: String(n) } }, String(n)));
  const searchFilter = SEARCH_FILTER[kind];
  const summary = h('section', { id: 'entity-summary', class: 'panel entity-summary' }, loading());
  const { panel: timelinePanel, body: timelineBody } = chartPanel('Timeline');
  timelinePanel.id = 'entity-timeline';
  const timelineNote = timelinePanel.querySelector('.panel-head');
  const timelineState = h('div', { class: 'chart-state' }, loading());
  timelineBody.prepend(timelineState);
  const chart = timeChart(timelineBody, { format: 'count', height: 190, series: [
    { label: 'events', color: COLORS.blue, bars: true },
    { label: 'failures', color: COLORS.red, bars: true },
  ] });
  const timelineCaption = h('span', { class: 'note' });
  timelineNote.append(timelineCaption);
  const windows = h('div', { class: 'panel-body' }, loading());
  const truth = h('div', { id: 'entity-ground-truth', class: 'panel-body' }, loading());
  const related = h('div', { id: 'entity-related', class: 'panel-body related' }, loading());
  const recentBody = h('div', { id: 'entity-recent', class: 'panel-body' }, loading());
  const labels = labelsPanel(kind, value, () => load());

  root.append(
    h('div', { class: 'toolbar' },
      h('h1', null, h('span', { class: `kind kind-${kind}` }, kind), ' ', h('span', { class: 'mono entity-value' }, value)),
      h('span', { class: 'spacer' }),
      searchFilter && (kind !== 'prefix' || SEARCHABLE_PREFIX.test(value))
        ? h('a', { class: 'btn btn-small', href: `/search?${new URLSearchParams({ [searchFilter]: value })}` }, 'Search all its events →') : null),
    summary,
    labels.element,
    h('div', { class: 'grid-3' },
      h('div', { class: 'span-2 stack' }, timelinePanel,
        h('section', { class: 'panel ground-truth' }, h('header', { class: 'panel-head' },
          h('h3', null, 'Simulator\'s ground truth'),
          h('span', { class: 'note' }, 'scenario runs the simulator used it in; no detector reads this')), truth),
        h('section', { class: 'panel' }, h('header', { class: 'panel-head' }, h('h3', null, 'Attack windows'),
          h('span', { class: 'note' }, 'generator ground truth its events fall in')), windows)),
      h('section', { class: 'panel' }, h('header', { class: 'panel-head' }, h('h3', null, 'Related entities'),
        h('span', { class: 'note' }, 'pivot')), related)),
    h('section', { class: 'panel' },
      h('header', { class: 'panel-head' }, h('h3', null, 'Recent events'),
        h('div', { class: 'segmented small', role: 'group', 'aria-label': 'Recent events' }, recentLinks)),
      recentBody));

  function showError(failure) {
    const box = () => errorBox(failure, failure.status === 404 ? 'Not found' : 'Entity profile');
    replace(summary, box());
    replace(timelineState, box());
    replace(windows, box());
    replace(truth, box());
    replace(related, box());
    replace(recentBody, box());
  }

  function show(profile) {
    labels.show(profile);
    const byType = Object.entries(profile.byType ?? {});
    const distinct = profile.distinct ?? {};
    const inWindows = profile.attackWindows?.eventsInWindows ?? 0;
    replace(summary,
      h('div', { class: 'summary-grid' },
        h('dl', { class: 'facts' },
          h('dt', null, 'first seen'), h('dd', null, fmtTime(profile.firstSeen), h('span', { class: 'muted' }, ` (${fmtAgo(profile.firstSeen)})`)),
          h('dt', null, 'last seen'), h('dd', null, fmtTime(profile.lastSeen), h('span', { class: 'muted' }, ` (${fmtAgo(profile.lastSeen)})`)),
          h('dt', null, 'events'), h('dd', { id: 'entity-events' }, fmtInt(profile.events)),
          h('dt', null, 'failures'), h('dd', { id: 'entity-failures' }, fmtInt(profile.failures),
            h('span', { class: `pill ${profile.failureRate >= 0.5 ? 'pill-bad' : profile.failureRate >= 0.1 ? 'pill-warn' : 'pill-ok'}` }, fmtRate(profile.failureRate))),
          h('dt', null, 'in attack windows'), h('dd', null, fmtInt(inWindows),
            h('span', { class: 'muted' }, ` of ${fmtInt(profile.events)} (${fmtRate(profile.events ? inWindows / profile.events : null)})`))),
        h('dl', { class: 'facts' },
          h('dt', null, 'distinct IPs'), h('dd', null, fmtInt(distinct.ips)),
          h('dt', null, 'distinct users'), h('dd', null, fmtInt(distinct.users)),
          h('dt', null, 'distinct emails'), h('dd', null, fmtInt(distinct.emails)),
          h('dt', null, 'distinct countries'), h('dd', null, fmtInt(distinct.countries))),
        intelligenceFacts(kind, profile.intelligence),
        byType.length ? table(['Type', { label: 'Events', class: 'num' }, { label: 'Failures', class: 'num' },
          { label: 'Fail %', class: 'num' }, 'First seen', 'Last seen'],
        byType.map(([type, counts]) => h('tr', null,
          h('td', null, h('span', { class: `type type-${type}` }, fmtType(type))),
          h('td', { class: 'num' }, fmtInt(counts.events)),
          h('td', { class: 'num' }, fmtInt(counts.failures)),
          h('td', { class: 'num' }, fmtRate(counts.failureRate)),
          h('td', { class: 'nowrap' }, fmtTime(counts.firstSeen)),
          h('td', { class: 'nowrap' }, fmtTime(counts.lastSeen)))), { class: 'grid compact' }) : null));

    const windowList = Array.isArray(profile.attackWindows?.windows) ? profile.attackWindows.windows : [];
    replace(windows, windowList.length
      ? table(['Started', 'Ended', 'Trigger', { label: 'Events', class: 'num' }, { label: 'Failures', class: 'num' }, { label: 'Fail %', class: 'num' }],
        windowList.map((w) => h('tr', null,
          h('td', { class: 'nowrap' }, fmtTime(w.startedAt)),
          h('td', { class: 'nowrap' }, w.endedAt ? fmtTime(w.endedAt) : h('span', { class: 'pill pill-bad' }, 'open')),
          h('td', null, w.trigger ?? '—'),
          h('td', { class: 'num' }, fmtInt(w.events)),
          h('td', { class: 'num' }, fmtInt(w.failures)),
          h('td', { class: 'num' }, fmtRate(w.failureRate)))), { class: 'grid compact' })
      : empty('None of its events fall in an attack window.'));

    const runs = Array.isArray(profile.groundTruth) ? profile.groundTruth : [];
    replace(truth,
      h('p', { class: 'truth-note' }, 'The simulator\'s ground truth: what the generator recorded, for checking detection '
        + 'against. Its events carry no mark of it.'),
      runs.length
        ? table(['Scenario', 'Role', 'First seen', 'Run started', 'Run ended'],
          runs.map((run) => h('tr', { dataset: { windowId: run.windowId, role: run.role } },
            h('td', null, run.scenario ?? h('span', { class: 'muted' }, 'unknown run')),
            h('td', null, h('span', { class: `pill ${run.role === 'attacker' ? 'pill-bad' : 'pill-warn'}` }, run.role)),
            h('td', { class: 'nowrap' }, fmtTime(run.firstSeenAt)),
            h('td', { class: 'nowrap' }, run.startedAt ? fmtTime(run.startedAt) : '—'),
            h('td', { class: 'nowrap' }, run.endedAt ? fmtTime(run.endedAt)
              : run.startedAt ? h('span', { class: 'pill pill-bad' }, 'running') : '—'))), { class: 'grid compact' })
        : empty('The simulator recorded it in no scenario run.'));

    const groups = Object.entries(profile.related ?? {});
    replace(related, groups.length ? groups.map(([group, entities]) => h('div', { class: 'related-group' },
      h('h4', null, `${GROUP_LABELS[group] ?? group} (${fmtInt(entities.length)}${entities.length >= 20 ? '+' : ''})`),
      entities.length ? h('ul', { class: 'related-list' }, entities.map((entity) => h('li', null,
        entityLink(KIND_OF_GROUP[group] ?? group, entity.value),
        h('span', { class: 'muted small' }, ` ${fmtInt(entity.events)} event${entity.events === 1 ? '' : 's'} · last ${fmtAgo(entity.lastSeen)}`))))
        : h('div', { class: 'muted small' }, 'none'))) : empty('No related entities.'));

    const events = Array.isArray(profile.recentEvents) ? profile.recentEvents : [];
    replace(recentBody, events.length
      ? h('div', { class: 'table-scroll' }, eventsTable(events, (id) => ctx.showEvent(id), { class: 'grid events' }))
      : empty('No recent events.'));

    const { data, bucket } = timeline(events);
    const bands = windowList.map((w) => ({
      from: Date.parse(w.startedAt) / 1000,
      to: w.endedAt ? Date.parse(w.endedAt) / 1000 : Date.now() / 1000,
    }));
    replace(timelineState, events.length ? null : empty('No events to chart.'));
    timelineCaption.textContent = events.length
      ? `${fmtInt(events.length)} most recent of ${fmtInt(profile.events)} events · per ${bucketLabel(bucket)} · attack windows shaded · UTC`
      : '';
    if (events.length) {
      chart.setData(data, bands);
    }
  }

  async function load() {
    recentLinks.forEach((link) => link.classList.toggle('active', link.dataset.recent === String(recent)));
    if (controller) {
      controller.abort();
    }
    controller = new AbortController();
    try {
      const profile = await apiGet(`/api/v1/entities/${encodeURIComponent(kind)}/${encodeURIComponent(value)}${query({ recent })}`,
        { signal: controller.signal });
      show(profile);
    } catch (failure) {
      if (!isAbort(failure)) {
        showError(failure);
      }
    }
  }

  load();

  return {
    update(next) {
      const nextRecent = readRecent(next);
      if (nextRecent !== recent) {
        recent = nextRecent;
        load();
      }
    },
    unmount() {
      if (controller) {
        controller.abort();
      }
      chart.destroy();
    },
  };
}
