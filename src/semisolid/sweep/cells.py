"""Virtual-cell Monte Carlo: N seeded virtual cells per preset, each run through the CCD
detector, as a table (one row per cell).

Cell ``k`` of every preset has seed ``seed + k`` (the seed of ``semisolid simulate cell
--seed``, so any row can be re-run alone); presets thus share their random numbers, which
sharpens comparisons between presets (common random numbers). Each cell is simulated by
:func:`semisolid.models.virtual_cell.simulate_cell` with the preset's protocol or the one
given, and analysed by :func:`semisolid.ccd.detect`, which knows nothing of the simulated
truth. :func:`virtual_cells_serial` is the serial path; :func:`virtual_cells` runs chunks of
cells as Dask tasks and gives the same table.

**Memory per worker**: one cell's record at a time (it is dropped after detection) plus the
rows of its chunk (20 values per cell).

Examples
--------
>>> df = virtual_cells_serial(["K/KBA/K"], 1, seed=1, points_per_half_cycle=20)
>>> df[["preset", "seed", "true_failure", "failure", "recovered"]].to_dict("records")[0]
{'preset': 'K/KBA/K', 'seed': 1, 'true_failure': 'short', 'failure': 'short', 'recovered': True}
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from semisolid._util import check_allocation
from semisolid.errors import InputError
from semisolid.sweep.cluster import check_workers, require_dask, run_chunks
from semisolid.sweep.result import SweepResult

__all__ = ["CELL_CHUNK_SIZE", "COLUMNS", "CellTable", "cell_specs", "virtual_cells",
           "virtual_cells_serial"]

CELL_CHUNK_SIZE = 25
#: Memory of one virtual cell's row in the result (dict, task entry and table), bytes.
CELL_ROW_BYTES = 4096
"""Default cells per chunk."""

COLUMNS = ("preset", "seed", "electrode", "electrolyte", "areal_capacity_mAh_cm2",
           "true_failure", "true_ccd_mA_cm2", "true_onset_mA_cm2", "true_onset_half_cycle",
           "largest_flaw_depth_um", "failure", "signature", "ccd_mA_cm2",
           "last_stable_mA_cm2", "onset_half_cycle", "half_cycles", "soft_shorts",
           "censored", "warnings", "recovered")
"""Columns of the table: the simulated truth (``true_*``, flaw depth), what the detector
found, and ``recovered`` (the detector found the true failure mode and, for a failure, its
onset current density)."""

_MA_CM2 = 10.0  # A/m2 per mA/cm2


def cell_specs(presets: Sequence[str] | str = "all", *, protocol: Any = None,
               areal_capacity_C_m2: float | None = None,
               points_per_half_cycle: int | None = None, **changes: Any) -> list[Any]:
    """The cells to simulate: one :class:`~semisolid.models.virtual_cell.CellSpec` per
    preset, with the protocol and fields changed.

    Parameters
    ----------
    presets : sequence of str or "all"
        Names of :data:`~semisolid.models.virtual_cell.CELL_PRESETS` (any alias), or all six.
    protocol : str or Protocol, optional
        A name of :data:`~semisolid.models.virtual_cell.PROTOCOLS` (``Li``, ``NaK``,
        ``NaK-Li``) or any :class:`~semisolid.models.virtual_cell.Protocol`; default: each
        preset's own.
    areal_capacity_C_m2 : float, optional
        Capacity per half cycle (changes the protocol).
    points_per_half_cycle : int, optional
    **changes
        Other fields of the cell (``temperature_K``, ``stack_pressure_Pa``, ...); None keeps
        the preset's.

    Examples
    --------
    >>> [c.name for c in cell_specs(["k/kba/k", "B"], protocol="Li")]
    ['K/KBA/K', 'B/KBA/B']
    >>> cell_specs(["K/KBA/K"], protocol="fast")
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: protocol: unknown protocol 'fast'; known: Li, NaK, NaK-Li
    """
    from semisolid.models.virtual_cell import CELL_PRESETS, PROTOCOLS, Protocol, cell_preset

    names = list(CELL_PRESETS) if presets == "all" or list(presets) == ["all"] \
        else list(presets)
    if not names:
        raise InputError("no preset given", "presets")
    if isinstance(protocol, str):
        if protocol not in PROTOCOLS:
            raise InputError(f"unknown protocol {protocol!r}; known: {', '.join(PROTOCOLS)}",
                             "protocol")
        protocol = PROTOCOLS[protocol]
    elif protocol is not None and not isinstance(protocol, Protocol):
        raise InputError(f"expected a protocol name or a Protocol, got {protocol!r}",
                         "protocol")
    specs = []
    for name in names:
        spec = cell_preset(name, **{k: v for k, v in changes.items() if v is not None})
        proto = protocol or spec.protocol
        if areal_capacity_C_m2 is not None:
            proto = replace(proto, areal_capacity_C_m2=areal_capacity_C_m2)
        if points_per_half_cycle is not None:
            proto = replace(proto, points_per_half_cycle=points_per_half_cycle)
        specs.append(replace(spec, protocol=proto))
    if len({s.name for s in specs}) < len(specs):
        raise InputError(f"a preset is given twice in {names}", "presets")
    return specs


def _check_counts(n_cells: int, seed: int) -> None:
    for v, field in ((n_cells, "n_cells"), (seed, "seed")):
        if isinstance(v, bool) or not isinstance(v, int | np.integer) or v < (field == "n_cells"):
            raise InputError(f"must be a whole number >= {int(field == 'n_cells')}, got {v!r}",
                             field)


def _num(v: Any) -> float:
    return math.nan if v is None else float(v)


def _cell_row(spec: Any, seed: int) -> dict[str, Any]:
    """Simulate one cell and detect its CCD: its row of the table (private)."""
    from semisolid.ccd import detect
    from semisolid.models.virtual_cell import simulate_cell

    rec = simulate_cell(spec, seed=seed)
    res = detect(rec, area_m2=spec.area_m2)
    e = rec.metadata.extra
    s = res.summary()
    true_failure = e.get("failure_mode")
    onset = e.get("onset_current_density_mA_cm2")
    found = s.get("ccd_mA_cm2")
    recovered = true_failure == res.failure and (
        true_failure == "none" or (onset is not None and found is not None
                                   and abs(onset - found) < 1e-6))
    return {
        "preset": spec.name, "seed": int(seed), "electrode": spec.electrode,
        "electrolyte": spec.electrolyte,
        "areal_capacity_mAh_cm2": float(e["areal_capacity_mAh_cm2"]),
        "true_failure": true_failure, "true_ccd_mA_cm2": _num(e.get("true_ccd_mA_cm2")),
        "true_onset_mA_cm2": _num(onset),
        "true_onset_half_cycle": -1 if e.get("onset_half_cycle") is None
        else int(e["onset_half_cycle"]),
        "largest_flaw_depth_um": _num(e.get("largest_flaw_depth_um")),
        "failure": res.failure, "signature": s.get("signature"),
        "ccd_mA_cm2": _num(found), "last_stable_mA_cm2": _num(s.get("last_stable_mA_cm2")),
        "onset_half_cycle": -1 if s.get("onset_half_cycle") is None
        else int(s["onset_half_cycle"]),
        "half_cycles": int(s["half_cycles"]), "soft_shorts": int(s["soft_shorts"]),
        "censored": bool(s.get("censored")), "warnings": len(s.get("warnings") or []),
        "recovered": bool(recovered),
    }


def _cells_chunk(chunk: list[tuple[Any, int]]) -> list[dict[str, Any]]:
    """One task: the rows of a chunk of (cell, seed) pairs (private)."""
    return [_cell_row(spec, seed) for spec, seed in chunk]


def _frame(rows: list[dict[str, Any]]) -> Any:
    import pandas as pd

    return pd.DataFrame(rows, columns=list(COLUMNS))


def virtual_cells_serial(presets: Sequence[str] | str = "all", n_cells: int = 10, *,
                         seed: int = 0, protocol: Any = None,
                         areal_capacity_C_m2: float | None = None,
                         points_per_half_cycle: int | None = None,
                         **changes: Any) -> Any:
    """`n_cells` virtual cells per preset through the detector, here, one after another.

    Parameters as in :func:`virtual_cells` (without the Dask ones).

    Returns
    -------
    pandas.DataFrame
        One row per cell (columns :data:`COLUMNS`), presets in the order given, then seeds.

    Examples
    --------
    >>> df = virtual_cells_serial(["Na/NBA/Na"], 1, seed=3, points_per_half_cycle=20)
    >>> len(df), df.seed.tolist()
    (1, [3])
    """
    _check_counts(n_cells, seed)
    specs = cell_specs(presets, protocol=protocol, areal_capacity_C_m2=areal_capacity_C_m2,
                       points_per_half_cycle=points_per_half_cycle, **changes)
    return _frame([_cell_row(s, seed + k) for s in specs for k in range(n_cells)])


@dataclass
class CellTable:
    """The printed form of a virtual-cell table: a summary per preset.

    Examples
    --------
    >>> t = CellTable(virtual_cells_serial(["K/KBA/K"], 2, points_per_half_cycle=20))
    >>> t.tables()[0][2][0][:3]
    ['K/KBA/K', 2, 2]
    """

    frame: Any
    path: Any = None

    def to_dict(self) -> dict[str, Any]:
        """``{"cells": [row, ...], "output": path or None}``."""
        return {"cells": self.frame.to_dict("records"),
                "output": None if self.path is None else str(self.path)}

    def tables(self) -> list[tuple[str, list[str], list[list[Any]]]]:
        """Per preset: cells, shorts, open circuits, no failure (detected), recovered, mean
        detected and true CCD of the shorted cells [mA/cm2]."""
        rows = []
        for name, g in self.frame.groupby("preset", sort=False):
            short = g[g.failure == "short"]
            rows.append([name, len(g), int((g.failure == "short").sum()),
                         int((g.failure == "open_circuit").sum()),
                         int((g.failure == "none").sum()), int(g.recovered.sum()),
                         float(short.ccd_mA_cm2.mean()) if len(short) else None,
                         float(short.true_ccd_mA_cm2.mean()) if len(short) else None])
        return [("Virtual cells through the detector", ["preset", "cells", "short",
                 "open circuit", "none", "recovered", "mean CCD (short)",
                 "mean true CCD (short)"], rows)]

    def lines(self) -> list[str]:
        """Where the table went."""
        return [] if self.path is None else [f"wrote {self.path} ({len(self.frame)} cells)"]


def virtual_cells(
    presets: Sequence[str] | str = "all",
    n_cells: int = 100,
    *,
    seed: int = 0,
    protocol: Any = None,
    areal_capacity_C_m2: float | None = None,
    points_per_half_cycle: int | None = None,
    path: Any = None,
    chunk_size: int = CELL_CHUNK_SIZE,
    scheduler: Any = None,
    workers: int | None = None,
    quiet: bool = False,
    **changes: Any,
) -> SweepResult:
    """Monte Carlo over virtual cells as Dask tasks (``semisolid sweep cells``).

    Parameters
    ----------
    presets : sequence of str or "all"
    n_cells : int
        Cells per preset.
    seed : int
        Cell ``k`` of each preset has seed ``seed + k``.
    protocol, areal_capacity_C_m2, points_per_half_cycle, **changes
        See :func:`cell_specs`.
    path : path, optional
        Also write the table, atomically: ``.csv`` or ``.parquet`` (needs pyarrow).
    chunk_size : int
        Cells per chunk (task).
    scheduler, workers, quiet
        As in :func:`semisolid.sweep.design_map`.

    Returns
    -------
    SweepResult
        ``data``: the table of :func:`virtual_cells_serial` (without the rows of a failed
        chunk; ``failed`` names their preset and seeds); ``report`` a :class:`CellTable`.

    Examples
    --------
    >>> virtual_cells(["K/KBA/K"], 0)
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: n_cells: must be a whole number >= 1, got 0
    >>> r = virtual_cells("all", 100, workers=2)  # doctest: +SKIP
    >>> r.ok, len(r.data), r.chunks  # doctest: +SKIP
    (True, 600, 24)
    """
    from pathlib import Path

    _check_counts(n_cells, seed)
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, int) or chunk_size < 1:
        raise InputError(f"must be a whole number >= 1, got {chunk_size!r}", "chunk_size")
    if path is not None and Path(path).suffix.lower() not in (".csv", ".parquet"):
        raise InputError(f"{str(path)!r} must end in .csv or .parquet", "path")
    if path is not None and Path(path).suffix.lower() == ".parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise InputError("Parquet needs pyarrow: pip install semisolid[parquet]",
                             "path") from None
    specs = cell_specs(presets, protocol=protocol, areal_capacity_C_m2=areal_capacity_C_m2,
                       points_per_half_cycle=points_per_half_cycle, **changes)
    # before the task list is built: the table's rows (about 4 KiB a cell, measured), each
    # cell's trace and the local cluster must fit
    check_allocation(n_cells * len(specs), CELL_ROW_BYTES, "virtual cells", "n_cells")
    for spec in specs:  # a worker holds one cell's trace at a time
        spec.protocol.check_trace_memory()
    check_workers(workers, scheduler)
    require_dask()
    chunks, labels = [], []
    for spec in specs:
        for k in range(0, n_cells, chunk_size):
            seeds = range(seed + k, seed + min(k + chunk_size, n_cells))
            chunks.append([(spec, s) for s in seeds])
            labels.append(f"{spec.name} seeds {seeds[0]}-{seeds[-1]}")
    run = run_chunks(_cells_chunk, chunks, labels, scheduler=scheduler,
                     workers=workers, quiet=quiet, what="virtual-cells")
    frame = _frame([row for part in run.results if part is not None for row in part])
    out = SweepResult("virtual cells", frame, len(chunks), chunk_size, run.failed,
                      run.retried, run.cluster, run.threads, run.seconds, run.warnings,
                      report=CellTable(frame))
    if path is not None:
        from semisolid._util import atomic_output

        path = Path(path)
        with atomic_output(path) as tmp:
            if path.suffix.lower() == ".csv":
                frame.to_csv(tmp, index=False)
            else:
                frame.to_parquet(tmp, index=False)
        out.report.path = path
        if run.failed:
            out.notes.append(f"{path} lacks the cells of the {len(run.failed)} failed "
                             "chunk(s)")
    return out
