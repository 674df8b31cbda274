# SPDX-License-Identifier: MIT
"""Writes answers.csv: a SYNTHETIC resident survey export (问卷星 layout) for the example.

Every respondent, answer and community name here is invented with a fixed seed; nothing is
real survey data. Run from this folder:  python3 make_synthetic.py
"""

import csv
import random

rng = random.Random(2025)
DISTRICTS = {"东城区": ["和平社区", "光明社区", "新华社区", "东风社区", "向阳社区"],
             "西城区": ["幸福社区", "长青社区", "滨河社区", "丰收社区"],
             "南城区": ["安康社区", "团结社区", "春晓社区"]}
ITEMS = [  # column, mean level (1 best .. 5 worst) of the synthetic answers
    ("6.建筑安全", 2.0), ("7.燃气安全", 2.1), ("8.楼道安全", 2.4), ("9.适老改造", 2.9),
    ("10.养老服务设施", 2.6), ("11.充电设施", 3.6), ("12.公共活动空间", 2.5), ("13.物业服务", 2.7),
    ("14.多功能运动场地", 2.6), ("15.车辆停放", 3.4), ("16.公园绿化活动场地", 2.2),
    ("17.空气污染", 2.3), ("18.内涝积水", 2.8), ("19.道路通畅性", 2.6), ("20.智慧政务", 2.4)]
LEVELS = ["满意", "比较满意", "一般", "较不满意", "不满意"]
JOBS = ["企业员工", "工人", "个体经营者", "教育科研人员", "党政机关", "事业单位", "待业", "离退休"]

rows = []
for i in range(1520):
    district = rng.choices(list(DISTRICTS), weights=[0.45, 0.35, 0.20])[0]
    community = rng.choice(DISTRICTS[district])
    u = rng.random()
    age = rng.randint(16, 29) if u < 0.31 else rng.randint(30, 59) if u < 0.86 else rng.randint(60, 85)
    gender = "女" if rng.random() < 0.56 else "男"
    job = rng.choices(JOBS, weights=[30, 15, 12, 10, 4, 6, 5, 18])[0]
    mood = rng.gauss(0, 0.6)  # a respondent's general mood links the items (alpha > 0)
    answers = []
    for _, mean in ITEMS:
        if rng.random() < 0.04:
            answers.append("不了解")
            continue
        if rng.random() < 0.01:
            answers.append("")
            continue
        level = min(5, max(1, round(rng.gauss(mean + mood, 0.8))))
        text = LEVELS[level - 1]
        r = rng.random()
        if r < 0.08:
            text = str(6 - level)  # some exports carry 5 (满意) .. 1 (不满意)
        elif r < 0.10 and text == "比较满意":
            text = "比较　满意"  # a full-width space, as typed on a phone
        answers.append(text)
    minutes = rng.randint(180, 900)
    rows.append([i + 1, f"2025/4/{rng.randint(1, 28)} {rng.randint(8, 21)}:{rng.randint(0, 59):02d}:00",
                 f"{minutes}秒", "微信", community, district, gender, age, job, *answers])

with open("answers.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["序号", "提交答卷时间", "所用时间", "来源", "1.您居住的社区", "2.所在区", "3.性别", "4.年龄", "5.职业",
                *[c for c, _ in ITEMS]])
    w.writerows(rows)
