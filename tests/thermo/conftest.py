"""Fixtures of the thermodynamics tests: databases, the pycalphad matrix, comparison helpers.

pycalphad's ``equilibrium`` is the independent oracle: its answers on the matrix of
tests/thermo/oracle.py are stored in tests/data/thermo_oracle (and recomputed live on a
subset by the slow tests); other runs are made once per session (session-scoped fixtures).
The disk cache of compiled databases goes to a temporary folder for the whole session.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory):
    """Compiled databases are cached in a session folder, never in the user's cache."""
    old = os.environ.get("SEMISOLID_CACHE_DIR")
    os.environ["SEMISOLID_CACHE_DIR"] = str(tmp_path_factory.mktemp("semisolid-cache"))
    yield
    if old is None:
        os.environ.pop("SEMISOLID_CACHE_DIR", None)
    else:
        os.environ["SEMISOLID_CACHE_DIR"] = old


@pytest.fixture(scope="session")
def tdb_dir(data_dir) -> Path:
    """pycalphad's test databases (MIT), copied to tests/data/tdb (see SOURCES.md)."""
    return data_dir / "tdb"


@pytest.fixture(scope="session")
def linak_db():
    """The shipped database through the engine's loader."""
    from semisolid.thermo import load_database

    return load_database()


@pytest.fixture(scope="session")
def load_tdb(tdb_dir):
    """``load_tdb("cumg.tdb")``: a database of tests/data/tdb through the engine's loader."""
    from semisolid.thermo import load_database

    def load(name):
        return load_database() if name == "LiNaK" else load_database(tdb_dir / name)

    return load


# --------------------------------------------------------------- comparison with pycalphad


@dataclass
class Comparison:
    """Engine against pycalphad over a set of states.

    ``agree``: the same multiset of stable phases. ``oracle_failed``: pycalphad gave no
    answer. ``oracle_higher``: the phase sets differ and pycalphad's Gibbs energy is the
    higher one by more than 1e-3 J/mol (pycalphad stopped in a metastable state; equilibrium
    is the minimum of G). ``disagreements``: the phase sets differ and the engine is not
    lower. ``max_dg``: the largest |G_engine - G_pycalphad| where the phases agree;
    ``max_dg_above``: the largest G_engine - G_pycalphad over all states both answered.
    """

    n: int
    agree: int = 0
    disagreements: list[int] = field(default_factory=list)
    oracle_failed: list[int] = field(default_factory=list)
    oracle_higher: list[int] = field(default_factory=list)
    max_dx: float = 0.0
    max_df: float = 0.0
    max_dg: float = 0.0
    max_dg_above: float = -np.inf
    worst: dict = field(default_factory=dict)

    @property
    def answered(self) -> int:
        return self.n - len(self.oracle_failed)

    @property
    def agreement(self) -> float:
        return self.agree / max(1, self.answered)


def compare(batch, rows, gm, aliases=None) -> Comparison:
    """Compare an engine batch with pycalphad rows (lists of {"name", "fraction", "x"}) and
    molar Gibbs energies, pairing each engine copy with the pycalphad phase of that name
    nearest in composition. `aliases` maps a phase name to another that describes the same
    state (an ordered phase in its disordered state and the disordered phase: pycalphad
    reports either)."""
    from semisolid.thermo.results import PhaseEquilibrium

    aliases = aliases or {}
    out = Comparison(n=len(rows))
    for i, theirs in enumerate(rows):
        if not theirs or not np.isfinite(gm[i]):
            out.oracle_failed.append(i)
            continue
        theirs = [{**q, "name": aliases.get(q["name"], q["name"])} for q in theirs]
        r = batch.result(i)
        r.phases[:] = [PhaseEquilibrium(aliases.get(p.name, p.name), p.fraction, p.composition)
                       for p in r.phases]
        dg = float(batch.gibbs_energy_J_mol[i] - gm[i])
        out.max_dg_above = max(out.max_dg_above, dg)
        mine = sorted(p.name for p in r.phases)
        if mine != sorted(q["name"] for q in theirs):
            if dg < -1e-3:
                out.oracle_higher.append(i)
            else:
                out.disagreements.append(i)
            continue
        out.agree += 1
        if abs(dg) > out.max_dg:
            out.max_dg, out.worst["dg"] = abs(dg), i
        used: set[int] = set()
        for p in r.phases:
            xp = np.array([p.composition[c] for c in batch.components])
            cands = [k for k, q in enumerate(theirs) if q["name"] == p.name and k not in used]
            k = min(cands, key=lambda k: np.max(np.abs(np.array(theirs[k]["x"]) - xp)))
            used.add(k)
            dx = float(np.max(np.abs(np.array(theirs[k]["x"]) - xp)))
            df = abs(theirs[k]["fraction"] - p.fraction)
            if dx > out.max_dx:
                out.max_dx, out.worst["dx"] = dx, (i, p.name)
            if df > out.max_df:
                out.max_df, out.worst["df"] = df, (i, p.name)
    return out


def near_boundary(db, components, x, t, delta=0.002, ring=12) -> bool:
    """True if the engine's set of stable phases changes within `delta` of state x."""
    from semisolid.thermo import equilibrium_many

    x = np.asarray(x, dtype=float)
    if x.size == 2:
        pts = [x + d * np.array([-1, 1]) for d in np.linspace(-delta, delta, 9)]
    else:
        ang = np.linspace(0, 2 * np.pi, ring, endpoint=False)
        e1 = np.array([1, -1, 0]) / np.sqrt(2)
        e2 = np.array([1, 1, -2]) / np.sqrt(6)
        pts = [x + r * (np.cos(a) * e1 + np.sin(a) * e2)
               for r in (delta / 2, delta) for a in ang]
    pts = np.array([p for p in pts if np.all(p >= 0) and np.all(p <= 1)])
    pts = np.vstack([x[None], pts])
    pts = pts / pts.sum(axis=1, keepdims=True)
    b = equilibrium_many(db, components, pts, t)
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
