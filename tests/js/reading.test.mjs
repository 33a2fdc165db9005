// The articles for further reading (static/js/worksheet/reading.js): the editors' choices the page
// embeds, then the list fetched from the site; what happens when that fetch fails, and when it is tried again.
import { test, describe } from "node:test";
import assert from "node:assert/strict";

import { LIST_VERSION, createReading, isArticle, parseArticleList, withChoices } from "../../static/js/worksheet/reading.js";
import { recommend } from "../../static/js/worksheet/recommendations.js";
import { FACTORS, fixture } from "./helpers.mjs";

const URL_OF_LIST = "/next-round/worksheet/articles.json";
const card = (slug, tags = []) => ({ title: `Title ${slug}`, url: `/next-round/articles/${slug}/`, description: `About ${slug}.`, tags });
const CHOSEN = [card("on-time", ["timing"])];
const ALL = [card("newest", ["nerves"]), card("on-time", ["timing"]), card("salary", ["salary"])];

/** A fetch that answers from a queue: a body (JSON), a status number, or an Error to throw. */
function fakeFetch(...answers) {
  const calls = [];
  const fetch = async (url, init) => {
    calls.push({ url, init });
    const answer = answers.length > 1 ? answers.shift() : answers[0];
    if (answer instanceof Error) throw answer;
    if (typeof answer === "number") return new Response("missing", { status: answer });
    return new Response(typeof answer === "string" ? answer : JSON.stringify(answer), { status: 200 });
  };
  return { fetch, calls };
}

/** A clock the test moves by hand. */
function clock() {
  const c = { ms: 0, now: () => c.ms };
  return c;
}

describe("the list's format", () => {
  test("a card has a title, a path on this site, a description and tags", () => {
    assert.ok(isArticle(card("x", ["a"])));
    for (const bad of [
      { ...card("x"), url: "https://elsewhere.example/x/" },
      { ...card("x"), url: "//elsewhere.example/x/" },
      { ...card("x"), url: "javascript:alert(1)" },
      { ...card("x"), tags: "timing" },
      { ...card("x"), title: 3 },
      Object.assign(Object.create({ injected: true }), card("x")),
      null,
    ]) {
      assert.equal(isArticle(bad), false, JSON.stringify(bad));
    }
  });

  test("a list of another version, or no list at all, is refused; bad cards in a good list are left out", () => {
    assert.deepEqual(parseArticleList({ version: LIST_VERSION, articles: [card("a"), { title: "no url" }] }), [card("a")]);
    assert.equal(parseArticleList({ version: LIST_VERSION + 1, articles: [card("a")] }), null);
    assert.equal(parseArticleList({ articles: [card("a")] }), null);
    assert.equal(parseArticleList([card("a")]), null);
  });

  test("the list, then any editor's choice it lacks (a list older than the page)", () => {
    const fresh = card("added-since");
    assert.deepEqual(withChoices(ALL, [fresh, CHOSEN[0]]), [...ALL, fresh]);
  });

  test("the editors' choices lead the further reading alike with the embedded choices and with the full list", () => {
    const factors = FACTORS.map((f) => (f.id === "late" ? { ...f, articles: [CHOSEN[0].url] } : f));
    const first = (articles) => recommend(fixture(), factors, articles, 5)[0].article.url;
    assert.equal(first(CHOSEN), CHOSEN[0].url);
    assert.equal(first(withChoices(ALL, CHOSEN)), CHOSEN[0].url);
  });
});

describe("createReading", () => {
  test("the embedded choices at once; every article once the list has come, with one plain GET", async () => {
    const { fetch, calls } = fakeFetch({ version: LIST_VERSION, articles: ALL });
    let changes = 0;
    const reading = createReading(CHOSEN, URL_OF_LIST, { fetch, onChange: () => (changes += 1) });
    assert.deepEqual([reading.articles(), reading.status()], [CHOSEN, "pending"]);
    await reading.load();
    assert.deepEqual([reading.articles(), reading.status(), changes], [ALL, "ready", 1]);
    assert.equal(calls.length, 1);
    assert.equal(calls[0].url, URL_OF_LIST);
    assert.equal(calls[0].init.credentials, "same-origin");
    assert.equal(calls[0].init.method, undefined, "a GET, with no body");
    assert.equal(calls[0].init.body, undefined);
    await reading.load();
    assert.equal(calls.length, 1, "fetched once");
  });

  test("one fetch at a time, however many occasions come while it is on its way", async () => {
    const { fetch, calls } = fakeFetch({ version: LIST_VERSION, articles: ALL });
    const reading = createReading(CHOSEN, URL_OF_LIST, { fetch });
    await Promise.all([reading.load(), reading.load(), reading.load()]);
    assert.equal(calls.length, 1);
  });

  for (const [name, answer] of [
    ["offline", new TypeError("Failed to fetch")],
    ["missing", 404],
    ["not JSON", "<!doctype html>"],
    ["another version", { version: 99, articles: ALL }],
  ]) {
    test(`a list ${name}: the choices stay, the status says so once, and a later occasion tries again`, async () => {
      const time = clock();
      const { fetch, calls } = fakeFetch(answer, answer, { version: LIST_VERSION, articles: ALL });
      let changes = 0;
      const reading = createReading(CHOSEN, URL_OF_LIST, { fetch, now: time.now, onChange: () => (changes += 1) });
      await reading.load();
      assert.deepEqual([reading.articles(), reading.status(), changes], [CHOSEN, "failed", 1]);
      await reading.load();
      assert.equal(calls.length, 1, "an occasion right after a failure does not try again");
      time.ms += 5000;
      await reading.load();
      assert.deepEqual([calls.length, reading.status(), changes], [2, "failed", 1], "failed again: nothing new to draw");
      time.ms += 5000;
      await reading.load();
      assert.deepEqual([reading.articles(), reading.status(), changes], [ALL, "ready", 2]);
    });
  }

  test("with no address to fetch, the choices are all there is", async () => {
    const { fetch, calls } = fakeFetch({ version: LIST_VERSION, articles: ALL });
    const reading = createReading(CHOSEN, null, { fetch });
    await reading.load();
    assert.deepEqual([reading.articles(), reading.status(), calls.length], [CHOSEN, "failed", 0]);
  });
});
