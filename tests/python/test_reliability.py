# SPDX-License-Identifier: MIT
"""Issue 21 through the Python API: every failure a tijian error with its id (pickleable), no
crash from private objects made with __new__, sizes checked before allocating, arguments of the
wrong type refused as such, periods as integer years, messages safe for any byte, the framework
depth limit and the numeric guards."""

from __future__ import annotations

import pickle
import re
import subprocess
import sys
import textwrap

import numpy as np
import pandas as pd
import pytest

import tijian as tj

FW = {"code": "IDX", "children": [{"code": "a"}, {"code": "b"}, {"code": "c"}]}


@pytest.fixture
def data() -> pd.DataFrame:
    return pd.DataFrame({"a": [1.0, 2.0, 3.0, 4.0], "b": [10.0, 30.0, 20.0, 40.0], "c": [5.0, 6.0, 7.0, 9.0]},
                        index=pd.Index(["qd", "jn", "zb", "wf"], name="city"))


def _raises(kind, id_, f, *args, **kwargs):
    with pytest.raises(kind) as info:
        f(*args, **kwargs)
    assert info.value.id == id_, str(info.value)
    return info.value


@pytest.mark.parametrize("kind", [tj.TijianError, tj.FrameworkError, tj.DataError, tj.RecipeError,
                                  tj.ArgumentError])
def test_every_error_class_pickles_with_its_id_and_location(kind):
    from tijian._errors import make_error

    err = make_error(kind, "x.example", "a message", file="f.csv", unit="qd")
    again = pickle.loads(pickle.dumps(err))
    assert type(again) is kind and isinstance(again, tj.TijianError)
    assert again.id == "x.example" and again.location == {"file": "f.csv", "unit": "qd"}
    assert str(again) == str(err) == "[tijian.x.example] a message (f.csv, unit 'qd')"


def test_an_error_of_the_core_pickles(data):
    r = tj.Recipe.from_dict({"aggregate": {"method": "power_mean", "p": 1000}})
    err = _raises(tj.RecipeError, "aggregate.non_finite", tj.score, data * 100, FW, r)
    again = pickle.loads(pickle.dumps(err))
    assert type(again) is tj.RecipeError and again.id == err.id and again.location == err.location
    assert again.location["node"] == "IDX" and "unit" in again.location


@pytest.mark.parametrize("reader, id_", [(tj.Framework.from_toml, "framework.argument"),
                                         (tj.Recipe.from_toml, "recipe.argument"),
                                         (tj.TargetProfile.from_toml, "targets.argument")])
@pytest.mark.parametrize("value", [None, 3, b"schema = 1"])
def test_from_toml_of_a_non_text_is_an_argument_error(reader, id_, value):
    err = _raises(tj.ArgumentError, id_, reader, value)
    assert isinstance(err, TypeError) and isinstance(err, tj.TijianError)
    assert type(value).__name__ in str(err)


def test_a_value_of_the_wrong_type_in_a_dict_is_an_argument_error():
    err = _raises(tj.ArgumentError, "argument.type", tj.Recipe.from_dict, {"aggregate": {"method": object()}})
    assert "aggregate.method" in str(err) and isinstance(err, TypeError)
    again = pickle.loads(pickle.dumps(err))
    assert type(again) is tj.ArgumentError and again.id == "argument.type"


def test_runs_are_limited_before_allocating(data):
    err = _raises(tj.RecipeError, "uncertainty.runs", tj.uncertainty, data, FW, runs=2**31)
    assert "10000000" in str(err)
    _raises(tj.RecipeError, "uncertainty.dirichlet", tj.uncertainty, data, FW, runs=10, dirichlet=1e-300)


def test_private_objects_made_with_new_raise_instead_of_crashing():
    # in a child process, so that a crash fails this test instead of ending the run
    script = textwrap.dedent("""
        import inspect
        import tijian as tj
        from tijian import _core
        bad = []
        for name in dir(_core):
            cls = getattr(_core, name)
            if not isinstance(cls, type) or issubclass(cls, BaseException):
                continue
            obj = cls.__new__(cls)
            for attr in dir(cls):
                if attr.startswith("__") and attr not in ("__repr__", "__len__", "__getstate__"):
                    continue
                try:
                    value = getattr(obj, attr)
                    if callable(value):
                        value()
                except tj.TijianError:
                    pass
                except TypeError as e:  # arguments missing: pybind11 stops before using the object
                    if "incompatible function arguments" not in str(e) and "argument" not in str(e):
                        bad.append(f"{name}.{attr}: {type(e).__name__}: {e}")
                except Exception as e:
                    bad.append(f"{name}.{attr}: {type(e).__name__}: {e}")
        print("\\n".join(bad))
        print("done")
    """)
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, f"crashed ({run.returncode}): {run.stderr[-2000:]}"
    lines = [x for x in run.stdout.splitlines() if x and x != "done"]
    assert run.stdout.rstrip().endswith("done")
    assert lines == [], "\n".join(lines)


