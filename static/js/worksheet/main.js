// @ts-check
// The worksheet's entry point: checks that this browser can run it ("cuts the mustard"), reads
// the data the build embedded in the page, and wires the store, the screen and dispatch together.
// Without this script the page is still a complete form that can be filled in and printed.
// Once the page is drawn, it fetches the list of every article from this site (reading.js).

import { createDispatch } from "./dispatch.js";
import { isSafeKey } from "./keys.js";
import { isPlainObject } from "./plain-data.js";
import { createReading, isArticle } from "./reading.js";
import { createScreen } from "./screen.js";
import { FACTOR_KINDS } from "./steps.js";
import { browserStorage, openStore } from "./store.js";
import { keepOffline } from "./updates.js";

/** @typedef {import("./types.js").Factor} Factor */
/** @typedef {import("./types.js").Article} Article */

/** Everything the enhanced worksheet relies on; without it, the plain form stays as it is. */
function cutsTheMustard() {
  return (
    typeof globalThis.crypto?.randomUUID === "function" &&
    typeof globalThis.structuredClone === "function" &&
    typeof Object.hasOwn === "function" &&
    typeof globalThis.CSS?.escape === "function" &&
    "content" in document.createElement("template") &&
    typeof Element.prototype.replaceChildren === "function" &&
    typeof globalThis.HTMLDialogElement?.prototype.showModal === "function" &&
    typeof Blob === "function" &&
    typeof URL.createObjectURL === "function"
  );
}

/** @param {unknown} value @returns {value is string[]} */
const isStrings = (value) => Array.isArray(value) && value.every((v) => typeof v === "string");

/**
 * The address of the list of articles, if it is on this site (the page's policy would block any other).
 * @param {unknown} value
 * @returns {string | null}
 */
function sameOrigin(value) {
  if (typeof value !== "string") return null;
  try {
    const url = new URL(value, document.baseURI);
    return url.origin === location.origin ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * The factors (site.toml), the editors' choices among the articles, and where the list of every
 * article is: what the build put in the page, so the worksheet works before (or without) any fetch.
 * @returns {{ factors: Factor[], articles: Article[], articlesUrl: string | null } | null}
 */
function readData() {
  /** @type {unknown} */
  let data;
  try {
    data = JSON.parse(document.getElementById("worksheet-data")?.textContent ?? "");
  } catch {
    return null;
  }
  if (!isPlainObject(data) || !Array.isArray(data.factors) || !Array.isArray(data.articles)) return null;
  const factors = data.factors.filter(
    (f) =>
      isPlainObject(f) &&
      isSafeKey(f.id) &&
      typeof f.label === "string" &&
      FACTOR_KINDS.includes(/** @type {string} */ (f.kind)) &&
      typeof f.suggestion === "string" &&
      isStrings(f.tags) &&
      (f.articles === undefined || isStrings(f.articles)),
  );
  return {
    factors: /** @type {Factor[]} */ (factors),
    articles: data.articles.filter(isArticle),
    articlesUrl: sameOrigin(data.articlesUrl),
  };
}

/**
 * Run `task` once the page has been painted: the reader sees the worksheet before anything else loads.
 * @param {() => void} task
 */
function afterFirstPaint(task) {
  requestAnimationFrame(() => setTimeout(task, 0));
}

function start() {
  const form = document.getElementById("worksheet");
  if (!(form instanceof HTMLFormElement) || !cutsTheMustard()) return;
  const data = readData();
  if (!data) return;

  // One way: the screen only draws and reports what the reader does; dispatch changes the
  // session and tells the screen what to show. Nothing is created before what it needs.
  const store = openStore(browserStorage());
  const reading = createReading(data.articles, data.articlesUrl, { onChange: () => dispatch({ type: "reading-changed" }) });
  const screen = createScreen(document, form, { factors: data.factors, reading });
  // The service worker keeps this page for use offline; a newer version is offered, never forced.
  const offline = document.getElementById("ws-offline")?.dataset ?? {};
  const where = { worker: offline.worker ?? "", scope: offline.scope ?? "" };
  const updates = keepOffline(document, where, () => dispatch({ type: "new-version" }));
  const dispatch = createDispatch({ store, screen, factors: data.factors, reading, updates });
  screen.enhance();
  screen.listen(dispatch);
  dispatch({ type: "start" });
  afterFirstPaint(() => void reading.load());
  // Occasions to try again for a list that did not come (edits are one too: edit-actions.js).
  window.addEventListener("online", () => void reading.load());

  window.addEventListener("storage", (event) => dispatch({ type: "storage", event }));
  // Save what is pending when the tab is hidden or closed: the debounce timer may never fire.
  window.addEventListener("pagehide", () => dispatch({ type: "flush" }));
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") dispatch({ type: "flush" });
    else void reading.load();
  });
  window.addEventListener("beforeunload", (event) => dispatch({ type: "before-unload", event }));
  document.documentElement.classList.add("ws-ready");
}

start();
