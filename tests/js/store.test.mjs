import { test, describe } from "node:test";
import assert from "node:assert/strict";

import { STORAGE_KEY, browserStorage, corruptPrefix, isQuotaError, openStore } from "../../static/js/worksheet/store.js";
import { emptyDocument, upsert } from "../../static/js/worksheet/model.js";
import { FakeStorage, clock, deepFreeze, fixture } from "./helpers.mjs";

const KEY = "next-round.worksheet.v1";
const docWith = (...debriefs) => deepFreeze(debriefs.reduce(upsert, emptyDocument()));
const open = (storage, start) => openStore(storage, { now: clock(start) });
const stored = (storage) => JSON.parse(storage.getItem(KEY));

describe("helpers", () => {
  test("key names", () => {
    assert.equal(STORAGE_KEY, KEY);
    assert.equal(corruptPrefix(KEY), "next-round.worksheet.corrupt-");
    assert.equal(corruptPrefix("other"), "other.corrupt-");
  });

  const quota = [
    ["DOMException QuotaExceededError", new DOMException("full", "QuotaExceededError"), true],
    ["Firefox name", { name: "NS_ERROR_DOM_QUOTA_REACHED" }, true],
    ["code 22", { name: "Error", code: 22 }, true],
    ["code 1014", { name: "Error", code: 1014 }, true],
    ["SecurityError", new DOMException("no", "SecurityError"), false],
    ["plain Error", new Error("x"), false],
    ["null", null, false],
    ["string", "QuotaExceededError", false],
  ];
  for (const [name, error, expected] of quota) {
    test(`isQuotaError: ${name} -> ${expected}`, () => assert.equal(isQuotaError(error), expected));
  }

  test("browserStorage is null in Node (no localStorage)", () => {
    assert.equal(browserStorage(), null);
  });
});

describe("load and save", () => {
  test("empty storage", () => {
    const store = open(new FakeStorage());
    assert.deepEqual(store.load(), { status: "empty", doc: emptyDocument(), message: "", corruptKey: null });
  });

  test("round trip: what is saved is what the next page load gets", () => {
    const storage = new FakeStorage();
    const store = open(storage);
    store.load();
    const doc = docWith(fixture({ id: "a" }), fixture({ id: "b" }));
    const result = store.save(doc);
    assert.deepEqual(result, { ok: true, doc: { ...doc, savedAt: "2026-11-20T10:00:00.000Z" }, savedAt: "2026-11-20T10:00:00.000Z" });
    assert.equal(storage.getItem(KEY), JSON.stringify(result.doc));
    const again = open(storage, "2026-11-21T00:00:00.000Z").load();
    assert.deepEqual(again, { status: "ok", doc: result.doc, message: "", corruptKey: null });
  });

  test("each save moves savedAt forward, even when the clock stands still", () => {
    const storage = new FakeStorage();
    const store = openStore(storage, { now: () => new Date("2026-11-20T10:00:00.000Z") });
    store.load();
    const doc = docWith(fixture());
    assert.equal(store.save(doc).savedAt, "2026-11-20T10:00:00.000Z");
    assert.equal(store.save(doc).savedAt, "2026-11-20T10:00:00.001Z");
    assert.equal(store.save(doc).savedAt, "2026-11-20T10:00:00.002Z");
  });

  test("a read-back that differs is reported, and not taken as saved", () => {
    const storage = new FakeStorage();
    const store = open(storage);
    store.load();
    storage.transform = (text) => text.slice(0, -1); // a storage that silently truncates
    const doc = docWith(fixture());
    const result = store.save(doc);
    assert.equal(result.ok, false);
    assert.equal(result.reason, "mismatch");
    assert.equal(result.message, "The browser did not keep what was just saved. Your answers are still on screen; download a backup to be safe.");
    assert.deepEqual(doc, docWith(fixture()), "the in-memory doc is untouched");
  });

  test("quota exceeded: reported, the stored copy and the in-memory doc both intact", () => {
    const storage = new FakeStorage();
    const store = open(storage);
    store.load();
    const first = store.save(docWith(fixture({ id: "a" })));
    const before = storage.getItem(KEY);
    storage.setError = () => new DOMException("The quota has been exceeded.", "QuotaExceededError");
    const bigger = docWith(fixture({ id: "a" }), fixture({ id: "b" }));
    assert.deepEqual(store.save(bigger), {
      ok: false,
      reason: "quota",
      message:
        "This browser's storage for the site is full, so your latest change was not saved. " +
        "It is still on screen. Download a backup, then delete debriefs you no longer need to make room.",
    });
    assert.equal(storage.getItem(KEY), before);
    assert.deepEqual(bigger.debriefs.map((d) => d.id), ["a", "b"]);
    // Once there is room again, saving just works (no false conflict with our own last save).
    storage.setError = null;
    const retry = store.save(bigger);
    assert.equal(retry.ok, true);
    assert.ok(retry.savedAt > first.savedAt);
  });

  test("other quota spellings are recognised too", () => {
    for (const error of [{ name: "NS_ERROR_DOM_QUOTA_REACHED" }, { name: "Error", code: 22 }, { name: "Error", code: 1014 }]) {
      const storage = new FakeStorage();
      const store = open(storage);
      store.load();
      storage.setError = () => error;
      assert.equal(store.save(docWith(fixture())).reason, "quota");
    }
  });

  test("another write error is not mistaken for quota", () => {
    const storage = new FakeStorage();
    const store = open(storage);
    store.load();
    storage.setError = () => new Error("disk on fire");
    assert.equal(store.save(docWith(fixture())).reason, "error");
  });
});

