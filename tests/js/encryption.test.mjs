import { test, describe } from "node:test";
import assert from "node:assert/strict";

import {
  ENVELOPE_FORMAT,
  ITERATIONS,
  MESSAGES,
  decryptBackup,
  encryptBackup,
  fromBase64,
  looksEncrypted,
  passphraseProblem,
  readEnvelope,
  toBase64,
} from "../../static/js/worksheet/encryption.js";
import { toBackupJSON } from "../../static/js/worksheet/exporters.js";
import { parseBackup } from "../../static/js/worksheet/validate.js";
import { fixture } from "./helpers.mjs";

const PASSPHRASE = "correct horse battery staple";
const BACKUP = toBackupJSON([fixture(), fixture({ id: "d2", name: "Ünïcode, 😀 and \"quotes\"" })], "2026-11-25T12:00:00Z");

/** Seal once: each derivation is 600,000 rounds of PBKDF2. */
const sealed = await encryptBackup(BACKUP, PASSPHRASE);

/** @param {(envelope: any) => void} change */
function changed(change) {
  const envelope = JSON.parse(sealed);
  change(envelope);
  return JSON.stringify(envelope);
}

/** @param {string} text @param {string} passphrase */
async function open(text, passphrase = PASSPHRASE) {
  const read = readEnvelope(text);
  return read.ok ? decryptBackup(read.envelope, passphrase) : read;
}

describe("the envelope", () => {
  test("a small versioned JSON envelope: PBKDF2-SHA-256, AES-GCM, base64 parts of the right sizes", () => {
    const envelope = JSON.parse(sealed);
    assert.deepEqual(Object.keys(envelope), ["format", "version", "kdf", "cipher", "ciphertext"]);
    assert.equal(envelope.format, ENVELOPE_FORMAT);
    assert.equal(envelope.version, 1);
    assert.deepEqual(Object.keys(envelope.kdf), ["name", "hash", "iterations", "salt"]);
    assert.equal(envelope.kdf.name, "PBKDF2");
    assert.equal(envelope.kdf.hash, "SHA-256");
    assert.ok(envelope.kdf.iterations >= 600_000);
    assert.equal(envelope.kdf.iterations, ITERATIONS);
    assert.equal(fromBase64(envelope.kdf.salt)?.length, 16);
    assert.deepEqual(Object.keys(envelope.cipher), ["name", "iv"]);
    assert.equal(envelope.cipher.name, "AES-GCM");
    assert.equal(fromBase64(envelope.cipher.iv)?.length, 12);
    assert.ok(!sealed.includes("Acme"), "nothing of the backup shows");
    assert.ok(looksEncrypted(sealed));
    assert.ok(!looksEncrypted(BACKUP));
  });

  test("a fresh salt and IV every time", async () => {
    const again = JSON.parse(await encryptBackup(BACKUP, PASSPHRASE));
    const first = JSON.parse(sealed);
    assert.notEqual(again.kdf.salt, first.kdf.salt);
    assert.notEqual(again.cipher.iv, first.cipher.iv);
    assert.notEqual(again.ciphertext, first.ciphertext);
  });

  test("a short passphrase is refused before anything is made", async () => {
    await assert.rejects(encryptBackup(BACKUP, "short"), RangeError);
  });

  test("base64 both ways, for every byte value and long input", () => {
    const bytes = new Uint8Array(200_000).map((_, i) => i % 256);
    assert.deepEqual(fromBase64(toBase64(bytes)), bytes);
    for (const bad of ["abc", "ab$=", 5, null, "===="]) assert.equal(fromBase64(bad), null, String(bad));
  });
});

describe("the passphrase typed for a new backup", () => {
  const cases = [
    ["", "", { field: "first", message: "Type a passphrase to lock the backup with." }],
    ["seven77", "seven77", { field: "first", message: "This passphrase is too short: use at least 8 characters." }],
    ["long enough", "long enougH", { field: "again", message: "This is not the same passphrase. Type it once more." }],
    ["long enough", "", { field: "again", message: "This is not the same passphrase. Type it once more." }],
    ["long enough", "long enough", null],
  ];
  for (const [first, again, expected] of cases) {
    test(`${JSON.stringify(first)} / ${JSON.stringify(again)}`, () => assert.deepEqual(passphraseProblem(first, again), expected));
  }
});

