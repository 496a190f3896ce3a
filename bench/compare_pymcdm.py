"""Times `mitra rank` against pandas.read_csv + pymcdm TOPSIS on the same CSV, in one run.

Both sides read the same file and compute TOPSIS (vector normalisation, one cost criterion) with
the same weights, and rank. Mitra is timed as a whole process (start, parse, rank, write a
1,000,000-line CSV of results); Python is timed in-process from read_csv to ranks, without its
interpreter start and imports and without writing results, which favours Python. The scores of
the two are compared to show they agree.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np
import pandas as pd
from pymcdm.methods import TOPSIS
from pymcdm.normalizations import vector_normalization

WEIGHTS = [0.15, 0.1, 0.1, 0.2, 0.15, 0.1, 0.1, 0.1]
COST = "price"


def make_data(path, rows):
    rng = np.random.default_rng(20261129)
    cols = ["joint_planning", "joint_operation_control", "communication", "trust",
            "commitment", "contract_style", "on_time_rate", COST]
    data = rng.uniform(1.0, 5.0, size=(rows, len(cols))).round(3)
    data[:, -1] = rng.uniform(10000, 30000, size=rows).round(0)
    df = pd.DataFrame(data, columns=cols)
    df.insert(0, "supplier", [f"UMKM-{i:07d}" for i in range(rows)])
    df.to_csv(path, index=False)
    return cols


def time_mitra(mitra, path, cols, out, repeats):
    args = [mitra, "--quiet", "rank", path, "--method", "topsis", "--cost", COST,
            "--weights", ",".join(map(str, WEIGHTS)), "--format", "csv", "-o", out]
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        subprocess.run(args, check=True)
        times.append(time.perf_counter() - t)
    return times


def time_pymcdm(path, repeats):
    times, pref = [], None
    for _ in range(repeats):
        t = time.perf_counter()
        df = pd.read_csv(path)
        matrix = df.iloc[:, 1:].to_numpy(dtype=float)
        types = np.array([-1 if c == COST else 1 for c in df.columns[1:]])
        topsis = TOPSIS(normalization_function=vector_normalization)
        pref = topsis(matrix, np.array(WEIGHTS), types)
        ranks = topsis.rank(pref)
        times.append(time.perf_counter() - t)
    return times, pref, ranks


def time_numpy(path, repeats):
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        df = pd.read_csv(path)
        x = df.iloc[:, 1:].to_numpy(dtype=float)
        cost = np.array([c == COST for c in df.columns[1:]])
        v = x / np.sqrt((x * x).sum(axis=0)) * np.array(WEIGHTS)
        best = np.where(cost, v.min(axis=0), v.max(axis=0))
        worst = np.where(cost, v.max(axis=0), v.min(axis=0))
        dp = np.sqrt(((v - best) ** 2).sum(axis=1))
        dm = np.sqrt(((v - worst) ** 2).sum(axis=1))
        c = dm / (dp + dm)
        np.argsort(-c, kind="stable")
        times.append(time.perf_counter() - t)
    return times


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--mitra", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--repeats", type=int, default=3)
    a = ap.parse_args()
    os.makedirs(a.data, exist_ok=True)
    path = os.path.join(a.data, f"suppliers-{a.rows}.csv")
    if not os.path.exists(path):
        print(f"generating {path} …", file=sys.stderr)
        make_data(path, a.rows)
    cols = list(pd.read_csv(path, nrows=1).columns[1:])
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "ranks.csv")
        tm = time_mitra(a.mitra, path, cols, out, a.repeats)
        mitra_scores = pd.read_csv(out)["score"].to_numpy()
    tp, pref, _ = time_pymcdm(path, a.repeats)
    tn = time_numpy(path, a.repeats)
    m, p, n = statistics.median(tm), statistics.median(tp), statistics.median(tn)
    diff = float(np.max(np.abs(mitra_scores - pref)))
    print(f"rows: {a.rows} × {len(cols)} criteria, file {os.path.getsize(path) / 1e6:.1f} MB, median of {a.repeats}")
    print(f"mitra rank (whole process, writes results): {m:.3f} s")
    print(f"pandas.read_csv + pymcdm 1.4 TOPSIS + rank:  {p:.3f} s   ratio {p / m:.1f}x")
    print(f"pandas.read_csv + numpy TOPSIS by hand:      {n:.3f} s   ratio {n / m:.1f}x")
    print(f"max |score difference| mitra vs pymcdm: {diff:.3e}")
    if diff > 1e-9:
        sys.exit("scores disagree")


if __name__ == "__main__":
    main()
