// @ts-check
// Handlers for this device as a whole: printing, asking the browser to keep the answers,
// deleting everything the worksheet saved here, and closing a dialog.

import { forgetPagesRead } from "./updates.js";

/** @typedef {import("./actions.js").DeviceAction} DeviceAction */

const CANNOT_PROMISE = "This browser cannot promise to keep your answers. Download a backup to be safe.";

/**
 * @param {import("./context.js").Context} context
 * @returns {import("./actions.js").Handlers<DeviceAction>}
 */
export function deviceHandlers({ session, store, screen, memory }) {
  const { status } = screen;

  async function askToPersist() {
    const storage = navigator.storage;
    if (!storage || typeof storage.persist !== "function") {
      status.setStatus(CANNOT_PROMISE);
      return;
    }
    try {
      const kept = (await storage.persisted?.()) || (await storage.persist());
      status.setStatus(
        kept
          ? "This browser has agreed to keep your answers until you delete them."
          : "This browser did not promise to keep your answers. Download a backup to be safe.",
      );
    } catch {
      status.setStatus(CANNOT_PROMISE);
    }
  }

  function confirmDeleteAll() {
    const result = session.clearEverything();
    screen.deleteAll.close();
    if (!result.ok) {
      status.setStatus(result.message);
      return;
    }
    memory.undo = null;
    void forgetPagesRead(); // the articles kept for reading offline tell what was read
    status.clearAllNotices();
    screen.imports.hideErrors();
    screen.renderAll(session);
    status.setStatus("Everything the worksheet saved on this device was deleted.");
    status.focusStatus();
  }

  return {
    print: () => screen.printing.print(),
    "print-blank": () => screen.printing.printBlank(),
    persist: () => void askToPersist(),
    "delete-all": () => screen.deleteAll.ask(session.doc.debriefs.length, store.listCorrupt().length),
    "confirm-delete-all": confirmDeleteAll,
    "close-dialog": ({ button }) => button.closest("dialog")?.close(),
  };
}
