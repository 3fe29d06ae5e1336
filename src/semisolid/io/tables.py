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

__all__ = ["WHAT", "cycling_table", "is_impedance_record", "spectra_table", "write_csv",
           "write_parquet"]

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


def _tables(data: CyclingData | Spectra, path: Path, what: str) -> list[tuple[Path, Any]]:
    if what not in WHAT:
        raise InputError(f"{what!r}: expected one of {', '.join(WHAT)}", "what")
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


def write_csv(data: CyclingData | Spectra, path: str | Path, what: str = "auto") -> list[Path]:
    """Write the canonical table(s) of `data` as CSV (see the module docstring).

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
            for p, frame in _tables(data, Path(path), what)]


def write_parquet(data: CyclingData | Spectra, path: str | Path, what: str = "auto"
                  ) -> list[Path]:
    """Write the canonical table(s) of `data` as Parquet (needs pyarrow).

    Examples
    --------
    >>> import os, tempfile, pandas as pd
    >>> d = CyclingData.from_arrays([0.0, 1.0], [0.1, -0.1], [1e-3, -1e-3])
    >>> (p,) = write_parquet(d, os.path.join(tempfile.mkdtemp(), "run.parquet"))
    >>> pd.read_parquet(p)["half_cycle"].tolist()
    [0, 1]
    """
    from semisolid._util import atomic_output

    out = []
    for p, frame in _tables(data, Path(path), what):
        with atomic_output(p) as tmp:
            frame.to_parquet(tmp, index=False)
        out.append(Path(p))
    return out
