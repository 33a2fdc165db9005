// @ts-check
// The worksheet form, enhanced: shows the debrief on screen in every field, list row,
// preparation step and suggestion. It only draws; form-input.js turns edits into actions.
// User text goes in through .value and textContent only.

import { find, setValue } from "./dom.js";
import { createItemRows } from "./item-rows.js";
import { syncAllMirrors } from "./mirrors.js";
import { createPatternsView } from "./patterns-view.js";
import { createStrategyView } from "./strategy-view.js";
import { createSuggestionsView } from "./suggestions-view.js";

/** @typedef {import("./types.js").Debrief} Debrief */
/** @typedef {import("./types.js").Factor} Factor */
/** @typedef {import("./reading.js").Reading} Reading */
/** @typedef {import("./types.js").ListName} ListName */
/** @typedef {ReturnType<typeof import("./session.js").createSession>} Session */

/**
 * A field's value in a debrief, by its `data-field` path.
 * @param {Debrief} debrief
 * @param {string} path
 * @returns {unknown}
 */
function readPath(debrief, path) {
  /** @type {unknown} */
  let value = debrief;
  for (const part of path.split(".")) {
    value = value !== null && typeof value === "object" && Object.hasOwn(value, part) ? /** @type {any} */ (value)[part] : undefined;
  }
  return value;
}

/**
 * The plain fields, radio buttons and checklist.
 * @param {HTMLFormElement} form
 * @param {Debrief} debrief
 */
function fillFields(form, debrief) {
  for (const node of form.querySelectorAll("[data-field]")) {
    const field = /** @type {HTMLInputElement | HTMLTextAreaElement} */ (node);
    const value = readPath(debrief, field.dataset.field ?? "");
    if (field instanceof HTMLInputElement && field.type === "radio") field.checked = field.value === value;
    else setValue(field, typeof value === "string" ? value : "");
  }
  for (const node of form.querySelectorAll("input[data-check]")) {
    const box = /** @type {HTMLInputElement} */ (node);
    const key = box.dataset.check ?? "";
    box.checked = Object.hasOwn(debrief.next.checklist, key) && debrief.next.checklist[key] === true;
  }
}

/**
 * Newer-version data: readable, not editable.
 * @param {HTMLFormElement} form
 * @param {boolean} readOnly
 */
function setReadOnly(form, readOnly) {
  form.classList.toggle("is-read-only", readOnly);
  for (const node of form.querySelectorAll("input, textarea, button")) {
    if (node instanceof HTMLTextAreaElement || (node instanceof HTMLInputElement && ["text", "date", "time"].includes(node.type))) {
      node.readOnly = readOnly;
    } else if (node instanceof HTMLInputElement || node instanceof HTMLButtonElement) {
      node.disabled = readOnly;
    }
  }
}

/**
 * The checklist as the page words it: key and label, for the Markdown export.
 * @param {HTMLFormElement} form
 */
function checklist(form) {
  return [...form.querySelectorAll("input[data-check]")].map((node) => ({
    key: /** @type {HTMLInputElement} */ (node).dataset.check ?? "",
    label: form.querySelector(`label[for="${node.id}"]`)?.textContent?.trim() ?? "",
  }));
}

/**
 * @param {HTMLFormElement} form
 * @param {{ factors: Factor[], reading: Reading }} data
 */
export function createFormView(form, { factors, reading }) {
  const items = createItemRows(form, factors);
  const strategy = createStrategyView(form, factors);
  const suggestions = createSuggestionsView(form, factors, reading);
  const patterns = createPatternsView(form, factors);
  let debriefId = "";

  /**
   * Show the debrief on screen in every field (after load, switching debrief, another tab's save).
   * @param {Session} session
   */
  function render(session) {
    const debrief = session.current();
    if (debrief.id !== debriefId) {
      // Another debrief: its own rows, and its own "edited" state for the strategy steps.
      items.clear();
      debriefId = debrief.id;
    }
    fillFields(form, debrief);
    items.render(debrief);
    strategy.render(debrief, null, true);
    suggestions.render(debrief);
    patterns.render(session.doc.debriefs);
    syncAllMirrors(form);
  }

  /**
   * After an edit: the lists and everything derived from them, but not the field in use.
   * @param {Session} session
   * @param {Element | null} source  the control that was used: its own value is left alone
   */
  function renderEdit(session, source) {
    const debrief = session.current();
    items.render(debrief);
    strategy.render(debrief, source);
    suggestions.render(debrief);
    patterns.render(session.doc.debriefs);
  }

  /**
   * After "use the suggestion again": that step shows the suggestion, even in the field in use.
   * @param {Session} session
   */
  function renderSteps(session) {
    strategy.render(session.current(), null, true);
  }

  /**
   * After the list of articles came (or did not): the further reading catches up.
   * @param {Session} session
   */
  function renderReading(session) {
    suggestions.render(session.current());
  }

  /** Turn the plain form into the enhanced one: list rows come from the model from now on. */
  function enhance() {
    form.classList.add("ws-enhanced");
    items.empty();
    // No submit button and `form-action 'none'` already; this also covers a browser that ignores the policy.
    form.addEventListener("submit", (event) => event.preventDefault());
  }

  return {
    enhance,
    render,
    renderEdit,
    renderSteps,
    renderReading,
    setReadOnly: (/** @type {boolean} */ readOnly) => setReadOnly(form, readOnly),
    checklist: () => checklist(form),
    syncAllMirrors: () => syncAllMirrors(form),
    focusItem: items.focusItem,
    focusStep: strategy.focusStep,
    focusName: () => find(form, "#ws-name").focus(),
    focusField: (/** @type {string} */ selector) => find(form, selector).focus(),
  };
}