describe("telling an encrypted backup from a plain one", () => {
  test("by what it says it is, wherever its format key is, and not by text inside a plain backup", () => {
    assert.ok(looksEncrypted(`\uFEFF  {"version": 1, "format": "${ENVELOPE_FORMAT}"`));
    assert.ok(!looksEncrypted(toBackupJSON([fixture({ name: `"format": "${ENVELOPE_FORMAT}"` })])));
    assert.ok(!looksEncrypted("not json at all"));
  });
});

describe("opening", () => {
  test("round trip: the very same backup comes out, and imports", async () => {
    const opened = await open(sealed);
    assert.deepEqual(opened, { ok: true, text: BACKUP });
    const parsed = parseBackup(opened.ok ? opened.text : "");
    assert.equal(parsed.ok, true);
    assert.deepEqual(parsed.ok && parsed.debriefs.map((d) => d.id), ["d1", "d2"]);
  });

  test("a wrong passphrase opens nothing", async () => {
    assert.deepEqual(await open(sealed, "correct horse battery stapler"), { ok: false, message: MESSAGES.wrongPassphrase });
  });

  test("a changed ciphertext opens nothing, even with the right passphrase", async () => {
    const tampered = changed((e) => {
      const bytes = /** @type {Uint8Array} */ (fromBase64(e.ciphertext));
      bytes[10] ^= 1;
      e.ciphertext = toBase64(bytes);
    });
    assert.deepEqual(await open(tampered), { ok: false, message: MESSAGES.wrongPassphrase });
  });

  test("a changed IV or salt opens nothing", async () => {
    const iv = changed((e) => {
      const bytes = /** @type {Uint8Array} */ (fromBase64(e.cipher.iv));
      bytes[0] ^= 1;
      e.cipher.iv = toBase64(bytes);
    });
    assert.equal((await open(iv)).ok, false);
  });

  test("an envelope of a newer version is not opened, and says so", async () => {
    assert.deepEqual(await open(changed((e) => (e.version = 2))), { ok: false, message: MESSAGES.newer });
  });

  test("a file cut short says so", async () => {
    assert.ok(looksEncrypted(sealed.slice(0, 200)));
    assert.deepEqual(await open(sealed.slice(0, 200)), { ok: false, message: MESSAGES.truncated });
    assert.deepEqual(await open(sealed.slice(0, sealed.length - 40)), { ok: false, message: MESSAGES.truncated });
  });

  const damaged = [
    ["ciphertext shorter than its check", (e) => (e.ciphertext = "AAAA")],
    ["ciphertext not base64", (e) => (e.ciphertext = "not base64!")],
    ["salt of the wrong size", (e) => (e.kdf.salt = toBase64(new Uint8Array(8)))],
    ["iv of the wrong size", (e) => (e.cipher.iv = toBase64(new Uint8Array(16)))],
    ["fewer iterations than we ask for", (e) => (e.kdf.iterations = 1000)],
    ["so many iterations the tab would freeze", (e) => (e.kdf.iterations = 1e12)],
    ["another hash", (e) => (e.kdf.hash = "SHA-1")],
    ["another cipher", (e) => (e.cipher.name = "AES-CBC")],
    ["no version", (e) => delete e.version],
    ["a version that is no number", (e) => (e.version = "1")],
    ["a kdf that is no object", (e) => (e.kdf = "PBKDF2")],
  ];
  for (const [name, change] of damaged) {
    test(`damaged: ${name}`, async () => {
      assert.deepEqual(await open(changed(change)), { ok: false, message: MESSAGES.damaged });
    });
  }

  test("keys that could reach a prototype are not copied", () => {
    const read = readEnvelope(sealed.replace('"format"', '"__proto__": {"polluted": true}, "constructor": 1, "format"'));
    assert.equal(read.ok, true);
    assert.equal(/** @type {any} */ ({}).polluted, undefined);
    assert.deepEqual(Object.keys(read.ok ? read.envelope : {}), ["format", "version", "kdf", "cipher", "ciphertext"]);
  });
});
