import { test, describe } from "node:test";
import assert from "node:assert/strict";

import { answerQuestion, isAnswered, remainingAfter, startQuestions } from "../../static/js/worksheet/import-questions.js";
import { applyImport } from "../../static/js/worksheet/import-plan.js";
import { deepFreeze, fixture } from "./helpers.mjs";

describe("one question per debrief", () => {
  test("each answer moves on to the next, in the file's order", () => {
    let q = startQuestions(["a", "b", "c"]);
    assert.deepEqual([q.index, remainingAfter(q), isAnswered(q)], [0, 2, false]);
    q = answerQuestion(q, "replace");
    q = answerQuestion(q, "keep");
    assert.deepEqual([q.index, remainingAfter(q), isAnswered(q)], [2, 0, false]);
    q = answerQuestion(q, "copy");
    assert.equal(isAnswered(q), true);
    assert.deepEqual(q.answers, { a: "replace", b: "keep", c: "copy" });
  });

  test("“the same for the rest” answers every question left at once", () => {
    let q = startQuestions(["a", "b", "c", "d"]);
    q = answerQuestion(q, "copy");
    q = answerQuestion(q, "replace", true);
    assert.equal(isAnswered(q), true);
    assert.deepEqual(q.answers, { a: "copy", b: "replace", c: "replace", d: "replace" });
  });

  test("answering changes nothing it was given, and nothing after the end", () => {
    const q = deepFreeze(startQuestions(["a"]));
    const done = answerQuestion(q, "keep");
    assert.deepEqual(q.answers, {});
    assert.equal(answerQuestion(done, "replace"), done);
  });

  test("only the three answers there are", () => {
    assert.throws(() => answerQuestion(startQuestions(["a"]), /** @type {any} */ ("merge")), RangeError);
  });

  test("no questions: answered from the start", () => {
    assert.equal(isAnswered(startQuestions([])), true);
  });

  test("the answers apply debrief by debrief", () => {
    const here = { schema: 2, savedAt: "", currentId: "a", debriefs: ["a", "b", "c"].map((id) => fixture({ id, name: `here ${id}` })) };
    const file = ["a", "b", "c"].map((id) => fixture({ id, name: `file ${id}` }));
    let q = startQuestions(["a", "b", "c"]);
    q = answerQuestion(q, "replace");
    q = answerQuestion(q, "keep");
    q = answerQuestion(q, "copy");
    const result = applyImport(here, file, q.answers, "2026-11-25T12:00:00Z");
    assert.deepEqual([result.replaced, result.skipped, result.copied], [1, 1, 1]);
    assert.deepEqual(result.doc.debriefs.map((d) => d.name), ["file a", "here b", "here c", "file c (imported)"]);
  });
});
