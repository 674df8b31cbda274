# SPDX-License-Identifier: MIT
"""COINr's ASEM index reproduced from Python, as the C++ reference test does: COINr's treated
data and iMeta read with pandas, scored with the defaults (min-max 0-100, arithmetic means,
iMeta weights); normalised indicators and every aggregate equal COINr's to 1e-9."""

from __future__ import annotations

import numpy as np
import pandas as pd

import tijian as tj


def test_asem_from_treated_data(shared_data):
    asem = shared_data / "asem"
    treated = pd.read_csv(asem / "ASEM_COIN_Treated_COINr6.csv")  # UnitCode, UnitName, Year, Group_*
    fw = tj.Framework.from_table(pd.read_csv(asem / "ASEM_iMeta.csv"))
    res = tj.score(treated, fw)
    assert res.scores.index.names == ["UnitCode", "Year"] and len(res.scores) == 51
    units = res.scores.index.get_level_values("UnitCode")
    normalised = pd.read_csv(asem / "ASEM_COIN_Normalised_COINr6.csv").set_index("UnitCode").loc[units]
    aggregated = pd.read_csv(asem / "ASEM_COIN_Aggregated_COINr6.csv").set_index("UnitCode").loc[units]
    worst_norm = np.nanmax(np.abs(res.normalised.to_numpy() - normalised[fw.indicators].to_numpy()))
    worst_agg = np.nanmax(np.abs(res.scores.to_numpy() - aggregated[fw.aggregates].to_numpy()))
    assert worst_norm < 1e-9 and worst_agg < 1e-9
    np.testing.assert_array_equal(np.isnan(res.scores.to_numpy()), np.isnan(aggregated[fw.aggregates].to_numpy()))
