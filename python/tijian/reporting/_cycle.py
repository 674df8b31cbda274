# SPDX-License-Identifier: MIT
"""The sections of the check cycle after the problem list: self-check vs third-party
(``compare=``, :func:`tijian.compare`), the resident survey (``survey=``, :func:`tijian.survey`)
and the problem-to-task ledger (``ledger=``, :class:`tijian.Ledger`).

Each reads its result's tables through their descriptions (the core's schema): the tables are
written by the generic writer, the charts read the columns the description names. A section
whose input is absent is left out.
"""

from __future__ import annotations

import os

from typing import TYPE_CHECKING, Any

from ._format import _missing
from ._sections import Context, section

if TYPE_CHECKING:
    import pandas as pd


def _pyplot() -> Any:
    import matplotlib

    if matplotlib.get_backend().lower() not in ("agg", "svg", "pdf"):
        matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _subset(df: pd.DataFrame, mask: Any) -> pd.DataFrame:
    out = df[mask]
    out.attrs = df.attrs
    return out


# --- self-check vs third-party ----------------------------------------------------------------
def _bland_altman(ctx: Context, scores: pd.DataFrame, agreement: pd.DataFrame | None) -> Any:
    """Bland-Altman chart of the composite scores over the units: the mean of the two scores
    against their difference (compared - reference), the bias and the limits of agreement of the
    agreement table's composite row, the report's city highlighted."""
    plt = _pyplot()
    both = scores[scores["score_a"].notna() & scores["score_b"].notna()]
    if len(both) < 2:
        return None
    mean = (both["score_a"] + both["score_b"]) / 2.0
    diff = both["score_b"] - both["score_a"]
    mine = (both["unit"].astype(str) == ctx.unit).to_numpy() if "unit" in both.columns else None
    fig, ax = plt.subplots(figsize=(7.5, 3.6))
    ax.scatter(mean, diff, s=18, color="#5b7fa6", label=ctx.w("units_dots"))
    if mine is not None and mine.any():
        ax.scatter(mean[mine], diff[mine], s=60, color="#d9480f", zorder=3, label=ctx.unit)
    lines = None
    if agreement is not None and len(agreement) and "bias" in agreement.columns:
        # the composite row: the one whose measure is the unit of the scores
        unit_of_score = scores.attrs["columns"]["score_a"]["unit_en"]
        rows = agreement[agreement["measure"].astype(str) == unit_of_score] if "measure" in agreement.columns else None
        if rows is not None and len(rows):
            lines = rows.iloc[-1]
    if lines is None:  # computed here only for the drawing when the table has no composite row
        bias, sd = float(diff.mean()), float(diff.std(ddof=1))
        lines = {"bias": bias, "loa_lower": bias - 1.96 * sd, "loa_upper": bias + 1.96 * sd}
    for key, style in (("bias", "-"), ("loa_lower", "--"), ("loa_upper", "--")):
        v = lines[key]
        if not _missing(v):
            ax.axhline(float(v), color="#444444", linestyle=style, linewidth=1)
            ax.text(ax.get_xlim()[1], float(v), f" {ctx.w('ba_' + key)} {ctx.fmt.number(v, 3)}", va="center",
                    fontsize=8, clip_on=False)
    unit = ctx.fmt.fixed_unit(scores.attrs["columns"]["score_a"])
    ax.set_xlabel(f"{ctx.w('ba_mean')}（{unit}）" if ctx.lang == "zh" else f"{ctx.w('ba_mean')} ({unit})", fontsize=9)
    ax.set_ylabel(f"{ctx.w('ba_difference')}（{unit}）" if ctx.lang == "zh" else f"{ctx.w('ba_difference')} ({unit})",
                  fontsize=9)
    ax.tick_params(labelsize=8)
    ax.legend(fontsize=8, loc="upper left", frameon=False)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.tight_layout()
    return fig


