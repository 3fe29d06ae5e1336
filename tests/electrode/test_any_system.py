"""Electrode design in alloy systems other than Na-K, from public TDB databases (pycalphad's
MIT test databases in tests/data/tdb, see tests/data/SOURCES.md), checked against
conservation, the lever rule, Faraday's law by hand and pycalphad's equilibrium called
directly."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

from semisolid.electrode import Electrode, composition_swing
from semisolid.electrode.system import AlloySystem
from semisolid.errors import InputError

FARADAY = 96485.33212
MAH_CM2 = 36000.0
LIMG_PHASES = ["LIQUID", "BCC_A2", "HCP_A3", "FCC_A1"]  # the COST507 Li-Mg phases the
# current engine compiles (BCC_B2 and the compounds need sublattice mixing)


@pytest.fixture(scope="module")
def tdb(data_dir):
    return lambda name: str(data_dir / "tdb" / name)


def _pycalphad_liquid(path, elements, x, temperature_K, phases=None):
    """Liquid fraction and phase names from pycalphad's equilibrium, called directly."""
    from pycalphad import Database, equilibrium
    from pycalphad import variables as v

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        db = Database(path)
    comps = [e.upper() for e in elements]
    phases = phases or list(db.phases)
    conds = {v.T: temperature_K, v.P: 101325, v.N: 1}
    for el, xi in zip(comps[1:], x[1:], strict=True):
        conds[v.X(el)] = max(float(xi), 1e-10)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        r = equilibrium(db, [*comps, "VA"], phases, conds)
    ph = np.asarray(r.Phase.values).ravel()
    npf = np.asarray(r.NP.values).ravel()
    return float(np.nansum(np.where(ph == "LIQUID", npf, 0.0))), sorted(p for p in ph if p)


def _check_swing(r, z):
    """Conservation of every element (1e-12), the lever rule, Faraday by hand."""
    for el in r.start.moles:
        total = r.enriched.moles[el] + r.depleted.moles[el]
        assert total == pytest.approx(2 * r.start.moles[el], rel=1e-12, abs=1e-30)
    moved = r.areal_capacity_C_m2 * r.area_m2 / (z * FARADAY)
    assert r.enriched.transferred_mol == pytest.approx(moved, rel=1e-9)
    ion = r.working_ion
    assert r.enriched.moles[ion] - r.start.moles[ion] == pytest.approx(moved, rel=1e-9)
    for s in (r.start, r.enriched, r.depleted):
        assert sum(p.fraction for p in s.phases) == pytest.approx(1.0, abs=1e-8)
        for el, x in s.composition.items():     # lever rule
            assert sum(p.fraction * p.composition[el] for p in s.phases) == pytest.approx(
                x, abs=1e-7)


# ----------------------------------------------------------------- Pb-Sn: a ':L' liquid, Sn2+


@pytest.mark.slow
@pytest.mark.pycalphad
def test_pbsn_swing_with_a_divalent_ion_against_pycalphad(tdb):
    path = tdb("pbsn.tdb")
    system = AlloySystem(path)
    assert system.liquid == ("LIQUID",)          # from the TDB's PHASE LIQUID:L
    e = Electrode.from_thickness({"Sn": 0.92, "Pb": 0.08}, 500e-6, area_m2=1e-4,
                                 temperature_K=473.15, system=system)
    assert e.thickness_m == pytest.approx(500e-6, rel=1e-12)
    with pytest.raises(InputError, match=r"^charge: no usual ion charge is recorded for Sn"):
        composition_swing(e, 3 * MAH_CM2, "Sn", system=system)
    r = composition_swing(e, 3 * MAH_CM2, "Sn", charge=2, system=system)
    _check_swing(r, 2)
    assert r.charge == 2 and r.to_dict()["conditions"]["database"] == "pbsn.tdb"
    assert [s.status for s in (r.start, r.enriched, r.depleted)] == ["semi-solid"] * 3
    for s in (r.start, r.enriched, r.depleted):
        lf, names = _pycalphad_liquid(path, ["Pb", "Sn"], [s.composition["Pb"],
                                                             s.composition["Sn"]], 473.15)
        assert s.liquid_fraction == pytest.approx(lf, abs=1e-6)
        assert sorted(p.name for p in s.phases) == names


# ----------------------------------------------------- Al-Zn: no type codes, declared liquid


