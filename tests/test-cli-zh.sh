#!/bin/sh
# test-cli-zh.sh — xingping-cli speaks Chinese under LANGUAGE=zh_CN
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs the CLI with LANGUAGE=zh_CN and LC_ALL=C.UTF-8 (gettext needs only a
# UTF-8 locale, not a generated zh_CN one) against the build tree's
# catalogue ($XINGPING_LOCALEDIR), on bad input: the messages must be
# Chinese and still name the file, line, branch, evaluator and item.
# Needs XINGPING_CLI, XINGPING_SOURCE_ROOT and XINGPING_LOCALEDIR, set by
# tests/meson.build.  Prints TAP.

. "$(dirname "$0")/tap.sh"

: "${XINGPING_LOCALEDIR:?XINGPING_LOCALEDIR is not set}"

# zh STATUS DESCRIPTION -- ARGS...: runs the CLI in Chinese, stdout in
# $tmp/out, stderr in $tmp/err, and checks the exit status.
zh () {
  want=$1 desc=$2
  shift 3
  env LANGUAGE=zh_CN LC_ALL=C.UTF-8 LANG=C.UTF-8 "$cli" "$@" >"$tmp/out" 2>"$tmp/err"
  got=$?
  if [ "$got" -eq "$want" ]; then ok "$desc (exit $got)"; else not_ok "$desc: exit $got, expected $want"; fi
}

# has FILE DESCRIPTION TEXT: FILE contains TEXT (a fixed string)
has () {
  if grep -qF -- "$3" "$tmp/$1"; then ok "$2"; else not_ok "$2: no “$3” in $1"; fi
}

# lacks FILE DESCRIPTION TEXT
lacks () {
  if grep -qF -- "$3" "$tmp/$1"; then not_ok "$2: “$3” in $1"; else ok "$2"; fi
}

crit=$src/tests/data/criteria

# ---- usage and --help
zh 2 "no command" --
has err "usage error in Chinese" "未指定命令"
has err "usage text in Chinese" "用法：xingping-cli 命令"
zh 0 "merge --help" -- merge --help
has out "option descriptions are translated" "其余冲突一律保留主文件的值"
has out "the summary is translated" "将考评人员的项目文件逐项合并到主文件"
lacks out "no English option description left" "Resolve every other conflict"

# ---- criteria errors: Chinese, still naming file, line and item
zh 1 "validate dup-id.xml" -- validate "$crit/dup-id.xml"
has err "duplicate id: file and line" "dup-id.xml:14:"
has err "duplicate id: names the id and the other line" "编号“D1.1”已被第 11 行"
lacks err "duplicate id: no English left" "ids must be unique"
zh 1 "validate step-not-divide.xml" -- validate "$crit/step-not-divide.xml"
has err "step: file, line and item" "step-not-divide.xml:14: 评分项 D1.2"
has err "step: what to fix, in Chinese" "不是步长 2 的整数倍"
zh 1 "validate not-wellformed.xml" -- validate "$crit/not-wellformed.xml"
has err "not well-formed: file and line" "not-wellformed.xml:12："
has err "not well-formed: in Chinese" "文件不是格式正确的 XML"

# ---- a project with an out-of-range score
cp "$src/tests/data/project-v2-small.xingping" "$tmp/p.xingping"
sed -i 's/"D1.2": 4.75/"D1.2": -1/' "$tmp/p.xingping"
if grep -q '"D1.2": -1' "$tmp/p.xingping"; then ok "made a project with score -1"; else not_ok "could not make a project with score -1"; fi
zh 1 "info on a project with score -1" -- info "$tmp/p.xingping"
has err "bad score: names the file and line" "p.xingping:33"
has err "bad score: names branch, evaluator and item" "党组织 b1，考评人员 e1，评分项 D1.2"
has err "bad score: says what to fix" "请输入 0 至 5 之间的分数"
lacks err "bad score: no English left" "is outside"

# ---- tables are aligned by display width (CJK = 2 columns)
zh 0 "consistency of the sample" -- consistency "$src/data/examples/sample.xingping"
has out "consistency header in Chinese" "平均偏差"
if command -v python3 >/dev/null 2>&1; then
  # the name column starts at the same terminal column in the header and every row
  if python3 - "$tmp/out" <<'PY'
import sys, unicodedata
def width(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
head = next(i for i, l in enumerate(lines) if "姓名" in l)
cols = {width(lines[head][:lines[head].index("姓名")])}
for l in lines[head + 1:]:
    if not l.strip():
        break
    cols.add(width(l.rstrip()) - width(l.rstrip().split()[-1]))
sys.exit(0 if len(cols) == 1 else 1)
PY
  then ok "consistency table: the name column lines up under its Chinese header"
  else not_ok "consistency table: columns do not line up"
  fi
fi
zh 0 "info of the sample" -- info "$src/data/examples/sample.xingping"
has out "info: evaluators' progress in Chinese" "已完成评分表"

# ---- and the same runs in English without LANGUAGE
env -u LANGUAGE LC_ALL=C.UTF-8 LANG=C.UTF-8 "$cli" validate "$crit/dup-id.xml" >"$tmp/out" 2>"$tmp/err"
has err "C.UTF-8 without LANGUAGE stays English" "ids must be unique"

echo "1..$n"
[ "$failed" -eq 0 ]
