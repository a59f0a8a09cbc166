#!/usr/bin/env python3
# test-spreadsheets-lo.py — the exported CSV and XLSX open in LibreOffice
#
# Exports the sample's ranking with `xingping-cli rank --csv --xlsx`, has
# LibreOffice (headless) open each file and save it again as CSV with
# every text cell quoted, and checks what a user would see in Calc:
# the Chinese texts intact, one row per branch, the numbers as number
# cells (unquoted, in the scheme's precision for the XLSX), the ranks in
# order and equal to the ranked JSON's.
#
# Usage: test-spreadsheets-lo.py XINGPING_CLI SAMPLE.xingping
# Exit 77 (skipped) only when soffice is not installed.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

cli, sample = sys.argv[1], sys.argv[2]
soffice = shutil.which("soffice") or shutil.which("libreoffice")
if soffice is None:
    print("soffice not found: install libreoffice-calc-nogui (./run installs it)")
    sys.exit(77)

failures = 0


def check(condition, what):
    global failures
    if condition:
        print("ok   " + what)
    else:
        failures += 1
        print("FAIL " + what)


tmp = tempfile.mkdtemp(prefix="xp-lo-")
try:
    csv_path = os.path.join(tmp, "ranking.csv")
    xlsx_path = os.path.join(tmp, "ranking.xlsx")
    json_path = os.path.join(tmp, "ranking.json")
    subprocess.run([cli, "rank", sample, "--json", json_path, "--csv", csv_path, "--xlsx", xlsx_path],
                   check=True)
    ranked = json.load(open(json_path, encoding="utf-8"))
    branches = ranked["branches"]

    # Csv export filter: comma, double quote, UTF-8 (76), from line 1,
    # quote all text cells, detect special numbers, save as shown, every
    # sheet (-1: one file per sheet).  Import (CSV only): comma, double
    # quote, no character set given, so LibreOffice has to find the BOM.
    out_filter = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,true,true,true,false,false,-1'
    env = dict(os.environ, HOME=tmp)

    def convert(path, outdir, infilter=None):
        args = [soffice, "-env:UserInstallation=file://" + tmp + "/profile", "--headless", "--norestore"]
        if infilter:
            args.append("--infilter=" + infilter)
        args += ["--convert-to", out_filter, "--outdir", outdir, path]
        subprocess.run(args, check=True, env=env, timeout=300, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    convert(xlsx_path, os.path.join(tmp, "from-xlsx"))
    convert(csv_path, os.path.join(tmp, "from-csv"), "Text - txt - csv (StarCalc):44,34,,1")

    header = ["名次", "类别内名次", "编号", "党组织名称", "企业名称", "组建方式", "党员数",
              "自评分", "考评分", "加分", "扣分", "总分", "星数", "星级", "分类定级", "备注"]
    number_columns = [0, 1, 6, 7, 8, 9, 10, 11, 12]
    labels = {"standalone": "单独建", "joint": "联合建", "affiliated": "挂靠建"}

    def check_ranking(path, what, decimals):
        check(os.path.exists(path), f"{what}: LibreOffice wrote {os.path.basename(path)}")
        if not os.path.exists(path):
            return
        text = open(path, encoding="utf-8").read()
        lines = text.splitlines()
        rows = list(csv.reader(io.StringIO(text)))
        check(rows[0] == header, f"{what}: the header row is the ranking sheet's, in Chinese")
        check(not text.startswith("\ufeff"), f"{what}: no byte-order mark leaked into the first cell")
        check(len(rows) == len(branches) + 1, f"{what}: {len(rows) - 1} rows for {len(branches)} branches")
        names_ok = all(row[2] == b["id"] and row[3] == b["name"] and row[4] == b["enterprise"]
                       and row[5] == labels[b["category"]] for row, b in zip(rows[1:], branches))
        check(names_ok, f"{what}: ids, names, enterprises and categories intact")
        ranks = [int(r[0]) for r in rows[1:] if r[0] != ""]
        check(ranks == sorted(ranks) and ranks[0] == 1, f"{what}: ranks in order from 1")
        check([r[0] for r in rows[1:]] == ["" if b["rank"] is None else str(b["rank"]) for b in branches],
              f"{what}: ranks equal the ranked JSON's")
        # Quoted = a text cell; an unquoted value = a number cell.
        number = re.compile(r"-?[0-9]+(\.[0-9]+)?")
        typed = True
        for line in lines[1:]:
            cells = next(csv.reader([line]))
            raw = line.split(",")
            # The sample has no commas or quotes inside texts, so raw
            # fields line up with cells.
            for c in number_columns:
                if cells[c] != "" and (raw[c].startswith('"') or not number.fullmatch(raw[c])):
                    typed = False
            for c in (2, 3, 4, 5, 13, 14):
                if cells[c] != "" and not raw[c].startswith('"'):
                    typed = False
        check(typed, f"{what}: numbers are number cells, texts are text cells")
        scores_ok = True
        for row, b in zip(rows[1:], branches):
            if b["score"] is None:
                scores_ok &= row[11] == "" and row[15] == "未完成评分"
                continue
            scores_ok &= abs(float(row[11]) - b["score"]) < 1e-9 and int(row[12]) == b["stars"]
            scores_ok &= row[13] == ("★" * b["stars"] if b["stars"] else "无星")
            if decimals is not None:
                scores_ok &= re.fullmatch(r"[0-9]+\.[0-9]{%d}" % decimals, row[11]) is not None
        check(scores_ok, f"{what}: totals, star counts and ★ as in the ranked JSON"
              + (f", shown with {decimals} decimals" if decimals else ""))

    # One sheet, saved as ranking-<sheet name>.csv.
    from_csv = sorted(os.listdir(os.path.join(tmp, "from-csv")))
    check(len(from_csv) == 1, "CSV: LibreOffice opened it as one sheet")
    check_ranking(os.path.join(tmp, "from-csv", from_csv[0] if from_csv else "missing"), "CSV", None)
    check_ranking(os.path.join(tmp, "from-xlsx", "ranking-排名表.csv"), "XLSX sheet 排名表", 2)

    dims = os.path.join(tmp, "from-xlsx", "ranking-维度得分.csv")
    check(os.path.exists(dims), "XLSX: LibreOffice found the sheet 维度得分")
    if os.path.exists(dims):
        rows = list(csv.reader(open(dims, encoding="utf-8")))
        check(rows[0][:4] == ["名次", "编号", "党组织名称", "组建方式"] and rows[0][4].startswith("D1 "),
              "XLSX 维度得分: header names the dimensions")
        ok = len(rows) == len(branches) + 1
        for row, b in zip(rows[1:], branches):
            if b["score"] is None:
                continue
            for d, dim in enumerate(b["dimensions"]):
                ok &= abs(float(row[4 + d]) - dim["score"]) < 1e-9
        check(ok, "XLSX 维度得分: a row per branch, dimension scores equal the ranked JSON's")
finally:
    shutil.rmtree(tmp, ignore_errors=True)

sys.exit(1 if failures else 0)
