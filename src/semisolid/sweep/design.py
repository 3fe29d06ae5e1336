"""Design maps on Dask: :func:`semisolid.electrode.maps.design_map` in chunks.

A chunk is a run of temperatures, with every composition and areal capacity of the map, and
one task runs the serial :func:`~semisolid.electrode.maps.design_map` on it; the chunks are
put back together along ``temperature_K`` with xarray. The result is the serial map, number
for number (tests compare them with ``xarray.Dataset.identical``; every task runs with
single-threaded BLAS, so that BLAS threading cannot change a last digit).

Why temperature only: the equilibrium engine solves a batch of states together, grouped by
temperature (and then by phase assemblage), so a state's last digits depend on the other
states of its temperature in the batch (direct solves, ternaries: about 2e-14 in the liquid
fraction between a batch and a part of it). On the lever path (binaries) the lever tables'
composition range comes from every composition and capacity of the map, none from the
temperature. Both are the same in a chunk of whole temperatures as in the whole map.

**Memory per worker** is bounded by `chunk_size`, the map points (half cycles:
compositions x capacities x temperatures) of one chunk, but a chunk is never less than one
temperature (compositions x capacities points), whatever `chunk_size` says. A worker holds
one chunk per thread: its Dataset (68 bytes per map point for a binary) and the engine's
work arrays for one temperature, on top of the worker's baseline (Python, numpy, xarray
and the compiled database, about 350 MiB resident). Measured on a binary map solved state
by state, a worker peaked about 130 MiB above that baseline with 5,000 and with 20,000 map
points per chunk alike (``docs/performance.md``).

The serial map's two map-wide warnings are made for the whole map here, not per chunk: the
half cycles that exhaust the electrode are counted over every chunk (one warning, the
capacity range over all of them) and "no liquid forms anywhere on the map" is said only when
the whole map has none.

Examples
--------
>>> design_chunks(points_per_temperature=40, n_temperatures=5, chunk_size=80)
[slice(0, 2, None), slice(2, 4, None), slice(4, 5, None)]
"""

from __future__ import annotations

import functools
import math
import re
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from semisolid._util import check_allocation
from semisolid.errors import InputError
from semisolid.sweep.cluster import require_dask, run_chunks
from semisolid.sweep.result import SweepResult

__all__ = ["DESIGN_CHUNK_SIZE", "design_chunks", "design_map", "write_design_map"]

DESIGN_CHUNK_SIZE = 20_000
"""Default map points (half cycles) per chunk of a design map."""


