// SPDX-License-Identifier: MIT
// Panel CSV reader and the helpers it shares with the other readers (csv_split.hpp).
#include "tijian/io/csv.hpp"

#include <iconv.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <system_error>

#include "csv_split.hpp"
#include "tijian/detail/text.hpp"
#include "tijian/io/text_grid.hpp"
#include "tijian/io/xlsx.hpp"

namespace tijian::io_detail {

// --- errors and files -------------------------------------------------------------------------

void raise(domain d, const std::string& id, const std::string& message, location where,
           const std::string& message_zh) {
  switch (d) {
    case domain::data: throw data_error(id, message, std::move(where), message_zh);
    case domain::framework: throw framework_error(id, message, std::move(where), message_zh);
    case domain::recipe: throw recipe_error(id, message, std::move(where), message_zh);
  }
  throw error(id, message, std::move(where), message_zh);
}

std::string read_file(const std::string& path, domain d) {
  location where;
  where.file = path;
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    raise(d, "io.read", "'" + path + "' is a directory, not a file; give the path of the file", where,
          "'" + path + "' 是目录而不是文件；请给出文件的路径");
  std::ifstream in(path, std::ios::binary);
  if (!in)
    raise(d, "io.read",
          "cannot open '" + path + "': " + std::strerror(errno) +
              "; check the path and that the file is readable",
          where,
          "无法打开 '" + path + "'（系统错误 " + std::to_string(errno) + "）；请检查路径以及文件是否可读");
  std::string bytes;
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  in.seekg(0, std::ios::beg);
  if (size > 0 && in) {
    bytes.resize(static_cast<std::size_t>(size));
    in.read(bytes.data(), size);
    bytes.resize(static_cast<std::size_t>(in.gcount()));
  } else {  // not seekable (a pipe): read as a stream
    in.clear();
    std::ostringstream buf;
    buf << in.rdbuf();
    bytes = buf.str();
  }
  if (in.bad()) raise(d, "io.read", "reading '" + path + "' failed", where, "读取 '" + path + "' 失败");
  return bytes;
}

// --- encodings --------------------------------------------------------------------------------

std::size_t invalid_utf8_offset(std::string_view s) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  std::size_t i = 0;
  while (i < n) {
    const unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;  // no overlong forms
      if (c == 0xED) hi = 0x9F;  // no surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;  // <= U+10FFFF
    } else {
      return i;
    }
    if (i + len > n) return i;
    if (p[i + 1] < lo || p[i + 1] > hi) return i;
    for (std::size_t k = 2; k < len; ++k)
      if (p[i + k] < 0x80 || p[i + k] > 0xBF) return i;
    i += len;
  }
  return std::string_view::npos;
}

std::size_t line_of_offset(std::string_view s, std::size_t offset) noexcept {
  std::size_t line = 1;
  const std::size_t end = offset < s.size() ? offset : s.size();
  for (std::size_t i = 0; i < end; ++i)
    if (s[i] == '\n') ++line;
  return line;
}

namespace {

std::string hex_byte(unsigned char b) {
  static const char* digits = "0123456789ABCDEF";
  std::string out = "0x";
  out += digits[b >> 4];
  out += digits[b & 0xF];
  return out;
}

constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";
const char* const save_as_utf8 = "save the file as UTF-8 (Excel: Save As > CSV UTF-8)";
const char* const save_as_utf8_zh = "请把文件另存为 UTF-8（Excel：另存为 > CSV UTF-8）";

bool starts_with(std::string_view s, std::string_view prefix) noexcept {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

/// GB18030 -> UTF-8 with iconv. Returns false and the offset of the first bad byte on failure.
bool gb18030_to_utf8(std::string_view in, std::string& out, std::size_t& bad_offset) {
  iconv_t cd = iconv_open("UTF-8", "GB18030");
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    bad_offset = std::string_view::npos;
    return false;
  }
  out.assign(in.size() * 2 + 16, '\0');
  char* src = const_cast<char*>(in.data());  // iconv's signature is not const-correct
  std::size_t src_left = in.size();
  std::size_t written = 0;
  bool ok = true;
  while (src_left > 0) {
    char* dst = &out[written];
    std::size_t dst_left = out.size() - written;
    const std::size_t r = iconv(cd, &src, &src_left, &dst, &dst_left);
    written = out.size() - dst_left;
    if (r != static_cast<std::size_t>(-1)) break;
    if (errno == E2BIG) {
      out.resize(out.size() * 2);
      continue;
    }
    ok = false;  // EILSEQ (invalid sequence) or EINVAL (truncated at the end)
    bad_offset = in.size() - src_left;
    break;
  }
  iconv_close(cd);
  out.resize(written);
  return ok;
}

}  // namespace

