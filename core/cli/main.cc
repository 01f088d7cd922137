// anshin — command-line front end of the Anshin core (SPEC.md "Command line").
//
//   anshin check   [--kind post|message] [--stage S] [--mode M] [--platform P] [--locale ja|en]
//                  [--format text|json] [--rules PATH]... [--no-builtin-rules] [FILE|-]
//   (--rules adds packs; with --no-builtin-rules they replace the compiled-in ones, so
//    a pack can be edited and tried without rebuilding)
//   anshin check   --batch IN.jsonl [--rules PATH]...
//   anshin clarify THREAD.json [--locale ja|en]
//   anshin followup THREAD.json [--now ISO] [--locale ja|en]
//   anshin rules test|lint [PATH]...
//
// Exit status: 0 no error finding, 1 at least one error finding (or a failing rule
// example), 2 bad usage or input, with one line on stderr saying what and where.
#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "anshin/anshin.h"
#include "json_util.h"
#include "text.h"

namespace {

using anshin::Status;
using anshin::StatusCode;

constexpr const char* kUsage =
    "usage:\n"
    "  anshin check [--kind post|message] [--stage draft|before_escrow|after_escrow]\n"
    "               [--mode project|competition|task] [--platform lancers|crowdworks|coconala]\n"
    "               [--locale ja|en] [--format text|json] [--rules PATH]... [--no-builtin-rules]\n"
    "               [FILE|-]\n"
    "  anshin check --batch IN.jsonl [--rules PATH]... [--locale ja|en]\n"
    "  anshin clarify THREAD.json [--locale ja|en]\n"
    "  anshin followup THREAD.json [--now ISO-8601] [--locale ja|en]\n"
    "  anshin rules test|lint [PATH]...\n";

int UsageError(const std::string& msg) {
  std::cerr << "anshin: " << msg << "\n" << "Try 'anshin --help'.\n";
  return 2;
}

int InputError(const Status& st) {
  std::cerr << "anshin: " << st.ToString() << "\n";
  return 2;
}

bool ReadAll(const std::string& path, std::string* out, std::string* error) {
  if (path == "-") {
    std::ostringstream ss;
    ss << std::cin.rdbuf();
    *out = ss.str();
    return true;
  }
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) { *error = "cannot read " + path + ": no such file"; return false; }
  if (S_ISDIR(st.st_mode)) { *error = "cannot read " + path + ": is a directory"; return false; }
  std::ifstream in(path, std::ios::binary);
  if (!in) { *error = "cannot read " + path; return false; }
  std::ostringstream ss;
  ss << in.rdbuf();
  *out = ss.str();
  return true;
}

// A PATH of --rules / rules test: a pack file, or a folder whose *.json files are packs.
Status CollectPacks(const std::string& path, std::vector<anshin::PackSource>* out, std::string* platforms) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) return Status::Error(StatusCode::kIoError, "cannot read rule pack: no such file", "", path);
  std::vector<std::string> files;
  if (S_ISDIR(st.st_mode)) {
    DIR* d = opendir(path.c_str());
    if (!d) return Status::Error(StatusCode::kIoError, "cannot open folder", "", path);
    while (dirent* e = readdir(d)) {
      std::string name = e->d_name;
      if (name.size() > 5 && name.compare(name.size() - 5, 5, ".json") == 0 && name != "schema.json")
        files.push_back(path + "/" + name);
    }
    closedir(d);
    std::sort(files.begin(), files.end());
  } else {
    files.push_back(path);
  }
  for (const auto& f : files) {
    std::string text, error;
    if (!ReadAll(f, &text, &error)) return Status::Error(StatusCode::kIoError, error, "", f);
    const std::string base = f.substr(f.find_last_of('/') == std::string::npos ? 0 : f.find_last_of('/') + 1);
    if (base == "platforms.json") { *platforms = text; continue; }
    out->push_back({f, std::move(text)});
  }
  return {};
}

// Where findings are, for the text format: the input decoded once, so that locating
// every finding stays linear in the input (a finding is located by binary search).
class Locator {
 public:
  explicit Locator(const std::string& input) : input_(input), chars_(anshin::DecodeUtf8(input)) {
    uint32_t u = 0;
    u16_.reserve(chars_.size() + 1);
    line_start_.push_back(0);
    for (size_t i = 0; i < chars_.size(); ++i) {
      u16_.push_back(u);
      u += chars_[i].cp >= 0x10000 ? 2 : 1;
      if (chars_[i].cp == '\n') line_start_.push_back(i + 1);
    }
    u16_.push_back(u);
  }

  struct Where { size_t line = 1, col = 1; std::string text; size_t lead = 0, width = 0; };

