// SPDX-License-Identifier: MIT
// `tijian check`: the green-city health check against a target profile (tijian/check.hpp): the
// per-unit report or the summary table, the composite score with --composite, and the result
// files. No checking logic lives here.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#if defined(_WIN32)
#include <io.h>
#define TIJIAN_ISATTY(fd) _isatty(fd)
#else
#include <unistd.h>
#define TIJIAN_ISATTY(fd) isatty(fd)
#endif

#include <tijian/check.hpp>
#include <tijian/check_tables.hpp>
#include <tijian/composite.hpp>
#include <tijian/io/csv.hpp>
#include <tijian/io/framework_io.hpp>
#include <tijian/io/table_io.hpp>
#include <tijian/presets.hpp>

#include "command.hpp"
#include "console_text.hpp"  // display widths of Chinese text
#include "data_options.hpp"  // --encoding, --lenient-numbers, --sheet
#include "exit_status.hpp"
#include "number_options.hpp"
#include "output_options.hpp"  // --lang, --headers, --bom, the --out writer

namespace {

using console_text::display_width;
using console_text::fixed;
using console_text::pad;
using output_cli::words;


// --- tijian check: the green-city health check (target profiles, problem list) ----------------
namespace check_cli {

struct options {
  std::string framework, targets, data, sheet, period, out, encoding = "auto";
  output_cli::options output;  // --lang (report and CSV labels), --headers, --bom
  std::string coupling_formula = "normative", boundary = "lower_closed", coupling_on = "schedule";
  std::vector<std::string> units;
  double cap = 1.0;
  std::size_t top_problems = 10, bottom_k = 0;
  bool strict = false, summary = false, composite = false, lenient = false, quiet = false;
  bool colour = false;
};


std::string light_text(tijian::traffic_light l, const words& w, bool colour) {
  if (l == tijian::traffic_light::none) return w.zh ? "  " : "   ";
  const char* ansi = l == tijian::traffic_light::green    ? "\033[32m"
                     : l == tijian::traffic_light::yellow ? "\033[33m"
                                                          : "\033[31m";
  std::string sym = w.zh ? std::string("●") + tijian::label_zh(l)
                         : (l == tijian::traffic_light::green    ? "[G]"
                            : l == tijian::traffic_light::yellow ? "[Y]"
                                                                 : "[R]");
  return colour ? ansi + sym + "\033[0m" : sym;
}

std::string status_text(tijian::check_status s, const words& w) {
  if (w.zh) return tijian::label_zh(s);
  return s == tijian::check_status::missed ? "MISSED" : tijian::label(s, false);
}

std::string reason_text(tijian::problem_reason r, const words& w) {
  return w.zh ? tijian::label_zh(r) : tijian::label(r, false);
}

std::string pct(double v) { return std::isnan(v) ? "-" : fixed(100.0 * v, 1) + "%"; }

/// A rate with its denominator: "50.0% (1/2)"; "-" without a denominator.
std::string rate(double v, std::size_t num, std::size_t den) {
  return den == 0 ? std::string("-") : pct(v) + " (" + std::to_string(num) + "/" + std::to_string(den) + ")";
}
std::string short_num(double v) {
  if (std::isnan(v)) return "-";
  std::ostringstream o;
  o << std::setprecision(6) << v;
  return o.str();
}

tijian::language lang_of(const words& w) { return w.zh ? tijian::language::zh : tijian::language::en; }

/// An indicator's value with its unit as the report's language writes it (units.hpp, or the
/// framework's own unit_zh / unit_en).
std::string value_text(const tijian::framework& fw, const std::string& code, double v,
                       const std::string& unit, const words& w) {
  const std::size_t i = fw.find(code);
  const std::string u = i == tijian::framework::npos ? tijian::unit_label(unit, lang_of(w))
                                                     : tijian::unit_label(fw.node(i), lang_of(w));
  return short_num(v) + (u.empty() || std::isnan(v) ? "" : " " + u);
}

std::string node_name(const tijian::framework& fw, const std::string& code, const words& w) {
  const std::size_t i = fw.find(code);
  if (i == tijian::framework::npos) return code;
  const auto& n = fw.node(i);
  const std::string& name = w.zh ? n.name_zh : n.name_en;
  return name.empty() ? code : name;
}

/// A table printed with display-width padding; right-aligned columns are marked.
struct table {
  std::vector<std::string> head;
  std::vector<bool> right;
  std::vector<std::vector<std::string>> rows;
  void print(std::ostream& out, const std::string& indent = "  ") const {
    std::vector<std::size_t> width(head.size(), 0);
    auto strip = [](const std::string& s) {  // ANSI codes take no columns
      std::string o;
      for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\033') {
          while (i < s.size() && s[i] != 'm') ++i;
          continue;
        }
        o += s[i];
      }
      return o;
    };
    for (std::size_t c = 0; c < head.size(); ++c) width[c] = display_width(head[c]);
    for (const auto& r : rows)
      for (std::size_t c = 0; c < r.size() && c < width.size(); ++c)
        width[c] = std::max(width[c], display_width(strip(r[c])));
    auto line = [&](const std::vector<std::string>& cells) {
      std::string s = indent;
      for (std::size_t c = 0; c < cells.size(); ++c) {
        const std::size_t w = display_width(strip(cells[c]));
        const std::string fill(width[c] > w ? width[c] - w : 0, ' ');
        const bool last = c + 1 == cells.size();
        s += right[c] ? fill + cells[c] : cells[c] + (last ? "" : fill);
        if (!last) s += "  ";
      }
      out << s << "\n";
    };
    line(head);
    for (const auto& r : rows) line(r);
  }
};

