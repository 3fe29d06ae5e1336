"""Per-segment scan of a CCD record: plateau, drops, dips, end-of-segment rise, limits.

One segment is one half cycle at one current (or one ramp half cycle), see
:mod:`semisolid.ccd.protocol`. :func:`scan_segment` judges the **ASR trace**
``y = f / j`` where ``f`` is the median-filtered ``|V|`` and ``j`` the current density of
each row, so that the same relative thresholds serve constant-current segments (where ``y``
is ``f`` up to a constant) and current ramps (where ``|V|`` grows with ``j``; there the
filter runs over the ASR, which is nearly flat). Levels are
**time-weighted medians**, so that densely sampled transients (EC-Lab records a point per
``dE``: thousands of rows during a nucleation peak) do not outweigh the plateau.

Rules (thresholds are fields of :class:`semisolid.ccd.detect.DetectorSettings`):

* the first ``transient_fraction`` of a segment's duration (the nucleation overpotential
  peak and the current switch) is left out of every level;
* **drop** (hard-short candidate): ``y`` falls below ``(1 - drop_fraction)`` x its running
  maximum, never comes back above ``(1 - drop_fraction / 2)`` x that maximum in the segment,
  and the median of ``y`` after the fall is below ``(1 - drop_fraction)`` x the plateau
  before it (time-weighted median since the transient; the previous segment's plateau when
  fewer than three samples lie between the transient and the fall). A fall inside the
  transient, or from a transient peak back to the plateau, fails these tests: the running
  maximum restarts there. A drop reached
  within ``max_drop_samples`` samples or ``max_drop_duration_s`` from a sample within
  ``settle_fraction`` of the plateau before it (or within ``max_drop_samples`` of the
  transient's end) is *sudden*; otherwise *gradual*;
* **dip** (soft-short event): ``y`` falls below both ``(1 - soft_dip_fraction)`` x the
  segment's plateau and the plateau minus ``soft_dip_sigmas`` noise standard deviations
  (robust: from the median absolute first difference), suddenly, and comes back above
  ``(1 - soft_dip_fraction / 2)`` x the plateau within the segment;
* **end rise** (void candidate): the median of the raw ``y`` over the last
  ``void_tail_fraction`` of the segment over the early plateau (median of the raw ``y`` over
  10-40 % of the duration; with fewer than three samples there, the median of that and
  the plateaus of the previous two segments, or of this one and the previous one). With
  fewer than three samples in that tail the end level is the higher of the last two
  samples, unless the other one sits on the plateau (from ``settle_fraction`` below to
  ``(void_end_rise_factor - 1) / 5`` above it): one high sample next to a plateau sample is
  an outlier, not a trend;
* **limit**: ``|V|`` reaching ``voltage_limit_V``;
* **current ratio**: where the record has a measured current, the median of
  ``|I_measured| / |I_set|`` over the second half of the segment.

Examples
--------
>>> import numpy as np
>>> from semisolid.ccd.detect import DetectorSettings
>>> t = np.arange(100.0)
>>> v = np.where(t < 60, 0.05, 0.001)                 # 50 mV, then a short at t = 60 s
>>> sc = scan_segment(v, t, 10.0, None, None, DetectorSettings())
>>> sc.hard[0], round(sc.level_V, 3)
(60, 0.05)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.ndimage import median_filter

__all__ = ["SegmentScan", "filtered", "scan_segment", "weighted_median"]

_MAX_RESTARTS = 200
_MAX_RUNS = 500


def filtered(v: np.ndarray, window: int) -> np.ndarray:
    """Median filter of `window` samples (odd), mirror edges; shrunk to ``n + 1`` samples
    for a segment of ``n < window`` samples, none below 3 samples.

    "mirror" (d c b | a b c d) rejects a spike on a segment's first or last sample like any
    other (a 5-sample window still does on 4 samples, where the mirrored neighbour counts
    twice); a real drop seen in the last sample only is recovered from the next segments.

    Examples
    --------
    >>> filtered(np.array([1.0, 1.0, 9.0, 1.0, 1.0, 1.0]), 5).tolist()
    [1.0, 1.0, 1.0, 1.0, 1.0, 1.0]
    >>> filtered(np.array([1.5, 1.0, 0.1, 1.0]), 5).tolist()     # an outlier on 4 samples
    [1.0, 1.0, 1.0, 1.0]
    """
    w = min(int(window), v.size + 1)
    if w % 2 == 0:
        w -= 1
    if w <= 1 or v.size < 3:
        return v.copy()
    return median_filter(v, size=w, mode="mirror")


def weighted_median(x: np.ndarray, w: np.ndarray) -> float:
    """Median of `x` with weights `w` (the lower of two middle values on a tie).

    Equal weights (to 10 %) take :func:`numpy.median`.

    Examples
    --------
    >>> weighted_median(np.array([1.0, 5.0, 2.0]), np.array([1.0, 1.0, 1.0]))
    2.0
    >>> weighted_median(np.array([1.0, 5.0, 2.0]), np.array([1.0, 10.0, 1.0]))
    5.0
    """
    if x.size == 0:
        return float("nan")
    if x.size == 1:
        return float(x[0])
    wmin, wmax = float(w.min()), float(w.max())
    if wmin > 0 and wmax <= 1.1 * wmin:
        return float(np.median(x))
    o = np.argsort(x, kind="stable")
    c = np.cumsum(w[o])
    k = int(np.searchsorted(c, 0.5 * c[-1]))
    return float(x[o[min(k, x.size - 1)]])


@dataclass
class SegmentScan:
    """What :func:`scan_segment` found in one segment (indices are sample offsets).

    Attributes
    ----------
    f, y : ndarray
        Median-filtered ``|V|`` and the ASR trace ``f / j``.
    s0 : int
        First sample after the initial transient.
    level, level_V : float
        Plateau: time-weighted median of ``y`` (and of ``f``) after the transient.
    early, end : float
        Early plateau (10-40 % of the duration) and end level (last ``void_tail_fraction``)
        of ``y``.
    sigma : float
        Robust noise standard deviation of the raw ``y``.
    hard : tuple or None
        ``(i, plateau_before, drop)`` of a sudden permanent drop.
    gradual : tuple or None
        ``(i, plateau_before, drop)`` of a slow permanent sink below the drop threshold.
    dips : list of tuple
        ``(i, depth)`` of sudden dips that recovered.
    limit_i, rise_i : int or None
        First sample at the voltage limit; first sample from which ``y`` stays at or above
        ``void_end_rise_factor`` x the early plateau.
    current_ratio : float or None
        Median ``|I_measured| / |I_set|`` over the second half (None without a measured
        current).
    """

    f: np.ndarray
    y: np.ndarray
    s0: int
    level: float
    level_V: float
    early: float
    end: float
    sigma: float
    hard: tuple[int, float, float] | None = None
    gradual: tuple[int, float, float] | None = None
    dips: list[tuple[int, float]] = field(default_factory=list)
    limit_i: int | None = None
    rise_i: int | None = None
    current_ratio: float | None = None


def _weights(t: np.ndarray) -> np.ndarray:
    """Time each sample stands for: the interval to the next sample (the last repeats)."""
    if t.size < 2:
        return np.ones_like(t)
    d = np.diff(t)
    return np.append(d, d[-1])


def _runs(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    d = np.diff(mask.astype(np.int8), prepend=np.int8(0), append=np.int8(0))
    return np.flatnonzero(d == 1)[:_MAX_RUNS], np.flatnonzero(d == -1)[:_MAX_RUNS]


def _drop(y: np.ndarray, f: np.ndarray, t: np.ndarray, w: np.ndarray, s0: int,
          prev_level: float | None, s: Any) -> tuple[str, int, float, float] | None:
    """The first permanent drop below ``(1 - drop_fraction)`` x the plateau (module rule)."""
    frac = s.drop_fraction
    n = y.size
    pos = 0
    for _ in range(_MAX_RESTARTS):
        if n - pos < 2:
            return None
        seg = y[pos:]
        pl = np.maximum.accumulate(seg)
        low = (seg < (1.0 - frac) * pl) & (np.maximum.accumulate(f[pos:]) > s.min_plateau_V)
        if not low.any():
            return None
        starts, _ = _runs(low)
        smax = np.maximum.accumulate(seg[::-1])[::-1]
        restart = None
        for i in starts.tolist():
            p = float(pl[i - 1])
            if not smax[i] < (1.0 - frac / 2.0) * p:
                continue                          # came back: a dip, not a drop
            gi = pos + i
            if gi < s0:                           # a transient relaxing: start again there
                restart = gi
                break
            if gi - s0 >= 3:
                pre = weighted_median(y[s0:gi], w[s0:gi])
            else:
                pre = prev_level if prev_level is not None and prev_level > 0 else p
            post = float(np.median(y[gi:]))
            if post < (1.0 - frac) * pre:
                # sudden: from a sample on the plateau before the fall within a few samples
                # (or within max_drop_samples of the transient's end)
                on = np.flatnonzero(y[:gi] >= (1.0 - s.settle_fraction) * pre)
                j = int(on[-1]) if on.size else -1
                sudden = gi - s0 <= s.max_drop_samples or (
                    j >= 0 and (gi - j <= s.max_drop_samples
                                or t[gi] - t[j] <= s.max_drop_duration_s))
                return ("hard" if sudden else "gradual", gi, pre, 1.0 - post / pre)
            restart = gi                          # a peak relaxing to the plateau
            break
        if restart is None:
            return None
        pos = restart
    return None


def _dips(y: np.ndarray, t: np.ndarray, s0: int, level: float, sigma_f: float, s: Any,
          stop: int) -> list[tuple[int, float]]:
    """Sudden dips below the plateau that recover within the segment (module rule)."""
    frac = s.soft_dip_fraction
    thr = min((1.0 - frac) * level, level - s.soft_dip_sigmas * sigma_f)
    if not np.isfinite(thr) or thr <= 0:
        return []
    seg = y[s0:stop]
    low = seg < thr
    if not low.any():
        return []
    starts, ends = _runs(low)
    high = seg >= (1.0 - s.settle_fraction) * level
    idx = np.arange(seg.size)
    last_high = np.maximum.accumulate(np.where(high, idx, -1))
    back = np.maximum.accumulate(seg[::-1])[::-1]
    out = []
    for i, e in zip(starts.tolist(), ends.tolist(), strict=True):
        if i == 0 or e >= seg.size or back[e] < (1.0 - frac / 2.0) * level:
            continue
        j = int(last_high[i - 1])
        if j < 0 or not (i - j <= s.max_drop_samples
                         or t[s0 + i] - t[s0 + j] <= s.max_drop_duration_s):
            continue
        out.append((s0 + i, 1.0 - float(seg[i:e].min()) / level))
    return out


def scan_segment(v: np.ndarray, t: np.ndarray, j: float | np.ndarray,
                 i_meas: np.ndarray | None, i_set: np.ndarray | None, s: Any,
                 prev_level: float | None = None,
                 prev2_level: float | None = None) -> SegmentScan:
    """Scan one segment (see the module docstring).

    Parameters
    ----------
    v : ndarray
        ``|V|`` of the segment's rows [V].
    t : ndarray
        Their times [s].
    j : float or ndarray
        Current density [A/m2]: one value, or one per row (a ramp).
    i_meas, i_set : ndarray or None
        Measured and set current of the rows [A] (for the current ratio).
    s : DetectorSettings
    prev_level, prev2_level : float, optional
        Plateau ASR of the previous two segments: the reference of a drop that comes less
        than three samples after the transient, and of the early plateau when fewer than
        three samples fall in its window (coarse records).

    Returns
    -------
    SegmentScan
    """
    n = v.size
    jj = np.asarray(j, dtype=float)
    raw = v / jj
    y = filtered(raw, s.median_window)     # the ASR trace (filtered as ASR: a ramp is flat)
    f = y * jj
    w = _weights(t)
    dur = float(t[-1] - t[0] + w[-1]) if n else 0.0
    rel = (t - t[0]) / dur if dur > 0 else np.zeros(n)
    s0 = int(np.searchsorted(rel, s.transient_fraction))
    if jj.ndim and jj.size == n:              # a ramp: judge where j is 10 % of its top
        s0 = max(s0, int(np.argmax(jj >= 0.1 * float(jj.max()))))
    if n - s0 < 2:
        s0 = 0
    level = weighted_median(y[s0:], w[s0:])
    level_V = (level * float(jj) if jj.ndim == 0
               else weighted_median(f[s0:], w[s0:]))
    sigma = 0.0
    if n >= 3:   # robust noise SD from first differences (at most 4096 of them)
        r = raw[s0:] if n - s0 >= 3 else raw
        i = np.arange(0, r.size - 1, max(1, (r.size - 1) // 4096))
        sigma = 1.4826 * float(np.median(np.abs(r[i + 1] - r[i]))) / np.sqrt(2.0)
    wf = max(1, min(int(s.median_window), n + 1) - (1 - min(int(s.median_window), n + 1) % 2))
    sigma_f = sigma * 1.2533 / np.sqrt(max(wf, 1))
    ew = (rel >= s.transient_fraction) & (rel < 0.4)
    ew[:s0] = False
    early = weighted_median(raw[ew], w[ew]) if ew.any() else float(raw[s0])
    if ew.sum() < 3:   # one or two samples: outvote an outlier with the plateau levels
        refs = [x for x in (prev_level, prev2_level) if x]
        early = float(np.median([early, *(refs if len(refs) == 2 else [level, *refs])]))
    tail = rel >= 1.0 - s.void_tail_fraction
    if tail.sum() >= 3:
        end = float(np.median(raw[tail]))
    else:   # coarse: the higher of the last two samples, unless the other sits on the plateau
        last2 = raw[-2:]
        end = float(last2.max())
        lo = float(last2.min())
        if n >= 2 and (1.0 - s.settle_fraction) * early <= lo < (
                1.0 + (s.void_end_rise_factor - 1.0) / 5.0) * early:
            end = lo
    sc = SegmentScan(f, y, s0, level, level_V, early, end, sigma)
    if n >= 2:
        d = _drop(y, f, t, w, s0, prev_level, s)
        if d is not None:
            kind, i, pre, drop = d
            if kind == "hard":
                sc.hard = (i, pre, drop)
            else:
                sc.gradual = (i, pre, drop)
        stop = sc.hard[0] if sc.hard is not None else n
        if level_V > s.min_plateau_V:
            sc.dips = _dips(y, t, s0, level, sigma_f, s, stop)
    if s.voltage_limit_V is not None:
        hit = v >= float(s.voltage_limit_V) * (1.0 - 1e-3)
        if hit.any():
            sc.limit_i = int(np.argmax(hit))
    if early > 0 and end >= s.void_end_rise_factor * early:
        thr = s.void_end_rise_factor * early
        smin = np.minimum.accumulate(raw[::-1])[::-1]
        ok = np.flatnonzero(smin[s0:] >= thr)
        sc.rise_i = int(s0 + ok[0]) if ok.size else n - 1
    if i_meas is not None and i_set is not None and n >= 2:
        half = slice(n // 2, n)
        im, is_ = np.abs(i_meas[half]), np.abs(i_set[half])
        ok = np.isfinite(im) & (is_ > 0)
        if ok.any():
            sc.current_ratio = float(np.median(im[ok] / is_[ok]))
    return sc
