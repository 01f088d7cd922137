#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <map>
#include <functional>
#include <set>
#include <unordered_map>

#include "embedded.h"
#include "engine_impl.h"
#include "json_util.h"

namespace anshin {

// --- names ------------------------------------------------------------------------

const char* StatusCodeName(StatusCode c) {
  switch (c) {
    case StatusCode::kOk: return "ok";
    case StatusCode::kInvalidArgument: return "invalid_argument";
    case StatusCode::kParseError: return "parse_error";
    case StatusCode::kSchemaError: return "schema_error";
    case StatusCode::kPatternError: return "pattern_error";
    case StatusCode::kDuplicateRule: return "duplicate_rule";
    case StatusCode::kExampleFailed: return "example_failed";
    case StatusCode::kIoError: return "io_error";
  }
  return "unknown";
}

Status Status::Error(StatusCode code, std::string message, std::string pointer, std::string file, std::string rule) {
  Status s;
  s.code = code;
  s.message = std::move(message);
  s.pointer = std::move(pointer);
  s.file = std::move(file);
  s.rule = std::move(rule);
  return s;
}

std::string Status::ToString() const {
  if (ok()) return "ok";
  std::string out;
  if (!file.empty()) out += file;
  if (!pointer.empty()) out += (out.empty() ? "" : ": ") + pointer;
  if (!rule.empty()) out += (out.empty() ? "(rule " : " (rule ") + rule + ")";
  if (!out.empty()) out += ": ";
  return out + message;
}

std::string Status::ToJson() const {
  ojson j;
  j["code"] = StatusCodeName(code);
  j["message"] = message;
  if (!file.empty()) j["file"] = file;
  if (!pointer.empty()) j["pointer"] = pointer;
  if (!rule.empty()) j["rule"] = rule;
  return Dump(j);
}

namespace {
template <typename E, size_t N>
bool ParseName(std::string_view s, const char* const (&names)[N], E* out) {
  for (size_t i = 0; i < N; ++i)
    if (s == names[i]) { *out = static_cast<E>(i); return true; }
  return false;
}
const char* const kKinds[] = {"post", "message"};
const char* const kStages[] = {"draft", "before_escrow", "after_escrow"};
const char* const kModes[] = {"project", "competition", "task"};
const char* const kLocales[] = {"ja", "en"};
const char* const kSeverities[] = {"info", "warning", "error"};
}  // namespace

const char* Name(Kind v) { return kKinds[static_cast<int>(v)]; }
const char* Name(Stage v) { return kStages[static_cast<int>(v)]; }
const char* Name(Mode v) { return kModes[static_cast<int>(v)]; }
const char* Name(Locale v) { return kLocales[static_cast<int>(v)]; }
const char* Name(Severity v) { return kSeverities[static_cast<int>(v)]; }
bool Parse(std::string_view s, Kind* o) { return ParseName(s, kKinds, o); }
bool Parse(std::string_view s, Stage* o) { return ParseName(s, kStages, o); }
bool Parse(std::string_view s, Mode* o) { return ParseName(s, kModes, o); }
bool Parse(std::string_view s, Locale* o) { return ParseName(s, kLocales, o); }
bool Parse(std::string_view s, Severity* o) { return ParseName(s, kSeverities, o); }

bool Report::HasError() const {
  for (const auto& f : findings)
    if (f.severity == Severity::kError) return true;
  return false;
}

// --- creation -----------------------------------------------------------------------

Engine::Engine() : impl_(std::make_unique<Impl>()) {}
Engine::~Engine() = default;
size_t Engine::rule_count() const { return impl_->rules.size(); }
bool Engine::HasPlatform(const std::string& name) const { return impl_->FindPlatform(name) != nullptr; }

const Platform* Engine::Impl::FindPlatform(const std::string& id) const {
  auto it = platforms.platforms.find(id);
  return it == platforms.platforms.end() ? nullptr : &it->second;
}

Result<std::unique_ptr<Engine>> Engine::Create(const EngineOptions& options) {
  std::unique_ptr<Engine> engine(new Engine());
  Impl& impl = *engine->impl_;
  Defines defines;
  std::string platforms_json = options.platforms_json;
  std::string platforms_name = "(platforms option)";
  std::vector<PackSource> packs;
  for (const auto& f : detail::EmbeddedFiles()) {
    const std::string path = f.path;
    if (path == "rules/platforms.json") {
      if (platforms_json.empty()) { platforms_json.assign(f.data, f.size); platforms_name = path; }
    } else if (path == "rules/guides.json") {
      if (Status st = ParseJson(std::string_view(f.data, f.size), path, &impl.guides); !st.ok()) return st;
      if (Status st = CheckGuides(impl.guides); !st.ok()) return st;
    } else if (options.default_packs) {
      packs.push_back({path, std::string(f.data, f.size)});
    }
  }
  packs.insert(packs.end(), options.extra.begin(), options.extra.end());
  if (platforms_json.empty())
    return Status::Error(StatusCode::kInvalidArgument, "no platform policy: rules/platforms.json was not built in");
  if (Status st = LoadPlatforms({platforms_name, platforms_json}, &impl.platforms); !st.ok()) return st;

  // Defines first, from every pack, so a pack may use a define from one loaded later.
  std::vector<json> parsed(packs.size());
  for (size_t i = 0; i < packs.size(); ++i)
    if (Status st = LoadDefines(packs[i], &defines, &parsed[i]); !st.ok()) return st;
  // Built-in packs compile on first use (their patterns are compiled by the rule
  // tests); extra packs compile now, so a bad pattern is reported with its pointer.
  const size_t builtin = packs.size() - options.extra.size();
  for (size_t i = 0; i < packs.size(); ++i)
    if (Status st = LoadPack(packs[i], parsed[i], &defines, &impl.rules, i >= builtin); !st.ok()) return st;

  std::map<std::string, const Rule*> seen;
  for (const Rule& r : impl.rules) {
    auto [it, fresh] = seen.emplace(r.id, &r);
    if (!fresh)
      return Status::Error(StatusCode::kDuplicateRule,
                           "duplicate rule id \"" + r.id + "\" (first defined in " + it->second->pack + " at " + it->second->pointer + ")",
                           r.pointer + "/id", r.pack, r.id);
    for (const auto& p : r.applies.platforms)
      if (!impl.FindPlatform(p))
        return Status::Error(StatusCode::kSchemaError, "unknown platform \"" + p + "\"", r.pointer + "/applies/platforms", r.pack, r.id);
    if (!r.policy.empty()) {
      bool known = false;
      for (const auto& [id, pl] : impl.platforms.platforms) known |= pl.policies.count(r.policy) > 0;
      if (!known)
        return Status::Error(StatusCode::kSchemaError, "policy \"" + r.policy + "\" is not defined by any platform in rules/platforms.json",
                             r.pointer + "/policy", r.pack, r.id);
    }
  }

  impl.BuildIndex();
  impl.cache_enabled = options.line_cache;
  if (options.verify_extra_examples && !options.extra.empty()) {
    std::vector<std::string> names;
    for (const PackSource& p : options.extra) names.push_back(p.name);
    size_t n = 0;
    const auto failures = engine->TestExamplesOf(names, &n);
    if (!failures.empty()) {
      const ExampleFailure& f = failures.front();
      return Status::Error(StatusCode::kExampleFailed, "the rule's own example fails: " + f.message, f.pointer, f.pack, f.rule);
    }
  }
  return engine;
}

namespace {

// Flattens requirement trees into PatternIndex nodes, giving each distinct atom an id.
// Atoms are looked up by view: the trees outlive the flattening.
struct Flattener {
  PatternIndex& idx;
  std::unordered_map<std::string_view, uint32_t> atom_ids;
  std::vector<std::string_view> atoms;
  std::vector<uint32_t> pending;  // children of the nodes being built, innermost last

