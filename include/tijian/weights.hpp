// SPDX-License-Identifier: MIT
// Weighting: how much each indicator (or each child of a node) counts. The recipe's `weighting`
// value chooses the method; the kernels below compute weight vectors from a matrix and are
// usable on their own. Formulas: ../shared/reference/evaluation-methods.md §2-§6 and
// ../shared/reference/mcdm-peers.md §3. The correlations CRITIC reads are in correlation.hpp,
// the eigen-decomposition and solver of PCA and game theory in linalg.hpp.
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
#include <utility>
#include <vector>

#include "names.hpp"
#include "correlation.hpp"
#include "detail/fast_log.hpp"
#include "detail/text.hpp"
#include "error.hpp"
#include "linalg.hpp"

namespace tijian {

enum class weighting_method {
  given,                     ///< the framework's weights (renormalised within each sibling group)
  equal,                     ///< equal within each sibling group
  entropy,                   ///< 熵权法
  coefficient_of_variation,  ///< 变异系数法
  standard_deviation,        ///< w ∝ sd_j
  critic,                    ///< Diakoulaki 1995
  pca,                       ///< first principal component of the correlation matrix
};

/// Entropy with zeros: the five published variants (evaluation-methods.md §2).
enum class entropy_zeros {
  zero_log_zero,    ///< C (default): p ln p = 0 when p = 0; no change to the data
  shift,            ///< A: z + shift (1e-4 in most papers) before p_ij
  compress,         ///< B: z rescaled into [eps, 1 - eps] (mathmodels, eps = 0.002)
  log_epsilon,      ///< D: ln(p + eps), eps = 1e-10
  raw_proportions,  ///< E: p = x / sum x on the raw (positive) data, no min-max
};

/// Which matrix a data-driven method reads.
enum class weight_input {
  min_max,     ///< default: direction-aware min-max to [0, 1] on the fitted rows
  normalised,  ///< the recipe's normalised values
  raw,         ///< the raw data (coefficient of variation and raw-proportion entropy need it)
};

/// CRITIC: whether cost (lower-is-better) criteria are flipped before correlating. pymcdm and
/// pyrepo-mcda do not flip (their min-max ignores types); pyDecision and scikit-criteria flip.
enum class critic_directions { flip_cost, ignore_direction };

/// CRITIC conflict term: sum_k (1 - r_jk) (Diakoulaki) or sum_k (1 - |r_jk|).
enum class critic_conflict { one_minus_r, one_minus_abs_r };

/// PCA weights from the first component's loadings l (unit vector, sign fixed so that sum l > 0):
/// squared loadings l_j^2 (they sum to 1) or |l_j| / sum |l|.
enum class pca_form { squared_loadings, absolute_loadings };

enum class ahp_method {
  eigenvector,        ///< principal right eigenvector (Saaty)
  geometric_mean,     ///< 方根法: row geometric means, normalised
  column_normalised,  ///< 和积法: normalise columns, average rows
};

/// Random-index tables for the consistency ratio (evaluation-methods.md §5).
enum class ri_table {
  saaty,     ///< 0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.54, 1.56, 1.57, 1.59
  textbook,  ///< 1,000-sample simulation common in Chinese textbooks: n=3 0.52, 4 0.89, ...
};

/// What happens when CR >= 0.1.
enum class inconsistency_policy { warn, error };

enum class weight_combination {
  none,
  linear,          ///< alpha w_subjective + (1 - alpha) w_objective
  multiplicative,  ///< w_s w_o / sum(w_s w_o)
  game_theory,     ///< 博弈论组合赋权 (evaluation-methods.md §6)
};

/// Game-theory combination: papers normalise the coefficients by |alpha_k| / sum |alpha|;
/// mathmodels by alpha_k / sum alpha. They differ when a coefficient is negative.
enum class game_theory_norm { absolute, signed_sum };

/// Which indicators a data-driven method weighs together.
enum class weight_scope {
  within_parent,   ///< each sibling group of indicators on its own; inner weights as given
  all_indicators,  ///< all indicators at once; an inner node weighs the sum of its leaves
};

/// The weighting part of a recipe.
struct weighting {
  weighting_method method = weighting_method::given;
  weight_scope scope = weight_scope::within_parent;
  weight_input input = weight_input::min_max;
  entropy_zeros zeros = entropy_zeros::zero_log_zero;
  double entropy_shift = 1e-4;
  double entropy_compress = 0.002;
  double entropy_log_epsilon = 1e-10;
  correlation_kind correlation = correlation_kind::pearson;
  critic_directions critic_dirs = critic_directions::flip_cost;
  critic_conflict conflict = critic_conflict::one_minus_r;
  pca_form pca = pca_form::squared_loadings;
  /// AHP pairwise-comparison matrices: node code -> matrix over that node's children, in the
  /// framework's child order. Replaces the given weights of those children.
  std::map<std::string, Eigen::MatrixXd> ahp;
  ahp_method ahp_weights = ahp_method::eigenvector;
  ri_table ri = ri_table::saaty;
  inconsistency_policy inconsistent = inconsistency_policy::warn;
  /// Combine the subjective weights (given or AHP) with the data-driven ones.
  weight_combination combine = weight_combination::none;
  double alpha = 0.5;  ///< linear: share of the subjective weights
  game_theory_norm game_norm = game_theory_norm::absolute;
  /// Replaces framework weights by node code before anything else (sensitivity, what-if).
  std::map<std::string, double> overrides;
  /// Data-driven weights are fitted on this period's rows; empty = all rows pooled.
  std::string fit_period;
};

// Names of the weighting options, as written in recipe files and shown in provenance.
template <>
struct enum_names<weighting_method> {
  static constexpr const char* what = "weighting method";
  static constexpr enum_name<weighting_method> entries[] = {
      {weighting_method::given, "given", "给定权重", "given"},
      {weighting_method::equal, "equal", "等权", "equal"},
      {weighting_method::entropy, "entropy", "熵权法", "entropy"},
      {weighting_method::coefficient_of_variation, "coefficient_of_variation", "变异系数法",
       "coefficient of variation"},
      {weighting_method::standard_deviation, "standard_deviation", "标准差法", "standard deviation"},
      {weighting_method::critic, "critic", "CRITIC 法", "CRITIC"},
      {weighting_method::pca, "pca", "主成分分析法", "principal components"},
  };
};

template <>
struct enum_names<entropy_zeros> {
  static constexpr const char* what = "treatment of zeros in the entropy";
  static constexpr enum_name<entropy_zeros> entries[] = {
      {entropy_zeros::zero_log_zero, "zero_log_zero", "0·ln0 记为 0", "0 ln 0 = 0"},
      {entropy_zeros::shift, "shift", "平移", "shift"},
      {entropy_zeros::compress, "compress", "压缩", "compress"},
      {entropy_zeros::log_epsilon, "log_epsilon", "对数加极小值", "log of epsilon"},
      {entropy_zeros::raw_proportions, "raw_proportions", "原始比重", "raw proportions"},
  };
};

template <>
struct enum_names<weight_input> {
  static constexpr const char* what = "weight input";
  static constexpr enum_name<weight_input> entries[] = {
      {weight_input::min_max, "min_max", "极差标准化值", "min-max values"},
      {weight_input::normalised, "normalised", "标准化值", "normalised values"},
      {weight_input::raw, "raw", "原始值", "raw values"},
  };
};

template <>
struct enum_names<critic_directions> {
  static constexpr const char* what = "CRITIC directions";
  static constexpr enum_name<critic_directions> entries[] = {
      {critic_directions::flip_cost, "flip_cost", "翻转逆向指标", "flip cost indicators"},
      {critic_directions::ignore_direction, "ignore_direction", "忽略方向", "ignore direction"},
  };
};

template <>
struct enum_names<critic_conflict> {
  static constexpr const char* what = "CRITIC conflict";
  static constexpr enum_name<critic_conflict> entries[] = {
      {critic_conflict::one_minus_r, "one_minus_r", "1 - r", "1 - r"},
      {critic_conflict::one_minus_abs_r, "one_minus_abs_r", "1 - |r|", "1 - |r|"},
  };
};

template <>
struct enum_names<pca_form> {
  static constexpr const char* what = "PCA weight form";
  static constexpr enum_name<pca_form> entries[] = {
      {pca_form::squared_loadings, "squared_loadings", "载荷平方", "squared loadings"},
      {pca_form::absolute_loadings, "absolute_loadings", "载荷绝对值", "absolute loadings"},
  };
};

template <>
struct enum_names<ahp_method> {
  static constexpr const char* what = "AHP method";
  static constexpr enum_name<ahp_method> entries[] = {
      {ahp_method::eigenvector, "eigenvector", "特征向量法", "eigenvector"},
      {ahp_method::geometric_mean, "geometric_mean", "几何平均法", "geometric mean"},
      {ahp_method::column_normalised, "column_normalised", "列归一化法", "column normalisation"},
  };
};

template <>
struct enum_names<ri_table> {
  static constexpr const char* what = "AHP random-index table";
  static constexpr enum_name<ri_table> entries[] = {
      {ri_table::saaty, "saaty", "Saaty 表", "Saaty"},
      {ri_table::textbook, "textbook", "教科书表", "textbook"},
  };
};

template <>
struct enum_names<inconsistency_policy> {
  static constexpr const char* what = "inconsistency policy";
  static constexpr enum_name<inconsistency_policy> entries[] = {
      {inconsistency_policy::warn, "warn", "警告", "warn"},
      {inconsistency_policy::error, "error", "报错", "error"},
  };
};

template <>
struct enum_names<weight_combination> {
  static constexpr const char* what = "weight combination";
  static constexpr enum_name<weight_combination> entries[] = {
      {weight_combination::none, "none", "不组合", "none"},
      {weight_combination::linear, "linear", "线性组合", "linear"},
      {weight_combination::multiplicative, "multiplicative", "乘法组合", "multiplicative"},
      {weight_combination::game_theory, "game_theory", "博弈论组合", "game theory"},
  };
};

template <>
struct enum_names<game_theory_norm> {
  static constexpr const char* what = "game-theory normalisation";
  static constexpr enum_name<game_theory_norm> entries[] = {
      {game_theory_norm::absolute, "absolute", "绝对值", "absolute"},
      {game_theory_norm::signed_sum, "signed_sum", "带符号和", "signed sum"},
  };
  static constexpr enum_alias<game_theory_norm> aliases[] = {
      {"signed", game_theory_norm::signed_sum},
  };
};

template <>
struct enum_names<weight_scope> {
  static constexpr const char* what = "weight scope";
  static constexpr enum_name<weight_scope> entries[] = {
      {weight_scope::within_parent, "within_parent", "同级内", "within the parent"},
      {weight_scope::all_indicators, "all_indicators", "全部指标", "all indicators"},
  };
};

// =============================================================================================
// Weight kernels
// =============================================================================================
//
// Conventions shared by the data-driven kernels (entropy, coefficient of variation, standard
// deviation, CRITIC, PCA):
//  * X has one row per unit (city, city-year) and one column per indicator. NaN cells are missing
//    and skipped column by column (n_j = non-missing count of column j); correlations use the
//    rows where both columns are present (pairwise complete); PCA uses complete rows only.
//  * The result is >= 0 and sums to 1.
//  * A constant column (all its non-missing values equal) carries no information and gets weight
//    exactly 0 (entropy e_j = 1, sd_j = 0, CRITIC C_j = 0, PCA loading 0). If every column is
//    constant the weights would be 0/0 and the kernel throws "weights.all_constant".
//  * Errors are recipe_error with these stable ids:
//      weights.shape                 no columns, or names->size() != X.cols()
//      weights.too_few_values        a column has fewer than 2 non-missing values
//      weights.non_finite            an infinite value
//      weights.all_constant          every column constant: no weights can be formed
//      weights.negative_value        entropy: a negative value (proportions need x >= 0)
//      weights.zero_mean             coefficient of variation: mean 0 (|mean| <= 1e-12 max|x|)
//      weights.entropy_option        entropy_options out of range
//      weights.correlation_undefined CRITIC: two columns share fewer than 2 rows
//      weights.pca_too_few_rows      PCA: fewer than 3 complete rows
//    AHP and the combinations have their own (weights.ahp_*, weights.combine_*,
//    weights.game_theory_*), listed at each function.
//    The message names the method and the 0-based column index; when `names` is given the
//    error's location carries the indicator code, so what() reads e.g.
//    "[tijian.weights.too_few_values] entropy: column 3 has 1 non-missing value(s); at least 2
//    are needed (indicator 'gdp')".
//  * `names` (optional, last parameter) are the indicator codes of X's columns, used only for
//    messages.

namespace detail::wk {

using names_t = std::vector<std::string>;
inline constexpr double k_nan = std::numeric_limits<double>::quiet_NaN();
inline constexpr double k_inf = std::numeric_limits<double>::infinity();

inline void check_columns(Eigen::Index cols, const names_t* names, const char* method) {
  if (cols == 0) throw recipe_error("weights.shape", std::string(method) + ": the matrix has no columns");
  if (names && static_cast<Eigen::Index>(names->size()) != cols)
    throw recipe_error("weights.shape", std::string(method) + ": " + std::to_string(names->size()) +
                                            " indicator names for " + std::to_string(cols) + " columns");
}

inline location column_location(Eigen::Index j, const names_t* names) {
  location l;
  if (names && j >= 0 && static_cast<std::size_t>(j) < names->size())
    l.indicator = (*names)[static_cast<std::size_t>(j)];
  return l;
}

inline std::string column_name(Eigen::Index j, const names_t* names) {
  std::string s = "column " + std::to_string(j);
  if (names && j >= 0 && static_cast<std::size_t>(j) < names->size())
    s += " ('" + (*names)[static_cast<std::size_t>(j)] + "')";
  return s;
}

[[noreturn]] inline void column_fail(const char* id, const char* method, Eigen::Index j,
                                     const std::string& what, const names_t* names) {
  throw recipe_error(id, std::string(method) + ": column " + std::to_string(j) + " " + what,
                     column_location(j, names));
}

/// One column's statistics over its non-missing (non-NaN) values.
struct column_summary {
  Eigen::Index n = 0;  ///< non-missing values
  double mean = k_nan;
  double sd = k_nan;  ///< sample sd (n - 1); exactly 0 for a constant column
  double min = k_nan, max = k_nan;
  Eigen::Index bad_row = -1;  ///< first row holding +-inf, or -1
  [[nodiscard]] bool constant() const noexcept { return n > 0 && min == max; }
};

/// Two passes over a contiguous column: sum/min/max, then the corrected sum of squares
/// sum (x - mean)^2 - (sum (x - mean))^2 / n.
inline column_summary summarise(const double* x, Eigen::Index rows) {
  column_summary s;
  Eigen::Index n = 0;
  double sum = 0, lo = k_inf, hi = -k_inf;
  for (Eigen::Index r = 0; r < rows; ++r) {
    const double v = x[r];
    if (std::isnan(v)) continue;
    if (std::isinf(v)) {
      if (s.bad_row < 0) s.bad_row = r;
      continue;
    }
    ++n;
    sum += v;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  s.n = n;
  if (n == 0) return s;
  s.min = lo;
  s.max = hi;
  if (lo == hi) {
    s.mean = lo;
    s.sd = 0;
    return s;
  }
  const double mean = sum / static_cast<double>(n);
  double ss = 0, dev = 0;
  for (Eigen::Index r = 0; r < rows; ++r) {
    const double v = x[r];
    if (!std::isfinite(v)) continue;
    const double d = v - mean;
    ss += d * d;
    dev += d;
  }
  s.mean = mean + dev / static_cast<double>(n);
  s.sd = std::sqrt(std::max(0.0, (ss - dev * dev / static_cast<double>(n)) / static_cast<double>(n - 1)));
  return s;
}

/// Throws for infinite values and for fewer than 2 non-missing values.
inline void require_usable(const column_summary& s, const char* method, Eigen::Index j,
                           const names_t* names) {
  if (s.bad_row >= 0)
    column_fail("weights.non_finite", method, j, "has an infinite value in row " + std::to_string(s.bad_row),
                names);
  if (s.n < 2)
    column_fail("weights.too_few_values", method, j,
                "has " + std::to_string(s.n) + " non-missing value(s); at least 2 are needed", names);
}

inline std::vector<column_summary> summarise_all(const Eigen::Ref<const Eigen::MatrixXd>& X,
                                                 const char* method, const names_t* names) {
  std::vector<column_summary> out(static_cast<std::size_t>(X.cols()));
  for (Eigen::Index j = 0; j < X.cols(); ++j) {
    out[static_cast<std::size_t>(j)] = summarise(X.col(j).data(), X.rows());
    require_usable(out[static_cast<std::size_t>(j)], method, j, names);
  }
  return out;
}

/// v / sum(v); throws "weights.all_constant" when the sum is not positive.
inline Eigen::VectorXd to_weights(Eigen::VectorXd v, const char* method) {
  const double total = v.sum();
  if (!(total > 0) || !std::isfinite(total))
    throw recipe_error("weights.all_constant",
                       std::string(method) +
                           ": no column carries information (all constant), so no weights "
                           "can be formed");
  return v / total;
}

// ---- entropy ----------------------------------------------------------------------------------

struct entropy_column {
  Eigen::Index n = 0;
  double e = k_nan;
  Eigen::Index bad_row = -1;  ///< first negative or infinite value
  bool negative = false;
};

}  // namespace detail::wk

/// Entropy options. `zeros` picks the zero-handling variant (evaluation-methods.md §2):
///  * zero_log_zero: p ln p = 0 when p = 0 (the data are used as given);
///  * shift: t = z + shift;
///  * compress: t = compress + (1 - 2 compress) z (mathmodels' [eps, 1 - eps]);
///  * log_epsilon: ln(p + log_epsilon) in place of ln p;
///  * raw_proportions: p = x / sum x on raw data. The kernel computes exactly what zero_log_zero
///    computes; the variant tells the caller to pass raw (positive) data instead of min-max
///    values. pymcdm's entropy_weights is this variant on data without zeros (pymcdm gives a
///    column containing a zero entropy 0 instead).
struct entropy_options {
  entropy_zeros zeros = entropy_zeros::zero_log_zero;
  double shift = 1e-4;
  double compress = 0.002;
  double log_epsilon = 1e-10;
};

namespace detail::wk {

// sum t ln t (0 ln 0 = 0) and sum p ln(p + eps) over a chunk of finite values >= 0, with the
// vectorisable log of detail/fast_log.hpp: the same bits with any vector width (the C library's
// log, called per value, was a third of the entropy's time; Eigen's needs AVX to be faster).
inline double sum_t_log_t(const Eigen::Ref<const Eigen::ArrayXd>& t) {
  return detail::sum_t_ln_t(t.data(), t.size());
}

inline double sum_p_log_p_eps(const Eigen::Ref<const Eigen::ArrayXd>& p, double eps) {
  return detail::sum_p_ln_p_eps(p.data(), p.size(), eps);
}

/// One column of entropy: a single pass accumulating n, min, max, S = sum t and
/// L = sum t ln t for t = a + b z (the zero-handling transform), then
/// sum p ln p = L / S - ln S. The log_epsilon variant needs S first: a second pass.
/// The column is read in chunks of 1024 values (partial sums also limit rounding error): a chunk
/// without NaN/inf goes through Eigen's vectorised log; a chunk with one goes cell by cell.
inline entropy_column entropy_of_column(const double* z, Eigen::Index rows, const entropy_options& o) {
  entropy_column out;
  double a = 0, b = 1;
  if (o.zeros == entropy_zeros::shift) a = o.shift;
  if (o.zeros == entropy_zeros::compress) {
    a = o.compress;
    b = 1 - 2 * o.compress;
  }
  const bool two_pass = o.zeros == entropy_zeros::log_epsilon;
  constexpr Eigen::Index chunk = 1024;
  Eigen::ArrayXd t(std::min(chunk, rows));
  Eigen::Index n = 0;
  double lo = k_inf, hi = -k_inf, S = 0, L = 0;
  for (Eigen::Index start = 0; start < rows; start += chunk) {
    const Eigen::Index len = std::min(chunk, rows - start);
    const Eigen::Map<const Eigen::ArrayXd> zc(z + start, len);
    const double zsum = zc.sum();
    if (std::isfinite(zsum) && zc.minCoeff() >= 0) {  // no NaN, inf or negative value
      n += len;
      lo = std::min(lo, zc.minCoeff());
      hi = std::max(hi, zc.maxCoeff());
      auto tc = t.head(len);
      tc = a + b * zc;
      S += tc.sum();
      if (!two_pass) L += sum_t_log_t(tc);
      continue;
    }
    double s_blk = 0, l_blk = 0;
    for (Eigen::Index r = start; r < start + len; ++r) {
      const double v = z[r];
      if (std::isnan(v)) continue;
      if (!(v >= 0) || std::isinf(v)) {
        out.bad_row = r;
        out.negative = v < 0;
        return out;
      }
      ++n;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
      const double tv = a + b * v;
      s_blk += tv;
      if (!two_pass) l_blk += tv * detail::log_normal(tv + std::numeric_limits<double>::min());
    }
    S += s_blk;
    L += l_blk;
  }
  out.n = n;
  if (n < 2) return out;
  if (lo == hi) {  // constant: p = 1/n in every variant, e = 1 (log_epsilon: set exactly)
    out.e = 1;
    return out;
  }
  double H = 0;  // sum_i p_i ln p_i
  if (!two_pass) {
    H = L / S - std::log(S);
  } else {
    const double eps = o.log_epsilon;
    for (Eigen::Index start = 0; start < rows; start += chunk) {
      const Eigen::Index len = std::min(chunk, rows - start);
      const Eigen::Map<const Eigen::ArrayXd> zc(z + start, len);
      auto p = t.head(len);
      p = zc / S;
      if (std::isfinite(p.sum())) {
        H += sum_p_log_p_eps(p, eps);
        continue;
      }
      double h_blk = 0;
      for (Eigen::Index i = 0; i < len; ++i)
        if (!std::isnan(p(i)))
          h_blk += p(i) * detail::log_normal(p(i) + eps + std::numeric_limits<double>::min());
      H += h_blk;
    }
  }
  out.e = -H / std::log(static_cast<double>(n));
  return out;
}

inline void check_entropy_options(const entropy_options& o) {
  if (o.zeros == entropy_zeros::shift && !(o.shift >= 0 && std::isfinite(o.shift)))
    throw recipe_error("weights.entropy_option", "entropy shift must be a finite number >= 0");
  if (o.zeros == entropy_zeros::compress && !(o.compress >= 0 && o.compress < 0.5))
    throw recipe_error("weights.entropy_option", "entropy compress must be in [0, 0.5)");
  if (o.zeros == entropy_zeros::log_epsilon && !(o.log_epsilon >= 0 && std::isfinite(o.log_epsilon)))
    throw recipe_error("weights.entropy_option", "entropy log_epsilon must be a finite number >= 0");
}

}  // namespace detail::wk

/// Entropy e_j of each column (evaluation-methods.md §2):
/// p_ij = t_ij / sum_i t_ij, e_j = -(1 / ln n_j) sum_i p_ij ln p_ij, n_j = non-missing count,
/// t = z transformed by the zero-handling variant. Expects z >= 0: min-max values in [0, 1]
/// (direction-aware), or raw positive data for raw_proportions. A constant column has e_j = 1.
/// Computed as sum p ln p = (sum t ln t) / S - ln S with S = sum t: one pass per column (two for
/// log_epsilon); columns run in parallel under OpenMP.
/// Throws: weights.negative_value (z < 0), weights.non_finite, weights.too_few_values,
/// weights.entropy_option.
[[nodiscard]] inline Eigen::VectorXd entropy_values(const Eigen::Ref<const Eigen::MatrixXd>& X,
                                                    const entropy_options& opts = {},
                                                    const std::vector<std::string>* names = nullptr) {
  const char* method = "entropy";
  detail::wk::check_columns(X.cols(), names, method);
  detail::wk::check_entropy_options(opts);
  const Eigen::Index m = X.cols(), rows = X.rows();
  std::vector<detail::wk::entropy_column> res(static_cast<std::size_t>(m));
#if defined(_OPENMP)
// clang-format off
#pragma omp parallel for schedule(dynamic, 1) if (static_cast<double>(rows) * static_cast<double>(m) > 2e5)
// clang-format on
#endif
  for (Eigen::Index j = 0; j < m; ++j)
    res[static_cast<std::size_t>(j)] = detail::wk::entropy_of_column(X.col(j).data(), rows, opts);
  Eigen::VectorXd e(m);
  for (Eigen::Index j = 0; j < m; ++j) {
    const auto& c = res[static_cast<std::size_t>(j)];
    if (c.bad_row >= 0) {
      if (c.negative)
        detail::wk::column_fail("weights.negative_value", method, j,
                                "has a negative value in row " + std::to_string(c.bad_row) +
                                    "; entropy needs values >= 0 (min-max normalised, or raw "
                                    "positive data for raw_proportions)",
                                names);
      detail::wk::column_fail("weights.non_finite", method, j,
                              "has an infinite value in row " + std::to_string(c.bad_row), names);
    }
    if (c.n < 2)
      detail::wk::column_fail("weights.too_few_values", method, j,
                              "has " + std::to_string(c.n) + " non-missing value(s); at least 2 are needed",
                              names);
    e(j) = c.e;
  }
  return e;
}

/// Entropy weights (熵权法): d_j = 1 - e_j (clamped at 0 against rounding), w = d / sum d.
/// A constant column gets weight 0; all columns constant throws weights.all_constant.
[[nodiscard]] inline Eigen::VectorXd entropy_weights(const Eigen::Ref<const Eigen::MatrixXd>& X,
                                                     const entropy_options& opts = {},
                                                     const std::vector<std::string>* names = nullptr) {
  const Eigen::VectorXd e = entropy_values(X, opts, names);
  Eigen::VectorXd d = (1.0 - e.array()).max(0.0).matrix();
  return detail::wk::to_weights(std::move(d), "entropy");
}

/// Coefficient-of-variation weights (变异系数法): V_j = sd_j / |mean_j| (sample sd, n - 1),
/// w = V / sum V. Meant for raw data (a min-max column's mean says nothing). A constant column
/// gets 0 (even when its mean is 0); a non-constant column whose mean is 0 (|mean| <= 1e-12
/// max|x|) throws weights.zero_mean.
[[nodiscard]] inline Eigen::VectorXd coefficient_of_variation_weights(
    const Eigen::Ref<const Eigen::MatrixXd>& X, const std::vector<std::string>* names = nullptr) {
  const char* method = "coefficient of variation";
  detail::wk::check_columns(X.cols(), names, method);
  const auto s = detail::wk::summarise_all(X, method, names);
  Eigen::VectorXd v(X.cols());
  for (Eigen::Index j = 0; j < X.cols(); ++j) {
    const auto& c = s[static_cast<std::size_t>(j)];
    if (c.constant()) {
      v(j) = 0;
      continue;
    }
    const double scale = std::max(std::fabs(c.min), std::fabs(c.max));
    if (std::fabs(c.mean) <= 1e-12 * scale)
      detail::wk::column_fail("weights.zero_mean", method, j,
                              "has mean 0, so sd / |mean| is undefined; use raw positive data", names);
    v(j) = c.sd / std::fabs(c.mean);
  }
  return detail::wk::to_weights(std::move(v), method);
}

/// Standard-deviation weights: w ∝ sd_j (sample sd; the n - 1 cancels). Same as pymcdm's
/// standard_deviation_weights. A constant column gets 0.
[[nodiscard]] inline Eigen::VectorXd standard_deviation_weights(
    const Eigen::Ref<const Eigen::MatrixXd>& X, const std::vector<std::string>* names = nullptr) {
  const char* method = "standard deviation";
  detail::wk::check_columns(X.cols(), names, method);
  const auto s = detail::wk::summarise_all(X, method, names);
  Eigen::VectorXd v(X.cols());
  for (Eigen::Index j = 0; j < X.cols(); ++j) v(j) = s[static_cast<std::size_t>(j)].sd;
  return detail::wk::to_weights(std::move(v), method);
}

// ---- CRITIC -------------------------------------------------------------------------------------

/// CRITIC options (Diakoulaki 1995; evaluation-methods.md §4).
struct critic_options {
  correlation_kind correlation = correlation_kind::pearson;
  critic_conflict conflict = critic_conflict::one_minus_r;
};

/// CRITIC weights: S_j = sample sd of column j, R_j = sum_k (1 - r_jk) (or 1 - |r_jk|),
/// C_j = S_j R_j, w = C / sum C.
/// X must already be min-max normalised (z-scores would make every S_j = 1). Whether cost
/// columns were flipped first is the caller's choice (recipe option critic_directions:
/// flip_cost as pyDecision/scikit-criteria, ignore_direction as pymcdm/pyrepo-mcda); flipping
/// changes the signs of r_jk and so the weights.
/// Conventions: a constant column gets C_j = 0 and is left out of the other columns' conflict
/// sums (its correlations are undefined), so the result equals CRITIC without that column,
/// padded with 0; a pair whose shared rows make one side constant is left out of the sums too.
/// When exactly one column is not constant it gets weight 1 (its conflict sum is empty).
/// Throws weights.correlation_undefined when two non-constant columns share fewer than 2 rows.
[[nodiscard]] inline Eigen::VectorXd critic_weights(const Eigen::Ref<const Eigen::MatrixXd>& X,
                                                    const critic_options& opts = {},
                                                    const std::vector<std::string>* names = nullptr) {
  const char* method = "CRITIC";
  detail::wk::check_columns(X.cols(), names, method);
  const auto s = detail::wk::summarise_all(X, method, names);
  const Eigen::Index m = X.cols();
  Eigen::Index informative = 0, last = 0;
  for (Eigen::Index j = 0; j < m; ++j)
    if (!s[static_cast<std::size_t>(j)].constant()) {
      ++informative;
      last = j;
    }
  if (informative == 1) {
    Eigen::VectorXd w = Eigen::VectorXd::Zero(m);
    w(last) = 1;
    return w;
  }
  const auto pc = detail::corr::correlations(X, opts.correlation);
  Eigen::VectorXd C = Eigen::VectorXd::Zero(m);
  for (Eigen::Index j = 0; j < m; ++j) {
    if (s[static_cast<std::size_t>(j)].constant()) continue;
    double R = 0;
    for (Eigen::Index k = 0; k < m; ++k) {
      if (k == j || s[static_cast<std::size_t>(k)].constant()) continue;
      if (pc.n(j, k) < 2)
        throw recipe_error("weights.correlation_undefined",
                           std::string(method) + ": " + detail::wk::column_name(j, names) + " and " +
                               detail::wk::column_name(k, names) + " share " + std::to_string(pc.n(j, k)) +
                               " row(s) with values; a correlation needs at least 2",
                           detail::wk::column_location(j, names));
      const double r = pc.r(j, k);
      if (std::isnan(r)) continue;
      R += opts.conflict == critic_conflict::one_minus_abs_r ? 1 - std::fabs(r) : 1 - r;
    }
    C(j) = s[static_cast<std::size_t>(j)].sd * R;
  }
  return detail::wk::to_weights(std::move(C), method);
}

// ---- PCA ----------------------------------------------------------------------------------------

struct pca_result {
  Eigen::VectorXd weights;        ///< sum 1
  Eigen::VectorXd loadings;       ///< first eigenvector of the correlation matrix: unit length, sum > 0
  double variance_explained = 0;  ///< lambda_1 / sum lambda
};

/// PCA weights: standardise the columns on the complete rows (a row with any NaN is dropped),
/// eigen-decompose the correlation matrix (cyclic Jacobi, see symmetric_eigen; agrees with
/// Eigen's SelfAdjointEigenSolver to 1e-12 in the tests), take the eigenvector of the largest
/// eigenvalue as loadings l (unit length, not scaled by sqrt(lambda)), and weigh by l_j^2
/// (squared_loadings; they sum to 1) or |l_j| / sum |l| (absolute_loadings).
/// Sign: an eigenvector's sign is arbitrary; we fix it so that sum l > 0 (if sum l is 0 within
/// 1e-10, the entry largest in absolute value is made positive). COINr returns the raw signed
/// loadings. When the largest eigenvalue is repeated the component is not unique.
/// A column constant on the complete rows gets loading 0 and weight 0 and adds nothing to
/// sum lambda (its row and column of the correlation matrix are 0).
/// Throws weights.pca_too_few_rows (fewer than 3 complete rows), weights.non_finite,
/// weights.all_constant.
[[nodiscard]] inline pca_result pca_weights(const Eigen::Ref<const Eigen::MatrixXd>& X,
                                            pca_form form = pca_form::squared_loadings,
                                            const std::vector<std::string>* names = nullptr) {
  const char* method = "PCA";
  detail::wk::check_columns(X.cols(), names, method);
  const Eigen::Index rows = X.rows(), m = X.cols();
  std::vector<char> drop(static_cast<std::size_t>(rows), 0);
  for (Eigen::Index j = 0; j < m; ++j) {
    const double* x = X.col(j).data();
    for (Eigen::Index r = 0; r < rows; ++r) {
      if (std::isinf(x[r]))
        detail::wk::column_fail("weights.non_finite", method, j,
                                "has an infinite value in row " + std::to_string(r), names);
      if (std::isnan(x[r])) drop[static_cast<std::size_t>(r)] = 1;
    }
  }
  std::vector<Eigen::Index> complete;
  for (Eigen::Index r = 0; r < rows; ++r)
    if (!drop[static_cast<std::size_t>(r)]) complete.push_back(r);
  if (complete.size() < 3)
    throw recipe_error("weights.pca_too_few_rows",
                       std::string(method) + ": " + std::to_string(complete.size()) +
                           " complete row(s) (rows without a missing value); at least 3 are "
                           "needed");
  Eigen::VectorXd mean = Eigen::VectorXd::Zero(m);
  for (Eigen::Index j = 0; j < m; ++j) {
    const double* x = X.col(j).data();
    double sum = 0;
    for (const Eigen::Index r : complete) sum += x[r];
    mean(j) = sum / static_cast<double>(complete.size());
  }
  const detail::linalg::gram_sums g = detail::linalg::centred_gram(X, complete, mean);
  const auto nc = static_cast<double>(complete.size());
  std::vector<char> constant(static_cast<std::size_t>(m));
  Eigen::VectorXd var(m);
  Eigen::Index informative = 0;
  for (Eigen::Index j = 0; j < m; ++j) {
    var(j) = g.q(j, j) - g.s(j) * g.s(j) / nc;
    constant[static_cast<std::size_t>(j)] = !(g.lo(j) < g.hi(j)) || !(var(j) > 0);
    if (!constant[static_cast<std::size_t>(j)]) ++informative;
  }
  if (informative == 0)
    throw recipe_error("weights.all_constant",
                       std::string(method) +
                           ": every column is constant on the complete rows, so no weights can "
                           "be formed");
  Eigen::MatrixXd C = Eigen::MatrixXd::Zero(m, m);
  for (Eigen::Index j = 0; j < m; ++j) {
    if (constant[static_cast<std::size_t>(j)]) continue;
    C(j, j) = 1;
    for (Eigen::Index k = 0; k < j; ++k) {
      if (constant[static_cast<std::size_t>(k)]) continue;
      const double cov = g.q(j, k) - g.s(j) * g.s(k) / nc;
      C(j, k) = C(k, j) = std::clamp(cov / std::sqrt(var(j) * var(k)), -1.0, 1.0);
    }
  }
  Eigen::VectorXd lambda;
  Eigen::MatrixXd vectors;
  detail::linalg::symmetric_eigen(C, lambda, vectors);
  Eigen::Index top = 0;
  lambda.maxCoeff(&top);
  Eigen::VectorXd l = vectors.col(top);
  for (Eigen::Index j = 0; j < m; ++j)
    if (constant[static_cast<std::size_t>(j)]) l(j) = 0;
  l /= l.norm();
  const double total = l.sum();
  if (std::fabs(total) <= 1e-10) {
    Eigen::Index big = 0;
    l.cwiseAbs().maxCoeff(&big);
    if (l(big) < 0) l = -l;
  } else if (total < 0) {
    l = -l;
  }
  pca_result out;
  out.loadings = l;
  if (form == pca_form::absolute_loadings) out.weights = l.cwiseAbs() / l.cwiseAbs().sum();
  else out.weights = l.cwiseAbs2() / l.squaredNorm();
  out.variance_explained = lambda(top) / C.trace();
  return out;
}

// ---- one dispatch of the data-driven methods -----------------------------------------------------

/// The entropy and CRITIC options a recipe's weighting chooses: the one mapping from recipe
/// fields to method options (score() and the Python kernels both use it).
[[nodiscard]] inline entropy_options entropy_options_of(const weighting& w) {
  entropy_options o;
  o.zeros = w.zeros;
  o.shift = w.entropy_shift;
  o.compress = w.entropy_compress;
  o.log_epsilon = w.entropy_log_epsilon;
  return o;
}

[[nodiscard]] inline critic_options critic_options_of(const weighting& w) {
  critic_options o;
  o.correlation = w.correlation;
  o.conflict = w.conflict;
  return o;
}

/// Weights of the columns of X by the data-driven method of `w` (entropy, CV, SD, CRITIC, PCA),
/// or nullopt for a method that does not read data (given, equal, AHP, combinations). `pca`
/// receives the PCA details when given.
[[nodiscard]] inline std::optional<Eigen::VectorXd> weights_of(
    const weighting& w, const Eigen::Ref<const Eigen::MatrixXd>& X,
    const std::vector<std::string>* names = nullptr, pca_result* pca = nullptr) {
  switch (w.method) {
    case weighting_method::entropy: return entropy_weights(X, entropy_options_of(w), names);
    case weighting_method::coefficient_of_variation: return coefficient_of_variation_weights(X, names);
    case weighting_method::standard_deviation: return standard_deviation_weights(X, names);
    case weighting_method::critic: return critic_weights(X, critic_options_of(w), names);
    case weighting_method::pca: {
      pca_result p = pca_weights(X, w.pca, names);
      Eigen::VectorXd out = p.weights;
      if (pca) *pca = std::move(p);
      return out;
    }
    default: return std::nullopt;
  }
}

// ---- AHP ----------------------------------------------------------------------------------------

struct ahp_result {
  Eigen::VectorXd weights;  ///< sum 1
  double lambda_max = 0;    ///< (1/n) sum_i (A w)_i / w_i
  double ci = 0;            ///< (lambda_max - n) / (n - 1); 0 for n <= 2
  double ri = 0;            ///< random index of the chosen table
  double cr = 0;            ///< ci / ri; 0 when ri = 0
  bool consistent = true;   ///< cr < 0.1
};

/// Random index RI(n) for the consistency ratio (evaluation-methods.md §5), n = 1..15.
/// Throws weights.ahp_shape for n = 0 and weights.ahp_too_large for n > 15.
[[nodiscard]] inline double random_index(std::size_t n, ri_table table = ri_table::saaty) {
  static constexpr double saaty[15] = {0,    0,    0.58, 0.90, 1.12, 1.24, 1.32, 1.41,
                                       1.45, 1.49, 1.51, 1.54, 1.56, 1.57, 1.59};
  static constexpr double textbook[15] = {0,    0,    0.52, 0.89, 1.12, 1.26, 1.36, 1.41,
                                          1.46, 1.49, 1.52, 1.54, 1.56, 1.58, 1.59};
  if (n == 0) throw recipe_error("weights.ahp_shape", "AHP: the comparison matrix is empty");
  if (n > 15)
    throw recipe_error("weights.ahp_too_large",
                       "AHP: " + std::to_string(n) +
                           " elements compared at once; the random-index tables stop at 15, "
                           "split the group into sub-criteria");
  return table == ri_table::textbook ? textbook[n - 1] : saaty[n - 1];
}

/// AHP weights and consistency of a pairwise-comparison matrix A (a_ij = importance of i over j,
/// Saaty 1-9 scale).
/// Validation (recipe_error naming row and column, 1-based): square and non-empty
/// (weights.ahp_shape), n <= 15 (weights.ahp_too_large), entries finite and > 0
/// (weights.ahp_invalid_entry), diagonal 1 within 1e-3 (weights.ahp_diagonal), reciprocal
/// a_ji = 1/a_ij within relative tolerance 1e-3 — additionally accepted: the smaller entry equal
/// to the reciprocal rounded to 3 decimals (0.167 for 1/6, 0.333 for 1/3)
/// (weights.ahp_not_reciprocal). The matrix is used as typed (not symmetrised).
/// Methods: eigenvector = Perron vector by power iteration (start: row geometric means; stop
/// when the sum-normalised vector moves less than 1e-14); geometric_mean (方根法) = row geometric
/// means normalised; column_normalised (和积法) = columns normalised to sum 1, rows averaged.
/// lambda_max = (1/n) sum (A w)_i / w_i for every method; |CI| < 1e-12 is reported as 0.
[[nodiscard]] inline ahp_result ahp(const Eigen::Ref<const Eigen::MatrixXd>& A,
                                    ahp_method method = ahp_method::eigenvector,
                                    ri_table table = ri_table::saaty) {
  const Eigen::Index n = A.rows();
  if (n == 0 || A.cols() != n)
    throw recipe_error("weights.ahp_shape", "AHP: the comparison matrix must be square and non-empty (got " +
                                                std::to_string(A.rows()) + " x " + std::to_string(A.cols()) +
                                                ")");
  const double ri = random_index(static_cast<std::size_t>(n), table);
  auto cell = [](Eigen::Index i, Eigen::Index j) {
    return "row " + std::to_string(i + 1) + ", column " + std::to_string(j + 1);
  };
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < n; ++j)
      if (!std::isfinite(A(i, j)) || !(A(i, j) > 0))
        throw recipe_error("weights.ahp_invalid_entry",
                           "AHP: the entry at " + cell(i, j) + " is " + detail::format_double(A(i, j)) +
                               "; comparisons must be positive numbers (Saaty scale 1/9 .. 9)");
  for (Eigen::Index i = 0; i < n; ++i)
    if (std::fabs(A(i, i) - 1) > 1e-3)
      throw recipe_error("weights.ahp_diagonal", "AHP: the diagonal entry at " + cell(i, i) + " is " +
                                                     detail::format_double(A(i, i)) +
                                                     "; an element compared with itself is 1");
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index j = i + 1; j < n; ++j) {
      const double a = A(i, j), b = A(j, i);
      const double big = std::max(a, b), small = std::min(a, b);
      const bool relative_ok = std::fabs(a * b - 1) <= 1e-3 + 1e-12;
      const bool rounded_ok = std::fabs(small - 1 / big) <= 5e-4 + 1e-12;
      if (!relative_ok && !rounded_ok)
        throw recipe_error("weights.ahp_not_reciprocal",
                           "AHP: the entry at " + cell(j, i) + " is " + detail::format_double(b) +
                               " but the one at " + cell(i, j) + " is " + detail::format_double(a) +
                               "; it must be its reciprocal " + detail::format_double(1 / a));
    }
  }
  // Plain loops (n <= 15): cheaper to compile than Eigen's product kernels.
  auto times = [&A, n](const Eigen::VectorXd& x, Eigen::VectorXd& y) {  // y = A x
    for (Eigen::Index i = 0; i < n; ++i) {
      double acc = 0;
      for (Eigen::Index j = 0; j < n; ++j) acc += A(i, j) * x(j);
      y(i) = acc;
    }
  };
  Eigen::VectorXd w(n);
  if (method == ahp_method::column_normalised) {
    w.setZero();
    for (Eigen::Index j = 0; j < n; ++j) {
      double col_sum = 0;
      for (Eigen::Index i = 0; i < n; ++i) col_sum += A(i, j);
      for (Eigen::Index i = 0; i < n; ++i) w(i) += A(i, j) / col_sum / static_cast<double>(n);
    }
  } else {
    for (Eigen::Index i = 0; i < n; ++i) {
      double log_sum = 0;
      for (Eigen::Index j = 0; j < n; ++j) log_sum += std::log(A(i, j));
      w(i) = std::exp(log_sum / static_cast<double>(n));
    }
    w /= w.sum();
    if (method == ahp_method::eigenvector) {
      Eigen::VectorXd v(n);
      for (int iter = 0; iter < 1000000; ++iter) {
        times(w, v);
        v /= v.sum();
        double moved = 0;
        for (Eigen::Index i = 0; i < n; ++i) moved = std::max(moved, std::fabs(v(i) - w(i)));
        w.swap(v);
        if (moved < 1e-14) break;
      }
    }
  }
  w /= w.sum();
  ahp_result out;
  out.weights = w;
  Eigen::VectorXd Aw(n);
  times(w, Aw);
  double ratio_sum = 0;
  for (Eigen::Index i = 0; i < n; ++i) ratio_sum += Aw(i) / w(i);
  out.lambda_max = ratio_sum / static_cast<double>(n);
  const auto nd = static_cast<double>(n);
  out.ci = n <= 2 ? 0.0 : (out.lambda_max - nd) / (nd - 1);
  if (std::fabs(out.ci) < 1e-12) out.ci = 0;
  out.ri = ri;
  out.cr = ri > 0 ? out.ci / ri : 0.0;
  out.consistent = out.cr < 0.1;
  return out;
}

