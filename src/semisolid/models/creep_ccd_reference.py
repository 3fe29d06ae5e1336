"""Plain, single-file reference version of the creep-limited CCD model.

Scalar Python (``math`` only), one function, every equation of
:mod:`semisolid.models.creep_ccd` written out in order; no materials database, no numpy, no
microstructure (its measured numbers are arguments). The void equation is solved by
bisection here (Newton's method in the fast version). :mod:`semisolid.models.creep_ccd` is
tested against it.

Examples
--------
>>> j = ccd_reference_mA_cm2(yield_stress_MPa=0.24, stress_exponent=1.0,
...                          molar_volume_cm3_mol=45.36, flaw_opening_um=0.42, cap_mA_cm2=1e12)
>>> round(j, 3)       # z F w^3 (p_c - P) / (12 eta V_m l^2), eta = sigma / (3 eps)
2.168
"""

from __future__ import annotations

import math

__all__ = ["ccd_reference_mA_cm2", "mean_ccd_reference_mA_cm2"]

F = 96485.33212  # C/mol
R = 8.314462618  # J/(mol K)


def ccd_reference_mA_cm2(
    yield_stress_MPa: float,
    stress_exponent: float,
    molar_volume_cm3_mol: float,
    flaw_opening_um: float,
    flaw_depth_um: float = 10.0,
    characteristic_depth_um: float = 10.0,
    toughness_MPa_sqrt_m: float = 2.5,
    geometry_factor: float = 1.1215,
    hardness_strain_rate_per_s: float = 1.0 / 30.0,
    activation_energy_kJ_mol: float = 30.0,
    temperature_K: float = 295.15,
    reference_temperature_K: float = 295.15,
    stack_pressure_MPa: float = 1.5,
    size_factor: float = 1.0,
    liquid_fraction: float = 0.0,
    liquid_connectivity: float = 0.0,
    contiguity: float = 1.0,
    specific_surface_per_px: float = 0.0,
    grain_diameter_px: float = 0.0,
    grain_size_um: float = 20.0,
    kozeny_constant: float = 5.0,
    skeleton_exponent: float = 1.0,
    liquid_viscosity_mPa_s: float = 0.95,
    electrode_thickness_um: float = 250.0,
    cap_mA_cm2: float = 14.765,
    voids: bool = False,
    bulk_stress_exponent: float = 6.6,
    void_length_nm: float = 0.15,
    areal_capacity_mAh_cm2: float = 1.5,
    void_depth_scale_um: float = 7.5,
) -> float:
    """CCD [mA/cm²] of one flaw, written out step by step (see creep_ccd for the physics).

    Examples
    --------
    >>> round(ccd_reference_mA_cm2(0.24, 1.0, 45.36, 0.42, liquid_fraction=0.375,
    ...                            liquid_connectivity=1.0, contiguity=0.52,
    ...                            specific_surface_per_px=0.135, grain_diameter_px=13.0), 2)
    14.76
    """
    # 1. units to SI
    sigma_h = yield_stress_MPa * 1e6
    n = stress_exponent
    v_m = molar_volume_cm3_mol * 1e-6
    w = flaw_opening_um * 1e-6
    h = w / 2.0
    l = flaw_depth_um * 1e-6
    l_star = characteristic_depth_um * 1e-6
    k_ic = toughness_MPa_sqrt_m * 1e6
    p_stack = stack_pressure_MPa * 1e6
    q = activation_energy_kJ_mol * 1e3
    f = liquid_fraction
    eta_l = liquid_viscosity_mPa_s * 1e-3
    # 2. Griffith pressure of the edge flaw, less the stack pressure at the mouth
    p_c = k_ic / (geometry_factor * math.sqrt(math.pi * l))
    dp = p_c - p_stack
    if dp <= 0:
        return 0.0
    # 3. creep: strain-rate factor of temperature, skeleton strength, shear consistency
    a_t = math.exp(-q / R * (1.0 / temperature_K - 1.0 / reference_temperature_K))
    s = max(contiguity * (1.0 - f), 0.0) ** skeleton_exponent if f < 1.0 else 0.0
    sigma = sigma_h * s * size_factor
    rate = hardness_strain_rate_per_s * a_t
    # 4. flow-limited CCD of the power-law solid in the slit (both faces depositing)
    if f >= 1.0:
        j_creep = 0.0
    elif sigma <= 0.0:
        j_creep = math.inf
    else:
        k_s = sigma / (math.sqrt(3.0) * (math.sqrt(3.0) * rate) ** (1.0 / n))
        j_creep = (F * h ** (n + 2.0) / ((n + 2.0) * v_m)
                   * ((n + 1.0) * dp / (n * k_s * l ** ((n + 1.0) / n))) ** n)
    # 5. drainage of connected liquid: Poiseuille in the flaw + Darcy into the skeleton
    if f >= 1.0:
        perm = math.inf
    elif liquid_connectivity > 0.0 and grain_diameter_px > 0.0:
        s_v = specific_surface_per_px * grain_diameter_px / (grain_size_um * 1e-6)
        perm = liquid_connectivity * f**3 / (kozeny_constant * s_v**2)
    else:
        perm = 0.0
    if perm > 0.0:
        r_slit = 12.0 * eta_l * v_m * l**2 / (F * w**3)
        outer = max(electrode_thickness_um * 1e-6, w)
        r_darcy = 0.0 if math.isinf(perm) else (2.0 * eta_l * v_m * l * math.log(outer / h)
                                                / (math.pi * perm * F))
        j_drain = dp / (r_slit + r_darcy)
    else:
        j_drain = 0.0
    j_flow = j_creep + j_drain
    # 6. the non-flow limit, harmonically
    j_cap = cap_mA_cm2 * 10.0 * math.sqrt(l_star / l)
    if j_flow <= 0.0:
        return 0.0
    j_local = 1.0 / (1.0 / j_flow + 1.0 / j_cap)
    # 7. stripping voids: contact fraction phi(j); plating at j/phi must not exceed j_local
    if not voids:
        return j_local / 10.0
    rate_p = hardness_strain_rate_per_s * a_t * (p_stack / sigma_h) ** bulk_stress_exponent
    j_s = F * void_length_nm * 1e-9 * rate_p / v_m
    h_s = areal_capacity_mAh_cm2 * 36000.0 * v_m / F
    g = 1.0 - math.exp(-h_s / (void_depth_scale_um * 1e-6))
    if j_local <= j_s or g <= 0.0:
        return j_local / 10.0

    def excess(j: float) -> float:
        phi = 1.0 - g * (1.0 - min(1.0, (j_s / j) ** (1.0 / bulk_stress_exponent)))
        return j - phi * j_local

    lo, hi = j_s, j_local
    for _ in range(200):
        mid = math.sqrt(lo * hi)
        if excess(mid) > 0:
            hi = mid
        else:
            lo = mid
    return math.sqrt(lo * hi) / 10.0


def mean_ccd_reference_mA_cm2(tail_exponent: float = 4.9, n: int = 2000,
                              distribution: str = "frechet", **kwargs: float) -> float:
    """Mean CCD over the largest-flaw distribution by the midpoint rule in probability.

    Examples
    --------
    >>> round(mean_ccd_reference_mA_cm2(yield_stress_MPa=0.24, stress_exponent=1.0,
    ...                                 molar_volume_cm3_mol=45.36, flaw_opening_um=0.42,
    ...                                 cap_mA_cm2=1e12, n=200), 3)
    1.922
    """
    l_star = float(kwargs.pop("characteristic_depth_um", 10.0))
    total = 0.0
    for i in range(n):
        u = (i + 0.5) / n
        if distribution == "frechet":
            depth = l_star * (-math.log(u)) ** (-1.0 / tail_exponent)
        else:
            depth = l_star * (-math.log(1.0 - u)) ** (1.0 / tail_exponent)
        total += ccd_reference_mA_cm2(flaw_depth_um=depth, characteristic_depth_um=l_star,
                                      **kwargs)
    return total / n
