# SPDX-License-Identifier: MIT
"""Recipe generality (issue 19, part 2): published indices built from framework + recipe alone.

- The SDG Index 2021 (SDSN, Sustainable Development Report 2021, official database
  ../shared/data/sdr2021/SDR2021Database.xlsx): its 17 goal scores and the index of the 165
  ranked countries from the published normalised indicator scores, in one run, with a per-node
  missing policy (SDG 14 needs 2 of its 6 indicators), conditional per-indicator imputation (an
  SDG 4 indicator is filled by its regional mean only for a country with another SDG 4 indicator)
  and imputation at an aggregate level (a missing goal score is the region's mean goal score).
  The rules are those of the data folder's README (confirmed there against every published
  goal, regional and index score); the published goal and index scores are the reference.
- The EPI 2020 (Yale/Columbia, ../shared/data/epi2020): EPI, the two policy objectives and the
  11 issue categories of 180 countries from the unrounded 2020 indicator scores and the weights
  table, the marine nodes (MaterialityFilter "SEA": MPA and FSH) not applicable to landlocked
  countries (country attributes, SEA = True): equal to the published one-decimal scores.
- Properties: not applicable is not missing (the same unit with the node removed from the
  framework scores the same; coverage counts, propagate and min_share ignore it; it is never
  imputed); hand-computed small cases for each setting; recipe text, dict and pickle round trips.
"""

from __future__ import annotations

import io
import pickle
import zipfile

import numpy as np
import pandas as pd
import pytest

import tijian as tj

# ---------------------------------------------------------------------------------------------
# SDR 2021


@pytest.fixture(scope="module")
def sdr(shared_data):
    path = shared_data / "sdr2021" / "SDR2021Database.xlsx"
    data = pd.read_excel(path, sheet_name="SDR2021 Data")
    book = pd.read_excel(path, sheet_name="Codebook")
    countries = data[~data["Country Code ISO3"].str.startswith("_")].set_index("Country Code ISO3")
    assert len(countries) == 193
    glob = book[book["Global"] == "yes"]
    assert len(glob) == 92
    goals = {g: glob.loc[glob["SDG"] == g, "IndCode"].tolist() for g in range(1, 18)}
    return countries, goals


def _sdr_inputs(countries, goals):
    nodes = [{"code": "SDGI"}]
    for g, codes in goals.items():
        nodes.append({"code": f"SDG{g}", "parent": "SDGI"})
        nodes += [{"code": c, "parent": f"SDG{g}"} for c in codes]
    fw = tj.Framework.from_dict(nodes)
    cols = [c for codes in goals.values() for c in codes]
    frame = pd.DataFrame({c: countries[f"Normalized Score: {c}"].astype(float) for c in cols})
    frame["region_group"] = countries["Regions used for the SDR"]
    sdg4 = goals[4]
    recipe = tj.Recipe(
        normalise="none",  # the published normalised scores are the input
        prepare={"impute": {"by_indicator": {
            c: {"method": "group_mean", "group": "region_group",
                # filled only when another SDG 4 indicator is present in the row
                "max_missing_siblings": len(sdg4) - 2} for c in sdg4}}},
        missing={"policy": "skip_and_reweight", "by_node": {
            **{f"SDG{g}": {"fill": "group_mean", "fill_group": "region_group"} for g in goals},
            "SDG14": {"policy": "require_share", "min_share": 0.3, "fill": "group_mean",
                      "fill_group": "region_group"}}})
    return fw, frame, recipe


