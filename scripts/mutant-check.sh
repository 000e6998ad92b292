#!/usr/bin/env bash
# Runs, for every mutant of the reference (reference/mutants.def: NAME<TAB>CLAUSES<TAB>what is
# wrong, built by `make mutants` as build/mutants/libmiref-<name>.so), the cases citing the
# mutated clauses, and requires at least one of them to fail: a clause whose cases pass
# against a broken implementation is not tested at all.
# Prints "caught  NAME  (k of n cases failed)" or "MISSED NAME  (...)" per mutant, then
# "mutants: N of M caught, K missed"; exits 1 when any mutant was missed or none was checked.
# Environment: BUILD (default build), MUTANTS_DEF (default reference/mutants.def),
# MUTANT_ARGS (default "-j 2 --scale 0.1"), MUTANT_JOBS (mutants checked at once, default 3).
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-build}
case "$build" in /*) ;; *) build="$root/$build" ;; esac
def=${MUTANTS_DEF:-reference/mutants.def}
case "$def" in /*) ;; *) def="$root/$def" ;; esac
conform="$build/bin/mi-conform"
read -r -a extra <<<"${MUTANT_ARGS:--j 2 --scale 0.1}"

if [ ! -f "$def" ]; then
  echo "mutants: $def does not exist: nothing was checked" >&2
  exit 1
fi
if [ ! -x "$conform" ]; then
  echo "mutant-check: $conform is not built (run make)" >&2
  exit 2
fi

# One mutant: its cases, then one verdict line into $out/verdict. Mutants are checked a few
# at a time (MUTANT_JOBS, default 3): most of a mutant's time is a case waiting on its
# watchdog for an answer the mutant never gives, not CPU.
check_one() { # NAME CLAUSES
  local name=$1 clauses=$2 lower lib out log rc tally p=0 f=0 s=0 n
  lower=$(printf '%s' "$name" | tr '[:upper:]' '[:lower:]')
  lib="$build/mutants/libmiref-$lower.so"
  out="$build/mutants/reports-$lower"
  mkdir -p "$out"
  local select=()
  for clause in ${clauses//,/ }; do select+=(--clause "$clause"); done
  if [ ${#select[@]} -eq 0 ]; then
    echo "MISSED $name  (no clauses listed in reference/mutants.def)" >"$out/verdict"
    return
  fi
  if [ ! -f "$lib" ]; then
    echo "MISSED $name  ($lib not built: make mutants)" >"$out/verdict"
    return
  fi
  log="$out/console.log"
  "$conform" --impl "$lib" "${select[@]}" "${extra[@]}" --out "$out" >"$log" 2>&1 </dev/null
  rc=$?
  tally=$(tail -n 1 "$log")
  if [[ $tally =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed,\ ([0-9]+)\ skipped$ ]]; then
    p=${BASH_REMATCH[1]} f=${BASH_REMATCH[2]} s=${BASH_REMATCH[3]}
  fi
  n=$((p + f + s))
  # A case that was not judged (its situation never arose) has not caught anything: only a
  # failed expectation, a crash or a hang counts (summary.json, one case per line).
  local told
  told=$(grep -cE '"outcome": "fail"|"outcome": "error", "kind": "(crash|hang|teardown)"' \
    "$out/summary.json" 2>/dev/null)
  if [ "$rc" -eq 1 ] && [ "${told:-0}" -gt 0 ]; then
    echo "caught  $name  ($told of $n cases failed)"
  elif [ "$rc" -eq 0 ] || [ "$rc" -eq 1 ]; then
    echo "MISSED $name  (${told:-0} of $n cases failed; the rest passed or were not judged)"
  else
    echo "MISSED $name  (mi-conform exit $rc; see $log)"
  fi >"$out/verdict"
}

names=()
while IFS=$'\t' read -r name clauses _description || [ -n "$name" ]; do
  [[ $name =~ ^[A-Za-z0-9_]+$ ]] || continue # blank lines and comments
  names+=("$name")
  rm -f "$build/mutants/reports-$(printf '%s' "$name" | tr '[:upper:]' '[:lower:]')/verdict"
  while [ "$(jobs -rp | wc -l)" -ge "${MUTANT_JOBS:-3}" ]; do wait -n; done
  check_one "$name" "$clauses" &
done <"$def"
wait

caught=0
missed=0
for name in "${names[@]}"; do
  verdict="$build/mutants/reports-$(printf '%s' "$name" | tr '[:upper:]' '[:lower:]')/verdict"
  line=$(cat "$verdict" 2>/dev/null || echo "MISSED $name  (no verdict)")
  echo "$line"
  case "$line" in caught*) caught=$((caught + 1)) ;; *) missed=$((missed + 1)) ;; esac
done

echo "mutants: $caught of $((caught + missed)) caught, $missed missed"
[ "$missed" -eq 0 ]