// ---- combination --------------------------------------------------------------------------------

namespace detail::wk {

/// Checks a weight vector (finite, >= 0, not all 0) and rescales it to sum 1 (a no-op for
/// proper weights).
inline Eigen::VectorXd checked_weights(const Eigen::Ref<const Eigen::VectorXd>& v, const char* method,
                                       const std::string& which) {
  for (Eigen::Index i = 0; i < v.size(); ++i)
    if (!std::isfinite(v(i)) || v(i) < 0)
      throw recipe_error("weights.combine_invalid", std::string(method) + ": " + which + " has entry " +
                                                        std::to_string(i) + " = " + format_double(v(i)) +
                                                        "; weights must be finite and >= 0");
  const double total = v.sum();
  if (!(total > 0))
    throw recipe_error("weights.combine_invalid", std::string(method) + ": " + which + " is all zero");
  return v / total;
}

inline void check_same_length(Eigen::Index a, Eigen::Index b, const char* method) {
  if (a != b)
    throw recipe_error("weights.combine_length", std::string(method) + ": weight vectors of length " +
                                                     std::to_string(a) + " and " + std::to_string(b));
}

}  // namespace detail::wk

/// Linear combination alpha a + (1 - alpha) b (a, b rescaled to sum 1 first). alpha in [0, 1]
/// (weights.combine_alpha); a, b finite, >= 0, same length (weights.combine_invalid,
/// weights.combine_length).
[[nodiscard]] inline Eigen::VectorXd combine_linear(const Eigen::Ref<const Eigen::VectorXd>& a,
                                                    const Eigen::Ref<const Eigen::VectorXd>& b,
                                                    double alpha) {
  const char* method = "linear combination";
  detail::wk::check_same_length(a.size(), b.size(), method);
  if (!(alpha >= 0 && alpha <= 1))
    throw recipe_error("weights.combine_alpha", std::string(method) + ": alpha = " +
                                                    detail::format_double(alpha) + " must be in [0, 1]");
  const Eigen::VectorXd wa = detail::wk::checked_weights(a, method, "the first weight vector");
  const Eigen::VectorXd wb = detail::wk::checked_weights(b, method, "the second weight vector");
  return alpha * wa + (1 - alpha) * wb;
}

