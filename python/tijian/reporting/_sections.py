# SPDX-License-Identifier: MIT
"""The sections of the report, in order, as a registry.

A section is a function that reads the report's documents and returns what its template needs,
or None when its input is absent (the section is then left out, not shown empty), registered with
``@section(key, order)``; its template is ``templates/sections/<key>.html.j2``, which gets the
returned dict as ``s`` and the shared macros (``macros.html.j2``: tables, key-value lists).

Adding a section (self-check vs third-party, the survey, the ledger, ...):

1. write ``def build(ctx: Context) -> dict | None`` here (or in a module imported by
   ``tijian.reporting``) and decorate it with ``@section("my_key", order=...)``; read the inputs
   with ``ctx.doc("name")`` (a document passed as ``name=`` to :func:`tijian.reporting.report`, or
   ``<name>.json`` in the documents directory of ``python -m tijian.reporting``) and render tables
   with ``ctx.table(frame)``, charts with ``ctx.svg(figure)``;
2. add ``templates/sections/my_key.html.j2``;
3. give the input a keyword of :func:`tijian.reporting.report` (``DOCUMENTS`` in ``__init__``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from . import _assets
from ._format import Formatter, HtmlTable, _missing
from ._words import field_label, word

if TYPE_CHECKING:
    import pandas as pd

    from ._documents import Document

__all__ = ["Context", "SECTIONS", "Section", "section"]


@dataclass
class Context:
    """What a section reads: the documents, the city, the language and the writers."""

    lang: str
    unit: str
    docs: dict[str, Document]
    meta: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.fmt = Formatter(self.lang)

    def doc(self, name: str) -> Document | None:
        return self.docs.get(name)

    def w(self, key: str, **kw: Any) -> str:
        return word(key, self.lang, **kw)

    def rows(self, df: pd.DataFrame | None) -> pd.DataFrame | None:
        """The rows of the report's city (every row of a table without a unit column)."""
        if df is None:
            return None
        if "unit" not in df.columns:
            return df
        out = df[df["unit"].astype(str) == self.unit]
        out.attrs = df.attrs
        return out

    def table(self, df: pd.DataFrame | None, **kw: Any) -> HtmlTable | None:
        """A table in the report's language; indicator and dimension codes shown by their names
        (the names of the check's status and achievement tables) when the table has none."""
        if df is None or len(df) == 0:
            return None
        relabel = {"dimension": self.names("dimension")}
        if self.name_column(df) is None:
            relabel["indicator"] = self.names("indicator")
        return self.fmt.table(df, relabel=relabel, **kw)

    def names(self, what: str) -> dict[str, str]:
        """Names of the indicators or dimensions in the report's language, by code."""
        if not hasattr(self, "_names"):
            self._names: dict[str, dict[str, str]] = {"indicator": {}, "dimension": {}}
            check = self.doc("check")
            status = check.table("status") if check else None
            if status is not None and (col := self.name_column(status)):
                self._names["indicator"] = {k: v for k, v in zip(status["indicator"], status[col]) if isinstance(v, str) and v}
            ach = check.table("achievement") if check else None
            if ach is not None and (col := self.name_column(ach, "dimension_")):
                self._names["dimension"] = {k: v for k, v in zip(ach["dimension"], ach[col]) if isinstance(v, str) and v}
        return self._names[what]

    def svg(self, fig: Any) -> Markup:
        return _assets.figure_svg(fig)

    def label(self, df: pd.DataFrame, column: str) -> str:
        return self.fmt.header(df.attrs["columns"][column])

    def category(self, df: pd.DataFrame, column: str, code: Any) -> str:
        return self.fmt.category(df.attrs["columns"][column], code)

    def name_column(self, df: pd.DataFrame, prefix: str = "name") -> str | None:
        for name, d in df.attrs.get("columns", {}).items():
            if d.get("written_in") == self.lang and name.startswith(prefix):
                return name
        return None


@dataclass(frozen=True)
class Section:
    key: str
    order: int
    build: Callable[[Context], dict[str, Any] | None]