describe("unavailable storage", () => {
  test("getItem throws SecurityError: keep working in memory and say so", () => {
    const storage = new FakeStorage();
    storage.getError = new DOMException("The operation is insecure.", "SecurityError");
    const store = open(storage);
    const loaded = store.load();
    assert.equal(loaded.status, "unavailable");
    assert.deepEqual(loaded.doc, emptyDocument());
    assert.match(loaded.message, /your answers will not be kept after you close this tab/);
    assert.equal(store.available, false);
    const saved = store.save(docWith(fixture()));
    assert.equal(saved.ok, false);
    assert.equal(saved.reason, "unavailable");
    assert.deepEqual(store.listCorrupt(), []);
    assert.equal(storage.writes, 0);
  });

  test("no storage object at all", () => {
    const store = openStore(null);
    assert.equal(store.load().status, "unavailable");
    assert.equal(store.save(docWith(fixture())).reason, "unavailable");
    assert.equal(store.clearAll().ok, false);
  });

  test("setItem throwing SecurityError turns the store to memory-only", () => {
    const storage = new FakeStorage();
    const store = open(storage);
    store.load();
    storage.setError = () => new DOMException("denied", "SecurityError");
    assert.equal(store.save(docWith(fixture())).reason, "unavailable");
    assert.equal(store.available, false);
  });
});

