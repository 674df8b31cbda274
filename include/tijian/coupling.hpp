// SPDX-License-Identifier: MIT
// Coupling coordination degree (耦合协调度) of n subsystems (evaluation-methods.md §10): for
// each row (a city-year) the subsystem scores U_1..U_n in [0, 1] (e.g. the four green-city
// dimensions: finance, ecology, construction, life) give
//
//   C  coupling degree (耦合度)           how evenly the subsystems develop
//   T  comprehensive coordination index  T = sum alpha_i U_i, sum alpha = 1 (equal by default)
//   D  coupling coordination degree      D = sqrt(C T)
//
// and D is graded into ten classes of width 0.1 (极度失调 ... 优质协调).
//
// Formulas for C (coupling_formula):
//   normative   C = (U_1 U_2 ... U_n)^(1/n) / ((U_1 + ... + U_n) / n): geometric over
//               arithmetic mean; in [0, 1], 1 exactly when all U are equal. For n = 2 it is
//               2 sqrt(U1 U2) / (U1 + U2). The normative form of 王淑佳 et al. (2021, JNR
//               36(3):793) and of mathmodels' coupling().
//   pairwise    the form common in published papers: n = 2: C = 2 [U1 U2 / (U1 + U2)^2]^(1/2)
//               (equal to normative), n >= 3: C = n [prod U_i / prod_{i<j} (U_i + U_j)]^(1/n),
//               e.g. 3 {U1U2U3 / [(U1+U2)(U1+U3)(U2+U3)]}^(1/3). For n >= 3 it is not bounded
//               by 1 (n = 3, all U equal: 1.5) and for n >= 4 depends on the scale of U; JNR
//               2021 lists it among the misuses. Offered only to reproduce published numbers.
//   modified    王淑佳 et al. (2021)'s modified C, as implemented by mathmodels'
//               coupling_degree(type = "adjusted"): C = sqrt(C1 C2), C1 = 1 - mean over pairs
//               i < j of |U_i - U_j|, C2 = [prod_i (U_i / max U)]^(1/(n-1)); spreads C over
//               [0, 1] instead of crowding it near 1.
//
// Zeros: a zero U makes the normative and pairwise C zero (a subsystem with no development is
// not coupled). All U zero: C = 0, T = 0, D = 0 (the lowest class), not 0/0.
//
// Classes of D (geog.com.cn Acta Geographica Sinica 2021 76(4):781 Table 1; mathmodels): ten
// equal steps of 0.1. The boundary convention differs between sources (boundary option):
//   lower_closed  [a, b): D = 0.6 is 初级协调 (mathmodels); the top class includes 1.
//   upper_closed  (a, b]: D = 0.6 is 勉强协调 (Acta Geographica Sinica); the bottom class
//                 includes 0.
// C is graded in four bands (c_grading): mathmodels [0,0.3) low, [0.3,0.6) medium-low,
// [0.6,0.8) medium-high, [0.8,1] high; or Acta Geographica Sinica (0,0.3] 低水平耦合,
// (0.3,0.5] 拮抗, (0.5,0.8] 磨合, (0.8,1] 高水平耦合.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "detail/text.hpp"
#include "error.hpp"
#include "names.hpp"

