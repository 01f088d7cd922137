// Runs every rule's own examples through the whole engine (patterns, exceptions,
// platform policy), the way textlint and prh test their rules.
#include <algorithm>

#include "engine_impl.h"

namespace anshin {

namespace {
std::string Quote(const std::string& s) {
  const auto chars = DecodeUtf8(s);
  if (chars.size() <= 40) return "\"" + SanitizeUtf8(s) + "\"";
  return "\"" + SanitizeUtf8(s.substr(0, chars[40].begin)) + "…\"";
}
}  // namespace

std::vector<ExampleFailure> Engine::TestExamples(size_t* count) const { return TestExamplesOf({}, count); }

std::vector<ExampleFailure> Engine::TestExamplesOf(const std::vector<std::string>& packs, size_t* count) const {
  std::vector<ExampleFailure> failures;
  size_t n = 0;
  // Patterns compile on first use; a rule test compiles all of them, used or not.
  if (Status st = CompileAll(); !st.ok()) failures.push_back({st.rule, st.file, st.pointer, st.message});
  for (const Rule& rule : impl_->rules) {
    if (!packs.empty() && std::find(packs.begin(), packs.end(), rule.pack) == packs.end()) continue;
    for (const Example& ex : rule.examples) {
      ++n;
      auto fail = [&](std::string msg) { failures.push_back({rule.id, rule.pack, ex.pointer, std::move(msg)}); };
      Context ctx = ex.context;
      if (!HasPlatform(ctx.platform)) { fail("unknown platform \"" + ctx.platform + "\""); continue; }
      const Report report = Check(ex.text, ctx);
      if (rule.check == CheckKind::kField) {
        const ChecklistItem* item = nullptr;
        for (const auto& c : report.checklist)
          if (c.field == rule.field) item = &c;
        if (!item) { fail("the field does not apply in the example's context"); continue; }
        const std::string want = !ex.status.empty() ? ex.status : (ex.should_match ? "present" : "missing");
        if (ex.should_match ? item->status != want : item->status == "present") {
          fail("expected " + (ex.should_match ? want : std::string("not present")) + ", got " + item->status +
               (item->value.empty() ? "" : " (" + Quote(item->value) + ")") + " for " + Quote(ex.text));
          continue;
        }
        if (!ex.value.empty() && item->value != ex.value)
          fail("expected value " + Quote(ex.value) + ", got " + Quote(item->value));
        continue;
      }
      std::vector<const Finding*> mine;
      for (const auto& f : report.findings)
        if (f.rule == rule.id) mine.push_back(&f);
      if (!ex.should_match) {
        // With a severity, "must not match" means: no finding at that severity.
        const Finding* bad = nullptr;
        for (const Finding* g : mine)
          if (ex.severity.empty() || ex.severity == Name(g->severity)) { bad = g; break; }
        if (bad)
          fail("must not match" + (ex.severity.empty() ? std::string() : " at severity " + ex.severity) + ", but matched " +
               Quote(bad->excerpt) + " in " + Quote(ex.text));
        continue;
      }
      if (mine.empty()) { fail("must match, but did not: " + Quote(ex.text)); continue; }
      const Finding* f = mine.front();
      if (!ex.excerpt.empty()) {
        f = nullptr;
        for (const Finding* g : mine)
          if (g->excerpt == ex.excerpt) f = g;
        if (!f) { fail("expected a finding on " + Quote(ex.excerpt) + ", got " + Quote(mine.front()->excerpt)); continue; }
      }
      if (!ex.severity.empty() && ex.severity != Name(f->severity))
        fail("expected severity " + ex.severity + ", got " + Name(f->severity));
      if (ex.has_output) {
        // Apply the replacement at the finding's byte range of the original text.
        std::string out = ex.text.substr(0, f->byte_begin) + f->replacement + ex.text.substr(f->byte_end);
        if (!f->has_replacement) fail("expected an output, but the rule has no replacement");
        else if (out != ex.output) fail("replacement gives " + Quote(out) + ", expected " + Quote(ex.output));
      }
    }
  }
  if (count) *count = n;
  return failures;
}

}  // namespace anshin
