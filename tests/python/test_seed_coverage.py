# SPDX-License-Identifier: MIT
"""The built-in target profiles against the five seed plans (../shared/seeds/*.txt).

Profiles are loaded through the Python API (``tj.TargetProfile.preset``), so the core's reader
parses and validates them (kinds, tolerances, bottom-line words, unique ids); the targets are then
read back from the core's own TOML writer (``to_toml``), which carries every field (id, quote,
bottom_line_quote) the checks below need.

Independent scan of the seeds (test (c)), the extraction rule:

1. split the seed text into clauses at the punctuation ``，,；;。：:！？!?`` and at line breaks;
2. keep a clause when it contains an ASCII digit AND either
   a number followed (optionally after spaces) by a unit of amount — ``%`` ``％`` 个/個 处/處 所
   条/條 座 家 张/張 公里 平方米 平方公里 万/萬 亿/億 吨/噸 毫克 米 千瓦 元 户/戶 项/項 — or one of the target
   phrases 达到/達到, 以上, 不低于/不低於, 不少于/不少於, 累计/累計, 不高于/不高於, 小于/小於,
   超过/超過, 下降, 提升至, 左右;
3. every kept clause must be listed in docs/seed-coverage.md: some backquoted fragment of the
   seed's table in the doc is, whitespace removed, a substring of the clause and contains a
   number of the clause (or the clause is a substring of the fragment).

The rule is deliberately wider than "targets": it also catches reported values, budgets, page
furniture and dates with 以上; the doc must say for each why it is or is not a target.
"""

from __future__ import annotations

import re
import tomllib
import os
from pathlib import Path

import pytest

import tijian as tj

REPO = Path(__file__).resolve().parents[2]
def _seeds_dir() -> Path | None:
    """The seed plans: $TIJIAN_SHARED_SEEDS, ../shared/seeds next to the repository, or
    /work/shared/seeds for a clone elsewhere on the machine (as conftest.shared_data_dir)."""
    repo = Path(__file__).resolve().parents[2]
    for c in (os.environ.get("TIJIAN_SHARED_SEEDS"), repo.parent / "shared" / "seeds", "/work/shared/seeds"):
        if c and (Path(c) / "README.md").is_file():
            return Path(c).resolve()
    return None


SEEDS = _seeds_dir() or Path("/nonexistent/shared/seeds")
DOC = REPO / "docs" / "seed-coverage.md"

# the profile each seed's targets live in (001, the news report, adds to Qingdao's)
PROFILE_OF = {"000": "qingdao-2022", "001": "qingdao-2022", "002": "jining", "003": "shizuishan-2025", "004": "jinan-2025"}
BOTTOM_LINE_WORDS = ("底线", "底線", "约束性", "約束性", "不得", "严禁", "嚴禁", "禁止", "红线", "紅線")

SPLIT = re.compile(r"[，,；;。：:！？!?\n]")
UNITS = ("%", "％", "个", "個", "处", "處", "所", "条", "條", "座", "家", "张", "張", "公里", "平方米", "平方公里",
         "万", "萬", "亿", "億", "吨", "噸", "毫克", "米", "千瓦", "元", "户", "戶", "项", "項")
PHRASES = ("达到", "達到", "以上", "不低于", "不低於", "不少于", "不少於", "累计", "累計", "不高于", "不高於",
           "小于", "小於", "超过", "超過", "下降", "提升至", "左右")
NUMBER_WITH_UNIT = re.compile(r"\d+(?:\.\d+)?\s*(?:" + "|".join(map(re.escape, UNITS)) + ")")
NUMBER = re.compile(r"\d+(?:\.\d+)?")



@pytest.fixture(autouse=True)
def _seeds_present() -> None:
    # the seeds are part of the project's inputs, like ../shared/data: absent means a broken setup
    if not SEEDS.is_dir():
        pytest.fail("the seed plans (../shared/seeds) not found; set TIJIAN_SHARED_SEEDS")


def squash(s: str) -> str:
    return re.sub(r"\s", "", s)


def seed_texts() -> dict[str, str]:
    return {f.name[:3]: f.read_text(encoding="utf-8") for f in sorted(SEEDS.glob("[0-9][0-9][0-9]_*.txt"))}


def quantified_clauses(text: str) -> list[str]:
    out = []
    for c in SPLIT.split(text):
        c = c.strip()
        if c and re.search(r"\d", c) and (NUMBER_WITH_UNIT.search(c) or any(p in c for p in PHRASES)):
            out.append(c)
    return out


def profile_targets(name: str) -> list[dict]:
    p = tj.TargetProfile.preset(name)  # parsed and validated by the core
    targets = tomllib.loads(p.to_toml()).get("target", [])
    assert len(targets) == len(p)
    return targets


