// The toolbar popup: the settings the content script checks with (chrome.storage.local)
// and the engine's status (a ping through the same protocol as the content script).
import "./protocol.js";

const P = globalThis.AnshinProtocol;

const TEXT = {
  ja: {
    sub: "入力欄の文章を、この端末の中でチェックします", enabled: "チェックを有効にする", kind: "文章の種類",
    stage: "取引の段階", mode: "依頼方式", platform: "プラットフォーム", locale: "表示言語",
    note: "文章は外部に送信されません。",
    ready: "エンジン準備完了（ルール {n} 件・v{v}）", failed: "エンジンを読み込めませんでした: {m}", saved: "保存しました",
    "kind.message": "メッセージ", "kind.post": "依頼文",
    "stage.draft": "依頼の公開前", "stage.before_escrow": "仮払い前", "stage.after_escrow": "仮払い後",
    "mode.project": "プロジェクト方式", "mode.competition": "コンペ方式", "mode.task": "タスク方式",
    "platform.lancers": "ランサーズ", "platform.crowdworks": "クラウドワークス", "platform.coconala": "ココナラ",
    "locale.ja": "日本語", "locale.en": "English",
  },
  en: {
    sub: "Checks what you type in text fields, on this device", enabled: "Check text fields", kind: "Text is a",
    stage: "Stage", mode: "Format", platform: "Platform", locale: "Language",
    note: "Your text is never sent anywhere.",
    ready: "Engine ready ({n} rules, v{v})", failed: "Could not load the engine: {m}", saved: "Saved",
    "kind.message": "Message", "kind.post": "Job post",
    "stage.draft": "Before publishing", "stage.before_escrow": "Before escrow", "stage.after_escrow": "After escrow",
    "mode.project": "Project", "mode.competition": "Competition", "mode.task": "Task",
    "platform.lancers": "Lancers", "platform.crowdworks": "CrowdWorks", "platform.coconala": "Coconala",
    "locale.ja": "日本語", "locale.en": "English",
  },
};

const form = document.getElementById("settings");
const status = document.getElementById("status");
let settings = { ...P.DEFAULT_SETTINGS };
let ping = null;  // {ok, ruleCount, version} | {ok: false, error}

function tr(key, vars = {}) {
  const s = TEXT[settings.locale][key] ?? key;
  return s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
}

function render() {
  document.documentElement.lang = settings.locale;
  for (const el of document.querySelectorAll("[data-text]")) el.textContent = tr(el.dataset.text);
  form.elements.enabled.checked = settings.enabled;
  for (const [key, values] of Object.entries(P.CHOICES)) {
    const sel = form.elements[key];
    sel.replaceChildren(...values.map((v) => {
      const o = document.createElement("option");
      o.value = v;
      o.textContent = tr(`${key}.${v}`);
      return o;
    }));
    sel.value = settings[key];
  }
  if (ping) {
    status.textContent = ping.ok ? tr("ready", { n: ping.ruleCount, v: ping.version }) : tr("failed", { m: ping.error.message });
    status.classList.toggle("error", !ping.ok);
  }
}

form.addEventListener("change", async () => {
  const next = { enabled: form.elements.enabled.checked };
  for (const key of Object.keys(P.CHOICES)) next[key] = form.elements[key].value;
  // A post is written before it is published: switching to "post" suggests that stage.
  if (next.kind === "post" && settings.kind !== "post") next.stage = "draft";
  settings = P.normalizeSettings(next);
  await chrome.storage.local.set({ [P.SETTINGS_KEY]: settings });
  render();
});

const stored = await chrome.storage.local.get(P.SETTINGS_KEY);
settings = P.normalizeSettings(stored[P.SETTINGS_KEY]);
render();

try {
  ping = (await chrome.runtime.sendMessage({ type: P.PING })) || { ok: false, error: { message: "no answer" } };
} catch (e) {
  ping = { ok: false, error: { message: e.message } };
}
document.body.dataset.ready = "true";
render();
