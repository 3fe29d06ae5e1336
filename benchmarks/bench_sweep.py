"""Benchmark: sweeps on Dask (semisolid.sweep) against the serial path, in the same run.

Design maps: a binary K-Na map of 100 compositions x 50 areal capacities x 100 temperatures,
two end states per half cycle = 1,000,000 end states (10 uL on the 7.14 mm collector), on
the serial path (:func:`semisolid.electrode.maps.design_map`, single-threaded BLAS as in the
tasks) and on local clusters of 1 and 2 worker processes (default chunk size: 4
temperatures = 20,000 half cycles per task), twice: with ``method="direct"`` (one engine
solve per end state, about 0.025 ms each: the cost of ternary maps and the case that needs
a cluster) and with the binary default ``method="lever"`` (tie lines placed from tables,
about 1 us per end state: too little work per task for workers to gain). Each cluster is
warmed up first (every worker compiles the database once, on its first chunk); the one-off
cluster start and warm-up are printed apart. Peak memory per worker: the peak resident set
of each worker process (``VmHWM``) after the map, and its resident set after the
warm-up (the baseline); the direct map is also run with one temperature (5,000 half
cycles) per chunk to show the peak follow the chunk size.

Batch analysis: 1,000 virtual cells (the six presets in turn, 40 points per half cycle)
written as EC-Lab ``.mpt`` files, analysed on the serial path
(:func:`semisolid.ccd.analysis.analyse_files`) and by :func:`semisolid.sweep.analyse_files`
on 1 and 2 workers (50 files per task); files per second, and whether the summaries equal
the serial ones.

The speed-up of 2 workers over 1 is bounded by the cores that are free: the machine's load
average is printed before each part.

Run: ``.venv/bin/python benchmarks/bench_sweep.py`` (about 2 minutes on 2 idle cores).
"""

from __future__ import annotations

import logging
import math
import os
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np


