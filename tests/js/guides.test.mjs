// clarify and followup give the same JSON from the CLI and from WebAssembly, and the
// same one-line errors for malformed threads.
import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync, mkdtempSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { pkg, run } from "./helpers.mjs";

const { createChecker, AnshinError } = await import(pkg);

const threads = [
  { post: "ロゴデザインの依頼\n【納期】12月15日\n【予算】3万円\n【内容】飲食店のロゴを1点作成してください。", stage: "after_escrow", mode: "project", me: "client",
    now: "2026-11-28T10:00:00+09:00",
    messages: [
      { from: "freelancer", at: "2026-11-20T09:00:00+09:00", text: "ご提案です。3万円、12月15日納品で対応可能です。" },
      { from: "client", at: "2026-11-21T10:00:00+09:00", text: "先ほどのZoomでお話しした通り、色は青系でお願いします。追加で名刺デザインもお願いできますか？" },
      { from: "freelancer", at: "2026-11-22T10:00:00+09:00", text: "承知しました。納期を12月20日に変更させてください。" },
      { from: "client", at: "2026-11-23T10:00:00+09:00", text: "進捗はいかがでしょうか？" },
    ] },
  { post: "Need a landing page. Deadline: Dec 15. Budget: $500.", platform: "crowdworks", me: "freelancer", now: "2026-12-10T09:00:00Z",
    messages: [
      { from: "freelancer", at: "2026-12-01T09:00:00Z", text: "Here is the first draft." },
      { from: "freelancer", at: "2026-12-03T09:00:00Z", text: "Could you take a look?" },
      { from: "freelancer", at: "2026-12-02T09:00:00Z", text: "Just checking in." },
    ] },
];

test("CLI and WebAssembly guides are identical", async () => {
  const dir = mkdtempSync(join(tmpdir(), "anshin-guides-"));
  for (const locale of ["ja", "en"]) {
    const c = await createChecker({ locale });
    threads.forEach((t, i) => {
      const file = join(dir, `t${i}.json`);
      writeFileSync(file, JSON.stringify(t));
      for (const cmd of ["clarify", "followup"]) {
        const r = run([cmd, file, "--locale", locale]);
        assert.equal(r.status, 0, r.stderr);
        const wasm = cmd === "clarify" ? c.clarify(t) : c.followup(t);
        assert.equal(JSON.stringify(wasm), JSON.stringify(JSON.parse(r.stdout)), `${cmd} ${i} ${locale}`);
        assert.equal(wasm.version, 1);
      }
    });
    c.dispose();
  }
});

test("malformed threads: one line from the CLI, a typed error from JS, same pointer", async () => {
  const c = await createChecker();
  const dir = mkdtempSync(join(tmpdir(), "anshin-guides-"));
  const bad = [
    ['{"messages": [', "parse_error"],
    ['{"messages": [{"from": "bot", "at": "2026-11-20T09:00:00+09:00", "text": "x"}]}', "/messages/0/from"],
    ['{"messages": [{"from": "client", "at": "2026-11-20 09:00", "text": "x"}]}', "/messages/0/at"],
    ['{"post": 3, "messages": []}', "/post"],
  ];
  for (const [json, where] of bad) {
    const file = join(dir, "bad.json");
    writeFileSync(file, json);
    const r = run(["clarify", file]);
    assert.equal(r.status, 2);
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
    assert.ok(r.stderr.includes(where.startsWith("/") ? where : ""), r.stderr);
    assert.throws(() => c.clarify(json), (e) => e instanceof AnshinError && (e.code === where || e.pointer === where));
  }
  assert.throws(() => c.followup(threads[0], { now: "tomorrow" }), (e) => e.pointer === "--now");
  assert.throws(() => c.clarify(42), (e) => e instanceof AnshinError);
  // still usable
  assert.equal(c.followup(threads[0]).version, 1);
  c.dispose();
});
