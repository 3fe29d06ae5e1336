"""The CCD workflows: analyse a batch of cycling files, read the catalog back, and CCD
statistics per electrode (what ``semisolid ccd``, ``cells`` and ``stats`` run).

:func:`analyse_files` streams: one :class:`FileAnalysis` per file, in order, as soon as the
file is done (the record is dropped unless ``keep_records=True``, so memory does not grow
with the batch); a file that cannot be read or analysed gives an error row and the batch
goes on; with a catalog, each file's row is written before its analysis is yielded, so a
row reported as written is in the database; ``jobs=N`` reads and
analyses N files at a time in worker processes. Catalog rows are written in transactions
of up to 50 files or one second, whichever comes first (a transaction per file would wait
for the disk a thousand times in a batch of a thousand files).

Examples
--------
>>> import os, tempfile
>>> from semisolid.models.virtual_cell import simulate_cell, write_csv
>>> path = write_csv(simulate_cell("K/KBA/K", seed=1), os.path.join(tempfile.mkdtemp(),
...                  "k.csv"))[0]
>>> (a,) = analyse_files([path], area_m2=0.4e-4)
>>> a.result.failure, a.summary()["file"] == str(path), a.error
('short', True, None)
"""

from __future__ import annotations

import dataclasses
import time
import warnings
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from semisolid._repr import short_repr
from semisolid.ccd.detect import DetectorSettings, detect
from semisolid.ccd.protocol import PROTOCOLS, check_area
from semisolid.ccd.result import CCDResult
from semisolid.errors import FileFormatError, InputError, ReaderWarning, SemisolidError
from semisolid.units import require_positive

__all__ = ["Batch", "CCDStatistics", "CatalogContents", "FileAnalysis", "analyse_batch",
           "analyse_files", "catalog_contents", "ccd_statistics"]

Table = tuple[str, list[str], list[list[Any]]]


@short_repr("path", "result", "error")
@dataclass
class FileAnalysis:
    """One file of a batch: its path, the CCD result or the error, and where it was stored.

    Attributes
    ----------
    path : str
    record : CyclingData or None
        The record read (only with ``keep_records=True``).
    result : CCDResult or None
        None when the file could not be read or analysed.
    error : str or None
        Why not (the message names the file).
    catalog : str or None
        The catalog the result was written to (None: not written).
    final_area_photo : FinalAreaPhoto or None
        Where the final area came from, when it was measured on a photograph.

    Examples
    --------
    >>> FileAnalysis("a.mpr", None, None, error="a.mpr: no such file").summary()
    {'file': 'a.mpr', 'error': 'a.mpr: no such file', 'catalog': None}
    """

    path: str
    record: Any
    result: CCDResult | None
    error: str | None = None
    catalog: str | None = None
    final_area_photo: Any = None

    def summary(self) -> dict[str, Any]:
        """The JSON record of ``semisolid ccd``: :meth:`CCDResult.summary` with ``file``,
        ``error`` (None) and ``catalog`` (and ``final_area_photo`` when the final area was
        measured on a photograph); an error row has ``file``, ``error`` and ``catalog``
        only."""
        if self.result is None:
            return {"file": self.path, "error": self.error, "catalog": self.catalog}
        out = {**self.result.summary(), "file": self.path, "error": None,
               "catalog": self.catalog}
        if self.final_area_photo is not None:
            out["final_area_photo"] = self.final_area_photo.to_dict()
        return out

    def to_dict(self) -> dict[str, Any]:
        """Same as :meth:`summary`."""
        return self.summary()

    @staticmethod
    def table(analyses: Iterable[FileAnalysis]) -> Table:
        """One (title, columns, rows) table of a batch, one row per file (errors too)."""
        keys = ("failure", "signature", "ccd_mA_cm2", "last_stable_mA_cm2", "step_mA_cm2",
                "onset_time_s", "areal_capacity_mAh_cm2", "half_cycles", "soft_shorts",
                "soft_shorts_after_onset")
        rows = []
        for a in analyses:
            s = a.summary()
            rows.append([Path(a.path).name, *(["error", *[None] * (len(keys) - 1)]
                                              if a.result is None else [s[k] for k in keys]),
                         len(s.get("warnings") or [])])
        return ("CCD analysis", ["file", "failure", "signature", "CCD mA/cm2",
                                 "last stable mA/cm2", "step mA/cm2", "onset s",
                                 "mAh/cm2 per half cycle", "half cycles", "soft shorts",
                                 "after onset", "warnings"], rows)

    def lines(self) -> list[str]:
        """The evidence for the failure mode, the warnings and the notes, one line each (the
        error of an error row)."""
        name = Path(self.path).name
        if self.result is None:
            return [f"{name}: error: {self.error}"]
        return ([f"{name}: {e}" for e in self.result.evidence]
                + [f"{name}: warning: {w}" for w in self.result.warnings]
                + [f"{name}: note: {n}" for n in self.result.notes])


