// The thread (SPEC.md "Thread") shared by 要件すり合わせ and 返信がない: one model and one
// editor, moved into whichever of the two views is open, so the user types it once.
import { h, select, replace } from "./dom.js";
import { t, locale } from "./i18n.js";

const STAGES = ["draft", "before_escrow", "after_escrow"];
const MODES = ["project", "competition", "task"];
const PLATFORMS = ["lancers", "crowdworks", "coconala"];
const ROLES = ["client", "freelancer"];

/** "+09:00" for the browser's current offset. */
export function localZone(date = new Date()) {
  const off = -date.getTimezoneOffset();
  const sign = off >= 0 ? "+" : "-";
  const a = Math.abs(off);
  return `${sign}${String(Math.floor(a / 60)).padStart(2, "0")}:${String(a % 60).padStart(2, "0")}`;
}

/** The current local time as ISO 8601 with the browser's offset: 2026-11-28T10:00:00+09:00. */
export function nowIso(date = new Date()) {
  const p = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())}T${p(date.getHours())}:${p(date.getMinutes())}:${p(date.getSeconds())}${localZone(date)}`;
}

/** ISO 8601 → the value of an <input type="datetime-local"> (the wall time as written). */
export function toLocalInput(iso) {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})/.exec(iso || "");
  return m ? `${m[1]}T${m[2]}` : "";
}

/** An <input type="datetime-local"> value → ISO 8601, keeping `previous`'s zone if it had one. */
export function fromLocalInput(value, previous) {
  if (!value) return "";
  const zone = (/(Z|[+-]\d{2}:?\d{2})$/.exec(previous || "") || [null, localZone()])[1];
  return `${value.length === 16 ? `${value}:00` : value}${zone}`;
}

export class ThreadEditor {
  /** @param {(thread: object) => void} onChange called after every edit */
  constructor(onChange) {
    this.onChange = onChange;
    this.thread = { post: "", stage: "after_escrow", mode: "project", platform: "lancers", me: "client", messages: [] };
    this.messagesList = h("ol", { class: "messages", "data-anshin": "thread-messages" });
    this.postInput = h("textarea", {
      id: "thread-post", class: "textarea", rows: 5, "data-anshin": "thread-post",
      oninput: () => { this.thread.post = this.postInput.value; this.#autosize(this.postInput); this.#changed(); },
    });
    this.jsonBox = h("textarea", { id: "thread-json", class: "textarea mono", rows: 8, spellcheck: "false", "data-anshin": "thread-json" });
    this.jsonError = h("p", { class: "notice notice-error", role: "alert", hidden: true });
    this.selects = h("div", { class: "options" });
    this.element = h("section", { class: "card thread-card", "aria-labelledby": "thread-title" },
      h("h3", { id: "thread-title", "data-i18n": "thread.title" }, t("thread.title")),
      h("p", { class: "help", "data-i18n": "thread.lead" }, t("thread.lead")),
      h("div", { class: "thread-tools" },
        h("button", { type: "button", class: "btn", "data-anshin": "thread-sample", "data-i18n": "thread.sample", onclick: () => this.loadSample() }, t("thread.sample")),
        h("button", { type: "button", class: "btn btn-quiet", "data-i18n": "thread.usePost", onclick: () => this.usePost() }, t("thread.usePost"))),
      this.selects,
      h("label", { for: "thread-post", class: "field-label", "data-i18n": "thread.post" }, t("thread.post")),
      this.postInput,
      h("h4", { class: "field-label", "data-i18n": "thread.messages" }, t("thread.messages")),
      this.messagesList,
      h("button", { type: "button", class: "btn", "data-anshin": "thread-add", onclick: () => this.addMessage() },
        h("span", { "aria-hidden": "true" }, "＋ "), h("span", { "data-i18n": "thread.add" }, t("thread.add"))),
      h("details", { class: "json-io" },
        h("summary", { "data-i18n": "thread.json" }, t("thread.json")),
        h("label", { for: "thread-json", class: "field-label", "data-i18n": "thread.jsonLabel" }, t("thread.jsonLabel")),
        this.jsonBox, this.jsonError,
        h("div", { class: "thread-tools" },
          h("button", { type: "button", class: "btn", "data-anshin": "thread-json-load", "data-i18n": "thread.jsonLoad", onclick: () => this.loadJson(this.jsonBox.value) }, t("thread.jsonLoad")),
          h("button", { type: "button", class: "btn btn-quiet", "data-i18n": "thread.jsonExport", onclick: () => { this.jsonBox.value = JSON.stringify(this.thread, null, 2); } }, t("thread.jsonExport")))));
    /** Set by app.js: returns the text of the 依頼文チェック editor. */
    this.postSource = () => "";
    this.render();
  }

  /** Rebuilds the form from the model (after loading a sample or JSON, or a locale change). */
  render() {
    const th = this.thread;
    const sel = (key, values, prefix) => {
      const id = `thread-${key}`;
      const el = select({ id, class: "select", "data-anshin": id, onchange: () => { th[key] = el.value; this.#changed(); } },
        values.map((v) => [v, t(`${prefix}.${v}`)]), th[key]);
      const labelKey = key === "me" ? "thread.me" : `opt.${key}`;
      return h("div", { class: "option" }, h("label", { for: id, class: "option-label" }, t(labelKey)), el);
    };
    replace(this.selects,
      sel("stage", STAGES, "stage"), sel("mode", MODES, "mode"), sel("platform", PLATFORMS, "platform"), sel("me", ROLES, "role"));
    this.postInput.value = th.post;
    this.#autosize(this.postInput);
    this.#renderMessages();
  }

  #renderMessages(focusIndex = -1) {
    const th = this.thread;
    if (!th.messages.length) {
      replace(this.messagesList, h("li", { class: "muted messages-empty" }, t("thread.noMessages")));
      return;
    }
    replace(this.messagesList, th.messages.map((m, i) => {
      const base = `thread-msg-${i}`;
      const from = select({ id: `${base}-from`, class: "select", "data-anshin": "thread-from",
        onchange: () => { m.from = from.value; li.className = `message message-${m.from}`; this.#changed(); } },
        ROLES.map((r) => [r, t(`role.${r}`)]), m.from);
      const at = h("input", { id: `${base}-at`, class: "input", type: "datetime-local", "data-anshin": "thread-at", value: toLocalInput(m.at),
        onchange: () => { m.at = fromLocalInput(at.value, m.at); this.#changed(); } });
      const text = h("textarea", { id: `${base}-text`, class: "textarea", rows: 3, "data-anshin": "thread-text",
        oninput: () => { m.text = text.value; this.#autosize(text); this.#changed(); } });
      text.value = m.text;
      const li = h("li", { class: `message message-${m.from}` },
        h("fieldset", { class: "message-fields" },
          h("legend", {}, t("thread.message", { n: i + 1 })),
          h("div", { class: "message-meta" },
            h("div", { class: "option" }, h("label", { for: from.id, class: "option-label" }, t("thread.from")), from),
            h("div", { class: "option" }, h("label", { for: at.id, class: "option-label" }, t("thread.at")), at),
            h("button", { type: "button", class: "btn btn-quiet btn-remove", "aria-label": t("thread.remove", { n: i + 1 }),
              onclick: () => this.removeMessage(i) }, t("thread.removeShort"))),
          h("label", { for: text.id, class: "visually-hidden" }, t("thread.text")),
          text));
      return li;
    }));
    for (const ta of this.messagesList.querySelectorAll("textarea")) this.#autosize(ta);
    if (focusIndex >= 0) {
      const ta = this.messagesList.querySelectorAll("textarea")[focusIndex];
      if (ta) ta.focus();
    }
  }

  addMessage() {
    const msgs = this.thread.messages;
    const last = msgs[msgs.length - 1];
    const from = last ? (last.from === "client" ? "freelancer" : "client") : (this.thread.me || "client");
    msgs.push({ from, at: nowIso(), text: "" });
    this.#renderMessages(msgs.length - 1);
    this.#changed();
  }

  removeMessage(i) {
    this.thread.messages.splice(i, 1);
    this.#renderMessages(Math.min(i, this.thread.messages.length - 1));
    if (!this.thread.messages.length) this.element.querySelector("[data-anshin=thread-add]").focus();
    this.#changed();
  }

  load(thread) {
    this.thread = {
      post: "", stage: "after_escrow", mode: "project", platform: "lancers", me: "client",
      ...thread,
      messages: (thread.messages || []).map((m) => ({ ...m })),
    };
    this.render();
    this.#changed();
  }

  loadSample() {
    import("./samples.js").then(({ SAMPLE_THREAD, SAMPLE_NOW }) => {
      this.load({ ...SAMPLE_THREAD[locale()], now: fromLocalInput(SAMPLE_NOW, "+09:00") });
    });
  }

  usePost() {
    this.thread.post = this.postSource();
    this.postInput.value = this.thread.post;
    this.#autosize(this.postInput);
    this.#changed();
  }

  loadJson(text) {
    try {
      const value = JSON.parse(text);
      if (!value || typeof value !== "object" || Array.isArray(value)) throw new Error("not an object");
      if (value.messages !== undefined && !Array.isArray(value.messages)) throw new Error("messages is not an array");
      this.jsonError.hidden = true;
      this.load(value);
    } catch (e) {
      this.jsonError.hidden = false;
      this.jsonError.textContent = t("thread.jsonError", { message: e.message });
    }
  }

  /** Marks the control a JSON pointer from an AnshinError names (e.g. /messages/2/at). */
  markInvalid(pointer) {
    for (const el of this.element.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
    const m = /^\/messages\/(\d+)(?:\/(from|at|text))?/.exec(pointer || "");
    let el = null;
    if (m) el = this.element.querySelector(`#thread-msg-${m[1]}-${m[2] || "text"}`);
    else if (pointer === "/post") el = this.postInput;
    else if (/^\/(stage|mode|platform|me)$/.test(pointer || "")) el = this.element.querySelector(`#thread-${pointer.slice(1)}`);
    if (el) el.setAttribute("aria-invalid", "true");
  }

  /** Re-fits the text areas (call when the editor becomes visible: hidden ones measure 0). */
  layout() {
    for (const ta of this.element.querySelectorAll("textarea:not(#thread-json)")) this.#autosize(ta);
  }

  #changed() {
    this.onChange(this.thread);
  }

  #autosize(ta) {
    ta.style.height = "auto";
    ta.style.height = `${ta.scrollHeight + (ta.offsetHeight - ta.clientHeight)}px`;
  }
}
