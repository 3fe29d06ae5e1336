"""EC-Lab columns (from ``.mpr`` or ``.mpt``) into :class:`CyclingData` and :class:`Spectra`.

Both Bio-Logic readers produce a dict of EC-Lab column name (``"Ewe/V"``, ``"I/mA"``,
``"control/V/mA"``, ``"freq/Hz"``, ...) to values; this module turns it into the canonical
SI record:

* time [s] from ``time/s``; voltage [V] from ``Ewe/V`` (else ``<Ewe>/V``, ``Ecell/V``,
  ``Ewe-Ece/V``); measured current [A] from ``I/mA`` or ``<I>/mA`` where recorded;
* set current [A]: the set point ``control/mA`` (Modulo Bat) or ``control/V/mA`` (GCPL, CP)
  on rows whose ``mode`` flag is 1 (galvanostatic), 0 on rows with ``mode`` 3 (rest / OCV),
  NaN on potentiostatic rows (``mode`` 2) and on impedance rows (``freq/Hz`` > 0);
* step index from ``Ns``; half cycles from sign changes of the set current;
* spectra: one per contiguous block of impedance rows of one sequence (``Ns``) and cycle,
  also split where a frequency sweep starts again; rows with frequency <= 0 are dropped with
  a note; Z from ``Re(Z)/Ohm`` and ``-Im(Z)/Ohm``, or from ``|Z|/Ohm`` and ``Phase(Z)/deg``
  where only those are stored (Z = |Z| (cos phi + i sin phi)).

Examples
--------
>>> import numpy as np
>>> cols = {"time/s": np.array([0.0, 1.0, 2.0, 3.0]), "Ewe/V": np.array([0.1, 0.2, -0.2, 0.0]),
...         "control/V/mA": np.array([1.0, 1.0, -1.0, -1.0]), "mode": np.array([1, 1, 1, 3])}
>>> rec = records_from_eclab("x.mpt", cols, {"format": "biologic-mpt"})
>>> rec.set_current_A.tolist(), rec.half_cycle.tolist()
([0.001, 0.001, -0.001, 0.0], [0, 0, 1, -1])
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import numpy as np

from semisolid.errors import FileFormatError
from semisolid.io.biologic_columns import UNIT_TO_SI, split_name_unit
from semisolid.io.data import CyclingData, CyclingMetadata, Spectra, Spectrum

__all__ = ["column_unit_map", "records_from_eclab", "split_spectra"]

_VOLTAGE = ("Ewe", "<Ewe>", "Ecell", "Ewe-Ece")
_CURRENT = ("I", "<I>")
_GALVANOSTATIC = {"GCPL", "CP", "GEIS", "CstC", "MB"}


def _find(cols: dict[str, np.ndarray], names: tuple[str, ...]) -> tuple[str, float] | None:
    """First column whose quantity is in `names` and whose unit is known: (column, factor)."""
    by_qty: dict[str, list[str]] = {}
    for c in cols:
        q, _ = split_name_unit(c)
        by_qty.setdefault(q, []).append(c)
    for n in names:
        for c in by_qty.get(n, []):
            _, u = split_name_unit(c)
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
    cols: dict[str, np.ndarray], n: int, techniques: list[str], eis: np.ndarray,
    given: tuple[np.ndarray, str] | None = None,
) -> tuple[np.ndarray, str]:
    mode = cols.get("mode")
    if given is not None:  # already in A (CSV reader): used as is, NaN on impedance rows
        out = np.array(given[0], dtype=float)
        out[eis] = np.nan
        return out, given[1]
    if "control/mA" in cols:
        ctl, src = np.asarray(cols["control/mA"], dtype=float) * 1e-3, "control/mA"
    elif "control/V/mA" in cols:
        ctl, src = np.asarray(cols["control/V/mA"], dtype=float) * 1e-3, "control/V/mA"
    else:
        return np.full(n, np.nan), "none"
    if mode is not None:
        m = np.asarray(mode)
        out = np.where(m == 1, ctl, np.where(m == 3, 0.0, np.nan))
    elif src == "control/mA" or any(t in _GALVANOSTATIC for t in techniques):
        out = ctl.copy()
    else:
        return np.full(n, np.nan), "none"
    out[eis] = np.nan
    return out, src


def split_spectra(
    cols: dict[str, np.ndarray],
    source_file: str | None = None,
    half_cycle: np.ndarray | None = None,
) -> Spectra:
    """Split the impedance rows of an EC-Lab column dict into one spectrum per sweep.

    Parameters
    ----------
    cols : dict
        EC-Lab columns; needs ``freq/Hz`` and either ``Re(Z)/Ohm`` + ``-Im(Z)/Ohm`` or
        ``|Z|/Ohm`` + ``Phase(Z)/deg``. Two columns of semisolid's own exports are honoured
        too: ``spectrum`` (the spectrum label: then each label is one spectrum, exactly as
        written, and sweeps are not split further) and ``after_half_cycle`` (the value at
        the first row of a spectrum fills ``Spectrum.after_half_cycle``; NaN or negative
        means none).
    source_file : str, optional
    half_cycle : numpy.ndarray, optional
        Half-cycle index of every row, to fill ``Spectrum.after_half_cycle``.

    Returns
    -------
    Spectra

    Examples
    --------
    >>> f = np.array([1e3, 1e2, 10.0, 0.0, 1e3, 1e2])
    >>> z = {"freq/Hz": f, "|Z|/Ohm": np.full(6, 2.0), "Phase(Z)/deg": np.full(6, -90.0)}
    >>> s = split_spectra(z)
    >>> [len(x) for x in s], s.notes
    ([3, 2], ['1 row(s) with frequency <= 0 dropped'])
    >>> np.round(s[0].impedance_Ohm[0], 12)
    np.complex128(-2j)
    """
    spectra = Spectra(source_file=source_file)
    fcol = _find(cols, ("freq",))
    if fcol is None:
        return spectra
    f = np.asarray(cols[fcol[0]], dtype=float) * fcol[1]
    n = f.size
    re = _find(cols, ("Re(Z)",))
    im = _find(cols, ("-Im(Z)",))
    mod = _find(cols, ("|Z|",))
    ph = cols.get("Phase(Z)/deg")
    if re is not None and im is not None:
        z = np.asarray(cols[re[0]], dtype=float) * re[1] - 1j * (
            np.asarray(cols[im[0]], dtype=float) * im[1]
        )
        how = "Re(Z) and -Im(Z)"
    elif mod is not None and ph is not None:
        phi = np.radians(np.asarray(ph, dtype=float))
        z = np.asarray(cols[mod[0]], dtype=float) * mod[1] * (np.cos(phi) + 1j * np.sin(phi))
        how = "|Z| and Phase(Z) (Re = |Z| cos(phi), Im = |Z| sin(phi))"
    else:
        spectra.notes.append("frequency column without impedance columns: no spectra")
        return spectra
    good = np.isfinite(f) & (f > 0)
    if not good.any():
        return spectra
    # blocks: runs of rows with the same Ns and cycle that contain impedance rows
    labelled = "spectrum" in cols
    key_names = ("spectrum",) if labelled else ("Ns", "cycle number", "z cycle")
    keys = [np.asarray(cols[k]) for k in key_names if k in cols]
    brk = np.zeros(n, dtype=bool)
    brk[0] = True
    for k in keys:
        brk[1:] |= k[1:] != k[:-1]
    starts = np.flatnonzero(brk)
    ends = np.r_[starts[1:], n]
    t = cols.get("time/s")
    dropped_total = 0
    for s, e in zip(starts, ends, strict=True):
        g = good[s:e]
        if not g.any():
            continue
        first, last = s + int(np.argmax(g)), e - int(np.argmax(g[::-1]))
        idx = np.arange(first, last)
        keep = idx[good[first:last]]
        dropped_total += int(idx.size - keep.size)
        fk = f[keep]
        # a new sweep starts where the frequency jumps back against the sweep direction
        cut = [0]
        if fk.size > 2 and not labelled:
            ratio = fk[1:] / fk[:-1]
            down = np.median(ratio) < 1
            jump = ratio > 1.5 if down else ratio < 1 / 1.5
            cut += (np.flatnonzero(jump) + 1).tolist()
        cut.append(fk.size)
        for a, b in itertools.pairwise(cut):
            rows = keep[a:b]
            notes = [f"Z from {how}"]
            nd = int(((~good[first:last]) & (idx >= rows[0]) & (idx <= rows[-1])).sum())
            if nd:
                notes.append(f"{nd} row(s) with frequency <= 0 dropped")
            hc = None
            if "after_half_cycle" in cols:
                a = float(cols["after_half_cycle"][rows[0]])
                hc = int(a) if np.isfinite(a) and a >= 0 else None
            elif half_cycle is not None and rows[0] > 0:
                prev = half_cycle[: rows[0]]
                hc = int(prev.max()) if prev.size and prev.max() >= 0 else None
            spectra.spectra.append(
                Spectrum(
                    frequency_Hz=f[rows],
                    impedance_Ohm=z[rows],
                    index=len(spectra.spectra),
                    sequence=int(cols["Ns"][rows[0]]) if "Ns" in cols else None,
                    cycle=(
                        int(cols["cycle number"][rows[0]])
                        if "cycle number" in cols and np.isfinite(cols["cycle number"][rows[0]])
                        else (int(cols["z cycle"][rows[0]]) if "z cycle" in cols else None)
                    ),
                    time_s=float(t[rows[0]]) if t is not None else None,
                    after_half_cycle=hc,
                    notes=notes,
                    source_file=source_file,
                )
            )
    if dropped_total:
        spectra.notes.append(f"{dropped_total} row(s) with frequency <= 0 dropped")
    return spectra


def _observed_sequences(
    step: np.ndarray, t: np.ndarray, v: np.ndarray, iset: np.ndarray
) -> list[dict[str, Any]]:
    """Per-sequence summary measured from the data (not the programmed parameters).

    One pass over the runs of equal ``Ns``: rows, number of runs, summed duration, the set
    currents seen (at the middle row of each run), voltage range.
    """
    out: list[dict[str, Any]] = []
    n = step.size
    if n == 0:
        return out
    starts = np.flatnonzero(np.r_[True, step[1:] != step[:-1]])
    ends = np.r_[starts[1:], n] - 1
    vmin = np.fmin.reduceat(v, starts)
    vmax = np.fmax.reduceat(v, starts)
    mid = iset[(starts + ends) // 2]
    dur = t[ends] - t[starts]
    by_ns: dict[int, dict[str, Any]] = {}
    for k in range(starts.size):
        ns = int(step[starts[k]])
        d = by_ns.get(ns)
        if d is None:
            d = by_ns[ns] = {
                "Ns": ns, "source": "data (observed, not the programmed settings)",
                "rows": 0, "runs": 0, "duration_s": 0.0, "set_currents_A": [],
                "voltage_min_V": None, "voltage_max_V": None,
            }
        d["rows"] += int(ends[k] - starts[k] + 1)
        d["runs"] += 1
        d["duration_s"] += float(dur[k])
        c = float(mid[k])
        if np.isfinite(c) and c != 0 and c not in d["set_currents_A"] and len(
            d["set_currents_A"]
        ) < 20:
            d["set_currents_A"].append(c)
        for key, val, pick in (("voltage_min_V", vmin[k], min), ("voltage_max_V", vmax[k], max)):
            if np.isfinite(val):
                d[key] = float(val) if d[key] is None else pick(d[key], float(val))
    out = [by_ns[k] for k in sorted(by_ns)]
    return out


def records_from_eclab(
    path: str, cols: dict[str, np.ndarray], meta: dict[str, Any]
) -> CyclingData:
    """Build the canonical :class:`CyclingData` (with spectra) from EC-Lab columns.

    Parameters
    ----------
    path : str
        Source file (for messages and metadata).
    cols : dict of str -> numpy.ndarray
        EC-Lab column name with unit -> values.
    meta : dict
        Reader facts: ``format``, ``sha256``, ``techniques``, ``start_time``, ``area_value``,
        ``area_unit``, ``area_unit_assumed``, ``comments``, ``warnings``, ``extra``.

    Returns
    -------
    CyclingData

    Raises
    ------
    FileFormatError
        Without a ``time/s`` column (a pure EIS export may lack it; then the spectra are kept
        and the cycling table has zero rows).

    Notes
    -----
    ``meta["set_current"] = (values_A, source)`` gives the set current directly (in A);
    it is then used instead of the ``control`` columns (NaN on impedance rows).

    Examples
    --------
    >>> cols = {"time/s": np.array([0.0, 1.0, 2.0]), "Ewe/V": np.array([0.1, 0.1, -0.1]),
    ...         "I/mA": np.array([2.0, 2.0, -2.0]), "control/mA": np.array([2.0, 2.0, -2.0])}
    >>> rec = records_from_eclab("cell.mpt", cols, {"format": "biologic-mpt"})
    >>> rec.current_A.tolist(), rec.n_half_cycles, round(float(rec.charge_C[-1]), 6)
    ([0.002, 0.002, -0.002], 2, 0.002)
    >>> rec.metadata.extra["set_current_source"]
    'control/mA'
    """
    name = Path(path).name
    warnings = list(meta.get("warnings", []))
    techniques = list(meta.get("techniques", []))
    n = int(next(iter(cols.values())).size) if cols else 0
    t_col = _find(cols, ("time",))
    fq = _find(cols, ("freq",))
    if t_col is None and fq is None:
        raise FileFormatError(
            path, f"no time column (expected 'time/s'); columns found: {', '.join(cols)}",
            line=meta.get("header_line"),
        )
    if t_col is None:
        warnings.append(f"{name}: no time column; cycling table left empty, spectra kept")
        t = np.zeros(0)
        sel = np.zeros(n, dtype=bool)
    else:
        t = np.asarray(cols[t_col[0]], dtype=float) * t_col[1]
        sel = np.ones(n, dtype=bool)
    eis = np.zeros(n, dtype=bool)
    if fq is not None:
        fv = np.asarray(cols[fq[0]], dtype=float)
        eis = np.isfinite(fv) & (fv > 0)
    vcol = _find(cols, _VOLTAGE)
    if vcol is None:
        if t_col is not None:
            warnings.append(
                f"{name}: no voltage column (Ewe/V, <Ewe>/V, Ecell/V); voltage is NaN"
            )
        v = np.full(n, np.nan)
    else:
        v = np.asarray(cols[vcol[0]], dtype=float) * vcol[1]
    icol = _find(cols, _CURRENT)
    imeas = None if icol is None else np.asarray(cols[icol[0]], dtype=float) * icol[1]
    iset, set_src = _set_current(cols, n, techniques, eis, meta.get("set_current"))
    step = np.asarray(cols["Ns"], dtype=np.int64) if "Ns" in cols else None
    if set_src == "none" and imeas is None and t_col is not None:
        warnings.append(f"{name}: no current column (I/mA, control/V/mA, control/mA)")
    if not sel.all():
        v, iset = v[sel], iset[sel]
        imeas = None if imeas is None else imeas[sel]
        step = None if step is None else step[sel]
    area = meta.get("area_value")
    area_unit = meta.get("area_unit", "cm2")
    area_factor = {"cm2": 1e-4, "cm²": 1e-4, "mm2": 1e-6, "mm²": 1e-6, "m2": 1.0}.get(
        area_unit.replace(" ", "")
    )
    header_area_m2 = (
        float(area) * area_factor if area is not None and area_factor is not None else None
    )
    area_text = None
    if area is not None:
        area_text = f"{area:.6g} {area_unit}"
        if meta.get("area_unit_assumed"):
            area_text += " (unit assumed: EC-Lab's default; the .mpr unit field is not decoded)"
    extra_meta = dict(meta.get("extra", {}))
    extra_meta["set_current_source"] = set_src
    extra_meta["voltage_source"] = vcol[0] if vcol else None
    extra_meta["current_source"] = icol[0] if icol else None
    if meta.get("comments"):
        extra_meta["comments"] = meta["comments"]
    md = CyclingMetadata(
        source_file=str(path),
        sha256=meta.get("sha256"),
        format=meta.get("format", "unknown"),
        techniques=techniques,
        start_time=meta.get("start_time"),
        header_area_m2=header_area_m2,
        header_area_text=area_text,
        header_area_reliable=False,
        columns=column_unit_map(cols),
        technique_parameters=[],
        warnings=warnings,
        extra=extra_meta,
    )
    extra = {c: a for c, a in cols.items()} if sel.all() else {}
    bad_t = int(np.count_nonzero(~np.isfinite(t)))
    if bad_t:
        warnings.append(
            f"{name}: {bad_t} row(s) with a non-finite time; charge is not meaningful there"
        )
    with np.errstate(invalid="ignore", over="ignore"):  # corrupt rows are reported above
        rec = CyclingData.from_arrays(
            time_s=t, voltage_V=v, set_current_A=iset, current_A=imeas, step_index=step,
            metadata=md, extra=extra,
        )
    if step is not None and rec.time_s.size:
        with np.errstate(invalid="ignore", over="ignore"):
            md.technique_parameters = _observed_sequences(
                rec.step_index, rec.time_s, rec.voltage_V, rec.set_current_A
            )
    rec.spectra = split_spectra(
        cols, source_file=str(path), half_cycle=rec.half_cycle if sel.all() else None
    )
    return rec
