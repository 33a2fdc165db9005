import { test, describe } from "node:test";
import assert from "node:assert/strict";

import {
  backupFileName,
  escapeMarkdown,
  fileName,
  slug,
  toBackupJSON,
  toDebriefJSON,
  toMarkdown,
} from "../../static/js/worksheet/exporters.js";
import { STEPS } from "../../static/js/worksheet/steps.js";
import { FACTORS, deepFreeze, fixture } from "./helpers.mjs";

const NOW = "2026-11-25T12:00:00Z";

describe("toBackupJSON", () => {
  const small = () =>
    fixture({
      right: [],
      wrong: [{ id: "w1", text: "Late", starred: true, factors: ["late"], note: "" }],
      strategy: { steps: { late: "x", flustered: "" }, extra: "" },
      next: { checklist: { rest: true, "thank-you": false }, action: "Email Sam", actionDate: "2026-11-27", nextDate: "", nextTime: "", note: "" },
    });

  test("exact, pretty text with stable key order", () => {
    const expected = `{
  "format": "next-round-debriefs",
  "schema": 2,
  "exportedAt": "2026-11-25T12:00:00.000Z",
  "debriefs": [
    {
      "id": "d1",
      "name": "Acme second round",
      "createdAt": "2026-11-20T10:00:00.000Z",
      "updatedAt": "2026-11-20T11:00:00.000Z",
      "interview": {
        "role": "Backend engineer",
        "company": "Acme",
        "date": "2026-11-19",
        "stage": "Second round"
      },
      "narrative": "The train was late.\\nI ran in flustered.",
      "flukeOrPattern": {
        "choice": "pattern",
        "note": "Third time I was late."
      },
      "right": [],
      "wrong": [
        {
          "id": "w1",
          "text": "Late",
          "starred": true,
          "factors": [
            "late"
          ],
          "note": ""
        }
      ],
      "strategy": {
        "steps": {
          "flustered": "",
          "late": "x"
        },
        "extra": ""
      },
      "strengths": "Lead with the payments story.",
      "next": {
        "checklist": {
          "rest": true,
          "thank-you": false
        },
        "action": "Email Sam",
        "actionDate": "2026-11-27",
        "nextDate": "",
        "nextTime": "",
        "note": ""
      }
    }
  ]
}
`;
    assert.equal(toBackupJSON([deepFreeze(small())], NOW), expected);
  });

  test("key order in memory does not change the output; unknown keys are left out", () => {
    const d = small();
    const shuffled = { ...Object.fromEntries(Object.entries(d).reverse()), stray: "not exported" };
    shuffled.strategy = { extra: "", steps: { late: "x", flustered: "" } };
    assert.equal(toBackupJSON([shuffled], NOW), toBackupJSON([d], NOW));
    assert.equal(toBackupJSON([shuffled], NOW).includes("stray"), false);
  });

  test("an empty backup", () => {
    assert.equal(
      toBackupJSON([], NOW),
      '{\n  "format": "next-round-debriefs",\n  "schema": 2,\n  "exportedAt": "2026-11-25T12:00:00.000Z",\n  "debriefs": []\n}\n',
    );
  });

  test("toDebriefJSON wraps one debrief", () => {
    const parsed = JSON.parse(toDebriefJSON(fixture(), NOW));
    assert.deepEqual(Object.keys(parsed), ["format", "schema", "exportedAt", "debrief"]);
    assert.equal(parsed.format, "next-round-debrief");
    assert.deepEqual(parsed.debrief, fixture());
  });
});

