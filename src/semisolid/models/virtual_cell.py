"""Virtual symmetric cell: the paper's stepwise galvanostatic CCD protocols, simulated.

A cell (electrodes, electrolyte, area, interfacial ASR, temperature, stack pressure, seed)
is cycled with a :class:`Protocol` (start current density, step, maximum, areal capacity
per half cycle, EIS every N cycles). What comes out is a :class:`~semisolid.io.data.
CyclingData` with its :class:`~semisolid.io.data.Spectra`, built the way the ``.mpt``
reader builds one from a Modulo-Bat-style file (EIS rows kept with a NaN set current, a
``Ns`` per sequence, the EC-Lab columns in ``extra``), so the same CCD pipeline runs on
it. :func:`write_mpt` and :func:`write_csv` write it as text.

Model (SI inside):

* **Voltage** ``V = I (R_bulk + R_int) + I R_rel (1 - exp(-t/τ)) + noise``: electrolyte
  bulk resistance from its conductivity and thickness (Arrhenius in temperature,
  ``E_a`` = 0.3 eV), interfacial ASR (25-35 Ω cm² in the paper), a relaxation term
  (10 % of the interfacial ASR, τ = 60 s) and Gaussian noise (0.3 mV + 0.3 %). Sampling:
  ``points_per_half_cycle`` samples evenly in time.
* **Short**: the cell's CCD is drawn from the creep-limited model at the cell's temperature,
  stack pressure and capacity per half cycle
  (:func:`semisolid.models.creep_ccd.sample_ccd_A_m2`: largest flaw of the cell → CCD).
  The first half cycle whose current density reaches it shorts at a random time
  (15-60 % into the half cycle): from then on a metallic path of 0.5-2 Ω cm² is in
  parallel with the cell, so ``|V|`` collapses and the cell behaves as a resistor; EIS
  collapses to a point. The protocol stops ``half_cycles_after_short`` half cycles later,
  with a last EIS.
* **Voids (Li without the Na-K film)**: above a critical stripping current
  ``j_void = 0.45 mA/cm² × (P/1.5 MPa)^0.5`` (Kasemchainan et al. 2019; the paper's rise
  starts in the 4th cycle at 0.5 mA/cm²) the interfacial resistance grows by
  ``1 + 0.08 j/j_void`` per half cycle and rises within each such half cycle; above
  ``2.2 j_void`` (≈1 mA/cm² at 1.5 MPa) the interface opens (``open_circuit`` failure:
  ``|V|`` runs away and the protocol stops), as the paper saw above ~1 mA/cm².

The truth is in ``metadata.extra``: ``true_ccd_mA_cm2``, ``failure_mode``,
``onset_current_density_mA_cm2``, ``onset_half_cycle``, ``onset_step``, ``onset_Ns``,
``onset_time_s``, ``largest_flaw_depth_um``.

Examples
--------
>>> d = simulate_cell("K/KBA/K", seed=1)
>>> d.metadata.format, d.metadata.extra["failure_mode"]
('virtual-cell', 'short')
>>> round(d.metadata.extra["true_ccd_mA_cm2"], 3), d.metadata.extra["onset_current_density_mA_cm2"]
(2.091, 2.5)
"""

from __future__ import annotations

import math
import numbers
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from semisolid.constants import (
    FARADAY_C_PER_MOL,
    GAS_CONSTANT_J_PER_MOL_K,
    MA_PER_CM2_IN_A_PER_M2,
    MAH_C,
    MAH_PER_CM2_IN_C_PER_M2,
)
from semisolid.errors import InputError, suggest
from semisolid.io.data import CyclingData, ReaderMetadata, Spectra, Spectrum
from semisolid.paper import CELL, FAMILIES, CellFamily, family
from semisolid.paper import PROTOCOLS as PAPER_PROTOCOLS

