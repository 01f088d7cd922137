#!/usr/bin/env node
// Anshin benchmarks (not tests): latency, start-up, throughput, linearity, memory,
// size, the JavaScript-RegExp baseline and the WebAssembly/native ratio. Prints a table
// and writes build/bench/results.json. Budgets are ratios or absolute limits measured
// in this one run (issue "Performance"); the exit status is 1 when one is missed.
//
//   node tests/bench/bench.mjs [--quick]
import { mkdirSync, writeFileSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { execFileSync, spawnSync } from "node:child_process";
import { gzipSync, brotliCompressSync } from "node:zlib";
import { performance } from "node:perf_hooks";
import { root, pkg } from "../js/helpers.mjs";
import { textOfLength, textOfBytes } from "./texts.mjs";

const quick = process.argv.includes("--quick");
const outDir = join(root, "build/bench");
const textDir = join(outDir, "texts");
mkdirSync(textDir, { recursive: true });

// --- inputs -------------------------------------------------------------------------
const texts = {
  message200: textOfLength(200, 3),
  post2000: textOfLength(2000, 11),
  doc35000: textOfLength(35000, 29),
};
const mb = {};
for (const n of [1, 2, 5, 10]) mb[n] = textOfBytes(n * 1024 * 1024);
for (const [k, v] of Object.entries(texts)) writeFileSync(join(textDir, `${k}.txt`), v);
for (const [n, v] of Object.entries(mb)) writeFileSync(join(textDir, `mb${n}.txt`), v);

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * (s.length - 1) + 0.5))];
  return { median: q(0.5), p99: q(0.99), n: s.length };
};
const timeIt = (fn) => { const a = performance.now(); fn(); return performance.now() - a; };
// The text with its middle line edited; each i gives new characters, so each re-check
// meets one line it has not seen (as bench_native.cc's Edited does).
const edited = (text, i) => {
  let mid = text.indexOf("\n", text.length >> 1);
  if (mid < 0) mid = text.length;
  return `${text.slice(0, mid)} ${i}${text.slice(mid)}`;
};

// --- native (Google Benchmark) ---------------------------------------------------------
function native() {
  const bin = join(root, "build/native/anshin_bench");
  const env = { ...process.env, ANSHIN_BENCH_TEXTS: textDir };
  const run = (filter, extra) => JSON.parse(execFileSync(bin, [`--benchmark_filter=${filter}`, "--benchmark_format=json", ...extra],
    { env, encoding: "utf8", maxBuffer: 1 << 26 })).benchmarks.filter((b) => b.run_type === "iteration");
  const ms = (b) => b.real_time * ({ ns: 1e-6, us: 1e-3, ms: 1, s: 1e3 }[b.time_unit]);
  const out = {};
  const reps = quick ? 20 : 100;
  for (const [name, iters] of [["Message200", 200], ["Post2000", 50], ["Doc35000", 5]]) {
    const runs = run(`BM_${name}$`, [`--benchmark_repetitions=${reps}`, `--benchmark_min_time=0`, ...(iters ? [] : [])]);
    out[name] = stats(runs.map(ms));
  }
  for (const name of ["Post2000Edit", "Doc35000Edit"])
    out[name] = stats(run(`BM_${name}$`, [`--benchmark_repetitions=${quick ? 10 : 30}`]).map(ms));
  out.startup = stats(run("BM_Startup", ["--benchmark_repetitions=5"]).map(ms));
  for (const n of [1, 2, 5, 10]) {
    const r = run(`BM_Throughput${n}MB$`, ["--benchmark_repetitions=2"]);
    out[`mb${n}`] = Math.min(...r.map(ms));
    if (n === 10) out.peak_rss_mb = Math.max(...r.map((b) => b.peak_rss_mb || 0));
  }
  out.mbps = (10 * 1024 * 1024) / (out.mb10 / 1000) / 1e6;
  return out;
}

