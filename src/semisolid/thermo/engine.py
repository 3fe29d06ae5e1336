"""Fast equilibrium engine: lower convex hull of sampled Gibbs energies, refined by Newton.

For systems of up to three components whose phases are substitutional solutions
(including miscibility gaps) or stoichiometric compounds (see
:mod:`semisolid.thermo.database`).

Method, for each distinct temperature:

1. Sample the molar Gibbs energy G of every phase on a lattice of its site fractions
   (2001 points per binary phase, a triangular lattice of side 100 per ternary phase).
2. Take the lower convex hull of all samples in (composition, G). A hull facet whose
   vertices are not neighbours on one phase's lattice spans a multi-phase field; its
   vertices grouped by phase and adjacency are the coexisting phase copies (two copies of
   one phase across a miscibility gap).
3. Refine each multi-phase field by Newton's method on the equilibrium conditions, in
   log site fractions so that dilute solubilities (1e-5) converge as well as majority ones:
   for each phase copy p with mixing site fractions y and chemical potentials mu,
   ``dF_p/dy_i - a_p mu_i = lambda_p`` (tangency), ``F_p = sum_i mu_i n_pi`` (on the
   tangent plane), ``sum_i y_i = 1``, and mass balance ``sum_p f_p x_p = x``.
   In a binary, each two-phase field is refined once per temperature and every state in it
   follows by the lever rule; in a ternary, three-phase triangles are refined once and
   two-phase states each get their own tie line (batched Newton over all states).
4. States near a field boundary are checked for stability against every phase (driving
   force, refined by Newton from the best sample) and re-solved if a phase must be
   added or dropped.

:mod:`semisolid.thermo.engine_reference` is a short, plain point-by-point reference
(scipy minimisation of total G); tests compare both with each other and with pycalphad.

Examples
--------
>>> from semisolid.thermo import load_database, equilibrium
>>> r = equilibrium(load_database(), {"K": 0.95, "Na": 0.05}, temperature_K=295.15)
>>> [p.name for p in r.phases]
['BCC_A2', 'LIQUID']
>>> 0.0 < r.liquid_fraction < 0.3
True
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from semisolid.errors import InputError
from semisolid.thermo.database import CompiledPhase, System, ThermoDatabase
from semisolid.thermo.results import (
    EquilibriumBatch,
    EquilibriumResult,
    _data_vars,
)

__all__ = ["equilibrium", "equilibrium_grid", "equilibrium_many"]

R_J_MOL_K = 8.3145
"""Gas constant used to scale energies (pycalphad's value); only a scale inside the solver."""

BINARY_POINTS = 2000
"""Lattice intervals per binary phase."""
TERNARY_SIDE = 100
"""Lattice intervals per side of a ternary phase."""
X_MIN = 1e-12
SAME_COPY_TOL = 1e-3
"""Two copies of one phase closer than this (mole fraction) are one phase."""
DF_TOL = 1e-8
"""A phase whose driving force (in units of RT) is below -DF_TOL makes a state unstable."""
"""Overall compositions are kept at least this far from the simplex boundary."""


# --------------------------------------------------------------------------- input checks


def _check_components(db: ThermoDatabase, components: Sequence[str]) -> list[str]:
    comps = [str(c) for c in components]
    if len(set(comps)) != len(comps):
        raise InputError(f"repeated element in {comps}", "components")
    if not 1 <= len(comps) <= 3:
        raise InputError(
            f"{len(comps)} elements given; the engine handles 1 to 3 components", "components"
        )
    for c in comps:
        db.tdb_name(c, field="composition")
    return comps


def _check_x(x, ncomp: int, components: Sequence[str]) -> np.ndarray:
    try:
        arr = np.asarray(x, dtype=float)
    except (TypeError, ValueError):
        raise InputError("compositions must be numbers", "composition") from None
    if arr.ndim == 1 and arr.shape[0] == ncomp:
        arr = arr[None, :]
    if arr.ndim != 2 or arr.shape[1] != ncomp:
        raise InputError(
            f"expected an array of shape (n, {ncomp}) of mole fractions of "
            f"{', '.join(components)}; got shape {arr.shape}",
            "composition",
        )
    if not np.all(np.isfinite(arr)):
        i, j = np.argwhere(~np.isfinite(arr))[0]
        raise InputError(f"x_{components[j]}={arr[i, j]} (row {i}) is not finite", "composition")
    bad = (arr < -1e-9) | (arr > 1 + 1e-9)
    if np.any(bad):
        i, j = np.argwhere(bad)[0]
        raise InputError(
            f"x_{components[j]}={arr[i, j]:g} is outside [0, 1]"
            + (f" (row {i})" if arr.shape[0] > 1 else ""),
            "composition",
        )
    s = arr.sum(axis=1)
    bad = np.abs(s - 1) > 1e-6
    if np.any(bad):
        i = int(np.argmax(bad))
        parts = ", ".join(f"x_{c}={arr[i, j]:g}" for j, c in enumerate(components))
        raise InputError(
            f"mole fractions sum to {s[i]:.6g}, expected 1 ({parts})"
            + (f" (row {i})" if arr.shape[0] > 1 else ""),
            "composition",
        )
    arr = np.clip(arr, X_MIN, None)
    return arr / arr.sum(axis=1, keepdims=True)


def _check_t(db: ThermoDatabase, temperature_K, n: int) -> np.ndarray:
    try:
        t = np.asarray(temperature_K, dtype=float)
    except (TypeError, ValueError):
        raise InputError("temperature must be a number in K", "temperature") from None
    if t.ndim == 0:
        t = np.full(n, float(t))
    if t.shape != (n,):
        raise InputError(
            f"expected one temperature or {n} temperatures; got shape {t.shape}", "temperature"
        )
    db.check_temperature(t)
    return t


# --------------------------------------------------------------------------- sampling


@dataclass
class _Samples:
    """Lattice samples of all phases of a system (temperature independent part)."""

    phase: np.ndarray  # (S,) phase index
    idx: np.ndarray  # (S, 2) lattice index
    x: np.ndarray  # (S, C)
    y: np.ndarray  # (S, 3) site fractions of mixing constituents, zero padded
    slices: list[slice]
    shared: list[slice]  # blocks of phases sampled on one common lattice (same x order)
    others: np.ndarray  # indices of the samples of all other phases


def _lattice(k: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Site-fraction lattice with k constituents and n intervals: (y, idx)."""
    if k <= 1:
        return np.ones((1, k)), np.zeros((1, 2), dtype=np.int64)
    if k == 2:
        i = np.arange(n + 1)
        y = np.column_stack([1 - i / n, i / n])
        return y, np.column_stack([i, np.zeros_like(i)])
    i, j = np.meshgrid(np.arange(n + 1), np.arange(n + 1), indexing="ij")
    keep = i + j <= n
    i, j = i[keep], j[keep]
    y = np.column_stack([i / n, j / n, (n - i - j) / n])
    return y, np.column_stack([i, j])


def _samples(system: System) -> _Samples:
    cached = getattr(system, "_samples", None)
    if cached is not None:
        return cached
    ncomp = len(system.components)
    n = BINARY_POINTS if ncomp <= 2 else TERNARY_SIDE
    ph, idx, xs, ys, slices = [], [], [], [], []
    start = 0
    for k, p in enumerate(system.phases):
        # edge phases of a ternary get a finer 1-D lattice
        y, ii = _lattice(p.n_mixing, 4 * TERNARY_SIDE if p.n_mixing == 2 and ncomp == 3 else n)
        yc = np.clip(y, 1e-12, None)
        yc = yc / yc.sum(axis=1, keepdims=True) if yc.shape[1] else yc
        x = p.composition(yc)
        pad = np.zeros((y.shape[0], 3))
        pad[:, : y.shape[1]] = yc
        ph.append(np.full(y.shape[0], k))
        idx.append(ii)
        xs.append(x)
        ys.append(pad)
        slices.append(slice(start, start + y.shape[0]))
        start += y.shape[0]
    full = [k for k, p in enumerate(system.phases)
            if p.n_mixing == ncomp and ncomp > 1 and not p.fixed_atoms.any()]
    shared = [slices[k] for k in full] if len(full) > 1 else []
    others = np.concatenate([np.arange(sl.start, sl.stop) for k, sl in enumerate(slices)
                             if not (shared and k in full)] or [np.zeros(0, np.int64)])
    s = _Samples(
        np.concatenate(ph), np.concatenate(idx), np.concatenate(xs), np.concatenate(ys), slices,
        shared, others.astype(np.int64),
    )
    system._samples = s  # type: ignore[attr-defined]
    return s


def _sample_gibbs(system: System, smp: _Samples, t: float) -> np.ndarray:
    """G/(RT) of every sample at temperature t."""
    g = np.empty(smp.phase.shape[0])
    for p, sl in zip(system.phases, smp.slices, strict=True):
        g[sl] = p.gibbs_J_mol(t, smp.y[sl, : p.n_mixing])
    return g / (R_J_MOL_K * t)


# --------------------------------------------------------------------------- Newton solver


@dataclass
class _Problem:
    """A batch of equilibrium problems with the same list of phase copies."""

    copies: tuple[int, ...]  # phase index of each copy
    rows: np.ndarray  # (m,) state indices
    t: np.ndarray  # (m,)
    x0: np.ndarray  # (m, C)
    y0: list[np.ndarray]  # per copy (m, k)
    mu0: np.ndarray  # (m, C) scaled by RT
    f0: np.ndarray  # (m, P)


@dataclass
class _Solution:
    rows: np.ndarray
    copies: tuple[int, ...]
    mu: np.ndarray  # (m, C) scaled
    y: list[np.ndarray]
    x: np.ndarray  # (m, P, C)
    f: np.ndarray  # (m, P)
    ok: np.ndarray  # (m,)
    f0: np.ndarray | None = None  # (m, P) initial fractions (from the hull)


def _newton(system: System, prob: _Problem, max_iter: int = 60) -> _Solution:
    """Batched Newton on the equilibrium conditions for a fixed set of phase copies."""
    phases = [system.phases[k] for k in prob.copies]
    ncomp = len(system.components)
    m = prob.rows.shape[0]
    npc = len(phases)
    # unknown layout
    off = ncomp
    w_off, l_off = [], []
    for p in phases:
        if p.is_point:
            w_off.append(-1)
            l_off.append(-1)
        else:
            w_off.append(off)
            off += p.n_mixing
            l_off.append(off)
            off += 1
    f_off = off
    nunk = off + npc
    z = np.zeros((m, nunk))
    z[:, :ncomp] = prob.mu0
    rt = R_J_MOL_K * prob.t
    for j, p in enumerate(phases):
        if not p.is_point:
            y = np.clip(prob.y0[j], 1e-14, None)
            y = y / y.sum(axis=1, keepdims=True)
            z[:, w_off[j] : w_off[j] + p.n_mixing] = np.log(y)
            _, g, _ = p.derivatives(prob.t, y)
            lam = g / rt[:, None] - p.site_ratio * prob.mu0[:, list(p.mixing)]
            z[:, l_off[j]] = lam.mean(axis=1)
    z[:, f_off:] = prob.f0
    active = np.ones(m, dtype=bool)
    conv = np.zeros(m, dtype=bool)
    for _ in range(max_iter):
        ia = np.nonzero(active)[0]
        if ia.size == 0:
            break
        res, jac = _residual(phases, ncomp, z[ia], prob.t[ia], prob.x0[ia], w_off, l_off, f_off)
        err = np.max(np.abs(res), axis=1)
        done = err < 1e-10
        conv[ia[done]] = True
        active[ia[done]] = False
        todo = ~done & np.all(np.isfinite(res), axis=1)
        active[ia[~todo & ~done]] = False
        if not np.any(todo):
            break
        ib = ia[todo]
        step = _solve(jac[todo], -res[todo])
        wcols = [c for j, p in enumerate(phases) if not p.is_point
                 for c in range(w_off[j], w_off[j] + p.n_mixing)]
        if wcols:
            step *= _damping(z[ib][:, wcols], step[:, wcols])[:, None]
        z[ib] += step
    mu = z[:, :ncomp]
    ys, xs = [], np.empty((m, npc, ncomp))
    for j, p in enumerate(phases):
        if p.is_point:
            y = np.zeros((m, 0))
        else:
            y = np.exp(z[:, w_off[j] : w_off[j] + p.n_mixing])
            y = y / y.sum(axis=1, keepdims=True)
        ys.append(y)
        xs[:, j] = p.composition(y)
    f = z[:, f_off:]
    ok = conv & np.all(np.isfinite(z), axis=1)
    # two copies of one phase must stay apart
    for a in range(npc):
        for b in range(a + 1, npc):
            if prob.copies[a] == prob.copies[b]:
                ok &= np.max(np.abs(xs[:, a] - xs[:, b]), axis=1) > SAME_COPY_TOL
    return _Solution(prob.rows, prob.copies, mu, ys, xs, f, ok, prob.f0)


def _damping(w: np.ndarray, dw: np.ndarray) -> np.ndarray:
    """Step scale per row for Newton steps dw on log site fractions w.

    A log site fraction may rise by up to ``max(1, ln(0.1 / y))`` per iteration (a dilute
    constituent climbs to its level in one step: there G is linear in ln y) and fall by up
    to 3 units; larger steps are scaled down, the whole row together."""
    allowed = np.where(dw > 0, np.maximum(1.0, np.log(0.1) - w), 3.0)
    worst = np.max(np.abs(dw) / allowed, axis=1)
    return np.minimum(1.0, 1.0 / np.maximum(worst, 1e-300))


def _solve(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    try:
        return np.linalg.solve(a, b[..., None])[..., 0]
    except np.linalg.LinAlgError:
        out = np.zeros_like(b)
        for i in range(a.shape[0]):
            out[i] = np.linalg.lstsq(a[i], b[i], rcond=None)[0]
        return out


def _residual(phases, ncomp, z, t, x0, w_off, l_off, f_off):
    m = z.shape[0]
    nunk = z.shape[1]
    npc = len(phases)
    res = np.zeros((m, nunk))
    jac = np.zeros((m, nunk, nunk))
    rt = R_J_MOL_K * t
    mu = z[:, :ncomp]
    row = 0
    mass = -x0.copy()
    for j, p in enumerate(phases):
        f = z[:, f_off + j]
        n_atoms = p.atoms_per_formula
        if p.is_point:
            fval, _, _ = p.derivatives(t, np.zeros((m, p.n_mixing)) + 1.0)
            nvec = p.fixed_atoms.copy()
            if p.n_mixing == 1:
                nvec[p.mixing[0]] += p.site_ratio
            res[:, row] = (fval / rt - mu @ nvec) / n_atoms
            jac[:, row, :ncomp] = -nvec / n_atoms
            row += 1
            xp = np.broadcast_to(nvec / n_atoms, (m, ncomp))
            mass += f[:, None] * xp
            _mass_x(jac, nunk, ncomp, f_off + j, xp)
            continue
        k = p.n_mixing
        wo, lo = w_off[j], l_off[j]
        w = z[:, wo : wo + k]
        y = np.exp(w)
        fval, g, h = p.derivatives(t, y)
        fval, g, h = fval / rt, g / rt[:, None], h / rt[:, None, None]
        a = p.site_ratio
        mix = list(p.mixing)
        # tangency
        res[:, row : row + k] = g - a * mu[:, mix] - z[:, lo : lo + 1]
        jac[:, row : row + k, wo : wo + k] = h * y[:, None, :]
        for i, c in enumerate(mix):
            jac[:, row + i, c] -= a
        jac[:, row : row + k, lo] = -1.0
        row += k
        # site fractions sum to one
        res[:, row] = y.sum(axis=1) - 1
        jac[:, row, wo : wo + k] = y
        row += 1
        # on the tangent plane
        nvec = np.repeat(p.fixed_atoms[None, :], m, axis=0)
        nvec[:, mix] += a * y
        res[:, row] = (fval - np.einsum("ij,ij->i", mu, nvec)) / n_atoms
        jac[:, row, wo : wo + k] = (g - a * mu[:, mix]) * y / n_atoms
        jac[:, row, :ncomp] = -nvec / n_atoms
        row += 1
        # mass balance
        xp = nvec / n_atoms
        mass += f[:, None] * xp
        _mass_x(jac, nunk, ncomp, f_off + j, xp)
        for i, c in enumerate(mix):
            jac[:, nunk - ncomp + c, wo + i] += f * a * y[:, i] / n_atoms
    res[:, nunk - ncomp :] = mass
    assert row == nunk - ncomp, (row, nunk, ncomp, npc)
    return res, jac


def _mass_x(jac, nunk, ncomp, col, xp):
    jac[:, nunk - ncomp :, col] = xp


# --------------------------------------------------------------------------- hull


def _lower_facets(pts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Vertex indices and plane equations of the lower convex hull facets."""
    from scipy.spatial import ConvexHull

    hull = ConvexHull(pts, qhull_options="Qt Qbb Qc")
    eq = hull.equations
    low = eq[:, -2] < -1e-12
    return hull.simplices[low], eq[low]


def _hull_at(system: System, smp: _Samples, t: float):
    """Lower hull at temperature t: (facets, copies per facet, g) with copy labels."""
    ncomp = len(system.components)
    g = _sample_gibbs(system, smp, t)
    # shift by the pure-component references for a well-conditioned hull
    ref = np.zeros(ncomp)
    for c in range(ncomp):
        pure = smp.x[:, c] > 1 - 1e-9
        ref[c] = g[pure].min() if np.any(pure) else 0.0
    gs = g - smp.x @ ref
    # phases sampled on the same lattice: only the lowest G at each node can be on the
    # lower hull, so the hull is taken over those and the other samples only
    keep = smp.others
    if smp.shared:
        stack = np.stack([gs[sl] for sl in smp.shared])
        best = np.argmin(stack, axis=0)
        starts = np.array([sl.start for sl in smp.shared])
        rep = starts[best] + np.arange(stack.shape[1])
        keep = np.concatenate([rep, smp.others])
    pts = np.column_stack([smp.x[keep, 1:], gs[keep]])
    facets, _ = _lower_facets(pts)
    return keep[facets], g


def _copies_of(facets: np.ndarray, smp: _Samples) -> np.ndarray:
    """Copy label (0..) of each vertex of each facet; vertices of one copy are neighbours
    on the same phase lattice."""
    nf, nv = facets.shape
    ph = smp.phase[facets]
    idx = smp.idx[facets]
    label = np.tile(np.arange(nv), (nf, 1))
    adj = np.zeros((nf, nv, nv), dtype=bool)
    for a in range(nv):
        for b in range(nv):
            adj[:, a, b] = (ph[:, a] == ph[:, b]) & (
                np.max(np.abs(idx[:, a] - idx[:, b]), axis=1) <= 1
            )
    # connected components among <= 3 vertices: two passes of min-label propagation
    for _ in range(nv):
        for a in range(nv):
            for b in range(nv):
                label[:, a] = np.where(adj[:, a, b], np.minimum(label[:, a], label[:, b]),
                                       label[:, a])
    # relabel to 0..ncopies-1 (dense rank of the component labels)
    present = np.stack([np.any(label == v, axis=1) for v in range(nv)], axis=1)
    rank = np.cumsum(present, axis=1) - 1
    out = np.take_along_axis(rank, label, axis=1)
    return out


# --------------------------------------------------------------------------- state table


class _States:
    """Per-state solution slots filled in by the solver stages."""

    def __init__(self, n: int, ncomp: int):
        self.phase = np.full((n, ncomp), -1, dtype=np.int64)
        self.frac = np.full((n, ncomp), np.nan)
        self.comp = np.full((n, ncomp, ncomp), np.nan)
        self.y = np.full((n, ncomp, 3), np.nan)
        self.mu = np.full((n, ncomp), np.nan)
        self.ok = np.zeros(n, dtype=bool)

    def put(self, sol: _Solution, sel: np.ndarray | None = None):
        sel = np.ones(sol.rows.shape[0], dtype=bool) if sel is None else sel
        r = sol.rows[sel]
        self.phase[r] = -1
        self.frac[r] = np.nan
        self.comp[r] = np.nan
        self.y[r] = np.nan
        for j, k in enumerate(sol.copies):
            self.phase[r, j] = k
            self.frac[r, j] = sol.f[sel, j]
            self.comp[r, j] = sol.x[sel, j]
            yy = sol.y[j][sel]
            self.y[r, j, : yy.shape[1]] = yy
        self.mu[r] = sol.mu[sel]
        self.ok[r] = sol.ok[sel]


def _solve_groups(system: System, problems: list[_Problem]) -> list[_Solution]:
    """Merge problems with the same copies into one batch each and solve them."""
    groups: dict[tuple, list[_Problem]] = defaultdict(list)
    for p in problems:
        if p.rows.size:
            groups[p.copies].append(p)
    out = []
    for copies, ps in groups.items():
        merged = _Problem(
            copies,
            np.concatenate([p.rows for p in ps]),
            np.concatenate([p.t for p in ps]),
            np.concatenate([p.x0 for p in ps]),
            [np.concatenate([p.y0[j] for p in ps]) for j in range(len(copies))],
            np.concatenate([p.mu0 for p in ps]),
            np.concatenate([p.f0 for p in ps]),
        )
        out.append(_newton(system, merged))
    return out


def _plane_mu(xv: np.ndarray, gv: np.ndarray) -> np.ndarray:
    """Chemical potentials (scaled) of the plane through vertices xv (..., C, C), gv (..., C)."""
    return _solve(xv, gv)


def _y_of_x(p: CompiledPhase, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Site fractions of phase p reaching compositions x (m, C), and a validity mask."""
    n = p.atoms_per_formula
    if p.is_point:
        ok = np.max(np.abs(x - p.composition(np.ones((1, p.n_mixing)))), axis=1) < 1e-9
        return np.ones((x.shape[0], p.n_mixing)), ok
    mix = list(p.mixing)
    y = (x[:, mix] * n - p.fixed_atoms[mix]) / p.site_ratio
    others = [c for c in range(x.shape[1]) if c not in mix]
    ok = np.all(y >= -1e-12, axis=1)
    if others:
        ok &= np.max(np.abs(x[:, others] * n - p.fixed_atoms[others]), axis=1) < 1e-9
    y = np.clip(y, 1e-14, None)
    return y / y.sum(axis=1, keepdims=True), ok


def _single_phase(system: System, t: np.ndarray, x0: np.ndarray, rows: np.ndarray,
                  states: _States) -> None:
    """Fill rows as single-phase states in the phase of lowest G reaching x0."""
    if rows.size == 0:
        return
    m = rows.size
    best = np.full(m, np.inf)
    best_k = np.full(m, -1)
    best_y = np.zeros((m, 3))
    for k, p in enumerate(system.phases):
        if p.is_point:
            continue
        y, ok = _y_of_x(p, x0)
        if not np.any(ok):
            continue
        g = np.full(m, np.inf)
        g[ok] = p.gibbs_J_mol(t[ok], y[ok])
        better = g < best
        best[better] = g[better]
        best_k[better] = k
        best_y[better, : p.n_mixing] = y[better]
    for k in np.unique(best_k):
        sel = best_k == k
        if k < 0:
            continue
        p = system.phases[k]
        y = best_y[sel, : p.n_mixing]
        mu = _mu_single(p, t[sel], y)
        sol = _Solution(rows[sel], (int(k),), mu, [y], p.composition(y)[:, None, :],
                        np.ones((int(sel.sum()), 1)), np.ones(int(sel.sum()), dtype=bool))
        states.put(sol)


def _mu_single(p: CompiledPhase, t: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Chemical potentials (scaled by RT) of a single phase at site fractions y."""
    ncomp = len(p.components)
    m = y.shape[0]
    rt = R_J_MOL_K * t
    f, g, _ = p.derivatives(t, y)
    f, g = f / rt, g / rt[:, None]
    k = p.n_mixing
    if k == ncomp and not p.fixed_atoms.any() and p.mixing == tuple(range(ncomp)):
        # substitutional solution: mu_i = G + dG/dy_i - sum_j y_j dG/dy_j (per atom)
        n = p.atoms_per_formula
        return (f[:, None] + g - np.einsum("ij,ij->i", y, g)[:, None]) / n
    a = np.zeros((m, k + 1, ncomp + 1))
    b = np.zeros((m, k + 1))
    for i, c in enumerate(p.mixing):
        a[:, i, c] = p.site_ratio
        a[:, i, ncomp] = 1.0
        b[:, i] = g[:, i]
    nvec = np.repeat(p.fixed_atoms[None, :], m, axis=0)
    nvec[:, list(p.mixing)] += p.site_ratio * y
    a[:, k, :ncomp] = nvec
    b[:, k] = f
    sol = np.einsum("mij,mj->mi", np.linalg.pinv(a), b)
    return sol[:, :ncomp]


# --------------------------------------------------------------------------- binary


@dataclass
class BinaryFields:
    """The two-phase fields of a binary system at a set of temperatures.

    Field r lies at ``temperatures_K[t_index[r]]`` between the phase copies
    ``copies[r]`` (phase indices into the system), with compositions ``x[r, 0]`` and
    ``x[r, 1]`` (``x[r, 0, 1] < x[r, 1, 1]``) and chemical potentials ``mu_J_mol[r]``;
    ``converged[r]`` is False where Newton failed and lattice compositions are given.

    Examples
    --------
    >>> from semisolid.thermo import load_database
    >>> s = load_database().system(["K", "Na"], ["LIQUID", "BCC_A2", "NA2K"])
    >>> f = binary_fields(s, [295.15])
    >>> f.x.shape[1:], bool(f.converged.all())
    ((2, 2), True)
    >>> bool((f.x[:, 0, 1] < f.x[:, 1, 1]).all())
    True
    """

    temperatures_K: np.ndarray
    t_index: np.ndarray
    copies: list[tuple[int, int]]
    x: np.ndarray
    mu_J_mol: np.ndarray
    converged: np.ndarray
    y: list[tuple[np.ndarray, np.ndarray]]


def binary_fields(system: System, temperatures_K, tick=None) -> BinaryFields:
    """Refined two-phase fields of a binary `system` at each temperature.

    Examples
    --------
    >>> from semisolid.thermo import load_database
    >>> s = load_database().system(["K", "Na"], ["LIQUID", "BCC_A2", "NA2K"])
    >>> f = binary_fields(s, [295.15])
    >>> sorted({tuple(s.phases[k].name for k in c) for c in f.copies})
    [('BCC_A2', 'LIQUID'), ('LIQUID', 'BCC_A2')]
    """
    smp = _samples(system)
    temps = np.unique(np.asarray(temperatures_K, dtype=float))
    fields = []  # per temperature: list of (copies, y_a, y_b) initial guesses
    problems = []
    for it, t in enumerate(temps):
        facets, g = _hull_at(system, smp, t)
        labels = _copies_of(facets, smp)
        multi = np.nonzero(labels.max(axis=1) > 0)[0]
        for fi in multi:
            va, vb = facets[fi]
            if smp.x[va, 1] > smp.x[vb, 1]:
                va, vb = vb, va
            ka, kb = int(smp.phase[va]), int(smp.phase[vb])
            pa, pb = system.phases[ka], system.phases[kb]
            xv = smp.x[[va, vb]]
            mu0 = _plane_mu(xv[None], g[[va, vb]][None])
            problems.append(_Problem(
                (ka, kb), np.array([len(fields)]), np.array([t]),
                (0.5 * (xv[0] + xv[1]))[None],
                [smp.y[[va], : pa.n_mixing], smp.y[[vb], : pb.n_mixing]],
                mu0, np.array([[0.5, 0.5]])))
            fields.append((it, xv[0, 1], xv[1, 1], xv,
                           (smp.y[va, : pa.n_mixing], smp.y[vb, : pb.n_mixing])))
        if tick is not None:
            tick(1)
    nf = len(fields)
    ncomp = len(system.components)
    f_t = np.array([f[0] for f in fields], dtype=np.int64)
    xs = np.zeros((nf, 2, ncomp))
    mu = np.zeros((nf, ncomp))
    good = np.zeros(nf, dtype=bool)
    copies: list = [None] * nf
    ys: list = [None] * nf
    for sol in _solve_groups(system, problems):
        for i, r in enumerate(sol.rows):
            copies[r] = sol.copies
            ys[r] = (sol.y[0][i], sol.y[1][i])
            mu[r] = sol.mu[i] * R_J_MOL_K * temps[f_t[r]]
            if sol.ok[i]:
                xs[r] = sol.x[i]
                good[r] = True
            else:  # fallback: lattice compositions
                xs[r] = fields[r][3]
                ys[r] = fields[r][4]
            if xs[r, 0, 1] > xs[r, 1, 1]:
                xs[r] = xs[r, ::-1]
                copies[r] = copies[r][::-1]
                ys[r] = ys[r][::-1]
    return BinaryFields(temps, f_t, copies, xs, mu, good, ys)


def _binary(system: System, smp: _Samples, t_all: np.ndarray, x0: np.ndarray,
            states: _States, tick=None) -> None:
    """Binary systems: one refinement per two-phase field and temperature, lever rule."""
    temps, inverse = np.unique(t_all, return_inverse=True)
    bf = binary_fields(system, temps, tick)
    nf = len(bf.copies)
    f_t = bf.t_index
    lo, hi, good = bf.x[:, 0, 1], bf.x[:, 1, 1], bf.converged
    # classify states
    xs = x0[:, 1]
    in_field = np.full(x0.shape[0], -1)
    for r in range(nf):
        sel = (inverse == f_t[r]) & (xs >= lo[r]) & (xs <= hi[r])
        in_field[sel] = r
    single = np.nonzero(in_field < 0)[0]
    _single_phase(system, t_all[single], x0[single], single, states)
    two = np.nonzero(in_field >= 0)[0]
    if two.size == 0:
        return
    by_field = defaultdict(list)
    for i in two:
        by_field[in_field[i]].append(i)
    for r, rows in by_field.items():
        rows = np.asarray(rows)
        xa, xb = bf.x[r, 0], bf.x[r, 1]
        span = xb[1] - xa[1]
        fb = np.clip((xs[rows] - xa[1]) / span if span != 0 else 0.5, 0.0, 1.0)
        m = rows.size
        out = _Solution(
            rows, bf.copies[r],
            np.repeat(bf.mu_J_mol[[r]] / (R_J_MOL_K * temps[f_t[r]]), m, axis=0),
            [np.repeat(bf.y[r][0][None], m, axis=0), np.repeat(bf.y[r][1][None], m, axis=0)],
            np.repeat(bf.x[[r]], m, axis=0), np.column_stack([1 - fb, fb]),
            np.full(m, bool(good[r])))
        states.put(out)


# --------------------------------------------------------------------------- ternary


def _barycentric(tri: np.ndarray, p: np.ndarray) -> np.ndarray:
    """Barycentric coordinates of points p (n, 2) in triangles tri (f, 3, 2) -> (n, f, 3)."""
    a = tri[:, 0]
    m = np.stack([tri[:, 1] - a, tri[:, 2] - a], axis=-1)  # (f, 2, 2)
    det = m[:, 0, 0] * m[:, 1, 1] - m[:, 0, 1] * m[:, 1, 0]
    det = np.where(np.abs(det) < 1e-300, np.nan, det)
    inv = np.stack([np.stack([m[:, 1, 1], -m[:, 0, 1]], -1),
                    np.stack([-m[:, 1, 0], m[:, 0, 0]], -1)], -2) / det[:, None, None]
    d = p[:, None, :] - a[None]
    l12 = np.einsum("fij,nfj->nfi", inv, d)
    return np.concatenate([1 - l12.sum(-1, keepdims=True), l12], axis=-1)


def _ternary(system: System, smp: _Samples, t_all: np.ndarray, x0: np.ndarray,
             states: _States, tick=None) -> None:
    temps, inverse = np.unique(t_all, return_inverse=True)
    pending: list[_Problem] = []
    tri_problems: list[_Problem] = []
    tri_rows: list[tuple[int, np.ndarray]] = []  # (temperature index, state rows)
    tri_y0: list = []
    tri_mu0: list = []
    single_rows: list[np.ndarray] = []
    boundary: dict[float, np.ndarray] = {}
    for it, t in enumerate(temps):
        rows_t = np.nonzero(inverse == it)[0]
        facets, g = _hull_at(system, smp, t)
        labels = _copies_of(facets, smp)
        ncop = labels.max(axis=1) + 1
        multi = np.nonzero(ncop > 1)[0]
        xt = x0[rows_t]
        loc = np.full(rows_t.size, -1)
        bary = np.zeros((rows_t.size, 3))
        if multi.size:
            tri = smp.x[facets[multi]][:, :, 1:]
            for s in range(0, rows_t.size, 256):
                lam = _barycentric(tri, xt[s : s + 256, 1:])
                inside = np.all(lam >= -1e-9, axis=-1)
                inside &= np.all(np.isfinite(lam), axis=-1)
                has = inside.any(axis=1)
                first = np.argmax(inside, axis=1)
                loc[s : s + 256] = np.where(has, multi[first], -1)
                pick = lam[np.arange(lam.shape[0]), first]
                bary[s : s + 256] = np.where(has[:, None], pick, 0.0)
        single_rows.append(rows_t[loc < 0])
        boundary[float(t)] = np.unique(facets[multi]) if multi.size else np.zeros(0, np.int64)
        for fi in np.unique(loc[loc >= 0]):
            sel = loc == fi
            rows = rows_t[sel]
            lab = labels[fi]
            verts = facets[fi]
            nc = int(lab.max() + 1)
            copies = []
            for c in range(nc):
                vs = verts[lab == c]
                copies.append(int(smp.phase[vs[0]]))
            mu0 = _plane_mu(smp.x[verts][None], g[verts][None])
            m = rows.size
            if nc == 3:
                # refine the three-phase triangle once; states classified afterwards
                y0 = [smp.y[[verts[lab == c][0]], : system.phases[copies[c]].n_mixing]
                      for c in range(3)]
                tri_problems.append(_Problem(
                    tuple(copies), np.array([len(tri_rows)]), np.array([t]),
                    smp.x[verts].mean(axis=0)[None], y0, mu0, np.full((1, 3), 1 / 3)))
                tri_y0.append(y0)
                tri_mu0.append(mu0)
                tri_rows.append((it, rows))
                continue
            w = bary[sel]
            y0, f0 = [], np.zeros((m, nc))
            for c in range(nc):
                vs = lab == c
                wc = w[:, vs]
                f0[:, c] = wc.sum(axis=1)
                wn = wc / np.maximum(wc.sum(axis=1, keepdims=True), 1e-300)
                wn = np.where(wc.sum(axis=1, keepdims=True) > 0, wn, 1.0 / vs.sum())
                k = system.phases[copies[c]].n_mixing
                y0.append(wn @ smp.y[verts[vs], :k])
            pending.append(_Problem(tuple(copies), rows, np.full(m, t), x0[rows], y0,
                                    np.repeat(mu0, m, axis=0), f0))
        if tick is not None:
            tick(1)
    # three-phase triangles
    for sol in _solve_groups(system, tri_problems):
        for i, r in enumerate(sol.rows):
            it, rows = tri_rows[r]
            xv = sol.x[i]  # (3, C)
            if not sol.ok[i]:
                # Newton failed on the triangle: solve its states one by one (the failure
                # path of _solve_and_fix drops copies as needed)
                for rr in rows:
                    pending.append(_Problem(sol.copies, np.array([rr]), t_all[[rr]], x0[[rr]],
                                            [_clean_y(yy[[i]]) for yy in tri_y0[r]],
                                            tri_mu0[r], np.full((1, 3), 1 / 3)))
                continue
            f = _solve(np.repeat(xv.T[None], rows.size, axis=0), x0[rows])
            inside = np.all(f >= -1e-9, axis=1)
            r_in = rows[inside]
            out = _Solution(r_in, sol.copies, np.repeat(sol.mu[[i]], r_in.size, axis=0),
                            [np.repeat(yy[[i]], r_in.size, axis=0) for yy in sol.y],
                            np.repeat(sol.x[[i]], r_in.size, axis=0), f[inside],
                            np.ones(r_in.size, dtype=bool))
            states.put(out)
            # outside the refined triangle: the two phases with the largest fractions
            for rr, ff in zip(rows[~inside], f[~inside], strict=True):
                keep = np.argsort(ff)[1:]
                pending.append(_Problem(
                    tuple(sol.copies[j] for j in keep), np.array([rr]), t_all[[rr]],
                    x0[[rr]], [sol.y[j][[i]] for j in keep], sol.mu[[i]],
                    np.clip(ff[keep], 0, 1)[None] / max(np.clip(ff[keep], 0, 1).sum(), 1e-9)))
    _solve_and_fix(system, smp, pending, t_all, x0, states)
    singles = np.concatenate(single_rows) if single_rows else np.zeros(0, dtype=np.int64)
    _single_phase(system, t_all[singles], x0[singles], singles, states)
    _stability_pass(system, smp, t_all, x0, states, boundary)


def _solve_and_fix(system, smp, problems, t_all, x0, states, depth: int = 0) -> None:
    """Solve multi-phase problems. A copy with a negative fraction is dropped and the state
    solved again with the others (single-phase when one is left); where Newton fails, the
    copy with the smallest starting fraction is dropped the same way."""
    retry: list[_Problem] = []
    singles = []
    for sol in _solve_groups(system, problems):
        neg = np.any(sol.f < -1e-9, axis=1) & sol.ok
        # a failed re-solve keeps a state's earlier converged solution
        keep_old = ~sol.ok & states.ok[sol.rows] & (states.phase[sol.rows, 0] >= 0)
        states.put(sol, sol.ok & ~neg)
        redo = np.nonzero((neg | ~sol.ok) & ~keep_old)[0]
        for i in redo:
            drop = int(np.argmin(sol.f[i])) if sol.ok[i] else int(np.argmin(sol.f0[i]))
            keep = [j for j in range(len(sol.copies)) if j != drop]
            r = sol.rows[[i]]
            if len(keep) == 1 or depth >= 2:
                singles.append(int(r[0]))
                continue
            base = sol.f[i] if sol.ok[i] else sol.f0[i]
            fk = np.clip(base[keep], 0.05, None)
            y0 = [sol.y[j][[i]] if sol.ok[i] else _clean_y(sol.y[j][[i]]) for j in keep]
            retry.append(_Problem(tuple(sol.copies[j] for j in keep), r, t_all[r], x0[r],
                                  y0, sol.mu[[i]] if sol.ok[i] else _plane_guess(sol, i, keep),
                                  (fk / fk.sum())[None]))
    if retry:
        _solve_and_fix(system, smp, retry, t_all, x0, states, depth + 1)
    s = np.asarray(singles, dtype=np.int64)
    _single_phase(system, t_all[s], x0[s], s, states)


def _clean_y(y: np.ndarray) -> np.ndarray:
    y = np.where(np.isfinite(y), y, 1.0)
    y = np.clip(y, 1e-14, None)
    return y / y.sum(axis=1, keepdims=True)


def _plane_guess(sol: _Solution, i: int, keep: list[int]) -> np.ndarray:
    mu = sol.mu[[i]]
    return np.where(np.isfinite(mu), mu, 0.0)


def _min_driving_force(p: CompiledPhase, t: np.ndarray, mu: np.ndarray, y0: np.ndarray):
    """Minimise G_p - mu.x over the composition of p (Newton from y0); returns (df, y)."""
    rt = R_J_MOL_K * t
    m = t.shape[0]
    nvec0 = p.fixed_atoms
    if p.is_point:
        f, _, _ = p.derivatives(t, np.ones((m, p.n_mixing)))
        nvec = nvec0.copy()
        if p.n_mixing == 1:
            nvec[p.mixing[0]] += p.site_ratio
        return (f / rt - mu @ nvec) / p.atoms_per_formula, np.ones((m, p.n_mixing))
    k = p.n_mixing
    mix = list(p.mixing)
    w = np.log(np.clip(y0, 1e-14, None))
    lam = np.zeros(m)
    for _ in range(30):
        y = np.exp(w)
        _, g, h = p.derivatives(t, y)
        g, h = g / rt[:, None], h / rt[:, None, None]
        res = np.concatenate([g - p.site_ratio * mu[:, mix] - lam[:, None],
                              (y.sum(axis=1) - 1)[:, None]], axis=1)
        jac = np.zeros((m, k + 1, k + 1))
        jac[:, :k, :k] = h * y[:, None, :]
        jac[:, :k, k] = -1
        jac[:, k, :k] = y
        step = _solve(jac, -res)
        step *= _damping(w, step[:, :k])[:, None]
        w += step[:, :k]
        lam += step[:, k]
        if np.max(np.abs(res)) < 1e-11:
            break
    y = np.exp(w)
    y /= y.sum(axis=1, keepdims=True)
    f, _, _ = p.derivatives(t, y)
    nvec = np.repeat(nvec0[None], m, axis=0)
    nvec[:, mix] += p.site_ratio * y
    df = (f / rt - np.einsum("ij,ij->i", mu, nvec)) / p.atoms_per_formula
    return np.where(np.isfinite(df), df, np.inf), y


def _stability_pass(system, smp, t_all, x0, states, boundary, rounds: int = 2) -> None:
    """Check single- and two-phase ternary states against every phase; add the most
    unstable phase and solve again where one would lower G.

    Only the samples on the edges of multi-phase fields (`boundary`, per temperature) are
    scanned: a phase that would lower G at a state near a field boundary is found there
    (then refined by Newton), and states far from any boundary are stable by the hull."""
    ncomp = len(system.components)
    for _ in range(rounds):
        nph = (states.phase >= 0).sum(axis=1)
        cand = np.nonzero((nph < ncomp) & np.all(np.isfinite(states.mu), axis=1))[0]
        if cand.size == 0:
            return
        worst = np.zeros(cand.size)
        worst_k = np.full(cand.size, -1)
        worst_y = np.zeros((cand.size, 3))
        for T in np.unique(t_all[cand]):
            sel = np.nonzero(t_all[cand] == T)[0]
            g = _sample_gibbs(system, smp, T)
            mu = states.mu[cand[sel]]
            bnd = boundary.get(float(T), np.zeros(0, np.int64))
            for k, p in enumerate(system.phases):
                sl = bnd[smp.phase[bnd] == k]
                if sl.size == 0:
                    continue
                dfs = g[sl][None, :] - mu @ smp.x[sl].T  # (m, S_p)
                # samples next to a copy of this phase already present are that copy
                for slot in range(ncomp):
                    own = states.phase[cand[sel], slot] == k
                    if np.any(own):
                        d = np.max(np.abs(smp.x[sl][None, :, :]
                                          - states.comp[cand[sel][own], slot][:, None, :]),
                                   axis=2)
                        dfs[own] = np.where(d < 0.02, np.inf, dfs[own])
                j = np.argmin(dfs, axis=1)
                low = dfs[np.arange(sel.size), j] < 1e-3
                if not np.any(low):
                    continue
                s2 = sel[low]
                y0 = smp.y[sl][j[low], : p.n_mixing]
                df, y = _min_driving_force(p, np.full(s2.size, T), states.mu[cand[s2]], y0)
                # a copy equal to one already present is not a new phase
                xp = p.composition(y)
                for slot in range(ncomp):
                    same = (states.phase[cand[s2], slot] == k) & (
                        np.max(np.abs(states.comp[cand[s2], slot] - xp), axis=1) < SAME_COPY_TOL)
                    df = np.where(same, np.inf, df)
                better = df < worst[s2]
                worst[s2[better]] = df[better]
                worst_k[s2[better]] = k
                worst_y[s2[better], : p.n_mixing] = y[better]
        bad = np.nonzero(worst < -DF_TOL)[0]
        if bad.size == 0:
            return
        problems = []
        for b in bad:
            r = cand[b]
            slots = np.nonzero(states.phase[r] >= 0)[0]
            copies = (*(int(states.phase[r, s]) for s in slots), int(worst_k[b]))
            y0 = [states.y[r, s, : system.phases[states.phase[r, s]].n_mixing][None]
                  for s in slots]
            y0.append(worst_y[[b], : system.phases[worst_k[b]].n_mixing])
            f0 = np.append(states.frac[r, slots] * 0.9, 0.1)[None]
            problems.append(_Problem(copies, np.array([r]), t_all[[r]], x0[[r]], y0,
                                     states.mu[[r]], f0))
        _solve_and_fix(system, smp, problems, t_all, x0, states)


# --------------------------------------------------------------------------- public API


def _solve_states(system: System, x: np.ndarray, t: np.ndarray, progress: bool) -> _States:
    ncomp = len(system.components)
    states = _States(x.shape[0], ncomp)
    smp = _samples(system)
    from semisolid._util import progress_callback

    nt = np.unique(t).size
    tick, close = progress_callback("equilibria", nt) if progress else (None, None)
    try:
        if ncomp == 1:
            _single_phase(system, t, x, np.arange(x.shape[0]), states)
        elif ncomp == 2:
            _binary(system, smp, t, x, states, tick)
        else:
            _ternary(system, smp, t, x, states, tick)
    finally:
        if close is not None:
            close()
    return states


def _sort_slots(states: _States, col: int) -> None:
    """Sort the slots of each state by phase, then by mole fraction of component `col`."""
    key = np.where(states.phase >= 0, states.phase + np.nan_to_num(states.comp[:, :, col]), 1e9)
    order = np.argsort(key, axis=1, kind="stable")
    rows = np.arange(key.shape[0])[:, None]
    states.phase = states.phase[rows, order]
    states.frac = states.frac[rows, order]
    states.comp = states.comp[rows, order]
    states.y = states.y[rows, order]


def equilibrium_many(
    db: ThermoDatabase,
    components: Sequence[str],
    x,
    temperature_K,
    *,
    phases: Sequence[str] | None = None,
    progress: bool = False,
) -> EquilibriumBatch:
    """Equilibria at many states (compositions `x` at temperatures `temperature_K`).

    States are grouped by temperature: one convex hull and one refinement per
    multi-phase field at each distinct temperature, so thousands of states at a handful of
    temperatures cost little more than one.

    Parameters
    ----------
    db : ThermoDatabase
        From :func:`load_database`.
    components : sequence of str
        Elements as chemists write them (``["K", "Na"]``): the columns of `x`.
    x : array_like, shape (n, ncomp)
        Mole fractions; each row within [0, 1] and summing to 1.
    temperature_K : float or array_like of shape (n,)
        Temperatures [K], within the database's valid range.
    phases : sequence of str, optional
        Phases to consider (default: ``db.default_phases``).
    progress : bool
        Show a progress bar on stderr (see :func:`semisolid._util.progress_callback`).

    Returns
    -------
    EquilibriumBatch

    Raises
    ------
    InputError
        Unknown element, composition outside [0, 1] or not summing to 1, temperature
        outside the database's range.

    Examples
    --------
    >>> import numpy as np
    >>> from semisolid.thermo import load_database
    >>> xk = np.linspace(0.5, 1.0, 6)
    >>> b = equilibrium_many(load_database(), ["K", "Na"], np.column_stack([xk, 1 - xk]), 295.15)
    >>> b.liquid_fraction[:4].tolist(), float(b.liquid_fraction[-1])
    ([1.0, 1.0, 1.0, 1.0], 0.0)
    """
    comps = _check_components(db, components)
    ncomp = len(comps)
    xx = _check_x(x, ncomp, comps)
    t = _check_t(db, temperature_K, xx.shape[0])
    system = db.system(comps, phases if phases is not None else db.default_phases)
    order = [comps.index(c) for c in system.components]  # internal (sorted) <- user
    back = [system.components.index(c) for c in comps]
    states = _solve_states(system, xx[:, order], t, progress)
    _sort_slots(states, back[-1])
    return EquilibriumBatch(
        components=comps,
        phase_names=[p.name for p in system.phases],
        temperature_K=t,
        x=xx,
        slot_phase=states.phase,
        slot_fraction=states.frac,
        slot_composition=states.comp[:, :, back],
        chemical_potentials_J_mol=(states.mu * (R_J_MOL_K * t)[:, None])[:, back],
        converged=states.ok,
        attrs={"database": db.source, "engine": "semisolid.thermo.engine"},
    )


def equilibrium(
    db: ThermoDatabase,
    composition: Mapping[str, float],
    temperature_K: float,
    *,
    phases: Sequence[str] | None = None,
) -> EquilibriumResult:
    """Equilibrium at one overall composition and temperature.

    Parameters
    ----------
    db : ThermoDatabase
        From :func:`load_database`.
    composition : mapping of str to float
        Mole fractions by element (``{"K": 0.95, "Na": 0.05}``), summing to 1.
    temperature_K : float
        Temperature [K].
    phases : sequence of str, optional
        Phases to consider (default: ``db.default_phases``).

    Returns
    -------
    EquilibriumResult

    Examples
    --------
    >>> from semisolid.thermo import load_database
    >>> r = equilibrium(load_database(), {"K": 0.7, "Na": 0.3}, temperature_K=300.0)
    >>> r.phases[0].name, r.phases[0].fraction
    ('LIQUID', 1.0)
    >>> equilibrium(load_database(), {"K": 1.2, "Na": -0.2}, temperature_K=300.0)
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: composition: x_K=1.2 is outside [0, 1]
    """
    if not isinstance(composition, Mapping) or not composition:
        raise InputError("expected a mapping such as {'K': 0.95, 'Na': 0.05}", "composition")
    comps = list(composition)
    b = equilibrium_many(db, comps, np.array([[composition[c] for c in comps]], dtype=float),
                         temperature_K, phases=phases)
    return b.result(0)


def equilibrium_grid(
    db: ThermoDatabase,
    compositions: Mapping[str, Sequence[float]],
    temperatures_K,
    *,
    phases: Sequence[str] | None = None,
    progress: bool = False,
):
    """Equilibria on a grid of compositions x temperatures, as an ``xarray.Dataset``.

    Parameters
    ----------
    db : ThermoDatabase
    compositions : mapping of str to array_like or None
        One composition axis (mole fractions) per independent element, and optionally the
        balance element with the value None: ``{"K": xs, "Na": None}`` is the Na-K binary
        with x_K on the axis; ``{"Li": xs, "Na": ys, "K": None}`` a ternary grid. The None
        entry may be left out only when the database has exactly one other element.
    temperatures_K : float or array_like
        Temperature axis [K].
    phases : sequence of str, optional
    progress : bool

    Returns
    -------
    xarray.Dataset
        Dimensions ``X_<el>`` for each independent element and ``T`` (K), plus ``phase``,
        ``slot`` and ``component``. Grid points whose mole fractions sum to more than 1
        are NaN (``valid`` is False there). Variables: ``phase_fraction``,
        ``liquid_fraction``, ``chemical_potential_J_mol``, ``slot_phase``,
        ``slot_fraction``, ``slot_composition``, ``converged``, ``valid``.

    Examples
    --------
    >>> import numpy as np
    >>> from semisolid.thermo import load_database
    >>> ds = equilibrium_grid(load_database(), {"K": [0.7, 0.95], "Na": None}, [295.15, 300.0])
    >>> ds.liquid_fraction.dims
    ('X_K', 'T')
    >>> float(ds.liquid_fraction.sel(X_K=0.7, T=300.0))
    1.0
    """
    import xarray as xr

    axes = {str(k): v for k, v in compositions.items() if v is not None}
    balance = [str(k) for k, v in compositions.items() if v is None]
    if len(balance) > 1:
        raise InputError("at most one balance element (value None) may be given", "compositions")
    if not axes:
        raise InputError("give at least one composition axis, e.g. {'K': xs}", "compositions")
    if not balance:
        others = [e for e in db.elements if e not in axes]
        if len(others) != 1:
            example = ", ".join([*(f"{k!r}: xs" for k in axes), f"{(others or ['?'])[0]!r}: None"])
            raise InputError(
                f"name the balance element with the value None, e.g. {{{example}}} "
                f"(the database has {', '.join(db.elements)})", "compositions")
        balance = others
    comps = [*axes, balance[0]]
    _check_components(db, comps)
    grids = [np.atleast_1d(np.asarray(v, dtype=float)) for v in axes.values()]
    temps = np.atleast_1d(np.asarray(temperatures_K, dtype=float))
    from semisolid._util import check_allocation  # about 8 kB per equilibrium

    for name, g in [*zip(axes, grids, strict=True), ("temperatures_K", temps)]:
        if g.ndim != 1 or g.size == 0:
            raise InputError(f"the {name} axis must be a non-empty 1-D sequence", name
                             if name == "temperatures_K" else "compositions")
    check_allocation(np.prod([g.size for g in grids]) * temps.size, 8192, "grid points",
                     "compositions")
    mesh = np.meshgrid(*grids, temps, indexing="ij")
    shape = mesh[0].shape
    xi = np.column_stack([m.ravel() for m in mesh[:-1]])
    for j, name in enumerate(axes):
        col = xi[:, j]
        if np.any((col < -1e-12) | (col > 1 + 1e-12)) or not np.all(np.isfinite(col)):
            bad = col[~((col >= -1e-12) & (col <= 1 + 1e-12))][0]
            raise InputError(f"x_{name}={bad:g} is outside [0, 1]", "compositions")
    xb = 1.0 - xi.sum(axis=1)
    valid = xb >= -1e-12
    x = np.column_stack([xi, np.clip(xb, 0, 1)])
    tt = mesh[-1].ravel()
    b = equilibrium_many(db, comps, x[valid], tt[valid], phases=phases, progress=progress)
    full = _expand(b, valid)
    dims = [f"X_{k}" for k in axes] + ["T"]
    coords = {f"X_{k}": g for k, g in zip(axes, grids, strict=True)}
    coords.update({"T": temps, "component": comps, "phase": b.phase_names})
    dv = _data_vars(full, dims, shape)
    vshape = valid.reshape(shape)
    for name in ("phase_fraction", "liquid_fraction"):
        d, arr = dv[name]
        mask = vshape.reshape(shape + (1,) * (arr.ndim - len(shape)))
        dv[name] = (d, np.where(mask, arr, np.nan))
    dv["valid"] = (tuple(dims), vshape)
    return xr.Dataset(dv, coords=coords,
                      attrs={**b.attrs, "balance": balance[0], "T_units": "K"})


def _expand(b: EquilibriumBatch, valid: np.ndarray) -> EquilibriumBatch:
    n = valid.shape[0]

    def fill(a, value):
        out = np.full((n, *a.shape[1:]), value, dtype=a.dtype if value != np.nan else float)
        out[valid] = a
        return out

    return EquilibriumBatch(
        components=b.components,
        phase_names=b.phase_names,
        temperature_K=fill(b.temperature_K, np.nan),
        x=fill(b.x, np.nan),
        slot_phase=fill(b.slot_phase, -1),
        slot_fraction=fill(b.slot_fraction, np.nan),
        slot_composition=fill(b.slot_composition, np.nan),
        chemical_potentials_J_mol=fill(b.chemical_potentials_J_mol, np.nan),
        converged=fill(b.converged, False),
        attrs=b.attrs,
    )
