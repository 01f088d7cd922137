#include <algorithm>
#include <cmath>
#include <map>
#include <set>

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

  for (const PackSource& p : packs)
    if (Status st = LoadPack(p, &defines, &impl.rules); !st.ok()) return st;

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

  // One RE2::Set per kind of text over every pattern that can apply to it.
  for (int k = 0; k < 2; ++k) {
    RE2::Options opts = PatternOptions(false);
    opts.set_max_mem(64 << 20);
    KindIndex& idx = impl.by_kind[k];
    idx.set = std::make_unique<RE2::Set>(opts, RE2::UNANCHORED);
    for (size_t ri = 0; ri < impl.rules.size(); ++ri) {
      const Rule& r = impl.rules[ri];
      if (!(r.applies.kinds & (1u << k))) continue;
      for (size_t pi = 0; pi < r.patterns.size(); ++pi) {
        std::string error;
        if (idx.set->Add(r.patterns[pi], &error) < 0)
          return Status::Error(StatusCode::kPatternError, "invalid RE2 pattern: " + error,
                               PointerJoin(r.pointer + "/patterns", pi), r.pack, r.id);
        idx.entries.push_back({ri, pi});
      }
    }
    if (!idx.set->Compile())
      return Status::Error(StatusCode::kPatternError, "the rule patterns together exceed RE2's memory budget");
  }
  return engine;
}

std::vector<std::vector<size_t>> Engine::Impl::Fired(Kind kind, const std::string& text) const {
  std::vector<std::vector<size_t>> fired(rules.size());
  const KindIndex& idx = by_kind[static_cast<int>(kind)];
  std::vector<int> hits;
  RE2::Set::ErrorInfo info;
  if (!idx.set->Match(text, &hits, &info) && info.kind != RE2::Set::kNoError) {
    // The Set's DFA ran out of memory on this text: fall back to every pattern.
    hits.clear();
    for (size_t i = 0; i < idx.entries.size(); ++i) hits.push_back(static_cast<int>(i));
  }
  std::sort(hits.begin(), hits.end());
  for (int h : hits) fired[idx.entries[h].rule].push_back(idx.entries[h].pattern);
  return fired;
}

// --- checking -----------------------------------------------------------------------

