// A textarea with live highlights: a backdrop behind the (transparent) textarea holds the
// same text, with <mark>s at the findings' spans. Both share every metric that affects
// wrapping (app.css, .editor-*), and the textarea grows with its content, so the two line
// up without scroll syncing.
//
// The backdrop has one block per line of the text (lines wrap independently in a textarea
// too), so typing re-renders and re-lays out only the line being edited: long posts stay
// smooth. Spans are UTF-16 indices into the text (SPEC.md), exactly what String.slice and
// setSelectionRange use, so no conversion happens here.
import { h } from "./dom.js";

/**
 * Where `to` differs from `from`: the common prefix length, the end of the replaced part
 * in `from`, and the change in length. One common-prefix/suffix pass: O(length).
 */
export function editRange(from, to) {
  const max = Math.min(from.length, to.length);
  let prefix = 0;
  while (prefix < max && from.charCodeAt(prefix) === to.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < max - prefix && from.charCodeAt(from.length - 1 - suffix) === to.charCodeAt(to.length - 1 - suffix)) suffix++;
  return { prefix, oldEnd: from.length - suffix, delta: to.length - from.length };
}

/** Findings moved by an edit; `moved` maps each kept finding to its moved copy. */
function shift(findings, { prefix, oldEnd, delta }) {
  const out = [];
  const moved = new Map();
  for (const f of findings) {
    let g = null;
    if (f.end <= prefix) g = f;
    else if (f.start >= oldEnd) g = { ...f, start: f.start + delta, end: f.end + delta };
    if (g) { out.push(g); moved.set(f, g); }
  }
  return { findings: out, moved };
}

/** The lines of `text` as [start, end) ranges (end excludes the "\n"). */
function lineRanges(text) {
  const out = [];
  let start = 0;
  for (;;) {
    const nl = text.indexOf("\n", start);
    if (nl < 0) { out.push({ start, end: text.length }); return out; }
    out.push({ start, end: nl });
    start = nl + 1;
  }
}

export class HighlightEditor {
  /**
   * @param {object} o
   * @param {string} o.id        id of the textarea (for its <label for>)
   * @param {string} o.hook      value of data-anshin on the textarea (stable test/automation hook)
   * @param {number} [o.rows]    minimum height in rows
   * @param {(text: string) => void} [o.onInput]
   */
  constructor({ id, hook, rows = 10, onInput }) {
    this.findings = [];   // the findings shown, on this.checkedText
    this.checkedText = "";
    this.active = null;
    this.lines = null;    // [{el, start, end}] one block per line of the backdrop; null: repaint
    this.highlights = h("div", { class: "editor-highlights" });
    this.backdrop = h("div", { class: "editor-backdrop", "aria-hidden": "true" }, this.highlights);
    this.textarea = h("textarea", {
      id, class: "editor-input", rows, spellcheck: "false", autocomplete: "off",
      "data-anshin": hook, "aria-describedby": `${id}-help`,
    });
    this.element = h("div", { class: "editor" }, this.backdrop, this.textarea);
    this.textarea.addEventListener("input", () => {
      this.#update();
      this.#autosize();
      if (onInput) onInput(this.textarea.value);
    });
    this.textarea.addEventListener("scroll", () => { this.backdrop.scrollTop = this.textarea.scrollTop; });
    // Width changes re-wrap the text: the height must follow.
    if (typeof ResizeObserver === "function") new ResizeObserver(() => this.#autosize(true)).observe(this.element);
  }

  get value() {
    return this.textarea.value;
  }

  set value(text) {
    this.textarea.value = text;
    this.lines = null;
    this.#update();
    this.#autosize(true);
  }

  /** Shows the findings of a report on `text` (moved onto the current text if it changed since). */
  setFindings(findings, text) {
    this.findings = findings;
    this.checkedText = text;
    this.lines = null;
    this.#update();
  }

  /** Outlines the marks of one finding (e.g. while its list item is hovered), or none. */
  setActive(finding) {
    this.active = finding;
    for (const m of this.highlights.querySelectorAll("mark"))
      m.classList.toggle("is-active", !!finding && m.finding.start === finding.start && m.finding.rule === finding.rule);
  }

  /** Selects a span in the textarea and scrolls it into view. */
  select(start, end) {
    this.textarea.focus({ preventScroll: true });
    this.textarea.setSelectionRange(start, end);
    const mark = [...this.highlights.querySelectorAll("mark")].find((m) => m.finding.start === start);
    (mark || this.textarea).scrollIntoView({ block: "center", behavior: "smooth" });
  }

  /**
   * Replaces [start, end) with `replacement` if the text there is still `expected`;
   * goes through the editing commands so it can be undone with Ctrl+Z. Returns false
   * when the text changed meanwhile.
   */
  replace(start, end, expected, replacement) {
    const ta = this.textarea;
    if (ta.value.slice(start, end) !== expected) return false;
    ta.focus({ preventScroll: true });
    ta.setSelectionRange(start, end);
    let done = false;
    try { done = document.execCommand("insertText", false, replacement); } catch { done = false; }
    if (!done || ta.value.slice(start, start + replacement.length) !== replacement) {
      ta.setRangeText(replacement, start, end, "end");
      ta.dispatchEvent(new Event("input", { bubbles: true }));
    }
    return true;
  }

  // Brings the backdrop in line with the textarea: findings follow the edit; usually only
  // the edited line is rebuilt, otherwise everything is.
  #update() {
    const text = this.textarea.value;
    const from = this.checkedText;
    if (text === from && this.lines) return;
    const edit = editRange(from, text);
    const { findings, moved } = shift(this.findings, edit);
    const patched = this.lines !== null && this.#patch(text, from, edit, findings, moved);
    this.findings = findings;
    this.checkedText = text;
    if (!patched) this.#paint(text, findings);
  }