__all__ = [
    "CELL_PRESETS",
    "PROTOCOLS",
    "CellSpec",
    "Protocol",
    "cell_preset",
    "simulate_cell",
    "write_csv",
    "write_mpt",
]

_MA_CM2 = MA_PER_CM2_IN_A_PER_M2    # A/m2 per mA/cm2
# Ohm m2 per Ohm cm2, i.e. 1 cm2 in m2 (not in semisolid.constants): 1 mA over 1 cm2 is
# MA_PER_CM2_IN_A_PER_M2 A/m2, so 1 cm2 = 1e-3 A / (10 A/m2) = 1e-4 m2
_OHM_CM2 = 1e-3 / MA_PER_CM2_IN_A_PER_M2
_EV_J_MOL = FARADAY_C_PER_MOL       # J/mol per eV per particle (1 eV x N_A = F x 1 V)
# the cited conductivities and the void threshold below hold at the paper's conditions
_T_REF_K = CELL.temperature_K
_P_REF_PA = CELL.stack_pressure_Pa


def _is_real(v: Any) -> bool:
    """A real number (Python or numpy scalar), not a bool or a string."""
    return isinstance(v, numbers.Real) and not isinstance(v, bool)


@dataclass(frozen=True)
class Protocol:
    """A stepwise galvanostatic CCD protocol (SI units).

    Attributes
    ----------
    start_current_density_A_m2, step_current_density_A_m2, max_current_density_A_m2 : float
    areal_capacity_C_m2 : float
        Capacity per half cycle.
    eis_every_cycles : int
        An impedance spectrum at the start and after every N full cycles.
    cycles_per_step : int
        Full cycles (plate + strip) at each current density.
    points_per_half_cycle : int
    half_cycles_after_short : int
        Half cycles recorded after a short before the protocol stops.

    Examples
    --------
    >>> PROTOCOLS["Li"].current_densities_mA_cm2()[:3]
    [0.125, 0.25, 0.375]
    """

    start_current_density_A_m2: float
    step_current_density_A_m2: float
    max_current_density_A_m2: float
    areal_capacity_C_m2: float
    eis_every_cycles: int = 1
    cycles_per_step: int = 1
    points_per_half_cycle: int = 200
    half_cycles_after_short: int = 4

    def __post_init__(self) -> None:
        for k in ("start_current_density_A_m2", "step_current_density_A_m2",
                  "max_current_density_A_m2", "areal_capacity_C_m2"):
            v = getattr(self, k)
            if not (_is_real(v) and math.isfinite(v) and v > 0):
                raise InputError(f"must be positive, got {v!r}", k)
        if self.max_current_density_A_m2 < self.start_current_density_A_m2:
            raise InputError("maximum is below the start current density",
                             "max_current_density_A_m2")
        for k in ("eis_every_cycles", "cycles_per_step", "half_cycles_after_short"):
            if int(getattr(self, k)) < 1:
                raise InputError("must be a positive integer", k)
        if int(self.points_per_half_cycle) < 10:
            raise InputError("need at least 10 points per half cycle", "points_per_half_cycle")

    def current_densities_A_m2(self) -> np.ndarray:
        """The current-density steps [A/m²], start to max inclusive."""
        n = math.floor((self.max_current_density_A_m2 - self.start_current_density_A_m2)
                       / self.step_current_density_A_m2 + 1e-9) + 1
        return self.start_current_density_A_m2 + self.step_current_density_A_m2 * np.arange(n)

    def check_trace_memory(self) -> None:
        """Refuse, before simulating, a trace too big for the memory available (about 512
        bytes a row; :func:`semisolid._util.check_allocation`).

        Examples
        --------
        >>> from dataclasses import replace
        >>> replace(PROTOCOLS["Li"], points_per_half_cycle=10**20).check_trace_memory()
        Traceback (most recent call last):
        ...
        semisolid.errors.InputError: points_per_half_cycle: ... trace rows need about ...
        """
        from semisolid._util import check_allocation

        check_allocation(self.current_densities_A_m2().size * self.cycles_per_step * 2
                         * int(self.points_per_half_cycle), 512, "trace rows",
                         "points_per_half_cycle")

    def current_densities_mA_cm2(self) -> list[float]:
        """The steps in mA/cm² (rounded to 1e-9)."""
        return [round(float(j) / _MA_CM2, 9) for j in self.current_densities_A_m2()]

    def to_dict(self) -> dict[str, Any]:
        """Plain dict."""
        return asdict(self)


