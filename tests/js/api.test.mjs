// The JavaScript API, run twice: on the same thread (createChecker) and in a worker
// (createWorkerChecker), with the same expectations (Harper's pattern).
import { test, describe, after } from "node:test";
import assert from "node:assert/strict";
import { pkg, assertReportInvariants } from "./helpers.mjs";

const { createChecker, createWorkerChecker, AnshinError } = await import(pkg);

const variants = {
  local: async (o) => {
    const c = await createChecker(o);
    return { check: async (...a) => c.check(...a), clarify: async (...a) => c.clarify(...a), followup: async (...a) => c.followup(...a),
             testRules: async () => c.testRules(), dispose: async () => c.dispose() };
  },
  worker: (o) => createWorkerChecker(o),
};

for (const [name, make] of Object.entries(variants)) {
  describe(`${name} checker`, async () => {
    const checker = await make();
    after(() => checker.dispose());

    test("reports LINE交換 and the phone number at JS string indices", async () => {
      const text = "😀LINE交換しませんか？090-1234-5678まで";
      const r = await checker.check(text, { kind: "message", stage: "before_escrow" });
      assertReportInvariants(assert, text, r);
      const slices = r.findings.map((f) => text.slice(f.start, f.end));
      assert.ok(slices.includes("LINE交換"), slices.join(","));
      assert.ok(slices.includes("090-1234-5678"), slices.join(","));
      assert.ok(r.findings.every((f) => f.category === "offsite_transaction"));
      assert.equal(r.version, 1);
    });

    test("a lone surrogate in the input keeps later offsets aligned", async () => {
      const text = "a\uD800b LINE交換しませんか";
      const r = await checker.check(text, { kind: "message" });
      assertReportInvariants(assert, text, r);
      assert.equal(text.slice(r.findings[0].start, r.findings[0].end), "LINE交換");
    });

    test("bad options are typed errors naming the option", async () => {
      await assert.rejects(() => checker.check("x", { kind: "tweet" }), (e) => e instanceof AnshinError && e.code === "invalid_argument" && e.pointer === "/kind");
      await assert.rejects(() => checker.check("x", { platform: "fiverr" }), (e) => e.pointer === "/platform");
      await assert.rejects(() => checker.check("x", { stage: 3 }), (e) => e.pointer === "/stage");
      await assert.rejects(() => checker.check(42), (e) => e.code === "invalid_argument");
      // still usable afterwards
      const r = await checker.check("こんにちは", { kind: "message" });
      assert.deepEqual(r.findings, []);
    });

    test("every built-in rule example passes inside WebAssembly too", async () => {
      const r = await checker.testRules();
      assert.ok(r.count > 0);
      assert.deepEqual(r.failures, []);
    });

    test("English locale", async () => {
      const r = await checker.check("Add me on LINE", { kind: "message", locale: "en" });
      assert.equal(r.locale, "en");
      assert.match(r.findings[0].message, /^This/);
    });
  });

  test(`${name}: a bad rule pack is a typed error with file, pointer and rule`, async () => {
    const pack = { pack: "mine", rules: [{ id: "mine.bad", category: "mlm", severity: "error", check: "pattern",
      message: { ja: "a", en: "b" }, patterns: ["(unclosed"], examples: { match: ["a"], no_match: ["b"] } }] };
    await assert.rejects(() => make({ rules: [pack] }), (e) =>
      e instanceof AnshinError && e.code === "pattern_error" && e.pointer === "/rules/0/patterns/0" && e.rule === "mine.bad" &&
      /mine/.test(e.file) && /missing \)/.test(e.message));
    await assert.rejects(() => make({ rules: ["{not json"] }), (e) => e.code === "parse_error");
    const failing = { pack: "mine2", rules: [{ id: "mine2.fax", category: "offsite_transaction", severity: "warning", check: "pattern",
      message: { ja: "a", en: "b" }, patterns: ["(?P<span>fax)"], examples: { match: ["FAX"], no_match: ["fax machine"] } }] };
    await assert.rejects(() => make({ rules: [failing] }), (e) => e.code === "example_failed" && e.rule === "mine2.fax" &&
      e.pointer === "/rules/0/examples/no_match/0");
    await assert.rejects(() => make({ rules: [{ pack: "x", rules: [], extra: 1 }] }), (e) => e.code === "schema_error" && e.pointer === "/extra");
  });

  test(`${name}: an extra rule pack adds findings`, async () => {
    const pack = { pack: "mine", rules: [{ id: "mine.fax", category: "offsite_transaction", severity: "warning", check: "pattern",
      message: { ja: "FAX番号です", en: "fax number" }, patterns: ["(?P<span>fax[ :]*[0-9\\-]{10,})"],
      examples: { match: ["FAX: 03-1234-5678"], no_match: ["FAXの使い方"] } }] };
    const c = await make({ rules: [pack] });
    const r = await c.check("FAX: 03-1234-5678", { kind: "message" });
    assert.ok(r.findings.some((f) => f.rule === "mine.fax"));
    await c.dispose();
  });
}

