// @ts-check
// What leaves the browser: JSON backups (read back by validate.js) and a readable
// Markdown copy. Only the reader triggers these; nothing is ever sent anywhere.

import { BACKUP_FORMAT, DEBRIEF_FORMAT, LISTS } from "./fields.js";
import { SCHEMA } from "./migrate.js";
import { displayName } from "./model.js";
import { recommend, strategyFor } from "./recommendations.js";
import { CHECKLIST, CHOICE_LABELS, LIST_TITLES, PARTS, STEPS } from "./steps.js";
import { toISO } from "./time.js";

/** @typedef {import("./types.js").Debrief} Debrief */
/** @typedef {import("./types.js").Item} Item */
/** @typedef {import("./types.js").Factor} Factor */
/** @typedef {import("./types.js").Article} Article */

// ---------------------------------------------------------------- JSON

/**
 * A fresh copy in schema order with dictionary keys sorted, so the same debrief always
 * exports to the same text (diffable, and unknown keys never ride along).
 * @param {Debrief} d
 * @returns {Debrief}
 */
function ordered(d) {
  /** @param {Item} item @returns {Item} */
  const item = (item) => ({ id: item.id, text: item.text, starred: item.starred, factors: [...item.factors], note: item.note });
  /** @template T @param {Record<string, T>} dict @returns {Record<string, T>} */
  const sorted = (dict) => Object.fromEntries(Object.keys(dict).sort().map((k) => [k, dict[k]]));
  return {
    id: d.id,
    name: d.name,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
    interview: { role: d.interview.role, company: d.interview.company, date: d.interview.date, stage: d.interview.stage },
    narrative: d.narrative,
    flukeOrPattern: { choice: d.flukeOrPattern.choice, note: d.flukeOrPattern.note },
    right: d.right.map(item),
    wrong: d.wrong.map(item),
    strategy: { steps: sorted(d.strategy.steps), extra: d.strategy.extra },
    strengths: d.strengths,
    next: {
      checklist: sorted(d.next.checklist),
      action: d.next.action,
      actionDate: d.next.actionDate,
      nextDate: d.next.nextDate,
      nextTime: d.next.nextTime,
      note: d.next.note,
    },
  };
}

/**
 * @param {Debrief[]} debriefs
 * @param {Date|string|number} [now]
 * @returns {string}
 */
