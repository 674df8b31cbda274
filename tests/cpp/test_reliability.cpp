// SPDX-License-Identifier: MIT
// Nothing silent, nothing half-written (issue 21): numeric guards, parameter ranges, error
// messages safe for any byte, all-or-nothing outputs, integer-year periods, the framework depth
// limit, and the command line's strict numbers and documented exit statuses (0 ok, 2 bad input,
// 1 unexpected failure). The command-line tests run the built program.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#if !defined(_WIN32)
#include <sys/wait.h>
#include <unistd.h>
#endif

#ifdef _OPENMP
#include <omp.h>
#endif

#include <tijian/error.hpp>
#include <tijian/framework.hpp>
#include <tijian/io/csv.hpp>
#include <tijian/io/framework_io.hpp>
#include <tijian/io/table_io.hpp>
#include <tijian/panel.hpp>
#include <tijian/score.hpp>
#include <tijian/sensitivity.hpp>
#include <tijian/table.hpp>
#include <tijian/uncertainty.hpp>
#include <tijian/batch.hpp>
#include <tijian/io/national_io.hpp>
#include <tijian/national.hpp>
#include <tijian/normalise.hpp>
#include <tijian/obstacle.hpp>
#include <tijian/trend.hpp>
#include <tijian/detail/fast_log.hpp>

#include "../../src/io/atomic_file.hpp"

namespace fs = std::filesystem;
using namespace tijian;

namespace {

const std::string source_dir = TIJIAN_SOURCE_DIR;

struct temp_dir {
  fs::path path;
  temp_dir() {
    static int serial = 0;
    path = fs::temp_directory_path() /
           ("tijian_test_reliability_" + std::to_string(::getpid()) + "_" + std::to_string(serial++));
    fs::create_directories(path);
  }
  ~temp_dir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  [[nodiscard]] std::string file(const std::string& name) const { return (path / name).string(); }
  /// The names of the files in the directory, sorted.
  [[nodiscard]] std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(path)) out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
  }
};

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

/// The id of the tijian::error `f` throws ("" when it throws none), its message in `what`.
std::string error_id(const std::function<void()>& f, std::string* what = nullptr) {
  try {
    f();
  } catch (const error& e) {
    if (what) *what = e.what();
    return e.id();
  }
  return "";
}

/// IDX (arithmetic) over a, b, c; weights as given.
framework three(double wa = 1, double wb = 1, double wc = 1) {
  std::vector<node_spec> n(4);
  n[0].code = "IDX";
  n[1].code = "a";
  n[2].code = "b";
  n[3].code = "c";
  n[1].weight = wa;
  n[2].weight = wb;
  n[3].weight = wc;
  for (int k = 1; k < 4; ++k) n[static_cast<std::size_t>(k)].parent = "IDX";
  return framework(n, "fw.toml");
}

panel data3(const std::vector<double>& a, const std::vector<double>& b, const std::vector<double>& c) {
  panel p;
  p.source = "data.csv";
  p.indicators = {"a", "b", "c"};
  const auto n = static_cast<Eigen::Index>(a.size());
  p.values.resize(n, 3);
  for (Eigen::Index i = 0; i < n; ++i) {
    p.units.push_back("u" + std::to_string(i + 1));
    p.periods.emplace_back();
    p.lines.push_back(static_cast<std::size_t>(i) + 2);
    p.values(i, 0) = a[static_cast<std::size_t>(i)];
    p.values(i, 1) = b[static_cast<std::size_t>(i)];
    p.values(i, 2) = c[static_cast<std::size_t>(i)];
  }
  return p;
}

}  // namespace

// --- messages safe for any byte ----------------------------------------------------------------

TEST(SafeMessages, EscapesControlCharactersAndInvalidUtf8) {
  using namespace std::string_literals;
  EXPECT_EQ(escaped("a\0b"s), "a\\0b");
  EXPECT_EQ(escaped("tab\there\nline\r\x1b[31m"), "tab\\there\\nline\\r\\x1B[31m");
  EXPECT_EQ(escaped("\x7f"), "\\x7F");
  EXPECT_EQ(escaped("青岛 QD"), "青岛 QD");  // valid UTF-8 is kept
  // GBK bytes of 青 (C7E0) are not UTF-8 (E0 B5 BA after them would be: U+0D7A is kept); a cut
  // sequence, an overlong form, a surrogate
  EXPECT_EQ(escaped("\xC7\xE0"), "\\xC7\\xE0");
  EXPECT_EQ(escaped("\xC7\xE0\xB5\xBA"), "\\xC7\xE0\xB5\xBA");
  EXPECT_EQ(escaped("\xE9\x9D"), "\\xE9\\x9D");
  EXPECT_EQ(escaped("\xC0\xAF"), "\\xC0\\xAF");
  EXPECT_EQ(escaped("\xED\xA0\x80"), "\\xED\\xA0\\x80");
  EXPECT_EQ(escaped("\xF0\x9F\x98\x80"), "\xF0\x9F\x98\x80");  // a 4-byte character is kept
}

TEST(SafeMessages, ChineseWordingWithThePlaceInChinese) {
  location where;
  where.file = "d.csv";
  where.line = 3;
  where.column = 2;
  where.unit = "u1";
  where.indicator = "a";
  const data_error e("data.not_a_number", "cannot read \"x\"", where, "无法把 \"x\" 读作数");
  EXPECT_EQ(std::string(e.what()),
            "[tijian.data.not_a_number] cannot read \"x\" (d.csv:3:2, indicator 'a', unit 'u1')");
  EXPECT_EQ(e.text(false), e.what());
  EXPECT_EQ(e.text(true), "[tijian.data.not_a_number] 无法把 \"x\" 读作数（d.csv:3:2，指标 'a'，单元 'u1'）");
  // an error without a Chinese wording stays English in Chinese output, rather than half Chinese
  const data_error plain("data.shape", "rows differ", where);
  EXPECT_EQ(plain.text(true), plain.what());
  // a sheet's row and column in Chinese
  location cell;
  cell.file = "x.xlsx";
  cell.sheet = "问题清单";
  cell.line = 7;
  cell.column = 3;
  cell.indicator = "责任单位";
  EXPECT_EQ(cell.str(true), "x.xlsx，工作表 '问题清单'，第 7 行，C 列 (责任单位)");
  // the Chinese text is escaped as what() is
  const error nul("io.read", "a\0b", {}, std::string("甲\0乙", 7));
  EXPECT_EQ(nul.text(true), "[tijian.io.read] 甲\\0乙");
}

