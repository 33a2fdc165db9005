// @ts-check
// Ids and dictionary keys: making a fresh id, and checking that a key is safe to use anywhere.

/** Keys that reach Object.prototype when assigned; never accepted as ids or dictionary keys. */
export const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

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
