// The attack indicator (from the live tick) and the demo attack control (POST /api/v1/generator/attack).
import { adminKey, onAdminKey, setAdminKey } from './adminKey.js';
import { ApiError, apiPost } from './api.js';
import { entityLink, h, replace } from './dom.js';
import { fmtInt, fmtNum, fmtRate, fmtTime } from './format.js';

const LABELS = { normal: 'normal', quiet: 'quiet', attack: 'ATTACK', detector_behind: 'detector behind',
  unavailable: 'unavailable', waiting: 'waiting…' };

/**
 * The indicator badge, #attack-indicator, whose data-state is the tick's attack.status, the detector's verdict as
 * Grafana reads it ("attack" | "normal" | "quiet" | "detector_behind" | "unavailable"), "unavailable" for a tick with
 * available: false, "waiting" before the first tick.
 * show(tick) takes a live tick; its attack is {status, rule, detectionId, severity, firstSeen, openedAt, lastSeen,
 * features, openSevereDetections, evaluatedTo, newestEventAt, error?} with the window's own loginFailureRate, logins,
 * failedLogins, failureIps, topFailureIps: [{ip, failures}] and topIpShare beside it.
 */
export function attackIndicator() {
  const label = h('span', { class: 'attack-label' }, LABELS.waiting);
  const evidence = h('div', { class: 'attack-evidence' }, 'Waiting for the first live tick…');
  const element = h('section', { id: 'attack-indicator', class: 'attack attack-waiting', dataset: { state: 'waiting' },
    role: 'status', 'aria-live': 'polite' },
  h('div', { class: 'attack-head' }, h('span', { class: 'attack-title' }, 'Attack indicator'), label),
  evidence);

  const setState = (state) => {
    element.dataset.state = state;
    element.className = `attack attack-${state}`;
    label.textContent = LABELS[state] ?? state;
  };

  return {
    element,
    show(tick) {
      if (!tick.available) {
        setState('unavailable');
        replace(evidence, h('span', null, 'Live metrics unavailable: ', tick.error ?? 'storage did not answer'));
        return;
      }
      const attack = tick.attack ?? {};
      setState(attack.status ?? 'waiting');
      const top = Array.isArray(attack.topFailureIps) ? attack.topFailureIps : [];
      replace(evidence,
        verdict(attack),
        h('div', { class: 'attack-facts' },
          h('span', null, 'login failure rate ', h('b', null, fmtRate(attack.loginFailureRate))),
          h('span', null, h('b', null, fmtInt(attack.failedLogins)), ' of ', fmtInt(attack.logins), ' logins failed'),
          h('span', null, h('b', { id: 'attack-failure-ips' }, fmtInt(attack.failureIps)), ' failing IPs'),
          attack.topIpShare == null ? null
            : h('span', null, 'top IPs hold ', h('b', null, fmtRate(attack.topIpShare)), ' of failures'),
          h('span', { class: 'muted' }, `last ${tick.windowSeconds ?? '?'} s`)),
        top.length === 0 ? null : h('div', { class: 'attack-ips' },
          h('span', { class: 'muted' }, 'Top failing IPs: '),
          top.map((entry) => h('span', { class: 'attack-ip' }, entityLink('ip', entry.ip),
            h('span', { class: 'muted' }, ` ×${fmtInt(entry.failures)}`)))));
    },
    disconnected() {
      if (element.dataset.state === 'waiting') {
        replace(evidence, 'Connecting to the live feed…');
      }
    },
  };
}

/** What the detector says: the open detection's evidence, or why there is no verdict, and the open severe count. */
function verdict(attack) {
  const severe = h('span', null, h('b', { id: 'attack-open-severe' }, fmtInt(attack.openSevereDetections)),
    ' open high/critical detections');
  if (attack.status === 'attack') {
    const features = Object.entries(attack.features ?? {})
      .map(([name, value]) => h('span', null, `${name} `, h('b', null, fmtNum(value))));
    return h('div', { class: 'attack-facts attack-detection' },
      h('span', null, h('a', { href: `/detections?rule=${encodeURIComponent(attack.rule ?? '')}&state=open`,
        id: 'attack-detection', title: attack.detectionId ?? '' }, attack.rule), ` open since ${fmtTime(attack.firstSeen)}`),
      features, severe);
  }
  const why = {
    detector_behind: `the detector has evaluated ${attack.rule ?? 'the rule'} only to ${attack.evaluatedTo ? fmtTime(attack.evaluatedTo) : 'nothing yet'}: no verdict`,
    quiet: 'no event stored in the last 5 minutes',
    unavailable: `detections unavailable: ${attack.error ?? 'storage did not answer'}`,
  }[attack.status] ?? `no open ${attack.rule ?? 'surge'} detection`;
  return h('div', { class: 'attack-facts attack-detection' }, h('span', null, why), severe);
}