  // Line and column (1-based, in characters) of [start, end), the line's text, and the
  // display columns before and under the span on that line.
  Where Locate(uint32_t start, uint32_t end) const {
    Where w;
    const size_t first = CharAt(start);
    const size_t line = static_cast<size_t>(std::upper_bound(line_start_.begin(), line_start_.end(), first) - line_start_.begin()) - 1;
    const size_t lb = line_start_[line];
    size_t le = line + 1 < line_start_.size() ? line_start_[line + 1] - 1 : chars_.size();
    w.line = line + 1;
    w.col = first - lb + 1;
    for (size_t k = lb; k < first; ++k) w.lead += anshin::ColumnWidth(chars_[k].cp);
    const size_t last = std::min(CharAt(end), le);
    for (size_t k = first; k < last; ++k) w.width += anshin::ColumnWidth(chars_[k].cp);
    if (lb < chars_.size()) {
      const size_t b = chars_[lb].begin;
      const size_t e = le < chars_.size() ? chars_[le].begin : input_.size();
      w.text = anshin::SanitizeUtf8(std::string_view(input_).substr(b, e - b));
    }
    return w;
  }

 private:
  size_t CharAt(uint32_t u16) const {  // index of the character starting at a UTF-16 offset
    return static_cast<size_t>(std::lower_bound(u16_.begin(), u16_.end(), u16) - u16_.begin());
  }
  const std::string& input_;
  std::vector<anshin::Char> chars_;
  std::vector<uint32_t> u16_;           // per char: its UTF-16 offset; one more for the end
  std::vector<size_t> line_start_;      // char index of each line's first character
};

void PrintText(const std::string& name, const std::string& input, const anshin::Report& r) {
  const bool ja = r.context.locale == anshin::Locale::kJa;
  const Locator where(input);
  for (const auto& f : r.findings) {
    const Locator::Where w = where.Locate(f.start, f.end);
    std::cout << name << ":" << w.line << ":" << w.col << ": " << anshin::Name(f.severity) << ": " << f.message << " ["
              << f.rule << "]\n";
    if (f.end > f.start) {
      const std::string num = std::to_string(w.line);
      std::cout << " " << num << " | " << w.text << "\n";
      std::cout << " " << std::string(num.size(), ' ') << " | " << std::string(w.lead, ' ')
                << std::string(std::max<size_t>(w.width, 1), '^') << "\n";
    }
    if (!f.suggestion.empty()) std::cout << "   = " << (ja ? "提案: " : "suggestion: ") << f.suggestion << "\n";
    if (f.has_replacement) std::cout << "   = " << (ja ? "置き換え: " : "replace with: ") << f.replacement << "\n";
  }
  if (r.has_checklist) {
    std::cout << (ja ? "チェックリスト" : "checklist") << " (" << (ja ? "充足度 " : "completeness ") << r.score << "/100):\n";
    for (const auto& c : r.checklist) {
      const char* mark = c.status == "present" ? "✓" : c.status == "vague" ? "△" : "✗";
      std::cout << "  " << mark << " " << c.field << ": " << c.status;
      if (!c.value.empty()) std::cout << " (" << c.value << ")";
      if (!c.question.empty() && c.required) std::cout << " — " << c.question;
      std::cout << "\n";
    }
  }
  size_t errors = 0, warnings = 0, infos = 0;
  for (const auto& f : r.findings)
    (f.severity == anshin::Severity::kError ? errors : f.severity == anshin::Severity::kWarning ? warnings : infos)++;
  if (ja) std::cout << "エラー " << errors << " 件、警告 " << warnings << " 件、情報 " << infos << " 件\n";
  else std::cout << errors << " error(s), " << warnings << " warning(s), " << infos << " info\n";
}

struct Args {
  std::vector<std::string> positional;
  std::vector<std::string> rules;
  std::string kind, stage, mode, platform, locale, format = "text", batch, now;
  bool no_builtin = false;
};

// Parses --opt VALUE / --opt=VALUE. Returns false (with *error) on an unknown option.
bool ParseArgs(int argc, char** argv, int from, const std::vector<std::string>& allowed, Args* a, std::string* error) {
  for (int i = from; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "-" || arg.rfind("--", 0) != 0) { a->positional.push_back(arg); continue; }
    if (arg == "--no-builtin-rules" &&
        std::find(allowed.begin(), allowed.end(), "no-builtin-rules") != allowed.end()) {
      a->no_builtin = true;
      continue;
    }
    std::string key = arg.substr(2), value;
    const auto eq = key.find('=');
    if (eq != std::string::npos) { value = key.substr(eq + 1); key = key.substr(0, eq); }
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) { *error = "unknown option --" + key; return false; }
    if (eq == std::string::npos) {
      if (i + 1 >= argc) { *error = "option --" + key + " needs a value"; return false; }
      value = argv[++i];
    }
    if (key == "rules") a->rules.push_back(value);
    else if (key == "kind") a->kind = value;
    else if (key == "stage") a->stage = value;
    else if (key == "mode") a->mode = value;
    else if (key == "platform") a->platform = value;
    else if (key == "locale") a->locale = value;
    else if (key == "format") a->format = value;
    else if (key == "batch") a->batch = value;
    else if (key == "now") a->now = value;
  }
  return true;
}

