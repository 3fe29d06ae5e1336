"""The .mpt, CSV and Gamry readers against impedance.py's readers (MIT, independent) and
against locale/encoding variants of the same file."""

from __future__ import annotations

import numpy as np
import pytest

from semisolid.errors import FileFormatError, InputError
from semisolid.io import read, read_spectra
from semisolid.io.csv import auto_mapping, split_header

from .conftest import EIS_CSV, GAMRY, PEIS_MPT


def _impedance_preprocessing():
    """impedance.py's readers (dev extra); skips only the tests that compare against them."""
    return pytest.importorskip("impedance.preprocessing")


def test_mpt_matches_impedance_py():
    preprocessing = _impedance_preprocessing()
    f_ref, z_ref = preprocessing.readFile(str(PEIS_MPT), instrument="biologic")
    s = read_spectra(PEIS_MPT)
    assert len(s) == 1 and len(s[0]) == 43  # SOURCES.md: 43 points, 1 kHz - 17 mHz
    np.testing.assert_allclose(s[0].frequency_Hz, f_ref, rtol=1e-12)
    np.testing.assert_allclose(s[0].impedance_Ohm, z_ref, rtol=1e-12)
    assert s[0].frequency_Hz[0] == pytest.approx(1e3, rel=1e-3)
    assert s[0].frequency_Hz[-1] == pytest.approx(0.0169, rel=1e-2)


def test_mpt_header_facts():
    rec = read(PEIS_MPT)
    md = rec.metadata
    assert md.format == "biologic-mpt" and md.techniques == ["PEIS"]
    assert md.start_time == "2018-02-04T10:02:46"
    assert md.header_area_m2 == pytest.approx(1e-7) and md.header_area_reliable is False
    assert md.columns["Cs/µF"] == "µF"  # cp1252 0xB5 decoded
    params = [p for p in md.technique_parameters if p.get("source") == "header"]
    assert params and params[0]["fi"] == "1.000" and params[0]["unit fi"] == "kHz"


def _comma_variant(tmp_path, encoding="cp1252"):
    lines = PEIS_MPT.read_bytes().decode("cp1252").split("\r\n") if b"\r\n" in \
        PEIS_MPT.read_bytes() else PEIS_MPT.read_bytes().decode("cp1252").split("\n")
    nb = int(lines[1].split(":")[1])
    out = lines[:nb] + [ln.replace(".", ",") for ln in lines[nb:]]
    p = tmp_path / "comma.mpt"
    p.write_bytes("\r\n".join(out).encode(encoding))
    return p


def test_mpt_decimal_comma_and_utf8_give_the_same_numbers(tmp_path):
    ref = read_spectra(PEIS_MPT)[0]
    for enc in ("cp1252", "utf-8"):
        got = read_spectra(_comma_variant(tmp_path, enc))[0]
        np.testing.assert_array_equal(got.frequency_Hz, ref.frequency_Hz)
        np.testing.assert_array_equal(got.impedance_Ohm, ref.impedance_Ohm)


def test_mpt_bad_number_names_the_line(tmp_path):
    lines = PEIS_MPT.read_bytes().decode("cp1252").splitlines()
    lines[70] = lines[70].replace("E", "x", 1)
    p = tmp_path / "bad.mpt"
    p.write_text("\n".join(lines), encoding="cp1252")
    with pytest.raises(FileFormatError, match=r"bad\.mpt \(line 71\): field 1 .* not a number"):
        read(p)


def test_headerless_eis_csv_matches_impedance_py():
    preprocessing = _impedance_preprocessing()
    f_ref, z_ref = preprocessing.readCSV(str(EIS_CSV))
    s = read_spectra(EIS_CSV)
    assert len(s) == 1 and len(s[0]) == 66  # SOURCES.md: 66 points
    np.testing.assert_allclose(s[0].frequency_Hz, f_ref, rtol=1e-15)
    np.testing.assert_allclose(s[0].impedance_Ohm, z_ref, rtol=1e-15)
    assert len(read(EIS_CSV)) == 0  # no time column: zero cycling rows, spectra kept


def test_gamry_matches_impedance_py():
    preprocessing = _impedance_preprocessing()
    f_ref, z_ref = preprocessing.readFile(str(GAMRY), instrument="gamry")
    rec = read(GAMRY)
    s = rec.spectra
    assert len(s) == 1 and len(s[0]) == 72  # SOURCES.md: 72 points, 200 kHz - 16 mHz
    np.testing.assert_allclose(s[0].frequency_Hz, f_ref, rtol=1e-12)
    np.testing.assert_allclose(s[0].impedance_Ohm, z_ref, rtol=1e-12)
    assert rec.metadata.start_time == "2018-04-23T16:43:15"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("time/s,Ewe/V,I/mA", {"time_s": "time/s", "voltage_V": "Ewe/V", "current_A": "I/mA"}),
        ("Time (s),Voltage (V),Current (A)",
         {"time_s": "Time (s)", "voltage_V": "Voltage (V)", "current_A": "Current (A)"}),
        ("time_s;voltage_V;set_current_A", {"time_s": "time_s", "voltage_V": "voltage_V"}),
        ("Test Time [h]\tPotential [mV]\tcontrol/mA\tNs",
         {"time_s": "Test Time [h]", "voltage_V": "Potential [mV]",
          "set_current_A": "control/mA", "step_index": "Ns"}),
    ],
)
def test_auto_mapping_of_common_headers(header, expected):
    sep = "\t" if "\t" in header else (";" if ";" in header else ",")
    got = auto_mapping(header.split(sep))
    for k, v in expected.items():
        assert got[k] == v


def test_csv_units_from_header_are_converted(tmp_path):
    p = tmp_path / "u.tsv"
    p.write_text("Test Time [h]\tPotential [mV]\tI (µA)\n0\t100\t5\n0.5\t-100\t-5\n",
                 encoding="cp1252")
    rec = read(p)
    # unit conversion in floating point: equal to 1e-12 relative
    np.testing.assert_allclose(rec.time_s, [0.0, 1800.0], rtol=1e-12)
    np.testing.assert_allclose(rec.voltage_V, [0.1, -0.1], rtol=1e-12)
    np.testing.assert_allclose(rec.current_A, [5e-6, -5e-6], rtol=1e-12)
    # charge of the trapezoid: (5 uA + -5 uA) / 2 * 1800 s = 0
    assert rec.charge_C[-1] == pytest.approx(0.0, abs=1e-18)


def test_csv_explicit_mapping_errors_name_the_column(tmp_path):
    p = tmp_path / "m.csv"
    p.write_text("Zeit,Spannung\n0,1\n1,2\n")
    with pytest.raises(InputError, match=r"columns: voltage_V='Spanung' .*did you mean "
                                         r"'Spannung'"):
        read(p, columns={"time_s": "Zeit", "voltage_V": "Spanung"})
    with pytest.raises(FileFormatError, match=r"m\.csv \(line 1\): no time column"):
        read(p)
    with pytest.raises(FileFormatError, match=r"unit 'mA' is not a time unit"):
        read(p, columns={"time_s": "Zeit"}, units={"time_s": "mA"})


def test_split_header_forms():
    assert split_header("Re(Z)/Ohm") == ("Re(Z)", "Ohm")
    assert split_header("-Im(Z) (Ohm)") == ("-Im(Z)", "Ohm")
    assert split_header("Voltage [V]") == ("Voltage", "V")
