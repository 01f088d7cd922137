// Anshin (安心): checks job posts and messages on crowdsourcing marketplaces for
// rule violations, missing requirements and vague wording, and guides running jobs.
// One core, built natively and to WebAssembly; both give byte-identical reports.
//
// Usage:
//
//   #include "anshin/anshin.h"
//
//   anshin::Result<std::unique_ptr<anshin::Engine>> made = anshin::Engine::Create({});
//   if (!made.ok()) { std::cerr << made.status().ToString() << "\n"; return 2; }
//   const anshin::Engine& engine = *made.value();
//
//   anshin::Context ctx;                      // post, draft, project, lancers, ja
//   ctx.kind = anshin::Kind::kMessage;
//   ctx.stage = anshin::Stage::kBeforeEscrow;
//   anshin::Report report = engine.Check("LINE交換しませんか？", ctx);
//   std::string json = anshin::ReportToJson(report);   // SPEC.md "Report"
//
// Contracts that hold for every function here:
//   - No function throws; failures are returned as a Status with a code, a message and
//     where it happened (file, JSON pointer, rule id).
//   - Text is UTF-8; invalid bytes are read as U+FFFD and never shift offsets.
//   - Offsets in reports are half-open ranges in UTF-16 code units of the original input.
//   - An Engine is immutable after Create(); Check() is const and may be called from
//     several threads at once.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace anshin {

// ---------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------

enum class StatusCode {
  kOk = 0,            // success
  kInvalidArgument,   // a caller-supplied option or value is not allowed (unknown kind, ...)
  kParseError,        // text that should be JSON is not (position in `pointer` as "@line:col")
  kSchemaError,       // JSON that does not have the required structure
  kPatternError,      // an RE2 pattern does not compile or exceeds the memory budget
  kDuplicateRule,     // two rules share one id
  kExampleFailed,     // a rule's own example does not behave as declared
  kIoError,           // a file could not be read
};

// Stable name of a code ("schema_error", ...), as used in JSON and in JavaScript.
const char* StatusCodeName(StatusCode code);

struct Status {
  StatusCode code = StatusCode::kOk;
  std::string message;  // what is wrong, in English, one line
  std::string file;     // rule pack or input file, when known
  std::string pointer;  // JSON pointer of the bad value (RFC 6901), when known
  std::string rule;     // rule id, when known

  bool ok() const { return code == StatusCode::kOk; }
  // "file: /rules/3/patterns/0 (rule x.y): message" with the parts that are known.
  std::string ToString() const;
  // {"code": "...", "message": "...", "file": ..., "pointer": ..., "rule": ...}
  std::string ToJson() const;

  static Status Error(StatusCode code, std::string message, std::string pointer = {},
                      std::string file = {}, std::string rule = {});
};

template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}            // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {}    // NOLINT: implicit by design
  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }
  T& value() { return value_; }
  const T& value() const { return value_; }

 private:
  Status status_;
  T value_{};
};

// ---------------------------------------------------------------------------------
// Context of a check (SPEC.md "Context of a check")
// ---------------------------------------------------------------------------------

enum class Kind { kPost, kMessage };                        // a job post / a thread message
enum class Stage { kDraft, kBeforeEscrow, kAfterEscrow };   // before posting / before 仮払い / after
enum class Mode { kProject, kCompetition, kTask };          // the platform's ordering formats
enum class Locale { kJa, kEn };                             // language of messages Anshin writes
enum class Severity { kInfo, kWarning, kError };            // guidance / trouble likely / rule broken

const char* Name(Kind v);
const char* Name(Stage v);
const char* Name(Mode v);
const char* Name(Locale v);
const char* Name(Severity v);
// Parse the names above; false on an unknown name.
bool Parse(std::string_view s, Kind* out);
bool Parse(std::string_view s, Stage* out);
bool Parse(std::string_view s, Mode* out);
bool Parse(std::string_view s, Locale* out);
bool Parse(std::string_view s, Severity* out);

struct Context {
  Kind kind = Kind::kPost;
  Stage stage = Stage::kDraft;
  Mode mode = Mode::kProject;
  std::string platform = "lancers";  // a key of rules/platforms.json
  Locale locale = Locale::kJa;
};

// ---------------------------------------------------------------------------------
// Reports
// ---------------------------------------------------------------------------------

struct Finding {
  std::string rule;        // rule id, e.g. "offsite_transaction.contact.chat_id"
  std::string category;    // one of SPEC.md's category ids
  Severity severity = Severity::kWarning;
  uint32_t start = 0;      // UTF-16 code units into the original input
  uint32_t end = 0;
  std::string excerpt;     // the original text at [start, end)
  std::string message;     // why it matters, in the context's locale
  std::string suggestion;  // what to write or do instead
  std::string replacement; // for substitution rules: text that can replace the span; else ""
  bool has_replacement = false;
  // Internal: byte range in the original input (not part of the JSON report).
  uint32_t byte_begin = 0, byte_end = 0;
};

