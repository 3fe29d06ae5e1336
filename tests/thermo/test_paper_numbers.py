"""The thermodynamic numbers of the measurements and of the paper, computed from the shipped
LiNaK.tdb with pycalphad's ``equilibrium`` alone (global minimisation; no semisolid code is
used apart from locating the packaged file and reading the paper's numbers and cell geometry
from its data file, :mod:`semisolid.paper`), so these tests stand on their own.

Measurements (each test names its source): Ott et al. 1969 / Bale 1982 (Na-K), Down,
Hubberstey and Pulham 1975 and the 2019 gamma-ray study (Li-Na), Bale 1989 (Li-K). The
paper's own computed numbers (Park et al., Nature Energy 2021: the liquid fractions of
compositions A and B, the 20x Li-solubility ratio) are never fitted by the assessment: the
tests at the end compare them with the database's independent predictions. See
docs/assessment.md for the full citations.
"""

from __future__ import annotations

import itertools
import math
from importlib.resources import files

import numpy as np
import pytest

from semisolid.paper import CELL, ELECTRODES, number

pytestmark = pytest.mark.pycalphad

PHASES = ["LIQUID", "BCC_A2", "NA2K"]

# Symmetric-cell geometry of the paper (Fig. 7a; Methods): 10 uL alloy on the 7.14 mm current
# collector, 3 mAh/cm2 per half cycle, 22 C. Densities K 0.862, Na 0.968 g/cm3 (rule of
# mixtures on volume); standard atomic weights; CODATA Faraday constant.
VOLUME_CM3 = CELL.alloy_volume_m3 * 1e6
DIAMETER_CM = CELL.collector_diameter_m * 100
CAPACITY_MAH_CM2 = CELL.swing_areal_capacity_mAh_cm2
T_CELL_K = CELL.temperature_K
X_K = {name: e.composition["K"] for name, e in ELECTRODES.items()}   # A 0.95, B 0.90


def _approx(key):
    """pytest.approx of a paper number with its tolerance (semisolid.paper)."""
    n = number(key)
    return pytest.approx(n.value, abs=n.abs_tolerance)
M_K, M_NA = 39.0983, 22.989769
RHO_K, RHO_NA = 0.862, 0.968
FARADAY = 96485.33212


@pytest.fixture(scope="module")
def db():
    from pycalphad import Database

    return Database(str(files("semisolid.thermo") / "data" / "LiNaK.tdb"))


def _eq(db, comps, conds, phases=PHASES):
    from pycalphad import equilibrium
    from pycalphad import variables as v

    c = {v.P: 101325, v.N: 1}
    c.update(conds)
    return equilibrium(db, comps, phases, c)


def _phases(eq, element):
    """Per condition: list of (phase, fraction, x_element) of the stable phases."""
    ph = np.asarray(eq.Phase.values)
    npf = np.asarray(eq.NP.values)
    xx = np.asarray(eq.X.sel(component=element).values)
    shape = ph.shape[:-1]
    out = np.empty(shape, dtype=object)
    for idx in np.ndindex(shape):
        out[idx] = [(str(p), float(f), float(x))
                    for p, f, x in zip(ph[idx], npf[idx], xx[idx], strict=True)
                    if p and f > 1e-9]
    out = out.squeeze()
    return out.item() if out.ndim == 0 else out


def _has(rows, name, lo=0.0, hi=1.0):
    return any(p == name and lo <= x <= hi for p, _, x in rows)


def _x_of(rows, name, lo=0.0, hi=1.0):
    hits = [x for p, _, x in rows if p == name and lo <= x <= hi]
    assert len(hits) == 1, rows
    return hits[0]


def _highest_T(Ts, rows, predicate):
    ok = [T for T, r in zip(Ts, rows, strict=True) if predicate(r)]
    assert ok, "condition never met on the temperature grid"
    return max(ok)


# ------------------------------------------------------------------------------ Na-K
@pytest.fixture(scope="module")
def nak_eutectic(db):
    """(T_e, x_K of the eutectic liquid): highest T at which (K) + Na2K coexist at x_Na 0.5
    (0.02 K grid); the liquid just above it is the eutectic liquid."""
    from pycalphad import variables as v

    Ts = np.arange(255.0, 266.0, 0.02)
    rows = _phases(_eq(db, ["K", "NA", "VA"], {v.X("NA"): 0.5, v.T: Ts}), "NA")
    Te = _highest_T(Ts, rows, lambda r: _has(r, "NA2K") and _has(r, "BCC_A2", 0, 0.3))
    above = _phases(_eq(db, ["K", "NA", "VA"], {v.X("NA"): 0.5, v.T: Te + 0.02}), "NA")
    return Te, 1 - _x_of(above, "LIQUID")


