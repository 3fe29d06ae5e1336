"""The final global stability check: is every solved state the minimum of the Gibbs energy?

A state with chemical potentials mu is the global minimum exactly when no phase, anywhere in
its composition range, lies below the tangent plane: ``min_y (G_p - mu . x_p) >= 0`` for
every phase p (the driving force). The check takes every candidate point of the sampled
energies (the points on or near the lower hull: a point above the sampled hull is above
every correct tangent plane too), keeps for each state and phase the point lowest against
the plane, and, unless the phase cannot reach below the plane near any of its points (its
value there less the sampling bound :func:`~semisolid.thermo.engine.sampling.screen_bound`
stays above it), refines the driving force by Newton from there
(:func:`semisolid.thermo.engine.newton.driving_force`). Points within ``OWN_COPY`` (mole
fraction) of a copy of the same phase already in the state are that copy and are skipped; a
second copy further away is a miscibility gap. A phase with a negative driving
force (below ``-DF_TOL`` RT per mole of atoms) is added as a new copy (a second copy of a
phase already present where the state crossed a miscibility gap) and the state is solved
again: with one more copy if the phase rule allows, else replacing each present copy in
turn, and for a second copy of a phase already present also from the present copy's mirror
image through the state's composition (the two sides of a gap) and with the present copy
moved to the new site fractions (a change of internal state, e.g. ordering); the lowest
converged state
with no negative fraction is kept. This repeats until no phase is found (at most ``ROUNDS``
times). A state that still fails is flagged not converged, unless its Gibbs energy could
fall by less than ``ACCEPT_J_MOL`` (next to the critical point of a miscibility gap, where
the two copies are too close for Newton's method).

Examples
--------
>>> DF_TOL
1e-08
"""

from __future__ import annotations

import itertools

import numpy as np

from semisolid.thermo.engine._arrays import distinct
from semisolid.thermo.engine.newton import R_J_MOL_K, Assemblage, driving_force, solve
from semisolid.thermo.engine.states import States
from semisolid.thermo.phases import System

__all__ = ["DF_TOL", "ROUNDS", "check_and_repair", "find_unstable"]

DF_TOL = 1e-8
"""Driving force (units of RT per mole of atoms) below which a phase makes a state unstable."""
ROUNDS = 4
"""Repair rounds of the stability check."""
NEG_FRACTION = -1e-10
"""Phase fractions below this are negative (the copy must leave the assemblage)."""
SAME_COPY_DISTANCE = 1e-3
"""A refined copy this close (mole fraction) to a copy already present is that copy."""
ACCEPT_J_MOL = 0.5
"""Where no repair converges (two copies of a phase next to the critical point of its
miscibility gap), a state whose most negative driving force is above ``-ACCEPT_J_MOL``
(the Gibbs energy could fall by at most that much) is kept as converged; below, it is
flagged not converged."""
OWN_COPY = 0.02
"""Sample points this close (mole fraction) to a copy of their phase belong to that copy."""
CHUNK_ENTRIES = 50_000
"""States x candidate points per block of the check: small blocks stay in the cache, and
their matrix product stays below the size at which BLAS starts threads."""


