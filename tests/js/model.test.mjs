import { test, describe } from "node:test";
import assert from "node:assert/strict";

import * as M from "../../static/js/worksheet/model.js";
import * as R from "../../static/js/worksheet/recommendations.js";
import { LIMITS } from "../../static/js/worksheet/fields.js";
import { FACTORS, deepFreeze, fixture } from "./helpers.mjs";

const NOW = new Date("2026-11-20T10:00:00.000Z");
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("newDebrief", () => {
  test("has the schema-1 shape with empty answers", () => {
    const d = M.newDebrief(NOW);
    assert.match(d.id, UUID);
    assert.deepEqual({ ...d, id: "x" }, {
      id: "x",
      name: "",
      createdAt: "2026-11-20T10:00:00.000Z",
      updatedAt: "2026-11-20T10:00:00.000Z",
      interview: { role: "", company: "", date: "", stage: "" },
      narrative: "",
      flukeOrPattern: { choice: "", note: "" },
      right: [],
      wrong: [],
      strategy: { steps: {}, extra: "" },
      strengths: "",
      next: { checklist: {}, action: "", actionDate: "", nextDate: "", nextTime: "", note: "" },
    });
  });

  test("gives every debrief its own id", () => {
    assert.notEqual(M.newDebrief(NOW).id, M.newDebrief(NOW).id);
  });

  test("rejects an invalid time", () => {
    assert.throws(() => M.newDebrief("not a time"), RangeError);
  });
});

describe("displayName", () => {
  const cases = [
    [{ name: "  My debrief " }, "My debrief"],
    [{ name: "", interview: { role: "Engineer", company: "Acme", date: "", stage: "" } }, "Engineer at Acme"],
    [{ name: " ", interview: { role: "", company: "Acme", date: "", stage: "" } }, "Acme"],
    [{ name: "", interview: { role: "", company: "", date: "", stage: "" } }, "Untitled debrief"],
  ];
  for (const [overrides, expected] of cases) {
    test(`-> ${expected}`, () => assert.equal(M.displayName(fixture(overrides)), expected));
  }
});

describe("touch", () => {
  test("sets updatedAt only, on a new object", () => {
    const d = deepFreeze(fixture());
    const t = M.touch(d, "2026-11-21T09:00:00Z");
    assert.equal(t.updatedAt, "2026-11-21T09:00:00.000Z");
    assert.deepEqual({ ...t, updatedAt: d.updatedAt }, d);
  });
});

