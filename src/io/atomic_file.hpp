// SPDX-License-Identifier: MIT
// All-or-nothing output files: the one writer every output of the library and the program goes
// through (documents as JSON, CSV and xlsx, results, tables). Each file is written to a temporary
// of its own in the target's directory, created exclusively under a fresh random name
// (".<name>.tmp-<16 hex>", so that no file of the user's, PATH.tmp included, is ever opened),
// flushed and checked, then renamed over the target. Several files (a CSV document's tables) are
// staged together and renamed in only when every one was written; if a rename fails, the files
// already renamed are put back as they were (from hard links, or copies, made just before).
// On any failure every temporary is removed, and the error (tijian::error "io.write") names the
// path concerned. Not a public header.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace tijian::io_detail {

/// Files staged to be written together.
class staged_files {
 public:
  staged_files() = default;
  staged_files(const staged_files&) = delete;
  staged_files& operator=(const staged_files&) = delete;
  /// Removes the temporaries of a set not committed.
  ~staged_files();

  /// Stages `path`: checks that it can be a file (not a directory, its directory exists), creates
  /// its temporary and calls `write` with the temporary's path, which writes the whole file there.
  /// Whatever `write` throws becomes "io.write" naming `path` (all temporaries are removed).
  void add(const std::string& path, const std::function<void(const std::string&)>& write);
  /// The same for a text or bytes.
  void add(const std::string& path, std::string_view content);

  /// Renames every temporary over its target, or none: on a failure the targets renamed so far
  /// are restored and "io.write" is thrown. Returns the targets, in the order they were staged.
  std::vector<std::string> commit();

 private:
  struct entry {
    std::string target, temporary;
  };
  void discard() noexcept;
  std::vector<entry> files_;
};

/// One file, written completely or not at all (staged_files of one file).
void write_file_atomic(const std::string& path, std::string_view content);

/// The same for a writer that needs a file name (a library that writes the file itself): `write`
/// is called with the temporary path and writes the whole file there.
void write_file_atomic(const std::string& path, const std::function<void(const std::string&)>& write);

}  // namespace tijian::io_detail
