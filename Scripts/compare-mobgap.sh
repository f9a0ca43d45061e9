#!/usr/bin/env bash
# Runs Mobilise-D's reference gait pipeline, mobgap 1.2 (Python, from PyPI),
# side by side with HipForm on labelled walking recordings, scores both the
# same way against the labels' initial contacts and walking bouts, and times
# both. See Scripts/compare_mobgap.py for what runs and how it is scored.
#
#   Scripts/compare-mobgap.sh [--markdown FILE] [--json FILE] [--repeats N] [FILE.csv|FOLDER ...]
#
# Default input: ../shared/real/walking beside the project's root (not
# bundled: the recordings are read from there, never copied).
# mobgap goes into a virtualenv under .build-mobgap/ (git-ignored; set
# HIPFORM_MOBGAP_CACHE to put it elsewhere), made once and reused.
# HIPFORM: an already built hipform binary; else .build/release/hipform,
# built with 'swift build -c release --product hipform' when missing.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

MOBGAP_SPEC='mobgap==1.2.*'
# LrcUllrich's pretrained model was pickled with scikit-learn 1.6.1; a newer
# one loads it with a warning that results may be invalid.
SKLEARN_SPEC='scikit-learn==1.6.1'
CACHE="${HIPFORM_MOBGAP_CACHE:-$ROOT/.build-mobgap}"
VENV="$CACHE/venv"
STAMP="$VENV/.hipform-compare-mobgap"

say() { echo "compare-mobgap: $*" >&2; }

# Inputs first: say plainly when there is nothing to compare.
args=() inputs=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --markdown|--json|--repeats) args+=("$1" "$2"); shift 2 ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) args+=("$1"); shift ;;
    *) inputs+=("$1"); shift ;;
  esac
done
if [[ ${#inputs[@]} -eq 0 ]]; then
  REAL="$ROOT/../shared/real/walking"
  if [[ ! -d "$REAL" ]]; then
    say "no recordings given and no ../shared/real/walking beside the project (the real recordings are not bundled); pass files or folders"
    exit 2
  fi
  inputs=("$(cd "$REAL" && pwd)")
fi

# Python 3 with venv.
if ! command -v python3 >/dev/null 2>&1; then
  say "python3 is needed (apt-get install python3 python3-venv)"
  exit 1
fi
if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
  say "installing python3-venv"
  sudo=""
  [[ "$(id -u)" -ne 0 ]] && sudo="sudo"
  if ! { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3-venv >/dev/null; }; then
    say "could not install python3-venv with apt-get (offline, or no root?); install it and run again"
    exit 1
  fi
fi

# The virtualenv with mobgap, made once; remade when the pinned versions change.
want="$MOBGAP_SPEC $SKLEARN_SPEC $(python3 -c 'import sys; print(sys.version.split()[0])')"
if [[ ! -f "$STAMP" || "$(cat "$STAMP")" != "$want" ]] || ! "$VENV/bin/python" -c 'import mobgap' >/dev/null 2>&1; then
  say "installing $MOBGAP_SPEC into $VENV (once; about a minute)"
  rm -rf "$VENV"
  mkdir -p "$CACHE"
  python3 -m venv "$VENV"
  if ! "$VENV/bin/python" -m pip install --disable-pip-version-check -q --timeout 30 --retries 2 \
      "$MOBGAP_SPEC" "$SKLEARN_SPEC" >&2; then
    rm -rf "$VENV"
    say "could not install $MOBGAP_SPEC from PyPI: is this machine offline? (nothing was compared)"
    exit 1
  fi
  echo "$want" > "$STAMP"
fi

# HipForm.
if [[ -z "${HIPFORM:-}" ]]; then
  HIPFORM="$ROOT/.build/release/hipform"
  if [[ ! -x "$HIPFORM" ]]; then
    say "building hipform (release)"
    swift build -c release --product hipform >&2
  fi
fi
if [[ ! -x "$HIPFORM" ]]; then
  say "no hipform binary at $HIPFORM"
  exit 1
fi

# Deterministic numerics: one thread for the numeric libraries, fixed hash seed.
export PYTHONHASHSEED=0 OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 NUMBA_NUM_THREADS=1
export NUMBA_CACHE_DIR="$CACHE/numba-cache"
exec "$VENV/bin/python" "$ROOT/Scripts/compare_mobgap.py" --hipform "$HIPFORM" ${args[@]+"${args[@]}"} "${inputs[@]}"
