// Shared helpers for the GoogleTest suite.
#pragma once
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "anshin/anshin.h"
#include "text.h"

namespace anshin::testing {

// The engine with the built-in packs, created once.
inline const Engine& DefaultEngine() {
  static std::unique_ptr<Engine> engine = [] {
    auto made = Engine::Create({});
    if (!made.ok()) {
      ADD_FAILURE() << made.status().ToString();
      std::abort();
    }
    return std::move(made.value());
  }();
  return *engine;
}

// UTF-16 code units of `s` (decoded like the engine: ill-formed bytes → U+FFFD).
inline std::u16string ToUtf16(const std::string& s) {
  std::u16string out;
  for (const Char& c : DecodeUtf8(s)) {
    if (c.cp >= 0x10000) {
      out.push_back(static_cast<char16_t>(0xD800 + ((c.cp - 0x10000) >> 10)));
      out.push_back(static_cast<char16_t>(0xDC00 + ((c.cp - 0x10000) & 0x3FF)));
    } else {
      out.push_back(static_cast<char16_t>(c.cp));
    }
  }
  return out;
}

// The invariants every report must satisfy (STYLE.md 4): spans inside the text, on
// UTF-16 boundaries, excerpt equal to the original text at the span, sorted.
inline void ExpectReportInvariants(const std::string& text, const Report& r) {
  const std::u16string u = ToUtf16(text);
  uint32_t prev_start = 0;
  std::string prev_rule;
  for (const Finding& f : r.findings) {
    ASSERT_LE(f.start, f.end) << f.rule;
    ASSERT_LE(f.end, u.size()) << f.rule;
    if (f.start > 0 && f.start < u.size()) EXPECT_FALSE(u[f.start] >= 0xDC00 && u[f.start] <= 0xDFFF) << f.rule << " starts inside a surrogate pair";
    if (f.end > 0 && f.end < u.size()) EXPECT_FALSE(u[f.end] >= 0xDC00 && u[f.end] <= 0xDFFF) << f.rule << " ends inside a surrogate pair";
    EXPECT_EQ(ToUtf16(f.excerpt), u.substr(f.start, f.end - f.start)) << f.rule;
    EXPECT_TRUE(f.start > prev_start || (f.start == prev_start && f.rule >= prev_rule)) << "findings not sorted at " << f.rule;
    prev_start = f.start;
    prev_rule = f.rule;
    EXPECT_FALSE(f.message.empty()) << f.rule;
  }
  for (const ChecklistItem& c : r.checklist) {
    if (c.status == "missing") continue;
    ASSERT_LE(c.start, c.end) << c.field;
    ASSERT_LE(c.end, u.size()) << c.field;
    EXPECT_EQ(ToUtf16(c.value), u.substr(c.start, c.end - c.start)) << c.field;
  }
}

}  // namespace anshin::testing