def test_sdr2021_goals_and_index_from_published_indicator_scores(sdr):
    countries, goals = sdr
    fw, frame, recipe = _sdr_inputs(countries, goals)
    res = tj.score(frame, fw, recipe)
    # the goal scores before the regional fill: the published "Goal g Score" of every country
    # (NaN where published NaN), read from the imputations table: filled goals are listed there
    filled = res.imputations
    for g in goals:
        published = countries[f"Goal {g} Score"].astype(float)
        ours = res.scores[f"SDG{g}"].copy()
        was_filled = filled.loc[filled["indicator"] == f"SDG{g}", "unit"]
        ours[ours.index.isin(was_filled)] = np.nan
        assert (ours.isna() == published.isna()).all(), g
        assert np.nanmax(np.abs(ours - published)) < 1e-9, g
        # a filled goal has the region's mean goal score, the published "Goal g Regional Score"
        regional = countries[f"Goal {g} Regional Score"].astype(float)
        rows = res.scores.index.isin(was_filled) & regional.notna().to_numpy()  # (blank for unranked)
        assert np.allclose(res.scores.loc[rows, f"SDG{g}"], regional[rows], atol=1e-9, rtol=0)
    # SDG 14 left missing for the countries with fewer than 2 of its 6 indicators (landlocked)
    assert (filled["indicator"] == "SDG14").sum() > 30
    published = countries["2021 SDG Index Score"].astype(float)
    ranked = published.notna()
    assert ranked.sum() == 165
    worst = float(np.max(np.abs(res.scores.loc[ranked, "SDGI"] - published[ranked])))
    assert worst < 1e-9
    # the SDG 4 imputations: group means, some refused by the condition (no SDG 4 value)
    imp = res.imputations
    assert set(imp.loc[imp["indicator"].isin(goals[4]), "method"]) == {"group_mean"}
    # ranks of the ranked countries among themselves equal the published ranks
    ours = res.scores.loc[ranked, "SDGI"].rank(ascending=False, method="min")
    assert (ours == countries.loc[ranked, "2021 SDG Index Rank"].astype(float)).all()


def test_sdr2021_without_the_rules_does_not_reproduce(sdr):
    # the settings are what makes the match: the plain recipe misses the index
    countries, goals = sdr
    fw, frame, _ = _sdr_inputs(countries, goals)
    res = tj.score(frame, fw, tj.Recipe(normalise="none"))
    published = countries["2021 SDG Index Score"].astype(float)
    ranked = published.notna()
    assert float(np.max(np.abs(res.scores.loc[ranked, "SDGI"] - published[ranked]))) > 0.1


# ---------------------------------------------------------------------------------------------
# EPI 2020


@pytest.fixture(scope="module")
def epi(shared_data):
    root = shared_data / "epi2020"
    weights = pd.read_csv(root / "2020-epi-6_EPI_Weights.csv")
    results = pd.read_csv(root / "2020-epi-3_EPI_Results.csv").set_index("iso")
    attrs = pd.read_csv(root / "2020-epi-7_EPI_Country_Attributes.csv").set_index("iso")
    indicators = weights.loc[weights["Type"] == "Indicator", "Abbreviation"].tolist()
    frame = pd.DataFrame(index=results.index)
    with zipfile.ZipFile(root / "2020-epi-indicators-time-series-na-csv.zip") as z:
        for code in indicators:
            t = pd.read_csv(io.BytesIO(z.read(f"2020-epi-indicators-time-series-na/{code}_ind_na.csv")))
            frame[code] = t.set_index("iso")[f"{code}.ind.2020"].reindex(results.index)
    frame["SEA_group"] = attrs["SEA"].reindex(results.index).astype(str)
    return weights, results, frame


def _epi_framework(weights, drop=()):
    nodes = []
    for _, row in weights.iterrows():
        if row["Abbreviation"] in drop or row["NextLevel"] in drop:
            continue
        node = {"code": row["Abbreviation"]}
        if isinstance(row["NextLevel"], str):
            node["parent"] = row["NextLevel"]
            node["weight"] = float(row["Weight"])
        nodes.append(node)
    return tj.Framework.from_dict(nodes)


def _epi_recipe(weights, **missing):
    sea = weights.loc[weights["MaterialityFilter"] == "SEA", "Abbreviation"].tolist()
    assert sea == ["MPA", "FSH", "FSS", "RMS", "FGT"]
    # MPA and the FSH category (with its three indicators) do not apply where SEA is True
    rules = {code: {"group": "SEA_group", "values": ["True"]} for code in ("MPA", "FSH")}
    return tj.Recipe(normalise="none", not_applicable=rules, **({"missing": missing} if missing else {}))


EPI_NODES = ["EPI", "HLT", "ECO", "AIR", "H2O", "HMT", "WMG", "BDH", "ECS", "FSH", "CCH", "APE", "AGR", "WRS"]


