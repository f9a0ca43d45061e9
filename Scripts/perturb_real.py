"""Perturbed copies of real rep recordings, to ask how the rep finder holds
up for people and sensors it has not seen: the same motion turned in
another mounting, slower or quicker, at another rate, with more noise, on
a clock running off. Labels are carried along (their times scaled where
the motion is). Written to a scratch folder, never into the project: the
sources carry no licence.

A recording with gaps in t (segments cut out and joined) keeps them:
each stretch between gaps is resampled on its own. Slower and
quicker copies keep the motion's own acceleration as it was (a slower
person's would be smaller), which matters little where gravity dominates,
as on a thigh during floor exercises.

    python3 Scripts/perturb_real.py VARIANT SOURCE_DIR OUT_DIR

VARIANT is one of
    turnD       the sensor turned D degrees about a random axis (seeded)
    rateR       resampled to R Hz (linear interpolation)
    noiseS      white noise of S g added to each accelerometer axis (seeded)
    slowerF     the motion F times slower, resampled to the file's own rate
    quickerF    the motion F times quicker, resampled likewise
    clockP      time stamps stretched by P percent, the declared rate kept
    nogyro      the gyroscope's columns left out (an accelerometer-only sensor;
                a recording without them is copied as it is)
Walking files' steps and bouts are carried along as reps are. Needs numpy.
"""

import glob
import json
import os
import sys

import numpy as np

LABEL_TIMES = ("start_s", "peak_s", "end_s", "hold_s", "t_s")  # seconds, scaled with time
LABELLED = ("reps", "holds", "sets", "steps", "walking_bouts")


def rotation(axis, degrees):
    axis = axis / np.linalg.norm(axis)
    a = np.radians(degrees)
    k = np.array(
        [[0, -axis[2], axis[1]], [axis[2], 0, -axis[0]], [-axis[1], axis[0], 0]]
    )
    return np.eye(3) + np.sin(a) * k + (1 - np.cos(a)) * k @ k


def resample(t, values, rate, source_rate):
    """Every column of `values` (t among them) at `rate`, stretch by
    stretch: a gap in t (longer than two and a half of the source's sample
    intervals) stays a gap, never filled in by interpolation."""
    breaks = np.flatnonzero(np.diff(t) > 2.5 / source_rate) + 1
    new_ts, stretches = [], []
    for part_t, part in zip(np.split(t, breaks), np.split(values, breaks)):
        new_t = np.arange(part_t[0], part_t[-1], 1 / rate)
        if len(new_t) == 0:
            continue
        columns = [np.interp(new_t, part_t, part[:, i]) for i in range(part.shape[1])]
        new_ts.append(new_t)
        stretches.append(np.stack(columns, 1))
    if not new_ts:
        raise SystemExit(f"no stretch between gaps is a sample at {rate:g} Hz long")
    return np.concatenate(new_ts), np.concatenate(stretches)


def read(path):
    lines = open(path).read().splitlines()
    header = [line for line in lines if line.startswith("#")]
    columns = lines[len(header)]
    rows = [line for line in lines[len(header) + 1 :] if line.strip()]
    try:
        data = np.array([[float(x) for x in row.split(",")] for row in rows])
    except ValueError as error:
        raise SystemExit(f"{path}: a row that is not all numbers ({error})")
    return header, columns, data


def column_indices(columns, names):
    """Indices of `names` in the column row, or None if one is missing."""
    found = [c.strip() for c in columns.split(",")]
    if not all(name in found for name in names):
        return None
    return [found.index(name) for name in names]


def header_value(header, key):
    for line in header:
        if line.startswith(f"# {key}:"):
            return line.split(":", 1)[1].strip()
    return None


def declared_rate(header):
    rate = header_value(header, "rate_hz")
    if rate is None:
        raise SystemExit("no '# rate_hz:' line")
    return float(rate)


def with_rate(header, rate):
    return [
        f"# rate_hz: {rate:g}" if line.startswith("# rate_hz:") else line
        for line in header
    ]


def perturb(variant, header, columns, data, rng):
    """Returns the new header, columns, data and the factor label times
    scale by."""
    accel = column_indices(columns, ("ax", "ay", "az"))
    gyro = column_indices(columns, ("gx", "gy", "gz"))
    if accel is None or column_indices(columns, ("t",)) != [0]:
        raise SystemExit("needs t first and ax, ay, az columns")
    g = 9.80665 if header_value(header, "accel_unit") == "m/s2" else 1.0
    t, values = data[:, 0], data.copy()
    rate = declared_rate(header)
    scale = 1.0
    if variant.startswith("turn"):
        turn = rotation(rng.normal(size=3), float(variant[4:]))
        for triple in (accel, gyro):
            if triple:
                values[:, triple] = values[:, triple] @ turn.T
    elif variant.startswith("rate"):
        source_rate, rate = rate, float(variant[4:])
        header = with_rate(header, rate)
        t, values = resample(t, values, rate, source_rate)
    elif variant.startswith("noise"):
        values[:, accel] += rng.normal(scale=float(variant[5:]) * g, size=(len(t), 3))
    elif variant.startswith("slower") or variant.startswith("quicker"):
        slower = variant.startswith("slower")
        factor = float(variant[len("slower") :] if slower else variant[len("quicker") :])
        scale = factor if slower else 1 / factor
        if gyro:
            values[:, gyro] /= scale  # the same turns, over more time
        t, values = resample(t * scale, values, rate, rate / scale)
    elif variant.startswith("clock"):
        scale = 1 + float(variant[5:]) / 100
        t = t * scale
    elif variant == "nogyro":
        # An accelerometer-only recording is copied as it is.
        kept = [i for i in range(values.shape[1]) if i not in (gyro or [])]
        names = columns.split(",")
        columns = ",".join(names[i] for i in kept)
        header = [line for line in header if not line.startswith("# gyro_unit")]
        values = values[:, kept]
    else:
        raise SystemExit(f"unknown variant {variant!r}")
    values[:, 0] = t
    return header, columns, values, scale


def main():
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    variant, source, out = sys.argv[1:]
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(7)
    for path in sorted(glob.glob(os.path.join(source, "*.csv"))):
        labels_path = path[: -len(".csv")] + ".labels.json"
        if not os.path.exists(labels_path):
            continue
        header, columns, data = read(path)
        header, columns, data, scale = perturb(variant, header, columns, data, rng)
        labels = json.load(open(labels_path))
        for key in LABELLED:
            for item in labels.get(key) or []:
                for name in LABEL_TIMES:
                    if item.get(name) is not None:
                        item[name] = round(item[name] * scale, 3)
        name = os.path.basename(path)
        with open(os.path.join(out, name), "w") as f:
            f.write("\n".join(header) + "\n" + columns + "\n")
            for row in data:
                f.write(
                    f"{row[0]:.4f}," + ",".join(f"{v:.5f}" for v in row[1:]) + "\n"
                )
        with open(os.path.join(out, name[: -len(".csv")] + ".labels.json"), "w") as f:
            json.dump(labels, f)


if __name__ == "__main__":
    main()