  uint32_t Add(const Requirement& r) {
    PatternIndex::Node n{r.kind, false, 0, 0, 0};
    if (r.kind == Requirement::kAtom) {
      auto [it, fresh] = atom_ids.emplace(r.atom, static_cast<uint32_t>(atoms.size()));
      if (fresh) atoms.push_back(r.atom);
      n.atom = it->second;
    } else if (r.kind != Requirement::kAny) {
      const size_t from = pending.size();
      for (const Requirement& k : r.kids) {
        const uint32_t kid = Add(k);
        pending.push_back(kid);
      }
      n.first = static_cast<uint32_t>(idx.kids.size());
      n.count = static_cast<uint32_t>(pending.size() - from);
      n.atoms_only = r.kind == Requirement::kOr;
      for (size_t k = from; k < pending.size(); ++k) n.atoms_only &= idx.nodes[pending[k]].kind == Requirement::kAtom;
      idx.kids.insert(idx.kids.end(), pending.begin() + static_cast<std::ptrdiff_t>(from), pending.end());
      pending.resize(from);
    }
    idx.nodes.push_back(n);
    return static_cast<uint32_t>(idx.nodes.size() - 1);
  }
};

}  // namespace

void Engine::Impl::BuildIndex() {
  PatternIndex& idx = index;
  Flattener flat{idx, {}, {}, {}};
  for (size_t ri = 0; ri < rules.size(); ++ri)
    for (size_t pi = 0; pi < rules[ri].res.size(); ++pi) {
      const uint32_t id = static_cast<uint32_t>(idx.entries.size());
      idx.entries.push_back({ri, pi});
      const Requirement& need = rules[ri].needs[pi];
      idx.root.push_back(flat.Add(need));
      if (need.kind == Requirement::kAny) idx.unfiltered.push_back(static_cast<int>(id));
    }
  // An exception shared by many rules (a define such as {{negation}}) is one formula.
  idx.exception_root.resize(rules.size());
  std::unordered_map<const Requirement*, uint32_t> exception_nodes;
  for (size_t ri = 0; ri < rules.size(); ++ri)
    for (const Exception& ex : rules[ri].exceptions) {
      auto [it, fresh] = exception_nodes.emplace(ex.need.get(), 0);
      if (fresh) it->second = flat.Add(*ex.need);
      idx.exception_root[ri].push_back(it->second);
    }
  for (const Rule& r : rules)
    for (const Exception& ex : r.exceptions)
      if (ex.scope == ExceptionScope::kText && !idx.text_slot.count(ex.re.get())) {
        idx.text_slot.emplace(ex.re.get(), idx.text_patterns.size());
        idx.text_patterns.push_back(ex.re->pattern());
      }
  std::vector<std::string> atoms(flat.atoms.begin(), flat.atoms.end());
  idx.users.assign(atoms.size(), {});
  idx.in_ors.assign(atoms.size(), {});
  for (uint32_t i = 0; i < idx.nodes.size(); ++i)
    if (idx.nodes[i].atoms_only)
      for (uint32_t k = 0; k < idx.nodes[i].count; ++k) {
        auto& v = idx.in_ors[idx.nodes[idx.kids[idx.nodes[i].first + k]].atom];
        if (v.empty() || v.back() != i) v.push_back(i);
      }
  // A pattern is evaluated on a line when one of its key atoms is there. Its formula can
  // only hold when its key does, so this loses no candidate: an OR's key is all of its
  // children's keys, an AND's the key of one child, the one whose atoms are least likely
  // on a line (judged by length: short atoms such as "id" or "円" are everywhere).
  std::vector<double> cost(idx.nodes.size(), -1);
  std::function<double(uint32_t)> key_cost = [&](uint32_t i) -> double {
    if (cost[i] >= 0) return cost[i];
    const PatternIndex::Node& n = idx.nodes[i];
    double c = 0;
    if (n.kind == Requirement::kAtom) {
      const double len = static_cast<double>(atoms[n.atom].size());
      c = 1.0 / (len * len);
    } else if (n.kind == Requirement::kOr) {
      for (uint32_t k = 0; k < n.count; ++k) c += key_cost(idx.kids[n.first + k]);
    } else if (n.kind == Requirement::kAnd) {
      c = 1e9;
      for (uint32_t k = 0; k < n.count; ++k) c = std::min(c, key_cost(idx.kids[n.first + k]));
    }
    return cost[i] = c;
  };
  for (uint32_t id = 0; id < idx.root.size(); ++id) {
    std::vector<uint32_t> stack{idx.root[id]};
    while (!stack.empty()) {
      const PatternIndex::Node& n = idx.nodes[stack.back()];
      stack.pop_back();
      if (n.kind == Requirement::kAtom) {
        auto& u = idx.users[n.atom];
        if (u.empty() || u.back() != id) u.push_back(id);
      } else if (n.kind == Requirement::kOr) {
        for (uint32_t k = 0; k < n.count; ++k) stack.push_back(idx.kids[n.first + k]);
      } else if (n.kind == Requirement::kAnd && n.count > 0) {
        uint32_t best = idx.kids[n.first];
        for (uint32_t k = 1; k < n.count; ++k)
          if (key_cost(idx.kids[n.first + k]) < key_cost(best)) best = idx.kids[n.first + k];
        stack.push_back(best);
      }
    }
  }
  idx.atoms.Build(atoms);
  idx.atom_text = std::move(atoms);
  // The index holds the formulas now; the trees they came from are not used again.
  for (Rule& r : rules) {
    std::vector<Requirement>().swap(r.needs);
    for (Exception& e : r.exceptions) e.need.reset();
  }
  // Patterns first (every check needs some), then exceptions and vague wordings.
  for (const Rule& r : rules)
    for (const auto& re : r.res) all_regexes.push_back(re.get());
  for (const Rule& r : rules) {
    for (const Exception& ex : r.exceptions) all_regexes.push_back(ex.re.get());
    for (const auto& re : r.vague) all_regexes.push_back(re.get());
  }
}

size_t Engine::CompileSome(size_t n) const {
  const Impl& impl = *impl_;
  while (n > 0) {
    const LazyRE2* re = nullptr;
    {
      std::lock_guard<std::mutex> lock(impl.warm_mu);
      while (impl.warm_next < impl.all_regexes.size() && impl.all_regexes[impl.warm_next]->compiled()) ++impl.warm_next;
      if (impl.warm_next == impl.all_regexes.size()) return 0;
      re = impl.all_regexes[impl.warm_next++];
    }
    re->get();
    --n;
  }
  std::lock_guard<std::mutex> lock(impl.warm_mu);
  size_t left = 0;
  for (size_t i = impl.warm_next; i < impl.all_regexes.size(); ++i) left += !impl.all_regexes[i]->compiled();
  return left;
}

bool PatternIndex::MatchTextSet(std::string_view text, std::vector<char>* hits) const {
  if (text_patterns.empty()) return false;
  std::call_once(text_set_once, [this] {
    auto set = std::make_unique<RE2::Set>(PatternOptions(false), RE2::UNANCHORED);
    for (const std::string& p : text_patterns)
      if (set->Add(p, nullptr) < 0) return;  // cannot happen: each compiled alone
    if (set->Compile()) text_set = std::move(set);
  });
  if (!text_set) return false;
  std::vector<int> found;
  RE2::Set::ErrorInfo info;
  if (!text_set->Match(re2::StringPiece(text.data(), text.size()), &found, &info) && info.kind != RE2::Set::kNoError) return false;
  hits->assign(text_patterns.size(), 0);
  for (int i : found) (*hits)[static_cast<size_t>(i)] = 1;
  return true;
}

PatternIndex::Scratch PatternIndex::NewScratch() const {
  Scratch s;
  s.atom_line.assign(atoms.size(), 0);
  s.pattern_line.assign(entries.size(), 0);
  s.node_line.assign(nodes.size(), 0);
  return s;
}

bool PatternIndex::Holds(uint32_t node, const Scratch& s) const {
  const Node& n = nodes[node];
  switch (n.kind) {
    case Requirement::kAny: return true;
    case Requirement::kAtom: return s.atom_line[n.atom] == s.line;
    case Requirement::kAnd:
      for (uint32_t k = 0; k < n.count; ++k)
        if (!Holds(kids[n.first + k], s)) return false;
      return true;
    case Requirement::kOr:
      if (n.atoms_only) return s.node_line[node] == s.line;
      for (uint32_t k = 0; k < n.count; ++k)
        if (Holds(kids[n.first + k], s)) return true;
      return false;
  }
  return true;
}

bool Engine::Impl::Candidates(std::string_view folded, PatternIndex::Scratch* scratch, std::vector<int>* out) const {
  out->clear();
  if (index.entries.empty()) return false;
  if (HasAsciiCaseTwin(folded)) {
    for (size_t i = 0; i < index.entries.size(); ++i) out->push_back(static_cast<int>(i));
    return false;
  }
  PatternIndex::Scratch& s = *scratch;
  ++s.line;  // stamps start at 1; 0 means "never"
  s.touched.clear();
  index.atoms.Scan(folded.data(), folded.size(), [&](int32_t atom) {
    uint32_t& seen = s.atom_line[static_cast<size_t>(atom)];
    if (seen == s.line) return;
    seen = s.line;
    for (uint32_t node : index.in_ors[static_cast<size_t>(atom)]) s.node_line[node] = s.line;
    for (uint32_t id : index.users[static_cast<size_t>(atom)])
      if (s.pattern_line[id] != s.line) {
        s.pattern_line[id] = s.line;
        s.touched.push_back(id);
      }
  });
  *out = index.unfiltered;
  for (uint32_t id : s.touched)
    if (index.Holds(index.root[id], s)) out->push_back(static_cast<int>(id));
  std::sort(out->begin(), out->end());
  return true;
}

// --- checking -----------------------------------------------------------------------

namespace {

bool IsSentenceEnd(std::string_view t, size_t i) {
  const unsigned char c = static_cast<unsigned char>(t[i]);
  if (c == '\n' || c == '!' || c == '?') return true;
  if (c == '.') return i + 1 >= t.size() || t[i + 1] == ' ' || t[i + 1] == '\n';
  // 。 is E3 80 82
  return c == 0x82 && i >= 2 && static_cast<unsigned char>(t[i - 2]) == 0xE3 && static_cast<unsigned char>(t[i - 1]) == 0x80;
}

size_t StepBack(std::string_view t, size_t i) {  // start of the code point before i
  if (i == 0) return 0;
  --i;
  while (i > 0 && (static_cast<unsigned char>(t[i]) & 0xC0) == 0x80) --i;
  return i;
}
size_t StepForward(std::string_view t, size_t i) {
  if (i >= t.size()) return t.size();
  ++i;
  while (i < t.size() && (static_cast<unsigned char>(t[i]) & 0xC0) == 0x80) ++i;
  return i;
}

constexpr size_t kSentenceReach = 600;  // bytes each way: bounds the cost on unsplit text

Span SentenceAround(std::string_view t, size_t b, size_t e) {
  size_t s = b;
  while (s > 0 && b - s < kSentenceReach) {
    const size_t p = StepBack(t, s);
    if (IsSentenceEnd(t, s - 1)) break;
    s = p;
  }
  size_t f = e;
  while (f < t.size() && f - e < kSentenceReach) {
    // Test the last byte of each character: 。 is recognised by its final byte.
    const size_t n = StepForward(t, f);
    if (IsSentenceEnd(t, n - 1)) { f = n; break; }
    f = n;
  }
  return {static_cast<uint32_t>(s), static_cast<uint32_t>(f)};
}

Span Window(std::string_view t, size_t b, size_t e, int before, int after) {
  size_t s = b;
  for (int i = 0; i < before && s > 0; ++i) {
    const size_t p = StepBack(t, s);
    if (t[p] == '\n') break;
    s = p;
  }
  size_t f = e;
  for (int i = 0; i < after && f < t.size(); ++i) {
    if (t[f] == '\n') break;
    f = StepForward(t, f);
  }
  return {static_cast<uint32_t>(s), static_cast<uint32_t>(f)};
}

// Per check: results of exceptions whose scope is the whole text (same for every match).
using TextScopeCache = std::map<const LazyRE2*, bool>;

}  // namespace

// Exceptions of every scope but "text", for a match at [b, e) of `t`: their windows
// never cross a line break, so `t` may be the match's line alone.
// `may_match(i)`: false when exception i cannot match on the line (its atoms are not there).
template <typename MayMatch>
bool LocalExcepted(const Rule& rule, std::string_view t, size_t b, size_t e, MayMatch&& may_match) {
  for (size_t i = 0; i < rule.exceptions.size(); ++i) {
    const Exception& ex = rule.exceptions[i];
    if (ex.scope == ExceptionScope::kText || !may_match(i)) continue;
    Span w{0, static_cast<uint32_t>(t.size())};
    switch (ex.scope) {
      case ExceptionScope::kMatch: w = {static_cast<uint32_t>(b), static_cast<uint32_t>(e)}; break;
      case ExceptionScope::kSentence: w = SentenceAround(t, b, e); break;
      case ExceptionScope::kBefore: w = Window(t, b, b, ex.chars, 0); break;
      case ExceptionScope::kAfter: w = Window(t, e, e, 0, ex.chars); break;
      case ExceptionScope::kAround: w = Window(t, b, e, ex.chars, ex.chars); break;
      case ExceptionScope::kText: break;
    }
    // The window is the exception's whole text: ^ and $ bind to its edges, so
    // "^ナップ" after a match means "immediately after it".
    const re2::StringPiece window(t.data() + w.begin, w.end - w.begin);
    if (ex.re->get().Match(window, 0, window.size(), RE2::UNANCHORED, nullptr, 0)) return true;
  }
  return false;
}

// Exceptions of scope "text": searched once per check over the whole normalized text.
// `whole_text`: what one RE2::Set pass found for every scope-"text" exception at once
// (PatternIndex::text_set), or null to search each one by itself.
bool TextExcepted(const Rule& rule, const std::string& t, TextScopeCache* cache, const PatternIndex& index,
                  const std::vector<char>* whole_text) {
  for (const Exception& ex : rule.exceptions) {
    if (ex.scope != ExceptionScope::kText) continue;
    if (whole_text) {
      auto slot = index.text_slot.find(ex.re.get());
      if (slot != index.text_slot.end()) {
        if ((*whole_text)[slot->second]) return true;
        continue;
      }
    }
    auto it = cache->find(ex.re.get());
    if (it == cache->end()) it = cache->emplace(ex.re.get(), RE2::PartialMatch(t, ex.re->get())).first;
    if (it->second) return true;
  }
  return false;
}

namespace {

std::string CategoryLabel(const std::string& c, Locale l) {
  static const std::map<std::string, std::pair<const char*, const char*>> names = {
      {"stealth_marketing", {"ステルスマーケティング", "stealth marketing"}},
      {"external_tos", {"外部規約違反", "other services' terms"}},
      {"uncertain_pay", {"報酬不確定", "uncertain pay"}},
      {"mlm", {"マルチ商法", "MLM"}},
      {"offsite_transaction", {"サイト外取引", "off-platform dealing"}},
      {"other_violation", {"その他の違反", "other violation"}},
  };
  auto it = names.find(c);
  if (it == names.end()) return c;
  return l == Locale::kEn ? it->second.second : it->second.first;
}

void ReplaceAll(std::string* s, const std::string& from, const std::string& to) {
  for (size_t p = s->find(from); p != std::string::npos; p = s->find(from, p + to.size())) s->replace(p, from.size(), to);
}

// "3万" → 30000, "30,000" → 30000, "¥1,500" → 1500, "0.5" → 0.5. False when no number.
bool ParseAmount(const std::string& text, double* out) {
  std::string digits;
  size_t i = 0;
  while (i < text.size() && !(text[i] >= '0' && text[i] <= '9')) ++i;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if ((c >= '0' && c <= '9') || c == '.') digits += c;
    else if (c == ',') continue;
    else break;
  }
  if (digits.empty() || digits == ".") return false;
  double v = strtod(digits.c_str(), nullptr);
  const std::string rest = text.substr(i);
  if (rest.rfind("億", 0) == 0) v *= 1e8;
  else if (rest.rfind("万", 0) == 0) v *= 1e4;
  else if (rest.rfind("千", 0) == 0 || rest.rfind("k", 0) == 0 || rest.rfind("K", 0) == 0) v *= 1e3;
  *out = v;
  return true;
}

std::string FormatNumber(double v) {
  char buf[32];
  snprintf(buf, sizeof buf, v >= 100 ? "%.0f" : "%.2f", v);
  std::string s = buf;
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return s;
}

}  // namespace

