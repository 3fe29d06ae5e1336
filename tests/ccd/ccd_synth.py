"""Independent generator of symmetric-cell CCD traces with known answers (test helper).

First principles only, nothing from ``semisolid.ccd``: a symmetric cell M | SE | M under a
stepwise galvanostatic protocol (one full cycle per current step, fixed areal capacity per
half cycle, Park et al. 2021 Methods). Cell voltage = ohmic drop through the electrolyte +
two Butler-Volmer interfacial overpotentials (symmetric, alpha = 1/2)::

    V_cell(j) = j R_ohm + 2 * (2 R T / F) asinh(j / (2 j0))        [j in A/m2]

with a slow rise of the interfacial resistance during each half cycle (morphology). A short
is a resistor R_s in parallel with the cell from a known instant on: the total current I is
split so that V_cell(I_cell) = (I - I_cell) R_s (solved by bisection). A soft short is a
parallel path that opens again after a given time. A void (open circuit) shrinks the contact
area during stripping half cycles, so the local current density and |V| diverge; the
instrument ends a half cycle early when |V| reaches its voltage limit.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from semisolid.io.data import CyclingData, CyclingMetadata

F = 96485.33212
R = 8.314462618

PROTOCOLS = {
    # name: (first j [mA/cm2], step [mA/cm2], areal capacity [mAh/cm2])  -- paper Methods
    "Li": (0.125, 0.125, 1.5),
    "NaK": (0.5, 0.5, 3.0),  # Na/NBA/Na, K/KBA/K and the Na-K alloys
    "NaK-Li-0.25": (0.25, 0.25, 0.25),
    "NaK-Li-1.5": (0.25, 0.25, 1.5),
    "NaK-Li-3": (0.25, 0.25, 3.0),
}


@dataclass
class Truth:
    """The known answer of a generated trace."""

    failure: str
    onset_step: int | None
    onset_half_cycle: int | None
    ccd_mA_cm2: float | None
    onset_time_s: float | None  # time of the event (the first sample at/after it is seen)
    step_mA_cm2: float
    soft_half_cycles: list[int] = field(default_factory=list)


def _v_cell(j_A_m2, r_ohm_m2, j0_A_m2, temperature_K, extra_r_ohm_m2=0.0):
    b = 2.0 * R * temperature_K / F
    return j_A_m2 * (r_ohm_m2 + extra_r_ohm_m2) + 2.0 * b * np.arcsinh(j_A_m2 / (2.0 * j0_A_m2))


def make_trace(
    protocol: str = "NaK",
    *,
    n_steps: int = 8,
    short_step: int | None = None,
    short_half: int = 0,
    short_at: float = 0.4,
    short_r_ohm_cm2: float = 0.5,
    after_short_cycles: int = 2,
    soft_half_cycles: tuple[int, ...] = (),
    soft_depth: float = 0.6,
    soft_duration: float = 0.05,
    void_from_step: int | None = None,
    void_capacity_mAh_cm2: float = 1.7,
    voltage_limit_V: float = 1.0,
    samples_per_half_cycle: int | None = None,
    dt_s: float | None = None,
    noise_rel: float = 0.0,
    noise_V: float = 0.0,
    spikes: int = 0,
    area_cm2: float = 0.4,
    r_ohm_cm2: float = 12.0,
    j0_mA_cm2: float = 1.0,
    growth: float = 0.1,
    temperature_K: float = 295.15,
    seed: int = 0,
) -> tuple[CyclingData, Truth]:
    """Generate a trace; see the module docstring. Exactly one of dt_s and
    samples_per_half_cycle sets the sampling."""
    rng = np.random.default_rng(seed)
    j_first, j_step, cap = PROTOCOLS[protocol]
    area_m2 = area_cm2 * 1e-4
    r_ohm = r_ohm_cm2 * 1e-4
    j0 = j0_mA_cm2 * 10.0
    if short_step is not None:
        n_steps = short_step + 1 + after_short_cycles
    ts, vs, iset = [], [], []
    t0 = 0.0
    truth = Truth("none", None, None, None, None, j_step, list(soft_half_cycles))
    shorted = False
    hc = 0
    void_q = void_capacity_mAh_cm2
    for k in range(n_steps):
        j_mA = j_first + k * j_step
        j = j_mA * 10.0  # A/m2
        duration = cap / j_mA * 3600.0
        for half in (0, 1):
            sign = 1.0 if half == 0 else -1.0
            if samples_per_half_cycle is not None:
                dt = duration / samples_per_half_cycle
            else:
                dt = float(dt_s)
            tt = np.arange(0.0, duration - 1e-9, dt)
            frac = tt / duration
            # healthy cell: interfacial resistance grows a little during the half cycle
            v = _v_cell(j, r_ohm, j0, temperature_K, extra_r_ohm_m2=growth * r_ohm * frac)
            if void_from_step is not None and k >= void_from_step and half == 1:
                # stripping electrode loses contact: area fraction a = 1 - q / q_void
                q = j_mA * tt / 3600.0
                a = np.clip(1.0 - q / void_q, 0.005, 1.0)
                v = _v_cell(j / a, r_ohm, j0, temperature_K) * 1.0
                void_q *= 0.8
                if truth.failure == "none":
                    truth = Truth("open_circuit", k, hc, j_mA, None, j_step)
                hit = np.flatnonzero(v >= voltage_limit_V)
                if hit.size:  # instrument ends the half cycle at the limit
                    tt, v = tt[: hit[0] + 1], np.minimum(v[: hit[0] + 1], voltage_limit_V)
            if shorted or (short_step is not None and k == short_step and half == short_half):
                t_s = 0.0 if shorted else short_at * duration
                t_s = min(t_s, float(tt[-1]))  # keep it visible in this half cycle
                if not shorted:
                    first = np.flatnonzero(tt >= t_s)
                    truth = Truth("short", k, hc, j_mA, float(t0 + tt[first[0]]), j_step,
                                  list(soft_half_cycles))
                shorted = True
                on = tt >= t_s
                v = np.where(on, _split(j * area_m2, short_r_ohm_cm2 * 1e-4 / area_m2,
                                        r_ohm, j0, temperature_K, area_m2), v)
            if hc in soft_half_cycles and not shorted:
                a0 = 0.3 * duration
                on = (tt >= a0) & (tt < a0 + soft_duration * duration)
                if not on.any():  # make sure at least one sample shows the dip
                    on[np.argmin(np.abs(tt - a0))] = True
                v = np.where(on, v * (1.0 - soft_depth), v)
            if noise_rel:
                v = v * (1.0 + noise_rel * rng.standard_normal(v.size))
            if noise_V:
                v = v + noise_V * rng.standard_normal(v.size)
            ts.append(t0 + tt)
            vs.append(sign * v)
            iset.append(np.full(tt.size, sign * j * area_m2))
            t0 += tt[-1] + dt
            hc += 1
    t = np.concatenate(ts)
    v = np.concatenate(vs)
    i = np.concatenate(iset)
    for _ in range(spikes):  # single-sample outliers (contact noise), not shorts
        p = rng.integers(1, t.size - 1)
        v[p] *= rng.choice([0.1, 2.5])
    meta = CyclingMetadata(format="synthetic", extra={"truth": truth})
    return CyclingData.from_arrays(t, v, i, metadata=meta), truth


def _split(i_total, r_s_ohm, r_ohm_m2, j0, temperature_K, area_m2):
    """Voltage of a cell with a parallel short: solve V_cell(I_c / A) = (I - I_c) R_s."""
    lo, hi = 0.0, float(i_total)
    for _ in range(80):
        mid = 0.5 * (lo + hi)
        g = _v_cell(mid / area_m2, r_ohm_m2, j0, temperature_K) - (i_total - mid) * r_s_ohm
        if g > 0:
            hi = mid
        else:
            lo = mid
    return (i_total - 0.5 * (lo + hi)) * r_s_ohm
