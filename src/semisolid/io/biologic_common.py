"""EC-Lab columns (from ``.mpr`` or ``.mpt``) mapped onto the canonical quantities.

Both Bio-Logic readers produce a dict of EC-Lab column name (``"Ewe/V"``, ``"I/mA"``,
``"control/V/mA"``, ``"freq/Hz"``, ...) to values; :func:`eclab_channels` maps it onto the
canonical per-row quantities in SI units (a :class:`~semisolid.io.assemble.Channels`), which
:func:`semisolid.io.assemble.assemble` turns into the record like any other reader's:

* time [s] from ``time/s``; voltage [V] from ``Ewe/V`` (else ``<Ewe>/V``, ``Ecell/V``,
  ``Ewe-Ece/V``); measured current [A] from ``I/mA`` or ``<I>/mA`` where recorded;
* set current [A]: the set point ``control/mA`` (Modulo Bat) or ``control/V/mA`` (GCPL, CP)
  on rows whose ``mode`` flag is 1 (galvanostatic), 0 on rows with ``mode`` 3 (rest / OCV),
  NaN on potentiostatic rows (``mode`` 2) and on impedance rows (``freq/Hz`` > 0);
* step index from ``Ns``; cycle from ``cycle number`` (else ``z cycle``);
* Z from ``Re(Z)/Ohm`` and ``-Im(Z)/Ohm``, or from ``|Z|/Ohm`` and ``Phase(Z)/deg`` where
  only those are stored (Z = ``|Z|`` (cos phi + i sin phi)); impedance sweeps are told apart by
  ``Ns``, ``cycle number`` and ``z cycle``.

Examples
--------
>>> import numpy as np
>>> from semisolid.io.assemble import assemble
>>> from semisolid.io.data import ReaderMetadata
>>> cols = {"time/s": np.array([0.0, 1.0, 2.0, 3.0]), "Ewe/V": np.array([0.1, 0.2, -0.2, 0.0]),
...         "control/V/mA": np.array([1.0, 1.0, -1.0, -1.0]), "mode": np.array([1, 1, 1, 3])}
>>> rec = assemble(eclab_channels("x.mpt", cols), ReaderMetadata(format="biologic-mpt"))
>>> rec.set_current_A.tolist(), rec.half_cycle.tolist()
([0.001, 0.001, -0.001, 0.0], [0, 0, 1, -1])
"""

from __future__ import annotations

from typing import Any

import numpy as np

from semisolid.errors import FileFormatError
from semisolid.io.assemble import Channels
from semisolid.io.biologic_columns import UNIT_TO_SI, split_name_unit

__all__ = ["column_unit_map", "eclab_channels"]

_VOLTAGE = ("Ewe", "<Ewe>", "Ecell", "Ewe-Ece")
_CURRENT = ("I", "<I>")
_GALVANOSTATIC = {"GCPL", "CP", "GEIS", "CstC", "MB"}


def _scaled(values: np.ndarray, factor: float) -> np.ndarray:
    """`values` as a new float64 array times `factor`, in one pass."""
    if factor == 1.0:
        return np.array(values, dtype=float)
    return np.multiply(values, factor, dtype=float)


def _by_quantity(cols: dict[str, np.ndarray]) -> dict[str, list[tuple[str, str]]]:
    """Quantity -> [(column, unit), ...] of an EC-Lab column dict."""
    by_qty: dict[str, list[tuple[str, str]]] = {}
    for c in cols:
        q, u = split_name_unit(c)
        by_qty.setdefault(q, []).append((c, u))
    return by_qty


def _find(cols: dict[str, np.ndarray] | dict[str, list[tuple[str, str]]],
          names: tuple[str, ...]) -> tuple[str, float] | None:
    """First column whose quantity is in `names` and whose unit is known: (column, factor).

    `cols` is the column dict or its :func:`_by_quantity` index.
    """
    first = next(iter(cols.values()), None)
    by_qty = cols if isinstance(first, list) else _by_quantity(cols)  # type: ignore[arg-type]
    for n in names:
        for c, u in by_qty.get(n, []):  # type: ignore[union-attr]
            if u in UNIT_TO_SI:
                return c, UNIT_TO_SI[u]
    return None


def column_unit_map(columns: dict[str, Any]) -> dict[str, str]:
    """Original column name -> unit text (``""`` for dimensionless columns).

    Examples
    --------
    >>> column_unit_map({"Ewe/V": 0, "Ns": 0})
    {'Ewe/V': 'V', 'Ns': ''}
    """
    return {c: split_name_unit(c)[1] for c in columns}


