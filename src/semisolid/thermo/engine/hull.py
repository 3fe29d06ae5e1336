"""The lower convex hull of sampled Gibbs energies, and where each state lies on it.

The stable state at composition x is read off the lower convex hull of the sampled points
(composition, G): x lies in one facet (a simplex of C vertices for C components) and the
facet's vertices are the starting phases. Two ways to find that facet:

* many states at one temperature: the whole lower hull (qhull via scipy), then the facet
  that contains each state (barycentric coordinates);
* a few states: the dual simplex method on the linear program "minimise sum_s l_s g_s with
  sum_s l_s x_s = x, l >= 0" walks from the pure-component corners to the facet under x
  without building the hull (and without importing scipy).

Vertices of one phase are one copy of it unless the phase has a miscibility gap between
them: the test is convexity along the straight line between their site fractions. If the
Gibbs energy per formula unit at the midpoint lies above the chord, the two points belong to
two copies (a gap, or an ordered and a disordered form); otherwise to one.

Examples
--------
>>> import numpy as np
>>> x = np.array([[1.0, 0.0], [0.5, 0.5], [0.0, 1.0]])
>>> g = np.array([0.0, -1.0, 0.0])
>>> verts, bary = locate_dual_simplex(x, g, np.array([0.25, 0.75]))
>>> sorted(verts.tolist()), np.round(sorted(bary), 6).tolist()
([1, 2], [0.5, 0.5])
"""

from __future__ import annotations

import numpy as np

from semisolid.thermo.engine._arrays import distinct

__all__ = ["copy_labels", "locate_dual_simplex", "locate_in_facets", "lower_facets"]

ARTIFICIAL_G = 1e7
"""Energy (units of RT) of the artificial corner points that start the dual simplex."""


def lower_facets(x: np.ndarray, g: np.ndarray) -> np.ndarray:
    """Vertex indices (F, C) of the lower convex hull facets of points (x, g).

    `x` holds compositions (S, C); the hull is taken in (x_1 .. x_{C-1}, g). Energies are
    first tilted by the plane through the lowest point at each pure-component corner, for a
    well-conditioned hull.

    Examples
    --------
    >>> import numpy as np
    >>> xs = np.linspace(0, 1, 5)
    >>> f = lower_facets(np.column_stack([1 - xs, xs]), (xs - 0.5) ** 2)
    >>> f.shape
    (4, 2)
    """
    from scipy.spatial import ConvexHull, QhullError

    ncomp = x.shape[1]
    ref = np.zeros(ncomp)
    for c in range(ncomp):
        corner = x[:, c] > 1 - 1e-9
        ref[c] = g[corner].min() if np.any(corner) else 0.0
    gs = g - x @ ref
    scale = max(1.0, float(np.ptp(gs)))
    pts = np.column_stack([x[:, 1:], gs / scale])
    try:
        hull = ConvexHull(pts, qhull_options="Qt Qbb Qc")
    except QhullError:
        hull = ConvexHull(pts, qhull_options="Qt Qbb Qc QJ")
    eq = hull.equations
    low = eq[:, -2] < -1e-12
    return hull.simplices[low]


