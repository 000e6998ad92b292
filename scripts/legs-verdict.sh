#!/usr/bin/env bash
# The last line of `make test`: how many legs ran, that all passed, and how long it took.
# Usage: legs-verdict.sh LEGS_FILE
set -u
file=$1
n=0; failed=0; total=0; names=""
while IFS=$'\t' read -r name status secs; do
  n=$((n + 1)); total=$((total + secs))
  [ "$status" = passed ] || failed=$((failed + 1))
  names="$names${names:+, }$name"
done <"$file"
mins=$((total / 60)); rest=$((total % 60))
if [ "$failed" -eq 0 ] && [ "$n" -gt 0 ]; then
  echo "make test: all $n legs passed in ${mins} min ${rest} s ($names)"
else
  echo "make test: $failed of $n legs FAILED ($names)"
  exit 1
fi
