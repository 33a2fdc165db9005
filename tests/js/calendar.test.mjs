import { test, describe } from "node:test";
import assert from "node:assert/strict";

import { PRODID, calendarFile, escapeText, foldLine, interviewEvent, nextStepEvent } from "../../static/js/worksheet/calendar.js";
import { FACTORS, deepFreeze, fixture } from "./helpers.mjs";

const NOW = "2026-11-25T12:34:56.789Z";

/** Content lines, unfolded (RFC 5545 3.1): a CRLF and one space continue the line before. */
const unfold = (text) => text.replace(/\r\n /g, "").split("\r\n");

describe("escapeText", () => {
  const cases = [
    ["plain words", "plain words"],
    ["a, b; c", "a\\, b\\; c"],
    ["back\\slash", "back\\\\slash"],
    ["two\nlines\r\nand\rthree", "two\\nlines\\nand\\nthree"],
    ["bell\u0007 and tab\tstay?", "bell and tab\tstay?"],
    ["“quotes” and 😀", "“quotes” and 😀"],
  ];
  for (const [input, expected] of cases) test(JSON.stringify(input), () => assert.equal(escapeText(input), expected));
});

describe("foldLine", () => {
  test("short lines stay as they are", () => assert.equal(foldLine("SUMMARY:Interview"), "SUMMARY:Interview"));

  test("at most 75 octets a line, never inside a character, and unfolding gives the line back", () => {
    for (const line of [`DESCRIPTION:${"a".repeat(300)}`, `DESCRIPTION:${"é😀ü".repeat(60)}`, `SUMMARY:${"日本語".repeat(40)}`]) {
      const folded = foldLine(line);
      for (const part of folded.split("\r\n")) assert.ok(new TextEncoder().encode(part).length <= 75, part);
      assert.ok(folded.split("\r\n").slice(1).every((part) => part.startsWith(" ")));
      assert.equal(folded.replace(/\r\n /g, ""), line);
      assert.doesNotMatch(folded, /\uFFFD/);
    }
  });
});

describe("calendarFile", () => {
  const allDay = { uid: "d1-next-step@next-round", summary: "Email Sam, then rest; really", description: "Line one\nLine two", date: "2026-11-27" };

  test("an all-day event, exactly", () => {
    assert.equal(
      calendarFile(allDay, NOW),
      [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        `PRODID:${PRODID}`,
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        "UID:d1-next-step@next-round",
        "DTSTAMP:20261125T123456Z",
        "DTSTART;VALUE=DATE:20261127",
        "DTEND;VALUE=DATE:20261128",
        "SUMMARY:Email Sam\\, then rest\\; really",
        "DESCRIPTION:Line one\\nLine two",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        "DESCRIPTION:Tomorrow: Email Sam\\, then rest\\; really",
        "TRIGGER:-PT6H",
        "END:VALARM",
        "END:VEVENT",
        "END:VCALENDAR",
        "",
      ].join("\r\n"),
    );
  });

  test("a timed event: floating local time, an hour long, the reminder still at 18:00 the day before", () => {
    const lines = unfold(calendarFile({ ...allDay, time: "09:30", minutes: 60 }, NOW));
    assert.ok(lines.includes("DTSTART:20261127T093000"));
    assert.ok(lines.includes("DURATION:PT60M"));
    assert.ok(lines.includes("TRIGGER:-PT15H30M"), "09:30 less 15 h 30 min is 18:00 the evening before");
    assert.ok(!lines.some((l) => l.startsWith("DTEND")));
    assert.ok(unfold(calendarFile({ ...allDay, time: "00:00" }, NOW)).includes("TRIGGER:-PT6H"));
    assert.ok(unfold(calendarFile({ ...allDay, time: "23:45" }, NOW)).includes("TRIGGER:-PT29H45M"));
  });

  test("the last day of a month and of a leap February end on the right day", () => {
    assert.ok(unfold(calendarFile({ ...allDay, date: "2026-12-31" }, NOW)).includes("DTEND;VALUE=DATE:20270101"));
    assert.ok(unfold(calendarFile({ ...allDay, date: "2028-02-28" }, NOW)).includes("DTEND;VALUE=DATE:20280229"));
  });

  test("CRLF everywhere, nothing longer than 75 octets, even for long text", () => {
    const text = calendarFile({ ...allDay, description: "Ünïcode 😀 ".repeat(100) }, NOW);
    assert.ok(text.endsWith("\r\n"));
    assert.doesNotMatch(text.replace(/\r\n/g, ""), /[\r\n]/);
    for (const line of text.split("\r\n")) assert.ok(new TextEncoder().encode(line).length <= 75);
  });

  test("hostile text cannot add a property or end the event", () => {
    const evil = "x\r\nEND:VEVENT\r\nBEGIN:VEVENT\nATTACH:http://evil/";
    const lines = unfold(calendarFile({ ...allDay, summary: evil, description: evil }, NOW));
    assert.equal(lines.filter((l) => l === "END:VEVENT").length, 1);
    assert.ok(!lines.some((l) => l.startsWith("ATTACH")));
  });

  test("a day or time that is not one is refused", () => {
    assert.throws(() => calendarFile({ ...allDay, date: "2026-02-30" }, NOW), RangeError);
    assert.throws(() => calendarFile({ ...allDay, time: "9:30" }, NOW), RangeError);
  });
});

describe("step 5's events", () => {
  const debrief = () =>
    deepFreeze(
      fixture({ next: { ...fixture().next, action: "Ask Sam for feedback\nby email", actionDate: "2026-11-27", nextTime: "10:15", note: "Breathe." } }),
    );

  test("the next interview: its day and time, the note and the preparation steps", () => {
    assert.deepEqual(interviewEvent(debrief(), FACTORS), {
      uid: "d1-next-interview@next-round",
      summary: "Interview",
      description:
        "Breathe.\n\nPreparation steps:\n- Late or rushed: Take the earlier train.\n- Flustered by something earlier: Leave a buffer.\n- Caught out on salary: Decide your range.\n\nFrom your Next Round debrief “Acme second round”.",
      date: "2026-12-01",
      time: "10:15",
      minutes: 60,
    });
  });

  test("without a time it is all day; without a date there is none", () => {
    const noTime = fixture({ next: { ...fixture().next, nextTime: "" } });
    assert.equal(interviewEvent(noTime, FACTORS)?.time, undefined);
    assert.equal(interviewEvent(fixture({ next: { ...fixture().next, nextDate: "" } }), FACTORS), null);
  });

  test("the next step: its first line as the title, all of it described", () => {
    assert.deepEqual(nextStepEvent(debrief()), {
      uid: "d1-next-step@next-round",
      summary: "Ask Sam for feedback",
      description: "Ask Sam for feedback\nby email\n\nFrom your Next Round debrief “Acme second round”.",
      date: "2026-11-27",
    });
    assert.equal(nextStepEvent(fixture({ next: { ...fixture().next, action: "  ", actionDate: "2026-11-27" } })), null);
    assert.equal(nextStepEvent(fixture({ next: { ...fixture().next, action: "Rest", actionDate: "" } })), null);
    const long = nextStepEvent(fixture({ next: { ...fixture().next, action: "😀".repeat(100), actionDate: "2026-11-27" } }));
    assert.ok(long && long.summary.length <= 120 && long.summary.endsWith("…"));
    assert.doesNotMatch(long?.summary ?? "", /[\uD800-\uDBFF]…$/, "no half emoji");
  });
});
