"""The final global stability check: is every solved state the minimum of the Gibbs energy?

A state with chemical potentials mu is the global minimum exactly when no phase, anywhere in
its composition range, lies below the tangent plane: ``min_y (G_p - mu . x_p) >= 0`` for
every phase p (the driving force). The check takes every candidate point of the sampled
energies (the points on or near the lower hull: a point above the sampled hull is above
every correct tangent plane too), keeps for each state and phase the point lowest against
the plane, and, unless that point lies more than ``SCREEN`` RT above it (the sampling cannot
be that far from the phase's true minimum), refines the driving force by Newton from there
(:func:`semisolid.thermo.engine.newton.driving_force`). Points within ``OWN_COPY`` (mole
fraction) of a copy of the same phase already in the state are that copy and are skipped; a
second copy further away is a miscibility gap. A phase with a negative driving
force (below ``-DF_TOL`` RT per mole of atoms) is added as a new copy (a second copy of a
phase already present where the state crossed a miscibility gap) and the state is solved
again: with one more copy if the phase rule allows, else replacing each present copy in
turn; the lowest converged state with no negative fraction is kept. This repeats until no
phase is found (at most ``ROUNDS`` times); a state that still fails is flagged not
converged.

Examples
--------
>>> DF_TOL
1e-08
"""

from __future__ import annotations

import numpy as np

from semisolid.thermo.engine.newton import Assemblage, driving_force, solve
from semisolid.thermo.engine.states import States
from semisolid.thermo.phases import System

__all__ = ["DF_TOL", "ROUNDS", "check_and_repair", "find_unstable"]

DF_TOL = 1e-8
"""Driving force (units of RT per mole of atoms) below which a phase makes a state unstable."""
ROUNDS = 4
"""Repair rounds of the stability check."""
NEG_FRACTION = -1e-10
"""Phase fractions below this are negative (the copy must leave the assemblage)."""
SCREEN = 0.05
"""Sampled driving forces (units of RT) above which no Newton refinement is tried, for a
phase sampled on a fine lattice of one sublattice."""
SCREEN_COARSE = 0.6
"""The same for a phase with several mixing sublattices (sampled more coarsely)."""
OWN_COPY = 0.02
"""Sample points this close (mole fraction) to a copy of their phase belong to that copy."""


