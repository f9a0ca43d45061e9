#!/usr/bin/env bash
# The test command: installs what is missing, checks the style, builds and
# runs every test. CI runs exactly this (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."

# chromium: HipReportTests open the HTML report in a headless browser.
Scripts/setup.sh chromium
swift format lint --strict --recursive Package.swift Sources Tests
swift build --build-tests
swift test --skip-build
