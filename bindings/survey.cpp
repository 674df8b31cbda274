// SPDX-License-Identifier: MIT
// tijian._core.survey(): the resident satisfaction survey (tijian/survey.hpp).
//
// Conversion only: the definition arrives as a path or a dict (read by the core's reader,
// io/survey_io.hpp), the answers as a path or as a header and rows of text (a DataFrame's cells
// as the package wrote them), which become a text_grid read by the same reader as a file, so
// every answer is checked and every error worded in one place. The objective scores arrive as
// a path or as (dimension, score) pairs. The result goes back as the core's tables.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <string>
#include <utility>
#include <vector>

#include <tijian/io/survey_io.hpp>
#include <tijian/survey_tables.hpp>

#include "common.hpp"

namespace tijian_py {

void register_survey(py::module_& m) {
  m.def(
      "survey",
      [](const py::object& definition, const std::string& definition_kind,
         const std::string& definition_source, const py::object& data_path,
         const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
         const std::string& data_source, const py::object& objective_path,
         const std::vector<std::pair<std::string, double>>& objective, const py::dict& overrides) {
        // a path, TOML text or a dict: the core's one reader in every case
        tijian::survey_definition d =
            definition_kind == "path" ? tijian::load_survey_definition(definition.cast<std::string>())
            : definition_kind == "text"
                ? tijian::parse_survey_definition(definition.cast<std::string>(), definition_source)
                : survey_definition_from_py(definition, definition_source);
        if (overrides.contains("built_up_population"))
          d.built_up_population =
              arg_as<double>(overrides["built_up_population"], "survey.bad_value", "population");
        if (overrides.contains("threshold"))
          d.threshold = arg_as<double>(overrides["threshold"], "survey.bad_value", "threshold");
        if (overrides.contains("gap_rule"))
          d.gap.rule = tijian::parse_enum<tijian::gap_rule>(
              arg_as<std::string>(overrides["gap_rule"], "survey.bad_value", "gap_rule"), "survey.bad_value");
        if (overrides.contains("gap_max"))
          d.gap.max_gap = arg_as<double>(overrides["gap_max"], "survey.bad_value", "gap_max");
        std::vector<tijian::objective_score> obj;
        for (const auto& [dim, score] : objective) obj.push_back({dim, score, "objective"});
        const bool from_file = !data_path.is_none();
        const std::string path = from_file ? data_path.cast<std::string>() : std::string();
        const std::string opath = objective_path.is_none() ? std::string()
                                                           : objective_path.cast<std::string>();
        tijian::survey_result r;
        {
          py::gil_scoped_release release;
          tijian::survey_responses resp;
          if (from_file) {
            resp = tijian::load_survey_responses(path, d);
          } else {
            // a DataFrame: header on row 1, respondents from row 2, as in its Excel export
            tijian::text_grid g;
            g.source = data_source;
            g.header = header;
            g.rows = rows;
            g.header_line = 1;
            for (std::size_t i = 0; i < rows.size(); ++i) g.lines.push_back(i + 2);
            resp = tijian::read_survey_responses(g, d);
          }
          if (!opath.empty()) obj = tijian::load_objective_scores(opath);
          r = tijian::analyse_survey(d, resp, obj);
        }
        const tijian::document doc = tijian::describe(r);
        py::dict out = tables_py(doc);
        py::dict fields = fields_py(doc);
        out["options"] = fields["options"];
        out["provenance"] = fields["provenance"];
        out["respondents"] = r.respondents;
        out["n_eff"] = r.n_eff;
        out["respondent_weights"] = r.weights;
        out["document"] = doc;  // for to_excel
        return out;
      },
      py::arg("definition"), py::arg("definition_kind"), py::arg("definition_source"), py::arg("data_path"),
      py::arg("header"), py::arg("rows"), py::arg("data_source"), py::arg("objective_path"),
      py::arg("objective"), py::arg("overrides"),
      "Reads the survey definition and answers with the core's readers and runs tijian::analyse_survey "
      "(internal; use tijian.survey). The GIL is released.");
}

}  // namespace tijian_py
