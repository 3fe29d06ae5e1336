"""Column presets for the table exports of battery cyclers: Arbin, Maccor, BaSyTec, Landt,
Neware and the Battery Data Format (BDF).

A :class:`Preset` names the header of each canonical quantity in one cycler's export (time,
voltage, current, step, cycle), the unit a column has when its header states none (a fact
of the format, named in the metadata), how its durations are written (``hh:mm:ss``,
``0d 00:00:05.05``) and, for Maccor, that the current is unsigned and its sign is the
``State`` column's (``C`` charge +, ``D`` discharge -). :func:`read_preset` reads such a
file into :class:`~semisolid.io.data.CyclingData` through the neutral assembly: units come
from the header where it states them (``Current(mA)``, ``I[A]``, ``Test Time / h``), the
set current is derived from the measured current (these cyclers record no set point; the
warning says so), every other column is kept in ``extra`` under its header.

A file is recognised from its header when exactly one preset's signature columns are all
present (:func:`detect_preset`); ``read(path, preset="maccor")`` chooses one by name.

Presets (:data:`PRESETS`):

========  =====================================================================
name      export
========  =====================================================================
arbin     Arbin MITS Pro CSV (``Test Time (s)``, ``Current (A)``, ...) and the
          database dump CSV without units (``Test_Time``, ``Current``, ...: s, A, V)
maccor    Maccor text export (tab-separated, ``Rec#``, ``TestTime`` as
          ``0d 00:00:05.05``, unsigned ``Amps`` with ``State`` C/D/R)
basytec   BaSyTec result file (``~``-prefixed preamble, ``~Time[h]``, ``U[V]``,
          ``I[A]``)
landt     Landt CSV as exported with snake-case unit-named headers
          (``test_time_s``, ``current_A``, ``voltage_V``) after a preamble
neware    Neware CSV export (``Cumulative Time`` / ``Total Time`` as
          ``hh:mm:ss``, ``Current(A)``, ``Voltage(V)``)
bdf       Battery Data Format CSV (``Test Time / s``, ``Voltage / V``,
          ``Current / A``, or the machine-readable ``test_time_second``, ...)
========  =====================================================================

Examples
--------
>>> import tempfile, os, pathlib
>>> p = os.path.join(tempfile.mkdtemp(), "cell.csv")
>>> _ = pathlib.Path(p).write_text("Test Time / s,Voltage / V,Current / A\\n"
...                                "0,3.7,0.1\\n1,3.6,0.1\\n2,3.5,-0.1\\n")
>>> detect_preset(p)
'bdf'
>>> rec = read_preset(p)
>>> rec.current_A.tolist(), rec.set_current_A.tolist(), rec.metadata.format
([0.1, 0.1, -0.1], [0.1, 0.1, -0.1], 'bdf-csv')
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from semisolid.errors import FileFormatError, InputError, suggest

__all__ = ["PRESETS", "ColumnSpec", "Preset", "detect_preset", "parse_duration",
           "preset_format", "preset_reader", "read_preset", "sniff", "sniffer"]


@dataclass(frozen=True)
class ColumnSpec:
    """Where one canonical quantity is in a preset's file.

    Attributes
    ----------
    canonical : str
        ``time_s``, ``voltage_V``, ``current_A``, ``step_index`` or ``cycle``.
    headers : tuple of str
        Header texts to look for, in order; ``{unit}`` stands for the unit written in the
        header (``"Current({unit})"`` matches ``Current(mA)``). Compared without case and
        with runs of spaces made one.
    unit : str
        The unit when the header states none (a fact of the format; named in the metadata).
    duration : bool
        Values are written as durations (``hh:mm:ss``, ``1d 02:03:04.5``).
    """

    canonical: str
    headers: tuple[str, ...]
    unit: str = ""
    duration: bool = False


@dataclass(frozen=True)
class Preset:
    """The column layout of one cycler's table export.

    Attributes
    ----------
    name : str
        Short name (``"arbin"``), as given to ``preset=``.
    format : str
        The reader's format name (``"arbin-csv"``).
    cycler : str
        The instrument / export, for the metadata.
    columns : tuple of ColumnSpec
    signature : tuple of str
        Headers (as in :class:`ColumnSpec`, ``{unit}`` allowed, alternatives separated by
        ``|``) that must all be in the header line for the file to be recognised as this
        preset.
    sign_from : tuple or None
        ``(header, {text: sign})`` for exports whose current is unsigned (Maccor).
    start_time : tuple or None
        ``(regex, strptime format)`` of the acquisition start in the preamble.
    encoding : str
        Tried after UTF-8.
    units : dict
        Unit of other columns whose header states none (a fact of the format), for the
        metadata and the all-columns export (Maccor ``Amp-hr`` is A h).

    Examples
    --------
    >>> PRESETS["maccor"].sign_from[1]["D"]
    -1.0
    """

    name: str
    format: str
    cycler: str
    columns: tuple[ColumnSpec, ...]
    signature: tuple[str, ...]
    sign_from: tuple[str, dict[str, float]] | None = None
    start_time: tuple[str, str] | None = None
    encoding: str = "cp1252"
    notes: tuple[str, ...] = field(default_factory=tuple)
    extensions: tuple[str, ...] = (".csv",)
    units: dict[str, str] = field(default_factory=dict)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lstrip("~").strip())


def _pattern(spec: str) -> re.Pattern[str]:
    """Regex of a header spec (``{unit}`` captures the unit)."""
    parts = _norm(spec).split("{unit}")
    body = r"(?P<unit>[^()\[\]]+?)".join(re.escape(p) for p in parts)
    return re.compile(rf"^{body}$", re.IGNORECASE)


def _match(spec: str, headers: list[str]) -> tuple[int, str | None] | None:
    """(column index, unit written in the header or None) of the first header matching."""
    rx = _pattern(spec)
    for j, h in enumerate(headers):
        m = rx.match(_norm(h))
        if m:
            u = m.groupdict().get("unit")
            return j, (u.strip() if u else None)
    return None


_DURATION = re.compile(
    r"^\s*(?:(?P<d>\d+)\s*(?:d|days?),?\s*)?(?P<h>\d+):(?P<m>\d{1,2}):(?P<s>\d{1,2}(?:\.\d*)?)\s*$")


def parse_duration(values: Any) -> np.ndarray:
    """Durations written as ``[Nd ]h:mm:ss[.fff]`` (hours may exceed 24) in seconds; NaN
    where a field is not such a duration.

    Examples
    --------
    >>> parse_duration(["00:01:00", "144:02:18", "  0d 00:00:5.05", "1d 02:00:00", "x"]).tolist()
    [60.0, 518538.0, 5.05, 93600.0, nan]
    """
    import pandas as pd

    s = pd.Series(values, dtype="string").str.extract(_DURATION)
    out = (s["h"].astype(float) * 3600.0 + s["m"].astype(float) * 60.0
           + s["s"].astype(float))
    d = s["d"].astype(float)
    return np.array(out + np.where(np.isfinite(d), d, 0.0) * 86400.0, dtype=float)


_T = "time_s"
_V = "voltage_V"
_I = "current_A"
_STEP = "step_index"
_CYC = "cycle"

PRESETS: dict[str, Preset] = {}


def _add(p: Preset) -> None:
    PRESETS[p.name] = p


_add(Preset(
    "arbin", "arbin-csv", "Arbin MITS Pro",
    (ColumnSpec(_T, ("Test Time ({unit})", "Test_Time({unit})", "Test_Time"), unit="s"),
     ColumnSpec(_V, ("Voltage ({unit})", "Voltage({unit})", "Voltage"), unit="V"),
     ColumnSpec(_I, ("Current ({unit})", "Current({unit})", "Current"), unit="A"),
     ColumnSpec(_STEP, ("Step Index", "Step_Index")),
     ColumnSpec(_CYC, ("Cycle Index", "Cycle_Index"))),
    signature=("Data Point|Data_Point", "Step Index|Step_Index", "Cycle Index|Cycle_Index",
               "Current ({unit})|Current({unit})|Current"),
    notes=("the database dump (headers without units) stores s, A, V, A h, W h",),
    units={"Charge_Capacity": "A.h", "Discharge_Capacity": "A.h", "Charge_Energy": "W.h",
           "Discharge_Energy": "W.h", "Internal_Resistance": "Ohm", "Step_Time": "s",
           "dV/dt": "V/s"},
))
_add(Preset(
    "maccor", "maccor-txt", "Maccor",
    (ColumnSpec(_T, ("Test Time ({unit})", "Test Time [{unit}]", "TestTime", "Test (Sec)"),
                unit="s", duration=True),
     ColumnSpec(_V, ("Volts", "Voltage [{unit}]", "Voltage"), unit="V"),
     ColumnSpec(_I, ("Amps", "Current [{unit}]", "Current"), unit="A"),
     ColumnSpec(_STEP, ("Step",)),
     ColumnSpec(_CYC, ("Cyc#", "Cycle C", "Cycle"))),
    signature=("Rec#", "Cyc#", "State"),
    sign_from=("State", {"C": 1.0, "D": -1.0, "R": 0.0, "O": 0.0, "P": 0.0, "S": 0.0}),
    extensions=(".txt",),
    units={"Amp-hr": "A.h", "Watt-hr": "W.h", "ACImp/Ohms": "Ohm", "DCIR/Ohms": "Ohm"},
    start_time=(r"Date of Test:\s*[\t,]?\s*(.+?)\s*(?:\t|$)", "%d %B %Y, %I:%M:%S %p"),
    notes=("Amps is unsigned; its sign is the State column's (C charge +, D discharge -)",),
))
_add(Preset(
    "basytec", "basytec-txt", "BaSyTec",
    (ColumnSpec(_T, ("Time[{unit}]", "Time"), unit="h"),
     ColumnSpec(_V, ("U[{unit}]", "Voltage[{unit}]"), unit="V"),
     ColumnSpec(_I, ("I[{unit}]", "Current[{unit}]"), unit="A"),
     ColumnSpec(_STEP, ("Line",)),
     ColumnSpec(_CYC, ("Cyc-Count", "Count"))),
    signature=("Time[{unit}]", "DataSet", "U[{unit}]", "I[{unit}]"),
    start_time=(r"~\s*Start of Test:\s*(.+?)\s*$", "%d.%m.%Y %H:%M:%S"),
    extensions=(".txt", ".dat"),
))
_add(Preset(
    "landt", "landt-csv", "Landt",
    (ColumnSpec(_T, ("test_time_{unit}",), unit="s"),
     ColumnSpec(_V, ("voltage_{unit}",), unit="V"),
     ColumnSpec(_I, ("current_{unit}",), unit="A"),
     ColumnSpec(_STEP, ("step_index",)),
     ColumnSpec(_CYC, ("cycle_index",))),
    signature=("channel_index", "test_time_{unit}", "step_time_{unit}", "current_{unit}",
               "voltage_{unit}"),
))
_add(Preset(
    "neware", "neware-csv", "Neware BTS",
    (ColumnSpec(_T, ("Cumulative Time", "Total Time", "Total Time({unit})",
                     "Test Time({unit})"), unit="s", duration=True),
     ColumnSpec(_V, ("Voltage({unit})", "Voltage [{unit}]"), unit="V"),
     ColumnSpec(_I, ("Current({unit})", "Current [{unit}]"), unit="A"),
     ColumnSpec(_STEP, ("Step Index", "Step")),
     ColumnSpec(_CYC, ("Cycle Index", "Cycle"))),
    signature=("DataPoint", "Step Type", "Voltage({unit})", "Current({unit})"),
))
_add(Preset(
    "bdf", "bdf-csv", "Battery Data Format",
    (ColumnSpec(_T, ("Test Time / {unit}", "test_time_second"), unit="s"),
     ColumnSpec(_V, ("Voltage / {unit}", "voltage_volt"), unit="V"),
     ColumnSpec(_I, ("Current / {unit}", "current_ampere"), unit="A"),
     ColumnSpec(_STEP, ("Step Count / 1", "step_count", "Step Index / 1", "step_index")),
     ColumnSpec(_CYC, ("Cycle Count / 1", "cycle_count"))),
    signature=("Test Time / {unit}", "Voltage / {unit}", "Current / {unit}"),
))
# the machine-readable BDF names are a second signature of the same preset
_BDF_MACHINE = ("test_time_second", "voltage_volt", "current_ampere")


_UNIT_KIND = {_T: "time", _V: "voltage", _I: "current"}


def _unit_factor(unit: str, canonical: str, header: str, path: str, line: int) -> float:
    kind = _UNIT_KIND.get(canonical)
    if kind is None or unit in ("", "1"):
        return 1.0
    from semisolid.units import parse_quantity

    u = unit.replace("Ω", "Ohm").replace("ohm", "Ohm")
    if kind == "time" and u.lower() in ("sec", "second", "seconds"):
        u = "s"
    try:
        return parse_quantity(f"1 {u}", kind, field=header)
    except InputError as exc:
        raise FileFormatError(path, f"column {header!r}: unit {unit!r} is not a {kind} unit "
                              f"({exc})", line=line) from None


def _lines(path: str, raw: bytes, encoding: str) -> list[str]:
    """Decoded lines; the text limits of :mod:`semisolid.io._text` hold in every encoding."""
    from semisolid.io._text import _check_limits, _utf16, decode_text

    if raw.startswith(b"\xef\xbb\xbf") or encoding == "utf-8" or _utf16(raw) is not None:
        return decode_text(raw, path)[0].splitlines()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode(encoding, errors="replace")
    _check_limits(text, path)
    return text.splitlines()


def _split(line: str) -> tuple[list[str], str]:
    for d in ("\t", ",", ";"):
        if d in line:
            return [f.strip() for f in line.split(d)], d
    return [line.strip()], ","


def _header_line(preset: Preset, lines: list[str], limit: int = 60
                 ) -> tuple[int, list[str], str] | None:
    """(index, headers, delimiter) of the first line holding all signature headers."""
    sigs = [preset.signature]
    if preset.name == "bdf":
        sigs.append(_BDF_MACHINE)
    for k, ln in enumerate(lines[:limit]):
        heads, delim = _split(ln)
        if len(heads) < 3:
            continue
        for sig in sigs:
            if all(any(_match(a, heads) is not None for a in s.split("|")) for s in sig):
                return k, heads, delim
    return None


def detect_preset(path: str | Path, head: bytes | None = None) -> str | None:
    """The one preset whose signature columns the file's header holds, else None.

    Examples
    --------
    >>> import tempfile, os, pathlib
    >>> p = os.path.join(tempfile.mkdtemp(), "x.csv")
    >>> _ = pathlib.Path(p).write_text("time/s,Ewe/V\\n0,1\\n")
    >>> detect_preset(p) is None
    True
    """
    if head is None:
        with open(path, "rb") as fh:
            head = fh.read(16384)
    found = []
    for p in PRESETS.values():
        try:
            lines = _lines(str(path), head, p.encoding)[:60]
        except FileFormatError:  # over a text limit: not a preset's file (read says why)
            continue
        if _header_line(p, lines) is not None:
            found.append(p.name)
    return found[0] if len(found) == 1 else None


def _numbers(path: str, col: Any, header: str, first_line: int, duration: bool
             ) -> np.ndarray:
    """Float values of a text column; an error names the first line that is not a number."""
    import pandas as pd

    s = col.fillna("").astype(str).str.strip()
    if duration:
        v = parse_duration(s)
        plain = ~np.isfinite(v)
        if plain.any():  # a duration column may also hold plain seconds
            v[plain] = pd.to_numeric(s[plain].str.replace(",", ".", regex=False),
                                     errors="coerce")
    else:
        v = np.asarray(pd.to_numeric(s, errors="coerce"), dtype=float)
    bad = ~np.isfinite(v)
    if bad.any():
        k = int(np.argmax(bad))
        raise FileFormatError(path, f"column {header!r}: {s.iloc[k][:40]!r} is not "
                              f"{'a duration or ' if duration else ''}a finite number",
                              line=first_line + k)
    return v


def read_preset(path: str | Path, preset: str | None = None, **kwargs: Any) -> Any:
    """Read a cycler's table export with a column preset (see the module docstring).

    Parameters
    ----------
    path : str or Path
    preset : str, optional
        A name from :data:`PRESETS`; recognised from the header when omitted.

    Raises
    ------
    InputError
        An unknown preset name (the message lists them), a file no preset recognises
        (or more than one does) when `preset` is omitted, or an unknown option.
    FileFormatError
        No header line with the preset's columns, or a field of the time, voltage or
        current column that is not a number (names the line).

    Examples
    --------
    >>> import tempfile, os, pathlib
    >>> p = os.path.join(tempfile.mkdtemp(), "cell.csv")
    >>> _ = pathlib.Path(p).write_text(
    ...     "DataPoint,Cycle Index,Step Index,Step Type,Time,Cumulative Time,Current(mA),"
    ...     "Voltage(V)\\n1,1,1,Rest,00:00:00,00:00:00,0,3.0\\n"
    ...     "2,1,2,CC Chg,00:00:00,00:01:00,1.5,3.1\\n3,1,2,CC Chg,00:01:00,00:02:00,1.5,3.2\\n")
    >>> rec = read_preset(p, "neware")
    >>> rec.time_s.tolist(), rec.current_A.tolist(), rec.step_index.tolist()
    ([0.0, 60.0, 120.0], [0.0, 0.0015, 0.0015], [1, 2, 2])
    """
    import pandas as pd

    from semisolid.io.assemble import Channels, assemble
    from semisolid.io.csv import set_current_from_measured, split_header
    from semisolid.io.data import ReaderMetadata
    from semisolid.io.registry import reject_options

    reject_options("read_preset", kwargs)
    path = str(path)
    raw = Path(path).read_bytes()
    if preset is None:
        preset = detect_preset(path, raw[:16384])
        if preset is None:
            raise InputError(f"{Path(path).name}: no column preset recognises this file's "
                             f"header; pass preset= one of {', '.join(PRESETS)}", "preset")
    preset_format(preset)
    p = PRESETS[preset]
    lines = _lines(path, raw, p.encoding)
    found = _header_line(p, lines)
    if found is None:
        raise FileFormatError(path, f"no header line with the {p.name} columns "
                              f"({', '.join(p.signature)}) in the first 60 lines", line=1)
    k, headers, delim = found
    while headers and not headers[-1]:
        headers.pop()
    preamble = lines[:k]
    body = lines[k + 1:]
    while body and not body[-1].strip():
        body.pop()
    first_line = k + 2
    width = len(headers)
    rows = [ln.split(delim) for ln in body]
    for j, r in enumerate(rows):
        while len(r) > width and not r[-1].strip():
            r.pop()
        if len(r) != width:
            raise FileFormatError(path, f"expected {width} fields, found {len(r)}",
                                  line=first_line + j)
    frame = pd.DataFrame(rows, columns=range(width), dtype=object)
    name = Path(path).name
    warnings: list[str] = []
    found_cols: dict[str, tuple[int, str, float]] = {}
    used: set[int] = set()
    for spec in p.columns:
        for h in spec.headers:
            m = _match(h, headers)
            if m is None or m[0] in used:
                continue
            j, unit = m
            if unit is None:
                unit_text = split_header(headers[j])[1] if "{unit}" in h else ""
                if not unit_text and spec.unit:
                    unit_text = spec.unit
                    if spec.canonical in _UNIT_KIND and not spec.duration:
                        warnings.append(f"{name}: column {headers[j]!r} states no unit; "
                                        f"{spec.unit} assumed (the {p.name} format's)")
                unit = unit_text
            fac = _unit_factor(unit, spec.canonical, headers[j], path, k + 1)
            found_cols[spec.canonical] = (j, unit, fac)
            used.add(j)
            break
    for need in (_T, _V, _I):
        if need not in found_cols:
            wanted = next(s.headers for s in p.columns if s.canonical == need)
            raise FileFormatError(path, f"no {need} column for the {p.name} preset (looked "
                                  f"for {', '.join(wanted)}); columns: {', '.join(headers)}",
                                  line=k + 1)
    si: dict[str, np.ndarray] = {}
    for canon, (j, _unit, fac) in found_cols.items():
        spec = next(s for s in p.columns if s.canonical == canon)
        if canon in (_STEP, _CYC):
            v = np.asarray(pd.to_numeric(frame[j].astype(str).str.strip(), errors="coerce"),
                           dtype=float)
            if not np.all(np.isfinite(v)) or np.any(v != np.round(v)):
                warnings.append(f"{name}: column {headers[j]!r} is not whole numbers in "
                                f"every row; not used as the {canon.replace('_', ' ')}")
                continue
            si[canon] = v
            continue
        si[canon] = _numbers(path, frame[j], headers[j], first_line, spec.duration) * fac
    if p.sign_from is not None:
        col, signs = p.sign_from
        m = _match(col, headers)
        if m is None:
            raise FileFormatError(path, f"no {col!r} column: the {p.name} current is unsigned "
                                  "and takes its sign from it", line=k + 1)
        state = frame[m[0]].astype(str).str.strip().str.upper()
        sign = state.map(signs).to_numpy(dtype=float, na_value=np.nan)
        unknown = ~np.isfinite(sign)
        if unknown.any():
            j = int(np.argmax(unknown))
            raise FileFormatError(path, f"{col} {state.iloc[j]!r} is not one of "
                                  f"{', '.join(signs)}", line=first_line + j)
        si[_I] = np.abs(si[_I]) * sign
    extra: dict[str, np.ndarray] = {}
    for j, h in enumerate(headers):
        if j in used or not h:
            continue
        v = np.asarray(pd.to_numeric(frame[j].astype(str).str.strip(), errors="coerce"),
                       dtype=float)
        if np.isfinite(v).any():
            key = h if h not in extra else f"{h} ({j + 1})"
            extra[key] = v
    ch = Channels(len(frame), columns=extra, header_line=k + 1,
                  sources={c: headers[j] for c, (j, _, _) in found_cols.items()})
    ch.time_s, ch.voltage_V, ch.current_A = si[_T], si[_V], si[_I]
    ch.step_index = si.get(_STEP)
    ch.cycle = si.get(_CYC)
    ch.set_current_A = set_current_from_measured(si[_I], si.get(_STEP))
    i_head = headers[found_cols[_I][0]]
    ch.sources["set_current_A"] = f"derived from the measured current {i_head!r}"
    warnings.append(f"{name}: the {p.name} export records no set current; derived from the "
                    "measured current (median of each constant-current block, 3 significant "
                    "digits; rests |I| <= 0.1 % of max |I| are 0)")
    start = _start_time(p, preamble)
    md = ReaderMetadata(
        source_file=path,
        format=p.format,
        instrument=p.cycler,
        start_time=start,
        columns={h: (found_cols[c][1] if (c := _canon_of(j, found_cols)) else
                     p.units.get(h) or split_header(h)[1]) for j, h in enumerate(headers)
                 if h},
        warnings=warnings,
        extra={"preset": p.name, "delimiter": delim, "header_line": k + 1,
               "preset_notes": list(p.notes)},
    )
    md.hash_later(raw)  # sha256 computed when first read
    return assemble(ch, md)


def _canon_of(j: int, found: dict[str, tuple[int, str, float]]) -> str | None:
    return next((c for c, (jj, _, _) in found.items() if jj == j), None)


def _start_time(p: Preset, preamble: list[str]) -> str | None:
    import datetime as _dt

    if p.start_time is None:
        return None
    rx, fmt = p.start_time
    for ln in preamble:
        m = re.search(rx, ln)
        if m:
            try:
                return _dt.datetime.strptime(m.group(1).strip(), fmt).isoformat()
            except ValueError:
                return None
    return None


def preset_format(name: str) -> str:
    """The reader format name of a preset, or an error listing the presets.

    Examples
    --------
    >>> preset_format("maccor")
    'maccor-txt'
    >>> preset_format("macor")
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: preset: unknown preset 'macor' (did you mean 'maccor'?); ...
    """
    if name not in PRESETS:
        raise InputError(f"unknown preset {name!r}{suggest(name, PRESETS)}; presets: "
                         f"{', '.join(PRESETS)}", "preset")
    return PRESETS[name].format


def preset_reader(name: str) -> Callable[..., Any]:
    """A reader function bound to one preset (for the reader registry).

    Examples
    --------
    >>> preset_reader("arbin").__name__
    'read_arbin'
    """
    def reader(path: str | Path, **kwargs: Any) -> Any:
        return read_preset(path, name, **kwargs)

    reader.__name__ = f"read_{name}"
    reader.__doc__ = f"Read a {PRESETS[name].cycler} export (preset {name!r})."
    return reader


@functools.lru_cache(maxsize=8)
def sniff(head: bytes) -> str | None:
    """The preset recognised from a file's first bytes (None: none or more than one).

    Examples
    --------
    >>> sniff(b"Rec#\\tCyc#\\tStep\\tTestTime\\tStepTime\\tAmps\\tVolts\\tState\\n")
    'maccor'
    """
    return detect_preset("(file)", head)


def sniffer(name: str) -> Callable[[bytes], bool]:
    """``sniff(head) == name`` as a function (a reader registry's ``sniff=``).

    Examples
    --------
    >>> sniffer("bdf")(b"Test Time / s,Voltage / V,Current / A\\n0,3.7,0.1\\n")
    True
    """
    def _sniff(head: bytes) -> bool:
        return sniff(head) == name

    return _sniff
