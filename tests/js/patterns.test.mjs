import { test, describe } from "node:test";
import assert from "node:assert/strict";

import { countFactors, describe as describePattern } from "../../static/js/worksheet/patterns.js";
import { FACTORS, fixture } from "./helpers.mjs";

const item = (id, starred, factors) => ({ id, text: id, starred, factors, note: "" });

// Four debriefs: "late" behind a starred wrong item in three of them.
const debriefs = () => [
  fixture({ id: "a", right: [item("r", true, ["good-rapport"])], wrong: [item("w1", true, ["late", "nervous"]), item("w2", true, ["late"])] }),
  fixture({ id: "b", right: [item("r", true, ["good-rapport", "strong-example"])], wrong: [item("w", true, ["late"])] }),
  fixture({ id: "c", right: [], wrong: [item("w1", false, ["nervous"]), item("w2", true, ["late", "salary-question"])] }),
  fixture({ id: "d", right: [item("r", false, ["strong-example"])], wrong: [item("w", false, ["late"])] }),
];

describe("countFactors", () => {
  test("once per debrief, starred items only, right and wrong apart, most first then by label", () => {
    assert.deepEqual(countFactors(debriefs(), FACTORS), [
      { factorId: "late", label: "Late or rushed", kind: "wrong", count: 3, total: 4 },
      { factorId: "good-rapport", label: "Good rapport", kind: "right", count: 2, total: 4 },
      { factorId: "salary-question", label: "Caught out on salary", kind: "wrong", count: 1, total: 4 },
      { factorId: "nervous", label: "Nervous", kind: "wrong", count: 1, total: 4 },
      { factorId: "strong-example", label: "Strong example", kind: "right", count: 1, total: 4 },
    ]);
  });

  test("a factor used in both lists is reported twice, wrong first on a tie", () => {
    const d = fixture({ right: [item("r", true, ["late"])], wrong: [item("w", true, ["late"])] });
    assert.deepEqual(countFactors([d], FACTORS), [
      { factorId: "late", label: "Late or rushed", kind: "wrong", count: 1, total: 1 },
      { factorId: "late", label: "Late or rushed", kind: "right", count: 1, total: 1 },
    ]);
  });

  test("factor ids the site no longer lists are labelled by their id", () => {
    const d = fixture({ right: [], wrong: [item("w", true, ["retired"])] });
    assert.deepEqual(countFactors([d], FACTORS), [{ factorId: "retired", label: "retired", kind: "wrong", count: 1, total: 1 }]);
  });

  test("no debriefs, or nothing starred -> nothing", () => {
    assert.deepEqual(countFactors([], FACTORS), []);
    assert.deepEqual(countFactors([debriefs()[3]], FACTORS), []);
  });
});

describe("describe", () => {
  const cases = [
    [{ label: "Late or rushed", count: 3, total: 4 }, "Late or rushed: 3 of 4 debriefs"],
    [{ label: "Nervous", count: 1, total: 1 }, "Nervous: 1 of 1 debrief"],
    [{ label: "Good rapport", count: 2, total: 2 }, "Good rapport: 2 of 2 debriefs"],
  ];
  for (const [p, expected] of cases) {
    test(expected, () => assert.equal(describePattern({ factorId: "x", kind: "wrong", ...p }), expected));
  }

  test("straight from the counts", () => {
    assert.equal(describePattern(countFactors(debriefs(), FACTORS)[0]), "Late or rushed: 3 of 4 debriefs");
  });
});
