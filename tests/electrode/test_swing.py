"""Composition swing: the paper's liquid fractions, conservation, statuses, and the
bookkeeping checked against pycalphad's equilibrium called directly."""

from __future__ import annotations

import json
import math
import warnings

import numpy as np
import pytest

from semisolid.constants import FARADAY_C_PER_MOL
from semisolid.electrode import Electrode, composition_swing, plated_thickness
from semisolid.errors import InputError
from semisolid.paper import ELECTRODES, number

# Park 2021, Fig. 7 caption: K-enriched / K-depleted liquid (mol%); start fractions from the
# Methods' microstructure insets (0.10 for A, 0.51 for B); x_K of A and B -> the three.
PAPER = {e.composition["K"]: tuple(100 * number(f"liquid_{name}_{end}").value
                                   for end in ("enriched", "depleted", "start"))
         for name, e in ELECTRODES.items()}
TOL_MOL_PERCENT = 100 * number("liquid_A_enriched").tolerance    # 4 mol%


def _paper_swing(x_k, geo, engine="auto"):
    e = Electrode.from_volume({"K": x_k, "Na": 1 - x_k}, geo["volume_m3"],
                              diameter_m=geo["diameter_m"], temperature_K=geo["temperature_K"])
    return composition_swing(e, geo["areal_capacity_C_m2"], "K", engine=engine)


@pytest.mark.pycalphad
@pytest.mark.parametrize("x_k", list(PAPER))
def test_paper_liquid_fractions_within_4_mol_percent(x_k, paper_geometry):
    r = _paper_swing(x_k, paper_geometry)
    enr, dep, start = PAPER[x_k]
    assert 100 * r.enriched.liquid_fraction == pytest.approx(enr, abs=TOL_MOL_PERCENT)
    assert 100 * r.depleted.liquid_fraction == pytest.approx(dep, abs=TOL_MOL_PERCENT)
    assert 100 * r.start.liquid_fraction == pytest.approx(start, abs=TOL_MOL_PERCENT)
    # the 4 mol% band alone would let an all-solid enriched end of A (paper 3.8 mol%) pass:
    # both ends (and the start) must hold liquid and solid
    assert r.enriched.status == "semi-solid"
    assert r.depleted.status == "semi-solid"
    assert r.start.status == "semi-solid"
    for s in (r.enriched, r.depleted):
        assert {p.name for p in s.phases} == {"BCC_A2", "LIQUID"}
    assert r.to_dict()["conditions"]["engine"] == "semisolid"  # "auto" ran the thermo engine


@pytest.mark.slow
@pytest.mark.pycalphad
@pytest.mark.parametrize("x_k", list(PAPER))
def test_engines_agree_on_the_paper_swing(x_k, paper_geometry):
    # both engines consider the same phases (SHIPPED_DEFAULT_PHASES): same end states
    a = _paper_swing(x_k, paper_geometry, engine="semisolid")
    b = _paper_swing(x_k, paper_geometry, engine="pycalphad")
    assert (a.engine, b.engine) == ("semisolid", "pycalphad")
    for sa, sb in zip([a.start, *a.ends], [b.start, *b.ends], strict=True):
        assert sa.liquid_fraction == pytest.approx(sb.liquid_fraction, abs=1e-6)
        assert [p.name for p in sa.phases] == [p.name for p in sb.phases]
        assert sa.status == sb.status


def _pycalphad_liquid_fraction(x_na, temperature_K):
    from importlib.resources import files

    from pycalphad import Database, equilibrium
    from pycalphad import variables as v

    db = Database(str(files("semisolid.thermo") / "data" / "LiNaK.tdb"))
    r = equilibrium(db, ["K", "NA", "VA"], ["LIQUID", "BCC_A2", "NA2K"],
                    {v.X("NA"): x_na, v.T: temperature_K, v.P: 101325, v.N: 1})
    ph = np.asarray(r.Phase.values).ravel()
    npf = np.asarray(r.NP.values).ravel()
    return float(np.nansum(np.where(ph == "LIQUID", npf, 0.0)))


