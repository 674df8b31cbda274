// SPDX-License-Identifier: MIT
// Imputation (缺失值插补): fills missing indicator values and lists every filled cell with its
// method. Values that were present are never changed (checked after every run). Everything is
// per period: each period is a cross-section, as COINr imputes each coin of a purse.
//
// Methods (coinr.md §3), for each framework indicator:
//  * mean / median: the mean / median of the indicator's present values in the period (i_mean,
//    i_median).
//  * group_mean / group_median: the mean / median over the units of the same group (a group
//    column of the panel, e.g. 东中西部 or EurAsia_group) in the period (i_mean_grp,
//    i_median_grp). A unit whose group label is missing (empty, NA) and a group with no present
//    value are left missing (COINr) and listed in `left_missing`, unless group_fallback is set:
//    then they get the indicator's overall mean / median (method "group_mean>mean", ...).
//    COINr6's "indgroup_mean" (the ASEM build) is this same rule: the plain mean of the
//    present values of the unit's group, indicator by indicator (tests/cpp/test_prepare.cpp
//    reproduces COINr6's imputed ASEM data with it).
//  * row_mean_in_group: for each unit, a missing value gets the mean of the unit's present
//    values of the other indicators of the same group at `level` (COINr's impute_by = "row"
//    with group_level). With row_normalise (COINr's normalise_first, its default) the
//    indicators are first min-max scaled to [0, 1] in the direction of the indicator (x for
//    higher-is-better, -x for lower-is-better; band indicators are not flipped), the mean is
//    taken on that scale and transformed back with the indicator's own min and max. A unit with
//    no present value in the group, or an indicator with no present value in the period, is
//    left missing.
//  * em: expectation-maximisation under a multivariate normal model (COINr 0.x had it through
//    Amelia; COINr 1.x has none). Within each group at `level` (level >= the framework's height:
//    all indicators together), on columns standardised by their present mean and sd: start from
//    mean 0 and the identity covariance; E-step: for a row with observed part o and missing part
//    m, x_m = mu_m + S_mo S_oo^-1 (x_o - mu_o) and its conditional covariance
//    S_mm - S_mo S_oo^-1 S_om; M-step: mu = mean of the completed rows, S = (1/n) sum of
//    (x - mu)(x - mu)^T plus the conditional covariances. Stops when no entry of mu or S moves
//    by more than em_tolerance (in standardised units) or after em_max_iterations. Missing
//    values are the conditional means given the final mu and S (reported in `em`, in the
//    original units). When S_oo is numerically singular (more indicators than units, collinear
//    indicators) a ridge of 1e-8 times its mean diagonal, doubled until the Cholesky
//    factorisation succeeds, is added and recorded. Columns with fewer than 2 present values in
//    the period are left out of the model and left missing.
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "names.hpp"
#include "applicability.hpp"
#include "detail/prep.hpp"
#include "error.hpp"
#include "framework.hpp"
#include "panel.hpp"

