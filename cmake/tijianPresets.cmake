# SPDX-License-Identifier: MIT
# Built-in presets (include/tijian/presets.hpp): the TOML files under presets/ are embedded
# into tijian::tijian through a generated source, regenerated whenever a preset file changes
# (adding or removing a file re-runs the configure step through CONFIGURE_DEPENDS). The files
# are also installed, readable, under share/tijian/presets/ (and tijian/presets/ in the wheel).
file(GLOB TIJIAN_PRESET_FILES CONFIGURE_DEPENDS
     "${PROJECT_SOURCE_DIR}/presets/frameworks/*.toml"
     "${PROJECT_SOURCE_DIR}/presets/targets/*.toml"
     "${PROJECT_SOURCE_DIR}/presets/national/*.toml"
     "${PROJECT_SOURCE_DIR}/presets/recipes/*.toml")
set(TIJIAN_PRESETS_CPP "${PROJECT_BINARY_DIR}/generated/tijian_presets.cpp")
add_custom_command(
  OUTPUT "${TIJIAN_PRESETS_CPP}"
  COMMAND "${CMAKE_COMMAND}" "-DPRESET_DIR=${PROJECT_SOURCE_DIR}/presets"
          "-DOUTPUT=${TIJIAN_PRESETS_CPP}" -P "${PROJECT_SOURCE_DIR}/cmake/tijianEmbed.cmake"
  DEPENDS ${TIJIAN_PRESET_FILES} "${PROJECT_SOURCE_DIR}/cmake/tijianEmbed.cmake"
  COMMENT "Embedding presets (presets/*.toml)"
  VERBATIM)
target_sources(tijian_tijian PRIVATE "${TIJIAN_PRESETS_CPP}")
if(TIJIAN_INSTALL)
  install(DIRECTORY "${PROJECT_SOURCE_DIR}/presets/" DESTINATION "${CMAKE_INSTALL_DATADIR}/tijian/presets"
          FILES_MATCHING PATTERN "*.toml")
endif()
if(SKBUILD AND TIJIAN_BUILD_PYTHON)
  # The wheel ships the same files, readable, as tijian/presets/{frameworks,targets}/*.toml
  # (python/tijian/framework.py): presets/ is their only copy in the repository.
  install(DIRECTORY "${PROJECT_SOURCE_DIR}/presets/" DESTINATION "${SKBUILD_PROJECT_NAME}/presets"
          FILES_MATCHING PATTERN "*.toml")
endif()
