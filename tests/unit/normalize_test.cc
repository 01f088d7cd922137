// The normalized view and its map back to the original text.
#include <gtest/gtest.h>

#include <fstream>
#include <map>

#include "embedded.h"
#include "json_util.h"
#include "normalize.h"
#include "test_util.h"

namespace anshin {
namespace {

struct Case {
  const char* name;
  std::string input;
  std::string normalized;
};

class NormalizeTest : public ::testing::TestWithParam<Case> {};

TEST_P(NormalizeTest, FoldsAsDocumented) {
  const Case& c = GetParam();
  SourceText src(c.input);
  EXPECT_EQ(Normalize(src).text, c.normalized);
}

INSTANTIATE_TEST_SUITE_P(
    Table, NormalizeTest,
    ::testing::Values(
        Case{"ascii_unchanged", "Hello, world 123", "Hello, world 123"},
        Case{"full_width_ascii", "ＬＩＮＥ ＩＤ：ｔａｒｏ１２３", "LINE ID:taro123"},
        Case{"full_width_digits_and_hyphen", "０９０－１２３４－５６７８", "090-1234-5678"},
        Case{"ideographic_space", "ラ\u3000イ\u3000ン", "ライン"},
        Case{"half_width_katakana", "ﾗｲﾝ", "ライン"},
        Case{"half_width_voiced", "ｶﾞｲﾄﾞﾗｲﾝ ﾊﾟｽ", "ガイドライン パス"},
        Case{"hiragana_kept", "らいん", "らいん"},
        Case{"combining_voiced_mark", "か\u3099", "が"},
        Case{"zero_width_removed", "L\u200bI\u200cN\u200dE\ufeff", "LINE"},
        Case{"soft_hyphen_removed", "e\u00admail", "email"},
        Case{"controls_removed_tab_to_space", "a\x01" "b\tc\r\nd", "ab c\nd"},
        Case{"kanji_digits", "〇九〇一二三四五六七八", "09012345678"},
        Case{"short_kanji_numbers_kept", "一緒に三日で", "一緒に三日で"},
        Case{"kana_readings", "ぜろきゅうぜろいちにさん", "090123"},
        Case{"three_readings_kept", "ぜろきゅうぜろ", "ぜろきゅうぜろ"},
        Case{"kana_readings_with_separator", "ぜろはち-いちにさん", "08-123"},
        Case{"few_readings_kept", "いちご", "いちご"},
        Case{"spelled_at_dot", "taro (at) gmail (dot) com", "taro@gmail.com"},
        Case{"at_mark_katakana", "taro アットマーク gmail.com", "taro@gmail.com"},
        Case{"bare_dot_between_ascii", "gmail ドット com", "gmail.com"},
        Case{"english_at_kept", "meet at noon", "meet at noon"},
        Case{"spaced_letters_joined", "L I N E", "LINE"},
        Case{"spaced_kana_joined", "ら い ん", "らいん"},
        Case{"spaced_words_kept", "a big cat", "a big cat"},
        Case{"math_bold", "\U0001D40B\U0001D408\U0001D40D\U0001D404", "LINE"},
        Case{"circled_digits", "①②③", "123"},
        Case{"wave_dash", "1〜3万円", "1~3万円"},
        Case{"long_vowel_between_digits", "090ー1234", "090-1234"},
        Case{"long_vowel_in_word_kept", "ラーメン", "ラーメン"},
        Case{"invalid_utf8", std::string("a\xff" "b"), "a\xEF\xBF\xBD" "b"},
        Case{"empty", "", ""}),
    [](const ::testing::TestParamInfo<Case>& i) { return i.param.name; });

// Every byte of the view maps to a range of the original that contains it, in order.
TEST(NormalizeMap, MapsEveryByteBackInOrder) {
  const std::string input = "😀ＬＩ\u200bＮＥ ぜろきゅうぜろ taro (at) gmail (dot) com ｶﾞ\xff end";
  SourceText src(input);
  const Normalized n = Normalize(src);
  ASSERT_EQ(n.src_begin.size(), n.text.size());
  ASSERT_EQ(n.src_end.size(), n.text.size());
  for (size_t i = 0; i < n.text.size(); ++i) {
    EXPECT_LT(n.src_begin[i], n.src_end[i]);
    EXPECT_LE(n.src_end[i], input.size());
    if (i > 0) EXPECT_LE(n.src_begin[i - 1], n.src_begin[i]);
  }
}

TEST(NormalizeMap, SpanOfFoldedWordCoversZeroWidthInside) {
  const std::string input = "xx L\u200bINE yy";
  SourceText src(input);
  const Normalized n = Normalize(src);
  const size_t b = n.text.find("LINE");
  ASSERT_NE(b, std::string::npos);
  const Span o = n.ToOriginal(b, b + 4);
  EXPECT_EQ(input.substr(o.begin, o.end - o.begin), "L\u200bINE");
}

TEST(NormalizeMap, EmptyAndEndSpans) {
  SourceText src("abc");
  const Normalized n = Normalize(src);
  EXPECT_EQ(n.ToOriginal(1, 1).begin, 1u);
  EXPECT_EQ(n.ToOriginal(1, 1).end, 1u);
  EXPECT_EQ(n.ToOriginal(3, 3).begin, 3u);
}

// --- UTF-8 decoding and UTF-16 offsets -------------------------------------------

TEST(SourceText, Utf16OffsetsCountSurrogatePairs) {
  SourceText s("😀a");  // U+1F600 is two UTF-16 units
  EXPECT_EQ(s.Utf16Length(), 3u);
  EXPECT_EQ(s.Utf16At(0), 0u);
  EXPECT_EQ(s.Utf16At(4), 2u);
  EXPECT_EQ(s.Utf16At(5), 3u);
}

TEST(SourceText, InvalidBytesBecomeOneReplacementEachWithoutShifting) {
  // A truncated 3-byte sequence (one maximal subpart), a byte that is never valid, then x.
  const std::string bytes("\xE3\x81" "\xFF" "x");
  SourceText s(bytes);
  ASSERT_EQ(s.chars().size(), 3u);
  EXPECT_EQ(s.chars()[0].cp, 0xFFFDu);
  EXPECT_EQ(s.chars()[0].end, 2u);
  EXPECT_EQ(s.chars()[1].cp, 0xFFFDu);
  EXPECT_EQ(s.Utf16At(3), 2u);  // 'x' is the third UTF-16 unit, as in a browser's TextDecoder
}

TEST(SourceText, EncodedSurrogatesAreInvalid) {
  const std::string bytes("\xED\xA0\x80");  // CESU-style lone surrogate: ill-formed in UTF-8
  SourceText s(bytes);
  for (const Char& c : s.chars()) EXPECT_EQ(c.cp, 0xFFFDu);
}

// Well-formed text is not decoded: its UTF-16 offsets come from per-block counts. They
// equal the offsets of the decoded characters at every byte, across block boundaries, and
// excerpts equal the sanitized bytes, wherever they are cut.
TEST(SourceText, BlockCountsEqualDecodedOffsets) {
  std::string t;
  for (int i = 0; i < 300; ++i) t += i % 7 == 0 ? "😀" : i % 3 == 0 ? "ab" : i % 5 == 0 ? "é" : "連絡\n";
  for (const std::string& text : {t, t + "\xFF", std::string("x")}) {
    const SourceText s(text);
    std::vector<uint32_t> want(text.size() + 1);
    uint32_t u = 0;
    for (const Char& c : DecodeUtf8(text)) {
      for (uint32_t b = c.begin; b < c.end; ++b) want[b] = u;
      u += c.cp >= 0x10000 ? 2 : 1;
    }
    want[text.size()] = u;
    ASSERT_EQ(s.Utf16Length(), u);
    for (uint32_t b = 0; b <= text.size(); ++b) ASSERT_EQ(s.Utf16At(b), want[b]) << b;
    for (uint32_t b = 0; b < text.size(); b += 5)
      for (uint32_t e = b; e <= text.size() && e < b + 12; ++e)
        ASSERT_EQ(s.Excerpt(b, e), SanitizeUtf8(text.substr(b, e - b))) << b << "-" << e;
  }
}

TEST(SourceText, ExcerptIsValidUtf8) {
  const std::string bytes("a\xC3(b");
  SourceText s(bytes);
  EXPECT_EQ(s.Excerpt(0, 4), "a\xEF\xBF\xBD(b");
}

TEST(FoldPattern, KanaMatchesBothScriptsOutsideClasses) {
  EXPECT_EQ(FoldPattern("らいん"), "[らラ][いイ][んン]");
  EXPECT_EQ(FoldPattern("[^ァ-ヺ]ら"), "[^ァ-ヺ][らラ]");
  EXPECT_EQ(FoldPattern("\\[ら"), "\\[[らラ]");
  EXPECT_EQ(FoldPattern("[]ら]x"), "[]ら]x");
}

// Well-formed patterns take a byte-level path; it equals decoding first, on tricky
// brackets and escapes and on every pattern of the built-in packs.
TEST(FoldPattern, ByteLevelPathEqualsDecoding) {
  std::vector<std::string> patterns = {"[^]ら]ら", "[\\^]ら]ら", "[^\\]]ら", "[]]ら", "\\らら", "ｱｲｳ[ｱ]", "😀ら[😀-😂]", "[^^]ら", "[[]ら]"};
  for (const auto& f : detail::EmbeddedFiles()) {
    if (std::string(f.path).rfind("rules/packs/", 0) != 0) continue;
    const json pack = json::parse(std::string(f.data, f.size));
    for (const auto& r : pack["rules"])
      for (const char* key : {"patterns", "exceptions", "vague"})
        if (r.contains(key))
          for (const auto& p : r[key]) patterns.push_back(p.is_string() ? p.get<std::string>() : p["pattern"].get<std::string>());
    if (pack.contains("defines"))
      for (const auto& d : pack["defines"].items()) patterns.push_back(d.value().get<std::string>());
  }
  EXPECT_GT(patterns.size(), 500u);
  for (const auto& p : patterns) ASSERT_EQ(FoldPattern(p), FoldPatternDecoded(p)) << p;
}

}  // namespace
}  // namespace anshin