SECTIONS: list[Section] = []


def section(key: str, order: int) -> Callable[[Callable[[Context], dict[str, Any] | None]], Callable[..., Any]]:
    """Registers a section builder under ``key`` (template ``sections/<key>.html.j2``)."""

    def register(build: Callable[[Context], dict[str, Any] | None]) -> Callable[..., Any]:
        SECTIONS[:] = [s for s in SECTIONS if s.key != key]
        SECTIONS.append(Section(key, order, build))
        SECTIONS.sort(key=lambda s: s.order)
        return build

    return register


def _plots() -> Any:
    from .. import plots

    return plots


def _first(df: pd.DataFrame | None) -> Any:
    return None if df is None or len(df) == 0 else df.iloc[0]


# --- cover ------------------------------------------------------------------------------------
@section("cover", order=10)
def cover(ctx: Context) -> dict[str, Any] | None:
    check = ctx.doc("check")
    prov = (check.fields.get("provenance") if check else None) or {}
    name = ctx.unit
    status = ctx.rows(check.table("status")) if check else None
    if status is not None and len(status) and "name" in status.columns and status["name"].notna().any():
        name = str(status["name"].dropna().iloc[0]) or ctx.unit
    years: list[str] = []
    trend = ctx.doc("trend")
    ranks = ctx.rows(trend.table("ranks")) if trend else None
    if ranks is not None and len(ranks):
        years = [str(int(ranks["year"].min())), str(int(ranks["year"].max()))]
    period = str(check.fields.get("period", "")) if check else ""
    facts = [(ctx.w("city"), f"{name}（{ctx.unit}）" if ctx.lang == "zh" and name != ctx.unit
              else (f"{name} ({ctx.unit})" if name != ctx.unit else name))]
    if prov.get("profile"):
        facts.append((ctx.w("plan"), str(prov["profile"])))
    if period:
        facts.append((ctx.w("period"), period))
    if years and years[0] != years[1]:
        facts.append((ctx.w("years"), f"{years[0]}–{years[1]}"))
    if ctx.meta.get("assessor"):
        facts.append((ctx.w("assessor"), str(ctx.meta["assessor"])))
    facts.append((ctx.w("date"), str(ctx.meta.get("date", ""))))
    version = ctx.meta.get("data_version") or (str(prov.get("data_hash", ""))[:16] or None)
    if version:
        facts.append((ctx.w("data_version"), str(version)))
    title = ctx.meta.get("title") or f"{name} · {ctx.w('report')}"
    return {"title": title, "facts": facts, "made_with": ctx.w("made_with", version=prov.get("library_version", ""))}


