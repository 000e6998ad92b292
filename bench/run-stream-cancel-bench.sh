#!/usr/bin/env bash
# Streaming and cancel figures of the reference client (bench/README.md, "streaming and
# cancel"): elements/s and peak RSS for 10,000 and 1,000,000 streamed elements (one process
# each, so the peaks are separate), and Cancel -> final callback against a hanging server.
# Usage: bench/run-stream-cancel-bench.sh [CANCELS]  (after make; about a minute)
set -eu
n=${1:-500}
B=build/bench; mkdir -p "$B"
make -s build/lib/libmockcim.a build/lib/libmirefcore.a build/lib/libwsman.a build/lib/libmimodel.a \
  build/lib/libkit.a
pc="$(pkg-config --cflags --libs libxml-2.0 libcurl libmicrohttpd)"
# shellcheck disable=SC2086
cc -O2 -std=c11 -D_GNU_SOURCE -pthread -Iinclude -I. bench/stream_cancel_bench.c \
  -o "$B/stream_cancel_bench" build/lib/libmockcim.a build/lib/libmirefcore.a \
  build/lib/libwsman.a build/lib/libmimodel.a build/lib/libkit.a $pc -lpthread -lm
"$B/stream_cancel_bench" stream 10000
"$B/stream_cancel_bench" stream 1000000
"$B/stream_cancel_bench" cancel "$n"