// Applies the command-line context options; checks each name.
Status ApplyContext(const Args& a, const anshin::Engine& engine, anshin::Context* c) {
  auto bad = [](const std::string& what, const std::string& v) {
    return Status::Error(StatusCode::kInvalidArgument, "unknown " + what + " \"" + v + "\"", "--" + what);
  };
  if (!a.kind.empty() && !anshin::Parse(a.kind, &c->kind)) return bad("kind", a.kind);
  if (!a.stage.empty() && !anshin::Parse(a.stage, &c->stage)) return bad("stage", a.stage);
  if (!a.mode.empty() && !anshin::Parse(a.mode, &c->mode)) return bad("mode", a.mode);
  if (!a.locale.empty() && !anshin::Parse(a.locale, &c->locale)) return bad("locale", a.locale);
  if (!a.platform.empty()) c->platform = a.platform;
  if (!engine.HasPlatform(c->platform)) return bad("platform", c->platform);
  // A message is by default read before escrow: the stage where most risk lies.
  if (a.stage.empty() && c->kind == anshin::Kind::kMessage) c->stage = anshin::Stage::kBeforeEscrow;
  return {};
}

anshin::Result<std::unique_ptr<anshin::Engine>> MakeEngine(const std::vector<std::string>& paths, bool replace_defaults) {
  anshin::EngineOptions opts;
  for (const auto& p : paths)
    if (Status st = CollectPacks(p, &opts.extra, &opts.platforms_json); !st.ok()) return st;
  if (replace_defaults && !paths.empty()) opts.default_packs = false;
  // `rules test` reports every failing example itself rather than stopping at one.
  opts.verify_extra_examples = !replace_defaults;
  return anshin::Engine::Create(opts);
}

int RunBatch(const anshin::Engine& engine, const Args& a, const anshin::Context& base) {
  std::string data, error;
  if (!ReadAll(a.batch, &data, &error)) return UsageError(error);
  std::istringstream in(data);
  std::string line;
  size_t lineno = 0;
  bool any_error = false, bad_input = false;
  while (std::getline(in, line)) {
    ++lineno;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    const std::string where = a.batch + ":" + std::to_string(lineno);
    anshin::json j;
    std::string id;
    auto reject = [&](const Status& st) {
      std::cerr << "anshin: " << where << ": " << st.ToString() << "\n";
      anshin::ojson o;
      if (!id.empty()) o["id"] = id;
      o["line"] = lineno;
      o["error"] = anshin::ojson::parse(st.ToJson(), nullptr, false);
      std::cout << anshin::Dump(o) << "\n";
      bad_input = true;
    };
    if (Status st = anshin::ParseJson(line, "", &j); !st.ok()) { reject(st); continue; }
    if (!j.is_object()) { reject(Status::Error(StatusCode::kInvalidArgument, "each line must be a JSON object", "/")); continue; }
    if (j.contains("id")) {
      if (j["id"].is_string()) id = j["id"].get<std::string>();
      else if (j["id"].is_number_integer()) id = std::to_string(j["id"].get<int64_t>());
      else { reject(Status::Error(StatusCode::kInvalidArgument, "\"id\" must be a string or an integer", "/id")); continue; }
    }
    if (!j.contains("text") || !j["text"].is_string()) {
      reject(Status::Error(StatusCode::kInvalidArgument, "\"text\" must be a string", "/text"));
      continue;
    }
    anshin::json opts = anshin::json::object();
    for (const char* k : {"kind", "stage", "mode", "platform", "locale"})
      if (j.contains(k)) opts[k] = j[k];
    anshin::Context ctx = base;
    const bool stage_given = j.contains("stage");
    if (Status st = anshin::ParseContextJson(opts.dump(), engine, &ctx); !st.ok()) { reject(st); continue; }
    if (!stage_given && a.stage.empty() && ctx.kind == anshin::Kind::kMessage && ctx.stage == anshin::Stage::kDraft)
      ctx.stage = anshin::Stage::kBeforeEscrow;
    const auto report = engine.Check(j["text"].get<std::string>(), ctx);
    any_error |= report.HasError();
    std::cout << anshin::ReportToJson(report, id.empty() ? std::to_string(lineno) : id) << "\n";
  }
  return bad_input ? 2 : any_error ? 1 : 0;
}