# --- summary ----------------------------------------------------------------------------------
@section("summary", order=20)
def summary(ctx: Context) -> dict[str, Any] | None:
    check = ctx.doc("check")
    if check is None or check.table("achievement") is None:
        return None
    ach = ctx.rows(check.table("achievement"))
    overall = ach[ach["overall"].astype(bool)] if ach is not None else None
    row = _first(overall)
    if row is None:
        return None
    f = ctx.fmt
    ratio = f._ratio_label()

    def rate(value: Any, k: Any, n: Any, key: str) -> dict[str, Any]:
        n = 0 if _missing(n) else int(n)
        k = 0 if _missing(k) else int(k)
        return {"value": f.with_unit(value, ratio) if n else "-",
                "denominator": ctx.w(key, k=k, n=n) if n else ctx.w("no_denominator")}

    cards = [
        {"label": ctx.label(ach, "rate").split("（")[0].split(" (")[0],
         **rate(row["rate"], row["due_met"], row["due"], "of_due")},
        {"label": ctx.label(ach, "schedule_rate").split("（")[0].split(" (")[0],
         **rate(row["schedule_rate"], row["not_due_on_schedule"], row["not_due"], "of_not_due")},
    ]
    light = None if _missing(row.get("light")) else row.get("light")
    status = ctx.rows(check.table("status"))
    states = []
    if status is not None and len(status):
        targeted = status[status["status"].notna() & status["target_index"].notna()]  # rows of a target
        for code, n in targeted["status"].value_counts(sort=False).items():
            states.append({"code": code, "label": ctx.category(status, "status", code),
                           "count": f"{int(n)} {ctx.w('count_unit')}"})
    problems = ctx.rows(check.table("problems"))
    top = []
    if problems is not None and len(problems):
        name_col = ctx.name_column(problems)
        target_col = next((c for c, d in problems.attrs["columns"].items()
                           if c.startswith("target") and d.get("written_in") == ctx.lang), None)
        for p in problems.head(5).to_dict("records"):
            top.append({"name": str(p[name_col]) if name_col and isinstance(p[name_col], str) else str(p["indicator"]),
                        "reason": ctx.category(problems, "reason", p["reason"]),
                        "status": ctx.category(problems, "status", p["status"]) if isinstance(p["status"], str) else "",
                        "same": isinstance(p["status"], str) and p["status"] == p["reason"],
                        "value": ctx.fmt.with_unit(p["value"], ctx.fmt.unit(p["measure"])),
                        "target": str(p[target_col]) if target_col and isinstance(p[target_col], str) else ""})
    return {"cards": cards,
            "light": None if light is None else {"code": light, "label": ctx.category(ach, "light", light)},
            "light_label": ctx.label(ach, "light"), "states": states,
            "severe": ctx.w("severe"), "problems": top, "none": ctx.w("no_problems"),
            "value_label": ctx.label(problems, "value") if problems is not None else ""}


# --- per dimension ----------------------------------------------------------------------------
@section("dimensions", order=30)
def dimensions(ctx: Context) -> dict[str, Any] | None:
    check = ctx.doc("check")
    if check is None or check.table("status") is None:
        return None
    plots = _plots()
    status = ctx.rows(check.table("status"))
    ach = ctx.rows(check.table("achievement"))
    trend = ctx.doc("trend")
    ranks = ctx.rows(trend.table("ranks")) if trend else None
    trends = ctx.rows(trend.table("trends")) if trend else None
    names_col = ctx.name_column(status)
    names = dict(zip(status["indicator"], status[names_col])) if names_col else {}
    dim_name = ctx.name_column(ach, "dimension_") if ach is not None else None
    blocks = []
    has_change = False
    for dim in dict.fromkeys(status["dimension"]):
        rows = status[status["dimension"] == dim]
        rows.attrs = status.attrs
        a = ach[(ach["dimension"] == dim) & ~ach["overall"].astype(bool)] if ach is not None else None
        arow = _first(a)
        title = str(arow[dim_name]) if arow is not None and dim_name and isinstance(arow[dim_name], str) else str(dim)
        block: dict[str, Any] = {"code": dim, "title": title}
        if arow is not None and arow["targets"] > 0:
            if not _missing(arow["rate"]):
                block["rate"] = ctx.w("dimension_rate", rate=ctx.fmt.with_unit(arow["rate"], ctx.fmt._ratio_label()))
            light = arow.get("light")
            if not _missing(light):
                block["light"] = {"code": light, "label": ctx.category(ach, "light", light)}
        measured = rows[rows["target"].notna() & rows["value"].notna()]  # a bar needs a value
        if len(measured):
            bullets, changes = _on_change_scale(ctx, measured)
            block["bullets"] = ctx.svg(plots.target_bullets(bullets, lang=ctx.lang).figure)
            has_change = has_change or changes
        block["table"] = _check_table(ctx, rows)
        codes = list(dict.fromkeys(rows["indicator"]))
        if ranks is not None and len(ranks):
            mine = ranks[ranks["indicator"].isin(codes) & ranks["value"].notna()]
            if len(mine):
                fig = plots.trend_panels(mine, trends, unit=ctx.unit, names=names, lang=ctx.lang)
                block["trend_chart"] = ctx.svg(fig)
                t = trends[trends["indicator"].isin(codes)] if trends is not None else None
                if t is not None:
                    t.attrs = trends.attrs
                block["trend_table"] = ctx.table(t, caption=ctx.w("trends"))
                last = mine[mine["year"] == mine["year"].max()]
                last.attrs = ranks.attrs
                block["rank_table"] = ctx.table(last, caption=ctx.w("indicator_ranks"))
        blocks.append(block)
    note = ctx.w("bullet_note") + (ctx.w("bullet_change_note") if has_change else "")
    return {"blocks": blocks, "bullet_note": note, "trend_note": ctx.w("trend_note")}


