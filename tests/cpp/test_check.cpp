// SPDX-License-Identifier: MIT
// The health check: every target kind (with no data, a target year not yet reached, yes/no),
// achievement rates and traffic lights, the problem list's order and ties, obstacle degree and
// coupling coordination against values computed by hand from the published formulas
// (evaluation-methods.md §9, §10; the numbers were computed independently, not with this code),
// the composite green-city score, the target-profile format and its errors, the built-in
// presets against every quantified target of the seed plans (values written here, from
// ../shared/seeds/README.md), and the command line end to end in Chinese and English.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <tijian/check.hpp>
#include <tijian/check_tables.hpp>
#include <tijian/composite.hpp>
#include <tijian/io/table_io.hpp>
#include <tijian/coupling.hpp>
#include <tijian/io/csv.hpp>
#include <tijian/io/framework_io.hpp>
#include <tijian/io/targets_io.hpp>
#include <tijian/obstacle.hpp>
#include <tijian/presets.hpp>
#include <tijian/targets.hpp>

#if defined(__unix__) || defined(__APPLE__)
#include <sys/wait.h>
#endif

using namespace tijian;
namespace fs = std::filesystem;

namespace {

const double nan = std::numeric_limits<double>::quiet_NaN();
const std::string source_dir = TIJIAN_SOURCE_DIR;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}
#define EXPECT_CONTAINS(text, part) \
  EXPECT_TRUE(contains((text), (part))) << "expected '" << (part) << "' in:\n" << (text)

template <class E, class F>
std::optional<E> expect_error(F&& f, const std::string& id) {
  try {
    f();
  } catch (const E& e) {
    EXPECT_EQ(e.id(), id) << e.what();
    return e;
  } catch (const std::exception& e) {
    ADD_FAILURE() << "unexpected exception type: " << e.what();
    return std::nullopt;
  }
  ADD_FAILURE() << "no exception; expected " << id;
  return std::nullopt;
}

struct temp_dir {
  fs::path path;
  temp_dir() {
    static int serial = 0;
    path = fs::temp_directory_path() /
           ("tijian_test_check_" + std::to_string(::getpid()) + "_" + std::to_string(serial++));
    fs::create_directories(path);
  }
  ~temp_dir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  [[nodiscard]] std::string file(const std::string& name) const { return (path / name).string(); }
};

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream o;
  o << in.rdbuf();
  return o.str();
}

// A small framework: dimensions A and B, indicators of every kind of target.
const char* const test_framework = R"(
schema = "tijian/framework/1"
[[node]]
code = "R"
name_zh = "测试"
[[node]]
code = "A"
parent = "R"
name_zh = "甲"
name_en = "Alpha"
[[node]]
code = "B"
parent = "R"
name_zh = "乙"
name_en = "Beta"
[[indicator]]
code = "lvl"
parent = "A"
unit = "%"
[[indicator]]
code = "cost"
parent = "A"
direction = "lower"
[[indicator]]
code = "mid"
parent = "A"
[[indicator]]
code = "yn"
parent = "A"
type = "bottom_line"
[[indicator]]
code = "down"
parent = "B"
direction = "lower"
[[indicator]]
code = "up"
parent = "B"
[[indicator]]
code = "work"
parent = "B"
[[indicator]]
code = "water"
parent = "B"
direction = "lower"
)";

framework test_fw() { return parse_framework_toml(test_framework, "test-framework.toml"); }

target_profile profile_of(const std::string& targets, const std::string& head = {}) {
  return parse_target_profile("profile = \"test\"\n" + head + "\n" + targets, "test-profile.toml");
}

panel panel_of(const std::string& csv) { return parse_panel_csv(csv, "test-data.csv"); }

const check_row& row_of(const check_result& r, const std::string& unit, const std::string& code,
                        int target = -2) {
  for (const auto& s : r.status)
    if (s.unit == unit && s.indicator == code && (target == -2 || s.target == target)) return s;
  throw std::runtime_error("no status row for " + unit + " " + code);
}

const achievement_row& achievement_of(const check_result& r, const std::string& unit,
                                      const std::string& dim) {
  for (const auto& a : r.achievement)
    if (a.unit == unit && a.dimension == dim) return a;
  throw std::runtime_error("no achievement row for " + unit + " " + dim);
}

// Of a result that is a temporary (row_of(check(...), ...)), a copy: a reference into it would
// dangle at the end of the statement (`make sanitize` found three such uses).
check_row row_of(check_result&& r, const std::string& unit, const std::string& code, int target = -2) {
  return row_of(static_cast<const check_result&>(r), unit, code, target);
}

// --- target kinds ------------------------------------------------------------------------------

TEST(CheckKinds, AtLeastAndAbove) {
  const framework fw = test_fw();
  const target_profile p = profile_of(R"(
[[target]]
indicator = "lvl"
kind = "at_least"
value = 40.0
[[target]]
indicator = "mid"
kind = "above"
value = 40.0
)");
  const panel d = panel_of("uCode,Time,lvl,mid\nc1,2022,50,40\nc2,2022,30,41\nc3,2022,40,\n");
  const check_result r = check(fw, d, p);
  const check_row& a = row_of(r, "c1", "lvl");
  EXPECT_EQ(a.status, check_status::met);
  EXPECT_DOUBLE_EQ(a.achievement, 1.0);  // 50 / 40 capped at 1
  EXPECT_DOUBLE_EQ(a.gap, -10.0);        // 10 above: negative shortfall
  EXPECT_DOUBLE_EQ(a.relative_gap, 0.0);
  EXPECT_EQ(a.light, traffic_light::green);
  EXPECT_EQ(r.grade_label(a.grade), "优良");
  const check_row& b = row_of(r, "c2", "lvl");
  EXPECT_EQ(b.status, check_status::missed);
  EXPECT_DOUBLE_EQ(b.achievement, 0.75);
  EXPECT_DOUBLE_EQ(b.gap, 10.0);
  EXPECT_DOUBLE_EQ(b.relative_gap, 0.25);
  EXPECT_EQ(b.light, traffic_light::red);  // 0.75 < 0.9
  EXPECT_EQ(r.grade_label(b.grade, false), "weak");
  EXPECT_EQ(row_of(r, "c3", "lvl").status, check_status::met);  // 40 >= 40
  // "more than 40": exactly 40 is not met; the ratio is 1 but the grade is not the top one,
  // and the light follows the state (missed: red)
  const check_row& m = row_of(r, "c1", "mid");
  EXPECT_EQ(m.status, check_status::missed);
  EXPECT_DOUBLE_EQ(m.achievement, 1.0);
  EXPECT_EQ(m.light, traffic_light::red);
  EXPECT_EQ(r.grade_label(m.grade), "中等");
  EXPECT_EQ(row_of(r, "c2", "mid").status, check_status::met);
  EXPECT_EQ(row_of(r, "c3", "mid").status, check_status::no_data);  // empty cell
  EXPECT_EQ(p.targets[1].symbol(), std::string(">"));
}

TEST(CheckKinds, AtMostAndBelow) {
  const framework fw = test_fw();
  const target_profile p = profile_of(R"(
[[target]]
indicator = "cost"
kind = "at_most"
value = 300.0
[[target]]
indicator = "water"
kind = "below"
value = 10.0
)");
  const panel d = panel_of("uCode,Time,cost,water\nc1,2022,250,10\nc2,2022,400,8\n");
  const check_result r = check(fw, d, p);
  EXPECT_EQ(row_of(r, "c1", "cost").status, check_status::met);
  EXPECT_DOUBLE_EQ(row_of(r, "c1", "cost").achievement, 1.0);  // 300 / 250 capped
  const check_row& c = row_of(r, "c2", "cost");
  EXPECT_EQ(c.status, check_status::missed);
  EXPECT_DOUBLE_EQ(c.achievement, 0.75);  // t / x = 300 / 400
  EXPECT_DOUBLE_EQ(c.gap, 100.0);
  EXPECT_DOUBLE_EQ(c.relative_gap, 100.0 / 300.0);
  EXPECT_EQ(row_of(r, "c1", "water").status, check_status::missed);  // "< 10": 10 fails
  EXPECT_EQ(row_of(r, "c2", "water").status, check_status::met);
}

TEST(CheckKinds, Band) {
  const framework fw = test_fw();
  const target_profile p = profile_of(R"(
[[target]]
indicator = "mid"
kind = "band"
lower = 30.0
upper = 45.0
)");
  const panel d = panel_of("uCode,Time,mid\nin,2022,35\nlow,2022,24\nhigh,2022,50\n");
  const check_result r = check(fw, d, p);
  EXPECT_EQ(row_of(r, "in", "mid").status, check_status::met);
  EXPECT_DOUBLE_EQ(row_of(r, "in", "mid").achievement, 1.0);
  EXPECT_DOUBLE_EQ(row_of(r, "in", "mid").gap, -5.0);          // 5 inside the nearer bound
  EXPECT_DOUBLE_EQ(row_of(r, "low", "mid").achievement, 0.8);  // 24 / 30
  EXPECT_DOUBLE_EQ(row_of(r, "low", "mid").relative_gap, 0.2);
  EXPECT_DOUBLE_EQ(row_of(r, "high", "mid").achievement, 0.9);  // 45 / 50
  EXPECT_DOUBLE_EQ(row_of(r, "high", "mid").gap, 5.0);
  EXPECT_EQ(row_of(r, "high", "mid").status, check_status::missed);
}

TEST(CheckKinds, YesNo) {
  const framework fw = test_fw();
  const target_profile p = profile_of(R"(
[[target]]
indicator = "yn"
kind = "yes_no"
year = 2022
)");
  const panel d = panel_of("uCode,Time,yn\nyes,2022,1\nno,2022,0\nodd,2022,0.5\nnone,2022,\n");
  const check_result r = check(fw, d, p);
  EXPECT_EQ(row_of(r, "yes", "yn").status, check_status::met);
  EXPECT_DOUBLE_EQ(row_of(r, "yes", "yn").achievement, 1.0);
  const check_row& no = row_of(r, "no", "yn");
  EXPECT_EQ(no.status, check_status::missed);
  EXPECT_DOUBLE_EQ(no.achievement, 0.0);
  EXPECT_DOUBLE_EQ(no.relative_gap, 1.0);
  EXPECT_TRUE(no.bottom_line_failure);  // yn is a bottom-line indicator
  EXPECT_EQ(row_of(r, "odd", "yn").status, check_status::no_data);
  EXPECT_CONTAINS(row_of(r, "odd", "yn").note, "1 (yes) or 0 (no)");
  EXPECT_EQ(row_of(r, "none", "yn").status, check_status::no_data);
  // bottom-line failure: the dimension is red whatever its rate
  EXPECT_EQ(achievement_of(r, "no", "A").bottom_line_failures, 1u);
  EXPECT_EQ(achievement_of(r, "no", "A").light, traffic_light::red);
  EXPECT_EQ(achievement_of(r, "yes", "A").light, traffic_light::green);
  EXPECT_EQ(p.targets[0].symbol(), std::string("yes"));
}

TEST(CheckKinds, DecreaseAndIncreaseNeedTwoPeriods) {
  const framework fw = test_fw();
  const target_profile p = profile_of(R"(
[[target]]
indicator = "down"
kind = "decrease"
year = 2022
[[target]]
indicator = "up"
kind = "increase"
)");
  const panel d = panel_of(
      "uCode,Time,down,up\n"
      "c1,2020,0.60,100\nc1,2021,0.50,90\nc1,2022,0.40,120\n"
      "c2,2020,0.50,100\nc2,2021,,110\nc2,2022,0.55,110\n"
      "c3,2022,0.40,100\n");
  const check_result r = check(fw, d, p);
  const check_row& a = row_of(r, "c1", "down");
  EXPECT_EQ(a.status, check_status::met);
  EXPECT_DOUBLE_EQ(a.reference, 0.50);
  EXPECT_EQ(a.reference_period, "2021");
  EXPECT_NEAR(a.change, -20.0, 1e-12);
  EXPECT_DOUBLE_EQ(a.achievement, 1.0);  // 0.50 / 0.40 capped
  EXPECT_EQ(row_of(r, "c1", "up").status, check_status::met);
  EXPECT_DOUBLE_EQ(row_of(r, "c1", "up").reference, 90.0);
  // c2 has no 2021 value: compared with 2020, the latest earlier period with a value
  const check_row& b = row_of(r, "c2", "down");
  EXPECT_EQ(b.reference_period, "2020");
  EXPECT_EQ(b.status, check_status::missed);  // rose from 0.50 to 0.55
  EXPECT_NEAR(b.achievement, 0.50 / 0.55, 1e-12);
  EXPECT_NEAR(b.gap, 0.05, 1e-12);
  EXPECT_NEAR(b.relative_gap, 0.1, 1e-12);
  EXPECT_EQ(row_of(r, "c2", "up").status, check_status::missed);  // flat is not a rise
  // one period only: no data, with the reason
  EXPECT_EQ(row_of(r, "c3", "down").status, check_status::no_data);
  EXPECT_CONTAINS(row_of(r, "c3", "down").note, "two periods");
  // year-on-year targets are due every year: checking 2021 against a 2022 target still judges
  check_options o;
  o.period = "2021";
  EXPECT_EQ(row_of(check(fw, d, p, o), "c1", "down").status, check_status::met);
}

