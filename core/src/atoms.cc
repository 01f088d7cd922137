#include "atoms.h"

#include <algorithm>
#include <set>
#include <unordered_map>

#include "text.h"

namespace anshin {
namespace {

constexpr size_t kMinAtomBytes = 2;  // two ASCII letters or digits, or one kanji or kana
// Exact string sets larger than this become OR formulas. 16 rather than 64: 7,974 atoms
// instead of 12,284 (48,203 automaton states instead of 80,525), start-up 23% fewer
// instructions, while candidates per line rise by 2% on the benchmark document.
constexpr size_t kMaxExact = 16;
constexpr size_t kMaxClass = 8;      // character classes with more members match "anything"

// The folded form of one code point as the atom view shows it, or false when a match
// of it could look different there (case pairs outside ASCII, symbols RE2 folds).
bool FoldChar(char32_t c, std::string* out) {
  out->clear();
  if (c < 0x80) {
    if (c == '\n') return false;
    out->push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c));
    return true;
  }
  // Below U+3000 live the scripts with letter case (Latin, Greek, Cyrillic...); above
  // U+FF00 the width variants the normalizer folds. Neither is worth an atom.
  if (c < 0x3000 || c >= 0xFF00 || (c >= 0xD800 && c <= 0xDFFF)) return false;
  if (c >= 0x3041 && c <= 0x3096) c += 0x60;
  AppendUtf8(out, c);
  return true;
}

// Analysis state of a sub-expression: either the exact set of strings it can match
// (when small), or a requirement on what its matches contain.
struct Info {
  bool exact = false;
  std::vector<std::string> strings;  // may hold duplicates until ToReq
  Requirement need;
};

Info Any() { return Info{}; }
Info Exact(std::vector<std::string> s) {
  std::sort(s.begin(), s.end());
  s.erase(std::unique(s.begin(), s.end()), s.end());
  Info i;
  i.exact = true;
  i.strings = std::move(s);
  return i;
}
Info EmptyString() { return Exact(std::vector<std::string>{std::string()}); }

Requirement AnyReq() { return Requirement{}; }

// a op b, flattening nested nodes of the same op. Appends to `a` in place: long
// alternations fold left, so rebuilding the list each time would be quadratic.
Requirement Join(Requirement::Kind op, Requirement a, Requirement b) {
  if (a.kind != op) {
    Requirement r;
    r.kind = op;
    r.kids.push_back(std::move(a));
    a = std::move(r);
  }
  if (b.kind == op)
    for (auto& k : b.kids) a.kids.push_back(std::move(k));
  else
    a.kids.push_back(std::move(b));
  return a;
}

Requirement And(Requirement a, Requirement b) {
  if (a.kind == Requirement::kAny) return b;
  if (b.kind == Requirement::kAny) return a;
  return Join(Requirement::kAnd, std::move(a), std::move(b));
}

Requirement Or(Requirement a, Requirement b) {
  if (a.kind == Requirement::kAny || b.kind == Requirement::kAny) return AnyReq();
  return Join(Requirement::kOr, std::move(a), std::move(b));
}

// An exact set as a requirement: any match contains one of the strings. Strings that
// contain another string of the set add nothing (OR(abc, abcd) = abc).
Requirement ToReq(Info&& info) {
  if (!info.exact) return std::move(info.need);
  std::vector<std::string>& v = info.strings;
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  for (const auto& s : v)
    if (s.size() < kMinAtomBytes) return AnyReq();
  std::sort(v.begin(), v.end(), [](const std::string& a, const std::string& b) { return a.size() < b.size(); });
  std::vector<std::string> kept;
  for (const auto& s : v) {
    bool redundant = false;
    for (const auto& k : kept) redundant |= s.find(k) != std::string::npos;
    if (!redundant) kept.push_back(s);
  }
  if (kept.empty()) return AnyReq();
  Requirement r;
  if (kept.size() == 1) {
    r.kind = Requirement::kAtom;
    r.atom = kept[0];
    return r;
  }
  r.kind = Requirement::kOr;
  for (auto& s : kept) {
    Requirement a;
    a.kind = Requirement::kAtom;
    a.atom = std::move(s);
    r.kids.push_back(std::move(a));
  }
  return r;
}

Info NotExact(Requirement r) {
  Info i;
  i.need = std::move(r);
  return i;
}

