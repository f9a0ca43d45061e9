#!/usr/bin/env bash
# Formats every Swift file in place, then checks the result as CI does.
set -euo pipefail
cd "$(dirname "$0")/.."
swift format format --in-place --recursive Package.swift Sources Tests
swift format lint --strict --recursive Package.swift Sources Tests
