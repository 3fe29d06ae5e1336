"""Batching: many states solved together, grouped by temperature and by phase assemblage.

For each distinct temperature the sampled energies are evaluated once and each state is
located on the lower hull (:mod:`semisolid.thermo.engine.hull`): the whole hull for many
states, the dual simplex for a few. The facet under a state gives the starting phase copies:

* a facet spanning C copies (a two-phase field of a binary, a three-phase triangle of a
  ternary) is refined once, with its centroid as the overall composition; every state in it
  then follows from the lever rule in the refined simplex;
* other facets give one problem per state (a tie line of a ternary two-phase field, or a
  single phase), started from the vertices' site fractions weighted by the state's
  barycentric coordinates.

All problems with the same copies, at every temperature, are solved in one batched Newton
(:func:`semisolid.thermo.engine.newton.solve`). A copy that ends with a negative fraction
leaves and the state is solved again; where Newton fails the state starts again from the
dual simplex over all the sample points. Finally every state goes through the global
stability check (:mod:`semisolid.thermo.engine.stability`).

Examples
--------
>>> import numpy as np
>>> from semisolid.thermo import load_database
>>> s = load_database().system(["K", "Na"], ["LIQUID", "BCC_A2", "NA2K"])
>>> st = solve_states(s, np.array([[0.95, 0.05], [0.7, 0.3]]), np.array([295.15, 295.15]))
>>> st.ok.tolist(), (st.phase >= 0).sum(axis=1).tolist()
([True, True], [2, 1])
"""

from __future__ import annotations

import numpy as np

import semisolid.thermo.engine.hull as hull
import semisolid.thermo.engine.sampling as sampling
from semisolid.thermo.engine._arrays import distinct
from semisolid.thermo.engine.naming import rename_disordered
from semisolid.thermo.engine.newton import R_J_MOL_K, Assemblage, Solution, solve
from semisolid.thermo.engine.stability import NEG_FRACTION, check_and_repair
from semisolid.thermo.engine.states import States
from semisolid.thermo.phases import System

__all__ = ["FEW_STATES", "Energies", "solve_states"]

FEW_STATES = 12
"""At most this many states at one temperature are located by the dual simplex."""


class Energies:
    """Sampled energies per temperature, computed on demand and kept (with the hull)."""

    def __init__(self, system: System, smp: sampling.Samples, temps: np.ndarray,
                 block: int = 64):
        self.system, self.smp = system, smp
        self.temps = np.asarray(temps, dtype=float)
        self.block = block
        self._g: dict[float, np.ndarray] = {}
        self._cand: dict[float, np.ndarray] = {}
        self._vert: dict[float, np.ndarray] = {}
        self._check: dict[float, np.ndarray] = {}
        self._hull: dict[float, tuple[np.ndarray, np.ndarray]] = {}
        self.few: set[float] = set()  # temperatures with few states: every point is used

    def __call__(self, t: float) -> np.ndarray:
        t = float(t)
        if t not in self._g:
            pos = int(np.searchsorted(self.temps, t))
            chunk = self.temps[pos : pos + self.block]
            if chunk.size == 0 or chunk[0] != t:
                chunk = np.array([t])
            g = sampling.sample_energies(self.system, self.smp, chunk)
            if len(self._g) > 4 * self.block:
                self._g.clear()
            for tt, gg in zip(chunk, g, strict=True):
                self._g[float(tt)] = gg
        return self._g[t]

    def candidates(self, t: float) -> np.ndarray:
        """Points of the binned lower envelope at t (hull vertices where the hull is known)."""
        t = float(t)
        if t in self._vert:
            return self._vert[t]
        if t not in self._cand:
            self._cand[t] = sampling.hull_candidates(self.smp, self(t))
        return self._cand[t]

    def hull(self, t: float) -> tuple[np.ndarray, np.ndarray]:
        """(facets (F, C) as sample indices, copy labels (F, C)) of the lower hull at t."""
        t = float(t)
        if t not in self._hull:
            cand = self.candidates(t)
            g = self(t)
            facets = cand[hull.lower_facets(self.smp.x[cand], g[cand])]
            labels = hull.copy_labels(self.system, self.smp, facets, t)
            self._hull[t] = (facets, labels)
            self.set_hull_vertices(t, distinct(facets))
        return self._hull[t]

    def set_hull_vertices(self, t: float, verts: np.ndarray) -> None:
        self._vert[float(t)] = verts
        self._check.pop(float(t), None)

    def check_candidates(self, t: float) -> np.ndarray:
        """Points for the stability check at t: the hull's (or the binned envelope's) and
        the lowest of each phase in each of its composition bins."""
        t = float(t)
        if t in self.few:
            return np.nonzero(np.isfinite(self(t)))[0]
        if t not in self._check:
            own = sampling.phase_candidates(self.smp, self(t))
            self._check[t] = np.union1d(self.candidates(t), own)
        return self._check[t]