void print_unit(const tijian::check_result& r, const std::string& unit, const options& o, const words& w,
                std::ostream& out) {
  const auto& fw = r.framework;
  std::string unit_name;
  for (const auto& a : r.achievement)
    if (a.unit == unit) unit_name = a.unit_name;
  out << "\n== " << unit << (unit_name.empty() ? "" : " " + unit_name) << " · " << r.period << " ==\n";

  out << "\n" << w("达标情况(按维度)", "Achievement by dimension") << "\n";
  table t{{w("维度", "dimension"), w("目标", "targets"), w("达标", "met"), w("进度正常", "on track"),
           w("进度滞后", "behind"), w("未达标", "missed"), w("进度无法判断", "pace unknown"),
           w("无数据", "no data"), w("达标率(到期)", "rate (due)"), w("进度达标率", "schedule rate"),
           w("完成度", "index"), w("底线未达标", "bottom-line fails"), w("灯", "light")},
          {false, true, true, true, true, true, true, true, true, true, true, true, false},
          {}};
  for (const auto& a : r.achievement) {
    if (a.unit != unit) continue;
    // a dimension outside the composite (weight 0) is shown only when the profile targets it
    const std::size_t d = fw.find(a.dimension);
    if (!a.overall && a.targets == 0 && d != tijian::framework::npos && !(fw.weight_in_parent(d) > 0))
      continue;
    t.rows.push_back(
        {a.overall ? w("总体", "overall") : node_name(fw, a.dimension, w), std::to_string(a.targets),
         std::to_string(a.met), std::to_string(a.on_track), std::to_string(a.behind_schedule),
         std::to_string(a.missed), std::to_string(a.not_yet_due), std::to_string(a.no_data),
         rate(a.rate, a.due_met, a.due), rate(a.schedule_rate, a.not_due_on_schedule, a.not_due),
         pct(a.index), std::to_string(a.bottom_line_failures), light_text(a.light, w, o.colour)});
  }
  t.print(out);

  out << "\n" << w("目标核查(有数据的目标)", "Targets checked (with data)") << "\n";
  table c{{w("灯", "light"), w("指标", "indicator"), w("现值", "value"), w("目标", "target"),
           w("完成度", "achievement"), w("差距", "gap"), w("结论", "verdict"), w("说明", "note")},
          {false, false, true, false, true, true, false, false},
          {}};
  std::vector<std::string> no_data;
  for (const auto& s : r.status) {
    if (s.unit != unit || s.target < 0) continue;
    if (s.status == tijian::check_status::no_data && std::isnan(s.value)) {
      no_data.push_back(node_name(fw, s.indicator, w));
      continue;
    }
    const auto& target = r.profile.targets[static_cast<std::size_t>(s.target)];
    std::string note;
    if (!std::isnan(s.trajectory) &&
        (s.status == tijian::check_status::on_track || s.status == tijian::check_status::behind_schedule))
      note = w("应达 ", "trajectory ") + value_text(fw, s.indicator, s.trajectory, s.measure, w) +
             w("(进度 ", " (progress ") + pct(s.progress) + w(" / 应有 ", " / expected ") + pct(s.expected) +
             ")";
    else if (!std::isnan(s.expected) && !std::isnan(s.progress))
      note = w("进度 ", "progress ") + pct(s.progress) + w(" / 应有 ", " / expected ") + pct(s.expected);
    else if (!s.reference_period.empty())
      note = w("对比 ", "vs ") + s.reference_period + " " + short_num(s.reference);
    if (s.bottom_line_failure) note = w("底线未达标! ", "BOTTOM LINE! ") + note;
    if (s.status == tijian::check_status::no_data) note = w.zh ? s.note_zh : s.note;
    c.rows.push_back({light_text(s.light, w, o.colour), node_name(fw, s.indicator, w),
                      value_text(fw, s.indicator, s.value, s.measure, w),
                      tijian::target_text(target, lang_of(w)), pct(s.achievement), short_num(s.gap),
                      status_text(s.status, w), note});
  }
  if (c.rows.empty()) out << "  " << w("(无)", "(none)") << "\n";
  else c.print(out);
  if (!no_data.empty()) {
    out << "  " << w("无数据的目标 ", "No data for ") << no_data.size() << w(" 项: ", " targets: ");
    for (std::size_t k = 0; k < no_data.size(); ++k) out << (k ? w("、", ", ") : "") << no_data[k];
    out << "\n";
  }

  out << "\n" << w("问题清单", "Problem list") << "\n";
  table p{{"#", w("严重度", "severity"), w("维度", "dimension"), w("指标", "indicator"), w("现值", "value"),
           w("目标", "target"), w("差距", "gap"), w("原因", "reason"), w("来源", "source")},
          {true, true, false, false, true, false, true, false, false},
          {}};
  std::size_t total = 0, shown = 0;
  for (const auto& q : r.problems) {
    if (q.unit != unit) continue;
    ++total;
    if (o.top_problems > 0 && shown >= o.top_problems) continue;
    ++shown;
    std::string reason = reason_text(q.reason, w);
    if (q.bottom_line) reason += w(" · 底线", " · bottom line");
    std::string target =
        q.target >= 0 ? tijian::target_text(r.profile.targets[static_cast<std::size_t>(q.target)], lang_of(w))
                      : q.target_text;
    p.rows.push_back({std::to_string(q.rank), pct(q.severity), node_name(fw, q.dimension, w),
                      node_name(fw, q.indicator, w), value_text(fw, q.indicator, q.value, q.measure, w),
                      target, short_num(q.gap), reason, q.source});
  }
  if (p.rows.empty()) out << "  " << w("(无)", "(none)") << "\n";
  else p.print(out);
  if (total > shown)
    out << "  " << w("另有 ", "... and ") << total - shown
        << w(" 项(见 --out 文件或 --top-problems 0)", " more (see --out, or --top-problems 0)") << "\n";
  out << "  "
      << w("严重度 = 相对差距: 未达标为差距占目标值之比, 进度滞后为落后进度的量占规划要求变化量之比",
           "severity = relative gap: a missed target's shortfall as a share of the target, a late one's "
           "shortfall to its trajectory as a share of the change the plan requires")
      << "\n";

  std::vector<const tijian::obstacle_row*> obs;
  for (const auto& x : r.obstacles)
    if (x.unit == unit && x.degree > 0) obs.push_back(&x);
  if (!obs.empty()) {
    out << "\n" << w("障碍度(前5项)", "Obstacle degree (top 5)") << "\n";
    table b{{"#", w("指标", "indicator"), w("维度", "dimension"), w("障碍度", "obstacle")},
            {true, false, false, true},
            {}};
    for (std::size_t k = 0; k < obs.size() && k < 5; ++k)
      b.rows.push_back({std::to_string(obs[k]->rank), node_name(fw, obs[k]->indicator, w),
                        node_name(fw, obs[k]->dimension, w), fixed(obs[k]->degree, 1) + "%"});
    b.print(out);
    std::string dims;
    for (const auto& d : r.obstacle_dimensions)
      if (d.unit == unit && d.degree > 0)
        dims += (dims.empty() ? "" : ", ") + node_name(fw, d.dimension, w) + " " + fixed(d.degree, 1) + "%";
    if (!dims.empty()) out << "  " << w("按维度: ", "by dimension: ") << dims << "\n";
  }
}

