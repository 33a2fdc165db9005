import { test, describe } from "node:test";
import assert from "node:assert/strict";

import { MAX_BYTES, checkSize, formatSize, parseBackup, sanitizeDocument } from "../../static/js/worksheet/validate.js";
import { sanitizeDebrief } from "../../static/js/worksheet/sanitize-debrief.js";
import { applyImport, planImport } from "../../static/js/worksheet/import-plan.js";
import { toBackupJSON, toDebriefJSON } from "../../static/js/worksheet/exporters.js";
import { addItem, emptyDocument, setField, toggleFactor, upsert } from "../../static/js/worksheet/model.js";
import { LIMITS } from "../../static/js/worksheet/fields.js";
import { deepFreeze, fixture } from "./helpers.mjs";

const NOW = "2026-11-25T12:00:00.000Z";
const backup = (debriefs, extra = {}) =>
  JSON.stringify({ format: "next-round-debriefs", schema: 1, exportedAt: NOW, debriefs, ...extra });
const parse = (text, options = {}) => parseBackup(text, { now: NOW, ...options });
const messages = (result) => result.errors.map((e) => e.message);

describe("formatSize and checkSize", () => {
  const sizes = [
    [12, "down", "12 bytes"],
    [800_000, "down", "800 KB"],
    [2_000_000, "down", "2 MB"],
    [5_100_000, "up", "5.1 MB"],
    [5_123_456, "up", "5.2 MB"],
    [2_000_001, "up", "2.1 MB"],
  ];
  for (const [bytes, round, expected] of sizes) {
    test(`${bytes} (${round}) -> ${expected}`, () => assert.equal(formatSize(bytes, round), expected));
  }
  test("checkSize", () => {
    assert.equal(checkSize(MAX_BYTES), null);
    assert.deepEqual(checkSize(5_100_000), { path: "", message: "The file is 5.1 MB; backups are at most 2 MB." });
  });
});

describe("parseBackup: good files", () => {
  test("a backup made by toBackupJSON comes back equal", () => {
    const debriefs = [fixture(), fixture({ id: "d2", name: "Other" })];
    assert.deepEqual(parse(toBackupJSON(debriefs, NOW)), { ok: true, debriefs, warnings: [] });
  });

  test("a single exported debrief is read too", () => {
    assert.deepEqual(parse(toDebriefJSON(fixture(), NOW)), { ok: true, debriefs: [fixture()], warnings: [] });
  });

  test("missing optional fields get empty defaults", () => {
    const result = parse(backup([{ id: "only-id", createdAt: "2026-01-01T00:00:00.000Z", updatedAt: "2026-01-02T00:00:00.000Z" }]));
    assert.deepEqual(result, {
      ok: true,
      warnings: [],
      debriefs: [{
        id: "only-id",
        name: "",
        createdAt: "2026-01-01T00:00:00.000Z",
        updatedAt: "2026-01-02T00:00:00.000Z",
        interview: { role: "", company: "", date: "", stage: "" },
        narrative: "",
        flukeOrPattern: { choice: "", note: "" },
        right: [],
        wrong: [],
        strategy: { steps: {}, extra: "" },
        strengths: "",
        next: { checklist: {}, action: "", actionDate: "", nextDate: "", nextTime: "", note: "" },
      }],
    });
  });

  test("a byte-order mark at the start is fine", () => {
    assert.equal(parse(`\uFEFF${backup([fixture()])}`).ok, true);
  });

  test("an empty backup is valid", () => {
    assert.deepEqual(parse(backup([])), { ok: true, debriefs: [], warnings: [] });
  });

  test("unknown keys are dropped, not copied", () => {
    const result = parse(backup([{ ...fixture(), extra: 1, interview: { ...fixture().interview, salary: 9 } }]));
    assert.equal(result.ok, true);
    assert.equal(Object.hasOwn(result.debriefs[0], "extra"), false);
    assert.deepEqual(Object.keys(result.debriefs[0].interview), ["role", "company", "date", "stage"]);
  });

  test("item ids that are missing or repeated are replaced", () => {
    const items = [
      { text: "no id" },
      { id: "same", text: "a" },
      { id: "same", text: "b" },
    ];
    const result = parse(backup([fixture({ right: items, wrong: [{ id: "same", text: "c" }] })]));
    const ids = [...result.debriefs[0].right, ...result.debriefs[0].wrong].map((i) => i.id);
    assert.equal(ids[1], "same");
    assert.equal(new Set(ids).size, 4);
    assert.deepEqual(result.debriefs[0].right.map((i) => i.text), ["no id", "a", "b"]);
  });
});

