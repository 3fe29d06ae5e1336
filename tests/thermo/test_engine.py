"""The fast engine: bad input, conservation laws, chemical potentials, the reference solver,
edges of the composition range, batches and grids, the choice of engine."""

from __future__ import annotations

import numpy as np
import pytest

from semisolid.errors import InputError
from semisolid.thermo import equilibrium, equilibrium_grid, equilibrium_many
from semisolid.thermo.compile import OutsideEngineScope
from semisolid.thermo.engine_reference import reference_equilibrium

# ----------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "comp, match",
    [
        ({"K": 1.2, "Na": -0.2}, r"x_K=1.2 is outside \[0, 1\]"),
        ({"K": 0.5, "Na": 0.4}, r"sum to 0.9, expected 1"),
        ({"K": 0.5, "Nb": 0.5}, r"'Nb' is not in .*\(elements: K, Li, Na\).*did you mean 'Na'"),
        ({"K": float("nan"), "Na": 0.5}, r"not finite"),
        ({}, r"expected a mapping"),
    ],
)
def test_bad_composition(linak_db, comp, match):
    with pytest.raises(InputError, match=match) as err:
        equilibrium(linak_db, comp, temperature_K=300.0)
    assert err.value.field == "composition"


def test_bad_temperature(linak_db):
    with pytest.raises(InputError, match=r"T=100 K is outside the valid range .*200 K to 2200 K"):
        equilibrium(linak_db, {"K": 0.5, "Na": 0.5}, temperature_K=100.0)
    with pytest.raises(InputError, match="expected one temperature or 2"):
        equilibrium_many(linak_db, ["K", "Na"], np.array([[0.5, 0.5], [0.4, 0.6]]), [300.0] * 3)


def test_bad_shape_and_engine(linak_db):
    with pytest.raises(InputError, match=r"shape \(n, 2\)"):
        equilibrium_many(linak_db, ["K", "Na"], np.ones((3, 3)) / 3, 300.0)
    with pytest.raises(InputError, match="row 1"):
        equilibrium_many(linak_db, ["K", "Na"], np.array([[0.5, 0.5], [0.7, 0.7]]), 300.0)
    with pytest.raises(InputError, match="unknown engine 'fast'; use auto, semisolid, pycalphad"):
        equilibrium(linak_db, {"K": 0.5, "Na": 0.5}, 300.0, engine="fast")


# ----------------------------------------------------------------------------- conservation


def _states(n, ncomp, seed):
    rng = np.random.default_rng(seed)
    return rng.dirichlet(np.ones(ncomp), n)


@pytest.mark.slow
@pytest.mark.parametrize("name, comps, t", [
    ("LiNaK", ["K", "Na"], None), ("LiNaK", ["K", "Li", "Na"], 300.0),
    ("LiNaK", ["Li", "Na"], 500.0), ("cumg.tdb", ["Cu", "Mg"], 800.0),
    ("alni_dupin_2001.tdb", ["Al", "Ni"], 1200.0),
])
def test_mass_balance_and_tangent_plane(load_tdb, name, comps, t):
    """sum_p f_p x_p = x; sum_p f_p = 1; f_p >= 0; each phase's G lies on the plane of the
    chemical potentials, G_p(x_p) = sum_i mu_i x_pi, and G = sum_i mu_i x_i."""
    db = load_tdb(name)
    x = _states(200, len(comps), seed=1)
    temps = np.random.default_rng(2).uniform(200, 400, 200) if t is None else t
    b = equilibrium_many(db, comps, x, temps)
    assert b.converged.all() and set(b.engine) == {"semisolid"}
    present = b.slot_phase >= 0
    f = np.where(present, b.slot_fraction, 0.0)
    np.testing.assert_allclose(f.sum(axis=1), 1.0, atol=1e-9)
    assert np.all(f >= 0.0)
    xs = np.where(present[..., None], b.slot_composition, 0.0)
    np.testing.assert_allclose(np.einsum("ns,nsc->nc", f, xs), x, atol=1e-8)
    np.testing.assert_allclose(b.gibbs_energy_J_mol,
                               np.einsum("nc,nc->n", b.chemical_potentials_J_mol, x),
                               rtol=0, atol=1e-3)


