// Text primitives: UTF-8 decoding with replacement, UTF-8 encoding, and the one
// conversion from byte offsets of the original input to UTF-16 code units.
//
//   anshin::SourceText src(input);          // decodes once
//   uint32_t u = src.Utf16At(byte_offset);  // JS string index of that byte
//
// Invalid UTF-8 is decoded the way the WHATWG Encoding Standard (and so a browser's
// TextDecoder) does: each maximal ill-formed subpart becomes one U+FFFD, which is one
// UTF-16 code unit. Later offsets therefore never shift.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace anshin {

// One decoded character of the original input.
struct Char {
  char32_t cp;     // code point; U+FFFD for an ill-formed subpart
  uint32_t begin;  // byte offset in the original input
  uint32_t end;    // one past its last byte
};

// Decodes `bytes` into characters. Never fails.
std::vector<Char> DecodeUtf8(std::string_view bytes);

// Appends the UTF-8 encoding of `cp` to `out`. Surrogates and values beyond
// U+10FFFF are written as U+FFFD.
void AppendUtf8(std::string* out, char32_t cp);

// Returns `bytes` with every ill-formed subpart replaced by U+FFFD: always valid UTF-8.
std::string SanitizeUtf8(std::string_view bytes);

// Terminal column width of a code point (2 for East Asian wide and emoji, 0 for
// combining marks and zero-width characters, 1 otherwise). Used by the text report.
int ColumnWidth(char32_t cp);

// The original input together with its decoding and UTF-16 offsets. It keeps a view of
// `bytes`, which must outlive it.
class SourceText {
 public:
  explicit SourceText(std::string_view bytes);

  std::string_view bytes() const { return bytes_; }
  const std::vector<Char>& chars() const { return chars_; }

  // UTF-16 offset of the character that starts at (or contains) `byte`; `bytes().size()`
  // maps to the UTF-16 length. O(log n).
  uint32_t Utf16At(uint32_t byte) const;
  uint32_t Utf16Length() const { return utf16_length_; }

  // The original text of bytes [begin, end) as valid UTF-8 (ill-formed parts as U+FFFD).
  std::string Excerpt(uint32_t begin, uint32_t end) const;

 private:
  std::string_view bytes_;
  std::vector<Char> chars_;
  std::vector<uint32_t> utf16_begin_;  // per char
  uint32_t utf16_length_ = 0;
};

}  // namespace anshin
