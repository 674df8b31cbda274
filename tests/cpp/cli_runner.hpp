// SPDX-License-Identifier: MIT
// Running the built `tijian` program from a test (POSIX: popen): a scratch directory removed
// afterwards, a file writer and a runner that returns the exit status and captures stdout and
// stderr together. Tests that use it are compiled only where TIJIAN_CLI is defined and popen
// exists (TIJIAN_TEST_CAN_RUN_CLI).
#pragma once

#if defined(TIJIAN_CLI) && (defined(__unix__) || defined(__APPLE__))
#define TIJIAN_TEST_CAN_RUN_CLI 1

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>

namespace tijian::test {

/// A directory of its own under the system's temporary directory, removed with its contents.
struct temp_dir {
  std::filesystem::path path;
  explicit temp_dir(const std::string& tag) {
    path = std::filesystem::temp_directory_path() / ("tijian_test_" + tag + "_" + std::to_string(::getpid()));
    std::filesystem::create_directories(path);
  }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;
  ~temp_dir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  [[nodiscard]] std::string file(const std::string& name) const { return (path / name).string(); }
};

inline void write_file(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

/// Runs `tijian <args>`; `out` receives what it printed (stdout and stderr). Returns the exit
/// status, or -1 when the program did not exit normally.
inline int run_cli(const std::string& args, std::string& out) {
  const std::string cmd = std::string("\"") + TIJIAN_CLI + "\" " + args + " 2>&1";
  FILE* pipe = ::popen(cmd.c_str(), "r");
  if (!pipe) return -1;
  char buf[4096];
  out.clear();
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  const int status = ::pclose(pipe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace tijian::test

#endif