TEST(SafeMessages, ANulInACellKeepsTheWholeMessage) {
  using namespace std::string_literals;
  temp_dir tmp;
  const std::string path = tmp.file("nul.csv");
  write_text(path, "unit,a,b\nu1,1,2\nu2,3,x\0y\n"s);
  std::string what;
  EXPECT_EQ(error_id([&] { (void)read_panel(path); }, &what), "data.not_a_number");
  // the place (file, line, unit, indicator) is still there, after the escaped cell
  EXPECT_TRUE(contains(what, "x\\0y")) << what;
  EXPECT_TRUE(contains(what, "nul.csv:3")) << what;
  EXPECT_TRUE(contains(what, "unit 'u2'")) << what;
  EXPECT_EQ(what.find('\0'), std::string::npos);
  // an error of any id escapes what it quotes, and keeps the raw parts in where()
  location l;
  l.file = "x.csv";
  l.unit = "a\nb";
  const error e("data.example", "cell '\x01'", l);
  EXPECT_EQ(std::string(e.what()), "[tijian.data.example] cell '\\x01' (x.csv, unit 'a\\nb')");
  EXPECT_EQ(e.where().unit, "a\nb");
}

// --- periods -----------------------------------------------------------------------------------

TEST(Periods, IntegerYearsAndTheirZeroFraction) {
  EXPECT_EQ(period_label("2023", {}), "2023");
  EXPECT_EQ(period_label("2023.0", {}), "2023");
  EXPECT_EQ(period_label("2023.000", {}), "2023");
  EXPECT_EQ(period_label("", {}), "");
  for (const char* bad : {"abc", "2023.5", "2023-Q1", "-1", "20230", "2023.01", " 2023", "1e3"})
    EXPECT_EQ(error_id([&] { (void)period_label(bad, {}); }), "data.period") << bad;
}

TEST(Periods, TextPeriodRefusedWithFileAndLine) {
  temp_dir tmp;
  const std::string path = tmp.file("p.csv");
  write_text(path, "unit,year,a\nu1,2022,1\nu1,abc,2\n");
  std::string what;
  EXPECT_EQ(error_id([&] { (void)read_panel(path); }, &what), "data.period");
  EXPECT_TRUE(contains(what, "p.csv:3")) << what;
  EXPECT_TRUE(contains(what, "'abc'")) << what;
}

// panel::validate proves uniqueness in one pass when units are sorted within runs of one period
// and falls back to a hash set otherwise: every arrangement of a duplicate must still be found.
TEST(PanelValidate, DuplicatesFoundWhateverTheRowOrder) {
  auto with = [](std::vector<std::string> units, std::vector<std::string> periods) {
    panel p = data3({1, 2, 3}, {1, 2, 3}, {1, 2, 3});
    p.values.conservativeResize(static_cast<Eigen::Index>(units.size()), p.values.cols());
    p.values.setOnes();
    p.units = std::move(units);
    p.periods = std::move(periods);
    return p;
  };
  // accepted: sorted bytewise, sorted as decimal integers (9 < 10), unsorted, periods interleaved
  EXPECT_NO_THROW(with({"a", "b", "c"}, {"", "", ""}).validate());
  EXPECT_NO_THROW(with({"9", "10", "11"}, {"", "", ""}).validate());
  EXPECT_NO_THROW(with({"c", "a", "b"}, {"", "", ""}).validate());
  EXPECT_NO_THROW(with({"a", "a", "b", "b"}, {"2020", "2021", "2020", "2021"}).validate());
  EXPECT_NO_THROW(with({"a", "b", "a", "b"}, {"2020", "2020", "2021", "2021"}).validate());
  // refused: adjacent, far apart, in a second run of the same period, mixed orders
  EXPECT_EQ(error_id([&] { with({"a", "b", "b"}, {"", "", ""}).validate(); }), "data.duplicate_unit");
  EXPECT_EQ(error_id([&] {
              with({"b", "c", "a", "b"}, {"", "", "", ""}).validate();
            }),
            "data.duplicate_unit");
  EXPECT_EQ(error_id([&] {
              with({"a", "b", "a", "b"}, {"2020", "2020", "2021", "2020"}).validate();
            }),
            "data.duplicate_unit");
  EXPECT_EQ(error_id([&] { with({"2", "10", "2"}, {"", "", ""}).validate(); }), "data.duplicate_unit");
  EXPECT_EQ(error_id([&] { with({"a", "", "b"}, {"", "", ""}).validate(); }), "data.empty_unit");
}

