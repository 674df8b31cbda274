# Sanitizer builds: -DTIJIAN_SANITIZE=address,undefined (any list -fsanitize= takes) instruments
# everything this project compiles (library, CLI, tests, Python module), with frame pointers for
# readable stacks and no recovery: the first report stops the process, so ctest and pytest see a
# failure rather than a line in a log. -O1 keeps the instrumented tests fast enough (ASan's
# recommendation) and _GLIBCXX_ASSERTIONS adds the standard library's bounds checks.
# `make sanitize` uses it (build-sanitize/); GCC and Clang both work.
set(TIJIAN_SANITIZE "" CACHE STRING
    "Sanitizers to build with, as for -fsanitize= (e.g. address,undefined); empty: none")
if(TIJIAN_SANITIZE)
  if(MSVC)
    message(FATAL_ERROR "TIJIAN_SANITIZE: GCC or Clang only")
  endif()
  message(STATUS "tijian: sanitizers ${TIJIAN_SANITIZE}")
  add_compile_options(-fsanitize=${TIJIAN_SANITIZE} -fno-sanitize-recover=all
                      -fno-omit-frame-pointer -O1 -g -D_GLIBCXX_ASSERTIONS)
  add_link_options(-fsanitize=${TIJIAN_SANITIZE})
endif()

# libFuzzer harnesses (fuzz/): -DTIJIAN_FUZZ=ON with Clang. Everything is compiled with coverage
# instrumentation (-fsanitize=fuzzer-no-link) and, unless TIJIAN_SANITIZE says otherwise, with
# ASan and UBSan; fuzz/CMakeLists.txt links the harnesses with -fsanitize=fuzzer. `make fuzz`.
option(TIJIAN_FUZZ "Build the libFuzzer harnesses of the readers (Clang only)" OFF)
if(TIJIAN_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "TIJIAN_FUZZ needs Clang (libFuzzer): configure with -DCMAKE_CXX_COMPILER=clang++")
  endif()
  if(NOT TIJIAN_SANITIZE)
    set(TIJIAN_SANITIZE address,undefined CACHE STRING "" FORCE)
    add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
                        -O1 -g -D_GLIBCXX_ASSERTIONS)
    add_link_options(-fsanitize=address,undefined)
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