// Both exact, and the cross product small enough (checked by the caller).
Info Concat(Info&& a, const Info& b) {
  if (b.strings.size() == 1) {  // the common case, one more literal: append in place
    for (auto& x : a.strings) x += b.strings[0];
    return std::move(a);
  }
  std::vector<std::string> out;
  out.reserve(a.strings.size() * b.strings.size());
  for (const auto& x : a.strings)
    for (const auto& y : b.strings) out.push_back(x + y);
  return Exact(std::move(out));
}

Info Alternate(Info&& a, Info&& b) {
  if (a.exact && b.exact && a.strings.size() + b.strings.size() <= kMaxExact) {
    // Duplicates may remain until ToReq; they only make the size limits stricter.
    a.strings.insert(a.strings.end(), b.strings.begin(), b.strings.end());
    return std::move(a);
  }
  return NotExact(Or(ToReq(std::move(a)), ToReq(std::move(b))));
}

}  // namespace

struct AnalysisMemo::Impl {
  std::unordered_map<std::string, Info> groups;  // group text → what it was read as
};
AnalysisMemo::AnalysisMemo() : impl_(std::make_unique<Impl>()) {}
AnalysisMemo::~AnalysisMemo() = default;

namespace {

constexpr size_t kNoClose = static_cast<size_t>(-1);
constexpr size_t kMemoMinChars = 24;  // shorter groups are cheaper to read than to look up

// Recursive-descent reader for the RE2 syntax the rule packs use. Anything else sets
// ok_ = false, and the caller then treats the pattern as "any".
class Reader {
 public:
  Reader(std::string_view p, AnalysisMemo* memo) : text_(p), chars_(DecodeUtf8(p)), memo_(memo ? memo->impl() : nullptr) {
    if (memo_) FindCloses();
  }

  bool Run(PatternShape* shape) {
    Info info = Alternation();
    if (!ok_ || pos_ != chars_.size()) return false;
    shape->groups = groups_;
    shape->named = std::move(named_);
    shape->need = ToReq(std::move(info));
    // "(...)" or "(?P<name>...)" around everything: group 1 is always the whole match.
    if (chars_.size() >= 2 && chars_[0].cp == '(' && (chars_[1].cp != '?' || (chars_.size() > 2 && (chars_[2].cp == 'P' || chars_[2].cp == '<')))) {
      if (close_.empty()) FindCloses();
      shape->whole_group = close_[0] == chars_.size() - 1;
    }
    return true;
  }

 private:
  bool AtEnd() const { return pos_ >= chars_.size(); }
  char32_t Peek(size_t k = 0) const { return pos_ + k < chars_.size() ? chars_[pos_ + k].cp : 0; }
  Info Fail() { ok_ = false; return Any(); }

  Info Alternation() {
    Info left = Sequence();
    while (ok_ && !AtEnd() && Peek() == '|') {
      ++pos_;
      Info right = Sequence();
      left = Alternate(std::move(left), std::move(right));
    }
    return left;
  }

  // A concatenation. Consecutive exact items are kept together as one run of strings,
  // so "[a-z]+\.zoom\.us/" requires ".zoom.us/" instead of losing it one character
  // at a time to the minimum atom length.
  Info Sequence() {
    Info run = EmptyString();
    Requirement need;  // of the parts before `run`
    bool exact = true;
    while (ok_ && !AtEnd() && Peek() != '|' && Peek() != ')') {
      // Fast path: a plain character, not repeated, extends every string of the run in
      // place (what Repeated() and Concat would give, without building an Info).
      if (run.exact && IsPlain(Peek()) && !IsQuantifier(Peek(1))) {
        if (FoldChar(Peek(), &fold_)) {
          for (auto& x : run.strings) x += fold_;
        } else {  // a character the atom view cannot see: like a non-exact item
          need = And(std::move(need), ToReq(std::move(run)));
          run = EmptyString();
          exact = false;
        }
        ++pos_;
        continue;
      }
      Info item = Repeated();
      if (!item.exact) {
        need = And(std::move(need), ToReq(std::move(run)));
        need = And(std::move(need), std::move(item.need));
        run = EmptyString();
        exact = false;
      } else if (run.strings.size() * item.strings.size() > kMaxExact) {
        need = And(std::move(need), ToReq(std::move(run)));
        run = std::move(item);
        exact = false;
      } else if (run.strings.size() == 1 && run.strings[0].empty()) {
        run = std::move(item);
      } else {
        run = Concat(std::move(run), item);
      }
    }
    if (exact) return run;
    return NotExact(And(std::move(need), ToReq(std::move(run))));
  }

