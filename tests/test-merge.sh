#!/bin/sh
# test-merge.sh — xingping-cli merge: results, conflicts, refusals, exit codes
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The evaluators' files are made from the bundled sample with python3:
# master = the sample without the sheets of e1, e2 and e3; in-eK = the
# master plus evaluator eK's sheets (and notes) from the sample.  Merging
# the three must reproduce the sample's ranking and digest.  Prints TAP.

. "$(dirname "$0")/tap.sh"

sample=$src/data/examples/sample.xingping

if ! command -v python3 >/dev/null 2>&1; then
  echo "1..0 # SKIP python3 is needed to make the evaluators' files"
  exit 0
fi

# score FILE BRANCH EVALUATOR ITEM: prints the score in a project file
score () {
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["scores"].get(sys.argv[2],{}).get(sys.argv[3],{}).get(sys.argv[4],"none"))' "$@"
}

# ranked JSON without the time it was made
ranked () {
  "$cli" rank "$1" --json - | grep -v '"generated_at"'
}

cd "$tmp" || exit 1
python3 - "$sample" <<'EOF' || { echo "Bail out! cannot make the fixture"; exit 1; }
import copy, json, sys

sample = json.load(open(sys.argv[1], encoding="utf-8"))

def without(doc, evaluators):
    doc = copy.deepcopy(doc)
    for section in ("scores", "notes"):
        for branch in list(doc.get(section, {})):
            for e in evaluators:
                doc[section][branch].pop(e, None)
            if not doc[section][branch]:
                del doc[section][branch]
    return doc

def save(doc, name):
    with open(name, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=1)

offline = ["e1", "e2", "e3"]
master = without(sample, offline)
save(master, "master.xingping")
for e in offline:
    save(without(sample, [x for x in offline if x != e]), "in-%s.xingping" % e)

# b001/e4/D1.1 is 4 in the master: one file says 0 and writes why.
theirs = copy.deepcopy(master)
theirs["scores"]["b001"]["e4"]["D1.1"] = 0
theirs.setdefault("notes", {}).setdefault("b001", {}).setdefault("e4", {})["D1.1"] = "换届逾期"
theirs["title"] = "张三的副本"
# Version 2: who entered it and when, on the evaluator's laptop.
theirs["version"] = 2
theirs["score_meta"] = {"b001": {"e4": {"D1.1": {"by": "刘晓燕", "at": "2026-11-20T10:00:00Z"}}}}
save(theirs, "in-conflict.xingping")

# Another file that disagrees with both on the same score.
third = copy.deepcopy(master)
third["scores"]["b001"]["e4"]["D1.1"] = 1
save(third, "in-third.xingping")

# b002 names another organisation here.
renamed = copy.deepcopy(master)
renamed["branches"][1]["name"] = "另一家企业党支部"
save(renamed, "in-renamed.xingping")
EOF

test "$(score master.xingping b001 e4 D1.1)" = 4 || echo "Bail out! the sample changed: b001/e4/D1.1 is not 4"
cp master.xingping master.orig
cp in-conflict.xingping in-conflict.orig

# ---- usage: 2
expect 0 "merge --help" -- "$cli" merge --help
check "--help documents --resolve" grep -q -- "--resolve" "$tmp/out"
check "--help documents --dry-run" grep -q -- "--dry-run" "$tmp/out"
expect 2 "merge without files" -- "$cli" merge
expect 2 "merge with only the master" -- "$cli" merge master.xingping -o out.xingping
expect 2 "merge without -o" -- "$cli" merge master.xingping in-e1.xingping
expect 2 "--keep-mine and --take-theirs together" -- "$cli" merge master.xingping in-conflict.xingping -o out.xingping --keep-mine --take-theirs
expect 2 "--resolve without =" -- "$cli" merge master.xingping in-conflict.xingping -o out.xingping --resolve b001/e4/D1.1
expect 2 "--resolve with a bad choice" -- "$cli" merge master.xingping in-conflict.xingping -o out.xingping --resolve b001/e4/D1.1=maybe

# ---- three evaluators' files give the one-file result
expect 0 "merge three evaluators' files" -- "$cli" merge master.xingping in-e1.xingping in-e2.xingping in-e3.xingping -o out.xingping
check "the summary counts the added scores" grep -Eq "scores added: +[1-9][0-9]{3}" "$tmp/out"
check "the summary counts the added notes" grep -Eq "notes added: +[1-9]" "$tmp/out"
check "no conflicts" grep -Eq "conflicts resolved: +0 of 0" "$tmp/out"
ranked "$sample" >want.json
ranked out.xingping >got.json
check "the merged ranking equals the one-file ranking (digest included)" cmp -s want.json got.json
check "the ranking is not trivially empty" grep -q '"rank": 1,' got.json
check "the master file was not touched" cmp -s master.xingping master.orig

# ---- idempotent
expect 0 "merge the same file again" -- "$cli" merge out.xingping in-e1.xingping -o again.xingping
check "nothing added the second time" grep -Eq "scores added: +0$" "$tmp/out"
check "the second merge writes the same project" cmp -s out.xingping again.xingping

