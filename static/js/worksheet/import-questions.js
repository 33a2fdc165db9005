// @ts-check
// Importing over debriefs already here, one question per debrief: keep both, replace the one here,
// or skip the file's; "the same for the rest" answers all that are left at once. Plain data only.

/**
 * How the reader answered for one debrief: "copy" keeps both (the file's as a copy), "replace" puts
 * the file's in place of the one here, "keep" keeps the one here and skips the file's.
 * @typedef {"copy" | "replace" | "keep"} Answer
 */

/** @type {ReadonlyArray<Answer>} */
export const ANSWERS = Object.freeze(["copy", "replace", "keep"]);

/**
 * @typedef {object} Questions
 * @property {ReadonlyArray<string>} ids  the debriefs to ask about, in the file's order
 * @property {number} index  the one being asked about (ids.length once all are answered)
 * @property {Readonly<Record<string, Answer>>} answers  by debrief id
 */

/**
 * @param {string[]} ids
 * @returns {Questions}
 */
export function startQuestions(ids) {
  return { ids: Object.freeze([...ids]), index: 0, answers: Object.freeze({}) };
}

/**
 * Answer the current question, and with `sameForRest` every one after it too.
 * @param {Questions} questions
 * @param {Answer} answer
 * @param {boolean} [sameForRest]
 * @returns {Questions}
 */
export function answerQuestion(questions, answer, sameForRest = false) {
  if (!ANSWERS.includes(answer)) throw new RangeError(`Not an answer: ${answer}`);
  if (isAnswered(questions)) return questions;
  const end = sameForRest ? questions.ids.length : questions.index + 1;
  const answers = { ...questions.answers };
  for (const id of questions.ids.slice(questions.index, end)) answers[id] = answer;
  return { ids: questions.ids, index: end, answers: Object.freeze(answers) };
}

/** @param {Questions} questions  true once every debrief has its answer */
export function isAnswered(questions) {
  return questions.index >= questions.ids.length;
}

/** @param {Questions} questions  how many are left after the current one */
export function remainingAfter(questions) {
  return Math.max(0, questions.ids.length - questions.index - 1);
}
