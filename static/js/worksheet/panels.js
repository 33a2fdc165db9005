// @ts-check
// Everything around the form: the list of debriefs, the status line and notices, backups
// (export, import), printing, "keep my answers" and "delete everything".
// Messages reach the page through textContent only; files only ever leave as downloads.

import { button, download, el } from "./dom.js";
import { backupFileName, fileName, toBackupJSON, toDebriefJSON, toMarkdown } from "./exporters.js";
import { displayName, duplicate, remove, restore } from "./model.js";
import { checkSize, parseBackup, planImport } from "./validate.js";

/** @typedef {import("./types.js").Debrief} Debrief */
/** @typedef {import("./types.js").Factor} Factor */
/** @typedef {import("./types.js").Problem} Problem */
/** @typedef {ReturnType<typeof import("./session.js").createSession>} Session */
/** @typedef {import("./session.js").SessionEvent} SessionEvent */
/** @typedef {ReturnType<typeof import("./store.js").openStore>} Store */
/** @typedef {ReturnType<typeof import("./view.js").createFormView>} FormView */

const SAVED = "Saved on this device.";

/**
 * Short status lines for failed saves; the notice below the status explains and offers a way out.
 * @type {Record<string, string>}
 */
const NOT_SAVED = {
  quota: "Not saved: this browser's storage for the site is full.",
  unavailable: "Not saved: this browser is not letting the worksheet keep anything.",
  "read-only": "Not saved: these debriefs are read-only here.",
  corrupt: "Not saved: download the unreadable data first.",
  conflict: "Not saved: your debriefs were changed in another tab.",
  mismatch: "Not saved: the browser did not keep the change.",
  error: "Not saved: something went wrong while saving.",
  full: "Not saved: there is no room for another debrief.",
};

/**
 * @param {Document} doc
 * @param {{ session: Session, store: Store, form: FormView, factors: Factor[] }} options
 */