describe("parseBackup: files that are refused", () => {
  const refused = [
    ["not JSON", "hello {", "", "This file is not a Next Round backup. It could not be read as JSON."],
    ["empty", "", "", "This file is not a Next Round backup. It could not be read as JSON."],
    ["JSON null", "null", "", "This file is not a Next Round backup."],
    ["a JSON list", "[1,2]", "", "This file is not a Next Round backup."],
    ["another format", JSON.stringify({ format: "other-app", schema: 1, debriefs: [] }), "format", "This file is not a Next Round backup."],
    ["no format", JSON.stringify({ schema: 1, debriefs: [] }), "format", "This file is not a Next Round backup."],
    ["debriefs not a list", backup({}), "debriefs", "This backup has no list of debriefs in it."],
    ["single file without debrief", JSON.stringify({ format: "next-round-debrief", schema: 1 }), "debrief", "This file has no debrief in it."],
    ["no schema", backup([], { schema: undefined }), "schema", "This backup has no valid version number (schema), so it cannot be read safely."],
    ["schema as text", backup([], { schema: "1" }), "schema", "This backup has no valid version number (schema), so it cannot be read safely."],
    ["newer schema", backup([fixture()], { schema: 3 }), "schema", "This backup was made by a newer version (schema 3). Reload the page to get the newest version, then try again."],
  ];
  for (const [name, text, path, message] of refused) {
    test(name, () => assert.deepEqual(parse(text), { ok: false, errors: [{ path, message }] }));
  }

  test("not a string at all", () => {
    assert.deepEqual(parseBackup(undefined), { ok: false, errors: [{ path: "", message: "This file is not a Next Round backup." }] });
  });

  test("a huge file is refused by size before JSON.parse is called", () => {
    const huge = backup([fixture({ narrative: "x".repeat(5_100_000) })]);
    const original = JSON.parse;
    let calls = 0;
    JSON.parse = (...args) => {
      calls += 1;
      return original(...args);
    };
    let result;
    try {
      result = parse(huge);
    } finally {
      JSON.parse = original;
    }
    assert.equal(calls, 0);
    assert.deepEqual(result, { ok: false, errors: [{ path: "", message: "The file is 5.2 MB; backups are at most 2 MB." }] });
  });

  test("size counts UTF-8 bytes, not characters", () => {
    const text = backup([fixture({ narrative: "é".repeat(600) })]); // 2 bytes each
    const bytes = Buffer.byteLength(text, "utf8");
    assert.equal(parse(text, { maxBytes: bytes }).ok, true);
    assert.deepEqual(messages(parse(text, { maxBytes: text.length })), [
      `The file is ${formatSize(bytes, "up")}; backups are at most ${formatSize(text.length)}.`,
    ]);
  });

  test("more than 500 debriefs", () => {
    const many = Array.from({ length: LIMITS.debriefs + 1 }, (_, i) => ({ id: `d${i}` }));
    assert.deepEqual(messages(parse(backup(many))), ["This backup has 501 debriefs; at most 500 can be imported."]);
    assert.equal(parse(backup(many.slice(1))).ok, true);
  });

  test("duplicate ids inside the file", () => {
    const result = parse(backup([fixture({ id: "a" }), fixture({ id: "b" }), fixture({ id: "a" })]));
    assert.deepEqual(result, {
      ok: false,
      errors: [{ path: "debriefs[2].id", message: "Debrief 3 has the same id as debrief 1." }],
    });
  });

  const badIds = [
    ["missing", undefined, "Debrief 2 has no id."],
    ["empty", "", "Debrief 2 has no id."],
    ["a number", 7, "Debrief 2 has an id that is not valid."],
    ["__proto__", "__proto__", "Debrief 2 has an id that is not valid."],
    ["with a slash", "../x", "Debrief 2 has an id that is not valid."],
  ];
  for (const [name, id, message] of badIds) {
    test(`a debrief id that is ${name}`, () => {
      const second = { ...fixture(), id };
      assert.deepEqual(parse(backup([fixture({ id: "ok" }), second])), {
        ok: false,
        errors: [{ path: "debriefs[1].id", message }],
      });
    });
  }

  const wrongTypes = [
    ["debrief is a string", "text", "debriefs[0]", "Debrief 1 is not a debrief (it is string)."],
    ["narrative is a number", { narrative: 5 }, "debriefs[0].narrative", "Debrief 1: the account of what happened should be text, not a number."],
    ["name is a list", { name: ["a"] }, "debriefs[0].name", "Debrief 1: the name should be text, not a list."],
    ["interview is text", { interview: "Acme" }, "debriefs[0].interview", 'Debrief 1: "interview" should be a group of fields, not string.'],
    ["role is an object", { interview: { role: { a: 1 } } }, "debriefs[0].interview.role", "Debrief 1: the role should be text, not a group of fields."],
    ["right is an object", { right: { 0: "x" } }, "debriefs[0].right", "Debrief 1: “What went right” should be a list, not a group of fields."],
    ["an item is text", { wrong: ["late"] }, "debriefs[0].wrong[0]", "Debrief 1: item 1 in “What went wrong” is not an item (it is string)."],
    ["starred is text", { wrong: [{ id: "w", text: "x", starred: "yes" }] }, "debriefs[0].wrong[0].starred", 'Debrief 1: "starred" of item 1 in “What went wrong” should be true or false, not string.'],
    ["item text is a number", { wrong: [{ id: "w", text: 3 }] }, "debriefs[0].wrong[0].text", "Debrief 1: the text of item 1 in “What went wrong” should be text, not a number."],
    ["factors is text", { wrong: [{ id: "w", factors: "late" }] }, "debriefs[0].wrong[0].factors", "Debrief 1: the factors of item 1 in “What went wrong” should be a list, not string."],
    ["a factor is a number", { wrong: [{ id: "w", factors: [1] }] }, "debriefs[0].wrong[0].factors", "Debrief 1: the factors of item 1 in “What went wrong” should be text, not a number."],
    ["a checklist entry is text", { next: { checklist: { rest: "yes" } } }, "debriefs[0].next.checklist.rest", 'Debrief 1: a checklist entry "rest" should be true or false, not string.'],
    ["a step is a boolean", { strategy: { steps: { late: true } } }, "debriefs[0].strategy.steps.late", 'Debrief 1: a preparation step "late" should be text, not true or false.'],
    ["steps is a list", { strategy: { steps: [] } }, "debriefs[0].strategy.steps", 'Debrief 1: "strategy.steps" should be a group of fields, not a list.'],
    ["choice is a number", { flukeOrPattern: { choice: 1 } }, "debriefs[0].flukeOrPattern.choice", "Debrief 1: the fluke-or-pattern answer should be text, not a number."],
  ];
  for (const [name, patch, path, message] of wrongTypes) {
    test(`wrong type: ${name}`, () => {
      const debrief = typeof patch === "string" ? patch : { id: "d1", ...patch };
      assert.deepEqual(parse(backup([debrief])), { ok: false, errors: [{ path, message }] });
    });
  }

  test("201 items in a list", () => {
    const items = Array.from({ length: 201 }, (_, i) => ({ id: `i${i}`, text: `#${i}` }));
    assert.deepEqual(parse(backup([{ id: "d1", wrong: items }])), {
      ok: false,
      errors: [{ path: "debriefs[0].wrong", message: "Debrief 1: “What went wrong” has 201 items; at most 200 are allowed." }],
    });
    assert.equal(parse(backup([{ id: "d1", wrong: items.slice(1) }])).debriefs[0].wrong.length, 200);
  });

  test("too many factors on one item, too many checklist entries", () => {
    const factors = Array.from({ length: 51 }, (_, i) => `f${i}`);
    const checklist = Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`k${i}`, true]));
    assert.deepEqual(messages(parse(backup([{ id: "d1", right: [{ id: "r", factors }], next: { checklist } }]))), [
      "Debrief 1: item 1 in “What went right” has 51 factors; at most 50 are allowed.",
      'Debrief 1: "next.checklist" has 201 entries; at most 200 are allowed.',
    ]);
  });

  test("errors from several debriefs are all reported, capped with a summary", () => {
    const bad = Array.from({ length: 30 }, () => ({ narrative: 1 }));
    const result = parse(backup(bad));
    assert.equal(result.errors.length, 21);
    assert.equal(result.errors[0].message, "Debrief 1 has no id.");
    assert.equal(result.errors[1].message, "Debrief 1: the account of what happened should be text, not a number.");
    assert.deepEqual(result.errors[20], { path: "", message: "…and 40 more problems." });
  });
});

