// SPDX-License-Identifier: MIT
// The indicator framework: a validated, immutable tree. The root is the composite index, inner
// nodes are dimensions and sub-dimensions, leaves are indicators. A framework is checked once,
// when it is built, and every later step may rely on it being consistent.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "names.hpp"
#include "aggregation.hpp"
#include "detail/hash.hpp"
#include "detail/text.hpp"
#include "error.hpp"
#include "language.hpp"
#include "units.hpp"

namespace tijian {

/// Which way an indicator is good.
enum class direction {
  higher_is_better,  ///< 正向指标
  lower_is_better,   ///< 逆向指标
  target_band,       ///< 区间型: best inside [band_lower, band_upper]
};

/// How a target compares a value with its threshold.
enum class comparator {
  at_least,     ///< value >= target
  at_most,      ///< value <= target
  within_band,  ///< lower <= value <= upper
};

/// 底线 (bottom-line: must be met whatever the score) or 导向 (guidance).
enum class indicator_type { guidance, bottom_line };

/// Whether goalposts apply to the value or to its natural logarithm (as the HDI does for income).
enum class goalpost_scale { linear, log };

template <>
struct enum_names<goalpost_scale> {
  static constexpr const char* what = "goalpost scale";
  static constexpr enum_name<goalpost_scale> entries[] = {
      {goalpost_scale::linear, "linear", "线性", "linear"},
      {goalpost_scale::log, "log", "对数", "logarithmic"},
  };
  static constexpr enum_alias<goalpost_scale> aliases[] = {{"", goalpost_scale::linear},
                                                           {"ln", goalpost_scale::log},
                                                           {"logarithmic", goalpost_scale::log}};
};

/// A plan target for one indicator.
struct target {
  comparator cmp = comparator::at_least;
  double value = std::numeric_limits<double>::quiet_NaN();  ///< threshold; band: lower bound
  double upper = std::numeric_limits<double>::quiet_NaN();  ///< band: upper bound
  int year = 0;                                             ///< 0 when the plan gives none
  std::string source;                                       ///< plan, section
};

/// Fixed bounds for goalpost normalisation: (x - lower) / (upper - lower), capped to [0, 1].
struct goalposts {
  double lower = 0.0;
  double upper = 1.0;
  goalpost_scale scale = goalpost_scale::linear;
};

/// One node as written by a user (TOML, iMeta table or code). Indicator fields are ignored for
/// aggregates. `where` is where the node was written, for error messages.
struct node_spec {
  std::string code;     ///< stable ASCII code: letters, digits, '_', '.', '-'; not starting with a digit
  std::string name_zh;  ///< Chinese name
  std::string name_en;  ///< English name
  std::string parent;   ///< empty for the root
  double weight = 1.0;  ///< relative to siblings; renormalised within the sibling group
  std::optional<aggregation> aggregate_with;  ///< how this node combines its children
  enum class kind { unspecified, aggregate, indicator } declared = kind::unspecified;

  // indicator (leaf) fields
  std::string unit;  ///< as written; shown through the table of units.hpp in each language
  /// How each language writes the unit when the table of units.hpp does not know it or says it
  /// otherwise (empty: the table's spelling).
  std::string unit_zh, unit_en;
  tijian::direction dir = tijian::direction::higher_is_better;
  double band_lower = std::numeric_limits<double>::quiet_NaN();  ///< for target_band
  double band_upper = std::numeric_limits<double>::quiet_NaN();
  std::vector<target> targets;
  std::optional<tijian::goalposts> posts;
  indicator_type type = indicator_type::guidance;
  std::string data_source;
  /// Denomination (prepare.denominate): the data column this indicator is divided by
  /// (population, GDP, area, ...), empty for none, and the scale factor s of
  /// x / (d / s) = s x / d (COINr's Denominate; e.g. 1e4 for "per 10,000 people").
  std::string denominator;
  double scale_factor = 1.0;

