"""Independent generator of symmetric-cell CCD traces with known answers (test helper).

First principles only, nothing from ``semisolid.ccd``: a symmetric cell M | SE | M under a
stepwise galvanostatic protocol (one full cycle per current step, fixed areal capacity per
half cycle, Park et al. 2021 Methods). Cell voltage = ohmic drop through the electrolyte +
two Butler-Volmer interfacial overpotentials (symmetric, alpha = 1/2)::

    V_cell(j) = j R_ohm + 2 * (2 R T / F) asinh(j / (2 j0))        [j in A/m2]

with a slow rise of the interfacial resistance during each half cycle (morphology) and, on
request, a nucleation overpotential peak at the start of each half cycle. The failure
signatures:

* **hard short**: a resistor R_s in parallel with the cell from a known instant on: the
  total current I is split so that V_cell(I_cell) = (I - I_cell) R_s (bisection);
* **soft short**: a parallel path that opens again after a given time (a dip);
* **progressive soft short**: a parallel path whose share of the current grows from half
  cycle to half cycle, chosen (bisection) so that the noise-free plateau |V| of the n-th
  affected half cycle is ``progressive_ratios[n]`` (then 0.7x the previous one) times the
  highest plateau of the earlier half cycles at no higher current; the onset is the first
  half cycle whose noise-free plateau is below half that reference (the documented
  definition), with the margin of that crossing recorded;
* **contact-loss void**: the stripping electrode's contact area shrinks with the charge
  stripped, |V| diverges and the instrument ends the half cycle at its voltage limit;
* **stripping void (end rise)**: in the stripping half cycles of one electrode, |V| grows
  as ``1 / (1 - x / x_v)`` over the half cycle (x = elapsed fraction) so that it reaches
  ``end_ratio`` x its start value at the end; ``end_ratio`` grows by 1 each cycle;
* **current collapse**: in the stripping half cycles of one electrode, past 30 % of the
  half cycle, the instrument cannot drive the current: the measured current falls to 5 %
  of the set current and |V| sits at the compliance voltage.

Noise: relative Gaussian noise, absolute noise, and single-sample outliers (x0.1 or x2.5),
as a count (``spikes``) or a fraction of the samples (``outlier_fraction``).

:func:`make_plating_trace` gives a constant-current plating-until-short test and
:func:`make_ramp_trace` a galvanodynamic (current ramp) test.
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
    signature: str | None = None
    margin: float | None = None  # progressive: distance of the crossing from the threshold
    sign: int | None = None      # sign of the set current at the onset


def _v_cell(j_A_m2, r_ohm_m2, j0_A_m2, temperature_K, extra_r_ohm_m2=0.0):
    b = 2.0 * R * temperature_K / F
    return j_A_m2 * (r_ohm_m2 + extra_r_ohm_m2) + 2.0 * b * np.arcsinh(j_A_m2 / (2.0 * j0_A_m2))


def _outliers(rng, v, spikes, outlier_fraction):
    n = spikes + (max(1, round(outlier_fraction * v.size)) if outlier_fraction else 0)
    for _ in range(n):  # single-sample outliers (contact noise), not shorts
        p = rng.integers(1, v.size - 1)
        v[p] *= rng.choice([0.1, 2.5])


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
    end_rise_from_step: int | None = None,
    end_ratio: float = 3.0,
    collapse_from_step: int | None = None,
    progressive_from_hc: int | None = None,
    progressive_ratios: tuple[float, ...] = (0.8, 0.62, 0.35, 0.2),
    nucleation: float = 0.0,
    samples_per_half_cycle: int | None = None,
    dt_s: float | None = None,
    noise_rel: float = 0.0,
    noise_V: float = 0.0,
    spikes: int = 0,
    outlier_fraction: float = 0.0,
    area_cm2: float = 0.4,
    r_ohm_cm2: float = 12.0,
    j0_mA_cm2: float = 1.0,
    growth: float = 0.1,
    j_first_mA_cm2: float | None = None,
    j_step_mA_cm2: float | None = None,
    temperature_K: float = 295.15,
    seed: int = 0,
) -> tuple[CyclingData, Truth]:
    """Generate a trace; see the module docstring. Exactly one of dt_s and
    samples_per_half_cycle sets the sampling. `j_first_mA_cm2` / `j_step_mA_cm2` override
    the protocol's currents (``j_step_mA_cm2=0``: constant-current cycling)."""
    rng = np.random.default_rng(seed)
    j_first, j_step, cap = PROTOCOLS[protocol]
    j_first = j_first if j_first_mA_cm2 is None else j_first_mA_cm2
    j_step = j_step if j_step_mA_cm2 is None else j_step_mA_cm2
    area_m2 = area_cm2 * 1e-4
    r_ohm = r_ohm_cm2 * 1e-4
    j0 = j0_mA_cm2 * 10.0
    if short_step is not None:
        n_steps = short_step + 1 + after_short_cycles
    ts, vs, iset, imeas = [], [], [], []
    t0 = 0.0
    truth = Truth("none", None, None, None, None, j_step, list(soft_half_cycles))
    shorted = False
    hc = 0
    void_q = void_capacity_mAh_cm2
    ratio = end_ratio
    clean_levels, clean_j = [], []
    prog_done = False
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
            im = np.full(tt.size, sign * j * area_m2)
            limited = False
            # healthy cell: interfacial resistance grows a little during the half cycle
            v = _v_cell(j, r_ohm, j0, temperature_K, extra_r_ohm_m2=growth * r_ohm * frac)
            if progressive_from_hc is not None and hc >= progressive_from_hc:
                n = hc - progressive_from_hc
                ratios = list(progressive_ratios)
                while len(ratios) <= n:
                    ratios.append(0.7 * ratios[-1])
                ref = max(lv for lv, jm in zip(clean_levels, clean_j, strict=True)
                          if jm <= j_mA * (1 + 1e-3))
                lo_k, hi_k = 0.0, 1.0   # share of the current through the cell
                for _ in range(60):
                    mid = 0.5 * (lo_k + hi_k)
                    vm = _v_cell(j * mid, r_ohm, j0, temperature_K,
                                 extra_r_ohm_m2=growth * r_ohm * 0.525)
                    lo_k, hi_k = (mid, hi_k) if vm < ratios[n] * ref else (lo_k, mid)
                v = _v_cell(j * 0.5 * (lo_k + hi_k), r_ohm, j0, temperature_K,
                            extra_r_ohm_m2=growth * r_ohm * frac)
            if void_from_step is not None and k >= void_from_step and half == 1:
                # stripping electrode loses contact: area fraction a = 1 - q / q_void
                q = j_mA * tt / 3600.0
                a = np.clip(1.0 - q / void_q, 0.005, 1.0)
                v = _v_cell(j / a, r_ohm, j0, temperature_K) * 1.0
                void_q *= 0.8
                if truth.failure == "none":
                    truth = Truth("open_circuit", k, hc, j_mA, None, j_step, sign=-1,
                                  signature="voltage limit")
                hit = np.flatnonzero(v >= voltage_limit_V)
                if hit.size:  # instrument ends the half cycle at the limit
                    tt, v = tt[: hit[0] + 1], np.minimum(v[: hit[0] + 1], voltage_limit_V)
                    im = im[: hit[0] + 1]
                    limited = True
            if end_rise_from_step is not None and k >= end_rise_from_step and half == 1:
                xv = ratio / (ratio - 1.0)  # 1 / (1 - 1 / xv) = ratio at the end
                v = v / (1.0 - frac / xv)
                ratio += 1.0
                if truth.failure == "none":
                    truth = Truth("open_circuit", k, hc, j_mA, None, j_step, sign=-1,
                                  signature="stripping void")
            if collapse_from_step is not None and k >= collapse_from_step and half == 1:
                off = frac >= 0.3
                v = np.where(off, voltage_limit_V, v)
                im = np.where(off, 0.05 * im, im)
                if truth.failure == "none":
                    truth = Truth("open_circuit", k, hc, j_mA, None, j_step, sign=-1,
                                  signature="current collapse")
            if shorted or (short_step is not None and k == short_step and half == short_half):
                t_s = 0.0 if shorted else short_at * duration
                t_s = min(t_s, float(tt[-1]))  # keep it visible in this half cycle
                if not shorted:
                    first = np.flatnonzero(tt >= t_s)
                    truth = Truth("short", k, hc, j_mA, float(t0 + tt[first[0]]), j_step,
                                  list(soft_half_cycles), sign=int(sign),
                                  signature="hard short")
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
            # the noise-free plateau of this half cycle (after its first 5 %)
            body = v[frac[: v.size] >= 0.05] if np.any(frac[: v.size] >= 0.05) else v
            clean_levels.append(float(np.median(body)))
            clean_j.append(j_mA)
            if (progressive_from_hc is not None and not prog_done and not shorted
                    and truth.failure == "none"):
                prev = [m for m in range(hc) if clean_j[m] <= j_mA * (1 + 1e-3)]
                if prev:
                    ref = max(clean_levels[m] for m in prev)
                    r = clean_levels[hc] / ref
                    if r < 0.5:
                        prog_done = True
                        prev_r = (clean_levels[hc - 1] / max(
                            clean_levels[m] for m in range(hc - 1)
                            if clean_j[m] <= clean_j[hc - 1] * (1 + 1e-3))
                            if hc >= 2 else 1.0)
                        truth = Truth("short", k, hc, j_mA, float(t0), j_step, sign=int(sign),
                                      signature="progressive soft short",
                                      margin=min(0.5 - r, prev_r - 0.5))
            if nucleation:
                v = v * (1.0 + nucleation * np.exp(-frac[: v.size] / 0.01))
            if noise_rel:
                v = v * (1.0 + noise_rel * rng.standard_normal(v.size))
            if noise_V:
                v = v + noise_V * rng.standard_normal(v.size)
            ts.append(t0 + tt)
            vs.append(sign * v)
            iset.append(np.full(tt.size, sign * j * area_m2))
            if limited:  # the instrument stops the half cycle at its limit: |V| >= limit there
                v[-1] = max(v[-1], voltage_limit_V)
            imeas.append(im)
            t0 += tt[-1] + dt
            hc += 1
    t = np.concatenate(ts)
    v = np.concatenate(vs)
    i = np.concatenate(iset)
    _outliers(rng, v, spikes, outlier_fraction)
    meta = CyclingMetadata(format="synthetic", extra={"truth": truth})
    cur = np.concatenate(imeas) if collapse_from_step is not None else None
    return CyclingData.from_arrays(t, v, i, current_A=cur, metadata=meta), truth


