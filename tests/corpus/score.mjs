#!/usr/bin/env node
// Scores Anshin on the labelled corpus: precision and recall per violation category
// (tests/corpus/violations/*.jsonl) and per checklist field (tests/corpus/posts/*.jsonl).
//
//   node tests/corpus/score.mjs [--bin build/native/anshin] [--rules rules/packs] [--min 0.95]
//                               [--misses] [--json OUT]
//
// A case counts as flagged for a category when the report has a finding of that
// category with severity warning or error (info is guidance, not a warning).
// Exit status: 0 when every figure is at least --min (default: report only), 1 otherwise.
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync, writeFileSync, mkdtempSync } from "node:fs";
import { join, dirname } from "node:path";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const args = process.argv.slice(2);
const opt = (name, def) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : def; };
const bin = opt("--bin", process.env.ANSHIN_BIN || join(root, "build/native/anshin"));
const min = parseFloat(opt("--min", "0"));
const showMisses = args.includes("--misses");
const jsonOut = opt("--json", null);
// --rules DIR: use the packs on disk instead of the compiled-in ones (no rebuild needed).
const rulesDir = opt("--rules", null);

const CATEGORIES = ["stealth_marketing", "external_tos", "uncertain_pay", "mlm", "offsite_transaction", "other_violation"];
const FIELDS = ["deliverable", "deadline", "budget", "quantity", "revisions", "acceptance"];

function readCases(dir) {
  const out = [];
  for (const f of readdirSync(dir).filter((f) => f.endsWith(".jsonl")).sort()) {
    readFileSync(join(dir, f), "utf8").split("\n").forEach((line, i) => {
      if (!line.trim()) return;
      let c;
      try { c = JSON.parse(line); } catch (e) { throw new Error(`${f}:${i + 1}: invalid JSON: ${e.message}`); }
      out.push({ ...c, file: f, line: i + 1 });
    });
  }
  return out;
}

function runBatch(cases) {
  const dir = mkdtempSync(join(tmpdir(), "anshin-score-"));
  const input = join(dir, "in.jsonl");
  writeFileSync(input, cases.map((c, i) => JSON.stringify({
    id: String(i), text: c.text, kind: c.kind || "post", stage: c.stage || ((c.kind || "post") === "post" ? "draft" : "before_escrow"),
    mode: c.mode || "project", platform: c.platform || "lancers",
  })).join("\n") + "\n");
  let out;
  try {
    const extra = rulesDir ? ["--rules", rulesDir, "--no-builtin-rules"] : [];
    out = execFileSync(bin, ["check", "--batch", input, ...extra], { maxBuffer: 1 << 28, encoding: "utf8" });
  } catch (e) {
    if (e.status !== 1) throw e;  // 1 = some error finding, expected
    out = e.stdout;
  }
  const reports = new Map();
  for (const line of out.split("\n")) if (line.trim()) { const r = JSON.parse(line); reports.set(r.id, r); }
  return cases.map((_, i) => reports.get(String(i)));
}

const pr = (tp, fp, fn) => ({ precision: tp + fp ? tp / (tp + fp) : 1, recall: tp + fn ? tp / (tp + fn) : 1 });
const fmt = (x) => x.toFixed(3);
const result = { categories: {}, fields: {}, ok: true };

// --- violations -------------------------------------------------------------------
const vcases = readCases(join(here, "violations"));
const vreports = runBatch(vcases);
const misses = [];
console.log(`violations: ${vcases.length} cases`);
console.log("category              cases+  TP   FP   FN   precision  recall");
for (const cat of CATEGORIES) {
  let tp = 0, fp = 0, fn = 0;
  vcases.forEach((c, i) => {
    const want = (c.labels || []).includes(cat);
    const got = vreports[i].findings.some((f) => f.category === cat && f.severity !== "info");
    if (want && got) tp++;
    else if (!want && got) { fp++; misses.push({ kind: "FP", cat, c, r: vreports[i] }); }
    else if (want && !got) { fn++; misses.push({ kind: "FN", cat, c, r: vreports[i] }); }
  });
  const m = pr(tp, fp, fn);
  result.categories[cat] = { positives: tp + fn, tp, fp, fn, ...m };
  if (m.precision < min || m.recall < min) result.ok = false;
  console.log(`${cat.padEnd(22)}${String(tp + fn).padStart(6)}${String(tp).padStart(5)}${String(fp).padStart(5)}${String(fn).padStart(5)}   ${fmt(m.precision)}     ${fmt(m.recall)}`);
}

// --- checklist fields ---------------------------------------------------------------
const pcases = readCases(join(here, "posts"));
if (pcases.length) {
  const preports = runBatch(pcases.map((c) => ({ ...c, kind: "post", stage: "draft" })));
  console.log(`\nposts: ${pcases.length} cases (a field is "flagged" when not present: missing or vague)`);
  console.log("field          flagged  TP   FP   FN   precision  recall   status-accuracy  values");
  for (const field of FIELDS) {
    let tp = 0, fp = 0, fn = 0, exact = 0, vals = 0, valsOk = 0;
    pcases.forEach((c, i) => {
      const item = (preports[i].checklist || []).find((x) => x.field === field);
      const got = item ? item.status : "missing";
      const want = c.fields[field];
      if (got === want) exact++;
      const wantFlag = want !== "present", gotFlag = got !== "present";
      if (wantFlag && gotFlag) tp++;
      else if (!wantFlag && gotFlag) { fp++; misses.push({ kind: "FP", cat: field, c, r: preports[i], got }); }
      else if (wantFlag && !gotFlag) { fn++; misses.push({ kind: "FN", cat: field, c, r: preports[i], got }); }
      const wantValue = c.values && c.values[field];
      if (wantValue && got === "present") {
        vals++;
        // The extracted value must overlap the labelled one.
        const v = item.value || "";
        if (v.includes(wantValue) || wantValue.includes(v)) valsOk++;
        else misses.push({ kind: "VALUE", cat: field, c, r: preports[i], got: v });
      }
    });
    const m = pr(tp, fp, fn);
    result.fields[field] = { flagged: tp + fn, tp, fp, fn, ...m, status_accuracy: exact / pcases.length, values: vals, values_ok: valsOk };
    if (m.precision < min || m.recall < min) result.ok = false;
    console.log(`${field.padEnd(15)}${String(tp + fn).padStart(7)}${String(tp).padStart(5)}${String(fp).padStart(5)}${String(fn).padStart(5)}   ${fmt(m.precision)}     ${fmt(m.recall)}    ${fmt(exact / pcases.length)}           ${valsOk}/${vals}`);
  }
}

if (showMisses) {
  console.log("\nmisses:");
  for (const m of misses) {
    const found = m.r.findings.filter((f) => f.severity !== "info").map((f) => `${f.rule}「${f.excerpt}」`).join(", ");
    console.log(`  ${m.kind} ${m.cat} ${m.c.id} (${m.c.file}:${m.c.line})${m.got ? ` got=${m.got}` : ""}: ${m.c.text.replace(/\n/g, " / ").slice(0, 160)}${found ? `\n      findings: ${found}` : ""}`);
  }
}
if (jsonOut) writeFileSync(jsonOut, JSON.stringify(result, null, 2));
if (min > 0) console.log(result.ok ? `\ncorpus: every figure >= ${min}` : `\ncorpus: some figure below ${min}`);
process.exit(result.ok ? 0 : 1);
