// The running-job views: 要件すり合わせ (checker.clarify) and 返信がない (checker.followup).
// Both edit the shared thread (thread.js) and render the guide shapes of index.d.ts.
// An AnshinError (bad input, or an engine without the guide) is shown in the view, never thrown.
import { h, replace, copyText } from "./dom.js";
import { engine, debounced } from "./engine.js";
import { t, locale, onLocaleChange } from "./i18n.js";
import { fieldName } from "./report.js";
import { toLocalInput, fromLocalInput, nowIso } from "./thread.js";

const STEPS = ["wait", "remind", "platform_reminder", "support"];

function card(titleKey, hook, ...content) {
  const id = `${hook}-title`;
  return h("section", { class: "card guide-card", "data-anshin": hook, "aria-labelledby": id },
    h("h3", { id }, t(titleKey)), ...content);
}

function when(at) {
  return toLocalInput(at).replace("T", " ");
}

/** "依頼文" or "メッセージ 2（発注者・2026-11-11 09:30）" for an evidence source. */
export function sourceName(source, thread) {
  if (source === "post" || source === undefined || source === null) return t("source.post");
  const n = Number(source);
  const m = thread && thread.messages ? thread.messages[n] : null;
  const label = t("source.message", { n: n + 1 });
  return m ? `${label}（${t(`role.${m.from}`)}・${when(m.at)}）` : label;
}

/** A copy button with its own polite status ("コピーしました"). */
function copyButton(labelKey, getText, hook) {
  const status = h("span", { class: "copy-status", role: "status" });
  const button = h("button", {
    type: "button", class: "btn btn-primary", "data-anshin": hook,
    onclick: async () => {
      const ok = await copyText(getText());
      status.textContent = ok ? t("btn.copied") : t("btn.copyFailed");
      setTimeout(() => { status.textContent = ""; }, 2500);
    },
  }, t(labelKey));
  return h("div", { class: "copy-row" }, button, status);
}

function none() {
  return h("p", { class: "muted" }, t("clarify.none"));
}

function quoteList(items, thread) {
  if (!items || !items.length) return none();
  return h("ul", { class: "plain-list" }, items.map((c) => h("li", {},
    h("span", { class: "source" }, sourceName(c.message, thread)), " ",
    h("q", {}, c.excerpt))));
}

/** Renders a ClarifyGuide (index.d.ts) into `root`. */
export function renderClarify(root, g, thread) {
  const facts = g.facts || {};
  const questionsText = () => (g.questions || []).map((q, i) => `${i + 1}. ${q.text}`).join("\n");
  replace(root,
    card("clarify.summary", "clarify-summary-card",
      h("pre", { class: "copy-text", "data-anshin": "clarify-summary", tabindex: "0" }, g.summary || ""),
      copyButton("clarify.copySummary", () => g.summary || "", "copy-summary")),
    card("clarify.questions", "clarify-questions",
      (g.questions || []).length
        ? h("ol", { class: "plain-list numbered" }, g.questions.map((q) => h("li", { "data-field": q.field }, q.text)))
        : none(),
      (g.questions || []).length ? copyButton("clarify.copyQuestions", questionsText, "copy-questions") : null),
    card("clarify.conflicts", "clarify-conflicts",
      (g.conflicts || []).length
        ? h("ul", { class: "plain-list" }, g.conflicts.map((c) => h("li", { class: "conflict", "data-field": c.field },
          h("strong", {}, fieldName(c.field)),
          h("ul", {}, (c.values || []).map((v) => h("li", {}, h("q", {}, v.value), " — ", h("span", { class: "source" }, sourceName(v.source, thread))))))))
        : none()),
    card("clarify.facts", "clarify-facts",
      h("dl", { class: "facts" }, Object.entries(facts).flatMap(([key, list]) => [
        h("dt", {}, fieldName(key)),
        h("dd", {}, list && list.length
          ? h("ul", { class: "plain-list" }, list.map((e) => h("li", {}, h("q", {}, e.value), " — ", h("span", { class: "source" }, sourceName(e.source, thread)))))
          : h("span", { class: "muted" }, t("clarify.factsNone"))),
      ]))),
    card("clarify.changes", "clarify-changes", quoteList(g.changes, thread)),
    card("clarify.verbal", "clarify-verbal", quoteList(g.verbal, thread)),
    card("clarify.resolutions", "clarify-resolutions",
      h("ol", { class: "plain-list numbered" }, (g.resolutions || []).map((r) => h("li", { "data-id": r.id }, r.text)))));
}

