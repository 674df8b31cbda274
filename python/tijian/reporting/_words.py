# SPDX-License-Identifier: MIT
"""The report's own words in Chinese and English: headings and sentences. Column labels, units
and category labels are not here: they come from the core's table descriptions."""

from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {
    "report": ("城市体检报告", "City health-check report"),
    "contents": ("目录", "Contents"),
    "city": ("城市", "City"),
    "plan": ("规划目标", "Targets of the plan"),
    "years": ("体检年份", "Years"),
    "period": ("体检期", "Period checked"),
    "assessor": ("评估单位", "Assessor"),
    "date": ("报告日期", "Date"),
    "data_version": ("数据版本", "Data version"),
    "made_with": ("由 tijian {version} 生成", "Made with tijian {version}"),
    "summary": ("总体结论", "Summary"),
    "rate": ("达标率", "Achievement rate"),
    "schedule_rate": ("进度达标率", "Schedule rate"),
    "of_due": ("到期目标 {n} 项中达标 {k} 项", "{k} of {n} due targets met"),
    "of_not_due": ("未到期目标 {n} 项中进度达标 {k} 项", "{k} of {n} targets not yet due met early or on track"),
    "no_denominator": ("无可计目标", "no target to count"),
    "states": ("各体检结论的指标数", "Targets by state"),
    "count_unit": ("项", "targets"),
    "severe": ("最突出的问题", "Most severe problems"),
    "no_problems": ("未发现问题", "No problem found"),
    "light": ("信号灯", "Traffic light"),
    "dimensions": ("分维度体检", "Check by dimension"),
    "against_targets": ("指标现状与目标、进度目标", "Indicators against their targets and the trajectory"),
    "bullet_note": ("条形为现状值（颜色为信号灯），黑线为目标值，橙线为今年的进度目标值；每行按自身最大值缩放。",
                    ("Bars are the values (coloured by traffic light), black ticks the targets, orange ticks "
                    "this year's value on the plan's trajectory; each row has its own scale.")),
    "check_table": ("指标体检表", "Check table"),
    "trends": ("年度趋势与规划轨迹", "Trends and the plan's trajectory"),
    "trend_note": ("蓝线为历年指标值，橙色虚线为规划轨迹（基准值→目标值），菱形为目标。",
                   ("Blue: the values over the years; dashed orange: the plan's trajectory (base to "
                   "target); diamond: the target.")),
    "indicator_ranks": ("指标在同类城市中的排名", "Indicator ranks among the peer cities"),
    "ranking": ("同类城市排名", "Rank among the peer cities"),
    "rank_of": ("第 {r} 名（共 {n} 个）", "rank {r} of {n}"),
    "node": ("指标体系节点", "Node"),
    "score": ("得分", "Score"),
    "rank": ("排名", "Rank"),
    "interval": ("排名不确定性区间（5%–95%）", "Rank interval (5-95 %)"),
    "uncertainty_note": ("不确定性分析：{runs} 次蒙特卡洛模拟（权重、标准化与集成方法的扰动）下排名的 5%–95% 区间。",
                         ("Uncertainty: the 5-95 % interval of the rank over {runs} Monte Carlo runs "
                         "(perturbed weights, normalisation and aggregation).")),
    "evaluation": ("五年评估", "Five-year evaluation"),
    "evaluation_year": ("评估年份 {year}，规划末年 {end}", "Evaluation year {year}, plan end year {end}"),
    "problems": ("问题清单", "Problem list"),
    "appendix": ("方法附录", "Method appendix"),
    "tree": ("指标体系", "Framework"),
    "weights": ("权重与集成方法", "Weights and aggregation"),
    "recipe": ("方法配置（recipe）", "Recipe"),
    "recipe_note": ("标准化、权重、集成、缺失值与数据预处理的全部选择（TOML，可直接复现）。",
                    ("Every choice of normalisation, weighting, aggregation, missing data and data "
                    "preparation (TOML, reproduces the scores).")),
    "preparation": ("数据预处理", "Data preparation"),
    "no_preparation": ("未做数据预处理（无插补、无异常值处理、无筛除）。",
                       "No data preparation (nothing imputed, treated or screened out)."),
    "diagnostics": ("诊断信息", "Diagnostics"),
    "provenance": ("来源与复现信息", "Provenance"),
    "dimension_rate": ("达标率 {rate}", "achievement rate {rate}"),
    "missing_font": ("未找到中文字体 Noto Sans CJK：请安装 Debian 软件包 {package}",
                     "Noto Sans CJK was not found: install the Debian package {package}"),
}

# fields of a document's provenance group (ASCII keys the core writes; not described as tables)
FIELDS: dict[str, tuple[str, str]] = {
    "library_version": ("软件版本", "Library version"),
    "framework_hash": ("指标体系哈希", "Framework hash"),
    "profile_hash": ("目标哈希", "Target profile hash"),
    "data_hash": ("数据哈希", "Data hash"),
    "recipe_hash": ("方法配置哈希", "Recipe hash"),
    "framework_source": ("指标体系来源", "Framework source"),
    "profile": ("目标名称", "Target profile"),
    "profile_source": ("目标来源", "Target profile source"),
    "data_source": ("数据来源", "Data source"),
    "check": ("体检", "Check"),
    "score": ("综合评分", "Scores"),
    "trend": ("年度趋势", "Trends"),
    "evaluation": ("五年评估", "Five-year evaluation"),
    "uncertainty": ("不确定性分析", "Uncertainty"),
}


def word(key: str, lang: str, **kw: object) -> str:
    zh, en = WORDS[key]
    text = zh if lang == "zh" else en
    return text.format(**kw) if kw else text


def field_label(key: str, lang: str) -> str:
    if key not in FIELDS:
        return key
    zh, en = FIELDS[key]
    return zh if lang == "zh" else en