def make_plating_trace(
    j_mA_cm2: float = 0.5,
    *,
    duration_h: float = 10.0,
    short_at_h: float | None = 6.0,
    samples: int = 200,
    area_cm2: float = 0.4,
    r_ohm_cm2: float = 30.0,
    short_r_ohm_cm2: float = 0.5,
    rest_s: float = 0.0,
    nucleation: float = 0.0,
    noise_rel: float = 0.0,
    outlier_fraction: float = 0.0,
    seed: int = 0,
) -> tuple[CyclingData, Truth]:
    """Constant-current plating until short: one half cycle (after an optional rest); the
    polarization rises slowly as the stripped electrode roughens. The truth's
    ``onset_time_s`` is the first sample at or after the short."""
    rng = np.random.default_rng(seed)
    j = j_mA_cm2 * 10.0
    area = area_cm2 * 1e-4
    tt = np.linspace(0.0, duration_h * 3600.0, samples, endpoint=False)
    x = tt / tt[-1] if tt[-1] > 0 else tt
    v = j * r_ohm_cm2 * 1e-4 * (1.0 + 0.2 * x)
    truth = Truth("none", None, None, None, None, 0.0, sign=None)
    if short_at_h is not None:
        on = tt >= min(short_at_h * 3600.0, float(tt[-1]))  # keep it visible
        first = np.flatnonzero(on)[0]
        v = np.where(on, j * short_r_ohm_cm2 * 1e-4, v)
        truth = Truth("short", 0, 0, None, float(tt[first] + rest_s), 0.0, sign=1,
                      signature="hard short")
    if nucleation:
        v = v * (1.0 + nucleation * np.exp(-x / 0.01))
    if noise_rel:
        v = v * (1.0 + noise_rel * rng.standard_normal(v.size))
    _outliers(rng, v, 0, outlier_fraction)
    i = np.full(samples, j * area)
    t = tt + rest_s
    if rest_s:
        n_rest = 10
        t = np.concatenate([np.linspace(0.0, rest_s, n_rest, endpoint=False), t])
        v = np.concatenate([np.full(n_rest, 1e-4), v])
        i = np.concatenate([np.zeros(n_rest), i])
    return CyclingData.from_arrays(t, v, i, metadata=CyclingMetadata(format="synthetic")), truth


