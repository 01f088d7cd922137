#!/usr/bin/env node
// Writes seed corpora for the fuzzers from the project's own tests:
//   normalize, check: rule example texts, corpus texts, hostile strings;
//   pack: every rule pack (and a few broken ones); thread: sample threads.
//   node tests/fuzz/make_seeds.mjs OUT_DIR
import { mkdirSync, writeFileSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { allExamples, corpusCases, root } from "../js/helpers.mjs";

const out = process.argv[2] || join(root, "build/fuzz/seeds");
let n = 0;
const put = (dir, data) => { mkdirSync(join(out, dir), { recursive: true }); writeFileSync(join(out, dir, `s${n++}`), data); };

const texts = [...allExamples().map((e) => e.text), ...corpusCases().map((c) => c.text).slice(0, 300),
  "０９０－１２３４－５６７８", "ぜろきゅうぜろいちにさんよんごろくななはち", "taro (at) gmail (dot) com", "Ｌ Ｉ Ｎ Ｅ",
  "\u200bL\u200bI\u200bN\u200bE", "ｶﾞｲﾄﾞﾗｲﾝ", "😀👨‍👩‍👧", "\xff\xfe", "〇九〇一二三四五六七八"];
for (const t of texts) {
  put("normalize", t);
  put("check", Buffer.concat([Buffer.from([n & 0xff]), Buffer.from(t)]));
}
for (const f of readdirSync(join(root, "rules/packs")).filter((f) => f.endsWith(".json")))
  put("pack", readFileSync(join(root, "rules/packs", f)));
put("pack", '{"pack":"x","rules":[{"id":"a","category":"mlm","severity":"error","check":"pattern","message":{"ja":"a","en":"b"},"patterns":["(?P<span>a)"],"examples":{"match":["a"],"no_match":["b"]}}]}');
put("pack", '{"pack":"x","defines":{"d":"{{d}}"},"rules":[]}');
const thread = (msgs) => JSON.stringify({ post: "【納期】12月15日\n【予算】3万円", stage: "after_escrow", me: "client", now: "2026-11-28T10:00:00+09:00", messages: msgs });
put("thread", thread([{ from: "freelancer", at: "2026-11-20T09:00:00+09:00", text: "ご提案です。" }, { from: "client", at: "2026-11-21T09:00:00Z", text: "追加でお願いできますか？電話で話した通りです。" }]));
put("thread", thread([]));
put("thread", '{"messages":[{"from":"bot","at":"x","text":1}]}');
console.log(`seeds written to ${out}`);
