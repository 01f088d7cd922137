// Loads rule packs and the platform policy from JSON, checking the same structure as
// rules/schema.json and naming the JSON pointer of anything wrong.
#include <cctype>
#include <set>

#include "json_util.h"
#include "model.h"
#include "normalize.h"

namespace anshin {
namespace {

const std::set<std::string>& Categories() {
  static const std::set<std::string> c = {
      "stealth_marketing", "external_tos", "uncertain_pay", "mlm", "offsite_transaction",
      "other_violation", "missing_requirement", "vague_requirement", "advice"};
  return c;
}

// Walks one JSON document, remembering the first error.
class Reader {
 public:
  explicit Reader(std::string file) : file_(std::move(file)) {}
  const Status& status() const { return status_; }
  bool failed() const { return !status_.ok(); }

  bool Fail(const std::string& ptr, const std::string& msg, StatusCode code = StatusCode::kSchemaError) {
    if (status_.ok()) status_ = Status::Error(code, msg, ptr.empty() ? "/" : ptr, file_, rule_);
    return false;
  }
  void SetRule(std::string id) { rule_ = std::move(id); }
  void SetEager(bool eager) { eager_ = eager; }
  bool eager() const { return eager_; }

  bool Object(const json& j, const std::string& ptr, std::initializer_list<const char*> required,
              std::initializer_list<const char*> optional) {
    if (!j.is_object()) return Fail(ptr, "expected an object");
    for (const char* k : required)
      if (!j.contains(k)) return Fail(PointerJoin(ptr, k), std::string("missing required key \"") + k + "\"");
    for (auto it = j.begin(); it != j.end(); ++it) {
      bool known = false;
      for (const char* k : required) known |= it.key() == k;
      for (const char* k : optional) known |= it.key() == k;
      if (!known) return Fail(PointerJoin(ptr, it.key()), "unknown key \"" + it.key() + "\"");
    }
    return true;
  }
  bool String(const json& j, const std::string& ptr, std::string* out, bool non_empty = true) {
    if (!j.is_string()) return Fail(ptr, "expected a string");
    *out = j.get_ref<const std::string&>();
    if (non_empty && out->empty()) return Fail(ptr, "must not be empty");
    return true;
  }
  bool Bool(const json& j, const std::string& ptr, bool* out) {
    if (!j.is_boolean()) return Fail(ptr, "expected true or false");
    *out = j.get<bool>();
    return true;
  }
  bool Int(const json& j, const std::string& ptr, int lo, int hi, int* out) {
    if (!j.is_number_integer()) return Fail(ptr, "expected an integer");
    const auto v = j.get<int64_t>();
    if (v < lo || v > hi) return Fail(ptr, "must be between " + std::to_string(lo) + " and " + std::to_string(hi));
    *out = static_cast<int>(v);
    return true;
  }
  bool Localized(const json& j, const std::string& ptr, anshin::Localized* out) {
    if (!Object(j, ptr, {"ja", "en"}, {})) return false;
    return String(j["ja"], ptr + "/ja", &out->ja) && String(j["en"], ptr + "/en", &out->en);
  }
  bool StringList(const json& j, const std::string& ptr, std::vector<std::string>* out, bool non_empty = true) {
    if (!j.is_array()) return Fail(ptr, "expected an array of strings");
    if (non_empty && j.empty()) return Fail(ptr, "must not be empty");
    for (size_t i = 0; i < j.size(); ++i) {
      std::string s;
      if (!String(j[i], PointerJoin(ptr, i), &s)) return false;
      out->push_back(std::move(s));
    }
    return true;
  }
  template <typename E>
  bool EnumMask(const json& j, const std::string& ptr, unsigned* mask) {
    std::vector<std::string> names;
    if (!StringList(j, ptr, &names)) return false;
    *mask = 0;
    for (size_t i = 0; i < names.size(); ++i) {
      E v;
      if (!Parse(names[i], &v)) return Fail(PointerJoin(ptr, i), "unknown value \"" + names[i] + "\"");
      *mask |= 1u << static_cast<int>(v);
    }
    return true;
  }

  const std::string& file() const { return file_; }

