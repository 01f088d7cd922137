#include "engine_impl.h"
namespace anshin {
Result<std::string> Engine::Clarify(std::string_view, Locale) const { return Status::Error(StatusCode::kInvalidArgument, "TODO"); }
Result<std::string> Engine::Followup(std::string_view, std::string_view, Locale) const { return Status::Error(StatusCode::kInvalidArgument, "TODO"); }
}