def _set_current(
    cols: dict[str, np.ndarray], n: int, techniques: list[str]
) -> tuple[np.ndarray | None, str]:
    """Set current [A] from the control columns and the mode flag (None: not known)."""
    mode = cols.get("mode")
    src = next((c for c in ("control/mA", "control/V/mA") if c in cols), None)
    if src is None:
        return None, "none"
    raw = cols[src]
    if mode is not None:
        m = np.asarray(mode)
        out = np.multiply(raw, 1e-3, dtype=float)  # one pass, float64 out
        other = np.flatnonzero(m != 1)  # rests and potentiostatic rows: few in a GCPL file
        if other.size:
            out[other] = np.where(m[other] == 3, 0.0, np.nan)
        return out, src
    if src == "control/mA" or any(t in _GALVANOSTATIC for t in techniques):
        return np.multiply(raw, 1e-3, dtype=float), src
    return None, "none"


def eclab_channels(
    path: str,
    cols: dict[str, np.ndarray],
    techniques: list[str] | tuple[str, ...] = (),
    header_line: int | None = None,
) -> Channels:
    """The canonical quantities of an EC-Lab column dict (see the module docstring).

    Parameters
    ----------
    path : str
        Source file (for messages).
    cols : dict of str -> numpy.ndarray
        EC-Lab column name with unit -> values; kept as the record's ``extra``.
    techniques : sequence of str
        The file's techniques (a galvanostatic one makes ``control/V/mA`` the set current
        when there is no ``mode`` column).
    header_line : int, optional
        Line of the column names, for the error.

    Raises
    ------
    FileFormatError
        Neither a ``time/s`` nor a ``freq/Hz`` column.

    Examples
    --------
    >>> cols = {"time/s": np.array([0.0, 1.0]), "I/mA": np.array([2.0, -2.0])}
    >>> ch = eclab_channels("cell.mpt", cols)
    >>> ch.current_A.tolist(), ch.sources["current_A"], ch.voltage_V is None
    ([0.002, -0.002], 'I/mA', True)
    """
    n = int(next(iter(cols.values())).size) if cols else 0
    index = _by_quantity(cols)
    t_col = _find(index, ("time",))
    fq = _find(index, ("freq",))
    if t_col is None and fq is None:
        raise FileFormatError(
            path, f"no time column (expected 'time/s'); columns found: {', '.join(cols)}",
            line=header_line,
        )
    ch = Channels(n, columns=cols, header_line=header_line,
                  hints={"voltage_V": "Ewe/V, <Ewe>/V, Ecell/V",
                         "current_A": "I/mA, control/V/mA, control/mA"})
    if t_col is not None:
        ch.time_s = _scaled(cols[t_col[0]], t_col[1])
        ch.sources["time_s"] = t_col[0]
    vcol = _find(index, _VOLTAGE)
    if vcol is not None:
        ch.voltage_V = _scaled(cols[vcol[0]], vcol[1])
        ch.sources["voltage_V"] = vcol[0]
    icol = _find(index, _CURRENT)
    if icol is not None:
        ch.current_A = _scaled(cols[icol[0]], icol[1])
        ch.sources["current_A"] = icol[0]
    iset, src = _set_current(cols, n, list(techniques))
    if iset is not None:
        ch.set_current_A = iset
        ch.sources["set_current_A"] = src
    if "Ns" in cols:
        ch.step_index = np.asarray(cols["Ns"])
    cn, zc = cols.get("cycle number"), cols.get("z cycle")
    if cn is not None:
        cn = np.asarray(cn, dtype=float)
        ch.cycle = cn if zc is None else np.where(np.isfinite(cn), cn,
                                                    np.asarray(zc, dtype=float))
    elif zc is not None:
        ch.cycle = np.asarray(zc, dtype=float)
    ch.sweep_keys = [np.asarray(cols[k]) for k in ("Ns", "cycle number", "z cycle")
                     if k in cols]
    if fq is not None:
        ch.frequency_Hz = _scaled(cols[fq[0]], fq[1])
        _impedance(cols, index, ch)
    return ch


def _impedance(cols: dict[str, np.ndarray], index: dict[str, list[tuple[str, str]]],
               ch: Channels) -> None:
    re = _find(index, ("Re(Z)",))
    im = _find(index, ("-Im(Z)",))
    mod = _find(index, ("|Z|",))
    ph = cols.get("Phase(Z)/deg")
    if re is not None and im is not None:
        ch.impedance_Ohm = np.asarray(cols[re[0]], dtype=float) * re[1] - 1j * (
            np.asarray(cols[im[0]], dtype=float) * im[1]
        )
        ch.impedance_from = "Re(Z) and -Im(Z)"
    elif mod is not None and ph is not None:
        phi = np.radians(np.asarray(ph, dtype=float))
        ch.impedance_Ohm = (np.asarray(cols[mod[0]], dtype=float) * mod[1]
                            * (np.cos(phi) + 1j * np.sin(phi)))
        ch.impedance_from = "|Z| and Phase(Z) (Re = |Z| cos(phi), Im = |Z| sin(phi))"
