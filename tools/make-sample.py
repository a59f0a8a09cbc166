#!/usr/bin/env python3
"""Write data/examples/sample.xingping, the bundled sample assessment.

The sample is a fictional industrial park's yearly star rating of the Party
organisations in its non-public enterprises, scored against the default
scheme data/criteria/default.xml by a five-member assessment group
(考评组), plus each organisation's self-assessment.  Everything is derived
from a fixed random seed, so running this script twice writes the same
bytes; rerun it whenever default.xml changes (the project embeds the
criteria and their sha256).

Usage: tools/make-sample.py [OUTPUT]   (python3, standard library only)
"""

import hashlib
import json
import os
import random
import sys
import xml.etree.ElementTree as ET
from decimal import Decimal

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CRITERIA = os.path.join(ROOT, "data", "criteria", "default.xml")
OUTPUT = os.path.join(ROOT, "data", "examples", "sample.xingping")
NS = "{urn:xingping:criteria:1}"
SEED = 20260315

TITLE = "2026年度××园区非公企业党组织星级创评"

EVALUATORS = [
    ("e1", "王建国"),   # 组长，园区党工委组织部
    ("e2", "李秀梅"),
    ("e3", "陈志强"),
    ("e4", "刘晓燕"),
    ("e5", "赵文博"),
]

# (enterprise, branch kind, category, members, secretary, founded,
#  previous stars, target quality 0..1, bonus, penalty, vetoes, special)
#
# quality is the share of each item's max an evaluator gives on average;
# the dimension part of a total is about 100 × quality.
# special: "c1"  members' or employees' satisfaction below 60%;
#          "partial"  no evaluator has finished the sheet yet;
#          "new"  added to the list after the visits: no scores at all.
BRANCHES = [
    # --- 单独建 (standalone)
    ("西安星河微电子科技有限公司", "党总支", "standalone", 86, "周海涛", "2012-06", 5,
     0.93, {"B1": 3, "B2": 1, "B3": 2}, {}, [], None),
    ("秦川精密制造有限公司", "党委", "standalone", 142, "孙立群", "2009-03", 5,
     0.91, {"B1": 5, "B2": 2}, {}, [], None),
    ("汉唐生物医药科技有限公司", "党支部", "standalone", 31, "郑雅琴", "2014-11", 4,
     0.89, {"B1": 2, "B3": 2}, {}, [], None),
    ("长安智联软件科技有限公司", "党支部", "standalone", 24, "何明远", "2016-07", 4,
     0.86, {"B2": 1}, {}, [], None),
    ("华岳新材料科技有限公司", "党支部", "standalone", 19, "冯建军", "2015-04", 4,
     0.84, {"B1": 2}, {"P3": 0.5}, [], None),
    ("渭水环保装备制造有限公司", "党支部", "standalone", 17, "许丽华", "2013-09", 3,
     0.83, {}, {}, [], None),
    ("丰瑞汽车零部件有限公司", "党总支", "standalone", 58, "高振宇", "2011-05", 4,
     0.82, {"B4": 1}, {"P2": 2}, [], None),
    ("天工精密模具制造有限公司", "党支部", "standalone", 13, "马俊峰", "2017-03", 3,
     0.80, {}, {}, [], None),
    ("鼎信数据服务有限公司", "党支部", "standalone", 11, "罗晓燕", "2018-10", 3,
     0.78, {"B2": 1}, {}, [], None),
    ("金穗物流有限公司", "党支部", "standalone", 9, "韩卫东", "2016-12", 3,
     0.76, {}, {"P3": 1}, [], None),
    ("博远光电科技有限公司", "党支部", "standalone", 15, "唐静", "2015-08", 3,
     0.75, {}, {}, [], None),
    ("恒通供应链管理有限公司", "党支部", "standalone", 8, "曹永利", "2019-06", 2,
     0.73, {}, {"P4": 1}, [], None),
    ("瑞丰食品科技有限公司", "党支部", "standalone", 12, "邓红梅", "2014-03", 3,
     0.72, {}, {}, [], None),
    ("中科鸿图信息技术有限公司", "党支部", "standalone", 7, "薛鹏", "2020-05", 2,
     0.70, {}, {}, [], None),
    ("安盛建筑工程有限公司", "党支部", "standalone", 21, "彭国庆", "2012-09", 3,
     0.69, {}, {"P2": 2}, [], None),
    ("康华医疗器械有限公司", "党支部", "standalone", 10, "吕晓红", "2018-04", 2,
     0.66, {}, {}, [], None),
    ("宏达化工有限公司", "党支部", "standalone", 16, "蒋德胜", "2010-07", 3,
     0.84, {}, {}, ["V2"], None),
    ("盛世印务有限公司", "党支部", "standalone", 6, "宋春燕", "2019-11", 2,
     0.64, {}, {"P3": 0.5, "P4": 1}, [], None),
    ("新锐电子商务有限公司", "党支部", "standalone", 5, "谢俊", "2021-03", 1,
     0.60, {}, {"P3": 1.5}, [], None),
    ("远航国际货运代理有限公司", "党支部", "standalone", 9, "袁志伟", "2017-05", 3,
     0.80, {}, {}, ["C1"], "c1"),
    ("云端智造科技有限公司", "党支部", "standalone", 4, "董佳", "2025-09", 0,
     0.78, {}, {}, ["C4"], None),
    ("朗润物业服务有限公司", "党支部", "standalone", 8, "潘立新", "2016-02", 2,
     0.71, {}, {}, [], "partial"),
    ("启明半导体设备有限公司", "党支部", "standalone", 14, "杜晓峰", "2022-06", 0,
     0.0, {}, {}, [], "new"),
    # --- 联合建 (joint)
    ("创新大厦", "企业联合党支部", "joint", 23, "范文静", "2015-10", 4,
     0.87, {"B2": 1, "B4": 1}, {}, [], None),
    ("智能制造产业园", "企业联合党支部", "joint", 18, "钟国华", "2017-04", 3,
     0.79, {}, {}, [], None),
    ("科创孵化基地", "企业联合党支部", "joint", 15, "汪璐", "2018-09", 3,
     0.77, {"B1": 2}, {}, [], None),
    ("电商物流园", "企业联合党支部", "joint", 12, "田宏伟", "2019-03", 2,
     0.68, {}, {"P3": 0.5}, [], None),
    ("商务服务中心", "企业联合党支部", "joint", 10, "任小军", "2020-08", 2,
     0.63, {}, {}, [], None),
    ("小微企业创业园", "企业联合党支部", "joint", 9, "石磊", "2021-05", 1,
     0.55, {}, {"P4": 2}, [], None),
    # --- 挂靠建 (affiliated)
    ("德润会计师事务所有限公司", "党支部（挂靠）", "affiliated", 2, "贺敏", "2018-06", 3,
     0.78, {}, {}, [], None),
    ("绿源农业科技有限公司", "党支部（挂靠）", "affiliated", 2, "崔振东", "2019-12", 2,
     0.67, {}, {}, [], None),
    ("恒瑞仓储物流有限公司", "党支部（挂靠）", "affiliated", 1, "郝建平", "2020-04", 1,
     0.57, {}, {"P3": 0.5}, [], None),
]

