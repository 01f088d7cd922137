// Every example of every built-in rule, and the report invariants on each of them.
#include <gtest/gtest.h>

#include "engine_impl.h"
#include "test_util.h"

namespace anshin {
namespace {

TEST(Rules, EveryExampleOfEveryRulePasses) {
  size_t count = 0;
  const auto failures = testing::DefaultEngine().TestExamples(&count);
  for (const auto& f : failures) ADD_FAILURE() << f.pack << ": " << f.pointer << " (rule " << f.rule << "): " << f.message;
  EXPECT_GT(count, 0u);
}

TEST(Rules, ThereAreRulesInEveryViolationCategory) {
  EXPECT_GE(testing::DefaultEngine().rule_count(), 6u);
}

}  // namespace
}  // namespace anshin
