#!/usr/bin/env bash
# make interop: WS-Management clients nobody on this team wrote, pointed at the
# kit's mock server. The mock is only trustworthy if they can talk to it, so for each client
# we start a fresh mi-mock-server on fixtures/interop.xml, let the client invoke, and check
# both sides: the client read the answer it should have (ReturnValue, outputs, RelatesTo, the
# fault), and the mock's journal shows the call parsed as intended (method, class, namespace,
# the behaviour that ran). The behaviours are chosen so the answers also prove keys and IN
# parameters were read: only Name="alpha" answers 5, outputs echo the inputs.
#
# Prints "PASS client" / "FAIL client: why" per client, then "N passed, N failed".
# Exit 0 all passed, 1 something failed, 2 clients missing and not root (commands printed).
# Everything talks to 127.0.0.1 only; every client step is bounded by STEP_TIMEOUT seconds.
set -euo pipefail

cd "$(dirname "$0")/.."
OUT=build/interop
MOCK=${BUILD:-build}/bin/mi-mock-server
FIXTURE=fixtures/interop.xml
USER_NAME=interop          # the <user> of fixtures/interop.xml
PASSWORD=interop-pass
STEP_TIMEOUT=60
NPM_PACKAGE=@device-management-toolkit/wsman-messages
NPM_VERSION=${WSMAN_MESSAGES_VERSION:-5.14.1}  # the version verified; override to try another
NODE_PREFIX=$OUT/node
NODE_MODULE=$NODE_PREFIX/node_modules/$NPM_PACKAGE
# Debian's own python, since the winrm module is Debian's package, not a virtualenv's.
PYTHON=/usr/bin/python3

# A proxy from the environment must never see these requests.
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
export no_proxy=127.0.0.1 NO_PROXY=127.0.0.1

# ---------------------------------------------------------------- what the clients need

# masterzen/winrm is built from Debian's Go sources (GOPATH mode, no module download), so
# every package it imports is listed: `go list -deps` of interop/go names exactly these.
APT_PACKAGES="python3-winrm wsl uuid-runtime curl libxml2-utils golang-go
golang-github-masterzen-winrm-dev golang-github-masterzen-simplexml-dev
golang-github-azure-go-ntlmssp-dev golang-github-christrenkamp-goxpath-dev
golang-github-gofrs-uuid-dev golang-golang-x-crypto-dev golang-golang-x-net-dev
golang-golang-x-text-dev"

missing_apt=""
for p in $APT_PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
    missing_apt="$missing_apt $p"
done
# Any node with npm will do (Debian's nodejs + npm when there is none).
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  missing_apt="$missing_apt nodejs npm"
fi
need_npm=0
installed_npm=$(sed -n 's/^ *"version": *"\(.*\)".*/\1/p' "$NODE_MODULE/package.json" 2>/dev/null || true)
[ "$installed_npm" = "$NPM_VERSION" ] || need_npm=1

apt_cmd="DEBIAN_FRONTEND=noninteractive apt-get install -y$missing_apt"
npm_cmd="npm install --prefix $NODE_PREFIX $NPM_PACKAGE@$NPM_VERSION"
if [ -n "$missing_apt" ] || [ "$need_npm" = 1 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "interop: clients missing; run as root (from $(pwd)):" >&2
    [ -n "$missing_apt" ] && echo "  $apt_cmd" >&2
    [ "$need_npm" = 1 ] && echo "  $npm_cmd" >&2
    exit 2
  fi
  if [ -n "$missing_apt" ]; then
    echo "interop: installing:$missing_apt" >&2
    # A stale package index is the usual reason a package is "not found": refresh once.
    # shellcheck disable=SC2086
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y $missing_apt </dev/null; then
      apt-get update </dev/null
      # shellcheck disable=SC2086
      DEBIAN_FRONTEND=noninteractive apt-get install -y $missing_apt </dev/null
    fi
  fi
  if [ "$need_npm" = 1 ]; then
    echo "interop: $npm_cmd" >&2
    mkdir -p "$NODE_PREFIX"
    npm install --prefix "$NODE_PREFIX" --no-audit --no-fund "$NPM_PACKAGE@$NPM_VERSION" >&2
  fi
fi

[ -x "$MOCK" ] || { echo "interop: $MOCK is not built (make $MOCK)" >&2; exit 2; }

# ---------------------------------------------------------------- the mock server

mock_pid=""
url=""
port=""
mock_error=""

# Starts a fresh mock for one client, journal in $OUT/journal-CLIENT.txt; sets url and port
# (or mock_error). Not to be called in a subshell: the caller needs those and mock_pid.
start_mock() {
  local client=$1
  # The old files go first: the background shell truncates them only when it gets to run,
  # and a URL left from the last run must not be read as this one's.
  rm -f "$OUT/journal-$client.txt" "$OUT/mock-$client.out" "$OUT/mock-$client.err"
  "$MOCK" --fixture "$FIXTURE" --port 0 --journal "$OUT/journal-$client.txt" \
    >"$OUT/mock-$client.out" 2>"$OUT/mock-$client.err" &
  mock_pid=$!
  url=""
  for _ in $(seq 100); do
    url=$(head -n 1 "$OUT/mock-$client.out" 2>/dev/null || true)
    [ -n "$url" ] && break
    kill -0 "$mock_pid" 2>/dev/null || break
    sleep 0.1
  done
  case "$url" in
    http://127.0.0.1:*/wsman) port=${url#http://127.0.0.1:}; port=${port%/wsman} ;;
    *) mock_error="mock did not start: $(cat "$OUT/mock-$client.err")"; return 1 ;;
  esac
}

