// @ts-check
// The "what went right" and "what went wrong" lists: one row per item, built from the
// page's <template>, with its number, star, move buttons, factors and note kept up to date.

import { el, fillSlots, find, instantiate, setValue, slot } from "./dom.js";
import { LISTS } from "./fields.js";
import { syncMirror } from "./mirrors.js";

/** @typedef {import("./types.js").Debrief} Debrief */
/** @typedef {import("./types.js").Factor} Factor */
/** @typedef {import("./types.js").Item} Item */
/** @typedef {import("./types.js").ListName} ListName */

/**
 * A new row from the list's <template>, with ids of its own.
 * @param {HTMLTemplateElement} template
 * @param {{ id: string }} item
 */
function createRow(template, item) {
  const row = instantiate(template, "ITEM", item.id);
  row.dataset.itemId = item.id;
  for (const field of row.querySelectorAll("textarea")) syncMirror(field);
  return row;
}

/**
 * @param {HTMLElement} row
 * @param {Item} item
 * @param {number} index
 * @param {number} count
 * @param {Map<string, string>} factorLabels  factor labels by id
 */
function updateRow(row, item, index, count, factorLabels) {
  fillSlots(row, "num", String(index + 1));
  const star = /** @type {HTMLButtonElement} */ (row.querySelector('[data-action="star"]'));
  star.setAttribute("aria-pressed", String(item.starred));
  const icon = star.querySelector(".ws-star-icon");
  if (icon) icon.textContent = item.starred ? "★" : "☆";
  row.classList.toggle("is-starred", item.starred);
  slot(row, "star-print").hidden = !item.starred;
  slot(row, "detail").hidden = !item.starred;
  row.querySelector('[data-action="up"]')?.setAttribute("aria-disabled", String(index === 0));
  row.querySelector('[data-action="down"]')?.setAttribute("aria-disabled", String(index === count - 1));
  for (const box of row.querySelectorAll("input[data-factor]")) {
    const input = /** @type {HTMLInputElement} */ (box);
    input.checked = item.factors.includes(input.dataset.factor ?? "");
  }
  for (const field of row.querySelectorAll("textarea[data-item-field]")) {
    const area = /** @type {HTMLTextAreaElement} */ (field);
    setValue(area, area.dataset.itemField === "note" ? item.note : item.text);
    syncMirror(area);
  }
  showUnknownFactors(row, item, factorLabels);
}

/**
 * Factors no longer offered by the site stay visible, so nothing chosen silently disappears.
 * @param {HTMLElement} row
 * @param {Item} item
 * @param {Map<string, string>} factorLabels
 */
function showUnknownFactors(row, item, factorLabels) {
  const grid = row.querySelector(".ws-check-grid");
  for (const old of row.querySelectorAll("[data-unknown-factor]")) old.remove();
  for (const id of item.factors) {
    if (!row.querySelector(`input[data-factor="${CSS.escape(id)}"]`) && grid) {
      grid.append(el("p", { className: "ws-hint", text: `Also: ${factorLabels.get(id) ?? id}`, attrs: { "data-unknown-factor": "" } }));
    }
  }
}

/**
 * @param {HTMLFormElement} form
 * @param {Factor[]} factors
 */
export function createItemRows(form, factors) {
  /** @type {Record<ListName, Map<string, HTMLElement>>} */
  const rows = { right: new Map(), wrong: new Map() };
  const factorLabels = new Map(factors.map((f) => [f.id, f.label]));

  /** @param {ListName} list */
  const itemsBox = (list) => find(form, `[data-items="${list}"]`);
  /** @param {ListName} list */
  const itemTemplate = (list) => /** @type {HTMLTemplateElement} */ (find(form, `#ws-item-template-${list}`));

  /**
   * Keyed update: rows are reused, so a focused field keeps focus (and its caret) across edits.
   * @param {ListName} list
   * @param {Debrief} debrief
   */
  function renderList(list, debrief) {
    const box = itemsBox(list);
    const map = rows[list];
    const items = debrief[list];
    const wanted = new Set(items.map((i) => i.id));
    for (const [id, row] of map) {
      if (!wanted.has(id)) {
        row.remove();
        map.delete(id);
      }
    }
    const active = document.activeElement;
    items.forEach((item, index) => {
      let row = map.get(item.id);
      if (!row) {
        row = createRow(itemTemplate(list), item);
        map.set(item.id, row);
      }
      const at = box.children[index];
      if (at !== row) box.insertBefore(row, at ?? null);
      updateRow(row, item, index, items.length, factorLabels);
    });
    // Moving a row takes focus out of it; put it back on the control the reader used.
    if (active instanceof HTMLElement && active.isConnected && document.activeElement !== active) active.focus();
    const empty = box.parentElement?.querySelector('[data-slot="empty"]');
    if (empty instanceof HTMLElement) empty.hidden = items.length > 0;
  }

  /** @param {Debrief} debrief  both lists */
  function render(debrief) {
    for (const list of LISTS) renderList(list, debrief);
  }

  /** Another debrief is on screen: drop every row, it gets rows of its own. */
  function clear() {
    for (const list of LISTS) {
      for (const row of rows[list].values()) row.remove();
      rows[list].clear();
    }
  }

  /** The plain form's server-rendered rows make way for rows built from the model. */
  function empty() {
    for (const list of LISTS) itemsBox(list).replaceChildren();
  }

  /**
   * Focus an item's text, or, when that item is gone, the list's "add" button.
   * @param {ListName} list
   * @param {string | undefined} id
   */
  function focusItem(list, id) {
    const text = id ? rows[list].get(id)?.querySelector("textarea") : null;
    (text ?? find(form, `[data-action="add"][data-list="${list}"]`)).focus();
  }

  return { render, clear, empty, focusItem };
}
