#!/usr/bin/env bash
# The ASan leg: runs the ASan build's unit tests and, once mi-conform exists, a representative
# subset of cases against the ASan build of the reference, and fails on any sanitizer report
# (AddressSanitizer, LeakSanitizer, UndefinedBehaviorSanitizer), also from a driver child or
# the embedded mock server: every process writes its reports to files under the log folder.
# Usage: scripts/asan-subset.sh [ASAN_BUILD_DIR]   (after `make asan`; default build/asan)
#   ASAN_SUBSET_SELECT  mi-conform selection (default "--tag smoke", or "--tag memcheck" while
#                       no case is tagged smoke: the cases chosen to be cheap yet representative)
set -u
dir=${1:-build/asan}
select=${ASAN_SUBSET_SELECT:---tag smoke}
logs="$dir/asan-logs"
rm -rf "$logs"; mkdir -p "$logs"

export ASAN_OPTIONS="log_path=$logs/asan:detect_leaks=1:abort_on_error=1:halt_on_error=1:strict_string_checks=1:check_initialization_order=1:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="log_path=$logs/ubsan:print_stacktrace=1:halt_on_error=1"
export LSAN_OPTIONS="log_path=$logs/lsan"
start=$(date +%s)
status=0

if ! ls "$dir"/tests/test_* >/dev/null 2>&1; then
  echo "asan: no test binaries in $dir/tests: run 'make asan' first" >&2
  exit 2
fi
# shellcheck disable=SC2046
scripts/run-unit.sh "$dir/tests" $(ls "$dir"/tests/test_* | grep -v '\.') || status=1

if [ -x "$dir/bin/mi-conform" ] && [ -f "$dir/lib/libmiref.so" ]; then
  out="$dir/asan-reports"; mkdir -p "$out"
  # shellcheck disable=SC2086
  if [ -z "${ASAN_SUBSET_SELECT:-}" ] && [ -z "$("$dir/bin/mi-conform" --list $select 2>/dev/null)" ]; then
    select="--tag memcheck"
  fi
  echo "asan cases: $select"
  # shellcheck disable=SC2086
  "$dir/bin/mi-conform" --impl "$dir/lib/libmiref.so" $select -j 2 --timeout-scale 3 \
    --out "$out" >"$logs/mi-conform.log" 2>&1
  rc=$?
  tail -n 1 "$logs/mi-conform.log" | sed 's/^/asan cases: /'
  [ "$rc" -eq 0 ] || { echo "asan: mi-conform exit $rc; log $logs/mi-conform.log" >&2; status=1; }
else
  echo "asan cases: skipped (no $dir/bin/mi-conform yet)"
fi

reports=$(find "$logs" -name 'asan.*' -o -name 'ubsan.*' -o -name 'lsan.*' | sort)
if [ -n "$reports" ]; then
  status=1
  for r in $reports; do
    echo "---- sanitizer report $r:" >&2
    head -n 40 "$r" >&2
  done
fi
# Logs of the unit tests also carry reports written before log_path applied (none expected).
if grep -lE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$dir"/tests/logs/*.log 2>/dev/null; then
  status=1
fi
echo "asan: $(( $(date +%s) - start ))s, $( [ $status -eq 0 ] && echo clean || echo 'sanitizer reports or failures' )"
exit $status
