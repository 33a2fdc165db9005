// @ts-check
// Handlers for saving as the reader sees it: loading, "saved" and "not saved", another tab's
// changes and conflicts, unreadable data, and what is pending when the page goes away.

import { download } from "./dom.js";

/** @typedef {import("./actions.js").SavingAction} SavingAction */
/** @typedef {import("./status-view.js").NoticeButton} NoticeButton */
/** @typedef {import("./session.js").SessionEvent} SessionEvent */

const SAVED = "Saved on this device.";

/**
 * Short status lines for failed saves; the notice below the status explains and offers a way out.
 * @type {Record<string, string>}
 */
export const NOT_SAVED = {
  quota: "Not saved: this browser's storage for the site is full.",
  unavailable: "Not saved: this browser is not letting the worksheet keep anything.",
  "read-only": "Not saved: these debriefs are read-only here.",
  corrupt: "Not saved: download the unreadable data first.",
  conflict: "Not saved: your debriefs were changed in another tab.",
  mismatch: "Not saved: the browser did not keep the change.",
  error: "Not saved: something went wrong while saving.",
  full: "Not saved: there is no room for another debrief.",
};

/** @typedef {import("./context.js").Context} Context */

/**
 * What a failed save's notice offers as a way out.
 * @param {Context} ctx
 * @param {string} reason  why the save failed
 * @returns {NoticeButton[]}
 */
function problemButtons(ctx, reason) {
  if (reason === "quota" || reason === "unavailable" || reason === "mismatch" || reason === "error") {
    return [{ label: "Download a backup", action: { type: "export", scope: "all", kind: "json" } }];
  }
  if (reason === "corrupt") return corruptButtons(ctx, true);
  return [];
}

/**
 * @param {Context} ctx
 * @param {boolean} mustStartAgain  the unreadable data could not be copied aside
 * @returns {NoticeButton[]}
 */
function corruptButtons({ store }, mustStartAgain) {
  const kept = store.listCorrupt();
  /** @type {NoticeButton[]} */
  const buttons = kept.map((entry, i) => ({
    label: kept.length === 1 ? "Download the unreadable data" : `Download unreadable data ${i + 1} of ${kept.length}`,
    action: { type: "download-unreadable", key: entry.key, text: entry.text },
  }));
  if (mustStartAgain) {
    buttons.push({
      label: "Start again (delete the unreadable data)",
      className: "ws-button ws-button-danger",
      action: { type: "discard-unreadable" },
    });
  }
  return buttons;
}

/**
 * Saving waits for the reader: which version to keep, after a conflict or a deletion elsewhere.
 * @param {Context} ctx
 * @param {"conflict" | "deleted-elsewhere"} kind
 * @param {string} message
 */
function askWhichVersion({ screen }, kind, message) {
  /** @type {{ label: string, choice: "mine" | "theirs" }[]} */
  const choices =
    kind === "conflict"
      ? [
          { label: "Show the other tab's version", choice: "theirs" },
          { label: "Keep this tab's version", choice: "mine" },
        ]
      : [
          { label: "Keep this tab's copy", choice: "mine" },
          { label: "Clear this tab too", choice: "theirs" },
        ];
  const buttons = choices.map(({ label, choice }) => ({ label, action: /** @type {const} */ ({ type: "resolve", choice }) }));
  screen.status.showNotice(kind, message, buttons, { tone: "error" });
}

/**
 * @param {Context} ctx
 * @param {SessionEvent} event
 */
