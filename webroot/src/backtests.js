// Pure helpers of the backtest pages: the request a form makes, and the rows of a report. No DOM, so node tests them.

/** A datetime-local input's value (local time, no zone) as an ISO instant; null when empty or not a date. */
export function localToIso(value) {
  if (!value) {
    return null;
  }
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** An ISO instant as a datetime-local input's value, to the minute, in local time. */
export function isoToLocal(iso) {
  const date = new Date(iso);
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/**
 * The body of POST /api/v1/backtests from the form's values; throws an Error naming the field when one is missing,
 * so the page says which before asking the API.
 */
export function backtestRequest({ rules, from, to, graceSeconds }) {
  if (!rules || !rules.trim()) {
    throw new Error('rules: paste the text of a rule file');
  }
  const body = { rules };
  body.from = localToIso(from);
  if (!body.from) {
    throw new Error('from: pick when the period starts');
  }
  const end = localToIso(to);
  if (end) {
    body.to = end;
  }
  if (graceSeconds !== undefined && graceSeconds !== '') {
    const grace = Number(graceSeconds);
    if (!Number.isInteger(grace)) {
      throw new Error('graceSeconds: a whole number of seconds');
    }
    body.graceSeconds = grace;
  }
  return body;
}

/** Each candidate rule of a report beside the live rule it stands for (null when that rule did not run). */
export function comparedRules(report) {
  const live = new Map((report.live ?? []).map((rule) => [rule.rule, rule]));
  return (report.candidate ?? []).map((candidate) => {
    const against = candidate.replaces ?? candidate.rule;
    return { candidate, against, live: live.get(against) ?? null };
  });
}

/** The share of a job done, 0..1; 0 before the replay has counted its ticks. */
export function progressShare(job) {
  const { ticksDone = 0, ticksTotal = 0 } = job.progress ?? {};
  return ticksTotal > 0 ? Math.min(1, ticksDone / ticksTotal) : (job.state === 'running' ? 0 : 1);
}
