// libFuzzer: check() on arbitrary bytes in every context keeps the report invariants,
// and the atom prefilter never drops a pattern or exception that RE2 finds.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "anshin/anshin.h"
#include "fuzz_engine.h"
#include "text.h"


extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string input(reinterpret_cast<const char*>(data) + 1, size - 1);
  anshin::Context c;
  c.kind = (data[0] & 1) ? anshin::Kind::kMessage : anshin::Kind::kPost;
  c.stage = static_cast<anshin::Stage>((data[0] >> 1) % 3);
  c.mode = static_cast<anshin::Mode>((data[0] >> 3) % 3);
  static const char* const kPlatforms[] = {"lancers", "crowdworks", "coconala"};
  c.platform = kPlatforms[(data[0] >> 5) % 3];
  c.locale = (data[0] & 0x80) ? anshin::Locale::kEn : anshin::Locale::kJa;
  const anshin::Report r = TheEngine().Check(input, c);
  anshin::SourceText src(input);
  const uint32_t len = src.Utf16Length();
  for (const auto& f : r.findings) {
    if (f.start > f.end || f.end > len) abort();
    if (anshin::SanitizeUtf8(f.excerpt) != f.excerpt) abort();
  }
  for (const auto& item : r.checklist)
    if (item.status != "missing" && (item.start > item.end || item.end > len)) abort();
  if (anshin::ReportToJson(r).empty()) abort();
  if (input.size() < 4096) {  // the verification runs every pattern on every line
    const std::string problem = TheEngine().VerifyPrefilter(input);
    if (!problem.empty()) {
      fprintf(stderr, "prefilter: %s\n", problem.c_str());
      abort();
    }
  }
  return 0;
}