test("a disposed checker throws instead of crashing", async () => {
  const c = await createChecker();
  c.dispose();
  c.dispose();
  assert.throws(() => c.check("x"), (e) => e instanceof AnshinError);
});

// The text is written into a buffer in WebAssembly memory that is kept between checks
// (and given back after a much larger text): whatever came before, a check of a text
// reports what a fresh checker reports.
test("checks of texts of every size in a row report as a fresh checker does", async () => {
  const small = "LINE交換しませんか？090-1234-5678まで😀";
  const large = `${"報酬は成果報酬のみです。LINEで連絡ください。\n".repeat(120000)}末尾の😀LINE交換`;  // over 4 MB of UTF-8
  const c = await createChecker({ lineCache: false });
  const fresh = async (t) => { const f = await createChecker({ lineCache: false }); const r = f.check(t); f.dispose(); return r; };
  const want = { small: await fresh(small), empty: await fresh(""), large: c.check(large) };
  for (const t of [small, "", large, small, "", small]) {
    const key = t === small ? "small" : t === "" ? "empty" : "large";
    assert.deepEqual(c.check(t), want[key], key);
  }
  assert.ok(want.large.findings.length > 1000);
  c.dispose();
});

// Patterns compile on first use; warm() compiles the rest ahead, with the same reports.
test("warm() compiles the remaining patterns, and reports do not change", async () => {
  const text = "LINE交換しませんか？090-1234-5678まで。報酬は成果報酬のみです。";
  const opts = { kind: "message", stage: "before_escrow" };
  const cold = await createChecker();
  const before = JSON.stringify(cold.check(text, opts));
  let left = cold.warm(50), prev = Infinity, rounds = 0;
  assert.ok(left > 0, `patterns left after one slice: ${left}`);
  while (left > 0 && rounds++ < 1000) {
    assert.ok(left < prev, `remaining count must fall (${prev} -> ${left})`);
    prev = left;
    left = cold.warm(50);
  }
  assert.equal(left, 0);
  assert.equal(JSON.stringify(cold.check(text, opts)), before);
  assert.throws(() => cold.warm(0), AnshinError);
  cold.dispose();
});

test("warmInIdle() compiles everything between other work, and stops on dispose", async () => {
  const text = "LINE交換しませんか？090-1234-5678まで。報酬は成果報酬のみです。";
  const opts = { kind: "message", stage: "before_escrow" };
  const c = await createChecker();
  const before = JSON.stringify(c.check(text, opts));
  let ticks = 0;
  const ticker = setInterval(() => ticks++, 0);  // other work gets turns meanwhile
  const done = c.warmInIdle(2);
  assert.equal(c.warmInIdle(2), done);
  await done;
  clearInterval(ticker);
  assert.ok(ticks > 0, "other work ran while warming");
  assert.equal(c.warm(1), 0);
  assert.equal(JSON.stringify(c.check(text, opts)), before);
  assert.throws(() => c.warmInIdle(0), AnshinError);
  c.dispose();
  const d = await createChecker();
  const stopped = d.warmInIdle(1);
  d.dispose();
  await stopped;  // resolves instead of throwing or running forever
});

test("the worker checker warms in idle time, or not when asked", async () => {
  for (const warm of [true, false]) {
    const w = await createWorkerChecker({ warm });
    const r = await w.check("LINEで連絡ください", { kind: "message", stage: "before_escrow" });
    assert.ok(r.findings.length > 0);
    await w.dispose();
  }
});
