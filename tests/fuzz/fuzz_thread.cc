// libFuzzer: the thread parser and both guides return a result or a Status for any bytes.
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include "anshin/anshin.h"
#include "fuzz_engine.h"


extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  auto c = TheEngine().Clarify(input, anshin::Locale::kJa);
  if (!c.ok() && c.status().message.empty()) abort();
  auto f = TheEngine().Followup(input, "2026-11-28T10:00:00+09:00", anshin::Locale::kEn);
  if (!f.ok() && f.status().message.empty()) abort();
  return 0;
}