// --- WebAssembly in Node ----------------------------------------------------------------
async function wasm() {
  // Start-up in fresh processes: import, instantiate, compile every rule pack.
  // Then the first check of the 2,000-character post, which compiles the patterns it needs.
  const startups = [], firsts = [];
  for (let i = 0; i < (quick ? 3 : 10); i++) {
    const r = spawnSync(process.execPath, ["--input-type=module", "-e",
      `const t0 = performance.now(); const { createChecker } = await import(${JSON.stringify(pkg)}); const c = await createChecker(); const t1 = performance.now(); c.check(${JSON.stringify(texts.post2000)}, { kind: "post" }); console.log(t1 - t0, performance.now() - t1); c.dispose();`],
      { encoding: "utf8" });
    const [a, b] = r.stdout.trim().split(" ").map(parseFloat);
    startups.push(a);
    firsts.push(b);
  }
  const { createChecker } = await import(pkg);
  // Latency and throughput are first checks of a text: the line cache is off.
  const c = await createChecker({ lineCache: false });
  const out = { startup: stats(startups), first_check_post2000: stats(firsts) };
  for (const [name, text, kind, n] of [["Message200", texts.message200, "message", 2000], ["Post2000", texts.post2000, "post", 500], ["Doc35000", texts.doc35000, "post", 100]]) {
    for (let i = 0; i < 20; i++) c.check(text, { kind });
    const xs = [];
    for (let i = 0; i < (quick ? n / 5 : n); i++) xs.push(timeIt(() => c.check(text, { kind })));
    out[name] = stats(xs);
  }
  for (const n of [1, 2, 5, 10]) {
    c.check(mb[n].slice(0, 1000), { kind: "post" });
    out[`mb${n}`] = Math.min(timeIt(() => c.check(mb[n], { kind: "post" })), timeIt(() => c.check(mb[n], { kind: "post" })));
  }
  out.mbps = (10 * 1024 * 1024) / (out.mb10 / 1000) / 1e6;
  out.memory_mb = c.memoryBytes / (1024 * 1024);
  out.rules = c.ruleCount;
  c.dispose();
  // Re-checks while typing: line cache on, one line changed per check.
  const cached = await createChecker();
  for (const [name, text, n] of [["Post2000Edit", texts.post2000, 300], ["Doc35000Edit", texts.doc35000, 100]]) {
    cached.check(text, { kind: "post" });
    const xs = [];
    for (let i = 1; i <= (quick ? n / 5 : n); i++) {
      const t = edited(text, i);
      xs.push(timeIt(() => cached.check(t, { kind: "post" })));
    }
    out[name] = stats(xs);
  }
  cached.dispose();
  return out;
}

