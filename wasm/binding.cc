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

  // The text to check is written straight into WebAssembly memory: input(n) makes room
  // for n bytes and returns a view of them, the wrapper fills it with
  // TextEncoder.encodeInto (lone surrogates become U+FFFD, so UTF-16 offsets stay
  // aligned), then calls check with the byte count. (Passing a string or Uint8Array
  // argument makes Embind copy it byte by byte in JavaScript.)
  emscripten::val input(size_t n) {
    // Room for the largest text so far, given back once texts are much smaller again.
    if (in_.size() < n || (in_.size() > (4u << 20) && n < in_.size() / 4)) std::string(n, '\0').swap(in_);
    return emscripten::val(emscripten::typed_memory_view(n, reinterpret_cast<uint8_t*>(in_.data())));
  }

  // length: bytes of input() to check. options_json: {"kind": ...}.
  //
  // Returns the JSON as UTF-16 code units, a view into WebAssembly memory valid until
  // the next call: the wrapper decodes it at once with TextDecoder("utf-16le"), which is
  // a copy, where decoding UTF-8 into a JavaScript string costs three to four times as
  // much on a report of Japanese messages.
  emscripten::val check(size_t length, const std::string& options_json) {
    anshin::Context ctx;
    if (length > in_.size()) {
      last_ = ErrorJson(anshin::Status::Error(anshin::StatusCode::kInvalidArgument, "check: length exceeds the input buffer"));
    } else if (!engine_) {
      last_ = ErrorJson(NotReady());
    } else if (auto st = anshin::ParseContextJson(options_json, *engine_, &ctx); !st.ok()) {
      last_ = ErrorJson(st);
    } else {
      last_ = anshin::ReportToJson(engine_->Check(std::string_view(in_.data(), length), ctx));
    }
    ToUtf16(last_, &last16_);
    return emscripten::val(emscripten::typed_memory_view(last16_.size(), reinterpret_cast<const uint16_t*>(last16_.data())));
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
  // Well-formed UTF-8 (what ReportToJson writes) to UTF-16.
  static void ToUtf16(const std::string& in, std::u16string* out) {
    out->resize(in.size());  // never more units than bytes
    const auto* p = reinterpret_cast<const unsigned char*>(in.data());
    const size_t n = in.size();
    size_t i = 0, o = 0;
    char16_t* d = out->data();
    while (i < n) {
      const unsigned char b = p[i];
      if (b < 0x80) {
        d[o++] = b;
        i += 1;
      } else if (b < 0xE0 && i + 1 < n) {
        d[o++] = static_cast<char16_t>(((b & 0x1F) << 6) | (p[i + 1] & 0x3F));
        i += 2;
      } else if (b < 0xF0 && i + 2 < n) {
        d[o++] = static_cast<char16_t>(((b & 0x0F) << 12) | ((p[i + 1] & 0x3F) << 6) | (p[i + 2] & 0x3F));
        i += 3;
      } else if (i + 3 < n) {
        const char32_t c = ((b & 0x07u) << 18) | ((p[i + 1] & 0x3Fu) << 12) | ((p[i + 2] & 0x3Fu) << 6) | (p[i + 3] & 0x3Fu);
        d[o++] = static_cast<char16_t>(0xD800 + ((c - 0x10000) >> 10));
        d[o++] = static_cast<char16_t>(0xDC00 + ((c - 0x10000) & 0x3FF));
        i += 4;
      } else {
        d[o++] = 0xFFFD;  // cannot happen: the report is well-formed
        i += 1;
      }
    }
    out->resize(o);
  }

  std::unique_ptr<anshin::Engine> engine_;
  std::string in_;         // the bytes behind input()'s view
  std::string last_;       // the report of the last check, UTF-8
  std::u16string last16_;  // and as UTF-16, behind check()'s view
};

}  // namespace

EMSCRIPTEN_BINDINGS(anshin) {
  emscripten::class_<Checker>("Checker")
      .constructor<>()
      .function("init", &Checker::init)
      .function("input", &Checker::input)
      .function("check", &Checker::check)
      .function("clarify", &Checker::clarify)
      .function("followup", &Checker::followup)
      .function("testRules", &Checker::testRules)
      .function("ruleCount", &Checker::ruleCount)
      .function("warm", &Checker::warm);
}
