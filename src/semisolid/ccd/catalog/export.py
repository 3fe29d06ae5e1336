"""The catalog as one flat table on disk (``semisolid cells --out cells.parquet|.csv``) and
back: :func:`write_frame` writes :meth:`Catalog.export_frame` atomically, :func:`read_export`
reads either format back into the same DataFrame (dtypes included).

A CSV cell never starts a formula: a text that starts with ``=``, ``+``, ``-``, ``@``, a tab,
a carriage return or ``'`` is written with a ``'`` in front (what spreadsheets show as
text), and :func:`read_export` takes that ``'`` off again, so the table reads back the same.

Examples
--------
>>> EXPORT_DTYPES["ccd_mA_cm2"], EXPORT_DTYPES["censored"], EXPORT_DTYPES["electrode"]
('float64', 'boolean', 'string')
>>> csv_text("=1+1"), csv_text("'quoted"), csv_text("K")
("'=1+1", "''quoted", 'K')
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from semisolid.ccd.catalog.schema import cells, results
from semisolid.errors import InputError

__all__ = ["EXPORT_DTYPES", "csv_text", "read_export", "write_frame"]

_KINDS = {".csv": "csv", ".parquet": "parquet"}
_FORMULA = ("=", "+", "-", "@", "\t", "\r", "'")


def csv_text(value: Any) -> Any:
    """`value` as a CSV cell that never starts a formula (a ``'`` in front of a text that
    starts with ``= + - @``, a tab, a carriage return or ``'``); other values unchanged."""
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value
    return value


def _csv_safe(frame: Any) -> Any:
    out = frame.copy()
    for name, dtype in EXPORT_DTYPES.items():
        if dtype == "string" and name in out.columns:
            out[name] = out[name].map(csv_text, na_action="ignore").astype("string")
    return out


def _from_csv_text(value: Any) -> Any:
    return value[1:] if isinstance(value, str) and value.startswith("'") else value


def _dtype(col: sa.Column) -> str:
    if col.name == "censored":
        return "boolean"
    if isinstance(col.type, sa.Text):
        return "string"
    return "Int64" if isinstance(col.type, sa.Integer) else "float64"


def _dtypes() -> dict[str, str]:
    from semisolid.ccd.catalog.store import COLUMNS

    by_name = {c.name: c for c in results.columns}
    for c in cells.columns:
        by_name.setdefault(c.name, c)
    out = {n: ("string" if n == "warnings" else _dtype(by_name[n])) for n in COLUMNS}
    out["settings"] = "string"
    return out


#: Column -> pandas dtype of the exported table (its column order).
EXPORT_DTYPES: dict[str, str] = _dtypes()


def _kind(path: Path, kind: str | None) -> str:
    if kind is not None:
        return kind
    k = _KINDS.get(path.suffix.lower())
    if k is None:
        raise InputError(f"{str(path)!r}: expected a .csv or .parquet file name", "out")
    return k


def write_frame(frame: Any, path: str | os.PathLike, catalog_file: Path | None = None, *,
                kind: str | None = None) -> Path:
    """Write `frame` to `path` as CSV (no cell starts a formula) or Parquet (from the
    suffix, or `kind`), atomically; never over the catalog file itself nor over anything
    that is not a regular file."""
    from semisolid._util import atomic_output

    out = Path(path)
    option = "out" if kind is None else "csv"
    if not str(path).strip():
        raise InputError("an empty output path", option)
    if catalog_file is not None and _same(out, catalog_file):
        raise InputError(f"{str(out)!r} is the catalog itself; choose another file name",
                         option)
    if (out.exists() or out.is_symlink()) and not out.is_file():
        raise InputError(f"{str(out)!r} exists and is not a regular file; nothing written",
                         option)
    k = _kind(out, kind)
    if k == "parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise InputError("writing Parquet needs pyarrow: pip install "
                             "'semisolid[parquet]'", "out") from None
    with atomic_output(out) as tmp:
        if k == "parquet":
            frame.to_parquet(tmp, index=False)
        else:
            _csv_safe(frame).to_csv(tmp, index=False, lineterminator="\n")
    return out


def _same(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        return False
    return a.resolve() == b.resolve()


def read_export(path: str | os.PathLike) -> Any:
    """Read a table written by :meth:`Catalog.export` back into a DataFrame with the
    export's dtypes (:data:`EXPORT_DTYPES`).

    Examples
    --------
    >>> import os, tempfile
    >>> from semisolid.ccd.catalog import Catalog
    >>> d = tempfile.mkdtemp()
    >>> with Catalog(os.path.join(d, "c.sqlite")) as cat:
    ...     out = cat.export(os.path.join(d, "cells.csv"))
    ...     same = read_export(out).equals(cat.export_frame())
    >>> same
    True
    """
    import pandas as pd

    p = Path(path)
    if _kind(p, None) == "parquet":
        df = pd.read_parquet(p)
    else:
        df = pd.read_csv(p, dtype={k: v for k, v in EXPORT_DTYPES.items()
                                   if v != "boolean"}, keep_default_na=True)
        for name, dtype in EXPORT_DTYPES.items():
            if dtype == "string" and name in df:
                df[name] = df[name].map(_from_csv_text, na_action="ignore")
        if "censored" in df:
            df["censored"] = df["censored"].map({"True": True, "False": False, True: True,
                                                 False: False}).astype("boolean")
    return df[[c for c in EXPORT_DTYPES if c in df.columns]].astype(
        {k: v for k, v in EXPORT_DTYPES.items() if k in df.columns})
