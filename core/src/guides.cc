// The running-job guides (SPEC.md "Thread"; seed 事例1 and 事例2):
//   clarify  — facts with evidence, changes, verbal agreements, conflicts, questions,
//              an agreement summary and the ways out the seed lists;
//   followup — who waits on whom, days of silence, unanswered messages, the next step
//              on the platform's own timeline, a reminder template and prevention.
// Which messages are changes or verbal agreements is decided by rules (packs/thread.json);
// the guides' wording is data (rules/guides.json); timelines are data (platforms.json).
#include <algorithm>
#include <map>
#include <set>

#include "engine_impl.h"
#include "json_util.h"

namespace anshin {

// --- timestamps ---------------------------------------------------------------------

namespace {

int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {  // days since 1970-01-01
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void CivilFromDays(int64_t z, int* y, unsigned* m, unsigned* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = static_cast<int>(static_cast<int64_t>(yoe) + era * 400 + (*m <= 2));
}

bool Digits(const std::string& s, size_t at, size_t n, int* out) {
  if (at + n > s.size()) return false;
  int v = 0;
  for (size_t i = at; i < at + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

}  // namespace

// ISO 8601 date-time with a time zone: YYYY-MM-DDTHH:MM[:SS[.fff]](Z|±HH:MM|±HHMM).
// Sets epoch seconds (UTC) and the offset in minutes.
bool ParseTimestamp(const std::string& s, int64_t* epoch, int* offset_minutes) {
  int y, mo, d, h, mi, sec = 0;
  if (!Digits(s, 0, 4, &y) || s.size() < 16 || s[4] != '-' || !Digits(s, 5, 2, &mo) || s[7] != '-' ||
      !Digits(s, 8, 2, &d) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || !Digits(s, 11, 2, &h) || s[13] != ':' ||
      !Digits(s, 14, 2, &mi))
    return false;
  size_t i = 16;
  if (i < s.size() && s[i] == ':') {
    if (!Digits(s, i + 1, 2, &sec)) return false;
    i += 3;
    if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
      ++i;
      const size_t start = i;
      while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
      if (i == start) return false;
    }
  }
  static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (mo < 1 || mo > 12 || d < 1 || d > kDays[mo - 1] || h > 23 || mi > 59 || sec > 60) return false;
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (mo == 2 && d == 29 && !leap) return false;
  int off = 0;
  if (i < s.size() && (s[i] == 'Z' || s[i] == 'z')) {
    ++i;
  } else if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    const int sign = s[i] == '-' ? -1 : 1;
    int oh, om;
    if (!Digits(s, i + 1, 2, &oh)) return false;
    size_t j = i + 3;
    if (j < s.size() && s[j] == ':') ++j;
    if (!Digits(s, j, 2, &om) || oh > 23 || om > 59) return false;
    off = sign * (oh * 60 + om);
    i = j + 2;
  } else {
    return false;  // no time zone: ambiguous
  }
  if (i != s.size()) return false;
  *epoch = DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 + h * 3600 + mi * 60 + sec -
           static_cast<int64_t>(off) * 60;
  *offset_minutes = off;
  return true;
}

namespace {

struct Message {
  size_t index = 0;   // position in the input array
  std::string from;   // "client" | "freelancer"
  std::string at;     // as given
  int64_t t = 0;      // epoch seconds
  int offset = 0;     // minutes east of UTC, for display in the writer's own zone
  std::string text;
};

struct Thread {
  std::string post;
  Context ctx;
  std::string me;  // "", "client" or "freelancer"
  bool has_now = false;
  int64_t now = 0;
  int now_offset = 0;
  std::vector<Message> messages;  // sorted by time (stable)
};

Status Bad(const std::string& ptr, const std::string& msg) {
  return Status::Error(StatusCode::kInvalidArgument, msg, ptr);
}

Status ParseThread(std::string_view text, const Engine& engine, std::string_view now_override, Thread* out) {
  json j;
  if (Status st = ParseJson(text, "", &j); !st.ok()) return st;
  if (!j.is_object()) return Bad("/", "a thread must be a JSON object with \"post\" and \"messages\"");
  static const std::set<std::string> known = {"post", "stage", "mode", "platform", "me", "now", "messages", "locale"};
  for (auto it = j.begin(); it != j.end(); ++it)
    if (!known.count(it.key())) return Bad(PointerJoin("", it.key()), "unknown key \"" + it.key() + "\" (post, stage, mode, platform, me, now, messages)");
  if (j.contains("post")) {
    if (!j["post"].is_string()) return Bad("/post", "\"post\" must be a string");
    out->post = j["post"].get<std::string>();
  }
  out->ctx.stage = Stage::kAfterEscrow;  // a running job, unless told otherwise
  auto str = [&](const char* k, std::string* v) -> Status {
    if (!j.contains(k) || j[k].is_null()) return {};
    if (!j[k].is_string()) return Bad(PointerJoin("", k), std::string("\"") + k + "\" must be a string");
    *v = j[k].get<std::string>();
    return {};
  };
  std::string s;
  if (Status st = str("stage", &s); !st.ok()) return st;
  if (!s.empty() && !Parse(s, &out->ctx.stage)) return Bad("/stage", "unknown stage \"" + s + "\" (draft, before_escrow, after_escrow)");
  s.clear();
  if (Status st = str("mode", &s); !st.ok()) return st;
  if (!s.empty() && !Parse(s, &out->ctx.mode)) return Bad("/mode", "unknown mode \"" + s + "\" (project, competition, task)");
  s.clear();
  if (Status st = str("platform", &s); !st.ok()) return st;
  if (!s.empty()) {
    if (!engine.HasPlatform(s)) return Bad("/platform", "unknown platform \"" + s + "\"");
    out->ctx.platform = s;
  }
  if (Status st = str("me", &out->me); !st.ok()) return st;
  if (!out->me.empty() && out->me != "client" && out->me != "freelancer")
    return Bad("/me", "unknown party \"" + out->me + "\" (client, freelancer)");
  std::string now = std::string(now_override);
  const char* now_ptr = "--now";
  if (now.empty()) {
    if (Status st = str("now", &now); !st.ok()) return st;
    now_ptr = "/now";
  }
  if (!now.empty()) {
    if (!ParseTimestamp(now, &out->now, &out->now_offset))
      return Bad(now_ptr, "\"" + SanitizeUtf8(now) + "\" is not an ISO 8601 date-time with a time zone (e.g. 2026-11-28T10:00:00+09:00)");
    out->has_now = true;
  }
  if (!j.contains("messages")) return Bad("/messages", "missing required key \"messages\"");
  const json& ms = j["messages"];
  if (!ms.is_array()) return Bad("/messages", "\"messages\" must be an array");
  for (size_t i = 0; i < ms.size(); ++i) {
    const std::string p = PointerJoin("/messages", i);
    const json& m = ms[i];
    if (!m.is_object()) return Bad(p, "each message must be an object with from, at and text");
    for (auto it = m.begin(); it != m.end(); ++it)
      if (it.key() != "from" && it.key() != "at" && it.key() != "text")
        return Bad(PointerJoin(p, it.key()), "unknown key \"" + it.key() + "\" (from, at, text)");
    Message msg;
    msg.index = i;
    if (!m.contains("from") || !m["from"].is_string()) return Bad(p + "/from", "\"from\" must be \"client\" or \"freelancer\"");
    msg.from = m["from"].get<std::string>();
    if (msg.from != "client" && msg.from != "freelancer")
      return Bad(p + "/from", "unknown sender \"" + SanitizeUtf8(msg.from) + "\" (client, freelancer)");
    if (!m.contains("at") || !m["at"].is_string()) return Bad(p + "/at", "\"at\" must be an ISO 8601 date-time string");
    msg.at = m["at"].get<std::string>();
    if (!ParseTimestamp(msg.at, &msg.t, &msg.offset))
      return Bad(p + "/at", "\"" + SanitizeUtf8(msg.at) + "\" is not an ISO 8601 date-time with a time zone (e.g. 2026-11-20T09:00:00+09:00)");
    if (!m.contains("text") || !m["text"].is_string()) return Bad(p + "/text", "\"text\" must be a string");
    msg.text = m["text"].get<std::string>();
    out->messages.push_back(std::move(msg));
  }
  // Unsorted messages are sorted, not rejected (stable: equal times keep their order).
  std::stable_sort(out->messages.begin(), out->messages.end(), [](const Message& a, const Message& b) { return a.t < b.t; });
  return {};
}

// --- guide text (rules/guides.json) ---------------------------------------------------

const json& At(const json& root, const std::string& ptr) {
  static const json kNull;
  const json::json_pointer p(ptr);
  return root.contains(p) ? root[p] : kNull;
}

std::string Text(const json& root, const std::string& ptr, Locale l) {
  const json& v = At(root, ptr + (l == Locale::kEn ? "/en" : "/ja"));
  return v.is_string() ? v.get<std::string>() : std::string();
}

std::string Fill(std::string s, const std::map<std::string, std::string>& vars) {
  for (const auto& [k, v] : vars) {
    const std::string key = "{" + k + "}";
    for (size_t p = s.find(key); p != std::string::npos; p = s.find(key, p + v.size())) s.replace(p, key.size(), v);
  }
  return s;
}

std::string FormatDate(int64_t t, int offset, Locale l) {
  int y;
  unsigned m, d;
  CivilFromDays((t + static_cast<int64_t>(offset) * 60) / 86400 - ((t + static_cast<int64_t>(offset) * 60) % 86400 < 0 ? 1 : 0), &y, &m, &d);
  if (l == Locale::kJa) return std::to_string(m) + "月" + std::to_string(d) + "日";
  char buf[40];  // room for any int year: no truncation warning
  snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, m, d);
  return buf;
}

// The first line of `text` (at most 80 characters), as a byte range.
Span FirstLine(const std::string& text) {
  size_t b = 0;
  while (b < text.size() && (text[b] == '\n' || text[b] == ' ' || text[b] == '\r')) ++b;
  size_t e = text.find('\n', b);
  if (e == std::string::npos) e = text.size();
  while (e > b && (text[e - 1] == ' ' || text[e - 1] == '\r')) --e;
  const auto chars = DecodeUtf8(std::string_view(text).substr(b, e - b));
  if (chars.size() > 80) e = b + chars[80].begin;
  return {static_cast<uint32_t>(b), static_cast<uint32_t>(e)};
}

// Canonical form of a value, so that 12月15日 and 12/15 (or 3万円 and 30,000円) agree.
std::string Canonical(const std::string& field, const std::string& value) {
  SourceText src(value);
  std::string t = Normalize(src).text;
  t.erase(std::remove(t.begin(), t.end(), ' '), t.end());
  static const RE2 date(R"((?:(\d{4})[年/\-.])?(\d{1,2})(?:月|/|-|\.)(\d{1,2})日?)");
  // The amount next to its currency: 1記事1,500円 is 1500, not the 1 of 1記事.
  static const RE2 man(R"(([\d,.]+)万円?)");
  static const RE2 yen(R"((?:[¥\\]([\d,]+)|([\d,]+)円))");
  static const RE2 bare(R"(([\d,]+))");
  int mo, d;
  std::string yr, a, b;
  if (field == "deadline" && RE2::PartialMatch(t, date, &yr, &mo, &d)) return std::to_string(mo) + "/" + std::to_string(d);
  if (field == "budget") {
    std::string num;
    if (RE2::PartialMatch(t, man, &num)) {
      num.erase(std::remove(num.begin(), num.end(), ','), num.end());
      char* end = nullptr;
      const double v = strtod(num.c_str(), &end);
      if (end && *end == '\0') return std::to_string(static_cast<long long>(v * 10000 + 0.5));
    }
    std::string a, b;
    if (RE2::PartialMatch(t, yen, &a, &b) || RE2::PartialMatch(t, bare, &a)) {
      num = a.empty() ? b : a;
      num.erase(std::remove(num.begin(), num.end(), ','), num.end());
      return num;
    }
  }
  return t;
}

struct Evidence {
  std::string value;
  long source = -1;  // -1: post; else message index
  uint32_t start = 0, end = 0;
  int64_t t = 0;     // when it was said (post: before every message)
  int offset = 0;
};

ojson EvidenceJson(const Evidence& e) {
  ojson o;
  o["value"] = e.value;
  if (e.source < 0) o["source"] = "post";
  else o["source"] = e.source;
  o["start"] = e.start;
  o["end"] = e.end;
  return o;
}

std::string SourceName(const json& g, const Evidence& e, Locale l) {
  if (e.source < 0) return Text(g, "/sources/post", l);
  return Fill(Text(g, "/sources/message", l), {{"n", std::to_string(e.source + 1)}, {"date", FormatDate(e.t, e.offset, l)}});
}

// Checklist field → fact key.
const std::vector<std::pair<std::string, std::string>>& FactFields() {
  static const std::vector<std::pair<std::string, std::string>> f = {
      {"deadline", "deadline"}, {"budget", "budget"}, {"deliverable", "deliverables"}, {"quantity", "quantity"},
      {"revisions", "revisions"}, {"acceptance", "acceptance"}};
  return f;
}

}  // namespace

// Validates rules/guides.json at load so a broken file fails fast.
Status CheckGuides(const json& g) {
  static const char* const kRequired[] = {
      "/field_labels/request", "/field_labels/proposal", "/field_labels/deadline", "/field_labels/budget",
      "/field_labels/deliverables", "/field_labels/quantity", "/field_labels/revisions", "/field_labels/acceptance",
      "/sources/post", "/sources/message", "/summary/title", "/summary/intro", "/summary/undecided", "/summary/changes",
      "/summary/verbal", "/summary/verbal_note", "/summary/closing", "/questions/conflict", "/questions/verbal",
      "/questions/change", "/followup/waiting_text/wait", "/followup/waiting_text/remind",
      "/followup/waiting_text/platform_reminder", "/followup/waiting_text/support", "/followup/waiting_text/you_owe",
      "/followup/waiting_text/none", "/followup/template/remind", "/followup/template/platform_reminder",
      "/followup/template/support", "/followup/template/you_owe", "/followup/prevention/contact_allowed",
      "/followup/prevention/contact_not_allowed", "/followup/prevention/contract", "/followup/prevention/reply_time"};
  for (const char* p : kRequired) {
    const json& v = At(g, p);
    if (!v.is_object() || !v.contains("ja") || !v.contains("en") || !v["ja"].is_string() || !v["en"].is_string())
      return Status::Error(StatusCode::kSchemaError, "expected an object with \"ja\" and \"en\" strings", p, "rules/guides.json");
  }
  const json& res = At(g, "/resolutions");
  if (!res.is_array() || res.empty()) return Status::Error(StatusCode::kSchemaError, "expected a non-empty array", "/resolutions", "rules/guides.json");
  for (size_t i = 0; i < res.size(); ++i)
    if (!res[i].is_object() || !res[i].contains("id") || !res[i]["id"].is_string() || !res[i].contains("text"))
      return Status::Error(StatusCode::kSchemaError, "expected {id, text}", PointerJoin("/resolutions", i), "rules/guides.json");
  const json& cp = At(g, "/followup/closing_patterns");
  if (!cp.is_array()) return Status::Error(StatusCode::kSchemaError, "expected an array of patterns", "/followup/closing_patterns", "rules/guides.json");
  for (size_t i = 0; i < cp.size(); ++i) {
    if (!cp[i].is_string()) return Status::Error(StatusCode::kSchemaError, "expected a pattern", PointerJoin("/followup/closing_patterns", i), "rules/guides.json");
    RE2 re(FoldPattern(cp[i].get<std::string>()), PatternOptions(false));
    if (!re.ok()) return Status::Error(StatusCode::kPatternError, "invalid RE2 pattern: " + re.error(), PointerJoin("/followup/closing_patterns", i), "rules/guides.json");
  }
  return {};
}

Result<std::string> Engine::Clarify(std::string_view thread_json, Locale l) const {
  Thread th;
  if (Status st = ParseThread(thread_json, *this, "", &th); !st.ok()) return st;
  const json& g = impl_->guides;
  Context post_ctx = th.ctx;
  post_ctx.kind = Kind::kPost;
  post_ctx.stage = Stage::kDraft;
  post_ctx.locale = l;
  Context msg_ctx = th.ctx;
  msg_ctx.kind = Kind::kMessage;
  msg_ctx.locale = l;

  std::map<std::string, std::vector<Evidence>> facts;
  std::map<std::string, std::string> post_status;   // field → status in the post
  std::map<std::string, std::string> post_question; // field → question
  const Report post_report = Check(th.post, post_ctx);
  const int64_t before_all = th.messages.empty() ? 0 : th.messages.front().t - 1;
  for (const ChecklistItem& c : post_report.checklist) {
    post_status[c.field] = c.status;
    post_question[c.field] = c.question;
    if (c.status == "present") facts[c.field].push_back({c.value, -1, c.start, c.end, before_all, 0});
  }
  if (!th.post.empty()) {
    const Span s = FirstLine(th.post);
    SourceText src(th.post);
    if (s.end > s.begin)
      facts["request"].push_back({src.Excerpt(s.begin, s.end), -1, src.Utf16At(s.begin), src.Utf16At(s.end), before_all, 0});
  }

  ojson changes = ojson::array(), verbal = ojson::array();
  std::vector<Evidence> change_ev, verbal_ev;
  bool have_proposal = false;
  static const RE2 proposal_words(FoldPattern("提案|見積|お見積|ご提示|proposal|quote|estimate"), PatternOptions(false));
  for (const Message& m : th.messages) {
    const Report as_post = Check(m.text, post_ctx);
    bool has_terms = false;
    for (const ChecklistItem& c : as_post.checklist) {
      if (c.status != "present") continue;
      facts[c.field].push_back({c.value, static_cast<long>(m.index), c.start, c.end, m.t, m.offset});
      if (c.field == "budget" || c.field == "deadline") has_terms = true;
    }
    if (!have_proposal && m.from == "freelancer" && (has_terms || RE2::PartialMatch(m.text, proposal_words))) {
      const Span s = FirstLine(m.text);
      SourceText src(m.text);
      facts["proposal"].push_back({src.Excerpt(s.begin, s.end), static_cast<long>(m.index), src.Utf16At(s.begin), src.Utf16At(s.end), m.t, m.offset});
      have_proposal = true;
    }
    const Report as_msg = Check(m.text, msg_ctx);
    for (const Finding& f : as_msg.findings) {
      const bool is_change = f.rule.rfind("advice.change.", 0) == 0;
      const bool is_verbal = f.rule.rfind("advice.verbal.", 0) == 0;
      if (!is_change && !is_verbal) continue;
      ojson o;
      o["message"] = m.index;
      o["at"] = m.at;
      o["start"] = f.start;
      o["end"] = f.end;
      o["excerpt"] = f.excerpt;
      (is_change ? changes : verbal).push_back(std::move(o));
      (is_change ? change_ev : verbal_ev).push_back({f.excerpt, static_cast<long>(m.index), f.start, f.end, m.t, m.offset});
    }
  }

  ojson out;
  out["version"] = 1;
  ojson jf;
  static const char* const kFactKeys[] = {"request", "proposal", "deadline", "budget", "deliverables", "revisions", "acceptance"};
  auto field_of = [](const std::string& key) { return key == "deliverables" ? std::string("deliverable") : key; };
  for (const char* key : kFactKeys) {
    ojson list = ojson::array();
    for (const Evidence& e : facts[field_of(key)]) list.push_back(EvidenceJson(e));
    jf[key] = std::move(list);
  }
  out["facts"] = std::move(jf);
  out["changes"] = std::move(changes);
  out["verbal"] = std::move(verbal);

  // Conflicts: one field, different values in different places.
  ojson conflicts = ojson::array();
  ojson questions = ojson::array();
  for (const auto& [field, key] : FactFields()) {
    if (field == "deliverable" || field == "acceptance") continue;  // free text: not comparable
    const auto& ev = facts[field];
    std::vector<const Evidence*> distinct;
    std::set<std::string> seen;
    for (const Evidence& e : ev)
      if (seen.insert(Canonical(field, e.value)).second) distinct.push_back(&e);
    if (distinct.size() < 2) continue;
    ojson c;
    c["field"] = key;
    ojson values = ojson::array();
    for (const Evidence& e : ev) values.push_back(EvidenceJson(e));
    c["values"] = std::move(values);
    conflicts.push_back(std::move(c));
    questions.push_back({{"field", key},
                         {"text", Fill(Text(g, "/questions/conflict", l),
                                       {{"field", Text(g, "/field_labels/" + key, l)},
                                        {"a", SourceName(g, *distinct[0], l)}, {"va", distinct[0]->value},
                                        {"b", SourceName(g, *distinct.back(), l)}, {"vb", distinct.back()->value}})}});
  }
  out["conflicts"] = std::move(conflicts);

  // Gaps: missing or vague in the post and never stated in a message.
  for (const auto& [field, key] : FactFields()) {
    auto st = post_status.find(field);
    if (st == post_status.end() || st->second == "present" || !facts[field].empty()) continue;
    questions.push_back({{"field", key}, {"text", post_question[field]}});
  }
  for (const Evidence& e : verbal_ev)
    questions.push_back({{"field", "verbal"}, {"text", Fill(Text(g, "/questions/verbal", l), {{"source", SourceName(g, e, l)}})}});
  for (const Evidence& e : change_ev)
    questions.push_back({{"field", "changes"}, {"text", Fill(Text(g, "/questions/change", l), {{"source", SourceName(g, e, l)}})}});
  out["questions"] = std::move(questions);

  // Summary, ready to paste: the latest value of each field, and where it was said.
  const std::string bullet = l == Locale::kJa ? "・" : "- ";
  const std::string colon = l == Locale::kJa ? "：" : ": ";
  std::string summary = Text(g, "/summary/title", l) + "\n" + Text(g, "/summary/intro", l) + "\n";
  for (const std::string key : {"request", "proposal", "deadline", "budget", "deliverables", "quantity", "revisions", "acceptance"}) {
    const auto& ev = facts[field_of(key)];
    if ((key == "request" || key == "proposal") && ev.empty()) continue;
    summary += bullet + Text(g, "/field_labels/" + key, l) + colon;
    if (ev.empty()) {
      summary += Text(g, "/summary/undecided", l) + "\n";
      continue;
    }
    const Evidence* latest = &ev.front();
    for (const Evidence& e : ev)
      if (e.t >= latest->t) latest = &e;
    summary += latest->value + (l == Locale::kJa ? "（" : " (") + SourceName(g, *latest, l) + (l == Locale::kJa ? "）" : ")") + "\n";
  }
  if (!change_ev.empty()) {
    summary += bullet + Text(g, "/summary/changes", l) + colon + "\n";
    for (const Evidence& e : change_ev) summary += "  " + bullet + SourceName(g, e, l) + (l == Locale::kJa ? "「" : " \"") + e.value + (l == Locale::kJa ? "」" : "\"") + "\n";
  }
  if (!verbal_ev.empty()) {
    summary += bullet + Text(g, "/summary/verbal", l) + colon + "\n";
    for (const Evidence& e : verbal_ev)
      summary += "  " + bullet + SourceName(g, e, l) + (l == Locale::kJa ? "「" : " \"") + e.value + (l == Locale::kJa ? "」" : "\"") + " " + Text(g, "/summary/verbal_note", l) + "\n";
  }
  summary += Text(g, "/summary/closing", l);
  out["summary"] = summary;

  ojson res = ojson::array();
  for (const json& r : At(g, "/resolutions"))
    res.push_back({{"id", r["id"].get<std::string>()}, {"text", r["text"].contains(l == Locale::kEn ? "en" : "ja") ? r["text"][l == Locale::kEn ? "en" : "ja"].get<std::string>() : ""}});
  out["resolutions"] = std::move(res);
  return Dump(out);
}

Result<std::string> Engine::Followup(std::string_view thread_json, std::string_view now, Locale l) const {
  Thread th;
  if (Status st = ParseThread(thread_json, *this, now, &th); !st.ok()) return st;
  if (!th.has_now) return Bad("/now", "a follow-up needs the current time: give \"now\" in the thread or --now");
  const json& g = impl_->guides;
  const Platform* pl = impl_->FindPlatform(th.ctx.platform);
  const FollowupPolicy& pol = pl->followup;
  const std::string platform_name = pl->name.Get(l);

  ojson out;
  out["version"] = 1;
  std::string waiting_on = "none", step = "wait", state = "none";
  int64_t days = 0;
  ojson unanswered = ojson::array();
  std::map<std::string, std::string> vars = {{"platform", platform_name}, {"reminder", pol.reminder_name.Get(l)},
                                             {"support", pol.support_name.Get(l)}, {"remind", std::to_string(pol.remind_after_days)}};
  if (!th.messages.empty()) {
    const Message& last = th.messages.back();
    // A job that has been wrapped up waits on nobody.
    bool closed = false;
    for (const json& p : At(g, "/followup/closing_patterns")) {
      RE2 re(FoldPattern(p.get<std::string>()), PatternOptions(false));
      SourceText src(last.text);
      if (RE2::PartialMatch(Normalize(src).text, re)) closed = true;
    }
    days = std::max<int64_t>(0, (th.now - last.t) / 86400);
    // The trailing run of messages from the last sender has had no reply.
    size_t first = th.messages.size();
    while (first > 0 && th.messages[first - 1].from == last.from) --first;
    const int64_t since = th.messages[first].t;
    for (size_t i = first; i < th.messages.size(); ++i) {
      const Message& m = th.messages[i];
      SourceText src(m.text);
      const Span s = FirstLine(m.text);
      unanswered.push_back({{"message", m.index}, {"at", m.at}, {"excerpt", src.Excerpt(s.begin, s.end)}});
    }
    const size_t count = th.messages.size() - first;
    vars["days"] = std::to_string(days);
    vars["count"] = std::to_string(count + 1);
    vars["date"] = FormatDate(since, th.messages[first].offset, l);
    vars["deadline_date"] = FormatDate(th.now + 3 * 86400, th.now_offset, l);
    if (closed) {
      unanswered = ojson::array();
    } else {
      waiting_on = last.from == "client" ? "freelancer" : "client";
      if (!th.me.empty() && th.me != last.from) {
        state = "you_owe";  // the other side wrote last: the reply is ours to send
        step = "wait";
      } else if (days < pol.remind_after_days) {
        state = step = "wait";
      } else if (days >= pol.support_after_days && static_cast<int>(count) >= pol.reminders_before_request) {
        state = step = "support";
      } else if (days >= pol.platform_reminder_after_days && static_cast<int>(count) >= pol.reminders_before_request) {
        state = step = "platform_reminder";
      } else {
        state = step = "remind";
      }
      vars["count"] = std::to_string(state == "remind" ? count + 1 : count);
    }
  }
  out["waiting_on"] = waiting_on;
  out["days_silent"] = days;
  out["unanswered"] = std::move(unanswered);
  out["next_step"] = step;
  out["next_step_text"] = Fill(Text(g, "/followup/waiting_text/" + state, l), vars);
  const std::string tmpl_state = state == "wait" ? "remind" : state;
  out["template"] = Fill(Text(g, "/followup/template/" + tmpl_state, l), vars);

  // Prevention: emergency contacts where the platform allows them, and a contract.
  ojson prevention = ojson::array();
  bool allowed = false;
  std::string when;
  auto it = pl->policies.find("contact_exchange");
  if (it != pl->policies.end())
    for (const PolicyOverride& o : it->second)
      if (!o.off && o.severity == Severity::kInfo) {
        allowed = true;
        std::string stages, modes;
        for (int s = 0; s < 3; ++s) if (o.stages & (1u << s)) stages += std::string(stages.empty() ? "" : "/") + (l == Locale::kJa ? (s == 2 ? "仮払い後" : s == 1 ? "仮払い前" : "依頼前") : Name(static_cast<Stage>(s)));
        for (int m = 0; m < 3; ++m) if (o.modes & (1u << m) && o.modes != 0x7) modes += std::string(modes.empty() ? "" : "/") + (l == Locale::kJa ? (m == 0 ? "プロジェクト方式" : m == 1 ? "コンペ方式" : "タスク方式") : Name(static_cast<Mode>(m)) + std::string(" mode"));
        when = (modes.empty() ? "" : modes + (l == Locale::kJa ? "の" : ", ")) + stages;
      }
  if (allowed) prevention.push_back(Fill(Text(g, "/followup/prevention/contact_allowed", l), {{"platform", platform_name}, {"when", when}}));
  else prevention.push_back(Fill(Text(g, "/followup/prevention/contact_not_allowed", l), {{"platform", platform_name}}));
  prevention.push_back(Text(g, "/followup/prevention/contract", l));
  prevention.push_back(Text(g, "/followup/prevention/reply_time", l));
  out["prevention"] = std::move(prevention);
  return Dump(out);
}

}  // namespace anshin
