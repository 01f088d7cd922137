// Internal: the compiled engine shared by engine.cc, examples.cc and guides.cc.
#pragma once
#include <algorithm>
#include <array>
#include <map>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "json_util.h"
#include "model.h"
#include "normalize.h"
#include "atoms.h"
#include "re2/set.h"

namespace anshin {

// One pattern of one rule.
struct SetEntry {
  size_t rule;
  size_t pattern;
};

// Every rule pattern, behind the atom prefilter (atoms.h). A single RE2::Set over all
// patterns would be one pass, but the union of hundreds of patterns with bounded gaps
// ([^。]{0,20}) makes the DFA's states explode (measured: seconds for 35,000
// characters); RE2's own PrefilterTree, fed kana classes like [らラ], produced 14,000
// atoms whose RE2::Set was a quarter of the check time. So: one Aho-Corasick pass over
// the folded line finds the atoms, each pattern's formula over them decides whether it
// can match, and only those patterns run, line by line (patterns never match a newline,
// so matching line by line finds exactly what matching the whole text would).
struct PatternIndex {
  struct Node {
    Requirement::Kind kind;
    bool atoms_only;       // kOr of atoms: holds when any of them was seen (stamped)
    uint32_t atom;         // kAtom
    uint32_t first, count; // kAnd / kOr: children in `kids`
  };
  AtomMatcher atoms;
  std::vector<std::string> atom_text;            // atom id → folded literal
  std::vector<SetEntry> entries;                 // pattern id → rule pattern
  std::vector<uint32_t> root;                    // pattern id → its formula's node
  std::vector<Node> nodes;
  std::vector<uint32_t> kids;
  std::vector<std::vector<uint32_t>> users;      // atom → pattern ids whose formula names it
  std::vector<std::vector<uint32_t>> in_ors;     // atom → atoms-only OR nodes that name it
  std::vector<int> unfiltered;                   // pattern ids that need no atom: always candidates
  // Scope-"text" exceptions, each searched in the whole text: one RE2::Set of all of
  // them answers every one in a single pass (built on first use).
  std::map<const LazyRE2*, size_t> text_slot;
  std::vector<std::string> text_patterns;
  mutable std::once_flag text_set_once;
  mutable std::unique_ptr<RE2::Set> text_set;
  // Which scope-"text" exceptions match somewhere in `text`; false if the set is not
  // usable (then each is searched alone).
  bool MatchTextSet(std::string_view text, std::vector<char>* hits) const;
  // rule → exception → its formula's node. An exception is searched in a window inside
  // one line (or the whole text, scope "text"), so when its atoms are not on the line
  // it cannot match there and RE2 need not run.
  std::vector<std::vector<uint32_t>> exception_root;

