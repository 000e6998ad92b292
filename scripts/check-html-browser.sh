#!/usr/bin/env bash
# make check-full's browser leg: the pages mi-conform writes, opened in headless Chromium
# (Debian's, installed by scripts/install-deps.sh), asserted on the rendered DOM: a run with
# failures (a mutant of the reference) shows a failing case's row and its transcript unfolds;
# a matrix of that run beside the reference shows the failing cell.
# Usage: check-html-browser.sh BUILD_DIR
set -u
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
case "$build" in /*) ;; *) build="$root/$build" ;; esac
"$root/scripts/install-deps.sh" chromium || exit 1
conform="$build/bin/mi-conform"
mutant="$build/mutants/libmiref-can_cancel_blocks.so"
[ -f "$mutant" ] || { echo "browser: $mutant not built (make mutants)" >&2; exit 1; }
out="$build/reports-browser"
rm -rf "$out"; mkdir -p "$out"
"$conform" --case 'cancel.sync.*' --scale 0.1 -j 2 --out "$out/ref" >/dev/null </dev/null
"$conform" --impl "$mutant" --case 'cancel.sync.*' --scale 0.1 -j 2 --out "$out/mutant" >/dev/null </dev/null
[ $? -eq 1 ] || { echo "browser: the mutant was expected to fail some cases" >&2; exit 1; }
"$conform" matrix "$out/ref" "$out/mutant" --out "$out/matrix" >/dev/null || exit 1

# The probe page loads both pages in frames, opens the first failing case and records what the
# browser rendered in an attribute that --dump-dom prints.
cat >"$out/probe.html" <<'HTML'
<!DOCTYPE html><html><body data-result="pending">
<iframe id="run" src="mutant/index.html"></iframe><iframe id="matrix" src="matrix/index.html"></iframe>
<script>
function check() {
  const run = document.getElementById('run').contentDocument;
  const mx = document.getElementById('matrix').contentDocument;
  const bad = run && run.querySelector('details.fail, details.error');
  if (!bad || !mx || !mx.querySelector('td.fail, td.error')) { document.body.dataset.result = 'no failing row'; return; }
  const inner = bad.querySelector('details');
  const pre = inner && inner.querySelector('pre');
  if (!pre) { document.body.dataset.result = 'no transcript'; return; }
  /* Closed <details> content is skipped, not just zero-sized: ask what the browser renders. */
  const before = pre.checkVisibility();
  bad.open = true; inner.open = true;
  const after = pre.checkVisibility() && pre.getBoundingClientRect().height > 0;
  document.body.dataset.result = !before && after ? 'ok' : 'transcript did not unfold (' + before + ', ' + after + ')';
}
window.addEventListener('load', check);
</script></body></html>
HTML
dom=$(chromium --headless --no-sandbox --disable-gpu --allow-file-access-from-files \
  --virtual-time-budget=10000 --dump-dom "file://$out/probe.html" 2>/dev/null)
result=$(printf '%s' "$dom" | sed -nE 's/.*<body data-result="([^"]*)".*/\1/p' | head -n 1)
if [ "$result" = ok ]; then
  echo "browser: failing row present, transcript unfolds, matrix cell present: passed"
else
  echo "browser: FAILED (${result:-no result})" >&2
  exit 1
fi