describe("unreadable data is kept, never deleted", () => {
  const RAW = '{"schema":1,"debriefs":[{"id":"a","narrative":"half-writ\u00e9 💥\u0000';

  test("corrupt JSON is copied byte for byte to a corrupt- key; the worksheet starts empty", () => {
    const storage = new FakeStorage({ [KEY]: RAW });
    const store = open(storage);
    const loaded = store.load();
    assert.deepEqual(loaded, {
      status: "corrupt",
      doc: emptyDocument(),
      message:
        "Your saved debriefs could not be read, so the worksheet has started empty. " +
        "Nothing was deleted: the unreadable data was kept aside and you can download it.",
      corruptKey: "next-round.worksheet.corrupt-2026-11-20T10:00:00.000Z",
    });
    assert.equal(storage.getItem(loaded.corruptKey), RAW);
    assert.equal(storage.getItem(KEY), RAW, "the original stays until something is saved");
    assert.deepEqual(store.listCorrupt(), [{ key: loaded.corruptKey, text: RAW }]);

    // Saving replaces the main key; the copy stays.
    assert.equal(store.save(docWith(fixture())).ok, true);
    assert.equal(storage.getItem(loaded.corruptKey), RAW);
    assert.equal(storage.map.size, 2);
  });

  test("loading the same unreadable data again does not pile up copies", () => {
    const storage = new FakeStorage({ [KEY]: RAW });
    const first = open(storage).load();
    const second = open(storage, "2026-11-21T00:00:00.000Z").load();
    assert.equal(second.corruptKey, first.corruptKey);
    assert.equal(storage.map.size, 2);
  });

  const wrongShapes = [
    ["a JSON list", "[]"],
    ["no schema", '{"debriefs":[]}'],
    ["debriefs not a list", '{"schema":1,"debriefs":"x"}'],
    ["JSON null", "null"],
  ];
  for (const [name, raw] of wrongShapes) {
    test(`wrong shape (${name}) is treated as unreadable`, () => {
      const storage = new FakeStorage({ [KEY]: raw });
      const loaded = open(storage).load();
      assert.equal(loaded.status, "corrupt");
      assert.equal(storage.getItem(loaded.corruptKey), raw);
    });
  }

  test("a copy that would overwrite an existing key gets a suffix", () => {
    const taken = "next-round.worksheet.corrupt-2026-11-20T10:00:00.000Z";
    const storage = new FakeStorage({ [KEY]: RAW, [taken]: "something else" });
    const loaded = open(storage).load();
    assert.equal(loaded.corruptKey, `${taken}-2`);
    assert.equal(storage.getItem(taken), "something else");
    assert.equal(storage.getItem(`${taken}-2`), RAW);
  });

  test("when no copy can be made, nothing is saved over the original", () => {
    const storage = new FakeStorage({ [KEY]: RAW });
    storage.setError = (key) => (key.includes("corrupt") ? new DOMException("full", "QuotaExceededError") : null);
    const store = open(storage);
    const loaded = store.load();
    assert.equal(loaded.status, "corrupt");
    assert.equal(loaded.corruptKey, null);
    assert.match(loaded.message, /there was no room to keep a copy aside/);
    assert.deepEqual(store.listCorrupt(), [{ key: KEY, text: RAW }], "offered for download");
    const saved = store.save(docWith(fixture()));
    assert.equal(saved.ok, false);
    assert.equal(saved.reason, "corrupt");
    assert.equal(storage.getItem(KEY), RAW);
    // The reader downloads it and chooses to start again: an explicit clear, then saving works.
    assert.equal(store.clearAll().ok, true);
    assert.equal(store.save(docWith(fixture())).ok, true);
  });

  test("one unreadable debrief: the rest load, and the stored text is kept aside first", () => {
    const raw = JSON.stringify({ schema: 1, savedAt: "2026-11-19T00:00:00.000Z", currentId: "a", debriefs: [fixture({ id: "a" }), { narrative: 1 }] });
    const storage = new FakeStorage({ [KEY]: raw });
    const loaded = open(storage).load();
    assert.equal(loaded.status, "ok");
    assert.deepEqual(loaded.doc.debriefs.map((d) => d.id), ["a"]);
    assert.equal(
      loaded.message,
      "One saved debrief could not be read and is not shown. Nothing was deleted: the saved data was kept aside and you can download it.",
    );
    assert.equal(storage.getItem(loaded.corruptKey), raw);
  });

  test("clearAll keeps corrupt copies unless asked", () => {
    const storage = new FakeStorage({ [KEY]: RAW, other: "not ours" });
    const store = open(storage);
    const { corruptKey } = store.load();
    assert.deepEqual(store.clearAll(), { ok: true, removed: [KEY], message: "" });
    assert.equal(storage.getItem(corruptKey), RAW);
    assert.deepEqual(store.clearAll({ includeCorrupt: true }), { ok: true, removed: [KEY, corruptKey], message: "" });
    assert.deepEqual([...storage.map.keys()], ["other"]);
  });
});

describe("a newer version's data", () => {
  const NEWER = JSON.stringify({
    schema: 3,
    savedAt: "2026-12-01T00:00:00.000Z",
    currentId: "a",
    debriefs: [{ ...fixture({ id: "a" }), mood: "new field" }],
    settings: { theme: "dark" },
  });

  test("opens read-only and is never overwritten", () => {
    const storage = new FakeStorage({ [KEY]: NEWER });
    const store = open(storage);
    const loaded = store.load();
    assert.equal(loaded.status, "read-only");
    assert.equal(loaded.doc.schema, 3);
    assert.deepEqual(loaded.doc.debriefs, [fixture({ id: "a" })], "shown as far as this version understands it");
    assert.equal(
      loaded.message,
      "These debriefs were saved by a newer version of Next Round (schema 3). You can read them here, but changes will not be saved. Reload the page to get the newest version.",
    );
    assert.equal(store.readOnly, true);
    const saved = store.save(docWith(fixture({ id: "mine" })), { force: true });
    assert.equal(saved.ok, false);
    assert.equal(saved.reason, "read-only");
    assert.equal(storage.getItem(KEY), NEWER);
    assert.equal(storage.writes, 0);
  });

  test("read-only holds for the whole session, even if the stored data goes away", () => {
    const storage = new FakeStorage({ [KEY]: NEWER });
    const store = open(storage);
    store.load();
    storage.map.delete(KEY); // e.g. cleared in another tab
    assert.equal(store.save(docWith(fixture())).reason, "read-only");
    assert.equal(storage.writes, 0);
  });

  test("a newer version saving in another tab stops this tab from writing", () => {
    const storage = new FakeStorage();
    const store = open(storage);
    store.load();
    storage.map.set(KEY, NEWER);
    const saved = store.save(docWith(fixture()));
    assert.equal(saved.reason, "read-only");
    assert.equal(store.readOnly, true);
    assert.equal(storage.getItem(KEY), NEWER);
  });
});