void print_summary(const tijian::check_result& r, const options& o, const words& w, std::ostream& out) {
  const auto& fw = r.framework;
  std::vector<std::string> dims;
  for (std::size_t d : fw.children(fw.root())) {
    bool targeted = false;
    for (const auto& a : r.achievement)
      targeted = targeted || (a.dimension == fw.node(d).code && a.targets > 0);
    if (fw.weight_in_parent(d) > 0 || targeted) dims.push_back(fw.node(d).code);
  }
  // per dimension and overall: 达标率 over due targets and 进度达标率 over targets not yet due,
  // each with its denominator, so that a plan in its first years does not read 0 % everywhere
  table t;
  t.head = {w("单元", "unit"), w("名称", "name")};
  t.right = {false, false};
  for (const auto& d : dims) {
    const std::string name = node_name(fw, d, w);
    t.head.push_back(name + w(" 达标率", " rate (due)"));
    t.head.push_back(name + w(" 进度达标率", " schedule rate"));
    t.right.insert(t.right.end(), {true, true});
  }
  const std::size_t after = 2 + 2 * dims.size();  // the overall columns
  t.head.push_back(w("总体达标率", "overall rate"));
  t.head.push_back(w("进度达标率", "schedule rate"));
  t.head.push_back(w("底线未达标", "bottom-line fails"));
  t.head.push_back(w("问题", "problems"));
  t.head.push_back(w("灯", "light"));
  t.right.insert(t.right.end(), {true, true, true, true, false});
  for (const auto& unit : r.units()) {
    std::vector<std::string> row(t.head.size());
    row[0] = unit;
    std::size_t problems = 0;
    for (const auto& q : r.problems) problems += q.unit == unit;
    for (const auto& a : r.achievement) {
      if (a.unit != unit) continue;
      row[1] = a.unit_name;
      const std::string due = rate(a.rate, a.due_met, a.due);
      const std::string schedule = rate(a.schedule_rate, a.not_due_on_schedule, a.not_due);
      if (a.overall) {
        row[after] = due;
        row[after + 1] = schedule;
        row[after + 2] = std::to_string(a.bottom_line_failures);
        row[after + 4] = light_text(a.light, w, o.colour);
      } else {
        const auto k =
            static_cast<std::size_t>(std::find(dims.begin(), dims.end(), a.dimension) - dims.begin());
        if (k < dims.size()) {
          row[2 + 2 * k] = due;
          row[3 + 2 * k] = schedule;
        }
      }
    }
    row[after + 3] = std::to_string(problems);
    for (auto& cell : row)
      if (cell.empty()) cell = "-";
    t.rows.push_back(row);
  }
  out << "\n"
      << w("达标率(按单元与维度)", "Achievement rate by unit and dimension") << " · " << r.period << "\n";
  t.print(out);
  out << "  "
      << w("用 --unit <代码> 查看单个单元的目标核查、问题清单与障碍度",
           "--unit <code> shows one unit's targets, problem list and obstacles")
      << "\n";
}

