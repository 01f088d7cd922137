# Third-party code, the same sources for both targets so both builds behave the same.
#
# RE2 + Abseil: upstream sources shipped inside the npm package `re2` (pinned in
# package-lock.json). nlohmann_json: Debian's nlohmann-json3-dev (header only).

if(NOT EXISTS "${ANSHIN_VENDOR_DIR}/re2/CMakeLists.txt")
  message(FATAL_ERROR "RE2 sources not found in ${ANSHIN_VENDOR_DIR}. Run `npm ci --ignore-scripts` at the top of the repository (scripts/setup.sh does).")
endif()

# Abseil: static, no tests, exported so that RE2's install rules configure.
set(ABSL_PROPAGATE_CXX_STD ON CACHE BOOL "" FORCE)
set(ABSL_ENABLE_INSTALL ON CACHE BOOL "" FORCE)
set(ABSL_BUILD_TESTING OFF CACHE BOOL "" FORCE)
set(BUILD_TESTING OFF CACHE BOOL "" FORCE)
set(BUILD_SHARED_LIBS OFF CACHE BOOL "" FORCE)
set(RE2_BUILD_TESTING OFF CACHE BOOL "" FORCE)
# Third-party warnings are not ours to fix.
set(_anshin_saved_flags "${CMAKE_CXX_FLAGS}")
set(CMAKE_CXX_FLAGS "${CMAKE_CXX_FLAGS} -w")
if(EMSCRIPTEN)
  # Size: nothing of Abseil is on the matching path (RE2 uses it for containers, strings
  # and locks), so the WebAssembly package builds it for size. See tests/bench.
  set(_anshin_saved_release "${CMAKE_CXX_FLAGS_RELEASE}")
  set(CMAKE_CXX_FLAGS_RELEASE "-Os -DNDEBUG")
endif()
add_subdirectory("${ANSHIN_VENDOR_DIR}/abseil-cpp" "${CMAKE_BINARY_DIR}/_deps/abseil" EXCLUDE_FROM_ALL)
if(EMSCRIPTEN)
  set(CMAKE_CXX_FLAGS_RELEASE "${_anshin_saved_release}")
endif()
add_subdirectory("${ANSHIN_VENDOR_DIR}/re2" "${CMAKE_BINARY_DIR}/_deps/re2" EXCLUDE_FROM_ALL)
set(CMAKE_CXX_FLAGS "${_anshin_saved_flags}")

# nlohmann_json. For WebAssembly the host's /usr/include must never reach the include
# path (its libc headers would shadow Emscripten's), so the one header folder is copied.
if(EMSCRIPTEN)
  find_path(ANSHIN_NLOHMANN_DIR nlohmann/json.hpp PATHS /usr/include NO_CMAKE_FIND_ROOT_PATH NO_DEFAULT_PATH)
  if(NOT ANSHIN_NLOHMANN_DIR)
    message(FATAL_ERROR "nlohmann/json.hpp not found: apt-get install nlohmann-json3-dev")
  endif()
  file(COPY "${ANSHIN_NLOHMANN_DIR}/nlohmann" DESTINATION "${CMAKE_BINARY_DIR}/_deps/nlohmann_include")
  add_library(anshin_json INTERFACE)
  target_include_directories(anshin_json SYSTEM INTERFACE "${CMAKE_BINARY_DIR}/_deps/nlohmann_include")
else()
  find_package(nlohmann_json 3.10 REQUIRED)
  add_library(anshin_json INTERFACE)
  target_link_libraries(anshin_json INTERFACE nlohmann_json::nlohmann_json)
endif()
# Errors are values in Anshin: nlohmann must never throw (in WebAssembly a throw aborts).
target_compile_definitions(anshin_json INTERFACE JSON_NOEXCEPTION=1)
