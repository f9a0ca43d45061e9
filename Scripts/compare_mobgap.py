#!/usr/bin/env python3
"""Mobilise-D's reference pipeline (mobgap 1.2) side by side with HipForm on
labelled walking recordings (format v1 CSV + NAME.labels.json).

Run it through Scripts/compare-mobgap.sh, which makes the virtualenv with
mobgap in it and finds the hipform binary. What it does, per recording:

- mobgap "P1 pipeline" (MobilisedPipelineHealthy, the Mobilise-D pipeline for
  healthy and mildly impaired gait) on the whole file: GsdIluz finds gait
  sequences, IcdIonescu finds initial contacts in each, LrcUllrich
  (msproject_all model) gives each its side, WbAssembly keeps the walking
  bouts. Scored: the contacts inside its final walking bouts. Stride length,
  walking speed, DMO thresholds and aggregation are switched off (they need
  the wearer's height, which the files do not give, and do not move a
  contact); without stride lengths WbAssembly's stride-length rule (>= 0.15 m)
  is skipped, the stride-duration rule stays.
- mobgap "ICD on reference bouts": IcdIonescu + LrcUllrich on each reference
  walking bout, the way mobgap validates an IC detector on its own (it is told
  where walking is, so it cannot report steps outside the bouts).
- For both, the side is also given by LrcMansour (Ben Mansour et al. 2015: a
  left contact where the 1 Hz low-passed medio-lateral acceleration rises) on
  the same contacts: column "side BM".
- HipForm: `hipform analyze FILE --format json`, its `steps`.

Scoring (the same for every method): contacts matched one-to-one within
0.25 s, nearest pairs first; precision, recall, median |timing error| of the
matched, share of matched with the right side; detected steps outside every
reference bout are false positives. Per reference bout: detected steps inside
it (its first to last contact, widened by the 0.25 s tolerance) against its
n_initial_contacts, within 1; cadence 60 / mean step time of those steps
against the bout's cadence_spm, median absolute error.

Axes: mobgap's lower-back sensor frame (docs/guides/coordinate_system.md of
mobgap) is x -> inferior-superior (up), y -> medio-lateral, z ->
posterior-anterior (forward), right-handed, so y points to the wearer's right.
The file's `axes` line says where each of its sensor axes points; each mobgap
axis is taken from the file's axis along it (or against it, negated).
Accelerometer in m/s2 (1 g = 9.80665 m/s2), gyroscope in deg/s.
"""

from __future__ import annotations

import argparse
import bisect
import glob
import json
import math
import os
import statistics
import subprocess
import sys
import time
import warnings

TOLERANCE_S = 0.25
G = 9.80665
OPPOSITE = {"up": "down", "down": "up", "left": "right", "right": "left", "forward": "back", "back": "forward"}
# mobgap's sensor frame for the lower back: x up (IS), y right (ML), z forward (PA).
MOBGAP_FRAME = (("x", "up"), ("y", "right"), ("z", "forward"))


# ----------------------------------------------------------------- reading

