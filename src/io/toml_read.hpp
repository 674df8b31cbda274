// SPDX-License-Identifier: MIT
// Internal: strict reading of TOML documents with toml++ (framework and recipe files). Every
// problem becomes a tijian error naming file, line and column: syntax errors, unknown keys
// (typo protection) and values of the wrong type. Not installed, not public API.
#pragma once

#include <toml++/toml.h>

#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "csv_split.hpp"

namespace tijian::io_detail {

[[nodiscard]] inline const char* toml_type_name_zh(const toml::node& n) noexcept {
  switch (n.type()) {
    case toml::node_type::string: return "字符串";
    case toml::node_type::integer: return "整数";
    case toml::node_type::floating_point: return "浮点数";
    case toml::node_type::boolean: return "布尔值";
    case toml::node_type::date: return "日期";
    case toml::node_type::time: return "时间";
    case toml::node_type::date_time: return "日期时间";
    case toml::node_type::array: return "数组";
    case toml::node_type::table: return "表";
    default: return "空";
  }
}

/// The Chinese of what a value must be (the English texts of the readers' wrong_type calls);
/// "" for one not known here (the message then stays English).
[[nodiscard]] inline std::string expected_zh(std::string_view en) {
  static const std::pair<std::string_view, std::string_view> words[] = {
      {"a number", "数"},
      {"an integer", "整数"},
      {"true or false", "true 或 false"},
      {"a string (in double quotes)", "字符串（写在双引号中）"},
      {"a table", "表"},
      {"an array", "数组"},
      {"a list of numbers", "数的列表"},
      {"a list of strings", "字符串的列表"},
      {"a table {indicator code: weight}", "表 {指标代码: 权重}"},
      {"a method name or a table { method = ..., p = ... }", "方法名或表 { method = ..., p = ... }"},
      {"a method name or an inline table { method = ..., p = ... }",
       "方法名或内联表 { method = ..., p = ... }"},
      {"a string (\"higher\", \"lower\", \"band\") or 1 / -1",
       "字符串（\"higher\"、\"lower\"、\"band\"）或 1 / -1"},
  };
  for (const auto& [e, z] : words)
    if (e == en) return std::string(z);
  return {};
}

/// A key as a message names it; " (each element)" (a list's elements) in Chinese.
[[nodiscard]] inline std::string key_zh(std::string key) {
  const std::string each = " (each element)";
  if (key.size() > each.size() && key.compare(key.size() - each.size(), each.size(), each) == 0)
    key.replace(key.size() - each.size(), each.size(), "（每个元素）");
  return key;
}

[[nodiscard]] inline const char* toml_type_name(const toml::node& n) noexcept {
  switch (n.type()) {
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a float";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::date: return "a date";
    case toml::node_type::time: return "a time";
    case toml::node_type::date_time: return "a date-time";
    case toml::node_type::array: return "an array";
    case toml::node_type::table: return "a table";
    default: return "nothing";
  }
}

/// Reads values out of a parsed document, throwing errors of one domain ("framework." or
/// "recipe." ids) that name the file, line and column.
class toml_reader {
 public:
  toml_reader(std::string source, domain d, std::string prefix)
      : source_(std::move(source)), domain_(d), prefix_(std::move(prefix)) {}

  /// Parses; a syntax error becomes "<prefix>.syntax" at its line and column.
  [[nodiscard]] toml::table parse(std::string_view text) const {
    try {
      return toml::parse(text, std::string_view(source_));
    } catch (const toml::parse_error& e) {
      location where = file();
      where.line = e.source().begin.line;
      where.column = e.source().begin.column;
      fail("syntax",
           "TOML syntax error: " + std::string(e.description()) + "; see https://toml.io for the syntax",
           where,
           "TOML 语法错误（解析器 toml++ 的说明：" + std::string(e.description()) +
               "）；语法见 https://toml.io");
    }
  }

  [[nodiscard]] location file() const {
    location l;
    l.file = source_;
    return l;
  }
  [[nodiscard]] location at(const toml::source_region& r, const std::string& node = {}) const {
    location l = file();
    l.line = r.begin.line;
    l.column = r.begin.column;
    l.node = node;
    return l;
  }
  [[nodiscard]] location at(const toml::node& n, const std::string& node = {}) const {
    return at(n.source(), node);
  }

  /// Raises "<prefix>.<id_suffix>" (`msg_zh`: the Chinese wording, error.hpp).
  [[noreturn]] void fail(const std::string& id_suffix, const std::string& msg, const location& where,
                         const std::string& msg_zh = {}) const {
    raise(domain_, prefix_ + "." + id_suffix, msg, where, msg_zh);
  }

