"""Batch analysis of cycling files on Dask: :func:`semisolid.ccd.analysis.analyse_files` over
chunks of files, one task per chunk.

Each task runs the serial :func:`~semisolid.ccd.analysis.analyse_files` on its files (a file
that cannot be read or analysed is an error row, as there) and, with a catalog, writes their
results to it from the worker, in the serial path's transactions, before the task ends: a
row the result reports as written is in the catalog. The catalog is opened (created or
upgraded) once here first, so the workers never race to create it. A chunk whose task fails
is run again; re-analysing a file updates its row instead of adding one. With an SQLite
catalog the workers take turns writing (SQLite's lock); on a cluster, use a database URL
(PostgreSQL) that every worker reaches.

Paths are made absolute here (the workers may run in another folder); on a remote cluster
they must name the same files on the workers (a shared file system).

**Memory per worker**: one file's record at a time (dropped after its analysis) plus the
summaries of its chunk (one row of about 40 values per file).

Examples
--------
>>> import os, tempfile
>>> d = tempfile.mkdtemp()
>>> for name in ("a.mpt", "b.csv", "b_eis.csv", "notes.md"):
...     _ = open(os.path.join(d, name), "w").close()
>>> [p.name for p in find_files([d])]
['a.mpt', 'b.csv']
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from semisolid.errors import InputError
from semisolid.sweep.cluster import require_dask, run_chunks
from semisolid.sweep.result import SweepResult

__all__ = ["FILE_CHUNK_SIZE", "analyse_files", "find_files"]

FILE_CHUNK_SIZE = 50
"""Default files per chunk."""


def _suffixes() -> set[str]:
    from semisolid.io import REGISTRY

    return {e for info in REGISTRY.infos() for e in info.extensions}


def find_files(paths: Iterable[str | Path]) -> list[Path]:
    """The cycling files named by `paths`: a file as given, a folder as the files below it
    (recursively, sorted) whose suffix a reader knows, without hidden files and without
    ``<stem>_eis<suffix>`` beside ``<stem><suffix>`` (the spectra written with a table).

    Examples
    --------
    >>> find_files([])
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: paths: no files or folders given
    """
    out: list[Path] = []
    known = _suffixes()
    given = list(paths)
    if not given:
        raise InputError("no files or folders given", "paths")
    for p in map(Path, given):
        if not p.is_dir():
            out.append(p.absolute())
            continue
        found = []
        for f in sorted(p.rglob("*")):
            rel = f.relative_to(p).parts
            if not f.is_file() or any(part.startswith(".") for part in rel) \
                    or f.suffix.lower() not in known:
                continue
            if f.stem.endswith("_eis") and f.with_name(f.stem[:-4] + f.suffix).is_file():
                continue
            found.append(f.absolute())
        if not found:
            raise InputError(f"{p}: no cycling files in this folder (suffixes: "
                             f"{', '.join(sorted(known))})", "paths")
        out += found
    return out


def _files_chunk(job: dict[str, Any], paths: list[str]) -> list[Any]:
    """One task: the serial analysis of a chunk of files (private)."""
    from semisolid.ccd.analysis import analyse_files as serial

    return list(serial(paths, job["area_m2"], job["final_area_m2"], **job["options"]))


def analyse_files(
    paths: Sequence[str | Path],
    area_m2: float | None,
    final_area_m2: float | None = None,
    *,
    catalog_path: str | Path | None = None,
    chunk_size: int = FILE_CHUNK_SIZE,
    scheduler: Any = None,
    workers: int | None = None,
    quiet: bool = False,
    **options: Any,
) -> SweepResult:
    """Analyse cycling files (and folders of them) as Dask tasks (``semisolid sweep
    files``).

    Parameters
    ----------
    paths : sequence of path
        Files and folders (see :func:`find_files`).
    area_m2, final_area_m2 : float
        As in :func:`semisolid.ccd.analysis.analyse_files`.
    catalog_path : str or path, optional
        The results catalog: a path (SQLite) or a database URL. Nothing is written without.
    chunk_size : int
        Files per chunk (task).
    scheduler, workers, quiet
        As in :func:`semisolid.sweep.design_map`.
    **options
        The other options of :func:`~semisolid.ccd.analysis.analyse_files`
        (``electrode``, ``electrolyte``, ``temperature_K``, ``stack_pressure_Pa``,
        ``protocol``, ``settings``, ``voltage_limit_V``, ``format``, ``units``,
        ``columns``, ``cell_name``, ``plot_dir``); not ``jobs`` (the tasks are the
        parallelism) nor ``keep_records``.

    Returns
    -------
    SweepResult
        ``data``: one row per file (:meth:`~semisolid.ccd.analysis.FileAnalysis.summary`,
        error rows too) in the order of the files, as a DataFrame; ``report``: the
        :class:`~semisolid.ccd.analysis.Batch` the serial path gives (``semisolid ccd``
        prints it). The files of a failed chunk are missing from both; ``failed`` names
        them.

    Examples
    --------
    >>> analyse_files(["a.mpt"], area_m2=1e-4, jobs=2)
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: jobs: the sweep's tasks are its parallelism; leave jobs out
    >>> r = analyse_files(["archive/"], 0.4e-4, catalog_path="lab.sqlite")  # doctest: +SKIP
    >>> r.ok, len(r.data), r.report.errors  # doctest: +SKIP
    (True, 1000, 0)
    """
    import pandas as pd

    from semisolid.ccd.analysis import Batch
    from semisolid.ccd.analysis import analyse_files as serial

    for bad in ("jobs", "keep_records"):
        if bad in options:
            raise InputError(f"the sweep's tasks are its parallelism; leave {bad} out"
                             if bad == "jobs" else "records are not sent back; leave it out",
                             bad)
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, int) or chunk_size < 1:
        raise InputError(f"must be a whole number >= 1, got {chunk_size!r}", "chunk_size")
    if catalog_path is not None and "://" not in str(catalog_path):
        catalog_path = str(Path(catalog_path).absolute())
    files = [str(p) for p in find_files(paths)]
    options = {**options, "catalog_path": catalog_path}
    for _ in serial([], area_m2, final_area_m2, **options):  # every check; the catalog
        pass                                                 # created or upgraded once
    require_dask()
    chunks = [files[i:i + chunk_size] for i in range(0, len(files), chunk_size)]
    labels = [f"files {i + 1}-{i + len(c)} ({Path(c[0]).name}...)"
              for i, c in zip(range(0, len(files), chunk_size), chunks, strict=True)]
    job = {"area_m2": area_m2, "final_area_m2": final_area_m2, "options": options}
    run = run_chunks(functools.partial(_files_chunk, job), chunks, labels,
                     scheduler=scheduler, workers=workers, quiet=quiet, what="files")
    batch = Batch([a for part in run.results if part is not None for a in part])
    out = SweepResult("files", pd.DataFrame(batch.to_dict()), len(chunks), chunk_size,
                      run.failed, run.retried, run.cluster, run.threads, run.seconds,
                      run.warnings, report=batch)
    if run.failed:
        missing = sum(len(chunks[f.index]) for f in run.failed)
        out.notes.append(f"{missing} file(s) of the failed chunk(s) are missing from the result"
                         + ("; rows a failed chunk wrote to the catalog before it failed stay"
                            " there" if catalog_path else ""))
    return out