  // Characters that stand for themselves outside a class.
  static bool IsPlain(char32_t c) {
    switch (c) {
      case 0: case '\\': case '[': case '(': case ')': case '|': case '.': case '^': case '$':
      case '*': case '+': case '?': case '{':
        return false;
      default:
        return true;
    }
  }
  static bool IsQuantifier(char32_t c) { return c == '*' || c == '+' || c == '?' || c == '{'; }

  // An atom followed by any quantifiers.
  Info Repeated() {
    Info item = Atom();
    while (ok_ && !AtEnd()) {
      int lo = 0, hi = -1;
      const char32_t c = Peek();
      if (c == '*') { lo = 0; hi = -1; ++pos_; }
      else if (c == '+') { lo = 1; hi = -1; ++pos_; }
      else if (c == '?') { lo = 0; hi = 1; ++pos_; }
      else if (c == '{' && Braces(&lo, &hi)) {}
      else break;
      if (!AtEnd() && Peek() == '?') ++pos_;  // non-greedy: same strings
      if (lo == 0) {
        if (hi == 1 && item.exact && item.strings.size() < kMaxExact) item.strings.emplace_back();
        else item = Any();
      } else if (!(lo == 1 && hi == 1)) {
        item = NotExact(ToReq(std::move(item)));
      }
    }
    return item;
  }

  // {n}, {n,}, {n,m}; false (and nothing consumed) when "{" is a literal.
  bool Braces(int* lo, int* hi) {
    size_t p = pos_ + 1;
    auto number = [&](int* out) {
      size_t start = p;
      long v = 0;
      while (p < chars_.size() && chars_[p].cp >= '0' && chars_[p].cp <= '9') {
        v = v * 10 + static_cast<long>(chars_[p].cp - '0');
        if (v > 100000) return false;
        ++p;
      }
      *out = static_cast<int>(v);
      return p > start;
    };
    if (!number(lo)) return false;
    if (p < chars_.size() && chars_[p].cp == '}') { *hi = *lo; pos_ = p + 1; return true; }
    if (p >= chars_.size() || chars_[p].cp != ',') return false;
    ++p;
    if (p < chars_.size() && chars_[p].cp == '}') { *hi = -1; pos_ = p + 1; return true; }
    if (!number(hi) || p >= chars_.size() || chars_[p].cp != '}') return false;
    pos_ = p + 1;
    return true;
  }

  Info Literal(char32_t c) {
    std::string s;
    if (!FoldChar(c, &s)) return Any();
    return Exact(std::vector<std::string>{s});
  }

  Info Atom() {
    const char32_t c = Peek();
    if (c == '(') return Group();
    if (c == '[') return Class();
    if (c == '\\') {
      Info out;
      if (!Escape(&out, nullptr)) return Fail();
      return out;
    }
    ++pos_;
    if (c == '.') return Any();
    if (c == '^' || c == '$') return EmptyString();
    if (c == '*' || c == '+' || c == '?') return Fail();  // nothing to repeat
    return Literal(c);
  }

  // close_[i]: the ")" that ends the group opened at i (escapes and classes skipped).
  void FindCloses() {
    close_.assign(chars_.size(), kNoClose);
    std::vector<size_t> open;
    for (size_t i = 0; i < chars_.size(); ++i) {
      const char32_t c = chars_[i].cp;
      if (c == '\\') { ++i; continue; }
      if (c == '[') {  // skip the class; "]" first (or after "^") is a literal
        size_t j = i + 1;
        if (j < chars_.size() && chars_[j].cp == '^') ++j;
        if (j < chars_.size() && chars_[j].cp == ']') ++j;
        for (; j < chars_.size() && chars_[j].cp != ']'; ++j)
          if (chars_[j].cp == '\\') ++j;
        i = j;
        continue;
      }
      if (c == '(') open.push_back(i);
      else if (c == ')' && !open.empty()) { close_[open.back()] = i; open.pop_back(); }
    }
  }