class Recording:
    def __init__(self, path: str):
        self.path = path
        self.name = os.path.splitext(os.path.basename(path))[0]
        self.meta: dict[str, str] = {}
        header_lines = 0
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if not line.startswith("#"):
                    self.columns = line.strip().split(",")
                    break
                header_lines += 1
                key, _, value = line[1:].partition(":")
                self.meta[key.strip()] = value.strip()
        self.header_lines = header_lines
        self.rate_hz = float(self.meta["rate_hz"])
        self.axes = dict(part.strip().split("=") for part in self.meta["axes"].split(","))
        self.has_gyro = all(c in self.columns for c in ("gx", "gy", "gz"))
        labels_path = os.path.splitext(path)[0] + ".labels.json"
        self.labels = None
        if os.path.exists(labels_path):
            with open(labels_path, encoding="utf-8") as fh:
                self.labels = json.load(fh)

    def load(self):
        """The samples as a mobgap IMU data frame and their times."""
        import numpy as np
        import pandas as pd

        df = pd.read_csv(self.path, skiprows=self.header_lines)
        required = ["t", "ax", "ay", "az"] + (["gx", "gy", "gz"] if self.has_gyro else [])
        df = df[required].apply(pd.to_numeric, errors="coerce")
        self.invalid = int((~np.isfinite(df.to_numpy()).all(axis=1)).sum())
        df = df[np.isfinite(df.to_numpy()).all(axis=1)].reset_index(drop=True)
        self.t = df["t"].to_numpy()
        self.n = len(df)
        acc_scale = G if self.meta.get("accel_unit", "g") == "g" else 1.0
        gyr_scale = 180.0 / math.pi if self.meta.get("gyro_unit", "dps") == "rad/s" else 1.0
        out = {}
        for mob_axis, direction in MOBGAP_FRAME:
            src, sign = None, 0
            for axis in ("x", "y", "z"):
                if self.axes.get(axis) == direction:
                    src, sign = axis, 1.0
                elif self.axes.get(axis) == OPPOSITE[direction]:
                    src, sign = axis, -1.0
            if src is None:
                raise SystemExit(f"{self.path}: axes '{self.meta['axes']}' name no axis along {direction}")
            out[f"acc_{mob_axis}"] = sign * acc_scale * df["a" + src].to_numpy()
            if self.has_gyro:
                out[f"gyr_{mob_axis}"] = sign * gyr_scale * df["g" + src].to_numpy()
        return pd.DataFrame(out)

    def index_at(self, t_s: float) -> int:
        """The sample nearest to t_s."""
        i = bisect.bisect_left(self.t, t_s)
        if i >= len(self.t):
            return len(self.t) - 1
        if i > 0 and t_s - self.t[i - 1] <= self.t[i] - t_s:
            return i - 1
        return i


# ----------------------------------------------------------------- scoring

def match(ref: list[float], det: list[float], tol: float = TOLERANCE_S):
    """One-to-one pairs within tol, nearest first: [(i_ref, j_det)]."""
    pairs = []
    for i, r in enumerate(ref):
        lo = bisect.bisect_left(det, r - tol - 1e-9)
        hi = bisect.bisect_right(det, r + tol + 1e-9)
        for j in range(lo, hi):
            pairs.append((round(abs(det[j] - r), 9), i, j))
    pairs.sort()
    used_r, used_d, out = set(), set(), []
    for _, i, j in pairs:
        if i not in used_r and j not in used_d:
            used_r.add(i)
            used_d.add(j)
            out.append((i, j))
    return sorted(out)


def score(labels: dict, steps: list[dict]) -> dict:
    """The figures for one recording; counts kept so that totals pool them."""
    ref = sorted(labels.get("steps", []), key=lambda s: s["t_s"])
    det = sorted(steps, key=lambda s: s["t_s"])
    rt = [s["t_s"] for s in ref]
    dt = [s["t_s"] for s in det]
    pairs = match(rt, dt)
    errors = [abs(dt[j] - rt[i]) for i, j in pairs]
    side_ok = sum(1 for i, j in pairs if det[j].get("side") == ref[i].get("side"))
    side_bm_ok = sum(1 for i, j in pairs if det[j].get("side_bm") == ref[i].get("side"))
    has_bm = any("side_bm" in s for s in det)
    bouts = []
    for b in labels.get("walking_bouts", []):
        lo, hi = b["start_s"] - TOLERANCE_S, b["end_s"] + TOLERANCE_S
        inside = [t for t in dt if lo <= t <= hi]
        cad = None
        if len(inside) >= 2 and inside[-1] > inside[0]:
            cad = 60.0 * (len(inside) - 1) / (inside[-1] - inside[0])
        bouts.append({
            "start_s": b["start_s"], "end_s": b["end_s"],
            "ref_steps": b["n_initial_contacts"], "steps": len(inside),
            "within_1": abs(len(inside) - b["n_initial_contacts"]) <= 1,
            "ref_cadence_spm": b["cadence_spm"], "cadence_spm": cad,
            "cadence_error_spm": None if cad is None else abs(cad - b["cadence_spm"]),
        })
    return {
        "ref": len(rt), "det": len(dt), "tp": len(pairs), "errors": errors,
        "side_ok": side_ok, "side_bm_ok": side_bm_ok if has_bm else None, "bouts": bouts,
    }


