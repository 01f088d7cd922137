// Anshin content script: checks the textarea or contenteditable field the user is typing
// in (through the engine in background.js, protocol.js) and underlines findings in place.
//
// It never changes the page's own DOM: everything it draws lives in one overlay element
// (<anshin-overlay>, appended to <html>) with a shadow root and constructed stylesheets
// (CSSOM, so it also works on pages whose CSP forbids inline styles). Underlines are
// positioned from the text geometry: a DOM Range for contenteditable, a hidden mirror
// of the textarea (same font, padding, wrapping) for textareas.
(() => {
  "use strict";
  if (globalThis.__anshinContentLoaded) return;
  globalThis.__anshinContentLoaded = true;
  const P = globalThis.AnshinProtocol;
  if (!P) return;

  const DEBOUNCE_MS = 300;
  const SEVERITY_LABEL = {
    ja: { error: "違反", warning: "注意", info: "参考" },
    en: { error: "Violation", warning: "Warning", info: "Note" },
  };
  const HINT_LABEL = { ja: "対応のヒント", en: "What to do" };

  let settings = { ...P.DEFAULT_SETTINGS };
  let alive = true;  // false once the extension is reloaded or removed (context invalidated)

  /** field element → {text, findings, timer, seq, observer} */
  const fields = new Map();

  // --- the overlay -----------------------------------------------------------------------

  const CSS = `
    .layer { position: absolute; left: 0; top: 0; width: 0; height: 0; }
    .mirror { position: absolute; visibility: hidden; overflow: hidden; box-sizing: border-box;
      white-space: pre-wrap; border-style: solid; border-color: transparent; margin: 0; }
    .underline { position: absolute; height: 0; pointer-events: none; }
    .underline[data-severity="error"] { border-bottom: 2px solid #c62828; }
    .underline[data-severity="warning"] { border-bottom: 2px dashed #d08a00; }
    .underline[data-severity="info"] { border-bottom: 2px dotted #2456a0; }
    .tooltip { position: absolute; width: max-content; max-width: min(360px, calc(100vw - 16px)); box-sizing: border-box; padding: 10px 12px;
      background: #ffffff; color: #1e292c; border: 1px solid #b9c3be; border-radius: 10px;
      box-shadow: 0 6px 20px rgba(0,0,0,.18); font: 14px/1.7 system-ui, "Hiragino Sans", "Noto Sans CJK JP", "Yu Gothic UI", Meiryo, sans-serif;
      letter-spacing: .02em; white-space: normal; overflow-wrap: anywhere; text-align: left; }
    .tooltip[hidden] { display: none; }
    .head { display: flex; gap: 8px; align-items: baseline; margin-bottom: 4px; white-space: nowrap; }
    .badge { font-size: 12px; font-weight: 700; padding: 0 8px; border-radius: 999px; }
    .badge[data-severity="error"] { background: #c62828; color: #fff; }
    .badge[data-severity="warning"] { background: #fff3d9; color: #7a4a00; border: 1px solid #d08a00; }
    .badge[data-severity="info"] { background: #e8effa; color: #2456a0; border: 1px solid #2456a0; }
    .brand { font-size: 12px; color: #5a666a; }
    .msg { margin: 0; }
    .hint { margin: 6px 0 0; font-size: 13px; color: #33403f; }
    .hint b { color: #154f46; }
  `;

  let host = null;
  let layer = null;
  let mirror = null;
  let tooltip = null;

  function overlay() {
    if (host && host.isConnected) return;
    host = document.createElement("anshin-overlay");
    // Inline (CSSOM) and !important, so page styles cannot move or hide the overlay.
    const hs = host.style;
    for (const [k, v] of [["all", "initial"], ["position", "fixed"], ["left", "0"], ["top", "0"], ["width", "0"], ["height", "0"],
      ["overflow", "visible"], ["z-index", "2147483647"], ["pointer-events", "none"], ["display", "block"], ["contain", "layout style"]])
      hs.setProperty(k, v, "important");
    const root = host.attachShadow({ mode: "open" });
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [sheet];
    layer = document.createElement("div");
    layer.className = "layer";
    mirror = document.createElement("div");
    mirror.className = "mirror";
    mirror.setAttribute("aria-hidden", "true");
    tooltip = document.createElement("div");
    tooltip.className = "tooltip";
    tooltip.setAttribute("role", "tooltip");
    tooltip.setAttribute("data-anshin-tooltip", "");
    tooltip.hidden = true;
    root.append(mirror, layer, tooltip);
    document.documentElement.append(host);
  }

  // --- fields and their text --------------------------------------------------------------

  function fieldOf(node) {
    if (!(node instanceof Element)) return null;
    if (node === host) return null;
    if (node.localName === "textarea") return node.disabled || node.readOnly ? null : node;
    if (node.isContentEditable) {
      let el = node;
      while (el.parentElement && el.parentElement.isContentEditable) el = el.parentElement;
      return el;
    }
    return null;
  }

  const BLOCK = /^(address|article|aside|blockquote|dd|div|dl|dt|fieldset|figcaption|figure|footer|form|h[1-6]|header|hr|li|main|nav|ol|p|pre|section|table|tr|ul)$/;

  /** The text of a contenteditable, with the text nodes it came from (for DOM Ranges). */
  function readEditable(root) {
    const segs = [];
    let text = "";
    const newline = () => { if (text && !text.endsWith("\n")) text += "\n"; };
    const walk = (node) => {
      for (let n = node.firstChild; n; n = n.nextSibling) {
        if (n.nodeType === Node.TEXT_NODE) {
          segs.push({ node: n, start: text.length, length: n.data.length });
          text += n.data;
        } else if (n.nodeType === Node.ELEMENT_NODE) {
          const tag = n.localName;
          if (tag === "br") { text += "\n"; continue; }
          if (tag === "script" || tag === "style" || tag === "template") continue;
          const block = BLOCK.test(tag);
          if (block) newline();
          walk(n);
          if (block) newline();
        }
      }
    };
    walk(root);
    return { text, segs };
  }

  function readField(el) {
    return el.localName === "textarea" ? { text: el.value, segs: null } : readEditable(el);
  }

  // --- checking ---------------------------------------------------------------------------

  function track(el) {
    let st = fields.get(el);
    if (!st) {
      st = { text: "", findings: [], timer: 0, seq: 0, observer: null };
      if (typeof ResizeObserver === "function") {
        st.observer = new ResizeObserver(() => redrawSoon());
        st.observer.observe(el);
      }
      fields.set(el, st);
    }
    return st;
  }

  function schedule(el, delay) {
    if (!alive || !settings.enabled) return;
    const st = track(el);
    clearTimeout(st.timer);
    st.timer = setTimeout(() => check(el), delay);
  }

  async function check(el) {
    const st = fields.get(el);
    if (!st || !alive) return;
    const { text } = readField(el);
    const seq = ++st.seq;
    if (!text.trim() || text.length > P.MAX_TEXT) {
      st.text = text;
      st.findings = [];
      redrawSoon();
      return;
    }
    let response;
    try {
      response = await chrome.runtime.sendMessage(P.checkRequest(text, settings));
    } catch (e) {
      // The extension was reloaded or removed: this script is orphaned. Clean up quietly.
      if (/context invalidated|Receiving end does not exist/i.test(String(e && e.message))) shutdown();
      return;
    }
    if (seq !== st.seq || !response) return;  // a newer check is on its way
    if (!response.ok) {
      console.warn("Anshin:", response.error && response.error.message);
      return;
    }
    st.text = text;
    st.findings = response.report.findings;
    redrawSoon();
  }

  function checkAll() {
    for (const el of fields.keys()) schedule(el, 0);
  }

  // --- geometry ---------------------------------------------------------------------------

  const MIRRORED = ["fontFamily", "fontSize", "fontWeight", "fontStyle", "fontVariant", "fontStretch", "fontKerning",
    "fontFeatureSettings", "lineHeight", "letterSpacing", "wordSpacing", "textTransform", "textIndent", "tabSize",
    "textAlign", "direction", "wordBreak", "overflowWrap", "lineBreak",
    "paddingTop", "paddingRight", "paddingBottom", "paddingLeft",
    "borderTopWidth", "borderRightWidth", "borderBottomWidth", "borderLeftWidth"];

  /** Client rects of each finding's span in a textarea, via the mirror. */
  function textareaRects(ta, text, findings) {
    const cs = getComputedStyle(ta);
    const box = ta.getBoundingClientRect();
    const ms = mirror.style;
    for (const p of MIRRORED) ms[p] = cs[p];
    // The textarea's scrollbar narrows its text; widen the mirror's right padding to match.
    const scrollbar = ta.offsetWidth - ta.clientWidth - parseFloat(cs.borderLeftWidth) - parseFloat(cs.borderRightWidth);
    ms.paddingRight = `${parseFloat(cs.paddingRight) + Math.max(0, scrollbar)}px`;
    ms.left = `${box.left}px`;
    ms.top = `${box.top}px`;
    ms.width = `${box.width}px`;
    ms.height = `${box.height}px`;
    const spans = [];
    const parts = [];
    let at = 0;
    for (const f of findings) {
      const start = Math.max(at, f.start);
      if (f.end <= start) continue;
      if (start > at) parts.push(document.createTextNode(text.slice(at, start)));
      const span = document.createElement("span");
      span.textContent = text.slice(start, f.end);
      spans.push([span, f]);
      parts.push(span);
      at = f.end;
    }
    parts.push(document.createTextNode(text.slice(at) + "\u200b"));
    mirror.replaceChildren(...parts);
    mirror.scrollTop = ta.scrollTop;
    mirror.scrollLeft = ta.scrollLeft;
    const out = spans.map(([span, f]) => ({ finding: f, rects: [...span.getClientRects()] }));
    mirror.replaceChildren();
    return out;
  }

  function locate(segs, offset) {
    let lo = 0, hi = segs.length - 1, best = null;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (segs[mid].start <= offset) { best = segs[mid]; lo = mid + 1; } else hi = mid - 1;
    }
    if (!best) return segs.length ? { node: segs[0].node, offset: 0 } : null;
    return { node: best.node, offset: Math.min(offset - best.start, best.length) };
  }

  /** Client rects of each finding's span in a contenteditable, via DOM Ranges. */
  function editableRects(segs, findings) {
    const range = document.createRange();
    return findings.map((f) => {
      const a = locate(segs, f.start);
      const b = locate(segs, f.end);
      if (!a || !b) return { finding: f, rects: [] };
      try {
        range.setStart(a.node, a.offset);
        range.setEnd(b.node, b.offset);
      } catch {
        return { finding: f, rects: [] };
      }
      return { finding: f, rects: [...range.getClientRects()].filter((r) => r.width > 0) };
    });
  }

  /** The part of the viewport where the field shows its text. */
  function clipOf(el) {
    const r = el.getBoundingClientRect();
    const cs = getComputedStyle(el);
    return {
      left: r.left + parseFloat(cs.borderLeftWidth), right: r.left + parseFloat(cs.borderLeftWidth) + el.clientWidth,
      top: r.top + parseFloat(cs.borderTopWidth), bottom: r.top + parseFloat(cs.borderTopWidth) + el.clientHeight,
    };
  }

  // --- drawing and hover --------------------------------------------------------------------

  let hits = [];  // [{rect, finding}] of what is drawn now, for hover
  let frame = 0;

  function redrawSoon() {
    if (!frame) frame = requestAnimationFrame(() => { frame = 0; redraw(); });
  }

  function redraw() {
    if (!alive) return;
    const boxes = [];
    hits = [];
    for (const [el, st] of fields) {
      if (!el.isConnected) {
        if (st.observer) st.observer.disconnect();
        fields.delete(el);
        continue;
      }
      if (!settings.enabled || !st.findings.length) continue;
      const { text, segs } = readField(el);
      // Keep only findings whose text is still where the report said (the user may have typed since).
      const findings = st.findings.filter((f) => f.end <= text.length && text.slice(f.start, f.end) === f.excerpt);
      if (!findings.length) continue;
      overlay();
      const clip = clipOf(el);
      const located = el.localName === "textarea" ? textareaRects(el, text, findings) : editableRects(segs, findings);
      for (const { finding, rects } of located) {
        for (const r of rects) {
          const left = Math.max(r.left, clip.left), right = Math.min(r.right, clip.right);
          if (right <= left || r.bottom <= clip.top || r.top >= clip.bottom) continue;
          const line = document.createElement("div");
          line.className = "underline";
          line.setAttribute("data-anshin-underline", "");
          line.setAttribute("data-anshin-rule", finding.rule);
          line.setAttribute("data-category", finding.category);
          line.setAttribute("data-severity", finding.severity);
          const ls = line.style;
          ls.left = `${left}px`;
          ls.top = `${Math.min(r.bottom, clip.bottom) - 2}px`;
          ls.width = `${right - left}px`;
          boxes.push(line);
          hits.push({ rect: { left, right, top: Math.max(r.top, clip.top), bottom: Math.min(r.bottom + 2, clip.bottom) }, finding });
        }
      }
    }
    if (layer) layer.replaceChildren(...boxes);
    if (tooltip && !tooltip.hidden && !hits.some((h) => h.finding === shown)) hideTooltip();
  }

  let shown = null;

  function showTooltip(finding, rect) {
    overlay();
    const lang = settings.locale === "en" ? "en" : "ja";
    const badge = document.createElement("span");
    badge.className = "badge";
    badge.setAttribute("data-severity", finding.severity);
    badge.textContent = SEVERITY_LABEL[lang][finding.severity] || finding.severity;
    const brand = document.createElement("span");
    brand.className = "brand";
    brand.textContent = "Anshin（安心）";
    const head = document.createElement("div");
    head.className = "head";
    head.append(badge, brand);
    const msg = document.createElement("p");
    msg.className = "msg";
    msg.textContent = finding.message;
    const parts = [head, msg];
    if (finding.suggestion) {
      const hint = document.createElement("p");
      hint.className = "hint";
      const b = document.createElement("b");
      b.textContent = `${HINT_LABEL[lang]}: `;
      hint.append(b, document.createTextNode(finding.suggestion));
      parts.push(hint);
    }
    tooltip.replaceChildren(...parts);
    tooltip.setAttribute("data-anshin-rule", finding.rule);
    tooltip.hidden = false;
    const w = tooltip.offsetWidth, hgt = tooltip.offsetHeight;
    const vw = document.documentElement.clientWidth, vh = document.documentElement.clientHeight;
    let top = rect.bottom + 6;
    if (top + hgt > vh - 4 && rect.top - hgt - 6 >= 4) top = rect.top - hgt - 6;
    tooltip.style.left = `${Math.max(4, Math.min(rect.left, vw - w - 4))}px`;
    tooltip.style.top = `${Math.max(4, top)}px`;
    shown = finding;
  }

  function hideTooltip() {
    if (tooltip) tooltip.hidden = true;
    shown = null;
  }

  function hitAt(x, y) {
    return hits.find(({ rect: r }) => x >= r.left && x <= r.right && y >= r.top && y <= r.bottom) || null;
  }

  let lastMove = null;
  document.addEventListener("mousemove", (e) => {
    if (!hits.length && !shown) return;
    lastMove = e;
    requestAnimationFrame(() => {
      if (!lastMove) return;
      const hit = hitAt(lastMove.clientX, lastMove.clientY);
      lastMove = null;
      if (hit) { if (hit.finding !== shown) showTooltip(hit.finding, hit.rect); }
      else if (shown && !caretFinding) hideTooltip();
    });
  }, { passive: true, capture: true });

  // Keyboard users: the tooltip also opens when the caret is inside a finding.
  let caretFinding = null;
  function caretCheck(el) {
    const st = fields.get(el);
    caretFinding = null;
    if (!st || el.localName !== "textarea" || el.selectionStart !== el.selectionEnd) return;
    const pos = el.selectionStart;
    const f = st.findings.find((x) => pos >= x.start && pos <= x.end && el.value.slice(x.start, x.end) === x.excerpt);
    if (!f) { if (shown) hideTooltip(); return; }
    const hit = hits.find((x) => x.finding === f);
    if (hit) { caretFinding = f; showTooltip(f, hit.rect); }
  }

  // --- events ---------------------------------------------------------------------------

  const target = (e) => fieldOf(e.composedPath ? e.composedPath()[0] : e.target);

  document.addEventListener("focusin", (e) => {
    const el = target(e);
    if (el) schedule(el, 0);
  }, true);
  document.addEventListener("input", (e) => {
    const el = target(e);
    if (!el) return;
    schedule(el, DEBOUNCE_MS);
    redrawSoon();  // drop or keep underlines right away, before the next report
  }, true);
  document.addEventListener("keyup", (e) => { const el = target(e); if (el) caretCheck(el); }, true);
  document.addEventListener("click", (e) => { const el = target(e); if (el) caretCheck(el); }, true);
  document.addEventListener("focusout", () => { caretFinding = null; }, true);
  document.addEventListener("scroll", () => { hideTooltip(); redrawSoon(); }, { capture: true, passive: true });
  window.addEventListener("resize", redrawSoon, { passive: true });

  // --- settings --------------------------------------------------------------------------

  function applySettings(value) {
    settings = P.normalizeSettings(value);
    if (!settings.enabled) {
      for (const st of fields.values()) st.findings = [];
      hideTooltip();
    }
    redrawSoon();
    checkAll();
  }

  chrome.storage.local.get(P.SETTINGS_KEY).then((v) => applySettings(v[P.SETTINGS_KEY]), () => {});
  chrome.storage.onChanged.addListener((changes, area) => {
    if (area === "local" && changes[P.SETTINGS_KEY]) applySettings(changes[P.SETTINGS_KEY].newValue);
  });

  // A field that already has focus when the script arrives (document_idle).
  const active = fieldOf(document.activeElement);
  if (active) schedule(active, 0);

  function shutdown() {
    alive = false;
    for (const st of fields.values()) { clearTimeout(st.timer); if (st.observer) st.observer.disconnect(); }
    fields.clear();
    if (host) host.remove();
  }
})();
