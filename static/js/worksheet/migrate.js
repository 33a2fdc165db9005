// @ts-check
// Brings a stored document up to the current schema, one version at a time.
// A document from a NEWER version is handed back untouched and marked read-only:
// this code does not understand it, so it must never write over it.

import { isPlainObject } from "./plain-data.js";

/** The schema this code reads and writes. */
export const SCHEMA = 2;

/**
 * STEPS[n] turns a schema-n document into a schema-(n+1) one, without mutating its input.
 * @type {Readonly<Record<number, (doc: any) => any>>}
 */
export const STEPS = Object.freeze({
  // Schema 2 adds step 5's next step (next.action, next.actionDate) and the next interview's time
  // (next.nextTime). They start empty, as a missing field is read; the number changes so that a tab
  // still running schema-1 code opens the newer data read-only instead of saving it without them.
  1: (/** @type {any} */ doc) => ({ ...doc, schema: 2 }),
});

/**
 * @typedef {{ ok: true, doc: any, readOnly: boolean, from: number }
 *   | { ok: false, error: string }} MigrateResult
 */

/**
 * @param {unknown} raw  parsed JSON
 * @returns {MigrateResult}
 */
export function migrate(raw) {
  return migrateWith(raw, STEPS, SCHEMA);
}

/**
 * The same walk with an explicit table, so tests can exercise a future v1 -> v2 step today.
 * @param {unknown} raw
 * @param {Readonly<Record<number, (doc: any) => any>>} steps
 * @param {number} current
 * @returns {MigrateResult}
 */
export function migrateWith(raw, steps, current) {
  if (!isPlainObject(raw)) return { ok: false, error: "The saved data is not a worksheet document." };
  const from = raw.schema;
  if (typeof from !== "number" || !Number.isInteger(from) || from < 1) {
    return { ok: false, error: "The saved data has no valid schema version." };
  }
  // Newer: do not check or change anything we do not understand.
  if (from > current) return { ok: true, doc: raw, readOnly: true, from };
  if (!Array.isArray(raw.debriefs)) {
    return { ok: false, error: "The saved data has no list of debriefs." };
  }
  let doc = structuredClone(raw); // steps may be sloppy; the caller's object stays as it was
  for (let v = from; v < current; v++) {
    const step = Object.hasOwn(steps, v) ? steps[v] : undefined;
    if (typeof step !== "function") {
      return { ok: false, error: `There is no way to upgrade schema ${v} to ${v + 1}.` };
    }
    doc = step(doc);
    if (!isPlainObject(doc) || doc.schema !== v + 1 || !Array.isArray(doc.debriefs)) {
      return { ok: false, error: `Upgrading schema ${v} to ${v + 1} failed.` };
    }
  }
  return { ok: true, doc, readOnly: false, from };
}
