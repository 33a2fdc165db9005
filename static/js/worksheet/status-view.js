// @ts-check
// The status line (the one polite live region) and the notices below it: messages with
// buttons, one notice per kind. A notice's buttons carry actions, dispatched when clicked.

import { button, el, find } from "./dom.js";

/** @typedef {import("./actions.js").Action} Action */
/** @typedef {import("./actions.js").Dispatch} Dispatch */
/** @typedef {{ label: string, action: Action, className?: string }} NoticeButton */

/** @param {Document} doc */
export function createStatusView(doc) {
  const status = find(doc, "#ws-status");
  const notices = find(doc, "#ws-notices");
  /** @type {WeakMap<Element, Action>} what each notice button asks for */
  const buttonActions = new WeakMap();

  /**
   * The one polite live region: settled states only (saved, failed, done).
   * @param {string} text
   */
  function setStatus(text) {
    if (status.textContent !== text) status.textContent = text;
  }

  /**
   * A visible message with buttons, one per kind: showing a kind again replaces it.
   * @param {string} kind
   * @param {string} message
   * @param {NoticeButton[]} [buttons]
   * @param {{ tone?: "info" | "warning" | "error", details?: string[] }} [options]
   * @returns {HTMLElement}
   */
  function showNotice(kind, message, buttons = [], { tone = "warning", details = [] } = {}) {
    clearNotice(kind);
    const box = el("div", { className: `ws-notice ws-notice-${tone}`, attrs: { "data-notice": kind } }, [el("p", { text: message })]);
    if (details.length > 0) box.append(el("ul", {}, details.map((d) => el("li", { text: d }))));
    if (buttons.length > 0) {
      box.append(
        el(
          "div",
          { className: "ws-actions" },
          buttons.map(({ label, action, className }) => {
            const b = button(label, `notice-${kind}`, className ?? "ws-button");
            buttonActions.set(b, action);
            return b;
          }),
        ),
      );
    }
    notices.append(box);
    return box;
  }

  /** @param {string} kind */
  function clearNotice(kind) {
    for (const node of notices.querySelectorAll(`[data-notice="${kind}"]`)) node.remove();
  }

  function clearAllNotices() {
    notices.replaceChildren();
  }

  /** Move focus to the panel's heading, just above the status line. */
  function focusStatus() {
    const heading = find(doc, "#ws-debriefs-title");
    heading.setAttribute("tabindex", "-1");
    heading.focus();
  }

  /** @param {Dispatch} dispatch  receives what a notice button asks for */
  function listen(dispatch) {
    notices.addEventListener("click", (event) => {
      const target = event.target instanceof Element ? event.target.closest("button") : null;
      const action = target ? buttonActions.get(target) : undefined;
      if (action) dispatch(action);
    });
  }

  return { setStatus, showNotice, clearNotice, clearAllNotices, focusStatus, listen };
}
