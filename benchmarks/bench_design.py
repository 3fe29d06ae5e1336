"""Benchmark: semi-solid design maps against pycalphad's equilibrium, in the same run.

Binary map: 100 compositions x 60 areal capacities x 5 temperatures of a Na-K symmetric cell
(10 uL on the 7.14 mm collector), two end states each = 60,000 end states. Reference:
pycalphad ``equilibrium`` on a random sample of 500 of those end states (batched per
temperature, as pycalphad is fastest), timed and extrapolated to 60,000.

Ternary map: K-Na-Li, 20 x_K x 10 Na:Li ratios x 30 areal capacities x 5 temperatures,
two end states each = 60,000 end states (solved directly by the engine). Reference:
pycalphad ``equilibrium`` on a random sample of 40 of those end states, one call per state
(a ternary state is a point, not a grid; pycalphad's grid mode would solve the full
X_Na x X_Li product), extrapolated to 60,000. The sampled liquid fractions are compared
with the maps'.

Run: ``.venv/bin/python benchmarks/bench_design.py``
"""

from __future__ import annotations

import math
import time

import numpy as np


def main() -> None:
    from importlib.resources import files

    from pycalphad import Database, equilibrium
    from pycalphad import variables as v

    from semisolid.electrode.equilibria import _engine_available
    from semisolid.electrode.maps import design_map

    x = np.linspace(0.80, 0.995, 100)
    q = np.linspace(0.25, 6.0, 60) * 36000.0
    t = np.array([285.0, 290.0, 295.15, 300.0, 305.0])
    area = math.pi * 7.14e-3**2 / 4
    n_states = 2 * x.size * q.size * t.size

    # warm-up on both sides (database compiled, pycalphad models built): the timings below
    # are of the maps and of the equilibria, not of one-off loading
    design_map(["K", "Na"], "K", x[:2], q[:2], t[:1], volume_m3=10e-9, area_m2=area)
    design_map(["K", "Na", "Li"], "K", x[:2], q[:2], t[:1], volume_m3=10e-9, area_m2=area,
               share=[0.9])
    db = Database(str(files("semisolid.thermo") / "data" / "LiNaK.tdb"))
    equilibrium(db, ["K", "NA", "LI", "VA"], ["LIQUID", "BCC_A2", "NA2K"],
                {v.X("NA"): 0.05, v.X("LI"): 0.01, v.T: 295.15, v.P: 101325, v.N: 1})
    equilibrium(db, ["K", "NA", "VA"], ["LIQUID", "BCC_A2", "NA2K"],
                {v.X("NA"): [0.05, 0.1], v.T: 295.15, v.P: 101325, v.N: 1})
    t0 = time.perf_counter()
    ds = design_map(["K", "Na"], "K", x, q, t, volume_m3=10e-9, area_m2=area)
    t_map = time.perf_counter() - t0
    engine = "semisolid.thermo" if _engine_available() else "pycalphad (fallback: engine absent)"

    rng = np.random.default_rng(0)
    n_sample = 500
    ix = rng.integers(0, x.size, n_sample)
    iq = rng.integers(0, q.size, n_sample)
    it = rng.integers(0, t.size, n_sample)
    end = rng.integers(0, 2, n_sample)
    x_end = np.where(end == 0, ds.x_K_enriched.values[ix, iq, it],
                     ds.x_K_depleted.values[ix, iq, it])
    lf_map = np.where(end == 0, ds.liquid_fraction_enriched.values[ix, iq, it],
                      ds.liquid_fraction_depleted.values[ix, iq, it])
    ok = x_end < 1.0  # skip emptied electrodes (none in this map)

    phases = ["LIQUID", "BCC_A2", "NA2K"]
    lf_ref = np.full(n_sample, np.nan)
    t0 = time.perf_counter()
    for k, tk in enumerate(t):
        sel = np.nonzero((it == k) & ok)[0]
        if sel.size == 0:
            continue
        r = equilibrium(db, ["K", "NA", "VA"], phases,
                        {v.X("NA"): 1 - x_end[sel], v.T: float(tk), v.P: 101325, v.N: 1})
        ph = np.asarray(r.Phase.values).reshape(sel.size, -1)
        npf = np.asarray(r.NP.values).reshape(sel.size, -1)
        lf_ref[sel] = np.nansum(np.where(ph == "LIQUID", npf, 0.0), axis=1)
    t_ref = time.perf_counter() - t0
    t_ref_full = t_ref * n_states / n_sample
    err = np.nanmax(np.abs(lf_ref - lf_map))

    print(f"design map: {x.size} x {q.size} x {t.size} -> {n_states} end states, "
          f"engine {engine}")
    print(f"  semisolid design_map (lever):        {t_map:8.2f} s")
    print(f"  pycalphad equilibrium, {n_sample} states: {t_ref:8.2f} s "
          f"-> extrapolated to {n_states}: {t_ref_full:8.1f} s")
    print(f"  speed-up (extrapolated pycalphad / semisolid): {t_ref_full / t_map:8.1f}x "
          f"(target >= 100x)")
    print(f"  max |liquid fraction - pycalphad| on the sample: {err:.2e}")
    ternary(db, area)


