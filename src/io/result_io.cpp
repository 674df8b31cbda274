// SPDX-License-Identifier: MIT
// Result writers (CSV, JSON) and the atomic file writer they share.
#include "tijian/io/result_io.hpp"

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <system_error>

#include "csv_split.hpp"
#include "tijian/io/table_io.hpp"
#include "tijian/result_tables.hpp"
#include "json_diagnostics.hpp"
#include "tijian/detail/hash.hpp"

namespace tijian::io_detail {

void write_file_atomic(const std::string& path, std::string_view content) {
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
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) give_up(std::strerror(errno));
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.flush();
    if (!out) give_up("the write failed (disk full?)");
    out.close();
    if (out.fail()) give_up("closing the file failed (disk full?)");
  }
  fs::rename(tmp, target, ec);
  if (ec) give_up(ec.message());
}

}  // namespace tijian::io_detail

namespace tijian {

namespace {

using json = nlohmann::ordered_json;

bool has_ranks(const result& r) { return r.ranks.size() > 0; }

json number_json(double v) {
  if (!std::isfinite(v)) return nullptr;
  return v;
}

json rank_json(double v) {
  if (!std::isfinite(v)) return nullptr;
  if (std::floor(v) == v && std::fabs(v) < 9e15) return static_cast<std::int64_t>(v);
  return v;
}

}  // namespace

std::string result_to_csv(const result& r, const table_format& format) {
  return table_to_csv(scores_table(r), format);
}

std::string result_to_json(const result& r) {
  detail::check_shape(r);
  json doc = json::object();
  const provenance& p = r.origin;
  doc["provenance"] = json{{"library_version", p.library_version},
                           {"framework_hash", p.framework_hash},
                           {"data_hash", p.data_hash},
                           {"recipe_hash", p.recipe_hash},
                           {"recipe", p.recipe_text},
                           {"framework_source", p.framework_source},
                           {"data_source", p.data_source}};
  doc["units"] = r.units;
  std::vector<std::string> names = r.unit_names;
  names.resize(r.units.size());
  doc["unit_names"] = names;
  std::vector<std::string> periods = r.periods;
  periods.resize(r.units.size());
  doc["periods"] = periods;
  doc["indicators"] = r.indicators;

  const framework& f = r.framework;
  json nodes = json::array();
  const bool node_weights = static_cast<std::size_t>(r.weights.size()) == f.size();
  const bool leaf_weights = static_cast<std::size_t>(r.effective_weights.size()) == f.leaves().size();
  const Eigen::VectorXd eff = leaf_weights ? r.effective_weights : f.effective_weights();
  for (std::size_t i = 0; i < f.size(); ++i) {
    const node_spec& n = f.node(i);
    json node = json::object();
    node["code"] = n.code;
    node["name_zh"] = n.name_zh;
    node["name_en"] = n.name_en;
    node["parent"] = n.parent.empty() ? json(nullptr) : json(n.parent);
    node["level"] = f.level(i);
    node["kind"] = f.is_leaf(i) ? "indicator" : "aggregate";
    node["weight"] =
        number_json(node_weights ? r.weights[static_cast<Eigen::Index>(i)] : f.weight_in_parent(i));
    if (f.is_leaf(i))
      node["effective_weight"] = number_json(eff[static_cast<Eigen::Index>(f.leaf_position(i))]);
    nodes.push_back(std::move(node));
  }
  doc["nodes"] = std::move(nodes);

  const auto rows = static_cast<Eigen::Index>(r.units.size());
  json scores = json::object(), ranks = json::object();
  for (std::size_t k = 0; k < r.nodes.size(); ++k) {
    const auto col = static_cast<Eigen::Index>(k);
    json s = json::array(), rk = json::array();
    for (Eigen::Index i = 0; i < rows; ++i) {
      s.push_back(number_json(r.scores(i, col)));
      rk.push_back(has_ranks(r) ? rank_json(r.ranks(i, col)) : json(nullptr));
    }
    scores[r.nodes[k]] = std::move(s);
    ranks[r.nodes[k]] = std::move(rk);
  }
  doc["scores"] = std::move(scores);
  doc["ranks"] = std::move(ranks);
  if (!r.grades.empty()) {
    json grades = json::object();
    for (std::size_t k = 0; k < r.nodes.size(); ++k) {
      json g = json::array();
      for (std::size_t i = 0; i < r.units.size(); ++i) g.push_back(r.grades[i][k]);
      grades[r.nodes[k]] = std::move(g);
    }
    doc["grades"] = std::move(grades);
  }
  json normalised = json::object();
  for (std::size_t k = 0; k < r.indicators.size(); ++k) {
    json v = json::array();
    for (Eigen::Index i = 0; i < rows; ++i)
      v.push_back(number_json(r.normalised(i, static_cast<Eigen::Index>(k))));
    normalised[r.indicators[k]] = std::move(v);
  }
  doc["normalised"] = std::move(normalised);
  doc["diagnostics"] = io_detail::diagnostics_json(r.diagnostics);
  // Invalid UTF-8 in a label (a result built by hand) becomes U+FFFD rather than an exception.
  return doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

void write_result_csv(const result& r, const std::string& path, const table_format& format) {
  write_table_csv(scores_table(r), path, format);
}

void write_result_json(const result& r, const std::string& path) {
  io_detail::write_file_atomic(path, result_to_json(r));
}

}  // namespace tijian