def _plane(xv: np.ndarray, gv: np.ndarray) -> np.ndarray:
    """Chemical potentials (units of RT) of the planes through vertices xv (m, C, C)."""
    try:
        return np.linalg.solve(xv, gv[..., None])[..., 0]
    except np.linalg.LinAlgError:
        out = np.zeros(gv.shape)
        for i in range(xv.shape[0]):
            out[i] = np.linalg.lstsq(xv[i], gv[i], rcond=None)[0]
        return out


def _copy_starts(system, smp, verts, labels, bary, ncop):
    """Copies (phase per copy), y0 per copy (m, k) and f0 (m, P) from facet vertices."""
    m = verts.shape[0]
    copies, ys = [], []
    f0 = np.zeros((m, ncop))
    for c in range(ncop):
        members = labels[0] == c
        k = int(smp.phase[verts[0, members][0]])
        p = system.phases[k]
        w = bary[:, members]
        tot = w.sum(axis=1, keepdims=True)
        wn = np.where(tot > 0, w / np.where(tot > 0, tot, 1.0), 1.0 / members.sum())
        yv = smp.y[verts[:, members]][:, :, : p.n_variables]  # (m, nv, k)
        ys.append(np.einsum("mv,mvk->mk", wn, yv))
        f0[:, c] = tot[:, 0]
        copies.append(k)
    return tuple(copies), ys, f0


def _single_substitutional(system: System, k: int, rows, t, x) -> Solution | None:
    """Single-phase states of a substitutional phase: y from x, mu in closed form."""
    p = system.phases[k]
    y, ok = p.site_fractions_of(x)
    if not np.all(ok):
        return None
    rt = R_J_MOL_K * t
    f, g, _ = p.derivatives(t, y)
    f, g = f / rt, g / rt[:, None]
    ncomp = x.shape[1]
    m = rows.size
    kv = p.n_variables
    cols = np.argmax(p.stoich != 0, axis=1)
    if kv == ncomp and not p.fixed.any():
        # mu_c(v) = (dF/dy_v - lambda) / a with lambda = sum_v y_v dF/dy_v - F
        a_site = p.stoich[np.arange(kv), cols]
        lam = np.einsum("mv,mv->m", y, g) - f
        mu = np.empty((m, ncomp))
        mu[:, cols] = (g - lam[:, None]) / a_site[None, :]
        n = p.moles(y)
        xp = n / n.sum(axis=1, keepdims=True)
        return Solution(rows, (k,), mu, [y], xp[:, None, :], np.ones((m, 1)),
                        np.all(np.isfinite(mu), axis=1))
    # tangency g_v = a mu_c(v) + lambda and F = mu . n: a (k+1) x (C+1) linear system
    a = np.zeros((m, kv + 1, ncomp + 1))
    b = np.zeros((m, kv + 1))
    for v in range(kv):
        a[:, v, cols[v]] = p.stoich[v, cols[v]]
        a[:, v, ncomp] = 1.0
        b[:, v] = g[:, v]
    n = p.moles(y)
    a[:, kv, :ncomp] = n
    b[:, kv] = f
    sol = np.einsum("mij,mj->mi", np.linalg.pinv(a), b)
    mu = sol[:, :ncomp]
    xp = n / n.sum(axis=1, keepdims=True)
    return Solution(rows, (k,), mu, [y], xp[:, None, :], np.ones((m, 1)),
                    np.all(np.isfinite(mu), axis=1))


def _locate(en: Energies, t: float, xs: np.ndarray, few: bool):
    """(vertices (m, C), barycentric (m, C), facet key (m,), copy labels (m, C) or None) of
    each state at temperature t."""
    smp = en.smp
    g = en(t)
    cand = en.candidates(t)
    m, ncomp = xs.shape
    if ncomp == 1:
        j = cand[np.argmin(g[cand])]
        return np.full((m, 1), j), np.ones((m, 1)), np.zeros(m, dtype=np.int64), None
    if few:
        verts = np.zeros((m, ncomp), dtype=np.int64)
        bary = np.zeros((m, ncomp))
        for i in range(m):
            v, b = hull.locate_dual_simplex(smp.x[cand], g[cand], xs[i])
            verts[i] = np.where(v >= 0, cand[np.clip(v, 0, None)], -1)
            bary[i] = b
        order = np.argsort(verts, axis=1)
        verts = np.take_along_axis(verts, order, axis=1)
        bary = np.take_along_axis(bary, order, axis=1)
        _, key = np.unique(verts, axis=0, return_inverse=True)
        return verts, bary, key.ravel(), None
    facets, labels = en.hull(t)
    fi, bary = hull.locate_in_facets(smp.x[facets], xs)
    verts = np.where(fi[:, None] >= 0, facets[np.clip(fi, 0, None)], -1)
    return verts, bary, fi, labels[np.clip(fi, 0, None)]


