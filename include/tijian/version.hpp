// SPDX-License-Identifier: MIT
// Single source of truth for the library version (read by CMake and by the Python build).
#pragma once

#define TIJIAN_VERSION_MAJOR 0
#define TIJIAN_VERSION_MINOR 1
#define TIJIAN_VERSION_PATCH 0
#define TIJIAN_VERSION "0.1.0"

namespace tijian {
inline constexpr const char* version = TIJIAN_VERSION;
}  // namespace tijian
