#!/usr/bin/env bash
# A validation set of 40 simulated sessions that do what real recordings do
# (../shared/real/README.md) and the tidy sets do not: start mid-set, reps
# back to back, squats cut into rep segments and joined (gaps in t),
# thigh straps turned 20-45 degrees, accelerometer-only thighs, device
# clocks 1-4 % off, fidgets between reps; over the catalogue's exercises,
# placements, rates (50-1000 Hz) and sensors. Not bundled. Seeds BASE+1 to
# BASE+40; the same BASE gives the same bytes.
# Usage: [BASE=2000] Scripts/make-realistic-validation-set.sh [DIR]
#   DIR defaults to /tmp/hipform-realistic-validation.
set -euo pipefail
cd "$(dirname "$0")/.."
O="${1:-/tmp/hipform-realistic-validation}"
BASE="${BASE:-2000}"
mkdir -p "$O"
swift build -c release --product hipform >&2
H=.build/release/hipform
s() { "$H" synth --force "$@"; }
# Thighs with turned straps, some without a gyroscope, some started mid-set.
# (No alternating exercise on a thigh: the sensor's thigh barely moves in
# the other leg's reps, which the labels would then mark partial.)
s --exercise bridge --placement thigh-left --rate 100 --no-gyro --sensor bmi270 --strap-turn 32 --start-mid-set --seed $((BASE + 1)) $O/bridge-thigh-left-100-nogyro-strap32-midset.csv
s --exercise bridge --placement thigh-right --rate 50 --no-gyro --sensor mpu6050 --strap-turn 41 --fidgets 3 --seed $((BASE + 2)) $O/bridge-thigh-right-50-nogyro-strap41-fidgets.csv
s --exercise bridge --placement sacrum --rate 200 --back-to-back --clock-error 2.5 --seed $((BASE + 3)) $O/bridge-sacrum-200-backtoback-clock.csv
s --exercise clamshell --side right --placement thigh-right --rate 100 --no-gyro --strap-turn 25 --start-mid-set --sets 1 --reps 12 --seed $((BASE + 4)) $O/clamshell-right-thigh-100-nogyro-strap25-midset.csv
s --exercise clamshell --side left --placement thigh-left --rate 104 --sensor bmi270 --strap-turn 38 --fidgets 2 --clock-error=-1.5 --seed $((BASE + 5)) $O/clamshell-left-thigh-104-strap38-fidgets-clock.csv
s --exercise clamshell --side left --placement hip-left --rate 50 --no-gyro --sensor mpu6050 --start-mid-set --seed $((BASE + 6)) $O/clamshell-left-hip-50-nogyro-midset.csv
s --exercise quadruped-hip-extension --side left --placement thigh-left --rate 100 --no-gyro --strap-turn 44 --start-mid-set --sets 1 --reps 10 --seed $((BASE + 7)) $O/qhe-left-thigh-left-100-nogyro-strap44-midset.csv
s --exercise bird-dog --placement sacrum --rate 833 --sensor icm42688 --fidgets 4 --clock-error 3 --seed $((BASE + 8)) $O/bird-dog-sacrum-833-fidgets-clock.csv
s --exercise pelvic-tilt --placement thigh-right --rate 100 --no-gyro --sensor bmi270 --strap-turn 20 --start-mid-set --reps 10 --seed $((BASE + 9)) $O/pelvic-tilt-thigh-right-100-nogyro-strap20-midset.csv
s --exercise pelvic-tilt --placement sacrum --rate 104 --sensor mpu6050 --back-to-back --fidgets 2 --seed $((BASE + 10)) $O/pelvic-tilt-sacrum-104-backtoback-fidgets.csv
s --exercise single-leg-bridge --side left --placement thigh-left --rate 200 --strap-turn 29 --clock-error=-3 --seed $((BASE + 11)) $O/slb-left-thigh-200-strap29-clock.csv
s --exercise single-leg-bridge --side right --placement sacrum --rate 50 --no-gyro --sensor bmi270 --start-mid-set --back-to-back --seed $((BASE + 12)) $O/slb-right-sacrum-50-nogyro-midset-backtoback.csv
s --exercise quadruped-hip-extension --side right --placement thigh-right --rate 100 --no-gyro --sensor mpu6050 --strap-turn 35 --fidgets 3 --seed $((BASE + 13)) $O/qhe-right-thigh-100-nogyro-strap35-fidgets.csv
s --exercise quadruped-hip-extension --side left --placement hip-left --rate 1000 --start-mid-set --clock-error 1 --seed $((BASE + 14)) $O/qhe-left-hip-1000-midset-clock.csv
s --exercise side-lying-hip-abduction --side right --placement thigh-right --rate 104 --sensor bmi270 --strap-turn 27 --start-mid-set --seed $((BASE + 15)) $O/slha-right-thigh-104-strap27-midset.csv
s --exercise side-lying-hip-abduction --side left --placement sacrum --rate 50 --no-gyro --sensor mpu6050 --fidgets 3 --clock-error 2 --seed $((BASE + 16)) $O/slha-left-sacrum-50-nogyro-fidgets-clock.csv
s --exercise prone-hip-extension --side left --placement thigh-left --rate 100 --no-gyro --strap-turn 40 --back-to-back --seed $((BASE + 17)) $O/phe-left-thigh-100-nogyro-strap40-backtoback.csv
s --exercise prone-hip-extension --side right --placement hip-right --rate 200 --sensor mpu6050 --start-mid-set --fidgets 2 --seed $((BASE + 18)) $O/phe-right-hip-200-midset-fidgets.csv
s --exercise standing-hip-flexion --side right --placement thigh-right --rate 833 --sensor bmi270 --strap-turn 23 --clock-error=-2 --seed $((BASE + 19)) $O/shf-right-thigh-833-strap23-clock.csv
s --exercise standing-hip-flexion --side left --placement sacrum --rate 100 --back-to-back --start-mid-set --seed $((BASE + 20)) $O/shf-left-sacrum-100-backtoback-midset.csv
s --exercise eccentric-hip-flexion --side left --placement thigh-left --rate 50 --no-gyro --sensor mpu6050 --strap-turn 33 --fidgets 2 --seed $((BASE + 21)) $O/ehf-left-thigh-50-nogyro-strap33-fidgets.csv
s --exercise eccentric-hip-flexion --side right --placement sacrum --rate 104 --start-mid-set --clock-error 4 --seed $((BASE + 22)) $O/ehf-right-sacrum-104-midset-clock.csv
s --exercise seated-foot-taps --placement hip-left --rate 200 --sensor bmi270 --back-to-back --fidgets 2 --seed $((BASE + 23)) $O/sft-hip-left-200-backtoback-fidgets.csv
s --exercise seated-foot-taps --placement sacrum --rate 50 --no-gyro --start-mid-set --clock-error=-2.5 --seed $((BASE + 24)) $O/sft-sacrum-50-nogyro-midset-clock.csv
s --exercise dead-bug --placement sacrum --rate 100 --sensor mpu6050 --start-mid-set --fidgets 3 --seed $((BASE + 25)) $O/dead-bug-sacrum-100-midset-fidgets.csv
s --exercise dead-bug --placement hip-right --rate 1000 --back-to-back --clock-error 1.5 --seed $((BASE + 26)) $O/dead-bug-hip-right-1000-backtoback-clock.csv
# Squats: back to back, and cut into rep segments and joined.
s --exercise squat --placement sacrum --rate 100 --back-to-back --sets 1 --reps 10 --seed $((BASE + 27)) $O/squat-sacrum-100-backtoback.csv
s --exercise squat --placement thigh-right --rate 100 --no-gyro --sensor bmi270 --strap-turn 36 --back-to-back --start-mid-set --seed $((BASE + 28)) $O/squat-thigh-right-100-nogyro-strap36-backtoback-midset.csv
s --exercise squat --placement sacrum --rate 100 --cut-joined --sets 1 --reps 5 --seed $((BASE + 29)) $O/squat-sacrum-100-cutjoined.csv
s --exercise squat --placement hip-left --rate 128 --sensor mpu6050 --cut-joined --sets 1 --reps 6 --clock-error 1 --seed $((BASE + 30)) $O/squat-hip-left-128-cutjoined-clock.csv
s --exercise squat --placement sacrum --rate 50 --no-gyro --cut-joined --sets 1 --reps 8 --start-mid-set --seed $((BASE + 31)) $O/squat-sacrum-50-nogyro-cutjoined-midset.csv
s --exercise squat --placement thigh-left --rate 200 --sensor bmi270 --strap-turn 30 --cut-joined --sets 1 --reps 5 --seed $((BASE + 32)) $O/squat-thigh-left-200-strap30-cutjoined.csv
# Five-times sit-to-stand: back to back, as fast as possible.
s --exercise sit-to-stand --placement sacrum --rate 128 --back-to-back --sets 1 --seed $((BASE + 33)) $O/sts-sacrum-128-backtoback.csv
s --exercise sit-to-stand --placement sacrum --rate 100 --sensor mpu6050 --back-to-back --start-mid-set --sets 1 --clock-error=-1 --seed $((BASE + 34)) $O/sts-sacrum-100-backtoback-midset-clock.csv
s --exercise sit-to-stand --placement thigh-left --rate 100 --no-gyro --strap-turn 42 --back-to-back --seed $((BASE + 35)) $O/sts-thigh-left-100-nogyro-strap42-backtoback.csv
s --exercise sit-to-stand --placement hip-right --rate 50 --no-gyro --sensor bmi270 --back-to-back --fidgets 1 --seed $((BASE + 36)) $O/sts-hip-right-50-nogyro-backtoback-fidgets.csv
s --exercise sit-to-stand --placement sacrum --rate 1000 --sensor icm42688 --cut-joined --sets 1 --seed $((BASE + 37)) $O/sts-sacrum-1000-cutjoined.csv
# A stretch and a long hold started mid-set; alternating reps back to back.
s --exercise hip-flexor-stretch --side left --placement sacrum --rate 100 --start-mid-set --hold 30 --clock-error 3.5 --seed $((BASE + 38)) $O/hfs-left-sacrum-100-midset-clock.csv
s --exercise bridge --placement hip-right --rate 104 --sensor mpu6050 --sets 1 --reps 6 --long-hold 30 --fidgets 2 --start-mid-set --seed $((BASE + 39)) $O/bridge-long-hold-hip-right-104-fidgets-midset.csv
s --exercise bird-dog --placement hip-right --rate 50 --no-gyro --sensor mpu6050 --back-to-back --clock-error=-4 --reps 10 --seed $((BASE + 40)) $O/bird-dog-hip-right-50-nogyro-backtoback-clock.csv
