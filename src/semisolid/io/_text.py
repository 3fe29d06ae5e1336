"""Shared helpers of the text readers: decoding, size limits, numeric tables with line
numbers in errors.

Text is decoded as UTF-8 (with or without a byte-order mark), UTF-16 (with a byte-order
mark, or recognised by its zero bytes), else Windows-1252. Decoding also enforces the limits
of a text export: no line longer than :data:`MAX_LINE_CHARS` characters and none with more
than :data:`MAX_FIELDS` fields (tab, comma, semicolon or bar separated), so that a damaged
or hostile file is refused at once, with its line number, instead of costing minutes.

Examples
--------
>>> decode_text(b"Cs/\\xb5F")
('Cs/µF', 'cp1252')
>>> decode_text("freq/Hz\\tRe(Z)/Ohm".encode("utf-16"))
('freq/Hz\\tRe(Z)/Ohm', 'utf-16')
>>> parse_numeric_block("f.txt", ["1,5\\t2", "3\\t4,25"], 10, delimiter="\\t", decimal=",")
array([[1.5 , 2.  ],
       [3.  , 4.25]])
"""

from __future__ import annotations

import io
import re
from collections.abc import Collection
from typing import Any

import numpy as np

from semisolid.errors import FileFormatError

__all__ = ["MAX_FIELDS", "MAX_LINE_CHARS", "decode_text", "guess_decimal",
           "parse_numeric_block", "text_head"]

#: Longest line a text reader accepts [characters].
MAX_LINE_CHARS = 100_000
#: Most fields (columns) on one line a text reader accepts.
MAX_FIELDS = 2_000
_SEPARATORS = ("\t", ",", ";", "|")
# a line of MAX_FIELDS characters or more, matched only from the start of a line (linear)
_LONG = re.compile(r"(?<![^\r\n])[^\r\n]{" + str(MAX_FIELDS) + ",}")

_NUM = re.compile(r"^[-+]?(\d+([.,]\d*)?|[.,]\d+)([eE][-+]?\d+)?$")


def _utf16(data: bytes) -> str | None:
    """``"utf-16"`` (byte-order mark), ``"utf-16-le"``/``"-be"`` (zero high bytes), or None."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    head = data[:512]
    if len(head) < 4 or len(head) % 2:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) >= 0.9 * len(odd) and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) >= 0.9 * len(even) and odd.count(0) == 0:
        return "utf-16-be"
    return None


def text_head(head: bytes) -> bytes:
    """The first bytes of a file as a text reader sees them (byte-order mark removed,
    UTF-16 re-encoded as Latin-1), for magic-string checks.

    Examples
    --------
    >>> text_head("EC-Lab ASCII FILE".encode("utf-16"))
    b'EC-Lab ASCII FILE'
    >>> text_head(b"\\xef\\xbb\\xbfEXPLAIN")
    b'EXPLAIN'
    """
    if head.startswith(b"\xef\xbb\xbf"):
        return head[3:]
    enc = _utf16(head)
    if enc is None:
        return head
    body = head[: len(head) // 2 * 2]
    return body.decode(enc, errors="replace").encode("latin-1", errors="replace")


def _check_limits(text: str, path: str) -> None:
    line_no, at = 1, 0
    for m in _LONG.finditer(text):
        line_no += text.count("\n", at, m.start())
        at = m.start()
        line = m.group()
        if len(line) > MAX_LINE_CHARS:
            raise FileFormatError(path, f"a line of {len(line):,} characters; text exports "
                                  f"are read up to {MAX_LINE_CHARS:,} characters per line",
                                  line=line_no)
        n = max(line.count(d) for d in _SEPARATORS) + 1
        if n > MAX_FIELDS:
            raise FileFormatError(path, f"{n:,} fields on one line; text exports are read "
                                  f"up to {MAX_FIELDS:,} columns", line=line_no)


def decode_text(data: bytes, path: str | None = None) -> tuple[str, str]:
    """Decode file bytes and check the text limits.

    UTF-8 (with or without BOM) if valid; UTF-16 with a byte-order mark or recognised by
    its zero bytes; else Windows-1252, else Latin-1 (EC-Lab writes cp1252 units such as
    ``µ``, ``°``, ``²``). Returns ``(text, encoding)``.

    Parameters
    ----------
    data : bytes
    path : str, optional
        The file, for error messages.

    Raises
    ------
    FileFormatError
        Damaged UTF-16, a line longer than :data:`MAX_LINE_CHARS` or with more than
        :data:`MAX_FIELDS` fields (names the line).

    Examples
    --------
    >>> decode_text("°C".encode())
    ('°C', 'utf-8')
    >>> decode_text(b"\\xef\\xbb\\xbfEC-Lab ASCII FILE")
    ('EC-Lab ASCII FILE', 'utf-8')
    >>> decode_text(b"a," * 3000, "wide.csv")
    Traceback (most recent call last):
    ...
    semisolid.errors.FileFormatError: wide.csv (line 1): 3,001 fields on one line; ...
    """
    where = path or "<data>"
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    enc = _utf16(data)
    if enc is not None:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError as exc:
            raise FileFormatError(where, f"damaged UTF-16 text ({exc.reason})",
                                  offset=exc.start) from None
        text = text.removeprefix("\ufeff")
        enc = "utf-16"
    else:
        try:
            text, enc = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            try:
                text, enc = data.decode("cp1252"), "cp1252"
            except UnicodeDecodeError:
                text, enc = data.decode("latin-1"), "latin-1"
    _check_limits(text, where)
    return text, enc


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


def _field_value(text: str, decimal: str, col: int, optional: frozenset[int],
                 lenient: frozenset[int]) -> float | str:
    """The field's value, or the reason it is refused (a message)."""
    t = text.strip()
    if not t:
        if col in optional or col in lenient:
            return float("nan")
        return "is empty; expected a number"
    try:
        x = _to_float(t, decimal)
    except ValueError:
        if col in lenient:
            return float("nan")
        return f"{t[:40]!r} is not a number"
    if not np.isfinite(x):
        if col in lenient:
            return float("nan")
        return f"{t[:40]!r} is not a finite number (NaN and infinity are not accepted)"
    return x


