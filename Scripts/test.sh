#!/usr/bin/env bash
# The test command: installs what is missing, checks the style, builds and
# runs every test. CI runs exactly this (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."

# chromium: HipReportTests open the HTML report in a headless browser.
# umockdev: the USB tests run libusb against emulated devices.
Scripts/setup.sh chromium umockdev libumockdev-dev
swift format lint --strict --recursive Package.swift Sources Tests
swift build --build-tests
swift test --skip-build --skip USBEmulated
# The README's examples as typed, with `hipform` put on the PATH by the
# same install step the README gives.
readme_bin="$(mktemp -d)"
BIN_DIR="$readme_bin" Scripts/install.sh "$(swift build --show-bin-path)/hipform"
PATH="$readme_bin:$PATH" Scripts/check-readme.sh
# The real recordings beside the project (CI has them; a user's clone does
# not, and the script says it skipped them).
HIPFORM="$(swift build --show-bin-path)/hipform" Scripts/eval-real.sh
# The emulated-USB suites need umockdev's preload from process start; here
# they must run, not skip.
HIPFORM_REQUIRE_USB_EMULATION=1 umockdev-wrapper \
  swift test --skip-build --filter USBEmulated
