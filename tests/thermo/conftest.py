"""Fixtures of the thermodynamics tests: databases and cached pycalphad runs.

pycalphad's ``equilibrium`` is the independent oracle. Its runs are made once per session
(session-scoped fixtures) and shared by the tests that compare against them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

import numpy as np
import pytest

PYCALPHAD_DBS = Path(str(files("pycalphad") / "tests" / "databases"))

# Phase sets compared against pycalphad. cumg.tdb's CU2MG (a Laves phase with mixing on
# both sublattices) is outside the fast engine's scope and is left out on both sides.
SYSTEMS = {
    "NaK": ("LiNaK", ["K", "Na"], ["LIQUID", "BCC_A2", "NA2K"], (200.0, 400.0)),
    "LiNa": ("LiNaK", ["Li", "Na"], ["LIQUID", "BCC_A2"], (200.0, 700.0)),
    "AlZn": (PYCALPHAD_DBS / "alzn_mey.tdb", ["Al", "Zn"], ["LIQUID", "FCC_A1", "HCP_A3"],
             (300.0, 1000.0)),
    "CuMg": (PYCALPHAD_DBS / "cumg.tdb", ["Cu", "Mg"],
             ["LIQUID", "FCC_A1", "HCP_A3", "CUMG2"], (300.0, 1500.0)),
}


@dataclass
class PhaseRow:
    name: str
    fraction: float
    x: np.ndarray  # composition in the order of the system's components


@dataclass
class OracleRun:
    """pycalphad results at scattered states: temperature_K (n,), x (n, ncomp), phases."""

    components: list[str]
    phases: list[str]
    temperature_K: np.ndarray
    x: np.ndarray
    rows: list[list[PhaseRow]]
    gm_J_mol: np.ndarray  # pycalphad's molar Gibbs energy of the equilibrium state


def merge_vertices(names, fractions, xs, tol=2e-3) -> list[PhaseRow]:
    """pycalphad may split one phase over several vertices at one composition: merge them."""
    out: list[PhaseRow] = []
    for n, f, x in zip(names, fractions, xs, strict=True):
        n = str(n)
        if not n or not np.isfinite(f) or f <= 1e-12:
            continue
        for o in out:
            if o.name == n and np.max(np.abs(o.x - x)) < tol:
                o.x = (o.x * o.fraction + x * f) / (o.fraction + f)
                o.fraction += f
                break
        else:
            out.append(PhaseRow(n, float(f), np.array(x, dtype=float)))
    return out


def _db_path(which) -> str:
    if which == "LiNaK":
        from semisolid.thermo.database import default_tdb_path

        return str(default_tdb_path())
    return str(which)


@pytest.fixture(scope="session")
def linak_db():
    """The shipped database through the engine's loader."""
    from semisolid.thermo import load_database

    return load_database()


def binary_oracle(key: str, blocks: int, n_t: int, n_x: int, seed: int) -> OracleRun:
    """pycalphad at `blocks` x (n_t random T x n_x random x) states of a binary system."""
    from pycalphad import Database, equilibrium
    from pycalphad import variables as v

    which, comps, phases, (tlo, thi) = SYSTEMS[key]
    pdb = Database(_db_path(which))
    up = [c.upper() for c in comps]
    rng = np.random.default_rng(seed)
    temps, xs, rows, gms = [], [], [], []
    for _ in range(blocks):
        t = np.sort(rng.uniform(tlo, thi, n_t))
        xb = np.sort(rng.uniform(0.0, 1.0, n_x))
        r = equilibrium(pdb, [*up, "VA"], phases,
                        {v.X(up[1]): xb, v.T: t, v.P: 101325, v.N: 1})
        order = [[str(c) for c in r.component.values].index(u) for u in up]
        for i, tt in enumerate(t):
            for j, xx in enumerate(xb):
                names = r.Phase.values[0, 0, i, j]
                fr = r.NP.values[0, 0, i, j]
                xv = r.X.values[0, 0, i, j][:, order]
                temps.append(tt)
                xs.append([1 - xx, xx])
                rows.append(merge_vertices(names, fr, xv))
                gms.append(float(r.GM.values[0, 0, i, j]))
    return OracleRun(comps, phases, np.array(temps), np.array(xs), rows, np.array(gms))


@pytest.fixture(scope="session")
def oracle_nak() -> OracleRun:
    """2,000 random (T, x) states of Na-K between 200 and 400 K (8 x 5 T x 50 x)."""
    return binary_oracle("NaK", blocks=8, n_t=5, n_x=50, seed=11)


@pytest.fixture(scope="session")
def oracle_other():
    """1,000 random states on each of Li-Na (liquid gap), Al-Zn (fcc gap), Cu-Mg (compound)."""
    return {k: binary_oracle(k, blocks=4, n_t=5, n_x=50, seed=7) for k in ("LiNa", "AlZn", "CuMg")}


