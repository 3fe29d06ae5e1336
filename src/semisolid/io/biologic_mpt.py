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
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from semisolid.errors import FileFormatError
from semisolid.io._text import decode_text, guess_decimal, parse_numeric_block

__all__ = ["TECHNIQUE_TITLES", "MptFile", "parse_mpt", "read_mpt", "read_mpt_spectra",
           "write_mpt"]

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
_STATED = {"Electrode material": "electrode", "Electrolyte": "electrolyte",
           "Comments": "comments", "Device": "device"}


@dataclass
class MptFile:
    """What :func:`parse_mpt` found in an ``.mpt`` file.

    Attributes
    ----------
    columns : dict of str -> numpy.ndarray
        EC-Lab column name with unit -> values.
    header_line : int
        Line of the column names (1-based).
    encoding, decimal : str
        How the text was decoded (``"cp1252"`` / ``"utf-8"``; ``"."`` / ``","``).
    techniques : list of str
        EC-Lab short names of the technique titles in the header.
    start_time : str or None
        ``Acquisition started on``, ISO 8601.
    area_value : float or None
        ``Electrode surface area`` as written, in `area_unit`.
    area_unit : str
    parameters : list of dict
        The technique parameter table, one dict per sequence (values as text).
    electrode, electrolyte, comments, device : str or None
        The header lines ``Electrode material``, ``Electrolyte``, ``Comments`` and
        ``Device`` where they are not empty.
    warnings : list of str
        What was tolerated in the column header (empty names, names without data).

    Examples
    --------
    >>> MptFile({}, 1).area_unit
    'cm2'
    """

    columns: dict[str, np.ndarray]
    header_line: int
    encoding: str = "utf-8"
    decimal: str = "."
    techniques: list[str] = field(default_factory=list)
    start_time: str | None = None
    area_value: float | None = None
    area_unit: str = "cm2"
    parameters: list[dict[str, str]] = field(default_factory=list)
    electrode: str | None = None
    electrolyte: str | None = None
    comments: str | None = None
    device: str | None = None
    warnings: list[str] = field(default_factory=list)


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


def _column_names(path: str, header: str, body: list[str], line: int
                  ) -> tuple[list[str], list[str]]:
    """The column names of the header line, tolerating empty names.

    Trailing empty names (the trailing tab EC-Lab writes) are dropped. Where the header has
    more names than the first data line has fields and an empty name stands at or before
    the first surplus name (EC-Lab 11.6x PEIS exports end ``Rwe-ce/Ohm<TAB><TAB>Ewe-Ece/V``
    over 61 data fields), the surplus names have no data and are dropped with a warning.
    An empty name that does hold data is named ``unnamed column K`` (1-based), with a
    warning. Anything else is left to the field-count check of the data lines.
    """
    names = [n.strip() for n in header.rstrip("\r\n").split("\t")]
    while names and not names[-1]:
        names.pop()
    if not names:
        raise FileFormatError(path, "empty column header; expected tab-separated column "
                              "names", line=line)
    warnings: list[str] = []
    name = Path(path).name
    first = next((ln for ln in body if ln.strip()), None)
    if first is not None:
        fields = first.rstrip("\r\n").split("\t")
        while fields and not fields[-1].strip():
            fields.pop()
        n = len(fields)
        if len(names) > n and "" in names[: n + 1]:
            dropped = [x for x in names[n:] if x]
            warnings.append(
                f"{name} (line {line}): the header has {len(names)} names but the data "
                f"{n} fields, after an empty column name; names without data ignored: "
                f"{', '.join(repr(x) for x in dropped) or '(empty)'}")
            names = names[:n]
    for j, x in enumerate(names):
        if not x:
            names[j] = f"unnamed column {j + 1}"
            warnings.append(f"{name} (line {line}): column {j + 1} has an empty name; kept "
                            f"as {names[j]!r}")
    return names, warnings


