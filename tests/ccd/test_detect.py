"""CCD detector against traces with known answers (tests/ccd/ccd_synth.py, independent of
semisolid.ccd) and against real files that have no short."""

from __future__ import annotations

import numpy as np
import pytest

from semisolid.ccd import DetectorSettings, detect, segment
from semisolid.errors import FileFormatError, InputError
from semisolid.io.data import CyclingData, CyclingMetadata

AREA_M2 = 0.4e-4  # the generator's default 0.4 cm2


def _check(r, truth, dt_s):
    assert r.failure == truth.failure
    assert r.onset_step == truth.onset_step, (r.evidence, truth)
    assert r.onset_half_cycle == truth.onset_half_cycle
    assert r.ccd_mA_cm2 == pytest.approx(truth.ccd_mA_cm2, rel=1e-9)
    assert r.step_mA_cm2 == pytest.approx(truth.step_mA_cm2, rel=1e-9)
    if truth.onset_step > 0:
        assert r.last_stable_mA_cm2 == pytest.approx(truth.ccd_mA_cm2 - truth.step_mA_cm2,
                                                     rel=1e-9)
    if truth.onset_time_s is not None:
        # the first low sample; median filtering may shift it by at most 2 samples under noise
        assert abs(r.onset_time_s - truth.onset_time_s) <= 2 * dt_s + 1e-6


CASES = [
    # (protocol, sampling dt [s], noise_rel, spikes, soft half cycles)
    ("Li", 120.0, 0.0, 0, ()),
    ("Li", 60.0, 0.05, 20, (2, 5)),
    ("NaK", 30.0, 0.0, 0, ()),
    ("NaK", 20.0, 0.05, 20, (1, 4)),
    ("NaK-Li-0.25", 5.0, 0.03, 10, (3,)),
    ("NaK-Li-1.5", 30.0, 0.05, 10, (2,)),
    ("NaK-Li-3", 60.0, 0.05, 10, (1, 6)),
]


