"""Failure signatures and protocols of issue 15: the detector validation over generated
traces (tests/ccd/ccd_synth.py, independent of semisolid.ccd), every "Why" example of the
issue, and the plausibility warnings."""

from __future__ import annotations

import numpy as np
import pytest

from semisolid.ccd import DetectorSettings, detect
from semisolid.io.data import CyclingData, CyclingMetadata

AREA_M2 = 0.4e-4
SAMPLINGS = (4, 6, 20, 200)


def _exact(r, tr, kind) -> bool:
    """Exact onset: failure, current step and half cycle (ramp: the CCD within 2.5
    samples; plating: the onset time within 2.5 samples); no failure where there is none."""
    if kind in ("none", "soft"):
        return r.failure == "none"
    if kind == "ramp":
        return (r.failure == tr.failure and r.onset_half_cycle == tr.onset_half_cycle
                and abs(r.ccd_mA_cm2 - tr.ccd_mA_cm2) <= 2.5 * r.step_mA_cm2)
    if kind == "plating":
        return (r.failure == tr.failure and r.protocol == "constant_current"
                and r.ccd_mA_cm2 is None
                and abs(r.onset_time_s - tr.onset_time_s) <= 2.5 * r.segments.duration_s[0]
                / r.segments.n_samples[0])
    return (r.failure, r.onset_step, r.onset_half_cycle) == (
        tr.failure, tr.onset_step, tr.onset_half_cycle)


def _rate(synth, kind, seeds):
    """Fraction of exact traces of `kind` over all samplings, and the misses."""
    n = ok = 0
    misses = []
    for samples in SAMPLINGS:
        for seed in seeds:
            rec, tr, kw = synth.validation_trace(kind, samples, seed)
            if kind == "progressive" and (tr.margin is None or tr.margin < 0.05):
                continue  # the noise-free plateau within 5 % of the threshold: ambiguous
            r = detect(rec, AREA_M2, settings=DetectorSettings(**kw))
            n += 1
            if _exact(r, tr, kind):
                ok += 1
            else:
                misses.append((samples, seed, r.failure, r.onset_half_cycle,
                               tr.onset_half_cycle))
    return ok / n, n, misses


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["hard", "between", "progressive", "end_rise", "limit",
                                  "collapse", "plating", "ramp", "none", "soft"])
def test_validation_quick(synth, kind):
    """Three seeds per sampling (4, 6, 20, 200 samples per half cycle): all exact."""
    rate, _n, misses = _rate(synth, kind, range(3))
    assert rate == 1.0, misses


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["hard", "between", "progressive", "end_rise", "limit",
                                  "collapse", "plating", "ramp", "none", "soft"])
def test_validation_98_percent_exact_no_false_failure(synth, kind):
    """Issue 15, "Done means": exact onset step in at least 98 % of the traces of every
    signature (50 seeds x 4 samplings, with noise, outliers and nucleation peaks), no false
    failure on traces without one (measured: docs/ccd.md)."""
    rate, n, misses = _rate(synth, kind, range(1000, 1050))
    assert n >= 180
    if kind in ("none", "soft"):
        assert rate == 1.0, misses
    else:
        assert rate >= 0.98, (rate, misses)


# ---- the "Why" examples of issue 15 -------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("seed", [4, 5, 6])
def test_no_soft_shorts_counted_on_the_shorted_trace(tmp_path, seed):
    """`simulate cell --preset K/KBA/K --seed 4` then `ccd k.mpt`: 13 soft shorts were counted
    on the flat, already-shorted trace. Now events after the onset are counted apart, and
    noise on a tiny plateau is not a dip."""
    import semisolid.io as sio
    from semisolid.models.virtual_cell import simulate_cell

    sim = simulate_cell("K/KBA/K", seed=seed)
    (path,) = sio.write(sim, tmp_path / "k.mpt")
    r = detect(sio.read(path), AREA_M2)
    truth = sim.metadata.extra["onset_current_density_mA_cm2"]
    assert r.failure == "short" and r.ccd_mA_cm2 == pytest.approx(truth, rel=2e-3)
    assert all(e.time_s < r.onset_time_s for e in r.soft_shorts)
    assert all(e.time_s >= r.onset_time_s for e in r.soft_shorts_after_onset)
    s = r.summary()
    assert s["soft_shorts"] == 0 and s["soft_shorts_after_onset"] <= 2