TEST(CheckKinds, ProgressNotYetDueAndStrict) {
  const framework fw = test_fw();
  const target_profile p = profile_of(R"(
[[target]]
indicator = "work"
kind = "progress"
value = 500.0
year = 2022
)");
  const panel d = panel_of("uCode,Time,work\nc1,2021,129\nc2,2021,520\nc1,2022,450\nc2,2022,520\n");
  check_options o;
  o.period = "2021";
  const check_result r = check(fw, d, p, o);
  const check_row& a = row_of(r, "c1", "work");
  EXPECT_EQ(a.status, check_status::not_yet_due);  // 2022 target, 2021 data: not failed
  EXPECT_FALSE(a.due);
  EXPECT_DOUBLE_EQ(a.progress, 129.0 / 500.0);
  EXPECT_DOUBLE_EQ(a.achievement, 129.0 / 500.0);
  EXPECT_DOUBLE_EQ(a.gap, 371.0);
  EXPECT_EQ(a.on_track, -1);                                     // no start year: schedule unknown
  EXPECT_EQ(row_of(r, "c2", "work").status, check_status::met);  // reached early
  // 达标率 counts due targets only: before the target year it has no denominator (not 0 %)
  EXPECT_EQ(achievement_of(r, "c1", "B").due, 0u);
  EXPECT_TRUE(std::isnan(achievement_of(r, "c1", "B").rate));
  // and the pace cannot be judged without a start year: no schedule rate either
  EXPECT_EQ(achievement_of(r, "c1", "B").not_due, 0u);
  EXPECT_EQ(achievement_of(r, "c1", "B").not_yet_due, 1u);
  // a not-yet-due target with low progress and no schedule is a 'weak' problem
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].reason, problem_reason::weak);
  // strict: every target is due
  o.strict = true;
  EXPECT_EQ(row_of(check(fw, d, p, o), "c1", "work").status, check_status::missed);
  // the target year reached: judged
  o.strict = false;
  o.period = "2022";
  const check_result r22 = check(fw, d, p, o);
  EXPECT_EQ(row_of(r22, "c1", "work").status, check_status::missed);
  EXPECT_DOUBLE_EQ(row_of(r22, "c1", "work").achievement, 0.9);
  EXPECT_EQ(row_of(r22, "c1", "work").grade, 1);                   // 0.9: the middle band
  EXPECT_EQ(row_of(r22, "c1", "work").light, traffic_light::red);  // the light follows the state
  // the default period is the latest
  EXPECT_EQ(check(fw, d, p).period, "2022");
}

TEST(CheckKinds, ScheduleOnTrackAndBehind) {
  const framework fw = test_fw();
  const target_profile p = profile_of(R"(
[[target]]
indicator = "lvl"
kind = "at_least"
value = 60.0
year = 2025
[[target]]
indicator = "work"
kind = "progress"
value = 100.0
year = 2025
)",
                                      "start_year = 2020");
  const panel d =
      panel_of("uCode,Time,lvl,work\nfast,2020,40,0\nfast,2022,52,50\nslow,2020,40,0\nslow,2022,44,20\n");
  const check_result r = check(fw, d, p);
  // expected share = (2022 - 2020) / (2025 - 2020) = 0.4
  // trajectory in 2022: 40 + (60 - 40) x 0.4 = 48
  const check_row& f = row_of(r, "fast", "lvl");
  EXPECT_EQ(f.status, check_status::on_track);
  EXPECT_EQ(f.light, traffic_light::green);
  EXPECT_FALSE(f.due);
  EXPECT_DOUBLE_EQ(f.expected, 0.4);
  EXPECT_DOUBLE_EQ(f.progress, 0.6);  // (52 - 40) / (60 - 40)
  EXPECT_DOUBLE_EQ(f.reference, 40.0);
  EXPECT_DOUBLE_EQ(f.trajectory, 48.0);
  EXPECT_DOUBLE_EQ(f.trajectory_gap, -4.0);  // 4 ahead
  EXPECT_EQ(f.on_track, 1);
  const check_row& s = row_of(r, "slow", "lvl");
  EXPECT_EQ(s.status, check_status::behind_schedule);
  EXPECT_EQ(s.light, traffic_light::yellow);
  EXPECT_DOUBLE_EQ(s.progress, 0.2);
  EXPECT_DOUBLE_EQ(s.trajectory_gap, 4.0);  // 48 - 44
  EXPECT_DOUBLE_EQ(s.relative_gap, 0.2);    // 4 / (60 - 40)
  EXPECT_EQ(s.on_track, 0);
  EXPECT_EQ(row_of(r, "fast", "work").status, check_status::on_track);         // 50 >= 100 x 0.4
  EXPECT_EQ(row_of(r, "slow", "work").status, check_status::behind_schedule);  // 20 < 40
  EXPECT_DOUBLE_EQ(row_of(r, "slow", "work").trajectory_gap, 20.0);
  // 达标率: nothing is due; 进度达标率: fast 2 of 2, slow 0 of 2
  EXPECT_TRUE(std::isnan(achievement_of(r, "fast", "R").rate));
  EXPECT_DOUBLE_EQ(achievement_of(r, "fast", "R").schedule_rate, 1.0);
  EXPECT_EQ(achievement_of(r, "slow", "R").not_due, 2u);
  EXPECT_DOUBLE_EQ(achievement_of(r, "slow", "R").schedule_rate, 0.0);
  std::size_t behind = 0;
  for (const auto& q : r.problems) {
    EXPECT_EQ(q.unit, "slow");
    behind += q.reason == problem_reason::behind_schedule;
  }
  EXPECT_EQ(behind, 2u);
}

TEST(CheckKinds, ChangeVsBase) {
  const framework fw = test_fw();
  const target_profile p = profile_of(R"(
[[target]]
indicator = "water"
kind = "change_vs_base"
value = -16.0
year = 2025
base_year = 2020
)");
  const panel d =
      panel_of("uCode,Time,water\nok,2020,50\nok,2025,40\nhalf,2020,50\nhalf,2025,46\nnobase,2025,40\n");
  const check_result r = check(fw, d, p);
  const check_row& ok = row_of(r, "ok", "water");
  EXPECT_NEAR(ok.change, -20.0, 1e-12);
  EXPECT_EQ(ok.status, check_status::met);
  EXPECT_DOUBLE_EQ(ok.achievement, 1.0);  // 20 / 16 capped
  EXPECT_EQ(ok.reference_period, "2020");
  const check_row& h = row_of(r, "half", "water");
  EXPECT_NEAR(h.change, -8.0, 1e-12);
  EXPECT_EQ(h.status, check_status::missed);
  EXPECT_NEAR(h.achievement, 0.5, 1e-12);  // achieved / required change
  EXPECT_NEAR(h.gap, 8.0, 1e-12);          // percentage points short
  EXPECT_NEAR(h.relative_gap, 0.5, 1e-12);
  EXPECT_EQ(row_of(r, "nobase", "water").status, check_status::no_data);
  EXPECT_CONTAINS(row_of(r, "nobase", "water").note, "2020");
  // the plan's own base value when the data has no base year
  const target_profile pb = profile_of(R"(
[[target]]
indicator = "water"
kind = "change_vs_base"
value = -16.0
year = 2025
base_year = 2020
base_value = 50.0
)");
  const check_row& b = row_of(check(fw, d, pb), "nobase", "water");
  EXPECT_EQ(b.status, check_status::met);
  // 下降6%左右 with a tolerance of 0.5 point: -5.6 % is met, -5.4 % is not (base 50: 47.2, 47.3)
  const target_profile about = profile_of(
      "[[target]]\nindicator = \"water\"\nkind = \"change_vs_base\"\nvalue = -6.0\nyear = 2025\n"
      "base_year = 2020\ntolerance = 0.5\n");
  const panel near6 = panel_of("uCode,Time,water\nin,2020,50\nin,2025,47.2\nout,2020,50\nout,2025,47.3\n");
  EXPECT_EQ(row_of(check(fw, near6, about), "in", "water").status, check_status::met);
  EXPECT_EQ(row_of(check(fw, near6, about), "out", "water").status, check_status::missed);
  EXPECT_EQ(about.targets[0].describe(true), "-6 %左右 较2020年(2025年)");
  EXPECT_EQ(b.reference_period, "2020 (profile)");
  // before 2025 a shortfall is not yet due, with progress against the time share
  const panel early = panel_of("uCode,Time,water\nc,2020,50\nc,2022,46\n");
  const check_row& e = row_of(check(fw, early, p), "c", "water");
  // trajectory in 2022: -16 % x 0.4 = -6.4 %; the change is -8 %: ahead
  EXPECT_EQ(e.status, check_status::on_track);
  EXPECT_NEAR(e.trajectory, -6.4, 1e-12);
  EXPECT_NEAR(e.progress, 0.5, 1e-12);
  EXPECT_NEAR(e.expected, 0.4, 1e-12);
  EXPECT_EQ(e.on_track, 1);
}

// --- the plan's schedule: trajectories, milestones, the new kinds (hand-computed) -------------

TEST(CheckSchedule, ExactlyOnTheTrajectoryIsGreen) {
  // the review's case: a 2025 target exactly on its trajectory in 2022 must not be red
  const framework fw = test_fw();
  const target_profile p = profile_of(R"(
[[target]]
indicator = "lvl"
kind = "at_least"
value = 60.0
year = 2025
base_year = 2020
base_value = 40.0
)");
  // trajectory 2022: 40 + 20 x (2 / 5) = 48
  const panel d = panel_of("uCode,Time,lvl\nc,2022,48\n");
  const check_result r = check(fw, d, p);
  const check_row& row = row_of(r, "c", "lvl");
  EXPECT_EQ(row.status, check_status::on_track);
  EXPECT_EQ(row.light, traffic_light::green);
  EXPECT_EQ(row.schedule_start, 2020);
  EXPECT_EQ(row.reference_period, "2020 (profile)");
  EXPECT_TRUE(r.problems.empty());
  // 达标率 has no due target (missing, not 0 %); 进度达标率 = 1 / 1
  const achievement_row& a = achievement_of(r, "c", "R");
  EXPECT_TRUE(std::isnan(a.rate));
  EXPECT_DOUBLE_EQ(a.schedule_rate, 1.0);
  EXPECT_EQ(a.light, traffic_light::green);
}

TEST(CheckSchedule, MilestonesShapeTheTrajectory) {
  // base 2020: 10; milestone 2022: 30; target 2025: 40. Trajectory: 2021 = 20, 2023 = 33.33...
  const framework fw = test_fw();
  const target_profile p = profile_of(R"(
[[target]]
indicator = "lvl"
kind = "at_least"
value = 40.0
year = 2025
base_year = 2020
milestones = [{year = 2022, value = 30.0}]
)");
  const panel d = panel_of("uCode,Time,lvl\nc,2020,10\nc,2021,19\nc,2023,34\nd,2020,10\nd,2023,33\n");
  check_options o;
  o.period = "2021";
  const check_row& a = row_of(check(fw, d, p, o), "c", "lvl");
  EXPECT_DOUBLE_EQ(a.trajectory, 20.0);
  EXPECT_EQ(a.status, check_status::behind_schedule);  // 19 < 20 (linear would ask only 16)
  EXPECT_DOUBLE_EQ(a.trajectory_gap, 1.0);
  EXPECT_DOUBLE_EQ(a.relative_gap, 1.0 / 30.0);  // 1 / (40 - 10)
  EXPECT_DOUBLE_EQ(a.expected, 10.0 / 30.0);     // (20 - 10) / (40 - 10)
  o.period = "2023";
  const check_result r23 = check(fw, d, p, o);
  EXPECT_NEAR(row_of(r23, "c", "lvl").trajectory, 30.0 + 10.0 / 3.0, 1e-12);
  EXPECT_EQ(row_of(r23, "c", "lvl").status, check_status::on_track);         // 34 >= 33.33
  EXPECT_EQ(row_of(r23, "d", "lvl").status, check_status::behind_schedule);  // 33 < 33.33
  // a milestone out of order, after the target year, or on a year-on-year kind is refused
  for (const char* bad :
       {"milestones = [{year = 2023, value = 30.0}, {year = 2022, value = 35.0}]",
        "milestones = [{year = 2025, value = 30.0}]", "milestones = [{year = 2019, value = 5.0}]"}) {
    const std::string text = std::string(
                                 "[[target]]\nindicator = \"lvl\"\nkind = \"at_least\"\nvalue = 40.0\n"
                                 "year = 2025\nbase_year = 2020\n") +
                             bad + "\n";
    const auto e = expect_error<framework_error>([&] { (void)profile_of(text); }, "targets.bad_target");
    if (e) {
      EXPECT_EQ(e->where().indicator, "lvl");
    }
  }
}

TEST(CheckSchedule, TargetYearBeforeBaseYearIsRefused) {
  const auto e = expect_error<framework_error>(
      [] {
        (void)profile_of(
            "[[target]]\nindicator = \"lvl\"\nkind = \"at_least\"\nvalue = 40.0\nyear = 2020\n"
            "base_year = 2022\n");
      },
      "targets.bad_target");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->where().indicator, "lvl");
  EXPECT_GT(e->where().line, 0u);
  EXPECT_CONTAINS(std::string(e->what()), "2022");
}

TEST(CheckSchedule, ApproximatelyWithTolerance) {
  // 左右: 13.68 +- 0.5 -> met within [13.18, 14.18]
  const framework fw = test_fw();
  const target_profile p = profile_of(R"(
[[target]]
indicator = "lvl"
kind = "approximately"
value = 13.68
tolerance = 0.5
)");
  const panel d = panel_of("uCode,Time,lvl\nlow,2025,13.0\nin,2025,13.5\nhigh,2025,14.68\n");
  const check_result r = check(fw, d, p);
  EXPECT_EQ(row_of(r, "in", "lvl").status, check_status::met);
  EXPECT_EQ(row_of(r, "low", "lvl").status, check_status::missed);
  EXPECT_NEAR(row_of(r, "low", "lvl").gap, 0.18, 1e-12);  // 13.18 - 13.0
  EXPECT_NEAR(row_of(r, "low", "lvl").achievement, 13.0 / 13.18, 1e-12);
  EXPECT_NEAR(row_of(r, "high", "lvl").gap, 0.5, 1e-12);  // 14.68 - 14.18
  EXPECT_NEAR(row_of(r, "high", "lvl").relative_gap, 0.5 / 14.18, 1e-12);
  EXPECT_EQ(p.targets[0].describe(true), "约 13.68 ± 0.5");
  expect_error<framework_error>(
      [] { (void)profile_of("[[target]]\nindicator = \"lvl\"\nkind = \"左右\"\nvalue = 13.68\n"); },
      "targets.bad_target");
}

