"""Shared helpers of the text readers: decoding, numeric tables with line numbers in errors.

Examples
--------
>>> decode_text(b"Cs/\\xb5F")
('Cs/µF', 'cp1252')
>>> parse_numeric_block("f.txt", ["1,5\\t2", "3\\t4,25"], 10, delimiter="\\t", decimal=",")
array([[1.5 , 2.  ],
       [3.  , 4.25]])
"""

from __future__ import annotations

import io
import re

import numpy as np

from semisolid.errors import FileFormatError

__all__ = ["decode_text", "guess_decimal", "parse_numeric_block"]

_NUM = re.compile(r"^[-+]?(\d+([.,]\d*)?|[.,]\d+)([eE][-+]?\d+)?$")


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode file bytes: UTF-8 (with or without BOM) if valid, else Windows-1252, else
    Latin-1 (EC-Lab writes cp1252 units such as ``µ``, ``°``, ``²``).

    Examples
    --------
    >>> decode_text("°C".encode())
    ('°C', 'utf-8')
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def guess_decimal(lines: list[str], delimiter: str) -> str:
    """``","`` when numbers in the first data lines use a decimal comma, else ``"."``.

    Examples
    --------
    >>> guess_decimal(["1,5\\t2,0E-3"], "\\t"), guess_decimal(["1.5\\t2"], "\\t")
    (',', '.')
    """
    if delimiter == ",":
        return "."
    comma = dot = 0
    for ln in lines[:20]:
        for f in ln.split(delimiter):
            f = f.strip()
            if _NUM.match(f):
                comma += "," in f
                dot += "." in f
    return "," if comma > dot else "."


def _to_float(text: str, decimal: str) -> float:
    t = text.strip()
    if decimal == ",":
        t = t.replace(",", ".")
    return float(t)


def parse_numeric_block(
    path: str,
    lines: list[str],
    first_line_no: int,
    *,
    delimiter: str,
    decimal: str = ".",
    n_columns: int | None = None,
) -> np.ndarray:
    """Parse data lines into a 2-D float array; errors name the file line and field.

    Parameters
    ----------
    path : str
        For messages.
    lines : list of str
        The data lines (no header).
    first_line_no : int
        1-based line number of ``lines[0]`` in the file.
    delimiter, decimal : str
    n_columns : int, optional
        Expected number of fields per line (empty trailing fields are ignored).

    Raises
    ------
    FileFormatError
        A field that is not a number, or a line with the wrong number of fields.
    """
    lines = [ln for ln in lines]
    while lines and not lines[-1].strip():
        lines.pop()
    if not lines:
        return np.zeros((0, n_columns or 0))
    try:
        import pandas as pd

        df = pd.read_csv(
            io.StringIO("\n".join(lines)),
            sep=delimiter,
            header=None,
            decimal=decimal,
            dtype=float,
            engine="c",
            skip_blank_lines=False,
            names=None if n_columns is None else list(range(n_columns + 1)),
        )
        arr = df.to_numpy(dtype=float)
        if n_columns is not None:
            extra = arr[:, n_columns:]
            if extra.size and np.isfinite(extra).any():
                raise ValueError("too many fields")
            arr = arr[:, :n_columns]
        if arr.shape[0] == len(lines) and not np.isnan(arr).any():
            return arr
    except (ValueError, TypeError, OverflowError, Exception):  # slow path names the line
        pass
    # slow path: find the first bad line / field and say which
    rows = []
    width = n_columns
    for k, ln in enumerate(lines):
        fields = ln.rstrip("\r\n").split(delimiter)
        while fields and not fields[-1].strip():
            fields.pop()
        if width is None:
            width = len(fields)
        if len(fields) != width:
            raise FileFormatError(
                path, f"expected {width} fields, found {len(fields)}",
                line=first_line_no + k,
            )
        row = []
        for j, f in enumerate(fields):
            try:
                row.append(_to_float(f, decimal))
            except ValueError:
                raise FileFormatError(
                    path, f"field {j + 1} {f.strip()[:40]!r} is not a number",
                    line=first_line_no + k,
                ) from None
        rows.append(row)
    return np.asarray(rows, dtype=float).reshape(len(rows), width or 0)
