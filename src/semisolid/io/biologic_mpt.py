"""Reader for Bio-Logic EC-Lab text exports (``.mpt``).

An ``.mpt`` file starts with ``EC-Lab ASCII FILE`` and ``Nb header lines : N``; lines 3 to
N-1 are the header (technique name, ``Acquisition started on : MM/DD/YYYY HH:MM:SS``,
``Electrode surface area : 0.001 cm²``, the technique parameters as 20-character columns,
one column per sequence), line N holds the tab-separated column names, and the data follow.
Exports without the header (first line = column names) are read too. Numbers may use a
decimal comma (German/French Windows locales); the file is UTF-8 or Windows-1252
(``µ``, ``°``, ``²``).

Examples
--------
>>> import tempfile, os, pathlib
>>> p = os.path.join(tempfile.mkdtemp(), "t.mpt")
>>> text = ("EC-Lab ASCII FILE\\r\\nNb header lines : 4\\r\\n\\r\\n"
...         "mode\\ttime/s\\tcontrol/V/mA\\tEwe/V\\t\\r\\n"
...         "1\\t0,0\\t0,5\\t0,1\\t\\r\\n1\\t1,0\\t0,5\\t0,2\\t\\r\\n")
>>> _ = pathlib.Path(p).write_bytes(text.encode("cp1252"))
>>> rec = read_mpt(p)
>>> rec.time_s.tolist(), rec.set_current_A.tolist()
([0.0, 1.0], [0.0005, 0.0005])
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import re
from pathlib import Path
from typing import Any

import numpy as np

from semisolid.errors import FileFormatError
from semisolid.io._text import decode_text, guess_decimal, parse_numeric_block

__all__ = ["TECHNIQUE_TITLES", "parse_mpt", "read_mpt", "read_mpt_spectra"]

MAGIC = "EC-Lab ASCII FILE"

#: Technique title line of the header -> EC-Lab short name.
TECHNIQUE_TITLES: dict[str, str] = {
    "galvanostatic cycling with potential limitation": "GCPL",
    "chronopotentiometry": "CP",
    "chronoamperometry / chronocoulometry": "CA",
    "chronoamperometry": "CA",
    "open circuit voltage": "OCV",
    "potentio electrochemical impedance spectroscopy": "PEIS",
    "galvano electrochemical impedance spectroscopy": "GEIS",
    "modulo bat": "MB",
    "wait": "WAIT",
    "cyclic voltammetry": "CV",
    "linear sweep voltammetry": "LSV",
    "constant current": "CstC",
    "constant voltage": "CstV",
}

_START = re.compile(r"^Acquisition started on\s*:\s*(.+?)\s*$")
_AREA = re.compile(r"^Electrode surface area\s*:\s*([-+0-9.,eE]+)\s*(.*?)\s*$")
_NB = re.compile(r"^Nb header lines\s*:\s*(\d+)\s*$")


def _parse_time(text: str) -> str | None:
    for fmt in ("%m/%d/%Y %H:%M:%S.%f", "%m/%d/%Y %H:%M:%S", "%m/%d/%y %H:%M:%S",
                "%d.%m.%Y %H:%M:%S", "%d/%m/%Y %H:%M:%S"):
        try:
            return _dt.datetime.strptime(text.strip(), fmt).isoformat()
        except ValueError:
            continue
    return None


def _parameters(lines: list[str]) -> list[dict[str, str]]:
    """Technique parameter table: 20-character columns, one per sequence."""
    table: list[tuple[str, list[str]]] = []
    for ln in lines:
        if len(ln) <= 20 or ln[18:20] != "  " or " : " in ln or ln.startswith(("\t", " ")):
            continue
        key = ln[:20].strip()
        vals = [ln[i : i + 20].strip() for i in range(20, len(ln.rstrip()), 20)]
        if key and vals:
            table.append((key, vals))
    if not table:
        return []
    n = max(len(v) for _, v in table)
    return [
        {"source": "header", **{k: (v[i] if i < len(v) else "") for k, v in table}}
        for i in range(n)
    ]


def parse_mpt(path: str | Path, data: bytes | None = None) -> tuple[dict[str, np.ndarray],
                                                                   dict[str, Any]]:
    """Parse an ``.mpt`` file into EC-Lab columns and header facts.

    Returns
    -------
    columns : dict of str -> numpy.ndarray
    meta : dict
        ``techniques``, ``start_time``, ``area_value``, ``area_unit``, ``parameters``,
        ``encoding``, ``decimal``, ``header_line``.

    Raises
    ------
    FileFormatError
        A header that does not parse, or a data line that is not numbers (names the line).

    Examples
    --------
    The PEIS sample shipped with semisolid (impedance.py, MIT):

    >>> from semisolid.samples import sample_path
    >>> cols, meta = parse_mpt(sample_path("peis"))
    >>> list(cols)[:3], cols["freq/Hz"].size
    (['freq/Hz', 'Re(Z)/Ohm', '-Im(Z)/Ohm'], 43)
    >>> meta["techniques"], meta["start_time"], meta["header_line"]
    (['PEIS'], '2018-02-04T10:02:46', 61)
    """
    path = str(path)
    raw = Path(path).read_bytes() if data is None else data
    text, enc = decode_text(raw)
    lines = text.splitlines()
    if not lines:
        raise FileFormatError(path, "empty file; expected an EC-Lab text export", line=1)
    if lines[0].strip() == MAGIC:
        if len(lines) < 2:
            raise FileFormatError(path, "missing 'Nb header lines : N'", line=2)
        m = _NB.match(lines[1].strip())
        if not m:
            raise FileFormatError(
                path, f"expected 'Nb header lines : N', found {lines[1][:60]!r}", line=2
            )
        nb = int(m.group(1))
        if nb < 3 or nb > len(lines):
            raise FileFormatError(
                path, f"'Nb header lines : {nb}' but the file has {len(lines)} lines", line=2
            )
        header = lines[2 : nb - 1]
        col_line = nb
    else:
        if "\t" not in lines[0]:
            raise FileFormatError(
                path, "not an EC-Lab text export: no 'EC-Lab ASCII FILE' line and no "
                "tab-separated column names", line=1,
            )
        header = []
        col_line = 1
    names = lines[col_line - 1].rstrip("\r\n").split("\t")
    while names and not names[-1].strip():
        names.pop()
    names = [n.strip() for n in names]
    if not names or any(not n for n in names):
        raise FileFormatError(path, "empty column name in the column header", line=col_line)
    body = lines[col_line:]
    decimal = guess_decimal(body, "\t")
    arr = parse_numeric_block(
        path, body, col_line + 1, delimiter="\t", decimal=decimal, n_columns=len(names)
    )
    cols: dict[str, np.ndarray] = {}
    for j, n in enumerate(names):
        key = n if n not in cols else f"{n} ({j + 1})"
        cols[key] = arr[:, j]
    meta: dict[str, Any] = {
        "techniques": [], "start_time": None, "area_value": None, "area_unit": "cm2",
        "parameters": [], "encoding": enc, "decimal": decimal, "header_line": col_line,
    }
    for ln in header:
        s = ln.strip()
        t = TECHNIQUE_TITLES.get(s.lower())
        if t and t not in meta["techniques"]:
            meta["techniques"].append(t)
        m = _START.match(s)
        if m and meta["start_time"] is None:
            meta["start_time"] = _parse_time(m.group(1))
        m = _AREA.match(s)
        if m:
            try:
                meta["area_value"] = float(m.group(1).replace(",", "."))
                meta["area_unit"] = m.group(2).replace("²", "2") or "cm2"
            except ValueError:
                pass
    meta["parameters"] = _parameters(header)
    return cols, meta


def read_mpt(path: str | Path, **kwargs: Any):
    """Read an ``.mpt`` text export into :class:`~semisolid.io.data.CyclingData`.

    Raises
    ------
    FileFormatError
        See :func:`parse_mpt`.
    InputError
        Any option (this reader takes none).

    Examples
    --------
    >>> from semisolid.samples import sample_path
    >>> rec = read_mpt(sample_path("peis"))
    >>> rec.metadata.format, rec.metadata.techniques, len(rec), len(rec.spectra)
    ('biologic-mpt', ['PEIS'], 43, 1)
    >>> rec.metadata.header_area_text   # the header's placeholder area: pass the real one
    '0.001 cm2'
    """
    from semisolid.io.biologic_common import records_from_eclab
    from semisolid.io.registry import reject_options

    reject_options("read_mpt", kwargs)
    path = str(path)
    raw = Path(path).read_bytes()
    cols, meta = parse_mpt(path, raw)
    meta["format"] = "biologic-mpt"
    meta["sha256"] = hashlib.sha256(raw).hexdigest()
    meta["extra"] = {"encoding": meta.pop("encoding"), "decimal": meta.pop("decimal")}
    params = meta.pop("parameters")
    rec = records_from_eclab(path, cols, meta)
    rec.metadata.technique_parameters = params + rec.metadata.technique_parameters
    return rec


def read_mpt_spectra(path: str | Path, **kwargs: Any):
    """The impedance spectra of an ``.mpt`` export.

    Examples
    --------
    >>> from semisolid.samples import sample_path
    >>> s = read_mpt_spectra(sample_path("peis"))
    >>> len(s), len(s[0]), round(float(s[0].frequency_Hz[0]), 4)
    (1, 43, 1000.3201)
    >>> complex(s[0].impedance_Ohm[0])
    (65.470886-0.38998979j)
    """
    return read_mpt(path, **kwargs).spectra
