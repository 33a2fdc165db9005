// @ts-check
// The job board's filters: shows the form (the pages work without it) and, once the reader asks for
// something, answers from every open role: jobs/roles.json, fetched from this site once, when the form
// is first used. With nothing asked, the page is the board's own page, with its links to the others.
// The list, the count and the address's query stay in step with the form.

import { emptyQuery, isEmpty, isOpen, matches, readQuery, rolesOf, sorted, writeQuery } from "./filter.js";

const SETTLE_MS = 400; // the count is announced once typing pauses, not on every key
const PAGE = 100; // cards shown at first, and added by each "Show more": a filter then answers at once

/** @typedef {import("./filter.js").Role} Role */
/** @typedef {import("./filter.js").Query} Query */

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

/**
 * A card for a role, made from one of the page's own cards (so the markup is the page's), its words
 * set as text.
 * @param {HTMLElement} model
 * @param {Role} role
 * @returns {HTMLElement}
 */
function cardFor(model, role) {
  const card = /** @type {HTMLElement} */ (model.cloneNode(true));
  const link = card.querySelector(".card-title a");
  if (link instanceof HTMLAnchorElement) {
    link.href = role.url;
    link.textContent = role.title;
  }
  const set = (/** @type {string} */ selector, /** @type {string} */ text) => {
    const element = card.querySelector(selector);
    if (element) element.textContent = text;
  };
  set(".job-employer", role.employer);
  set(".job-where", role.where);
  set(".job-pay", role.pay);
  const [posted, closes] = Array.from(card.querySelectorAll("time"));
  if (posted && closes) {
    posted.dateTime = role.posted;
    posted.textContent = role.postedText;
    closes.dateTime = role.closes;
    closes.textContent = role.closesText;
  }
  return card;
}

/** @param {number} n */
const roles = (n) => `${n} open role${n === 1 ? "" : "s"}`;

function start() {
  const form = document.getElementById("job-filters");
  const list = document.querySelector(".job-cards");
  const count = document.getElementById("job-count");
  const none = document.getElementById("job-none");
  const more = document.getElementById("job-more");
  const failed = document.getElementById("job-failed");
  const moreButton = more?.querySelector("button");
  const model = list?.querySelector("li.job-card");
  if (!(form instanceof HTMLFormElement) || !list || !count || !none || !more || !moreButton || !failed) return;
  const source = form.dataset.roles;
  if (!source || !(model instanceof HTMLElement) || !("replaceState" in history)) return;
  const pager = document.querySelector(".list-pages");
  const own = { cards: Array.from(list.children), count: count.textContent ?? "" }; // this page, as built
  /** @type {Promise<Role[]> | null} */
  let loading = null;
  /** @type {Role[] | null} */
  let all = null; // every open role, once fetched: then each change is answered at once
  /** @type {Map<Role, HTMLElement>} */
  const made = new Map();
  let timer = 0;
  let limit = PAGE;
  let asked = 0; // the latest question: an answer to an older one is dropped

  const load = () =>
    (loading ??= fetch(source, { credentials: "same-origin" })
      .then((response) => (response.ok ? response.json() : Promise.reject(new Error(String(response.status)))))
      .then(rolesOf)
      .then((roles) => (all = roles)));

  /** @param {string} text @param {boolean} settled whether to announce it now (else once typing pauses) */
  const announce = (text, settled) => {
    window.clearTimeout(timer);
    if (settled) count.textContent = text;
    else timer = window.setTimeout(() => (count.textContent = text), SETTLE_MS);
  };

  /** The page as built, less roles that closed since (the board is rebuilt daily; a tab can stay open). */
  const showOwn = () => {
    const day = today();
    const open = own.cards.filter((card) => (card.querySelectorAll("time")[1]?.getAttribute("datetime") ?? day) >= day);
    list.replaceChildren(...open);
    if (pager instanceof HTMLElement) pager.hidden = false;
    more.hidden = true;
    none.hidden = true;
    return own.count;
  };

  /** @param {boolean} settled */
  const apply = async (settled) => {
    const query = queryOf(form);
    history.replaceState(history.state, "", `${location.pathname}${writeQuery(query)}${location.hash}`);
    const question = ++asked;
    if (isEmpty(query)) return announce(showOwn(), settled);
    if (all === null) {
      try {
        await load();
      } catch {
        loading = null; // a later change tries again
        failed.hidden = false;
        return announce(showOwn(), true);
      }
      if (question !== asked || all === null) return;
    }
    failed.hidden = true;
    const day = today();
    const open = all.filter((role) => isOpen(role, day));
    const order = sorted(open.filter((role) => matches(role, query, day)), query.sort);
    const visible = order.slice(0, limit).map((role) => made.get(role) ?? made.set(role, cardFor(model, role)).get(role));
    // Left alone when nothing changed: moving the card being clicked (a field's change event fires as it
    // loses focus to the click) would swallow the click.
    if (visible.length !== list.children.length || visible.some((card, i) => list.children[i] !== card)) {
      list.replaceChildren(.../** @type {HTMLElement[]} */ (visible));
    }
    if (pager instanceof HTMLElement) pager.hidden = true; // the answer is every page's roles
    const rest = order.length - visible.length;
    more.hidden = rest === 0;
    moreButton.textContent = `Show ${Math.min(rest, PAGE)} more of the ${order.length} roles`;
    none.hidden = order.length > 0;
    announce(order.length === open.length ? roles(open.length) : `${order.length} of ${roles(open.length)}`, settled);
  };

  fillForm(form, readQuery(location.search));
  form.hidden = false;
  const panel = document.getElementById("job-filters-panel");
  // Open on wide screens, and wherever filters are set; on a phone the list comes first, behind one tap.
  if (panel instanceof HTMLDetailsElement) panel.open = matchMedia("(min-width: 48rem)").matches || location.search !== "";
  form.addEventListener("focusin", () => void load().catch(() => (loading = null)), { once: true }); // ready by the first key
  form.addEventListener("submit", (event) => event.preventDefault());
  const changed = (/** @type {boolean} */ settled) => {
    limit = PAGE; // a new question starts at the top
    void apply(settled);
  };
  form.addEventListener("input", (event) => changed(!(event.target instanceof HTMLInputElement && event.target.type === "search")));
  form.addEventListener("change", () => changed(true));
  moreButton.addEventListener("click", async () => {
    const first = list.children.length;
    limit += PAGE;
    await apply(true);
    const next = list.children[first]?.querySelector("a");
    if (next instanceof HTMLElement) next.focus(); // keyboard and screen reader users land on the first new role
  });
  form.addEventListener("reset", () => window.setTimeout(() => (fillForm(form, emptyQuery()), changed(true))));
  none.querySelector("[data-action=clear]")?.addEventListener("click", () => form.reset());
  window.addEventListener("popstate", () => {
    fillForm(form, readQuery(location.search));
    changed(true);
  });
  void apply(true);
}

start();
