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
    "uncertainty_note": ("不确定性分析：{runs} 次蒙特卡洛模拟下排名的 5%–95% 区间。",
                         "Uncertainty: the 5-95 % interval of the rank over {runs} Monte Carlo runs."),
    "uncertainty_spec": ("每次模拟中指标与维度的权重随机扰动（至多 ±{noise}），集成方法在算术平均与几何平均间随机选择；标准化方法不变。",
                         ("Each run moves the weights of the indicators and of the dimensions (by up to "
                         "±{noise}) and draws the aggregation (arithmetic or geometric mean); the normalisation "
                         "stays.")),
    "every_rank": ("各城市排名及其不确定性区间", "Every city's rank with its uncertainty interval"),
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
    # self-check vs third-party
    "compare": ("自检与第三方体检比对", "Self-check vs third-party"),
    "compare_note": ("第一方为参照方（通常为城市自检），其余为比对方。", "The first assessment is the reference (normally the self-check)."),
    "compare_who": ("参照方：{a}；比对方：{b}。", "Reference: {a}; compared: {b}."),
    "agreement_table": ("一致性统计（Spearman、Kendall、ICC、Bland–Altman）",
                        "Agreement statistics (Spearman, Kendall, ICC, Bland–Altman)"),
    "agreement_table_of": ("一致性统计（{period}年；Spearman、Kendall、ICC、Bland–Altman）",
                           "Agreement statistics ({period}; Spearman, Kendall, ICC, Bland–Altman)"),
    "kappa_table": ("体检结论一致性（Cohen κ）", "Agreement of the verdicts (Cohen's kappa)"),
    "compare_scores": ("本市综合得分与排名比对", "The city's composite score and rank compared"),
    "outside_tolerance": ("超出允许偏差的指标", "Indicators outside the tolerance"),
    "verdict_disagreements": ("体检结论不一致的指标", "Indicators whose verdicts differ"),
    "no_disagreement": ("本市各指标数值均在允许偏差内，体检结论一致。",
                        "Every value of the city is within tolerance and every verdict agrees."),
    "units_dots": ("各城市", "cities"),
    "ba_bias": ("平均偏差", "bias"),
    "ba_loa_lower": ("一致性界限下限", "lower limit"),
    "ba_loa_upper": ("一致性界限上限", "upper limit"),
    "ba_mean": ("两方得分均值", "Mean of the two scores"),
    "ba_difference": ("得分差（比对-参照）", "Difference (compared - reference)"),
    "bland_altman_note": ("Bland–Altman 图：每点为一个城市，横轴为两方综合得分的均值，纵轴为差值；实线为平均偏差，虚线为 95% 一致性界限；橙色为本市。",
                          ("Bland–Altman plot: one dot per city, the mean of the two composite scores against "
                          "their difference; solid line: the bias, dashed: the 95 % limits of agreement; orange: "
                          "the city of the report.")),
    "relative_difference_axis": ("相对差值（比对-参照，%）", "Relative difference (compared - reference, %)"),
    "values_chart_note": ("本市各指标比对方数值相对参照方数值的差（%）；绿色在允许偏差内，红色超出。",
                          ("The city's indicators: the compared value's difference from the reference, in % of "
                          "the reference; green within tolerance, red outside.")),
    # resident survey
    "survey": ("居民满意度调查", "Resident survey"),
    "respondents": ("有效问卷", "Respondents"),
    "respondent_unit": ("份", "responses"),
    "n_eff": ("有效样本量（Kish）", "Effective sample size (Kish)"),
    "survey_dimensions": ("各维度满意度", "Satisfaction by dimension"),
    "survey_alpha": ("信度（Cronbach's α）", "Reliability (Cronbach's alpha)"),
    "survey_gap": ("主客观温差", "Objective–subjective gap"),
    "gap_note": ("蓝色为体检客观得分，橙色为居民满意度（均为百分制）；⚑ 为被标记的温差。",
                 ("Blue: the objective score of the check; orange: the residents' satisfaction (both out of "
                 "100); ⚑: a flagged gap.")),
    # ledger
    "ledger": ("问题整治台账", "Problem-to-task ledger"),
    "ledger_counts": ("各整改状态的任务数", "Tasks by status"),
    "task_unit": ("项", "tasks"),
    "ledger_overdue": ("逾期任务", "Overdue tasks"),
    "ledger_tasks": ("整治任务", "Tasks"),
    "ledger_empty": ("台账中没有任务。", "The ledger has no task."),
    "change_vs": ("较{year}年变化", "change vs {year}"),
    "bullet_change_note": ("“较基准年变化”类目标按变化率绘制（现状值相对基准年值的变化，%），而非按指标水平值。",
                           (" Targets stated as a change from the base year are drawn on the scale of the change "
                           "(the value's change from the base-year value, in %), not on the indicator's level.")),
    "check_details": ("指标体检明细表", "Check table, every column"),
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
    "compare": ("自检与第三方体检比对", "Self-check vs third-party"),
    "survey": ("居民满意度调查", "Resident survey"),
    "ledger": ("问题整治台账", "Problem-to-task ledger"),
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
