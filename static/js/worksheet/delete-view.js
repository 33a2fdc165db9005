// @ts-check
// The "delete everything on this device?" dialog.

import { find } from "./dom.js";

/** @param {Document} doc */
export function createDeleteView(doc) {
  const dialog = /** @type {HTMLDialogElement} */ (find(doc, "#ws-delete-dialog"));

  /**
   * Say what would be deleted, and ask.
   * @param {number} debriefs  saved debriefs
   * @param {number} unreadable  copies of unreadable data kept aside
   */
  function ask(debriefs, unreadable) {
    const n = debriefs;
    const what = n === 0 ? "This deletes everything the worksheet has saved in this browser" : `This deletes ${n === 1 ? "the 1 debrief" : `all ${n} debriefs`} saved in this browser`;
    const extra = unreadable > 0 ? `, and ${unreadable === 1 ? "the unreadable data" : `${unreadable} copies of unreadable data`} kept aside` : "";
    /** @type {HTMLElement} */ (dialog.querySelector('[data-slot="delete-summary"]')).textContent = `${what}${extra}.`;
    dialog.showModal();
  }

  function close() {
    dialog.close();
  }

  return { ask, close };
}