namespace tijian {

enum class coupling_formula { normative, pairwise, modified };
enum class class_boundary { lower_closed, upper_closed };
enum class coupling_bands { mathmodels, acta_geographica };

template <>
struct enum_names<coupling_formula> {
  static constexpr const char* what = "coupling formula";
  static constexpr enum_name<coupling_formula> entries[] = {
      {coupling_formula::normative, "normative", "规范耦合度", "normative"},
      {coupling_formula::pairwise, "pairwise", "两两耦合度", "pairwise"},
      {coupling_formula::modified, "modified", "修正耦合度", "modified"}};
  static constexpr enum_alias<coupling_formula> aliases[] = {{"standard", coupling_formula::normative},
                                                             {"traditional", coupling_formula::pairwise},
                                                             {"variant", coupling_formula::pairwise},
                                                             {"adjusted", coupling_formula::modified},
                                                             {"wang2021", coupling_formula::modified}};
};

template <>
struct enum_names<class_boundary> {
  static constexpr const char* what = "class boundary";
  static constexpr enum_name<class_boundary> entries[] = {{class_boundary::lower_closed, "lower_closed",
                                                           "左闭右开 [a, b)", "lower-closed [a, b)"},
                                                          {class_boundary::upper_closed, "upper_closed",
                                                           "左开右闭 (a, b]", "upper-closed (a, b]"}};
  static constexpr enum_alias<class_boundary> aliases[] = {{"[a,b)", class_boundary::lower_closed},
                                                           {"left", class_boundary::lower_closed},
                                                           {"(a,b]", class_boundary::upper_closed},
                                                           {"right", class_boundary::upper_closed}};
};

template <>
struct enum_names<coupling_bands> {
  static constexpr const char* what = "coupling bands";
  static constexpr enum_name<coupling_bands> entries[] = {
      {coupling_bands::mathmodels, "mathmodels", "数学建模分级", "mathmodels"},
      {coupling_bands::acta_geographica, "acta_geographica", "地理学报分级", "Acta Geographica"}};
};

struct coupling_options {
  coupling_formula formula = coupling_formula::normative;
  std::vector<double> alpha;  ///< T weights, one per subsystem; empty = equal; renormalised
  class_boundary boundary = class_boundary::lower_closed;
  coupling_bands c_bands = coupling_bands::mathmodels;
  double tolerance = 1e-9;  ///< U may exceed [0, 1] by this much (rounding) and is clipped
};

/// The ten coordination classes, lowest first: {zh, en}.
[[nodiscard]] inline const std::vector<std::pair<std::string, std::string>>& coordination_classes() {
  static const std::vector<std::pair<std::string, std::string>> classes = {
      {"极度失调", "extreme imbalance"},    {"严重失调", "serious imbalance"},
      {"中度失调", "moderate imbalance"},   {"轻度失调", "mild imbalance"},
      {"濒临失调", "verge of imbalance"},   {"勉强协调", "barely coordinated"},
      {"初级协调", "primary coordination"}, {"中级协调", "intermediate coordination"},
      {"良好协调", "good coordination"},    {"优质协调", "high-quality coordination"},
  };
  return classes;
}

/// Class index 0..9 of a coordination degree D in [0, 1]; -1 for NaN.
[[nodiscard]] inline int coordination_class(double d, class_boundary b = class_boundary::lower_closed) {
  if (std::isnan(d)) return -1;
  // D is a sum of products: D = 0.6 may arrive as 0.6000000000000001; snap to the grid first
  const double tenths = d * 10.0;
  const double snapped = std::fabs(tenths - std::round(tenths)) < 1e-9 ? std::round(tenths) : tenths;
  int k = b == class_boundary::lower_closed ? static_cast<int>(std::floor(snapped))
                                            : static_cast<int>(std::ceil(snapped)) - 1;
  return std::clamp(k, 0, 9);
}

/// Band index 0..3 of a coupling degree C (see the header comment); -1 for NaN.
[[nodiscard]] inline int coupling_band(double c, coupling_bands bands = coupling_bands::mathmodels) {
  if (std::isnan(c)) return -1;
  if (bands == coupling_bands::mathmodels) {
    if (c < 0.3) return 0;
    if (c < 0.6) return 1;
    if (c < 0.8) return 2;
    return 3;
  }
  if (c <= 0.3) return 0;
  if (c <= 0.5) return 1;
  if (c <= 0.8) return 2;
  return 3;
}

/// {zh, en} label of a C band under a band scheme.
[[nodiscard]] inline std::pair<std::string, std::string> coupling_band_label(int k, coupling_bands bands) {
  if (k < 0 || k > 3) return {"", ""};
  if (bands == coupling_bands::mathmodels) {
    static const char* zh[] = {"低度耦合", "中低度耦合", "中高度耦合", "高度耦合"};
    static const char* en[] = {"low", "medium-low", "medium-high", "high"};
    return {zh[k], en[k]};
  }
  static const char* zh[] = {"低水平耦合", "拮抗阶段", "磨合阶段", "高水平耦合"};
  static const char* en[] = {"low-level coupling", "antagonism", "running-in", "high-level coupling"};
  return {zh[k], en[k]};
}

/// C of one row of subsystem scores (each in [0, 1]).
[[nodiscard]] inline double coupling_degree(const double* u, std::size_t n, coupling_formula f) {
  if (n == 0) return std::numeric_limits<double>::quiet_NaN();
  double sum = 0, max = 0;
  bool zero = false;
  for (std::size_t i = 0; i < n; ++i) {
    if (std::isnan(u[i])) return std::numeric_limits<double>::quiet_NaN();
    sum += u[i];
    max = std::max(max, u[i]);
    zero = zero || u[i] == 0.0;
  }
  if (!(sum > 0)) return 0.0;  // every subsystem at zero
  if (n == 1) return 1.0;
  const auto nd = static_cast<double>(n);
  switch (f) {
    case coupling_formula::normative: {
      if (zero) return 0.0;
      double log_sum = 0;  // geometric mean through logs: no underflow for many subsystems
      for (std::size_t i = 0; i < n; ++i) log_sum += std::log(u[i]);
      return std::exp(log_sum / nd) / (sum / nd);
    }
    case coupling_formula::pairwise: {
      if (zero) return 0.0;
      if (n == 2) return 2.0 * std::sqrt(u[0] * u[1] / ((u[0] + u[1]) * (u[0] + u[1])));
      double log_ratio = 0;
      for (std::size_t i = 0; i < n; ++i) log_ratio += std::log(u[i]);
      for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = i + 1; j < n; ++j) log_ratio -= std::log(u[i] + u[j]);
      return nd * std::exp(log_ratio / nd);
    }
    case coupling_formula::modified: {
      double diff = 0;
      std::size_t pairs = 0;
      for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = i + 1; j < n; ++j, ++pairs) diff += std::fabs(u[i] - u[j]);
      const double c1 = 1.0 - diff / static_cast<double>(pairs);
      double prod = 1;
      for (std::size_t i = 0; i < n; ++i) prod *= u[i] / max;
      const double c2 = std::pow(prod, 1.0 / (nd - 1.0));
      return std::sqrt(std::max(0.0, c1) * c2);
    }
  }
  return std::numeric_limits<double>::quiet_NaN();
}