  #patch(text, from, { prefix, oldEnd, delta }, findings, moved) {
    const lines = this.lines;
    let lo = 0, hi = lines.length - 1, i = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (lines[mid].start <= prefix) { i = mid; lo = mid + 1; } else hi = mid - 1;
    }
    const line = lines[i];
    if (!line || oldEnd > line.end) return false;                       // the edit spans lines
    if (text.slice(prefix, oldEnd + delta).includes("\n")) return false;  // it adds a line
    // A dropped finding reaching into other lines would leave pieces there.
    for (const f of this.findings) if (!moved.has(f) && (f.start < line.start || f.end > line.end)) return false;
    line.end += delta;
    for (let k = i + 1; k < lines.length; k++) { lines[k].start += delta; lines[k].end += delta; }
    for (const m of this.highlights.querySelectorAll("mark")) if (moved.has(m.finding)) m.finding = moved.get(m.finding);
    this.#fill(line, text, findings);
    return true;
  }

  #paint(text, findings) {
    this.lines = lineRanges(text).map((r) => ({ ...r, el: h("div", { class: "editor-line" }) }));
    for (const line of this.lines) this.#fill(line, text, findings);
    this.highlights.replaceChildren(...this.lines.map((l) => l.el));
  }

  // One line's children: text and marks (overlapping findings: the earlier one wins).
  #fill(line, text, findings) {
    const parts = [];
    let at = line.start;
    for (const f of findings) {
      if (f.end <= line.start) continue;
      if (f.start >= line.end) break;
      const start = Math.max(f.start, at);
      const end = Math.min(f.end, line.end);
      if (end <= start) continue;
      if (start > at) parts.push(text.slice(at, start));
      const mark = h("mark", { class: `hl hl-${f.severity}`, "data-rule": f.rule }, text.slice(start, end));
      mark.finding = f;
      if (this.active && f.start === this.active.start && f.rule === this.active.rule) mark.classList.add("is-active");
      parts.push(mark);
      at = end;
    }
    if (line.end > at) parts.push(text.slice(at, line.end));
    // An empty line still takes up a line, as in the textarea.
    if (line.start === line.end) parts.push(" ");
    line.el.replaceChildren(...parts);
  }

  #autosize(full = false) {
    const ta = this.textarea;
    const length = ta.value.length;
    const grew = !full && length >= (this.sizedLength || 0);
    this.sizedLength = length;
    // Growing text only ever gets taller: no need to collapse first (a full re-layout).
    if (grew && ta.scrollHeight <= ta.clientHeight) return;
    if (!grew) ta.style.height = "auto";
    ta.style.height = `${ta.scrollHeight + (ta.offsetHeight - ta.clientHeight)}px`;
  }
}
