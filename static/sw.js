// @ts-check
/// <reference lib="webworker" />
// The site's service worker: after a first visit to the worksheet, the worksheet, its files and the list
// of articles its further reading draws on open with no network, and so do the articles the reader opened
// since (a bounded cache, oldest dropped).
//
// What it never does: it never sees what the reader types (answers live in the page's localStorage,
// which a worker cannot reach, and the worksheet sends nothing), never stores an address with a query
// string, never touches a request to another origin, and never reloads a page. A new version waits
// until the worksheet asks it to take over: at once from a page of that very version, or when the
// reader of an older page chooses "Reload" (static/js/worksheet/updates.js).
//
// It lives at the site's root so that its scope covers the worksheet and the articles, and keeps its
// name: a browser looks for a new version at the address it registered. The build fills in BUILD below
// (generator/assets.py) with the files to keep and a version made from their content, so each deploy
// that changes them is a new worker.

const BUILD = { version: "", files: [] }; // filled in by the build

/** @type {ServiceWorkerGlobalScope} */
const worker = /** @type {any} */ (self);

const PREFIX = "next-round-";
const FILES = `${PREFIX}files-${BUILD.version}`; // this version's files, the worksheet page and its list of articles
const PAGES = `${PREFIX}pages`; // pages the reader opened, newest last
const PAGES_KEPT = 40;
const NETWORK_WAIT_MS = 4000; // a page from the network, or else the kept copy after this long
const SCOPE = new URL("./", worker.location.href).href;
const WORKSHEET = new URL("worksheet/", SCOPE).href;
// Every article's card, which the worksheet's further reading fetches (generator/render.py WORKSHEET_ARTICLES).
// Its name stays while articles change: like the worksheet page, asked of the network first, then kept.
const ARTICLES = new URL("worksheet/articles.json", SCOPE).href;
/** Kept with this version's files and always asked of the network first. */
const LIVE = new Set([WORKSHEET, ARTICLES]);
/** Fingerprinted files (`site.3f2a9c1b.css`) never change: a copy is as good as the network. */
const FINGERPRINTED = /\.[0-9a-f]{8}\.(css|js)$/;
const KEPT_FILES = new Set(BUILD.files.map((file) => new URL(file, SCOPE).href));

worker.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(FILES).then(async (cache) => {
      // "reload": straight from the server, never from an HTTP cache that may hold an older deploy
      await cache.addAll([WORKSHEET, ...KEPT_FILES].map((url) => new Request(url, { cache: "reload" })));
      // The worksheet works without the list of articles (it shows the editors' choices), so a list that
      // cannot be had now does not stop the worker. The HTTP cache may answer (the page fetched the list
      // moments ago: no second download), as each later fetch of it refreshes the copy from the network.
      await cache.add(new Request(ARTICLES)).catch(() => undefined);
    }),
  );
});

worker.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith(`${PREFIX}files-`) && name !== FILES) await caches.delete(name);
      }
      await worker.clients.claim();
    })(),
  );
});

worker.addEventListener("message", (event) => {
  const data = event.data;
  if (data?.type === "files" && event.ports[0]) {
    event.ports[0].postMessage({ version: BUILD.version, files: [...KEPT_FILES] });
  } else if (data?.type === "take-over") {
    void worker.skipWaiting();
  }
});

worker.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  // Only this site's own files and pages, by GET, without a query: anything else goes by untouched.
  if (request.method !== "GET" || !request.url.startsWith(SCOPE) || url.search !== "" || url.href === worker.location.href) {
    return;
  }
  if (request.mode === "navigate" || url.href === ARTICLES) {
    event.respondWith(page(event, request, url));
  } else if (KEPT_FILES.has(url.href) || FINGERPRINTED.test(url.pathname)) {
    event.respondWith(file(request));
  }
});

/**
 * A page (or the list of articles): from the network when it answers in time (and kept for later), else
 * the kept copy.
 * @param {FetchEvent} event
 * @param {Request} request
 * @param {URL} url
 * @returns {Promise<Response>}
 */
async function page(event, request, url) {
  const key = url.origin + url.pathname; // without the #fragment
  const cacheName = LIVE.has(key) ? FILES : PAGES;
  const network = fetch(request).then(async (response) => {
    if (response.ok && response.type === "basic" && !response.redirected) {
      const cache = await caches.open(cacheName);
      if (cacheName === PAGES) await cache.delete(key); // to the back of the line: the newest is kept longest
      await cache.put(key, response.clone());
      if (cacheName === PAGES) await trim(cache, PAGES_KEPT);
    }
    return response;
  });
  event.waitUntil(network.catch(() => undefined)); // let a late answer still refresh the copy
  const kept = await caches.match(key);
  if (!kept) return network;
  const late = new Promise((resolve) => setTimeout(resolve, NETWORK_WAIT_MS, kept));
  return Promise.race([network.catch(() => kept), late]).then((r) => /** @type {Response} */ (r));
}

/**
 * A file of the site: the kept copy, else the network (and kept, in this version's cache).
 * @param {Request} request
 * @returns {Promise<Response>}
 */
async function file(request) {
  const kept = await caches.match(request);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok && response.type === "basic") {
    const cache = await caches.open(FILES);
    await cache.put(request, response.clone());
  }
  return response;
}

/**
 * Drop the oldest entries (a cache lists its keys in the order they were put) past `limit`.
 * @param {Cache} cache
 * @param {number} limit
 */
async function trim(cache, limit) {
  const keys = await cache.keys();
  for (const request of keys.slice(0, Math.max(0, keys.length - limit))) await cache.delete(request);
}
