// The engine with the built-in packs, created once per fuzzing process.
#pragma once
#include <cstdlib>
#include <memory>

#include "anshin/anshin.h"

inline const anshin::Engine& TheEngine() {
  static std::unique_ptr<anshin::Engine> e = [] {
    auto made = anshin::Engine::Create({});
    if (!made.ok()) abort();
    return std::move(made.value());
  }();
  return *e;
}
