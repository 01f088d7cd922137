// The command line: exit status, formats, batch, errors on one line.
import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync, mkdtempSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { run, assertReportInvariants } from "./helpers.mjs";

const text = "😀LINE交換しませんか？090-1234-5678まで";

test("exit 1 and spans on the issue's example", () => {
  const r = run(["check", "--kind", "message", "--stage", "before_escrow", "--format", "json"], text);
  assert.equal(r.status, 1);
  const report = JSON.parse(r.stdout);
  assertReportInvariants(assert, text, report);
  const slices = report.findings.map((f) => text.slice(f.start, f.end));
  assert.ok(slices.includes("LINE交換") && slices.includes("090-1234-5678"), slices.join(","));
});

test("exit 0 for a clean text", () => {
  const r = run(["check", "--kind", "message", "--format", "json"], "ご提案ありがとうございます。よろしくお願いします。");
  assert.equal(r.status, 0);
  assert.deepEqual(JSON.parse(r.stdout).findings, []);
});

test("exit 2 with one line on stderr for bad usage", () => {
  for (const args of [["check", "--bogus"], ["check", "--kind", "tweet"], ["check", "--format", "xml"], ["frobnicate"],
                      ["check", "/no/such/file"], ["check", "--rules", "/no/such/pack.json", "-"]]) {
    const r = run(args, "x");
    assert.equal(r.status, 2, args.join(" "));
    assert.equal(r.stderr.trim().split("\n")[0].startsWith("anshin: "), true, r.stderr);
    assert.equal(r.stdout, "");
  }
});

test("text format points at the span like a compiler", () => {
  const r = run(["check", "--kind", "message"], text);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /^<stdin>:1:2: error: .*\[offsite_transaction\.contact\.chat_id\]$/m);
  assert.match(r.stdout, /^ 1 \| 😀LINE交換しませんか？090-1234-5678まで$/m);
  assert.match(r.stdout, /^   \|   \^{8}$/m);  // emoji is two columns; LINE交換 is 4 + 2*2
});

test("--batch writes one report per line with its id and keeps going past bad lines", () => {
  const dir = mkdtempSync(join(tmpdir(), "anshin-"));
  const file = join(dir, "in.jsonl");
  writeFileSync(file, [
    JSON.stringify({ id: "a", text: "LINE交換しましょう", kind: "message" }),
    "{not json",
    JSON.stringify({ id: "c", text: "よろしくお願いします", kind: "message", stage: "after_escrow" }),
    JSON.stringify({ id: "d", text: "x", kind: "tweet" }),
  ].join("\n"));
  const r = run(["check", "--batch", file]);
  assert.equal(r.status, 2);
  const lines = r.stdout.trim().split("\n").map((l) => JSON.parse(l));
  assert.equal(lines.length, 4);
  assert.equal(lines[0].id, "a");
  assert.ok(lines[0].findings.length > 0);
  assert.equal(lines[1].line, 2);
  assert.equal(lines[1].error.code, "parse_error");
  assert.equal(lines[2].id, "c");
  assert.equal(lines[2].stage, "after_escrow");
  assert.equal(lines[3].error.pointer, "/kind");
  assert.match(r.stderr, /in\.jsonl:2: /);
});

test("rules lint names the file, pointer and rule of a bad pack", () => {
  const dir = mkdtempSync(join(tmpdir(), "anshin-"));
  const file = join(dir, "bad.json");
  writeFileSync(file, JSON.stringify({ pack: "bad", rules: [{ id: "bad.one", category: "mlm", severity: "error", check: "pattern",
    message: { ja: "a", en: "b" }, patterns: ["a("], examples: { match: ["a"], no_match: ["b"] } }] }));
  const r = run(["rules", "lint", file]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /bad\.json: \/rules\/0\/patterns\/0 \(rule bad\.one\): invalid RE2 pattern/);
});

test("rules test passes on the built-in packs", () => {
  const r = run(["rules", "test"]);
  assert.equal(r.status, 0, r.stdout);
  assert.match(r.stdout, / 0 failed$/m);
});
