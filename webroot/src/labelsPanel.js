// The entity page's labels and detections: the labels in force (with who set them, why, until when) and the entity's
// open and recent detections, from its profile; an admin (admin key typed in once, kept as the generator's controls
// keep it, adminKey.js) adds a label (POST /api/v1/labels) or removes one with a reason
// (DELETE /api/v1/labels/{kind}/{value}/{label}). After a change the page reloads the profile.
import { apiDelete, apiPost, errorBox } from './api.js';
import { adminKey, setAdminKey } from './adminKey.js';
import { CONNOTATIONS, EXPIRIES, evidenceOf, labelRequest, removeLabelPath } from './detections.js';
import { empty, h, replace, table } from './dom.js';
import { fmtNum, fmtTime } from './format.js';

const CONNOTATION_PILL = { bad: 'pill-bad', good: 'pill-ok', neutral: '' };

function auth() {
  return { headers: { Authorization: `Bearer ${adminKey()}` } };
}

/** The panels: {element, show(profile)}; `changed()` is called after a label is added or removed. */
export function labelsPanel(kind, value, changed) {
  const labelsBody = h('div', { id: 'entity-labels', class: 'panel-body' });
  const detectionsBody = h('div', { id: 'entity-detections', class: 'panel-body' });
  const message = h('div', { class: 'form-message', role: 'alert' });
  const keyInput = h('input', { id: 'label-admin-key', type: 'password', placeholder: 'admin key', autocomplete: 'off' });
  const fields = {
    label: h('input', { name: 'label', id: 'label-name', placeholder: 'abuse_source', required: true, spellcheck: 'false' }),
    connotation: h('select', { name: 'connotation', id: 'label-connotation' },
      CONNOTATIONS.map((c) => h('option', { value: c }, c))),
    reason: h('input', { name: 'reason', id: 'label-reason', placeholder: 'why', required: true }),
    expiry: h('select', { name: 'expiry', id: 'label-expiry' },
      EXPIRIES.map((e) => h('option', { value: e.seconds === null ? '' : String(e.seconds) }, `expires: ${e.label}`))),
    by: h('input', { name: 'by', id: 'label-by', placeholder: 'who you are', required: true }),
  };
  const form = h('form', { id: 'label-form', class: 'label-form', onsubmit: async (submit) => {
    submit.preventDefault();
    if (keyInput.value.trim()) {
      setAdminKey(keyInput.value.trim());
      keyInput.value = '';
    }
    const request = labelRequest({ kind, value, label: fields.label.value, connotation: fields.connotation.value,
      reason: fields.reason.value, expiry: fields.expiry.value, by: fields.by.value });
    if (request.field) {
      replace(message, h('span', { class: 'error-text' }, `${request.field}: ${request.message}`));
      fields[request.field]?.focus();
      return;
    }
    try {
      await apiPost('/api/v1/labels', request.body, auth());
      replace(message, h('span', { class: 'muted' }, `label ${request.body.label} set`));
      fields.label.value = '';
      fields.reason.value = '';
      changed();
    } catch (failure) {
      if (failure.status === 401 && failure.field === 'Authorization') {
        setAdminKey('');
      }
      replace(message, errorBox(failure, 'Label'));
    }
  } },
  keyInput, fields.label, fields.connotation, fields.reason, fields.expiry, fields.by,
  h('button', { type: 'submit', class: 'btn btn-primary btn-small', id: 'label-add' }, 'Add label'), message);

  async function remove(label) {
    const reason = window.prompt(`Why remove ${label.label}?`);
    if (!reason || !reason.trim()) {
      return;
    }
    const by = fields.by.value.trim() || window.prompt('Who are you?') || '';
    if (!by.trim()) {
      return;
    }
    if (!adminKey()) {
      const key = keyInput.value.trim() || window.prompt('Admin key') || '';
      setAdminKey(key.trim());
      keyInput.value = '';
    }
    try {
      await apiDelete(removeLabelPath(kind, value, label.label, reason.trim(), by.trim()), auth());
      changed();
    } catch (failure) {
      replace(message, errorBox(failure, 'Remove label'));
    }
  }

  function show(profile) {
    keyInput.hidden = Boolean(adminKey());
    const labels = Array.isArray(profile.labels) ? profile.labels : [];
    replace(labelsBody, labels.length
      ? table(['Label', 'Connotation', 'Reason', 'Source', 'Set', 'Expires', ''], labels.map((label) => h('tr',
        { class: 'label-row', dataset: { label: label.label } },
        h('td', { class: 'mono' }, label.label),
        h('td', null, h('span', { class: `pill ${CONNOTATION_PILL[label.connotation] ?? ''}` }, label.connotation)),
        h('td', null, label.reason),
        h('td', null, label.source),
        h('td', { class: 'nowrap' }, fmtTime(label.changedAt)),
        h('td', { class: 'nowrap' }, label.expiresAt ? fmtTime(label.expiresAt) : h('span', { class: 'muted' }, 'never')),
        h('td', null, h('button', { type: 'button', class: 'btn-link label-remove', onclick: () => remove(label) }, 'remove')))),
      { class: 'grid compact' }) : empty('No label is set on it.'), form);
    const detections = Array.isArray(profile.detections) ? profile.detections : [];
    replace(detectionsBody, detections.length
      ? table(['Rule', 'Severity', 'State', 'First seen', 'Last seen', 'Evidence'], detections.map((d) => {
        const { features } = evidenceOf(d);
        return h('tr', { class: 'detection', dataset: { detectionId: d.detectionId } },
          h('td', null, d.rule, d.mode === 'shadow' ? h('span', { class: 'muted small' }, ' (shadow)') : null),
          h('td', null, d.severity),
          h('td', null, h('span', { class: `pill ${d.state === 'open' ? 'pill-bad' : 'pill-ok'}` }, d.state)),
          h('td', { class: 'nowrap' }, fmtTime(d.firstSeen)),
          h('td', { class: 'nowrap' }, fmtTime(d.lastSeen)),
          h('td', { class: 'small' }, features.map(([name, v]) => `${name} ${typeof v === 'number' ? fmtNum(v) : v}`).join(' · ')));
      }), { class: 'grid compact' }) : empty('No detection of it.'));
  }

  const element = h('div', { class: 'stack' },
    h('section', { class: 'panel' }, h('header', { class: 'panel-head' }, h('h3', null, 'Labels'),
      h('span', { class: 'note' }, 'in force; changes need the admin key')), labelsBody),
    h('section', { class: 'panel' }, h('header', { class: 'panel-head' }, h('h3', null, 'Detections'),
      h('span', { class: 'note' }, 'open, then recent')), detectionsBody));
  return { element, show };
}