def parse_mpt(path: str | Path, data: bytes | None = None) -> MptFile:
    """Parse an ``.mpt`` file into EC-Lab columns and header facts.

    Returns
    -------
    MptFile

    Raises
    ------
    FileFormatError
        A header that does not parse, or a data line that is not numbers (names the line).

    Examples
    --------
    The PEIS sample shipped with semisolid (impedance.py, MIT):

    >>> from semisolid.samples import sample_path
    >>> f = parse_mpt(sample_path("peis"))
    >>> list(f.columns)[:3], f.columns["freq/Hz"].size
    (['freq/Hz', 'Re(Z)/Ohm', '-Im(Z)/Ohm'], 43)
    >>> f.techniques, f.start_time, f.header_line, f.device, f.electrode
    (['PEIS'], '2018-02-04T10:02:46', 61, 'SP-150 (SN 10791079)', None)
    """
    path = str(path)
    raw = Path(path).read_bytes() if data is None else data
    text, enc = decode_text(raw, path)
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
    body = lines[col_line:]
    names, name_warnings = _column_names(path, lines[col_line - 1], body, col_line)
    decimal = guess_decimal(body, "\t")
    arr = parse_numeric_block(
        path, body, col_line + 1, delimiter="\t", decimal=decimal, n_columns=len(names)
    )
    cols: dict[str, np.ndarray] = {}
    for j, n in enumerate(names):
        key = n if n not in cols else f"{n} ({j + 1})"
        cols[key] = arr[:, j]
    out = MptFile(cols, col_line, encoding=enc, decimal=decimal, warnings=name_warnings)
    for ln in header:
        s = ln.strip()
        t = TECHNIQUE_TITLES.get(s.lower())
        if t and t not in out.techniques:
            out.techniques.append(t)
        m = _START.match(s)
        if m and out.start_time is None:
            out.start_time = _parse_time(m.group(1))
        m = _AREA.match(s)
        if m:
            try:
                out.area_value = float(m.group(1).replace(",", "."))
                out.area_unit = m.group(2).replace("²", "2") or "cm2"
            except ValueError:
                pass
        key, sep, value = s.partition(" : ")
        if sep and key.strip() in _STATED and value.strip():
            setattr(out, _STATED[key.strip()], value.strip())
    out.parameters = _parameters(header)
    return out


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
    from semisolid.io.assemble import assemble, stated_area
    from semisolid.io.biologic_common import column_unit_map, eclab_channels
    from semisolid.io.data import ReaderMetadata
    from semisolid.io.registry import reject_options

    reject_options("read_mpt", kwargs)
    path = str(path)
    raw = Path(path).read_bytes()
    f = parse_mpt(path, raw)
    area_m2, area_text = stated_area(f.area_value, f.area_unit)
    md = ReaderMetadata(
        source_file=path,
        format="biologic-mpt",
        instrument=f.device or "Bio-Logic EC-Lab",
        techniques=list(f.techniques),
        start_time=f.start_time,
        header_area_m2=area_m2,
        header_area_text=area_text,
        electrode=f.electrode,
        electrolyte=f.electrolyte,
        comments=f.comments,
        columns=column_unit_map(f.columns),
        warnings=list(f.warnings),
        technique_parameters=list(f.parameters),   # the header's, then the observed ones
        extra={"encoding": f.encoding, "decimal": f.decimal},
    )
    md.hash_later(raw)  # sha256 computed when first read
    return assemble(eclab_channels(path, f.columns, f.techniques, f.header_line), md)


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


# ----------------------------------------------------------------------------- writer

_VOLTAGE_COLUMNS = ("Ewe/V", "<Ewe>/V", "Ecell/V", "Ewe-Ece/V")
# 17 significant digits (%.16E) round-trip a double exactly: set current, time, current
# and voltage read back bit for bit, so a CCD step of 3.0 mA/cm2 stays 3.0 (8 digits made it
# 2.99999993); counters are integers; the other columns keep 11 digits.
_EXACT = {"time/s", "control/mA", "control/V/mA", "control/V", "<I>/mA", "I/mA",
          *_VOLTAGE_COLUMNS}
_COUNTERS = {"mode", "ox/red", "Ns", "half cycle"}


