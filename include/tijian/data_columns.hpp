// SPDX-License-Identifier: MIT
// Which columns of a data table a framework reads: the one place that decides it for every
// reader of tables (the CSV and workbook readers keep every column and score() sorts them here;
// the Python layer asks before copying, so that a text column it will not read is never
// converted). A column is
//   - an input: an indicator of the framework, or a column an indicator is divided by
//     (`denominator`, prepare.hpp);
//   - a label: the units, periods, unit names or groups, named by the caller;
//   - unknown: anything else, refused ("data.unknown_column") or, under the recipe's
//     unknown_columns = "ignore", left out and noted ("data.unknown_column_ignored").
// A name given twice is refused ("data.duplicate_column"), labels included.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "error.hpp"
#include "framework.hpp"
#include "recipe.hpp"
#include "result.hpp"

namespace tijian {

/// The names of the framework's input columns: its indicators and their denominators.
[[nodiscard]] inline std::set<std::string> data_input_names(const framework& fw) {
  std::set<std::string> out;
  for (std::size_t k : fw.leaves()) {
    out.insert(fw.node(k).code);
    if (!fw.node(k).denominator.empty()) out.insert(fw.node(k).denominator);
  }
  return out;
}

/// The refusal of a data column the framework does not know (unknown_columns = "error").
[[noreturn]] inline void throw_unknown_column(const framework& fw, const std::string& source,
                                              const std::string& name) {
  location l;
  l.file = source;
  l.line = 1;
  l.indicator = name;
  throw data_error("data.unknown_column",
                   "data column is not an indicator of the framework" +
                       (fw.source().empty() ? std::string() : " '" + fw.source() + "'") +
                       ": add it to the framework, remove it, name it as a label column (units, periods, "
                       "unit names, groups), or set unknown_columns = \"ignore\" in the recipe",
                   l);
}

/// The note of an unknown data column left out (unknown_columns = "ignore"): a warning where
/// the run scores, information where the check only reads the indicators it checks.
inline void note_unknown_column(std::vector<diagnostic>& out, const std::string& name, severity level) {
  detail::add_diag(out, "data", "data.unknown_column_ignored", level, name, {},
                   {"data column is not an indicator of the framework and was left out",
                    "数据列不是指标体系中的指标, 已略去"});
}

/// The columns of a table a framework reads, and those it leaves out.
struct data_column_plan {
  std::vector<std::size_t> inputs;    ///< positions of the input columns, in table order
  std::vector<std::string> left_out;  ///< unknown columns left out (unknown_columns = "ignore")
};

/// Sorts the columns `names` of the table `source`; `labels[j]` marks a label column (may be
/// empty: none). Throws data_error "data.duplicate_column" for a name given twice and, under
/// unknown_columns = "error", "data.unknown_column" for the first unknown column.
[[nodiscard]] inline data_column_plan plan_data_columns(const framework& fw,
                                                        const std::vector<std::string>& names,
                                                        const std::vector<bool>& labels,
                                                        unknown_columns policy, const std::string& source) {
  std::set<std::string> seen;
  for (const auto& name : names)
    if (!seen.insert(name).second) {
      location l;
      l.file = source;
      l.line = 1;
      l.indicator = name;
      throw data_error("data.duplicate_column", "column appears twice in the table", l);
    }
  const std::set<std::string> inputs = data_input_names(fw);
  data_column_plan out;
  for (std::size_t j = 0; j < names.size(); ++j) {
    if (j < labels.size() && labels[j]) continue;
    if (inputs.count(names[j])) {
      out.inputs.push_back(j);
    } else {
      if (policy == unknown_columns::error) throw_unknown_column(fw, source, names[j]);
      out.left_out.push_back(names[j]);
    }
  }
  return out;
}

}  // namespace tijian
