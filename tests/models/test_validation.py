"""Fits of the creep-limited model and its out-of-sample validation."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from semisolid.errors import InputError
from semisolid.models import validation as va
from semisolid.paper import number


def test_measured_means_come_from_the_paper():
    m = va.MEASURED_MEANS
    assert m["Li"].value_mA_cm2 == number("mean_ccd_Li").value
    assert m["Li+NaK"].value_mA_cm2 == number("mean_ccd_LiNaK").value
    assert m["B"].value_mA_cm2 == number("mean_ccd_B").value
    li = number("mean_ccd_Li").value
    assert (m["Na"].low_mA_cm2, m["Na"].high_mA_cm2) == (4 * li, 5 * li)   # "4-5 times"
    assert m["A"].high_mA_cm2 == number("max_ccd_A").value               # the A maximum
    lit = va.CASES["Na 0.25 mAh/cm²"]
    assert lit.conditions.stack_pressure_Pa == pytest.approx(3.4e6)
    assert lit.conditions.areal_capacity_C_m2 == pytest.approx(0.25 * 36000)
    assert va.CASES["Na 0.5 mAh/cm²"].pressure_range_Pa == (4e6, 12e6)


@pytest.mark.slow   # two fits of all six families (the semi-solid states first)
def test_fits_reproduce_the_shipped_constants():
    """The shipped constants are the fits (regression: they were made by fit())."""
    for mode, shipped in (("effective", va.EFFECTIVE_PARAMETERS),
                          ("measured", va.MEASURED_PARAMETERS)):
        r = va.fit(mode=mode)
        assert r.success
        for k, v in r.fitted.items():
            assert v == pytest.approx(getattr(shipped, k), rel=2e-3), (mode, k)
    assert va.fit_spread().flaw_tail_exponent == pytest.approx(
        va.EFFECTIVE_PARAMETERS.flaw_tail_exponent, rel=2e-3)


@pytest.mark.slow
def test_the_measured_exponents_cannot_fit_the_six_means():
    """Finding: with each metal's bulk exponent (5-6.6) the flow-limited CCDs of Na and K
    exceed Li's by orders of magnitude; the fit needs the common cap for Na, K, A and B and
    misses by up to 2.7x. One effective exponent (~1.1) fits all six within 1.25x."""
    assert va.fit(mode="measured").max_ratio > 2.5
    assert va.fit().max_ratio < 1.3
    assert va.EFFECTIVE_PARAMETERS.stress_exponent == pytest.approx(1.09, abs=0.01)


def test_identifiability_decides_what_can_be_predicted():
    v = va.validate(["Li", "K"], ["Na", "Li+NaK"], n_draws=1)
    assert sorted(v.central_fit.fitted) == ["flaw_opening_m", "stress_exponent"]
    assert [p.identifiable for p in v.predictions] == [False, False]
    assert all("ccd_cap_A_m2" in p.note for p in v.predictions)
    assert all(p.predicted_mA_cm2 is None for p in v.predictions)


@pytest.mark.slow   # the fit set holds B (its semi-solid state: swing, microstructures)
def test_a_prediction_never_sees_the_measured_value_it_predicts(monkeypatch):
    before = va.validate(["Li", "Li+NaK", "K", "B"], ["Na"], n_draws=1).predictions[0]
    moved = replace(va.CASES["Na"], measured=replace(va.CASES["Na"].measured,
                                                     value_mA_cm2=50.0, low_mA_cm2=40.0,
                                                     high_mA_cm2=60.0))
    monkeypatch.setitem(va.CASES, "Na", moved)
    after = va.validate(["Li", "Li+NaK", "K", "B"], ["Na"], n_draws=1).predictions[0]
    assert after.predicted_mA_cm2 == before.predicted_mA_cm2
    assert after.log_error == pytest.approx(math.log(before.predicted_mA_cm2 / 50.0))


@pytest.mark.slow   # the fit set holds B
def test_held_out_predictions_do_not_depend_on_the_start_point():
    """The fits start from the shipped all-six fit; from a neutral start the identified
    constants reach the same optimum, so the prediction is the same."""
    from semisolid.models.creep_ccd import CreepCCDParameters, mean_ccd_A_m2

    neutral = CreepCCDParameters(stress_exponent=1.0, flaw_opening_m=1e-6, void_length_m=1e-9,
                                 ccd_cap_A_m2=100.0,
                                 flaw_tail_exponent=va.EFFECTIVE_PARAMETERS.flaw_tail_exponent)
    fit_on = ["Li", "Li+NaK", "K", "B"]
    st = va._states([*fit_on, "Na"])
    targets = {c: va.CASES[c].measured.value_mA_cm2 for c in fit_on}
    a = va.fit(targets, states={c: st[c] for c in fit_on})
    b = va.fit(targets, states={c: st[c] for c in fit_on}, base=neutral)
    assert sorted(a.fitted) == sorted(b.fitted)
    assert mean_ccd_A_m2(st["Na"], b.parameters) == pytest.approx(
        mean_ccd_A_m2(st["Na"], a.parameters), rel=1e-4)


@pytest.mark.slow   # every fit set holds B
@pytest.mark.parametrize(("fit_on", "case"), [
    (["Li", "Li+NaK", "K", "B"], "Na"),
    (["Li", "Li+NaK", "Na", "B"], "K"),
    (["Li", "Na", "K", "B"], "Li+NaK"),
    (["Li", "Na", "K", "A", "B", "Li+NaK"], "Na 0.5 mAh/cm²"),
])
def test_pure_metal_predictions_out_of_sample_within_a_factor_of_2(fit_on, case):
    """Measured (paper) against predicted: the model's claim is the order of magnitude."""
    p = va.validate(fit_on, [case], n_draws=1).predictions[0]
    assert p.identifiable
    assert abs(p.log_error) < math.log(2.0), (case, p.ratio)