function onSessionEvent(ctx, event) {
  const { session, screen } = ctx;
  const { status } = screen;
  switch (event.type) {
    case "saved":
      for (const kind of ["save-problem", "conflict", "deleted-elsewhere"]) status.clearNotice(kind);
      status.setStatus(SAVED);
      screen.list.render(session);
      break;
    case "problem":
      status.setStatus(NOT_SAVED[event.reason] ?? NOT_SAVED.error);
      status.showNotice("save-problem", event.message, problemButtons(ctx, event.reason), { tone: "error" });
      break;
    case "conflict":
      status.setStatus(NOT_SAVED.conflict);
      askWhichVersion(ctx, "conflict", event.message);
      break;
    case "deleted-elsewhere":
      status.setStatus("Not saved: everything was deleted in another tab.");
      askWhichVersion(ctx, "deleted-elsewhere", event.message);
      break;
    case "external":
      screen.renderAll(session);
      status.setStatus("Updated with changes made in another tab.");
      break;
  }
  // Another tab may run a newer version and have saved in its format: from then on, only read.
  if (session.readOnly) screen.form.setReadOnly(true);
}

/**
 * The reader's answer to a conflict or a deletion elsewhere.
 * @param {Context} ctx
 * @param {"mine" | "theirs"} choice
 */
function resolve({ session, screen }, choice) {
  const hadConflict = session.hold;
  session.resolve(choice);
  screen.status.clearNotice("conflict");
  screen.status.clearNotice("deleted-elsewhere");
  if (choice === "theirs") {
    screen.renderAll(session);
    screen.status.setStatus(hadConflict === "conflict" ? "Showing the version saved in the other tab." : "Cleared, as in the other tab.");
  }
  screen.status.focusStatus();
}

/**
 * @param {Context} ctx
 * @param {import("./store.js").LoadResult} result
 */
function showLoadResult(ctx, result) {
  const { status } = ctx.screen;
  if (result.status === "corrupt" || (result.status === "ok" && result.message)) {
    status.showNotice("corrupt", result.message, corruptButtons(ctx, result.corruptKey === null), { tone: "error" });
    status.setStatus("Some saved data could not be read. Nothing was deleted.");
  } else if (result.status === "read-only") {
    status.showNotice("read-only", result.message, [], { tone: "warning" });
    status.setStatus("Read-only: saved by a newer version.");
  } else if (result.status === "unavailable") {
    status.showNotice("save-problem", result.message, problemButtons(ctx, "unavailable"), { tone: "error" });
    status.setStatus("This browser will not keep your answers.");
  }
}

/** @param {Context} ctx  load what is saved and show it */
function start(ctx) {
  const { session, screen } = ctx;
  const loaded = session.load();
  screen.renderAll(session);
  if (session.readOnly) screen.form.setReadOnly(true);
  showLoadResult(ctx, loaded);
}

/**
 * @param {Context} ctx
 * @param {string} key  where the unreadable data was kept aside
 * @param {string} text
 */
function downloadUnreadable({ screen }, key, text) {
  const stamp = key.slice(key.lastIndexOf("corrupt-") + 8).replace(/[^0-9A-Za-z-]/g, "-") || "now";
  download(`next-round-unreadable-${stamp}.txt`, text, "text/plain");
  screen.status.setStatus("Downloaded the unreadable data.");
}

/** @param {Context} ctx */
function discardUnreadable({ session, screen }) {
  const result = session.discardUnreadable();
  if (result.ok) {
    screen.status.clearNotice("corrupt");
    screen.status.clearNotice("save-problem");
    screen.status.setStatus("The unreadable data was deleted. New answers will be saved.");
  } else screen.status.setStatus(result.message);
}

/**
 * @param {Context} ctx
 * @returns {import("./actions.js").Handlers<SavingAction>}
 */
export function savingHandlers(ctx) {
  const { session } = ctx;
  return {
    start: () => start(ctx),
    "session-event": ({ event }) => onSessionEvent(ctx, event),
    resolve: ({ choice }) => resolve(ctx, choice),
    "download-unreadable": ({ key, text }) => downloadUnreadable(ctx, key, text),
    "discard-unreadable": () => discardUnreadable(ctx),
    storage: ({ event }) => session.onStorage(event),
    flush: () => void session.flush(),
    "before-unload": ({ event }) => {
      // Changes held back by a two-tab conflict would be lost: let the browser ask.
      if (session.dirty && session.hold) event.preventDefault();
    },
  };
}
