// SPDX-License-Identifier: MIT
// The national basic indicator system (national.hpp), the basic check on a unit hierarchy
// (national_check.hpp) and the official grading (national_grade.hpp).
//
// Independent references:
//  - the counts per level and per aspect, names, units and standards are written here from
//    /work/shared/reference/national-city-health-check-2025.md §1 (HB25 l.159-167, l.423,
//    l.1006, l.1565, l.2011-2023 and the per-indicator tables), not read from the TOML;
//  - 表3 (HB25 l.2075ff, reference §1.4 end) at every boundary, counted by hand;
//  - the survey rule "如果低于60分，则降一级" (HB25 l.2071);
//  - a small hierarchy whose roll-ups are counted by hand in the comments.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include <tijian/io/national_io.hpp>
#include <tijian/national.hpp>
#include <tijian/national_check.hpp>
#include <tijian/national_grade.hpp>
#include <tijian/national_tables.hpp>

namespace {

using namespace tijian;

const national_system& sys() {
  static const national_system s = builtin_national_system();
  return s;
}

// --- the framework against the reference ------------------------------------------------------

TEST(NationalSystem, CountsPerLevelAreThoseOfHB25) {
  // reference §1: 住房 9, 小区（社区）12, 街区 8, 城区（城市）30, 问题整治 1 = 60
  std::map<national_level, int> n;
  for (const auto& i : sys().indicators) ++n[i.level];
  EXPECT_EQ(sys().indicators.size(), 60u);
  EXPECT_EQ(n[national_level::housing], 9);
  EXPECT_EQ(n[national_level::community], 12);
  EXPECT_EQ(n[national_level::block], 8);
  EXPECT_EQ(n[national_level::district], 30);
  EXPECT_EQ(n[national_level::rectification], 1);
  for (int k = 0; k < 60; ++k) EXPECT_EQ(sys().indicators[static_cast<std::size_t>(k)].no, k + 1);
}

TEST(NationalSystem, AspectsAndTheirCountsAreThoseOfHB25) {
  // reference §1 table: (level, aspect, count) in order
  const std::vector<std::tuple<national_level, std::string, int>> expected{
      {national_level::housing, "安全耐久", 4},
      {national_level::housing, "功能完备", 3},
      {national_level::housing, "绿色智能", 2},
      {national_level::community, "设施完善", 7},
      {national_level::community, "环境宜居", 3},
      {national_level::community, "管理健全", 2},
      {national_level::block, "功能完善", 4},
      {national_level::block, "整洁有序", 1},
      {national_level::block, "特色活力", 3},
      {national_level::district, "生态宜居", 7},
      {national_level::district, "历史文化保护利用", 5},
      {national_level::district, "产城融合、职住平衡", 4},
      {national_level::district, "安全韧性", 9},
      {national_level::district, "智慧高效", 5},
      {national_level::rectification, "问题整治", 1},
  };
  std::vector<std::tuple<national_level, std::string, int>> got;
  for (const auto& i : sys().indicators) {
    if (!got.empty() && std::get<0>(got.back()) == i.level && std::get<1>(got.back()) == i.aspect_zh)
      ++std::get<2>(got.back());
    else got.emplace_back(i.level, i.aspect_zh, 1);
  }
  EXPECT_EQ(got, expected);
}

TEST(NationalSystem, SpotChecksOfNamesUnitsAndStandards) {
  // written from the reference's tables (§1.1-§1.4)
  const auto& s = sys();
  EXPECT_EQ(s.at("1").name_zh, "存在结构安全隐患的住宅数量");
  EXPECT_EQ(s.at("1").unit_zh, "栋");
  EXPECT_EQ(s.at("5").name_zh, "非成套住宅数量");
  EXPECT_EQ(s.at("5").unit_zh, "套");
  EXPECT_EQ(s.at("18").name_zh, "不达标的步行道长度");
  EXPECT_EQ(s.at("18").unit_zh, "千米");
  EXPECT_EQ(s.at("26").unit_zh, "条");
  EXPECT_EQ(s.at("22").name_zh, "中学服务半径覆盖率");
  EXPECT_EQ(s.at("22").measure, national_measure::coverage_rate);
  EXPECT_EQ(s.at("25").measure, national_measure::coverage_rate);
  EXPECT_EQ(s.at("35").name_zh, "城市道路网密度");
  EXPECT_EQ(s.at("35").unit_zh, "千米/平方千米");
  EXPECT_EQ(s.at("48").unit_zh, "万立方米/小时/平方千米");
  EXPECT_EQ(s.at("58").name_zh, "城市信息模型（CIM）基础平台建设三维数据覆盖率");
  EXPECT_EQ(s.at("59").unit_zh, "件/平方千米");
  EXPECT_EQ(s.at("60").name_zh, "问题整治完成率");
  EXPECT_EQ(s.at("n52").name_zh, "老旧市政燃气管网改造完成率");

  // no. 30: 不低于70%
  ASSERT_EQ(s.at("30").standards.size(), 1u);
  EXPECT_EQ(s.at("30").standards[0].cmp, comparator::at_least);
  EXPECT_EQ(s.at("30").standards[0].value, 70.0);
  // no. 35: ≥8; no. 44: ≥10; no. 54: 2 m²/person; no. 39 and 40: 0; no. 37 and 57: 100 %
  EXPECT_EQ(s.at("35").standards[0].value, 8.0);
  EXPECT_EQ(s.at("44").standards[0].value, 10.0);
  EXPECT_EQ(s.at("54").standards[0].value, 2.0);
  EXPECT_EQ(s.at("39").standards[0].cmp, comparator::at_most);
  EXPECT_EQ(s.at("39").standards[0].value, 0.0);
  EXPECT_EQ(s.at("40").standards[0].value, 0.0);
  EXPECT_EQ(s.at("37").standards[0].value, 100.0);
  EXPECT_EQ(s.at("57").standards[0].value, 100.0);

  // no. 55: 直辖市/省会/计划单列 ≥30 %, 地级 ≥15 %; no. 58: ≥60 % / ≥30 %
  city_context capital{"C", "P", city_class::provincial_capital, city_size::large, true};
  city_context prefecture{"D", "P", city_class::prefecture, city_size::medium, false};
  ASSERT_NE(resolve_standards(s.at("55"), capital).comparable(), nullptr);
  EXPECT_EQ(resolve_standards(s.at("55"), capital).comparable()->value, 30.0);
  EXPECT_EQ(resolve_standards(s.at("55"), prefecture).comparable()->value, 15.0);
  EXPECT_EQ(resolve_standards(s.at("58"), capital).comparable()->value, 60.0);
  EXPECT_EQ(resolve_standards(s.at("58"), prefecture).comparable()->value, 30.0);
  // no. 43: 超大 ≥30 %, 特大 ≥20 %, 大 ≥10 %; none for a medium city
  city_context super{"S", "P", city_class::municipality, city_size::super_large, true};
  city_context mega{"M", "P", city_class::provincial_capital, city_size::megacity, true};
  EXPECT_EQ(resolve_standards(s.at("43"), super).comparable()->value, 30.0);
  EXPECT_EQ(resolve_standards(s.at("43"), mega).comparable()->value, 20.0);
  EXPECT_EQ(resolve_standards(s.at("43"), capital).comparable()->value, 10.0);
  EXPECT_TRUE(resolve_standards(s.at("43"), prefecture).in_force.empty());
  // without the class, the tier cannot be decided and nothing is guessed
  city_context unknown{};
  EXPECT_TRUE(resolve_standards(s.at("55"), unknown).in_force.empty());
  EXPECT_TRUE(resolve_standards(s.at("55"), unknown).undecided);
}

TEST(NationalSystem, NoStandardWhereProvincesDecideOrNoneIsGiven) {
  // reference §6 item 7: nos. 31, 33, 38, 41, 45, 46, 48, 49, 50, 51, 56, 59 have no national value
  for (int no : {31, 33, 38, 41, 45, 46, 48, 49, 50, 51, 56, 59})
    EXPECT_TRUE(sys().at(std::to_string(no)).standards.empty()) << no;
  // levels 1-29 count deficient objects: no thresholds
  for (int no = 1; no <= 29; ++no) EXPECT_TRUE(sys().at(std::to_string(no)).standards.empty()) << no;
}

TEST(NationalSystem, DirectionsAsStatedInferredOrAbsent) {
  // stated: 30 (≥), 39 (= 0); inferred: 31, 33, 38, 41; none: 50 (reference: "not stated")
  EXPECT_EQ(sys().at("30").dir, direction::higher_is_better);
  EXPECT_EQ(sys().at("30").dir_basis, direction_basis::stated);
  EXPECT_EQ(sys().at("39").dir, direction::lower_is_better);
  EXPECT_EQ(sys().at("39").dir_basis, direction_basis::stated);
  for (int no : {31, 33, 38, 41, 45, 46, 48, 49, 51, 52, 56, 59})
    EXPECT_EQ(sys().at(std::to_string(no)).dir_basis, direction_basis::inferred) << no;
  EXPECT_FALSE(sys().at("50").dir.has_value());
  for (int no = 1; no <= 29; ++no) EXPECT_FALSE(sys().at(std::to_string(no)).dir.has_value()) << no;
}

TEST(NationalSystem, ProblemTypesApplicabilityAndNotes) {
  // HB25 l.339: 1-4 底线型, 7-9 提升型, 5 and 6 not stated
  for (int no : {1, 2, 3, 4}) EXPECT_EQ(sys().at(std::to_string(no)).type, problem_type::bottom_line);
  for (int no : {7, 8, 9}) EXPECT_EQ(sys().at(std::to_string(no)).type, problem_type::improvement);
  EXPECT_FALSE(sys().at("5").type.has_value());
  EXPECT_FALSE(sys().at("6").type.has_value());
  // reference §5: 43 only with rail transit, 50 only for 超大特大城市
  EXPECT_EQ(sys().at("43").applies, applicability_rule::rail_transit);
  EXPECT_EQ(sys().at("50").applies, applicability_rule::super_or_megacity);
  city_context no_rail{"X", "P", city_class::prefecture, city_size::large, false};
  EXPECT_EQ(applicable_in(sys().at("43"), no_rail), applicability::not_applicable);
  EXPECT_EQ(applicable_in(sys().at("50"), no_rail), applicability::not_applicable);
  EXPECT_EQ(applicable_in(sys().at("50"), city_context{}), applicability::unknown);
  // the inconsistencies of reference §6 item 8 are notes the output shows
  for (int no : {34, 52, 54, 58}) EXPECT_FALSE(sys().at(std::to_string(no)).notes.empty()) << no;
  bool water = false;
  for (const auto& n : sys().notes) water = water || n.find("入户水质") != std::string::npos;
  EXPECT_TRUE(water);
  const table notes = national_notes_table(sys());
  EXPECT_GE(notes.rows(), 5u);
  // no. 53's value is OCR-decoded: said in the standard's note
  EXPECT_NE(sys().at("53").standards.at(0).note.find("OCR"), std::string::npos);
}

TEST(NationalSystem, OverridesReplaceRecordAndRefuseUnknownIndicators) {
  const national_override prov = parse_national_override(
      "schema = \"tijian/national-overrides/1\"\nscope = \"province\"\nname = \"某省\"\n"
      "[[override]]\nindicator = 38\n[[override.standard]]\ncmp = \"<=\"\nvalue = 10\n"
      "[[override]]\nindicator = \"n30\"\n[[override.standard]]\ncmp = \">=\"\nvalue = 75\n",
      "prov.toml");
  const national_override city = parse_national_override(
      "scope = \"city\"\nname = \"某市\"\n[[override]]\nindicator = 30\n[[override.standard]]\ncmp = \">=\"\n"
      "value = 80\n",
      "city.toml");
  std::vector<applied_override> rec;
  // given city first: the province still applies first
  const national_system s = apply_overrides(sys(), {city, prov}, &rec);
  ASSERT_EQ(s.at("38").standards.size(), 1u);
  EXPECT_EQ(s.at("38").standards[0].value, 10.0);
  EXPECT_EQ(s.at("38").standards[0].origin, standard_origin::province);
  EXPECT_EQ(s.at("30").standards[0].value, 80.0);
  EXPECT_EQ(s.at("30").standards[0].origin, standard_origin::city);
  ASSERT_EQ(rec.size(), 3u);
  EXPECT_EQ(rec[0].replaced, "");  // no. 38 had none
  EXPECT_EQ(rec[1].replaced, "≥70，2025年");
  EXPECT_EQ(rec[2].scope, standard_origin::city);

  const national_override bad = parse_national_override(
      "scope = \"city\"\n[[override]]\nindicator = 61\n[[override.standard]]\ncmp = \">=\"\nvalue = 1\n",
      "bad.toml");
  try {
    (void)apply_overrides(sys(), {bad});
    FAIL() << "no error";
  } catch (const error& e) {
    EXPECT_EQ(e.id(), "national.unknown_indicator");
    EXPECT_EQ(e.where().file, "bad.toml");
    EXPECT_EQ(e.where().line, 2u);
  }
  const national_override lower = parse_national_override(
      "scope = \"city\"\n[[override]]\nindicator = 3\n[[override.standard]]\ncmp = \">=\"\nvalue = 1\n",
      "l.toml");
  try {
    (void)apply_overrides(sys(), {lower});
    FAIL() << "no error";
  } catch (const error& e) {
    EXPECT_EQ(e.id(), "national.override_level");
  }
  EXPECT_THROW((void)parse_national_override("scope = \"nation\"\n", "x.toml"), error);
}

// --- 表3 and the survey rule ------------------------------------------------------------------

overall_verdict t3(std::int64_t vg, std::int64_t g, std::int64_t f, std::int64_t ins) {
  return grade_overall(grade_counts{vg, g, f, ins});
}

TEST(NationalGrade, Table3AtEveryBoundary) {
  // 10 graded indicators, so k of them is k·10 %.
  // 优: 很好 ≥ 80 % and no 不足. Exactly 80 %: 8 很好 + 2 一般 -> 优
  EXPECT_EQ(t3(8, 0, 2, 0).grade, overall_grade::excellent);
  // 7 很好 (70 %) + 3 较好, no 不足: 很好+较好 100 % but 很好 < 80 % -> 良 (the case 表3 omits)
  EXPECT_EQ(t3(7, 3, 0, 0).grade, overall_grade::good);
  EXPECT_EQ(t3(7, 3, 0, 0).rule, table3_rule::good_80_no_gap);
  // 8 很好 + 1 一般 + 1 不足: 很好 80 % but some 不足 -> 良 (≥80 % with 不足)
  EXPECT_EQ(t3(8, 0, 1, 1).grade, overall_grade::good);
  EXPECT_EQ(t3(8, 0, 1, 1).rule, table3_rule::good_80_with_gap);
  // 很好+较好 exactly 80 % with 不足 -> 良
  EXPECT_EQ(t3(4, 4, 1, 1).grade, overall_grade::good);
  // 很好+较好 70 %, no 不足 -> 良; with 不足 -> 中
  EXPECT_EQ(t3(3, 4, 3, 0).grade, overall_grade::good);
  EXPECT_EQ(t3(3, 4, 2, 1).grade, overall_grade::medium);
  // exactly 60 % belongs to 60-80 %: no 不足 -> 良, with 不足 -> 中
  EXPECT_EQ(t3(3, 3, 4, 0).grade, overall_grade::good);
  EXPECT_EQ(t3(3, 3, 4, 0).rule, table3_rule::good_60_80);
  EXPECT_EQ(t3(3, 3, 3, 1).grade, overall_grade::medium);
  EXPECT_EQ(t3(3, 3, 3, 1).rule, table3_rule::medium_60_80);
  // 50 %: no 不足 -> 中, with 不足 -> 差
  EXPECT_EQ(t3(2, 3, 5, 0).grade, overall_grade::medium);
  EXPECT_EQ(t3(2, 3, 4, 1).grade, overall_grade::poor);
  // exactly 40 % belongs to 40-60 %
  EXPECT_EQ(t3(2, 2, 6, 0).grade, overall_grade::medium);
  EXPECT_EQ(t3(2, 2, 6, 0).rule, table3_rule::medium_40_60);
  EXPECT_EQ(t3(2, 2, 5, 1).grade, overall_grade::poor);
  EXPECT_EQ(t3(2, 2, 5, 1).rule, table3_rule::poor_40_60);
  // 30 % -> 差 whatever else
  EXPECT_EQ(t3(3, 0, 7, 0).grade, overall_grade::poor);
  EXPECT_EQ(t3(3, 0, 7, 0).rule, table3_rule::poor_below_40);
  // nothing graded: no grade
  EXPECT_FALSE(t3(0, 0, 0, 0).grade.has_value());
}

TEST(NationalGrade, Table3WithCountsThatAreNotMultiplesOfTen) {
  // 29 graded (no. 43 or 50 not applicable): 80 % of 29 = 23.2, so 23 很好 is 79.3 % (< 80 %)
  // and 24 is 82.8 %.
  EXPECT_EQ(t3(23, 6, 0, 0).rule, table3_rule::good_80_no_gap);
  EXPECT_EQ(t3(24, 5, 0, 0).grade, overall_grade::excellent);
  // 60 % of 30 is exactly 18: 18 good-or-better with a 不足 is 中, 17 with no 不足 is 中
  EXPECT_EQ(t3(9, 9, 11, 1).grade, overall_grade::medium);
  EXPECT_EQ(t3(9, 8, 13, 0).grade, overall_grade::medium);
  EXPECT_EQ(t3(9, 9, 12, 0).grade, overall_grade::good);
}

TEST(NationalGrade, SurveyBelowSixtyDropsOneGrade) {
  // "如果低于60分，则降一级": 59.9 drops, 60 does not
  EXPECT_EQ(apply_survey(indicator_grade::very_good, 59.9).grade, indicator_grade::good);
  EXPECT_TRUE(apply_survey(indicator_grade::very_good, 59.9).dropped);
  EXPECT_EQ(apply_survey(indicator_grade::good, 10.0).grade, indicator_grade::fair);
  EXPECT_EQ(apply_survey(indicator_grade::fair, 0.0).grade, indicator_grade::insufficient);
  EXPECT_EQ(apply_survey(indicator_grade::very_good, 60.0).grade, indicator_grade::very_good);
  EXPECT_FALSE(apply_survey(indicator_grade::very_good, 60.0).dropped);
  EXPECT_FALSE(apply_survey(indicator_grade::good, std::nullopt).dropped);
  // 不足 cannot drop further: recorded, not changed
  const auto bottom = apply_survey(indicator_grade::insufficient, 30.0);
  EXPECT_EQ(bottom.grade, indicator_grade::insufficient);
  EXPECT_FALSE(bottom.dropped);
  EXPECT_TRUE(bottom.at_bottom);
}

TEST(NationalGrade, GradingShowsStandardTrendTargetAndPeersAndCountsTable3) {
  city_context c{"示例市", "示例省", city_class::prefecture, city_size::large, false};
  std::vector<grade_input> in;
  // 8 very good, one of which drops to good through the survey
  for (int no = 30; no <= 37; ++no)
    in.push_back({std::to_string(no), indicator_grade::very_good, {}, {}, {}, {}, {}, {}, {}});
  in[0].survey_score = 55.0;
  in[0].value = 72.0;
  in[0].previous = 68.0;
  in[0].target = 75.0;
  in.push_back({"38", indicator_grade::good, 80.0, {}, {}, {}, {}, {}, {}});
  in.push_back({"55", indicator_grade::fair, {}, 12.0, {}, {}, {}, {}, {}});
  const std::vector<peer_value> peers{{"30", "甲市", 65.0, {}},
                                      {"30", "乙市", 80.0, {}},
                                      {"30", "丙市", 71.0, {}}};
  const grading_result r = grade(sys(), c, in, peers);
  EXPECT_EQ(r.rows.size(), 30u);
  const graded_indicator& n30 = r.rows[0];
  EXPECT_EQ(n30.assessor_grade, indicator_grade::very_good);
  EXPECT_EQ(n30.final_grade, indicator_grade::good);
  EXPECT_TRUE(n30.dropped);
  EXPECT_NE(n30.adjustment_zh.find("低于60分"), std::string::npos);
  EXPECT_EQ(n30.change, 4.0);
  EXPECT_EQ(n30.trend, national_trend::improved);
  EXPECT_EQ(n30.meets_standard, true);  // 72 ≥ 70
  EXPECT_EQ(n30.meets_target, false);   // 72 < 75
  EXPECT_EQ(n30.peers.size(), 3u);
  // no. 55 in a prefecture-level city: ≥15 %, 12 misses it
  EXPECT_EQ(r.rows[25].indicator->no, 55);
  EXPECT_EQ(r.rows[25].meets_standard, false);
  // no. 43: no rail transit -> not applicable, not counted, not listed as ungraded
  EXPECT_EQ(r.rows[13].indicator->no, 43);
  EXPECT_EQ(r.rows[13].applies, applicability::not_applicable);
  // 7 很好, 2 较好, 1 一般 of 10 graded: 很好 70 %, 很好+较好 90 %, no 不足 -> 良
  EXPECT_EQ(r.counts.very_good, 7);
  EXPECT_EQ(r.counts.good, 2);
  EXPECT_EQ(r.counts.fair, 1);
  EXPECT_EQ(r.overall.grade, overall_grade::good);
  // 30 城区 indicators, 10 graded, 43 and 50 not applicable (a large city): 18 ungraded
  EXPECT_EQ(r.ungraded.size(), 18u);

  const document d = describe(r);
  const table& g = d.table_named("grades");
  EXPECT_EQ(g.rows(), 30u);
  EXPECT_EQ(g.text_at("standard_zh", 0), "≥70，2025年");
  EXPECT_DOUBLE_EQ(g.real_at("peer_median", 0), 71.0);
  EXPECT_EQ(d.table_named("overall").enum_at<overall_grade>("grade", 0), overall_grade::good);
}

TEST(NationalGrade, BadInput) {
  city_context c{"X", "P", city_class::prefecture, city_size::large, false};
  auto id_of = [&](std::vector<grade_input> in) {
    try {
      (void)grade(sys(), c, in);
    } catch (const error& e) {
      return e.id();
    }
    return std::string("none");
  };
  EXPECT_EQ(id_of({{"99", indicator_grade::good, {}, {}, {}, {}, {}, {}, {}}}), "national.unknown_indicator");
  EXPECT_EQ(id_of({{"3", indicator_grade::good, {}, {}, {}, {}, {}, {}, {}}}), "national.grade_level");
  EXPECT_EQ(id_of({{"60", indicator_grade::good, {}, {}, {}, {}, {}, {}, {}}}), "national.grade_level");
  EXPECT_EQ(id_of({{"43", indicator_grade::good, {}, {}, {}, {}, {}, {}, {}}}), "national.not_applicable");
  EXPECT_EQ(id_of({{"30", indicator_grade::good, 101.0, {}, {}, {}, {}, {}, {}}}), "national.bad_score");
  EXPECT_EQ(id_of({{"30", indicator_grade::good, {}, {}, {}, {}, {}, {}, {}},
                   {"n30", indicator_grade::fair, {}, {}, {}, {}, {}, {}, {}}}),
            "national.duplicate_grade");
}

// --- the basic check on a hierarchy -------------------------------------------------------------

spatial_unit U(std::string code, national_level l, std::string parent) {
  return {code, code + "名", l, std::move(parent), {}};
}

// 城区 D
//   街区 B1: 小区 C1 (住房 H1, H2, H3), 小区 C2 (住房 H4)
//   街区 B2: 小区 C3 (住房 H5, H6)
unit_hierarchy small_city() {
  using L = national_level;
  return unit_hierarchy({U("D", L::district, ""), U("B1", L::block, "D"), U("B2", L::block, "D"),
                         U("C1", L::community, "B1"), U("C2", L::community, "B1"),
                         U("C3", L::community, "B2"), U("H1", L::housing, "C1"), U("H2", L::housing, "C1"),
                         U("H3", L::housing, "C1"), U("H4", L::housing, "C2"), U("H5", L::housing, "C3"),
                         U("H6", L::housing, "C3")});
}

const indicator_rollup& find(const basic_check_result& r, const std::string& unit, int no) {
  for (const auto& x : r.rollups)
    if (x.unit->code == unit && x.indicator->no == no) return x;
  throw std::runtime_error("no rollup " + unit + " " + std::to_string(no));
}

TEST(NationalCheck, HandCountedRollups) {
  const unit_hierarchy h = small_city();
  const std::vector<object_observation> obs{
      // no. 1 (底线型) reported for H1-H5, deficient: H2 ("承重墙裂缝")
      {"H1", "1", 0, "", {}},
      {"H2", "1", 1, "承重墙裂缝", {}},
      {"H3", "1", 0, "", {}},
      {"H4", "1", 0, "", {}},
      {"H5", "1", 0, "", {}},
      // no. 7 (提升型): H1 and H5 deficient, H6 fine
      {"H1", "7", 1, "未加装电梯", {}},
      {"H5", "7", 1, "", {}},
      {"H6", "7", 0, "", {}},
      // no. 5 (套): H1 3, H4 2
      {"H1", "5", 3, "", {}},
      {"H4", "5", 2, "", {}},
      // no. 14 parking gap: C1 40, C2 0, C3 15
      {"C1", "14", 40, "", {}},
      {"C2", "14", 0, "", {}},
      {"C3", "14", 15, "", {}},
      // no. 22 coverage: B1 85 %, B2 60 %
      {"B1", "22", 85, "", {}},
      {"B2", "22", 60, "", {}},
  };
  const basic_check_result r = basic_check(sys(), h, obs);
  // located problems, in the order of the unit table: C1 no. 14, C3 no. 14, H1 no. 5, H1 no. 7,
  // H2 no. 1, H4 no. 5, H5 no. 7 = 7
  EXPECT_EQ(r.problems.size(), 7u);
  // no. 1 at C1: 3 buildings, 3 reported, 1 deficient -> 33.3 %, 一票否决
  const auto& c1 = find(r, "C1", 1);
  EXPECT_EQ(c1.objects_total, 3u);
  EXPECT_EQ(c1.objects_reported, 3u);
  EXPECT_EQ(c1.with_problem, 1u);
  EXPECT_NEAR(c1.share, 100.0 / 3.0, 1e-12);
  EXPECT_EQ(c1.verdict, object_verdict::vetoed);
  // no. 1 at C3: 2 buildings, 1 reported (H5), none deficient
  const auto& c3 = find(r, "C3", 1);
  EXPECT_EQ(c3.objects_total, 2u);
  EXPECT_EQ(c3.objects_reported, 1u);
  EXPECT_EQ(c3.with_problem, 0u);
  EXPECT_EQ(c3.verdict, object_verdict::none_found);
  // no. 1 at D: 6 buildings, 5 reported, 1 deficient -> 20 %
  const auto& d1 = find(r, "D", 1);
  EXPECT_EQ(d1.objects_total, 6u);
  EXPECT_EQ(d1.objects_reported, 5u);
  EXPECT_EQ(d1.with_problem, 1u);
  EXPECT_DOUBLE_EQ(d1.share, 20.0);
  EXPECT_EQ(d1.verdict, object_verdict::vetoed);
  // no. 7 at B2: H5, H6 reported, H5 deficient -> 50 %, 提升型: to judge
  EXPECT_DOUBLE_EQ(find(r, "B2", 7).share, 50.0);
  EXPECT_EQ(find(r, "B2", 7).verdict, object_verdict::to_judge);
  // no. 5 at B1: H1 3 + H4 2 = 5 套 in 2 of 2 reported buildings
  EXPECT_DOUBLE_EQ(find(r, "B1", 5).quantity, 5.0);
  EXPECT_EQ(find(r, "B1", 5).with_problem, 2u);
  EXPECT_EQ(find(r, "B1", 5).objects_total, 4u);
  EXPECT_EQ(find(r, "B1", 5).verdict, object_verdict::found);  // type not stated
  // no. 14 at D: 40 + 0 + 15 = 55 spaces, 2 of 3 communities short
  EXPECT_DOUBLE_EQ(find(r, "D", 14).quantity, 55.0);
  EXPECT_EQ(find(r, "D", 14).with_problem, 2u);
  EXPECT_NEAR(find(r, "D", 14).share, 200.0 / 3.0, 1e-12);
  // no. 22 at D: min 60, max 85, not judged, no share
  EXPECT_DOUBLE_EQ(find(r, "D", 22).min, 60.0);
  EXPECT_DOUBLE_EQ(find(r, "D", 22).max, 85.0);
  EXPECT_TRUE(std::isnan(find(r, "D", 22).share));
  EXPECT_EQ(find(r, "D", 22).verdict, object_verdict::not_judged);
  // no data: no. 2 at D
  EXPECT_EQ(find(r, "D", 2).verdict, object_verdict::no_data);
  EXPECT_EQ(find(r, "D", 2).objects_total, 6u);
  // the located problem names the units above it
  const located_problem& p = r.problems[4];
  EXPECT_EQ(p.unit->code, "H2");
  EXPECT_EQ(p.community, "C1名");
  EXPECT_EQ(p.block, "B1名");
  EXPECT_EQ(p.district, "D名");
  EXPECT_EQ(p.problem, "承重墙裂缝");
  // tables
  const document d = describe(r);
  EXPECT_EQ(d.table_named("problems").rows(), 7u);
  // roll-up rows: housing 9 indicators x (6 communities... ) counted: per unit above the level
  //   D: 29, B1/B2: 21 each (9 housing + 12 community), C1-C3: 9 each -> 29 + 42 + 27 = 98
  EXPECT_EQ(d.table_named("rollups").rows(), 98u);
}

TEST(NationalCheck, BadInput) {
  using L = national_level;
  auto id_of = [](auto f) {
    try {
      f();
    } catch (const error& e) {
      return e.id();
    }
    return std::string("none");
  };
  EXPECT_EQ(id_of([] {
              unit_hierarchy({U("D", L::district, ""), U("B", L::block, "X")});
            }),
            "national.unknown_parent");
  EXPECT_EQ(id_of([] {
              unit_hierarchy({U("D", L::district, ""), U("C", L::community, "D")});
            }),
            "national.bad_parent");
  EXPECT_EQ(id_of([] { unit_hierarchy({U("B", L::block, "")}); }), "national.parent_missing");
  EXPECT_EQ(id_of([] {
              unit_hierarchy({U("D", L::district, ""), U("D", L::district, "")});
            }),
            "national.duplicate_unit");
  const unit_hierarchy h = small_city();
  auto check = [&](object_observation o) { return [&h, o] { (void)basic_check(sys(), h, {o}); }; };
  EXPECT_EQ(id_of(check({"H9", "1", 1, "", {}})), "national.unknown_unit");
  EXPECT_EQ(id_of(check({"H1", "61", 1, "", {}})), "national.unknown_indicator");
  EXPECT_EQ(id_of(check({"C1", "1", 1, "", {}})), "national.wrong_level");
  EXPECT_EQ(id_of(check({"D", "30", 1, "", {}})), "national.not_lower_level");
  EXPECT_EQ(id_of(check({"H1", "1", 2, "", {}})), "national.bad_value");
  EXPECT_EQ(id_of(check({"C1", "14", -1, "", {}})), "national.bad_value");
  EXPECT_EQ(id_of(check({"B1", "22", 101, "", {}})), "national.bad_value");
  EXPECT_EQ(id_of([&h] {
              (void)basic_check(sys(), h, {{"H1", "1", 1, "", {}}, {"H1", "n01", 0, "", {}}});
            }),
            "national.duplicate_observation");
}

TEST(NationalSystem, DescribeListsEveryIndicatorAndItsStandards) {
  const document d = describe(sys());
  EXPECT_EQ(d.table_named("indicators").rows(), 60u);
  const table& s = d.table_named("standards");
  // standards: 30, 32, 34, 35, 36, 37, 39, 40, 42 (2), 43 (3), 44, 47, 53, 54, 55 (2), 57, 58 (2) = 22
  EXPECT_EQ(s.rows(), 22u);
}

}  // namespace
