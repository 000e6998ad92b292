#!/usr/bin/env bash
# Validates every case table, fixture and profile against its schema with xmllint, so a
# malformed file is named (file:line: problem) even when no case uses it. The harness and the
# mock validate on load too; this check covers the files nothing loads in `make test`.
set -u
cd "$(dirname "$0")/.."
passed=0; failed=0
check() { # SCHEMA FILE...
  local schema=$1; shift
  for f in "$@"; do
    [ -e "$f" ] || continue
    if out=$(xmllint --noout --nonet --schema "$schema" "$f" 2>&1); then
      passed=$((passed + 1))
    else
      failed=$((failed + 1)); echo "$out" | grep -v ' validates$' >&2
    fi
  done
}
check cases/cases.xsd cases/*.xml
check fixtures/fixture.xsd fixtures/*.xml fuzz/fixtures/*.xml
check cases/profiles/profile.xsd cases/profiles/*.xml
echo "schemas: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