void print_composite(const tijian::composite_result& c, const std::string& period, const words& w,
                     std::ostream& out) {
  const auto& s = c.scores;
  const auto& fw = s.framework;
  out << "\n"
      << w("综合评分与耦合协调度", "Composite score and coupling coordination") << " · " << period << "\n";
  table t;
  t.head = {w("排名", "rank"), w("单元", "unit"), w("名称", "name"), node_name(fw, s.nodes[0], w)};
  t.right = {true, false, false, true};
  std::vector<std::size_t> dims;
  for (std::size_t d : fw.children(fw.root())) {
    if (fw.weight_in_parent(d) <= 0) continue;
    dims.push_back(d);
    t.head.push_back(node_name(fw, fw.node(d).code, w));
    t.right.push_back(true);
  }
  const bool coupled = c.coupling.d.size() == s.rows();
  if (coupled) {
    for (const std::string& h : {w("耦合度", "C"), w("发展度", "T"), w("协调度", "D")}) {
      t.head.push_back(h);
      t.right.push_back(true);
    }
    t.head.push_back(w("协调等级", "coordination class"));
    t.right.push_back(false);
  }
  std::vector<Eigen::Index> rows;
  for (Eigen::Index i = 0; i < s.rows(); ++i)
    if (s.periods[static_cast<std::size_t>(i)] == period) rows.push_back(i);
  std::stable_sort(rows.begin(), rows.end(), [&](Eigen::Index a, Eigen::Index b) {
    const double ra = s.ranks(a, 0), rb = s.ranks(b, 0);
    if (std::isnan(ra) != std::isnan(rb)) return std::isnan(rb);
    return ra < rb;
  });
  for (Eigen::Index i : rows) {
    const auto iu = static_cast<std::size_t>(i);
    std::vector<std::string> row = {fixed(s.ranks(i, 0), 0), s.units[iu], s.unit_names[iu],
                                    fixed(s.scores(i, 0), 1)};
    for (std::size_t d : dims) row.push_back(fixed(s.score_of(d)[i], 1));
    if (coupled) {
      row.push_back(fixed(c.coupling.c[i], 3));
      row.push_back(fixed(c.coupling.t[i], 3));
      row.push_back(fixed(c.coupling.d[i], 3));
      row.push_back(c.coupling.class_label(iu, w.zh));
    }
    t.rows.push_back(row);
  }
  t.print(out);
  // what each dimension's score rests on (composite_basis): one basis for every score
  out << "  "
      << w("计分依据(得分 = 目标达成度 × 100, 封顶): ", "basis (score = target attainment x 100, capped): ");
  bool first = true;
  for (const auto& b : c.basis) {
    if (b.parent.empty()) continue;
    if (b.parent != c.basis.front().code || !(b.weight > 0)) continue;  // dimensions in the index
    out << (first ? "" : "; ") << (w.zh ? b.name_zh : b.name_en) << " " << tijian::label(b.basis, w.zh);
    if (b.basis != tijian::score_basis::not_scored && b.basis != tijian::score_basis::no_data)
      out << " " << b.target_based + b.goalpost_based << "/" << b.indicators;
    first = false;
  }
  out << "\n  " << w("计分指标 ", "indicators scored: ") << c.target_based.size() + c.goalpost_based.size()
      << w(" 项; 有数据但无水平目标、未计分 ", "; with data but no level target, not scored: ")
      << c.not_scored.size() << w(" 项; 无数据 ", "; no data: ") << c.left_out.size() << "\n";
  for (const auto& d : c.diagnostics)
    if (d.level == tijian::severity::warning && d.step == "composite")
      out << "  " << (w.zh && !d.message_zh.empty() ? d.message_zh : d.message) << "\n";
}