describe("setField", () => {
  const valid = [
    ["name", "New name", (d) => d.name],
    ["interview.role", "Designer", (d) => d.interview.role],
    ["interview.company", "Globex", (d) => d.interview.company],
    ["interview.date", "2026-02-28", (d) => d.interview.date],
    ["interview.date", "", (d) => d.interview.date],
    ["interview.stage", "Final", (d) => d.interview.stage],
    ["narrative", "Long story", (d) => d.narrative],
    ["flukeOrPattern.choice", "fluke", (d) => d.flukeOrPattern.choice],
    ["flukeOrPattern.choice", "", (d) => d.flukeOrPattern.choice],
    ["flukeOrPattern.note", "Just once", (d) => d.flukeOrPattern.note],
    ["strategy.extra", "Sleep", (d) => d.strategy.extra],
    ["strategy.steps.nervous", "Breathe", (d) => d.strategy.steps.nervous],
    ["strengths", "Examples", (d) => d.strengths],
    ["next.checklist.practice", true, (d) => d.next.checklist.practice],
    ["next.nextDate", "2027-01-05", (d) => d.next.nextDate],
    ["next.nextTime", "09:30", (d) => d.next.nextTime],
    ["next.action", "Email Sam for feedback", (d) => d.next.action],
    ["next.actionDate", "2026-11-27", (d) => d.next.actionDate],
    ["next.note", "Call Sam", (d) => d.next.note],
  ];
  for (const [path, value, read] of valid) {
    test(`sets ${path} = ${JSON.stringify(value)} without touching the original`, () => {
      const d = deepFreeze(fixture());
      const next = M.setField(d, path, value);
      assert.equal(read(next), value);
      assert.notEqual(next, d);
    });
  }

  test("accepts an array path and keeps sibling fields", () => {
    const d = deepFreeze(fixture());
    const next = M.setField(d, ["interview", "role"], "CTO");
    assert.deepEqual(next.interview, { role: "CTO", company: "Acme", date: "2026-11-19", stage: "Second round" });
    assert.equal(next.right, d.right, "untouched branches are shared, not copied");
  });

  test("returns the same object when the value does not change", () => {
    const d = deepFreeze(fixture());
    assert.equal(M.setField(d, "name", "Acme second round"), d);
    assert.equal(M.setField(d, "strategy.steps.late", "Take the earlier train."), d);
  });

  test("cuts text at the field's limit", () => {
    const d = deepFreeze(fixture());
    assert.equal(M.setField(d, "name", "x".repeat(LIMITS.short + 10)).name.length, LIMITS.short);
    assert.equal(M.setField(d, "narrative", "y".repeat(LIMITS.long + 1)).narrative.length, LIMITS.long);
    assert.equal(M.setField(d, "strategy.steps.late", "z".repeat(LIMITS.item + 1)).strategy.steps.late.length, LIMITS.item);
  });

  const invalid = [
    ["unknown field", "salary", "x", RangeError],
    ["prototype path", "__proto__.polluted", "x", RangeError],
    ["constructor path", "constructor.prototype.polluted", "x", RangeError],
    ["whole group", "interview", {}, RangeError],
    ["list via setField", "right", [], RangeError],
    ["number for text", "narrative", 5, TypeError],
    ["impossible date", "interview.date", "2026-02-30", RangeError],
    ["date in another format", "next.nextDate", "01/12/2026", RangeError],
    ["time with seconds", "next.nextTime", "09:30:00", RangeError],
    ["impossible time", "next.nextTime", "24:00", RangeError],
    ["unknown choice", "flukeOrPattern.choice", "maybe", RangeError],
    ["__proto__ as step key", "strategy.steps.__proto__", "x", RangeError],
    ["constructor as checklist key", "next.checklist.constructor", true, RangeError],
    ["non-boolean checklist", "next.checklist.rest", "yes", TypeError],
    ["non-string step", "strategy.steps.late", 1, TypeError],
  ];
  for (const [name, path, value, type] of invalid) {
    test(`rejects ${name}`, () => {
      assert.throws(() => M.setField(deepFreeze(fixture()), path, value), type);
      assert.equal(/** @type {any} */ ({}).polluted, undefined);
    });
  }

  test("stops adding new dictionary keys at the limit but still edits existing ones", () => {
    const steps = Object.fromEntries(Array.from({ length: LIMITS.dictKeys }, (_, i) => [`f${i}`, ""]));
    const d = deepFreeze(fixture({ strategy: { steps, extra: "" } }));
    assert.equal(M.setField(d, "strategy.steps.one-more", "x"), d);
    assert.equal(M.setField(d, "strategy.steps.f3", "x").strategy.steps.f3, "x");
  });
});

