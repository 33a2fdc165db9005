// @ts-check
// Encrypted backups: a backup's text sealed with a passphrase (WebCrypto: PBKDF2-SHA-256 makes a key
// from the passphrase and a random salt; AES-GCM encrypts with a random IV and detects any change),
// in a small versioned JSON envelope. Nothing here touches the page or sends anything anywhere.

import { isPlainObject, own } from "./plain-data.js";
import { MAX_BYTES } from "./validate.js";

export const ENVELOPE_FORMAT = "next-round-encrypted";
export const ENVELOPE_VERSION = 1;
export const ITERATIONS = 600_000; // OWASP's figure for PBKDF2-HMAC-SHA256 (2023)
// A file may ask for more work than we do today, up to a point: a huge count would freeze the tab.
const MAX_ITERATIONS = 10_000_000;
const SALT_BYTES = 16;
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const MIN_PASSPHRASE = 8;
/** The largest envelope a backup of the largest size makes (base64 is 4 bytes for 3, plus its header). */
export const MAX_ENVELOPE_BYTES = Math.ceil((MAX_BYTES + TAG_BYTES) / 3) * 4 + 1_000;

/**
 * The envelope as written (its binary parts base64).
 * @typedef {object} Envelope
 * @property {string} format
 * @property {number} version
 * @property {{ name: "PBKDF2", hash: "SHA-256", iterations: number, salt: string }} kdf
 * @property {{ name: "AES-GCM", iv: string }} cipher
 * @property {string} ciphertext
 */

/** @typedef {{ ok: true, envelope: Envelope } | { ok: false, message: string }} ReadResult */

export const MESSAGES = Object.freeze({
  wrongPassphrase:
    "That passphrase does not open this backup. Check it and try again. If it is right, the file has been damaged or changed since it was made.",
  damaged: "This encrypted backup is damaged: part of it is missing or changed. Nothing was imported.",
  truncated: "This encrypted backup is incomplete: it may have been cut short while it was copied. Nothing was imported.",
  newer: "This encrypted backup was made by a newer version of the worksheet. Reload the page to get the newest version, then try again.",
});

// ---------------------------------------------------------------- base64

