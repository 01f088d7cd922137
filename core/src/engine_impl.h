// Internal: the compiled engine shared by engine.cc, examples.cc and guides.cc.
#pragma once
#include <algorithm>
#include <memory>
#include <vector>

#include "json_util.h"
#include "model.h"
#include "normalize.h"
#include "re2/set.h"

namespace anshin {

// One pattern of one rule inside a kind's RE2::Set.
struct SetEntry {
  size_t rule;
  size_t pattern;
};

// All patterns that can apply to one kind of text, in one RE2::Set.
struct KindIndex {
  std::unique_ptr<RE2::Set> set;
  std::vector<SetEntry> entries;
};

struct Engine::Impl {
  std::vector<Rule> rules;
  PlatformPolicy platforms;
  KindIndex by_kind[2];  // indexed by Kind
  json guides;           // rules/guides.json: the wording of clarify / followup

  // Rules that fired for a kind, given the normalized text: indices into `rules`
  // with, per rule, which of its patterns fired.
  std::vector<std::vector<size_t>> Fired(Kind kind, const std::string& text) const;
  const Platform* FindPlatform(const std::string& id) const;
};

// Validates rules/guides.json (guides.cc).
Status CheckGuides(const json& guides);
// ISO 8601 date-time with a time zone → epoch seconds and offset in minutes (guides.cc).
bool ParseTimestamp(const std::string& s, int64_t* epoch, int* offset_minutes);

// Finds every non-empty match of `re` in `text`, in order, non-overlapping. When the
// pattern has a group named "span", that group is the reported range (the rest of the
// match is context, like a lookaround) and the search resumes after it.
template <typename F>
void ForEachMatch(const RE2& re, const std::string& text, F&& f) {
  re2::StringPiece input(text);
  const auto& names = re.NamedCapturingGroups();
  const auto it = names.find("span");
  const int group = it == names.end() ? 0 : it->second;
  re2::StringPiece m[8];
  const int n = group + 1;
  if (n > 8) return;
  size_t pos = 0;
  while (pos <= text.size() && re.Match(input, pos, text.size(), RE2::UNANCHORED, m, n)) {
    const re2::StringPiece& g = m[group].data() ? m[group] : m[0];
    const size_t b = static_cast<size_t>(g.data() - text.data());
    const size_t e = b + g.size();
    const size_t whole_b = static_cast<size_t>(m[0].data() - text.data());
    const size_t whole_e = whole_b + m[0].size();
    if (e > b) f(b, e);
    size_t next = e > b ? e : whole_e;
    if (next <= pos || next == whole_b) {  // no progress: step over one character
      next = std::max(pos, whole_b) + 1;
      while (next < text.size() && (static_cast<unsigned char>(text[next]) & 0xC0) == 0x80) ++next;
    }
    pos = next;
  }
}

}  // namespace anshin
