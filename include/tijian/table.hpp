// SPDX-License-Identifier: MIT
// A result table, described once: named, typed columns, each with a unit and zh/en labels.
//
// Every result type says what its tables are (e.g. `describe(const check_result&)`), and every
// writer - CSV and JSON (io/table_io.hpp), pandas and pickling (the Python module), the report -
// is generic over this description. A column is therefore defined in exactly one place, and the
// writers cannot drift apart.
//
// Column types
//   text         UTF-8 strings
//   real         doubles; NaN is missing
//   integer      64-bit integers
//   boolean      true / false
//   categorical  one of a fixed list of categories, each with a stable ASCII code and zh/en
//                labels (verdicts, lights, reasons). Files for programs carry the code (and the
//                Chinese label in a companion column `<name>_zh`), files for people the label
//                in their language (io/table_io.hpp).
// Any cell of any type may be missing (empty in CSV, null in JSON, NA in pandas).
//
// A column that exists once per language (an indicator's name_zh and name_en, a message and
// message_zh) says which language its text is in (`written_in`), so that a file for readers of
// one language keeps only that language's column.
//
// Units: a column's unit is either fixed (`unit_zh` / `unit_en`: "%", "分") or given per row by
// a text column of the same table (`unit_column`, e.g. the indicator's unit for a value column
// that holds several indicators).
//
// A result is a `document`: an ordered list of entries, each a scalar or list field
// (provenance, options), a group of entries (a JSON object), or a table. The JSON writer
// renders a document in order; the CSV writer writes its tables.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "error.hpp"
#include "language.hpp"
#include "names.hpp"

namespace tijian {

namespace detail {
template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};
}  // namespace detail

enum class column_type { text, real, integer, boolean, categorical };

template <>
struct enum_names<column_type> {
  static constexpr const char* what = "column type";
  static constexpr enum_name<column_type> entries[] = {
      {column_type::text, "text", "文本", "text"},
      {column_type::real, "real", "实数", "real number"},
      {column_type::integer, "integer", "整数", "integer"},
      {column_type::boolean, "boolean", "是否", "yes/no"},
      {column_type::categorical, "categorical", "分类", "category"},
  };
};

/// One category of a categorical column.
struct category {
  std::string code;  ///< stable ASCII code, what programs compare
  std::string zh, en;
};

/// A named, typed column with its values. Build columns through `table`'s adders.
struct column {
  std::string name;  ///< ASCII, the CSV header, JSON key and DataFrame column
  column_type type = column_type::text;
  std::string label_zh, label_en;
  std::string unit_zh, unit_en;        ///< fixed unit of every value; empty: none or per row
  std::string unit_column;             ///< name of the text column giving each row's unit, if any
  std::optional<language> written_in;  ///< the language of the text, for one-language columns

  std::vector<std::string> texts;      ///< text
  std::vector<double> reals;           ///< real (NaN = missing)
  std::vector<std::int64_t> integers;  ///< integer, boolean (0/1), categorical (index, -1 = missing)
  std::vector<char> missing;           ///< text, integer, boolean: 1 = missing; empty = none missing
  std::vector<category> categories;    ///< categorical

  [[nodiscard]] std::size_t size() const noexcept {
    switch (type) {
      case column_type::text: return texts.size();
      case column_type::real: return reals.size();
      default: return integers.size();
    }
  }
  [[nodiscard]] bool is_missing(std::size_t row) const noexcept {
    if (type == column_type::real) return std::isnan(reals[row]);
    if (type == column_type::categorical) return integers[row] < 0;
    return !missing.empty() && missing[row] != 0;
  }
  /// The category of a categorical cell (nullptr when missing).
  [[nodiscard]] const category* category_of(std::size_t row) const noexcept {
    const std::int64_t k = integers[row];
    return k < 0 ? nullptr : &categories[static_cast<std::size_t>(k)];
  }
};

/// Labels of a column or table: its name in Chinese and in English, and its unit.
struct column_label {
  std::string zh, en;
  std::string unit_zh = {}, unit_en = {};
};

