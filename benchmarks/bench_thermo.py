"""Benchmark: semisolid's equilibrium engine against pycalphad's ``equilibrium``, same run.

Cases (issue 12):

* ``nak``: Na-K (shipped LiNaK.tdb), 201 compositions x 101 temperatures (200-400 K) =
  20,301 states;
* ``linak``: Li-Na-K at 300 K on a 0.01 grid of interior points (4,851 states);
* ``cumg``: Cu-Mg (pycalphad's cumg.tdb, with the Laves phase CU2MG: mixing on two
  sublattices), 101 compositions x 51 temperatures (300-1500 K) = 5,151 states;
* ``alzn``: Al-Zn (pycalphad's alzn_mey.tdb, fcc miscibility gap), 101 x 51 (300-1000 K).

Both sides start from an already parsed TDB (the pycalphad ``Database``) and consider the
same phases (Li-Na-K: LIQUID, BCC_A2, NA2K; the others: every phase). The engine's time
includes compiling the Gibbs energies (a fresh ``ThermoDatabase`` each repetition, disk
cache off: the cold path); pycalphad's includes its own compilation inside
``equilibrium``. The warm time (compiled phases in memory) is printed too. Each case runs in
its own child process. The parent then compares the answers (the speed-up only counts if
they agree): the set of stable phases at each state, and the Gibbs energies.

Last, the command line: a warm ``semisolid equilibrium ... --json`` (compiled database in
the disk cache) must take at most 0.6 s wall.

Run: ``.venv/bin/python benchmarks/bench_thermo.py`` (``--quick`` for smaller grids).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
TDB_DIR = ROOT / "tests" / "data" / "tdb"
LINAK_PHASES = ["LIQUID", "BCC_A2", "NA2K"]
CASES = {
    # name: (tdb (None: shipped), components, phases (None: all), grid)
    "nak": (None, ["K", "Na"], LINAK_PHASES, ("binary", 201, 101, 200.0, 400.0)),
    "linak": (None, ["K", "Li", "Na"], LINAK_PHASES, ("section", 0.01, 300.0)),
    "cumg": ("cumg.tdb", ["Cu", "Mg"], None, ("binary", 101, 51, 300.0, 1500.0)),
    "alzn": ("alzn_mey.tdb", ["Al", "Zn"], None, ("binary", 101, 51, 300.0, 1000.0)),
}
TARGET = 200.0
CLI_TARGET_S = 0.6


def _states(grid, quick):
    if grid[0] == "binary":
        _, nx, nt, lo, hi = grid
        if quick:
            nx, nt = 21, 11
        xb = np.linspace(0.0, 1.0, nx)
        temps = np.linspace(lo, hi, nt)
        xx, tt = np.meshgrid(xb, temps, indexing="ij")
        return {"xb": xb, "T": temps, "x": np.column_stack([1 - xx.ravel(), xx.ravel()]),
                "t": tt.ravel()}
    _, step, t = grid
    step = 0.05 if quick else step
    g = np.round(np.arange(step, 1.0, step), 10)
    a, b = np.meshgrid(g, g, indexing="ij")
    valid = a + b < 1 - 1e-9
    return {"g": g, "T": t, "valid": valid,
            "x": np.column_stack([1 - a[valid] - b[valid], a[valid], b[valid]]),
            "t": np.full(int(valid.sum()), t)}


def _child(case: str, side: str, quick: bool, out: str) -> None:
    import warnings

    from pycalphad import Database

    from semisolid.thermo.database import ThermoDatabase, default_tdb_path

    tdb, comps, phases, grid = CASES[case]
    path = default_tdb_path() if tdb is None else TDB_DIR / tdb
    text = path.read_text()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pdb = Database.from_string(text, fmt="tdb")
    st = _states(grid, quick)
    probe = ThermoDatabase.from_pycalphad(pdb, str(path), text)
    names, _ = probe.considered_phases(comps, phases)
    times, warm = [], []
    if side == "pycalphad":
        from pycalphad import equilibrium
        from pycalphad import variables as v

        up = [probe.tdb_name(c) for c in comps]
        if grid[0] == "binary":
            conds = {v.X(up[1]): st["xb"], v.T: st["T"], v.P: 101325, v.N: 1}
        else:
            conds = {v.X(up[1]): st["g"], v.X(up[2]): st["g"], v.T: st["T"], v.P: 101325,
                     v.N: 1}
        t0 = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            r = equilibrium(pdb, [*up, "VA"], names, conds)
        times.append(time.perf_counter() - t0)
        gm = np.squeeze(r.GM.values)
        ph = r.Phase.values.reshape(*gm.shape, -1)
        npv = r.NP.values.reshape(*gm.shape, -1)
        if grid[0] == "binary":  # pycalphad's axes after squeezing: (T, X) -> (X, T)
            gm, ph, npv = gm.T, np.swapaxes(ph, 0, 1), np.swapaxes(npv, 0, 1)
            gm, ph, npv = gm.ravel(), ph.reshape(gm.size, -1), npv.reshape(gm.size, -1)
        else:
            valid = st["valid"]
            gm, ph, npv = gm[valid], ph[valid], npv[valid]
        sets = [sorted(str(n) for n, f in zip(p, q, strict=True) if str(n) and f > 1e-12)
                for p, q in zip(ph, npv, strict=True)]
    else:
        os.environ["SEMISOLID_CACHE"] = "0"  # the cold path: compile every repetition
        from semisolid.thermo import equilibrium_many

        for _ in range(1 if quick else 3):
            db = ThermoDatabase.from_pycalphad(pdb, str(path), text)
            t0 = time.perf_counter()
            res = equilibrium_many(db, comps, st["x"], st["t"], phases=names,
                                   engine="semisolid")
            times.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            res = equilibrium_many(db, comps, st["x"], st["t"], phases=names,
                                   engine="semisolid")
            warm.append(time.perf_counter() - t0)
        gm = res.gibbs_energy_J_mol
        sets = [sorted(res.phase_names[k] for k in row if k >= 0) for row in res.slot_phase]
        if not res.converged.all():
            print(f"{case}: {int((~res.converged).sum())} states not converged", flush=True)
    Path(out).write_text(json.dumps({
        "times_s": times, "median_s": statistics.median(times),
        "warm_s": statistics.median(warm) if warm else None, "n_states": len(sets),
        "gm": [float(g) for g in gm], "sets": sets}))


def _cli_warm() -> list[float]:
    """Wall times of five warm ``semisolid equilibrium ... --json`` runs."""
    exe = Path(sys.executable).with_name("semisolid")
    cmd = [str(exe), "equilibrium", "-c", "K=0.95,Na=0.05", "-T", "295.15K", "--json"]
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "SEMISOLID_CACHE_DIR": cache}
        subprocess.run(cmd, env=env, check=True, capture_output=True)  # fills the cache
        walls = []
        for _ in range(5):
            t0 = time.perf_counter()
            subprocess.run(cmd, env=env, check=True, capture_output=True)
            walls.append(time.perf_counter() - t0)
    return walls


def main() -> int:
    args = sys.argv[1:]
    if args and args[0] == "--child":
        _child(args[1], args[2], args[3] == "1", args[4])
        return 0
    if "-h" in args or "--help" in args:
        print(f"usage: bench_thermo.py [--quick] [{' '.join(CASES)}] ...\n\n"
              + (__doc__ or "").strip())
        return 0
    unknown = [a for a in args if a not in CASES and a != "--quick"]
    if unknown:
        print(f"bench_thermo.py: unknown argument(s) {' '.join(unknown)}; use --quick or "
              f"case names ({', '.join(CASES)})", file=sys.stderr)
        return 2
    quick = "--quick" in args
    only = [a for a in args if a in CASES] or list(CASES)
    tmp = tempfile.mkdtemp(prefix="bench_thermo_")
    ok = True
    print(f"{'case':6s} {'states':>7s} {'semisolid cold s':>16s} {'warm s':>8s} "
          f"{'pycalphad s':>11s} {'speed-up':>9s} {'same phases':>12s} {'max |dG| J/mol':>15s}")
    for case in only:
        res = {}
        for side in ("semisolid", "pycalphad"):
            out = str(Path(tmp) / f"{case}_{side}.json")
            subprocess.run([sys.executable, __file__, "--child", case, side,
                            "1" if quick else "0", out], check=True)
            res[side] = json.loads(Path(out).read_text())
        a, b = res["semisolid"], res["pycalphad"]
        ratio = b["median_s"] / a["median_s"]
        same = sum(x == y for x, y in zip(a["sets"], b["sets"], strict=True))
        ga, gb = np.array(a["gm"]), np.array(b["gm"])
        both = np.isfinite(ga) & np.isfinite(gb)
        dg = float(np.max(np.abs(ga[both] - gb[both]))) if both.any() else float("nan")
        print(f"{case:6s} {a['n_states']:7d} {a['median_s']:16.3f} {a['warm_s']:8.3f} "
              f"{b['median_s']:11.2f} {ratio:8.1f}x {same:6d}/{a['n_states']:<5d} {dg:15.3g}")
        ok &= quick or ratio >= TARGET
    walls = _cli_warm()
    med = statistics.median(walls)
    print(f"warm `semisolid equilibrium ... --json`: median {med:.3f} s wall "
          f"(runs: {', '.join(f'{w:.3f}' for w in walls)}; target <= {CLI_TARGET_S} s)")
    ok &= quick or med <= CLI_TARGET_S
    print(f"targets: speed-up >= {TARGET:g}x, warm CLI <= {CLI_TARGET_S} s: "
          f"{'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
