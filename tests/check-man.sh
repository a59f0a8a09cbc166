#!/bin/sh
# check-man.sh — the man page formats cleanly and documents every command
# and option xingping-cli has (issue 7).
#   check-man.sh MAN_PAGE XINGPING_CLI
set -u
page=$1
cli=$2
status=0

warnings=$(groff -k -man -Tutf8 -ww -z "$page" 2>&1)
if [ -n "$warnings" ]; then
  echo "$page: groff warns:"; echo "$warnings"
  status=1
fi

commands=$("$cli" --help | sed -n '/^Commands:/,/^$/p' | sed -n 's/^  \([a-z][a-z-]*\) .*/\1/p')
[ -n "$commands" ] || { echo "no commands found in '$cli --help'"; exit 1; }
for command in $commands; do
  if ! grep -q "^\.SS $command\$" "$page"; then
    echo "$page: command '$command' has no .SS section"
    status=1
    continue
  fi
  options=$("$cli" "$command" --help | grep -o -- '--[a-z][a-z-]*' | grep -v -x -e '--help' -e '--help-all' | sort -u)
  for option in $options; do
    escaped=$(printf '%s' "$option" | sed 's/-/\\\\-/g')
    if ! grep -q -- "$escaped" "$page"; then
      echo "$page: option '$option' of '$command' is not documented"
      status=1
    fi
  done
  echo "ok $command"
done
exit $status