TEST(CheckSchedule, RisesEveryYear) {
  // 逐年提高 from 2020: up: 10, 11, 12, 13 (met); dip: 10, 12, 11, 13 (2021->2022 fell);
  // gap: 10, -, 12, 13 (2021 missing: 2020 -> 2022 compared, noted)
  const framework fw = test_fw();
  const target_profile p = profile_of(R"(
[[target]]
indicator = "lvl"
kind = "rises_every_year"
)",
                                      "start_year = 2020");
  const panel d = panel_of(
      "uCode,Time,lvl\nup,2020,10\nup,2021,11\nup,2022,12\nup,2023,13\n"
      "dip,2020,10\ndip,2021,12\ndip,2022,11\ndip,2023,13\n"
      "gap,2020,10\ngap,2022,12\ngap,2023,13\n");
  const check_result r = check(fw, d, p);
  EXPECT_EQ(row_of(r, "up", "lvl").status, check_status::met);
  EXPECT_TRUE(row_of(r, "up", "lvl").due);
  const check_row& dip = row_of(r, "dip", "lvl");
  EXPECT_EQ(dip.status, check_status::missed);       // this year rose, but 2022 fell
  EXPECT_DOUBLE_EQ(dip.achievement, 2.0 / 3.0);      // 2 of 3 year pairs rose
  EXPECT_NEAR(dip.relative_gap, 1.0 / 12.0, 1e-12);  // the fall 12 -> 11, relative to 12
  EXPECT_CONTAINS(dip.note, "2021→2022");
  EXPECT_CONTAINS(dip.note_zh, "3 组相邻年份中 2 组上升");
  const check_row& g = row_of(r, "gap", "lvl");
  EXPECT_EQ(g.status, check_status::met);
  EXPECT_CONTAINS(g.note, "no data for 2021");
  // only one year of data since the start: cannot be judged
  check_options o;
  o.period = "2020";
  EXPECT_EQ(row_of(check(fw, d, p, o), "up", "lvl").status, check_status::no_data);
}

TEST(CheckSchedule, AnnualWorkIsSummed) {
  // 10 万亩 a year ... total 40 by 2024 from 2021: annual data 8, 12, 9 -> 29 done by 2023;
  // trajectory 2023: 40 x (2023 - 2020) / (2024 - 2020) = 30 -> behind by 1
  const framework fw = test_fw();
  const target_profile p = profile_of(R"(
[[target]]
indicator = "work"
kind = "progress"
value = 40.0
year = 2024
start_year = 2020
work = "annual"
)");
  const panel d =
      panel_of("uCode,Time,work\nc,2020,0\nc,2021,8\nc,2022,12\nc,2023,9\nm,2020,0\nm,2021,8\nm,2023,9\n");
  const check_result r = check(fw, d, p);
  const check_row& c = row_of(r, "c", "work");
  EXPECT_DOUBLE_EQ(c.value, 29.0);
  EXPECT_DOUBLE_EQ(c.trajectory, 30.0);
  EXPECT_EQ(c.status, check_status::behind_schedule);
  EXPECT_DOUBLE_EQ(c.trajectory_gap, 1.0);
  EXPECT_DOUBLE_EQ(c.relative_gap, 1.0 / 40.0);
  const check_row& m = row_of(r, "m", "work");
  EXPECT_EQ(m.status, check_status::no_data);  // 2022 is missing: the sum is not known
  EXPECT_CONTAINS(m.note, "2022");
  expect_error<framework_error>(
      [] {
        (void)profile_of(
            "[[target]]\nindicator = \"lvl\"\nkind = \"at_least\"\nvalue = 1.0\nwork = \"annual\"\n");
      },
      "targets.bad_target");
}

TEST(CheckSchedule, ProblemsOrderedByState) {
  // a missed target with a small gap comes before a late one with a large gap; a bottom line
  // breached before its year comes between them
  const framework fw = test_fw();
  const target_profile p = profile_of(R"(
[[target]]
indicator = "mid"
kind = "at_least"
value = 100.0
year = 2022
[[target]]
indicator = "lvl"
kind = "at_least"
value = 100.0
year = 2025
base_year = 2020
base_value = 0.0
[[target]]
indicator = "cost"
kind = "at_most"
value = 10.0
year = 2025
bottom_line = true
bottom_line_quote = "严禁超过10"
base_year = 2020
base_value = 30.0
)");
  // mid 95: missed by 5 %; lvl 2022 trajectory 40, value 0: behind by 40 (rel 0.4);
  // cost trajectory 2022: 30 - 20 x 0.4 = 22, value 20: on track, but above its bottom line
  const panel d = panel_of("uCode,Time,mid,lvl,cost\nc,2022,95,0,20\n");
  const check_result r = check(fw, d, p);
  ASSERT_EQ(r.problems.size(), 3u);
  EXPECT_EQ(r.problems[0].reason, problem_reason::missed);
  EXPECT_EQ(r.problems[0].indicator, "mid");
  EXPECT_DOUBLE_EQ(r.problems[0].severity, 0.05);
  EXPECT_EQ(r.problems[1].reason, problem_reason::bottom_line_breach);
  EXPECT_EQ(r.problems[1].indicator, "cost");
  EXPECT_EQ(r.problems[1].status, check_status::on_track);
  EXPECT_DOUBLE_EQ(r.problems[1].severity, 1.0);  // (20 - 10) / 10
  EXPECT_EQ(r.problems[2].reason, problem_reason::behind_schedule);
  EXPECT_DOUBLE_EQ(r.problems[2].severity, 0.4);
  EXPECT_DOUBLE_EQ(r.problems[2].trajectory, 40.0);
  EXPECT_TRUE(row_of(r, "c", "cost").bottom_line_failure);
  // a bottom line needs the plan's words for it
  expect_error<framework_error>(
      [] {
        (void)profile_of(
            "[[target]]\nindicator = \"lvl\"\nkind = \"at_least\"\nvalue = 1.0\nbottom_line = true\n"
            "bottom_line_quote = \"力争达到\"\n");
      },
      "targets.bad_target");
}

TEST(CheckKinds, NoDataAndNotApplicable) {
  const framework fw = test_fw();
  const target_profile p = profile_of(R"(
[[target]]
indicator = "lvl"
kind = "at_least"
value = 40.0
[[target]]
indicator = "work"
kind = "progress"
value = 10.0
)");
  // no column for work, an empty lvl for c2, an extra column the framework does not know
  const panel d = panel_of("uCode,Time,lvl,cost,other\nc1,2022,41,1,5\nc2,2022,,1,5\n");
  const check_result r = check(fw, d, p);
  EXPECT_EQ(row_of(r, "c2", "lvl").status, check_status::no_data);
  EXPECT_EQ(row_of(r, "c1", "work").status, check_status::no_data);
  EXPECT_EQ(row_of(r, "c1", "work").note, "no data column");
  EXPECT_EQ(row_of(r, "c1", "cost").status, check_status::not_applicable);
  EXPECT_EQ(row_of(r, "c1", "cost").target, -1);
  EXPECT_DOUBLE_EQ(row_of(r, "c1", "cost").value, 1.0);
  bool ignored = false;
  for (const auto& g : r.diagnostics)
    ignored = ignored || (g.id == "data.unknown_column_ignored" && g.node == "other");
  EXPECT_TRUE(ignored);
  // a column its reader left out (the Python layer does not copy unknown columns) is noted alike
  panel without = d;
  without.indicators.pop_back();
  without.values.conservativeResize(Eigen::NoChange, without.values.cols() - 1);
  without.left_out = {"other"};
  std::size_t noted = 0;
  for (const auto& g : check(fw, without, p).diagnostics)
    noted += g.id == "data.unknown_column_ignored" && g.node == "other" && g.level == severity::info;
  EXPECT_EQ(noted, 1u);
  const achievement_row& a = achievement_of(r, "c2", "R");
  EXPECT_TRUE(a.overall);
  EXPECT_EQ(a.targets, 2u);
  EXPECT_EQ(a.no_data, 2u);
  EXPECT_EQ(a.due, 0u);
  EXPECT_TRUE(std::isnan(a.rate));
  // status rows: one per unit x target plus one per untargeted indicator
  EXPECT_EQ(r.status.size(), 2u * 8u);
  check_options o;
  o.include_not_applicable = false;
  EXPECT_EQ(check(fw, d, p, o).status.size(), 4u);
  o.units = {"c9"};
  expect_error<data_error>([&] { (void)check(fw, d, p, o); }, "check.unknown_unit");
  o.units = {};
  o.period = "1999";
  expect_error<data_error>([&] { (void)check(fw, d, p, o); }, "check.unknown_period");
}

TEST(CheckKinds, CapAndBands) {
  const framework fw = test_fw();
  const target_profile p = profile_of(R"(
[[target]]
indicator = "lvl"
kind = "at_least"
value = 40.0
)");
  const panel d = panel_of("uCode,Time,lvl\nc1,2022,60\nc2,2022,34\n");
  check_options o;
  o.cap = 1.2;
  EXPECT_DOUBLE_EQ(row_of(check(fw, d, p, o), "c1", "lvl").achievement, 1.2);  // 1.5 capped at 1.2
  o.bands = {0.8, 0.95, 1.0};
  o.grade_labels_zh = {"差", "中", "良", "优"};
  o.grade_labels_en = {"d", "c", "b", "a"};
  const check_result r = check(fw, d, p, o);
  EXPECT_EQ(r.grade_label(row_of(r, "c2", "lvl").grade), "中");  // 0.85
  EXPECT_EQ(row_of(r, "c2", "lvl").light, traffic_light::red);   // missed, whatever its grade
  EXPECT_EQ(r.grade_label(row_of(r, "c1", "lvl").grade, false), "a");
  o.grade_labels_en = {"x"};
  expect_error<recipe_error>([&] { (void)check(fw, d, p, o); }, "check.options");
}

TEST(CheckAchievement, RatesByDimension) {
  const framework fw = test_fw();
  const target_profile p = profile_of(R"(
[[target]]
indicator = "lvl"
kind = "at_least"
value = 40.0
[[target]]
indicator = "cost"
kind = "at_most"
value = 10.0
[[target]]
indicator = "mid"
kind = "at_least"
value = 100.0
year = 2030
[[target]]
indicator = "work"
kind = "progress"
value = 10.0
)");
  const panel d = panel_of("uCode,Time,lvl,cost,mid,work\nc1,2022,50,20,50,\n");
  const check_result r = check(fw, d, p);
  const achievement_row& a = achievement_of(r, "c1", "A");
  EXPECT_EQ(a.targets, 3u);
  EXPECT_EQ(a.met, 1u);
  EXPECT_EQ(a.missed, 1u);
  EXPECT_EQ(a.not_yet_due, 1u);  // 2030, one year of data: no base, pace unknown
  // 达标率 over the due targets (lvl met, cost missed): 1 / 2
  EXPECT_EQ(a.due, 2u);
  EXPECT_EQ(a.due_met, 1u);
  EXPECT_DOUBLE_EQ(a.rate, 0.5);
  // index: equal weights, achievements 1, 0.5, 0.5
  EXPECT_NEAR(a.index, 2.0 / 3.0, 1e-12);
  EXPECT_EQ(a.light, traffic_light::red);
  const achievement_row& b = achievement_of(r, "c1", "B");
  EXPECT_EQ(b.no_data, 1u);
  EXPECT_EQ(r.achievement.size(), 3u);  // A, B, overall
  EXPECT_TRUE(std::isnan(b.rate));
  EXPECT_EQ(b.light, traffic_light::none);
  const achievement_row& all = achievement_of(r, "c1", "R");
  EXPECT_EQ(all.targets, 4u);
  EXPECT_EQ(all.due, 2u);
  EXPECT_DOUBLE_EQ(all.rate, 0.5);
  EXPECT_EQ(r.units(), std::vector<std::string>{"c1"});
}

// --- problem list: ordering and ties -----------------------------------------------------------

TEST(CheckProblems, OrderAndTies) {
  // four indicators of equal effective weight 1/8 (two dimensions of four)
  const framework fw = test_fw();
  const target_profile p = profile_of(R"(
[[target]]
indicator = "work"
kind = "at_least"
value = 4.0
[[target]]
indicator = "mid"
kind = "at_least"
value = 10.0
[[target]]
indicator = "yn"
kind = "at_least"
value = 2.0
[[target]]
indicator = "lvl"
kind = "at_least"
value = 100.0
[[target]]
indicator = "lvl"
kind = "at_least"
value = 200.0
year = 2021
[[target]]
indicator = "cost"
kind = "at_most"
value = 5.0
)");
  // relative gaps: work 0.75; mid 0.5; yn (bottom line) 0.5; lvl 0.5 and 0.75; cost met
  const panel d = panel_of("uCode,Time,work,mid,yn,lvl,cost\nc1,2022,1,5,1,50,5\nc0,2022,4,10,2,200,1\n");
  const check_result r = check(fw, d, p);
  std::vector<std::string> order;
  for (const auto& q : r.problems) {
    EXPECT_EQ(q.unit, "c1");  // c0 meets everything
    order.push_back(q.indicator + "#" + std::to_string(q.target));
  }
  // all missed (no target year: due); bottom lines first, then severity (= relative gap,
  // dimensionless) desc, ties by indicator code, then target order
  const std::vector<std::string> expected = {"yn#2", "lvl#4", "work#0", "lvl#3", "mid#1"};
  EXPECT_EQ(order, expected);
  ASSERT_EQ(r.problems.size(), 5u);
  EXPECT_TRUE(r.problems[0].bottom_line);
  EXPECT_DOUBLE_EQ(r.problems[0].severity, 0.5);
  EXPECT_DOUBLE_EQ(r.problems[1].severity, 0.75);
  EXPECT_DOUBLE_EQ(r.problems[2].severity, 0.75);
  EXPECT_DOUBLE_EQ(r.problems[1].weight, 0.125);
  for (std::size_t k = 0; k < r.problems.size(); ++k) EXPECT_EQ(r.problems[k].rank, k + 1);
  EXPECT_EQ(r.problems[3].target_text, ">= 100");
  EXPECT_EQ(r.problems[3].target_text_zh, ">= 100");
  // weights of the options are shown, not multiplied into the severity
  check_options o;
  o.weights["mid"] = 1.0;
  const check_result rw = check(fw, d, p, o);
  EXPECT_EQ(rw.problems[4].indicator, "mid");
  EXPECT_DOUBLE_EQ(rw.problems[4].weight, 1.0);
  EXPECT_DOUBLE_EQ(rw.problems[4].severity, 0.5);
}

