"""Plain brute-force arrival times: the readable reference of :mod:`.timecone`.

For every pixel centre ``p`` and every nucleus ``i``::

    T_i(p) = sqrt(d_0**2 + d_1**2) / v_i            (2D)
    T_i(p) = sqrt(d_0**2 + (d_1**2 + d_2**2)) / v_i  (3D; this order of the sums)
    d_a = |p_a - x_ia|, or min(d_a, n_a - d_a) along a periodic axis
    T(p) = min_i T_i(p),    label(p) = argmin_i T_i(p)  (lowest index on ties)

O(N x pixels) work: a running minimum over the nuclei, one chunk of rows at a time so
memory stays bounded and the chunk stays in cache. The fast version computes
the same float64 expression in the same order for the nuclei it keeps, so the two agree bit for
bit; the tests check that.

Examples
--------
>>> import numpy as np
>>> from semisolid.microstructure.nuclei import Nuclei
>>> nuc = Nuclei(np.array([[0.5, 0.5], [2.5, 3.5]]), np.array([1.0, 2.0]), (3, 4),
...              periodic=False)
>>> T, lab = arrival_times_brute_force(nuc)
>>> lab                       # the faster nucleus 1 takes most of the grid
array([[0, 0, 1, 1],
       [0, 1, 1, 1],
       [1, 1, 1, 1]], dtype=int32)
>>> float(T[0, 0]), float(T[2, 3])
(0.0, 0.0)
"""

from __future__ import annotations

import numpy as np

from semisolid.microstructure.nuclei import Nuclei

__all__ = ["arrival_times_brute_force", "axis_sq_distances"]


def axis_sq_distances(
    coords_px: np.ndarray, centers_px: np.ndarray, extent_px: int, periodic: bool
) -> np.ndarray:
    """Squared distance along one axis between nucleus coordinates and pixel centres.

    Returns ``d**2`` with ``d = |centers - coords|`` (``min(d, extent - d)`` when periodic);
    shape ``coords.shape + centers.shape[-1:]`` (``coords[..., None]`` against ``centers``).
    The one formula shared by the reference and the fast version.

    Examples
    --------
    >>> import numpy as np
    >>> axis_sq_distances(np.array([0.0]), np.array([0.5, 9.5]), 10, True)
    array([[0.25, 0.25]])
    """
    d = np.abs(centers_px - coords_px[..., None])
    if periodic:
        d = np.minimum(d, extent_px - d)
    return d * d


def arrival_times_brute_force(
    nuclei: Nuclei, chunk_pixels: int = 2**17, rows: slice | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Arrival time and grain label of every pixel by checking every nucleus.

    Parameters
    ----------
    nuclei : Nuclei
        Positions, speeds, grid shape and boundary condition.
    chunk_pixels : int
        Pixels per chunk (whole rows; a few arrays of this many float64 live at once).
    rows : slice, optional
        Only these rows (first axis) of the grid (for timing a subsample).

    Returns
    -------
    T : ndarray of float64, the grid's shape
        Arrival time ``min_i |p - x_i| / v_i``.
    labels : ndarray of int32, same shape
        The nucleus that arrives first (lowest index on exact ties).

    Examples
    --------
    >>> from semisolid.microstructure.nuclei import place_nuclei
    >>> nuc = place_nuclei(5, (8, 8), seed=0)
    >>> T, lab = arrival_times_brute_force(nuc)
    >>> T.shape, lab.dtype.name, sorted(set(lab.ravel().tolist())) == list(range(5))
    ((8, 8), 'int32', True)
    """
    shape = nuclei.shape_px
    x = nuclei.positions_px
    v = nuclei.speeds_px_per_time
    rows = rows if rows is not None else slice(0, shape[0])
    row_idx = np.arange(shape[0])[rows]
    centers = [np.arange(n, dtype=np.float64) + 0.5 for n in shape]
    # Per axis: squared distance of every nucleus to every pixel centre, shape (N, n_a).
    sq = [axis_sq_distances(x[:, a], centers[a], shape[a], nuclei.periodic)
          for a in range(len(shape))]
    out_shape = (row_idx.size, *shape[1:])
    T = np.full(out_shape, np.inf)
    labels = np.zeros(out_shape, dtype=np.int32)
    step = max(1, chunk_pixels // int(np.prod(shape[1:])))
    for start in range(0, row_idx.size, step):
        r = row_idx[start:start + step]
        T_c, lab_c = T[start:start + step], labels[start:start + step]
        for i in range(nuclei.n_nuclei):  # running minimum; strict '<' keeps the lowest index
            if len(shape) == 2:
                s = sq[0][i, r][:, None] + sq[1][i][None, :]
            else:
                s = sq[0][i, r][:, None, None] + (sq[1][i][:, None] + sq[2][i][None, :])[None]
            t = np.sqrt(s)
            t /= v[i]
            better = t < T_c
            T_c[better] = t[better]
            lab_c[better] = i
    return T, labels
