// SPDX-License-Identifier: MIT
// The natural logarithm as a loop body the compiler vectorises, for the entropy's sum of
// t ln t over millions of values. The C library's log is a call per value (a third of the
// entropy's time at 1,000,000 x 60); Eigen's vectorised log needs AVX to be faster and gives
// other bits than the scalar path. This one is one code path for every build: the same bits
// with SSE2, AVX or one value at a time, so entropy weights do not depend on the vector width
// or the thread count. (A build that lets the compiler fuse multiply-adds, -march with FMA,
// may differ in the last bit: the default x86-64 target has no FMA.)
#pragma once

#include <cstdint>
#include <cstring>
#include <limits>

namespace tijian::detail {

/// ln x for a normal positive double x (DBL_MIN <= x < inf), by fdlibm's method (as in musl's
/// log.c): x = 2^k (1 + f) with sqrt(2)/2 <= 1 + f < sqrt(2), s = f / (2 + f),
/// ln(1 + f) = f - f^2/2 + s (f^2/2 + R(s^2)), R a degree-7 polynomial in s^2 (|error| < 2^-58.45),
/// ln x = k ln2_hi + (ln(1 + f) + k ln2_lo). fdlibm bounds the error below 1 ulp; the tests check
/// it against std::log. No branches and no integer-to-double conversion instruction beyond SSE2
/// (k is converted through its bit pattern), so loops over it vectorise on any x86-64. Zero,
/// subnormal, negative, infinite and NaN inputs are the caller's business (clamp to DBL_MIN).
[[nodiscard]] inline double log_normal(double x) noexcept {
  constexpr double ln2_hi = 6.93147180369123816490e-01, ln2_lo = 1.90821492927058770002e-10;
  constexpr double lg1 = 6.666666666666735130e-01, lg2 = 3.999999999940941908e-01,
                   lg3 = 2.857142874366239149e-01, lg4 = 2.222219843214978396e-01,
                   lg5 = 1.818357216161805012e-01, lg6 = 1.531383769920937332e-01,
                   lg7 = 1.479819860511658591e-01;
  std::uint64_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  // shift the mantissa range [1, 2) to [sqrt(2)/2, sqrt(2)): the exponent field then holds k
  bits += (std::uint64_t{0x3ff00000} - std::uint64_t{0x3fe6a09e}) << 32;
  const std::uint64_t biased_k = bits >> 52;  // k + 1023, in [1, 2046] for normal x
  bits = (bits & 0x000fffffffffffffULL) + (std::uint64_t{0x3fe6a09e} << 32);
  double m;
  std::memcpy(&m, &bits, sizeof m);
  // k as a double without cvtsi2sd on 64-bit integers: 2^52 + biased_k, exactly, minus 2^52 + 1023
  const std::uint64_t kbits = 0x4330000000000000ULL | biased_k;
  double dk;
  std::memcpy(&dk, &kbits, sizeof dk);
  dk -= 4503599627370496.0 + 1023.0;
  const double f = m - 1.0;
  const double hfsq = 0.5 * f * f;
  const double s = f / (2.0 + f);
  const double z = s * s;
  const double w = z * z;
  const double t1 = w * (lg2 + w * (lg4 + w * lg6));
  const double t2 = z * (lg1 + w * (lg3 + w * (lg5 + w * lg7)));
  const double r = t2 + t1;
  return s * (hfsq + r) + dk * ln2_lo - hfsq + f + dk * ln2_hi;
}

/// sum of t ln t over n finite values t >= 0 (0 ln 0 = 0), in four interleaved partial sums
/// added as (s0 + s1) + (s2 + s3): a fixed order, so the same bits vectorised or not. The log
/// reads t + DBL_MIN, which is t itself for t > 1e-292 and keeps ln finite at t = 0 (0 ln 0 = 0)
/// without a branch (a branch stops the vectorisation): the absolute error is below 1e-290.
[[nodiscard]] inline double sum_t_ln_t(const double* t, std::ptrdiff_t n) noexcept {
  constexpr double tiny = std::numeric_limits<double>::min();
  double s[4] = {0, 0, 0, 0};
  const std::ptrdiff_t n4 = n & ~std::ptrdiff_t{3};
  for (std::ptrdiff_t i = 0; i < n4; i += 4)
    for (std::ptrdiff_t l = 0; l < 4; ++l) {
      const double v = t[i + l];
      s[l] += v * log_normal(v + tiny);
    }
  for (std::ptrdiff_t i = n4; i < n; ++i) s[0] += t[i] * log_normal(t[i] + tiny);
  return (s[0] + s[1]) + (s[2] + s[3]);
}

/// sum of p ln(p + eps) over n finite values p >= 0, eps >= 0 (the log_epsilon entropy), in the
/// same fixed order and with the same DBL_MIN guard; a term with p = 0 is 0.
[[nodiscard]] inline double sum_p_ln_p_eps(const double* p, std::ptrdiff_t n, double eps) noexcept {
  constexpr double tiny = std::numeric_limits<double>::min();
  double s[4] = {0, 0, 0, 0};
  const std::ptrdiff_t n4 = n & ~std::ptrdiff_t{3};
  for (std::ptrdiff_t i = 0; i < n4; i += 4)
    for (std::ptrdiff_t l = 0; l < 4; ++l) {
      const double v = p[i + l];
      s[l] += v * log_normal(v + eps + tiny);
    }
  for (std::ptrdiff_t i = n4; i < n; ++i) s[0] += p[i] * log_normal(p[i] + eps + tiny);
  return (s[0] + s[1]) + (s[2] + s[3]);
}

}  // namespace tijian::detail