  location where;
};

/// A node's name in `lang`, or its code when the framework does not name it in that language:
/// a column label is never empty, and a Chinese label never falls back to the English name.
[[nodiscard]] inline const std::string& name_in(const node_spec& n, language lang) {
  const std::string& name = lang == language::zh ? n.name_zh : n.name_en;
  return name.empty() ? n.code : name;
}

/// Accepted besides the codes: COINr's 1 / -1 and words: higher/positive/benefit/max/正向,
/// lower/negative/cost/min/逆向, band/interval/区间.
template <>
struct enum_names<direction> {
  static constexpr const char* what = "direction";
  static constexpr enum_name<direction> entries[] = {
      {direction::higher_is_better, "higher_is_better", "正向", "higher is better"},
      {direction::lower_is_better, "lower_is_better", "逆向", "lower is better"},
      {direction::target_band, "target_band", "适度（区间）", "within a target band"},
  };
  static constexpr enum_alias<direction> aliases[] = {
      {"1", direction::higher_is_better},        {"+1", direction::higher_is_better},
      {"1.0", direction::higher_is_better},      {"higher", direction::higher_is_better},
      {"positive", direction::higher_is_better}, {"benefit", direction::higher_is_better},
      {"max", direction::higher_is_better},      {"+", direction::higher_is_better},
      {"正向", direction::higher_is_better},     {"-1", direction::lower_is_better},
      {"-1.0", direction::lower_is_better},      {"lower", direction::lower_is_better},
      {"negative", direction::lower_is_better},  {"cost", direction::lower_is_better},
      {"min", direction::lower_is_better},       {"-", direction::lower_is_better},
      {"逆向", direction::lower_is_better},      {"负向", direction::lower_is_better},
      {"band", direction::target_band},          {"interval", direction::target_band},
      {"range", direction::target_band},         {"区间", direction::target_band},
      {"适度", direction::target_band},
  };
};


template <>
struct enum_names<comparator> {
  static constexpr const char* what = "comparator";
  static constexpr enum_name<comparator> entries[] = {
      {comparator::at_least, ">=", "不低于", "at least"},
      {comparator::at_most, "<=", "不高于", "at most"},
      {comparator::within_band, "band", "区间内", "within a band"},
  };
  static constexpr enum_alias<comparator> aliases[] = {
      {">", comparator::at_least},         {"≥", comparator::at_least},
      {"at_least", comparator::at_least},  {"min", comparator::at_least},
      {"<", comparator::at_most},          {"≤", comparator::at_most},
      {"at_most", comparator::at_most},    {"max", comparator::at_most},
      {"within", comparator::within_band}, {"within_band", comparator::within_band},
      {"range", comparator::within_band},
  };
};

template <>
struct enum_names<indicator_type> {
  static constexpr const char* what = "indicator type";
  static constexpr enum_name<indicator_type> entries[] = {
      {indicator_type::guidance, "guidance", "导向", "guidance"},
      {indicator_type::bottom_line, "bottom_line", "底线", "bottom line"},
  };
  static constexpr enum_alias<indicator_type> aliases[] = {
      {"导向", indicator_type::guidance},           {"导向型", indicator_type::guidance},
      {"indicator", indicator_type::guidance},      {"", indicator_type::guidance},
      {"bottom-line", indicator_type::bottom_line}, {"bottomline", indicator_type::bottom_line},
      {"底线", indicator_type::bottom_line},        {"底线型", indicator_type::bottom_line},
  };
};

/// How `lang` writes a node's unit: its own unit_zh / unit_en when given, else the table of
/// units.hpp (a unit the table does not know is shown as written).
[[nodiscard]] inline std::string unit_label(const node_spec& n, language lang) {
  const std::string& own = lang == language::zh ? n.unit_zh : n.unit_en;
  return own.empty() ? unit_label(n.unit, lang) : own;
}

/// The validated tree. Nodes are stored in depth-first pre-order (root first, children in the
/// order they were written), so "leaf index" and "node index" are stable for a given framework.
class framework {
 public:
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);
  /// The deepest framework accepted: 64 levels from the composite index down to its indicators
  /// (national systems have 3 or 4). Deeper is framework_error "framework.too_deep", refused
  /// while the tree is built, before any recursive walk or writer sees it.
  static constexpr int max_depth = 64;

