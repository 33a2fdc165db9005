// @ts-check
// Handlers for backups: downloading debriefs as JSON or Markdown, and importing a backup
// file (checked, then added, asking first about debriefs already here).

import { download } from "./dom.js";
import { backupFileName, fileName, toBackupJSON, toDebriefJSON, toMarkdown } from "./exporters.js";
import { planImport } from "./import-plan.js";
import { displayName } from "./model.js";
import { checkSize, parseBackup } from "./validate.js";

/** @typedef {import("./types.js").Debrief} Debrief */
/** @typedef {import("./actions.js").BackupAction} BackupAction */
/** @typedef {import("./context.js").Context} Context */
/** @typedef {Context["screen"]["imports"]} ImportView */

/**
 * @param {Context} ctx
 * @param {"json" | "md"} kind
 */
function exportCurrent({ session, screen, factors }, kind) {
  const debrief = session.current();
  if (kind === "json") download(fileName(debrief, "json"), toDebriefJSON(debrief), "application/json");
  else download(fileName(debrief, "md"), toMarkdown(debrief, factors, { checklist: screen.form.checklist() }), "text/markdown");
  screen.status.setStatus(`Downloaded “${displayName(debrief)}”.`);
}

/**
 * @param {Context} ctx
 * @param {"json" | "md"} kind
 */
function exportAll({ session, screen, factors }, kind) {
  const debriefs = session.doc.debriefs;
  if (debriefs.length === 0) {
    screen.status.setStatus("There are no saved debriefs to download yet.");
    return;
  }
  if (kind === "json") download(backupFileName(), toBackupJSON(debriefs), "application/json");
  else {
    const text = debriefs.map((d) => toMarkdown(d, factors, { checklist: screen.form.checklist() })).join("\n");
    download(backupFileName().replace(/\.json$/, ".md"), text, "text/markdown");
  }
  screen.status.setStatus(`Downloaded ${debriefs.length === 1 ? "1 debrief" : `${debriefs.length} debriefs`}.`);
}

/**
 * The file's text, or null once the problem is shown.
 * @param {ImportView} imports
 * @param {File} file
 * @returns {Promise<string | null>}
 */
async function readFile(imports, file) {
  imports.hideErrors();
  const tooBig = checkSize(file.size);
  if (tooBig) {
    imports.clearFile();
    imports.showErrors([tooBig]);
    return null;
  }
  /** @type {string} */
  let text;
  try {
    text = await file.text();
  } catch {
    imports.clearFile();
    imports.showErrors([{ path: "", message: "The file could not be read. Try saving it again, then choose it once more." }]);
    return null;
  }
  imports.clearFile();
  return text;
}

/**
 * What the dialog says before debriefs already here are touched.
 * @param {{ existing: Debrief }[]} differing  debriefs in the file that differ from the ones here
 * @param {number} added  debriefs in the file that are new here
 */
function conflictSummary(differing, added) {
  const names = differing.slice(0, 5).map((c) => `“${displayName(c.existing)}”`);
  const more = differing.length > 5 ? ` and ${differing.length - 5} more` : "";
  const count = differing.length === 1 ? "One debrief in the file is" : `${differing.length} debriefs in the file are`;
  return (
    `${count} already on this device with different answers: ${names.join(", ")}${more}. ` +
    `${added === 1 ? "One other debrief is" : `${added} other debriefs are`} new and will be added.`
  );
}

/**
 * @param {Context} ctx
 * @param {Debrief[]} incoming
 * @param {Record<string, "keep"|"replace"|"copy">} decisions
 * @param {string[]} warnings
 */
function finishImport({ session, screen }, incoming, decisions, warnings) {
  const result = session.importDebriefs(incoming, decisions);
  screen.renderAll(session);
  /** @param {number} n @param {string} what */
  const count = (n, what) => `${n} ${n === 1 ? "debrief" : "debriefs"} ${what}`;
  const parts = [];
  if (result.added) parts.push(count(result.added, "added"));
  if (result.replaced) parts.push(count(result.replaced, "replaced"));
  if (result.copied) parts.push(count(result.copied, "added as copies"));
  if (result.skipped) parts.push(count(result.skipped, "left as they were"));
  screen.status.setStatus(`Imported: ${parts.join(", ") || "nothing changed"}.`);
  screen.status.clearNotice("import-warnings");
  if (warnings.length > 0) {
    screen.status.showNotice("import-warnings", "Some things in the file were adjusted so they could be imported:", [], {
      tone: "info",
      details: warnings.slice(0, 20),
    });
  }
}

/**
 * @param {Context} ctx
 * @returns {import("./actions.js").Handlers<BackupAction>}
 */
export function backupHandlers(ctx) {
  const { session, screen } = ctx;
  /**
   * An import waiting for the reader's answer in the dialog.
   * @type {{ debriefs: Debrief[], decisions: string[] } | null}
   */
  let pendingImport = null;
  /** @type {string[]} */
  let pendingWarnings = [];

  /** @param {File} file */
  async function importFile(file) {
    const text = await readFile(screen.imports, file);
    if (text === null) return;
    const parsed = parseBackup(text);
    if (!parsed.ok) {
      screen.imports.showErrors(parsed.errors);
      return;
    }
    const plan = planImport(session.doc, parsed.debriefs);
    const differing = plan.conflicts.filter((c) => !c.identical);
    if (plan.newIds.length === 0 && differing.length === 0) {
      screen.status.setStatus("Everything in that file is already here. Nothing was changed.");
      return;
    }
    if (differing.length === 0) {
      finishImport(ctx, parsed.debriefs, {}, parsed.warnings);
      return;
    }
    pendingImport = { debriefs: parsed.debriefs, decisions: differing.map((c) => c.id) };
    pendingWarnings = parsed.warnings;
    screen.imports.ask(conflictSummary(differing, plan.newIds.length));
  }

  function confirmImport() {
    if (!pendingImport) return;
    const decision = screen.imports.decision();
    const decisions = Object.fromEntries(pendingImport.decisions.map((id) => [id, decision]));
    const incoming = pendingImport.debriefs;
    pendingImport = null;
    screen.imports.close();
    finishImport(ctx, incoming, decisions, pendingWarnings);
  }

  return {
    export: ({ scope, kind }) => (scope === "current" ? exportCurrent(ctx, kind) : exportAll(ctx, kind)),
    "import-file": ({ file }) => importFile(file),
    "confirm-import": confirmImport,
    "import-dialog-closed": () => {
      pendingImport = null;
    },
  };
}
