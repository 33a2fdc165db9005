// The job board's filter logic: reading and writing the query, matching, sorting.
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { daysBetween, emptyQuery, isEmpty, isOpen, matches, readQuery, rolesOf, sorted, writeQuery } from "../../static/js/jobs/filter.js";

/** @returns {import("../../static/js/jobs/filter.js").Role} */
function role(overrides = {}) {
  return {
    text: "customer support lead acme tools",
    workplace: "hybrid",
    countries: ["GB"],
    types: ["FULL_TIME"],
    tags: ["support"],
    currency: "GBP",
    yearMin: 42000,
    yearMax: 50000,
    posted: "2026-11-20",
    closes: "2026-12-20",
    ...overrides,
  };
}

describe("the query in the address", () => {
  it("round-trips every filter and leaves defaults out", () => {
    const query = { ...emptyQuery(), q: "support lead", workplace: ["remote", "hybrid"], country: "GB", type: ["FULL_TIME"], min: 45000, currency: "GBP", posted: 7, tag: "support", sort: "pay" };
    const search = writeQuery(query);
    assert.equal(search, "?q=support+lead&workplace=remote&workplace=hybrid&country=GB&type=FULL_TIME&min=45000&currency=GBP&posted=7&tag=support&sort=pay");
    assert.deepEqual(readQuery(search), query);
    assert.equal(writeQuery(emptyQuery()), "");
  });

  it("ignores what it does not know, never trusting the address", () => {
    const query = readQuery("?workplace=moon&country=gb&type=<b>&min=-5&currency=pounds&posted=x&tag=Bad Tag&sort=random&q=" + "a".repeat(300));
    assert.deepEqual({ ...query, q: "" }, emptyQuery());
    assert.equal(query.q.length, 100);
  });
});

describe("matching", () => {
  const today = "2026-12-01";
  it("matches every word in the title or employer, in any case", () => {
    assert.ok(matches(role(), { ...emptyQuery(), q: "Lead ACME" }, today));
    assert.ok(!matches(role(), { ...emptyQuery(), q: "lead bolt" }, today));
  });

  it("matches any chosen workplace and type, the country, and the tag", () => {
    assert.ok(matches(role(), { ...emptyQuery(), workplace: ["remote", "hybrid"], type: ["PART_TIME", "FULL_TIME"] }, today));
    assert.ok(!matches(role(), { ...emptyQuery(), workplace: ["remote"] }, today));
    assert.ok(!matches(role(), { ...emptyQuery(), country: "US" }, today));
    assert.ok(!matches(role(), { ...emptyQuery(), tag: "design" }, today));
  });

  it("compares pay a year in the chosen currency, and leaves other currencies out", () => {
    assert.ok(matches(role(), { ...emptyQuery(), min: 50000, currency: "GBP" }, today));
    assert.ok(!matches(role(), { ...emptyQuery(), min: 50001, currency: "GBP" }, today));
    assert.ok(!matches(role(), { ...emptyQuery(), min: 1, currency: "USD" }, today));
  });

  it("counts days since posting, and a role is open through its last day", () => {
    assert.equal(daysBetween("2026-11-20", today), 11);
    assert.ok(matches(role(), { ...emptyQuery(), posted: 11 }, today));
    assert.ok(!matches(role(), { ...emptyQuery(), posted: 7 }, today));
    assert.ok(isOpen(role(), "2026-12-20") && !isOpen(role(), "2026-12-21"));
  });
});

describe("sorting", () => {
  const a = role({ posted: "2026-11-01", closes: "2026-12-30", currency: "USD", yearMax: 90000 });
  const b = role({ posted: "2026-11-20", closes: "2026-12-10", currency: "GBP", yearMax: 50000 });
  const c = role({ posted: "2026-11-10", closes: "2026-12-10", currency: "GBP", yearMax: 60000 });
  it("puts the newest first, the soonest closing first (ties as before), or the best paid per currency", () => {
    assert.deepEqual(sorted([a, b, c], "newest"), [b, c, a]);
    assert.deepEqual(sorted([a, b, c], "closing"), [b, c, a]);
    assert.deepEqual(sorted([a, b, c], "pay"), [c, b, a]);
  });
});

describe("the roles file", () => {
  const entry = {
    url: "/jobs/support-lead/", title: "Customer Support Lead", employer: "Acme Tools", where: "Leeds, United Kingdom (hybrid)",
    pay: "£42,000–£50,000 a year", posted: "2026-11-20", postedText: "November 20, 2026", closes: "2026-12-20",
    closesText: "December 20, 2026", workplace: "hybrid", countries: ["GB"], types: ["FULL_TIME"], tags: ["support"],
    currency: "GBP", yearMin: 42000, yearMax: 50000,
  };

  it("reads each role with its words for the card and its lower-case text for the words filter", () => {
    const [role] = rolesOf({ version: 1, roles: [entry] });
    assert.deepEqual(role, { ...entry, text: "customer support lead acme tools" });
  });

  it("leaves out entries of another shape, and reads nothing from a file of another version", () => {
    const bad = [null, "x", { ...entry, yearMin: "42000" }, { ...entry, tags: "support" }, { ...entry, closes: "soon" }, { ...entry, title: undefined }];
    assert.deepEqual(rolesOf({ version: 1, roles: [...bad, entry] }).map((r) => r.url), [entry.url]);
    assert.deepEqual(rolesOf({ version: 2, roles: [entry] }), []);
    assert.deepEqual(rolesOf([entry]), []);
    assert.deepEqual(rolesOf(null), []);
  });

  it("knows a query that asks for nothing", () => {
    assert.equal(isEmpty(emptyQuery()), true);
    assert.equal(isEmpty({ ...emptyQuery(), q: "  " }), true);
    assert.equal(isEmpty({ ...emptyQuery(), sort: "closing" }), false);
    assert.equal(isEmpty({ ...emptyQuery(), currency: "USD" }), true); // a currency without an amount asks nothing
  });
});
