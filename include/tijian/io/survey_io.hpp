// SPDX-License-Identifier: MIT
// Reading the resident survey (survey.hpp): its definition (TOML) and the respondents' answers
// as survey platforms export them (问卷星 and similar: one row per respondent, one column per
// question), read through text_grid so that CSV and Excel arrive alike. Compiled, in
// src/io/survey_io.cpp.
//
// Definition file (TOML, schema "tijian/survey/1"; examples/survey/survey.toml):
//
//   schema = "tijian/survey/1"          # optional; if present exactly this
//   survey = "2025 resident survey"     # name
//   unit = "C01"                        # the city surveyed (code, name) and the period
//   unit_name = "示例市"
//   period = "2025"
//   built_up_population = 2500000       # people in the built-up area: the 0.6‰-1.5‰ rule
//   threshold = 60                      # items below it are problems (HB25 l.2071)
//   confidence = 0.95
//   breakdowns = ["district", "age_group", "gender"]   # also "community", "occupation"
//
//   [answers]                           # all optional; the defaults are ours (survey.hpp)
//   numbers = "high_is_best"            # 5 = the best level; "low_is_best"; "rejected"
//   dont_know = ["不了解", "不清楚"]       # texts meaning "don't know"
//   dont_know_policy = "exclude"        # or "score" with dont_know_score = 60
//   blank_policy = "exclude"            # or "score" with blank_score = ...
//
//   [[scale]]                           # optional: replaces the default 满意 100 .. 不满意 20
//   code = "very_satisfied"; zh = "非常满意"; en = "very satisfied"; score = 100
//   texts = ["非常满意"]                   # accepted spellings (the zh label when absent)
//
//   [respondents]                       # column headers of the attributes ("" = none)
//   community = "社区"; district = "区"; gender = "性别"; age = "年龄"
//   age_group = "年龄段"; occupation = "职业"; id = "序号"
//   ignore = ["序号", "提交答卷时间"]        # other export columns left alone (default: 问卷星's)
//   unknown_columns = "error"           # or "ignore": any other column
//   public_sector = ["党政机关", "事业单位"] # occupations counted as 党政机关或事业人员
//   [respondents.age_groups]            # age-group labels -> 16_30 / 30_60 / 60_plus
//   "25-35岁" = "30_60"
//
//   [weighting]                         # optional post-stratification
//   by = ["district", "age_group"]
//   empty_cells = "error"               # or "collapse"
//   [[weighting.share]]
//   district = "东城区"; age_group = "16_30"; share = 0.12   # shares or population counts
//
//   [gap]                               # the objective-subjective gap (温差); ours
//   rule = "either"                     # "crossing", "absolute" or "either"
//   threshold = 60; max_gap = 20
//
//   [[item]]
//   code = "H1"; column = "Q1 建筑安全"; dimension = "住房"
//   indicator = "N01"                   # optional: the indicator it informs
//   name_zh = "建筑安全"; name_en = "building safety"; weight = 1
//
// An attribute column named explicitly must exist in the export; the defaults are used when
// present. Errors: recipe_error "survey.*" for the definition (file, line, key), data_error
// "survey.*" for the answers (file, row, column, value).
#pragma once

#include <toml++/toml.h>

#include <string>
#include <string_view>
#include <vector>

#include "../survey.hpp"
#include "text_grid.hpp"

namespace tijian {

/// Loads a survey definition file. recipe_error "io.read", "survey.syntax", "survey.schema",
/// "survey.unknown_key", "survey.wrong_type", "survey.missing_key", "survey.bad_value",
/// "survey.definition".
[[nodiscard]] survey_definition load_survey_definition(const std::string& path);
[[nodiscard]] survey_definition parse_survey_definition(std::string_view text,
                                                        const std::string& source_name);
/// The definition of a table shaped like the file (the Python bindings' dicts); same errors.
[[nodiscard]] survey_definition parse_survey_definition(const toml::table& doc,
                                                        const std::string& source_name);

/// The respondents of an export: every item column and the attribute columns found by header,
/// every cell checked (survey.hpp parse_answer, parse_age, ...). data_error
/// "survey.missing_column" (an item's column is not in the export), "survey.unknown_column"
/// (a column that is neither item, attribute nor ignored), "survey.duplicate_column",
/// "survey.bad_answer", "survey.bad_age", "survey.under_16", "survey.bad_age_group",
/// "survey.bad_gender": each naming the file, row (line), column and value.
[[nodiscard]] survey_responses read_survey_responses(const text_grid& grid, const survey_definition& d);
[[nodiscard]] survey_responses load_survey_responses(const std::string& path, const survey_definition& d,
                                                     const grid_options& options = {});

/// Objective dimension scores (0-100) from a table with the columns `dimension` and `score`
/// (or 维度 and 得分). data_error "survey.objective" naming file, row and column.
[[nodiscard]] std::vector<objective_score> read_objective_scores(const text_grid& grid);
[[nodiscard]] std::vector<objective_score> load_objective_scores(const std::string& path,
                                                                 const grid_options& options = {});

}  // namespace tijian
