// @ts-check
/**
 * Site search on Pagefind's JS API, entirely in the browser.
 *
 * The query travels in the address's fragment (`search/#q=nerves`), which browsers never send to a
 * server, so a search stays on the reader's device. Every page's header form is sent to the search
 * page that way; without JavaScript it is a plain link to the search page, which lists the topics.
 * Results are built from DOM nodes and text, never from HTML strings.
 */

const PAGE_SIZE = 10;
const TYPING_PAUSE_MS = 250;

/** @typedef {{ text: string, marked: boolean }} Piece */
/** @typedef {{ url: string, excerpt: string, meta: Record<string, string | undefined> }} ResultData */
/** @typedef {{ id: string, data: () => Promise<ResultData> }} Result */
/**
 * @typedef {object} Pagefind
 * @property {(query: string) => Promise<{ results: Result[] } | null>} search
 * @property {() => Promise<void>} [init]
 * @property {(path: string) => Promise<void>} mergeIndex
 */

/**
 * Split a Pagefind excerpt into plain-text pieces. Pagefind escapes `<` and `>` in the page's text (and
 * nothing else) and wraps each hit in `<mark>`, so any real tag in an excerpt is one of its marks.
 * @param {string} excerpt
 * @returns {Piece[]}
 */
export function excerptPieces(excerpt) {
  /** @type {Piece[]} */
  const pieces = [];
  let marked = false;
  for (const part of excerpt.split(/(<\/?mark>)/)) {
    if (part === "<mark>" || part === "</mark>") {
      marked = part === "<mark>";
    } else if (part) {
      pieces.push({ text: part.replaceAll("&lt;", "<").replaceAll("&gt;", ">"), marked });
    }
  }
  return pieces;
}

/**
 * The query in an address's fragment (`#q=...`), or null when the fragment holds none (`#main`).
 * @param {string} hash
 * @returns {string | null}
 */
export function queryFromHash(hash) {
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  return params.has("q") ? (params.get("q") ?? "").trim() : null;
}

/**
 * The fragment that carries a query (`#q=night+before`), or "" for none.
 * @param {string} query
 * @returns {string}
 */
export function hashForQuery(query) {
  return query ? `#${new URLSearchParams({ q: query })}` : "";
}

/**
 * Send a header search form to the search page with the query in the fragment.
 * @param {HTMLFormElement} form
 */
function enhanceHeaderForm(form) {
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const input = /** @type {HTMLInputElement} */ (form.querySelector("input[type=search]"));
    const target = new URL(form.action);
    target.search = "";
    target.hash = hashForQuery(input.value.trim());
    window.location.assign(target.href);
  });
}

/**
 * A `<mark>`-free list item for one result; the URL must stay on this site.
 * @param {ResultData} data
 * @returns {HTMLLIElement | null}
 */
function resultItem(data) {
  const url = new URL(data.url, window.location.href);
  if (url.origin !== window.location.origin) return null;
  const item = document.createElement("li");
  item.className = "search-result";
  const heading = document.createElement("h2");
  heading.className = "search-result-title";
  const link = document.createElement("a");
  link.href = url.href;
  link.textContent = data.meta.title || url.pathname;
  heading.append(link);
  const excerpt = document.createElement("p");
  excerpt.className = "search-excerpt";
  for (const piece of excerptPieces(data.excerpt)) {
    if (piece.marked) {
      const mark = document.createElement("mark");
      mark.textContent = piece.text;
      excerpt.append(mark);
    } else {
      excerpt.append(piece.text);
    }
  }
  item.append(heading, excerpt);
  return item;
}

/**
 * @param {number} count
 * @param {string} query
 * @returns {string}
 */
function summary(count, query) {
  if (count === 0) return `Nothing matches “${query}”. Try a shorter or different word, or browse the topics below.`;
  return `${count} ${count === 1 ? "result" : "results"} for “${query}”`;
}

/**
 * The folders of the search index: one, or (a large site's) the parts listed in its parts file.
 * @param {HTMLFormElement} form
 * @returns {Promise<string[]>} paths ending in "/"
 */
