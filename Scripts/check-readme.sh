#!/usr/bin/env bash
# Runs every example of README.md as typed (each line of a code block that
# starts with `$ `), with `hipform` on the PATH, and checks that what the
# README shows under it (up to a `...` line) is what the command prints.
# An example with a `# comment` after it shows output that varies from run
# to run (timings): it is run, and its output is not compared.
set -euo pipefail
cd "$(dirname "$0")/.."

failures=0
examples=0
while IFS= read -r command; do
  examples=$((examples + 1))
  # What the README shows under the command, up to "..." or the block's end.
  shown="$(awk -v cmd="\$ $command" '
    $0 == cmd { on = 1; next }
    on && ($0 == "```" || $0 == "..." || /^\$ /) { exit }
    on { print }' README.md)"
  echo "\$ $command" >&2
  if ! output="$(bash -c "$command" 2>&1)"; then
    echo "  FAILED (exit status): $command" >&2
    echo "$output" | tail -5 >&2
    failures=$((failures + 1))
    continue
  fi
  while IFS= read -r line; do
    [ -z "$line" ] && continue
    if ! grep -qxF -- "$line" <<<"$output"; then
      echo "  README shows a line the command did not print: $line" >&2
      failures=$((failures + 1))
    fi
  done <<<"$shown"
done < <(awk '/^```/ { block = !block; next } block && /^\$ / { sub(/^\$ /, ""); sub(/[ ]+#.*$/, ""); print }' README.md)
echo "README examples: $examples run, $failures problems" >&2
[ "$failures" -eq 0 ]
