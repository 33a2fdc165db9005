// @ts-check
// The debrief and the document as plain data, changed only through pure functions that
// return new objects. The view keeps one document in memory and replaces it on each edit,
// which makes undo, saving and "did anything change?" (===) simple.

import { CHOICES, DICTS, FIELD_BY_PATH, LIMITS, LISTS } from "./fields.js";
import { isSafeKey, newId } from "./keys.js";
import { SCHEMA } from "./migrate.js";
import { truncate } from "./text.js";
import { isClockTime, isISODay, toISO } from "./time.js";

/** @typedef {import("./types.js").Debrief} Debrief */
/** @typedef {import("./types.js").Item} Item */
/** @typedef {import("./types.js").ListName} ListName */
/** @typedef {import("./types.js").Doc} Doc */

// ---------------------------------------------------------------- one debrief

/**
 * @param {Date|string|number} [now]
 * @returns {Debrief}
 */
export function newDebrief(now = new Date()) {
  const at = toISO(now);
  return {
    id: newId(),
    name: "",
    createdAt: at,
    updatedAt: at,
    interview: { role: "", company: "", date: "", stage: "" },
    narrative: "",
    flukeOrPattern: { choice: "", note: "" },
    right: [],
    wrong: [],
    strategy: { steps: {}, extra: "" },
    strengths: "",
    next: { checklist: {}, action: "", actionDate: "", nextDate: "", nextTime: "", note: "" },
  };
}

/**
 * What to call a debrief when the reader has not named it.
 * @param {Debrief} debrief
 */
export function displayName(debrief) {
  const name = debrief.name.trim();
  if (name) return name;
  const { role, company } = debrief.interview;
  const about = [role.trim(), company.trim()].filter(Boolean).join(" at ");
  return about || "Untitled debrief";
}

/**
 * Mark a debrief as changed. Separate from the edits so they stay free of clocks.
 * @param {Debrief} debrief
 * @param {Date|string|number} [now]
 * @returns {Debrief}
 */
export function touch(debrief, now = new Date()) {
  return { ...debrief, updatedAt: toISO(now) };
}

/**
 * Set one field by path ("interview.role", "strategy.steps.late", or ["next", "checklist", "rest"]).
 * Only known paths are accepted, so no path can reach a prototype. Text longer than its
 * limit is cut, the same as an import would. Returns the same object when nothing changes.
 * @param {Debrief} debrief
 * @param {string | string[]} path
 * @param {unknown} value
 * @returns {Debrief}
 */
export function setField(debrief, path, value) {
  const parts = Array.isArray(path) ? path.map(String) : String(path).split(".");
  const field = FIELD_BY_PATH.get(parts.join("."));
  if (field) {
    if (field.kind === "text") {
      if (typeof value !== "string") throw new TypeError(`${field.path} must be a string`);
      value = truncate(value, field.max);
    } else if (field.kind === "day") {
      if (value !== "" && !isISODay(value)) throw new RangeError(`${field.path} must be YYYY-MM-DD or ""`);
    } else if (field.kind === "time") {
      if (value !== "" && !isClockTime(value)) throw new RangeError(`${field.path} must be HH:MM or ""`);
    } else if (!CHOICES.includes(/** @type {any} */ (value))) {
      throw new RangeError(`${field.path} must be one of ${CHOICES.map((c) => JSON.stringify(c)).join(", ")}`);
    }
    return setPath(debrief, parts, value);
  }
  const dict = parts.length === 3 ? DICTS.get(`${parts[0]}.${parts[1]}`) : undefined;
  if (dict) {
    const key = parts[2];
    if (!isSafeKey(key)) throw new RangeError(`Not a usable key: ${key}`);
    if (dict.kind === "text") {
      if (typeof value !== "string") throw new TypeError(`${parts.join(".")} must be a string`);
      value = truncate(value, dict.max);
    } else if (typeof value !== "boolean") {
      throw new TypeError(`${parts.join(".")} must be true or false`);
    }
    const entries = /** @type {Record<string, unknown>} */ (/** @type {any} */ (debrief)[parts[0]][parts[1]]);
    if (!Object.hasOwn(entries, key) && Object.keys(entries).length >= LIMITS.dictKeys) return debrief;
    return setPath(debrief, parts, value);
  }
  throw new RangeError(`Unknown field: ${parts.join(".")}`);
}

/**
 * Copy-on-write along an already-checked path.
 * @template T
 * @param {T} obj
 * @param {string[]} parts
 * @param {unknown} value
 * @returns {T}
 */
function setPath(obj, parts, value) {
  const [head, ...rest] = parts;
  const current = /** @type {any} */ (obj)[head];
  const next = rest.length === 0 ? value : setPath(current, rest, value);
  if (Object.is(current, next)) return obj;
  return /** @type {T} */ ({ .../** @type {any} */ (obj), [head]: next });
}

