#!/usr/bin/env bash
# The last line of a suite run: its counts (from summary.json), against what, and where the
# reports are. Usage: suite-verdict.sh LABEL REPORTS_DIR
set -u
label=$1; dir=$2
counts=$(grep -o '"counts": {[^}]*}' "$dir/summary.json" 2>/dev/null)
num() { echo "$counts" | sed -nE "s/.*\"$1\": ([0-9]+).*/\1/p"; }
if [ -z "$counts" ]; then
  echo "$label: no summary in $dir (the run did not finish)"
  exit 1
fi
impl=$(sed -nE 's/.*"implementation": "([^"]*)".*/\1/p' "$dir/summary.json" | head -n 1)
echo "$label: $(num passed) passed, $(num failed) failed, $(num errored) errored, $(num skipped) skipped against $(basename "$impl"); reports in $dir/"
