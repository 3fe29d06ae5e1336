"""Names of ordered phases in their disordered state.

Some databases describe one crystal structure twice: an ordered phase with several
equivalent sublattices (e.g. ``FCC_4SL``) and, as a separate phase, its disordered form
(``FCC_A1``) with the same Gibbs energy whenever the ordered phase's sublattices hold the
same site fractions. A state on that degenerate set is reported under the disordered
phase's name, as pycalphad reports it. (When the disordered phase is the ``DIS_PART`` of a
partitioned model it is not considered at all, and the ordered name is kept, also as
pycalphad does.) The two are recognised numerically: equal Gibbs energies per mole of
atoms, to 1e-6 J/mol, at random disordered states and two temperatures.

Examples
--------
>>> from semisolid.thermo import load_database
>>> disordered_aliases(load_database().system(["K", "Na"]))
{}
"""

from __future__ import annotations

import numpy as np

from semisolid.thermo.engine.states import States
from semisolid.thermo.phases import System

__all__ = ["DISORDER_TOL", "disordered_aliases", "rename_disordered"]

DISORDER_TOL = 1e-6
"""Site fractions of the ordering sublattices equal to this are a disordered state."""


def disordered_aliases(system: System) -> dict[int, tuple[int, tuple[int, ...]]]:
    """{ordered phase index: (disordered phase index, its ordering sublattice groups)}."""
    cache = system.__dict__.setdefault("_cache", {})
    if "aliases" in cache:
        return cache["aliases"]
    out: dict[int, tuple[int, tuple[int, ...]]] = {}
    rng = None  # made at first use (numpy.random costs a command-line start-up 10-20 ms)
    for i, o in enumerate(system.phases):
        if len(o.equivalent) != 1 or o.n_groups != len(o.equivalent[0]):
            continue
        cls = o.equivalent[0]
        slices = o.group_slices()
        cons = [c for _r, c in o.sublattices if len(c) > 1][cls[0]]
        for j, q in enumerate(system.phases):
            if j == i or q.n_groups != 1:
                continue
            qcons = next(c for _r, c in q.sublattices if len(c) > 1)
            if tuple(qcons) != tuple(cons):
                continue
            if rng is None:
                rng = np.random.default_rng(1)
            y = rng.dirichlet(np.ones(len(cons)), 6)
            yo = np.zeros((6, o.n_variables))
            for g in cls:
                yo[:, slices[g]] = y
            xo, xq = o.composition(yo), q.composition(y)
            if not np.allclose(xo, xq, atol=1e-12):
                continue
            t = np.repeat([400.0, 1200.0], 3)
            if np.allclose(o.gibbs_J_mol(t, yo), q.gibbs_J_mol(t, y), rtol=0, atol=1e-6):
                out[i] = (j, cls)
                break
    cache["aliases"] = out
    return out


def rename_disordered(system: System, states: States, rows: np.ndarray | None = None) -> None:
    """Report disordered copies of an ordered phase under its disordered alias."""
    aliases = disordered_aliases(system)
    if not aliases:
        return
    rows = np.arange(states.phase.shape[0]) if rows is None else rows
    for i, (j, cls) in aliases.items():
        p = system.phases[i]
        q = system.phases[j]
        slices = p.group_slices()
        for slot in range(states.phase.shape[1]):
            sel = rows[states.phase[rows, slot] == i]
            if sel.size == 0:
                continue
            y = states.y[sel, slot, : p.n_variables]
            first = y[:, slices[cls[0]]]
            spread = np.zeros(sel.size)
            for g in cls[1:]:
                spread = np.maximum(spread, np.max(np.abs(y[:, slices[g]] - first), axis=1))
            dis = sel[spread < DISORDER_TOL]
            if dis.size == 0:
                continue
            states.phase[dis, slot] = j
            ynew = np.full((dis.size, states.y.shape[2]), np.nan)
            ynew[:, : q.n_variables] = y[spread < DISORDER_TOL][:, slices[cls[0]]]
            states.y[dis, slot] = ynew