// One match of one pattern: the whole match and its role groups, as byte ranges of the
// normalized text (a role that did not take part is {kNone, kNone}).
struct RawMatch {
  uint32_t pattern;
  Span line;  // the line it is on
  Span whole;
  std::array<Span, 4> role;  // span, value, amount, count
  bool excepted = false;     // an exception of the rule cancels it
};

std::string LineCache::Signature(const std::vector<char>& applies) {
  std::string sig((applies.size() + 7) / 8 + 1, '\0');
  for (size_t i = 0; i < applies.size(); ++i)
    if (applies[i]) sig[i / 8] = static_cast<char>(sig[i / 8] | (1 << (i % 8)));
  sig.back() = '\n';  // a line never holds one: the key is unambiguous
  return sig;
}

void Engine::Impl::MatchLine(std::string_view line_text, size_t ri, size_t pi, const PatternIndex::Scratch* atoms,
                             std::vector<LineMatch>* out) const {
  const Rule& rule = rules[ri];
  const RE2& re = rule.res[pi]->get();
  const std::array<int, 4>& roles = rule.roles[pi];
  const int n = std::min(5, re.NumberOfCapturingGroups() + 1);
  const re2::StringPiece line(line_text.data(), line_text.size());
  re2::StringPiece groups[5];
  size_t pos = 0;
  // First the whole match alone: RE2 answers that with its DFAs (forward, then reverse
  // for the start). Asked for groups on a whole line, RE2 would run a backtracker or
  // NFA over all of it; most candidates do not match at all, and the groups of those
  // that do are found on the matched text only (the same leftmost-first result: it is
  // what RE2 does itself once it knows the match).
  // A field's value group is read only for the one match the checklist reports
  // (ReadValueGroup); the groups that place the finding, drive exceptions or compute a
  // rate are read here, unless the span group is the whole pattern (most are).
  const bool span_whole = rule.span_whole[pi] != 0;
  const bool groups_now = n > 1 && ((roles[0] > 0 && !span_whole) || roles[2] > 0 || roles[3] > 0);
  while (pos <= line.size() && re.Match(line, pos, line.size(), RE2::UNANCHORED, groups, 1)) {
    const size_t wb = static_cast<size_t>(groups[0].data() - line.data());
    if (groups_now && !re.Match(line, wb, wb + groups[0].size(), RE2::ANCHOR_BOTH, groups, n)) break;  // cannot happen
    LineMatch m;
    m.rule = static_cast<uint32_t>(ri);
    m.pattern = static_cast<uint32_t>(pi);
    m.whole = {static_cast<uint32_t>(wb), static_cast<uint32_t>(wb + groups[0].size())};
    for (size_t k = 0; k < 4; ++k) {
      const int g = roles[k];
      if (k == 0 && span_whole && !groups_now) {
        m.role[0] = m.whole;
      } else if (g > 0 && g < n && !groups_now) {
        m.role[k] = {kPending, kPending};
      } else if (g > 0 && g < n && groups[g].data()) {
        const size_t gb = static_cast<size_t>(groups[g].data() - line.data());
        m.role[k] = {static_cast<uint32_t>(gb), static_cast<uint32_t>(gb + groups[g].size())};
      } else {
        m.role[k] = {kNone, kNone};
      }
    }
    // Resume after the reported part (the rest of a match is context, like a
    // lookaround), always moving forward by at least one character.
    const Span reported = m.role[0].begin != kNone ? m.role[0] : m.whole;
    size_t next = reported.end > reported.begin ? reported.end : m.whole.end;
    if (next <= pos) {
      next = std::max(pos, wb) + 1;
      while (next < line.size() && (static_cast<unsigned char>(line[next]) & 0xC0) == 0x80) ++next;
    }
    pos = next;
    if (m.whole.end > m.whole.begin) {
      // Exceptions whose window lies in the line (all but scope "text") look around the
      // reported part, the span group when there is one. With the line's atoms known,
      // those that cannot match are skipped.
      const Span r = m.role[0].begin != kNone && m.role[0].end > m.role[0].begin ? m.role[0] : m.whole;
      const auto& roots = index.exception_root[ri];
      m.excepted = atoms ? LocalExcepted(rule, line_text, r.begin, r.end, [&](size_t i) { return index.Holds(roots[i], *atoms); })
                         : LocalExcepted(rule, line_text, r.begin, r.end, [](size_t) { return true; });
      out->push_back(m);
    }
  }
}