describe("parseBackup: values that are fixed with a warning", () => {
  test("over-long strings are cut at their limit", () => {
    const result = parse(backup([fixture({
      name: "n".repeat(501),
      narrative: "x".repeat(20_001),
      right: [{ id: "r", text: "t".repeat(2_001), note: "ok" }],
      strategy: { steps: { late: "s".repeat(2_001) }, extra: "" },
    })]));
    assert.equal(result.ok, true);
    const d = result.debriefs[0];
    assert.equal(d.name.length, 500);
    assert.equal(d.narrative.length, 20_000);
    assert.equal(d.right[0].text.length, 2_000);
    assert.equal(d.strategy.steps.late.length, 2_000);
    assert.deepEqual(result.warnings, [
      "Debrief 1: the name was longer than 500 characters and was shortened.",
      "Debrief 1: the account of what happened was longer than 20,000 characters and was shortened.",
      "Debrief 1: the text of item 1 in “What went right” was longer than 2,000 characters and was shortened.",
      'Debrief 1: a preparation step "late" was longer than 2,000 characters and was shortened.',
    ]);
  });

  test("cutting never splits an emoji in half", () => {
    const text = `${"a".repeat(499)}😀`; // the emoji straddles the 500 limit
    const d = parse(backup([fixture({ name: text })])).debriefs[0];
    assert.equal(d.name, "a".repeat(499));
  });

  test("bad dates, choices and times", () => {
    const result = parse(backup([{
      id: "d1",
      createdAt: "yesterday",
      updatedAt: "2026-11-20T10:00:00.000Z",
      interview: { date: "2026-02-30" },
      flukeOrPattern: { choice: "maybe" },
      next: { actionDate: "Friday", nextDate: "next week", nextTime: "9am" },
    }]));
    assert.equal(result.ok, true);
    const d = result.debriefs[0];
    assert.deepEqual([d.createdAt, d.updatedAt, d.interview.date, d.flukeOrPattern.choice, d.next.nextDate], [NOW, "2026-11-20T10:00:00.000Z", "", "", ""]);
    assert.deepEqual([d.next.actionDate, d.next.nextTime], ["", ""]);
    assert.deepEqual(result.warnings, [
      'Debrief 1: the time "createdAt" could not be read; it was set to the time of import.',
      'Debrief 1: the interview date "2026-02-30" is not a date like 2026-05-31 and was left empty.',
      'Debrief 1: the fluke-or-pattern answer "maybe" is not one of the choices and was left empty.',
      'Debrief 1: the date of the next step "Friday" is not a date like 2026-05-31 and was left empty.',
      'Debrief 1: the next interview date "next week" is not a date like 2026-05-31 and was left empty.',
      'Debrief 1: the next interview time "9am" is not a time like 09:30 and was left empty.',
    ]);
  });

  test("factor ids with unusable names are left out; repeats collapse", () => {
    const result = parse(backup([{ id: "d1", wrong: [{ id: "w", factors: ["late", "late", "__proto__", "a b"] }] }]));
    assert.deepEqual(result.debriefs[0].wrong[0].factors, ["late"]);
    assert.equal(result.warnings.length, 2);
  });
});

