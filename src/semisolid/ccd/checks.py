"""Plausibility checks of a CCD analysis: nothing assumed silently.

:func:`plausibility` returns the warnings that travel with a result (printed, kept in the
JSON and stored in the catalog) and the notes (facts that are not problems):

* every warning of the reader (``metadata.warnings``: unitless columns read as SI, a set
  current derived from the measured current, empty fields, ...);
* the protocol's disagreements with the file's settings, or with a forced protocol;
* an electrode area that differs from the file header's by more than
  :data:`AREA_TOLERANCE` (20 %), with both values (EC-Lab's ``0.001 cm2`` placeholder is
  only a note);
* a cell whose voltage does not change sign with the current (not a symmetric
  ``M | SE | M`` cell: a full cell at 3 V has no meaningful "ASR");
* a plateau ``|V|`` above :data:`MAX_POLARIZATION_V`, a current density outside
  :data:`CURRENT_DENSITY_RANGE_MA_CM2`, an ASR above :data:`MAX_ASR_OHM_CM2` and half cycles
  shorter than :data:`MIN_HALF_CYCLE_S` (often a time column in hours read as seconds).

Examples
--------
>>> import numpy as np
>>> from semisolid.io.data import CyclingData
>>> from semisolid.ccd import detect
>>> t = np.arange(200) * 60.0
>>> i = np.repeat([1e-4, -1e-4], 100)
>>> full_cell = CyclingData.from_arrays(t, 3.7 + 10 * i, i)      # 3.7 V, never reverses
>>> r = detect(full_cell, area_m2=1e-4)
>>> any("symmetric" in w for w in r.warnings)
True
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["AREA_TOLERANCE", "CURRENT_DENSITY_RANGE_MA_CM2", "MAX_ASR_OHM_CM2",
           "MAX_POLARIZATION_V", "MIN_HALF_CYCLE_S", "plausibility"]

AREA_TOLERANCE = 0.2
"""Relative difference between the given electrode area and the header's that is warned."""

MAX_POLARIZATION_V = 1.0
"""Plateau ``|V|`` above this in a symmetric metal cell is implausible [V]."""

CURRENT_DENSITY_RANGE_MA_CM2 = (1e-4, 100.0)
"""Current densities outside this range are implausible for a metal electrode [mA/cm2]."""

MAX_ASR_OHM_CM2 = 1e4
"""An ASR above this is implausible for a working symmetric cell [Ohm cm2]."""

MIN_HALF_CYCLE_S = 10.0
"""Half cycles shorter than this (median) are implausible for a CCD test [s]."""

_PLACEHOLDER_AREA_M2 = 1e-7   # EC-Lab's default 0.001 cm2


def _area(md: Any, seg: Any, name: str) -> tuple[list[str], list[str]]:
    hdr = getattr(md, "header_area_m2", None)
    if hdr is None or not np.isfinite(hdr) or hdr <= 0:
        return [], []
    text = getattr(md, "header_area_text", None) or f"{hdr * 1e4:.6g} cm2"
    given = seg.area_m2
    if abs(hdr - _PLACEHOLDER_AREA_M2) <= 1e-3 * _PLACEHOLDER_AREA_M2:
        return [], [f"{name}: the header's electrode area {text} is EC-Lab's placeholder; "
                    f"the area given ({given * 1e4:.6g} cm2) is used"]
    if abs(given - hdr) > AREA_TOLERANCE * hdr:
        return [f"{name}: the electrode area given ({given * 1e4:.6g} cm2) differs from the "
                f"file header's {text} by a factor {given / hdr:.3g}; current densities, ASR "
                "and capacities use the area given"], []
    return [], []


