#!/usr/bin/env bash
# Validates JUnit reports written by mi-conform: always against harness/junit.xsd (our own
# description of exactly what we emit) and, when this workplace has it, against
# ../shared/schemas/junit-10.xsd (the Jenkins schema CI systems follow). A summary.json beside
# a report is checked to be JSON when python3 is there to tell, and the index.html beside it to
# be well-formed.
# Usage: check-reports.sh [JUNIT_XML...]   (default: reports/junit.xml)
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
ours="$root/harness/junit.xsd"
theirs="$root/../shared/schemas/junit-10.xsd"
[ $# -eq 0 ] && set -- "$root/reports/junit.xml"

rc=0
[ -f "$theirs" ] || echo "check-reports: note: $theirs not present; checking against our schema only"
for report in "$@"; do
  if [ ! -f "$report" ]; then
    echo "check-reports: $report: no such report (run the suite first)" >&2
    rc=1
    continue
  fi
  xmllint --noout --nonet --schema "$ours" "$report" || rc=1
  if [ -f "$theirs" ]; then
    xmllint --noout --nonet --schema "$theirs" "$report" || rc=1
  fi
  page="$(dirname "$report")/index.html"
  if [ -f "$page" ]; then
    # The page is saved as XHTML: it must be well-formed XML.
    if xmllint --noout --nonet "$page"; then echo "$page is well-formed"; else rc=1; fi
  else
    echo "check-reports: $page: missing" >&2
    rc=1
  fi
  summary="$(dirname "$report")/summary.json"
  if [ -f "$summary" ] && command -v python3 >/dev/null 2>&1; then
    if python3 -m json.tool "$summary" >/dev/null; then
      echo "$summary is valid JSON"
    else
      echo "check-reports: $summary is not valid JSON" >&2
      rc=1
    fi
  fi
done
exit $rc