@pytest.mark.slow
def test_nak_eutectic_temperature(nak_eutectic):
    # Ott 1969 / Bale 1982: -12.6 C = 260.55 K; +- 1 K
    assert nak_eutectic[0] == pytest.approx(260.5, abs=1.0)


@pytest.mark.slow
def test_nak_eutectic_composition(nak_eutectic):
    # Ott 1969 / Bale 1982: eutectic liquid x_Na = 0.32 (the paper quotes 0.32Na-0.68K); +- 0.01
    assert nak_eutectic[1] == pytest.approx(0.68, abs=0.01)


@pytest.mark.slow
def test_na2k_peritectic_near_280K(db):
    # Na2K melts incongruently at 6.9 C (Ott 1969, Bale 1982): L + (Na) = Na2K near 280 K.
    from pycalphad import variables as v

    Ts = np.arange(270.0, 292.0, 0.05)
    rows = _phases(_eq(db, ["K", "NA", "VA"], {v.X("NA"): 0.8, v.T: Ts}), "NA")
    Tp = _highest_T(Ts, rows, lambda r: _has(r, "NA2K"))
    assert Tp == _approx("na2k_peritectic_T")
    # just above it: (Na) + liquid
    above = _phases(_eq(db, ["K", "NA", "VA"], {v.X("NA"): 0.8, v.T: Tp + 0.1}), "NA")
    assert {p for p, _, _ in above} == {"LIQUID", "BCC_A2"}


@pytest.mark.slow
def test_room_temperature_liquid_range(db):
    # "NaK containing 40% to 90% potassium by mass is liquid at room temperature" (Wikipedia,
    # Sodium-potassium alloy): x_K 0.28 to 0.84 (+- 0.03).
    # Single-phase liquid points on a 0.002 grid at 22 C.
    from pycalphad import variables as v

    xs = np.round(np.arange(0.002, 0.999, 0.002), 4)
    rows = _phases(_eq(db, ["K", "NA", "VA"], {v.X("K"): xs, v.T: T_CELL_K}), "K")
    liquid = [x for x, r in zip(xs, rows, strict=True) if [p for p, _, _ in r] == ["LIQUID"]]
    assert min(liquid) == _approx("nak_liquid_na_rich_xK")
    assert max(liquid) == _approx("nak_liquid_k_rich_xK")
    # contiguous: no solid inside the liquid range
    assert len(liquid) == pytest.approx((max(liquid) - min(liquid)) / 0.002 + 1, abs=0.5)


@pytest.mark.slow
def test_melting_points_of_the_elements(db):
    # SGTE (Dinsdale 1991): K 336.53 K, Na 370.87 K, Li 453.6 K (0.02 K grid)
    from pycalphad import variables as v

    for el, Tm in (("K", 336.53), ("NA", 370.87), ("LI", 453.6)):
        Ts = np.arange(Tm - 1.0, Tm + 1.0, 0.02)
        eq = _eq(db, [el, "VA"], {v.T: Ts}, ["LIQUID", "BCC_A2"])
        ph = np.asarray(eq.Phase.values).squeeze()
        first_liquid = Ts[[("LIQUID" in row) for row in ph].index(True)]
        assert first_liquid == pytest.approx(Tm, abs=0.03)


def test_limiting_solidus_slopes(db):
    # Bale 1982: "limiting slopes of the solidus lines ... estimated to be 0.10 and 0.033
    # at.%/K at pure K and pure Na"; within 10 %. The limiting slope is extrapolated from the
    # solid compositions 0.5 and 1 K below the melting point (Richardson: 2 s(0.5) - s(1)).
    from pycalphad import variables as v

    for solute, Tm, x_probe, slope in (("NA", 336.53, 0.002, 0.0010), ("K", 370.87, 0.0012,
                                                                        0.00033)):
        s = {}
        for dT in (0.5, 1.0):
            rows = _phases(_eq(db, ["K", "NA", "VA"], {v.X(solute): x_probe * dT,
                                                       v.T: Tm - dT}), solute)
            s[dT] = _x_of(rows, "BCC_A2") / dT
        assert 2 * s[0.5] - s[1.0] == pytest.approx(slope, rel=0.10)


