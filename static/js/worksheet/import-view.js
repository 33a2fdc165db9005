// @ts-check
// What importing a backup shows: the file field, the error summary when a file cannot be
// used, the passphrase field for an encrypted backup, and the dialog that asks, debrief by
// debrief, what to do with those already here.

import { el, fillSlots, find, slot } from "./dom.js";
import { createFieldError } from "./field-error.js";
import { ANSWERS } from "./import-questions.js";

/** @typedef {import("./types.js").Problem} Problem */
/** @typedef {import("./actions.js").Dispatch} Dispatch */
/** @typedef {import("./import-questions.js").Answer} Answer */

/**
 * One question of the dialog: which debrief, where it stands, and how many come after it.
 * @typedef {object} ImportQuestion
 * @property {string} summary  what the file holds, said once above the questions
 * @property {number} index  from 0
 * @property {number} total
 * @property {string} name  the debrief's name
 * @property {string} dates  when each version was last changed
 * @property {number} remaining  questions after this one
 */

/** @param {Document} doc */
export function createImportView(doc) {
  const summary = find(doc, "#ws-error-summary");
  const fileInput = /** @type {HTMLInputElement} */ (find(doc, "#ws-import-file"));
  const fileError = find(doc, "#ws-import-error");
  const dialog = /** @type {HTMLDialogElement} */ (find(doc, "#ws-import-dialog"));
  const rest = /** @type {HTMLInputElement} */ (find(dialog, "#ws-import-rest"));
  const answerButton = find(dialog, '[data-action="answer-import"]');
  const unlock = find(doc, "#ws-unlock");
  const passphrase = /** @type {HTMLInputElement} */ (find(doc, "#ws-unlock-passphrase"));
  const unlockError = createFieldError(unlock, passphrase, find(doc, "#ws-unlock-error"));

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

  /**
   * Ask about one debrief: the dialog opens for the first, and shows the next in place, each time
   * with the safest answer chosen (keep both) and focus on it, so its legend is read out.
   * @param {ImportQuestion} question
   */
  function ask(question) {
    fillSlots(dialog, "import-summary", question.summary);
    fillSlots(dialog, "import-count", `(${question.index + 1} of ${question.total})`);
    fillSlots(dialog, "import-name", question.name);
    fillSlots(dialog, "import-dates", question.dates);
    const more = question.remaining;
    fillSlots(dialog, "import-rest-count", more === 1 ? "1 other debrief" : `${more} other debriefs`);
    slot(dialog, "import-rest").hidden = more === 0;
    rest.checked = false;
    const first = /** @type {HTMLInputElement} */ (find(dialog, "#ws-import-copy"));
    first.checked = true;
    answerButton.textContent = more === 0 ? "Import" : "Next";
    if (!dialog.open) dialog.showModal();
    first.focus();
  }

  /** @returns {{ answer: Answer, sameForRest: boolean }} what the reader chose for the debrief asked about */
  function answer() {
    const choice = /** @type {HTMLInputElement | null} */ (dialog.querySelector('input[name="ws-import-choice"]:checked'));
    const value = /** @type {Answer} */ (choice?.value);
    return { answer: ANSWERS.includes(value) ? value : "copy", sameForRest: rest.checked && !rest.closest("[hidden]") };
  }

  function close() {
    dialog.close();
  }

  /**
   * Ask for the passphrase of an encrypted backup, beside the file field.
   * @param {string} name  the file's name
   */
  function askPassphrase(name) {
    fillSlots(unlock, "unlock-file", name);
    unlockError.hide();
    passphrase.value = "";
    unlock.hidden = false;
    passphrase.focus();
  }

  /** @returns {string} the passphrase typed */
  function typedPassphrase() {
    return passphrase.value;
  }

  /** @param {string} message  why the backup did not open; the field keeps focus for another try */
  function showUnlockError(message) {
    unlockError.show(message);
    passphrase.select();
  }

  /** Put the passphrase field away; focus that was in it goes back to the file field. */
  function hideUnlock() {
    const hadFocus = unlock.contains(doc.activeElement);
    unlockError.hide();
    passphrase.value = "";
    unlock.hidden = true;
    if (hadFocus) fileInput.focus();
  }

  // "The same for the rest" answers every question left: the button says the import comes next.
  rest.addEventListener("change", () => {
    answerButton.textContent = rest.checked ? "Import" : "Next";
  });

  /** @param {Dispatch} dispatch  receives the chosen file and the dialog's closing */
  function listen(dispatch) {
    fileInput.addEventListener("change", () => {
      const file = fileInput.files?.[0];
      if (file) dispatch({ type: "import-file", file });
    });
    dialog.addEventListener("close", () => dispatch({ type: "import-dialog-closed" }));
    passphrase.addEventListener("keydown", (event) => {
      if (event.key === "Enter") dispatch({ type: "unlock-import" });
    });
  }

  return { showErrors, hideErrors, clearFile, ask, answer, close, askPassphrase, typedPassphrase, showUnlockError, hideUnlock, listen };
}
