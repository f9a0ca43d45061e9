#!/usr/bin/env bash
# The main job on a bundled recording, no sensor needed: installs what is
# missing, builds hipform in release mode and runs it.
set -euo pipefail
cd "$(dirname "$0")/.."

# libumockdev-dev is for the USB tests, but SwiftPM looks up every system
# library of the package for any build and warns for a missing one: a
# demo should not start with a warning about a test tool.
Scripts/setup.sh libumockdev-dev
swift build -c release --product hipform >&2
# `hipform` on the PATH, so that the README's examples work as typed.
Scripts/install.sh >&2
recording="${1:-Recordings/bridge-sacrum-100hz.csv}"
.build/release/hipform info "$recording"
echo
.build/release/hipform analyze "$recording"