# ------------------------------------------------------------------------------ Li-Na
@pytest.fixture(scope="module")
def lina_gap(db):
    """Two-liquid compositions on a (T, x_Li) grid, liquid only (the gap of LIQUID)."""
    from pycalphad import variables as v

    Ts = np.arange(560.0, 600.0, 0.5)
    xs = np.round(np.arange(0.40, 0.85, 0.01), 3)
    eq = _eq(db, ["LI", "NA", "VA"], {v.X("LI"): xs, v.T: Ts}, ["LIQUID"])
    return Ts, _phases(eq, "LI")  # rows[T_index, x_index]


@pytest.mark.slow
def test_lina_critical_point(lina_gap):
    # Down, Hubberstey and Pulham 1975: 305 +- 1 C (578 K) at 63 mol% Li; the 2019 gamma-ray
    # study: 576.8 +- 1.0 K at x_Li 0.641 +- 0.004. Tested: 578 +- 5 K near x_Li 0.63.
    Ts, rows = lina_gap
    best = None
    for j, T in enumerate(Ts):
        for i in range(rows.shape[1]):
            liq = [x for p, _, x in rows[j, i] if p == "LIQUID"]
            if len(liq) == 2 and abs(liq[0] - liq[1]) > 0.02:
                best = (T, 0.5 * (liq[0] + liq[1]))
    assert best is not None
    assert best[0] == _approx("lina_critical_T")
    # mid-point of the narrowest resolved gap (width > 0.02), which sits slightly on the Na
    # side of the true critical composition of an asymmetric gap: 0.63 +- 0.03
    assert best[1] == _approx("lina_critical_xLi")


@pytest.mark.slow
def test_lina_monotectic(db):
    # Down, Hubberstey and Pulham 1975: 170.75 C = 443.9 K, L2 x_Li 0.101, L1 x_Li 0.970.
    # Lowest T at x_Li 0.5 at which two liquids coexist (0.02 K grid).
    from pycalphad import variables as v

    Ts = np.arange(438.0, 450.0, 0.02)
    rows = _phases(_eq(db, ["LI", "NA", "VA"], {v.X("LI"): 0.5, v.T: Ts}), "LI")
    two_liquids = [T for T, r in zip(Ts, rows, strict=True)
                   if _has(r, "LIQUID", 0, 0.5) and _has(r, "LIQUID", 0.5, 1)]
    Tm = min(two_liquids)
    assert Tm == _approx("lina_monotectic_T")
    r = rows[list(Ts).index(Tm)]
    assert _x_of(r, "LIQUID", 0, 0.5) == pytest.approx(0.101, abs=0.01)
    assert _x_of(r, "LIQUID", 0.5, 1) == pytest.approx(0.970, abs=0.01)


@pytest.mark.slow
def test_lina_eutectic(db):
    # Down, Hubberstey and Pulham 1975: eutectic at 92.10 C = 365.25 K (+- 2 K), 3.0 mol% Li.
    # Highest T at which (Li) appears at an alloy between (Na) and the eutectic liquid
    # (x_Li 0.015; at x_Li 0.5 the energies of (Na)+(Li) and L+(Li) differ by a few J/mol).
    from pycalphad import variables as v

    Ts = np.arange(360.0, 370.0, 0.02)
    rows = _phases(_eq(db, ["LI", "NA", "VA"], {v.X("LI"): 0.015, v.T: Ts}), "LI")
    Te = _highest_T(Ts, rows, lambda r: _has(r, "BCC_A2", 0.5, 1))
    assert Te == _approx("lina_eutectic_T")
    # just above: the Na-rich solid and the eutectic liquid
    above = rows[list(Ts).index(Te) + 1]
    assert {p for p, _, _ in above} == {"BCC_A2", "LIQUID"}
    assert _x_of(above, "LIQUID") == pytest.approx(0.03, abs=0.01)
    # and some Li dissolves in (Na): the point of the improved placeholder
    assert _x_of(above, "BCC_A2") > 0.002