def _paper_protocol(name: str) -> Protocol:
    p = PAPER_PROTOCOLS[name]
    return Protocol(p.start_current_density_mA_cm2 * _MA_CM2,
                    p.step_current_density_mA_cm2 * _MA_CM2,
                    p.max_current_density_mA_cm2 * _MA_CM2,
                    p.areal_capacity_mAh_cm2 * MAH_PER_CM2_IN_C_PER_M2,
                    eis_every_cycles=p.eis_every_cycles)


# Li/LLZTO/Li 0.125 -> 1.5 mA/cm2 by 0.125 at 1.5 mAh/cm2, EIS after each cycle; Na, K, A, B
# on NBA/KBA 0.5 -> 40 by 0.5 at 3.0 mAh/cm2, EIS every 4 cycles; NaK(e)-Li/LLZTO 0.25 -> 3.0
# by 0.25 at 0.25, 1.5 or 3 mAh/cm2 (1.5 here), EIS after each cycle (semisolid.paper)
PROTOCOLS: dict[str, Protocol] = {name: _paper_protocol(name) for name in PAPER_PROTOCOLS}
"""The paper's three protocol families (Methods, "Electrochemical cycling")."""


@dataclass(frozen=True)
class CellSpec:
    """A symmetric cell (SI units).

    Attributes
    ----------
    name : str
    electrode : str
        Flow-model electrode preset (``Li``, ``Na``, ``K``, ``A``, ``B``, ``Li+NaK``).
    electrolyte : str
    area_m2 : float
        Electrode area used for the current (nominal area).
    interfacial_asr_Ohm_m2 : float
        Both interfaces together.
    electrolyte_thickness_m : float
    temperature_K, stack_pressure_Pa : float
    protocol : Protocol
    seed : int
    liquid_fraction : float or None
        Overrides the electrode preset's liquid fraction.
    voids : bool
        Li without a liquid film: interfacial voids on stripping.
    noise_V, noise_relative : float

    Examples
    --------
    >>> c = CellSpec("my K cell", "K", "KBA", area_m2=0.4e-4, interfacial_asr_Ohm_m2=30e-4,
    ...              electrolyte_thickness_m=1e-3, temperature_K=295.15,
    ...              stack_pressure_Pa=1.5e6, protocol=PROTOCOLS["NaK"], seed=4)
    >>> simulate_cell(c).metadata.extra["failure_mode"]
    'short'
    >>> CellSpec("bad", "K", "KBA", -1.0, 30e-4, 1e-3, 295.15, 1.5e6, PROTOCOLS["NaK"])
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: area_m2: must be a positive number, got -1.0
    """

    name: str
    electrode: str
    electrolyte: str
    area_m2: float
    interfacial_asr_Ohm_m2: float
    electrolyte_thickness_m: float
    temperature_K: float
    stack_pressure_Pa: float
    protocol: Protocol
    seed: int = 0
    liquid_fraction: float | None = None
    voids: bool = False
    noise_V: float = 0.3e-3
    noise_relative: float = 0.003

    def __post_init__(self) -> None:
        for k in ("area_m2", "interfacial_asr_Ohm_m2", "electrolyte_thickness_m",
                  "temperature_K", "stack_pressure_Pa"):
            v = getattr(self, k)
            if not (_is_real(v) and math.isfinite(v) and v > 0):
                raise InputError(f"must be a positive number, got {v!r}", k)
        for k in ("noise_V", "noise_relative"):
            v = getattr(self, k)
            if not (_is_real(v) and math.isfinite(v) and v >= 0):
                raise InputError(f"must be a number >= 0, got {v!r}", k)
        f = self.liquid_fraction
        if f is not None and not _is_real(f):
            raise InputError(f"must be a number in [0, 1] or None, got {f!r}",
                             "liquid_fraction")
        if f is not None and not (math.isfinite(f) and 0.0 <= f <= 1.0):
            raise InputError(f"liquid fraction {f!r} is outside [0, 1]", "liquid_fraction")

    def to_dict(self) -> dict[str, Any]:
        """Plain dict."""
        return asdict(self)