def _title(techniques: list[str]) -> str:
    """The header's technique line: the technique's title, or Modulo Bat for several."""
    if len(techniques) != 1 or techniques[0] == "MB":
        return "Modulo Bat"
    for title, short in TECHNIQUE_TITLES.items():
        if short == techniques[0]:
            return " ".join(w if w in ("with", "/") else w.capitalize() for w in title.split())
    return techniques[0]


def _fmt(name: str, values: np.ndarray) -> str:
    if name in _EXACT:
        return "%.16E"
    if name in _COUNTERS and np.all(np.isfinite(values)):
        return "%d"
    if name == "cycle number":
        return "%.15E"
    return "%.10E"


def write_mpt(data: Any, path: str | Path) -> list[Path]:
    """Write a record's EC-Lab columns as an EC-Lab text export (``.mpt``, Windows-1252, tabs).

    The layout of EC-Lab's own exports: ``EC-Lab ASCII FILE``, ``Nb header lines : N``, a
    header with the technique, the acquisition time, the device, ``Electrode material``,
    ``Electrolyte``, ``Comments`` and ``Electrode surface area : … cm²`` (from the record's
    metadata, where it states them), the column names on line N, then one tab-separated row
    per sample. Time, voltage, set and measured current are written with 17 significant
    digits, so :func:`read_mpt` gives the same arrays back.

    Parameters
    ----------
    data : CyclingData
        A record that carries EC-Lab columns in ``extra`` (one read from an EC-Lab file, or
        a virtual cell).
    path : str or Path

    Returns
    -------
    list of Path
        The file written.

    Raises
    ------
    InputError
        The record has no EC-Lab columns (``time/s`` and a voltage column).

    Examples
    --------
    >>> import os, tempfile
    >>> from semisolid.samples import sample_path
    >>> from semisolid.io import read
    >>> rec = read(sample_path("peis"))
    >>> (p,) = write_mpt(rec, os.path.join(tempfile.mkdtemp(), "copy.mpt"))
    >>> back = read(p)
    >>> bool((back.spectra[0].impedance_Ohm == rec.spectra[0].impedance_Ohm).all())
    True
    """
    from semisolid._util import atomic_write_bytes
    from semisolid.errors import InputError

    cols = getattr(data, "extra", None) or {}
    if "time/s" not in cols or not any(c in cols for c in _VOLTAGE_COLUMNS):
        raise InputError(
            "the .mpt writer writes EC-Lab columns ('time/s', 'Ewe/V', ...), which this "
            "record does not carry (records read from EC-Lab files and virtual cells do); "
            "write a .csv table instead", "data")
    md = data.metadata
    names = list(cols)
    header = ["EC-Lab ASCII FILE", "Nb header lines : {n}", "", _title(list(md.techniques)),
              ""]
    if md.start_time:
        t = _dt.datetime.fromisoformat(md.start_time)
        stamp = t.strftime("%m/%d/%Y %H:%M:%S")
        if t.microsecond:
            stamp += f".{t.microsecond // 1000:03d}"
        header.append(f"Acquisition started on : {stamp}")
    if md.instrument:
        header.append(f"Device : {md.instrument}")
    header += [f"Electrode material : {md.electrode or ''}",
               f"Electrolyte : {md.electrolyte or ''}",
               f"Comments : {md.comments or ''}"]
    if md.header_area_m2:
        header.append(f"Electrode surface area : {md.header_area_m2 * 1e4:.6g} cm²")
    header.append("")
    header[1] = header[1].format(n=len(header) + 1)
    mat = [np.asarray(cols[c], dtype=float) for c in names]
    fmts = [_fmt(c, m) for c, m in zip(names, mat, strict=True)]
    body = ["\t".join(f % m[r] for f, m in zip(fmts, mat, strict=True)) + "\t"
            for r in range(mat[0].size)]
    text = "\r\n".join([*header, "\t".join(names) + "\t", *body]) + "\r\n"
    return [atomic_write_bytes(path, text.encode("cp1252", errors="replace"))]