// ---------------------------------------------------------------- items

/** A list name the model knows, or a RangeError. @param {unknown} list @returns {asserts list is ListName} */
export function checkList(list) {
  if (!LISTS.includes(/** @type {any} */ (list))) throw new RangeError(`Unknown list: ${String(list)}`);
}

/**
 * Replace one item via `change`; unknown ids leave the debrief as it was (the view may be stale).
 * @param {Debrief} debrief
 * @param {ListName} list
 * @param {string} id
 * @param {(item: Item) => Item} change
 * @returns {Debrief}
 */
function mapItem(debrief, list, id, change) {
  checkList(list);
  const items = debrief[list];
  const index = items.findIndex((item) => item.id === id);
  if (index < 0) return debrief;
  const next = change(items[index]);
  if (next === items[index]) return debrief;
  const copy = items.slice();
  copy[index] = next;
  return { ...debrief, [list]: copy };
}

/**
 * @param {Debrief} debrief
 * @param {ListName} list
 */
export function canAddItem(debrief, list) {
  checkList(list);
  return debrief[list].length < LIMITS.items;
}

/**
 * Append an item. At the list limit the debrief comes back unchanged (see canAddItem).
 * @param {Debrief} debrief
 * @param {ListName} list
 * @param {string} [text]
 * @returns {Debrief}
 */
export function addItem(debrief, list, text = "") {
  checkList(list);
  if (typeof text !== "string") throw new TypeError("Item text must be a string");
  if (!canAddItem(debrief, list)) return debrief;
  /** @type {Item} */
  const item = { id: newId(), text: truncate(text, LIMITS.item), starred: false, factors: [], note: "" };
  return { ...debrief, [list]: [...debrief[list], item] };
}

/**
 * @param {Debrief} debrief
 * @param {ListName} list
 * @param {string} id
 * @param {string} text
 */
export function editItem(debrief, list, id, text) {
  if (typeof text !== "string") throw new TypeError("Item text must be a string");
  const cut = truncate(text, LIMITS.item);
  return mapItem(debrief, list, id, (item) => (item.text === cut ? item : { ...item, text: cut }));
}

/**
 * @param {Debrief} debrief
 * @param {ListName} list
 * @param {string} id
 * @param {string} note
 */
export function setItemNote(debrief, list, id, note) {
  if (typeof note !== "string") throw new TypeError("Item note must be a string");
  const cut = truncate(note, LIMITS.item);
  return mapItem(debrief, list, id, (item) => (item.note === cut ? item : { ...item, note: cut }));
}

/**
 * @param {Debrief} debrief
 * @param {ListName} list
 * @param {string} id
 */
export function toggleStar(debrief, list, id) {
  return mapItem(debrief, list, id, (item) => ({ ...item, starred: !item.starred }));
}

/**
 * Add the factor if absent, remove it if present (the view shows factors as checkboxes).
 * @param {Debrief} debrief
 * @param {ListName} list
 * @param {string} itemId
 * @param {string} factorId
 */
export function toggleFactor(debrief, list, itemId, factorId) {
  if (!isSafeKey(factorId)) throw new RangeError(`Not a usable factor id: ${factorId}`);
  return mapItem(debrief, list, itemId, (item) => {
    if (item.factors.includes(factorId)) {
      return { ...item, factors: item.factors.filter((f) => f !== factorId) };
    }
    if (item.factors.length >= LIMITS.factorsPerItem) return item;
    return { ...item, factors: [...item.factors, factorId] };
  });
}

/**
 * @param {Debrief} debrief
 * @param {ListName} list
 * @param {string} id
 */
export function removeItem(debrief, list, id) {
  checkList(list);
  const items = debrief[list];
  if (!items.some((item) => item.id === id)) return debrief;
  return { ...debrief, [list]: items.filter((item) => item.id !== id) };
}

/**
 * Move an item up (delta < 0) or down (delta > 0), stopping at either end.
 * Order matters: it is the order of the strategy steps.
 * @param {Debrief} debrief
 * @param {ListName} list
 * @param {string} id
 * @param {number} delta
 */
export function moveItem(debrief, list, id, delta) {
  checkList(list);
  if (!Number.isInteger(delta)) throw new TypeError("delta must be an integer");
  const items = debrief[list];
  const from = items.findIndex((item) => item.id === id);
  if (from < 0) return debrief;
  const to = Math.min(items.length - 1, Math.max(0, from + delta));
  if (to === from) return debrief;
  const copy = items.slice();
  const [moved] = copy.splice(from, 1);
  copy.splice(to, 0, moved);
  return { ...debrief, [list]: copy };
}

// ---------------------------------------------------------------- the document

