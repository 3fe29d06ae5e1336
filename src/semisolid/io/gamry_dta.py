"""Reader for Gamry Framework ``.DTA`` impedance files (the ``ZCURVE`` table).

A ``.DTA`` file starts with ``EXPLAIN``; tagged lines follow (``DATE``, ``TIME``, ``AREA``,
...), then ``ZCURVE<TAB>TABLE<TAB>N`` with a header line (``Pt Time Freq Zreal Zimag Zsig
Zmod Zphz Idc Vdc IERange``), a units line and N rows. ``Zimag`` is Im(Z) (negative for
capacitive points).

Examples
--------
>>> import tempfile, os, pathlib
>>> p = os.path.join(tempfile.mkdtemp(), "z.DTA")
>>> _ = pathlib.Path(p).write_text(
...     "EXPLAIN\\nZCURVE\\tTABLE\\t2\\n\\tPt\\tTime\\tFreq\\tZreal\\tZimag\\n"
...     "\\t#\\ts\\tHz\\tohm\\tohm\\n\\t0\\t1\\t1000\\t10\\t-1\\n\\t1\\t2\\t1\\t20\\t-5\\n")
>>> read_dta(p).spectra[0].impedance_Ohm.tolist()
[(10-1j), (20-5j)]
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any

from semisolid.errors import FileFormatError
from semisolid.io._text import decode_text, parse_numeric_block

__all__ = ["read_dta"]


def read_dta(path: str | Path, **kwargs: Any):
    """Read the impedance curve of a Gamry ``.DTA`` file.

    Returns a :class:`~semisolid.io.data.CyclingData` with one row per impedance point
    (time, Vdc, Idc) and the spectrum in ``.spectra``.

    Raises
    ------
    FileFormatError
        No ``ZCURVE`` table, a row count beyond the file, or non-numeric rows (names the line).
    InputError
        Any option (this reader takes none).

    Examples
    --------
    >>> import tempfile, os, pathlib
    >>> p = os.path.join(tempfile.mkdtemp(), "cell.DTA")
    >>> _ = pathlib.Path(p).write_text(
    ...     "EXPLAIN\\nTAG\\tEISPOT\\nDATE\\tLABEL\\t4/23/2018\\tDate\\n"
    ...     "TIME\\tLABEL\\t16:43:15\\tTime\\nZCURVE\\tTABLE\\t2\\n"
    ...     "\\tPt\\tTime\\tFreq\\tZreal\\tZimag\\tVdc\\tIdc\\n\\t#\\ts\\tHz\\tohm\\tohm\\tV\\tA\\n"
    ...     "\\t0\\t2\\t1000\\t10\\t-1\\t0.01\\t0\\n\\t1\\t5\\t1\\t20\\t-5\\t0.01\\t0\\n")
    >>> rec = read_dta(p)
    >>> rec.metadata.techniques, rec.metadata.start_time, rec.time_s.tolist()
    (['EISPOT'], '2018-04-23T16:43:15', [2.0, 5.0])
    >>> rec.spectra[0].frequency_Hz.tolist(), rec.spectra[0].minus_imag_Ohm.tolist()
    ([1000.0, 1.0], [1.0, 5.0])
    """
    from semisolid.io.assemble import Channels, assemble, stated_area
    from semisolid.io.data import ReaderMetadata
    from semisolid.io.registry import reject_options

    reject_options("read_dta", kwargs)
    path = str(path)
    raw = Path(path).read_bytes()
    text, _ = decode_text(raw, path)
    lines = text.splitlines()
    if not lines or lines[0].strip() != "EXPLAIN":
        raise FileFormatError(path, "not a Gamry .DTA file (first line is not EXPLAIN)", line=1)
    tags: dict[str, list[str]] = {}
    at = None
    for k, ln in enumerate(lines):
        parts = ln.split("\t")
        if parts[0] and len(parts) > 1:
            tags.setdefault(parts[0], parts[1:])
        if parts[0] == "ZCURVE":
            at = k
            break
    if at is None:
        raise FileFormatError(path, "no ZCURVE table (only impedance .DTA files are read)",
                              line=len(lines))
    parts = lines[at].split("\t")
    n = None
    if len(parts) > 2 and parts[2].strip():
        try:
            n = int(parts[2])
        except ValueError:
            raise FileFormatError(path, f"ZCURVE row count {parts[2]!r} is not a whole number",
                                  line=at + 1) from None
    if at + 3 > len(lines):
        raise FileFormatError(path, "ZCURVE table without its header lines", line=at + 1)
    if n is None:  # no count written: the table runs while lines start with a tab
        n = 0
        while at + 3 + n < len(lines) and lines[at + 3 + n].startswith("\t"):
            n += 1
    if n < 0 or at + 3 + n > len(lines):
        raise FileFormatError(
            path, f"ZCURVE declares {n} rows but the file ends first", line=at + 1
        )
    names = [h.strip() for h in lines[at + 1].split("\t")[1:]]
    units = [u.strip() for u in lines[at + 2].split("\t")[1:]]
    body = [ln[1:] if ln.startswith("\t") else ln for ln in lines[at + 3 : at + 3 + n]]
    arr = parse_numeric_block(path, body, at + 4, delimiter="\t", n_columns=len(names))
    col = {h: arr[:, j] for j, h in enumerate(names)}
    for need in ("Freq", "Zreal", "Zimag"):
        if need not in col:
            raise FileFormatError(path, f"ZCURVE has no {need!r} column", line=at + 2)
    # ZCURVE units are fixed by the format: s, Hz, ohm, V, A (the units line says so)
    ch = Channels(arr.shape[0], columns=col, header_line=at + 2,
                  frequency_Hz=col["Freq"],
                  impedance_Ohm=col["Zreal"] - 1j * -col["Zimag"],
                  impedance_from="Zreal and Zimag",
                  sources={"frequency_Hz": "Freq", "impedance_Ohm": "Zreal, Zimag"},
                  hints={"voltage_V": "Vdc", "current_A": "Idc"})
    for canon, name in (("time_s", "Time"), ("voltage_V", "Vdc"), ("current_A", "Idc")):
        if name in col:
            setattr(ch, canon, col[name])
            ch.sources[canon] = name
    start = None
    if "DATE" in tags and "TIME" in tags and len(tags["DATE"]) > 1 and len(tags["TIME"]) > 1:
        try:
            start = _dt.datetime.strptime(
                f"{tags['DATE'][1]} {tags['TIME'][1]}", "%m/%d/%Y %H:%M:%S"
            ).isoformat()
        except ValueError:
            start = None
    area = None
    if "AREA" in tags and len(tags["AREA"]) > 1:
        try:
            area = float(tags["AREA"][1])
        except ValueError:
            area = None
    area_m2, area_text = stated_area(area, "cm2")
    md = ReaderMetadata(
        source_file=path,
        format="gamry-dta",
        instrument="Gamry Framework",
        techniques=[tags.get("TAG", ["EIS"])[0]],
        start_time=start,
        header_area_m2=area_m2,
        header_area_text=area_text,
        columns={h: (units[j] if j < len(units) else "") for j, h in enumerate(names)},
    )
    md.hash_later(raw)  # sha256 computed when first read
    return assemble(ch, md)
