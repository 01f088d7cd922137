// libFuzzer: the normalizer and its offset map keep their invariants on any bytes, and
// reusing a line's normalization wherever the line recurs gives exactly the same view and map.
#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>

#include "normalize.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  anshin::SourceText src(input);
  const anshin::Normalized n = anshin::Normalize(src);
  if (n.src_begin.size() != n.text.size() || n.src_end.size() != n.text.size()) abort();
  uint32_t prev = 0;
  for (size_t i = 0; i < n.text.size(); ++i) {
    if (n.src_begin[i] >= n.src_end[i] || n.src_end[i] > input.size()) abort();
    if (n.src_begin[i] < prev) abort();  // the map is monotonic
    prev = n.src_begin[i];
  }
  // Valid UTF-8 out, whatever came in.
  if (anshin::SanitizeUtf8(n.text) != n.text) abort();
  // Every span maps to a range on character boundaries whose UTF-16 offsets are ordered.
  for (size_t b = 0; b < n.text.size(); b += 1 + b % 7) {
    const anshin::Span o = n.ToOriginal(static_cast<uint32_t>(b), static_cast<uint32_t>(std::min(n.text.size(), b + 5)));
    if (o.begin > o.end || o.end > input.size()) abort();
    if (src.Utf16At(o.begin) > src.Utf16At(o.end) || src.Utf16At(o.end) > src.Utf16Length()) abort();
  }
  // UTF-16 offsets from block counts (well-formed input) equal those of the decoded
  // characters; well-formedness is what decoding says it is.
  {
    uint32_t u = 0;
    bool ill_formed = false;
    for (const anshin::Char& c : anshin::DecodeUtf8(input)) {
      if (c.cp == 0xFFFD && !(c.end - c.begin == 3 && input.compare(c.begin, 3, "\xEF\xBF\xBD") == 0)) ill_formed = true;
      for (uint32_t b = c.begin; b < c.end; ++b)
        if (src.Utf16At(b) != u) abort();
      u += c.cp >= 0x10000 ? 2 : 1;
    }
    if (src.Utf16Length() != u || anshin::IsValidUtf8(input) == ill_formed) abort();
  }
  // Lines normalized once and reused wherever they recur (the engine's cache).
  std::map<std::string, anshin::NormalizedLine> kept;
  const anshin::Normalized by_line = anshin::NormalizeByLine(
      src, [&](std::string_view bytes) -> const anshin::NormalizedLine& {
        auto it = kept.find(std::string(bytes));
        if (it != kept.end()) return it->second;
        return kept.emplace(std::string(bytes), anshin::NormalizeLine(bytes)).first->second;
      });
  if (by_line.text != n.text || by_line.src_begin != n.src_begin || by_line.src_end != n.src_end) abort();
  // Patterns fold without ever producing invalid UTF-8.
  const std::string folded = anshin::FoldPattern(input);
  if (anshin::SanitizeUtf8(folded) != folded) abort();
  if (folded != anshin::FoldPatternDecoded(input)) abort();  // the byte-level path agrees
  return 0;
}
