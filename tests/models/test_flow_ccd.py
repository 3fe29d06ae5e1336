"""Flow-limited CCD model: reference implementation, analytical limits, paper means."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest

from semisolid.models import flow_ccd as fc
from semisolid.models.flow_ccd_reference import ccd_reference_mA_cm2, mean_ccd_reference_mA_cm2
from semisolid.paper import number
from semisolid.stats import weibull_mle

PRESETS = list(fc.ELECTRODE_PRESETS)


def _reference_kwargs(name: str, prm: fc.FlowCCDParameters) -> dict:
    s = fc.electrode_spec(name)
    return dict(
        yield_stress_MPa=s.yield_stress_Pa / 1e6, toughness_MPa_sqrt_m=s.toughness_Pa_sqrt_m / 1e6,
        flaw_opening_um=prm.flaw_opening_m * 1e6, characteristic_depth_um=prm.flaw_depth_m * 1e6,
        rheology=prm.rheology, strain_rate_per_s=prm.strain_rate_ref_per_s,
        plastic_viscosity_Pa_s=prm.plastic_viscosity_Pa_s,
        molar_volume_cm3_mol=prm.reference_molar_volume_m3_mol * 1e6,
        liquid_fraction=s.liquid_fraction, liquid_viscosity_mPa_s=s.liquid_viscosity_Pa_s * 1e3,
        max_packing=prm.max_packing, intrinsic_viscosity=prm.intrinsic_viscosity,
        max_relative_viscosity=prm.max_relative_viscosity,
        jamming_exponent=prm.jamming_exponent, cap_mA_cm2=prm.ccd_cap_A_m2 / 10,
        film_factor=prm.film_factor if s.interfacial_film else 1.0,
    )


@pytest.mark.parametrize("prm", [fc.DEFAULT_PARAMETERS, fc.BINGHAM_PARAMETERS],
                         ids=["viscous", "bingham"])
@pytest.mark.parametrize("name", PRESETS)
def test_main_model_matches_plain_reference(name, prm):
    depths = np.array([3e-6, 8e-6, 10e-6, 12e-6, 30e-6])
    main = fc.critical_current_density_A_m2(name, prm, depths) / 10
    kw = _reference_kwargs(name, prm)
    ref = [ccd_reference_mA_cm2(flaw_depth_um=d * 1e6, **kw) for d in depths]
    np.testing.assert_allclose(main, ref, rtol=1e-10, atol=1e-14)
    kw.pop("characteristic_depth_um")
    mean_ref = mean_ccd_reference_mA_cm2(tail_exponent=prm.flaw_tail_exponent,
                                         characteristic_depth_um=prm.flaw_depth_m * 1e6, **kw)
    assert fc.mean_ccd_A_m2(name, prm) / 10 == pytest.approx(mean_ref, rel=1e-10)


def test_reference_liquid_fraction_sweep_matches():
    prm = fc.DEFAULT_PARAMETERS
    kw = _reference_kwargs("A", prm)
    for f in np.linspace(0, 1, 41):
        kw["liquid_fraction"] = float(f)
        j = fc.critical_current_density_A_m2(fc.electrode_spec("A", liquid_fraction=float(f)),
                                             prm) / 10
        assert j == pytest.approx(ccd_reference_mA_cm2(**kw), rel=1e-10)


def test_virkar_closed_form_li_notes_number():
    # calibration setup (docs/models.md): K_Ic 2.5 MPa m^0.5, l = 10 um, eps_ref = 1e-3 1/s,
    # sigma_y(Li) = 1.74 MPa => eta = 5.8e8 Pa s; j_c = 0.50 mA/cm2 needs w ~ 1.06 um.
    # Closed form eq. (3): j = z F w^3 K / (12 * 1.1215 sqrt(pi) eta V_m l^2.5).
    y_li = number("yield_Li").value
    w, k, l, vm, eta = 1.06e-6, 2.5e6, 10e-6, 13.0e-6, y_li * 1e6 / 3e-3
    j_closed = 96485.33212 * w**3 * k / (12 * 1.1215 * math.sqrt(math.pi) * eta * vm * l**2.5)
    assert j_closed / 10 == pytest.approx(number("mean_ccd_Li").value, abs=0.02)
    prm = replace(fc.DEFAULT_PARAMETERS, flaw_opening_m=w, ccd_cap_A_m2=1e15)
    assert fc.critical_current_density_A_m2("Li", prm) == pytest.approx(j_closed, rel=1e-9)


def test_viscous_ccd_inversely_proportional_to_yield_stress():
    prm = replace(fc.DEFAULT_PARAMETERS, ccd_cap_A_m2=1e15)
    j = {m: fc.critical_current_density_A_m2(m, prm) for m in ("Li", "Na", "K")}
    y = {m: number(f"yield_{m}").value for m in ("Li", "Na", "K")}   # the paper's H/3
    assert j["Na"] / j["Li"] == pytest.approx(y["Li"] / y["Na"], rel=1e-9)   # 4.24
    assert j["K"] / j["Na"] == pytest.approx(y["Na"] / y["K"], rel=1e-9)


def test_bingham_ccd_linear_in_yield_stress():
    prm = replace(fc.BINGHAM_PARAMETERS, ccd_cap_A_m2=1e15)
    base = fc.electrode_spec("K")
    sig = np.array([0.2e6, 0.6e6, 1.0e6, 1.4e6])
    j = [fc.critical_current_density_A_m2(replace(base, yield_stress_Pa=s), prm) for s in sig]
    second_diff = np.diff(j, 2)
    assert np.all(np.abs(second_diff) < 1e-9 * max(j))
    assert j[0] > j[-1]


@pytest.mark.slow
def test_ccd_distribution_is_weibull_with_modulus_2k_over_5():
    prm = replace(fc.DEFAULT_PARAMETERS, ccd_cap_A_m2=1e15)
    j, _ = fc.sample_ccd_A_m2("Na", 4000, rng=7, params=prm)
    f = weibull_mle(j, n_sim=200)
    assert f.shape_m == pytest.approx(2 * prm.flaw_tail_exponent / 5, rel=0.05)
    assert f.scale_x0 == pytest.approx(fc.critical_current_density_A_m2("Na", prm), rel=0.02)
    # and the deterministic mean is Gamma(1 + 1/m) x0
    assert fc.mean_ccd_A_m2("Na", prm) == pytest.approx(
        math.gamma(1 + 1 / 3.0) * fc.critical_current_density_A_m2("Na", prm), rel=2e-3)


def test_krieger_dougherty_notes_examples():
    assert float(fc.krieger_dougherty(0.30)) == pytest.approx(2.75, abs=0.01)
    assert float(fc.krieger_dougherty(0.62)) == pytest.approx(256, rel=0.01)
    assert float(fc.krieger_dougherty(0.01)) == pytest.approx(1 + 2.5 * 0.01, rel=1e-3)  # Einstein
    assert np.isinf(fc.krieger_dougherty(0.7))


def test_ccd_rises_with_liquid_fraction():
    f = np.linspace(0, 1, 101)
    j = [fc.critical_current_density_A_m2(fc.electrode_spec("A", liquid_fraction=float(x)))
         for x in f]
    assert np.all(np.diff(j) >= -1e-9 * max(j))
    assert j[-1] == pytest.approx(fc.DEFAULT_PARAMETERS.ccd_cap_A_m2, rel=1e-3)


@pytest.mark.parametrize("prm", [fc.DEFAULT_PARAMETERS, fc.BINGHAM_PARAMETERS],
                         ids=["viscous", "bingham"])
def test_calibrated_model_ordering_of_fig6a(prm):
    """Independent check: the paper's ordering Li < Na, K < A < B (Fig. 6a)."""
    m = {e: fc.mean_ccd_A_m2(e, prm) / 10 for e in PRESETS}
    assert m["Li"] < min(m["Na"], m["K"]) <= max(m["Na"], m["K"]) < m["A"] < m["B"]
    assert m["Li"] < m["Li+NaK"]      # the Na-K film raises the Li CCD


