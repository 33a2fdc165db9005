// @ts-check
// Across all debriefs: which factors keep coming back. A factor counts once per debrief
// when it is behind at least one starred item; right and wrong are counted apart,
// because "nervous again" and "good rapport again" mean different things.

import { LISTS } from "./fields.js";
import { starredFactors } from "./recommendations.js";

/** @typedef {import("./types.js").Debrief} Debrief */
/** @typedef {import("./types.js").Factor} Factor */

/**
 * @typedef {object} Pattern
 * @property {string} factorId
 * @property {string} label
 * @property {"wrong"|"right"} kind  which list the starred items were in
 * @property {number} count  debriefs with this factor behind a starred item of that kind
 * @property {number} total  all debriefs
 */

/**
 * Sorted by count (most first), then label, then wrong before right.
 * Factors no longer in the site's list still count, labelled by their id.
 * @param {Debrief[]} debriefs
 * @param {Factor[]} factors
 * @returns {Pattern[]}
 */
export function countFactors(debriefs, factors) {
  const labels = new Map(factors.map((f) => [f.id, f.label]));
  /** @type {Map<string, Pattern>} */
  const counts = new Map();
  for (const debrief of debriefs) {
    for (const kind of LISTS) {
      for (const factorId of starredFactors(debrief, kind)) {
        const key = `${kind}:${factorId}`;
        const entry = counts.get(key) ?? { factorId, label: labels.get(factorId) ?? factorId, kind, count: 0, total: 0 };
        entry.count += 1;
        counts.set(key, entry);
      }
    }
  }
  const total = debriefs.length;
  return [...counts.values()]
    .map((p) => ({ ...p, total }))
    .sort(
      (a, b) =>
        b.count - a.count ||
        a.label.localeCompare(b.label, "en") ||
        (a.kind === b.kind ? 0 : a.kind === "wrong" ? -1 : 1) ||
        (a.factorId < b.factorId ? -1 : a.factorId > b.factorId ? 1 : 0),
    );
}

/**
 * "Late or rushed: 3 of 4 debriefs"
 * @param {Pattern} p
 */
export function describe(p) {
  return `${p.label}: ${p.count} of ${p.total} ${p.total === 1 ? "debrief" : "debriefs"}`;
}
