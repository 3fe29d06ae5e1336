"""The fast engine against pycalphad's ``equilibrium`` on the same TDB files.

Acceptance (issue 2): the same set of stable phases at >= 99.5% of the states, every
disagreement within 0.002 (mole fraction) of a phase boundary; phase compositions within
1e-3 and phase fractions within 5e-3 where the phases agree. States where pycalphad's
answer has a higher Gibbs energy than the engine's (by > 1e-3 J/mol: pycalphad stopped in
a metastable state, e.g. it misses a 2 % third phase in the Li-Na-K three-phase triangle)
are also reported apart (below 2 %) and confirmed by the reference solver, but they count
as disagreements in the 99.5 % criterion.
Checked on the shipped Li-Na-K database (Na-K, 200-400 K; Li-Na-K at 300 K; Li-Na with its
liquid miscibility gap) and on two databases shipped with pycalphad: alzn_mey.tdb (fcc
miscibility gap) and cumg.tdb (stoichiometric CuMg2).
"""

from __future__ import annotations

import pytest

from semisolid.thermo import equilibrium_many, load_database
from semisolid.thermo.engine_reference import reference_equilibrium

pytestmark = pytest.mark.pycalphad

X_TOL = 1e-3  # phase compositions, mole fraction
F_TOL = 5e-3  # phase fractions
AGREE = 0.995


def _check(db, run, compare_runs, is_near_boundary):
    b = equilibrium_many(db, run.components, run.x, run.temperature_K, phases=run.phases)
    c = compare_runs(b, run)
    # States where pycalphad returned no phases, or a state of higher G than the engine's
    # (metastable: equilibrium is the minimum of G), are judged separately below; they
    # must stay rare.
    assert len(c.oracle_failed) + len(c.oracle_metastable) <= 0.02 * c.n, (
        c.oracle_failed, c.oracle_metastable)
    assert b.converged.all()
    # strict acceptance: every state counts, including those where pycalphad failed or
    # stopped in a metastable state
    assert c.agree / c.n >= AGREE, f"{c.n - c.agree} of {c.n} states disagree"
    # the independent reference solver confirms the engine where pycalphad is metastable
    for i in c.oracle_metastable[:2]:
        comp = dict(zip(run.components, run.x[i], strict=True))
        ref = reference_equilibrium(db, comp, float(run.temperature_K[i]), phases=run.phases,
                                    n_starts=8)
        assert ref.phase_names == b.result(i).phase_names, (i, ref.phase_names)
    for i in c.disagreements:
        assert is_near_boundary(db, run.components, run.x[i], run.temperature_K[i], run.phases), (
            f"state {i} (T={run.temperature_K[i]:.2f} K, x={run.x[i]}) disagrees away from "
            "any phase boundary"
        )
    assert c.max_dx <= X_TOL, (c.max_dx, c.worst)
    assert c.max_df <= F_TOL, (c.max_df, c.worst)
    return b


def test_na_k_2000_random_states(linak_db, oracle_nak, compare_runs, is_near_boundary):
    assert len(oracle_nak.rows) == 2000
    b = _check(linak_db, oracle_nak, compare_runs, is_near_boundary)
    # the states cover every kind of field of the diagram
    kinds = {tuple(sorted(p.name for p in b.result(i).phases)) for i in range(len(b))}
    assert {("LIQUID",), ("BCC_A2", "LIQUID"), ("BCC_A2", "NA2K"), ("LIQUID", "NA2K")} <= kinds


def test_li_na_k_300K_random_states(linak_db, oracle_linak_300, compare_runs, is_near_boundary):
    assert len(oracle_linak_300.rows) >= 1900
    b = _check(linak_db, oracle_linak_300, compare_runs, is_near_boundary)
    kinds = {tuple(sorted(p.name for p in b.result(i).phases)) for i in range(len(b))}
    assert ("BCC_A2", "LIQUID") in kinds


def _db(key):
    from importlib.resources import files

    paths = {
        "LiNa": None,
        "AlZn": str(files("pycalphad") / "tests" / "databases" / "alzn_mey.tdb"),
        "CuMg": str(files("pycalphad") / "tests" / "databases" / "cumg.tdb"),
    }
    return load_database(paths[key]) if paths[key] else load_database()


@pytest.mark.parametrize("key", ["LiNa", "AlZn", "CuMg"])
def test_other_databases(key, oracle_other, compare_runs, is_near_boundary):
    run = oracle_other[key]
    db = _db(key)
    b = _check(db, run, compare_runs, is_near_boundary)
    names = [[p.name for p in b.result(i).phases] for i in range(len(b))]
    if key in ("LiNa", "AlZn"):
        # the miscibility gap is crossed: two copies of one phase at some states
        assert any(len(n) == 2 and n[0] == n[1] for n in names)
    if key == "CuMg":
        assert any("CUMG2" in n for n in names)