@pytest.mark.slow
@pytest.mark.pycalphad
def test_bookkeeping_against_direct_pycalphad(paper_geometry):
    # Hand computation of the end compositions (independent of the electrode module):
    # V_m = x_K M_K/rho_K + x_Na M_Na/rho_Na; N0 = V/V_m; dN = Q A / F.
    x_k, g = 0.95, paper_geometry
    vm = x_k * 39.0983e-3 / 862.0 + (1 - x_k) * 22.98976928e-3 / 968.0
    n0 = g["volume_m3"] / vm
    area = math.pi * g["diameter_m"] ** 2 / 4
    dn = g["areal_capacity_C_m2"] * area / FARADAY_C_PER_MOL
    x_na_enr = n0 * (1 - x_k) / (n0 + dn)
    x_na_dep = n0 * (1 - x_k) / (n0 - dn)
    r = _paper_swing(x_k, g, engine="pycalphad")
    assert r.requested_mol == pytest.approx(dn, rel=1e-12)
    assert r.enriched.composition["Na"] == pytest.approx(x_na_enr, rel=1e-12)
    assert r.depleted.composition["Na"] == pytest.approx(x_na_dep, rel=1e-12)
    t = g["temperature_K"]
    assert r.enriched.liquid_fraction == pytest.approx(_pycalphad_liquid_fraction(x_na_enr, t),
                                                       abs=1e-6)
    assert r.depleted.liquid_fraction == pytest.approx(_pycalphad_liquid_fraction(x_na_dep, t),
                                                       abs=1e-6)


@pytest.mark.pycalphad
@pytest.mark.parametrize("x_k", list(PAPER))
def test_moles_conserved_and_phase_balance(x_k, paper_geometry):
    r = _paper_swing(x_k, paper_geometry)
    for el in ("K", "Na"):
        total = r.enriched.moles[el] + r.depleted.moles[el]
        assert total == pytest.approx(2 * r.start.moles[el], rel=1e-13)
    for s in (r.start, r.enriched, r.depleted):
        # lever rule: phase fractions sum to 1 and reproduce the overall composition
        assert sum(p.fraction for p in s.phases) == pytest.approx(1.0, abs=1e-8)
        assert sum(p.volume_fraction for p in s.phases) == pytest.approx(1.0, abs=1e-12)
        x_na = sum(p.fraction * p.composition["Na"] for p in s.phases)
        assert x_na == pytest.approx(s.composition["Na"], abs=1e-6)
    # thickness by hand: each phase's volume from the cited densities (g/cm3; liquid at the
    # melting point), summed over the phases
    mass = {"K": 39.0983, "Na": 22.98976928}
    rho = {False: {"K": 0.862, "Na": 0.968}, True: {"K": 0.828, "Na": 0.927}}
    area = math.pi * paper_geometry["diameter_m"] ** 2 / 4
    for s in (r.start, r.enriched, r.depleted):
        vol_cm3 = sum(p.fraction * s.amount_mol * sum(
            p.composition[el] * mass[el] / rho[p.name == "LIQUID"][el] for el in mass)
            for p in s.phases)
        assert s.thickness_m == pytest.approx(vol_cm3 * 1e-6 / area, rel=1e-12)
    # the start fills the 10 uL asked for only when built with the system (design workflow);
    # here the electrode was built by the paper's solid rule, so the start is a bit thicker
    assert r.start.thickness_m > paper_geometry["volume_m3"] / area


@pytest.mark.pycalphad
@pytest.mark.parametrize("x_k", list(PAPER))
def test_solid_basis_thickness_change_is_the_faraday_thickness(x_k, paper_geometry):
    """With every phase at the solid densities (the paper's Methods) volumes are additive:
    each end moves by exactly the plated K thickness."""
    from semisolid.electrode import DensityModel

    g = paper_geometry
    e = Electrode.from_volume({"K": x_k, "Na": 1 - x_k}, g["volume_m3"],
                              diameter_m=g["diameter_m"], temperature_K=g["temperature_K"],
                              density=DensityModel(liquid_basis="solid"))
    r = composition_swing(e, g["areal_capacity_C_m2"], "K")
    t_k = plated_thickness(g["areal_capacity_C_m2"], "K").thickness_um
    assert r.enriched.thickness_change_um == pytest.approx(t_k, rel=1e-9)
    assert r.depleted.thickness_change_um == pytest.approx(-t_k, rel=1e-9)
    assert r.start.thickness_m == pytest.approx(e.thickness_m, rel=1e-12)
    k_um = number("plated_K_3")                  # paper: "~51.5 um"
    assert t_k == pytest.approx(k_um.value, rel=k_um.tolerance)