std::string decode_text(std::string_view bytes, text_encoding enc, const std::string& source, domain d,
                        bool& converted) {
  converted = false;
  location where;
  where.file = source;
  const std::string id = d == domain::data        ? "data.encoding"
                         : d == domain::framework ? "framework.encoding"
                                                  : "recipe.encoding";
  if (starts_with(bytes, "\xFF\xFE") || starts_with(bytes, "\xFE\xFF")) {
    where.line = 1;
    raise(d, id, "the file is UTF-16 (Excel: 'Unicode Text'); " + std::string(save_as_utf8), where,
          "文件是 UTF-16 编码（Excel 的“Unicode 文本”）；" + std::string(save_as_utf8_zh));
  }
  if (enc != text_encoding::gb18030) {
    std::string_view body = bytes;
    if (starts_with(body, utf8_bom)) body.remove_prefix(utf8_bom.size());
    const std::size_t bad = invalid_utf8_offset(body);
    if (bad == std::string_view::npos) return std::string(body);
    const std::size_t offset = bad + (bytes.size() - body.size());
    where.line = line_of_offset(bytes, offset);
    const std::string what = "byte " + hex_byte(static_cast<unsigned char>(bytes[offset])) +
                             " at byte offset " + std::to_string(offset);
    if (enc == text_encoding::utf8 || body.size() != bytes.size())  // a UTF-8 BOM: not GB18030
      raise(d, id,
            "the file is not valid UTF-8 (" + what + "); " + save_as_utf8 + ", or read it as GB18030/GBK",
            where,
            "文件不是有效的 UTF-8（字节偏移 " + std::to_string(offset) + " 处的字节 " +
                hex_byte(static_cast<unsigned char>(bytes[offset])) + "）；" + save_as_utf8_zh +
                "，或按 GB18030/GBK 读取");
    std::string out;
    std::size_t gb_bad = 0;
    if (gb18030_to_utf8(bytes, out, gb_bad)) {
      if (starts_with(out, utf8_bom)) out.erase(0, utf8_bom.size());
      converted = true;
      return out;
    }
    std::string gb_what = "iconv cannot convert GB18030 on this system";
    if (gb_bad != std::string_view::npos) {
      gb_what = "byte " + hex_byte(static_cast<unsigned char>(bytes[gb_bad])) + " at byte offset " +
                std::to_string(gb_bad) + ", line " + std::to_string(line_of_offset(bytes, gb_bad));
    }
    raise(d, id,
          "the file is neither UTF-8 (" + what + ") nor GB18030/GBK (" + gb_what + "); " + save_as_utf8,
          where,
          "文件既不是 UTF-8（字节偏移 " + std::to_string(offset) + " 处的字节 " +
              hex_byte(static_cast<unsigned char>(bytes[offset])) + "）也不是 GB18030/GBK；" +
              save_as_utf8_zh);
  }
  std::string out;
  std::size_t gb_bad = 0;
  if (!gb18030_to_utf8(bytes, out, gb_bad)) {
    if (gb_bad == std::string_view::npos)
      raise(d, id, "iconv cannot convert GB18030 on this system; " + std::string(save_as_utf8), where,
            "本系统的 iconv 无法转换 GB18030；" + std::string(save_as_utf8_zh));
    where.line = line_of_offset(bytes, gb_bad);
    raise(d, id,
          "the file is not valid GB18030/GBK (byte " + hex_byte(static_cast<unsigned char>(bytes[gb_bad])) +
              " at byte offset " + std::to_string(gb_bad) + "); " + save_as_utf8,
          where,
          "文件不是有效的 GB18030/GBK（字节偏移 " + std::to_string(gb_bad) + " 处的字节 " +
              hex_byte(static_cast<unsigned char>(bytes[gb_bad])) + "）；" + save_as_utf8_zh);
  }
  if (starts_with(out, utf8_bom)) out.erase(0, utf8_bom.size());
  converted = true;
  return out;
}