namespace tijian {

enum class imputation_method { none, mean, median, group_mean, group_median, row_mean_in_group, em };

template <>
struct enum_names<imputation_method> {
  static constexpr const char* what = "imputation method";
  static constexpr enum_name<imputation_method> entries[] = {
      {imputation_method::none, "none", "不插补", "none"},
      {imputation_method::mean, "mean", "均值", "mean"},
      {imputation_method::median, "median", "中位数", "median"},
      {imputation_method::group_mean, "group_mean", "组内均值", "group mean"},
      {imputation_method::group_median, "group_median", "组内中位数", "group median"},
      {imputation_method::row_mean_in_group, "row_mean_in_group", "同组指标均值",
       "row mean within the group"},
      {imputation_method::em, "em", "EM 算法", "expectation maximisation"},
  };
  static constexpr enum_alias<imputation_method> aliases[] = {
      {"i_mean", imputation_method::mean},
      {"i_median", imputation_method::median},
      {"i_mean_grp", imputation_method::group_mean},
      {"indgroup_mean", imputation_method::group_mean},
      {"i_median_grp", imputation_method::group_median},
      {"indgroup_median", imputation_method::group_median},
      {"row_mean", imputation_method::row_mean_in_group},
      {"i_em", imputation_method::em},
  };
};

/// Why imputation left a cell missing: the codes of imputed_cell::method in left_missing.
enum class left_missing_reason {
  no_values,
  unit_group_missing,
  group_all_missing,
  row_group_all_missing,
  too_few_values,
  condition_not_met
};

template <>
struct enum_names<left_missing_reason> {
  static constexpr const char* what = "reason a value was left missing";
  static constexpr enum_name<left_missing_reason> entries[] = {
      {left_missing_reason::no_values, "no_values", "该指标在本期没有任何数值", "no values of the indicator"},
      {left_missing_reason::unit_group_missing, "unit_group_missing", "该单元没有分组",
       "the unit has no group"},
      {left_missing_reason::group_all_missing, "group_all_missing", "组内没有该指标的数值",
       "no value in the unit's group"},
      {left_missing_reason::row_group_all_missing, "row_group_all_missing", "该单元同组指标全部缺失",
       "every indicator of the group is missing for the unit"},
      {left_missing_reason::too_few_values, "too_few_values", "数值太少, 无法估计",
       "too few values to estimate"},
      {left_missing_reason::condition_not_met, "condition_not_met", "不满足插补条件",
       "the imputation's condition does not hold"},
  };
};

/// The imputation part of a recipe (prepare.impute).
struct imputation {
  imputation_method method = imputation_method::none;
  std::string group;            ///< group column for group_mean / group_median
  bool group_fallback = false;  ///< no group value: use the indicator's overall statistic
  int level = 2;                ///< row_mean_in_group, em: groups are the nodes at this level
  bool row_normalise = true;    ///< row_mean_in_group: min-max in the direction first
  double em_tolerance = 1e-8;
  int em_max_iterations = 1000;
  // Conditions: a cell is filled only where they hold, else it is left missing with the reason
  // "condition_not_met" (e.g. the SDR 2021 fills an SDG 4 indicator by its regional mean only
  // for a country with at least one SDG 4 indicator present).
  std::string only_group;                ///< a group column; empty = every unit
  std::vector<std::string> only_values;  ///< ... whose label must be one of these
  int max_missing_siblings = -1;         ///< at most this many of the indicator's siblings
                                         ///< (same parent) missing in the row; -1 = no limit

