// @ts-check
// The job board's filters as plain data: what a reader asked for (read from and written to the address's
// query, so a filtered view can be shared and survives a reload), and which roles match, in which order.
// No DOM here: the page (board.js) reads the roles from jobs/roles.json, which the build writes.

/** What one period of pay comes to in a year, to compare pay quoted by the hour with pay by the year. */
export const PER_YEAR = Object.freeze({ HOUR: 2080, DAY: 260, WEEK: 52, MONTH: 12, YEAR: 1 });
export const SORTS = Object.freeze(["newest", "closing", "pay"]);

/**
 * @typedef {object} Role
 * @property {string} url        its page
 * @property {string} title
 * @property {string} employer
 * @property {string} where      as its card words it ("Remote (US, CA)")
 * @property {string} pay        as its card words it ("$70,000-$85,000 a year")
 * @property {string} postedText as its card words it ("March 5, 2026")
 * @property {string} closesText
 * @property {string} text       title and employer, lower case
 * @property {string} workplace  on-site, hybrid or remote
 * @property {string[]} countries where it is done, or may be done from (ISO codes)
 * @property {string[]} types    employment types (FULL_TIME, ...)
 * @property {string[]} tags
 * @property {string} currency
 * @property {number} yearMin    the pay range in a year, in its currency
 * @property {number} yearMax
 * @property {string} posted     YYYY-MM-DD
 * @property {string} closes     YYYY-MM-DD, the last day it is open
 */

/**
 * @typedef {object} Query
 * @property {string} q
 * @property {string[]} workplace  any of these (none: all)
 * @property {string} country      "" for any
 * @property {string[]} type       any of these (none: all)
 * @property {number} min          at least this a year (0: any), in `currency`
 * @property {string} currency
 * @property {number} posted       within this many days (0: any)
 * @property {string} tag          "" for any
 * @property {string} sort         newest, closing or pay
 */

const TEXT_FIELDS = ["url", "title", "employer", "where", "pay", "posted", "postedText", "closes", "closesText", "workplace", "currency"];
const LIST_FIELDS = ["countries", "types", "tags"];

/**
 * The roles in the board's roles file (its parsed JSON, version 1); an entry of another shape is left
 * out rather than trusted, and a file of another shape gives none.
 * @param {unknown} data
 * @returns {Role[]}
 */
export function rolesOf(data) {
  const entries = data && typeof data === "object" && "version" in data && data.version === 1 && "roles" in data ? data.roles : null;
  if (!Array.isArray(entries)) return [];
  /** @type {Role[]} */
  const roles = [];
  for (const entry of entries) {
    if (!entry || typeof entry !== "object") continue;
    const texts = TEXT_FIELDS.every((name) => typeof entry[name] === "string");
    const lists = LIST_FIELDS.every((name) => Array.isArray(entry[name]) && entry[name].every((/** @type {unknown} */ v) => typeof v === "string"));
    const numbers = Number.isFinite(entry.yearMin) && Number.isFinite(entry.yearMax);
    if (!texts || !lists || !numbers || !/^\d{4}-\d{2}-\d{2}$/.test(entry.posted) || !/^\d{4}-\d{2}-\d{2}$/.test(entry.closes)) continue;
    const role = /** @type {Role} */ (Object.fromEntries([...TEXT_FIELDS, ...LIST_FIELDS, "yearMin", "yearMax"].map((name) => [name, entry[name]])));
    role.text = `${role.title} ${role.employer}`.toLowerCase();
    roles.push(role);
  }
  return roles;
}

/**
 * Whether a query asks for anything (a filter or another order than the board's own).
 * @param {Query} query
 */
export function isEmpty(query) {
  return writeQuery(query) === "";
}

/** @returns {Query} */
export function emptyQuery() {
  return { q: "", workplace: [], country: "", type: [], min: 0, currency: "", posted: 0, tag: "", sort: "newest" };
}

/**
 * The query in an address's search part (`?workplace=remote&min=50000&currency=USD`); unknown or
 * malformed values are ignored, never trusted.
 * @param {string} search
 * @returns {Query}
 */
