// SPDX-License-Identifier: MIT
// Excel workbooks (io/xlsx.hpp, io/text_grid.hpp): sheet names Excel accepts, a document written
// by libxlsxwriter and read back by the reader (shared strings, numbers, empty cells), text_grid
// and panels from a workbook, and the location of an error in a sheet. Workbooks written by a
// peer (openpyxl) and by hand from the ECMA-376 parts are read in tests/python/test_xlsx.py.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

#include <tijian/io/csv.hpp>
#include <tijian/io/table_io.hpp>
#include <tijian/io/text_grid.hpp>
#include <tijian/io/xlsx.hpp>
#include <tijian/table.hpp>

namespace {

namespace fs = std::filesystem;

fs::path temp_dir() {
  const fs::path d = fs::temp_directory_path() / ("tijian-xlsx-" + std::to_string(::getpid()));
  fs::create_directories(d);
  return d;
}

struct row {
  std::string code;
  double value;
  bool flag;
};

tijian::document sample() {
  const std::vector<row> rows = {{"S01", 0.1, true},
                                 {"青岛", std::numeric_limits<double>::quiet_NaN(), false},
                                 {"S03", 1234567.25, true}};
  tijian::table t("status", "状态/结果", "Status");
  t.text("unit", {"城市", "Unit"}, rows, [](const row& r) { return r.code; });
  t.real("value", {"数值", "Value", "%", "%"}, rows, [](const row& r) { return r.value; });
  t.boolean("flag", {"达标", "Met"}, rows, [](const row& r) { return r.flag; });
  tijian::table u("status", "状态/结果", "Status");  // the same label again: the sheet name is made unique
  u.text("unit", {"城市", "Unit"}, rows, [](const row& r) { return r.code; });
  tijian::document d;
  d.add(t);
  d.add(u, "other");
  return d;
}

}  // namespace

TEST(XlsxSheetName, LegalUniqueAndShort) {
  std::vector<std::string> taken;
  EXPECT_EQ(tijian::xlsx_sheet_name("a/b:c*d?[e]\\f", taken), "a_b_c_d__e__f");
  EXPECT_EQ(tijian::xlsx_sheet_name("'quoted'", taken), "quoted");
  EXPECT_EQ(tijian::xlsx_sheet_name("", taken), "Sheet");
  EXPECT_EQ(tijian::xlsx_sheet_name("History", taken), "History_");
  EXPECT_EQ(tijian::xlsx_sheet_name("SHEET", taken), "SHEET (2)");  // names differ in more than case
  const std::string long_name(40, 'x');
  EXPECT_EQ(tijian::xlsx_sheet_name(long_name, taken), std::string(31, 'x'));
  EXPECT_EQ(tijian::xlsx_sheet_name(long_name, taken), std::string(27, 'x') + " (2)");
  // 31 characters, not bytes: 40 Chinese characters keep 31 of them
  std::string zh;
  for (int i = 0; i < 40; ++i) zh += "城";
  EXPECT_EQ(tijian::xlsx_sheet_name(zh, taken).size(), 31u * 3);
}

TEST(Xlsx, WrittenDocumentReadsBack) {
  const fs::path path = temp_dir() / "doc.xlsx";
  tijian::table_format f;
  f.headers = tijian::header_style::labels;
  f.lang = tijian::language::zh;
  tijian::write_document_xlsx(sample(), path.string(), f);
  const tijian::xlsx_sheet s = tijian::read_xlsx_sheet(path.string());
  EXPECT_EQ(s.sheet_names, (std::vector<std::string>{"状态_结果", "状态_结果 (2)"}));
  EXPECT_EQ(s.name, "状态_结果");
  ASSERT_EQ(s.rows.size(), 5u);
  EXPECT_EQ(s.rows[0].cells, (std::vector<std::string>{"城市", "数值", "达标"}));
  EXPECT_EQ(s.rows[1].cells, (std::vector<std::string>{"", "%"}));  // the unit row
  EXPECT_EQ(s.rows[2].cells, (std::vector<std::string>{"S01", "0.1", "是"}));
  EXPECT_EQ(s.rows[3].cells, (std::vector<std::string>{"青岛", "", "否"}));  // NaN: an empty cell
  EXPECT_EQ(s.rows[4].cells, (std::vector<std::string>{"S03", "1234567.25", "是"}));
  // the second table has no units: its unit row holds no cell
  EXPECT_EQ(tijian::read_xlsx_sheet(path.string(), "状态_结果 (2)").rows.size(), 4u);

  tijian::write_document_xlsx(sample(), path.string());  // codes: one header row, flags as TRUE/FALSE
  const tijian::xlsx_sheet c = tijian::read_xlsx_sheet(path.string(), "status");
  EXPECT_EQ(c.rows[0].cells, (std::vector<std::string>{"unit", "value", "flag"}));
  EXPECT_EQ(c.rows[1].cells, (std::vector<std::string>{"S01", "0.1", "TRUE"}));
}

