"""Reader for Neware BTS binary files (``.ndax``, ``.nda``) through NewareNDA (BSD-3-Clause,
the optional extra ``pip install semisolid[neware]``).

NewareNDA decodes the file into a table (``Index``, ``Cycle``, ``Step``, ``Step_Index``,
``Status``, ``Time`` = time within the step [s], ``Voltage`` [V], ``Current(mA)``, charge
and discharge capacities and energies, ``Timestamp``). This module maps it onto the
canonical quantities like every other reader: time since the start [s] from the step time
accumulated over the steps (:func:`test_time_from_step_time`; the ``Timestamp`` column has
1 s resolution and is kept as ``Timestamp/s``), voltage, measured current
(mA -> A, positive while charging), the step counter ``Step`` as step index, ``Cycle`` as
cycle; the set current is derived from the measured current (Neware files record none; the
warning says so). Every other column is kept in ``extra``.

An ``.ndax`` file is a ZIP archive (magic ``PK\\x03\\x04``); an ``.nda`` file starts with
``NEWARE``. A file NewareNDA cannot decode is a :class:`~semisolid.errors.FileFormatError`
naming the file; NewareNDA's own exception is chained.

Examples
--------
>>> MAGIC_NDA
b'NEWARE'
"""

from __future__ import annotations

import warnings as _warnings
import zipfile
import zlib
from pathlib import Path
from typing import Any

import numpy as np

from semisolid.errors import FileFormatError, InputError

__all__ = ["MAGIC_NDA", "MAGIC_NDAX", "read_neware", "sniff", "test_time_from_step_time"]

MAGIC_NDA = b"NEWARE"
MAGIC_NDAX = b"PK\x03\x04"
_EXTRA = "pip install semisolid[neware]"


def _newarenda(module: str = "NewareNDA") -> Any:
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        raise InputError(
            f"reading Neware .nda/.ndax files needs the NewareNDA package: {_EXTRA}",
            "format") from None


def sniff(head: bytes) -> bool:
    """True for the start of an .nda file or of an .ndax archive (a ZIP whose members
    include Neware's ``data.ndc`` or ``TestInfo.xml``).

    Examples
    --------
    >>> sniff(b"NEWARE20..."), sniff(b"PK\\x03\\x04...Step.xml"), sniff(b"PK\\x03\\x04 other")
    (True, True, False)
    """
    if head.startswith(MAGIC_NDA):
        return True
    return head.startswith(MAGIC_NDAX) and any(
        m in head for m in (b"data.ndc", b"TestInfo.xml", b"Step.xml", b"VersionInfo.xml"))


def _check_container(path: str, raw: bytes) -> None:
    """Refuse what is neither an .nda file nor a ZIP archive holding Neware's data."""
    if raw.startswith(MAGIC_NDA):
        return
    if not raw.startswith(MAGIC_NDAX):
        raise FileFormatError(path, "not a Neware file: it starts with neither 'NEWARE' (.nda) "
                              "nor a ZIP header (.ndax)", offset=0)
    import io

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            names = z.namelist()
            bad = z.testzip()
    except (zipfile.BadZipFile, zlib.error, ValueError, OSError, EOFError,
            NotImplementedError, RuntimeError) as exc:
        raise FileFormatError(path, f"the .ndax ZIP archive is damaged ({exc})",
                              offset=0) from None
    if bad is not None:
        raise FileFormatError(path, f"member {bad!r} of the .ndax archive fails its CRC check",
                              offset=0)
    if "data.ndc" not in names:
        raise FileFormatError(path, "a ZIP archive without the Neware member 'data.ndc'; "
                              f"members: {', '.join(names[:8])}", offset=0)


def test_time_from_step_time(step_time_s: np.ndarray, step: np.ndarray) -> np.ndarray:
    """Time since the start [s] from a step time that restarts at every step.

    A step's first row is the instant the previous step's last row was recorded (Neware's
    timestamps show both rows at the same second), so each step adds the previous step's
    last step time.

    Examples
    --------
    >>> test_time_from_step_time(np.array([0.0, 1.0, 2.0, 0.0, 0.5, 0.0]),
    ...                          np.array([1, 1, 1, 2, 2, 3])).tolist()
    [0.0, 1.0, 2.0, 2.0, 2.5, 2.5]
    """
    st = np.asarray(step)
    tt = np.asarray(step_time_s, dtype=float)
    if tt.size == 0:
        return tt.copy()
    starts = np.flatnonzero(np.r_[True, st[1:] != st[:-1]])
    ends = np.r_[starts[1:], st.size] - 1
    offsets = np.r_[0.0, np.cumsum(tt[ends[:-1]])]
    return tt + np.repeat(offsets, ends - starts + 1)


