"""The solid skeleton of a semi-solid electrode, measured on time-cone microstructures.

What the creep-limited CCD model needs from the microstructure of a semi-solid electrode at a
liquid volume fraction ``f``, measured on 3D time-cone microstructures
(:func:`semisolid.microstructure.simulate`, the paper's Fig. 6a method, periodic box) and
averaged over a few seeds:

* **liquid connectivity** ``c_L``: the fraction of the liquid in clusters that span the box
  (0 when the liquid is in isolated pockets);
* **contiguity** ``C_ss = 2 S_ss / (2 S_ss + S_sl)``: the fraction of grain surface that
  touches another grain (``S_ss`` grain-boundary faces, ``S_sl`` solid-liquid faces, counted
  on the voxel grid);
* **specific surface** ``S_v`` (solid-liquid interface per volume, stereologically
  corrected, :func:`semisolid.microstructure.interface_density`) and the mean grain diameter,
  both in voxels.

The box is dimensionless; a physical grain size ``d_g`` turns voxels into metres
(``S_v [1/m] = S_v[1/px] d_px / d_g``).

Two laws use them (Carman-Kozeny; the skeleton strength of liquid-phase sintered solids,
German 1985, proportional to contiguity times the solid fraction)::

    k = c_L f³ / (c_K S_v²)              (c_K = 5, the Kozeny constant)
    s = [C_ss (1 - f)]^p                 (strength of the skeleton / strength of the solid)

Examples
--------
>>> m = mush_structure(0.0)
>>> m.liquid_connectivity, m.contiguity, m.regime
(0.0, 1.0, 'solid')
>>> round(float(carman_kozeny_permeability_m2(0.3, 6 / 20e-6)) * 1e12, 3)    # m2 -> um2
0.06
"""

from __future__ import annotations

import functools
import math
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from semisolid.errors import InputError

__all__ = [
    "DEFAULT_GRID",
    "MushStructure",
    "carman_kozeny_permeability_m2",
    "contiguity",
    "mush_structure",
    "skeleton_strength_factor",
]

DEFAULT_GRID: dict[str, Any] = {"size_px": 64, "n_nuclei": 120, "seeds": (1, 2, 3)}
"""3D box of 64³ voxels with 120 grains (about 4 grains across, 15 voxels per grain),
three seeds: about 0.2 s per seed."""


@dataclass(frozen=True)
class MushStructure:
    """Skeleton and liquid network of a semi-solid at one liquid volume fraction.

    Attributes
    ----------
    liquid_fraction : float
    liquid_connectivity : float
        Mean over seeds of the fraction of the liquid in box-spanning clusters.
    percolating_fraction : float
        Fraction of the seeds in which the liquid spans the box.
    contiguity : float
        Grain-to-grain fraction of the grain surface, C_ss.
    specific_surface_per_px : float
        Solid-liquid interface area per volume [1/voxel].
    grain_diameter_px : float
        Mean equivalent-sphere diameter of the grains [voxels].
    size_px, n_nuclei : int
    seeds : tuple of int

    Examples
    --------
    >>> mush_structure(1.0).regime
    'liquid'
    """

    liquid_fraction: float
    liquid_connectivity: float
    percolating_fraction: float
    contiguity: float
    specific_surface_per_px: float
    grain_diameter_px: float
    size_px: int
    n_nuclei: int
    seeds: tuple[int, ...]

    @property
    def regime(self) -> str:
        """``solid`` (no liquid), ``jammed`` (liquid in isolated pockets), ``flowing``
        (connected liquid drains through the skeleton) or ``liquid``."""
        if self.liquid_fraction <= 0.0:
            return "solid"
        if self.liquid_fraction >= 1.0:
            return "liquid"
        return "flowing" if self.liquid_connectivity > 0.0 else "jammed"

    def specific_surface_per_m(self, grain_size_m: float) -> float:
        """``S_v`` in 1/m for a physical mean grain diameter `grain_size_m`."""
        if not (math.isfinite(grain_size_m) and grain_size_m > 0):
            raise InputError(f"must be a positive length, got {grain_size_m!r}", "grain_size_m")
        if self.grain_diameter_px <= 0:
            return 0.0
        return self.specific_surface_per_px * self.grain_diameter_px / grain_size_m

    def to_dict(self) -> dict[str, Any]:
        """Plain dict with the regime."""
        d = asdict(self)
        d["seeds"] = list(self.seeds)
        d["regime"] = self.regime
        return d


