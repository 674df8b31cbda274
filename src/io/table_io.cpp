// SPDX-License-Identifier: MIT
// CSV and JSON writers of tables and documents (include/tijian/io/table_io.hpp).
#include "tijian/io/table_io.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <functional>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "atomic_file.hpp"
#include "csv_split.hpp"
#include "table_layout.hpp"
#include "tijian/units.hpp"

namespace tijian {

namespace {

using json = nlohmann::ordered_json;

json json_number(double v) {
  if (!std::isfinite(v)) return nullptr;
  return v;
}

json field_json(const field_value& v) {
  return std::visit(
      [](const auto& x) -> json {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::monostate>) return nullptr;
        else if constexpr (std::is_same_v<T, double>) return json_number(x);
        else if constexpr (std::is_same_v<T, std::vector<double>>) {
          json a = json::array();
          for (double d : x) a.push_back(json_number(d));
          return a;
        } else return x;
      },
      v);
}

json schema_json(const table& t) {
  json cols = json::array();
  for (const column& c : t.columns) {
    json col = json{{"name", c.name},
                    {"type", to_string(c.type)},
                    {"label_zh", c.label_zh},
                    {"label_en", c.label_en}};
    if (!c.unit_zh.empty() || !c.unit_en.empty()) col["unit"] = json{{"zh", c.unit_zh}, {"en", c.unit_en}};
    if (!c.unit_column.empty()) col["unit_column"] = c.unit_column;
    if (c.written_in) col["written_in"] = to_string(*c.written_in);
    if (c.type == column_type::categorical) {
      json cats = json::array();
      for (const category& k : c.categories)
        cats.push_back(json{{"code", k.code}, {"zh", k.zh}, {"en", k.en}});
      col["categories"] = std::move(cats);
    }
    cols.push_back(std::move(col));
  }
  return json{{"label_zh", t.label_zh}, {"label_en", t.label_en}, {"columns", std::move(cols)}};
}

/// The JSON text of a document, written as it walks the tables (no JSON tree: a table of a
/// million cells is not first built as a million JSON values). The layout is nlohmann's dump:
/// compact, or pretty with two-space indents; numbers and strings go through nlohmann's own
/// serializer, so the text is the one dump() gives (tests/cpp/test_io.cpp compares them).
/// Text is appended to `out`; `flush` (if set) is called whenever it holds more than a megabyte,
/// so that a file is written in pieces.
class json_stream {
 public:
  json_stream(std::string& out, bool pretty, std::function<void(std::string&)> flush = {})
      : out_(out),
        pretty_(pretty),
        flush_(std::move(flush)),
        dump_(nlohmann::detail::output_adapter<char, std::string>(out), ' ', json::error_handler_t::replace) {
  }

  void document_body(const document& d, const std::vector<std::pair<std::string, json>>& extra) {
    open('{');
    bool first = true;
    for (const auto& e : d.entries) {
      key(e.name, first);
      if (e.table) table_rows(*e.table);
      else if (e.group) document_body(*e.group, {});
      else value(field_json(e.value));
    }
    for (const auto& [name, v] : extra) {
      key(name, first);
      value(v);
    }
    close('}', first);
  }

  void finish() {
    if (pretty_) out_ += '\n';
    if (flush_) flush_(out_);
  }

