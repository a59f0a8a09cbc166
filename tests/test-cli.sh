#!/bin/sh
# test-cli.sh — xingping-cli's commands, exit codes and refusals
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Needs XINGPING_CLI (the built binary) and XINGPING_SOURCE_ROOT, both set
# by tests/meson.build.  Prints TAP.

. "$(dirname "$0")/tap.sh"

# expect STATUS DESCRIPTION -- COMMAND...: runs it, stdout in $tmp/out,
# stderr in $tmp/err, and checks the exit status.

# ---- usage: 2
expect 0 "--help" -- "$cli" --help
check "--help lists the commands" grep -q "validate" "$tmp/out"
expect 2 "no command" -- "$cli"
expect 2 "unknown command" -- "$cli" frobnicate
expect 2 "rank without a project" -- "$cli" rank
expect 2 "unknown option" -- "$cli" rank "$src/data/examples/sample.xingping" --no-such-option
expect 2 "new without -o" -- "$cli" new --criteria "$src/data/criteria/default.xml"

# ---- validate
expect 0 "validate the default scheme" -- "$cli" validate "$src/data/criteria/default.xml"
check "validate prints a summary" test -s "$tmp/out"
expect 1 "validate a missing file" -- "$cli" validate "$tmp/nothing.xml"
expect 1 "validate a file with a schema error" -- "$cli" validate "$src/tests/data/criteria/schema-error.xml"
check "the error names the file" grep -q "schema-error.xml" "$tmp/err"
for f in xxe-file xxe-net billion-laughs; do
  expect 1 "validate $f.xml is refused" -- "$cli" validate "$src/tests/data/criteria/$f.xml"
  if grep -q "root:" "$tmp/out" "$tmp/err"; then
    not_ok "$f.xml: /etc/passwd content appeared in the output"
  else
    ok "$f.xml: no /etc/passwd content in the output"
  fi
done

# ---- rank
expect 0 "rank the sample to stdout" -- "$cli" rank "$src/data/examples/sample.xingping" --json -
check "ranked JSON on stdout has the format" grep -q '"format": "xingping-ranking"' "$tmp/out"
check "ranked JSON has ranks" grep -q '"rank": 1,' "$tmp/out"
check "no binary-float noise in the numbers" sh -c "! grep -Eq '[0-9]\\.[0-9]*(9999|0000)[0-9]' '$tmp/out'"
expect 0 "rank the sample to a file" -- "$cli" rank "$src/data/examples/sample.xingping" --json "$tmp/ranking.json"
check "the ranking file was written" grep -q '"format": "xingping-ranking"' "$tmp/ranking.json"

printf '{"format": "xingping-project", "version": 1,' >"$tmp/broken.xingping"
expect 1 "rank a truncated project" -- "$cli" rank "$tmp/broken.xingping" --json "$tmp/broken.json"
check "no ranking written for it" test ! -e "$tmp/broken.json"
check "the error names the file" grep -q "broken.xingping" "$tmp/err"

# ---- new + info
expect 0 "new with a branch list" -- "$cli" new --criteria "$src/data/criteria/default.xml" \
  --branches "$src/tests/data/branches.csv" -o "$tmp/p.xingping"
check "the project was written" test -s "$tmp/p.xingping"
expect 0 "info on the new project" -- "$cli" info "$tmp/p.xingping"
check "info counts 3 branches" grep -q "3" "$tmp/out"
expect 0 "rank the new project" -- "$cli" rank "$tmp/p.xingping" --json -
check "a quoted CSV field survives" grep -q '"联合党支部, 二"' "$tmp/out"
check "nothing complete yet" grep -q '"complete": 0' "$tmp/out"

expect 1 "new with an unknown category in the CSV" -- "$cli" new --criteria "$src/data/criteria/default.xml" \
  --branches "$src/tests/data/branches-bad-category.csv" -o "$tmp/bad.xingping"
check "no project written for it" test ! -e "$tmp/bad.xingping"
check "the error names the row and branch" grep -q "b002" "$tmp/err"
expect 1 "new with a duplicate branch id in the CSV" -- "$cli" new --criteria "$src/data/criteria/default.xml" \
  --branches "$src/tests/data/branches-dup.csv" -o "$tmp/dup.xingping"
check "no project written for it" test ! -e "$tmp/dup.xingping"
expect 0 "new with an Excel CSV (BOM, CRLF, a quoted line break)" -- "$cli" new --criteria "$src/data/criteria/default.xml" \
  --branches "$src/tests/data/branches-excel.csv" -o "$tmp/excel.xingping"
