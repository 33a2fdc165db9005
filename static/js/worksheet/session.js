// @ts-check
// One tab's working copy of the document: the edits, a debounced autosave, and what happens
// when the saved copy changes underneath it (another tab, a full disk, a newer version).
// No DOM here: the store, the clock and the timers are passed in, so node tests drive it.

import { LIMITS } from "./fields.js";
import { applyImport } from "./import-plan.js";
import { canAddDebrief, currentDebrief, emptyDocument, newDebrief, select, touch, upsert } from "./model.js";

/** @typedef {import("./types.js").Doc} Doc */
/** @typedef {import("./types.js").Debrief} Debrief */
/** @typedef {ReturnType<typeof import("./store.js").openStore>} Store */
/** @typedef {import("./store.js").SaveResult} SaveResult */

/**
 * What the session tells the view.
 *   saved: a save was written and read back.
 *   problem: a save failed (quota, private mode, read-only, …) or an edit was refused; the edit is kept in memory.
 *   conflict: another tab saved a newer copy while this one had unsaved changes; autosave waits for resolve().
 *   external: another tab's newer copy was taken in (nothing was unsaved here); render it.
 *   deleted-elsewhere: another tab deleted everything while this one had unsaved changes; waits for resolve().
 * @typedef {{ type: "saved" }
 *   | { type: "problem", reason: string, message: string }
 *   | { type: "conflict", message: string }
 *   | { type: "external" }
 *   | { type: "deleted-elsewhere", message: string }} SessionEvent
 */

export const SAVE_DELAY_MS = 400;

export const MESSAGES = Object.freeze({
  full: `You have ${LIMITS.debriefs} debriefs, the most this worksheet keeps. Delete one you no longer need to start another.`,
  conflict:
    "Your debriefs were changed in another tab or window while this one had changes that are not saved yet. " +
    "Nothing is saved from this tab until you choose which version to keep.",
  deletedElsewhere:
    "Everything was deleted in another tab or window, but this tab has changes that were not saved. " +
    "Nothing is saved from this tab until you choose what to do.",
});

/**
 * @param {Store} store
 * @param {{ now?: () => Date, delay?: number, setTimer?: (fn: () => void, ms: number) => unknown,
 *   clearTimer?: (timer: unknown) => void, onEvent?: (event: SessionEvent) => void }} [options]
 */
