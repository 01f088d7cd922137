// The extension's engine: one checker in the service worker, answering the requests of
// protocol.js. Why here: an MV3 module service worker can import the package and
// instantiate its .wasm (the extension CSP allows 'wasm-unsafe-eval'), it is one place
// for every tab (no 800 KB module compiled per page, no web_accessible_resources that
// pages could probe), and it needs no extra permission (an offscreen document would).
// Chrome may stop an idle worker; the checker is then rebuilt on the next request
// (tens of milliseconds).
import "./protocol.js";
import { createChecker, AnshinError } from "./pkg/index.js";

const P = globalThis.AnshinProtocol;
let checkerPromise = null;

function checker() {
  if (!checkerPromise) {
    // After start-up, the remaining patterns compile in idle slices (as in the web app's
    // worker), so that first checks find them ready.
    checkerPromise = createChecker().then((c) => { c.warmInIdle(); return c; }).catch((e) => {
      checkerPromise = null;
      throw e;
    });
  }
  return checkerPromise;
}

function errorInfo(e) {
  if (e instanceof AnshinError) return { code: e.code, message: e.message };
  return { code: "internal", message: String(e && e.message ? e.message : e) };
}

async function handle(request) {
  const c = await checker();
  if (request.type === P.PING) return { ok: true, ruleCount: c.ruleCount, version: chrome.runtime.getManifest().version };
  return { ok: true, report: c.check(request.text, request.options) };
}

// Registered synchronously at the top level, as MV3 requires for wake-ups.
chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  if (sender.id !== chrome.runtime.id) return false;  // only our own scripts
  const req = P.validateRequest(message);
  if (!req.ok) {
    sendResponse({ ok: false, error: { code: "invalid_argument", message: req.error } });
    return false;
  }
  handle(req.value).then(sendResponse, (e) => sendResponse({ ok: false, error: errorInfo(e) }));
  return true;  // answered asynchronously
});