# ------------------------------------------------------------------------------ Li-K
@pytest.mark.slow
def test_lik_liquids_immiscible_at_1773K(db):
    # Bale 1989: Li-K liquids immiscible up to above 1500 C.
    from pycalphad import variables as v

    rows = _phases(_eq(db, ["K", "LI", "VA"], {v.X("LI"): 0.5, v.T: 1773.15}, ["LIQUID"]),
                   "LI")
    liq = sorted(x for p, _, x in rows if p == "LIQUID")
    assert len(liq) == 2
    assert liq[1] - liq[0] > 0.1


# ------------------------------------------------------------------------------ Li-Na-K, 300 K
@pytest.fixture(scope="module")
def field_300K(db):
    """The L + (Li) field at 300 K: alloys x_Li 0.5 with K/(Na+K) from 0.02 to 0.98, plus one
    alloy in each three-phase triangle that ends the field."""
    from pycalphad import variables as v

    comps = ["LI", "NA", "K", "VA"]
    x_na = np.round(np.arange(0.01, 0.49, 0.01), 3)
    line = _phases(_eq(db, comps, {v.X("LI"): 0.5, v.X("NA"): x_na, v.T: 300.0}), "LI")
    ends = {}
    for key, xna, xk in (("Na", 0.55, 0.12), ("K", 0.05, 0.62)):
        ends[key] = _phases(_eq(db, comps, {v.X("NA"): xna, v.X("K"): xk, v.T: 300.0}), "LI")
    return line, ends


@pytest.mark.slow
def test_li_solubility_below_1_percent_everywhere(field_300K):
    line, ends = field_300K
    liquid_li = [x for rows in list(line) + list(ends.values())
                 for p, _, x in rows if p == "LIQUID"]
    assert len(liquid_li) > 20
    assert max(liquid_li) < 0.01


@pytest.mark.slow
def test_li_solubility_falls_from_na_to_k_end(field_300K):
    # Paper (its own computation): "decreases by about a factor of 20 from the Na-rich to
    # K-rich liquids". Not fitted any more: the prediction of the measurement-based database
    # is 80 (95 % ensemble interval 60-104), because the only Li-K datum retrieved is the
    # lower bound of the consolute temperature (> 1500 C, Bale 1989), which puts the Li-K
    # liquid at an interaction that gives at least this ratio (a larger one gives more); the
    # measured solubility of Li in liquid K that would fix it was not retrieved
    # (docs/assessment.md). What the paper's statement and the prediction share is tested:
    # the K-rich end dissolves at least ten times less Li.
    _, ends = field_300K
    for rows in ends.values():
        assert sorted(p for p, _, _ in rows) == ["BCC_A2", "BCC_A2", "LIQUID"]
    ratio = _x_of(ends["Na"], "LIQUID") / _x_of(ends["K"], "LIQUID")
    assert ratio >= 10.0


@pytest.mark.slow
@pytest.mark.xfail(strict=True, reason="known disagreement, recorded: the measurement-based "
                   "database predicts a Li-solubility drop of 80x (ensemble 60-104x) between the "
                   "Na- and K-rich ends at 300 K, against the paper's computed ~20x; the measured "
                   "solubility of Li in liquid K that would decide it was not retrieved "
                   "(docs/assessment.md)")
def test_li_solubility_ratio_in_the_papers_band(field_300K):
    # The paper's ~20x with the 10-40x band of the acceptance notes. Never refitted to pass.
    _, ends = field_300K
    ratio = _x_of(ends["Na"], "LIQUID") / _x_of(ends["K"], "LIQUID")
    assert 10.0 <= ratio <= 40.0


def test_li_solubility_falls_monotonically_along_the_field(field_300K):
    line, _ = field_300K
    pts = []
    for rows in line:
        names = sorted(p for p, _, _ in rows)
        if names == ["BCC_A2", "LIQUID"]:
            pts.append(next(x for p, _, x in rows if p == "LIQUID"))
    assert len(pts) > 20
    # x_Na rises along the grid, so Li solubility should rise too (K-rich to Na-rich)
    assert all(b >= a * (1 - 1e-6) for a, b in itertools.pairwise(pts))


def test_no_ternary_phase(db):
    # Paper: "There are no ternary phases." The only compound is Na2K (two elements), and no
    # parameter of the database involves all three elements.
    elements = {"LI", "NA", "K"}
    for name, phase in db.phases.items():
        species = {str(s.name) for sub in phase.constituents for s in sub} - {"VA"}
        single = all(len(sub) == 1 for sub in phase.constituents)
        if single:  # a compound
            assert len(species) <= 2, name
    for param in db._parameters.all():
        in_param = {str(s.name) for sub in param["constituent_array"] for s in sub} - {"VA"}
        assert not elements <= in_param, param