export function toBackupJSON(debriefs, now = new Date()) {
  const file = { format: BACKUP_FORMAT, schema: SCHEMA, exportedAt: toISO(now), debriefs: debriefs.map(ordered) };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/**
 * One debrief on its own (to move it to another device, or share it with a coach).
 * @param {Debrief} debrief
 * @param {Date|string|number} [now]
 * @returns {string}
 */
export function toDebriefJSON(debrief, now = new Date()) {
  const file = { format: DEBRIEF_FORMAT, schema: SCHEMA, exportedAt: toISO(now), debrief: ordered(debrief) };
  return `${JSON.stringify(file, null, 2)}\n`;
}

// ---------------------------------------------------------------- Markdown

// Every character that can start Markdown or HTML syntax in running text. Backslash
// escapes work for all ASCII punctuation in CommonMark, and read naturally in plain text.
// "$" too: GitHub renders $…$ as maths, and salary figures are common here.
const SPECIAL = /[\\`*_{}[\]()<>#+!|~&$]/g;

/**
 * One line of user text made inert: no links, images, HTML, code or emphasis,
 * and nothing at the start of the line that could open a list, heading or quote.
 * @param {string} line
 */
export function escapeMarkdown(line) {
  let out = line.trimStart().replace(SPECIAL, "\\$&");
  out = out.replace(/^([-=])/, "\\$1"); // list bullet, setext underline, thematic break
  out = out.replace(/^(\d+)([.)])/, "$1\\$2"); // "1." or "1)" would start a numbered list
  return out;
}

/**
 * Multi-line user text: paragraphs stay paragraphs, single line breaks stay line breaks.
 * @param {string} text
 * @param {string} [indent]  put before continuation lines (inside list items)
 */
function block(text, indent = "") {
  return text
    .replace(/\r\n?/g, "\n")
    .split(/\n[ \t]*\n/)
    .map((para) => para.split("\n").map(escapeMarkdown).filter((l) => l.trim() !== ""))
    .filter((lines) => lines.length > 0)
    .map((lines) => lines.join(`  \n${indent}`)) // two trailing spaces: a hard line break
    .join(`\n\n${indent}`);
}

const NOT_ANSWERED = "_Not answered._";

/**
 * @param {string[]} out  Markdown lines so far
 * @param {number} n  the step, from 0
 */
function heading(out, n) {
  out.push(`## ${n + 1}. ${STEPS[n].title}`, "");
}

/** @param {string[]} out @param {string} text  a paragraph, or "not answered" */
function para(out, text) {
  out.push(text.trim() ? block(text) : NOT_ANSWERED, "");
}

/** @param {string} text  one line of user text, whitespace folded */
const inline = (text) => escapeMarkdown(text.replace(/\s+/g, " "));

/**
 * “What happened”: the interview's details, the reader's account, and fluke or pattern.
 * @param {string[]} out
 * @param {Debrief} debrief
 */
function writeHappened(out, debrief) {
  const { role, company, date, stage } = debrief.interview;
  const details = [
    ["Role", role],
    ["Company", company],
    ["Interview date", date],
    ["Stage", stage],
  ].filter(([, v]) => v.trim() !== "");
  for (const [k, v] of details) out.push(`- ${k}: ${inline(v)}`);
  if (details.length > 0) out.push("");
  para(out, debrief.narrative);
  out.push(`### ${PARTS.fluke}`, "");
  out.push(`Answer: ${CHOICE_LABELS[debrief.flukeOrPattern.choice] ?? CHOICE_LABELS[""]}`, "");
  if (debrief.flukeOrPattern.note.trim()) out.push(block(debrief.flukeOrPattern.note), "");
}

/**
 * “What went right and what went wrong”: both lists, "★ starred" written out and factors by label.
 * @param {string[]} out
 * @param {Debrief} debrief
 * @param {(id: string) => string} label  a factor's label
 */
function writeLists(out, debrief, label) {
  for (const list of LISTS) {
    out.push(`### ${LIST_TITLES[list]}`, "");
    const items = debrief[list].filter((item) => item.text.trim() || item.note.trim() || item.factors.length);
    if (items.length === 0) out.push("_Nothing listed._");
    for (const item of items) {
      const star = item.starred ? "★ starred — " : "";
      out.push(`- ${star}${block(item.text, "  ") || "_(no text)_"}`);
      if (item.factors.length) out.push(`  - Behind it: ${item.factors.map((f) => escapeMarkdown(label(f))).join(", ")}`);
      if (item.note.trim()) out.push(`  - Note: ${block(item.note, "    ")}`);
    }
    out.push("");
  }
}

/**
 * “Strategy for next time”: the preparation steps and the strengths to highlight.
 * @param {string[]} out
 * @param {Debrief} debrief
 * @param {Factor[]} factors
 */
function writeStrategy(out, debrief, factors) {
  const strategy = strategyFor(debrief, factors);
  out.push(`### ${PARTS.preparation}`, "");
  if (strategy.steps.length === 0) out.push("_No starred items with a factor in “What went wrong”._");
  for (const s of strategy.steps) out.push(`- **${escapeMarkdown(s.label)}:** ${block(s.step, "  ") || "_(no step)_"}`);
  out.push("");
  if (debrief.strategy.extra.trim()) out.push(block(debrief.strategy.extra), "");
  out.push(`### ${PARTS.strengths}`, "");
  const strengths = [
    ...strategy.strengths.map((s) => escapeMarkdown(s.label)),
    ...strategy.highlights.map((h) => block(h.text, "  ")),
  ];
  if (strengths.length === 0 && !debrief.strengths.trim()) out.push(NOT_ANSWERED);
  for (const s of strengths) out.push(`- ${s}`);
  if (strengths.length > 0) out.push("");
  if (debrief.strengths.trim()) out.push(block(debrief.strengths));
  out.push("");
}

/**
 * “Research”: the site's articles that match the factors behind starred items, with their addresses.
 * @param {string[]} out
 * @param {Debrief} debrief
 * @param {Factor[]} factors
 * @param {Article[]} articles  their `url` absolute (http or https), so the links work outside the site
 */
function writeResearch(out, debrief, factors, articles) {
  const found = recommend(debrief, factors, articles).filter(({ article }) => /^https?:\/\//.test(article.url));
  if (found.length === 0) out.push("_No articles matched yet: star an item in step 2 and check what was behind it._");
  for (const { article } of found) out.push(`- ${inline(article.title)}: <${new URL(article.url).href}>`);
  out.push("");
}

/**
 * “Get back out there”: the checklist as task boxes, the next step, the next interview and the note.
 * @param {string[]} out
 * @param {Debrief} debrief
 * @param {ReadonlyArray<{ key: string, label: string }>} checklist
 */
function writeNext(out, debrief, checklist) {
  const known = new Set(checklist.map((c) => c.key));
  const { checklist: ticks, action, actionDate, nextDate, nextTime, note } = debrief.next;
  out.push(`### ${PARTS.checklist}`, "");
  for (const c of checklist) out.push(`- [${Object.hasOwn(ticks, c.key) && ticks[c.key] === true ? "x" : " "}] ${escapeMarkdown(c.label)}`);
  // Ticked keys this version has no label for (from another version): still shown.
  for (const key of Object.keys(ticks).sort()) {
    if (!known.has(key) && ticks[key] === true) out.push(`- [x] ${escapeMarkdown(key)}`);
  }
  out.push("");
  if (action.trim()) out.push(`Next step: ${inline(action)}${actionDate ? ` (on ${actionDate})` : ""}`, "");
  out.push(`Next interview: ${nextDate ? `${nextDate}${nextTime ? ` at ${nextTime}` : ""}` : "not booked yet"}`, "");
  if (note.trim()) out.push(block(note), "");
}

/**
 * A readable copy that reads like the worksheet: its five steps as headings, in its order and words
 * (steps.js), items as lists, "★ starred" written out, factors by label and the checklist as task
 * boxes. All user text is escaped.
 * @param {Debrief} debrief
 * @param {Factor[]} factors
 * @param {{ checklist?: ReadonlyArray<{ key: string, label: string }>, articles?: Article[] }} [options]
 *   articles: the site's, with absolute URLs, for step 4
 * @returns {string}
 */
export function toMarkdown(debrief, factors, { checklist = CHECKLIST, articles = [] } = {}) {
  const labels = new Map(factors.map((f) => [f.id, f.label]));
  /** @type {Record<string, () => void>} what each step writes, by its id */
  const steps = {
    happened: () => writeHappened(out, debrief),
    "right-wrong": () => writeLists(out, debrief, (id) => labels.get(id) ?? id),
    strategy: () => writeStrategy(out, debrief, factors),
    research: () => writeResearch(out, debrief, factors, articles),
    next: () => writeNext(out, debrief, checklist),
  };
  /** @type {string[]} */
  const out = [`# ${inline(displayName(debrief))}`, ""];
  STEPS.forEach((step, n) => {
    heading(out, n);
    steps[step.id]();
  });
  out.push("---", "", `_Written with the Next Round debrief worksheet. Last changed ${debrief.updatedAt.slice(0, 10)}._`, "");
  return out.join("\n");
}

// ---------------------------------------------------------------- file names

// Letters that Unicode does not decompose into a base letter plus accent.
/** @type {Record<string, string>} */
const LETTERS = { ß: "ss", æ: "ae", ø: "o", œ: "oe", ł: "l", đ: "d" };

/**
 * Lowercase ASCII words joined by hyphens; accents dropped, everything else removed.
 * @param {string} text
 * @param {number} [max]
 */
export function slug(text, max = 50) {
  const s = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[ßæøœłđ]/g, (c) => LETTERS[c] ?? "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return s.slice(0, max).replace(/-+$/, "");
}

/** @param {string} ext */
function checkExt(ext) {
  if (!/^[a-z0-9]{1,10}$/i.test(ext)) throw new RangeError(`Not a file extension: ${ext}`);
  return ext.toLowerCase();
}

/**
 * "next-round-backend-engineer-at-acme-2026-11-20.md": safe on every file system.
 * @param {Debrief} debrief
 * @param {string} ext  without the dot
 */
export function fileName(debrief, ext) {
  const day = debrief.interview.date || debrief.createdAt.slice(0, 10);
  const name = slug(displayName(debrief)) || "debrief";
  return `next-round-${name}-${day}.${checkExt(ext)}`;
}

/**
 * @param {Date|string|number} [now]
 */
export function backupFileName(now = new Date()) {
  return `next-round-debriefs-${toISO(now).slice(0, 10)}.json`;
}
