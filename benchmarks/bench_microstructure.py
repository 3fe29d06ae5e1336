"""Benchmark: tiled exact time cones vs chunked brute force, same nuclei, same run.

    .venv/bin/python benchmarks/bench_microstructure.py [--quick]

For each case the fast solver (``semisolid.microstructure.arrival_times``) runs on the whole
grid (best of 3); the chunked brute-force numpy reference
(``semisolid.microstructure.reference.arrival_times_brute_force``, a running minimum over the
nuclei, 2**17 pixels per chunk) runs on a subsample of rows and is extrapolated linearly to
the whole grid (its cost is exactly proportional to rows x nuclei). The subsample's output is
checked to be bit-identical to the fast solver's. Peak memory: tracemalloc (numpy and Python
allocations) over one fast run, and the full ``simulate`` pipeline (time slice by secant and
quantile, percolation, interface density, grain sizes) timed separately.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import tracemalloc

import numpy as np

from semisolid.microstructure import arrival_times, place_nuclei, simulate
from semisolid.microstructure.reference import arrival_times_brute_force


def _best(fn, repeat: int) -> tuple[float, object]:
    best, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def case(shape: tuple[int, ...], n: int, sample_rows: int, periodic: bool = True) -> dict:
    nuc = place_nuclei(n, shape, periodic=periodic, seed=1)
    n_px = int(np.prod(shape))
    t_fast, field = _best(lambda: arrival_times(nuc), 3)
    tracemalloc.start()
    arrival_times(nuc)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rows = slice(0, sample_rows)
    t0 = time.perf_counter()
    T_bf, lab_bf = arrival_times_brute_force(nuc, rows=rows)
    t_bf_sample = time.perf_counter() - t0
    t_bf = t_bf_sample * shape[0] / sample_rows
    exact = bool(np.array_equal(T_bf, field.arrival_time[rows])
                 and np.array_equal(lab_bf, field.labels[rows]))
    t_sim, _ = _best(lambda: simulate(0.51, shape_px=shape, n_nuclei=n, seed=1,
                                      periodic=periodic), 1)
    return {
        "grid": "x".join(map(str, shape)),
        "nuclei": n,
        "bc": "periodic" if periodic else "open",
        "fast_s": t_fast,
        "brute_s_extrapolated": t_bf,
        "brute_sample_rows": sample_rows,
        "ratio": t_bf / t_fast,
        "fast_Mpx_per_s": n_px / t_fast / 1e6,
        "brute_Mpx_per_s": n_px / t_bf / 1e6,
        "peak_MiB": peak / 2**20,
        "simulate_s": t_sim,
        "identical": exact,
    }


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="smaller grids (smoke test)")
    args = ap.parse_args()
    if args.quick:
        cases = [((512, 512), 100, 64, True), ((64, 64, 64), 100, 8, True)]
    else:
        cases = [
            ((2048, 2048), 1000, 128, True),
            ((2048, 2048), 1000, 128, False),
            ((2048, 2048), 10000, 64, True),
            ((256, 256, 256), 1000, 4, True),
            ((256, 256, 256), 10000, 2, True),
        ]
    print("| grid | nuclei | bc | fast (s) | brute force (s, extrap.) | ratio | fast Mpx/s "
          "| brute Mpx/s | peak MiB (fast) | simulate() (s) | identical |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    ok = True
    for shape, n, rows, per in cases:
        r = case(shape, n, rows, per)
        ok &= r["identical"]
        print(f"| {r['grid']} | {r['nuclei']} | {r['bc']} | {r['fast_s']:.3f} | "
              f"{r['brute_s_extrapolated']:.1f} ({rows} rows) | {r['ratio']:.0f}x | "
              f"{r['fast_Mpx_per_s']:.1f} | {r['brute_Mpx_per_s']:.2f} | {r['peak_MiB']:.0f} | "
              f"{r['simulate_s']:.2f} | {r['identical']} |", flush=True)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nprocess peak RSS: {rss:.0f} MiB; python {sys.version.split()[0]}, "
          f"numpy {np.__version__}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