@pytest.mark.slow
@pytest.mark.pycalphad
def test_statuses_liquid_solid_exhausted():
    area = 0.4e-4
    # all liquid: x_K = 0.5 at 300 K stays inside the liquid field (x_K 0.27-0.865)
    e = Electrode.from_moles({"K": 1e-4, "Na": 1e-4}, area_m2=area, temperature_K=300.0)
    r = composition_swing(e, 0.1 * 36000, "K", engine="pycalphad")
    assert [r.start.status, r.enriched.status, r.depleted.status] == ["liquid"] * 3
    # all solid: pure K at 295 K (melts at 336.5 K)
    e = Electrode.from_moles({"K": 2e-4}, area_m2=area, temperature_K=295.15)
    r = composition_swing(e, 3 * 36000, "K", engine="pycalphad")
    assert [r.start.status, r.enriched.status, r.depleted.status] == ["solid"] * 3
    # exhausted: 1e-6 mol K cannot supply 3 mAh/cm2 over 0.4 cm2 (4.5e-5 mol)
    e = Electrode.from_moles({"K": 1e-6, "Na": 1e-4}, area_m2=area, temperature_K=295.15)
    with pytest.warns(UserWarning, match=r"asks for 3 mAh/cm2 but the electrode holds only "
                      r"0.067 mAh/cm2 of K \(z=1\)"):
        r = composition_swing(e, 3 * 36000, "K", engine="pycalphad")
    assert r.depleted.status == "exhausted"
    assert r.depleted.moles["K"] == 0.0
    assert r.enriched.transferred_mol == pytest.approx(1e-6)
    for el in ("K", "Na"):
        assert r.enriched.moles[el] + r.depleted.moles[el] == pytest.approx(
            2 * r.start.moles[el], rel=1e-13)
    text = json.dumps(r.to_dict(), allow_nan=False)  # no NaN anywhere
    assert '"exhausted"' in text
    # fully emptied electrode: pure K stripped beyond its content
    e = Electrode.from_moles({"K": 1e-6}, area_m2=area)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        r = composition_swing(e, 3 * 36000, "K", cell="half", direction="strip",
                              engine="pycalphad")
    text = [str(w.message) for w in caught]
    assert any("1.134 um thick: implausibly thin" in t for t in text)
    assert any("holds only 0.067 mAh/cm2 of K (z=1): it is exhausted" in t for t in text)
    assert r.depleted.status == "exhausted" and r.depleted.phases == ()
    assert r.depleted.thickness_m == 0.0 and r.depleted.liquid_fraction == 0.0
    assert r.enriched is None


@pytest.mark.slow
@pytest.mark.pycalphad
def test_half_cell_plate_matches_symmetric_enriched(paper_geometry):
    sym = _paper_swing(0.95, paper_geometry, engine="pycalphad")
    half = composition_swing(sym.electrode, paper_geometry["areal_capacity_C_m2"], "K",
                             cell="half", direction="plate", engine="pycalphad")
    assert half.depleted is None
    assert half.enriched.liquid_fraction == pytest.approx(sym.enriched.liquid_fraction, abs=1e-12)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [({"areal_capacity_C_m2": 0.0}, "areal_capacity"),
     ({"areal_capacity_C_m2": -5.0}, "areal_capacity"),
     ({"working_ion": "Rb"}, "working_ion"),
     ({"working_ion": "Xx"}, "working_ion"),
     ({"cell": "triple"}, "cell"),
     ({"direction": "up", "cell": "half"}, "direction")],
)
def test_bad_swing_input(kwargs, field):
    e = Electrode.from_moles({"K": 1e-4}, area_m2=1e-4)
    args = {"areal_capacity_C_m2": 36000.0, "working_ion": "K"} | kwargs
    with pytest.raises(InputError, match=f"^{field}: "):
        composition_swing(e, **args)


