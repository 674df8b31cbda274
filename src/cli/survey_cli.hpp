// SPDX-License-Identifier: MIT
// The `tijian survey` subcommand: the resident satisfaction survey (居民问卷抽样调查;
// tijian/survey.hpp) from a survey definition (TOML) and the platform's export of the answers
// (CSV, or any table text_grid reads). Kept apart from main.cpp, which only registers it.
// Nothing is computed here: the tables come from survey_tables.hpp and go through the generic
// writers (io/table_io.hpp), every file complete or none.
#pragma once

#include <CLI/CLI.hpp>

#include <cmath>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include <tijian/io/survey_io.hpp>
#include <tijian/io/table_io.hpp>
#include <tijian/survey.hpp>
#include <tijian/survey_tables.hpp>

#include "number_options.hpp"
#include "output_options.hpp"

namespace survey_cli {

struct options {
  output_cli::options output;
  std::string definition, data, objective, out, json, gap_rule;
  double population = std::nan(""), gap_max = std::nan(""), threshold = std::nan("");
  bool quiet = false;
};

inline CLI::App* add(CLI::App& app, options& o) {
  auto* c = app.add_subcommand(
      "survey",
      "The resident satisfaction survey (居民问卷抽样调查): item, dimension and group scores with\n"
      "95 % intervals (Kish effective n under the respondent weights), Cronbach's alpha per\n"
      "dimension, the handbook's sample rules (>= 6 per community, >= 1,500 per city,\n"
      "0.6‰-1.5‰ of the built-up population, ages 16+, age quotas, women <= 70 %,\n"
      "党政机关/事业单位 <= 15 %), items below 60 points and, with --objective, the\n"
      "objective-subjective gap (温差) as a problem list whose origin is 'residents'.\n"
      "The answer scale and scores (满意 100 .. 不满意 20), the 不了解 policy, item weights and the\n"
      "gap rule are ours where the handbook is silent; the survey definition can change them.");
  c->add_option("-s,--survey", o.definition, "Survey definition (TOML, tijian/survey/1; see examples/survey)")
      ->required()
      ->check(CLI::ExistingFile);
  c->add_option("-d,--data", o.data, "Answers as the survey platform exports them: one row per respondent")
      ->required()
      ->check(CLI::ExistingFile);
  c->add_option("--objective", o.objective,
                "Objective dimension scores (0-100): a table with columns dimension and score, e.g.\n"
                "the dimension scores of tijian score or of the check's composite");
  c->add_option("--population", o.population,
                "Built-up-area population (people), for the 0.6‰-1.5‰ rule (overrides the definition)")
      ->check(number_cli::real(1, 1e10));
  c->add_option("--gap-rule", o.gap_rule, "crossing, absolute or either (overrides the definition)")
      ->check(CLI::IsMember({"crossing", "absolute", "either"}));
  c->add_option("--gap-max", o.gap_max,
                "Largest |felt - objective| not flagged, points (default 20; 0 to 100)")
      ->check(number_cli::real(0, 100));
  c->add_option("--threshold", o.threshold,
                "Items below this many points are problems (default 60; 0 to 100)")
      ->check(number_cli::real(0, 100));
  c->add_option("-o,--out", o.out,
                "Write the item table as CSV, and beside it <stem>-dimensions.csv, -groups, -alpha,\n"
                "-adequacy, -communities, -weights, -gap and -problems (complete or not at all)");
  c->add_option("--json", o.json, "Write the whole result (options, provenance, every table) as JSON");
  c->add_flag("-q,--quiet", o.quiet, "Print nothing but errors");
  output_cli::add(c, o.output, "zh", "codes", "Language of the printed summary and of CSV labels");
  return c;
}

inline std::string num(double v, int decimals = 1) {
  if (std::isnan(v)) return "-";
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

/// Display width of UTF-8 text: CJK characters take two columns.
inline std::size_t width(const std::string& s) {
  std::size_t w = 0;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    w += len >= 3 ? 2 : 1;
    i += len;
  }
  return w;
}

inline std::string pad(const std::string& s, std::size_t w, bool right = false) {
  const std::size_t have = width(s);
  if (have >= w) return s;
  return right ? std::string(w - have, ' ') + s : s + std::string(w - have, ' ');
}

inline void print(const tijian::survey_result& r, bool zh, std::ostream& out) {
  auto t = [zh](const char* z, const char* e) { return std::string(zh ? z : e); };
  const auto& d = r.definition;
  out << t("居民问卷抽样调查", "Resident survey") << (d.name.empty() ? "" : ": " + d.name)
      << (d.unit_name.empty() ? "" : " (" + d.unit_name + (d.period.empty() ? "" : ", " + d.period) + ")")
      << "\n";
  out << t("样本量 ", "Respondents ") << r.respondents << t("，有效样本量（Kish）", ", effective n (Kish) ")
      << num(r.n_eff);
  out << (zh ? "；权重：" : "; weights: ")
      << (d.weighting ? t("按人口占比事后分层（", "post-stratified to population shares by ")
                      : t("等权", "equal"));
  if (d.weighting) {
    for (std::size_t k = 0; k < d.weighting->by.size(); ++k) out << (k ? " x " : "") << d.weighting->by[k];
    if (zh) out << "）";
  }
  out << "\n" << t("计分（本工具默认，手册未规定）：", "Scores (our default; the handbook gives none): ");
  for (std::size_t k = 0; k < d.scale.size(); ++k)
    out << (k ? ", " : "") << d.scale[k].zh << " " << tijian::detail::format_double(d.scale[k].score);
  out << t("；不了解：", "; don't know: ")
      << (d.dont_know_policy == tijian::missing_answer_policy::exclude
              ? t("不计入均值", "left out of the mean")
              : t("计分 ", "scored ") + num(d.dont_know_score, 0))
      << "\n\n";
  out << pad(t("题目", "Item"), 22) << pad(t("维度", "Dimension"), 16) << pad(t("得分", "Score"), 8, true)
      << pad(t("有效", "Answered"), 10, true) << pad(t("不了解", "Don't know"), 12, true)
      << pad(t("未答", "Blank"), 8, true) << "\n";
  for (const auto& it : r.items)
    out << pad(it.code + " " +
                   (zh ? (it.name_zh.empty() ? it.column : it.name_zh)
                       : (it.name_en.empty() ? "" : it.name_en)),
               22)
        << pad(it.dimension, 16) << pad(num(it.score), 8, true) << pad(std::to_string(it.answered), 10, true)
        << pad(std::to_string(it.dont_know), 12, true) << pad(std::to_string(it.blank), 8, true)
        << (it.below_threshold ? t("  低于60分", "  below 60") : "") << "\n";
  out << "\n" << t("维度满意度与信度", "Dimension scores and reliability") << "\n";
  for (std::size_t k = 0; k < r.dimensions.size(); ++k) {
    const auto& dm = r.dimensions[k];
    const auto& a = r.alpha[k];
    out << "  " << pad(dm.dimension, 16) << pad(num(dm.score), 7, true) << t("  α = ", "  alpha = ")
        << num(a.alpha, 3) << t("（完整作答 ", " (complete cases ") << a.complete_cases << t("）", ")")
        << "\n";
  }
  const std::string pct = tijian::detail::format_double(100 * d.confidence);
  for (const auto& g : r.groups)
    if (g.variable == "all" && g.dimension.empty())
      out << t("总体满意度 ", "Overall ") << num(g.mean) << "（" << pct << "% CI " << num(g.ci_low) << "-"
          << num(g.ci_high) << "，n_eff " << num(g.n_eff) << "）\n";
  out << "\n" << t("样本合规性（手册 HB25 l.241-253）", "Sample adequacy (handbook HB25 l.241-253)") << "\n";
  for (const auto& a : r.adequacy) {
    const char* v = tijian::label(a.verdict, zh);
    out << "  " << pad(zh ? a.rule_zh : a.rule_en, 46)
        << pad(num(a.value, a.unit_en == "responses" ? 0 : 2), 10, true) << " "
        << pad(zh ? a.unit_zh : a.unit_en, 10) << v << "\n";
  }
  out << t(
      "  注：0.6‰-1.5‰按千分比理解（手册OCR为“0.6‰-1.5%”），见参考文件§3。\n",
      "  Note: 0.6‰-1.5‰ read as per mille at both ends (the handbook's OCR prints 0.6‰-1.5%), reference §3.\n");
  if (!r.gaps.empty()) {
    out << "\n"
        << t("主客观温差", "Objective-subjective gap") << " (" << tijian::to_string(d.gap.rule) << ")\n";
    for (const auto& g : r.gaps)
      out << "  " << pad(g.dimension, 16) << t("客观 ", "objective ") << pad(num(g.objective), 6, true)
          << t("  居民 ", "  felt ") << pad(num(g.felt), 6, true) << t("  温差 ", "  gap ")
          << pad(num(g.gap), 6, true)
          << (g.flagged ? std::string("  ") + tijian::label(*g.reason, zh) : std::string()) << "\n";
  }
  out << "\n"
      << t("问题清单（来源：居民问卷）", "Problems found by the residents") << ": " << r.problems.size()
      << "\n";
  for (const auto& p : r.problems)
    out << "  " << p.rank << ". " << (zh ? p.name_zh : p.name_en) << "  " << num(p.value)
        << t("分  ", " points  ") << tijian::label(p.reason, zh) << "\n";
}

/// The exit status comes from cli_exit::guarded (main.cpp).
inline int run(const options& o) {
  if (!o.out.empty()) (void)output_cli::out_kind(o.out);  // refused before any work
  tijian::survey_definition d = tijian::load_survey_definition(o.definition);
  if (!std::isnan(o.population)) d.built_up_population = o.population;
  if (!o.gap_rule.empty()) d.gap.rule = tijian::parse_enum<tijian::gap_rule>(o.gap_rule, "survey.bad_value");
  if (!std::isnan(o.gap_max)) d.gap.max_gap = o.gap_max;
  if (!std::isnan(o.threshold)) d.threshold = o.threshold;
  const tijian::survey_responses resp = tijian::load_survey_responses(o.data, d);
  std::vector<tijian::objective_score> objective;
  if (!o.objective.empty()) objective = tijian::load_objective_scores(o.objective);
  const tijian::survey_result r = tijian::analyse_survey(d, resp, objective);
  const tijian::document doc = tijian::describe(r);
  // --out and --json renamed in together or not at all (a failure of either leaves both as they were)
  std::vector<tijian::document_output> outputs;
  if (!o.out.empty()) outputs.push_back(output_cli::output(doc, o.out, o.output));
  if (!o.json.empty()) outputs.push_back({&doc, o.json, {}, true});
  const std::vector<std::string> written = tijian::write_documents(outputs);
  if (o.quiet) return 0;
  const bool zh = o.output.language() == tijian::language::zh;
  print(r, zh, std::cout);
  if (!written.empty()) {
    std::cout << "\n" << (zh ? "已写出" : "Wrote");
    for (const auto& f : written) std::cout << " " << f;
    std::cout << "\n";
  }
  return 0;
}

}  // namespace survey_cli
