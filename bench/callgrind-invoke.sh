#!/usr/bin/env bash
# Instructions per invoke (client), per request (mock) and per request of the bare
# libmicrohttpd responder (bench/mock_bare.c) serving the mock's answer, counted by callgrind, which is
# stable on a busy machine where wall-clock rates are not. Each figure is the difference of
# two runs (N1 and N2 calls) divided by N2 - N1, so start-up and warm-up cancel out.
#   bench/callgrind-invoke.sh [N1 N2]     (after `make`; about 2 minutes)
set -eu
n1=${1:-1000}
n2=${2:-3000}
B=build/bench; mkdir -p "$B"
make -s build/bin/mi-mock-server build/lib/libmirefcore.a build/lib/libwsman.a build/lib/libmimodel.a
pc="$(pkg-config --cflags --libs libxml-2.0 libcurl libmicrohttpd)"
# shellcheck disable=SC2086
cc -O2 -g -std=c11 -D_GNU_SOURCE -pthread -Iinclude -I. bench/invoke_bench.c -o "$B/invoke_bench" \
  build/lib/libmirefcore.a build/lib/libwsman.a build/lib/libmimodel.a $pc -lpthread -lm
# shellcheck disable=SC2086
cc -O2 -std=c11 -D_GNU_SOURCE bench/mock_bare.c -o "$B/mock_bare" $pc
# shellcheck disable=SC2086
cc -O2 -std=c11 -D_GNU_SOURCE -Iinclude -I. bench/mock_load.c -o "$B/mock_load" \
  build/lib/libmirefcore.a build/lib/libwsman.a build/lib/libmimodel.a $pc -lpthread -lm
"$B/mock_load" --request Nop 0 >"$B/cg-request.xml"

instructions() { # callgrind's total for the command after --
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
    awk '/Collected/ {print $4}'
}

MOCK="build/bin/mi-mock-server --fixture fixtures/mock-bench.xml --journal-max 1000"
start_mock() { # $1: a wrapper (callgrind) or nothing, $2: the server (default the mock)
  rm -f "$B/cg-url.txt"
  # shellcheck disable=SC2086
  $1 ${2:-$MOCK} >"$B/cg-url.txt" 2>"$B/cg-mock.err" &
  mock=$!
  for _ in $(seq 200); do [ -s "$B/cg-url.txt" ] && break; sleep 0.05; done
}

stop_mock() {
  kill -TERM "$mock" 2>/dev/null || true
  wait "$mock" 2>/dev/null || true
}
trap 'stop_mock' EXIT

start_mock ""
url=$(head -n1 "$B/cg-url.txt")
# The bare responder answers with the bytes the mock gives a Nop request.
curl -s -H 'Content-Type: application/soap+xml;charset=UTF-8' \
  --data-binary "@$B/cg-request.xml" "$url" >"$B/cg-answer.xml"
for mode in ref curl; do
  a=$(instructions "$B/invoke_bench" "$url" "$n1" "$mode")
  b=$(instructions "$B/invoke_bench" "$url" "$n2" "$mode")
  echo "client $mode: $(( (b - a) / (n2 - n1) )) instructions per invoke"
done
stop_mock

per_request() { # $1: N; $2: the server; under callgrind, serving the warm-up plus N requests
  start_mock "valgrind --tool=callgrind --callgrind-out-file=$B/cg-server.$1.out" "${2:-}"
  "$B/invoke_bench" "$(head -n1 "$B/cg-url.txt")" "$1" curl >/dev/null || true
  stop_mock
  awk '/^summary:/ {print $2}' "$B/cg-server.$1.out"
}
a=$(per_request "$n1")
b=$(per_request "$n2")
echo "mock: $(( (b - a) / (n2 - n1) )) instructions per request"
a=$(per_request "$n1" "$B/mock_bare $B/cg-answer.xml")
b=$(per_request "$n2" "$B/mock_bare $B/cg-answer.xml")
echo "bare responder: $(( (b - a) / (n2 - n1) )) instructions per request"