@pytest.mark.slow
def test_only_liquid_bcc_na2k_appear_with_all_phases(db):
    # With every phase of the TDB (FCC_A1 and HCP_A3 included) the stable phases of the
    # Li-Na-K system between 250 and 400 K are LIQUID, BCC_A2 and NA2K only.
    from pycalphad import variables as v

    eq = _eq(db, ["LI", "NA", "K", "VA"],
             {v.X("LI"): np.linspace(0.02, 0.94, 12), v.X("NA"): np.linspace(0.02, 0.94, 12),
              v.T: [250.0, 300.0, 400.0]}, list(db.phases))
    found = {str(p) for p in np.asarray(eq.Phase.values).ravel() if p}
    assert found <= {"LIQUID", "BCC_A2", "NA2K"}
    assert {"LIQUID", "BCC_A2"} <= found


# ------------------------------------------------------------------------------ symmetric cell
def _swing_compositions(x_k0):
    """x_Na at the start, K-enriched and K-depleted ends (hand computation, paper geometry)."""
    area_cm2 = math.pi * DIAMETER_CM**2 / 4
    moved_mol = CAPACITY_MAH_CM2 * 3.6 * area_cm2 / FARADAY
    molar_volume = x_k0 * M_K / RHO_K + (1 - x_k0) * M_NA / RHO_NA
    n0 = VOLUME_CM3 / molar_volume
    x_na0 = 1 - x_k0
    return x_na0, x_na0 * n0 / (n0 + moved_mol), x_na0 * n0 / (n0 - moved_mol)


@pytest.fixture(scope="module")
def swing(db):
    """Liquid mole fractions from pycalphad at 22 C for the start / enriched / depleted states
    of A and B, and the same by the lever rule on the 22 C tie line."""
    from pycalphad import variables as v

    out = {}
    for name, x_k0 in X_K.items():
        xs = _swing_compositions(x_k0)
        rows = _phases(_eq(db, ["K", "NA", "VA"], {v.X("NA"): list(xs), v.T: T_CELL_K}), "NA")
        out[name] = [sum(f for p, f, _ in r if p == "LIQUID") for r in rows]
    tie = _phases(_eq(db, ["K", "NA", "VA"], {v.X("NA"): 0.1, v.T: T_CELL_K}), "NA")
    out["tie"] = (_x_of(tie, "BCC_A2"), _x_of(tie, "LIQUID"))
    return out


def test_area_of_the_collector():
    assert math.pi * DIAMETER_CM**2 / 4 == pytest.approx(0.4004, abs=5e-5)


@pytest.mark.parametrize("cell", list(X_K))
def test_symmetric_cell_liquid_fractions(swing, cell):
    # Independent predictions (no liquid fraction of the paper is fitted): paper, Fig. 7a
    # caption: A 3.8 / 20 mol%, B 38 / 70 mol% at the K-enriched / K-depleted ends (within
    # 4 mol%); start fractions 0.10 and 0.51 (Methods, microstructure insets). Predicted:
    # A 10.1 / 3.0 / 20.6, B 52.7 / 38.8 / 73.1 mol%.
    start, enriched, depleted = swing[cell]
    assert enriched == _approx(f"liquid_{cell}_enriched")
    assert depleted == _approx(f"liquid_{cell}_depleted")
    assert start == _approx(f"liquid_{cell}_start")


def test_swing_obeys_the_lever_rule(swing):
    # Conservation: inside the (K) + L field the liquid fraction is the lever rule on the
    # 22 C tie line, whatever the alloy.
    x_s, x_l = swing["tie"]
    for cell, x_k0 in X_K.items():
        for x_na, f in zip(_swing_compositions(x_k0), swing[cell], strict=True):
            assert f == pytest.approx((x_na - x_s) / (x_l - x_s), abs=1e-6)


def test_22C_tie_line_near_the_derived_one(swing):
    # The paper's fractions imply x_Na(K-BCC) ~0.037 and x_Na(L) ~0.16 at about 22 C (a
    # prediction: predicted 0.0382 and 0.1556).
    x_s, x_l = swing["tie"]
    assert x_s == pytest.approx(0.037, abs=0.003)
    assert x_l == pytest.approx(0.16, abs=0.01)