// --- CSV records ------------------------------------------------------------------------------

bool csv_record::blank() const noexcept {
  for (const auto& f : fields)
    for (char c : f)
      if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return false;
  return true;
}

bool csv_splitter::next(csv_record& out) {
  const std::size_t n = text_.size();
  if (pos_ >= n) {
    out.fields.clear();
    out.lines.clear();
    return false;
  }
  out.line = line_;
  // Field strings are reused from the previous record to avoid allocations.
  std::size_t count = 0;
  auto slot = [&]() -> std::string& {
    if (count == out.fields.size()) {
      out.fields.emplace_back();
      out.lines.push_back(0);
    }
    out.lines[count] = line_;
    std::string& f = out.fields[count++];
    f.clear();
    return f;
  };
  auto finish = [&] {
    out.fields.resize(count);
    out.lines.resize(count);
    return true;
  };
  for (;;) {
    std::string& field = slot();
    if (pos_ < n && text_[pos_] == '"') {
      const std::size_t open_line = line_;
      ++pos_;
      for (;;) {
        if (pos_ >= n) {
          location where{source_, open_line, count, {}, {}, {}, {}};
          raise(domain_, domain_ == domain::data ? "data.csv_syntax" : "framework.csv_syntax",
                "a quoted field opened on this line is never closed; add the closing '\"' "
                "(a quote inside a quoted field is written twice: \"\")",
                where, "这一行开始的带引号字段没有结束；请补上结尾的 '\"'（带引号字段中的引号写两次：\"\"）");
        }
        const char c = text_[pos_];
        if (c == '"') {
          if (pos_ + 1 < n && text_[pos_ + 1] == '"') {
            field += '"';
            pos_ += 2;
            continue;
          }
          ++pos_;
          break;
        }
        if (c == '\n') ++line_;
        // copy the run up to the next quote or newline in one go
        std::size_t end = pos_ + 1;
        while (end < n && text_[end] != '"' && text_[end] != '\n') ++end;
        field.append(text_.data() + pos_, end - pos_);
        pos_ = end;
      }
      while (pos_ < n && text_[pos_] == ' ' && delim_ != ' ') ++pos_;
      if (pos_ < n && text_[pos_] != delim_ && text_[pos_] != '\r' && text_[pos_] != '\n') {
        location where{source_, line_, count, {}, {}, {}, {}};
        raise(domain_, domain_ == domain::data ? "data.csv_syntax" : "framework.csv_syntax",
              "text after the closing quote of a quoted field; quote the whole field and write "
              "quotes inside it twice (\"\")",
              where, "带引号字段的结尾引号之后还有文字；请给整个字段加引号，字段中的引号写两次（\"\"）");
      }
    } else {
      std::size_t end = pos_;
      while (end < n && text_[end] != delim_ && text_[end] != '\n' && text_[end] != '\r') ++end;
      field.assign(text_.data() + pos_, end - pos_);
      pos_ = end;
    }
    if (pos_ >= n) return finish();
    const char c = text_[pos_];
    if (c == delim_) {
      ++pos_;
      if (pos_ >= n) {  // a delimiter at the very end: one more, empty field
        slot();
        return finish();
      }
      continue;
    }
    if (c == '\r') {
      ++pos_;
      if (pos_ < n && text_[pos_] == '\n') ++pos_;
      ++line_;
      return finish();
    }
    // c == '\n'
    ++pos_;
    ++line_;
    return finish();
  }
}