describe("items", () => {
  test("addItem appends an unstarred item with a fresh id", () => {
    const d = deepFreeze(fixture());
    const next = M.addItem(d, "wrong", "Forgot their names");
    assert.equal(next.wrong.length, 4);
    const added = next.wrong[3];
    assert.match(added.id, UUID);
    assert.deepEqual({ ...added, id: "x" }, { id: "x", text: "Forgot their names", starred: false, factors: [], note: "" });
    assert.equal(next.right, d.right);
  });

  test("addItem defaults to empty text and refuses past the list limit", () => {
    assert.equal(M.addItem(fixture(), "right").right[2].text, "");
    let d = fixture({ right: [] });
    for (let i = 0; i < LIMITS.items; i++) d = M.addItem(d, "right", `#${i}`);
    assert.equal(d.right.length, 200);
    assert.equal(M.canAddItem(d, "right"), false);
    assert.equal(M.addItem(d, "right", "one too many"), d);
  });

  test("unknown list names throw", () => {
    assert.throws(() => M.addItem(fixture(), "maybe", "x"), RangeError);
    assert.throws(() => M.removeItem(fixture(), "__proto__", "w1"), RangeError);
  });

  const edits = [
    ["editItem", (d) => M.editItem(d, "wrong", "w2", "Froze on salary"), (d) => d.wrong[1].text, "Froze on salary"],
    ["setItemNote", (d) => M.setItemNote(d, "wrong", "w2", "Say the range"), (d) => d.wrong[1].note, "Say the range"],
    ["toggleStar on", (d) => M.toggleStar(d, "wrong", "w3"), (d) => d.wrong[2].starred, true],
    ["toggleStar off", (d) => M.toggleStar(d, "right", "r1"), (d) => d.right[0].starred, false],
    ["toggleFactor add", (d) => M.toggleFactor(d, "wrong", "w3", "nervous"), (d) => d.wrong[2].factors, ["under-prepared", "nervous"]],
    ["toggleFactor remove", (d) => M.toggleFactor(d, "wrong", "w1", "late"), (d) => d.wrong[0].factors, ["flustered"]],
    ["removeItem", (d) => M.removeItem(d, "wrong", "w2"), (d) => d.wrong.map((i) => i.id), ["w1", "w3"]],
    ["moveItem down", (d) => M.moveItem(d, "wrong", "w1", 1), (d) => d.wrong.map((i) => i.id), ["w2", "w1", "w3"]],
    ["moveItem up", (d) => M.moveItem(d, "wrong", "w3", -1), (d) => d.wrong.map((i) => i.id), ["w1", "w3", "w2"]],
    ["moveItem far down clamps", (d) => M.moveItem(d, "wrong", "w1", 10), (d) => d.wrong.map((i) => i.id), ["w2", "w3", "w1"]],
    ["moveItem far up clamps", (d) => M.moveItem(d, "wrong", "w3", -10), (d) => d.wrong.map((i) => i.id), ["w3", "w1", "w2"]],
  ];
  for (const [name, op, read, expected] of edits) {
    test(`${name} changes a copy only`, () => {
      const d = deepFreeze(fixture());
      const next = op(d);
      assert.notEqual(next, d);
      assert.deepEqual(read(next), expected);
      assert.deepEqual(d, fixture(), "the original is unchanged");
    });
  }

  const noOps = [
    ["edit of an unknown id", (d) => M.editItem(d, "wrong", "nope", "x")],
    ["edit to the same text", (d) => M.editItem(d, "wrong", "w1", "Arrived late")],
    ["note to the same text", (d) => M.setItemNote(d, "wrong", "w1", "Train delay")],
    ["star of an unknown id", (d) => M.toggleStar(d, "right", "w1")],
    ["factor on an unknown id", (d) => M.toggleFactor(d, "right", "nope", "late")],
    ["remove of an unknown id", (d) => M.removeItem(d, "right", "w1")],
    ["move of an unknown id", (d) => M.moveItem(d, "right", "nope", 1)],
    ["move of the first item up", (d) => M.moveItem(d, "wrong", "w1", -1)],
    ["move of the last item down", (d) => M.moveItem(d, "wrong", "w3", 1)],
    ["move by zero", (d) => M.moveItem(d, "wrong", "w2", 0)],
  ];
  for (const [name, op] of noOps) {
    test(`${name} returns the same object`, () => {
      const d = deepFreeze(fixture());
      assert.equal(op(d), d);
    });
  }

  test("bad arguments throw", () => {
    const d = fixture();
    assert.throws(() => M.editItem(d, "wrong", "w1", 5), TypeError);
    assert.throws(() => M.setItemNote(d, "wrong", "w1", null), TypeError);
    assert.throws(() => M.toggleFactor(d, "wrong", "w1", "__proto__"), RangeError);
    assert.throws(() => M.moveItem(d, "wrong", "w1", 0.5), TypeError);
  });

  test("item text is cut at the item limit", () => {
    const next = M.editItem(fixture(), "wrong", "w1", "a".repeat(LIMITS.item + 5));
    assert.equal(next.wrong[0].text.length, LIMITS.item);
  });

  test("toggleFactor stops at the per-item limit", () => {
    const factors = Array.from({ length: LIMITS.factorsPerItem }, (_, i) => `f${i}`);
    const d = deepFreeze(fixture({ right: [{ id: "r1", text: "", starred: true, factors, note: "" }] }));
    assert.equal(M.toggleFactor(d, "right", "r1", "one-more"), d);
    assert.equal(M.toggleFactor(d, "right", "r1", "f0").right[0].factors.length, LIMITS.factorsPerItem - 1);
  });
});

