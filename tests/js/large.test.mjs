// Any text is safe to check from JavaScript: large inputs keep offsets valid and the
// time linear.
import { test } from "node:test";
import assert from "node:assert/strict";
import { pkg, assertReportInvariants } from "./helpers.mjs";

const { createChecker } = await import(pkg);

test("100,000 lines and 10 MB: valid offsets, linear time, bounded memory", async () => {
  const c = await createChecker();
  const line = "ご依頼の件、LINE交換しませんか？090-1234-5678まで。オンラインで対応します。\n";
  const small = line.repeat(10000);   // 10,000 lines
  const large = line.repeat(100000);  // 100,000 lines, about 10 MB of UTF-8
  c.check(small.slice(0, 2000));
  const t0 = performance.now();
  const rs = c.check(small, { kind: "message" });
  const t1 = performance.now();
  const rl = c.check(large, { kind: "message" });
  const t2 = performance.now();
  assert.equal(rl.findings.length, 10 * rs.findings.length);
  assertReportInvariants(assert, large, rl);
  const ratio = (t2 - t1) / (t1 - t0);
  assert.ok(ratio < 25, `10x the text took ${ratio.toFixed(1)}x the time`);
  assert.ok(c.memoryBytes < 1024 * 1024 * 1024, `memory ${c.memoryBytes}`);
  c.dispose();
});

test("a 1 MB line, NUL bytes, controls, emoji, combining marks, empty text", async () => {
  const c = await createChecker();
  const texts = ["", "\0\0LINE\0交換", "\u0001\u001b[31m090-1234-5678\u007f", "👨‍👩‍👧".repeat(1000) + "LINE交換", "e\u0301".repeat(500),
    "a".repeat(1 << 20) + "090-1234-5678", "\uDC00\uD800LINE交換\uD800"];
  for (const t of texts) for (const kind of ["post", "message"]) assertReportInvariants(assert, t, c.check(t, { kind }));
  c.dispose();
});
