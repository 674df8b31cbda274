// SPDX-License-Identifier: MIT
// The names of an enum's values, in one table per enum: a stable ASCII code (what files,
// options and programs use) and zh/en labels (what people read). An enum gets its table by
// specialising enum_names next to its declaration:
//
//   template <> struct enum_names<traffic_light> {
//     static constexpr const char* what = "traffic light";
//     static constexpr enum_name<traffic_light> entries[] = {
//         {traffic_light::green, "green", "绿", "green"}, ...};
//   };
//
// and then to_string / label / parse_enum / codes_of work for it, and categorical table columns
// (table.hpp) take its categories from the same table. No other list of the names exists.
// Older spellings a reader still accepts go in an optional `aliases` list of {text, value}
// next to the entries; parsing ignores case and surrounding blanks.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "detail/text.hpp"
#include "error.hpp"

namespace tijian {

template <class E>
struct enum_name {
  E value;
  const char* code;
  const char* zh;
  const char* en;
};

/// Another accepted spelling of a value (parsed, never written).
template <class E>
struct enum_alias {
  const char* text;
  E value;
};

/// Specialised for every enum that has names (see the top of this file).
template <class E>
struct enum_names;

template <class E, class = void>
struct has_enum_names : std::false_type {};
template <class E>
struct has_enum_names<E, std::void_t<decltype(enum_names<E>::entries)>> : std::true_type {};

template <class E, class = void>
struct has_enum_aliases : std::false_type {};
template <class E>
struct has_enum_aliases<E, std::void_t<decltype(enum_names<E>::aliases)>> : std::true_type {};

template <class E>
using if_named = std::enable_if_t<has_enum_names<E>::value, int>;

/// A value of an enum that stands for "no value" (a row without a traffic light) is not a
/// category: specialise `enum_no_value<E> { static constexpr E value = ...; }` and categorical
/// table columns (table.hpp) leave it out of their categories and write it as a missing cell.
template <class E>
struct enum_no_value;

template <class E, class = void>
struct has_enum_no_value : std::false_type {};
template <class E>
struct has_enum_no_value<E, std::void_t<decltype(enum_no_value<E>::value)>> : std::true_type {};

template <class E>
[[nodiscard]] constexpr bool is_no_value(E v) noexcept {
  if constexpr (has_enum_no_value<E>::value) return v == enum_no_value<E>::value;
  else return false;
}

/// Position of a value in its enum's table (the category index of table columns).
template <class E, if_named<E> = 0>
[[nodiscard]] constexpr std::size_t index_of(E v) noexcept {
  std::size_t k = 0;
  for (const auto& e : enum_names<E>::entries) {
    if (e.value == v) return k;
    ++k;
  }
  return k;
}

template <class E, if_named<E> = 0>
[[nodiscard]] constexpr const enum_name<E>* name_entry(E v) noexcept {
  for (const auto& e : enum_names<E>::entries)
    if (e.value == v) return &e;
  return nullptr;
}

/// The ASCII code of a value ("?" for a value outside the table).
template <class E, if_named<E> = 0>
[[nodiscard]] constexpr const char* to_string(E v) noexcept {
  const auto* e = name_entry(v);
  return e ? e->code : "?";
}

/// The label of a value for readers: Chinese or English.
template <class E, if_named<E> = 0>
[[nodiscard]] constexpr const char* label(E v, bool chinese) noexcept {
  const auto* e = name_entry(v);
  return e ? (chinese ? e->zh : e->en) : "?";
}

template <class E, if_named<E> = 0>
[[nodiscard]] constexpr const char* label_zh(E v) noexcept {
  return label(v, true);
}

/// "a, b or c": the codes of an enum, for error messages and help texts ("a、b 或 c" in Chinese).
template <class E, if_named<E> = 0>
[[nodiscard]] std::string codes_of(bool zh = false) {
  std::string out;
  const std::size_t n = std::size(enum_names<E>::entries);
  std::size_t k = 0;
  for (const auto& e : enum_names<E>::entries) {
    if (k > 0) out += k + 1 == n ? (zh ? " 或 " : " or ") : (zh ? "、" : ", ");
    out += e.code;
    ++k;
  }
  return out;
}

/// The value a text names (its code or an alias, in any case); nullopt if none.
template <class E, if_named<E> = 0>
[[nodiscard]] std::optional<E> find_enum(std::string_view text) {
  const std::string t = detail::lower(detail::trim(text));
  for (const auto& e : enum_names<E>::entries)
    if (t == e.code) return e.value;
  if constexpr (has_enum_aliases<E>::value) {
    for (const auto& a : enum_names<E>::aliases)
      if (t == a.text) return a.value;
  }
  return std::nullopt;
}

/// A name another library gives a method that has no exact equivalent here (COINr's n_scaled):
/// it is refused, naming the nearest value and what differs, rather than mapped to something
/// that computes another number. Specialise `enum_names<E>::near` with entries of this type.
template <class E>
struct enum_near_name {
  const char* text;  ///< lower case
  E nearest;
  const char* differs;
};

template <class E, class = void>
struct has_enum_near : std::false_type {};
template <class E>
struct has_enum_near<E, std::void_t<decltype(enum_names<E>::near)>> : std::true_type {};

/// "'n_scaled' (COINr) has no exact equivalent: the nearest is 'goalposts' (...)", or "" when
/// `text` is not such a name. Error messages of the readers append it.
template <class E, if_named<E> = 0>
[[nodiscard]] std::string near_miss(std::string_view text) {
  if constexpr (has_enum_near<E>::value) {
    const std::string t = detail::lower(detail::trim(text));
    for (const auto& n : enum_names<E>::near)
      if (t == n.text)
        return "'" + std::string(text) + "' has no exact equivalent here: the nearest is '" +
               to_string(n.nearest) + "' (" + n.differs + ")";
  }
  return {};
}

/// near_miss in Chinese: the nearest code only (the difference is explained in English and in the
/// README's table of COINr names).
template <class E, if_named<E> = 0>
[[nodiscard]] std::string near_miss_zh(std::string_view text) {
  if constexpr (has_enum_near<E>::value) {
    const std::string t = detail::lower(detail::trim(text));
    for (const auto& n : enum_names<E>::near)
      if (t == n.text)
        return "'" + std::string(text) + "' 在此没有完全等价的方法，最接近的是 '" + to_string(n.nearest) +
               "'；";
  }
  return {};
}

/// The value whose code (or alias) is `code`; recipe_error `id` naming the allowed codes otherwise
/// (and, for another library's name without an exact equivalent, the nearest: near_miss).
template <class E, if_named<E> = 0>
[[nodiscard]] E parse_enum(std::string_view code, const std::string& id, location where = {}) {
  if (const auto v = find_enum<E>(code)) return *v;
  const std::string near = near_miss<E>(code);
  throw recipe_error(id,
                     std::string(enum_names<E>::what) + " '" + std::string(code) + "' is not known; " +
                         (near.empty() ? "" : near + "; ") + "use " + codes_of<E>(),
                     std::move(where),
                     "'" + std::string(code) + "' 不是可用的取值；" + near_miss_zh<E>(code) + "可用：" +
                         codes_of<E>(true));
}

/// The same, without throwing: false when the code is not known.
template <class E, if_named<E> = 0>
[[nodiscard]] bool try_parse_enum(std::string_view code, E& out) {
  const auto v = find_enum<E>(code);
  if (v) out = *v;
  return v.has_value();
}

}  // namespace tijian