TEST(CheckProblems, BottomKAmongUntargeted) {
  const framework fw = test_fw();
  const target_profile p = profile_of("[[target]]\nindicator = \"lvl\"\nkind = \"at_least\"\nvalue = 1.0\n");
  const panel d = panel_of("uCode,Time,lvl,cost,mid\nc1,2022,5,10,1\nc2,2022,5,20,2\nc3,2022,5,30,3\n");
  check_options o;
  o.bottom_k = 1;
  const check_result r = check(fw, d, p, o);
  // c3: cost (lower is better) is the worst, z = 0; c1: mid is the lowest, z = 0
  std::map<std::string, std::string> weakest;
  for (const auto& q : r.problems) {
    EXPECT_EQ(q.reason, problem_reason::bottom_k);
    weakest[q.unit] = q.indicator;
  }
  EXPECT_EQ(weakest["c3"], "cost");
  EXPECT_EQ(weakest["c1"], "mid");
  EXPECT_EQ(weakest.count("c2"), 0u);  // its values are mid-range (z = 0.5)
}

// --- obstacle degree (evaluation-methods.md §9) -------------------------------------------------

const char* const obstacle_framework = R"(
[[node]]
code = "R"
[[node]]
code = "A"
parent = "R"
weight = 2
[[node]]
code = "B"
parent = "R"
weight = 1
[[indicator]]
code = "a1"
parent = "A"
weight = 1
[[indicator]]
code = "a2"
parent = "A"
weight = 3
[[indicator]]
code = "b1"
parent = "B"
)";

TEST(Obstacle, StandardAgainstHandValues) {
  const framework fw = parse_framework_toml(obstacle_framework, "o.toml");
  // effective weights 1/6, 1/2, 1/3; z = 0.5, 0.8, 0.2 -> I = 0.5, 0.2, 0.8
  // F I = 1/12, 1/10, 4/15, sum 0.45 -> O = 18.5185..., 22.2222..., 59.2592...
  Eigen::MatrixXd z(2, 3);
  z << 0.5, 0.8, 0.2, 1.0, 1.0, 1.0;
  const obstacle_result o = obstacle_degree(fw, z, framework_weights(fw));
  EXPECT_NEAR(o.factor[0], 1.0 / 6.0, 1e-15);
  EXPECT_NEAR(o.deviation(0, 2), 0.8, 1e-15);
  EXPECT_NEAR(o.degree(0, 0), 18.518518518518519, 1e-9);
  EXPECT_NEAR(o.degree(0, 1), 22.222222222222221, 1e-9);
  EXPECT_NEAR(o.degree(0, 2), 59.259259259259252, 1e-9);
  EXPECT_NEAR(o.by_dimension(0, 0), 40.740740740740740, 1e-9);
  EXPECT_NEAR(o.by_dimension(0, 1), 59.259259259259252, 1e-9);
  EXPECT_EQ(o.top(0), (std::vector<std::size_t>{2, 1, 0}));
  // nothing holds the second row back: 0, not 0 / 0
  EXPECT_DOUBLE_EQ(o.degree(1, 0), 0.0);
  EXPECT_DOUBLE_EQ(o.by_dimension(1, 1), 0.0);
  EXPECT_EQ(o.dimensions, (std::vector<std::string>{"A", "B"}));
}

TEST(Obstacle, VariantsAgainstHandValues) {
  const framework fw = parse_framework_toml(obstacle_framework, "o.toml");
  Eigen::MatrixXd z(1, 3);
  z << 50, 80, 20;  // a 0-100 scale
  obstacle_options opt;
  opt.best = 100;
  opt.scaling = obstacle_scaling::unnormalised;  // mathmodels: (1 - z) w, here in percent
  obstacle_result o = obstacle_degree(fw, z, framework_weights(fw), opt);
  EXPECT_NEAR(o.degree(0, 0), 8.3333333333333339, 1e-9);
  EXPECT_NEAR(o.degree(0, 1), 10.0, 1e-9);
  EXPECT_NEAR(o.degree(0, 2), 26.666666666666668, 1e-9);
  opt.scaling = obstacle_scaling::standard;
  opt.factor = obstacle_factor::local;  // F = 1/4, 3/4, 1 -> F I = 0.125, 0.15, 0.8, sum 1.075
  o = obstacle_degree(fw, z, framework_weights(fw), opt);
  EXPECT_NEAR(o.degree(0, 0), 11.627906976744185, 1e-9);
  EXPECT_NEAR(o.degree(0, 2), 74.418604651162795, 1e-9);
  opt.factor = obstacle_factor::effective_times_criterion;  // F = 1/9, 1/3, 1/9
  o = obstacle_degree(fw, z, framework_weights(fw), opt);
  EXPECT_NEAR(o.degree(0, 0), 26.315789473684209, 1e-9);
  EXPECT_NEAR(o.degree(0, 1), 31.578947368421051, 1e-9);
  EXPECT_NEAR(o.degree(0, 2), 42.105263157894733, 1e-9);
  // a missing value leaves the indicator out of the row
  z(0, 1) = nan;
  opt.factor = obstacle_factor::effective;
  o = obstacle_degree(fw, z, framework_weights(fw), opt);
  EXPECT_TRUE(std::isnan(o.degree(0, 1)));
  EXPECT_NEAR(o.degree(0, 0) + o.degree(0, 2), 100.0, 1e-9);
  EXPECT_NEAR(o.degree(0, 0), 100.0 * (1.0 / 12.0) / (1.0 / 12.0 + 4.0 / 15.0), 1e-9);
}

TEST(Obstacle, InTheCheckUsesTargetDeviation) {
  const framework fw = test_fw();
  // effective weights 1/8 each; deviations 1 - achievement: lvl 0.25, cost 0.5, work 0
  const target_profile p = profile_of(R"(
[[target]]
indicator = "lvl"
kind = "at_least"
value = 40.0
[[target]]
indicator = "cost"
kind = "at_most"
value = 10.0
[[target]]
indicator = "work"
kind = "progress"
value = 10.0
)");
  const panel d = panel_of("uCode,Time,lvl,cost,work\nc1,2022,30,20,12\n");
  const check_result r = check(fw, d, p);
  ASSERT_EQ(r.obstacles.size(), 3u);
  EXPECT_EQ(r.obstacles[0].indicator, "cost");
  EXPECT_NEAR(r.obstacles[0].degree, 100.0 * 0.5 / 0.75, 1e-9);
  EXPECT_NEAR(r.obstacles[1].degree, 100.0 * 0.25 / 0.75, 1e-9);
  EXPECT_DOUBLE_EQ(r.obstacles[2].degree, 0.0);
  EXPECT_DOUBLE_EQ(r.obstacles[0].deviation, 0.5);
  ASSERT_EQ(r.obstacle_dimensions.size(), 2u);
  EXPECT_NEAR(r.obstacle_dimensions[0].degree, 100.0, 1e-9);  // A holds everything
  EXPECT_DOUBLE_EQ(r.obstacle_dimensions[1].degree, 0.0);
}

// --- coupling coordination (evaluation-methods.md §10) ------------------------------------------

TEST(Coupling, NormativeAgainstHandValues) {
  Eigen::MatrixXd u(2, 4);
  u << 0.2, 0.4, 0.6, 0.8, 0.5, 0.5, 0.5, 0.5;
  const coupling_result c = coupling(u);
  // C = (0.2 0.4 0.6 0.8)^(1/4) / 0.5; T = 0.5; D = sqrt(C T)
  EXPECT_NEAR(c.c[0], 0.88534553576025732, 1e-12);
  EXPECT_NEAR(c.t[0], 0.5, 1e-15);
  EXPECT_NEAR(c.d[0], 0.66533658240031313, 1e-12);
  EXPECT_EQ(c.d_class[0], 6);
  EXPECT_EQ(c.class_label(0), "初级协调");
  EXPECT_EQ(c.class_label(0, false), "primary coordination");
  EXPECT_EQ(c.band_label(0), "高度耦合");
  EXPECT_NEAR(c.c[1], 1.0, 1e-15);  // equal subsystems couple perfectly
  Eigen::MatrixXd two(1, 2);
  two << 0.3, 0.7;
  const coupling_result t = coupling(two);
  EXPECT_NEAR(t.c[0], 0.91651513899116799, 1e-12);  // 2 sqrt(U1 U2) / (U1 + U2)
  EXPECT_NEAR(t.d[0], 0.67694724277123985, 1e-12);
  coupling_options o;
  o.alpha = {4, 3, 2, 1};  // renormalised to 0.4 0.3 0.2 0.1
  const coupling_result a = coupling(u, o);
  EXPECT_NEAR(a.t[0], 0.4, 1e-12);
  EXPECT_NEAR(a.d[0], 0.59509513046579621, 1e-12);
}

TEST(Coupling, VariantFormulas) {
  Eigen::MatrixXd u(1, 4);
  u << 0.2, 0.4, 0.6, 0.8;
  coupling_options o;
  o.formula = coupling_formula::pairwise;  // 4 [prod U / prod (Ui + Uj)]^(1/4): above 1
  coupling_result c = coupling(u, o);
  EXPECT_NEAR(c.c[0], 1.8685519109128004, 1e-12);
  EXPECT_NEAR(c.d[0], 0.96657951326127334, 1e-12);
  o.formula = coupling_formula::modified;  // sqrt((1 - mean |Ui - Uj|) (prod Ui / max)^(1/3))
  c = coupling(u, o);
  EXPECT_NEAR(c.c[0], 0.55032120814910435, 1e-12);
  EXPECT_NEAR(c.d[0], 0.52455753171082409, 1e-12);
  Eigen::MatrixXd three(1, 3);
  three << 0.5, 0.5, 0.5;
  o.formula = coupling_formula::pairwise;
  EXPECT_NEAR(coupling(three, o).c[0], 1.5, 1e-12);  // the known defect for n = 3
  Eigen::MatrixXd two(1, 2);
  two << 0.3, 0.7;
  EXPECT_NEAR(coupling(two, o).c[0], 0.91651513899116799, 1e-12);  // n = 2: same as normative
  o.formula = coupling_formula::modified;
  EXPECT_NEAR(coupling(two, o).c[0], 0.50709255283710997, 1e-12);
}

// With equal alpha, C T = (prod U)^(1/n) for the normative C, so D = (prod U)^(1/(2n)): D
// reaches 0.5 (the first 协调 class under [a, b)) exactly at a geometric mean of U of 0.25.
TEST(Coupling, DIsTheRootOfTheGeometricMean) {
  Eigen::MatrixXd u(3, 4);
  u << 0.25, 0.25, 0.25, 0.25,  // C = 1, T = 0.25, D = 0.5
      0.5, 0.125, 0.5, 0.125,   // geometric mean (0.5^2 0.125^2)^(1/4) = 0.25; T = 0.3125
      0.3, 0.3, 0.3, 0.3;       // none met, 30 % of every target: D = sqrt(0.3) = 0.5477
  const coupling_result c = coupling(u);
  EXPECT_NEAR(c.d[0], 0.5, 1e-12);
  EXPECT_NEAR(c.c[1], 0.25 / 0.3125, 1e-12);
  EXPECT_NEAR(c.d[1], 0.5, 1e-12);
  EXPECT_EQ(c.d_class[0], 5);                                              // [0.5, 0.6) 勉强协调
  EXPECT_EQ(coordination_class(c.d[1], class_boundary::upper_closed), 4);  // (0.4, 0.5] 濒临失调
  EXPECT_NEAR(c.d[2], std::sqrt(0.3), 1e-12);
  EXPECT_EQ(c.class_label(2), "勉强协调");
}

TEST(Coupling, ClassBoundariesZerosAndErrors) {
  EXPECT_EQ(coordination_class(0.6, class_boundary::lower_closed), 6);              // [0.6, 0.7)
  EXPECT_EQ(coordination_class(0.6, class_boundary::upper_closed), 5);              // (0.5, 0.6]
  EXPECT_EQ(coordination_class(0.1 + 0.2 + 0.3, class_boundary::lower_closed), 6);  // 0.6000...1
  EXPECT_EQ(coordination_class(0.0, class_boundary::upper_closed), 0);
  EXPECT_EQ(coordination_class(1.0, class_boundary::lower_closed), 9);
  EXPECT_EQ(coordination_class(0.95, class_boundary::upper_closed), 9);
  EXPECT_EQ(coordination_class(nan), -1);
  EXPECT_EQ(coupling_band(0.3, coupling_bands::mathmodels), 1);
  EXPECT_EQ(coupling_band(0.3, coupling_bands::acta_geographica), 0);
  Eigen::MatrixXd u(3, 2);
  u << 0.0, 0.5, 0.0, 0.0, nan, 0.5;
  const coupling_result c = coupling(u);
  EXPECT_DOUBLE_EQ(c.c[0], 0.0);  // a subsystem at zero: no coupling
  EXPECT_DOUBLE_EQ(c.d[0], 0.0);
  EXPECT_DOUBLE_EQ(c.c[1], 0.0);  // all zero: 0, not 0 / 0
  EXPECT_EQ(c.class_label(1), "极度失调");
  EXPECT_TRUE(std::isnan(c.d[2]));
  EXPECT_EQ(c.d_class[2], -1);
  Eigen::MatrixXd bad(1, 2);
  bad << 50, 60;
  expect_error<recipe_error>([&] { (void)coupling(bad); }, "coupling.range");
  Eigen::MatrixXd one(1, 1);
  one << 0.5;
  expect_error<recipe_error>([&] { (void)coupling(one); }, "coupling.shape");
  coupling_options o;
  o.alpha = {1};
  expect_error<recipe_error>([&] { (void)coupling(u, o); }, "coupling.alpha");
}