Span Engine::Impl::ReadValueGroup(std::string_view text, Span line_span, size_t ri, size_t pi, Span whole) const {
  const RE2& re = rules[ri].res[pi]->get();
  const int g = rules[ri].roles[pi][1];
  const int n = std::min(5, re.NumberOfCapturingGroups() + 1);
  // The line is the context, as when MatchLine found the match (for ^, $ and \b).
  const re2::StringPiece line(text.data() + line_span.begin, line_span.end - line_span.begin);
  re2::StringPiece groups[5];
  if (g <= 0 || g >= n ||
      !re.Match(line, whole.begin - line_span.begin, whole.end - line_span.begin, RE2::ANCHOR_BOTH, groups, n) ||
      !groups[g].data())
    return {kNone, kNone};
  const size_t gb = static_cast<size_t>(groups[g].data() - text.data());
  return {static_cast<uint32_t>(gb), static_cast<uint32_t>(gb + groups[g].size())};
}

Report Engine::Check(std::string_view text, const Context& ctx) const {
  const Impl& impl = *impl_;
  Report report;
  report.context = ctx;
  const SourceText src(text);
  const bool use_cache = impl.cache_enabled && text.size() <= LineCache::kMaxText;
  Normalized norm;
  if (use_cache) {
    // Line by line, each original line's normalization remembered between checks.
    const uint64_t norm_generation = impl.norm_cache.NextGeneration();
    std::shared_ptr<const NormalizedLine> last;
    std::string line_key;
    norm = NormalizeByLine(src, [&](std::string_view bytes) -> const NormalizedLine& {
      line_key.assign(bytes);
      last = impl.norm_cache.Find(line_key, norm_generation);
      if (!last) {
        last = std::make_shared<const NormalizedLine>(NormalizeLine(bytes));
        impl.norm_cache.Put(line_key, last, norm_generation);
      }
      return *last;
    });
    impl.norm_cache.Trim(norm_generation);
  } else {
    norm = Normalize(src);
  }
  const std::string& t = norm.text;
  const Platform* platform = impl.FindPlatform(ctx.platform);
  TextScopeCache text_cache;

  // 1. Line by line: the prefilter picks candidate patterns, each runs on the line.
  // What a line yields depends only on its text and on which rules apply, so it is
  // kept in the line cache: re-checking an edited document matches its changed lines
  // only (see LineCache in engine_impl.h).
  std::vector<std::vector<RawMatch>> raw(impl.rules.size());
  std::vector<char> applies(impl.rules.size());
  for (size_t ri = 0; ri < impl.rules.size(); ++ri) applies[ri] = impl.rules[ri].applies.Match(ctx);
  const std::string signature = use_cache ? LineCache::Signature(applies) : std::string();
  const uint64_t generation = use_cache ? impl.cache.NextGeneration() : 0;
  std::string folded;
  PatternIndex::Scratch scratch;
  std::vector<char> settled(impl.rules.size());
  std::vector<size_t> settle;
  std::vector<int> candidates;
  std::vector<uint32_t> skipped;
  std::string key;
  bool text_set_done = false;  // scope-"text" exceptions: one pass, on first need
  std::vector<char> text_set_hits;
  const std::vector<char>* whole_text = nullptr;
  for (size_t lb = 0; lb < t.size();) {
    size_t le = t.find('\n', lb);
    if (le == std::string::npos) le = t.size();
    const std::string_view line(t.data() + lb, le - lb);
    if (line.empty()) { lb = le + 1; continue; }
    std::shared_ptr<const LineResult> result;
    if (use_cache) {
      key.assign(signature).append(line);
      result = impl.cache.Find(key, generation);
    }
    if (result && !result->skipped.empty()) {
      // Computed when a field was already settled earlier in that text; if it is not
      // settled here, its patterns run on this line now.
      std::vector<uint32_t> need;
      for (uint32_t ri : result->skipped)
        if (!settled[ri]) need.push_back(ri);
      if (!need.empty()) {
        auto fuller = std::make_shared<LineResult>(*result);
        fuller->skipped.clear();
        for (uint32_t ri : result->skipped)
          if (settled[ri]) fuller->skipped.push_back(ri);
        for (uint32_t ri : need)
          for (size_t pi = 0; pi < impl.rules[ri].res.size(); ++pi)
            impl.MatchLine(line, ri, pi, nullptr, &fuller->matches);
        result = fuller;
        if (use_cache) impl.cache.Put(key, result, generation);
      }
    }
    if (!result) {
      if (scratch.atom_line.empty()) scratch = impl.index.NewScratch();
      // The line alone is folded: after an edit, most lines come from the cache.
      folded = FoldForAtoms(line);
      // A line whose atoms were not scanned (atoms.h) runs all its exceptions, unfiltered.
      const PatternIndex::Scratch* line_atoms = impl.Candidates(folded, &scratch, &candidates) ? &scratch : nullptr;
      auto fresh = std::make_shared<LineResult>();
      skipped.clear();
      for (int id : candidates) {
        const SetEntry& entry = impl.index.entries[static_cast<size_t>(id)];
        if (!applies[entry.rule]) continue;
        // A field is settled by its earliest match that no exception cancels: once a
        // line has one, later lines cannot change it, and its patterns stop running
        // (from the next line: another pattern may match earlier on this one).
        if (settled[entry.rule]) {
          if (skipped.empty() || skipped.back() != entry.rule) skipped.push_back(static_cast<uint32_t>(entry.rule));
          continue;
        }
        impl.MatchLine(line, entry.rule, entry.pattern, line_atoms, &fresh->matches);
      }
      fresh->skipped = skipped;
      result = fresh;
      if (use_cache) impl.cache.Put(key, result, generation);
    }
    for (const LineMatch& lm : result->matches) {
      const Rule& rule = impl.rules[lm.rule];
      RawMatch m;
      m.pattern = lm.pattern;
      m.line = {static_cast<uint32_t>(lb), static_cast<uint32_t>(le)};
      m.whole = {lm.whole.begin + static_cast<uint32_t>(lb), lm.whole.end + static_cast<uint32_t>(lb)};
      for (size_t k = 0; k < 4; ++k)
        m.role[k] = lm.role[k].begin >= kPending ? lm.role[k]
                                              : Span{lm.role[k].begin + static_cast<uint32_t>(lb), lm.role[k].end + static_cast<uint32_t>(lb)};
      if (!lm.excepted && !text_set_done &&
          std::any_of(rule.exceptions.begin(), rule.exceptions.end(), [](const Exception& e) { return e.scope == ExceptionScope::kText; })) {
        text_set_done = true;
        if (impl.index.MatchTextSet(t, &text_set_hits)) whole_text = &text_set_hits;
      }
      m.excepted = lm.excepted || TextExcepted(rule, t, &text_cache, impl.index, whole_text);
      if (rule.check == CheckKind::kField && !m.excepted) settle.push_back(lm.rule);
      raw[lm.rule].push_back(m);
    }
    for (size_t ri : settle) settled[ri] = 1;
    settle.clear();
    lb = le + 1;
  }
  if (use_cache) impl.cache.Trim(generation);

  auto make_finding = [&](const Rule& rule, Span orig) {
    Finding f;
    f.rule = rule.id;
    f.category = rule.category;
    f.severity = rule.severity;
    f.byte_begin = orig.begin;
    f.byte_end = orig.end;
    f.message = rule.message.Get(ctx.locale);
    f.suggestion = rule.suggestion.Get(ctx.locale);
    if (rule.has_replacement) { f.replacement = rule.replacement.Get(ctx.locale); f.has_replacement = true; }
    return f;
  };

  // 2. Pattern, substitution and rate rules become findings.
  std::vector<Finding> found;
  for (size_t ri = 0; ri < impl.rules.size(); ++ri) {
    const Rule& rule = impl.rules[ri];
    if (raw[ri].empty()) continue;
    if (rule.check == CheckKind::kRate) {
      for (const RawMatch& m : raw[ri]) {
        double amount = 0, count = 1;
        if (m.role[2].begin == kNone || !ParseAmount(t.substr(m.role[2].begin, m.role[2].end - m.role[2].begin), &amount)) continue;
        if (m.role[3].begin != kNone && (!ParseAmount(t.substr(m.role[3].begin, m.role[3].end - m.role[3].begin), &count) || count <= 0)) continue;
        const double rate = amount / count;
        if (!(rate < rule.below) || m.excepted) continue;
        const Span s = m.role[0].begin != kNone ? m.role[0] : m.whole;
        Finding f = make_finding(rule, norm.ToOriginal(s.begin, s.end));
        ReplaceAll(&f.message, "{rate}", FormatNumber(rate));
        ReplaceAll(&f.suggestion, "{rate}", FormatNumber(rate));
        found.push_back(std::move(f));
      }
      continue;
    }
    if (rule.check != CheckKind::kPattern && rule.check != CheckKind::kSubstitution) continue;
    // Platform policy: the same finding may be fine, or milder, at this stage and mode.
    const PolicyOverride* override_ = nullptr;
    if (!rule.policy.empty() && platform) {
      auto it = platform->policies.find(rule.policy);
      if (it != platform->policies.end())
        for (const PolicyOverride& o : it->second)
          if ((o.stages & Bit(ctx.stage)) && (o.modes & Bit(ctx.mode))) { override_ = &o; break; }
    }
    if (override_ && override_->off) continue;
    std::vector<Span> spans;
    for (const RawMatch& m : raw[ri]) {
      const Span s = m.role[0].begin != kNone ? m.role[0] : m.whole;
      if (s.end > s.begin && !m.excepted) spans.push_back(s);
    }
    if (spans.empty()) continue;
    // One finding per stretch of text: overlapping matches of one rule merge.
    std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) { return a.begin != b.begin ? a.begin < b.begin : a.end > b.end; });
    std::vector<Span> merged;
    for (const Span& sp : spans) {
      if (!merged.empty() && sp.begin < merged.back().end) merged.back().end = std::max(merged.back().end, sp.end);
      else merged.push_back(sp);
    }
    for (const Span& sp : merged) {
      Finding f = make_finding(rule, norm.ToOriginal(sp.begin, sp.end));
      if (override_) {
        f.severity = override_->severity;
        const std::string& note = override_->note.Get(ctx.locale);
        if (!note.empty()) f.message += (ctx.locale == Locale::kJa ? "" : " ") + note;
      }
      found.push_back(std::move(f));
    }
  }

  // 3. Aggregate rules: several violation categories in one text.
  for (const Rule& rule : impl.rules) {
    if (rule.check != CheckKind::kAggregate || !rule.applies.Match(ctx)) continue;
    std::set<std::string> cats;
    const Finding* first = nullptr;
    for (const Finding& f : found) {
      if (f.severity == Severity::kInfo || f.category == rule.category) continue;
      const bool counted = rule.of_categories.empty()
                               ? true
                               : std::find(rule.of_categories.begin(), rule.of_categories.end(), f.category) != rule.of_categories.end();
      if (!counted) continue;
      cats.insert(f.category);
      if (!first || f.byte_begin < first->byte_begin) first = &f;
    }
    if (static_cast<int>(cats.size()) < rule.min_categories || !first) continue;
    Finding f = make_finding(rule, {first->byte_begin, first->byte_end});
    std::string list;
    for (const auto& c : cats) list += (list.empty() ? "" : (ctx.locale == Locale::kJa ? "・" : ", ")) + CategoryLabel(c, ctx.locale);
    ReplaceAll(&f.message, "{categories}", list);
    ReplaceAll(&f.suggestion, "{categories}", list);
    found.push_back(std::move(f));
  }

  // 4. Checklist: posts only.
  if (ctx.kind == Kind::kPost) {
    report.has_checklist = true;
    int total = 0;
    double got = 0;
    for (size_t ri = 0; ri < impl.rules.size(); ++ri) {
      const Rule& rule = impl.rules[ri];
      if (rule.check != CheckKind::kField || !applies[ri]) continue;
      ChecklistItem item;
      item.field = rule.field;
      item.required = rule.required;
      // Present: the earliest match (of any pattern) that no exception cancels.
      const RawMatch* best = nullptr;
      for (const RawMatch& m : raw[ri])
        if ((!best || m.whole.begin < best->whole.begin) && !m.excepted) best = &m;
      if (best) {
        Span value = best->role[1];
        if (value.begin == kPending) value = impl.ReadValueGroup(t, best->line, ri, best->pattern, best->whole);
        const Span v = value.begin != kNone && value.end > value.begin ? value : best->whole;
        const Span o = norm.ToOriginal(v.begin, v.end);
        item.status = "present";
        item.start = src.Utf16At(o.begin);
        item.end = src.Utf16At(o.end);
        item.value = src.Excerpt(o.begin, o.end);
      } else {
        bool vague = false;
        for (const auto& vre : rule.vague) {
          re2::StringPiece m;
          if (vre->get().Match(t, 0, t.size(), RE2::UNANCHORED, &m, 1)) {
            const size_t b = static_cast<size_t>(m.data() - t.data());
            const Span o = norm.ToOriginal(static_cast<uint32_t>(b), static_cast<uint32_t>(b + m.size()));
            item.status = "vague";
            item.start = src.Utf16At(o.begin);
            item.end = src.Utf16At(o.end);
            item.value = src.Excerpt(o.begin, o.end);
            vague = true;
            break;
          }
        }
        if (!vague) item.status = "missing";
        item.question = rule.question.Get(ctx.locale);
        if (!vague && rule.required) found.push_back(make_finding(rule, {0, 0}));
      }
      total += rule.weight;
      got += rule.weight * (item.status == "present" ? 1.0 : item.status == "vague" ? 0.5 : 0.0);
      report.checklist.push_back(std::move(item));
    }
    report.score = total > 0 ? static_cast<int>(std::lround(100.0 * got / total)) : 100;

    // Completeness advice (依頼内容不足): several required fields not written down.
    for (const Rule& rule : impl.rules) {
      if (rule.check != CheckKind::kCompleteness || !rule.applies.Match(ctx)) continue;
      std::string list;
      int missing = 0;
      for (const ChecklistItem& c : report.checklist) {
        if (!c.required || c.status == "present") continue;
        ++missing;
        std::string label = c.field;
        for (const Rule& fr : impl.rules)
          if (fr.check == CheckKind::kField && fr.field == c.field && !fr.label.empty()) label = fr.label.Get(ctx.locale);
        list += (list.empty() ? "" : (ctx.locale == Locale::kJa ? "・" : ", ")) + label;
      }
      if (missing < rule.min_missing) continue;
      Finding f = make_finding(rule, {0, 0});
      ReplaceAll(&f.message, "{fields}", list);
      ReplaceAll(&f.suggestion, "{fields}", list);
      ReplaceAll(&f.message, "{count}", std::to_string(missing));
      found.push_back(std::move(f));
    }
  }

  for (Finding& f : found) {
    f.start = src.Utf16At(f.byte_begin);
    f.end = src.Utf16At(f.byte_end);
    f.excerpt = src.Excerpt(f.byte_begin, f.byte_end);
  }
  // Sorted by start, rule and end (ties keep their order). Findings are heavy to move, so
  // an order of indices is sorted and the findings are moved once.
  std::vector<uint32_t> order(found.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) {
    const Finding& a = found[x];
    const Finding& b = found[y];
    if (a.start != b.start) return a.start < b.start;
    if (a.rule != b.rule) return a.rule < b.rule;
    if (a.end != b.end) return a.end < b.end;
    return x < y;
  });
  report.findings.reserve(found.size());
  for (uint32_t i : order) report.findings.push_back(std::move(found[i]));
  return report;
}