def _fast_parse(
    lines: list[str],
    delimiter: str,
    decimal: str,
    n_columns: int | None,
    optional: frozenset[int],
    lenient: frozenset[int],
) -> np.ndarray | None:
    """pandas' C parser; None when anything needs the slow path's line-by-line message."""
    import pandas as pd

    names = None if n_columns is None else list(range(n_columns + 1))
    dtype: dict[int, Any] | type = float
    na_values: dict[int, list[str]] | None = None
    if n_columns is not None:
        dtype = {j: (str if j in lenient or j == n_columns else float)
                 for j in range(n_columns + 1)}
        na_values = {j: [""] for j in optional}
    try:
        df = pd.read_csv(
            io.StringIO("\n".join(lines)),
            sep=delimiter,
            header=None,
            decimal=decimal,
            dtype=dtype,
            engine="c",
            skip_blank_lines=False,
            names=names,
            keep_default_na=False,
            na_values=na_values,
        )
    except (ValueError, TypeError, OverflowError):  # pandas' ParserError is a ValueError
        return None
    if df.shape[0] != len(lines):
        return None
    if n_columns is None:
        arr = df.to_numpy(dtype=float)
        return arr if np.isfinite(arr).all() else None
    last = df[n_columns]
    if (last.notna() & (last.astype(str).str.strip() != "")).any():
        return None  # too many fields somewhere
    arr = np.empty((len(lines), n_columns))
    for j in range(n_columns):
        col = df[j]
        if j in lenient:
            txt = col.fillna("").astype(str).str.strip()
            if decimal == ",":
                txt = txt.str.replace(",", ".", regex=False)
            v = np.array(pd.to_numeric(txt, errors="coerce"), dtype=float)
            v[~np.isfinite(v)] = np.nan
            arr[:, j] = v
            continue
        v = col.to_numpy(dtype=float)
        bad = ~np.isfinite(v)
        if j in optional:
            bad &= ~np.isnan(v)  # NaN here can only come from an empty field
        if bad.any():
            return None
        arr[:, j] = v
    return arr


def parse_numeric_block(
    path: str,
    lines: list[str],
    first_line_no: int,
    *,
    delimiter: str,
    decimal: str = ".",
    n_columns: int | None = None,
    optional_columns: Collection[int] = (),
    lenient_columns: Collection[int] = (),
) -> np.ndarray:
    """Parse data lines into a 2-D float array; errors name the file line and field.

    Every field must be a finite number: an empty field, text, ``nan`` or ``inf`` is an
    error naming the line and the field (none of the supported formats writes NaN or
    infinity as text), except in the columns the caller marks as optional or lenient.

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
    optional_columns : collection of int
        0-based columns whose fields may be empty (read as NaN, "unknown"); a field that is
        written must still be a finite number. A line may also end before these columns.
    lenient_columns : collection of int
        0-based columns read where they hold finite numbers and NaN elsewhere (text,
        empty); never an error. For columns the caller only keeps as extra information.

    Returns
    -------
    numpy.ndarray
        Shape (number of lines, number of columns); trailing blank lines are dropped.

    Raises
    ------
    FileFormatError
        A field that is not a finite number, or a line with the wrong number of fields.

    Examples
    --------
    >>> parse_numeric_block("f.csv", ["1;2,5", "3;"], 2, delimiter=";", decimal=",",
    ...                     n_columns=2, optional_columns=[1]).tolist()
    [[1.0, 2.5], [3.0, nan]]
    >>> parse_numeric_block("f.csv", ["1,2", "3,inf"], 2, delimiter=",", n_columns=2)
    Traceback (most recent call last):
    ...
    semisolid.errors.FileFormatError: f.csv (line 3): field 2 'inf' is not a finite number ...
    """
    lines = [ln for ln in lines]
    while lines and not lines[-1].strip():
        lines.pop()
    if not lines:
        return np.zeros((0, n_columns or 0))
    optional = frozenset(int(j) for j in optional_columns)
    lenient = frozenset(int(j) for j in lenient_columns)
    arr = _fast_parse(lines, delimiter, decimal, n_columns, optional, lenient)
    if arr is not None:
        return arr
    # slow path: find the first bad line / field and say which
    rows = []
    width = n_columns
    for k, ln in enumerate(lines):
        if not ln.strip() and width:
            raise FileFormatError(path, f"empty line; expected {width} fields",
                                  line=first_line_no + k)
        fields = ln.rstrip("\r\n").split(delimiter)
        while fields and not fields[-1].strip() and (width is None or len(fields) > width):
            fields.pop()
        if width is None:
            width = len(fields)
        missing = range(len(fields), width)
        if missing and all(j in optional or j in lenient for j in missing):
            fields += [""] * len(missing)
        if len(fields) != width:
            raise FileFormatError(
                path, f"expected {width} fields, found {len(fields)}",
                line=first_line_no + k,
            )
        row = []
        for j, f in enumerate(fields):
            x = _field_value(f, decimal, j, optional, lenient)
            if isinstance(x, str):
                raise FileFormatError(path, f"field {j + 1} {x}", line=first_line_no + k)
            row.append(x)
        rows.append(row)
    return np.asarray(rows, dtype=float).reshape(len(rows), width or 0)
