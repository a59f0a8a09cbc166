#!/bin/sh
# test-audit.sh — xingping-cli audit, seal and reopen
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Needs XINGPING_CLI and XINGPING_SOURCE_ROOT (set by tests/meson.build).
# Prints TAP.  XINGPING_NOW fixes the clock so that the stamps are known.

. "$(dirname "$0")/tap.sh"

p="$tmp/p.xingping"
cp "$src/data/examples/sample.xingping" "$p"

# ---- a version 1 file has an empty log
expect 0 "audit of a version 1 file" -- "$cli" audit "$p"
printf 'TIME (UTC)  BY  ACTION  BRANCH  EVALUATOR  ITEM  OLD  NEW\n' >"$tmp/want"
check "only the header" cmp -s "$tmp/out" "$tmp/want"

# ---- a log written by Xingping (three score changes: set, change, clear)
head -c -3 "$src/data/examples/sample.xingping" >"$p"
cat >>"$p" <<'JSON'
,
  "audit": [
    { "at": "2026-11-24T08:00:00Z", "by": "张三", "action": "set", "branch": "b001", "evaluator": "e1", "item": "D1.1", "new": 3 },
    { "at": "2026-11-24T08:05:00Z", "by": "Li Si", "action": "change", "branch": "b001", "evaluator": "e1", "item": "D1.1", "old": 3, "new": 4 },
    { "at": "2026-11-24T09:00:00Z", "by": "张三", "action": "clear", "branch": "b002", "evaluator": "e2", "item": "D1.2", "old": 4.5 }
  ]
}
JSON
expect 0 "audit as a table" -- "$cli" audit "$p"
# columns padded to the widest cell plus two blanks; 张三 takes four
# columns, like "Li Si " does five plus one
cat >"$tmp/want" <<'EOF2'
TIME (UTC)            BY     ACTION  BRANCH  EVALUATOR  ITEM  OLD  NEW
2026-11-24T08:00:00Z  张三   set     b001    e1         D1.1       3
2026-11-24T08:05:00Z  Li Si  change  b001    e1         D1.1  3    4
2026-11-24T09:00:00Z  张三   clear   b002    e2         D1.2  4.5
EOF2
check "the table lists every entry, aligned" cmp -s "$tmp/out" "$tmp/want"
[ $? -eq 0 ] || diff "$tmp/want" "$tmp/out" | sed 's/^/# /'

expect 0 "audit --branch b001" -- "$cli" audit "$p" --branch b001
check "only b001's two entries" test "$(wc -l <"$tmp/out")" -eq 3
check "no b002 entry" sh -c "! grep -q b002 '$tmp/out'"

expect 0 "audit --json" -- "$cli" audit "$p" --branch b002 --json
cat >"$tmp/want" <<'EOF2'
[
  { "at": "2026-11-24T09:00:00Z", "by": "张三", "action": "clear", "branch": "b002", "evaluator": "e2", "item": "D1.2", "old": 4.5 }
]
EOF2
check "the JSON has the file's fields" cmp -s "$tmp/out" "$tmp/want"

expect 1 "audit --branch of an unknown branch" -- "$cli" audit "$p" --branch b999
check "the message names the branch" grep -q "b999" "$tmp/err"
expect 2 "audit without a project" -- "$cli" audit
expect 1 "audit of a missing file" -- "$cli" audit "$tmp/none.xingping"

# ---- seal
cp "$p" "$tmp/before"
expect 2 "seal without a project" -- "$cli" seal
expect 0 "seal --as" -- env XINGPING_NOW=2026-12-01T09:30:00Z "$cli" seal "$p" --as 王组长
check "it says who sealed it" grep -q "Sealed .*(by 王组长 at 2026-12-01T09:30:00Z" "$tmp/err"
check "the file is marked sealed" grep -q '"sealed": { "by": "王组长", "at": "2026-12-01T09:30:00Z" }' "$p"
check "the file is version 3" grep -q '"version": 3,' "$p"
check "the previous file is kept as the backup" cmp -s "$p~" "$tmp/before"
expect 0 "info reads a sealed project" -- "$cli" info "$p"
check "info says it is sealed" grep -q "^sealed:     as final by 王组长 at 2026-12-01T09:30:00Z" "$tmp/out"
check "info counts the audit entries" grep -q "^audit:      4 entries" "$tmp/out"
cp "$p" "$tmp/sealed"
expect 1 "sealing twice" -- "$cli" seal "$p"
check "the message says who sealed it and when" grep -q "already sealed as final by 王组长 on 2026-12-01 09:30 UTC" "$tmp/err"
check "the file is unchanged" cmp -s "$p" "$tmp/sealed"