def _dual_simplex_all(en: Energies, t: float, x: np.ndarray):
    """Vertices and weights over every sample point (the fallback for failed states)."""
    smp = en.smp
    g = en(t)
    ok = np.isfinite(g)
    idx = np.nonzero(ok)[0]
    v, b = hull.locate_dual_simplex(smp.x[idx], g[idx], x)
    return np.where(v >= 0, idx[np.clip(v, 0, None)], -1), b


def solve_states(system: System, x: np.ndarray, t: np.ndarray, tick=None,
                 energies: Energies | None = None) -> States:
    """Solve every state (compositions `x` in the system's component order, temperatures
    `t`), see the module docstring.

    Parameters
    ----------
    system : System
    x : ndarray (n, C)
    t : ndarray (n,)
    tick : callable, optional
        Called with 1 after each temperature (progress bars).
    energies : Energies, optional
        Sampled energies (and hulls) already computed for these temperatures.

    Returns
    -------
    States
    """
    ncomp = len(system.components)
    n = x.shape[0]
    smp = sampling.samples(system)
    kmax = max((p.n_variables for p in system.phases), default=0)
    states = States(n, ncomp, kmax)
    temps, inverse = np.unique(t, return_inverse=True)
    en = energies if energies is not None else Energies(system, smp, temps)
    per_state: list[Assemblage] = []
    simplex_probs: list[Assemblage] = []
    simplex_rows: list[tuple] = []  # (state rows, y0, f0, mu0, T) per tie-simplex facet
    singles: dict[int, list[np.ndarray]] = {}
    unlocated: list[np.ndarray] = []
    for it, tt in enumerate(temps):
        rows_t = np.nonzero(inverse == it)[0]
        few = rows_t.size <= FEW_STATES
        if few:
            en.few.add(float(tt))
        verts, bary, key, vlabels = _locate(en, float(tt), x[rows_t], few)
        bad = np.any(verts < 0, axis=1) | (key < 0)
        if np.any(bad):
            unlocated.append(rows_t[bad])
        good = np.nonzero(~bad)[0]
        if good.size == 0:
            if tick is not None:
                tick(1)
            continue
        _, first, inv = np.unique(key[good], return_index=True, return_inverse=True)
        inv = inv.ravel()
        fverts = verts[good[first]]
        labels = (vlabels[good[first]] if vlabels is not None
                  else hull.copy_labels(system, smp, fverts, float(tt)))
        ncop_f = labels.max(axis=1) + 1
        g = en(float(tt))
        mu_f = _plane(smp.x[fverts], g[fverts])
        # single-copy facets: one batch per phase
        single = ncop_f[inv] == 1
        if np.any(single):
            spos = good[single]
            sfac = inv[single]
            sph = smp.phase[fverts[sfac, 0]]
            for k in distinct(sph):
                pick = sph == k
                sel, rows = spos[pick], rows_t[spos[pick]]
                p = system.phases[int(k)]
                if p.substitutional or p.is_point:
                    singles.setdefault(int(k), []).append((rows, mu_f[sfac[pick]]))
                    continue
                yv = smp.y[verts[sel]][:, :, : p.n_variables]
                y0 = np.einsum("mv,mvk->mk", bary[sel], yv)
                per_state.append(Assemblage((int(k),), rows, np.full(rows.size, tt), x[rows],
                                            [y0], mu_f[sfac[pick]], np.ones((rows.size, 1))))
        for f in np.nonzero(ncop_f > 1)[0]:
            sel = good[inv == f]
            rows = rows_t[sel]
            lab = labels[f]
            ncop = int(ncop_f[f])
            vx = smp.x[fverts[f]]
            mu0 = mu_f[f]
            copies, ys, f0 = _copy_starts(system, smp, verts[sel], np.tile(lab, (sel.size, 1)),
                                          bary[sel], ncop)
            m = rows.size
            if ncop == ncomp and ncomp > 1:
                # refine the tie simplex once (at its centroid)
                centre = vx.mean(axis=0)
                ycop = [yy.mean(axis=0, keepdims=True) for yy in ys]
                simplex_probs.append(Assemblage(copies, np.array([len(simplex_rows)]),
                                                np.array([tt]), centre[None], ycop, mu0[None],
                                                np.full((1, ncop), 1.0 / ncop)))
                simplex_rows.append((rows, ys, f0, mu0, float(tt)))
                continue
            per_state.append(Assemblage(copies, rows, np.full(m, tt), x[rows], ys,
                                        np.repeat(mu0[None], m, axis=0), f0))
        if tick is not None:
            tick(1)
    # tie simplices: refine once, then the lever rule
    refined: list[tuple[float, Solution, int]] = []
    for sol in solve(system, simplex_probs):
        for i, r in enumerate(sol.rows):
            rows, ys, f0, mu0, t_simplex = simplex_rows[r]
            m = rows.size
            if sol.ok[i]:
                refined.append((t_simplex, sol, i))
                frac = np.linalg.solve(np.repeat(sol.x[i].T[None], m, axis=0), x[rows][..., None])
                frac = frac[..., 0]
                inside = np.all(frac >= NEG_FRACTION, axis=1)
                rin = rows[inside]
                if rin.size:
                    out = Solution(rin, sol.copies, np.repeat(sol.mu[[i]], rin.size, axis=0),
                                   [np.repeat(yy[[i]], rin.size, axis=0) for yy in sol.y],
                                   np.repeat(sol.x[[i]], rin.size, axis=0),
                                   np.clip(frac[inside], 0.0, None),
                                   np.ones(rin.size, dtype=bool))
                    states.put(out)
                out_sel = ~inside
                if np.any(out_sel):
                    per_state.append(Assemblage(
                        sol.copies, rows[out_sel], t[rows[out_sel]], x[rows[out_sel]],
                        [np.repeat(yy[[i]], out_sel.sum(), axis=0) for yy in sol.y],
                        np.repeat(sol.mu[[i]], out_sel.sum(), axis=0),
                        np.clip(frac[out_sel], 0.02, None)))
            else:
                per_state.append(Assemblage(sol.copies, rows, t[rows], x[rows],
                                            [yy[:m] for yy in ys], np.repeat(mu0[None], m, 0),
                                            f0))
    # single phases of fixed site fractions: closed form (in a binary, a state that the
    # refinement moved inside a two-phase field goes to that field)
    for k, parts in singles.items():
        rows = np.concatenate([pr[0] for pr in parts])
        keep = _lever_into_fields(refined, rows, t, x, states) if ncomp == 2 else None
        if keep is not None:
            parts = [(pr[0][keep[pos : pos + pr[0].size]], pr[1][keep[pos : pos + pr[0].size]])
                     for pos, pr in zip(np.cumsum([0] + [q[0].size for q in parts[:-1]]),
                                        parts, strict=True)]
            rows = rows[keep]
            if rows.size == 0:
                continue
        p = system.phases[k]
        if p.is_point:
            # a compound alone, at its own composition: the facet's plane touches it
            mu = np.concatenate([pr[1] for pr in parts])
            xp = p.composition(np.zeros((1, 0)))
            at = np.max(np.abs(x[rows] - xp), axis=1) < 1e-9
            if ncomp == 1:
                rt = R_J_MOL_K * t[rows]
                mu = (p.gibbs(t[rows], np.zeros((rows.size, 0))) / p.atoms(np.zeros((1, 0)))
                      / rt)[:, None]
            sol = Solution(rows, (k,), mu, [np.zeros((rows.size, 0))],
                           np.repeat(xp[None], rows.size, axis=0), np.ones((rows.size, 1)), at)
            states.put(sol, at)
            if np.any(~at):
                unlocated.append(rows[~at])
            continue
        sol = _single_substitutional(system, k, rows, t[rows], x[rows])
        if sol is None:
            unlocated.append(rows)
            continue
        states.put(sol)
    _solve_and_fix(system, per_state, t, x, states)
    # states that could not be located or solved: start again from every sample point
    failed = np.nonzero(~states.ok)[0]
    if unlocated:
        failed = np.union1d(failed, np.concatenate(unlocated))
    if failed.size:
        _restart(system, en, failed, t, x, states)
    check_and_repair(system, smp, states, t, x, np.arange(n), en, en.check_candidates)
    rename_disordered(system, states)
    return states


