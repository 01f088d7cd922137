// The engine end to end on the built-in packs: spans, exit-relevant severities,
// stage and platform policy, invariants on hostile input.
#include <gtest/gtest.h>

#include <chrono>

#include "test_util.h"

namespace anshin {
namespace {

using testing::DefaultEngine;
using testing::ExpectReportInvariants;
using testing::ToUtf16;

Context Message(Stage stage = Stage::kBeforeEscrow, Mode mode = Mode::kProject, const char* platform = "lancers") {
  Context c;
  c.kind = Kind::kMessage;
  c.stage = stage;
  c.mode = mode;
  c.platform = platform;
  return c;
}

std::u16string Slice(const std::string& text, const Finding& f) { return ToUtf16(text).substr(f.start, f.end - f.start); }

// The issue's acceptance example: spans used as JS string indices cover the contact details.
TEST(Engine, ReportsLineAndPhoneWithUtf16Spans) {
  const std::string text = "😀LINE交換しませんか？090-1234-5678まで";
  const Report r = DefaultEngine().Check(text, Message());
  ExpectReportInvariants(text, r);
  std::vector<std::u16string> got;
  for (const auto& f : r.findings) {
    EXPECT_EQ(f.category, "offsite_transaction");
    got.push_back(Slice(text, f));
  }
  EXPECT_NE(std::find(got.begin(), got.end(), u"LINE交換"), got.end());
  EXPECT_NE(std::find(got.begin(), got.end(), u"090-1234-5678"), got.end());
  EXPECT_TRUE(r.HasError());
  EXPECT_EQ(r.findings.front().start, 2u);  // after the surrogate pair
}

TEST(Engine, CleanMessageHasNoFindings) {
  const Report r = DefaultEngine().Check("ご提案ありがとうございます。納期は12月15日で問題ありません。", Message());
  EXPECT_TRUE(r.findings.empty());
  EXPECT_FALSE(r.HasError());
}

TEST(Engine, ContactAfterEscrowDependsOnPlatformAndMode) {
  const std::string text = "念のため090-1234-5678を緊急連絡先としてお伝えします。";
  auto severity = [&](Context c) {
    const Report r = DefaultEngine().Check(text, c);
    EXPECT_FALSE(r.findings.empty());
    return r.findings.empty() ? Severity::kError : r.findings.front().severity;
  };
  EXPECT_EQ(severity(Message(Stage::kBeforeEscrow)), Severity::kError);
  EXPECT_EQ(severity(Message(Stage::kAfterEscrow)), Severity::kInfo);                       // Lancers project
  EXPECT_EQ(severity(Message(Stage::kAfterEscrow, Mode::kCompetition)), Severity::kError);  // not project mode
  EXPECT_EQ(severity(Message(Stage::kAfterEscrow, Mode::kProject, "crowdworks")), Severity::kWarning);
  EXPECT_EQ(severity(Message(Stage::kAfterEscrow, Mode::kProject, "coconala")), Severity::kError);
}

TEST(Engine, PaymentOutsideIsAnErrorAtEveryStage) {
  const std::string text = "手数料がもったいないので、次回からは直接振込でお願いします。";
  for (Stage s : {Stage::kDraft, Stage::kBeforeEscrow, Stage::kAfterEscrow}) {
    const Report r = DefaultEngine().Check(text, Message(s));
    EXPECT_TRUE(r.HasError()) << Name(s);
  }
}

TEST(Engine, ReportJsonHasSpecKeysInOrder) {
  const std::string json = ReportToJson(DefaultEngine().Check("LINE交換しましょう", Message()));
  EXPECT_EQ(json.rfind(R"({"version":1,"kind":"message","stage":"before_escrow","mode":"project","platform":"lancers","locale":"ja","findings":[{"rule":")", 0), 0u) << json;
  EXPECT_NE(json.find(R"("excerpt":"LINE交換")"), std::string::npos);
}

TEST(Engine, EnglishLocaleGivesEnglishMessages) {
  Context c = Message();
  c.locale = Locale::kEn;
  const Report r = DefaultEngine().Check("Add me on LINE please", c);
  ASSERT_FALSE(r.findings.empty());
  EXPECT_EQ(r.findings[0].message.find("This"), 0u);
}

TEST(Engine, ParseContextJsonNamesTheBadKey) {
  Context c;
  Status st = ParseContextJson(R"({"kind": "tweet"})", DefaultEngine(), &c);
  EXPECT_EQ(st.code, StatusCode::kInvalidArgument);
  EXPECT_EQ(st.pointer, "/kind");
  st = ParseContextJson(R"({"stage": 3})", DefaultEngine(), &c);
  EXPECT_EQ(st.pointer, "/stage");
  st = ParseContextJson(R"({"platform": "fiverr"})", DefaultEngine(), &c);
  EXPECT_EQ(st.pointer, "/platform");
  st = ParseContextJson(R"({"colour": "red"})", DefaultEngine(), &c);
  EXPECT_EQ(st.pointer, "/colour");
  st = ParseContextJson(R"({"kind": "message", "stage": "after_escrow", "platform": "coconala", "locale": "en"})", DefaultEngine(), &c);
  EXPECT_TRUE(st.ok());
  EXPECT_EQ(c.platform, "coconala");
}

// --- hostile input: never crash, offsets always valid --------------------------------

struct Hostile {
  const char* name;
  std::string text;
};

class HostileInput : public ::testing::TestWithParam<Hostile> {};

TEST_P(HostileInput, KeepsInvariants) {
  for (Kind k : {Kind::kPost, Kind::kMessage}) {
    Context c;
    c.kind = k;
    const Report r = DefaultEngine().Check(GetParam().text, c);
    ExpectReportInvariants(GetParam().text, r);
    const std::string json = ReportToJson(r);
    EXPECT_FALSE(json.empty());
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, HostileInput,
    ::testing::Values(
        Hostile{"empty", ""},
        Hostile{"nul_bytes", std::string("LINE\0交換 090\0-1234-5678", 26)},
        Hostile{"invalid_utf8_inside_match", std::string("LI\xffNE交換 090-1234-\xc3" "5678")},
        Hostile{"lone_surrogate_bytes", std::string("\xed\xa0\x80LINE交換\xed\xb0\x80")},
        Hostile{"controls", std::string("\x01\x02\x1b[31mLINE\x7f交換\r\n")},
        Hostile{"emoji_and_combining", "👨‍👩‍👧LINE交換🇯🇵e\u0301 090-1234-5678👍🏽"},
        Hostile{"only_zero_width", "\u200b\u200b\u200b\ufeff"},
        Hostile{"truncated_at_end", std::string("LINE交換\xe3\x81")}),
    [](const ::testing::TestParamInfo<Hostile>& i) { return i.param.name; });

TEST(Engine, LongInputsStayLinear) {
  std::string unit = "ご依頼の件、LINE交換しませんか？090-1234-5678まで。オンラインで対応します。\n";
  std::string small, large;
  for (int i = 0; i < 200; ++i) small += unit;
  for (int i = 0; i < 2000; ++i) large += unit;
  auto time = [](const std::string& t) {
    const auto a = std::chrono::steady_clock::now();
    const Report r = DefaultEngine().Check(t, Context{});
    const auto b = std::chrono::steady_clock::now();
    EXPECT_GT(r.findings.size(), 0u);
    return std::chrono::duration<double>(b - a).count();
  };
  time(small);  // warm up the DFA caches
  const double ts = time(small), tl = time(large);
  // 10x the text may not take 30x the time (a quadratic pass would take ~100x).
  EXPECT_LT(tl, 30 * ts + 0.05) << "small " << ts << "s, large " << tl << "s";
}

TEST(Engine, OneMegabyteLineWithoutBreaks) {
  std::string t(1 << 20, 'a');
  t.replace(500000, 13, "090-1234-5678");
  const Report r = DefaultEngine().Check(t, Message());
  ExpectReportInvariants(t, r);
  ASSERT_EQ(r.findings.size(), 1u);
}

}  // namespace
}  // namespace anshin