describe("toMarkdown", () => {
  const ARTICLES = [
    { title: "Getting there on time", url: "https://example.org/next-round/articles/on-time/", description: "", tags: ["timing"], topic: "t" },
    { title: "Naming [your] number", url: "https://example.org/next-round/articles/salary/", description: "", tags: ["salary"], topic: "t" },
    { title: "Unrelated", url: "https://example.org/x/", description: "", tags: ["other"], topic: "t" },
    { title: "Not a web address", url: "javascript:alert(1)", description: "", tags: ["timing"], topic: "t" },
  ];
  const full = () => fixture({ next: { ...fixture().next, action: "Email Sam; ask for feedback", actionDate: "2026-11-27", nextTime: "09:30" } });

  test("the whole document for a full debrief", () => {
    const expected = `# Acme second round

## 1. What happened

- Role: Backend engineer
- Company: Acme
- Interview date: 2026-11-19
- Stage: Second round

The train was late.  
I ran in flustered.

### Was this a fluke, or a pattern you keep repeating?

Answer: Probably a pattern

Third time I was late.

## 2. What went right, what went wrong

### What went right

- ★ starred — Clear payments example
  - Behind it: Strong example
- Nice chat
  - Behind it: Good rapport

### What went wrong

- ★ starred — Arrived late
  - Behind it: Late or rushed, Flustered by something earlier
  - Note: Train delay
- ★ starred — Blanked on salary
  - Behind it: Caught out on salary, Late or rushed
- Slow on SQL
  - Behind it: Under-prepared

## 3. Strategy for next time

### Preparation steps

- **Late or rushed:** Take the earlier train.
- **Flustered by something earlier:** Leave a buffer.
- **Caught out on salary:** Decide your range.

### Strengths to highlight next time

- Strong example
- Clear payments example

Lead with the payments story.

## 4. Research

- Getting there on time: <https://example.org/next-round/articles/on-time/>
- Naming \\[your\\] number: <https://example.org/next-round/articles/salary/>

## 5. Get back out there

### Next steps

- [x] Send a short thank-you note
- [ ] Ask once, politely, for feedback
- [ ] Write down the examples that worked
- [ ] Put the preparation steps in my calendar
- [ ] Book a practice interview with someone I trust
- [ ] Plan something restful for the day before

Next step: Email Sam; ask for feedback (on 2026-11-27)

Next interview: 2026-12-01 at 09:30

---

_Written with the Next Round debrief worksheet. Last changed 2026-11-20._
`;
    assert.equal(toMarkdown(deepFreeze(full()), FACTORS, { articles: ARTICLES }), expected);
  });

  test("its headings are the worksheet's five steps, in its order and words", () => {
    const headings = toMarkdown(full(), FACTORS).split("\n").filter((line) => line.startsWith("## "));
    assert.deepEqual(headings, STEPS.map((step, n) => `## ${n + 1}. ${step.title}`));
    assert.deepEqual(STEPS.map((step) => step.id), ["happened", "right-wrong", "strategy", "research", "next"]);
  });

  test("an empty debrief says what is missing", () => {
    const empty = fixture({
      name: "",
      interview: { role: "", company: "", date: "", stage: "" },
      narrative: "",
      flukeOrPattern: { choice: "", note: "" },
      right: [],
      wrong: [],
      strategy: { steps: {}, extra: "" },
      strengths: "",
      next: { checklist: { "old-key": true }, action: "", actionDate: "", nextDate: "", nextTime: "", note: "" },
    });
    const md = toMarkdown(empty, FACTORS);
    assert.ok(md.startsWith("# Untitled debrief\n\n## 1. What happened\n\n_Not answered._\n\n### Was this a fluke, or a pattern you keep repeating?\n\nAnswer: Not answered yet\n\n## 2. What went right, what went wrong\n\n"));
    assert.ok(md.includes("### What went right\n\n_Nothing listed._\n\n### What went wrong\n\n_Nothing listed._\n"));
    assert.ok(md.includes("### Strengths to highlight next time\n\n_Not answered._\n"));
    assert.ok(md.includes("## 4. Research\n\n_No articles matched yet: star an item in step 2 and check what was behind it._\n"));
    assert.ok(md.includes("- [ ] Plan something restful for the day before\n- [x] old-key\n"), "ticked keys without a label are kept");
    assert.ok(md.includes("Next interview: not booked yet\n"));
  });

  const escapes = [
    ["<img src=x onerror=alert(1)>", "\\<img src=x onerror=alert\\(1\\)\\>"],
    ["[x](javascript:alert(1))", "\\[x\\]\\(javascript:alert\\(1\\)\\)"],
    ["![i](http://x/y.png)", "\\!\\[i\\]\\(http://x/y.png\\)"],
    ["<script>alert(1)</script>", "\\<script\\>alert\\(1\\)\\</script\\>"],
    ["&lt;b&gt;", "\\&lt;b\\&gt;"],
    ["`code` *em* _em_ ~~s~~", "\\`code\\` \\*em\\* \\_em\\_ \\~\\~s\\~\\~"],
    ["# heading", "\\# heading"],
    ["> quote", "\\> quote"],
    ["- bullet", "\\- bullet"],
    ["+ bullet", "\\+ bullet"],
    ["1. numbered", "1\\. numbered"],
    ["12) numbered", "12\\) numbered"],
    ["===", "\\==="],
    ["| a | b |", "\\| a \\| b \\|"],
    ["    indented code", "indented code"],
    ["back\\slash", "back\\\\slash"],
    ["$100 to $120", "\\$100 to \\$120"],
    ["plain words, e.g. 3.5 - fine", "plain words, e.g. 3.5 - fine"],
  ];
  for (const [input, expected] of escapes) {
    test(`escapeMarkdown ${JSON.stringify(input)}`, () => assert.equal(escapeMarkdown(input), expected));
  }

  test("hostile text anywhere in a debrief comes out inert", () => {
    const evil = "<img src=x onerror=alert(1)> [x](javascript:alert(1))";
    const d = fixture({
      name: evil,
      interview: { role: evil, company: evil, date: "", stage: evil },
      narrative: `${evil}\n\n${evil}`,
      flukeOrPattern: { choice: "fluke", note: evil },
      right: [{ id: "r", text: `${evil}\n${evil}`, starred: true, factors: ["evil"], note: evil }],
      wrong: [{ id: "w", text: evil, starred: true, factors: ["evil"], note: evil }],
      strategy: { steps: { evil }, extra: evil },
      strengths: evil,
      next: { checklist: {}, action: evil, actionDate: "", nextDate: "", nextTime: "", note: evil },
    });
    const factors = [{ id: "evil", label: evil, kind: "both", suggestion: evil, tags: [] }];
    const md = toMarkdown(d, factors);
    assert.equal(md.split("\\<img src=x onerror=alert\\(1\\)\\>").length - 1, 23);
    assert.doesNotMatch(md, /(^|[^\\])</m, "every < is escaped");
    assert.doesNotMatch(md, /(^|[^\\])\]\(/m, "no ]( link syntax");
    assert.doesNotMatch(md, /(^|[^\\])\[x/m);
  });

  test("multi-line item text stays inside its list item", () => {
    const d = fixture({ right: [{ id: "r", text: "first\n- not a bullet\n\nnew para", starred: false, factors: [], note: "" }] });
    assert.ok(toMarkdown(d, FACTORS).includes("### What went right\n\n- first  \n  \\- not a bullet\n\n  new para\n\n"));
  });
});

describe("file names", () => {
  const names = [
    [{}, "md", "next-round-acme-second-round-2026-11-19.md"],
    [{ name: "Café Ünïcode / Straße" }, "json", "next-round-cafe-unicode-strasse-2026-11-19.json"],
    [{ name: "../../etc/passwd" }, "md", "next-round-etc-passwd-2026-11-19.md"],
    [{ name: "😀😀" }, "md", "next-round-debrief-2026-11-19.md"],
    [{ name: "", interview: { role: "QA Lead", company: "Globex", date: "", stage: "" } }, "MD", "next-round-qa-lead-at-globex-2026-11-20.md"],
    [{ name: "x".repeat(80) }, "md", `next-round-${"x".repeat(50)}-2026-11-19.md`],
  ];
  for (const [overrides, ext, expected] of names) {
    test(`fileName -> ${expected}`, () => assert.equal(fileName(fixture(overrides), ext), expected));
  }

  test("extensions are checked", () => {
    for (const bad of ["", ".md", "md/../x", "a b", "toolongextension"]) {
      assert.throws(() => fileName(fixture(), bad), RangeError, bad);
    }
  });

  test("slug trims trailing hyphens after cutting", () => {
    assert.equal(slug("abc def", 4), "abc");
  });

  test("backupFileName", () => {
    assert.equal(backupFileName(NOW), "next-round-debriefs-2026-11-25.json");
  });
});