// score(panel&&) moves the labels into the result and normalises in the panel's own matrix when
// nothing later reads the raw values; score(const panel&) copies. Both must give the same result,
// bit for bit, whatever the recipe (in place or not) and the thread count.
TEST(ScoreGivenPanel, SameBitsAsScoringACopyOnAnyThreadCount) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> u(1, 100);
  panel p;
  const Eigen::Index n = 24000, m = 12;  // above the thresholds of the parallel loops
  p.values.resize(n, m);
  for (Eigen::Index k = 0; k < p.values.size(); ++k) p.values.data()[k] = u(rng) < 3 ? std::nan("") : u(rng);
  for (Eigen::Index i = 0; i < n; ++i) {
    p.units.push_back("c" + std::to_string(i % (n / 2)));
    p.periods.push_back(i < n / 2 ? "2022" : "2023");
  }
  std::string toml = "schema = \"tijian/framework/1\"\n[[node]]\ncode = \"I\"\n";
  for (Eigen::Index j = 0; j < m; ++j) {
    p.indicators.push_back("x" + std::to_string(j));
    toml += "[[indicator]]\ncode = \"x" + std::to_string(j) + "\"\nparent = \"I\"\n" +
            (j % 3 == 2 ? "direction = \"lower\"\n" : "");
  }
  const framework fw = parse_framework_toml(toml, "fw.toml");
  auto same = [](const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
    return a.rows() == b.rows() && a.cols() == b.cols() &&
           std::memcmp(a.data(), b.data(), static_cast<std::size_t>(a.size()) * sizeof(double)) == 0;
  };
  std::vector<recipe> recipes(4);
  recipes[0].weights.method = weighting_method::entropy;  // normalised input: in place
  recipes[0].weights.input = weight_input::normalised;
  recipes[1].weights.method = weighting_method::coefficient_of_variation;  // reads raw values: a copy
  recipes[2].normalise.method = normalisation_method::rank;                // in place, rank-type
  recipes[2].normalise.fit = fit_scope::pooled;
  recipes[3].normalise.method = normalisation_method::z_score;  // in place, per period
  for (std::size_t k = 0; k < recipes.size(); ++k) {
    const result ref = score(fw, p, recipes[k]);
    for (int threads : {1, 2}) {
#ifdef _OPENMP
      const int before = omp_get_max_threads();
      omp_set_num_threads(threads);
#endif
      panel given = p;
      const result got = score(fw, std::move(given), recipes[k]);
#ifdef _OPENMP
      omp_set_num_threads(before);
#endif
      EXPECT_TRUE(same(got.normalised, ref.normalised)) << k << " " << threads;
      EXPECT_TRUE(same(got.scores, ref.scores)) << k << " " << threads;
      EXPECT_TRUE(same(got.ranks, ref.ranks)) << k << " " << threads;
      EXPECT_TRUE(got.weights == ref.weights) << k << " " << threads;
      EXPECT_EQ(got.units, ref.units);
      EXPECT_EQ(got.periods, ref.periods);
      EXPECT_EQ(got.unit_names, ref.unit_names);
      EXPECT_EQ(got.origin.data_hash, ref.origin.data_hash);
      EXPECT_EQ(got.diagnostics.size(), ref.diagnostics.size());
      for (std::size_t d = 0; d < std::min(got.diagnostics.size(), ref.diagnostics.size()); ++d)
        EXPECT_EQ(got.diagnostics[d].count, ref.diagnostics[d].count) << got.diagnostics[d].id;
    }
  }
  // the hash of the input is the one the panel's own hash() gives
  EXPECT_EQ(score(fw, panel(p), recipes[0]).origin.data_hash, p.hash());
}

// The column hash fit_column takes on its way (the scoring run's data hash) is panel::column_hash
// for any length (the tail lane), with NaN, -0 and +0; and a run whose columns are hashed that way
// (one period, or pooled) gives the panel's own hash().
TEST(InPlaceScoring, ColumnHashTakenWhileFittingIsThePanelsHash) {
  const std::vector<double> values{3.5, std::nan(""), -0.0, 0.0, 7.25, -2.0, 1e100, 4.0, std::nan(""), 0.5};
  normalisation how;  // min-max
  indicator_context c;
  c.code = "x";
  for (std::size_t n = 0; n <= values.size(); ++n) {
    std::uint64_t h = 0;
    bool hashed = false;
    (void)fit_column(how, c, values.data(), nullptr, n, nullptr, &h, &hashed);
    EXPECT_TRUE(hashed) << n;
    EXPECT_EQ(h, panel::column_hash(values.data(), static_cast<Eigen::Index>(n))) << n;
  }
  // rows given (a period of several): not hashed here, the run hashes the whole column itself
  const std::vector<Eigen::Index> rows{0, 2, 4};
  bool hashed = false;
  std::uint64_t h = 0;
  (void)fit_column(how, c, values.data(), rows.data(), rows.size(), nullptr, &h, &hashed);
  EXPECT_FALSE(hashed);

  panel p;
  const Eigen::Index n = 10003, m = 5;
  p.values.resize(n, m);
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> u(-50, 50);
  for (Eigen::Index k = 0; k < p.values.size(); ++k) p.values.data()[k] = k % 97 == 0 ? std::nan("") : u(rng);
  p.values(5, 1) = -0.0;
  std::string toml = "schema = \"tijian/framework/1\"\n[[node]]\ncode = \"I\"\n";
  for (Eigen::Index j = 0; j < m; ++j) {
    p.indicators.push_back("x" + std::to_string(j));
    toml += "[[indicator]]\ncode = \"x" + std::to_string(j) + "\"\nparent = \"I\"\n" +
            (j % 2 ? "direction = \"lower\"\n" : "");
  }
  for (Eigen::Index i = 0; i < n; ++i) p.units.push_back("u" + std::to_string(i));
  p.periods.assign(static_cast<std::size_t>(n), "2024");
  const framework fw = parse_framework_toml(toml, "fw.toml");
  for (fit_scope fit : {fit_scope::per_period, fit_scope::pooled}) {
    recipe r;
    r.normalise.fit = fit;
    EXPECT_EQ(score(fw, p, r).origin.data_hash, p.hash());
    EXPECT_EQ(score(fw, panel(p), r).origin.data_hash, p.hash());
  }
}

// A column is left out of the search for overflows only where none can be: a huge output scale
// whose image of the fitted range overflows is still found, in a column beside complete ones;
// and the count of index scores from incomplete rows is the count taken row by row.
TEST(InPlaceScoring, ProvenFiniteColumnsKeepEveryCheck) {
  panel p;
  const Eigen::Index n = 400, m = 4;
  p.values.resize(n, m);
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> u(1, 100);
  for (Eigen::Index k = 0; k < p.values.size(); ++k) p.values.data()[k] = u(rng);
  for (Eigen::Index i = 0; i < n; i += 7) p.values(i, 2) = std::nan("");  // column 2 incomplete
  std::string toml = "schema = \"tijian/framework/1\"\n[[node]]\ncode = \"I\"\n";
  for (Eigen::Index j = 0; j < m; ++j) {
    p.indicators.push_back("x" + std::to_string(j));
    toml += "[[indicator]]\ncode = \"x" + std::to_string(j) + "\"\nparent = \"I\"\n";
  }
  for (Eigen::Index i = 0; i < n; ++i) p.units.push_back("u" + std::to_string(i));
  p.periods.assign(static_cast<std::size_t>(n), "");
  const framework fw = parse_framework_toml(toml, "fw.toml");
  recipe r;
  const result res = score(fw, panel(p), r);
  std::size_t incomplete = 0;
  for (Eigen::Index i = 0; i < n; ++i)
    incomplete += std::isnan(p.values(i, 2)) && !std::isnan(res.scores(i, 0));
  ASSERT_GT(incomplete, 0U);
  bool found = false;
  for (const auto& d : res.diagnostics)
    if (d.id == "aggregate.incomplete_index") {
      found = true;
      EXPECT_EQ(d.count, incomplete);
    }
  EXPECT_TRUE(found);
  recipe big;  // (x - min) / range * 2e308 overflows at the top of every column
  big.normalise.lower = -1e308;
  big.normalise.upper = 1e308;
  EXPECT_EQ(error_id([&] { (void)score(fw, panel(p), big); }), "normalise.non_finite");
}

