// Renders a report (SPEC.md "Report"): the findings list and the post checklist.
// Stable hooks: [data-anshin="findings"] > li[data-anshin-rule][data-category][data-severity],
// [data-anshin="checklist"] > li[data-field][data-status].
import { h, replace } from "./dom.js";
import { t, tOr } from "./i18n.js";

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 };

/** "違反" / "Violation" … as a badge: severity is never shown by colour alone. */
export function severityBadge(severity) {
  return h("span", { class: `badge badge-${severity}` }, t(`severity.${severity}`));
}

export function categoryName(category) {
  return tOr(`category.${category}`, category);
}

export function fieldName(field) {
  return tOr(`field.${field}`, field);
}

/** "指摘 3 件（違反 1・注意 2）" / "3 findings: 1 violation, 2 warnings" (zero counts left out). */
export function summarize(findings) {
  if (!findings.length) return t("findings.none");
  const n = { error: 0, warning: 0, info: 0 };
  for (const f of findings) n[f.severity] = (n[f.severity] || 0) + 1;
  const parts = ["error", "warning", "info"].filter((s) => n[s] > 0)
    .map((s) => t(n[s] === 1 ? `count.${s}.one` : `count.${s}`, { n: n[s] }));
  return t(findings.length === 1 ? "findings.summary.one" : "findings.summary", { total: findings.length, parts: parts.join(t("list.sep")) });
}

/** A key that changes only when what the list would show changes. */
export function findingsKey(findings) {
  return findings.map((f) => `${f.rule}|${f.start}|${f.end}|${f.message}|${f.replacement ?? ""}`).join("\n");
}

/**
 * Fills `list` (an <ol data-anshin="findings">) with one item per finding.
 *   onShow(f)    — "show in text" (select the span in the editor)
 *   onApply(f)   — apply f.replacement (only offered when the finding has one)
 *   onHover(f|null)
 */
export function renderFindings(list, findings, { onShow, onApply, onHover } = {}) {
  const items = findings.map((f) => {
    const actions = [];
    // A finding about the whole text (a missing field: an empty span) has nothing to show.
    if (onShow && f.end > f.start) actions.push(h("button", { type: "button", class: "btn btn-quiet", onclick: () => onShow(f) }, t("btn.show")));
    if (onApply && typeof f.replacement === "string") {
      const label = f.replacement === "" ? t("btn.applyEmpty") : t("btn.apply", { text: f.replacement });
      actions.push(h("button", { type: "button", class: "btn btn-apply", "data-anshin": "apply", onclick: () => onApply(f) }, label));
    }
    const li = h("li", {
      class: `finding finding-${f.severity}`,
      "data-anshin-rule": f.rule,
      "data-category": f.category,
      "data-severity": f.severity,
    },
      h("div", { class: "finding-head" },
        severityBadge(f.severity),
        h("span", { class: "finding-category" }, categoryName(f.category)),
        f.excerpt ? h("q", { class: "finding-excerpt" }, f.excerpt) : null),
      h("p", { class: "finding-message" }, f.message),
      f.suggestion ? h("p", { class: "finding-suggestion" },
        h("span", { class: "finding-label" }, t("finding.suggestion")), " ", f.suggestion) : null,
      typeof f.replacement === "string" && f.replacement !== "" ? h("p", { class: "finding-replacement" },
        h("span", { class: "finding-label" }, t("finding.replaceTo")), " ",
        h("del", {}, f.excerpt), " → ", h("ins", {}, f.replacement)) : null,
      actions.length ? h("div", { class: "finding-actions" }, actions) : null);
    if (onHover) {
      li.addEventListener("mouseenter", () => onHover(f));
      li.addEventListener("mouseleave", () => onHover(null));
      li.addEventListener("focusin", () => onHover(f));
      li.addEventListener("focusout", () => onHover(null));
    }
    return li;
  });
  replace(list, items);
}

/** Findings ordered for reading: errors first, then by position. */
export function byImportance(findings) {
  return [...findings].sort((a, b) => (SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]) || (a.start - b.start));
}

const STATUS_MARK = { present: "✓", missing: "!", vague: "?" };

/** Fills `list` (an <ul data-anshin="checklist">) and the score meter. */
export function renderChecklist(list, scoreEl, report) {
  const items = report.checklist || [];
  if (!items.length) {
    replace(list);
    list.hidden = true;
    scoreEl.hidden = true;
    return items;
  }
  list.hidden = false;
  replace(list, items.map((item) => h("li", {
    class: `check check-${item.status}${item.required === false ? " check-optional-item" : ""}`,
    "data-field": item.field,
    "data-status": item.status,
  },
    h("span", { class: `check-status status-${item.status}${item.required === false && item.status !== "present" ? " status-optional" : ""}` },
      h("span", { class: "check-mark", "aria-hidden": "true" }, STATUS_MARK[item.status] || "•"),
      t(`status.${item.status}`)),
    h("span", { class: "check-body" },
      h("span", { class: "check-field" }, fieldName(item.field),
        item.required === false ? h("span", { class: "check-optional" }, `（${t("checklist.optional")}）`) : null),
      item.value ? h("q", { class: "check-value" }, item.value) : null,
      item.question && item.status !== "present" ? h("span", { class: "check-question" }, item.question) : null))));
  if (typeof report.score === "number") {
    scoreEl.hidden = false;
    const score = Math.max(0, Math.min(100, Math.round(report.score)));
    const bar = scoreEl.querySelector(".score-bar");
    bar.setAttribute("aria-valuenow", String(score));
    bar.setAttribute("aria-valuetext", t("checklist.scoreOf", { n: score }));
    bar.querySelector(".score-fill").style.width = `${score}%`;
    bar.classList.toggle("score-low", score < 50);
    bar.classList.toggle("score-mid", score >= 50 && score < 80);
    bar.classList.toggle("score-high", score >= 80);
    scoreEl.querySelector(".score-number").textContent = t("checklist.scoreOf", { n: score });
  } else {
    scoreEl.hidden = true;
  }
  return items;
}

/** The score block rendered once per view; renderChecklist updates it. */
export function scoreBlock() {
  return h("div", { class: "score", hidden: true },
    h("div", { class: "score-head" },
      h("span", { class: "score-label", "data-i18n": "checklist.score" }, t("checklist.score")),
      h("span", { class: "score-number" })),
    h("div", {
      class: "score-bar", role: "meter", "aria-valuemin": "0", "aria-valuemax": "100", "aria-valuenow": "0",
      "aria-label": t("checklist.score"), "data-i18n-attr": "aria-label:checklist.score",
    }, h("div", { class: "score-fill" })));
}
