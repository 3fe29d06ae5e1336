"""CCD analysis of a 1,000,000-row trace: throughput and peak memory.

Targets (issue 5): >= 2,000,000 rows/s and peak memory < 3x the trace's size. The reference
in the same run is a straightforward pandas version of the same per-half-cycle work (rolling
median over each half cycle + groupby statistics), as a user would write it; the ratio is
printed. The trace comes from the test generator (tests/ccd/ccd_synth.py): K/KBA/K
protocol (0.5 mA/cm2 steps, 3 mAh/cm2), noise 3 %, a short at 15.5 mA/cm2.

Run: ``.venv/bin/python benchmarks/bench_ccd.py``
"""

from __future__ import annotations

import statistics
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "ccd"))

import ccd_synth

from semisolid.ccd import detect


def trace_nbytes(rec) -> int:
    arrays = [rec.time_s, rec.voltage_V, rec.set_current_A, rec.step_index, rec.half_cycle,
              rec.charge_C]
    if rec.current_A is not None:
        arrays.append(rec.current_A)
    return int(sum(a.nbytes for a in arrays))


def pandas_reference(rec):
    import pandas as pd

    df = pd.DataFrame({"t": rec.time_s, "v": np.abs(rec.voltage_V), "hc": rec.half_cycle,
                       "i": rec.set_current_A})
    df = df[df.hc >= 0]
    df["f"] = df.groupby("hc")["v"].transform(lambda s: s.rolling(5, center=True,
                                                                  min_periods=1).median())
    df["plateau"] = df.groupby("hc")["f"].cummax()
    g = df.groupby("hc").agg(mean_v=("v", "mean"), max_v=("v", "max"), i=("i", "median"),
                             t0=("t", "first"), t1=("t", "last"))
    low = df[df.f < 0.5 * df.plateau]
    return g, low.hc.unique()


def main() -> None:
    n_steps = 31
    rec, truth = ccd_synth.make_trace("NaK", short_step=n_steps - 1, short_half=0,
                                      short_at=0.5, after_short_cycles=1,
                                      samples_per_half_cycle=1_000_000 // (2 * (n_steps + 1)),
                                      noise_rel=0.03, spikes=200, seed=0)
    n = len(rec)
    size = trace_nbytes(rec)
    area = 0.4e-4
    detect(rec, area)  # warm up (imports, caches)
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        r = detect(rec, area)
        times.append(time.perf_counter() - t0)
    t = statistics.median(times)
    tracemalloc.start()
    detect(rec, area)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    ref_times = []
    for _ in range(3):
        t0 = time.perf_counter()
        pandas_reference(rec)
        ref_times.append(time.perf_counter() - t0)
    tr = statistics.median(ref_times)
    ok = (r.failure, r.onset_step) == (truth.failure, truth.onset_step)
    print(f"rows: {n:,}  trace size: {size / 2**20:.1f} MiB  half cycles: {r.half_cycles}")
    print(f"result: {r.failure} at {r.ccd_mA_cm2} mA/cm2 (truth {truth.ccd_mA_cm2}): "
          f"{'correct' if ok else 'WRONG'}")
    print(f"semisolid detect: {t * 1e3:.0f} ms (median of 5) = {n / t / 1e6:.2f} M rows/s "
          f"(target >= 2.00)")
    print(f"peak memory (tracemalloc): {peak / 2**20:.1f} MiB = {peak / size:.2f} x trace "
          "(target < 3)")
    print(f"pandas reference (filter + groupby only): {tr * 1e3:.0f} ms = "
          f"{n / tr / 1e6:.2f} M rows/s; semisolid is {tr / t:.1f}x faster")


if __name__ == "__main__":
    main()
