# SPDX-License-Identifier: MIT
"""The catalogue of error ids (issue 21): every id the code can raise is collected from the
sources (C++ headers and sources, bindings, the Python layer), and each is either triggered here
through a public interface (the ``tijian`` program or the Python API) with an assertion that its
message names the place that applies (file and line for readers; node, indicator or unit for
data; the parameter and its allowed range for parameters), or listed with the reason it cannot
be triggered from outside. A new id in the code is neither, and fails
``test_every_error_id_of_the_code_is_catalogued`` until it gets a trigger here.

``PENDING`` (ids waiting for a trigger) is empty since issue 21 and must stay so: the test holds
it to exactly the ids neither triggered nor listed."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

import tijian as tj

ROOT = Path(__file__).resolve().parents[2]

# --- the ids the code can raise, read from the sources ------------------------------------------

_SOURCES = ("include", "src", "bindings", "python/tijian")
# an error raised with a literal id: tijian::error("io.write", ...), data_error("data.period", ...),
# recipe_error{...}, make_error(DataError, "data.dtype", ...)
_RAISE = re.compile(r'\b(?:[a-z_]*error|make_error\(\s*\w+,)\s*[({]?\s*"([a-z]+)\.[a-z_.]+"')
# a TOML reader of one domain, whose fail("suffix", ...) raises "<domain>.<suffix>"
_READER = re.compile(r'toml_reader\s*\w*\s*[({][^;]*?"([a-z_]+)"\s*\)')
_READER_FAIL = re.compile(r'\b(?:r_|r|rd)\.fail\(\s*"([a-z_]+)"')
_GENERIC_FAIL = re.compile(r'\bfail\(\s*"([a-z_]+)"')
# an id handed to a helper that raises it: parse_enum(text, "cli.encoding"), arg_as(x, "uncertainty.seed",
# ...), require_source(x, ..., "framework.argument"), differ("compare.units_differ", ...),
# const std::string id = ... ? "data.encoding" : ...
_HELPER = re.compile(r'parse_enum|arg_as|require_source|differ\(|\bid\s*=|fail\(|\braise\b')
_DIAGNOSTIC = re.compile(r'severity|add_diag|diagnostic|"level":')


def _strip_comments(text: str, python: bool) -> str:
    return re.sub(r"(?m)^\s*#.*$", "", text) if python else re.sub(r"(?m)//.*$", "", text)


def source_error_ids() -> dict[str, str]:
    """Every error id the code can raise, with a file that raises it."""
    files = sorted(p for d in _SOURCES for p in (ROOT / d).rglob("*") if p.suffix in (".hpp", ".cpp", ".ipp", ".py"))
    texts = {p: _strip_comments(p.read_text(encoding="utf-8"), p.suffix == ".py") for p in files}
    domains: set[str] = set()
    for t in texts.values():
        domains |= set(_RAISE.findall(t)) | set(_READER.findall(t))
    domains.discard("tijian")
    literal = re.compile(r'"((?:%s)\.[a-z0-9_]+(?:\.[a-z0-9_]+)*)"' % "|".join(sorted(domains)))
    file_name = re.compile(r"\.(?:hpp|cpp|py|toml|json|csv|xlsx|html)$")
    found: dict[str, str] = {}
    for path, t in texts.items():
        rel = str(path.relative_to(ROOT))
        for m in literal.finditer(t):
            if path.suffix == ".py":  # the line and the one before it (a raise split over two lines)
                stmt = t[t.rfind("\n", 0, max(t.rfind("\n", 0, m.start()), 0)) + 1:t.find("\n", m.end())]
            else:  # the C++ statement
                start = max(t.rfind(c, 0, m.start()) for c in (";", "{", "}"))
                stmt = t[start + 1:t.find(";", m.end())]
            if file_name.search(m.group(1)) or _DIAGNOSTIC.search(stmt):
                continue  # a file name, or a diagnostic recorded in a result
            if re.search(r"error|throw", stmt) or _HELPER.search(stmt):
                found.setdefault(m.group(1), rel)
        # the TOML readers: "<domain>.<suffix>" for each reader this file makes (toml_read.hpp's
        # own suffixes for every reader)
        prefixes = set(_READER.findall(t)) if path.name != "toml_read.hpp" else set(_READER.findall("".join(
            texts.values())))
        suffixes = set(_READER_FAIL.findall(t)) | (set(_GENERIC_FAIL.findall(t)) if path.name == "toml_read.hpp"
                                                   else set())
        for prefix in prefixes:
            for suffix in suffixes:
                found.setdefault(f"{prefix}.{suffix}", rel)
    # agreement.hpp's fail(id, ...) raises "agreement.<id>"
    agreement = texts[ROOT / "include/tijian/agreement.hpp"]
    for suffix in _GENERIC_FAIL.findall(agreement):
        found.setdefault(f"agreement.{suffix}", "include/tijian/agreement.hpp")
    return found


# --- triggers --------------------------------------------------------------------------------------

FW_HEAD = 'schema = "tijian/framework/1"\n[[node]]\ncode = "IDX"\n'  # lines 1-3
RECIPE_HEAD = 'schema = "tijian/recipe/1"\n'  # line 1
TARGETS_HEAD = 'schema = "tijian/targets/1"\nprofile = "p"\nframework = "green-city"\n'  # lines 1-3


class Raised:
    """The id and message of a failure, from the Python API or from the program's stderr."""

    def __init__(self, id: str, message: str) -> None:
        self.id, self.message = id, message


def _api(call: Callable[[], object]) -> Raised:
    try:
        call()
    except tj.Error as err:
        return Raised(err.id, str(err))
    raise AssertionError("no tijian error was raised")


def _file(tmp: Path, name: str, text: str | bytes) -> Path:
    path = tmp / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def framework_toml(body: str, head: str = FW_HEAD):
    return lambda tmp: _api(lambda: tj.Framework.from_toml(_file(tmp, "fw.toml", head + body)))


def recipe_toml(body: str, head: str = RECIPE_HEAD):
    return lambda tmp: _api(lambda: tj.Recipe.from_toml(_file(tmp, "r.toml", head + body)))


def targets_toml(body: str, head: str = TARGETS_HEAD):
    return lambda tmp: _api(lambda: tj.TargetProfile.from_toml(_file(tmp, "t.toml", head + body)))


def data_csv(text: str | bytes, **kwargs):
    return lambda tmp: _api(lambda: tj.read_data(_file(tmp, "d.csv", text), **kwargs))


def imeta_csv(text: str | bytes):
    return lambda tmp: _api(lambda: tj.Framework.read(_file(tmp, "meta.csv", text)))


SMALL_FW = FW_HEAD + '[[indicator]]\ncode = "a"\nparent = "IDX"\n[[indicator]]\ncode = "b"\nparent = "IDX"\n'
SMALL_DATA = "unit,a,b\nu1,1,2\nu2,3,5\nu3,4,4\n"


def cli(*args: str, files: dict[str, str] | None = None):
    """The program with `args` ({tmp} replaced by the directory), `files` written first: exit 2 and
    the id of its message."""

    def run(tmp: Path, exe: str) -> Raised:
        for name, text in (files or {}).items():
            _file(tmp, name, text)
        done = subprocess.run([exe, *(a.format(tmp=tmp, root=ROOT) for a in args)], capture_output=True, text=True,
                              timeout=120)
        assert done.returncode == 2, (args, done.returncode, done.stderr)
        found = re.search(r"\[tijian\.([a-z0-9_.]+)\]", done.stderr)
        assert found, done.stderr
        return Raised(found.group(1), done.stderr)

    run.needs_exe = True  # type: ignore[attr-defined]
    return run


_DEEP = FW_HEAD + "".join(f'[[node]]\ncode = "N{k}"\nparent = "{"IDX" if k == 0 else f"N{k - 1}"}"\n' for k in range(70)) \
    + '[[indicator]]\ncode = "a"\nparent = "N69"\n'
_SMALL = {"fw.toml": SMALL_FW, "d.csv": SMALL_DATA}
_SCORE = ("score", "-f", "{tmp}/fw.toml", "-d", "{tmp}/d.csv")

