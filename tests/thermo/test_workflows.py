"""Thermodynamic workflows: database from a path, systems as text, figures written."""

from __future__ import annotations

import pytest

from semisolid.errors import InputError
from semisolid.thermo import equilibrium, equilibrium_at, isothermal_section, phase_diagram
from semisolid.thermo.workflows import parse_system


def test_equilibrium_at_is_the_engine_on_the_shipped_database(linak_db):
    r = equilibrium_at({"K": 0.95, "Na": 0.05}, 295.15)
    ref = equilibrium(linak_db, {"K": 0.95, "Na": 0.05}, 295.15)
    assert r.to_dict() == ref.to_dict()
    with pytest.raises(InputError, match=r"^tdb: .*no such TDB file"):
        equilibrium_at({"K": 1.0}, 300.0, tdb="/no/such.tdb")


@pytest.mark.slow
def test_phase_diagram_finds_the_nak_eutectic_and_writes_figures(tmp_path):
    """Na-K eutectic: -12.6 C = 260.55 K (the Na-K literature the database was assessed
    on; a fitted number, so a tolerance of 1 K only checks the workflow's plumbing)."""
    run = phase_diagram("Na-K", 255.0, 265.0, step_K=5.0, out_dir=tmp_path)
    (eut,) = [i for i in run.diagram.invariants if i.kind == "eutectic"]
    assert eut.temperature_K == pytest.approx(260.55, abs=1.0)
    assert sorted(p.name for p in run.figures) == [
        "nak_k_rich.png", "nak_k_rich.svg", "nak_phase_diagram.png", "nak_phase_diagram.svg"]
    d = run.to_dict()
    assert "fields" not in d and d["figures"] == [str(p) for p in run.figures]
    assert run.tables()[0][0] == "Invariant reactions of Na-K (255-265 K)"


def test_section_with_solubility():
    run = isothermal_section(("Li", "Na", "K"), 300.0, step=0.1)
    assert run.solubility.solute == "Li" and run.figures == []
    assert run.to_dict()["solubility"]["solute"] == "Li"
    titles = [t[0] for t in run.tables()]
    assert titles[0] == "Phase regions of Li-Na-K at 300 K (grid step 0.1)"
    assert "Three-phase triangles" in titles


@pytest.mark.parametrize(("system", "n", "match"), [
    ("NaK", 2, "expected 2 elements separated by '-'"),
    ("Li-Na", 3, "expected 3 elements"),
])
def test_systems_are_checked(system, n, match):
    with pytest.raises(InputError, match=rf"^system: .*{match}"):
        parse_system(system, n)
    assert parse_system("Li – Na", 2) == ["Li", "Na"]
