"""Material records against the paper and handbook values (independent numbers)."""

from __future__ import annotations

import math

import pytest

from semisolid.constants import FARADAY_C_PER_MOL
from semisolid.errors import InputError
from semisolid.materials import (
    SOURCES,
    Record,
    electrolyte,
    format_citations,
    metal,
    records_for,
    register_record,
)
from semisolid.paper import CELL, number

# Park et al. 2021, Fig. 6 caption: yield stress = H/3 (MPa) and SD (semisolid.paper).
PAPER_YIELD_MPA = {m: (number(f"yield_{m}").value, number(f"yield_{m}").uncertainty)
                   for m in ("Li", "Na", "K")}


@pytest.mark.parametrize("name", ["Li", "Na", "K"])
def test_paper_yield_stress_and_source(name):
    m = metal(name)
    y, sd = PAPER_YIELD_MPA[name]
    assert m.yield_stress_Pa == pytest.approx(y * 1e6, rel=1e-12)
    assert m.yield_stress_sd_Pa == pytest.approx(sd * 1e6, rel=1e-12)
    assert m.sources["yield_stress_Pa"].reliability == "paper"
    assert m.sources["yield_stress_Pa"].doi == "10.1038/s41560-021-00786-w"


@pytest.mark.parametrize(("name", "vm_cm3"), [("Li", 13.00), ("Na", 23.75), ("K", 45.36)])
def test_molar_volume_matches_notes_table(name, vm_cm3):
    # V_m = M / rho from IUPAC 2007 atomic weights and the handbook densities 0.534, 0.968 and
    # 0.862 g/cm3 (computed by hand), to 0.01 cm3/mol
    assert metal(name).molar_volume_solid_m3_mol * 1e6 == pytest.approx(vm_cm3, abs=0.011)


def test_li_specific_capacity_matches_paper():
    # paper: Li 3,869 mAh/g and 2,066 Ah/L; Faraday with M gives 3,861 mAh/g (0.2% off)
    li = metal("Li")
    mah_per_g = FARADAY_C_PER_MOL / (li.molar_mass_kg_mol * 1e3) / 3.6
    assert mah_per_g == pytest.approx(3869, rel=0.005)
    ah_per_l = mah_per_g * li.density_solid_kg_m3 / 1000.0  # mAh/g * g/cm3 = Ah/L
    assert ah_per_l == pytest.approx(2066, rel=0.005)


def test_shear_modulus_falls_threefold_li_to_k():
    # paper: "decreasing by over a factor of three in shear modulus (at 300 K) ... Li -> Na -> K"
    g = [metal(n).shear_modulus_Pa for n in ("Li", "Na", "K")]
    assert g[0] > g[1] > g[2]
    assert g[0] / g[2] > 3.0


def test_nak_eutectic():
    nak = metal("nak")
    eutectic = CELL.nak_film_composition          # the paper's film: the eutectic, 68 mol% K
    assert nak.composition == {el: pytest.approx(x) for el, x in eutectic.items()}
    assert nak.melting_point_K == pytest.approx(number("nak_eutectic_T").value, abs=0.05)
    assert nak.sources["melting_point_K"].key == "park2021"
    # 0.68 * 39.0983 + 0.32 * 22.98977 (hand sum) = 33.94
    assert nak.molar_mass_kg_mol * 1e3 == pytest.approx(33.9431, abs=1e-3)
    # 78.3 wt% K (notes 5.1, derived independently)
    assert 0.68 * 39.0983 / (nak.molar_mass_kg_mol * 1e3) == pytest.approx(0.783, abs=1e-3)
    assert nak.density_solid_kg_m3 is None
    with pytest.raises(InputError, match="density_solid_kg_m3"):
        nak.require("density_solid_kg_m3")


def test_pick_a_source():
    assert metal("K").density_solid_kg_m3 == 862.0
    assert metal("K", source="crc-handbook").density_solid_kg_m3 == 890.0
    k = metal("K", source=["park2021-backsolved", "crc-handbook"])
    assert k.density_solid_kg_m3 == 850.0
    assert k.sources["density_solid_kg_m3"].reliability == "derived"
    # properties the chosen source lacks fall back to the default order
    assert k.yield_stress_Pa == 0.24e6
    with pytest.raises(InputError, match="gives no data for Li"):
        metal("Li", source="crc-handbook")
    with pytest.raises(InputError, match="did you mean 'park2021'"):
        metal("Li", source="park2012")


@pytest.mark.parametrize("name", ["LLZTO", "NBA", "KBA"])
def test_electrolytes_paper_ranges(name):
    e = electrolyte(name)
    lo, hi = e.fracture_toughness_range_Pa_sqrt_m
    assert (lo, hi) == (pytest.approx(2e6), pytest.approx(3e6))  # paper 2-3 MPa m^0.5
    lo, hi = e.conductivity_range_S_m
    assert (lo, hi) == (pytest.approx(0.1), pytest.approx(0.2))  # 1-2 mS/cm
    assert lo <= e.conductivity_S_m <= hi
    assert 100e9 <= e.youngs_modulus_Pa <= 200e9  # paper intro: oxides ~100-200 GPa
    assert e.hardness_Pa > 1e9
    assert math.isfinite(e.fracture_toughness_Pa_sqrt_m)


def test_electrolyte_working_ions_and_aliases():
    assert [electrolyte(n).working_ion for n in ("llzo", "nba", "KBA")] == ["Li", "Na", "K"]
    with pytest.raises(InputError, match="electrolyte: unknown electrolyte 'NAB'"):
        electrolyte("NAB")


def test_unknown_metal_suggestion():
    with pytest.raises(InputError, match=r"metal: unknown metal 'Lithum' \(did you mean 'Li'\?\)"):
        metal("Lithum")


def test_every_record_cites_a_reference_and_tag():
    for name in ("Li", "Na", "K", "NaK", "LLZTO", "NBA", "KBA"):
        for r in records_for(name):
            assert r.source.reliability in {"paper", "src", "std", "derived"}
            assert r.source.doi or r.source.url or len(r.source.citation) > 40
            for v in r.values.values():
                assert math.isfinite(v)


def test_register_refuses_duplicate_and_citations_dedupe():
    with pytest.raises(InputError, match="already has a record"):
        register_record(Record("Li", SOURCES["park2021"], {"yield_stress_Pa": 1.0}))
    text = format_citations(metal("K").sources.values())
    assert text.count("[park2021]") == 1
    assert "https://doi.org/10.1038/s41560-021-00786-w" in text
    d = metal("K").to_dict()
    assert d["sources"]["density_solid_kg_m3"] == "wikipedia-elements"
