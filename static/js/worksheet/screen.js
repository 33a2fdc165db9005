// @ts-check
// Everything the worksheet shows, in one place: builds the form view and the panels'
// views from the page's markup, and routes what the reader does there to dispatch.

import { createDebriefListView } from "./debrief-list-view.js";
import { createDeleteView } from "./delete-view.js";
import { listenToForm } from "./form-input.js";
import { createFormView } from "./form-view.js";
import { createImportView } from "./import-view.js";
import { listenToPanels } from "./panel-input.js";
import { createPassphraseView } from "./passphrase-view.js";
import { createPrinting } from "./print.js";
import { createStatusView } from "./status-view.js";

/** @typedef {import("./types.js").Factor} Factor */
/** @typedef {import("./reading.js").Reading} Reading */
/** @typedef {import("./actions.js").Dispatch} Dispatch */
/** @typedef {ReturnType<typeof import("./session.js").createSession>} Session */

/**
 * @param {Document} doc
 * @param {HTMLFormElement} formElement
 * @param {{ factors: Factor[], reading: Reading }} data  the factors the build embedded in the page, and the
 *   articles for further reading
 */
export function createScreen(doc, formElement, data) {
  const form = createFormView(formElement, data);
  const list = createDebriefListView(doc);
  const status = createStatusView(doc);
  const imports = createImportView(doc);
  const deleteAll = createDeleteView(doc);
  const passphrases = createPassphraseView(doc);
  const printing = createPrinting(doc, formElement, form.syncAllMirrors);

  /** Turn the plain page into the enhanced one. */
  function enhance() {
    printing.keepBlankCopy(); // before enhancing: "Print blank" prints the plain form
    for (const node of doc.querySelectorAll("[data-js-only]")) /** @type {HTMLElement} */ (node).hidden = false;
    for (const node of doc.querySelectorAll("[data-nojs-only]")) /** @type {HTMLElement} */ (node).hidden = true;
    form.enhance();
  }

  /**
   * Everything on screen from the session: the form and the list of debriefs.
   * @param {Session} session
   */
  function renderAll(session) {
    form.render(session);
    list.render(session);
  }

  /** @param {Dispatch} dispatch  receives every action the reader takes on the page */
  function listen(dispatch) {
    listenToForm(formElement, dispatch);
    listenToPanels(doc, formElement, dispatch);
    status.listen(dispatch);
    imports.listen(dispatch);
    window.addEventListener("beforeprint", () => form.syncAllMirrors());
  }

  return { form, list, status, imports, deleteAll, passphrases, printing, enhance, renderAll, listen };
}