export function readQuery(search) {
  const params = new URLSearchParams(search);
  const query = emptyQuery();
  const word = (/** @type {string} */ name, /** @type {RegExp} */ shape) => {
    const value = params.get(name) ?? "";
    return shape.test(value) ? value : "";
  };
  query.q = (params.get("q") ?? "").slice(0, 100);
  query.workplace = params.getAll("workplace").filter((w) => /^(on-site|hybrid|remote)$/.test(w));
  query.country = word("country", /^[A-Z]{2}$/);
  query.type = params.getAll("type").filter((t) => /^[A-Z_]{2,20}$/.test(t));
  query.min = wholeNumber(params.get("min"));
  query.currency = word("currency", /^[A-Z]{3}$/);
  query.posted = wholeNumber(params.get("posted"));
  query.tag = word("tag", /^[a-z0-9]+(-[a-z0-9]+)*$/);
  const sort = params.get("sort") ?? "";
  query.sort = SORTS.includes(sort) ? sort : "newest";
  return query;
}

/**
 * The query as an address's search part, leaving out what is at its default ("" when nothing is set).
 * @param {Query} query
 * @returns {string}
 */
export function writeQuery(query) {
  const params = new URLSearchParams();
  if (query.q.trim()) params.set("q", query.q.trim());
  for (const w of query.workplace) params.append("workplace", w);
  if (query.country) params.set("country", query.country);
  for (const t of query.type) params.append("type", t);
  if (query.min > 0) params.set("min", String(query.min));
  if (query.min > 0 && query.currency) params.set("currency", query.currency);
  if (query.posted > 0) params.set("posted", String(query.posted));
  if (query.tag) params.set("tag", query.tag);
  if (query.sort !== "newest") params.set("sort", query.sort);
  const text = params.toString();
  return text ? `?${text}` : "";
}

/**
 * Whether a role is still open on `today` (YYYY-MM-DD): the board is rebuilt daily, but a reader may
 * have it open, or cached, past a role's last day.
 * @param {Role} role
 * @param {string} today
 */
export function isOpen(role, today) {
  return role.closes >= today;
}

/**
 * Whether a role matches the query on `today` (YYYY-MM-DD, for "posted within").
 * @param {Role} role
 * @param {Query} query
 * @param {string} today
 */
export function matches(role, query, today) {
  const words = query.q.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.every((w) => role.text.includes(w))) return false;
  if (query.workplace.length && !query.workplace.includes(role.workplace)) return false;
  if (query.country && !role.countries.includes(query.country)) return false;
  if (query.type.length && !query.type.some((t) => role.types.includes(t))) return false;
  if (query.tag && !role.tags.includes(query.tag)) return false;
  if (query.min > 0 && (role.currency !== query.currency || role.yearMax < query.min)) return false;
  if (query.posted > 0 && daysBetween(role.posted, today) > query.posted) return false;
  return true;
}

/**
 * The order of roles for a sort: newest first; closing soonest first; or highest pay a year first,
 * currency by currency (pay in different currencies is not compared). Ties keep the board's order.
 * @param {Role[]} roles
 * @param {string} sort
 * @returns {Role[]}
 */
export function sorted(roles, sort) {
  const order = roles.map((role, index) => ({ role, index }));
  /** @type {(a: { role: Role, index: number }, b: { role: Role, index: number }) => number} */
  const by =
    sort === "closing"
      ? (a, b) => compare(a.role.closes, b.role.closes)
      : sort === "pay"
        ? (a, b) => compare(a.role.currency, b.role.currency) || b.role.yearMax - a.role.yearMax
        : (a, b) => compare(b.role.posted, a.role.posted);
  return order.sort((a, b) => by(a, b) || a.index - b.index).map((entry) => entry.role);
}

/**
 * @param {string} a
 * @param {string} b
 */
function compare(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Whole days from one YYYY-MM-DD to another.
 * @param {string} from
 * @param {string} to
 */
export function daysBetween(from, to) {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** @param {string | null} text */
function wholeNumber(text) {
  return text && /^\d{1,9}$/.test(text) ? Number(text) : 0;
}