def test_epi2020_with_marine_nodes_not_applicable_to_landlocked_countries(epi):
    weights, results, frame = epi
    landlocked = frame["SEA_group"] == "True"
    assert 40 <= landlocked.sum() <= 50
    res = tj.score(frame, _epi_framework(weights), _epi_recipe(weights))
    for code in EPI_NODES:
        published = results[f"{code}.new"].astype(float)
        ours = res.scores[code]
        if code == "FSH":  # not applicable: no score (the published table leaves it blank)
            assert ours[landlocked].isna().all()
            assert published[landlocked].isna().all()
        both = published.notna()
        assert ours[both].notna().all(), code
        assert float(np.max(np.abs(ours[both] - published[both]))) <= 0.05 + 1e-9, code
    # every (landlocked country, node) is named in the diagnostics, as not applicable
    d = res.diagnostics
    na = d[d["id"] == "not_applicable.excluded"]
    assert len(na) == 2 * landlocked.sum()
    assert set(na["unit"]) == set(frame.index[landlocked])
    assert set(na["node"]) == {"MPA", "FSH"}
    # ... and not as missing: the missing-value counts of MPA and the FSH indicators are the
    # cells missing for coastal countries only
    miss = d[d["id"] == "data.missing_values"].set_index("node")["count"]
    coastal = ~landlocked
    for code in ("MPA", "FSS", "RMS", "FGT"):
        assert miss.get(code, 0) == int(frame.loc[coastal, code].isna().sum()), code


def test_epi2020_not_applicable_table_lists_the_marine_nodes_of_the_landlocked_countries(epi):
    # the reference: the weights table's MaterialityFilter "SEA" marks the marine nodes (MPA,
    # the FSH category and its three indicators); the country attributes mark the 44
    # landlocked countries (SEA = True). The result's table lists every pair, with its rule.
    weights, _, frame = epi
    landlocked = frame.index[frame["SEA_group"] == "True"]
    assert len(landlocked) == 44
    marine = set(weights.loc[weights["MaterialityFilter"] == "SEA", "Abbreviation"])
    res = tj.score(frame, _epi_framework(weights), _epi_recipe(weights))
    na = res.not_applicable
    assert list(na.columns) == ["unit", "node", "rule", "group", "value", "by_children"]
    assert len(na) == len(landlocked) * len(marine) == 220
    assert set(zip(na["unit"], na["node"])) == {(u, n) for u in landlocked for n in marine}
    parent = dict(zip(weights["Abbreviation"], weights["NextLevel"]))
    # the rule is the node's own (MPA, FSH) or its parent's (the FSH indicators)
    assert (na["rule"] == [n if n in ("MPA", "FSH") else parent[n] for n in na["node"]]).all()
    assert (na["group"] == "SEA_group").all() and (na["value"] == "True").all() and not na["by_children"].any()
    # kept by the result's JSON document and by pickle
    back = pickle.loads(pickle.dumps(res))
    pd.testing.assert_frame_equal(back.not_applicable, na)
    import json
    assert len(json.loads(res.to_json())["not_applicable"]) == 220
    # without rules: an empty table with the same columns
    assert len(tj.score(frame, _epi_framework(weights), tj.Recipe(normalise="none")).not_applicable) == 0


def test_not_applicable_table_names_an_aggregate_whose_children_all_do_not_apply():
    # B's two indicators are each not applicable to u2 by their own rule: B is then not
    # applicable to u2 by its children (no rule of its own), and I is not (A applies)
    data = _data().assign(kind_group=["x", "y", "x", "x"], size_group=["s", "l", "l", "s"])
    rules = {"b1": {"group": "kind_group", "values": ["y"]}, "b2": {"group": "size_group", "values": ["l"]}}
    res = tj.score(data, FW, tj.Recipe(normalise="none", not_applicable=rules))
    t = res.not_applicable
    text = lambda x: None if pd.isna(x) else x  # noqa: E731  (a missing text cell)
    rows = {(r.unit, r.node): (text(r.rule), text(r.group), text(r.value), r.by_children) for r in t.itertuples()}
    assert rows == {("u2", "b1"): ("b1", "kind_group", "y", False), ("u2", "b2"): ("b2", "size_group", "l", False),
                    ("u2", "B"): (None, None, None, True), ("u3", "b2"): ("b2", "size_group", "l", False)}
    assert np.isnan(res.scores.loc["u2", "B"]) and not np.isnan(res.scores.loc["u2", "I"])


