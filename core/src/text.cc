#include "text.h"

#include <algorithm>
#include <cstring>

namespace anshin {

std::vector<Char> DecodeUtf8(std::string_view s) {
  std::vector<Char> out;
  out.reserve(s.size());
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const uint32_t n = static_cast<uint32_t>(s.size());
  uint32_t i = 0;
  while (i < n) {
    const unsigned char b = p[i];
    if (b < 0x80) {
      out.push_back({b, i, i + 1});
      ++i;
      continue;
    }
    // Lengths and second-byte bounds per the Unicode table of well-formed sequences.
    int len = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    char32_t cp = 0;
    if (b >= 0xC2 && b <= 0xDF) { len = 2; cp = b & 0x1F; }
    else if (b == 0xE0) { len = 3; cp = b & 0x0F; lo = 0xA0; }
    else if (b >= 0xE1 && b <= 0xEC) { len = 3; cp = b & 0x0F; }
    else if (b == 0xED) { len = 3; cp = b & 0x0F; hi = 0x9F; }
    else if (b >= 0xEE && b <= 0xEF) { len = 3; cp = b & 0x0F; }
    else if (b == 0xF0) { len = 4; cp = b & 0x07; lo = 0x90; }
    else if (b >= 0xF1 && b <= 0xF3) { len = 4; cp = b & 0x07; }
    else if (b == 0xF4) { len = 4; cp = b & 0x07; hi = 0x8F; }
    if (len == 0) {  // a byte that can never start a sequence
      out.push_back({0xFFFD, i, i + 1});
      ++i;
      continue;
    }
    uint32_t j = i + 1;
    bool ok = true;
    for (int k = 1; k < len; ++k, ++j) {
      const unsigned char lo_k = (k == 1) ? lo : 0x80;
      const unsigned char hi_k = (k == 1) ? hi : 0xBF;
      if (j >= n || p[j] < lo_k || p[j] > hi_k) { ok = false; break; }
      cp = (cp << 6) | (p[j] & 0x3F);
    }
    if (ok) {
      out.push_back({cp, i, j});
      i = j;
    } else {
      // The maximal ill-formed subpart [i, j) becomes one replacement character.
      out.push_back({0xFFFD, i, j});
      i = j;
    }
  }
  return out;
}

void AppendUtf8(std::string* out, char32_t cp) {
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

bool IsValidUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    if (i + 8 <= n) {  // eight ASCII bytes at a time
      uint64_t w;
      std::memcpy(&w, p + i, 8);
      if ((w & 0x8080808080808080ull) == 0) { i += 8; continue; }
    }
    const unsigned char b = p[i];
    if (b < 0x80) { ++i; continue; }
    if (b >= 0xE1 && b <= 0xEF && b != 0xED && i + 3 <= n) {  // kana and kanji: the common case
      if ((p[i + 1] & 0xC0) != 0x80 || (p[i + 2] & 0xC0) != 0x80) return false;
      i += 3;
      continue;
    }
    size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (b >= 0xC2 && b <= 0xDF) len = 2;
    else if (b == 0xE0) { len = 3; lo = 0xA0; }
    else if ((b >= 0xE1 && b <= 0xEC) || b == 0xEE || b == 0xEF) len = 3;
    else if (b == 0xED) { len = 3; hi = 0x9F; }
    else if (b == 0xF0) { len = 4; lo = 0x90; }
    else if (b >= 0xF1 && b <= 0xF3) len = 4;
    else if (b == 0xF4) { len = 4; hi = 0x8F; }
    else return false;
    if (i + len > n || p[i + 1] < lo || p[i + 1] > hi) return false;
    for (size_t k = 2; k < len; ++k)
      if ((p[i + k] & 0xC0) != 0x80) return false;
    i += len;
  }
  return true;
}