  framework() = default;

  /// Validates and builds. Throws framework_error naming the node and where it was written for:
  /// no nodes, an invalid or duplicate code, no root or several roots, an unknown parent, a
  /// cycle, a negative or non-finite weight, siblings whose weights are all zero, an aggregate
  /// without children, an indicator with children, a band direction without a valid band, a
  /// target band with lower > upper, a non-finite target, goalposts with lower >= upper, a
  /// log scale on non-positive bounds or more than max_depth levels. `source` names the file
  /// for messages.
  explicit framework(std::vector<node_spec> nodes, std::string source = {}) : source_(std::move(source)) {
    build(std::move(nodes));
  }

  [[nodiscard]] std::size_t size() const noexcept { return nodes_.size(); }
  [[nodiscard]] const node_spec& node(std::size_t i) const { return nodes_.at(i); }
  [[nodiscard]] const std::vector<node_spec>& nodes() const noexcept { return nodes_; }
  [[nodiscard]] const std::string& source() const noexcept { return source_; }
  [[nodiscard]] std::size_t root() const noexcept { return 0; }
  [[nodiscard]] std::size_t parent(std::size_t i) const { return parent_.at(i); }
  [[nodiscard]] const std::vector<std::size_t>& children(std::size_t i) const { return children_.at(i); }
  [[nodiscard]] bool is_leaf(std::size_t i) const { return children_.at(i).empty(); }
  /// Depth from the root (root = 0).
  [[nodiscard]] int depth(std::size_t i) const { return depth_.at(i); }
  /// COINr's level: indicators are level 1, a node is one above its highest child.
  [[nodiscard]] int level(std::size_t i) const { return level_.at(i); }
  [[nodiscard]] int max_level() const noexcept { return nodes_.empty() ? 0 : level_[0]; }

  /// Node index of a code, or npos.
  [[nodiscard]] std::size_t find(std::string_view code) const {
    auto it = index_.find(std::string(code));
    return it == index_.end() ? npos : it->second;
  }
  /// Node index of a code; throws framework_error if it is not in the framework.
  [[nodiscard]] std::size_t at(std::string_view code) const {
    const std::size_t i = find(code);
    if (i == npos)
      throw framework_error("framework.unknown_code",
                            "no node with code '" + std::string(code) + "' in the framework",
                            location{source_, 0, 0, std::string(code), {}, {}, {}});
    return i;
  }

  /// Leaves (indicators) in pre-order; `leaf_position(node)` is the inverse.
  [[nodiscard]] const std::vector<std::size_t>& leaves() const noexcept { return leaves_; }
  [[nodiscard]] std::size_t leaf_position(std::size_t node_index) const { return leaf_pos_.at(node_index); }
  [[nodiscard]] std::vector<std::string> indicator_codes() const {
    std::vector<std::string> out;
    out.reserve(leaves_.size());
    for (std::size_t i : leaves_) out.push_back(nodes_[i].code);
    return out;
  }
  /// Inner nodes (root, dimensions, ...) in pre-order.
  [[nodiscard]] const std::vector<std::size_t>& inner_nodes() const noexcept { return inner_; }
  /// Inner nodes children-first: the order in which scores can be computed.
  [[nodiscard]] std::vector<std::size_t> inner_nodes_bottom_up() const {
    return {inner_.rbegin(), inner_.rend()};
  }

  /// Node weight divided by the sum of its siblings' weights (the root has 1).
  [[nodiscard]] double weight_in_parent(std::size_t i) const { return relative_weight_.at(i); }

  /// Effective weight of every leaf in the root: the product of relative weights along the path
  /// (COINr get_eff_weights). Sums to 1.
  [[nodiscard]] Eigen::VectorXd effective_weights() const {
    Eigen::VectorXd w(static_cast<Eigen::Index>(leaves_.size()));
    for (std::size_t k = 0; k < leaves_.size(); ++k) {
      double prod = 1.0;
      for (std::size_t i = leaves_[k]; i != npos; i = parent_[i]) prod *= relative_weight_[i];
      w[static_cast<Eigen::Index>(k)] = prod;
    }
    return w;
  }

