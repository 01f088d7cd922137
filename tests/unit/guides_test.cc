// clarify and followup over realistic threads, and every way a thread can be malformed.
#include <gtest/gtest.h>

#include <chrono>

#include "engine_impl.h"
#include "json_util.h"
#include "test_util.h"

namespace anshin {
namespace {

using testing::DefaultEngine;

json Guide(bool clarify, const std::string& thread, const std::string& now = "", Locale l = Locale::kJa) {
  auto r = clarify ? DefaultEngine().Clarify(thread, l) : DefaultEngine().Followup(thread, now, l);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  if (!r.ok()) return json();
  json j;
  EXPECT_TRUE(ParseJson(r.value(), "", &j).ok());
  return j;
}

std::string Thread(const std::string& messages, const std::string& extra = "") {
  return R"J({"post": "【依頼】コーポレートサイトのトップページ制作\n【納期】12月15日\n【予算】5万円\n修正は2回まで、デザインカンプ通りに表示されることを検収条件とします。", )J" +
         extra + R"J("messages": [)J" + messages + "]}";
}

// --- timestamps ------------------------------------------------------------------------

TEST(Timestamp, ParsesZonesAndRejectsAmbiguity) {
  int64_t t = 0;
  int off = 0;
  ASSERT_TRUE(ParseTimestamp("2026-11-28T10:00:00+09:00", &t, &off));
  EXPECT_EQ(off, 540);
  int64_t z = 0;
  ASSERT_TRUE(ParseTimestamp("2026-11-28T01:00:00Z", &z, &off));
  EXPECT_EQ(t, z);
  ASSERT_TRUE(ParseTimestamp("2026-11-27T20:00:00-0500", &z, &off));
  EXPECT_EQ(t, z);
  EXPECT_TRUE(ParseTimestamp("2026-11-28T10:00+09:00", &z, &off));
  EXPECT_TRUE(ParseTimestamp("2026-11-28T10:00:00.123Z", &z, &off));
  EXPECT_TRUE(ParseTimestamp("2024-02-29T00:00:00Z", &z, &off));
  for (const char* bad : {"2026-11-28T10:00:00", "2026-11-28", "2026-02-30T10:00:00Z", "2025-02-29T00:00:00Z",
                          "2026-13-01T00:00:00Z", "2026-11-28T25:00:00Z", "yesterday", "", "2026-11-28T10:00:00+9",
                          "2026-11-28T10:00:00Z trailing"})
    EXPECT_FALSE(ParseTimestamp(bad, &z, &off)) << bad;
}

// --- malformed threads --------------------------------------------------------------

struct BadThread {
  const char* name;
  std::string json;
  StatusCode code;
  const char* pointer;
  const char* says;
};

class MalformedThread : public ::testing::TestWithParam<BadThread> {};

TEST_P(MalformedThread, OneClearError) {
  const BadThread& b = GetParam();
  for (bool clarify : {true, false}) {
    auto r = clarify ? DefaultEngine().Clarify(b.json, Locale::kJa) : DefaultEngine().Followup(b.json, "2026-11-28T10:00:00+09:00", Locale::kJa);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code, b.code) << r.status().ToString();
    EXPECT_EQ(r.status().pointer, b.pointer) << r.status().ToString();
    EXPECT_NE(r.status().message.find(b.says), std::string::npos) << r.status().ToString();
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, MalformedThread,
    ::testing::Values(
        BadThread{"bad_json", "{\"post\": \"x\",\n \"messages\": [", StatusCode::kParseError, "@2:15", "invalid JSON"},
        BadThread{"not_object", "[1,2]", StatusCode::kInvalidArgument, "/", "JSON object"},
        BadThread{"no_messages", R"({"post": "x"})", StatusCode::kInvalidArgument, "/messages", "missing"},
        BadThread{"messages_not_array", R"({"messages": {}})", StatusCode::kInvalidArgument, "/messages", "array"},
        BadThread{"unknown_sender", R"({"messages": [{"from": "bot", "at": "2026-11-20T09:00:00+09:00", "text": "x"}]})",
                  StatusCode::kInvalidArgument, "/messages/0/from", "unknown sender"},
        BadThread{"bad_timestamp", R"({"messages": [{"from": "client", "at": "2026-11-20T09:00:00+09:00", "text": "a"}, {"from": "client", "at": "11/20 9:00", "text": "x"}]})",
                  StatusCode::kInvalidArgument, "/messages/1/at", "ISO 8601"},
        BadThread{"timestamp_without_zone", R"({"messages": [{"from": "client", "at": "2026-11-20T09:00:00", "text": "x"}]})",
                  StatusCode::kInvalidArgument, "/messages/0/at", "time zone"},
        BadThread{"text_not_string", R"({"messages": [{"from": "client", "at": "2026-11-20T09:00:00Z", "text": 3}]})",
                  StatusCode::kInvalidArgument, "/messages/0/text", "string"},
        BadThread{"unknown_key", R"({"messages": [], "mesage": []})", StatusCode::kInvalidArgument, "/mesage", "unknown key"},
        BadThread{"unknown_stage", R"({"stage": "done", "messages": []})", StatusCode::kInvalidArgument, "/stage", "unknown stage"},
        BadThread{"unknown_platform", R"({"platform": "upwork", "messages": []})", StatusCode::kInvalidArgument, "/platform", "unknown platform"},
        BadThread{"unknown_me", R"({"me": "boss", "messages": []})", StatusCode::kInvalidArgument, "/me", "unknown party"}),
    [](const ::testing::TestParamInfo<BadThread>& i) { return i.param.name; });

TEST(Followup, NeedsNow) {
  auto r = DefaultEngine().Followup(R"({"messages": []})", "", Locale::kJa);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().pointer, "/now");
}

// --- followup -----------------------------------------------------------------------

TEST(Followup, RemindAfterADayOfSilence) {
  const json j = Guide(false, Thread(R"J({"from": "freelancer", "at": "2026-11-20T09:00:00+09:00", "text": "初稿をお送りしました。ご確認ください。"},
      {"from": "client", "at": "2026-11-21T10:00:00+09:00", "text": "ありがとうございます。確認します。"},
      {"from": "freelancer", "at": "2026-11-24T10:00:00+09:00", "text": "ご確認いただけましたでしょうか。"})J", R"("me": "freelancer", )"),
      "2026-11-26T12:00:00+09:00");
  EXPECT_EQ(j["version"], 1);
  EXPECT_EQ(j["waiting_on"], "client");
  EXPECT_EQ(j["days_silent"], 2);
  ASSERT_EQ(j["unanswered"].size(), 1u);
  EXPECT_EQ(j["unanswered"][0]["message"], 2);
  EXPECT_EQ(j["next_step"], "remind");
  EXPECT_NE(j["template"].get<std::string>().find("11月24日"), std::string::npos);
  EXPECT_EQ(j["prevention"].size(), 3u);
}

TEST(Followup, WaitWhenItIsTooSoon) {
  const json j = Guide(false, Thread(R"J({"from": "client", "at": "2026-11-28T08:00:00+09:00", "text": "修正点をお送りします。"})J"),
                     "2026-11-28T18:00:00+09:00");
  EXPECT_EQ(j["next_step"], "wait");
  EXPECT_EQ(j["days_silent"], 0);
  EXPECT_EQ(j["waiting_on"], "freelancer");
}

TEST(Followup, PlatformReminderAfterSeveralRemindersAndAWeek) {
  const json j = Guide(false, Thread(R"J({"from": "client", "at": "2026-11-10T09:00:00+09:00", "text": "進捗はいかがですか？"},
      {"from": "client", "at": "2026-11-12T09:00:00+09:00", "text": "ご確認いただけますでしょうか。"},
      {"from": "client", "at": "2026-11-14T09:00:00+09:00", "text": "再度のご連絡失礼いたします。"})J", R"("me": "client", )"),
      "2026-11-22T09:00:00+09:00");
  EXPECT_EQ(j["next_step"], "platform_reminder");
  EXPECT_EQ(j["unanswered"].size(), 3u);
  EXPECT_NE(j["next_step_text"].get<std::string>().find("連絡催促申請"), std::string::npos);
}

TEST(Followup, SupportAfterLongSilence) {
  const json j = Guide(false, Thread(R"J({"from": "client", "at": "2026-11-01T09:00:00+09:00", "text": "進捗はいかがですか？"},
      {"from": "client", "at": "2026-11-03T09:00:00+09:00", "text": "ご確認いただけますでしょうか。"},
      {"from": "client", "at": "2026-11-05T09:00:00+09:00", "text": "再度のご連絡失礼いたします。"})J"),
      "2026-11-28T09:00:00+09:00");
  EXPECT_EQ(j["next_step"], "support");
  EXPECT_NE(j["template"].get<std::string>().find("依頼詳細ページのURL"), std::string::npos);
}

TEST(Followup, WhenTheOtherSideWroteLastTheReplyIsOurs) {
  const json j = Guide(false, Thread(R"J({"from": "client", "at": "2026-11-20T09:00:00+09:00", "text": "修正をお願いします。"})J", R"("me": "freelancer", )"),
                     "2026-11-25T09:00:00+09:00");
  EXPECT_EQ(j["waiting_on"], "freelancer");
  EXPECT_EQ(j["next_step"], "wait");
  EXPECT_NE(j["next_step_text"].get<std::string>().find("あなたの返信"), std::string::npos);
}

TEST(Followup, AFinishedJobWaitsOnNobody) {
  const json j = Guide(false, Thread(R"J({"from": "client", "at": "2026-11-20T09:00:00+09:00", "text": "検収完了しました。ありがとうございました。"})J"),
                     "2026-11-28T09:00:00+09:00");
  EXPECT_EQ(j["waiting_on"], "none");
  EXPECT_TRUE(j["unanswered"].empty());
}

TEST(Followup, TimeZonesAreHonoured) {
  // 23:30 in New York on the 20th is 13:30 on the 21st in Tokyo: 0 whole days before 09:00 on the 22nd JST.
  const json j = Guide(false, Thread(R"J({"from": "client", "at": "2026-11-20T23:30:00-05:00", "text": "Any update?"})J"),
                     "2026-11-22T09:00:00+09:00");
  EXPECT_EQ(j["days_silent"], 0);
  const json k = Guide(false, Thread(R"J({"from": "client", "at": "2026-11-20T23:30:00+09:00", "text": "Any update?"})J"),
                     "2026-11-22T09:00:00+09:00");
  EXPECT_EQ(k["days_silent"], 1);
}

TEST(Followup, UnsortedMessagesAreSortedNotRejected) {
  const json j = Guide(false, Thread(R"J({"from": "client", "at": "2026-11-24T09:00:00+09:00", "text": "ご確認ください。"},
      {"from": "freelancer", "at": "2026-11-20T09:00:00+09:00", "text": "初稿です。"})J"),
      "2026-11-26T09:00:00+09:00");
  EXPECT_EQ(j["waiting_on"], "freelancer");
  ASSERT_EQ(j["unanswered"].size(), 1u);
  EXPECT_EQ(j["unanswered"][0]["message"], 0);  // indices refer to the input order
}

TEST(Followup, PlatformTimelinesComeFromPolicy) {
  const std::string msgs = R"J({"from": "client", "at": "2026-11-20T09:00:00+09:00", "text": "a"},
      {"from": "client", "at": "2026-11-21T09:00:00+09:00", "text": "b"})J";
  // Coconala asks for the platform after 2 unanswered messages and 3 days; Lancers wants 3 and 7.
  EXPECT_EQ(Guide(false, Thread(msgs, R"("platform": "coconala", )"), "2026-11-25T09:00:00+09:00")["next_step"], "platform_reminder");
  EXPECT_EQ(Guide(false, Thread(msgs, R"("platform": "lancers", )"), "2026-11-25T09:00:00+09:00")["next_step"], "remind");
}

