"""Failure signatures of a symmetric-cell test: hard, in-half-cycle, progressive and soft
shorts, stripping voids and open circuit.

Rules (Park et al. 2021, Fig. 3; Menkin et al., Faraday Discuss. 2023 for soft shorts; the
K-beta''-alumina work of 2022 for separate plating and stripping limits). Every threshold is a
field of :class:`DetectorSettings`; the per-segment rules are in :mod:`semisolid.ccd.scan`.

1. **Hard short** (signature ``"hard short"``): within a segment, the ASR trace falls
   suddenly below ``(1 - drop_fraction)`` of its plateau and stays there, and the next
   ``confirm_segments`` segments behave like the short (their plateau ASR stays below
   ``(1 - drop_fraction / 2)`` x the ASR before the fall: a resistor, ``|V|`` proportional
   to ``j``); if the record ends in that segment, ``min_persist_samples`` low samples
   suffice. A fall that the next segments do not confirm is a soft-short event.
2. **Short between half cycles** (``"short between half cycles"``): the plateau of a
   segment is below ``(1 - drop_fraction)`` x that of the two before (``|V|`` compared with
   a segment at no higher current, the ASR with one at a higher current: neither can fall
   in a passive cell), the segment before was on the plateau (within ``settle_fraction``:
   a collapse, not a progressive fall) and the ASR stays low (short during a rest or at the
   current switch). When the last raw
   sample(s) of the previous segment are already that low (below the geometric mean of the
   plateau and the collapsed level: a coarse record seeing the short in its last sample; a
   single x0.1 outlier is not), the onset is the first of them; when the first (up to
   ``max_drop_samples``) raw samples of the segment are still above it (the median filter
   hid them), the onset is the first low one; both count as ``"hard short"``.
3. **Progressive soft short** (``"progressive soft short"``): the plateau ``|V|`` of a
   segment falls below ``(1 - progressive_fraction)`` x the highest plateau of the earlier
   segments at a current density no higher (a passive cell's polarization never falls when
   the current does not), and the ASR stays below ``(1 - progressive_fraction / 2)`` x that
   segment's ASR for the next ``confirm_segments`` segments. The onset is the first half
   cycle past the threshold. With a parallel resistance the falling ``|V|`` means that
   about ``progressive_fraction`` of the current bypasses the interfaces. Interface
   conditioning that halves the polarization at a constant current looks the same: the
   evidence says which segments were compared.
4. **Soft-short events** (flagged, never counted as the failure): sudden dips that recover
   (see :mod:`semisolid.ccd.scan`) and falls that the next segments do not confirm;
   ``"gradual"`` for a slow permanent sink below the hard threshold. They are counted
   before the failure onset and after it separately.
5. **Open circuit / stripping void** (failure ``"open_circuit"``), a signature repeated
   within the next ``void_confirm_window`` segments, or, in the last segment, a strong one
   (voltage limit, current collapse or an end rise of ``rise_factor``):
   ``"stripping void"``: the end-of-segment ``|V|`` (last ``void_tail_fraction`` of the
   half cycle) reaches ``void_end_rise_factor`` x its early plateau; ``"voltage limit"``:
   ``|V|`` reaches ``voltage_limit_V``; ``"ASR rise"``: the early ASR reaches
   ``asr_rise_factor`` x that of the first two segments; ``"current collapse"``: the
   measured current falls below ``open_current_fraction`` x the set current;
   ``"impedance rise"``: the interfacial resistance of the spectra rises by
   ``eis_rise_factor``.
6. **EIS**: a spectrum collapsed to a point confirms a short or finds one the voltage hid
   (``"EIS collapse"``), see :mod:`semisolid.eis.diagnose`.

The earliest onset wins. For a stepwise protocol the CCD is the current density of the
segment at the onset and the last stable one the step before (uncertainty: one step); for a
ramp the current density of the row at the onset (uncertainty: one sample); a
constant-current test has no CCD but a time and a capacity to failure. The result says
whether the working electrode was plating or stripping at the onset, and which electrode
failed (the plating one for a short, the stripping one for a void; a positive current
oxidises, i.e. strips, the working electrode).

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
>>> r.signature, r.onset_working_electrode, r.failing_electrode
('hard short', 'plating', 'working')
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from semisolid.ccd.protocol import PROTOCOLS, Segmentation, segment
from semisolid.ccd.result import CCDResult, ShortEvent
from semisolid.ccd.scan import SegmentScan, scan_segment
from semisolid.errors import InputError

__all__ = ["SIGNATURES", "DetectorSettings", "detect"]

#: Signature name -> failure mode.
SIGNATURES = {
    "hard short": "short",
    "short between half cycles": "short",
    "progressive soft short": "short",
    "EIS collapse": "short",
    "stripping void": "open_circuit",
    "voltage limit": "open_circuit",
    "ASR rise": "open_circuit",
    "current collapse": "open_circuit",
    "impedance rise": "open_circuit",
}


@dataclass(frozen=True)
class DetectorSettings:
    """Named thresholds of the detector, with their defaults.

    Attributes
    ----------
    median_window : int
        Median-filter window [samples] (odd; shrunk for short segments). Default 5.
    drop_fraction : float
        Hard short: the ASR falls below ``(1 - drop_fraction)`` x plateau. Default 0.5.
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
        Open circuit in the record's last segment (nothing later to confirm it): the end
        rise must reach this many times the early plateau. Default 3.
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
    soft_dip_sigmas : float
        A soft dip must also be this many noise standard deviations deep. Default 5.
    transient_fraction : float
        Leading fraction of each segment's duration (nucleation peak, current switch) left
        out of the plateau. Default 0.05.
    progressive_fraction : float
        Progressive soft short: plateau ``|V|`` below ``(1 - progressive_fraction)`` x the
        highest earlier plateau at no higher current. Default 0.5.
    void_end_rise_factor : float
        Stripping void: end-of-segment ``|V|`` / early plateau. Default 1.5.
    void_tail_fraction : float
        The end level is the median over this last fraction of the segment. Default 0.1.
    open_current_fraction : float
        Current collapse: measured / set current below this. Default 0.5.
    protocol : str
        ``"auto"`` (recognised from the data), ``"stepwise"``, ``"constant_current"`` or
        ``"ramp"``. Default ``"auto"``.

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
    soft_dip_sigmas: float = 5.0
    transient_fraction: float = 0.05
    progressive_fraction: float = 0.5
    void_end_rise_factor: float = 1.5
    void_tail_fraction: float = 0.1
    open_current_fraction: float = 0.5
    protocol: str = "auto"

    def __post_init__(self) -> None:
        for name in ("drop_fraction", "settle_fraction", "soft_dip_fraction", "eis_short_ratio",
                     "progressive_fraction", "open_current_fraction"):
            x = getattr(self, name)
            if not (0.0 < float(x) < 1.0):
                raise InputError(f"{x!r} must be in (0, 1)", field=name)
        for name in ("median_window", "max_drop_samples", "min_persist_samples",
                     "confirm_segments", "void_confirm_window"):
            x = getattr(self, name)
            if int(x) != x or x < 1:
                raise InputError(f"{x!r} must be a positive integer", field=name)
        for name in ("rise_factor", "asr_rise_factor", "eis_flat_ratio", "eis_rise_factor",
                     "void_end_rise_factor"):
            x = getattr(self, name)
            if not float(x) > 1.0:
                raise InputError(f"{x!r} must be a number > 1", field=name)
        for name in ("max_drop_duration_s", "min_plateau_V", "eis_max_phase_deg",
                     "soft_dip_sigmas"):
            x = getattr(self, name)
            if not float(x) >= 0.0:
                raise InputError(f"{x!r} must be >= 0", field=name)
        for name, hi in (("transient_fraction", 0.5), ("void_tail_fraction", 0.5)):
            x = getattr(self, name)
            if not 0.0 <= float(x) <= hi:
                raise InputError(f"{x!r} must be in [0, {hi:g}]", field=name)
        if self.voltage_limit_V is not None and not float(self.voltage_limit_V) > 0:
            raise InputError(f"{self.voltage_limit_V!r} must be > 0 V", field="voltage_limit_V")
        if self.protocol not in PROTOCOLS:
            raise InputError(f"unknown protocol {self.protocol!r}; expected one of "
                             f"{', '.join(PROTOCOLS)}", field="protocol")

    def to_dict(self) -> dict[str, Any]:
        """Plain dict."""
        return asdict(self)

    def key(self) -> str:
        """A short stable hash of the settings (the catalog keys results on it)."""
        text = json.dumps(self.to_dict(), sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass
class _Onset:
    """A failure candidate (private)."""

    failure: str
    signature: str
    k: int
    i: int
    time_s: float


def _scans(data: Any, seg: Segmentation, s: DetectorSettings) -> list[SegmentScan]:
    t = np.asarray(data.time_s, dtype=float)
    v = np.abs(np.asarray(data.voltage_V, dtype=float))
    iset = np.asarray(data.set_current_A, dtype=float)
    im = getattr(data, "current_A", None)
    if im is not None:
        im = np.asarray(im, dtype=float)
        if not np.isfinite(im).any():
            im = None
    out = []
    for k, (a, b) in enumerate(zip(seg.start_row.tolist(), seg.stop_row.tolist(), strict=True)):
        jr = (np.abs(iset[a:b]) / seg.area_m2 if seg.ramp[k]
              else float(seg.current_density_A_m2[k]))
        prev = out[-1].level if out else None
        prev2 = out[-2].level if len(out) >= 2 else None
        out.append(scan_segment(v[a:b], t[a:b], jr, None if im is None else im[a:b],
                                None if im is None else iset[a:b], s, prev, prev2))
    return out


def _relative(k: int, m0: int, asr: np.ndarray, vlev: np.ndarray, j: np.ndarray) -> float:
    """Plateau of segment k relative to the stronger of segments m0..k-1, each compared the
    way a passive cell cannot beat: ``|V|`` against a segment at no higher current (the
    polarization does not fall when the current rises), the ASR against one at a higher
    current (nor does the ASR when it falls): ``min_m max(V_k / V_m, ASR_k / ASR_m)``."""
    out = np.inf
    for m in range(m0, k):
        if vlev[m] > 0 and asr[m] > 0:
            out = min(out, max(vlev[k] / vlev[m], asr[k] / asr[m]))
    return float(out)


def _hard_short(seg: Segmentation, scans: list[SegmentScan], asr: np.ndarray,
                vlev: np.ndarray, raw_asr: Any, s: DetectorSettings, t_of: Any,
                events: list[ShortEvent], evidence: list[str]) -> tuple[int, int, str] | None:
    """Rules 1 and 2 of the module docstring: (segment, sample, signature) or None."""
    j = seg.current_density_A_m2
    lo_frac = 1.0 - s.drop_fraction / 2.0
    for k, sc in enumerate(scans):
        later = asr[k + 1 : k + 1 + s.confirm_segments]
        if sc.hard is not None:
            i, pre_asr, drop = sc.hard
            ok = (bool(np.all(later < lo_frac * pre_asr)) if later.size
                  else sc.f.size - i >= s.min_persist_samples)
            if ok:
                r_after = float(np.median(later)) * 1e4 if later.size else 0.0
                evidence.append(
                    f"|V| fell by {100 * drop:.0f}% of its plateau at t={t_of(k, i):g} s "
                    f"(half cycle {seg.half_cycle[k]}, {j[k] * 0.1:g} mA/cm2) and stayed low"
                    + (f"; the next {later.size} segment(s) behave like a resistor of "
                       f"{r_after:.3g} Ohm cm2 (was {pre_asr * 1e4:.3g})" if later.size
                       else "; the record ends in that segment"))
                events.append(ShortEvent("hard", k, int(seg.half_cycle[k]), t_of(k, i), drop,
                                         False, "sudden, permanent drop of |V|"))
                return k, i, "hard short"
            events.append(ShortEvent("soft", k, int(seg.half_cycle[k]), t_of(k, i), drop, True,
                                     "|V| dropped for the rest of the segment but the next "
                                     "segments recovered"))
        if k >= 1:
            ref = float(asr[max(0, k - 2) : k].max())
            if (_relative(k, max(0, k - 2), asr, vlev, j) < (1.0 - s.drop_fraction)
                    and sc.level_V > 0
                    and (k < 2 or _relative(k - 1, k - 2, asr, vlev, j)
                         >= 1.0 - s.settle_fraction)
                    and np.all(later < lo_frac * ref)
                    and (later.size or sc.f.size >= s.min_persist_samples)):
                kk, ii = k, 0
                # a drop seen only in the last raw sample(s) of the previous segment (coarse
                # sampling: the median filter takes a single sample for a spike), as low as
                # the short seen afterwards: nearer the collapsed ASR than the plateau
                # (geometric mean), which a single x0.1 outlier is not
                cut = min(1.0 - s.drop_fraction, float(np.sqrt(asr[k] / ref)))
                pv = raw_asr(k - 1)
                low_tail = pv < cut * asr[k - 1]
                m_tail = int(np.argmin(low_tail[::-1])) if not low_tail.all() else 0
                # ... or the first raw samples of this segment still on the plateau
                cur = raw_asr(k)
                first_low = int(np.argmax(cur < cut * ref)) if (cur < cut * ref).any() else 0
                if 0 < m_tail < pv.size:
                    kk, ii = k - 1, pv.size - m_tail
                    evidence.append(
                        f"|V| fell below {100 * (1 - s.drop_fraction):.0f}% of its plateau in "
                        f"the last {m_tail} sample(s) of half cycle {seg.half_cycle[k - 1]} "
                        f"({j[k - 1] * 0.1:g} mA/cm2) and the ASR stayed collapsed at "
                        f"{asr[k] * 1e4:.3g} Ohm cm2 (was {ref * 1e4:.3g}) afterwards")
                    sig = "hard short"
                elif 0 < first_low < min(s.max_drop_samples + 1, cur.size):
                    ii = first_low
                    evidence.append(
                        f"|V| fell below {100 * cut:.0f}% of the plateau after the first "
                        f"{first_low} sample(s) of half cycle {seg.half_cycle[k]} "
                        f"({j[k] * 0.1:g} mA/cm2) and the ASR stayed collapsed at "
                        f"{asr[k] * 1e4:.3g} Ohm cm2 (was {ref * 1e4:.3g})")
                    sig = "hard short"
                else:
                    evidence.append(
                        f"ASR collapsed from {ref * 1e4:.3g} to {asr[k] * 1e4:.3g} Ohm cm2 "
                        f"between segments (half cycle {seg.half_cycle[k]}, "
                        f"{j[k] * 0.1:g} mA/cm2) and stayed low")
                    sig = "short between half cycles"
                events.append(ShortEvent("hard", kk, int(seg.half_cycle[kk]), t_of(kk, ii),
                                         1.0 - asr[k] / ref, False, "ASR collapse"))
                return kk, ii, sig
    return None


def _progressive(seg: Segmentation, asr: np.ndarray, vlev: np.ndarray, s: DetectorSettings,
                 stop: int) -> tuple[int, str] | None:
    """Rule 3: the first segment whose plateau fell past the threshold, with the evidence."""
    j = seg.current_density_A_m2
    pf = s.progressive_fraction
    for k in range(1, min(stop, len(seg))):
        if seg.ramp[k]:
            continue
        prev = np.flatnonzero((j[:k] <= j[k] * (1 + 1e-3)) & ~seg.ramp[:k]
                              & (vlev[:k] > s.min_plateau_V))
        if prev.size == 0:
            continue
        m = int(prev[np.argmax(vlev[prev])])
        if not vlev[k] < (1.0 - pf) * vlev[m]:
            continue
        later = asr[k + 1 : k + 1 + s.confirm_segments]
        if later.size and not np.all(later < (1.0 - pf / 2.0) * asr[m]):
            continue
        return k, (f"plateau |V| fell to {vlev[k] * 1e3:.3g} mV in half cycle "
                   f"{seg.half_cycle[k]} ({j[k] * 0.1:g} mA/cm2), "
                   f"{100 * vlev[k] / vlev[m]:.0f}% of the {vlev[m] * 1e3:.3g} mV of half "
                   f"cycle {seg.half_cycle[m]} at {j[m] * 0.1:g} mA/cm2 (threshold "
                   f"{100 * (1 - pf):.0f}%); ASR {asr[m] * 1e4:.3g} -> {asr[k] * 1e4:.3g} "
                   "Ohm cm2" + (f", still below {100 * (1 - pf / 2):.0f}% in the next "
                                f"{later.size} segment(s)" if later.size else
                                "; the record ends there"))
    return None


def _void(seg: Segmentation, scans: list[SegmentScan], early_asr: np.ndarray,
          s: DetectorSettings, stop: int) -> tuple[int, int, str, str] | None:
    """Rule 5 (voltage): (segment, sample, signature, evidence) or None."""
    n = len(seg)
    j = seg.current_density_A_m2
    base = float(np.min(early_asr[: min(2, n)]))
    sig = np.zeros(n, dtype=bool)
    strong = np.zeros(n, dtype=bool)
    where = np.zeros(n, dtype=np.int64)
    name = [""] * n
    why = [""] * n
    for k, sc in enumerate(scans):
        if sc.limit_i is not None:
            sig[k] = strong[k] = True
            where[k], name[k] = sc.limit_i, "voltage limit"
            why[k] = f"|V| reached the voltage limit {s.voltage_limit_V:g} V"
        elif sc.current_ratio is not None and sc.current_ratio < s.open_current_fraction:
            sig[k] = strong[k] = True
            where[k], name[k] = sc.f.size // 2, "current collapse"
            why[k] = (f"the measured current fell to {100 * sc.current_ratio:.0f}% of the set "
                      "current")
        elif sc.rise_i is not None:
            sig[k] = True
            strong[k] = sc.end >= s.rise_factor * sc.early
            where[k], name[k] = sc.rise_i, "stripping void"
            why[k] = (f"|V| rose to {sc.end / sc.early:.2g}x its early plateau by the end of "
                      "the half cycle")
        elif k >= 2 and base > 0 and early_asr[k] >= s.asr_rise_factor * base:
            sig[k] = True
            where[k], name[k] = 0, "ASR rise"
            why[k] = f"ASR rose to {early_asr[k] / base:.2g}x its initial value"
    for k in np.flatnonzero(sig).tolist():
        if k >= stop:
            break
        nxt = sig[k + 1 : k + 1 + s.void_confirm_window]
        if nxt.any() or (nxt.size == 0 and strong[k]):
            side = "working" if seg.sign[k] > 0 else "counter"
            text = (f"{why[k]} in half cycle {seg.half_cycle[k]} ({j[k] * 0.1:g} mA/cm2, "
                    f"stripping the {side} electrode), "
                    + ("repeated in the next segments" if nxt.size else
                       "at the end of the record"))
            return k, int(where[k]), name[k], text
    return None


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
        Thresholds and the protocol (defaults documented on the class).

    Returns
    -------
    CCDResult
        With ``warnings`` (the reader's and the plausibility checks of
        :mod:`semisolid.ccd.checks`) and ``notes`` (how the protocol was found).

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
    >>> r.failure, r.ccd_mA_cm2, r.last_stable_mA_cm2, r.half_cycles, r.protocol
    ('none', None, 0.1, 4, 'constant_current')
    """
    from semisolid.ccd.checks import plausibility

    s = settings or DetectorSettings()
    seg = segment(data, area_m2, final_area_m2, protocol=s.protocol)
    t_all = np.asarray(data.time_s, dtype=float)
    v_all = np.abs(np.asarray(data.voltage_V, dtype=float))
    scans = _scans(data, seg, s)
    asr = np.array([sc.level for sc in scans])
    vlev = np.array([sc.level_V for sc in scans])
    early_asr = np.array([sc.early for sc in scans])
    events: list[ShortEvent] = []
    evidence: list[str] = []

    def t_of(k: int, i: int) -> float:
        return float(t_all[seg.start_row[k] + i])

    for k, sc in enumerate(scans):
        hc = int(seg.half_cycle[k])
        for i, depth in sc.dips:
            events.append(ShortEvent("soft", k, hc, t_of(k, i), depth, True,
                                     f"|V| dipped by {100 * depth:.0f}% and recovered"))
        if sc.gradual is not None:
            i, _pre, drop = sc.gradual
            events.append(ShortEvent("gradual", k, hc, t_of(k, i), drop, False,
                                     f"|V| sank slowly to {100 * (1 - drop):.0f}% of its "
                                     "plateau"))
    onsets: list[_Onset] = []
    iset_all = np.abs(np.asarray(data.set_current_A, dtype=float))

    def raw_asr(k: int) -> np.ndarray:
        a, b = int(seg.start_row[k]), int(seg.stop_row[k])
        jr = iset_all[a:b] / seg.area_m2 if seg.ramp[k] else seg.current_density_A_m2[k]
        return v_all[a:b] / jr

    hard = _hard_short(seg, scans, asr, vlev, raw_asr, s, t_of, events, evidence)
    if hard is not None:
        onsets.append(_Onset("short", hard[2], hard[0], hard[1], t_of(hard[0], hard[1])))
    stop = hard[0] if hard is not None else len(seg)
    prog = _progressive(seg, asr, vlev, s, stop)
    if prog is not None:
        k, text = prog
        onsets.append(_Onset("short", "progressive soft short", k, 0, t_of(k, 0)))
        evidence.append(text)
        events.append(ShortEvent("progressive", k, int(seg.half_cycle[k]), t_of(k, 0),
                                 1.0 - vlev[k] / max(vlev[:k].max(), 1e-300), False,
                                 "plateau |V| fell past the progressive threshold"))
        stop = min(stop, k)
    void = _void(seg, scans, early_asr, s, stop)
    if void is not None:
        k, i, name, text = void
        onsets.append(_Onset("open_circuit", name, k, i, t_of(k, i)))
        evidence.append(text)
        events.append(ShortEvent("void", k, int(seg.half_cycle[k]), t_of(k, i),
                                 scans[k].end / max(scans[k].early, 1e-300), False, name))

    eis_rows = _eis(data, seg, s, onsets, evidence, t_of)

    failure, onset = "none", None
    if onsets:
        onset = min(onsets, key=lambda o: (o.time_s, o.failure != "short"))
        failure = onset.failure
        others = [o for o in onsets if o is not onset]
        if others:
            evidence.append(f"the earliest signature counts ({onset.signature} at "
                            f"t={onset.time_s:g} s); later: " + ", ".join(
                                f"{o.signature} at t={o.time_s:g} s" for o in others))
    else:
        spectra = list(getattr(data, "spectra", []) or [])
        evidence.append("no sudden permanent drop of |V|, no progressive fall of the plateau, "
                        "no void signature" + (", no collapsed spectrum" if spectra else ""))
    events.sort(key=lambda e: e.time_s)
    res = _result(data, seg, s, failure, onset, events, evidence, eis_rows)
    res.warnings, res.notes = plausibility(data, seg, res)
    return res


def _eis(data: Any, seg: Segmentation, s: DetectorSettings, onsets: list[_Onset],
         evidence: list[str], t_of: Any) -> list[dict[str, Any]]:
    """Rule 6 and the impedance rise of rule 5; adds EIS-only onsets."""
    spectra = list(getattr(data, "spectra", []) or [])
    if not spectra:
        return []
    from semisolid.eis.diagnose import diagnose_series

    diag = diagnose_series(spectra, short_ratio=s.eis_short_ratio, flat_ratio=s.eis_flat_ratio,
                           max_phase_deg=s.eis_max_phase_deg, rise_factor=s.eis_rise_factor)
    rows = [d.to_dict() for d in diag]
    shorts = [o for o in onsets if o.failure == "short"]
    collapsed = [d for d in diag if d.collapsed]
    if collapsed:
        first = collapsed[0]
        later_ok = all(d.collapsed for d in diag if d.index > first.index)
        ahc = first.after_half_cycle
        if shorts and (ahc is None or ahc >= seg.half_cycle[shorts[0].k]):
            evidence.append(f"confirmed by EIS: spectrum {first.index} collapsed to a point "
                            f"({first.note})")
        elif not shorts and later_ok and ahc is not None:
            ks = np.flatnonzero(seg.half_cycle <= ahc)
            if ks.size:
                k = int(ks[-1])
                i = int(seg.n_samples[k]) - 1
                onsets.append(_Onset("short", "EIS collapse", k, i, t_of(k, i)))
                evidence.append(f"EIS only: spectrum {first.index} (after half cycle {ahc}) "
                                f"collapsed to a point ({first.note}); the voltage showed no "
                                "clear drop")
    risen = [d for d in diag if d.impedance_rise]
    if risen:
        first = risen[0]
        evidence.append(f"EIS: interfacial resistance rose {first.rise_ratio:.2g}x by "
                        f"spectrum {first.index}")
        ahc = first.after_half_cycle
        if not onsets and ahc is not None:
            ks = np.flatnonzero(seg.half_cycle <= ahc)
            if ks.size:
                k = int(ks[-1])
                i = int(seg.n_samples[k]) - 1
                onsets.append(_Onset("open_circuit", "impedance rise", k, i, t_of(k, i)))
    return rows


def _result(data: Any, seg: Segmentation, s: DetectorSettings, failure: str,
            onset: _Onset | None, events: list[ShortEvent], evidence: list[str],
            eis_rows: list[dict[str, Any]]) -> CCDResult:
    j = seg.current_density_A_m2
    jf = seg.current_density_final_A_m2
    final = seg.final_area_m2 is not None
    ramp = seg.protocol == "ramp"
    const = seg.protocol == "constant_current"
    cap_final = None
    if final:
        cap_final = seg.protocol_areal_capacity_C_m2 * seg.area_m2 / seg.final_area_m2
    common = dict(
        file=getattr(data.metadata, "source_file", None),
        step_size_A_m2=seg.step_size_A_m2,
        areal_capacity_C_m2=seg.protocol_areal_capacity_C_m2,
        areal_capacity_final_C_m2=cap_final, half_cycles=seg.n_half_cycles,
        eis=eis_rows, segments=seg, settings=s.to_dict(), protocol=seg.protocol,
    )
    t = np.asarray(data.time_s, dtype=float)
    t_start = float(t[seg.start_row[0]])
    if onset is None:
        last = float(np.max(j))
        for e in events:
            e.after_onset = False
        return CCDResult(
            failure="none", ccd_A_m2=None, ccd_final_A_m2=None, last_stable_A_m2=last,
            last_stable_final_A_m2=float(np.max(jf)) if final else None,
            onset_time_s=None, onset_segment=None, onset_half_cycle=None, onset_step=None,
            onset_current_sign=None,
            cumulative_capacity_C_m2=float(seg.cumulative_areal_capacity_C_m2[-1]),
            events=events, evidence=evidence, censored_at_A_m2=None if const else last,
            **common)
    k, i = onset.k, onset.i
    row = int(seg.start_row[k] + i)
    t0 = float(t[row])
    step_k = int(seg.step[k])
    iset = np.abs(np.asarray(data.set_current_A, dtype=float))
    if ramp and seg.ramp[k]:
        j_on = float(iset[row]) / seg.area_m2
        prev_row = row - 1 if i > 0 else None
        if prev_row is not None:
            last = float(iset[prev_row]) / seg.area_m2
        else:
            before = np.flatnonzero(np.arange(len(seg)) < k)
            last = float(j[before].max()) if before.size else None
        step = j_on - last if last is not None else 0.0
        scale = seg.area_m2 / seg.final_area_m2 if final else None
        jf_on = j_on * scale if final else None
        lastf = last * scale if (final and last is not None) else None
    else:
        j_on = float(j[k])
        jf_on = float(jf[k]) if final else None
        before = np.flatnonzero(seg.step < step_k)
        last = float(j[before].max()) if before.size else None
        lastf = float(jf[before].max()) if (before.size and final) else None
        step = seg.step_size_A_m2
    if ramp:
        common["step_size_A_m2"] = step
    cum_before = float(seg.cumulative_areal_capacity_C_m2[k] - seg.areal_capacity_C_m2[k])
    cum = cum_before + (float(np.mean(iset[seg.start_row[k]:row + 1])) / seg.area_m2
                        if seg.ramp[k] else j[k]) * (t0 - float(seg.start_time_s[k]))
    sign = int(seg.sign[k])
    we = "stripping" if sign > 0 else "plating"
    if failure == "short":
        failing = "counter" if sign > 0 else "working"     # the plating electrode
    else:
        failing = "working" if sign > 0 else "counter"     # the stripping electrode
    for e in events:
        e.after_onset = e.time_s > t0 or (e.time_s == t0 and e.kind in ("soft", "gradual")
                                          and e.segment > k)
    ccd = None if const else j_on
    if const:
        evidence.append(f"constant-current test: {failure.replace('_', ' ')} at "
                        f"{j_on * 0.1:g} mA/cm2 after {t0 - t_start:g} s and "
                        f"{cum / 36000.0:.4g} mAh/cm2; no lower current was tried, so this "
                        "is not a critical current density")
    return CCDResult(
        failure=failure, ccd_A_m2=ccd, ccd_final_A_m2=None if const else jf_on,
        last_stable_A_m2=None if const else last,
        last_stable_final_A_m2=None if const else lastf, onset_time_s=t0,
        onset_segment=int(k), onset_half_cycle=int(seg.half_cycle[k]), onset_step=step_k,
        onset_current_sign=sign, cumulative_capacity_C_m2=float(cum), events=events,
        evidence=evidence, signature=onset.signature, onset_current_density_A_m2=j_on,
        time_to_failure_s=t0 - t_start, onset_working_electrode=we, failing_electrode=failing,
        censored_at_A_m2=(j_on if failure == "open_circuit" and not const else None),
        ccd_uncertainty_A_m2=None if const else step,
        **common)
