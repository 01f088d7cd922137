// JSON helpers that never throw: parsing with a line:column error, and typed access
// that reports the JSON pointer of a value with the wrong type.
#pragma once
#include <string>
#include <string_view>

#include "anshin/anshin.h"
#include "nlohmann/json.hpp"

namespace anshin {

using json = nlohmann::json;
using ojson = nlohmann::ordered_json;

// Parses `text`; on failure returns kParseError with the position as "@line:column"
// in `pointer` and nlohmann's explanation in `message`.
Status ParseJson(std::string_view text, const std::string& file, json* out);

// Serialises without ever throwing: invalid UTF-8 (which Anshin never produces) would
// be replaced rather than abort.
std::string Dump(const ojson& j, int indent = -1);

// Appends `s` (valid UTF-8) as a JSON string, escaped as nlohmann's dump() does with
// ensure_ascii off: \" \\ \b \f \n \r \t, other controls as \u00xx, the rest as is.
void AppendJsonString(std::string* out, std::string_view s);

// JSON pointer token escaping (RFC 6901).
std::string PointerJoin(const std::string& base, const std::string& key);
std::string PointerJoin(const std::string& base, size_t index);

}  // namespace anshin