char detect_delimiter(std::string_view text) noexcept {
  std::size_t comma = 0, semicolon = 0, tab = 0;
  bool quoted = false;
  bool line_start = true;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (line_start && !quoted && c == '#') {  // a comment line before the header
      while (i < text.size() && text[i] != '\n') ++i;
      continue;
    }
    line_start = false;
    if (c == '"') {
      quoted = !quoted;
      continue;
    }
    if (quoted) continue;
    if (c == '\n' || c == '\r') {
      if (comma + semicolon + tab > 0) break;  // header found (leading blank lines are skipped)
      line_start = true;
      continue;
    }
    if (c == ',') ++comma;
    if (c == ';') ++semicolon;
    if (c == '\t') ++tab;
  }
  if (semicolon > comma && semicolon >= tab) return ';';
  if (tab > comma && tab > semicolon) return '\t';
  return ',';
}

// --- cells ------------------------------------------------------------------------------------

std::string key_of(std::string_view header) { return detail::lower(detail::trim(header)); }

bool is_missing_token(std::string_view text) {
  const std::string t = key_of(text);
  return t.empty() || t == "na" || t == "n/a" || t == "#n/a" || t == "nan" || t == "null" || t == "-" ||
         t == "\xE2\x80\x94" /* — */ || t == ".." || t == "\xE7\xBC\xBA\xE5\xA4\xB1" /* 缺失 */ ||
         t == "\xE6\x97\xA0" /* 无 */;
}

namespace {

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

/// [+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?
bool is_plain_number(std::string_view t) noexcept {
  std::size_t i = 0;
  const std::size_t n = t.size();
  if (i < n && (t[i] == '+' || t[i] == '-')) ++i;
  std::size_t int_digits = 0, frac_digits = 0;
  while (i < n && is_digit(t[i])) ++i, ++int_digits;
  if (i < n && t[i] == '.') {
    ++i;
    while (i < n && is_digit(t[i])) ++i, ++frac_digits;
  }
  if (int_digits + frac_digits == 0) return false;
  if (i < n && (t[i] == 'e' || t[i] == 'E')) {
    ++i;
    if (i < n && (t[i] == '+' || t[i] == '-')) ++i;
    std::size_t exp_digits = 0;
    while (i < n && is_digit(t[i])) ++i, ++exp_digits;
    if (exp_digits == 0) return false;
  }
  return i == n;
}

/// -?\d{1,3}(,\d{3})+(\.\d+)?
bool is_thousands_grouped(std::string_view t) noexcept {
  std::size_t i = 0;
  const std::size_t n = t.size();
  if (i < n && t[i] == '-') ++i;
  std::size_t lead = 0;
  while (i < n && is_digit(t[i])) ++i, ++lead;
  if (lead < 1 || lead > 3) return false;
  std::size_t groups = 0;
  while (i < n && t[i] == ',') {
    ++i;
    for (int k = 0; k < 3; ++k, ++i)
      if (i >= n || !is_digit(t[i])) return false;
    ++groups;
  }
  if (groups == 0) return false;
  if (i < n && t[i] == '.') {
    ++i;
    std::size_t frac = 0;
    while (i < n && is_digit(t[i])) ++i, ++frac;
    if (frac == 0) return false;
  }
  return i == n;
}

bool has_full_width_digit(std::string_view t) noexcept {
  // U+FF10..U+FF19 are EF BC 90..99 in UTF-8
  for (std::size_t i = 0; i + 2 < t.size(); ++i)
    if (static_cast<unsigned char>(t[i]) == 0xEF && static_cast<unsigned char>(t[i + 1]) == 0xBC &&
        static_cast<unsigned char>(t[i + 2]) >= 0x90 && static_cast<unsigned char>(t[i + 2]) <= 0x99)
      return true;
  return false;
}

}  // namespace

