// @ts-check
// "Add to calendar": an iCalendar file (RFC 5545) for step 5's dated next step and for the next
// interview, built here and downloaded; nothing is sent anywhere. The reminder comes the evening
// before (18:00), when there is still time to prepare.

import { displayName } from "./model.js";
import { strategyFor } from "./recommendations.js";
import { truncate } from "./text.js";
import { isClockTime, isISODay } from "./time.js";

/** @typedef {import("./types.js").Debrief} Debrief */
/** @typedef {import("./types.js").Factor} Factor */

/**
 * One event: on a day (all day), or at a local time on that day (floating: wherever the reader is).
 * @typedef {object} CalendarEvent
 * @property {string} uid  the same for the same debrief and event, so importing again updates it
 * @property {string} summary
 * @property {string} description
 * @property {string} date  YYYY-MM-DD
 * @property {string} [time]  HH:MM; none: an all-day event
 * @property {number} [minutes]  how long a timed event lasts
 */

export const PRODID = "-//Next Round//Debrief worksheet//EN";
const EVENING_HOUR = 18; // the reminder: this hour on the day before
const MAX_LINE_OCTETS = 75;
const CRLF = "\r\n";

/**
 * TEXT as RFC 5545 (3.3.11) writes it: backslash, semicolon, comma and line breaks escaped;
 * other control characters, which TEXT may not hold, left out.
 * @param {string} text
 */
export function escapeText(text) {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "")
    .replace(/[\\;,]/g, "\\$&")
    .replace(/\n/g, "\\n");
}

/**
 * Fold a content line (RFC 5545 3.1): at most 75 octets a line, continued after CRLF and one space,
 * never inside a UTF-8 character.
 * @param {string} line
 */
export function foldLine(line) {
  const encoder = new TextEncoder();
  const lines = [];
  let current = "";
  let octets = 0;
  for (const char of line) {
    const size = encoder.encode(char).length;
    const room = lines.length === 0 ? MAX_LINE_OCTETS : MAX_LINE_OCTETS - 1; // the space counts
    if (octets + size > room) {
      lines.push(current);
      current = "";
      octets = 0;
    }
    current += char;
    octets += size;
  }
  lines.push(current);
  return lines.join(`${CRLF} `);
}

/** @param {string} day  YYYY-MM-DD @returns {string} YYYYMMDD */
const compact = (day) => day.replaceAll("-", "");

/** @param {string} day @returns {string} the next day, YYYYMMDD */
function dayAfter(day) {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10).replaceAll("-", "");
}

/**
 * How long before the start the reminder comes: the evening before, at 18:00.
 * @param {string | undefined} time  HH:MM, or none for an all-day event (which starts at 00:00)
 */
function reminderOffset(time) {
  const [h, m] = time ? time.split(":").map(Number) : [0, 0];
  const minutes = h * 60 + m + (24 - EVENING_HOUR) * 60;
  const rest = minutes % 60;
  return `-PT${Math.floor(minutes / 60)}H${rest ? `${rest}M` : ""}`;
}

/** @param {Date} now @returns {string} UTC, as 20261125T120000Z */
function stamp(now) {
  return now.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

/**
 * The .ics file for one event: CRLF line ends, folded lines, text escaped.
 * @param {CalendarEvent} event
 * @param {Date|string|number} [now]  DTSTAMP: when the file was made
 * @returns {string}
 */
export function calendarFile(event, now = new Date()) {
  if (!isISODay(event.date)) throw new RangeError(`Not a day: ${event.date}`);
  if (event.time !== undefined && !isClockTime(event.time)) throw new RangeError(`Not a time: ${event.time}`);
  const when = now instanceof Date ? now : new Date(now);
  const day = compact(event.date);
  const timing = event.time
    ? [`DTSTART:${day}T${event.time.replace(":", "")}00`, `DURATION:PT${Math.max(1, event.minutes ?? 60)}M`]
    : [`DTSTART;VALUE=DATE:${day}`, `DTEND;VALUE=DATE:${dayAfter(event.date)}`];
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    `PRODID:${PRODID}`,
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    "BEGIN:VEVENT",
    `UID:${escapeText(event.uid)}`,
    `DTSTAMP:${stamp(when)}`,
    ...timing,
    `SUMMARY:${escapeText(event.summary)}`,
    `DESCRIPTION:${escapeText(event.description)}`,
    "BEGIN:VALARM",
    "ACTION:DISPLAY",
    `DESCRIPTION:${escapeText(`Tomorrow: ${event.summary}`)}`,
    `TRIGGER:${reminderOffset(event.time)}`,
    "END:VALARM",
    "END:VEVENT",
    "END:VCALENDAR",
  ];
  return lines.map(foldLine).join(CRLF) + CRLF;
}

/** @param {Debrief} debrief */
const from = (debrief) => `From your Next Round debrief “${displayName(debrief)}”.`;

/**
 * Step 5's next interview: its day (and time, if known), the note to self and the preparation steps.
 * Null until it has a date.
 * @param {Debrief} debrief
 * @param {Factor[]} factors
 * @returns {CalendarEvent | null}
 */
export function interviewEvent(debrief, factors) {
  const { nextDate, nextTime, note } = debrief.next;
  if (!isISODay(nextDate)) return null;
  const parts = [];
  if (note.trim()) parts.push(note.trim());
  const steps = strategyFor(debrief, factors).steps.filter((s) => s.step.trim());
  if (steps.length > 0) parts.push(["Preparation steps:", ...steps.map((s) => `- ${s.label}: ${s.step.trim()}`)].join("\n"));
  parts.push(from(debrief));
  return {
    uid: `${debrief.id}-next-interview@next-round`,
    summary: "Interview",
    description: parts.join("\n\n"),
    date: nextDate,
    ...(isClockTime(nextTime) ? { time: nextTime, minutes: 60 } : {}),
  };
}

/**
 * Step 5's next step, on the day the reader chose. Null until it has both words and a date.
 * @param {Debrief} debrief
 * @returns {CalendarEvent | null}
 */
export function nextStepEvent(debrief) {
  const { action, actionDate } = debrief.next;
  const text = action.trim();
  if (!text || !isISODay(actionDate)) return null;
  const firstLine = text.split(/\r?\n/)[0].trim();
  return {
    uid: `${debrief.id}-next-step@next-round`,
    summary: firstLine.length > 120 ? `${truncate(firstLine, 119)}…` : firstLine,
    description: `${text}\n\n${from(debrief)}`,
    date: actionDate,
  };
}
