"""Real public symmetric-cell records (tests/data/SOURCES.md) as negative controls: no false
short, and the soft-short events the detector flags line up with the cell's own impedance."""

from __future__ import annotations

import gzip

import numpy as np
import pytest

import semisolid.io as sio
from semisolid.ccd import detect
from semisolid.io.data import CyclingData

INSITU = "echem/datalab_insitu/jr862_11_08_23_insitu-impedance-LiLi_1MLiTFSI_TEGDME-1mA"


def test_insitu_li_li_plating_step(data_dir):
    """A 10-min +0.4 mA plating step of a Li|Li cell (after a 5-min rest): a constant-current
    record, analysed (not refused), no failure."""
    rec = sio.read(data_dir / f"{INSITU}_01_GCPL_C05.mpr")
    r = detect(rec, 1e-4)
    assert (r.protocol, r.failure, r.half_cycles) == ("constant_current", "none", 1)
    assert r.last_stable_mA_cm2 == pytest.approx(0.4, rel=1e-6)
    assert r.soft_shorts == []


@pytest.fixture(scope="module")
def plating_45h(tmp_path_factory, data_dir):
    """45 h of +0.4 mA plating in 1-h steps with a GEIS spectrum after each (the record
    stores time and Ewe only; the set current, 0.400 mA with I sign > 0 in every step, is
    the one the settings file .mps programmes)."""
    p = tmp_path_factory.mktemp("insitu") / "gcpl03.txt"
    p.write_bytes(gzip.decompress((data_dir / f"{INSITU}_03_GCPL_C05.txt.gz").read_bytes()))
    settings = (data_dir / f"{INSITU}.mps").read_text(encoding="latin-1")
    block = settings.split("Technique : 3")[1]
    assert "Is                  0.000               0.400" in block
    assert "unit Is             mA                  mA" in block
    rec = sio.read(p, format="csv")
    assert any("no current column" in w for w in rec.metadata.warnings)
    cell = CyclingData.from_arrays(rec.time_s, rec.voltage_V, np.full(len(rec), 0.4e-3),
                                   metadata=rec.metadata)
    spectra = sio.read(data_dir / f"{INSITU}_02_GEIS_C05.mpr").spectra
    return cell, spectra


@pytest.mark.slow
def test_insitu_45h_plating_no_false_short(plating_45h):
    cell, spectra = plating_45h
    assert len(cell) == 76807 and len(spectra) == 45
    r = detect(cell, 1e-4)
    assert (r.protocol, r.failure) == ("constant_current", "none")
    cell.spectra = spectra
    r2 = detect(cell, 1e-4)
    assert r2.failure == "none" and not any(d["collapsed"] for d in r2.eis)


@pytest.mark.slow
def test_insitu_soft_short_events_start_where_the_impedance_falls(plating_45h):
    """The first soft-short event the voltage shows comes just before the first spectrum
    whose high-frequency resistance fell below 2/3 of its highest value since plating began
    (spectrum 1; spectrum 0 was taken before): two independent measurements of the same
    event (the record comes from a study of soft shorts)."""
    cell, spectra = plating_45h
    r = detect(cell, 1e-4)
    first = min(e.time_s for e in r.soft_shorts)
    r_hf = np.array([s.impedance_Ohm.real[np.argmax(s.frequency_Hz)] for s in spectra])
    t_s = np.array([s.time_s for s in spectra])
    top = np.maximum.accumulate(r_hf[1:])
    k = int(np.argmax(r_hf[2:] < 2 / 3 * top[:-1])) + 2
    assert r_hf[k] < 2 / 3 * r_hf[1:k].max()            # spectrum 24, at 24.3 h
    assert t_s[k - 1] < first < t_s[k]
    assert not any(e.time_s < t_s[k - 1] for e in r.soft_shorts)   # none before it
