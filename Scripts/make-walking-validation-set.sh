#!/usr/bin/env bash
# A validation set of 12 simulated walking sessions from a lower-back
# (sacrum) or hip sensor: several walkers (cadence, drops, rhythm drawn from
# the seed), a Trendelenburg left and a right file, one without a
# gyroscope, rates 50-200 Hz, mountings off the declared axes by up to
# 20 degrees, and one with long sitting, standing and turning on the spot
# between bouts. Labels hold every initial contact and each bout's cadence
# and true pelvic drop per stance side. Not bundled. Seeds BASE+1 to
# BASE+12; the same BASE gives the same bytes. Score it with
#   .build/release/hipform eval DIR
# Usage: [BASE=3000] Scripts/make-walking-validation-set.sh [DIR]
#   DIR defaults to /tmp/hipform-walking-validation.
set -euo pipefail
cd "$(dirname "$0")/.."
O="${1:-/tmp/hipform-walking-validation}"
BASE="${BASE:-3000}"
mkdir -p "$O"
[ -n "${HIPFORM:-}" ] || swift build -c release --product hipform >&2
H=${HIPFORM:-.build/release/hipform}
s() { "$H" synth --force --exercise walking "$@"; }
s --placement sacrum --rate 100 --seed $((BASE + 1)) $O/walk-sacrum-100.csv
s --placement sacrum --rate 128 --sensor bmi270 --misalignment 12 --cadence 84 --seed $((BASE + 2)) $O/walk-sacrum-128-slow.csv
s --placement sacrum --rate 200 --sensor icm42688 --misalignment 6 --cadence 118 --bouts 5 --seed $((BASE + 3)) $O/walk-sacrum-200-brisk.csv
s --placement sacrum --rate 100 --misalignment 9 --trendelenburg left --seed $((BASE + 4)) $O/walk-sacrum-100-trendelenburg-left.csv
s --placement sacrum --rate 50 --sensor mpu6050 --misalignment 15 --trendelenburg right --seed $((BASE + 5)) $O/walk-sacrum-50-trendelenburg-right.csv
s --placement sacrum --rate 100 --no-gyro --sensor bmi270 --misalignment 10 --seed $((BASE + 6)) $O/walk-sacrum-100-nogyro.csv
s --placement sacrum --rate 100 --misalignment 8 --long-pauses --bouts 5 --seed $((BASE + 7)) $O/walk-sacrum-100-long-pauses.csv
s --placement sacrum --rate 64 --sensor mpu6050 --misalignment 20 --drop-left 5 --drop-right 2 --seed $((BASE + 8)) $O/walk-sacrum-64-tilted20.csv
s --placement sacrum --axes x=up,y=left,z=back --rate 100 --misalignment 5 --bouts 6 --seed $((BASE + 9)) $O/walk-sacrum-rot-100.csv
s --placement hip-right --rate 100 --misalignment 7 --seed $((BASE + 10)) $O/walk-hip-right-100.csv
s --placement sacrum --rate 200 --sensor bmi270 --misalignment 14 --cadence 95 --gaps 2 --bumps 3 --clock-error 1.5 --seed $((BASE + 11)) $O/walk-sacrum-200-gaps-clock.csv
s --placement sacrum --rate 100 --sensor mpu6050 --misalignment 17 --start-mid-set --bouts 3 --cadence 102 --seed $((BASE + 12)) $O/walk-sacrum-100-midbout.csv
