// SPDX-License-Identifier: MIT
// The I/O layer: panel CSV (encodings, quoting, number rules, column roles), framework files
// (TOML and COINr iMeta), recipe files, result writers, and robustness against arbitrary bytes.
// Every error test asserts the stable id and that the message names where the problem is.
#include <gtest/gtest.h>
#include <iconv.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <tijian/io/csv.hpp>
#include <tijian/io/framework_io.hpp>
#include <tijian/io/recipe_io.hpp>
#include <tijian/io/result_io.hpp>
#include <tijian/io/table_io.hpp>
#include <tijian/io/text_grid.hpp>
#include <tijian/mcda_tables.hpp>
#include <tijian/result_tables.hpp>
#include <tijian/presets.hpp>
#include <tijian/score.hpp>
#include <tijian/units.hpp>

using namespace tijian;
namespace fs = std::filesystem;

namespace {

const double nan = std::numeric_limits<double>::quiet_NaN();
const std::string shared_data = TIJIAN_SHARED_DATA;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

#define EXPECT_CONTAINS(text, part) \
  EXPECT_TRUE(contains((text), (part))) << "expected '" << (part) << "' in: " << (text)

/// Runs f, expects an exception of type E with the given id, and returns it.
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

/// A fresh directory, removed with everything in it at the end of the test.
struct temp_dir {
  fs::path path;
  temp_dir() {
    static int serial = 0;
    path = fs::temp_directory_path() /
           ("tijian_test_io_" + std::to_string(::getpid()) + "_" + std::to_string(serial++));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~temp_dir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  std::string file(const std::string& name) const { return (path / name).string(); }
  std::string write(const std::string& name, const std::string& bytes) const {
    std::ofstream out(file(name), std::ios::binary);
    out << bytes;
    return file(name);
  }
  std::size_t count() const {
    return static_cast<std::size_t>(std::distance(fs::directory_iterator(path), fs::directory_iterator()));
  }
};

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// UTF-8 -> GB18030 with glibc iconv (independent of the reader's own conversion path).
std::string to_gb18030(const std::string& utf8) {
  iconv_t cd = iconv_open("GB18030", "UTF-8");
  EXPECT_NE(cd, reinterpret_cast<iconv_t>(-1));
  std::string out(utf8.size() * 4 + 16, '\0');
  char* in = const_cast<char*>(utf8.data());
  std::size_t in_left = utf8.size();
  char* dst = out.data();
  std::size_t out_left = out.size();
  EXPECT_NE(iconv(cd, &in, &in_left, &dst, &out_left), static_cast<std::size_t>(-1));
  iconv_close(cd);
  out.resize(out.size() - out_left);
  return out;
}

// --- panel CSV ------------------------------------------------------------------------------

TEST(PanelCsv, ReadsUtf8WithoutBom) {
  const std::string text =
      "uCode,uName,Time,GDP,Pop\n"
      "AUT,Austria,2018,1.5,2\n"
      "BEL,Belgium,2018,-3e2,.5\n"
      "AUT,Austria,2019, 7 ,\n";
  const panel p = parse_panel_csv(text, "mem.csv");
  ASSERT_EQ(p.rows(), 3);
  ASSERT_EQ(p.cols(), 2);
  EXPECT_EQ(p.indicators, (std::vector<std::string>{"GDP", "Pop"}));
  EXPECT_EQ(p.units, (std::vector<std::string>{"AUT", "BEL", "AUT"}));
  EXPECT_EQ(p.unit_names, (std::vector<std::string>{"Austria", "Belgium", "Austria"}));
  EXPECT_EQ(p.periods, (std::vector<std::string>{"2018", "2018", "2019"}));
  EXPECT_EQ(p.lines, (std::vector<std::size_t>{2, 3, 4}));
  EXPECT_EQ(p.source, "mem.csv");
  EXPECT_EQ(p.values(0, 0), 1.5);
  EXPECT_EQ(p.values(1, 0), -300.0);
  EXPECT_EQ(p.values(1, 1), 0.5);
  EXPECT_EQ(p.values(2, 0), 7.0);
  EXPECT_TRUE(std::isnan(p.values(2, 1)));
  EXPECT_TRUE(p.notes.empty());
}

TEST(PanelCsv, ReadsUtf8WithBomAndChineseHeaders) {
  const std::string text =
      "\xEF\xBB\xBF"
      "城市代码,城市,年份,绿化覆盖率,人均公园面积\r\n"
      "QD,青岛,2022,45.1,16.2\r\n"
      "JN,济宁,2022,43.0,无\r\n";
  const panel p = parse_panel_csv(text, "bom.csv");
  ASSERT_EQ(p.rows(), 2);
  EXPECT_EQ(p.indicators, (std::vector<std::string>{"绿化覆盖率", "人均公园面积"}));
  EXPECT_EQ(p.units[0], "QD");  // the BOM is not part of the first header
  EXPECT_EQ(p.unit_names[1], "济宁");
  EXPECT_EQ(p.periods[0], "2022");
  EXPECT_EQ(p.values(0, 0), 45.1);
  EXPECT_TRUE(std::isnan(p.values(1, 1)));
  EXPECT_TRUE(p.notes.empty());
}

TEST(PanelCsv, ConvertsGb18030WithANote) {
  const std::string utf8 =
      "城市代码,城市,年份,绿化覆盖率\n"
      "QD,青岛,2022,45.1\n"
      "JN,济宁,2022,43\n";
  const std::string gb = to_gb18030(utf8);
  // 城市 in GB18030 is B3 C7 CA D0: the bytes really are not UTF-8.
  ASSERT_EQ(gb.substr(0, 4), std::string("\xB3\xC7\xCA\xD0"));
  temp_dir dir;
  const std::string path = dir.write("gbk.csv", gb);
  const panel p = read_panel_csv(path);
  ASSERT_EQ(p.rows(), 2);
  EXPECT_EQ(p.indicators, (std::vector<std::string>{"绿化覆盖率"}));
  EXPECT_EQ(p.unit_names, (std::vector<std::string>{"青岛", "济宁"}));
  EXPECT_EQ(p.values(1, 0), 43.0);
  ASSERT_EQ(p.notes.size(), 1u);
  EXPECT_CONTAINS(p.notes[0], "converted from GB18030 to UTF-8");
  ASSERT_EQ(p.notes_zh.size(), 1u);  // the same note in Chinese, for zh diagnostics
  EXPECT_CONTAINS(p.notes_zh[0], "已从 GB18030 编码转换为 UTF-8");

  csv_options forced;
  forced.encoding = text_encoding::gb18030;
  const panel q = parse_panel_csv(gb, "gbk.csv", forced);
  EXPECT_EQ(q.unit_names, p.unit_names);
  ASSERT_EQ(q.notes.size(), 1u);

  csv_options utf8_only;
  utf8_only.encoding = text_encoding::utf8;
  auto e =
      expect_error<data_error>([&] { (void)parse_panel_csv(gb, "gbk.csv", utf8_only); }, "data.encoding");
  ASSERT_TRUE(e);
  EXPECT_CONTAINS(std::string(e->what()), "gbk.csv:1");
  EXPECT_CONTAINS(std::string(e->what()), "byte offset 0");
  EXPECT_CONTAINS(std::string(e->what()), "Save As > CSV UTF-8");
}

// text_grid: the shape rules of io/text_grid.hpp on a hand-written file (comments and blank
// rows before and between rows, a quoted field with a line break, trimming, GB18030).
TEST(TextGrid, ReadsCellsWithTheirLines) {
  const std::string csv =
      "# 整改台账（手工编辑）\n"
      "\n"
      "编号 , 责任单位,状态\n"
      "L-1, 市住建局 ,整改中\n"
      ",,\n"
      "L-2,\"区政府\n街道\",已销号\n";
  const text_grid g = parse_text_grid_csv(csv, "ledger.csv");
  EXPECT_EQ(g.header, (std::vector<std::string>{"编号", "责任单位", "状态"}));
  EXPECT_EQ(g.header_line, 3u);
  ASSERT_EQ(g.rows.size(), 2u);
  EXPECT_EQ(g.rows[0][1], "市住建局");
  EXPECT_EQ(g.rows[1][1], "区政府\n街道");
  EXPECT_EQ(g.lines, (std::vector<std::size_t>{4, 6}));
  EXPECT_EQ(g.find_column("状态"), std::optional<std::size_t>(2));
  EXPECT_FALSE(g.find_column("deadline"));
  const location at = g.where(1, 2);
  EXPECT_EQ(at.file, "ledger.csv");
  EXPECT_EQ(at.line, 6u);
  EXPECT_EQ(at.column, 3u);
  EXPECT_EQ(at.indicator, "状态");
  EXPECT_EQ(g.column_name(1), "column 2 (B) '责任单位'");
  EXPECT_FALSE(g.converted);

  const text_grid gb = parse_text_grid_csv(to_gb18030("单位,等级\nQD,较好\n"), "grades.csv");
  EXPECT_TRUE(gb.converted);
  EXPECT_EQ(gb.rows.at(0).at(1), "较好");
}

TEST(TextGrid, RefusesBadShapesNamingTheLocation) {
  auto e = expect_error<data_error>([] { (void)parse_text_grid_csv("a,b\n1,2,3\n", "t.csv"); },
                                    "data.field_count");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->where().line, 2u);
  e = expect_error<data_error>([] { (void)parse_text_grid_csv("a,,c\n1,2,3\n", "t.csv"); },
                               "data.empty_column_name");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->where().column, 2u);
  e = expect_error<data_error>([] { (void)parse_text_grid_csv("a,b,a\n", "t.csv"); },
                               "data.duplicate_column");
  ASSERT_TRUE(e);
  EXPECT_CONTAINS(std::string(e->what()), "column 1 (A)");
  (void)expect_error<data_error>([] { (void)parse_text_grid_csv("# only a comment\n\n", "t.csv"); },
                                 "data.empty");
  (void)expect_error<data_error>([] { (void)read_text_grid("/nonexistent/dir/x.csv"); }, "io.read");
}

