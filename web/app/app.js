// Anshin web app: four views in a tablist, one worker checker, Japanese by default.
//
//   ?lang=en          starts in English (also remembered from the language buttons)
//   #post #message #clarify #followup   opens a view
import { engine } from "./engine.js";
import { t, setLocale, locale, onLocaleChange, LOCALES } from "./i18n.js";
import { createCheckView } from "./check-view.js";
import { createGuideView } from "./guides.js";
import { ThreadEditor } from "./thread.js";
import { SAMPLE_POST, SAMPLE_MESSAGE } from "./samples.js";

const VIEWS = ["post", "message", "clarify", "followup"];
const LOCALE_KEY = "anshin.locale";  // the UI language only; no user text is ever stored

function initialLocale() {
  const fromUrl = new URLSearchParams(location.search).get("lang");
  if (LOCALES.includes(fromUrl)) return fromUrl;
  try {
    const saved = localStorage.getItem(LOCALE_KEY);
    if (LOCALES.includes(saved)) return saved;
  } catch { /* storage disabled */ }
  return "ja";
}

// --- language -----------------------------------------------------------------------------

const langButtons = [...document.querySelectorAll(".lang-btn")];
function applyLocale(next, remember) {
  setLocale(next);
  for (const b of langButtons) b.setAttribute("aria-pressed", String(b.dataset.lang === next));
  if (remember) {
    try { localStorage.setItem(LOCALE_KEY, next); } catch { /* storage disabled */ }
  }
}
for (const b of langButtons) b.addEventListener("click", () => { if (b.dataset.lang !== locale()) applyLocale(b.dataset.lang, true); });
applyLocale(initialLocale(), false);

// --- engine status ---------------------------------------------------------------------------

const statusEl = document.querySelector('[data-anshin="engine-status"]');
let engineState = { state: "loading" };
function showEngineState() {
  statusEl.classList.toggle("is-error", engineState.state === "failed");
  statusEl.classList.toggle("is-ready", engineState.state === "ready");
  statusEl.dataset.state = engineState.state;
  if (engineState.state === "loading") statusEl.textContent = t("engine.loading");
  else if (engineState.state === "ready") statusEl.textContent = t("engine.readyShort");
  else statusEl.textContent = t("engine.failed", { message: engineState.message });
}
showEngineState();
onLocaleChange(showEngineState);
engine().then(
  () => { engineState = { state: "ready" }; showEngineState(); },
  (e) => { engineState = { state: "failed", message: e.detail || e.message }; showEngineState(); });

// --- views ------------------------------------------------------------------------------------

const panels = Object.fromEntries(VIEWS.map((v) => [v, document.getElementById(`panel-${v}`)]));
const postView = createCheckView(panels.post, { kind: "post", samples: SAMPLE_POST });
createCheckView(panels.message, { kind: "message", samples: SAMPLE_MESSAGE });

let guideViews = {};
const threadEditor = new ThreadEditor(() => {
  for (const g of Object.values(guideViews)) g.changed();
});
threadEditor.postSource = () => postView.editor.value;
guideViews = {
  clarify: createGuideView(panels.clarify, { kind: "clarify", threadEditor }),
  followup: createGuideView(panels.followup, { kind: "followup", threadEditor }),
};
onLocaleChange(() => threadEditor.render());

// --- tabs (WAI-ARIA tabs pattern: arrows, Home/End, automatic activation) ----------------------

const tabs = [...document.querySelectorAll('[role="tab"]')];

function activate(view, { focus = false, updateHash = true } = {}) {
  if (!VIEWS.includes(view)) view = "post";
  for (const tab of tabs) {
    const on = tab.dataset.view === view;
    tab.setAttribute("aria-selected", String(on));
    tab.tabIndex = on ? 0 : -1;
    if (on && focus) tab.focus();
  }
  for (const v of VIEWS) panels[v].hidden = v !== view;
  for (const [v, g] of Object.entries(guideViews)) (v === view ? g.show() : g.hide());
  document.body.dataset.view = view;
  if (updateHash && location.hash !== `#${view}`) history.replaceState(null, "", `#${view}`);
}

for (const tab of tabs) {
  tab.addEventListener("click", () => activate(tab.dataset.view));
  tab.addEventListener("keydown", (e) => {
    const i = tabs.indexOf(tab);
    let next = null;
    if (e.key === "ArrowRight") next = tabs[(i + 1) % tabs.length];
    else if (e.key === "ArrowLeft") next = tabs[(i - 1 + tabs.length) % tabs.length];
    else if (e.key === "Home") next = tabs[0];
    else if (e.key === "End") next = tabs[tabs.length - 1];
    if (next) {
      e.preventDefault();
      activate(next.dataset.view, { focus: true });
    }
  });
}
window.addEventListener("hashchange", () => activate(location.hash.slice(1), { updateHash: false }));
activate(location.hash.slice(1) || "post", { updateHash: false });
document.documentElement.dataset.ready = "true";
