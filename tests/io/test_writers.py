"""The writer registry (CSV, Parquet, .mpt) and the neutral assembly of every reader."""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pandas as pd
import pytest

from semisolid.errors import InputError
from semisolid.io import read, read_spectra, register_writer, writable_formats, write
from semisolid.io.data import file_sha256
from semisolid.io.registry import WRITERS

from .conftest import GAMRY, PEIS_MPT

CANONICAL = ("time_s", "voltage_V", "set_current_A", "current_A", "step_index", "half_cycle")


def test_writer_registration_refuses_silent_overwrite():
    with pytest.raises(InputError, match="already registered; pass replace=True"):
        register_writer("csv", lambda data, path: [])
    assert writable_formats()[:2] == ["csv", "parquet"]
    register_writer("csv-copy", "semisolid.io.tables:write_csv", extensions=[".csvx"])
    try:
        register_writer("csv-copy", "semisolid.io.tables:write_csv", replace=True)
        assert WRITERS.get("csv-copy").extensions == []
    finally:
        WRITERS._writers.pop("csv-copy")


def test_unknown_suffix_and_option_are_input_errors(tmp_path, biol):
    with pytest.raises(InputError, match=r"x\.xlsx: cannot tell the output format .*writers: "
                                         r"csv \(\.csv\), parquet"):
        write(biol, tmp_path / "x.xlsx")
    with pytest.raises(InputError, match=r"unknown output format 'cvs'.*did you mean 'csv'"):
        write(biol, tmp_path / "x.dat", format="cvs")
    with pytest.raises(InputError, match="'everything': expected one of auto, cycling"):
        write(biol, tmp_path / "x.csv", what="everything")


def test_the_input_file_is_never_overwritten(tmp_path):
    p = tmp_path / "cell.mpt"
    p.write_bytes(PEIS_MPT.read_bytes())
    rec = read(p)
    before = file_sha256(p)
    with pytest.raises(InputError, match="the file the record was read from"):
        write(rec, p)
    assert file_sha256(p) == before


@pytest.mark.slow
def test_csv_of_a_real_record_reads_back_exactly(tmp_path, biol):
    (p,) = write(biol, tmp_path / "biol.csv", what="cycling")
    back = read(p)
    for name in CANONICAL:
        np.testing.assert_array_equal(getattr(back, name), getattr(biol, name), err_msg=name)
    # pandas' own parse of the text: the file holds the record's table
    ref = pd.read_csv(p)
    np.testing.assert_array_equal(ref["voltage_V"].to_numpy(), biol.voltage_V)


@pytest.mark.slow
def test_cycling_plus_spectra_pair_keeps_every_spectrum_in_place(tmp_path, biol):
    paths = write(biol, tmp_path / "biol.csv", what="cycling+spectra")
    assert [p.name for p in paths] == ["biol.csv", "biol_eis.csv"]
    cyc, spec = read(paths[0]), read_spectra(paths[1])
    known = np.isfinite(biol.set_current_A)
    np.testing.assert_array_equal(cyc.time_s, biol.time_s[known])
    assert len(spec) == len(biol.spectra) == 5
    for a, b in zip(spec, biol.spectra, strict=True):
        np.testing.assert_array_equal(a.impedance_Ohm, b.impedance_Ohm)
        assert a.after_half_cycle == b.after_half_cycle
    assert [s.after_half_cycle for s in spec][:2] == [None, 0]


def test_auto_writes_the_spectra_of_an_impedance_file(tmp_path):
    rec = read(GAMRY)
    (p,) = write(rec, tmp_path / "z.parquet")
    frame = pd.read_parquet(p)
    assert len(frame) == 72 and list(frame.columns[:3]) == ["spectrum", "after_half_cycle",
                                                             "frequency_Hz"]
    np.testing.assert_array_equal(frame["z_real_Ohm"], rec.spectra[0].real_Ohm)


@pytest.mark.slow
def test_mpt_writer_round_trips_a_real_ec_lab_record(tmp_path, biol):
    (p,) = write(biol, tmp_path / "biol.mpt")
    back = read(p)
    for name in CANONICAL:          # 17 significant digits: exact
        np.testing.assert_array_equal(getattr(back, name), getattr(biol, name), err_msg=name)
    assert back.metadata.techniques == ["MB"] and back.metadata.format == "biologic-mpt"
    assert back.metadata.comments == biol.metadata.comments
    t0 = [datetime.fromisoformat(r.metadata.start_time) for r in (back, biol)]
    assert t0[0] == t0[1]                     # written without the file's '.000'
    assert [len(s) for s in back.spectra] == [64, 64, 64, 64, 54]
    for a, b in zip(back.spectra, biol.spectra, strict=True):
        # |Z| and Phase(Z) are written with 11 significant digits
        np.testing.assert_allclose(a.impedance_Ohm, b.impedance_Ohm, rtol=1e-9)


def test_mpt_writer_needs_ec_lab_columns(tmp_path):
    rec = read(GAMRY)
    with pytest.raises(InputError, match=r"EC-Lab columns .* write a \.csv table instead"):
        write(rec, tmp_path / "z.mpt")


def test_virtual_cell_header_facts_round_trip(tmp_path):
    from semisolid.models.virtual_cell import simulate_cell

    d = simulate_cell("K/KBA/K", seed=1)
    back = read(write(d, tmp_path / "k.mpt")[0])
    md = back.metadata
    assert (md.electrode, md.electrolyte, md.instrument) == ("K", "KBA",
                                                             "semisolid virtual cell")
    assert md.comments == "semisolid virtual cell K/KBA/K, seed 1"
    assert md.start_time == "2021-01-01T00:00:00"


def test_the_same_numbers_in_two_formats_give_the_same_record(tmp_path):
    # neutral assembly: the .mpt's columns written as a plain CSV with other headers read
    # into the same canonical arrays and spectra (no EC-Lab names in between)
    rec = read(PEIS_MPT)
    e = rec.extra
    p = tmp_path / "same.csv"
    pd.DataFrame({"Time (s)": e["time/s"], "Potential (V)": e["<Ewe>/V"],
                  "Current (mA)": e["<I>/mA"], "Frequency (Hz)": e["freq/Hz"],
                  "Zreal (Ohm)": e["Re(Z)/Ohm"], "-Zimag (Ohm)": e["-Im(Z)/Ohm"]}).to_csv(
        p, index=False)
    other = read(p)
    np.testing.assert_array_equal(other.time_s, rec.time_s)
    np.testing.assert_array_equal(other.voltage_V, rec.voltage_V)
    np.testing.assert_allclose(other.current_A, rec.current_A, rtol=1e-15)
    np.testing.assert_array_equal(other.spectra[0].impedance_Ohm, rec.spectra[0].impedance_Ohm)
    assert other.metadata.extra["voltage_source"] == "Potential (V)"   # the file's header
    assert rec.metadata.extra["voltage_source"] == "<Ewe>/V"
    assert "time/s" not in other.extra                                # no EC-Lab renaming


def test_gamry_metadata_keeps_its_own_column_names():
    rec = read(GAMRY)
    md = rec.metadata
    assert md.columns["Freq"] == "Hz" and md.columns["Zreal"] == "ohm"
    assert "freq/Hz" not in md.columns and "freq/Hz" not in rec.extra
    assert md.extra["voltage_source"] == "Vdc" and md.instrument == "Gamry Framework"
    assert rec.spectra.metadata is md and rec.spectra[0].notes[0] == "Z from Zreal and Zimag"
