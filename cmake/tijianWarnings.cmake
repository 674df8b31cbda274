# Warnings for our own targets only. Not exported: consumers never see our flags.
add_library(tijian_warnings INTERFACE)
target_compile_options(tijian_warnings INTERFACE
  $<$<CXX_COMPILER_ID:MSVC>:/W4 $<$<BOOL:${TIJIAN_WARNINGS_AS_ERRORS}>:/WX>>
  $<$<NOT:$<CXX_COMPILER_ID:MSVC>>:-Wall -Wextra -Wshadow -Wno-unused-parameter
    $<$<BOOL:${TIJIAN_WARNINGS_AS_ERRORS}>:-Werror>>)
