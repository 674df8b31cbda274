// SPDX-License-Identifier: MIT
// The random-number kernels, written once over the lane operations of detail/simd.hpp and
// included by detail/random.hpp inside one namespace per instruction set (as
// detail/batch_kernels.ipp), so that draws come several streams per vector instruction with
// the bits of the scalar code.
//
//   log_positive     ln x of positive normal doubles: 2 atanh(s), s = (m - 1) / (m + 1)
//   stream_lanes     xoshiro256** streams side by side, lane l = random_stream l
//   exponential_lanes  standard exponentials of L streams at once
//   lanes_to_columns   their lane-interleaved draws to one column per stream, scaled
// (no include guard, no includes: the including header provides both)

/// ln x for positive normal x (no zero, subnormal, infinity or NaN: the callers' inputs are
/// uniforms in (0, 1]). x = 2^e m with m in (sqrt 1/2, sqrt 2]; ln m = 2 atanh s with
/// s = (m - 1) / (m + 1), |s| <= 0.172, as the odd series up to s^21 (truncation below
/// 1e-18 relative). Multiply-adds are explicit fused ones, so every level gives the same bits.
template <class O>
inline typename O::vd log_positive(typename O::vd x) noexcept {
  using vd = typename O::vd;
  const auto bits = O::as_u64(x);
  // the exponent as a double, exactly: (2^52 + biased exponent) - (2^52 + 1023)
  const vd biased = O::as_double(O::u_or(O::template u_shr<52>(bits), O::u_set1(0x4330000000000000ULL)));
  const vd e0 = O::sub(biased, O::set1(0x1p52 + 1023));
  const vd m0 = O::as_double(
      O::u_or(O::u_and(bits, O::u_set1(0x000fffffffffffffULL)), O::u_set1(0x3ff0000000000000ULL)));
  const vd sqrt2 = O::set1(1.4142135623730951);
  const vd e = O::select_gt(m0, sqrt2, O::add(e0, O::set1(1.0)), e0);
  const vd m = O::select_gt(m0, sqrt2, O::mul(m0, O::set1(0.5)), m0);  // exact halving
  const vd f = O::sub(m, O::set1(1.0));                                // exact (Sterbenz)
  const vd s = O::div(f, O::add(O::set1(2.0), f));
  const vd two_s = O::add(s, s);
  const vd z2 = O::mul(s, two_s);  // 2 s^2
  vd p = O::set1(1.0 / 21);        // p = 1/3 + z/5 + z^2/7 + ... + z^9/21, z = s^2
  const vd z = O::mul(s, s);
  for (const double c :
       {1.0 / 19, 1.0 / 17, 1.0 / 15, 1.0 / 13, 1.0 / 11, 1.0 / 9, 1.0 / 7, 1.0 / 5, 1.0 / 3})
    p = O::fma(p, z, O::set1(c));
  // ln m = 2s + s R with R = 2 z p, rewritten (2s = f - s f) around the exact f as
  // f - (h f - s (h f + R)), h = f / 2, so that only small terms are rounded; then + e ln 2 with
  // ln 2 split so that e ln2_hi is exact (ln2_hi has 32 significant bits). No product feeds a
  // sum except through an explicit fma, so compilers that contract a * b + c into an fma
  // (GCC does where the target has one) cannot change the bits between levels.
  const vd h = O::mul(O::set1(0.5), f);  // exact
  const vd R = O::mul(z2, p);
  const vd small = O::fma(s, O::fma(h, f, R), O::mul(e, O::set1(0x1.a39ef35793c76p-33)));
  const vd d = O::sub(O::fma(h, f, O::sub(O::zero(), small)), f);
  return O::fma(e, O::set1(0x1.62e42fee00000p-1), O::sub(O::zero(), d));
}

/// Standard exponential draws -ln u from raw 64-bit outputs: u = 2 - [1, 2) from the top 52
/// bits, in (0, 1], so never ln 0.
template <class O>
inline typename O::vd exponential_from_bits(typename O::vu x) noexcept {
  const auto one_two = O::as_double(O::u_or(O::template u_shr<12>(x), O::u_set1(0x3ff0000000000000ULL)));
  return O::sub(O::zero(), log_positive<O>(O::sub(O::set1(2.0), one_two)));
}

/// xoshiro256** in L lanes: lane l reproduces random_stream bit for bit.
template <class O>
struct stream_lanes {
  typename O::vu s0, s1, s2, s3;

  typename O::vu next() noexcept {
    const auto times5 = O::u_add(O::template u_shl<2>(s1), s1);
    const auto r = O::template u_rotl<7>(times5);
    const auto out = O::u_add(O::template u_shl<3>(r), r);  // x 9
    const auto t = O::template u_shl<17>(s1);
    s2 = O::u_xor(s2, s0);
    s3 = O::u_xor(s3, s1);
    s1 = O::u_xor(s1, s2);
    s0 = O::u_xor(s0, s3);
    s2 = O::u_xor(s2, t);
    s3 = O::template u_rotl<45>(s3);
    return out;
  }
};

/// m standard exponentials from each of L streams, random_stream(seeds[l]) in lane l:
/// out[j L + l] is draw j of stream l. sums[l] (if not null): stream l's draws summed in order
/// from 0, the bits of a scalar loop over its column.
template <class O>
inline void exponential_lanes(const std::uint64_t* seeds, std::size_t m, double* out,
                              double* sums = nullptr) noexcept {
  constexpr int L = O::lanes;
  std::uint64_t words[4][L];
  for (int l = 0; l < L; ++l) {
    const random_stream g(seeds[l]);
    for (int i = 0; i < 4; ++i) words[i][l] = g.state(i);
  }
  stream_lanes<O> g{O::u_load(words[0]), O::u_load(words[1]), O::u_load(words[2]), O::u_load(words[3])};
  typename O::vd sum = O::zero();
  for (std::size_t j = 0; j < m; ++j) {
    const auto e = exponential_from_bits<O>(g.next());
    O::store(out + j * L, e);
    sum = O::add(sum, e);
  }
  if (sums) O::store_lanes(sums, sum);
}

/// The lane-interleaved draws of exponential_lanes (in[j L + l], j < m) to L columns of m
/// (out[l m + j]), each times factor[l]: whole blocks of L draws transposed in registers.
template <class O>
inline void lanes_to_columns(const double* in, std::size_t m, const double* factor, double* out) noexcept {
  constexpr std::size_t L = static_cast<std::size_t>(O::lanes);
  std::size_t j = 0;
  for (; j + L <= m; j += L) O::transpose_scaled(in + j * L, factor, out + j, m);
  for (; j < m; ++j)
    for (std::size_t l = 0; l < L; ++l) out[l * m + j] = in[j * L + l] * factor[l];
}

/// ln x computed in every lane of a vector, the last lane returned: a scalar entry point
/// (vector arguments cannot cross into code compiled without the target).
template <class O>
inline double log_in_lanes(double x) noexcept {
  double lanes[8];
  O::store_lanes(lanes, log_positive<O>(O::set1(x)));
  return lanes[O::lanes - 1];
}