struct ChecklistItem {
  std::string field;     // deliverable, deadline, budget, quantity, revisions, acceptance, ...
  std::string status;    // "present", "missing" or "vague"
  bool required = true;  // one of the six essential fields
  uint32_t start = 0, end = 0;  // present/vague: span of the evidence
  std::string value;     // present: the extracted value
  std::string question;  // missing/vague: what to ask, in the locale
};

struct Report {
  Context context;
  std::vector<Finding> findings;            // sorted by start, then rule
  bool has_checklist = false;               // posts only
  std::vector<ChecklistItem> checklist;
  int score = 0;                            // posts: completeness 0-100
  bool HasError() const;
};

// The report as SPEC.md's JSON (version 1). `id`, when non-empty, is added first
// (used by --batch). Deterministic: the same report always gives the same bytes.
std::string ReportToJson(const Report& report, const std::string& id = {});

// ---------------------------------------------------------------------------------
// Engine
// ---------------------------------------------------------------------------------

// A rule pack given as JSON text; `name` is used in error messages (usually a path).
struct PackSource {
  std::string name;
  std::string json;
};

struct EngineOptions {
  bool default_packs = true;       // load the packs compiled in from rules/
  std::vector<PackSource> extra;   // more packs, loaded after the defaults
  std::string platforms_json;      // replaces rules/platforms.json when non-empty
  // Run the examples of every rule in `extra` and refuse to load (kExampleFailed) when
  // one fails, as prh does: a third-party rule must prove itself. Built-in packs are
  // tested by the test suite instead.
  bool verify_extra_examples = true;
  // Keep each line's matches between checks (bounded; see LineCache in engine_impl.h):
  // re-checking an edited text then matches only its changed lines. Reports are the
  // same either way; benchmarks turn it off to measure a first check.
  bool line_cache = true;
};

// The result of running every rule's own examples.
struct ExampleFailure {
  std::string rule;
  std::string pack;
  std::string pointer;   // JSON pointer of the example in its pack
  std::string message;   // what happened instead of what was declared
};

struct RulePack;         // internal
struct PlatformPolicy;   // internal
class Matcher;           // internal

class Engine {
 public:
  // Loads and validates every pack. Fails with the first problem found: schema errors,
  // unknown categories, duplicate ids, patterns that RE2 rejects (extra packs: each is
  // compiled now), and (options.verify_extra_examples) an extra pack's rule whose own
  // example fails. The built-in packs' patterns compile on first use instead: start-up
  // reads them and builds the atom prefilter only (see tests/bench for figures).
  static Result<std::unique_ptr<Engine>> Create(const EngineOptions& options);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Checks `text` in `context`. Cost: one Aho-Corasick pass over the normalized text for
  // the patterns' literal atoms, then, line by line, one RE2 search per pattern whose
  // atoms are all on the line; linear in the text's length.
  Report Check(std::string_view text, const Context& context) const;

  // Runs every example of every loaded rule; returns the failures (empty = all pass)
  // and sets *count to the number of examples run.
  std::vector<ExampleFailure> TestExamples(size_t* count) const;
  // The same for the rules of the named packs only (PackSource::name).
  std::vector<ExampleFailure> TestExamplesOf(const std::vector<std::string>& packs, size_t* count) const;

  // Requirement-clarification guide (SPEC.md "clarify") for a thread given as JSON.
  Result<std::string> Clarify(std::string_view thread_json, Locale locale) const;
  // No-reply guide (SPEC.md "followup"). `now`, when non-empty, overrides the thread's.
  Result<std::string> Followup(std::string_view thread_json, std::string_view now,
                               Locale locale) const;

  // Compiles every pattern of every loaded pack now (they compile on first use
  // otherwise). The first one RE2 rejects, naming its pack and JSON pointer.
  Status CompileAll() const;
  // Compiles up to `n` patterns not compiled yet, for idle time (the Worker checker does
  // this after start-up, so that first checks find their patterns ready). Returns how
  // many remain. Safe to call concurrently with Check.
  size_t CompileSome(size_t n) const;
  // Checks the prefilter on `text`: every pattern and exception that RE2 finds on a line
  // must have been let through by its atoms. The first counterexample, or "" if none.
  std::string VerifyPrefilter(std::string_view text) const;

  size_t rule_count() const;
  // Diagnostics for tuning rules: prefilter size and the patterns most often run per
  // line of `text` (used by `anshin rules stats FILE`).
  std::string PrefilterStats(std::string_view text) const;
  bool HasPlatform(const std::string& name) const;

 private:
  Engine();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Validates `context` against the engine's platforms; kInvalidArgument when unknown.
Status ValidateContext(const Engine& engine, const Context& context);

// Parses a JSON object of options {"kind","stage","mode","platform","locale"} on top of
// `base`. Unknown keys, wrong types and unknown values are errors naming the key.
Status ParseContextJson(std::string_view json, const Engine& engine, Context* out);

}  // namespace anshin