def test_epi2020_not_applicable_equals_the_framework_without_the_nodes(epi):
    # the property that defines not applicable: a landlocked country scores what it scores
    # under the framework without MPA and FSH (whose weights the framework renormalises)
    weights, _, frame = epi
    landlocked = frame.index[frame["SEA_group"] == "True"]
    with_na = tj.score(frame, _epi_framework(weights), _epi_recipe(weights))
    fw_without = _epi_framework(weights, drop=("MPA", "FSH", "FSS", "RMS", "FGT"))
    without = tj.score(frame.drop(columns=["MPA", "FSS", "RMS", "FGT"]), fw_without,
                       tj.Recipe(normalise="none"))
    for code in ("EPI", "ECO", "BDH"):
        a = with_na.scores.loc[landlocked, code].to_numpy()
        b = without.scores.loc[landlocked, code].to_numpy()
        np.testing.assert_allclose(a, b, rtol=0, atol=1e-12)


def test_epi2020_propagate_counts_only_applicable_children(epi):
    # under "propagate" a landlocked country with every applicable indicator present keeps its
    # score; marking the marine cells plain missing instead would leave it without one
    weights, _, frame = epi
    res = tj.score(frame, _epi_framework(weights), _epi_recipe(weights, policy="propagate"))
    plain = tj.score(frame.drop(columns="SEA_group"), _epi_framework(weights),
                     tj.Recipe(normalise="none", missing="propagate"))
    landlocked = frame["SEA_group"] == "True"
    indicators = [c for c in frame.columns if c != "SEA_group"]
    marine = ["MPA", "FSS", "RMS", "FGT"]
    complete = frame[indicators].drop(columns=marine).notna().all(axis=1) & landlocked
    assert complete.sum() > 5
    assert res.scores.loc[complete, "EPI"].notna().all()
    assert plain.scores.loc[complete, "EPI"].isna().all()


# ---------------------------------------------------------------------------------------------
# Hand-computed small cases

FW = tj.Framework.from_dict({"code": "I", "children": [
    {"code": "A", "children": [{"code": "a1"}, {"code": "a2"}, {"code": "a3"}]},
    {"code": "B", "children": [{"code": "b1"}, {"code": "b2"}]}]})


def _data():
    return pd.DataFrame({
        "a1": [1.0, 2.0, np.nan, 4.0],
        "a2": [3.0, np.nan, np.nan, 8.0],
        "a3": [5.0, 6.0, 7.0, 9.0],
        "b1": [2.0, 4.0, 6.0, np.nan],
        "b2": [4.0, 8.0, 10.0, np.nan],
        "region_group": ["n", "n", "s", "s"],
    }, index=pd.Index(["u1", "u2", "u3", "u4"], name="unit"))


def test_missing_policy_per_node():
    r = tj.Recipe(normalise="none", missing={"by_node": {"A": {"policy": "require_share", "min_share": 0.6}}})
    s = tj.score(_data(), FW, r).scores
    # A: u2 has 2 of 3 (>= 0.6 x 3 = 1.8) -> mean of 2 and 6; u3 has 1 of 3 -> missing
    assert s.loc["u2", "A"] == 4.0
    assert np.isnan(s.loc["u3", "A"])
    # B keeps the global skip_and_reweight; I of u3 is B alone, (6 + 10) / 2
    assert s.loc["u3", "I"] == 8.0
    # u4: B has no value (all missing); I = A = (4 + 8 + 9) / 3
    assert s.loc["u4", "I"] == pytest.approx(7.0, abs=1e-15)
    # the global policy does not leak into the override's diagnostics
    d = tj.score(_data(), FW, r).diagnostics
    assert set(d.loc[d["id"] == "aggregate.below_share", "node"]) == {"A"}


