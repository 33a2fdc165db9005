import { test, describe } from "node:test";
import assert from "node:assert/strict";

import { SCHEMA, STEPS, migrate, migrateWith } from "../../static/js/worksheet/migrate.js";
import { deepFreeze, fixture } from "./helpers.mjs";

const current = () => ({ schema: 2, savedAt: "2026-11-20T10:00:00.000Z", currentId: "d1", debriefs: [fixture()] });

describe("migrate", () => {
  test("schema 2 is current, with one upgrade step", () => {
    assert.equal(SCHEMA, 2);
    assert.deepEqual(Object.keys(STEPS), ["1"]);
    assert.ok(Object.isFrozen(STEPS));
  });

  test("schema 1 (before step 5's next step and interview time) upgrades to 2, its debriefs as they were", () => {
    const old = deepFreeze({ schema: 1, savedAt: "2026-11-20T10:00:00.000Z", currentId: "d1", debriefs: [{ id: "d1", next: { nextDate: "2026-12-01" } }] });
    assert.deepEqual(migrate(old), {
      ok: true,
      doc: { schema: 2, savedAt: "2026-11-20T10:00:00.000Z", currentId: "d1", debriefs: [{ id: "d1", next: { nextDate: "2026-12-01" } }] },
      readOnly: false,
      from: 1,
    });
  });

  test("a current document comes back equal, as a copy, writable", () => {
    const raw = deepFreeze(current());
    const result = migrate(raw);
    assert.deepEqual(result, { ok: true, doc: current(), readOnly: false, from: 2 });
    assert.notEqual(result.doc, raw);
  });

  const newer = [3, 4, 99];
  for (const schema of newer) {
    test(`schema ${schema} opens read-only, untouched`, () => {
      const raw = deepFreeze({ schema, whatever: { changed: true }, debriefs: "new shape" });
      const result = migrate(raw);
      assert.equal(result.ok, true);
      assert.equal(result.readOnly, true);
      assert.equal(result.from, schema);
      assert.equal(result.doc, raw, "the very same object: nothing checked or changed");
    });
  }

  const junk = [
    ["null", null, "The saved data is not a worksheet document."],
    ["a list", [], "The saved data is not a worksheet document."],
    ["a string", "doc", "The saved data is not a worksheet document."],
    ["a number", 1, "The saved data is not a worksheet document."],
    ["no schema", { debriefs: [] }, "The saved data has no valid schema version."],
    ["schema as text", { schema: "1", debriefs: [] }, "The saved data has no valid schema version."],
    ["schema 0", { schema: 0, debriefs: [] }, "The saved data has no valid schema version."],
    ["schema 1.5", { schema: 1.5, debriefs: [] }, "The saved data has no valid schema version."],
    ["negative schema", { schema: -2, debriefs: [] }, "The saved data has no valid schema version."],
    ["debriefs not a list", { schema: 1, debriefs: {} }, "The saved data has no list of debriefs."],
    ["no debriefs", { schema: 1 }, "The saved data has no list of debriefs."],
  ];
  for (const [name, raw, error] of junk) {
    test(`rejects ${name}`, () => {
      assert.deepEqual(migrate(raw), { ok: false, error });
    });
  }
});

describe("migrateWith (the table future versions will fill)", () => {
  // A pretend schema 2 that renames `narrative` to `story`, and a schema 3 that adds a field.
  const steps = {
    1: (doc) => ({ ...doc, schema: 2, debriefs: doc.debriefs.map(({ narrative, ...d }) => ({ ...d, story: narrative })) }),
    2: (doc) => ({ ...doc, schema: 3, debriefs: doc.debriefs.map((d) => ({ ...d, mood: "" })) }),
  };

  test("an old document is walked up one step at a time", () => {
    const raw = deepFreeze({ schema: 1, savedAt: "", currentId: null, debriefs: [{ id: "a", narrative: "text" }] });
    assert.deepEqual(migrateWith(raw, steps, 3), {
      ok: true,
      doc: { schema: 3, savedAt: "", currentId: null, debriefs: [{ id: "a", story: "text", mood: "" }] },
      readOnly: false,
      from: 1,
    });
  });

  test("starts from the document's own version", () => {
    const raw = { schema: 2, debriefs: [{ id: "a", story: "s" }] };
    assert.deepEqual(migrateWith(raw, steps, 3).doc, { schema: 3, debriefs: [{ id: "a", story: "s", mood: "" }] });
  });

  test("the input is not mutated even by a step that mutates", () => {
    const raw = { schema: 1, debriefs: [{ id: "a" }] };
    const sloppy = { 1: (doc) => { doc.schema = 2; doc.debriefs[0].id = "changed"; return doc; } };
    assert.equal(migrateWith(raw, sloppy, 2).doc.debriefs[0].id, "changed");
    assert.deepEqual(raw, { schema: 1, debriefs: [{ id: "a" }] });
  });

  test("a missing step is an error, not a silent skip", () => {
    assert.deepEqual(migrateWith({ schema: 1, debriefs: [] }, { 2: steps[2] }, 3), {
      ok: false,
      error: "There is no way to upgrade schema 1 to 2.",
    });
  });

  test("inherited names are not steps", () => {
    assert.equal(migrateWith({ schema: 1, debriefs: [] }, {}, 2).ok, false);
  });

  test("a step that returns the wrong shape is an error", () => {
    const broken = { 1: (doc) => ({ ...doc, schema: 1 }) };
    assert.deepEqual(migrateWith({ schema: 1, debriefs: [] }, broken, 2), {
      ok: false,
      error: "Upgrading schema 1 to 2 failed.",
    });
  });
});
