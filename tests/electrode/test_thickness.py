"""Plated thickness against the paper's Methods numbers and hand-computed Faraday values."""

from __future__ import annotations

import math

import pytest

from semisolid.electrode import plated_thickness
from semisolid.errors import InputError

MAH_CM2 = 36000.0


@pytest.mark.parametrize(
    ("metal", "capacity_mAh_cm2", "paper_um"),
    [("Li", 1.5, 7.5), ("Na", 3.0, 27.4), ("K", 3.0, 51.5), ("Li", 0.25, 1.25), ("Li", 3.0, 15.0)],
)
def test_paper_plated_thickness_within_4_percent(metal, capacity_mAh_cm2, paper_um):
    # Methods: "(7.5 um Li plating thickness)", "(27.4 and 51.5 um thickness for Na and K)";
    # default densities Li 0.534, Na 0.968, K 0.862 g/cm3 (stated in the result).
    r = plated_thickness(capacity_mAh_cm2 * MAH_CM2, metal)
    assert r.thickness_um == pytest.approx(paper_um, rel=0.04)
    assert r.to_dict()["density_g_cm3"] == {"Li": 0.534, "Na": 0.968, "K": 0.862}[metal]


@pytest.mark.parametrize(("metal", "paper_um"), [("Li", 7.5), ("Na", 27.4), ("K", 51.5)])
def test_backsolved_densities_reproduce_paper(metal, paper_um):
    cap = 1.5 if metal == "Li" else 3.0
    r = plated_thickness(cap * MAH_CM2, metal, source="park2021-backsolved")
    assert r.thickness_um == pytest.approx(paper_um, rel=0.003)


def test_hand_faraday_values():
    # notes 5.2: um per mAh/cm2 = 3.6 M / (F rho) * 1e4, e.g. K 16.924, Na (liquid) 9.253
    assert plated_thickness(MAH_CM2, "K").um_per_mAh_cm2 == pytest.approx(16.924, abs=2e-3)
    liq = plated_thickness(MAH_CM2, "Na", state="liquid")
    assert liq.um_per_mAh_cm2 == pytest.approx(9.253, abs=2e-3)
    assert liq.density_basis == "liquid"
    assert plated_thickness(MAH_CM2, "K", density_kg_m3=890).um_per_mAh_cm2 == pytest.approx(
        16.391, abs=2e-3)


def test_alloy_is_between_its_elements_and_linear_in_capacity():
    k = plated_thickness(MAH_CM2, "K").thickness_um
    na = plated_thickness(MAH_CM2, "Na").thickness_um
    a = plated_thickness(MAH_CM2, {"K": 0.5, "Na": 0.5})
    # rule of mixtures on volume: exact mean of the molar volumes
    assert a.thickness_um == pytest.approx(0.5 * (k + na), rel=1e-12)
    assert plated_thickness(2 * MAH_CM2, {"K": 0.5, "Na": 0.5}).thickness_um == pytest.approx(
        2 * a.thickness_um, rel=1e-12)
    assert {s.key for s in a.sources} == {"iupac2007", "wikipedia-elements"}


def test_nak_uses_its_liquid_density():
    r = plated_thickness(MAH_CM2, "NaK")
    assert r.density_kg_m3 == 866.0 and r.density_basis == "liquid"
    assert math.isfinite(r.thickness_um)


@pytest.mark.parametrize(
    ("args", "field"),
    [((0.0, "K"), "areal_capacity"), ((-1.0, "K"), "areal_capacity"),
     ((float("nan"), "K"), "areal_capacity"), ((1.0, "Rb"), "metal"),
     ((1.0, {"K": 0.9, "Na": 0.05}), "metal"), ((1.0, {"K": 1.2}), "metal")],
)
def test_bad_input_names_the_field(args, field):
    with pytest.raises(InputError, match=f"^{field}: "):
        plated_thickness(*args)
