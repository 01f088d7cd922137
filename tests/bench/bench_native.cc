// Native benchmarks (Google Benchmark). Texts come from tests/bench/texts/*.txt,
// written by bench.mjs so that native and WebAssembly measure the same inputs.
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "anshin/anshin.h"

namespace {

std::string Read(const std::string& name) {
  const char* dir = std::getenv("ANSHIN_BENCH_TEXTS");
  std::ifstream in(std::string(dir ? dir : "build/bench/texts") + "/" + name, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Latency and throughput are first checks: the line cache is off, so every check
// matches every line (RE2's DFA states stay warm, as in a running app).
const anshin::Engine& TheEngine() {
  static std::unique_ptr<anshin::Engine> e = [] {
    anshin::EngineOptions o;
    o.line_cache = false;
    return std::move(anshin::Engine::Create(o).value());
  }();
  return *e;
}
// Re-checks while typing: the line cache is on.
const anshin::Engine& CachedEngine() {
  static std::unique_ptr<anshin::Engine> e = std::move(anshin::Engine::Create({}).value());
  return *e;
}

// The text with the line in the middle edited: each call adds different characters, so
// each re-check sees one line it has not seen before (a keystroke).
std::string Edited(const std::string& text, int64_t i) {
  size_t mid = text.find('\n', text.size() / 2);
  if (mid == std::string::npos) mid = text.size();
  return text.substr(0, mid) + " " + std::to_string(i) + text.substr(mid);
}

void BM_Startup(benchmark::State& state) {
  for (auto _ : state) {
    auto e = anshin::Engine::Create({});
    benchmark::DoNotOptimize(e);
  }
}
BENCHMARK(BM_Startup)->Unit(benchmark::kMillisecond)->Iterations(20);

void Check(benchmark::State& state, const std::string& file, anshin::Kind kind) {
  const std::string text = Read(file);
  anshin::Context c;
  c.kind = kind;
  if (kind == anshin::Kind::kMessage) c.stage = anshin::Stage::kBeforeEscrow;
  const anshin::Engine& e = TheEngine();
  for (auto _ : state) benchmark::DoNotOptimize(e.Check(text, c));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(text.size()));
  rusage u {};
  getrusage(RUSAGE_SELF, &u);
  state.counters["peak_rss_mb"] = static_cast<double>(u.ru_maxrss) / 1024.0;
}
void Edit(benchmark::State& state, const std::string& file) {
  const std::string text = Read(file);
  anshin::Context c;
  c.kind = anshin::Kind::kPost;
  const anshin::Engine& e = CachedEngine();
  e.Check(text, c);
  int64_t i = 0;
  for (auto _ : state) {
    state.PauseTiming();
    const std::string t = Edited(text, ++i);
    state.ResumeTiming();
    benchmark::DoNotOptimize(e.Check(t, c));
  }
}
void BM_Post2000Edit(benchmark::State& s) { Edit(s, "post2000.txt"); }
void BM_Doc35000Edit(benchmark::State& s) { Edit(s, "doc35000.txt"); }
BENCHMARK(BM_Post2000Edit)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Doc35000Edit)->Unit(benchmark::kMicrosecond);

void BM_Message200(benchmark::State& s) { Check(s, "message200.txt", anshin::Kind::kMessage); }
void BM_Post2000(benchmark::State& s) { Check(s, "post2000.txt", anshin::Kind::kPost); }
void BM_Doc35000(benchmark::State& s) { Check(s, "doc35000.txt", anshin::Kind::kPost); }
void BM_Throughput1MB(benchmark::State& s) { Check(s, "mb1.txt", anshin::Kind::kPost); }
void BM_Throughput2MB(benchmark::State& s) { Check(s, "mb2.txt", anshin::Kind::kPost); }
void BM_Throughput5MB(benchmark::State& s) { Check(s, "mb5.txt", anshin::Kind::kPost); }
void BM_Throughput10MB(benchmark::State& s) { Check(s, "mb10.txt", anshin::Kind::kPost); }
// Any file: ANSHIN_BENCH_FILE=path anshin_bench --benchmark_filter=BM_File (for profiling;
// tests/bench/instructions.sh counts its instructions with callgrind).
void BM_File(benchmark::State& state) {
  const char* path = std::getenv("ANSHIN_BENCH_FILE");
  if (!path) { state.SkipWithError("set ANSHIN_BENCH_FILE"); return; }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  const anshin::Engine& e = TheEngine();
  size_t findings = 0;
  anshin::Context c;  // ANSHIN_BENCH_KIND=message checks as a message; a post otherwise
  const char* kind = std::getenv("ANSHIN_BENCH_KIND");
  if (kind && std::string(kind) == "message") { c.kind = anshin::Kind::kMessage; c.stage = anshin::Stage::kBeforeEscrow; }
  // ANSHIN_BENCH_CHECKS=n: n checks per iteration (with --benchmark_min_time=0, exactly n).
  const char* reps_env = std::getenv("ANSHIN_BENCH_CHECKS");
  const int reps = reps_env ? std::max(1, std::atoi(reps_env)) : 1;
  // ANSHIN_BENCH_EDIT=1: each check edits the middle line, with the line cache on.
  const bool edit = std::getenv("ANSHIN_BENCH_EDIT") != nullptr;
  const anshin::Engine& engine = edit ? CachedEngine() : e;
  if (edit) engine.Check(text, c);
  int64_t n = 0;
  for (auto _ : state)
    for (int i = 0; i < reps; ++i) findings = engine.Check(edit ? Edited(text, ++n) : text, c).findings.size();
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * reps * static_cast<int64_t>(text.size()));
  state.counters["findings"] = static_cast<double>(findings);
}
BENCHMARK(BM_File)->Unit(benchmark::kMillisecond);

// Repetitions and iterations are chosen by tests/bench/bench.mjs on the command line.
BENCHMARK(BM_Message200)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Post2000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Doc35000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Throughput1MB)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Throughput2MB)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Throughput5MB)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Throughput10MB)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