def _paper_cell(fam: CellFamily) -> CellSpec:
    return CellSpec(fam.name, fam.electrode, fam.electrolyte, fam.area_m2,
                    CELL.interfacial_asr_Ohm_cm2 * _OHM_CM2, CELL.electrolyte_thickness_m,
                    CELL.temperature_K, CELL.stack_pressure_Pa, PROTOCOLS[fam.protocol],
                    voids=fam.voids)


CELL_PRESETS: dict[str, CellSpec] = {f.name: _paper_cell(f) for f in FAMILIES}
"""The paper's six cell types (:data:`semisolid.paper.FAMILIES`): areas of the 9.53 mm Li
discs or the 7.14 mm collectors, 30 Ω cm² interfaces, 1 mm electrolytes, 22 °C, 1.5 MPa."""


def cell_preset(name: str, **changes: Any) -> CellSpec:
    """One of the six paper cells, optionally with fields changed (``seed=3``, ...).

    Examples
    --------
    >>> c = cell_preset("k/kba/k", seed=7)
    >>> c.name, c.seed, round(c.area_m2 * 1e4, 3)
    ('K/KBA/K', 7, 0.4)
    >>> cell_preset("K/KBA/Kx")
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: preset: unknown cell preset 'K/KBA/Kx' (did you mean ...
    """
    try:
        key = family(name).name
    except InputError:
        raise InputError(
            f"unknown cell preset {name!r}{suggest(str(name), CELL_PRESETS)}; known: "
            f"{', '.join(CELL_PRESETS)}",
            "preset",
        ) from None
    try:
        return replace(CELL_PRESETS[key], **changes)
    except TypeError as exc:
        raise InputError(str(exc), "preset") from None


# ----------------------------------------------------------------------------- simulation

@dataclass
class _Rows:
    """Growing EC-Lab-like row table."""

    t: list[np.ndarray] = field(default_factory=list)
    v: list[np.ndarray] = field(default_factory=list)
    ctl: list[np.ndarray] = field(default_factory=list)     # set current [A], NaN on EIS
    i: list[np.ndarray] = field(default_factory=list)
    ns: list[np.ndarray] = field(default_factory=list)
    cyc: list[np.ndarray] = field(default_factory=list)
    mode: list[np.ndarray] = field(default_factory=list)
    freq: list[np.ndarray] = field(default_factory=list)
    z: list[np.ndarray] = field(default_factory=list)
    hc: list[np.ndarray] = field(default_factory=list)

    def add(self, t, v, ctl, i, ns, cyc, mode, freq, z, hc) -> None:
        n = len(t)
        self.t.append(np.asarray(t, float))
        self.v.append(np.asarray(v, float))
        self.ctl.append(np.broadcast_to(np.asarray(ctl, float), (n,)).copy())
        self.i.append(np.asarray(i, float))
        self.ns.append(np.full(n, ns, np.int64))
        self.cyc.append(np.full(n, cyc, np.int64))
        self.mode.append(np.full(n, mode, np.int64))
        self.freq.append(np.broadcast_to(np.asarray(freq, float), (n,)).copy())
        self.z.append(np.broadcast_to(np.asarray(z, complex), (n,)).copy())
        self.hc.append(np.full(n, hc, np.int64))

    def cat(self, name: str) -> np.ndarray:
        return np.concatenate(getattr(self, name))


