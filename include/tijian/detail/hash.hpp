// SPDX-License-Identifier: MIT
// FNV-1a 64-bit hashing for provenance (framework, data and recipe fingerprints). Not
// cryptographic: it detects accidental change, not tampering.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace tijian::detail {

struct fnv1a_hasher {
  std::uint64_t state = 0xcbf29ce484222325ULL;
  void add(const void* data, std::size_t n) noexcept {
    const auto* p = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < n; ++i) {
      state ^= p[i];
      state *= 0x100000001b3ULL;
    }
  }
  void add(std::string_view s) noexcept {
    add(s.data(), s.size());
    const char sep = '\x1f';  // unit separator: "ab","c" and "a","bc" hash differently
    add(&sep, 1);
  }
  void add(double v) noexcept {
    if (v == 0.0) v = 0.0;  // +0 and -0 are the same number
    std::uint64_t bits;
    std::memcpy(&bits, &v, sizeof bits);
    if (v != v) bits = 0x7ff8000000000000ULL;  // one NaN
    add(&bits, sizeof bits);
  }
};

[[nodiscard]] inline std::uint64_t fnv1a(std::string_view s) noexcept {
  fnv1a_hasher h;
  h.add(s.data(), s.size());
  return h.state;
}

[[nodiscard]] inline std::string hex(std::uint64_t v) {
  static const char* digits = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i) {
    out[static_cast<std::size_t>(i)] = digits[v & 0xfU];
    v >>= 4;
  }
  return out;
}

}  // namespace tijian::detail