@dataclass
class _Facts:
    """What the catalog needs of a record, without its arrays (private)."""

    metadata: Any
    sha256: str


def _facts(rec: Any) -> _Facts:
    from semisolid.ccd.catalog import record_sha256
    from semisolid.io.data import ReaderMetadata

    md = rec.metadata
    extra = getattr(md, "extra", None) or {}
    light = ReaderMetadata(
        source_file=md.source_file, sha256=getattr(md, "sha256", None) if md.source_file
        else None, format=md.format, start_time=md.start_time,
        header_area_m2=md.header_area_m2, header_area_text=md.header_area_text,
        instrument=md.instrument, electrode=md.electrode, electrolyte=md.electrolyte,
        comments=md.comments,
        extra={"cell_name": getattr(md, "cell_name", None) or extra.get("cell_name")})
    return _Facts(light, record_sha256(rec))


def _write_plots(rec: Any, res: CCDResult, folder: Path, stem: str, opts: Any) -> None:
    from semisolid.plots.ccd import plot_asr, plot_ccd_trace
    from semisolid.plots.save import figure_options, save_figures

    with figure_options(opts.formats, opts.dpi):  # the caller's, also in worker processes
        save_figures(plot_ccd_trace(rec, res), folder, f"{stem}_ccd")
        save_figures(plot_asr(res), folder, f"{stem}_asr")
        if len(rec.spectra):
            from semisolid.plots.eis import plot_nyquist, spectrum_labels

            labels = spectrum_labels(rec.spectra, res.segments)
            save_figures(plot_nyquist(list(rec.spectra), labels), folder, f"{stem}_nyquist")


@dataclass(frozen=True)
class _Job:
    """The per-file work order (private; picklable for the worker processes)."""

    area_m2: float
    final_area_m2: float | None
    settings: DetectorSettings
    format: str | None
    read_options: dict[str, Any] = field(default_factory=dict)
    plot_dir: str | None = None
    keep_record: bool = False
    figure_options: Any = None   # semisolid.plots.save.FigureOptions of the caller


def _analyse_one(path: str, job: _Job) -> tuple[FileAnalysis, _Facts | None]:
    """Read, analyse and plot one file; errors become an error row (private)."""
    from semisolid.io import read

    try:
        with warnings.catch_warnings():  # the reader's warnings are in res.warnings (checks.py)
            warnings.simplefilter("ignore", ReaderWarning)
            rec = read(path, format=job.format, **job.read_options)
        res = detect(rec, job.area_m2, job.final_area_m2, job.settings)
        if job.plot_dir is not None:
            _write_plots(rec, res, Path(job.plot_dir), Path(path).stem, job.figure_options)
        facts = _facts(rec)
    except (SemisolidError, OSError) as exc:
        msg = str(exc)
        if isinstance(exc, OSError) and not isinstance(exc, SemisolidError):
            msg = f"{exc.filename or path}: {exc.strerror or exc}"
        elif Path(path).name not in msg:
            msg = f"{path}: {msg}"
        return FileAnalysis(path, None, None, error=msg), None
    except Exception as exc:  # a bug must not lose the rest of the batch: say what it was
        return FileAnalysis(path, None, None,
                            error=f"{path}: unexpected {type(exc).__name__}: {exc}"), None
    return FileAnalysis(path, rec if job.keep_record else None, res), facts


