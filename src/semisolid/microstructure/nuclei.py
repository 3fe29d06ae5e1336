"""Nuclei of the time-cone model: positions with a minimum separation and growth speeds.

All nuclei appear at time 0 (site saturation), as in the paper's Methods: "locations obtained
from a uniform random distribution, but with a minimum separation between each nucleus", each
with "a growth speed chosen from a random distribution from 0.6 to 1.5" (taken as uniform).

Positions are placed by random sequential adsorption (RSA, "dart throwing"): candidates are
drawn uniformly and accepted in order when they lie at least ``min_separation_px`` from every
nucleus accepted before them (minimum-image distance when the box is periodic). Candidates are
drawn and checked in vectorised batches with a :class:`scipy.spatial.cKDTree`, but the result
is exactly that of the one-by-one sequential process, so it depends only on the seed.

Coordinates are in pixels: the box is ``[0, n_0) x [0, n_1) (x [0, n_2))`` and pixel
``(i, j)`` has its centre at ``(i + 0.5, j + 0.5)``. Speeds are in pixels per unit time, so
arrival times are in units of time (px per unit speed).

Examples
--------
>>> nuc = place_nuclei(20, (64, 64), min_separation_px=5.0, seed=1)
>>> nuc.n_nuclei, nuc.dim, nuc.positions_px.shape
(20, 2, (20, 2))
>>> bool(nuc.min_pair_distance_px() >= 5.0)
True
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from semisolid.errors import InputError

__all__ = [
    "RSA_JAMMING_COVERAGE",
    "Nuclei",
    "ball_volume",
    "default_min_separation_px",
    "place_nuclei",
    "validate_shape",
]

#: Jamming coverage of random sequential adsorption of equal disks (2D) and spheres (3D):
#: 0.547 (Hinrichsen, Feder & Jossang, J. Stat. Phys. 44, 793 (1986)) and 0.382
#: (Cooper, Phys. Rev. A 38, 522 (1988); Torquato et al., PRE 74, 061308 (2006)).
RSA_JAMMING_COVERAGE = {2: 0.547, 3: 0.382}


def ball_volume(radius: float, dim: int) -> float:
    """Area (2D) or volume (3D) of a ball of `radius`.

    Examples
    --------
    >>> round(ball_volume(1.0, 2), 6), round(ball_volume(1.0, 3), 6)
    (3.141593, 4.18879)
    """
    return math.pi * radius**2 if dim == 2 else 4.0 / 3.0 * math.pi * radius**3


def validate_shape(shape_px: Any) -> tuple[int, ...]:
    """Check a grid shape: 2 or 3 positive integer extents (pixels). Returns it as a tuple.

    Examples
    --------
    >>> validate_shape([32, 16])
    (32, 16)
    >>> validate_shape((0, 4))
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: shape_px: every extent must be a positive integer, got (0, 4)
    """
    try:
        raw = list(shape_px)
        shape = tuple(int(s) for s in raw)
    except (TypeError, ValueError):
        raise InputError(f"expected 2 or 3 integers, got {shape_px!r}", "shape_px") from None
    if len(shape) not in (2, 3):
        raise InputError(f"expected 2 (2D) or 3 (3D) extents, got {shape}", "shape_px")
    if any(s < 1 for s in shape) or any(float(a) != s for a, s in zip(raw, shape, strict=True)):
        raise InputError(f"every extent must be a positive integer, got {shape}", "shape_px")
    return shape


def default_min_separation_px(n_nuclei: int, shape_px: tuple[int, ...]) -> float:
    """Default minimum separation: half the mean nucleus spacing ``(V/N)**(1/d)``.

    The paper does not state its value; half the mean spacing excludes close pairs while keeping
    the coverage of the exclusion disks (~0.20 in 2D, ~0.07 in 3D) far below RSA jamming.

    Examples
    --------
    >>> default_min_separation_px(100, (100, 100))
    5.0
    """
    volume = float(np.prod(shape_px))
    return 0.5 * (volume / n_nuclei) ** (1.0 / len(shape_px))


@dataclass
class Nuclei:
    """Nucleus positions (pixels) and growth speeds (pixels per unit time).

    Attributes
    ----------
    positions_px : ndarray, shape (N, d)
        Coordinates in pixels, each in ``[0, shape_px[a])``.
    speeds_px_per_time : ndarray, shape (N,)
        Growth speed of each nucleus (cone slope).
    shape_px : tuple of int
        The grid the nuclei live in.
    periodic : bool
        Whether the box wraps around (minimum-image distances).
    min_separation_px : float
        The minimum separation that was enforced.
    seed : int or None
        The seed of the PCG64 generator that drew them (None if given by hand).

    Examples
    --------
    >>> import numpy as np
    >>> nuc = Nuclei(np.array([[1.0, 2.0]]), np.array([1.0]), (4, 4), periodic=False)
    >>> nuc.to_dict()["n_nuclei"]
    1
    """

    positions_px: np.ndarray
    speeds_px_per_time: np.ndarray
    shape_px: tuple[int, ...]
    periodic: bool = True
    min_separation_px: float = 0.0
    seed: int | None = None
    speed_range: tuple[float, float] = field(default=(0.6, 1.5))

    def __post_init__(self) -> None:
        self.shape_px = validate_shape(self.shape_px)
        pos = np.asarray(self.positions_px, dtype=np.float64)
        spd = np.asarray(self.speeds_px_per_time, dtype=np.float64)
        d = len(self.shape_px)
        if pos.ndim != 2 or pos.shape[1] != d:
            raise InputError(f"expected shape (N, {d}), got {pos.shape}", "positions_px")
        if pos.shape[0] == 0:
            raise InputError("no nuclei: at least one is needed", "positions_px")
        if spd.shape != (pos.shape[0],):
            raise InputError(
                f"expected one speed per nucleus ({pos.shape[0]}), got shape {spd.shape}",
                "speeds_px_per_time",
            )
        if not np.all(np.isfinite(pos)):
            raise InputError("positions must be finite numbers", "positions_px")
        if not np.all(np.isfinite(spd)) or np.any(spd <= 0):
            raise InputError("speeds must be finite and > 0", "speeds_px_per_time")
        box = np.asarray(self.shape_px, dtype=np.float64)
        if np.any(pos < 0) or np.any(pos >= box):
            bad = int(np.flatnonzero(np.any((pos < 0) | (pos >= box), axis=1))[0])
            raise InputError(
                f"nucleus {bad} at {pos[bad].tolist()} is outside the box [0, n) of "
                f"{self.shape_px}",
                "positions_px",
            )
        self.positions_px = pos
        self.speeds_px_per_time = spd

    @property
    def n_nuclei(self) -> int:
        """Number of nuclei N."""
        return int(self.positions_px.shape[0])

    @property
    def dim(self) -> int:
        """2 or 3."""
        return len(self.shape_px)

    @property
    def density_per_px(self) -> float:
        """Nuclei per pixel (2D) or voxel (3D)."""
        return self.n_nuclei / float(np.prod(self.shape_px))

    def pair_distances_px(self) -> np.ndarray:
        """All pairwise distances (minimum image if periodic), condensed like ``pdist``.

        Brute force, O(N^2) memory: for checks on small sets.

        Examples
        --------
        >>> import numpy as np
        >>> nuc = Nuclei(np.array([[0.5, 0.5], [9.5, 0.5]]), np.ones(2), (10, 10))
        >>> nuc.pair_distances_px()
        array([1.])
        """
        diff = np.abs(self.positions_px[:, None, :] - self.positions_px[None, :, :])
        if self.periodic:
            box = np.asarray(self.shape_px, dtype=np.float64)
            diff = np.minimum(diff, box - diff)
        dist = np.sqrt((diff**2).sum(axis=-1))
        iu = np.triu_indices(self.n_nuclei, k=1)
        return dist[iu]

    def min_pair_distance_px(self) -> float:
        """Smallest pairwise distance (inf for one nucleus)."""
        if self.n_nuclei < 2:
            return math.inf
        from scipy.spatial import cKDTree

        box = np.asarray(self.shape_px, dtype=np.float64) if self.periodic else None
        tree = cKDTree(self.positions_px, boxsize=box)
        dist, _ = tree.query(self.positions_px, k=2)
        return float(dist[:, 1].min())

    def to_dict(self) -> dict[str, Any]:
        """Summary (no arrays unless small: positions and speeds for N <= 50)."""
        out: dict[str, Any] = {
            "n_nuclei": self.n_nuclei,
            "shape_px": list(self.shape_px),
            "periodic": self.periodic,
            "min_separation_px": self.min_separation_px,
            "seed": self.seed,
            "speed_range": list(self.speed_range),
            "density_per_px": self.density_per_px,
        }
        if self.n_nuclei <= 50:
            out["positions_px"] = self.positions_px.tolist()
            out["speeds_px_per_time"] = self.speeds_px_per_time.tolist()
        return out


def _check_feasible(n: int, shape: tuple[int, ...], d_min: float, periodic: bool) -> None:
    dim = len(shape)
    # Exclusion balls of radius d_min/2 around the points must fit in the box (grown by d_min/2
    # per side when open); RSA cannot exceed its jamming coverage.
    ext = np.asarray(shape, dtype=np.float64) + (0.0 if periodic else d_min)
    coverage = n * ball_volume(d_min / 2.0, dim) / float(np.prod(ext))
    limit = RSA_JAMMING_COVERAGE[dim]
    if coverage > limit:
        n_max = int(limit * float(np.prod(ext)) / ball_volume(d_min / 2.0, dim))
        raise InputError(
            f"a {'x'.join(map(str, shape))} grid is too small for {n} nuclei at a minimum "
            f"separation of {d_min:g} px: the exclusion {'disks' if dim == 2 else 'spheres'} "
            f"would cover {coverage:.3f} of the box, above the random-sequential-adsorption "
            f"jamming limit {limit}; use at most about {n_max} nuclei, a smaller "
            f"min separation or a larger grid",
            "n_nuclei",
        )


def place_nuclei(
    n_nuclei: int,
    shape_px: tuple[int, ...],
    *,
    min_separation_px: float | None = None,
    speed_range: tuple[float, float] = (0.6, 1.5),
    periodic: bool = True,
    seed: int | None = 0,
    max_candidates: int | None = None,
) -> Nuclei:
    """Place `n_nuclei` at random with a minimum separation and draw their speeds.

    Parameters
    ----------
    n_nuclei : int
        Number of nuclei N (>= 1).
    shape_px : tuple of int
        Grid extents in pixels, 2 (2D) or 3 (3D) of them.
    min_separation_px : float, optional
        Minimum distance between two nuclei (minimum image when periodic); 0 gives Poisson
        (uniform, independent) nuclei. Default: :func:`default_min_separation_px`.
    speed_range : (float, float)
        Speeds are uniform on this interval (paper: 0.6 to 1.5).
    periodic : bool
        Periodic box (default) or open box.
    seed : int
        Seed of the ``numpy.random.Generator(PCG64)``; the same seed gives the same nuclei on
        any machine.
    max_candidates : int, optional
        Give up after drawing this many candidate positions (default ``max(10**5, 2000 N)``).

    Returns
    -------
    Nuclei

    Raises
    ------
    InputError
        No nuclei, a bad shape or speed range, or a grid too small for N nuclei at the minimum
        separation (checked against the RSA jamming coverage before any sampling).

    Notes
    -----
    The positions are drawn first (``rng.random`` in batches of candidates), the speeds after
    (``rng.uniform``), both from one generator.

    Examples
    --------
    >>> nuc = place_nuclei(3, (10, 10), min_separation_px=0.0, seed=4)
    >>> nuc.positions_px.round(2).tolist() == place_nuclei(3, (10, 10), min_separation_px=0.0,
    ...                                                    seed=4).positions_px.round(2).tolist()
    True
    >>> place_nuclei(0, (10, 10))
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: n_nuclei: no nuclei requested; at least 1 is needed
    """
    shape = validate_shape(shape_px)
    dim = len(shape)
    if isinstance(n_nuclei, bool) or int(n_nuclei) != n_nuclei:
        raise InputError(f"expected a whole number, got {n_nuclei!r}", "n_nuclei")
    n = int(n_nuclei)
    if n < 1:
        raise InputError("no nuclei requested; at least 1 is needed", "n_nuclei")
    lo, hi = (float(s) for s in speed_range)
    if not (math.isfinite(lo) and math.isfinite(hi) and 0 < lo <= hi):
        raise InputError(f"expected 0 < low <= high, got ({lo:g}, {hi:g})", "speed_range")
    d_min = default_min_separation_px(n, shape) if min_separation_px is None else min_separation_px
    d_min = float(d_min)
    if not math.isfinite(d_min) or d_min < 0:
        raise InputError(f"expected a finite number >= 0, got {d_min!r}", "min_separation_px")
    _check_feasible(n, shape, d_min, periodic)

    rng = np.random.Generator(np.random.PCG64(seed))
    box = np.asarray(shape, dtype=np.float64)
    if d_min == 0.0:
        pos = rng.random((n, dim)) * box
    else:
        pos = _rsa(rng, n, box, d_min, periodic, max_candidates or max(10**5, 2000 * n))
    # rng.random * box can round up to box itself for a value just below 1: keep [0, n).
    pos = np.minimum(pos, np.nextafter(box, 0.0))
    speeds = rng.uniform(lo, hi, size=n)
    return Nuclei(pos, speeds, shape, periodic, d_min, seed, (lo, hi))


def _rsa(
    rng: np.random.Generator,
    n: int,
    box: np.ndarray,
    d_min: float,
    periodic: bool,
    max_candidates: int,
) -> np.ndarray:
    """Random sequential adsorption, batched; identical to accepting candidates one by one."""
    from scipy.spatial import cKDTree

    dim = box.size
    boxsize = box if periodic else None
    accepted = np.empty((0, dim))
    drawn = 0
    while accepted.shape[0] < n:
        need = n - accepted.shape[0]
        batch = int(min(max(2 * need, 256), 200_000))
        if drawn + batch > max_candidates:
            batch = max_candidates - drawn
        if batch <= 0:
            raise InputError(
                f"could only place {accepted.shape[0]} of {n} nuclei at a minimum separation "
                f"of {d_min:g} px after {drawn} random candidates; use fewer nuclei, a smaller "
                f"min separation or a larger grid",
                "n_nuclei",
            )
        cand = np.minimum(rng.random((batch, dim)) * box, np.nextafter(box, 0.0))
        drawn += batch
        ok = np.ones(batch, dtype=bool)
        if accepted.shape[0]:
            tree = cKDTree(accepted, boxsize=boxsize)
            dist, _ = tree.query(cand, k=1)
            ok = dist >= d_min
        idx = np.flatnonzero(ok)
        cand_ok = cand[idx]
        # Conflicts inside the batch: accept greedily in draw order.
        keep = np.ones(idx.size, dtype=bool)
        if idx.size > 1:
            tree_b = cKDTree(cand_ok, boxsize=boxsize)
            pairs = tree_b.query_pairs(d_min, output_type="ndarray")
            if pairs.size:
                # query_pairs uses <= r; separation exactly d_min is allowed.
                diff = np.abs(cand_ok[pairs[:, 0]] - cand_ok[pairs[:, 1]])
                if periodic:
                    diff = np.minimum(diff, box - diff)
                pairs = pairs[np.sqrt((diff**2).sum(axis=1)) < d_min]
            if pairs.size:
                pairs = np.sort(pairs, axis=1)
                pairs = pairs[np.lexsort((pairs[:, 0], pairs[:, 1]))]
                later = {}
                for a, b in pairs.tolist():
                    later.setdefault(b, []).append(a)
                for b in sorted(later):
                    if any(keep[a] for a in later[b]):
                        keep[b] = False
        accepted = np.concatenate([accepted, cand_ok[keep]])
    return accepted[:n]
