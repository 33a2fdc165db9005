// @ts-check
// Days and times as the worksheet stores them: ISO 8601 text, written and checked.

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
 * A time of day written HH:MM (24 hours), as an `<input type="time">` gives it.
 * @param {unknown} value
 * @returns {value is string}
 */
export function isClockTime(value) {
  return typeof value === "string" && /^([01]\d|2[0-3]):[0-5]\d$/.test(value);
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