int run(const options& o) {
  const words w{o.output.lang == "zh"};
  if (!o.out.empty()) (void)output_cli::out_kind(o.out);  // refused before any work
  const tijian::framework fw = tijian::resolve_framework(o.framework);
  const tijian::target_profile profile = tijian::resolve_profile(o.targets, &fw);
  const tijian::csv_options copts = data_cli::csv_options_of(o.encoding, o.lenient, o.sheet);
  const tijian::panel data = tijian::read_panel(o.data, copts);
  tijian::check_options opt;
  opt.period = o.period;
  opt.strict = o.strict;
  opt.cap = o.cap;
  opt.units = o.units;
  opt.bottom_k = o.bottom_k;
  const tijian::check_result res = tijian::check(fw, data, profile, opt);
  std::optional<tijian::composite_result> comp;
  if (o.composite) {
    tijian::composite_options co;
    co.cap = o.cap;
    co.coupling.formula =
        tijian::parse_enum<tijian::coupling_formula>(o.coupling_formula, "coupling.options");
    co.coupling.boundary = tijian::parse_enum<tijian::class_boundary>(o.boundary, "coupling.options");
    co.coupling_on = tijian::parse_enum<tijian::coupling_basis>(o.coupling_on, "composite.options");
    comp = tijian::green_city_score(fw, data, profile, co);
  }
  const std::vector<std::string> written =
      output_cli::write(tijian::describe(res, comp ? &*comp : nullptr), o.out, o.output);
  if (o.quiet) return 0;
  std::ostream& out = std::cout;
  {  // a profile written for another built-in framework is worth a word
    std::error_code ec;
    if (!profile.framework.empty() && profile.framework != o.framework &&
        !std::filesystem::is_regular_file(o.framework, ec))
      out << w("注意: 目标 ", "Note: profile ") << profile.name
          << w(" 是为框架 ", " was written for framework ") << profile.framework << w(" 编写的\n", "\n");
  }
  const std::string title = w.zh ? profile.name_zh : profile.name_en;
  out << w("城市体检 ", "Health check ") << profile.name << (title.empty() ? "" : " (" + title + ")") << "\n"
      << w("框架 ", "framework ") << fw.source() << " (" << fw.leaves().size()
      << w(" 项指标)", " indicators)") << w(", 目标 ", ", ") << profile.targets.size() << w(" 项", " targets")
      << w(", 数据 ", ", data ") << o.data << " (" << data.rows()
      << w(" 行)", data.rows() == 1 ? " row)" : " rows)") << w(", 体检期 ", ", period ") << res.period
      << (o.strict ? w(" [严格: 未到期目标按未达标计]", " [strict: targets not yet due count as missed]")
                   : "")
      << "\n";
  const std::vector<std::string> units = res.units();
  const bool summary = o.summary || (o.units.empty() && units.size() > 5);
  if (summary) print_summary(res, o, w, out);
  else
    for (const auto& u : units) print_unit(res, u, o, w, out);
  if (comp) print_composite(*comp, res.period, w, out);
  std::size_t warnings = 0;
  for (const auto& d : res.diagnostics) warnings += d.level == tijian::severity::warning;
  if (warnings > 0) {
    out << "\n" << w("提示", "Diagnostics") << ":\n";
    for (const auto& d : res.diagnostics)
      if (d.level == tijian::severity::warning) {
        if (w.zh) out << "  " << (d.message_zh.empty() ? d.message : d.message_zh) << "\n";
        else out << "  [" << d.id << "] " << d.message << "\n";
      }
  }
  out << "\n"
      << w("达标率按到期目标计; 未到期目标按规划进度(基准值→阶段目标→目标值的线性轨迹)判断为进度正常或进度滞后, "
           "计入进度达标率 (--strict 将所有目标视为到期)。",
           "The achievement rate counts due targets; a target not yet due is judged on the plan's "
           "schedule (linear from the base through the milestones to the target) as on track or behind, "
           "and counts in the schedule rate (--strict treats every target as due).")
      << "\n";
  for (const auto& f : written) out << w("已写出 ", "Wrote ") << f << "\n";
  return 0;
}

}  // namespace check_cli

}  // namespace