/** @param {Uint8Array} bytes */
export function toBase64(bytes) {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** @param {unknown} text @returns {Uint8Array | null} */
export function fromBase64(text) {
  if (typeof text !== "string" || !/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return null;
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

// ---------------------------------------------------------------- reading an envelope

const SAYS_ENCRYPTED = new RegExp(`^\\s*\\{[^]*?"format"\\s*:\\s*"${ENVELOPE_FORMAT}"`);

/**
 * Whether a file's text is (or was meant to be) an encrypted backup: read before any passphrase is asked.
 * A cut-short file is no JSON any more, but still says what it is near its start.
 * @param {string} text
 */
export function looksEncrypted(text) {
  return SAYS_ENCRYPTED.test(text.replace(/^\uFEFF/, "").slice(0, 300));
}

/**
 * Check an envelope's shape before any work is done on it.
 * @param {string} text
 * @returns {ReadResult}
 */
export function readEnvelope(text) {
  /** @type {unknown} */
  let data;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch {
    return { ok: false, message: MESSAGES.truncated };
  }
  if (!isPlainObject(data) || own(data, "format") !== ENVELOPE_FORMAT) return { ok: false, message: MESSAGES.damaged };
  const version = own(data, "version");
  if (typeof version !== "number" || !Number.isInteger(version) || version < 1) return { ok: false, message: MESSAGES.damaged };
  if (version > ENVELOPE_VERSION) return { ok: false, message: MESSAGES.newer };
  const kdf = own(data, "kdf");
  const cipher = own(data, "cipher");
  const iterations = own(kdf, "iterations");
  const salt = fromBase64(own(kdf, "salt"));
  const iv = fromBase64(own(cipher, "iv"));
  const ciphertext = fromBase64(own(data, "ciphertext"));
  const fine =
    own(kdf, "name") === "PBKDF2" &&
    own(kdf, "hash") === "SHA-256" &&
    typeof iterations === "number" &&
    Number.isInteger(iterations) &&
    iterations >= ITERATIONS &&
    iterations <= MAX_ITERATIONS &&
    salt?.length === SALT_BYTES &&
    own(cipher, "name") === "AES-GCM" &&
    iv?.length === IV_BYTES &&
    ciphertext !== null &&
    ciphertext.length >= TAG_BYTES;
  if (!fine) return { ok: false, message: MESSAGES.damaged };
  // A fresh object of the known keys only, as every file read here is.
  const envelope = {
    format: ENVELOPE_FORMAT,
    version,
    kdf: { name: "PBKDF2", hash: "SHA-256", iterations, salt: toBase64(salt) },
    cipher: { name: "AES-GCM", iv: toBase64(iv) },
    ciphertext: toBase64(ciphertext),
  };
  return { ok: true, envelope: /** @type {Envelope} */ (envelope) };
}

// ---------------------------------------------------------------- sealing and opening

/**
 * What is wrong with the passphrase typed for a new encrypted backup, and in which field.
 * @param {string} first
 * @param {string} again  the same, typed a second time
 * @returns {{ field: "first" | "again", message: string } | null}
 */
export function passphraseProblem(first, again) {
  if (first === "") return { field: "first", message: "Type a passphrase to lock the backup with." };
  if (first.length < MIN_PASSPHRASE) {
    return { field: "first", message: `This passphrase is too short: use at least ${MIN_PASSPHRASE} characters.` };
  }
  if (again !== first) return { field: "again", message: "This is not the same passphrase. Type it once more." };
  return null;
}

/**
 * The key a passphrase and salt make.
 * @param {SubtleCrypto} subtle
 * @param {string} passphrase
 * @param {Uint8Array} salt
 * @param {number} iterations
 * @param {KeyUsage} usage
 */
async function deriveKey(subtle, passphrase, salt, iterations, usage) {
  const material = await subtle.importKey("raw", new TextEncoder().encode(passphrase), "PBKDF2", false, ["deriveKey"]);
  return subtle.deriveKey(
    { name: "PBKDF2", hash: "SHA-256", salt, iterations },
    material,
    { name: "AES-GCM", length: 256 },
    false,
    [usage],
  );
}

/**
 * What the envelope says about itself is sealed with the data (AES-GCM's additional data), so a file
 * whose header was changed does not open either.
 * @param {number} version
 */
const header = (version) => new TextEncoder().encode(`${ENVELOPE_FORMAT}/${version}`);

/**
 * Seal a backup's text.
 * @param {string} text  the plain backup (JSON)
 * @param {string} passphrase
 * @param {{ crypto?: Crypto }} [options]
 * @returns {Promise<string>} the envelope, as JSON text
 */
export async function encryptBackup(text, passphrase, { crypto = globalThis.crypto } = {}) {
  if (passphrase.length < MIN_PASSPHRASE) throw new RangeError(`A passphrase has at least ${MIN_PASSPHRASE} characters`);
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const key = await deriveKey(crypto.subtle, passphrase, salt, ITERATIONS, "encrypt");
  const sealed = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: header(ENVELOPE_VERSION) },
    key,
    new TextEncoder().encode(text),
  );
  /** @type {Envelope} */
  const envelope = {
    format: ENVELOPE_FORMAT,
    version: ENVELOPE_VERSION,
    kdf: { name: "PBKDF2", hash: "SHA-256", iterations: ITERATIONS, salt: toBase64(salt) },
    cipher: { name: "AES-GCM", iv: toBase64(iv) },
    ciphertext: toBase64(new Uint8Array(sealed)),
  };
  return `${JSON.stringify(envelope, null, 2)}\n`;
}

/**
 * Open a checked envelope. A wrong passphrase and a changed file look the same to AES-GCM: both fail
 * its check, and then nothing at all comes out.
 * @param {Envelope} envelope  from readEnvelope
 * @param {string} passphrase
 * @param {{ crypto?: Crypto }} [options]
 * @returns {Promise<{ ok: true, text: string } | { ok: false, message: string }>}
 */
export async function decryptBackup(envelope, passphrase, { crypto = globalThis.crypto } = {}) {
  const salt = /** @type {Uint8Array} */ (fromBase64(envelope.kdf.salt));
  const iv = /** @type {Uint8Array} */ (fromBase64(envelope.cipher.iv));
  const ciphertext = /** @type {Uint8Array} */ (fromBase64(envelope.ciphertext));
  try {
    const key = await deriveKey(crypto.subtle, passphrase, salt, envelope.kdf.iterations, "decrypt");
    const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv, additionalData: header(envelope.version) }, key, ciphertext);
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true }).decode(plain) };
  } catch {
    return { ok: false, message: MESSAGES.wrongPassphrase };
  }
}
