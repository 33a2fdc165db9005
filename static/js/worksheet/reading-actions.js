// @ts-check
// Handlers for the list of every article (reading.js): when it comes, or fails to, the further
// reading on screen is drawn again from what there is.

/** @typedef {import("./actions.js").ReadingAction} ReadingAction */

/**
 * @param {import("./context.js").Context} context
 * @returns {import("./actions.js").Handlers<ReadingAction>}
 */
export function readingHandlers({ session, screen }) {
  return {
    "reading-changed": () => screen.form.renderReading(session),
  };
}
