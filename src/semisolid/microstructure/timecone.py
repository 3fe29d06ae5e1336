"""Fast, exact arrival times of the time-cone model (multiplicatively weighted Voronoi).

With every nucleus born at t = 0 and growing at its own speed, pixel ``p`` is reached at
``T(p) = min_i |p - x_i| / v_i`` (the lower envelope of the time cones; Cahn's time-cone
method) by grain ``argmin_i``. :mod:`.reference` evaluates that for every pair; this module
evaluates it only for nuclei that can win somewhere in a tile, and gives the *same bits*.

Algorithm (pure numpy, vectorised over tiles):

1. Cover the grid with square (cubic) root tiles. For each tile and nucleus ``i``, bound the
   arrival time over the tile's pixel centres: ``lb_i = dist(x_i, box) / v_i`` (nearest point of
   the box) and ``ub_i = maxdist(x_i, box) / v_i`` (farthest corner), with minimum-image distances
   when periodic. Every pixel of the tile is reached by ``min_i ub_i`` at the latest, so only
   nuclei with ``lb_i <= min_k ub_k`` can win (or tie) anywhere in it; the others are dropped.
2. Halve the tiles and repeat with the survivors of the parent, down to leaf tiles
   (16 x 16 pixels in 2D, 8 x 8 x 8 voxels in 3D by default).
3. In each leaf evaluate ``sqrt(d_0**2 + d_1**2) / v_i`` (3D: ``sqrt(d_0**2 + (d_1**2 + d_2**2))``)
   for its candidates (kept in increasing index order), with exactly the float64 operations of
   the reference, and take the first minimum. Leaves are grouped by candidate count so the
   arrays are never padded.

The bounds are widened by a relative 1e-9 so that rounding can only keep extra candidates,
never drop the winner; ties are kept too, so the lowest-index rule gives the reference's label.

Examples
--------
>>> import numpy as np
>>> from semisolid.microstructure.nuclei import place_nuclei
>>> from semisolid.microstructure.reference import arrival_times_brute_force
>>> nuc = place_nuclei(30, (40, 50), seed=3)
>>> f = arrival_times(nuc)
>>> T, lab = arrival_times_brute_force(nuc)
>>> bool(np.array_equal(f.labels, lab) and np.array_equal(f.arrival_time, T))
True
"""

from __future__ import annotations

import math
import os
from itertools import product

import numpy as np

from semisolid._util import progress
from semisolid.errors import InputError
from semisolid.microstructure.nuclei import Nuclei
from semisolid.microstructure.reference import axis_sq_distances
from semisolid.microstructure.result import ArrivalField

__all__ = [
    "BYTES_PER_PIXEL",
    "arrival_times",
    "available_memory_bytes",
    "check_memory",
    "estimate_memory_bytes",
]

#: Peak bytes per pixel of a full simulation: T (float64) and labels (int32), padded copies
#: while tiling, and the analysis (order-statistic copy of T, masks, cluster labels).
BYTES_PER_PIXEL = 40
_WORK_BYTES = 96 * 2**20  # bounded working buffers of the tiler
_REL_MARGIN = 1e-9


