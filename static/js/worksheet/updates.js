// @ts-check
// Offline use and updates: registers the site's service worker (static/sw.js), which keeps this page
// and its files so the worksheet opens with no network, and says when a newer version is ready. It
// never reloads the page by itself: the reader chooses when, from the notice.

/** Fingerprinted files (`main.3f2a9c1b.js`): a new deploy that changes one gives it a new name. */
const FINGERPRINTED = /\.[0-9a-f]{8}\.(css|js)$/;
const ANSWER_WAIT_MS = 3000;
/** The worker's cache of the pages the reader opened (static/sw.js PAGES): which articles were read. */
const PAGES_CACHE = "next-round-pages";

/**
 * Forget which pages were read (the worker's copies of them); the worksheet's own files stay, so
 * it still opens offline. For "delete everything on this device".
 * @returns {Promise<void>}
 */
export async function forgetPagesRead() {
  try {
    await globalThis.caches?.delete(PAGES_CACHE);
  } catch {
    // no caches in this browser (or none allowed): nothing was kept
  }
}

/**
 * Whether every fingerprinted file this page loaded is one a worker keeps. A worker that keeps other
 * files comes from a newer deploy (or an older one): this page is not what it would serve.
 * @param {string[]} pageFiles  absolute URLs of the page's scripts and stylesheets
 * @param {string[]} workerFiles  absolute URLs the worker keeps
 */
export function pageIsCurrent(pageFiles, workerFiles) {
  const kept = new Set(workerFiles);
  return pageFiles.filter((url) => FINGERPRINTED.test(new URL(url).pathname)).every((url) => kept.has(url));
}

/**
 * The scripts and stylesheets of a page, as absolute URLs.
 * @param {Document} doc
 */
function filesOf(doc) {
  return [...doc.querySelectorAll("script[src], link[rel=stylesheet][href]")].map(
    (node) => /** @type {HTMLScriptElement | HTMLLinkElement} */ (node)[node instanceof HTMLScriptElement ? "src" : "href"],
  );
}

/**
 * Ask a worker which files it keeps; null when it does not say (an old or a retiring worker).
 * @param {ServiceWorker} worker
 * @returns {Promise<string[] | null>}
 */
function filesKeptBy(worker) {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    const timer = setTimeout(() => resolve(null), ANSWER_WAIT_MS);
    channel.port1.onmessage = (event) => {
      clearTimeout(timer);
      const files = event.data?.files;
      resolve(Array.isArray(files) && files.every((f) => typeof f === "string") ? files : null);
    };
    worker.postMessage({ type: "files" }, [channel.port2]);
  });
}

/**
 * Register the worker once the page has loaded, and watch for newer versions.
 * @param {Document} doc
 * @param {{ worker: string, scope: string }} where  the worker's URL and the scope it covers
 * @param {() => void} onNewVersion  a newer version is ready; called again if it is still so later
 * @returns {{ reload: () => void }}  reload into the newer version (after the reader asked)
 */
export function keepOffline(doc, where, onNewVersion) {
  const container = navigator.serviceWorker;
  const win = doc.defaultView;
  if (!container || !win?.isSecureContext || !where.worker) return { reload: () => win?.location.reload() };
  const mine = filesOf(doc);
  let reloading = false;
  /** @type {ServiceWorkerRegistration | null} */
  let registration = null;

  /** @param {ServiceWorker} worker  a newly installed or newly controlling one */
  async function consider(worker) {
    const files = await filesKeptBy(worker);
    if (files === null) return;
    if (!pageIsCurrent(mine, files)) onNewVersion();
    // This page is what the waiting worker serves (it was fetched from the network): let it take over.
    else if (worker.state === "installed") worker.postMessage({ type: "take-over" });
  }

  async function register() {
    try {
      registration = await container.register(where.worker, { scope: where.scope, updateViaCache: "none" });
    } catch {
      return; // no offline copy: the page works as before
    }
    const reg = registration;
    if (reg.waiting && container.controller) void consider(reg.waiting);
    reg.addEventListener("updatefound", () => {
      const incoming = reg.installing;
      incoming?.addEventListener("statechange", () => {
        if (incoming.state === "installed" && container.controller) void consider(incoming);
      });
    });
    // Coming back to the tab is when a new deploy matters: look for one (the browser also does on each visit).
    doc.addEventListener("visibilitychange", () => {
      if (doc.visibilityState === "visible") reg.update().catch(() => undefined);
    });
  }

  container.addEventListener("controllerchange", () => {
    if (reloading) win.location.reload();
    else if (container.controller) void consider(container.controller);
  });
  if (doc.readyState === "complete") void register();
  else win.addEventListener("load", () => void register(), { once: true });

  return {
    reload() {
      reloading = true;
      const waiting = registration?.waiting;
      if (!waiting) {
        win.location.reload();
        return;
      }
      waiting.postMessage({ type: "take-over" }); // the new controller's arrival reloads the page
      setTimeout(() => win.location.reload(), ANSWER_WAIT_MS);
    },
  };
}