def test_score_fill_by_group_mean():
    r = tj.Recipe(normalise="none", missing={"by_node": {"B": {"fill": "group_mean", "fill_group": "region_group"}}})
    res = tj.score(_data(), FW, r)
    # B of u4 (region s) is missing; the mean of B over region s is u3's (6 + 10) / 2 = 8
    assert res.scores.loc["u4", "B"] == 8.0
    assert res.scores.loc["u4", "I"] == pytest.approx((7.0 + 8.0) / 2, abs=1e-15)
    imp = res.imputations
    row = imp[imp["indicator"] == "B"]
    assert row["unit"].tolist() == ["u4"]
    assert row["method"].tolist() == ["score_group_mean"]
    assert row["group"].tolist() == ["s"]
    # plain mean over every unit of the period: B = mean(3, 6, 8)
    res2 = tj.score(_data(), FW, tj.Recipe(normalise="none", missing={"by_node": {"B": {"fill": "mean"}}}))
    assert res2.scores.loc["u4", "B"] == pytest.approx((3 + 6 + 8) / 3, abs=1e-15)


def test_imputation_per_indicator_and_on_conditions():
    # a1 by the region's mean, only in region s; a2 by the overall median, only when at most
    # one sibling of a2 (a1, a3) is missing; the others not at all
    r = tj.Recipe(normalise="none", prepare={"impute": {"by_indicator": {
        "a1": {"method": "group_mean", "group": "region_group", "only_group": "region_group",
               "only_values": ["s"]},
        "a2": {"method": "median", "max_missing_siblings": 0}}}})
    p = tj.prepare(_data(), FW, r)
    t = p.prepared
    assert t.loc["u3", "a1"] == 4.0           # region s: u4's 4
    # a2 of u2: siblings a1 = 2, a3 = 6 present (0 missing) -> median of 3 and 8 = 5.5
    assert t.loc["u2", "a2"] == 5.5
    # a2 of u3: a1 missing in the input -> 1 sibling missing > 0: left missing, by the condition
    assert np.isnan(t.loc["u3", "a2"])
    left = p.left_missing
    assert ((left["unit"] == "u3") & (left["indicator"] == "a2") & (left["reason"] == "condition_not_met")).any()
    assert np.isnan(t.loc["u4", "b1"])  # no imputation for b1
    # the same through tj.score
    res = tj.score(_data(), FW, r)
    assert set(res.imputations["indicator"]) == {"a1", "a2"}


def test_not_applicable_is_not_missing():
    data = _data().assign(kind_group=["x", "y", "y", "x"])
    rule = {"b1": {"group": "kind_group", "values": ["y"]}}
    res = tj.score(data, FW, tj.Recipe(normalise="none", not_applicable=rule,
                                       missing={"policy": "propagate"}))
    # u2: b1 not applicable, b2 present -> B = b2 = 8 even under propagate
    assert res.scores.loc["u2", "B"] == 8.0
    # u1's b1 = 2 is applicable: B = 3
    assert res.scores.loc["u1", "B"] == 3.0
    # a value in a not-applicable cell is ignored, with a warning
    d = res.diagnostics
    assert (d["id"] == "not_applicable.value_ignored").any()
    assert set(d.loc[d["id"] == "not_applicable.excluded", "unit"]) == {"u2", "u3"}
    # removing b1 from the framework gives u2 and u3 the same B
    fw2 = tj.Framework.from_dict({"code": "I", "children": [
        {"code": "A", "children": [{"code": "a1"}, {"code": "a2"}, {"code": "a3"}]},
        {"code": "B", "children": [{"code": "b2"}]}]})
    res2 = tj.score(data.drop(columns="b1"), fw2, tj.Recipe(normalise="none", missing={"policy": "propagate"}))
    assert res2.scores.loc[["u2", "u3"], "B"].tolist() == res.scores.loc[["u2", "u3"], "B"].tolist()
    # never imputed
    imp = tj.score(data, FW, tj.Recipe(normalise="none", not_applicable=rule, prepare={"impute": {"method": "mean"}}))
    cells = imp.imputations
    assert not ((cells["indicator"] == "b1") & cells["unit"].isin(["u2", "u3"])).any()
    assert ((cells["indicator"] == "b1") & (cells["unit"] == "u4")).any()  # u4's b1 is missing
    # require_share counts the applicable children only: u2 has 1 of 1 applicable in B
    rs = tj.score(data, FW, tj.Recipe(normalise="none", not_applicable=rule,
                                      missing={"policy": "require_share", "min_share": 1.0}))
    assert rs.scores.loc["u2", "B"] == 8.0


