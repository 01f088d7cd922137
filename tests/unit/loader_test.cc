// Bad rule packs get one clear error naming the file, the JSON pointer and the rule.
#include <gtest/gtest.h>

#include "test_util.h"

namespace anshin {
namespace {

// A valid one-rule pack; tests break one thing at a time.
std::string Pack(const std::string& rule_body, const std::string& extra = "") {
  return R"J({"pack": "t", )J" + extra + R"J("rules": [{"id": "t.rule", "category": "offsite_transaction", "severity": "error",
    "check": "pattern", "message": {"ja": "メッセージ", "en": "message"}, )J" + rule_body + "}]}";
}
const char* kGood = R"J("patterns": ["(?P<span>ふぁっくす)"],
    "examples": {"match": ["ファックスで"], "no_match": ["ふぁいる"]})J";

Status Load(const std::string& json) {
  EngineOptions o;
  o.default_packs = false;
  o.extra.push_back({"test.json", json});
  auto made = Engine::Create(o);
  return made.ok() ? Status{} : made.status();
}

TEST(Loader, AcceptsAValidPack) { EXPECT_TRUE(Load(Pack(kGood)).ok()) << Load(Pack(kGood)).ToString(); }

struct Bad {
  const char* name;
  std::string json;
  StatusCode code;
  const char* pointer;
  const char* says;
};

class LoaderErrors : public ::testing::TestWithParam<Bad> {};

TEST_P(LoaderErrors, NameWhatAndWhere) {
  const Bad& b = GetParam();
  const Status st = Load(b.json);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.code, b.code) << st.ToString();
  EXPECT_EQ(st.file, "test.json");
  EXPECT_EQ(st.pointer, b.pointer) << st.ToString();
  EXPECT_NE(st.message.find(b.says), std::string::npos) << st.ToString();
}