describe("starredFactors", () => {
  test("distinct factors of starred items, in item order", () => {
    const d = fixture();
    assert.deepEqual(R.starredFactors(d, "wrong"), ["late", "flustered", "salary-question"]);
    assert.deepEqual(R.starredFactors(d, "right"), ["strong-example"]);
  });
  test("nothing starred -> empty", () => {
    assert.deepEqual(R.starredFactors(fixture({ wrong: [] }), "wrong"), []);
  });
});

describe("strategyFor", () => {
  test("one step per factor behind a starred wrong item; the reader's text wins", () => {
    assert.deepEqual(R.strategyFor(fixture(), FACTORS), {
      steps: [
        { factorId: "late", label: "Late or rushed", suggestion: "Plan the route the day before.", step: "Take the earlier train.", edited: true },
        { factorId: "flustered", label: "Flustered by something earlier", suggestion: "Leave a buffer.", step: "Leave a buffer.", edited: false },
        { factorId: "salary-question", label: "Caught out on salary", suggestion: "Decide your range.", step: "Decide your range.", edited: false },
      ],
      strengths: [{ factorId: "strong-example", label: "Strong example", suggestion: "Write the example down." }],
      highlights: [{ id: "r1", text: "Clear payments example" }],
    });
  });

  test("a blank edited step falls back to the suggestion; unknown factors keep their id", () => {
    const d = fixture({
      wrong: [{ id: "w1", text: "x", starred: true, factors: ["late", "retired-factor"], note: "" }],
      strategy: { steps: { late: "   ", "retired-factor": "My own step" }, extra: "" },
      right: [],
    });
    assert.deepEqual(R.strategyFor(d, FACTORS), {
      steps: [
        { factorId: "late", label: "Late or rushed", suggestion: "Plan the route the day before.", step: "Plan the route the day before.", edited: false },
        { factorId: "retired-factor", label: "retired-factor", suggestion: "", step: "My own step", edited: true },
      ],
      strengths: [],
      highlights: [],
    });
  });

  test("inherited names are not read as the reader's steps", () => {
    const d = fixture({ wrong: [{ id: "w1", text: "x", starred: true, factors: ["toString"], note: "" }] });
    assert.equal(R.strategyFor(d, FACTORS).steps[0].step, "");
  });
});

