// Tiny DOM helpers. Every string goes in as a text node or an attribute value, never
// as markup: user text and rule messages cannot become HTML (there is no innerHTML in
// this app, and the CSP forbids inline script anyway).

/**
 * Creates an element.
 *   h("button", { type: "button", class: "btn", onclick: fn, dataset: { rule: id } }, "text", childNode)
 * Attributes whose value is null/undefined/false are skipped; true sets an empty attribute.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") el.className = value;
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (key === "value" || key === "checked" || key === "selected") el[key] = value;
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

/** Appends strings (as text) and nodes; nested arrays are flattened, null skipped. */
export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Replaces all children of `el`. */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/** A <select> with [value, label] options. */
export function select(attrs, options, value) {
  const el = h("select", attrs, options.map(([v, label]) => h("option", { value: v }, label)));
  el.value = value;
  return el;
}

/** Copies text to the clipboard; resolves true on success. */
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Fallback for contexts without the async clipboard (e.g. an http: origin that is not localhost).
    const ta = h("textarea", { class: "visually-hidden", "aria-hidden": "true", tabindex: "-1" });
    ta.value = text;
    document.body.append(ta);
    ta.select();
    let ok = false;
    try { ok = document.execCommand("copy"); } catch { ok = false; }
    ta.remove();
    return ok;
  }
}
