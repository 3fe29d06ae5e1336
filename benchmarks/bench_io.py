"""Benchmark: rows per second of semisolid's .mpr reader against galvani (datalab fork).

For each sample file: median wall time of N runs of
  * semisolid ``read(path)``: full CyclingData (SI arrays, half cycles, charge, spectra,
    sha256 of the file, per-sequence summary);
  * semisolid ``parse_mpr(path)``: decode only (raw EC-Lab columns), the same work as galvani;
  * galvani ``pd.DataFrame(BioLogic.MPRfile(fh).data)`` (the reference survey's usage).
Prints rows/s and the ratio semisolid / galvani (> 1 means semisolid is faster).

Run: ``.venv/bin/python benchmarks/bench_io.py`` (needs ``pip install datalab-org-galvani``).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FILES = [
    ROOT / "tests/data/echem/cellpy/biol.mpr",  # largest file (3.6 MB)
    ROOT / "tests/data/echem/navani/jdb11-1_c3_gcpl_5cycles_2V-3p8V_C-24_data_C09.mpr",
]
N = 41


def _median_time(fn, n: int = N) -> float:
    fn()  # warm up (imports, page cache)
    ts = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        ts.append(time.perf_counter() - t0)
    return statistics.median(ts)


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

    print(f"{'file':<28}{'rows':>8}  {'semisolid read':>16}  {'parse_mpr':>14}  "
          f"{'galvani+DataFrame':>18}  {'ratio read':>10}  {'ratio parse':>11}")
    for p in FILES:
        rows = len(read(p))
        t_read = _median_time(lambda p=p: read(p))
        t_parse = _median_time(lambda p=p: parse_mpr(p))
        t_gal = _median_time(lambda p=p: galvani_df(p))
        print(
            f"{p.name[:27]:<28}{rows:>8}  {rows / t_read / 1e6:>10.2f} M/s  "
            f"{rows / t_parse / 1e6:>8.2f} M/s  {rows / t_gal / 1e6:>12.2f} M/s  "
            f"{t_gal / t_read:>10.2f}  {t_gal / t_parse:>11.2f}"
        )
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