 private:
  void newline() {
    if (!pretty_) return;
    out_ += '\n';
    out_.append(static_cast<std::size_t>(2 * depth_), ' ');
  }
  void open(char bracket) {
    out_ += bracket;
    ++depth_;
  }
  void close(char bracket, bool empty) {
    --depth_;
    if (!empty) newline();
    out_ += bracket;
    if (flush_ && out_.size() > (std::size_t{1} << 20)) flush_(out_);
  }
  void separator(bool& first) {
    if (!first) out_ += ',';
    first = false;
    newline();
  }
  void key(const std::string& name, bool& first) {
    separator(first);
    string(name);
    out_ += pretty_ ? ": " : ":";
  }
  /// A string as JSON: plain ASCII without quotes, backslashes or control characters as it is,
  /// anything else escaped (and invalid UTF-8 replaced) by nlohmann's serializer.
  void string(const std::string& s) {
    const bool plain = std::all_of(s.begin(), s.end(), [](char ch) {
      const auto u = static_cast<unsigned char>(ch);
      return u >= 0x20 && u < 0x80 && ch != '"' && ch != '\\';
    });
    if (!plain) {
      dump_.dump(json(s), false, false, 0);
      return;
    }
    out_ += '"';
    out_ += s;
    out_ += '"';
  }
  void number(double v) {
    if (!std::isfinite(v)) {
      out_ += "null";
      return;
    }
    char buf[64];
    char* end = nlohmann::detail::to_chars(buf, buf + sizeof buf, v);
    out_.append(buf, end);
  }
  void value(const json& v) {
    dump_.dump(v, pretty_, false, pretty_ ? 2 : 0, static_cast<unsigned>(2 * depth_));
  }
  void cell(const column& c, std::size_t row) {
    if (c.is_missing(row)) {
      out_ += "null";
      return;
    }
    switch (c.type) {
      case column_type::text: string(c.texts[row]); return;
      case column_type::real: number(c.reals[row]); return;
      case column_type::integer: out_ += std::to_string(c.integers[row]); return;
      case column_type::boolean: out_ += c.integers[row] != 0 ? "true" : "false"; return;
      case column_type::categorical: string(c.category_of(row)->code); return;
    }
    out_ += "null";
  }
  void table_rows(const table& t) {
    std::vector<std::string> zh_keys;  // the Chinese label of a categorical column, beside its code
    for (const column& c : t.columns) zh_keys.push_back(c.name + "_zh");
    open('[');
    const std::size_t n = t.rows();
    bool first_row = true;
    for (std::size_t i = 0; i < n; ++i) {
      separator(first_row);
      open('{');
      bool first = true;
      for (std::size_t k = 0; k < t.columns.size(); ++k) {
        const column& c = t.columns[k];
        key(c.name, first);
        cell(c, i);
        if (c.type == column_type::categorical) {
          key(zh_keys[k], first);
          if (c.is_missing(i)) out_ += "null";
          else string(c.category_of(i)->zh);
        }
      }
      close('}', first);
    }
    close(']', first_row);
  }

  std::string& out_;
  bool pretty_;
  std::function<void(std::string&)> flush_;
  nlohmann::detail::serializer<json> dump_;
  int depth_ = 0;
};

std::vector<std::pair<std::string, json>> schema_entry(const document& d, bool schema) {
  if (!schema) return {};
  json s = json::object();
  for (const table* t : d.tables()) s[t->name] = schema_json(*t);
  return {{"schema", std::move(s)}};
}

}  // namespace

namespace {

/// A table as CSV, appended to `out`; `flush` (if set) takes the text whenever it holds more than
/// a megabyte, so that a file is written in pieces.
void table_csv(const table& t, const table_format& format, std::string& out,
               const std::function<void(std::string&)>& flush) {
  const std::vector<io_detail::output_column> cols = io_detail::output_columns(t, format);
  const bool zh = format.lang == language::zh;
  for (std::size_t k = 0; k < cols.size(); ++k) {
    if (k > 0) out += ",";
    std::string head = cols[k].header;
    if (!cols[k].unit.empty()) head += zh ? "(" + cols[k].unit + ")" : " (" + cols[k].unit + ")";
    out += io_detail::csv_field(head);
  }
  out += "\n";
  const std::size_t n = t.rows();
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t k = 0; k < cols.size(); ++k) {
      if (k > 0) out += ",";
      const io_detail::output_cell cell = io_detail::output_cell_of(cols[k], i, format);
      using kind = io_detail::output_cell::kind;
      switch (cell.what) {
        case kind::empty: break;
        case kind::real: out += io_detail::number_text(cell.real); break;
        case kind::integer: out += std::to_string(cell.integer); break;
        case kind::boolean: out += cell.flag ? "true" : "false"; break;
        case kind::text: out += io_detail::csv_field(cell.text); break;
      }
    }
    out += "\n";
    if (flush && out.size() > (std::size_t{1} << 20)) flush(out);
  }
  if (flush) flush(out);
}

