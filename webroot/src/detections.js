// Pure helpers of the detections page and the entity page's labels (no DOM, tested in test/detections.test.mjs).
// A detection is the JSON form of GET /api/v1/detections and of the SSE feed /api/v1/stream/detections:
// {detectionId, rule, ruleVersion, mode, severity, entity: {kind, value}, state, windowSeconds, firstSeen, lastSeen,
//  openedAt, updatedAt, resolvedAt, detectedAt, evidence: {features, sampleEventIds}, href?}.

export const SEVERITIES = ['low', 'medium', 'high', 'critical'];
export const STATES = ['open', 'resolved'];
export const KINDS = ['ip', 'user', 'email', 'asn', 'prefix', 'stream'];
export const CONNOTATIONS = ['bad', 'good', 'neutral'];
/** Expiry choices of the label form: seconds, or null for a label that lasts until removed. */
export const EXPIRIES = [
  { label: 'never', seconds: null },
  { label: '1 hour', seconds: 3600 },
  { label: '1 day', seconds: 86_400 },
  { label: '7 days', seconds: 7 * 86_400 },
  { label: '30 days', seconds: 30 * 86_400 },
];
const LABEL_NAME = /^[a-z0-9][a-z0-9_.:-]{0,63}$/;

/**
 * The list with `record` in it: a newer state of a detection already listed replaces it (an older one is ignored),
 * a new detection is added; most recently updated first, at most `limit`.
 */
export function mergeDetection(list, record, limit = 500) {
  if (!record || typeof record.detectionId !== 'string') {
    return list;
  }
  const known = list.find((d) => d.detectionId === record.detectionId);
  if (known && Date.parse(known.updatedAt) > Date.parse(record.updatedAt)) {
    return list;
  }
  const merged = list.filter((d) => d.detectionId !== record.detectionId);
  merged.push(known && known.href !== undefined && record.href === undefined ? { ...record, href: known.href } : record);
  merged.sort((a, b) => (Date.parse(b.updatedAt) || 0) - (Date.parse(a.updatedAt) || 0)
    || String(a.detectionId).localeCompare(String(b.detectionId)));
  return merged.slice(0, limit);
}

/** Whether a detection passes the page's filters {rule, severity, kind, state}; an empty filter passes all. */
export function matchesFilters(detection, filters) {
  return (!filters.rule || detection.rule === filters.rule)
    && (!filters.severity || detection.severity === filters.severity)
    && (!filters.kind || detection.entity?.kind === filters.kind)
    && (!filters.state || detection.state === filters.state);
}

/** The rules seen in the list, sorted, for the rule filter. */
export function rulesOf(list) {
  return [...new Set(list.map((d) => d.rule).filter(Boolean))].sort();
}

/** The evidence's features as [name, value] pairs, by name, and its sample event ids. */
export function evidenceOf(detection) {
  const evidence = detection?.evidence && typeof detection.evidence === 'object' ? detection.evidence : {};
  const features = evidence.features && typeof evidence.features === 'object' ? Object.entries(evidence.features) : [];
  features.sort(([a], [b]) => a.localeCompare(b));
  const samples = Array.isArray(evidence.sampleEventIds) ? evidence.sampleEventIds.filter((id) => typeof id === 'string') : [];
  return { features, samples };
}

/**
 * The body of POST /api/v1/labels from the form's fields {kind, value, label, connotation, reason, expiry (seconds or
 * ''), by}: {body} or, for what the API would refuse, {field, message}.
 */
export function labelRequest(fields) {
  const label = String(fields.label ?? '').trim();
  if (!LABEL_NAME.test(label)) {
    return { field: 'label', message: 'a label is lower-case letters, digits and _ . : -, at most 64' };
  }
  if (!CONNOTATIONS.includes(fields.connotation)) {
    return { field: 'connotation', message: `one of ${CONNOTATIONS.join(', ')}` };
  }
  const reason = String(fields.reason ?? '').trim();
  if (!reason) {
    return { field: 'reason', message: 'say why' };
  }
  const by = String(fields.by ?? '').trim();
  if (!by) {
    return { field: 'by', message: 'say who you are' };
  }
  const body = { kind: fields.kind, value: fields.value, label, connotation: fields.connotation, reason, by };
  const seconds = Number.parseInt(String(fields.expiry ?? ''), 10);
  if (Number.isFinite(seconds) && seconds > 0) {
    body.expiresInSeconds = seconds;
  }
  return { body };
}

/** The API path removing a label, with its reason and who removes it. */
export function removeLabelPath(kind, value, label, reason, by) {
  return `/api/v1/labels/${encodeURIComponent(kind)}/${encodeURIComponent(value)}/${encodeURIComponent(label)}`
    + `?${new URLSearchParams({ reason, by })}`;
}