/// C, T, D and the classes of every row.
struct coupling_result {
  Eigen::VectorXd c;         ///< coupling degree
  Eigen::VectorXd t;         ///< comprehensive coordination index
  Eigen::VectorXd d;         ///< coupling coordination degree
  std::vector<int> d_class;  ///< 0..9 (coordination_classes()), -1 for NaN
  std::vector<int> c_band;   ///< 0..3 (coupling_band_label), -1 for NaN
  Eigen::VectorXd alpha;     ///< the T weights used (sum 1)
  coupling_options options;

  [[nodiscard]] std::string class_label(std::size_t row, bool chinese = true) const {
    const int k = d_class.at(row);
    if (k < 0) return {};
    const auto& label = coordination_classes()[static_cast<std::size_t>(k)];
    return chinese ? label.first : label.second;
  }
  [[nodiscard]] std::string band_label(std::size_t row, bool chinese = true) const {
    const auto l = coupling_band_label(c_band.at(row), options.c_bands);
    return chinese ? l.first : l.second;
  }
};

/// Coupling coordination of the columns (subsystems) of `u`, row by row. A row with a missing
/// (NaN) score gets NaN. Throws recipe_error "coupling.range" for a score outside [0, 1]
/// (beyond `tolerance`), "coupling.alpha" for alpha of the wrong length, negative or summing
/// to zero, "coupling.shape" for fewer than two subsystems.
[[nodiscard]] inline coupling_result coupling(const Eigen::Ref<const Eigen::MatrixXd>& u,
                                              const coupling_options& o = {}) {
  const Eigen::Index n = u.cols();
  if (n < 2)
    throw recipe_error("coupling.shape",
                       "coupling coordination needs at least two subsystems (got " + std::to_string(n) + ")");
  coupling_result out;
  out.options = o;
  out.alpha = Eigen::VectorXd::Constant(n, 1.0 / static_cast<double>(n));
  if (!o.alpha.empty()) {
    if (static_cast<Eigen::Index>(o.alpha.size()) != n)
      throw recipe_error("coupling.alpha", "alpha needs one weight per subsystem (" + std::to_string(n) +
                                               "), got " + std::to_string(o.alpha.size()));
    double s = 0;
    for (double a : o.alpha) {
      if (!std::isfinite(a) || a < 0)
        throw recipe_error("coupling.alpha", "alpha weights must be finite and >= 0");
      s += a;
    }
    if (!(s > 0)) throw recipe_error("coupling.alpha", "alpha weights sum to zero");
    for (Eigen::Index k = 0; k < n; ++k) out.alpha[k] = o.alpha[static_cast<std::size_t>(k)] / s;
  }
  const Eigen::Index rows = u.rows();
  out.c.resize(rows);
  out.t.resize(rows);
  out.d.resize(rows);
  out.d_class.assign(static_cast<std::size_t>(rows), -1);
  out.c_band.assign(static_cast<std::size_t>(rows), -1);
  std::vector<double> x(static_cast<std::size_t>(n));
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (Eigen::Index i = 0; i < rows; ++i) {
    bool missing = false;
    for (Eigen::Index k = 0; k < n; ++k) {
      double v = u(i, k);
      if (std::isnan(v)) {
        missing = true;
        continue;
      }
      if (v < -o.tolerance || v > 1.0 + o.tolerance)
        throw recipe_error("coupling.range",
                           "subsystem score " + detail::format_double(v) + " in row " +
                               std::to_string(i + 1) + ", column " + std::to_string(k + 1) +
                               " is outside [0, 1]; scale the scores to [0, 1] first (divide "
                               "0-100 scores by 100)");
      x[static_cast<std::size_t>(k)] = std::clamp(v, 0.0, 1.0);
    }
    if (missing) {
      out.c[i] = out.t[i] = out.d[i] = nan;
      continue;
    }
    const double c = coupling_degree(x.data(), x.size(), o.formula);
    double t = 0;
    for (Eigen::Index k = 0; k < n; ++k) t += out.alpha[k] * x[static_cast<std::size_t>(k)];
    out.c[i] = c;
    out.t[i] = t;
    out.d[i] = std::sqrt(std::max(0.0, c * t));
    out.d_class[static_cast<std::size_t>(i)] = coordination_class(out.d[i], o.boundary);
    out.c_band[static_cast<std::size_t>(i)] = coupling_band(c, o.c_bands);
  }
  return out;
}

}  // namespace tijian