@pytest.mark.slow
@pytest.mark.pycalphad
def test_chemical_potentials_match_pycalphad(linak_db):
    from pycalphad import equilibrium as peq
    from pycalphad import variables as v

    xna = np.array([0.05, 0.2, 0.5, 0.8, 0.97])
    phases = ["LIQUID", "BCC_A2", "NA2K"]
    for t in (250.0, 295.15, 380.0):
        r = peq(linak_db.pycalphad_db, ["K", "NA", "VA"], phases,
                {v.X("NA"): xna, v.T: t, v.P: 101325, v.N: 1})
        order = [[str(c) for c in r.component.values].index(u) for u in ("K", "NA")]
        mu_ref = r.MU.values[0, 0, 0][:, order]
        b = equilibrium_many(linak_db, ["K", "Na"], np.column_stack([1 - xna, xna]), t,
                             phases=phases)
        np.testing.assert_allclose(b.chemical_potentials_J_mol, mu_ref, rtol=0, atol=0.5)


# ----------------------------------------------------------------------------- reference


REFERENCE_STATES = [
    ("LiNaK", {"K": 0.95, "Na": 0.05}, 295.15, ["LIQUID", "BCC_A2", "NA2K"]),
    ("LiNaK", {"K": 0.30, "Na": 0.70}, 250.0, ["LIQUID", "BCC_A2", "NA2K"]),
    ("LiNaK", {"Li": 0.5, "Na": 0.5}, 500.0, ["LIQUID", "BCC_A2"]),
    ("LiNaK", {"Li": 0.1, "Na": 0.3, "K": 0.6}, 300.0, ["LIQUID", "BCC_A2", "NA2K"]),
    ("cumg.tdb", {"Cu": 0.5, "Mg": 0.5}, 700.0, ["CU2MG", "CUMG2", "LIQUID"]),
    ("Al-Mg_Zhong.tdb", {"Al": 0.5465, "Mg": 0.4535}, 324.8,
     ["ALMG_BETA", "ALMG_GAMMA", "ALMG_EPSILON"]),
    ("alfe.tdb", {"Al": 0.3, "Fe": 0.7}, 900.0, ["B2_BCC", "FCC_A1"]),
]


@pytest.mark.slow
@pytest.mark.parametrize("name, comp, t, phases", REFERENCE_STATES)
def test_fast_engine_matches_reference_solver(load_tdb, name, comp, t, phases):
    """The plain reference (SLSQP on the total G, two copies of every phase) finds the same
    phases, fractions and compositions, and no lower Gibbs energy."""
    db = load_tdb(name)
    fast = equilibrium(db, comp, t, phases=phases, engine="semisolid")
    ref = reference_equilibrium(db, comp, t, phases=phases, n_starts=3)
    assert fast.phase_names == ref.phase_names
    assert fast.gibbs_energy_J_mol <= ref.gibbs_energy_J_mol + 1e-3
    for p, q in zip(fast.phases, ref.phases, strict=True):
        assert abs(p.fraction - q.fraction) < 1e-4
        for c in comp:
            assert abs(p.composition[c] - q.composition[c]) < 1e-4


# ----------------------------------------------------------------------------- analytic limits


def test_pure_element_melting_point(linak_db):
    """Pure K melts at 336.53 K (SGTE): solid just below, liquid just above."""
    below = equilibrium(linak_db, {"K": 1.0}, temperature_K=336.0)
    above = equilibrium(linak_db, {"K": 1.0}, temperature_K=337.0)
    assert below.phase_names == ["BCC_A2"] and above.phase_names == ["LIQUID"]


def test_ideal_mixing_chemical_potential(linak_db):
    """In a dilute liquid the solvent's mu follows Raoult's law: mu_K - G_K(liq) ~ RT ln x_K.

    At x_K = 0.99 the ideal term is RT ln 0.99 = -33.4 J/mol at 400 K; the excess term is
    second order in x_Na (|L| x_Na^2 < 0.5 J/mol for an interaction |L| < 5 kJ/mol), so a
    missing mixing term fails by ~33 J/mol. The solver's mu_K is also checked against the
    tangent to the liquid's G(x) (finite differences of the model Gibbs energy).
    """
    t, xk = 400.0, 0.99
    r = equilibrium(linak_db, {"K": xk, "Na": 1 - xk}, temperature_K=t)
    assert r.phase_names == ["LIQUID"]
    liq = linak_db.system(["K", "Na"]).phase("LIQUID")

    def g(x):
        return float(liq.gibbs_J_mol(t, [[x, 1 - x]])[0])

    rt = 8.314462618 * t  # CODATA gas constant
    mu_k = r.chemical_potentials_J_mol["K"]
    assert mu_k - g(1.0) == pytest.approx(rt * np.log(xk), abs=0.5)
    h = 1e-5
    tangent = g(xk) + (1 - xk) * (g(xk + h) - g(xk - h)) / (2 * h)
    assert mu_k == pytest.approx(tangent, abs=0.01)