// The entropy's logarithm (detail/fast_log.hpp) against the C library's, over the whole range of
// normal doubles and densely near 1, where ln x is small: within one unit in the last place.
TEST(FastLog, WithinOneUlpOfTheCLibrary) {
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> u(0, 1);
  double worst = 0;
  auto check = [&](double x) {
    const double a = detail::log_normal(x), b = std::log(x);
    if (b == 0) {
      EXPECT_EQ(a, 0.0) << x;
      return;
    }
    const double ulp = std::nextafter(std::abs(b), INFINITY) - std::abs(b);
    worst = std::max(worst, std::abs(a - b) / ulp);
  };
  for (int e = -1022; e < 1024; ++e)
    for (int k = 0; k < 200; ++k) check(std::ldexp(1 + u(rng), e));
  for (int k = 0; k < 200000; ++k) check(1 + (u(rng) - 0.5) * 1e-3);
  check(std::numeric_limits<double>::min());
  check(std::numeric_limits<double>::max());
  check(1.0);
  EXPECT_LE(worst, 1.0);
  // sum of t ln t: 0 ln 0 = 0, and the same value in every order of evaluation the loop allows
  const std::vector<double> t = {0.0, 0.25, 0.5, 1.0, 0.0, 0.125, 1e-310};
  double expected = 0;
  for (double v : t)
    if (v > 0) expected += v * std::log(v);
  EXPECT_NEAR(detail::sum_t_ln_t(t.data(), static_cast<std::ptrdiff_t>(t.size())), expected, 1e-15);
}

TEST(Periods, Year2023And2023Point0AreOnePeriod) {
  temp_dir tmp;
  const std::string path = tmp.file("p.csv");
  write_text(path, "unit,year,a\nu1,2023,1\nu2,2023.0,2\n");
  const panel p = read_panel(path);
  EXPECT_EQ(p.distinct_periods(), std::vector<std::string>{"2023"});
  // the same unit under both spellings is one unit twice in one period
  write_text(path, "unit,year,a\nu1,2023,1\nu1,2023.0,2\n");
  EXPECT_EQ(error_id([&] { (void)read_panel(path); }), "data.duplicate_unit");
  // a panel built by hand is held to the same labels
  panel q = data3({1, 2}, {1, 2}, {1, 2});
  q.periods = {"2023", "2023.0"};
  EXPECT_EQ(error_id([&] { q.validate(); }), "data.period");
}

// --- numeric guards ----------------------------------------------------------------------------

TEST(NumericGuards, PowerMeanOverflowIsAnErrorNamingNodeAndUnit) {
  const panel p = data3({1, 2, 3}, {4, 5, 6}, {7, 8, 10});
  recipe r;
  r.aggregate.method = aggregation_method::power_mean;
  r.aggregate.p = 1000;  // 100^1000 overflows
  std::string what;
  EXPECT_EQ(error_id([&] { (void)score(three(), p, r); }, &what), "aggregate.non_finite");
  EXPECT_TRUE(contains(what, "node 'IDX'")) << what;
  EXPECT_TRUE(contains(what, "unit 'u")) << what;
  EXPECT_TRUE(contains(what, "p = 1000")) << what;
  r.aggregate.p = 2;  // a moderate p is scored
  const result ok = score(three(), p, r);
  EXPECT_TRUE(ok.scores.allFinite());
}

TEST(NumericGuards, ValuesNear1e308AreRefused) {
  panel p = data3({1e308, -1e308, 0}, {1, 2, 3}, {1, 2, 3});
  std::string what;
  EXPECT_EQ(error_id([&] { p.validate(); }, &what), "data.out_of_range");
  EXPECT_TRUE(contains(what, "indicator 'a'") && contains(what, "data.csv:2")) << what;
  // below the bound, min-max still gives finite scores
  p = data3({1e99, -1e99, 0}, {1, 2, 3}, {1, 2, 3});
  p.validate();
  EXPECT_TRUE(score(three(), p).scores.allFinite());
}

TEST(NumericGuards, HugeWeightsAreAnError) {
  std::string what;
  EXPECT_EQ(error_id([&] { (void)three(1e308, 1e308, 1e308); }, &what), "framework.bad_weight");
  EXPECT_TRUE(contains(what, "node 'IDX'") && contains(what, "fw.toml")) << what;
  // ratios are what count: 1e300 each is the same as equal weights
  const panel p = data3({1, 2, 3}, {4, 5, 6}, {7, 8, 10});
  const result big = score(three(1e300, 1e300, 1e300), p), equal = score(three(), p);
  EXPECT_TRUE(big.scores.isApprox(equal.scores));
  // a weights override of 1e308 in the recipe: the run's weights are checked where they are made
  recipe r;
  r.weights.overrides["a"] = 1e308;
  r.weights.overrides["b"] = 1e308;
  const std::string id = error_id([&] { (void)score(three(), p, r); }, &what);
  EXPECT_FALSE(id.empty()) << "weights of 1e308 must not give inf/NaN scores silently";
  EXPECT_TRUE(contains(what, "'IDX'") || contains(what, "'a'")) << id << ": " << what;
}