#: id -> (trigger, the parts of the place its message must name); {tmp} is the test's directory
TRIGGERS: dict[str, tuple[Callable[..., Raised], tuple[str, ...]]] = {
    # framework TOML: file, line and column, and the node
    "framework.syntax": (framework_toml("code = \n"), ("fw.toml:4",)),
    "framework.schema": (framework_toml("", head='schema = "tijian/framework/9"\n'), ("fw.toml:1", "tijian/framework/1")),
    "framework.unknown_key": (framework_toml('colour = "red"\n'), ("fw.toml:4", "'colour'", "node 'IDX'")),
    "framework.wrong_type": (framework_toml('[[indicator]]\ncode = "a"\nparent = "IDX"\nweight = "x"\n'),
                             ("fw.toml:7", "'weight'")),
    "framework.unknown_parent": (framework_toml('[[indicator]]\ncode = "a"\nparent = "nowhere"\n'),
                                 ("node 'a'", "'nowhere'")),
    "framework.duplicate_code": (framework_toml('[[indicator]]\ncode = "a"\nparent = "IDX"\n'
                                                '[[indicator]]\ncode = "a"\nparent = "IDX"\n'), ("node 'a'",)),
    "framework.bad_direction": (framework_toml('[[indicator]]\ncode = "a"\nparent = "IDX"\ndirection = "up"\n'),
                                ("fw.toml:7", "node 'a'", "'up'")),
    "framework.bad_weight": (framework_toml('[[indicator]]\ncode = "a"\nparent = "IDX"\nweight = -1.0\n'),
                             ("node 'a'",)),
    "framework.bad_aggregation": (framework_toml('aggregation = "median"\n[[indicator]]\ncode = "a"\nparent = "IDX"\n'),
                                  ("fw.toml:4", "node 'IDX'", "'median'")),
    "framework.bad_goalposts": (framework_toml('[[indicator]]\ncode = "a"\nparent = "IDX"\n'
                                               'goalposts = { lower = 10.0, upper = 0.0 }\n'), ("node 'a'",)),
    "framework.invalid_code": (framework_toml('[[indicator]]\ncode = "a b"\nparent = "IDX"\n'), ("'a b'",)),
    "framework.several_roots": (framework_toml('[[node]]\ncode = "OTHER"\n[[indicator]]\ncode = "a"\nparent = "IDX"\n'),
                                ("'IDX'", "'OTHER'")),
    "framework.too_deep": (framework_toml("", head=_DEEP), ("64",)),
    "framework.empty": (framework_toml("", head='schema = "tijian/framework/1"\n'), ("fw.toml",)),
    # recipe TOML: file, line and column, the key and its accepted values or range
    "recipe.syntax": (recipe_toml("[normalise\n"), ("r.toml:2",)),
    "recipe.schema": (recipe_toml("", head='schema = "tijian/recipe/7"\n'), ("r.toml:1", "tijian/recipe/1")),
    "recipe.unknown_key": (recipe_toml('[normalise]\nmethd = "min_max"\n'), ("r.toml:3", "'methd'")),
    "recipe.wrong_type": (recipe_toml("[aggregate]\np = \"two\"\n"), ("r.toml:3", "'p'")),
    # data CSV: file, line and column, the unit and the indicator
    "data.csv_syntax": (data_csv('unit,a\nu1,"1\n'), ("d.csv:2",)),
    "data.field_count": (data_csv("unit,a,b\nu1,1,2\nu2,3\n"), ("d.csv:3",)),
    "data.duplicate_column": (data_csv("unit,a,a\nu1,1,2\n"), ("d.csv:1", "'a'")),
    "data.empty": (data_csv(""), ("d.csv",)),
    "data.empty_column_name": (data_csv("unit,,b\nu1,1,2\n"), ("d.csv:1",)),
    "data.not_a_number": (data_csv("unit,a,b\nu1,1,2\nu2,x7,3\n"), ("d.csv:3", "'a'", "unit 'u2'", '"x7"')),
    "data.period": (data_csv("unit,year,a\nu1,abc,2\n"), ("d.csv:2", "'abc'")),
    "data.out_of_range": (data_csv("unit,a,b\nu1,1e200,2\n"), ("d.csv:2", "'a'", "unit 'u1'", "1e100")),
    "data.encoding": (data_csv(b"unit,a\n\xff\xfeu1,1\n", encoding="utf8"), ("d.csv:2",)),
    "data.empty_unit": (data_csv("unit,a,b\n,1,2\n"), ("d.csv:2",)),
    # the command line: the option and its range or accepted values
    "cli.noise": (cli(*_SCORE[0:0], "uncertainty", "-f", "{tmp}/fw.toml", "-d", "{tmp}/d.csv", "--noise", "2=1.5",
                      files=_SMALL), ("--noise",)),
    "cli.aggregation": (cli("uncertainty", "-f", "{tmp}/fw.toml", "-d", "{tmp}/d.csv", "--aggregations", "median",
                            files=_SMALL), ("'median'", "arithmetic")),
    "cli.normalisation": (cli("uncertainty", "-f", "{tmp}/fw.toml", "-d", "{tmp}/d.csv", "--normalisations", "magic",
                              files=_SMALL), ("'magic'", "min_max")),
    "io.out_extension": (cli(*_SCORE, "-o", "{tmp}/out.txt", files=_SMALL), ("out.txt", ".csv, .json or .xlsx")),
    "io.write": (cli(*_SCORE, "-o", "{tmp}/no-such-dir/out.csv", files=_SMALL), ("no-such-dir/out.csv",)),
    "aggregate.non_finite": (cli(*_SCORE, "-r", "{tmp}/r.toml",
                                 files={**_SMALL, "r.toml": RECIPE_HEAD + '[aggregate]\nmethod = "power_mean"\np = 1000\n'}),
                             ("node 'IDX'", "unit 'u")),
}



def _frame() -> pd.DataFrame:
    return pd.DataFrame({"a": [1.0, 2.0, 3.0, 4.0], "b": [10.0, 30.0, 20.0, 40.0]},
                        index=pd.Index(["u1", "u2", "u3", "u4"], name="unit"))


_FW = {"code": "IDX", "children": [{"code": "a"}, {"code": "b"}]}


def scored(recipe: dict | None = None, data: pd.DataFrame | None = None, framework: object = None, **kwargs):
    """tj.score of the small data with `recipe` (a dict, as a parameter reaches the core)."""
    return lambda tmp: _api(lambda: tj.score(_frame() if data is None else data, _FW if framework is None
                                              else framework, recipe, **kwargs))


TRIGGERS.update({
    # recipe parameters checked before scoring: the parameter and its allowed range
    "recipe.tie_tolerance": (scored({"ranks": {"tolerance": -1.0}}), ("ranks.tolerance", ">= 0")),
    "recipe.min_share": (scored({"missing": {"min_share": 0.0}}), ("missing.min_share", "(0, 1]")),
    "recipe.bad_power": (scored({"aggregate": {"method": "power_mean", "p": 0.0}}), ("aggregate", "p != 0")),
    "recipe.bad_floor": (scored({"aggregate": {"method": "geometric", "zeros": "floor", "zero_floor": 0.0}}),
                         ("aggregate", "zero_floor", "positive")),
    "recipe.bad_vikor_v": (scored({"aggregate": {"method": "vikor", "v": 2.0}}), ("aggregate", "[0, 1]")),
    "recipe.bad_threshold": (scored({"aggregate": {"method": "promethee_ii", "preference": "linear", "q": -1.0}}),
                             ("aggregate", "q >= 0")),
    "recipe.bad_weight": (scored({"weights": {"overrides": {"a": -1.0}}}), ("weights.overrides.a", ">= 0")),
    "recipe.bad_alpha": (scored({"weights": {"combine": "linear", "alpha": 2.0}}), ("weights.alpha", "[0, 1]")),
    "recipe.grades": (scored({"grades": {"thresholds": [50.0], "labels": ["low"]}}), ("labels", "thresholds")),
    "recipe.unknown_node": (scored({"aggregate": {"by_node": {"NOPE": "geometric"}}}), ("'NOPE'",)),
    "recipe.unknown_level": (scored({"aggregate": {"by_level": {"7": "geometric"}}}), ("level 7",)),
    "recipe.unknown_indicator": (scored({"normalise": {"by_indicator": {"zz": {"method": "rank"}}}}), ("'zz'",)),
    "recipe.bad_normalisation": (scored({"normalise": {"method": "min_max", "lower": 10.0, "upper": 0.0}}),
                                 ("normalise", "lower < upper")),
    "recipe.bad_value": (recipe_toml('[aggregate]\nmethod = "power_mean"\n[aggregate.by_level]\nx = "geometric"\n'),
                         ("r.toml:", '"x"')),
    # the data handed to the Python API: the column, unit and period
    "data.dtype": (scored(data=_frame().assign(b=["1", "2", "3", "4"])), ("'b'",)),
    "data.duplicate_unit": (scored(data=_frame().rename(index={"u2": "u1"})), ("unit 'u1'",)),
    "data.unknown_column": (scored(data=_frame().assign(zz=1.0)), ("'zz'",)),
    "framework.indicator_without_data": (scored(data=_frame().drop(columns="b")), ("'b'",)),
})



def _api_call(fn: Callable[..., object], *args: object, **kwargs: object):
    return lambda tmp: _api(lambda: fn(*args, **kwargs))


def uncertain(**kwargs):
    return _api_call(tj.uncertainty, _frame(), _FW, **{"runs": 10, **kwargs})


def sensitive(**kwargs):
    return _api_call(tj.sensitivity, _frame(), _FW, **{"n": 4, "noise": {1: 0.2}, "bootstrap": 10,
                                                        "weight_sets": 5, **kwargs})


TRIGGERS.update({
    # uncertainty and sensitivity parameters: the parameter and its range
    "uncertainty.dirichlet": (uncertain(dirichlet=1e-300), ("dirichlet", "0.01 to 1e6")),
    "uncertainty.runs": (uncertain(runs=2**40), ("runs", "1 to 10000000")),
    "uncertainty.noise": (uncertain(noise={1: 1.5}), ("factor < 1",)),
    "uncertainty.unknown_node": (uncertain(node="NOPE"), ("'NOPE'",)),
    "uncertainty.unknown_indicator": (uncertain(exclude=["zz"]), ("'zz'",)),
    "uncertainty.period": (uncertain(period=1999), ("'1999'",)),
    "uncertainty.recipe": (uncertain(missing={"fill": "mean"}), ("node 'IDX'", "fill")),
    "uncertainty.seed": (uncertain(seed="x"), ("seed",)),
    "uncertainty.sampling": (uncertain(sampling="lattice"), ("'lattice'", "sobol")),
    "uncertainty.exclude": (uncertain(exclude=5), ("exclude",)),
    "uncertainty.winmax": (uncertain(winmax=[-1]), ("winmax", ">= 0")),
    "uncertainty.data_variants": (uncertain(winmax=[1], data_variants={"x": {}}), ("data_variants", "winmax")),
    "sensitivity.level": (sensitive(level=1.5), ("level", "between 0 and 1")),
    "sensitivity.weight_sets": (sensitive(weight_sets=0), ("weight_sets", "at least 1")),
    "sensitivity.unknown_unit": (sensitive(output="unit_rank", unit="nowhere"), ("'nowhere'",)),
    "sensitivity.no_factors": (sensitive(noise=None), ("noise",)),
    "sensitivity.design": (sensitive(n=1), ("N >= 2",)),
    "sensitivity.output": (sensitive(output="median"), ("'median'",)),
    "sensitivity.bootstrap": (sensitive(bootstrap="many"), ("bootstrap",)),
    "sensitivity.shape": (_api_call(tj.sobol_indices, [1.0, 2.0], [1.0, 2.0], [[1.0], [2.0], [3.0]]), ("N",)),
})



_TREND_FW = {"code": "IDX", "children": [{"code": "A"}, {"code": "B", "direction": "lower"}]}


def _years() -> pd.DataFrame:
    return pd.DataFrame({"unit": ["u1"] * 3 + ["u2"] * 3, "year": [2020, 2021, 2022] * 2,
                         "A": [1.0, 2.0, 3.0, 2.0, 2.5, 3.5], "B": [5.0, 4.0, 3.0, 6.0, 6.0, 5.0]})


_PLAN = {"profile": "p", "start_year": 2020,
         "target": [{"indicator": "A", "kind": "at_least", "value": 5.0, "year": 2025}]}

