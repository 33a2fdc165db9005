// @ts-check
// Handlers for backups: downloading debriefs as JSON, Markdown or an encrypted backup, and
// importing a backup file (opened with its passphrase if it is encrypted, checked, then added,
// asking debrief by debrief about those already here).

import { download } from "./dom.js";
import {
  MAX_ENVELOPE_BYTES,
  decryptBackup,
  encryptBackup,
  looksEncrypted,
  passphraseProblem,
  readEnvelope,
} from "./encryption.js";
import { backupFileName, fileName, toBackupJSON, toDebriefJSON, toMarkdown } from "./exporters.js";
import { planImport } from "./import-plan.js";
import { answerQuestion, isAnswered, remainingAfter, startQuestions } from "./import-questions.js";
import { displayName } from "./model.js";
import { checkSize, parseBackup } from "./validate.js";

/** @typedef {import("./types.js").Debrief} Debrief */
/** @typedef {import("./types.js").Article} Article */
/** @typedef {import("./actions.js").BackupAction} BackupAction */
/** @typedef {import("./context.js").Context} Context */
/** @typedef {Context["screen"]["imports"]} ImportView */
/** @typedef {import("./import-plan.js").ImportConflict} ImportConflict */
/** @typedef {import("./import-questions.js").Questions} Questions */
/** @typedef {import("./encryption.js").Envelope} Envelope */

/** @param {number} n */
const debriefCount = (n) => (n === 1 ? "1 debrief" : `${n} debriefs`);

/**
 * The site's articles with absolute addresses, so the links in a Markdown copy work anywhere.
 * @param {Article[]} articles
 */
const absolute = (articles) => articles.map((a) => ({ ...a, url: new URL(a.url, document.baseURI).href }));

/**
 * @param {Context} ctx
 * @param {"json" | "md"} kind
 */
function exportCurrent({ session, screen, factors, reading }, kind) {
  const debrief = session.current();
  if (kind === "json") download(fileName(debrief, "json"), toDebriefJSON(debrief), "application/json");
  else {
    const options = { checklist: screen.form.checklist(), articles: absolute(reading.articles()) };
    download(fileName(debrief, "md"), toMarkdown(debrief, factors, options), "text/markdown");
  }
  screen.status.setStatus(`Downloaded “${displayName(debrief)}”.`);
}

/**
 * @param {Context} ctx
 * @param {"json" | "md"} kind
 */
function exportAll({ session, screen, factors, reading }, kind) {
  const debriefs = session.doc.debriefs;
  if (debriefs.length === 0) {
    screen.status.setStatus("There are no saved debriefs to download yet.");
    return;
  }
  if (kind === "json") download(backupFileName(), toBackupJSON(debriefs), "application/json");
  else {
    const options = { checklist: screen.form.checklist(), articles: absolute(reading.articles()) };
    const text = debriefs.map((d) => toMarkdown(d, factors, options)).join("\n");
    download(backupFileName().replace(/\.json$/, ".md"), text, "text/markdown");
  }
  screen.status.setStatus(`Downloaded ${debriefCount(debriefs.length)}.`);
}

/**
 * The debriefs an encrypted backup holds, as the plain backup's text and file name.
 * @param {Context} ctx
 * @param {"current" | "all"} scope
 * @returns {{ text: string, name: string, count: number } | null}
 */
function plainBackup({ session }, scope) {
  if (scope === "current") {
    const debrief = session.current();
    return { text: toDebriefJSON(debrief), name: fileName(debrief, "json"), count: 1 };
  }
  const debriefs = session.doc.debriefs;
  if (debriefs.length === 0) return null;
  return { text: toBackupJSON(debriefs), name: backupFileName(), count: debriefs.length };
}

/**
 * The file's text, or null once the problem is shown.
 * @param {ImportView} imports
 * @param {File} file
 * @returns {Promise<string | null>}
 */