std::string Engine::PrefilterStats(std::string_view text) const {
  using Clock = std::chrono::steady_clock;
  auto us = [](Clock::duration d) { return std::chrono::duration<double, std::micro>(d).count(); };
  const Impl& impl = *impl_;
  SourceText src(text);
  const Normalized norm = Normalize(src);
  const std::string& t = norm.text;
  size_t lines = 0, calls = 0, matching = 0;
  double prefilter_us = 0;
  std::vector<int> c;
  std::map<size_t, size_t> per_pattern;
  std::map<size_t, double> cost;  // microseconds spent matching each pattern
  const std::string folded = FoldForAtoms(t);
  PatternIndex::Scratch scratch = impl.index.NewScratch();
  for (size_t lb = 0; lb < t.size();) {
    size_t le = t.find('\n', lb);
    if (le == std::string::npos) le = t.size();
    if (le > lb) {
      const re2::StringPiece line(t.data() + lb, le - lb);
      const auto a = Clock::now();
      impl.Candidates(std::string_view(folded.data() + lb, le - lb), &scratch, &c);
      prefilter_us += us(Clock::now() - a);
      ++lines;
      calls += c.size();
      for (int id : c) {
        per_pattern[static_cast<size_t>(id)]++;
        const SetEntry& e = impl.index.entries[static_cast<size_t>(id)];
        const RE2& re = impl.rules[e.rule].res[e.pattern]->get();
        re2::StringPiece g[5];
        const int n = std::min(5, re.NumberOfCapturingGroups() + 1);
        matching += re.Match(line, 0, line.size(), RE2::UNANCHORED, nullptr, 0);  // warms the DFA
        const auto b = Clock::now();
        for (int rep = 0; rep < 5; ++rep) re.Match(line, 0, line.size(), RE2::UNANCHORED, g, n);
        cost[static_cast<size_t>(id)] += us(Clock::now() - b) / 5;
      }
    }
    lb = le + 1;
  }
  std::vector<std::pair<size_t, double>> by_cost(cost.begin(), cost.end());
  std::sort(by_cost.begin(), by_cost.end(), [](auto& a, auto& b) { return a.second > b.second; });
  std::string out = "patterns " + std::to_string(impl.index.entries.size()) + ", atoms " + std::to_string(impl.index.atoms.size()) +
                    " (" + std::to_string(impl.index.atoms.states()) + " states), unfiltered " + std::to_string(impl.index.unfiltered.size()) +
                    ", lines " + std::to_string(lines) + "\n";
  out += "candidates " + std::to_string(calls) + " (" + std::to_string(lines ? calls / lines : 0) + "/line), of which match " +
         std::to_string(matching) + "; prefilter " + std::to_string(static_cast<long>(prefilter_us)) + " us\n";
  double sum = 0;
  for (auto& [id, v] : by_cost) sum += v;
  out += "matching time (warm DFA): " + std::to_string(static_cast<long>(sum)) + " us; most expensive patterns:\n";
  // A pattern's atom formula, shortened: what a line must contain for it to run.
  std::function<std::string(uint32_t)> describe = [&](uint32_t node) -> std::string {
    const PatternIndex::Node& n = impl.index.nodes[node];
    if (n.kind == Requirement::kAny) return "any";
    if (n.kind == Requirement::kAtom) {
      return "\"" + impl.index.atom_text[n.atom] + "\"";
    }
    std::string r = n.kind == Requirement::kAnd ? "AND(" : "OR(";
    for (uint32_t k = 0; k < n.count && k < 6; ++k) r += (k ? " " : "") + describe(impl.index.kids[n.first + k]);
    if (n.count > 6) r += " +" + std::to_string(n.count - 6);
    return r + ")";
  };
  for (size_t i = 0; i < by_cost.size() && i < 30; ++i) {
    const SetEntry& e = impl.index.entries[by_cost[i].first];
    out += std::to_string(static_cast<long>(by_cost[i].second)) + " us, " + std::to_string(per_pattern[by_cost[i].first]) + " lines: " +
           impl.rules[e.rule].id + "/" + std::to_string(e.pattern) + " prog " + std::to_string(impl.rules[e.rule].res[e.pattern]->get().ProgramSize()) + " needs " + describe(impl.index.root[by_cost[i].first]).substr(0, 160) + "\n";
  }
  return out;
}

