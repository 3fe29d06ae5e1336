"""Indentation mechanics against the paper's numbers, hand-worked examples and geometry."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

from semisolid.errors import InputError
from semisolid.mechanics import (
    IndentationWarning,
    anstis_toughness_Pa_sqrt_m,
    diagonal_from_hardness_m,
    evans_charles_toughness_Pa_sqrt_m,
    fit_toughness,
    hardness_from_tests,
    tabor_yield_stress_Pa,
    vickers_hardness_Pa,
)
from semisolid.paper import number

# Park et al. 2021, Fig. 6 caption: yield = H/3 = 1.74 (Li), 0.41 (Na), 0.24 (K) MPa at a
# 0.245 N load on the projected area. The paper gives no diagonals: the 306, 631, 825 um
# used here were back-computed from these yields with the
# same projected-area formula d = sqrt(2 P / (3 sigma_y)) ("[derived]"), so they are not
# measurements.
PAPER = [(m, d, number(f"yield_{m}").value)
         for m, d in (("Li", 306e-6), ("Na", 631e-6), ("K", 825e-6))]


@pytest.mark.parametrize(("metal", "diagonal_m", "yield_MPa"), PAPER)
def test_paper_yield_stress_from_hardness(metal, diagonal_m, yield_MPa):
    """Consistency check of H = 2P/d^2 (projected area) and sigma_y = H/3, not an
    independent validation: the diagonals were back-computed from the paper's yields with
    the same formulas (rounded to 1 um). The independent check of the area convention is
    test_projected_vs_contact_area_ratio (analytic pyramid geometry and ISO 6507)."""
    h = vickers_hardness_Pa(0.245, diagonal_m)
    # the diagonals are rounded to 1 um: 0.7 % in H at most
    assert tabor_yield_stress_Pa(h) / 1e6 == pytest.approx(yield_MPa, rel=0.01)
    assert h / 1e6 == pytest.approx(3 * yield_MPa, rel=0.01)


def test_diagonal_from_paper_hardness_matches_notes():
    """Consistency check (inverse of the formula that produced the notes' diagonals)."""
    for _, d, y in PAPER:
        assert diagonal_from_hardness_m(0.245, 3 * y * 1e6) == pytest.approx(d, abs=1e-6)


def test_projected_vs_contact_area_ratio():
    """Independent check of the two area conventions from the pyramid's geometry."""
    # A_s = d^2 / (2 sin 68 deg), A_p = d^2 / 2  =>  H / HV = 1 / sin(68 deg) = 1.0785
    h = vickers_hardness_Pa(1.0, 1e-4)
    hv = vickers_hardness_Pa(1.0, 1e-4, convention="contact")
    assert h / hv == pytest.approx(1.0785, abs=1e-4)
    # the areas from the geometry directly: a square pyramid with 136 deg between opposite
    # faces (face-to-axis 68 deg) and diagonal d: base side s = d/sqrt(2), projected area
    # s^2; each face a triangle of base s and slant height (s/2)/sin(68 deg)
    d = 1e-4
    side = d / math.sqrt(2)
    projected = side**2
    surface = 4 * 0.5 * side * (side / 2) / math.sin(math.radians(68))
    assert h == pytest.approx(1.0 / projected, rel=1e-12)
    assert hv == pytest.approx(1.0 / surface, rel=1e-12)
    # ISO 6507: HV = 0.1891 F/d^2 with F in N, d in mm, HV in kgf/mm2
    assert hv / 9.80665e6 == pytest.approx(0.1891 * 1.0 / 0.1**2, rel=1e-3)


def test_per_indent_and_shared_values_broadcast():
    # one load for all indents, or one per indent: same answer
    d = [300e-6, 306e-6, 312e-6]
    a = hardness_from_tests(0.245, d)
    b = hardness_from_tests([0.245] * 3, d)
    assert a.hardness_each_Pa == pytest.approx(b.hardness_each_Pa, rel=1e-15)
    k = anstis_toughness_Pa_sqrt_m([9.81, 4.9], [100e-6, 60e-6], 70e9, 5e9)
    assert k[1] == pytest.approx(0.016 * math.sqrt(70 / 5) * 4.9 / 60e-6**1.5)


def test_hardness_statistics_sample_sd():
    r = hardness_from_tests(0.245, [300e-6, 306e-6, 312e-6])
    each = [2 * 0.245 / d**2 for d in (300e-6, 306e-6, 312e-6)]
    assert r.hardness_mean_Pa == pytest.approx(np.mean(each))
    assert r.hardness_sd_Pa == pytest.approx(np.std(each, ddof=1))
    assert r.to_dict()["n_tests"] == 3


def test_anstis_soda_lime_glass_worked_example():
    # Inputs: soda-lime glass E = 70 GPa, H = 5.5 GPa (Anstis et al., J. Am. Ceram. Soc. 64,
    # 533 (1981), Table I); a 1 kgf-class indent, P = 9.81 N, c = 100 um.
    # By hand: (E/H)^0.5 = (70/5.5)^0.5 = 3.56753; P/c^1.5 = 9.81 / 1e-6 = 9.81e6 N m^-1.5;
    # K = 0.016 * 3.56753 * 9.81e6 = 0.55996 MPa m^0.5 (Anstis's DCB value for this glass is
    # 0.74, so the example lies in the physical range).
    k = anstis_toughness_Pa_sqrt_m(9.81, 100e-6, 70e9, 5.5e9)
    assert k / 1e6 == pytest.approx(0.55996, abs=5e-5)


def test_anstis_silicon_nitride_worked_example():
    # Hot-pressed Si3N4-like inputs: E = 300 GPa, H = 16 GPa, P = 98.1 N (10 kgf), c = 250 um.
    # By hand: (300/16)^0.5 = 4.33013; c^1.5 = 3.95285e-6 m^1.5; P/c^1.5 = 2.48175e7;
    # K = 0.016 * 4.33013 * 2.48175e7 = 1.71941 MPa m^0.5.
    k = anstis_toughness_Pa_sqrt_m(98.1, 250e-6, 300e9, 16e9, half_diagonal_m=60e-6)
    assert k / 1e6 == pytest.approx(1.71941, abs=5e-5)


def test_evans_charles_equals_load_only_form():
    # With H = P/(2a^2): 0.16 H a^0.5 (c/a)^-1.5 = 0.16/2 P c^-1.5 = 0.080 P / c^1.5
    p, a, c = 19.6, 40e-6, 150e-6
    h = p / (2 * a**2)
    k = evans_charles_toughness_Pa_sqrt_m(h, a, c)
    assert k == pytest.approx(0.080 * p / c**1.5, rel=1e-12)
    # by hand: 0.080 * 19.6 / (150e-6)^1.5 = 1.568 / 1.83712e-6 = 0.853510 MPa m^0.5
    assert k / 1e6 == pytest.approx(0.853510, abs=5e-6)
    assert evans_charles_toughness_Pa_sqrt_m(h, a, c, constant=0.0824 * 2) == pytest.approx(
        0.0824 * p / c**1.5)


def test_fit_over_paper_loads_recovers_toughness():
    loads = np.array([19.6, 9.81, 4.91])
    e, h, k_true = 158e9, 8e9, 1.5e6
    a = np.sqrt(loads / (2 * h))
    c = (0.016 * np.sqrt(e / h) * loads / k_true) ** (2 / 3)   # ideal half-penny: c ~ P^2/3
    fit = fit_toughness(loads, a, c, method="anstis", youngs_modulus_Pa=e)
    assert fit.toughness_Pa_sqrt_m == pytest.approx(k_true, rel=1e-9)
    assert fit.load_exponent == pytest.approx(2 / 3, abs=1e-9)
    assert fit.toughness_sd_Pa_sqrt_m == pytest.approx(0.0, abs=1e-3)
    ec = fit_toughness(loads, a, c, method="evans-charles")
    assert ec.toughness_Pa_sqrt_m == pytest.approx(0.080 / 0.016 / math.sqrt(e / h) * k_true)


def test_fit_warns_on_load_dependent_cracks():
    loads = np.array([19.6, 9.81, 4.91])
    a = np.sqrt(loads / (2 * 8e9))
    c = np.array([150e-6, 149e-6, 148e-6])   # cracks that do not grow with load
    with pytest.warns(IndentationWarning, match=r"slope"):
        fit_toughness(loads, a, c, method="evans-charles")


def test_short_cracks_warn_palmqvist():
    with pytest.warns(IndentationWarning, match="Palmqvist"):
        evans_charles_toughness_Pa_sqrt_m(8e9, 40e-6, 60e-6)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        evans_charles_toughness_Pa_sqrt_m(8e9, 40e-6, 120e-6)   # c/a = 3: no warning


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: vickers_hardness_Pa(-1.0, 1e-4), "load_N"),
        (lambda: vickers_hardness_Pa(1.0, 0.0), "diagonal_m"),
        (lambda: vickers_hardness_Pa(1.0, 1e-4, "meyer"), "convention"),
        (lambda: evans_charles_toughness_Pa_sqrt_m(8e9, 40e-6, 30e-6), "crack_length_m"),
        (lambda: anstis_toughness_Pa_sqrt_m(9.81, -1e-4, 70e9, 5e9), "crack_length_m"),
        (lambda: fit_toughness([9.81], [30e-6], [100e-6], youngs_modulus_Pa=70e9), "loads_N"),
        (lambda: fit_toughness([9.81, 4.9], [30e-6, 20e-6], [100e-6, 60e-6]),
         "youngs_modulus_Pa"),
        (lambda: fit_toughness([9.81, 4.9], [30e-6], [100e-6, 60e-6], youngs_modulus_Pa=1e9),
         "loads_N"),
        (lambda: vickers_hardness_Pa("heavy", 1e-4), "load_N"),
        (lambda: vickers_hardness_Pa(1.0, ["300um"]), "diagonal_m"),
        (lambda: vickers_hardness_Pa([1.0, 2.0], [1e-4, 2e-4, 3e-4]), "load_N"),
        (lambda: hardness_from_tests("0.245 N", [300e-6, 306e-6]), "load_N"),
        (lambda: hardness_from_tests([0.245, 0.245], [300e-6, 306e-6, 312e-6]), "load_N"),
        (lambda: tabor_yield_stress_Pa(None), "hardness_Pa"),
        (lambda: anstis_toughness_Pa_sqrt_m([9.81, 4.9], [100e-6, 60e-6, 50e-6], 70e9, 5e9),
         "load_N"),
        (lambda: anstis_toughness_Pa_sqrt_m(9.81, [100e-6, 60e-6], 70e9, [5e9, 5e9, 5e9]),
         "hardness_Pa"),
        (lambda: anstis_toughness_Pa_sqrt_m(9.81, [100e-6, 60e-6], 70e9, 5e9,
                                         half_diagonal_m=[30e-6, 20e-6, 10e-6]),
         "half_diagonal_m"),
        (lambda: anstis_toughness_Pa_sqrt_m(9.81, 100e-6, "70 GPa", 5e9), "youngs_modulus_Pa"),
        (lambda: evans_charles_toughness_Pa_sqrt_m(8e9, [40e-6, 30e-6], [120e-6] * 3),
         "half_diagonal_m"),
    ],
)
def test_bad_input_names_the_field(call, field):
    with pytest.raises(InputError) as exc:
        call()
    assert exc.value.field == field