TEST(PanelCsv, RefusesBytesThatAreNeitherUtf8NorGb18030) {
  // Line 3 holds 0x80, which is invalid in UTF-8 and in GB18030.
  const std::string bytes = "code,x\nA,1\nB\x80\x80,2\n";
  auto e = expect_error<data_error>([&] { (void)parse_panel_csv(bytes, "bad.csv"); }, "data.encoding");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->where().file, "bad.csv");
  EXPECT_EQ(e->where().line, 3u);
  EXPECT_CONTAINS(std::string(e->what()), "bad.csv:3");
  EXPECT_CONTAINS(std::string(e->what()), "byte offset 12");
  EXPECT_CONTAINS(std::string(e->what()), "save the file as UTF-8 (Excel: Save As > CSV UTF-8)");

  expect_error<data_error>(
      [&] {
        (void)parse_panel_csv(
            "\xFF\xFE"
            "a\0,\0",
            "u16.csv");
      },
      "data.encoding");
  // A UTF-8 byte-order mark followed by GBK bytes is a mixed file: refused, not guessed.
  auto m = expect_error<data_error>(
      [&] {
        (void)parse_panel_csv(
            "\xEF\xBB\xBF"
            "code,x\n" +
                to_gb18030("青岛") + ",1\n",
            "mixed.csv");
      },
      "data.encoding");
  ASSERT_TRUE(m);
  EXPECT_CONTAINS(std::string(m->what()), "mixed.csv:2");
}

TEST(PanelCsv, StrictNumbersRefuseThousandsSeparators) {
  const std::string text = "code,name,year,GDP\nQD,Qingdao,2022,\"1,234\"\n";
  auto e = expect_error<data_error>([&] { (void)parse_panel_csv(text, "gdp.csv"); }, "data.not_a_number");
  ASSERT_TRUE(e);
  const std::string what = e->what();
  EXPECT_EQ(e->where().line, 2u);
  EXPECT_EQ(e->where().column, 4u);
  EXPECT_EQ(e->where().unit, "QD");
  EXPECT_EQ(e->where().indicator, "GDP");
  EXPECT_EQ(e->where().period, "2022");
  EXPECT_CONTAINS(what, "gdp.csv:2:4");
  EXPECT_CONTAINS(what, "unit 'QD'");
  EXPECT_CONTAINS(what, "indicator 'GDP'");
  EXPECT_CONTAINS(what, "\"1,234\"");
  EXPECT_CONTAINS(what, "remove thousands separators");
  EXPECT_CONTAINS(what, "number_format::lenient (CLI: --lenient-numbers)");
}

TEST(PanelCsv, StrictNumbersRefusePercent) {
  const std::string text = "code;rate\nQD;12%\n";  // semicolon-separated (detected)
  auto e = expect_error<data_error>([&] { (void)parse_panel_csv(text, "rate.csv"); }, "data.not_a_number");
  ASSERT_TRUE(e);
  EXPECT_CONTAINS(std::string(e->what()), "rate.csv:2:2");
  EXPECT_CONTAINS(std::string(e->what()), "\"12%\"");
  EXPECT_CONTAINS(std::string(e->what()), "--lenient-numbers");
  EXPECT_EQ(e->where().unit, "QD");
  EXPECT_EQ(e->where().indicator, "rate");
}

TEST(PanelCsv, LenientNumbersRewriteAndNote) {
  const std::string text =
      "code\tGDP\trate\n"
      "A\t\"1,234,567.5\"\t12%\n"
      "B\t1,234\t50\xEF\xBC\x85\n"  // full-width percent sign
      "C\t-7\t3.5 %\n";
  csv_options opt;
  opt.numbers = number_format::lenient;
  const panel p = parse_panel_csv(text, "lenient.csv", opt);
  ASSERT_EQ(p.rows(), 3);
  EXPECT_EQ(p.values(0, 0), 1234567.5);
  EXPECT_EQ(p.values(1, 0), 1234.0);
  EXPECT_EQ(p.values(2, 0), -7.0);
  EXPECT_EQ(p.values(0, 1), 12.0);  // kept in percent
  EXPECT_EQ(p.values(1, 1), 50.0);
  EXPECT_EQ(p.values(2, 1), 3.5);
  ASSERT_EQ(p.notes.size(), 2u);
  EXPECT_CONTAINS(p.notes[0], "thousands separators from 2 cells");
  EXPECT_CONTAINS(p.notes[1], "% sign from 3 cells");

  for (const char* bad : {"1,23", "1,2345", "12,34.5", ",123", "\xEF\xBC\x91\xEF\xBC\x92" /* １２ */,
                          "12 apples", "inf", "0x10", "#DIV/0!", "1e999"}) {
    const std::string t = std::string("code,x\nA,\"") + bad + "\"\n";
    for (auto fmt : {number_format::strict, number_format::lenient}) {
      csv_options o;
      o.numbers = fmt;
      auto e = expect_error<data_error>([&] { (void)parse_panel_csv(t, "bad.csv", o); }, "data.not_a_number");
      ASSERT_TRUE(e) << bad;
      EXPECT_CONTAINS(std::string(e->what()), "bad.csv:2:2");
    }
  }
  auto e = expect_error<data_error>(
      [&] { (void)parse_panel_csv("code,x\nA,\xEF\xBC\x91\xEF\xBC\x92\n", "fw.csv"); }, "data.not_a_number");
  ASSERT_TRUE(e);
  EXPECT_CONTAINS(std::string(e->what()), "full-width");
  // A text column that is not declared: the message says how to declare it.
  e = expect_error<data_error>([&] { (void)parse_panel_csv("code,region,x\nA,north,1\n", "t.csv"); },
                               "data.not_a_number");
  ASSERT_TRUE(e);
  EXPECT_CONTAINS(std::string(e->what()), "t.csv:2:2");
  EXPECT_CONTAINS(std::string(e->what()), "group column");
}

TEST(PanelCsv, MissingTokensBecomeNaN) {
  std::string text = "code,x\n";
  const std::vector<std::string> tokens = {"",     "NA", "N/A",          "#N/A", "NaN",  "nan", "null",
                                           "NULL", "-",  "\xE2\x80\x94", "..",   "缺失", "无",  " na "};
  for (std::size_t i = 0; i < tokens.size(); ++i) text += "U" + std::to_string(i) + "," + tokens[i] + "\n";
  const panel p = parse_panel_csv(text, "na.csv");
  ASSERT_EQ(static_cast<std::size_t>(p.rows()), tokens.size());
  for (Eigen::Index i = 0; i < p.rows(); ++i) EXPECT_TRUE(std::isnan(p.values(i, 0))) << i;
}

TEST(PanelCsv, QuotedFieldsAndLineNumbers) {
  const std::string text =
      "code,name,x,y\r\n"
      "A,\"Smith, \"\"Old\"\" Town\",1,2\r\n"
      "B,\"two\r\nlines\",3,4\r\n"
      "\r\n"
      ",,,\r\n"
      "C,plain,5,\"6\"";  // no newline at the end
  const panel p = parse_panel_csv(text, "q.csv");
  ASSERT_EQ(p.rows(), 3);
  EXPECT_EQ(p.unit_names[0], "Smith, \"Old\" Town");
  EXPECT_EQ(p.unit_names[1], "two\r\nlines");
  EXPECT_EQ(p.lines, (std::vector<std::size_t>{2, 3, 7}));
  EXPECT_EQ(p.values(2, 1), 6.0);

  // An error after a multi-line field names the physical line.
  const std::string bad = "code,name,x\nA,\"a\nb\",1\nB,b,oops\n";
  auto e = expect_error<data_error>([&] { (void)parse_panel_csv(bad, "q.csv"); }, "data.not_a_number");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->where().line, 4u);

  auto u = expect_error<data_error>([&] { (void)parse_panel_csv("code,x\nA,\"1\n", "open.csv"); },
                                    "data.csv_syntax");
  ASSERT_TRUE(u);
  EXPECT_CONTAINS(std::string(u->what()), "open.csv:2");
  expect_error<data_error>([&] { (void)parse_panel_csv("code,x\nA,\"1\"2\n", "q.csv"); }, "data.csv_syntax");
}

TEST(PanelCsv, HeaderErrors) {
  auto e = expect_error<data_error>([&] { (void)parse_panel_csv("code,x,,y\nA,1,2,3\n", "h.csv"); },
                                    "data.empty_column_name");
  ASSERT_TRUE(e);
  EXPECT_CONTAINS(std::string(e->what()), "h.csv:1:3");
  EXPECT_CONTAINS(std::string(e->what()), "column 3");

  e = expect_error<data_error>([&] { (void)parse_panel_csv("code,x,y,x\nA,1,2,3\n", "h.csv"); },
                               "data.duplicate_column");
  ASSERT_TRUE(e);
  EXPECT_CONTAINS(std::string(e->what()), "h.csv:1:4");
  EXPECT_CONTAINS(std::string(e->what()), "column 2");
  EXPECT_CONTAINS(std::string(e->what()), "indicator 'x'");

  expect_error<data_error>([&] { (void)parse_panel_csv("", "h.csv"); }, "data.empty");
  expect_error<data_error>([&] { (void)parse_panel_csv("\n\n", "h.csv"); }, "data.empty");
  expect_error<data_error>([&] { (void)parse_panel_csv("code,x\n", "h.csv"); }, "data.empty");
  expect_error<data_error>([&] { (void)parse_panel_csv("code,name\nA,a\n", "h.csv"); }, "data.no_indicators");
  csv_options opt;
  opt.unit_column = "city_id";
  auto m = expect_error<data_error>([&] { (void)parse_panel_csv("code,x\nA,1\n", "h.csv", opt); },
                                    "data.missing_column");
  ASSERT_TRUE(m);
  EXPECT_CONTAINS(std::string(m->what()), "city_id");
}

TEST(PanelCsv, RowErrors) {
  auto e = expect_error<data_error>([&] { (void)parse_panel_csv("code,x,y\nA,1,2\nB,3\n", "rows.csv"); },
                                    "data.field_count");
  ASSERT_TRUE(e);
  EXPECT_CONTAINS(std::string(e->what()), "rows.csv:3");
  EXPECT_CONTAINS(std::string(e->what()), "unit 'B'");
  EXPECT_CONTAINS(std::string(e->what()), "2 fields");

  auto d = expect_error<data_error>(
      [&] { (void)parse_panel_csv("code,year,x\nA,2020,1\nB,2020,2\nA,2020,3\n", "dup.csv"); },
      "data.duplicate_unit");
  ASSERT_TRUE(d);
  EXPECT_CONTAINS(std::string(d->what()), "dup.csv:4");
  EXPECT_CONTAINS(std::string(d->what()), "unit 'A'");
  EXPECT_CONTAINS(std::string(d->what()), "line 2");

  expect_error<data_error>([&] { (void)parse_panel_csv("code,x\n,1\n", "e.csv"); }, "data.empty_unit");
}

