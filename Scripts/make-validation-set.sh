#!/usr/bin/env bash
# Validation sets beside Recordings/: 34 simulated sessions with
# other seeds (201-234), rates (50-1000 Hz), sensors, mountings and rotated
# axes than Recordings/. Not bundled; score it with
#   .build/release/hipform eval DIR
# Usage: [BASE=200] Scripts/make-validation-set.sh [DIR]
#   DIR defaults to /tmp/hipform-validation; BASE=300 makes a second, fresh
#   set (seeds 301-334) with the same sessions.
set -euo pipefail
cd "$(dirname "$0")/.."
O="${1:-/tmp/hipform-validation}"
BASE="${BASE:-200}"
mkdir -p "$O"
[ -n "${HIPFORM:-}" ] || swift build -c release --product hipform >&2
H=${HIPFORM:-.build/release/hipform}
s() { "$H" synth --force "$@"; }
s --exercise bridge --placement hip-right --rate 104 --sensor mpu6050 --misalignment 7 --seed $((BASE + 1)) $O/bridge-hip-right-104.csv
s --exercise bridge --placement sacrum --rate 1000 --sensor bmi270 --seed $((BASE + 2)) $O/bridge-sacrum-1000.csv
s --exercise single-leg-bridge --side right --placement thigh-right --rate 200 --misalignment 10 --seed $((BASE + 3)) $O/slb-right-thigh-200.csv
s --exercise single-leg-bridge --side left --placement sacrum --rate 833 --sensor bmi270 --seed $((BASE + 4)) $O/slb-left-sacrum-833.csv
s --exercise pelvic-tilt --placement sacrum --rate 50 --no-gyro --sensor bmi270 --misalignment 13 --seed $((BASE + 5)) $O/pelvic-tilt-sacrum-50-nogyro.csv
s --exercise pelvic-tilt --placement hip-left --rate 104 --sensor mpu6050 --reps 10 --seed $((BASE + 6)) $O/pelvic-tilt-hip-left-104.csv
s --exercise quadruped-hip-extension --side left --placement sacrum --rate 200 --sensor bmi270 --misalignment 9 --seed $((BASE + 7)) $O/qhe-left-sacrum-200.csv
s --exercise quadruped-hip-extension --side right --placement hip-right --rate 50 --no-gyro --sensor mpu6050 --seed $((BASE + 8)) $O/qhe-right-hip-right-50-nogyro.csv
s --exercise bird-dog --placement sacrum --rate 833 --sensor icm42688 --misalignment 12 --seed $((BASE + 9)) $O/bird-dog-sacrum-833.csv
s --exercise bird-dog --placement sacrum --rate 50 --no-gyro --sensor mpu6050 --reps 10 --seed $((BASE + 10)) $O/bird-dog-sacrum-50-nogyro.csv
s --exercise side-lying-hip-abduction --side left --placement thigh-left --rate 104 --sensor bmi270 --misalignment 6 --seed $((BASE + 11)) $O/slha-left-thigh-104.csv
s --exercise side-lying-hip-abduction --side right --placement sacrum --rate 200 --gaps 2 --seed $((BASE + 12)) $O/slha-right-sacrum-200.csv
s --exercise clamshell --side right --placement thigh-right --rate 50 --no-gyro --sensor bmi270 --seed $((BASE + 13)) $O/clamshell-right-thigh-50-nogyro.csv
s --exercise clamshell --side left --placement sacrum --rate 104 --sensor mpu6050 --misalignment 14 --seed $((BASE + 14)) $O/clamshell-left-sacrum-104.csv
s --exercise prone-hip-extension --side left --placement sacrum --rate 200 --sensor bmi270 --reps 10 --seed $((BASE + 15)) $O/phe-left-sacrum-200.csv
s --exercise prone-hip-extension --side right --placement sacrum --rate 50 --no-gyro --sensor icm42688 --misalignment 8 --seed $((BASE + 16)) $O/phe-right-sacrum-50-nogyro.csv
s --exercise prone-hip-extension --side right --placement hip-right --rate 1000 --sensor icm42688 --seed $((BASE + 17)) $O/phe-right-hip-right-1000.csv
s --exercise standing-hip-flexion --side right --placement thigh-right --rate 833 --sensor mpu6050 --misalignment 4 --seed $((BASE + 18)) $O/shf-right-thigh-833.csv
s --exercise standing-hip-flexion --side left --placement sacrum --rate 104 --sensor bmi270 --seed $((BASE + 19)) $O/shf-left-sacrum-104.csv
s --exercise eccentric-hip-flexion --side left --placement thigh-left --rate 50 --no-gyro --sensor mpu6050 --misalignment 11 --seed $((BASE + 20)) $O/ehf-left-thigh-50-nogyro.csv
s --exercise eccentric-hip-flexion --side right --placement sacrum --rate 200 --sensor icm42688 --seed $((BASE + 21)) $O/ehf-right-sacrum-200.csv
s --exercise seated-foot-taps --placement sacrum --rate 200 --sensor bmi270 --misalignment 5 --seed $((BASE + 22)) $O/sft-sacrum-200.csv
s --exercise seated-foot-taps --placement hip-left --rate 104 --sensor icm42688 --reps 10 --seed $((BASE + 23)) $O/sft-hip-left-104.csv
s --exercise dead-bug --placement sacrum --rate 50 --no-gyro --sensor bmi270 --reps 10 --seed $((BASE + 24)) $O/dead-bug-sacrum-50-nogyro.csv
s --exercise dead-bug --placement hip-right --rate 833 --sensor mpu6050 --misalignment 9 --seed $((BASE + 25)) $O/dead-bug-hip-right-833.csv
s --exercise dead-bug --placement sacrum --axes x=up,y=left,z=back --rate 104 --misalignment 6 --seed $((BASE + 26)) $O/dead-bug-sacrum-rot-104.csv
s --exercise squat --placement hip-left --rate 200 --sensor mpu6050 --misalignment 3 --seed $((BASE + 27)) $O/squat-hip-left-200.csv
s --exercise squat --placement sacrum --rate 50 --no-gyro --sensor bmi270 --seed $((BASE + 28)) $O/squat-sacrum-50-nogyro.csv
s --exercise hip-flexor-stretch --side right --placement sacrum --rate 104 --hold 25 --seed $((BASE + 29)) $O/hfs-right-sacrum-104.csv
s --exercise sit-to-stand --placement sacrum --rate 200 --sensor bmi270 --misalignment 6 --seed $((BASE + 30)) $O/sts-sacrum-200.csv
s --exercise sit-to-stand --placement hip-right --rate 104 --sensor mpu6050 --seed $((BASE + 31)) $O/sts-hip-right-104.csv
s --exercise sit-to-stand --placement sacrum --rate 50 --no-gyro --sets 1 --seed $((BASE + 32)) $O/sts-sacrum-50-nogyro.csv
s --exercise single-leg-bridge --side right --placement sacrum --rate 104 --sensor mpu6050 --gaps 3 --bumps 3 --seed $((BASE + 33)) $O/slb-right-sacrum-104-gaps.csv
s --exercise quadruped-hip-extension --side left --placement sacrum --rate 1000 --sensor icm42688 --misalignment 15 --seed $((BASE + 34)) $O/qhe-left-sacrum-1000.csv
