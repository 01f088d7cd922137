# The default rule packs and the platform policy are compiled into the engine, so the
# WebAssembly module needs no file system and no fetch. Editing a file under rules/
# regenerates the source at the next build.
file(GLOB ANSHIN_RULE_FILES CONFIGURE_DEPENDS
     "${CMAKE_SOURCE_DIR}/rules/packs/*.json" "${CMAKE_SOURCE_DIR}/rules/platforms.json"
     "${CMAKE_SOURCE_DIR}/rules/guides.json")
list(SORT ANSHIN_RULE_FILES)
set(ANSHIN_EMBEDDED_RULES_CC "${CMAKE_BINARY_DIR}/generated/embedded_rules.cc")
add_custom_command(
  OUTPUT "${ANSHIN_EMBEDDED_RULES_CC}"
  COMMAND "${CMAKE_COMMAND}" "-DOUT=${ANSHIN_EMBEDDED_RULES_CC}" "-DROOT=${CMAKE_SOURCE_DIR}"
          "-DFILES=${ANSHIN_RULE_FILES}" -P "${CMAKE_SOURCE_DIR}/cmake/embed_rules_script.cmake"
  DEPENDS ${ANSHIN_RULE_FILES} "${CMAKE_SOURCE_DIR}/cmake/embed_rules_script.cmake"
  COMMENT "Embedding rule packs"
  VERBATIM)
