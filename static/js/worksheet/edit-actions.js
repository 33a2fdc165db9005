// @ts-check
// Handlers for edits to the debrief on screen: each becomes a model change in the session,
// then the form and the list of debriefs catch up and focus lands where the reader expects.

import {
  addItem,
  canAddItem,
  editItem,
  moveItem,
  removeItem,
  setField,
  setItemNote,
  toggleFactor,
  toggleStar,
} from "./model.js";

/** @typedef {import("./types.js").Debrief} Debrief */
/** @typedef {import("./actions.js").EditAction} EditAction */

/** @typedef {import("./context.js").Context} Context */

/**
 * Apply a model change to the debrief on screen; a rejected value (say, a date the model
 * does not accept) is reported, never thrown at the reader.
 * @param {Context} ctx
 * @param {(debrief: Debrief) => Debrief} change
 */
function apply({ session, screen }, change) {
  try {
    return session.edit(change);
  } catch (error) {
    screen.status.setStatus(
      error instanceof RangeError ? "That value could not be used, so it was not saved." : "That change could not be made.",
    );
    return false;
  }
}

/**
 * @param {Context} ctx
 * @param {Element} source  the control that was used: its own value is left alone
 */
function afterEdit({ session, screen, reading }, source) {
  screen.form.renderEdit(session, source);
  screen.list.render(session);
  void reading.load(); // an occasion to try again, if the list of articles did not come
}

/**
 * @param {Context} ctx
 * @param {(debrief: Debrief) => Debrief} change
 * @param {Element} source
 */
function edit(ctx, change, source) {
  if (apply(ctx, change)) afterEdit(ctx, source);
}

/**
 * @param {Context} ctx
 * @param {import("./types.js").ListName} list
 * @param {Element} source
 */
function addTo(ctx, list, source) {
  const { session, screen } = ctx;
  if (!canAddItem(session.current(), list)) {
    screen.status.setStatus("This list is full. Remove an item to add another.");
    return;
  }
  if (apply(ctx, (d) => addItem(d, list))) {
    afterEdit(ctx, source);
    const items = session.current()[list];
    screen.form.focusItem(list, items[items.length - 1].id);
  }
}

/**
 * Remove an item; focus moves to its neighbour, or to "add" when the list is empty.
 * @param {Context} ctx
 * @param {import("./types.js").ListName} list
 * @param {string} id
 * @param {Element} source
 */
function removeFrom(ctx, list, id, source) {
  const items = ctx.session.current()[list];
  const index = items.findIndex((i) => i.id === id);
  const neighbour = items[index + 1] ?? items[index - 1];
  if (apply(ctx, (d) => removeItem(d, list, id))) {
    afterEdit(ctx, source);
    ctx.screen.form.focusItem(list, neighbour?.id);
  }
}

/**
 * "Use the suggestion again": the step's own wording is dropped.
 * @param {Context} ctx
 * @param {string} factorId
 * @param {Element} source
 */
function resetStep(ctx, factorId, source) {
  if (apply(ctx, (d) => setField(d, ["strategy", "steps", factorId], ""))) {
    ctx.screen.form.renderSteps(ctx.session);
    afterEdit(ctx, source);
    ctx.screen.form.focusStep(factorId);
  }
}

/**
 * @param {Context} ctx
 * @returns {import("./actions.js").Handlers<EditAction>}
 */
export function editHandlers(ctx) {
  return {
    "set-field": ({ path, value, source }) => edit(ctx, (d) => setField(d, path, value), source),
    "edit-item": ({ list, id, text, source }) => edit(ctx, (d) => editItem(d, list, id, text), source),
    "set-item-note": ({ list, id, note, source }) => edit(ctx, (d) => setItemNote(d, list, id, note), source),
    "set-factor": ({ list, id, factorId, checked, source }) =>
      edit(
        ctx,
        (d) => {
          const has = d[list].find((i) => i.id === id)?.factors.includes(factorId) ?? false;
          return has === checked ? d : toggleFactor(d, list, id, factorId);
        },
        source,
      ),
    "toggle-star": ({ list, id, source }) => edit(ctx, (d) => toggleStar(d, list, id), source),
    "move-item": ({ list, id, delta, source }) => edit(ctx, (d) => moveItem(d, list, id, delta), source),
    "add-item": ({ list, source }) => addTo(ctx, list, source),
    "remove-item": ({ list, id, source }) => removeFrom(ctx, list, id, source),
    "reset-step": ({ factorId, source }) => resetStep(ctx, factorId, source),
  };
}