def summarize(parts: list[dict]) -> dict:
    ref = sum(p["ref"] for p in parts)
    det = sum(p["det"] for p in parts)
    tp = sum(p["tp"] for p in parts)
    errors = [e for p in parts for e in p["errors"]]
    bouts = [b for p in parts for b in p["bouts"]]
    cad = [b["cadence_error_spm"] for b in bouts if b["cadence_error_spm"] is not None]
    bm = [p["side_bm_ok"] for p in parts]
    return {
        "ref": ref, "det": det, "tp": tp,
        "precision": tp / det if det else None,
        "recall": tp / ref if ref else None,
        "median_error_s": statistics.median(errors) if errors else None,
        "side": sum(p["side_ok"] for p in parts) / tp if tp else None,
        "side_bm": (sum(bm) / tp if tp else None) if all(x is not None for x in bm) else None,
        "bouts": len(bouts),
        "bouts_within_1": sum(1 for b in bouts if b["within_1"]),
        "cadence_median_error_spm": statistics.median(cad) if cad else None,
        "bouts_with_cadence": len(cad),
    }


# ----------------------------------------------------------------- mobgap

def mobgap_import():
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import mobgap  # noqa: F401
        from mobgap.data import GaitDatasetFromData  # noqa: F401
        from mobgap.initial_contacts import IcdIonescu  # noqa: F401
        from mobgap.laterality import LrcMansour, LrcUllrich  # noqa: F401
        from mobgap.pipeline import MobilisedPipelineHealthy  # noqa: F401
    return time.perf_counter() - t0