def _on_change_scale(ctx: Context, rows: pd.DataFrame) -> tuple[pd.DataFrame, bool]:
    """The rows for the bullet chart. A target stated as a change from the base year
    (target_kind change_vs_base: ``target`` and ``trajectory`` are a change in percent, the
    ``value`` a level) is drawn on the scale of the change: the value's change from the base
    year (``change_pct``, %), the target and the trajectory as they are, the row named "(change
    vs <base year>)" so that the chart says which scale it is on."""
    if "target_kind" not in rows.columns or "change_pct" not in rows.columns:
        return rows, False
    change = (rows["target_kind"] == "change_vs_base").to_numpy()
    if not change.any():
        return rows, False
    out = rows.copy()
    pct = str(rows.attrs["columns"]["change_pct"]["unit_en"])  # the unit spelling of change_pct
    out.loc[change, "value"] = rows.loc[change, "change_pct"]
    out.loc[change, "measure"] = pct
    out.loc[change, "comparator"] = [_change_comparator(t) for t in rows.loc[change, "target"]]
    for col in [c for c, d in rows.attrs["columns"].items() if c.startswith("name") and d.get("written_in")]:
        base = rows.loc[change, "base_year"]
        out.loc[change, col] = [f"{n}（{word('change_vs', 'zh', year=y)}）" if col.endswith("zh")
                                else f"{n} ({word('change_vs', 'en', year=y)})"
                                for n, y in zip(rows.loc[change, col], base)]
    out.attrs = rows.attrs
    return out, True


def _change_comparator(target: Any) -> str:
    # a change target is met at that change or beyond it: a fall for a negative one (targets.hpp)
    return "<=" if float(target) < 0 else ">="


def _check_table(ctx: Context, rows: pd.DataFrame) -> HtmlTable | None:
    """The narrow check table of a dimension: the indicator's name first, then its value with
    the unit, the target, the state and the progress (the check table's other columns are in the
    appendix's full table). Labels, units and categories come from the status table's
    description; a change_vs_base target is written as the change it asks for."""
    if len(rows) == 0:
        return None
    cols = rows.attrs["columns"]
    f = ctx.fmt
    name_col = ctx.name_column(rows)
    header = [f.label(cols[name_col]) if name_col else f.label(cols["indicator"]), f.label(cols["value"]),
              f.label(cols["target"]), f.label(cols["status"]), f.header(cols["progress"])]
    body = []
    for r in rows.to_dict("records"):
        unit = f.unit(r.get("measure"))
        name = r.get(name_col) if name_col else None
        target = ""
        if not _missing(r.get("target")):
            cmp = str(r.get("comparator") or "")
            if r.get("target_kind") == "change_vs_base":
                cmp = _change_comparator(r["target"])
                pct = f.fixed_unit(cols["change_pct"])
                target = f"{ctx.w('change_vs', year=r.get('base_year'))} {cmp} {f.with_unit(r['target'], pct)}"
            else:
                if any(c.isalpha() for c in cmp) and isinstance(r.get("target_kind"), str):
                    # a comparator that is a word ("done": work done against a total) is written
                    # as its kind, in the report's language (累计完成)
                    cmp = ctx.category(rows, "target_kind", r["target_kind"])
                target = f"{cmp} {f.with_unit(r['target'], unit)}".strip()
                if not _missing(r.get("target_upper")):
                    target += f" – {f.with_unit(r['target_upper'], unit)}"
            if not _missing(r.get("target_year")):
                target += f"（{int(r['target_year'])}）" if ctx.lang == "zh" else f" ({int(r['target_year'])})"
        body.append([Markup('<span class="name">{}</span>').format(str(name) if isinstance(name, str) and name
                                                                    else str(r["indicator"])),
                     escape(f.with_unit(r["value"], unit)), escape(target), f.cell(cols["status"], r.get("status")),
                     f.cell(cols["progress"], r.get("progress"))])
    return HtmlTable(ctx.w("check_table"), [], header, body, "status",
                     [name_col or "indicator", "value", "target", "status", "progress"])


