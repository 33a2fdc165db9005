// @ts-check
// The one way anything changes: dispatch(action) hands each action to its handler. It holds
// the tab's session, whose news (saved, conflict, …) comes back in as actions too.

import { backupHandlers } from "./backup-actions.js";
import { calendarHandlers } from "./calendar-actions.js";
import { debriefHandlers } from "./debrief-actions.js";
import { deviceHandlers } from "./device-actions.js";
import { editHandlers } from "./edit-actions.js";
import { readingHandlers } from "./reading-actions.js";
import { savingHandlers } from "./saving-actions.js";
import { createSession } from "./session.js";
import { updateHandlers } from "./update-actions.js";

/** @typedef {import("./actions.js").Action} Action */

/**
 * @param {Omit<import("./context.js").Context, "session" | "memory">} options
 * @returns {import("./actions.js").Dispatch}
 */
export function createDispatch({ store, screen, factors, reading, updates }) {
  const session = createSession(store, { onEvent: (event) => dispatch({ type: "session-event", event }) });
  /** @type {import("./context.js").Context} */
  const context = { session, store, screen, factors, reading, updates, memory: { undo: null } };
  /** @type {Record<string, (action: any) => void | Promise<void>>} */
  const handlers = {
    ...editHandlers(context),
    ...debriefHandlers(context),
    ...backupHandlers(context),
    ...savingHandlers(context),
    ...deviceHandlers(context),
    ...calendarHandlers(context),
    ...updateHandlers(context),
    ...readingHandlers(context),
  };

  /** @param {Action} action */
  function dispatch(action) {
    void handlers[action.type](action);
  }

  return dispatch;
}
