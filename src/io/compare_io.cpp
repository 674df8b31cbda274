// SPDX-License-Identifier: MIT
// The tolerance file of the self-check vs third-party comparison (io/compare_io.hpp).
#include <cmath>
#include <string>

#include "csv_split.hpp"
#include "tijian/io/compare_io.hpp"
#include "toml_read.hpp"

namespace tijian {

namespace {

using io_detail::toml_reader;

tolerance read_entry(const toml_reader& rd, const toml::table& t, const std::string& what,
                     const std::string& code) {
  rd.check_keys(t, {"absolute", "relative", "note"}, what, code);
  tolerance out;
  out.indicator = code;
  out.line = t.source().begin.line;
  auto number = [&](const char* key, double& into) {
    if (const toml::node* v = t.get(key)) {
      into = rd.number(*v, key, code);
      if (!std::isfinite(into) || into < 0)
        rd.fail("bad_value", std::string("'") + key + "' must be a finite number >= 0", rd.at(*v, code));
    }
  };
  number("absolute", out.absolute);
  number("relative", out.relative);
  if (const toml::node* v = t.get("note")) out.note = rd.string(*v, "note", code);
  return out;
}

}  // namespace

tolerance_set parse_tolerances(std::string_view text, const std::string& source_name) {
  const toml_reader rd(source_name, io_detail::domain::data, "tolerances");
  return parse_tolerances(rd.parse(text), source_name);
}

tolerance_set parse_tolerances(const toml::table& doc, const std::string& source_name) {
  const toml_reader rd(source_name, io_detail::domain::data, "tolerances");
  rd.check_keys(doc, {"schema", "default", "indicator"}, "the tolerance file");
  if (const toml::node* v = doc.get("schema")) {
    const std::string s = rd.string(*v, "schema");
    if (s != "tijian/tolerances/1")
      rd.fail("schema", "schema must be \"tijian/tolerances/1\", not \"" + s + "\"", rd.at(*v),
              "schema 须为 \"tijian/tolerances/1\"，而不是 \"" + s + "\"");
  }
  tolerance_set out;
  out.source = source_name;
  if (const toml::node* v = doc.get("default"))
    out.fallback = read_entry(rd, rd.table(*v, "default"), "[default]", "");
  if (const toml::node* v = doc.get("indicator")) {
    for (auto&& [code, entry] : rd.table(*v, "indicator")) {
      const std::string c(code.str());
      out.indicators.push_back(
          read_entry(rd, rd.table(entry, "indicator." + c, c), "[indicator." + c + "]", c));
    }
  }
  return out;
}

tolerance_set load_tolerances(const std::string& path) {
  return parse_tolerances(io_detail::read_file(path, io_detail::domain::data), path);
}

}  // namespace tijian
