#!/bin/sh
# test-hostile-cli.sh — xingping-cli against hostile and broken files, and
# the project lock: each refusal exits 1 with a message naming the file,
# and writes nothing (the files are compared byte for byte)
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Needs XINGPING_CLI and XINGPING_SOURCE_ROOT (set by tests/meson.build).
# Big inputs are generated here, in a temporary folder.  Prints TAP.

. "$(dirname "$0")/tap.sh"

sample=$src/data/examples/sample.xingping
criteria=$src/data/criteria/default.xml

# refuse DESCRIPTION NEEDLE -- COMMAND...: exit 1 within 20 s, and stderr
# names NEEDLE (usually the file).
refuse () {
  desc=$1 needle=$2
  shift 3
  timeout 20 "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
  got=$?
  if [ "$got" -ne 1 ]; then
    not_ok "$desc: exit $got, expected 1"
  elif ! grep -qF -- "$needle" "$tmp/err"; then
    not_ok "$desc: the message does not name “$needle”"
  else
    ok "$desc"
  fi
}

# ---- broken files, made here
: >"$tmp/empty.xingping"
: >"$tmp/empty.xml"
mkdir "$tmp/folder.xingping" "$tmp/folder.xml" "$tmp/folder.csv"
mkfifo "$tmp/fifo.xingping" "$tmp/fifo.xml"
head -c 5000 "$sample" >"$tmp/truncated.xingping"
head -c 3000 "$criteria" >"$tmp/truncated.xml"
head -c 104857600 /dev/zero >"$tmp/zeros.xingping"
head -c 104857600 /dev/zero >"$tmp/zeros.xml"
{ printf 'id,name,enterprise,category,members\n'; head -c 104857600 /dev/zero | tr '\0' 'x'; } >"$tmp/huge.csv"
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "["; for (i = 0; i < 100000; i++) printf "]" }' >"$tmp/deep.xingping"
awk 'BEGIN { printf "<?xml version=\"1.0\"?>\n<criteria xmlns=\"urn:xingping:criteria:1\">";
             for (i = 0; i < 100000; i++) printf "<a>"; for (i = 0; i < 100000; i++) printf "</a>";
             print "</criteria>" }' >"$tmp/deep.xml"
sed '0,/"name": "/s//"name": "\xff/' "$sample" >"$tmp/latin1.xingping"
sed '0,/<label>/s//<label>\xff/' "$criteria" >"$tmp/latin1.xml"
# neither UTF-8 nor GB18030 (GBK lists are read; 0xFF starts no character in either)
printf 'id,name,enterprise,category,members\nb1,\377\376,,standalone,3\n' >"$tmp/broken.csv"
# the first score of the sample, made NaN, 1e400, -1, and 0.1234567
for v in NaN 1e400 -1 0.1234567; do
  sed '0,/"D1\.1": [0-9.]*/s//"D1.1": '"$v"'/' "$sample" >"$tmp/score-$v.xingping"
done
sed '0,/"title": /s//"title": "a", "title": /' "$sample" >"$tmp/dupkey.xingping"

for f in empty folder fifo truncated zeros deep latin1 dupkey score-NaN score-1e400 score--1 score-0.1234567; do
  refuse "info refuses $f.xingping" "$tmp/$f.xingping" -- "$cli" info "$tmp/$f.xingping"
done
for f in empty folder fifo truncated zeros deep latin1; do
  refuse "validate refuses $f.xml" "$tmp/$f.xml" -- "$cli" validate "$tmp/$f.xml"
done
for f in xxe-file xxe-net billion-laughs; do
  refuse "validate refuses $f.xml" "$f.xml" -- "$cli" validate "$src/tests/data/criteria/$f.xml"
done
check "nothing from /etc/passwd leaks into a message" sh -c "! grep -q 'root:' '$tmp/err' '$tmp/out'"

# rank on a broken project writes no ranking
for f in truncated score-NaN; do
  refuse "rank refuses $f.xingping" "$tmp/$f.xingping" -- "$cli" rank "$tmp/$f.xingping" --json "$tmp/ranking-$f.json"
  check "rank wrote no ranking for $f.xingping" test ! -e "$tmp/ranking-$f.json"
done

# new with a broken branch list leaves the existing project alone
cp "$sample" "$tmp/existing.xingping"
ln -s /dev/zero "$tmp/zero.csv"
for f in huge broken folder zero; do
  refuse "new refuses $f.csv" "$f.csv" -- "$cli" new --criteria "$criteria" --branches "$tmp/$f.csv" -o "$tmp/existing.xingping"
  check "new left the project unchanged after $f.csv" cmp -s "$sample" "$tmp/existing.xingping"
done
printf 'id,name,enterprise,category,members\nb1,甲,,standalone,3\n' | "$cli" new --criteria "$criteria" --branches /dev/stdin -o "$tmp/piped.xingping" >"$tmp/out" 2>"$tmp/err"
check "new reads a branch list from a pipe" test $? -eq 0
refuse "new refuses a criteria folder" "folder.xml" -- "$cli" new --criteria "$tmp/folder.xml" -o "$tmp/existing.xingping"
check "the project is unchanged" cmp -s "$sample" "$tmp/existing.xingping"
refuse "new refuses to write over a folder" "folder.xingping" -- "$cli" new --criteria "$criteria" -o "$tmp/folder.xingping"

# ---- the lock: a live process (this shell) has the project open
host=$(uname -n)
pidns=$(readlink /proc/self/ns/pid 2>/dev/null || true)
lock="$tmp/.existing.xingping.lock"
printf 'pid=%s\nhost=%s\nuser=zhang\nsince=2026-11-24T08:30:00Z\npidns=%s\n' "$$" "$host" "$pidns" >"$lock"
cp "$lock" "$tmp/lock.orig"
refuse "new refuses a project open elsewhere" "open in another window or program" -- \
  "$cli" new --criteria "$criteria" -o "$tmp/existing.xingping"
