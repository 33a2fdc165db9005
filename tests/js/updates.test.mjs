import { test, describe } from "node:test";
import assert from "node:assert/strict";

import { pageIsCurrent } from "../../static/js/worksheet/updates.js";

const BASE = "https://example.org/next-round/";
const files = (...names) => names.map((n) => BASE + n);

describe("pageIsCurrent", () => {
  const kept = files("css/site.11111111.css", "css/worksheet.22222222.css", "js/worksheet/main.33333333.js", "favicon.svg");

  test("every fingerprinted file of the page is kept: the worker serves this very version", () => {
    assert.equal(pageIsCurrent(files("css/site.11111111.css", "js/worksheet/main.33333333.js"), kept), true);
  });

  test("a file of the page the worker does not keep: the worker is of another deploy", () => {
    assert.equal(pageIsCurrent(files("css/site.11111111.css", "js/worksheet/main.44444444.js"), kept), false);
  });

  test("files without a fingerprint (the dev server's live-reload script) do not count", () => {
    const page = [...files("js/worksheet/main.33333333.js"), "http://127.0.0.1:8000/livereload.js?port=8000"];
    assert.equal(pageIsCurrent(page, kept), true);
  });
});
