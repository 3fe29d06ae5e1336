"""Benchmark: semisolid's equilibrium engine against pycalphad's ``equilibrium``, same run.

Cases (issue 2):

* ``nak``: Na-K, 201 compositions x 101 temperatures (200-400 K) = 20,301 states;
* ``linak``: Li-Na-K at 300 K on a 0.01 grid of interior points (4,851 states).

Both sides start from an already parsed TDB (the pycalphad ``Database``). The engine's time
includes compiling the Gibbs energies (a fresh ``ThermoDatabase`` each repetition); the
pycalphad time includes its own compilation inside ``equilibrium``. Each case runs in its
own child process so that the peak resident memory (``ru_maxrss``) is per case; the
baseline after imports and TDB parsing is printed too. The parent then compares the
liquid fractions of both results (the speed-up only counts if the answers agree).

Run: ``.venv/bin/python benchmarks/bench_thermo.py`` (``--quick`` for a smaller grid).
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

PHASES = ["LIQUID", "BCC_A2", "NA2K"]


def _grid(case: str, quick: bool):
    if case == "nak":
        n_x, n_t = (41, 21) if quick else (201, 101)
        x_na = np.linspace(0.0, 1.0, n_x)
        temps = np.linspace(200.0, 400.0, n_t)
        return {"x_na": x_na, "T": temps}
    step = 0.05 if quick else 0.01
    g = np.round(np.arange(step, 1.0, step), 10)
    return {"x_li": g, "x_na": g, "T": np.array([300.0])}


def _child(case: str, side: str, quick: bool, out: str) -> None:
    from pycalphad import Database

    from semisolid.thermo.database import (
        SHIPPED_DEFAULT_PHASES,
        ThermoDatabase,
        default_tdb_path,
    )

    path = default_tdb_path()
    text = path.read_text()
    pdb = Database(str(path))
    g = _grid(case, quick)
    base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    times = []
    if side == "pycalphad":
        from pycalphad import equilibrium
        from pycalphad import variables as v

        if case == "nak":
            conds = {v.X("NA"): g["x_na"], v.T: g["T"],
                     v.P: 101325, v.N: 1}
            comps = ["K", "NA", "VA"]
        else:
            conds = {v.X("LI"): g["x_li"], v.X("NA"): g["x_na"], v.T: 300.0, v.P: 101325,
                     v.N: 1}
            comps = ["K", "LI", "NA", "VA"]
        t0 = time.perf_counter()
        r = equilibrium(pdb, comps, PHASES, conds)
        times.append(time.perf_counter() - t0)
        liquid = np.where(r.Phase.values == "LIQUID", np.nan_to_num(r.NP.values), 0.0).sum(-1)
        liquid = np.squeeze(liquid)
        if case == "nak":  # pycalphad's axes: (T, X_NA) after squeezing N, P
            liquid = liquid.T  # -> (x, T)
        else:
            liquid = liquid  # (x_li, x_na)
        n_states = int(np.isfinite(np.squeeze(r.GM.values)).sum())
    else:
        from semisolid.thermo import equilibrium_many

        if case == "nak":
            xx, tt = np.meshgrid(g["x_na"], g["T"], indexing="ij")
            x = np.column_stack([1 - xx.ravel(), xx.ravel()])
            temps, comps = tt.ravel(), ["K", "Na"]
        else:
            a, b = np.meshgrid(g["x_li"], g["x_na"], indexing="ij")
            valid = a + b < 1 - 1e-9
            x = np.column_stack([1 - a[valid] - b[valid], a[valid], b[valid]])
            temps, comps = 300.0, ["K", "Li", "Na"]
        reps = 5
        for _ in range(reps):
            db = ThermoDatabase(pdb, str(path), text, SHIPPED_DEFAULT_PHASES)  # fresh compile
            t0 = time.perf_counter()
            res = equilibrium_many(db, comps, x, temps)
            times.append(time.perf_counter() - t0)
        n_states = len(res)
        if case == "nak":
            liquid = res.liquid_fraction.reshape(g["x_na"].size, g["T"].size)
        else:
            full = np.full(a.shape, np.nan)
            full[valid] = res.liquid_fraction
            liquid = full
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    np.save(out + ".npy", liquid)
    Path(out + ".json").write_text(json.dumps({
        "times_s": times, "median_s": float(np.median(times)), "n_states": n_states,
        "peak_rss_MiB": rss, "baseline_rss_MiB": base_rss}))


def main() -> int:
    args = sys.argv[1:]
    if args and args[0] == "--child":
        _child(args[1], args[2], args[3] == "1", args[4])
        return 0
    quick = "--quick" in args
    tmp = tempfile.mkdtemp(prefix="bench_thermo_")
    results = {}
    for case in ("nak", "linak"):
        for side in ("semisolid", "pycalphad"):
            out = str(Path(tmp) / f"{case}_{side}")
            subprocess.run([sys.executable, __file__, "--child", case, side,
                            "1" if quick else "0", out], check=True)
            info = json.loads(Path(out + ".json").read_text())
            info["liquid"] = np.load(out + ".npy")
            results[(case, side)] = info
    print(f"{'case':8s} {'side':10s} {'states':>7s} {'median s':>9s} {'peak RSS MiB':>13s} "
          f"{'(baseline)':>10s}")
    ok = True
    for case in ("nak", "linak"):
        for side in ("semisolid", "pycalphad"):
            r = results[(case, side)]
            print(f"{case:8s} {side:10s} {r['n_states']:7d} {r['median_s']:9.3f} "
                  f"{r['peak_rss_MiB']:13.0f} {r['baseline_rss_MiB']:10.0f}")
        a = results[(case, "semisolid")]
        b = results[(case, "pycalphad")]
        ratio = b["median_s"] / a["median_s"]
        la, lb = a["liquid"], b["liquid"]
        both = np.isfinite(la) & np.isfinite(lb)
        diff = np.abs(la[both] - lb[both])
        n_far = int(np.sum(diff >= 5e-3))
        print(f"{case}: speed-up x{ratio:.1f} (target >= 50); liquid fraction differs by "
              f">= 5e-3 at {n_far} of {both.sum()} states (max {diff.max():.3g})")
        ok &= ratio >= 50 or quick
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
