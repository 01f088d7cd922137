// Internal data model: rule packs and platform policies as loaded from JSON.
// Rules are data; the closed set of check kinds below is the only code.
#pragma once
#include <array>
#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "anshin/anshin.h"
#include "atoms.h"
#include "json_util.h"
#include "re2/re2.h"

namespace anshin {

// An RE2 compiled on first use. The packs hold hundreds of patterns and a given text
// runs few of them; compiling all of them up front was nearly all of the start-up time.
// Patterns of the built-in packs are known to compile (the rule tests compile every
// one); extra packs are compiled while loading, so their errors name the JSON pointer.
class LazyRE2 {
 public:
  LazyRE2(std::string pattern, const RE2::Options& options) : pattern_(std::move(pattern)), options_(options) {}
  const RE2& get() const {
    std::call_once(once_, [this] {
      re_ = std::make_unique<RE2>(pattern_, options_);
      compiled_.store(true, std::memory_order_release);
    });
    return *re_;
  }
  bool compiled() const {  // true once get() has run (or is running) to completion
    return compiled_.load(std::memory_order_acquire);
  }
  const std::string& pattern() const { return pattern_; }

 private:
  std::string pattern_;
  RE2::Options options_;
  mutable std::once_flag once_;
  mutable std::unique_ptr<RE2> re_;
  mutable std::atomic<bool> compiled_{false};
};

// Text in both message languages.
struct Localized {
  std::string ja, en;
  const std::string& Get(Locale l) const { return l == Locale::kEn ? en : ja; }
  bool empty() const { return ja.empty() && en.empty(); }
};

// The check kinds: how a rule's patterns become findings.
enum class CheckKind {
  kPattern,       // every match of a pattern is a finding (Vale's "existence")
  kSubstitution,  // like kPattern, and the finding carries a replacement text
  kField,         // a checklist field of a post: present / vague / missing
  kAggregate,     // fires when findings of several categories co-occur in one text
  kRate,          // money per unit (per character, per hour, per item) below a floor
  kCompleteness,  // a post with several required checklist fields missing or vague
};

// Where an exception pattern is searched, relative to a match.
enum class ExceptionScope {
  kMatch,     // inside the matched text
  kSentence,  // in the sentence around the match (split on 。！？!? . and newlines)
  kBefore,    // in the `chars` characters before the match (same line)
  kAfter,     // in the `chars` characters after the match (same line)
  kAround,    // kBefore and kAfter together, including the match
  kText,      // anywhere in the text
};

struct Exception {
  std::shared_ptr<const LazyRE2> re;  // shared: identical exception patterns compile once
  ExceptionScope scope = ExceptionScope::kSentence;
  int chars = 20;
  std::shared_ptr<const Requirement> need;  // the atoms a match of it needs (atoms.h); shared like `re`; reset by BuildIndex
};

struct Example {
  std::string text;
  bool should_match = true;
  Context context;
  std::string excerpt;        // when non-empty: a finding with exactly this excerpt
  std::string severity;       // when non-empty: that finding's severity
  std::string output;         // substitution: text after applying the replacement
  bool has_output = false;
  std::string status;         // field: expected status
  std::string value;          // field: expected value
  std::string pointer;        // JSON pointer of the example in its pack
};

// A bit set of allowed enum values; all bits set when the rule does not restrict.
struct Applies {
  unsigned kinds = 0x3, stages = 0x7, modes = 0x7;
  std::vector<std::string> platforms;  // empty: every platform
  bool Match(const Context& c) const;
};

struct Rule {
  std::string id;
  std::string category;
  Severity severity = Severity::kWarning;
  CheckKind check = CheckKind::kPattern;
  Applies applies;
  std::string policy;                    // platform policy that may change severity
  std::vector<std::string> patterns;     // after macro expansion and kana folding
  std::vector<std::unique_ptr<LazyRE2>> res; // compiled patterns, same order
  std::vector<Requirement> needs;        // per pattern: the atoms a match needs (atoms.h); emptied by BuildIndex
  // Per pattern, the capturing group of each role (0 = none): span, value, amount, count.
  std::vector<std::array<int, 4>> roles;
  // Per pattern: the span group encloses the whole pattern, so it is the whole match and
  // need not be read (RE2 reads groups of large patterns with its NFA).
  std::vector<char> span_whole;
  std::vector<Exception> exceptions;
  Localized message, suggestion, replacement;
  Localized label;                       // short human name (field rules: 納期 / deadline)
  bool has_replacement = false;
  std::vector<Example> examples;
  // kField
  std::string field;
  bool required = true;
  int weight = 0;
  std::vector<std::unique_ptr<LazyRE2>> vague;  // wording that makes the field vague
  Localized question;
  Localized missing_message;
  // kRate: each pattern captures (?P<amount>...) and optionally (?P<count>...);
  // amount / count below `below` fires. `{rate}` in the message is the computed rate.
  double below = 0;
  // kCompleteness: fires when at least `min_missing` required fields are not present;
  // `{fields}` in the message lists them.
  int min_missing = 2;
  // kAggregate
  int min_categories = 2;
  std::vector<std::string> of_categories;
  // Where it came from
  std::string pack;
  std::string pointer;
};

struct PolicyOverride {
  unsigned stages = 0x7, modes = 0x7;
  bool off = false;          // drop the finding entirely
  Severity severity = Severity::kInfo;
  Localized note;            // appended to the message
};

struct FollowupPolicy {
  int remind_after_days = 2;         // silence after which a polite reminder is due
  int reminders_before_request = 3;  // reminders to send before the platform's request
  int platform_reminder_after_days = 7;
  int support_after_days = 14;
  Localized reminder_name;           // the platform's name for its contact-reminder request
  Localized support_name;
};

struct Platform {
  std::string id;
  Localized name;
  std::map<std::string, std::vector<PolicyOverride>> policies;
  FollowupPolicy followup;
};

struct PlatformPolicy {
  std::map<std::string, Platform> platforms;
};

// Loading (loader.cc). Each returns the first problem found, naming file and pointer.
struct Defines {
  std::map<std::string, std::string> map;  // name → pattern text
  std::map<std::string, std::string> origin;
  // Compiled exception patterns by their final text: the same {{negation}} used by
  // a hundred rules compiles once.
  struct CachedException {
    std::shared_ptr<const LazyRE2> re;
    std::shared_ptr<const Requirement> need;
  };
  std::map<std::string, CachedException> exception_cache;
  // Readings of capture-free groups shared by the patterns of every pack (atoms.h).
  std::shared_ptr<AnalysisMemo> analysis = std::make_shared<AnalysisMemo>();
};
// Collects a pack's defines without loading its rules, so that defines may be used by
// packs loaded before the one defining them.
// `parsed` receives the pack's JSON, for LoadPack.
Status LoadDefines(const PackSource& src, Defines* defines, json* parsed);
// Loads the rules of a pack that LoadDefines parsed into `root`.
// `eager`: compile every pattern now (extra packs), so that errors name their pointer.
Status LoadPack(const PackSource& src, const json& root, Defines* defines, std::vector<Rule>* rules, bool eager);
Status LoadPlatforms(const PackSource& src, PlatformPolicy* out);

// Options every pattern is compiled with: UTF-8, case-insensitive, quiet, bounded memory.
// Rule patterns also never match a newline (never_nl): a match stays within one line,
// which lets the engine match line by line.
RE2::Options PatternOptions(bool captures, bool never_nl = false);

// Kinds etc. as bits for Applies.
inline unsigned Bit(Kind k) { return 1u << static_cast<int>(k); }
inline unsigned Bit(Stage s) { return 1u << static_cast<int>(s); }
inline unsigned Bit(Mode m) { return 1u << static_cast<int>(m); }

}  // namespace anshin