describe("two tabs", () => {
  test("a save over another tab's newer save is refused with their version", () => {
    const storage = new FakeStorage();
    const tabA = open(storage, "2026-11-20T10:00:00.000Z");
    const tabB = open(storage, "2026-11-20T10:00:00.500Z");
    tabA.load();
    tabB.load();
    const a = tabA.save(docWith(fixture({ id: "from-a" })));
    assert.equal(a.ok, true);
    const textA = storage.getItem(KEY);

    const b = tabB.save(docWith(fixture({ id: "from-b" })));
    assert.equal(b.ok, false);
    assert.equal(b.reason, "conflict");
    assert.deepEqual(b.theirs.debriefs.map((d) => d.id), ["from-a"]);
    assert.equal(b.theirs.savedAt, a.savedAt);
    assert.equal(storage.getItem(KEY), textA, "tab A's save is still there");

    // Tab B's reader chooses to keep their own version.
    const forced = tabB.save(docWith(fixture({ id: "from-b" })), { force: true });
    assert.equal(forced.ok, true);
    assert.ok(forced.savedAt > a.savedAt);
    assert.deepEqual(stored(storage).debriefs.map((d) => d.id), ["from-b"]);

    // Now tab A is the one behind.
    assert.equal(tabA.save(docWith(fixture({ id: "from-a" }))).reason, "conflict");
  });

  test("adopting the other tab's version lets this tab save on top of it", () => {
    const storage = new FakeStorage();
    const tabA = open(storage);
    const tabB = open(storage, "2026-11-20T11:00:00.000Z");
    tabA.load();
    tabB.load();
    tabA.save(docWith(fixture({ id: "a" })));
    const conflict = tabB.save(docWith(fixture({ id: "b" })));
    tabB.adopt(conflict.theirs);
    const next = tabB.save(upsert(conflict.theirs, fixture({ id: "b" })));
    assert.equal(next.ok, true);
    assert.deepEqual(stored(storage).debriefs.map((d) => d.id), ["a", "b"]);
  });

  describe("storage events", () => {
    const setup = () => {
      const storage = new FakeStorage();
      const tabA = open(storage, "2026-11-20T10:00:00.000Z");
      const tabB = open(storage, "2026-11-20T12:00:00.000Z");
      tabA.load();
      tabB.load();
      const older = tabA.save(docWith(fixture({ id: "old" })));
      tabB.adopt(older.doc);
      const newer = tabB.save(docWith(fixture({ id: "new" })));
      return { tabA, tabB, older, newer };
    };

    test("a newer document from another tab is handed over", () => {
      const { tabA, newer } = setup();
      const got = tabA.onExternalChange({ key: KEY, newValue: JSON.stringify(newer.doc) });
      assert.deepEqual(got, newer.doc);
    });

    const ignored = [
      ["an older document", ({ older }) => ({ key: KEY, newValue: JSON.stringify(older.doc) })],
      ["the same document", ({ newer }) => ({ key: KEY, newValue: JSON.stringify(newer.doc) })],
      ["another key", ({ newer }) => ({ key: "something-else", newValue: JSON.stringify(newer.doc) })],
      ["a removed key", () => ({ key: KEY, newValue: null })],
      ["storage.clear()", () => ({ key: null, newValue: null })],
      ["garbage", () => ({ key: KEY, newValue: "{oops" })],
      ["a newer schema", () => ({ key: KEY, newValue: JSON.stringify({ schema: 9, savedAt: "2030-01-01T00:00:00.000Z", debriefs: [] }) })],
      ["no event", () => undefined],
    ];
    for (const [name, event] of ignored) {
      test(`${name} -> null`, () => {
        const ctx = setup();
        assert.equal(ctx.tabB.onExternalChange(event(ctx)), null);
      });
    }

    test("it does not change what this tab's next save is based on", () => {
      const { tabA, newer } = setup();
      tabA.onExternalChange({ key: KEY, newValue: JSON.stringify(newer.doc) });
      assert.equal(tabA.save(docWith(fixture({ id: "x" }))).reason, "conflict");
    });
  });

  test("a tab that loaded nothing does not overwrite a first save made elsewhere", () => {
    const storage = new FakeStorage();
    const tabA = open(storage);
    const tabB = open(storage);
    tabA.load();
    tabB.load();
    tabA.save(docWith(fixture({ id: "a" })));
    assert.equal(tabB.save(docWith(fixture({ id: "b" }))).reason, "conflict");
  });
});