describe("recommend", () => {
  const articles = [
    { title: "A: nerves", url: "/a/", description: "", tags: ["nerves"], topic: "preparation" },
    { title: "B: timing", url: "/b/", description: "", tags: ["timing"], topic: "preparation" },
    { title: "C: timing and nerves", url: "/c/", description: "", tags: ["Timing", "nerves"], topic: "preparation" },
    { title: "D: salary", url: "/d/", description: "", tags: ["salary"], topic: "offers-and-negotiation" },
    { title: "E: unrelated", url: "/e/", description: "", tags: ["workplace"], topic: "the-workplace" },
    { title: "F: resume", url: "/f/", description: "", tags: ["resume"], topic: "resume" },
    { title: "G: timing again", url: "/g/", description: "", tags: ["timing"], topic: "preparation" },
  ];

  test("scores by shared tags, best first, ties in the articles' order", () => {
    const got = R.recommend(fixture(), FACTORS, articles, 10);
    assert.deepEqual(
      got.map((r) => [r.article.title, r.score, r.factorIds]),
      [
        ["C: timing and nerves", 3, ["late", "flustered"]],
        ["B: timing", 2, ["late", "flustered"]],
        ["G: timing again", 2, ["late", "flustered"]],
        ["A: nerves", 1, ["flustered"]],
        ["D: salary", 1, ["salary-question"]],
        ["F: resume", 1, ["strong-example"]],
      ],
    );
  });

  test("respects the limit and returns the article objects themselves", () => {
    const got = R.recommend(fixture(), FACTORS, articles, 2);
    assert.deepEqual(got.map((r) => r.article.title), ["C: timing and nerves", "B: timing"]);
    assert.equal(got[0].article, articles[2]);
    assert.deepEqual(R.recommend(fixture(), FACTORS, articles, 0), []);
  });

  test("nothing starred -> nothing recommended", () => {
    assert.deepEqual(R.recommend(fixture({ right: [], wrong: [] }), FACTORS, articles), []);
  });

  test("an editor's choices for the starred factors come first, in the factors' order, matched or not", () => {
    const chosen = FACTORS.map((f) =>
      f.id === "late" ? { ...f, articles: ["/e/", "/g/"] } : f.id === "salary-question" ? { ...f, articles: ["/g/", "/x/"] } : f,
    );
    const got = R.recommend(fixture(), chosen, articles, 4);
    assert.deepEqual(
      got.map((r) => [r.article.title, r.factorIds]),
      [
        ["E: unrelated", ["late"]], // no shared tag: there because an editor chose it
        ["G: timing again", ["late", "salary-question", "flustered"]],
        ["C: timing and nerves", ["late", "flustered"]], // then by shared tags, as before
        ["B: timing", ["late", "flustered"]],
      ],
    );
  });
});

