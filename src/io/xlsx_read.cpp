// SPDX-License-Identifier: MIT
// Reading the cells of a worksheet from an .xlsx file (include/tijian/io/xlsx.hpp): libzip opens
// the zip container from memory, pugixml parses the parts (workbook, relationships, shared
// strings, styles, the worksheet).
#include <pugixml.hpp>
#include <zip.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "csv_split.hpp"
#include "tijian/detail/text.hpp"
#include "tijian/io/xlsx.hpp"

namespace tijian {

namespace {

constexpr std::uint64_t max_part_size = std::uint64_t{1} << 30;  // a zip bomb, not a workbook

[[noreturn]] void fail(const std::string& id, const std::string& message, const std::string& file,
                       const std::string& sheet = {}, std::size_t row = 0, std::size_t column = 0) {
  location where;
  where.file = file;
  where.sheet = sheet;
  where.line = row;
  where.column = column;
  throw data_error(id, message, std::move(where));
}

const char* const resave = "open it in Excel or LibreOffice and save it again as .xlsx";

bool starts_with(std::string_view s, std::string_view prefix) noexcept {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

/// An OLE compound file (the container of .xls and of password-protected .xlsx): refused with
/// the reason. An encrypted OOXML package holds a stream named "EncryptedPackage" (UTF-16 in
/// the directory); anything else in such a container is an Excel 97-2003 workbook.
[[noreturn]] void refuse_compound_file(std::string_view bytes, const std::string& source) {
  const std::string utf16 = [] {
    std::string s;
    for (char c : std::string("EncryptedPackage")) {
      s += c;
      s += '\0';
    }
    return s;
  }();
  if (bytes.find(utf16) != std::string_view::npos)
    fail("data.xlsx_encrypted",
         "the workbook is password-protected (encrypted); remove the password (Excel: File > Info > "
         "Protect Workbook > Encrypt with Password, clear it) and save it again",
         source);
  fail("data.xls",
       "this is an Excel 97-2003 workbook (.xls), not .xlsx; open it in Excel or LibreOffice and "
       "save it as Excel Workbook (.xlsx), or export the sheet as CSV UTF-8",
       source);
}

/// The zip archive of a workbook, opened from memory.
class zip_archive {
 public:
  zip_archive(std::string_view bytes, std::string source) : source_(std::move(source)) {
    zip_error_t err;
    zip_error_init(&err);
    zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err);
    if (src == nullptr) damaged(zip_error_strerror(&err));
    archive_ = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &err);
    if (archive_ == nullptr) {
      const std::string why = zip_error_strerror(&err);
      zip_source_free(src);
      zip_error_fini(&err);
      damaged(why);
    }
    zip_error_fini(&err);
  }
  zip_archive(const zip_archive&) = delete;
  zip_archive& operator=(const zip_archive&) = delete;
  ~zip_archive() {
    if (archive_ != nullptr) zip_discard(archive_);
  }

  [[nodiscard]] bool has(const std::string& name) const {
    return zip_name_locate(archive_, name.c_str(), 0) >= 0;
  }

  /// The uncompressed bytes of a part; empty optional-like: `found` false when absent.
  [[nodiscard]] std::string read(const std::string& name, bool& found) const {
    found = false;
    const zip_int64_t index = zip_name_locate(archive_, name.c_str(), 0);
    if (index < 0) return {};
    found = true;
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(archive_, static_cast<zip_uint64_t>(index), 0, &st) != 0)
      damaged(zip_strerror(archive_));
    if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) != 0 && st.encryption_method != ZIP_EM_NONE)
      fail("data.xlsx_encrypted",
           "part '" + name + "' of the workbook is encrypted; remove the password and save it again",
           source_);
    if ((st.valid & ZIP_STAT_SIZE) != 0 && st.size > max_part_size)
      damaged("part '" + name + "' would unpack to more than 1 GiB");
    zip_file_t* f = zip_fopen_index(archive_, static_cast<zip_uint64_t>(index), 0);
    if (f == nullptr) damaged(zip_strerror(archive_));
    std::string out;
    out.resize(static_cast<std::size_t>((st.valid & ZIP_STAT_SIZE) != 0 ? st.size : 0));
    std::size_t got = 0;
    for (;;) {
      if (got == out.size()) out.resize(std::max<std::size_t>(4096, out.size() * 2));
      const zip_int64_t n = zip_fread(f, out.data() + got, out.size() - got);
      if (n < 0) {
        const std::string why = zip_file_strerror(f);
        zip_fclose(f);
        damaged("part '" + name + "': " + why);
      }
      if (n == 0) break;
      got += static_cast<std::size_t>(n);
      if (got > max_part_size) {
        zip_fclose(f);
        damaged("part '" + name + "' unpacks to more than 1 GiB");
      }
    }
    zip_fclose(f);
    out.resize(got);
    return out;
  }

  [[noreturn]] void damaged(const std::string& why) const {
    fail("data.xlsx_damaged",
         "the file is not a readable .xlsx workbook (zip: " + why + "); it may be damaged or " +
             "truncated, or not a workbook at all: " + resave,
         source_);
  }

 private:
  std::string source_;
  zip_t* archive_ = nullptr;
};

