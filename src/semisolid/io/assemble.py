"""From what a reader found to :class:`CyclingData` and :class:`Spectra`, the same for every
reader.

A reader does two things: it maps its file's columns onto the canonical per-row quantities
in SI units (a :class:`Channels`), and it states what the file says about itself (a
:class:`~semisolid.io.data.ReaderMetadata`). :func:`assemble` does the rest, identically
for every format:

* the cycling table: time [s], voltage [V], measured current [A], set current [A] (NaN on
  impedance rows, rows with frequency > 0), step index, half cycles from sign changes of the
  set current, cumulative charge; a file without a time column gives zero cycling rows and
  keeps its spectra;
* warnings for what is missing (no voltage, no current, non-finite times), never a guess;
* ``metadata.extra``: ``set_current_source``, ``voltage_source``, ``current_source`` (the
  file column each came from, or how it was derived);
* ``metadata.technique_parameters``: the reader's entries, then one observed entry per
  sequence (rows, runs, duration, set currents seen, voltage range);
* the spectra: one per contiguous block of impedance rows of one sequence and cycle, also
  split where a frequency sweep starts again (unless the rows carry a spectrum label);
  rows with frequency <= 0 are dropped with a note.

Examples
--------
>>> import numpy as np
>>> ch = Channels(4, time_s=np.arange(4.0), voltage_V=np.array([0.1, 0.2, -0.2, 0.0]),
...               set_current_A=np.array([1e-3, 1e-3, -1e-3, 0.0]),
...               sources={"voltage_V": "U", "set_current_A": "I set"})
>>> rec = assemble(ch, ReaderMetadata(format="demo"))
>>> rec.half_cycle.tolist(), rec.metadata.extra["voltage_source"]
([0, 0, 1, -1], 'U')
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from semisolid.errors import FileFormatError
from semisolid.io.data import CyclingData, ReaderMetadata, Spectra, Spectrum

__all__ = ["Channels", "assemble", "split_spectra", "stated_area"]

_AREA_UNITS = {"cm2": 1e-4, "cm²": 1e-4, "mm2": 1e-6, "mm²": 1e-6, "m2": 1.0}


@dataclass
class Channels:
    """The canonical per-row quantities a reader found in a file (SI units).

    Every array has ``n_rows`` entries; a quantity the file does not have is None.

    Attributes
    ----------
    n_rows : int
        Rows of the file's table.
    time_s, voltage_V, current_A, set_current_A : numpy.ndarray or None
        Time [s], voltage [V], measured current [A] and set-point current [A] (NaN where
        unknown, 0 during rests).
    step_index : numpy.ndarray or None
        Sequence / step number of every row (whole numbers).
    cycle : numpy.ndarray or None
        Cycle counter of every row (fills ``Spectrum.cycle``; NaN where unknown).
    frequency_Hz : numpy.ndarray or None
        Impedance frequency [Hz]; rows with frequency > 0 are impedance rows.
    impedance_Ohm : numpy.ndarray of complex or None
        Z = Z' + i Z'' [Ohm] of the impedance rows.
    impedance_from : str
        How Z was obtained, for the spectra's notes (``"Re(Z) and -Im(Z)"``).
    spectrum : numpy.ndarray or None
        Spectrum label of every row (a long table written by a program): each label is
        one spectrum, exactly as written, and sweeps are not split further.
    after_half_cycle : numpy.ndarray or None
        Fills ``Spectrum.after_half_cycle`` from the first row of each spectrum (NaN or
        negative: none); without it, the half cycles before the spectrum decide.
    sweep_keys : list of numpy.ndarray
        Counters whose change starts a new block of impedance rows; default: the step
        index and the cycle.
    sources : dict
        Canonical name -> the file column it came from (or how it was derived).
    hints : dict
        Canonical name -> the column names the reader looks for, named in the warning when
        the quantity is missing.
    columns : dict of str -> numpy.ndarray
        File columns kept as read (``CyclingData.extra``).
    header_line : int or None
        Line of the column header (for error messages).

    Examples
    --------
    >>> Channels(0).sources
    {}
    """

    n_rows: int
    time_s: np.ndarray | None = None
    voltage_V: np.ndarray | None = None
    current_A: np.ndarray | None = None
    set_current_A: np.ndarray | None = None
    step_index: np.ndarray | None = None
    cycle: np.ndarray | None = None
    frequency_Hz: np.ndarray | None = None
    impedance_Ohm: np.ndarray | None = None
    impedance_from: str = ""
    spectrum: np.ndarray | None = None
    after_half_cycle: np.ndarray | None = None
    sweep_keys: list[np.ndarray] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)
    hints: dict[str, str] = field(default_factory=dict)
    columns: dict[str, np.ndarray] = field(default_factory=dict)
    header_line: int | None = None


def stated_area(
    value: float | None, unit: str = "cm2", unit_assumed: bool = False
) -> tuple[float | None, str | None]:
    """A header's electrode area in m2 and as written (``header_area_m2``,
    ``header_area_text``); (None, None) when the file states none.

    Examples
    --------
    >>> stated_area(0.001)
    (1e-07, '0.001 cm2')
    >>> stated_area(2.0, "mm²")[0]
    2e-06
    >>> stated_area(0.001, unit_assumed=True)[1]
    "0.001 cm2 (unit assumed: EC-Lab's default; the .mpr unit field is not decoded)"
    """
    if value is None:
        return None, None
    factor = _AREA_UNITS.get(unit.replace(" ", ""))
    text = f"{value:.6g} {unit}"
    if unit_assumed:
        text += " (unit assumed: EC-Lab's default; the .mpr unit field is not decoded)"
    return (float(value) * factor if factor is not None else None), text


def _observed_sequences(
    step: np.ndarray, t: np.ndarray, v: np.ndarray, iset: np.ndarray
) -> list[dict[str, Any]]:
    """Per-sequence summary measured from the data (not the programmed parameters).

    One pass over the runs of equal step index: rows, number of runs, summed duration, the
    set currents seen (at the middle row of each run), voltage range.
    """
    n = step.size
    if n == 0:
        return []
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
    return [by_ns[k] for k in sorted(by_ns)]


def split_spectra(
    channels: Channels,
    source_file: str | None = None,
    half_cycle: np.ndarray | None = None,
) -> Spectra:
    """The impedance rows of `channels` split into one :class:`Spectrum` per sweep.

    Parameters
    ----------
    channels : Channels
        Needs ``frequency_Hz`` and ``impedance_Ohm``; ``spectrum``, ``after_half_cycle``,
        ``step_index``, ``cycle``, ``time_s`` and ``sweep_keys`` are used where present.
    source_file : str, optional
    half_cycle : numpy.ndarray, optional
        Half-cycle index of every row, to fill ``Spectrum.after_half_cycle``.

    Examples
    --------
    >>> f = np.array([1e3, 1e2, 10.0, 0.0, 1e3, 1e2])
    >>> ch = Channels(6, frequency_Hz=f, impedance_Ohm=np.full(6, -2j), impedance_from="Z")
    >>> s = split_spectra(ch)
    >>> [len(x) for x in s], s.notes
    ([3, 2], ['1 row(s) with frequency <= 0 dropped'])
    """
    spectra = Spectra(source_file=source_file)
    if channels.frequency_Hz is None:
        return spectra
    f = np.asarray(channels.frequency_Hz, dtype=float)
    n = f.size
    if channels.impedance_Ohm is None:
        spectra.notes.append("frequency column without impedance columns: no spectra")
        return spectra
    z = channels.impedance_Ohm
    good = np.isfinite(f) & (f > 0)
    if not good.any():
        return spectra
    # blocks: runs of rows with the same keys (spectrum label, else sequence and cycle)
    labelled = channels.spectrum is not None
    if labelled:
        keys = [np.asarray(channels.spectrum)]
    elif channels.sweep_keys:
        keys = [np.asarray(k) for k in channels.sweep_keys]
    else:
        keys = [np.asarray(k) for k in (channels.step_index, channels.cycle) if k is not None]
    brk = np.zeros(n, dtype=bool)
    brk[0] = True
    for k in keys:
        brk[1:] |= k[1:] != k[:-1]
    starts = np.flatnonzero(brk)
    ends = np.r_[starts[1:], n]
    t, step, cyc, ahc = (channels.time_s, channels.step_index, channels.cycle,
                         channels.after_half_cycle)
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
            r0 = rows[0]
            notes = [f"Z from {channels.impedance_from}"]
            nd = int(((~good[first:last]) & (idx >= r0) & (idx <= rows[-1])).sum())
            if nd:
                notes.append(f"{nd} row(s) with frequency <= 0 dropped")
            hc = None
            if ahc is not None:
                av = float(ahc[r0])
                hc = int(av) if np.isfinite(av) and av >= 0 else None
            elif half_cycle is not None and r0 > 0:
                prev = half_cycle[:r0]
                hc = int(prev.max()) if prev.size and prev.max() >= 0 else None
            cv = float(cyc[r0]) if cyc is not None else float("nan")
            spectra.spectra.append(
                Spectrum(
                    frequency_Hz=f[rows],
                    impedance_Ohm=z[rows],
                    index=len(spectra.spectra),
                    sequence=int(step[r0]) if step is not None else None,
                    cycle=int(cv) if np.isfinite(cv) else None,
                    time_s=float(t[r0]) if t is not None else None,
                    after_half_cycle=hc,
                    notes=notes,
                    source_file=source_file,
                )
            )
    if dropped_total:
        spectra.notes.append(f"{dropped_total} row(s) with frequency <= 0 dropped")
    return spectra


def _hint(channels: Channels, name: str) -> str:
    h = channels.hints.get(name)
    return f" ({h})" if h else ""


def assemble(channels: Channels, metadata: ReaderMetadata) -> CyclingData:
    """Build the canonical :class:`CyclingData` (spectra in ``.spectra``) of one file.

    Parameters
    ----------
    channels : Channels
        The per-row quantities the reader found, SI units.
    metadata : ReaderMetadata
        What the reader found out about the file; completed here (warnings, the
        ``*_source`` entries of ``extra``, the observed sequences) and kept by the record
        and its spectra.

    Returns
    -------
    CyclingData

    Raises
    ------
    FileFormatError
        Neither a time nor a frequency column.

    Examples
    --------
    >>> ch = Channels(3, time_s=np.array([0.0, 1.0, 2.0]), voltage_V=np.array([0.1, 0.1, -0.1]),
    ...               current_A=np.array([2e-3, 2e-3, -2e-3]), sources={"current_A": "I/mA"})
    >>> rec = assemble(ch, ReaderMetadata(source_file="cell.txt", format="demo"))
    >>> rec.n_half_cycles, rec.metadata.extra["set_current_source"], rec.metadata.warnings
    (0, 'none', [])
    >>> round(float(rec.charge_C[-1]), 6)        # from the measured current
    0.002
    """
    path = metadata.source_file or "data"
    name = Path(path).name
    warnings = metadata.warnings
    n = int(channels.n_rows)
    has_t = channels.time_s is not None
    if not has_t and channels.frequency_Hz is None:
        raise FileFormatError(path, "no time column and no frequency column",
                              line=channels.header_line)
    if has_t:
        t = np.asarray(channels.time_s, dtype=float)
        sel = np.ones(n, dtype=bool)
    else:
        warnings.append(f"{name}: no time column; cycling table left empty, spectra kept")
        t = np.zeros(0)
        sel = np.zeros(n, dtype=bool)
    eis = np.zeros(n, dtype=bool)
    if channels.frequency_Hz is not None:
        fv = np.asarray(channels.frequency_Hz, dtype=float)
        eis = np.isfinite(fv) & (fv > 0)
    if channels.voltage_V is None:
        if has_t:
            warnings.append(f"{name}: no voltage column{_hint(channels, 'voltage_V')}; "
                            "voltage is NaN")
        v = np.full(n, np.nan)
    else:
        v = np.asarray(channels.voltage_V, dtype=float)
    imeas = None if channels.current_A is None else np.asarray(channels.current_A, dtype=float)
    if channels.set_current_A is None:
        iset, set_src = np.full(n, np.nan), "none"
    else:
        iset = np.asarray(channels.set_current_A, dtype=float)
        if eis.any():
            iset = iset.copy()
            iset[eis] = np.nan
        set_src = channels.sources.get("set_current_A", "given")
    step = (None if channels.step_index is None
            else np.asarray(channels.step_index, dtype=np.int64))
    if set_src == "none" and imeas is None and has_t:
        warnings.append(f"{name}: no current column{_hint(channels, 'current_A')}")
    if not sel.all():
        v, iset = v[sel], iset[sel]
        imeas = None if imeas is None else imeas[sel]
        step = None if step is None else step[sel]
    metadata.extra["set_current_source"] = set_src
    metadata.extra["voltage_source"] = (channels.sources.get("voltage_V")
                                        if channels.voltage_V is not None else None)
    metadata.extra["current_source"] = (channels.sources.get("current_A")
                                        if imeas is not None else None)
    extra = dict(channels.columns) if sel.all() else {}
    bad_t = int(np.count_nonzero(~np.isfinite(t)))
    if bad_t:
        warnings.append(
            f"{name}: {bad_t} row(s) with a non-finite time; charge is not meaningful there"
        )
    with np.errstate(invalid="ignore", over="ignore"):  # corrupt rows are reported above
        rec = CyclingData.from_arrays(
            time_s=t, voltage_V=v, set_current_A=iset, current_A=imeas, step_index=step,
            metadata=metadata, extra=extra,
        )
    if step is not None and rec.time_s.size:
        def observed() -> list[dict[str, Any]]:
            with np.errstate(invalid="ignore", over="ignore"):
                return _observed_sequences(rec.step_index, rec.time_s, rec.voltage_V,
                                           rec.set_current_A)

        metadata.observed_later(observed)
    rec.spectra = split_spectra(  # half cycles only where spectra need placing
        channels, source_file=metadata.source_file,
        half_cycle=rec.half_cycle if sel.all() and eis.any() else None,
    )
    rec.spectra.metadata = metadata
    return rec
