// @ts-check
// Reads what the reader does in the form (typing, ticking, the buttons in list rows and
// preparation steps) and dispatches it as an action. Nothing here changes the debrief itself.

import { LISTS } from "./fields.js";
import { isTextField, syncMirror } from "./mirrors.js";

/** @typedef {import("./actions.js").Action} Action */
/** @typedef {import("./actions.js").Dispatch} Dispatch */
/** @typedef {import("./types.js").ListName} ListName */

/**
 * The list row a control belongs to, if any.
 * @param {Element} node
 * @returns {{ list: ListName, id: string } | null}
 */
function rowOf(node) {
  const row = node.closest("[data-item-id]");
  if (!(row instanceof HTMLElement)) return null;
  const list = /** @type {ListName} */ (row.dataset.list);
  return LISTS.includes(list) ? { list, id: row.dataset.itemId ?? "" } : null;
}

/** @param {Element} node  the factor id of the preparation step it is in */
function stepOf(node) {
  return node.closest("[data-factor-id]")?.getAttribute("data-factor-id");
}

/**
 * Typing in a text field.
 * @param {import("./mirrors.js").TextField} target
 * @returns {Action | null}
 */
function inputAction(target) {
  const path = target.dataset.field;
  const item = rowOf(target);
  const source = target;
  if (path) return { type: "set-field", path, value: target.value, source };
  if (item && target.dataset.itemField === "text") return { type: "edit-item", ...item, text: target.value, source };
  if (item && target.dataset.itemField === "note") return { type: "set-item-note", ...item, note: target.value, source };
  if (target.hasAttribute("data-step-field")) {
    const factorId = stepOf(target);
    if (factorId) return { type: "set-field", path: ["strategy", "steps", factorId], value: target.value, source };
  }
  return null;
}

/**
 * Choosing a radio button or ticking a box.
 * @param {HTMLInputElement} target
 * @returns {Action | null}
 */
function changeAction(target) {
  const source = target;
  if (target.type === "radio" && target.dataset.field) {
    return target.checked ? { type: "set-field", path: target.dataset.field, value: target.value, source } : null;
  }
  if (target.type === "checkbox" && target.dataset.check) {
    return { type: "set-field", path: ["next", "checklist", target.dataset.check], value: target.checked, source };
  }
  if (target.type === "checkbox" && target.dataset.factor) {
    const item = rowOf(target);
    if (item) return { type: "set-factor", ...item, factorId: target.dataset.factor, checked: target.checked, source };
  }
  return null;
}

/**
 * A button in the form: "add", "use the suggestion again", "add to calendar", or one in a list row.
 * @param {HTMLButtonElement} target
 * @returns {Action | null}
 */
function clickAction(target) {
  const action = target.dataset.action;
  const source = target;
  if (action === "add") return { type: "add-item", list: /** @type {ListName} */ (target.dataset.list), source };
  if (action === "calendar") {
    const event = target.dataset.event;
    return event === "interview" || event === "next-step" ? { type: "add-to-calendar", event, source } : null;
  }
  if (action === "reset-step") {
    const factorId = stepOf(target);
    return factorId ? { type: "reset-step", factorId, source } : null;
  }
  const item = rowOf(target);
  if (!item) return null;
  if (action === "star") return { type: "toggle-star", ...item, source };
  if (action === "up" || action === "down") return { type: "move-item", ...item, delta: action === "up" ? -1 : 1, source };
  if (action === "remove") return { type: "remove-item", ...item, source };
  return null;
}

/**
 * @param {HTMLFormElement} form
 * @param {Dispatch} dispatch
 */
export function listenToForm(form, dispatch) {
  form.addEventListener("input", (event) => {
    const target = event.target;
    if (!isTextField(target) || target.readOnly) return;
    const action = inputAction(target);
    syncMirror(target);
    if (action) dispatch(action);
  });
  form.addEventListener("change", (event) => {
    const target = event.target;
    if (!(target instanceof HTMLInputElement) || target.disabled) return;
    const action = changeAction(target);
    if (action) dispatch(action);
  });
  form.addEventListener("click", (event) => {
    const target = event.target instanceof Element ? event.target.closest("button[data-action]") : null;
    if (!(target instanceof HTMLButtonElement) || !form.contains(target)) return;
    if (target.getAttribute("aria-disabled") === "true") return;
    const action = clickAction(target);
    if (action) dispatch(action);
  });
}