// --- XML helpers: elements are matched by local name, so prefixed documents ("x:row") read
// the same as the usual default-namespace ones.

std::string_view local_name(const pugi::xml_node& n) {
  std::string_view s = n.name();
  const std::size_t colon = s.find(':');
  return colon == std::string_view::npos ? s : s.substr(colon + 1);
}

pugi::xml_node child(const pugi::xml_node& n, std::string_view name) {
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && local_name(c) == name) return c;
  return {};
}

template <class F>
void each_child(const pugi::xml_node& n, std::string_view name, F f) {
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && local_name(c) == name) f(c);
}

/// An attribute by local name ("r:id" and "id" both match "id" only when asked for "r:id"'s
/// local part; relationship ids are looked up as "id" in any namespace).
pugi::xml_attribute attribute(const pugi::xml_node& n, std::string_view name) {
  for (pugi::xml_attribute a = n.first_attribute(); a; a = a.next_attribute()) {
    std::string_view s = a.name();
    if (s == name) return a;
  }
  for (pugi::xml_attribute a = n.first_attribute(); a; a = a.next_attribute()) {
    std::string_view s = a.name();
    const std::size_t colon = s.find(':');
    if (colon != std::string_view::npos && s.substr(colon + 1) == name && !starts_with(s, "xmlns")) return a;
  }
  return {};
}

/// The text of a string item (<si> or <is>): its <t>, or the <t> of every rich-text run <r>;
/// phonetic runs (<rPh>) are left out.
std::string string_item(const pugi::xml_node& si) {
  std::string out;
  for (pugi::xml_node c = si.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    const std::string_view n = local_name(c);
    if (n == "t") out += c.text().get();
    else if (n == "r") each_child(c, "t", [&out](const pugi::xml_node& t) { out += t.text().get(); });
  }
  return out;
}

