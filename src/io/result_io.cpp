// SPDX-License-Identifier: MIT
// Result writers (CSV, JSON) and the atomic file writer they share.
#include "tijian/io/result_io.hpp"

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <stdexcept>
#include <system_error>
#include <utility>

#include "csv_split.hpp"
#include "tijian/io/table_io.hpp"
#include "tijian/result_tables.hpp"
#include "tijian/detail/hash.hpp"

namespace tijian::io_detail {

void write_file_atomic(const std::string& path, const std::function<void(const std::string&)>& write) {
  namespace fs = std::filesystem;
  location where;
  where.file = path;
  if (path.empty()) throw error("io.write", "no output path given", where);
  std::error_code ec;
  const fs::path target(path);
  if (fs::is_directory(target, ec))
    throw error("io.write", "'" + path + "' is a directory; give the path of a file to write", where);
  const fs::path dir = target.parent_path();
  if (!dir.empty() && !fs::is_directory(dir, ec))
    throw error("io.write",
                "the directory '" + dir.string() +
                    "' does not exist; create it or choose another "
                    "output path",
                where);
  if (target.filename().empty())
    throw error("io.write", "'" + path + "' names no file; give the path of a file to write", where);

  // A name no other writer uses at the same time: clock, counter and process-local address.
  static std::atomic<unsigned long> counter{0};
  detail::fnv1a_hasher h;
  const auto now = std::chrono::steady_clock::now().time_since_epoch().count();
  const unsigned long serial = counter.fetch_add(1);
  const void* self = &where;
  h.add(&now, sizeof now);
  h.add(&serial, sizeof serial);
  h.add(&self, sizeof self);
  const fs::path tmp = dir / ("." + target.filename().string() + ".tmp-" + detail::hex(h.state));

  auto give_up = [&](const std::string& why) {
    std::error_code ignored;
    fs::remove(tmp, ignored);
    throw error("io.write", "cannot write '" + path + "': " + why + "; nothing was written", where);
  };
  try {
    write(tmp.string());
  } catch (const error& e) {
    give_up(e.what());
  } catch (const std::exception& e) {
    give_up(e.what());
  }
  fs::rename(tmp, target, ec);
  if (ec) give_up(ec.message());
}

void write_file_atomic(const std::string& path, std::string_view content) {
  write_file_atomic(path, [&content](const std::string& tmp) {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw std::runtime_error(std::strerror(errno));
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.flush();
    if (!out) throw std::runtime_error("the write failed (disk full?)");
    out.close();
    if (out.fail()) throw std::runtime_error("closing the file failed (disk full?)");
  });
}

}  // namespace tijian::io_detail

namespace tijian {

std::string result_to_csv(const result& r, const table_format& format) {
  return table_to_csv(scores_table(r), format);
}

std::string result_to_json(const result& r) { return document_to_json(describe(r)); }

result read_result_json(std::string_view text, framework f) {
  return result_of(document_from_json(text), std::move(f));
}

void write_result_csv(const result& r, const std::string& path, const table_format& format) {
  write_table_csv(scores_table(r), path, format);
}

void write_result_json(const result& r, const std::string& path) {
  io_detail::write_file_atomic(path, result_to_json(r));
}

}  // namespace tijian
