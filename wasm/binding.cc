// The WebAssembly binding: Embind declarations only. Every method takes and returns
// strings; results are JSON that the JavaScript wrapper (js/index.js) parses into
// plain values, and errors come back as {"error": {...}} so no C++ exception or abort
// ever crosses the boundary. Offsets are already UTF-16 (the core computes them).
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <memory>
#include <string>

#include "anshin/anshin.h"
#include "json_util.h"

namespace {

std::string ErrorJson(const anshin::Status& st) { return "{\"error\":" + st.ToJson() + "}"; }

class Checker {
 public:
  // packs_json: a JSON array of {"name": "...", "json": "<pack text>"} (extra packs).
  // Returns "" on success, or {"error": ...}.
  std::string init(const std::string& packs_json, const std::string& platforms_json, bool line_cache) {
    anshin::EngineOptions opts;
    opts.platforms_json = platforms_json;
    opts.line_cache = line_cache;
    if (!packs_json.empty()) {
      anshin::json list;
      if (auto st = anshin::ParseJson(packs_json, "rules", &list); !st.ok()) return ErrorJson(st);
      if (!list.is_array()) return ErrorJson(anshin::Status::Error(anshin::StatusCode::kInvalidArgument, "rules must be an array of packs", "/rules"));
      for (size_t i = 0; i < list.size(); ++i) {
        const auto& p = list[i];
        if (!p.is_object() || !p.contains("json") || !p["json"].is_string() || !p.contains("name") || !p["name"].is_string())
          return ErrorJson(anshin::Status::Error(anshin::StatusCode::kInvalidArgument, "each rule pack must be a JSON object", "/rules/" + std::to_string(i)));
        opts.extra.push_back({p["name"].get<std::string>(), p["json"].get<std::string>()});
      }
    }
    auto made = anshin::Engine::Create(opts);
    if (!made.ok()) return ErrorJson(made.status());
    engine_ = std::move(made.value());
    return "";
  }

  // text: UTF-8 bytes (the wrapper passes TextEncoder output, so lone surrogates are
  // already U+FFFD and UTF-16 offsets stay aligned). options_json: {"kind": ...}.
  //
  // Returns the UTF-8 bytes of the JSON as a view into WebAssembly memory, valid until
  // the next call: the wrapper decodes it at once with TextDecoder. (Returning a
  // std::string makes Embind scan every byte in JavaScript for NULs first; on a large
  // report that was a tenth of a re-check.)
  emscripten::val check(const std::string& text, const std::string& options_json) {
    anshin::Context ctx;
    if (!engine_) {
      last_ = ErrorJson(NotReady());
    } else if (auto st = anshin::ParseContextJson(options_json, *engine_, &ctx); !st.ok()) {
      last_ = ErrorJson(st);
    } else {
      last_ = anshin::ReportToJson(engine_->Check(text, ctx));
    }
    return emscripten::val(emscripten::typed_memory_view(last_.size(), reinterpret_cast<const uint8_t*>(last_.data())));
  }

  std::string clarify(const std::string& thread_json, const std::string& locale) const {
    if (!engine_) return ErrorJson(NotReady());
    anshin::Locale l;
    if (!anshin::Parse(locale, &l)) return ErrorJson(BadLocale(locale));
    auto r = engine_->Clarify(thread_json, l);
    return r.ok() ? r.value() : ErrorJson(r.status());
  }

  std::string followup(const std::string& thread_json, const std::string& now, const std::string& locale) const {
    if (!engine_) return ErrorJson(NotReady());
    anshin::Locale l;
    if (!anshin::Parse(locale, &l)) return ErrorJson(BadLocale(locale));
    auto r = engine_->Followup(thread_json, now, l);
    return r.ok() ? r.value() : ErrorJson(r.status());
  }

  // {"count": N, "failures": [{rule, pack, pointer, message}]}
  std::string testRules() const {
    if (!engine_) return ErrorJson(NotReady());
    size_t count = 0;
    anshin::ojson out;
    anshin::ojson failures = anshin::ojson::array();
    for (const auto& f : engine_->TestExamples(&count))
      failures.push_back({{"rule", f.rule}, {"pack", f.pack}, {"pointer", f.pointer}, {"message", f.message}});
    out["count"] = count;
    out["failures"] = std::move(failures);
    return anshin::Dump(out);
  }

  int ruleCount() const { return engine_ ? static_cast<int>(engine_->rule_count()) : 0; }

  // Compiles up to n patterns not compiled yet; returns how many remain.
  int warm(int n) const { return engine_ && n > 0 ? static_cast<int>(engine_->CompileSome(static_cast<size_t>(n))) : 0; }

 private:
  static anshin::Status NotReady() {
    return anshin::Status::Error(anshin::StatusCode::kInvalidArgument, "the checker is not initialised (or was disposed)");
  }
  static anshin::Status BadLocale(const std::string& l) {
    return anshin::Status::Error(anshin::StatusCode::kInvalidArgument, "unknown locale \"" + l + "\" (ja, en)", "/locale");
  }
  std::unique_ptr<anshin::Engine> engine_;
  std::string last_;  // the bytes behind check()'s view
};

}  // namespace

EMSCRIPTEN_BINDINGS(anshin) {
  emscripten::class_<Checker>("Checker")
      .constructor<>()
      .function("init", &Checker::init)
      .function("check", &Checker::check)
      .function("clarify", &Checker::clarify)
      .function("followup", &Checker::followup)
      .function("testRules", &Checker::testRules)
      .function("ruleCount", &Checker::ruleCount)
      .function("warm", &Checker::warm);
}
