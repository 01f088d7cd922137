// Native and WebAssembly builds give equal reports: every rule example and every
// corpus text, through the native CLI (--batch) and the WebAssembly package.
import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync, mkdtempSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { pkg, run, allExamples, corpusCases, assertReportInvariants } from "./helpers.mjs";

const { createChecker } = await import(pkg);

function longTexts() {
  const base = allExamples().map((e) => e.text);
  const out = [];
  for (let i = 0; i < 20; i++) out.push(base.slice(i * 7, i * 7 + 40).join("\n"));
  out.push("😀".repeat(500) + "LINE交換" + "\u200b".repeat(300) + "０９０－１２３４－５６７８");
  return out.map((text, i) => ({ id: `long${i}`, text, kind: i % 2 ? "message" : "post", stage: i % 2 ? "before_escrow" : "draft", mode: "project", platform: "lancers" }));
}

test("native and WebAssembly reports are identical", async () => {
  const cases = [...allExamples().map((e, i) => ({ id: `ex${i}`, ...e })), ...corpusCases(), ...longTexts()];
  for (const locale of ["ja", "en"]) {
    const dir = mkdtempSync(join(tmpdir(), "anshin-parity-"));
    const file = join(dir, "in.jsonl");
    writeFileSync(file, cases.map((c, i) => JSON.stringify({ id: String(i), text: c.text, kind: c.kind, stage: c.stage, mode: c.mode, platform: c.platform, locale })).join("\n"));
    const r = run(["check", "--batch", file]);
    assert.ok(r.status === 0 || r.status === 1, r.stderr);
    const native = r.stdout.trim().split("\n");
    assert.equal(native.length, cases.length);
    const checker = await createChecker({ locale });
    let compared = 0;
    cases.forEach((c, i) => {
      const wasm = checker.check(c.text, { kind: c.kind, stage: c.stage, mode: c.mode, platform: c.platform });
      assertReportInvariants(assert, c.text, wasm);
      const fromNative = JSON.parse(native[i]);
      delete fromNative.id;
      assert.equal(JSON.stringify(wasm), JSON.stringify(fromNative), `case ${c.id || i}: ${c.text.slice(0, 60)}`);
      compared++;
    });
    checker.dispose();
    assert.ok(compared > 100, `compared ${compared}`);
  }
});