# --- one indent, and the toughness workflow ---------------------------------------------

def test_single_indent_toughness_against_the_closed_forms():
    from semisolid.mechanics import toughness_from_indent

    p, a, c, e = 9.81, 30e-6, 100e-6, 150e9
    h = p / (2 * a**2)
    ec = toughness_from_indent(p, a, c, method="evans-charles")
    # k H a^0.5 (c/a)^-1.5 with H = P / (2 a^2) and k = 0.16 is 0.080 P / c^1.5
    assert ec.toughness_Pa_sqrt_m == pytest.approx(0.080 * p / c**1.5, rel=1e-12)
    an = toughness_from_indent(p, a, c, method="anstis", youngs_modulus_Pa=e)
    assert an.toughness_Pa_sqrt_m == pytest.approx(0.016 * (e / h) ** 0.5 * p / c**1.5, rel=1e-12)
    assert an.n_indents == 1 and an.hardness_Pa == [pytest.approx(h)]
    assert an.load_exponent is None and np.isnan(an.toughness_sd_Pa_sqrt_m) and an.warnings == []


def test_single_indent_refusals_and_warnings():
    from semisolid.mechanics import IndentationWarning, toughness_from_indent

    with pytest.raises(InputError, match=r"^youngs_modulus_Pa: the Anstis method needs"):
        toughness_from_indent(9.81, 30e-6, 100e-6)
    with pytest.raises(InputError, match=r"^crack_length_m: crack length c must be at least"):
        toughness_from_indent(9.81, 50e-6, 40e-6, method="evans-charles")
    with pytest.raises(InputError, match=r"^load_N: expected one value for one indent"):
        toughness_from_indent([9.81, 4.9], 30e-6, 100e-6, method="evans-charles")
    with pytest.raises(InputError, match=r"^method: unknown method 'vickers'"):
        toughness_from_indent(9.81, 30e-6, 100e-6, method="vickers")
    with pytest.warns(IndentationWarning, match=r"Palmqvist"):
        r = toughness_from_indent(9.81, 40e-6, 60e-6, method="evans-charles")  # c/a = 1.5
    assert len(r.warnings) == 1 and "c/a = 1.5" in r.warnings[0]


