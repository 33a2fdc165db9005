import { test, describe } from "node:test";
import assert from "node:assert/strict";

import { MESSAGES, createSession } from "../../static/js/worksheet/session.js";
import { openStore } from "../../static/js/worksheet/store.js";
import { LIMITS } from "../../static/js/worksheet/fields.js";
import { addItem, emptyDocument, newDebrief, remove, restore, setField, upsert } from "../../static/js/worksheet/model.js";
import { FakeStorage, clock, fixture } from "./helpers.mjs";

const KEY = "next-round.worksheet.v1";

/** Timers the test runs by hand. */
function fakeTimers() {
  const pending = new Map();
  let next = 1;
  return {
    setTimer: (fn) => {
      pending.set(next, fn);
      return next++;
    },
    clearTimer: (id) => pending.delete(id),
    get count() {
      return pending.size;
    },
    run() {
      const fns = [...pending.values()];
      pending.clear();
      for (const fn of fns) fn();
    },
  };
}

/** A session on `storage` with its own clock, hand-run timers and a log of events. */
function open(storage, start = "2026-11-20T10:00:00.000Z") {
  const now = clock(start);
  const timers = fakeTimers();
  const events = [];
  const store = openStore(storage, { now });
  const session = createSession(store, { now, ...timers, onEvent: (e) => events.push(e) });
  return { session, store, timers, events, types: () => events.map((e) => e.type) };
}

const stored = (storage) => JSON.parse(storage.getItem(KEY));
const role = (text) => (d) => setField(d, "interview.role", text);

describe("drafts and editing", () => {
  test("empty storage: a blank draft is on screen and nothing is saved", () => {
    const storage = new FakeStorage();
    const { session, timers } = open(storage);
    assert.equal(session.load().status, "empty");
    assert.equal(session.isDraft, true);
    assert.equal(session.doc.debriefs.length, 0);
    assert.equal(session.current().interview.role, "");
    assert.equal(session.dirty, false);
    assert.equal(timers.count, 0);
    assert.equal(storage.getItem(KEY), null);
  });

  test("the first edit turns the draft into a saved debrief, after the debounce", () => {
    const storage = new FakeStorage();
    const { session, timers, types } = open(storage);
    session.load();
    const draftId = session.current().id;
    assert.equal(session.edit(role("Engineer")), true);
    assert.equal(session.isDraft, false);
    assert.deepEqual(session.doc.debriefs.map((d) => d.id), [draftId]);
    assert.equal(session.doc.currentId, draftId);
    assert.equal(storage.getItem(KEY), null, "not saved before the timer fires");
    timers.run();
    assert.deepEqual(types(), ["saved"]);
    assert.equal(stored(storage).debriefs[0].interview.role, "Engineer");
    assert.equal(session.dirty, false);
  });

  test("edits in quick succession make one save", () => {
    const storage = new FakeStorage();
    const { session, timers } = open(storage);
    session.load();
    session.edit(role("E"));
    session.edit(role("En"));
    session.edit(role("Eng"));
    assert.equal(timers.count, 1);
    timers.run();
    assert.equal(storage.writes, 1);
    assert.equal(stored(storage).debriefs[0].interview.role, "Eng");
  });

  test("an edit that changes nothing is not an edit", () => {
    const { session, timers } = open(new FakeStorage());
    session.load();
    assert.equal(session.edit((d) => d), false);
    assert.equal(session.dirty, false);
    assert.equal(timers.count, 0);
  });

  test("every edit marks the debrief as changed", () => {
    const { session } = open(new FakeStorage(), "2026-11-20T10:00:00.000Z");
    session.load();
    const created = session.current().createdAt;
    session.edit(role("x"));
    assert.ok(session.current().updatedAt > created);
  });

  test("flush saves at once and does nothing when there is nothing to save", () => {
    const storage = new FakeStorage();
    const { session, timers } = open(storage);
    session.load();
    assert.equal(session.flush(), null);
    session.edit(role("x"));
    assert.equal(session.flush()?.ok, true);
    assert.equal(timers.count, 0, "the pending timer is cancelled");
    assert.equal(session.flush(), null);
  });

  test("startNew shows a draft; opening a saved debrief drops it", () => {
    const storage = new FakeStorage();
    const { session } = open(storage);
    session.load();
    session.edit(role("first"));
    const first = session.current().id;
    assert.equal(session.startNew(), true);
    assert.equal(session.isDraft, true);
    assert.notEqual(session.current().id, first);
    assert.equal(session.open(first), true);
    assert.equal(session.isDraft, false);
    assert.equal(session.current().id, first);
  });

  test("discardDraft goes back to the saved debrief", () => {
    const { session } = open(new FakeStorage());
    session.load();
    session.edit(role("kept"));
    session.startNew();
    assert.equal(session.discardDraft(), true);
    assert.equal(session.current().interview.role, "kept");
    assert.equal(session.discardDraft(), false);
  });

  test("removing the last debrief puts a draft on screen; undo brings it back", () => {
    const storage = new FakeStorage();
    const { session } = open(storage);
    session.load();
    session.edit(role("only"));
    const { doc, removed, index } = remove(session.doc, session.current().id);
    session.editDocument(() => doc, { saveNow: true });
    assert.equal(session.isDraft, true);
    assert.deepEqual(stored(storage).debriefs, []);
    session.editDocument((d) => restore(d, removed, index), { saveNow: true });
    assert.equal(session.isDraft, false);
    assert.equal(session.current().interview.role, "only");
    assert.equal(stored(storage).debriefs.length, 1);
  });

  test("at the limit, a new debrief is refused with a message", () => {
    let doc = emptyDocument();
    for (let i = 0; i < LIMITS.debriefs; i++) doc = upsert(doc, { ...newDebrief(), id: `d${i}` });
    const storage = new FakeStorage({ [KEY]: JSON.stringify({ ...doc, savedAt: "2026-11-01T00:00:00.000Z" }) });
    const { session, events } = open(storage);
    session.load();
    assert.equal(session.startNew(), false);
    assert.deepEqual(events, [{ type: "problem", reason: "full", message: MESSAGES.full }]);
  });
});

