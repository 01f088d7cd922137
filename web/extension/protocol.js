// The message protocol between the content script (content.js) and the engine in the
// service worker (background.js). One file for both sides: content scripts load it as a
// classic script listed before content.js, the service worker imports it for its side
// effect. It defines globalThis.AnshinProtocol.
//
// Requests (chrome.runtime.sendMessage from content.js or popup.js):
//   {type: "anshin/check", text, options}  → {ok: true, report}    (report: SPEC.md "Report")
//   {type: "anshin/ping"}                  → {ok: true, ruleCount, version}
// Every failure is {ok: false, error: {code, message}} (code as AnshinError.code).
//
// Settings live in chrome.storage.local under SETTINGS_KEY (never synced: no network).
(function (global) {
  "use strict";

  /**
   * @typedef {"post"|"message"} Kind
   * @typedef {{kind: Kind, stage: string, mode: string, platform: string, locale: "ja"|"en"}} CheckOptions
   * @typedef {{type: "anshin/check", text: string, options: CheckOptions}} CheckRequest
   * @typedef {{type: "anshin/ping"}} PingRequest
   * @typedef {{code: string, message: string}} ErrorInfo
   * @typedef {{ok: true, report: object} | {ok: false, error: ErrorInfo}} CheckResponse
   * @typedef {{ok: true, ruleCount: number, version: string} | {ok: false, error: ErrorInfo}} PingResponse
   * @typedef {{enabled: boolean} & CheckOptions} Settings
   */

  const CHECK = "anshin/check";
  const PING = "anshin/ping";
  const SETTINGS_KEY = "anshinSettings";
  /** Longest text sent to the engine; longer fields are not checked (keeps messages small). */
  const MAX_TEXT = 100000;

  const CHOICES = Object.freeze({
    kind: ["message", "post"],
    stage: ["draft", "before_escrow", "after_escrow"],
    mode: ["project", "competition", "task"],
    platform: ["lancers", "crowdworks", "coconala"],
    locale: ["ja", "en"],
  });

  /** @type {Readonly<Settings>} */
  const DEFAULT_SETTINGS = Object.freeze({
    enabled: true, kind: "message", stage: "before_escrow", mode: "project", platform: "lancers", locale: "ja",
  });

  /** Settings from storage (possibly partial or stale) → complete, valid settings. */
  function normalizeSettings(value) {
    const out = { ...DEFAULT_SETTINGS };
    if (value && typeof value === "object") {
      if (typeof value.enabled === "boolean") out.enabled = value.enabled;
      for (const key of Object.keys(CHOICES))
        if (CHOICES[key].includes(value[key])) out[key] = value[key];
    }
    return out;
  }

  /** @returns {CheckRequest} */
  function checkRequest(text, settings) {
    const s = normalizeSettings(settings);
    return { type: CHECK, text, options: { kind: s.kind, stage: s.stage, mode: s.mode, platform: s.platform, locale: s.locale } };
  }

  /** Validates an incoming request: {ok: true, value} or {ok: false, error}. */
  function validateRequest(msg) {
    if (!msg || typeof msg !== "object") return { ok: false, error: "a request must be an object" };
    if (msg.type === PING) return { ok: true, value: { type: PING } };
    if (msg.type !== CHECK) return { ok: false, error: `unknown request type "${String(msg.type)}"` };
    if (typeof msg.text !== "string") return { ok: false, error: "text must be a string" };
    if (msg.text.length > MAX_TEXT) return { ok: false, error: `text longer than ${MAX_TEXT} characters` };
    const o = msg.options || {};
    const options = {};
    for (const key of ["kind", "stage", "mode", "platform", "locale"]) {
      if (o[key] === undefined) continue;
      if (!CHOICES[key].includes(o[key])) return { ok: false, error: `bad option ${key}` };
      options[key] = o[key];
    }
    return { ok: true, value: { type: CHECK, text: msg.text, options } };
  }

  global.AnshinProtocol = Object.freeze({
    CHECK, PING, SETTINGS_KEY, MAX_TEXT, CHOICES, DEFAULT_SETTINGS,
    normalizeSettings, checkRequest, validateRequest,
  });
})(globalThis);
