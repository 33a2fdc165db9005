// @ts-check
// Keeps the document in one localStorage key without ever losing what is there:
// unreadable data is copied aside before anything is written, data from a newer
// version is never overwritten, and another tab's newer save is never silently replaced.
// Storage is injected (localStorage in the browser, a fake in tests).

import { SCHEMA, migrate } from "./migrate.js";
import { emptyDocument } from "./model.js";
import { toISO } from "./time.js";
import { sanitizeDocument } from "./validate.js";

/** @typedef {import("./types.js").Doc} Doc */

/**
 * The part of the Web Storage API the store uses.
 * @typedef {object} StorageLike
 * @property {(key: string) => string | null} getItem
 * @property {(key: string, value: string) => void} setItem
 * @property {(key: string) => void} removeItem
 * @property {(index: number) => string | null} [key]
 * @property {number} [length]
 */

export const STORAGE_KEY = "next-round.worksheet.v1";

const MESSAGES = Object.freeze({
  unavailable:
    "This browser is not letting the worksheet save anything (private browsing can do this). " +
    "You can still fill it in, but your answers will not be kept after you close this tab. " +
    "Download a copy before you leave.",
  corrupt:
    "Your saved debriefs could not be read, so the worksheet has started empty. " +
    "Nothing was deleted: the unreadable data was kept aside and you can download it.",
  corruptNotCopied:
    "Your saved debriefs could not be read, and there was no room to keep a copy aside. " +
    "Download the unreadable data before starting again; until then nothing will be saved over it.",
  mustDownloadFirst:
    "Nothing was saved, so that the unreadable data already in this browser is not lost. " +
    "Download it, then choose to start again.",
  /** @param {number} n */
  partly: (n) =>
    `${n === 1 ? "One saved debrief" : `${n} saved debriefs`} could not be read and ${n === 1 ? "is" : "are"} not shown. ` +
    "Nothing was deleted: the saved data was kept aside and you can download it.",
  /** @param {number} schema */
  readOnly: (schema) =>
    `These debriefs were saved by a newer version of Next Round (schema ${schema}). ` +
    "You can read them here, but changes will not be saved. Reload the page to get the newest version.",
  readOnlySave:
    "Changes are not saved here, because your debriefs were saved by a newer version of Next Round. " +
    "Reload the page to get the newest version.",
  conflict:
    "Your debriefs were changed in another tab or window since this one loaded them. " +
    "Choose which version to keep.",
  quota:
    "This browser's storage for the site is full, so your latest change was not saved. " +
    "It is still on screen. Download a backup, then delete debriefs you no longer need to make room.",
  mismatch:
    "The browser did not keep what was just saved. Your answers are still on screen; download a backup to be safe.",
  writeFailed: "Saving failed. Your answers are still on screen; download a backup to be safe.",
});

/**
 * "next-round.worksheet.v1" -> "next-round.worksheet.corrupt-"
 * @param {string} key
 */
export function corruptPrefix(key) {
  return `${key.replace(/\.v\d+$/, "")}.corrupt-`;
}

/**
 * Browsers disagree on how "storage full" looks; these are the known spellings.
 * @param {unknown} error
 */
export function isQuotaError(error) {
  if (error === null || typeof error !== "object") return false;
  const { name, code } = /** @type {{ name?: unknown, code?: unknown }} */ (error);
  return name === "QuotaExceededError" || name === "NS_ERROR_DOM_QUOTA_REACHED" || code === 22 || code === 1014;
}

/**
 * localStorage, or null where even touching it throws (some privacy settings do).
 * @returns {StorageLike | null}
 */
export function browserStorage() {
  try {
    return /** @type {any} */ (globalThis).localStorage ?? null;
  } catch {
    return null;
  }
}

/**
 * @param {string} a
 * @param {string | null} b
 */
function isNewer(a, b) {
  const ta = Date.parse(a);
  if (Number.isNaN(ta)) return false;
  if (!b) return true;
  const tb = Date.parse(b);
  return Number.isNaN(tb) || ta > tb;
}

/**
 * @typedef {{ status: "empty"|"ok"|"read-only"|"corrupt"|"unavailable", doc: Doc, message: string,
 *   corruptKey: string | null }} LoadResult
 * @typedef {{ ok: true, doc: Doc, savedAt: string }
 *   | { ok: false, reason: "read-only"|"unavailable"|"corrupt"|"conflict"|"quota"|"mismatch"|"error",
 *       message: string, theirs?: Doc }} SaveResult
 */

/**
 * @param {StorageLike | null | undefined} storage
 * @param {{ key?: string, now?: () => Date|string|number }} [options]
 */
