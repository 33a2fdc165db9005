// @ts-check
// Turns untrusted text (an imported file, or what is in storage) into safe debriefs.
// Every object is built fresh, field by field, from known keys only: nothing is merged
// or copied wholesale, so keys such as "__proto__" in a file have nowhere to go.
//
// Rule of thumb for problems:
//   wrong type (text expected, a number found)   -> error: the file was not made by us
//   too many things (items, debriefs)              -> error: refuse rather than drop data
//   right type, out of range (too long, bad date)  -> fixed, with a warning saying so

import { BACKUP_FORMAT, DEBRIEF_FORMAT, LIMITS } from "./fields.js";
import { SCHEMA, migrate } from "./migrate.js";
import { isPlainObject, own } from "./plain-data.js";
import { sanitizeDebrief } from "./sanitize-debrief.js";
import { utf8Length } from "./text.js";
import { isISOTime, toISO } from "./time.js";

/** @typedef {import("./types.js").Debrief} Debrief */
/** @typedef {import("./types.js").Doc} Doc */
/** @typedef {import("./types.js").Problem} Problem */

export const MAX_BYTES = 2_000_000;
const MAX_ERRORS = 20; // past this, one "…and N more" line: a wall of errors helps nobody
const NOT_BACKUP = "This file is not a Next Round backup.";

// ---------------------------------------------------------------- sizes

/**
 * "5.1 MB", "2 MB", "800 KB", "12 bytes". Sizes are decimal, like file managers show them.
 * @param {number} bytes
 * @param {"up"|"down"} [round]  round a file's size up, so 2,000,001 bytes never reads "2 MB"
 */
export function formatSize(bytes, round = "down") {
  const fix = round === "up" ? Math.ceil : Math.floor;
  /** @param {number} unit */
  const one = (unit) => String(fix((bytes / unit) * 10) / 10);
  if (bytes >= 1_000_000) return `${one(1_000_000)} MB`;
  if (bytes >= 1_000) return `${one(1_000)} KB`;
  return `${bytes} bytes`;
}

/**
 * Usable before reading a file at all (the view can pass File#size).
 * @param {number} bytes
 * @param {number} [maxBytes]
 * @returns {Problem | null}
 */
export function checkSize(bytes, maxBytes = MAX_BYTES) {
  if (bytes <= maxBytes) return null;
  return {
    path: "",
    message: `The file is ${formatSize(bytes, "up")}; backups are at most ${formatSize(maxBytes)}.`,
  };
}

// ---------------------------------------------------------------- reading a backup file

/**
 * @typedef {{ ok: true, debriefs: Debrief[], warnings: string[] }
 *   | { ok: false, errors: Problem[] }} ParseResult
 */

/**
 * The file's wrapper: its format, its schema, and the raw debriefs it holds (upgraded).
 * @param {unknown} text
 * @param {number} maxBytes
 * @returns {{ ok: true, format: string, list: unknown[] } | { ok: false, errors: Problem[] }}
 */
function readEnvelope(text, maxBytes) {
  if (typeof text !== "string") return fail("", NOT_BACKUP);
  // Size first: never hand a huge string to JSON.parse.
  const tooBig = checkSize(utf8Length(text), maxBytes);
  if (tooBig) return { ok: false, errors: [tooBig] };

  /** @type {unknown} */
  let data;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, "")); // editors on Windows may add a byte-order mark
  } catch {
    return fail("", `${NOT_BACKUP} It could not be read as JSON.`);
  }
  if (!isPlainObject(data)) return fail("", NOT_BACKUP);

  const format = own(data, "format");
  /** @type {unknown[]} */
  let list;
  if (format === BACKUP_FORMAT) {
    const debriefs = own(data, "debriefs");
    if (!Array.isArray(debriefs)) return fail("debriefs", "This backup has no list of debriefs in it.");
    list = debriefs;
  } else if (format === DEBRIEF_FORMAT) {
    const debrief = own(data, "debrief");
    if (!isPlainObject(debrief)) return fail("debrief", "This file has no debrief in it.");
    list = [debrief];
  } else {
    return fail("format", NOT_BACKUP);
  }
  return upgrade(format, own(data, "schema"), list);
}

/**
 * Check the schema and the number of debriefs, then upgrade older backups.
 * @param {string} format
 * @param {unknown} schema
 * @param {unknown[]} list
 * @returns {{ ok: true, format: string, list: unknown[] } | { ok: false, errors: Problem[] }}
 */