TEST(NumericGuards, NormalisationParametersAreChecked) {
  const panel p = data3({1, 2, 3}, {4, 5, 6}, {7, 8, 10});
  recipe r;
  r.normalise.method = normalisation_method::z_score;
  for (double sd : {0.0, -1.0, std::nan("")}) {
    r.normalise.sd = sd;
    std::string what;
    EXPECT_EQ(error_id([&] { (void)score(three(), p, r); }, &what), "recipe.bad_normalisation") << sd;
    EXPECT_TRUE(contains(what, "sd")) << what;
  }
  recipe m;
  m.normalise.lower = 100;
  m.normalise.upper = 0;
  EXPECT_EQ(error_id([&] { (void)score(three(), p, m); }), "recipe.bad_normalisation");
  m.normalise.lower = 0;
  m.normalise.upper = std::numeric_limits<double>::infinity();
  EXPECT_EQ(error_id([&] { (void)score(three(), p, m); }), "recipe.bad_normalisation");
  // a huge but finite output scale overflows: refused where the values are normalised
  recipe big;
  big.normalise.upper = 1e308;
  big.normalise.lower = -1e308;
  std::string what;
  EXPECT_EQ(error_id([&] { (void)score(three(), p, big); }, &what), "normalise.non_finite");
  EXPECT_TRUE(contains(what, "indicator 'a'") && contains(what, "unit 'u")) << what;
  // a constant indicator is NaN by its policy, not an overflow
  const panel flat = data3({4, 4, 4}, {4, 5, 6}, {7, 8, 10});
  EXPECT_NO_THROW((void)score(three(), flat));
}

TEST(NumericGuards, GoalpostsMustBeFiniteAndIncreasing) {
  for (const auto& [lo, hi] : std::vector<std::pair<double, double>>{
           {0, std::numeric_limits<double>::infinity()}, {10, 0}, {std::nan(""), 1}}) {
    std::vector<node_spec> n(2);
    n[0].code = "IDX";
    n[1].code = "a";
    n[1].parent = "IDX";
    n[1].posts = goalposts{lo, hi, goalpost_scale::linear};
    EXPECT_EQ(error_id([&] { framework f(n); }), "framework.bad_goalposts") << lo << " " << hi;
  }
}

TEST(NumericGuards, UncertaintyLimitsAreCheckedBeforeAllocating) {
  const panel p = data3({1, 2, 3}, {4, 5, 6}, {7, 8, 10});
  uncertainty_spec s;
  s.runs = std::size_t{1} << 31;
  std::string what;
  EXPECT_EQ(error_id([&] { (void)uncertainty(three(), p, recipe{}, s); }, &what), "uncertainty.runs");
  EXPECT_TRUE(contains(what, "10000000")) << what;
  s.runs = 10;
  for (double d : {1e-300, -1.0, std::nan(""), 1e7}) {
    s.dirichlet = d;
    EXPECT_EQ(error_id([&] { (void)uncertainty(three(), p, recipe{}, s); }), "uncertainty.dirichlet") << d;
  }
  s.dirichlet = 1;
  EXPECT_NO_THROW((void)uncertainty(three(), p, recipe{}, s));
  sensitivity_spec ss;
  ss.inputs.dirichlet = 1;
  ss.n = max_runs;  // n (d + 2) runs would pass the limit
  EXPECT_EQ(error_id([&] { (void)sensitivity(three(), p, recipe{}, ss); }), "sensitivity.design");
}

// --- framework depth ---------------------------------------------------------------------------

std::vector<node_spec> chain(std::size_t levels) {
  std::vector<node_spec> n(levels);
  for (std::size_t k = 0; k < levels; ++k) {
    n[k].code = "n" + std::to_string(k);
    if (k > 0) n[k].parent = n[k - 1].code;
  }
  return n;
}

TEST(FrameworkDepth, SixtyFourLevelsAreAcceptedDeeperIsRefused) {
  const framework ok(chain(framework::max_depth));
  EXPECT_EQ(ok.max_level(), framework::max_depth);
  std::string what;
  EXPECT_EQ(error_id([&] { framework f(chain(framework::max_depth + 1)); }, &what), "framework.too_deep");
  EXPECT_TRUE(contains(what, "64")) << what;
  EXPECT_TRUE(contains(what, "node 'n64'")) << what;
  // a 100,000-level chain is refused while the tree is built (linear), never reaching a writer
  EXPECT_EQ(error_id([&] { framework f(chain(100000)); }), "framework.too_deep");
}

// --- all-or-nothing outputs --------------------------------------------------------------------

TEST(AtomicOutputs, AFailureMidwayLeavesThePreviousOutputsAndNoStrayFile) {
  temp_dir tmp;
  write_text(tmp.file("x.csv"), "old x");
  write_text(tmp.file("x-b.csv"), "old b");
  write_text(tmp.file("x.csv.tmp"), "the user's own file");  // never touched
  const std::vector<std::string> before = tmp.names();
  {
    io_detail::staged_files s;
    s.add(tmp.file("x.csv"), std::string_view("new x"));
    EXPECT_EQ(error_id([&] {
                s.add(tmp.file("x-b.csv"), [](const std::string& t) {
                  write_text(t, "half");
                  throw std::runtime_error("disk full (injected)");
                });
              }),
              "io.write");
  }
  EXPECT_EQ(read_text(tmp.file("x.csv")), "old x");
  EXPECT_EQ(read_text(tmp.file("x-b.csv")), "old b");
  EXPECT_EQ(read_text(tmp.file("x.csv.tmp")), "the user's own file");
  EXPECT_EQ(tmp.names(), before);
}

TEST(AtomicOutputs, ARenameFailureRestoresTheFilesAlreadyReplaced) {
  temp_dir tmp;
  write_text(tmp.file("x.csv"), "old x");
  const std::vector<std::string> before = tmp.names();
  io_detail::staged_files s;
  s.add(tmp.file("x.csv"), std::string_view("new x"));
  s.add(tmp.file("x-b.csv"), std::string_view("new b"));
  // the second target becomes a directory between staging and commit: its rename fails
  fs::create_directory(tmp.file("x-b.csv"));
  fs::create_directory(fs::path(tmp.file("x-b.csv")) / "keep");
  EXPECT_EQ(error_id([&] { (void)s.commit(); }), "io.write");
  EXPECT_EQ(read_text(tmp.file("x.csv")), "old x");
  std::vector<std::string> after = tmp.names();
  after.erase(std::remove(after.begin(), after.end(), "x-b.csv"), after.end());
  EXPECT_EQ(after, before);
}