/// A table: named columns of equal length. Built column by column from a vector of row
/// structs with the adders below, each given a function that reads one row.
class table {
 public:
  std::string name;  ///< ASCII: JSON key, CSV file suffix, Python attribute
  std::string label_zh, label_en;
  std::vector<column> columns;

  table() = default;
  table(std::string name_, std::string zh, std::string en)
      : name(std::move(name_)), label_zh(std::move(zh)), label_en(std::move(en)) {}

  [[nodiscard]] std::size_t rows() const noexcept { return columns.empty() ? 0 : columns.front().size(); }
  [[nodiscard]] const column* find(std::string_view col) const noexcept {
    for (const auto& c : columns)
      if (c.name == col) return &c;
    return nullptr;
  }
  /// The column named `col`; error "table.column" when the table has none (a document read
  /// back that does not match its description).
  [[nodiscard]] const column& at(std::string_view col) const {
    if (const column* c = find(col)) return *c;
    throw error("table.column", "table '" + name + "' has no column '" + std::string(col) + "'");
  }

  // --- reading cells back (the inverse of the adders; a missing cell reads as empty / NaN / 0)

  [[nodiscard]] std::string text_at(std::string_view col, std::size_t row) const {
    const column& c = at(col);
    return c.is_missing(row) ? std::string() : c.texts.at(row);
  }
  [[nodiscard]] double real_at(std::string_view col, std::size_t row) const { return at(col).reals.at(row); }
  [[nodiscard]] std::int64_t integer_at(std::string_view col, std::size_t row) const {
    const column& c = at(col);
    return c.is_missing(row) ? 0 : c.integers.at(row);
  }
  [[nodiscard]] bool boolean_at(std::string_view col, std::size_t row) const {
    return integer_at(col, row) != 0;
  }
  /// The value of a categorical cell of enum E (nullopt when missing).
  template <class E>
  [[nodiscard]] std::optional<E> enum_at(std::string_view col, std::size_t row) const {
    const column& c = at(col);
    if (c.is_missing(row)) return std::nullopt;
    return find_enum<E>(c.category_of(row)->code);
  }

  // --- building from rows -------------------------------------------------------------------
  // Each adder appends one column whose values are f(row) for every row of `rows`. A function
  // may return std::optional<...> to mark missing cells.

  template <class Rows, class F>
  column& text(std::string col, const column_label& l, const Rows& rows, F f) {
    column& c = add(std::move(col), column_type::text, l);
    c.texts.reserve(rows.size());
    for (const auto& r : rows) {
      auto v = f(r);
      if constexpr (detail::is_optional<decltype(v)>::value) {
        mark(c, !v.has_value());
        c.texts.push_back(v ? std::string(*v) : std::string());
      } else {
        c.texts.emplace_back(std::move(v));
      }
    }
    return c;
  }

  template <class Rows, class F>
  column& real(std::string col, const column_label& l, const Rows& rows, F f) {
    column& c = add(std::move(col), column_type::real, l);
    c.reals.reserve(rows.size());
    for (const auto& r : rows) {
      auto v = f(r);
      if constexpr (detail::is_optional<decltype(v)>::value)
        c.reals.push_back(v ? static_cast<double>(*v) : nan());
      else c.reals.push_back(static_cast<double>(v));
    }
    return c;
  }

  template <class Rows, class F>
  column& integer(std::string col, const column_label& l, const Rows& rows, F f) {
    return whole(std::move(col), column_type::integer, l, rows, f);
  }

  template <class Rows, class F>
  column& boolean(std::string col, const column_label& l, const Rows& rows, F f) {
    return whole(std::move(col), column_type::boolean, l, rows, f);
  }

  /// A categorical column of an enum with enum_names: f returns the enum value, or an empty
  /// optional for a missing cell. A value that means "no value" (enum_no_value, names.hpp) or
  /// is outside the enum's table is a missing cell too, never a category.
  template <class E, class Rows, class F>
  column& categorical(std::string col, const column_label& l, const Rows& rows, F f) {
    column& c = add(std::move(col), column_type::categorical, l);
    std::vector<std::int64_t> position;  // enum table position -> category index (-1: none)
    for (const auto& e : enum_names<E>::entries) {
      position.push_back(is_no_value(e.value) ? -1 : static_cast<std::int64_t>(c.categories.size()));
      if (!is_no_value(e.value)) c.categories.push_back({e.code, e.zh, e.en});
    }
    c.integers.reserve(rows.size());
    for (const auto& r : rows) {
      const std::optional<E> v = f(r);
      const std::size_t k = v ? index_of(*v) : position.size();
      c.integers.push_back(k < position.size() ? position[k] : -1);
    }
    return c;
  }