INSTANTIATE_TEST_SUITE_P(
    Table, LoaderErrors,
    ::testing::Values(
        Bad{"malformed_json", "{\"pack\": \"t\",\n \"rules\": [}", StatusCode::kParseError, "@2:12", "invalid JSON"},
        Bad{"not_an_object", "[]", StatusCode::kSchemaError, "/", "expected an object"},
        Bad{"missing_rules", R"J({"pack": "t"})J", StatusCode::kSchemaError, "/rules", "missing required key"},
        Bad{"unknown_top_key", R"J({"pack": "t", "rules": [], "rulez": 1})J", StatusCode::kSchemaError, "/rulez", "unknown key"},
        Bad{"unknown_category",
            R"J({"pack":"t","rules":[{"id":"x","category":"spam","severity":"error","check":"pattern","message":{"ja":"a","en":"b"},"patterns":["a"],"examples":{"match":["a"],"no_match":["b"]}}]})J",
            StatusCode::kSchemaError, "/rules/0/category", "unknown category"},
        Bad{"bad_severity",
            R"J({"pack":"t","rules":[{"id":"x","category":"mlm","severity":"fatal","check":"pattern","message":{"ja":"a","en":"b"},"patterns":["a"],"examples":{"match":["a"],"no_match":["b"]}}]})J",
            StatusCode::kSchemaError, "/rules/0/severity", "unknown severity"},
        Bad{"invalid_re2", Pack(R"J("patterns": ["(unclosed"], "examples": {"match": ["a"], "no_match": ["b"]})J"),
            StatusCode::kPatternError, "/rules/0/patterns/0", "missing )"},
        Bad{"pattern_too_big", Pack(R"J("patterns": ["(?:(?:a{100}){100}){100}"], "examples": {"match": ["a"], "no_match": ["b"]})J"),
            StatusCode::kPatternError, "/rules/0/patterns/0", "pattern"},
        Bad{"unnamed_capture", Pack(R"J("patterns": ["(a)"], "examples": {"match": ["a"], "no_match": ["b"]})J"),
            StatusCode::kPatternError, "/rules/0/patterns/0", "(?:...)"},
        Bad{"full_width_in_pattern", Pack(R"J("patterns": ["ＬＩＮＥ"], "examples": {"match": ["a"], "no_match": ["b"]})J"),
            StatusCode::kPatternError, "/rules/0/patterns/0", "full-width"},
        Bad{"unknown_define", Pack(R"J("patterns": ["{{nope}}"], "examples": {"match": ["a"], "no_match": ["b"]})J"),
            StatusCode::kPatternError, "/rules/0/patterns/0", "unknown define"},
        Bad{"no_examples", Pack(R"J("patterns": ["a"], "examples": {"match": [], "no_match": ["b"]})J"),
            StatusCode::kSchemaError, "/rules/0/examples/match", "examples"},
        Bad{"examples_missing", Pack(R"J("patterns": ["a"])J"), StatusCode::kSchemaError, "/rules/0/examples", "missing required key"},
        Bad{"bad_example_stage", Pack(R"J("patterns": ["a"], "examples": {"match": [{"text": "a", "stage": "later"}], "no_match": ["b"]})J"),
            StatusCode::kSchemaError, "/rules/0/examples/match/0/stage", "unknown stage"},
        Bad{"excerpt_not_in_text", Pack(R"J("patterns": ["a"], "examples": {"match": [{"text": "a", "excerpt": "zz"}], "no_match": ["b"]})J"),
            StatusCode::kSchemaError, "/rules/0/examples/match/0/excerpt", "does not occur"},
        Bad{"wrong_type", Pack(R"J("patterns": "a", "examples": {"match": ["a"], "no_match": ["b"]})J"),
            StatusCode::kSchemaError, "/rules/0/patterns", "expected an array"},
        Bad{"unknown_policy", Pack(std::string(R"J("policy": "teleport", )J") + kGood), StatusCode::kSchemaError, "/rules/0/policy",
            "not defined"},
        Bad{"replacement_on_pattern", Pack(std::string(R"J("replacement": {"ja": "a", "en": "b"}, )J") + kGood),
            StatusCode::kSchemaError, "/rules/0/replacement", "only substitution"}),
    [](const ::testing::TestParamInfo<Bad>& i) { return i.param.name; });

TEST(Loader, DuplicateIdsNameBothPlaces) {
  EngineOptions o;
  o.default_packs = false;
  o.extra.push_back({"a.json", Pack(kGood)});
  o.extra.push_back({"b.json", Pack(kGood)});
  auto made = Engine::Create(o);
  ASSERT_FALSE(made.ok());
  EXPECT_EQ(made.status().code, StatusCode::kDuplicateRule);
  EXPECT_EQ(made.status().file, "b.json");
  EXPECT_EQ(made.status().rule, "t.rule");
  EXPECT_NE(made.status().message.find("a.json"), std::string::npos);
}

TEST(Loader, DefineConflictsAreErrors) {
  EngineOptions o;
  o.default_packs = false;
  o.extra.push_back({"a.json", R"J({"pack": "a", "defines": {"x": "a"}, "rules": []})J"});
  o.extra.push_back({"b.json", R"J({"pack": "b", "defines": {"x": "b"}, "rules": []})J"});
  auto made = Engine::Create(o);
  ASSERT_FALSE(made.ok());
  EXPECT_EQ(made.status().pointer, "/defines/x");
}

TEST(Loader, AnExtraPackWhoseExampleFailsDoesNotLoad) {
  EngineOptions o;
  o.extra.push_back({"mine.json", Pack(R"J("patterns": ["(?P<span>ふぁっくす)"],
      "examples": {"match": ["ふぁっくす"], "no_match": ["ふぁっくすで"]})J")});
  auto made = Engine::Create(o);
  ASSERT_FALSE(made.ok());
  EXPECT_EQ(made.status().code, StatusCode::kExampleFailed);
  EXPECT_EQ(made.status().file, "mine.json");
  EXPECT_EQ(made.status().pointer, "/rules/0/examples/no_match/0");
  EXPECT_EQ(made.status().rule, "t.rule");
}

TEST(Loader, FailingExampleIsReportedByTestExamples) {
  EngineOptions o;
  o.default_packs = false;
  o.verify_extra_examples = false;
  o.extra.push_back({"test.json", Pack(R"J("patterns": ["(?P<span>ふぁっくす)"],
      "examples": {"match": ["でんわ"], "no_match": ["ふぁっくす"]})J")});
  auto made = Engine::Create(o);
  ASSERT_TRUE(made.ok()) << made.status().ToString();
  size_t n = 0;
  const auto failures = made.value()->TestExamples(&n);
  EXPECT_EQ(n, 2u);
  ASSERT_EQ(failures.size(), 2u);
  EXPECT_EQ(failures[0].pointer, "/rules/0/examples/match/0");
  EXPECT_EQ(failures[1].pointer, "/rules/0/examples/no_match/0");
}

TEST(Loader, BadPlatformPolicyIsNamed) {
  EngineOptions o;
  o.platforms_json = R"J({"version": 1, "platforms": {"x": {"name": {"ja": "x", "en": "x"}, "policies": {}, "followup": {}}}})J";
  auto made = Engine::Create(o);
  ASSERT_FALSE(made.ok());
  EXPECT_EQ(made.status().pointer, "/platforms/x/followup/remind_after_days");
}

TEST(Loader, StatusToStringNamesEverything) {
  const Status st = Status::Error(StatusCode::kPatternError, "invalid RE2 pattern: missing )", "/rules/3/patterns/0", "p.json", "a.b");
  EXPECT_EQ(st.ToString(), "p.json: /rules/3/patterns/0 (rule a.b): invalid RE2 pattern: missing )");
}

}  // namespace
}  // namespace anshin