TRIGGERS.update({
    # the annual check and the evaluation: the parameter, the unit and the year
    "trend.window": (_api_call(tj.trend, _years(), _TREND_FW, from_year=2022, to_year=2020),
                     ("from_year 2022", "to_year 2020")),
    "trend.tolerance": (_api_call(tj.trend, _years(), _TREND_FW, tolerance=-1.0), ("tolerance", ">= 0")),
    "trend.group": (_api_call(tj.trend, _years(), _TREND_FW, group="province"), ("'province'",)),
    "trend.no_year": (_api_call(tj.trend, _years().drop(columns="year").iloc[[0, 3]], _TREND_FW), ("year",)),
    "trend.target_before_base": (_api_call(tj.trend, _years(), _TREND_FW, {
        "profile": "p", "start_year": 2020,
        "target": [{"indicator": "A", "kind": "at_least", "value": 5.0, "year": 2019}]}),
        ("2019", "indicator 'A'", "unit 'u1'")),
    "evaluate.year": (_api_call(tj.evaluate, _years(), _TREND_FW, _PLAN, year=2030), ("2030",)),
    # indicator statistics: the parameter and its range
    "stats.level": (_api_call(tj.stats, _frame(), _FW, level=1), ("level", "2 or more")),
    "stats.threshold": (_api_call(tj.stats, _frame(), _FW, t_avail=1.5), ("t_avail", "[0, 1]")),
    "stats.correlation": (_api_call(tj.stats, _frame(), _FW, correlation="magic"), ("'magic'", "pearson")),
})


_FW3 = {"code": "IDX", "children": [{"code": "a"}, {"code": "b"}, {"code": "c"}]}


def _frame3() -> pd.DataFrame:
    return _frame().assign(c=[3.0, 1.0, 4.0, 1.5])


def ahp(matrix: list[list[float]]):
    return _api_call(lambda: tj.AHPWeights(matrix=matrix).fit())


TRIGGERS.update({
    # weights: the node, the method and the cell or column
    "weights.ahp_not_reciprocal": (ahp([[1.0, 2.0], [3.0, 1.0]]), ("row 2, column 1", "row 1, column 2")),
    "weights.ahp_diagonal": (ahp([[2.0, 1.0], [1.0, 1.0]]), ("row 1, column 1",)),
    "weights.ahp_invalid_entry": (ahp([[1.0, -2.0], [-0.5, 1.0]]), ("row 1, column 2",)),
    "weights.ahp_shape": (ahp([[1.0, 2.0, 3.0], [0.5, 1.0, 1.0]]), ("square",)),
    "weights.ahp_inconsistent": (scored({"weights": {"ahp": {"IDX": [[1.0, 9.0, 1 / 9], [1 / 9, 1.0, 9.0],
                                                                         [9.0, 1 / 9, 1.0]]},
                                                         "inconsistent": "error"}},
                                        data=_frame3(), framework=_FW3), ("'IDX'", "0.1")),
    "weights.all_constant": (scored({"weights": {"method": "entropy"}}, data=_frame().assign(a=1.0, b=2.0)),
                             ("entropy",)),
    "weights.zero_group": (scored({"weights": {"overrides": {"a": 0.0, "b": 0.0}}}), ("node 'IDX'",)),
    "weights.entropy_option": (scored({"weights": {"method": "entropy", "zeros": "shift", "entropy_shift": -1.0}}),
                               ("shift", ">= 0")),
})


_QINGDAO = ROOT / "examples/green-city/qingdao-2021-reported.csv"


def checked(**kwargs):
    return lambda tmp: _api(lambda: tj.check(tj.read_data(_QINGDAO), "green-city", "qingdao-2022", **kwargs))


def _subsystems() -> pd.DataFrame:
    return pd.DataFrame({"E": [0.5, 0.6], "S": [0.4, 0.7]}, index=pd.Index(["u1", "u2"], name="unit"))


TRIGGERS.update({
    # the health check: the option and its range, the period and unit asked for
    "check.options": (checked(cap=0.0), ("cap", "positive")),
    "check.bad_value": (checked(bottom_k=-3), ("'bottom_k' = -3", "from 0 to")),
    "check.wrong_type": (checked(cap="high"), ("'cap'", "a number")),
    "coupling.wrong_type": (_api_call(tj.coupling, _subsystems(), formula=5), ("'formula'",)),
    "composite.wrong_type": (_api_call(lambda: tj.green_city_score(tj.read_data(_QINGDAO), "green-city",
                                                                   "qingdao-2022", subsystems=5)), ("'subsystems'",)),
    "check.unknown_period": (checked(period=1999), ("'1999'",)),
    "check.unknown_unit": (checked(only_units=["nowhere"]), ("'nowhere'",)),
    "check.no_framework": (_api_call(tj.check, _frame(), None, {"profile": "p", "target": []}), ("'p'",)),
    "composite.cap": (_api_call(lambda: tj.green_city_score(tj.read_data(_QINGDAO), "green-city", "qingdao-2022",
                                                            cap=0.0)), ("cap", "positive")),
    "composite.unknown_subsystem": (_api_call(lambda: tj.green_city_score(
        tj.read_data(_QINGDAO), "green-city", "qingdao-2022", subsystems=["NOPE", "GE"])), ("'NOPE'",)),
    "coupling.best": (_api_call(tj.coupling, _subsystems(), best=0.0), ("best", "positive")),
    "coupling.alpha": (_api_call(tj.coupling, _subsystems(), alpha=[1.0]), ("alpha", "2")),
    "coupling.shape": (_api_call(tj.coupling, _subsystems()[["E"]]), ("two subsystems",)),
    "coupling.range": (_api_call(tj.coupling, _subsystems().assign(E=[5.0, 0.6])), ("5",)),
    "coupling.options": (_api_call(tj.coupling, _subsystems(), formula="magic"), ("'magic'",)),
})


_SURVEY = ROOT / "examples/survey"


def _answers(row: int, column: int, value: str) -> str:
    """The example answers with one cell of data row `row` (1 = the file's line 2) changed."""
    lines = (_SURVEY / "answers.csv").read_text(encoding="utf-8").splitlines()
    cells = lines[row].split(",")
    cells[column] = value
    lines[row] = ",".join(cells)
    return "\n".join(lines) + "\n"


def surveyed(answers: str | None = None, objective: str | None = None, definition: str | None = None):
    files = {"answers.csv": answers if answers is not None else (_SURVEY / "answers.csv").read_text(encoding="utf-8")}
    args = ["survey", "-s", "{tmp}/survey.toml", "-d", "{tmp}/answers.csv", "-q", "--lang", "en"]
    files["survey.toml"] = definition if definition is not None else (_SURVEY / "survey.toml").read_text(
        encoding="utf-8")
    if objective is not None:
        files["objective.csv"] = objective
        args += ["--objective", "{tmp}/objective.csv"]
    return cli(*args, files=files)


TRIGGERS.update({
    # the resident survey: file, line and column of the answer, the respondent's cell
    "survey.bad_answer": (surveyed(_answers(1, 9, "很棒")), ("answers.csv:2", "'很棒'")),
    "survey.bad_age": (surveyed(_answers(1, 7, "old")), ("answers.csv:2", "'old'")),
    "survey.under_16": (surveyed(_answers(1, 7, "12")), ("answers.csv:2", "16")),
    "survey.bad_gender": (surveyed(_answers(1, 6, "X")), ("answers.csv:2", "'X'")),
    "survey.unknown_dimension": (surveyed(objective="dimension,score\n天空,70\n"), ("objective.csv", "'天空'")),
    "survey.objective": (surveyed(objective="dimension,score\n住房,170\n"), ("objective.csv:2", "'住房'", "0 to 100")),
    "survey.bad_objective": (_api_call(lambda: tj.survey(_SURVEY / "answers.csv", _SURVEY / "survey.toml",
                                                         objective={"住房": 170.0})), ("'住房'", "0 to 100")),
    "survey.missing_column": (surveyed((_SURVEY / "answers.csv").read_text(encoding="utf-8").replace(
        "6.建筑安全", "6.建筑", 1)), ("survey.toml:44", "node 'H1'", "'6.建筑安全'", "answers.csv")),
    "survey.unknown_column": (surveyed((_SURVEY / "answers.csv").read_text(encoding="utf-8").replace(
        "序号", "编号X", 1)), ("answers.csv:1", "'编号X'")),
    "survey.empty": (surveyed((_SURVEY / "answers.csv").read_text(encoding="utf-8").splitlines()[0] + "\n"),
                     ("answers.csv",)),
    "survey.bad_value": (surveyed(definition=(_SURVEY / "survey.toml").read_text(encoding="utf-8").replace(
        'numbers = "high_is_best"', 'numbers = "sideways"', 1)), ("survey.toml:14", "'sideways'")),
    "survey.wrong_type": (surveyed(definition='schema = "tijian/survey/1"\nsurvey = 5\n'), ("survey.toml:2", "'survey'")),
    "survey.unknown_key": (surveyed(definition='schema = "tijian/survey/1"\ncolour = 1\n'), ("survey.toml:2", "'colour'")),
    "survey.schema": (surveyed(definition='schema = "tijian/survey/9"\n'), ("survey.toml:1",)),
    "survey.syntax": (surveyed(definition='schema = \n'), ("survey.toml:1",)),
    "survey.definition": (surveyed(definition=(_SURVEY / "survey.toml").read_text(encoding="utf-8").replace(
        '  { district = "东城区", age_group = "16_30", share = 0.12 },\n',
        '  { district = "东城区", age_group = "16_30", share = 0.12 },\n' * 2, 1)), ("survey.toml:", "given twice")),
    "survey.missing_key": (surveyed(definition='schema = "tijian/survey/1"\nsurvey = "s"\n'), ("survey.toml", "[[item]]")),
})


_TARGET = '[[target]]\nindicator = "GF01"\n'  # lines 4-5

