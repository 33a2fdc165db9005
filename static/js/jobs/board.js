// @ts-check
// The job board's filters in the page: shows the form (the list works without it), reads each role from
// its card, and keeps the list, the count and the address's query in step with the form. Nothing is
// fetched: every open role is already in the page.

import { emptyQuery, isOpen, matches, readQuery, sorted, writeQuery } from "./filter.js";

const SETTLE_MS = 400; // the count is announced once typing pauses, not on every key
const PAGE = 100; // cards shown at first, and added by each "Show more": a filter then answers at once

/** @typedef {import("./filter.js").Role} Role */
/** @typedef {import("./filter.js").Query} Query */

/**
 * @param {HTMLElement} card
 * @returns {Role}
 */
function roleOf(card) {
  const data = card.dataset;
  const words = (/** @type {string | undefined} */ text) => (text ? text.split(" ").filter(Boolean) : []);
  return {
    text: data.text ?? "",
    workplace: data.workplace ?? "",
    countries: words(data.countries),
    types: words(data.types),
    tags: words(data.tags),
    currency: data.currency ?? "",
    yearMin: Number(data.yearMin),
    yearMax: Number(data.yearMax),
    posted: data.posted ?? "",
    closes: data.closes ?? "",
  };
}

/** Today in the reader's time zone, as YYYY-MM-DD. */
function today() {
  const now = new Date();
  const pad = (/** @type {number} */ n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * @param {HTMLFormElement} form
 * @returns {Query}
 */
function queryOf(form) {
  const data = new FormData(form);
  const text = (/** @type {string} */ name) => String(data.get(name) ?? "");
  return readQuery(
    writeQuery({
      q: text("q"),
      workplace: data.getAll("workplace").map(String),
      country: text("country"),
      type: data.getAll("type").map(String),
      min: Number(text("min")) || 0,
      currency: text("currency"),
      posted: Number(text("posted")) || 0,
      tag: text("tag"),
      sort: text("sort") || "newest",
    }),
  );
}

/**
 * @param {HTMLFormElement} form
 * @param {Query} query
 */
function fillForm(form, query) {
  for (const element of Array.from(form.elements)) {
    if (element instanceof HTMLInputElement && element.type === "checkbox") {
      const chosen = element.name === "workplace" ? query.workplace : query.type;
      element.checked = chosen.includes(element.value);
    } else if (element instanceof HTMLInputElement || element instanceof HTMLSelectElement) {
      const value = element.name === "min" ? (query.min || "") : element.name === "posted" ? query.posted : /** @type {any} */ (query)[element.name];
      if (value !== undefined) element.value = String(value);
      if (element instanceof HTMLSelectElement && element.selectedIndex < 0) element.selectedIndex = 0;
    }
  }
}

function start() {
  const form = document.getElementById("job-filters");
  const list = document.querySelector(".job-cards");
  const count = document.getElementById("job-count");
  const none = document.getElementById("job-none");
  const more = document.getElementById("job-more");
  const moreButton = more?.querySelector("button");
  if (!(form instanceof HTMLFormElement) || !list || !count || !none || !more || !moreButton) return;
  if (!("replaceState" in history)) return;
  const cards = Array.from(list.querySelectorAll("li.job-card")).filter((c) => c instanceof HTMLElement);
  const roles = new Map(cards.map((card) => [roleOf(/** @type {HTMLElement} */ (card)), /** @type {HTMLElement} */ (card)]));
  let timer = 0;
  let limit = PAGE;

  /** @param {boolean} settled whether to announce the count now (else once typing pauses) */
  const apply = (settled) => {
    const query = queryOf(form);
    const day = today();
    const open = [...roles.keys()].filter((role) => isOpen(role, day));
    const shown = new Set(open.filter((role) => matches(role, query, day)));
    // The list holds just the matching cards, in order (the others wait outside the page, so that layout
    // costs what is shown). It is left alone when nothing changed: moving the card being clicked (a
    // field's change event fires as it loses focus to the click) would swallow the click.
    const order = sorted([...shown], query.sort).map((role) => /** @type {HTMLElement} */ (roles.get(role)));
    const visible = order.slice(0, limit);
    if (visible.length !== list.children.length || visible.some((card, i) => list.children[i] !== card)) {
      list.replaceChildren(...visible);
    }
    const rest = order.length - visible.length;
    more.hidden = rest === 0;
    moreButton.textContent = `Show ${Math.min(rest, PAGE)} more of the ${order.length} roles`;
    none.hidden = shown.size > 0;
    const search = writeQuery(query);
    history.replaceState(history.state, "", `${location.pathname}${search}${location.hash}`);
    const closed = roles.size - open.length;
    const text =
      (shown.size === open.length ? `${open.length} open role${open.length === 1 ? "" : "s"}` : `${shown.size} of ${open.length} open roles`) +
      (closed ? ` (${closed} closed since this page was made)` : "");
    window.clearTimeout(timer);
    if (settled) count.textContent = text;
    else timer = window.setTimeout(() => (count.textContent = text), SETTLE_MS);
  };

  fillForm(form, readQuery(location.search));
  form.hidden = false;
  const panel = document.getElementById("job-filters-panel");
  // Open on wide screens, and wherever filters are set; on a phone the list comes first, behind one tap.
  if (panel instanceof HTMLDetailsElement) panel.open = matchMedia("(min-width: 48rem)").matches || location.search !== "";
  form.addEventListener("submit", (event) => event.preventDefault());
  const changed = (/** @type {boolean} */ settled) => {
    limit = PAGE; // a new question starts at the top
    apply(settled);
  };
  form.addEventListener("input", (event) => changed(!(event.target instanceof HTMLInputElement && event.target.type === "search")));
  form.addEventListener("change", () => changed(true));
  moreButton.addEventListener("click", () => {
    const first = list.children.length;
    limit += PAGE;
    apply(true);
    const next = list.children[first]?.querySelector("a");
    if (next instanceof HTMLElement) next.focus(); // keyboard and screen reader users land on the first new role
  });
  form.addEventListener("reset", () => window.setTimeout(() => (fillForm(form, emptyQuery()), changed(true))));
  none.querySelector("[data-action=clear]")?.addEventListener("click", () => form.reset());
  window.addEventListener("popstate", () => {
    fillForm(form, readQuery(location.search));
    changed(true);
  });
  apply(true);
}

start();
