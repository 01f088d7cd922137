// Internal: the compiled engine shared by engine.cc, examples.cc and guides.cc.
#pragma once
#include <algorithm>
#include <memory>
#include <vector>

#include "json_util.h"
#include "model.h"
#include "normalize.h"
#include "re2/prefilter.h"
#include "re2/prefilter_tree.h"
#include "re2/set.h"

namespace anshin {

// One pattern of one rule inside a kind's RE2::Set.
struct SetEntry {
  size_t rule;
  size_t pattern;
};

// Every rule pattern, behind a prefilter. A single RE2::Set over all patterns would be
// one pass, but the union of hundreds of patterns with bounded gaps ([^。]{0,20})
// makes the DFA's states explode (measured: seconds for 35,000 characters). So, as
// RE2's FilteredRE2 does, a PrefilterTree extracts the literal atoms each pattern
// needs; one RE2::Set of those literals (a small DFA) finds the atoms present in a
// line in a single pass, and only the patterns whose atoms are all there (or that have
// none, like phone numbers) run on that line. Patterns never match a newline
// (never_nl), so matching line by line finds exactly what matching the whole text would.
struct PatternIndex {
  std::unique_ptr<re2::PrefilterTree> tree;
  std::unique_ptr<RE2::Set> atoms;          // the atoms, as case-insensitive literals
  size_t atom_count = 0;
  std::vector<SetEntry> entries;            // prefilter id → rule pattern
  std::vector<int> unfiltered;              // ids that have no atoms: always candidates
};

struct Engine::Impl {
  std::vector<Rule> rules;
  PlatformPolicy platforms;
  PatternIndex index;
  json guides;           // rules/guides.json: the wording of clarify / followup

  // Candidate patterns for one line of normalized text: prefilter ids, ascending.
  void Candidates(re2::StringPiece line, std::vector<int>* out) const;
  const Platform* FindPlatform(const std::string& id) const;
};

// Validates rules/guides.json (guides.cc).
Status CheckGuides(const json& guides);
// ISO 8601 date-time with a time zone → epoch seconds and offset in minutes (guides.cc).
bool ParseTimestamp(const std::string& s, int64_t* epoch, int* offset_minutes);

}  // namespace anshin
