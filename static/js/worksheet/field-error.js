// @ts-check
// One field's error message: shown beside the field (which is marked invalid), hidden again
// once the reader tries anew. The message goes in as text.

/**
 * @param {HTMLElement} wrapper  the field's box, marked `has-error`
 * @param {HTMLInputElement} input
 * @param {HTMLElement} message  the field's error paragraph (in its aria-describedby)
 */
export function createFieldError(wrapper, input, message) {
  return {
    /** @param {string} text */
    show(text) {
      message.textContent = text;
      message.hidden = false;
      wrapper.classList.add("has-error");
      input.setAttribute("aria-invalid", "true");
    },
    hide() {
      message.textContent = "";
      message.hidden = true;
      wrapper.classList.remove("has-error");
      input.removeAttribute("aria-invalid");
    },
  };
}
