// @ts-check
// The one way anything changes: dispatch(action) hands each action to its handler. It holds
// the tab's session, whose news (saved, conflict, …) comes back in as actions too.

import { backupHandlers } from "./backup-actions.js";
import { debriefHandlers } from "./debrief-actions.js";
import { deviceHandlers } from "./device-actions.js";
import { editHandlers } from "./edit-actions.js";
import { savingHandlers } from "./saving-actions.js";
import { createSession } from "./session.js";

/** @typedef {import("./actions.js").Action} Action */

/**
 * @param {{ store: import("./context.js").Context["store"], screen: import("./context.js").Context["screen"],
 *   factors: import("./types.js").Factor[] }} options
 * @returns {import("./actions.js").Dispatch}
 */
export function createDispatch({ store, screen, factors }) {
  const session = createSession(store, { onEvent: (event) => dispatch({ type: "session-event", event }) });
  /** @type {import("./context.js").Context} */
  const context = { session, store, screen, factors, memory: { undo: null } };
  /** @type {Record<string, (action: any) => void | Promise<void>>} */
  const handlers = {
    ...editHandlers(context),
    ...debriefHandlers(context),
    ...backupHandlers(context),
    ...savingHandlers(context),
    ...deviceHandlers(context),
  };

  /** @param {Action} action */
  function dispatch(action) {
    void handlers[action.type](action);
  }

  return dispatch;
}