  /// Leaves below a node (the node itself if it is a leaf), in pre-order.
  [[nodiscard]] std::vector<std::size_t> leaves_below(std::size_t i) const {
    std::vector<std::size_t> out;
    std::vector<std::size_t> stack{i};
    while (!stack.empty()) {
      const std::size_t k = stack.back();
      stack.pop_back();
      if (children_[k].empty()) out.push_back(k);
      for (auto it = children_[k].rbegin(); it != children_[k].rend(); ++it) stack.push_back(*it);
    }
    return out;
  }

  /// Canonical text of everything that influences a score; stable across platforms.
  [[nodiscard]] std::string describe() const {
    std::string out = "tijian/framework/1\n";
    for (const auto& n : nodes_) {
      out += n.code + "|" + n.parent + "|" + detail::format_double(n.weight) + "|";
      if (n.aggregate_with)
        out += std::string(to_string(n.aggregate_with->method)) + ":" +
               detail::format_double(n.aggregate_with->p);
      out += "|";
      if (children_[index_.at(n.code)].empty()) {
        out += std::string(to_string(n.dir)) + "|" + detail::format_double(n.band_lower) + "|" +
               detail::format_double(n.band_upper) + "|" + to_string(n.type) + "|";
        if (n.posts)
          out += detail::format_double(n.posts->lower) + ":" + detail::format_double(n.posts->upper) +
                 (":" + std::string(to_string(n.posts->scale)));
        for (const auto& t : n.targets)
          out += std::string("|") + to_string(t.cmp) + detail::format_double(t.value) + ":" +
                 detail::format_double(t.upper) + "@" + std::to_string(t.year);
        // only when set, so that frameworks without denominators keep their hashes
        if (!n.denominator.empty() || n.scale_factor != 1.0)
          out += "|denominator:" + n.denominator + "*" + detail::format_double(n.scale_factor);
      }
      out += "\n";
    }
    return out;
  }
  /// FNV-1a 64 of describe(), as 16 hex digits.
  [[nodiscard]] std::string hash() const { return detail::hex(detail::fnv1a(describe())); }

 private:
  [[noreturn]] void fail(const std::string& id, const std::string& msg, const node_spec& n) const {
    location where = n.where;
    if (where.file.empty()) where.file = source_;
    where.node = n.code;
    throw framework_error(id, msg, where);
  }

