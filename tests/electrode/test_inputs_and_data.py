"""Element data (cited values typed from the sources), liquid phases from the TDB, wt%
compositions by hand, density overrides, ion charges."""

from __future__ import annotations

import pytest

from semisolid.electrode.composition import (
    mole_fractions_from_weight,
    parse_alloy,
    parse_element_quantities,
    weight_fractions,
)
from semisolid.electrode.electrode import DensityModel
from semisolid.errors import InputError
from semisolid.materials.elements import canonical_element, default_charge, element_data


@pytest.mark.parametrize(
    ("el", "mass_g_mol", "rho_solid", "rho_liquid", "t_melt_K", "keys"),
    # CRC Handbook: solid near room temperature; liquid at the melting point
    [("Mg", 24.305, 1.738, 1.584, 923.15, ("periodictable", "crc-molten-elements")),
     ("Zn", 65.38, 7.133, 6.57, 692.68, ("periodictable", "crc-molten-elements")),
     ("Sn", 118.71, 7.31, 6.99, 505.08, ("periodictable", "crc-molten-elements")),
     ("K", 39.0983, 0.862, 0.828, 336.7, ("iupac2007", "wikipedia-elements"))],
)
def test_element_data_values_and_sources(el, mass_g_mol, rho_solid, rho_liquid, t_melt_K, keys):
    d = element_data(el)
    assert d.molar_mass_kg_mol == pytest.approx(mass_g_mol * 1e-3, rel=1e-6)
    assert d.density_solid_kg_m3 == pytest.approx(rho_solid * 1000, rel=1e-6)
    assert d.density_liquid_kg_m3 == pytest.approx(rho_liquid * 1000, rel=1e-6)
    assert d.melting_point_K == pytest.approx(t_melt_K, abs=0.01)
    assert d.sources["molar_mass_kg_mol"].key == keys[0]
    assert d.sources["density_liquid_kg_m3"].key == keys[1]
    assert set(d.to_dict()["sources"]) >= {"molar_mass_kg_mol", "density_solid_kg_m3"}


@pytest.mark.slow
def test_every_element_of_the_test_databases_has_cited_data(data_dir):
    from semisolid.thermo import load_database

    for name in ("pbsn.tdb", "alzn_mey.tdb"):
        for el in load_database(data_dir / "tdb" / name).elements:
            d = element_data(el)
            assert d.density_solid_kg_m3 and d.density_liquid_kg_m3 and d.melting_point_K
            assert {s.key for s in d.sources.values()} <= {
                "periodictable", "crc-molten-elements", "usual-ion-charge"}


def test_charges_names_and_bad_elements():
    assert [default_charge(e) for e in ("Li", "Na", "K", "Mg", "Ca", "Zn", "Al")] == \
        [1, 1, 1, 2, 2, 2, 3]
    with pytest.raises(InputError, match=r"^charge: no usual ion charge is recorded for Pb"):
        default_charge("Pb")
    assert canonical_element("MG") == "Mg" and canonical_element("aluminium") == "Al"
    with pytest.raises(InputError, match=r"^element: 'Qq' is not a chemical element"):
        canonical_element("Qq")


def test_density_overrides_and_liquid_basis():
    dm = DensityModel(density_override_kg_m3={"li": 500.0, "Li(liquid)": 480.0})
    assert dm.element("Li")[1] == 500.0
    assert dm.element_molar_volume_m3_mol("Li", liquid=True) == pytest.approx(6.941e-3 / 480.0)
    solid = DensityModel(liquid_basis="solid")
    assert solid.element_molar_volume_m3_mol("K", True) == pytest.approx(39.0983e-3 / 862.0)
    with pytest.raises(InputError, match=r"^density of K: -1"):
        DensityModel(density_override_kg_m3={"K": -1.0})
    with pytest.raises(InputError, match=r"^liquid_basis: 'gas'"):
        DensityModel(liquid_basis="gas")
    with pytest.raises(InputError, match=r"^density: no solid density of Ar"):
        DensityModel().element("Ar")
    assert parse_element_quantities("Li=0.5g/cm3,K(liquid)=830kg/m3", "density") == \
        pytest.approx({"Li": 500.0, "K(liquid)": 830.0}, rel=1e-12)


def test_weight_percent_by_hand():
    # NaK-78 (78 wt% K): x_K = (78/39.0983) / (78/39.0983 + 22/22.98976928)
    nk, nn = 78 / 39.0983, 22 / 22.98976928
    x = parse_alloy("K=78wt%,Na=22wt%")
    assert x["K"] == pytest.approx(nk / (nk + nn), rel=1e-12)
    assert weight_fractions(x)["K"] == pytest.approx(0.78, rel=1e-12)
    assert parse_alloy("K=0.9,Na=0.1") == {"K": 0.9, "Na": 0.1}
    assert parse_alloy("Li=70at%,Mg=30at%") == {"Li": 0.7, "Mg": 0.3}
    assert mole_fractions_from_weight({"Mg": 0.5, "Li": 0.5})["Li"] == pytest.approx(
        (0.5 / 6.941) / (0.5 / 6.941 + 0.5 / 24.305), rel=1e-12)
    for bad, msg in (("K=78wt%,Na=0.22", "mixes weight percent"),
                     ("K=78wt%,Na=20wt%", "weight percents sum to 98 %"),
                     ("K=0.9,K=0.1", "K given twice"), ("K", "is not ELEMENT=FRACTION"),
                     ("K=-1,Na=2", "must be >= 0")):
        with pytest.raises(InputError, match=msg):
            parse_alloy(bad)


@pytest.mark.slow
def test_liquid_phases_from_type_codes(data_dir):
    from semisolid.thermo import load_database
    from semisolid.thermo.phase_kinds import gas_phases, liquid_phases, phase_type_codes

    pbsn = load_database(data_dir / "tdb" / "pbsn.tdb")
    assert phase_type_codes(pbsn) == {"LIQUID": "L"}
    assert liquid_phases(pbsn) == ("LIQUID",)
    alzn = load_database(data_dir / "tdb" / "alzn_mey.tdb")
    assert liquid_phases(alzn) == () and gas_phases(alzn) == ()
    assert liquid_phases(alzn, "liquid, fcc_a1") == ("LIQUID", "FCC_A1")
    with pytest.raises(InputError, match=r"^liquid_phases: phase 'GAS' is not in alzn_mey.tdb"):
        liquid_phases(alzn, ["GAS"])
    assert liquid_phases(load_database()) == ("LIQUID",)   # the shipped declaration


def test_cost507_liquid_type_code(data_dir):
    from semisolid.thermo.phase_kinds import _codes_in

    path = data_dir / "tdb" / "COST507.tdb"
    codes = _codes_in(str(path), path.stat().st_mtime)   # the text only: no 15 s parse
    assert codes["LIQUID"] == "L"
    assert [p for p, c in codes.items() if "L" in c or "Y" in c] == ["LIQUID"]
