// @ts-check
// The worksheet form, enhanced: fills the server-rendered fields from the debrief on screen,
// turns every edit into a model change, and builds the list rows, strategy, strengths,
// research and patterns from the <template>s and the data embedded in the page.
// User text goes in through .value and textContent only.

import { el, fillSlots, instantiate, setValue, slot } from "./dom.js";
import { LISTS } from "./fields.js";
import {
  addItem,
  canAddItem,
  editItem,
  moveItem,
  recommend,
  removeItem,
  setField,
  setItemNote,
  strategyFor,
  toggleFactor,
  toggleStar,
} from "./model.js";
import { countFactors, describe } from "./patterns.js";

/** @typedef {import("./types.js").Debrief} Debrief */
/** @typedef {import("./types.js").Factor} Factor */
/** @typedef {import("./types.js").Article} Article */
/** @typedef {import("./types.js").ListName} ListName */
/** @typedef {ReturnType<typeof import("./session.js").createSession>} Session */
/** @typedef {HTMLInputElement | HTMLTextAreaElement} TextField */

const MIRROR_CLASS = "ws-mirror";

/**
 * @param {unknown} node
 * @returns {node is TextField}
 */
function isTextField(node) {
  return (
    node instanceof HTMLTextAreaElement ||
    (node instanceof HTMLInputElement && (node.type === "text" || node.type === "date"))
  );
}

/**
 * A field's value in a debrief, by its `data-field` path.
 * @param {Debrief} debrief
 * @param {string} path
 * @returns {unknown}
 */
function readPath(debrief, path) {
  /** @type {unknown} */
  let value = debrief;
  for (const part of path.split(".")) {
    value = value !== null && typeof value === "object" && Object.hasOwn(value, part) ? /** @type {any} */ (value)[part] : undefined;
  }
  return value;
}

/**
 * @param {HTMLFormElement} form
 * @param {{ factors: Factor[], articles: Article[], session: Session, onEdit: () => void,
 *   onProblem: (message: string) => void }} options
 *   onEdit: after any edit (the panels refresh the debrief list);
 *   onProblem: a message for the status region
 */