TEST(PanelCsv, ColumnRoles) {
  // No recognised unit header: the first column. "*_group" columns are groups.
  const std::string text =
      "id,Region_group,size,x\n"
      "A,north,big,1\n"
      "B,south,small,2\n";
  csv_options opt;
  opt.group_columns = {"size"};
  const panel p = parse_panel_csv(text, "roles.csv", opt);
  EXPECT_EQ(p.units, (std::vector<std::string>{"A", "B"}));
  EXPECT_EQ(p.indicators, (std::vector<std::string>{"x"}));
  ASSERT_EQ(p.groups.size(), 2u);
  EXPECT_EQ(p.groups[0].first, "size");
  EXPECT_EQ(p.groups[0].second, (std::vector<std::string>{"big", "small"}));
  EXPECT_EQ(p.groups[1].first, "Region_group");
  EXPECT_EQ(p.unit_names, (std::vector<std::string>{"", ""}));
  EXPECT_EQ(p.periods, (std::vector<std::string>{"", ""}));

  // Explicit roles; case-insensitive header matching.
  csv_options named;
  named.unit_column = "KEY";
  named.name_column = "label";
  named.period_column = "when";
  const panel q = parse_panel_csv("label,key,when,v\nAlpha,A,1,2\n", "n.csv", named);
  EXPECT_EQ(q.units[0], "A");
  EXPECT_EQ(q.unit_names[0], "Alpha");
  EXPECT_EQ(q.periods[0], "1");
  EXPECT_EQ(q.indicators, (std::vector<std::string>{"v"}));
}

TEST(PanelCsv, ReadsTheAsemData) {
  const panel p = read_panel_csv(shared_data + "/asem/ASEM_iData.csv");
  EXPECT_EQ(p.rows(), 51);
  EXPECT_EQ(p.cols(), 53);  // 49 indicators + 4 denominators
  EXPECT_EQ(p.groups.size(), 4u);
  EXPECT_EQ(p.units[0], "AUT");
  EXPECT_EQ(p.unit_names[0], "Austria");
  EXPECT_EQ(p.periods[0], "2018");
  EXPECT_EQ(p.values(0, p.column("LPI")), 4.0979850000000004);
  const panel q = read_panel_csv(shared_data + "/asem/ASEM_iData_p.csv");
  EXPECT_EQ(q.rows(), 255);
  EXPECT_EQ(q.distinct_periods().size(), 5u);
}

TEST(PanelCsv, UnreadableFile) {
  temp_dir dir;
  auto e = expect_error<data_error>([&] { (void)read_panel_csv(dir.file("absent.csv")); }, "io.read");
  ASSERT_TRUE(e);
  EXPECT_CONTAINS(std::string(e->what()), "absent.csv");
  expect_error<data_error>([&] { (void)read_panel_csv(dir.path.string()); }, "io.read");
}

// --- framework TOML -------------------------------------------------------------------------

const char* const example_toml = R"(schema = "tijian/framework/1"

[[node]]
code = "GCI"
name_zh = "绿色城市指数"
name_en = "Green city index"
aggregation = { method = "power_mean", p = 0.5, zeros = "floor", zero_floor = 1e-3 }

[[node]]
code = "ECO"
parent = "GCI"
name_zh = "绿色生态"
weight = 0.3
aggregation = "geometric"

[[indicator]]
code = "green_cover"
parent = "ECO"
name_zh = "建成区绿化覆盖率"
name_en = "Green \"coverage\"\nof built-up area"
unit = "%"
weight = 2
direction = "higher"
type = "bottom_line"
source = "城市统计年鉴"
goalposts = { lower = 20, upper = 85, scale = "linear" }

[[indicator.target]]
value = 40.0
comparator = ">="
year = 2025
source = "十四五规划"

[[indicator]]
code = "density"
parent = "ECO"
direction = "band"
band = [0.5, 1.5]

[[indicator.target]]
comparator = "band"
lower = 0.8
upper = 1.2

[[node]]
code = "LIFE"
parent = "GCI"
weight = 0.7

[[indicator]]
code = "pm25"
parent = "LIFE"
direction = -1
goalposts = { lower = 1, upper = 100, scale = "log" }

[[indicator.target]]
value = 35

[[indicator]]
code = "commute"
parent = "LIFE"
direction = "lower"
)";

TEST(FrameworkToml, ParsesTheDocumentedFormat) {
  const framework f = parse_framework_toml(example_toml, "fw.toml");
  ASSERT_EQ(f.size(), 7u);
  EXPECT_EQ(f.source(), "fw.toml");
  EXPECT_EQ(f.indicator_codes(), (std::vector<std::string>{"green_cover", "density", "pm25", "commute"}));
  const node_spec& gci = f.node(f.at("GCI"));
  EXPECT_EQ(gci.declared, node_spec::kind::aggregate);
  EXPECT_EQ(gci.where.file, "fw.toml");
  EXPECT_EQ(gci.where.line, 3u);
  ASSERT_TRUE(gci.aggregate_with);
  EXPECT_EQ(gci.aggregate_with->method, aggregation_method::power_mean);
  EXPECT_EQ(gci.aggregate_with->p, 0.5);
  EXPECT_EQ(gci.aggregate_with->zeros, geometric_zeros::floor);
  EXPECT_EQ(gci.aggregate_with->zero_floor, 1e-3);
  EXPECT_EQ(f.node(f.at("ECO")).aggregate_with->method, aggregation_method::geometric);
  const node_spec& g = f.node(f.at("green_cover"));
  EXPECT_EQ(g.declared, node_spec::kind::indicator);
  EXPECT_EQ(g.where.line, 16u);
  EXPECT_EQ(g.name_en, "Green \"coverage\"\nof built-up area");
  EXPECT_EQ(g.weight, 2.0);
  EXPECT_EQ(g.type, indicator_type::bottom_line);
  EXPECT_EQ(g.data_source, "城市统计年鉴");
  ASSERT_TRUE(g.posts);
  EXPECT_EQ(g.posts->upper, 85.0);
  ASSERT_EQ(g.targets.size(), 1u);
  EXPECT_EQ(g.targets[0].cmp, comparator::at_least);
  EXPECT_EQ(g.targets[0].year, 2025);
  EXPECT_EQ(g.targets[0].source, "十四五规划");
  const node_spec& d = f.node(f.at("density"));
  EXPECT_EQ(d.dir, direction::target_band);
  EXPECT_EQ(d.band_lower, 0.5);
  ASSERT_EQ(d.targets.size(), 1u);
  EXPECT_EQ(d.targets[0].cmp, comparator::within_band);
  EXPECT_EQ(d.targets[0].value, 0.8);
  EXPECT_EQ(d.targets[0].upper, 1.2);
  const node_spec& pm = f.node(f.at("pm25"));
  EXPECT_EQ(pm.dir, direction::lower_is_better);
  EXPECT_EQ(pm.posts->scale, goalpost_scale::log);
  EXPECT_EQ(pm.targets[0].cmp, comparator::at_most);  // default from the direction
  EXPECT_DOUBLE_EQ(f.effective_weights().sum(), 1.0);
  EXPECT_DOUBLE_EQ(f.weight_in_parent(f.at("LIFE")), 0.7);
}

TEST(FrameworkToml, RoundTripsThroughToToml) {
  const framework f = parse_framework_toml(example_toml, "fw.toml");
  const std::string text = to_toml(f);
  const framework g = parse_framework_toml(text, "again.toml");
  EXPECT_EQ(g.describe(), f.describe()) << text;
  for (std::size_t i = 0; i < f.size(); ++i) {
    EXPECT_EQ(g.node(i).name_zh, f.node(i).name_zh);
    EXPECT_EQ(g.node(i).name_en, f.node(i).name_en);
    EXPECT_EQ(g.node(i).data_source, f.node(i).data_source);
    EXPECT_EQ(g.node(i).unit, f.node(i).unit);
  }
  // A framework built in code, with awkward weights and a mixed child order.
  std::vector<node_spec> nodes(5);
  nodes[0].code = "root";
  nodes[1].code = "a";
  nodes[1].parent = "root";
  nodes[1].weight = 0.1 + 0.2;
  nodes[2].code = "inner";
  nodes[2].parent = "root";
  nodes[2].weight = 1.0 / 3.0;
  nodes[2].aggregate_with = aggregation{aggregation_method::harmonic, 1.0, geometric_zeros::error, 1e-9};
  nodes[3].code = "b";
  nodes[3].parent = "inner";
  nodes[3].targets.push_back(target{comparator::at_most, 1e-300, nan, 2030, "plan \\ \"x\""});
  nodes[4].code = "c";
  nodes[4].parent = "root";
  nodes[4].band_lower = 3;  // not a band indicator, still part of the description
  const framework h(nodes, "code");
  const framework k = parse_framework_toml(to_toml(h), "h.toml");
  EXPECT_EQ(k.describe(), h.describe());
  EXPECT_EQ(k.node(k.at("b")).targets[0].source, "plan \\ \"x\"");
}