@pytest.mark.slow
@pytest.mark.xfail(strict=True, reason="measured shortfall: A predicted 2.3-3.0 mA/cm2 from "
                   "the contiguity skeleton (p = 1) against the derived 7 (ratio 0.32-0.43): "
                   "A's strength loss at 2.8 % liquid is fitted (p = 19.4), not predicted")
def test_a_predicted_out_of_sample_within_a_factor_of_2():
    p = va.validate(["Li", "Na", "K", "B"], ["A"], n_draws=1).predictions[0]
    assert abs(p.log_error) < math.log(2.0), p.ratio


@pytest.mark.slow
@pytest.mark.xfail(strict=True, reason="measured shortfall: the literature Na CCD of 12 "
                   "mA/cm2 at 0.25 mAh/cm2 and 3.4 MPa is predicted as 2.3 (ratio 0.19): at "
                   "3.4 MPa creep refills Na's stripping voids, and the flow limit has no "
                   "capacity dependence")
def test_literature_na_at_quarter_capacity_within_a_factor_of_2():
    p = va.validate(list(va.MEASURED_MEANS), ["Na 0.25 mAh/cm²"], n_draws=1).predictions[0]
    assert abs(p.log_error) < math.log(2.0), p.ratio


@pytest.mark.slow   # 6 draws of 4 refits
def test_draws_give_intervals_around_the_central_prediction():
    v = va.validate(["Li", "Li+NaK", "K", "B"], ["Na"], n_draws=6, seed=3)
    p = v.predictions[0]
    assert p.predicted_low_mA_cm2 < p.predicted_high_mA_cm2
    assert p.log_error_low < p.log_error_high
    assert set(v.fitted_ranges) == set(v.central_fit.fitted)
    d = v.to_dict()
    assert d["predictions"][0]["within_factor_2"] is True
    assert len(v.rows()[0]) == len(va.ValidationResult.COLUMNS)


def test_bad_input():
    with pytest.raises(InputError, match=r"^cases: unknown case"):
        va.validate(["Li", "Q"])
    with pytest.raises(InputError, match=r"^mode: unknown mode"):
        va.fit({"K": 2.0}, mode="plastic")
    with pytest.raises(InputError, match=r"^targets: target for K must be positive"):
        va.fit({"K": -2.0})
    with pytest.raises(InputError, match=r"^n_draws: must be a positive integer"):
        va.validate(["Li", "K"], n_draws=0)