// --- the JavaScript baseline: each rule's patterns as RegExps, one rule after another ---
function foldKana(p) {  // the same script folding as core/src/normalize.cc FoldPattern
  let out = "", inClass = false, esc = false, classStart = -1;
  const cs = [...p];
  cs.forEach((ch, i) => {
    const c = ch.codePointAt(0);
    if (esc) { esc = false; out += ch; return; }
    if (ch === "\\") { esc = true; out += ch; return; }
    if (!inClass && ch === "[") { inClass = true; classStart = i; out += ch; return; }
    if (inClass) {
      const lit = i === classStart + 1 || (i === classStart + 2 && cs[classStart + 1] === "^");
      if (ch === "]" && !lit) inClass = false;
      out += ch; return;
    }
    if (c >= 0x3041 && c <= 0x3096) out += `[${ch}${String.fromCodePoint(c + 0x60)}]`;
    else if (c >= 0x30a1 && c <= 0x30f6) out += `[${ch}${String.fromCodePoint(c - 0x60)}]`;
    else out += ch;
  });
  return out;
}
function baselineRules() {
  const packs = readdirSync(join(root, "rules/packs")).filter((f) => f.endsWith(".json")).map((f) => JSON.parse(readFileSync(join(root, "rules/packs", f), "utf8")));
  const defines = Object.assign({}, ...packs.map((p) => p.defines || {}));
  const expand = (s, d = 0) => s.replace(/\{\{(\w+)\}\}/g, (_, n) => `(?:${d < 4 ? expand(defines[n] ?? "", d + 1) : ""})`);
  let skipped = 0, compiled = 0;
  const rules = [];
  for (const p of packs) for (const r of p.rules) {
    const res = [];
    for (const pat of [...(r.patterns || []), ...(r.vague || [])]) {
      try {
        res.push(new RegExp(foldKana(expand(pat)).replace(/\(\?P</g, "(?<"), "giu"));
        compiled++;
      } catch { skipped++; }
    }
    rules.push(res);
  }
  return { rules, compiled, skipped };
}
function baseline() {
  const { rules, compiled, skipped } = baselineRules();
  const run = (text) => { let n = 0; for (const res of rules) for (const re of res) { re.lastIndex = 0; let m; while ((m = re.exec(text))) { n++; if (m[0] === "") re.lastIndex++; } } return n; };
  const out = { patterns: compiled, skipped, run };
  for (const [name, text, n] of [["Post2000", texts.post2000, 200], ["Doc35000", texts.doc35000, 20]]) {
    for (let i = 0; i < 5; i++) run(text);
    const xs = [];
    for (let i = 0; i < (quick ? n / 4 : n); i++) xs.push(timeIt(() => run(text)));
    out[name] = stats(xs);
  }
  return out;
}

// --- Chromium: the web app's own origin, the package's Worker checker ---------------------
async function chromiumBench() {
  const { startServer, launch } = await import("../browser/helpers.mjs");
  const server = await startServer();
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await page.goto(server.url);
    const runs = quick ? 0.2 : 1;
    const raw = await page.evaluate(async ({ texts, runs }) => {
      const { createWorkerChecker } = await import("./pkg/index.js");
      const t0 = performance.now();
      const c = await createWorkerChecker({ lineCache: false });
      const out = { startup: performance.now() - t0 };
      for (const [name, text, kind, n] of texts) {
        for (let i = 0; i < 5; i++) await c.check(text, { kind });
        const xs = [];
        for (let i = 0; i < Math.max(5, Math.round(n * runs)); i++) {
          const a = performance.now();
          await c.check(text, { kind });
          xs.push(performance.now() - a);
        }
        out[name] = xs;
      }
      await c.dispose();
      // Re-checks while typing (the web app's own setting: line cache on).
      const cached = await createWorkerChecker();
      for (const [name, text, , n] of texts.slice(1)) {
        await cached.check(text, { kind: "post" });
        const xs = [];
        for (let i = 1; i <= Math.max(5, Math.round(n * runs)); i++) {
          let mid = text.indexOf("\n", text.length >> 1);
          if (mid < 0) mid = text.length;
          const t = `${text.slice(0, mid)} ${i}${text.slice(mid)}`;
          const a = performance.now();
          await cached.check(t, { kind: "post" });
          xs.push(performance.now() - a);
        }
        out[name + "Edit"] = xs;
      }
      await cached.dispose();
      return out;
    }, { texts: [["Message200", texts.message200, "message", 500], ["Post2000", texts.post2000, "post", 200], ["Doc35000", texts.doc35000, "post", 30]], runs });
    const out = { startup: raw.startup };
    for (const k of ["Message200", "Post2000", "Doc35000", "Post2000Edit", "Doc35000Edit"]) out[k] = stats(raw[k]);
    return out;
  } finally {
    await browser.close();
    await server.stop();
  }
}

function sizes() {
  const out = {};
  for (const f of ["anshin_wasm.wasm", "anshin_wasm.js", "index.js", "worker.js"]) {
    const b = readFileSync(join(root, "build/wasm/pkg", f));
    out[f] = { raw: b.length, gzip: gzipSync(b, { level: 9 }).length, brotli: brotliCompressSync(b).length };
  }
  return out;
}

