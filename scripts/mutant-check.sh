#!/usr/bin/env bash
# Runs, for every mutant of the reference (reference/mutants.def: NAME<TAB>CLAUSES<TAB>what is
# wrong, built by `make mutants` as build/mutants/libmiref-<name>.so), the cases citing the
# mutated clauses, and requires at least one of them to fail: a clause whose cases pass
# against a broken implementation is not tested at all.
# Prints "caught  NAME  (k of n cases failed)" or "MISSED NAME  (...)" per mutant, then
# "N passed, N failed"; exits 1 when any mutant was missed.
# Environment: BUILD (default build), MUTANTS_DEF (default reference/mutants.def),
# MUTANT_ARGS (default "-j 2 --scale 0.1").
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-build}
case "$build" in /*) ;; *) build="$root/$build" ;; esac
def=${MUTANTS_DEF:-reference/mutants.def}
case "$def" in /*) ;; *) def="$root/$def" ;; esac
conform="$build/bin/mi-conform"
read -r -a extra <<<"${MUTANT_ARGS:--j 2 --scale 0.1}"

if [ ! -f "$def" ]; then
  echo "mutant-check: reference/mutants.def does not exist yet; nothing to check"
  echo "0 passed, 0 failed"
  exit 0
fi
if [ ! -x "$conform" ]; then
  echo "mutant-check: $conform is not built (run make)" >&2
  exit 2
fi

caught=0
missed=0
while IFS=$'\t' read -r name clauses _description || [ -n "$name" ]; do
  [[ $name =~ ^[A-Za-z0-9_]+$ ]] || continue # blank lines and comments
  lower=$(printf '%s' "$name" | tr '[:upper:]' '[:lower:]')
  lib="$build/mutants/libmiref-$lower.so"
  out="$build/mutants/reports-$lower"
  select=()
  for clause in ${clauses//,/ }; do select+=(--clause "$clause"); done
  if [ ${#select[@]} -eq 0 ]; then
    echo "MISSED $name  (no clauses listed in reference/mutants.def)"
    missed=$((missed + 1))
    continue
  fi
  if [ ! -f "$lib" ]; then
    echo "MISSED $name  ($lib not built: make mutants)"
    missed=$((missed + 1))
    continue
  fi
  mkdir -p "$out"
  log="$out/console.log"
  "$conform" --impl "$lib" "${select[@]}" "${extra[@]}" --out "$out" >"$log" 2>&1 </dev/null
  rc=$?
  tally=$(tail -n 1 "$log")
  p=0 f=0 s=0
  if [[ $tally =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed,\ ([0-9]+)\ skipped$ ]]; then
    p=${BASH_REMATCH[1]} f=${BASH_REMATCH[2]} s=${BASH_REMATCH[3]}
  fi
  n=$((p + f + s))
  if [ "$rc" -eq 1 ] && [ "$f" -gt 0 ]; then
    echo "caught  $name  ($f of $n cases failed)"
    caught=$((caught + 1))
  elif [ "$rc" -eq 0 ]; then
    echo "MISSED $name  (0 of $n cases failed)"
    missed=$((missed + 1))
  else
    echo "MISSED $name  (mi-conform exit $rc; see $log)"
    missed=$((missed + 1))
  fi
done <"$def"

echo "$caught passed, $missed failed"
[ "$missed" -eq 0 ]