# SIGTERM makes the mock write its journal and exit; wait for that, a few seconds at most.
stop_mock() {
  [ -n "$mock_pid" ] || return 0
  kill -TERM "$mock_pid" 2>/dev/null || true
  for _ in $(seq 50); do
    kill -0 "$mock_pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$mock_pid" 2>/dev/null || true
  wait "$mock_pid" 2>/dev/null || true
  mock_pid=""
}
trap stop_mock EXIT

# ---------------------------------------------------------------- checks

# Text of the first element with this local name in an XML file ("" when absent).
xml_value() {
  xmllint --xpath "string((//*[local-name()='$2'])[1])" "$1" 2>/dev/null || true
}

# expect_value FILE NAME WANT: fails with a reason when the element's text differs.
expect_value() {
  local got
  got=$(xml_value "$1" "$2")
  [ "$got" = "$3" ] || { echo "error: $2 is '$got' in $1, expected '$3'"; return 1; }
}

# The journal line of each request must be exactly what the client meant to call, and the
# behaviour must have run to the scripted end: "METHOD[@NAMESPACE]=OUTCOME" pairs.
# No namespace means the request named none (the mock serves its default).
expect_journal() {
  local journal=$1; shift
  [ -s "$journal" ] || { echo "no journal in $journal"; return 1; }
  local call method ns outcome line
  for call in "$@"; do
    method=${call%%=*}; outcome=${call#*=}; ns=""
    case "$method" in *@*) ns=" namespace ${method#*@}"; method=${method%@*} ;; esac
    line="REQUEST POST /wsman invoke $method class MI_Interop$ns\$"
    grep -Eq "] #[0-9]+\.[0-9]+ $line" "$journal" ||
      { echo "journal has no request '${line%\$}' (see $journal)"; return 1; }
    grep -Fq "($method completed: $outcome)" "$journal" ||
      { echo "journal has no '$method completed: $outcome' (see $journal)"; return 1; }
  done
  # Nothing the client sent was refused (401, 415, unparsable, ...).
  if grep -E 'REQUEST .*\(' "$journal" >/dev/null; then
    echo "journal shows a refused request: $(grep -E 'REQUEST .*\(' "$journal" | head -n 1)"
    return 1
  fi
}

# ---------------------------------------------------------------- the clients
# Each drive_* runs in a child bash under `timeout`, so it sees only exported names. A failed
# check prints "error: why" (the drivers do the same) and the step exits non-zero.
export OUT PYTHON USER_NAME PASSWORD NODE_PREFIX

# Debian's python3-winrm: static Echo, instance Rename on alpha, the Fail fault (all checked
# inside the driver, which exits non-zero with the reason).
drive_python3_winrm() {
  "$PYTHON" interop/python/winrm_invoke.py "$1" "$USER_NAME" "$PASSWORD"
}

# Debian's wsl: wslinvoke of Rename on the instance its EPR file names. wsl reads
# ./.wsl-config and ~/.wsl-config (and writes the latter when missing), so both are a scratch
# directory; endpoint and credentials come from the environment.
drive_wsl() {
  local dir=$OUT/wsl
  rm -rf "$dir" && mkdir -p "$dir"
  printf '%s\n' 'WSNOSSL=true' 'KEEPHISTORY=0' 'OUTLEVEL=1' 'WGETTIMEOUTSECS=30' \
    >"$dir/.wsl-config"
  local epr
  epr=$(pwd)/interop/wsl/alpha-epr.xml
  (cd "$dir" && HOME=$(pwd) WSENDPOINT=127.0.0.1:$2 WSUSER=$USER_NAME WSPASS=$PASSWORD \
    wslinvoke MI_Interop Rename NewName=delta Force=false -inst "$epr")
  echo  # wsl ends its output with a colour code and no newline
  local answer=$dir/response.xml
  expect_value "$answer" ReturnValue 5 && expect_value "$answer" Applied 'alpha->delta' &&
    expect_value "$answer" Forced false || return 1
  # wsl sends a bare uuidgen MessageID (no "uuid:"); the answer must relate to it as sent.
  local sent
  sent=$(xml_value "$dir/request-1.xml" MessageID)
  expect_value "$answer" RelatesTo "$sent"
}

