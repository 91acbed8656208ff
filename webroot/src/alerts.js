// The alerts panel, fed by GET /api/v1/stream/alerts: one SSE `data:` line per alert that fires or resolves,
// {id, rule, key, state: "firing"|"resolved", severity: "critical"|"warning", at, since, message, evidence}; a new
// subscriber first gets every alert firing now, so on each (re)connection the firing set is rebuilt from scratch.
import { h, replace } from './dom.js';
import { fmtAgo, fmtClock } from './format.js';
import { subscribe } from './sse.js';

const RESOLVED_KEPT = 8;

export function alertsPanel() {
  const firing = new Map();
  const resolved = [];
  let connected = false;
  const status = h('span', { class: 'note', id: 'alerts-status' }, 'connecting…');
  const body = h('div', { class: 'alerts-body' });
  const element = h('section', { id: 'alerts', class: 'panel alerts' },
    h('header', { class: 'panel-head' }, h('h3', null, 'Alerts'), status), body);

  function item(alert, done) {
    return h('li', { class: `alert-item alert-${done ? 'resolved' : alert.severity}`, dataset: { rule: alert.rule ?? '' } },
      h('span', { class: `pill ${done ? '' : alert.severity === 'critical' ? 'pill-bad' : 'pill-warn'}` }, alert.rule ?? 'alert'),
      h('span', null, alert.message ?? ''),
      h('span', { class: 'alert-when' }, done
        ? `resolved ${fmtClock(alert.at)} UTC · fired ${fmtClock(alert.since)}`
        : `since ${fmtClock(alert.since)} UTC (${fmtAgo(alert.since)})`));
  }

  function render() {
    element.dataset.firing = String(firing.size);
    const active = [...firing.values()].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'critical' ? -1 : 1));
    replace(body,
      active.length
        ? h('ul', { class: 'alert-list' }, active.map((alert) => item(alert, false)))
        : connected ? h('div', { class: 'alerts-ok' }, '✓ No alert firing')
          : h('div', { class: 'muted small' }, 'Waiting for the alerts feed…'),
      resolved.length ? [h('h4', null, 'Recently resolved'), h('ul', { class: 'alert-list' }, resolved.map((alert) => item(alert, true)))] : null);
  }

  const close = subscribe('/api/v1/stream/alerts', {
    onMessage(alert) {
      if (!alert || !alert.id) {
        return;
      }
      if (alert.state === 'resolved') {
        firing.delete(alert.id);
        resolved.unshift(alert);
        resolved.length = Math.min(resolved.length, RESOLVED_KEPT);
      } else {
        firing.set(alert.id, alert);
      }
      render();
    },
    onState(state) {
      status.textContent = state === 'connected' ? 'live' : 'reconnecting…';
      status.dataset.state = state;
      connected = state === 'connected';
      if (connected) {
        firing.clear();
      }
      render();
    },
  });
  render();
  // "since … ago" stays current between messages
  const timer = setInterval(render, 15_000);
  return {
    element,
    close() {
      clearInterval(timer);
      close();
    },
  };
}