TEST(AtomicOutputs, SeveralDocumentsAreWrittenTogetherOrNotAtAll) {
  temp_dir tmp;
  document d;
  const std::vector<std::string> rows = {"u1"};
  table t("first", "一", "first");
  t.text("unit", {"单元", "unit"}, rows, [](const std::string& x) { return x; });
  d.add(t);
  write_text(tmp.file("a.csv"), "old a");
  write_text(tmp.file("b.xlsx"), "old b");
  fs::create_directory(tmp.file("c.json"));  // the last output cannot be written
  const std::vector<std::string> before = tmp.names();
  EXPECT_EQ(
      error_id([&] {
        (void)write_documents({{&d, tmp.file("a.csv")}, {&d, tmp.file("b.xlsx")}, {&d, tmp.file("c.json")}});
      }),
      "io.write");
  EXPECT_EQ(read_text(tmp.file("a.csv")), "old a");
  EXPECT_EQ(read_text(tmp.file("b.xlsx")), "old b");
  EXPECT_EQ(tmp.names(), before);
  // an extension that is not a document's: refused before anything is written
  EXPECT_EQ(error_id([&] {
              (void)write_documents({{&d, tmp.file("a.csv")}, {&d, tmp.file("d.txt")}});
            }),
            "io.out_extension");
  EXPECT_EQ(read_text(tmp.file("a.csv")), "old a");
  // --json: JSON whatever the extension
  const auto written = write_documents({{&d, tmp.file("a.csv")}, {&d, tmp.file("d.txt"), {}, true}});
  EXPECT_EQ(written, (std::vector<std::string>{tmp.file("a.csv"), tmp.file("d.txt")}));
  EXPECT_TRUE(contains(read_text(tmp.file("d.txt")), "\"schema\""));
  EXPECT_TRUE(contains(read_text(tmp.file("a.csv")), "u1"));
}

TEST(AtomicOutputs, ADocumentAsCsvIsWrittenWholeOrNotAtAll) {
  temp_dir tmp;
  document d;
  const std::vector<std::string> rows1 = {"u1"}, rows2 = {"u2"};
  auto self = [](const std::string& x) { return x; };
  table t1("first", "一", "first");
  t1.text("unit", {"单元", "unit"}, rows1, self);
  table t2("second", "二", "second");
  t2.text("unit", {"单元", "unit"}, rows2, self);
  d.add(t1);
  d.add(t2);
  write_text(tmp.file("x.csv"), "old");
  fs::create_directory(tmp.file("x-second.csv"));  // the second file cannot be written
  EXPECT_EQ(error_id([&] { (void)write_document(d, tmp.file("x.csv")); }), "io.write");
  EXPECT_EQ(read_text(tmp.file("x.csv")), "old");
  EXPECT_EQ(tmp.names(), (std::vector<std::string>{"x-second.csv", "x.csv"}));
  fs::remove(tmp.file("x-second.csv"));
  const auto written = write_document(d, tmp.file("x.csv"));
  EXPECT_EQ(written.size(), 2u);
  EXPECT_TRUE(contains(read_text(tmp.file("x-second.csv")), "u2"));
  EXPECT_EQ(tmp.names(), (std::vector<std::string>{"x-second.csv", "x.csv"}));
}

// --- the command line --------------------------------------------------------------------------

#ifdef TIJIAN_CLI
namespace {
struct cli_run {
  int status = -1;
  std::string output;
};

cli_run run_cli(const std::string& args, const temp_dir& tmp) {
  const std::string out = tmp.file("cli-output.txt");
  const std::string cmd = std::string("\"") + TIJIAN_CLI + "\" " + args + " > \"" + out + "\" 2>&1";
  const int rc = std::system(cmd.c_str());
  cli_run r;
#if defined(WIFEXITED)
  r.status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
#else
  r.status = rc;
#endif
  r.output = read_text(out);
  fs::remove(out);
  return r;
}

const std::string check_args = "check -f green-city -t jinan-2025 -d \"" + source_dir +
                               "/examples/green-city/jinan-2020-reported.csv\" --lang en -q";
}  // namespace

TEST(Cli, NumbersAreReadWholeWithTheirRange) {
  temp_dir tmp;
  const std::string files =
      "-f green-city -d \"" + source_dir + "/examples/green-city/jinan-2020-reported.csv\"";
  struct bad_case {
    std::string args, option;
  };
  for (const bad_case& c : std::vector<bad_case>{
           {"uncertainty " + files + " --dirichlet 0.2abc", "--dirichlet"},
           {"uncertainty " + files + " --dirichlet 0", "--dirichlet"},
           {"uncertainty " + files + " --dirichlet 1e-300", "--dirichlet"},
           {"uncertainty " + files + " --dirichlet nan", "--dirichlet"},
           {"uncertainty " + files + " --runs 2147483648000", "--runs"},
           {"uncertainty " + files + " --runs 10x", "--runs"},
           {"uncertainty " + files + " --seed -1", "--seed"},
           {check_args + " --cap 0.2abc", "--cap"},
           {check_args + " --top-problems -3", "--top-problems"},
       }) {
    const cli_run r = run_cli(c.args, tmp);
    EXPECT_EQ(r.status, 2) << c.args << "\n" << r.output;
    EXPECT_TRUE(contains(r.output, c.option)) << r.output;
    EXPECT_TRUE(contains(r.output, " from ") || contains(r.output, " above ")) << "the range: " << r.output;
    EXPECT_FALSE(contains(r.output, "unexpected failure")) << r.output;
  }
  // --noise LEVEL=FACTOR: each part read whole, with its range
  for (const char* noise : {"2=0.2abc", "x=0.2", "2=1.5", "2=", "=0.2"}) {
    const cli_run r = run_cli("uncertainty " + files + " --noise " + noise, tmp);
    EXPECT_EQ(r.status, 2) << noise << "\n" << r.output;
    EXPECT_TRUE(contains(r.output, "cli.noise") && contains(r.output, "--noise")) << r.output;
    EXPECT_FALSE(contains(r.output, "stoi") || contains(r.output, "stod")) << r.output;
  }
}

