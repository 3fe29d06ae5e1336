"""Benchmark: semisolid's .mpr reader against galvani (datalab fork) plus a DataFrame.

For each sample file, interleaved in one process (so that machine load hits both alike),
the median wall time of N runs of

* semisolid ``read(path)``: the full CyclingData (SI arrays, set current from the mode
  flags, step index, spectra, metadata); half cycles, cumulative charge, the observed
  per-sequence summary and the file's sha256 are derived when first used;
* semisolid ``read(path)`` followed by ``rec.half_cycle``, ``rec.charge_C``,
  ``rec.metadata.sha256``, ``rec.metadata.technique_parameters`` (everything computed);
* semisolid ``parse_mpr(path)``: decode only (raw EC-Lab columns), galvani's work;
* galvani ``pd.DataFrame(BioLogic.MPRfile(fh).data)``, the usage of the reference survey.

Prints rows/s and the ratios galvani / semisolid (> 1: semisolid is faster). The issue's
target: ``read`` at least 1.5x faster than galvani + DataFrame on the GCPL sample.

Run: ``.venv/bin/python benchmarks/bench_io.py`` (needs ``pip install datalab-org-galvani``).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FILES = [
    ROOT / "tests/data/echem/navani/jdb11-1_c3_gcpl_5cycles_2V-3p8V_C-24_data_C09.mpr",
    ROOT / "tests/data/echem/cellpy/biol.mpr",  # largest file (3.6 MB)
]
N = 101
TARGET = 1.5


def _interleaved(fns: dict, n: int = N) -> dict:
    """Median wall time of each function, calls interleaved round-robin."""
    for fn in fns.values():
        fn()  # warm up (imports, page cache)
    ts: dict = {k: [] for k in fns}
    for _ in range(n):
        for k, fn in fns.items():
            t0 = time.perf_counter()
            fn()
            ts[k].append(time.perf_counter() - t0)
    return {k: statistics.median(v) for k, v in ts.items()}


def main() -> int:
    import pandas as pd

    from semisolid.io import read
    from semisolid.io.biologic_mpr import parse_mpr

    try:
        from galvani import BioLogic
    except ImportError:
        print("galvani not installed: pip install datalab-org-galvani (reference of this run)")
        return 1

    def galvani_df(p: Path):
        with open(p, "rb") as fh:
            return pd.DataFrame(BioLogic.MPRfile(fh).data)

    def read_all(p: Path):
        rec = read(p)
        return (rec.half_cycle, rec.charge_C, rec.metadata.sha256,
                rec.metadata.technique_parameters)

    print(f"{'file':<28}{'rows':>8}  {'read':>11}  {'read+derived':>13}  {'parse_mpr':>11}  "
          f"{'galvani+DF':>11}  {'x read':>7}  {'x all':>6}  {'x parse':>8}")
    worst = None
    for p in FILES:
        rows = len(read(p))
        t = _interleaved({"read": lambda p=p: read(p), "all": lambda p=p: read_all(p),
                          "parse": lambda p=p: parse_mpr(p),
                          "galvani": lambda p=p: galvani_df(p)})
        r = {k: t["galvani"] / v for k, v in t.items()}

        def mrs(k, t=t, rows=rows):
            return f"{rows / t[k] / 1e6:7.1f} M/s"

        print(f"{p.name[:27]:<28}{rows:>8}  {mrs('read'):>11}  {mrs('all'):>13}  "
              f"{mrs('parse'):>11}  {mrs('galvani'):>11}  {r['read']:>7.2f}  {r['all']:>6.2f}  "
              f"{r['parse']:>8.2f}")
        if p == FILES[0]:
            worst = r["read"]
        sys.stdout.flush()
    print(f"GCPL sample: read / galvani+DataFrame = {worst:.2f}x (target >= {TARGET}x): "
          f"{'met' if worst >= TARGET else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