def mobgap_pipeline(rec: Recording, data):
    """P1 pipeline on the whole file; returns steps inside its final walking bouts."""
    from mobgap.data import GaitDatasetFromData
    from mobgap.laterality import LrcMansour
    from mobgap.pipeline import MobilisedPipelineHealthy

    ds = GaitDatasetFromData(
        {rec.name: {"LowerBack": data}}, rec.rate_hz,
        {rec.name: {"cohort": "HA", "height_m": None, "sensor_height_m": None}},
        {rec.name: {"measurement_condition": "laboratory"}},
    )[0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        p = MobilisedPipelineHealthy(
            stride_length_calculation=None, walking_speed_calculation=None,
            dmo_thresholds=None, dmo_aggregation=None,
        ).run(ds)
    return p


def pipeline_steps(rec: Recording, data, p):
    from mobgap.laterality import LrcMansour
    from mobgap.utils.conversions import to_body_frame

    ics = p.raw_ic_list_.reset_index()
    if ics.empty:
        return [], []
    body = to_body_frame(data)
    # Ben Mansour's side on the same contacts, per gait sequence as the pipeline runs its LRC.
    bm = {}
    for gs_id, gs in p.gs_list_.iterrows():
        sub = ics[ics["gs_id"] == gs_id]
        if sub.empty:
            continue
        rel = sub[["ic"]].copy()
        rel["ic"] = rel["ic"] - int(gs["start"])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            lr = LrcMansour().predict(body.iloc[int(gs["start"]):int(gs["end"])].reset_index(drop=True),
                                      rel, sampling_rate_hz=rec.rate_hz).ic_lr_list_
        for ic, side in zip(sub["ic"], lr["lr_label"]):
            bm[int(ic)] = side
    wbs = p.wba_.wb_meta_parameters_ if len(p.wba_.annotated_stride_list_) else None
    raw, kept = [], []
    for ic, side in zip(ics["ic"], ics["lr_label"]):
        ic = int(ic)
        step = {"t_s": round(float(rec.t[min(ic, rec.n - 1)]), 4), "side": side, "side_bm": bm.get(ic)}
        raw.append(step)
        if wbs is not None and any(int(w["start"]) <= ic <= int(w["end"]) for _, w in wbs.iterrows()):
            kept.append(step)
    dedup = {}
    for s in kept:
        dedup.setdefault(s["t_s"], s)
    return [dedup[k] for k in sorted(dedup)], raw


def mobgap_on_bouts(rec: Recording, data, side_bm: bool = True):
    """IcdIonescu + LrcUllrich (and LrcMansour) on each reference walking bout."""
    from mobgap.initial_contacts import IcdIonescu
    from mobgap.laterality import LrcMansour, LrcUllrich
    from mobgap.utils.conversions import to_body_frame

    body = to_body_frame(data)
    steps = []
    for b in rec.labels.get("walking_bouts", []):
        start, end = rec.index_at(b["start_s"]), rec.index_at(b["end_s"]) + 1
        gs = body.iloc[start:end].reset_index(drop=True)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ic = IcdIonescu().detect(gs, sampling_rate_hz=rec.rate_hz).ic_list_
            if ic.empty:
                continue
            lr = LrcUllrich().predict(gs, ic, sampling_rate_hz=rec.rate_hz).ic_lr_list_
            bm = LrcMansour().predict(gs, ic, sampling_rate_hz=rec.rate_hz).ic_lr_list_ if side_bm else lr
        for i, side, bm_side in zip(lr["ic"], lr["lr_label"], bm["lr_label"]):
            step = {"t_s": round(float(rec.t[start + int(i)]), 4), "side": side}
            if side_bm:
                step["side_bm"] = bm_side
            steps.append(step)
    return sorted(steps, key=lambda s: s["t_s"])


def bout_samples(rec: Recording) -> int:
    return sum(rec.index_at(b["end_s"]) + 1 - rec.index_at(b["start_s"]) for b in rec.labels["walking_bouts"])


def best_of(fn, repeats: int):
    """(result, first run's seconds, best run's seconds)."""
    times, result = [], None
    for _ in range(max(1, repeats)):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return result, times[0], min(times)


# ----------------------------------------------------------------- HipForm

def hipform_run(hipform: str, rec: Recording, repeats: int):
    times, out = [], None
    for _ in range(max(1, repeats)):
        t0 = time.perf_counter()
        proc = subprocess.run([hipform, "analyze", rec.path, "--format", "json"],
                              capture_output=True, text=True)
        times.append(time.perf_counter() - t0)
        if proc.returncode != 0:
            raise SystemExit(f"hipform analyze {rec.path} failed ({proc.returncode}):\n{proc.stderr.strip()}")
        out = json.loads(proc.stdout)
    steps = [{"t_s": float(s["t_s"]), "side": s.get("side")} for s in (out.get("steps") or [])]
    return sorted(steps, key=lambda s: s["t_s"]), times[0], min(times)


def hipform_startup(hipform: str, repeats: int) -> float:
    """Best wall time of a hipform process that only starts and stops."""
    times = []
    for _ in range(max(1, repeats)):
        t0 = time.perf_counter()
        subprocess.run([hipform, "--version"], capture_output=True)
        times.append(time.perf_counter() - t0)
    return min(times)


def hipform_bench(hipform: str):
    proc = subprocess.run([hipform, "bench", "walk", "--bouts", "20", "--rate", "100", "--repeats", "3"],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        return None
    return proc.stdout.strip()


# ----------------------------------------------------------------- output

def fmt(v, kind):
    if v is None:
        return "-"
    if kind == "ratio":
        return f"{v:.3f}"
    if kind == "s":
        return f"{v:.3f}"
    if kind == "spm":
        return f"{v:.1f}"
    return str(v)


ACC_HEAD = ["file", "method", "ref", "det", "match", "precision", "recall", "median err s",
            "side", "side BM", "bouts +-1", "cadence err spm"]
TIME_HEAD = ["file", "samples given", "method", "first run s", "best run s", "samples/s (best)"]


def acc_row(file, method, s):
    cad = fmt(s["cadence_median_error_spm"], "spm")
    if s["bouts_with_cadence"] < s["bouts"]:
        cad += f" ({s['bouts_with_cadence']}/{s['bouts']})"
    return [file, method, str(s["ref"]), str(s["det"]), str(s["tp"]), fmt(s["precision"], "ratio"),
            fmt(s["recall"], "ratio"), fmt(s["median_error_s"], "s"), fmt(s["side"], "ratio"),
            fmt(s["side_bm"], "ratio"), f"{s['bouts_within_1']}/{s['bouts']}" + (f" ({100 * s['bouts_within_1'] / s['bouts']:.0f}%)" if s["bouts"] else ""), cad]


def text_table(head, rows):
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]
    line = lambda r: "  ".join(str(c).ljust(w) if i < 2 else str(c).rjust(w)
                               for i, (c, w) in enumerate(zip(r, widths)))
    return "\n".join([line(head), line(["-" * w for w in widths]), *[line(r) for r in rows]])


def md_table(head, rows):
    out = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(out)


# ----------------------------------------------------------------- main

def collect(paths: list[str]) -> list[str]:
    files = []
    for p in paths:
        if os.path.isdir(p):
            files += sorted(glob.glob(os.path.join(p, "*.csv")))
        elif os.path.isfile(p):
            files.append(p)
        else:
            raise SystemExit(f"compare-mobgap: no such file or folder: {p}")
    return files


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("inputs", nargs="+", help="recordings (.csv with NAME.labels.json) or folders of them")
    ap.add_argument("--hipform", required=True, help="the hipform binary")
    ap.add_argument("--repeats", type=int, default=3, help="timed runs per method and file; the best is reported")
    ap.add_argument("--markdown", help="also write the tables as Markdown to this file")
    ap.add_argument("--json", help="also write every detected step and figure as JSON to this file")
    args = ap.parse_args()

    files = [f for f in collect(args.inputs)]
    recs = []
    for f in files:
        rec = Recording(f)
        if rec.labels is None or not rec.labels.get("walking_bouts"):
            print(f"compare-mobgap: skipped {f}: no labels with walking_bouts beside it", file=sys.stderr)
            continue
        recs.append(rec)
    if not recs:
        raise SystemExit("compare-mobgap: no labelled walking recording to compare")

    import_s = mobgap_import()
    import mobgap
    from importlib.metadata import version

    methods = ["mobgap P1 pipeline", "mobgap ICD on ref bouts", "hipform"]
    per_method = {m: [] for m in methods}
    acc_rows, time_rows, dump = [], [], {"files": {}}
    totals_time = {m: [0.0, 0.0, 0] for m in methods}
    total_samples = 0
    for rec in recs:
        t0 = time.perf_counter()
        data = rec.load()
        read_s = time.perf_counter() - t0
        total_samples += rec.n
        entry = {"samples": rec.n, "invalid_samples": rec.invalid, "mobgap_read_convert_s": round(read_s, 4)}
        results = {}
        if rec.has_gyro:
            p, first, best = best_of(lambda: mobgap_pipeline(rec, data), args.repeats)
            steps, raw = pipeline_steps(rec, data, p)
            results["mobgap P1 pipeline"] = (steps, first, best)
            entry["mobgap_pipeline_raw_gait_sequence_ics"] = raw
            entry["mobgap_pipeline_gait_sequences_s"] = [
                [round(float(rec.t[int(g["start"])]), 3), round(float(rec.t[min(int(g["end"]), rec.n - 1)]), 3)]
                for _, g in p.gs_list_.iterrows()]
            # Timed as the pipeline runs it (IcdIonescu + LrcUllrich); Ben Mansour's side added untimed.
            _, first, best = best_of(lambda: mobgap_on_bouts(rec, data, side_bm=False), args.repeats)
            results["mobgap ICD on ref bouts"] = (mobgap_on_bouts(rec, data), first, best)
        else:
            print(f"compare-mobgap: {rec.name}: no gyroscope; mobgap's LrcUllrich needs one, mobgap skipped",
                  file=sys.stderr)
        results["hipform"] = hipform_run(args.hipform, rec, args.repeats)
        for m in methods:
            if m not in results:
                continue
            steps, first, best = results[m]
            s = score(rec.labels, steps)
            per_method[m].append(s)
            acc_rows.append(acc_row(rec.name, m, summarize([s])))
            # What the method was given: the reference bouts only, or the whole file.
            n = bout_samples(rec) if m == "mobgap ICD on ref bouts" else rec.n
            time_rows.append([rec.name, str(n), m, f"{first:.3f}", f"{best:.3f}",
                              f"{n / best:,.0f}" if best > 0 else "-"])
            totals_time[m][0] += first
            totals_time[m][1] += best
            totals_time[m][2] += n
            entry[m] = {"steps": steps, "first_run_s": round(first, 4), "best_run_s": round(best, 4),
                        "samples_given": n, "figures": summarize([s]), "bouts": s["bouts"]}
        dump["files"][rec.name] = entry
    totals = {}
    for m in methods:
        if per_method[m]:
            totals[m] = summarize(per_method[m])
            acc_rows.append(acc_row("TOTAL", m, totals[m]))
            first, best, n = totals_time[m]
            time_rows.append(["TOTAL", str(n), m, f"{first:.3f}", f"{best:.3f}", f"{n / best:,.0f}" if best else "-"])
    dump["totals"] = totals

    bench = hipform_bench(args.hipform)
    startup_s = hipform_startup(args.hipform, args.repeats)
    dump["hipform_startup_s"] = round(startup_s, 4)
    mob_version = version("mobgap")
    sk_version = version("scikit-learn")
    notes = [
        f"mobgap {mob_version} (scikit-learn {sk_version}, the version its LrcUllrich model was saved with), "
        f"Python {sys.version.split()[0]}; {len(recs)} files, {total_samples} samples.",
        "mobgap P1 pipeline: MobilisedPipelineHealthy on the whole file (GsdIluz -> IcdIonescu -> "
        "LrcUllrich msproject_all -> WbAssembly); its contacts inside its final walking bouts. "
        "mobgap ICD on ref bouts: IcdIonescu + LrcUllrich on each reference bout (told where walking is).",
        "side: the method's own side (mobgap: LrcUllrich); side BM: LrcMansour (Ben Mansour et al.) "
        "on the same contacts.",
        f"Matched one-to-one within {TOLERANCE_S} s, nearest first; steps outside the reference bouts are "
        "false positives. bouts +-1: reference bouts whose detected step count (bout widened by "
        f"{TOLERANCE_S} s) is within 1 of its n_initial_contacts. cadence err: median |60/mean step time - "
        "cadence_spm| over bouts (n/m: bouts with at least 2 detected steps).",
        f"Times: mobgap in-process, import {import_s:.2f} s once (not in the table), reading and converting "
        "the CSV and LrcMansour not included; first run includes numba compilation and model loading, best of "
        f"{args.repeats}. HipForm: wall time of a whole `hipform analyze FILE --format json` process "
        "(start-up, reading, analysis, JSON), best of "
        f"{args.repeats}; a hipform process that only starts (`hipform --version`) takes {startup_s:.3f} s "
        "of that. mobgap ICD on ref bouts is given only the bouts' samples (the samples column). "
        f"One machine, {os.cpu_count()} cores, shared.",
    ]
    acc_txt = text_table(ACC_HEAD, acc_rows)
    time_txt = text_table(TIME_HEAD, time_rows)
    print("Initial contacts against the reference (labels)\n")
    print(acc_txt)
    print("\nRun time\n")
    print(time_txt)
    print(f"\nmobgap import: {import_s:.2f} s (once per run)")
    if bench:
        print("\nhipform bench walk --bouts 20 --rate 100 (the walking analysis on a simulated "
              "in-memory walk):\n" + "\n".join("  " + l for l in bench.splitlines()))
    print("\nNotes:\n" + "\n".join("- " + n for n in notes))

    if args.markdown:
        md = ["### Initial contacts against the reference", "", md_table(ACC_HEAD, acc_rows), "",
              "### Run time", "", md_table(TIME_HEAD, time_rows), "",
              f"mobgap import: {import_s:.2f} s once per run.", ""]
        if bench:
            md += ["`hipform bench walk --bouts 20 --rate 100`:", "", "```", bench, "```", ""]
        md += [*("- " + n for n in notes), ""]
        with open(args.markdown, "w", encoding="utf-8") as fh:
            fh.write("\n".join(md))
    if args.json:
        dump["mobgap_import_s"] = round(import_s, 4)
        dump["versions"] = {"mobgap": mob_version, "scikit-learn": sk_version, "python": sys.version.split()[0]}
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(dump, fh, indent=1, sort_keys=True, default=lambda o: None)
            fh.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
