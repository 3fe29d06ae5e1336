"""Plain, single-file reference version of the flow-limited CCD model.

Scalar Python (``math`` only), one function, every equation written out in order, no
materials database, no numpy. :mod:`semisolid.models.flow_ccd` is tested against it.

Examples
--------
>>> j = ccd_reference_mA_cm2(yield_stress_MPa=1.74, toughness_MPa_sqrt_m=2.5,
...                          flaw_opening_um=1.0954)
>>> round(j, 3)
0.536
"""

from __future__ import annotations

import math

__all__ = ["ccd_reference_mA_cm2", "mean_ccd_reference_mA_cm2"]

F = 96485.33212  # C/mol


def ccd_reference_mA_cm2(
    yield_stress_MPa: float,
    toughness_MPa_sqrt_m: float,
    flaw_opening_um: float,
    flaw_depth_um: float = 10.0,
    characteristic_depth_um: float = 10.0,
    rheology: str = "viscous",
    strain_rate_per_s: float = 1e-3,
    plastic_viscosity_Pa_s: float = 1.6405e4,
    molar_volume_cm3_mol: float = 13.0,
    liquid_fraction: float = 0.0,
    liquid_viscosity_mPa_s: float = 0.95,
    max_packing: float = 0.64,
    intrinsic_viscosity: float = 2.5,
    max_relative_viscosity: float = 1e6,
    jamming_exponent: float = 4.6533,
    cap_mA_cm2: float = 14.051,
    film_factor: float = 1.0,
) -> float:
    """CCD [mA/cm²] of one flaw, written out step by step (see flow_ccd for the physics).

    Examples
    --------
    >>> round(ccd_reference_mA_cm2(0.24, 2.5, 1.0954, liquid_fraction=0.5), 2)  # flowing: capped
    14.05
    """
    # 1. units to SI
    sigma = yield_stress_MPa * 1e6
    k_ic = toughness_MPa_sqrt_m * 1e6
    w = flaw_opening_um * 1e-6
    l = flaw_depth_um * 1e-6
    v_m = molar_volume_cm3_mol * 1e-6
    eta_liquid = liquid_viscosity_mPa_s * 1e-3
    # 2. the solid skeleton: its strength falls to 0 at the percolation fraction 1 - phi_m
    f_c = 1.0 - max_packing
    if liquid_fraction < f_c:
        s = (1.0 - liquid_fraction / f_c) ** jamming_exponent
    else:
        s = 0.0
    # 3. solid rheology
    if rheology == "viscous":
        eta = sigma / (3.0 * strain_rate_per_s) * s
        tau_y = 0.0
    else:
        eta = plastic_viscosity_Pa_s * s
        tau_y = sigma * s / math.sqrt(3.0)
    # 4. liquid contribution (Krieger-Dougherty, capped)
    if liquid_fraction > 0:
        phi_s = 1.0 - liquid_fraction
        if phi_s < max_packing:
            eta_r = (1.0 - phi_s / max_packing) ** (-intrinsic_viscosity * max_packing)
            eta_r = min(eta_r, max_relative_viscosity)
        else:
            eta_r = max_relative_viscosity
        eta = eta + eta_liquid * eta_r
    # 5. Griffith pressure of an edge flaw
    p_c = k_ic / (1.1215 * math.sqrt(math.pi * l))
    # 6. pressure balance: p_c = 2 tau_y l / w + 12 eta V_m j l^2 / (F w^3)
    p_yield = 2.0 * tau_y * l / w
    if p_c <= p_yield:
        return 0.0
    j_flow = (p_c - p_yield) * F * w**3 / (12.0 * eta * v_m * l**2)   # A/m2
    j_flow = j_flow * film_factor
    # 7. non-flow cap, scaling like the Griffith pressure
    j_cap = cap_mA_cm2 * 10.0 * math.sqrt(characteristic_depth_um / flaw_depth_um)
    j = 1.0 / (1.0 / j_flow + 1.0 / j_cap)
    return j / 10.0


def mean_ccd_reference_mA_cm2(tail_exponent: float = 7.5, n: int = 2000, **kwargs: float) -> float:
    """Mean CCD over a Fréchet largest-flaw distribution by the midpoint rule in probability.

    Examples
    --------
    >>> round(mean_ccd_reference_mA_cm2(yield_stress_MPa=1.74, toughness_MPa_sqrt_m=2.5,
    ...                                 flaw_opening_um=1.0954, n=200), 3)
    0.479
    """
    l_star = float(kwargs.pop("characteristic_depth_um", 10.0))
    total = 0.0
    for i in range(n):
        u = (i + 0.5) / n
        depth = l_star * (-math.log(u)) ** (-1.0 / tail_exponent)
        total += ccd_reference_mA_cm2(flaw_depth_um=depth, characteristic_depth_um=l_star,
                                      **kwargs)
    return total / n
