"""CCD analysis of a 1,000,000-row trace: throughput and peak memory.

Targets (issues 5 and 15): >= 2,000,000 rows/s with every failure signature on, and peak
memory < 3x the trace's size. The reference in the same run is a straightforward pandas
version of part of the per-half-cycle work (rolling median over each half cycle + groupby
statistics), as a user would write it; the ratio is printed. Wall time and CPU time are both
printed (the machine is shared: CPU time is what the code costs). The traces come from the
test generator (tests/ccd/ccd_synth.py): K/KBA/K protocol (0.5 mA/cm2 steps, 3 mAh/cm2),
noise 3 %, 200 outliers, a nucleation peak at the start of every half cycle, soft-short
dips in three half cycles, a measured-current column (the current-collapse rule runs), a
voltage limit (the limit rule runs) and a short at 15.5 mA/cm2; then the same 1 M rows cut
into 500 half cycles (the per-segment cost).

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

from semisolid.ccd import DetectorSettings, detect


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


def _trace(n_half_cycles: int, short_step: int):
    n_steps = n_half_cycles // 2
    rec, truth = ccd_synth.make_trace("NaK", short_step=short_step, short_half=0,
                                      short_at=0.5, after_short_cycles=n_steps - 1 - short_step,
                                      samples_per_half_cycle=1_000_000 // n_half_cycles,
                                      noise_rel=0.03, spikes=200, nucleation=0.5,
                                      soft_half_cycles=(3, 17, 40), seed=0)
    measured = rec.set_current_A * (1 + 0.01 * np.random.default_rng(1).standard_normal(len(rec)))
    rec = type(rec).from_arrays(rec.time_s, rec.voltage_V, rec.set_current_A, current_A=measured,
                                metadata=rec.metadata)
    return rec, truth


def _time(rec, settings, repeats=5):
    wall, cpu = [], []
    for _ in range(repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        r = detect(rec, 0.4e-4, settings=settings)
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return r, statistics.median(wall), statistics.median(cpu)


def main() -> None:
    settings = DetectorSettings(voltage_limit_V=5.0)
    rec, truth = _trace(64, 30)
    n = len(rec)
    size = trace_nbytes(rec)
    detect(rec, 0.4e-4, settings=settings)  # warm up (imports, caches)
    r, t, c = _time(rec, settings)
    tracemalloc.start()
    detect(rec, 0.4e-4, settings=settings)
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
    print(f"result: {r.failure} ({r.signature}) at {r.ccd_mA_cm2} mA/cm2 (truth "
          f"{truth.ccd_mA_cm2}): {'correct' if ok else 'WRONG'}; soft shorts flagged: "
          f"{sorted({e.half_cycle for e in r.soft_shorts})}")
    print(f"semisolid detect: {t * 1e3:.0f} ms wall = {n / t / 1e6:.2f} M rows/s, "
          f"{c * 1e3:.0f} ms CPU = {n / c / 1e6:.2f} M rows/s (median of 5; target >= 2.00)")
    print(f"peak memory (tracemalloc): {peak / 2**20:.1f} MiB = {peak / size:.2f} x trace "
          "(target < 3)")
    print(f"pandas reference (filter + groupby only): {tr * 1e3:.0f} ms = "
          f"{n / tr / 1e6:.2f} M rows/s; semisolid is {tr / t:.1f}x faster")
    rec, truth = _trace(500, 200)
    r, t, c = _time(rec, settings, 3)
    ok = (r.failure, r.onset_step) == (truth.failure, truth.onset_step)
    print(f"same rows in {r.half_cycles} half cycles: {t * 1e3:.0f} ms wall = "
          f"{len(rec) / t / 1e6:.2f} M rows/s, {c * 1e3:.0f} ms CPU = "
          f"{len(rec) / c / 1e6:.2f} M rows/s; {'correct' if ok else 'WRONG'}")


if __name__ == "__main__":
    main()