expect 0 "the log ends with the seal" -- "$cli" audit "$p"
check "seal line" sh -c "tail -n 1 '$tmp/out' | grep -q '^2026-12-01T09:30:00Z  王组长  seal\$'"

# ---- reopen
expect 2 "reopen without a reason" -- "$cli" reopen "$p" --as 李主任
expect 2 "reopen with an empty reason" -- "$cli" reopen "$p" --reason "  "
check "the file is still unchanged" cmp -s "$p" "$tmp/sealed"
expect 0 "reopen --reason --as" -- env XINGPING_NOW=2026-12-02T10:00:00Z "$cli" reopen "$p" --reason "复核发现 b001 录入错误" --as 李主任
check "the file is no longer sealed" sh -c "! grep -q '\"sealed\"' '$p'"
expect 0 "audit after reopening" -- "$cli" audit "$p" --branch b001 --json
check "the reopen is logged with its reason" grep -q '{ "at": "2026-12-02T10:00:00Z", "by": "李主任", "action": "reopen", "reason": "复核发现 b001 录入错误" }' "$tmp/out"
cp "$p" "$tmp/open"
expect 1 "reopening what is not sealed" -- "$cli" reopen "$p" --reason again
check "the message says so" grep -q "not sealed" "$tmp/err"
check "the file is unchanged after the refusal" cmp -s "$p" "$tmp/open"

# without --as, the user's name
expect 0 "seal without --as" -- "$cli" seal "$p"
check "someone is named" sh -c "grep -q '^    \\[\"[0-9TZ:-]*\", \"[^\"][^\"]*\", \"seal\"\\]' '$p' && ! grep -q '\"sealed\": { \"by\": \"\"' '$p'"

# ---- a version 2 file (tests/data/project-v2.xingping: the sample plus
# who/when, ticked deductions, a log with a seal, a reopen and a seal)
v2="$src/tests/data/project-v2.xingping"
expect 0 "a sealed version 2 file loads" -- "$cli" audit "$v2" --branch b001
check "b001's three score entries and the three seal events" test "$(wc -l <"$tmp/out")" -eq 7
cp "$v2" "$tmp/v2.xingping"
expect 1 "it is sealed" -- "$cli" seal "$tmp/v2.xingping"
check "by 组长" grep -q "sealed as final by 组长 on 2026-11-30 09:00 UTC" "$tmp/err"
# the digest covers the data only: who/when, deductions, the log and the
# seal leave it as it is for the same scores
expect 0 "rank the version 2 file" -- "$cli" rank "$v2" --json "$tmp/v2.json"
expect 0 "rank the sample" -- "$cli" rank "$src/data/examples/sample.xingping" --json "$tmp/v1.json"
grep '"digest"' "$tmp/v1.json" >"$tmp/d1"
grep '"digest"' "$tmp/v2.json" >"$tmp/d2"
check "the same digest" cmp -s "$tmp/d1" "$tmp/d2"
expect 0 "verify the sample's ranking against the version 2 file" -- "$cli" verify "$v2" --json "$tmp/v1.json"

# ---- a file from a newer Xingping
sed 's/"version": 3,/"version": 4,/' "$p" >"$tmp/v4.xingping"
expect 1 "a version 4 file" -- "$cli" audit "$tmp/v4.xingping"
check "it is made by a newer Xingping" grep -q "made by a newer Xingping" "$tmp/err"

echo "1..$n"
[ "$failed" -eq 0 ]