describe("failures keep the answers in memory", () => {
  test("storage full: the problem is reported, typing goes on, the next save works", () => {
    const storage = new FakeStorage();
    const { session, timers, events } = open(storage);
    session.load();
    storage.setError = () => new DOMException("full", "QuotaExceededError");
    session.edit(role("one"));
    timers.run();
    assert.equal(events.at(-1).type, "problem");
    assert.equal(events.at(-1).reason, "quota");
    assert.equal(session.dirty, true);
    assert.equal(session.edit(role("one two")), true);
    assert.equal(session.current().interview.role, "one two");
    storage.setError = null;
    timers.run();
    assert.equal(events.at(-1).type, "saved");
    assert.equal(stored(storage).debriefs[0].interview.role, "one two");
  });

  test("no storage at all (private mode): work continues in memory", () => {
    const { session, timers, events } = open(null);
    assert.equal(session.load().status, "unavailable");
    assert.equal(session.edit(role("kept in memory")), true);
    timers.run();
    assert.equal(events.at(-1).reason, "unavailable");
    assert.equal(session.current().interview.role, "kept in memory");
    assert.equal(session.clearEverything().ok, true);
    assert.equal(session.isDraft, true);
  });

  test("data from a newer version: readable, never edited or saved", () => {
    const newer = JSON.stringify({ schema: 99, savedAt: "2026-11-01T00:00:00.000Z", currentId: "d1", debriefs: [fixture()] });
    const storage = new FakeStorage({ [KEY]: newer });
    const { session, timers } = open(storage);
    assert.equal(session.load().status, "read-only");
    assert.equal(session.readOnly, true);
    assert.equal(session.current().name, "Acme second round");
    assert.equal(session.edit(role("changed")), false);
    assert.equal(session.startNew(), false);
    assert.equal(session.editDocument(() => emptyDocument()), false);
    timers.run();
    assert.equal(session.flush(), null);
    assert.equal(storage.getItem(KEY), newer);
  });
});

