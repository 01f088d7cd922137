// The normalized view that rules match against, and its map back to the original.
//
//   anshin::SourceText src(input);
//   anshin::Normalized norm = anshin::Normalize(src);
//   // ... RE2 finds [s, e) in norm.text ...
//   anshin::Span orig = norm.ToOriginal(s, e);   // bytes of the original input
//
// What the view folds, in order (each step keeps, for every output byte, the range of
// original bytes it came from, so any match maps back exactly):
//   1. removal: zero-width characters (U+200B..U+200F, U+2060..U+2064, U+FEFF, U+00AD),
//      C0/C1 controls other than tab and newline (tab becomes a space, CR is dropped);
//   2. width: full-width ASCII to ASCII, U+3000 to space, half-width katakana (with
//      their voiced marks) to full-width; mathematical alphanumerics (𝐋𝐈𝐍𝐄), circled
//      and parenthesised digits to ASCII; dash and tilde variants to '-' and '~'
//      (ー between digits is a dash);
//   3. kana: hiragana and katakana stay as written (so a pattern can tell オンライン
//      from らいん), but a kana letter in a pattern matches both scripts (FoldPattern);
//   4. numerals: runs of three or more kanji digits (〇九〇) and runs of kana number
//      readings (ゼロキュウゼロ…, three or more readings) become ASCII digits;
//   5. e-mail spelling: (at) [at] アットマーク → '@', (dot) [dot] → '.', and bare
//      アット / ドット between ASCII words, swallowing the spaces around them;
//   6. spacing: three or more single letters or digits separated by one space, '・',
//      '_' or '-' are joined (Ｌ Ｉ Ｎ Ｅ → LINE, 0 9 0 → 090);
//   7. lines: a line break between two digits, or after a heading that ends its line
//      (【納期】⏎12月15日, 予算：⏎3万円), becomes a space (rules match within a line).
// Letter case is kept: patterns are compiled case-insensitively.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "text.h"

namespace anshin {

// A half-open byte range [begin, end).
struct Span {
  uint32_t begin = 0;
  uint32_t end = 0;
};

struct Normalized {
  std::string text;                 // valid UTF-8
  std::vector<uint32_t> src_begin;  // per byte of `text`: first original byte it came from
  std::vector<uint32_t> src_end;    // per byte of `text`: one past the last original byte

  // Maps a byte range of `text` to the original input. An empty range maps to an empty
  // range at the corresponding position.
  Span ToOriginal(uint32_t begin, uint32_t end) const;
  uint32_t original_size = 0;
};

Normalized Normalize(const SourceText& src);

// Steps 1-6 are local to a line (none looks past a line break), step 7 only turns line
// breaks into spaces. So a text is normalized line by line, and a line's result, whose
// offsets are relative to the line, can be kept and reused wherever the same line occurs
// (the engine's line cache). Normalize is NormalizeByLine with nothing kept.
struct NormalizedLine {
  std::string text;
  std::vector<uint32_t> src_begin, src_end;  // relative to the line's first original byte
};
// One line (its bytes, without the line break), offsets relative to its first byte.
NormalizedLine NormalizeLine(std::string_view line);
// Returns the line normalized: NormalizeLine's result, or a remembered one for `line`.
using LineNormalizer = std::function<const NormalizedLine&(std::string_view line)>;
Normalized NormalizeByLine(const SourceText& src, const LineNormalizer& normalize_line);

// Makes a rule pattern script-insensitive for kana: outside character classes every
// hiragana or katakana letter becomes a class of both (ら → [らラ]); half-width
// katakana become full-width. Inside [...] kana are kept literally.
std::string FoldPattern(const std::string& pattern);
// The same, decoding first: what FoldPattern does with ill-formed UTF-8 (each ill-formed
// part becomes U+FFFD), and the reference its faster path for well-formed text must equal.
std::string FoldPatternDecoded(const std::string& pattern);

}  // namespace anshin
