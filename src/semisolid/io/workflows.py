"""File-level workflows: what a potentiostat file holds (``semisolid inspect``) and its
canonical table written as CSV or Parquet (``semisolid export``).

Examples
--------
>>> from semisolid.samples import sample_path
>>> s = summarize_file(sample_path("peis"))
>>> s.to_dict()["format"], s.to_dict()["spectra"]
('biologic-mpt', 1)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from semisolid.errors import InputError

__all__ = ["ExportResult", "FileSummary", "export_file", "summarize_file"]


@dataclass
class FileSummary:
    """What a file holds: rows, columns with units, techniques, time span, half cycles,
    spectra and the reader's warnings (:meth:`to_dict` has them all)."""

    path: str
    record: Any

    def to_dict(self) -> dict[str, Any]:
        """The JSON document of ``semisolid inspect``."""
        rec, md = self.record, self.record.metadata
        n = len(rec)
        return {
            "file": self.path, "format": md.format, "sha256": md.sha256, "rows": n,
            "columns": md.columns, "techniques": md.techniques, "start_time": md.start_time,
            "time_span_s": [float(np.nanmin(rec.time_s)), float(np.nanmax(rec.time_s))]
            if n else None,
            "half_cycles": rec.n_half_cycles, "measured_current": rec.current_A is not None,
            "set_current_source": md.extra.get("set_current_source"),
            "header_area": md.header_area_text, "header_area_reliable": md.header_area_reliable,
            "spectra": len(rec.spectra), "spectrum_points": [len(s) for s in rec.spectra],
            "warnings": md.warnings + list(rec.spectra.notes),
        }

    def tables(self) -> list[tuple[str, list[str], list[list[Any]]]]:
        """Overview and columns."""
        i = self.to_dict()
        span = i["time_span_s"]
        rows = [["format", i["format"]], ["rows", i["rows"]],
                ["techniques", ", ".join(i["techniques"]) or None],
                ["start time", i["start_time"]],
                ["time span (s)", None if span is None else f"{span[0]:.6g} .. {span[1]:.6g}"],
                ["half cycles", i["half_cycles"]], ["set current from", i["set_current_source"]],
                ["header area", f"{i['header_area'] or '-'} (unreliable; pass the real area)"],
                ["spectra", f"{i['spectra']} {i['spectrum_points'][:10]}"],
                ["sha256", i["sha256"]]]
        return [(Path(self.path).name, ["item", "value"], rows),
                ("columns", ["column", "unit"], [list(c) for c in i["columns"].items()])]


def summarize_file(path: str | Path, format: str | None = None, preset: str | None = None
                   ) -> FileSummary:
    """Read a potentiostat file and summarise what it holds.

    Parameters
    ----------
    path : path
    format : str, optional
        A reader of :func:`semisolid.io.supported_formats` (default: detected).
    preset : str, optional
        A cycler column preset (``arbin``, ``maccor``, ``basytec``, ``landt``, ``neware``,
        ``bdf``; :data:`semisolid.io.presets.PRESETS`) for a table export.

    Returns
    -------
    FileSummary

    Examples
    --------
    >>> from semisolid.samples import sample_path
    >>> summarize_file(sample_path("gcpl")).to_dict()["rows"]
    46102
    """
    from semisolid.io import read

    return FileSummary(str(path), read(str(path), format=format, preset=preset))


@dataclass
class ExportResult:
    """Where a table was written, its number of rows and which table it is."""

    path: Path
    rows: int
    kind: str

    def to_dict(self) -> dict[str, Any]:
        """``{"output", "rows", "kind"}``."""
        return {"output": str(self.path), "rows": self.rows, "kind": self.kind}

    def tables(self) -> list:
        """No table: see :meth:`lines`."""
        return []

    def lines(self) -> list[str]:
        """``wrote OUT (N rows, KIND)``."""
        return [f"wrote {self.path} ({self.rows} rows, {self.kind})"]


def export_file(path: str | Path, out: str | Path, format: str | None = None,
                what: str = "auto", preset: str | None = None, all_columns: bool = False
                ) -> ExportResult:
    """Write a file's canonical table (SI, unit-named columns) as CSV or Parquet, atomically,
    with the table writers of :func:`semisolid.io.write`.

    With `all_columns`, every column of the file follows the canonical ones, under SI
    unit-named headers (:func:`semisolid.io.tables.all_columns_table`); Parquet output keeps
    the record's metadata either way (needs ``pip install semisolid[parquet]``).

    Parameters
    ----------
    path : path
        The potentiostat file (never modified).
    out : path
        ``.csv`` or ``.parquet``; not the input file.
    format : str, optional
        Reader name (default: detected).
    what : {"auto", "cycling", "spectra", "cycling+spectra"}
        ``auto``: the spectra of an impedance file, else the cycling table (see
        :mod:`semisolid.io.tables`); with `all_columns`, always the rows of the file.
    preset : str, optional
        A cycler column preset for a table export.
    all_columns : bool
        Write every column of the file.

    Examples
    --------
    >>> import os, tempfile
    >>> from semisolid.samples import sample_path
    >>> r = export_file(sample_path("peis"), os.path.join(tempfile.mkdtemp(), "eis.csv"))
    >>> r.rows, r.kind
    (43, 'spectra')
    """
    from semisolid._util import check_output_path
    from semisolid.io import read, write
    from semisolid.io.tables import is_impedance_record

    out = check_output_path(out, inputs=[path], field="out")  # before reading anything
    if out.suffix.lower() not in (".csv", ".parquet"):
        raise InputError(f"{out.name}: expected a .csv or .parquet file", "out")
    rec = read(str(path), format=format, preset=preset)
    if all_columns:
        write(rec, out, what=what, all_columns=True)
        return ExportResult(out, len(rec), "all columns")
    if what == "auto":
        what = "spectra" if is_impedance_record(rec) else "cycling"
    write(rec, out, what=what)
    rows = {"cycling": len(rec), "spectra": sum(len(s) for s in rec.spectra),
            "cycling+spectra": int(np.isfinite(rec.set_current_A).sum())}.get(what, 0)
    return ExportResult(out, rows, what)