# --- ranks among the peer cities --------------------------------------------------------------
@section("ranking", order=40)
def ranking(ctx: Context) -> dict[str, Any] | None:
    score = ctx.doc("score")
    if score is None or score.table("scores") is None or score.table("nodes") is None:
        return None
    scores, nodes = score.table("scores"), score.table("nodes")
    periods = scores["period"].dropna().astype(str) if "period" in scores.columns else None
    latest = periods.max() if periods is not None and len(periods) and periods.max() else None
    now = scores[scores["period"].astype(str) == latest] if latest else scores
    mine = now[now["unit"].astype(str) == ctx.unit]
    if len(mine) == 0:
        return None
    name_col = "name_zh" if ctx.lang == "zh" else "name_en"
    unc = ctx.doc("uncertainty")
    utab = unc.table("uncertainty") if unc else None
    uncertain_node = str(unc.fields.get("node", "")) if unc else ""
    urow = _first(utab[utab["unit"].astype(str) == ctx.unit]) if utab is not None else None
    rows = []
    for n in nodes[nodes["kind"] == "aggregate"].to_dict("records"):
        code = n["code"]
        if f"{code}_rank" not in now.columns:
            continue
        r = mine.iloc[0][f"{code}_rank"]
        ranked = int(now[f"{code}_rank"].notna().sum())
        interval = ""
        if urow is not None and code == uncertain_node:
            interval = f"{ctx.fmt.number(urow['rank_q05'], 3)}–{ctx.fmt.number(urow['rank_q95'], 3)}"
        rows.append({"name": str(n[name_col] or code), "code": code,
                     "score": ctx.fmt.with_unit(mine.iloc[0][f"{code}_score"], ctx.fmt.fixed_unit(scores.attrs["columns"][f"{code}_score"])),
                     "rank": ctx.w("rank_of", r=ctx.fmt.number(r), n=ranked) if not _missing(r) else "-",
                     "interval": interval})
    if len(now) < 2:  # a rank among one city says nothing
        return None
    out: dict[str, Any] = {"rows": rows, "period": latest, "has_interval": urow is not None,
                           "head": [ctx.w("node"), ctx.w("score"), ctx.w("rank")] + ([ctx.w("interval")] if urow is not None else [])}
    if utab is not None and urow is not None:
        plots = _plots()
        ax = plots.rank_intervals(utab, lang=ctx.lang, highlight=ctx.unit, around=10)
        out["chart"] = ctx.svg(ax.figure)
        out["note"] = ctx.w("uncertainty_note", runs=unc.fields.get("runs", ""))
        noise = unc.fields.get("weight_noise")
        if noise is not None:  # the perturbations tijian report chose (report_cli.hpp)
            out["note"] += ctx.w("uncertainty_spec", noise=ctx.fmt.with_unit(noise, ctx.fmt._ratio_label()))
        # every unit's rank with its interval, in the order of the rank, the report's city among them
        order = [c for c in ("rank", "rank_nominal", "nominal_rank", "rank_median") if c in utab.columns]
        every = utab.sort_values(order[0], kind="stable") if order else utab
        every.attrs = utab.attrs
        out["table"] = ctx.table(every, constants=False, caption=ctx.w("every_rank"))
        out["mine"] = ctx.unit
    return out


