"""TDB loading, validity range, element names, compiled Gibbs energies vs pycalphad."""

from __future__ import annotations

from importlib.resources import files

import numpy as np
import pytest

from semisolid.errors import DatabaseError, FileFormatError, InputError
from semisolid.thermo import load_database
from semisolid.thermo.database import default_tdb_path

PYC = files("pycalphad") / "tests" / "databases"


def test_elements_and_phases(linak_db):
    assert linak_db.elements == ["K", "Li", "Na"]
    assert {"LIQUID", "BCC_A2", "NA2K"} <= set(linak_db.phases)
    assert linak_db.default_phases == ["BCC_A2", "LIQUID", "NA2K"]
    lo, hi = linak_db.temperature_range_K
    # the SGTE alkali functions start at 200 K (Dinsdale, Calphad 15 (1991) 317)
    assert lo == 200.0 and hi > 400.0


@pytest.mark.pycalphad
@pytest.mark.parametrize(
    "path, comps",
    [(None, ["K", "Li", "Na"]), (str(PYC / "alzn_mey.tdb"), ["Al", "Zn"]),
     (str(PYC / "cumg.tdb"), ["Cu", "Mg"])],
)
def test_compiled_gibbs_matches_pycalphad_calculate(path, comps):
    """G per mole of atoms of every supported phase at random T and site fractions."""
    from pycalphad import calculate

    db = load_database(path) if path else load_database()
    phases = [p for p in db.phases if not (path and "cumg" in path and p == "CU2MG")]
    system = db.system(comps, phases)
    rng = np.random.default_rng(3)
    lo, hi = db.temperature_range_K
    for p in system.phases:
        model_phase = db.pycalphad_db.phases[p.name]
        up = [db.tdb_name(c) for c in comps]
        for t in rng.uniform(max(lo, 200.0), min(hi, 1500.0), 3):
            k = p.n_mixing
            y = rng.dirichlet(np.ones(k), 20) if k > 1 else np.ones((1, k))
            mine = p.gibbs_J_mol(t, y)
            # full site-fraction vectors in pycalphad's order (sorted constituents per
            # sublattice; single-constituent sublattices at 1)
            rows = []
            for yy in y:
                full = []
                for cons in model_phase.constituents:
                    names = sorted(str(s.name) for s in cons if str(s.name) in [*up, "VA"])
                    if len(names) == 1:
                        full.append(1.0)
                    else:
                        for nm in names:
                            full.append(yy[[up[c] for c in p.mixing].index(nm)])
                rows.append(full)
            ref = calculate(db.pycalphad_db, [*up, "VA"], p.name, T=t, P=101325, N=1,
                            points=np.array(rows))
            np.testing.assert_allclose(mine, ref.GM.values.ravel(), rtol=0, atol=1e-6)


def test_unknown_element_suggests(linak_db):
    with pytest.raises(InputError, match=r"'Nb' is not in .*did you mean 'Na'"):
        linak_db.tdb_name("Nb")
    with pytest.raises(InputError, match="did you mean 'Li'"):
        linak_db.tdb_name("LI")


def test_temperature_outside_range(linak_db):
    with pytest.raises(InputError, match=r"T=150 K is outside the valid range .*200 K to 2200 K"):
        linak_db.check_temperature([300.0, 150.0])


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="no such TDB file"):
        load_database(tmp_path / "nope.tdb")


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


def test_unsupported_phase_is_named():
    db = load_database(str(PYC / "cumg.tdb"))
    with pytest.raises(DatabaseError, match=r"CU2MG .*more than one sublattice"):
        db.system(["Cu", "Mg"])


def test_unknown_phase_suggests(linak_db):
    with pytest.raises(InputError, match="did you mean 'LIQUID'"):
        linak_db.system(["K", "Na"], phases=["LIQIUD"])