TRIGGERS.update({
    # framework structure: the node
    "framework.cycle": (framework_toml('[[node]]\ncode = "X"\nparent = "Y"\n[[node]]\ncode = "Y"\nparent = "X"\n'
                                       '[[indicator]]\ncode = "a"\nparent = "IDX"\n'), ("node 'X'",)),
    "framework.empty_aggregate": (framework_toml('[[node]]\ncode = "D"\nparent = "IDX"\n'
                                                 '[[indicator]]\ncode = "a"\nparent = "IDX"\n'), ("node 'D'",)),
    "framework.indicator_with_children": (framework_toml('[[indicator]]\ncode = "a"\nparent = "IDX"\n'
                                                         '[[indicator]]\ncode = "b"\nparent = "a"\n'),
                                          ("node 'a'", "'b'")),
    "framework.zero_weights": (framework_toml('[[indicator]]\ncode = "a"\nparent = "IDX"\nweight = 0\n'),
                               ("node 'IDX'",)),
    "framework.unknown_code": (_api_call(lambda: tj.Framework.from_dict(_FW).node("zz")), ("'zz'",)),
    "preset.unknown": (cli("check", "-f", "no-such-framework", "-t", "qingdao-2022", "-d", str(_QINGDAO)),
                       ("'no-such-framework'", "green-city")),
    # target profiles: file, line and column, the target
    "targets.syntax": (targets_toml("target = [\n"), ("t.toml:4",)),
    "targets.schema": (targets_toml("", head='schema = "tijian/targets/0"\nprofile = "p"\n'), ("t.toml:1",)),
    "targets.unknown_key": (targets_toml("colour = 1\n"), ("t.toml:4", "'colour'")),
    "targets.missing_key": (targets_toml("", head='schema = "tijian/targets/1"\n'), ("t.toml", "profile")),
    "targets.wrong_type": (targets_toml("target = 5\n"), ("t.toml:4",)),
    "targets.bad_kind": (targets_toml(_TARGET + 'kind = "lots"\nvalue = 1\n'), ("t.toml:6", "'lots'")),
    "targets.bad_target": (targets_toml(_TARGET + 'kind = "at_least"\nvalue = 1\nupper = 2\n'), ("t.toml:8",)),
    "targets.bad_value": (targets_toml("start_year = -5\n", head='schema = "tijian/targets/1"\nprofile = "p"\n'),
                          ("t.toml:3", "0 to 100000")),
})


def _result():
    return tj.score(_frame(), _FW)


TRIGGERS.update({
    # results: the node asked for
    "vikor.not_vikor": (_api_call(lambda: _result().vikor("IDX")), ("'IDX'", "vikor")),
    "aggregate.domain": (scored({"normalise": {"method": "none"}, "aggregate": {"method": "geometric"}},
                                data=_frame().assign(a=[-1.0, 2.0, 3.0, 4.0])), ("node 'IDX'", "unit 'u1'")),
    "report.unit": (cli("report", "-f", "green-city", "-t", "qingdao-2022", "-d", str(_QINGDAO), "--unit", "NOPE",
                        "-o", "{tmp}/r.html", "--lang", "en"), ("--unit NOPE", "qingdao-2021-reported.csv")),
    # the Python API's arguments: the argument and what it must be
    "argument.type": (_api_call(tj.Recipe.from_dict, {"grades": {"labels": ["low", None]}}),
                      ("'grades.labels[1]'", "None")),
    "argument.range": (_api_call(tj.Recipe.from_dict, {"ranks": {"tolerance": 2**70}}),
                       ("ranks.tolerance", "64 bits")),
    "binding.uninitialised": (_api_call(lambda: tj._core.Framework.__new__(tj._core.Framework).size()),
                              ("__new__",)),
    "io.lang": (_api_call(lambda: _result().to_csv(lang="fr")), ("'fr'", "zh")),
    "io.headers": (_api_call(lambda: _result().to_csv(headers="pretty")), ("'pretty'", "labels")),
})

TRIGGERS.update({
    "result.no_rank": (_api_call(lambda: _result().rank("a")), ("'a'",)),
    # agreement statistics (self-check vs third-party): the statistic, the value and its range
    "agreement.bad_option": (_api_call(tj.agreement.icc, [[1.0, 2.0], [2.0, 3.0], [3.0, 5.0]], confidence=1.5),
                             ("confidence", "between 0 and 1")),
    "agreement.shape": (_api_call(tj.agreement.spearman, [1.0, 2.0, 3.0], [1.0, 2.0]), ("different lengths",)),
    "agreement.not_finite": (_api_call(tj.agreement.spearman, [1.0, float("nan"), 3.0], [1.0, 2.0, 3.0]),
                             ("value 2",)),
    "agreement.too_few": (_api_call(tj.agreement.spearman, [1.0, 2.0], [1.0, 3.0]), ("at least",)),
    "agreement.constant": (_api_call(tj.agreement.spearman, [1.0, 1.0, 1.0], [1.0, 2.0, 3.0]), ("constant",)),
    "agreement.one_category": (_api_call(tj.agreement.cohen_kappa, [0, 0, 0], [0, 0, 0]), ("2 categories",)),
})

_IMETA = "Level,iCode,Direction,Weight,Parent,Type\n2,IDX,1,1,,Aggregate\n"  # lines 1-2

TRIGGERS.update({
    # COINr-style iMeta framework tables: file, line and column, the node
    "framework.unknown_column": (imeta_csv("Level,iCode,Direction,Weight,Parent,Type,Colour\n"), ("meta.csv:1:7",
                                                                                                  "'Colour'")),
    "framework.duplicate_column": (imeta_csv("Level,iCode,Direction,Weight,Parent,Type,Code\n"), ("meta.csv:1:7",)),
    "framework.missing_column": (imeta_csv("Level,iCode,Direction,Weight,Parent\n"), ("meta.csv:1", "'Type'")),
    "framework.bad_node_type": (imeta_csv(_IMETA + "1,a,1,1,IDX,Thing\n"), ("meta.csv:3", "'Thing'")),
    "framework.bad_level": (imeta_csv(_IMETA + "x,a,1,1,IDX,Indicator\n"), ("meta.csv:3:1", "node 'a'")),
    "framework.bad_indicator_type": (imeta_csv("Level,iCode,Direction,Weight,Parent,Type,IndicatorType\n"
                                               "2,IDX,1,1,,Aggregate,\n1,a,1,1,IDX,Indicator,magic\n"),
                                     ("meta.csv:3", "node 'a'", "'magic'")),
    "framework.bad_number": (imeta_csv("Level,iCode,Direction,Weight,Parent,Type,ScaleFactor\n"
                                       "2,IDX,1,1,,Aggregate,\n1,a,1,1,IDX,Indicator,12abc\n"),
                             ("meta.csv:3:7", "node 'a'", "12abc")),
    "framework.field_count": (imeta_csv(_IMETA + "1,a,1,1,IDX\n"), ("meta.csv:3",)),
    "framework.csv_syntax": (imeta_csv(_IMETA + '1,"a,1,1,IDX,Indicator\n'), ("meta.csv:3",)),
    "framework.encoding": (imeta_csv(b"Level,iCode,Direction,Weight,Parent,Type\n2,\xff\xfe\xfd,1,1,,Aggregate\n"),
                           ("meta.csv:2",)),
})

_GC = ROOT / "examples/green-city"


def compared(tolerances: str | None = None, third: str | None = None, *extra: str):
    files = {"third.csv": third if third is not None else (_GC / "third-party-synthetic.csv").read_text(
        encoding="utf-8")}
    args = ["compare", "-f", "green-city", "-t", str(_GC / "targets-synthetic-benchmark.toml"),
            "-a", f"自检={_GC / 'panel-synthetic.csv'}", "-a", "第三方={tmp}/third.csv", "--lang", "en", "-q", *extra]
    if tolerances is not None:
        files["tol.toml"] = tolerances
        args += ["--tolerances", "{tmp}/tol.toml"]
    return cli(*args, files=files)


def _third_without(column: str) -> str:
    frame = pd.read_csv(_GC / "third-party-synthetic.csv", comment="#")
    return frame.drop(columns=column).to_csv(index=False)


TRIGGERS.update({
    # self-check vs third-party: the tolerance file's line and indicator, what differs
    "tolerances.syntax": (compared("default = \n"), ("tol.toml:1",)),
    "tolerances.schema": (compared('schema = "tijian/tolerances/2"\n'), ("tol.toml:1",)),
    "tolerances.unknown_key": (compared('[default]\nrelativ = 0.1\n'), ("tol.toml:2", "'relativ'")),
    "tolerances.wrong_type": (compared('[default]\nrelative = "a lot"\n'), ("tol.toml:2", "'relative'")),
    "tolerances.bad_value": (compared('[default]\nrelative = -1.0\n'), ("tol.toml:2", ">= 0")),
    "compare.tolerance": (compared('[indicator.nope]\nabsolute = 1.0\n'), ("tol.toml:1", "'nope'")),
    "compare.indicators_differ": (compared(None, _third_without("green_coverage")), ("green_coverage",)),
    "compare.too_few": (cli("compare", "-f", "green-city", "-t", str(_GC / "targets-synthetic-benchmark.toml"),
                            "-a", f"自检={_GC / 'panel-synthetic.csv'}", "--lang", "en"), ("two",)),
    "compare.labels": (cli("compare", "-f", "green-city", "-t", str(_GC / "targets-synthetic-benchmark.toml"),
                           "-a", f"x={_GC / 'panel-synthetic.csv'}", "-a", f"x={_GC / 'third-party-synthetic.csv'}",
                           "--lang", "en"), ("'x'",)),
})

_NC = ROOT / "examples/national-check"


def national(units: str | None = None, values: str | None = None):
    files = {"units.csv": units if units is not None else (_NC / "units.csv").read_text(encoding="utf-8"),
             "values.csv": values if values is not None else (_NC / "values.csv").read_text(encoding="utf-8")}
    return cli("national", "check", "--units", "{tmp}/units.csv", "--values", "{tmp}/values.csv", "--lang", "en",
               files=files)


def graded(grades: str | None = None, peers: str | None = None):
    files = {"grades.csv": grades if grades is not None else (_NC / "grades.csv").read_text(encoding="utf-8"),
             "peers.csv": peers if peers is not None else (_NC / "peers.csv").read_text(encoding="utf-8")}
    return cli("grade", "-g", "{tmp}/grades.csv", "--peers", "{tmp}/peers.csv", "--city", "示例市",
               "--city-class", "prefecture", "--lang", "en", files=files)


def graded_with(override: str):
    """`tijian grade` of the example with the override file {tmp}/o.toml."""

    def with_override(tmp: Path, exe: str) -> Raised:
        _file(tmp, "o.toml", override)
        return cli("grade", "-g", "{tmp}/grades.csv", "--peers", "{tmp}/peers.csv", "--city", "示例市",
                   "--city-class", "prefecture", "--lang", "en", "--override", "{tmp}/o.toml",
                   files={"grades.csv": (_NC / "grades.csv").read_text(encoding="utf-8"),
                          "peers.csv": (_NC / "peers.csv").read_text(encoding="utf-8")})(tmp, exe)

    with_override.needs_exe = True  # type: ignore[attr-defined]
    return with_override