number_parse parse_number(std::string_view text, number_format fmt) {
  using st = number_parse::status;
  number_parse r;
  // Fast path: a plain number (nearly every cell), without allocating.
  {
    std::size_t b = 0, e = text.size();
    while (b < e && (text[b] == ' ' || text[b] == '\t')) ++b;
    while (e > b && (text[e - 1] == ' ' || text[e - 1] == '\t' || text[e - 1] == '\r' || text[e - 1] == '\n'))
      --e;
    const std::string_view v = text.substr(b, e - b);
    if (!v.empty() && is_plain_number(v)) {
      const char* first = v.data() + (v[0] == '+' ? 1 : 0);
      const char* last = v.data() + v.size();
      double x = 0;
      const auto res = std::from_chars(first, last, x);
      if (res.ec == std::errc() && res.ptr == last) {
        r.state = st::ok;
        r.value = x;
        return r;
      }
      if (res.ec == std::errc::result_out_of_range) {
        r.state = st::out_of_range;
        return r;
      }
    }
  }
  std::string t = detail::trim(text);
  if (is_missing_token(t)) {
    r.state = st::missing;
    r.value = std::numeric_limits<double>::quiet_NaN();
    return r;
  }
  if (has_full_width_digit(t)) {
    r.state = st::full_width;
    return r;
  }
  if (t[0] == '#') {
    r.state = st::excel_error;
    return r;
  }
  const bool pct = t.back() == '%' || (t.size() >= 3 && t.compare(t.size() - 3, 3, "\xEF\xBC\x85") == 0);
  if (pct) {
    if (fmt == number_format::strict) {
      r.state = st::percent;
      return r;
    }
    t = detail::trim(std::string_view(t).substr(0, t.size() - (t.back() == '%' ? 1 : 3)));
    r.removed_percent = true;
  }
  if (t.find(',') != std::string::npos) {
    if (!is_thousands_grouped(t)) {
      r.state = st::bad_grouping;
      return r;
    }
    if (fmt == number_format::strict) {
      r.state = st::thousands;
      return r;
    }
    t.erase(std::remove(t.begin(), t.end(), ','), t.end());
    r.removed_thousands = true;
  }
  if (!is_plain_number(t)) {
    r.state = st::not_a_number;
    return r;
  }
  const char* first = t.data();
  const char* last = t.data() + t.size();
  if (*first == '+') ++first;
  double v = 0;
  const auto res = std::from_chars(first, last, v);
  if (res.ec == std::errc::result_out_of_range) {
    r.state = st::out_of_range;
    return r;
  }
  if (res.ec != std::errc() || res.ptr != last) {
    r.state = st::not_a_number;
    return r;
  }
  r.state = st::ok;
  r.value = v;
  return r;
}

std::string number_advice(const number_parse& p, number_format fmt) {
  using st = number_parse::status;
  const std::string lenient = "pass number_format::lenient (CLI: --lenient-numbers)";
  switch (p.state) {
    case st::thousands: return "remove thousands separators (write 1234, not 1,234) or " + lenient;
    case st::percent:
      return "remove the % sign (values are read in the indicator's unit, usually percent) or " + lenient +
             ", which reads 12% as 12";
    case st::bad_grouping:
      return "the commas do not group digits by three, so they are not thousands separators; "
             "write a decimal point for a decimal comma (1.23, not 1,23)";
    case st::full_width:
      return "the number has full-width digits (全角数字); retype it with ASCII (half-width, 半角) "
             "digits";
    case st::out_of_range:
      return "the number is too large or too small for a double; check the value and its unit";
    case st::excel_error:
      return "this is a spreadsheet error value; fix the formula, or leave the cell empty (or "
             "write NA) for a missing value";
    default: break;
  }
  std::string out =
      "write a plain number such as 12.5 or 1.2e3; leave the cell empty or write NA for a "
      "missing value";
  if (fmt == number_format::strict) out += " (" + lenient + " to also accept 1,234 and 12%)";
  return out;
}