@pytest.fixture(scope="session")
def oracle_linak_300() -> OracleRun:
    """About 2,000 random Li-Na-K states at 300 K (random x_Li x random x_Na products)."""
    from pycalphad import Database, equilibrium
    from pycalphad import variables as v

    pdb = Database(_db_path("LiNaK"))
    phases = ["LIQUID", "BCC_A2", "NA2K"]
    comps = ["K", "Li", "Na"]
    rng = np.random.default_rng(5)
    xs, rows, gms = [], [], []
    for _ in range(4):
        xli = np.sort(rng.uniform(0, 1, 32))
        xna = np.sort(rng.uniform(0, 1, 32))
        r = equilibrium(pdb, ["K", "LI", "NA", "VA"], phases,
                        {v.X("LI"): xli, v.X("NA"): xna, v.T: 300.0, v.P: 101325, v.N: 1})
        order = [[str(c) for c in r.component.values].index(u) for u in ("K", "LI", "NA")]
        for i, a in enumerate(xli):
            for j, b in enumerate(xna):
                if a + b >= 1 - 1e-9:
                    continue
                names = r.Phase.values[0, 0, 0, i, j]
                fr = r.NP.values[0, 0, 0, i, j]
                xv = r.X.values[0, 0, 0, i, j][:, order]
                xs.append([1 - a - b, a, b])
                rows.append(merge_vertices(names, fr, xv))
                gms.append(float(r.GM.values[0, 0, 0, i, j]))
    x = np.array(xs)
    return OracleRun(comps, phases, np.full(x.shape[0], 300.0), x, rows, np.array(gms))


# --------------------------------------------------------------- comparison helpers
@dataclass
class Comparison:
    n: int
    agree: int
    disagreements: list[int] = field(default_factory=list)
    oracle_failed: list[int] = field(default_factory=list)
    oracle_metastable: list[int] = field(default_factory=list)
    max_dx: float = 0.0
    max_df: float = 0.0
    worst: dict = field(default_factory=dict)


def compare(batch, run) -> Comparison:
    """Same phases (as a multiset of names)? Then largest composition and fraction errors,
    pairing each engine copy with the pycalphad vertex of that name nearest in composition."""
    comps = run.components
    out = Comparison(n=len(run.rows), agree=0)
    for i, rows in enumerate(run.rows):
        if not rows:  # pycalphad returned no solution at this state
            out.oracle_failed.append(i)
            continue
        r = batch.result(i)
        mine = sorted(p.name for p in r.phases)
        theirs = sorted(q.name for q in rows)
        if mine != theirs:
            # equilibrium is the state of lowest G: where the engine's state is lower than
            # pycalphad's by more than 1e-3 J/mol, pycalphad returned a metastable state
            g_engine = float(batch.chemical_potentials_J_mol[i] @ batch.x[i])
            if g_engine < run.gm_J_mol[i] - 1e-3:
                out.oracle_metastable.append(i)
            else:
                out.disagreements.append(i)
            continue
        out.agree += 1
        used = set()
        for p in r.phases:
            xp = np.array([p.composition[c] for c in comps])
            cands = [k for k, q in enumerate(rows) if q.name == p.name and k not in used]
            k = min(cands, key=lambda k: np.max(np.abs(rows[k].x - xp)))
            used.add(k)
            dx = float(np.max(np.abs(rows[k].x - xp)))
            df = abs(rows[k].fraction - p.fraction)
            if dx > out.max_dx:
                out.max_dx, out.worst["dx"] = dx, (i, p.name)
            if df > out.max_df:
                out.max_df, out.worst["df"] = df, (i, p.name)
    return out


def near_boundary(db, components, x, t, phases, delta=0.002, ring=12) -> bool:
    """True if the engine's set of stable phases changes within `delta` of state x."""
    from semisolid.thermo import equilibrium_many

    x = np.asarray(x, dtype=float)
    ncomp = x.size
    if ncomp == 2:
        pts = [x + d * np.array([-1, 1]) for d in np.linspace(-delta, delta, 9)]
    else:
        ang = np.linspace(0, 2 * np.pi, ring, endpoint=False)
        e1 = np.array([1, -1, 0]) / np.sqrt(2)
        e2 = np.array([1, 1, -2]) / np.sqrt(6)
        pts = [x + r * (np.cos(a) * e1 + np.sin(a) * e2)
               for r in (delta / 2, delta) for a in ang]
    pts = np.array([p for p in pts if np.all(p >= 0) and np.all(p <= 1)])
    pts = np.vstack([x[None], pts])
    b = equilibrium_many(db, components, pts, t, phases=phases)
    sets = {tuple(sorted(p.name for p in b.result(i).phases)) for i in range(len(b))}
    return len(sets) > 1


@pytest.fixture(scope="session")
def compare_runs():
    """The :func:`compare` helper."""
    return compare


@pytest.fixture(scope="session")
def is_near_boundary():
    """The :func:`near_boundary` helper."""
    return near_boundary
