// @ts-check
// Print mirrors: printing a textarea shows only its visible slice, so each text field
// gets a print-only copy of its whole text right after it.

import { el } from "./dom.js";

/** @typedef {HTMLInputElement | HTMLTextAreaElement} TextField */

const MIRROR_CLASS = "ws-mirror";

/**
 * A field whose text the reader types (and that has a print mirror, unless it is a date or a time).
 * @param {unknown} node
 * @returns {node is TextField}
 */
export function isTextField(node) {
  return (
    node instanceof HTMLTextAreaElement ||
    (node instanceof HTMLInputElement && ["text", "date", "time"].includes(node.type))
  );
}

/**
 * Bring a field's print-only copy up to date, creating it the first time.
 * @param {TextField} field
 */
export function syncMirror(field) {
  if (field.type === "date" || field.type === "time") return;
  let mirror = field.nextElementSibling;
  if (!mirror?.classList.contains(MIRROR_CLASS)) {
    mirror = el("div", { className: MIRROR_CLASS });
    field.after(mirror);
  }
  if (mirror.textContent !== field.value) mirror.textContent = field.value;
}

/** @param {ParentNode} root  every text field inside it */
export function syncAllMirrors(root) {
  for (const field of root.querySelectorAll("input[type=text], textarea")) syncMirror(/** @type {TextField} */ (field));
}
