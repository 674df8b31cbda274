// SPDX-License-Identifier: MIT
// The language a person reads output in. Chinese output is entirely Chinese and English output
// entirely English: writers for people (the CLI's report, CSV with label headers) pick every
// word through this; files for programs use ASCII codes whatever the language.
#pragma once

#include "names.hpp"

namespace tijian {

enum class language { zh, en };

template <>
struct enum_names<language> {
  static constexpr const char* what = "language";
  static constexpr enum_name<language> entries[] = {
      {language::zh, "zh", "中文", "Chinese"},
      {language::en, "en", "英文", "English"},
  };
};

/// The text for `lang` of a pair written in both languages.
[[nodiscard]] constexpr const char* in_language(language lang, const char* zh, const char* en) noexcept {
  return lang == language::zh ? zh : en;
}

}  // namespace tijian