def _check_names(mapping: dict[str, str] | str | None, what: str) -> dict[str, str]:
    if not mapping:
        return {}
    if isinstance(mapping, str):   # "time=h,current=mA"
        mapping = dict(p.strip().partition("=")[::2] for p in mapping.split(",") if p.strip())
    from semisolid.errors import suggest
    from semisolid.io.csv import ALIASES, CANONICAL

    known = {**{c: c for c in CANONICAL}, **ALIASES}
    for k, v in mapping.items():
        if k not in known:
            raise InputError(f"unknown column name {k!r}{suggest(k, known)}; known: "
                             f"{', '.join(ALIASES)} or {', '.join(CANONICAL)}", what)
        if not isinstance(v, str) or not v.strip():
            raise InputError(f"{k!r} has no value; expected NAME=TEXT, e.g. time=h", what)
    return dict(mapping)


def analyse_files(
    paths: Iterable[str | Path],
    area_m2: float | None,
    final_area_m2: float | None = None,
    *,
    voltage_limit_V: float | None = None,
    settings: DetectorSettings | None = None,
    protocol: str | None = None,
    catalog_path: str | Path | None = None,
    final_area_from: str | Path | None = None,
    final_area_reference_m: float | None = None,
    final_area_reference: str = "disc",
    electrode: str | None = None,
    electrolyte: str | None = None,
    temperature_K: float | None = None,
    stack_pressure_Pa: float | None = None,
    cell_name: str | None = None,
    plot_dir: str | Path | None = None,
    format: str | None = None,
    units: dict[str, str] | str | None = None,
    columns: dict[str, str] | str | None = None,
    jobs: int = 1,
    keep_records: bool = False,
) -> Iterator[FileAnalysis]:
    """Read and analyse cycling files one by one (a generator: one result per file).

    The checks run at the first ``next()``, before any file is read: the areas, the
    detector settings, the protocol, the column names of `units` and `columns`, the cell's
    stack pressure, `jobs` and the catalog (a foreign or corrupt file is refused; a missing
    folder is an error, never created). A file that cannot be read or analysed yields a
    :class:`FileAnalysis` with ``error`` set and the batch goes on. With `final_area_from`,
    the final area is measured on that photograph first
    (:func:`semisolid.imaging.measure_electrode_area`) and used for every file; the
    catalog records its uncertainty, the image's path and sha256 and the reference. With
    `catalog_path`,
    each result is written to the catalog before it is yielded (``catalog`` says where;
    transactions of up to 50 files or one second); nothing is written without it. A
    catalog that fails to write stops the batch with a DatabaseError: the rows yielded
    before are in it, the others are not.

    Parameters
    ----------
    paths : iterable of path
        Cycling files (any format :func:`semisolid.io.read` reads).
    area_m2, final_area_m2 : float
        Nominal (required) and final measured electrode area [m2].
    voltage_limit_V : float, optional
        The instrument's voltage limit (sets ``settings.voltage_limit_V``).
    settings : DetectorSettings, optional
    protocol : str, optional
        Force the protocol (``"stepwise"``, ``"constant_current"``, ``"ramp"``; sets
        ``settings.protocol``); default: recognised from each file.
    catalog_path : path or URL, optional
        Results catalog to add the results to: an SQLite file (created if missing, in an
        existing folder) or a ``postgresql://`` URL (:mod:`semisolid.ccd.catalog`).
    final_area_from : path, optional
        Top-view photograph of the disassembled cell: its measured electrode area is the
        final area (instead of `final_area_m2`; needs the ``imaging`` extra).
    final_area_reference_m : float, optional
        True size of the photograph's reference: the electrolyte disc's diameter (default
        12.7e-3, a half-inch disc, stated in the batch's notes) or the scale bar's length.
    final_area_reference : {"disc", "scale_bar"}
        What `final_area_reference_m` measures.
    electrode, electrolyte, temperature_K, stack_pressure_Pa, cell_name : optional
        What the catalog records about the cells (None keeps what it holds).
    plot_dir : path, optional
        Write ``<stem>_ccd.png``, ``<stem>_asr.png`` and (with spectra)
        ``<stem>_nyquist.png`` per file here.
    format : str, optional
        Reader name (default: detected).
    units, columns : dict or str, optional
        Units and column names of the files' columns (the csv reader's ``units=`` and
        ``columns=``, e.g. ``{"time": "h", "current": "mA"}``, or as text:
        ``"time=h,current=mA"``).
    jobs : int
        Files read and analysed at a time (worker processes when > 1), at most
        :data:`MAX_JOBS`.
    keep_records : bool
        Keep each record in :attr:`FileAnalysis.record` (memory grows with the batch).

    Yields
    ------
    FileAnalysis

    Examples
    --------
    >>> list(analyse_files(["x.csv"], area_m2=None))
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: area_m2: the electrode area is required ...
    >>> [a.error for a in analyse_files(["no-such-file.csv"], area_m2=1e-4)]
    ['path: no-such-file.csv: no such file or directory; ...']
    """
    check_area(area_m2)
    check_area(final_area_m2, "final_area_m2", required=False)
    photo = None
    if final_area_from is not None:
        if final_area_m2 is not None:
            raise InputError("give either a final area or a photograph to measure it on, not "
                             "both", "final_area_from")
        photo = measure_final_area(final_area_from, final_area_reference_m,
                                   final_area_reference)
        final_area_m2 = photo.area_m2
    elif final_area_reference_m is not None:
        raise InputError("a reference size is only used with a photograph "
                         "(final_area_from)", "final_area_reference_m")
    s = settings or DetectorSettings()
    if voltage_limit_V is not None:
        s = dataclasses.replace(s, voltage_limit_V=voltage_limit_V)
    if protocol is not None:
        if protocol not in PROTOCOLS:
            raise InputError(f"unknown protocol {protocol!r}; expected one of "
                             f"{', '.join(PROTOCOLS)}", "protocol")
        s = dataclasses.replace(s, protocol=protocol)
    require_positive(stack_pressure_Pa, "stack_pressure_Pa", unit="Pa", optional=True)
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise InputError(f"{jobs!r} must be a whole number >= 1", "jobs")
    if jobs > MAX_JOBS:
        raise InputError(f"{jobs} worker processes: at most {MAX_JOBS}", "jobs")
    options: dict[str, Any] = {}
    if units:
        options["units"] = _check_names(units, "units")
    if columns:
        options["columns"] = _check_names(columns, "columns")
    from semisolid.plots.save import current_figure_options

    job = _Job(float(area_m2), None if final_area_m2 is None else float(final_area_m2), s,
               format, options, None if plot_dir is None else str(plot_dir), keep_records,
               current_figure_options())
    catalog = cell = None
    if catalog_path is not None:
        from semisolid.ccd.catalog import Catalog, CellInfo

        catalog = Catalog(catalog_path)
        cell = CellInfo(electrode, electrolyte, temperature_K, stack_pressure_Pa, cell_name,
                        photo)
    if catalog is None:
        for a, _ in _run(paths, job, jobs):
            if a.result is not None:
                a.final_area_photo = photo
            yield a
        return
    from semisolid.ccd.catalog import CatalogEntry

    pending: list[tuple[FileAnalysis, _Facts | None]] = []
    last = time.monotonic()
    try:
        for item in _run(paths, job, jobs):
            pending.append(item)
            if len(pending) < _FLUSH_ROWS and time.monotonic() - last < _FLUSH_S:
                continue
            yield from _flush(catalog, cell, pending, catalog.name, CatalogEntry)
            pending, last = [], time.monotonic()
        yield from _flush(catalog, cell, pending, catalog.name, CatalogEntry)
    finally:
        catalog.close()


