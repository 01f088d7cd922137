// The atom prefilter (atoms.h) may only ever skip work, never a match: on every rule
// example and every corpus text, each pattern and exception that RE2 finds must have
// been let through. Plus the analyzer's reading of patterns, checked against RE2.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "atoms.h"
#include "engine_impl.h"
#include "test_util.h"

namespace anshin {
namespace {

std::vector<std::string> CorpusTexts() {
  std::vector<std::string> texts;
  for (const char* name : {"violations/clean.jsonl", "violations/external_tos.jsonl", "violations/mlm.jsonl",
                           "violations/offsite_transaction.jsonl", "violations/other_violation.jsonl",
                           "violations/stealth_marketing.jsonl", "violations/uncertain_pay.jsonl", "posts/posts.jsonl"}) {
    std::ifstream in(std::string(ANSHIN_SOURCE_DIR) + "/tests/corpus/" + name);
    EXPECT_TRUE(in.good()) << name;
    for (std::string line; std::getline(in, line);)
      if (!line.empty()) texts.push_back(json::parse(line)["text"].get<std::string>());
  }
  return texts;
}

TEST(Prefilter, NeverDropsAMatchOnTheCorpus) {
  const Engine& e = testing::DefaultEngine();
  const auto texts = CorpusTexts();
  ASSERT_GT(texts.size(), 500u);
  for (const std::string& t : texts) {
    const std::string problem = e.VerifyPrefilter(t);
    ASSERT_EQ(problem, "") << t;
  }
}

TEST(Prefilter, NeverDropsAMatchOnRuleExamples) {
  const Engine& e = testing::DefaultEngine();
  // The examples' texts, by way of the packs' JSON.
  size_t n = 0;
  for (const char* pack : {"advice", "budget", "external_tos", "mlm", "offsite_transaction", "other_violation",
                           "requirements", "stealth_marketing", "uncertain_pay", "vague", "thread"}) {
    std::ifstream in(std::string(ANSHIN_SOURCE_DIR) + "/rules/packs/" + pack + ".json");
    std::stringstream ss;
    ss << in.rdbuf();
    const json j = json::parse(ss.str());
    for (const auto& rule : j["rules"])
      for (const char* side : {"match", "no_match"}) {
        if (!rule["examples"].contains(side)) continue;
        for (const auto& ex : rule["examples"][side]) {
          ++n;
          const std::string text = ex.is_string() ? ex.get<std::string>() : ex["text"].get<std::string>();
          ASSERT_EQ(e.VerifyPrefilter(text), "") << rule["id"];
        }
      }
  }
  EXPECT_GT(n, 900u);
}

TEST(Prefilter, HostileSpellingsStillReachTheirPatterns) {
  const Engine& e = testing::DefaultEngine();
  for (const char* t : {"らいんIDおしえて", "ＬＩＮＥのＩＤ", "ﾗｲﾝ交換しましょう", "KELVIN \xE2\x84\xAA and \xC5\xBF", "line\n\nID",
                        "連絡はＬ Ｉ Ｎ Ｅで", "ゼロキュウゼロ いちにさんよん ごろくななはち"})
    EXPECT_EQ(e.VerifyPrefilter(t), "") << t;
}

TEST(Prefilter, AllBuiltInPatternsCompile) {
  EXPECT_TRUE(testing::DefaultEngine().CompileAll().ok());
}

TEST(AnalyzePattern, GroupsAgreeWithRe2) {
  for (const char* p : {"(?P<span>a)(b)", "(?:x)(?P<value>y(?P<span>z))", "\\(not a group\\)(?P<amount>[0-9]+)",
                        "[(](?P<span>q)", "(?i)(?P<count>\\d+)", "a{2,3}(?P<span>b)"}) {
    RE2 re(p);
    ASSERT_TRUE(re.ok()) << p;
    const PatternShape s = AnalyzePattern(p);
    ASSERT_TRUE(s.read) << p;
    EXPECT_EQ(s.groups, re.NumberOfCapturingGroups()) << p;
    EXPECT_EQ(s.named, re.NamedCapturingGroups()) << p;
  }
}

std::string Describe(const Requirement& r) {
  switch (r.kind) {
    case Requirement::kAny: return "any";
    case Requirement::kAtom: return r.atom;
    default: {
      std::string out = r.kind == Requirement::kAnd ? "AND(" : "OR(";
      for (size_t i = 0; i < r.kids.size(); ++i) out += (i ? " " : "") + Describe(r.kids[i]);
      return out + ")";
    }
  }
}

TEST(AnalyzePattern, RequirementsFoldCaseAndKana) {
  EXPECT_EQ(Describe(AnalyzePattern("[らラ][いイ][んン]").need), "ライン");
  EXPECT_EQ(Describe(AnalyzePattern("LINE[ ]?ID").need), "OR(lineid line id)");
  EXPECT_EQ(Describe(AnalyzePattern("[a-z]+\\.zoom\\.us/").need), ".zoom.us/");
  EXPECT_EQ(Describe(AnalyzePattern("連絡[^。]{0,20}(?:LINE|メール)").need), "AND(連絡 OR(line メール))");
  EXPECT_EQ(Describe(AnalyzePattern("[^a-z]x?").need), "any");
  EXPECT_EQ(Describe(AnalyzePattern("(?:a|bb)+c").need), "any");  // "a" alone is too short
  EXPECT_FALSE(AnalyzePattern("(?P=name)").read);
}

// A span group around the whole pattern is the whole match, and is not read by RE2.
TEST(AnalyzePattern, SeesAGroupAroundTheWholePattern) {
  for (const char* p : {"(?P<span>a|b)", "(a)", "(?P<span>[)]x)", "(?P<span>a\\))", "(?P<span>(?:x)(y))", "(?<span>ab)"})
    EXPECT_TRUE(AnalyzePattern(p).whole_group) << p;
  for (const char* p : {"(?P<span>a)|b", "(?P<span>a)b", "(?:x)(?P<span>a)", "(?:ab)", "(a)(b)", "x(a)", "[(]a)"})
    EXPECT_FALSE(AnalyzePattern(p).whole_group) << p;
}

TEST(AtomMatcher, FindsOverlappingAtoms) {
  AtomMatcher m;
  m.Build({"he", "she", "his", "hers"});
  std::vector<int> hits;
  const std::string text = "ushers";
  m.Scan(text.data(), text.size(), [&](int32_t a) { hits.push_back(a); });
  std::sort(hits.begin(), hits.end());
  EXPECT_EQ(hits, (std::vector<int>{0, 1, 3}));
}

TEST(FoldForAtoms, KeepsByteOffsets) {
  const std::string t = "ライン らいん LINE ゔ";
  const std::string f = FoldForAtoms(t);
  EXPECT_EQ(f.size(), t.size());
  EXPECT_EQ(f, "ライン ライン line ヴ");
}


// The report writer escapes strings itself; it must match nlohmann's dump byte for byte.
TEST(AppendJsonString, MatchesNlohmann) {
  for (const std::string s : {std::string("plain"), std::string("引用\"と\\逆斜線"), std::string("tab\there\nnew\rret"),
                              std::string("\x01\x1f\x7f ctrl"), std::string("\b\f"), std::string("絵文字😀"), std::string()}) {
    std::string mine;
    AppendJsonString(&mine, s);
    EXPECT_EQ(mine, Dump(ojson(s))) << s;
  }
  // Eight bytes are scanned at a time: every byte value at every position of a word,
  // among ASCII and among multi-byte UTF-8.
  for (const std::string filler : {std::string("abcdefghijklmnopq"), std::string("かきくけこさしすせそ")}) {
    const size_t step = filler[0] == 'a' ? 1 : 3;  // insert on character boundaries
    for (int c = 1; c < 0x80; ++c)
      for (size_t at = 0; at <= filler.size(); at += step) {
        std::string s = filler;
        s.insert(at, 1, static_cast<char>(c));
        std::string mine;
        AppendJsonString(&mine, s);
        ASSERT_EQ(mine, Dump(ojson(s))) << c << " at " << at;
      }
  }
}


// RE2 matches "k" with U+212A KELVIN SIGN and "s" with U+017F LONG S, which the atom view
// cannot see: on such a line every exception must run, unfiltered.
TEST(Prefilter, ExceptionsRunOnLinesWithAsciiCaseTwins) {
  EngineOptions o;
  o.default_packs = false;
  o.verify_extra_examples = false;
  o.extra.push_back({"kelvin.json", R"({"pack": "kelvin", "rules": [{
    "id": "test.kelvin", "category": "other_violation", "severity": "warning", "check": "pattern",
    "patterns": ["foo"], "exceptions": [{"pattern": "kbar", "scope": "sentence"}],
    "message": {"ja": "x", "en": "x"},
    "examples": {"match": ["foo"], "no_match": ["foo kbar"]}}]})"});
  for (bool cache : {true, false}) {
    o.line_cache = cache;
    auto made = Engine::Create(o);
    ASSERT_TRUE(made.ok()) << made.status().ToString();  // NOLINT
    Context c;
    c.kind = Kind::kMessage;
    EXPECT_EQ(made.value()->Check("foo", c).findings.size(), 1u);
    EXPECT_EQ(made.value()->Check("foo kbar", c).findings.size(), 0u);
    EXPECT_EQ(made.value()->Check("foo \xE2\x84\xAA" "bar", c).findings.size(), 0u) << "cache " << cache;
    EXPECT_EQ(made.value()->Check("abc\nfoo \xE2\x84\xAA" "bar", c).findings.size(), 0u) << "cache " << cache;
  }
}


TEST(CompileSome, CompilesEverythingInSlicesWithoutChangingReports) {
  auto made = Engine::Create({});
  const Engine& e = *made.value();
  Context c;
  c.kind = Kind::kPost;
  const std::string text = "【納期】12月15日\n予算：3万円\nLINEで連絡ください";
  const std::string before = ReportToJson(e.Check(text, c));
  size_t left = e.CompileSome(100), prev = SIZE_MAX;
  EXPECT_GT(left, 0u);
  while (left > 0) {
    ASSERT_LT(left, prev);
    prev = left;
    left = e.CompileSome(100);
  }
  EXPECT_EQ(e.CompileSome(100), 0u);
  EXPECT_EQ(ReportToJson(e.Check(text, c)), before);
}

}  // namespace
}  // namespace anshin
