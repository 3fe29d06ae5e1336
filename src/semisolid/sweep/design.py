"""Design maps on Dask: :func:`semisolid.electrode.maps.design_map` in chunks.

A chunk is a block of the map's grid and one task runs the serial
:func:`~semisolid.electrode.maps.design_map` on it; the blocks are put back together with
xarray. The result is the serial map, number for number (tests compare them with
``xarray.Dataset.identical``, the serial map computed with single-threaded BLAS as the tasks
are: with multi-threaded OpenBLAS the serial map's last digit itself depends on the thread
count).

How the grid is cut, so that every chunk computes exactly what the whole map computes:

* **binary maps on the lever path** (the default for binaries): along temperature only,
  every chunk holding all compositions and areal capacities. The lever tables' composition
  range comes from all compositions and capacities of the map (and from no temperature), so
  each chunk builds the same tables as the whole map at its temperatures.
* **direct solves** (ternaries, or ``method="direct"``): every state is solved on its own,
  so the grid is cut along temperature, then composition, then the ternary share, keeping
  all areal capacities of a composition together (they share its start state).

**Memory per worker** is bounded by `chunk_size`, the map points (half cycles:
compositions x capacities x temperatures) of one chunk: a worker holds one chunk per
thread, about 1.4 kB per map point on the lever path and 3 kB on the direct path on top of
the worker's baseline (about 250 MiB: Python, numpy, xarray and the compiled database); see
``docs/performance.md``. On the lever path a chunk is at least one temperature
(compositions x capacities points), whatever `chunk_size` says.

Examples
--------
>>> [(x.start, x.stop, t.start, t.stop) for x, _, t in
...  design_chunks(4, 1, 10, 5, lever=True, chunk_size=80)]
[(0, 4, 0, 2), (0, 4, 2, 4), (0, 4, 4, 5)]
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from semisolid.errors import InputError
from semisolid.sweep.cluster import require_dask, run_chunks
from semisolid.sweep.result import SweepResult

__all__ = ["DESIGN_CHUNK_SIZE", "design_chunks", "design_map", "write_design_map"]

DESIGN_CHUNK_SIZE = 20_000
"""Default map points (half cycles) per chunk of a design map."""

Block = tuple[slice, slice, slice]


def design_chunks(n_x: int, n_share: int, n_q: int, n_t: int, *, lever: bool,
                  chunk_size: int = DESIGN_CHUNK_SIZE) -> list[Block]:
    """Blocks ``(x, share, temperature)`` of a map's grid, each of at most `chunk_size` map
    points where the path allows (see the module docstring), in the order of their tasks.

    Every block holds all areal capacities; the blocks form a product grid (x blocks x share
    blocks x temperature blocks), temperature varying slowest.

    Examples
    --------
    >>> [(x.start, x.stop, s.start, s.stop, t.start)
    ...  for x, s, t in design_chunks(3, 4, 10, 2, lever=False, chunk_size=25)]
    [(0, 1, 0, 2, 0), (0, 1, 2, 4, 0), (1, 2, 0, 2, 0), (1, 2, 2, 4, 0), (2, 3, 0, 2, 0), \
(2, 3, 2, 4, 0), (0, 1, 0, 2, 1), (0, 1, 2, 4, 1), (1, 2, 0, 2, 1), (1, 2, 2, 4, 1), \
(2, 3, 0, 2, 1), (2, 3, 2, 4, 1)]
    """
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, int | np.integer) \
            or chunk_size < 1:
        raise InputError(f"must be a whole number >= 1, got {chunk_size!r}", "chunk_size")

    def cuts(n: int, size: int) -> list[slice]:
        return [slice(i, min(i + size, n)) for i in range(0, n, size)]

    per_t = n_x * n_share * n_q
    if lever or per_t <= chunk_size:
        xs, ss, ts = [slice(0, n_x)], [slice(0, n_share)], cuts(n_t, max(1, chunk_size // per_t))
    elif n_share * n_q <= chunk_size:
        xs, ss, ts = cuts(n_x, chunk_size // (n_share * n_q)), [slice(0, n_share)], cuts(n_t, 1)
    else:
        xs, ss, ts = cuts(n_x, 1), cuts(n_share, max(1, chunk_size // n_q)), cuts(n_t, 1)
    return [(x, s, t) for t in ts for x in xs for s in ss]


def _span(name: str, values: np.ndarray) -> str:
    if values.size == 1:
        return f"{name} {values[0]:.6g}"
    return f"{name} {values[0]:.6g}-{values[-1]:.6g} ({values.size})"


def _design_chunk(params: dict[str, Any], chunk: tuple) -> Any:
    """One task: the serial design map of one block (private)."""
    from semisolid.electrode.maps import design_map as serial

    x, share, t = chunk
    return serial(params["elements"], params["working_ion"], x, params["q"], t, share=share,
                  **params["options"])


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
    options = {"volume_m3": volume_m3, "thickness_m": thickness_m, "area_m2": area_m2,
               "method": method, "n_grid": n_grid, "engine": engine, "db_path": db_path,
               "density": density, "charge": charge, "liquid_phases": liquid_phases,
               "phases": phases}
    params = {"elements": list(elements), "working_ion": working_ion, "q": q,
              "options": options}
    with warnings.catch_warnings():  # every input checked on one point, before the cluster
        warnings.simplefilter("ignore")
        probe = serial(list(elements), working_ion, xw[:1], q[:1], t[:1],
                       share=None if sh is None else sh[:1], **options)
    require_dask()
    lever = probe.attrs["method"] == "lever"
    xname = f"x_{probe.attrs['working_ion']}"
    sname = next((d for d in probe.semi_solid.dims if d.startswith("share_")), None)
    blocks = design_chunks(xw.size, 1 if sh is None else sh.size, q.size, t.size, lever=lever,
                           chunk_size=chunk_size)
    chunks, labels = [], []
    for bx, bs, bt in blocks:
        s_part = None if sh is None else sh[bs]
        chunks.append((xw[bx], s_part, t[bt]))
        parts = [_span("temperature_K", t[bt])]
        if xw[bx].size < xw.size:
            parts.append(_span(xname, xw[bx]))
        if s_part is not None and s_part.size < sh.size:
            parts.append(_span(sname, s_part))
        labels.append(", ".join(parts))
    run = run_chunks(functools.partial(_design_chunk, params), chunks, labels,
                     scheduler=scheduler, workers=workers, quiet=quiet, what="design-map")
    out = SweepResult("design map", None, len(chunks), int(chunk_size), run.failed,
                      run.retried, run.cluster, run.threads, run.seconds, run.warnings)
    if run.failed:
        out.parts = [p for p in run.results if p is not None]
        return out
    out.data = _assemble(run.results, blocks, xname, sname)
    return out


def _assemble(parts: list[Any], blocks: list[Block], xname: str, sname: str | None) -> Any:
    """The map from its blocks (a product grid; see :func:`design_chunks`)."""
    import xarray as xr

    def starts(k: int) -> list[int]:
        return sorted({b[k].start for b in blocks})

    xs, ss, ts = starts(0), starts(1), starts(2)
    at = {(b[0].start, b[1].start, b[2].start): p for b, p in zip(blocks, parts, strict=True)}
    if sname is None:
        nested: Any = [[at[(i, 0, k)] for k in ts] for i in xs]
        dims = [xname, "temperature_K"]
    else:
        nested = [[[at[(i, j, k)] for k in ts] for j in ss] for i in xs]
        dims = [xname, sname, "temperature_K"]
    ds = xr.combine_nested(nested, concat_dim=dims, data_vars="minimal", coords="minimal",
                           compat="equals", join="exact", combine_attrs="override")
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
    from semisolid._util import atomic_output
    from semisolid.electrode.electrode import DensityModel, disc_area_m2
    from semisolid.electrode.maps import status_names, window_rows
    from semisolid.electrode.workflows import DesignMapFiles

    path = Path(path)
    if path.suffix.lower() not in (".nc", ".csv"):
        raise InputError(f"{str(path)!r} must end in .nc or .csv", "path")
    if png_path is not None and Path(png_path).suffix.lower() != ".png":
        raise InputError(f"{str(png_path)!r} must end in .png", "png_path")
    if (area_m2 is None) == (diameter_m is None):
        raise InputError("give exactly one of the area and the diameter", "area_m2")
    area = area_m2 if area_m2 is not None else disc_area_m2(diameter_m)
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
    with atomic_output(path) as tmp:
        if path.suffix.lower() == ".nc":
            status_names(ds).to_netcdf(tmp, engine="scipy")
        else:
            status_names(ds).to_dataframe().to_csv(tmp)
    if png_path is not None:
        from semisolid.plots import save_figure
        from semisolid.plots.design import plot_design_map

        save_figure(plot_design_map(ds), png_path)
    res.report = DesignMapFiles(path, None if png_path is None else Path(png_path),
                                int(ds.semi_solid.size) * 2, float(ds.semi_solid.mean()),
                                {k: int(v) for k, v in ds.sizes.items()}, window_rows(ds),
                                ds.attrs["working_ion"], dict(ds.attrs))
    return res