/** @returns {Doc} */
export function emptyDocument() {
  return { schema: SCHEMA, savedAt: "", currentId: null, debriefs: [] };
}

/** @param {Doc} doc */
export function canAddDebrief(doc) {
  return doc.debriefs.length < LIMITS.debriefs;
}

/**
 * @param {Doc} doc
 * @returns {Debrief | null}
 */
export function currentDebrief(doc) {
  return doc.debriefs.find((d) => d.id === doc.currentId) ?? null;
}

/**
 * @param {Doc} doc
 * @param {string} id
 * @returns {Doc}
 */
export function select(doc, id) {
  if (doc.currentId === id || !doc.debriefs.some((d) => d.id === id)) return doc;
  return { ...doc, currentId: id };
}

/**
 * Replace the debrief with the same id, or append it (and make it current if none is).
 * A new debrief past the limit leaves the document unchanged (see canAddDebrief).
 * @param {Doc} doc
 * @param {Debrief} debrief
 * @returns {Doc}
 */
export function upsert(doc, debrief) {
  const index = doc.debriefs.findIndex((d) => d.id === debrief.id);
  if (index >= 0) {
    if (doc.debriefs[index] === debrief) return doc;
    const debriefs = doc.debriefs.slice();
    debriefs[index] = debrief;
    return { ...doc, debriefs };
  }
  if (!canAddDebrief(doc)) return doc;
  return { ...doc, debriefs: [...doc.debriefs, debrief], currentId: doc.currentId ?? debrief.id };
}

/**
 * A deep copy with fresh ids, placed right after the original and made current.
 * @param {Doc} doc
 * @param {string} id
 * @param {Date|string|number} [now]
 * @returns {{ doc: Doc, debrief: Debrief | null }}
 */
export function duplicate(doc, id, now = new Date()) {
  const index = doc.debriefs.findIndex((d) => d.id === id);
  if (index < 0 || !canAddDebrief(doc)) return { doc, debrief: null };
  const at = toISO(now);
  const copy = copyDebrief(doc.debriefs[index], at);
  copy.name = truncate(`${displayName(doc.debriefs[index])} (copy)`, LIMITS.short);
  const debriefs = doc.debriefs.slice();
  debriefs.splice(index + 1, 0, copy);
  return { doc: { ...doc, debriefs, currentId: copy.id }, debrief: copy };
}

/**
 * Deep copy with a new id and new item ids (ids must stay unique across the document).
 * @param {Debrief} debrief
 * @param {string} at  ISO time for createdAt/updatedAt
 * @returns {Debrief}
 */
export function copyDebrief(debrief, at) {
  /** @type {Debrief} */
  const copy = structuredClone(debrief);
  copy.id = newId();
  copy.createdAt = at;
  copy.updatedAt = at;
  for (const list of LISTS) copy[list] = copy[list].map((item) => ({ ...item, id: newId() }));
  return copy;
}

/**
 * @param {Doc} doc
 * @param {string} id
 * @param {string} name
 * @param {Date|string|number} [now]  when given, the debrief is also marked as changed
 * @returns {Doc}
 */
export function rename(doc, id, name, now) {
  const index = doc.debriefs.findIndex((d) => d.id === id);
  if (index < 0) return doc;
  let debrief = setField(doc.debriefs[index], "name", name);
  if (debrief === doc.debriefs[index]) return doc;
  if (now !== undefined) debrief = touch(debrief, now);
  return upsert(doc, debrief);
}

/**
 * Remove a debrief and hand it back with its position, so the view can offer undo.
 * If it was current, its neighbour becomes current.
 * @param {Doc} doc
 * @param {string} id
 * @returns {{ doc: Doc, removed: Debrief | null, index: number }}
 */
export function remove(doc, id) {
  const index = doc.debriefs.findIndex((d) => d.id === id);
  if (index < 0) return { doc, removed: null, index: -1 };
  const removed = doc.debriefs[index];
  const debriefs = doc.debriefs.filter((d) => d.id !== id);
  let currentId = doc.currentId;
  if (currentId === id) currentId = (debriefs[index] ?? debriefs[index - 1])?.id ?? null;
  return { doc: { ...doc, debriefs, currentId }, removed, index };
}

/**
 * Undo of remove: put the debrief back where it was and make it current.
 * Does nothing if a debrief with that id exists again.
 * @param {Doc} doc
 * @param {Debrief} removed
 * @param {number} index
 * @returns {Doc}
 */
export function restore(doc, removed, index) {
  if (doc.debriefs.some((d) => d.id === removed.id) || !canAddDebrief(doc)) return doc;
  const at = Math.min(Math.max(0, Math.trunc(index) || 0), doc.debriefs.length);
  const debriefs = doc.debriefs.slice();
  debriefs.splice(at, 0, removed);
  return { ...doc, debriefs, currentId: removed.id };
}