/**
 * Buttons #attack-control-on / -off / -auto post {"mode"} with Authorization: Bearer <admin key>; the key is typed
 * once into #admin-key-input, saved by #admin-key-save into sessionStorage. The API answers 200 {mode, attacking,
 * delivered: "event-bus"} from a generator in its process, 202 {mode, attacking: null, delivered: "kafka"} when the
 * command went to the control topic, or 401 (wrong key), 403 (no key configured), 503 with {error, message}. The key
 * is the one the scenario panel uses too (adminKey.js); element.askForKey(reason) opens the dialog for it.
 */
export function attackControl() {
  let pending = null;
  const result = h('span', { class: 'control-result', role: 'status' }, 'The attack mode is not shown until it is set here.');
  const message = h('div', { class: 'control-message', role: 'alert' });
  const input = h('input', { id: 'admin-key-input', type: 'password', placeholder: 'admin key (data/web/admin-key)',
    autocomplete: 'off', spellcheck: 'false', 'aria-label': 'Admin key' });
  const save = h('button', { id: 'admin-key-save', type: 'submit', class: 'btn btn-primary btn-small' }, 'Save key');
  const keyDialog = h('form', { class: 'key-dialog', role: 'dialog', 'aria-label': 'Admin key', onsubmit: (submit) => {
    submit.preventDefault();
    const key = input.value.trim();
    if (!key) {
      input.focus();
      return;
    }
    input.value = '';
    setAdminKey(key);
    if (pending) {
      const mode = pending;
      pending = null;
      send(mode);
    }
  } },
  h('label', { for: 'admin-key-input' }, 'Admin key'), input, save,
  h('span', { class: 'muted small' }, 'kept in this tab only (sessionStorage)'));
  const keyState = h('span', { class: 'key-state' });

  const buttons = {};
  for (const mode of ['on', 'off', 'auto']) {
    buttons[mode] = h('button', { id: `attack-control-${mode}`, type: 'button', class: `btn btn-mode btn-mode-${mode}`,
      dataset: { mode }, onclick: () => send(mode) }, mode);
  }

  function showKeyState() {
    keyDialog.hidden = Boolean(adminKey());
    replace(keyState, adminKey()
      ? h('button', { type: 'button', class: 'btn btn-link', onclick: () => {
        keyDialog.hidden = false;
        input.focus();
      } }, 'change admin key')
      : null);
  }

  async function send(mode) {
    if (!adminKey()) {
      pending = mode;
      keyDialog.hidden = false;
      replace(message, `Enter the admin key to set the attack mode to "${mode}".`);
      input.focus();
      return;
    }
    replace(message);
    Object.values(buttons).forEach((button) => { button.disabled = true; });
    try {
      const answer = await apiPost('/api/v1/generator/attack', { mode }, {
        headers: { Authorization: `Bearer ${adminKey()}` },
      });
      Object.entries(buttons).forEach(([name, button]) => button.classList.toggle('active', name === answer.mode));
      // attacking is null when the command went to the generators over Kafka (202): no generator runs here to reply
      replace(result, 'mode ', h('b', null, String(answer.mode)), ' · ', typeof answer.attacking === 'boolean'
        ? ['generator ', h('b', null, answer.attacking ? 'attacking' : 'not attacking')]
        : `sent to the generators${answer.delivered ? ` over ${answer.delivered}` : ''}; the indicator follows the data`);
    } catch (failure) {
      const status = failure instanceof ApiError ? failure.status : 0;
      replace(message, h('span', { class: 'error-text' },
        status ? `${status}: ` : '', failure.message ?? String(failure)));
      if (status === 401 && failure.field === 'Authorization') {
        pending = mode;
        setAdminKey('');
      }
    } finally {
      Object.values(buttons).forEach((button) => { button.disabled = false; });
    }
  }

  const stopListening = onAdminKey(showKeyState);
  showKeyState();
  const element = h('section', { class: 'panel attack-control' },
    h('header', { class: 'panel-head' }, h('h3', null, 'Attack simulation'), h('span', { class: 'note' }, 'demo control of the built-in generator')),
    h('div', { class: 'control-row' },
      h('div', { class: 'segmented', role: 'group', 'aria-label': 'Attack mode' }, buttons.on, buttons.off, buttons.auto),
      keyState),
    result, keyDialog, message);
  return {
    element,
    close() {
      stopListening();
    },
    askForKey(reason) {
      keyDialog.hidden = false;
      replace(message, reason);
      input.focus();
    },
  };
}
