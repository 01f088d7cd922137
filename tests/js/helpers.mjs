// Shared helpers for the Node test files (node --test tests/js/).
import { readFileSync, readdirSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { spawnSync } from "node:child_process";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const cli = join(root, "build/native/anshin");
export const pkg = join(root, "build/wasm/pkg/index.js");

/** Every rule pack under rules/packs as {file, json}. */
export function packs() {
  const dir = join(root, "rules/packs");
  return readdirSync(dir).filter((f) => f.endsWith(".json")).sort()
    .map((f) => ({ file: `rules/packs/${f}`, json: JSON.parse(readFileSync(join(dir, f), "utf8")) }));
}

/** The context an example runs in, as the engine decides it (loader.cc DefaultContext). */
export function exampleContext(rule, ex) {
  const a = rule.applies || {};
  const kinds = a.kinds || ["post", "message"];
  const stages = a.stages || ["draft", "before_escrow", "after_escrow"];
  const modes = a.modes || ["project", "competition", "task"];
  const o = typeof ex === "string" ? {} : ex;
  const kind = o.kind || (kinds.includes("post") ? "post" : "message");
  const pref = kind === "post" ? "draft" : "before_escrow";
  let stage = o.stage || (o.kind ? pref : (stages.includes(pref) ? pref : stages[0]));
  return { kind, stage, mode: o.mode || modes[0], platform: o.platform || (a.platforms ? a.platforms[0] : "lancers") };
}

/** Every example text of every rule, with its context. */
export function allExamples() {
  const out = [];
  for (const p of packs())
    for (const rule of p.json.rules)
      for (const key of ["match", "no_match"])
        for (const ex of rule.examples[key])
          out.push({ rule: rule.id, text: typeof ex === "string" ? ex : ex.text, ...exampleContext(rule, ex) });
  return out;
}

/** Every text of the labelled corpus. */
export function corpusCases() {
  const out = [];
  for (const sub of ["violations", "posts"]) {
    const dir = join(root, "tests/corpus", sub);
    let files = [];
    try { files = readdirSync(dir).filter((f) => f.endsWith(".jsonl")); } catch { continue; }
    for (const f of files.sort())
      for (const line of readFileSync(join(dir, f), "utf8").split("\n"))
        if (line.trim()) {
          const c = JSON.parse(line);
          const kind = c.kind || "post";
          out.push({ id: c.id, text: c.text, kind, stage: c.stage || (kind === "post" ? "draft" : "before_escrow"), mode: c.mode || "project", platform: c.platform || "lancers" });
        }
  }
  return out;
}

/** Runs the native CLI; returns {status, stdout, stderr}. */
export function run(args, input) {
  const r = spawnSync(cli, args, { input, encoding: "utf8", maxBuffer: 1 << 28 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Report invariants (STYLE.md 4): spans valid UTF-16 indices, excerpt equals text at span, sorted. */
export function assertReportInvariants(assert, text, report) {
  let prev = null;
  // Lone surrogates arrive in the engine as U+FFFD (one unit each): compare against that.
  const wellFormed = text.toWellFormed ? text.toWellFormed() : text;
  for (const f of report.findings) {
    assert.ok(0 <= f.start && f.start <= f.end && f.end <= text.length, `${f.rule}: span ${f.start}-${f.end} outside 0-${text.length}`);
    assert.equal(f.excerpt, wellFormed.slice(f.start, f.end), `${f.rule}: excerpt is not the text at its span`);
    const lowSurrogate = (i) => i > 0 && i < text.length && text.charCodeAt(i) >= 0xdc00 && text.charCodeAt(i) <= 0xdfff &&
      text.charCodeAt(i - 1) >= 0xd800 && text.charCodeAt(i - 1) <= 0xdbff;
    assert.ok(!lowSurrogate(f.start) && !lowSurrogate(f.end), `${f.rule}: span splits a surrogate pair`);
    if (prev) assert.ok(prev.start < f.start || (prev.start === f.start && prev.rule <= f.rule), "findings sorted by start, then rule");
    prev = f;
  }
}
