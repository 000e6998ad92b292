#!/usr/bin/env bash
# Runs every CUnit test binary, optionally under a wrapper (valgrind), and prints one tally.
# Usage: run-unit.sh [--wrap "CMD"] TESTDIR BIN...
set -u
wrap=""
if [ "${1:-}" = "--wrap" ]; then wrap=$2; shift 2; fi
dir=$1; shift
label=${wrap:+valgrind }unit
logdir="$dir/logs"; mkdir -p "$logdir"
passed=0; failed=0; broken=""
for bin in "$@"; do
  name=$(basename "$bin")
  log="$logdir/$name${wrap:+.valgrind}.log"
  # shellcheck disable=SC2086
  $wrap "$bin" >"$log" 2>&1 </dev/null
  rc=$?
  tally=$(grep -E '^[A-Za-z0-9_.-]+: [0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
  p=$(echo "$tally" | sed -E 's/.*: ([0-9]+) passed.*/\1/'); p=${p:-0}
  f=$(echo "$tally" | sed -E 's/.* ([0-9]+) failed$/\1/'); f=${f:-0}
  passed=$((passed + p)); failed=$((failed + f))
  if [ "$rc" -ne 0 ]; then
    broken="$broken $name(rc=$rc)"
    [ "$f" -eq 0 ] && failed=$((failed + 1))
    echo "---- $name failed (exit $rc); log $log:" >&2
    tail -n 40 "$log" >&2
  else
    printf '  %-28s %s\n' "$name" "${tally#*: }"
  fi
done
echo "$label: $passed passed, $failed failed"
[ -z "$broken" ]
