"""Virtual symmetric cell: protocol facts, conservation, failure physics, files, detector."""

from __future__ import annotations

import numpy as np
import pytest

from semisolid import paper
from semisolid.errors import InputError
from semisolid.io.data import Spectra
from semisolid.models import flow_ccd
from semisolid.models.virtual_cell import (
    CELL_PRESETS,
    PROTOCOLS,
    cell_preset,
    simulate_cell,
    write_csv,
    write_mpt,
)


@pytest.mark.parametrize("name", list(paper.PROTOCOLS))
def test_protocols_are_the_papers(name):
    # Methods, "Electrochemical cycling" (semisolid.paper): every step from start to max
    facts, p = paper.PROTOCOLS[name], PROTOCOLS[name]
    steps = p.current_densities_mA_cm2()
    assert steps[0] == facts.start_current_density_mA_cm2
    assert steps[-1] == facts.max_current_density_mA_cm2
    n = round((facts.max_current_density_mA_cm2 - facts.start_current_density_mA_cm2)
              / facts.step_current_density_mA_cm2) + 1
    assert len(steps) == n
    assert np.diff(steps) == pytest.approx(facts.step_current_density_mA_cm2)
    assert p.areal_capacity_C_m2 == pytest.approx(facts.areal_capacity_mAh_cm2 * 36000)
    assert p.eis_every_cycles == facts.eis_every_cycles


def test_presets_are_the_papers_families():
    assert list(CELL_PRESETS) == [f.name for f in paper.FAMILIES]
    assert len(CELL_PRESETS) == 6
    for f in paper.FAMILIES:
        c = CELL_PRESETS[f.name]
        assert (c.electrode, c.electrolyte, c.voids) == (f.electrode, f.electrolyte, f.voids)
        assert c.protocol == PROTOCOLS[f.protocol]
        d = paper.CELL.li_disc_diameter_m if f.disc == "li_disc" else \
            paper.CELL.collector_diameter_m
        assert c.area_m2 == pytest.approx(np.pi * d**2 / 4, rel=1e-12)
        for alias in f.aliases:
            assert cell_preset(alias).name == f.name


def test_same_seed_same_record():
    a, b = simulate_cell("A/KBA/A", seed=5), simulate_cell("A/KBA/A", seed=5)
    np.testing.assert_array_equal(a.voltage_V, b.voltage_V)
    assert a.metadata.extra["true_ccd_mA_cm2"] == b.metadata.extra["true_ccd_mA_cm2"]
    c = simulate_cell("A/KBA/A", seed=6)
    assert c.metadata.extra["true_ccd_mA_cm2"] != a.metadata.extra["true_ccd_mA_cm2"]


@pytest.mark.slow
@pytest.mark.parametrize("preset", list(CELL_PRESETS))
def test_charge_per_half_cycle_and_onset_step(preset):
    d = simulate_cell(preset, seed=3)
    e = d.metadata.extra
    area = e["area_m2"]
    q_target = cell_preset(preset).protocol.areal_capacity_C_m2
    gc = np.isfinite(d.set_current_A)
    hcs = np.unique(d.half_cycle[d.half_cycle >= 0])
    last = e["onset_half_cycle"] if e["failure_mode"] == "open_circuit" else hcs.max() + 1
    for h in hcs[hcs < last]:
        rows = np.flatnonzero((d.half_cycle == h) & gc)
        t = d.time_s[rows]
        dt = np.diff(t).mean()
        q = abs(d.current_A[rows]).mean() * (t[-1] - t[0] + dt) / area    # charge conservation
        assert q == pytest.approx(q_target, rel=1e-3)
    if e["failure_mode"] == "short":
        j = np.abs(d.set_current_A[d.half_cycle == e["onset_half_cycle"]][0]) / area / 10
        assert j == pytest.approx(e["onset_current_density_mA_cm2"])
        steps = PROTOCOLS["Li" if "LLZTO/Li" in preset and "NaK" not in preset else
                          ("NaK-Li" if "NaK(e)" in preset else "NaK")].current_densities_mA_cm2()
        first = next(s for s in steps if s >= e["true_ccd_mA_cm2"] - 1e-12)
        assert e["onset_current_density_mA_cm2"] == pytest.approx(first)


def test_short_collapses_voltage_and_spectrum():
    d = simulate_cell("K/KBA/K", seed=1)
    e = d.metadata.extra
    assert e["failure_mode"] == "short"
    t_on = e["onset_time_s"]
    gc = np.isfinite(d.set_current_A) & (d.set_current_A != 0)
    r = np.abs(d.voltage_V / np.where(gc, d.set_current_A, np.nan))
    before = np.nanmedian(r[gc & (d.time_s < t_on) & (d.half_cycle == e["onset_half_cycle"])])
    after = np.nanmedian(r[gc & (d.time_s > t_on)])
    assert after < 0.05 * before                     # a resistor of ~1 Ohm cm2 in parallel
    first, final = d.spectra[0], d.spectra[-1]
    assert first.minus_imag_Ohm.max() > 0.1 * first.real_Ohm.max()      # capacitive arc
    assert np.ptp(final.modulus_Ohm) < 0.05 * final.modulus_Ohm.mean()  # collapsed to a point
    assert np.abs(final.phase_deg).max() < 5
    assert final.real_Ohm.mean() < 0.05 * first.real_Ohm.min()