def test_toughness_from_tests_runs_what_the_inputs_allow():
    from semisolid.mechanics import toughness_from_tests

    loads = [19.6, 9.81, 4.91]
    a = [(p / 16e9) ** 0.5 for p in loads]  # H = 8 GPa
    c = [(0.080 * p / 1.0e6) ** (2 / 3) for p in loads]  # Evans-Charles, K = 1 MPa m^0.5
    r = toughness_from_tests(loads, a, c)  # "both" without a modulus: Evans-Charles only
    assert list(r.results) == ["evans-charles"]
    assert r.results["evans-charles"].toughness_Pa_sqrt_m == pytest.approx(1.0e6, rel=1e-9)
    both = toughness_from_tests(loads, a, c, youngs_modulus_Pa=150e9)
    assert list(both.results) == ["anstis", "evans-charles"]
    # Anstis on the same cracks: K = 0.016 sqrt(E/H) / 0.080 x the Evans-Charles K
    assert both.results["anstis"].toughness_Pa_sqrt_m == pytest.approx(
        0.016 * (150e9 / 8e9) ** 0.5 / 0.080 * 1.0e6, rel=1e-9)
    one = toughness_from_tests(loads[:1], a[:1], c[:1], method="evans-charles")
    assert one.results["evans-charles"].n_indents == 1
    assert one.to_dict()["results"]["evans-charles"]["toughness_Pa_m05"] == pytest.approx(
        1.0e6, rel=1e-9)


def test_toughness_from_tests_refusals_and_collected_warnings():
    from semisolid.mechanics import IndentationWarning, toughness_from_tests

    with pytest.raises(InputError, match=r"^loads_N: give one load, half-diagonal and crack "
                                         r"length per indent \(got 1, 1 and 2\)"):
        toughness_from_tests([9.81], [30e-6], [100e-6, 90e-6])
    with pytest.raises(InputError, match=r"^loads_N: no indent given"):
        toughness_from_tests([], [], [])
    with pytest.raises(InputError, match=r"^method: unknown method"):
        toughness_from_tests([9.81], [30e-6], [100e-6], method="palmqvist")
    with pytest.raises(InputError, match=r"^youngs_modulus_Pa: "):
        toughness_from_tests([9.81], [30e-6], [100e-6], method="anstis")
    with pytest.warns(IndentationWarning, match=r"Palmqvist"):
        r = toughness_from_tests([9.81], [40e-6], [60e-6], method="evans-charles")
    assert len(r.warnings) == 1 and r.to_dict()["warnings"] == r.warnings