 private:
  std::string file_;
  std::string rule_;
  Status status_;
  bool eager_ = true;
};

// Replaces {{name}} with (?:definition), recursively up to a small depth.
bool ExpandMacros(const std::string& in, const Defines& defines, int depth, std::string* out, std::string* error) {
  out->clear();
  size_t i = 0;
  while (i < in.size()) {
    const size_t open = in.find("{{", i);
    if (open == std::string::npos) { out->append(in, i, std::string::npos); break; }
    const size_t close = in.find("}}", open + 2);
    if (close == std::string::npos) { *error = "unterminated {{ in pattern"; return false; }
    out->append(in, i, open - i);
    const std::string name = in.substr(open + 2, close - open - 2);
    auto it = defines.map.find(name);
    if (it == defines.map.end()) { *error = "unknown define {{" + name + "}}"; return false; }
    if (depth >= 4) { *error = "defines nested too deeply at {{" + name + "}}"; return false; }
    std::string inner;
    if (!ExpandMacros(it->second, defines, depth + 1, &inner, error)) return false;
    out->append("(?:").append(inner).append(")");
    i = close + 2;
  }
  return true;
}

bool HasFullWidthAscii(const std::string& s) {
  // U+FF01..U+FF5E are EF BC 81..EF BC BF and EF BD 80..EF BD 9E.
  for (size_t i = s.find('\xEF'); i != std::string::npos && i + 2 < s.size(); i = s.find('\xEF', i + 1)) {
    const auto b1 = static_cast<unsigned char>(s[i + 1]), b2 = static_cast<unsigned char>(s[i + 2]);
    if ((b1 == 0xBC && b2 >= 0x81 && b2 <= 0xBF) || (b1 == 0xBD && b2 >= 0x80 && b2 <= 0x9E)) return true;
  }
  return false;
}

// Compiles one pattern: macros, kana folding, then a reading of its groups and atoms
// (atoms.h). RE2 itself compiles it on first use, or now when the pack is loaded
// eagerly or the reading did not follow the syntax.
bool CompilePattern(Reader* r, const Defines& defines, const std::string& source, const std::string& ptr,
                    bool captures, std::string* expanded, std::unique_ptr<LazyRE2>* out, PatternShape* shape,
                    bool never_nl = true, bool want_atoms = true) {
  if (HasFullWidthAscii(source))
    return r->Fail(ptr, "write ASCII instead of full-width characters: input is width-folded before matching",
                   StatusCode::kPatternError);
  std::string error;
  if (!ExpandMacros(source, defines, 0, expanded, &error)) return r->Fail(ptr, error, StatusCode::kPatternError);
  *expanded = FoldPattern(*expanded);
  // Read only when its groups (captures) or atoms (prefilter) are used.
  if (captures || want_atoms) *shape = AnalyzePattern(*expanded, defines.analysis.get());
  else shape->read = true;
  auto lazy = std::make_unique<LazyRE2>(*expanded, PatternOptions(captures, never_nl));
  if (r->eager() || !shape->read) {
    const RE2& re = lazy->get();
    if (!re.ok()) {
      std::string msg = "invalid RE2 pattern: " + re.error();
      if (re.error_code() == RE2::ErrorPatternTooLarge) msg = "pattern exceeds RE2's memory budget: " + re.error();
      return r->Fail(ptr, msg, StatusCode::kPatternError);
    }
    shape->groups = re.NumberOfCapturingGroups();
    shape->named.clear();
    for (const auto& [name, index] : re.NamedCapturingGroups()) shape->named[name] = index;
  }
  *out = std::move(lazy);
  return true;
}

bool ReadApplies(Reader* r, const json& j, const std::string& ptr, Applies* a) {
  if (!r->Object(j, ptr, {}, {"kinds", "stages", "modes", "platforms"})) return false;
  if (j.contains("kinds") && !r->EnumMask<Kind>(j["kinds"], ptr + "/kinds", &a->kinds)) return false;
  if (j.contains("stages") && !r->EnumMask<Stage>(j["stages"], ptr + "/stages", &a->stages)) return false;
  if (j.contains("modes") && !r->EnumMask<Mode>(j["modes"], ptr + "/modes", &a->modes)) return false;
  if (j.contains("platforms") && !r->StringList(j["platforms"], ptr + "/platforms", &a->platforms)) return false;
  return true;
}

// The context an example runs in when it does not say: the first kind, stage and
// mode the rule applies to (a message defaults to before_escrow when allowed).
Context DefaultContext(const Applies& a) {
  Context c;
  c.kind = (a.kinds & Bit(Kind::kPost)) ? Kind::kPost : Kind::kMessage;
  const Stage pref = c.kind == Kind::kPost ? Stage::kDraft : Stage::kBeforeEscrow;
  if (a.stages & Bit(pref)) c.stage = pref;
  else for (int s = 0; s < 3; ++s) if (a.stages & (1u << s)) { c.stage = static_cast<Stage>(s); break; }
  for (int m = 0; m < 3; ++m) if (a.modes & (1u << m)) { c.mode = static_cast<Mode>(m); break; }
  if (!a.platforms.empty()) c.platform = a.platforms.front();
  return c;
}

bool ReadExample(Reader* r, const json& j, const std::string& ptr, const Rule& rule, bool should_match, Example* ex) {
  ex->should_match = should_match;
  ex->pointer = ptr;
  ex->context = DefaultContext(rule.applies);
  if (j.is_string()) return r->String(j, ptr, &ex->text);
  if (!r->Object(j, ptr, {"text"}, {"kind", "stage", "mode", "platform", "excerpt", "severity", "output", "status", "value", "note"}))
    return false;
  if (!r->String(j["text"], ptr + "/text", &ex->text)) return false;
  std::string s;
  if (j.contains("kind")) {
    if (!r->String(j["kind"], ptr + "/kind", &s)) return false;
    if (!Parse(s, &ex->context.kind)) return r->Fail(ptr + "/kind", "unknown kind \"" + s + "\"");
    if (!j.contains("stage")) ex->context.stage = ex->context.kind == Kind::kPost ? Stage::kDraft : Stage::kBeforeEscrow;
  }
  if (j.contains("stage")) {
    if (!r->String(j["stage"], ptr + "/stage", &s)) return false;
    if (!Parse(s, &ex->context.stage)) return r->Fail(ptr + "/stage", "unknown stage \"" + s + "\"");
  }
  if (j.contains("mode")) {
    if (!r->String(j["mode"], ptr + "/mode", &s)) return false;
    if (!Parse(s, &ex->context.mode)) return r->Fail(ptr + "/mode", "unknown mode \"" + s + "\"");
  }
  if (j.contains("platform") && !r->String(j["platform"], ptr + "/platform", &ex->context.platform)) return false;
  if (j.contains("excerpt") && !r->String(j["excerpt"], ptr + "/excerpt", &ex->excerpt)) return false;
  if (j.contains("severity")) {
    if (!r->String(j["severity"], ptr + "/severity", &ex->severity)) return false;
    Severity sv;
    if (!Parse(ex->severity, &sv)) return r->Fail(ptr + "/severity", "unknown severity \"" + ex->severity + "\"");
  }
  if (j.contains("output")) {
    if (!r->String(j["output"], ptr + "/output", &ex->output, false)) return false;
    ex->has_output = true;
  }
  if (j.contains("status")) {
    if (!r->String(j["status"], ptr + "/status", &ex->status)) return false;
    if (ex->status != "present" && ex->status != "missing" && ex->status != "vague")
      return r->Fail(ptr + "/status", "status must be present, missing or vague");
  }
  if (j.contains("value") && !r->String(j["value"], ptr + "/value", &ex->value)) return false;
  if (j.contains("note")) { std::string note; if (!r->String(j["note"], ptr + "/note", &note)) return false; }
  if (!ex->excerpt.empty() && ex->text.find(ex->excerpt) == std::string::npos)
    return r->Fail(ptr + "/excerpt", "the excerpt does not occur in the example's text");
  return true;
}

bool ReadRule(Reader* r, const json& j, const std::string& ptr, Defines& defines, Rule* rule) {
  if (!j.is_object()) return r->Fail(ptr, "expected an object");
  if (j.contains("id") && j["id"].is_string()) r->SetRule(j["id"].get<std::string>());
  if (!r->Object(j, ptr, {"id", "category", "severity", "check", "message", "examples"},
                 {"applies", "policy", "patterns", "exceptions", "suggestion", "replacement", "field", "required",
                  "weight", "vague", "question", "min_categories", "of_categories", "description", "below", "min_missing", "label"}))
    return false;
  if (!r->String(j["id"], ptr + "/id", &rule->id)) return false;
  for (char c : rule->id)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-'))
      return r->Fail(ptr + "/id", "rule ids use letters, digits, '.', '_' and '-' only");
  if (!r->String(j["category"], ptr + "/category", &rule->category)) return false;
  if (!Categories().count(rule->category))
    return r->Fail(ptr + "/category", "unknown category \"" + rule->category + "\"");
  std::string s;
  if (!r->String(j["severity"], ptr + "/severity", &s)) return false;
  if (!Parse(s, &rule->severity)) return r->Fail(ptr + "/severity", "unknown severity \"" + s + "\"");
  if (!r->String(j["check"], ptr + "/check", &s)) return false;
  if (s == "pattern") rule->check = CheckKind::kPattern;
  else if (s == "substitution") rule->check = CheckKind::kSubstitution;
  else if (s == "field") rule->check = CheckKind::kField;
  else if (s == "aggregate") rule->check = CheckKind::kAggregate;
  else if (s == "rate") rule->check = CheckKind::kRate;
  else if (s == "completeness") rule->check = CheckKind::kCompleteness;
  else return r->Fail(ptr + "/check", "unknown check \"" + s + "\" (pattern, substitution, field, aggregate, rate, completeness)");
  if (j.contains("description") && !r->String(j["description"], ptr + "/description", &s)) return false;
  if (j.contains("applies") && !ReadApplies(r, j["applies"], ptr + "/applies", &rule->applies)) return false;
  if (j.contains("policy") && !r->String(j["policy"], ptr + "/policy", &rule->policy)) return false;
  if (!r->Localized(j["message"], ptr + "/message", &rule->message)) return false;
  if (j.contains("suggestion") && !r->Localized(j["suggestion"], ptr + "/suggestion", &rule->suggestion)) return false;
  if (j.contains("label") && !r->Localized(j["label"], ptr + "/label", &rule->label)) return false;

  const bool needs_patterns = rule->check != CheckKind::kAggregate && rule->check != CheckKind::kCompleteness;
  if (needs_patterns && !j.contains("patterns")) return r->Fail(ptr + "/patterns", "missing required key \"patterns\"");
  if (!needs_patterns && j.contains("patterns")) return r->Fail(ptr + "/patterns", "aggregate and completeness rules have no patterns");
  if (j.contains("patterns")) {
    std::vector<std::string> sources;
    if (!r->StringList(j["patterns"], ptr + "/patterns", &sources)) return false;
    for (size_t i = 0; i < sources.size(); ++i) {
      std::string expanded;
      std::unique_ptr<LazyRE2> re;
      PatternShape shape;
      if (!CompilePattern(r, defines, sources[i], PointerJoin(ptr + "/patterns", i), true,
                          &expanded, &re, &shape))
        return false;
      // Groups say which part of a match is reported: (?P<span>...) in pattern rules,
      // (?P<value>...) in field rules. Other groups must not capture: write (?:...).
      const int groups = shape.groups;
      const auto& named = shape.named;
      if (rule->check == CheckKind::kRate) {
        size_t known = named.count("amount") + named.count("count") + named.count("span");
        if (!named.count("amount") || static_cast<int>(known) != groups)
          return r->Fail(PointerJoin(ptr + "/patterns", i),
                         "a rate pattern captures (?P<amount>...), optionally (?P<count>...) and (?P<span>...); use (?:...) otherwise",
                         StatusCode::kPatternError);
      } else {
        const char* group = rule->check == CheckKind::kField ? "value" : "span";
        if (groups > 1 || (groups == 1 && !named.count(group)))
          return r->Fail(PointerJoin(ptr + "/patterns", i),
                         std::string("use (?:...) for grouping; the only capturing group allowed is (?P<") + group + ">...)",
                         StatusCode::kPatternError);
      }
      std::array<int, 4> roles{0, 0, 0, 0};
      const char* const kRoles[] = {"span", "value", "amount", "count"};
      for (int k = 0; k < 4; ++k) {
        auto it = named.find(kRoles[k]);
        if (it != named.end()) roles[static_cast<size_t>(k)] = it->second;
      }
      rule->roles.push_back(roles);
      rule->span_whole.push_back(shape.whole_group && roles[0] == 1);
      rule->patterns.push_back(std::move(expanded));
      rule->res.push_back(std::move(re));
      rule->needs.push_back(std::move(shape.need));
    }
  }
  if (j.contains("exceptions")) {
    const json& ex = j["exceptions"];
    const std::string ep = ptr + "/exceptions";
    if (!ex.is_array()) return r->Fail(ep, "expected an array");
    for (size_t i = 0; i < ex.size(); ++i) {
      const std::string p = PointerJoin(ep, i);
      Exception e;
      std::string pat;
      if (ex[i].is_string()) {
        pat = ex[i].get<std::string>();
      } else {
        if (!r->Object(ex[i], p, {"pattern"}, {"scope", "chars"})) return false;
        if (!r->String(ex[i]["pattern"], p + "/pattern", &pat)) return false;
        if (ex[i].contains("scope")) {
          std::string sc;
          if (!r->String(ex[i]["scope"], p + "/scope", &sc)) return false;
          if (sc == "match") e.scope = ExceptionScope::kMatch;
          else if (sc == "sentence") e.scope = ExceptionScope::kSentence;
          else if (sc == "before") e.scope = ExceptionScope::kBefore;
          else if (sc == "after") e.scope = ExceptionScope::kAfter;
          else if (sc == "around") e.scope = ExceptionScope::kAround;
          else if (sc == "text") e.scope = ExceptionScope::kText;
          else return r->Fail(p + "/scope", "unknown scope \"" + sc + "\" (match, sentence, before, after, around, text)");
        }
        if (ex[i].contains("chars") && !r->Int(ex[i]["chars"], p + "/chars", 1, 500, &e.chars)) return false;
      }
      std::string expanded, error;
      if (HasFullWidthAscii(pat))
        return r->Fail(ex[i].is_string() ? p : p + "/pattern", "write ASCII instead of full-width characters: input is width-folded before matching", StatusCode::kPatternError);
      if (!ExpandMacros(pat, defines, 0, &expanded, &error)) return r->Fail(ex[i].is_string() ? p : p + "/pattern", error, StatusCode::kPatternError);
      expanded = FoldPattern(expanded);
      auto cached = defines.exception_cache.find(expanded);
      if (cached != defines.exception_cache.end()) {
        e.re = cached->second.re;
        e.need = cached->second.need;
      } else {
        std::unique_ptr<LazyRE2> re;
        std::string ignored;
        PatternShape shape;
        if (!CompilePattern(r, defines, pat, ex[i].is_string() ? p : p + "/pattern", false, &ignored, &re, &shape, false)) return false;
        e.need = std::make_shared<const Requirement>(std::move(shape.need));
        e.re = std::shared_ptr<const LazyRE2>(std::move(re));
        defines.exception_cache.emplace(expanded, Defines::CachedException{e.re, e.need});
      }
      rule->exceptions.push_back(std::move(e));
    }
  }
  if (rule->check == CheckKind::kSubstitution) {
    if (!j.contains("replacement")) return r->Fail(ptr + "/replacement", "substitution rules need a replacement");
    if (!r->Localized(j["replacement"], ptr + "/replacement", &rule->replacement)) return false;
    rule->has_replacement = true;
  } else if (j.contains("replacement")) {
    return r->Fail(ptr + "/replacement", "only substitution rules have a replacement");
  }
  if (rule->check == CheckKind::kField) {
    if (!j.contains("field")) return r->Fail(ptr + "/field", "field rules need \"field\"");
    if (!r->String(j["field"], ptr + "/field", &rule->field)) return false;
    if (!j.contains("question")) return r->Fail(ptr + "/question", "field rules need a question");
    if (!r->Localized(j["question"], ptr + "/question", &rule->question)) return false;
    if (j.contains("required") && !r->Bool(j["required"], ptr + "/required", &rule->required)) return false;
    if (j.contains("weight") && !r->Int(j["weight"], ptr + "/weight", 0, 100, &rule->weight)) return false;
    if (j.contains("vague")) {
      std::vector<std::string> sources;
      if (!r->StringList(j["vague"], ptr + "/vague", &sources, false)) return false;
      for (size_t i = 0; i < sources.size(); ++i) {
        std::string expanded;
        std::unique_ptr<LazyRE2> re;
        PatternShape unused;
        if (!CompilePattern(r, defines, sources[i], PointerJoin(ptr + "/vague", i), false, &expanded, &re, &unused, true, false)) return false;
        rule->vague.push_back(std::move(re));
      }
    }
  } else {
    for (const char* k : {"field", "question", "required", "weight", "vague"})
      if (j.contains(k)) return r->Fail(PointerJoin(ptr, k), std::string("\"") + k + "\" belongs to field rules");
  }
  if (rule->check == CheckKind::kRate) {
    if (!j.contains("below") || !j["below"].is_number()) return r->Fail(ptr + "/below", "rate rules need a number \"below\"");
    rule->below = j["below"].get<double>();
    if (!(rule->below > 0)) return r->Fail(ptr + "/below", "must be greater than 0");
  } else if (j.contains("below")) {
    return r->Fail(ptr + "/below", "\"below\" belongs to rate rules");
  }
  if (rule->check == CheckKind::kCompleteness) {
    if (j.contains("min_missing") && !r->Int(j["min_missing"], ptr + "/min_missing", 1, 20, &rule->min_missing)) return false;
  } else if (j.contains("min_missing")) {
    return r->Fail(ptr + "/min_missing", "\"min_missing\" belongs to completeness rules");
  }
  if (rule->check == CheckKind::kAggregate) {
    if (j.contains("min_categories") && !r->Int(j["min_categories"], ptr + "/min_categories", 2, 9, &rule->min_categories))
      return false;
    if (j.contains("of_categories")) {
      if (!r->StringList(j["of_categories"], ptr + "/of_categories", &rule->of_categories)) return false;
      for (size_t i = 0; i < rule->of_categories.size(); ++i)
        if (!Categories().count(rule->of_categories[i]))
          return r->Fail(PointerJoin(ptr + "/of_categories", i), "unknown category \"" + rule->of_categories[i] + "\"");
    }
  } else {
    for (const char* k : {"min_categories", "of_categories"})
      if (j.contains(k)) return r->Fail(PointerJoin(ptr, k), std::string("\"") + k + "\" belongs to aggregate rules");
  }

  // Examples: every rule carries its own, at least one that must match and one that must not.
  const json& ex = j["examples"];
  const std::string xp = ptr + "/examples";
  if (!r->Object(ex, xp, {"match", "no_match"}, {})) return false;
  for (const char* key : {"match", "no_match"}) {
    const json& list = ex[key];
    const std::string lp = xp + "/" + key;
    if (!list.is_array()) return r->Fail(lp, "expected an array of examples");
    if (list.empty()) return r->Fail(lp, "every rule needs examples that must match and must not match");
    for (size_t i = 0; i < list.size(); ++i) {
      Example e;
      if (!ReadExample(r, list[i], PointerJoin(lp, i), *rule, std::string(key) == "match", &e)) return false;
      rule->examples.push_back(std::move(e));
    }
  }
  return true;
}

}  // namespace

RE2::Options PatternOptions(bool captures, bool never_nl) {
  RE2::Options o;
  o.set_never_nl(never_nl);
  o.set_encoding(RE2::Options::EncodingUTF8);
  o.set_case_sensitive(false);
  o.set_log_errors(false);
  o.set_never_capture(!captures);
  o.set_max_mem(8 << 20);  // per pattern; the DFA cache may use most of it (memory vs speed: see tests/bench)
  return o;
}

bool Applies::Match(const Context& c) const {
  if (!(kinds & Bit(c.kind)) || !(stages & Bit(c.stage)) || !(modes & Bit(c.mode))) return false;
  if (platforms.empty()) return true;
  for (const auto& p : platforms)
    if (p == c.platform) return true;
  return false;
}

Status LoadDefines(const PackSource& src, Defines* defines, json* parsed) {
  json& root = *parsed;
  if (Status st = ParseJson(src.json, src.name, &root); !st.ok()) return st;
  Reader r(src.name);
  if (!r.Object(root, "", {"pack", "rules"}, {"description", "defines", "$schema"})) return r.status();
  std::string name;
  if (!r.String(root["pack"], "/pack", &name)) return r.status();
  if (root.contains("defines")) {
    const json& d = root["defines"];
    if (!d.is_object()) { r.Fail("/defines", "expected an object of name → pattern"); return r.status(); }
    for (auto it = d.begin(); it != d.end(); ++it) {
      std::string v;
      if (!r.String(it.value(), PointerJoin("/defines", it.key()), &v)) return r.status();
      auto found = defines->map.find(it.key());
      if (found != defines->map.end() && found->second != v) {
        r.Fail(PointerJoin("/defines", it.key()),
               "define \"" + it.key() + "\" is already defined differently in " + defines->origin[it.key()]);
        return r.status();
      }
      defines->map[it.key()] = v;
      defines->origin[it.key()] = src.name;
    }
  }
  return {};
}

Status LoadPack(const PackSource& src, const json& root, Defines* defines, std::vector<Rule>* rules, bool eager) {
  Reader r(src.name);
  r.SetEager(eager);
  const auto found = root.find("rules");
  if (found == root.end() || !found->is_array()) { r.Fail("/rules", "expected an array of rules"); return r.status(); }
  const json& list = *found;
  for (size_t i = 0; i < list.size(); ++i) {
    Rule rule;
    rule.pack = src.name;
    rule.pointer = PointerJoin("/rules", i);
    if (!ReadRule(&r, list[i], rule.pointer, *defines, &rule)) return r.status();
    r.SetRule("");
    rules->push_back(std::move(rule));
  }
  return {};
}

Status LoadPlatforms(const PackSource& src, PlatformPolicy* out) {
  json root;
  if (Status st = ParseJson(src.json, src.name, &root); !st.ok()) return st;
  Reader r(src.name);
  if (!r.Object(root, "", {"version", "platforms"}, {"description", "$schema"})) return r.status();
  const json& ps = root["platforms"];
  if (!ps.is_object() || ps.empty()) { r.Fail("/platforms", "expected a non-empty object"); return r.status(); }
  for (auto it = ps.begin(); it != ps.end(); ++it) {
    const std::string p = PointerJoin("/platforms", it.key());
    const json& j = it.value();
    Platform pl;
    pl.id = it.key();
    if (!r.Object(j, p, {"name", "policies", "followup"}, {"description"})) return r.status();
    if (!r.Localized(j["name"], p + "/name", &pl.name)) return r.status();
    const json& pol = j["policies"];
    if (!pol.is_object()) { r.Fail(p + "/policies", "expected an object"); return r.status(); }
    for (auto pit = pol.begin(); pit != pol.end(); ++pit) {
      const std::string pp = PointerJoin(p + "/policies", pit.key());
      if (!pit.value().is_array()) { r.Fail(pp, "expected an array of overrides"); return r.status(); }
      std::vector<PolicyOverride> overrides;
      for (size_t i = 0; i < pit.value().size(); ++i) {
        const json& o = pit.value()[i];
        const std::string op = PointerJoin(pp, i);
        PolicyOverride ov;
        if (!r.Object(o, op, {"severity", "note"}, {"stages", "modes"})) return r.status();
        if (o.contains("stages") && !r.EnumMask<Stage>(o["stages"], op + "/stages", &ov.stages)) return r.status();
        if (o.contains("modes") && !r.EnumMask<Mode>(o["modes"], op + "/modes", &ov.modes)) return r.status();
        std::string sv;
        if (!r.String(o["severity"], op + "/severity", &sv)) return r.status();
        if (sv == "off") ov.off = true;
        else if (!Parse(sv, &ov.severity)) { r.Fail(op + "/severity", "unknown severity \"" + sv + "\" (info, warning, error, off)"); return r.status(); }
        if (!r.Localized(o["note"], op + "/note", &ov.note)) return r.status();
        overrides.push_back(std::move(ov));
      }
      pl.policies[pit.key()] = std::move(overrides);
    }
    const json& f = j["followup"];
    const std::string fp = p + "/followup";
    if (!r.Object(f, fp, {"remind_after_days", "reminders_before_request", "platform_reminder_after_days",
                          "support_after_days", "reminder_name", "support_name"}, {}))
      return r.status();
    FollowupPolicy& fu = pl.followup;
    if (!r.Int(f["remind_after_days"], fp + "/remind_after_days", 0, 60, &fu.remind_after_days) ||
        !r.Int(f["reminders_before_request"], fp + "/reminders_before_request", 0, 20, &fu.reminders_before_request) ||
        !r.Int(f["platform_reminder_after_days"], fp + "/platform_reminder_after_days", 0, 120, &fu.platform_reminder_after_days) ||
        !r.Int(f["support_after_days"], fp + "/support_after_days", 0, 365, &fu.support_after_days) ||
        !r.Localized(f["reminder_name"], fp + "/reminder_name", &fu.reminder_name) ||
        !r.Localized(f["support_name"], fp + "/support_name", &fu.support_name))
      return r.status();
    out->platforms[pl.id] = std::move(pl);
  }
  return {};
}

}  // namespace anshin