export function createSession(store, options = {}) {
  const {
    now = () => new Date(),
    delay = SAVE_DELAY_MS,
    setTimer = (fn, ms) => setTimeout(fn, ms),
    clearTimer = (timer) => clearTimeout(/** @type {any} */ (timer)),
    onEvent = () => {},
  } = options;

  /** @type {Doc} */
  let doc = emptyDocument();
  /** A blank debrief on screen that is not in the document yet: it joins it on its first edit. */
  /** @type {Debrief | null} */
  let draft = null;
  let dirty = false;
  /** @type {unknown} */
  let timer = null;
  /** Set while autosave must wait for the reader's choice. */
  /** @type {null | { kind: "conflict", theirs: Doc } | { kind: "deleted-elsewhere" }} */
  let hold = null;

  /** There is always a debrief on screen: the current one, else the first, else a fresh draft. */
  function normalize() {
    if (draft || currentDebrief(doc)) return;
    if (doc.debriefs.length > 0) doc = { ...doc, currentId: doc.debriefs[0].id };
    else draft = newDebrief(now());
  }

  function cancelTimer() {
    if (timer !== null) clearTimer(timer);
    timer = null;
  }

  function markDirty() {
    dirty = true;
    cancelTimer();
    if (!hold) timer = setTimer(() => flush(), delay);
  }

  /**
   * Take in a document from another tab. Nothing here is unsaved any more (the caller checked or asked).
   * @param {Doc} next
   */
  function replaceWith(next) {
    cancelTimer();
    const keep = draft ? null : doc.currentId;
    // The other tab's choice of debrief is its own; keep showing ours while it still exists.
    doc = keep && next.debriefs.some((d) => d.id === keep) ? { ...next, currentId: keep } : next;
    // A blank draft holds nothing: show what the other tab is working on instead.
    if (next.debriefs.length > 0) draft = null;
    store.adopt(next);
    dirty = false;
    hold = null;
    normalize();
  }

  /** @returns {import("./store.js").LoadResult} */
  function load() {
    cancelTimer();
    const result = store.load();
    doc = result.doc;
    draft = null;
    dirty = false;
    hold = null;
    normalize();
    return result;
  }

  /** @returns {Debrief} */
  function current() {
    normalize();
    return draft ?? /** @type {Debrief} */ (currentDebrief(doc));
  }

  /**
   * Change the debrief on screen. Returns false when nothing changed or the edit was refused.
   * @param {(debrief: Debrief) => Debrief} change  a pure function from model.js
   */
  function edit(change) {
    if (store.readOnly) return false;
    const before = current();
    const after = change(before);
    if (after === before) return false;
    const changed = touch(after, now());
    if (draft) {
      if (!canAddDebrief(doc)) {
        onEvent({ type: "problem", reason: "full", message: MESSAGES.full });
        return false;
      }
      doc = select(upsert(doc, changed), changed.id);
      draft = null;
    } else {
      doc = upsert(doc, changed);
    }
    markDirty();
    return true;
  }

  /**
   * Change the document (duplicate, delete, undo…). `saveNow` skips the debounce.
   * @param {(doc: Doc) => Doc} change
   * @param {{ saveNow?: boolean }} [options]
   */
  function editDocument(change, { saveNow = false } = {}) {
    if (store.readOnly) return false;
    const next = change(doc);
    if (next === doc) return false;
    doc = next;
    if (draft && currentDebrief(doc)) draft = null;
    normalize();
    markDirty();
    if (saveNow) flush();
    return true;
  }

  /** @param {string} id  show a saved debrief (allowed read-only too: it only changes the view) */
  function open(id) {
    if (!doc.debriefs.some((d) => d.id === id)) return false;
    const wasDraft = draft !== null;
    draft = null;
    const next = select(doc, id);
    if (next === doc) return wasDraft;
    doc = next;
    if (!store.readOnly) markDirty();
    return true;
  }

  /** Put a fresh blank debrief on screen; it is saved once something is typed into it. */
  function startNew() {
    if (store.readOnly) return false;
    if (!canAddDebrief(doc)) {
      onEvent({ type: "problem", reason: "full", message: MESSAGES.full });
      return false;
    }
    draft = newDebrief(now());
    return true;
  }

  /** Drop the blank draft (its "delete"): the current saved debrief, if any, shows again. */
  function discardDraft() {
    if (!draft) return false;
    draft = null;
    normalize();
    return true;
  }

  /**
   * Save now if anything is unsaved (the debounce timer, pagehide and visibilitychange call this).
   * @param {{ force?: boolean }} [options]  force: replace another tab's newer save (the reader chose to)
   * @returns {SaveResult | null}  null when there was nothing to save or saving waits for a choice
   */
  function flush({ force = false } = {}) {
    cancelTimer();
    if (!dirty || (hold && !force)) return null;
    const result = store.save(doc, { force });
    if (result.ok) {
      doc = result.doc;
      dirty = false;
      hold = null;
      onEvent({ type: "saved" });
    } else if (result.reason === "conflict" && result.theirs) {
      hold = { kind: "conflict", theirs: result.theirs };
      onEvent({ type: "conflict", message: MESSAGES.conflict });
    } else {
      onEvent({ type: "problem", reason: result.reason, message: result.message });
    }
    return result;
  }

  /**
   * The window's `storage` event: another tab saved or deleted.
   * @param {{ key: string | null, newValue: string | null } | null | undefined} event
   */
  function onStorage(event) {
    if (!event || event.key !== store.key) return;
    if (event.newValue === null) {
      if (!dirty) {
        replaceWith(emptyDocument());
        onEvent({ type: "external" });
        return;
      }
      hold = { kind: "deleted-elsewhere" };
      cancelTimer();
      onEvent({ type: "deleted-elsewhere", message: MESSAGES.deletedElsewhere });
      return;
    }
    const theirs = store.onExternalChange(event);
    if (!theirs) return;
    if (!dirty) {
      replaceWith(theirs);
      onEvent({ type: "external" });
      return;
    }
    hold = { kind: "conflict", theirs };
    cancelTimer();
    onEvent({ type: "conflict", message: MESSAGES.conflict });
  }

  /**
   * The reader's answer to a conflict or a deletion elsewhere.
   * @param {"mine" | "theirs"} choice
   * @returns {SaveResult | null}
   */
  function resolve(choice) {
    const held = hold;
    if (!held) return null;
    if (choice === "theirs") {
      replaceWith(held.kind === "conflict" ? held.theirs : emptyDocument());
      return null;
    }
    dirty = true;
    return flush({ force: true });
  }

  /**
   * "Delete everything on this device": the saved document and any unreadable copies kept aside.
   * Without storage (private mode) only the answers in memory go.
   */
  function clearEverything() {
    cancelTimer();
    const result = store.clearAll({ includeCorrupt: true });
    if (!result.ok && store.available) return result;
    doc = emptyDocument();
    draft = null;
    dirty = false;
    hold = null;
    normalize();
    return { ...result, ok: true };
  }

  /**
   * After the reader downloaded unreadable data that could not be kept aside: remove it so
   * saving can start again.
   */
  function discardUnreadable() {
    const result = store.clearAll({ includeCorrupt: false });
    if (result.ok && doc.debriefs.length > 0) {
      dirty = true;
      flush();
    }
    return result;
  }

  /**
   * Add debriefs read from a backup; `decisions` says what to do with ids already here.
   * @param {Debrief[]} incoming  from validate.parseBackup
   * @param {Record<string, "keep"|"replace"|"copy">} decisions
   */
  function importDebriefs(incoming, decisions) {
    if (store.readOnly) return { doc, added: 0, replaced: 0, copied: 0, skipped: incoming.length };
    const result = applyImport(doc, incoming, decisions, now());
    if (result.doc !== doc) {
      doc = result.doc;
      if (draft) {
        draft = null;
        const first = result.doc.debriefs.find((d) => incoming.some((i) => i.id === d.id));
        if (first) doc = select(doc, first.id);
      }
      normalize();
      dirty = true;
      flush();
    }
    return result;
  }

  return {
    load,
    current,
    edit,
    editDocument,
    open,
    startNew,
    discardDraft,
    flush,
    onStorage,
    resolve,
    clearEverything,
    discardUnreadable,
    importDebriefs,
    get doc() {
      return doc;
    },
    /** True while the debrief on screen is a blank one that has not been saved. */
    get isDraft() {
      return draft !== null;
    },
    get dirty() {
      return dirty;
    },
    /** What autosave is waiting for, if anything. */
    get hold() {
      return hold?.kind ?? null;
    },
    get readOnly() {
      return store.readOnly;
    },
    get available() {
      return store.available;
    },
  };
}
