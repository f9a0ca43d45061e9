#!/usr/bin/env bash
# Installs the system packages hipform builds and tests against, only when
# they are missing, so a fresh machine needs nothing done by hand.
set -euo pipefail

missing=()
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists libusb-1.0; then
  missing+=(libusb-1.0-0-dev)
fi
# GRDB's SQLite module builds against the system's sqlite3 headers.
if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists sqlite3; then
  missing+=(libsqlite3-dev)
fi
for extra in "$@"; do
  dpkg -s "$extra" >/dev/null 2>&1 || missing+=("$extra")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
