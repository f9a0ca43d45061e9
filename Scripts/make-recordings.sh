#!/usr/bin/env bash
# Regenerates every simulated recording in Recordings/ (and its
# .labels.json) with the exact commands listed in Recordings/README.md.
# The simulator is deterministic: the same command gives the same bytes.
# Set HIPFORM to use an already built binary.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -z "${HIPFORM:-}" ]]; then
  swift build -c release --product hipform >&2
  HIPFORM=.build/release/hipform
fi

synth() { "$HIPFORM" synth --force "$@"; }
R=Recordings

synth --exercise bridge --placement sacrum --rate 100 --seed 1 $R/bridge-sacrum-100hz.csv
synth --exercise bridge --placement thigh-left --rate 50 --no-gyro --sensor bmi270 --misalignment 8 --bumps 2 --seed 2 $R/bridge-thigh-left-50hz-nogyro.csv
synth --exercise bridge --placement sacrum --rate 100 --sensor mpu6050 --sets 1 --reps 6 --long-hold 40 --seed 3 $R/bridge-long-hold-sacrum-100hz.csv
synth --exercise single-leg-bridge --side left --placement hip-left --rate 100 --reps 10 --gaps 2 --seed 4 $R/single-leg-bridge-left-hip-left-100hz.csv
synth --exercise single-leg-bridge --side right --placement sacrum --rate 50 --no-gyro --sensor mpu6050 --misalignment 12 --seed 5 $R/single-leg-bridge-right-sacrum-50hz-nogyro.csv
synth --exercise pelvic-tilt --placement sacrum --rate 100 --reps 10 --seed 6 $R/pelvic-tilt-sacrum-100hz.csv
synth --exercise pelvic-tilt --placement hip-right --rate 200 --sensor bmi270 --reps 6 --misalignment 6 --seed 7 $R/pelvic-tilt-hip-right-200hz.csv
synth --exercise quadruped-hip-extension --side right --placement sacrum --rate 100 --seed 8 $R/quadruped-hip-extension-right-sacrum-100hz.csv
synth --exercise quadruped-hip-extension --side left --placement thigh-left --rate 50 --no-gyro --sensor mpu6050 --misalignment 15 --seed 9 $R/quadruped-hip-extension-left-thigh-left-50hz-nogyro.csv
synth --exercise bird-dog --placement sacrum --rate 100 --reps 10 --seed 10 $R/bird-dog-sacrum-100hz.csv
synth --exercise bird-dog --placement hip-left --rate 50 --no-gyro --sensor bmi270 --misalignment 10 --gaps 3 --seed 11 $R/bird-dog-hip-left-50hz-nogyro.csv
synth --exercise side-lying-hip-abduction --side right --placement thigh-right --rate 100 --seed 12 $R/side-lying-hip-abduction-right-thigh-right-100hz.csv
synth --exercise side-lying-hip-abduction --side both --placement sacrum --rate 50 --sensor mpu6050 --bumps 2 --seed 13 $R/side-lying-hip-abduction-both-sacrum-50hz.csv
synth --exercise clamshell --side left --placement thigh-left --rate 100 --sensor bmi270 --reps 10 --seed 14 $R/clamshell-left-thigh-left-100hz.csv
synth --exercise clamshell --side right --placement hip-right --rate 50 --no-gyro --misalignment 9 --seed 15 $R/clamshell-right-hip-right-50hz-nogyro.csv
synth --exercise prone-hip-extension --side right --placement sacrum --rate 100 --reps 10 --seed 16 $R/prone-hip-extension-right-sacrum-100hz.csv
synth --exercise prone-hip-extension --side left --placement thigh-left --rate 400 --reps 6 --gaps 2 --seed 17 $R/prone-hip-extension-left-thigh-left-400hz.csv
synth --exercise standing-hip-flexion --side left --placement thigh-left --rate 100 --seed 18 $R/standing-hip-flexion-left-thigh-left-100hz.csv
synth --exercise standing-hip-flexion --side right --placement sacrum --rate 50 --no-gyro --sensor mpu6050 --misalignment 14 --seed 19 $R/standing-hip-flexion-right-sacrum-50hz-nogyro.csv
synth --exercise eccentric-hip-flexion --side right --placement thigh-right --rate 100 --reps 6 --seed 20 $R/eccentric-hip-flexion-right-thigh-right-100hz.csv
synth --exercise eccentric-hip-flexion --side left --placement sacrum --rate 50 --no-gyro --sensor bmi270 --gaps 2 --seed 21 $R/eccentric-hip-flexion-left-sacrum-50hz-nogyro.csv
synth --exercise seated-foot-taps --placement sacrum --rate 100 --reps 10 --seed 22 $R/seated-foot-taps-sacrum-100hz.csv
synth --exercise seated-foot-taps --placement hip-right --rate 50 --no-gyro --sensor mpu6050 --misalignment 7 --seed 23 $R/seated-foot-taps-hip-right-50hz-nogyro.csv
synth --exercise dead-bug --placement sacrum --rate 100 --seed 24 $R/dead-bug-sacrum-100hz.csv
synth --exercise dead-bug --placement sacrum --axes x=up,y=left,z=back --rate 200 --sensor bmi270 --reps 6 --misalignment 11 --seed 25 $R/dead-bug-sacrum-200hz-rotated-axes.csv
synth --exercise squat --placement sacrum --rate 100 --reps 10 --seed 26 $R/squat-sacrum-100hz.csv
synth --exercise squat --placement thigh-right --rate 50 --no-gyro --sensor mpu6050 --misalignment 5 --bumps 2 --seed 27 $R/squat-thigh-right-50hz-nogyro.csv
synth --exercise hip-flexor-stretch --side left --placement sacrum --rate 100 --hold 30 --seed 28 $R/hip-flexor-stretch-left-sacrum-100hz.csv
synth --exercise hip-flexor-stretch --side right --placement hip-right --rate 50 --no-gyro --sensor bmi270 --hold 40 --misalignment 6 --seed 29 $R/hip-flexor-stretch-right-hip-right-50hz-nogyro.csv
synth --exercise sit-to-stand --placement sacrum --rate 100 --sets 1 --reps 5 --seed 30 $R/sit-to-stand-sacrum-100hz.csv
synth --exercise sit-to-stand --placement thigh-left --rate 200 --sensor bmi270 --misalignment 8 --seed 31 $R/sit-to-stand-thigh-left-200hz.csv
synth --exercise walking --placement sacrum --rate 100 --trendelenburg right --seed 32 $R/walking-sacrum-100hz-trendelenburg-right.csv
synth --exercise walking --placement sacrum --rate 50 --no-gyro --sensor mpu6050 --misalignment 6 --long-pauses --seed 33 $R/walking-sacrum-50hz-nogyro.csv
