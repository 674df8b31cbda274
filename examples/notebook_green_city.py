# ---
# jupyter:
#   jupytext:
#     formats: py:percent
# ---
# SPDX-License-Identifier: MIT

# %% [markdown]
# # Green-city health check in a notebook
#
# A walk through `tijian` as a research group would use it: read the indicator data with
# pandas, pick a framework, score, compare weighting methods, look at what drives a city's
# score, and plot. The data are the **synthetic** example of the repository
# (`examples/green-city-synthetic/`: 12 placeholder cities, two years, random values in
# plausible ranges, not measurements of any city).
#
# Run it as a script (`python examples/notebook_green_city.py`) or open it in Jupyter with
# jupytext; each `# %%` line starts a cell. The tests run it top to bottom.

# %%
import os
import tempfile
from pathlib import Path

import matplotlib

if not os.environ.get("DISPLAY") and "ipykernel" not in os.environ.get("_", ""):
    matplotlib.use("Agg")  # off-screen when run as a script or in the tests
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

import tijian as tj

if "__file__" in globals():  # run as a script
    HERE = Path(__file__).resolve().parent
else:  # in Jupyter, started from the repository root or from examples/
    HERE = Path.cwd() if (Path.cwd() / "green-city-synthetic").is_dir() else Path.cwd() / "examples"
OUT = Path(os.environ.get("TIJIAN_EXAMPLE_OUT", tempfile.mkdtemp(prefix="tijian-notebook-")))
OUT.mkdir(parents=True, exist_ok=True)
print("tijian", tj.__version__, "- figures go to", OUT)

# %% [markdown]
# ## 1. Data and framework
#
# One row per city and year, one column per indicator. `tj.score` recognises the `uCode`,
# `uName` and `Time` columns, as the command line does; setting a (unit, period) index
# yourself works just as well.

# %%
data = pd.read_csv(HERE / "green-city-synthetic" / "data-synthetic.csv", comment="#")
data = data.set_index(["uCode", "Time"])
names = data.pop("uName")
print(data.shape)
data.head()

# %%
fw = tj.Framework.preset("green-city-demo")
print(fw)
fw.to_frame()[["name_zh", "name_en", "parent", "direction", "weight_in_parent", "effective_weight"]]

# %% [markdown]
# ## 2. Score with the demo recipe
#
# The recipe holds every methodological choice. This one fits min-max on both years pooled
# (so the years are comparable) and grades the composite into three bands.

# %%
recipe = tj.Recipe.from_toml(HERE / "green-city-synthetic" / "recipe.toml")
res = tj.score(data, fw, recipe)
res

# %%
latest = res.scores.xs(2024, level="Time").join(res.ranks["GCI"].xs(2024, level="Time").rename("rank"))
latest = latest.join(res.grades["GCI"].xs(2024, level="Time").rename("grade")).sort_values("rank")
latest.round(1)

# %% [markdown]
# Diagnostics say what the run did beyond the formulas (missing values reweighted, ...), and
# the provenance is enough to reproduce every number.

# %%
res.diagnostics[["step", "id", "level", "node", "count", "message"]]

# %%
{k: v for k, v in res.provenance.items() if k != "recipe"}

# %% [markdown]
# ## 3. Does the weighting method change the ranking?
#
# The same data under the framework's (given) weights, entropy weights and CRITIC weights;
# Spearman correlations of the 2024 composite ranks.

# %%
methods = {"given": recipe, "entropy": recipe.replace(weights="entropy"), "critic": recipe.replace(weights="critic")}
ranks = pd.DataFrame({m: tj.score(data, fw, r).ranks["GCI"] for m, r in methods.items()})
ranks_2024 = ranks.xs(2024, level="Time")
print(ranks_2024.corr(method="spearman").round(3))
assert set(ranks_2024["given"]) == set(range(1, 13))

# %%
weights = pd.DataFrame({m: tj.score(data, fw, r).weights["effective_weight"] for m, r in methods.items()})
weights.loc[fw.indicators].round(3)

# %% [markdown]
# ## 4. What drives a city's score?
#
# Contributions split each composite score among the indicators (they sum to the score).

# %%
contrib = res.contributions.xs(2024, level="Time")
best = latest.index[0]
top = contrib.loc[best].sort_values(ascending=False)
print(f"{best} ({names.loc[(best, 2024)]}): composite {latest.loc[best, 'GCI']:.1f}")
top.round(2)

# %%
assert np.allclose(contrib.sum(axis=1), res.scores["GCI"].xs(2024, level="Time"))

# %% [markdown]
# ## 5. Methodology as estimators
#
# The normalisers and weighting methods are scikit-learn-style estimators, so a choice of
# method can sit in a pipeline (and a grid search). Here: min-max with the framework's
# directions, then entropy weights over all indicators, for 2024.

# %%
from sklearn.pipeline import make_pipeline

x2024 = data.xs(2024, level="Time")
pipe = make_pipeline(tj.MinMaxNormaliser(framework=fw, feature_range=(0, 1)), tj.EntropyWeights())
flat = pipe.fit_transform(x2024)
pipe[-1].weights_as_series().sort_values(ascending=False).round(3).head()

# %%
flat.sort_values("score", ascending=False).head()

# %% [markdown]
# ## 6. Plots

# %%
ax = tj.plots.radar(res, [best, latest.index[-1]], period=2024, labels="name_en")
ax.figure.savefig(OUT / "radar.png", bbox_inches="tight")

# %%
ax = tj.plots.bar(res, period=2024)
ax.figure.savefig(OUT / "ranking.png", bbox_inches="tight")

# %%
ax = tj.plots.heatmap(res, period=2024)
ax.figure.savefig(OUT / "heatmap.png", bbox_inches="tight")
plt.close("all")

# %% [markdown]
# ## 7. Save the run
#
# The same JSON and CSV files as the command line, and the recipe to reproduce it.

# %%
res.to_json(OUT / "result.json")
res.to_csv(OUT / "result.csv")
again = tj.score(data, fw, tj.Recipe.from_toml(res.provenance["recipe"]))
assert again.scores.equals(res.scores)
sorted(p.name for p in OUT.iterdir())
