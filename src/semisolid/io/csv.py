"""Reader for CSV/TSV tables with a header row, mapped onto :class:`CyclingData` / spectra.

The mapping from file columns to the canonical quantities is automatic for common headers
(``time/s``, ``Time (s)``, ``time_s``, ``Ewe/V``, ``Voltage (V)``, ``I/mA``, ``Current (A)``,
``control/mA``, ``Ns``, ``Step``, ``freq/Hz``, ``Frequency (Hz)``, ``Re(Z)/Ohm``,
``-Im(Z)/Ohm``, ``Z' (Ohm)``, ``|Z|/Ohm``, ``Phase(Z)/deg``) and can be given explicitly with
``columns={"time_s": "Zeit (s)", ...}``. Units come from the header (``/unit``, ``(unit)``,
``[unit]``, ``_unit``) or from ``units={"time_s": "h"}``. A file without a header and with
three numeric columns is read as impedance.py's EIS layout: frequency [Hz], Re(Z) [Ohm],
Im(Z) [Ohm].

Canonical names: ``time_s``, ``voltage_V``, ``current_A`` (measured), ``set_current_A``,
``step_index``, ``frequency_Hz``, ``z_real_Ohm``, ``z_imag_Ohm`` (Im Z), ``z_minus_imag_Ohm``
(-Im Z), ``z_modulus_Ohm``, ``z_phase_deg``, ``spectrum`` (spectrum label of a long EIS
table) and ``after_half_cycle``. A header equal to a canonical name maps to it first, so the
tables written by ``CyclingData.to_frame().to_csv()`` and ``Spectra.to_frame().to_csv()``
(and ``semisolid export``) read back.

Empty fields: time, voltage, frequency, impedance, step and spectrum columns must hold a
finite number in every row (else a FileFormatError names the line and field). Empty fields
in ``set_current_A``, ``current_A`` and ``after_half_cycle`` read as NaN ("unknown"; pandas
writes NaN as an empty field) with a warning in ``metadata.warnings``. Columns that map to
no canonical name are kept in ``CyclingData.extra`` under their header where they hold
numbers (text and empty fields read as NaN) and never stop the read.

Set current: without a set-current column (or with an empty one) but with a measured
current, the set current is derived from the measured current by
:func:`set_current_from_measured` (median of each constant-current block, 3 significant
digits), and ``metadata.warnings`` says so.

Examples
--------
>>> import tempfile, os, pathlib
>>> p = os.path.join(tempfile.mkdtemp(), "run.csv")
>>> _ = pathlib.Path(p).write_text("Time (h);Voltage (mV);Current (uA)\\n0;100;5\\n0,5;101;5\\n")
>>> rec = read_csv(p)
>>> rec.time_s.tolist(), rec.voltage_V.tolist(), rec.current_A.tolist()
([0.0, 1800.0], [0.1, 0.101], [5e-06, 5e-06])
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np

from semisolid.errors import FileFormatError, InputError, suggest
from semisolid.io._text import decode_text, guess_decimal, parse_numeric_block

__all__ = ["ALIASES", "CANONICAL", "auto_mapping", "read_csv", "set_current_from_measured",
           "split_header"]

#: canonical name -> (quantity kind for unit parsing, SI unit, accepted header words)
CANONICAL: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "time_s": ("time", "s", ("time", "t", "test time", "elapsed time", "total time")),
    "voltage_V": ("voltage", "V", ("ewe", "<ewe>", "voltage", "potential", "ecell", "e",
                                   "v", "u", "cell voltage", "e we", "ewe-ece")),
    "current_A": ("current", "A", ("i", "<i>", "current", "measured current", "i meas")),
    "set_current_A": ("current", "A", ("control", "set current", "i set", "iset",
                                       "current set point", "control current")),
    "step_index": ("", "", ("ns", "step", "step index", "step number", "sequence")),
    "frequency_Hz": ("frequency", "Hz", ("freq", "frequency", "f")),
    "z_real_Ohm": ("resistance", "Ohm", ("re(z)", "z'", "zreal", "z real", "z_re", "real(z)",
                                         "zre")),
    "z_minus_imag_Ohm": ("resistance", "Ohm", ("-im(z)", "-z''", "-zimag", "-z imag",
                                               "-zim")),
    "z_imag_Ohm": ("resistance", "Ohm", ("im(z)", "z''", "zimag", "z imag", "z_im",
                                         "imag(z)", "zim")),
    "z_modulus_Ohm": ("resistance", "Ohm", ("|z|", "zmod", "z mod", "|z| (ohm)", "modulus",
                                            "z modulus")),
    "z_phase_deg": ("", "deg", ("phase(z)", "phase", "zphz", "phi", "z phase")),
    "spectrum": ("", "", ("spectrum", "spectrum index")),
    "after_half_cycle": ("", "", ("after half cycle",)),
}

#: Short names accepted for the keys of ``columns=`` and ``units=``.
ALIASES = {"time": "time_s", "voltage": "voltage_V", "current": "current_A",
           "set_current": "set_current_A", "frequency": "frequency_Hz", "step": "step_index"}

#: Canonical columns whose fields may be empty (read as NaN = unknown).
_OPTIONAL = ("set_current_A", "current_A", "after_half_cycle")

_UNIT_RE = (
    re.compile(r"^(?P<q>.*?)\s*\((?P<u>[^()]*)\)\s*$"),  # Voltage (V)
    re.compile(r"^(?P<q>.*?)\s*\[(?P<u>[^\[\]]*)\]\s*$"),  # Voltage [V]
    re.compile(r"^(?P<q>.+?)/(?P<u>[^/]+)$"),  # Ewe/V  (last slash)
    # time_s, set_current_A, z_real_Ohm: the unit after the LAST underscore, if it is one
    re.compile(r"^(?P<q>.+)_(?P<u>(?:[pnuµmkMG]?(?:s|V|A|Ohm|ohm|Ω|Hz|C|Ah|A\.h|F|W|Wh))"
               r"|min|h|deg|rad|[cm]?m2|mA_cm2)$"),
)


def split_header(name: str) -> tuple[str, str]:
    """Split a column header into (quantity, unit); unit ``""`` when none is written.

    Examples
    --------
    >>> split_header("Voltage (V)"), split_header("I/mA"), split_header("time_s")
    (('Voltage', 'V'), ('I', 'mA'), ('time', 's'))
    >>> split_header("Phase(Z)/deg"), split_header("Ns")
    (('Phase(Z)', 'deg'), ('Ns', ''))
    >>> split_header("set_current_A"), split_header("z_phase_deg"), split_header("step_index")
    (('set_current', 'A'), ('z_phase', 'deg'), ('step_index', ''))
    """
    n = name.strip()
    if n.lower().startswith("phase(") and "/" not in n:
        return n, ""
    for rx in _UNIT_RE:
        m = rx.match(n)
        if m and m.group("q").strip() and m.group("u").strip():
            q = m.group("q").strip()
            if rx is _UNIT_RE[0] and q.lower() in ("re", "im", "-im", "phase", "real", "imag"):
                continue
            return q, m.group("u").strip()
    return n, ""


def auto_mapping(headers: list[str]) -> dict[str, str]:
    """Map canonical names to file headers.

    A header equal to a canonical name (case aside) maps to it first; the other canonical
    names are then matched by the header's quantity word (unit split off, underscores read
    as spaces; first match wins).

    Examples
    --------
    >>> auto_mapping(["Time (s)", "Voltage (V)", "Current (A)", "Step"])
    {'time_s': 'Time (s)', 'voltage_V': 'Voltage (V)', 'current_A': 'Current (A)', \
'step_index': 'Step'}
    >>> auto_mapping(["spectrum", "frequency_Hz", "z_real_Ohm", "z_imag_Ohm"])
    {'spectrum': 'spectrum', 'frequency_Hz': 'frequency_Hz', 'z_real_Ohm': 'z_real_Ohm', \
'z_imag_Ohm': 'z_imag_Ohm'}
    """
    out: dict[str, str] = {}
    used: set[str] = set()
    lower = {c.lower(): c for c in CANONICAL}
    for h in headers:
        canon = lower.get(h.strip().lower())
        if canon is not None and canon not in out and h not in used:
            out[canon] = h
            used.add(h)
    for canon, (_, _, words) in CANONICAL.items():
        if canon in out:
            continue
        for h in headers:
            if h in used:
                continue
            q = split_header(h)[0].strip().lower().replace("_", " ")
            if q in words:
                out[canon] = h
                used.add(h)
                break
    return out


def _factor(unit: str, canon: str, column: str, path: str) -> float:
    kind, _si, _ = CANONICAL[canon]
    if not kind:
        if canon == "z_phase_deg":
            u = unit.strip().lower()
            if u in ("", "deg", "°", "degree", "degrees"):
                return 1.0
            if u in ("rad", "radian", "radians"):
                return 180.0 / np.pi
            raise FileFormatError(
                path, f"column {column!r}: phase unit {unit!r} is not deg or rad", line=1
            )
        return 1.0
    if not unit:
        return 1.0
    from semisolid.units import parse_quantity

    u = unit.replace("Ω", "Ohm").replace("ohm", "Ohm").replace("mAh", "mA.h")
    try:
        return parse_quantity(f"1 {u}", kind, field=column)
    except InputError as exc:
        raise FileFormatError(
            path, f"column {column!r}: unit {unit!r} is not a {kind} unit ({exc})", line=1
        ) from None


def set_current_from_measured(
    current_A: np.ndarray,
    step_index: np.ndarray | None = None,
    rest_fraction: float = 1e-3,
    level_fraction: float = 0.1,
) -> np.ndarray:
    """Set current [A] estimated from a measured current, for files that record only that.

    The rule, meant for galvanostatic records (constant-current steps and rests):

    1. rows with ``|I| <= rest_fraction * max|I|`` are rests (set current 0); NaN rows stay
       NaN;
    2. the other rows form blocks: contiguous rows of one sign (and one step index where
       the file has one), split again where the 5-row running median of the current changes
       by more than ``level_fraction`` of its level (a new current within the same sign);
    3. each block's set current is the median of its measured current, rounded to 3
       significant digits (robust to noise and single spikes).

    Parameters
    ----------
    current_A : array_like
        Measured current [A].
    step_index : array_like, optional
        Step / sequence index of every row; a change always starts a new block.
    rest_fraction, level_fraction : float
        The thresholds of steps 1 and 2.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> i = [1.001e-3, 0.999e-3, 1.002e-3, 1e-9, -2.003e-3, -1.998e-3, -2.001e-3, np.nan]
    >>> set_current_from_measured(np.array(i)).tolist()
    [0.001, 0.001, 0.001, 0.0, -0.002, -0.002, -0.002, nan]
    """
    from scipy.ndimage import median_filter

    i = np.asarray(current_A, dtype=float)
    out = np.full(i.shape, np.nan)
    fin = np.isfinite(i)
    if not fin.any():
        return out
    scale = float(np.max(np.abs(i[fin])))
    if scale == 0.0:
        out[fin] = 0.0
        return out
    cls = np.where(~fin, 9, np.where(np.abs(i) <= rest_fraction * scale, 0, np.sign(i)))
    brk = np.r_[True, cls[1:] != cls[:-1]]
    if step_index is not None:
        st = np.asarray(step_index)
        brk |= np.r_[True, st[1:] != st[:-1]]
    sm = median_filter(np.where(fin, i, 0.0), size=5, mode="nearest")
    lvl = np.maximum(np.abs(sm[1:]), np.abs(sm[:-1]))
    brk[1:] |= (np.abs(np.diff(sm)) > level_fraction * lvl) & (cls[1:] != 0) & (cls[1:] != 9)
    starts = np.flatnonzero(brk)
    ends = np.r_[starts[1:], i.size]
    for a, b in zip(starts, ends, strict=True):
        c = cls[a]
        if c == 9:
            continue
        if c == 0:
            out[a:b] = 0.0
            continue
        m = float(np.median(i[a:b]))
        out[a:b] = float(f"{m:.3g}")
    return out


def _sniff_delimiter(line: str) -> str:
    for d in ("\t", ";", ","):
        if d in line:
            return d
    return ","


def read_csv(
    path: str | Path,
    columns: dict[str, str] | None = None,
    units: dict[str, str] | None = None,
    delimiter: str | None = None,
    decimal: str | None = None,
    skip_rows: int = 0,
    **kwargs: Any,
) -> Any:
    """Read a delimited table into :class:`~semisolid.io.data.CyclingData`.

    Parameters
    ----------
    path : str or Path
    columns : dict, optional
        Canonical name -> header text in the file; overrides the automatic mapping for
        those names (others are still mapped automatically). The short names of
        :data:`ALIASES` (``time``, ``voltage``, ``current``, ...) are accepted as keys.
    units : dict, optional
        Canonical (or short) name -> unit text; overrides the unit read from the header.
        A time, voltage, current, frequency or impedance column whose header states no
        unit and that is not given here is read as SI, with a warning naming the
        assumption.
    delimiter : str, optional
        Tab, ``;`` or ``,`` are detected from the header line when omitted.
    decimal : str, optional
        ``"."`` or ``","``; detected from the data when omitted.
    skip_rows : int
        Lines to skip before the header row.

    Raises
    ------
    InputError
        A mapping names a column that is not in the file, an unknown canonical name, or an
        unknown option.
    FileFormatError
        Non-numeric data (names the line), a unit of the wrong kind, or no time and no
        frequency column.

    Examples
    --------
    >>> import tempfile, os, pathlib
    >>> p = os.path.join(tempfile.mkdtemp(), "x.csv")
    >>> _ = pathlib.Path(p).write_text("Zeit,Spannung,Strom\\n0,0.1,2\\n60,0.2,2\\n")
    >>> rec = read_csv(p, columns={"time_s": "Zeit", "voltage_V": "Spannung",
    ...                            "set_current_A": "Strom"}, units={"set_current_A": "mA"})
    >>> rec.set_current_A.tolist(), round(float(rec.charge_C[-1]), 6)
    ([0.002, 0.002], 0.12)
    """
    from semisolid.io.assemble import Channels, assemble
    from semisolid.io.data import ReaderMetadata
    from semisolid.io.registry import reject_options

    reject_options("read_csv", kwargs, ("columns", "units", "delimiter", "decimal",
                                        "skip_rows"))
    columns = {ALIASES.get(k, k): v for k, v in (columns or {}).items()}
    units = {ALIASES.get(k, k): v for k, v in (units or {}).items()}
    path = str(path)
    raw = Path(path).read_bytes()
    text, enc = decode_text(raw, path)
    lines = text.splitlines()[skip_rows:]
    while lines and not lines[0].strip():
        lines.pop(0)
        skip_rows += 1
    if not lines:
        raise FileFormatError(path, "empty file; expected a header row and data", line=1)
    delim = delimiter or _sniff_delimiter(lines[0])
    first = [f.strip() for f in lines[0].split(delim)]
    while first and not first[-1]:
        first.pop()
    numeric_first = all(re.match(r"^[-+]?[\d.,]+([eE][-+]?\d+)?$", f) for f in first) and first
    notes: list[str] = []
    if numeric_first:
        if len(first) != 3 or columns:
            raise FileFormatError(
                path, f"no header row: the first line holds {len(first)} numbers; only the "
                "3-column impedance layout (f, Re(Z), Im(Z)) is read without a header",
                line=skip_rows + 1,
            )
        headers = ["freq/Hz", "Re(Z)/Ohm", "Im(Z)/Ohm"]
        body, body_line = lines, skip_rows + 1
        notes.append("no header: read as frequency [Hz], Re(Z) [Ohm], Im(Z) [Ohm]")
    else:
        headers = first
        body, body_line = lines[1:], skip_rows + 2
    dec = decimal or guess_decimal(body, delim)
    mapping = auto_mapping(headers)
    for canon, h in (columns or {}).items():
        if canon not in CANONICAL:
            raise InputError(
                f"unknown canonical name {canon!r}{suggest(canon, CANONICAL)}; known: "
                f"{', '.join(CANONICAL)}", "columns",
            )
        if h not in headers:
            raise InputError(
                f"{canon}={h!r} is not a column of {Path(path).name}{suggest(h, headers)}; "
                f"columns: {', '.join(headers)}", "columns",
            )
        mapping = {k: v for k, v in mapping.items() if v != h}
        mapping[canon] = h
    for canon in units or {}:
        if canon not in CANONICAL:
            raise InputError(f"unknown canonical name {canon!r}{suggest(canon, CANONICAL)}",
                             "units")
    if "time_s" not in mapping and "frequency_Hz" not in mapping:
        raise FileFormatError(
            path, "no time column and no frequency column recognised; columns: "
            f"{', '.join(headers)}; pass columns={{'time_s': '<header>'}}", line=body_line - 1,
        )
    idx = {h: j for j, h in enumerate(headers)}
    optional = [idx[mapping[c]] for c in _OPTIONAL if c in mapping]
    mapped = set(mapping.values())
    lenient = [j for j, h in enumerate(headers) if h not in mapped]
    arr = parse_numeric_block(
        path, body, body_line, delimiter=delim, decimal=dec, n_columns=len(headers),
        optional_columns=optional, lenient_columns=lenient,
    )
    name = Path(path).name
    warnings: list[str] = []
    for c in _OPTIONAL:
        if c in mapping:
            k = int(np.count_nonzero(np.isnan(arr[:, idx[mapping[c]]])))
            if k:
                warnings.append(f"{name}: column {mapping[c]!r} ({c}): {k} empty field(s) "
                                "read as NaN (unknown)")
    extra_cols: dict[str, np.ndarray] = {}
    for j in lenient:
        k = int(np.count_nonzero(np.isnan(arr[:, j])))
        if arr.shape[0] and k == arr.shape[0]:
            warnings.append(f"{name}: column {headers[j]!r} holds no numbers; not kept")
            continue
        if k:
            warnings.append(f"{name}: column {headers[j]!r}: {k} field(s) that are not "
                            "numbers read as NaN")
        extra_cols[headers[j]] = arr[:, j]
    si: dict[str, np.ndarray] = {}
    for canon, h in mapping.items():
        unit = (units or {}).get(canon) or split_header(h)[1]
        si[canon] = arr[:, idx[h]] * _factor(unit, canon, h, path)
        kind, si_unit, _ = CANONICAL[canon]
        if not unit and kind:
            short = next((a for a, c in ALIASES.items() if c == canon), canon)
            warnings.append(f"{name}: column {h!r} ({canon}) states no unit: read as "
                            f"{si_unit}; if it is not, pass units={{'{short}': '<unit>'}}")
    if "step_index" in si:
        ns = si["step_index"]
        if not np.all(np.isfinite(ns)) or np.any(ns != np.round(ns)):
            raise FileFormatError(path, f"step column {mapping['step_index']!r} is not whole "
                                  "numbers", line=body_line)
    if "spectrum" in si and not np.array_equal(si["spectrum"], np.round(si["spectrum"])):
        raise FileFormatError(path, f"spectrum column {mapping['spectrum']!r} is not whole "
                              "numbers", line=body_line)
    ch = Channels(arr.shape[0], columns=extra_cols, header_line=body_line - 1,
                  sources=dict(mapping),
                  hints={"voltage_V": "e.g. 'Ewe/V', 'Voltage (V)', 'voltage_V'",
                         "current_A": "e.g. 'I/mA', 'Current (A)', 'set_current_A'"})
    ch.time_s = si.get("time_s")
    ch.voltage_V = si.get("voltage_V")
    ch.current_A = si.get("current_A")
    ch.step_index = si.get("step_index")
    ch.frequency_Hz = si.get("frequency_Hz")
    ch.spectrum = si.get("spectrum")
    ch.after_half_cycle = si.get("after_half_cycle")
    _impedance(si, mapping, ch)
    iset = si.get("set_current_A")
    if iset is not None and np.isfinite(iset).any():
        ch.set_current_A = iset
    elif "current_A" in si and "time_s" in si:
        ch.set_current_A = set_current_from_measured(si["current_A"], si.get("step_index"))
        ch.sources["set_current_A"] = (f"derived from the measured current "
                                       f"{mapping['current_A']!r}")
        warnings.append(
            f"{name}: no set current in the file; derived from the measured current "
            f"{mapping['current_A']!r} (median of each constant-current block, 3 significant "
            "digits; rests |I| <= 0.1 % of max |I| are 0). Pass columns={'set_current_A': "
            "'<header>'} if the file has a set-point column"
        )
    elif iset is not None:
        ch.set_current_A = iset                     # given, but unknown in every row
    md = ReaderMetadata(
        source_file=path,
        format="csv",
        columns={h: split_header(h)[1] for h in headers},
        warnings=warnings,
        extra={"mapping": mapping, "encoding": enc, "delimiter": delim, "decimal": dec,
               "notes": notes},
    )
    md.hash_later(raw)  # sha256 computed when first read
    rec = assemble(ch, md)
    rec.spectra.notes.extend(notes)
    return rec


def _impedance(si: dict[str, np.ndarray], mapping: dict[str, str], ch: Any) -> None:
    """Z from the real and (minus) imaginary parts, else from modulus and phase."""
    minus_im = si.get("z_minus_imag_Ohm")
    im_col = mapping.get("z_minus_imag_Ohm")
    if minus_im is None and "z_imag_Ohm" in si:
        minus_im, im_col = -si["z_imag_Ohm"], mapping["z_imag_Ohm"]
    if "z_real_Ohm" in si and minus_im is not None:
        ch.impedance_Ohm = si["z_real_Ohm"] - 1j * minus_im
        ch.impedance_from = f"{mapping['z_real_Ohm']!r} and {im_col!r}"
    elif "z_modulus_Ohm" in si and "z_phase_deg" in si:
        phi = np.radians(si["z_phase_deg"])
        ch.impedance_Ohm = si["z_modulus_Ohm"] * (np.cos(phi) + 1j * np.sin(phi))
        ch.impedance_from = (f"{mapping['z_modulus_Ohm']!r} and {mapping['z_phase_deg']!r} "
                             "(Re = |Z| cos(phi), Im = |Z| sin(phi))")