#: The default reference of a final-area photograph: a half-inch electrolyte disc [m].
DEFAULT_DISC_M = 12.7e-3


def measure_final_area(image: str | Path, reference_m: float | None = None,
                       reference: str = "disc") -> Any:
    """Measure the final electrode area on a photograph for the catalog: a
    :class:`~semisolid.ccd.catalog.FinalAreaPhoto` (area, uncertainty, the image's path and
    sha256, the reference).

    Raises
    ------
    InputError
        No disc, scale bar or electrode found (the message names the photograph).
    FileFormatError
        Not an image.

    Examples
    --------
    >>> measure_final_area("no-such-photo.png")
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: final_area_from: no-such-photo.png: no such file
    """
    from semisolid.ccd.catalog import FinalAreaPhoto

    if not Path(image).is_file():
        raise InputError(f"{image}: no such file", "final_area_from")
    from semisolid.imaging import measure_electrode_area

    size = DEFAULT_DISC_M if reference_m is None else reference_m
    if reference_m is None:
        import warnings

        warnings.warn(f"{image}: the reference {reference} in the photograph is assumed to be "
                      f"{size * 1e3:g} mm (the paper's electrolyte disc); give its size "
                      "(--final-area-reference) if it is not", UserWarning, stacklevel=2)
    try:
        res = measure_electrode_area(image, reference_m=size, reference=reference)
    except InputError as exc:
        raise InputError(f"{image}: {exc}", "final_area_from") from None
    return FinalAreaPhoto.from_result(res)