TRIGGERS.update({
    # the national basic system: file, line and column, the unit and the indicator
    "national.missing_column": (national(units="unit,name,parent\nD1,示例区,\n"), ("units.csv:1", "level")),
    "national.bad_level": (national(units="unit,name,level,parent\nD1,示例区,省,\n"), ("units.csv:2", "'省'")),
    "national.unit_missing": (national(units="unit,name,level,parent\n,示例区,城区,\n"), ("units.csv:2",)),
    "national.syntax": (graded_with("scope = \n"), ("o.toml:1",)),
    "national.schema": (graded_with('schema = "tijian/national-overrides/9"\nscope = "province"\n'), ("o.toml:1",)),
    "national.unknown_key": (graded_with('scope = "province"\ncolour = 1\n'), ("o.toml:2", "'colour'")),
    "national.wrong_type": (graded_with('scope = "province"\nname = 5\n'), ("o.toml:2", "'name'")),
    "national.missing_key": (graded_with('name = "x"\n'), ("o.toml", "scope")),
    "national.bad_value": (graded_with('scope = "national"\n'), ("o.toml:1", "province")),
    "national.override_level": (graded_with('scope = "province"\n[[override]]\nindicator = 1\n'
                                            '[[override.standard]]\ncmp = "<="\nvalue = 10\n'),
                                ("o.toml:2", "indicator 1")),
    "national.bad_grade": (graded(grades="indicator,grade\n30,超好\n"), ("grades.csv:2", "'超好'")),
    "national.duplicate_unit": (national(units="unit,name,level,parent\nD1,示例区,城区,\nD1,又一区,城区,\n"),
                                ("units.csv:3", "'D1'")),
    "national.bad_parent": (national(units="unit,name,level,parent\nD1,示例区,城区,X\n"), ("units.csv:2", "'X'")),
    "national.parent_missing": (national(units="unit,name,level,parent\nD1,示例区,城区,\nB1,东街道,街区,\n"),
                                ("units.csv:3",)),
    "national.unknown_parent": (national(units="unit,name,level,parent\nD1,示例区,城区,\nB1,东街道,街区,D9\n"),
                                ("units.csv:3", "'D9'")),
    "national.unknown_unit": (national(values="unit,indicator,value\nZZ,1,否\n"), ("values.csv:2", "'ZZ'")),
    "national.unknown_indicator": (national(values="unit,indicator,value\nD1,999,1\n"), ("values.csv:2", "'999'")),
    "national.bad_score": (graded(grades="indicator,grade,survey_score\n30,很好,170\n"), ("grades.csv:2", "170")),
    "national.duplicate_grade": (graded(grades="indicator,grade\n30,很好\n30,较好\n"), ("grades.csv:3",)),
    "national.grade_level": (graded(grades="indicator,grade\n1,很好\n"), ("grades.csv:2", "indicator 1")),
    "national.peer_level": (graded(peers="indicator,peer,value\n1,甲市,3\n"), ("peers.csv:2", "indicator 1")),
    "national.bad_number": (graded(peers="indicator,peer,value\n30,甲市,\n"), ("peers.csv:2",)),
})

_LEDGER = ROOT / "examples/ledger"


def ledgered(*args: str, files: dict[str, str] | None = None, init: bool = True):
    """`tijian ledger ARGS` on a ledger {tmp}/l.sqlite made first with `tijian ledger init` (if `init`)."""
    run = cli("ledger", *args, files=files)

    def with_ledger(tmp: Path, exe: str) -> Raised:
        if init:
            subprocess.run([exe, "ledger", "init", str(tmp / "l.sqlite")], check=True, capture_output=True)
        return run(tmp, exe)

    with_ledger.needs_exe = True  # type: ignore[attr-defined]
    return with_ledger


def _not_a_ledger(tmp: Path, exe: str) -> Raised:
    import sqlite3

    with sqlite3.connect(tmp / "other.sqlite") as db:
        db.execute("CREATE TABLE t (x)")
    return cli("ledger", "list", "{tmp}/other.sqlite")(tmp, exe)


_not_a_ledger.needs_exe = True  # type: ignore[attr-defined]

TRIGGERS.update({
    # the problem ledger: the ledger file, the input's file, line and column
    "ledger.exists": (ledgered("init", "{tmp}/l.sqlite"), ("l.sqlite",)),
    "ledger.missing": (ledgered("list", "{tmp}/none.sqlite", init=False), ("none.sqlite",)),
    "ledger.not_a_ledger": (_not_a_ledger, ("other.sqlite",)),
    "ledger.date": (ledgered("update", "{tmp}/l.sqlite", "-p", str(_LEDGER / "housing-2021-synthetic.csv"),
                             "--as-of", "2021-13-45"), ("'2021-13-45'", "YYYY-MM-DD")),
    "ledger.import.unknown_id": (ledgered("import", "{tmp}/l.sqlite", "-i", str(_LEDGER / "edits-2021-09.csv")),
                                 ("edits-2021-09.csv", "'2021-0001'")),
    "ledger.input.column": (ledgered("update", "{tmp}/l.sqlite", "-p", "{tmp}/p.csv", "-y", "2021",
                                     files={"p.csv": "x,y\n1,2\n"}), ("p.csv:1",)),
})

def _workbook(tmp: Path) -> Path:
    path = tmp / "w.xlsx"
    tj.score(_frame(), _FW).to_excel(path)
    return path


def _long() -> pd.DataFrame:
    return pd.DataFrame({"unit": ["u1", "u1", "u2"], "indicator": ["a", "a", "a"], "value": [1.0, 2.0, 3.0]})


TRIGGERS.update({
    # data given to the Python API: the row, unit, period and column
    "data.infinite": (scored(data=_frame().assign(a=[float("inf"), 2.0, 3.0, 4.0])), ("unit 'u1'", "indicator 'a'")),
    "data.empty_period": (_api_call(lambda: tj.score(_frame(), _FW, periods=[2020, None, 2021, 2021])), ("row 2",)),
    "data.missing_column": (_api_call(lambda: tj.score(_frame().reset_index(), _FW, units="city")), ("'city'",)),
    "data.duplicate_entry": (_api_call(lambda: tj.score(_long(), {"code": "IDX", "children": [{"code": "a"}]})),
                             ("unit 'u1'", "indicator 'a'")),
    "data.columns": (scored(data=pd.DataFrame([[1.0, 2.0]], columns=pd.MultiIndex.from_tuples([("x", "a"), ("x", "b")]))),
                     ("MultiIndex",)),
    "data.index": (scored(data=_frame().set_index(pd.MultiIndex.from_tuples(
        [("u1", 1, 1), ("u2", 1, 1), ("u3", 1, 1), ("u4", 1, 1)]))), ("3 levels",)),
    "data.shape": (_api_call(lambda: tj.score(__import__("numpy").ones((2, 2, 2)), _FW)), ("3-D",)),
    # workbooks: the file (and the sheet)
    "data.xls": (lambda tmp: _api(lambda: tj.read_data(_file(tmp, "old.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" +
                                                                 bytes(600)))), ("old.xlsx",)),
    "data.xlsx_damaged": (lambda tmp: _api(lambda: tj.read_data(_file(tmp, "bad.xlsx", b"PK\x03\x04" + bytes(100)))),
                          ("bad.xlsx",)),
    "data.missing_sheet": (lambda tmp: _api(lambda: tj.read_data(_workbook(tmp), sheet="nope")), ("w.xlsx", "'nope'")),
})

_IND_A = '[[indicator]]\ncode = "a"\nparent = "IDX"\n'  # lines 4-6

TRIGGERS.update({
    "framework.bad_band": (framework_toml(_IND_A + 'band = [1.0]\n'), ("fw.toml:7", "node 'a'")),
    "framework.band_missing": (framework_toml(_IND_A + 'direction = "band"\n'), ("node 'a'", "band")),
    "framework.band_reversed": (framework_toml(_IND_A + 'direction = "band"\nband = [5.0, 1.0]\n'),
                                ("node 'a'", "lower 5 > upper 1")),
    "framework.bad_power": (framework_toml('aggregation = { method = "power_mean", p = 0.0 }\n' + _IND_A),
                            ("node 'IDX'", "p != 0")),
    "framework.bad_scale_factor": (framework_toml(_IND_A + 'scale_factor = 0.0\n'), ("node 'a'", "scale_factor 0")),
    "framework.missing_key": (framework_toml('[[indicator]]\nparent = "IDX"\n'), ("fw.toml:4", "code")),
    "framework.bad_target": (framework_toml(_IND_A + '[[indicator.target]]\nyear = 2025\n'), ("fw.toml:7", "node 'a'")),
    "framework.bad_comparator": (framework_toml(_IND_A + '[[indicator.target]]\nvalue = 1.0\ncomparator = "~"\n'),
                                 ("fw.toml:9", "node 'a'", "'~'")),
    "framework.bad_value": (framework_toml(_IND_A + '[[indicator.target]]\nvalue = 1.0\nyear = -3\n'),
                            ("fw.toml:9", "node 'a'", "0 to 100000")),
    "framework.file_type": (_api_call(lambda: tj.Framework.from_table("framework.txt")), ("framework.txt",)),
    "framework.argument": (_api_call(tj.Framework.from_toml, None), ("Framework.from_toml", "NoneType")),
    "recipe.argument": (_api_call(tj.Recipe.from_toml, None), ("Recipe.from_toml", "NoneType")),
    "targets.argument": (_api_call(tj.TargetProfile.from_toml, None), ("from_toml", "NoneType")),
})

TRIGGERS.update({
    # data preparation and the remaining recipe parameters: the parameter, its range, the code
    "recipe.screen": (scored({"prepare": {"screen": {"policy": "by_missing", "min_availability": 1.5}}}),
                      ("min_availability", "[0, 1]")),
    "recipe.unknown_unit": (scored({"prepare": {"screen": {"force_include": ["nowhere"]}}}), ("'nowhere'",)),
    "recipe.impute": (scored({"prepare": {"impute": {"method": "group_mean"}}}), ("group",)),
    "recipe.treat": (scored({"prepare": {"treat": {"method": "percentile_clip", "lower_percentile": 0.9,
                                                   "upper_percentile": 0.1}}}),
                     ("lower_percentile < upper_percentile",)),
    # (inside the normalisation it keeps its id, with the indicator: normalise.fit_period)
    "recipe.unknown_period": (scored({"normalise": {"fit": "one_period", "fit_period": "1999"}}),
                              ("normalise.fit_period '1999'", "indicator 'a'")),
    "recipe.unknown_reference": (scored({"normalise": {"method": "distance_to_reference", "reference_unit": "zz"}}),
                                 ("'zz'",)),
    "recipe.ahp_matrix": (recipe_toml('[weights.ahp]\nIDX = [[1.0, 2.0], [0.5]]\n'), ("r.toml:3", "row 2")),
    "recipe.ahp_shape": (scored({"weights": {"ahp": {"IDX": [[1.0, 2.0, 3.0], [0.5, 1.0, 1.0], [1 / 3, 1.0, 1.0]]}}}),
                         ("weights.ahp.IDX", "2 x 2")),
})

