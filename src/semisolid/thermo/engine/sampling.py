"""Gibbs-energy sampling: site-fraction points of every phase and their energies.

Each phase gets a fixed set of site-fraction points, made once per system:

* a stoichiometric phase: its one point;
* one mixing sublattice: a regular lattice of the simplex (``BINARY_INTERVALS`` steps for
  two constituents, side ``TERNARY_SIDE`` for three, coarser for more);
* several mixing sublattices: the product of coarser lattices of each (at most
  ``PRODUCT_POINTS`` points), the disordered states of an ordered phase (equal site
  fractions on its equivalent sublattices, on a finer lattice), and seeded quasi-random
  points.

Points with almost no atoms (vacancies everywhere) are left out. At a temperature, the
molar Gibbs energy per mole of atoms ``G / RT`` of every point is evaluated in one call per
phase. For the hull, points are binned by composition and only the lowest of each bin is
kept (a point above another at almost the same composition cannot be on the lower hull);
stoichiometric phases are always kept.

Examples
--------
>>> from semisolid.thermo import load_database
>>> s = load_database().system(["K", "Na"], ["LIQUID", "NA2K"])
>>> smp = samples(s)
>>> smp.x.shape[1], int((smp.phase == 1).sum())
(2, 1)
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from semisolid.thermo.engine.newton import R_J_MOL_K
from semisolid.thermo.phases import CompiledPhase, System

__all__ = ["Samples", "hull_candidates", "sample_energies", "samples"]

BINARY_INTERVALS = 400
"""Lattice steps of a two-constituent sublattice."""
TERNARY_SIDE = 100
"""Lattice side of a three-constituent sublattice."""
PRODUCT_POINTS = 2500
"""Most points of the product lattice of a phase with several mixing sublattices in a
binary system (three times as many in a ternary)."""
RANDOM_POINTS = 500
"""Quasi-random points added to a phase with several mixing sublattices (binary; three
times as many in a ternary)."""
HULL_BINS = {1: 1, 2: 4000, 3: 300}
"""Composition bins per axis for the hull (number of components -> bins)."""
PHASE_BINS = {1: 1, 2: 200, 3: 40}
"""Composition bins per axis for the lowest points of each phase (the stability check)."""


@dataclass
class Samples:
    """Site-fraction points of all phases of a system.

    Attributes
    ----------
    phase : ndarray (S,)
        Phase index of each point.
    y : ndarray (S, kmax)
        Site fractions (zero padded to the largest number of free variables).
    x : ndarray (S, C)
        Compositions.
    slices : list of slice
        The points of each phase.
    bin_order, bin_starts : ndarray
        Points sorted by composition bin, and where each bin starts (for :func:`hull_candidates`).
    always : ndarray
        Points always passed to the hull (stoichiometric phases).
    phase_order, phase_starts : ndarray
        The same for coarser bins of each phase separately (for :func:`phase_candidates`).
    screen : ndarray (S,)
        Per point: how far (units of RT) the phase's true ``G - mu . x`` can fall below the
        value at this point between it and its lattice neighbours (:func:`screen_bound`).
    """

    phase: np.ndarray
    y: np.ndarray
    x: np.ndarray
    slices: list[slice]
    bin_order: np.ndarray
    bin_starts: np.ndarray
    always: np.ndarray
    phase_order: np.ndarray
    phase_starts: np.ndarray
    screen: np.ndarray


def simplex_lattice(k: int, n: int) -> np.ndarray:
    """All points of the k-simplex lattice with n steps (rows sum to 1).

    Examples
    --------
    >>> simplex_lattice(3, 2).shape
    (6, 3)
    """
    if k <= 1:
        return np.ones((1, k))
    if k == 2:
        i = np.arange(n + 1)
        return np.column_stack([1 - i / n, i / n])
    pts = []
    for comb in itertools.combinations(range(n + k - 1), k - 1):
        parts = np.diff((-1, *comb, n + k - 1)) - 1
        pts.append(parts)
    return np.array(pts, dtype=float) / n


def _lattice_steps(k: int, budget: int) -> int:
    """Largest lattice step count n with at most `budget` points on a k-simplex."""
    from math import comb

    n = 1
    while comb(n + 1 + k - 1, k - 1) <= budget and n < 4000:
        n += 1
    return n


def _halton(n: int, dim: int, seed: int = 0) -> np.ndarray:
    primes = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71]
    out = np.empty((n, dim))
    idx = np.arange(1 + seed, n + 1 + seed)
    for d in range(dim):
        b = primes[d % len(primes)]
        f, r, i = 1.0, np.zeros(n), idx.copy()
        while np.any(i > 0):
            f /= b
            r += f * (i % b)
            i //= b
        out[:, d] = r
    return out


def phase_points(p: CompiledPhase, ncomp: int) -> np.ndarray:
    """The site-fraction points of phase p in a system of `ncomp` components.

    Examples
    --------
    >>> from semisolid.thermo import load_database
    >>> p = load_database().system(["K", "Na"]).phase("LIQUID")
    >>> phase_points(p, 2).shape
    (401, 2)
    """
    return phase_points_and_bounds(p, ncomp)[0]


def _group_bound(y: np.ndarray, h: float) -> np.ndarray:
    """Sampling bound of one mixing sublattice on a lattice of step h (see
    :func:`screen_bound`)."""
    ymin = np.min(y, axis=1)
    inner = h * h / 8.0 * (1.0 / np.maximum(ymin, h) + CURVATURE_XS)
    edge = h / np.e + h * h / 8.0 * CURVATURE_XS
    return 2.0 * np.where(ymin < 2 * h, edge, inner)


def phase_points_and_bounds(p: CompiledPhase, ncomp: int) -> tuple[np.ndarray, np.ndarray]:
    """The site-fraction points of phase p and the sampling bound of each (units of RT):
    how far below its value the phase can reach between a lattice point and its neighbours
    (:func:`screen_bound`); extra points (disordered states, quasi-random points) get 0:
    the lattice already bounds the phase everywhere."""
    k = p.n_variables
    if k == 0:
        return np.zeros((1, 0)), np.zeros(1)
    groups = p.group_slices()
    sizes = [len(g) for g in groups]
    if len(groups) == 1:
        if k == 2:
            n = BINARY_INTERVALS
        elif k == 3:
            n = TERNARY_SIDE
        else:
            n = _lattice_steps(k, 20000)
        y = simplex_lattice(k, n)
        return _keep_atoms(p, y, _group_bound(y, 1.0 / n))
    # several sublattices: product lattice + disordered states + quasi-random points
    budget = PRODUCT_POINTS if ncomp <= 2 else 3 * PRODUCT_POINTS
    per = max(2.0, budget ** (1.0 / len(groups)))
    steps = [_lattice_steps(sz, int(per)) for sz in sizes]
    lat = [simplex_lattice(sz, n) for sz, n in zip(sizes, steps, strict=True)]
    combos = np.array(list(itertools.product(*[range(len(a)) for a in lat])), dtype=np.int64)
    prod = np.empty((combos.shape[0], k))
    bound = np.zeros(combos.shape[0])
    for gi, g in enumerate(groups):
        prod[:, g] = lat[gi][combos[:, gi]]
        bound += _group_bound(prod[:, g], 1.0 / steps[gi])
    pts, bounds = [prod], [bound]
    for eq in p.equivalent:
        sz = sizes[eq[0]]
        fine = simplex_lattice(sz, _lattice_steps(sz, 1000 if ncomp <= 2 else 3000))
        base = np.empty((fine.shape[0], k))
        # the other groups at the centre of their simplex
        for gi, g in enumerate(groups):
            base[:, g] = fine if gi in eq else 1.0 / len(g)
        pts.append(base)
        bounds.append(np.zeros(base.shape[0]))
    nrand = RANDOM_POINTS if ncomp <= 2 else 3 * RANDOM_POINTS
    h = _halton(nrand, k, seed=7)
    rnd = np.empty_like(h)
    for g in groups:
        e = -np.log(np.clip(h[:, g], 1e-12, None))  # Dirichlet(1) from uniform numbers
        rnd[:, g] = e / e.sum(axis=1, keepdims=True)
    pts.append(rnd)
    bounds.append(np.zeros(nrand))
    return _keep_atoms(p, np.vstack(pts), np.concatenate(bounds))


def canonical(p: CompiledPhase, y: np.ndarray) -> np.ndarray:
    """Site fractions with the exchangeable sublattices of each class sorted (in decreasing
    lexicographic order): one representative per set of antiphase variants."""
    classes = p.exchangeable
    if not classes:
        return y
    out = y.copy()
    slices = p.group_slices()
    for cls in classes:
        blocks = np.stack([y[:, slices[g]] for g in cls], axis=1)  # (n, G, s)
        # sort groups by their site-fraction vectors, largest first (lexicographic)
        idx = np.argsort(-_lex_rank(blocks), axis=1, kind="stable")
        sorted_blocks = np.take_along_axis(blocks, idx[:, :, None], axis=1)
        for pos, g in enumerate(cls):
            out[:, slices[g]] = sorted_blocks[:, pos]
    return out


def _lex_rank(blocks: np.ndarray) -> np.ndarray:
    """A number per block that orders the blocks lexicographically (n, G, s) -> (n, G)."""
    q = np.rint(np.clip(blocks, 0.0, 1.0) * 1e6)
    rank = np.zeros(blocks.shape[:2])
    for j in range(max(1, blocks.shape[2] - 1)):  # the last fraction follows from the others
        rank = rank * 1.000001e6 + q[:, :, j]
    return rank


CURVATURE_XS = 50.0
"""Allowance for the curvature of the non-ideal terms, units of RT per unit site fraction
squared (``|d2G/dy2|`` of the excess, magnetic and other terms, over RT)."""


def lattice_step(p: CompiledPhase) -> float:
    """Site-fraction step of the lattice of a phase with one mixing sublattice."""
    k = p.n_variables
    steps = BINARY_INTERVALS if k == 2 else TERNARY_SIDE if k == 3 else _lattice_steps(
        k, 20000)
    return 1.0 / steps


def screen_bound(p: CompiledPhase, y: np.ndarray) -> np.ndarray:
    """How far below its value at each lattice point y the phase's ``(G - mu·x) / RT`` can
    reach between that point and its neighbours, for any mu.

    On a lattice of step h, a convex function lies at most ``h^2 / 8 * curvature`` below
    the piecewise-linear interpolation of its values; the ideal-mixing term has curvature
    ``a / y`` (at most the site ratio a <= 1 per atom), and next to a face of the simplex
    (y < 2h) falls at most ``h / e`` below its chord; the other terms are allowed
    :data:`CURVATURE_XS`. A phase with several mixing sublattices adds the bounds of its
    sublattices (:func:`phase_points_and_bounds`); a stoichiometric phase gets 0.

    Examples
    --------
    >>> from semisolid.thermo import load_database
    >>> p = load_database().system(["K", "Na"]).phase("LIQUID")
    >>> b = screen_bound(p, np.array([[0.5, 0.5], [0.0, 1.0]]))
    >>> bool(b[0] < 1e-3 < b[1])
    True
    """
    if p.is_point:
        return np.zeros(y.shape[0])
    if p.n_groups > 1:
        raise ValueError("the bounds of a phase with several sublattices come with its points "
                         "(phase_points_and_bounds)")
    return _group_bound(y, lattice_step(p))


def _keep_atoms(p: CompiledPhase, y: np.ndarray, bound: np.ndarray):
    y = canonical(p, y)
    if p.exchangeable:
        _, idx = np.unique(np.round(y, 12), axis=0, return_index=True)
        idx = np.sort(idx)
        y, bound = y[idx], bound[idx]
    natoms = p.atoms(y)
    keep = natoms > 1e-3 * natoms.max()
    return y[keep], bound[keep]


def samples(system: System) -> Samples:
    """The (cached) sample points of `system`.

    Examples
    --------
    >>> from semisolid.thermo import load_database
    >>> smp = samples(load_database().system(["K", "Na"], ["LIQUID", "BCC_A2"]))
    >>> len(smp.slices)
    2
    """
    cache = system.__dict__.setdefault("_cache", {})
    if "samples" in cache:
        return cache["samples"]
    ncomp = len(system.components)
    kmax = max((p.n_variables for p in system.phases), default=0)
    ph, ys, xs, slices = [], [], [], []
    start = 0
    bnds = []
    for i, p in enumerate(system.phases):
        y, bnd = phase_points_and_bounds(p, ncomp)
        bnds.append(bnd)
        pad = np.zeros((y.shape[0], kmax))
        pad[:, : y.shape[1]] = y
        ph.append(np.full(y.shape[0], i))
        ys.append(pad)
        xs.append(p.composition(y))
        slices.append(slice(start, start + y.shape[0]))
        start += y.shape[0]
    phase = np.concatenate(ph)
    x = np.concatenate(xs)
    nb = HULL_BINS.get(ncomp, 100)
    key = np.zeros(x.shape[0], dtype=np.int64)
    for c in range(1, ncomp):
        key = key * (nb + 1) + np.rint(x[:, c] * nb).astype(np.int64)
    point = np.array([system.phases[k].is_point for k in phase])
    key = np.where(point, -1 - np.arange(x.shape[0]), key)  # each compound point its own bin
    order = np.argsort(key, kind="stable")
    starts = np.concatenate([[0], np.nonzero(np.diff(key[order]))[0] + 1])
    nbp = PHASE_BINS.get(ncomp, 20)
    pkey = phase.astype(np.int64)
    for c in range(1, ncomp):
        pkey = pkey * (nbp + 1) + np.rint(x[:, c] * nbp).astype(np.int64)
    porder = np.argsort(pkey, kind="stable")
    pstarts = np.concatenate([[0], np.nonzero(np.diff(pkey[porder]))[0] + 1])
    screen = np.concatenate(bnds)
    smp = Samples(phase, np.concatenate(ys), x, slices, order, starts,
                  np.nonzero(point)[0], porder, pstarts, screen)
    cache["samples"] = smp
    return smp


def sample_energies(system: System, smp: Samples, temperatures_K) -> np.ndarray:
    """G / RT per mole of atoms of every sample point at each temperature: (nT, S).

    Examples
    --------
    >>> from semisolid.thermo import load_database
    >>> s = load_database().system(["K", "Na"], ["LIQUID", "NA2K"])
    >>> sample_energies(s, samples(s), [300.0, 350.0]).shape
    (2, 402)
    """
    temps = np.atleast_1d(np.asarray(temperatures_K, dtype=float))
    out = np.empty((temps.size, smp.phase.shape[0]))
    for p, sl in zip(system.phases, smp.slices, strict=True):
        y = smp.y[sl, : p.n_variables]
        npts = y.shape[0]
        tt = np.repeat(temps, npts)
        yy = np.tile(y, (temps.size, 1))
        g = p.gibbs(tt, yy).reshape(temps.size, npts)
        out[:, sl] = g / p.atoms(y)[None, :]
    out /= (R_J_MOL_K * temps)[:, None]
    return np.where(np.isfinite(out), out, np.inf)


def _lowest_per_bin(g: np.ndarray, order: np.ndarray, starts: np.ndarray) -> np.ndarray:
    gs = g[order]
    mins = np.minimum.reduceat(gs, starts)
    counts = np.diff(np.append(starts, gs.size))
    is_min = gs <= np.repeat(mins, counts)
    first = np.minimum.reduceat(np.where(is_min, np.arange(gs.size), gs.size), starts)
    keep = order[np.minimum(first, gs.size - 1)]
    return keep[np.isfinite(g[keep])]


def phase_candidates(smp: Samples, g: np.ndarray) -> np.ndarray:
    """Indices of the lowest point of each phase in each of its (coarser) composition bins.

    Examples
    --------
    >>> from semisolid.thermo import load_database
    >>> s = load_database().system(["K", "Na"], ["LIQUID", "BCC_A2"])
    >>> smp = samples(s)
    >>> phase_candidates(smp, sample_energies(s, smp, 300.0)[0]).size
    402
    """
    return _lowest_per_bin(g, smp.phase_order, smp.phase_starts)


def hull_candidates(smp: Samples, g: np.ndarray) -> np.ndarray:
    """Indices of the lowest point of each composition bin (plus every compound point).

    Examples
    --------
    >>> from semisolid.thermo import load_database
    >>> s = load_database().system(["K", "Na"], ["LIQUID", "BCC_A2"])
    >>> smp = samples(s)
    >>> hull_candidates(smp, sample_energies(s, smp, 300.0)[0]).size
    401
    """
    return _lowest_per_bin(g, smp.bin_order, smp.bin_starts)