def design_chunks(points_per_temperature: int, n_temperatures: int, *,
                  chunk_size: int = DESIGN_CHUNK_SIZE) -> list[slice]:
    """The chunks of a map's temperature axis: runs of whole temperatures, each of at most
    `chunk_size` map points (at least one temperature), in the order of their tasks.

    Examples
    --------
    >>> design_chunks(1000, 3, chunk_size=10)
    [slice(0, 1, None), slice(1, 2, None), slice(2, 3, None)]
    >>> design_chunks(10, 3, chunk_size=0)
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: chunk_size: must be a whole number >= 1, got 0
    """
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, int | np.integer) \
            or chunk_size < 1:
        raise InputError(f"must be a whole number >= 1, got {chunk_size!r}", "chunk_size")
    step = max(1, int(chunk_size) // max(int(points_per_temperature), 1))
    return [slice(i, min(i + step, n_temperatures)) for i in range(0, n_temperatures, step)]


def _span(name: str, values: np.ndarray) -> str:
    if values.size == 1:
        return f"{name} {values[0]:.6g}"
    return f"{name} {values[0]:.6g}-{values[-1]:.6g} ({values.size})"


_EXHAUST = re.compile(r"^(\d+) of (\d+) half cycles exhaust the electrode: it holds only "
                      r"(\d[\d.]*(?:e[+-]\d+)?)-(\d[\d.]*(?:e[+-]\d+)?) mAh/cm2 of (.+)$",
                      re.DOTALL)
_NO_LIQUID = "no liquid forms anywhere on the map"


def _design_chunk(params: dict[str, Any], temps: np.ndarray) -> tuple[Any, Any]:
    """One task: the serial design map at some temperatures (private), and its exhaustion
    warning's numbers (count, states, capacity range, rest of the text) if it gave one.

    The map-wide warnings are kept back (the module docstring); the others are raised
    again, for :func:`~semisolid.sweep.cluster.run_chunks` to send back.
    """
    from semisolid.electrode.maps import design_map as serial

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ds = serial(params["elements"], params["working_ion"], params["x"], params["q"], temps,
                    share=params["share"], **params["options"])
    exhausted = None
    for w in caught:
        text = str(w.message)
        m = _EXHAUST.match(text)
        if m:
            exhausted = (int(m[1]), int(m[2]), float(m[3]), float(m[4]), m[5])
        elif not text.startswith(_NO_LIQUID):
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    return ds, exhausted


def _map_warnings(ds: Any, exhausted: list[Any]) -> list[str]:
    """The serial map's map-wide warnings for the whole map (same wording)."""
    out = []
    hits = [e for e in exhausted if e is not None]
    if hits:
        n = sum(e[0] for e in hits)
        lo, hi = min(e[2] for e in hits), max(e[3] for e in hits)
        out.append(f"{n} of {int(ds.semi_solid.size)} half cycles exhaust the electrode: it "
                   f"holds only {lo:.3g}-{hi:.3g} mAh/cm2 of {hits[0][4]}")
    if max(float(ds[f"liquid_fraction_{k}"].max()) for k in ("start", "enriched",
                                                             "depleted")) <= 0.0:
        t = ds["temperature_K"].values
        out.append(f"{_NO_LIQUID} ({ds.attrs['database']}, {t.min():g}-{t.max():g} K): every "
                   "end is solid")
    return out


def _axis(values: Any, field: str, lo: float | None, hi: float | None) -> np.ndarray:
    try:
        a = np.atleast_1d(np.asarray(values, dtype=float))
    except (TypeError, ValueError):
        raise InputError(f"expected a non-empty 1-D sequence of numbers, got {values!r}",
                         field) from None
    if a.ndim != 1 or a.size == 0 or not np.all(np.isfinite(a)):
        raise InputError("expected a non-empty 1-D sequence of finite numbers", field)
    if lo is not None and np.any((a < lo) | (a > hi)):
        raise InputError(f"values must be in [{lo:g}, {hi:g}]", field)
    if lo is None and np.any(a <= 0):
        raise InputError("values must be positive", field)
    return a


def design_map(
    elements: Sequence[str],
    working_ion: str,
    x_working: Sequence[float],
    areal_capacity_C_m2: Sequence[float],
    temperature_K: Sequence[float],
    *,
    volume_m3: float | None = None,
    thickness_m: float | None = None,
    area_m2: float,
    method: str | None = None,
    n_grid: int = 41,
    engine: str = "auto",
    db_path: str | None = None,
    density: Any = None,
    charge: float | None = None,
    liquid_phases: Any = None,
    phases: Any = None,
    share: Sequence[float] | None = None,
    chunk_size: int = DESIGN_CHUNK_SIZE,
    scheduler: Any = None,
    workers: int | None = None,
    quiet: bool = False,
) -> SweepResult:
    """:func:`semisolid.electrode.maps.design_map` as Dask tasks over chunks of its grid.

    Parameters
    ----------
    elements, working_ion, x_working, areal_capacity_C_m2, temperature_K, volume_m3,
    thickness_m, area_m2, method, n_grid, engine, db_path, density, charge, liquid_phases,
    phases, share
        As in :func:`~semisolid.electrode.maps.design_map`. Each worker loads the database
        from `db_path` itself (once per worker process), so the file must be readable there.
    chunk_size : int
        Map points (half cycles) per chunk; bounds each worker's memory (module docstring).
    scheduler : str or distributed.Client, optional
        A running Dask scheduler's address; default: a local cluster of `workers` processes
        (one per core), started and closed here.
    workers : int, optional
        Processes of the local cluster.
    quiet : bool
        No progress bar.

    Returns
    -------
    SweepResult
        ``data``: the map (the serial function's Dataset), or None when a chunk failed (the
        chunks computed are in ``parts``; ``failed`` names the others).

    Warns
    -----
    UserWarning
        The serial map's warnings, from the chunks where they arose.

    Examples
    --------
    >>> design_map(["K", "Na"], "K", [0.9, 1.5], [108000.0], [295.15], volume_m3=10e-9,
    ...            area_m2=0.4e-4)
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: composition: values must be in [0, 1]

    A map of 10 x 4 x 30 points in chunks of 1,200 (three temperatures each) on a local
    cluster of two processes:

    >>> r = design_map(["K", "Na"], "K", np.linspace(0.85, 0.99, 10),
    ...                np.linspace(1, 6, 4) * 36000, np.linspace(280, 310, 30),
    ...                volume_m3=10e-9, area_m2=0.4e-4, chunk_size=120,
    ...                workers=2)  # doctest: +SKIP
    >>> r.ok, r.chunks, dict(r.data.sizes)  # doctest: +SKIP
    (True, 10, {'x_K': 10, 'areal_capacity_mAh_cm2': 4, 'temperature_K': 30})
    """
    from semisolid.electrode.maps import design_map as serial

    xw = _axis(x_working, "composition", 0.0, 1.0)
    q = _axis(areal_capacity_C_m2, "areal_capacity", None, None)
    t = _axis(temperature_K, "temperature", None, None)
    ternary = len(elements) == 3
    sh = None if share is None else _axis(share, "share", 0.0, 1.0)
    if ternary and sh is None:
        sh = np.linspace(0.0, 1.0, 11)  # the serial default
    sizes = {"composition": xw.size * (1 if sh is None else sh.size),
             "areal_capacity": q.size, "temperature": t.size}
    check_allocation(math.prod(sizes.values()), 1024, "design-map states (" + " x ".join(
        map(str, sizes.values())) + ") in the assembled map", max(sizes, key=sizes.__getitem__))
    if db_path is not None and "://" not in str(db_path):
        db_path = str(Path(db_path).absolute())  # the workers may run in another folder
    options = {"volume_m3": volume_m3, "thickness_m": thickness_m, "area_m2": area_m2,
               "method": method, "n_grid": n_grid, "engine": engine, "db_path": db_path,
               "density": density, "charge": charge, "liquid_phases": liquid_phases,
               "phases": phases}
    params = {"elements": list(elements), "working_ion": working_ion, "x": xw, "q": q,
              "share": sh, "options": options}
    with warnings.catch_warnings():  # every input checked on one point, before the cluster
        warnings.simplefilter("ignore")
        serial(list(elements), working_ion, xw[:1], q[:1], t[:1],
               share=None if sh is None else sh[:1], **options)
    require_dask()
    per_t = xw.size * (1 if sh is None else sh.size) * q.size
    cuts = design_chunks(per_t, t.size, chunk_size=chunk_size)
    labels = [_span("temperature_K", t[c]) for c in cuts]
    run = run_chunks(functools.partial(_design_chunk, params), [t[c] for c in cuts], labels,
                     scheduler=scheduler, workers=workers, quiet=quiet, what="design-map")
    out = SweepResult("design map", None, len(cuts), int(chunk_size), run.failed,
                      run.retried, run.cluster, run.threads, run.seconds, run.warnings)
    if run.failed:
        out.parts = [p[0] for p in run.results if p is not None]
        return out
    out.data = _assemble([p[0] for p in run.results])
    for text in _map_warnings(out.data, [p[1] for p in run.results]):
        out.warnings.append(text)
        warnings.warn(text, UserWarning, stacklevel=2)
    return out


def _assemble(parts: list[Any]) -> Any:
    """The map from its chunks (runs of temperatures, in order)."""
    import xarray as xr

    ds = xr.concat(parts, dim="temperature_K", data_vars="minimal", coords="minimal",
                   compat="identical", join="exact", combine_attrs="override")
    for key in ds.attrs:  # a value that differs between chunks lists every value
        values = list(dict.fromkeys(str(p.attrs.get(key)) for p in parts))
        if len(values) > 1:
            ds.attrs[key] = ", ".join(values)
    return ds.transpose(*parts[0].semi_solid.dims)


def write_design_map(
    path: str | Path,
    elements: Sequence[str],
    working_ion: str,
    x_working: Sequence[float],
    areal_capacity_C_m2: Sequence[float],
    temperature_K: Sequence[float],
    *,
    volume_m3: float | None = None,
    thickness_m: float | None = None,
    area_m2: float | None = None,
    diameter_m: float | None = None,
    engine: str = "auto",
    png_path: str | Path | None = None,
    db_path: str | None = None,
    charge: float | None = None,
    liquid_phases: Any = None,
    density_kg_m3: Mapping[str, float] | None = None,
    share: Sequence[float] | None = None,
    chunk_size: int = DESIGN_CHUNK_SIZE,
    scheduler: Any = None,
    workers: int | None = None,
    quiet: bool = False,
) -> SweepResult:
    """:func:`semisolid.electrode.workflows.write_design_map` on Dask (``semisolid sweep
    design``): the map computed by :func:`design_map`, written atomically as NetCDF or CSV
    (and drawn with `png_path`) only when every chunk was computed.

    Parameters
    ----------
    path, elements, working_ion, x_working, areal_capacity_C_m2, temperature_K, volume_m3,
    thickness_m, area_m2, diameter_m, engine, png_path, db_path, charge, liquid_phases,
    density_kg_m3, share
        As in :func:`~semisolid.electrode.workflows.write_design_map`.
    chunk_size, scheduler, workers, quiet
        As in :func:`design_map`.

    Returns
    -------
    SweepResult
        ``report`` is the :class:`~semisolid.electrode.workflows.DesignMapFiles` of the
        file written (None when a chunk failed: then nothing is written).

    Examples
    --------
    >>> write_design_map("map.txt", ["K", "Na"], "K", [0.9], [108000.0], [295.15],
    ...                  volume_m3=10e-9, diameter_m=7.14e-3)
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: path: 'map.txt' must end in .nc or .csv
    """
    from semisolid.electrode.electrode import DensityModel
    from semisolid.electrode.workflows import map_output_checks, write_map_files

    path, area = map_output_checks(path, png_path, area_m2, diameter_m)
    res = design_map(elements, working_ion, x_working, areal_capacity_C_m2, temperature_K,
                     volume_m3=volume_m3, thickness_m=thickness_m, area_m2=area,
                     engine=engine, db_path=db_path, charge=charge,
                     liquid_phases=liquid_phases, share=share,
                     density=DensityModel(density_override_kg_m3=density_kg_m3 or {}),
                     chunk_size=chunk_size, scheduler=scheduler, workers=workers, quiet=quiet)
    ds = res.data
    if ds is None:
        res.notes.append(f"nothing written to {path}: {len(res.failed)} of {res.chunks} "
                         "chunk(s) failed")
        return res
    res.report = write_map_files(ds, path, png_path)
    return res