_TWO_TARGETS = {"profile": "p", "start_year": 2020, "target": [
    {"indicator": "A", "kind": "at_least", "value": 5.0, "year": 2025, "id": "t1"},
    {"indicator": "B", "kind": "at_most", "value": 2.0, "year": 2025, "id": "t1"}]}

TRIGGERS.update({
    "io.read": (lambda tmp: _api(lambda: tj.read_data(tmp)), ("is a directory",)),
    "data.bad_option": (data_csv(SMALL_DATA, encoding="latin1"), ("'latin1'", "gb18030")),
    "data.no_indicators": (data_csv("unit,year\nu1,2020\n"), ("d.csv:1",)),
    "preset.kind": (_api_call(tj.presets, "recipes"), ("'recipes'", "'profile'")),
    "targets.missing": (_api_call(tj.check, _frame(), _FW, None), ("targets=",)),
    "targets.unknown_indicator": (_api_call(tj.trend, _years(), _TREND_FW, {
        "profile": "p", "target": [{"indicator": "nope", "kind": "at_least", "value": 1.0, "year": 2025}]}),
        ("'nope'",)),
    "targets.not_an_indicator": (_api_call(tj.trend, _years(), _TREND_FW, {
        "profile": "p", "target": [{"indicator": "IDX", "kind": "at_least", "value": 1.0, "year": 2025}]}),
        ("'IDX'",)),
    "targets.duplicate_id": (_api_call(tj.trend, _years(), _TREND_FW, _TWO_TARGETS), ("'t1'",)),
})

def in_ledger(call: Callable[[object, Path], object]):
    """`call(ledger, tmp)` on a new ledger {tmp}/l.sqlite (the Python API)."""
    return lambda tmp: _api(lambda: call(tj.Ledger.init(tmp / "l.sqlite"), tmp))


TRIGGERS.update({
    "ledger.level": (in_ledger(lambda led, tmp: led.list(level="planet")), ("'planet'", "community")),
    "ledger.status": (in_ledger(lambda led, tmp: led.list(status="forgotten")), ("'forgotten'", "closed")),
    "ledger.source": (in_ledger(lambda led, tmp: led.update(_LEDGER / "housing-2021-synthetic.csv", source="gossip")),
                      ("'gossip'", "residents")),
    "ledger.export": (in_ledger(lambda led, tmp: led.export(tmp / "x.csv", what="everything")), ("'everything'",)),
    "ledger.input.value": (in_ledger(lambda led, tmp: led.update(_file(tmp, "p.csv", (
        _LEDGER / "housing-2021-synthetic.csv").read_text(encoding="utf-8").replace(",housing,", ",planet,", 1)))),
        ("p.csv:4", "'planet'")),
})

_NAN = float("nan")

TRIGGERS.update({
    # (added last: data-driven weights and the other steps' guards)
    "coupling.unknown_subsystem": (_api_call(lambda: tj.coupling(_result(), dimensions=["NOPE", "a"])), ("'NOPE'",)),
    "composite.options": (_api_call(lambda: tj.green_city_score(tj.read_data(_QINGDAO), "green-city", "qingdao-2022",
                                                                coupling_on="magic")), ("'magic'",)),
    "uncertainty.data_variant": (uncertain(data_variants={"v": {"screen": {"force_exclude": ["u1"]}}}),
                                 ("data variant 'v'", "'u1'")),
    "screen.all_removed": (scored({"prepare": {"screen": {"policy": "by_missing", "min_availability": 1.0}}},
                                  data=_frame().assign(a=[_NAN, 1.0, _NAN, 2.0], b=[1.0, _NAN, 2.0, _NAN])),
                           ("prepare.screen",)),
    "data.denominator_missing": (_api_call(tj.prepare, _frame(), {"code": "IDX", "children": [
        {"code": "a", "denominator": "pop"}, {"code": "b"}]}, {"prepare": {"denominate": True}}), ("'pop'",)),
    "weights.too_few_values": (scored({"weights": {"method": "entropy", "input": "raw"}},
                                      data=_frame().assign(a=[1.0, _NAN, _NAN, _NAN])), ("entropy", "'a'")),
    "weights.negative_value": (scored({"weights": {"method": "entropy", "input": "raw"}},
                                      data=_frame().assign(a=[-1.0, 2.0, 3.0, 4.0])), ("entropy", "'a'")),
    "weights.pca_too_few_rows": (scored({"weights": {"method": "pca"}}, data=_frame().iloc[:2]), ("PCA",)),
    "normalise.no_goalposts": (scored({"normalise": {"method": "goalposts"}}), ("goalposts", "indicator 'a'")),
    "normalise.no_target": (scored({"normalise": {"method": "distance_to_target"}}), ("target", "indicator 'a'")),
    "normalise.unsupported": (scored({"normalise": {"method": "goalposts"}}, framework={"code": "IDX", "children": [
        {"code": "a", "direction": "band", "band": [1.0, 2.0], "goalposts": {"lower": 0.0, "upper": 5.0}},
        {"code": "b", "goalposts": {"lower": 0.0, "upper": 50.0}}]}), ("target-band", "indicator 'a'")),
    "normalise.no_reference": (scored({"normalise": {"method": "distance_to_reference", "reference_unit": "u1"}},
                                      data=_frame().assign(a=[_NAN, 2.0, 3.0, 4.0])), ("'u1'", "indicator 'a'")),
    "national.city_class": (_api_call(tj.grade, _NC / "grades.csv", city="示例市", city_class="metropolis"),
                            ("'metropolis'",)),
    "national.city_size": (_api_call(tj.grade, _NC / "grades.csv", city="示例市", city_size="huge"),
                           ("'huge'", "megacity")),
    "weights.ahp_too_large": (_api_call(lambda: tj.AHPWeights(matrix=[[1.0] * 16 for _ in range(16)]).fit()),
                              ("16 elements", "15")),
})

def _dask_call(name: str, *args: object, compute: bool = False, **kwargs: object):
    """tijian.dask.<name>(*args, **kwargs), computed when it returns a lazy frame."""
    def call() -> object:
        import tijian.dask as tjdask

        out = getattr(tjdask, name)(*args, **kwargs)
        return out.compute() if compute else out

    return lambda tmp: _api(call)


def _without_dask(tmp: Path) -> Raised:
    """tijian.dask on a machine without dask (the modules hidden from the import system)."""
    import sys

    import tijian.dask as tjdask

    hidden = {k: sys.modules[k] for k in list(sys.modules) if k == "dask" or k.startswith("dask.")}
    try:
        for k in hidden:
            sys.modules[k] = None  # type: ignore[assignment]
        sys.modules.setdefault("dask", None)  # type: ignore[arg-type]
        return _api(lambda: tjdask.fit(_frame(), _FW))
    finally:
        for k in [k for k in sys.modules if k == "dask" or k.startswith("dask.")]:
            del sys.modules[k]
        sys.modules.update(hidden)


def _years(year: int) -> pd.DataFrame:
    return _frame().reset_index().assign(year=year)


def _dask_with_fit(score_data: pd.DataFrame, fit_data: pd.DataFrame, recipe: object = None):
    """tijian.dask.score of `score_data` with the fit of `fit_data` (and `recipe` beside it)."""
    def call() -> object:
        import tijian.dask as tjdask

        fitted = tjdask.fit(fit_data, _FW)
        return tjdask.score(score_data, _FW, recipe, fit=fitted).compute()

    return lambda tmp: _api(call)


TRIGGERS.update({
    # explicit weight sets (issue 19): the option or the set and the node
    "cli.weight_set": (cli("uncertainty", "-f", "{tmp}/fw.toml", "-d", "{tmp}/d.csv", "--weight-set", "experts",
                           files=_SMALL), ("--weight-set", "NAME:CODE=W", "'experts'")),
    "uncertainty.weight_set": (uncertain(weight_sets={"experts": {"zz": 1.0}}), ("'experts'", "'zz'")),
    "stats.values": (_api_call(tj.stats, _frame(), _FW, values="sorted"), ("'sorted'", "raw")),
    # tijian.dask: the argument, or the period and indicator of a partition
    "dask.data": (_dask_call("fit", [1.0, 2.0], _FW), ("DataFrame", "list")),
    "dask.parts": (_dask_call("uncertainty", _frame(), _FW, runs=10, parts=0), ("parts", ">= 1")),
    "dask.not_mergeable": (_dask_call("fit", _frame(), _FW, {"normalise": "rank"}), ("rank", "tijian.score")),
    "dask.missing": (_without_dask, ("dask[dataframe]", "distributed")),
    "dask.fit": (_dask_with_fit(_frame(), _frame(), {"normalise": "min_max"}), ("fit=", "recipe")),
    "dask.unknown_period": (_dask_with_fit(_years(2021), _years(2020)), ("'2021'", "indicator 'a'")),
})


_FUZZY = {"grades": ["good", "fair", "poor"], "standards": {"a": [1.0, 2.0, 3.0]}}

TRIGGERS.update({
    # rank-sum ratio and fuzzy comprehensive evaluation (issue 19): the indicator and the line,
    # the node asked for
    "recipe.fuzzy_standards": (recipe_toml('[fuzzy]\ngrades = ["good", "fair", "poor"]\n'
                                           '[fuzzy.standards]\na = [1.0, 3.0, 2.0]\n'),
                               ("r.toml:5", "'a'", "strictly increasing")),
    "recipe.fuzzy_missing_standard": (scored({"aggregate": {"method": "fuzzy"}, "fuzzy": _FUZZY}),
                                      ("node 'IDX'", "indicator 'b'", "[fuzzy.standards]")),
    "rsr.not_rsr": (_api_call(lambda: _result().rsr("IDX")), ("'IDX'", "rsr")),
    "fuzzy.not_fuzzy": (_api_call(lambda: _result().fuzzy("IDX")), ("'IDX'", "fuzzy")),
})