  Info Group() {
    const size_t at = pos_;
    std::string key;
    if (memo_ && close_[at] != kNoClose && close_[at] - at >= kMemoMinChars) {
      key.assign(text_.substr(chars_[at].begin, chars_[close_[at]].end - chars_[at].begin));
      auto it = memo_->groups.find(key);
      if (it != memo_->groups.end()) {
        pos_ = close_[at] + 1;
        return it->second;
      }
    }
    const int groups_before = groups_;
    Info info = GroupInner();
    // Only groups that capture nothing are remembered: their reading is the same
    // wherever they occur.
    if (!key.empty() && ok_ && groups_ == groups_before && pos_ == close_[at] + 1) memo_->groups.emplace(std::move(key), info);
    return info;
  }

  Info GroupInner() {
    ++pos_;  // (
    if (Peek() == '?') {
      ++pos_;
      if (Peek() == 'P' && Peek(1) == '<') { pos_ += 2; return NamedGroup(); }
      if (Peek() == '<') { ++pos_; return NamedGroup(); }
      // Flags: (?i) (?-i) (?i:...) (?:...)
      while (!AtEnd() && (Peek() == 'i' || Peek() == 'm' || Peek() == 's' || Peek() == 'U' || Peek() == '-')) ++pos_;
      if (Peek() == ')') { ++pos_; return EmptyString(); }
      if (Peek() != ':') return Fail();
      ++pos_;
      return GroupBody();
    }
    ++groups_;
    return GroupBody();
  }

  Info NamedGroup() {
    std::string name;
    while (!AtEnd() && Peek() != '>') AppendUtf8(&name, chars_[pos_++].cp);
    if (AtEnd() || name.empty()) return Fail();
    ++pos_;  // >
    ++groups_;
    named_[name] = groups_;
    return GroupBody();
  }

  Info GroupBody() {
    Info inner = Alternation();
    if (!ok_ || AtEnd() || Peek() != ')') return Fail();
    ++pos_;
    return inner;
  }