def test_alzn_needs_its_liquid_declared(tdb):
    e = Electrode.from_moles({"Zn": 9e-5, "Al": 1e-5}, area_m2=1e-4, temperature_K=673.15)
    with pytest.raises(InputError, match=r"^liquid_phases: alzn_mey.tdb marks no phase as "
                       r"liquid .* --liquid-phases LIQUID"):
        composition_swing(e, MAH_CM2, "Zn", db_path=tdb("alzn_mey.tdb"))


@pytest.mark.slow
@pytest.mark.pycalphad
def test_alzn_map_cells_equal_direct_pycalphad(tdb):
    from semisolid.electrode.maps import design_map

    path = tdb("alzn_mey.tdb")
    ds = design_map(["Zn", "Al"], "Zn", [0.7, 0.8, 0.95, 0.97], [MAH_CM2, 3 * MAH_CM2],
                    [673.15], thickness_m=500e-6, area_m2=1e-4, db_path=path,
                    liquid_phases="LIQUID")
    assert ds.attrs["charge"] == 2 and ds.attrs["liquid_phases"] == "LIQUID"
    direct = design_map(["Zn", "Al"], "Zn", [0.7, 0.8, 0.95, 0.97], [MAH_CM2, 3 * MAH_CM2],
                        [673.15], thickness_m=500e-6, area_m2=1e-4, db_path=path,
                        liquid_phases="LIQUID", method="direct", engine="pycalphad")
    for end in ("start", "enriched", "depleted"):
        np.testing.assert_allclose(ds[f"liquid_fraction_{end}"], direct[f"liquid_fraction_{end}"],
                                   atol=1e-7)
    for ix in range(4):
        for iq in range(2):
            cell = ds.isel(x_Zn=ix, areal_capacity_mAh_cm2=iq, temperature_K=0)
            for end in ("enriched", "depleted"):
                xz = float(cell[f"x_Zn_{end}"])
                lf, _ = _pycalphad_liquid(path, ["Al", "Zn"], [1 - xz, xz], 673.15)
                assert float(cell[f"liquid_fraction_{end}"]) == pytest.approx(lf, abs=1e-6)


@pytest.mark.slow
@pytest.mark.pycalphad
def test_alzn_window_edges_by_forward_calculation(tdb):
    from semisolid.electrode.window import design_window

    path = tdb("alzn_mey.tdb")
    system = AlloySystem(path, liquid_phases="LIQUID")
    w = design_window(["Zn", "Al"], "Zn", 3 * MAH_CM2, 673.15, thickness_m=500e-6,
                      area_m2=1e-4, system=system, n_scan=41, tol=1e-6)
    assert len(w.intervals) == 2          # (Al) + liquid and (Zn) + liquid fields
    d = 1e-4
    for iv in w.intervals:
        for x, inside in ((iv.x_low + d, True), (iv.x_low - d, False),
                          (iv.x_high - d, True), (iv.x_high + d, False)):
            e = Electrode.from_thickness({"Zn": x, "Al": 1 - x}, 500e-6, area_m2=1e-4,
                                        temperature_K=673.15, system=system)
            r = composition_swing(e, 3 * MAH_CM2, "Zn", system=system)
            ok = r.enriched.status == r.depleted.status == "semi-solid"
            assert ok == inside, (iv, x)


# --------------------------------------------------------------- Li-Mg from COST507, Mg2+ / Li+


@pytest.mark.slow
def test_li_mg_alloy_from_cost507(tdb):
    path = tdb("COST507.tdb")
    system = AlloySystem(path, phases=LIMG_PHASES)
    e = Electrode.from_thickness({"Li": 0.7, "Mg": 0.3}, 300e-6, area_m2=1e-4,
                                 temperature_K=600.0, system=system)
    r = composition_swing(e, 3 * MAH_CM2, "Li", system=system)
    _check_swing(r, 1)
    assert r.engine == "semisolid"
    assert {p.name for p in r.start.phases} == {"BCC_A2", "LIQUID"}
    # liquid phases at the liquid molar volume (CRC molten-element densities, by hand)
    liq = next(p for p in r.start.phases if p.name == "LIQUID")
    sol = next(p for p in r.start.phases if p.name == "BCC_A2")
    vl = liq.composition["Li"] * 6.941 / 0.512 + liq.composition["Mg"] * 24.305 / 1.584
    vs = sol.composition["Li"] * 6.941 / 0.534 + sol.composition["Mg"] * 24.305 / 1.738
    vol = r.start.amount_mol * (liq.fraction * vl + sol.fraction * vs) * 1e-6
    assert vol == pytest.approx(300e-6 * 1e-4, rel=1e-9)
    # Mg2+: twice the charge per atom, half the moles moved
    rmg = composition_swing(e, 3 * MAH_CM2, "Mg", system=system)
    assert rmg.charge == 2
    _check_swing(rmg, 2)