def _value_scatter(ctx: Context, values: pd.DataFrame) -> Any:
    """The city's indicators: the compared value against the reference value, relative to the
    reference (so that indicators of different units share the axes), within tolerance or not."""
    plt = _pyplot()
    v = values[values["value_a"].notna() & values["value_b"].notna() & values["relative_difference"].notna()]
    if len(v) == 0:
        return None
    names = ctx.names("indicator")
    name_col = ctx.name_column(v)
    fig, ax = plt.subplots(figsize=(7.5, max(1.6, 0.3 * len(v) + 0.8)))
    y = range(len(v))
    within = v["within"].fillna(True).astype(bool).to_numpy() if "within" in v.columns else [True] * len(v)
    colours = ["#2f9e44" if w else "#e03131" for w in within]
    rel = v["relative_difference"].astype(float).to_numpy() * 100.0
    ax.barh(list(y), rel, color=colours, height=0.6)
    ax.axvline(0, color="#444444", linewidth=1)
    labels = []
    for r in v.to_dict("records"):
        n = r.get(name_col) if name_col else None
        labels.append(str(n) if isinstance(n, str) and n else names.get(r["indicator"], str(r["indicator"])))
    ax.set_yticks(list(y))
    ax.set_yticklabels(labels, fontsize=8)
    ax.set_ylim(len(v) - 0.5, -0.5)
    ax.set_xlabel(ctx.w("relative_difference_axis"), fontsize=9)
    ax.tick_params(axis="x", labelsize=8)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.tight_layout()
    return fig


@section("compare", order=62)
def compare(ctx: Context) -> dict[str, Any] | None:
    doc = ctx.doc("compare")
    if doc is None or doc.table("values") is None:
        return None
    out: dict[str, Any] = {"note": ctx.w("compare_note")}
    labels = doc.table("values")
    if len(labels) and "assessor_a" in labels.columns:
        out["note"] = ctx.w("compare_who", a=str(labels["assessor_a"].iloc[0]), b=str(labels["assessor_b"].iloc[0]))
    # the latest period compared: the period the report checks
    periods = labels["period"].dropna().astype(str) if "period" in labels.columns else None
    latest = periods.max() if periods is not None and len(periods) else None

    def now(df: pd.DataFrame | None) -> pd.DataFrame | None:
        if df is None or latest is None or "period" not in df.columns:
            return df
        return _subset(df, df["period"].astype(str) == latest)

    agreement, kappa = now(doc.table("agreement")), doc.table("kappa")
    # what a reader weighs per indicator: rank agreement, absolute agreement with its interval and
    # the Bland-Altman bias and limits; p-values, ICC(C,1) and the intervals of the bias and limits
    # are in the comparison's own tables (CSV, JSON, xlsx)
    shown = ["name_zh", "name_en", "n", "spearman", "kendall_tau_b", "icc_a1", "icc_a1_low", "icc_a1_high",
             "bias", "loa_lower", "loa_upper"]
    out["agreement"] = ctx.table(agreement, caption=ctx.w("agreement_table_of", period=latest) if latest
                                 else ctx.w("agreement_table"), columns=shown)
    out["kappa"] = ctx.table(kappa, caption=ctx.w("kappa_table"))
    out["concordance"] = ctx.table(doc.table("concordance"))
    scores = now(doc.table("scores"))
    if scores is not None and len(scores):
        fig = _bland_altman(ctx, scores, agreement)
        if fig is not None:
            out["chart"] = ctx.svg(fig)
            out["chart_note"] = ctx.w("bland_altman_note")
        out["scores"] = ctx.table(ctx.rows(scores), caption=ctx.w("compare_scores"))
    values = ctx.rows(now(labels))
    if values is not None and len(values):
        fig = _value_scatter(ctx, values)
        if fig is not None:
            out["values_chart"] = ctx.svg(fig)
            out["values_note"] = ctx.w("values_chart_note")
        outside = _subset(values, values["within"].notna() & ~values["within"].fillna(True).astype(bool)) \
            if "within" in values.columns else None
        out["outside"] = ctx.table(outside, caption=ctx.w("outside_tolerance"))
    out["verdicts"] = ctx.table(ctx.rows(now(doc.table("verdicts"))), caption=ctx.w("verdict_disagreements"))
    out["none"] = ctx.w("no_disagreement")
    return out