export function createPanels(doc, { session, store, form, factors }) {
  /** @param {string} id */
  const byId = (id) => {
    const found = doc.getElementById(id);
    if (!found) throw new Error(`Worksheet markup is missing #${id}`);
    return found;
  };
  const status = byId("ws-status");
  const notices = byId("ws-notices");
  const list = byId("ws-debrief-list");
  const summary = byId("ws-error-summary");
  const fileInput = /** @type {HTMLInputElement} */ (byId("ws-import-file"));
  const fileError = byId("ws-import-error");
  const deleteDialog = /** @type {HTMLDialogElement} */ (byId("ws-delete-dialog"));
  const importDialog = /** @type {HTMLDialogElement} */ (byId("ws-import-dialog"));
  const formElement = /** @type {HTMLFormElement} */ (byId("worksheet"));
  /** The server-rendered form before enhancement: "Print blank" prints a copy of it. */
  let blankCopy = /** @type {HTMLElement | null} */ (null);
  /** @type {{ debriefs: Debrief[], decisions: string[] } | null} */
  let pendingImport = null;
  /** @type {string[]} */
  let pendingWarnings = [];
  /** @type {{ removed: Debrief, index: number } | null} */
  let undo = null;

  // ------------------------------------------------------------ status and notices

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
   * @param {{ label: string, run: () => void, className?: string }[]} [actions]
   * @param {{ tone?: "info" | "warning" | "error", details?: string[] }} [options]
   * @returns {HTMLElement}
   */
  function showNotice(kind, message, actions = [], { tone = "warning", details = [] } = {}) {
    clearNotice(kind);
    const box = el("div", { className: `ws-notice ws-notice-${tone}`, attrs: { "data-notice": kind } }, [el("p", { text: message })]);
    if (details.length > 0) box.append(el("ul", {}, details.map((d) => el("li", { text: d }))));
    if (actions.length > 0) {
      box.append(
        el(
          "div",
          { className: "ws-actions" },
          actions.map(({ label, run, className }) => {
            const b = button(label, `notice-${kind}`, className ?? "ws-button");
            b.addEventListener("click", run);
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

  // ------------------------------------------------------------ the list of debriefs

  /** @param {Debrief} d */
  function when(d) {
    const day = d.interview.date;
    if (day) {
      const date = new Date(`${day}T12:00:00Z`);
      return `Interview on ${date.toLocaleDateString(undefined, { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" })}`;
    }
    return `Changed ${new Date(d.updatedAt).toLocaleDateString(undefined, { day: "numeric", month: "short", year: "numeric" })}`;
  }

  function renderList() {
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
    const locked = session.readOnly;
    for (const action of ["new-debrief", "rename", "duplicate", "delete-debrief", "delete-all"]) {
      for (const node of doc.querySelectorAll(`[data-action="${action}"]`)) {
        /** @type {HTMLButtonElement} */ (node).disabled = locked && action !== "delete-all";
      }
    }
    for (const action of ["export-json", "export-all-json"]) {
      for (const node of doc.querySelectorAll(`[data-action="${action}"]`)) /** @type {HTMLButtonElement} */ (node).disabled = locked;
    }
    fileInput.disabled = locked;
  }

  /** Everything on screen from the session: the form and the panels. */
  function renderAll() {
    form.render();
    renderList();
  }

  // ------------------------------------------------------------ session events

  /** @param {SessionEvent} event */
  function onSessionEvent(event) {
    switch (event.type) {
      case "saved":
        for (const kind of ["save-problem", "conflict", "deleted-elsewhere"]) clearNotice(kind);
        setStatus(SAVED);
        renderList();
        break;
      case "problem":
        setStatus(NOT_SAVED[event.reason] ?? NOT_SAVED.error);
        showNotice("save-problem", event.message, problemActions(event.reason), { tone: "error" });
        break;
      case "conflict":
        setStatus(NOT_SAVED.conflict);
        showNotice(
          "conflict",
          event.message,
          [
            { label: "Show the other tab's version", run: () => resolve("theirs") },
            { label: "Keep this tab's version", run: () => resolve("mine") },
          ],
          { tone: "error" },
        );
        break;
      case "deleted-elsewhere":
        setStatus("Not saved: everything was deleted in another tab.");
        showNotice(
          "deleted-elsewhere",
          event.message,
          [
            { label: "Keep this tab's copy", run: () => resolve("mine") },
            { label: "Clear this tab too", run: () => resolve("theirs") },
          ],
          { tone: "error" },
        );
        break;
      case "external":
        renderAll();
        setStatus("Updated with changes made in another tab.");
        break;
    }
  }

  /** @param {string} reason */
  function problemActions(reason) {
    if (reason === "quota" || reason === "unavailable" || reason === "mismatch" || reason === "error") {
      return [{ label: "Download a backup", run: () => exportAll("json") }];
    }
    if (reason === "corrupt") return corruptActions(true);
    return [];
  }

  /** @param {"mine" | "theirs"} choice */
  function resolve(choice) {
    const hadConflict = session.hold;
    session.resolve(choice);
    clearNotice("conflict");
    clearNotice("deleted-elsewhere");
    if (choice === "theirs") {
      renderAll();
      setStatus(hadConflict === "conflict" ? "Showing the version saved in the other tab." : "Cleared, as in the other tab.");
    }
    focusStatus();
  }

  function focusStatus() {
    const heading = byId("ws-debriefs-title");
    heading.setAttribute("tabindex", "-1");
    heading.focus();
  }

  /** @param {boolean} mustStartAgain  the unreadable data could not be copied aside */
  function corruptActions(mustStartAgain) {
    const kept = store.listCorrupt();
    /** @type {{ label: string, run: () => void, className?: string }[]} */
    const actions = kept.map((entry, i) => ({
      label: kept.length === 1 ? "Download the unreadable data" : `Download unreadable data ${i + 1} of ${kept.length}`,
      run: () => {
        const stamp = entry.key.slice(entry.key.lastIndexOf("corrupt-") + 8).replace(/[^0-9A-Za-z-]/g, "-") || "now";
        download(`next-round-unreadable-${stamp}.txt`, entry.text, "text/plain");
        setStatus("Downloaded the unreadable data.");
      },
    }));
    if (mustStartAgain) {
      actions.push({
        label: "Start again (delete the unreadable data)",
        className: "ws-button ws-button-danger",
        run: () => {
          const result = session.discardUnreadable();
          if (result.ok) {
            clearNotice("corrupt");
            clearNotice("save-problem");
            setStatus("The unreadable data was deleted. New answers will be saved.");
          } else setStatus(result.message);
        },
      });
    }
    return actions;
  }

  /** @param {import("./store.js").LoadResult} result */
  function showLoadResult(result) {
    if (result.status === "corrupt" || (result.status === "ok" && result.message)) {
      showNotice("corrupt", result.message, corruptActions(result.corruptKey === null), { tone: "error" });
      setStatus("Some saved data could not be read. Nothing was deleted.");
    } else if (result.status === "read-only") {
      showNotice("read-only", result.message, [], { tone: "warning" });
      setStatus("Read-only: saved by a newer version.");
    } else if (result.status === "unavailable") {
      showNotice("save-problem", result.message, problemActions("unavailable"), { tone: "error" });
      setStatus("This browser will not keep your answers.");
    }
  }

  // ------------------------------------------------------------ debrief actions

  function newDebrief() {
    if (!session.startNew()) return;
    renderAll();
    setStatus("Started a new debrief.");
    byId("ws-name").focus();
  }

  function duplicateCurrent() {
    if (session.isDraft) {
      setStatus("There is nothing to copy yet: this debrief is empty.");
      return;
    }
    const id = session.current().id;
    const result = duplicate(session.doc, id);
    if (!result.debrief) {
      setStatus(NOT_SAVED.full);
      return;
    }
    const copy = result.debrief;
    session.editDocument(() => result.doc, { saveNow: true });
    renderAll();
    setStatus(`Made a copy: you are now working on “${displayName(copy)}”.`);
  }

  function deleteCurrent() {
    const current = session.current();
    if (session.isDraft) {
      session.discardDraft();
      renderAll();
      setStatus("The new, empty debrief was discarded.");
      return;
    }
    const result = remove(session.doc, current.id);
    if (!result.removed) return;
    const removed = result.removed;
    undo = { removed, index: result.index };
    session.editDocument(() => result.doc, { saveNow: true });
    renderAll();
    const notice = showNotice(
      "undo",
      `Deleted “${displayName(removed)}”.`,
      [{ label: "Undo", run: undoDelete }],
      { tone: "info" },
    );
    notice.querySelector("button")?.focus();
  }

  function undoDelete() {
    if (!undo) return;
    const { removed, index } = undo;
    undo = null;
    clearNotice("undo");
    session.editDocument((d) => restore(d, removed, index), { saveNow: true });
    renderAll();
    setStatus(`Restored “${displayName(removed)}”.`);
    list.querySelector('[aria-current="true"]')?.closest("li")?.querySelector("button")?.focus();
  }

  // ------------------------------------------------------------ export

  /** @param {"json" | "md"} kind */
  function exportCurrent(kind) {
    const debrief = session.current();
    if (kind === "json") download(fileName(debrief, "json"), toDebriefJSON(debrief), "application/json");
    else download(fileName(debrief, "md"), toMarkdown(debrief, factors, { checklist: form.checklist() }), "text/markdown");
    setStatus(`Downloaded “${displayName(debrief)}”.`);
  }

  /** @param {"json" | "md"} kind */
  function exportAll(kind) {
    const debriefs = session.doc.debriefs;
    if (debriefs.length === 0) {
      setStatus("There are no saved debriefs to download yet.");
      return;
    }
    if (kind === "json") download(backupFileName(), toBackupJSON(debriefs), "application/json");
    else {
      const text = debriefs.map((d) => toMarkdown(d, factors, { checklist: form.checklist() })).join("\n");
      download(backupFileName().replace(/\.json$/, ".md"), text, "text/markdown");
    }
    setStatus(`Downloaded ${debriefs.length === 1 ? "1 debrief" : `${debriefs.length} debriefs`}.`);
  }

  // ------------------------------------------------------------ import

  /** @param {Problem[]} problems */
  function showErrors(problems) {
    const items = problems.map((p) => {
      const link = el("a", { text: p.message, attrs: { href: "#ws-import-file" } });
      link.addEventListener("click", (event) => {
        event.preventDefault();
        fileInput.focus();
      });
      return el("li", {}, [link]);
    });
    /** @type {HTMLElement} */ (summary.querySelector('[data-slot="errors"]')).replaceChildren(...items);
    summary.hidden = false;
    fileError.textContent = problems[0]?.message ?? "";
    fileError.hidden = false;
    byId("ws-import-field").classList.add("has-error");
    fileInput.setAttribute("aria-invalid", "true");
    summary.focus();
  }

  function hideErrors() {
    summary.hidden = true;
    fileError.hidden = true;
    fileError.textContent = "";
    byId("ws-import-field").classList.remove("has-error");
    fileInput.removeAttribute("aria-invalid");
  }

  async function onFileChosen() {
    const file = fileInput.files?.[0];
    if (!file) return;
    hideErrors();
    const tooBig = checkSize(file.size);
    if (tooBig) {
      fileInput.value = "";
      showErrors([tooBig]);
      return;
    }
    /** @type {string} */
    let text;
    try {
      text = await file.text();
    } catch {
      fileInput.value = "";
      showErrors([{ path: "", message: "The file could not be read. Try saving it again, then choose it once more." }]);
      return;
    }
    fileInput.value = "";
    const parsed = parseBackup(text);
    if (!parsed.ok) {
      showErrors(parsed.errors);
      return;
    }
    const plan = planImport(session.doc, parsed.debriefs);
    const differing = plan.conflicts.filter((c) => !c.identical);
    if (plan.newIds.length === 0 && differing.length === 0) {
      setStatus("Everything in that file is already here. Nothing was changed.");
      return;
    }
    if (differing.length === 0) {
      finishImport(parsed.debriefs, {}, parsed.warnings);
      return;
    }
    pendingImport = { debriefs: parsed.debriefs, decisions: differing.map((c) => c.id) };
    const names = differing.slice(0, 5).map((c) => `“${displayName(c.existing)}”`);
    const more = differing.length > 5 ? ` and ${differing.length - 5} more` : "";
    const count = differing.length === 1 ? "One debrief in the file is" : `${differing.length} debriefs in the file are`;
    /** @type {HTMLElement} */ (importDialog.querySelector('[data-slot="import-summary"]')).textContent =
      `${count} already on this device with different answers: ${names.join(", ")}${more}. ` +
      `${plan.newIds.length === 1 ? "One other debrief is" : `${plan.newIds.length} other debriefs are`} new and will be added.`;
    pendingWarnings = parsed.warnings;
    importDialog.showModal();
  }

  function confirmImport() {
    if (!pendingImport) return;
    const choice = /** @type {HTMLInputElement | null} */ (importDialog.querySelector('input[name="ws-import-choice"]:checked'));
    const decision = /** @type {"keep" | "replace" | "copy"} */ (choice?.value ?? "keep");
    const decisions = Object.fromEntries(pendingImport.decisions.map((id) => [id, decision]));
    const incoming = pendingImport.debriefs;
    pendingImport = null;
    importDialog.close();
    finishImport(incoming, decisions, pendingWarnings);
  }

  /**
   * @param {Debrief[]} incoming
   * @param {Record<string, "keep"|"replace"|"copy">} decisions
   * @param {string[]} warnings
   */
  function finishImport(incoming, decisions, warnings) {
    const result = session.importDebriefs(incoming, decisions);
    renderAll();
    /** @param {number} n @param {string} what */
    const count = (n, what) => `${n} ${n === 1 ? "debrief" : "debriefs"} ${what}`;
    const parts = [];
    if (result.added) parts.push(count(result.added, "added"));
    if (result.replaced) parts.push(count(result.replaced, "replaced"));
    if (result.copied) parts.push(count(result.copied, "added as copies"));
    if (result.skipped) parts.push(count(result.skipped, "left as they were"));
    setStatus(`Imported: ${parts.join(", ") || "nothing changed"}.`);
    clearNotice("import-warnings");
    if (warnings.length > 0) {
      showNotice("import-warnings", "Some things in the file were adjusted so they could be imported:", [], {
        tone: "info",
        details: warnings.slice(0, 20),
      });
    }
  }

  // ------------------------------------------------------------ delete everything

  function askDeleteAll() {
    const n = session.doc.debriefs.length;
    const kept = store.listCorrupt().length;
    const what = n === 0 ? "This deletes everything the worksheet has saved in this browser" : `This deletes ${n === 1 ? "the 1 debrief" : `all ${n} debriefs`} saved in this browser`;
    const extra = kept > 0 ? `, and ${kept === 1 ? "the unreadable data" : `${kept} copies of unreadable data`} kept aside` : "";
    /** @type {HTMLElement} */ (deleteDialog.querySelector('[data-slot="delete-summary"]')).textContent = `${what}${extra}.`;
    deleteDialog.showModal();
  }

  function confirmDeleteAll() {
    const result = session.clearEverything();
    deleteDialog.close();
    if (!result.ok) {
      setStatus(result.message);
      return;
    }
    undo = null;
    notices.replaceChildren();
    hideErrors();
    renderAll();
    setStatus("Everything the worksheet saved on this device was deleted.");
    focusStatus();
  }

  // ------------------------------------------------------------ print

  /** Keep a copy of the plain form, taken before enhancement, for "Print blank". */
  function keepBlankCopy() {
    const copy = el("div", { className: "worksheet ws-blank-copy", attrs: { "aria-hidden": "true" } });
    copy.inert = true;
    for (const child of formElement.children) copy.append(child.cloneNode(true));
    for (const node of copy.querySelectorAll("template")) node.remove();
    for (const node of copy.querySelectorAll("[id], [for], [name], [aria-describedby], [aria-labelledby]")) {
      for (const name of ["id", "for", "name", "aria-describedby", "aria-labelledby"]) node.removeAttribute(name);
    }
    blankCopy = copy;
  }

  function print() {
    form.syncAllMirrors();
    window.print();
  }

  function printBlank() {
    if (!blankCopy) return;
    const root = doc.documentElement;
    formElement.after(blankCopy);
    root.classList.add("ws-print-blank");
    const done = () => {
      root.classList.remove("ws-print-blank");
      blankCopy?.remove();
      window.removeEventListener("afterprint", done);
    };
    window.addEventListener("afterprint", done);
    try {
      window.print();
    } finally {
      // print() returns when the dialog closes in most browsers; afterprint covers the rest.
      setTimeout(done, 0);
    }
  }

  // ------------------------------------------------------------ keep my answers

  async function askToPersist() {
    const storage = navigator.storage;
    if (!storage || typeof storage.persist !== "function") {
      setStatus("This browser cannot promise to keep your answers. Download a backup to be safe.");
      return;
    }
    try {
      const kept = (await storage.persisted?.()) || (await storage.persist());
      setStatus(
        kept
          ? "This browser has agreed to keep your answers until you delete them."
          : "This browser did not promise to keep your answers. Download a backup to be safe.",
      );
    } catch {
      setStatus("This browser cannot promise to keep your answers. Download a backup to be safe.");
    }
  }

  // ------------------------------------------------------------ wiring

  /** @type {Record<string, (target: HTMLElement) => void>} */
  const actions = {
    open: (target) => {
      const id = target.dataset.id ?? "";
      if (session.open(id) || session.current().id === id) {
        undo = null;
        clearNotice("undo");
        renderAll();
        list.querySelector('[aria-current="true"]')?.closest("li")?.querySelector("button")?.focus();
      }
    },
    "new-debrief": newDebrief,
    rename: () => byId("ws-name").focus(),
    duplicate: duplicateCurrent,
    "delete-debrief": deleteCurrent,
    "export-json": () => exportCurrent("json"),
    "export-md": () => exportCurrent("md"),
    "export-all-json": () => exportAll("json"),
    "export-all-md": () => exportAll("md"),
    persist: () => void askToPersist(),
    print,
    "print-blank": printBlank,
    "delete-all": askDeleteAll,
    "confirm-delete-all": confirmDeleteAll,
    "confirm-import": confirmImport,
    "close-dialog": (target) => target.closest("dialog")?.close(),
  };

  function bind() {
    doc.addEventListener("click", (event) => {
      const target = event.target instanceof Element ? event.target.closest("button[data-action]") : null;
      if (!(target instanceof HTMLButtonElement) || formElement.contains(target) || target.disabled) return;
      const run = Object.hasOwn(actions, target.dataset.action ?? "") ? actions[target.dataset.action ?? ""] : undefined;
      run?.(target);
    });
    fileInput.addEventListener("change", () => void onFileChosen());
    importDialog.addEventListener("close", () => {
      pendingImport = null;
    });
  }

  return { bind, keepBlankCopy, renderAll, renderList, onSessionEvent, showLoadResult, setStatus };
}