describe("hostile files cannot pollute prototypes", () => {
  const hostile = `{
    "format": "next-round-debriefs", "schema": 1, "exportedAt": "${NOW}",
    "__proto__": { "polluted": 1 },
    "constructor": { "prototype": { "polluted": 2 } },
    "debriefs": [{
      "id": "d1",
      "__proto__": { "polluted": 3, "narrative": "from proto" },
      "interview": { "__proto__": { "polluted": 4, "role": "from proto" } },
      "right": [{ "id": "r1", "text": "x", "__proto__": { "polluted": 5, "starred": true } }],
      "wrong": [],
      "strategy": { "steps": { "__proto__": { "polluted": 6 }, "constructor": "x", "prototype": "y", "late": "ok" } },
      "next": { "checklist": { "__proto__": true, "rest": true } }
    }]
  }`;

  test("nothing reaches Object.prototype, and only known keys come through", () => {
    const result = parse(hostile);
    assert.equal(result.ok, true);
    assert.equal(({}).polluted, undefined);
    assert.equal(Object.prototype.polluted, undefined);
    const d = result.debriefs[0];
    assert.equal(Object.getPrototypeOf(d), Object.prototype);
    assert.equal(Object.hasOwn(d, "__proto__"), false);
    assert.equal(d.narrative, "");
    assert.equal(d.interview.role, "");
    assert.equal(d.right[0].starred, false);
    assert.deepEqual(Object.keys(d.strategy.steps), ["late"]);
    assert.equal(Object.hasOwn(d.strategy.steps, "constructor"), false);
    assert.deepEqual(Object.keys(d.next.checklist), ["rest"]);
    assert.equal(JSON.stringify(d).includes("polluted"), false);
  });

  test("model edits and a re-export of that data stay clean", () => {
    const [d] = parse(hostile).debriefs;
    let edited = setField(d, "strategy.steps.nervous", "Breathe");
    edited = toggleFactor(addItem(edited, "wrong", "x"), "wrong", edited.right[0].id, "late");
    const again = parse(toBackupJSON([edited], NOW));
    assert.equal(again.ok, true);
    assert.equal(({}).polluted, undefined);
    assert.equal(JSON.stringify(again).includes("polluted"), false);
  });
});

