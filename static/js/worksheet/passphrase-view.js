// @ts-check
// The passphrase fields of an encrypted backup: what was typed, a problem beside the field it is
// about (which takes focus), and emptied again once the file is made.

import { find } from "./dom.js";
import { createFieldError } from "./field-error.js";

/** @param {Document} doc */
export function createPassphraseView(doc) {
  const first = /** @type {HTMLInputElement} */ (find(doc, "#ws-passphrase"));
  const again = /** @type {HTMLInputElement} */ (find(doc, "#ws-passphrase-again"));
  const errors = {
    first: createFieldError(find(doc, "#ws-passphrase-field"), first, find(doc, "#ws-passphrase-error")),
    again: createFieldError(find(doc, "#ws-passphrase-again-field"), again, find(doc, "#ws-passphrase-again-error")),
  };

  /** @returns {{ first: string, again: string }} */
  function values() {
    return { first: first.value, again: again.value };
  }

  /**
   * @param {"first" | "again"} field
   * @param {string} message
   */
  function showError(field, message) {
    errors.first.hide();
    errors.again.hide();
    errors[field].show(message);
    (field === "first" ? first : again).focus();
  }

  /** Forget what was typed: a passphrase stays on the page no longer than it is needed. */
  function clear() {
    errors.first.hide();
    errors.again.hide();
    first.value = "";
    again.value = "";
  }

  return { values, showError, clear };
}
