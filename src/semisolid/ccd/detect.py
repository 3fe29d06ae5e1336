"""Short-circuit and open-circuit (void) detection in a stepwise galvanostatic test.

Rules (``shared/reference/echem_files_and_ccd_rules.md`` section 3; Park et al. 2021,
Fig. 3; Menkin et al., Faraday Discuss. 2023 for soft shorts). Every threshold is a field of
:class:`DetectorSettings`.

1. Each segment (one half cycle at one current, see :mod:`semisolid.ccd.protocol`) is
   median-filtered (``median_window`` samples) to reject noise spikes; a step change survives
   the filter, so a drop seen in a single sample of a coarse record is kept.
2. **Hard short**: the filtered ``|V|`` falls below ``(1 - drop_fraction)`` of the segment's
   own plateau (its running maximum), the fall is sudden (from within ``settle_fraction`` of
   the plateau in at most ``max_drop_samples`` samples or ``max_drop_duration_s``), never
   recovers above ``(1 - drop_fraction / 2)`` of the plateau in that segment, and the next
   segments behave like the short (their ASR stays below ``(1 - drop_fraction / 2)`` of
   the pre-short ASR: a resistor, ``|V|`` proportional to ``j``). If the record ends in that
   segment, ``min_persist_samples`` low samples suffice. A cell whose ASR collapses between
   segments (short during a rest or at the current switch) is caught the same way, the
   onset being the segment's first sample.
3. **Soft short**: a sudden dip below ``(1 - soft_dip_fraction)`` of the plateau that
   recovers (in the segment, or in the next segments) is flagged, not counted. A slow sink
   below the hard threshold is flagged ``"gradual"``.
4. **Open circuit (void)**: in a segment, ``max|V| >= rise_factor`` x its early plateau, or
   ``|V|`` reaching ``voltage_limit_V``, or the early ASR reaching ``asr_rise_factor`` x the
   first segments' ASR, repeated within the next ``void_confirm_window`` segments (or the
   record ends). The paper's Li/LLZTO/Li cells fail so above ~1 mA/cm2.
5. **EIS**, when the record carries spectra: a spectrum collapsed to a point confirms a short
   (or finds one the voltage missed); a rise of the interfacial resistance by
   ``eis_rise_factor`` supports an open circuit. See :mod:`semisolid.eis.diagnose`.

The CCD is the current density of the segment at the onset; the last stable current density
is the step before (uncertainty: one step). The earliest failure wins.

Examples
--------
>>> import numpy as np
>>> from semisolid.io.data import CyclingData
>>> j = np.repeat(np.arange(1, 7) * 0.5, 2) * 10.0        # A/m2: 0.5, 0.5, 1.0, ... mA/cm2
>>> sign = np.tile([1.0, -1.0], 6)
>>> t = np.arange(12 * 50) * 10.0                          # 50 samples per half cycle
>>> i = np.repeat(sign * j * 1e-4, 50)                     # 1 cm2 electrode
>>> v = i * 30.0                                           # 30 Ohm cell ...
>>> v[9 * 50 + 20:] = i[9 * 50 + 20:] * 1.0                # ... shorts to 1 Ohm at 2.5 mA/cm2
>>> r = detect(CyclingData.from_arrays(t, v, i), area_m2=1e-4)
>>> r.failure, r.ccd_mA_cm2, r.last_stable_mA_cm2, r.step_mA_cm2, r.onset_time_s
('short', 2.5, 2.0, 0.5, 4700.0)
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from scipy.ndimage import median_filter

from semisolid.ccd.protocol import Segmentation, segment
from semisolid.ccd.result import CCDResult, ShortEvent
from semisolid.errors import InputError

__all__ = ["DetectorSettings", "detect"]


@dataclass(frozen=True)
class DetectorSettings:
    """Named thresholds of the detector, with their defaults.

    Attributes
    ----------
    median_window : int
        Median-filter window [samples] (odd; shrunk for short segments). Default 5.
    drop_fraction : float
        Hard short: ``|V|`` below ``(1 - drop_fraction)`` x plateau. Default 0.5.
    settle_fraction : float
        ``|V|`` within this fraction of the plateau counts as "on the plateau". Default 0.2.
    max_drop_samples : int
        A drop is sudden if it takes at most this many samples ... Default 3.
    max_drop_duration_s : float
        ... or at most this long [s]. Default 60 s.
    min_persist_samples : int
        Low samples needed when no later segment can confirm the short. Default 2.
    confirm_segments : int
        Later segments checked for resistor-like behaviour (all must stay low). Default 4.
    soft_dip_fraction : float
        Soft short: dip below ``(1 - soft_dip_fraction)`` x plateau that recovers. Default 0.2.
    min_plateau_V : float
        Plateaus below this are too small to judge [V]. Default 1 mV.
    rise_factor : float
        Open circuit: ``max|V|`` / early plateau within a segment. Default 3.
    asr_rise_factor : float
        Open circuit: early ASR / ASR of the first two segments. Default 3.
    voltage_limit_V : float or None
        The instrument's voltage limit; reaching it counts as a void signature. Default None.
    void_confirm_window : int
        A void signature must repeat within this many later segments. Default 2.
    eis_short_ratio : float
        Collapsed spectrum: real part below this fraction of the first spectrum's
        high-frequency resistance. Default 0.2.
    eis_flat_ratio : float
        Collapsed spectrum: ``max|Z| / min|Z|`` at most this. Default 1.5.
    eis_max_phase_deg : float
        Collapsed spectrum: ``|phase|`` at most this everywhere [deg]. Default 10.
    eis_rise_factor : float
        Impedance rise: interfacial resistance / the first spectrum's. Default 3.

    Examples
    --------
    >>> s = DetectorSettings(drop_fraction=0.6)
    >>> s.drop_fraction, len(s.key())
    (0.6, 16)
    >>> DetectorSettings(drop_fraction=1.5)
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: drop_fraction: 1.5 must be in (0, 1)
    """

    median_window: int = 5
    drop_fraction: float = 0.5
    settle_fraction: float = 0.2
    max_drop_samples: int = 3
    max_drop_duration_s: float = 60.0
    min_persist_samples: int = 2
    confirm_segments: int = 4
    soft_dip_fraction: float = 0.2
    min_plateau_V: float = 1e-3
    rise_factor: float = 3.0
    asr_rise_factor: float = 3.0
    voltage_limit_V: float | None = None
    void_confirm_window: int = 2
    eis_short_ratio: float = 0.2
    eis_flat_ratio: float = 1.5
    eis_max_phase_deg: float = 10.0
    eis_rise_factor: float = 3.0

    def __post_init__(self) -> None:
        for name in ("drop_fraction", "settle_fraction", "soft_dip_fraction", "eis_short_ratio"):
            x = getattr(self, name)
            if not (0.0 < float(x) < 1.0):
                raise InputError(f"{x!r} must be in (0, 1)", field=name)
        for name in ("median_window", "max_drop_samples", "min_persist_samples",
                     "confirm_segments", "void_confirm_window"):
            x = getattr(self, name)
            if int(x) != x or x < 1:
                raise InputError(f"{x!r} must be a positive integer", field=name)
        for name in ("rise_factor", "asr_rise_factor", "eis_flat_ratio", "eis_rise_factor"):
            x = getattr(self, name)
            if not float(x) > 1.0:
                raise InputError(f"{x!r} must be a number > 1", field=name)
        for name in ("max_drop_duration_s", "min_plateau_V", "eis_max_phase_deg"):
            x = getattr(self, name)
            if not float(x) >= 0.0:
                raise InputError(f"{x!r} must be >= 0", field=name)
        if self.voltage_limit_V is not None and not float(self.voltage_limit_V) > 0:
            raise InputError(f"{self.voltage_limit_V!r} must be > 0 V", field="voltage_limit_V")

    def to_dict(self) -> dict[str, Any]:
        """Plain dict."""
        return asdict(self)

    def key(self) -> str:
        """A short stable hash of the settings (the catalog keys results on it)."""
        text = json.dumps(self.to_dict(), sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def _filtered(v: np.ndarray, window: int) -> np.ndarray:
    w = min(int(window), v.size)
    if w % 2 == 0:
        w -= 1
    if w <= 1:
        return v.copy()
    # "mirror" (d c b | a b c d) so that a spike on a segment's first or last sample is
    # rejected like any other; a real drop seen in the last sample only is recovered from
    # the next segments (see detect)
    return median_filter(v, size=w, mode="mirror")


@dataclass
class _Scan:
    """Per-segment findings (private)."""

    f: np.ndarray
    hard_i: int | None  # first low sample of a permanent sudden drop
    hard_plateau: float
    hard_persist: int
    events: list[tuple[str, int, float, bool, str]]  # kind, i, depth, recovered, note
    early: float  # early plateau |V|
    median: float
    rise: float  # max f / early
    rise_i: int | None
    limit_i: int | None


def _dips(f: np.ndarray, t: np.ndarray, frac: float, s: DetectorSettings):
    """Runs where f falls below (1 - frac) x running max: yield (i, end, p, sudden, perm)."""
    n = f.size
    plateau = np.maximum.accumulate(f)
    low = (f < (1.0 - frac) * plateau) & (plateau > s.min_plateau_V)
    if not low.any():
        return
    d = np.diff(low.astype(np.int8), prepend=np.int8(0), append=np.int8(0))
    starts = np.flatnonzero(d == 1)
    ends = np.flatnonzero(d == -1)
    idx = np.arange(n)
    high = f >= (1.0 - s.settle_fraction) * plateau
    last_high = np.maximum.accumulate(np.where(high, idx, -1))
    smax = np.maximum.accumulate(f[::-1])[::-1]
    for i, e in zip(starts[:200], ends[:200], strict=False):
        p = float(plateau[i - 1])
        j = int(last_high[i - 1])
        sudden = j >= 0 and (i - j <= s.max_drop_samples or t[i] - t[j] <= s.max_drop_duration_s)
        permanent = bool(smax[i] < (1.0 - frac / 2.0) * p)
        depth = 1.0 - float(f[i:e].min()) / p
        yield int(i), int(e), p, bool(sudden), permanent, depth


def _scan(v: np.ndarray, t: np.ndarray, s: DetectorSettings) -> _Scan:
    f = _filtered(v, s.median_window)
    n = f.size
    events: list[tuple[str, int, float, bool, str]] = []
    hard_i = None
    hard_p = float("nan")
    hard_persist = 0
    for i, _e, p, sudden, permanent, depth in _dips(f, t, s.drop_fraction, s):
        if permanent and sudden:
            hard_i, hard_p, hard_persist = i, p, n - i
            break
        if permanent and not sudden:
            events.append(("gradual", i, depth, False,
                           f"|V| sank slowly to {100 * (1 - depth):.0f}% of its plateau"))
            break
    for i, _e, _p, sudden, permanent, depth in _dips(f, t, s.soft_dip_fraction, s):
        if hard_i is not None and i >= hard_i:
            break
        if sudden and not permanent:
            events.append(("soft", i, depth, True,
                           f"|V| dipped by {100 * depth:.0f}% and recovered"))
    a = max(1, n // 10)
    b = max(a + 1, (4 * n) // 10)
    early = float(np.median(f[a:b])) if n >= 5 else float(np.median(f))
    med = float(np.median(f))
    fmax = float(f.max())
    rise = fmax / early if early > 0 else 1.0
    rise_i = None
    if early > s.min_plateau_V and rise >= s.rise_factor:
        rise_i = int(np.argmax(f >= s.rise_factor * early))
    limit_i = None
    if s.voltage_limit_V is not None:
        hit = v >= float(s.voltage_limit_V) * (1.0 - 1e-3)
        if hit.any():
            limit_i = int(np.argmax(hit))
    return _Scan(f, hard_i, hard_p, hard_persist, events, early, med, rise, rise_i, limit_i)


def detect(
    data: Any,
    area_m2: float | None,
    final_area_m2: float | None = None,
    settings: DetectorSettings | None = None,
) -> CCDResult:
    """Find the critical current density and the failure mode of a symmetric-cell test.

    Parameters
    ----------
    data : CyclingData
        The galvanostatic record; its ``spectra`` (if any) are used as EIS evidence.
    area_m2 : float
        Nominal electrode area [m2] (required).
    final_area_m2 : float, optional
        Final measured electrode area [m2]; CCD and capacities are also reported on it.
    settings : DetectorSettings, optional
        Thresholds (defaults documented on the class).

    Returns
    -------
    CCDResult

    Raises
    ------
    InputError, FileFormatError
        Missing area or a record that is not a galvanostatic test (named in the message).

    Examples
    --------
    >>> import numpy as np
    >>> from semisolid.io.data import CyclingData
    >>> t = np.arange(400) * 30.0
    >>> i = np.repeat([1e-4, -1e-4] * 2, 100)                 # 0.1 mA, constant
    >>> r = detect(CyclingData.from_arrays(t, 25.0 * i, i), area_m2=1e-4)
    >>> r.failure, r.ccd_mA_cm2, r.last_stable_mA_cm2, r.half_cycles
    ('none', None, 0.1, 4)
    """
    s = settings or DetectorSettings()
    seg = segment(data, area_m2, final_area_m2)
    t_all = np.asarray(data.time_s, dtype=float)
    v_all = np.abs(np.asarray(data.voltage_V, dtype=float))
    nseg = len(seg)
    j = seg.current_density_A_m2
    scans = [
        _scan(v_all[a:b], t_all[a:b], s)
        for a, b in zip(seg.start_row.tolist(), seg.stop_row.tolist(), strict=True)
    ]
    med_asr = np.array([sc.median for sc in scans]) / j
    early_asr = np.array([sc.early for sc in scans]) / j
    events: list[ShortEvent] = []
    evidence: list[str] = []

    def t_of(k: int, i: int) -> float:
        return float(t_all[seg.start_row[k] + i])

    for k, sc in enumerate(scans):
        for kind, i, depth, rec, note in sc.events:
            events.append(ShortEvent(kind, k, int(seg.half_cycle[k]), t_of(k, i), depth, rec,
                                     note))

    # --- hard short (within a segment, or a collapse between segments) -----------------
    short_k: int | None = None
    short_i = 0
    lo_frac = 1.0 - s.drop_fraction / 2.0
    for k, sc in enumerate(scans):
        later = med_asr[k + 1 : k + 1 + s.confirm_segments]
        if sc.hard_i is not None:
            pre_asr = sc.hard_plateau / j[k]
            if later.size:
                ok = bool(np.all(later < lo_frac * pre_asr))
            else:
                ok = sc.hard_persist >= s.min_persist_samples
            drop = 1.0 - float(np.median(sc.f[sc.hard_i :])) / sc.hard_plateau
            if ok:
                short_k, short_i = k, sc.hard_i
                r_after = later.size and float(np.median(later)) * 1e4
                evidence.append(
                    f"|V| fell by {100 * drop:.0f}% of its plateau at t={t_of(k, sc.hard_i):g} s "
                    f"(half cycle {seg.half_cycle[k]}, {j[k] * 0.1:g} mA/cm2) and stayed low"
                    + (
                        f"; the next {later.size} segment(s) behave like a resistor of "
                        f"{r_after:.3g} Ohm cm2 (was {pre_asr * 1e4:.3g})"
                        if later.size
                        else "; the record ends in that segment"
                    )
                )
                events.append(ShortEvent("hard", k, int(seg.half_cycle[k]), t_of(k, sc.hard_i),
                                         drop, False, "sudden, permanent drop of |V|"))
                break
            events.append(ShortEvent("soft", k, int(seg.half_cycle[k]), t_of(k, sc.hard_i),
                                     drop, True,
                                     "|V| dropped for the rest of the segment but the next "
                                     "segments recovered"))
        if k >= 1:
            prev = med_asr[max(0, k - 2) : k]
            ref = float(prev.max())
            if (med_asr[k] < (1.0 - s.drop_fraction) * ref and scans[k].median > 0
                    and np.all(later < lo_frac * ref)
                    and (later.size or sc.f.size >= s.min_persist_samples)):
                short_k, short_i = k, 0
                # a drop seen only in the last raw sample(s) of the previous segment (coarse
                # sampling: the median filter takes a single sample for a spike)
                pv = v_all[seg.start_row[k - 1] : seg.stop_row[k - 1]]
                low_tail = pv < (1.0 - s.drop_fraction) * scans[k - 1].median
                m_tail = int(np.argmin(low_tail[::-1])) if not low_tail.all() else 0
                if 0 < m_tail < pv.size:
                    short_k, short_i = k - 1, pv.size - m_tail
                    evidence.append(
                        f"|V| fell below {100 * (1 - s.drop_fraction):.0f}% of its plateau in "
                        f"the last {m_tail} sample(s) of half cycle {seg.half_cycle[k - 1]} "
                        f"({j[k - 1] * 0.1:g} mA/cm2) and the ASR stayed collapsed at "
                        f"{med_asr[k] * 1e4:.3g} Ohm cm2 (was {ref * 1e4:.3g}) afterwards"
                    )
                else:
                    evidence.append(
                        f"ASR collapsed from {ref * 1e4:.3g} to {med_asr[k] * 1e4:.3g} Ohm cm2 "
                        f"between segments (half cycle {seg.half_cycle[k]}, "
                        f"{j[k] * 0.1:g} mA/cm2) and stayed low"
                    )
                events.append(ShortEvent("hard", short_k, int(seg.half_cycle[short_k]),
                                         t_of(short_k, short_i), 1.0 - med_asr[k] / ref, False,
                                         "ASR collapse"))
                break

    # --- open circuit (void) -----------------------------------------------------------
    base = float(np.min(early_asr[: min(2, nseg)]))
    sig = np.zeros(nseg, dtype=bool)
    sig_i = np.zeros(nseg, dtype=np.int64)
    why: list[str] = [""] * nseg
    for k, sc in enumerate(scans):
        if sc.limit_i is not None:
            sig[k], sig_i[k] = True, sc.limit_i
            why[k] = f"|V| reached the voltage limit {s.voltage_limit_V:g} V"
        elif sc.rise_i is not None:
            sig[k], sig_i[k] = True, sc.rise_i
            why[k] = f"|V| rose to {sc.rise:.2g}x its early plateau"
        elif k >= 2 and base > 0 and early_asr[k] >= s.asr_rise_factor * base:
            sig[k], sig_i[k] = True, 0
            why[k] = f"ASR rose to {early_asr[k] / base:.2g}x its initial value"
    void_k: int | None = None
    for k in np.flatnonzero(sig).tolist():
        nxt = sig[k + 1 : k + 1 + s.void_confirm_window]
        if short_k is not None and k >= short_k:
            break
        if nxt.size == 0 or nxt.any():
            void_k = k
            evidence.append(
                f"{why[k]} in half cycle {seg.half_cycle[k]} ({j[k] * 0.1:g} mA/cm2), "
                + ("repeated in the next segments" if nxt.size else "at the end of the record")
            )
            events.append(ShortEvent("void", k, int(seg.half_cycle[k]), t_of(k, int(sig_i[k])),
                                     scans[k].rise, False, why[k]))
            break

    # --- EIS evidence ------------------------------------------------------------------
    eis_rows: list[dict[str, Any]] = []
    spectra = list(getattr(data, "spectra", []) or [])
    if spectra:
        from semisolid.eis.diagnose import diagnose_series

        diag = diagnose_series(
            spectra,
            short_ratio=s.eis_short_ratio,
            flat_ratio=s.eis_flat_ratio,
            max_phase_deg=s.eis_max_phase_deg,
            rise_factor=s.eis_rise_factor,
        )
        eis_rows = [d.to_dict() for d in diag]
        collapsed = [d for d in diag if d.collapsed]
        if collapsed:
            first = collapsed[0]
            later_ok = all(d.collapsed for d in diag if d.index > first.index)
            ahc = first.after_half_cycle
            if short_k is not None and (ahc is None or ahc >= seg.half_cycle[short_k]):
                evidence.append(f"confirmed by EIS: spectrum {first.index} collapsed to a point "
                                f"({first.note})")
            elif short_k is None and later_ok and ahc is not None:
                ks = np.flatnonzero(seg.half_cycle <= ahc)
                if ks.size:
                    short_k = int(ks[-1])
                    short_i = int(seg.n_samples[short_k]) - 1
                    evidence.append(
                        f"EIS only: spectrum {first.index} (after half cycle {ahc}) collapsed "
                        f"to a point ({first.note}); the voltage showed no clear drop"
                    )
        risen = [d for d in diag if d.impedance_rise]
        if risen:
            first = risen[0]
            evidence.append(f"EIS: interfacial resistance rose {first.rise_ratio:.2g}x by "
                            f"spectrum {first.index}")
            ahc = first.after_half_cycle
            if void_k is None and short_k is None and ahc is not None:
                ks = np.flatnonzero(seg.half_cycle <= ahc)
                if ks.size:
                    void_k = int(ks[-1])
                    sig_i[void_k] = int(seg.n_samples[void_k]) - 1

    # --- decide --------------------------------------------------------------------------
    onset_k: int | None = None
    onset_i = 0
    failure = "none"
    t_short = t_of(short_k, short_i) if short_k is not None else np.inf
    t_void = t_of(void_k, int(sig_i[void_k])) if void_k is not None else np.inf
    if short_k is not None and t_short <= t_void:
        failure, onset_k, onset_i = "short", short_k, short_i
    elif void_k is not None:
        failure, onset_k, onset_i = "open_circuit", void_k, int(sig_i[void_k])
    if failure == "none":
        evidence.append("no sudden permanent drop of |V|, no void signature"
                        + (", no collapsed spectrum" if spectra else ""))
    events.sort(key=lambda e: e.time_s)
    return _result(data, seg, s, failure, onset_k, onset_i, events, evidence, eis_rows)


def _result(data: Any, seg: Segmentation, s: DetectorSettings, failure: str, k: int | None,
            i: int, events: list[ShortEvent], evidence: list[str],
            eis_rows: list[dict[str, Any]]) -> CCDResult:
    j = seg.current_density_A_m2
    jf = seg.current_density_final_A_m2
    final = seg.final_area_m2 is not None
    cap_final = None
    if final:
        cap_final = seg.protocol_areal_capacity_C_m2 * seg.area_m2 / seg.final_area_m2
    if k is None:
        last = float(np.max(j))
        return CCDResult(
            file=getattr(data.metadata, "source_file", None), failure="none", ccd_A_m2=None,
            ccd_final_A_m2=None, last_stable_A_m2=last,
            last_stable_final_A_m2=float(np.max(jf)) if final else None,
            step_size_A_m2=seg.step_size_A_m2, onset_time_s=None, onset_segment=None,
            onset_half_cycle=None, onset_step=None, onset_current_sign=None,
            cumulative_capacity_C_m2=float(seg.cumulative_areal_capacity_C_m2[-1]),
            areal_capacity_C_m2=seg.protocol_areal_capacity_C_m2,
            areal_capacity_final_C_m2=cap_final, half_cycles=seg.n_half_cycles,
            events=events, evidence=evidence, eis=eis_rows, segments=seg, settings=s.to_dict(),
        )
    t0 = float(np.asarray(data.time_s)[seg.start_row[k] + i])
    step_k = int(seg.step[k])
    before = np.flatnonzero(seg.step < step_k)
    last = float(j[before].max()) if before.size else None
    lastf = float(jf[before].max()) if (before.size and final) else None
    cum_before = float(seg.cumulative_areal_capacity_C_m2[k] - seg.areal_capacity_C_m2[k])
    cum = cum_before + j[k] * (t0 - float(seg.start_time_s[k]))
    return CCDResult(
        file=getattr(data.metadata, "source_file", None), failure=failure,
        ccd_A_m2=float(j[k]), ccd_final_A_m2=float(jf[k]) if final else None,
        last_stable_A_m2=last, last_stable_final_A_m2=lastf,
        step_size_A_m2=seg.step_size_A_m2, onset_time_s=t0, onset_segment=int(k),
        onset_half_cycle=int(seg.half_cycle[k]), onset_step=step_k,
        onset_current_sign=int(seg.sign[k]), cumulative_capacity_C_m2=float(cum),
        areal_capacity_C_m2=seg.protocol_areal_capacity_C_m2,
        areal_capacity_final_C_m2=cap_final, half_cycles=seg.n_half_cycles, events=events,
        evidence=evidence, eis=eis_rows, segments=seg, settings=s.to_dict(),
    )
