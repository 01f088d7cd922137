#include "json_util.h"

#include <cstdint>
#include <cstring>

namespace anshin {
namespace {

// Builds the DOM like nlohmann's own parser, but records the error instead of throwing.
class QuietDomParser : public nlohmann::detail::json_sax_dom_parser<json> {
 public:
  explicit QuietDomParser(json& root) : json_sax_dom_parser(root, /*allow_exceptions=*/false) {}
  template <class Exception>
  bool parse_error(std::size_t position, const std::string& /*last_token*/, const Exception& ex) {
    failed = true;
    error_position = position;
    message = ex.what();
    return false;
  }
  bool failed = false;
  std::size_t error_position = 0;
  std::string message;
};

}  // namespace

Status ParseJson(std::string_view text, const std::string& file, json* out) {
  json root;
  QuietDomParser sax(root);
  const bool ok = json::sax_parse(text.begin(), text.end(), &sax, nlohmann::detail::input_format_t::json, /*strict=*/true);
  if (!ok || sax.failed) {
    // nlohmann counts positions from 1, in bytes.
    size_t pos = sax.error_position > 0 ? sax.error_position - 1 : 0;
    if (pos > text.size()) pos = text.size();
    size_t line = 1, col = 1;
    for (size_t i = 0; i < pos; ++i) {
      if (text[i] == '\n') { ++line; col = 1; }
      else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++col;
    }
    std::string msg = sax.message;
    // Drop nlohmann's "[json.exception.parse_error.101] parse error at line 1, column 2: " prefix.
    const auto colon = msg.find(": ");
    if (msg.rfind("[json.exception", 0) == 0 && colon != std::string::npos) msg = msg.substr(colon + 2);
    if (msg.empty()) msg = "not valid JSON";
    return Status::Error(StatusCode::kParseError, "invalid JSON: " + msg,
                         "@" + std::to_string(line) + ":" + std::to_string(col), file);
  }
  *out = std::move(root);
  return {};
}

std::string Dump(const ojson& j, int indent) {
  return j.dump(indent, ' ', /*ensure_ascii=*/false, nlohmann::detail::error_handler_t::replace);
}

void AppendJsonString(std::string* out, std::string_view s) {
  static const char kHex[] = "0123456789abcdef";
  out->push_back('"');
  size_t run = 0;  // start of the pending unescaped bytes
  for (size_t i = 0; i < s.size(); ++i) {
    // Eight bytes at a time while none needs escaping: no byte below 0x20, no '"' and no
    // '\\' (bit tricks on a 64-bit word; bytes >= 0x80, UTF-8, never match).
    while (i + 8 <= s.size()) {
      uint64_t w;
      std::memcpy(&w, s.data() + i, 8);
      constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
      const uint64_t quote = w ^ (kOnes * '"'), slash = w ^ (kOnes * '\\');
      const uint64_t special = ((w - kOnes * 0x20) | (quote - kOnes) | (slash - kOnes)) & ~w & kHigh;
      if (special) break;
      i += 8;
    }
    if (i >= s.size()) break;
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out->append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\b': out->append("\\b"); break;
      case '\f': out->append("\\f"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      default: {
        const char u[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
        out->append(u, sizeof u);
      }
    }
  }
  out->append(s.data() + run, s.size() - run);
  out->push_back('"');
}

std::string PointerJoin(const std::string& base, const std::string& key) {
  std::string out = base + "/";
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

std::string PointerJoin(const std::string& base, size_t index) {
  return base + "/" + std::to_string(index);
}

}  // namespace anshin
