// @ts-check
// The list of debriefs in the side panel, with the one on screen marked, and the panel's
// buttons switched off while the debriefs are read-only.

import { button, el, find } from "./dom.js";
import { displayName } from "./model.js";

/** @typedef {import("./types.js").Debrief} Debrief */
/** @typedef {ReturnType<typeof import("./session.js").createSession>} Session */

/** Buttons that change debriefs; "delete everything" stays usable even read-only. */
const EDITING_ACTIONS = ["new-debrief", "rename", "duplicate", "delete-debrief", "delete-all"];
const EXPORT_ACTIONS = ["export-json", "export-all-json"];

/** @param {Debrief} d  when it was, for the line under its name */
function when(d) {
  const day = d.interview.date;
  if (day) {
    const date = new Date(`${day}T12:00:00Z`);
    return `Interview on ${date.toLocaleDateString(undefined, { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" })}`;
  }
  return `Changed ${new Date(d.updatedAt).toLocaleDateString(undefined, { day: "numeric", month: "short", year: "numeric" })}`;
}

/** @param {Document} doc */
export function createDebriefListView(doc) {
  const list = find(doc, "#ws-debrief-list");
  const fileInput = /** @type {HTMLInputElement} */ (find(doc, "#ws-import-file"));

  /** @param {Session} session */
  function renderEntries(session) {
    const current = session.current();
    /** @type {{ id: string, name: string, detail: string }[]} */
    const entries = session.doc.debriefs.map((d) => ({ id: d.id, name: displayName(d), detail: when(d) }));
    if (session.isDraft) entries.push({ id: current.id, name: displayName(current), detail: "New, not saved until you type" });
    list.replaceChildren(
      ...entries.map((entry) => {
        const open = button(entry.name, "open", "ws-debrief-button");
        open.dataset.id = entry.id;
        if (entry.id === current.id) open.setAttribute("aria-current", "true");
        return el("li", {}, [open, el("span", { className: "ws-hint", text: entry.detail })]);
      }),
    );
  }

  /** @param {boolean} locked */
  function lockButtons(locked) {
    for (const action of EDITING_ACTIONS) {
      for (const node of doc.querySelectorAll(`[data-action="${action}"]`)) {
        /** @type {HTMLButtonElement} */ (node).disabled = locked && action !== "delete-all";
      }
    }
    for (const action of EXPORT_ACTIONS) {
      for (const node of doc.querySelectorAll(`[data-action="${action}"]`)) /** @type {HTMLButtonElement} */ (node).disabled = locked;
    }
    fileInput.disabled = locked;
  }

  /** @param {Session} session */
  function render(session) {
    renderEntries(session);
    lockButtons(session.readOnly);
  }

  /** Focus the button of the debrief on screen. */
  function focusCurrent() {
    list.querySelector('[aria-current="true"]')?.closest("li")?.querySelector("button")?.focus();
  }

  return { render, focusCurrent };
}