def locate_in_facets(x_vert: np.ndarray, xs: np.ndarray, chunk: int = 256
                     ) -> tuple[np.ndarray, np.ndarray]:
    """The facet containing each state and the state's barycentric coordinates in it.

    Parameters
    ----------
    x_vert : ndarray (F, C, C)
        Compositions of the C vertices of each facet.
    xs : ndarray (m, C)
        States.

    Returns
    -------
    facet : ndarray (m,)
        Index of the facet (-1 if none contains the state).
    bary : ndarray (m, C)

    Examples
    --------
    >>> import numpy as np
    >>> xv = np.array([[[1.0, 0.0], [0.5, 0.5]], [[0.5, 0.5], [0.0, 1.0]]])
    >>> f, b = locate_in_facets(xv, np.array([[0.2, 0.8]]))
    >>> f.tolist(), b.round(6).tolist()
    ([1], [[0.4, 0.6]])
    """
    m, ncomp = xs.shape
    nf = x_vert.shape[0]
    facet = np.full(m, -1)
    bary = np.zeros((m, ncomp))
    if nf == 0:
        return facet, bary
    if ncomp == 1:
        return np.zeros(m, dtype=int), np.ones((m, 1))
    if ncomp == 2:
        a = x_vert[:, 0, 1]
        b = x_vert[:, 1, 1]
        lo, hi = np.minimum(a, b), np.maximum(a, b)
        order = np.argsort(lo)
        pos = np.searchsorted(lo[order], xs[:, 1], side="right") - 1
        pos = np.clip(pos, 0, nf - 1)
        cand = order[pos]
        # a state at the left end of a facet may sit on the previous facet's right end
        inside = (xs[:, 1] >= lo[cand] - 1e-12) & (xs[:, 1] <= hi[cand] + 1e-12)
        span = b[cand] - a[cand]
        lam = np.where(np.abs(span) > 0, (xs[:, 1] - a[cand]) / np.where(span == 0, 1, span),
                       0.5)
        lam = np.clip(lam, 0.0, 1.0)
        facet = np.where(inside, cand, -1)
        bary = np.column_stack([1 - lam, lam])
        return facet, bary
    # ternary: barycentric coordinates in every facet, chunked over states
    tri = x_vert[:, :, 1:]
    a0 = tri[:, 0]
    mat = np.stack([tri[:, 1] - a0, tri[:, 2] - a0], axis=-1)
    det = mat[:, 0, 0] * mat[:, 1, 1] - mat[:, 0, 1] * mat[:, 1, 0]
    good = np.abs(det) > 1e-300
    det = np.where(good, det, 1.0)
    inv = np.stack([np.stack([mat[:, 1, 1], -mat[:, 0, 1]], -1),
                    np.stack([-mat[:, 1, 0], mat[:, 0, 0]], -1)], -2) / det[:, None, None]
    chunk = max(chunk, 500_000 // max(1, nf))
    for s in range(0, m, chunk):
        p = xs[s : s + chunk, 1:]
        d0 = p[:, 0, None] - a0[None, :, 0]
        d1 = p[:, 1, None] - a0[None, :, 1]
        l1 = inv[None, :, 0, 0] * d0 + inv[None, :, 0, 1] * d1
        l2 = inv[None, :, 1, 0] * d0 + inv[None, :, 1, 1] * d1
        l0 = 1 - (l1 + l2)
        ins = (l0 >= -1e-9) & (l1 >= -1e-9) & (l2 >= -1e-9) & good[None, :]
        has = ins.any(axis=1)
        first = np.argmax(ins, axis=1)
        n = np.arange(first.size)
        pick = np.column_stack([l0[n, first], l1[n, first], l2[n, first]])
        facet[s : s + chunk] = np.where(has, first, -1)
        bary[s : s + chunk] = np.where(has[:, None], np.clip(pick, 0.0, None), 0.0)
    return facet, bary


def locate_dual_simplex(x: np.ndarray, g: np.ndarray, target: np.ndarray,
                        max_iter: int = 500) -> tuple[np.ndarray, np.ndarray]:
    """Vertices and weights of the lower-hull facet under `target` (dual simplex method).

    Parameters
    ----------
    x : ndarray (S, C)
        Compositions of the sample points.
    g : ndarray (S,)
        Their energies.
    target : ndarray (C,)
        The overall composition.

    Returns
    -------
    verts : ndarray (C,)
        Indices of the facet's vertices (-1 for an artificial corner left in the basis:
        the target cannot be reached by the points).
    bary : ndarray (C,)
        Weights of the vertices (sum 1).
    """
    s, ncomp = x.shape
    # artificial corners with a high energy start the basis
    xa = np.vstack([x, np.eye(ncomp)])
    ga = np.concatenate([g, np.full(ncomp, ARTIFICIAL_G)])
    basis = np.arange(s, s + ncomp)
    finite = np.isfinite(ga)
    ga = np.where(finite, ga, np.inf)
    lam = target.astype(float).copy()
    for _ in range(max_iter):
        xb = xa[basis]
        try:
            mu = np.linalg.solve(xb, ga[basis])
            lam = np.linalg.solve(xb.T, target)
        except np.linalg.LinAlgError:
            break
        df = ga - xa @ mu
        df[basis] = 0.0
        j = int(np.argmin(df))
        if not df[j] < -1e-12 * max(1.0, float(np.abs(ga[basis]).max())):
            break
        alpha = np.linalg.solve(xb.T, xa[j])
        pos = alpha > 1e-14
        if not np.any(pos):
            break
        ratio = np.where(pos, np.clip(lam, 0.0, None) / np.where(pos, alpha, 1.0), np.inf)
        leave = int(np.argmin(ratio))
        basis[leave] = j
    verts = np.where(basis < s, basis, -1)
    return verts, np.clip(lam, 0.0, None) / max(float(np.clip(lam, 0.0, None).sum()), 1e-300)


def copy_labels(system, smp, verts: np.ndarray, t: float) -> np.ndarray:
    """Copy label (0 ..) of each vertex of each facet (m, C).

    Vertices of different phases are different copies. Two vertices of one phase are one
    copy if the phase's Gibbs energy per formula unit at the midpoint of their site
    fractions is not above the chord (no miscibility gap between them).

    Examples
    --------
    >>> import numpy as np
    >>> from semisolid.thermo import load_database
    >>> from semisolid.thermo.engine.sampling import samples
    >>> s = load_database().system(["Li", "Na"], ["LIQUID"])
    >>> smp = samples(s)
    >>> i, j = 40, 360                     # x_Na = 0.1 and 0.9: across the liquid gap at 500 K
    >>> copy_labels(s, smp, np.array([[i, j], [i, i + 1]]), 500.0).tolist()
    [[0, 1], [0, 0]]
    """
    m, nv = verts.shape
    label = np.tile(np.arange(nv), (m, 1))
    ph = np.where(verts >= 0, smp.phase[np.clip(verts, 0, None)], -1 - np.arange(nv)[None, :])
    same = np.zeros((m, nv, nv), dtype=bool)
    for a in range(nv):
        for b in range(a + 1, nv):
            cand = (ph[:, a] == ph[:, b]) & (ph[:, a] >= 0)
            if not np.any(cand):
                continue
            rows = np.nonzero(cand)[0]
            joined = np.zeros(rows.size, dtype=bool)
            for k in distinct(ph[rows, a]):
                mine = ph[rows, a] == k
                sel = rows[mine]
                p = system.phases[k]
                if p.is_point:
                    joined[mine] = True
                    continue
                ya = smp.y[verts[sel, a], : p.n_variables]
                yb = smp.y[verts[sel, b], : p.n_variables]
                fa, fb, fm = p.gibbs(t, np.concatenate([ya, yb, 0.5 * (ya + yb)])).reshape(3, -1)
                chord = 0.5 * (fa + fb)
                ok = fm <= chord + 1e-9 * np.maximum(1.0, np.abs(chord))
                joined[mine] = ok
            same[rows[joined], a, b] = True
            same[rows[joined], b, a] = True
    for _ in range(nv):
        for a in range(nv):
            for b in range(nv):
                label[:, a] = np.where(same[:, a, b], np.minimum(label[:, a], label[:, b]),
                                       label[:, a])
    present = np.stack([np.any(label == v, axis=1) for v in range(nv)], axis=1)
    rank = np.cumsum(present, axis=1) - 1
    return np.take_along_axis(rank, label, axis=1)