TEST(Xlsx, WriteDocumentPicksTheFormatByExtension) {
  const fs::path dir = temp_dir();
  EXPECT_EQ(tijian::write_document(sample(), (dir / "a.XLSX").string()).size(), 1u);
  EXPECT_EQ(tijian::read_xlsx_sheet((dir / "a.XLSX").string()).name, "status");
  EXPECT_EQ(tijian::write_document(sample(), (dir / "a.csv").string()).size(), 2u);
  try {
    (void)tijian::write_document(sample(), (dir / "a.txt").string());
    FAIL();
  } catch (const tijian::error& e) {
    EXPECT_EQ(e.id(), "io.out_extension");
  }
  EXPECT_FALSE(fs::exists(dir / "a.txt"));
  try {
    tijian::write_document_xlsx(sample(), (dir / "no-such-dir" / "a.xlsx").string());
    FAIL();
  } catch (const tijian::error& e) {
    EXPECT_EQ(e.id(), "io.write");
  }
}

TEST(Xlsx, PanelAndGridFromAWorkbook) {
  struct r {
    std::string unit, name;
    double year, pm25;
  };
  const std::vector<r> rows = {{"S01", "青岛市", 2021, 30}, {"S02", "济南市", 2021, 41.5}};
  tijian::table t("data", "数据", "Data");
  t.text("uCode", {"", ""}, rows, [](const r& x) { return x.unit; });
  t.text("uName", {"", ""}, rows, [](const r& x) { return x.name; });
  t.real("Time", {"", ""}, rows, [](const r& x) { return x.year; });
  t.real("PM25", {"", ""}, rows, [](const r& x) { return x.pm25; });
  tijian::document d;
  d.add(t);
  const fs::path path = temp_dir() / "panel.xlsx";
  tijian::write_document_xlsx(d, path.string());  // codes: the shape of a data file
  const tijian::panel p = tijian::read_panel(path.string());
  EXPECT_EQ(p.units, (std::vector<std::string>{"S01", "S02"}));
  EXPECT_EQ(p.unit_names, (std::vector<std::string>{"青岛市", "济南市"}));
  EXPECT_EQ(p.periods, (std::vector<std::string>{"2021", "2021"}));
  EXPECT_EQ(p.values(1, 0), 41.5);
  const tijian::text_grid g = tijian::read_text_grid(path.string());
  EXPECT_EQ(g.sheet, "data");
  EXPECT_EQ(g.lines, (std::vector<std::size_t>{2, 3}));
  const tijian::location at = g.where(1, 3);
  EXPECT_EQ(at.str(), path.string() + ", sheet 'data', row 3, column D (PM25)");
  tijian::csv_options o;
  o.sheet = "2023";
  try {
    (void)tijian::read_panel(path.string(), o);
    FAIL();
  } catch (const tijian::data_error& e) {
    EXPECT_EQ(e.id(), "data.missing_sheet");
    EXPECT_NE(std::string(e.what()).find("'data'"), std::string::npos);
  }
}

TEST(Xlsx, LocationNamesSheetRowAndColumn) {
  tijian::location l;
  l.file = "x.xlsx";
  l.sheet = "问题清单";
  l.line = 7;
  l.column = 3;
  l.indicator = "责任单位";
  l.unit = "S01";
  EXPECT_EQ(l.str(), "x.xlsx, sheet '问题清单', row 7, column C (责任单位), unit 'S01'");
  l.column = 28;
  EXPECT_EQ(l.str(), "x.xlsx, sheet '问题清单', row 7, column AB (责任单位), unit 'S01'");
}