TEST(FrameworkToml, Errors) {
  auto e = expect_error<framework_error>(
      [] {
        (void)parse_framework_toml(
            "[[node]]\ncode = \"R\"\n\n[[indicator]]\ncode = \"x\"\nparent = \"R\"\nwieght = 2\n",
            "typo.toml");
      },
      "framework.unknown_key");
  ASSERT_TRUE(e);
  EXPECT_CONTAINS(std::string(e->what()), "typo.toml:7");
  EXPECT_CONTAINS(std::string(e->what()), "'wieght'");
  EXPECT_CONTAINS(std::string(e->what()), "node 'x'");

  e = expect_error<framework_error>(
      [] {
        (void)parse_framework_toml(
            "[[node]]\ncode = \"R\"\n[[indicator]]\ncode = \"x\"\nparent = \"R\"\nweight = \"2\"\n",
            "type.toml");
      },
      "framework.wrong_type");
  ASSERT_TRUE(e);
  EXPECT_CONTAINS(std::string(e->what()), "type.toml:6");
  EXPECT_CONTAINS(std::string(e->what()), "'weight' must be a number");

  e = expect_error<framework_error>([] { (void)parse_framework_toml("[[node]\ncode = 1\n", "syn.toml"); },
                                    "framework.syntax");
  ASSERT_TRUE(e);
  EXPECT_CONTAINS(std::string(e->what()), "syn.toml:1:");

  e = expect_error<framework_error>(
      [] {
        (void)parse_framework_toml("[[node]]\ncode = \"R\"\n\n[[indicator]]\ncode = \"x\"\nparent = \"Q\"\n",
                                   "parent.toml");
      },
      "framework.unknown_parent");
  ASSERT_TRUE(e);
  EXPECT_CONTAINS(std::string(e->what()), "parent.toml:4");
  EXPECT_CONTAINS(std::string(e->what()), "node 'x'");

  e = expect_error<framework_error>(
      [] {
        (void)parse_framework_toml(
            "[[node]]\ncode = \"R\"\n[[indicator]]\ncode = \"x\"\nparent = \"R\"\ndirection = \"up\"\n",
            "dir.toml");
      },
      "framework.bad_direction");
  ASSERT_TRUE(e);
  EXPECT_CONTAINS(std::string(e->what()), "dir.toml:6");
  EXPECT_CONTAINS(std::string(e->what()), "'up'");

  expect_error<framework_error>(
      [] { (void)parse_framework_toml("schema = \"tijian/framework/9\"\n", "s.toml"); }, "framework.schema");
  expect_error<framework_error>([] { (void)parse_framework_toml("[[node]]\nname_zh = \"x\"\n", "c.toml"); },
                                "framework.missing_key");
  expect_error<framework_error>(
      [] { (void)parse_framework_toml("[[node]]\ncode = \"R\"\naggregation = \"median\"\n", "a.toml"); },
      "framework.bad_aggregation");
  expect_error<framework_error>(
      [] {
        (void)parse_framework_toml(
            "[[node]]\ncode = \"R\"\n[[indicator]]\ncode = \"x\"\nparent = \"R\"\nband = [1]\n", "b.toml");
      },
      "framework.bad_band");
  expect_error<framework_error>(
      [] {
        (void)parse_framework_toml(
            "[[node]]\ncode = \"R\"\n[[indicator]]\ncode = \"x\"\nparent = \"R\"\n[[indicator.target]]\ncomparator = \"~\"\nvalue = 1\n",
            "t.toml");
      },
      "framework.bad_comparator");
  expect_error<framework_error>([] { (void)parse_framework_toml("node = 3\n", "n.toml"); },
                                "framework.wrong_type");
  expect_error<framework_error>([] { (void)parse_framework_toml("", "empty.toml"); }, "framework.empty");

  temp_dir dir;
  expect_error<framework_error>([&] { (void)load_framework(dir.write("f.txt", "x")); },
                                "framework.file_type");
  auto r = expect_error<framework_error>([&] { (void)load_framework(dir.file("absent.toml")); }, "io.read");
  ASSERT_TRUE(r);
  EXPECT_CONTAINS(std::string(r->what()), "absent.toml");
  const framework f = load_framework(dir.write("ok.toml", example_toml));
  EXPECT_EQ(f.leaves().size(), 4u);
}

// --- framework iMeta ------------------------------------------------------------------------

TEST(FrameworkImeta, LoadsTheAsemMetadata) {
  const framework f = load_framework(shared_data + "/asem/ASEM_iMeta.csv");
  EXPECT_EQ(f.leaves().size(), 49u);
  EXPECT_EQ(f.inner_nodes().size(), 11u);
  int pillars = 0, subindices = 0, roots = 0;
  for (std::size_t i : f.inner_nodes()) {
    if (f.level(i) == 2) ++pillars;
    if (f.level(i) == 3) ++subindices;
    if (f.level(i) == 4) ++roots;
    EXPECT_EQ(f.node(i).declared, node_spec::kind::aggregate);
  }
  EXPECT_EQ(pillars, 8);
  EXPECT_EQ(subindices, 2);
  EXPECT_EQ(roots, 1);
  EXPECT_EQ(f.node(f.root()).code, "Index");
  EXPECT_EQ(f.max_level(), 4);
  for (std::size_t i : f.leaves()) EXPECT_EQ(f.level(i), 1);
  EXPECT_NEAR(f.effective_weights().sum(), 1.0, 1e-12);
  EXPECT_EQ(f.level(f.at("Conn")), 3);
  EXPECT_EQ(f.node(f.at("Physical")).parent, "Conn");

  const node_spec& lpi = f.node(f.at("LPI"));
  EXPECT_EQ(lpi.name_en, "Logistics Performance Index");
  EXPECT_EQ(lpi.unit, "Score 1-5");
  EXPECT_EQ(lpi.where.line, 2u);
  ASSERT_EQ(lpi.targets.size(), 1u);
  EXPECT_EQ(lpi.targets[0].cmp, comparator::at_least);
  EXPECT_EQ(lpi.targets[0].value, 4.1180313499999999);
  const node_spec& neet = f.node(f.at("NEET"));
  EXPECT_EQ(neet.dir, direction::lower_is_better);
  EXPECT_EQ(neet.targets.at(0).cmp, comparator::at_most);

  // Round trip of a real framework through TOML.
  EXPECT_EQ(parse_framework_toml(to_toml(f), "asem.toml").describe(), f.describe());
}

const char* const imeta_header = "Level,iCode,iName,Direction,Weight,Unit,Target,Denominator,Parent,Type\n";

TEST(FrameworkImeta, ExtensionsAndSkippedRows) {
  const std::string text =
      std::string(
          "Level,iCode,iName,name_zh,Direction,Weight,Unit,Target,Parent,Type,"
          "IndicatorType,Comparator,TargetUpper,TargetYear,TargetSource,"
          "band_lower,band_upper,goalpost_lower,goalpost_upper,goalpost_scale,Source\n") +
      "1,green,Green cover,绿化覆盖率,1,2,%,40,ECO,Indicator,bottom_line,,,2025,plan,,,20,85,,yearbook\n"
      "1,dens,Density,密度,band,1,,0.8,ECO,Indicator,,band,1.2,,,0.5,1.5,,,,\n"
      "2,ECO,Ecology,生态,,1,,,IDX,Aggregate,,,,,,,,,,,\n"
      "3,IDX,Index,指数,,1,,,,Aggregate,,,,,,,,,,,\n"
      ",pop,Population,,,,,,,Denominator,,,,,,,,,,,\n"
      ",size_group,Size,,,,,,,Group,,,,,,,,,,,\n";
  const framework f = parse_framework_imeta(text, "ext.csv");
  EXPECT_EQ(f.size(), 4u);
  const node_spec& g = f.node(f.at("green"));
  EXPECT_EQ(g.name_zh, "绿化覆盖率");
  EXPECT_EQ(g.type, indicator_type::bottom_line);
  EXPECT_EQ(g.targets.at(0).year, 2025);
  EXPECT_EQ(g.targets.at(0).source, "plan");
  EXPECT_EQ(g.data_source, "yearbook");
  ASSERT_TRUE(g.posts);
  EXPECT_EQ(g.posts->lower, 20.0);
  const node_spec& d = f.node(f.at("dens"));
  EXPECT_EQ(d.dir, direction::target_band);
  EXPECT_EQ(d.targets.at(0).cmp, comparator::within_band);
  EXPECT_EQ(d.targets.at(0).upper, 1.2);
  EXPECT_EQ(d.band_upper, 1.5);

  // The same table saved by Chinese Excel (GB18030).
  const framework h = parse_framework_imeta(to_gb18030(text), "ext_gbk.csv");
  EXPECT_EQ(h.node(h.at("green")).name_zh, "绿化覆盖率");
  EXPECT_EQ(h.describe(), f.describe());
}

TEST(FrameworkImeta, Errors) {
  const std::string tail = "2,P,Pillar,1,1,,,,R,Aggregate\n3,R,Root,1,1,,,,,Aggregate\n";
  auto e = expect_error<framework_error>(
      [&] {
        (void)parse_framework_imeta(std::string(imeta_header) + "2,x,X,1,1,,,,P,Indicator\n" + tail,
                                    "lvl.csv");
      },
      "framework.bad_level");
  ASSERT_TRUE(e);
  EXPECT_CONTAINS(std::string(e->what()), "lvl.csv:2:1");
  EXPECT_CONTAINS(std::string(e->what()), "node 'x'");

  e = expect_error<framework_error>(
      [&] {
        (void)parse_framework_imeta(std::string(imeta_header) + "1,x,X,1,1,,,,P,Indicator\n" +
                                        "2,P,Pillar,1,1,,,,R,Aggregate\n2,R,Root,1,1,,,,,Aggregate\n",
                                    "lvl2.csv");
      },
      "framework.bad_level");
  ASSERT_TRUE(e);
  EXPECT_CONTAINS(std::string(e->what()), "lvl2.csv:3");
  EXPECT_CONTAINS(std::string(e->what()), "node 'P'");
  EXPECT_CONTAINS(std::string(e->what()), "parent 'R'");

  e = expect_error<framework_error>(
      [&] {
        (void)parse_framework_imeta(std::string(imeta_header) + "1,x,X,up,1,,,,P,Indicator\n" + tail,
                                    "dir.csv");
      },
      "framework.bad_direction");
  ASSERT_TRUE(e);
  EXPECT_CONTAINS(std::string(e->what()), "dir.csv:2:4");
  EXPECT_CONTAINS(std::string(e->what()), "node 'x'");

  e = expect_error<framework_error>(
      [&] {
        (void)parse_framework_imeta(std::string(imeta_header) + "1,x,X,,1,,,,P,Indicator\n" + tail,
                                    "dir.csv");
      },
      "framework.bad_direction");

  e = expect_error<framework_error>(
      [&] {
        (void)parse_framework_imeta(std::string(imeta_header) + "1,x,X,1,heavy,,,,P,Indicator\n" + tail,
                                    "w.csv");
      },
      "framework.bad_weight");
  ASSERT_TRUE(e);
  EXPECT_CONTAINS(std::string(e->what()), "w.csv:2:5");
  EXPECT_CONTAINS(std::string(e->what()), "\"heavy\"");

  e = expect_error<framework_error>(
      [&] {
        (void)parse_framework_imeta(std::string(imeta_header) + "1,x,X,1,1,,,,P,Leaf\n" + tail, "t.csv");
      },
      "framework.bad_node_type");
  ASSERT_TRUE(e);
  EXPECT_CONTAINS(std::string(e->what()), "t.csv:2:10");

  e = expect_error<framework_error>(
      [&] {
        (void)parse_framework_imeta(std::string(imeta_header) + "1,x,X,1,1,,,,Q,Indicator\n" + tail, "p.csv");
      },
      "framework.unknown_parent");
  ASSERT_TRUE(e);
  EXPECT_CONTAINS(std::string(e->what()), "p.csv:2");
  EXPECT_CONTAINS(std::string(e->what()), "node 'x'");

  e = expect_error<framework_error>(
      [&] { (void)parse_framework_imeta("Level,iCode,Direction,Wieght,Parent,Type\n", "col.csv"); },
      "framework.unknown_column");
  ASSERT_TRUE(e);
  EXPECT_CONTAINS(std::string(e->what()), "col.csv:1:4");
  EXPECT_CONTAINS(std::string(e->what()), "'Wieght'");

  e = expect_error<framework_error>(
      [&] { (void)parse_framework_imeta("Level,iCode,Direction,Parent,Type\n", "col.csv"); },
      "framework.missing_column");
  ASSERT_TRUE(e);
  EXPECT_CONTAINS(std::string(e->what()), "'Weight'");

  e = expect_error<framework_error>(
      [&] { (void)parse_framework_imeta(std::string(imeta_header) + "1,x,X,1,1\n" + tail, "fc.csv"); },
      "framework.field_count");
  ASSERT_TRUE(e);
  EXPECT_CONTAINS(std::string(e->what()), "fc.csv:2");

  expect_error<framework_error>(
      [&] {
        (void)parse_framework_imeta(std::string(imeta_header) +
                                        "2,P,Pillar,1,1,,5,,R,Aggregate\n3,R,Root,1,1,,,,,Aggregate\n",
                                    "tg.csv");
      },
      "framework.bad_target");
  expect_error<framework_error>([&] { (void)parse_framework_imeta("", "e.csv"); }, "framework.empty");
  expect_error<framework_error>([&] { (void)parse_framework_imeta("\x80\x80\xFF", "enc.csv"); },
                                "framework.encoding");
}