def find_unstable(system: System, smp, states: States, t_all: np.ndarray, rows: np.ndarray,
                  energies, candidates) -> list[tuple[int, int, np.ndarray, float]]:
    """(row, phase index, site fractions, driving force) of the most unstable phase of each
    state in `rows` that is not the global minimum.

    Parameters
    ----------
    energies : callable
        ``energies(T)`` -> G / RT of every sample point at temperature T.
    candidates : callable
        ``candidates(T)`` -> indices of the sample points to test at temperature T.
    """
    out = []
    rows = rows[np.all(np.isfinite(states.mu[rows]), axis=1)]
    if rows.size == 0:
        return out
    for t in np.unique(t_all[rows]):
        sel = rows[t_all[rows] == t]
        g_all = energies(float(t))
        cand = candidates(float(t))
        xc = smp.x[cand]
        gc = g_all[cand]
        ph = smp.phase[cand]
        mu = states.mu[sel]
        own_phase = states.phase[sel]
        own_x = states.comp[sel]
        best = np.full(sel.size, np.inf)
        best_k = np.full(sel.size, -1)
        best_y = np.zeros((sel.size, smp.y.shape[1]))
        chunk = max(1, 2_000_000 // max(1, cand.size))
        for s in range(0, sel.size, chunk):
            part = slice(s, s + chunk)
            df = gc[None, :] - mu[part] @ xc.T
            for k in np.unique(ph):
                cols = np.nonzero(ph == k)[0]
                dk = df[:, cols]
                for slot in range(own_phase.shape[1]):
                    mine = np.nonzero(own_phase[part, slot] == k)[0]
                    if mine.size:
                        near = np.max(np.abs(xc[cols][None, :, :]
                                             - own_x[part][mine, slot][:, None, :]), axis=2)
                        dk[mine] = np.where(near < OWN_COPY, np.inf, dk[mine])
                j = np.argmin(dk, axis=1)
                val = dk[np.arange(dk.shape[0]), j]
                low = np.nonzero(val < (SCREEN if smp.dense[k] else SCREEN_COARSE))[0]
                if low.size == 0:
                    continue
                p = system.phases[k]
                y0 = smp.y[cand[cols[j[low]]], : p.n_variables]
                if p.is_point:
                    low = low[val[low] < -DF_TOL]  # the sample is the phase: nothing to refine
                    y0 = y0[: low.size]
                    if low.size == 0:
                        continue
                idx = low + s
                d, y = driving_force(p, np.full(low.size, float(t)), mu[idx], y0)
                better = d < np.minimum(best[idx], -DF_TOL)
                best[idx[better]] = d[better]
                best_k[idx[better]] = k
                best_y[idx[better], : p.n_variables] = y[better]
        for i in np.nonzero(best_k >= 0)[0]:
            k = int(best_k[i])
            out.append((int(sel[i]), k, best_y[i, : system.phases[k].n_variables].copy(),
                        float(best[i])))
    return out


def _candidate_sets(ncomp: int, present: list, new) -> list[list]:
    if len(present) < ncomp:
        return [[*present, new]]
    return [[*present[:i], *present[i + 1 :], new] for i in range(len(present))]


def _try(system: System, sets_by_row, t_all, x_all, mu_by_row):
    """Solve candidate assemblages; returns {row: [(G/RT, copies, solution-row)]}."""
    problems = []
    for r, sets in sets_by_row.items():
        for cs in sets:
            copies = tuple(int(c[0]) for c in cs)
            y0 = [np.asarray(c[1], dtype=float)[None, :] for c in cs]
            f0 = np.array([max(float(c[2]), 0.02) for c in cs])
            f0 = (f0 / f0.sum())[None]
            problems.append(Assemblage(copies, np.array([r]), t_all[[r]], x_all[[r]], y0,
                                       mu_by_row[r][None], f0))
    found: dict[int, list] = {}
    for sol in solve(system, problems):
        for i, r in enumerate(sol.rows):
            found.setdefault(int(r), []).append((sol, i))
    return found


def check_and_repair(system: System, smp, states: States, t_all: np.ndarray,
                     x_all: np.ndarray, rows: np.ndarray, energies, candidates) -> None:
    """Run the stability check on `rows` and repair unstable states (module docstring)."""
    ncomp = len(system.components)
    todo = np.asarray(rows, dtype=np.int64)
    for _ in range(ROUNDS):
        bad = find_unstable(system, smp, states, t_all, todo, energies, candidates)
        if not bad:
            return
        sets_by_row = {}
        mu_by_row = {}
        for r, k, y, _d in bad:
            present = [(c[0], c[1][: system.phases[c[0]].n_variables], c[2])
                       for c in states.copies(r)]
            sets_by_row[r] = _candidate_sets(ncomp, present, (k, y, 0.05))
            mu_by_row[r] = np.where(np.isfinite(states.mu[r]), states.mu[r], 0.0)
        found = _try(system, sets_by_row, t_all, x_all, mu_by_row)
        # copies with negative fractions leave, and the rest is solved again
        second = {}
        for r, sols in found.items():
            for sol, i in sols:
                if sol.ok[i] and np.any(sol.f[i] < NEG_FRACTION):
                    keep = [j for j in range(len(sol.copies)) if sol.f[i, j] >= NEG_FRACTION]
                    if keep:
                        second.setdefault(r, []).append(
                            [(sol.copies[j], sol.y[j][i], sol.f[i, j]) for j in keep])
        if second:
            mu2 = {r: mu_by_row[r] for r in second}
            for r, sols in _try(system, second, t_all, x_all, mu2).items():
                found[r].extend(sols)
        next_rows = []
        for r in sets_by_row:
            best = None
            for sol, i in found.get(r, []):
                if not sol.ok[i] or np.any(sol.f[i] < NEG_FRACTION):
                    continue
                g = float(sol.mu[i] @ x_all[r])
                if best is None or g < best[0]:
                    best = (g, sol, i)
            if best is None:
                states.ok[r] = False
                continue
            _, sol, i = best
            sel = np.zeros(sol.rows.shape[0], dtype=bool)
            sel[i] = True
            # the solution object may hold several rows of other states: write this one only
            states.put(sol, sel)
            next_rows.append(r)
        todo = np.asarray(next_rows, dtype=np.int64)
        if todo.size == 0:
            return
    # still unstable after every round
    for r, _k, _y, _d in find_unstable(system, smp, states, t_all, todo, energies, candidates):
        states.ok[r] = False