@pytest.mark.slow
@pytest.mark.parametrize("element, t, phase", [("K", 295.0, "BCC_A2"), ("Li", 295.0, "BCC_A2"),
                                               ("Na", 295.0, "BCC_A2"), ("Na", 400.0, "LIQUID")])
def test_pure_elements(linak_db, element, t, phase):
    """A pure element alone, and with the other elements at 0, 1e-12: one phase, its G is
    the lowest pure-element phase's G (the reference energy of the element)."""
    r = equilibrium(linak_db, {element: 1.0}, t)
    assert r.converged and r.phase_names == [phase]
    s = linak_db.system([element])
    g = min(float(p.gibbs_J_mol(t, np.ones((1, p.n_variables)))[0]) for p in s.phases)
    assert r.gibbs_energy_J_mol == pytest.approx(g, abs=1e-6)
    assert r.chemical_potentials_J_mol[element] == pytest.approx(g, abs=1e-6)
    others = [e for e in linak_db.elements if e != element]
    for zero in (0.0, 1e-12):
        rr = equilibrium(linak_db, {element: 1.0 - 2 * zero, **dict.fromkeys(others, zero)}, t)
        assert rr.converged and rr.phase_names == [phase]
        assert rr.phases[0].fraction == 1.0
        assert rr.gibbs_energy_J_mol == pytest.approx(g, abs=1e-6)


@pytest.mark.slow
def test_edges_never_give_negative_fractions(linak_db):
    """States on the edges and corners of the Li-Na-K triangle at many temperatures."""
    rng = np.random.default_rng(4)
    pts = []
    for t in rng.uniform(300, 1200, 6):
        for v in np.concatenate([[0.0, 1e-12, 1e-6, 0.5, 1.0 - 1e-12, 1.0], rng.random(6)]):
            for edge in ((v, 1 - v, 0.0), (v, 0.0, 1 - v), (0.0, v, 1 - v)):
                pts.append((t, edge))
    t = np.array([p[0] for p in pts])
    x = np.array([p[1] for p in pts])
    b = equilibrium_many(linak_db, ["K", "Li", "Na"], x, t)
    assert b.converged.all()
    f = np.where(b.slot_phase >= 0, b.slot_fraction, 0.0)
    assert np.all(f >= 0.0)
    np.testing.assert_allclose(f.sum(axis=1), 1.0, atol=1e-12)


# ----------------------------------------------------------------------------- engines


def test_engine_and_notes_in_results(linak_db):
    r = equilibrium(linak_db, {"K": 0.95, "Na": 0.05}, 295.15)
    d = r.to_dict()
    assert set(d) == {"temperature_K", "phases", "chemical_potentials_J_mol", "converged",
                      "gibbs_energy_J_mol", "engine", "notes"}
    assert d["engine"] == "semisolid" and d["converged"] is True and d["notes"] == []
    assert set(d["phases"][0]) == {"name", "fraction", "composition"}


@pytest.mark.pycalphad
def test_engine_pycalphad_gives_the_same_answer(linak_db):
    a = equilibrium(linak_db, {"K": 0.95, "Na": 0.05}, 295.15)
    b = equilibrium(linak_db, {"K": 0.95, "Na": 0.05}, 295.15, engine="pycalphad")
    assert b.engine == "pycalphad" and a.phase_names == b.phase_names
    assert a.gibbs_energy_J_mol == pytest.approx(b.gibbs_energy_J_mol, abs=1e-3)
    assert any("engine='pycalphad'" in n for n in b.notes)


@pytest.mark.pycalphad
@pytest.mark.slow
def test_four_components_go_to_pycalphad(load_tdb):
    """The fast engine handles 1 to 3 components: auto hands four to pycalphad and says
    so; engine='semisolid' refuses."""
    db = load_tdb("COST507.tdb")
    comp = {"Al": 0.9, "Cu": 0.04, "Mg": 0.04, "Zn": 0.02}
    with pytest.raises(InputError, match="4 components: the fast engine handles 1 to 3"):
        equilibrium(db, comp, 900.0, phases=["LIQUID", "FCC_A1"], engine="semisolid")
    r = equilibrium(db, comp, 900.0, phases=["LIQUID", "FCC_A1"])
    assert r.engine == "pycalphad" and r.converged
    assert any("4 components" in n for n in r.notes)