describe("two tabs", () => {
  /** Two sessions on one storage, as two tabs share localStorage. */
  function twoTabs() {
    const storage = new FakeStorage();
    const a = open(storage, "2026-11-20T10:00:00.000Z");
    a.session.load();
    a.session.edit(role("from A"));
    a.session.flush();
    const b = open(storage, "2026-11-20T11:00:00.000Z");
    b.session.load();
    return { storage, a, b };
  }
  const eventFor = (storage) => ({ key: KEY, newValue: storage.getItem(KEY) });

  test("a clean tab takes in the other tab's newer save", () => {
    const { storage, a, b } = twoTabs();
    b.session.edit((d) => addItem(d, "wrong", "late"));
    b.session.flush();
    a.session.onStorage(eventFor(storage));
    assert.deepEqual(a.types(), ["saved", "external"]);
    assert.equal(a.session.current().wrong[0].text, "late");
    assert.equal(a.session.dirty, false);
  });

  test("each tab keeps showing its own debrief when the other saves", () => {
    const { storage, a, b } = twoTabs();
    const first = a.session.current().id;
    b.session.startNew();
    b.session.edit(role("second, in B"));
    b.session.flush();
    a.session.onStorage(eventFor(storage));
    assert.equal(a.session.current().id, first);
    assert.equal(a.session.doc.debriefs.length, 2);
  });

  test("a tab still on its blank draft shows what the other tab saved", () => {
    const storage = new FakeStorage();
    const a = open(storage);
    a.session.load();
    const b = open(storage, "2026-11-20T11:00:00.000Z");
    b.session.load();
    b.session.edit(role("typed in B"));
    b.session.flush();
    assert.equal(a.session.isDraft, true);
    a.session.onStorage(eventFor(storage));
    assert.equal(a.session.isDraft, false);
    assert.equal(a.session.current().interview.role, "typed in B");
  });

  test("events for other keys or older saves are ignored", () => {
    const { storage, a } = twoTabs();
    a.session.onStorage({ key: "something-else", newValue: "{}" });
    a.session.onStorage(eventFor(storage)); // its own save: not newer
    a.session.onStorage(null);
    assert.deepEqual(a.types(), ["saved"]);
  });

  test("a tab with unsaved changes is asked, and saves nothing until it answers", () => {
    const { storage, a, b } = twoTabs();
    a.session.edit(role("A again, unsaved"));
    b.session.edit(role("from B"));
    b.session.flush();
    const fromB = storage.getItem(KEY);
    a.session.onStorage(eventFor(storage));
    assert.equal(a.events.at(-1).type, "conflict");
    assert.equal(a.session.hold, "conflict");
    assert.equal(a.timers.count, 0);
    a.session.edit(role("A keeps typing"));
    assert.equal(a.timers.count, 0, "no autosave while held");
    assert.equal(a.session.flush(), null);
    assert.equal(storage.getItem(KEY), fromB);
  });

  test("a stale tab that missed the event does not overwrite: its save reports a conflict", () => {
    const { storage, a, b } = twoTabs();
    b.session.edit(role("from B"));
    b.session.flush();
    const fromB = storage.getItem(KEY);
    a.session.edit(role("stale A")); // A never got the storage event
    a.timers.run();
    assert.equal(a.events.at(-1).type, "conflict");
    assert.equal(storage.getItem(KEY), fromB);
  });

  test("resolve('mine') replaces the other tab's save; resolve('theirs') shows it", () => {
    for (const choice of ["mine", "theirs"]) {
      const { storage, a, b } = twoTabs();
      b.session.edit(role("from B"));
      b.session.flush();
      a.session.edit(role("from A, later"));
      a.timers.run();
      assert.equal(a.session.hold, "conflict");
      a.session.resolve(choice);
      assert.equal(a.session.hold, null);
      const expected = choice === "mine" ? "from A, later" : "from B";
      assert.equal(a.session.current().interview.role, expected);
      assert.equal(stored(storage).debriefs[0].interview.role, expected);
      // Either way, later edits save normally again.
      a.session.edit(role("after"));
      a.timers.run();
      assert.equal(stored(storage).debriefs[0].interview.role, "after");
    }
  });

  test("deleted in another tab: a clean tab follows, a tab with changes asks", () => {
    const { a, b } = twoTabs();
    b.session.clearEverything();
    a.session.onStorage({ key: KEY, newValue: null });
    assert.equal(a.events.at(-1).type, "external");
    assert.equal(a.session.isDraft, true);

    const two = twoTabs();
    two.a.session.edit(role("unsaved in A"));
    two.b.session.clearEverything();
    two.a.session.onStorage({ key: KEY, newValue: null });
    assert.equal(two.a.events.at(-1).type, "deleted-elsewhere");
    assert.equal(two.a.session.hold, "deleted-elsewhere");
    assert.equal(two.storage.getItem(KEY), null);
    two.a.session.resolve("mine");
    assert.equal(stored(two.storage).debriefs[0].interview.role, "unsaved in A");
  });
});

describe("delete everything and import", () => {
  test("clearEverything removes the document and unreadable copies kept aside", () => {
    const storage = new FakeStorage({ [KEY]: "{broken" });
    const { session } = open(storage);
    assert.equal(session.load().status, "corrupt");
    assert.equal(storage.length, 2, "the main key and the copy aside");
    session.edit(role("x"));
    session.flush();
    assert.equal(session.clearEverything().ok, true);
    assert.equal(storage.length, 0);
    assert.equal(session.isDraft, true);
  });

  test("importing into an empty worksheet shows the first imported debrief and saves at once", () => {
    const storage = new FakeStorage();
    const { session } = open(storage);
    session.load();
    const result = session.importDebriefs([fixture({ id: "a" }), fixture({ id: "b" })], {});
    assert.equal(result.added, 2);
    assert.equal(session.isDraft, false);
    assert.equal(session.current().id, "a");
    assert.deepEqual(stored(storage).debriefs.map((d) => d.id), ["a", "b"]);
  });

  test("an import that changes nothing saves nothing", () => {
    const storage = new FakeStorage();
    const { session } = open(storage);
    session.load();
    session.importDebriefs([fixture({ id: "a" })], {});
    const writes = storage.writes;
    session.importDebriefs([fixture({ id: "a" })], {});
    assert.equal(storage.writes, writes);
  });

  test("after unreadable data that could not be copied, discardUnreadable lets saving start again", () => {
    const storage = new FakeStorage({ [KEY]: "{broken" });
    storage.setError = (key) => (key === KEY ? null : new DOMException("full", "QuotaExceededError"));
    const { session, events } = open(storage);
    const loaded = session.load();
    assert.equal(loaded.corruptKey, null);
    session.edit(role("new"));
    session.flush();
    assert.equal(events.at(-1).reason, "corrupt");
    assert.equal(storage.getItem(KEY), "{broken");
    storage.setError = null;
    session.discardUnreadable();
    assert.equal(stored(storage).debriefs[0].interview.role, "new");
  });
});
