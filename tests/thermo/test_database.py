"""TDB loading, element names, temperature ranges, phases considered, compiled Gibbs energies
against pycalphad's ``calculate`` for every phase of the matrix databases."""

from __future__ import annotations

import numpy as np
import pytest

from semisolid.errors import FileFormatError, InputError
from semisolid.thermo import load_database
from semisolid.thermo.compile import OutsideEngineScope
from semisolid.thermo.database import default_tdb_path

# (file, components): every phase the components can form is compiled and compared
CALCULATE_CASES = [
    pytest.param("LiNaK", ("K", "Li", "Na")),
    ("crfe_bcc_magnetic.tdb", ("Cr", "Fe")),
    ("cumg.tdb", ("Cu", "Mg")),
    pytest.param("Al-Mg_Zhong.tdb", ("Al", "Mg"), marks=pytest.mark.slow),
    pytest.param("AuSn-13Don.tdb", ("Au", "Sn"), marks=pytest.mark.slow),
    pytest.param("alfe.tdb", ("Al", "Fe"), marks=pytest.mark.slow),
    pytest.param("alni_dupin_2001.tdb", ("Al", "Ni"), marks=pytest.mark.slow),
    pytest.param("femn.tdb", ("Fe", "Mn"), marks=pytest.mark.slow),
    pytest.param("CoV-20Wan.tdb", ("Co", "V"), marks=pytest.mark.slow),
    pytest.param("nbre_liu.tdb", ("Nb", "Re"), marks=pytest.mark.slow),
    pytest.param("COST507.tdb", ("Li", "Mg"), marks=pytest.mark.slow),
]


def test_elements_and_phases(linak_db):
    assert linak_db.elements == ["K", "Li", "Na"]
    assert linak_db.phases == ["BCC_A2", "FCC_A1", "HCP_A3", "LIQUID", "NA2K"]
    # every phase of the file is considered unless the caller names the phases
    assert linak_db.default_phases == linak_db.phases
    lo, hi = linak_db.temperature_range_K
    # the SGTE unary functions of the alkali metals in the TDB start at 200 K (the file's
    # FUNCTION lines; Dinsdale, CALPHAD 15 (1991) 317)
    assert lo == 200.0 and hi > 400.0
    assert linak_db.liquid_phases == ["LIQUID"]


def _pycalphad_points(db, p):
    """pycalphad's site-fraction vector order for phase p: (sublattice, species) pairs."""
    from pycalphad import Model

    m = Model(db.pycalphad_db, [*(db.tdb_name(c) for c in p.components), "VA"], p.name)
    return [(sf.sublattice_index, sf.species.name) for sf in m.site_fractions]


@pytest.mark.slow
@pytest.mark.pycalphad
@pytest.mark.parametrize("name, comps", CALCULATE_CASES)
def test_compiled_gibbs_matches_pycalphad_calculate(load_tdb, name, comps):
    """G per mole of atoms of every phase at random temperatures and site fractions, on every
    sublattice (compound energy formalism, order-disorder partitioning, magnetic terms)."""
    from pycalphad import calculate

    db = load_tdb(name)
    system = db.system(comps)
    rng = np.random.default_rng(3)
    lo, hi = system.temperature_range_K
    up = [db.tdb_name(c) for c in system.components]
    for p in system.phases:
        order = _pycalphad_points(db, p)
        for t in rng.uniform(max(lo, 250.0), min(hi, 2500.0), 2):
            y = np.zeros((12, p.n_variables))
            for idx in p.group_slices():
                y[:, idx] = rng.dirichlet(np.ones(len(idx)) * 0.7, 12)
            mine = p.gibbs_J_mol(t, y)
            full = np.array([[row[p.variables.index(v)] if v in p.variables else 1.0
                              for v in order] for row in y]).reshape(12, len(order))
            ref = calculate(db.pycalphad_db, [*up, "VA"], p.name, T=t, P=101325, N=1,
                            points=full)
            np.testing.assert_allclose(mine, ref.GM.values.ravel(), rtol=1e-12, atol=1e-6,
                                       err_msg=f"{name} {p.name} at {t:.1f} K")


@pytest.mark.pycalphad
def test_magnetic_site_fraction_conditions_are_kept(load_tdb):
    """crfe_bcc_magnetic.tdb: the IHJ term's conditions on the magnetic moment and Curie
    temperature depend on the site fractions. Every branch is kept: G is finite and equals
    pycalphad's at x_Cr <= 0.5 (was NaN) and at 0.6 (was 0.96 J/mol off)."""
    from pycalphad import calculate

    db = load_tdb("crfe_bcc_magnetic.tdb")
    p = db.system(["Cr", "Fe"]).phase("BCC_A2")
    xcr = np.array([0.05, 0.2, 0.4, 0.5, 0.6, 0.8, 0.95])
    for t in (300.0, 1000.0, 1500.0):
        mine = p.gibbs_J_mol(t, np.column_stack([xcr, 1 - xcr]))
        ref = calculate(db.pycalphad_db, ["CR", "FE", "VA"], "BCC_A2", T=t, P=101325, N=1,
                        points=np.column_stack([xcr, 1 - xcr, np.ones_like(xcr)]))
        assert np.all(np.isfinite(mine))
        np.testing.assert_allclose(mine, ref.GM.values.ravel(), rtol=0, atol=1e-6)