  /// Whether a condition restricts the cells filled.
  [[nodiscard]] bool conditional() const { return !only_group.empty() || max_missing_siblings >= 0; }
};

/// One filled cell (or, in imputation_result::left_missing, one cell left missing: value NaN,
/// method = why).
struct imputed_cell {
  std::string unit;
  std::string period;
  std::string indicator;
  std::string method;  ///< "mean", "group_mean", "group_mean>mean" (fallback), "em", ...
  double value = detail::prep::nan;
  std::string group;  ///< the group label or framework group used, if any
};

/// The EM fit of one group in one period, in the indicators' own units.
struct em_fit {
  std::string group;  ///< framework node code
  std::string period;
  std::vector<std::string> indicators;
  Eigen::VectorXd mean;
  Eigen::MatrixXd covariance;
  int iterations = 0;
  bool converged = false;
  double last_change = detail::prep::nan;  ///< largest parameter change of the last iteration
  double ridge = 0;                        ///< largest ridge added (standardised units), 0 = none
};

struct imputation_result {
  panel data;
  std::vector<imputed_cell> cells;
  std::vector<imputed_cell> left_missing;
  std::vector<em_fit> em;
};

/// Throws recipe_error "recipe.impute" for options that cannot run.
inline void validate_imputation(const imputation& m) {
  auto fail = [](const std::string& msg) { throw recipe_error("recipe.impute", "prepare.impute: " + msg); };
  if ((m.method == imputation_method::group_mean || m.method == imputation_method::group_median) &&
      m.group.empty())
    fail("group methods need a group column (group = \"...\")");
  if (m.level < 2) fail("level must be 2 or more (indicators are level 1)");
  if (!(m.em_tolerance > 0)) fail("em_tolerance must be positive");
  if (m.em_max_iterations < 1) fail("em_max_iterations must be at least 1");
  if (!m.only_group.empty() && m.only_values.empty())
    fail("only_group needs only_values (the group labels of the units to impute)");
  if (m.max_missing_siblings < -1) fail("max_missing_siblings must be -1 (no limit) or more");
}

namespace detail::impute {

/// Cholesky of a symmetric positive matrix with a ridge added until it succeeds. Returns the
/// ridge used.
inline double cholesky_ridge(const Eigen::MatrixXd& A, Eigen::MatrixXd& L) {
  const Eigen::Index n = A.rows();
  double mean_diag = n > 0 ? A.diagonal().mean() : 1.0;
  if (!(mean_diag > 0)) mean_diag = 1.0;
  double ridge = 0;
  for (int attempt = 0; attempt < 60; ++attempt) {
    L = Eigen::MatrixXd::Zero(n, n);
    bool ok = true;
    for (Eigen::Index j = 0; j < n && ok; ++j) {
      double d = A(j, j) + ridge;
      for (Eigen::Index k = 0; k < j; ++k) d -= L(j, k) * L(j, k);
      if (!(d > 1e-12 * mean_diag)) {
        ok = false;
        break;
      }
      L(j, j) = std::sqrt(d);
      for (Eigen::Index i = j + 1; i < n; ++i) {
        double s = A(i, j);
        for (Eigen::Index k = 0; k < j; ++k) s -= L(i, k) * L(j, k);
        L(i, j) = s / L(j, j);
      }
    }
    if (ok) return ridge;
    ridge = ridge == 0 ? 1e-8 * mean_diag : ridge * 2;
  }
  return ridge;
}

/// Solves (L L^T) X = B in place.
inline void cholesky_solve(const Eigen::MatrixXd& L, Eigen::MatrixXd& B) {
  const Eigen::Index n = L.rows();
  for (Eigen::Index c = 0; c < B.cols(); ++c) {
    for (Eigen::Index i = 0; i < n; ++i) {
      double s = B(i, c);
      for (Eigen::Index k = 0; k < i; ++k) s -= L(i, k) * B(k, c);
      B(i, c) = s / L(i, i);
    }
    for (Eigen::Index i = n - 1; i >= 0; --i) {
      double s = B(i, c);
      for (Eigen::Index k = i + 1; k < n; ++k) s -= L(k, i) * B(k, c);
      B(i, c) = s / L(i, i);
    }
  }
}

/// One E-step over Z (rows x p, NaN missing) with (mu, S). Writes the conditional means into
/// `filled` and, if `T2` is given, accumulates sum of x x^T plus conditional covariances.
inline double e_step(const Eigen::MatrixXd& Z, const Eigen::VectorXd& mu, const Eigen::MatrixXd& S,
                     Eigen::MatrixXd& filled, Eigen::MatrixXd* T2) {
  const Eigen::Index n = Z.rows(), p = Z.cols();
  filled = Z;
  double ridge_max = 0;
  if (T2) *T2 = Eigen::MatrixXd::Zero(p, p);
  std::vector<Eigen::Index> o, m;
  for (Eigen::Index i = 0; i < n; ++i) {
    o.clear();
    m.clear();
    for (Eigen::Index j = 0; j < p; ++j) (std::isnan(Z(i, j)) ? m : o).push_back(j);
    Eigen::MatrixXd C;  // conditional covariance of the missing part
    if (!m.empty()) {
      const auto no = static_cast<Eigen::Index>(o.size()), nm = static_cast<Eigen::Index>(m.size());
      Eigen::MatrixXd Smm(nm, nm);
      for (Eigen::Index a = 0; a < nm; ++a)
        for (Eigen::Index b = 0; b < nm; ++b)
          Smm(a, b) = S(m[static_cast<std::size_t>(a)], m[static_cast<std::size_t>(b)]);
      if (no == 0) {
        for (Eigen::Index a = 0; a < nm; ++a)
          filled(i, m[static_cast<std::size_t>(a)]) = mu(m[static_cast<std::size_t>(a)]);
        C = Smm;
      } else {
        Eigen::MatrixXd Soo(no, no), Som(no, nm);
        Eigen::VectorXd d(no);
        for (Eigen::Index a = 0; a < no; ++a) {
          const Eigen::Index oa = o[static_cast<std::size_t>(a)];
          d(a) = Z(i, oa) - mu(oa);
          for (Eigen::Index b = 0; b < no; ++b) Soo(a, b) = S(oa, o[static_cast<std::size_t>(b)]);
          for (Eigen::Index b = 0; b < nm; ++b) Som(a, b) = S(oa, m[static_cast<std::size_t>(b)]);
        }
        Eigen::MatrixXd L;
        ridge_max = std::max(ridge_max, cholesky_ridge(Soo, L));
        Eigen::MatrixXd B = Som;  // S_oo^-1 S_om
        cholesky_solve(L, B);
        const Eigen::VectorXd xm = B.transpose() * d;
        for (Eigen::Index a = 0; a < nm; ++a)
          filled(i, m[static_cast<std::size_t>(a)]) = mu(m[static_cast<std::size_t>(a)]) + xm(a);
        C = Smm - Som.transpose() * B;
      }
    }
    if (T2) {
      *T2 += filled.row(i).transpose() * filled.row(i);
      for (std::size_t a = 0; a < m.size(); ++a)
        for (std::size_t b = 0; b < m.size(); ++b)
          (*T2)(m[a], m[b]) += C(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(b));
    }
  }
  return ridge_max;
}

}  // namespace detail::impute

/// EM estimate of the mean and covariance of the columns of X (rows x p, NaN = missing) under a
/// multivariate normal model, and X with its missing cells replaced by their conditional means.
/// Every column needs at least 2 present values with some spread (checked by the caller).
/// Runs on standardised columns; the returned mean and covariance are in X's units.
inline Eigen::MatrixXd em_impute(const Eigen::MatrixXd& X, double tolerance, int max_iterations,
                                 em_fit& fit) {
  const Eigen::Index n = X.rows(), p = X.cols();
  Eigen::VectorXd centre(p), scale(p);
  for (Eigen::Index j = 0; j < p; ++j) {
    std::vector<double> v;
    for (Eigen::Index i = 0; i < n; ++i)
      if (!std::isnan(X(i, j))) v.push_back(X(i, j));
    centre(j) = detail::prep::mean_of(v);
    double ss = 0;
    for (double x : v) ss += (x - centre(j)) * (x - centre(j));
    scale(j) = v.size() > 1 && ss > 0 ? std::sqrt(ss / static_cast<double>(v.size() - 1)) : 1.0;
  }
  Eigen::MatrixXd Z(n, p);
  for (Eigen::Index j = 0; j < p; ++j)
    for (Eigen::Index i = 0; i < n; ++i) Z(i, j) = (X(i, j) - centre(j)) / scale(j);
  Eigen::VectorXd mu = Eigen::VectorXd::Zero(p);
  Eigen::MatrixXd S = Eigen::MatrixXd::Identity(p, p);
  Eigen::MatrixXd filled, T2;
  fit.converged = false;
  fit.iterations = 0;
  fit.ridge = 0;
  for (int it = 1; it <= max_iterations; ++it) {
    fit.ridge = std::max(fit.ridge, detail::impute::e_step(Z, mu, S, filled, &T2));
    const Eigen::VectorXd mu_new = filled.colwise().mean().transpose();
    const Eigen::MatrixXd S_new = T2 / static_cast<double>(n) - mu_new * mu_new.transpose();
    const double change = std::max((mu_new - mu).cwiseAbs().maxCoeff(), (S_new - S).cwiseAbs().maxCoeff());
    mu = mu_new;
    S = S_new;
    fit.iterations = it;
    fit.last_change = change;
    if (change < tolerance) {
      fit.converged = true;
      break;
    }
  }
  fit.ridge = std::max(fit.ridge, detail::impute::e_step(Z, mu, S, filled, nullptr));
  fit.mean = centre + scale.cwiseProduct(mu);
  fit.covariance = scale.asDiagonal() * S * scale.asDiagonal();
  Eigen::MatrixXd out = X;
  for (Eigen::Index j = 0; j < p; ++j)
    for (Eigen::Index i = 0; i < n; ++i)
      if (std::isnan(X(i, j))) out(i, j) = centre(j) + scale(j) * filled(i, j);
  return out;
}

/// Fills the missing values of the framework's indicators (other columns are copied as they
/// are). Throws recipe_error for invalid options or an unknown group column, framework_error
/// when an indicator has no data column.
[[nodiscard]] inline imputation_result impute(const framework& fw, const panel& data, const imputation& how) {
  validate_imputation(how);
  imputation_result out;
  out.data = data;
  if (how.method == imputation_method::none) return out;
  const std::vector<Eigen::Index> col = detail::prep::leaf_columns(fw, data);
  const auto periods = detail::prep::rows_by_period(data);
  const std::string method = to_string(how.method);
  auto unit_of = [&](Eigen::Index r) { return data.units[static_cast<std::size_t>(r)]; };
  auto code_of = [&](std::size_t k) { return fw.node(fw.leaves()[k]).code; };
  auto fill = [&](Eigen::Index r, std::size_t k, const std::string& period, double v, const std::string& m,
                  const std::string& group) {
    out.data.values(r, col[k]) = v;
    out.cells.push_back(imputed_cell{unit_of(r), period, code_of(k), m, v, group});
  };
  auto leave = [&](Eigen::Index r, std::size_t k, const std::string& period, const std::string& why,
                   const std::string& group) {
    out.left_missing.push_back(imputed_cell{unit_of(r), period, code_of(k), why, detail::prep::nan, group});
  };

  const std::vector<std::string>* labels = nullptr;
  if (how.method == imputation_method::group_mean || how.method == imputation_method::group_median) {
    for (const auto& g : data.groups)
      if (g.first == how.group) labels = &g.second;
    if (!labels) {
      std::string have;
      for (const auto& g : data.groups) have += (have.empty() ? "" : ", ") + g.first;
      throw recipe_error("recipe.unknown_group", "prepare.impute.group '" + how.group +
                                                     "' is not a group column of the data" +
                                                     (have.empty() ? std::string(" (the data has none)")
                                                                   : " (it has: " + have + ")"));
    }
  }

  for (const auto& [period, rows] : periods) {
    switch (how.method) {
      case imputation_method::mean:
      case imputation_method::median:
      case imputation_method::group_mean:
      case imputation_method::group_median: {
        const bool use_mean = how.method == imputation_method::mean ||
                              how.method == imputation_method::group_mean;
        const bool grouped = labels != nullptr;
        for (std::size_t k = 0; k < col.size(); ++k) {
          std::vector<double> all;
          std::map<std::string, std::vector<double>> by_group;
          bool any_missing = false;
          for (Eigen::Index r : rows) {
            const double v = data.values(r, col[k]);
            if (std::isnan(v)) {
              any_missing = true;
              continue;
            }
            all.push_back(v);
            if (grouped && !detail::prep::is_missing_label((*labels)[static_cast<std::size_t>(r)]))
              by_group[(*labels)[static_cast<std::size_t>(r)]].push_back(v);
          }
          if (!any_missing) continue;
          const double overall = use_mean ? detail::prep::mean_of(all) : detail::prep::median_of(all);
          std::map<std::string, double> stat;
          for (const auto& [g, v] : by_group)
            stat[g] = use_mean ? detail::prep::mean_of(v) : detail::prep::median_of(v);
          const std::string plain = use_mean ? "mean" : "median";
          for (Eigen::Index r : rows) {
            if (!std::isnan(data.values(r, col[k]))) continue;
            if (!grouped) {
              if (all.empty()) leave(r, k, period, to_string(left_missing_reason::no_values), {});
              else fill(r, k, period, overall, method, {});
              continue;
            }
            const std::string& g = (*labels)[static_cast<std::size_t>(r)];
            const bool no_label = detail::prep::is_missing_label(g);
            auto it = stat.find(g);
            if (!no_label && it != stat.end()) {
              fill(r, k, period, it->second, method, g);
            } else if (how.group_fallback && !all.empty()) {
              fill(r, k, period, overall, method + ">" + plain, no_label ? std::string() : g);
            } else {
              leave(r, k, period,
                    no_label ? to_string(left_missing_reason::unit_group_missing)
                             : to_string(left_missing_reason::group_all_missing),
                    g);
            }
          }
        }
        break;
      }
      case imputation_method::row_mean_in_group: {
        // oriented min and max of each indicator in the period
        std::vector<double> lo(col.size(), INFINITY), hi(col.size(), -INFINITY), sign(col.size(), 1.0);
        for (std::size_t k = 0; k < col.size(); ++k) {
          if (how.row_normalise && fw.node(fw.leaves()[k]).dir == direction::lower_is_better) sign[k] = -1;
          for (Eigen::Index r : rows) {
            const double v = data.values(r, col[k]);
            if (std::isnan(v)) continue;
            lo[k] = std::min(lo[k], sign[k] * v);
            hi[k] = std::max(hi[k], sign[k] * v);
          }
        }
        auto scaled = [&](std::size_t k, double v) {
          if (!how.row_normalise) return v;
          return hi[k] > lo[k] ? (sign[k] * v - lo[k]) / (hi[k] - lo[k]) : detail::prep::nan;
        };
        auto back = [&](std::size_t k, double s) {
          if (!how.row_normalise) return s;
          return sign[k] * (lo[k] + s * (hi[k] - lo[k]));
        };
        for (const auto& [g, leaves] : detail::prep::leaves_by_group(fw, how.level)) {
          const std::string gcode = fw.node(g).code;
          for (Eigen::Index r : rows) {
            double sum = 0;
            std::size_t cnt = 0;
            for (std::size_t k : leaves) {
              const double s = scaled(k, data.values(r, col[k]));
              if (!std::isnan(s)) sum += s, ++cnt;
            }
            for (std::size_t k : leaves) {
              if (!std::isnan(data.values(r, col[k]))) continue;
              if (!(hi[k] >= lo[k])) leave(r, k, period, to_string(left_missing_reason::no_values), gcode);
              else if (cnt == 0)
                leave(r, k, period, to_string(left_missing_reason::row_group_all_missing), gcode);
              else fill(r, k, period, back(k, sum / static_cast<double>(cnt)), method, gcode);
            }
          }
        }
        break;
      }
      case imputation_method::em: {
        for (const auto& [g, leaves] : detail::prep::leaves_by_group(fw, how.level)) {
          const std::string gcode = fw.node(g).code;
          std::vector<std::size_t> usable;
          bool any_missing = false;
          for (std::size_t k : leaves) {
            std::size_t present = 0;
            double first = detail::prep::nan;
            bool spread = false;
            for (Eigen::Index r : rows) {
              const double v = data.values(r, col[k]);
              if (std::isnan(v)) {
                any_missing = true;
                continue;
              }
              if (present++ == 0) first = v;
              else if (v != first) spread = true;
            }
            if (present >= 2 && spread) {
              usable.push_back(k);
            } else if (present < static_cast<std::size_t>(rows.size())) {
              // a constant column is filled with its constant; too few values: left missing
              for (Eigen::Index r : rows)
                if (std::isnan(data.values(r, col[k]))) {
                  if (present >= 2) fill(r, k, period, first, "em_constant", gcode);
                  else leave(r, k, period, to_string(left_missing_reason::too_few_values), gcode);
                }
            }
          }
          if (!any_missing || usable.empty()) continue;
          Eigen::MatrixXd X(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(usable.size()));
          for (std::size_t q = 0; q < usable.size(); ++q)
            for (std::size_t i = 0; i < rows.size(); ++i)
              X(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(q)) =
                  data.values(rows[i], col[usable[q]]);
          if (!X.hasNaN()) continue;
          em_fit fit;
          fit.group = gcode;
          fit.period = period;
          for (std::size_t k : usable) fit.indicators.push_back(code_of(k));
          const Eigen::MatrixXd Y = em_impute(X, how.em_tolerance, how.em_max_iterations, fit);
          for (std::size_t q = 0; q < usable.size(); ++q)
            for (std::size_t i = 0; i < rows.size(); ++i)
              if (std::isnan(X(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(q))))
                fill(rows[i], usable[q], period,
                     Y(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(q)), method, gcode);
          out.em.push_back(std::move(fit));
        }
        break;
      }
      case imputation_method::none: break;
    }
  }
  // The promise: present values are never changed.
  for (std::size_t k = 0; k < col.size(); ++k)
    for (Eigen::Index r = 0; r < data.rows(); ++r) {
      const double a = data.values(r, col[k]), b = out.data.values(r, col[k]);
      if (!std::isnan(a) && !(a == b))
        throw recipe_error("impute.changed_present_value",
                           "internal error: imputation changed a present value",
                           data.where_row(static_cast<std::size_t>(r)));
    }
  return out;
}

/// Imputation per indicator and on conditions: `by_indicator` gives an indicator its own
/// imputation (the others use `how`), each with optional conditions (imputation::only_group,
/// only_values, max_missing_siblings), and cells of `not_applicable` (applicability.hpp) are
/// never filled nor listed. Each imputation reads the data as given (not what another one
/// filled), so the order of the entries does not matter. Without entries, conditions or mask
/// this is impute(fw, data, how).
[[nodiscard]] inline imputation_result impute(const framework& fw, const panel& data, const imputation& how,
                                              const std::map<std::string, imputation>& by_indicator,
                                              const cell_mask* not_applicable = nullptr) {
  const bool masked = not_applicable && not_applicable->size() > 0;
  if (by_indicator.empty() && !how.conditional() && !masked) return impute(fw, data, how);
  validate_imputation(how);
  std::map<std::string, std::size_t> leaf_of;
  for (std::size_t k = 0; k < fw.leaves().size(); ++k) leaf_of[fw.node(fw.leaves()[k]).code] = k;
  for (const auto& [code, m] : by_indicator) {
    if (!leaf_of.count(code))
      throw recipe_error("recipe.unknown_indicator", "prepare.impute.by_indicator names '" + code +
                                                         "', which is not an indicator of the framework");
    try {
      validate_imputation(m);
    } catch (const recipe_error& e) {
      throw recipe_error(e.id(), "prepare.impute.by_indicator.\"" + code + "\": " + e.message());
    }
  }
  const std::vector<Eigen::Index> col = detail::prep::leaf_columns(fw, data);
  std::map<std::pair<std::string, std::string>, Eigen::Index> row_of;
  for (Eigen::Index r = 0; r < data.rows(); ++r)
    row_of[{data.units[static_cast<std::size_t>(r)], data.periods[static_cast<std::size_t>(r)]}] = r;
  imputation_result out;
  out.data = data;
  // (imputation, the leaves it fills): `how` for the leaves without an entry, then each entry
  std::vector<std::pair<const imputation*, std::vector<bool>>> jobs;
  jobs.emplace_back(&how, std::vector<bool>(col.size(), true));
  for (const auto& [code, m] : by_indicator) {
    jobs.front().second[leaf_of[code]] = false;
    std::vector<bool> own(col.size(), false);
    own[leaf_of[code]] = true;
    jobs.emplace_back(&m, std::move(own));
  }
  for (const auto& job : jobs) {
    const imputation* m = job.first;  // (not a structured binding: lambdas below capture it)
    const std::vector<bool>& mine = job.second;
    if (m->method == imputation_method::none) continue;
    imputation plain = *m;
    plain.only_group.clear();
    plain.only_values.clear();
    plain.max_missing_siblings = -1;
    const std::vector<std::string>* labels =
        m->only_group.empty() ? nullptr : &group_labels(data, m->only_group, "prepare.impute.only_group");
    imputation_result one = impute(fw, data, plain);
    auto holds = [&](Eigen::Index r, std::size_t k) {
      if (labels && std::find(m->only_values.begin(), m->only_values.end(),
                              (*labels)[static_cast<std::size_t>(r)]) == m->only_values.end())
        return false;
      if (m->max_missing_siblings >= 0) {
        const std::size_t node = fw.leaves()[k];
        int missing = 0;
        for (std::size_t s : fw.children(fw.parent(node))) {
          if (s == node || !fw.is_leaf(s)) continue;
          const std::size_t q = fw.leaf_position(s);
          missing += std::isnan(data.values(r, col[q])) && !is_not_applicable(not_applicable, r, q);
        }
        if (missing > m->max_missing_siblings) return false;
      }
      return true;
    };
    for (imputed_cell& c : one.cells) {
      const std::size_t k = leaf_of[c.indicator];
      if (!mine[k]) continue;
      const Eigen::Index r = row_of[{c.unit, c.period}];
      if (is_not_applicable(not_applicable, r, k)) continue;
      if (!holds(r, k)) {
        c.value = detail::prep::nan;
        c.method = to_string(left_missing_reason::condition_not_met);
        out.left_missing.push_back(std::move(c));
        continue;
      }
      out.data.values(r, col[k]) = c.value;
      out.cells.push_back(std::move(c));
    }
    for (imputed_cell& c : one.left_missing) {
      const std::size_t k = leaf_of[c.indicator];
      if (mine[k] && !is_not_applicable(not_applicable, row_of[{c.unit, c.period}], k))
        out.left_missing.push_back(std::move(c));
    }
    for (em_fit& f : one.em) out.em.push_back(std::move(f));
  }
  return out;
}

}  // namespace tijian