def _status_mib(key: str) -> float:
    """VmRSS (resident now) or VmHWM (peak resident) of this process, from /proc (Linux).

    Not ``ru_maxrss``: Linux keeps it across ``execve``, so a worker process would report
    the peak of the process that spawned it.
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return float(line.split()[1]) / 1024
    return float("nan")


def _rss_mib() -> float:
    return _status_mib("VmRSS")


def _peak_mib() -> float:
    return _status_mib("VmHWM")


def _cluster(n: int):
    from distributed import Client, LocalCluster

    from semisolid.sweep.cluster import LOCAL_SCHEDULER

    t0 = time.perf_counter()
    cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                           dashboard_address=None, silence_logs=logging.CRITICAL,
                           scheduler_kwargs=LOCAL_SCHEDULER)
    client = Client(cluster)
    return cluster, client, time.perf_counter() - t0


def _load() -> str:
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def design(x, q, t, kw, chunk_sizes=(None,)) -> None:
    from threadpoolctl import threadpool_limits

    from semisolid.electrode.maps import design_map as serial
    from semisolid.sweep import design_map

    n_states = 2 * x.size * q.size * t.size
    print(f"design map K-Na, {kw['method']}: {x.size} x {q.size} x {t.size} -> "
          f"{n_states:,} end states ({_load()})")
    with threadpool_limits(1, user_api="blas"):
        serial(["K", "Na"], "K", x[:2], q[:2], t[:1], **kw)  # database compiled
        t0 = time.perf_counter()
        ref = serial(["K", "Na"], "K", x, q, t, **kw)
        t_serial = time.perf_counter() - t0
    print(f"  serial design_map:              {t_serial:8.2f} s  "
          f"({n_states / t_serial:,.0f} end states/s)")
    times = {}
    for n, chunk in [(1, None), *((2, c) for c in chunk_sizes)]:
        cluster, client, t_start = _cluster(n)
        try:
            t0 = time.perf_counter()
            design_map(["K", "Na"], "K", x[:2], q[:2], t[: 2 * n], **kw, chunk_size=4,
                       scheduler=client, quiet=True)  # every worker compiles its database
            t_warm = time.perf_counter() - t0
            base = client.run(_rss_mib)
            t0 = time.perf_counter()
            size = {} if chunk is None else {"chunk_size": chunk}
            res = design_map(["K", "Na"], "K", x, q, t, **kw, **size, scheduler=client,
                             quiet=True)
            took = time.perf_counter() - t0
            times.setdefault(n, took)
            peak = client.run(_peak_mib)
        finally:
            client.close()
            cluster.close()
        same = res.ok and res.data.identical(ref)
        if res.ok and not same:  # the serial path's hash-seed digits (docs/scale.md)
            same = "no, max |difference| " + format(max(
                float(np.max(np.abs(res.data[v].values - ref[v].values)))
                for v in ref.data_vars if ref[v].dtype.kind == "f"), ".1e")
        print(f"  Dask, {n} worker(s):             {took:8.2f} s  "
              f"({n_states / took:,.0f} end states/s; {res.chunks} chunks of "
              f"{res.chunk_size:,} half cycles, tasks {res.seconds:.2f} s; "
              f"identical to serial: {same}; cluster start {t_start:.1f} s, warm-up "
              f"{t_warm:.1f} s)")
        for w in sorted(peak):
            print(f"    worker {w}: baseline {base[w]:.0f} MiB, peak {peak[w]:.0f} MiB")
    print(f"  2 workers / 1 worker: {times[1] / times[2]:.2f}x (target >= 1.7x); "
          f"2 workers / serial: {t_serial / times[2]:.2f}x ({_load()})")


def files(n_files: int, folder: Path) -> None:
    from semisolid.ccd.analysis import analyse_files as serial
    from semisolid.models.virtual_cell import CELL_PRESETS, simulate_cell, write_mpt
    from semisolid.sweep import analyse_files, cell_specs

    specs = cell_specs(list(CELL_PRESETS), points_per_half_cycle=40)
    t0 = time.perf_counter()
    for i in range(n_files):
        write_mpt(simulate_cell(specs[i % len(specs)], seed=i), folder / f"cell{i:04d}.mpt")
    size = sum(p.stat().st_size for p in folder.iterdir()) / 2**20
    print(f"batch analysis: {n_files} virtual-cell .mpt files ({size:.0f} MiB, written in "
          f"{time.perf_counter() - t0:.1f} s; {_load()})")
    paths = sorted(folder.iterdir())
    area = math.pi * 7.14e-3**2 / 4
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t0 = time.perf_counter()
        ref = [a.summary() for a in serial(paths, area)]
        t_serial = time.perf_counter() - t0
    print(f"  serial analyse_files:  {t_serial:7.2f} s  ({n_files / t_serial:6.1f} files/s)")
    times = {}
    for n in (1, 2):
        cluster, client, _ = _cluster(n)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                analyse_files(paths[: 2 * n], area, chunk_size=1, scheduler=client, quiet=True)
                t0 = time.perf_counter()
                res = analyse_files([folder], area, scheduler=client, quiet=True)
                times[n] = time.perf_counter() - t0
        finally:
            client.close()
            cluster.close()
        same = res.ok and [a.summary() for a in res.report.analyses] == ref
        print(f"  Dask, {n} worker(s):    {times[n]:7.2f} s  ({n_files / times[n]:6.1f} "
              f"files/s; {res.chunks} chunks; summaries equal to serial: {same}; errors "
              f"{res.report.errors})")
    print(f"  2 workers / 1 worker: {times[1] / times[2]:.2f}x ({_load()})")


def main() -> None:
    area = math.pi * 7.14e-3**2 / 4
    grid = (np.linspace(0.80, 0.995, 100), np.linspace(0.25, 6.0, 50) * 36000.0,
            np.linspace(280.0, 330.0, 100))
    design(*grid, {"volume_m3": 10e-9, "area_m2": area, "method": "direct"},
           chunk_sizes=(None, 5_000))
    design(*grid, {"volume_m3": 10e-9, "area_m2": area, "method": "lever"})
    with tempfile.TemporaryDirectory() as d:
        files(1000, Path(d))


if __name__ == "__main__":
    main()
