// The service worker (static/sw.js) run in a stand-in for a browser's worker: its events, caches and
// network are fakes the tests look into. The build fills in its file list as generator/assets.py does.
import { test, describe, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import vm from "node:vm";

const SOURCE = readFileSync(new URL("../../static/sw.js", import.meta.url), "utf-8");
const BASE = "https://example.org/next-round/";
const FILES = ["css/site.11111111.css", "js/worksheet/main.22222222.js", "favicon.svg"];

/** sw.js as the build writes it, for a version and its files. */
function built(version = "v1", files = FILES) {
  const line = /^const BUILD = .*;(?= \/\/ filled in by the build$)/m;
  assert.match(SOURCE, line, "sw.js has the line the build fills in");
  return SOURCE.replace(line, `const BUILD = ${JSON.stringify({ version, files })};`);
}

class FakeCache {
  constructor() {
    /** @type {Map<string, Response>} in the order put, as a browser's Cache keeps them */
    this.entries = new Map();
  }
  async put(key, response) {
    const url = typeof key === "string" ? key : key.url;
    this.entries.delete(url);
    this.entries.set(url, response);
  }
  async addAll(requests) {
    for (const request of requests) await this.add(request);
  }
  async add(request) {
    const response = await this.network(request);
    if (!response.ok) throw new TypeError(`add: ${request.url} answered ${response.status}`);
    await this.put(request, response);
  }
  async match(key) {
    const url = typeof key === "string" ? key : key.url;
    return this.entries.get(url)?.clone();
  }
  async keys() {
    return [...this.entries.keys()].map((url) => ({ url }));
  }
  async delete(key) {
    return this.entries.delete(typeof key === "string" ? key : key.url);
  }
}

/** A worker, its fake browser around it, and helpers to send it events. */
function start(source = built(), { caches: existing } = {}) {
  const listeners = {};
  const timers = [];
  const world = {
    online: true,
    stall: null, // a promise the network waits for before it answers
    fetched: [],
    claimed: false,
    skipped: false,
    /** @type {Map<string, FakeCache>} */
    caches: existing ?? new Map(),
    pages: new Map(), // what the server answers, by URL
    missing: new Set(), // URLs the server answers 404 for
  };
  const network = async (request) => {
    world.fetched.push({ url: request.url, cache: request.cache });
    if (world.stall) await world.stall;
    if (!world.online) throw new TypeError("Failed to fetch");
    if (world.missing.has(request.url)) return new Response("not found", { status: 404 });
    const body = world.pages.get(request.url) ?? `body of ${request.url}`;
    const response = new Response(body, { status: 200, headers: { "Content-Type": "text/plain" } });
    Object.defineProperty(response, "type", { value: "basic" });
    return response;
  };
  const open = (name) => {
    if (!world.caches.has(name)) {
      const cache = new FakeCache();
      world.caches.set(name, cache);
    }
    const cache = world.caches.get(name);
    cache.network = network;
    return cache;
  };
  const caches = {
    open: async (name) => open(name),
    keys: async () => [...world.caches.keys()],
    delete: async (name) => world.caches.delete(name),
    match: async (key) => {
      for (const cache of world.caches.values()) {
        const found = await cache.match(key);
        if (found) return found;
      }
      return undefined;
    },
  };
  for (const cache of world.caches.values()) cache.network = network;
  class Request {
    constructor(url, init = {}) {
      this.url = url;
      this.method = init.method ?? "GET";
      this.mode = init.mode ?? "cors";
      this.cache = init.cache ?? "default";
    }
  }
  const self = {
    location: { href: `${BASE}sw.js` },
    addEventListener: (type, fn) => (listeners[type] = fn),
    clients: { claim: async () => (world.claimed = true) },
    skipWaiting: async () => (world.skipped = true),
  };
  const sandbox = {
    self,
    caches,
    fetch: network,
    Request,
    Response,
    URL,
    Promise,
    setTimeout: (fn, _ms, ...args) => timers.push(() => fn(...args)),
  };
  vm.runInNewContext(source, sandbox, { filename: "sw.js" });

  /** Send an install or activate event and wait for what it waits on. */
  async function lifecycle(type) {
    const waits = [];
    listeners[type]({ waitUntil: (p) => waits.push(p) });
    await Promise.all(waits);
  }

  /**
   * Send a fetch: the response the worker gives, or null when it leaves the request alone.
   * @param {string} url
   * @param {{ method?: string, mode?: string }} [init]
   * @param {{ waitForAll?: boolean }} [options]  false: do not wait for what the worker goes on doing
   */
  async function request(url, init = {}, { waitForAll = true } = {}) {
    let responded = null;
    const waits = [];
    listeners.fetch({
      request: new Request(url, init),
      respondWith: (p) => (responded = p),
      waitUntil: (p) => waits.push(p),
    });
    if (responded === null) return null;
    const response = await responded;
    if (waitForAll) await Promise.all(waits);
    return response;
  }

  return { world, lifecycle, request, listeners, timers, caches };
}

const page = (path) => ({ url: BASE + path, init: { mode: "navigate" } });
const ARTICLES = BASE + "worksheet/articles.json"; // generator/render.py WORKSHEET_ARTICLES

describe("the service worker", () => {
  let w;
  beforeEach(async () => {
    w = start();
    await w.lifecycle("install");
    await w.lifecycle("activate");
  });

  test("installing keeps the worksheet and every listed file, fetched past the HTTP cache, and the list of articles", () => {
    const files = w.world.caches.get("next-round-files-v1");
    assert.deepEqual([...files.entries.keys()], [BASE + "worksheet/", ...FILES.map((f) => BASE + f), ARTICLES]);
    const fetched = w.world.fetched.filter((f) => f.url !== ARTICLES);
    assert.ok(fetched.every((f) => f.cache === "reload"));
  });

  test("a missing list of articles does not stop the install: the worksheet works without it", async () => {
    const next = start(built("v2"), { caches: new Map() });
    next.world.missing.add(ARTICLES);
    await next.lifecycle("install");
    const files = next.world.caches.get("next-round-files-v2");
    assert.deepEqual([...files.entries.keys()], [BASE + "worksheet/", ...FILES.map((f) => BASE + f)]);
  });

  test("the list of articles: from the network while online (and kept with this version's files), else the kept copy", async () => {
    w.world.pages.set(ARTICLES, '{"version":1,"articles":["fresh"]}');
    const fresh = await w.request(ARTICLES);
    assert.equal(await fresh.text(), '{"version":1,"articles":["fresh"]}');
    const kept = await w.world.caches.get("next-round-files-v1").match(ARTICLES);
    assert.equal(await kept.text(), '{"version":1,"articles":["fresh"]}');
    assert.ok(!w.world.caches.get("next-round-pages")?.entries.has(ARTICLES), "not among the pages read");
    w.world.online = false;
    assert.equal(await (await w.request(ARTICLES)).text(), '{"version":1,"articles":["fresh"]}');
    assert.equal(await w.request(`${ARTICLES}?q=late`), null, "never with a query");
  });

  test("activating drops the files of older versions, keeps the pages read, and takes over open pages", async () => {
    await w.request(BASE + "articles/nerves/", { mode: "navigate" });
    const next = start(built("v2"), { caches: w.world.caches });
    await next.lifecycle("install");
    assert.deepEqual([...w.world.caches.keys()].sort(), ["next-round-files-v1", "next-round-files-v2", "next-round-pages"]);
    await next.lifecycle("activate");
    assert.deepEqual([...w.world.caches.keys()].sort(), ["next-round-files-v2", "next-round-pages"]);
    assert.equal(next.world.claimed, true);
  });

  test("it leaves alone what is not this site's own page or file, by GET, without a query", async () => {
    for (const [url, init] of [
      ["https://elsewhere.example/next-round/worksheet/", { mode: "navigate" }],
      ["https://example.org/other-site/", { mode: "navigate" }],
      [`${BASE}worksheet/`, { mode: "navigate", method: "POST" }],
      [`${BASE}search/?q=nerves`, { mode: "navigate" }],
      [`${BASE}articles/x/?utm_source=mail`, { mode: "navigate" }],
      [`${BASE}sw.js`, {}],
      [`${BASE}img/photo.jpg`, {}],
      [`${BASE}pagefind/pagefind.js`, {}],
    ]) {
      assert.equal(await w.request(url, init), null, url);
    }
    assert.ok(!w.world.caches.has("next-round-pages"), "nothing stored");
  });

  test("a page online: from the network, and kept", async () => {
    w.world.pages.set(BASE + "articles/nerves/", "fresh article");
    const response = await w.request(page("articles/nerves/").url, page("").init);
    assert.equal(await response.text(), "fresh article");
    const kept = await w.world.caches.get("next-round-pages").match(BASE + "articles/nerves/");
    assert.equal(await kept.text(), "fresh article");
  });

  test("a page offline: the kept copy; one never read fails as it would without a worker", async () => {
    w.world.pages.set(BASE + "articles/nerves/", "read on the way in");
    await w.request(BASE + "articles/nerves/", { mode: "navigate" });
    w.world.online = false;
    assert.equal(await (await w.request(BASE + "articles/nerves/#step-2", { mode: "navigate" })).text(), "read on the way in");
    assert.equal(await (await w.request(BASE + "worksheet/", { mode: "navigate" })).text(), `body of ${BASE}worksheet/`);
    await assert.rejects(w.request(BASE + "articles/never-read/", { mode: "navigate" }), TypeError);
  });

  test("the worksheet page, refreshed from the network, is kept with this version's files", async () => {
    w.world.pages.set(BASE + "worksheet/", "worksheet, fresh");
    await w.request(BASE + "worksheet/", { mode: "navigate" });
    const kept = await w.world.caches.get("next-round-files-v1").match(BASE + "worksheet/");
    assert.equal(await kept.text(), "worksheet, fresh");
    assert.ok(!w.world.caches.get("next-round-pages")?.entries.has(BASE + "worksheet/"));
  });

  test("on a network that does not answer, the kept copy after a wait (and the answer, when it comes, kept)", async () => {
    w.world.pages.set(BASE + "articles/slow/", "first");
    await w.request(BASE + "articles/slow/", { mode: "navigate" });
    let answer;
    w.world.stall = new Promise((resolve) => (answer = resolve));
    w.world.pages.set(BASE + "articles/slow/", "second");
    const responded = w.request(BASE + "articles/slow/", { mode: "navigate" }, { waitForAll: false });
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(w.timers.length, 1, "a timer, not an answer yet");
    w.timers.shift()();
    assert.equal(await (await responded).text(), "first");
    answer();
    await new Promise((resolve) => setImmediate(resolve));
    const kept = await w.world.caches.get("next-round-pages").match(BASE + "articles/slow/");
    assert.equal(await kept.text(), "second");
  });

  test("the pages read are a bounded list: the oldest is dropped, a page read again is kept longer", async () => {
    for (let i = 0; i < 45; i++) await w.request(`${BASE}articles/a${i}/`, { mode: "navigate" });
    await w.request(`${BASE}articles/a5/`, { mode: "navigate" });
    const kept = [...w.world.caches.get("next-round-pages").entries.keys()];
    assert.equal(kept.length, 40);
    assert.ok(!kept.includes(`${BASE}articles/a0/`) && !kept.includes(`${BASE}articles/a4/`));
    assert.equal(kept.at(-1), `${BASE}articles/a5/`);
    assert.equal(kept[0], `${BASE}articles/a6/`);
  });

  test("files: the kept copy first; a fingerprinted one not listed is fetched once and kept", async () => {
    w.world.online = false;
    assert.equal(await (await w.request(BASE + "css/site.11111111.css")).text(), `body of ${BASE}css/site.11111111.css`);
    w.world.online = true;
    const before = w.world.fetched.length;
    await w.request(BASE + "js/worksheet/new.33333333.js");
    await w.request(BASE + "js/worksheet/new.33333333.js");
    assert.equal(w.world.fetched.length, before + 1);
  });

  test("it tells a page which files it keeps, and takes over only when asked", async () => {
    let answer = null;
    w.listeners.message({ data: { type: "files" }, ports: [{ postMessage: (m) => (answer = m) }] });
    assert.deepEqual(JSON.parse(JSON.stringify(answer)), { version: "v1", files: FILES.map((f) => BASE + f) });
    assert.equal(w.world.skipped, false);
    w.listeners.message({ data: { type: "take-over" }, ports: [] });
    assert.equal(w.world.skipped, true);
  });
});