  /// Unknown keys are an error naming the key, its line and the accepted keys.
  void check_keys(const toml::table& t, std::initializer_list<std::string_view> allowed,
                  const std::string& what, const std::string& node = {}) const {
    for (auto&& [k, v] : t) {
      bool ok = false;
      for (auto a : allowed)
        if (k.str() == a) ok = true;
      if (ok) continue;
      std::string list;
      for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      location where = at(k.source(), node);
      if (where.line == 0) where = at(v, node);
      fail("unknown_key",
           "unknown key '" + std::string(k.str()) + "' in " + what + " (a typo?); accepted keys: " + list,
           where, "未知的键 '" + std::string(k.str()) + "'（拼写错误？）；可用的键：" + list);
    }
  }

  [[noreturn]] void wrong_type(const toml::node& v, const std::string& key, const char* expected,
                               const std::string& node = {}) const {
    const std::string zh = expected_zh(expected);
    fail("wrong_type", "'" + key + "' must be " + expected + ", not " + toml_type_name(v), at(v, node),
         zh.empty() ? std::string() : "'" + key_zh(key) + "' 须为" + zh + "，而不是" + toml_type_name_zh(v));
  }

  [[nodiscard]] std::string string(const toml::node& v, const std::string& key,
                                   const std::string& node = {}) const {
    if (const auto* s = v.as_string()) return s->get();
    wrong_type(v, key, "a string (in double quotes)", node);
  }

  /// Integers and floats ("nan" and "inf" included: callers decide what is valid).
  [[nodiscard]] double number(const toml::node& v, const std::string& key,
                              const std::string& node = {}) const {
    if (const auto* f = v.as_floating_point()) return f->get();
    if (const auto* i = v.as_integer()) return static_cast<double>(i->get());
    wrong_type(v, key, "a number", node);
  }

  [[nodiscard]] std::int64_t integer(const toml::node& v, const std::string& key, std::int64_t lo,
                                     std::int64_t hi, const std::string& node = {}) const {
    std::int64_t out = 0;
    if (const auto* i = v.as_integer()) {
      out = i->get();
    } else if (const auto* f = v.as_floating_point(); f && std::isfinite(f->get()) &&
                                                      std::floor(f->get()) == f->get() &&
                                                      std::fabs(f->get()) < 9e15) {
      out = static_cast<std::int64_t>(f->get());
    } else {
      wrong_type(v, key, "an integer", node);
    }
    if (out < lo || out > hi)
      fail("bad_value",
           "'" + key + "' = " + std::to_string(out) + " is out of range; use a value from " +
               std::to_string(lo) + " to " + std::to_string(hi),
           at(v, node),
           "'" + key + "' = " + std::to_string(out) + " 超出范围；请用 " + std::to_string(lo) + " 到 " +
               std::to_string(hi) + " 之间的值");
    return out;
  }

  [[nodiscard]] bool boolean(const toml::node& v, const std::string& key,
                             const std::string& node = {}) const {
    if (const auto* b = v.as_boolean()) return b->get();
    wrong_type(v, key, "true or false", node);
  }

  /// A list of numbers; a single number is a list of one.
  [[nodiscard]] std::vector<double> numbers(const toml::node& v, const std::string& key) const {
    if (v.is_number()) return {number(v, key)};
    std::vector<double> out;
    if (!v.is_array()) wrong_type(v, key, "a list of numbers");
    for (const toml::node& x : *v.as_array()) {
      if (!x.is_number()) wrong_type(x, key + " (each element)", "a number");
      out.push_back(number(x, key));
    }
    return out;
  }

  [[nodiscard]] std::vector<std::string> strings(const toml::node& v, const std::string& key) const {
    std::vector<std::string> out;
    if (!v.is_array()) wrong_type(v, key, "a list of strings");
    for (const toml::node& x : *v.as_array()) out.push_back(string(x, key + " (each element)"));
    return out;
  }

  [[nodiscard]] const toml::table& table(const toml::node& v, const std::string& key,
                                         const std::string& node = {}) const {
    if (const auto* t = v.as_table()) return *t;
    wrong_type(v, key, "a table", node);
  }

  [[nodiscard]] const toml::array& array(const toml::node& v, const std::string& key,
                                         const std::string& node = {}) const {
    if (const auto* a = v.as_array()) return *a;
    wrong_type(v, key, "an array", node);
  }

  [[nodiscard]] const std::string& source() const noexcept { return source_; }

 private:
  std::string source_;
  domain domain_;
  std::string prefix_;
};

}  // namespace tijian::io_detail
