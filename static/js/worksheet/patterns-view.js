// @ts-check
// The patterns panel under "What happened": the factors that keep coming back across all saved debriefs.

import { el, find, slot } from "./dom.js";
import { countFactors, describe } from "./patterns.js";

/** @typedef {import("./types.js").Debrief} Debrief */
/** @typedef {import("./types.js").Factor} Factor */

/**
 * @param {HTMLFormElement} form
 * @param {Factor[]} factors
 */
export function createPatternsView(form, factors) {
  /** The patterns on screen, so the panel is only rebuilt when they change. */
  let drawn = "";

  /** @param {Debrief[]} debriefs  every saved debrief */
  function render(debriefs) {
    const patterns = countFactors(debriefs, factors);
    const signature = JSON.stringify(patterns);
    if (signature === drawn) return;
    drawn = signature;
    const box = find(form, "#ws-patterns");
    for (const kind of /** @type {const} */ (["wrong", "right"])) {
      const mine = patterns.filter((p) => p.kind === kind);
      slot(box, `patterns-${kind}`).hidden = mine.length === 0;
      slot(box, `patterns-${kind}-list`).replaceChildren(...mine.map((p) => el("li", { text: describe(p) })));
    }
    slot(box, "patterns-empty").hidden = patterns.length > 0;
  }

  return { render };
}