describe("document", () => {
  const doc = () =>
    deepFreeze({
      schema: 2,
      savedAt: "",
      currentId: "d2",
      debriefs: [fixture({ id: "d1" }), fixture({ id: "d2", name: "Two" }), fixture({ id: "d3", name: "Three" })],
    });

  test("emptyDocument", () => {
    assert.deepEqual(M.emptyDocument(), { schema: 2, savedAt: "", currentId: null, debriefs: [] });
  });

  test("upsert replaces in place or appends", () => {
    const d = doc();
    const changed = M.upsert(d, fixture({ id: "d2", name: "Renamed" }));
    assert.deepEqual(changed.debriefs.map((x) => [x.id, x.name]), [["d1", "Acme second round"], ["d2", "Renamed"], ["d3", "Three"]]);
    const added = M.upsert(d, fixture({ id: "d4" }));
    assert.deepEqual(added.debriefs.map((x) => x.id), ["d1", "d2", "d3", "d4"]);
    assert.equal(added.currentId, "d2", "current stays");
    assert.equal(M.upsert(d, d.debriefs[0]), d, "same object: no change");
  });

  test("upsert into an empty document makes the debrief current", () => {
    assert.equal(M.upsert(M.emptyDocument(), fixture({ id: "n" })).currentId, "n");
  });

  test("upsert stops at the debrief limit", () => {
    const full = { ...M.emptyDocument(), debriefs: Array.from({ length: LIMITS.debriefs }, (_, i) => fixture({ id: `d${i}` })) };
    assert.equal(M.canAddDebrief(full), false);
    assert.equal(M.upsert(full, fixture({ id: "extra" })), full);
  });

  test("select and currentDebrief", () => {
    const d = doc();
    assert.equal(M.currentDebrief(d).name, "Two");
    assert.equal(M.select(d, "d3").currentId, "d3");
    assert.equal(M.select(d, "missing"), d);
    assert.equal(M.currentDebrief(M.emptyDocument()), null);
  });

  test("duplicate: a deep copy with new ids, after the original, made current", () => {
    const d = doc();
    const { doc: next, debrief: copy } = M.duplicate(d, "d1", "2026-11-22T08:00:00Z");
    assert.deepEqual(next.debriefs.map((x) => x.id), ["d1", copy.id, "d2", "d3"]);
    assert.equal(next.currentId, copy.id);
    assert.match(copy.id, UUID);
    assert.equal(copy.name, "Acme second round (copy)");
    assert.equal(copy.createdAt, "2026-11-22T08:00:00.000Z");
    assert.equal(copy.updatedAt, "2026-11-22T08:00:00.000Z");
    const original = d.debriefs[0];
    assert.deepEqual(copy.wrong.map((i) => i.text), original.wrong.map((i) => i.text));
    for (const list of ["right", "wrong"]) {
      copy[list].forEach((item, i) => assert.notEqual(item.id, original[list][i].id));
    }
    copy.interview.role = "changed";
    assert.equal(original.interview.role, "Backend engineer", "no shared nested objects");
    assert.deepEqual(M.duplicate(d, "missing", NOW), { doc: d, debrief: null });
  });

  test("rename, with and without marking as changed", () => {
    const d = doc();
    const plain = M.rename(d, "d3", "Globex final");
    assert.equal(plain.debriefs[2].name, "Globex final");
    assert.equal(plain.debriefs[2].updatedAt, "2026-11-20T11:00:00.000Z");
    const touched = M.rename(d, "d3", "Globex final", "2026-11-23T00:00:00Z");
    assert.equal(touched.debriefs[2].updatedAt, "2026-11-23T00:00:00.000Z");
    assert.equal(M.rename(d, "d3", "Three"), d);
    assert.equal(M.rename(d, "missing", "x"), d);
  });

  const removals = [
    ["the current one, picks the next", "d2", ["d1", "d3"], "d3", 1],
    ["the last one while current is elsewhere", "d3", ["d1", "d2"], "d2", 2],
    ["the first one", "d1", ["d2", "d3"], "d2", 0],
  ];
  for (const [name, id, ids, currentId, index] of removals) {
    test(`remove ${name}`, () => {
      const d = doc();
      const result = M.remove(d, id);
      assert.deepEqual(result.doc.debriefs.map((x) => x.id), ids);
      assert.equal(result.doc.currentId, currentId);
      assert.equal(result.removed, d.debriefs[index]);
      assert.equal(result.index, index);
    });
  }

  test("remove the current last one picks the previous; removing the only one leaves none", () => {
    const d = { ...doc(), currentId: "d3" };
    assert.equal(M.remove(d, "d3").doc.currentId, "d2");
    const one = M.upsert(M.emptyDocument(), fixture({ id: "only" }));
    assert.equal(M.remove(one, "only").doc.currentId, null);
    assert.deepEqual(M.remove(one, "missing"), { doc: one, removed: null, index: -1 });
  });

  test("restore undoes remove exactly", () => {
    const d = doc();
    const { doc: without, removed, index } = M.remove(d, "d2");
    const back = M.restore(without, removed, index);
    assert.deepEqual(back, d);
    assert.equal(M.restore(back, removed, index), back, "no duplicate ids");
    assert.deepEqual(M.restore(without, removed, 99).debriefs.map((x) => x.id), ["d1", "d3", "d2"]);
  });
});
