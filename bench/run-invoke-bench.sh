#!/usr/bin/env bash
# Reference client benchmarks (recorded in bench/README.md, not pass/fail): sequential sync
# invokes over keep-alive vs plain libcurl with the identical envelope, p50/p99, client RSS,
# 100 concurrent async operations. Usage: bench/run-invoke-bench.sh [N]  (after make)
set -eu
n=${1:-20000}
B=build/bench; mkdir -p "$B"
make -s build/bin/mi-mock-server build/lib/libmirefcore.a build/lib/libwsman.a build/lib/libmimodel.a
pc="$(pkg-config --cflags --libs libxml-2.0 libcurl)"
cc -O2 -std=c11 -D_GNU_SOURCE -pthread -Iinclude -I. bench/invoke_bench.c -o "$B/invoke_bench" \
  build/lib/libmirefcore.a build/lib/libwsman.a build/lib/libmimodel.a $pc -lpthread -lm
build/bin/mi-mock-server --fixture fixtures/mock-bench.xml --journal-max 1000 > "$B/invoke-url.txt" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do [ -s "$B/invoke-url.txt" ] && break; sleep 0.05; done
"$B/invoke_bench" "$(head -n1 "$B/invoke-url.txt")" "$n"