def test_not_applicable_not_counted_by_screening():
    data = _data().assign(kind_group=["x", "x", "y", "x"])
    rule = {"A": {"group": "kind_group", "values": ["y"]}}
    # u3 has a1, a2 missing (2 of 5); with A not applicable it has 2 of 2 applicable present
    r = tj.Recipe(normalise="none", not_applicable=rule,
                  prepare={"screen": {"policy": "by_missing", "min_availability": 0.9}})
    p = tj.prepare(data, FW, r)
    assert "u3" in p.kept_index
    assert "u2" not in p.kept_index  # a2 missing: 4 of 5 < 0.9
    res = tj.score(data, FW, r)
    assert np.isnan(res.scores.loc["u3", "A"])  # not applicable: no score
    assert res.scores.loc["u3", "I"] == 8.0


def test_preparation_order():
    data = _data()
    screen = {"policy": "by_missing", "min_availability": 0.9}
    default = tj.prepare(data, FW, tj.Recipe(prepare={"impute": {"method": "mean"}, "screen": screen}))
    assert default.order == ["denominate", "screen", "impute", "treat"]
    assert list(default.kept_index) == ["u1"]  # every other unit misses a value
    later = tj.prepare(data, FW, tj.Recipe(prepare={"impute": {"method": "mean"}, "screen": screen,
                                                    "order": ["denominate", "impute", "screen", "treat"]}))
    assert list(later.kept_index) == ["u1", "u2", "u3", "u4"]  # imputation filled every cell
    assert later.prepared.equals(later.treated)
    # the imputed stage has every input row, screening ran on it
    assert len(later.imputed) == 4
    # treat before impute: the last step's stage is the prepared data
    last = tj.prepare(data, FW, tj.Recipe(prepare={"impute": {"method": "mean"},
                                                   "order": ["treat", "denominate", "screen", "impute"]}))
    assert last.prepared.equals(last.imputed)
    res = tj.score(data, FW, tj.Recipe(prepare={"impute": {"method": "mean"}, "screen": screen,
                                                "order": ["denominate", "impute", "screen", "treat"]},
                                       normalise="none"))
    assert len(res.scores) == 4


# ---------------------------------------------------------------------------------------------
# Recipe: canonical text, dict, pickle; validation

FULL = {
    "normalise": "none",
    "prepare": {"order": ["denominate", "impute", "screen", "treat"],
                "impute": {"method": "mean", "by_indicator": {"a1": {"method": "group_mean", "group": "g_group",
                                                                     "only_group": "g_group", "only_values": ["s"],
                                                                     "max_missing_siblings": 1}}}},
    "missing": {"policy": "require_share", "min_share": 0.5,
                "by_node": {"A": {"policy": "propagate", "fill": "group_mean", "fill_group": "g_group"},
                            "B": "skip_and_reweight"}},
    "not_applicable": {"b1": {"group": "kind_group", "values": ["y", "z"]}},
}


def test_recipe_keeps_every_new_setting():
    r = tj.Recipe.from_dict(FULL)
    d = r.to_dict()
    assert d["prepare"]["order"] == ["denominate", "impute", "screen", "treat"]
    a1 = d["prepare"]["impute"]["by_indicator"]["a1"]
    assert (a1["method"], a1["only_values"], a1["max_missing_siblings"]) == ("group_mean", ["s"], 1)
    assert d["missing"]["by_node"]["A"] == {"policy": "propagate", "min_share": 0.5, "fill": "group_mean",
                                            "fill_group": "g_group"}
    assert d["missing"]["by_node"]["B"]["policy"] == "skip_and_reweight"
    assert d["not_applicable"] == {"b1": {"group": "kind_group", "values": ["y", "z"]}}
    assert tj.Recipe.from_toml(r.to_toml()) == r
    assert pickle.loads(pickle.dumps(r)) == r
    assert tj.Recipe.from_dict(d) == r
    # replace: a new [missing] drops the per-node table unless given; not_applicable is replaced whole
    assert "by_node" not in r.replace(missing="propagate").to_dict()["missing"]
    assert r.replace(not_applicable={"a3": {"group": "g_group", "values": ["n"]}}).to_dict()["not_applicable"] == {
        "a3": {"group": "g_group", "values": ["n"]}}


