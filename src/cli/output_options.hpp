// SPDX-License-Identifier: MIT
// The options every subcommand that writes CSV shares: the language of labels, whether the
// header line holds column codes (for programs) or labels (for people), and the UTF-8
// byte-order mark Excel needs. They become the core's table_format (io/table_io.hpp). And the
// one writer of --out for commands whose result is a document: .json (everything, for programs)
// .csv (its tables, in these options' format) or .xlsx (one workbook).
#pragma once

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>
#include <vector>

#include <tijian/error.hpp>
#include <tijian/io/table_io.hpp>
#include <tijian/language.hpp>
#include <tijian/table.hpp>

namespace output_cli {

/// Report wording in the language of --lang: w("中文", "English").
struct words {
  bool zh = true;
  [[nodiscard]] std::string operator()(const char* z, const char* e) const { return zh ? z : e; }
};

struct options {
  std::string lang, headers;
  bool bom = false;
  bool pretty = false;                          ///< --pretty: indented JSON
  const CLI::Option* headers_option = nullptr;  ///< to tell a --headers given from its default

  [[nodiscard]] tijian::language language() const {
    return lang == "zh" ? tijian::language::zh : tijian::language::en;
  }
  [[nodiscard]] tijian::table_format format() const {
    tijian::table_format f;
    f.lang = language();
    f.headers = headers == "labels" ? tijian::header_style::labels : tijian::header_style::codes;
    f.bom = bom;
    f.pretty = pretty;
    return f;
  }
};

/// Adds --lang, --headers, --bom and --pretty to a subcommand, with its defaults.
inline void add(CLI::App* sub, options& o, const std::string& lang, const std::string& headers,
                const std::string& lang_help) {
  o.lang = lang;
  o.headers = headers;
  sub->add_option("--lang", o.lang, lang_help + " (default " + lang + ")")
      ->check(CLI::IsMember({"zh", "en"}))
      ->default_str(lang);  // the language of error messages when --lang is not given (exit_status.hpp)
  o.headers_option =
      sub->add_option("--headers", o.headers,
                      "CSV files: 'labels' (for people: headers, categories and units in --lang, e.g.\n"
                      "达标率(比值)) or 'codes' (for programs: ASCII column names and codes, every\n"
                      "language's columns, as the Python writers and JSON keys) (default " +
                          headers + ")")
          ->check(CLI::IsMember({"codes", "labels"}));
  sub->add_flag("--bom,--excel", o.bom,
                "Start CSV files with the UTF-8 byte-order mark, so that Excel (on Chinese Windows\n"
                "too) reads them as UTF-8; leave it off for programs");
  sub->add_flag("--pretty", o.pretty, "JSON files indented for people (compact by default)");
}

/// A column's heading in the printed report: in Chinese the label of the core's description of
/// the table (the one place labels live), in English the report's short heading `en`.
[[nodiscard]] inline std::string heading(const tijian::table& t, std::string_view column, const words& w,
                                         const std::string& en) {
  const std::string& zh = t.at(column).label_zh;
  return w.zh && !zh.empty() ? zh : en;
}

enum class out_file { json, csv, xlsx };

/// What --out asks for, by its extension (any case); recipe_error "io.out_extension" (the id of the
/// core's writer, io/table_io.hpp) for another one,
/// so that a command can refuse it before any work (exit 2, nothing written).
[[nodiscard]] inline out_file out_kind(const std::string& path) {
  auto ends = [&](const std::string& tail) {
    return path.size() >= tail.size() &&
           std::equal(tail.rbegin(), tail.rend(), path.rbegin(),
                      [](char a, char b) { return std::tolower(static_cast<unsigned char>(b)) == a; });
  };
  if (ends(".json")) return out_file::json;
  if (ends(".csv")) return out_file::csv;
  if (ends(".xlsx")) return out_file::xlsx;
  throw tijian::recipe_error("io.out_extension",
                             "--out must end in .csv, .json or .xlsx (got '" + path + "')", {},
                             "--out 须以 .csv、.json 或 .xlsx 结尾（而不是 '" + path + "'）");
}

/// Writes a document to --out (nothing for an empty path): JSON with its schema, every table as
/// CSV in the format of `o`, or every table as a sheet of one workbook (for people: labels in
/// --lang unless --headers says codes). Returns the files written, each complete or not at all.
/// --out as one output of tijian::write_documents (the format as write() uses it).
[[nodiscard]] inline tijian::document_output output(const tijian::document& d, const std::string& path,
                                                    const options& o) {
  tijian::table_format f = o.format();
  if (out_kind(path) == out_file::xlsx && (o.headers_option == nullptr || o.headers_option->count() == 0))
    f.headers = tijian::header_style::labels;
  return {&d, path, f};
}

inline std::vector<std::string> write(const tijian::document& d, const std::string& path, const options& o) {
  if (path.empty()) return {};
  return tijian::write_documents({output(d, path, o)});
}

}  // namespace output_cli