def _spectrum_Z(freq: np.ndarray, r_bulk: float, r_int: float, c_dl: float,
                r_short: float | None) -> np.ndarray:
    w = 2 * np.pi * freq
    alpha = 0.85
    tau = (r_int * c_dl) ** alpha
    z = r_bulk + r_int / (1.0 + (1j * w) ** alpha * tau)
    if r_short is not None:
        z = z * r_short / (z + r_short)
    return z


def simulate_cell(
    cell: CellSpec | str,
    seed: int | None = None,
    params: Any = None,
) -> CyclingData:
    """Run a virtual symmetric cell through its protocol.

    Parameters
    ----------
    cell : CellSpec or str
        A cell or the name of a preset (:data:`CELL_PRESETS`).
    seed : int, optional
        Overrides ``cell.seed``. The same seed gives the same record.
    params : CreepCCDParameters or FlowCCDParameters, optional
        Constants of the CCD model: the creep-limited model (default: its fit on the paper's
        families), which takes the cell's temperature, stack pressure and capacity per half
        cycle; or, with a :class:`~semisolid.models.flow_ccd.FlowCCDParameters`, the
        calibrated flow model at the paper's conditions.

    Returns
    -------
    CyclingData
        Format ``virtual-cell``; the truth is in ``metadata.extra``.

    Examples
    --------
    >>> d = simulate_cell("Li/LLZTO/Li", seed=2)
    >>> d.metadata.extra["failure_mode"], len(d.spectra) > 1
    ('short', True)
    """
    import semisolid.models.creep_ccd as creep_ccd
    import semisolid.models.flow_ccd as flow_ccd

    spec = cell_preset(cell) if isinstance(cell, str) else cell
    if seed is not None:
        spec = replace(spec, seed=int(seed))
    rng = np.random.default_rng(spec.seed)
    if isinstance(params, flow_ccd.FlowCCDParameters):
        prm: Any = params
        espec: Any = flow_ccd.electrode_spec(spec.electrode, liquid_fraction=spec.liquid_fraction)
        j_true_arr, depth_arr = flow_ccd.sample_ccd_A_m2(espec, 1, rng=rng, params=prm)
    else:
        prm = params or creep_ccd.DEFAULT_CREEP_PARAMETERS
        cond = creep_ccd.CellConditions(
            temperature_K=spec.temperature_K, stack_pressure_Pa=spec.stack_pressure_Pa,
            areal_capacity_C_m2=spec.protocol.areal_capacity_C_m2)
        espec = creep_ccd.electrode_state(spec.electrode, conditions=cond,
                                          liquid_fraction=spec.liquid_fraction)
        j_true_arr, depth_arr = creep_ccd.sample_ccd_A_m2(espec, 1, rng=rng, params=prm)
    j_true = float(j_true_arr[0])
    proto = spec.protocol
    area = spec.area_m2
    proto.check_trace_memory()

    # resistances [Ohm]
    from semisolid.materials import electrolyte

    sigma = electrolyte(spec.electrolyte).conductivity_S_m or 0.15
    arr = math.exp(0.3 * _EV_J_MOL / GAS_CONSTANT_J_PER_MOL_K
                   * (1 / spec.temperature_K - 1 / _T_REF_K))
    r_bulk = spec.electrolyte_thickness_m / (sigma * area) * arr
    r_int = spec.interfacial_asr_Ohm_m2 / area * arr * rng.uniform(0.85, 1.15)
    c_dl = 10e-6 / _OHM_CM2 * area      # 10 uF/cm2
    j_void = 0.45 * _MA_CM2 * math.sqrt(spec.stack_pressure_Pa / _P_REF_PA)
    j_open = 2.2 * j_void

    rows = _Rows()
    spectra: list[Spectrum] = []
    state = {"t": 0.0, "ns": 0, "hc": -1}
    r_short: float | None = None
    freqs = np.logspace(6, -1, 43)

    def eis(cycle: int) -> None:
        z = _spectrum_Z(freqs, r_bulk, r_int, c_dl, r_short)
        z = z * (1 + 0.003 * (rng.standard_normal(z.size) + 1j * rng.standard_normal(z.size)))
        dt = np.maximum(2.0 / freqs, 0.2)
        t = state["t"] + np.cumsum(dt) - dt[0]
        v = rng.normal(0.0, spec.noise_V, z.size)
        cur = rng.normal(0.0, 1e-9, z.size)
        rows.add(t, v, np.nan, cur, state["ns"], cycle, 2, freqs, z, state["hc"])
        spectra.append(Spectrum(frequency_Hz=freqs.copy(), impedance_Ohm=z, index=len(spectra),
                                sequence=state["ns"], cycle=cycle, time_s=float(t[0]),
                                after_half_cycle=None if state["hc"] < 0 else state["hc"]))
        state["t"] = float(t[-1] + dt[-1])
        state["ns"] += 1

    truth: dict[str, Any] = {"failure_mode": "none", "onset_current_density_mA_cm2": None,
                             "onset_half_cycle": None, "onset_step": None, "onset_Ns": None,
                             "onset_time_s": None}
    eis(0)
    n_pts = int(proto.points_per_half_cycle)
    remaining_after: int | None = None
    cycle = 0
    stop = False
    for k, j in enumerate(proto.current_densities_A_m2()):
        ns_step = state["ns"]
        state["ns"] += 1
        for _c in range(proto.cycles_per_step):
            for sign in (1.0, -1.0):
                state["hc"] += 1
                hc = state["hc"]
                current = sign * j * area
                duration = proto.areal_capacity_C_m2 / j
                tt = np.arange(n_pts) * (duration / n_pts)
                r_series = r_bulk + r_int
                ramp = np.zeros(n_pts)
                opens = False
                if spec.voids and r_short is None and j > j_void:
                    strip_gain = min(1.0, 0.3 * (j / j_void - 1.0))
                    ramp = r_int * strip_gain * tt / duration
                    if j >= j_open:
                        opens = True
                        ramp = r_int * (np.exp(4.0 * tt / duration) - 1.0) * 2.0
                r_cell = r_series + ramp + 0.1 * r_int * (1 - np.exp(-tt / 60.0))
                onset_idx = None
                if r_short is None and not opens and j >= j_true:
                    onset_idx = int(rng.uniform(0.15, 0.6) * n_pts)
                    r_short = rng.uniform(0.5, 2.0) * _OHM_CM2 / area
                    truth.update(failure_mode="short",
                                 onset_current_density_mA_cm2=round(float(j) / _MA_CM2, 9),
                                 onset_half_cycle=hc, onset_step=k, onset_Ns=ns_step,
                                 onset_time_s=float(state["t"] + tt[onset_idx]))
                    remaining_after = proto.half_cycles_after_short
                r_eff = r_cell.copy()
                if r_short is not None:
                    start = onset_idx if onset_idx is not None else 0
                    r_eff[start:] = r_cell[start:] * r_short / (r_cell[start:] + r_short)
                v_true = current * r_eff
                v = v_true + rng.normal(0.0, 1.0, n_pts) * (
                    spec.noise_V + spec.noise_relative * np.abs(v_true))
                i_meas = current * (1 + 1e-4 * rng.standard_normal(n_pts))
                rows.add(state["t"] + tt, v, current, i_meas, ns_step, cycle, 1, 0.0, 0.0, hc)
                state["t"] += duration
                if opens:
                    truth.update(failure_mode="open_circuit",
                                 onset_current_density_mA_cm2=round(float(j) / _MA_CM2, 9),
                                 onset_half_cycle=hc, onset_step=k, onset_Ns=ns_step,
                                 onset_time_s=float(state["t"] - duration))
                    stop = True
                    break
                if spec.voids and r_short is None and j > j_void:
                    r_int *= 1.0 + 0.08 * j / j_void
                if remaining_after is not None and onset_idx is None:
                    remaining_after -= 1
                if remaining_after is not None and remaining_after <= 0:
                    stop = True
                    break
            if stop:
                break
            cycle += 1
            if cycle % proto.eis_every_cycles == 0:
                eis(cycle)
        if stop:
            break
    if stop and truth["failure_mode"] == "short":
        eis(cycle)     # the confirming spectrum
    if stop and truth["failure_mode"] == "open_circuit":
        eis(cycle)

    return _to_cycling(rows, spectra, spec, prm, j_true, float(depth_arr[0]), truth)