def seed_of(target: dict) -> str:
    m = re.match(r"seed (\d{3})\b", target.get("source", ""))
    assert m, f"target {target['id']}: source {target.get('source')!r} names no seed"
    return m.group(1)


def doc_sections() -> dict[str, list[tuple[list[str], str]]]:
    """Rows of the per-seed tables of the doc: (backquoted fragments of the first cell, second cell)."""
    sections: dict[str, list[tuple[list[str], str]]] = {}
    seed = None
    for line in DOC.read_text(encoding="utf-8").splitlines():
        m = re.match(r"### Seed (\d{3})\b", line)
        if m:
            seed = m.group(1)
            sections[seed] = []
            continue
        if line.startswith("## "):  # a section after the seed tables
            seed = None
        if seed and line.startswith("| `"):
            cells = line.strip().strip("|").split(" | ", 1)
            sections[seed].append((re.findall(r"`([^`]+)`", cells[0]), cells[1] if len(cells) > 1 else ""))
    return sections


def ids_in(cell: str) -> list[str]:
    return re.findall(r"`([A-Za-z0-9_.-]+)`", cell)


def test_the_seeds_and_the_doc_are_there():
    assert set(seed_texts()) == set(PROFILE_OF)
    assert set(doc_sections()) == set(PROFILE_OF)


def test_every_quote_is_verbatim_in_its_seed():
    texts = {k: squash(v) for k, v in seed_texts().items()}
    for name in sorted(set(PROFILE_OF.values())):
        for t in profile_targets(name):
            seed = seed_of(t)
            assert PROFILE_OF[seed] == name, f"{name} {t['id']}: source seed {seed} belongs to {PROFILE_OF[seed]}"
            assert t.get("quote"), f"{name} {t['id']}: no quote"
            assert squash(t["quote"]) in texts[seed], f"{name} {t['id']}: quote not in seed {seed}: {t['quote']}"
            if t.get("bottom_line_quote"):
                assert squash(t["bottom_line_quote"]) in texts[seed], f"{name} {t['id']}: bottom_line_quote"


def test_every_target_id_is_in_the_doc_and_every_doc_id_exists():
    sections = doc_sections()
    for seed, rows in sections.items():
        name = PROFILE_OF[seed]
        ids = {t["id"] for t in profile_targets(name) if seed_of(t) == seed}
        listed = {i for _, cell in rows for i in ids_in(cell)}
        assert listed - ids == set(), f"seed {seed}: ids in the doc that {name} does not have"
        assert ids - listed == set(), f"seed {seed}: targets of {name} missing from the doc"


def test_every_quantified_clause_of_the_seeds_is_in_the_doc():
    sections = doc_sections()
    for seed, text in seed_texts().items():
        fragments = [squash(f) for frags, _ in sections[seed] for f in frags]
        missing = []
        for clause in quantified_clauses(text):
            c = squash(clause)
            numbers = set(NUMBER.findall(c))
            if not any((f in c and numbers & set(NUMBER.findall(f))) or c in f for f in fragments):
                missing.append(clause)
        assert not missing, f"seed {seed}: clauses not in docs/seed-coverage.md: {missing}"


def test_the_doc_fragments_are_the_seeds_words():
    texts = {k: squash(v) for k, v in seed_texts().items()}
    for seed, rows in doc_sections().items():
        for frags, cell in rows:
            assert cell.strip(), f"seed {seed}: {frags} has neither a target nor a reason"
            for f in frags:
                assert squash(f) in texts[seed], f"seed {seed}: fragment not in the seed: {f}"


def test_bottom_lines_carry_the_plans_words():
    flagged = 0
    for name in sorted(set(PROFILE_OF.values())):
        for t in profile_targets(name):
            if t.get("bottom_line"):
                flagged += 1
                assert any(w in t["quote"] for w in BOTTOM_LINE_WORDS), f"{name} {t['id']}: quote lacks a bottom-line word"
                assert any(w in t["bottom_line_quote"] for w in BOTTOM_LINE_WORDS)
    # the seeds make exactly two of their targets bottom lines (不得 in 002 四(十), 约束性 in 004 五(四))
    assert flagged == 2


def test_the_scan_rule_on_a_hand_made_text():
    # hand-checked: the first clause has a number and a unit, the second a number and 以上, the
    # third only a year (no unit, no phrase), the fourth no digit
    text = "完成10個綠色社區創建，县级以上美丽乡村2023年全覆盖；2022年开展试点。人均公园绿地面积稳定"
    assert quantified_clauses(text) == ["完成10個綠色社區創建", "县级以上美丽乡村2023年全覆盖"]