check "the BOM is not part of the first id" grep -q '"id": "b001"' "$tmp/excel.xingping"
expect 0 "new with a GBK CSV with Chinese headers" -- "$cli" new --criteria "$src/data/criteria/default.xml" \
  --branches "$src/tests/data/branches-gbk.csv" -o "$tmp/gbk.xingping"
check "it says the file was read as GB18030" grep -q "GB18030, comma-separated, 3 rows" "$tmp/err"
check "the Chinese names arrive intact" grep -q '"name": "甲科技有限公司党支部"' "$tmp/gbk.xingping"
check "组建方式 labels become category ids" grep -q '"category": "affiliated"' "$tmp/gbk.xingping"
expect 1 "new with an unquoted comma (a row with an extra field)" -- "$cli" new --criteria "$src/data/criteria/default.xml" \
  --branches "$src/tests/data/branches-extra-field.csv" -o "$tmp/extra.xingping"
check "no project written for it" test ! -e "$tmp/extra.xingping"
check "the error names line 3 and its extra field" grep -q "branches-extra-field.csv:3: the row has 6 fields" "$tmp/err"
expect 1 "new with invalid criteria" -- "$cli" new --criteria "$src/tests/data/criteria/xxe-file.xml" -o "$tmp/x.xingping"
check "no project written for it" test ! -e "$tmp/x.xingping"
check "no temporary files left behind" sh -c "! ls '$tmp' | grep -q 'bad.xingping\\|dup.xingping\\|x.xingping'"

# ---- import-branches, import-scores
cp "$src/data/examples/sample.xingping" "$tmp/imp.xingping"
cp "$tmp/imp.xingping" "$tmp/imp-before.xingping"
expect 2 "import-branches without a CSV" -- "$cli" import-branches "$tmp/imp.xingping"
expect 1 "import-branches whose ids are taken" -- "$cli" import-branches "$tmp/imp.xingping" "$src/tests/data/branches.csv"
check "the error names the line and the id" grep -q "branches.csv:2: column “id”: branch id “b001” is already in the project" "$tmp/err"
check "the project is untouched" cmp -s "$tmp/imp.xingping" "$tmp/imp-before.xingping"
expect 1 "import-branches with three bad rows" -- "$cli" import-branches "$tmp/imp.xingping" "$src/tests/data/branches-errors.csv"
check "every bad row is listed" sh -c "grep -c 'branches-errors.csv:[345]: column' '$tmp/err' | grep -qx 3"
check "the project is untouched" cmp -s "$tmp/imp.xingping" "$tmp/imp-before.xingping"
expect 0 "import-branches from a tab-separated list without ids" -- "$cli" import-branches "$tmp/imp.xingping" "$src/tests/data/branches-tab.tsv" -o "$tmp/imp2.xingping"
check "-o leaves the project untouched" cmp -s "$tmp/imp.xingping" "$tmp/imp-before.xingping"
check "ids after the sample's 32 are generated" grep -q '"id": "b034"' "$tmp/imp2.xingping"
expect 0 "info on the result" -- "$cli" info "$tmp/imp2.xingping"
check "34 branches" grep -q "^branches:   34 " "$tmp/out"

printf '考评人,支部,指标,得分,备注\r\ne1,b033,D1.1,3.5,台账不全\r\n王建国,第一党支部,D1.2,4,\r\n' >"$tmp/scores.csv"
expect 0 "import-scores in place" -- "$cli" import-scores "$tmp/imp2.xingping" "$tmp/scores.csv" --as 录入员甲
check "it reports two scores set" grep -q "Set 2 scores" "$tmp/err"
expect 0 "audit after the import" -- "$cli" audit "$tmp/imp2.xingping" --branch b033
check "the audit names who imported" grep -q "录入员甲" "$tmp/out"
check "the note arrived" grep -q '"D1.1": "台账不全"' "$tmp/imp2.xingping"
cp "$tmp/imp2.xingping" "$tmp/imp2-before.xingping"
printf 'branch,evaluator,item,score\nb033,e1,D1.1,4\nb033,e1,D1.3,2.25\n' >"$tmp/bad-scores.csv"
expect 1 "import-scores with a changed and an off-step score" -- "$cli" import-scores "$tmp/imp2.xingping" "$tmp/bad-scores.csv"
check "names line, branch, evaluator and item" grep -q "bad-scores.csv:2: column “score”: branch b033, evaluator e1, item D1.1: the project already has the score 3.5" "$tmp/err"
check "and the step error" grep -q "bad-scores.csv:3: column “score”: branch b033, evaluator e1, item D1.3: score 2.25 is not a multiple" "$tmp/err"
check "the project is untouched" cmp -s "$tmp/imp2.xingping" "$tmp/imp2-before.xingping"
printf 'branch,evaluator,item,score\nb033,e1,D1.1,4\n' >"$tmp/new-scores.csv"
expect 0 "import-scores --replace" -- "$cli" import-scores "$tmp/imp2.xingping" "$tmp/new-scores.csv" --replace -o "$tmp/imp3.xingping"
check "the replaced score is in the output" sh -c "grep -A3 '\"b033\": {' '$tmp/imp3.xingping' | grep -q '\"D1.1\": 4'"

