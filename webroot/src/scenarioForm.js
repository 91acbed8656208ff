// The scenario panel's logic, apart from the DOM: the knobs of a catalogue entry (GET /api/v1/scenarios) as form
// fields, the start request read back from them, and the runs going on now from GET /api/v1/attacks.

/** A knob's field as the form shows it: {name, type, value (the default, as text or boolean), min, max, step, values}. */
export function knobFields(scenario) {
  return (scenario?.parameters ?? []).map((knob) => ({
    name: knob.name,
    type: knob.type,
    value: knob.type === 'boolean' ? Boolean(knob.default) : String(knob.default ?? ''),
    min: knob.min ?? null,
    max: knob.max ?? null,
    step: knob.type === 'integer' ? 1 : 'any',
    values: knob.values ?? [],
    description: knob.description ?? '',
  }));
}

export class KnobError extends Error {
  constructor(field, message) {
    super(`${field}: ${message}`);
    this.name = 'KnobError';
    this.field = field;
  }
}

/**
 * The body of POST /api/v1/generator/scenarios from the form's values ({name: text | boolean}): every knob whose
 * value differs from its default, typed as the catalogue says; a KnobError naming the knob for a value that cannot be
 * read as its type or lies outside its bounds (the API checks again, and has the last word).
 */
export function startRequest(scenario, values) {
  const body = { scenario: scenario.name };
  for (const knob of scenario.parameters ?? []) {
    const raw = values[knob.name];
    if (raw === undefined || raw === null || raw === '') {
      continue;
    }
    let value;
    if (knob.type === 'boolean') {
      value = Boolean(raw);
    } else if (knob.type === 'enum') {
      value = String(raw);
      if (!(knob.values ?? []).includes(value)) {
        throw new KnobError(knob.name, `expected one of ${(knob.values ?? []).join(', ')}`);
      }
    } else {
      const text = String(raw).trim();
      value = Number(text);
      if (text === '' || !Number.isFinite(value)) {
        throw new KnobError(knob.name, 'expected a number');
      }
      if (knob.type === 'integer' && !Number.isInteger(value)) {
        throw new KnobError(knob.name, 'expected a whole number');
      }
      if ((knob.min != null && value < knob.min) || (knob.max != null && value > knob.max)) {
        throw new KnobError(knob.name, `expected a value from ${knob.min} to ${knob.max}`);
      }
    }
    if (value !== knob.default) {
      body[knob.name] = value;
    }
  }
  return body;
}

/**
 * The runs going on now, newest first, from GET /api/v1/attacks ({windows: [{id, scenario, parameters, startedAt,
 * ongoing, entities: {total, byRole}}]}): {runId, scenario, startedAt, parameters, attackers, victims}.
 */
export function runningRuns(answer) {
  const windows = Array.isArray(answer?.windows) ? answer.windows : [];
  return windows.filter((window) => window.ongoing).map((window) => ({
    runId: window.id,
    scenario: window.scenario ?? 'classic',
    startedAt: window.startedAt,
    parameters: window.parameters ?? {},
    attackers: window.entities?.byRole?.attacker ?? 0,
    victims: window.entities?.byRole?.victim ?? 0,
  }));
}

/** Parameters as a short line: "intensity 0.05 · durationSeconds 600 · variant burst". */
export function describeParameters(parameters) {
  return Object.entries(parameters ?? {}).map(([name, value]) => `${name} ${value}`).join(' · ');
}
