#!/usr/bin/env bash
# The main job on a bundled recording, no sensor needed: installs what is
# missing, builds hipform in release mode and runs it.
set -euo pipefail
cd "$(dirname "$0")/.."

Scripts/setup.sh
swift build -c release --product hipform >&2
# `hipform` on the PATH, so that the README's examples work as typed.
Scripts/install.sh >&2
recording="${1:-Recordings/bridge-sacrum-100hz.csv}"
.build/release/hipform info "$recording"
echo
.build/release/hipform analyze "$recording"