// --- composite green-city score -----------------------------------------------------------------

TEST(Composite, TargetAttainmentOnly) {
  const framework fw = test_fw();
  const target_profile p = profile_of(R"(
[[target]]
indicator = "lvl"
kind = "at_least"
value = 40.0
[[target]]
indicator = "cost"
kind = "at_most"
value = 10.0
[[target]]
indicator = "yn"
kind = "yes_no"
[[target]]
indicator = "work"
kind = "progress"
value = 50.0
[[target]]
indicator = "down"
kind = "decrease"
)");
  // mid, up and water have no target, down a year-on-year one: not scored (no level to attain)
  const panel d = panel_of(
      "uCode,Time,lvl,cost,mid,yn,down,up,work,water\n"
      "c1,2021,20,20,1,0,5,1,10,3\n"
      "c1,2022,40,10,3,1,4,2,25,3\n");
  composite_options by_attainment;  // U from the scores (the schedule basis is tested below)
  by_attainment.coupling_on = coupling_basis::attainment;
  const composite_result c = green_city_score(fw, d, p, by_attainment);
  EXPECT_EQ(c.target_based, (std::vector<std::string>{"lvl", "cost", "yn", "work"}));
  EXPECT_EQ(c.not_scored, (std::vector<std::string>{"mid", "down", "up", "water"}));
  EXPECT_TRUE(c.goalpost_based.empty());
  EXPECT_TRUE(c.left_out.empty());
  EXPECT_DOUBLE_EQ(c.scores.score_of("lvl")[0], 50.0);   // 20 / 40 x 100
  EXPECT_DOUBLE_EQ(c.scores.score_of("cost")[0], 50.0);  // 10 / 20
  EXPECT_DOUBLE_EQ(c.scores.score_of("work")[1], 50.0);  // 25 / 50
  EXPECT_DOUBLE_EQ(c.scores.score_of("yn")[1], 100.0);
  // A = mean(lvl 50, cost 50, yn 0) = 33.33 in 2021 (mid not scored); B = work = 20
  EXPECT_NEAR(c.scores.score_of("A")[0], 100.0 / 3.0, 1e-12);
  EXPECT_DOUBLE_EQ(c.scores.score_of("B")[0], 20.0);
  EXPECT_NEAR(c.scores.score_of("R")[0], (100.0 / 3.0 + 20.0) / 2.0, 1e-12);
  // coverage = weight share scored: A 3 of 4 equal weights, B 1 of 4, R (3/4 + 1/4) / 2
  EXPECT_DOUBLE_EQ(c.coverage(0, c.scores.column_of("A")), 0.75);
  EXPECT_DOUBLE_EQ(c.coverage(0, c.scores.column_of("B")), 0.25);
  EXPECT_DOUBLE_EQ(c.coverage(1, c.scores.column_of("R")), 0.5);
  ASSERT_NE(c.basis_of("A"), nullptr);
  EXPECT_EQ(c.basis_of("A")->basis, score_basis::target_attainment);
  EXPECT_EQ(c.basis_of("A")->target_based, 3u);
  EXPECT_EQ(c.basis_of("A")->not_scored, 1u);
  EXPECT_EQ(c.basis_of("R")->indicators, 8u);
  EXPECT_TRUE(c.basis_of("A")->coupled);
  EXPECT_FALSE(c.basis_of("R")->coupled);
  // U = (1/3, 0.2): C = 2 sqrt(U1 U2) / (U1 + U2) = 2 x 0.2581989 / 0.5333333 = 0.9682458,
  // T = 0.2666667, D = sqrt(C T) = (U1 U2)^(1/4) = 0.0666667^(1/4) = 0.5081327 (勉强协调)
  EXPECT_EQ(c.subsystems, (std::vector<std::string>{"A", "B"}));
  ASSERT_EQ(c.coupling.d.size(), 2);
  EXPECT_NEAR(c.coupling.c[0], 0.96824583655185426, 1e-12);
  EXPECT_NEAR(c.coupling.t[0], 0.26666666666666667, 1e-12);
  EXPECT_NEAR(c.coupling.d[0], std::pow(0.2 / 3.0, 0.25), 1e-12);
  EXPECT_EQ(c.coupling.class_label(0), "勉强协调");
  // indicators without data are left out, with their names
  const panel few = panel_of("uCode,Time,lvl,mid\nc1,2022,20,1\nc2,2022,40,3\n");
  const composite_result f = green_city_score(fw, few, p);
  EXPECT_EQ(f.left_out.size(), 6u);
  EXPECT_EQ(f.not_scored, (std::vector<std::string>{"mid"}));
  EXPECT_EQ(f.basis_of("B")->basis, score_basis::no_data);  // B has a target (work), no column
  // B is coupled but has no score: C, T, D missing for every row, and a warning says why
  EXPECT_EQ(f.subsystems, (std::vector<std::string>{"A", "B"}));
  ASSERT_EQ(f.coupling.d.size(), 2);
  EXPECT_TRUE(std::isnan(f.coupling.d[0]));
  EXPECT_EQ(f.coupling.d_class[0], -1);
  EXPECT_TRUE(std::any_of(f.diagnostics.begin(), f.diagnostics.end(), [](const diagnostic& g) {
    return g.id == "composite.subsystem_no_data" && g.node == "B";
  }));
  // nothing scorable: a clear error
  const panel none = panel_of("uCode,Time,mid,up\nc1,2022,1,2\n");
  expect_error<framework_error>([&] { (void)green_city_score(fw, none, p); }, "composite.no_indicators");
}

// A framework with a dimension scored against goalposts (F: f1 declares them, f2 does not) and
// a dimension nothing in it can be scored (N).
const char* const basis_framework = R"(
[[node]]
code = "R"
[[node]]
code = "A"
parent = "R"
name_en = "Targets"
[[node]]
code = "F"
parent = "R"
name_en = "Finance"
[[node]]
code = "N"
parent = "R"
name_en = "Nothing"
[[indicator]]
code = "a1"
parent = "A"
[[indicator]]
code = "f1"
parent = "F"
goalposts = { lower = 0, upper = 200 }
[[indicator]]
code = "f2"
parent = "F"
[[indicator]]
code = "n1"
parent = "N"
)";

TEST(Composite, GoalpostsAndDimensionsNotScored) {
  const framework fw = parse_framework_toml(basis_framework, "basis.toml");
  const target_profile p = parse_target_profile(
      "profile = \"p\"\n[[target]]\nindicator = \"a1\"\nkind = \"at_least\"\nvalue = 80.0\n", "p.toml");
  const panel d = panel_of("uCode,a1,f1,f2,n1\nc1,40,50,7,9\nc2,100,250,1,1\n");
  const composite_result c = green_city_score(fw, d, p);
  EXPECT_EQ(c.target_based, (std::vector<std::string>{"a1"}));
  EXPECT_EQ(c.goalpost_based, (std::vector<std::string>{"f1"}));
  EXPECT_EQ(c.not_scored, (std::vector<std::string>{"f2", "n1"}));
  // a1: 40 / 80 = 50 points; f1: (50 - 0) / (200 - 0) = 25 points, 250 is past the goalpost: 100
  EXPECT_DOUBLE_EQ(c.scores.score_of("A")[0], 50.0);
  EXPECT_DOUBLE_EQ(c.scores.score_of("F")[0], 25.0);
  EXPECT_DOUBLE_EQ(c.scores.score_of("F")[1], 100.0);
  // N is left out: R = mean(A, F) with the weights of A and F only
  EXPECT_DOUBLE_EQ(c.scores.score_of("R")[0], 37.5);
  EXPECT_EQ(c.basis_of("F")->basis, score_basis::goalposts);
  EXPECT_EQ(c.basis_of("N")->basis, score_basis::not_scored);
  EXPECT_EQ(c.basis_of("R")->basis, score_basis::mixed);
  EXPECT_DOUBLE_EQ(c.coverage(0, c.scores.column_of("F")), 0.5);
  EXPECT_EQ(c.subsystems, (std::vector<std::string>{"A", "F"}));
  EXPECT_FALSE(c.basis_of("N")->coupled);
  EXPECT_TRUE(std::any_of(c.diagnostics.begin(), c.diagnostics.end(), [](const diagnostic& g) {
    return g.id == "composite.dimension_not_scored" && g.node == "N" && g.level == severity::warning;
  }));
  composite_options o;
  o.subsystems = {"A", "N"};
  expect_error<recipe_error>([&] { (void)green_city_score(fw, d, p, o); }, "composite.subsystem_not_scored");
  o.subsystems = {"A", "nope"};
  expect_error<recipe_error>([&] { (void)green_city_score(fw, d, p, o); }, "composite.unknown_subsystem");
}

// Ranks within the cities of a data set do not depend on which other cities are in it. The
// previous composite scored untargeted indicators by min-max over the data, so a city added
// with an extreme green-finance value reordered the others; reproduced here with score().
TEST(Composite, AddingACityDoesNotReorderTheOthers) {
  const framework fw = parse_framework_toml(R"(
[[node]]
code = "R"
[[node]]
code = "A"
parent = "R"
[[node]]
code = "B"
parent = "R"
[[node]]
code = "F"
parent = "R"
[[indicator]]
code = "a1"
parent = "A"
[[indicator]]
code = "b1"
parent = "B"
[[indicator]]
code = "f1"
parent = "F"
)",
                                            "three.toml");
  const target_profile p = parse_target_profile(
      "profile = \"p\"\n[[target]]\nindicator = \"a1\"\nkind = \"at_least\"\nvalue = 100.0\n"
      "[[target]]\nindicator = \"b1\"\nkind = \"at_least\"\nvalue = 100.0\n",
      "p.toml");
  const std::string three = "uCode,a1,b1,f1\nc1,80,80,10\nc2,90,90,0\nc3,60,60,30\n";
  const panel before = panel_of(three);
  const panel after = panel_of(three + "c4,50,50,300\n");
  // The old mixing: target ratio for a1, b1, min-max 0-100 for f1.
  //  c1..c3: f1 0..30 -> 33.3, 0, 100; R = (80+80+33.3)/3 = 64.4, (90+90+0)/3 = 60, (60+60+100)/3
  //  = 73.3: order c3, c1, c2. With c4 (f1 = 300): f1 0..300 -> 3.3, 0, 10; R = 54.4, 60, 43.3:
  //  order c2, c1, c3, reversed.
  recipe mixed;
  normalisation ratio;
  ratio.method = normalisation_method::target_ratio;
  ratio.cap = 1.0;
  ratio.scale = 100.0;
  mixed.normalise_by_indicator = {{"a1", ratio}, {"b1", ratio}};
  std::vector<node_spec> specs = fw.nodes();
  target hundred;
  hundred.value = 100.0;  // at least 100
  for (auto& n : specs)
    if (n.code == "a1" || n.code == "b1") n.targets.push_back(hundred);
  const framework with_targets(specs, "three.toml");
  const result old_before = score(with_targets, before, mixed);
  const result old_after = score(with_targets, after, mixed);
  EXPECT_EQ(old_before.rank_of("R").head(3), Eigen::Vector3d(2, 3, 1));
  EXPECT_EQ(old_after.rank_of("R").head(3), Eigen::Vector3d(2, 1, 3) + Eigen::Vector3d::Ones());
  // Target attainment only: R = mean(A, B) = 80, 90, 60 (f1 not scored), with or without c4.
  const composite_result now_before = green_city_score(fw, before, p);
  const composite_result now_after = green_city_score(fw, after, p);
  EXPECT_EQ(now_before.scores.score_of("R"), Eigen::Vector3d(80, 90, 60));
  EXPECT_EQ(now_after.scores.score_of("R").head(3), Eigen::Vector3d(80, 90, 60));
  EXPECT_EQ(now_before.scores.rank_of("R"), Eigen::Vector3d(2, 1, 3));
  EXPECT_EQ(now_after.scores.rank_of("R").head(3), Eigen::Vector3d(2, 1, 3));
  EXPECT_EQ(now_after.scores.rank_of("R")[3], 4.0);
}

