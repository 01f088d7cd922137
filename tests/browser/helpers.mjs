// Shared helpers of the browser tests (node --test tests/browser/): the static server
// (web/serve.mjs, started on a free port and stopped), Debian's Chromium driven by
// playwright-core with the flags this machine needs, and the screenshot folder.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const screenshots = join(root, "artifacts", "screenshots");
export const CHROMIUM = process.env.ANSHIN_CHROMIUM || "/usr/bin/chromium";

export const EXPECTED_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

// --headless=new is passed by hand (headless: false below) so that extensions load too.
export const CHROMIUM_ARGS = [
  "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run", "--lang=ja-JP",
];

/** Fails early, with the fix, when the build is missing or older than web/. */
export function assertBuilt(out, src) {
  if (!existsSync(join(root, out, "pkg", "anshin_wasm.wasm")))
    throw new Error(`${out}/ is not built: run \`node web/build.mjs\` (after scripts/setup.sh)`);
  const walk = (dir) => readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
  for (const file of walk(join(root, src))) {
    const rel = file.slice(join(root, src).length + 1);
    if (rel === "README.md") continue;
    const built = join(root, out, rel);
    if (!existsSync(built) || !readFileSync(built).equals(readFileSync(file)))
      throw new Error(`${out}/${rel} differs from ${src}/${rel}: run \`node web/build.mjs\``);
  }
}

/** Starts `node web/serve.mjs --port 0 [--root DIR]`; resolves {url, origin, stop()}. */
export function startServer({ root: dir } = {}) {
  const args = [join(root, "web/serve.mjs"), "--port", "0"];
  if (dir) args.push("--root", dir);
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  // Never leave a server behind, even when a test process dies early.
  const reap = () => { if (child.exitCode === null) child.kill("SIGTERM"); };
  process.once("exit", reap);
  child.once("exit", () => process.off("exit", reap));
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    const timer = setTimeout(() => { child.kill(); reject(new Error(`web/serve.mjs did not start: ${out}${err}`)); }, 10_000);
    child.stderr.on("data", (d) => { err += d; });
    child.on("exit", (code) => { clearTimeout(timer); reject(new Error(`web/serve.mjs exited (${code}): ${err}`)); });
    child.stdout.on("data", (d) => {
      out += d;
      const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.removeAllListeners("exit");
      resolve({
        url: m[0],
        origin: new URL(m[0]).origin,
        stop: () => new Promise((done) => {
          if (child.exitCode !== null) return done();
          child.once("exit", () => done());
          child.kill("SIGTERM");
        }),
      });
    });
  });
}

/** A fresh headless Chromium (Playwright makes its own temporary profile). */
export function launch() {
  return chromium.launch({ executablePath: CHROMIUM, headless: false, args: CHROMIUM_ARGS, timeout: 30_000 });
}

/** A persistent context with the unpacked extension at `dir` loaded; a fresh --user-data-dir. */
export async function launchWithExtension(dir) {
  const profile = mkdtempSync(join(tmpdir(), "anshin-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: false,
    timeout: 30_000,
    locale: "ja-JP",
    viewport: { width: 1000, height: 720 },
    ignoreDefaultArgs: ["--disable-extensions"],
    args: [...CHROMIUM_ARGS, `--disable-extensions-except=${dir}`, `--load-extension=${dir}`],
  });
  const close = async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  };
  return { context, close };
}

export function screenshotPath(name) {
  mkdirSync(screenshots, { recursive: true });
  return join(screenshots, `${name}.png`);
}

/** Records every request of a context; `foreign()` lists those not to an allowed origin. */
export function recordRequests(context, allowed) {
  const urls = [];
  context.on("request", (r) => urls.push(r.url()));
  return {
    urls,
    foreign: () => urls.filter((u) => !allowed.some((prefix) => u.startsWith(prefix))),
  };
}

/**
 * Watches a page for trouble: CSP violations (securitypolicyviolation events, from an init
 * script, which CSP does not apply to), console errors, uncaught exceptions and dialogs.
 */
export async function watch(page) {
  const problems = { console: [], errors: [], dialogs: [] };
  page.on("console", (m) => { if (m.type() === "error") problems.console.push(m.text()); });
  page.on("pageerror", (e) => problems.errors.push(String(e && e.message)));
  page.on("dialog", (d) => { problems.dialogs.push(`${d.type()}: ${d.message()}`); d.dismiss().catch(() => {}); });
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) => {
      window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI} ${e.sample || ""}`.trim());
    });
  });
  problems.csp = () => page.evaluate(() => window.__cspViolations || []);
  return problems;
}