def _columns(rows: _Rows) -> dict[str, np.ndarray]:
    """The EC-Lab columns (file units) of the row table."""
    ctl = rows.cat("ctl")
    z = rows.cat("z")
    freq = rows.cat("freq")
    mode = rows.cat("mode")
    t = rows.cat("t")
    cur = rows.cat("i")
    q = np.concatenate([[0.0], np.cumsum(0.5 * (cur[1:] + cur[:-1]) * np.diff(t))])
    hc_ec = rows.cat("hc")
    return {
        "mode": mode.astype(float),
        "ox/red": (np.nan_to_num(ctl) > 0).astype(float),
        "Ns": rows.cat("ns").astype(float),
        "time/s": t,
        "control/mA": np.where(mode == 1, np.nan_to_num(ctl) * 1e3, 0.0),
        "Ewe/V": rows.cat("v"),
        "<I>/mA": cur * 1e3,
        "(Q-Qo)/mA.h": q / MAH_C,
        "half cycle": np.maximum(hc_ec, 0).astype(float),
        "cycle number": rows.cat("cyc").astype(float),
        "freq/Hz": freq,
        "Re(Z)/Ohm": z.real,
        "-Im(Z)/Ohm": -z.imag,
        "|Z|/Ohm": np.abs(z),
        "Phase(Z)/deg": np.degrees(np.angle(z)),
    }