// A city that meets 1 of 20 targets, the others at a fifth of their level, is not called
// coordinated: its D falls in an imbalance (失调) class whatever the boundary convention.
TEST(Composite, FewTargetsMetIsNotCoordinated) {
  std::string fw_text = "[[node]]\ncode = \"R\"\n";
  std::string targets = "profile = \"twenty\"\n";
  std::string head = "uCode", row = "city";
  for (const char* dim : {"D1", "D2", "D3", "D4"}) {
    fw_text += "[[node]]\ncode = \"" + std::string(dim) + "\"\nparent = \"R\"\n";
    for (int k = 1; k <= 5; ++k) {
      const std::string code = std::string(dim) + "_" + std::to_string(k);
      fw_text += "[[indicator]]\ncode = \"" + code + "\"\nparent = \"" + dim + "\"\n";
      targets += "[[target]]\nindicator = \"" + code + "\"\nkind = \"at_least\"\nvalue = 100.0\n";
      head += "," + code;
      row += std::string(",") + (std::string(dim) == "D1" && k == 1 ? "100" : "20");  // 1 of 20 met
    }
  }
  const framework fw = parse_framework_toml(fw_text, "twenty.toml");
  const target_profile p = parse_target_profile(targets, "twenty.toml");
  composite_options by_attainment;
  by_attainment.coupling_on = coupling_basis::attainment;
  const composite_result c = green_city_score(fw, panel_of(head + "\n" + row + "\n"), p, by_attainment);
  // On attainment: U = (100 + 4 x 20) / 5 / 100 = 0.36, then 0.2, 0.2, 0.2.
  // T = (0.36 + 0.6) / 4 = 0.24; C = (0.36 x 0.2^3)^(1/4) / 0.24 = 0.00288^(1/4) / 0.24 =
  // 0.2316584 / 0.24 = 0.9652435; D = sqrt(C T) = 0.00288^(1/8) = 0.4813091.
  EXPECT_EQ(c.subsystems.size(), 4u);
  EXPECT_NEAR(c.u(0, 0), 0.36, 1e-12);
  EXPECT_NEAR(c.u(0, 3), 0.2, 1e-12);
  EXPECT_NEAR(c.coupling.t[0], 0.24, 1e-12);
  EXPECT_NEAR(c.coupling.c[0], std::pow(0.00288, 0.25) / 0.24, 1e-12);
  EXPECT_NEAR(c.coupling.d[0], std::pow(0.00288, 0.125), 1e-12);
  EXPECT_NEAR(c.coupling.d[0], 0.4813091, 1e-7);
  // C alone is high (高度耦合, C >= 0.8); the class follows D: [0.4, 0.5) 濒临失调
  EXPECT_EQ(c.coupling.c_band[0], 3);
  EXPECT_EQ(c.coupling.d_class[0], 4);
  EXPECT_EQ(c.coupling.class_label(0), "濒临失调");
  composite_options upper = by_attainment;
  upper.coupling.boundary = class_boundary::upper_closed;
  EXPECT_EQ(green_city_score(fw, panel_of(head + "\n" + row + "\n"), p, upper).coupling.d_class[0], 4);
  // On the schedule (the default): every target is due (no year); D1 has 1 of 5 met, the
  // others 0 of 5: U = (0.2, 0, 0, 0), prod U = 0, C = 0, T = 0.05, D = 0: 极度失调
  const composite_result s = green_city_score(fw, panel_of(head + "\n" + row + "\n"), p);
  EXPECT_EQ(s.coupling_on, coupling_basis::schedule);
  EXPECT_DOUBLE_EQ(s.u(0, 0), 0.2);
  EXPECT_DOUBLE_EQ(s.u(0, 1), 0.0);
  EXPECT_NEAR(s.coupling.t[0], 0.05, 1e-15);
  EXPECT_DOUBLE_EQ(s.coupling.d[0], 0.0);
  EXPECT_EQ(s.coupling.d_class[0], 0);
  EXPECT_EQ(s.coupling.class_label(0), "极度失调");
}

// The development level on the schedule: two dimensions of two targets each, due 2025 from a
// 2020 base, checked in 2022 (trajectory share 0.4). City "even": every target at 65 % of its
// level target (work 30 of 100) and behind its trajectory on all four; city "pace": both of A on
// track, one of B on track and one behind. Attainment calls "even" coordinated, the schedule
// does not.
TEST(Composite, CouplingOnTheSchedule) {
  const framework fw = test_fw();
  const target_profile p = profile_of(R"(
[[target]]
indicator = "lvl"
kind = "at_least"
value = 100.0
year = 2025
base_value = 60.0
[[target]]
indicator = "mid"
kind = "at_least"
value = 100.0
year = 2025
base_value = 60.0
[[target]]
indicator = "work"
kind = "progress"
value = 100.0
year = 2025
[[target]]
indicator = "up"
kind = "at_least"
value = 100.0
year = 2025
base_value = 60.0
)",
                                      "start_year = 2020");
  // trajectory 2022: levels 60 + 40 x 0.4 = 76, work 40. even: 65, 65, 30, 65 (behind on all);
  // pace: lvl 80, mid 77 (A: 2 of 2 on track), work 45 (on track), up 70 (behind): B 1 of 2
  const panel d = panel_of("uCode,Time,lvl,mid,work,up\neven,2022,65,65,30,65\npace,2022,80,77,45,70\n");
  const composite_result s = green_city_score(fw, d, p);
  ASSERT_EQ(s.subsystems, (std::vector<std::string>{"A", "B"}));
  EXPECT_DOUBLE_EQ(s.u(0, 0), 0.0);
  EXPECT_DOUBLE_EQ(s.u(0, 1), 0.0);
  EXPECT_DOUBLE_EQ(s.coupling.d[0], 0.0);
  // pace: U = (1, 0.5): C = 2 sqrt(0.5) / 1.5 = 0.9428090, T = 0.75, D = 0.5^(1/4) = 0.8408964
  EXPECT_DOUBLE_EQ(s.u(1, 0), 1.0);
  EXPECT_DOUBLE_EQ(s.u(1, 1), 0.5);
  EXPECT_NEAR(s.coupling.c[1], 2.0 * std::sqrt(0.5) / 1.5, 1e-12);
  EXPECT_NEAR(s.coupling.d[1], std::pow(0.5, 0.25), 1e-12);
  EXPECT_EQ(s.coupling.class_label(1), "良好协调");
  // on attainment "even" has U = (0.65, (0.3 + 0.65) / 2 = 0.475): D = (0.65 x 0.475)^(1/4)
  // = 0.7454, 中级协调
  composite_options a;
  a.coupling_on = coupling_basis::attainment;
  const composite_result t = green_city_score(fw, d, p, a);
  EXPECT_NEAR(t.coupling.d[0], std::pow(0.65 * 0.475, 0.25), 1e-12);
  EXPECT_EQ(t.coupling.class_label(0), "中级协调");
}

TEST(Composite, HelpersOnAScoringRun) {
  const framework fw = parse_framework_toml(obstacle_framework, "o.toml");
  const panel d = panel_of("uCode,a1,a2,b1\nc1,0,0,0\nc2,5,8,2\nc3,10,10,10\n");
  const result r = score(fw, d);  // min-max 0-100
  obstacle_options o;
  o.best = 100;
  const obstacle_result ob = obstacle_degree(r, o);
  // c2: z = 50, 80, 20 -> the hand values of Obstacle.StandardAgainstHandValues
  EXPECT_NEAR(ob.degree(1, 0), 18.518518518518519, 1e-9);
  EXPECT_NEAR(ob.degree(1, 2), 59.259259259259252, 1e-9);
  const coupling_result c = coupling_of(r);
  // c2: A = (50 + 3 x 80) / 4 = 72.5, B = 20
  EXPECT_NEAR(c.c[1], 2 * std::sqrt(0.725 * 0.2) / (0.725 + 0.2), 1e-12);
  EXPECT_NEAR(c.t[1], (0.725 + 0.2) / 2, 1e-12);
  EXPECT_DOUBLE_EQ(c.c[0], 0.0);  // both at zero
}

// --- the target-profile format ------------------------------------------------------------------

TEST(Profiles, ParseErrorsNameTheLine) {
  const framework fw = test_fw();
  const std::string text =
      "profile = \"p\"\n\n[[target]]\nindicator = \"nope\"\nkind = \"at_least\"\nvalue = 1.0\n";
  const target_profile p = parse_target_profile(text, "mine.toml");
  auto e = expect_error<framework_error>([&] { validate_profile(p, fw); }, "targets.unknown_indicator");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->where().file, "mine.toml");
  EXPECT_EQ(e->where().line, 3u);
  EXPECT_CONTAINS(std::string(e->what()), "'nope'");
  EXPECT_CONTAINS(std::string(e->what()), "mine.toml:3");
  // the check refuses the profile too
  const panel d = panel_of("uCode,Time,lvl\nc,2022,1\n");
  expect_error<framework_error>([&] { (void)check(fw, d, p); }, "targets.unknown_indicator");
  expect_error<framework_error>(
      [&] {
        validate_profile(
            parse_target_profile("profile = \"p\"\n[[target]]\nindicator = \"A\"\nkind = \"yes_no\"\n", "x"),
            fw);
      },
      "targets.not_an_indicator");
  auto parse = [](const std::string& t) { return parse_target_profile(t, "bad.toml"); };
  expect_error<framework_error>([&] { (void)parse("[[target]]\nindicator = \"lvl\"\n"); },
                                "targets.missing_key");  // no profile name
  expect_error<framework_error>(
      [&] {
        (void)parse("profile = \"p\"\n[[target]]\nindicator = \"lvl\"\nkind = \"most\"\nvalue = 1.0\n");
      },
      "targets.bad_kind");
  auto k = expect_error<framework_error>(
      [&] {
        (void)parse("profile = \"p\"\n[[target]]\nindicator = \"lvl\"\nkind = \"at_least\"\nvalu = 1.0\n");
      },
      "targets.unknown_key");
  ASSERT_TRUE(k);
  EXPECT_EQ(k->where().line, 5u);
  expect_error<framework_error>(
      [&] { (void)parse("profile = \"p\"\n[[target]]\nindicator = \"lvl\"\nkind = \"at_least\"\n"); },
      "targets.bad_target");  // no value
  expect_error<framework_error>(
      [&] {
        (void)parse(
            "profile = \"p\"\n[[target]]\nindicator = \"lvl\"\nkind = \"band\"\nlower = 5.0\nupper = 1.0\n");
      },
      "targets.bad_target");
  expect_error<framework_error>(
      [&] {
        (void)parse(
            "profile = \"p\"\n[[target]]\nindicator = \"lvl\"\nkind = \"change_vs_base\"\nvalue = -16.0\nyear = 2025\n");
      },
      "targets.bad_target");  // no base year
  expect_error<framework_error>(
      [&] {
        (void)parse("profile = \"p\"\n[[target]]\nindicator = \"lvl\"\nkind = \"decrease\"\nvalue = 3.0\n");
      },
      "targets.bad_target");
  expect_error<framework_error>(
      [&] {
        (void)parse("profile = \"p\"\n[[target]]\nindicator = \"lvl\"\nkind = \"progress\"\nvalue = 0.0\n");
      },
      "targets.bad_target");
  expect_error<framework_error>(
      [&] {
        (void)parse(
            "profile = \"p\"\n[[target]]\nindicator = \"lvl\"\nkind = \"at_least\"\nvalue = \"40\"\n");
      },
      "targets.wrong_type");
  expect_error<framework_error>([&] { (void)parse("profile = \"p\"\n[[target]\n"); }, "targets.syntax");
  expect_error<framework_error>([&] { (void)parse("schema = \"tijian/targets/9\"\nprofile = \"p\"\n"); },
                                "targets.schema");
  expect_error<framework_error>([&] { (void)load_target_profile("/nonexistent/p.toml"); }, "io.read");
}

TEST(Profiles, RoundTripAndKindWords) {
  for (const auto& info : presets()) {
    if (info.kind != preset_kind::profile) continue;
    const target_profile p = preset_profile(info.name);
    const target_profile back = parse_target_profile(to_toml(p), "round-trip");
    EXPECT_EQ(back.describe(), p.describe()) << info.name;
  }
  bool ex = false;
  EXPECT_EQ(parse_target_kind(">", &ex), target_kind::at_least);
  EXPECT_TRUE(ex);
  EXPECT_EQ(parse_target_kind("<=", &ex), target_kind::at_most);
  EXPECT_FALSE(ex);
  EXPECT_EQ(parse_target_kind("done"), target_kind::progress);
  EXPECT_EQ(parse_target_kind("down"), target_kind::decrease);
  EXPECT_FALSE(parse_target_kind("sideways"));
  const target_profile y = parse_target_profile(
      "profile = \"p\"\n[[target]]\nindicator = \"yn\"\nkind = \"yes_no\"\nvalue = true\n", "y");
  EXPECT_DOUBLE_EQ(y.targets[0].value, 1.0);
}

// --- presets: the green-city framework and the seed profiles ------------------------------------

TEST(Presets, ListAndResolve) {
  std::set<std::string> frameworks, profiles;
  for (const auto& p : presets()) {
    if (p.kind == preset_kind::framework) frameworks.insert(p.name);
    if (p.kind == preset_kind::profile) profiles.insert(p.name);
  }
  EXPECT_EQ(frameworks, (std::set<std::string>{"green-city", "green-city-demo", "hdi"}));
  EXPECT_EQ(profiles, (std::set<std::string>{"qingdao-2022", "jining", "shizuishan-2025", "jinan-2025"}));
  // the embedded text is the file in the source tree
  EXPECT_EQ(preset_text(preset_kind::framework, "green-city"),
            read_text(source_dir + "/presets/frameworks/green-city.toml"));
  EXPECT_EQ(preset_text(preset_kind::profile, "jining"),
            read_text(source_dir + "/presets/targets/jining.toml"));
  EXPECT_EQ(resolve_framework("hdi").describe(),
            load_framework(source_dir + "/tests/data/hdi/framework.toml").describe());
  EXPECT_EQ(resolve_framework(source_dir + "/presets/frameworks/green-city.toml").hash(),
            preset_framework("green-city").hash());
  EXPECT_EQ(preset_framework("green-city").source(), "preset:green-city");
  auto e = expect_error<framework_error>([] { (void)resolve_framework("green-town"); }, "preset.unknown");
  ASSERT_TRUE(e);
  EXPECT_CONTAINS(std::string(e->what()), "green-city");
  expect_error<framework_error>([] { (void)resolve_profile("qingdao-2099"); }, "preset.unknown");
  const framework demo = preset_framework("green-city-demo");
  expect_error<framework_error>([&] { (void)resolve_profile("qingdao-2022", &demo); },
                                "targets.unknown_indicator");
}