// --- recipes --------------------------------------------------------------------------------

recipe unusual_recipe_1() {
  recipe r;
  r.unknown = unknown_columns::ignore;
  r.normalise.method = normalisation_method::efficacy;
  r.normalise.lower = -1.5;
  r.normalise.upper = 1e300;
  r.normalise.cap = 1.2;
  r.normalise.ties = tie_rule::dense;
  r.normalise.reference_unit = "青岛 \"QD\"";
  r.normalise.constant = constant_policy::top;
  r.normalise.fit = fit_scope::one_period;
  r.normalise.fit_period = "2020";
  r.normalise.target_year = 2035;
  normalisation g;
  g.method = normalisation_method::goalposts;
  g.scale = 100;
  r.normalise_by_indicator["pm2.5"] = g;
  normalisation z;
  z.method = normalisation_method::z_score;
  z.mean = 0.1 + 0.2;
  z.sd = 1.0 / 3.0;
  r.normalise_by_indicator["x y"] = z;
  r.weights.method = weighting_method::critic;
  r.weights.scope = weight_scope::all_indicators;
  r.weights.input = weight_input::raw;
  r.weights.zeros = entropy_zeros::compress;
  r.weights.entropy_shift = 2e-5;
  r.weights.correlation = correlation_kind::kendall;
  r.weights.critic_dirs = critic_directions::ignore_direction;
  r.weights.conflict = critic_conflict::one_minus_abs_r;
  r.weights.pca = pca_form::absolute_loadings;
  r.weights.ahp_weights = ahp_method::column_normalised;
  r.weights.ri = ri_table::textbook;
  r.weights.inconsistent = inconsistency_policy::error;
  r.weights.combine = weight_combination::game_theory;
  r.weights.alpha = 0.25;
  r.weights.game_norm = game_theory_norm::signed_sum;
  r.weights.fit_period = "2021";
  r.weights.overrides["ECO"] = 2.5;
  r.weights.overrides["LIFE"] = 0;
  Eigen::MatrixXd m(3, 3);
  m << 1, 3, 5, 1.0 / 3, 1, 2, 0.2, 0.5, 1;
  r.weights.ahp["GCI"] = m;
  r.aggregate.method = aggregation_method::geometric;
  r.aggregate.zeros = geometric_zeros::floor;
  r.aggregate.zero_floor = 1e-9;
  r.aggregate_by_level[2] = aggregation{aggregation_method::power_mean, -0.5, geometric_zeros::error, 1e-6};
  r.aggregate_by_level[3] = aggregation{aggregation_method::copeland, 1, geometric_zeros::give_zero, 1e-6};
  r.aggregate_by_node["ECO"] = aggregation{aggregation_method::harmonic, 1, geometric_zeros::give_zero, 1e-6};
  r.missing.policy = missing_policy::require_share;
  r.missing.min_share = 0.75;
  r.ties = tie_rule::average;
  r.ranks = rank_scope::pooled;
  r.grades.thresholds = {60, 80};
  r.grades.labels = {"不足", "中等", "优良"};
  return r;
}

recipe unusual_recipe_2() {
  recipe r;
  r.normalise.method = normalisation_method::distance_to_reference;
  r.normalise.reference_unit = "BJ";
  r.normalise.cap = nan;
  r.normalise.scale = 100;
  r.weights.method = weighting_method::entropy;
  r.weights.zeros = entropy_zeros::log_epsilon;
  r.weights.entropy_log_epsilon = 1e-12;
  r.missing.policy = missing_policy::propagate;
  r.ties = tie_rule::dense;
  return r;
}

TEST(RecipeToml, RoundTripsDescribe) {
  for (const recipe& r : {recipe{}, unusual_recipe_1(), unusual_recipe_2()}) {
    const std::string text = describe(r);
    const recipe back = parse_recipe_toml(text, "r.toml");
    EXPECT_EQ(describe(back), text);
  }
  const recipe a = parse_recipe_toml(describe(unusual_recipe_1()), "r.toml");
  EXPECT_EQ(a.normalise.method, normalisation_method::efficacy);
  EXPECT_EQ(a.normalise_by_indicator.at("x y").mean, 0.1 + 0.2);
  EXPECT_EQ(a.weights.ahp.at("GCI")(1, 0), 1.0 / 3);
  EXPECT_EQ(a.aggregate_by_level.at(2).p, -0.5);
  EXPECT_EQ(a.grades.labels.at(2), "优良");
  EXPECT_TRUE(std::isnan(parse_recipe_toml(describe(unusual_recipe_2()), "r.toml").normalise.cap));

  // Every key is optional; an empty file is the default recipe.
  EXPECT_EQ(describe(parse_recipe_toml("", "empty.toml")), describe(recipe{}));
  // Per-indicator overrides inherit what they do not name from [normalise]; entries of
  // [aggregate.by_node] from [aggregate]; a method name alone is accepted.
  const recipe b = parse_recipe_toml(
      "[normalise]\nmethod = \"min_max\"\nupper = 1\n[normalise.by_indicator.x]\nmethod = \"rank\"\n"
      "[aggregate]\nzeros = \"error\"\n[aggregate.by_node]\nA = \"geometric\"\n",
      "b.toml");
  EXPECT_EQ(b.normalise_by_indicator.at("x").method, normalisation_method::rank);
  EXPECT_EQ(b.normalise_by_indicator.at("x").upper, 1.0);
  EXPECT_EQ(b.aggregate_by_node.at("A").method, aggregation_method::geometric);
  EXPECT_EQ(b.aggregate_by_node.at("A").zeros, geometric_zeros::error);
  temp_dir dir;
  EXPECT_EQ(describe(load_recipe(dir.write("r.toml", describe(unusual_recipe_1())))),
            describe(unusual_recipe_1()));
}

TEST(RecipeToml, Errors) {
  auto e = expect_error<recipe_error>(
      [] { (void)parse_recipe_toml("[weights]\nmethod = \"entropy\"\nmethd = 1\n", "r.toml"); },
      "recipe.unknown_key");
  ASSERT_TRUE(e);
  EXPECT_CONTAINS(std::string(e->what()), "r.toml:3");
  EXPECT_CONTAINS(std::string(e->what()), "'methd'");
  EXPECT_CONTAINS(std::string(e->what()), "accepted keys: method");

  e = expect_error<recipe_error>(
      [] { (void)parse_recipe_toml("\n[normalise]\nmethod = \"minmax2\"\n", "r.toml"); }, "recipe.bad_value");
  ASSERT_TRUE(e);
  EXPECT_CONTAINS(std::string(e->what()), "r.toml:3");
  EXPECT_CONTAINS(std::string(e->what()), "'minmax2'");
  EXPECT_CONTAINS(std::string(e->what()), "min_max, z_score, goalposts");
  // every code of the enum's one name table, the last after "or"
  EXPECT_CONTAINS(std::string(e->what()), "distance_to_reference, vector or sum");
  // older spellings (COINr's function names) are accepted in any case, never written
  const recipe coinr = parse_recipe_toml(
      "[normalise]\nmethod = \"N_MinMax\"\n[aggregate]\nmethod = \"a_gmean\"\nzeros = \"zero\"\n", "c.toml");
  EXPECT_EQ(coinr.normalise.method, normalisation_method::min_max);
  EXPECT_EQ(coinr.aggregate.method, aggregation_method::geometric);
  EXPECT_EQ(coinr.aggregate.zeros, geometric_zeros::give_zero);
  EXPECT_CONTAINS(describe(coinr), "method = \"min_max\"");
  e = expect_error<recipe_error>([] { (void)parse_recipe_toml("[ranks]\nscope = \"global\"\n", "r.toml"); },
                                 "recipe.bad_value");
  ASSERT_TRUE(e);
  EXPECT_CONTAINS(std::string(e->what()), "accepted: per_period or pooled");  // codes_of<rank_scope>

  e = expect_error<recipe_error>(
      [] { (void)parse_recipe_toml("[missing]\nmin_share = \"half\"\n", "r.toml"); }, "recipe.wrong_type");
  ASSERT_TRUE(e);
  EXPECT_CONTAINS(std::string(e->what()), "r.toml:2");
  EXPECT_CONTAINS(std::string(e->what()), "min_share");

  e = expect_error<recipe_error>([] { (void)parse_recipe_toml("[weights\n", "syn.toml"); }, "recipe.syntax");
  ASSERT_TRUE(e);
  EXPECT_CONTAINS(std::string(e->what()), "syn.toml:1");

  e = expect_error<recipe_error>(
      [] { (void)parse_recipe_toml("[weights.ahp]\nGCI = [[1, 2], [0.5]]\n", "ahp.toml"); },
      "recipe.ahp_matrix");
  ASSERT_TRUE(e);
  EXPECT_CONTAINS(std::string(e->what()), "ahp.toml:2");
  EXPECT_CONTAINS(std::string(e->what()), "'GCI'");

  e = expect_error<recipe_error>(
      [] {
        (void)parse_recipe_toml("[grades]\nthresholds = [80, 60]\nlabels = [\"a\", \"b\", \"c\"]\n",
                                "g.toml");
      },
      "recipe.grades");
  ASSERT_TRUE(e);
  EXPECT_CONTAINS(std::string(e->what()), "g.toml:1");

  expect_error<recipe_error>(
      [] { (void)parse_recipe_toml("[aggregate.by_level]\ntwo = \"geometric\"\n", "l.toml"); },
      "recipe.bad_value");
  expect_error<recipe_error>(
      [] {
        (void)parse_recipe_toml("[aggregate.by_node]\nA = { method = \"geometric\", qq = 1 }\n", "l.toml");
      },
      "recipe.unknown_key");
  expect_error<recipe_error>([] { (void)parse_recipe_toml("normalise = 1\n", "n.toml"); },
                             "recipe.wrong_type");
  expect_error<recipe_error>([] { (void)parse_recipe_toml("schema = \"other\"\n", "n.toml"); },
                             "recipe.schema");
  expect_error<recipe_error>([] { (void)parse_recipe_toml("[normalise]\ntarget_year = 1.5\n", "n.toml"); },
                             "recipe.wrong_type");
  temp_dir dir;
  expect_error<recipe_error>([&] { (void)load_recipe(dir.file("absent.toml")); }, "io.read");
}