def _lever_into_fields(refined, rows, t, x, states: States) -> np.ndarray:
    """Put the binary states of `rows` that lie inside a refined two-phase field (same
    temperature) on that field's tie line; return the mask of the rows left."""
    left = np.ones(rows.size, dtype=bool)
    temps, inv = np.unique(t[rows], return_inverse=True)
    inv = inv.ravel()
    at_t = dict(zip(temps.tolist(), np.split(np.argsort(inv, kind="stable"),
                                             np.cumsum(np.bincount(inv))[:-1]), strict=True))
    for tt, sol, i in refined:
        pos = at_t.get(float(tt))
        if pos is None:
            continue
        xa, xb = sol.x[i, 0, 1], sol.x[i, 1, 1]
        lo, hi = min(xa, xb), max(xa, xb)
        pos = pos[left[pos]]
        pos = pos[(x[rows[pos], 1] > lo) & (x[rows[pos], 1] < hi)]
        if pos.size == 0:
            continue
        inside = np.zeros(rows.size, dtype=bool)
        inside[pos] = True
        r = rows[inside]
        fb = (x[r, 1] - xa) / (xb - xa)
        out = Solution(r, sol.copies, np.repeat(sol.mu[[i]], r.size, axis=0),
                       [np.repeat(yy[[i]], r.size, axis=0) for yy in sol.y],
                       np.repeat(sol.x[[i]], r.size, axis=0), np.column_stack([1 - fb, fb]),
                       np.ones(r.size, dtype=bool))
        states.put(out)
        left &= ~inside
    return left