# Notes evaluators wrote next to low scores: (branch index, evaluator,
# item, note, score that evaluator gives the item).
NOTES = [
    (9, "e2", "D3.3", "台账不全，2025年第三季度会议记录缺失", 1.5),
    (12, "e1", "D3.1", "三会一课记录缺两次", 3),
    (13, "e3", "D1.1", "正式党员7人未设立支部委员会", 2),
    (14, "e4", "D2.4", "党费收缴未公示", 2),
    (15, "e1", "D3.2", "全年少开展3次主题党日", 2.5),
    (17, "e5", "D2.1", "无年度学习计划，集中学习不足32学时", 2),
    (18, "e2", "D1.2", "书记未参加年度集中培训", 3.5),
    (19, "e3", "D6.2", "职工满意率52%，低于60%", 0),
    (19, "e1", "D6.2", "抽测职工25人，满意13人", 0),
    (26, "e4", "D1.5", "全年只召开两次联席会议", 2),
    (28, "e5", "D5.3", "未确定年度活动主题", 2),
    (30, "e2", "D1.6", "挂靠党组织全年只到企业联系指导一次", 1.5),
    (3, "e3", "D5.2", "党员技术攻关项目获市级创新奖，成效突出", 6),
]


def dec(text):
    return Decimal(text)


def load_items():
    tree = ET.parse(CRITERIA)
    root = tree.getroot()
    dims = []
    for d in root.findall(NS + "dimension"):
        items = []
        for it in d.findall(NS + "item"):
            cats = it.get("categories")
            items.append({
                "id": it.get("id"),
                "max": dec(it.get("max")),
                "step": dec(it.get("step", "0.5")),
                "categories": cats.split() if cats else None,
            })
        dims.append((d.get("id"), items))
    extra = {}
    for block in ("bonus", "penalty"):
        el = root.find(NS + block)
        extra[block] = {it.get("id"): (dec(it.get("max")), dec(it.get("step", "0.5")))
                        for it in el.findall(NS + "item")}
    return dims, extra


def snap(value, item):
    """The nearest multiple of the item's step in [0, max]."""
    step, top = item["step"], item["max"]
    v = Decimal(repr(value)) / step
    v = v.to_integral_value(rounding="ROUND_HALF_EVEN") * step
    return max(Decimal(0), min(top, v))


def num(d):
    """A JSON number written as a plain decimal: 3, 4.5 (never 4.499999)."""
    d = d.normalize()
    if d == d.to_integral_value():
        return int(d)
    return float(str(d))  # halves and quarters: repr() gives them back exactly


def sheet(rng, items, quality, bias, spread):
    out = {}
    for it in items:
        v = float(it["max"]) * (quality + bias + rng.gauss(0, spread))
        out[it["id"]] = snap(v, it)
    return out