def ternary(db, area) -> None:
    """The ternary K-Na-Li map and its pycalphad sample (see the module docstring)."""
    from pycalphad import equilibrium
    from pycalphad import variables as v

    from semisolid.electrode.maps import design_map

    x = np.linspace(0.80, 0.99, 20)
    share = np.linspace(0.55, 1.0, 10)
    q = np.linspace(0.25, 6.0, 30) * 36000.0
    t = np.array([285.0, 290.0, 295.15, 300.0, 305.0])
    n_states = 2 * x.size * share.size * q.size * t.size
    t0 = time.perf_counter()
    ds = design_map(["K", "Na", "Li"], "K", x, q, t, volume_m3=10e-9, area_m2=area,
                    share=share)
    t_map = time.perf_counter() - t0

    rng = np.random.default_rng(1)
    n_sample = 40
    idx = [tuple(int(rng.integers(0, n)) for n in (x.size, share.size, q.size, t.size))
           for _ in range(n_sample)]
    ends = rng.integers(0, 2, n_sample)
    phases = ["LIQUID", "BCC_A2", "NA2K"]
    err = 0.0
    t0 = time.perf_counter()
    for (i, j, k, m), e in zip(idx, ends, strict=True):
        end = "enriched" if e == 0 else "depleted"
        xk = float(ds[f"x_K_{end}"].values[i, j, k, m])
        xna = (1 - xk) * share[j]
        xli = (1 - xk) * (1 - share[j])
        conds = {v.X("NA"): max(xna, 1e-10), v.T: float(t[m]), v.P: 101325, v.N: 1}
        comps = ["K", "NA", "VA"]
        if xli > 0:
            conds[v.X("LI")] = max(xli, 1e-10)
            comps = ["K", "NA", "LI", "VA"]
        r = equilibrium(db, comps, phases, conds)
        ph = np.asarray(r.Phase.values).ravel()
        npf = np.asarray(r.NP.values).ravel()
        lf = float(np.nansum(np.where(ph == "LIQUID", npf, 0.0)))
        err = max(err, abs(lf - float(ds[f"liquid_fraction_{end}"].values[i, j, k, m])))
    t_ref = time.perf_counter() - t0
    t_ref_full = t_ref * n_states / n_sample
    print(f"ternary design map: {x.size} x {share.size} x {q.size} x {t.size} -> {n_states} "
          f"end states (K-Na-Li, direct)")
    print(f"  semisolid design_map (direct):       {t_map:8.2f} s")
    print(f"  pycalphad equilibrium, {n_sample} states: {t_ref:8.2f} s "
          f"-> extrapolated to {n_states}: {t_ref_full:8.1f} s")
    print(f"  speed-up (extrapolated pycalphad / semisolid): {t_ref_full / t_map:8.1f}x "
          f"(target >= 100x)")
    print(f"  max |liquid fraction - pycalphad| on the sample: {err:.2e}")


if __name__ == "__main__":
    main()