#: Most worker processes of one batch (a larger number overflowed the pool's semaphore).
MAX_JOBS = 256
_FLUSH_ROWS = 50    # results written per catalog transaction ...
_FLUSH_S = 1.0      # ... or after this long, whichever comes first


def _flush(catalog: Any, cell: Any, items: list, where: str, entry: Any
           ) -> Iterator[FileAnalysis]:
    """Write the results of `items` in one transaction, then yield them (in order)."""
    entries = [entry(cell, a.result, f) for a, f in items if a.result is not None]
    if entries:
        catalog.add(entries)
    for a, _ in items:
        if a.result is not None:
            a.catalog = where
            a.final_area_photo = getattr(cell, "final_area_photo", None)
        yield a


def _run(paths: Iterable[str | Path], job: _Job, jobs: int
         ) -> Iterator[tuple[FileAnalysis, _Facts | None]]:
    """The analyses in input order: here, or in `jobs` worker processes with at most
    ``2 * jobs`` files in flight."""
    if jobs == 1:
        for p in paths:
            yield _analyse_one(str(p), job)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
        pending: deque = deque()
        for p in paths:
            pending.append(pool.submit(_analyse_one, str(p), job))
            if len(pending) >= 2 * jobs:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


@dataclass
class Batch:
    """The analyses of a batch, as ``semisolid ccd`` prints them.

    Examples
    --------
    >>> b = Batch([FileAnalysis("a.csv", None, None, error="a.csv: no such file")])
    >>> b.errors, b.to_dict()[0]["error"], b.lines()[-1]
    (1, 'a.csv: no such file', '1 file(s): 0 analysed, 1 error(s)')
    """

    analyses: list[FileAnalysis]

    @property
    def errors(self) -> int:
        """Files that could not be read or analysed."""
        return sum(a.error is not None for a in self.analyses)

    def to_dict(self) -> list[dict[str, Any]]:
        """One JSON record per file (:meth:`FileAnalysis.summary`): the JSON is a list."""
        return [a.summary() for a in self.analyses]

    def tables(self) -> list[Table]:
        """One row per file."""
        return [FileAnalysis.table(self.analyses)]

    def lines(self) -> list[str]:
        """Each file's evidence, warnings, notes or error, then where the results went."""
        out = [line for a in self.analyses for line in a.lines()]
        photo = next((a.final_area_photo for a in self.analyses if a.final_area_photo), None)
        if photo is not None:
            out.append(f"final area from {photo.image}: {photo.area_m2 * 1e4:.4g} ± "
                       f"{photo.area_uncertainty_m2 * 1e4:.2g} cm² (reference: "
                       f"{photo.reference_kind} of {photo.reference_m * 1e3:g} mm; "
                       f"sha256 {photo.image_sha256[:12]}...)")
        stored = sorted({a.catalog for a in self.analyses if a.catalog})
        n_ok = len(self.analyses) - self.errors
        out.append(f"{len(self.analyses)} file(s): {n_ok} analysed, {self.errors} error(s)"
                   + (f"; results written to {', '.join(stored)}" if stored else ""))
        return out


def analyse_batch(paths: Iterable[str | Path], area_m2: float | None,
                  final_area_m2: float | None = None, **options: Any) -> Batch:
    """:func:`analyse_files` run to its end, as a :class:`Batch` (the records are not kept).

    Examples
    --------
    >>> analyse_batch(["no-such-file.csv"], 1e-4).errors
    1
    """
    return Batch(list(analyse_files(paths, area_m2, final_area_m2, **options)))


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