Status Engine::CompileAll() const {
  auto check = [](const Rule& rule, const LazyRE2& re, const std::string& where) -> Status {
    const RE2& compiled = re.get();
    if (compiled.ok()) return {};
    return Status::Error(StatusCode::kPatternError, "invalid RE2 pattern: " + compiled.error(), rule.pointer + where, rule.pack, rule.id);
  };
  for (const Rule& rule : impl_->rules) {
    for (size_t i = 0; i < rule.res.size(); ++i)
      if (Status st = check(rule, *rule.res[i], "/patterns/" + std::to_string(i)); !st.ok()) return st;
    for (size_t i = 0; i < rule.exceptions.size(); ++i)
      if (Status st = check(rule, *rule.exceptions[i].re, "/exceptions/" + std::to_string(i)); !st.ok()) return st;
    for (size_t i = 0; i < rule.vague.size(); ++i)
      if (Status st = check(rule, *rule.vague[i], "/vague/" + std::to_string(i)); !st.ok()) return st;
  }
  return {};
}

std::string Engine::VerifyPrefilter(std::string_view text) const {
  const Impl& impl = *impl_;
  SourceText src(text);
  const Normalized norm = Normalize(src);
  const std::string& t = norm.text;
  const std::string folded = FoldForAtoms(t);
  PatternIndex::Scratch scratch = impl.index.NewScratch();
  std::vector<int> c;
  for (size_t lb = 0; lb < t.size();) {
    size_t le = t.find('\n', lb);
    if (le == std::string::npos) le = t.size();
    const re2::StringPiece line(t.data() + lb, le - lb);
    const std::string shown = SanitizeUtf8(std::string(line.substr(0, 120)));
    const bool all = !impl.Candidates(std::string_view(folded.data() + lb, le - lb), &scratch, &c);
    for (size_t id = 0; id < impl.index.entries.size(); ++id) {
      const SetEntry& e = impl.index.entries[id];
      const Rule& rule = impl.rules[e.rule];
      if (!rule.res[e.pattern]->get().Match(line, 0, line.size(), RE2::UNANCHORED, nullptr, 0)) continue;
      if (!std::binary_search(c.begin(), c.end(), static_cast<int>(id)))
        return rule.id + "/patterns/" + std::to_string(e.pattern) + " matches the line \"" + shown + "\" but its atoms were not found";
    }
    // Exceptions: on the windows around each match, with and without their atoms.
    for (size_t id = 0; id < impl.index.entries.size() && !all; ++id) {
      const SetEntry& e = impl.index.entries[id];
      const Rule& rule = impl.rules[e.rule];
      const RE2& re = rule.res[e.pattern]->get();
      re2::StringPiece g[5];
      const int n = std::min(5, re.NumberOfCapturingGroups() + 1);
      if (rule.exceptions.empty() || !re.Match(line, 0, line.size(), RE2::UNANCHORED, g, n)) continue;
      const re2::StringPiece r = (n > 1 && g[1].data() && !g[1].empty()) ? g[1] : g[0];
      const size_t b = static_cast<size_t>(r.data() - line.data()), en = b + r.size();
      const std::string_view lv(line.data(), line.size());
      const auto& roots = impl.index.exception_root[e.rule];
      const bool full = LocalExcepted(rule, lv, b, en, [](size_t) { return true; });
      const bool filtered = LocalExcepted(rule, lv, b, en, [&](size_t i) { return impl.index.Holds(roots[i], scratch); });
      if (full != filtered)
        return rule.id + ": an exception applies to the match in \"" + shown + "\" but its atoms were not found";
    }
    lb = le + 1;
  }
  return "";
}

