// @ts-check
// What the starred items lead to: a preparation step per factor behind what went wrong,
// the strengths behind what went right, and the site's articles worth reading.

import { checkList } from "./model.js";
import { unique } from "./plain-data.js";

/** @typedef {import("./types.js").Debrief} Debrief */
/** @typedef {import("./types.js").ListName} ListName */
/** @typedef {import("./types.js").Factor} Factor */
/** @typedef {import("./types.js").Article} Article */

/**
 * Distinct factor ids behind the starred items of one list, in the reader's item order.
 * @param {Debrief} debrief
 * @param {ListName} list
 * @returns {string[]}
 */
export function starredFactors(debrief, list) {
  checkList(list);
  return unique(debrief[list].filter((item) => item.starred).flatMap((item) => item.factors));
}

/**
 * @param {Factor[]} factors
 * @returns {Map<string, Factor>}
 */
function factorMap(factors) {
  return new Map(factors.map((f) => [f.id, f]));
}

/**
 * @typedef {object} StrategyStep
 * @property {string} factorId
 * @property {string} label
 * @property {string} suggestion
 * @property {string} step  the reader's own text, or the suggestion when they left it empty
 * @property {boolean} edited
 */

/**
 * The strategy step: one preparation step per distinct factor behind a starred WRONG item,
 * and the strengths (factors and item texts) behind starred RIGHT items.
 * Factor ids no longer in the site's list are kept, labelled by their id, so nothing the
 * reader chose silently disappears.
 * @param {Debrief} debrief
 * @param {Factor[]} factors
 * @returns {{ steps: StrategyStep[], strengths: { factorId: string, label: string, suggestion: string }[],
 *   highlights: { id: string, text: string }[] }}
 */
export function strategyFor(debrief, factors) {
  const byId = factorMap(factors);
  const own = debrief.strategy.steps;
  const steps = starredFactors(debrief, "wrong").map((factorId) => {
    const factor = byId.get(factorId);
    const suggestion = factor?.suggestion ?? "";
    const text = Object.hasOwn(own, factorId) ? own[factorId] : "";
    const edited = typeof text === "string" && text.trim() !== "";
    return { factorId, label: factor?.label ?? factorId, suggestion, step: edited ? text : suggestion, edited };
  });
  const strengths = starredFactors(debrief, "right").map((factorId) => {
    const factor = byId.get(factorId);
    return { factorId, label: factor?.label ?? factorId, suggestion: factor?.suggestion ?? "" };
  });
  const highlights = debrief.right
    .filter((item) => item.starred && item.text.trim() !== "")
    .map((item) => ({ id: item.id, text: item.text }));
  return { steps, strengths, highlights };
}

/**
 * Further reading: first the articles an editor chose for the factors behind starred items (site.toml
 * `articles`), in the factors' order; then articles scored by how many tags they share with those
 * factors (each factor-tag match counts once). Ties keep the articles' own order.
 * @param {Debrief} debrief
 * @param {Factor[]} factors
 * @param {Article[]} articles
 * @param {number} [limit]
 * @returns {{ article: Article, score: number, factorIds: string[] }[]}
 */
export function recommend(debrief, factors, articles, limit = 5) {
  const byId = factorMap(factors);
  const chosen = unique([...starredFactors(debrief, "wrong"), ...starredFactors(debrief, "right")]);
  /** @param {string} tag */
  const norm = (tag) => String(tag).trim().toLowerCase();
  const factorTags = chosen.map((id) => ({ id, tags: new Set((byId.get(id)?.tags ?? []).map(norm)) }));
  /** @type {Map<string, string[]>} an editor's choice's URL -> the factors it was chosen for, in order */
  const picked = new Map();
  for (const id of chosen) {
    for (const url of byId.get(id)?.articles ?? []) picked.set(url, [...(picked.get(url) ?? []), id]);
  }
  const rankOf = new Map([...picked.keys()].map((url, rank) => [url, rank]));
  return articles
    .map((article, index) => {
      const tags = new Set((article.tags ?? []).map(norm));
      let score = 0;
      const factorIds = [...(picked.get(article.url) ?? [])];
      for (const { id, tags: wanted } of factorTags) {
        let hits = 0;
        for (const tag of wanted) if (tags.has(tag)) hits += 1;
        if (hits > 0) {
          score += hits;
          if (!factorIds.includes(id)) factorIds.push(id);
        }
      }
      return { article, score, factorIds, index, rank: rankOf.get(article.url) ?? Infinity };
    })
    .filter((r) => r.score > 0 || r.rank !== Infinity)
    .sort((a, b) => a.rank - b.rank || b.score - a.score || a.index - b.index)
    .slice(0, Math.max(0, limit))
    .map(({ article, score, factorIds }) => ({ article, score, factorIds }));
}