export function createFormView(form, { factors, articles, session, onEdit, onProblem }) {
  /** @type {Record<ListName, Map<string, HTMLElement>>} */
  const rows = { right: new Map(), wrong: new Map() };
  /** @type {Map<string, HTMLElement>} strategy rows by factor id */
  const stepRows = new Map();
  const factorLabels = new Map(factors.map((f) => [f.id, f.label]));
  /** Signatures of the derived lists, so they are only rebuilt when their content changes. */
  const drawn = { strengths: "", research: "", patterns: "" };
  let debriefId = "";

  /** @param {string} selector */
  const find = (selector) => {
    const found = form.querySelector(selector);
    if (!(found instanceof HTMLElement)) throw new Error(`Worksheet markup is missing ${selector}`);
    return found;
  };
  /** @param {ListName} list */
  const itemsBox = (list) => find(`[data-items="${list}"]`);
  /** @param {ListName} list */
  const itemTemplate = (list) => /** @type {HTMLTemplateElement} */ (find(`#ws-item-template-${list}`));
  const stepTemplate = /** @type {HTMLTemplateElement} */ (find("#ws-step-template"));

  // ------------------------------------------------------------ print mirrors

  /**
   * Printing a textarea shows only its visible slice, so each text field has a print-only copy.
   * @param {TextField} field
   */
  function syncMirror(field) {
    if (field.type === "date") return;
    let mirror = field.nextElementSibling;
    if (!mirror?.classList.contains(MIRROR_CLASS)) {
      mirror = el("div", { className: MIRROR_CLASS });
      field.after(mirror);
    }
    if (mirror.textContent !== field.value) mirror.textContent = field.value;
  }

  function syncAllMirrors() {
    for (const field of form.querySelectorAll("input[type=text], textarea")) syncMirror(/** @type {TextField} */ (field));
  }

  // ------------------------------------------------------------ editing

  /**
   * Apply a model change to the debrief on screen; a rejected value (say, a date the model
   * does not accept) is reported, never thrown at the reader.
   * @param {(debrief: Debrief) => Debrief} change
   */
  function apply(change) {
    try {
      return session.edit(change);
    } catch (error) {
      onProblem(error instanceof RangeError ? "That value could not be used, so it was not saved." : "That change could not be made.");
      return false;
    }
  }

  /**
   * @param {Element} node
   * @returns {{ list: ListName, id: string, row: HTMLElement } | null}
   */
  function rowOf(node) {
    const row = node.closest("[data-item-id]");
    if (!(row instanceof HTMLElement)) return null;
    const list = /** @type {ListName} */ (row.dataset.list);
    return LISTS.includes(list) ? { list, id: row.dataset.itemId ?? "", row } : null;
  }

  /** @param {Event} event */
  function onInput(event) {
    const target = event.target;
    if (!isTextField(target) || target.readOnly) return;
    let changed = false;
    const path = target.dataset.field;
    const item = rowOf(target);
    if (path) {
      changed = apply((d) => setField(d, path, target.value));
    } else if (item && target.dataset.itemField === "text") {
      changed = apply((d) => editItem(d, item.list, item.id, target.value));
    } else if (item && target.dataset.itemField === "note") {
      changed = apply((d) => setItemNote(d, item.list, item.id, target.value));
    } else if (target.hasAttribute("data-step-field")) {
      const factorId = target.closest("[data-factor-id]")?.getAttribute("data-factor-id");
      if (factorId) changed = apply((d) => setField(d, ["strategy", "steps", factorId], target.value));
    }
    syncMirror(target);
    if (changed) afterEdit(target);
  }

  /** @param {Event} event */
  function onChange(event) {
    const target = event.target;
    if (!(target instanceof HTMLInputElement) || target.disabled) return;
    let changed = false;
    if (target.type === "radio" && target.dataset.field) {
      const path = target.dataset.field;
      if (target.checked) changed = apply((d) => setField(d, path, target.value));
    } else if (target.type === "checkbox" && target.dataset.check) {
      const key = target.dataset.check;
      changed = apply((d) => setField(d, ["next", "checklist", key], target.checked));
    } else if (target.type === "checkbox" && target.dataset.factor) {
      const item = rowOf(target);
      const factorId = target.dataset.factor;
      if (item) {
        changed = apply((d) => {
          const now = d[item.list].find((i) => i.id === item.id);
          const has = now?.factors.includes(factorId) ?? false;
          return has === target.checked ? d : toggleFactor(d, item.list, item.id, factorId);
        });
      }
    }
    if (changed) afterEdit(target);
  }

  /** @param {MouseEvent} event */
  function onClick(event) {
    const target = event.target instanceof Element ? event.target.closest("button[data-action]") : null;
    if (!(target instanceof HTMLButtonElement) || !form.contains(target)) return;
    const action = target.dataset.action;
    if (target.getAttribute("aria-disabled") === "true") return;
    if (action === "add") {
      const list = /** @type {ListName} */ (target.dataset.list);
      if (!canAddItem(session.current(), list)) {
        onProblem("This list is full. Remove an item to add another.");
        return;
      }
      if (apply((d) => addItem(d, list))) {
        afterEdit(target);
        const items = session.current()[list];
        rows[list].get(items[items.length - 1].id)?.querySelector("textarea")?.focus();
      }
      return;
    }
    if (action === "reset-step") {
      const factorId = target.closest("[data-factor-id]")?.getAttribute("data-factor-id");
      if (factorId && apply((d) => setField(d, ["strategy", "steps", factorId], ""))) {
        renderStrategy(null, true);
        afterEdit(target);
        stepRows.get(factorId)?.querySelector("textarea")?.focus();
      }
      return;
    }
    const item = rowOf(target);
    if (!item) return;
    if (action === "star") {
      if (apply((d) => toggleStar(d, item.list, item.id))) afterEdit(target);
    } else if (action === "up" || action === "down") {
      if (apply((d) => moveItem(d, item.list, item.id, action === "up" ? -1 : 1))) afterEdit(target);
    } else if (action === "remove") {
      const items = session.current()[item.list];
      const index = items.findIndex((i) => i.id === item.id);
      const neighbour = items[index + 1] ?? items[index - 1];
      if (apply((d) => removeItem(d, item.list, item.id))) {
        afterEdit(target);
        const next = neighbour ? rows[item.list].get(neighbour.id)?.querySelector("textarea") : null;
        (next ?? find(`[data-action="add"][data-list="${item.list}"]`)).focus();
      }
    }
  }

  /** @param {Element} source  the control that was used: its own value is left alone */
  function afterEdit(source) {
    const debrief = session.current();
    for (const list of LISTS) renderList(list, debrief);
    renderDerived(source);
    onEdit();
  }

  // ------------------------------------------------------------ the two lists

  /**
   * @param {ListName} list
   * @param {{ id: string }} item
   */
  function createRow(list, item) {
    const row = instantiate(itemTemplate(list), "ITEM", item.id);
    row.dataset.itemId = item.id;
    for (const field of row.querySelectorAll("textarea")) syncMirror(field);
    return row;
  }

  /**
   * @param {HTMLElement} row
   * @param {import("./types.js").Item} item
   * @param {number} index
   * @param {number} count
   */
  function updateRow(row, item, index, count) {
    fillSlots(row, "num", String(index + 1));
    const star = /** @type {HTMLButtonElement} */ (row.querySelector('[data-action="star"]'));
    star.setAttribute("aria-pressed", String(item.starred));
    const icon = star.querySelector(".ws-star-icon");
    if (icon) icon.textContent = item.starred ? "★" : "☆";
    row.classList.toggle("is-starred", item.starred);
    slot(row, "star-print").hidden = !item.starred;
    slot(row, "detail").hidden = !item.starred;
    row.querySelector('[data-action="up"]')?.setAttribute("aria-disabled", String(index === 0));
    row.querySelector('[data-action="down"]')?.setAttribute("aria-disabled", String(index === count - 1));
    for (const box of row.querySelectorAll("input[data-factor]")) {
      const input = /** @type {HTMLInputElement} */ (box);
      input.checked = item.factors.includes(input.dataset.factor ?? "");
    }
    for (const field of row.querySelectorAll("textarea[data-item-field]")) {
      const area = /** @type {HTMLTextAreaElement} */ (field);
      setValue(area, area.dataset.itemField === "note" ? item.note : item.text);
      syncMirror(area);
    }
    // Factors no longer offered by the site stay visible, so nothing chosen silently disappears.
    const grid = row.querySelector(".ws-check-grid");
    for (const old of row.querySelectorAll("[data-unknown-factor]")) old.remove();
    for (const id of item.factors) {
      if (!row.querySelector(`input[data-factor="${CSS.escape(id)}"]`) && grid) {
        grid.append(el("p", { className: "ws-hint", text: `Also: ${factorLabels.get(id) ?? id}`, attrs: { "data-unknown-factor": "" } }));
      }
    }
  }

  /**
   * Keyed update: rows are reused, so a focused field keeps focus (and its caret) across edits.
   * @param {ListName} list
   * @param {Debrief} debrief
   */
  function renderList(list, debrief) {
    const box = itemsBox(list);
    const map = rows[list];
    const items = debrief[list];
    const wanted = new Set(items.map((i) => i.id));
    for (const [id, row] of map) {
      if (!wanted.has(id)) {
        row.remove();
        map.delete(id);
      }
    }
    const active = document.activeElement;
    items.forEach((item, index) => {
      let row = map.get(item.id);
      if (!row) {
        row = createRow(list, item);
        map.set(item.id, row);
      }
      const at = box.children[index];
      if (at !== row) box.insertBefore(row, at ?? null);
      updateRow(row, item, index, items.length);
    });
    // Moving a row takes focus out of it; put it back on the control the reader used.
    if (active instanceof HTMLElement && active.isConnected && document.activeElement !== active) active.focus();
    const empty = box.parentElement?.querySelector('[data-slot="empty"]');
    if (empty instanceof HTMLElement) empty.hidden = items.length > 0;
  }

  // ------------------------------------------------------------ strategy, strengths, research, patterns

  /**
   * @param {Element | null} source  the field being typed in: its value is not reset
   * @param {boolean} [force]  set values even in the source (after "use the suggestion again")
   */
  function renderStrategy(source, force = false) {
    const box = find('[data-slot="strategy-steps"]');
    const { steps } = strategyFor(session.current(), factors);
    const wanted = new Set(steps.map((s) => s.factorId));
    for (const [id, row] of stepRows) {
      if (!wanted.has(id)) {
        row.remove();
        stepRows.delete(id);
      }
    }
    steps.forEach((step, index) => {
      let row = stepRows.get(step.factorId);
      if (!row) {
        row = instantiate(stepTemplate, "KEY", step.factorId);
        row.dataset.factorId = step.factorId;
        stepRows.set(step.factorId, row);
      }
      const at = box.children[index];
      if (at !== row) box.insertBefore(row, at ?? null);
      slot(row, "step-label").textContent = step.label;
      fillSlots(row, "step-name", step.label);
      const area = /** @type {HTMLTextAreaElement} */ (row.querySelector("textarea"));
      if (force || area !== source) setValue(area, step.step);
      syncMirror(area);
      const edited = step.edited && step.step !== step.suggestion;
      slot(row, "hint-suggested").hidden = edited;
      slot(row, "hint-edited").hidden = !edited;
      slot(row, "step-suggestion").textContent = step.suggestion;
      const reset = /** @type {HTMLButtonElement} */ (row.querySelector('[data-action="reset-step"]'));
      reset.hidden = !edited;
    });
    find('[data-slot="strategy-empty"]').hidden = steps.length > 0;
  }

  function renderStrengths() {
    const { strengths, highlights } = strategyFor(session.current(), factors);
    const signature = JSON.stringify([strengths, highlights]);
    if (signature === drawn.strengths) return;
    drawn.strengths = signature;
    const list = find('[data-slot="strengths-list"]');
    list.replaceChildren(
      ...highlights.map((h) => el("li", { text: h.text })),
      ...strengths.map((s) => el("li", {}, [el("strong", { text: s.label }), `: ${s.suggestion}`])),
    );
    find('[data-slot="strengths-empty"]').hidden = strengths.length + highlights.length > 0;
  }

  function renderResearch() {
    const found = recommend(session.current(), factors, articles, 5).filter((r) => r.article.url.startsWith("/"));
    const signature = JSON.stringify(found.map((r) => [r.article.url, r.factorIds]));
    if (signature === drawn.research) return;
    drawn.research = signature;
    const list = find('[data-slot="research-list"]');
    list.replaceChildren(
      ...found.map(({ article, factorIds }) =>
        el("li", {}, [
          el("a", { text: article.title, attrs: { href: article.url } }),
          el("p", { text: article.description }),
          el("p", { className: "ws-hint", text: `Because of: ${factorIds.map((id) => factorLabels.get(id) ?? id).join(", ")}` }),
        ]),
      ),
    );
    find('[data-slot="research-empty"]').hidden = found.length > 0;
  }

  function renderPatterns() {
    const patterns = countFactors(session.doc.debriefs, factors);
    const signature = JSON.stringify(patterns);
    if (signature === drawn.patterns) return;
    drawn.patterns = signature;
    const box = find("#ws-patterns");
    for (const kind of /** @type {const} */ (["wrong", "right"])) {
      const mine = patterns.filter((p) => p.kind === kind);
      slot(box, `patterns-${kind}`).hidden = mine.length === 0;
      slot(box, `patterns-${kind}-list`).replaceChildren(...mine.map((p) => el("li", { text: describe(p) })));
    }
    slot(box, "patterns-empty").hidden = patterns.length > 0;
  }

  /** @param {Element | null} source  the control being used */
  function renderDerived(source) {
    renderStrategy(source);
    renderStrengths();
    renderResearch();
    renderPatterns();
  }

  // ------------------------------------------------------------ whole form

  /** Show the debrief on screen in every field (after load, switching debrief, another tab's save). */
  function render() {
    const debrief = session.current();
    if (debrief.id !== debriefId) {
      // Another debrief: its own rows, and its own "edited" state for the strategy steps.
      for (const list of LISTS) {
        for (const row of rows[list].values()) row.remove();
        rows[list].clear();
      }
      debriefId = debrief.id;
    }
    for (const node of form.querySelectorAll("[data-field]")) {
      const field = /** @type {HTMLInputElement | HTMLTextAreaElement} */ (node);
      const value = readPath(debrief, field.dataset.field ?? "");
      if (field instanceof HTMLInputElement && field.type === "radio") field.checked = field.value === value;
      else setValue(field, typeof value === "string" ? value : "");
    }
    for (const node of form.querySelectorAll("input[data-check]")) {
      const box = /** @type {HTMLInputElement} */ (node);
      const key = box.dataset.check ?? "";
      box.checked = Object.hasOwn(debrief.next.checklist, key) && debrief.next.checklist[key] === true;
    }
    for (const list of LISTS) renderList(list, debrief);
    renderStrategy(null, true);
    renderStrengths();
    renderResearch();
    renderPatterns();
    syncAllMirrors();
  }

  /**
   * Newer-version data: readable, not editable.
   * @param {boolean} readOnly
   */
  function setReadOnly(readOnly) {
    form.classList.toggle("is-read-only", readOnly);
    for (const node of form.querySelectorAll("input, textarea, button")) {
      if (node instanceof HTMLTextAreaElement || (node instanceof HTMLInputElement && (node.type === "text" || node.type === "date"))) {
        node.readOnly = readOnly;
      } else if (node instanceof HTMLInputElement || node instanceof HTMLButtonElement) {
        node.disabled = readOnly;
      }
    }
  }

  /** Turn the plain form into the enhanced one: list rows come from the model from now on. */
  function enhance() {
    form.classList.add("ws-enhanced");
    for (const list of LISTS) itemsBox(list).replaceChildren();
    form.addEventListener("input", onInput);
    form.addEventListener("change", onChange);
    form.addEventListener("click", onClick);
    // No submit button and `form-action 'none'` already; this also covers a browser that ignores the policy.
    form.addEventListener("submit", (event) => event.preventDefault());
  }

  /** The checklist as the page words it: key and label, for the Markdown export. */
  function checklist() {
    return [...form.querySelectorAll("input[data-check]")].map((node) => ({
      key: /** @type {HTMLInputElement} */ (node).dataset.check ?? "",
      label: form.querySelector(`label[for="${node.id}"]`)?.textContent?.trim() ?? "",
    }));
  }

  return { enhance, render, setReadOnly, syncAllMirrors, checklist };
}