@pytest.mark.slow
@pytest.mark.parametrize(("protocol", "dt", "noise", "spikes", "soft"), CASES)
@pytest.mark.parametrize("seed", range(5))
def test_exact_onset_step(synth, protocol, dt, noise, spikes, soft, seed):
    rng = np.random.default_rng(1000 + seed)
    step = int(rng.integers(soft[-1] // 2 + 1 if soft else 1, 8))
    half = int(rng.integers(0, 2))
    at = float(rng.uniform(0.05, 0.95))
    rec, truth = synth.make_trace(protocol, short_step=step, short_half=half, short_at=at,
                                  dt_s=dt, noise_rel=noise, spikes=spikes,
                                  soft_half_cycles=soft, seed=seed)
    r = detect(rec, AREA_M2)
    _check(r, truth, dt)
    # soft shorts before the onset are flagged, never counted
    flagged = {e.half_cycle for e in r.soft_shorts}
    assert set(soft) <= flagged


@pytest.mark.parametrize("protocol", ["Li", "NaK", "NaK-Li-1.5"])
@pytest.mark.parametrize("seed", range(4))
def test_coarse_sampling(synth, protocol, seed):
    """Six samples per half cycle: the drop is seen in one or two samples only."""
    rng = np.random.default_rng(seed)
    step = int(rng.integers(1, 7))
    rec, truth = synth.make_trace(protocol, short_step=step, short_half=seed % 2,
                                  short_at=float(rng.uniform(0.1, 0.9)),
                                  samples_per_half_cycle=6, noise_rel=0.03, seed=seed)
    r = detect(rec, AREA_M2)
    assert (r.failure, r.onset_step, r.onset_half_cycle) == (
        truth.failure, truth.onset_step, truth.onset_half_cycle)


def test_short_at_start_of_half_cycle(synth):
    """Shorted before the first sample of the half cycle: an ASR collapse between segments."""
    rec, truth = synth.make_trace("NaK", short_step=3, short_half=1, short_at=0.0, dt_s=30.0,
                                  noise_rel=0.02, seed=3)
    r = detect(rec, AREA_M2)
    _check(r, truth, 30.0)
    assert any("collapsed" in e for e in r.evidence)


def test_record_ends_in_the_short_half_cycle(synth):
    rec, truth = synth.make_trace("NaK", short_step=4, short_half=1, short_at=0.5, dt_s=30.0,
                                  after_short_cycles=0, seed=1)
    r = detect(rec, AREA_M2)
    _check(r, truth, 30.0)
    assert "record ends" in r.evidence[0]


@pytest.mark.parametrize("noise", [0.0, 0.05])
def test_soft_shorts_only_no_failure(synth, noise):
    rec, _truth = synth.make_trace("NaK", n_steps=6, soft_half_cycles=(2, 5, 8), soft_depth=0.7,
                                  dt_s=20.0, noise_rel=noise, spikes=10, seed=2)
    r = detect(rec, AREA_M2)
    assert r.failure == "none" and r.ccd_mA_cm2 is None
    assert {e.half_cycle for e in r.soft_shorts} == {2, 5, 8}
    assert r.last_stable_mA_cm2 == pytest.approx(3.0)  # 0.5 + 5 x 0.5, all survived


def test_no_short_clean(synth):
    rec, _ = synth.make_trace("Li", n_steps=8, dt_s=120.0, seed=0)
    r = detect(rec, AREA_M2)
    assert r.failure == "none"
    assert r.soft_shorts == []
    assert r.half_cycles == 16


def test_open_circuit_li_fourth_cycle(synth):
    """The paper's Li/LLZTO/Li void failure: onset at the 4th cycle, 0.5 mA/cm2, during the
    stripping half cycle; the instrument stops half cycles at its 1 V limit."""
    rec, truth = synth.make_trace("Li", n_steps=7, void_from_step=3, dt_s=120.0,
                                  noise_rel=0.02, seed=4)
    r = detect(rec, AREA_M2, settings=DetectorSettings(voltage_limit_V=1.0))
    assert r.failure == "open_circuit"
    assert r.ccd_mA_cm2 == pytest.approx(0.5)
    assert r.onset_half_cycle == truth.onset_half_cycle == 7
    # without the voltage limit, the rise of |V| within the half cycle still finds it
    r2 = detect(rec, AREA_M2)
    assert (r2.failure, r2.onset_half_cycle) == ("open_circuit", 7)


def test_areal_capacity_and_areas(synth):
    rec, truth = synth.make_trace("NaK-Li-1.5", short_step=5, short_half=0, short_at=0.5,
                                  dt_s=30.0, seed=5)
    final = 0.5e-4
    r = detect(rec, AREA_M2, final_area_m2=final)
    s = r.summary()
    assert s["areal_capacity_mAh_cm2"] == pytest.approx(1.5, rel=2e-3)
    assert s["areal_capacity_final_mAh_cm2"] == pytest.approx(1.5 * 0.4 / 0.5, rel=2e-3)
    assert s["ccd_final_mA_cm2"] == pytest.approx(truth.ccd_mA_cm2 * 0.4 / 0.5)
    # cumulative capacity before the short: 10 full half cycles + the part of the 11th
    hc = np.asarray(rec.half_cycle)
    t_start = rec.time_s[np.argmax(hc == truth.onset_half_cycle)]
    expected = 1.5 * truth.onset_half_cycle + truth.ccd_mA_cm2 * (
        truth.onset_time_s - t_start) / 3600.0
    assert s["cumulative_capacity_mAh_cm2"] == pytest.approx(expected, rel=2e-3)


def test_segmentation_capacity_conservation(synth):
    """Charge of the segments = integral of the set current (io.data's trapezoid)."""
    rec, _ = synth.make_trace("NaK", n_steps=5, dt_s=10.0, seed=0)
    seg = segment(rec, AREA_M2)
    total = np.abs(np.diff(np.concatenate([[0.0], rec.charge_C]))).sum()
    assert seg.charge_C.sum() == pytest.approx(total, rel=2e-3)
    assert seg.step_current_density_A_m2 * 0.1 == pytest.approx(np.arange(1, 6) * 0.5)


def test_set_current_is_the_median_of_the_segment(synth):
    """A stray set-point row inside a segment does not shift its current density."""
    t = np.arange(40.0) * 60.0
    i = np.repeat([1e-4, -1e-4, 2e-4, -2e-4], 10)  # 0.1 and 0.2 mA on 1 cm2
    i[3] = 1.3e-4  # one stray row, within level_rel_tol=0.5 of its neighbours
    seg = segment(CyclingData.from_arrays(t, 10.0 * i, i), 1e-4, level_rel_tol=0.5)
    assert seg.set_current_A.tolist() == [1e-4, -1e-4, 2e-4, -2e-4]  # the set points
    assert seg.current_density_A_m2 * 0.1 == pytest.approx([0.1, 0.1, 0.2, 0.2], rel=1e-12)
    # brute force over a synthetic trace with noise-free set points: np.median per segment
    rec, _ = synth.make_trace("NaK-Li-1.5", short_step=4, short_half=1, short_at=0.4,
                              dt_s=30.0, seed=2)
    seg = segment(rec, AREA_M2)
    iset = np.asarray(rec.set_current_A)
    expect = [np.median(iset[a:b]) for a, b in zip(seg.start_row, seg.stop_row, strict=True)]
    assert seg.set_current_A.tolist() == expect


def _rec(t, v, i, name="cell7.mpr"):
    return CyclingData.from_arrays(t, v, i, metadata=CyclingMetadata(source_file=name))


def test_bad_inputs_name_the_file():
    t = np.arange(10.0)
    i = np.repeat([1e-4, -1e-4], 5)
    v = 0.01 * np.sign(i)
    with pytest.raises(InputError, match="area_m2: the electrode area is required"):
        detect(_rec(t, v, i), None)
    with pytest.raises(InputError, match="area"):
        detect(_rec(t, v, i), -1.0)
    with pytest.raises(FileFormatError, match=r"cell7\.mpr: no galvanostatic steps"):
        detect(_rec(t, v, np.zeros(10)), 1e-4)
    vn = v.copy()
    vn[6] = np.nan
    with pytest.raises(FileFormatError, match=r"cell7\.mpr: voltage is NaN .* row 6"):
        detect(_rec(t, vn, i), 1e-4)
    tn = t.copy()
    tn[3] = np.nan
    with pytest.raises(FileFormatError, match=r"cell7\.mpr: time is NaN .* row 3"):
        detect(_rec(tn, v, i), 1e-4)
    td = t.copy()
    td[4] = td[3]
    with pytest.raises(FileFormatError, match=r"row 4 repeats"):
        detect(_rec(td, v, i), 1e-4)
    tb = t.copy()
    tb[4] = 1.0
    with pytest.raises(FileFormatError, match=r"row 4 goes back"):
        detect(_rec(tb, v, i), 1e-4)
    # a set current that never changes is a constant-current test, not an error (issue 15) ...
    r = detect(_rec(t, 0.01 * np.ones(10), np.full(10, 1e-4)), 1e-4)
    assert (r.protocol, r.failure, r.ccd_mA_cm2) == ("constant_current", "none", None)
    # ... unless the stepwise protocol is forced
    with pytest.raises(FileFormatError, match=r"cell7\.mpr: protocol stepwise was given but "
                       "the set current never changes"):
        detect(_rec(t, v, np.full(10, 1e-4)), 1e-4, settings=DetectorSettings(
            protocol="stepwise"))
    with pytest.raises(InputError, match="cycling data: no galvanostatic"):
        detect(CyclingData.from_arrays(t, v, np.zeros(10)), 1e-4)


def test_settings_are_checked():
    with pytest.raises(InputError, match="median_window"):
        DetectorSettings(median_window=0)
    with pytest.raises(InputError, match="rise_factor"):
        DetectorSettings(rise_factor=0.5)
    assert DetectorSettings().key() != DetectorSettings(drop_fraction=0.6).key()


# ---- real files without a short -------------------------------------------------------

def _limit_turning_points(v, lo, hi, tol=0.01):
    """Alternating visits to the voltage limits: each reversal at a limit ends a half cycle."""
    at = np.where(v <= lo + tol, -1, np.where(v >= hi - tol, 1, 0))
    seq = at[at != 0]
    return int(1 + np.count_nonzero(np.diff(seq))) if seq.size else 0


def test_real_gcpl_5_cycles_no_short(data_dir):
    """The file is named "5cycles" but holds 13 half cycles: after a 360-row rest, a first
    discharge from OCV (2.5 V) to 2.0 V, then six charge/discharge pairs between 2.0 and
    3.8 V (the instrument's limits, file name and SOURCES.md). The expected count is read
    from the file's own raw columns, independently of the detector's segmentation."""
    from semisolid.io import read

    rec = read(data_dir / "echem/navani/jdb11-1_c3_gcpl_5cycles_2V-3p8V_C-24_data_C09.mpr")
    r = detect(rec, 1e-4)
    assert r.failure == "none"
    ewe = np.asarray(rec.extra["Ewe/V"], dtype=float)
    control = np.asarray(rec.extra["control/V/mA"], dtype=float)
    galvanostatic = control != 0
    # (1) the voltage reverses at a 2.0 / 3.8 V limit once per half cycle
    n_turns = _limit_turning_points(ewe[galvanostatic], 2.0, 3.8)
    # (2) EC-Lab's own "half cycle" counter over the galvanostatic rows (it skips 1)
    n_eclab = np.unique(np.asarray(rec.extra["half cycle"])[galvanostatic]).size
    # (3) sign runs of the raw control current
    sgn = np.sign(control[galvanostatic])
    n_runs = 1 + np.count_nonzero(np.diff(sgn))
    assert n_turns == n_eclab == n_runs == 13
    assert r.half_cycles == n_turns
    # +/-0.0888 mA on 1 cm2, constant: no current steps
    assert r.last_stable_mA_cm2 == pytest.approx(0.0888, rel=1e-3)
    assert r.step_mA_cm2 == 0.0


def test_real_biol_gcpl_with_eis_no_short(data_dir):
    from semisolid.io import read

    rec = read(data_dir / "echem/cellpy/biol.mpr")
    r = detect(rec, 1e-4)
    assert r.failure == "none"
    assert len(r.eis) == len(rec.spectra) == 5
    assert not any(d["collapsed"] for d in r.eis)


def test_real_mb_file_is_not_galvanostatic(data_dir):
    """The navani MB file is potentiostatic (control/V): a clear error, not a false short."""
    from semisolid.io import read

    rec = read(data_dir / "echem/navani/00_test_04_MB_C01.mpr")
    with pytest.raises(FileFormatError, match=r"00_test_04_MB_C01\.mpr: no galvanostatic"):
        detect(rec, 1e-4)


# ---- EIS evidence inside the CCD analysis -----------------------------------------------

def _spectra_for(rec, truth, collapse_from_hc):
    from semisolid.io.data import Spectra, Spectrum

    f = np.logspace(5, -1, 30)
    out = []
    for k, hc in enumerate(range(1, int(rec.half_cycle.max()) + 1, 2)):
        if collapse_from_hc is not None and hc >= collapse_from_hc:
            z = np.full(f.size, 0.6 + 0.0j) * (1 + 0.01 * np.cos(np.arange(f.size)))
        else:
            z = 30 + 120 / (1 + (1j * 2 * np.pi * f * 1e-3) ** 0.9)
        out.append(Spectrum(f, z, index=k, after_half_cycle=hc))
    return Spectra(out)


def test_eis_confirms_short(synth):
    rec, truth = synth.make_trace("NaK", short_step=3, short_half=0, short_at=0.5, dt_s=30.0,
                                  seed=7)
    rec.spectra = _spectra_for(rec, truth, truth.onset_half_cycle)
    r = detect(rec, AREA_M2)
    assert r.failure == "short" and r.onset_step == 3
    assert any(e.startswith("confirmed by EIS") for e in r.evidence)


def test_eis_alone_finds_a_short_the_voltage_hides(synth):
    """Voltage shows nothing (no short in the trace) but spectra collapse after cycle 3."""
    rec, _ = synth.make_trace("NaK", n_steps=6, dt_s=30.0, seed=8)
    rec.spectra = _spectra_for(rec, None, 7)
    r = detect(rec, AREA_M2)
    assert r.failure == "short"
    assert r.onset_half_cycle == 7 and r.ccd_mA_cm2 == pytest.approx(2.0)
    assert any(e.startswith("EIS only") for e in r.evidence)


def test_resistor_like_first_spectrum_is_not_an_eis_only_short(synth):
    """A cell whose spectra are all flat and resistor-like (its interfacial arc outside the
    measured frequencies) has no earlier spectrum to compare with: no short is reported."""
    from semisolid.io.data import Spectra, Spectrum

    rec, _ = synth.make_trace("NaK", n_steps=6, dt_s=30.0, seed=8)
    f = np.logspace(5, -1, 30)
    rec.spectra = Spectra([Spectrum(f, np.full(f.size, 0.6 + 0.0j), index=k,
                                    after_half_cycle=hc)
                           for k, hc in enumerate(range(1, int(rec.half_cycle.max()) + 1, 2))])
    r = detect(rec, AREA_M2)
    assert r.failure == "none" and r.ccd_mA_cm2 is None
    assert not any(d["collapsed"] for d in r.eis)
    assert not any(e.startswith("EIS only") for e in r.evidence)