def _symmetric(data: Any, seg: Any, name: str) -> list[str]:
    v = np.asarray(data.voltage_V, dtype=float)
    out = []
    rows = np.zeros(v.size, dtype=bool)   # mean signed voltage of each segment
    sums = np.add.reduceat(v, seg.start_row) if len(seg) else np.zeros(0)
    ends = np.append(seg.start_row[1:], v.size)
    if np.any(ends != seg.stop_row):       # rows between segments: mask them out
        for a, b in zip(seg.start_row.tolist(), seg.stop_row.tolist(), strict=True):
            rows[a:b] = True
        sums = np.add.reduceat(np.where(rows, v, 0.0), seg.start_row)
    med = sums / seg.n_samples
    pos, neg = med[seg.sign > 0], med[seg.sign < 0]
    if pos.size and neg.size:
        mp, mn = float(np.median(pos)), float(np.median(neg))
        if not (mp > 0 > mn):
            out.append(f"{name}: the cell voltage does not change sign with the current "
                       f"({mp:+.4g} V while the current is positive, {mn:+.4g} V while "
                       "negative, medians of the segments' means): this does not look like a "
                       "symmetric M|SE|M cell, and the ASR, CCD and failure rules assume one")
    return out


def plausibility(data: Any, seg: Any, result: Any) -> tuple[list[str], list[str]]:
    """Warnings and notes of a CCD analysis (see the module docstring).

    Parameters
    ----------
    data : CyclingData
    seg : Segmentation
    result : CCDResult

    Returns
    -------
    (list of str, list of str)
        The warnings, then the notes.

    Examples
    --------
    >>> import numpy as np
    >>> from semisolid.io.data import CyclingData, ReaderMetadata
    >>> from semisolid.ccd import detect
    >>> i = np.repeat([1e-4, -1e-4], 50)
    >>> md = ReaderMetadata(source_file="k.mpt", header_area_m2=0.4004e-4)
    >>> rec = CyclingData.from_arrays(np.arange(100) * 60.0, 100 * i, i, metadata=md)
    >>> r = detect(rec, area_m2=0.04e-4)                             # 4 mm2, 10x too small
    >>> print([w for w in r.warnings if "area" in w][0])
    k.mpt: the electrode area given (0.04 cm2) differs from the file header's 0.4004 cm2 by a
    factor 0.0999; current densities, ASR and capacities use the area given
    """
    md = getattr(data, "metadata", None)
    name = Path(getattr(md, "source_file", None) or "data").name
    warnings = [str(w) for w in (getattr(md, "warnings", None) or [])]
    warnings += list(seg.protocol_warnings)
    notes = list(seg.protocol_notes)
    w, n = _area(md, seg, name)
    warnings += w
    notes += n
    warnings += _symmetric(data, seg, name)
    vmax = float(np.max(seg.max_abs_voltage_V))
    med_abs = float(np.median(seg.mean_abs_voltage_V))
    if med_abs > MAX_POLARIZATION_V:
        warnings.append(f"{name}: the plateau |V| is {med_abs:.3g} V (median over the "
                        f"segments; up to {vmax:.3g} V), implausible for a symmetric metal "
                        f"cell (above {MAX_POLARIZATION_V:g} V): check the cell and the "
                        "voltage column")
    j = seg.current_density_A_m2 * 0.1
    lo, hi = CURRENT_DENSITY_RANGE_MA_CM2
    if float(j.max()) > hi or float(j.max()) < lo:
        warnings.append(f"{name}: current densities up to {float(j.max()):.4g} mA/cm2 are "
                        f"implausible (expected {lo:g} to {hi:g} mA/cm2): check the area and "
                        "the current unit")
    elif result.onset_current_density_A_m2 is not None:
        jo = result.onset_current_density_A_m2 * 0.1
        if not lo <= jo <= hi:
            warnings.append(f"{name}: the failure current density {jo:.4g} mA/cm2 is "
                            "implausible: check the area and the current unit")
    asr = seg.asr_Ohm_m2 * 1e4
    if np.nanmedian(asr) > MAX_ASR_OHM_CM2:
        warnings.append(f"{name}: the ASR is {float(np.nanmedian(asr)):.3g} Ohm cm2 (median), "
                        f"implausible for a working symmetric cell (above "
                        f"{MAX_ASR_OHM_CM2:g}): check the cell, the area and the units")
    dur = float(np.median(seg.duration_s))
    if len(seg) >= 2 and dur < MIN_HALF_CYCLE_S:
        warnings.append(f"{name}: half cycles last {dur:.3g} s (median), implausibly short "
                        "for a CCD test: is the time column in hours or minutes but read as "
                        "seconds?")
    return warnings, notes