def make_ramp_trace(
    n_half_cycles: int = 1,
    *,
    rate_mA_cm2_h: float = 0.5,
    duration_h: float = 4.0,
    short_hc: int | None = None,
    short_at: float = 0.6,
    samples_per_half_cycle: int = 200,
    area_cm2: float = 0.4,
    r_ohm_cm2: float = 20.0,
    j0_mA_cm2: float = 1.0,
    short_r_ohm_cm2: float = 0.5,
    noise_rel: float = 0.0,
    outlier_fraction: float = 0.0,
    seed: int = 0,
) -> tuple[CyclingData, Truth]:
    """Galvanodynamic test: each half cycle ramps |j| linearly from 0 at
    ``rate_mA_cm2_h`` (alternating sign), the ramp time growing by `duration_h` per half
    cycle. A short at fraction `short_at` of half cycle `short_hc`; the truth's CCD is the
    current density of the first sample at or after it."""
    rng = np.random.default_rng(seed)
    area = area_cm2 * 1e-4
    ts, vs, iset = [], [], []
    t0 = 0.0
    truth = Truth("none", None, None, None, None, 0.0)
    shorted = False
    for h in range(n_half_cycles):
        sign = 1.0 if h % 2 == 0 else -1.0
        dur = duration_h * 3600.0 * (h + 1)
        tt = np.linspace(0.0, dur, samples_per_half_cycle, endpoint=False) + dur / (
            2 * samples_per_half_cycle)
        j_mA = rate_mA_cm2_h * tt / 3600.0
        j = j_mA * 10.0
        v = _v_cell(j, r_ohm_cm2 * 1e-4, j0_mA_cm2 * 10.0, 295.15)
        if shorted or (short_hc is not None and h == short_hc):
            on = (np.ones(tt.size, dtype=bool) if shorted
                  else tt >= min(short_at * dur, float(tt[-1])))
            if not shorted:
                first = int(np.flatnonzero(on)[0])
                truth = Truth("short", h, h, float(j_mA[first]), float(t0 + tt[first]), 0.0,
                              sign=int(sign), signature="hard short")
            shorted = True
            v = np.where(on, j * short_r_ohm_cm2 * 1e-4, v)
        if noise_rel:
            v = v * (1.0 + noise_rel * rng.standard_normal(v.size))
        ts.append(t0 + tt)
        vs.append(sign * v)
        iset.append(sign * j * area)
        t0 += dur
    v = np.concatenate(vs)
    _outliers(rng, v, 0, outlier_fraction)
    return (CyclingData.from_arrays(np.concatenate(ts), v, np.concatenate(iset),
                                    metadata=CyclingMetadata(format="synthetic")), truth)


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