def test_li_voids_raise_impedance_film_does_not():
    from dataclasses import replace

    def r_int(d):   # low-frequency minus high-frequency real part of each spectrum
        return np.array([s.real_Ohm[-1] - s.real_Ohm[0] for s in d.spectra])

    # wide flaws: no short, so the interfaces alone decide what happens
    prm = replace(flow_ccd.DEFAULT_PARAMETERS, flaw_opening_m=1e-5)
    li = simulate_cell(cell_preset("Li/LLZTO/Li", seed=0), params=prm)
    film = simulate_cell(cell_preset("NaK(e)-Li/LLZTO/NaK(e)-Li", seed=0), params=prm)
    assert li.metadata.extra["failure_mode"] == "open_circuit"      # paper: > ~1 mA/cm2
    assert li.metadata.extra["onset_current_density_mA_cm2"] == pytest.approx(1.0)
    assert film.metadata.extra["failure_mode"] == "none"           # no impedance failure
    rl, rf = r_int(li), r_int(film)
    # cycles 1-3 at 0.125-0.375 mA/cm2 are below j_void = 0.45: flat; then a steady rise
    assert rl[3] == pytest.approx(rl[0], rel=0.05)
    assert rl[-2] > 1.5 * rl[0]
    assert rf.max() < 1.1 * rf.min()          # 0.3 % EIS noise on ~100 Ohm: +-5 % on r_int


@pytest.mark.slow
def test_mpt_round_trip_through_the_reader(tmp_path):
    from semisolid import io

    d = simulate_cell("B/KBA/B", seed=3)
    p = write_mpt(d, tmp_path / "b.mpt")
    r = io.read(p)
    assert r.metadata.header_area_m2 == pytest.approx(d.metadata.header_area_m2, rel=1e-5)
    # time, set current, current and voltage are written with 17 significant digits: exact
    for name in ("time_s", "voltage_V", "set_current_A", "current_A"):
        np.testing.assert_array_equal(getattr(r, name), getattr(d, name))
    for name in ("step_index", "half_cycle"):
        np.testing.assert_array_equal(getattr(r, name), getattr(d, name))
    assert len(r.spectra) == len(d.spectra)
    for a, b in zip(r.spectra, d.spectra, strict=True):
        np.testing.assert_allclose(a.impedance_Ohm, b.impedance_Ohm, rtol=1e-6)
        assert a.after_half_cycle == b.after_half_cycle


def test_mpt_ccd_reads_back_exactly(tmp_path):
    # review finding: with 8 significant digits the 3.0 mA/cm2 onset read back as 2.99999993
    from semisolid import io
    from semisolid.ccd import detect

    d = simulate_cell("K/KBA/K", seed=2)
    e = d.metadata.extra
    assert e["onset_current_density_mA_cm2"] == 3.0
    r = io.read(write_mpt(d, tmp_path / "k.mpt"))
    assert detect(r, area_m2=e["area_m2"]).ccd_mA_cm2 == 3.0


def test_csv_round_trip_through_the_reader(tmp_path):
    from semisolid import io
    from semisolid.ccd import detect

    d = simulate_cell("Na/NBA/Na", seed=2)
    paths = write_csv(d, tmp_path / "na.csv")
    assert paths[1].name == "na_eis.csv"
    r = io.read(paths[0])
    gc = np.isfinite(d.set_current_A)
    # pandas writes the shortest exact repr: the galvanostatic rows come back bit for bit
    for name in ("time_s", "voltage_V", "set_current_A", "current_A"):
        np.testing.assert_array_equal(getattr(r, name), getattr(d, name)[gc])
    np.testing.assert_array_equal(r.half_cycle, d.half_cycle[gc])
    # the EIS file: the first spectrum precedes every half cycle (written as -1, read as None)
    assert "after_half_cycle,frequency_Hz" in paths[1].read_text().splitlines()[0]
    s = io.read_spectra(paths[1])
    assert len(s) == len(d.spectra)
    assert s[0].after_half_cycle is None
    for a, b in zip(s, d.spectra, strict=True):
        np.testing.assert_array_equal(a.frequency_Hz, b.frequency_Hz)
        np.testing.assert_allclose(a.impedance_Ohm, b.impedance_Ohm, rtol=1e-12)
        assert a.after_half_cycle == b.after_half_cycle
    # the detector finds the same CCD on the file-read record (spectra attached) as in memory
    e = d.metadata.extra
    r.spectra = s
    from_file = detect(r, area_m2=e["area_m2"])
    in_memory = detect(d, area_m2=e["area_m2"])
    assert from_file.failure == in_memory.failure == e["failure_mode"] == "short"
    assert from_file.ccd_mA_cm2 == in_memory.ccd_mA_cm2 == e["onset_current_density_mA_cm2"]
    assert from_file.onset_half_cycle == e["onset_half_cycle"]


