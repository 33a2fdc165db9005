// @ts-check
// Builds one fresh debrief from untrusted data (a file or storage), field by field from known
// keys only, and says what was wrong (errors) or fixed on the way (warnings).

import { CHOICES, DICTS, FIELD_BY_PATH, LIMITS } from "./fields.js";
import { isSafeKey, newId } from "./keys.js";
import { isPlainObject, own } from "./plain-data.js";
import { LIST_TITLES } from "./steps.js";
import { truncate } from "./text.js";
import { isClockTime, isISODay, isISOTime, toISO } from "./time.js";

/** @typedef {import("./types.js").Debrief} Debrief */
/** @typedef {import("./types.js").Item} Item */
/** @typedef {import("./types.js").Problem} Problem */

/**
 * One debrief being read: its data, where to report, and its nested groups once looked at.
 * @typedef {object} Reader
 * @property {Record<string, unknown>} raw
 * @property {(where: string, message: string) => void} error  `where` is a path inside the debrief
 * @property {(message: string) => void} warn
 * @property {(name: string) => unknown} group  a nested group ("interview", "next"…)
 */

/**
 * What a value is, in words, for messages.
 * @param {unknown} value
 */
export function describeType(value) {
  if (Array.isArray(value)) return "a list";
  if (typeof value === "boolean") return "true or false";
  if (typeof value === "number") return "a number";
  if (typeof value === "object") return "a group of fields";
  return typeof value;
}

/** @param {number} n */
const thousands = (n) => n.toLocaleString("en");

/**
 * @param {Record<string, unknown>} raw
 * @param {(where: string, message: string) => void} error
 * @param {(message: string) => void} warn
 * @returns {Reader}
 */
function createReader(raw, error, warn) {
  /** @type {Map<string, unknown>} */
  const groups = new Map();
  /** A nested group: missing is fine, anything but an object is an error (reported once). @param {string} name */
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
  return { raw, error, warn, group };
}

/**
 * Read one field listed in FIELDS.
 * @param {Reader} r
 * @param {string} fieldPath
 * @returns {any}
 */
function readField(r, fieldPath) {
  const spec = /** @type {import("./fields.js").Field} */ (FIELD_BY_PATH.get(fieldPath));
  const parts = fieldPath.split(".");
  const value = parts.length === 2 ? own(r.group(parts[0]), parts[1]) : own(r.raw, parts[0]);
  if (value === undefined || value === null) return "";
  if (typeof value !== "string") {
    r.error(fieldPath, `${spec.label} should be text, not ${describeType(value)}.`);
    return "";
  }
  if (spec.kind === "day" && value !== "" && !isISODay(value)) {
    r.warn(`${spec.label} "${truncate(value, 40)}" is not a date like 2026-05-31 and was left empty.`);
    return "";
  }
  if (spec.kind === "time" && value !== "" && !isClockTime(value)) {
    r.warn(`${spec.label} "${truncate(value, 40)}" is not a time like 09:30 and was left empty.`);
    return "";
  }
  if (spec.kind === "choice" && !CHOICES.includes(/** @type {any} */ (value))) {
    r.warn(`${spec.label} "${truncate(value, 40)}" is not one of the choices and was left empty.`);
    return "";
  }
  if (value.length > spec.max) {
    r.warn(`${spec.label} was longer than ${thousands(spec.max)} characters and was shortened.`);
    return truncate(value, spec.max);
  }
  return value;
}

/**
 * @param {Reader} r
 * @param {"createdAt"|"updatedAt"} key
 * @param {string} now  used when the time is missing or unreadable
 */
function readTime(r, key, now) {
  const value = own(r.raw, key);
  if (isISOTime(value)) return value;
  if (value !== undefined) r.warn(`the time "${key}" could not be read; it was set to the time of import.`);
  return now;
}

/**
 * An item's text or note.
 * @param {Reader} r
 * @param {Record<string, unknown>} rawItem
 * @param {"text"|"note"} key
 * @param {string} where  the item's path
 * @param {string} name  the item, in words
 */
function readItemText(r, rawItem, key, where, name) {
  const v = own(rawItem, key);
  if (v === undefined || v === null) return "";
  if (typeof v !== "string") {
    r.error(`${where}.${key}`, `the ${key} of ${name} should be text, not ${describeType(v)}.`);
    return "";
  }
  if (v.length > LIMITS.item) {
    r.warn(`the ${key} of ${name} was longer than ${thousands(LIMITS.item)} characters and was shortened.`);
    return truncate(v, LIMITS.item);
  }
  return v;
}

/**
 * @param {Reader} r
 * @param {Record<string, unknown>} rawItem
 * @param {string} where
 * @param {string} name
 */
function readStarred(r, rawItem, where, name) {
  const starred = own(rawItem, "starred");
  if (starred === undefined || starred === null) return false;
  if (typeof starred !== "boolean") {
    r.error(`${where}.starred`, `"starred" of ${name} should be true or false, not ${describeType(starred)}.`);
    return false;
  }
  return starred;
}

/**
 * @param {Reader} r
 * @param {Record<string, unknown>} rawItem
 * @param {string} where
 * @param {string} name
 * @returns {string[]} factor ids, each once
 */
function readFactors(r, rawItem, where, name) {
  /** @type {string[]} */
  const factors = [];
  const rawFactors = own(rawItem, "factors");
  if (Array.isArray(rawFactors)) {
    if (rawFactors.length > LIMITS.factorsPerItem) {
      r.error(`${where}.factors`, `${name} has ${rawFactors.length} factors; at most ${LIMITS.factorsPerItem} are allowed.`);
      return factors;
    }
    for (const f of rawFactors) {
      if (typeof f !== "string") {
        r.error(`${where}.factors`, `the factors of ${name} should be text, not ${describeType(f)}.`);
      } else if (!isSafeKey(f)) {
        r.warn(`a factor of ${name} has an unusable name and was left out.`);
      } else if (!factors.includes(f)) {
        factors.push(f);
      }
    }
  } else if (rawFactors !== undefined && rawFactors !== null) {
    r.error(`${where}.factors`, `the factors of ${name} should be a list, not ${describeType(rawFactors)}.`);
  }
  return factors;
}

