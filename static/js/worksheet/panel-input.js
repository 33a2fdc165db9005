// @ts-check
// Reads the buttons around the form (the debrief list, backups, printing, the dialogs) and
// dispatches the action each one names in its data-action.

/** @typedef {import("./actions.js").Action} Action */
/** @typedef {import("./actions.js").Dispatch} Dispatch */

/** @type {Record<string, (button: HTMLButtonElement) => Action>} */
const BUTTONS = {
  open: (button) => ({ type: "open", id: button.dataset.id ?? "" }),
  "new-debrief": () => ({ type: "new-debrief" }),
  rename: () => ({ type: "rename" }),
  duplicate: () => ({ type: "duplicate" }),
  "delete-debrief": () => ({ type: "delete-debrief" }),
  "export-json": () => ({ type: "export", scope: "current", kind: "json" }),
  "export-md": () => ({ type: "export", scope: "current", kind: "md" }),
  "export-all-json": () => ({ type: "export", scope: "all", kind: "json" }),
  "export-all-md": () => ({ type: "export", scope: "all", kind: "md" }),
  "export-encrypted": () => ({ type: "export-encrypted", scope: "current" }),
  "export-all-encrypted": () => ({ type: "export-encrypted", scope: "all" }),
  "unlock-import": () => ({ type: "unlock-import" }),
  "cancel-unlock": () => ({ type: "cancel-unlock" }),
  persist: () => ({ type: "persist" }),
  print: () => ({ type: "print" }),
  "print-blank": () => ({ type: "print-blank" }),
  "delete-all": () => ({ type: "delete-all" }),
  "confirm-delete-all": () => ({ type: "confirm-delete-all" }),
  "answer-import": () => ({ type: "answer-import" }),
  "close-dialog": (button) => ({ type: "close-dialog", button }),
};

/**
 * @param {Document} doc
 * @param {HTMLFormElement} form  its own buttons are read by form-input.js
 * @param {Dispatch} dispatch
 */
export function listenToPanels(doc, form, dispatch) {
  doc.addEventListener("click", (event) => {
    const target = event.target instanceof Element ? event.target.closest("button[data-action]") : null;
    if (!(target instanceof HTMLButtonElement) || form.contains(target) || target.disabled) return;
    const name = target.dataset.action ?? "";
    if (Object.hasOwn(BUTTONS, name)) dispatch(BUTTONS[name](target));
  });
}