/// Writes a file's text in pieces: `fill` appends to a buffer and calls the flush it is given.
void write_in_pieces(
    const std::string& temporary,
    const std::function<void(std::string&, const std::function<void(std::string&)>&)>& fill) {
  std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
  if (!file) throw std::runtime_error("cannot open the file");
  std::string buffer;
  fill(buffer, [&file](std::string& text) {
    file.write(text.data(), static_cast<std::streamsize>(text.size()));
    text.clear();
  });
  file.flush();
  if (!file) throw std::runtime_error("writing failed");
}

}  // namespace

std::string table_to_csv(const table& t, const table_format& format) {
  std::string out;
  table_csv(t, format, out, {});
  return out;
}

std::string document_to_json(const document& d, bool schema, bool pretty) {
  std::string out;
  json_stream w(out, pretty);
  w.document_body(d, schema_entry(d, schema));
  w.finish();
  return out;
}

void io_detail::stage_document_json(staged_files& staged, const document& d, const std::string& path,
                                    bool schema, bool pretty) {
  staged.add(path, [&](const std::string& temporary) {
    write_in_pieces(temporary, [&](std::string& buffer, const std::function<void(std::string&)>& flush) {
      json_stream w(buffer, pretty, flush);
      w.document_body(d, schema_entry(d, schema));
      w.finish();
    });
  });
}

void write_document_json(const document& d, const std::string& path, bool schema, bool pretty) {
  io_detail::staged_files staged;
  io_detail::stage_document_json(staged, d, path, schema, pretty);
  (void)staged.commit();
}

void io_detail::stage_document_csv(staged_files& staged, const document& d, const std::string& path,
                                   const table_format& format) {
  std::string stem = path;
  const std::size_t slash = stem.find_last_of("/\\");
  const std::size_t dot = stem.find_last_of('.');
  if (dot != std::string::npos && (slash == std::string::npos || dot > slash)) stem.resize(dot);
  // each table written in pieces to its temporary (a document's CSV files are staged together)
  bool first = true;
  for (const table* t : d.tables()) {
    staged.add(first ? path : stem + "-" + t->name + ".csv", [&](const std::string& temporary) {
      write_in_pieces(temporary, [&](std::string& buffer, const std::function<void(std::string&)>& flush) {
        if (format.bom) buffer += utf8_bom;
        table_csv(*t, format, buffer, flush);
      });
    });
    first = false;
  }
}

std::vector<std::string> write_document_csv(const document& d, const std::string& path,
                                            const table_format& format) {
  // all or none: every file staged, then renamed in together (atomic_file.hpp)
  io_detail::staged_files staged;
  io_detail::stage_document_csv(staged, d, path, format);
  return staged.commit();
}

