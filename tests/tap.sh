# tap.sh — what the shell tests share (sourced, not run)
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Takes the CLI and the source tree from XINGPING_CLI and
# XINGPING_SOURCE_ROOT (set by tests/meson.build), makes a scratch folder
# $tmp removed on exit, and counts TAP results:
#
#   ok DESC                        a passing line
#   not_ok DESC                    a failing line, with what the last
#                                  command printed ($tmp/out, $tmp/err)
#   expect WANT DESC -- COMMAND…   COMMAND exits with WANT
#   check DESC COMMAND…            COMMAND succeeds
#
# A test ends with  echo "1..$n"; [ "$failed" -eq 0 ]

set -u

cli=${XINGPING_CLI:?XINGPING_CLI is not set}
src=${XINGPING_SOURCE_ROOT:?XINGPING_SOURCE_ROOT is not set}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

n=0
failed=0

ok () {
  n=$((n + 1))
  echo "ok $n - $1"
}

not_ok () {
  n=$((n + 1))
  failed=$((failed + 1))
  echo "not ok $n - $1"
  sed 's/^/# /' "$tmp/out" "$tmp/err" 2>/dev/null | head -30
}

expect () {
  want=$1 desc=$2
  shift 3
  "$@" >"$tmp/out" 2>"$tmp/err"
  got=$?
  if [ "$got" -eq "$want" ]; then
    ok "$desc (exit $got)"
  else
    not_ok "$desc: exit $got, expected $want"
  fi
}

check () {
  desc=$1
  shift
  if "$@"; then ok "$desc"; else not_ok "$desc"; fi
}