# ---- rank --csv / --xlsx
expect 0 "rank to JSON, CSV and XLSX at once" -- "$cli" rank "$src/data/examples/sample.xingping" \
  --json "$tmp/both.json" --csv "$tmp/both.csv" --xlsx "$tmp/both.xlsx"
check "the CSV starts with a BOM and the header" sh -c "head -c 9 '$tmp/both.csv' | od -An -tx1 | grep -q 'ef bb bf e5 90 8d e6 ac a1'"
check "the CSV has CRLF line ends" sh -c "test \$(tr -cd '\\r' <'$tmp/both.csv' | wc -c) -eq 33"
check "the CSV has a row per branch" sh -c "test \$(wc -l <'$tmp/both.csv') -eq 33"
check "the XLSX is a zip" sh -c "head -c 2 '$tmp/both.xlsx' | grep -q PK"
check "the JSON was written too" grep -q '"format": "xingping-ranking"' "$tmp/both.json"
expect 1 "rank --csv into a missing folder" -- "$cli" rank "$src/data/examples/sample.xingping" --csv "$tmp/no/such.csv"
check "the error names the file" grep -q "such.csv" "$tmp/err"
expect 2 "rank with no output" -- "$cli" rank "$src/data/examples/sample.xingping"

# ---- report
sample="$src/data/examples/sample.xingping"
expect 2 "report without --kind" -- "$cli" report "$sample" --pdf "$tmp/r.pdf"
expect 2 "report with an unknown kind" -- "$cli" report "$sample" --kind poster --pdf "$tmp/r.pdf"
expect 2 "report without --pdf" -- "$cli" report "$sample" --kind ranking
for kind in ranking stars sheets audit; do
  expect 0 "report --kind $kind" -- "$cli" report "$sample" --kind "$kind" --pdf "$tmp/$kind.pdf"
  check "the $kind PDF was written" sh -c "head -c 5 '$tmp/$kind.pdf' | grep -q '%PDF-'"
done
expect 0 "report --kind sheets --branch" -- "$cli" report "$sample" --kind sheets --branch b001 --pdf "$tmp/one.pdf"
expect 0 "report --kind blank from criteria" -- "$cli" report "$src/data/criteria/default.xml" --kind blank --pdf "$tmp/blank.pdf"
check "the blank PDF was written" sh -c "head -c 5 '$tmp/blank.pdf' | grep -q '%PDF-'"
expect 0 "report --kind ranking --group-by-category" -- "$cli" report "$sample" --kind ranking --group-by-category --pdf "$tmp/grouped.pdf"
expect 2 "report --group-by-category for the star list" -- "$cli" report "$sample" --kind stars --group-by-category --pdf "$tmp/g2.pdf"
check "no PDF written for it" test ! -e "$tmp/g2.pdf"
expect 0 "report --kind blank --branch pre-fills a branch" -- "$cli" report "$sample" --kind blank --branch b002 --pdf "$tmp/blank-b002.pdf"
expect 2 "report --kind blank from criteria with --branch" -- "$cli" report "$src/data/criteria/default.xml" --kind blank --branch b002 --pdf "$tmp/blank-x.pdf"
if command -v pdftotext >/dev/null 2>&1; then
  check "the grouped ranking has the category headings" sh -c "pdftotext '$tmp/grouped.pdf' - | tr -d ' ' | grep -q '联合建（6个）'"
  check "the pre-filled blank sheet names the branch" sh -c "pdftotext '$tmp/blank-b002.pdf' - | grep -q '秦川精密制造有限公司'"
  check "the sheet of one branch ends with the signatures" sh -c "pdftotext '$tmp/one.pdf' - | tr -d ' ' | grep -q '党组织书记签名'"