check "the refusal names the holder" grep -q "zhang on $host (process $$) since 2026-11-24 08:30 UTC" "$tmp/err"
check "the refusal mentions --force" grep -q -- "--force" "$tmp/err"
check "the project is unchanged" cmp -s "$sample" "$tmp/existing.xingping"
check "the lock is the holder's still" cmp -s "$lock" "$tmp/lock.orig"
"$cli" info "$tmp/existing.xingping" >"$tmp/out" 2>"$tmp/err"
check "reading a locked project works" test $? -eq 0
"$cli" new --criteria "$criteria" --force -o "$tmp/existing.xingping" >"$tmp/out" 2>"$tmp/err"
check "new --force writes anyway" test $? -eq 0
check "new --force wrote the new project" sh -c "! cmp -s '$sample' '$tmp/existing.xingping'"
check "new --force kept the previous file as the backup" cmp -s "$sample" "$tmp/existing.xingping~"
check "new --force left the holder's lock alone" cmp -s "$lock" "$tmp/lock.orig"

# seal and reopen write in place too
cp "$tmp/existing.xingping" "$tmp/before-seal.xingping"
printf 'pid=%s\nhost=%s\nuser=zhang\nsince=2026-11-24T08:30:00Z\npidns=%s\n' "$$" "$host" "$pidns" >"$lock"
refuse "seal refuses a project open elsewhere" "open in another window or program" -- \
  "$cli" seal "$tmp/existing.xingping"
check "seal left the project unchanged" cmp -s "$tmp/before-seal.xingping" "$tmp/existing.xingping"
"$cli" seal --force "$tmp/existing.xingping" >"$tmp/out" 2>"$tmp/err"
check "seal --force seals anyway" test $? -eq 0
check "seal --force left the holder's lock alone" cmp -s "$lock" "$tmp/lock.orig"
refuse "reopen refuses a project open elsewhere" "open in another window or program" -- \
  "$cli" reopen --reason "改分" "$tmp/existing.xingping"

# so do import-branches, import-scores and merge (on the reopened project)
"$cli" reopen --force --reason "复核" "$tmp/existing.xingping" >"$tmp/out" 2>"$tmp/err"
check "reopen --force reopens anyway" test $? -eq 0
cp "$tmp/existing.xingping" "$tmp/before-import.xingping"
printf 'id,name,enterprise,category,members\nb90,新党支部,,standalone,3\n' >"$tmp/more.csv"
refuse "import-branches refuses a project open elsewhere" "open in another window or program" -- \
  "$cli" import-branches "$tmp/existing.xingping" "$tmp/more.csv"
check "import-branches left the project unchanged" cmp -s "$tmp/before-import.xingping" "$tmp/existing.xingping"
refuse "merge refuses to write a project open elsewhere" "open in another window or program" -- \
  "$cli" merge "$sample" "$sample" -o "$tmp/existing.xingping"
check "merge left the project unchanged" cmp -s "$tmp/before-import.xingping" "$tmp/existing.xingping"
check "the refusals left the holder's lock alone" cmp -s "$lock" "$tmp/lock.orig"

# a lock left by a process that died is stale: no refusal
sh -c 'exit 0' &
dead=$!
wait $dead
printf 'pid=%s\nhost=%s\nuser=zhang\nsince=2026-11-24T08:30:00Z\npidns=%s\n' "$dead" "$host" "$pidns" >"$lock"
"$cli" new --criteria "$criteria" -o "$tmp/existing.xingping" >"$tmp/out" 2>"$tmp/err"
check "a stale lock does not stop new" test $? -eq 0
check "the command released its lock" test ! -e "$lock"

# ---- tampering that leaves every result the same is still caught
"$cli" rank "$sample" --json "$tmp/ranking.json" >/dev/null 2>&1
# b003's self-assessment: the scheme gives it no weight, so no result moves
sed '/^    "b003": {/,/^    }/s/"self": {"D1\.1": [0-9.]*/"self": {"D1.1": 0/' "$sample" >"$tmp/self-tampered.xingping"
check "the self-assessment was changed" sh -c "! cmp -s '$sample' '$tmp/self-tampered.xingping'"
"$cli" verify "$tmp/self-tampered.xingping" --json "$tmp/ranking.json" >"$tmp/out" 2>"$tmp/err"
check "verify still fails" test $? -eq 1
check "verify says the data differs" grep -q "^digest differs" "$tmp/out"
check "and that is the only difference: no rank, score, star or grade moved" grep -q "(1 difference)" "$tmp/out"
# the ranking edited instead: verify names the branch and the field
awk '/"branches": \[/ { in_branches = 1 }
     in_branches && !done && /"stars": [1-9]/ { sub(/"stars": [1-9]/, "\"stars\": 0"); done = 1 }
     { print }' "$tmp/ranking.json" >"$tmp/ranking-edited.json"
"$cli" verify "$sample" --json "$tmp/ranking-edited.json" >"$tmp/out" 2>"$tmp/err"
check "verify fails on an edited ranking" test $? -eq 1
check "verify names the branch and the stars" grep -q "^branch b[0-9]*: stars 0 in the ranking, [1-5] from the project" "$tmp/out"
# a ranking that is not JSON at all
head -c 200 "$tmp/ranking.json" >"$tmp/ranking-cut.json"
refuse "verify refuses a truncated ranking" "ranking-cut.json" -- "$cli" verify "$sample" --json "$tmp/ranking-cut.json"

echo "1..$n"
[ "$failed" -eq 0 ]
