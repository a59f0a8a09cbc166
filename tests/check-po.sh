#!/bin/sh
# Fails when po/zh_CN.po is incomplete, fuzzy or stale, or when a source
# file with translatable strings is missing from po/POTFILES.in.
# Usage: check-po.sh SOURCE_ROOT
set -u
srcdir=${1:?usage: check-po.sh SOURCE_ROOT}
cd "$srcdir" || exit 1
po=po/zh_CN.po
potfiles=po/POTFILES.in
status=0

for tool in msgfmt msgcmp xgettext; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "SKIP: $tool not found"
    exit 77
  fi
done

# 1. Everything translated, nothing fuzzy, and the file is valid.
stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$po" 2>&1) || {
  echo "FAIL: msgfmt --check: $stats"; status=1; }
echo "$stats"
case $stats in
  *untranslated*|*fuzzy*) echo "FAIL: $po has untranslated or fuzzy messages"; status=1 ;;
esac

# 2. Every file with translatable strings is listed in POTFILES.in.
listed=$(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$potfiles")
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  candidates=$(git ls-files 'app/*.c' 'ui/*.ui')
else
  candidates=$(find app -name '*.c'; find ui -name '*.ui')
fi
for f in $candidates; do
  case $f in
    *.c)  grep -Eq '(^|[^A-Za-z0-9_])N?_\(' "$f" || continue ;;
    *.ui) grep -q 'translatable="yes"' "$f" || continue ;;
  esac
  if ! printf '%s\n' "$listed" | grep -qxF "$f"; then
    echo "FAIL: $f has translatable strings but is not in $potfiles"
    status=1
  fi
done
for f in $listed; do
  [ -f "$f" ] || { echo "FAIL: $potfiles lists missing file $f"; status=1; }
done

# 3. The .po is not stale: every msgid in a fresh template is in the .po.
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
if ! xgettext --from-code=UTF-8 -k_ -kN_ -kC_:1c,2 -kNC_:1c,2 \
     -kg_dngettext:2,3 -f "$potfiles" -o "$tmp/xingping.pot" 2>"$tmp/err"; then
  cat "$tmp/err"; echo "FAIL: xgettext"; status=1
elif ! msgcmp "$po" "$tmp/xingping.pot" 2>"$tmp/cmp"; then
  cat "$tmp/cmp"; echo "FAIL: $po is stale; update it from the sources"; status=1
fi

[ $status -eq 0 ] && echo "PASS: $po complete"
exit $status
