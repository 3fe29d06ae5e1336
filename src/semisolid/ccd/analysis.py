"""The CCD workflows: analyse a batch of cycling files, read the catalog back, and CCD
statistics per electrode (what ``semisolid ccd``, ``cells`` and ``stats`` run).

Examples
--------
>>> import os, tempfile
>>> from semisolid.models.virtual_cell import simulate_cell, write_csv
>>> path = write_csv(simulate_cell("K/KBA/K", seed=1), os.path.join(tempfile.mkdtemp(),
...                  "k.csv"))[0]
>>> (a,) = analyse_files([path], area_m2=0.4e-4)
>>> a.result.failure, a.summary()["file"] == str(path)
('short', True)
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from semisolid.ccd.detect import DetectorSettings, detect
from semisolid.ccd.protocol import check_area
from semisolid.ccd.result import CCDResult
from semisolid.errors import FileFormatError, InputError
from semisolid.units import require_positive

__all__ = ["CCDStatistics", "CatalogContents", "FileAnalysis", "analyse_files",
           "catalog_contents", "ccd_statistics"]

Table = tuple[str, list[str], list[list[Any]]]


@dataclass
class FileAnalysis:
    """One analysed file: its path, the record read and the CCD result.

    Examples
    --------
    >>> FileAnalysis("a.mpr", None, None).path
    'a.mpr'
    """

    path: str
    record: Any
    result: CCDResult

    def summary(self) -> dict[str, Any]:
        """The JSON record of ``semisolid ccd``: :meth:`CCDResult.summary` with ``file``."""
        return {**self.result.summary(), "file": self.path}

    def to_dict(self) -> dict[str, Any]:
        """Same as :meth:`summary`."""
        return self.summary()

    @staticmethod
    def table(analyses: Iterable[FileAnalysis]) -> Table:
        """One (title, columns, rows) table of a batch, one row per file."""
        keys = ("failure", "ccd_mA_cm2", "last_stable_mA_cm2", "step_mA_cm2", "onset_time_s",
                "areal_capacity_mAh_cm2", "half_cycles", "soft_shorts")
        return ("CCD analysis", ["file", "failure", "CCD mA/cm2", "last stable mA/cm2",
                                 "step mA/cm2", "onset s", "mAh/cm2 per half cycle",
                                 "half cycles", "soft shorts"],
                [[Path(a.path).name, *[a.summary()[k] for k in keys]] for a in analyses])

    def lines(self) -> list[str]:
        """The evidence for the failure mode, one line each."""
        return [f"{Path(self.path).name}: {e}" for e in self.result.evidence]


def _write_plots(rec: Any, res: CCDResult, folder: Path, stem: str) -> None:
    from semisolid.plots import save_figure
    from semisolid.plots.ccd import plot_asr, plot_ccd_trace

    save_figure(plot_ccd_trace(rec, res), folder / f"{stem}_ccd.png")
    save_figure(plot_asr(res), folder / f"{stem}_asr.png")
    if len(rec.spectra):
        from semisolid.eis import diagnose_series
        from semisolid.plots.eis import plot_nyquist

        spectra = list(rec.spectra)
        labels = [f"spectrum {s.index}" if s.after_half_cycle is None
                  else f"after half cycle {s.after_half_cycle}" for s in spectra]
        save_figure(plot_nyquist(spectra, labels, diagnoses=diagnose_series(spectra)),
                    folder / f"{stem}_nyquist.png")


def analyse_files(
    paths: Iterable[str | Path],
    area_m2: float | None,
    final_area_m2: float | None = None,
    *,
    voltage_limit_V: float | None = None,
    settings: DetectorSettings | None = None,
    catalog_path: str | Path | None = None,
    electrode: str | None = None,
    electrolyte: str | None = None,
    temperature_K: float | None = None,
    stack_pressure_Pa: float | None = None,
    plot_dir: str | Path | None = None,
    format: str | None = None,
) -> Iterator[FileAnalysis]:
    """Read and analyse cycling files one by one (a generator: one result per file).

    The checks run at the first ``next()``, before any file is read: the areas, the
    detector settings, the cell's stack pressure and the catalog (a foreign or corrupt file
    is refused). With `catalog_path`, the results are written in ONE transaction once the
    last file is analysed: if any file fails, or the batch is not run to its end, nothing
    is written.

    Parameters
    ----------
    paths : iterable of path
        Cycling files (any format :func:`semisolid.io.read` reads).
    area_m2, final_area_m2 : float
        Nominal (required) and final measured electrode area [m2].
    voltage_limit_V : float, optional
        The instrument's voltage limit (sets ``settings.voltage_limit_V``).
    settings : DetectorSettings, optional
    catalog_path : path, optional
        SQLite results catalog to add the results to (created if missing).
    electrode, electrolyte, temperature_K, stack_pressure_Pa : optional
        What the catalog records about the cells.
    plot_dir : path, optional
        Write ``<stem>_ccd.png``, ``<stem>_asr.png`` and (with spectra)
        ``<stem>_nyquist.png`` per file here.
    format : str, optional
        Reader name (default: detected).

    Yields
    ------
    FileAnalysis

    Examples
    --------
    >>> list(analyse_files(["x.csv"], area_m2=None))
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: area_m2: the electrode area is required ...
    """
    from semisolid.io import read

    check_area(area_m2)
    check_area(final_area_m2, "final_area_m2", required=False)
    s = settings or DetectorSettings()
    if voltage_limit_V is not None:
        s = dataclasses.replace(s, voltage_limit_V=voltage_limit_V)
    require_positive(stack_pressure_Pa, "stack_pressure_Pa", unit="Pa", optional=True)
    catalog = entries = None
    if catalog_path is not None:
        from semisolid.ccd.catalog import Catalog, CatalogEntry, CellInfo

        catalog, entries = Catalog(catalog_path), []
        cell = CellInfo(electrode, electrolyte, temperature_K, stack_pressure_Pa)
    try:
        for path in paths:
            rec = read(str(path), format=format)
            res = detect(rec, area_m2, final_area_m2, s)
            if plot_dir is not None:
                _write_plots(rec, res, Path(plot_dir), Path(path).stem)
            if entries is not None:
                entries.append(CatalogEntry(cell, res, rec))
            yield FileAnalysis(str(path), rec, res)
        if catalog is not None:
            catalog.add(entries)
    finally:
        if catalog is not None:
            catalog.close()


@dataclass
class CatalogContents:
    """Every result of a catalog and the summary per material pair.

    Examples
    --------
    >>> CatalogContents([], []).to_dict()
    {'results': [], 'summary': []}
    """

    results: list[dict[str, Any]]
    summary: list[dict[str, Any]]
    path: str = ""

    def to_dict(self) -> dict[str, Any]:
        """``{"results": [...], "summary": [...]}``."""
        return {"results": self.results, "summary": self.summary}

    def tables(self) -> list[Table]:
        """The results and the summary as (title, columns, rows) tables."""
        res = [[r["id"], Path(r["source_file"] or "-").name, r["electrode"], r["electrolyte"],
                r["failure"], r["ccd_mA_cm2"], r["last_stable_mA_cm2"], r["step_mA_cm2"],
                r["areal_capacity_mAh_cm2"]] for r in self.results]
        keys = ("electrode", "electrolyte", "cells", "shorts", "open_circuits", "none",
                "mean_ccd_mA_cm2", "max_ccd_mA_cm2", "analysis")
        return [(f"results in {self.path}", ["id", "file", "electrode", "electrolyte",
                                             "failure", "CCD mA/cm2", "last stable", "step",
                                             "areal cap. mAh/cm2"], res),
                ("summary (CCD statistics over shorted cells)",
                 ["electrode", "electrolyte", "cells", "shorts", "open circuits", "none",
                  "mean CCD", "max CCD", "analysis"],
                 [[s.get(k) for k in keys] for s in self.summary])]


def catalog_contents(db_path: str | Path, csv_path: str | Path | None = None
                     ) -> CatalogContents:
    """Read every result of an existing catalog, opened read-only (and export them to
    `csv_path`).

    Raises
    ------
    DatabaseError
        No such catalog, or not a semisolid catalog.

    Examples
    --------
    >>> catalog_contents("/no/such.sqlite")
    Traceback (most recent call last):
    ...
    semisolid.errors.DatabaseError: /no/such.sqlite: no such catalog file
    """
    from semisolid.ccd.catalog import Catalog

    with Catalog(db_path, readonly=True) as cat:
        out = CatalogContents(cat.results(), cat.summary(), str(db_path))
        if csv_path is not None:
            cat.export_csv(csv_path)
    return out


@dataclass
class CCDStatistics:
    """CCD statistics per group and, with a yield-stress column, the CCD-yield line.

    Examples
    --------
    >>> CCDStatistics([], None).to_dict()
    {'groups': []}
    """

    groups: list[Any]
    ccd_vs_yield: Any = None
    value_column: str = "ccd_mA_cm2"
    confidence: float = 0.95

    def to_dict(self) -> dict[str, Any]:
        """``{"groups": [...], "ccd_vs_yield": {...}}`` (the line only when fitted)."""
        out: dict[str, Any] = {"groups": [g.to_dict() for g in self.groups]}
        if self.ccd_vs_yield is not None:
            out["ccd_vs_yield"] = self.ccd_vs_yield.to_dict()
        return out

    def tables(self) -> list[Table]:
        """The groups as one (title, columns, rows) table."""
        rows = [[g.group, g.n, g.mean, g.ci_low, g.ci_high, g.minimum, g.maximum,
                 g.weibull_m] for g in self.groups]
        return [(f"CCD statistics ({self.value_column}), {self.confidence * 100:g}% "
                 "t-interval", ["group", "n", "mean", "CI low", "CI high", "min", "max",
                                "Weibull m"], rows)]

    def lines(self) -> list[str]:
        """The CCD-yield line, if fitted."""
        f = self.ccd_vs_yield
        return [] if f is None else [
            f"CCD = {f.intercept:.4g} + ({f.slope:.4g}) x yield_MPa, R2 = {f.r_squared:.3f}, "
            f"n = {f.n}"]


def ccd_statistics(
    source: str | Path,
    *,
    catalog: bool = False,
    group_column: str = "electrode",
    value_column: str = "ccd_mA_cm2",
    confidence: float = 0.95,
) -> CCDStatistics:
    """Mean, t-interval, range and Weibull fit of CCDs per group, from a CSV table or a catalog.

    Parameters
    ----------
    source : path
        A CSV table, or with ``catalog=True`` an SQLite results catalog (its shorted cells,
        grouped by electrode).
    group_column, value_column : str
        Columns of the CSV table (a catalog always gives ``electrode`` and ``ccd_mA_cm2``).
    confidence : float
        Of the t-interval and the line's band.

    Returns
    -------
    CCDStatistics
        With a ``yield_stress_MPa`` column, also the linear fit of CCD on yield stress.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "ccd.csv"
    >>> _ = p.write_text("electrode,ccd_mA_cm2\\nLi,0.4\\nLi,0.6\\nK,2.0\\n")
    >>> [(g.group, g.n, g.mean) for g in ccd_statistics(p).groups]
    [('K', 1, 2.0), ('Li', 2, 0.5)]
    >>> ccd_statistics(p, value_column="ccd")
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: value_column: column 'ccd' not found; columns are ...
    """
    import pandas as pd

    from semisolid.stats import linear_fit, read_catalog, summarize_groups

    if catalog:
        frame = read_catalog(source)
        group_column, value_column = "electrode", "ccd_mA_cm2"
    else:
        try:
            frame = pd.read_csv(source)
        except (ValueError, UnicodeDecodeError) as exc:
            raise FileFormatError(str(source), f"not a readable CSV table ({exc})") from None
        for name, col in (("group_column", group_column), ("value_column", value_column)):
            if col not in frame.columns:
                raise InputError(f"column {col!r} not found; columns are "
                                 f"{', '.join(map(str, frame.columns))}", name)
    groups = summarize_groups(frame, group_column, value_column, confidence)
    fit = None
    if "yield_stress_MPa" in frame.columns:
        sub = frame[[value_column, "yield_stress_MPa"]].dropna()
        fit = linear_fit(sub["yield_stress_MPa"], sub[value_column], confidence)
    return CCDStatistics(groups, fit, value_column, confidence)