def available_memory_bytes() -> int:
    """Memory the system reports as available (``MemAvailable`` on Linux), in bytes.

    Falls back to free physical pages, then to 4 GiB if neither can be read.

    Examples
    --------
    >>> available_memory_bytes() > 0
    True
    """
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        return int(os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE"))
    except (ValueError, OSError, AttributeError):
        return 4 * 2**30


def estimate_memory_bytes(shape_px: tuple[int, ...], n_nuclei: int) -> int:
    """Peak memory estimate of a simulation on `shape_px` with `n_nuclei` (bytes).

    Examples
    --------
    >>> estimate_memory_bytes((1024, 1024), 400) / 2**20 > 40
    True
    """
    n_px = math.prod(int(s) for s in shape_px)
    return int(n_px * BYTES_PER_PIXEL + _WORK_BYTES + 200 * int(n_nuclei))


def check_memory(
    shape_px: tuple[int, ...], n_nuclei: int, memory_limit_bytes: int | None = None
) -> int:
    """Refuse, before allocating anything, a grid whose simulation would not fit in memory.

    Parameters
    ----------
    shape_px : tuple of int
    n_nuclei : int
    memory_limit_bytes : int, optional
        Default: half of :func:`available_memory_bytes`.

    Returns
    -------
    int
        The estimate, when it fits.

    Raises
    ------
    InputError
        (field ``size``) when the estimate exceeds the limit.

    Examples
    --------
    >>> check_memory((4096, 4096, 4096), 10, memory_limit_bytes=2**33)
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: size: a 4096x4096x4096 grid needs about 2560.1 GiB ...
    """
    need = estimate_memory_bytes(shape_px, n_nuclei)
    limit = available_memory_bytes() // 2 if memory_limit_bytes is None else memory_limit_bytes
    if need > limit:
        raise InputError(
            f"a {'x'.join(map(str, shape_px))} grid needs about {need / 2**30:.1f} GiB "
            f"({BYTES_PER_PIXEL} bytes per pixel), more than the limit of "
            f"{limit / 2**30:.1f} GiB; use a smaller size or raise the memory limit",
            "size",
        )
    return need


def _axis_bounds(
    x: np.ndarray, lo: np.ndarray, hi: np.ndarray, extent: int, periodic: bool
) -> tuple[np.ndarray, np.ndarray]:
    """Smallest and largest distance along one axis from `x` to a point of ``[lo, hi]``."""
    if not periodic:
        dmin = np.maximum(np.maximum(lo - x, x - hi), 0.0)
        dmax = np.maximum(np.abs(x - lo), np.abs(x - hi))
        return dmin, dmax
    L = float(extent)
    # Minimum image: gap to the nearest of the images x - L, x, x + L.
    dmin = np.maximum(np.maximum(lo - x, x - hi), 0.0)
    for shift in (-L, L):
        xs = x + shift
        dmin = np.minimum(dmin, np.maximum(np.maximum(lo - xs, xs - hi), 0.0))

    def f(p: np.ndarray) -> np.ndarray:
        d = np.abs(p - x)
        return np.minimum(d, L - d)

    dmax = np.maximum(f(lo), f(hi))
    half = 0.5 * L
    peak = ((lo <= x + half) & (x + half <= hi)) | ((lo <= x - half) & (x - half <= hi))
    dmax = np.where(peak, half, dmax)
    return dmin, dmax


def _prune(
    lo_idx: np.ndarray,
    size: int,
    cand: np.ndarray,
    nuclei: Nuclei,
) -> np.ndarray:
    """Keep, per tile, the candidates that can win somewhere in it (order kept, -1 padded)."""
    shape = nuclei.shape_px
    valid = cand >= 0
    c = np.where(valid, cand, 0)
    lb2 = np.zeros(cand.shape)
    ub2 = np.zeros(cand.shape)
    for a, n in enumerate(shape):
        lo = (lo_idx[:, a] + 0.5)[:, None]
        hi = (np.minimum(lo_idx[:, a] + size, n) - 0.5)[:, None]
        dmin, dmax = _axis_bounds(nuclei.positions_px[c, a], lo, hi, n, nuclei.periodic)
        lb2 += dmin * dmin
        ub2 += dmax * dmax
    v = nuclei.speeds_px_per_time[c]
    lb = np.sqrt(lb2) / v * (1.0 - _REL_MARGIN)
    ub = np.where(valid, np.sqrt(ub2) / v * (1.0 + _REL_MARGIN), np.inf)
    keep = valid & (lb <= ub.min(axis=1, keepdims=True))
    count = keep.sum(axis=1)
    k = int(count.max())
    order = np.argsort(~keep, axis=1, kind="stable")[:, :k]
    out = np.take_along_axis(cand, order, axis=1)
    out[np.arange(k)[None, :] >= count[:, None]] = -1
    return out


def _split(lo_idx: np.ndarray, size: int, cand: np.ndarray, shape: tuple[int, ...]):
    """Children (half size) of every tile, dropping those entirely outside the grid."""
    dim = len(shape)
    half = size // 2
    offs = np.array(list(product((0, half), repeat=dim)), dtype=np.int64)
    child = (lo_idx[:, None, :] + offs[None, :, :]).reshape(-1, dim)
    inside = np.all(child < np.asarray(shape), axis=1)
    cand_child = np.repeat(cand, len(offs), axis=0)
    return child[inside], cand_child[inside]


def _evaluate_leaves(
    lo_idx: np.ndarray,
    leaf: int,
    cand: np.ndarray,
    nuclei: Nuclei,
    T_blocks: np.ndarray,
    L_blocks: np.ndarray,
    max_pairs: int,
) -> None:
    """Exact minimum over each leaf's candidates, written into the blocked outputs."""
    shape = nuclei.shape_px
    dim = len(shape)
    x = nuclei.positions_px
    v = nuclei.speeds_px_per_time
    count = (cand >= 0).sum(axis=1)
    step = np.arange(leaf, dtype=np.float64) + 0.5
    blk = lo_idx // leaf
    for c in np.unique(count):
        rows = np.flatnonzero(count == c)
        per = int(c) * leaf**dim
        chunk = max(1, max_pairs // per)
        for s in range(0, rows.size, chunk):
            r = rows[s:s + chunk]
            C = cand[r, :c]
            sq = []
            for a in range(dim):
                centers = (lo_idx[r, a][:, None] + step)[:, None, :]  # (g, 1, leaf)
                sq.append(axis_sq_distances(x[C, a], centers, shape[a], nuclei.periodic))
            if dim == 2:
                t = sq[0][:, :, :, None] + sq[1][:, :, None, :]
            else:
                # d0^2 + (d1^2 + d2^2), the reference's order; the inner sum is small.
                s12 = (sq[1][:, :, :, None] + sq[2][:, :, None, :]).reshape((*C.shape, 1, -1))
                t = (sq[0][:, :, :, None] + s12).reshape(C.shape + (leaf,) * 3)
            np.sqrt(t, out=t)
            t /= v[C].reshape(C.shape + (1,) * dim)
            if c == 1:
                tmin = t[:, 0]
                lab = np.broadcast_to(C[:, 0].reshape((-1,) + (1,) * dim), tmin.shape)
            else:
                # First minimum: fill from the last candidate to the first so that, on exact
                # ties, the lowest index (candidates are in increasing order) is written last.
                tmin = t.min(axis=1)
                lab = np.empty(tmin.shape, dtype=np.int32)
                for k in range(int(c) - 1, -1, -1):
                    np.copyto(lab, C[:, k].reshape((-1,) + (1,) * dim), where=t[:, k] == tmin)
            idx = tuple(blk[r, a] for a in range(dim))
            if dim == 2:
                T_blocks[idx[0], :, idx[1], :] = tmin
                L_blocks[idx[0], :, idx[1], :] = lab
            else:
                T_blocks[idx[0], :, idx[1], :, idx[2], :] = tmin
                L_blocks[idx[0], :, idx[1], :, idx[2], :] = lab


def arrival_times(
    nuclei: Nuclei,
    *,
    leaf_px: int | None = None,
    levels: int | None = None,
    memory_limit_bytes: int | None = None,
    show_progress: bool | None = None,
) -> ArrivalField:
    """Exact arrival time and grain label of every pixel, fast.

    Parameters
    ----------
    nuclei : Nuclei
        Positions, speeds, grid and boundary condition (see
        :func:`semisolid.microstructure.nuclei.place_nuclei`).
    leaf_px : int, optional
        Edge of the leaf tiles (default 16 in 2D, 8 in 3D).
    levels : int, optional
        Halvings from the root tiles to the leaves (default: root tiles of about 8 mean
        nucleus spacings or the grid, at most 6 levels).
    memory_limit_bytes : int, optional
        Refuse grids whose simulation would need more (default: half the available memory);
        see :func:`check_memory`.
    show_progress : bool, optional
        Progress bar on stderr (default: when stderr is a terminal).

    Returns
    -------
    ArrivalField
        Identical (bit for bit, ties to the lowest index) to
        :func:`.reference.arrival_times_brute_force`.

    Examples
    --------
    >>> from semisolid.microstructure.nuclei import place_nuclei
    >>> f = arrival_times(place_nuclei(10, (8, 8, 8), seed=2, periodic=False))
    >>> f.arrival_time.shape, f.labels.dtype.name
    ((8, 8, 8), 'int32')
    """
    shape = nuclei.shape_px
    dim = len(shape)
    check_memory(shape, nuclei.n_nuclei, memory_limit_bytes)
    leaf = int(leaf_px) if leaf_px is not None else (16 if dim == 2 else 8)
    if leaf < 1:
        raise InputError(f"expected a positive integer, got {leaf_px!r}", "leaf_px")
    if levels is None:
        spacing = (math.prod(shape) / nuclei.n_nuclei) ** (1.0 / dim)
        target = min(8.0 * spacing, float(max(shape)))
        levels = max(0, min(6, math.ceil(math.log2(max(target / leaf, 1.0)))))
    root = leaf * 2**levels
    nb = [math.ceil(n / leaf) for n in shape]
    padded = tuple(b * leaf for b in nb)
    T_pad = np.empty(padded, dtype=np.float64)
    L_pad = np.empty(padded, dtype=np.int32)
    blocked = tuple(x for b in nb for x in (b, leaf))
    T_blocks = T_pad.reshape(blocked)
    L_blocks = L_pad.reshape(blocked)

    n_nuc = nuclei.n_nuclei
    roots = np.array(
        list(product(*[range(0, n, root) for n in shape])), dtype=np.int64
    ).reshape(-1, dim)
    max_pairs = 2**20
    batch = max(1, max_pairs // n_nuc)
    all_cand = np.arange(n_nuc, dtype=np.int64)
    starts = range(0, len(roots), batch)
    for s in progress(starts, "time cones", total=len(starts), enabled=show_progress):
        lo = roots[s:s + batch]
        cand = _prune(lo, root, np.broadcast_to(all_cand, (len(lo), n_nuc)), nuclei)
        size = root
        while size > leaf:
            lo, cand = _split(lo, size, cand, shape)
            size //= 2
            cand = _prune(lo, size, cand, nuclei)
        _evaluate_leaves(lo, leaf, cand, nuclei, T_blocks, L_blocks, max_pairs)

    if padded != shape:
        crop = tuple(slice(0, n) for n in shape)
        T_pad = np.ascontiguousarray(T_pad[crop])
        L_pad = np.ascontiguousarray(L_pad[crop])
    return ArrivalField(T_pad, L_pad, nuclei)
