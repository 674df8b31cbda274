// SPDX-License-Identifier: MIT
// The fingerprint of one column of values (panel::column_hash, part of a result's data hash):
// FNV-1a over the bits of each value, in four interleaved lanes (value i feeds lane i mod 4, the
// tail lane 0) so that a pass reading the column four values at a time can take it on the way
// (fit_column does, while it fits the normalisation). -0 counts as +0 and every NaN as one NaN.
#pragma once

#include <cstdint>
#include <cstring>

namespace tijian::detail {

inline constexpr std::uint64_t column_hash_prime = 0x100000001b3ULL;

inline void column_hash_start(std::uint64_t (&lane)[4]) noexcept {
  lane[0] = 0xcbf29ce484222325ULL;
  lane[1] = 0x84222325cbf29ce4ULL;
  lane[2] = 0x9ce484222325cbf2ULL;
  lane[3] = 0x2325cbf29ce48422ULL;
}

[[nodiscard]] inline std::uint64_t column_hash_step(std::uint64_t lane, double v) noexcept {
  std::uint64_t bits;
  if (v == 0.0) v = 0.0;
  std::memcpy(&bits, &v, sizeof bits);
  return (lane ^ (v != v ? 0x7ff8000000000000ULL : bits)) * column_hash_prime;
}

[[nodiscard]] inline std::uint64_t column_hash_finish(const std::uint64_t (&lane)[4]) noexcept {
  std::uint64_t c = lane[0];
  for (int k = 1; k < 4; ++k) c = (c ^ lane[k]) * column_hash_prime;
  return c;
}

}  // namespace tijian::detail
