// @ts-check
// Handlers for "Add to calendar": step 5's next step and next interview as a calendar file,
// downloaded; until a date is chosen, the reader is taken to the date field instead.

import { calendarFile, interviewEvent, nextStepEvent } from "./calendar.js";
import { download } from "./dom.js";
import { slug } from "./exporters.js";

/** @typedef {import("./actions.js").CalendarAction} CalendarAction */

/** @param {string} text  its first words, as a file name: cut between words, not inside one */
function shortSlug(text) {
  const full = slug(text, 200);
  return full.length <= 40 ? full : full.slice(0, 41).replace(/-[^-]*$/, "");
}

/**
 * @param {import("./context.js").Context} context
 * @returns {import("./actions.js").Handlers<CalendarAction>}
 */
export function calendarHandlers({ session, screen, factors }) {
  return {
    "add-to-calendar": ({ event: which }) => {
      const debrief = session.current();
      const event = which === "interview" ? interviewEvent(debrief, factors) : nextStepEvent(debrief);
      if (!event) {
        const missing =
          which === "interview"
            ? { field: "#ws-next-date", message: "Choose the date of your next interview first." }
            : debrief.next.action.trim()
              ? { field: "#ws-action-date", message: "Choose when you will take your next step first." }
              : { field: "#ws-action", message: "Write your next step first, then choose when." };
        screen.status.setStatus(missing.message);
        screen.form.focusField(missing.field);
        return;
      }
      const name = which === "interview" ? "next-interview" : shortSlug(event.summary) || "next-step";
      download(`next-round-${name}-${event.date}.ics`, calendarFile(event), "text/calendar");
      screen.status.setStatus(`Downloaded a calendar file for ${which === "interview" ? "your next interview" : "your next step"}, ${event.date}.`);
    },
  };
}
