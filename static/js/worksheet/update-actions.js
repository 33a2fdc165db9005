// @ts-check
// Handlers for a newer version of the page: say so (in the status line, with a button), and
// reload into it only when the reader asks, after saving what is pending.

/** @typedef {import("./actions.js").UpdateAction} UpdateAction */

/**
 * @param {import("./context.js").Context} context
 * @returns {import("./actions.js").Handlers<UpdateAction>}
 */
export function updateHandlers({ session, screen, updates }) {
  return {
    "new-version": () => {
      screen.status.showNotice(
        "new-version",
        "A new version of the worksheet is ready. Reload to use it: your answers are kept.",
        [{ label: "Reload", action: { type: "reload-new-version" } }],
        { tone: "info" },
      );
      screen.status.setStatus("A new version is ready: reload to use it.");
    },
    "reload-new-version": () => {
      session.flush();
      updates.reload();
    },
  };
}