def test_swing_bookkeeping_by_hand():
    from semisolid.electrode.swing import STATUS_CODES, status_codes, swing_bookkeeping

    # K-Na electrodes: 1e-4 mol K + 1e-5 mol Na, and 1e-6 mol K + 1e-4 mol Na; 4.5e-5 mol asked
    b = swing_bookkeeping([1e-4, 1e-6], [1.1e-4, 1.01e-4], 4.5e-5)
    assert b.moved_mol.tolist() == [4.5e-5, 1e-6]
    assert b.exhausted.tolist() == [False, True]
    assert b.x_enriched[0] == pytest.approx(1.45e-4 / 1.55e-4, rel=1e-14)
    assert b.x_depleted[0] == pytest.approx(0.55e-4 / 0.65e-4, rel=1e-14)
    assert b.x_enriched[1] == pytest.approx(2e-6 / 1.02e-4, rel=1e-14)
    assert b.x_depleted[1] == 0.0 and not b.emptied[1]
    # half-cell plating is not limited by the electrode's own K
    h = swing_bookkeeping(1e-6, 1.01e-4, 4.5e-5, cell="half", direction="plate")
    assert float(h.moved_mol) == 4.5e-5
    assert float(h.x_enriched) == pytest.approx(4.6e-5 / 1.46e-4, rel=1e-14)
    # pure K stripped beyond its content: emptied
    e = swing_bookkeeping(1e-6, 1e-6, 4.5e-5, cell="half", direction="strip")
    assert bool(e.emptied) and bool(e.exhausted) and float(e.x_depleted) == 0.0
    codes = status_codes([0.0, 1e-10, 0.5, 1 - 1e-10, 1.0, 0.5], [0, 0, 0, 0, 0, 1])
    assert codes.tolist() == [STATUS_CODES[s] for s in ("solid", "solid", "semi-solid",
                                                         "liquid", "liquid", "exhausted")]


def test_from_moles_refuses_duplicate_elements():
    with pytest.raises(InputError, match=r"^moles: K is given twice"):
        Electrode.from_moles({"K": 1e-4, "k": 2e-4}, area_m2=1e-4)
    with pytest.raises(InputError, match=r"^moles: Na is given twice"):
        Electrode.from_moles({"Na": 1e-4, "sodium": 2e-4}, area_m2=1e-4)
    with pytest.raises(InputError, match=r"^moles: "):
        Electrode.from_moles({"NaK": 1e-4}, area_m2=1e-4)


@pytest.mark.parametrize(
    ("call", "field"),
    [(lambda: Electrode.from_volume({"K": 0.9, "Na": 0.05}, 1e-8, area_m2=1e-4), "composition"),
     (lambda: Electrode.from_volume({"K": 1.0}, 0.0, area_m2=1e-4), "volume"),
     (lambda: Electrode.from_volume({"K": 1.0}, 1e-8, area_m2=-1e-4), "area"),
     (lambda: Electrode.from_volume({"K": 1.0}, 1e-8, diameter_m=0.0), "diameter"),
     (lambda: Electrode.from_thickness({"K": 1.0}, -1e-6, area_m2=1e-4), "thickness"),
     (lambda: Electrode.from_volume({"Kr": 1.0}, 1e-8, area_m2=1e-4), "density"),
     (lambda: Electrode.from_volume({"Xx": 1.0}, 1e-8, area_m2=1e-4), "composition")],
)
def test_bad_electrode_input(call, field):
    with pytest.raises(InputError, match=f"^{field}: "):
        call()


def test_working_ion_absent_from_the_electrode_is_refused_where_it_must_be_stripped():
    from semisolid.electrode import Electrode, composition_swing
    from semisolid.errors import InputError

    e = Electrode.from_moles({"K": 1e-4, "Na": 1e-5}, area_m2=0.4e-4, temperature_K=295.15)
    with pytest.raises(InputError, match="working_ion: Li is not in the electrode"):
        composition_swing(e, 36000.0, "Li", cell="symmetric")
    with pytest.raises(InputError, match="working_ion"):
        composition_swing(e, 36000.0, "Li", cell="half", direction="strip")
