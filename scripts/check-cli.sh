#!/usr/bin/env bash
# The three command lines as a new user meets them: --version and -h, a usage error that names
# the option and exits 2, a set-up mistake that stops mi-conform with exit 2 before any case,
# and the mock daemon stopping promptly on SIGTERM. Prints "cli: N passed, N failed".
# Usage: check-cli.sh BUILD_DIR
set -u
bin=${1:-build}/bin
passed=0; failed=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# check NAME WANT_RC WANT_TEXT CMD...: the exit code and a fragment of stdout+stderr.
check() {
  local name=$1 want_rc=$2 want=$3; shift 3
  local out rc
  out=$("$@" </dev/null 2>&1); rc=$?
  if [ "$rc" -eq "$want_rc" ] && [[ $out == *"$want"* ]]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "cli: FAIL $name: exit $rc (want $want_rc), output:" >&2
    printf '%s\n' "$out" | head -n 5 | sed 's/^/    /' >&2
  fi
}

for b in mi-conform mi-mock-server mi-invoke; do
  check "$b --version" 0 "$b 0." "$bin/$b" --version
  check "$b -h" 0 "usage: $b" "$bin/$b" -h
  check "$b --frob" 2 "'--frob'" "$bin/$b" --frob
done

check "mi-conform: not an MI library" 2 "does not export MI_Application_InitializeV1" \
  "$bin/mi-conform" --impl /lib/x86_64-linux-gnu/libz.so.1 --out "$tmp/r"
check "mi-conform: empty selection" 2 "matches none of the" "$bin/mi-conform" --case 'nomatch*' --out "$tmp/r"
check "mi-conform: empty selection allowed" 0 "0 passed, 0 failed, 0 skipped" \
  "$bin/mi-conform" --case 'nomatch*' --allow-empty --out "$tmp/r"
check "mi-conform: clause in lower case" 0 "INV-1" "$bin/mi-conform" --clause inv-1 --list

check "mi-mock-server: missing value" 2 "option needs a value: '--port'" "$bin/mi-mock-server" --port
check "mi-mock-server: missing fixture" 2 "/nope.xml:0: cannot read the fixture" \
  "$bin/mi-mock-server" --fixture /nope.xml
out=$("$bin/mi-mock-server" --fixture /nope.xml 2>&1)
if [[ $out == *"I/O warning"* ]]; then
  failed=$((failed + 1)); echo "cli: FAIL libxml2's own warning printed for a missing fixture" >&2
else passed=$((passed + 1)); fi

check "mi-invoke: bad parameter" 2 "'abc' is not a uint32" "$bin/mi-invoke" root/cimv2 C M Count:uint32=abc
check "mi-invoke: unknown type" 2 "unknown type 'int'" "$bin/mi-invoke" root/cimv2 C M X:int=3

# SIGTERM: the daemon is gone (reaped by us) within 100 ms, its journal written.
root=$(cd "$(dirname "$0")/.." && pwd)
"$bin/mi-mock-server" --fixture "$root/fixtures/case-basic.xml" --journal "$tmp/journal" >"$tmp/url" 2>&1 &
pid=$!
for _ in $(seq 100); do [ -s "$tmp/url" ] && break; sleep 0.05; done
start=$(date +%s%N)
kill -TERM "$pid"
wait "$pid"; rc=$?
ms=$(( ($(date +%s%N) - start) / 1000000 ))
if [ "$rc" -eq 0 ] && [ "$ms" -lt 100 ] && [ -f "$tmp/journal" ]; then passed=$((passed + 1))
else failed=$((failed + 1)); echo "cli: FAIL mi-mock-server on SIGTERM: exit $rc after $ms ms" >&2; fi

echo "cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
