"""Benchmark: the results catalog on an SQLite file and on a PostgreSQL server, side by side
in one run: one add() of 1,000 results, 4 processes x 50 files (one add() per file) into a
new catalog, and the export of 1,000 analyses to Parquet. Checks every analysis is there
exactly once.

Run: ``.venv/bin/python benchmarks/bench_catalog.py``. PostgreSQL runs on a throwaway
cluster (initdb and pg_ctl from PATH or /usr/lib/postgresql/*/bin, a Unix socket in a
temporary folder, removed at the end); without those programs (or psycopg) only SQLite is
measured and the line says why.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from semisolid.ccd import detect
from semisolid.ccd.catalog import Catalog, CatalogEntry, CellInfo
from semisolid.io.data import CyclingData

_WRITER = textwrap.dedent("""
    import sys
    import numpy as np
    from semisolid.ccd import detect
    from semisolid.ccd.catalog import Catalog, CatalogEntry, CellInfo
    from semisolid.io.data import CyclingData

    db, proc = sys.argv[1], int(sys.argv[2])
    i = np.repeat([1e-4, -1e-4, 2e-4, -2e-4], 25)
    for k in range(50):
        v = 0.02 * np.sign(i) * (1.0 + 1e-6 * (100 * proc + k))
        rec = CyclingData.from_arrays(np.arange(100) * 60.0, v, i)
        with Catalog(db) as cat:
            cat.add([CatalogEntry(CellInfo("K", "KBA"), detect(rec, 1e-4), rec)])
""")


def _program(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if (Path(folder) / name).is_file():
            return str(Path(folder) / name)
    return None


@contextlib.contextmanager
def _postgres() -> Iterator[str | None]:
    """Yield the socket folder of a throwaway cluster, or None (why printed)."""
    initdb, pg_ctl = _program("initdb"), _program("pg_ctl")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        print("PostgreSQL: skipped (psycopg not installed)")
        yield None
        return
    if not (initdb and pg_ctl):
        print("PostgreSQL: skipped (no initdb/pg_ctl on this machine)")
        yield None
        return
    root = Path(tempfile.mkdtemp(prefix="semisolid-pg-bench-"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        pw = pwd.getpwnam("postgres")
        os.chown(root, pw.pw_uid, pw.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    data = root / "data"
    try:
        subprocess.run([*as_user, initdb, "-D", str(data), "-A", "trust", "-U", "postgres",
                        "--no-sync"], check=True, capture_output=True)
        subprocess.run([*as_user, pg_ctl, "-D", str(data), "-l", str(root / "log"), "-w",
                        "-o", f"-k {root} -c listen_addresses=''", "start"],
                       check=True, capture_output=True)
        yield str(root)
    finally:
        subprocess.run([*as_user, pg_ctl, "-D", str(data), "-m", "fast", "-w", "stop"],
                       capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


def _new_pg(root: str, name: str) -> str:
    import psycopg

    with psycopg.connect(host=root, user="postgres", dbname="postgres",
                         autocommit=True) as con:
        con.execute(f"CREATE DATABASE {name}")   # name: a constant of this script
    return f"postgresql://postgres@/{name}?host={root}"


def _entries(n: int) -> list[CatalogEntry]:
    i = np.repeat([1e-4, -1e-4, 2e-4, -2e-4], 25)
    out = []
    for k in range(n):
        v = 0.02 * np.sign(i) * (1.0 + 1e-7 * k)
        rec = CyclingData.from_arrays(np.arange(100) * 60.0, v, i)
        out.append(CatalogEntry(CellInfo("K", "KBA"), detect(rec, 1e-4), rec))
    return out


def _measure(label: str, one: str, many: str, out: Path, entries: list) -> dict[str, float]:
    with Catalog(one) as cat:
        t0 = time.perf_counter()
        cat.add(entries)
        t_add = time.perf_counter() - t0
        t0 = time.perf_counter()
        cat.export(out)
        t_export = time.perf_counter() - t0
        assert len(cat.results()) == len(entries)
    t0 = time.perf_counter()
    procs = [subprocess.Popen([sys.executable, "-c", _WRITER, many, str(p)])
             for p in range(4)]
    codes = [p.wait() for p in procs]
    t_many = time.perf_counter() - t0
    with Catalog(many, readonly=True) as cat:
        n = len(cat.results())
        distinct = len({r["sha256"] for r in cat.results()})
    assert codes == [0, 0, 0, 0] and n == distinct == 200, (codes, n, distinct)
    print(f"{label:10s} add 1,000 in one transaction {t_add:6.2f} s ({len(entries) / t_add:5.0f}"
          f" rows/s) | 4 processes x 50 files, new catalog {t_many:5.2f} s (200/200 present "
          f"once) | export 1,000 to Parquet {t_export:5.2f} s")
    return {"add": t_add, "many": t_many, "export": t_export}


def main() -> None:
    entries = _entries(1000)
    with tempfile.TemporaryDirectory() as d:
        sq = _measure("SQLite", f"{d}/one.sqlite", f"{d}/many.sqlite", Path(d) / "a.parquet",
                      entries)
        with _postgres() as root:
            if root is not None:
                pg = _measure("PostgreSQL", _new_pg(root, "one"), _new_pg(root, "many"),
                              Path(d) / "b.parquet", entries)
                print("PostgreSQL / SQLite time: " + ", ".join(
                    f"{k} x{pg[k] / sq[k]:.2f}" for k in ("add", "many", "export")))


if __name__ == "__main__":
    main()
