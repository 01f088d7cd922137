// The line cache may only save work: reports with it equal reports without it, on
// first checks, re-checks, edits, and when a line's checklist field was skipped because
// an earlier line had settled it.
#include <gtest/gtest.h>

#include <fstream>

#include "engine_impl.h"
#include "test_util.h"

namespace anshin {
namespace {

const Engine& Uncached() {
  static std::unique_ptr<Engine> e = [] {
    EngineOptions o;
    o.line_cache = false;
    return std::move(Engine::Create(o).value());
  }();
  return *e;
}

std::vector<std::string> Texts(const char* file) {
  std::vector<std::string> out;
  std::ifstream in(std::string(ANSHIN_SOURCE_DIR) + "/tests/corpus/" + file);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(json::parse(line)["text"].get<std::string>());
  return out;
}

std::vector<Context> Contexts() {
  std::vector<Context> cs;
  Context post;
  post.kind = Kind::kPost;
  cs.push_back(post);
  Context msg;
  msg.kind = Kind::kMessage;
  msg.stage = Stage::kBeforeEscrow;
  cs.push_back(msg);
  Context after = msg;
  after.stage = Stage::kAfterEscrow;
  after.platform = "lancers";
  cs.push_back(after);
  return cs;
}

void ExpectSame(const Engine& cached, const std::string& text, const Context& c) {
  ASSERT_EQ(ReportToJson(cached.Check(text, c)), ReportToJson(Uncached().Check(text, c))) << text;
}

TEST(LineCache, SameReportsOnTheCorpusFirstAndAgain) {
  auto made = Engine::Create({});
  const Engine& cached = *made.value();
  auto texts = Texts("posts/posts.jsonl");
  for (auto& t : Texts("violations/offsite_transaction.jsonl")) texts.push_back(t);
  for (const Context& c : Contexts())
    for (int pass = 0; pass < 2; ++pass)
      for (const std::string& t : texts) ExpectSame(cached, t, c);
}

TEST(LineCache, SameReportsWhileTyping) {
  auto made = Engine::Create({});
  const Engine& cached = *made.value();
  const std::string post = Texts("posts/posts.jsonl").at(3);
  Context c;
  c.kind = Kind::kPost;
  // Every prefix on a code point boundary, as if typed character by character.
  for (size_t i = 1; i <= post.size(); ++i) {
    if (i < post.size() && (static_cast<unsigned char>(post[i]) & 0xC0) == 0x80) continue;
    ExpectSame(cached, post.substr(0, i), c);
  }
}

TEST(LineCache, FieldSkippedOnALineIsRunWhenThatLineComesFirst) {
  auto made = Engine::Create({});
  const Engine& cached = *made.value();
  Context c;
  c.kind = Kind::kPost;
  const std::string first = "納期は12月15日です。";
  const std::string second = "納期：1月10日まで、予算は3万円。";
  // The second line is cached while the deadline field was settled by the first.
  ExpectSame(cached, first + "\n" + second, c);
  // Alone, the same line must yield its own deadline.
  ExpectSame(cached, second, c);
  const Report r = cached.Check(second, c);
  bool found = false;
  for (const auto& item : r.checklist)
    if (item.field == "deadline") {
      found = true;
      EXPECT_EQ(item.status, "present");
      EXPECT_NE(item.value.find("1月10日"), std::string::npos) << item.value;
    }
  EXPECT_TRUE(found);
}

TEST(LineCache, ContextsDoNotShareLines) {
  auto made = Engine::Create({});
  const Engine& cached = *made.value();
  const std::string text = "作業開始後にLINEで連絡ください。090-1234-5678";
  for (int pass = 0; pass < 2; ++pass)
    for (const Context& c : Contexts()) ExpectSame(cached, text, c);
}

}  // namespace
}  // namespace anshin