namespace cli_command {

command add_check(CLI::App& app) {
  auto opts = std::make_shared<check_cli::options>();
  check_cli::options& ck_opts = *opts;
  auto* ck = app.add_subcommand(
      "check",
      "Check indicator values against a plan's targets (城市体检): verdicts, achievement\n"
      "rates (达标率) by dimension, traffic lights, the problem list (问题清单) and obstacle\n"
      "degrees.\n\n"
      "Reads a framework (a file, or a built-in name such as green-city), a target profile (a\n"
      "file, or a built-in name: qingdao-2022, jining, shizuishan-2025, jinan-2025) and the data\n"
      "(a wide CSV), checks one period (the latest by default) and prints a report per unit\n"
      "(a summary table when there are more than five units). Each target gets a state on the\n"
      "plan's schedule: met, on track, behind schedule, missed (due and not met), not yet due\n"
      "(pace unknown), no data. 达标率 counts due targets, 进度达标率 targets not yet due;\n"
      "--strict treats every target as due. --composite adds the composite green-city score\n"
      "(target attainment of the indicators with a level target; the others are not scored) and the\n"
      "coupling coordination degree of the dimensions.");
  ck->add_option("-f,--framework", ck_opts.framework,
                 "Framework: a .toml / .csv file or a built-in name (tijian presets)")
      ->required();
  ck->add_option("-t,--targets", ck_opts.targets,
                 "Target profile: a .toml file (tijian/targets/1) or a built-in name")
      ->required();
  ck->add_option("-d,--data", ck_opts.data, "Indicator data: wide CSV (UTF-8, or GB18030 converted) or .xlsx")
      ->required()
      ->check(CLI::ExistingFile);
  ck->add_option("--sheet", ck_opts.sheet, "Sheet of an .xlsx data file (default: the first)");
  ck->add_option("-p,--period", ck_opts.period, "Period to check (default: the latest in the data)");
  output_cli::add(ck, ck_opts.output, "zh", "labels",
                  "Language of the report and of the CSV labels: zh or en");
  ck->add_option(
      "-o,--out", ck_opts.out,
      "Write the result: .json (everything), .xlsx (every table a sheet) or .csv (the status table, plus\n"
      "<stem>-achievement.csv, -problems.csv, -obstacles.csv[, -composite.csv, -composite_basis.csv,\n"
      "-composite_diagnostics.csv]).\n"
      "Each file is written completely or not at all.");
  ck->add_flag("--strict", ck_opts.strict,
               "Every target is due: targets whose year is after the period count as not met");
  ck->add_option("--cap", ck_opts.cap, "Cap of achievement ratios (1, or 1.2 to show 超额完成; 1 to 10)")
      ->check(number_cli::real(1, 10));
  ck->add_option("-u,--unit", ck_opts.units, "Report only this unit (repeatable)");
  ck->add_flag("--summary", ck_opts.summary, "One summary line per unit instead of full reports");
  ck->add_option("--top-problems", ck_opts.top_problems,
                 "Problems shown per unit in the report (0 = all; files always have all)")
      ->check(number_cli::integer(0, number_cli::max_count));
  ck->add_option("--bottom-k", ck_opts.bottom_k,
                 "Also list each unit's k weakest untargeted indicators (min-max across units)")
      ->check(number_cli::integer(0, number_cli::max_count));
  ck->add_flag("--composite", ck_opts.composite,
               "Add the composite green-city score and the coupling coordination degree");
  ck->add_option("--coupling", ck_opts.coupling_formula,
                 "Coupling degree formula: normative, pairwise or modified (王淑佳 2021)")
      ->check(CLI::IsMember({"normative", "pairwise", "modified"}));
  ck->add_option("--coupling-on", ck_opts.coupling_on,
                 "Development level U of a dimension in the coupling: schedule (share of its targets met or "
                 "on track, default) or attainment (its target-attainment score)");
  ck->add_option("--class-boundary", ck_opts.boundary,
                 "Coordination classes: lower_closed [a,b) or upper_closed (a,b]")
      ->check(CLI::IsMember({"lower_closed", "upper_closed"}));
  ck->add_option("--encoding", ck_opts.encoding, "Text encoding of the data: auto, utf8, gb18030")
      ->check(CLI::IsMember({"auto", "utf8", "gb18030"}));
  ck->add_flag("--lenient-numbers", ck_opts.lenient,
               "Accept thousands separators (1,234) and a trailing % (12% -> 12) in the data");
  ck->add_flag("-q,--quiet", ck_opts.quiet, "Print nothing but errors");
  return {ck, [opts] {
            opts->colour = TIJIAN_ISATTY(1) != 0 && std::getenv("NO_COLOR") == nullptr;
            return check_cli::run(*opts);
          }};
}

}  // namespace cli_command
