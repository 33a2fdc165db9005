// @ts-check
// The site's articles, for step 4's further reading and the Markdown export. The page embeds only the
// editors' choices (the articles site.toml names for each factor), so they show at once and with no
// network; every article's card is in a file of this site (worksheet/articles.json), fetched once the
// page has been drawn. That fetch is a plain GET of a static file: it carries nothing the reader typed,
// and it is made on every visit alike, so not even its timing tells what the reader does here.

import { isPlainObject } from "./plain-data.js";

/** @typedef {import("./types.js").Article} Article */
/** @typedef {"pending" | "ready" | "failed"} ReadingStatus  pending: not fetched yet; failed: the last try */

export const LIST_VERSION = 1; // what generator/feeds.py worksheet_articles writes
const RETRY_GAP_MS = 2000; // after a failure, occasions closer together than this do not try again
const TIMEOUT_MS = 20000; // a list that has not come by then is treated as failed (and tried again later)

/** @param {unknown} value @returns {value is string[]} */
const isStrings = (value) => Array.isArray(value) && value.every((v) => typeof v === "string");

/**
 * An article card as the build writes it, pointing into this site (a path, never another origin).
 * @param {unknown} value
 * @returns {value is Article}
 */
export function isArticle(value) {
  return (
    isPlainObject(value) &&
    typeof value.title === "string" &&
    typeof value.url === "string" &&
    value.url.startsWith("/") &&
    !value.url.startsWith("//") &&
    typeof value.description === "string" &&
    isStrings(value.tags)
  );
}

/**
 * The articles in a fetched list, or null when it is not the list this worksheet reads.
 * @param {unknown} data
 * @returns {Article[] | null}
 */
export function parseArticleList(data) {
  if (!isPlainObject(data) || data.version !== LIST_VERSION || !Array.isArray(data.articles)) return null;
  return data.articles.filter(isArticle);
}

/**
 * Every article of the list, and after them any editor's choice it lacks (a list older than the page).
 * @param {Article[]} all
 * @param {Article[]} chosen
 * @returns {Article[]}
 */
export function withChoices(all, chosen) {
  const listed = new Set(all.map((a) => a.url));
  return [...all, ...chosen.filter((a) => !listed.has(a.url))];
}

/**
 * The articles to draw on: the embedded choices until the list has come, then the list.
 * @param {Article[]} chosen  the editors' choices the build put in the page
 * @param {string | null} url  the list's address on this site (null: there is none to fetch)
 * @param {{ fetch?: typeof fetch, now?: () => number, onChange?: () => void }} [options]
 *   onChange: called when the articles or the status change
 */
export function createReading(chosen, url, { fetch: fetcher = globalThis.fetch, now = Date.now, onChange = () => {} } = {}) {
  /** @type {Article[] | null} */
  let all = null;
  /** @type {ReadingStatus} */
  let status = "pending";
  let inFlight = false;
  let failedAt = -Infinity;

  /** @returns {Promise<Article[] | null>} */
  async function fetchList() {
    if (url === null) return null;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
    try {
      const response = await fetcher(url, { credentials: "same-origin", signal: controller.signal });
      return response.ok ? parseArticleList(await response.json()) : null;
    } catch {
      return null; // offline, aborted, or not JSON: the choices stay, and the next occasion tries again
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Fetch the list unless it is here, on its way, or failed moments ago. Called once the page is drawn,
   * and again on each occasion that follows a failure (an edit, the tab shown again, the network back).
   * @returns {Promise<void>}
   */
  async function load() {
    if (all !== null || inFlight || now() - failedAt < RETRY_GAP_MS) return;
    inFlight = true;
    const found = await fetchList();
    inFlight = false;
    if (found !== null) {
      all = withChoices(found, chosen);
      status = "ready";
    } else {
      failedAt = now();
      if (status === "failed") return; // nothing new to show
      status = "failed";
    }
    onChange();
  }

  return {
    /** @returns {Article[]} */
    articles: () => all ?? chosen,
    /** @returns {ReadingStatus} */
    status: () => status,
    load,
  };
}

/** @typedef {ReturnType<typeof createReading>} Reading */