// --- results --------------------------------------------------------------------------------

result small_result(bool with_grades) {
  result r;
  r.framework = parse_framework_toml(example_toml, "fw.toml");
  const framework& f = r.framework;
  r.units = {"QD", "JN", "WH"};
  r.unit_names = {"青岛", "济宁, \"Jining\"", ""};
  r.periods = {"2022", "2022", "2022"};
  r.indicators = f.indicator_codes();
  for (std::size_t i : f.inner_nodes()) r.nodes.push_back(f.node(i).code);
  r.normalised.resize(3, 4);
  r.normalised << 0.1, 0.2, nan, 1.0 / 3.0,  //
      1e-300, 50, 60, 70,                    //
      100, 0, 0.1 + 0.2, nan;
  r.scores.resize(3, 3);
  r.scores << 55.5, 1.0 / 7.0, 80,  //
      nan, 40, nan,                 //
      70.25, 33, 12;
  r.ranks.resize(3, 3);
  r.ranks << 2, 2, 1,  //
      nan, 1, nan,     //
      1, 2.5, 2;
  if (with_grades) r.grades = {{"中等", "不足", "优良"}, {"", "不足", ""}, {"中等", "不足", "不足"}};
  r.weights = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(f.size()));
  for (std::size_t i = 0; i < f.size(); ++i) r.weights[static_cast<Eigen::Index>(i)] = f.weight_in_parent(i);
  r.effective_weights = f.effective_weights();
  r.diagnostics.push_back(diagnostic{"normalise", "normalise.constant", severity::warning, "pm25", "", "2022",
                                     "indicator is constant", 3, "指标为常数"});
  r.origin.library_version = "0.1.0";
  r.origin.framework_hash = f.hash();
  r.origin.data_hash = "0123456789abcdef";
  r.origin.recipe_hash = "fedcba9876543210";
  r.origin.recipe_text = describe(recipe{});
  r.origin.framework_source = "fw.toml";
  r.origin.data_source = "data.csv";
  return r;
}

TEST(ResultIo, WritesCsv) {
  temp_dir dir;
  const result r = small_result(true);
  const std::string path = dir.file("out.csv");
  write_result_csv(r, path);
  const std::string text = slurp(path);
  EXPECT_NE(text.substr(0, 3), "\xEF\xBB\xBF");
  std::istringstream lines(text);
  std::string header, row1, row2;
  std::getline(lines, header);
  std::getline(lines, row1);
  std::getline(lines, row2);
  EXPECT_EQ(header,
            "unit,name,period,GCI_score,GCI_rank,GCI_grade,ECO_score,ECO_rank,ECO_grade,LIFE_score,"
            "LIFE_rank,LIFE_grade,green_cover_norm,density_norm,pm25_norm,commute_norm");
  EXPECT_EQ(row1,
            "QD,青岛,2022,55.5,2,中等,0.14285714285714285,2,不足,80,1,优良,0.1,0.2,,0.3333333333333333");
  EXPECT_EQ(row2, "JN,\"济宁, \"\"Jining\"\"\",2022,,,,40,1,不足,,,,1e-300,50,60,70");
  EXPECT_EQ(dir.count(), 1u);  // no temporary file left

  // Without grades the table reads back as a panel, numbers bit for bit.
  const result s = small_result(false);
  write_result_csv(s, path);  // replaces the existing file
  const panel p = read_panel_csv(path);
  ASSERT_EQ(p.rows(), 3);
  EXPECT_EQ(p.unit_names, s.unit_names);
  EXPECT_EQ(p.indicators.size(), 3u * 2u + 4u);
  EXPECT_EQ(p.values(2, p.column("pm25_norm")), 0.1 + 0.2);
  EXPECT_EQ(p.values(0, p.column("ECO_score")), 1.0 / 7.0);
  EXPECT_EQ(p.values(2, p.column("ECO_rank")), 2.5);
  EXPECT_TRUE(std::isnan(p.values(1, p.column("GCI_score"))));
  EXPECT_EQ(dir.count(), 1u);
}

TEST(ResultIo, WritesJson) {
  temp_dir dir;
  const result r = small_result(true);
  const std::string path = dir.file("out.json");
  write_result_json(r, path);
  const auto j = nlohmann::json::parse(slurp(path));
  EXPECT_EQ(j["provenance"]["library_version"], "0.1.0");
  EXPECT_EQ(j["provenance"]["framework_hash"], r.framework.hash());
  EXPECT_EQ(j["provenance"]["recipe"], describe(recipe{}));
  EXPECT_EQ(j["provenance"]["data_source"], "data.csv");
  // scores: one object per row, the columns of the CSV table
  const auto& rows = j["scores"];
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0]["unit"], "QD");
  EXPECT_EQ(rows[1]["unit"], "JN");
  EXPECT_EQ(rows[2]["unit"], "WH");
  EXPECT_EQ(rows[1]["name"], "济宁, \"Jining\"");
  EXPECT_EQ(rows[0]["period"], "2022");
  ASSERT_EQ(j["nodes"].size(), 7u);
  EXPECT_TRUE(j["nodes"][0]["parent"].is_null());
  EXPECT_EQ(j["nodes"][0]["code"], "GCI");
  EXPECT_EQ(j["nodes"][0]["name_zh"], "绿色城市指数");
  EXPECT_EQ(j["nodes"][0]["kind"], "aggregate");
  EXPECT_EQ(j["nodes"][0]["level"], 3);
  EXPECT_TRUE(j["nodes"][0]["effective_weight"].is_null());
  double eff_sum = 0;
  for (const auto& n : j["nodes"])
    if (n["kind"] == "indicator") eff_sum += n["effective_weight"].get<double>();
  EXPECT_NEAR(eff_sum, 1.0, 1e-15);
  EXPECT_DOUBLE_EQ(j["nodes"][1]["weight"].get<double>(), 0.3);
  EXPECT_EQ(rows[0]["GCI_score"].get<double>(), 55.5);
  EXPECT_TRUE(rows[1]["GCI_score"].is_null());
  EXPECT_EQ(rows[0]["ECO_score"].get<double>(), 1.0 / 7.0);
  EXPECT_EQ(rows[0]["GCI_rank"].get<double>(), 2.0);
  EXPECT_TRUE(rows[1]["GCI_rank"].is_null());
  EXPECT_EQ(rows[2]["ECO_rank"].get<double>(), 2.5);
  EXPECT_EQ(rows[0]["LIFE_grade"], "优良");
  EXPECT_TRUE(rows[0]["pm25_norm"].is_null());
  EXPECT_EQ(rows[2]["pm25_norm"].get<double>(), 0.1 + 0.2);
  EXPECT_EQ(rows[1]["green_cover_norm"].get<double>(), 1e-300);
  ASSERT_EQ(j["diagnostics"].size(), 1u);
  EXPECT_EQ(j["diagnostics"][0]["id"], "normalise.constant");
  EXPECT_EQ(j["diagnostics"][0]["level"], "warning");
  EXPECT_EQ(j["diagnostics"][0]["count"], 3);
  EXPECT_EQ(j["diagnostics"][0]["node"], "pm25");
  // Key order is the documented one.
  std::vector<std::string> keys;
  const auto ordered = nlohmann::ordered_json::parse(slurp(path));
  for (auto it = ordered.begin(); it != ordered.end(); ++it) keys.push_back(it.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"provenance", "scores", "nodes", "contributions", "prepared",
                                            "denominations", "screening", "imputations", "treatment",
                                            "treated_cells", "not_applicable", "fuzzy_memberships",
                                            "diagnostics", "schema"}));
  // the schema describes each column once: the score of the index is in score points
  EXPECT_EQ(j["schema"]["scores"]["columns"][3]["name"], "GCI_score");
  EXPECT_EQ(j["schema"]["scores"]["columns"][3]["unit"]["en"], "score points");
  EXPECT_EQ(result_to_json(r), slurp(path));
  EXPECT_FALSE(small_result(false).grades.size());
  EXPECT_FALSE(nlohmann::json::parse(result_to_json(small_result(false)))["scores"][0].contains("GCI_grade"));
  EXPECT_EQ(dir.count(), 1u);
}

