// @ts-check
// The worksheet's entry point: checks that this browser can run it ("cuts the mustard"), reads
// the data the build embedded in the page, and wires storage, session, form and panels together.
// Without this script the page is still a complete form that can be filled in and printed.

import { isSafeKey } from "./keys.js";
import { createPanels } from "./panels.js";
import { isPlainObject } from "./plain-data.js";
import { createSession } from "./session.js";
import { browserStorage, openStore } from "./store.js";
import { createFormView } from "./view.js";

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
 * The factors (site.toml) and articles the build put in the page, so nothing is fetched.
 * @returns {{ factors: Factor[], articles: Article[] } | null}
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
      ["wrong", "right", "both"].includes(/** @type {string} */ (f.kind)) &&
      typeof f.suggestion === "string" &&
      isStrings(f.tags),
  );
  const articles = data.articles.filter(
    (a) =>
      isPlainObject(a) &&
      typeof a.title === "string" &&
      typeof a.url === "string" &&
      typeof a.description === "string" &&
      typeof a.topic === "string" &&
      isStrings(a.tags),
  );
  return { factors: /** @type {Factor[]} */ (factors), articles: /** @type {Article[]} */ (articles) };
}

function start() {
  const form = document.getElementById("worksheet");
  if (!(form instanceof HTMLFormElement) || !cutsTheMustard()) return;
  const data = readData();
  if (!data) return;

  const store = openStore(browserStorage());
  /** @type {(event: import("./session.js").SessionEvent) => void} */
  let report = () => {};
  const session = createSession(store, { onEvent: (event) => report(event) });
  const view = createFormView(form, {
    ...data,
    session,
    onEdit: () => panels.renderList(),
    onProblem: (message) => panels.setStatus(message),
  });
  const panels = createPanels(document, { session, store, form: view, factors: data.factors });
  report = (event) => {
    panels.onSessionEvent(event);
    // Another tab may run a newer version and have saved in its format: from then on, only read.
    if (session.readOnly) view.setReadOnly(true);
  };

  panels.keepBlankCopy(); // before enhancing: "Print blank" prints the plain form
  for (const node of document.querySelectorAll("[data-js-only]")) /** @type {HTMLElement} */ (node).hidden = false;
  for (const node of document.querySelectorAll("[data-nojs-only]")) /** @type {HTMLElement} */ (node).hidden = true;
  view.enhance();
  panels.bind();

  const loaded = session.load();
  panels.renderAll();
  if (session.readOnly) view.setReadOnly(true);
  panels.showLoadResult(loaded);

  window.addEventListener("storage", (event) => session.onStorage(event));
  // Save what is pending when the tab is hidden or closed: the debounce timer may never fire.
  window.addEventListener("pagehide", () => session.flush());
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") session.flush();
  });
  window.addEventListener("beforeprint", () => view.syncAllMirrors());
  window.addEventListener("beforeunload", (event) => {
    // Changes held back by a two-tab conflict would be lost: let the browser ask.
    if (session.dirty && session.hold) event.preventDefault();
  });
  document.documentElement.classList.add("ws-ready");
}

start();