describe("sanitizeDebrief and sanitizeDocument", () => {
  test("sanitizeDebrief uses its label and path in messages", () => {
    assert.deepEqual(sanitizeDebrief({ narrative: 1 }, { path: "x", label: "The debrief", now: NOW }), {
      debrief: null,
      errors: [
        { path: "x.id", message: "The debrief has no id." },
        { path: "x.narrative", message: "The debrief: the account of what happened should be text, not a number." },
      ],
      warnings: [],
    });
  });

  test("sanitizeDocument keeps readable debriefs and counts the rest", () => {
    const raw = {
      schema: 1,
      savedAt: "2026-11-20T10:00:00.000Z",
      currentId: "gone",
      debriefs: [fixture({ id: "a" }), { narrative: 2 }, fixture({ id: "a" }), fixture({ id: "b" })],
    };
    const { doc, dropped, problems } = sanitizeDocument(raw, { now: NOW });
    assert.deepEqual(doc.debriefs.map((d) => d.id), ["a", "b"]);
    assert.equal(doc.currentId, "a", "a current id that is gone falls back to the first");
    assert.equal(doc.savedAt, "2026-11-20T10:00:00.000Z");
    assert.equal(dropped, 2);
    assert.equal(problems.length, 2);
  });

  test("sanitizeDocument of a bad savedAt or a missing list", () => {
    assert.deepEqual(sanitizeDocument({ schema: 2, savedAt: 5 }, { now: NOW }), {
      doc: { schema: 2, savedAt: "", currentId: null, debriefs: [] },
      dropped: 0,
      problems: [],
      warnings: [],
    });
  });
});