def _stepwise(asr_ohm_cm2, j_mA_cm2, samples=50, area_m2=1e-4, end_ratio=None):
    """Half cycles of alternating sign at the given current densities and ASRs (a resistor);
    with `end_ratio`, |V| of the negative half cycles grows as 1 / (1 - x / x_v) to
    end_ratio x its start value."""
    t, v, i = [], [], []
    t0 = 0.0
    for k, (asr, j) in enumerate(zip(asr_ohm_cm2, j_mA_cm2, strict=True)):
        sign = 1.0 if k % 2 == 0 else -1.0
        x = np.arange(samples) / samples
        vv = np.full(samples, asr * j * 1e-3)  # Ohm cm2 x mA/cm2 = mV
        if end_ratio is not None and sign < 0:
            xv = end_ratio / (end_ratio - 1.0)
            vv = vv / (1.0 - x / xv)
        t.append(t0 + x * 3600.0)
        v.append(sign * vv)
        i.append(np.full(samples, sign * j * 1e-3 * area_m2 * 1e4))
        t0 += 3600.0
    return CyclingData.from_arrays(np.concatenate(t), np.concatenate(v), np.concatenate(i))


@pytest.mark.parametrize("stepped", [True, False])
def test_progressive_soft_short_asr_30_to_3(stepped):
    """ASR falling from 30 to 3 Ohm cm2 over 10 half cycles gave "none". The onset is the
    first half cycle whose plateau |V| is below half the highest plateau of the earlier
    half cycles at no higher current (computed here from the trace's own numbers)."""
    asr = np.r_[np.full(4, 30.0), 30.0 * 0.1 ** (np.arange(1, 11) / 10.0), np.full(4, 3.0)]
    j = (0.5 + 0.5 * (np.arange(asr.size) // 2)) if stepped else np.full(asr.size, 0.5)
    rec = _stepwise(asr, j)
    v = asr * j
    expect = next(k for k in range(1, v.size)
                  if v[k] < 0.5 * max(v[m] for m in range(k) if j[m] <= j[k]))
    r = detect(rec, 1e-4)
    assert (r.failure, r.signature, r.onset_half_cycle) == (
        "short", "progressive soft short", expect)
    assert r.protocol == ("stepwise" if stepped else "constant_current")
    if stepped:
        assert r.ccd_mA_cm2 == pytest.approx(j[expect])
    else:
        assert r.ccd_mA_cm2 is None and r.onset_current_density_A_m2 == pytest.approx(5.0)


def test_stripping_void_voltage_doubling():
    """|V| doubling at the end of each stripping half cycle (from half cycle 5 on) gave
    "none": now an open circuit while the working electrode plates, the counter electrode
    (stripping) failing."""
    n = 12
    asr = np.full(n, 20.0)
    j = 0.5 + 0.5 * (np.arange(n) // 2)
    healthy = _stepwise(asr, j)
    void = _stepwise(asr, j, end_ratio=2.0)
    # only the stripping half cycles from 5 on: splice the healthy trace before them
    cut = 5 * 50
    v = np.r_[healthy.voltage_V[:cut], void.voltage_V[cut:]]
    rec = CyclingData.from_arrays(healthy.time_s, v, healthy.set_current_A)
    r = detect(rec, 1e-4)
    assert (r.failure, r.signature, r.onset_half_cycle) == ("open_circuit", "stripping void", 5)
    assert (r.onset_working_electrode, r.failing_electrode) == ("plating", "counter")
    assert detect(healthy, 1e-4).failure == "none"


def test_plate_until_short_is_a_constant_current_test(synth):
    """A constant-current "plate until short" test was refused; now: time and capacity to
    short, no CCD (no lower current was tried)."""
    rec, tr = synth.make_plating_trace(0.5, duration_h=10.0, short_at_h=6.0, samples=600,
                                       rest_s=600.0)
    r = detect(rec, AREA_M2)
    assert (r.protocol, r.failure, r.ccd_mA_cm2, r.last_stable_mA_cm2) == (
        "constant_current", "short", None, None)
    s = r.summary()
    assert s["onset_current_density_mA_cm2"] == pytest.approx(0.5)
    assert r.onset_time_s == pytest.approx(tr.onset_time_s)
    assert s["time_to_failure_s"] == pytest.approx(6.0 * 3600.0, abs=60.0)
    assert s["capacity_to_failure_mAh_cm2"] == pytest.approx(0.5 * 6.0, rel=2e-2)
    assert s["censored"] is False and s["censored_at_mA_cm2"] is None
    assert any("not a critical current density" in e for e in r.evidence)
    ok, _ = synth.make_plating_trace(0.5, short_at_h=None, samples=600)
    r = detect(ok, AREA_M2)
    assert (r.failure, r.protocol, r.censored) == ("none", "constant_current", False)


def test_current_ramp(synth):
    rec, tr = synth.make_ramp_trace(1, samples_per_half_cycle=400, short_hc=0, short_at=0.7)
    r = detect(rec, AREA_M2)
    assert (r.protocol, r.failure) == ("ramp", "short")
    assert r.ccd_mA_cm2 == pytest.approx(tr.ccd_mA_cm2, abs=2 * r.step_mA_cm2)
    assert r.step_mA_cm2 == pytest.approx(0.5 * 4.0 / 400, rel=1e-6)   # one sample
    assert any("ramp, recognised from the data" in n for n in r.notes)


def test_forced_protocol_disagreement_is_a_warning(synth):
    rec, _ = synth.make_trace("NaK", n_steps=3, dt_s=600.0)
    r = detect(rec, AREA_M2, settings=DetectorSettings(protocol="constant_current"))
    assert r.protocol == "constant_current"
    assert any("protocol constant_current was given but the data look stepwise" in w
               for w in r.warnings)


def test_settings_programme_makes_a_one_step_record_stepwise(synth):
    """A stepwise programme (two set currents in the file's settings) whose data show one
    level (the cell failed in its first step) is analysed as stepwise."""
    rec, _ = synth.make_trace("NaK", short_step=0, short_half=1, short_at=0.5, dt_s=300.0,
                              after_short_cycles=0)
    rec.metadata.technique_parameters = [
        {"Ns": 1, "source": "settings module", "set_current_A": 2e-4},
        {"Ns": 3, "source": "settings module", "set_current_A": 4e-4}]
    r = detect(rec, AREA_M2)
    assert r.protocol == "stepwise" and r.ccd_mA_cm2 == pytest.approx(0.5)
    assert any("settings programme 2 current levels" in n for n in r.notes)


def test_area_and_cell_type_warnings(tmp_path, data_dir):
    """`--area 4mm2` against a header's 0.4004 cm2, and a Li-ion full cell: warnings."""
    import semisolid.io as sio

    t = np.arange(100) * 60.0
    i = np.repeat([1e-4, -1e-4], 50)
    md = CyclingMetadata(source_file="k.mpt", header_area_m2=0.4004e-4,
                         header_area_text="0.4004 cm2")
    rec = CyclingData.from_arrays(t, 50.0 * i, i, metadata=md)
    w = detect(rec, 0.04e-4).warnings
    assert any("0.04 cm2" in x and "0.4004 cm2" in x for x in w)
    assert not any("area" in x for x in detect(rec, 0.4e-4).warnings)
    full = sio.read(data_dir / "echem/navani/jdb11-1_c3_gcpl_5cycles_2V-3p8V_C-24_data_C09.mpr")
    r = detect(full, 1e-4)
    assert r.failure == "none"
    assert any("does not look like a symmetric" in x for x in r.warnings)
    assert any("EC-Lab's placeholder" in n for n in r.notes)


def test_warnings_travel_with_the_result():
    t = np.arange(40) * 0.5                   # half cycles of 5 s: hours read as seconds?
    i = np.repeat([1.0, -1.0, 2.0, -2.0], 10)  # amperes on 1 cm2: 10 000 mA/cm2
    r = detect(CyclingData.from_arrays(t, 0.01 * i, i), 1e-4)
    assert any("implausible" in w and "current unit" in w for w in r.warnings)
    assert any("half cycles last" in w for w in r.warnings)
    assert r.summary()["warnings"] == r.warnings


def test_measured_current_collapse_is_an_open_circuit(synth):
    rec, tr = synth.make_trace("NaK", n_steps=6, collapse_from_step=3, dt_s=120.0,
                               noise_rel=0.02, seed=3)
    r = detect(rec, AREA_M2)
    assert (r.failure, r.signature, r.onset_half_cycle) == (
        "open_circuit", "current collapse", tr.onset_half_cycle)
    assert r.censored and r.summary()["censored_at_mA_cm2"] == pytest.approx(tr.ccd_mA_cm2)
