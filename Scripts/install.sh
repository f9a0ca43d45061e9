#!/usr/bin/env bash
# Puts `hipform` on the PATH: a link to the built binary in /usr/local/bin
# when that can be written, else in ~/.local/bin. Usage:
#   Scripts/install.sh [BINARY]      (default: the release build)
# BIN_DIR=DIR picks the folder instead.
set -euo pipefail
cd "$(dirname "$0")/.."

binary="${1:-$PWD/.build/release/hipform}"
case "$binary" in /*) ;; *) binary="$PWD/$binary" ;; esac
if [ ! -x "$binary" ]; then
  echo "install: no hipform at $binary; build it first (swift build -c release --product hipform)" >&2
  exit 1
fi
if [ -z "${BIN_DIR:-}" ]; then
  if [ -w /usr/local/bin ]; then BIN_DIR=/usr/local/bin; else BIN_DIR="$HOME/.local/bin"; fi
fi
mkdir -p "$BIN_DIR"
ln -sf "$binary" "$BIN_DIR/hipform"
echo "hipform is now $BIN_DIR/hipform (a link to $binary)" >&2
case ":$PATH:" in
  *":$BIN_DIR:"*) ;;
  *) echo "add it to your PATH: export PATH=\"$BIN_DIR:\$PATH\"" >&2 ;;
esac
