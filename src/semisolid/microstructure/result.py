"""Result dataclasses of the time-cone microstructure simulation.

Examples
--------
>>> ts = TimeSlice(0.51, 10.0, 10.0, 0.51, 0.51, 3, True, 9.0, 100)
>>> ts.to_dict()["time_slice"]
10.0
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from semisolid._repr import short_repr
from semisolid.microstructure.nuclei import Nuclei

__all__ = ["ArrivalField", "GrainSizes", "MicrostructureResult", "Percolation", "TimeSlice"]


@dataclass
class ArrivalField:
    """Arrival time of the growth front at every pixel and the grain that arrives first.

    Attributes
    ----------
    arrival_time : ndarray of float64
        ``T(p) = min_i |p - x_i| / v_i`` (time units: px per unit speed).
    labels : ndarray of int32
        Index of the first-arriving nucleus (lowest index on exact ties).
    nuclei : Nuclei
        The nuclei it was computed from.

    Examples
    --------
    >>> from semisolid.microstructure.nuclei import place_nuclei
    >>> from semisolid.microstructure.timecone import arrival_times
    >>> f = arrival_times(place_nuclei(4, (16, 16), seed=1))
    >>> f.to_dict()["shape_px"]
    [16, 16]
    """

    arrival_time: np.ndarray
    labels: np.ndarray
    nuclei: Nuclei

    @property
    def shape_px(self) -> tuple[int, ...]:
        """Grid shape in pixels."""
        return tuple(self.arrival_time.shape)

    def to_dict(self) -> dict[str, Any]:
        """Summary without the arrays."""
        return {
            "shape_px": list(self.shape_px),
            "arrival_time_max": float(self.arrival_time.max()),
            "n_grains_nonempty": int(np.count_nonzero(
                np.bincount(self.labels.ravel(), minlength=self.nuclei.n_nuclei))),
            "nuclei": self.nuclei.to_dict(),
        }


@dataclass
class TimeSlice:
    """The time slice that gives a target liquid fraction, found two ways.

    Attributes
    ----------
    target_liquid_fraction : float
    time_slice : float
        Exact order statistic of T: the ``(P - m)``-th smallest arrival time, with
        ``m = round(f P)`` liquid pixels of ``P``.
    time_slice_secant : float
        Secant search on ``f_L(t) - f`` (the paper's method), JMAK initial guess.
    liquid_fraction, liquid_fraction_secant : float
        Pixel-counted liquid fraction ``mean(T > t)`` at each.
    secant_iterations : int
    secant_converged : bool
        Whether the secant reached ``|f_L - f| < 1/P`` (one pixel).
    jmak_time_slice : float
        The JMAK (Poisson nuclei) estimate used as initial guess.
    n_pixels : int
        P.
    """

    target_liquid_fraction: float
    time_slice: float
    time_slice_secant: float
    liquid_fraction: float
    liquid_fraction_secant: float
    secant_iterations: int
    secant_converged: bool
    jmak_time_slice: float
    n_pixels: int

    def to_dict(self) -> dict[str, Any]:
        """All fields as a dict."""
        return asdict(self)


@dataclass
class Percolation:
    """Connectivity of the liquid between two opposite faces.

    Attributes
    ----------
    percolates : bool
        A liquid cluster touches both faces normal to `axis`.
    spanning_fraction : float
        Fraction of the liquid pixels that belong to spanning clusters (0 if none, NaN never:
        0 when there is no liquid).
    n_clusters : int
        Liquid clusters (periodic wrap merged across the lateral axes when periodic).
    axis : int
        The axis along which spanning is tested (0: first array axis, "thickness").
    connectivity : int
        1: faces only (4 neighbours in 2D, 6 in 3D); ``dim``: all neighbours.
    periodic : bool
        Whether clusters were joined across the lateral (not the spanning) boundaries.
    """

    percolates: bool
    spanning_fraction: float
    n_clusters: int
    axis: int
    connectivity: int
    periodic: bool

    def to_dict(self) -> dict[str, Any]:
        """All fields as a dict."""
        return asdict(self)


@dataclass
class GrainSizes:
    """Sizes of the solid grains at a time slice.

    Attributes
    ----------
    sizes_px : ndarray of int64, shape (N,)
        Solid pixels (voxels) owned by each nucleus (0 for an empty grain).
    dim : int

    Examples
    --------
    >>> import numpy as np
    >>> g = GrainSizes(np.array([0, 314, 1256]), 2)
    >>> g.n_grains, g.equivalent_diameters_px.round(1).tolist()
    (2, [20.0, 40.0])
    """

    sizes_px: np.ndarray
    dim: int

    @property
    def n_grains(self) -> int:
        """Grains with at least one solid pixel."""
        return int(np.count_nonzero(self.sizes_px))

    @property
    def equivalent_diameters_px(self) -> np.ndarray:
        """Diameters of the disks (2D) or spheres (3D) of equal size, non-empty grains only."""
        s = self.sizes_px[self.sizes_px > 0].astype(np.float64)
        if self.dim == 2:
            return 2.0 * np.sqrt(s / np.pi)
        return 2.0 * np.cbrt(3.0 * s / (4.0 * np.pi))

    def to_dict(self) -> dict[str, Any]:
        """Summary statistics (sizes in pixels or voxels, diameters in pixels)."""
        d = self.equivalent_diameters_px
        s = self.sizes_px[self.sizes_px > 0]
        empty = d.size == 0
        return {
            "n_grains": self.n_grains,
            "mean_size_px": None if empty else float(s.mean()),
            "mean_equivalent_diameter_px": None if empty else float(d.mean()),
            "median_equivalent_diameter_px": None if empty else float(np.median(d)),
            "std_equivalent_diameter_px": None if empty else float(d.std()),
            "d10_equivalent_diameter_px": None if empty else float(np.percentile(d, 10)),
            "d90_equivalent_diameter_px": None if empty else float(np.percentile(d, 90)),
        }


@short_repr("time_slice", "percolation", "interface_density_per_px", "grains")
@dataclass
class MicrostructureResult:
    """Everything one simulation produced.

    Attributes
    ----------
    field : ArrivalField
    time_slice : TimeSlice
    percolation : Percolation
    interface_density_per_px : float
        Solid-liquid interface length per area (2D, 1/px) or area per volume (3D, 1/px),
        pixel-edge count with the isotropic stereological correction (see
        :func:`semisolid.microstructure.analysis.interface_density`).
    grains : GrainSizes
    """

    field: ArrivalField
    time_slice: TimeSlice
    percolation: Percolation
    interface_density_per_px: float
    grains: GrainSizes

    @property
    def solid(self) -> np.ndarray:
        """Boolean solid mask at the time slice (``T <= t``)."""
        return self.field.arrival_time <= self.time_slice.time_slice

    def to_dict(self) -> dict[str, Any]:
        """The CLI's JSON document."""
        n = self.field.nuclei
        return {
            "time_slice": self.time_slice.time_slice,
            "time_slice_secant": self.time_slice.time_slice_secant,
            "liquid_fraction": self.time_slice.liquid_fraction,
            "liquid_fraction_secant": self.time_slice.liquid_fraction_secant,
            "target_liquid_fraction": self.time_slice.target_liquid_fraction,
            "liquid_percolates": self.percolation.percolates,
            "liquid_spanning_fraction": self.percolation.spanning_fraction,
            "interface_density": self.interface_density_per_px,
            "interface_density_unit": "1/px",
            "n_liquid_clusters": self.percolation.n_clusters,
            "secant_iterations": self.time_slice.secant_iterations,
            "secant_converged": self.time_slice.secant_converged,
            "jmak_time_slice": self.time_slice.jmak_time_slice,
            "grains": self.grains.to_dict(),
            "dim": n.dim,
            "shape_px": list(n.shape_px),
            "n_nuclei": n.n_nuclei,
            "periodic": n.periodic,
            "min_separation_px": n.min_separation_px,
            "speed_range": list(n.speed_range),
            "seed": n.seed,
        }
