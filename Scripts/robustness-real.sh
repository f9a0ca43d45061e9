#!/usr/bin/env bash
# How the rep finder holds up beyond the people and sensors in
# ../shared/real: perturbed copies of a real folder (Scripts/perturb_real.py:
# the same motion turned, slower or quicker, resampled, noisier, on a clock
# running off), each scored with 'hipform eval'. A rule that only fits the
# files as they are shows here as a fall on their perturbed copies.
#
#   Scripts/robustness-real.sh [FOLDER]     (default ../shared/real/mex)
#
# VARIANTS (a space-separated list) picks the copies to make.
#
# Copies go to a scratch folder (HIPFORM_SCRATCH, default
# /tmp/hipform-robustness, then the source folder's name), never into the
# project; each run makes them afresh. Needs python3 with
# numpy. HIPFORM: an already built hipform binary; else .build/release/hipform.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SOURCE="${1:-$ROOT/../shared/real/mex}"
SCRATCH="${HIPFORM_SCRATCH:-/tmp/hipform-robustness}/$(basename "$SOURCE")"
if [[ -z "${HIPFORM:-}" ]]; then
  (cd "$ROOT" && swift build -c release --product hipform >&2)
  HIPFORM="$ROOT/.build/release/hipform"
fi
[[ -d "$SOURCE" ]] || { echo "robustness-real: no folder $SOURCE" >&2; exit 1; }

score() {
  local out f1 exact
  out="$("$HIPFORM" eval "$1" 2>&1)" || true
  if echo "$out" | grep -q "^  steps"; then
    # Walking: contacts, their sides, steps per bout.
    printf "%-14s steps %s; side %s; bouts %s\n" "$2" \
      "$(echo "$out" | grep -m1 "FP .* FN" | sed -E 's/^ +//')" \
      "$(echo "$out" | grep -m1 "^  step side" | awk '{print $3}')" \
      "$(echo "$out" | grep -m1 "^  bouts" | awk '{print $2"/"$4}')"
    return
  fi
  f1=$(echo "$out" | grep -m1 "precision" | sed 's/.*F1 //' || true)
  exact=$(echo "$out" | grep -m1 "^  counts" \
    | sed -E 's/^  counts +//; s/ recordings counted exactly//' || true)
  printf "%-14s rep F1 %-6s files exact %s\n" "$2" "${f1:-?}" "${exact:-?}"
}

score "$SOURCE" "as recorded"
# Walking is not stretched in time: a slower walk lands softer, which a
# stretched recording does not.
variants="turn45 slower1.1 slower1.25 quicker1.25 rate50 rate25 noise0.01 clock3 nogyro"
if cat "$SOURCE"/*.labels.json | grep -q '"t_s"'; then
  variants="turn45 rate50 rate25 noise0.01 clock3 nogyro"
fi
for variant in ${VARIANTS:-$variants}; do
  rm -rf "${SCRATCH:?}/$variant"
  python3 "$ROOT/Scripts/perturb_real.py" "$variant" "$SOURCE" "$SCRATCH/$variant"
  score "$SCRATCH/$variant" "$variant"
done
