// @ts-check
// Handlers for the list of debriefs: open one, start a new one, rename, duplicate, delete
// (with "Undo") — each a change to the session, then the screen shows the result.

import { displayName, duplicate, remove, restore } from "./model.js";
import { NOT_SAVED } from "./saving-actions.js";

/** @typedef {import("./actions.js").DebriefAction} DebriefAction */

/** @typedef {import("./context.js").Context} Context */

/**
 * @param {Context} ctx
 * @param {string} id  the debrief to show
 */
function open({ session, screen, memory }, id) {
  if (session.open(id) || session.current().id === id) {
    memory.undo = null;
    screen.status.clearNotice("undo");
    screen.renderAll(session);
    screen.list.focusCurrent();
  }
}

/** @param {Context} ctx */
function newDebrief({ session, screen }) {
  if (!session.startNew()) return;
  screen.renderAll(session);
  screen.status.setStatus("Started a new debrief.");
  screen.form.focusName();
}

/** @param {Context} ctx */
function duplicateCurrent({ session, screen }) {
  if (session.isDraft) {
    screen.status.setStatus("There is nothing to copy yet: this debrief is empty.");
    return;
  }
  const result = duplicate(session.doc, session.current().id);
  if (!result.debrief) {
    screen.status.setStatus(NOT_SAVED.full);
    return;
  }
  const copy = result.debrief;
  session.editDocument(() => result.doc, { saveNow: true });
  screen.renderAll(session);
  screen.status.setStatus(`Made a copy: you are now working on “${displayName(copy)}”.`);
}

/** @param {Context} ctx  delete the debrief on screen, offering "Undo" */
function deleteCurrent({ session, screen, memory }) {
  const current = session.current();
  if (session.isDraft) {
    session.discardDraft();
    screen.renderAll(session);
    screen.status.setStatus("The new, empty debrief was discarded.");
    return;
  }
  const result = remove(session.doc, current.id);
  if (!result.removed) return;
  const removed = result.removed;
  memory.undo = { removed, index: result.index };
  session.editDocument(() => result.doc, { saveNow: true });
  screen.renderAll(session);
  const undo = [{ label: "Undo", action: /** @type {const} */ ({ type: "undo-delete" }) }];
  const notice = screen.status.showNotice("undo", `Deleted “${displayName(removed)}”.`, undo, { tone: "info" });
  notice.querySelector("button")?.focus();
}

/** @param {Context} ctx */
function undoDelete({ session, screen, memory }) {
  if (!memory.undo) return;
  const { removed, index } = memory.undo;
  memory.undo = null;
  screen.status.clearNotice("undo");
  session.editDocument((d) => restore(d, removed, index), { saveNow: true });
  screen.renderAll(session);
  screen.status.setStatus(`Restored “${displayName(removed)}”.`);
  screen.list.focusCurrent();
}

/**
 * @param {Context} ctx
 * @returns {import("./actions.js").Handlers<DebriefAction>}
 */
export function debriefHandlers(ctx) {
  return {
    open: ({ id }) => open(ctx, id),
    "new-debrief": () => newDebrief(ctx),
    rename: () => ctx.screen.form.focusName(),
    duplicate: () => duplicateCurrent(ctx),
    "delete-debrief": () => deleteCurrent(ctx),
    "undo-delete": () => undoDelete(ctx),
  };
}