# ---- a conflict is listed, nothing written
expect 1 "a conflict without a resolution" -- "$cli" merge master.xingping in-conflict.xingping -o out-c.xingping
check "the conflict is listed with its key" grep -q "CONFLICT b001/e4/D1.1" "$tmp/out"
check "the listing names branch, evaluator and item" grep -q "branch b001 “.*”, evaluator e4 “.*”, item D1.1" "$tmp/out"
check "the listing shows the master's value" grep -Eq "mine +4 +master" "$tmp/out"
check "the listing shows the incoming value and file" grep -Eq "theirs +0 +IN1 \(in-conflict.xingping\)" "$tmp/out"
check "the listing shows the incoming note" grep -q "换届逾期" "$tmp/out"
check "the listing shows who entered it and when" grep -q "theirs .*entered by 刘晓燕 at 2026-11-20T10:00:00Z" "$tmp/out"
check "the title differs: a warning" grep -q "warning: .*张三的副本" "$tmp/out"
check "stderr says nothing was written" grep -q "nothing was written" "$tmp/err"
check "no output file" test ! -e out-c.xingping
check "master byte-identical after the refused merge" cmp -s master.xingping master.orig
check "incoming byte-identical after the refused merge" cmp -s in-conflict.xingping in-conflict.orig

# ---- resolutions
expect 0 "--keep-mine" -- "$cli" merge master.xingping in-conflict.xingping -o mine.xingping --keep-mine
check "keep mine keeps 4" test "$(score mine.xingping b001 e4 D1.1)" = 4
expect 0 "--take-theirs" -- "$cli" merge master.xingping in-conflict.xingping -o theirs.xingping --take-theirs
check "take theirs takes 0" test "$(score theirs.xingping b001 e4 D1.1)" = 0
check "the audit log records the merge under --as" sh -c "'$cli' merge master.xingping in-conflict.xingping -o as.xingping --take-theirs --as 王组长 >/dev/null && '$cli' audit as.xingping --branch b001 | grep -q 王组长"
check "the merged score keeps who entered it and when" python3 -c 'import json,sys; m=json.load(open("theirs.xingping"))["score_meta"]["b001"]["e4"]["D1.1"]; sys.exit(m != {"by": "刘晓燕", "at": "2026-11-20T10:00:00Z"})'
check "the summary counts it" grep -Eq "conflicts resolved: +1 of 1 \(kept mine 0, took theirs 1\)" "$tmp/out"
expect 0 "--resolve …=theirs" -- "$cli" merge master.xingping in-conflict.xingping -o r1.xingping --resolve b001/e4/D1.1=theirs
check "resolve theirs takes 0" test "$(score r1.xingping b001 e4 D1.1)" = 0
expect 0 "--resolve …=mine" -- "$cli" merge master.xingping in-conflict.xingping -o r2.xingping --resolve b001/e4/D1.1=mine
check "resolve mine keeps 4" test "$(score r2.xingping b001 e4 D1.1)" = 4
expect 1 "--resolve where there is no conflict" -- "$cli" merge master.xingping in-conflict.xingping -o r3.xingping --resolve b002/e4/D1.1=mine
check "the message names the key" grep -q "no conflict at branch b002, evaluator e4, item D1.1" "$tmp/err"
check "no output file" test ! -e r3.xingping

# ---- two incoming files disagree with each other
expect 1 "--take-theirs cannot choose between two files" -- "$cli" merge master.xingping in-conflict.xingping in-third.xingping -o t.xingping --take-theirs
check "both incoming values are listed" sh -c "grep -Eq 'theirs +0 +IN1' '$tmp/out' && grep -Eq 'theirs +1 +IN2' '$tmp/out'"
check "no output file" test ! -e t.xingping
expect 0 "--resolve …=2 takes the second file" -- "$cli" merge master.xingping in-conflict.xingping in-third.xingping -o t.xingping --resolve b001/e4/D1.1=2
check "the second file's value" test "$(score t.xingping b001 e4 D1.1)" = 1

# ---- dry run
expect 0 "--dry-run" -- "$cli" merge master.xingping in-e1.xingping --dry-run
check "the dry run says so" grep -q "Dry run: nothing was written" "$tmp/out"
expect 1 "--dry-run with an unresolved conflict" -- "$cli" merge master.xingping in-conflict.xingping --dry-run -o dry.xingping
check "no output file" test ! -e dry.xingping

# ---- refusals
cp master.xingping sealed.xingping
"$cli" seal sealed.xingping --as 王组长 >/dev/null 2>&1
cp sealed.xingping sealed.orig
expect 1 "a sealed master is refused" -- "$cli" merge sealed.xingping in-e1.xingping -o sealed.xingping
check "the message says it is sealed" grep -qi "sealed" "$tmp/err"
check "the sealed master is untouched" cmp -s sealed.xingping sealed.orig
"$cli" new --criteria "$src/tests/data/criteria/minimal.xml" -o other.xingping 2>/dev/null
expect 1 "a file from another scheme is refused" -- "$cli" merge master.xingping in-e1.xingping other.xingping -o o.xingping
check "the message names the file and both schemes" grep -q "IN2 other.xingping: made for the scheme minimal version 1 .* the master uses .* merge only files made from this master" "$tmp/err"
check "no output file" test ! -e o.xingping
check "master untouched" cmp -s master.xingping master.orig
expect 1 "an id that names another branch" -- "$cli" merge master.xingping in-renamed.xingping -o i.xingping
check "the identity conflict is listed" grep -q "IDENTITY branch b002: name .* in master.xingping, “另一家企业党支部” in in-renamed.xingping" "$tmp/out"
check "no output file" test ! -e i.xingping
expect 1 "a missing incoming file" -- "$cli" merge master.xingping nothing.xingping -o m.xingping
check "no output file" test ! -e m.xingping

# ---- the master may be the output: written atomically, backup kept
cp master.xingping inplace.xingping
expect 0 "merge into the master itself" -- "$cli" merge inplace.xingping in-e2.xingping -o inplace.xingping
check "the previous master is kept as a backup" cmp -s inplace.xingping~ master.orig
check "the merged score is there" test "$(score inplace.xingping b001 e2 D1.1)" = "$(score in-e2.xingping b001 e2 D1.1)"

echo "1..$n"
[ "$failed" -eq 0 ]
