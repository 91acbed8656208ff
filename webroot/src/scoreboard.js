// Pure helpers of the scoreboard page (no DOM, tested in test/scoreboard.test.mjs). The answer is the JSON form of
// GET /api/v1/detections/score (io.tspipe.scoring.ScoreJson):
// {period: {from, to, graceSeconds, calmHours, windows: {scenario: count}},
//  rules: [{rule, kind, mode, replaces, entityLevel, overall: Score, scenarios: {scenario: Score}, calmFalseDetections,
//           falsePerCalmHour}],
//  trend: [{from, to, rules: {rule: {detections, precision, recall, windowRecall}}}]},
// a Score being {detections, trueDetections, precision, targets, targetsFound, recall, windows, windowsCaught,
// windowRecall, timeToDetectP50Ms, timeToDetectP95Ms}; a ratio or a time is null when it has nothing to count.
import { DASH } from './format.js';

export const RANGES = ['1h', '6h', '24h'];
export const DEFAULT_RANGE = '6h';
export const BUCKETS = 12;

/** The range of the URL's `range`, or the default. */
export function readRange(value) {
  return RANGES.includes(value) ? value : DEFAULT_RANGE;
}

function list(value) {
  return Array.isArray(value) ? value : [];
}

function byName(a, b) {
  return String(a.rule).localeCompare(String(b.rule));
}

/**
 * The rows of the board: every rule that is not a shadow of another listed rule, by name, each followed by the
 * shadow rules that would replace it, by name. Each row is {score, shadow, nested}: `nested` when it sits under the
 * rule it replaces. A shadow rule whose rule is not listed stands on its own, in name order.
 */
export function boardRows(rules) {
  const scores = list(rules).filter((score) => score && typeof score.rule === 'string');
  const names = new Set(scores.map((score) => score.rule));
  const nestedUnder = (score) => score.mode === 'shadow' && typeof score.replaces === 'string'
    && score.replaces !== score.rule && names.has(score.replaces);
  const rows = [];
  for (const score of scores.filter((s) => !nestedUnder(s)).sort(byName)) {
    rows.push({ score, shadow: score.mode === 'shadow', nested: false });
    scores.filter((s) => nestedUnder(s) && s.replaces === score.rule).sort(byName)
      .forEach((shadow) => rows.push({ score: shadow, shadow: true, nested: true }));
  }
  return rows;
}

/** The scenario columns: every scenario with windows in the period or a score in a rule, by name. */
export function scenariosOf(answer) {
  const names = new Set(Object.keys(answer?.period?.windows ?? {}));
  list(answer?.rules).forEach((score) => Object.keys(score?.scenarios ?? {}).forEach((name) => names.add(name)));
  return [...names].sort();
}

/** A share 0..1 as a whole percentage: 0.925 → "93%"; "—" for null. */
export function fmtShare(value) {
  return typeof value === 'number' && Number.isFinite(value) ? `${Math.round(value * 100)}%` : DASH;
}

/**
 * What a rule's recall means: entity recall for a rule the truth names entities of, else window recall (a rule on
 * networks or the stream has no entity recall), so the board shows the one that applies.
 */
export function recallOf(ruleScore, score) {
  return ruleScore?.entityLevel === false
    ? { value: score?.windowRecall ?? null, byWindow: true }
    : { value: score?.recall ?? null, byWindow: false };
}

/** Per bucket of the trend, the rule's recall (window recall for a rule judged by window) and precision; null gaps. */
export function trendOf(trend, ruleScore) {
  const buckets = list(trend);
  const of = (bucket) => bucket?.rules?.[ruleScore?.rule] ?? null;
  const ratio = (value) => (typeof value === 'number' && Number.isFinite(value) ? value : null);
  return {
    recall: buckets.map((bucket) => ratio(recallOf(ruleScore, of(bucket)).value)),
    precision: buckets.map((bucket) => ratio(of(bucket)?.precision)),
  };
}

/**
 * An SVG path drawing `values` (0..1, null a gap) across `width`, 1 at the top and 0 at the bottom of `height`
 * within `pad`; a point between gaps is a dot (a zero-length segment, drawn by a round line cap). '' with no value.
 */
export function sparkPath(values, width, height, pad = 2) {
  const points = list(values);
  const x = (i) => (points.length === 1 ? width / 2 : pad + (i * (width - 2 * pad)) / (points.length - 1));
  const y = (v) => pad + (1 - Math.min(1, Math.max(0, v))) * (height - 2 * pad);
  const round = (n) => Math.round(n * 10) / 10;
  const parts = [];
  let drawing = false;
  points.forEach((value, i) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      drawing = false;
      return;
    }
    const alone = !drawing && (i + 1 >= points.length || typeof points[i + 1] !== 'number'
      || !Number.isFinite(points[i + 1]));
    parts.push(`${drawing ? 'L' : 'M'}${round(x(i))} ${round(y(value))}${alone ? 'h0' : ''}`);
    drawing = true;
  });
  return parts.join(' ');
}
