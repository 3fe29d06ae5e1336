"""One call from parameters to an analysed microstructure (the Fig. 6a insets and beyond).

Steps: validate everything and check memory (nothing heavy allocated yet) -> place nuclei
(:mod:`.nuclei`) -> exact arrival times (:mod:`.timecone`) -> time slice for the target liquid
fraction (:mod:`.slicing`) -> liquid connectivity, interface density, grain sizes
(:mod:`.analysis`).

The paper's two insets are :data:`PRESETS`: the liquid fractions the paper chose for them
(Methods: 0.51 for composition B, 0.90K-0.10Na, and 0.10 for composition A, 0.95K-0.05Na),
which it states as the starting liquid fractions of the two semi-solid electrodes. They are
inputs, taken from :data:`semisolid.paper.INSET_LIQUID_FRACTIONS`; the liquid fractions
semisolid computes for A and B are :func:`semisolid.paper.starting_liquid_fraction`.

Examples
--------
>>> r = simulate(0.51, size_px=128, n_nuclei=40, seed=1)
>>> abs(r.time_slice.liquid_fraction - 0.51) <= 0.5 / 128**2
True
>>> sorted(r.to_dict())[:3]
['dim', 'grains', 'interface_density']
"""

from __future__ import annotations

from semisolid.errors import InputError, suggest
from semisolid.microstructure.analysis import grain_sizes, interface_density, liquid_percolation
from semisolid.microstructure.nuclei import place_nuclei, validate_shape
from semisolid.microstructure.result import MicrostructureResult
from semisolid.microstructure.slicing import check_fraction, find_time_slice, jmak_time_slice
from semisolid.microstructure.timecone import arrival_times, check_memory
from semisolid.paper import INSET_LIQUID_FRACTIONS

__all__ = ["PRESETS", "preset_liquid_fraction", "simulate"]

#: Liquid fractions of the paper's Fig. 6a insets (the paper's stated starting liquid fractions
#: of electrodes B and A; inputs).
PRESETS: dict[str, float] = dict(INSET_LIQUID_FRACTIONS)


def preset_liquid_fraction(name: str) -> float:
    """Liquid fraction of a named preset (``"A"`` or ``"B"``, case-insensitive).

    Examples
    --------
    >>> preset_liquid_fraction("b")
    0.51
    >>> preset_liquid_fraction("C")
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: preset: unknown preset 'C'; known: A (0.1), B (0.51)
    """
    key = str(name).strip().upper()
    if key not in PRESETS:
        known = ", ".join(f"{k} ({PRESETS[k]:g})" for k in sorted(PRESETS))
        raise InputError(f"unknown preset {name!r}; known: {known}{suggest(key, PRESETS)}",
                         "preset")
    return PRESETS[key]


def simulate(
    liquid_fraction: float,
    size_px: int | None = 512,
    n_nuclei: int = 400,
    *,
    dim: int = 2,
    shape_px: tuple[int, ...] | None = None,
    seed: int = 0,
    periodic: bool = True,
    min_separation_px: float | None = None,
    speed_range: tuple[float, float] = (0.6, 1.5),
    memory_limit_bytes: int | None = None,
    percolation_axis: int = 0,
    connectivity: int = 1,
    show_progress: bool | None = None,
) -> MicrostructureResult:
    """Simulate a semi-solid microstructure at a target liquid fraction and analyse it.

    Parameters
    ----------
    liquid_fraction : float
        Target liquid (white) fraction, strictly between 0 and 1.
    size_px : int
        Edge of the square (2D) or cubic (3D) grid in pixels; ignored when `shape_px` is given.
    n_nuclei : int
        Number of grains (nuclei), all born at t = 0.
    dim : int
        2 or 3.
    shape_px : tuple of int, optional
        Explicit grid shape (2 or 3 extents); overrides `size_px` and `dim`.
    seed : int
        Seed of the PCG64 generator (same seed, same result on any machine).
    periodic : bool
        Periodic (default) or open box.
    min_separation_px : float, optional
        Minimum nucleus separation (default: half the mean spacing; 0 for Poisson nuclei).
    speed_range : (float, float)
        Growth speeds are uniform on it (paper: 0.6 to 1.5).
    memory_limit_bytes : int, optional
        Refuse larger jobs before allocating (default: half the available memory).
    percolation_axis : int
        Axis along which liquid spanning is tested (default 0).
    connectivity : int
        Neighbourhood of the liquid clusters (1: faces only).
    show_progress : bool, optional
        Progress bar on stderr.

    Returns
    -------
    MicrostructureResult

    Examples
    --------
    >>> r = simulate(0.10, size_px=32, n_nuclei=20, dim=3, seed=2)
    >>> r.field.arrival_time.shape, r.percolation.axis
    ((32, 32, 32), 0)
    """
    f = check_fraction(liquid_fraction, "liquid_fraction")
    if shape_px is None:
        if dim not in (2, 3):
            raise InputError(f"expected 2 or 3, got {dim!r}", "dim")
        if size_px is None or isinstance(size_px, bool) or int(size_px) != size_px or size_px < 1:
            raise InputError(f"expected a positive whole number of pixels, got {size_px!r}",
                             "size")
        shape_px = (int(size_px),) * dim
    shape = validate_shape(shape_px)
    if isinstance(n_nuclei, bool) or int(n_nuclei) != n_nuclei or n_nuclei < 1:
        raise InputError(f"no nuclei: expected a whole number >= 1, got {n_nuclei!r}",
                         "n_nuclei")
    check_memory(shape, int(n_nuclei), memory_limit_bytes)
    nuclei = place_nuclei(
        int(n_nuclei), shape, min_separation_px=min_separation_px, speed_range=speed_range,
        periodic=periodic, seed=seed,
    )
    field = arrival_times(nuclei, memory_limit_bytes=memory_limit_bytes,
                          show_progress=show_progress)
    guess = jmak_time_slice(f, nuclei.density_per_px, nuclei.dim, nuclei.speed_range)
    ts = find_time_slice(field.arrival_time, f, guess)
    solid = field.arrival_time <= ts.time_slice
    perc = liquid_percolation(~solid, axis=percolation_axis, periodic=periodic,
                              connectivity=connectivity)
    return MicrostructureResult(
        field=field,
        time_slice=ts,
        percolation=perc,
        interface_density_per_px=interface_density(solid, periodic),
        grains=grain_sizes(field.labels, solid, nuclei.n_nuclei),
    )
