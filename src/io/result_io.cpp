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
    throw error("io.write", "'" + path + "' is a directory; give the path of a file to write",
                where);
  const fs::path dir = target.parent_path();
  if (!dir.empty() && !fs::is_directory(dir, ec))
    throw error("io.write",
                "the directory '" + dir.string() + "' does not exist; create it or choose another "
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

[[noreturn]] void shape_error(const std::string& what) {
  throw error("result.shape",
              "the result is inconsistent (" + what +
                  "); it was not produced by a scoring run or was modified afterwards");
}

void check_shape(const result& r) {
  const auto n = static_cast<Eigen::Index>(r.units.size());
  auto sz = [](std::size_t v) { return std::to_string(v); };
  if (!r.unit_names.empty() && r.unit_names.size() != r.units.size())
    shape_error(sz(r.unit_names.size()) + " unit names for " + sz(r.units.size()) + " units");
  if (!r.periods.empty() && r.periods.size() != r.units.size())
    shape_error(sz(r.periods.size()) + " periods for " + sz(r.units.size()) + " units");
  if (r.normalised.cols() != static_cast<Eigen::Index>(r.indicators.size()))
    shape_error("normalised has " + sz(static_cast<std::size_t>(r.normalised.cols())) +
                " columns for " + sz(r.indicators.size()) + " indicators");
  if (r.normalised.cols() > 0 && r.normalised.rows() != n)
    shape_error("normalised has " + sz(static_cast<std::size_t>(r.normalised.rows())) +
                " rows for " + sz(r.units.size()) + " units");
  if (r.scores.cols() != static_cast<Eigen::Index>(r.nodes.size()))
    shape_error("scores has " + sz(static_cast<std::size_t>(r.scores.cols())) + " columns for " +
                sz(r.nodes.size()) + " nodes");
  if (r.scores.cols() > 0 && r.scores.rows() != n)
    shape_error("scores has " + sz(static_cast<std::size_t>(r.scores.rows())) + " rows for " +
                sz(r.units.size()) + " units");
  if (r.ranks.size() > 0 && (r.ranks.rows() != r.scores.rows() || r.ranks.cols() != r.scores.cols()))
    shape_error("ranks and scores differ in shape");
  if (!r.grades.empty()) {
    if (r.grades.size() != r.units.size())
      shape_error(sz(r.grades.size()) + " rows of grades for " + sz(r.units.size()) + " units");
    for (const auto& g : r.grades)
      if (g.size() != r.nodes.size())
        shape_error("a row of grades has " + sz(g.size()) + " entries for " + sz(r.nodes.size()) +
                    " nodes");
  }
}

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

std::string result_to_csv(const result& r) {
  check_shape(r);
  const bool grades = !r.grades.empty();
  const bool ranks = has_ranks(r);
  std::string out = "unit,name,period";
  for (const auto& code : r.nodes) {
    out += "," + io_detail::csv_field(code + "_score") + "," + io_detail::csv_field(code + "_rank");
    if (grades) out += "," + io_detail::csv_field(code + "_grade");
  }
  for (const auto& code : r.indicators) out += "," + io_detail::csv_field(code + "_norm");
  out += "\n";
  for (std::size_t i = 0; i < r.units.size(); ++i) {
    const auto row = static_cast<Eigen::Index>(i);
    out += io_detail::csv_field(r.units[i]);
    out += ",";
    if (i < r.unit_names.size()) out += io_detail::csv_field(r.unit_names[i]);
    out += ",";
    if (i < r.periods.size()) out += io_detail::csv_field(r.periods[i]);
    for (std::size_t k = 0; k < r.nodes.size(); ++k) {
      const auto col = static_cast<Eigen::Index>(k);
      out += "," + io_detail::number_text(r.scores(row, col));
      out += "," + (ranks ? io_detail::number_text(r.ranks(row, col)) : std::string());
      if (grades) out += "," + io_detail::csv_field(r.grades[i][k]);
    }
    for (std::size_t k = 0; k < r.indicators.size(); ++k)
      out += "," + io_detail::number_text(r.normalised(row, static_cast<Eigen::Index>(k)));
    out += "\n";
  }
  return out;
}

std::string result_to_json(const result& r) {
  check_shape(r);
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
    node["weight"] = number_json(node_weights ? r.weights[static_cast<Eigen::Index>(i)]
                                              : f.weight_in_parent(i));
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

void write_result_csv(const result& r, const std::string& path) {
  io_detail::write_file_atomic(path, result_to_csv(r));
}

void write_result_json(const result& r, const std::string& path) {
  io_detail::write_file_atomic(path, result_to_json(r));
}

}  // namespace tijian
