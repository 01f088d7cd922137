// What can be checked without a browser: the built files obey the CSP rules by
// construction (no inline script or style, no HTML from strings, nothing remote), the
// extension's manifest asks for nothing more than it needs, and both outputs carry the
// current WebAssembly package.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { root, assertBuilt, EXPECTED_CSP } from "./helpers.mjs";
import { CSP as SERVED_CSP } from "../../web/serve.mjs";

function files(dir, ext) {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return n === "pkg" ? [] : files(p, ext);
    return ext.some((e) => n.endsWith(e)) ? [p] : [];
  });
}

test("the builds are current (node web/build.mjs after every change to web/)", () => {
  assertBuilt("build/web", "web/app");
  assertBuilt("build/extension", "web/extension");
  for (const out of ["build/web/pkg", "build/extension/pkg"])
    for (const f of ["index.js", "worker.js", "anshin_wasm.js", "anshin_wasm.wasm"])
      assert.ok(readFileSync(join(root, out, f)).equals(readFileSync(join(root, "build/wasm/pkg", f))), `${out}/${f} is stale`);
});

test("the server's policy is the one the app is written for; the <meta> repeats it", () => {
  assert.equal(SERVED_CSP, EXPECTED_CSP);
  const html = readFileSync(join(root, "web/app/index.html"), "utf8");
  const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html);
  assert.ok(meta, "index.html has no CSP <meta>");
  // frame-ancestors is ignored (with a console warning) in a <meta>, so it is left out there.
  assert.equal(meta[1], EXPECTED_CSP.replace("; frame-ancestors 'none'", ""));
});

test("HTML has no inline script, inline style, event-handler attribute or remote resource", () => {
  for (const file of [...files(join(root, "web/app"), [".html"]), ...files(join(root, "web/extension"), [".html"])]) {
    const html = readFileSync(file, "utf8");
    const name = relative(root, file);
    for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
      assert.match(m[1], /\bsrc=/, `${name}: inline <script>`);
      assert.equal(m[2].trim(), "", `${name}: <script src> with a body`);
    }
    assert.doesNotMatch(html, /<style\b/i, `${name}: <style>`);
    assert.doesNotMatch(html, /\sstyle=/i, `${name}: style attribute`);
    assert.doesNotMatch(html, /\son[a-z]+=/i, `${name}: event-handler attribute`);
    assert.doesNotMatch(html, /(src|href)="(https?:)?\/\//i, `${name}: remote resource`);
  }
});

test("scripts never turn strings into HTML or code, and reach nothing remote", () => {
  const sources = [...files(join(root, "web/app"), [".js"]), ...files(join(root, "web/extension"), [".js"])];
  assert.ok(sources.length >= 8);
  for (const file of sources) {
    const js = readFileSync(file, "utf8");
    const name = relative(root, file);
    for (const [re, what] of [
      [/\.(innerHTML|outerHTML)\s*[+]?=/, "innerHTML/outerHTML assignment"],
      [/insertAdjacentHTML|createContextualFragment|document\.write/, "HTML from a string"],
      [/\beval\s*\(|new\s+Function\s*\(|setTimeout\(\s*["'`]|setInterval\(\s*["'`]/, "code from a string"],
      [/setAttribute\(\s*["']style["']|setAttribute\(\s*["']on/, "inline style or handler attribute"],
      [/https?:\/\/(?!127\.0\.0\.1)/, "a remote URL"],
      [/\bfetch\s*\(|XMLHttpRequest|WebSocket|sendBeacon|EventSource/, "a network call"],
    ]) assert.doesNotMatch(js, re, `${name}: ${what}`);
  }
  for (const file of [...files(join(root, "web/app"), [".css"]), ...files(join(root, "web/extension"), [".css"])])
    assert.doesNotMatch(readFileSync(file, "utf8"), /@import|url\(\s*["']?(https?:)?\/\//, `${relative(root, file)}: remote CSS`);
});

test("the extension's manifest: MV3, its own strict CSP, storage only, engine in the service worker", () => {
  const m = JSON.parse(readFileSync(join(root, "web/extension/manifest.json"), "utf8"));
  assert.equal(m.manifest_version, 3);
  assert.equal(m.content_security_policy.extension_pages, "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'");
  assert.deepEqual(m.permissions, ["storage"]);
  assert.equal(m.host_permissions, undefined);
  assert.equal(m.web_accessible_resources, undefined, "the package is not exposed to web pages");
  assert.deepEqual(m.background, { service_worker: "background.js", type: "module" });
  assert.deepEqual(m.content_scripts[0].js, ["protocol.js", "content.js"]);
  for (const f of ["background.js", "content.js", "protocol.js", "popup.html", "popup.js"])
    assert.ok(statSync(join(root, "web/extension", f)).isFile(), f);
});

test("the extension protocol validates what reaches the engine", async () => {
  await import("../../web/extension/protocol.js");
  const P = globalThis.AnshinProtocol;
  assert.deepEqual(P.validateRequest({ type: P.PING }), { ok: true, value: { type: P.PING } });
  const ok = P.validateRequest(P.checkRequest("LINE交換", { kind: "message", locale: "en", stage: "nope" }));
  assert.equal(ok.ok, true);
  assert.deepEqual(ok.value.options, { kind: "message", stage: "before_escrow", mode: "project", platform: "lancers", locale: "en" });
  assert.equal(P.validateRequest({ type: "anshin/eval", text: "x" }).ok, false);
  assert.equal(P.validateRequest({ type: P.CHECK, text: 42 }).ok, false);
  assert.equal(P.validateRequest({ type: P.CHECK, text: "x", options: { platform: "fiverr" } }).ok, false);
  assert.equal(P.validateRequest({ type: P.CHECK, text: "x".repeat(P.MAX_TEXT + 1) }).ok, false);
  assert.deepEqual(P.normalizeSettings({ enabled: false, locale: "fr", mode: "task" }),
    { ...P.DEFAULT_SETTINGS, enabled: false, mode: "task" });
});
