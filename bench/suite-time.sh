#!/usr/bin/env bash
# Wall time of the whole suite against the reference: with -j 2, and with -j 2 --valgrind.
# Prints one line per mode for bench/README.md. Usage: bench/suite-time.sh [extra args...]
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
conform="$root/build/bin/mi-conform"
if [ ! -x "$conform" ]; then
  echo "suite-time: $conform is not built (run make)" >&2
  exit 2
fi
outdir="$root/build/bench"
mkdir -p "$outdir"
echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) $(uname -n), $(nproc) cores"
for mode in plain valgrind; do
  args=(-j 2)
  [ "$mode" = valgrind ] && args+=(--valgrind)
  log="$outdir/suite-$mode.log"
  start=$(date +%s.%N)
  "$conform" "${args[@]}" "$@" --out "$outdir/reports-$mode" >"$log" 2>&1 </dev/null
  rc=$?
  end=$(date +%s.%N)
  secs=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')
  printf 'suite %-16s %8s s  exit %d  %s\n' "${args[*]}" "$secs" "$rc" "$(tail -n 1 "$log")"
done