/** Renders a FollowupGuide (index.d.ts) into `root`. */
export function renderFollowup(root, g, thread) {
  const me = thread && thread.me;
  let waiting;
  if (g.waiting_on === "none" || !g.waiting_on) waiting = t("followup.waiting.none");
  else if (me && g.waiting_on === me) waiting = t("followup.waiting.you", { role: t(`role.${me}`) });
  else waiting = t("followup.waiting.other", { role: t(`role.${g.waiting_on}`) });
  const current = STEPS.indexOf(g.next_step);
  replace(root,
    card("followup.waitingOn", "followup-status",
      h("p", { class: "big-status", "data-anshin": "waiting-on", "data-value": g.waiting_on }, waiting),
      g.waiting_on !== "none" ? h("p", { class: "days", "data-anshin": "days-silent", "data-value": String(g.days_silent) },
        t("followup.days", { n: g.days_silent })) : null),
    card("followup.nextStep", "followup-next",
      h("ol", { class: "steps", "data-anshin": "next-step", "data-value": g.next_step }, STEPS.map((s, i) => h("li", {
        class: `step${i === current ? " is-current" : ""}${i < current ? " is-past" : ""}`,
        "aria-current": i === current ? "step" : null,
      },
        h("span", { class: "step-num", "aria-hidden": "true" }, String(i + 1)),
        h("span", { class: "step-name" }, t(`step.${s}`)),
        i === current ? h("span", { class: "step-here" }, t("followup.current")) : null))),
      g.next_step_text ? h("p", { class: "next-text" }, g.next_step_text) : null),
    card("followup.template", "followup-template",
      h("pre", { class: "copy-text", "data-anshin": "followup-template-text", tabindex: "0" }, g.template || ""),
      copyButton("followup.copyTemplate", () => g.template || "", "copy-template")),
    card("followup.unanswered", "followup-unanswered", quoteList(g.unanswered, thread)),
    card("followup.prevention", "followup-prevention",
      (g.prevention || []).length ? h("ul", { class: "plain-list" }, g.prevention.map((p) => h("li", {}, p))) : none()));
}

/** Shows an error of clarify/followup as a calm notice (the pointer, if any, marks the field). */
export function renderGuideError(root, e) {
  replace(root, h("section", { class: "card notice-card", role: "alert", "data-anshin": "guide-error", "data-code": (e && e.code) || "error" },
    h("h3", {}, t("guide.error.title")),
    h("p", {}, t("guide.error.body")),
    h("p", { class: "error-detail" }, h("code", {}, (e && (e.message || e.detail)) || String(e))),
    e && e.code ? h("p", { class: "muted" }, `${t("guide.error.code")}: `, h("code", {}, e.code)) : null));
}

/**
 * Builds the clarify or followup view into `panel`; `threadEditor` (thread.js) is moved
 * into it by show(). Returns {show(), run()}.
 */
export function createGuideView(panel, { kind, threadEditor }) {
  const isFollowup = kind === "followup";
  const ns = kind;
  const slot = h("div", { class: "thread-slot" });
  const results = h("div", { class: "guide-results", "data-anshin": `${ns}-result` });
  const status = h("p", { class: "guide-status", role: "status", "data-anshin": `${ns}-status` });
  const nowInput = isFollowup ? h("input", {
    id: "followup-now", class: "input", type: "datetime-local", "data-anshin": "followup-now", "aria-describedby": "followup-now-help",
    onchange: () => {
      threadEditor.thread.now = nowInput.value ? fromLocalInput(nowInput.value, threadEditor.thread.now) : undefined;
      if (!nowInput.value) delete threadEditor.thread.now;
      changed(true);
    },
  }) : null;

  panel.append(
    h("div", { class: "view-head" },
      h("h2", { "data-i18n": `${ns}.title` }, t(`${ns}.title`)),
      h("p", { class: "lead", "data-i18n": `${ns}.lead` }, t(`${ns}.lead`))),
    h("div", { class: "guide-layout" },
      h("div", { class: "pane" }, slot),
      h("div", { class: "pane pane-results" },
        h("div", { class: "card run-card" },
          isFollowup ? h("div", { class: "option" },
            h("label", { for: "followup-now", class: "option-label", "data-i18n": "followup.now" }, t("followup.now")),
            nowInput,
            h("p", { id: "followup-now-help", class: "help", "data-i18n": "followup.nowHelp" }, t("followup.nowHelp"))) : null,
          h("button", { type: "button", class: "btn btn-primary", "data-anshin": `${ns}-run`, "data-i18n": `${ns}.run`,
            onclick: () => changed(true) }, t(`${ns}.run`)),
          status),
        results)));

  let visible = false;

  const live = debounced(async (thread) => {
    const checker = await engine();
    const payload = JSON.parse(JSON.stringify(thread));
    if (isFollowup) {
      const now = payload.now || nowIso();
      delete payload.now;
      return { guide: await checker.followup(payload, { now, locale: locale() }), thread };
    }
    return { guide: await checker.clarify(payload, { locale: locale() }), thread };
  }, ({ guide, thread }) => {
    threadEditor.markInvalid(null);
    status.textContent = "";
    (isFollowup ? renderFollowup : renderClarify)(results, guide, thread);
    panel.dataset.done = "true";
  }, (e) => {
    status.textContent = "";
    threadEditor.markInvalid(e && e.pointer);
    renderGuideError(results, e);
    panel.dataset.done = "true";
  }, 500);

  function changed(now = false) {
    if (!visible) return;
    const th = threadEditor.thread;
    if (nowInput && document.activeElement !== nowInput) nowInput.value = toLocalInput(th.now);
    panel.dataset.done = "false";
    if (!th.post.trim() && !th.messages.length) {
      replace(results);
      status.textContent = t("guide.needPost");
      panel.dataset.done = "true";
      return;
    }
    status.textContent = t("guide.running");
    live.schedule(th, now);
  }

  onLocaleChange(() => changed(true));

  return {
    show() {
      visible = true;
      slot.append(threadEditor.element);
      threadEditor.layout();
      changed(true);
    },
    hide() {
      visible = false;
    },
    /** Called by the thread editor on every edit. */
    changed,
  };
}