def find_unstable(system: System, smp, states: States, t_all: np.ndarray, rows: np.ndarray,
                  energies, candidates) -> list[tuple[int, int, np.ndarray, float]]:
    """(row, phase index, site fractions, driving force) of the most unstable phase of each
    state in `rows` that is not the global minimum.

    States with the same temperature, chemical potentials and copies (the lever rule of one
    field) are checked once.

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
    ncomp = states.mu.shape[1]
    if rows.size > 64:
        sig = np.column_stack([t_all[rows], states.mu[rows], states.phase[rows],
                               np.nan_to_num(states.comp[rows].reshape(rows.size, -1), nan=-1.0)])
        first, back = _unique_rows(np.round(sig, 12))
    else:
        first, back = np.arange(rows.size), np.arange(rows.size)
    uniq = rows[first]
    found: dict[int, tuple[int, np.ndarray, float]] = {}
    for t in distinct(t_all[uniq]):
        sel = uniq[t_all[uniq] == t]
        g_all = energies(float(t))
        cand = candidates(float(t))
        cand = cand[np.argsort(smp.phase[cand], kind="stable")]
        ph = smp.phase[cand]
        bounds = np.concatenate([[0], np.nonzero(np.diff(ph))[0] + 1, [ph.size]])
        xc = smp.x[cand]
        gc = g_all[cand]
        mu = states.mu[sel]
        own_phase = states.phase[sel]
        own_x = states.comp[sel]
        best = np.full(sel.size, np.inf)
        best_k = np.full(sel.size, -1)
        best_y = np.zeros((sel.size, smp.y.shape[1]))
        chunk = max(1, CHUNK_ENTRIES // max(1, cand.size))
        blocks = [(a, b, int(ph[a])) for a, b in itertools.pairwise(bounds)]
        # (state, point) pairs of each block where the point lies on a copy of its phase
        # that the state holds: left out (rows sorted, to be cut by chunk)
        near = []
        for a, b, k in blocks:
            rs, cs = [], []
            for slot in range(own_phase.shape[1]):
                mine = np.nonzero(own_phase[:, slot] == k)[0]
                if mine.size == 0:
                    continue
                if ncomp == 1:
                    r, cols = np.repeat(np.arange(mine.size), b - a), np.tile(
                        np.arange(b - a), mine.size)
                else:
                    order = np.argsort(xc[a:b, 1], kind="stable")
                    r, cols = _near_points(xc[a:b], order, own_x[mine, slot])
                rs.append(mine[r])
                cs.append(cols)
            if rs:
                r, cols = np.concatenate(rs), np.concatenate(cs)
                o = np.argsort(r, kind="stable")
                near.append((r[o], cols[o]))
            else:
                near.append(None)
        # G - mu . x of every (state, point) as one matrix product: [-mu, 1] @ [x^T; G]
        lhs = np.column_stack([-mu, np.ones(sel.size)])
        rhs = np.vstack([xc.T, gc[None, :]])
        screen = smp.screen[cand]
        jmin = np.zeros((len(blocks), sel.size), dtype=np.int64)
        vmin = np.zeros((len(blocks), sel.size))
        for s in range(0, sel.size, chunk):
            part = slice(s, s + chunk)
            df = lhs[part] @ rhs
            for bi, (a, b, _k) in enumerate(blocks):
                dk = df[:, a:b]
                if near[bi] is not None:
                    r, cols = near[bi]
                    lo, hi = np.searchsorted(r, [s, s + chunk])
                    dk[r[lo:hi] - s, cols[lo:hi]] = np.inf
                # the lowest the phase can reach near each point: its value less the bound
                # (in place: df is not used again)
                reach = np.subtract(dk, screen[a:b][None, :], out=dk)
                j = np.argmin(reach, axis=1)
                jmin[bi, part] = j
                vmin[bi, part] = reach[np.arange(reach.shape[0]), j]
        for bi, (a, _b, k) in enumerate(blocks):
            p = system.phases[k]
            low = np.nonzero(vmin[bi] < -DF_TOL)[0]
            if low.size == 0:
                continue
            j = jmin[bi]
            y0 = smp.y[cand[a + j[low]], : p.n_variables]
            idx = low
            if p.is_point:
                d, y = vmin[bi, low], y0  # no sampling bound: the value itself
            else:
                d, y = driving_force(p, np.full(low.size, float(t)), mu[idx], y0)
                # a refinement that ends on a copy already present found that copy
                xr = p.composition(y)
                for slot in range(own_phase.shape[1]):
                    on = (own_phase[idx, slot] == k) & (
                        np.max(np.abs(xr - np.nan_to_num(own_x[idx, slot])), axis=1)
                        < SAME_COPY_DISTANCE)
                    d = np.where(on, np.inf, d)
            better = d < np.minimum(best[idx], -DF_TOL)
            best[idx[better]] = d[better]
            best_k[idx[better]] = k
            best_y[idx[better], : p.n_variables] = y[better]
        for i in np.nonzero(best_k >= 0)[0]:
            k = int(best_k[i])
            found[int(sel[i])] = (k, best_y[i, : system.phases[k].n_variables].copy(),
                                  float(best[i]))
    if not found:
        return out
    rep = rows[first[back.ravel()]]  # the state checked in place of each row
    for i in np.nonzero(np.isin(rep, np.fromiter(found, dtype=np.int64)))[0]:
        hit = found[int(rep[i])]
        out.append((int(rows[i]), hit[0], hit[1], hit[2]))
    return out


def _unique_rows(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(index of the first occurrence of each distinct row of `a`, group of each row): as
    ``np.unique(a, axis=0, return_index=True, return_inverse=True)`` up to the order of
    the groups, by a stable sort on the columns (no byte-wise row comparison)."""
    order = np.lexsort(a.T[::-1])
    srt = a[order]
    new = np.ones(a.shape[0], dtype=bool)
    new[1:] = np.any(srt[1:] != srt[:-1], axis=1)
    group = np.cumsum(new) - 1
    back = np.empty(a.shape[0], dtype=np.int64)
    back[order] = group
    return order[new], back