namespace {

[[noreturn]] void bad_document(const std::string& what) {
  throw error("io.json", "not a document of tijian's tables: " + what);
}

table table_from_json(const std::string& name, const json& rows, const json& schema) {
  table t(name, schema.value("label_zh", std::string()), schema.value("label_en", std::string()));
  if (!rows.is_array()) bad_document("table '" + name + "' is not a list of rows");
  for (const json& cs : schema.at("columns")) {
    column c;
    c.name = cs.at("name").get<std::string>();
    const auto type = find_enum<column_type>(cs.at("type").get<std::string>());
    if (!type) bad_document("column '" + c.name + "' has an unknown type");
    c.type = *type;
    c.label_zh = cs.value("label_zh", std::string());
    c.label_en = cs.value("label_en", std::string());
    if (cs.contains("unit")) {
      c.unit_zh = cs["unit"].value("zh", std::string());
      c.unit_en = cs["unit"].value("en", std::string());
    }
    c.unit_column = cs.value("unit_column", std::string());
    if (cs.contains("written_in")) {  // a column that exists once per language (name_zh, name_en)
      language lang{};
      if (!try_parse_enum(cs["written_in"].get<std::string>(), lang))
        bad_document("column '" + c.name + "' has an unknown language");
      c.written_in = lang;
    }
    if (cs.contains("categories"))
      for (const json& k : cs["categories"])
        c.categories.push_back(
            {k.at("code").get<std::string>(), k.value("zh", std::string()), k.value("en", std::string())});
    bool any_missing = false;
    std::vector<char> missing;
    for (const json& row : rows) {
      const json& v = row.contains(c.name) ? row[c.name] : json(nullptr);
      const bool none = v.is_null();
      missing.push_back(none ? 1 : 0);
      any_missing = any_missing || none;
      switch (c.type) {
        case column_type::text: c.texts.push_back(none ? std::string() : v.get<std::string>()); break;
        case column_type::real:
          c.reals.push_back(none ? std::numeric_limits<double>::quiet_NaN() : v.get<double>());
          break;
        case column_type::integer: c.integers.push_back(none ? 0 : v.get<std::int64_t>()); break;
        case column_type::boolean: c.integers.push_back(none ? 0 : (v.get<bool>() ? 1 : 0)); break;
        case column_type::categorical: {
          std::int64_t k = -1;
          if (!none) {
            const auto code = v.get<std::string>();
            for (std::size_t j = 0; j < c.categories.size(); ++j)
              if (c.categories[j].code == code) k = static_cast<std::int64_t>(j);
            if (k < 0) bad_document("'" + code + "' is not a category of column '" + c.name + "'");
          }
          c.integers.push_back(k);
          break;
        }
      }
    }
    if (any_missing && c.type != column_type::real && c.type != column_type::categorical)
      c.missing = std::move(missing);
    t.columns.push_back(std::move(c));
  }
  return t;
}

field_value field_from_json(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_number_integer()) return v.get<std::int64_t>();
  if (v.is_number()) return v.get<double>();
  if (v.is_array() && !v.empty() && v.front().is_string()) return v.get<std::vector<std::string>>();
  if (v.is_array()) {
    std::vector<double> out;
    for (const json& x : v)
      out.push_back(x.is_null() ? std::numeric_limits<double>::quiet_NaN() : x.get<double>());
    return out;
  }
  return std::monostate{};
}

document document_from(const json& obj, const json& schema) {
  document d;
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    if (it.key() == "schema") continue;
    if (it.value().is_array() && schema.contains(it.key()))
      d.add(table_from_json(it.key(), it.value(), schema[it.key()]));
    else if (it.value().is_object()) d.group(it.key(), document_from(it.value(), schema));
    else d.field(it.key(), field_from_json(it.value()));
  }
  return d;
}

}  // namespace

document document_from_json(std::string_view text) {
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::exception& e) {
    bad_document(e.what());
  }
  if (!doc.is_object() || !doc.contains("schema")) bad_document("no \"schema\" entry");
  try {
    return document_from(doc, doc["schema"]);
  } catch (const json::exception& e) {
    bad_document(e.what());
  }
}

void write_table_csv(const table& t, const std::string& path, const table_format& format) {
  io_detail::write_file_atomic(path, [&](const std::string& temporary) {
    write_in_pieces(temporary, [&](std::string& buffer, const std::function<void(std::string&)>& flush) {
      if (format.bom) buffer += utf8_bom;
      table_csv(t, format, buffer, flush);
    });
  });
}

}  // namespace tijian