 private:
  static double nan() noexcept { return std::numeric_limits<double>::quiet_NaN(); }

  column& add(std::string col, column_type type, const column_label& l) {
    column c;
    c.name = std::move(col);
    c.type = type;
    c.label_zh = l.zh;
    c.label_en = l.en;
    c.unit_zh = l.unit_zh;
    c.unit_en = l.unit_en;
    columns.push_back(std::move(c));
    return columns.back();
  }

  // Called before the row's value is appended: c.size() rows are known so far.
  static void mark(column& c, bool is_missing) {
    if (is_missing && c.missing.size() < c.size()) c.missing.resize(c.size(), 0);
    if (is_missing || !c.missing.empty()) c.missing.push_back(is_missing ? 1 : 0);
  }

  template <class Rows, class F>
  column& whole(std::string col, column_type type, const column_label& l, const Rows& rows, F f) {
    column& c = add(std::move(col), type, l);
    c.integers.reserve(rows.size());
    for (const auto& r : rows) {
      auto v = f(r);
      if constexpr (detail::is_optional<decltype(v)>::value) {
        mark(c, !v.has_value());
        c.integers.push_back(v ? static_cast<std::int64_t>(*v) : 0);
      } else {
        c.integers.push_back(static_cast<std::int64_t>(v));
      }
    }
    return c;
  }
};

/// A scalar or list value of a document field (provenance, options).
using field_value = std::variant<std::monostate, std::string, double, std::int64_t, bool,
                                 std::vector<std::string>, std::vector<double>>;

/// A result as its writers see it: an ordered list of named entries, each a field, a group of
/// entries or a table.
struct document {
  struct entry {
    std::string name;
    field_value value;                     // a field ...
    std::shared_ptr<document> group;       // ... or a group ...
    std::shared_ptr<tijian::table> table;  // ... or a table
  };
  std::vector<entry> entries;

  document& field(std::string name, field_value v) {
    entries.push_back({std::move(name), std::move(v), nullptr, nullptr});
    return *this;
  }
  document& group(std::string name, document d) {
    entries.push_back({std::move(name), {}, std::make_shared<document>(std::move(d)), nullptr});
    return *this;
  }
  /// A table under its own name, or under `key` (e.g. "rows" inside a group).
  document& add(tijian::table t, std::string key = {}) {
    if (key.empty()) key = t.name;
    entries.push_back({std::move(key), {}, nullptr, std::make_shared<tijian::table>(std::move(t))});
    return *this;
  }
  /// Every table of the document, groups included, in order.
  [[nodiscard]] std::vector<const tijian::table*> tables() const {
    std::vector<const tijian::table*> out;
    for (const auto& e : entries) {
      if (e.table) out.push_back(e.table.get());
      if (e.group)
        for (const auto* t : e.group->tables()) out.push_back(t);
    }
    return out;
  }
  [[nodiscard]] const tijian::table* find_table(std::string_view name) const {
    for (const auto* t : tables())
      if (t->name == name) return t;
    return nullptr;
  }
  /// The table named `name`; error "table.missing" when the document has none.
  [[nodiscard]] const tijian::table& table_named(std::string_view name) const {
    if (const auto* t = find_table(name)) return *t;
    throw error("table.missing", "the document has no table '" + std::string(name) + "'");
  }
  [[nodiscard]] const entry* find(std::string_view name) const {
    for (const auto& e : entries)
      if (e.name == name) return &e;
    return nullptr;
  }
  /// A text field (empty when absent or not text).
  [[nodiscard]] std::string text_field(std::string_view name) const {
    const entry* e = find(name);
    const auto* v = e ? std::get_if<std::string>(&e->value) : nullptr;
    return v ? *v : std::string();
  }
};

}  // namespace tijian
