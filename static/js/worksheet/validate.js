// @ts-check
// Turns untrusted text (an imported file, or what is in storage) into safe debriefs.
// Every object is built fresh, field by field, from known keys only: nothing is merged
// or copied wholesale, so keys such as "__proto__" in a file have nowhere to go.
//
// Rule of thumb for problems:
//   wrong type (text expected, a number found)   -> error: the file was not made by us
//   too many things (items, debriefs)              -> error: refuse rather than drop data
//   right type, out of range (too long, bad date)  -> fixed, with a warning saying so

import { BACKUP_FORMAT, CHOICES, DEBRIEF_FORMAT, DICTS, FIELD_BY_PATH, LIMITS } from "./fields.js";
import { isSafeKey, newId } from "./keys.js";
import { SCHEMA, migrate } from "./migrate.js";
import { copyDebrief, displayName, upsert } from "./model.js";
import { canonicalJSON, isPlainObject, own } from "./plain-data.js";
import { LIST_TITLES } from "./steps.js";
import { truncate, utf8Length } from "./text.js";
import { isISODay, isISOTime, toISO } from "./time.js";

/** @typedef {import("./types.js").Debrief} Debrief */
/** @typedef {import("./types.js").Item} Item */
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
 * Read a backup file (`{format: "next-round-debriefs", schema, exportedAt, debriefs}`)
 * or a single exported debrief (`{format: "next-round-debrief", schema, exportedAt, debrief}`).
 * @param {unknown} text
 * @param {{ maxBytes?: number, now?: Date|string|number }} [options]
 * @returns {ParseResult}
 */
