// @ts-check
// Small DOM helpers for the worksheet view. User text only ever goes in through
// textContent or .value: nothing here parses HTML.

/**
 * Create an element with properties and children (strings become text nodes).
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {{ className?: string, text?: string, attrs?: Record<string, string> }} [props]
 * @param {(Node | string)[]} [children]
 * @returns {HTMLElementTagNameMap[K]}
 */
export function el(tag, { className, text, attrs } = {}, children = []) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  for (const [name, value] of Object.entries(attrs ?? {})) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

/**
 * A `type="button"` button: inside a form, a plain <button> would be a submit button.
 * @param {string} label
 * @param {string} action  data-action, read by form-input.js or panel-input.js
 * @param {string} [className]
 */
export function button(label, action, className = "ws-button") {
  return el("button", { className, text: label, attrs: { type: "button", "data-action": action } });
}

const ID_ATTRS = ["id", "for", "aria-describedby", "aria-labelledby", "aria-controls"];

/**
 * Clone a <template>'s first element and replace `placeholder` in its id-like attributes,
 * so each copy has ids of its own ("ws-wrong-ITEM-text" -> "ws-wrong-<item id>-text").
 * @param {HTMLTemplateElement} template
 * @param {string} placeholder
 * @param {string} key  a safe key (letters, digits, - and _)
 * @returns {HTMLElement}
 */
export function instantiate(template, placeholder, key) {
  const node = /** @type {HTMLElement} */ (template.content.firstElementChild?.cloneNode(true));
  if (!node) throw new Error(`Template ${template.id} is empty`);
  for (const element of [node, ...node.querySelectorAll("*")]) {
    for (const name of ID_ATTRS) {
      const value = element.getAttribute(name);
      if (value?.includes(placeholder)) element.setAttribute(name, value.split(placeholder).join(key));
    }
  }
  return node;
}

/**
 * The element a selector names inside `root`; the worksheet's markup always has it.
 * @param {ParentNode} root
 * @param {string} selector
 * @returns {HTMLElement}
 */
export function find(root, selector) {
  const found = root.querySelector(selector);
  if (!(found instanceof HTMLElement)) throw new Error(`Worksheet markup is missing ${selector}`);
  return found;
}

/**
 * Set every `[data-slot=name]` inside `root` to `text`.
 * @param {ParentNode} root
 * @param {string} name
 * @param {string} text
 */
export function fillSlots(root, name, text) {
  for (const node of root.querySelectorAll(`[data-slot="${name}"]`)) node.textContent = text;
}

/**
 * @param {ParentNode} root
 * @param {string} name
 * @returns {HTMLElement}
 */
export function slot(root, name) {
  const found = root.querySelector(`[data-slot="${name}"]`);
  if (!(found instanceof HTMLElement)) throw new Error(`No slot ${name}`);
  return found;
}

/**
 * Save text as a file through a Blob and an object URL: the data never leaves the browser.
 * @param {string} fileName
 * @param {string} text
 * @param {string} type  MIME type
 */
export function download(fileName, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = el("a", { attrs: { href: url, download: fileName } });
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoking at once can cancel the download in some browsers; a minute is plenty.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * Set a field's value only when it differs, so the caret of a focused field never jumps.
 * @param {HTMLInputElement | HTMLTextAreaElement} field
 * @param {string} value
 */
export function setValue(field, value) {
  if (field.value !== value) field.value = value;
}