@pytest.mark.parametrize("prm", [fc.DEFAULT_PARAMETERS, fc.BINGHAM_PARAMETERS],
                         ids=["viscous", "bingham"])
def test_calibrated_model_paper_means(prm):
    """The paper's means (semisolid.paper) within a factor of 1.5 (the calibration targets)."""
    m = {e: fc.mean_ccd_A_m2(e, prm) / 10 for e in PRESETS}
    # paper means within a factor of 1.5
    for e, key in (("Li", "mean_ccd_Li"), ("Li+NaK", "mean_ccd_LiNaK"), ("B", "mean_ccd_B")):
        target = number(key).value
        assert 1 / 1.5 <= m[e] / target <= 1.5, (e, m[e])
    assert m["Li+NaK"] < 2.0          # "several cells approached 2 mA cm-2"
    assert m["A"] <= number("max_ccd_A").value     # the reported A maximum


def test_bingham_na_k_in_derived_band():
    prm = fc.BINGHAM_PARAMETERS
    assert 1.8 <= fc.mean_ccd_A_m2("K", prm) / 10 <= 2.4
    assert 2.0 <= fc.mean_ccd_A_m2("Na", prm) / 10 <= 2.5


def test_viscous_law_cannot_meet_the_na_and_k_bands():
    """Resolves the former strict xfail on K (viscous K mean 2.81 above the band 1.8-2.4).

    With CCD ∝ 1/σ_y and one molar volume for every metal, K/Na = σ_Na/σ_K = 1.71 at every
    flaw opening (the cap aside), while the derived bands (Na 2.0-2.5, K 1.8-2.4) allow at
    most 2.4/2.0 = 1.2: no calibration of the viscous law puts both in band, so the shortfall
    is the law's, not the fit's. The creep-limited model, with each metal's molar volume
    (K 45.4, Na 23.8 cm³/mol), has K/Na ≈ 1.06 and K in the band (a fit target there)."""
    from semisolid.models import creep_ccd
    from semisolid.models.validation import MEASURED_MEANS

    ratio_y = number("yield_Na").value / number("yield_K").value
    for w in (0.3e-6, 1e-6, 3e-6):
        p = replace(fc.DEFAULT_PARAMETERS, ccd_cap_A_m2=1e15, flaw_opening_m=w)
        r = fc.mean_ccd_A_m2("K", p) / fc.mean_ccd_A_m2("Na", p)
        assert r == pytest.approx(ratio_y, rel=1e-9)
    k_band, na_band = MEASURED_MEANS["K"], MEASURED_MEANS["Na"]
    assert ratio_y > k_band.high_mA_cm2 / na_band.low_mA_cm2
    k = creep_ccd.mean_ccd_A_m2("K") / 10
    assert k_band.low_mA_cm2 <= k <= k_band.high_mA_cm2