  void build(std::vector<node_spec> specs) {
    if (specs.empty())
      throw framework_error("framework.empty", "the framework has no nodes",
                            location{source_, 0, 0, {}, {}, {}, {}});
    std::unordered_map<std::string, std::size_t> by_code;
    for (std::size_t i = 0; i < specs.size(); ++i) {
      const auto& n = specs[i];
      if (!detail::is_valid_code(n.code))
        fail("framework.invalid_code",
             "code '" + n.code +
                 "' is not a valid code: use ASCII letters, digits, '_', '.' or '-', starting "
                 "with a letter or '_'",
             n);
      auto [it, inserted] = by_code.emplace(n.code, i);
      if (!inserted) {
        const auto& first = specs[it->second];
        std::string msg = "duplicate code '" + n.code + "'";
        if (first.where.line > 0) msg += "; first defined at line " + std::to_string(first.where.line);
        fail("framework.duplicate_code", msg, n);
      }
    }
    std::vector<std::size_t> roots;
    std::vector<std::vector<std::size_t>> kids(specs.size());
    for (std::size_t i = 0; i < specs.size(); ++i) {
      const auto& n = specs[i];
      if (n.parent.empty()) {
        roots.push_back(i);
        continue;
      }
      auto it = by_code.find(n.parent);
      if (it == by_code.end())
        fail("framework.unknown_parent", "parent '" + n.parent + "' is not defined in the framework", n);
      if (it->second == i) fail("framework.cycle", "node is its own parent", n);
      kids[it->second].push_back(i);
    }
    if (roots.empty())
      fail("framework.cycle",
           "no root: every node has a parent, so the parents form a cycle; give the composite "
           "index an empty parent",
           specs[0]);
    if (roots.size() > 1)
      fail("framework.several_roots",
           "several nodes have no parent ('" + specs[roots[0]].code + "' and '" + specs[roots[1]].code +
               "'); a framework has exactly one root",
           specs[roots[1]]);

    // Pre-order walk from the root; nodes not reached sit on a cycle.
    std::vector<std::size_t> order;
    std::vector<std::size_t> old_parent(specs.size(), npos);
    std::vector<int> dep(specs.size(), 0);
    std::vector<char> seen(specs.size(), 0);
    std::vector<std::size_t> stack{roots[0]};
    while (!stack.empty()) {
      const std::size_t k = stack.back();
      stack.pop_back();
      seen[k] = 1;
      order.push_back(k);
      for (auto it = kids[k].rbegin(); it != kids[k].rend(); ++it) {
        old_parent[*it] = k;
        dep[*it] = dep[k] + 1;
        if (dep[*it] >= max_depth)
          fail("framework.too_deep",
               "the framework is more than " + std::to_string(max_depth) +
                   " levels deep (the composite index is level 1 from the top); no indicator system needs "
                   "as many: check the parents for a chain written by mistake",
               specs[*it]);
        stack.push_back(*it);
      }
    }
    for (std::size_t i = 0; i < specs.size(); ++i)
      if (!seen[i])
        fail("framework.cycle",
             "node is not reachable from the root '" + specs[roots[0]].code + "': its chain of parents ('" +
                 specs[i].parent + "', ...) forms a cycle",
             specs[i]);

    std::vector<std::size_t> new_index(specs.size());
    for (std::size_t k = 0; k < order.size(); ++k) new_index[order[k]] = k;
    nodes_.clear();
    nodes_.reserve(specs.size());
    parent_.assign(specs.size(), npos);
    children_.assign(specs.size(), {});
    depth_.assign(specs.size(), 0);
    for (std::size_t k = 0; k < order.size(); ++k) {
      const std::size_t old = order[k];
      nodes_.push_back(std::move(specs[old]));
      if (old_parent[old] != npos) parent_[k] = new_index[old_parent[old]];
      depth_[k] = dep[old];
      for (std::size_t c : kids[old]) children_[k].push_back(new_index[c]);
    }
    for (std::size_t k = 0; k < nodes_.size(); ++k) index_.emplace(nodes_[k].code, k);

    level_.assign(nodes_.size(), 1);
    for (std::size_t k = nodes_.size(); k-- > 0;)
      for (std::size_t c : children_[k]) level_[k] = std::max(level_[k], level_[c] + 1);

    leaves_.clear();
    inner_.clear();
    leaf_pos_.assign(nodes_.size(), npos);
    for (std::size_t k = 0; k < nodes_.size(); ++k) {
      const auto& n = nodes_[k];
      const bool leaf = children_[k].empty();
      if (leaf && n.declared == node_spec::kind::aggregate)
        fail("framework.empty_aggregate", "aggregate has no children: add indicators under it or remove it",
             n);
      if (!leaf && n.declared == node_spec::kind::indicator)
        fail("framework.indicator_with_children",
             "an indicator cannot have children ('" + nodes_[children_[k][0]].code + "' names it as parent)",
             n);
      if (leaf && k == 0)
        fail("framework.no_indicators", "the root has no children: the framework has no indicators", n);
      if (leaf) {
        leaf_pos_[k] = leaves_.size();
        leaves_.push_back(k);
        validate_indicator(n);
      } else {
        inner_.push_back(k);
      }
      if (!std::isfinite(n.weight) || n.weight < 0)
        fail("framework.bad_weight",
             "weight " + detail::format_double(n.weight) +
                 " is negative or not a number; weights are relative to siblings and must be >= 0",
             n);
      if (n.aggregate_with && n.aggregate_with->method == aggregation_method::power_mean &&
          (!std::isfinite(n.aggregate_with->p) || n.aggregate_with->p == 0.0))
        fail("framework.bad_power", "power mean needs a finite p != 0 (use the geometric mean for p = 0)", n);
    }

    relative_weight_.assign(nodes_.size(), 1.0);
    for (std::size_t k : inner_) {
      double sum = 0;
      for (std::size_t c : children_[k]) sum += nodes_[c].weight;
      if (!(sum > 0))
        fail("framework.zero_weights",
             "all children have weight 0, so the node cannot be aggregated; give at least one "
             "child a positive weight",
             nodes_[k]);
      if (!std::isfinite(sum))  // 1e308 + 1e308: every relative weight would be 0 or NaN
        fail("framework.bad_weight",
             "the weights of the children add up to more than double precision holds (" +
                 detail::format_double(sum) + "); give weights of moderate size (only their ratios count)",
             nodes_[k]);
      for (std::size_t c : children_[k]) relative_weight_[c] = nodes_[c].weight / sum;
    }
  }

