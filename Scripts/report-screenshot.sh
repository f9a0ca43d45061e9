#!/usr/bin/env bash
# Regenerates the screenshots in docs/: the HTML report of a bundled
# recording and a trend page of a small made-up history, each drawn by
# headless Chromium (Scripts/setup.sh chromium) at a phone's width and a
# desktop's. Tests/HipReportTests/LayoutTests checks the same layouts.
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
swift build -c release --product hipform >&2
hipform=.build/release/hipform
"$hipform" report Recordings/bridge-sacrum-100hz.csv -o "$work/report.html" \
  --pain 2 --note "Felt fine; a bit tired by the end of set 2."
# A history: bridges and clamshells over a few weeks, with pain ratings.
pain=4
for recording in Recordings/bridge-sacrum-100hz.csv \
  Recordings/clamshell-left-thigh-left-100hz.csv \
  Recordings/bridge-thigh-left-50hz-nogyro.csv \
  Recordings/clamshell-right-hip-right-50hz-nogyro.csv \
  Recordings/single-leg-bridge-left-hip-left-100hz.csv; do
  "$hipform" sessions add "$recording" --pain "$pain" --db "$work/history.sqlite" >/dev/null
  pain=$(((pain + 2) % 6))
done
"$hipform" trend --db "$work/history.sqlite" -o "$work/trend.html"
mkdir -p docs
shoot() { # page width height png
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --user-data-dir="$work/profile" --window-size="$2,$3" \
    --screenshot="$PWD/docs/$4" "file://$work/$1" 2>/dev/null
  echo "wrote docs/$4" >&2
}
shoot report.html 1200 2400 report-screenshot.png
shoot report.html 500 3200 report-phone.png
shoot trend.html 1200 1600 trend-desktop.png
shoot trend.html 500 2600 trend-phone.png
# Walking: the golden pages of the walking session made in code (no
# bundled walking recording yet; GoldenOutputTests writes them).
cp Tests/Golden/report-walking.html Tests/Golden/trend-walking.html "$work/"
shoot report-walking.html 1280 2300 walking-report.png
shoot trend-walking.html 1280 1680 trend-walking.png