def _to_cycling(rows: _Rows, spectra: list[Spectrum], spec: CellSpec, prm: Any, j_true: float,
                depth_m: float, truth: dict[str, Any]) -> CyclingData:
    cols = _columns(rows)
    mode = cols["mode"]
    eis = cols["freq/Hz"] > 0
    iset = np.where(mode == 1, cols["control/mA"] * 1e-3, np.nan)
    iset[eis] = np.nan
    extra_meta = {
        "preset": spec.name,
        "seed": spec.seed,
        "electrode": spec.electrode,
        "electrolyte": spec.electrolyte,
        "temperature_K": spec.temperature_K,
        "stack_pressure_Pa": spec.stack_pressure_Pa,
        "area_m2": spec.area_m2,
        "true_ccd_mA_cm2": j_true / _MA_CM2,
        "largest_flaw_depth_um": depth_m * 1e6,
        "step_mA_cm2": spec.protocol.step_current_density_A_m2 / _MA_CM2,
        "areal_capacity_mAh_cm2": spec.protocol.areal_capacity_C_m2 / MAH_PER_CM2_IN_C_PER_M2,
        "flow_model": prm.to_dict(),
        "ccd_model": getattr(prm, "rheology", "creep"),
        **truth,
    }
    steps = sorted(set(cols["Ns"][mode == 1].astype(int).tolist()))
    tech = []
    for ns in steps:
        sel = (cols["Ns"] == ns) & (mode == 1)
        tech.append({"Ns": ns, "technique": "GCPL",
                     "current_density_mA_cm2": float(np.abs(cols["control/mA"][sel]).max()
                                                    / (spec.area_m2 * 1e4)),
                     "set_current_mA": float(np.abs(cols["control/mA"][sel]).max()),
                     "areal_capacity_mAh_cm2": extra_meta["areal_capacity_mAh_cm2"]})
    md = ReaderMetadata(
        source_file=None,
        sha256=None,
        format="virtual-cell",
        instrument="semisolid virtual cell",
        electrode=spec.electrode,
        electrolyte=spec.electrolyte,
        comments=f"semisolid virtual cell {spec.name}, seed {spec.seed}",
        techniques=["PEIS", "GCPL"],
        start_time="2021-01-01T00:00:00",
        header_area_m2=spec.area_m2,
        header_area_text=f"{spec.area_m2 * 1e4:.4g} cm2",
        header_area_reliable=True,
        columns={c: (c.rsplit("/", 1)[1] if "/" in c and not c.startswith("ox") else "")
                 for c in cols},
        technique_parameters=tech,
        warnings=[],
        extra=extra_meta,
    )
    data = CyclingData.from_arrays(
        time_s=cols["time/s"], voltage_V=cols["Ewe/V"], set_current_A=iset,
        current_A=cols["<I>/mA"] * 1e-3, step_index=cols["Ns"].astype(np.int64),
        metadata=md, extra=cols,
    )
    for s in spectra:
        if s.time_s is not None:
            before = data.half_cycle[(data.time_s < s.time_s) & (data.half_cycle >= 0)]
            s.after_half_cycle = int(before.max()) if before.size else None
    data.spectra = Spectra(spectra=spectra, source_file=None)
    return data


