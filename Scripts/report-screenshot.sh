#!/usr/bin/env bash
# Regenerates docs/report-screenshot.png: the HTML report of a bundled
# recording, drawn by headless Chromium (Scripts/setup.sh chromium).
set -euo pipefail
cd "$(dirname "$0")/.."

recording=Recordings/bridge-sacrum-100hz.csv
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
swift run -c release hipform report "$recording" -o "$work/report.html" \
  --pain 2 --note "Felt fine; a bit tired by the end of set 2."
mkdir -p docs
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
  --user-data-dir="$work/profile" --window-size=1200,2400 \
  --screenshot="$PWD/docs/report-screenshot.png" "file://$work/report.html"
echo "wrote docs/report-screenshot.png" >&2