  // Per-check scratch space (one per Check call, so checks may run concurrently).
  struct Scratch {
    std::vector<uint32_t> atom_line, pattern_line, node_line;  // line stamp when last seen
    std::vector<uint32_t> touched;
    uint32_t line = 0;
  };
  Scratch NewScratch() const;
  bool Holds(uint32_t node, const Scratch& s) const;
};

constexpr uint32_t kNone = 0xFFFFFFFFu;     // an absent role group
constexpr uint32_t kPending = 0xFFFFFFFEu;  // a value group not read yet (ReadValueGroup)

// One match of one pattern in one line, offsets relative to the line.
struct LineMatch {
  uint32_t rule, pattern;
  Span whole;
  std::array<Span, 4> role;  // span, value, amount, count; {kNone, kNone} when absent
  bool excepted = false;     // an exception scoped inside the line cancels it
};

// What one line yields for one set of applicable rules.
struct LineResult {
  std::vector<LineMatch> matches;
  std::vector<uint32_t> skipped;  // field rules not run: settled by an earlier line
};

inline size_t CacheCost(const LineResult& r) { return 64 + r.matches.size() * sizeof(LineMatch) + r.skipped.size() * 4; }
inline size_t CacheCost(const NormalizedLine& l) { return 64 + l.text.size() * 9; }

// Results of recent checks for single lines: line matches keyed by the applicable rules
// and the normalized line, and normalized lines keyed by the original line. Typing
// changes one line at a time, so re-checking a document redoes only the lines that
// changed (tree-sitter re-parses only what an edit touched; same idea). Bounded: texts
// longer than kMaxText bypass it, and after a check, entries that check did not use go
// once the cache holds more than kMaxBytes.
template <typename Value>
class KeyedCache {
 public:
  static constexpr size_t kMaxText = 1 << 20;
  static constexpr size_t kMaxBytes = 8 << 20;
  uint64_t NextGeneration() {
    std::lock_guard<std::mutex> lock(mu_);
    return ++generation_;
  }
  std::shared_ptr<const Value> Find(const std::string& key, uint64_t generation) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = map_.find(key);
    if (it == map_.end()) return nullptr;
    it->second.used = generation;
    return it->second.value;
  }
  void Put(const std::string& key, std::shared_ptr<const Value> value, uint64_t generation) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = map_.find(key);
    if (it != map_.end()) {
      bytes_ -= key.size() + CacheCost(*it->second.value);
      it->second = {value, generation};
    } else {
      map_.emplace(key, Entry{value, generation});
    }
    bytes_ += key.size() + CacheCost(*value);
  }
  void Trim(uint64_t generation) {
    std::lock_guard<std::mutex> lock(mu_);
    if (bytes_ <= kMaxBytes) return;
    for (auto it = map_.begin(); it != map_.end();) {
      if (it->second.used != generation) {
        bytes_ -= it->first.size() + CacheCost(*it->second.value);
        it = map_.erase(it);
      } else {
        ++it;
      }
    }
    if (bytes_ > kMaxBytes) {  // one check's lines alone exceed the budget
      map_.clear();
      bytes_ = 0;
    }
  }
  size_t bytes() const {
    std::lock_guard<std::mutex> lock(mu_);
    return bytes_;
  }

 private:
  struct Entry {
    std::shared_ptr<const Value> value;
    uint64_t used;
  };
  mutable std::mutex mu_;
  std::unordered_map<std::string, Entry> map_;
  size_t bytes_ = 0;
  uint64_t generation_ = 0;
};

class LineCache : public KeyedCache<LineResult> {
 public:
  static std::string Signature(const std::vector<char>& applies);
};

struct Engine::Impl {
  std::vector<Rule> rules;
  PlatformPolicy platforms;
  PatternIndex index;
  json guides;           // rules/guides.json: the wording of clarify / followup

  // Candidate patterns for one line: pattern ids, ascending. `folded` is the line in the
  // atom view (FoldForAtoms).
  // Returns whether the line's atoms were scanned into `scratch`: false for a line with a
  // character RE2 folds to an ASCII letter (atoms.h), where every pattern is a candidate.
  bool Candidates(std::string_view folded, PatternIndex::Scratch* scratch, std::vector<int>* out) const;
  // Builds `index` from the loaded rules.
  void BuildIndex();
  // Every match of rule `ri`'s pattern `pi` in one line, with the line-scoped
  // exceptions decided (`atoms`: the line's atoms, to skip exceptions that cannot match).
  void MatchLine(std::string_view line, size_t ri, size_t pi, const PatternIndex::Scratch* atoms,
                 std::vector<LineMatch>* out) const;
  // The value group of a match MatchLine left kPending: `line` is the match's line in
  // `text` (its context, as when MatchLine found it), `whole` the match.
  Span ReadValueGroup(std::string_view text, Span line, size_t ri, size_t pi, Span whole) const;
  // Every regex the packs hold (patterns, exceptions, vague wordings), for CompileSome.
  std::vector<const LazyRE2*> all_regexes;
  mutable std::mutex warm_mu;
  mutable size_t warm_next = 0;
  bool cache_enabled = true;
  mutable LineCache cache;
  mutable KeyedCache<NormalizedLine> norm_cache;
  const Platform* FindPlatform(const std::string& id) const;
};

// Validates rules/guides.json (guides.cc).
Status CheckGuides(const json& guides);
// ISO 8601 date-time with a time zone → epoch seconds and offset in minutes (guides.cc).
bool ParseTimestamp(const std::string& s, int64_t* epoch, int* offset_minutes);

}  // namespace anshin
