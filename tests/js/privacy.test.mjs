// Shipped JavaScript never turns strings into code, and reaches no network but its .wasm.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, existsSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { root } from "./helpers.mjs";

function jsFiles(dir) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) out.push(...jsFiles(p));
    else if (p.endsWith(".js") || p.endsWith(".mjs")) out.push(p);
  }
  return out;
}

const shipped = [...jsFiles(join(root, "build/wasm/pkg")), ...jsFiles(join(root, "build/web")), ...jsFiles(join(root, "build/extension"))];

test("the built package, web app and extension contain no eval or new Function", () => {
  assert.ok(shipped.length >= 5, shipped.join(","));
  for (const f of shipped) {
    const js = readFileSync(f, "utf8");
    assert.doesNotMatch(js, /\beval\s*\(|new\s+Function\s*\(|\bFunction\s*\(\s*["'`]/, relative(root, f));
  }
});

test("the package's only network access is fetching its own .wasm", () => {
  for (const f of ["index.js", "worker.js", "anshin_wasm.js"]) {
    const js = readFileSync(join(root, "build/wasm/pkg", f), "utf8");
    assert.doesNotMatch(js, /XMLHttpRequest\s*\(|new WebSocket|sendBeacon|EventSource\s*\(/, f);
    const fetches = [...js.matchAll(/\bfetch\s*\(([^)]*)\)/g)].map((m) => m[1].trim());
    if (f === "index.js") assert.ok(fetches.every((a) => a.startsWith("url")), `index.js fetches ${fetches.join(", ")}`);
  }
});
