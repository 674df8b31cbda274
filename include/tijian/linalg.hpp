// SPDX-License-Identifier: MIT
// Small dense linear algebra for the weighting and statistics kernels (detail::linalg): centred
// Gram sums, the eigen-decomposition of a symmetric matrix (cyclic Jacobi) and a full-pivot
// linear solver. Hand-written on purpose: Eigen's SelfAdjointEigenSolver and
// ColPivHouseholderQR add ~8 s of template instantiation to every file that includes this
// header (through weights.hpp: recipe.hpp, score.hpp, ...), used or not. The matrices here are
// small (m x m correlation matrices, K x K Gram matrices).
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>
#include <vector>

namespace tijian::detail::linalg {

/// Sums over `rows` of the centred values d = x - centre: q = D^T D (lower triangle), s = D^T 1,
/// and min/max of the raw values, in blocks of 256 rows (a symmetric rank update per block).
struct gram_sums {
  Eigen::MatrixXd q;
  Eigen::VectorXd s, lo, hi;
};

inline gram_sums centred_gram(const Eigen::Ref<const Eigen::MatrixXd>& X,
                              const std::vector<Eigen::Index>& rows, const Eigen::VectorXd& centre) {
  const Eigen::Index m = X.cols();
  gram_sums g;
  g.q = Eigen::MatrixXd::Zero(m, m);
  g.s = Eigen::VectorXd::Zero(m);
  g.lo = Eigen::VectorXd::Constant(m, std::numeric_limits<double>::infinity());
  g.hi = Eigen::VectorXd::Constant(m, -std::numeric_limits<double>::infinity());
  constexpr Eigen::Index block = 256;
  const auto total = static_cast<Eigen::Index>(rows.size());
  Eigen::MatrixXd d(std::min(block, total), m);
  for (Eigen::Index start = 0; start < total; start += block) {
    const Eigen::Index b = std::min(block, total - start);
    for (Eigen::Index j = 0; j < m; ++j) {
      const double* x = X.col(j).data();
      double lo = g.lo(j), hi = g.hi(j);
      for (Eigen::Index i = 0; i < b; ++i) {
        const double v = x[rows[static_cast<std::size_t>(start + i)]];
        lo = std::min(lo, v);
        hi = std::max(hi, v);
        d(i, j) = v - centre(j);
      }
      g.lo(j) = lo;
      g.hi(j) = hi;
    }
    const auto view = d.topRows(b);
    g.q.selfadjointView<Eigen::Lower>().rankUpdate(view.transpose());
    g.s += view.colwise().sum().transpose();
  }
  return g;
}

/// Eigen-decomposition of a symmetric matrix by cyclic Jacobi rotations: A = V diag(values) V^T,
/// V orthonormal. Converges quadratically; stops when the off-diagonal part is below 1e-15 of
/// the Frobenius norm (or after 100 sweeps). O(m^3) per sweep; accurate to rounding for the
/// small and large eigenvalues alike. Eigenvalues are not sorted.
inline void symmetric_eigen(Eigen::MatrixXd A, Eigen::VectorXd& values, Eigen::MatrixXd& vectors) {
  const Eigen::Index m = A.rows();
  vectors = Eigen::MatrixXd::Identity(m, m);
  const double norm2 = A.squaredNorm();
  for (int sweep = 0; sweep < 100 && norm2 > 0; ++sweep) {
    double off = 0;
    for (Eigen::Index q = 1; q < m; ++q)
      for (Eigen::Index p = 0; p < q; ++p) off += 2 * A(p, q) * A(p, q);
    if (off <= 1e-30 * norm2) break;
    for (Eigen::Index p = 0; p < m - 1; ++p) {
      for (Eigen::Index q = p + 1; q < m; ++q) {
        const double apq = A(p, q);
        if (apq == 0) continue;
        // Rotation in the (p, q) plane that zeroes A(p, q): cot 2phi = (a_qq - a_pp) / (2 a_pq),
        // t = tan phi, the smaller root of t^2 + 2 theta t - 1 = 0.
        const double theta = (A(q, q) - A(p, p)) / (2 * apq);
        const double t = (theta >= 0 ? 1.0 : -1.0) / (std::fabs(theta) + std::sqrt(theta * theta + 1));
        const double c = 1 / std::sqrt(t * t + 1), s = t * c;
        for (Eigen::Index k = 0; k < m; ++k) {  // A <- A J (columns p, q)
          const double akp = A(k, p), akq = A(k, q);
          A(k, p) = c * akp - s * akq;
          A(k, q) = s * akp + c * akq;
        }
        for (Eigen::Index k = 0; k < m; ++k) {  // A <- J^T A (rows p, q)
          const double apk = A(p, k), aqk = A(q, k);
          A(p, k) = c * apk - s * aqk;
          A(q, k) = s * apk + c * aqk;
        }
        A(p, q) = A(q, p) = 0;
        for (Eigen::Index k = 0; k < m; ++k) {  // V <- V J
          const double vkp = vectors(k, p), vkq = vectors(k, q);
          vectors(k, p) = c * vkp - s * vkq;
          vectors(k, q) = s * vkp + c * vkq;
        }
      }
    }
  }
  values = A.diagonal();
}

/// Solves G x = b by Gaussian elimination with complete pivoting (rank revealing). Returns false
/// when a pivot is at most `tol` times the largest |G| entry (G numerically singular).
inline bool solve_full_pivot(Eigen::MatrixXd G, Eigen::VectorXd b, Eigen::VectorXd& x, double tol) {
  const Eigen::Index n = G.rows();
  std::vector<Eigen::Index> col(static_cast<std::size_t>(n));
  for (Eigen::Index i = 0; i < n; ++i) col[static_cast<std::size_t>(i)] = i;
  const double scale = G.cwiseAbs().maxCoeff();
  if (!(scale > 0)) return false;
  for (Eigen::Index k = 0; k < n; ++k) {
    Eigen::Index pr = k, pc = k;
    const double big = G.bottomRightCorner(n - k, n - k).cwiseAbs().maxCoeff(&pr, &pc);
    if (!(big > tol * scale)) return false;
    pr += k;
    pc += k;
    G.row(k).swap(G.row(pr));
    std::swap(b(k), b(pr));
    G.col(k).swap(G.col(pc));
    std::swap(col[static_cast<std::size_t>(k)], col[static_cast<std::size_t>(pc)]);
    for (Eigen::Index i = k + 1; i < n; ++i) {
      const double f = G(i, k) / G(k, k);
      G.row(i).tail(n - k) -= f * G.row(k).tail(n - k);
      b(i) -= f * b(k);
    }
  }
  Eigen::VectorXd y(n);
  for (Eigen::Index i = n - 1; i >= 0; --i) {
    double acc = b(i);
    for (Eigen::Index j = i + 1; j < n; ++j) acc -= G(i, j) * y(j);
    y(i) = acc / G(i, i);
  }
  x.resize(n);
  for (Eigen::Index i = 0; i < n; ++i) x(col[static_cast<std::size_t>(i)]) = y(i);
  return true;
}

}  // namespace tijian::detail::linalg
