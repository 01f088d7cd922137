// Text primitives: UTF-8 decoding with replacement, UTF-8 encoding, and the one
// conversion from byte offsets of the original input to UTF-16 code units.
//
//   anshin::SourceText src(input);          // validates once; decodes only ill-formed input
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

// True when `bytes` is well-formed UTF-8 (what DecodeUtf8 would decode without a U+FFFD
// of its own making).
bool IsValidUtf8(std::string_view bytes);

// The original input and its UTF-16 offsets. It keeps a view of `bytes`, which must
// outlive it. Well-formed input (nearly all of it) is not decoded: UTF-16 offsets come
// from a count per block of kBlock bytes. Ill-formed input is decoded once, so that
// each maximal ill-formed subpart counts as the one U+FFFD a browser shows.
class SourceText {
 public:
  explicit SourceText(std::string_view bytes);

  std::string_view bytes() const { return bytes_; }
  // The decoded characters (decoded on first use).
  const std::vector<Char>& chars() const;

  // UTF-16 offset of the character that starts at (or contains) `byte`; `bytes().size()`
  // maps to the UTF-16 length.
  uint32_t Utf16At(uint32_t byte) const;
  uint32_t Utf16Length() const { return utf16_length_; }

  // The original text of bytes [begin, end) as valid UTF-8 (ill-formed parts as U+FFFD).
  std::string Excerpt(uint32_t begin, uint32_t end) const;

 private:
  static constexpr uint32_t kBlock = 256;
  std::string_view bytes_;
  bool valid_ = true;
  std::vector<uint32_t> block_utf16_;  // well-formed: UTF-16 offset at each block start
  mutable std::vector<Char> chars_;    // ill-formed: decoded in the constructor; else lazily
  mutable bool decoded_ = false;
  std::vector<uint32_t> utf16_begin_;  // ill-formed: per char
  uint32_t utf16_length_ = 0;
};

}  // namespace anshin