def test_defaults_leave_the_recipe_text_unchanged():
    # the new keys are written only when set: the canonical text (and the provenance hash) of
    # a recipe without them is what it was
    text = tj.Recipe().to_toml()
    for key in ("order", "by_indicator", "only_group", "max_missing_siblings", "fill", "not_applicable",
                "[missing.by_node]"):
        assert key not in text


@pytest.mark.parametrize("spec, words", [
    ({"prepare": {"order": ["impute", "screen"]}}, "order"),
    ({"prepare": {"order": ["denominate", "impute", "impute", "treat"]}}, "twice"),
    ({"prepare": {"order": ["denominate", "impute", "screen", "polish"]}}, "not a step"),
    ({"missing": {"by_node": {"A": {"min_share": 1.5}}}}, "min_share"),
    ({"missing": {"fill": "group_mean"}}, "fill_group"),
    ({"not_applicable": {"b1": {"group": "kind_group", "values": []}}}, "at least one"),
    ({"prepare": {"impute": {"only_group": "g"}}}, "only_values"),
    ({"missing": {"by_node": {"A": {"fill": "nearest"}}}}, "accepted"),
])
def test_new_settings_are_checked_where_they_are_parsed(spec, words):
    with pytest.raises(tj.RecipeError) as e:
        tj.Recipe.from_dict(spec)
    assert words in str(e.value)
    assert e.value.id == "recipe.bad_value"


@pytest.mark.parametrize("spec, error_id, words", [
    ({"missing": {"by_node": {"a1": "propagate"}}}, "recipe.unknown_node", "a1"),
    ({"missing": {"by_node": {"X": "propagate"}}}, "recipe.unknown_node", "X"),
    ({"not_applicable": {"X": {"group": "region_group", "values": ["s"]}}}, "recipe.unknown_node", "X"),
    ({"not_applicable": {"I": {"group": "region_group", "values": ["s"]}}}, "recipe.bad_value", "index"),
    ({"not_applicable": {"a1": {"group": "nope_group", "values": ["s"]}}}, "recipe.unknown_group", "nope_group"),
    ({"missing": {"fill": "group_mean", "fill_group": "nope_group"}}, "recipe.unknown_group", "nope_group"),
    ({"prepare": {"impute": {"by_indicator": {"A": {"method": "mean"}}}}}, "recipe.unknown_indicator", "A"),
])
def test_new_settings_are_checked_against_framework_and_data(spec, error_id, words):
    with pytest.raises(tj.TijianError) as e:
        tj.score(_data(), FW, tj.Recipe.from_dict({"normalise": "none", **spec}))
    assert e.value.id == error_id
    assert words in str(e.value)


def test_uncertainty_runs_reproduce_not_applicable_or_refuse():
    # under skip_and_reweight a not-applicable child is left out by the runs as by the nominal
    # run: runs of the nominal method (the arithmetic alternative, no weight noise) give the
    # nominal scores
    data = _data().assign(kind_group=["x", "y", "y", "x"])
    rule = {"b1": {"group": "kind_group", "values": ["y"]}}
    recipe = tj.Recipe(normalise="none", not_applicable=rule)
    nominal = tj.score(data, FW, recipe).scores["I"]
    ua = tj.uncertainty(data, FW, recipe, runs=4, aggregations=["arithmetic"])
    for run in ua.scores.columns:
        np.testing.assert_array_equal(ua.scores[run].to_numpy(), nominal.to_numpy())
    # what the runs cannot reproduce is refused up front, naming the node
    refused = [
        (tj.Recipe(normalise="none", not_applicable=rule, missing={"policy": "propagate"}), {}, "'propagate'"),
        (tj.Recipe(normalise="none", missing={"by_node": {"B": {"fill": "mean"}}}), {}, "fill"),
        (tj.Recipe(normalise="none"), {"aggregations": [{"method": "fuzzy"}]}, "fuzzy"),
    ]
    for rec, extra, word in refused:
        with pytest.raises(tj.RecipeError) as err:
            tj.uncertainty(data, FW, rec, runs=4, **extra)
        assert err.value.id == "uncertainty.recipe"
        assert word in str(err.value) and "node '" in str(err.value)