export function openStore(storage, { key = STORAGE_KEY, now = () => new Date() } = {}) {
  let available = storage !== null && storage !== undefined;
  let readOnly = false;
  /** savedAt of the version this tab last loaded, saved or adopted: the base of its edits. */
  /** @type {string | null} */
  let lastSavedAt = null;
  /** Unreadable text already copied aside (so it is not copied twice) and where it went. */
  /** @type {string | null} */
  let copiedRaw = null;
  /** @type {string | null} */
  let copiedKey = null;
  /** Unreadable text that could NOT be copied aside: the main key must not be written over it. */
  /** @type {string | null} */
  let uncopiedRaw = null;

  const store = /** @type {StorageLike} */ (storage);
  const iso = () => toISO(now());

  /**
   * What a stored string holds, in the careful form the view can show.
   * @param {string | null} raw
   * @returns {{ kind: "empty" } | { kind: "corrupt" } | { kind: "newer", doc: Doc, schema: number }
   *   | { kind: "ok", doc: Doc, dropped: number }}
   */
  function interpret(raw) {
    if (raw === null) return { kind: "empty" };
    /** @type {unknown} */
    let parsed;
    try {
      parsed = JSON.parse(raw);
    } catch {
      return { kind: "corrupt" };
    }
    const migrated = migrate(parsed);
    if (!migrated.ok) return { kind: "corrupt" };
    const { doc, dropped } = sanitizeDocument(migrated.doc, { now: iso() });
    if (migrated.readOnly) return { kind: "newer", doc: { ...doc, schema: migrated.from }, schema: migrated.from };
    return { kind: "ok", doc, dropped };
  }

  /**
   * Copy unreadable text to its own key, checked by reading it back.
   * @param {string} raw
   * @returns {string | null} the key, or null when it could not be kept
   */
  function keepAside(raw) {
    if (raw === copiedRaw) return copiedKey;
    try {
      // Already kept by an earlier page load? Reuse it rather than pile up copies.
      for (const k of corruptKeys()) {
        if (store.getItem(k) === raw) {
          copiedRaw = raw;
          copiedKey = k;
          uncopiedRaw = null;
          return k;
        }
      }
      const base = `${corruptPrefix(key)}${iso()}`;
      let target = base;
      for (let n = 2; store.getItem(target) !== null; n++) target = `${base}-${n}`;
      store.setItem(target, raw);
      if (store.getItem(target) !== raw) throw new Error("copy did not read back");
      copiedRaw = raw;
      copiedKey = target;
      uncopiedRaw = null;
      return target;
    } catch {
      uncopiedRaw = raw;
      return null;
    }
  }

  /** @returns {LoadResult} */
  function unavailableResult() {
    available = false;
    return { status: "unavailable", doc: emptyDocument(), message: MESSAGES.unavailable, corruptKey: null };
  }

  /** @returns {LoadResult} */
  function load() {
    if (!available) return unavailableResult();
    /** @type {string | null} */
    let raw;
    try {
      raw = store.getItem(key);
    } catch {
      return unavailableResult(); // SecurityError / InvalidStateError in some private modes
    }
    const found = interpret(raw);
    readOnly = false;
    switch (found.kind) {
      case "empty":
        lastSavedAt = null;
        return { status: "empty", doc: emptyDocument(), message: "", corruptKey: null };
      case "corrupt": {
        lastSavedAt = null;
        const corruptKey = keepAside(/** @type {string} */ (raw));
        const message = corruptKey ? MESSAGES.corrupt : MESSAGES.corruptNotCopied;
        return { status: "corrupt", doc: emptyDocument(), message, corruptKey };
      }
      case "newer":
        readOnly = true;
        lastSavedAt = found.doc.savedAt || null;
        return { status: "read-only", doc: found.doc, message: MESSAGES.readOnly(found.schema), corruptKey: null };
      default: {
        lastSavedAt = found.doc.savedAt || null;
        if (found.dropped === 0) return { status: "ok", doc: found.doc, message: "", corruptKey: null };
        // Some debriefs were unreadable: keep the whole stored text aside before any save.
        const corruptKey = keepAside(/** @type {string} */ (raw));
        const message = corruptKey ? MESSAGES.partly(found.dropped) : MESSAGES.corruptNotCopied;
        return { status: "ok", doc: found.doc, message, corruptKey };
      }
    }
  }

  /**
   * Write the document, stamped with a new savedAt, and check it by reading it back.
   * On any failure the caller still has its in-memory doc; nothing here changes it.
   * @param {Doc} doc
   * @param {{ force?: boolean }} [options]  force: the reader chose to replace another tab's save
   * @returns {SaveResult}
   */
  function save(doc, { force = false } = {}) {
    if (readOnly) return { ok: false, reason: "read-only", message: MESSAGES.readOnlySave };
    if (!available) return { ok: false, reason: "unavailable", message: MESSAGES.unavailable };
    /** @type {string | null} */
    let stored;
    try {
      stored = store.getItem(key);
    } catch {
      available = false;
      return { ok: false, reason: "unavailable", message: MESSAGES.unavailable };
    }
    if (stored !== null && stored === uncopiedRaw) {
      return { ok: false, reason: "corrupt", message: MESSAGES.mustDownloadFirst };
    }
    const found = interpret(stored);
    if (found.kind === "corrupt" && keepAside(/** @type {string} */ (stored)) === null) {
      return { ok: false, reason: "corrupt", message: MESSAGES.mustDownloadFirst };
    }
    if (found.kind === "newer") {
      // Another tab runs a newer version: from now on this tab only reads.
      readOnly = true;
      return { ok: false, reason: "read-only", message: MESSAGES.readOnlySave };
    }
    if (found.kind === "ok" && !force && isNewer(found.doc.savedAt, lastSavedAt)) {
      return { ok: false, reason: "conflict", message: MESSAGES.conflict, theirs: found.doc };
    }

    // savedAt must move forward even if the clock did not (or another tab's clock is ahead).
    let savedAt = iso();
    for (const before of [lastSavedAt, found.kind === "ok" ? found.doc.savedAt : null]) {
      if (before && !isNewer(savedAt, before)) savedAt = new Date(Date.parse(before) + 1).toISOString();
    }
    const saved = { ...doc, schema: SCHEMA, savedAt };
    const text = JSON.stringify(saved);
    try {
      store.setItem(key, text);
    } catch (error) {
      if (isQuotaError(error)) return { ok: false, reason: "quota", message: MESSAGES.quota };
      const name = /** @type {{ name?: unknown }} */ (error)?.name;
      if (name === "SecurityError" || name === "InvalidStateError") {
        available = false;
        return { ok: false, reason: "unavailable", message: MESSAGES.unavailable };
      }
      return { ok: false, reason: "error", message: MESSAGES.writeFailed };
    }
    /** @type {string | null} */
    let back = null;
    try {
      back = store.getItem(key);
    } catch {
      // reported below as a mismatch
    }
    if (back !== text) return { ok: false, reason: "mismatch", message: MESSAGES.mismatch };
    lastSavedAt = savedAt;
    return { ok: true, doc: saved, savedAt };
  }

  /**
   * For the `storage` event: the other tab's document if it is newer than ours, else null.
   * Does not change what this tab is based on; call adopt() if the view takes it.
   * @param {{ key: string | null, newValue: string | null } | null | undefined} event
   * @returns {Doc | null}
   */
  function onExternalChange(event) {
    if (!event || event.key !== key || typeof event.newValue !== "string") return null;
    const found = interpret(event.newValue);
    if (found.kind !== "ok") return null;
    return isNewer(found.doc.savedAt, lastSavedAt) ? found.doc : null;
  }

  /**
   * The view took another tab's document (after a conflict or a storage event): edits now build on it.
   * @param {Doc} doc
   */
  function adopt(doc) {
    lastSavedAt = doc.savedAt || null;
  }

  /**
   * Unreadable data kept aside, for the view to offer as downloads. Includes the main key
   * while its unreadable text could not be copied.
   * @returns {{ key: string, text: string }[]}
   */
  function listCorrupt() {
    /** @type {{ key: string, text: string }[]} */
    const found = [];
    if (!available) return found;
    try {
      for (const k of corruptKeys()) {
        const text = store.getItem(k);
        if (text !== null) found.push({ key: k, text });
      }
    } catch {
      // unreadable storage: nothing to offer
    }
    found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    if (uncopiedRaw !== null) found.push({ key, text: uncopiedRaw });
    return found;
  }

  /** @returns {string[]} */
  function corruptKeys() {
    const prefix = corruptPrefix(key);
    const keys = [];
    const count = typeof store.length === "number" ? store.length : 0;
    for (let i = 0; i < count; i++) {
      const k = store.key?.(i);
      if (typeof k === "string" && k.startsWith(prefix)) keys.push(k);
    }
    return keys;
  }

  /**
   * Delete the saved document: only ever on the reader's explicit request.
   * Copies of unreadable data go too only when asked.
   * @param {{ includeCorrupt?: boolean }} [options]
   * @returns {{ ok: boolean, removed: string[], message: string }}
   */
  function clearAll({ includeCorrupt = false } = {}) {
    if (!available) return { ok: false, removed: [], message: MESSAGES.unavailable };
    /** @type {string[]} */
    const removed = [];
    try {
      const extra = includeCorrupt ? corruptKeys() : [];
      store.removeItem(key);
      removed.push(key);
      for (const k of extra) {
        store.removeItem(k);
        removed.push(k);
      }
    } catch {
      return { ok: false, removed, message: MESSAGES.writeFailed };
    }
    lastSavedAt = null;
    readOnly = false;
    uncopiedRaw = null;
    if (includeCorrupt) {
      copiedRaw = null;
      copiedKey = null;
    }
    return { ok: true, removed, message: "" };
  }

  return {
    key,
    load,
    save,
    onExternalChange,
    adopt,
    listCorrupt,
    clearAll,
    /** True while the stored document comes from a newer version. */
    get readOnly() {
      return readOnly;
    },
    /** False when the browser refuses storage: work continues in memory only. */
    get available() {
      return available;
    },
  };
}
