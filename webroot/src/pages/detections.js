// Detections `/detections?rule=&severity=&kind=&state=`: the last hour from GET /api/v1/detections?range=1h, then every
// record of the SSE feed /api/v1/stream/detections merged in as it arrives (a newer state of a listed detection
// replaces it). Filters live in the URL and apply to both.
import { apiGet, errorBox, isAbort } from '../api.js';
import { KINDS, SEVERITIES, STATES, evidenceOf, matchesFilters, mergeDetection, rulesOf } from '../detections.js';
import { empty, entityLink, h, loading, replace, table } from '../dom.js';
import { fmtNum, fmtTime } from '../format.js';
import { subscribe } from '../sse.js';

const FILTERS = ['rule', 'severity', 'kind', 'state'];
const SEVERITY_PILL = { critical: 'pill-bad', high: 'pill-bad', medium: 'pill-warn', low: 'pill-ok' };

function readFilters(ctx) {
  return Object.fromEntries(FILTERS.map((name) => [name, ctx.query.get(name) ?? '']));
}

function select(name, label, values) {
  return h('label', { class: 'field' }, h('span', null, label),
    h('select', { name, id: `detections-${name}` }, h('option', { value: '' }, 'all'),
      values.map((value) => h('option', { value }, value))));
}

export function mount(root, ctx) {
  let filters = readFilters(ctx);
  let list = [];
  let controller = null;
  const feedState = h('span', { id: 'detections-feed', class: 'muted small' }, 'connecting…');
  const body = h('div', { id: 'detections-list', class: 'panel-body' }, loading());
  const selects = {
    rule: select('rule', 'Rule', []),
    severity: select('severity', 'Severity', SEVERITIES),
    kind: select('kind', 'Entity kind', KINDS),
    state: select('state', 'State', STATES),
  };
  const form = h('form', { class: 'filters', id: 'detections-filters', onchange: () => {
    const next = new URLSearchParams();
    FILTERS.forEach((name) => {
      const value = selects[name].querySelector('select').value;
      if (value) {
        next.set(name, value);
      }
    });
    const text = next.toString();
    ctx.navigate(`/detections${text ? `?${text}` : ''}`, { replace: true });
  } }, Object.values(selects));

  root.append(
    h('div', { class: 'toolbar' }, h('h1', null, 'Detections'), h('span', { class: 'spacer' }), feedState),
    h('section', { class: 'panel' }, h('header', { class: 'panel-head' }, h('h3', null, 'Filters'),
      h('span', { class: 'note' }, 'the last hour, then live')), form),
    h('section', { class: 'panel' }, h('header', { class: 'panel-head' }, h('h3', null, 'Detections'),
      h('span', { class: 'note' }, 'most recently updated first')), body));

  function syncSelects() {
    const rules = rulesOf(list);
    if (filters.rule && !rules.includes(filters.rule)) {
      rules.push(filters.rule);
    }
    const ruleSelect = selects.rule.querySelector('select');
    replace(ruleSelect, h('option', { value: '' }, 'all'), rules.map((rule) => h('option', { value: rule }, rule)));
    FILTERS.forEach((name) => {
      selects[name].querySelector('select').value = filters[name];
    });
  }

  function evidenceCell(detection) {
    const { features, samples } = evidenceOf(detection);
    return h('td', { class: 'evidence' },
      features.map(([name, value]) => h('span', { class: 'feature' }, `${name} ${typeof value === 'number' ? fmtNum(value) : String(value)}`)),
      samples.length ? h('span', { class: 'samples' }, ' events: ', samples.slice(0, 5).map((id) => h('a', {
        href: `${location.pathname}?${new URLSearchParams({ ...Object.fromEntries(ctx.query), event: id })}`,
        class: 'mono sample-event', title: id,
      }, id.slice(0, 8)))) : null);
  }

  function render() {
    syncSelects();
    const shown = list.filter((detection) => matchesFilters(detection, filters));
    replace(body, shown.length
      ? h('div', { class: 'table-scroll' }, table(['Rule', 'Severity', 'Entity', 'State', 'First seen', 'Detected', 'Last seen', 'Evidence'],
        shown.map((d) => h('tr', { class: 'detection', dataset: { detectionId: d.detectionId, state: d.state } },
          h('td', null, d.rule, d.mode === 'shadow' ? h('span', { class: 'pill muted small' }, ' shadow') : null),
          h('td', null, h('span', { class: `pill ${SEVERITY_PILL[d.severity] ?? ''}` }, d.severity)),
          h('td', null, d.entity?.kind === 'stream' ? h('span', { class: 'muted' }, 'the stream')
            : [h('span', { class: `kind kind-${d.entity?.kind}` }, d.entity?.kind), ' ', entityLink(d.entity?.kind, d.entity?.value)]),
          h('td', null, h('span', { class: `pill ${d.state === 'open' ? 'pill-bad' : 'pill-ok'}` }, d.state)),
          h('td', { class: 'nowrap' }, fmtTime(d.firstSeen)),
          h('td', { class: 'nowrap', title: 'when the detector first recorded it' }, fmtTime(d.detectedAt)),
          h('td', { class: 'nowrap' }, fmtTime(d.lastSeen)),
          evidenceCell(d))), { class: 'grid compact' }))
      : empty(list.length ? 'No detection matches these filters.' : 'No detection in the last hour.'));
  }

  async function load() {
    controller = new AbortController();
    try {
      const answer = await apiGet('/api/v1/detections?range=1h&limit=500', { signal: controller.signal });
      (answer.detections ?? []).forEach((detection) => {
        list = mergeDetection(list, detection);
      });
      render();
    } catch (failure) {
      if (!isAbort(failure)) {
        replace(body, errorBox(failure, 'Detections'));
      }
    }
  }

  const close = subscribe('/api/v1/stream/detections', {
    onMessage(record) {
      list = mergeDetection(list, record);
      render();
    },
    onState(state) {
      feedState.textContent = state === 'connected' ? 'live' : 'reconnecting…';
    },
  });
  load();

  return {
    update(next) {
      ctx = next;
      filters = readFilters(next);
      render();
    },
    unmount() {
      close();
      if (controller) {
        controller.abort();
      }
    },
  };
}
