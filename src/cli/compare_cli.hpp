// SPDX-License-Identifier: MIT
// The `tijian compare` subcommand: self-check vs third-party (compare.hpp). Kept apart from
// main.cpp, which only registers it. Nothing is computed here: the tables come from
// compare_tables.hpp and go through the generic writers (io/table_io.hpp), every file complete
// or none; the printed summary reads the result.
#pragma once

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <tijian/compare.hpp>
#include <tijian/compare_tables.hpp>
#include <tijian/io/compare_io.hpp>
#include <tijian/io/csv.hpp>
#include <tijian/io/framework_io.hpp>
#include <tijian/io/recipe_io.hpp>
#include <tijian/io/table_io.hpp>
#include <tijian/io/targets_io.hpp>
#include <tijian/presets.hpp>

#include "number_options.hpp"
#include "output_options.hpp"

namespace compare_cli {

struct options {
  std::string framework, targets, tolerances, recipe, out, encoding = "auto";
  std::vector<std::string> assessments;  ///< "label=path"
  output_cli::options output;
  double confidence = 0.95;
  std::size_t top_problems = 10;
  bool strict = false, lenient = false, quiet = false;
};

struct words {
  bool zh = true;
  [[nodiscard]] std::string operator()(const char* z, const char* e) const { return zh ? z : e; }
};

inline CLI::App* add(CLI::App& app, options& o) {
  auto* c = app.add_subcommand(
      "compare",
      "Self-check vs third-party (自检 vs 第三方体检): two or more assessments of the same units,\n"
      "periods and indicators, each checked against the same target profile. Per unit, period and\n"
      "indicator the value difference against a tolerance (--tolerances), the verdicts that differ,\n"
      "the composite score and rank differences; per indicator Spearman's rho, Kendall's tau-b,\n"
      "ICC(A,1) and Bland-Altman limits across the units; weighted kappa of the verdicts; Kendall's W\n"
      "with three or more assessments; and a problem list (source third_party). The first\n"
      "assessment is the reference. Files with different units, indicators or periods are refused.");
  c->add_option("-f,--framework", o.framework,
                "Framework: a .toml / .csv file or a built-in name (tijian presets)")
      ->required();
  c->add_option("-t,--targets", o.targets,
                "Target profile: a .toml file (tijian/targets/1) or a built-in name")
      ->required();
  c->add_option("-a,--assessment", o.assessments,
                "An assessment as LABEL=FILE (wide CSV), e.g. 自检=self.csv; repeat it, the reference first\n"
                "(a FILE without LABEL= is labelled by its file name)")
      ->required();
  c->add_option("--tolerances", o.tolerances,
                "Tolerance file (TOML, tijian/tolerances/1): per indicator absolute and relative tolerances\n"
                "(default: values must be equal)")
      ->check(CLI::ExistingFile);
  c->add_option("-r,--recipe", o.recipe,
                "Score the composite with this recipe (score(); every framework indicator needs a column)\n"
                "instead of the check's composite green-city score")
      ->check(CLI::ExistingFile);
  c->add_flag("--strict", o.strict, "Every target is due (as tijian check --strict)");
  c->add_option("--confidence", o.confidence,
                "Confidence level of the intervals (default 0.95; above 0 and below 1)")
      ->check(number_cli::real(0, 1, true, true));
  c->add_option("--top-problems", o.top_problems,
                "Problems shown in the summary (0 = all; files always have all)")
      ->check(number_cli::integer(0, number_cli::max_count));
  output_cli::add(c, o.output, "zh", "labels", "Language of the summary and of the CSV labels: zh or en");
  c->add_option(
      "-o,--out", o.out,
      "Write the tables: .json (everything) or .csv (the values table, plus <stem>-verdicts.csv,\n"
      "-scores.csv, -agreement.csv, -kappa.csv, -concordance.csv, -problems.csv, -tolerances.csv).\n"
      "Each file is written completely or not at all; nothing is written when the input is refused.");
  c->add_option("--encoding", o.encoding, "Text encoding of the data: auto, utf8, gb18030")
      ->check(CLI::IsMember({"auto", "utf8", "gb18030"}));
  c->add_flag("--lenient-numbers", o.lenient,
              "Accept thousands separators (1,234) and a trailing % (12% -> 12) in the data");
  c->add_flag("-q,--quiet", o.quiet, "Print nothing but errors");
  return c;
}

inline std::string num(double v, int digits = 3) {
  if (std::isnan(v)) return "-";
  std::ostringstream s;
  s << std::fixed << std::setprecision(digits) << v;
  return s.str();
}

/// A value as people write it: up to six significant digits, no trailing zeros.
inline std::string value_text(double v) {
  if (std::isnan(v)) return "-";
  std::ostringstream s;
  s << std::setprecision(6) << v;
  return s.str();
}

inline int run(const options& o) {
  const words w{o.output.lang == "zh"};
  const tijian::framework fw = tijian::resolve_framework(o.framework);
  const tijian::target_profile profile = tijian::resolve_profile(o.targets, &fw);
  tijian::csv_options copts;
  copts.numbers = o.lenient ? tijian::number_format::lenient : tijian::number_format::strict;
  copts.encoding = o.encoding == "utf8"      ? tijian::text_encoding::utf8
                   : o.encoding == "gb18030" ? tijian::text_encoding::gb18030
                                             : tijian::text_encoding::auto_detect;
  std::vector<tijian::assessment> list;
  for (const auto& spec : o.assessments) {
    const auto eq = spec.find('=');
    tijian::assessment a;
    const std::string path = eq == std::string::npos ? spec : spec.substr(eq + 1);
    a.label = eq == std::string::npos ? std::filesystem::path(spec).stem().string() : spec.substr(0, eq);
    a.data = tijian::read_panel(path, copts);  // CSV or .xlsx
    list.push_back(std::move(a));
  }
  tijian::compare_options co;
  co.check.strict = o.strict;
  co.confidence = o.confidence;
  if (!o.tolerances.empty()) co.tolerances = tijian::load_tolerances(o.tolerances);
  if (!o.recipe.empty()) co.recipe = tijian::load_recipe(o.recipe);
  const tijian::compare_result r = tijian::compare(fw, list, profile, co);
  const tijian::document doc = tijian::describe(r);

  const std::vector<std::string> written = output_cli::write(doc, o.out, o.output);  // .json .csv .xlsx
  if (o.quiet) return 0;
  std::ostream& out = std::cout;
  const auto lang = o.output.language();
  out << w("自检与第三方体检比对 ", "Self-check vs third-party ") << profile.name
      << w("，框架 ", ", framework ") << fw.source() << "\n";
  for (std::size_t i = 0; i < r.labels.size(); ++i)
    out << "  " << (i == 0 ? w("参照方 ", "reference ") : w("比对方 ", "compared  ")) << r.labels[i] << "  "
        << r.sources[i] << "\n";
  out << "  " << w("时期 ", "periods ");
  for (std::size_t i = 0; i < r.periods.size(); ++i) out << (i ? ", " : "") << r.periods[i];
  out << w("；允许偏差 ", "; tolerances ")
      << (r.options.tolerances.source.empty() ? w("无（数值须一致）", "none (values must be equal)")
                                              : r.options.tolerances.source)
      << "\n";

  for (std::size_t j = 1; j < r.labels.size(); ++j) {
    const std::string& b = r.labels[j];
    std::size_t within = 0, outside = 0, missing = 0;
    for (const auto& v : r.values) {
      if (v.assessor_b != b) continue;
      within += v.agreement == tijian::value_agreement::within;
      outside += v.agreement == tijian::value_agreement::outside;
      missing += v.agreement == tijian::value_agreement::missing_a ||
                 v.agreement == tijian::value_agreement::missing_b;
    }
    out << "\n== " << r.labels.front() << " vs " << b << " ==\n";
    out << w("数值: 在允许偏差内 ", "values: within tolerance ") << within << w("，超出 ", ", outside ")
        << outside << w("，一方缺数 ", ", missing in one ") << missing << "\n";
    std::vector<std::size_t> gaps(std::size(tijian::enum_names<tijian::verdict_gap>::entries), 0);
    std::size_t disagree = 0;
    for (const auto& v : r.verdicts)
      if (v.assessor_b == b) {
        ++disagree;
        ++gaps[tijian::index_of(v.gap)];
      }
    out << w("结论不一致 ", "verdict disagreements ") << disagree;
    for (const auto& e : tijian::enum_names<tijian::verdict_gap>::entries)
      if (gaps[tijian::index_of(e.value)] > 0)
        out << w("；", "; ") << (w.zh ? e.zh : e.en) << " " << gaps[tijian::index_of(e.value)];
    out << "\n";
    for (const auto& k : r.kappa)
      if (k.assessor_b == b)
        out << "  κ (" << tijian::label(k.result.weights, w.zh) << ") = " << num(k.result.kappa) << "  ["
            << num(k.result.ci_low) << ", " << num(k.result.ci_high) << "]" << w("  结论对 ", "  pairs ")
            << k.pairs << w("，未计入 ", ", left out ") << k.left_out
            << (k.note.empty() ? "" : "  " + (w.zh ? k.note_zh : k.note)) << "\n";
    double max_diff = 0, max_rank = 0;
    for (const auto& s : r.scores)
      if (s.assessor_b == b) {
        if (std::fabs(s.difference) > max_diff) max_diff = std::fabs(s.difference);
        if (std::fabs(s.rank_difference) > max_rank) max_rank = std::fabs(s.rank_difference);
      }
    out << w("综合得分: 最大得分差 ", "composite: largest score difference ") << num(max_diff, 2)
        << w(" 分，最大名次差 ", " points, largest rank difference ") << num(max_rank, 0) << "\n";
    const std::string root = fw.node(fw.root()).code;
    for (const auto& a : r.agreement)
      if (a.assessor_b == b && a.indicator == root)
        out << "  " << a.period << ": Spearman ρ " << num(a.spearman.estimate) << ", Kendall τ-b "
            << num(a.kendall.estimate) << ", ICC(A,1) " << num(a.icc_a1.value) << " [" << num(a.icc_a1.ci_low)
            << ", " << num(a.icc_a1.ci_high) << "]" << w(", 平均偏差 ", ", bias ")
            << num(a.bland_altman.bias, 2) << " [" << num(a.bland_altman.lower, 2) << ", "
            << num(a.bland_altman.upper, 2) << "]\n";
    // the indicators the two agree on least (lowest ICC(A,1) in the latest period)
    std::vector<const tijian::agreement_row*> worst;
    for (const auto& a : r.agreement)
      if (a.assessor_b == b && a.period == r.periods.back() && a.indicator != root &&
          !std::isnan(a.icc_a1.value))
        worst.push_back(&a);
    std::sort(worst.begin(), worst.end(),
              [](const auto* x, const auto* y) { return x->icc_a1.value < y->icc_a1.value; });
    if (!worst.empty()) {
      out << w("一致性最低的指标（", "least agreement (") << r.periods.back() << ", ICC(A,1)):";
      for (std::size_t i = 0; i < worst.size() && i < 5; ++i)
        out << (i ? w("、", ", ") : " ") << (w.zh ? worst[i]->name_zh : worst[i]->name_en) << " "
            << num(worst[i]->icc_a1.value);
      out << "\n";
    }
  }
  for (const auto& c : r.concordance)
    if (c.indicator == fw.node(fw.root()).code)
      out << w("多方一致性（综合得分，", "concordance of all assessors (composite, ") << c.period << "): W "
          << num(c.result.w) << ", χ² " << num(c.result.chi2, 2) << ", p " << num(c.result.p_value, 4)
          << "\n";

  out << "\n"
      << w("问题清单（第三方比对）", "Problem list (third-party comparison)") << ": " << r.problems.size()
      << "\n";
  std::size_t shown = 0;
  for (const auto& q : r.problems) {
    if (o.top_problems > 0 && shown >= o.top_problems) break;
    ++shown;
    out << "  " << q.unit << " " << q.period << "  " << (w.zh ? q.name_zh : q.name_en) << "  "
        << tijian::label(q.reason, w.zh);
    if (q.reason == tijian::comparison_reason::verdict_disagreement)
      out << "  " << q.reference_assessor << ": " << tijian::label(*q.reference_status, w.zh) << " / "
          << q.assessor << ": " << tijian::label(*q.status, w.zh);
    else
      out << "  " << q.reference_assessor << " " << value_text(q.reference_value) << " / " << q.assessor
          << " " << value_text(q.value) << " " << tijian::unit_label(q.measure, lang)
          << w("，允许差 ", ", allowed ") << value_text(q.allowed);
    out << "\n";
  }
  if (r.problems.size() > shown)
    out << "  " << w("另有 ", "... and ") << r.problems.size() - shown
        << w(" 项（见 --out 文件或 --top-problems 0）", " more (see --out, or --top-problems 0)") << "\n";
  for (const auto& f : written) out << w("已写出 ", "Wrote ") << f << "\n";
  return 0;
}


}  // namespace compare_cli