TEST(Cli, UnknownCommandHelpAndExitStatuses) {
  temp_dir tmp;
  cli_run r = run_cli("evaluat", tmp);
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_TRUE(contains(r.output, "unknown command 'evaluat'")) << r.output;
  EXPECT_TRUE(contains(r.output, "score")) << "lists the commands: " << r.output;

  r = run_cli("check --help", tmp);  // the command's own help
  EXPECT_EQ(r.status, 0);
  EXPECT_TRUE(contains(r.output, "--targets") && contains(r.output, "--strict")) << r.output;
  r = run_cli("evaluate --help", tmp);
  EXPECT_EQ(r.status, 0);
  EXPECT_TRUE(contains(r.output, "--end-year")) << r.output;
  r = run_cli("--version", tmp);
  EXPECT_EQ(r.status, 0);

  // CLI11's own errors (a missing required option: 106; an unknown option: 109) are bad input
  for (const char* args : {"", "check", "check -f green-city -t jinan-2025 --frobnicate", "score --top"}) {
    r = run_cli(args, tmp);
    EXPECT_EQ(r.status, 2) << args << "\n" << r.output;
  }
  // an unknown command of a command group is named too, with the group's commands
  r = run_cli("ledger frobnicate", tmp);
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_TRUE(contains(r.output, "unknown command 'frobnicate' of 'tijian ledger'")) << r.output;
  EXPECT_TRUE(contains(r.output, "init") && contains(r.output, "update")) << r.output;
  r = run_cli("national frobnicate", tmp);
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_TRUE(contains(r.output, "unknown command 'frobnicate' of 'tijian national'")) << r.output;
  r = run_cli("ledger update --help", tmp);
  EXPECT_EQ(r.status, 0) << r.output;
}

TEST(Cli, CheckCsvOutputsAreAllOrNothing) {
  temp_dir tmp;
  // previous outputs of the command, and a file of the user's that looks like a temporary
  write_text(tmp.file("x.csv"), "previous status");
  write_text(tmp.file("x-achievement.csv"), "previous achievement");
  write_text(tmp.file("x.csv.tmp"), "mine");
  fs::create_directory(tmp.file("x-problems.csv"));  // one of the files cannot be written
  std::vector<std::string> before = tmp.names();
  cli_run r = run_cli(check_args + " -o \"" + tmp.file("x.csv") + "\"", tmp);
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_TRUE(contains(r.output, "io.write") && contains(r.output, "x-problems.csv")) << r.output;
  EXPECT_EQ(read_text(tmp.file("x.csv")), "previous status");
  EXPECT_EQ(read_text(tmp.file("x-achievement.csv")), "previous achievement");
  EXPECT_EQ(read_text(tmp.file("x.csv.tmp")), "mine");
  EXPECT_EQ(tmp.names(), before);
  // once the way is clear, every file is written together
  fs::remove(tmp.file("x-problems.csv"));
  r = run_cli(check_args + " -o \"" + tmp.file("x.csv") + "\"", tmp);
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_NE(read_text(tmp.file("x.csv")), "previous status");
  EXPECT_TRUE(fs::exists(tmp.file("x-problems.csv")));
  EXPECT_EQ(read_text(tmp.file("x.csv.tmp")), "mine");
  for (const auto& name : tmp.names()) EXPECT_FALSE(contains(name, ".tmp-")) << name;
}

TEST(Cli, SurveyOutAndJsonAreAllOrNothing) {
  temp_dir tmp;
  const std::string survey_args = "survey -s \"" + source_dir + "/examples/survey/survey.toml\" -d \"" +
                                  source_dir + "/examples/survey/answers.csv\" -q";
  write_text(tmp.file("s.csv"), "previous items");
  write_text(tmp.file("s-dimensions.csv"), "previous dimensions");
  write_text(tmp.file("s.json"), "previous json");
  // the later output (--json) cannot be written: the CSV files of --out stay as they were
  fs::create_directory(tmp.file("blocked.json"));
  std::vector<std::string> before = tmp.names();
  cli_run r =
      run_cli(survey_args + " -o \"" + tmp.file("s.csv") + "\" --json \"" + tmp.file("blocked.json") + "\"",
              tmp);
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_TRUE(contains(r.output, "io.write") && contains(r.output, "blocked.json")) << r.output;
  EXPECT_EQ(read_text(tmp.file("s.csv")), "previous items");
  EXPECT_EQ(read_text(tmp.file("s-dimensions.csv")), "previous dimensions");
  EXPECT_EQ(tmp.names(), before);
  // a later file of --out (one of its CSV tables) cannot be written: --json stays as it was
  fs::create_directory(tmp.file("s-problems.csv"));
  before = tmp.names();
  r = run_cli(survey_args + " -o \"" + tmp.file("s.csv") + "\" --json \"" + tmp.file("s.json") + "\"", tmp);
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_EQ(read_text(tmp.file("s.json")), "previous json");
  EXPECT_EQ(read_text(tmp.file("s.csv")), "previous items");
  EXPECT_EQ(tmp.names(), before);
  // an --out of another extension is refused before any work
  r = run_cli(survey_args + " -o \"" + tmp.file("s.txt") + "\" --json \"" + tmp.file("s.json") + "\"", tmp);
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_TRUE(contains(r.output, "io.out_extension")) << r.output;
  EXPECT_EQ(tmp.names(), before);
  // once the way is clear, both are written
  fs::remove(tmp.file("s-problems.csv"));
  r = run_cli(survey_args + " -o \"" + tmp.file("s.csv") + "\" --json \"" + tmp.file("s.json") + "\"", tmp);
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_NE(read_text(tmp.file("s.json")), "previous json");
  EXPECT_NE(read_text(tmp.file("s.csv")), "previous items");
  EXPECT_TRUE(fs::exists(tmp.file("s-problems.csv")));
  for (const auto& name : tmp.names()) EXPECT_FALSE(contains(name, ".tmp-")) << name;
}

TEST(Cli, NonFiniteScoresExitTwo) {
  temp_dir tmp;
  write_text(
      tmp.file("fw.toml"),
      "schema = \"tijian/framework/1\"\n[[node]]\ncode = \"IDX\"\n"
      "[[indicator]]\ncode = \"a\"\nparent = \"IDX\"\n[[indicator]]\ncode = \"b\"\nparent = \"IDX\"\n");
  write_text(tmp.file("d.csv"), "unit,a,b\nu1,1,2\nu2,3,5\nu3,4,4\n");
  write_text(tmp.file("r.toml"),
             "schema = \"tijian/recipe/1\"\n[aggregate]\nmethod = \"power_mean\"\np = 1000\n");
  const cli_run r = run_cli("score -f \"" + tmp.file("fw.toml") + "\" -d \"" + tmp.file("d.csv") +
                                "\" -r \"" + tmp.file("r.toml") + "\"",
                            tmp);
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_TRUE(contains(r.output, "aggregate.non_finite") && contains(r.output, "node 'IDX'")) << r.output;
}
#endif