TEST(Presets, GreenCityFramework) {
  const framework fw = preset_framework("green-city");
  std::map<std::string, std::size_t> per_dim;
  std::set<std::string> bottom;
  for (std::size_t i : fw.leaves()) {
    const node_spec& n = fw.node(i);
    ++per_dim[n.parent];
    EXPECT_FALSE(n.name_zh.empty()) << n.code;
    EXPECT_FALSE(n.name_en.empty()) << n.code;
    EXPECT_FALSE(n.unit.empty()) << n.code;
    EXPECT_TRUE(contains(n.data_source, "seed 00")) << n.code << ": " << n.data_source;
    if (n.type == indicator_type::bottom_line) bottom.insert(n.code);
  }
  // 96 indicators + 55 work amounts and other targets of the profiles (weight 0)
  EXPECT_EQ(fw.leaves().size(), 151u);
  EXPECT_EQ(per_dim,
            (std::map<std::string, std::size_t>{{"GF", 6}, {"GE", 47}, {"GB", 27}, {"GL", 56}, {"OX", 15}}));
  // no seed text makes an indicator a bottom line: the flags live in the profiles, quoted
  EXPECT_TRUE(bottom.empty());
  // the four pilot dimensions carry equal weight; the extra group none
  EXPECT_DOUBLE_EQ(fw.weight_in_parent(fw.at("GF")), 0.25);
  EXPECT_DOUBLE_EQ(fw.weight_in_parent(fw.at("OX")), 0.0);
  // green finance: measurable indicators, no invented target in any profile
  for (const char* code : {"green_loan_balance", "green_loan_share", "green_loan_growth_gap",
                           "green_bond_issuance", "green_insurance_cover", "green_fund_size"}) {
    EXPECT_EQ(fw.node(fw.at(code)).parent, "GF");
    EXPECT_EQ(fw.node(fw.at(code)).dir, direction::higher_is_better);
    for (const char* p : {"qingdao-2022", "jining", "shizuishan-2025", "jinan-2025"})
      EXPECT_TRUE(preset_profile(p).targets_of(code).empty()) << p << " " << code;
  }
  for (const char* p : {"qingdao-2022", "jining", "shizuishan-2025", "jinan-2025"}) {
    const target_profile prof = preset_profile(p);
    EXPECT_NO_THROW(validate_profile(prof, fw)) << p;
    EXPECT_EQ(prof.framework, "green-city");
    for (const auto& t : prof.targets) EXPECT_TRUE(contains(t.source, "seed 00")) << p << " " << t.indicator;
  }
}

// Every quantified target of ../shared/seeds/README.md, written here from the README (not read
// from it). Values are in the profile's units: 10^4 m² (万平方米), 10^4 t (万吨), 10^8 m³ (亿立方米),
// 10^4 kW (万千瓦). A plain "X %" in the README ("reach X") is ">=".
struct seed_target {
  const char* profile;
  const char* indicator;
  const char* symbol;  // >=, >, <=, <, yes, down, up, done, change
  double value;        // NaN for yes / down / up
  int year;
  const char* unit = nullptr;  // checked where the README's unit was converted
};

const seed_target seed_targets[] = {
    // Qingdao (000), target year 2022
    {"qingdao-2022", "urbanisation_rate", ">=", 75, 2022},
    {"qingdao-2022", "natural_coastline_retention", ">=", 40, 2022},
    {"qingdao-2022", "nearshore_water_good", ">=", 98, 2022},
    {"qingdao-2022", "sewage_collection_rate", ">=", 87.2, 2022},
    {"qingdao-2022", "air_quality_grade2", "yes", nan, 2022},
    {"qingdao-2022", "green_coverage", ">", 40, 2022},
    {"qingdao-2022", "energy_per_gdp", "down every year", nan, 2022},  // 逐年下降
    {"qingdao-2022", "co2_per_gdp", "down every year", nan, 2022},
    {"qingdao-2022", "sewage_bod5", ">=", 200, 2022},
    {"qingdao-2022", "rivers_treated", "done", 76, 2022},
    {"qingdao-2022", "rivers_treated_km", "done", 345, 2022},
    {"qingdao-2022", "pocket_parks", "done", 90, 2022},
    {"qingdao-2022", "country_parks", "done", 46, 2022},
    {"qingdao-2022", "greenways_built_km", "done", 256, 2022},
    {"qingdao-2022", "vertical_greening", "done", 287, 2022},
    {"qingdao-2022", "prefab_share", ">=", 50, 2022},
    {"qingdao-2022", "construction_waste_recycling_rate", ">=", 75, 2022},
    {"qingdao-2022", "construction_waste_recycled", ">=", 3500, 2022, "10^4 t/yr"},  // 35 million t/yr
    {"qingdao-2022", "star_green_building_area", "done", 500, 2022, "10^4 m²"},      // 5 million m²
    {"qingdao-2022", "ultra_low_energy_area", "done", 30, 2022, "10^4 m²"},
    {"qingdao-2022", "residential_retrofit_area", "done", 1000, 2022, "10^4 m²"},
    {"qingdao-2022", "public_building_efficiency_area", "done", 300, 2022, "10^4 m²"},
    {"qingdao-2022", "waste_sorting_coverage", ">=", 100, 2022},
    {"qingdao-2022", "park_green_per_capita", ">=", 15, 2022},
    {"qingdao-2022", "rail_ridership", "up", nan, 2022},
    {"qingdao-2022", "clean_energy_bus_share", ">=", 90, 2022},
    {"qingdao-2022", "waste_recycling_rate", ">=", 35, 2022},
    {"qingdao-2022", "modern_school_share", ">=", 90, 2022},
    {"qingdao-2022", "old_residential_renovation_area", "done", 600, 2022, "10^4 m²"},
    {"qingdao-2022", "green_communities_created", "done", 10, 2022},
    {"qingdao-2022", "rail_lines", ">=", 7, 2022},
    {"qingdao-2022", "expressway_completion", ">=", 60, 2022},
    // Jining (002)
    {"jining", "urbanisation_rate", ">=", 66, 2026},
    {"jining", "sponge_city_share", ">=", 40, 2023},
    {"jining", "sponge_city_area", ">=", 100, 2022, "km²"},
    {"jining", "rainfall_absorbed", ">=", 20, 2023},
    {"jining", "rural_sewage_treatment", ">=", 100, 2023},
    {"jining", "green_space_ratio", ">=", 39, 2022},
    {"jining", "park_green_per_capita", ">=", 20, 2022},
    {"jining", "sludge_disposal", ">=", 95, 2025},
    {"jining", "waste_incineration_share", ">=", 95, 2025},
    {"jining", "reclaimed_water_rate", ">=", 55, 2025},
    {"jining", "nonconventional_water", ">=", 1.5, 2025, "10^8 m³"},  // 150 million m³
    {"jining", "rural_water_supply_coverage", ">=", 92, 2025},
    {"jining", "rural_tap_water", ">=", 99, 2025},
    {"jining", "bus_share_motorised", ">=", 30, 2025},
    {"jining", "bus_stop_500m", ">=", 100, 2025},
    {"jining", "green_travel_share", ">=", 70, 2022},
    {"jining", "greenway_length_km", ">=", 700, 2022},
    {"jining", "hospital_beds_per_1000", ">=", 7.5, 2025},
    {"jining", "nursery_places_per_1000", ">=", 5, 2025},
    {"jining", "waste_harmless_rate", ">=", 100, 2023},
    {"jining", "waste_recycling_rate", ">=", 35, 2025},
    {"jining", "green_community_share", ">=", 60, 2022},
    {"jining", "prefab_share_other_civil", ">=", 40, 2022},
    {"jining", "prefab_share", ">=", 50, 2025},
    {"jining", "site_construction_waste", "<=", 300, 2025, "t/10^4 m²"},
    {"jining", "star1_green_building_share", ">=", 50, 2025},
    {"jining", "new_green_building_area", "done", 3500, 2025, "10^4 m²"},  // 35 million m²
    {"jining", "conservation_offices_share", ">=", 80, 2025},
    {"jining", "public_inst_energy_per_area", "change", -5, 2025},
    {"jining", "public_inst_energy_per_person", "change", -6, 2025},
    {"jining", "building_renewable_share", ">", 10, 2025},
    {"jining", "clean_heating_rate", ">=", 80, 2025},
    {"jining", "smart_city_coverage", ">=", 100, 2025},
    {"jining", "smart_communities", ">=", 350, 2025},
    {"jining", "charging_stations", ">=", 630, 2025},
    {"jining", "charging_piles", ">=", 16000, 2025},
    {"jining", "parking_charger_share", ">=", 15, 0},  // a standing rule: no year in the plan
    // Shizuishan (003), end of 2025
    {"shizuishan-2025", "green_coverage", ">=", 40, 2025},
    {"shizuishan-2025", "park_service_coverage", ">=", 82, 2025},
    {"shizuishan-2025", "greenway_per_10k", ">=", 1, 2025},
    {"shizuishan-2025", "sponge_city_share", ">=", 40, 2025},
    {"shizuishan-2025", "water_leakage_rate", "<", 10, 2025},
    {"shizuishan-2025", "forest_coverage", ">=", 12, 2025},
    {"shizuishan-2025", "green_space_ratio", ">=", 40, 2025},
    {"shizuishan-2025", "reclaimed_water_rate", ">=", 80, 2025},
    {"shizuishan-2025", "green_travel_share", ">=", 65, 2025},
    {"shizuishan-2025", "green_building_share_new", ">=", 100, 2025},
    {"shizuishan-2025", "prefab_share", ">=", 25, 2025},
    {"shizuishan-2025", "waste_recycling_rate", ">=", 35, 2025},
    {"shizuishan-2025", "waste_incineration_share", ">=", 60, 2025},
    {"shizuishan-2025", "rural_waste_sorting_coverage", ">=", 35, 2025},
    {"shizuishan-2025", "smart_site_coverage", ">=", 90, 2025},
    {"shizuishan-2025", "pv_new_public_roofs", ">=", 50, 2025},
    {"shizuishan-2025", "pv_existing_public", ">=", 15, 2025},
    // Jinan (004), 2025
    {"jinan-2025", "good_air_days", ">=", 65.2, 2025},
    {"jinan-2025", "surface_water_class3", ">=", 70, 2025},
    {"jinan-2025", "forest_coverage", ">=", 13.68, 2025},
    {"jinan-2025", "sewage_collection_rate", ">=", 75, 2025},
    {"jinan-2025", "sludge_disposal", ">=", 90, 2025},
    {"jinan-2025", "water_per_gdp", "change", -16, 2025},
    {"jinan-2025", "nonconventional_water", ">=", 2.5, 2025, "10^8 m³"},  // 250 million m³
    {"jinan-2025", "renewable_capacity", "about", 470, 2025, "10^4 kW"},  // 左右: about 4.7 GW
    {"jinan-2025", "residential_retrofit_area", "done", 500, 2025, "10^4 m²"},
    {"jinan-2025", "new_green_building_area", "done", 5000, 2025, "10^4 m²"},
    {"jinan-2025", "green_industrial_parks", ">=", 15, 2025},
    {"jinan-2025", "eco_industrial_park_share", ">=", 50, 2025},
    {"jinan-2025", "new_energy_bus_share", ">=", 100, 2025},
    {"jinan-2025", "bus_stop_500m", ">=", 100, 2025},
    {"jinan-2025", "new_roads_km", "done", 700, 2025},  // work amounts
    {"jinan-2025", "new_rail_km", "done", 250, 2025},
    {"jinan-2025", "rnd_share_gdp", ">=", 3.3, 2025},
    {"jinan-2025", "new_economy_share", ">=", 45, 2025},
};

TEST(Presets, EverySeedTargetIsInItsProfile) {
  std::map<std::string, target_profile> profiles;
  for (const char* p : {"qingdao-2022", "jining", "shizuishan-2025", "jinan-2025"})
    profiles.emplace(p, preset_profile(p));
  std::map<std::string, std::size_t> expected_count;
  for (const seed_target& e : seed_targets) {
    ++expected_count[e.profile];
    const target_profile& p = profiles.at(e.profile);
    std::size_t found = 0;
    for (const profile_target* t : p.targets_of(e.indicator)) {
      if (std::string(t->symbol()) != e.symbol || t->year != e.year) continue;
      if (std::isnan(e.value) ? !std::isnan(t->value) : t->value != e.value) continue;
      ++found;
      EXPECT_FALSE(t->source.empty());
      if (e.unit) {
        EXPECT_EQ(t->unit, e.unit) << e.profile << " " << e.indicator;
      }
      if (std::string(e.symbol) == "change") {
        EXPECT_EQ(t->base_year, 2020) << e.indicator;
      }
    }
    EXPECT_EQ(found, 1u) << e.profile << ": " << e.indicator << " " << e.symbol << " " << e.value << " ("
                         << e.year << ")";
  }
  // The README table is not complete: the profiles hold every quantified target of the seeds
  // (work amounts, targets in prose; listed sentence by sentence in docs/seed-coverage.md and
  // checked against the seed texts by tests/python/test_seed_coverage.py).
  EXPECT_EQ(expected_count["qingdao-2022"], 32u);
  EXPECT_EQ(expected_count["jining"], 37u);
  EXPECT_EQ(expected_count["shizuishan-2025"], 17u);
  EXPECT_EQ(expected_count["jinan-2025"], 18u);
  const std::map<std::string, std::size_t> all = {{"qingdao-2022", 43},
                                                  {"jining", 67},
                                                  {"shizuishan-2025", 23},
                                                  {"jinan-2025", 38}};
  for (const auto& [name, p] : profiles) {
    EXPECT_EQ(p.targets.size(), all.at(name)) << name;
    EXPECT_EQ(p.start_year, 2020) << name;
  }
}