def read_neware(path: str | Path, **kwargs: Any) -> Any:
    """Read a Neware ``.ndax`` / ``.nda`` file into :class:`~semisolid.io.data.CyclingData`.

    Raises
    ------
    InputError
        NewareNDA is not installed (the message names ``pip install semisolid[neware]``),
        or an option was given (this reader takes none).
    FileFormatError
        The file is not a readable Neware file (names the file).

    Examples
    --------
    >>> import tempfile, os, pathlib
    >>> p = os.path.join(tempfile.mkdtemp(), "x.ndax")
    >>> _ = pathlib.Path(p).write_bytes(b"PK\\x03\\x04 not really a zip archive")
    >>> read_neware(p)
    Traceback (most recent call last):
    ...
    semisolid.errors.FileFormatError: ... (byte 0): the .ndax ZIP archive is damaged ...
    """
    import pandas as pd

    from semisolid.io.assemble import Channels, assemble
    from semisolid.io.csv import set_current_from_measured
    from semisolid.io.data import ReaderMetadata
    from semisolid.io.registry import reject_options

    reject_options("read_neware", kwargs)
    path = str(path)
    raw = Path(path).read_bytes()
    _check_container(path, raw)
    nda = _newarenda()
    try:
        with _warnings.catch_warnings():  # NewareNDA's own deprecation notices from pandas
            _warnings.simplefilter("ignore", DeprecationWarning)
            _warnings.simplefilter("ignore", FutureWarning)
            df = nda.read(path)
    except Exception as exc:  # NewareNDA raises anything on a damaged file
        raise FileFormatError(path, f"NewareNDA cannot decode this file "
                              f"({type(exc).__name__}: {str(exc)[:120]})") from exc
    name = Path(path).name
    need = ("Timestamp", "Voltage", "Current(mA)")
    missing = [c for c in need if c not in df.columns]
    if missing:
        raise FileFormatError(path, f"NewareNDA returned no {', '.join(missing)} column; "
                              f"columns: {', '.join(map(str, df.columns))}")
    n = len(df)
    ts = pd.to_datetime(df["Timestamp"])
    warnings: list[str] = []
    step = df["Step"].to_numpy() if "Step" in df.columns else None
    if "Time" in df.columns and step is not None:
        t, t_src = test_time_from_step_time(df["Time"].to_numpy(dtype=float), step), \
            "Time (step time, accumulated over the steps)"
    else:
        t = (ts - ts.iloc[0]).dt.total_seconds().to_numpy(dtype=float) if n else np.zeros(0)
        t_src = "Timestamp (seconds since the first row; 1 s resolution)"
    v = df["Voltage"].to_numpy(dtype=float)
    i = df["Current(mA)"].to_numpy(dtype=float) * 1e-3
    for label, arr in (("time", t), ("Voltage", v), ("Current(mA)", i)):
        bad = ~np.isfinite(arr)
        if bad.any():
            raise FileFormatError(path, f"row {int(np.argmax(bad))} of the decoded table has "
                                  f"no finite {label}")
    cycle = df["Cycle"].to_numpy(dtype=float) if "Cycle" in df.columns else None
    extra: dict[str, np.ndarray] = {}
    for c in df.columns:
        if c in ("Voltage", "Current(mA)", "Step", "Cycle"):
            continue
        col = df[c]
        if c == "Timestamp":
            extra["Timestamp/s"] = (ts - ts.iloc[0]).dt.total_seconds().to_numpy(dtype=float)
        elif pd.api.types.is_numeric_dtype(col):
            extra[str(c)] = col.to_numpy(dtype=float)
    ch = Channels(n, time_s=t, voltage_V=v, current_A=i, step_index=step, cycle=cycle,
                  columns=extra,
                  sources={"time_s": t_src, "voltage_V": "Voltage",
                           "current_A": "Current(mA)"})
    ch.set_current_A = set_current_from_measured(i, step)
    ch.sources["set_current_A"] = "derived from the measured current 'Current(mA)'"
    warnings.append(f"{name}: Neware files record no set current; derived from the measured "
                    "current (median of each constant-current block, 3 significant digits; "
                    "rests |I| <= 0.1 % of max |I| are 0)")
    statuses = ([str(x) for x in pd.unique(df["Status"])] if "Status" in df.columns else [])
    md = ReaderMetadata(
        source_file=path,
        format="neware-nda",
        instrument="Neware BTS",
        techniques=statuses,
        start_time=ts.iloc[0].isoformat() if n else None,
        columns={"Voltage": "V", "Current(mA)": "mA", **{c: "" for c in extra}},
        warnings=warnings,
        extra={"reader": f"NewareNDA {getattr(nda, '__version__', '')}".strip()},
    )
    md.hash_later(raw)  # sha256 computed when first read
    return assemble(ch, md)
