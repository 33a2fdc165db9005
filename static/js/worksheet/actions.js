// @ts-check
// Every action the worksheet can be asked to do, as JSDoc types only: the form, the panels,
// the session and the window all describe what happened as one of these and dispatch it.
// This module exports nothing at run time.

/** @typedef {import("./types.js").ListName} ListName */
/** @typedef {import("./session.js").SessionEvent} SessionEvent */

/**
 * Edits to the debrief on screen. `source` is the control the reader used: its own value is
 * left alone while the rest of the form catches up.
 * @typedef {{ type: "set-field", path: string | string[], value: string | boolean, source: Element }
 *   | { type: "edit-item", list: ListName, id: string, text: string, source: Element }
 *   | { type: "set-item-note", list: ListName, id: string, note: string, source: Element }
 *   | { type: "set-factor", list: ListName, id: string, factorId: string, checked: boolean, source: Element }
 *   | { type: "add-item", list: ListName, source: Element }
 *   | { type: "reset-step", factorId: string, source: Element }
 *   | { type: "toggle-star", list: ListName, id: string, source: Element }
 *   | { type: "move-item", list: ListName, id: string, delta: -1 | 1, source: Element }
 *   | { type: "remove-item", list: ListName, id: string, source: Element }} EditAction
 */

/**
 * The list of debriefs: which one is on screen, new ones, copies, deleting one.
 * @typedef {{ type: "open", id: string }
 *   | { type: "new-debrief" }
 *   | { type: "rename" }
 *   | { type: "duplicate" }
 *   | { type: "delete-debrief" }
 *   | { type: "undo-delete" }} DebriefAction
 */

/**
 * Backups: downloads (plain or encrypted) and imports (an encrypted one opened with its passphrase,
 * then a question for each debrief already here).
 * @typedef {{ type: "export", scope: "current" | "all", kind: "json" | "md" }
 *   | { type: "export-encrypted", scope: "current" | "all" }
 *   | { type: "import-file", file: File }
 *   | { type: "unlock-import" }
 *   | { type: "cancel-unlock" }
 *   | { type: "answer-import" }
 *   | { type: "import-dialog-closed" }} BackupAction
 */

/**
 * Step 5's dates, as calendar files.
 * @typedef {{ type: "add-to-calendar", event: "interview" | "next-step", source: HTMLElement }} CalendarAction
 */

/**
 * A newer version of the page: offered by updates.js, loaded when the reader asks.
 * @typedef {{ type: "new-version" } | { type: "reload-new-version" }} UpdateAction
 */

/**
 * Saving: loading, the session's news, two-tab conflicts, unreadable data, leaving the page.
 * @typedef {{ type: "start" }
 *   | { type: "session-event", event: SessionEvent }
 *   | { type: "resolve", choice: "mine" | "theirs" }
 *   | { type: "download-unreadable", key: string, text: string }
 *   | { type: "discard-unreadable" }
 *   | { type: "storage", event: StorageEvent }
 *   | { type: "flush" }
 *   | { type: "before-unload", event: BeforeUnloadEvent }} SavingAction
 */

/**
 * This device: printing, asking to keep the answers, deleting everything, closing a dialog.
 * @typedef {{ type: "print" }
 *   | { type: "print-blank" }
 *   | { type: "persist" }
 *   | { type: "delete-all" }
 *   | { type: "confirm-delete-all" }
 *   | { type: "close-dialog", button: HTMLElement }} DeviceAction
 */

/**
 * The list of every article came, or failed to (reading.js): the further reading catches up.
 * @typedef {{ type: "reading-changed" }} ReadingAction
 */

/**
 * @typedef {EditAction | DebriefAction | BackupAction | SavingAction | DeviceAction | CalendarAction | UpdateAction
 *   | ReadingAction} Action
 */

/** @typedef {(action: Action) => void} Dispatch */

/**
 * A module's handlers, one per action type it answers.
 * @template {Action} A
 * @typedef {{ [T in A["type"]]: (action: Extract<A, { type: T }>) => void | Promise<void> }} Handlers
 */

export {};
