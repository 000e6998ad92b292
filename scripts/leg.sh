#!/usr/bin/env bash
# One leg of `make test`: names itself before and after, with its time, and records the outcome
# in $LEGS_FILE (NAME<TAB>passed|failed<TAB>SECONDS) for the final verdict (legs-verdict.sh).
# Usage: leg.sh NAME CMD [ARG...]
set -u
name=$1; shift
echo "== $name"
start=$(date +%s)
"$@"
rc=$?
secs=$(( $(date +%s) - start ))
if [ "$rc" -eq 0 ]; then
  echo "== $name: passed (${secs} s)"
  [ -n "${LEGS_FILE:-}" ] && printf '%s\tpassed\t%s\n' "$name" "$secs" >>"$LEGS_FILE"
else
  echo "== $name: FAILED (exit $rc, ${secs} s)"
  [ -n "${LEGS_FILE:-}" ] && printf '%s\tfailed\t%s\n' "$name" "$secs" >>"$LEGS_FILE"
  echo "make test: FAILED in leg '$name' (exit $rc); the legs before it passed"
fi
exit "$rc"
