// @ts-check
// The shape of a debrief in one table: which fields exist, their kind and their limits.
// The model (editing), the validator (importing) and the view (maxlength) all read it,
// so what the worksheet lets you type is always something a backup can bring back.

export const LIMITS = Object.freeze({
  short: 500, // name, role, company, stage
  item: 2_000, // one item's text or note, one preparation step
  long: 20_000, // narrative-like free text
  items: 200, // per list (right / wrong)
  factorsPerItem: 50,
  dictKeys: 200, // entries in strategy.steps or next.checklist
  debriefs: 500,
});

/** File format names written into exported JSON. */
export const BACKUP_FORMAT = "next-round-debriefs";
export const DEBRIEF_FORMAT = "next-round-debrief";

/** @type {ReadonlyArray<import("./types.js").Choice>} */
export const CHOICES = Object.freeze(["", "fluke", "pattern", "unsure"]);

/** @type {ReadonlyArray<import("./types.js").ListName>} */
export const LISTS = Object.freeze(["right", "wrong"]);

/**
 * @typedef {{ path: string, kind: "text"|"day"|"time"|"choice", max: number, label: string }} Field
 */

/** Every plain (non-list) field a reader can edit. `label` is used in import messages. */
/** @type {ReadonlyArray<Field>} */
export const FIELDS = Object.freeze([
  { path: "name", kind: "text", max: LIMITS.short, label: "the name" },
  { path: "interview.role", kind: "text", max: LIMITS.short, label: "the role" },
  { path: "interview.company", kind: "text", max: LIMITS.short, label: "the company" },
  { path: "interview.date", kind: "day", max: 10, label: "the interview date" },
  { path: "interview.stage", kind: "text", max: LIMITS.short, label: "the interview stage" },
  { path: "narrative", kind: "text", max: LIMITS.long, label: "the account of what happened" },
  { path: "flukeOrPattern.choice", kind: "choice", max: 7, label: "the fluke-or-pattern answer" },
  { path: "flukeOrPattern.note", kind: "text", max: LIMITS.long, label: "the fluke-or-pattern note" },
  { path: "strategy.extra", kind: "text", max: LIMITS.long, label: "the extra strategy note" },
  { path: "strengths", kind: "text", max: LIMITS.long, label: "the strengths note" },
  { path: "next.action", kind: "text", max: LIMITS.item, label: "the next step" },
  { path: "next.actionDate", kind: "day", max: 10, label: "the date of the next step" },
  { path: "next.nextDate", kind: "day", max: 10, label: "the next interview date" },
  { path: "next.nextTime", kind: "time", max: 5, label: "the next interview time" },
  { path: "next.note", kind: "text", max: LIMITS.long, label: "the next-round note" },
]);

/** @type {ReadonlyMap<string, Field>} */
export const FIELD_BY_PATH = new Map(FIELDS.map((f) => [f.path, f]));

/**
 * Dictionaries keyed by a factor id or checklist key. A Map, so no lookup can reach a prototype.
 * @type {ReadonlyMap<string, { kind: "text"|"bool", max: number, label: string }>}
 */
export const DICTS = new Map([
  ["strategy.steps", { kind: "text", max: LIMITS.item, label: "a preparation step" }],
  ["next.checklist", { kind: "bool", max: 0, label: "a checklist entry" }],
]);
