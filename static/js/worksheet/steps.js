// @ts-check
// Wording shared by the Markdown export and the view: the five steps and the checklist.
// Kept apart from the logic so copy can change without touching behaviour.

/**
 * The five worksheet steps, in order and in the page's words: `id` is the page's section
 * (`step-<id>`), `title` its heading after "Step n of 5." (tests/browser/test_worksheet.py checks).
 */
export const STEPS = Object.freeze([
  { id: "happened", title: "What happened" },
  { id: "right-wrong", title: "What went right, what went wrong" },
  { id: "strategy", title: "Strategy for next time" },
  { id: "research", title: "Research" },
  { id: "next", title: "Get back out there" },
]);

/** Headings inside the steps, as the page words them. */
export const PARTS = Object.freeze({
  fluke: "Was this a fluke, or a pattern you keep repeating?",
  preparation: "Preparation steps",
  strengths: "Strengths to highlight next time",
  checklist: "Next steps",
});

/**
 * The two lists and their titles; generator/config.py's WORKSHEET_LISTS says the same for the page.
 * @type {Readonly<Record<import("./types.js").ListName, string>>}
 */
export const LIST_TITLES = Object.freeze({ right: "What went right", wrong: "What went wrong" });

/** What a factor's `kind` may be: the list it shows under, or both. */
export const FACTOR_KINDS = Object.freeze([...Object.keys(LIST_TITLES), "both"]);

/** @type {Readonly<Record<import("./types.js").Choice, string>>} */
export const CHOICE_LABELS = Object.freeze({
  "": "Not answered yet",
  fluke: "Probably a fluke",
  pattern: "Probably a pattern",
  unsure: "Not sure yet",
});

/** Default checklist for the last step; keys are stored, labels only shown (config.py WORKSHEET_CHECKLIST: the same). */
export const CHECKLIST = Object.freeze([
  { key: "thank-you", label: "Send a short thank-you note" },
  { key: "feedback", label: "Ask once, politely, for feedback" },
  { key: "story-bank", label: "Write down the examples that worked" },
  { key: "prep-plan", label: "Put the preparation steps in my calendar" },
  { key: "practice", label: "Book a practice interview with someone I trust" },
  { key: "rest", label: "Plan something restful for the day before" },
]);