Status ValidateContext(const Engine& engine, const Context& c) {
  if (!engine.HasPlatform(c.platform))
    return Status::Error(StatusCode::kInvalidArgument, "unknown platform \"" + c.platform + "\"", "/platform");
  return {};
}

Status ParseContextJson(std::string_view text, const Engine& engine, Context* out) {
  json j;
  if (Status st = ParseJson(text, "options", &j); !st.ok()) return st;
  if (j.is_null()) return {};
  if (!j.is_object()) return Status::Error(StatusCode::kInvalidArgument, "options must be an object", "/");
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& k = it.key();
    const std::string ptr = PointerJoin("", k);
    if (it.value().is_null()) continue;
    if (!it.value().is_string())
      return Status::Error(StatusCode::kInvalidArgument, "option \"" + k + "\" must be a string", ptr);
    const std::string v = it.value().get<std::string>();
    bool ok = true;
    if (k == "kind") ok = Parse(v, &out->kind);
    else if (k == "stage") ok = Parse(v, &out->stage);
    else if (k == "mode") ok = Parse(v, &out->mode);
    else if (k == "locale") ok = Parse(v, &out->locale);
    else if (k == "platform") { out->platform = v; ok = engine.HasPlatform(v); }
    else return Status::Error(StatusCode::kInvalidArgument, "unknown option \"" + k + "\" (kind, stage, mode, platform, locale)", ptr);
    if (!ok) return Status::Error(StatusCode::kInvalidArgument, "unknown " + k + " \"" + v + "\"", ptr);
  }
  return {};
}