// --- the error catalogue's ids that no public interface reaches ---------------------------------
// tests/python/test_error_catalogue.py lists these as unreachable from the program and the Python
// API (a reader or an earlier check refuses the input first, or the arguments are built by the
// library itself); they guard C++ callers, and are triggered here with their place.

TEST(CatalogueCxxOnly, OverrideBuiltInCodeWithNationalScopeOrBadThreshold) {
  const national_system sys = builtin_national_system("basic-2025");
  const national_override good = parse_national_override(
      "scope = \"city\"\n[[override]]\nindicator = 38\n[[override.standard]]\ncmp = \">=\"\nvalue = 1\n",
      "o.toml");
  ASSERT_NO_THROW((void)apply_overrides(sys, {good}));
  national_override national_scope = good;
  national_scope.scope = standard_origin::national;
  std::string what;
  EXPECT_EQ(error_id([&] { (void)apply_overrides(sys, {national_scope}); }, &what),
            "national.override_scope");
  EXPECT_TRUE(contains(what, "o.toml:2")) << what;
  national_override no_value = good;
  no_value.entries[0].standards[0].value = std::nan("");
  EXPECT_EQ(error_id([&] { (void)apply_overrides(sys, {no_value}); }, &what), "national.bad_override");
  EXPECT_TRUE(contains(what, "o.toml:2") && contains(what, "finite")) << what;
  national_override band = good;
  band.entries[0].standards[0].cmp = comparator::within_band;
  EXPECT_EQ(error_id([&] { (void)apply_overrides(sys, {band}); }, &what), "national.bad_override");
  EXPECT_TRUE(contains(what, "o.toml:2") && contains(what, "band")) << what;
}

TEST(CatalogueCxxOnly, ShapesOfTheLowLevelEntriesAreChecked) {
  std::string what;
  // normalise(): one indicator context per column
  EXPECT_EQ(error_id([&] { (void)normalise(normalisation{}, {}, Eigen::MatrixXd::Ones(3, 2)); }, &what),
            "normalise.shape");
  // batch_arithmetic(): one weight row per indicator column
  Eigen::MatrixXd s, r;
  EXPECT_EQ(
      error_id([&] { batch_arithmetic(Eigen::MatrixXd::Ones(3, 2), Eigen::MatrixXd::Ones(3, 4), s, r); },
               &what),
      "uncertainty.shape");
  // the obstacle degree: one weight per framework node, one deviation column per indicator, best > 0
  const framework fw = three();
  EXPECT_EQ(
      error_id([&] { (void)obstacle_factors(fw, Eigen::VectorXd::Ones(2), obstacle_factor::effective); },
               &what),
      "obstacle.shape");
  EXPECT_TRUE(contains(what, "(4), got 2")) << what;
  EXPECT_EQ(error_id(
                [&] {
                  (void)obstacle_from_deviation(fw, Eigen::MatrixXd::Zero(2, 2), Eigen::VectorXd::Ones(3));
                },
                &what),
            "obstacle.shape");
  obstacle_options o;
  o.best = 0;
  EXPECT_EQ(
      error_id([&] { (void)obstacle_degree(fw, Eigen::MatrixXd::Zero(2, 3), Eigen::VectorXd::Ones(4), o); },
               &what),
      "obstacle.best");
  EXPECT_TRUE(contains(what, "best")) << what;
}

TEST(CatalogueCxxOnly, GameTheoryCoefficientsSummingToZeroAreRefused) {
  // three weight sets whose Gram coefficients (-8.44, -1.71, 10.15, found by root finding in
  // numpy: sum alpha = 2e-15) cancel: the signed-sum norm divides by that sum. A scoring run
  // combines two sets, for which the sum is 0 only for identical sets (weights.game_theory_dependent).
  const std::vector<Eigen::VectorXd> sets = {(Eigen::VectorXd(4) << 0.7111785797322782, 0.047182408867066705,
                                              0.1168877006547795, 0.12475131074587556)
                                                 .finished(),
                                             (Eigen::VectorXd(4) << 0.5745643916056246, 0.1518905715139419,
                                              0.22290795963224166, 0.050637077248191956)
                                                 .finished(),
                                             (Eigen::VectorXd(4) << 0.7743439171088723, 0.03535561062138817,
                                              0.12181780891396116, 0.06848266335577834)
                                                 .finished()};
  std::string what;
  EXPECT_EQ(error_id([&] { (void)combine_game_theory(sets, game_theory_norm::signed_sum); }, &what),
            "weights.game_theory_degenerate");
  EXPECT_TRUE(contains(what, "absolute norm")) << what;
  EXPECT_NO_THROW((void)combine_game_theory(sets, game_theory_norm::absolute));
}

TEST(CatalogueCxxOnly, SobolSamplingBeyondItsDimensionsIsRefused) {
  // the uncertainty and sensitivity runs draw one dimension per factor kind (at most 7); the
  // limit of the Sobol' sequence guards C++ callers of sample_unit_cube
  std::string what;
  EXPECT_EQ(error_id([&] { (void)sample_unit_cube(2, 3668, sampling::sobol, 1); }, &what),
            "sensitivity.dimension");
  EXPECT_TRUE(contains(what, "3667")) << what;
  EXPECT_EQ(sample_unit_cube(2, 3667, sampling::sobol, 1).cols(), 3667);
}

TEST(CatalogueCxxOnly, AnnualCheckOfAPeriodThatIsNoYearNamesTheRow) {
  // every reader and the Python API refuse a period that is not an integer year first
  // (data.period, with file and line); years_of guards panels built in C++
  panel p = data3({1, 2}, {3, 4}, {5, 6});
  p.periods = {"2021", "2021-06-30"};
  std::string what;
  EXPECT_EQ(error_id([&] { (void)years_of(p); }, &what), "trend.bad_year");
  EXPECT_TRUE(contains(what, "'2021-06-30'") && contains(what, "data.csv:3")) << what;
}
