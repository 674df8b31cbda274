// SPDX-License-Identifier: MIT
// Reading and writing indicator frameworks: a TOML file (people edit it) or a COINr-style iMeta
// table (people keep it in Excel). Both readers only translate text into node_specs; the tree
// itself (unknown parents, cycles, duplicate codes, weights, bands, ...) is validated by the
// tijian::framework constructor. Every error is a framework_error naming the file, the line (and
// column where known) and the node, and saying how to fix the input.
//
// TOML format (schema "tijian/framework/1")
//
//   schema = "tijian/framework/1"          # optional; if present it must be exactly this
//
//   [[node]]                               # an aggregate: the root, a dimension, ...
//   code = "GCI"                           # required; ASCII letters, digits, _ . -
//   name_zh = "绿色城市指数"
//   name_en = "Green city index"
//   weight = 1                             # relative to siblings; default 1
//   aggregation = "arithmetic"             # optional; or an inline table:
//   # aggregation = { method = "power_mean", p = 0.5, zeros = "give_zero", zero_floor = 1e-6 }
//
//   [[node]]
//   code = "ECO"
//   parent = "GCI"                         # absent or "" only for the root
//   name_zh = "绿色生态"
//   weight = 0.3
//
//   [[indicator]]                          # a leaf
//   code = "green_cover"
//   parent = "ECO"
//   name_zh = "建成区绿化覆盖率"
//   name_en = "Green coverage of built-up area"
//   unit = "%"                             # shown through the table of units.hpp in each
//   unit_zh = "个"                          #  language; unit_zh / unit_en override it (optional)
//   unit_en = "parks"
//   weight = 1
//   direction = "higher"                   # "higher" / "lower" / "band" (also 1 / -1 and the
//                                          #  other names enum_names<direction> accepts)
//   band = [30.0, 45.0]                    # [lower, upper]; required for direction "band"
//   type = "bottom_line"                   # "guidance" (default) / "bottom_line"
//   source = "城市统计年鉴"                  # data-source note
//   goalposts = { lower = 20, upper = 85, scale = "linear" }   # scale "linear" (default) / "log"
//   denominator = "population"             # a data column this indicator is divided by when the
//   scale_factor = 10000.0                 #  recipe denominates: x / (d / scale_factor); default 1
//
//   [[indicator.target]]                   # any number of targets
//   value = 40.0                           # threshold
//   comparator = ">="                      # ">=", "<=" or "band"; default from the direction
//                                          #  (higher: ">=", lower: "<=", band: "band")
//   year = 2025                            # 0 or absent: no year
//   source = "十四五规划"
//
//   [[indicator.target]]
//   comparator = "band"
//   lower = 30.0                           # band targets give lower (or value) and upper
//   upper = 45.0
//
// Instead of [[node]] and [[indicator]] tables, `nodes` may list both kinds in one array, in order,
// each with an optional kind = "aggregate" or "indicator" (default: an aggregate if some node
// names it as parent). Frameworks given as Python dicts use it (io/documents.hpp).
//
// Keys are case-sensitive. An unknown key (a typo) is an error naming the key and its line; so
// is a value of the wrong type. Numbers may be written as integers or floats ("nan" is read but
// rejected by the framework where a finite number is required).
//
// iMeta table (CSV; COINr's shape, header = line 1). Column names are case-insensitive:
//   Level, iCode (or Code), iName (or Name, name_en), Direction, Weight, Unit, Target,
//   Denominator, Parent, Type                        -- COINr's columns; Level, iCode,
//                                                       Direction, Weight, Parent and Type are
//                                                       required
//   name_zh, IndicatorType (guidance / bottom_line), Comparator, TargetUpper, TargetYear,
//   TargetSource, band_lower, band_upper, goalpost_lower, goalpost_upper, goalpost_scale,
//   Source, ScaleFactor                              -- optional tijian extensions
//   Any other column is an error listing the accepted ones (typo protection).
// Type is Indicator or Aggregate for framework nodes; rows of Type Group, Denominator and Other
// describe data columns and are skipped. Rules (as COINr's check_iMeta): indicators are at
// Level 1, aggregates at Level >= 2, and a child's Level is below its parent's. Direction must
// parse for indicators (an aggregate may leave it empty: COINr ignores aggregate directions).
// Weight must be a number. A non-empty Target becomes one target whose comparator is Comparator
// if given, else ">=" for higher-is-better and "<=" for lower-is-better indicators (a band
// indicator needs Comparator = band and TargetUpper). Denominator (a data column) and the
// optional tijian column ScaleFactor (default 1) fill an indicator's node_spec::denominator and
// scale_factor, used when the recipe sets prepare.denominate (denominate.hpp); on aggregates
// they are ignored. Numbers follow the strict CSV rule (csv.hpp). The file may be UTF-8 (with or
// without BOM) or GB18030/GBK, detected as for data files.
#pragma once

#include <string>
#include <string_view>

#include "../framework.hpp"

namespace tijian {

/// Loads a framework by file extension: ".toml" -> TOML, ".csv" -> iMeta table; anything else
/// is a framework_error ("framework.file_type"). Unreadable files: "io.read".
[[nodiscard]] framework load_framework(const std::string& path);

/// Parses the TOML format above. `source_name` names the input in messages and becomes
/// framework::source(). Error ids: "framework.syntax", "framework.schema",
/// "framework.unknown_key", "framework.wrong_type", "framework.missing_key",
/// "framework.bad_direction", "framework.bad_comparator", "framework.bad_indicator_type",
/// "framework.bad_aggregation", "framework.bad_goalposts", "framework.bad_band",
/// "framework.bad_target" and the framework constructor's ids.
[[nodiscard]] framework parse_framework_toml(std::string_view text, const std::string& source_name);

/// Parses an iMeta table. Error ids: "framework.csv_syntax", "framework.empty",
/// "framework.missing_column", "framework.unknown_column", "framework.duplicate_column",
/// "framework.field_count", "framework.bad_level", "framework.bad_node_type",
/// "framework.bad_direction", "framework.bad_number", "framework.bad_weight", "framework.bad_target",
/// "framework.bad_comparator", "framework.bad_indicator_type", "framework.bad_goalposts",
/// "framework.encoding" and the framework constructor's ids.
[[nodiscard]] framework parse_framework_imeta(std::string_view csv_text, const std::string& source_name);

/// The TOML text of a framework, in the format above (nodes in the framework's pre-order).
/// parse_framework_toml(to_toml(f), ...).describe() == f.describe().
[[nodiscard]] std::string to_toml(const framework& f);

}  // namespace tijian
