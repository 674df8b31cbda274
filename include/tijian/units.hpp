// SPDX-License-Identifier: MIT
// Units of measure in both languages: the one table of the unit spellings frameworks and target
// profiles use ("10^4 m²", "km", "%", ...) with the Chinese and English way to write each, so that
// Chinese output says 万平方米 and English output says 10,000 m² for the same indicator.
//
//   unit_label("10^4 m²", language::zh)   -> "万平方米"
//   unit_label("10^4 m²", language::en)   -> "10,000 m²"
//   unit_label("furlongs", language::zh)  -> "furlongs"   (not in the table: shown as written)
//
// A spelling not in the table is shown as written in both languages; the runs that meet one
// report it once as an info diagnostic ("data.unit_unknown", unit_notes()), never silently. A
// framework node may override the table with its own `unit_zh` / `unit_en` (framework.hpp).
// Spellings are matched exactly after trimming blanks (units are case-sensitive: "t" is not "T").
#pragma once

#include <string>
#include <string_view>

#include "detail/text.hpp"
#include "language.hpp"

namespace tijian {

/// One unit spelling and how each language writes it.
struct unit_spelling {
  const char* unit;  ///< as written in frameworks and profiles
  const char* zh;
  const char* en;
};

// clang-format off
inline constexpr unit_spelling unit_spellings[] = {
    // shares and changes
    {"%", "%", "%"},
    {"percentage points", "个百分点", "percentage points"},
    {"百分点", "个百分点", "percentage points"},
    {"ratio", "比值", "ratio"},
    {"1/0", "是=1/否=0", "yes = 1, no = 0"},
    // areas and lengths
    {"m²", "平方米", "m²"},
    {"10^4 m²", "万平方米", "10,000 m²"},
    {"万平方米", "万平方米", "10,000 m²"},
    {"km²", "平方公里", "km²"},
    {"平方公里", "平方公里", "km²"},
    {"km", "公里", "km"},
    {"公里", "公里", "km"},
    {"m²/person", "平方米/人", "m² per person"},
    {"m² per person", "平方米/人", "m² per person"},
    {"km/10^4 people", "公里/万人", "km per 10,000 people"},
    // money
    {"yuan", "元", "yuan"},
    {"10^4 yuan", "万元", "10,000 yuan"},
    {"10^8 yuan", "亿元", "100 million yuan"},
    {"100 million yuan", "亿元", "100 million yuan"},
    {"亿元", "亿元", "100 million yuan"},
    {"2017 PPP $", "2017年购买力平价美元", "2017 PPP $"},
    // mass, volume, energy, power
    {"t", "吨", "t"},
    {"10^4 t", "万吨", "10,000 t"},
    {"10^4 tce", "万吨标准煤", "10,000 t of coal equivalent"},
    {"10^4 mu", "万亩", "10,000 mu"},
    {"kg/ha", "千克/公顷", "kg/ha"},
    {"万吨", "万吨", "10,000 t"},
    {"10^4 t/yr", "万吨/年", "10,000 t per year"},
    {"L", "升", "L"},
    {"10^8 m³", "亿立方米", "100 million m³"},
    {"mg/L", "毫克/升", "mg/L"},
    {"μg/m³", "微克/立方米", "μg/m³"},
    {"10^4 kW", "万千瓦", "10,000 kW"},
    {"t/10^4 m²", "吨/万平方米", "t per 10,000 m²"},
    {"t/10^4 yuan", "吨/万元", "t per 10,000 yuan"},
    {"tce/10^4 yuan", "吨标准煤/万元", "tce per 10,000 yuan"},
    {"m³/10^4 yuan", "立方米/万元", "m³ per 10,000 yuan"},
    {"kgce/person", "千克标准煤/人", "kgce per person"},
    {"kgce/m²", "千克标准煤/平方米", "kgce per m²"},
    // time
    {"days", "天", "days"},
    {"天", "天", "days"},
    {"years", "年", "years"},
    {"年", "年", "years"},
    // people and trips
    {"people", "人", "people"},
    {"10^4 people", "万人", "10,000 people"},
    {"10^4 trips/yr", "万人次/年", "10,000 trips per year"},
    // counted things: the Chinese measure word of each
    {"items", "个", "items"},
    {"个", "个", "items"},
    {"parks", "个", "parks"},
    {"communities", "个", "communities"},
    {"areas", "个", "areas"},
    {"piles", "个", "charging piles"},
    {"stations", "座", "stations"},
    {"sites", "处", "sites"},
    {"places", "处", "places"},
    {"处", "处", "places"},
    {"rivers", "条", "rivers"},
    {"lines", "条", "lines"},
    {"条", "条", "lines"},
    {"beds", "张", "beds"},
    {"factories", "家", "factories"},
    // the spellings of COINr-style iMeta tables (ASEM)
    {"Percent", "%", "%"},
    {"Score", "分", "score"},
    {"Number", "个", "number"},
    {"Ratio", "比值", "ratio"},
};
// clang-format on

/// The table entry of a unit spelling, or nullptr when the table does not know it.
[[nodiscard]] inline const unit_spelling* find_unit(std::string_view unit) {
  const std::string u = detail::trim(unit);
  for (const auto& s : unit_spellings)
    if (u == s.unit) return &s;
  return nullptr;
}

/// Whether `unit` is empty or in the table (a unit outside it is shown as written).
[[nodiscard]] inline bool is_known_unit(std::string_view unit) {
  return detail::trim(unit).empty() || find_unit(unit) != nullptr;
}

/// How `lang` writes a unit: the table's spelling, or the unit as written when it is not known.
[[nodiscard]] inline std::string unit_label(std::string_view unit, language lang) {
  if (const unit_spelling* s = find_unit(unit)) return in_language(lang, s->zh, s->en);
  return detail::trim(unit);
}

}  // namespace tijian
