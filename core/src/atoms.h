// The prefilter: which rule patterns can possibly match a line, decided from literal
// "atoms" before any regular expression runs.
//
// Every pattern is read once (AnalyzePattern) into a requirement: a formula of AND / OR
// over literal strings that any match must contain. The strings are taken in a folded
// form (ASCII lower case, hiragana as katakana), so a pattern written [らラ][いイ][んン]
// needs the one atom "ライン" instead of eight spellings. One Aho-Corasick automaton
// over all atoms scans a folded copy of each line (FoldForAtoms: same byte length, so
// offsets are shared), and only patterns whose formula holds are run by RE2.
//
// The requirement is a necessary condition, never a sufficient one: anything the
// analyzer cannot read precisely becomes "any" (always a candidate). tests/unit checks
// it against RE2 on every rule example and corpus text.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace anshin {

// A necessary condition for a match.
struct Requirement {
  enum Kind : uint8_t { kAny, kAtom, kAnd, kOr } kind = kAny;
  std::string atom;               // kAtom: folded literal
  std::vector<Requirement> kids;  // kAnd / kOr
  Requirement() = default;
  Requirement(const Requirement&) = default;
  Requirement(Requirement&&) noexcept = default;
  Requirement& operator=(const Requirement&) = default;
  Requirement& operator=(Requirement&&) noexcept = default;
};

// What reading a pattern's text tells about it.
struct PatternShape {
  bool read = false;                // false: syntax the analyzer does not follow
  int groups = 0;                   // capturing groups, as RE2 numbers them
  std::map<std::string, int> named; // named groups
  Requirement need;                 // kAny when nothing is required or !read
  bool whole_group = false;         // group 1 encloses the whole pattern: it is the whole match
};

// Remembers what groups without captures (the expanded defines, mostly) were read
// as, so that a define used by fifty patterns is read once. One per loading session.
class AnalysisMemo {
 public:
  AnalysisMemo();
  ~AnalysisMemo();
  struct Impl;
  Impl* impl() { return impl_.get(); }

 private:
  std::unique_ptr<Impl> impl_;
};

// Reads an RE2 pattern (after macro expansion and FoldPattern).
PatternShape AnalyzePattern(std::string_view pattern, AnalysisMemo* memo = nullptr);

// The folded copy of normalized text that atoms are searched in: ASCII letters lower
// case, hiragana U+3041..U+3096 as katakana. Same length as `text`, byte for byte.
std::string FoldForAtoms(std::string_view text);

// True when a line holds a character that RE2's case folding equates with an ASCII
// letter (U+212A KELVIN SIGN ~ k, U+017F LONG S ~ s): the folded view cannot see those,
// so such a line makes every pattern a candidate.
bool HasAsciiCaseTwin(std::string_view line);

// Aho-Corasick over byte strings.
class AtomMatcher {
 public:
  void Build(const std::vector<std::string>& atoms);
  size_t size() const { return atom_count_; }
  size_t states() const { return fail_.size(); }
  // Calls hit(atom id) for every occurrence of every atom in [p, p + n).
  template <typename F>
  void Scan(const char* p, size_t n, F&& hit) const {
    int32_t s = 0;
    for (size_t i = 0; i < n; ++i) {
      const uint8_t c = static_cast<uint8_t>(p[i]);
      for (;;) {
        const int32_t t = s == 0 ? root_[c] : Next(s, c);
        if (t >= 0) { s = t; break; }
        if (s == 0) break;
        s = fail_[static_cast<size_t>(s)];
      }
      for (int32_t o = atom_at_[static_cast<size_t>(s)] >= 0 ? s : dict_[static_cast<size_t>(s)]; o > 0;
           o = dict_[static_cast<size_t>(o)])
        hit(atom_at_[static_cast<size_t>(o)]);
    }
  }

 private:
  int32_t Next(int32_t s, uint8_t c) const {
    const int32_t d = dense_[static_cast<size_t>(s)];
    if (d >= 0) return table_[static_cast<size_t>(d) * 256 + c];
    const uint32_t b = edge_begin_[static_cast<size_t>(s)], e = edge_begin_[static_cast<size_t>(s) + 1];
    for (uint32_t i = b; i < e; ++i) {  // edges sorted; most states have one or two
      if (edge_byte_[i] == c) return edge_to_[i];
      if (edge_byte_[i] > c) break;
    }
    return -1;
  }
  size_t atom_count_ = 0;
  int32_t root_[256];
  std::vector<uint32_t> edge_begin_;  // per state, into edge_byte_ / edge_to_; one extra at the end
  std::vector<uint8_t> edge_byte_;
  std::vector<int32_t> edge_to_;
  // States with many edges (the second byte of a kanji, say) get a full table.
  std::vector<int32_t> dense_;   // per state: row in table_, or -1
  std::vector<int32_t> table_;
  std::vector<int32_t> fail_;
  std::vector<int32_t> atom_at_;  // atom ending at this state, or -1
  std::vector<int32_t> dict_;     // nearest state on the fail chain with an atom, or 0
};

}  // namespace anshin