class workbook_reader {
 public:
  workbook_reader(std::string_view bytes, std::string source) : source_(std::move(source)) {
    if (starts_with(bytes, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")) refuse_compound_file(bytes, source_);
    if (!starts_with(bytes, "PK"))
      fail("data.xlsx_damaged",
           "the file is not an .xlsx workbook (an .xlsx file is a zip archive; this one does not "
           "start like one): " +
               std::string(resave),
           source_);
    zip_ = std::make_unique<zip_archive>(bytes, source_);
    locate_parts();
  }

  [[nodiscard]] const std::vector<std::string>& sheet_names() const noexcept { return names_; }

  xlsx_sheet read_sheet(const std::string& wanted) {
    std::size_t k = 0;
    if (!wanted.empty()) {
      k = names_.size();
      for (std::size_t i = 0; i < names_.size(); ++i)
        if (names_[i] == wanted) k = i;
      if (k == names_.size()) {
        std::string list;
        for (const auto& n : names_) list += (list.empty() ? "'" : ", '") + n + "'";
        fail("data.missing_sheet",
             "the workbook has no sheet '" + wanted + "'; its sheets are " + list +
                 " (sheet names are matched exactly)",
             source_);
      }
    }
    if (names_.empty())
      fail("data.xlsx_damaged", "the workbook has no worksheets; " + std::string(resave), source_);
    load_shared_strings();
    load_styles();
    xlsx_sheet out;
    out.source = source_;
    out.name = names_[k];
    out.sheet_names = names_;
    const pugi::xml_document doc = parse_part(targets_[k], out.name);
    const pugi::xml_node data = child(child(doc, "worksheet"), "sheetData");
    std::size_t next_row = 1;
    each_child(data, "row", [&](const pugi::xml_node& r) {
      std::size_t number = next_row;
      if (const auto a = attribute(r, "r")) number = static_cast<std::size_t>(a.as_ullong());
      if (number == 0 || (!out.rows.empty() && number <= out.rows.back().number))
        fail("data.xlsx_damaged", "row numbers are not increasing; " + std::string(resave), source_, out.name,
             number);
      next_row = number + 1;
      xlsx_sheet::row row;
      row.number = number;
      std::size_t next_col = 1;
      each_child(r, "c", [&](const pugi::xml_node& c) {
        std::size_t col = next_col;
        if (const auto a = attribute(c, "r")) col = column_of(a.value(), out.name, number);
        next_col = col + 1;
        std::string text = cell_text(c, out.name, number, col);
        if (text.empty()) return;
        if (row.cells.size() < col) row.cells.resize(col);
        row.cells[col - 1] = std::move(text);
      });
      if (!row.cells.empty()) out.rows.push_back(std::move(row));
    });
    return out;
  }

 private:
  pugi::xml_document parse_part(const std::string& name, const std::string& sheet = {}) const {
    bool found = false;
    const std::string bytes = zip_->read(name, found);
    if (!found)
      fail("data.xlsx_damaged", "the workbook lacks its part '" + name + "'; " + resave, source_, sheet);
    pugi::xml_document doc;
    const pugi::xml_parse_result r =
        doc.load_buffer(bytes.data(), bytes.size(), pugi::parse_default, pugi::encoding_utf8);
    if (!r)
      fail("data.xlsx_damaged",
           "part '" + name + "' is not well-formed XML (" + r.description() + " at byte " +
               std::to_string(r.offset) + "); " + resave,
           source_, sheet);
    return doc;
  }

  /// Relationship id -> target part (resolved against the part's directory).
  std::map<std::string, std::pair<std::string, std::string>> relationships(const std::string& part) const {
    const std::size_t slash = part.rfind('/');
    const std::string dir = slash == std::string::npos ? std::string() : part.substr(0, slash + 1);
    const std::string rels =
        dir + "_rels/" + part.substr(slash == std::string::npos ? 0 : slash + 1) + ".rels";
    std::map<std::string, std::pair<std::string, std::string>> out;
    if (!zip_->has(rels)) return out;
    const pugi::xml_document doc = parse_part(rels);
    each_child(child(doc, "Relationships"), "Relationship", [&](const pugi::xml_node& r) {
      std::string target = attribute(r, "Target").value();
      if (starts_with(target, "/")) target.erase(0, 1);
      else target = normalise(dir + target);
      out[attribute(r, "Id").value()] = {attribute(r, "Type").value(), target};
    });
    return out;
  }

  static std::string normalise(const std::string& path) {  // "xl/../xl/a.xml" -> "xl/a.xml"
    std::vector<std::string> parts;
    std::size_t b = 0;
    while (b <= path.size()) {
      const std::size_t e = std::min(path.find('/', b), path.size());
      const std::string p = path.substr(b, e - b);
      if (p == "..") {
        if (!parts.empty()) parts.pop_back();
      } else if (!p.empty() && p != ".") {
        parts.push_back(p);
      }
      b = e + 1;
    }
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : "/") + p;
    return out;
  }

  static bool type_is(const std::string& type, std::string_view suffix) {
    return type.size() >= suffix.size() &&
           type.compare(type.size() - suffix.size(), suffix.size(), suffix) == 0;
  }

  void locate_parts() {
    std::string workbook = "xl/workbook.xml";
    for (const auto& [id, rel] : relationships("_rels/.rels")) {
      (void)id;
      if (type_is(rel.first, "/officeDocument")) workbook = rel.second;
    }
    if (!zip_->has(workbook)) {
      if (zip_->has("word/document.xml") || zip_->has("ppt/presentation.xml"))
        fail(
            "data.xlsx_damaged",
            "the file is a Word or PowerPoint document, not an Excel workbook; save the table as .xlsx or CSV",
            source_);
      fail("data.xlsx_damaged", "the zip archive holds no Excel workbook (no " + workbook + "); " + resave,
           source_);
    }
    const auto rels = relationships(workbook);
    for (const auto& [id, rel] : rels) {
      (void)id;
      if (type_is(rel.first, "/sharedStrings")) shared_strings_part_ = rel.second;
      if (type_is(rel.first, "/styles")) styles_part_ = rel.second;
    }
    const pugi::xml_document doc = parse_part(workbook);
    const pugi::xml_node wb = child(doc, "workbook");
    if (const auto pr = child(wb, "workbookPr")) {
      const std::string v = attribute(pr, "date1904").value();
      date1904_ = v == "1" || v == "true";
    }
    each_child(child(wb, "sheets"), "sheet", [&](const pugi::xml_node& s) {
      const std::string id = attribute(s, "id").value();
      const auto it = rels.find(id);
      if (it == rels.end() || !type_is(it->second.first, "/worksheet")) return;  // chart sheets, dialogs
      names_.emplace_back(attribute(s, "name").value());
      targets_.push_back(it->second.second);
    });
  }

  void load_shared_strings() {
    if (shared_strings_part_.empty() || !zip_->has(shared_strings_part_)) return;
    const pugi::xml_document doc = parse_part(shared_strings_part_);
    each_child(child(doc, "sst"), "si",
               [&](const pugi::xml_node& si) { shared_strings_.push_back(string_item(si)); });
  }

  /// Is a number format (built-in id or custom code) a date or time format?
  static bool is_date_code(const std::string& code) {
    std::string bare;  // the code without quoted text, [colours]/[$-locales], escapes and fills
    bool quoted = false;
    for (std::size_t i = 0; i < code.size(); ++i) {
      const char c = code[i];
      if (quoted) {
        quoted = c != '"';
        continue;
      }
      if (c == '"') quoted = true;
      else if (c == '\\' || c == '_' || c == '*') ++i;
      else if (c == '[') {
        const std::size_t e = code.find(']', i);
        const std::string inside = code.substr(i + 1, e == std::string::npos ? 0 : e - i - 1);
        // [h], [mm], [ss]: elapsed time, still a time format
        if (!inside.empty() && std::string("hHmMsS").find(inside[0]) != std::string::npos) bare += inside;
        i = e == std::string::npos ? code.size() : e;
      } else bare += c;
    }
    if (detail::lower(bare) == "general") return false;
    for (char c : bare)
      if (std::string("dDmMyYhHsS").find(c) != std::string::npos) return true;
    return false;
  }

  void load_styles() {
    if (styles_part_.empty() || !zip_->has(styles_part_)) return;
    const pugi::xml_document doc = parse_part(styles_part_);
    const pugi::xml_node ss = child(doc, "styleSheet");
    std::map<unsigned, std::string> custom;
    each_child(child(ss, "numFmts"), "numFmt", [&](const pugi::xml_node& f) {
      custom[attribute(f, "numFmtId").as_uint()] = attribute(f, "formatCode").value();
    });
    each_child(child(ss, "cellXfs"), "xf", [&](const pugi::xml_node& xf) {
      const unsigned id = attribute(xf, "numFmtId").as_uint();
      const auto it = custom.find(id);
      const bool builtin_date = (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
                                (id >= 50 && id <= 58);
      date_style_.push_back(it != custom.end() ? is_date_code(it->second) : builtin_date);
      const bool has_day = it != custom.end()
                               ? detail::lower(it->second).find_first_of("dy") != std::string::npos
                               : !(id >= 18 && id <= 21) && id != 45 && id != 46 && id != 47;
      day_style_.push_back(has_day);
    });
  }

  std::size_t column_of(const std::string& ref, const std::string& sheet, std::size_t row) const {
    std::size_t col = 0, i = 0;
    for (; i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z'; ++i) {
      col = col * 26 + static_cast<std::size_t>(ref[i] - 'A' + 1);
      if (col > 16384) break;
    }
    if (i == 0 || col > 16384)
      fail("data.xlsx_damaged", "cell reference '" + ref + "' is not valid; " + std::string(resave), source_,
           sheet, row);
    return col;
  }

  static std::string two(long v) { return (v < 10 ? "0" : "") + std::to_string(v); }

  /// ISO 8601 text of an Excel serial date (see xlsx.hpp).
  std::string iso_date(double serial, bool has_day) const {
    const double whole = std::floor(serial);
    long seconds = std::lround((serial - whole) * 86400.0);
    long days = static_cast<long>(whole);
    if (seconds == 86400) {
      seconds = 0;
      ++days;
    }
    std::string time = two(seconds / 3600) + ":" + two(seconds / 60 % 60) + ":" + two(seconds % 60);
    if (!has_day && serial < 1 && serial >= 0) return time;
    // days since 1970-01-01 of the serial
    long civil = 0;
    if (date1904_) civil = days - 24107;              // 1904-01-01 is serial 0
    else civil = days - (days < 60 ? 25568 : 25569);  // serial 1 = 1900-01-01; 60 is the phantom 1900-02-29
    // civil_from_days (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms")
    civil += 719468;
    const long era = (civil >= 0 ? civil : civil - 146096) / 146097;
    const long doe = civil - era * 146097;
    const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400;
    const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const long mp = (5 * doy + 2) / 153;
    const long d = doy - (153 * mp + 2) / 5 + 1;
    const long m = mp < 10 ? mp + 3 : mp - 9;
    if (m <= 2) ++y;
    std::string date = std::to_string(y) + "-" + two(m) + "-" + two(d);
    if (!date1904_ && days == 60) date = "1900-02-29";  // as Excel shows it
    return seconds == 0 ? date : date + "T" + time;
  }

  std::string cell_text(const pugi::xml_node& c, const std::string& sheet, std::size_t row, std::size_t col) {
    const std::string type = attribute(c, "t").value();
    pugi::xml_node v = child(c, "v");
    if (v && v.text().empty()) v = pugi::xml_node();  // <v/>: no value (openpyxl writes it for formulas)
    const pugi::xml_node f = child(c, "f");
    auto damaged = [&](const std::string& why) {
      fail("data.xlsx_damaged", why + "; " + resave, source_, sheet, row, col);
    };
    if (type == "inlineStr") return string_item(child(c, "is"));
    if (!v) {
      if (f)
        fail("data.xlsx_formula",
             "the formula '=" + std::string(f.text().get()) +
                 "' has no saved result (the workbook was written by a program that does not "
                 "calculate); open the workbook in Excel or LibreOffice and save it, so that "
                 "formulas have their values",
             source_, sheet, row, col);
      return {};
    }
    const std::string value = v.text().get();
    if (type == "s") {
      const auto k = v.text().as_ullong(~0ULL);
      if (k >= shared_strings_.size())
        damaged("a cell refers to shared string " + value + ", which is absent");
      return shared_strings_[static_cast<std::size_t>(k)];
    }
    if (type == "str" || type == "e") return value;
    if (type == "b") return value == "1" ? "TRUE" : "FALSE";
    if (type == "d") return value;  // ISO 8601 already (strict OOXML date cells)
    // a number (t="n" or no type)
    const std::string t = detail::trim(value);
    double x = 0;
    const char* first = t.data() + (!t.empty() && t[0] == '+' ? 1 : 0);
    const auto res = std::from_chars(first, t.data() + t.size(), x);
    if (t.empty() || res.ec != std::errc() || res.ptr != t.data() + t.size() || !std::isfinite(x))
      damaged("a number cell holds '" + value + "'");
    const std::size_t style = static_cast<std::size_t>(attribute(c, "s").as_ullong(0));
    if (style < date_style_.size() && date_style_[style] && x >= 0 && x < 2958466)  // < 10000-01-01
      return iso_date(x, day_style_[style]);
    return io_detail::number_text(x);
  }

  std::string source_;
  std::unique_ptr<zip_archive> zip_;
  std::vector<std::string> names_, targets_;
  std::string shared_strings_part_, styles_part_;
  std::vector<std::string> shared_strings_;
  std::vector<char> date_style_, day_style_;
  bool date1904_ = false;
};

}  // namespace

bool is_xlsx_path(std::string_view path) noexcept {
  if (path.size() < 5) return false;
  std::string ext(path.substr(path.size() - 5));
  for (char& c : ext)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return ext == ".xlsx" || ext == ".xlsm";
}

xlsx_sheet parse_xlsx_sheet(std::string_view bytes, const std::string& source, const std::string& sheet) {
  workbook_reader wb(bytes, source);
  return wb.read_sheet(sheet);
}

xlsx_sheet read_xlsx_sheet(const std::string& path, const std::string& sheet) {
  const std::string bytes = io_detail::read_file(path, io_detail::domain::data);
  return parse_xlsx_sheet(bytes, path, sheet);
}

std::vector<std::string> xlsx_sheet_names(const std::string& path) {
  const std::string bytes = io_detail::read_file(path, io_detail::domain::data);
  workbook_reader wb(bytes, path);
  return wb.sheet_names();
}

}  // namespace tijian