# --- issue 21, item 1: the last pending ids ---------------------------------------------------------

def _panel_years() -> pd.DataFrame:
    return pd.DataFrame({"unit": ["u1"] * 3 + ["u2"] * 3, "year": [2020, 2021, 2022] * 2,
                         "A": [1.0, 2.0, 3.0, 2.0, 2.5, 3.5], "B": [5.0, 4.0, 3.0, 6.0, 6.0, 5.0]})


def _third_with(edit: Callable[[pd.DataFrame], pd.DataFrame]) -> str:
    return edit(pd.read_csv(_GC / "third-party-synthetic.csv", comment="#")).to_csv(index=False)


def _ledger_edited(sql: str, then: Callable[[object], object] = lambda led: led.list()):
    """A new ledger {tmp}/l.sqlite changed behind tijian's back with `sql`, then opened."""
    def trigger(tmp: Path) -> Raised:
        import sqlite3

        tj.Ledger.init(tmp / "l.sqlite")
        with sqlite3.connect(tmp / "l.sqlite") as db:
            db.executescript(sql)
        db.close()
        return _api(lambda: then(tj.Ledger(tmp / "l.sqlite")))

    return trigger


def _ledger_locked(tmp: Path) -> Raised:
    """Another process (here a connection) holds the ledger's write lock past the timeout."""
    import sqlite3

    tj.Ledger.init(tmp / "l.sqlite")
    other = sqlite3.connect(tmp / "l.sqlite", isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        return _api(lambda: tj.Ledger(tmp / "l.sqlite", busy_timeout_ms=50).update(
            _LEDGER / "housing-2021-synthetic.csv"))
    finally:
        other.execute("ROLLBACK")
        other.close()


def _edits(tmp: Path, text: str) -> Path:
    """The example's 2021 ledger (its housing finding) and an edit sheet `text` (台账编号 2021-0001)."""
    led = tj.Ledger.init(tmp / "l.sqlite")
    led.update(_LEDGER / "housing-2021-synthetic.csv")
    return _file(tmp, "edits.csv", text)


def _imported(text: str):
    def trigger(tmp: Path) -> Raised:
        path = _edits(tmp, text)
        return _api(lambda: tj.Ledger(tmp / "l.sqlite").import_sheet(path))

    return trigger


_NATIONAL_IND = ('[[indicator]]\nno = 1\nlevel = "housing"\naspect = "安全耐久"\nname_zh = "存在结构安全隐患的住宅数量"\n'
                 'unit_zh = "栋"\nmeasure = "deficient_object"\n')


def _xlsx_with_formula(tmp: Path) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["unit", "a"])
    ws.append(["u1", 1.0])
    ws.append(["u2", "=B2*2"])
    wb.save(tmp / "f.xlsx")
    return tmp / "f.xlsx"


def _tampered_result(edit: Callable[[str, str], tuple[str, str]]):
    """A pickled Result whose framework or document was changed (a damaged file, or a state
    written by other code): `edit(framework_toml, document_json)` gives the new pair."""
    def trigger(tmp: Path) -> Raised:
        import pickle

        res = _result()
        version, fw, source, doc = res._core.__getstate__()
        fw, doc = edit(fw, doc)
        state = (version, fw, source, doc)

        def load() -> object:
            core = type(res._core).__new__(type(res._core))
            core.__setstate__(state)
            return pickle.loads(pickle.dumps(core))

        return _api(load)

    return trigger


TRIGGERS.update({
    # the attribution of a change: the period and the node
    "attribution.period": (_api_call(tj.trend, _panel_years(), _TREND_FW, attribute=True, from_year=2019),
                           ("'2019'", "node 'IDX'")),
    # self-check vs third-party: the file and what differs
    "compare.units_differ": (compared(None, _third_with(lambda f: f[f["uCode"] != f["uCode"].iloc[0]])),
                             ("third.csv", "units differ")),
    "compare.periods_differ": (compared(None, _third_with(lambda f: f[f["Time"] != f["Time"].max()])),
                               ("third.csv", "periods differ")),
    "compare.rows_differ": (compared(None, _third_with(lambda f: f.drop(index=0))), ("third.csv", "rows differ")),
    # the green-city composite: the data file, the profile, the subsystem
    "composite.no_indicators": (_api_call(lambda: tj.green_city_score(_frame(), "green-city", "qingdao-2022")),
                                ("'qingdao-2022'",)),
    "data.text": (_api_call(lambda: tj.score(pd.DataFrame({"a": [1.0, 2.0], "b": [3.0, 4.0]}, index=pd.Index(
        ["u\udc801", "u2"], dtype=object, name="unit")), _FW)), ("[0]", "surrogate")),
    "data.xlsx_encrypted": (lambda tmp: _api(lambda: tj.read_data(_file(
        tmp, "locked.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(200) + "EncryptedPackage".encode("utf-16-le")
        + bytes(400)))), ("locked.xlsx", "password")),
    "data.xlsx_formula": (lambda tmp: _api(lambda: tj.read_data(_xlsx_with_formula(tmp))), ("f.xlsx", "row 3, column B", "=B2*2")),
    "framework.bad_dict": (_api_call(tj.Framework.from_dict, {"name": "IDX"}), ("'code'", "'children'")),
    "framework.no_indicators": (_api_call(tj.Framework.from_dict, {"code": "IDX", "children": []}), ("node 'IDX'",)),
    # the problem ledger: the ledger file, the input's file, row and column
    "ledger.version": (_ledger_edited("UPDATE schema_version SET version = 99;"), ("l.sqlite", "99")),
    "ledger.corrupt": (_ledger_edited("DELETE FROM schema_version;"), ("l.sqlite", "schema version")),
    "ledger.sqlite": (_ledger_edited("DROP TABLE entries;"), ("l.sqlite",)),
    "ledger.busy": (_ledger_locked, ("l.sqlite",)),
    "ledger.open": (lambda tmp: _api(lambda: tj.Ledger.init(tmp / "no-such-dir" / "l.sqlite")),
                    ("no-such-dir/l.sqlite",)),
    "ledger.year": (in_ledger(lambda led, tmp: led.export(tmp / "x.csv", what="completion")), ("indicator 60", "year")),
    "ledger.input.year": (in_ledger(lambda led, tmp: led.update(_file(
        tmp, "p.csv", "unit,name,period,level,indicator,name_zh,measure,value,problem,bottom_line,source\n"))),
        ("p.csv", "year")),
    "ledger.input.period": (in_ledger(lambda led, tmp: led.update(_file(tmp, "p.csv", (
        _LEDGER / "housing-2021-synthetic.csv").read_text(encoding="utf-8").replace(",2021,", ",2020,", 1)), year=2021)),
        ("p.csv:4", "2020", "2021")),
    "ledger.import.duplicate_id": (_imported("台账编号,整改状态\n2021-0001,整改中\n2021-0001,整改中\n"),
                                   ("edits.csv:3", "'2021-0001'")),
    "ledger.import.location_changed": (_imported("台账编号,整改状态,indicator\n2021-0001,整改中,other\n"),
                                       ("edits.csv:2", "2021-0001", "'other'")),
    "ledger.import.no_evidence": (_imported("台账编号,整改状态\n2021-0001,已销号\n"), ("edits.csv:2", "2021-0001")),
    # the national basic system: file, line and column, the unit and the indicator
    "national.duplicate": (cli("national", "check", "--system", "{tmp}/sys.toml", "--units", str(_NC / "units.csv"),
                               "--values", str(_NC / "values.csv"), "--lang", "en",
                               files={"sys.toml": 'schema = "tijian/national/1"\n' + _NATIONAL_IND * 2}),
                           ("sys.toml:9", "indicator number 1")),
    "national.duplicate_observation": (national(values="unit,indicator,value\nH1,1,否\nH1,1,是\n"),
                                       ("values.csv:3", "'H1'")),
    "national.not_lower_level": (national(values="unit,indicator,value\nD1,30,5\n"), ("values.csv:2", "30")),
    "national.wrong_level": (national(values="unit,indicator,value\nD1,1,否\n"), ("values.csv:2", "'D1'")),
    "national.not_applicable": (cli("grade", "-g", "{tmp}/grades.csv", "--city", "示例市", "--city-class", "prefecture",
                                    "--rail-transit", "no", "--lang", "en",
                                    files={"grades.csv": "indicator,grade\n43,很好\n"}), ("grades.csv:2", "43")),
    # the normalisation: the indicator and the value
    "normalise.not_positive": (scored({"normalise": {"method": "sum"}}, data=_frame().assign(a=[0.0, 2.0, 3.0, 4.0])),
                               ("indicator 'a'", "positive")),
    "normalise.non_finite": (scored({"normalise": {"method": "min_max", "lower": -1e308, "upper": 1e308}}),
                             ("unit 'u", "indicator 'a'", "overflow")),
    "recipe.unknown_group": (scored({"prepare": {"impute": {"method": "group_mean", "group": "province"}}},
                                    data=_frame().assign(a=[_NAN, 2.0, 3.0, 4.0])), ("'province'",)),
    # a pickled result whose document does not match (damaged, or written by other code)
    "table.missing": (_tampered_result(lambda fw, doc: (fw, doc.replace('"scores"', '"scores_"'))), ("'scores'",)),
    "sensitivity.failed_runs": (_api_call(tj.sobol_indices, [_NAN, _NAN, 1.0], [1.0, 2.0, 3.0],
                                          [[1.0], [2.0], [3.0]]), ("2 design rows",)),
    # the resident survey: the definition's or the answers' file, line and column
    "survey.duplicate_column": (surveyed(definition=(_SURVEY / "survey.toml").read_text(encoding="utf-8").replace(
        'column = "7.燃气安全"', 'column = "6.建筑 安全"', 1).replace(
        'occupation = "5.职业"', 'occupation = "5.职业"\nunknown_columns = "ignore"', 1)), ("answers.csv:1", "'H1'", "'H2'")),
    "survey.no_share": (surveyed(_answers(1, 5, "北城区")), ("answers.csv:2", "北城区")),
    "survey.bad_age_group": (surveyed(_answers(1, 7, "25-35岁"), definition=(_SURVEY / "survey.toml").read_text(
        encoding="utf-8").replace('age = "4.年龄"', 'age_group = "4.年龄"', 1)), ("answers.csv:2", "'25-35岁'")),
    "survey.empty_cell": (surveyed("\n".join((_SURVEY / "answers.csv").read_text(encoding="utf-8").splitlines()[:3])
                                   + "\n"), ("survey.toml", "no respondent", "东城区")),
    # combined weights: the method and the node
    "weights.combine_zero": (scored({"weights": {"method": "entropy", "combine": "multiplicative",
                                                 "overrides": {"a": 0.0}}}, data=_frame().assign(b=5.0)),
                             ("multiplicative", "node 'IDX'")),
    "weights.game_theory_dependent": (scored({"weights": {"method": "entropy", "combine": "game_theory"}},
                                             data=_frame().assign(b=[2.0, 1.0, 4.0, 3.0], a=[1.0, 2.0, 3.0, 4.0])),
                                      ("game-theory", "node 'IDX'")),
    "weights.game_theory_negative": (scored({"weights": {"method": "entropy", "combine": "game_theory",
                                                         "game_theory_norm": "signed_sum",
                                                         "overrides": {"a": 0.1, "b": 0.9}}},
                                            data=_frame().assign(a=[1.0, 2.0, 3.0, 4.0], b=[1.0, 2.0, 4.0, 8.0])),
                                     ("game-theory", "node 'IDX'")),
    "weights.zero_mean": (scored({"weights": {"method": "coefficient_of_variation"}},
                                 data=_frame().assign(a=[-1.0, 1.0, -1.0, 1.0])), ("'a'",)),
    "weights.correlation_undefined": (scored({"weights": {"method": "critic"}}, data=_frame().assign(
        a=[1.0, _NAN, 3.0, _NAN], b=[_NAN, 30.0, _NAN, 40.0])), ("CRITIC", "indicator 'a'", "'b'")),
    "composite.subsystem_not_scored": (_api_call(lambda: tj.green_city_score(
        tj.read_data(_QINGDAO), "green-city", "qingdao-2022", subsystems=["OX", "GE"])), ("'OX'",)),
    "table.column": (_tampered_result(lambda fw, doc: (fw.replace('code = "b"', 'code = "c"'), doc)), ("'c_norm'",)),
    "result.shape": (_tampered_result(lambda fw, doc: (fw.replace('code = "a"', 'code = "@"').replace(
        'code = "b"', 'code = "a"').replace('code = "@"', 'code = "b"'), doc)), ("inconsistent", "node 1")),
})