# ----------------------------------------------------------------------------- writers

def write_mpt(data: CyclingData, path: str | Path) -> Path:
    """Write a virtual-cell record as EC-Lab-style ``.mpt`` text (Windows-1252, tabs).

    :func:`semisolid.io.write` with the ``biologic-mpt`` writer
    (:func:`semisolid.io.biologic_mpt.write_mpt`): ``EC-Lab ASCII FILE``,
    ``Nb header lines : N``, a header with the technique, acquisition time, electrode,
    electrolyte, the preset and seed, and ``Electrode surface area : … cm²``, the column
    names on line N, then one tab-separated row per sample (impedance rows have
    ``freq/Hz > 0``; galvanostatic rows ``freq/Hz = 0``). Time, set current, current and
    voltage are written with 17 significant digits: they read back exactly.

    Examples
    --------
    >>> import tempfile, os
    >>> d = simulate_cell("K/KBA/K", seed=1)
    >>> p = write_mpt(d, os.path.join(tempfile.mkdtemp(), "k.mpt"))
    >>> p.read_bytes()[:17]
    b'EC-Lab ASCII FILE'
    """
    from semisolid.io import write

    if data.metadata.format != "virtual-cell" or "Ewe/V" not in data.extra:
        raise InputError("write_mpt writes virtual-cell records (from simulate_cell)", "data")
    return write(data, path, format="biologic-mpt")[0]


def write_csv(data: CyclingData, path: str | Path) -> list[Path]:
    """Write the galvanostatic rows as CSV (canonical unit-named columns) and, if there are
    spectra, ``<stem>_eis.csv`` beside it. Returns the paths written.

    :func:`semisolid.io.write` with ``what="cycling+spectra"`` (see
    :mod:`semisolid.io.tables`): the rows with a known set current, and the spectra with
    their ``after_half_cycle``.

    Examples
    --------
    >>> import tempfile, os
    >>> d = simulate_cell("K/KBA/K", seed=1)
    >>> ps = write_csv(d, os.path.join(tempfile.mkdtemp(), "k.csv"))
    >>> [p.name for p in ps]
    ['k.csv', 'k_eis.csv']
    """
    from semisolid.io import write

    return write(data, path, format="csv", what="cycling+spectra")