def contiguity(labels: np.ndarray, solid: np.ndarray) -> float:
    """Contiguity ``2 S_ss / (2 S_ss + S_sl)`` counted on the faces of a periodic voxel grid.

    ``S_ss``: faces between solid voxels of different grains; ``S_sl``: solid-liquid faces.

    Examples
    --------
    >>> lab = np.array([[0, 0, 1, 1]])
    >>> contiguity(lab, np.array([[True, True, True, True]]))     # two grains, no liquid
    1.0
    >>> contiguity(lab, np.array([[True, False, True, False]]))   # every grain in liquid
    0.0
    """
    lab = np.asarray(labels)
    s = np.asarray(solid, dtype=bool)
    if lab.shape != s.shape:
        raise InputError(f"shape {lab.shape} differs from solid {s.shape}", "labels")
    ss = sl = 0
    for ax in range(lab.ndim):
        lab2 = np.roll(lab, -1, axis=ax)
        s2 = np.roll(s, -1, axis=ax)
        ss += int(np.count_nonzero(s & s2 & (lab != lab2)))
        sl += int(np.count_nonzero(s ^ s2))
    if ss + sl == 0:
        return 1.0 if s.all() else 0.0
    return 2.0 * ss / (2.0 * ss + sl)


@functools.lru_cache(maxsize=256)
def _measure(f: float, size_px: int, n_nuclei: int, seeds: tuple[int, ...]) -> MushStructure:
    from semisolid.microstructure import simulate

    conn, perc, cont, sv, dg = [], [], [], [], []
    for seed in seeds:
        r = simulate(f, size_px=size_px, n_nuclei=n_nuclei, dim=3, seed=seed, periodic=True,
                     show_progress=False)
        conn.append(r.percolation.spanning_fraction)
        perc.append(float(r.percolation.percolates))
        cont.append(contiguity(r.field.labels, r.solid))
        sv.append(r.interface_density_per_px)
        d = r.grains.equivalent_diameters_px
        dg.append(float(d.mean()) if d.size else 0.0)
    return MushStructure(f, float(np.mean(conn)), float(np.mean(perc)), float(np.mean(cont)),
                         float(np.mean(sv)), float(np.mean(dg)), size_px, n_nuclei, seeds)


def mush_structure(
    liquid_fraction: float,
    size_px: int = DEFAULT_GRID["size_px"],
    n_nuclei: int = DEFAULT_GRID["n_nuclei"],
    seeds: tuple[int, ...] = DEFAULT_GRID["seeds"],
) -> MushStructure:
    """Measure the skeleton at a liquid volume fraction (cached on the fraction rounded to
    1e-4 and the grid).

    Parameters
    ----------
    liquid_fraction : float
        In [0, 1]; 0 and 1 need no simulation.
    size_px, n_nuclei, seeds
        The 3D periodic box (:data:`DEFAULT_GRID`).

    Examples
    --------
    >>> mush_structure(-0.1)
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: liquid_fraction: must be in [0, 1], got -0.1
    """
    f = liquid_fraction
    if not (isinstance(f, int | float | np.floating) and math.isfinite(f) and 0.0 <= f <= 1.0):
        raise InputError(f"must be in [0, 1], got {f!r}", "liquid_fraction")
    grid = (int(size_px), int(n_nuclei), tuple(int(s) for s in seeds))
    if f <= 0.0:
        return MushStructure(0.0, 0.0, 0.0, 1.0, 0.0, 0.0, *grid)
    if f >= 1.0:
        return MushStructure(1.0, 1.0, 1.0, 0.0, 0.0, 0.0, *grid)
    return _measure(round(float(f), 4), *grid)


def carman_kozeny_permeability_m2(
    liquid_fraction: float | np.ndarray,
    specific_surface_per_m: float | np.ndarray,
    connectivity: float = 1.0,
    kozeny_constant: float = 5.0,
) -> float | np.ndarray:
    """Carman-Kozeny permeability ``k = c_L f³ / (c_K S_v²)`` [m²] (0 without surface).

    Examples
    --------
    >>> float(carman_kozeny_permeability_m2(0.2, 1e5, connectivity=0.0))
    0.0
    """
    f = np.asarray(liquid_fraction, dtype=float)
    sv = np.asarray(specific_surface_per_m, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        k = np.where(sv > 0, connectivity * f**3 / (kozeny_constant * sv**2), 0.0)
    return float(k) if k.ndim == 0 else k


def skeleton_strength_factor(structure: MushStructure, exponent: float = 1.0,
                             liquid_fraction: float | None = None) -> float:
    """Strength of the skeleton relative to the solid, ``[C_ss (1 - f)]^p`` (``f``: the
    structure's liquid fraction, or `liquid_fraction` when the structure was measured at a
    rounded one).

    Examples
    --------
    >>> skeleton_strength_factor(mush_structure(0.0))
    1.0
    >>> skeleton_strength_factor(mush_structure(1.0))
    0.0
    """
    f = structure.liquid_fraction if liquid_fraction is None else liquid_fraction
    base = structure.contiguity * (1.0 - f)
    return float(max(base, 0.0) ** exponent)
