#include "normalize.h"

#include <array>
#include <cstring>

namespace anshin {
namespace {

// A character of the view being built: its code point and the original bytes it covers.
struct Unit {
  char32_t cp;
  uint32_t begin;
  uint32_t end;
};
using Units = std::vector<Unit>;

bool IsZeroWidthOrControl(char32_t c) {
  if (c < 0x20) return c != '\t' && c != '\n';
  if (c >= 0x7F && c <= 0x9F) return true;
  return c == 0x00AD || (c >= 0x200B && c <= 0x200F) || (c >= 0x2060 && c <= 0x2064) ||
         c == 0xFEFF || c == 0x180E || c == 0x034F || (c >= 0xFE00 && c <= 0xFE0F) ||
         (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

// Half-width katakana U+FF61..U+FF9D to their full-width forms.
constexpr std::array<char16_t, 0x3D> kHalfKana = {
    0x3002, 0x300C, 0x300D, 0x3001, 0x30FB, 0x30F2, 0x30A1, 0x30A3, 0x30A5, 0x30A7,
    0x30A9, 0x30E3, 0x30E5, 0x30E7, 0x30C3, 0x30FC, 0x30A2, 0x30A4, 0x30A6, 0x30A8,
    0x30AA, 0x30AB, 0x30AD, 0x30AF, 0x30B1, 0x30B3, 0x30B5, 0x30B7, 0x30B9, 0x30BB,
    0x30BD, 0x30BF, 0x30C1, 0x30C4, 0x30C6, 0x30C8, 0x30CA, 0x30CB, 0x30CC, 0x30CD,
    0x30CE, 0x30CF, 0x30D2, 0x30D5, 0x30D8, 0x30DB, 0x30DE, 0x30DF, 0x30E0, 0x30E1,
    0x30E2, 0x30E4, 0x30E6, 0x30E8, 0x30E9, 0x30EA, 0x30EB, 0x30EC, 0x30ED, 0x30EF,
    0x30F3};

bool HasVoiced(char32_t k) {  // カ..ト and ハ..ホ rows: voiced form is k + 1
  return (k >= 0x30AB && k <= 0x30C2 && (k % 2) == 1) || k == 0x30C4 || k == 0x30C6 ||
         k == 0x30C8 || (k >= 0x30CF && k <= 0x30DD && (k - 0x30CF) % 3 == 0);
}
bool HasSemiVoiced(char32_t k) { return k >= 0x30CF && k <= 0x30DD && (k - 0x30CF) % 3 == 0; }

bool IsAsciiDigit(char32_t c) { return c >= '0' && c <= '9'; }
bool IsAsciiAlnum(char32_t c) {
  return IsAsciiDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool IsKatakana(char32_t c) { return (c >= 0x30A1 && c <= 0x30FA) || c == 0x30FC; }
bool IsHiragana(char32_t c) { return c >= 0x3041 && c <= 0x3096; }
// Hiragana as katakana, for comparing words whatever their script.
char32_t Kata(char32_t c) { return IsHiragana(c) ? c + 0x60 : c; }

// Appends the folded form of one character (steps 1-3). May write nothing (removed
// characters), one unit, several units (⑫ → "12"), or modify the previous unit
// (a voiced sound mark joins the kana before it).
void FoldChar(const Char& ch, Units* out) {
  char32_t c = ch.cp;
  auto emit = [&](char32_t v) { out->push_back({v, ch.begin, ch.end}); };
  // Most characters stay as they are: printable ASCII, kanji, kana letters (not ー,
  // which becomes a dash after a digit, nor the voicing marks).
  if ((c >= 0x20 && c < 0x7F) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3041 && c <= 0x3096) ||
      (c >= 0x30A1 && c <= 0x30FA))
    return emit(c);
  if (c == '\t') return emit(' ');
  if (c == '\r') return;
  if (IsZeroWidthOrControl(c)) return;
  if (c >= 0xFF01 && c <= 0xFF5E) c -= 0xFEE0;             // full-width ASCII
  else if (c == 0x3000) c = ' ';                            // ideographic space
  else if (c == 0xFFE5) c = 0xA5;                           // ￥
  else if (c >= 0xFF61 && c <= 0xFF9D) c = kHalfKana[c - 0xFF61];
  else if (c == 0xFF9E || c == 0x3099 || c == 0x309B || c == 0xFF9F || c == 0x309A || c == 0x309C) {
    const bool semi = (c == 0xFF9F || c == 0x309A || c == 0x309C);
    if (!out->empty()) {
      Unit& prev = out->back();
      const bool hira = prev.cp >= 0x3041 && prev.cp <= 0x3096;
      const char32_t k = hira ? prev.cp + 0x60 : prev.cp;  // decide on the katakana form
      const char32_t back = hira ? 0x60 : 0;
      if (!semi && HasVoiced(k)) { prev.cp = k + 1 - back; prev.end = ch.end; return; }
      if (!semi && k == 0x30A6) { prev.cp = 0x30F4 - back; prev.end = ch.end; return; }
      if (semi && HasSemiVoiced(k)) { prev.cp = k + 2 - back; prev.end = ch.end; return; }
    }
    c = semi ? 0x309C : 0x309B;
  } else if (c >= 0x1D400 && c <= 0x1D6A3) {                // mathematical letters
    const uint32_t i = (c - 0x1D400) % 52;
    c = i < 26 ? 'A' + i : 'a' + (i - 26);
  } else if (c >= 0x1D7CE && c <= 0x1D7FF) {                // mathematical digits
    c = '0' + (c - 0x1D7CE) % 10;
  } else if (c >= 0x24B6 && c <= 0x24CF) { c = 'A' + (c - 0x24B6);   // Ⓐ
  } else if (c >= 0x24D0 && c <= 0x24E9) { c = 'a' + (c - 0x24D0);   // ⓐ
  } else if (c == 0x24EA || c == 0x24FF || c == 0x1F10B) { c = '0';
  } else if ((c >= 0x2460 && c <= 0x2473) || (c >= 0x2474 && c <= 0x2487) ||
             (c >= 0x2488 && c <= 0x249B) || (c >= 0x2776 && c <= 0x277F) ||
             (c >= 0x2780 && c <= 0x2789) || (c >= 0x278A && c <= 0x2793)) {
    uint32_t base = c >= 0x278A ? 0x278A : c >= 0x2780 ? 0x2780 : c >= 0x2776 ? 0x2776
                  : c >= 0x2488 ? 0x2488 : c >= 0x2474 ? 0x2474 : 0x2460;
    const uint32_t v = c - base + 1;  // 1..20
    if (v >= 10) emit('0' + v / 10);
    return emit('0' + v % 10);
  } else if ((c >= 0x2010 && c <= 0x2015) || c == 0x2212 || c == 0xFE58 || c == 0xFE63 ||
             c == 0x2043 || c == 0x2500 || c == 0x2501) {
    c = '-';
  } else if (c == 0x301C || c == 0x223C || c == 0x2053) {
    c = '~';
  } else if (c == 0xFE6B) {
    c = '@';
  }
  if (c == 0x30FC && !out->empty() && IsAsciiDigit(out->back().cp)) c = '-';
  emit(c);
}

// --- step 4: numerals ---------------------------------------------------------------

int KanjiDigit(char32_t c) {
  switch (c) {
    case 0x3007: case 0x96F6: return 0;  // 〇 零
    case 0x4E00: case 0x58F1: return 1;  // 一 壱
    case 0x4E8C: case 0x5F10: return 2;  // 二 弐
    case 0x4E09: case 0x53C2: return 3;  // 三 参
    case 0x56DB: return 4;
    case 0x4E94: return 5;
    case 0x516D: return 6;
    case 0x4E03: return 7;
    case 0x516B: return 8;
    case 0x4E5D: return 9;
    default: return -1;
  }
}

void FoldKanjiDigits(Units* u) {
  const size_t n = u->size();
  size_t i = 0;
  while (i < n) {
    if (KanjiDigit((*u)[i].cp) < 0) { ++i; continue; }
    size_t j = i;
    while (j < n && KanjiDigit((*u)[j].cp) >= 0) ++j;
    const bool touches_digit = (i > 0 && IsAsciiDigit((*u)[i - 1].cp)) ||
                               (j < n && IsAsciiDigit((*u)[j].cp));
    if (j - i >= 3 || touches_digit)
      for (size_t k = i; k < j; ++k) (*u)[k].cp = '0' + KanjiDigit((*u)[k].cp);
    i = j;
  }
}

struct Reading {
  const char16_t* kana;
  char digit;
};
// Longest first, so that キュウ wins over ク.
constexpr Reading kReadings[] = {
    {u"キュウ", '9'}, {u"キュー", '9'}, {u"ゼロ", '0'}, {u"レイ", '0'}, {u"マル", '0'},
    {u"イチ", '1'},   {u"ニー", '2'},   {u"サン", '3'}, {u"ヨン", '4'}, {u"ゴー", '5'},
    {u"ロク", '6'},   {u"ナナ", '7'},   {u"シチ", '7'}, {u"ハチ", '8'}, {u"キュ", '9'},
    {u"ニイ", '2'},   {u"ゴオ", '5'},   {u"シイ", '4'},
    {u"ニ", '2'},     {u"シ", '4'},     {u"ゴ", '5'},   {u"ク", '9'}};

// Length in units of the reading at u[i], or 0.
// Readings by their first letter (katakana U+30A1..U+30F6): indices + 1, 0 ends the list.
struct ReadingIndex {
  std::array<std::array<uint8_t, 6>, 0x56> by_first{};
  ReadingIndex() {
    for (size_t r = 0; r < sizeof(kReadings) / sizeof(kReadings[0]); ++r) {
      auto& slot = by_first[static_cast<size_t>(kReadings[r].kana[0] - 0x30A1)];
      for (auto& x : slot)
        if (!x) { x = static_cast<uint8_t>(r + 1); break; }
    }
  }
};
const ReadingIndex kReadingIndex;

// Whether some reading starts with the letter at u[i]: the cheap test before MatchReading.
inline bool MayStartReading(const Units& u, size_t i) {
  const char32_t first = Kata(u[i].cp);
  return first >= 0x30A1 && first <= 0x30F6 && kReadingIndex.by_first[first - 0x30A1][0] != 0;
}

size_t MatchReading(const Units& u, size_t i, char* digit) {
  // Only the readings that start with this letter are tried, longest first as listed.
  const char32_t first = Kata(u[i].cp);
  if (first < 0x30A1 || first > 0x30F6) return 0;
  for (uint8_t ri : kReadingIndex.by_first[first - 0x30A1]) {
    if (!ri) break;
    const Reading& r = kReadings[ri - 1];
    size_t k = 1;
    while (r.kana[k] && i + k < u.size() && Kata(u[i + k].cp) == static_cast<char32_t>(r.kana[k])) ++k;
    if (!r.kana[k]) { *digit = r.digit; return k; }
  }
  return 0;
}

// Between spelled digits: spaces, dashes, dots, 、 and の (090の1234の5678).
bool IsNumberSeparator(char32_t c) {
  return c == ' ' || c == '-' || c == 0x30FB || c == '.' || c == ',' || c == 0x3001 || c == 0x306E || c == 0x30CE;
}

void FoldKanaReadings(Units* u) {
  // In place: the output is never longer than what it has read (w <= i).
  Units& v = *u;
  const size_t n = v.size();
  struct Tok { size_t at, len; char digit; bool word; };
  std::vector<Tok> toks;
  size_t w = 0, i = 0;
  while (i < n) {
    char d;
    if (!MayStartReading(v, i) || !MatchReading(v, i, &d)) { v[w++] = v[i++]; continue; }
    // Collect a run of readings, ASCII digits and separators.
    toks.clear();
    size_t j = i, words = 0, long_words = 0;
    while (j < n) {
      size_t len = MatchReading(v, j, &d);
      if (len) { toks.push_back({j, len, d, true}); ++words; if (len > 1) ++long_words; j += len; continue; }
      if (IsAsciiDigit(v[j].cp)) { toks.push_back({j, 1, 0, false}); ++j; continue; }
      if (IsNumberSeparator(v[j].cp) && j + 1 < n &&
          (MatchReading(v, j + 1, &d) || IsAsciiDigit(v[j + 1].cp))) { ++j; continue; }
      break;
    }
    if (words >= 4 && long_words >= 2) {
      size_t k = i;
      for (const Tok& t : toks) {
        for (; k < t.at; ++k) v[w++] = v[k];  // separators between tokens
        if (t.word) {
          const Unit digit{static_cast<char32_t>(t.digit), v[t.at].begin, v[t.at + t.len - 1].end};
          v[w++] = digit;
        } else {
          v[w++] = v[t.at];
        }
        k = t.at + t.len;
      }
      i = k;
    } else {
      // Not a number. Any run starting inside this one has no more readings, so
      // nothing in it can qualify: skip it whole (keeps the pass linear).
      for (size_t k = i; k < j; ++k) v[w++] = v[k];
      i = j;
    }
  }
  v.resize(w);
}

// --- step 5: spelled-out e-mail symbols ------------------------------------------------

bool UnitsEqualAsciiCI(const Units& u, size_t i, const char* word) {
  for (size_t k = 0; word[k]; ++k) {
    if (i + k >= u.size()) return false;
    char32_t c = u[i + k].cp;
    if (c >= 'A' && c <= 'Z') c += 32;
    if (c != static_cast<unsigned char>(word[k])) return false;
  }
  return true;
}
bool UnitsEqual(const Units& u, size_t i, const char16_t* word) {
  for (size_t k = 0; word[k]; ++k)
    if (i + k >= u.size() || Kata(u[i + k].cp) != static_cast<char32_t>(word[k])) return false;
  return true;
}
size_t Len16(const char16_t* s) { size_t n = 0; while (s[n]) ++n; return n; }

bool IsOpenBracket(char32_t c) { return c == '(' || c == '[' || c == '{' || c == '<' || c == 0x3010 || c == 0x3014 || c == 0x300C; }
bool IsCloseBracket(char32_t c) { return c == ')' || c == ']' || c == '}' || c == '>' || c == 0x3011 || c == 0x3015 || c == 0x300D; }
bool IsMailWordChar(char32_t c) { return IsAsciiAlnum(c) || c == '_' || c == '.' || c == '-' || c == '+'; }

// If a spelled symbol starts at u[i], returns its length and sets *sym.
size_t SpelledSymbol(const Units& u, size_t i, char* sym) {
  // Every form starts with an opening bracket, ア or ド: one test rejects most text.
  const char32_t first = Kata(u[i].cp);
  if (first != 0x30A2 && first != 0x30C9 && !IsOpenBracket(first)) return 0;
  const size_t n = u.size();
  static const char16_t* const kAtKana[] = {u"アットマーク", u"アット"};
  static const char16_t* const kDotKana[] = {u"ドット"};
  if (UnitsEqual(u, i, u"アットマーク")) { *sym = '@'; return 6; }
  // Bracketed forms: (at) [dot] 【アット】 ...
  if (IsOpenBracket(u[i].cp)) {
    size_t j = i + 1;
    while (j < n && u[j].cp == ' ') ++j;
    size_t len = 0;
    char s = 0;
    if (UnitsEqualAsciiCI(u, j, "at")) { len = 2; s = '@'; }
    else if (UnitsEqualAsciiCI(u, j, "dot")) { len = 3; s = '.'; }
    else {
      for (const char16_t* w : kAtKana) if (UnitsEqual(u, j, w)) { len = Len16(w); s = '@'; break; }
      if (!len) for (const char16_t* w : kDotKana) if (UnitsEqual(u, j, w)) { len = Len16(w); s = '.'; }
    }
    if (len) {
      j += len;
      while (j < n && u[j].cp == ' ') ++j;
      if (j < n && IsCloseBracket(u[j].cp)) { *sym = s; return j + 1 - i; }
    }
  }
  // Bare アット / ドット between ASCII words.
  size_t len = 0;
  char s = 0;
  if (UnitsEqual(u, i, u"アット")) { len = 3; s = '@'; }
  else if (UnitsEqual(u, i, u"ドット")) { len = 3; s = '.'; }
  if (len) {
    size_t b = i;
    while (b > 0 && u[b - 1].cp == ' ') --b;
    size_t a = i + len;
    while (a < n && u[a].cp == ' ') ++a;
    if (b > 0 && IsMailWordChar(u[b - 1].cp) && a < n && IsAsciiAlnum(u[a].cp)) { *sym = s; return len; }
  }
  return 0;
}

void FoldSpelledSymbols(Units* u) {
  const size_t n = u->size();
  size_t first = 0;  // texts without a spelled symbol are left as they are, uncopied
  for (char sym; first < n; ++first) {
    const char32_t k = Kata((*u)[first].cp);
    if (k != 0x30A2 && k != 0x30C9 && !IsOpenBracket(k)) continue;  // as SpelledSymbol's first test
    if (SpelledSymbol(*u, first, &sym)) break;
  }
  if (first == n) return;
  Units out;
  out.reserve(u->size());
  out.insert(out.end(), u->begin(), u->begin() + static_cast<std::ptrdiff_t>(first));
  for (size_t i = first; i < n;) {
    char sym;
    const size_t len = SpelledSymbol(*u, i, &sym);
    if (!len) { out.push_back((*u)[i]); ++i; continue; }
    // Swallow spaces on both sides; the symbol covers them in the original.
    uint32_t begin = (*u)[i].begin;
    while (!out.empty() && out.back().cp == ' ') { begin = out.back().begin; out.pop_back(); }
    size_t j = i + len;
    uint32_t end = (*u)[j - 1].end;
    while (j < n && (*u)[j].cp == ' ') { end = (*u)[j].end; ++j; }
    out.push_back({static_cast<char32_t>(sym), begin, end});
    i = j;
  }
  u->swap(out);
}

// --- step 6: letters spaced apart ---------------------------------------------------

bool IsSpacedChar(char32_t c) { return IsAsciiAlnum(c) || IsHiragana(c) || (IsKatakana(c) && c != 0x30FC); }
bool IsSpacer(char32_t c) { return c == ' ' || c == 0x30FB || c == '_' || c == '-'; }

void JoinSpacedLetters(Units* u) {
  const size_t n = u->size();
  std::vector<bool> drop;  // allocated for the first run found
  bool any = false;
  auto word = [&](size_t k) { return k < n && IsSpacedChar((*u)[k].cp); };
  // A neighbour only continues a word of the same script: "L I N Eで" is spaced
  // letters followed by kana, "ab c d" is a word followed by letters.
  auto ascii = [&](size_t k) { return IsAsciiAlnum((*u)[k].cp); };
  auto joins = [&](size_t a, size_t b) { return b < n && word(b) && ascii(a) == ascii(b); };
  size_t i = 0;
  while (i < n) {
    // A run needs a spacer right after its first letter; most positions fail that.
    if (i + 2 >= n || !IsSpacer((*u)[i + 1].cp)) { ++i; continue; }
    if (!word(i) || (i > 0 && joins(i, i - 1))) { ++i; continue; }
    size_t j = i, count = 1;
    while (j + 2 < n && IsSpacer((*u)[j + 1].cp) && joins(i, j + 2) && !joins(j + 2, j + 3)) {
      j += 2;
      ++count;
    }
    if (count >= 3 && !joins(i, i + 1)) {
      if (drop.empty()) drop.assign(n, false);
      for (size_t k = i + 1; k < j; k += 2) drop[k] = true;
      any = true;
    }
    i = j + 1;
  }
  if (!any) return;
  Units out;
  out.reserve(n);
  for (size_t k = 0; k < n; ++k)
    if (!drop[k]) out.push_back((*u)[k]);
  u->swap(out);
}

}  // namespace

Span Normalized::ToOriginal(uint32_t begin, uint32_t end) const {
  const uint32_t n = static_cast<uint32_t>(text.size());
  if (begin >= n) return {original_size, original_size};
  if (end <= begin) return {src_begin[begin], src_begin[begin]};
  if (end > n) end = n;
  return {src_begin[begin], src_end[end - 1]};
}

namespace {

// Steps 1-6 on `count` characters; offsets made relative to `base`.
Units FoldUnits(const Char* chars, size_t count, uint32_t base) {
  Units units;
  units.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    Char ch = chars[i];
    ch.begin -= base;
    ch.end -= base;
    FoldChar(ch, &units);
  }
  FoldKanjiDigits(&units);
  FoldKanaReadings(&units);
  FoldSpelledSymbols(&units);
  JoinSpacedLetters(&units);
  return units;
}

// The units as UTF-8, each byte mapped to its unit's original range. Sized exactly, then
// written through pointers: std::string::push_back is an out-of-line call in libc++
// (WebAssembly).
NormalizedLine Encode(const Units& units) {
  auto utf8_length = [](char32_t c) -> size_t {
    return c < 0x80 ? 1 : c < 0x800 ? 2 : (c < 0x10000 || c > 0x10FFFF) ? 3 : 4;
  };
  size_t total = 0;
  for (const Unit& x : units) total += utf8_length(x.cp);
  NormalizedLine line;
  line.text.resize(total);
  line.src_begin.resize(total);
  line.src_end.resize(total);
  char* out = line.text.data();
  size_t n = 0;
  for (const Unit& x : units) {
    char32_t c = x.cp;
    if ((c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF) c = 0xFFFD;  // as AppendUtf8 does
    const size_t len = utf8_length(c);
    if (len == 1) {
      out[n] = static_cast<char>(c);
    } else if (len == 2) {
      out[n] = static_cast<char>(0xC0 | (c >> 6));
      out[n + 1] = static_cast<char>(0x80 | (c & 0x3F));
    } else if (len == 3) {
      out[n] = static_cast<char>(0xE0 | (c >> 12));
      out[n + 1] = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out[n + 2] = static_cast<char>(0x80 | (c & 0x3F));
    } else {
      out[n] = static_cast<char>(0xF0 | (c >> 18));
      out[n + 1] = static_cast<char>(0x80 | ((c >> 12) & 0x3F));
      out[n + 2] = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out[n + 3] = static_cast<char>(0x80 | (c & 0x3F));
    }
    for (size_t k = n; k < n + len; ++k) {
      line.src_begin[k] = x.begin;
      line.src_end[k] = x.end;
    }
    n += len;
  }
  return line;
}

void AppendNormalizedLine(const NormalizedLine& line, uint32_t base, Normalized* norm) {
  norm->text += line.text;
  const size_t at = norm->src_begin.size(), n = line.src_begin.size();
  norm->src_begin.resize(at + n);
  norm->src_end.resize(at + n);
  uint32_t* sb = norm->src_begin.data() + at;
  uint32_t* se = norm->src_end.data() + at;
  for (size_t k = 0; k < n; ++k) {
    sb[k] = line.src_begin[k] + base;
    se[k] = line.src_end[k] + base;
  }
}

// Step 7: a line break between two digits (spaces aside) becomes a space: "090⏎1234⏎5678"
// is one number written over three lines, and rules never match across lines. So does
// the line break after a heading that ends its line (【納期】⏎12月15日, 予算：⏎3万円).
// In order and in place, on the assembled bytes; 】 and 〕 are E3 80 91 and E3 80 95.
void JoinLineBreaks(Normalized* norm) {
  std::string& t = norm->text;
  const size_t n = t.size();
  auto digit = [&](size_t k) { return t[k] >= '0' && t[k] <= '9'; };
  for (size_t i = 0; i < n; ++i) {
    if (t[i] != '\n') continue;
    size_t b = i, a = i + 1;
    while (b > 0 && t[b - 1] == ' ') --b;
    while (a < n && t[a] == ' ') ++a;
    if (b > 0 && a < n && digit(b - 1) && digit(a)) { t[i] = ' '; continue; }
    if (b > 0 && a < n && t[a] != '\n') {
      const unsigned char last = static_cast<unsigned char>(t[b - 1]);
      const bool heading = last == ']' || last == ':' ||
                           (b >= 3 && static_cast<unsigned char>(t[b - 3]) == 0xE3 && static_cast<unsigned char>(t[b - 2]) == 0x80 &&
                            (last == 0x91 || last == 0x95));
      if (heading) t[i] = ' ';
    }
  }
}

}  // namespace

NormalizedLine NormalizeLine(std::string_view line) {
  // A line break never belongs to an ill-formed subpart, so a line decodes alone exactly
  // as it does inside the whole text.
  const std::vector<Char> chars = DecodeUtf8(line);
  return Encode(FoldUnits(chars.data(), chars.size(), 0));
}

Normalized Normalize(const SourceText& src) {
  NormalizedLine line;
  return NormalizeByLine(src, [&](std::string_view bytes) -> const NormalizedLine& {
    line = NormalizeLine(bytes);
    return line;
  });
}

Normalized NormalizeByLine(const SourceText& src, const LineNormalizer& normalize_line) {
  Normalized norm;
  const std::string_view s = src.bytes();
  norm.original_size = static_cast<uint32_t>(s.size());
  norm.text.reserve(s.size());
  norm.src_begin.reserve(s.size());
  norm.src_end.reserve(s.size());
  size_t i = 0;
  for (;;) {
    const size_t nl = s.find('\n', i);
    const size_t j = nl == std::string_view::npos ? s.size() : nl;
    if (j > i) AppendNormalizedLine(normalize_line(s.substr(i, j - i)), static_cast<uint32_t>(i), &norm);
    if (nl == std::string_view::npos) break;
    norm.text.push_back('\n');  // a line break maps to itself
    norm.src_begin.push_back(static_cast<uint32_t>(j));
    norm.src_end.push_back(static_cast<uint32_t>(j + 1));
    i = j + 1;
  }
  JoinLineBreaks(&norm);
  return norm;
}


namespace {

// FoldPattern on well-formed UTF-8 (every pattern that comes from JSON): the same steps,
// reading bytes, copying everything but kana and half-width katakana as it is.
std::string FoldValidPattern(const std::string& pattern) {
  std::string out;
  out.reserve(pattern.size() * 2);
  const auto* p = reinterpret_cast<const unsigned char*>(pattern.data());
  const size_t n = pattern.size();
  bool in_class = false, escaped = false;
  size_t ci = 0, class_start = 0;       // character index (not byte) of the current char / the "["
  bool caret_after_class_start = false;  // the character after "[" is "^"
  size_t run = 0;                        // bytes [run, i) are copied as they are, in one append
  for (size_t i = 0; i < n; ++ci) {
    const unsigned char b = p[i];
    const size_t len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    char32_t c = b;
    if (len == 3) c = ((b & 0x0Fu) << 12) | ((p[i + 1] & 0x3Fu) << 6) | (p[i + 2] & 0x3Fu);
    else if (len == 2) c = ((b & 0x1Fu) << 6) | (p[i + 1] & 0x3Fu);
    else if (len == 4) c = ((b & 0x07u) << 18) | ((p[i + 1] & 0x3Fu) << 12) | ((p[i + 2] & 0x3Fu) << 6) | (p[i + 3] & 0x3Fu);
    const size_t at = i;
    i += len;
    // Written as something else: half-width katakana, and kana outside a class.
    auto replace = [&](const char* bytes, size_t count) {
      out.append(pattern, run, at - run);
      out.append(bytes, count);
      run = i;
    };
    if (c >= 0xFF66 && c <= 0xFF9D) {  // always rewritten (full width), wherever it stands
      c = kHalfKana[c - 0xFF61];
      if (escaped || in_class || !((c >= 0x3041 && c <= 0x3096) || (c >= 0x30A1 && c <= 0x30F6))) {
        std::string w;
        AppendUtf8(&w, c);
        replace(w.data(), w.size());
        if (escaped) { escaped = false; continue; }
        if (in_class && ci == class_start + 1) caret_after_class_start = false;
        continue;
      }
    }
    if (escaped) { escaped = false; continue; }
    if (c == '\\') { escaped = true; continue; }
    if (!in_class && c == '[') { in_class = true; class_start = ci; caret_after_class_start = false; continue; }
    if (in_class) {
      if (ci == class_start + 1) caret_after_class_start = c == '^';
      // "]" right after "[" or "[^" is a literal.
      const bool literal_bracket = ci == class_start + 1 || (ci == class_start + 2 && caret_after_class_start);
      if (c == ']' && !literal_bracket) in_class = false;
      continue;
    }
    char32_t other = 0;
    if (c >= 0x3041 && c <= 0x3096) other = c + 0x60;
    else if (c >= 0x30A1 && c <= 0x30F6) other = c - 0x60;
    if (other) {
      const char both[8] = {'[',
                            static_cast<char>(0xE0 | (c >> 12)), static_cast<char>(0x80 | ((c >> 6) & 0x3F)), static_cast<char>(0x80 | (c & 0x3F)),
                            static_cast<char>(0xE0 | (other >> 12)), static_cast<char>(0x80 | ((other >> 6) & 0x3F)), static_cast<char>(0x80 | (other & 0x3F)),
                            ']'};
      replace(both, sizeof both);
    }
  }
  out.append(pattern, run, n - run);
  return out;
}

}  // namespace

std::string FoldPattern(const std::string& pattern) {
  return IsValidUtf8(pattern) ? FoldValidPattern(pattern) : FoldPatternDecoded(pattern);
}

std::string FoldPatternDecoded(const std::string& pattern) {
  // Outside character classes a kana letter matches both scripts: ら → [らラ].
  // Inside [...] kana are literal, so a class can still tell the scripts apart.
  std::string out;
  out.reserve(pattern.size() * 2);
  bool in_class = false, escaped = false;
  size_t class_start = 0;
  const auto chars = DecodeUtf8(pattern);
  for (size_t i = 0; i < chars.size(); ++i) {
    const Char& ch = chars[i];
    char32_t c = ch.cp;
    if (c >= 0xFF66 && c <= 0xFF9D) c = kHalfKana[c - 0xFF61];
    if (escaped) { escaped = false; AppendUtf8(&out, c); continue; }  // (ill-formed bytes stay U+FFFD)
    if (c == '\\') { escaped = true; out.push_back('\\'); continue; }
    if (!in_class && c == '[') { in_class = true; class_start = i; out.push_back('['); continue; }
    if (in_class) {
      // "]" right after "[" or "[^" is a literal.
      const bool literal_bracket = i == class_start + 1 || (i == class_start + 2 && chars[class_start + 1].cp == '^');
      if (c == ']' && !literal_bracket) in_class = false;
      AppendUtf8(&out, c);
      continue;
    }
    char32_t other = 0;
    if (c >= 0x3041 && c <= 0x3096) other = c + 0x60;
    else if (c >= 0x30A1 && c <= 0x30F6) other = c - 0x60;
    if (other) {
      out.push_back('[');
      AppendUtf8(&out, c);
      AppendUtf8(&out, other);
      out.push_back(']');
    } else {
      AppendUtf8(&out, c);
    }
  }
  return out;
}

}  // namespace anshin