export function parseBackup(text, { maxBytes = MAX_BYTES, now = new Date() } = {}) {
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

  const schema = own(data, "schema");
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
  /** @type {unknown[]} */ (migrated.doc.debriefs).forEach((raw, i) => {
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

// ---------------------------------------------------------------- one debrief

/** @param {unknown} value */
function describeType(value) {
  if (Array.isArray(value)) return "a list";
  if (typeof value === "boolean") return "true or false";
  if (typeof value === "number") return "a number";
  if (typeof value === "object") return "a group of fields";
  return typeof value;
}

/** @param {number} n */
const thousands = (n) => n.toLocaleString("en");

/**
 * Build a fresh debrief from untrusted data.
 * @param {unknown} raw
 * @param {{ path?: string, label?: string, now?: string }} [options]
 *   path: where it sits in the file (for error paths); label: "Debrief 2" (for messages);
 *   now: ISO time used when createdAt/updatedAt are missing or unreadable
 * @returns {{ debrief: Debrief | null, errors: Problem[], warnings: string[] }}
 */
export function sanitizeDebrief(raw, { path = "debrief", label = "The debrief", now = toISO() } = {}) {
  /** @type {Problem[]} */
  const errors = [];
  /** @type {string[]} */
  const warnings = [];
  /** @param {string} where @param {string} message */
  const error = (where, message) => errors.push({ path: `${path}.${where}`, message: `${label}: ${message}` });
  /** @param {string} message */
  const warn = (message) => warnings.push(`${label}: ${message}`);

  if (!isPlainObject(raw)) {
    errors.push({ path, message: `${label} is not a debrief (it is ${describeType(raw)}).` });
    return { debrief: null, errors, warnings };
  }

  const id = own(raw, "id");
  if (id === undefined || id === null || id === "") {
    errors.push({ path: `${path}.id`, message: `${label} has no id.` });
  } else if (!isSafeKey(id)) {
    errors.push({ path: `${path}.id`, message: `${label} has an id that is not valid.` });
  }

  /** @type {Map<string, unknown>} */
  const groups = new Map();
  /** A nested group ("interview", "next"…): missing is fine, anything but an object is an error. */
  /** @param {string} name */
  const group = (name) => {
    if (!groups.has(name)) {
      const value = own(raw, name);
      if (value === undefined || value === null) groups.set(name, {});
      else if (isPlainObject(value)) groups.set(name, value);
      else {
        error(name, `"${name}" should be a group of fields, not ${describeType(value)}.`);
        groups.set(name, {});
      }
    }
    return groups.get(name);
  };

  /** Read one field listed in FIELDS. @param {string} fieldPath @returns {any} */
  const field = (fieldPath) => {
    const spec = /** @type {import("./fields.js").Field} */ (FIELD_BY_PATH.get(fieldPath));
    const parts = fieldPath.split(".");
    const value = parts.length === 2 ? own(group(parts[0]), parts[1]) : own(raw, parts[0]);
    if (value === undefined || value === null) return "";
    if (typeof value !== "string") {
      error(fieldPath, `${spec.label} should be text, not ${describeType(value)}.`);
      return "";
    }
    if (spec.kind === "day" && value !== "" && !isISODay(value)) {
      warn(`${spec.label} "${truncate(value, 40)}" is not a date like 2026-05-31 and was left empty.`);
      return "";
    }
    if (spec.kind === "choice" && !CHOICES.includes(/** @type {any} */ (value))) {
      warn(`${spec.label} "${truncate(value, 40)}" is not one of the choices and was left empty.`);
      return "";
    }
    if (value.length > spec.max) {
      warn(`${spec.label} was longer than ${thousands(spec.max)} characters and was shortened.`);
      return truncate(value, spec.max);
    }
    return value;
  };

  /** @param {"createdAt"|"updatedAt"} key */
  const time = (key) => {
    const value = own(raw, key);
    if (isISOTime(value)) return value;
    if (value !== undefined) warn(`the time "${key}" could not be read; it was set to the time of import.`);
    return now;
  };

  /** @type {Set<string>} */
  const itemIds = new Set();
  /** @param {"right"|"wrong"} list @returns {Item[]} */
  const items = (list) => {
    const value = own(raw, list);
    const title = `“${LIST_TITLES[list]}”`;
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      error(list, `${title} should be a list, not ${describeType(value)}.`);
      return [];
    }
    if (value.length > LIMITS.items) {
      error(list, `${title} has ${value.length} items; at most ${LIMITS.items} are allowed.`);
      return [];
    }
    /** @type {Item[]} */
    const out = [];
    value.forEach((rawItem, j) => {
      const where = `${list}[${j}]`;
      const name = `item ${j + 1} in ${title}`;
      if (!isPlainObject(rawItem)) {
        error(where, `${name} is not an item (it is ${describeType(rawItem)}).`);
        return;
      }
      // Item ids only need to be unique inside this debrief; replace rather than refuse.
      const given = own(rawItem, "id");
      const itemId = isSafeKey(given) && !itemIds.has(given) ? given : newId();
      itemIds.add(itemId);

      /** @param {"text"|"note"} key */
      const text = (key) => {
        const v = own(rawItem, key);
        if (v === undefined || v === null) return "";
        if (typeof v !== "string") {
          error(`${where}.${key}`, `the ${key} of ${name} should be text, not ${describeType(v)}.`);
          return "";
        }
        if (v.length > LIMITS.item) {
          warn(`the ${key} of ${name} was longer than ${thousands(LIMITS.item)} characters and was shortened.`);
          return truncate(v, LIMITS.item);
        }
        return v;
      };

      let starred = own(rawItem, "starred");
      if (starred === undefined || starred === null) starred = false;
      else if (typeof starred !== "boolean") {
        error(`${where}.starred`, `"starred" of ${name} should be true or false, not ${describeType(starred)}.`);
        starred = false;
      }

      /** @type {string[]} */
      const factors = [];
      const rawFactors = own(rawItem, "factors");
      if (Array.isArray(rawFactors)) {
        if (rawFactors.length > LIMITS.factorsPerItem) {
          error(`${where}.factors`, `${name} has ${rawFactors.length} factors; at most ${LIMITS.factorsPerItem} are allowed.`);
        } else {
          for (const f of rawFactors) {
            if (typeof f !== "string") {
              error(`${where}.factors`, `the factors of ${name} should be text, not ${describeType(f)}.`);
            } else if (!isSafeKey(f)) {
              warn(`a factor of ${name} has an unusable name and was left out.`);
            } else if (!factors.includes(f)) {
              factors.push(f);
            }
          }
        }
      } else if (rawFactors !== undefined && rawFactors !== null) {
        error(`${where}.factors`, `the factors of ${name} should be a list, not ${describeType(rawFactors)}.`);
      }

      out.push({ id: itemId, text: text("text"), starred: /** @type {boolean} */ (starred), factors, note: text("note") });
    });
    return out;
  };

  /** A dictionary such as strategy.steps: only plain keys, values of one type. @param {string} dictPath */
  const dict = (dictPath) => {
    const spec = /** @type {{kind: "text"|"bool", max: number, label: string}} */ (DICTS.get(dictPath));
    const [groupName, key] = dictPath.split(".");
    const value = own(group(groupName), key);
    /** @type {Record<string, any>} */
    const out = {};
    if (value === undefined || value === null) return out;
    if (!isPlainObject(value)) {
      error(dictPath, `"${dictPath}" should be a group of fields, not ${describeType(value)}.`);
      return out;
    }
    const keys = Object.keys(value);
    if (keys.length > LIMITS.dictKeys) {
      error(dictPath, `"${dictPath}" has ${keys.length} entries; at most ${LIMITS.dictKeys} are allowed.`);
      return out;
    }
    for (const k of keys) {
      const v = value[k];
      if (!isSafeKey(k)) {
        warn(`${spec.label} with an unusable name was left out.`);
        continue;
      }
      if (spec.kind === "bool") {
        if (typeof v === "boolean") out[k] = v;
        else error(`${dictPath}.${k}`, `${spec.label} "${k}" should be true or false, not ${describeType(v)}.`);
      } else if (typeof v !== "string") {
        error(`${dictPath}.${k}`, `${spec.label} "${k}" should be text, not ${describeType(v)}.`);
      } else if (v.length > spec.max) {
        warn(`${spec.label} "${k}" was longer than ${thousands(spec.max)} characters and was shortened.`);
        out[k] = truncate(v, spec.max);
      } else {
        out[k] = v;
      }
    }
    return out;
  };

  /** @type {Debrief} */
  const debrief = {
    id: isSafeKey(id) ? id : "",
    name: field("name"),
    createdAt: time("createdAt"),
    updatedAt: time("updatedAt"),
    interview: {
      role: field("interview.role"),
      company: field("interview.company"),
      date: field("interview.date"),
      stage: field("interview.stage"),
    },
    narrative: field("narrative"),
    flukeOrPattern: { choice: field("flukeOrPattern.choice"), note: field("flukeOrPattern.note") },
    right: items("right"),
    wrong: items("wrong"),
    strategy: { steps: dict("strategy.steps"), extra: field("strategy.extra") },
    strengths: field("strengths"),
    next: { checklist: dict("next.checklist"), nextDate: field("next.nextDate"), note: field("next.note") },
  };
  return { debrief: errors.length === 0 ? debrief : null, errors, warnings };
}

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

// ---------------------------------------------------------------- importing into a document

/**
 * @typedef {object} ImportConflict
 * @property {string} id
 * @property {Debrief} incoming
 * @property {Debrief} existing
 * @property {boolean} identical  same content: nothing to ask about
 * @property {boolean} incomingIsNewer  by updatedAt
 */

/**
 * Sort incoming debriefs into new ones and ones whose id is already here, so the view can
 * ask before overwriting anything.
 * @param {Doc} doc
 * @param {Debrief[]} incoming
 * @returns {{ newIds: string[], conflicts: ImportConflict[], room: number }}
 *   room: how many more debriefs the document can take
 */
export function planImport(doc, incoming) {
  const existing = new Map(doc.debriefs.map((d) => [d.id, d]));
  /** @type {string[]} */
  const newIds = [];
  /** @type {ImportConflict[]} */
  const conflicts = [];
  for (const debrief of incoming) {
    const here = existing.get(debrief.id);
    if (!here) {
      newIds.push(debrief.id);
      continue;
    }
    conflicts.push({
      id: debrief.id,
      incoming: debrief,
      existing: here,
      identical: canonicalJSON(debrief) === canonicalJSON(here),
      incomingIsNewer: Date.parse(debrief.updatedAt) > Date.parse(here.updatedAt),
    });
  }
  return { newIds, conflicts, room: Math.max(0, LIMITS.debriefs - doc.debriefs.length) };
}

/**
 * Apply the reader's answers. Conflicts default to "keep": nothing is overwritten unless asked.
 * "copy" imports the file's version beside the existing one, under new ids.
 * @param {Doc} doc
 * @param {Debrief[]} incoming
 * @param {Record<string, "keep"|"replace"|"copy">} [decisions]  by debrief id
 * @param {Date|string|number} [now]
 * @returns {{ doc: Doc, added: number, replaced: number, copied: number, skipped: number }}
 */
export function applyImport(doc, incoming, decisions = {}, now = new Date()) {
  const at = toISO(now);
  const ids = new Set(doc.debriefs.map((d) => d.id));
  let added = 0;
  let replaced = 0;
  let copied = 0;
  let skipped = 0;
  let next = doc;
  for (const debrief of incoming) {
    if (!ids.has(debrief.id)) {
      const after = upsert(next, debrief);
      if (after === next) skipped += 1;
      else added += 1;
      next = after;
      ids.add(debrief.id);
      continue;
    }
    const decision = Object.hasOwn(decisions, debrief.id) ? decisions[debrief.id] : "keep";
    if (decision === "replace") {
      next = upsert(next, debrief);
      replaced += 1;
    } else if (decision === "copy") {
      const copy = copyDebrief(debrief, at);
      copy.name = truncate(`${displayName(debrief)} (imported)`, LIMITS.short);
      const after = upsert(next, copy);
      if (after === next) skipped += 1;
      else copied += 1;
      next = after;
    } else {
      skipped += 1;
    }
  }
  return { doc: next, added, replaced, copied, skipped };
}
