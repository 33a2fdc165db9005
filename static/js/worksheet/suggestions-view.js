// @ts-check
// What the form suggests from the starred items: strengths to lead with (under "Strategy for
// next time") and the site's articles worth reading ("Research"). Redrawn only when their content changes.

import { el, find } from "./dom.js";
import { recommend, strategyFor } from "./recommendations.js";

/** @typedef {import("./types.js").Debrief} Debrief */
/** @typedef {import("./types.js").Factor} Factor */
/** @typedef {import("./types.js").Article} Article */

/**
 * @param {HTMLFormElement} form
 * @param {Factor[]} factors
 * @param {Article[]} articles
 */
export function createSuggestionsView(form, factors, articles) {
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
    const found = recommend(debrief, factors, articles, 5).filter((r) => r.article.url.startsWith("/"));
    const signature = JSON.stringify(found.map((r) => [r.article.url, r.factorIds]));
    if (signature === drawn.research) return;
    drawn.research = signature;
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
