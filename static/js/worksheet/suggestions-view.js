// @ts-check
// What the form suggests from the starred items: strengths to lead with (under "Strategy for
// next time") and the site's articles worth reading ("Research"). Redrawn only when their content changes.

import { el, find } from "./dom.js";
import { recommend, starredFactors, strategyFor } from "./recommendations.js";

/** @typedef {import("./types.js").Debrief} Debrief */
/** @typedef {import("./types.js").Factor} Factor */
/** @typedef {import("./reading.js").Reading} Reading */

/** Under the editors' choices when the list of every article did not come. */
export const READING_NOTE =
  "For now these are the editors’ picks only: the full list of articles did not load. The worksheet will try again when you make a change.";

/**
 * @param {HTMLFormElement} form
 * @param {Factor[]} factors
 * @param {Reading} reading  the articles: the editors' choices, then every article once the list has come
 */
export function createSuggestionsView(form, factors, reading) {
  const factorLabels = new Map(factors.map((f) => [f.id, f.label]));
  /** Signatures of the lists on screen, so they are only rebuilt when their content changes. */
  const drawn = { strengths: "", research: "" };

  /** @param {Debrief} debrief */
  function renderStrengths(debrief) {
    const { strengths, highlights } = strategyFor(debrief, factors);
    const signature = JSON.stringify([strengths, highlights]);
    if (signature === drawn.strengths) return;
    drawn.strengths = signature;
    const list = find(form, '[data-slot="strengths-list"]');
    list.replaceChildren(
      ...highlights.map((h) => el("li", { text: h.text })),
      ...strengths.map((s) => el("li", {}, [el("strong", { text: s.label }), `: ${s.suggestion}`])),
    );
    find(form, '[data-slot="strengths-empty"]').hidden = strengths.length + highlights.length > 0;
  }

  /** @param {Debrief} debrief */
  function renderResearch(debrief) {
    const found = recommend(debrief, factors, reading.articles(), 5).filter((r) => r.article.url.startsWith("/"));
    const wanted = starredFactors(debrief, "wrong").length + starredFactors(debrief, "right").length > 0;
    // Said only where it matters: with something starred, the list would offer more than the choices.
    const partial = wanted && reading.status() === "failed";
    const signature = JSON.stringify([found.map((r) => [r.article.url, r.factorIds]), partial]);
    if (signature === drawn.research) return;
    drawn.research = signature;
    const note = find(form, '[data-slot="research-note"]');
    note.textContent = partial ? READING_NOTE : "";
    note.hidden = !partial;
    const list = find(form, '[data-slot="research-list"]');
    list.replaceChildren(
      ...found.map(({ article, factorIds }) =>
        el("li", {}, [
          el("a", { text: article.title, attrs: { href: article.url } }),
          el("p", { text: article.description }),
          el("p", { className: "ws-hint", text: `Because of: ${factorIds.map((id) => factorLabels.get(id) ?? id).join(", ")}` }),
        ]),
      ),
    );
    find(form, '[data-slot="research-empty"]').hidden = found.length > 0;
  }

  /** @param {Debrief} debrief */
  function render(debrief) {
    renderStrengths(debrief);
    renderResearch(debrief);
  }

  return { render };
}
