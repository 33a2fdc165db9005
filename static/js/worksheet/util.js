// @ts-check
// Small helpers shared by the worksheet modules. Nothing here knows about debriefs.

// Keys that reach Object.prototype when assigned; never accepted as ids or dictionary keys.
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

// Ids and dictionary keys: short and plain, so they are safe as object keys,
// in HTML attributes and in file names. A UUID (36 chars) fits.
const KEY_RE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/;

/**
 * @param {unknown} key
 * @returns {key is string}
 */
export function isSafeKey(key) {
  return typeof key === "string" && KEY_RE.test(key) && !FORBIDDEN_KEYS.has(key);
}

/** @returns {string} a fresh random id (works in Node 20 and browsers). */
export function newId() {
  return globalThis.crypto.randomUUID();
}

/**
 * @param {Date|string|number} [now]
 * @returns {string} ISO 8601 UTC time
 */
export function toISO(now = new Date()) {
  const date = now instanceof Date ? now : new Date(now);
  if (Number.isNaN(date.getTime())) throw new RangeError(`Not a valid time: ${String(now)}`);
  return date.toISOString();
}

/**
 * A calendar day written YYYY-MM-DD that really exists (no 2026-02-30).
 * @param {unknown} value
 * @returns {value is string}
 */
export function isISODay(value) {
  if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [y, m, d] = value.split("-").map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/**
 * A full ISO time as written by Date#toISOString (other forms parse differently across engines).
 * @param {unknown} value
 * @returns {value is string}
 */
export function isISOTime(value) {
  return (
    typeof value === "string" &&
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/.test(value) &&
    !Number.isNaN(Date.parse(value))
  );
}

/**
 * Own-property read: inherited names such as "constructor" never leak in from parsed data.
 * @param {unknown} obj
 * @param {string} key
 * @returns {unknown}
 */
export function own(obj, key) {
  return obj !== null && typeof obj === "object" && Object.hasOwn(obj, key)
    ? /** @type {Record<string, unknown>} */ (obj)[key]
    : undefined;
}

/**
 * @param {unknown} value
 * @returns {value is Record<string, unknown>}
 */
export function isPlainObject(value) {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Cut to at most `max` UTF-16 units without splitting an emoji's surrogate pair.
 * @param {string} text
 * @param {number} max
 */
export function truncate(text, max) {
  if (text.length <= max) return text;
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return text.slice(0, end);
}

/**
 * UTF-8 size of a string, counted without allocating a copy of it.
 * @param {string} text
 */
export function utf8Length(text) {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i += 1;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * JSON with object keys sorted, so equal values always give equal text.
 * @param {unknown} value
 * @returns {string}
 */
export function canonicalJSON(value) {
  return JSON.stringify(sortKeys(value));
}

/** @param {unknown} value @returns {unknown} */
function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    /** @type {Record<string, unknown>} */
    const out = {};
    for (const key of Object.keys(value).sort()) {
      if (FORBIDDEN_KEYS.has(key)) continue;
      out[key] = sortKeys(/** @type {Record<string, unknown>} */ (value)[key]);
    }
    return out;
  }
  return value;
}

/**
 * Distinct values in first-seen order.
 * @template T
 * @param {Iterable<T>} values
 * @returns {T[]}
 */
export function unique(values) {
  return [...new Set(values)];
}