// --- head to head: WebAssembly and the JS baseline in alternating rounds ------------------
// The machine drifts by tens of percent within minutes, so the speed-up budgets are taken
// from samples of both sides interleaved in time, not from sections run minutes apart.
async function headToHead(run) {
  const { createChecker } = await import(pkg);
  const cold = await createChecker({ lineCache: false });
  const cached = await createChecker();
  const out = {};
  for (const [name, text, rounds, per] of [["Post2000", texts.post2000, quick ? 10 : 40, 10], ["Doc35000", texts.doc35000, quick ? 4 : 15, 2]]) {
    for (let i = 0; i < 5; i++) { cold.check(text, { kind: "post" }); run(text); }
    cached.check(text, { kind: "post" });
    const w = [], j = [], e = [];
    for (let r = 0; r < rounds; r++) {
      for (let k = 0; k < per; k++) w.push(timeIt(() => cold.check(text, { kind: "post" })));
      for (let k = 0; k < per; k++) j.push(timeIt(() => run(text)));
      for (let k = 0; k < per; k++) {
        const t = edited(text, 100000 + r * per + k);
        e.push(timeIt(() => cached.check(t, { kind: "post" })));
      }
    }
    out[name] = { wasm: stats(w).median, js: stats(j).median, edit: stats(e).median };
  }
  cold.dispose();
  cached.dispose();
  return out;
}

// --- run, report, budgets ---------------------------------------------------------------
const n = native();
const w = await wasm();
const b = baseline();
const h = await headToHead(b.run);
const c = await chromiumBench();
const s = sizes();
const f = (x, d = 3) => (typeof x === "number" ? x.toFixed(d) : String(x));
const rows = [];
rows.push(["check latency (ms)", "native median/p99", "wasm (Node) med/p99", "Chromium worker med/p99", "JS baseline median", "wasm speed-up vs JS*"]);
for (const k of ["Message200", "Post2000", "Doc35000", "Post2000Edit", "Doc35000Edit"]) {
  const base = b[k.replace("Edit", "")];  // a JavaScript linter re-runs every rule over the whole text
  const hh = h[k.replace("Edit", "")];  // the same comparison, head to head (*)
  rows.push([k, `${f(n[k].median)} / ${f(n[k].p99)}`, `${f(w[k].median)} / ${f(w[k].p99)}`, `${f(c[k].median)} / ${f(c[k].p99)}`, base ? f(base.median) : "-",
             hh ? `${f(hh.js / (k.endsWith("Edit") ? hh.edit : hh.wasm), 1)}x` : "-"]);
}
console.log("\n" + rows.map((r) => r.map((c, i) => String(c).padEnd(i ? 22 : 20)).join(" ")).join("\n"));
console.log("(…Edit: re-check after one line changed, line cache on; the others: first check of the text, line cache off)");
console.log("(*: from the head-to-head rounds below, where WebAssembly and the JS baseline alternate, so drift hits both)");
console.log(`\nstart-up (ms): native ${f(n.startup.median, 1)}, wasm in Node ${f(w.startup.median, 1)} (import + instantiate + ${w.rules} rules), Chromium worker ${f(c.startup, 1)}; then the first 2,000-character check in wasm ${f(w.first_check_post2000.median, 1)} (compiles the patterns it needs)`);
console.log(`throughput (MB/s, 10 MB): native ${f(n.mbps, 1)}, wasm ${f(w.mbps, 1)}, wasm/native ${f(w.mbps / n.mbps, 2)}`);
console.log(`linearity (ms for 1/2/5/10 MB): native ${[1, 2, 5, 10].map((k) => f(n[`mb${k}`], 0)).join(" / ")}; wasm ${[1, 2, 5, 10].map((k) => f(w[`mb${k}`], 0)).join(" / ")}`);
console.log(`memory: native peak RSS ${f(n.peak_rss_mb, 0)} MB; wasm linear memory ${f(w.memory_mb, 0)} MB after 10 MB`);
const total = (k) => s["anshin_wasm.wasm"][k] + s["anshin_wasm.js"][k];
console.log(`size: .wasm ${s["anshin_wasm.wasm"].raw} B raw / ${s["anshin_wasm.wasm"].gzip} gzip / ${s["anshin_wasm.wasm"].brotli} brotli; glue ${s["anshin_wasm.js"].raw} / ${s["anshin_wasm.js"].gzip} / ${s["anshin_wasm.js"].brotli}; .wasm+glue gzip ${total("gzip")} B`);
console.log(`JS baseline: ${b.patterns} patterns as RegExp (${b.skipped} not expressible in JS)`);