std::string SanitizeUtf8(std::string_view bytes) {
  if (IsValidUtf8(bytes)) return std::string(bytes);
  std::string out;
  out.reserve(bytes.size());
  for (const Char& c : DecodeUtf8(bytes)) {
    if (c.cp == 0xFFFD) AppendUtf8(&out, c.cp);
    else out.append(bytes.substr(c.begin, c.end - c.begin));
  }
  return out;
}

int ColumnWidth(char32_t cp) {
  if (cp == 0) return 0;
  if ((cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x200B && cp <= 0x200F) ||
      (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0x3099 || cp == 0x309A || cp == 0xFEFF ||
      (cp >= 0xE0100 && cp <= 0xE01EF) || cp == 0x200D)
    return 0;
  if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) ||
      (cp >= 0x3041 && cp <= 0x33FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
      (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF) ||
      (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
      (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
      (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) ||
      (cp >= 0x1F900 && cp <= 0x1F9FF) || (cp >= 0x20000 && cp <= 0x3FFFD))
    return 2;
  return 1;
}

namespace {
// UTF-16 units of the well-formed UTF-8 in [p, p + n): one per lead byte, two for a
// four-byte sequence.
uint32_t Utf16Units(const unsigned char* p, size_t n) {
  uint32_t u = 0;
  for (size_t i = 0; i < n; ++i) u += ((p[i] & 0xC0) != 0x80) + (p[i] >= 0xF0);
  return u;
}
}  // namespace

SourceText::SourceText(std::string_view bytes) : bytes_(bytes), valid_(IsValidUtf8(bytes)) {
  if (valid_) {
    const auto* p = reinterpret_cast<const unsigned char*>(bytes_.data());
    block_utf16_.reserve(bytes_.size() / kBlock + 1);
    uint32_t u = 0;
    for (size_t b = 0; b < bytes_.size(); b += kBlock) {
      block_utf16_.push_back(u);
      u += Utf16Units(p + b, std::min<size_t>(kBlock, bytes_.size() - b));
    }
    utf16_length_ = u;
    return;
  }
  chars_ = DecodeUtf8(bytes);
  decoded_ = true;
  utf16_begin_.reserve(chars_.size());
  uint32_t u = 0;
  for (const Char& c : chars_) {
    utf16_begin_.push_back(u);
    u += c.cp >= 0x10000 ? 2 : 1;
  }
  utf16_length_ = u;
}

const std::vector<Char>& SourceText::chars() const {
  if (!decoded_) {
    chars_ = DecodeUtf8(bytes_);
    decoded_ = true;
  }
  return chars_;
}

uint32_t SourceText::Utf16At(uint32_t byte) const {
  if (byte >= bytes_.size()) return utf16_length_;
  if (valid_) {
    const auto* p = reinterpret_cast<const unsigned char*>(bytes_.data());
    while (byte > 0 && (p[byte] & 0xC0) == 0x80) --byte;  // to the start of its character
    const uint32_t block = byte / kBlock;
    return block_utf16_[block] + Utf16Units(p + block * kBlock, byte - block * kBlock);
  }
  // The character containing `byte`: the last one whose begin <= byte.
  auto it = std::upper_bound(chars_.begin(), chars_.end(), byte,
                             [](uint32_t b, const Char& c) { return b < c.begin; });
  if (it == chars_.begin()) return 0;
  return utf16_begin_[static_cast<size_t>(it - chars_.begin()) - 1];
}

std::string SourceText::Excerpt(uint32_t begin, uint32_t end) const {
  end = std::min<uint32_t>(end, static_cast<uint32_t>(bytes_.size()));
  if (begin >= end) return {};
  const std::string_view part = bytes_.substr(begin, end - begin);
  // Cut on character boundaries of well-formed text, it is well-formed itself.
  auto continuation = [&](uint32_t at) { return at < bytes_.size() && (static_cast<unsigned char>(bytes_[at]) & 0xC0) == 0x80; };
  if (valid_ && !continuation(begin) && !continuation(end)) return std::string(part);
  return SanitizeUtf8(part);
}

}  // namespace anshin