// --- clarify ------------------------------------------------------------------------

TEST(Clarify, FindsChangesVerbalAgreementsAndTheWaysOut) {
  const std::string text = "先ほどのZoomでお話しした通り、ヘッダーは青系でお願いします。追加でお問い合わせページもお願いできますか？";
  const json j = Guide(true, Thread(R"J({"from": "freelancer", "at": "2026-11-20T09:00:00+09:00", "text": "ご提案です。5万円・12月15日納品で対応いたします。"},
      {"from": "client", "at": "2026-11-22T10:00:00+09:00", "text": ")J" + text + R"J("})J"));
  EXPECT_EQ(j["version"], 1);
  ASSERT_EQ(j["changes"].size(), 1u);
  EXPECT_EQ(j["changes"][0]["message"], 1);
  ASSERT_EQ(j["verbal"].size(), 1u);
  const std::u16string u = testing::ToUtf16(text);
  const json& v = j["verbal"][0];
  EXPECT_EQ(testing::ToUtf16(v["excerpt"].get<std::string>()), u.substr(v["start"].get<size_t>(), v["end"].get<size_t>() - v["start"].get<size_t>()));
  ASSERT_EQ(j["facts"]["request"].size(), 1u);
  EXPECT_EQ(j["facts"]["request"][0]["source"], "post");
  ASSERT_EQ(j["facts"]["proposal"].size(), 1u);
  EXPECT_EQ(j["facts"]["proposal"][0]["source"], 0);
  ASSERT_EQ(j["resolutions"].size(), 4u);
  EXPECT_EQ(j["resolutions"][0]["id"], "extend_deadline");
  EXPECT_EQ(j["resolutions"][1]["id"], "change_requirements_and_close");
  EXPECT_EQ(j["resolutions"][2]["id"], "adr");
  EXPECT_EQ(j["resolutions"][3]["id"], "court");
  EXPECT_NE(j["summary"].get<std::string>().find("【合意内容の確認】"), std::string::npos);
  for (const char* key : {"facts", "changes", "verbal", "conflicts", "questions", "summary", "resolutions"}) EXPECT_TRUE(j.contains(key)) << key;
}

TEST(Clarify, EnglishThread) {
  const json j = Guide(true, R"J({"post": "Need a landing page. Deadline: Dec 15. Budget: $500.", "messages": [
      {"from": "client", "at": "2026-11-22T10:00:00Z", "text": "As discussed on the call, can you also add a pricing section?"}]})J",
                     "", Locale::kEn);
  EXPECT_EQ(j["verbal"].size(), 1u);
  EXPECT_EQ(j["changes"].size(), 1u);
  EXPECT_EQ(j["resolutions"][2]["text"].get<std::string>().find("If talks fail"), 0u);
}

TEST(Guides, FiveHundredMessages) {
  std::string msgs;
  for (int i = 0; i < 500; ++i) {
    char at[64];
    snprintf(at, sizeof at, "2026-%02d-%02dT%02d:00:00+09:00", 1 + (i / 28) % 12, 1 + i % 28, i % 24);
    msgs += std::string(i ? "," : "") + R"({"from": ")" + (i % 3 ? "client" : "freelancer") + R"(", "at": ")" + at +
            R"(", "text": "進捗を共有します。追加でバナーもお願いできますか？先ほどの電話で話した通りです。"})";
  }
  const auto a = std::chrono::steady_clock::now();
  const json c = Guide(true, Thread(msgs));
  const json f = Guide(false, Thread(msgs), "2026-12-31T09:00:00+09:00");
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - a).count();
  EXPECT_EQ(c["changes"].size(), 500u);
  EXPECT_EQ(c["verbal"].size(), 500u);
  EXPECT_NE(f["waiting_on"], "none");
  EXPECT_LT(secs, 10.0);
}

}  // namespace
}  // namespace anshin