export async function indexParts(form) {
  if (form.dataset.bundle) return [new URL(".", new URL(form.dataset.bundle, window.location.href)).pathname];
  const listing = new URL(/** @type {string} */ (form.dataset.parts), window.location.href);
  const response = await fetch(listing, { cache: "no-cache" });
  if (!response.ok) throw new Error(`${listing.pathname}: HTTP ${response.status}`);
  const names = await response.json();
  if (!Array.isArray(names) || names.length === 0 || !names.every((name) => typeof name === "string")) {
    throw new Error(`${listing.pathname}: not a list of folders`);
  }
  return names.map((name) => new URL(name, listing).pathname);
}

/**
 * Run the search page: the form, the results, the status line and the address.
 * @param {HTMLFormElement} form
 */
function startSearchPage(form) {
  const input = /** @type {HTMLInputElement} */ (form.querySelector("input[type=search]"));
  const status = /** @type {HTMLElement} */ (document.querySelector("[data-search-status]"));
  const list = /** @type {HTMLOListElement} */ (document.querySelector("[data-search-results]"));
  const fallback = document.querySelector("[data-search-fallback]");
  const more = document.createElement("button");
  more.type = "button";
  more.className = "button button-quiet search-more";
  more.textContent = "Show more results";
  more.hidden = true;
  list.after(more);

  /** @type {Promise<Pagefind> | null} */
  let loading = null;
  const pagefind = () => {
    loading ??= indexParts(form).then(async ([first, ...others]) => {
      const module = /** @type {Pagefind} */ (await import(`${first}pagefind.js`));
      await module.init?.();
      // the other parts share the first one's WebAssembly; results are ranked across all of them
      await Promise.all(others.map((part) => module.mergeIndex(part)));
      return module;
    });
    return loading;
  };
  let latest = 0;
  /** @type {Result[]} */
  let pending = [];

  /** @param {number} ticket */
  async function showNext(ticket) {
    const page = pending.slice(0, PAGE_SIZE);
    pending = pending.slice(PAGE_SIZE);
    const found = await Promise.all(page.map((result) => result.data()));
    if (ticket !== latest) return;
    for (const data of found) {
      const item = resultItem(data);
      if (item) list.append(item);
    }
    more.hidden = pending.length === 0;
  }

  /**
   * @param {string} query
   * @param {boolean} remember whether to put the query in the address
   */
  async function run(query, remember) {
    const ticket = ++latest;
    if (remember) {
      const address = window.location.pathname + window.location.search + hashForQuery(query);
      window.history.replaceState(null, "", address);
    }
    if (!query) {
      list.replaceChildren();
      pending = [];
      more.hidden = true;
      status.textContent = "";
      return;
    }
    try {
      const search = await (await pagefind()).search(query);
      if (ticket !== latest || search === null) return;
      list.replaceChildren();
      pending = search.results;
      await showNext(ticket);
      if (ticket === latest) status.textContent = summary(search.results.length, query);
    } catch (error) {
      if (ticket !== latest) return;
      list.replaceChildren();
      more.hidden = true;
      status.textContent = "Search could not load just now. The topics below lead to every article.";
      console.error(error);
    }
  }

  /** @type {number | undefined} */
  let timer;
  input.addEventListener("input", () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => run(input.value.trim(), true), TYPING_PAUSE_MS);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    window.clearTimeout(timer);
    run(input.value.trim(), true);
  });
  more.addEventListener("click", () => {
    const first = list.children.length;
    showNext(latest).then(() => {
      /** @type {HTMLElement | null} */ (list.children[first]?.querySelector("a") ?? null)?.focus();
    });
  });
  window.addEventListener("hashchange", () => {
    const query = queryFromHash(window.location.hash);
    if (query !== null && query !== input.value.trim()) {
      input.value = query;
      run(query, false);
    }
  });

  form.hidden = false;
  if (fallback instanceof HTMLElement) fallback.hidden = true;
  const initial = queryFromHash(window.location.hash);
  if (initial) {
    input.value = initial;
    run(initial, false);
  }
}

// Cut the mustard: without WebAssembly Pagefind cannot run, and the topic links remain.
if ("WebAssembly" in window) {
  const page = document.querySelector("form[data-search]");
  if (page instanceof HTMLFormElement) startSearchPage(page);
  for (const form of document.querySelectorAll("form.header-search")) {
    if (form instanceof HTMLFormElement) enhanceHeaderForm(form);
  }
}
