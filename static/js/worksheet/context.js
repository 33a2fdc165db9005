// @ts-check
// What every action handler is given, as JSDoc types only; this module exports nothing at run time.

/**
 * @typedef {object} Context
 * @property {ReturnType<typeof import("./session.js").createSession>} session  the debriefs in this tab
 * @property {ReturnType<typeof import("./store.js").openStore>} store  the saved copy
 * @property {ReturnType<typeof import("./screen.js").createScreen>} screen  what the reader sees
 * @property {import("./types.js").Factor[]} factors  from site.toml, for the Markdown export
 * @property {import("./reading.js").Reading} reading  the site's articles, for the Markdown export's research step
 * @property {{ reload: () => void }} updates  reloads into a newer version of the page (updates.js)
 * @property {{ undo: { removed: import("./types.js").Debrief, index: number } | null }} memory
 *   shared between handlers: the last deleted debrief, while "Undo" is offered
 */

export {};