@pytest.mark.slow
@pytest.mark.pycalphad
def test_al_li_mg_ternary_with_every_cost507_phase(tdb):
    from semisolid.electrode.maps import design_map

    ds = design_map(["Li", "Mg", "Al"], "Li", [0.7, 0.8], [MAH_CM2], [700.0],
                    thickness_m=300e-6, area_m2=1e-4, db_path=tdb("COST507.tdb"),
                    engine="semisolid", share=[0.5, 0.9])
    ref = design_map(["Li", "Mg", "Al"], "Li", [0.7, 0.8], [MAH_CM2], [700.0],
                     thickness_m=300e-6, area_m2=1e-4, db_path=tdb("COST507.tdb"),
                     engine="pycalphad", share=[0.5, 0.9])
    np.testing.assert_allclose(ds.liquid_fraction_enriched, ref.liquid_fraction_enriched,
                               atol=1e-6)


# --------------------------------------------- the phase set is the database's (KNA2, not NA2K)


@pytest.mark.slow
@pytest.mark.pycalphad
def test_renamed_compound_is_considered(tmp_path):
    """Na2K written KNA2 (as other assessments name it): K0.70Na0.30 at 255 K is BCC + KNA2
    and no liquid, as thermo.equilibrium says on the same file."""
    from semisolid.thermo import equilibrium, load_database
    from semisolid.thermo.database import default_tdb_path

    text = default_tdb_path().read_text(encoding="utf-8").replace("NA2K", "KNA2")
    path = tmp_path / "renamed.tdb"
    path.write_text(text, encoding="utf-8")
    ref = equilibrium(load_database(path), {"K": 0.7, "Na": 0.3}, 255.0)
    assert sorted(p.name for p in ref.phases) == ["BCC_A2", "KNA2"]
    e = Electrode.from_moles({"K": 7e-5, "Na": 3e-5}, area_m2=0.4e-4, temperature_K=255.0)
    r = composition_swing(e, 0.1 * MAH_CM2, "K", db_path=str(path), liquid_phases="LIQUID")
    assert sorted(p.name for p in r.start.phases) == ["BCC_A2", "KNA2"]
    assert r.start.liquid_fraction == 0.0 and r.start.status == "solid"
    for p in r.start.phases:
        q = next(q for q in ref.phases if q.name == p.name)
        assert p.fraction == pytest.approx(q.fraction, abs=1e-9)


# -------------------------------------------------------------------- ternary maps (Li-Na-K)


@pytest.mark.slow
@pytest.mark.pycalphad
def test_ternary_map_cell_equals_direct_pycalphad():
    from semisolid.electrode.maps import design_map
    from semisolid.thermo.database import default_tdb_path

    ds = design_map(["K", "Na", "Li"], "K", [0.85, 0.9, 0.95], [MAH_CM2, 3 * MAH_CM2],
                    [295.15], volume_m3=10e-9, area_m2=0.4004e-4,
                    share=[0.0, 0.5, 0.9])
    assert dict(ds.semi_solid.sizes) == {"x_K": 3, "share_Na": 3, "areal_capacity_mAh_cm2": 2,
                                         "temperature_K": 1}
    assert ds.attrs["method"] == "direct"
    path = str(default_tdb_path())
    cell = ds.isel(x_K=1, share_Na=1, areal_capacity_mAh_cm2=1, temperature_K=0)
    # the ends keep the start's Na:Li ratio (only K moves)
    xk = float(cell.x_K_enriched)
    x = [xk, (1 - xk) * 0.5, (1 - xk) * 0.5]
    lf, _ = _pycalphad_liquid(path, ["K", "Na", "Li"], x, 295.15,
                              phases=["LIQUID", "BCC_A2", "NA2K"])
    assert float(cell.liquid_fraction_enriched) == pytest.approx(lf, abs=1e-6)
    xk = float(cell.x_K_depleted)
    lf, _ = _pycalphad_liquid(path, ["K", "Na", "Li"], [xk, (1 - xk) / 2, (1 - xk) / 2],
                              295.15, phases=["LIQUID", "BCC_A2", "NA2K"])
    assert float(cell.liquid_fraction_depleted) == pytest.approx(lf, abs=1e-6)