/**
 * @param {Reader} r
 * @param {unknown} rawItem
 * @param {string} where  its path, "right[0]"
 * @param {string} name  in words, "item 1 in “What went right”"
 * @param {Set<string>} itemIds  ids taken so far in this debrief
 * @returns {Item | null}
 */
function readItem(r, rawItem, where, name, itemIds) {
  if (!isPlainObject(rawItem)) {
    r.error(where, `${name} is not an item (it is ${describeType(rawItem)}).`);
    return null;
  }
  // Item ids only need to be unique inside this debrief; replace rather than refuse.
  const given = own(rawItem, "id");
  const id = isSafeKey(given) && !itemIds.has(given) ? given : newId();
  itemIds.add(id);
  const starred = readStarred(r, rawItem, where, name);
  const factors = readFactors(r, rawItem, where, name);
  return { id, text: readItemText(r, rawItem, "text", where, name), starred, factors, note: readItemText(r, rawItem, "note", where, name) };
}

/**
 * @param {Reader} r
 * @param {"right"|"wrong"} list
 * @param {Set<string>} itemIds
 * @returns {Item[]}
 */
function readItems(r, list, itemIds) {
  const value = own(r.raw, list);
  const title = `“${LIST_TITLES[list]}”`;
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    r.error(list, `${title} should be a list, not ${describeType(value)}.`);
    return [];
  }
  if (value.length > LIMITS.items) {
    r.error(list, `${title} has ${value.length} items; at most ${LIMITS.items} are allowed.`);
    return [];
  }
  /** @type {Item[]} */
  const out = [];
  value.forEach((rawItem, j) => {
    const item = readItem(r, rawItem, `${list}[${j}]`, `item ${j + 1} in ${title}`, itemIds);
    if (item) out.push(item);
  });
  return out;
}

/**
 * A dictionary such as strategy.steps: only plain keys, values of one type.
 * @param {Reader} r
 * @param {string} dictPath
 * @returns {Record<string, any>}
 */
function readDict(r, dictPath) {
  const spec = /** @type {{kind: "text"|"bool", max: number, label: string}} */ (DICTS.get(dictPath));
  const [groupName, key] = dictPath.split(".");
  const value = own(r.group(groupName), key);
  /** @type {Record<string, any>} */
  const out = {};
  if (value === undefined || value === null) return out;
  if (!isPlainObject(value)) {
    r.error(dictPath, `"${dictPath}" should be a group of fields, not ${describeType(value)}.`);
    return out;
  }
  const keys = Object.keys(value);
  if (keys.length > LIMITS.dictKeys) {
    r.error(dictPath, `"${dictPath}" has ${keys.length} entries; at most ${LIMITS.dictKeys} are allowed.`);
    return out;
  }
  for (const k of keys) {
    const v = value[k];
    if (!isSafeKey(k)) {
      r.warn(`${spec.label} with an unusable name was left out.`);
      continue;
    }
    if (spec.kind === "bool") {
      if (typeof v === "boolean") out[k] = v;
      else r.error(`${dictPath}.${k}`, `${spec.label} "${k}" should be true or false, not ${describeType(v)}.`);
    } else if (typeof v !== "string") {
      r.error(`${dictPath}.${k}`, `${spec.label} "${k}" should be text, not ${describeType(v)}.`);
    } else if (v.length > spec.max) {
      r.warn(`${spec.label} "${k}" was longer than ${thousands(spec.max)} characters and was shortened.`);
      out[k] = truncate(v, spec.max);
    } else {
      out[k] = v;
    }
  }
  return out;
}

/**
 * @param {Reader} r
 * @param {string} id  a safe id, or "" when it was not
 * @param {string} now
 * @returns {Debrief}
 */
function readDebrief(r, id, now) {
  const itemIds = new Set();
  return {
    id,
    name: readField(r, "name"),
    createdAt: readTime(r, "createdAt", now),
    updatedAt: readTime(r, "updatedAt", now),
    interview: {
      role: readField(r, "interview.role"),
      company: readField(r, "interview.company"),
      date: readField(r, "interview.date"),
      stage: readField(r, "interview.stage"),
    },
    narrative: readField(r, "narrative"),
    flukeOrPattern: { choice: readField(r, "flukeOrPattern.choice"), note: readField(r, "flukeOrPattern.note") },
    right: readItems(r, "right", itemIds),
    wrong: readItems(r, "wrong", itemIds),
    strategy: { steps: readDict(r, "strategy.steps"), extra: readField(r, "strategy.extra") },
    strengths: readField(r, "strengths"),
    next: {
      checklist: readDict(r, "next.checklist"),
      action: readField(r, "next.action"),
      actionDate: readField(r, "next.actionDate"),
      nextDate: readField(r, "next.nextDate"),
      nextTime: readField(r, "next.nextTime"),
      note: readField(r, "next.note"),
    },
  };
}

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
  const reader = createReader(
    raw,
    (where, message) => errors.push({ path: `${path}.${where}`, message: `${label}: ${message}` }),
    (message) => warnings.push(`${label}: ${message}`),
  );
  const debrief = readDebrief(reader, isSafeKey(id) ? id : "", now);
  return { debrief: errors.length === 0 ? debrief : null, errors, warnings };
}
