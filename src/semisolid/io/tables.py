"""Writers of the canonical tables (SI, unit-named columns): CSV and Parquet.

The one table layout semisolid writes, whatever wrote the record:

* cycling: ``CyclingData.to_frame()`` (``time_s, voltage_V, set_current_A[, current_A],
  step_index, half_cycle, charge_C``);
* spectra: ``Spectra.to_frame()`` with ``after_half_cycle`` as the second column (the half
  cycle that ended last before the spectrum; ``-1`` for none), so a spectrum keeps its
  place in the cycling when read back.

``what`` chooses the table: ``"cycling"``, ``"spectra"``, ``"auto"`` (spectra for
impedance files, see :func:`is_impedance_record`, else cycling) or ``"cycling+spectra"``
(two files: the rows with a known set current, i.e. the galvanostatic steps and rests, at
``path``, and the spectra at ``<stem>_eis<suffix>``; rows with an unknown set current,
impedance or potentiostatic rows, are left out of the first file). CSV numbers are written
as pandas' shortest exact repr, so the readers in :mod:`semisolid.io` give the same arrays
back. Files are written atomically (temporary file, then rename).

``all_columns=True`` writes every column of the file besides the canonical ones, one row
per file row (:func:`all_columns_table`): each under a unit-named header in SI units where
its unit converts (``I/mA`` -> ``I_A``, ``(Q-Qo)/mA.h`` -> ``(Q-Qo)_C``,
``Capacitance charge/µF`` -> ``Capacitance charge_F``), else with its unit kept in the
name (``Temperature/°C`` -> ``Temperature_degC``, ``THD Ewe/%`` -> ``THD Ewe_percent``).

Parquet needs pyarrow (``pip install semisolid[parquet]``); the file keeps the record's
metadata (:class:`~semisolid.io.data.ReaderMetadata` as JSON) and the unit of every column
in its schema metadata (:func:`read_parquet_metadata`).

Examples
--------
>>> import os, tempfile
>>> from semisolid.io.data import CyclingData
>>> d = CyclingData.from_arrays([0.0, 1.0, 2.0], [0.1, 0.1, -0.1], [1e-3, 1e-3, -1e-3])
>>> [p.name for p in write_csv(d, os.path.join(tempfile.mkdtemp(), "run.csv"))]
['run.csv']
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from semisolid.errors import InputError
from semisolid.io.data import CyclingData, Spectra

__all__ = ["CANONICAL_UNITS", "WHAT", "all_columns_table", "cycling_table", "is_impedance_record",
           "read_parquet_metadata", "si_header", "spectra_table", "write_csv", "write_parquet"]

WHAT = ("auto", "cycling", "spectra", "cycling+spectra")
"""The tables a table writer can write (``what=``)."""


def is_impedance_record(data: CyclingData | Spectra) -> bool:
    """True for an impedance file: it has spectra and they hold (nearly) all its rows.

    Examples
    --------
    >>> from semisolid.io.data import Spectrum
    >>> s = Spectra([Spectrum(np.array([1e3, 1.0]), np.array([10 - 1j, 12 - 5j]))])
    >>> d = CyclingData.from_arrays([0.0, 1.0], [0.0, 0.0], [np.nan, np.nan], spectra=s)
    >>> is_impedance_record(d), is_impedance_record(CyclingData.from_arrays([0.0], [0.0], [0.0]))
    (True, False)
    """
    if isinstance(data, Spectra):
        return True
    pts = sum(len(s) for s in data.spectra)
    return bool(len(data.spectra)) and (len(data) == 0 or pts >= 0.9 * len(data))


def cycling_table(data: CyclingData, known_current_only: bool = False) -> Any:
    """The cycling table (a DataFrame); with `known_current_only`, only the rows whose set
    current is known (finite).

    Examples
    --------
    >>> d = CyclingData.from_arrays([0.0, 1.0], [0.1, 0.0], [1e-3, np.nan])
    >>> len(cycling_table(d)), len(cycling_table(d, known_current_only=True))
    (2, 1)
    """
    frame = data.to_frame()
    if known_current_only:
        frame = frame[np.isfinite(frame["set_current_A"].to_numpy())]
    return frame


def spectra_table(spectra: Spectra) -> Any:
    """The spectra table (a DataFrame) with ``after_half_cycle`` (``-1`` for none).

    Examples
    --------
    >>> from semisolid.io.data import Spectrum
    >>> s = Spectra([Spectrum(np.array([1e3, 1.0]), np.array([10 - 1j, 12 - 5j]))])
    >>> spectra_table(s).columns.tolist()[:3]
    ['spectrum', 'after_half_cycle', 'frequency_Hz']
    """
    frame = spectra.to_frame()
    after = [spectra[int(k)].after_half_cycle for k in frame["spectrum"]]
    frame.insert(1, "after_half_cycle", [-1 if a is None else int(a) for a in after])
    return frame


#: unit text -> (SI unit of the header, factor); temperatures stay in degC (no offset)
_SI: dict[str, tuple[str, float]] = {
    "s": ("s", 1.0), "ms": ("s", 1e-3), "min": ("s", 60.0), "h": ("s", 3600.0),
    "V": ("V", 1.0), "mV": ("V", 1e-3), "µV": ("V", 1e-6), "uV": ("V", 1e-6),
    "A": ("A", 1.0), "mA": ("A", 1e-3), "µA": ("A", 1e-6), "uA": ("A", 1e-6),
    "nA": ("A", 1e-9),
    "C": ("C", 1.0), "mC": ("C", 1e-3), "µC": ("C", 1e-6),
    "A.h": ("C", 3600.0), "Ah": ("C", 3600.0), "mA.h": ("C", 3.6), "mAh": ("C", 3.6),
    "µA.h": ("C", 3.6e-3), "uAh": ("C", 3.6e-3),
    "Hz": ("Hz", 1.0), "kHz": ("Hz", 1e3), "mHz": ("Hz", 1e-3),
    "Ohm": ("Ohm", 1.0), "ohm": ("Ohm", 1.0), "Ohms": ("Ohm", 1.0), "Ω": ("Ohm", 1.0),
    "kOhm": ("Ohm", 1e3),
    "mOhm": ("Ohm", 1e-3), "mO": ("Ohm", 1e-3),
    "W": ("W", 1.0), "mW": ("W", 1e-3),
    "W.h": ("J", 3600.0), "Wh": ("J", 3600.0), "mW.h": ("J", 3.6), "mWh": ("J", 3.6),
    "F": ("F", 1.0), "mF": ("F", 1e-3), "µF": ("F", 1e-6), "uF": ("F", 1e-6),
    "nF": ("F", 1e-9),
    "°C": ("degC", 1.0), "degC": ("degC", 1.0), "deg": ("deg", 1.0), "%": ("percent", 1.0),
}


def si_header(name: str, unit: str | None = None) -> tuple[str, float, str]:
    """The unit-named header of a file column, the factor to its SI values and the unit.

    Parameters
    ----------
    name : str
        The column's name in the file (``"I/mA"``, ``"Current(A)"``, ``"Ns"``).
    unit : str, optional
        Its unit as the reader recorded it (``metadata.columns``); read from the name
        when omitted.

    Examples
    --------
    >>> si_header("I/mA"), si_header("(Q-Qo)/mA.h")
    (('I_A', 0.001, 'A'), ('(Q-Qo)_C', 3.6, 'C'))
    >>> si_header("Temperature/°C"), si_header("Ns", ""), si_header("control/V/mA", "V or mA")
    (('Temperature_degC', 1.0, 'degC'), ('Ns', 1.0, ''), ('control_V_or_mA', 1.0, 'V or mA'))
    >>> si_header("Current(mA)", "mA"), si_header("Ohm.cm col/Ohm.cm")
    (('Current_A', 0.001, 'A'), ('Ohm.cm col_Ohm.cm', 1.0, 'Ohm.cm'))
    """
    from semisolid.io.csv import split_header

    if unit == "V or mA":
        q = name.split("/")[0]
        return f"{q}_V_or_mA", 1.0, unit
    q, u = split_header(name)
    if unit is not None and unit != u:
        u = unit
        if not unit:
            q = name
    if not u:
        return name, 1.0, ""
    si = _SI.get(u.strip())
    if si is None:
        return f"{q}_{u}", 1.0, u
    return f"{q}_{si[0]}", si[1], si[0]


def all_columns_table(data: CyclingData) -> Any:
    """The cycling table followed by every other column of the file (SI, unit-named).

    One row per row of the record; the file's columns come from ``data.extra`` under
    :func:`si_header` names (a name taken by an earlier column gets `` (file)``).

    Raises
    ------
    InputError
        The record has no cycling rows (a file without a time column: export its spectra).

    Examples
    --------
    >>> d = CyclingData.from_arrays([0.0, 1.0], [0.1, 0.2], [1e-3, 1e-3],
    ...                             extra={"I/mA": np.array([1.0, 1.1]), "Ns": np.array([0, 0])})
    >>> t = all_columns_table(d)
    >>> t.columns.tolist()[-2:], t["I_A"].tolist()
    (['I_A', 'Ns'], [0.001, 0.0011])
    """
    if len(data) == 0:
        raise InputError("this record has no cycling rows (no time column): write its "
                         "spectra instead (what='spectra')", "all_columns")
    frame = data.to_frame()
    units = data.metadata.columns
    out_units = {c: CANONICAL_UNITS.get(c, "") for c in frame.columns}
    for name, values in data.extra.items():
        v = np.asarray(values)
        if v.shape != (len(data),):
            continue
        head, fac, unit = si_header(name, units.get(name))
        while head in frame.columns:
            head += " (file)"
        frame[head] = np.asarray(v, dtype=float) * fac if fac != 1.0 else v
        out_units[head] = unit
    frame.attrs["units"] = out_units
    return frame


#: unit of each canonical column
CANONICAL_UNITS: dict[str, str] = {
    "time_s": "s", "voltage_V": "V", "set_current_A": "A", "current_A": "A",
    "step_index": "", "half_cycle": "", "charge_C": "C", "spectrum": "",
    "after_half_cycle": "", "frequency_Hz": "Hz", "z_real_Ohm": "Ohm", "z_imag_Ohm": "Ohm",
    "z_modulus_Ohm": "Ohm", "z_phase_deg": "deg",
}


def _units(frame: Any) -> dict[str, str]:
    given = frame.attrs.get("units", {})
    return {str(c): given.get(c, CANONICAL_UNITS.get(str(c), "")) for c in frame.columns}


def _tables(data: CyclingData | Spectra, path: Path, what: str, all_columns: bool = False
            ) -> list[tuple[Path, Any]]:
    if what not in WHAT:
        raise InputError(f"{what!r}: expected one of {', '.join(WHAT)}", "what")
    if all_columns:
        if isinstance(data, Spectra) or what not in ("auto", "cycling"):
            raise InputError("all_columns writes the rows of a record's file; it goes with "
                             "what='cycling' (or 'auto')", "all_columns")
        return [(path, all_columns_table(data))]
    if isinstance(data, Spectra):
        if what not in ("auto", "spectra"):
            raise InputError(f"a Spectra object has no cycling table (what={what!r})", "what")
        return [(path, spectra_table(data))]
    if what == "auto":
        what = "spectra" if is_impedance_record(data) else "cycling"
    if what == "cycling":
        return [(path, cycling_table(data))]
    if what == "spectra":
        return [(path, spectra_table(data.spectra))]
    out = [(path, cycling_table(data, known_current_only=True))]
    if len(data.spectra):
        out.append((path.with_name(f"{path.stem}_eis{path.suffix}"),
                    spectra_table(data.spectra)))
    return out


def write_csv(data: CyclingData | Spectra, path: str | Path, what: str = "auto",
              all_columns: bool = False) -> list[Path]:
    """Write the canonical table(s) of `data` as CSV (see the module docstring); with
    `all_columns`, every column of the file too.

    Returns the paths written.

    Examples
    --------
    >>> import os, tempfile
    >>> from semisolid.io.data import Spectrum
    >>> s = Spectra([Spectrum(np.array([1e3, 1.0]), np.array([10 - 1j, 12 - 5j]))])
    >>> d = CyclingData.from_arrays([0.0, 1.0, 2.0], [0.1, 0.1, 0.0], [1e-3, 1e-3, np.nan],
    ...                             spectra=s)
    >>> ps = write_csv(d, os.path.join(tempfile.mkdtemp(), "cell.csv"), what="cycling+spectra")
    >>> [p.name for p in ps], ps[0].read_text().count("\\n")     # header + 2 known rows
    (['cell.csv', 'cell_eis.csv'], 3)
    """
    from semisolid._util import atomic_write_text

    return [atomic_write_text(p, frame.to_csv(index=False))
            for p, frame in _tables(data, Path(path), what, all_columns)]


def _pyarrow(module: str = "pyarrow") -> Any:
    import importlib

    try:
        pa = importlib.import_module(module)
        pq = importlib.import_module(f"{module}.parquet")
    except ImportError:
        raise InputError("writing Parquet needs pyarrow: pip install semisolid[parquet] "
                         "(or write .csv)", "format") from None
    return pa, pq


def _json_default(o: Any) -> Any:
    if isinstance(o, np.generic):
        return o.item()
    if isinstance(o, np.ndarray):
        return o.tolist()
    return str(o)


def write_parquet(data: CyclingData | Spectra, path: str | Path, what: str = "auto",
                  all_columns: bool = False) -> list[Path]:
    """Write the canonical table(s) of `data` as Parquet (needs pyarrow:
    ``pip install semisolid[parquet]``); the schema metadata keep the record's metadata
    (``semisolid.metadata``, JSON) and the unit of every column (``semisolid.units``).

    Raises
    ------
    InputError
        pyarrow is not installed (the message names the extra), or a bad `what`.

    Examples
    --------
    >>> import os, tempfile, pandas as pd
    >>> d = CyclingData.from_arrays([0.0, 1.0], [0.1, -0.1], [1e-3, -1e-3])
    >>> (p,) = write_parquet(d, os.path.join(tempfile.mkdtemp(), "run.parquet"))
    >>> pd.read_parquet(p)["half_cycle"].tolist()
    [0, 1]
    >>> read_parquet_metadata(p)["units"]["charge_C"]
    'C'
    """
    import json

    from semisolid._util import atomic_output

    pa, pq = _pyarrow()
    md = getattr(data, "metadata", None)
    meta = json.dumps(md.to_dict() if md is not None else None, default=_json_default)
    out = []
    for p, frame in _tables(data, Path(path), what, all_columns):
        units = _units(frame)
        frame.attrs = {}  # the units go to semisolid.units, not pandas' own metadata
        table = pa.Table.from_pandas(frame, preserve_index=False)
        table = table.replace_schema_metadata({
            **(table.schema.metadata or {}),
            b"semisolid.metadata": meta.encode(),
            b"semisolid.units": json.dumps(units).encode(),
        })
        with atomic_output(p) as tmp:
            pq.write_table(table, tmp)
        out.append(Path(p))
    return out


def read_parquet_metadata(path: str | Path) -> dict[str, Any]:
    """The semisolid metadata of a Parquet file written by :func:`write_parquet`:
    ``{"metadata": ReaderMetadata as a dict, "units": column -> unit}``.

    Examples
    --------
    >>> import os, tempfile
    >>> d = CyclingData.from_arrays([0.0], [0.1], [1e-3])
    >>> (p,) = write_parquet(d, os.path.join(tempfile.mkdtemp(), "x.parquet"))
    >>> read_parquet_metadata(p)["metadata"]["format"]
    'unknown'
    """
    import json

    _, pq = _pyarrow()
    raw = pq.read_schema(path).metadata or {}
    return {"metadata": json.loads(raw.get(b"semisolid.metadata", b"null")),
            "units": json.loads(raw.get(b"semisolid.units", b"{}"))}