fi
expect 1 "report for an unknown branch" -- "$cli" report "$sample" --kind sheets --branch nope --pdf "$tmp/nope.pdf"
check "no PDF written for it" test ! -e "$tmp/nope.pdf"
expect 1 "report into a missing folder" -- "$cli" report "$sample" --kind ranking --pdf "$tmp/no/such/dir.pdf"
check "the error names the file" grep -q "dir.pdf" "$tmp/err"

# ---- verify
expect 2 "verify without --json" -- "$cli" verify "$sample"
expect 2 "verify without a project" -- "$cli" verify --json "$tmp/ranking.json"
expect 0 "rank the sample for verify" -- "$cli" rank "$sample" --json "$tmp/verify.json"
check "the ranking carries the digest" grep -Eq '"digest": "[0-9a-f]{64}"' "$tmp/verify.json"
expect 0 "verify the sample against its own fresh ranking" -- "$cli" verify "$sample" --json "$tmp/verify.json"
check "verify says OK" grep -q "^OK: the ranking was produced from exactly this data (digest " "$tmp/out"
# Reformatting the project (other indentation, 4.50 for 4.5, keys swapped)
# changes nothing.
sed -e 's/^  /\t/' -e 's/": \([0-9]*\)\.5\([,}]\)/": \1.50\2/g' \
    -e 's/"D1\.1": \([0-9.]*\), "D1\.2": \([0-9.]*\)/"D1.2": \2, "D1.1": \1/g' \
    "$sample" >"$tmp/reformatted.xingping"
check "the reformatted copy differs from the sample" sh -c "! cmp -s '$sample' '$tmp/reformatted.xingping'"
expect 0 "verify a reformatted copy" -- "$cli" verify "$tmp/reformatted.xingping" --json "$tmp/verify.json"
# Tamper with one score: b003, evaluator e1, item D1.1 (3 → 0).
sed '/^    "b003": {/{n;s/"D1\.1": [0-9.]*/"D1.1": 0/;}' "$sample" >"$tmp/tampered.xingping"
check "the tampered copy differs from the sample" sh -c "! cmp -s '$sample' '$tmp/tampered.xingping'"
expect 1 "verify a project with one tampered score" -- "$cli" verify "$tmp/tampered.xingping" --json "$tmp/verify.json"
check "verify says the digest differs" grep -q "^digest differs" "$tmp/out"
check "verify names the branch" grep -q "^branch b003: score .* in the ranking, .* from the project" "$tmp/out"
printf '{"format": "something-else"}' >"$tmp/not-ranking.json"
expect 1 "verify against a file that is not a ranking" -- "$cli" verify "$sample" --json "$tmp/not-ranking.json"
expect 1 "verify against a missing ranking" -- "$cli" verify "$sample" --json "$tmp/missing.json"

# ---- consistency (Shrout & Fleiss 1979, Table 2; see test-consistency.c)
sf="$src/tests/data/consistency-shrout-fleiss.xingping"
expect 0 "consistency on the Shrout & Fleiss fixture" -- "$cli" consistency "$sf"
check "consistency prints ICC(2,k) = 0.620 on 6 branches" grep -q "^ICC(2,k) *0\.620  (6 branches, 4 evaluators" "$tmp/out"
check "consistency prints Kendall's W = 0.887" grep -q "^Kendall's W *0\.887  (6 branches, 4 evaluators" "$tmp/out"
check "consistency prints judge 1's mean offset" grep -q "^j1 *group *6 *6 *+3\.167 *1\.070 " "$tmp/out"
expect 0 "consistency --deviation 3" -- "$cli" consistency "$sf" --deviation 3
check "--deviation 3 gives 4 flags" grep -q "^Flags (totals more than 3 points .*: 4$" "$tmp/out"
expect 2 "consistency --deviation that is not a number" -- "$cli" consistency "$sf" --deviation lots
check "the message names --deviation" grep -q "deviation needs a number" "$tmp/err"
expect 0 "rank --deviation 3" -- "$cli" rank "$sf" --deviation 3 --json "$tmp/sf.json"
check "the ranked JSON records the threshold" grep -q '^    "deviation": 3,$' "$tmp/sf.json"

echo "1..$n"
[ "$failed" -eq 0 ]
