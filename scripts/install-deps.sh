#!/usr/bin/env bash
# Installs what the kit needs on Debian 12. `make` calls this whenever a library or tool is
# missing, so a fresh machine (and CI) sets itself up; as a non-root user it only prints the
# command, because installing system packages is the owner's decision. Arguments name further
# packages a leg needs (make check-full's browser check: chromium).
set -eu

packages="libxml2-dev libxml2-utils libcurl4-openssl-dev libmicrohttpd-dev libcunit1-dev valgrind
pkg-config openssl clang libclang-rt-14-dev"
extra="$*"
# shellcheck disable=SC2086
set -- $packages $extra

missing=""
for p in "$@"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing="$missing $p"
  fi
done
[ -z "$missing" ] && exit 0

cmd="DEBIAN_FRONTEND=noninteractive apt-get install -y$missing"
if [ "$(id -u)" != 0 ]; then
  echo "missing packages:$missing" >&2
  echo "run as root: $cmd" >&2
  exit 1
fi

echo "installing:$missing" >&2
# shellcheck disable=SC2086
if ! DEBIAN_FRONTEND=noninteractive apt-get install -y $missing </dev/null; then
  apt-get update </dev/null
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive apt-get install -y $missing </dev/null
fi