def catalog_contents(db_path: str | Path, csv_path: str | Path | None = None,
                     out_path: str | Path | None = None) -> CatalogContents:
    """Read every result of an existing catalog (a file or a ``postgresql://`` URL), opened
    read-only, and export them with their metadata to `csv_path` (CSV) and `out_path`
    (``.csv`` or ``.parquet``; :meth:`~semisolid.ccd.catalog.Catalog.export`).

    Raises
    ------
    DatabaseError
        No such catalog, or not a semisolid catalog.
    InputError
        An export path that is the catalog itself.

    Examples
    --------
    >>> catalog_contents("/no/such.sqlite")
    Traceback (most recent call last):
    ...
    semisolid.errors.DatabaseError: /no/such.sqlite: no such catalog file
    """
    from semisolid.ccd.catalog import Catalog

    with Catalog(db_path, readonly=True) as cat:
        out = CatalogContents(cat.results(), cat.summary(), cat.name)
        if csv_path is not None:
            cat.export_csv(csv_path)
        if out_path is not None:
            cat.export(out_path)
    return out


@short_repr("groups", "ccd_vs_yield", "notes", frame="groups")
@dataclass
class CCDStatistics:
    """CCD statistics per group, the survival curves and, with yield stresses, the CCD-yield
    line.

    Attributes
    ----------
    groups : list of GroupSummary
    ccd_vs_yield : LinearFit or None
    survival : dict of str -> SurvivalCurve
        Kaplan-Meier curve of each group (censored cells included).
    figures : list of str
        Files written (``plot_dir``).
    notes : list of str

    Examples
    --------
    >>> CCDStatistics([], None).to_dict()
    {'groups': []}
    """

    groups: list[Any]
    ccd_vs_yield: Any = None
    value_column: str = "ccd_mA_cm2"
    confidence: float = 0.95
    survival: dict[str, Any] = field(default_factory=dict)
    figures: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """``{"groups": [...], "ccd_vs_yield": {...}, "survival": {...}, "figures": [...],
        "notes": [...]}`` (each only when there is something)."""
        out: dict[str, Any] = {"groups": [g.to_dict() for g in self.groups]}
        if self.ccd_vs_yield is not None:
            out["ccd_vs_yield"] = self.ccd_vs_yield.to_dict()
        if self.survival:
            out["survival"] = {k: v.to_dict() for k, v in self.survival.items()}
        if self.figures:
            out["figures"] = list(self.figures)
        if self.notes:
            out["notes"] = list(self.notes)
        return out

    def tables(self) -> list[Table]:
        """The groups as one (title, columns, rows) table: the Weibull modulus with the
        small-sample bias removed first, the maximum-likelihood (biased) one beside it."""
        rows = [[g.group, g.n, g.n_censored, g.mean, g.ci_low, g.ci_high, g.minimum,
                 g.maximum, g.weibull_m_unbiased, g.weibull_m, g.weibull_x0, g.km_median]
                for g in self.groups]
        return [(f"CCD statistics ({self.value_column}), {self.confidence * 100:g}% "
                 "t-interval over the shorted cells",
                 ["group", "n", "censored", "mean", "CI low", "CI high", "min", "max",
                  "Weibull m (unbiased)", "m (MLE, biased)", "x0", "KM median"], rows)]

    def lines(self) -> list[str]:
        """The CCD-yield line (if fitted), the figures and the notes."""
        f = self.ccd_vs_yield
        out = [] if f is None else [
            f"CCD = {f.intercept:.4g} + ({f.slope:.4g}) x yield_MPa, R2 = {f.r_squared:.3f}, "
            f"n = {f.n}"]
        return out + [f"figure: {p}" for p in self.figures] + [f"note: {n}" for n in self.notes]