// --- report JSON --------------------------------------------------------------------

std::string ReportToJson(const Report& r, const std::string& id) {
  // Built piece by piece, one finding at a time: a JSON tree of a large report would
  // take several times the report's size (measured on 10 MB texts).
  ojson head;
  if (!id.empty()) head["id"] = id;
  head["version"] = 1;
  head["kind"] = Name(r.context.kind);
  head["stage"] = Name(r.context.stage);
  head["mode"] = Name(r.context.mode);
  head["platform"] = r.context.platform;
  head["locale"] = Name(r.context.locale);
  std::string out = Dump(head);
  out.pop_back();  // the closing brace
  out += ",\"findings\":[";
  // Written directly, in exactly nlohmann's compact form (tests compare bytes): its
  // serializer was a tenth of a re-check in WebAssembly.
  auto key = [&out](const char* k) { out += '"'; out += k; out += "\":"; };
  for (size_t i = 0; i < r.findings.size(); ++i) {
    const Finding& f = r.findings[i];
    if (i) out += ',';
    out += '{';
    key("rule"), AppendJsonString(&out, f.rule), out += ',';
    key("category"), AppendJsonString(&out, f.category), out += ',';
    key("severity"), AppendJsonString(&out, Name(f.severity)), out += ',';
    key("start"), out += std::to_string(f.start), out += ',';
    key("end"), out += std::to_string(f.end), out += ',';
    key("excerpt"), AppendJsonString(&out, f.excerpt), out += ',';
    key("message"), AppendJsonString(&out, f.message), out += ',';
    key("suggestion"), AppendJsonString(&out, f.suggestion);
    if (f.has_replacement) out += ',', key("replacement"), AppendJsonString(&out, f.replacement);
    out += '}';
  }
  out += ']';
  if (!r.has_checklist) return out + '}';
  ojson tail;
  ojson items = ojson::array();
  for (const ChecklistItem& c : r.checklist) {
    ojson o;
    o["field"] = c.field;
    o["status"] = c.status;
    if (!c.required) o["required"] = false;
    if (c.status != "missing") {
      o["start"] = c.start;
      o["end"] = c.end;
      o["value"] = c.value;
    }
    if (c.status != "present") o["question"] = c.question;
    items.push_back(std::move(o));
  }
  tail["checklist"] = std::move(items);
  tail["score"] = r.score;
  const std::string t = Dump(tail);
  out += ',';
  out.append(t, 1, std::string::npos);  // its opening brace dropped, its closing one ends the report
  return out;
}

}  // namespace anshin
