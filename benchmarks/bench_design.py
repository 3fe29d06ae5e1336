"""Benchmark: a semi-solid design map against pycalphad's equilibrium, in the same run.

Map: 100 compositions x 60 areal capacities x 5 temperatures of a Na-K symmetric cell
(10 uL on the 7.14 mm collector), two end states each = 60,000 end states. Reference:
pycalphad ``equilibrium`` on a random sample of 500 of those end states (batched per
temperature, as pycalphad is fastest), timed and extrapolated to 60,000. The sampled liquid
fractions are also compared with the map's.

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
    x_end = np.where(end == 0, ds.x_K_enriched.values[ix, iq], ds.x_K_depleted.values[ix, iq])
    lf_map = np.where(end == 0, ds.liquid_fraction_enriched.values[ix, iq, it],
                      ds.liquid_fraction_depleted.values[ix, iq, it])
    ok = x_end < 1.0  # skip emptied electrodes (none in this map)

    db = Database(str(files("semisolid.thermo") / "data" / "LiNaK.tdb"))
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


if __name__ == "__main__":
    main()