# --- resident survey --------------------------------------------------------------------------
def _gap_chart(ctx: Context, gap: pd.DataFrame) -> Any:
    """Per dimension the objective score and the felt satisfaction (points), side by side; a
    flagged gap is marked."""
    plt = _pyplot()
    g = gap[gap["objective"].notna() | gap["felt"].notna()]
    if len(g) == 0:
        return None
    dims = ctx.names("dimension")
    labels = [dims.get(d, str(d)) for d in g["dimension"]]
    fig, ax = plt.subplots(figsize=(7.5, max(1.8, 0.45 * len(g) + 0.9)))
    y = list(range(len(g)))
    cols = gap.attrs["columns"]
    ax.barh([i - 0.18 for i in y], g["objective"].fillna(0.0), height=0.34, color="#5b7fa6",
            label=ctx.fmt.label(cols["objective"]))
    ax.barh([i + 0.18 for i in y], g["felt"].fillna(0.0), height=0.34, color="#f08c00",
            label=ctx.fmt.label(cols["felt"]))
    for i, r in enumerate(g.to_dict("records")):
        if not _missing(r["gap"]):
            mark = " ⚑" if r.get("flagged") is True else ""
            text = f"{ctx.fmt.label(cols['gap']).split('（')[0].split(' (')[0]} {ctx.fmt.number(r['gap'], 3)}{mark}"
            ax.text(max(float(r["objective"] or 0), float(r["felt"] or 0)) + 1.5, i, text, va="center", fontsize=8)
    ax.set_yticks(y)
    ax.set_yticklabels(labels, fontsize=8)
    ax.set_ylim(len(g) - 0.5, -0.5)
    ax.set_xlim(0, 125)
    unit = ctx.fmt.fixed_unit(cols["felt"])
    ax.set_xlabel(f"{ctx.w('score')}（{unit}）" if ctx.lang == "zh" else f"{ctx.w('score')} ({unit})", fontsize=9)
    ax.tick_params(axis="x", labelsize=8)
    ax.legend(fontsize=8, loc="lower right", frameon=False)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.tight_layout()
    return fig


@section("survey", order=64)
def survey(ctx: Context) -> dict[str, Any] | None:
    doc = ctx.doc("survey")
    if doc is None or doc.table("dimensions") is None:
        return None
    fields = doc.fields
    out: dict[str, Any] = {}
    facts = []
    if "respondents" in fields:
        facts.append((ctx.w("respondents"), f"{fields['respondents']} {ctx.w('respondent_unit')}"))
    if "n_eff" in fields and not _missing(fields["n_eff"]):
        facts.append((ctx.w("n_eff"), f"{ctx.fmt.number(fields['n_eff'], 4)} {ctx.w('respondent_unit')}"))
    out["facts"] = facts
    out["dimensions"] = ctx.table(doc.table("dimensions"), caption=ctx.w("survey_dimensions"))
    out["alpha"] = ctx.table(doc.table("alpha"), caption=ctx.w("survey_alpha"))
    gap = doc.table("gap")
    if gap is not None and "source" in gap.columns:
        # the file the objective scores came from, by name: the analyst's directories mean
        # nothing to the report's readers (the path stays in the survey's own tables)
        attrs = gap.attrs
        gap = gap.assign(source=[os.path.basename(s) if isinstance(s, str) else s for s in gap["source"]])
        gap.attrs = attrs
    if gap is not None and len(gap):
        fig = _gap_chart(ctx, gap)
        if fig is not None:
            out["chart"] = ctx.svg(fig)
            out["chart_note"] = ctx.w("gap_note")
        out["gap"] = ctx.table(gap, caption=ctx.w("survey_gap"))
    out["adequacy"] = ctx.table(doc.table("adequacy"))
    out["problems"] = ctx.table(doc.table("problems"))
    return out


# --- problem-to-task ledger -------------------------------------------------------------------
@section("ledger", order=66)
def ledger(ctx: Context) -> dict[str, Any] | None:
    doc = ctx.doc("ledger")
    entries = doc.table("ledger") if doc else None
    if entries is None:
        return None
    out: dict[str, Any] = {"none": ctx.w("ledger_empty")}
    cols = entries.attrs["columns"]
    counts = []
    if len(entries):
        for code, _zh, _en in cols["status"]["categories"]:
            n = int((entries["status"] == code).sum())
            counts.append({"code": code, "label": ctx.fmt.category(cols["status"], code),
                           "count": f"{n} {ctx.w('task_unit')}"})
        n_over = int(entries["overdue"].fillna(False).astype(bool).sum())
        counts.append({"code": "overdue", "label": ctx.fmt.label(cols["overdue"]),
                       "count": f"{n_over} {ctx.w('task_unit')}"})
    out["counts"] = counts
    out["counts_label"] = ctx.w("ledger_counts")
    overdue = _subset(entries, entries["overdue"].fillna(False).astype(bool))
    # a task as the 督办单 names it: where, what, who, by when, how far (the whole ledger, every
    # column, is `tijian ledger export --what ledger`)
    task = ["id", "level", "unit_name", "indicator_name", "problem", "responsible", "remedy", "deadline", "status",
            "overdue", "supervise_reason"]
    out["overdue"] = ctx.table(overdue, caption=ctx.w("ledger_overdue"), columns=task)
    out["entries"] = ctx.table(entries, caption=ctx.w("ledger_tasks"), columns=task)
    return out