console.log(`head to head (interleaved rounds, medians in ms): ${["Post2000", "Doc35000"].map((k) => `${k} wasm ${f(h[k].wasm)} / re-check ${f(h[k].edit)} / JS ${f(h[k].js)}`).join("; ")}`);

const linear = (o) => o.mb10 / o.mb1;
const ratio = (k, side) => h[k].js / h[k][side];
const budgets = [
  ["wasm ≥5x faster than JS baseline on 2,000 chars (first check)", ratio("Post2000", "wasm") >= 5, `${f(ratio("Post2000", "wasm"), 1)}x`],
  ["wasm ≥5x faster than JS baseline on 35,000 chars (first check)", ratio("Doc35000", "wasm") >= 5, `${f(ratio("Doc35000", "wasm"), 1)}x`],
  ["wasm ≥5x faster than JS baseline on 2,000 chars (re-check after an edit)", ratio("Post2000", "edit") >= 5, `${f(ratio("Post2000", "edit"), 1)}x`],
  ["wasm ≥5x faster than JS baseline on 35,000 chars (re-check after an edit)", ratio("Doc35000", "edit") >= 5, `${f(ratio("Doc35000", "edit"), 1)}x`],
  ["wasm throughput ≥0.5x native", w.mbps / n.mbps >= 0.5, f(w.mbps / n.mbps, 2)],
  ["35,000 chars < 5 ms in wasm (first check)", w.Doc35000.median < 5, `${f(w.Doc35000.median, 2)} ms`],
  ["35,000 chars < 5 ms in wasm (re-check after an edit)", w.Doc35000Edit.median < 5, `${f(w.Doc35000Edit.median, 2)} ms`],
  ["start-up < 50 ms", w.startup.median < 50, `${f(w.startup.median, 1)} ms`],
  [".wasm + glue < 400 KB gzip", total("gzip") < 400 * 1024, `${f(total("gzip") / 1024, 0)} KB`],
  ["cost linear (10 MB / 1 MB between 7x and 14x)", linear(w) > 7 && linear(w) < 14 && linear(n) > 7 && linear(n) < 14, `wasm ${f(linear(w), 1)}x, native ${f(linear(n), 1)}x`],
  ["memory bounded (wasm < 512 MB for 10 MB)", w.memory_mb < 512, `${f(w.memory_mb, 0)} MB`],
];
console.log("\nbudgets:");
for (const [name, ok, v] of budgets) console.log(`  ${ok ? "PASS" : "MISS"}  ${name}: ${v}`);
writeFileSync(join(outDir, "results.json"), JSON.stringify({ date: new Date().toISOString(), native: n, wasm: w, chromium: c, baseline: { ...b, run: undefined }, head_to_head: h, sizes: s, budgets: budgets.map(([name, ok, value]) => ({ name, ok, value })) }, null, 2));
console.log(`\nwritten: build/bench/results.json`);
process.exit(budgets.every(([, ok]) => ok) ? 0 : 1);
