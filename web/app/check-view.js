// The two live-checking views: 依頼文チェック (kind "post": findings + checklist + score)
// and メッセージチェック (kind "message": findings, with a stage selector).
// Checking runs in the worker, debounced; the highlights follow the text between checks.
import { h, select } from "./dom.js";
import { engine, debounced } from "./engine.js";
import { HighlightEditor } from "./editor.js";
import { t, locale, onLocaleChange } from "./i18n.js";
import { renderFindings, renderChecklist, scoreBlock, summarize, findingsKey, byImportance } from "./report.js";

const STAGES = ["draft", "before_escrow", "after_escrow"];
const MODES = ["project", "competition", "task"];
const PLATFORMS = ["lancers", "crowdworks", "coconala"];
const MAX_LISTED = 100;

function labelledSelect(id, labelKey, values, prefix, value, onChange) {
  const sel = select({ id, class: "select", onchange: () => onChange(sel.value), "data-anshin": id },
    values.map((v) => [v, t(`${prefix}.${v}`)]), value);
  sel.querySelectorAll("option").forEach((o) => o.setAttribute("data-i18n", `${prefix}.${o.value}`));
  return h("div", { class: "option" },
    h("label", { for: id, class: "option-label", "data-i18n": labelKey }, t(labelKey)), sel);
}

/**
 * Builds a check view into `panel`.
 * @param {HTMLElement} panel
 * @param {{kind: "post"|"message", samples: {ja: string, en: string}}} o
 * @returns {{editor: HighlightEditor, refresh: () => void}}
 */
export function createCheckView(panel, { kind, samples }) {
  const isPost = kind === "post";
  const ns = isPost ? "post" : "message";
  const opts = { stage: isPost ? "draft" : "before_escrow", mode: "project", platform: "lancers" };
  const id = `${ns}-input`;

  const editor = new HighlightEditor({ id, hook: `${ns}-input`, rows: isPost ? 14 : 8, onInput: () => changed() });
  editor.textarea.setAttribute("placeholder", t(`${ns}.placeholder`));
  editor.textarea.setAttribute("data-i18n-attr", `placeholder:${ns}.placeholder`);

  const count = h("span", { class: "char-count", "aria-hidden": "true" });
  const findingsList = h("ol", {
    class: "findings", "data-anshin": "findings", "aria-live": "polite", "aria-relevant": "additions text",
    "aria-labelledby": `${ns}-findings-title`,
  });
  const summary = h("p", { class: "findings-summary", "data-anshin": "findings-summary" }, t("findings.empty"));
  const more = h("p", { class: "muted", hidden: true });
  const errorBox = h("p", { class: "notice notice-error", role: "alert", hidden: true });
  const checklist = h("ul", { class: "checklist", "data-anshin": "checklist", "aria-labelledby": `${ns}-checklist-title`, hidden: true });
  const checklistNone = h("p", { class: "muted", "data-i18n": "checklist.none", hidden: true }, t("checklist.none"));
  const score = scoreBlock();

  const options = h("div", { class: "options" },
    isPost ? null : labelledSelect(`${ns}-stage`, "opt.stage", STAGES, "stage", opts.stage, (v) => { opts.stage = v; changed(true); }),
    labelledSelect(`${ns}-mode`, "opt.mode", MODES, "mode", opts.mode, (v) => { opts.mode = v; changed(true); }),
    labelledSelect(`${ns}-platform`, "opt.platform", PLATFORMS, "platform", opts.platform, (v) => { opts.platform = v; changed(true); }));

  panel.append(
    h("div", { class: "view-head" },
      h("h2", { "data-i18n": `${ns}.title` }, t(`${ns}.title`)),
      h("p", { class: "lead", "data-i18n": `${ns}.lead` }, t(`${ns}.lead`))),
    h("div", { class: "check-layout" },
      h("div", { class: "pane pane-editor" },
        options,
        h("label", { for: id, class: "field-label", "data-i18n": `${ns}.label` }, t(`${ns}.label`)),
        editor.element,
        h("div", { class: "editor-foot" },
          h("p", { id: `${id}-help`, class: "help", "data-i18n": `${ns}.help` }, t(`${ns}.help`)),
          count,
          h("div", { class: "editor-actions" },
            h("button", { type: "button", class: "btn", "data-anshin": `${ns}-sample`, "data-i18n": "btn.sample",
              onclick: () => { editor.value = samples[locale()]; changed(true); editor.textarea.focus(); } }, t("btn.sample")),
            h("button", { type: "button", class: "btn btn-quiet", "data-i18n": "btn.clear",
              onclick: () => { editor.value = ""; changed(true); editor.textarea.focus(); } }, t("btn.clear"))))),
      h("div", { class: "pane pane-results" },
        h("section", { class: "card", "aria-labelledby": `${ns}-findings-title` },
          h("h3", { id: `${ns}-findings-title`, "data-i18n": "findings.title" }, t("findings.title")),
          summary, errorBox, findingsList, more),
        isPost ? h("section", { class: "card", "aria-labelledby": `${ns}-checklist-title` },
          h("h3", { id: `${ns}-checklist-title`, "data-i18n": "checklist.title" }, t("checklist.title")),
          score, checklistNone, checklist) : null)));

  let shownKey = null;
  let lastReport = null;

  function show(report, text) {
    lastReport = report;
    errorBox.hidden = true;
    editor.setFindings(report.findings, text);
    // Findings are shown for the current text (moved if the user kept typing).
    const findings = byImportance(editor.findings);
    const key = findingsKey(findings) + locale();
    const current = editor.value;
    summary.textContent = current.trim() === "" ? t("findings.empty") : summarize(findings);
    if (key !== shownKey) {
      shownKey = key;
      // A very long text can have hundreds: the list shows the most important ones.
      more.hidden = findings.length <= MAX_LISTED;
      more.textContent = t("findings.more", { n: findings.length - MAX_LISTED });
      renderFindings(findingsList, findings.slice(0, MAX_LISTED), {
        onShow: (f) => editor.select(f.start, f.end),
        onApply: (f) => { if (!editor.replace(f.start, f.end, f.excerpt, f.replacement)) live.schedule(editor.value, true); },
        onHover: (f) => editor.setActive(f),
      });
    }
    if (isPost) {
      const items = renderChecklist(checklist, score, report);
      checklistNone.hidden = items.length > 0 || current.trim() === "";
    }
    panel.dataset.checked = String(text === current);
  }

  function fail(e) {
    errorBox.hidden = false;
    errorBox.textContent = t("engine.failed", { message: e && e.detail ? e.detail : String(e && e.message ? e.message : e) });
  }

  const live = debounced(async (text) => {
    // Nothing typed yet: nothing to report (an empty post would list every field as missing).
    if (text.trim() === "") return { report: { findings: [], checklist: [] }, text };
    const checker = await engine();
    return { report: await checker.check(text, { kind, ...opts, locale: locale() }), text };
  }, ({ report, text }) => show(report, text), fail, 180);

  function changed(now = false) {
    count.textContent = t("chars", { n: editor.value.length });
    panel.dataset.checked = "false";
    live.schedule(editor.value, now);
  }

  onLocaleChange(() => { shownKey = null; changed(true); });
  changed(true);
  return { editor, refresh: () => changed(true), get report() { return lastReport; } };
}