#: Ids the code has but no public interface can raise, with the reason.
_KEYWORDS = ("the options reach the core from the keyword arguments of tj.check / tj.coupling / "
             "tj.green_city_score (an unknown keyword is Python's TypeError) or from the program's options, "
             "never as a table a user writes")
_CXX_ONLY_RANGE = ("the readers of recipes (TOML, dict, keywords, the program) refuse the value outside its range first "
                   "(recipe.bad_value, with the file and line); score() checks recipes built in C++ "
                   "(tests/cpp/test_methods.cpp, RatioGrey.ParametersOutOfRangeAreRefusedByScore)")

UNREACHABLE: dict[str, str] = {
    "recipe.bad_waspas_lambda": _CXX_ONLY_RANGE,
    "recipe.bad_grey_rho": _CXX_ONLY_RANGE,
    "recipe.bad_grey_alpha": _CXX_ONLY_RANGE,
    "dask.merge": "tijian.dask merges the statistics of one framework's partitions, gathered by itself; the id "
                  "guards C++ callers of partial_fit.hpp (tests/cpp/test_partial_fit.cpp)",
    "uncertainty.merge": "tijian.dask merges the parts it split itself, in run order; the id guards C++ callers "
                         "of merge_uncertainty (tests/cpp/test_partial_fit.cpp)",
    "check.syntax": "check options come from a parsed table (keywords or the program's options), never from TOML text",
    "coupling.syntax": "coupling options come from a parsed table, never from TOML text",
    "composite.syntax": "composite options come from a parsed table, never from TOML text",
    "check.unknown_key": _KEYWORDS,
    "coupling.unknown_key": _KEYWORDS,
    "composite.unknown_key": _KEYWORDS,
    "trend.duplicate_year": "panel::validate, which every reader and the Python API run, refuses a unit twice in "
                            "one period (data.duplicate_unit, with file and line) before the annual check sees it",
    "impute.changed_present_value": "a check of the library's own imputation (an observed value must come out "
                                    "as it went in); no input makes a correct imputation change one",
    "recipe.encoding": "dead: decode_text (csv.cpp) is called for data and iMeta frameworks only; a recipe is TOML, "
                       "which toml++ reads as UTF-8 (an invalid byte is recipe.syntax with its line)",
    "cli.encoding": "every --encoding of the program is checked by CLI11 against auto, utf8 and gb18030 (exit 2) "
                    "before the command parses it; the id guards a caller of data_options.hpp that skips the check",
    "coupling.bad_value": "the coupling options have no integer, the only values toml_read.hpp range-checks",
    "composite.bad_value": "the composite options have no integer, the only values toml_read.hpp range-checks",
    # (issue 21, item 1: guards of C++ callers, each triggered by a C++ test with its place)
    "national.override_scope": "the override reader refuses scope = \"national\" first (national.bad_value, with "
                               "the line); the check guards overrides built in C++ (tests/cpp/test_reliability.cpp, "
                               "CatalogueCxxOnly.OverrideBuiltInCodeWithNationalScopeOrBadThreshold)",
    "national.bad_override": "the override reader refuses a missing or non-finite threshold and a band comparator "
                             "first (national.missing_key, national.bad_value, with the line); the check guards "
                             "overrides built in C++ (tests/cpp/test_reliability.cpp, CatalogueCxxOnly.Override...)",
    "normalise.shape": "score() builds one indicator context per column itself; the id guards C++ callers of the "
                       "convenience entry normalise() (tests/cpp/test_reliability.cpp, CatalogueCxxOnly.Shapes...)",
    "uncertainty.shape": "the uncertainty run builds its weight matrix for its own columns; the id guards C++ callers "
                         "of batch_arithmetic (tests/cpp/test_reliability.cpp, CatalogueCxxOnly.Shapes...)",
    "obstacle.shape": "the check builds the factors and deviations of its own framework; the id guards C++ callers "
                      "of obstacle.hpp (tests/cpp/test_reliability.cpp, CatalogueCxxOnly.Shapes...)",
    "obstacle.best": "the check uses obstacle_from_deviation (its deviations are its own); obstacle_degree with "
                     "options.best is a C++ entry (tests/cpp/test_reliability.cpp, CatalogueCxxOnly.Shapes...)",
    "survey.shape": "the answers reader gives every respondent one answer per item; the id guards C++ callers of "
                    "analyse_survey (tests/cpp/test_survey.cpp, Survey.RespondentWithTooFewAnswers...)",
    "weights.combine_alpha": "the recipe readers refuse alpha outside [0, 1] first (recipe.bad_alpha, triggered "
                             "above); the id guards C++ callers of combine_linear (tests/cpp/test_weights.cpp)",
    "weights.combine_length": "a scoring run combines the subjective and objective weights of one sibling group, "
                              "always of one length; C++ callers: tests/cpp/test_weights.cpp",
    "trend.bad_year": "every reader and the Python API refuse a period that is not an integer year first "
                      "(data.period, with the file and line); years_of guards panels built in C++ "
                      "(tests/cpp/test_reliability.cpp, CatalogueCxxOnly.AnnualCheckOfAPeriodThatIsNoYear...)",
    "weights.shape": "a scoring run computes the weights of the columns it gives; the only other caller, the "
                     "estimators' transform, aggregates with the weights its fit learnt for the same columns "
                     "(tests/cpp/test_weights.cpp)",
    "weights.combine_invalid": "the subjective weights are checked where they are read (framework.bad_weight, "
                               "recipe.bad_weight, weights.zero_group) and the objective ones by their method; "
                               "the estimators' transform aggregates with the weights its fit learnt; C++ callers "
                               "of combine_*: tests/cpp/test_weights.cpp",
    "normalise.failed": "wraps an exception that is not a tijian error (std::bad_alloc) raised while one indicator "
                        "is normalised, naming the indicator; no input makes one (no C++ test: it needs an "
                        "allocation failure)",
    "sensitivity.dimension": "the uncertainty and sensitivity runs draw one dimension per kind of factor (at most 7), "
                             "far below the 3667 of the Sobol' sequence; the id guards C++ callers of "
                             "sample_unit_cube (tests/cpp/test_reliability.cpp, CatalogueCxxOnly.SobolSampling...)",
    "weights.non_finite": "an infinite input is refused by every reader first (data.infinite: CSV, workbooks, "
                          "DataFrames, the estimators' arrays), and the relative weights score() checks are finite "
                          "sibling shares (weights of 1e308 overflow in the aggregation first: aggregate.non_finite); "
                          "C++ callers of the weighting kernels: tests/cpp/test_weights.cpp (entropy of a column "
                          "with an infinite value)",
    "weights.game_theory_degenerate": "a scoring run combines two weight sets, whose signed coefficients sum to 0 "
                                      "only when the sets are equal (weights.game_theory_dependent first); three "
                                      "sets in C++: tests/cpp/test_reliability.cpp, CatalogueCxxOnly.GameTheory...",
}

#: Ids of the code not triggered here yet (issue 21, item 1 continues): exactly the ids neither in
#: TRIGGERS nor in UNREACHABLE, so that the list can only shrink and a new id fails the test.
PENDING: frozenset[str] = frozenset()


def test_every_error_id_of_the_code_is_catalogued():
    found = source_error_ids()
    listed = set(TRIGGERS) | set(UNREACHABLE) | PENDING
    new = sorted(set(found) - listed)
    assert not new, "ids of the code without a trigger in this file: " + ", ".join(f"{i} ({found[i]})" for i in new)
    gone = sorted(listed - set(found))
    assert not gone, f"ids listed here that the code no longer raises: {gone}"
    assert not set(TRIGGERS) & PENDING and not set(UNREACHABLE) & PENDING and not set(TRIGGERS) & set(UNREACHABLE)


@pytest.mark.parametrize("id", sorted(TRIGGERS))
def test_error_id_is_raised_naming_its_place(id: str, tmp_path: Path, request: pytest.FixtureRequest):
    trigger, parts = TRIGGERS[id]
    raised = trigger(tmp_path, request.getfixturevalue("exe")) if getattr(trigger, "needs_exe", False) \
        else trigger(tmp_path)
    assert raised.id == id, raised.message
    for part in parts:
        assert part.format(tmp=tmp_path) in raised.message, (part, raised.message)