// The JSON document reads back into the same result: every matrix bit for bit (NaN where NaN),
// every label, weight, grade, diagnostic and provenance field.
TEST(ResultIo, JsonReadsBackBitForBit) {
  for (bool grades : {true, false}) {
    const result r = small_result(grades);
    const result back = read_result_json(result_to_json(r), r.framework);
    auto same = [](const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
      if (a.rows() != b.rows() || a.cols() != b.cols()) return false;
      for (Eigen::Index i = 0; i < a.size(); ++i)
        if (!(a.data()[i] == b.data()[i] || (std::isnan(a.data()[i]) && std::isnan(b.data()[i]))))
          return false;
      return true;
    };
    EXPECT_EQ(back.units, r.units);
    EXPECT_EQ(back.unit_names, r.unit_names);
    EXPECT_EQ(back.periods, r.periods);
    EXPECT_EQ(back.nodes, r.nodes);
    EXPECT_EQ(back.indicators, r.indicators);
    EXPECT_TRUE(same(back.scores, r.scores));
    EXPECT_TRUE(same(back.ranks, r.ranks));
    EXPECT_TRUE(same(back.normalised, r.normalised));
    EXPECT_TRUE(same(back.weights, r.weights));
    EXPECT_TRUE(same(back.effective_weights, r.effective_weights));
    EXPECT_EQ(back.grades, r.grades);
    ASSERT_EQ(back.diagnostics.size(), 1u);
    EXPECT_EQ(back.diagnostics[0].id, "normalise.constant");
    EXPECT_EQ(back.diagnostics[0].level, severity::warning);
    EXPECT_EQ(back.diagnostics[0].count, 3u);
    EXPECT_EQ(back.origin.recipe_text, r.origin.recipe_text);
    EXPECT_EQ(back.origin.data_source, "data.csv");
    // written again, the same text
    EXPECT_EQ(result_to_json(back), result_to_json(r));
  }
  expect_error<error>([] { (void)read_result_json("{\"scores\": []}", small_result(false).framework); },
                      "io.json");
}

/// A two-period result with two nodes scored with fuzzy comprehensive evaluation (under different
/// operators), one missing value and memberships that are not short decimals (thirds).
result fuzzy_result() {
  const framework f = parse_framework_toml(R"(schema = "tijian/framework/1"
[[node]]
code = "IDX"
[[node]]
code = "D1"
parent = "IDX"
[[node]]
code = "D2"
parent = "IDX"
[[indicator]]
code = "a"
parent = "D1"
[[indicator]]
code = "b"
parent = "D1"
weight = 2
[[indicator]]
code = "c"
parent = "D2"
)",
                                           "fw.toml");
  const recipe rec = parse_recipe_toml(R"([aggregate.by_node]
D1 = { method = "fuzzy" }
D2 = { method = "fuzzy", fuzzy_operator = "min_max" }
[fuzzy]
grades = ["good", "fair", "poor"]
values = [90.0, 70.0, 40.0]
[fuzzy.standards]
a = [3.0, 2.0, 1.0]
b = [10.0, 20.0, 30.0]
c = [0.9, 0.5, 0.1]
)",
                                       "r.toml");
  panel p;
  p.units = {"u1", "u2", "u3", "u1", "u2", "u3"};
  p.periods = {"2021", "2021", "2021", "2022", "2022", "2022"};
  p.indicators = {"a", "b", "c"};
  p.values.resize(6, 3);
  p.values << 7.0 / 3, 13.0, 0.8, 1.1, nan, 0.2, 2.9, 29.0, 0.5, 1.0 / 3, 11.0, 0.7, 2.0, 20.0, 0.1, 3.0,
      10.0 / 3, 0.9;
  p.validate();
  return score(f, p, rec);
}

bool same_cells(const table& a, const table& b) {
  if (a.columns.size() != b.columns.size() || a.rows() != b.rows()) return false;
  for (std::size_t c = 0; c < a.columns.size(); ++c) {
    const column &x = a.columns[c], &y = b.columns[c];
    if (x.name != y.name || x.type != y.type) return false;
    for (std::size_t i = 0; i < a.rows(); ++i) {
      if (x.is_missing(i) != y.is_missing(i)) return false;
      if (x.is_missing(i)) continue;
      if (x.type == column_type::real   ? x.reals[i] != y.reals[i]
          : x.type == column_type::text ? x.texts[i] != y.texts[i]
                                        : x.integers[i] != y.integers[i])
        return false;
    }
  }
  return true;
}

// The fuzzy memberships are kept by the JSON document: read back, the fuzzy table of every fuzzy
// node is the same to the last bit (the writer writes the shortest text that reads back to the
// same double), and a document without them (an older file) says so by the id fuzzy.not_fuzzy.
TEST(ResultIo, FuzzyMembershipsReadBackBitForBit) {
  const result r = fuzzy_result();
  ASSERT_EQ(r.fuzzy_memberships.size(), 2u);
  const std::string text = result_to_json(r);
  const result back = read_result_json(text, r.framework);
  for (const char* node : {"D1", "D2"}) {
    EXPECT_TRUE(same_cells(fuzzy_table(back, node), fuzzy_table(r, node))) << node;
    const Eigen::MatrixXd &b = back.fuzzy_memberships.at(node), &a = r.fuzzy_memberships.at(node);
    ASSERT_EQ(b.rows(), 6);
    ASSERT_EQ(b.cols(), 3);
    for (Eigen::Index i = 0; i < a.size(); ++i)
      EXPECT_TRUE(a.data()[i] == b.data()[i] || (std::isnan(a.data()[i]) && std::isnan(b.data()[i])));
  }
  // u1 2021 under M(·,+): a = 7/3 is 1/3 good, 2/3 fair; b = 13 is 0.7 good, 0.3 fair; weights 1/3, 2/3
  EXPECT_NEAR(r.fuzzy_memberships.at("D1")(0, 0), (1.0 / 3) / 3 + 2 * 0.7 / 3, 1e-15);
  EXPECT_EQ(back.fuzzy_grades, (std::vector<std::string>{"good", "fair", "poor"}));
  EXPECT_EQ(back.fuzzy_values, (std::vector<double>{90.0, 70.0, 40.0}));
  EXPECT_EQ(result_to_json(back), text);
  // the long table: 2 nodes x 6 rows x 3 grades
  EXPECT_EQ(fuzzy_memberships_table(r).rows(), 36u);
  EXPECT_EQ(fuzzy_memberships_table(small_result(false)).rows(), 0u);

  // an older file (no fuzzy_memberships table): the table is refused with its id, naming the node
  auto doc = nlohmann::ordered_json::parse(text);
  doc.erase("fuzzy_memberships");
  doc["schema"].erase("fuzzy_memberships");
  const result old = read_result_json(doc.dump(), r.framework);
  auto e = expect_error<recipe_error>([&] { (void)fuzzy_table(old, "D1"); }, "fuzzy.not_fuzzy");
  if (e) {
    EXPECT_CONTAINS(std::string(e->what()), "'D1'");
  }
  // a tampered file (a row moved to another unit) is refused, not read into the wrong row
  doc = nlohmann::ordered_json::parse(text);
  doc["fuzzy_memberships"][4]["unit"] = "u3";
  expect_error<error>([&] { (void)read_result_json(doc.dump(), r.framework); }, "result.shape");
}

TEST(ResultIo, FailedWritesLeaveNothingBehind) {
  temp_dir dir;
  const result r = small_result(true);
  const std::string missing_dir = dir.file("no_such_dir") + "/out.csv";
  auto e = expect_error<error>([&] { write_result_csv(r, missing_dir); }, "io.write");
  ASSERT_TRUE(e);
  EXPECT_CONTAINS(std::string(e->what()), missing_dir);
  EXPECT_FALSE(fs::exists(missing_dir));

  fs::create_directory(dir.file("a_directory"));
  e = expect_error<error>([&] { write_result_json(r, dir.file("a_directory")); }, "io.write");
  ASSERT_TRUE(e);
  EXPECT_CONTAINS(std::string(e->what()), "a_directory");
  EXPECT_TRUE(fs::is_directory(dir.file("a_directory")));
  EXPECT_TRUE(fs::is_empty(dir.file("a_directory")));
  EXPECT_EQ(dir.count(), 1u);

  // A non-empty directory in the way: refused, left alone.
  fs::create_directories(dir.file("busy/x"));
  e = expect_error<error>([&] { write_result_csv(r, dir.file("busy")); }, "io.write");
  EXPECT_EQ(dir.count(), 2u);

  // An inconsistent result is refused before anything is written.
  result bad = r;
  bad.units.pop_back();
  expect_error<error>([&] { write_result_csv(bad, dir.file("bad.csv")); }, "result.shape");
  EXPECT_FALSE(fs::exists(dir.file("bad.csv")));
}

// --- robustness -----------------------------------------------------------------------------

/// Calls f on the input; anything but success or a tijian::error fails the test.
template <class F>
void survives(F&& f, const std::string& input) {
  try {
    f(input);
  } catch (const tijian::error&) {
  } catch (const std::exception& e) {
    ADD_FAILURE() << "non-tijian exception " << e.what() << " for input of " << input.size() << " bytes";
  }
}

std::string mutate(std::string s, std::mt19937& rng) {
  std::uniform_int_distribution<int> op(0, 3), byte(0, 255);
  const int edits = 1 + static_cast<int>(rng() % 4);
  for (int k = 0; k < edits; ++k) {
    const std::size_t at = s.empty() ? 0 : rng() % s.size();
    switch (op(rng)) {
      case 0:
        if (!s.empty()) s[at] = static_cast<char>(byte(rng));
        break;
      case 1: s.insert(s.begin() + static_cast<std::ptrdiff_t>(at), static_cast<char>(byte(rng))); break;
      case 2:
        if (!s.empty()) s.erase(at, 1 + rng() % 8);
        break;
      default: {
        const char* tokens[] = {"\"", ",", "\n", "[", "]", "=", "[[", "{", "}", "nan", "\xE2\x80", "#", "%"};
        s.insert(at, tokens[rng() % (sizeof tokens / sizeof *tokens)]);
      }
    }
  }
  return s;
}

TEST(Robustness, RandomBytesNeverCrash) {
  std::mt19937 rng(20240611);
  std::uniform_int_distribution<int> byte(0, 255);
  const std::string seeds[] = {
      "uCode,uName,Time,x,y\nA,a,2020,1,2\nB,\"b,c\",2020,NA,3.5e2\n",
      std::string(example_toml),
      std::string(imeta_header) +
          "1,x,X,1,1,,,,P,Indicator\n2,P,Pillar,1,1,,,,R,Aggregate\n3,R,Root,1,1,,,,,Aggregate\n",
      describe(unusual_recipe_1()),
  };
  csv_options lenient;
  lenient.numbers = number_format::lenient;
  auto all = [&](const std::string& input) {
    survives([](const std::string& s) { (void)parse_panel_csv(s, "fuzz.csv"); }, input);
    survives([&](const std::string& s) { (void)parse_panel_csv(s, "fuzz.csv", lenient); }, input);
    survives([](const std::string& s) { (void)parse_framework_toml(s, "fuzz.toml"); }, input);
    survives([](const std::string& s) { (void)parse_framework_imeta(s, "fuzz.csv"); }, input);
    survives([](const std::string& s) { (void)parse_recipe_toml(s, "fuzz.toml"); }, input);
  };
  for (int i = 0; i < 300; ++i) {
    std::string input(rng() % 200, '\0');
    for (char& c : input) c = static_cast<char>(byte(rng));
    all(input);
  }
  for (const auto& seed : seeds) {
    all(seed);
    for (int i = 0; i < 400; ++i) all(mutate(seed, rng));
  }
}

}  // namespace

