// @ts-check
// The preparation steps under "Strategy for next time": one row per factor behind a starred
// "went wrong" item, with the site's suggestion, the reader's own wording and "use the suggestion again".

import { fillSlots, find, instantiate, setValue, slot } from "./dom.js";
import { syncMirror } from "./mirrors.js";
import { strategyFor } from "./recommendations.js";

/** @typedef {import("./types.js").Debrief} Debrief */
/** @typedef {import("./types.js").Factor} Factor */

/**
 * @param {HTMLFormElement} form
 * @param {Factor[]} factors
 */
export function createStrategyView(form, factors) {
  /** @type {Map<string, HTMLElement>} strategy rows by factor id */
  const stepRows = new Map();
  const stepTemplate = /** @type {HTMLTemplateElement} */ (find(form, "#ws-step-template"));

  /** @param {Iterable<string>} wanted  factor ids that keep their rows */
  function dropOthers(wanted) {
    const keep = new Set(wanted);
    for (const [id, row] of stepRows) {
      if (!keep.has(id)) {
        row.remove();
        stepRows.delete(id);
      }
    }
  }

  /** @param {string} factorId */
  function rowFor(factorId) {
    let row = stepRows.get(factorId);
    if (!row) {
      row = instantiate(stepTemplate, "KEY", factorId);
      row.dataset.factorId = factorId;
      stepRows.set(factorId, row);
    }
    return row;
  }

  /**
   * @param {Debrief} debrief
   * @param {Element | null} source  the field being typed in: its value is not reset
   * @param {boolean} [force]  set values even in the source (after "use the suggestion again")
   */
  function render(debrief, source, force = false) {
    const box = find(form, '[data-slot="strategy-steps"]');
    const { steps } = strategyFor(debrief, factors);
    dropOthers(steps.map((s) => s.factorId));
    steps.forEach((step, index) => {
      const row = rowFor(step.factorId);
      const at = box.children[index];
      if (at !== row) box.insertBefore(row, at ?? null);
      slot(row, "step-label").textContent = step.label;
      fillSlots(row, "step-name", step.label);
      const area = /** @type {HTMLTextAreaElement} */ (row.querySelector("textarea"));
      if (force || area !== source) setValue(area, step.step);
      syncMirror(area);
      const edited = step.edited && step.step !== step.suggestion;
      slot(row, "hint-suggested").hidden = edited;
      slot(row, "hint-edited").hidden = !edited;
      slot(row, "step-suggestion").textContent = step.suggestion;
      const reset = /** @type {HTMLButtonElement} */ (row.querySelector('[data-action="reset-step"]'));
      reset.hidden = !edited;
    });
    find(form, '[data-slot="strategy-empty"]').hidden = steps.length > 0;
  }

  /** @param {string} factorId  put the caret in that step's text */
  function focusStep(factorId) {
    stepRows.get(factorId)?.querySelector("textarea")?.focus();
  }

  return { render, focusStep };
}