@pytest.mark.slow
def test_true_ccd_distribution_follows_the_creep_model():
    """Each cell's CCD is the model's CCD at its largest flaw, and the flaw depths of 300
    seeds follow the model's Fréchet law (Kolmogorov-Smirnov)."""
    from scipy.stats import kstest

    from semisolid.models import creep_ccd

    prm = creep_ccd.DEFAULT_CREEP_PARAMETERS
    extra = [simulate_cell("K/KBA/K", seed=s).metadata.extra for s in range(300)]
    depth = np.array([e["largest_flaw_depth_um"] for e in extra]) * 1e-6
    ccd = np.array([e["true_ccd_mA_cm2"] for e in extra])
    np.testing.assert_allclose(ccd * 10, creep_ccd.critical_current_density_A_m2("K", prm, depth),
                               rtol=1e-12)
    cdf = lambda x: np.exp(-(x / prm.flaw_depth_m) ** -prm.flaw_tail_exponent)  # noqa: E731
    assert kstest(depth, cdf).pvalue > 1e-3


def test_flow_model_parameters_still_select_the_flow_model():
    d = simulate_cell("K/KBA/K", seed=1, params=flow_ccd.DEFAULT_PARAMETERS)
    j, _ = flow_ccd.sample_ccd_A_m2("K", 1, rng=1)      # the same first draw of the seed
    assert d.metadata.extra["true_ccd_mA_cm2"] == pytest.approx(j[0] / 10, rel=1e-12)
    assert d.metadata.extra["ccd_model"] == "viscous"


def test_temperature_and_pressure_change_the_cell():
    """The same seed (the same flaw) at 40 °C and 1 MPa: the creep model's CCD at the new
    conditions, not the paper's."""
    from semisolid.models import creep_ccd

    for preset in ("K/KBA/K", "Li/LLZTO/Li"):
        base = simulate_cell(preset, seed=4).metadata.extra
        hot = simulate_cell(cell_preset(preset, seed=4, temperature_K=313.15)).metadata.extra
        assert hot["true_ccd_mA_cm2"] > base["true_ccd_mA_cm2"]    # creep is faster
        assert hot["largest_flaw_depth_um"] == base["largest_flaw_depth_um"]
        cond = creep_ccd.CellConditions(temperature_K=313.15, areal_capacity_C_m2=cell_preset(
            preset).protocol.areal_capacity_C_m2)
        expect = creep_ccd.critical_current_density_A_m2(
            creep_ccd.electrode_state(preset.split("/")[0], conditions=cond), None,
            hot["largest_flaw_depth_um"] * 1e-6) / 10
        assert hot["true_ccd_mA_cm2"] == pytest.approx(expect, rel=1e-12)
    li = simulate_cell("Li/LLZTO/Li", seed=4).metadata.extra
    low = simulate_cell(cell_preset("Li/LLZTO/Li", seed=4, stack_pressure_Pa=1e6)).metadata.extra
    assert low["true_ccd_mA_cm2"] < li["true_ccd_mA_cm2"]     # voids: less creep to refill


def test_bad_input():
    with pytest.raises(InputError, match="did you mean"):
        cell_preset("K/KBA/Kx")
    with pytest.raises(InputError, match=r"outside \[0, 1\]"):
        cell_preset("A/KBA/A", liquid_fraction=1.5)
    with pytest.raises(InputError, match="area_m2"):
        cell_preset("K", area_m2=-1.0)


def _agreement(preset: str, n: int, with_spectra: bool) -> tuple[int, list]:
    from semisolid.ccd.detect import detect

    bad = []
    for seed in range(n):
        d = simulate_cell(preset, seed=seed)
        if not with_spectra:
            d.spectra = Spectra()
        e = d.metadata.extra
        r = detect(d, area_m2=e["area_m2"])
        truth = e["onset_current_density_mA_cm2"]
        ok = r.failure == e["failure_mode"] and (
            (truth is None and r.ccd_mA_cm2 is None)
            or (r.ccd_mA_cm2 is not None and truth is not None
                and abs(r.ccd_mA_cm2 - truth) < 1e-6
                and r.onset_half_cycle == e["onset_half_cycle"]))
        if not ok:
            bad.append((seed, e["failure_mode"], truth, r.failure, r.ccd_mA_cm2))
    return n - len(bad), bad


@pytest.mark.slow
@pytest.mark.parametrize("preset", list(CELL_PRESETS))
def test_detector_finds_simulated_onset_voltage_only(preset):
    good, bad = _agreement(preset, 200, with_spectra=False)
    assert good >= 198, bad[:5]


@pytest.mark.slow
@pytest.mark.parametrize("preset", list(CELL_PRESETS))
def test_detector_finds_simulated_onset_with_eis(preset):
    good, bad = _agreement(preset, 200, with_spectra=True)
    assert good >= 198, bad[:5]
