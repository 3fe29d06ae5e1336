"""Creep-limited CCD model: the plain reference, analytical limits, measured inputs."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest
from scipy.integrate import quad
from scipy.optimize import brentq

from semisolid.constants import FARADAY_C_PER_MOL, GAS_CONSTANT_J_PER_MOL_K
from semisolid.errors import InputError
from semisolid.models import creep_ccd as cc
from semisolid.models.creep import creep_law, liquid_viscosity_Pa_s, size_effect_factor
from semisolid.models.creep_ccd_reference import ccd_reference_mA_cm2, mean_ccd_reference_mA_cm2
from semisolid.models.validation import EFFECTIVE_PARAMETERS, MEASURED_PARAMETERS
from semisolid.stats import weibull_mle

F = FARADAY_C_PER_MOL
SOLID = ["Li", "Na", "K", "Li+NaK"]
SEMI = ["A", "B"]
HOT = cc.CellConditions(temperature_K=313.15, stack_pressure_Pa=1.0e6, areal_capacity_C_m2=36000.0)


def _ref_kwargs(state: cc.ElectrodeState, prm: cc.CreepCCDParameters) -> dict:
    st, c = state.structure, state.conditions
    return dict(
        yield_stress_MPa=state.creep.reference_stress_Pa / 1e6,
        stress_exponent=prm.stress_exponent or state.creep.stress_exponent,
        molar_volume_cm3_mol=state.molar_volume_m3_mol * 1e6,
        flaw_opening_um=prm.flaw_opening_m * 1e6,
        characteristic_depth_um=prm.flaw_depth_m * 1e6,
        toughness_MPa_sqrt_m=state.toughness_Pa_sqrt_m / 1e6,
        geometry_factor=prm.geometry_factor,
        hardness_strain_rate_per_s=state.creep.reference_strain_rate_per_s,
        activation_energy_kJ_mol=state.creep.activation_energy_J_mol / 1e3,
        temperature_K=c.temperature_K,
        reference_temperature_K=state.creep.reference_temperature_K,
        stack_pressure_MPa=c.stack_pressure_Pa / 1e6,
        liquid_fraction=state.liquid_fraction,
        liquid_connectivity=st.liquid_connectivity,
        contiguity=st.contiguity,
        specific_surface_per_px=st.specific_surface_per_px,
        grain_diameter_px=st.grain_diameter_px,
        grain_size_um=prm.grain_size_m * 1e6,
        kozeny_constant=prm.kozeny_constant,
        skeleton_exponent=prm.skeleton_exponent,
        liquid_viscosity_mPa_s=state.liquid_viscosity_Pa_s * 1e3,
        electrode_thickness_um=state.electrode_thickness_m * 1e6,
        cap_mA_cm2=prm.ccd_cap_A_m2 / 10,
        voids=state.voids,
        bulk_stress_exponent=state.creep.stress_exponent,
        void_length_nm=prm.void_length_m * 1e9,
        areal_capacity_mAh_cm2=state.areal_capacity_C_m2 / 36000,
        void_depth_scale_um=prm.void_depth_scale() * 1e6,
    )


def _compare_with_reference(name: str, prm: cc.CreepCCDParameters,
                            cond: cc.CellConditions | None) -> None:
    state = cc.electrode_state(name, conditions=cond)
    depths = np.array([3e-6, 8e-6, 10e-6, 12e-6, 30e-6])
    fast = cc.critical_current_density_A_m2(state, prm, depths) / 10
    kw = _ref_kwargs(state, prm)
    ref = [ccd_reference_mA_cm2(flaw_depth_um=d * 1e6, **kw) for d in depths]
    np.testing.assert_allclose(fast, ref, rtol=1e-9)
    kw.pop("characteristic_depth_um")
    p200 = replace(prm, n_quadrature=200)
    mean_ref = mean_ccd_reference_mA_cm2(tail_exponent=prm.flaw_tail_exponent, n=200,
                                         characteristic_depth_um=prm.flaw_depth_m * 1e6, **kw)
    assert cc.mean_ccd_A_m2(state, p200) / 10 == pytest.approx(mean_ref, rel=1e-9)


@pytest.mark.slow
@pytest.mark.parametrize("cond", [None, HOT], ids=["paper", "40C-1MPa-1mAh"])
@pytest.mark.parametrize("prm", [EFFECTIVE_PARAMETERS, MEASURED_PARAMETERS],
                         ids=["effective", "measured"])
@pytest.mark.parametrize("name", SOLID)
def test_fast_model_matches_plain_reference(name, prm, cond):
    _compare_with_reference(name, prm, cond)


@pytest.mark.slow   # builds the semi-solid states (electrode swing, 3D microstructures)
@pytest.mark.parametrize("cond", [None, HOT], ids=["paper", "40C-1MPa-1mAh"])
@pytest.mark.parametrize("prm", [EFFECTIVE_PARAMETERS, MEASURED_PARAMETERS],
                         ids=["effective", "measured"])
@pytest.mark.parametrize("name", SEMI)
def test_fast_model_matches_plain_reference_semi_solid(name, prm, cond):
    _compare_with_reference(name, prm, cond)


def test_reference_weibull_flaws_match():
    prm = replace(EFFECTIVE_PARAMETERS, flaw_distribution="weibull", flaw_tail_exponent=3.0,
                  n_quadrature=200)
    state = cc.electrode_state("K")
    kw = _ref_kwargs(state, prm)
    kw.pop("characteristic_depth_um")
    ref = mean_ccd_reference_mA_cm2(tail_exponent=3.0, n=200, distribution="weibull", **kw)
    assert cc.mean_ccd_A_m2(state, prm) / 10 == pytest.approx(ref, rel=1e-9)


def _power_law_dp_by_quadrature(j, n, k_s, v_m, h, l):
    """Tip over-pressure from the velocity profile of a power-law fluid, integrated
    numerically: u(y) = int_y^h (G y'/K)^n dy', Q(G) = 2 int_0^h u dy = Q_dep(x), dp = int G dx.
    Independent of the closed form (no algebra shared)."""
    def flux(g):
        u = lambda y: quad(lambda yp: (g * yp / k_s) ** n, y, h)[0]  # noqa: E731
        return 2.0 * quad(u, 0.0, h)[0]

    def gradient(x):
        q_dep = 2.0 * j * v_m * x / F
        return brentq(lambda g: flux(g) - q_dep, 0.0, 1e18, xtol=1e-6, rtol=1e-12)

    return quad(gradient, 0.0, l, limit=50)[0]


@pytest.mark.slow   # nested quadratures inside a root search
@pytest.mark.parametrize("n", [1.0, 3.0])
def test_power_law_slit_flow_against_numerical_integration(n):
    k_s, v_m, w, l = 2e7, 45e-6, 0.5e-6, 10e-6
    dp = 3.0e8
    j = float(cc.power_law_flow_ccd_A_m2(dp, l, w, k_s, n, v_m))
    assert _power_law_dp_by_quadrature(j, n, k_s, v_m, w / 2, l) == pytest.approx(dp, rel=1e-5)


def test_newtonian_limit_is_the_virkar_closed_form():
    # n = 1 with eta = sigma_H / (3 eps_H): j = z F w^3 (p_c - P) / (12 eta V_m l^2)
    prm = replace(EFFECTIVE_PARAMETERS, stress_exponent=1.0, ccd_cap_A_m2=1e15)
    s = cc.electrode_state("Li+NaK")
    eta = s.creep.reference_stress_Pa / (3 * s.creep.reference_strain_rate_per_s)
    w, l = prm.flaw_opening_m, prm.flaw_depth_m
    pc = s.toughness_Pa_sqrt_m / (1.1215 * math.sqrt(math.pi * l))
    closed = F * w**3 * (pc - 1.5e6) / (12 * eta * s.molar_volume_m3_mol * l**2)
    assert cc.critical_current_density_A_m2(s, prm) == pytest.approx(closed, rel=1e-9)


@pytest.mark.parametrize("prm", [EFFECTIVE_PARAMETERS, MEASURED_PARAMETERS],
                         ids=["effective", "measured"])
def test_temperature_scales_flow_by_the_arrhenius_factor(prm):
    """Flow-limited (no cap, no voids): j(T)/j(T0) = exp[(Q/R)(1/T0 - 1/T)] for any n."""
    prm = replace(prm, ccd_cap_A_m2=1e15)
    base = cc.electrode_state("K")
    hot = cc.electrode_state("K", conditions=cc.CellConditions(temperature_K=320.0))
    q = creep_law("K").activation_energy_J_mol
    expect = math.exp(q / GAS_CONSTANT_J_PER_MOL_K * (1 / 295.15 - 1 / 320.0))
    ratio = cc.critical_current_density_A_m2(hot, prm) / cc.critical_current_density_A_m2(base,
                                                                                            prm)
    assert ratio == pytest.approx(expect, rel=1e-9)


def test_stack_pressure_enters_the_tip_balance():
    prm = replace(EFFECTIVE_PARAMETERS, ccd_cap_A_m2=1e15)
    l = prm.flaw_depth_m
    pc = 2.5e6 / (1.1215 * math.sqrt(math.pi * l))
    j = {p: cc.critical_current_density_A_m2(   # Li with the film: no stripping voids
        cc.electrode_state("Li+NaK", conditions=cc.CellConditions(stack_pressure_Pa=p)), prm)
         for p in (0.0, 50e6)}
    n = prm.stress_exponent
    assert j[50e6] / j[0.0] == pytest.approx(((pc - 50e6) / pc) ** n, rel=1e-9)


def test_each_metal_has_its_own_molar_volume():
    # M / rho of the cited records: Li 13.0, Na 23.75, K 45.36 cm3/mol; A deposits K (the
    # semi-solid states are checked in the slow test below)
    vm = {m: cc.electrode_state(m).molar_volume_m3_mol * 1e6 for m in ("Li", "Na", "K")}
    assert vm == pytest.approx({"Li": 13.0, "Na": 23.75, "K": 45.36}, abs=0.01)
    assert cc.electrode_state("Li+NaK").molar_volume_m3_mol == \
        cc.electrode_state("Li").molar_volume_m3_mol


@pytest.mark.slow   # 4000 draws and a Weibull fit with its bias simulation
def test_ccd_is_weibull_with_modulus_k_over_a():
    """j ∝ l^-(3n/2 + 1) and a Fréchet largest flaw of tail k: the CCD is Weibull, m = k/a."""
    prm = replace(EFFECTIVE_PARAMETERS, ccd_cap_A_m2=1e15, stress_exponent=2.0,
                  flaw_tail_exponent=12.0, n_quadrature=4000)
    j, _ = cc.sample_ccd_A_m2("Li+NaK", 4000, rng=11, params=prm)   # no voids, no cap
    fit = weibull_mle(j, n_sim=200)
    assert fit.shape_m == pytest.approx(12.0 / (1.5 * 2.0 + 1.0), rel=0.06)
    m = 12.0 / 4.0
    assert cc.mean_ccd_A_m2("Li+NaK", prm) == pytest.approx(
        math.gamma(1 + 1 / m) * cc.critical_current_density_A_m2("Li+NaK", prm), rel=2e-3)


def test_steady_state_voids_have_a_closed_form():
    """With the voids fully developed (h_v -> 0): j^(1+1/n) = j_local j_s^(1/n)."""
    prm = replace(EFFECTIVE_PARAMETERS, void_depth_scale_m=1e-15)
    s = cc.electrode_state("Li")
    n = s.creep.stress_exponent
    depths = np.array([5e-6, 10e-6, 20e-6])
    local = cc.local_critical_A_m2(s, prm, depths)["local"]
    j_s = cc.critical_stripping_A_m2(s, prm)
    assert np.all(local > j_s)
    np.testing.assert_allclose(cc.critical_current_density_A_m2(s, prm, depths),
                               (local**n * j_s) ** (1 / (n + 1)), rtol=1e-10)


def test_film_removes_voids_only():
    prm = EFFECTIVE_PARAMETERS
    li, film = cc.electrode_state("Li"), cc.electrode_state("Li+NaK")
    assert li.voids and not film.voids
    local = cc.local_critical_A_m2(li, prm, np.array([prm.flaw_depth_m]))["local"][0]
    assert cc.critical_current_density_A_m2(film, prm) == pytest.approx(local, rel=1e-12)
    assert cc.critical_current_density_A_m2(li, prm) < local


def test_stack_pressure_feeds_the_stripping_interface():
    """Creep under the stack pressure refills stripping voids: j_s ∝ P^n. Less pressure,
    more voids (Li, and K below about 1 MPa); at 3 MPa K refills at any current it meets, and
    only the tip balance (-P, 0.4 % of p_c) moves it."""
    def mean(name, p):
        return cc.mean_ccd_A_m2(cc.electrode_state(name, conditions=cc.CellConditions(
            stack_pressure_Pa=p)))

    li = cc.electrode_state("Li")
    n = li.creep.stress_exponent
    low = cc.electrode_state("Li", conditions=cc.CellConditions(stack_pressure_Pa=0.75e6))
    assert cc.critical_stripping_A_m2(low, EFFECTIVE_PARAMETERS) == pytest.approx(
        cc.critical_stripping_A_m2(li, EFFECTIVE_PARAMETERS) * 0.5**n, rel=1e-12)
    assert mean("Li", 0.75e6) < mean("Li", 1.5e6) < mean("Li", 3e6)
    assert mean("K", 0.75e6) < mean("K", 1.5e6)
    assert mean("K", 3e6) == pytest.approx(mean("K", 1.5e6), rel=0.01)
    assert mean("Li+NaK", 0.75e6) == pytest.approx(mean("Li+NaK", 1.5e6), rel=0.01)


@pytest.mark.slow   # the electrode swing and 3D microstructures
def test_semi_solid_uses_the_plating_electrode_at_the_end_of_the_half_cycle():
    from semisolid import paper

    for name in ("A", "B"):
        s = cc.electrode_state(name)
        assert s.liquid_fraction == pytest.approx(
            paper.swing(name).enriched.liquid_volume_fraction, rel=1e-12)
        assert s.liquid_fraction < paper.starting_liquid_fraction(name)
    # a smaller capacity per half cycle leaves more liquid at the end of plating
    half = cc.CellConditions(areal_capacity_C_m2=1.5 * 36000)
    assert cc.electrode_state("A", conditions=half).liquid_fraction > \
        cc.electrode_state("A").liquid_fraction
    assert cc.electrode_state("A").molar_volume_m3_mol == \
        cc.electrode_state("K").molar_volume_m3_mol
    b = cc.predict("B")
    assert b.regime == "flowing" and b.limited_by == "cap"
    parts = cc.local_critical_A_m2(cc.electrode_state("B"), EFFECTIVE_PARAMETERS,
                                   np.array([10e-6]))
    assert parts["drainage"][0] > 1e6 * parts["cap"][0]    # connected liquid drains
    assert cc.predict("A").regime == "jammed"               # its liquid is in pockets
    # B's mean was measured at 1.5-2 mAh/cm2 (true capacity), the case uses the nominal 3:
    # at the non-flow limit over that range the capacity does not move B's mean
    b15 = cc.predict("B", conditions=half)
    assert b15.liquid_fraction > b.liquid_fraction and b15.limited_by == "cap"
    assert b15.mean_ccd_mA_cm2 == pytest.approx(b.mean_ccd_mA_cm2, rel=1e-6)


def test_bad_input():
    with pytest.raises(InputError, match=r"^temperature_K: 340 K is at or above the melting"):
        cc.electrode_state("K", conditions=cc.CellConditions(temperature_K=340.0))
    with pytest.raises(InputError, match=r"^temperature_K: the Na-K film freezes"):
        cc.electrode_state("Li+NaK", conditions=cc.CellConditions(temperature_K=250.0))
    with pytest.raises(InputError, match=r"^stack_pressure_Pa: must be a number >= 0"):
        cc.CellConditions(stack_pressure_Pa=-1.0)
    with pytest.raises(InputError, match=r"^liquid_fraction: liquid fraction 2 is outside"):
        cc.electrode_state("A", liquid_fraction=2)
    with pytest.raises(InputError, match=r"^flaw_distribution: unknown distribution"):
        cc.CreepCCDParameters(flaw_distribution="gumbel")
    with pytest.raises(InputError, match=r"^flaw_depth_m: flaw depths must be positive"):
        cc.critical_current_density_A_m2("K", flaw_depth_m=[1e-6, 0.0])


def test_creep_law_inputs():
    li = creep_law("Li")
    assert li.reference_strain_rate_per_s == pytest.approx(1 / 30)   # 1/(2 x 15 s)
    assert li.flow_stress_Pa(li.reference_strain_rate_per_s) == pytest.approx(1.74e6)
    rate = li.strain_rate_per_s(3.48e6, 300.0)
    assert li.flow_stress_Pa(rate, 300.0) == pytest.approx(3.48e6, rel=1e-12)
    assert float(li.strain_rate_per_s(3.48e6)) == pytest.approx(2**6.6 / 30, rel=1e-12)
    assert size_effect_factor("Li", 1e-6) == pytest.approx(105 / 1.74, rel=1e-12)
    assert size_effect_factor("Li", 1e-3) == 1.0           # larger than the strengthening range
    prm = replace(EFFECTIVE_PARAMETERS, size_effect=True)
    assert cc.mean_ccd_A_m2("Li+NaK", prm) < cc.mean_ccd_A_m2("Li+NaK")


def test_liquid_viscosity_correlation_reproduces_the_sodium_record():
    # the Fink-Leibowitz correlation as transcribed in semisolid.models.creep, at 371 K, is the
    # fink-leibowitz1995 record of liquid Na (0.688 mPa s)
    from semisolid.materials import metal
    from semisolid.models.creep import _ln_eta_na

    assert math.exp(_ln_eta_na(371.0)) == pytest.approx(
        metal("Na").viscosity_liquid_Pa_s, rel=2e-3)
    assert liquid_viscosity_Pa_s(295.15) == metal("NaK").viscosity_liquid_Pa_s
    assert liquid_viscosity_Pa_s(313.15) < liquid_viscosity_Pa_s(295.15)


def test_result_keeps_the_flow_model_keys():
    from semisolid.models import flow_ccd

    old = flow_ccd.predict("K").to_dict()
    new = cc.predict("K").to_dict()
    assert set(old) <= set(new)
    assert new["toughness_Pa_m05"] == new["toughness_Pa_sqrt_m"]
    assert new["quantiles_mA_cm2"]["p05"] < new["mean_ccd_mA_cm2"] < new["quantiles_mA_cm2"]["p95"]
    assert "lepage2019" in cc.predict("Li").sources
    assert "wang2020-na" in cc.predict("Na").sources
    assert "homologous-creep-scaling" in new["sources"]
