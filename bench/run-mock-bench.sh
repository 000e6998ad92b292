#!/usr/bin/env bash
# Mock server benchmarks (recorded in bench/README.md, not pass/fail):
#   1. trivial static invoke over 1 and 8 keep-alive connections vs a bare libmicrohttpd
#      responder returning the same bytes;  2. 1,024 concurrent connections;
#   3. server RSS while streaming 1,000,000 elements.
# Usage: bench/run-mock-bench.sh [REQUESTS]   (run from the repository root after make)
set -eu
n=${1:-20000}
B=build/bench; mkdir -p "$B"
make -s build/bin/mi-mock-server build/lib/libmirefcore.a build/lib/libwsman.a build/lib/libmimodel.a
pc="$(pkg-config --cflags --libs libxml-2.0 libcurl libmicrohttpd)"
cc -O2 -std=c11 -D_GNU_SOURCE -Iinclude -I. bench/mock_load.c -o "$B/mock_load" \
  build/lib/libmirefcore.a build/lib/libwsman.a build/lib/libmimodel.a $pc -lpthread -lm
cc -O2 -std=c11 -D_GNU_SOURCE bench/mock_bare.c -o "$B/mock_bare" $pc
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

"$B/mock_load" --request Nop 0 > "$B/nop.xml"
"$B/mock_load" --request Million 4 > "$B/million.xml"

start() { # start CMD... ; sets pid and url
  "$@" > "$B/url.txt" & pid=$!
  for _ in $(seq 100); do [ -s "$B/url.txt" ] && break; sleep 0.05; done
  url=$(head -n1 "$B/url.txt")
}

start build/bin/mi-mock-server --fixture fixtures/mock-bench.xml --journal-max 1000
curl -s -H 'Content-Type: application/soap+xml;charset=UTF-8' --data-binary @"$B/nop.xml" "$url" > "$B/answer.xml"
echo "mock 1 conn:    $("$B/mock_load" "$url" 1 "$n" "$B/nop.xml")"
echo "mock 8 conns:   $("$B/mock_load" "$url" 8 "$n" "$B/nop.xml")"
echo "mock 1024 conns: $("$B/mock_load" "$url" 1024 $((1024 * 4)) "$B/nop.xml")"
kill "$pid"; wait "$pid" || true

start "$B/mock_bare" "$B/answer.xml"
echo "bare 1 conn:    $("$B/mock_load" "$url" 1 "$n" "$B/nop.xml")"
echo "bare 8 conns:   $("$B/mock_load" "$url" 8 "$n" "$B/nop.xml")"
kill "$pid"; wait "$pid" || true

start build/bin/mi-mock-server --fixture fixtures/mock-bench.xml --journal-max 1000
t0=$(date +%s.%N)
curl -s -H 'Content-Type: application/soap+xml;charset=UTF-8' --data-binary @"$B/million.xml" "$url" \
  | wc -c > "$B/stream-bytes.txt" & cpid=$!
peak=0; samples=""
while kill -0 "$cpid" 2>/dev/null; do
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  samples="$samples $rss"; [ "$rss" -gt "$peak" ] && peak=$rss
  sleep 0.5
done
wait "$cpid"
t1=$(date +%s.%N)
echo "stream 1,000,000 elements: $(cat "$B/stream-bytes.txt") bytes in $(echo "$t1 - $t0" | bc) s;" \
     "server RSS kB samples:$(echo "$samples" | tr ' ' '\n' | awk 'NF' | sed -n '1p;$p' | tr '\n' ' ') peak $peak"
kill "$pid"; wait "$pid" || true
