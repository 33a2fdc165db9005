// @ts-check
// Reading and writing plain JSON-like data safely: plain-object checks, own-property reads,
// canonical JSON and distinct values. Nothing here knows about debriefs.

import { FORBIDDEN_KEYS } from "./keys.js";

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