/// Multiplicative combination a∘b / sum(a∘b). Throws weights.combine_zero when the product is
/// 0 everywhere (no indicator has weight in both).
[[nodiscard]] inline Eigen::VectorXd combine_multiplicative(const Eigen::Ref<const Eigen::VectorXd>& a,
                                                            const Eigen::Ref<const Eigen::VectorXd>& b) {
  const char* method = "multiplicative combination";
  detail::wk::check_same_length(a.size(), b.size(), method);
  const Eigen::VectorXd wa = detail::wk::checked_weights(a, method, "the first weight vector");
  const Eigen::VectorXd wb = detail::wk::checked_weights(b, method, "the second weight vector");
  const Eigen::VectorXd p = wa.cwiseProduct(wb);
  const double total = p.sum();
  if (!(total > 0))
    throw recipe_error("weights.combine_zero",
                       std::string(method) + ": no indicator has weight in both vectors");
  return p / total;
}

struct game_theory_result {
  Eigen::VectorXd weights;           ///< sum_k alpha*_k w_k, sum 1
  Eigen::VectorXd coefficients;      ///< alpha*: the normalised coefficients used
  Eigen::VectorXd raw_coefficients;  ///< alpha: the solution of the Gram system
};

/// Game-theory combination (博弈论组合赋权, evaluation-methods.md §6): the K weight vectors w_k
/// (rescaled to sum 1) give the Gram system sum_k alpha_k (w_l . w_k) = w_l . w_l for all l,
/// solved by Gaussian elimination with complete pivoting; a pivot below 1e-12 of the largest
/// entry (rank below K: linearly dependent sets, e.g. two identical
/// vectors) throws weights.game_theory_dependent. alpha* = |alpha| / sum |alpha| (absolute) or
/// alpha / sum alpha (signed_sum; a zero sum throws weights.game_theory_degenerate), and
/// w = sum alpha*_k w_k renormalised to sum 1. With signed_sum a negative coefficient can make a
/// weight negative: that throws weights.game_theory_negative (use absolute).
[[nodiscard]] inline game_theory_result combine_game_theory(
    const std::vector<Eigen::VectorXd>& sets, game_theory_norm norm = game_theory_norm::absolute) {
  const char* method = "game-theory combination";
  if (sets.empty()) throw recipe_error("weights.combine_length", std::string(method) + ": no weight vectors");
  const auto K = static_cast<Eigen::Index>(sets.size());
  const Eigen::Index m = sets[0].size();
  Eigen::MatrixXd W(m, K);
  for (Eigen::Index k = 0; k < K; ++k) {
    detail::wk::check_same_length(m, sets[static_cast<std::size_t>(k)].size(), method);
    W.col(k) = detail::wk::checked_weights(sets[static_cast<std::size_t>(k)], method,
                                           "weight vector " + std::to_string(k));
  }
  Eigen::MatrixXd G(K, K);
  for (Eigen::Index l = 0; l < K; ++l)
    for (Eigen::Index k = 0; k <= l; ++k) G(l, k) = G(k, l) = W.col(l).dot(W.col(k));
  const Eigen::VectorXd rhs = G.diagonal();
  game_theory_result out;
  if (!detail::linalg::solve_full_pivot(G, rhs, out.raw_coefficients, 1e-12))
    throw recipe_error("weights.game_theory_dependent",
                       std::string(method) +
                           ": the weight vectors are linearly dependent (e.g. two identical "
                           "sets), so the coefficients are not unique; drop the duplicate");
  if (norm == game_theory_norm::signed_sum) {
    const double total = out.raw_coefficients.sum();
    if (!(std::fabs(total) > 1e-12))
      throw recipe_error("weights.game_theory_degenerate",
                         std::string(method) + ": the coefficients sum to 0; use the absolute norm");
    out.coefficients = out.raw_coefficients / total;
  } else {
    out.coefficients = out.raw_coefficients.cwiseAbs() / out.raw_coefficients.cwiseAbs().sum();
  }
  Eigen::VectorXd w = Eigen::VectorXd::Zero(m);
  for (Eigen::Index k = 0; k < K; ++k) w += out.coefficients(k) * W.col(k);
  for (Eigen::Index j = 0; j < m; ++j) {
    if (w(j) < -1e-12)
      throw recipe_error("weights.game_theory_negative",
                         std::string(method) + ": indicator " + std::to_string(j) +
                             " gets a negative weight " + detail::format_double(w(j)) +
                             " because a coefficient is negative; use the absolute norm");
    if (w(j) < 0) w(j) = 0;
  }
  out.weights = w / w.sum();
  return out;
}

}  // namespace tijian
