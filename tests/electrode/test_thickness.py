"""Plated thickness against the paper's Methods numbers and hand-computed Faraday values."""

from __future__ import annotations

import math

import pytest

from semisolid.electrode import plated_thickness
from semisolid.errors import InputError
from semisolid.paper import number, numbers

MAH_CM2 = 36000.0


@pytest.mark.parametrize("paper", numbers("17"), ids=lambda n: n.key)
def test_paper_plated_thickness_within_4_percent(paper):
    # Methods: "(7.5 um Li plating thickness)", "(27.4 and 51.5 um thickness for Na and K)";
    # default densities Li 0.534, Na 0.968, K 0.862 g/cm3 (stated in the result).
    metal = paper.conditions["metal"]
    r = plated_thickness(paper.conditions["areal_capacity_mAh_cm2"] * MAH_CM2, metal)
    assert r.thickness_um == pytest.approx(paper.value, rel=paper.tolerance)
    assert r.to_dict()["density_g_cm3"] == {"Li": 0.534, "Na": 0.968, "K": 0.862}[metal]


@pytest.mark.parametrize("key", ["plated_Li_1.5", "plated_Na_3", "plated_K_3"])
def test_backsolved_densities_reproduce_paper(key):
    paper = number(key)
    r = plated_thickness(paper.conditions["areal_capacity_mAh_cm2"] * MAH_CM2,
                         paper.conditions["metal"], source="park2021-backsolved")
    assert r.thickness_um == pytest.approx(paper.value, rel=0.003)


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
     ((float("nan"), "K"), "areal_capacity"), ((1.0, "Kx"), "metal"),
     ((1.0, {"K": 0.9, "Na": 0.05}), "metal"), ((1.0, {"K": 1.2}), "metal")],
)
def test_bad_input_names_the_field(args, field):
    with pytest.raises(InputError, match=f"^{field}: "):
        plated_thickness(*args)