def _near_points(xb: np.ndarray, order: np.ndarray, own: np.ndarray
                 ) -> tuple[np.ndarray, np.ndarray]:
    """(state, point) pairs where point j of a phase block `xb` (nb, C) lies within
    ``OWN_COPY`` of the state's copy `own` (m, C) in every component but the first.

    The points are found in the slab of the second component (`order`: the block sorted by
    it) and then tested with the same expression in every component, so the pairs are exactly
    those of the dense test ``|x_j - own| < OWN_COPY``."""
    s1 = xb[order, 1]
    lo = np.searchsorted(s1, own[:, 1] - 2 * OWN_COPY, side="left")
    hi = np.searchsorted(s1, own[:, 1] + 2 * OWN_COPY, side="right")
    cnt = hi - lo
    total = int(cnt.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    r = np.repeat(np.arange(own.shape[0]), cnt)
    pos = np.arange(total) - np.repeat(np.cumsum(cnt) - cnt, cnt) + np.repeat(lo, cnt)
    cols = order[pos]
    near = np.ones(total, dtype=bool)
    for c in range(1, xb.shape[1]):
        near &= np.abs(xb[cols, c] - own[r, c]) < OWN_COPY
    return r[near], cols[near]


def _candidate_sets(ncomp: int, present: list, new) -> list[list]:
    if len(present) < ncomp:
        return [[*present, new]]
    return [[*present[:i], *present[i + 1 :], new] for i in range(len(present))]


GAP_SCALES = (1.0, 0.5, 0.25)
"""Gap-split starts: the two copies at x + s (x_new - x) and x - s (x_new - x) for each s.
Next to a critical point the tangent-plane minimum x_new lies well outside the gap, and
Newton's method from the full split falls back onto one copy; the shorter splits start
inside the gap."""


def _gap_split(system: System, present: list, new, x: np.ndarray, ncomp: int) -> list:
    """Where a phase already present turns out unstable against another copy of itself (a
    miscibility gap), starts with the present copy replaced by two copies on either side
    of x: on the line through x and the new copy, at the distances of ``GAP_SCALES``."""
    k, y = new
    p = system.phases[k]
    mine = [c for c in present if c[0] == k]
    if not mine or not p.substitutional:
        return []
    nearest = min(mine, key=lambda c: float(np.max(np.abs(
        p.composition(np.asarray(c[1])[None])[0] - x))))
    rest = [c for c in present if c is not nearest]
    if len(rest) + 2 > ncomp:
        return []
    xn = p.composition(np.asarray(y)[None])[0]
    out = []
    for s in GAP_SCALES:
        ends = np.clip(np.array([x + s * (xn - x), x - s * (xn - x)]), 1e-9, None)
        ys, ok = p.site_fractions_of(ends / ends.sum(axis=1, keepdims=True))
        if ok.all():
            out.append([*rest, (k, ys[1], 0.5), (k, ys[0] if s != 1.0 else np.asarray(y), 0.5)])
    return out


def _lever_start(system: System, cs, x: np.ndarray) -> np.ndarray:
    """Starting phase fractions of copies `cs` (phase, y, fraction) for composition x: the
    least-squares lever rule on their compositions, kept in [0.02, 1]."""
    xs = np.array([system.phases[int(c[0])].composition(np.asarray(c[1])[None])[0]
                   for c in cs])
    a = np.vstack([xs.T, np.ones(len(cs))])
    f = np.linalg.lstsq(a, np.append(x, 1.0), rcond=None)[0]
    f = np.clip(np.where(np.isfinite(f), f, 1.0 / len(cs)), 0.02, 1.0)
    return (f / f.sum())[None]


def _try(system: System, sets_by_row, t_all, x_all, mu_by_row):
    """Solve candidate assemblages; returns {row: [(G/RT, copies, solution-row)]}."""
    problems = []
    for r, sets in sets_by_row.items():
        for cs in sets:
            copies = tuple(int(c[0]) for c in cs)
            y0 = [np.asarray(c[1], dtype=float)[None, :] for c in cs]
            f0 = _lever_start(system, cs, x_all[r])
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
        worst_d = {}
        for r, k, y, d in bad:
            worst_d[r] = d
            present = [(c[0], c[1][: system.phases[c[0]].n_variables], c[2])
                       for c in states.copies(r)]
            sets_by_row[r] = _candidate_sets(ncomp, present, (k, y, 0.05))
            sets_by_row[r].extend(_gap_split(system, present, (k, y), x_all[r], ncomp))
            # the present copy may only need another internal state (e.g. ordering)
            for i, c in enumerate(present):
                if c[0] == k:
                    sets_by_row[r].append([*present[:i], (k, y, c[2]), *present[i + 1 :]])
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
                states.ok[r] = worst_d[r] * R_J_MOL_K * t_all[r] > -ACCEPT_J_MOL
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
    for r, _k, _y, d in find_unstable(system, smp, states, t_all, todo, energies, candidates):
        states.ok[r] = d * R_J_MOL_K * t_all[r] > -ACCEPT_J_MOL