def test_semisolid_engine_refuses_naming_phase_and_feature(load_tdb):
    db = load_tdb("cuo.tdb")
    with pytest.raises(OutsideEngineScope, match=r"IONIC_LIQ .*ionic liquid") as err:
        equilibrium(db, {"Cu": 0.98, "O": 0.02}, 1600.0, engine="semisolid")
    assert err.value.phase == "IONIC_LIQ"


# ----------------------------------------------------------------------------- batches


def test_batch_accessors_and_dataset(linak_db):
    x = np.array([[0.95, 0.05], [0.7, 0.3], [0.2, 0.8]])
    b = equilibrium_many(linak_db, ["K", "Na"], x, [295.15, 295.15, 250.0])
    np.testing.assert_allclose(b.phase_fraction("LIQUID"), b.liquid_fraction)
    comp = b.phase_composition("BCC_A2")
    assert comp.shape == (3, 1, 2)
    assert np.isnan(comp[1]).all()  # no BCC in the liquid state
    assert b.result(0).phase_names == ["BCC_A2", "LIQUID"]
    ds = b.to_dataset()
    assert set(ds.phase.values) == set(b.phase_names)
    np.testing.assert_allclose(ds.liquid_fraction.values, b.liquid_fraction)
    np.testing.assert_allclose(ds.gibbs_energy_J_mol.values, b.gibbs_energy_J_mol)
    assert "EquilibriumBatch(3 states of K-Na" in repr(b)


def test_component_order_follows_caller(linak_db):
    a = equilibrium_many(linak_db, ["K", "Na"], np.array([[0.95, 0.05]]), 295.15)
    b = equilibrium_many(linak_db, ["Na", "K"], np.array([[0.05, 0.95]]), 295.15)
    np.testing.assert_allclose(a.slot_composition[0, :, 0], b.slot_composition[0, :, 1])
    np.testing.assert_allclose(a.chemical_potentials_J_mol[0, ::-1],
                               b.chemical_potentials_J_mol[0])


def test_miscibility_gap_gives_two_copies(linak_db):
    r = equilibrium(linak_db, {"Li": 0.5, "Na": 0.5}, temperature_K=500.0)
    assert r.phase_names == ["LIQUID", "LIQUID"]
    assert r.phases[0].composition["Na"] < r.phases[1].composition["Na"]
    b = equilibrium_many(linak_db, ["Li", "Na"], np.array([[0.5, 0.5], [0.99, 0.01]]), 500.0)
    pc = b.phase_composition("LIQUID")
    assert pc.shape == (2, 2, 2) and np.isnan(pc[1, 1]).all()


def test_grid_matches_many(linak_db):
    xs = np.linspace(0, 1, 11)
    temps = [260.0, 300.0]
    ds = equilibrium_grid(linak_db, {"K": xs, "Na": None}, temps)
    assert ds.liquid_fraction.dims == ("X_K", "T")
    b = equilibrium_many(linak_db, ["K", "Na"], np.column_stack([xs, 1 - xs]), 300.0)
    np.testing.assert_allclose(ds.liquid_fraction.sel(T=300.0).values, b.liquid_fraction)


def test_grid_needs_balance_when_ambiguous(linak_db):
    with pytest.raises(InputError, match=r"name the balance element .*'K': xs, 'Li': None"):
        equilibrium_grid(linak_db, {"K": [0.5]}, 300.0)


def test_ternary_grid_marks_invalid_points(linak_db):
    ds = equilibrium_grid(linak_db, {"Li": [0.0, 0.5, 0.9], "Na": [0.2, 0.6]}, 300.0)
    assert ds.valid.sel(X_Li=0.9, X_Na=0.6).item() is False
    assert np.isnan(ds.liquid_fraction.sel(X_Li=0.9, X_Na=0.6)).all()
    assert ds.valid.sel(X_Li=0.5, X_Na=0.2).all()
    assert set(np.unique(ds.engine.values[ds.valid.values])) == {"semisolid"}