def _solve_and_fix(system: System, problems: list[Assemblage], t, x, states: States,
                   depth: int = 0) -> None:
    """Solve; a copy with a negative fraction leaves and the state is solved again."""
    retry: list[Assemblage] = []
    for sol in solve(system, problems):
        neg = np.any(sol.f < NEG_FRACTION, axis=1) & sol.ok
        states.put(sol, sol.ok & ~neg)
        for i in np.nonzero(neg)[0]:
            keep = [j for j in range(len(sol.copies)) if sol.f[i, j] >= NEG_FRACTION]
            if not keep or depth >= 3:
                continue
            r = sol.rows[[i]]
            fk = np.clip(sol.f[i, keep], 0.02, None)
            retry.append(Assemblage(tuple(sol.copies[j] for j in keep), r, t[r], x[r],
                                    [sol.y[j][[i]] for j in keep], sol.mu[[i]],
                                    (fk / fk.sum())[None]))
    if retry:
        _solve_and_fix(system, retry, t, x, states, depth + 1)


def _restart(system: System, en: Energies, rows: np.ndarray, t, x, states: States) -> None:
    """Solve `rows` again, each from the dual simplex over every sample point; where that
    fails too, from the best single phase (the stability check then adds the others)."""
    smp = en.smp
    ncomp = len(system.components)
    problems = []
    for r in rows:
        tt = float(t[r])
        v, b = _dual_simplex_all(en, tt, x[r])
        if np.any(v < 0):
            states.ok[r] = False
            continue
        lab = hull.copy_labels(system, smp, v[None], tt)
        ncop = int(lab.max()) + 1
        copies, ys, f0 = _copy_starts(system, smp, v[None], lab, b[None], ncop)
        mu0 = _plane(smp.x[v][None], en(tt)[v][None])
        problems.append(Assemblage(copies, np.array([r]), t[[r]], x[[r]], ys, mu0, f0))
    _solve_and_fix(system, problems, t, x, states)
    still = rows[~states.ok[rows]]
    if still.size:
        _best_single_phase(system, en, still, t, x, states)
    del ncomp


def _best_single_phase(system: System, en: Energies, rows: np.ndarray, t, x,
                       states: States) -> None:
    """Each state as the single phase of lowest Gibbs energy that reaches it."""
    smp = en.smp
    problems = []
    for k, p in enumerate(system.phases):
        if p.is_point:
            continue
        sl = smp.slices[k]
        dist = np.max(np.abs(smp.x[sl][None, :, :] - x[rows][:, None, :]), axis=2)
        j = np.argmin(dist, axis=1)
        y0 = smp.y[sl][j, : p.n_variables]
        problems.append(Assemblage((k,), rows, t[rows], x[rows], [y0],
                                   np.zeros((rows.size, x.shape[1])), np.ones((rows.size, 1))))
    best = {}
    for sol in solve(system, problems):
        for i, r in enumerate(sol.rows):
            if not sol.ok[i]:
                continue
            g = float(sol.mu[i] @ x[r])
            if r not in best or g < best[r][0]:
                best[r] = (g, sol, i)
    for _, sol, i in best.values():
        sel = np.zeros(sol.rows.shape[0], dtype=bool)
        sel[i] = True
        states.put(sol, sel)