int CmdCheck(int argc, char** argv) {
  Args a;
  std::string error;
  if (!ParseArgs(argc, argv, 2, {"kind", "stage", "mode", "platform", "locale", "format", "rules", "batch", "no-builtin-rules"}, &a, &error))
    return UsageError(error);
  if (a.format != "text" && a.format != "json") return UsageError("unknown format \"" + a.format + "\" (text, json)");
  if (a.positional.size() > 1) return UsageError("check takes one FILE (or - for standard input)");
  if (!a.batch.empty() && !a.positional.empty()) return UsageError("--batch takes no FILE");
  if (a.no_builtin && a.rules.empty()) return UsageError("--no-builtin-rules needs at least one --rules PATH");
  auto made = MakeEngine(a.rules, a.no_builtin);
  if (!made.ok()) return InputError(made.status());
  const anshin::Engine& engine = *made.value();
  anshin::Context ctx;
  if (Status st = ApplyContext(a, engine, &ctx); !st.ok()) return UsageError(st.ToString());
  if (!a.batch.empty()) return RunBatch(engine, a, ctx);
  const std::string file = a.positional.empty() ? "-" : a.positional[0];
  std::string input;
  if (!ReadAll(file, &input, &error)) return UsageError(error);
  const auto report = engine.Check(input, ctx);
  if (a.format == "json") std::cout << anshin::ReportToJson(report) << "\n";
  else PrintText(file == "-" ? "<stdin>" : file, input, report);
  return report.HasError() ? 1 : 0;
}

int CmdGuide(int argc, char** argv, bool clarify) {
  Args a;
  std::string error;
  std::vector<std::string> allowed = {"locale"};
  if (!clarify) allowed.push_back("now");
  if (!ParseArgs(argc, argv, 2, allowed, &a, &error)) return UsageError(error);
  if (a.positional.size() != 1) return UsageError(std::string(clarify ? "clarify" : "followup") + " takes one THREAD.json (or -)");
  anshin::Locale locale = anshin::Locale::kJa;
  if (!a.locale.empty() && !anshin::Parse(a.locale, &locale)) return UsageError("unknown locale \"" + a.locale + "\" (ja, en)");
  std::string input;
  if (!ReadAll(a.positional[0], &input, &error)) return UsageError(error);
  auto made = MakeEngine({}, false);
  if (!made.ok()) return InputError(made.status());
  auto result = clarify ? made.value()->Clarify(input, locale) : made.value()->Followup(input, a.now, locale);
  if (!result.ok()) {
    Status st = result.status();
    if (st.file.empty()) st.file = a.positional[0] == "-" ? "<stdin>" : a.positional[0];
    return InputError(st);
  }
  std::cout << result.value() << "\n";
  return 0;
}

int CmdRules(int argc, char** argv) {
  if (argc < 3) return UsageError("rules needs a subcommand: test or lint");
  const std::string sub = argv[2];
  if (sub == "stats") {
    if (argc != 4) return UsageError("rules stats takes one FILE");
    std::string text, error;
    if (!ReadAll(argv[3], &text, &error)) return UsageError(error);
    auto made = MakeEngine({}, false);
    if (!made.ok()) return InputError(made.status());
    std::cout << made.value()->PrefilterStats(text);
    return 0;
  }
  if (sub != "test" && sub != "lint") return UsageError("unknown rules subcommand \"" + sub + "\" (test, lint, stats)");
  Args a;
  std::string error;
  if (!ParseArgs(argc, argv, 3, {}, &a, &error)) return UsageError(error);
  auto made = MakeEngine(a.positional, true);
  if (!made.ok()) return InputError(made.status());
  const anshin::Engine& engine = *made.value();
  if (sub == "lint") {
    std::cout << "ok: " << engine.rule_count() << " rules load, validate and compile\n";
    return 0;
  }
  size_t count = 0;
  const auto failures = engine.TestExamples(&count);
  for (const auto& f : failures)
    std::cout << "FAIL " << f.pack << ": " << f.pointer << " (rule " << f.rule << "): " << f.message << "\n";
  std::cout << "rules: " << engine.rule_count() << ", examples: " << count << "\n";
  std::cout << (count - failures.size()) << " passed, " << failures.size() << " failed\n";
  return failures.empty() ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return UsageError("missing command");
  const std::string cmd = argv[1];
  if (cmd == "--help" || cmd == "-h" || cmd == "help") { std::cout << kUsage; return 0; }
  if (cmd == "--version") { std::cout << "anshin 0.1.0\n"; return 0; }
  if (cmd == "check") return CmdCheck(argc, argv);
  if (cmd == "clarify") return CmdGuide(argc, argv, true);
  if (cmd == "followup") return CmdGuide(argc, argv, false);
  if (cmd == "rules") return CmdRules(argc, argv);
  return UsageError("unknown command \"" + cmd + "\"");
}