namespace {

bool IsSentenceEnd(const std::string& t, size_t i) {
  const unsigned char c = static_cast<unsigned char>(t[i]);
  if (c == '\n' || c == '!' || c == '?') return true;
  if (c == '.') return i + 1 >= t.size() || t[i + 1] == ' ' || t[i + 1] == '\n';
  // 。 is E3 80 82
  return c == 0x82 && i >= 2 && static_cast<unsigned char>(t[i - 2]) == 0xE3 && static_cast<unsigned char>(t[i - 1]) == 0x80;
}

size_t StepBack(const std::string& t, size_t i) {  // start of the code point before i
  if (i == 0) return 0;
  --i;
  while (i > 0 && (static_cast<unsigned char>(t[i]) & 0xC0) == 0x80) --i;
  return i;
}
size_t StepForward(const std::string& t, size_t i) {
  if (i >= t.size()) return t.size();
  ++i;
  while (i < t.size() && (static_cast<unsigned char>(t[i]) & 0xC0) == 0x80) ++i;
  return i;
}

constexpr size_t kSentenceReach = 600;  // bytes each way: bounds the cost on unsplit text

Span SentenceAround(const std::string& t, size_t b, size_t e) {
  size_t s = b;
  while (s > 0 && b - s < kSentenceReach) {
    const size_t p = StepBack(t, s);
    if (IsSentenceEnd(t, s - 1)) break;
    s = p;
  }
  size_t f = e;
  while (f < t.size() && f - e < kSentenceReach) {
    if (IsSentenceEnd(t, f)) { f = StepForward(t, f); break; }
    f = StepForward(t, f);
  }
  return {static_cast<uint32_t>(s), static_cast<uint32_t>(f)};
}

Span Window(const std::string& t, size_t b, size_t e, int before, int after) {
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

bool Excepted(const Rule& rule, const std::string& t, size_t b, size_t e) {
  for (const Exception& ex : rule.exceptions) {
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
    if (ex.re->Match(window, 0, window.size(), RE2::UNANCHORED, nullptr, 0)) return true;
  }
  return false;
}

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

}  // namespace

Report Engine::Check(std::string_view text, const Context& ctx) const {
  const Impl& impl = *impl_;
  Report report;
  report.context = ctx;
  const SourceText src(text);
  const Normalized norm = Normalize(src);
  const std::string& t = norm.text;
  const auto fired = impl.Fired(ctx.kind, t);
  const Platform* platform = impl.FindPlatform(ctx.platform);

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

  std::vector<Finding> found;
  for (size_t ri = 0; ri < impl.rules.size(); ++ri) {
    const Rule& rule = impl.rules[ri];
    if (fired[ri].empty() || !rule.applies.Match(ctx)) continue;
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
    for (size_t pi : fired[ri])
      ForEachMatch(*rule.res[pi], t, [&](size_t b, size_t e) {
        if (!Excepted(rule, t, b, e)) spans.push_back({static_cast<uint32_t>(b), static_cast<uint32_t>(e)});
      });
    if (spans.empty()) continue;
    // One finding per stretch of text: overlapping matches of one rule merge.
    std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) { return a.begin != b.begin ? a.begin < b.begin : a.end > b.end; });
    std::vector<Span> merged;
    for (const Span& s : spans) {
      if (!merged.empty() && s.begin < merged.back().end) merged.back().end = std::max(merged.back().end, s.end);
      else merged.push_back(s);
    }
    for (const Span& s : merged) {
      Finding f = make_finding(rule, norm.ToOriginal(s.begin, s.end));
      if (override_) {
        f.severity = override_->severity;
        const std::string& note = override_->note.Get(ctx.locale);
        if (!note.empty()) f.message += (ctx.locale == Locale::kJa ? "" : " ") + note;
      }
      found.push_back(std::move(f));
    }
  }

  // Aggregate rules: several violation categories in one text.
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

  // Checklist: posts only.
  if (ctx.kind == Kind::kPost) {
    report.has_checklist = true;
    int total = 0;
    double got = 0;
    for (size_t ri = 0; ri < impl.rules.size(); ++ri) {
      const Rule& rule = impl.rules[ri];
      if (rule.check != CheckKind::kField || !rule.applies.Match(ctx)) continue;
      ChecklistItem item;
      item.field = rule.field;
      item.required = rule.required;
      // Present: the earliest match of any pattern that fired.
      bool have = false;
      size_t best_b = 0, best_e = 0, val_b = 0, val_e = 0;
      for (size_t pi : fired[ri]) {
        const RE2& re = *rule.res[pi];
        const int ngroups = re.NumberOfCapturingGroups();
        int value_group = 0;
        if (ngroups > 0) value_group = re.NamedCapturingGroups().at("value");
        std::vector<re2::StringPiece> m(static_cast<size_t>(ngroups) + 1);
        size_t pos = 0;
        while (pos < t.size() && re.Match(t, pos, t.size(), RE2::UNANCHORED, m.data(), ngroups + 1)) {
          const size_t b = static_cast<size_t>(m[0].data() - t.data()), e = b + m[0].size();
          if (e == b) { pos = StepForward(t, b); continue; }
          if (!Excepted(rule, t, b, e)) {
            if (!have || b < best_b) {
              have = true;
              best_b = b; best_e = e;
              const re2::StringPiece& v = m[static_cast<size_t>(value_group)];
              if (v.data() && !v.empty()) { val_b = static_cast<size_t>(v.data() - t.data()); val_e = val_b + v.size(); }
              else { val_b = b; val_e = e; }
            }
            break;  // the first unexcepted match of this pattern is its earliest
          }
          pos = e;
        }
      }
      (void)best_e;
      if (have) {
        const Span o = norm.ToOriginal(static_cast<uint32_t>(val_b), static_cast<uint32_t>(val_e));
        item.status = "present";
        item.start = src.Utf16At(o.begin);
        item.end = src.Utf16At(o.end);
        item.value = src.Excerpt(o.begin, o.end);
      } else {
        bool vague = false;
        for (const auto& vre : rule.vague) {
          re2::StringPiece m;
          if (vre->Match(t, 0, t.size(), RE2::UNANCHORED, &m, 1)) {
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
  }

  for (Finding& f : found) {
    f.start = src.Utf16At(f.byte_begin);
    f.end = src.Utf16At(f.byte_end);
    f.excerpt = src.Excerpt(f.byte_begin, f.byte_end);
  }
  std::sort(found.begin(), found.end(), [](const Finding& a, const Finding& b) {
    if (a.start != b.start) return a.start < b.start;
    if (a.rule != b.rule) return a.rule < b.rule;
    return a.end < b.end;
  });
  report.findings = std::move(found);
  return report;
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
  ojson j;
  if (!id.empty()) j["id"] = id;
  j["version"] = 1;
  j["kind"] = Name(r.context.kind);
  j["stage"] = Name(r.context.stage);
  j["mode"] = Name(r.context.mode);
  j["platform"] = r.context.platform;
  j["locale"] = Name(r.context.locale);
  ojson findings = ojson::array();
  for (const Finding& f : r.findings) {
    ojson o;
    o["rule"] = f.rule;
    o["category"] = f.category;
    o["severity"] = Name(f.severity);
    o["start"] = f.start;
    o["end"] = f.end;
    o["excerpt"] = f.excerpt;
    o["message"] = f.message;
    o["suggestion"] = f.suggestion;
    if (f.has_replacement) o["replacement"] = f.replacement;
    findings.push_back(std::move(o));
  }
  j["findings"] = std::move(findings);
  if (r.has_checklist) {
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
    j["checklist"] = std::move(items);
    j["score"] = r.score;
  }
  return Dump(j);
}

}  // namespace anshin