async function readFile(imports, file) {
  imports.hideErrors();
  imports.hideUnlock();
  // An encrypted backup is a third larger than the backup inside it; anything larger is no backup.
  if (file.size > MAX_ENVELOPE_BYTES) {
    imports.clearFile();
    imports.showErrors([/** @type {import("./types.js").Problem} */ (checkSize(file.size))]);
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
 * When each version of a debrief was last changed, in the reader's words and time zone.
 * @param {ImportConflict} conflict
 */
function datesOf(conflict) {
  /** @param {string} iso */
  const when = (iso) => new Date(iso).toLocaleString(undefined, { dateStyle: "long", timeStyle: "short" });
  const newer = conflict.incomingIsNewer ? " (newer)" : "";
  return `On this device: last changed ${when(conflict.existing.updatedAt)}. In the file: last changed ${when(conflict.incoming.updatedAt)}${newer}.`;
}

/**
 * What the dialog says about the file as a whole.
 * @param {number} differing  debriefs in the file that differ from the ones here
 * @param {number} added  debriefs in the file that are new here
 */
function fileSummary(differing, added) {
  const count = differing === 1 ? "One debrief in the file is" : `${differing} debriefs in the file are`;
  const others = added === 0 ? "" : ` ${added === 1 ? "One other debrief is" : `${added} other debriefs are`} new and will be added.`;
  return `${count} already on this device with different answers.${others} Nothing changes until you have answered for each.`;
}

/**
 * @param {Context} ctx
 * @param {Debrief[]} incoming
 * @param {Record<string, "keep"|"replace"|"copy">} decisions
 * @param {string[]} warnings
 * @param {number} same  debriefs in the file that are here already, just as they are
 */
function finishImport({ session, screen }, incoming, decisions, warnings, same) {
  const result = session.importDebriefs(incoming, decisions);
  screen.renderAll(session);
  /** @param {number} n @param {string} what */
  const count = (n, what) => `${debriefCount(n)} ${what}`;
  const kept = result.skipped - same;
  const parts = [];
  if (result.added) parts.push(count(result.added, "added"));
  if (result.replaced) parts.push(count(result.replaced, "replaced"));
  if (result.copied) parts.push(count(result.copied, "added as copies"));
  if (kept > 0) parts.push(kept === 1 ? "1 debrief left as it was" : `${kept} debriefs left as they were`);
  if (same > 0) parts.push(count(same, "already here"));
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
   * An import waiting for the reader's answers in the dialog, one debrief at a time.
   * @type {{ debriefs: Debrief[], conflicts: ImportConflict[], questions: Questions, summary: string,
   *   warnings: string[], same: number } | null}
   */
  let pendingImport = null;
  /** @type {Envelope | null} an encrypted backup waiting for its passphrase */
  let locked = null;
  let working = false; // deriving a key takes a moment: one at a time

  /** Ask about the debrief the questions have come to. */
  function askNext() {
    if (!pendingImport) return;
    const { questions, conflicts, summary } = pendingImport;
    const conflict = conflicts[questions.index];
    screen.imports.ask({
      summary,
      index: questions.index,
      total: questions.ids.length,
      name: displayName(conflict.existing),
      dates: datesOf(conflict),
      remaining: remainingAfter(questions),
    });
  }

  /** @param {string} text  a plain backup's text */
  function importText(text) {
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
    const same = plan.conflicts.length - differing.length;
    if (differing.length === 0) {
      finishImport(ctx, parsed.debriefs, {}, parsed.warnings, same);
      return;
    }
    pendingImport = {
      same,
      debriefs: parsed.debriefs,
      conflicts: differing,
      questions: startQuestions(differing.map((c) => c.id)),
      summary: fileSummary(differing.length, plan.newIds.length),
      warnings: parsed.warnings,
    };
    askNext();
  }

  /** @param {File} file */
  async function importFile(file) {
    locked = null;
    const text = await readFile(screen.imports, file);
    if (text === null) return;
    if (!looksEncrypted(text)) {
      importText(text);
      return;
    }
    const read = readEnvelope(text);
    if (!read.ok) {
      screen.imports.showErrors([{ path: "", message: read.message }]);
      return;
    }
    locked = read.envelope;
    screen.imports.askPassphrase(file.name);
  }

  async function unlock() {
    if (!locked || working) return;
    const passphrase = screen.imports.typedPassphrase();
    if (passphrase === "") {
      screen.imports.showUnlockError("Type the passphrase this backup was made with.");
      return;
    }
    working = true;
    const opened = await decryptBackup(locked, passphrase);
    working = false;
    if (!opened.ok) {
      screen.imports.showUnlockError(opened.message);
      screen.status.setStatus("The backup did not open. Nothing was changed.");
      return;
    }
    locked = null;
    screen.imports.hideUnlock();
    importText(opened.text);
  }

  /** @param {"current" | "all"} scope */
  async function exportEncrypted(scope) {
    if (working) return;
    const typed = screen.passphrases.values();
    const problem = passphraseProblem(typed.first, typed.again);
    if (problem) {
      screen.passphrases.showError(problem.field, problem.message);
      return;
    }
    const backup = plainBackup(ctx, scope);
    if (!backup) {
      screen.status.setStatus("There are no saved debriefs to download yet.");
      return;
    }
    working = true;
    try {
      const sealed = await encryptBackup(backup.text, typed.first);
      download(backup.name.replace(/\.json$/, ".encrypted.json"), sealed, "application/json");
    } catch {
      screen.status.setStatus("This browser could not encrypt the backup. Nothing was downloaded.");
      return;
    } finally {
      working = false;
    }
    screen.passphrases.clear();
    screen.status.setStatus(
      `Downloaded an encrypted backup of ${debriefCount(backup.count)}. Keep the passphrase safe: without it the file cannot be opened.`,
    );
  }

  function answerImport() {
    if (!pendingImport) return;
    const { answer, sameForRest } = screen.imports.answer();
    pendingImport.questions = answerQuestion(pendingImport.questions, answer, sameForRest);
    if (!isAnswered(pendingImport.questions)) {
      askNext();
      return;
    }
    const { debriefs, questions, warnings, same } = pendingImport;
    pendingImport = null;
    screen.imports.close();
    finishImport(ctx, debriefs, { ...questions.answers }, warnings, same);
  }

  return {
    export: ({ scope, kind }) => (scope === "current" ? exportCurrent(ctx, kind) : exportAll(ctx, kind)),
    "export-encrypted": ({ scope }) => exportEncrypted(scope),
    "import-file": ({ file }) => importFile(file),
    "unlock-import": () => unlock(),
    "cancel-unlock": () => {
      locked = null;
      screen.imports.hideUnlock();
      screen.status.setStatus("The encrypted backup was not opened. Nothing was changed.");
    },
    "answer-import": answerImport,
    "import-dialog-closed": () => {
      if (pendingImport) screen.status.setStatus("Import canceled. Nothing was changed.");
      pendingImport = null;
    },
  };
}