  void validate_indicator(const node_spec& n) const {
    if (!std::isfinite(n.scale_factor) || n.scale_factor == 0.0)
      fail("framework.bad_scale_factor",
           "scale_factor " + detail::format_double(n.scale_factor) +
               " must be a finite non-zero number (1 = plain ratio, 1e4 = per 10,000, ...)",
           n);
    if (n.dir == direction::target_band) {
      if (!std::isfinite(n.band_lower) || !std::isfinite(n.band_upper))
        fail("framework.band_missing",
             "direction is a target band but band_lower/band_upper are not both given", n);
      if (n.band_lower > n.band_upper)
        fail("framework.band_reversed",
             "target band has lower " + detail::format_double(n.band_lower) + " > upper " +
                 detail::format_double(n.band_upper),
             n);
    }
    for (const auto& t : n.targets) {
      if (!std::isfinite(t.value)) fail("framework.bad_target", "target value is missing or not a number", n);
      if (t.cmp == comparator::within_band) {
        if (!std::isfinite(t.upper)) fail("framework.bad_target", "band target needs an upper bound", n);
        if (t.value > t.upper)
          fail("framework.band_reversed",
               "target band has lower " + detail::format_double(t.value) + " > upper " +
                   detail::format_double(t.upper),
               n);
      }
    }
    if (n.posts) {
      const auto& g = *n.posts;
      if (!std::isfinite(g.lower) || !std::isfinite(g.upper) || !(g.lower < g.upper))
        fail("framework.bad_goalposts",
             "goalposts need finite lower < upper (got " + detail::format_double(g.lower) + ", " +
                 detail::format_double(g.upper) + ")",
             n);
      if (g.scale == goalpost_scale::log && !(g.lower > 0))
        fail("framework.bad_goalposts", "log-scale goalposts need a positive lower bound", n);
    }
  }

  std::string source_;
  std::vector<node_spec> nodes_;
  std::vector<std::size_t> parent_;
  std::vector<std::vector<std::size_t>> children_;
  std::vector<int> depth_;
  std::vector<int> level_;
  std::vector<std::size_t> leaves_;
  std::vector<std::size_t> leaf_pos_;
  std::vector<std::size_t> inner_;
  std::vector<double> relative_weight_;
  std::unordered_map<std::string, std::size_t> index_;
};

/// Units of the framework's indicators that the table of units.hpp does not know and that the
/// node does not spell out itself (unit_zh and unit_en): each spelling once, with the codes of
/// the indicators using it. Runs report them as info diagnostics ("data.unit_unknown").
struct unknown_unit {
  std::string unit;
  std::vector<std::string> indicators;
};
[[nodiscard]] inline std::vector<unknown_unit> unknown_units(const framework& fw) {
  std::vector<unknown_unit> out;
  for (std::size_t i : fw.leaves()) {
    const node_spec& n = fw.node(i);
    if (is_known_unit(n.unit) || (!n.unit_zh.empty() && !n.unit_en.empty())) continue;
    const std::string u = detail::trim(n.unit);
    auto it = std::find_if(out.begin(), out.end(), [&](const unknown_unit& x) { return x.unit == u; });
    if (it == out.end()) it = out.insert(out.end(), unknown_unit{u, {}});
    it->indicators.push_back(n.code);
  }
  return out;
}

}  // namespace tijian