def dump(value, depth=0):
    """JSON with the outer levels indented and each score sheet on one line."""
    if isinstance(value, dict) and depth < 3 and value and \
            any(isinstance(v, (dict, list)) for v in value.values()):
        pad = "  " * (depth + 1)
        parts = [pad + json.dumps(k, ensure_ascii=False) + ": " + dump(v, depth + 1)
                 for k, v in value.items()]
        return "{\n" + ",\n".join(parts) + "\n" + "  " * depth + "}"
    if isinstance(value, list) and depth < 2 and value and isinstance(value[0], dict):
        pad = "  " * (depth + 1)
        parts = [pad + json.dumps(v, ensure_ascii=False, separators=(", ", ": "))
                 for v in value]
        return "[\n" + ",\n".join(parts) + "\n" + "  " * depth + "]"
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def main():
    output = sys.argv[1] if len(sys.argv) > 1 else OUTPUT
    rng = random.Random(SEED)
    with open(CRITERIA, "rb") as f:
        xml_bytes = f.read()
    dims, extra = load_items()

    evaluators = [{"id": e, "name": n, "role": "group"} for e, n in EVALUATORS]
    evaluators.append({"id": "self", "name": "党组织自评", "role": "self"})

    # How each group member tends to mark: a slight personal bias.
    bias = {"e1": 0.0, "e2": -0.02, "e3": 0.01, "e4": -0.01, "e5": 0.015}

    branches, scores, notes = [], {}, {}
    for i, (ent, kind, cat, members, sec, founded, prev, quality, bonus, penalty,
            vetoes, special) in enumerate(BRANCHES):
        bid = "b%03d" % (i + 1)
        name, enterprise = ent + kind, ent
        if cat == "joint":
            name = "园区" + ent + kind
            enterprise = "%s入驻企业（%d家）" % (ent, 5 + i % 7)
        elif cat == "affiliated":
            name = "园区综合党委第%s党支部（%s挂靠）" % ("一二三"[i % 3], ent)
        b = {"id": bid, "name": name, "enterprise": enterprise,
             "category": cat, "members": members, "secretary": sec,
             "founded": founded, "previous_stars": prev}
        if vetoes:
            b["vetoes"] = vetoes
        branches.append(b)

        if special == "new":
            continue
        items = [it for _, its in dims for it in its
                 if it["categories"] is None or cat in it["categories"]]
        per_branch = {}
        for e, _ in EVALUATORS:
            s = sheet(rng, items, quality, bias[e], 0.06)
            if special == "c1":
                s["D6.2"] = Decimal(0)
            for k, v in bonus.items():
                s[k] = Decimal(str(v))
            for k, v in penalty.items():
                s[k] = Decimal(str(v))
            per_branch[e] = s
        if special == "partial":
            # The visit was cut short: every evaluator has items left.
            left = ["D5.5", "D6.3", "D6.4", "D4.1", "D5.4"]
            for (e, _), item in zip(EVALUATORS, left):
                ids = [it["id"] for it in items]
                del per_branch[e][item]
                if e in ("e1", "e2"):  # these two had not started D6 at all
                    for it in ids:
                        if it.startswith("D6."):
                            per_branch[e].pop(it, None)
        # Self-assessment: most organisations mark themselves generously;
        # the three smallest did not hand a sheet in.
        if members >= 3 and special != "partial":
            s = sheet(rng, items, quality, 0.05, 0.04)
            for k, v in bonus.items():
                s[k] = Decimal(str(v))
            per_branch["self"] = s
        scores[bid] = per_branch

    for idx, e, item, text, value in NOTES:
        bid = "b%03d" % (idx + 1)
        scores[bid][e][item] = Decimal(str(value))
        notes.setdefault(bid, {}).setdefault(e, {})[item] = text

    # Every value is checked against its item's max and step once more.
    limits = {it["id"]: it for _, its in dims for it in its}
    for block in extra.values():
        for k, (m, st) in block.items():
            limits[k] = {"max": m, "step": st}
    for bid, sheets in scores.items():
        for e, s in sheets.items():
            for k, v in s.items():
                lim = limits[k]
                assert 0 <= v <= lim["max"] and v % lim["step"] == 0, (bid, e, k, v)

    project = {
        "format": "xingping-project",
        "version": 1,
        "title": TITLE,
        "criteria": {
            "sha256": hashlib.sha256(xml_bytes).hexdigest(),
            "xml": xml_bytes.decode("utf-8"),
        },
        "evaluators": evaluators,
        "branches": branches,
        "scores": {bid: {e: {k: num(v) for k, v in s.items()} for e, s in sheets.items()}
                   for bid, sheets in scores.items()},
        "notes": notes,
    }
    text = dump(project) + "\n"
    os.makedirs(os.path.dirname(os.path.abspath(output)), exist_ok=True)
    tmp = output + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    os.replace(tmp, output)
    print("wrote %s: %d branches, %d evaluators" % (output, len(branches), len(evaluators)))


if __name__ == "__main__":
    main()