def test_unknown_element_lists_the_elements(linak_db):
    with pytest.raises(InputError, match=r"'Nb' is not in .*\(elements: K, Li, Na\).*"
                                         r"did you mean 'Na'"):
        linak_db.tdb_name("Nb")
    with pytest.raises(InputError, match="did you mean 'Li'"):
        linak_db.tdb_name("LI")


def test_temperature_outside_range_gives_the_range(linak_db):
    with pytest.raises(InputError, match=r"T=150 K is outside the valid range .*200 K to 2200 K"):
        linak_db.check_temperature([300.0, 150.0])


@pytest.mark.slow
def test_temperature_range_of_a_system(load_tdb):
    """COST507 holds 27 elements; a parameter of another system must not narrow the range
    of Al-Li (the whole file's common range ends at 1110 K)."""
    db = load_tdb("COST507.tdb")
    assert db.temperature_range_K[1] == 1110.0
    assert db.temperature_range_for(["Al", "Li"]) == (298.15, 2900.0)
    with pytest.raises(InputError, match=r"Al-Li system of .*\(298.15 K to 2900 K\)"):
        db.check_temperature(3000.0, components=["Al", "Li"])


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="no such TDB file"):
        load_database(tmp_path / "nope.tdb")


@pytest.mark.slow
def test_malformed_tdb_names_file_and_line(tmp_path):
    good = default_tdb_path().read_text()
    lines = good.splitlines()
    target = next(i for i, ln in enumerate(lines) if "G(LIQUID,K,NA;0)" in ln)
    lines[target] = " PARAMETER G(LIQUID,K,NA;0) 200.00 +2604.35*; 6000.00 N !"
    bad = tmp_path / "bad.tdb"
    bad.write_text("\n".join(lines) + "\n")
    before = bad.read_bytes()
    with pytest.raises(FileFormatError) as err:
        load_database(bad)
    assert str(bad) in str(err.value)
    assert err.value.line == target + 1
    assert bad.read_bytes() == before  # input never modified


def test_not_a_tdb(tmp_path):
    f = tmp_path / "notes.tdb"
    f.write_text("this is not a database\n")
    with pytest.raises(FileFormatError, match=r"notes\.tdb"):
        load_database(f)


def test_unknown_phase_suggests(linak_db):
    with pytest.raises(InputError, match="did you mean 'LIQUID'"):
        linak_db.system(["K", "Na"], phases=["LIQIUD"])


def test_phases_considered(load_tdb, linak_db):
    # a phase whose sublattice cannot be filled by the components is left out
    db = load_tdb("cumg.tdb")
    assert "CUMG2" not in db.considered_phases(["Mg"])[0]
    assert "CUMG2" in db.considered_phases(["Cu", "Mg"])[0]
    # a disordered phase is described by its ordered (partitioned) form, as in pycalphad
    names, notes = load_tdb("alfe.tdb").considered_phases(["Al", "Fe"])
    assert "B2_BCC" in names and "BCC_A2" not in names
    assert any("BCC_A2 is described by its ordered form B2_BCC" in n for n in notes)
    # phases named by the caller are kept as named
    assert linak_db.considered_phases(["K", "Na"], ["NA2K", "LIQUID"])[0] == ["LIQUID", "NA2K"]


def test_scope_problems_name_phase_and_feature(load_tdb):
    db = load_tdb("cuo.tdb")
    problems = dict(db.scope_problems(["Cu", "O"]))
    assert set(problems) == {"IONIC_LIQ"}
    assert "ionic liquid" in problems["IONIC_LIQ"]
    with pytest.raises(OutsideEngineScope, match=r"IONIC_LIQ .*two-sublattice ionic liquid") \
            as err:
        db.system(["Cu", "O"])
    assert err.value.phase == "IONIC_LIQ"
    # the gas of molecular O2 and the sublattice compounds are within the fast engine
    s = db.system(["Cu", "O"], ["GAS", "FCC_A1", "CU2O", "CUO"])
    assert s.phase("GAS").is_point
    np.testing.assert_allclose(s.phase("CU2O").composition(np.zeros((1, 0))), [[2 / 3, 1 / 3]])


@pytest.mark.slow
def test_undefined_symbol_is_zero_with_a_note(load_tdb):
    """COST507's gas uses RTLNP, which the file never defines: it is taken as 0, as
    pycalphad does, and the system says so."""
    s = load_tdb("COST507.tdb").system(["Al", "Li"])
    assert any("RTLNP" in n and "taken as 0" in n for n in s.notes)