// --- units and languages (issue 16) ------------------------------------------------------------

TEST(Units, EachLanguageWritesTheTablesSpelling) {
  EXPECT_EQ(unit_label("10^4 m²", language::zh), "万平方米");
  EXPECT_EQ(unit_label("10^4 m²", language::en), "10,000 m²");
  EXPECT_EQ(unit_label(" km ", language::zh), "公里");  // blanks around a unit do not matter
  EXPECT_EQ(unit_label("个", language::en), "items");
  EXPECT_EQ(unit_label("items", language::zh), "个");
  // not in the table: as written in both languages
  EXPECT_FALSE(is_known_unit("furlongs"));
  EXPECT_EQ(unit_label("furlongs", language::zh), "furlongs");
  EXPECT_EQ(unit_label("furlongs", language::en), "furlongs");
  EXPECT_TRUE(is_known_unit(""));
}

TEST(Units, EveryUnitOfTheBuiltInFrameworksIsInTheTable) {
  // a unit outside the table would be shown in English in a Chinese report
  for (const char* name : {"green-city", "green-city-demo"}) {
    const framework fw = preset_framework(name);
    for (const unknown_unit& u : unknown_units(fw)) ADD_FAILURE() << name << ": unit '" << u.unit << "'";
  }
}

TEST(Units, AFrameworkNodeMaySpellItsUnitAndUnknownUnitsAreReportedOnce) {
  const framework fw = parse_framework_toml(R"(
schema = "tijian/framework/1"
[[node]]
code = "I"
[[indicator]]
code = "a"
parent = "I"
unit = "furlongs"
[[indicator]]
code = "b"
parent = "I"
unit = "furlongs"
[[indicator]]
code = "c"
parent = "I"
unit = "hands"
unit_zh = "掌"
unit_en = "hands"
)",
                                            "units.toml");
  EXPECT_EQ(unit_label(fw.node(fw.at("c")), language::zh), "掌");
  EXPECT_EQ(unit_label(fw.node(fw.at("a")), language::zh), "furlongs");
  EXPECT_CONTAINS(to_toml(fw), "unit_zh = \"掌\"");
  const auto unknown = unknown_units(fw);  // "hands" is spelled by its node: not unknown
  ASSERT_EQ(unknown.size(), 1u);
  EXPECT_EQ(unknown[0].unit, "furlongs");
  EXPECT_EQ(unknown[0].indicators, (std::vector<std::string>{"a", "b"}));

  panel data;
  data.units = {"u1", "u2"};
  data.unit_names = {"", ""};
  data.periods = {"", ""};
  data.indicators = {"a", "b", "c"};
  data.values = Eigen::MatrixXd{{1, 2, 3}, {2, 1, 4}};
  const result r = score(fw, data);
  std::size_t notes = 0;
  for (const diagnostic& d : r.diagnostics)
    if (d.id == "data.unit_unknown") {
      ++notes;
      EXPECT_EQ(d.level, severity::info);
      EXPECT_EQ(d.count, 2u);
      EXPECT_CONTAINS(d.message, "furlongs");
      EXPECT_CONTAINS(d.message_zh, "计量单位 'furlongs'");
    }
  EXPECT_EQ(notes, 1u);
}

namespace {
enum class lamp { none, on, off };
}  // namespace
namespace tijian {
template <>
struct enum_names<lamp> {
  static constexpr const char* what = "lamp";
  static constexpr enum_name<lamp> entries[] = {{lamp::none, "none", "无", "none"},
                                                {lamp::on, "on", "亮", "on"},
                                                {lamp::off, "off", "灭", "off"}};
};
template <>
struct enum_no_value<lamp> {
  static constexpr lamp value = lamp::none;
};
}  // namespace tijian
namespace {

struct lamp_row {
  std::string unit;
  double area;
  std::string measure;
  lamp state;
  bool big;
  std::string name_zh, name_en;
};

table lamp_table() {
  const std::vector<lamp_row> rows = {{"qd", 1.5, "10^4 m²", lamp::on, true, "青岛", "Qingdao"},
                                      {"jn", nan, "km", lamp::none, false, "济南", "Jinan"}};
  table t("lamps", "灯", "Lamps");
  t.text("unit", {"城市", "Unit"}, rows, [](const lamp_row& r) { return r.unit; });
  t.real("area", {"面积", "Area"}, rows, [](const lamp_row& r) { return r.area; }).unit_column = "measure";
  t.text("measure", {"计量单位", "Unit of measure"}, rows, [](const lamp_row& r) { return r.measure; });
  t.real("share", {"比例", "Share", "%", "%"}, rows, [](const lamp_row& r) { return r.area * 10; });
  t.categorical<lamp>("state", {"状态", "State"}, rows,
                      [](const lamp_row& r) { return std::optional(r.state); });
  t.boolean("big", {"大", "Big"}, rows, [](const lamp_row& r) { return r.big; });
  t.text("name_zh", {"名称", "Name (Chinese)"}, rows, [](const lamp_row& r) {
     return r.name_zh;
   }).written_in = language::zh;
  t.text("name_en", {"名称（英文）", "Name"}, rows, [](const lamp_row& r) { return r.name_en; }).written_in =
      language::en;
  return t;
}

TEST(TableCsv, CodesForProgramsLabelsForPeopleInOneLanguage) {
  const table t = lamp_table();
  // the "no value" of the enum is not a category, and its cell is missing
  const column& state = *t.find("state");
  ASSERT_EQ(state.categories.size(), 2u);
  EXPECT_EQ(state.categories[0].code, "on");
  EXPECT_TRUE(state.is_missing(1));

  // codes: names, codes with their _zh companion, true/false, units as written, every column
  EXPECT_EQ(table_to_csv(t),
            "unit,area,measure,share,state,state_zh,big,name_zh,name_en\n"
            "qd,1.5,10^4 m²,15,on,亮,true,青岛,Qingdao\n"
            "jn,,km,,,,false,济南,Jinan\n");
  table_format zh{header_style::labels, language::zh, false};
  EXPECT_EQ(table_to_csv(t, zh),
            "城市,面积,计量单位,比例(%),状态,大,名称\n"
            "qd,1.5,万平方米,15,亮,是,青岛\n"
            "jn,,公里,,,否,济南\n");
  table_format en{header_style::labels, language::en, false};
  EXPECT_EQ(table_to_csv(t, en),
            "Unit,Area,Unit of measure,Share (%),State,Big,Name\n"
            "qd,1.5,\"10,000 m²\",15,on,yes,Qingdao\n"
            "jn,,km,,,no,Jinan\n");
}

TEST(TableCsv, TheByteOrderMarkOnlyWhenAsked) {
  temp_dir dir;
  document d;
  d.add(lamp_table());
  const std::string with = dir.write("with.csv", "");
  const std::string without = dir.write("without.csv", "");
  table_format excel;
  excel.bom = true;
  (void)write_document_csv(d, with, excel);
  (void)write_document_csv(d, without);
  auto first3 = [](const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    std::string b(3, '\0');
    f.read(b.data(), 3);
    return b;
  };
  EXPECT_EQ(first3(with), "\xEF\xBB\xBF");
  EXPECT_EQ(first3(without), "uni");
  // the JSON schema says which columns exist once per language; the "no value" is no category
  const auto j = nlohmann::json::parse(document_to_json(d));
  EXPECT_EQ(j["schema"]["lamps"]["columns"][6]["written_in"], "zh");
  EXPECT_EQ(j["schema"]["lamps"]["columns"][4]["categories"].size(), 2u);
  EXPECT_EQ(j["lamps"][1]["state"], nullptr);
}

// The JSON writer walks the tables without building a JSON tree. Its text must be what
// nlohmann's dump gives for the same content (compact, and indented with --pretty), also for
// text that needs escaping, invalid UTF-8, empty tables and groups, and numbers that need care.
TEST(DocumentJson, StreamedTextIsTheDumpOfItsContent) {
  const std::vector<std::string> texts = {"quote \" and \\ backslash", "line\nbreak\ttab\x01",
                                          "bad \xff byte", "中文"};
  const std::vector<double> numbers = {0.1, 1e300, -0.0, nan};
  table odd("odd", "怪", "Odd");
  odd.text("text", {"文本", "Text"}, texts, [](const std::string& v) { return v; });
  std::size_t k = 0;
  odd.real("x", {"数", "X"}, texts, [&](const std::string&) { return numbers[k++]; });
  table none("none", "无", "None");
  none.text("a", {"甲", "A"}, std::vector<std::string>{}, [](const std::string& v) { return v; });
  document g;
  g.add(odd, "rows");
  document d;
  d.field("title", std::string("标题 \"q\""))
      .field("n", std::int64_t{3})
      .field("v", std::vector<double>{1.5, nan})
      .field("nothing", std::monostate{});
  d.add(lamp_table()).add(none).group("group", g).group("empty", document{});
  for (bool schema : {true, false}) {
    const std::string compact = document_to_json(d, schema), pretty = document_to_json(d, schema, true);
    const auto parsed = nlohmann::ordered_json::parse(compact);
    EXPECT_EQ(compact, parsed.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
    EXPECT_EQ(pretty, parsed.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n");
    EXPECT_EQ(nlohmann::ordered_json::parse(pretty), parsed);
    EXPECT_EQ(parsed.contains("schema"), schema);
    EXPECT_EQ(parsed["group"]["rows"][0]["text"], texts[0]);
    EXPECT_EQ(parsed["group"]["rows"][1]["text"], texts[1]);
    EXPECT_EQ(parsed["group"]["rows"][2]["text"], "bad \xEF\xBF\xBD byte");  // U+FFFD
    EXPECT_EQ(parsed["group"]["rows"][3]["x"], nullptr);
    EXPECT_TRUE(std::signbit(parsed["group"]["rows"][2]["x"].get<double>()));
    EXPECT_EQ(parsed["none"], nlohmann::ordered_json::array());
    EXPECT_EQ(parsed["lamps"][0]["state_zh"], "亮");
  }
  // a file is written in pieces: the same text as the string
  temp_dir dir;
  const std::string path = dir.file("d.json");
  write_document_json(d, path, true, true);
  EXPECT_EQ(slurp(path), document_to_json(d, true, true));
}

}  // namespace
