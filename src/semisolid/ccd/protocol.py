"""Segmentation of a stepwise galvanostatic symmetric-cell test.

A CCD test (Park et al. 2021, Methods, "Electrochemical cycling") plates and strips the
metal in alternating half cycles at stepwise increasing current; each current step lasts a
fixed areal capacity. This module cuts a :class:`~semisolid.io.data.CyclingData` record into

* **segments**: maximal runs of consecutive rows with the same half cycle (sign of the set
  current) and the same set-current magnitude. In the paper's protocol one segment is one
  half cycle; a rest inside a half cycle splits it into two segments at the same level;
* **current steps**: consecutive segments at the same ``|set current|`` level;
* **EIS sequences**: the spectra of the record with the half cycle they follow.

Per segment it computes the current density from the set current and an explicit
electrode area (nominal and, optionally, the final measured area), the areal capacity
passed, the cumulative areal capacity, the polarization (mean, end-of-segment and maximum
``|V|``) and the area-specific resistance ``ASR = |V| / j``.

The **protocol** is recognised from the data (:data:`PROTOCOLS`; it can be forced):

* ``"stepwise"``: the current steps up between segments (the paper's CCD protocol);
* ``"constant_current"``: one current level, either plating until the cell shorts (one half
  cycle) or plating/stripping cycles at a fixed current;
* ``"ramp"``: galvanodynamic, the set current changes from row to row within a half cycle
  (a half cycle of at least ``RAMP_MIN_ROWS`` rows in which at least half of the row-to-row
  steps change ``|I|`` and at least 80 % of those changes go up; 3 rows when the protocol
  is given as ``"ramp"``: 4 to 7 samples of a ramp look like steps). A ramp half cycle is
  one segment and its current density is judged per row.

Where an EC-Lab file states its programmed set currents (the settings module), they are
compared with the data: a stepwise programme whose data show one level (the cell failed in
its first step) is analysed as stepwise, and a disagreement is a warning.

Everything is vectorised over rows (``numpy.reduceat``); only the short list of segments is
looped over in Python.

Examples
--------
>>> import numpy as np
>>> from semisolid.io.data import CyclingData
>>> t = np.arange(0.0, 400.0, 10.0)                     # 4 half cycles of 100 s
>>> i = np.repeat([1e-4, -1e-4, 2e-4, -2e-4], 10)       # 0.1 mA, then 0.2 mA
>>> d = CyclingData.from_arrays(t, 50.0 * i, i)          # a 50 Ohm resistor
>>> seg = segment(d, area_m2=1e-4)                       # 1 cm2
>>> seg.current_density_A_m2.tolist()                    # 0.1 and 0.2 mA/cm2
[1.0, 1.0, 2.0, 2.0]
>>> seg.step.tolist(), seg.step_size_A_m2
([0, 0, 1, 1], 1.0)
>>> np.round(seg.asr_Ohm_m2 * 1e4, 6).tolist()           # 50 Ohm * 1 cm2
[50.0, 50.0, 50.0, 50.0]
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from semisolid.errors import FileFormatError, InputError, SemisolidError

__all__ = ["PROTOCOLS", "RAMP_MIN_ROWS", "Segmentation", "check_area", "segment",
           "validate_cycling"]

#: Protocol names: ``"auto"`` recognises one of the three others from the data.
PROTOCOLS = ("auto", "stepwise", "constant_current", "ramp")

#: A ramp (galvanodynamic) half cycle has at least this many rows.
RAMP_MIN_ROWS = 8

_A_M2_TO_MA_CM2 = 0.1  # 1 A/m2 = 0.1 mA/cm2
_C_M2_TO_MAH_CM2 = 1.0 / 36000.0  # 1 C/m2 = 1/36 000 mAh/cm2


def _name(data: Any) -> str | None:
    return getattr(getattr(data, "metadata", None), "source_file", None)


def _fail(data: Any, message: str) -> SemisolidError:
    """An error naming the file of `data` (or the data itself when generated)."""
    src = _name(data)
    if src:
        return FileFormatError(src, message)
    return InputError(message, field="cycling data")


def check_area(
    area_m2: float | None, field_name: str = "area_m2", required: bool = True
) -> None:
    """Check an electrode area [m2]: given, finite and positive.

    Examples
    --------
    >>> check_area(0.4e-4)
    >>> check_area(None)
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: area_m2: the electrode area is required ...
    """
    if area_m2 is None:
        if required:
            raise InputError(
                "the electrode area is required (e.g. --area 0.4cm2); file headers often hold "
                "a placeholder, so it is never taken from the file",
                field=field_name,
            )
        return
    try:
        a = float(area_m2)
    except (TypeError, ValueError):
        raise InputError(f"{area_m2!r} is not a number of m2", field=field_name) from None
    if not math.isfinite(a) or a <= 0:
        raise InputError(f"{area_m2!r} m2 must be a finite positive area", field=field_name)


def validate_cycling(data: Any) -> np.ndarray:
    """Check a cycling record for a CCD analysis; return the mask of galvanostatic rows.

    Refuses: no rows, NaN or non-increasing (duplicated or backwards) time stamps, no row
    with a non-zero set current and NaN voltage in a galvanostatic row. Errors name the file
    and the 0-based row. A set current that never changes is a constant-current test
    (plating until short), not an error.

    Examples
    --------
    >>> import numpy as np
    >>> from semisolid.io.data import CyclingData
    >>> d = CyclingData.from_arrays([0.0, 1.0, 1.0], [0.1, 0.1, -0.1], [1e-3, 1e-3, -1e-3])
    >>> validate_cycling(d)
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: cycling data: time stamps must increase: row 2 repeats ...
    """
    t = np.asarray(data.time_s, dtype=float)
    n = t.size
    if n == 0:
        raise _fail(data, "the record has no rows")
    finite_t = np.isfinite(t)
    if not finite_t.all():
        i = int(np.argmin(finite_t))
        raise _fail(data, f"time is NaN or infinite at row {i} (0-based); every row needs a time")
    if n > 1:
        dt = np.diff(t)
        bad = dt <= 0
        if bad.any():
            i = int(np.argmax(bad)) + 1
            kind = "repeats" if dt[i - 1] == 0 else "goes back from"
            raise _fail(
                data,
                f"time stamps must increase: row {i} {kind} the previous time "
                f"(t={t[i]:g} s after t={t[i - 1]:g} s); sort the rows or drop duplicates",
            )
    active = np.asarray(data.half_cycle) >= 0
    if not active.any():
        raise _fail(
            data,
            "no galvanostatic steps: the set current is zero or unknown in every row "
            "(a CCD analysis needs a galvanostatic plating/stripping record)",
        )
    v = np.asarray(data.voltage_V, dtype=float)
    bad_v = active & ~np.isfinite(v)
    if bad_v.any():
        i = int(np.argmax(bad_v))
        raise _fail(
            data,
            f"voltage is NaN or infinite in {int(bad_v.sum())} galvanostatic row(s), first at "
            f"row {i} (0-based); remove or repair those rows",
        )
    return active


@dataclass
class Segmentation:
    """Segments, current steps and EIS sequences of a cycling record (SI units).

    All per-segment attributes are NumPy arrays of one value per segment, in time order.

    Attributes
    ----------
    area_m2, final_area_m2 : float, float or None
        Electrode areas used: nominal (initial) and, if given, the final measured one.
    half_cycle, step, sign : ndarray of int
        Half-cycle index (from the set current's sign changes), current-step index, and the
        sign of the set current of each segment.
    start_row, stop_row : ndarray of int
        Row range ``[start_row, stop_row)`` of the segment in the record.
    start_time_s, end_time_s, duration_s : ndarray
        Start time, the time the segment ended (the next row's time) and its duration.
    n_samples : ndarray of int
    set_current_A : ndarray
        Median set current of the segment's rows (signed) [A]; the median, not the mean, so
        that a stray set-point row does not shift the current density.
    current_density_A_m2, current_density_final_A_m2 : ndarray
        ``|I| / area`` with the nominal and the final area (NaN when no final area).
    charge_C, areal_capacity_C_m2, areal_capacity_final_C_m2 : ndarray
        Charge passed ``|I| * duration`` and its areal density (nominal / final area).
    cumulative_areal_capacity_C_m2 : ndarray
        Areal capacity passed up to the end of each segment (nominal area).
    mean_abs_voltage_V, end_abs_voltage_V, max_abs_voltage_V : ndarray
        Polarization: mean, end-of-segment (median of the last 3 samples) and maximum ``|V|``.
    asr_Ohm_m2, end_asr_Ohm_m2 : ndarray
        Area-specific resistance ``mean|V| / j`` and ``end|V| / j`` (nominal area).
    step_current_density_A_m2 : ndarray
        Current density of each current step (nominal area).
    step_size_A_m2 : float
        Median increase between consecutive steps (0 if the current never steps up).
    eis : list of dict
        One entry per spectrum: ``index``, ``after_half_cycle``, ``time_s``, ``n_points``.
    protocol : str
        ``"stepwise"``, ``"constant_current"`` or ``"ramp"`` (see the module docstring).
    protocol_notes, protocol_warnings : list of str
        How the protocol was found (data, the file's settings, forced); disagreements.
    ramp : ndarray of bool
        Per segment: a ramp (galvanodynamic) half cycle, judged per row.

    Examples
    --------
    Two 1-h half cycles at 0.1 mA, a 10-min rest, then two at 0.2 mA, on 1 cm2:

    >>> import numpy as np
    >>> from semisolid.io.data import CyclingData
    >>> i = np.repeat([1e-4, -1e-4, 0.0, 2e-4, -2e-4], [60, 60, 10, 60, 60])
    >>> d = CyclingData.from_arrays(np.arange(i.size) * 60.0, 20.0 * i, i)
    >>> seg = segment(d, area_m2=1e-4)
    >>> len(seg), seg.n_half_cycles, seg.step.tolist(), seg.start_row.tolist()
    (4, 4, [0, 0, 1, 1], [0, 60, 130, 190])
    >>> (seg.current_density_A_m2 * 0.1).tolist()             # mA/cm2
    [0.1, 0.1, 0.2, 0.2]
    >>> (seg.areal_capacity_C_m2 / 36000).round(6).tolist()   # mAh/cm2
    [0.1, 0.1, 0.2, 0.2]
    >>> seg.to_frame()["asr_Ohm_cm2"].round(6).tolist()       # 20 Ohm x 1 cm2
    [20.0, 20.0, 20.0, 20.0]
    """

    area_m2: float
    final_area_m2: float | None
    half_cycle: np.ndarray
    step: np.ndarray
    sign: np.ndarray
    start_row: np.ndarray
    stop_row: np.ndarray
    start_time_s: np.ndarray
    end_time_s: np.ndarray
    duration_s: np.ndarray
    n_samples: np.ndarray
    set_current_A: np.ndarray
    current_density_A_m2: np.ndarray
    current_density_final_A_m2: np.ndarray
    charge_C: np.ndarray
    areal_capacity_C_m2: np.ndarray
    areal_capacity_final_C_m2: np.ndarray
    cumulative_areal_capacity_C_m2: np.ndarray
    mean_abs_voltage_V: np.ndarray
    end_abs_voltage_V: np.ndarray
    max_abs_voltage_V: np.ndarray
    asr_Ohm_m2: np.ndarray
    end_asr_Ohm_m2: np.ndarray
    step_current_density_A_m2: np.ndarray
    step_size_A_m2: float
    eis: list[dict[str, Any]] = field(default_factory=list)
    protocol: str = "stepwise"
    protocol_notes: list[str] = field(default_factory=list)
    protocol_warnings: list[str] = field(default_factory=list)
    ramp: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))

    def __len__(self) -> int:
        return int(self.half_cycle.size)

    @property
    def n_half_cycles(self) -> int:
        """Number of distinct half cycles."""
        return int(np.unique(self.half_cycle).size)

    @property
    def protocol_areal_capacity_C_m2(self) -> float:
        """Areal capacity per half cycle of the protocol: median over complete half cycles.

        The last half cycle is left out when there are at least three (it may be cut short).
        """
        _hc, inv = np.unique(self.half_cycle, return_inverse=True)
        per_hc = np.bincount(inv, weights=self.areal_capacity_C_m2)
        if per_hc.size >= 3:
            per_hc = per_hc[:-1]
        return float(np.median(per_hc))

    def to_dict(self) -> dict[str, Any]:
        """Plain dict (lists for arrays)."""
        out: dict[str, Any] = {}
        for k in self.__dataclass_fields__:
            v = getattr(self, k)
            out[k] = v.tolist() if isinstance(v, np.ndarray) else v
        return out

    def to_frame(self):
        """One row per segment, unit-named columns (SI plus mA/cm2 and mAh/cm2 views)."""
        import pandas as pd

        cols = {
            k: getattr(self, k)
            for k in self.__dataclass_fields__
            if isinstance(getattr(self, k), np.ndarray) and getattr(self, k).size == len(self)
        }
        df = pd.DataFrame(cols)
        df["current_density_mA_cm2"] = self.current_density_A_m2 * _A_M2_TO_MA_CM2
        df["areal_capacity_mAh_cm2"] = self.areal_capacity_C_m2 * _C_M2_TO_MAH_CM2
        df["asr_Ohm_cm2"] = self.asr_Ohm_m2 * 1e4
        return df


def _ramp_rows(iset_abs: np.ndarray, hc: np.ndarray, active: np.ndarray,
               level_rel_tol: float, min_rows: int = RAMP_MIN_ROWS) -> np.ndarray:
    """Rows that belong to a ramp (galvanodynamic) half cycle (module docstring rule)."""
    n = iset_abs.size
    out = np.zeros(n, dtype=bool)
    if n < min_rows or hc.max(initial=-1) < 0:
        return out
    d = iset_abs[1:] - iset_abs[:-1]
    change = np.abs(d) > level_rel_tol * np.maximum(iset_abs[1:], iset_abs[:-1])
    idx = np.flatnonzero(change)
    idx = idx[active[idx] & active[idx + 1] & (hc[idx] == hc[idx + 1])]
    if idx.size < (min_rows - 1) / 2:     # too few changes within half cycles for a ramp
        return out
    nh = int(hc.max()) + 1
    rows = np.bincount(hc[active], minlength=nh)
    n_change = np.bincount(hc[idx], minlength=nh)
    n_up = np.bincount(hc[idx], weights=d[idx] > 0, minlength=nh)
    is_ramp = (rows >= min_rows) & (n_change >= 0.5 * (rows - 1)) & (n_up >= 0.8 * n_change)
    if not is_ramp.any():
        return out
    return active & is_ramp[np.clip(hc, 0, nh - 1)] & (hc >= 0)


def _segment_bounds(data: Any, active: np.ndarray, level_rel_tol: float,
                    ramp_rows: np.ndarray | None = None) -> np.ndarray:
    """Start rows of segments (plus the end) over the active rows."""
    iset = np.abs(np.asarray(data.set_current_A, dtype=float))
    hc = np.asarray(data.half_cycle)
    n = iset.size
    new = np.zeros(n, dtype=bool)
    new[0] = active[0]
    if n > 1:
        prev_active = active[:-1]
        level_change = np.abs(iset[1:] - iset[:-1]) > level_rel_tol * np.maximum(
            iset[1:], iset[:-1]
        )
        if ramp_rows is not None and ramp_rows.any():
            level_change &= ~(ramp_rows[1:] & ramp_rows[:-1])
        new[1:] = active[1:] & (~prev_active | (hc[1:] != hc[:-1]) | level_change)
    starts = np.flatnonzero(new)
    # end of each segment: the first non-active row or the next start
    ends = np.empty_like(starts)
    inactive_rows = np.append(np.flatnonzero(~active), n)
    nxt_start = np.append(starts[1:], n)
    nxt_inactive = inactive_rows[np.searchsorted(inactive_rows, starts, side="right")]
    ends[:] = np.minimum(nxt_start, nxt_inactive)
    return np.stack([starts, ends], axis=1)


def _segment_median(x: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Median of ``x[starts[k] : starts[k] + lengths[k]]`` for every k (no Python loop).

    Segments whose values are all equal (the usual case) take that value; only the others
    are sorted.
    """
    # reduceat over [starts[k], starts[k+1]) runs into the rows after a segment: mask them
    edges = np.zeros(x.size + 1, dtype=np.int64)
    np.add.at(edges, starts, 1)
    np.add.at(edges, starts + lengths, -1)
    inside = np.cumsum(edges[:-1]) > 0
    mn = np.minimum.reduceat(np.where(inside, x, np.inf), starts)
    mx = np.maximum.reduceat(np.where(inside, x, -np.inf), starts)
    out = np.empty(starts.size)
    flat = mn == mx
    out[flat] = mn[flat]
    k = np.flatnonzero(~flat)
    if k.size:
        st, ln = starts[k], lengths[k]
        offsets = np.cumsum(ln) - ln
        rows = np.arange(int(ln.sum())) - np.repeat(offsets - st, ln)
        seg_id = np.repeat(np.arange(k.size), ln)
        v = x[rows]
        v = v[np.lexsort((v, seg_id))]
        out[k] = 0.5 * (v[offsets + (ln - 1) // 2] + v[offsets + ln // 2])
    return out


def _settings_levels(data: Any) -> list[float]:
    """Distinct non-zero ``|set current|`` levels the file's settings programme [A]."""
    md = getattr(data, "metadata", None)
    levels: list[float] = []
    for p in getattr(md, "technique_parameters", None) or []:
        if p.get("source") != "settings module":
            continue
        i = p.get("set_current_A")
        if i is None or not math.isfinite(float(i)) or float(i) == 0.0:
            continue
        a = abs(float(i))
        if all(abs(a - b) > 1e-3 * max(a, b) for b in levels):
            levels.append(a)
    return sorted(levels)


def _recognise(forced: str, ramp: bool, n_levels: int, settings_levels: list[float],
               name: str) -> tuple[str, list[str], list[str]]:
    """The protocol, how it was found and any disagreement (see the module docstring)."""
    seen = "ramp" if ramp else ("stepwise" if n_levels >= 2 else "constant_current")
    what = {"ramp": "the set current changes from row to row within a half cycle",
            "stepwise": f"{n_levels} current levels",
            "constant_current": "one current level"}[seen]
    notes: list[str] = []
    warnings: list[str] = []
    if forced != "auto":
        notes.append(f"protocol {forced} (given); the data show {what}")
        if forced != seen:
            warnings.append(f"{name}: protocol {forced} was given but the data look {seen} "
                            f"({what})")
        return forced, notes, warnings
    protocol = seen
    notes.append(f"protocol {seen}, recognised from the data ({what})")
    if len(settings_levels) >= 2 and seen == "constant_current":
        protocol = "stepwise"
        notes.append(f"the file's settings programme {len(settings_levels)} current levels "
                     f"({', '.join(f'{1e3 * a:.4g}' for a in settings_levels)} mA): analysed "
                     "as stepwise (the cell stopped in its first step)")
    elif len(settings_levels) == 1 and seen == "stepwise":
        warnings.append(f"{name}: the file's settings programme one current level "
                        f"({1e3 * settings_levels[0]:.4g} mA) but the data show {n_levels}; "
                        "the data are used")
    return protocol, notes, warnings


def segment(
    data: Any,
    area_m2: float | None,
    final_area_m2: float | None = None,
    *,
    level_rel_tol: float = 1e-3,
    protocol: str = "auto",
) -> Segmentation:
    """Cut a cycling record into segments and current steps, with polarization and ASR.

    Parameters
    ----------
    data : CyclingData
        The record (time, voltage, set current, half-cycle index).
    area_m2 : float
        Nominal (initial) electrode area [m2]; required, never taken from the file header.
    final_area_m2 : float, optional
        Final measured electrode area [m2]; the paper reports CCD and areal capacity on it.
    level_rel_tol : float
        Relative change of ``|set current|`` that starts a new segment / current step.
    protocol : str
        One of :data:`PROTOCOLS`; ``"auto"`` (default) recognises it from the data.

    Returns
    -------
    Segmentation

    Raises
    ------
    InputError, FileFormatError
        Missing or invalid area; bad records (see :func:`validate_cycling`).

    Examples
    --------
    >>> import numpy as np
    >>> from semisolid.io.data import CyclingData
    >>> t = np.arange(0.0, 7200.0, 60.0)                   # two 1-h half cycles
    >>> i = np.where(t < 3600, 1e-4, -1e-4)                 # 0.1 mA on 1 cm2
    >>> seg = segment(CyclingData.from_arrays(t, 0.01 * np.sign(i), i), area_m2=1e-4)
    >>> np.round(seg.areal_capacity_C_m2 / 36000, 6).tolist()   # mAh/cm2 per half cycle
    [0.1, 0.1]
    """
    check_area(area_m2, "area_m2")
    check_area(final_area_m2, "final_area_m2", required=False)
    if protocol not in PROTOCOLS:
        raise InputError(f"unknown protocol {protocol!r}; expected one of "
                         f"{', '.join(PROTOCOLS)}", "protocol")
    active = validate_cycling(data)
    t = np.asarray(data.time_s, dtype=float)
    v_abs = np.abs(np.asarray(data.voltage_V, dtype=float))
    iset = np.asarray(data.set_current_A, dtype=float)
    n = t.size
    hc_rows = np.asarray(data.half_cycle)
    ramp_rows = (_ramp_rows(np.abs(iset), hc_rows, active, level_rel_tol,
                            3 if protocol == "ramp" else RAMP_MIN_ROWS)
                 if protocol in ("auto", "ramp") else np.zeros(n, dtype=bool))
    b = _segment_bounds(data, active, level_rel_tol, ramp_rows)
    starts, stops = b[:, 0], b[:, 1]
    n_samp = stops - starts
    last = stops - 1
    # time the segment ended: the next row's time, or one median step past the last sample
    dt_med = float(np.median(np.diff(t))) if n > 1 else 0.0
    end_t = np.where(stops < n, t[np.minimum(stops, n - 1)], t[last] + dt_med)
    # but a next row long after (a gap) would overstate the duration: cap at last + 1.5 steps
    seg_dt = np.where(n_samp > 1, (t[last] - t[starts]) / np.maximum(n_samp - 1, 1), dt_med)
    end_t = np.minimum(end_t, t[last] + 1.5 * seg_dt)
    duration = end_t - t[starts]
    # reduceat sums over contiguous row ranges; rows between segments (rests) are masked out
    vv = np.where(active, v_abs, 0.0)
    sum_v = np.add.reduceat(vv, starts)
    # reduceat over [starts[k], starts[k+1]) includes trailing inactive rows (zeros): fine
    mean_v = sum_v / n_samp
    max_v = np.maximum.reduceat(vv, starts)
    set_i = _segment_median(iset, starts, n_samp)
    # end-of-segment |V|: median of the last (up to) 3 samples
    lo = np.maximum(last - 2, starts)
    tail = np.stack([v_abs[lo], v_abs[np.maximum(last - 1, lo)], v_abs[last]], axis=1)
    end_v = np.median(tail, axis=1)
    abs_i = np.abs(set_i)
    is_ramp = ramp_rows[starts]
    i_ramp = abs_i
    if is_ramp.any():   # a ramp: its mean |I| for the charge, its highest |I| as its level
        ia = np.where(active, np.abs(iset), 0.0)
        i_mean = np.add.reduceat(ia, starts) / n_samp
        i_ramp = np.where(is_ramp, i_mean, abs_i)
        abs_i = np.where(is_ramp, np.maximum.reduceat(ia, starts), abs_i)
    j = abs_i / float(area_m2)
    jf = abs_i / float(final_area_m2) if final_area_m2 else np.full_like(j, np.nan)
    charge = i_ramp * duration
    cap = charge / float(area_m2)
    capf = charge / float(final_area_m2) if final_area_m2 else np.full_like(cap, np.nan)
    hc = np.asarray(data.half_cycle)[starts]
    # current steps: a new step where |I| changes between consecutive segments
    step_new = np.ones(starts.size, dtype=bool)
    step_new[1:] = np.abs(abs_i[1:] - abs_i[:-1]) > level_rel_tol * np.maximum(
        abs_i[1:], abs_i[:-1]
    )
    step_new[1:] |= is_ramp[1:] | is_ramp[:-1]     # every ramp half cycle is its own step
    step = np.cumsum(step_new) - 1
    step_j = j[step_new]
    ups = np.diff(step_j)
    ups = ups[ups > 0]
    step_size = float(np.median(ups)) if ups.size else 0.0
    lv = np.sort(step_j[~is_ramp[step_new]])
    n_levels = int(lv.size and 1 + np.count_nonzero(np.diff(lv) > level_rel_tol * lv[1:]))
    asr_j = i_ramp / float(area_m2)
    name = _name(data) or "data"
    proto, notes, pwarn = _recognise(protocol, bool(is_ramp.any()), n_levels,
                              _settings_levels(data), Path(name).name)
    if proto == "stepwise" and protocol == "stepwise" and n_levels < 2:
        raise _fail(data, "protocol stepwise was given but the set current never changes "
                    f"(one level, {abs(float(np.median(set_i))) * 1e3:.6g} mA); use protocol "
                    "constant_current (or auto)")
    if proto == "ramp" and not is_ramp.any():
        raise _fail(data, "protocol ramp was given but no half cycle has a current that "
                    "changes from row to row (a ramp needs 3 rows or more)")
    eis = []
    for s in getattr(data, "spectra", []) or []:
        eis.append(
            {
                "index": s.index,
                "after_half_cycle": s.after_half_cycle,
                "time_s": s.time_s,
                "n_points": len(s),
            }
        )
    return Segmentation(
        area_m2=float(area_m2),
        final_area_m2=None if final_area_m2 is None else float(final_area_m2),
        half_cycle=hc.astype(np.int64),
        step=step.astype(np.int64),
        sign=np.sign(set_i).astype(np.int64),
        start_row=starts.astype(np.int64),
        stop_row=stops.astype(np.int64),
        start_time_s=t[starts],
        end_time_s=end_t,
        duration_s=duration,
        n_samples=n_samp.astype(np.int64),
        set_current_A=set_i,
        current_density_A_m2=j,
        current_density_final_A_m2=jf,
        charge_C=charge,
        areal_capacity_C_m2=cap,
        areal_capacity_final_C_m2=capf,
        cumulative_areal_capacity_C_m2=np.cumsum(cap),
        mean_abs_voltage_V=mean_v,
        end_abs_voltage_V=end_v,
        max_abs_voltage_V=max_v,
        asr_Ohm_m2=mean_v / asr_j,
        end_asr_Ohm_m2=end_v / j,
        step_current_density_A_m2=step_j,
        step_size_A_m2=step_size,
        eis=eis,
        protocol=proto,
        protocol_notes=notes,
        protocol_warnings=pwarn,
        ramp=is_ramp,
    )