describe("planImport and applyImport", () => {
  const doc = () =>
    deepFreeze(
      [fixture({ id: "a" }), fixture({ id: "b", updatedAt: "2026-11-20T11:00:00.000Z" }), fixture({ id: "c" })].reduce(
        upsert,
        emptyDocument(),
      ),
    );
  const incoming = () =>
    deepFreeze([
      fixture({ id: "a" }), // identical
      fixture({ id: "b", name: "Changed", updatedAt: "2026-11-21T09:00:00.000Z" }), // newer
      fixture({ id: "c", name: "Older", updatedAt: "2026-11-01T09:00:00.000Z" }), // older
      fixture({ id: "n", name: "New" }),
    ]);

  test("planImport says which ids are new and which conflict", () => {
    const plan = planImport(doc(), incoming());
    assert.deepEqual(plan.newIds, ["n"]);
    assert.deepEqual(
      plan.conflicts.map((c) => [c.id, c.identical, c.incomingIsNewer, c.existing.name, c.incoming.name]),
      [
        ["a", true, false, "Acme second round", "Acme second round"],
        ["b", false, true, "Acme second round", "Changed"],
        ["c", false, false, "Acme second round", "Older"],
      ],
    );
    assert.equal(plan.room, 497);
  });

  test("identical means same content whatever the key order", () => {
    const d = fixture({ id: "a" });
    const shuffled = Object.fromEntries(Object.entries({ ...d, interview: { stage: d.interview.stage, ...d.interview } }).reverse());
    assert.notDeepEqual(Object.keys(shuffled), Object.keys(d));
    assert.equal(planImport(doc(), [shuffled]).conflicts[0].identical, true);
    assert.equal(planImport(doc(), [{ ...shuffled, narrative: "different" }]).conflicts[0].identical, false);
  });

  test("applyImport never overwrites without an answer", () => {
    const result = applyImport(doc(), incoming(), {}, NOW);
    assert.deepEqual([result.added, result.replaced, result.copied, result.skipped], [1, 0, 0, 3]);
    assert.deepEqual(result.doc.debriefs.map((d) => [d.id, d.name]), [
      ["a", "Acme second round"],
      ["b", "Acme second round"],
      ["c", "Acme second round"],
      ["n", "New"],
    ]);
  });

  test("applyImport with replace and copy answers", () => {
    const result = applyImport(doc(), incoming(), { b: "replace", c: "copy" }, NOW);
    assert.deepEqual([result.added, result.replaced, result.copied, result.skipped], [1, 1, 1, 1]);
    const names = result.doc.debriefs.map((d) => d.name);
    assert.deepEqual(names, ["Acme second round", "Changed", "Acme second round", "Older (imported)", "New"]);
    const copy = result.doc.debriefs[3];
    assert.notEqual(copy.id, "c");
    assert.equal(copy.createdAt, NOW);
    assert.equal(result.doc.currentId, "a", "importing does not switch the open debrief");
  });

  test("applyImport stops at the debrief limit", () => {
    const full = { ...emptyDocument(), debriefs: Array.from({ length: LIMITS.debriefs }, (_, i) => fixture({ id: `x${i}` })) };
    const result = applyImport(full, [fixture({ id: "new" })], {}, NOW);
    assert.deepEqual([result.added, result.skipped], [0, 1]);
    assert.equal(result.doc, full);
  });
});