  // One escape. Outside a class, `out` receives its Info; inside, `member` receives the
  // single code point it stands for (0 for a multi-character class such as \d).
  bool Escape(Info* out, char32_t* member) {
    ++pos_;  // backslash
    if (AtEnd()) return false;
    const char32_t c = chars_[pos_++].cp;
    auto single = [&](char32_t v) {
      if (member) *member = v;
      else *out = Literal(v);
      return true;
    };
    auto klass = [&]() {
      if (member) *member = 0;
      else *out = Any();
      return true;
    };
    switch (c) {
      case 'd': case 'D': case 's': case 'S': case 'w': case 'W': case 'C': return klass();
      case 'p': case 'P':
        if (Peek() == '{') {
          while (!AtEnd() && Peek() != '}') ++pos_;
          if (AtEnd()) return false;
          ++pos_;
        } else {
          if (AtEnd()) return false;
          ++pos_;
        }
        return klass();
      case 'b': case 'B': case 'A': case 'z':
        if (member) return false;
        *out = EmptyString();
        return true;
      case 'n': return single('\n');
      case 't': return single('\t');
      case 'r': return single('\r');
      case 'f': return single('\f');
      case 'v': return single('\v');
      case 'a': return single('\a');
      case 'x': {
        char32_t v = 0;
        auto hex = [](char32_t h, char32_t* d) {
          if (h >= '0' && h <= '9') *d = h - '0';
          else if (h >= 'a' && h <= 'f') *d = h - 'a' + 10;
          else if (h >= 'A' && h <= 'F') *d = h - 'A' + 10;
          else return false;
          return true;
        };
        if (Peek() == '{') {
          ++pos_;
          int n = 0;
          for (char32_t d; !AtEnd() && Peek() != '}'; ++pos_, ++n) {
            if (!hex(Peek(), &d) || n >= 6) return false;
            v = v * 16 + d;
          }
          if (AtEnd() || n == 0) return false;
          ++pos_;
        } else {
          for (int k = 0; k < 2; ++k) {
            char32_t d;
            if (AtEnd() || !hex(Peek(), &d)) return false;
            v = v * 16 + d;
            ++pos_;
          }
        }
        return single(v);
      }
      case 'Q': {
        if (member) return false;
        Info acc = EmptyString();
        while (!AtEnd() && !(Peek() == '\\' && Peek(1) == 'E')) {
          Info lit = Literal(chars_[pos_++].cp);
          if (!lit.exact) { acc = Any(); continue; }
          if (acc.exact) acc = Concat(std::move(acc), lit);
        }
        if (!AtEnd()) pos_ += 2;
        *out = acc;
        return true;
      }
      default:
        // Punctuation escapes stand for themselves; other letters and digits (back
        // references, octal) are beyond what the packs use.
        if (c < 0x80 && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return false;
        return single(c);
    }
  }

  Info Class() {
    ++pos_;  // [
    bool negated = false;
    if (Peek() == '^') { negated = true; ++pos_; }
    std::vector<std::string> members;
    bool large = false;
    bool first = true;
    while (!AtEnd() && (first || Peek() != ']')) {
      first = false;
      char32_t lo;
      if (Peek() == '[' && Peek(1) == ':') {  // [:alpha:]
        while (!AtEnd() && !(Peek() == ':' && Peek(1) == ']')) ++pos_;
        if (AtEnd()) return Fail();
        pos_ += 2;
        large = true;
        continue;
      }
      if (Peek() == '\\') {
        Info unused;
        if (!Escape(&unused, &lo)) return Fail();
        if (lo == 0) { large = true; continue; }
      } else {
        lo = chars_[pos_++].cp;
      }
      char32_t hi = lo;
      if (Peek() == '-' && Peek(1) != ']' && pos_ + 1 < chars_.size()) {
        ++pos_;
        if (Peek() == '\\') {
          Info unused;
          if (!Escape(&unused, &hi) || hi == 0) return Fail();
        } else {
          hi = chars_[pos_++].cp;
        }
        if (hi < lo) return Fail();
      }
      if (large) continue;
      if (hi - lo >= kMaxClass) { large = true; continue; }
      for (char32_t c = lo; c <= hi; ++c) {
        std::string s;
        if (!FoldChar(c, &s)) { large = true; break; }
        // RE2 matches classes case-insensitively too: [A] is a and A, folded the same.
        if (std::find(members.begin(), members.end(), s) == members.end()) members.push_back(s);
      }
      if (members.size() > kMaxClass) large = true;
    }
    if (AtEnd()) return Fail();
    ++pos_;  // ]
    if (negated || large) return Any();
    return Exact(std::move(members));
  }

  std::string_view text_;
  std::string fold_;  // scratch for FoldChar
  std::vector<Char> chars_;
  AnalysisMemo::Impl* memo_;
  std::vector<size_t> close_;
  size_t pos_ = 0;
  bool ok_ = true;
  int groups_ = 0;
  std::map<std::string, int> named_;
};

}  // namespace

PatternShape AnalyzePattern(std::string_view pattern, AnalysisMemo* memo) {
  PatternShape shape;
  Reader reader(pattern, memo);
  shape.read = reader.Run(&shape);
  if (!shape.read) {
    shape.need = AnyReq();
    shape.groups = 0;
    shape.named.clear();
  }
  return shape;
}

std::string FoldForAtoms(std::string_view text) {
  std::string out(text);
  const size_t n = out.size();
  for (size_t i = 0; i < n; ++i) {
    const unsigned char c = static_cast<unsigned char>(out[i]);
    if (c >= 'A' && c <= 'Z') {
      out[i] = static_cast<char>(c + 32);
    } else if (c == 0xE3 && i + 2 < n) {
      // Hiragana U+3041..U+303F is E3 81 81..E3 81 BF; U+3080..U+3096 is E3 82 80..E3 82 96.
      const unsigned char b1 = static_cast<unsigned char>(out[i + 1]), b2 = static_cast<unsigned char>(out[i + 2]);
      char32_t cp = 0;
      if (b1 == 0x81 && b2 >= 0x81 && b2 <= 0xBF) cp = 0x3000 + ((b1 & 0x3F) << 6) + (b2 & 0x3F);
      else if (b1 == 0x82 && b2 >= 0x80 && b2 <= 0x96) cp = 0x3000 + ((b1 & 0x3F) << 6) + (b2 & 0x3F);
      if (cp) {
        cp += 0x60;  // katakana, also three bytes
        out[i + 1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out[i + 2] = static_cast<char>(0x80 | (cp & 0x3F));
      }
      i += 2;
    }
  }
  return out;
}

bool HasAsciiCaseTwin(std::string_view line) {
  // U+212A is E2 84 AA; U+017F is C5 BF. Lead bytes E2 and C5 are rare in Japanese text,
  // so each is looked for with memchr.
  for (size_t i = line.find('\xC5'); i != std::string_view::npos; i = line.find('\xC5', i + 1))
    if (i + 1 < line.size() && line[i + 1] == '\xBF') return true;
  for (size_t i = line.find('\xE2'); i != std::string_view::npos; i = line.find('\xE2', i + 1))
    if (i + 2 < line.size() && line[i + 1] == '\x84' && line[i + 2] == '\xAA') return true;
  return false;
}

void AtomMatcher::Build(const std::vector<std::string>& atoms) {
  atom_count_ = atoms.size();
  // The trie, built from the atoms in sorted order: each atom shares the states of its
  // common prefix with the one before, and every state's edges come out sorted by byte.
  std::vector<uint32_t> order(atoms.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return atoms[a] < atoms[b]; });
  struct Edge {
    int32_t from, to;
    uint8_t byte;
  };
  std::vector<Edge> edges;
  std::vector<int32_t> atom_at(1, -1);
  std::vector<int32_t> path(1, 0);  // path[d]: the state after the first d bytes of `prev`
  const std::string* prev = nullptr;
  for (uint32_t a : order) {
    const std::string& atom = atoms[a];
    if (atom.empty()) continue;
    size_t common = 0;
    if (prev)
      while (common < prev->size() && common < atom.size() && (*prev)[common] == atom[common]) ++common;
    path.resize(common + 1);
    for (size_t d = common; d < atom.size(); ++d) {
      const int32_t t = static_cast<int32_t>(atom_at.size());
      edges.push_back({path.back(), t, static_cast<uint8_t>(atom[d])});
      atom_at.push_back(-1);
      path.push_back(t);
    }
    atom_at[static_cast<size_t>(path.back())] = static_cast<int32_t>(a);
    prev = &atom;
  }
  const size_t n = atom_at.size();
  // Edges by state (counting sort on `from`, which keeps each state's edges in byte order).
  edge_begin_.assign(n + 1, 0);
  for (const Edge& e : edges) ++edge_begin_[static_cast<size_t>(e.from) + 1];
  for (size_t s = 0; s < n; ++s) edge_begin_[s + 1] += edge_begin_[s];
  edge_byte_.assign(edges.size(), 0);
  edge_to_.assign(edges.size(), 0);
  {
    std::vector<uint32_t> at(edge_begin_.begin(), edge_begin_.end() - 1);
    for (const Edge& e : edges) {
      const uint32_t k = at[static_cast<size_t>(e.from)]++;
      edge_byte_[k] = e.byte;
      edge_to_[k] = e.to;
    }
  }
  constexpr uint32_t kDenseEdges = 6;
  dense_.assign(n, -1);
  table_.clear();
  for (size_t s = 1; s < n; ++s) {
    if (edge_begin_[s + 1] - edge_begin_[s] < kDenseEdges) continue;
    dense_[s] = static_cast<int32_t>(table_.size() / 256);
    table_.resize(table_.size() + 256, -1);
    for (uint32_t k = edge_begin_[s]; k < edge_begin_[s + 1]; ++k)
      table_[static_cast<size_t>(dense_[s]) * 256 + edge_byte_[k]] = edge_to_[k];
  }
  for (int32_t& r : root_) r = -1;
  for (uint32_t k = edge_begin_[0]; k < edge_begin_[1]; ++k) root_[edge_byte_[k]] = edge_to_[k];
  // Breadth first: fail links and dictionary links.
  fail_.assign(n, 0);
  dict_.assign(n, 0);
  atom_at_ = std::move(atom_at);
  std::vector<int32_t> queue;
  queue.reserve(n);
  for (uint32_t k = edge_begin_[0]; k < edge_begin_[1]; ++k) queue.push_back(edge_to_[k]);
  for (size_t head = 0; head < queue.size(); ++head) {
    const int32_t s = queue[head];
    for (uint32_t k = edge_begin_[static_cast<size_t>(s)]; k < edge_begin_[static_cast<size_t>(s) + 1]; ++k) {
      const uint8_t c = edge_byte_[k];
      const int32_t t = edge_to_[k];
      int32_t f = fail_[static_cast<size_t>(s)];
      int32_t next = -1;
      for (;;) {
        next = f == 0 ? root_[c] : Next(f, c);
        if (next >= 0 || f == 0) break;
        f = fail_[static_cast<size_t>(f)];
      }
      if (next < 0 || next == t) next = 0;
      fail_[static_cast<size_t>(t)] = next;
      dict_[static_cast<size_t>(t)] = atom_at_[static_cast<size_t>(next)] >= 0 ? next : dict_[static_cast<size_t>(next)];
      queue.push_back(t);
    }
  }
}

}  // namespace anshin