# npm's wsman-messages builds the envelopes (interop/node), curl posts them as they are.
drive_wsman_messages() {
  local dir=$OUT/wsman-messages
  rm -rf "$dir" && mkdir -p "$dir"
  NODE_PATH=$NODE_PREFIX/node_modules node interop/node/build_envelopes.js "$dir"
  local name code
  for name in echo rename; do
    code=$(curl -sS --max-time 30 -u "$USER_NAME:$PASSWORD" \
      -H 'Content-Type: application/soap+xml;charset=UTF-8' \
      --data-binary "@$dir/$name.xml" -o "$dir/$name-answer.xml" -w '%{http_code}' "$1")
    [ "$code" = 200 ] || { echo "error: $name: HTTP $code"; return 1; }
  done
  expect_value "$dir/echo-answer.xml" ReturnValue 7 &&
    expect_value "$dir/echo-answer.xml" TextOut 'echo:from wsman-messages' &&
    expect_value "$dir/echo-answer.xml" CountOut 3 &&
    expect_value "$dir/echo-answer.xml" Checked true &&
    expect_value "$dir/echo-answer.xml" RelatesTo 0 &&
    expect_value "$dir/rename-answer.xml" ReturnValue 5 &&
    expect_value "$dir/rename-answer.xml" Applied 'alpha->epsilon' &&
    expect_value "$dir/rename-answer.xml" Forced true &&
    expect_value "$dir/rename-answer.xml" RelatesTo 1
}

# Go's masterzen/winrm, compiled from Debian's sources with no module download.
drive_go_winrm() {
  mkdir -p "$OUT/gocache"
  GOCACHE=$(pwd)/$OUT/gocache GO111MODULE=off GOPATH=/usr/share/gocode GOFLAGS='' GOPROXY=off \
    go run interop/go/main.go 127.0.0.1 "$2" "$USER_NAME" "$PASSWORD"
}
export -f drive_python3_winrm drive_wsl drive_wsman_messages drive_go_winrm xml_value \
  expect_value

# What each client's calls must look like in the journal (read by name in run_client).
# shellcheck disable=SC2034
journal_python3_winrm=(Echo@root/interop=answered Rename@root/interop=answered
  "Fail@root/interop=scripted fault"
  "Slow@root/interop=OperationTimeout expired, TimedOut sent")
# shellcheck disable=SC2034
journal_wsl=(Rename@root/interop=answered)
# shellcheck disable=SC2034
journal_wsman_messages=(Echo=answered Rename=answered)  # the package sends no namespace
# shellcheck disable=SC2034
journal_go_winrm=(Echo@root/interop=answered  # namespace from the WMI-form URI
  "Fail@root/interop=scripted fault")

passed=0
failed=0
# run_client NAME: one client against its own mock; prints PASS or FAIL with the reason.
run_client() {
  local client=$1 fn=${1//-/_} why="" log=$OUT/$1.log
  if ! start_mock "$client"; then
    stop_mock
    echo "FAIL $client: $mock_error"; failed=$((failed + 1)); return
  fi
  local rc=0
  timeout "$STEP_TIMEOUT" bash -c "drive_$fn \"\$@\"" _ "$url" "$port" >"$log" 2>&1 || rc=$?
  stop_mock
  if [ "$rc" = 124 ]; then
    why="no result within ${STEP_TIMEOUT}s (log $log)"
  elif [ "$rc" != 0 ]; then
    why=$(grep -oE 'error: .*' "$log" | tail -n 1 || true)
    why="client step exited $rc${why:+: $why} (log $log)"
  else
    local -n calls="journal_$fn"
    why=$(expect_journal "$OUT/journal-$client.txt" "${calls[@]}") && why=""
  fi
  if [ -z "$why" ]; then
    echo "PASS $client"; passed=$((passed + 1))
  else
    echo "FAIL $client: $why"; failed=$((failed + 1))
  fi
}

mkdir -p "$OUT"
echo "interop: python3-winrm $(dpkg-query -W -f='${Version}' python3-winrm)," \
  "wsl $(dpkg-query -W -f='${Version}' wsl)," \
  "$NPM_PACKAGE $(sed -n 's/^ *"version": *"\(.*\)".*/\1/p' "$NODE_MODULE/package.json")" \
  "(node $(node --version))," \
  "masterzen/winrm $(dpkg-query -W -f='${Version}' golang-github-masterzen-winrm-dev)" \
  "($(go version | cut -d' ' -f3))"
for client in python3-winrm wsl wsman-messages go-winrm; do
  run_client "$client"
done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
