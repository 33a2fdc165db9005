// @ts-check
// Importing debriefs into a document: which ones are new or already here, and how the
// reader's answer (keep, replace or copy) is applied. Nothing here reads files.

import { LIMITS } from "./fields.js";
import { copyDebrief, displayName, upsert } from "./model.js";
import { canonicalJSON } from "./plain-data.js";
import { truncate } from "./text.js";
import { toISO } from "./time.js";

/** @typedef {import("./types.js").Debrief} Debrief */
/** @typedef {import("./types.js").Doc} Doc */

/**
 * @typedef {object} ImportConflict
 * @property {string} id
 * @property {Debrief} incoming
 * @property {Debrief} existing
 * @property {boolean} identical  same content: nothing to ask about
 * @property {boolean} incomingIsNewer  by updatedAt
 */

/**
 * Sort incoming debriefs into new ones and ones whose id is already here, so the view can
 * ask before overwriting anything.
 * @param {Doc} doc
 * @param {Debrief[]} incoming
 * @returns {{ newIds: string[], conflicts: ImportConflict[], room: number }}
 *   room: how many more debriefs the document can take
 */
export function planImport(doc, incoming) {
  const existing = new Map(doc.debriefs.map((d) => [d.id, d]));
  /** @type {string[]} */
  const newIds = [];
  /** @type {ImportConflict[]} */
  const conflicts = [];
  for (const debrief of incoming) {
    const here = existing.get(debrief.id);
    if (!here) {
      newIds.push(debrief.id);
      continue;
    }
    conflicts.push({
      id: debrief.id,
      incoming: debrief,
      existing: here,
      identical: canonicalJSON(debrief) === canonicalJSON(here),
      incomingIsNewer: Date.parse(debrief.updatedAt) > Date.parse(here.updatedAt),
    });
  }
  return { newIds, conflicts, room: Math.max(0, LIMITS.debriefs - doc.debriefs.length) };
}

/**
 * Apply the reader's answers. Conflicts default to "keep": nothing is overwritten unless asked.
 * "copy" imports the file's version beside the existing one, under new ids.
 * @param {Doc} doc
 * @param {Debrief[]} incoming
 * @param {Record<string, "keep"|"replace"|"copy">} [decisions]  by debrief id
 * @param {Date|string|number} [now]
 * @returns {{ doc: Doc, added: number, replaced: number, copied: number, skipped: number }}
 */
export function applyImport(doc, incoming, decisions = {}, now = new Date()) {
  const at = toISO(now);
  const ids = new Set(doc.debriefs.map((d) => d.id));
  let added = 0;
  let replaced = 0;
  let copied = 0;
  let skipped = 0;
  let next = doc;
  for (const debrief of incoming) {
    if (!ids.has(debrief.id)) {
      const after = upsert(next, debrief);
      if (after === next) skipped += 1;
      else added += 1;
      next = after;
      ids.add(debrief.id);
      continue;
    }
    const decision = Object.hasOwn(decisions, debrief.id) ? decisions[debrief.id] : "keep";
    if (decision === "replace") {
      next = upsert(next, debrief);
      replaced += 1;
    } else if (decision === "copy") {
      const copy = copyDebrief(debrief, at);
      copy.name = truncate(`${displayName(debrief)} (imported)`, LIMITS.short);
      const after = upsert(next, copy);
      if (after === next) skipped += 1;
      else copied += 1;
      next = after;
    } else {
      skipped += 1;
    }
  }
  return { doc: next, added, replaced, copied, skipped };
}
