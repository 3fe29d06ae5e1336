"""Benchmark: vectorised flow-CCD and creep-CCD models vs their plain references; one fit and
one out-of-sample validation draw of the creep model; virtual cells per second.

Run: ``.venv/bin/python benchmarks/bench_models.py``. Prints the speed ratio against the
reference in the same run and checks that both give the same numbers.
"""

from __future__ import annotations

import time

import numpy as np

from semisolid.models import creep_ccd as cc
from semisolid.models import flow_ccd as fc
from semisolid.models import validation as va
from semisolid.models.creep_ccd_reference import ccd_reference_mA_cm2 as creep_reference
from semisolid.models.flow_ccd_reference import ccd_reference_mA_cm2
from semisolid.models.virtual_cell import CELL_PRESETS, simulate_cell


def main() -> None:
    prm = fc.DEFAULT_PARAMETERS
    spec = fc.electrode_spec("A")
    depths = np.geomspace(2e-6, 50e-6, 20_000)
    t0 = time.perf_counter()
    fast = fc.critical_current_density_A_m2(spec, prm, depths) / 10
    t_fast = time.perf_counter() - t0
    kw = dict(yield_stress_MPa=0.24, toughness_MPa_sqrt_m=spec.toughness_Pa_sqrt_m / 1e6,
              flaw_opening_um=prm.flaw_opening_m * 1e6, liquid_fraction=spec.liquid_fraction,
              liquid_viscosity_mPa_s=spec.liquid_viscosity_Pa_s * 1e3,
              jamming_exponent=prm.jamming_exponent, cap_mA_cm2=prm.ccd_cap_A_m2 / 10)
    t0 = time.perf_counter()
    ref = np.array([ccd_reference_mA_cm2(flaw_depth_um=d * 1e6, **kw) for d in depths])
    t_ref = time.perf_counter() - t0
    err = float(np.max(np.abs(fast - ref) / ref))
    print(f"flow CCD, {depths.size} flaws: vectorised {t_fast * 1e3:.2f} ms, reference "
          f"{t_ref * 1e3:.1f} ms, speed-up x{t_ref / t_fast:.0f}, max rel diff {err:.1e}")

    # creep model (Li: power law, stripping voids solved by Newton vs bisection in the reference)
    prm = cc.DEFAULT_CREEP_PARAMETERS
    li = cc.electrode_state("Li")
    depths = np.geomspace(2e-6, 50e-6, 5_000)
    t0 = time.perf_counter()
    fast = cc.critical_current_density_A_m2(li, prm, depths) / 10
    t_fast = time.perf_counter() - t0
    kw = dict(yield_stress_MPa=1.74, stress_exponent=prm.stress_exponent,
              molar_volume_cm3_mol=li.molar_volume_m3_mol * 1e6,
              flaw_opening_um=prm.flaw_opening_m * 1e6, cap_mA_cm2=prm.ccd_cap_A_m2 / 10,
              activation_energy_kJ_mol=li.creep.activation_energy_J_mol / 1e3,
              hardness_strain_rate_per_s=li.creep.reference_strain_rate_per_s, voids=True,
              bulk_stress_exponent=li.creep.stress_exponent,
              void_length_nm=prm.void_length_m * 1e9,
              void_depth_scale_um=prm.void_depth_scale() * 1e6)
    t0 = time.perf_counter()
    ref = np.array([creep_reference(flaw_depth_um=d * 1e6, **kw) for d in depths])
    t_ref = time.perf_counter() - t0
    err = float(np.max(np.abs(fast - ref) / ref))
    print(f"creep CCD (Li, voids), {depths.size} flaws: vectorised {t_fast * 1e3:.2f} ms, "
          f"reference {t_ref * 1e3:.1f} ms, speed-up x{t_ref / t_fast:.0f}, max rel diff "
          f"{err:.1e}")
    va.fit()            # builds the six electrode states once (swing, microstructures)
    t0 = time.perf_counter()
    va.fit()
    t_fit = time.perf_counter() - t0
    t0 = time.perf_counter()
    va.validate(["Li", "Li+NaK", "K", "B"], n_draws=5, seed=1)
    t_val = time.perf_counter() - t0
    print(f"creep model: fit of the six families {t_fit:.2f} s; validation, 5 draws of one "
          f"split {t_val:.2f} s ({t_val / 5:.2f} s per draw, ratio draw/fit "
          f"{t_val / 5 / t_fit:.2f})")

    from semisolid.ccd.detect import detect

    for name in CELL_PRESETS:
        t0 = time.perf_counter()
        cells = [simulate_cell(name, seed=s) for s in range(50)]
        t_sim = time.perf_counter() - t0
        t0 = time.perf_counter()
        for d in cells:
            detect(d, area_m2=d.metadata.extra["area_m2"])
        t_det = time.perf_counter() - t0
        rows = sum(len(d) for d in cells) / len(cells)
        print(f"{name:28s} 50 cells: simulate {t_sim / 50 * 1e3:6.1f} ms/cell "
              f"({rows:7.0f} rows), detector {t_det / 50 * 1e3:6.1f} ms/cell, "
              f"ratio detect/simulate {t_det / t_sim:.1f}")


if __name__ == "__main__":
    main()