std::string column_letters(std::size_t column) {
  std::string out;
  while (column > 0) {
    const std::size_t r = (column - 1) % 26;
    out.insert(out.begin(), static_cast<char>('A' + r));
    column = (column - 1) / 26;
  }
  return out;
}

std::string number_text(double v) {
  if (std::isnan(v)) return {};
  char buf[64];
  const auto res = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, res.ptr);
}

}  // namespace tijian::io_detail

namespace tijian {

namespace {

using io_detail::domain;
using io_detail::key_of;

[[noreturn]] void fail(const std::string& id, const std::string& msg, location where,
                       const std::string& msg_zh = {}) {
  throw data_error(id, msg, std::move(where), msg_zh);
}

std::string describe_column(std::size_t j, const std::string& header) {
  std::string out = "column " + std::to_string(j + 1) + " (" + io_detail::column_letters(j + 1) + ")";
  if (!header.empty()) out += " '" + header + "'";
  return out;
}

constexpr std::size_t none = static_cast<std::size_t>(-1);

/// Column of an explicitly named header: exact match, then trimmed case-insensitive.
std::size_t find_named(const std::vector<std::string>& headers, const std::string& name) {
  for (std::size_t j = 0; j < headers.size(); ++j)
    if (headers[j] == name) return j;
  const std::string k = key_of(name);
  for (std::size_t j = 0; j < headers.size(); ++j)
    if (key_of(headers[j]) == k) return j;
  return none;
}

/// First candidate (in priority order) present among the headers and not yet taken.
std::size_t find_candidate(const std::vector<std::string>& headers,
                           std::initializer_list<const char*> candidates, const std::vector<char>& taken) {
  for (const char* c : candidates) {
    const std::string k = key_of(c);
    for (std::size_t j = 0; j < headers.size(); ++j)
      if (!taken[j] && key_of(headers[j]) == k) return j;
  }
  return none;
}

bool ends_with_group(const std::string& header) {
  const std::string k = key_of(header);
  // COINr's "<name>_group", and "Group_<name>" as COINr 0.x/6 exported it
  return (k.size() > 6 && k.compare(k.size() - 6, 6, "_group") == 0) || k.rfind("group_", 0) == 0;
}

std::string list_headers(const std::vector<std::string>& headers) {
  std::string out;
  for (std::size_t j = 0; j < headers.size() && j < 30; ++j) out += (j ? ", '" : "'") + headers[j] + "'";
  if (headers.size() > 30) out += ", ...";
  return out;
}

/// Where a cell of the grid is: `line` is the 1-based line (CSV) or row (sheet), `column`
/// 1-based (0: the whole line).
location at(const text_grid& g, std::size_t line, std::size_t column) {
  location l;
  l.file = g.source;
  l.sheet = g.sheet;
  l.line = line;
  l.column = column;
  return l;
}

/// The one grid -> panel step of CSV files and worksheets: column roles, numbers, validation.
panel grid_panel(const text_grid& g, const csv_options& options) {
  const std::string& source_name = g.source;
  location file_loc = at(g, 0, 0);
  const std::vector<std::string>& headers = g.header;
  const std::size_t ncols = headers.size();
  if (ncols == 0) fail("data.empty", "the header has no columns", at(g, g.header_line, 0), "表头没有列");
  // (text_grid has refused empty and repeated headers)
  // Column roles.
  std::vector<char> taken(ncols, 0);
  auto named = [&](const std::string& name, const char* role) {
    const std::size_t j = find_named(headers, name);
    if (j == none) {
      location where = at(g, g.header_line, 0);
      fail("data.missing_column",
           std::string("the ") + role + " column '" + name + "' is not in the header (" +
               list_headers(headers) + "); check the column name",
           where, "表头中没有列 '" + name + "'（表头：" + list_headers(headers) + "）；请检查列名");
    }
    if (taken[j]) {
      location where = at(g, g.header_line, j + 1);
      fail("data.bad_option",
           "column '" + headers[j] +
               "' is given two roles; choose different unit, name, period "
               "and group columns",
           where, "列 '" + headers[j] + "' 被指定了两种用途；请为单元、名称、时期和分组选择不同的列");
    }
    taken[j] = 1;
    return j;
  };
  std::size_t unit_col = none, name_col = none, period_col = none;
  std::vector<std::size_t> group_cols;
  if (!options.unit_column.empty()) unit_col = named(options.unit_column, "unit");
  if (!options.name_column.empty()) name_col = named(options.name_column, "name");
  if (!options.period_column.empty()) period_col = named(options.period_column, "period");
  for (const auto& name : options.group_columns) group_cols.push_back(named(name, "group"));
  if (unit_col == none) {
    unit_col = find_candidate(headers,
                              {"uCode", "UnitCode", "unit", "unit_code", "code", "city_code", "iso3",
                               "城市代码", "代码"},
                              taken);
    if (unit_col == none) {
      for (std::size_t j = 0; j < ncols && unit_col == none; ++j)
        if (!taken[j]) unit_col = j;
    }
    if (unit_col == none)
      fail("data.missing_column", "no column is left for the unit codes", file_loc,
           "没有剩下可作单元代码的列");
    taken[unit_col] = 1;
  }
  if (name_col == none) {
    name_col = find_candidate(headers,
                              {"uName", "UnitName", "name", "unit_name", "city", "country", "城市", "名称"},
                              taken);
    if (name_col != none) taken[name_col] = 1;
  }
  if (period_col == none) {
    period_col = find_candidate(headers, {"Time", "year", "period", "年份", "年"}, taken);
    if (period_col != none) taken[period_col] = 1;
  }
  for (std::size_t j = 0; j < ncols; ++j)
    if (!taken[j] && ends_with_group(headers[j])) {
      group_cols.push_back(j);
      taken[j] = 1;
    }
  std::vector<std::size_t> ind_cols;
  for (std::size_t j = 0; j < ncols; ++j)
    if (!taken[j]) ind_cols.push_back(j);
  if (ind_cols.empty())
    fail("data.no_indicators",
         "the file has no indicator columns: every column is a unit, name, period or group "
         "column (" +
             list_headers(headers) + ")",
         at(g, g.header_line, 0),
         "文件没有指标列：每一列都是单元、名称、时期或分组列（" + list_headers(headers) + "）");

  panel p;
  p.source = source_name;
  for (std::size_t j : ind_cols) p.indicators.push_back(headers[j]);
  for (std::size_t j : group_cols) p.groups.emplace_back(headers[j], std::vector<std::string>{});

  std::vector<double> cells;  // row-major while reading
  std::size_t thousands = 0, percents = 0;
  for (std::size_t r = 0; r < g.rows.size(); ++r) {
    const std::vector<std::string>& fields = g.rows[r];
    const std::size_t line = g.lines[r];
    const std::string unit = detail::trim(fields[unit_col]);
    location period_cell = period_col != none ? at(g, line, period_col + 1) : location{};
    period_cell.unit = unit;
    if (period_col != none) period_cell.indicator = headers[period_col];
    // integer years; "2023.0" read as 2023 (panel.hpp, period_label)
    const std::string period =
        period_col != none ? period_label(detail::trim(fields[period_col]), period_cell) : std::string();
    p.units.push_back(unit);
    p.unit_names.push_back(name_col != none ? detail::trim(fields[name_col]) : std::string());
    p.periods.push_back(period);
    p.lines.push_back(line);
    for (std::size_t k = 0; k < group_cols.size(); ++k)
      p.groups[k].second.push_back(detail::trim(fields[group_cols[k]]));
    for (std::size_t j : ind_cols) {
      const auto res = io_detail::parse_number(fields[j], options.numbers);
      using st = io_detail::number_parse::status;
      if (res.state != st::ok && res.state != st::missing) {
        location where = at(g, line, j + 1);
        where.unit = unit;
        where.indicator = headers[j];
        where.period = period;
        std::string shown = detail::trim(fields[j]);
        if (shown.size() > 60) shown = shown.substr(0, 60) + "...";
        std::string advice = io_detail::number_advice(res, options.numbers);
        if (res.state == st::not_a_number)
          advice +=
              "; if the whole column is text (a name, a region), declare it as a group "
              "column (csv_options::group_columns, or a header ending in _group) or as the "
              "unit or name column";
        fail("data.not_a_number",
             "cannot read \"" + shown + "\" in " + describe_column(j, headers[j]) + " as a number: " + advice,
             where,
             "无法把 \"" + shown + "\" 读作数（第 " + std::to_string(j + 1) + " 列 " +
                 io_detail::column_letters(j + 1) + " '" + headers[j] +
                 "'）；数字请写成 1234.5 这样（千位分隔符和百分号需 --lenient-numbers），缺失值请留空；"
                 "若整列是文字（名称、地区），请把它声明为分组列（列名以 _group 结尾）或单元、名称列");
      }
      if (res.removed_thousands) ++thousands;
      if (res.removed_percent) ++percents;
      cells.push_back(res.value);
    }
  }
  const std::size_t nrows = p.units.size();
  if (nrows == 0)
    fail("data.empty",
         std::string("the ") + (g.sheet.empty() ? "file" : "sheet") +
             " has a header but no data rows; add one row per unit (and period)",
         file_loc,
         std::string(g.sheet.empty() ? "文件" : "工作表") +
             "只有表头，没有数据行；请为每个单元（和时期）写一行");
  const std::size_t nind = ind_cols.size();
  p.values.resize(static_cast<Eigen::Index>(nrows), static_cast<Eigen::Index>(nind));
  for (std::size_t i = 0; i < nrows; ++i)
    for (std::size_t j = 0; j < nind; ++j)
      p.values(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = cells[i * nind + j];

  auto note = [&p](std::string en, std::string zh) {
    p.notes.push_back(std::move(en));
    p.notes_zh.push_back(std::move(zh));
  };
  if (g.converted)
    note("converted from GB18030 to UTF-8 (" + source_name + ")",
         "已从 GB18030 编码转换为 UTF-8 (" + source_name + ")");
  if (thousands > 0)
    note("lenient numbers: removed thousands separators from " + std::to_string(thousands) + " cell" +
             (thousands == 1 ? "" : "s") + " (" + source_name + ")",
         "宽松数字: 去掉了 " + std::to_string(thousands) + " 个单元格中的千位分隔符 (" + source_name + ")");
  if (percents > 0)
    note("lenient numbers: dropped a trailing % sign from " + std::to_string(percents) + " cell" +
             (percents == 1 ? "" : "s") + ", keeping the value in percent (12% -> 12) (" + source_name + ")",
         "宽松数字: 去掉了 " + std::to_string(percents) +
             " 个单元格末尾的 % 号, 数值仍以百分数计 (12% -> 12) (" + source_name + ")");
  p.validate();
  return p;
}


}  // namespace

panel parse_panel_csv(std::string_view bytes, const std::string& source_name, const csv_options& options) {
  return grid_panel(parse_text_grid_csv(bytes, source_name,
                                        grid_options{options.encoding, options.delimiter, {}}),
                    options);
}

panel parse_panel_xlsx(std::string_view bytes, const std::string& source_name, const csv_options& options) {
  return grid_panel(parse_text_grid_xlsx(bytes, source_name, grid_options{{}, 0, options.sheet}), options);
}

panel read_panel(const std::string& path, const csv_options& options) {
  return grid_panel(read_text_grid(path, grid_options{options.encoding, options.delimiter, options.sheet}),
                    options);
}

panel read_panel_csv(const std::string& path, const csv_options& options) {
  const std::string bytes = io_detail::read_file(path, domain::data);
  return parse_panel_csv(bytes, path, options);
}

}  // namespace tijian
