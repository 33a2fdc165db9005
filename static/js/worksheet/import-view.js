// @ts-check
// What importing a backup shows: the file field, the error summary when a file cannot be
// used, and the dialog that asks what to do with debriefs already here.

import { el, find } from "./dom.js";

/** @typedef {import("./types.js").Problem} Problem */
/** @typedef {import("./actions.js").Dispatch} Dispatch */

/** @param {Document} doc */
export function createImportView(doc) {
  const summary = find(doc, "#ws-error-summary");
  const fileInput = /** @type {HTMLInputElement} */ (find(doc, "#ws-import-file"));
  const fileError = find(doc, "#ws-import-error");
  const dialog = /** @type {HTMLDialogElement} */ (find(doc, "#ws-import-dialog"));

  /** @param {Problem[]} problems  listed in the summary, each a link to the file field */
  function showErrors(problems) {
    const items = problems.map((p) => {
      const link = el("a", { text: p.message, attrs: { href: "#ws-import-file" } });
      link.addEventListener("click", (event) => {
        event.preventDefault();
        fileInput.focus();
      });
      return el("li", {}, [link]);
    });
    /** @type {HTMLElement} */ (summary.querySelector('[data-slot="errors"]')).replaceChildren(...items);
    summary.hidden = false;
    fileError.textContent = problems[0]?.message ?? "";
    fileError.hidden = false;
    find(doc, "#ws-import-field").classList.add("has-error");
    fileInput.setAttribute("aria-invalid", "true");
    summary.focus();
  }

  function hideErrors() {
    summary.hidden = true;
    fileError.hidden = true;
    fileError.textContent = "";
    find(doc, "#ws-import-field").classList.remove("has-error");
    fileInput.removeAttribute("aria-invalid");
  }

  /** Forget the chosen file, so choosing the same one again is a change too. */
  function clearFile() {
    fileInput.value = "";
  }

  /** @param {string} text  what the dialog says is already here */
  function ask(text) {
    /** @type {HTMLElement} */ (dialog.querySelector('[data-slot="import-summary"]')).textContent = text;
    dialog.showModal();
  }

  /** @returns {"keep" | "replace" | "copy"} the answer chosen in the dialog */
  function decision() {
    const choice = /** @type {HTMLInputElement | null} */ (dialog.querySelector('input[name="ws-import-choice"]:checked'));
    return /** @type {"keep" | "replace" | "copy"} */ (choice?.value ?? "keep");
  }

  function close() {
    dialog.close();
  }

  /** @param {Dispatch} dispatch  receives the chosen file and the dialog's closing */
  function listen(dispatch) {
    fileInput.addEventListener("change", () => {
      const file = fileInput.files?.[0];
      if (file) dispatch({ type: "import-file", file });
    });
    dialog.addEventListener("close", () => dispatch({ type: "import-dialog-closed" }));
  }

  return { showErrors, hideErrors, clearFile, ask, decision, close, listen };
}
