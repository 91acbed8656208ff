// Number and time formatting. Every formatter answers '—' for null, undefined or a non-finite number, never NaN.

export const DASH = '—';

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const twoDecimals = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

function isNumber(value) {
  return typeof value === 'number' && Number.isFinite(value);
}

/** 1234567 → "1,234,567". */
export function fmtInt(value) {
  return isNumber(value) ? integer.format(Math.round(value)) : DASH;
}

/** A number with up to two decimals, one when it is large: 12.345 → "12.35", 1234.5 → "1,234.5". */
export function fmtNum(value) {
  if (!isNumber(value)) {
    return DASH;
  }
  return Math.abs(value) >= 100 ? oneDecimal.format(value) : twoDecimals.format(value);
}

/** A share 0..1 as a percentage: 0.0123 → "1.23%", 0.5 → "50.0%". */
export function fmtRate(value) {
  if (!isNumber(value)) {
    return DASH;
  }
  const percent = value * 100;
  if (percent === 0) {
    return '0%';
  }
  if (Math.abs(percent) < 10) {
    return `${percent.toFixed(2)}%`;
  }
  return `${percent.toFixed(1)}%`;
}

/** Milliseconds: 12.3 → "12.3 ms", 1534 → "1.53 s", 125000 → "2m 5s". */
export function fmtMs(value) {
  if (!isNumber(value)) {
    return DASH;
  }
  if (value < 1000) {
    return `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;
  }
  if (value < 60_000) {
    return `${(value / 1000).toFixed(2)} s`;
  }
  const seconds = Math.round(value / 1000);
  if (seconds < 3600) {
    return `${Math.floor(seconds / 60)}m ${seconds % 60}s`;
  }
  return `${Math.floor(seconds / 3600)}h ${Math.floor((seconds % 3600) / 60)}m`;
}

/** Bytes: 1536 → "1.5 KiB". */
export function fmtBytes(value) {
  if (!isNumber(value)) {
    return DASH;
  }
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let size = value;
  let unit = 0;
  while (size >= 1024 && unit < units.length - 1) {
    size /= 1024;
    unit++;
  }
  return unit === 0 ? `${size} B` : `${size.toFixed(1)} ${units[unit]}`;
}

function parseTime(value) {
  if (value === null || value === undefined || value === '') {
    return null;
  }
  const ms = typeof value === 'number' ? value : Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms) : null;
}

/** An instant in UTC: "2026-11-24 15:04:05Z"; with millis: "…05.123Z". */
export function fmtTime(value, { millis = false } = {}) {
  const date = parseTime(value);
  if (!date) {
    return DASH;
  }
  const iso = date.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, millis ? 23 : 19)}Z`;
}

/** Time of day in UTC: "15:04:05". */
export function fmtClock(value) {
  const date = parseTime(value);
  return date ? date.toISOString().slice(11, 19) : DASH;
}

/** How long ago: "4 s ago", "3 min ago", "2 h ago", "5 d ago". */
export function fmtAgo(value, now = Date.now()) {
  const date = parseTime(value);
  if (!date) {
    return DASH;
  }
  const seconds = Math.max(0, Math.round((now - date.getTime()) / 1000));
  if (seconds < 60) {
    return `${seconds} s ago`;
  }
  if (seconds < 3600) {
    return `${Math.floor(seconds / 60)} min ago`;
  }
  if (seconds < 86_400) {
    return `${Math.floor(seconds / 3600)} h ago`;
  }
  return `${Math.floor(seconds / 86_400)} d ago`;
}

/** Pretty JSON for display, 2-space indented. */
export function fmtJson(value) {
  return JSON.stringify(value, null, 2);
}

/** A raw payload: pretty-printed when it parses as JSON, otherwise as it came. */
export function fmtPayload(text) {
  if (typeof text !== 'string') {
    return fmtJson(text);
  }
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** "account_activity" → "account activity". */
export function fmtType(type) {
  return typeof type === 'string' ? type.replace(/_/g, ' ') : DASH;
}
