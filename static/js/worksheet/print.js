// @ts-check
// Printing: the filled-in form with every field's whole text, or a blank copy of the plain
// form taken before the script enhanced it.

import { el } from "./dom.js";

/**
 * @param {Document} doc
 * @param {HTMLFormElement} form
 * @param {() => void} syncAllMirrors  brings the form's print-only copies of its text up to date
 */
export function createPrinting(doc, form, syncAllMirrors) {
  /** The server-rendered form before enhancement: "Print blank" prints a copy of it. */
  let blankCopy = /** @type {HTMLElement | null} */ (null);

  /** Keep a copy of the plain form, taken before enhancement, for "Print blank". */
  function keepBlankCopy() {
    const copy = el("div", { className: "worksheet ws-blank-copy", attrs: { "aria-hidden": "true" } });
    copy.inert = true;
    for (const child of form.children) copy.append(child.cloneNode(true));
    for (const node of copy.querySelectorAll("template")) node.remove();
    for (const node of copy.querySelectorAll("[id], [for], [name], [aria-describedby], [aria-labelledby]")) {
      for (const name of ["id", "for", "name", "aria-describedby", "aria-labelledby"]) node.removeAttribute(name);
    }
    blankCopy = copy;
  }

  function print() {
    syncAllMirrors();
    window.print();
  }

  function printBlank() {
    if (!blankCopy) return;
    const root = doc.documentElement;
    form.after(blankCopy);
    root.classList.add("ws-print-blank");
    const done = () => {
      root.classList.remove("ws-print-blank");
      blankCopy?.remove();
      window.removeEventListener("afterprint", done);
    };
    window.addEventListener("afterprint", done);
    try {
      window.print();
    } finally {
      // print() returns when the dialog closes in most browsers; afterprint covers the rest.
      setTimeout(done, 0);
    }
  }

  return { keepBlankCopy, print, printBlank };
}