namespace anshin {
namespace {

// Reusing a line's normalization wherever the same line occurs (the engine's cache, here
// remembered for the whole test so lines meet again at other offsets) gives exactly the
// view and map of normalizing afresh: on the corpus and on texts where lines meet
// (digits and headings across line breaks, CR LF, voicing marks and long vowels at a line
// start, ill-formed bytes, repeated lines).
TEST(NormalizeByLine, EqualsNormalize) {
  std::vector<std::string> texts = {
      "090\n1234\n5678", "【納期】\n12月15日", "予算：\n 3万円", "1\n \n2", "a\r\nb\r\n", "\n\nx\n",
      "か\n\xE3\x82\x99が", "1\nー2", "L I N\nE", "ゼロキュウゼロ\nイチニサンヨン", "\xE3\x81\n\xFF\xFE", "", "\n",
      "abc", "末尾\n", "（ａｔ）\n ドット com"};
  for (const char* file : {"violations/offsite_transaction.jsonl", "posts/posts.jsonl", "violations/clean.jsonl"}) {
    std::ifstream in(std::string(ANSHIN_SOURCE_DIR) + "/tests/corpus/" + file);
    for (std::string line; std::getline(in, line);)
      if (!line.empty()) texts.push_back(json::parse(line)["text"].get<std::string>());
  }
  std::map<std::string, NormalizedLine> kept;
  size_t reused = 0;
  const LineNormalizer remembered = [&](std::string_view bytes) -> const NormalizedLine& {
    auto it = kept.find(std::string(bytes));
    if (it != kept.end()) { ++reused; return it->second; }
    return kept.emplace(std::string(bytes), NormalizeLine(bytes)).first->second;
  };
  texts.push_back("同じ行\n090\n同じ行\n1234\n同じ行");
  for (const std::string& t : texts) {
    const SourceText src(t);
    const Normalized a = Normalize(src), b = NormalizeByLine(src, remembered);
    ASSERT_EQ(a.text, b.text) << t;
    ASSERT_EQ(a.src_begin, b.src_begin) << t;
    ASSERT_EQ(a.src_end, b.src_end) << t;
    ASSERT_EQ(a.original_size, b.original_size) << t;
  }
  EXPECT_GT(reused, 10u);  // lines were met again, at other offsets
}

}  // namespace
}  // namespace anshin
