// SPDX-License-Identifier: MIT
// All-or-nothing output files (atomic_file.hpp).
#include "atomic_file.hpp"

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <stdexcept>
#include <system_error>
#include <utility>

#include "tijian/detail/hash.hpp"
#include "tijian/error.hpp"

namespace tijian::io_detail {

namespace {

namespace fs = std::filesystem;

[[noreturn]] void fail(const std::string& path, const std::string& why) {
  location where;
  where.file = path;
  // the reason is the system's (English) words; the Chinese wording says what happened
  throw error("io.write", "cannot write '" + path + "': " + why + "; nothing was written", where,
              "无法写出 '" + path + "'（原因：" + why + "）；没有写出任何文件");
}

/// A fresh name beside `target`: random device, clock, a process-wide counter.
fs::path temporary_name(const fs::path& target) {
  static std::atomic<unsigned long> counter{0};
  detail::fnv1a_hasher h;
  std::random_device rd;
  const unsigned int r1 = rd(), r2 = rd();
  const auto now = std::chrono::high_resolution_clock::now().time_since_epoch().count();
  const unsigned long serial = counter.fetch_add(1);
  h.add(&r1, sizeof r1);
  h.add(&r2, sizeof r2);
  h.add(&now, sizeof now);
  h.add(&serial, sizeof serial);
  return target.parent_path() / ("." + target.filename().string() + ".tmp-" + detail::hex(h.state));
}

/// Creates a new empty file under a fresh name beside `target` (never an existing file: "x"
/// opens exclusively, as mkstemp does) and returns its path.
fs::path create_temporary(const fs::path& target, const std::string& path) {
  for (int attempt = 0; attempt < 100; ++attempt) {
    const fs::path tmp = temporary_name(target);
    errno = 0;
    if (std::FILE* f = std::fopen(tmp.string().c_str(), "wbx")) {
      std::fclose(f);
      return tmp;
    }
    if (errno != EEXIST)
      fail(path, std::string("cannot create a file in its directory: ") + std::strerror(errno));
  }
  fail(path, "no free temporary name in its directory");
}

void check_target(const std::string& path) {
  if (path.empty()) throw error("io.write", "no output path given", {}, "没有给出输出路径");
  std::error_code ec;
  const fs::path target(path);
  location where;
  where.file = path;
  if (fs::is_directory(target, ec))
    throw error("io.write", "'" + path + "' is a directory; give the path of a file to write", where,
                "'" + path + "' 是目录；请给出要写出的文件路径");
  const fs::path dir = target.parent_path();
  if (!dir.empty() && !fs::is_directory(dir, ec))
    throw error("io.write",
                "the directory '" + dir.string() +
                    "' does not exist; create it or choose another output path",
                where, "目录 '" + dir.string() + "' 不存在；请先创建它，或换一个输出路径");
  if (target.filename().empty())
    throw error("io.write", "'" + path + "' names no file; give the path of a file to write", where,
                "'" + path + "' 不是文件名；请给出要写出的文件路径");
}

}  // namespace

staged_files::~staged_files() { discard(); }

void staged_files::discard() noexcept {
  for (const entry& e : files_) {
    std::error_code ignored;
    fs::remove(e.temporary, ignored);
  }
  files_.clear();
}

void staged_files::add(const std::string& path, const std::function<void(const std::string&)>& write) {
  try {
    check_target(path);
    for (const entry& e : files_)
      if (e.target == path) fail(path, "it is one of the outputs twice");
    files_.push_back({path, create_temporary(fs::path(path), path).string()});
    write(files_.back().temporary);
  } catch (const error& e) {
    discard();
    if (e.id() == "io.write") throw;
    fail(path, e.what());
  } catch (const std::exception& e) {
    discard();
    fail(path, e.what());
  }
}

void staged_files::add(const std::string& path, std::string_view content) {
  add(path, [&content](const std::string& tmp) {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw std::runtime_error(std::strerror(errno));
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.flush();
    if (!out) throw std::runtime_error("the write failed (disk full?)");
    out.close();
    if (out.fail()) throw std::runtime_error("closing the file failed (disk full?)");
  });
}

std::vector<std::string> staged_files::commit() {
  // Before a target is replaced, its old content is kept under a temporary name (a hard link:
  // the target itself is never missing), so that a later failure can put every file back.
  struct done {
    std::string target;
    fs::path backup;  // empty: the target did not exist
  };
  std::vector<done> renamed;
  auto roll_back = [&renamed]() noexcept {
    for (auto it = renamed.rbegin(); it != renamed.rend(); ++it) {
      std::error_code ignored;
      if (it->backup.empty()) fs::remove(it->target, ignored);
      else fs::rename(it->backup, it->target, ignored);
    }
  };
  for (const entry& e : files_) {
    std::error_code ec;
    done d{e.target, {}};
    if (files_.size() > 1 && fs::exists(e.target, ec)) {
      d.backup = temporary_name(fs::path(e.target));
      fs::create_hard_link(e.target, d.backup, ec);
      if (ec) {  // a file system without hard links: a copy
        ec.clear();
        fs::copy_file(e.target, d.backup, ec);
      }
      if (ec) {
        roll_back();
        const std::string why = ec.message(), target = e.target;  // (discard() frees `e`)
        discard();
        fail(target, "cannot keep its old content while the outputs are replaced: " + why);
      }
    }
    fs::rename(e.temporary, e.target, ec);
    if (ec) {
      std::error_code ignored;
      if (!d.backup.empty()) fs::remove(d.backup, ignored);
      roll_back();
      const std::string why = ec.message(), target = e.target;  // (discard() frees `e`)
      discard();
      fail(target, why);
    }
    renamed.push_back(std::move(d));
  }
  std::vector<std::string> targets;
  for (const done& d : renamed) {
    std::error_code ignored;
    if (!d.backup.empty()) fs::remove(d.backup, ignored);
    targets.push_back(d.target);
  }
  files_.clear();
  return targets;
}

void write_file_atomic(const std::string& path, std::string_view content) {
  staged_files s;
  s.add(path, content);
  (void)s.commit();
}

void write_file_atomic(const std::string& path, const std::function<void(const std::string&)>& write) {
  staged_files s;
  s.add(path, write);
  (void)s.commit();
}

}  // namespace tijian::io_detail