def _yield_stresses(frame: Any, group_column: str, notes: list[str]) -> Any:
    """Yield stress [MPa] per row: the frame's ``yield_stress_MPa`` column, else the cited
    value of the metal named by the group (Li, Na, K), else NaN (with a note)."""
    import numpy as np

    if "yield_stress_MPa" in frame.columns:
        return frame["yield_stress_MPa"].astype(float)
    from semisolid.materials import metal

    known: dict[str, float] = {}
    for g in frame[group_column].dropna().unique():
        try:
            y = metal(str(g)).yield_stress_Pa
        except SemisolidError:
            y = None
        if y is None:
            notes.append(f"no yield stress for group {g!r}: left out of the CCD-yield figure")
        else:
            known[str(g)] = y / 1e6
            notes.append(f"yield stress of {g}: {y / 1e6:g} MPa (semisolid.materials)")
    return frame[group_column].map(lambda g: known.get(str(g), np.nan)).astype(float)


def ccd_statistics(
    source: str | Path,
    *,
    catalog: bool = False,
    group_column: str = "electrode",
    value_column: str = "ccd_mA_cm2",
    confidence: float = 0.95,
    plot_dir: str | Path | None = None,
) -> CCDStatistics:
    """Mean, t-interval, range, Weibull fit and survival curve of CCDs per group, from a
    CSV table or a catalog.

    Parameters
    ----------
    source : path
        A CSV table, or with ``catalog=True`` an SQLite results catalog (its stepwise and
        ramp tests grouped by electrode; cells that did not short are right-censored at the
        highest current density they carried). A CSV may have a ``censored`` column
        (True/False) with the same meaning.
    group_column, value_column : str
        Columns of the CSV table (a catalog always gives ``electrode`` and ``ccd_mA_cm2``).
    confidence : float
        Of the t-interval, the Weibull bounds, the survival bounds and the line's band.
    plot_dir : path, optional
        Write ``ccd_survival`` (Kaplan-Meier curve per group) and, where yield
        stresses are known (a ``yield_stress_MPa`` column, or the cited value of Li, Na, K
        for the groups of a catalog), ``ccd_vs_yield`` (Fig. 6b) here, as PNG and SVG (the
        formats of :func:`semisolid.plots.save.figure_options`).

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
    import numpy as np
    import pandas as pd

    from semisolid.stats import kaplan_meier, linear_fit, read_catalog, summarize_groups

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
    cens = (frame["censored"].astype(bool) if "censored" in frame.columns
            else pd.Series(False, index=frame.index))
    survival = {}
    for g, sub in frame.groupby(frame[group_column].astype(str)):
        v = sub[value_column].astype(float)
        ok = np.isfinite(v.to_numpy())
        if ok.any():
            survival[str(g)] = kaplan_meier(v[ok], cens[sub.index][ok], confidence)
    fit = None
    notes: list[str] = []
    if "yield_stress_MPa" in frame.columns:
        sub = frame.loc[~cens, [value_column, "yield_stress_MPa"]].dropna()
        fit = linear_fit(sub["yield_stress_MPa"], sub[value_column], confidence)
    out = CCDStatistics(groups, fit, value_column, confidence, survival, notes=notes)
    if plot_dir is not None:
        _stats_figures(out, frame, group_column, value_column, cens, Path(plot_dir))
    return out


def _stats_figures(out: CCDStatistics, frame: Any, group_column: str, value_column: str,
                   cens: Any, folder: Path) -> None:
    import numpy as np

    from semisolid.plots.models import plot_ccd_vs_yield
    from semisolid.plots.save import save_figures
    from semisolid.plots.stats import plot_survival

    if out.survival:
        out.figures += [str(p) for p in save_figures(plot_survival(out.survival), folder,
                                                     "ccd_survival")]
    ys = _yield_stresses(frame, group_column, out.notes)
    ok = np.isfinite(ys.to_numpy()) & ~cens.to_numpy()
    if ok.any():
        fit = out.ccd_vs_yield
        x, y = ys[ok].to_numpy(), frame.loc[ok, value_column].astype(float).to_numpy()
        if fit is None and x.size >= 3 and np.ptp(x) > 0:
            from semisolid.stats import linear_fit

            fit = linear_fit(x, y, out.confidence)
        out.figures += [str(p) for p in save_figures(plot_ccd_vs_yield(
            x, y, labels=frame.loc[ok, group_column].astype(str).tolist(), fit=fit), folder,
            "ccd_vs_yield")]