# --- five-year evaluation ---------------------------------------------------------------------
@section("evaluation", order=50)
def evaluation(ctx: Context) -> dict[str, Any] | None:
    ev = ctx.doc("evaluation")
    if ev is None or ev.table("evaluation") is None:
        return None
    dims = ctx.table(ctx.rows(ev.table("evaluation_dimensions")))
    targets = ctx.table(ctx.rows(ev.table("evaluation")))
    if dims is None and targets is None:
        return None
    note = ""
    if "year" in ev.fields and "end_year" in ev.fields:
        note = ctx.w("evaluation_year", year=ev.fields["year"], end=ev.fields["end_year"])
    return {"note": note, "dimensions": dims, "targets": targets}


# --- problem list -----------------------------------------------------------------------------
@section("problems", order=60)
def problems(ctx: Context) -> dict[str, Any] | None:
    check = ctx.doc("check")
    if check is None or check.table("problems") is None:
        return None
    rows = ctx.rows(check.table("problems"))
    return {"table": ctx.table(rows, caption=ctx.w("problems")), "none": ctx.w("no_problems")}


# --- method appendix --------------------------------------------------------------------------
def _tree(nodes: pd.DataFrame, lang: str, fmt: Formatter) -> list[dict[str, Any]]:
    name_col = "name_zh" if lang == "zh" else "name_en"
    ratio = fmt._ratio_label()
    out = []
    for n in nodes.to_dict("records"):
        eff = n.get("effective_weight")
        out.append({"level": int(n["level"]), "code": n["code"], "name": str(n[name_col] or ""),
                    "weight": fmt.with_unit(n["weight"], ratio),
                    "effective": "" if _missing(eff) else fmt.with_unit(eff, ratio)})
    return out


@section("appendix", order=90)
def appendix(ctx: Context) -> dict[str, Any] | None:
    check, score = ctx.doc("check"), ctx.doc("score")
    out: dict[str, Any] = {}
    if score is not None and score.table("nodes") is not None:
        nodes = score.table("nodes")
        out["tree"] = _tree(nodes, ctx.lang, ctx.fmt)
        out["weights"] = ctx.table(nodes, caption=ctx.w("weights"), constants=False)
        recipe = (score.fields.get("provenance") or {}).get("recipe")
        if recipe:
            out["recipe"] = str(recipe)
        prep = []
        for name in ("denominations", "screening", "imputations", "left_missing", "treatment", "treated_cells"):
            t = score.table(name)
            if t is not None and len(t):
                prep.append(ctx.table(t))
        out["preparation"] = [p for p in prep if p]
    elif check is not None and check.table("status") is not None:
        status = check.table("status")
        name_col = ctx.name_column(status)
        tree = []
        for dim in dict.fromkeys(status["dimension"]):
            tree.append({"level": 1, "code": dim, "name": ctx.names("dimension").get(dim, ""), "weight": "",
                         "effective": ""})
            for r in status[status["dimension"] == dim].drop_duplicates("indicator").to_dict("records"):
                tree.append({"level": 2, "code": r["indicator"], "name": str(r[name_col] or "") if name_col else "",
                             "weight": "", "effective": ""})
        out["tree"] = tree
    if check is not None and check.table("status") is not None:
        out["check_details"] = ctx.table(ctx.rows(check.table("status")), caption=ctx.w("check_details"))
    if check is not None and check.table("diagnostics") is not None and len(check.table("diagnostics")):
        out["diagnostics"] = ctx.table(check.table("diagnostics"))
    provenance = []
    for key in ("check", "score", "trend", "evaluation", "uncertainty", "compare", "survey"):
        d = ctx.doc(key)
        if d is None:
            continue
        fields = dict(d.fields.get("provenance") or {})
        fields.pop("recipe", None)
        items = [(field_label(k, ctx.lang), str(v)) for k, v in fields.items() if v not in (None, "")]
        if items:
            provenance.append({"title": field_label(key, ctx.lang), "entries": items})
    out["provenance"] = provenance
    return out if out else None
