"""Result dataclasses of the CCD analysis: :class:`CCDResult` and :class:`ShortEvent`.

SI units inside (A/m2, C/m2, Ohm m2); the ``*_mA_cm2`` / ``*_mAh_cm2`` properties and
:meth:`CCDResult.summary` give the lab units of the CLI's JSON contract.

Examples
--------
>>> ev = ShortEvent(kind="soft", segment=3, half_cycle=3, time_s=120.0, depth=0.3,
...                 recovered=True, note="dip")
>>> ev.to_dict()["kind"]
'soft'
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from semisolid.ccd.protocol import Segmentation

__all__ = ["FAILURE_MODES", "CCDResult", "ShortEvent"]

FAILURE_MODES = ("short", "open_circuit", "none")

_A_M2_TO_MA_CM2 = 0.1
_C_M2_TO_MAH_CM2 = 1.0 / 36000.0


def _sig(x: float) -> float:
    """Round to 12 significant digits (hides float noise such as 3.0000000000000004)."""
    return float(f"{float(x):.12g}")


def _ma_cm2(x: float | None) -> float | None:
    # rounded to 12 significant digits: 2.5, not 2.5000000000000013 from I / A
    return None if x is None else float(f"{float(x) * _A_M2_TO_MA_CM2:.12g}")


@dataclass
class ShortEvent:
    """One event found in the voltage trace.

    Attributes
    ----------
    kind : str
        ``"hard"`` (a counted short), ``"progressive"`` (a progressive soft short),
        ``"soft"`` (a dip that recovered, flagged only), ``"gradual"`` (``|V|`` sank slowly
        below the threshold, flagged only) or ``"void"``.
    segment, half_cycle : int
        Where it happened (see :class:`~semisolid.ccd.protocol.Segmentation`).
    time_s : float
        Time of the first sample past the threshold.
    depth : float
        Relative change of ``|V|`` against the segment's own plateau (drop as a positive
        fraction for shorts; ``max|V| / plateau`` for voids).
    recovered : bool
        Whether ``|V|`` came back (soft shorts).
    note : str
        Human-readable evidence.
    after_onset : bool
        The event came after the onset of the failure (counted apart).

    Examples
    --------
    >>> ev = ShortEvent(kind="hard", segment=5, half_cycle=5, time_s=5400.0, depth=0.97,
    ...                 recovered=False, note="|V| fell to 3 % of its plateau")
    >>> ev.kind, ev.to_dict()["half_cycle"]
    ('hard', 5)
    """

    kind: str
    segment: int
    half_cycle: int
    time_s: float
    depth: float
    recovered: bool
    note: str = ""
    after_onset: bool = False

    def to_dict(self) -> dict[str, Any]:
        """Plain dict."""
        return asdict(self)


@dataclass
class CCDResult:
    """Outcome of a CCD analysis of one cell.

    Attributes
    ----------
    file : str or None
        Source file of the record.
    failure : str
        ``"short"``, ``"open_circuit"`` or ``"none"``.
    ccd_A_m2, ccd_final_A_m2 : float or None
        Current density of the segment where the failure began (nominal / final area).
        For ``"open_circuit"`` this is the current density at the onset of the impedance
        rise (a void-limited current, not a penetration CCD). None when ``"none"``.
    last_stable_A_m2, last_stable_final_A_m2 : float or None
        Highest current step completed before the onset step (the whole test for "none").
    step_size_A_m2 : float
        Current-density increment of the protocol: the uncertainty of the CCD (the cell
        survived ``ccd - step``).
    onset_time_s : float or None
        Time of the first sample past the threshold.
    onset_segment, onset_half_cycle, onset_step, onset_current_sign : int or None
        Where the failure began; the sign tells the direction of the failing half cycle.
    cumulative_capacity_C_m2 : float
        Areal capacity passed before the onset (nominal area); the whole test for "none".
    areal_capacity_C_m2, areal_capacity_final_C_m2 : float
        Areal capacity per half cycle of the protocol (nominal / final area).
    half_cycles : int
        Number of half cycles analysed.
    events : list of ShortEvent
        Hard, soft, gradual and void events, in time order.
    evidence : list of str
        Why the failure mode was chosen (voltage and EIS evidence).
    eis : list of dict
        Per-spectrum diagnosis (collapsed, interfacial resistance, ...), if spectra were given.
    segments : Segmentation
        The per-segment table (polarization, ASR, capacities).
    settings : dict
        The detector settings used.
    protocol : str
        ``"stepwise"``, ``"constant_current"`` or ``"ramp"``.
    signature : str or None
        Which rule found the failure (:data:`semisolid.ccd.detect.SIGNATURES`).
    onset_current_density_A_m2 : float or None
        Current density at the onset, for every protocol (for a constant-current test the
        applied one; ``ccd_A_m2`` is then None: no lower current was tried).
    time_to_failure_s : float or None
        From the first galvanostatic row to the onset.
    onset_working_electrode : str or None
        ``"plating"`` or ``"stripping"``: what the working electrode was doing at the onset
        (a positive current strips it).
    failing_electrode : str or None
        ``"working"`` or ``"counter"``: the plating electrode for a short, the stripping one
        for an open circuit.
    censored_at_A_m2 : float or None
        For CCD statistics, the right-censoring value of a cell that did not short: the
        highest current density it carried (``"none"``) or the one at the void onset
        (``"open_circuit"``). None for shorts and constant-current tests.
    ccd_uncertainty_A_m2 : float or None
        One current step (stepwise) or one sample of the ramp.
    warnings : list of str
        What may make the result wrong (units, area, cell type, implausible values), from
        the reader and :mod:`semisolid.ccd.checks`.
    notes : list of str
        How the protocol was recognised and other facts that are not warnings.

    Examples
    --------
    The paper's protocol on 1 cm2: 0.1 mAh/cm2 per half cycle at 0.1 mA (1 h), then at
    0.2 mA (30 min), through a 50 Ohm resistor that shorts (to 1 Ohm) half way through the
    fourth half cycle, at 9900 s:

    >>> import numpy as np
    >>> from semisolid.io.data import CyclingData
    >>> from semisolid.ccd import detect
    >>> t = np.arange(180) * 60.0
    >>> i = np.repeat([1e-4, -1e-4, 2e-4, -2e-4], [60, 60, 30, 30])
    >>> v = np.where(t < 9900.0, 50.0, 1.0) * i
    >>> r = detect(CyclingData.from_arrays(t, v, i), area_m2=1e-4)
    >>> r.failure, r.ccd_mA_cm2, r.last_stable_mA_cm2, r.onset_half_cycle, r.onset_time_s
    ('short', 0.2, 0.1, 3, 9900.0)
    >>> s = r.summary()
    >>> s["step_mA_cm2"], s["half_cycles"], s["areal_capacity_mAh_cm2"]
    (0.1, 4, 0.1)
    """

    file: str | None
    failure: str
    ccd_A_m2: float | None
    ccd_final_A_m2: float | None
    last_stable_A_m2: float | None
    last_stable_final_A_m2: float | None
    step_size_A_m2: float
    onset_time_s: float | None
    onset_segment: int | None
    onset_half_cycle: int | None
    onset_step: int | None
    onset_current_sign: int | None
    cumulative_capacity_C_m2: float
    areal_capacity_C_m2: float
    areal_capacity_final_C_m2: float | None
    half_cycles: int
    events: list[ShortEvent] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    eis: list[dict[str, Any]] = field(default_factory=list)
    segments: Segmentation | None = None
    settings: dict[str, Any] = field(default_factory=dict)
    protocol: str = "stepwise"
    signature: str | None = None
    onset_current_density_A_m2: float | None = None
    time_to_failure_s: float | None = None
    onset_working_electrode: str | None = None
    failing_electrode: str | None = None
    censored_at_A_m2: float | None = None
    ccd_uncertainty_A_m2: float | None = None
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ccd_mA_cm2(self) -> float | None:
        """CCD [mA/cm2], nominal area."""
        return _ma_cm2(self.ccd_A_m2)

    @property
    def last_stable_mA_cm2(self) -> float | None:
        """Last stable current density [mA/cm2], nominal area."""
        return _ma_cm2(self.last_stable_A_m2)

    @property
    def step_mA_cm2(self) -> float:
        """Current step of the protocol [mA/cm2]."""
        return float(f"{float(self.step_size_A_m2) * _A_M2_TO_MA_CM2:.12g}")

    @property
    def soft_shorts(self) -> list[ShortEvent]:
        """The flagged (not counted) soft-short events before the onset of the failure."""
        return [e for e in self.events if e.kind in ("soft", "gradual") and not e.after_onset]

    @property
    def soft_shorts_after_onset(self) -> list[ShortEvent]:
        """Soft-short events after the onset (on an already failing cell), counted apart."""
        return [e for e in self.events if e.kind in ("soft", "gradual") and e.after_onset]

    @property
    def censored(self) -> bool:
        """A right-censored CCD observation: the cell did not short (see
        ``censored_at_A_m2``)."""
        return self.censored_at_A_m2 is not None

    def asr_trend_Ohm_m2_per_cycle(self) -> float:
        """Least-squares slope of ASR [Ohm m2] against full-cycle number (0 if < 2 cycles)."""
        s = self.segments
        if s is None or len(s) < 2:
            return 0.0
        cyc = s.half_cycle // 2
        if np.unique(cyc).size < 2:
            return 0.0
        return float(np.polyfit(cyc.astype(float), s.asr_Ohm_m2, 1)[0])

    def summary(self) -> dict[str, Any]:
        """The CLI's JSON record (lab units: mA/cm2, mAh/cm2, Ohm cm2).

        Keys: ``file, failure, ccd_mA_cm2, last_stable_mA_cm2, step_mA_cm2, onset_time_s,
        areal_capacity_mAh_cm2, half_cycles`` (the contract) and ``ccd_final_mA_cm2,
        last_stable_final_mA_cm2, areal_capacity_final_mAh_cm2, cumulative_capacity_mAh_cm2,
        onset_half_cycle, onset_step, onset_current_sign, area_cm2, final_area_cm2,
        asr_initial_Ohm_cm2, asr_trend_Ohm_cm2_per_cycle, soft_shorts, evidence``, and
        ``protocol, signature, onset_current_density_mA_cm2, ccd_uncertainty_mA_cm2,
        time_to_failure_s, capacity_to_failure_mAh_cm2, onset_working_electrode,
        failing_electrode, soft_shorts_after_onset, censored, censored_at_mA_cm2, warnings,
        notes``.
        """
        s = self.segments
        area = s.area_m2 if s is not None else None
        sig = _sig
        farea = s.final_area_m2 if s is not None else None
        asr0 = float(s.asr_Ohm_m2[0]) * 1e4 if s is not None and len(s) else None
        return {
            "file": self.file,
            "failure": self.failure,
            "ccd_mA_cm2": self.ccd_mA_cm2,
            "last_stable_mA_cm2": self.last_stable_mA_cm2,
            "step_mA_cm2": self.step_mA_cm2,
            "onset_time_s": self.onset_time_s,
            "areal_capacity_mAh_cm2": sig(self.areal_capacity_C_m2 * _C_M2_TO_MAH_CM2),
            "half_cycles": self.half_cycles,
            "ccd_final_mA_cm2": _ma_cm2(self.ccd_final_A_m2),
            "last_stable_final_mA_cm2": _ma_cm2(self.last_stable_final_A_m2),
            "areal_capacity_final_mAh_cm2": None
            if self.areal_capacity_final_C_m2 is None
            else sig(self.areal_capacity_final_C_m2 * _C_M2_TO_MAH_CM2),
            "cumulative_capacity_mAh_cm2": sig(self.cumulative_capacity_C_m2 * _C_M2_TO_MAH_CM2),
            "onset_half_cycle": self.onset_half_cycle,
            "onset_step": self.onset_step,
            "onset_current_sign": self.onset_current_sign,
            "area_cm2": None if area is None else sig(area * 1e4),
            "final_area_cm2": None if farea is None else sig(farea * 1e4),
            "asr_initial_Ohm_cm2": asr0,
            "asr_trend_Ohm_cm2_per_cycle": self.asr_trend_Ohm_m2_per_cycle() * 1e4,
            "soft_shorts": len(self.soft_shorts),
            "evidence": list(self.evidence),
            "protocol": self.protocol,
            "signature": self.signature,
            "onset_current_density_mA_cm2": _ma_cm2(self.onset_current_density_A_m2),
            "ccd_uncertainty_mA_cm2": _ma_cm2(self.ccd_uncertainty_A_m2),
            "time_to_failure_s": self.time_to_failure_s,
            "capacity_to_failure_mAh_cm2": None if self.failure == "none"
            else sig(self.cumulative_capacity_C_m2 * _C_M2_TO_MAH_CM2),
            "onset_working_electrode": self.onset_working_electrode,
            "failing_electrode": self.failing_electrode,
            "soft_shorts_after_onset": len(self.soft_shorts_after_onset),
            "censored": self.censored,
            "censored_at_mA_cm2": _ma_cm2(self.censored_at_A_m2),
            "warnings": list(self.warnings),
            "notes": list(self.notes),
        }

    def to_dict(self) -> dict[str, Any]:
        """Everything, SI units, JSON-friendly (segments as lists)."""
        out: dict[str, Any] = {}
        for k in self.__dataclass_fields__:
            v = getattr(self, k)
            if k == "events":
                v = [e.to_dict() for e in v]
            elif k == "segments":
                v = None if v is None else v.to_dict()
            out[k] = v
        return out
