// The simulation panel: the scenario catalogue (GET /api/v1/scenarios), a form to start any scenario with its knobs
// (POST /api/v1/generator/scenarios), and the runs going on now (ongoing windows of GET /api/v1/attacks), each with a
// stop button (DELETE /api/v1/generator/scenarios/{runId}). Starting and stopping need the admin key (adminKey.js).
import { adminKey, onAdminKey } from './adminKey.js';
import { ApiError, apiDelete, apiGet, apiPost, errorBox, isAbort } from './api.js';
import { h, loading, replace } from './dom.js';
import { fmtAgo } from './format.js';
import { describeParameters, KnobError, knobFields, runningRuns, startRequest } from './scenarioForm.js';

/** How far back ongoing runs are looked for: a run lasts at most a day. */
const RUNS_RANGE = '24h';

/**
 * #scenario-panel: #scenario-select lists the catalogue, #scenario-knobs holds a field #scenario-knob-<name> per knob
 * (its default filled in), #scenario-start starts the run, #scenario-result says what the API answered
 * ({runId, scenario, parameters, running, delivered}), #scenario-runs lists the runs going on, each row
 * data-run-id with a .scenario-stop button. askForKey(reason) is called when the admin key is missing or refused.
 */
export function scenarioPanel({ askForKey }) {
  let catalogue = [];
  let pending = false;
  const select = h('select', { id: 'scenario-select', 'aria-label': 'Scenario', onchange: () => showKnobs() });
  const about = h('p', { class: 'muted small scenario-about' });
  const knobs = h('div', { id: 'scenario-knobs', class: 'scenario-knobs' });
  const start = h('button', { id: 'scenario-start', type: 'submit', class: 'btn btn-primary btn-small', disabled: true },
    'Start run');
  const result = h('div', { id: 'scenario-result', class: 'control-result', role: 'status' });
  const runs = h('div', { id: 'scenario-runs', class: 'scenario-runs' }, loading('Loading runs…'));
  const form = h('form', { class: 'scenario-form', onsubmit: (submit) => {
    submit.preventDefault();
    send();
  } },
  h('div', { class: 'control-row' }, h('label', { for: 'scenario-select' }, 'Scenario'), select, start),
  about, knobs);
  const element = h('section', { id: 'scenario-panel', class: 'panel scenario-panel' },
    h('header', { class: 'panel-head' }, h('h3', null, 'Scenarios'),
      h('span', { class: 'note' }, 'named attacks of the simulator, with entity-level ground truth')),
    h('div', { class: 'panel-body' }, form, result,
      h('h4', { class: 'scenario-runs-title' }, 'Running now'), runs));

  function selected() {
    return catalogue.find((scenario) => scenario.name === select.value) ?? null;
  }

  function showKnobs() {
    const scenario = selected();
    replace(about, scenario ? scenario.description : '');
    replace(knobs, knobFields(scenario).map((field) => {
      const id = `scenario-knob-${field.name}`;
      let input;
      if (field.type === 'boolean') {
        input = h('input', { id, type: 'checkbox', name: field.name, checked: field.value });
      } else if (field.type === 'enum') {
        input = h('select', { id, name: field.name },
          field.values.map((value) => h('option', { value, selected: value === field.value }, value)));
      } else {
        input = h('input', { id, type: 'number', name: field.name, value: field.value, step: String(field.step),
          min: field.min ?? undefined, max: field.max ?? undefined, class: 'knob-number' });
      }
      return h('label', { class: 'knob', for: id, title: field.description },
        h('span', { class: 'knob-name' }, field.name), input,
        field.min === null ? null : h('span', { class: 'muted small' }, `${field.min}–${field.max}`));
    }));
  }

  function values() {
    const read = {};
    for (const input of knobs.querySelectorAll('input, select')) {
      read[input.name] = input.type === 'checkbox' ? input.checked : input.value;
    }
    return read;
  }

  async function send() {
    const scenario = selected();
    if (!scenario) {
      return;
    }
    let body;
    try {
      body = startRequest(scenario, values());
    } catch (failure) {
      if (failure instanceof KnobError) {
        replace(result, h('span', { class: 'error-text' }, failure.message));
        knobs.querySelector(`#scenario-knob-${failure.field}`)?.focus();
        return;
      }
      throw failure;
    }
    if (!adminKey()) {
      pending = true;
      askForKey(`Enter the admin key to start ${scenario.name}.`);
      return;
    }
    start.disabled = true;
    replace(result, 'starting…');
    try {
      const answer = await apiPost('/api/v1/generator/scenarios', body, { headers: authorization() });
      replace(result, h('span', { class: 'scenario-started', dataset: { runId: answer.runId } },
        'started ', h('b', null, answer.scenario), ' run ', h('code', null, answer.runId),
        answer.delivered === 'kafka' ? ' (sent to the generators over Kafka)' : ''),
      h('div', { class: 'muted small' }, describeParameters(answer.parameters)));
      refresh();
    } catch (failure) {
      refused(failure, () => { pending = true; });
    } finally {
      start.disabled = catalogue.length === 0;
    }
  }

  async function stop(runId, button) {
    if (!adminKey()) {
      askForKey('Enter the admin key to stop the run.');
      return;
    }
    button.disabled = true;
    try {
      await apiDelete(`/api/v1/generator/scenarios/${encodeURIComponent(runId)}`, { headers: authorization() });
      replace(result, 'stopped run ', h('code', null, runId));
    } catch (failure) {
      refused(failure, () => {});
    } finally {
      button.disabled = false;
      refresh();
    }
  }

  function refused(failure, retryLater) {
    const status = failure instanceof ApiError ? failure.status : 0;
    replace(result, h('span', { class: 'error-text' }, status ? `${status}: ` : '', failure.message ?? String(failure)));
    if (status === 401 && failure.field === 'Authorization') {
      retryLater();
      askForKey('The admin key was refused; enter it again.');
    } else if (status === 400 && failure.field) {
      knobs.querySelector(`#scenario-knob-${CSS.escape(failure.field)}`)?.focus();
    }
  }

  function authorization() {
    return { Authorization: `Bearer ${adminKey()}` };
  }

  let controller = null;
  async function refresh() {
    if (controller) {
      controller.abort();
    }
    controller = new AbortController();
    try {
      const answer = await apiGet(`/api/v1/attacks?range=${RUNS_RANGE}`, { signal: controller.signal });
      const now = runningRuns(answer);
      replace(runs, now.length === 0 ? h('div', { class: 'state state-empty' }, 'No run going on.')
        : h('ul', { class: 'run-list' }, now.map((run) => {
          const button = h('button', { type: 'button', class: 'btn btn-small scenario-stop', dataset: { runId: run.runId } },
            'Stop');
          button.addEventListener('click', () => stop(run.runId, button));
          return h('li', { class: 'run', dataset: { runId: run.runId, scenario: run.scenario } },
            h('b', null, run.scenario), ' ', h('span', { class: 'muted small' }, `started ${fmtAgo(run.startedAt)}`),
            ' · ', `${run.attackers} attackers, ${run.victims} victims recorded`, ' ', button,
            h('div', { class: 'muted small mono' }, run.runId));
        })));
    } catch (failure) {
      if (!isAbort(failure)) {
        replace(runs, errorBox(failure, 'Runs'));
      }
    }
  }

  async function load() {
    try {
      catalogue = (await apiGet('/api/v1/scenarios')).scenarios ?? [];
      replace(select, catalogue.map((scenario) => h('option', { value: scenario.name }, scenario.name)));
      start.disabled = catalogue.length === 0;
      showKnobs();
    } catch (failure) {
      replace(knobs, errorBox(failure, 'Scenario catalogue'));
    }
  }

  const stopListening = onAdminKey((key) => {
    if (key && pending) {
      pending = false;
      send();
    }
  });
  load();
  refresh();
  return {
    element,
    refresh,
    close() {
      stopListening();
      if (controller) {
        controller.abort();
      }
    },
  };
}