def test_periods_are_integer_years(data):
    res = tj.score(data, FW, periods=np.array([2023.0, 2023.0, 2023.0, 2023.0]))
    assert {str(p) for p in res._core.periods} == {"2023"}
    err = _raises(tj.DataError, "data.period", tj.score, data, FW,
                  periods=np.array(["2023", "abc", "2023", "2023"]))
    assert "'abc'" in str(err)


def test_periods_in_a_file_are_refused_with_file_and_line(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("unit,year,a\nu1,2022,1\nu1,abc,2\n", encoding="utf-8")
    err = _raises(tj.DataError, "data.period", tj.read_data, path)
    assert "d.csv:3" in str(err)


def test_messages_are_safe_for_any_byte(tmp_path):
    path = tmp_path / "nul.csv"
    path.write_bytes(b"unit,a,b\nu1,1,2\nu2,3,x\x00y\n")
    with pytest.raises(tj.DataError) as info:
        tj.read_data(path)
    text = str(info.value)
    assert "\x00" not in text and "x\\0y" in text
    assert "nul.csv:3" in text and "unit 'u2'" in text


def test_a_label_that_is_not_text_is_a_data_error(data):
    # an object index: pandas' Arrow-backed strings (with pyarrow installed, as dask brings it)
    # cannot hold a lone surrogate at all
    labels = ["q\udc80d" if u == "qd" else u for u in data.index]
    bad = data.set_axis(pd.Index(labels, dtype=object, name=data.index.name))
    err = _raises(tj.DataError, "data.text", tj.score, bad, FW)
    assert "surrogate" in str(err)


def test_a_deep_framework_is_refused_quickly():
    chain = [{"code": "n0"}] + [{"code": f"n{k}", "parent": f"n{k - 1}"} for k in range(1, 100_000)]
    err = _raises(tj.FrameworkError, "framework.too_deep", tj.Framework.from_dict, chain)
    assert "64" in str(err)
    tj.Framework.from_dict(chain[:64])  # 64 levels are accepted


def test_non_finite_results_are_errors(data):
    big = data.assign(a=[1e300, -1e300, 0.0, 1.0])
    _raises(tj.DataError, "data.out_of_range", tj.score, big, FW)
    r = tj.Recipe.from_dict({"normalise": {"method": "z_score", "sd": 0}})
    _raises(tj.RecipeError, "recipe.bad_normalisation", tj.score, data, FW, r)
    ok = tj.score(data, FW)
    assert np.isfinite(ok.composite.to_numpy(dtype=float)).all()


def test_report_documents_are_kept_only_once_the_report_is_written(exe, repo, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "check.json").write_text("the user's previous document", encoding="utf-8")
    args = ["report", "-f", "green-city", "-t", "qingdao-2022", "-d", str(repo / "examples/green-city/qingdao-2021-reported.csv"),
            "-o", str(tmp_path / "r.html"), "--documents", str(docs), "-q"]
    # the renderer cannot run: the report fails, and neither the documents nor the HTML are written
    failed = _run(exe, *args, "--python", str(tmp_path / "no-such-python"))
    assert failed.returncode != 0
    assert sorted(p.name for p in docs.iterdir()) == ["check.json"]
    assert (docs / "check.json").read_text(encoding="utf-8") == "the user's previous document"
    assert not (tmp_path / "r.html").exists()


# --- error messages in the user's language (issue 21: Chinese output entirely Chinese) -----------

def _english_words(message: str) -> list[str]:
    """English words of a message once what is not prose is taken out: the id, quoted text
    (cells, codes, keys), paths, option names and the names of formats and programs."""
    text = message.split("] ", 1)[-1]
    text = re.sub(r"'[^']*'|\"[^\"]*\"|“[^”]*”", "", text)
    text = re.sub(r"可用(?:的键)?：[^（；]*", "", text)  # the accepted keys or values: codes
    text = re.sub(r"(?:[\w.-]*/)+[\w.-]+|[\w-]+\.(?:csv|toml|json|xlsx|html)(?::\d+)*", "", text)
    text = re.sub(r"--[a-z-]+|\b[a-z]*_[a-z_]+\b|https?://\S+|\.(?:csv|json|xlsx|html)\b", "", text)
    allowed = {"TOML", "UTF", "CSV", "Excel", "GB18030", "GBK", "iconv", "toml", "schema", "true", "false"}
    return [w for w in re.findall(r"[A-Za-z]{3,}", text) if w not in allowed]


def _run(exe: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([exe, *args], capture_output=True, text=True, timeout=120)


def test_cli_errors_of_readers_and_parameters_are_chinese_with_lang_zh(exe, repo, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("uCode,Time,green_coverage\nC01,2021,4x1\n", encoding="utf-8")
    recipe = tmp_path / "r.toml"
    recipe.write_text('[normalise]\nmethd = "min_max"\n', encoding="utf-8")
    framework = str(repo / "examples/green-city-synthetic/framework.toml")
    data = str(repo / "examples/green-city-synthetic/data-synthetic.csv")
    cases = {
        # check answers in Chinese by default; a cell that is not a number (file, line, column)
        "data.not_a_number": (["check", "-f", "green-city", "-t", "qingdao-2022", "-d", str(bad)], "无法把"),
        # a recipe key that does not exist: file, line and column
        "recipe.unknown_key": (["score", "-f", framework, "-d", data, "-r", str(recipe), "--lang", "zh"], "未知的键"),
        # a parameter out of its range: the option and its range
        "cli.noise": (["uncertainty", "-f", framework, "-d", data, "--noise", "2=1.5", "--lang", "zh"], "须为"),
        # the output's extension
        "io.out_extension": (["score", "-f", framework, "-d", data, "-o", str(tmp_path / "x.txt"), "--lang", "zh"],
                             "须以"),
    }
    for id_, (args, words) in cases.items():
        run = _run(exe, *args)
        assert run.returncode == 2, run.stderr
        assert f"[tijian.{id_}]" in run.stderr and words in run.stderr, run.stderr
        assert not _english_words(run.stderr.splitlines()[0]), run.stderr
        # the same run in English has no Chinese prose
        en = _run(exe, *[a for a in args if a != "zh" and a != "--lang"], "--lang", "en")
        assert f"[tijian.{id_}]" in en.stderr and words not in en.stderr, en.stderr
    assert "bad.csv:2:3" in _run(exe, *cases["data.not_a_number"][0]).stderr
    assert "r.toml:2" in _run(exe, *cases["recipe.unknown_key"][0]).stderr


def test_cli_option_out_of_range_is_refused_in_the_language_of_the_command(exe, repo):
    data = str(repo / "examples/green-city/jinan-2020-reported.csv")
    zh = _run(exe, "check", "-f", "green-city", "-t", "jinan-2025", "-d", data, "--cap", "0.2abc")  # default zh
    assert zh.returncode == 2 and "--cap" in zh.stderr and "须为 1 到 10 的数" in zh.stderr, zh.stderr
    assert not _english_words(zh.stderr.splitlines()[0].split("--cap", 1)[1]), zh.stderr
    en = _run(exe, "check", "-f", "green-city", "-t", "jinan-2025", "-d", data, "--cap", "0.2abc", "--lang", "en")
    assert en.returncode == 2 and "must be a number from 1 to 10, not '0.2abc'" in en.stderr, en.stderr
    assert "须为" not in en.stderr


def test_python_errors_carry_their_chinese_wording_and_writers_with_lang_zh_use_it(data, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("unit,a\nu1,4x1\n", encoding="utf-8")
    with pytest.raises(tj.DataError) as info:
        tj.read_data(bad)
    err = info.value
    assert err.id == "data.not_a_number" and "cannot read" in str(err)
    assert "无法把" in err.message_zh and "bad.csv:2:2" in err.message_zh and not _english_words(err.message_zh)
    assert pickle.loads(pickle.dumps(err)).message_zh == err.message_zh
    res = tj.score(data, FW)
    with pytest.raises(tj.TijianError) as info:
        res.to_csv(str(tmp_path / "no-such-dir" / "x.csv"), lang="zh")
    assert info.value.id == "io.write" and "不存在" in str(info.value), str(info.value)
    assert not _english_words(str(info.value))
    with pytest.raises(tj.TijianError) as info:
        res.to_csv(str(tmp_path / "no-such-dir" / "x.csv"), lang="en")
    assert "does not exist" in str(info.value)