@pytest.mark.slow
def test_ternary_window_polygon_edges_by_forward_calculation():
    from semisolid.electrode.window import design_window

    system = AlloySystem()
    w = design_window(["K", "Na", "Li"], "K", 3 * MAH_CM2, 295.15, volume_m3=10e-9,
                      area_m2=0.4004e-4, x_range=(0.8, 1.0), share=[0.8, 1.0],
                      n_scan=41, tol=1e-6, system=system)
    assert w.polygons and all(abs(sum(p.values()) - 1) < 1e-12 for p in w.polygons[0])
    assert {iv.share for iv in w.intervals} == {0.8, 1.0}
    # with Li, BCC Li stays solid at the liquid-rich end: the window reaches the range's end
    assert next(iv for iv in w.intervals if iv.share == 0.8).x_low == 0.8
    d = 1e-4
    checked = 0
    for iv in w.intervals:
        for edge, sign in ((iv.x_low, 1), (iv.x_high, -1)):
            if edge in (0.8, 1.0):
                continue
            for x, inside in ((edge + sign * d, True), (edge - sign * d, False)):
                comp = {"K": x, "Na": (1 - x) * iv.share, "Li": (1 - x) * (1 - iv.share)}
                comp = {k: v for k, v in comp.items() if v > 0}
                e = Electrode.from_volume(comp, 10e-9, area_m2=0.4004e-4,
                                          temperature_K=295.15, system=system)
                r = composition_swing(e, 3 * MAH_CM2, "K", system=system)
                ok = r.enriched.status == r.depleted.status == "semi-solid"
                assert ok == inside, (iv, x)
                checked += 1
    assert checked == 6


# ------------------------------------------------------------------- inverse design (Na-K)


@pytest.mark.slow
def test_nak_window_edges_min_thickness_and_margins():
    from semisolid.electrode.window import design_window

    system = AlloySystem()
    area = math.pi * 7.14e-3**2 / 4
    w = design_window(["K", "Na"], "K", 3 * MAH_CM2, 295.15, volume_m3=10e-9, area_m2=area,
                      x_range=(0.8, 1.0), min_liquid_fraction=0.05, min_solid_fraction=0.2,
                      composition={"K": 0.92, "Na": 0.08}, n_scan=41, tol=1e-6,
                      system=system)
    (iv,) = w.intervals
    d = 1e-4

    def admissible(x, thickness_m=10e-9 / area):
        e = Electrode.from_thickness({"K": x, "Na": 1 - x}, thickness_m, area_m2=area,
                                     temperature_K=295.15, system=system)
        r = composition_swing(e, 3 * MAH_CM2, "K", system=system)
        lo = min(r.enriched.liquid_fraction, r.depleted.liquid_fraction)
        hi = max(r.enriched.liquid_fraction, r.depleted.liquid_fraction)
        return lo >= 0.05 and 1 - hi >= 0.2 and "exhausted" not in (r.depleted.status,)

    for x, inside in ((iv.x_low + d, True), (iv.x_low - d, False),
                      (iv.x_high - d, True), (iv.x_high + d, False)):
        assert admissible(x) == inside, x
    t = w.min_thickness_m
    assert admissible(0.92, t * 1.01) and not admissible(0.92, t * 0.99)
    m = w.margins
    assert m["to_low_edge"] == pytest.approx(0.92 - iv.x_low)
    assert m["liquid_at_solid_rich_end"]["margin"] > 0
    # the printed answer names both edges; JSON keys of the window
    d = w.to_dict()
    assert set(d["windows"][0]) == {"share", "x_low", "x_high"}
    assert d["min_thickness_um"] == pytest.approx(t * 1e6)


@pytest.mark.slow
def test_ensemble_hook_gives_edge_intervals():
    """An ensemble of identical members gives a zero-width 95 % interval at each edge."""
    from semisolid.electrode.window import design_window
    from semisolid.thermo.database import default_tdb_path

    path = str(default_tdb_path())
    w = design_window(["K", "Na"], "K", 3 * MAH_CM2, 295.15, volume_m3=10e-9,
                      area_m2=0.4004e-4, x_range=(0.85, 1.0), n_scan=21, tol=1e-5,
                      liquid_phases="LIQUID", ensemble=[path, path])
    (iv,) = w.intervals
    assert iv.x_low_low == pytest.approx(iv.x_low, abs=1e-12)
    assert iv.x_high_high == pytest.approx(iv.x_high, abs=1e-12)
    assert "x_low_low" in w.to_dict()["windows"][0]