function upgrade(format, schema, list) {
  if (typeof schema !== "number" || !Number.isInteger(schema) || schema < 1) {
    return fail("schema", "This backup has no valid version number (schema), so it cannot be read safely.");
  }
  if (schema > SCHEMA) {
    return fail(
      "schema",
      `This backup was made by a newer version (schema ${schema}). Reload the page to get the newest version, then try again.`,
    );
  }
  if (list.length > LIMITS.debriefs) {
    return fail("debriefs", `This backup has ${list.length} debriefs; at most ${LIMITS.debriefs} can be imported.`);
  }
  // Older backups go through the same upgrade steps as stored documents.
  const migrated = migrate({ schema, savedAt: "", currentId: null, debriefs: list });
  if (!migrated.ok) return fail("schema", migrated.error);
  return { ok: true, format, list: /** @type {unknown[]} */ (migrated.doc.debriefs) };
}

/**
 * Read a backup file (`{format: "next-round-debriefs", schema, exportedAt, debriefs}`)
 * or a single exported debrief (`{format: "next-round-debrief", schema, exportedAt, debrief}`).
 * @param {unknown} text
 * @param {{ maxBytes?: number, now?: Date|string|number }} [options]
 * @returns {ParseResult}
 */
export function parseBackup(text, { maxBytes = MAX_BYTES, now = new Date() } = {}) {
  const envelope = readEnvelope(text, maxBytes);
  if (!envelope.ok) return envelope;
  const { format, list } = envelope;
  const at = toISO(now);
  const prefix = format === BACKUP_FORMAT ? "debriefs" : "debrief";
  /** @type {Problem[]} */
  const errors = [];
  /** @type {string[]} */
  const warnings = [];
  /** @type {Debrief[]} */
  const debriefs = [];
  /** @type {Map<string, number>} */
  const seen = new Map();
  list.forEach((raw, i) => {
    const path = format === BACKUP_FORMAT ? `${prefix}[${i}]` : prefix;
    const result = sanitizeDebrief(raw, { path, label: `Debrief ${i + 1}`, now: at });
    errors.push(...result.errors);
    warnings.push(...result.warnings);
    if (!result.debrief) return;
    const first = seen.get(result.debrief.id);
    if (first !== undefined) {
      errors.push({ path: `${path}.id`, message: `Debrief ${i + 1} has the same id as debrief ${first + 1}.` });
      return;
    }
    seen.set(result.debrief.id, i);
    debriefs.push(result.debrief);
  });
  if (errors.length > 0) return { ok: false, errors: capErrors(errors) };
  return { ok: true, debriefs, warnings };
}

/**
 * @param {string} path
 * @param {string} message
 * @returns {{ ok: false, errors: Problem[] }}
 */
function fail(path, message) {
  return { ok: false, errors: [{ path, message }] };
}

/** @param {Problem[]} errors */
function capErrors(errors) {
  if (errors.length <= MAX_ERRORS) return errors;
  const rest = errors.length - MAX_ERRORS;
  return [
    ...errors.slice(0, MAX_ERRORS),
    { path: "", message: `…and ${rest} more ${rest === 1 ? "problem" : "problems"}.` },
  ];
}

// ---------------------------------------------------------------- a stored document

/**
 * Rebuild a stored document (already migrated) the same careful way. A debrief that cannot
 * be read is left out and reported, so one bad entry does not hide all the others.
 * @param {unknown} raw
 * @param {{ now?: string }} [options]
 * @returns {{ doc: Doc, dropped: number, problems: Problem[], warnings: string[] }}
 */
export function sanitizeDocument(raw, { now = toISO() } = {}) {
  const list = own(raw, "debriefs");
  const rawList = Array.isArray(list) ? list.slice(0, LIMITS.debriefs) : [];
  /** @type {Debrief[]} */
  const debriefs = [];
  /** @type {Problem[]} */
  const problems = [];
  /** @type {string[]} */
  const warnings = [];
  const seen = new Set();
  let dropped = Array.isArray(list) ? list.length - rawList.length : 0;
  rawList.forEach((item, i) => {
    const result = sanitizeDebrief(item, { path: `debriefs[${i}]`, label: `Debrief ${i + 1}`, now });
    warnings.push(...result.warnings);
    if (!result.debrief || seen.has(result.debrief.id)) {
      dropped += 1;
      problems.push(...result.errors);
      return;
    }
    seen.add(result.debrief.id);
    debriefs.push(result.debrief);
  });
  const savedAt = own(raw, "savedAt");
  const currentId = own(raw, "currentId");
  return {
    doc: {
      schema: SCHEMA,
      savedAt: isISOTime(savedAt) ? savedAt : "",
      currentId: typeof currentId === "string" && seen.has(currentId) ? currentId : (debriefs[0]?.id ?? null),
      debriefs,
    },
    dropped,
    problems,
    warnings,
  };
}
