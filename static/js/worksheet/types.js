// @ts-check
// Shared JSDoc types only; this module exports nothing at run time.

/** @typedef {"right" | "wrong"} ListName */
/** @typedef {"" | "fluke" | "pattern" | "unsure"} Choice */

/**
 * @typedef {object} Item
 * @property {string} id
 * @property {string} text
 * @property {boolean} starred
 * @property {string[]} factors  factor ids
 * @property {string} note
 */

/**
 * @typedef {object} Debrief
 * @property {string} id
 * @property {string} name
 * @property {string} createdAt  ISO time
 * @property {string} updatedAt  ISO time
 * @property {{ role: string, company: string, date: string, stage: string }} interview
 * @property {string} narrative
 * @property {{ choice: Choice, note: string }} flukeOrPattern
 * @property {Item[]} right
 * @property {Item[]} wrong
 * @property {{ steps: Record<string, string>, extra: string }} strategy
 * @property {string} strengths
 * @property {{ checklist: Record<string, boolean>, action: string, actionDate: string, nextDate: string,
 *   nextTime: string, note: string }} next  nextTime: HH:MM or ""
 */

/**
 * The stored document (one localStorage key).
 * @typedef {object} Doc
 * @property {number} schema
 * @property {string} savedAt  ISO time, "" before the first save
 * @property {string|null} currentId
 * @property {Debrief[]} debriefs
 */

/**
 * A factor from site.toml: what was behind a starred item.
 * @typedef {object} Factor
 * @property {string} id
 * @property {string} label
 * @property {"wrong" | "right" | "both"} kind
 * @property {string} suggestion
 * @property {string[]} tags
 * @property {string[]} [articles]  URLs of the articles an editor put first in its further reading
 */

/**
 * @typedef {object} Article
 * @property {string} title
 * @property {string} url
 * @property {string} description
 * @property {string[]} tags
 */

/** @typedef {{ path: string, message: string }} Problem */

export {};
