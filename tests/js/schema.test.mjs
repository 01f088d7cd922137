// Every rule pack validates against rules/schema.json (the same structure the C++
// loader checks), and the schema rejects what the loader rejects.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv";
import { root, packs } from "./helpers.mjs";

const schema = JSON.parse(readFileSync(join(root, "rules/schema.json"), "utf8"));
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

for (const p of packs()) {
  test(`${p.file} matches rules/schema.json`, () => {
    const ok = validate(p.json);
    assert.ok(ok, JSON.stringify(validate.errors, null, 1));
  });
  test(`${p.file}: every rule has examples that must and must not match`, () => {
    for (const r of p.json.rules) {
      assert.ok(r.examples.match.length >= 1 && r.examples.no_match.length >= 1, r.id);
    }
  });
}

test("the schema rejects an unknown category and a missing example list", () => {
  const bad = { pack: "t", rules: [{ id: "x", category: "spam", severity: "error", check: "pattern", message: { ja: "a", en: "b" }, patterns: ["a"], examples: { match: ["a"] } }] };
  assert.equal(validate(bad), false);
  const paths = validate.errors.map((e) => e.instancePath);
  assert.ok(paths.includes("/rules/0/category"), paths.join(","));
  assert.ok(validate.errors.some((e) => e.instancePath === "/rules/0/examples" && e.params.missingProperty === "no_match"));
});

test("the schema requires patterns except on aggregate rules", () => {
  const rule = { id: "x", category: "mlm", severity: "error", check: "pattern", message: { ja: "a", en: "b" }, examples: { match: ["a"], no_match: ["b"] } };
  assert.equal(validate({ pack: "t", rules: [rule] }), false);
  assert.equal(validate({ pack: "t", rules: [{ ...rule, check: "aggregate" }] }), true);
});