#: The signatures of the detector validation (docs/ccd.md, tests/ccd/test_signatures.py).
VALIDATION_KINDS = ("hard", "between", "progressive", "end_rise", "limit", "collapse",
                    "plating", "ramp", "none", "soft")


def validation_trace(kind: str, samples: int, seed: int) -> tuple[CyclingData, Truth, dict]:
    """One trace of the detector validation and the settings to analyse it with.

    Every trace has 3 % relative noise and single-sample outliers on 1 % of its samples
    (at least one); odd seeds add a nucleation peak (+50 %) at the start of each half
    cycle. The protocol cycles through Li, NaK and NaK-Li-1.5 with the seed. The event is
    placed where the sampling can see it: at 4 and 6 samples per half cycle a single-half-
    cycle test (plating, ramp) has its short between 40 and 60 % of the half cycle (at
    least one plateau sample after the start transient and two samples after the short);
    a ramp at fewer than 8 samples per half cycle is analysed with ``protocol="ramp"``
    (4 to 7 samples of a ramp look like current steps).
    """
    rng = np.random.default_rng(seed)
    proto = ("Li", "NaK", "NaK-Li-1.5")[seed % 3]
    common = dict(samples_per_half_cycle=samples, noise_rel=0.03, outlier_fraction=0.01,
                  seed=seed, nucleation=0.5 if seed % 2 else 0.0)
    settings: dict = {}
    if kind in ("hard", "between"):
        rec, tr = make_trace(proto, short_step=int(rng.integers(1, 7)),
                             short_half=int(rng.integers(0, 2)),
                             short_at=0.0 if kind == "between" else float(rng.uniform(0.1, 0.9)),
                             **common)
    elif kind == "progressive":
        rec, tr = make_trace(proto, n_steps=8, progressive_from_hc=int(rng.integers(2, 9)),
                             **common)
    elif kind == "end_rise":
        rec, tr = make_trace(proto, n_steps=8, end_rise_from_step=int(rng.integers(1, 6)),
                             **common)
    elif kind == "limit":
        rec, tr = make_trace("Li", n_steps=7, void_from_step=3, **common)
        if seed % 2:
            settings["voltage_limit_V"] = 1.0
    elif kind == "collapse":
        rec, tr = make_trace(proto, n_steps=8, collapse_from_step=int(rng.integers(1, 6)),
                             **common)
    elif kind == "plating":
        at = float(rng.uniform(3.0, 4.5) if samples < 20 else rng.uniform(1.0, 9.0))
        rec, tr = make_plating_trace(0.5, samples=samples, short_at_h=at, noise_rel=0.03,
                                     outlier_fraction=0.01, seed=seed,
                                     nucleation=0.5 if seed % 2 else 0.0)
    elif kind == "ramp":
        rec, tr = make_ramp_trace(3, samples_per_half_cycle=samples,
                                  short_hc=int(rng.integers(0, 3)),
                                  short_at=float(rng.uniform(0.4, 0.6) if samples < 20
                                                 else rng.uniform(0.3, 0.9)),
                                  noise_rel=0.03, outlier_fraction=0.01, seed=seed)
        if samples < 8:
            settings["protocol"] = "ramp"
    elif kind == "none":
        rec, tr = make_trace(proto, n_steps=8, **common)
    elif kind == "soft":
        rec, tr = make_trace(proto, n_steps=8, soft_half_cycles=(2, 5, 9), **common)
    else:
        raise ValueError(kind)
    return rec, tr, settings