TEST(Presets, ExampleDataChecksAgainstItsProfile) {
  const framework fw = preset_framework("green-city");
  const panel q = read_panel_csv(source_dir + "/examples/green-city/qingdao-2021-reported.csv");
  const check_result r = check(fw, q, preset_profile("qingdao-2022"));
  EXPECT_EQ(r.period, "2021");
  // the pilot starts in 2020: in 2021 half the period is gone, 129 of 500 done: behind
  EXPECT_EQ(row_of(r, "qingdao", "star_green_building_area").status, check_status::behind_schedule);
  EXPECT_DOUBLE_EQ(row_of(r, "qingdao", "star_green_building_area").trajectory, 250.0);
  EXPECT_NEAR(row_of(r, "qingdao", "star_green_building_area").achievement, 129.0 / 500.0, 1e-12);
  EXPECT_NEAR(row_of(r, "qingdao", "residential_retrofit_area").achievement, 226.8 / 1000.0, 1e-12);
  EXPECT_NEAR(row_of(r, "qingdao", "rail_lines").achievement, 6.0 / 7.0, 1e-12);
  EXPECT_EQ(row_of(r, "qingdao", "green_loan_balance").status, check_status::not_applicable);
  EXPECT_DOUBLE_EQ(row_of(r, "qingdao", "green_loan_balance").value, 925.34);
  ASSERT_EQ(r.problems.size(), 2u);
  EXPECT_EQ(r.problems[0].indicator, "residential_retrofit_area");
  EXPECT_EQ(r.problems[1].indicator, "star_green_building_area");
  check_options strict;
  strict.strict = true;
  const panel j = read_panel_csv(source_dir + "/examples/green-city/jinan-2020-reported.csv");
  const check_result rj = check(fw, j, preset_profile("jinan-2025"), strict);
  EXPECT_EQ(row_of(rj, "jinan", "good_air_days").status, check_status::missed);
  // no seed text calls good-air days a bottom line: the framework no longer types it as one
  EXPECT_FALSE(row_of(rj, "jinan", "good_air_days").bottom_line_failure);
  EXPECT_NEAR(row_of(rj, "jinan", "forest_coverage").achievement, 11.4 / 13.68, 1e-12);
  // the synthetic panel: 30 cities x 5 years, checked and scored
  const panel s = read_panel_csv(source_dir + "/examples/green-city/panel-synthetic.csv");
  EXPECT_EQ(s.rows(), 150);
  const target_profile bench =
      load_target_profile(source_dir + "/examples/green-city/targets-synthetic-benchmark.toml");
  const check_result rs = check(fw, s, bench);
  EXPECT_EQ(rs.units().size(), 30u);
  const composite_result c = green_city_score(fw, s, bench);
  // green finance has no target in the benchmark profile either: not scored, not coupled
  EXPECT_EQ(c.subsystems, (std::vector<std::string>{"GE", "GB", "GL"}));
  EXPECT_EQ(c.coupling.d.size(), 150);
  for (Eigen::Index i = 0; i < c.coupling.d.size(); ++i) {
    EXPECT_GE(c.coupling.d[i], 0.0);
    EXPECT_LE(c.coupling.d[i], 1.0);
  }
}

// The seed example (make demo): Qingdao's values as reported in July 2021 against the pilot's
// 2022 targets. Three indicators with data have a level target: star-rated green building
// 129 of 500 (10^4 m², progress), residential retrofit 226.8 of 1000 (10^4 m², progress), rail
// lines 6 of at least 7. GB = (25.8 + 22.68) / 2 = 24.24, GL = 600 / 7 = 85.714, the index =
// (24.24 + 85.714) / 2 = 54.977. Green ecology has targets but no data, green finance no
// target at all: D is not computed (a coupled dimension has no score), and diagnostics say so.
TEST(Presets, SeedExampleComposite) {
  const framework fw = preset_framework("green-city");
  const panel q = read_panel_csv(source_dir + "/examples/green-city/qingdao-2021-reported.csv");
  const composite_result c = green_city_score(fw, q, preset_profile("qingdao-2022"));
  EXPECT_EQ(c.target_based, (std::vector<std::string>{"star_green_building_area", "residential_retrofit_area",
                                                      "rail_lines"}));
  EXPECT_EQ(c.not_scored.size(), 5u);  // green_loan_balance, green_building_share_new, ...
  EXPECT_NEAR(c.scores.score_of("GB")[0], (129.0 / 500.0 + 226.8 / 1000.0) / 2.0 * 100.0, 1e-9);
  EXPECT_NEAR(c.scores.score_of("GL")[0], 600.0 / 7.0, 1e-9);
  EXPECT_NEAR(c.scores.score_of("GCI")[0],
              ((129.0 / 500.0 + 226.8 / 1000.0) / 2.0 * 100.0 + 600.0 / 7.0) / 2.0, 1e-9);
  EXPECT_EQ(c.basis_of("GF")->basis, score_basis::not_scored);
  EXPECT_EQ(c.basis_of("GE")->basis, score_basis::no_data);
  EXPECT_EQ(c.basis_of("GB")->basis, score_basis::target_attainment);
  EXPECT_EQ(c.basis_of("GL")->basis, score_basis::target_attainment);
  // coverage: 2 of the equally weighted GB indicators, 1 of the GL ones (the work amounts the
  // seeds added have weight 0 and do not count)
  for (const char* dim : {"GB", "GL"}) {
    const std::vector<std::size_t> leaves = fw.leaves_below(fw.at(dim));
    std::size_t weighted = 0;
    for (std::size_t l : leaves) weighted += fw.weight_in_parent(l) > 0 ? 1 : 0;
    for (std::size_t l : leaves) {
      if (fw.weight_in_parent(l) > 0) {
        ASSERT_DOUBLE_EQ(fw.weight_in_parent(l), 1.0 / static_cast<double>(weighted));
      }
    }
    EXPECT_NEAR(c.coverage(0, c.scores.column_of(dim)),
                (std::string(dim) == "GB" ? 2.0 : 1.0) / static_cast<double>(weighted), 1e-12)
        << dim;
  }
  EXPECT_EQ(c.subsystems, (std::vector<std::string>{"GE", "GB", "GL"}));
  ASSERT_EQ(c.coupling.d.size(), 1);
  EXPECT_TRUE(std::isnan(c.coupling.d[0]));
  auto has = [&](const char* id, const char* node) {
    return std::any_of(c.diagnostics.begin(), c.diagnostics.end(),
                       [&](const diagnostic& g) { return g.id == id && g.node == node; });
  };
  EXPECT_TRUE(has("composite.dimension_not_scored", "GF"));
  EXPECT_TRUE(has("composite.subsystem_no_data", "GE"));
  // coupled over the two dimensions with data, as a user may choose: U = (0.2424, 0.85714),
  // C = 2 sqrt(U1 U2) / (U1 + U2) = 0.829107, T = 0.549771, D = (U1 U2)^(1/4) = 0.675144 (初级协调)
  composite_options two;
  two.subsystems = {"GB", "GL"};
  two.coupling_on = coupling_basis::attainment;
  const composite_result t = green_city_score(fw, q, preset_profile("qingdao-2022"), two);
  const double u1 = 0.2424, u2 = 6.0 / 7.0;
  EXPECT_NEAR(t.coupling.c[0], 2 * std::sqrt(u1 * u2) / (u1 + u2), 1e-9);
  EXPECT_NEAR(t.coupling.d[0], std::pow(u1 * u2, 0.25), 1e-9);
  EXPECT_EQ(t.coupling.class_label(0), "初级协调");
}

// --- output files -------------------------------------------------------------------------------

TEST(CheckOutput, JsonAndCsvTables) {
  const framework fw = test_fw();
  const target_profile p = profile_of(
      "[[target]]\nindicator = \"lvl\"\nkind = \"at_least\"\nvalue = 40.0\nsource = \"plan, 1(2)\"\n");
  const panel d = panel_of("uCode,uName,Time,lvl\nc1,\"City, One\",2022,30\n");
  const check_result r = check(fw, d, p);
  const auto doc = nlohmann::json::parse(document_to_json(describe(r)));
  EXPECT_EQ(doc["period"], "2022");
  EXPECT_EQ(doc["provenance"]["profile"], "test");
  EXPECT_EQ(doc["status"].size(), 8u);
  EXPECT_EQ(doc["status"][0]["status"], "missed");
  EXPECT_EQ(doc["status"][0]["comparator"], ">=");
  EXPECT_DOUBLE_EQ(doc["status"][0]["achievement"].get<double>(), 0.75);
  EXPECT_TRUE(doc["status"][1]["achievement"].is_null());
  EXPECT_EQ(doc["problems"][0]["source"], "plan, 1(2)");
  EXPECT_EQ(doc["achievement"].back()["overall"], true);
  EXPECT_EQ(doc["achievement"].size(), 3u);  // every dimension, also B without targets
  temp_dir tmp;
  const auto written = write_document_csv(describe(r), tmp.file("c.csv"));
  EXPECT_EQ(written,
            (std::vector<std::string>{tmp.file("c.csv"), tmp.file("c-achievement.csv"),
                                      tmp.file("c-problems.csv"), tmp.file("c-obstacles.csv"),
                                      tmp.file("c-obstacle_dimensions.csv"), tmp.file("c-diagnostics.csv")}));
  const std::string status = read_text(tmp.file("c.csv"));
  EXPECT_CONTAINS(status, "unit,name,period,dimension,indicator");
  EXPECT_CONTAINS(status, "c1,\"City, One\",2022,A,lvl");
  // reason and state, each as code and Chinese label; severity = relative gap (10 / 40)
  EXPECT_CONTAINS(read_text(tmp.file("c-problems.csv")),
                  ",missed,到期未达标,missed,未达标,false,30,0,lvl,>= 40,>= 40,,10,0.25,0.125,0.25,");
  expect_error<error>([&] { (void)write_document_csv(describe(r), tmp.file("missing/dir/c.csv")); },
                      "io.write");
  EXPECT_FALSE(fs::exists(tmp.file("missing")));
}

// --- the command line end to end ----------------------------------------------------------------

#ifdef TIJIAN_CLI
int run_cli(const std::string& args, const std::string& out_file) {
  const std::string cmd = std::string("\"") + TIJIAN_CLI + "\" " + args + " > \"" + out_file + "\" 2>&1";
  const int rc = std::system(cmd.c_str());
#if defined(WIFEXITED)
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
#else
  return rc;
#endif
}

TEST(CheckCli, ChineseReportAndJson) {
  temp_dir tmp;
  const std::string data = source_dir + "/examples/green-city/qingdao-2021-reported.csv";
  ASSERT_EQ(run_cli("check --framework green-city --targets qingdao-2022 --data \"" + data +
                        "\" --lang zh --out \"" + tmp.file("q.json") + "\"",
                    tmp.file("out.txt")),
            0)
      << read_text(tmp.file("out.txt"));
  const std::string out = read_text(tmp.file("out.txt"));
  for (const char* part :
       {"城市体检 qingdao-2022", "达标情况(按维度)", "绿色建造", "问题清单", "既有居住建筑节能(绿色)改造面积",
        "进度滞后", "进度达标率", "障碍度", "seed 000, 二(三)16", "已写出"})
    EXPECT_CONTAINS(out, part);
  EXPECT_FALSE(contains(out, "\033[")) << "no colour codes when not writing to a terminal";
  const auto doc = nlohmann::json::parse(read_text(tmp.file("q.json")));
  EXPECT_EQ(doc["period"], "2021");
  EXPECT_EQ(doc["status"].size(), 151u);  // 43 targets + 108 indicators without a target
  ASSERT_EQ(doc["problems"].size(), 2u);
  EXPECT_EQ(doc["problems"][0]["indicator"], "residential_retrofit_area");
  EXPECT_EQ(doc["problems"][0]["reason"], "behind_schedule");
}

TEST(CheckCli, EnglishReportAndCsv) {
  temp_dir tmp;
  const std::string data = source_dir + "/examples/green-city/jinan-2020-reported.csv";
  ASSERT_EQ(run_cli("check -f green-city -t jinan-2025 -d \"" + data + "\" --lang en --strict --out \"" +
                        tmp.file("j.csv") + "\"",
                    tmp.file("out.txt")),
            0)
      << read_text(tmp.file("out.txt"));
  const std::string out = read_text(tmp.file("out.txt"));
  for (const char* part : {"Health check jinan-2025", "Achievement by dimension", "Problem list",
                           "Forest coverage", "MISSED", "[R]", "strict"})
    EXPECT_CONTAINS(out, part);
  for (const char* f : {"j.csv", "j-achievement.csv", "j-problems.csv", "j-obstacles.csv"})
    EXPECT_TRUE(fs::exists(tmp.file(f))) << f;
  const std::string problems = read_text(tmp.file("j-problems.csv"));
  // all missed (strict), by relative gap: new-economy share 9 / 45 = 0.2, forest coverage
  // 2.28 / 13.68 = 0.167, good-air days 3.2 / 65.2 = 0.049 (the composite weight is not
  // multiplied in; no seed text makes good-air days a bottom line)
  EXPECT_CONTAINS(problems, "jinan,济南市,2020,1,OX,new_economy_share");
  EXPECT_CONTAINS(problems, "jinan,济南市,2020,2,GE,forest_coverage");
  EXPECT_CONTAINS(problems, "jinan,济南市,2020,3,GE,good_air_days");
}

TEST(CheckCli, CompositeSummaryAndErrors) {
  temp_dir tmp;
  const std::string data = source_dir + "/examples/green-city/panel-synthetic.csv";
  const std::string bench = source_dir + "/examples/green-city/targets-synthetic-benchmark.toml";
  ASSERT_EQ(run_cli("check -f green-city -t \"" + bench + "\" -d \"" + data +
                        "\" --composite --lang en --out \"" + tmp.file("s.json") + "\"",
                    tmp.file("out.txt")),
            0)
      << read_text(tmp.file("out.txt"));
  const std::string out = read_text(tmp.file("out.txt"));
  EXPECT_CONTAINS(out, "Achievement rate by unit and dimension");
  EXPECT_CONTAINS(out, "Composite score and coupling coordination");
  EXPECT_CONTAINS(out, "S30");
  const auto doc = nlohmann::json::parse(read_text(tmp.file("s.json")));
  EXPECT_EQ(doc["composite"]["rows"].size(), 150u);
  EXPECT_EQ(doc["composite"]["subsystems"].size(), 3u);  // green finance has no target: not coupled
  EXPECT_EQ(doc["composite"]["basis"].size(), 6u);       // GCI, GF, GE, GB, GL, OX
  EXPECT_CONTAINS(out, "Green finance not scored");
  // bad input: exit status 2 and a message naming the problem
  EXPECT_EQ(run_cli("check -f green-city -t qingdao-2099 -d \"" + data + "\"", tmp.file("err.txt")), 2);
  EXPECT_CONTAINS(read_text(tmp.file("err.txt")), "preset.unknown");
  EXPECT_EQ(run_cli("presets", tmp.file("p.txt")), 0);
  EXPECT_CONTAINS(read_text(tmp.file("p.txt")), "shizuishan-2025");
}
#endif

}  // namespace
