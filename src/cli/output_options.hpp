// SPDX-License-Identifier: MIT
// The options every subcommand that writes CSV shares: the language of labels, whether the
// header line holds column codes (for programs) or labels (for people), and the UTF-8
// byte-order mark Excel needs. They become the core's table_format (io/table_io.hpp).
#pragma once

#include <CLI/CLI.hpp>

#include <string>

#include <tijian/io/table_io.hpp>
#include <tijian/language.hpp>

namespace output_cli {

struct options {
  std::string lang, headers;
  bool bom = false;

  [[nodiscard]] tijian::language language() const {
    return lang == "zh" ? tijian::language::zh : tijian::language::en;
  }
  [[nodiscard]] tijian::table_format format() const {
    tijian::table_format f;
    f.lang = language();
    f.headers = headers == "labels" ? tijian::header_style::labels : tijian::header_style::codes;
    f.bom = bom;
    return f;
  }
};

/// Adds --lang, --headers and --bom to a subcommand, with its defaults.
inline void add(CLI::App* sub, options& o, const std::string& lang, const std::string& headers,
                const std::string& lang_help) {
  o.lang = lang;
  o.headers = headers;
  sub->add_option("--lang", o.lang, lang_help + " (default " + lang + ")")
      ->check(CLI::IsMember({"zh", "en"}));
  sub->add_option("--headers", o.headers,
                  "CSV files: 'labels' (for people: headers, categories and units in --lang, e.g.\n"
                  "达标率(比值)) or 'codes' (for programs: ASCII column names and codes, every\n"
                  "language's columns, as the Python writers and JSON keys) (default " +
                      headers + ")")
      ->check(CLI::IsMember({"codes", "labels"}));
  sub->add_flag("--bom,--excel", o.bom,
                "Start CSV files with the UTF-8 byte-order mark, so that Excel (on Chinese Windows\n"
                "too) reads them as UTF-8; leave it off for programs");
}

}  // namespace output_cli
