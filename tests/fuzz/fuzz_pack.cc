// libFuzzer: the rule-pack loader returns a Status for any bytes, never crashes.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "anshin/anshin.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  anshin::EngineOptions o;
  o.default_packs = false;
  o.extra.push_back({"fuzz.json", std::string(reinterpret_cast<const char*>(data), size)});
  auto made = anshin::Engine::Create(o);
  if (made.ok()) {
    size_t n = 0;
    made.value()->TestExamples(&n);  // examples of an accepted pack run without crashing
    made.value()->Check("LINE交換 090-1234-5678", {});
  } else if (made.status().message.empty()) {
    abort();  // an error always says what was wrong
  }
  return 0;
}
