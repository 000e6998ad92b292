#!/usr/bin/env bash
# Runs each libFuzzer target for a while and prints, per target, executions in total and per
# second. Every crash becomes a regression input: it is copied into tests/regress/<target>/,
# which tests/test_inject_regress.c replays in `make test` (commit it with the fix).
# Usage: fuzz.sh SECONDS FUZZDIR TARGET...   (run from the repository root; `make fuzz`)
set -u
seconds=$1; dir=$2; shift 2
max_crashes=5   # per target: after that the target is too broken for more time to help
status=0
for target in "$@"; do
  bin="$dir/$target"
  work="$dir/corpus/$target"       # what the fuzzer learns; the seeds stay untouched
  seeds="fuzz/corpus/$target"
  art="$dir/artifacts/$target/"
  mkdir -p "$work" "$art" "$seeds"
  log="$dir/$target.log"; : >"$log"
  execs=0; crashes=0; left=$seconds; start=$(date +%s)
  extra=""
  # The mock keeps each request in its journal from a server thread, so libFuzzer's per-input
  # leak check would see every input as a leak and scan the heap each time (100x slower).
  # Leaks of the request path are caught by tests/test_inject_regress.c under valgrind.
  [ "$target" = fuzz_mock_request ] && extra="-detect_leaks=0"
  # A crash stops libFuzzer; it is started again for the time left, so one bug does not hide
  # the rest of the run.
  while [ "$left" -gt 0 ] && [ "$crashes" -lt "$max_crashes" ]; do
    before=$(ls "$art" | wc -l)
    # shellcheck disable=SC2086
    "$bin" $extra -max_len=65536 -timeout=30 -max_total_time="$left" -print_final_stats=1 \
      -artifact_prefix="$art" "$work" "$seeds" >>"$log" 2>&1
    rc=$?
    n=$(grep -E '^stat::number_of_executed_units:' "$log" | tail -n 1 | awk '{print $2}')
    execs=$((execs + ${n:-0}))
    sed -i 's/^stat::number_of_executed_units:/stat::counted_units:/' "$log"
    after=$(ls "$art" | wc -l)
    if [ "$rc" -ne 0 ] || [ "$after" -gt "$before" ]; then
      crashes=$((crashes + 1))
      [ "$after" -eq "$before" ] && { echo "  $target: exit $rc without an artifact; see $log" >&2; break; }
    fi
    left=$((seconds - ($(date +%s) - start)))
  done
  took=$(( $(date +%s) - start )); [ "$took" -gt 0 ] || took=1
  printf '  %-20s %10d execs  %7d exec/s  %d crash(es)\n' "$target" "$execs" $((execs / took)) "$crashes"
  for f in "$art"*; do
    [ -f "$f" ] || continue
    mkdir -p "tests/regress/$target"
    name=$(basename "$f")
    if [ ! -f "tests/regress/$target/$name" ]; then
      cp "$f" "tests/regress/$target/$name"
      echo "    new regression input: tests/regress/$target/$name (log: $log)"
    fi
    status=1
  done
done
exit $status
