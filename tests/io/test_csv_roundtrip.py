"""The CSV reader on the project's own tables (written by pandas from records built here),
on measured-current-only files, on empty and non-finite fields, and the reader options."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from semisolid.errors import FileFormatError, InputError, SemisolidError
from semisolid.io import CyclingData, Spectra, Spectrum, read, read_spectra
from semisolid.io.registry import MissingFileError

from .conftest import BIOL, GAMRY, PEIS_MPT

CYCLING_COLUMNS = ["time_s", "voltage_V", "set_current_A", "current_A", "step_index",
                   "half_cycle", "charge_C"]
SPECTRA_COLUMNS = ["spectrum", "frequency_Hz", "z_real_Ohm", "z_imag_Ohm", "z_modulus_Ohm",
                   "z_phase_deg"]


def _cycling() -> CyclingData:
    """Plating/stripping with rests and a stretch of unknown set current (NaN, as on EIS rows)."""
    rng = np.random.default_rng(7)
    n = 400
    t = np.cumsum(rng.uniform(0.5, 1.5, n))
    iset = np.repeat([0.5e-3, 0.0, -0.5e-3, 0.0, 1e-3, np.nan, -1e-3, 0.0], n // 8)
    imeas = np.where(np.isfinite(iset), iset, 0.0) * (1 + 1e-3 * rng.standard_normal(n))
    v = 0.01 * np.sign(np.nan_to_num(iset)) + 1e-4 * rng.standard_normal(n)
    steps = np.repeat(np.arange(8), n // 8)
    return CyclingData.from_arrays(t, v, iset, current_A=imeas, step_index=steps)


def _spectra() -> Spectra:
    rng = np.random.default_rng(3)
    out = []
    for k, m in enumerate((30, 12, 45)):
        f = np.logspace(5, -2, m)
        # a sweep that is not monotonic in frequency stays one spectrum when labelled
        if k == 1:
            f = np.r_[f[:6], f[::-1][:6]]
        z = 5 + 20 / (1 + 1j * f / 300) + rng.normal(0, 0.01, f.size)
        out.append(Spectrum(f, z, index=k))
    return Spectra(out)


def _assert_frames_equal(got: pd.DataFrame, ref: pd.DataFrame, columns: list[str]) -> None:
    assert list(ref.columns) == columns
    for c in columns:
        np.testing.assert_array_equal(got[c].to_numpy(), ref[c].to_numpy(), err_msg=c)


def test_cycling_frame_round_trip(tmp_path):
    rec = _cycling()
    p = tmp_path / "cycling.csv"
    rec.to_frame().to_csv(p, index=False)
    back = read(p)
    # pandas writes floats with repr (shortest round-trip text): the values come back exactly
    _assert_frames_equal(back.to_frame(), rec.to_frame(), CYCLING_COLUMNS)
    assert back.metadata.extra["mapping"]["set_current_A"] == "set_current_A"
    assert any("50 empty field(s)" in w for w in back.metadata.warnings)  # the NaN stretch
    assert not any("derived" in w for w in back.metadata.warnings)
    np.testing.assert_array_equal(back.extra["charge_C"], rec.charge_C)  # file column kept


@pytest.mark.slow
def test_cycling_frame_round_trip_on_a_real_file(tmp_path):
    rec = read(BIOL)  # Modulo Bat: set current NaN on the interleaved impedance rows
    assert np.isnan(rec.set_current_A).any()
    p = tmp_path / "biol.csv"
    rec.to_frame().to_csv(p, index=False)
    _assert_frames_equal(read(p).to_frame(), rec.to_frame(), CYCLING_COLUMNS)


def test_spectra_frame_round_trip(tmp_path):
    sp = _spectra()
    p = tmp_path / "eis.csv"
    sp.to_frame().to_csv(p, index=False)
    back = read_spectra(p)
    assert [len(s) for s in back] == [30, 12, 45]
    _assert_frames_equal(back.to_frame(), sp.to_frame(), SPECTRA_COLUMNS)
    for a, b in zip(back, sp, strict=True):
        np.testing.assert_array_equal(a.impedance_Ohm, b.impedance_Ohm)


def test_virtual_cell_eis_layout_with_empty_after_half_cycle(tmp_path):
    """The models writer's layout: after_half_cycle empty for the first spectrum, 9 digits."""
    sp = _spectra()
    frame = sp.to_frame()
    frame.insert(1, "after_half_cycle", [None] * 30 + [0] * 12 + [2] * 45)
    p = tmp_path / "cell_eis.csv"
    p.write_text(frame.to_csv(index=False, float_format="%.9g"))
    assert "\n0,,100000," in p.read_text()  # the empty field is really there
    back = read_spectra(p)
    assert [s.after_half_cycle for s in back] == [None, 0, 2]
    ref = pd.read_csv(p)  # independent: pandas' own parse of the same text
    got = back.to_frame()
    for c in ("frequency_Hz", "z_real_Ohm", "z_imag_Ohm"):
        np.testing.assert_array_equal(got[c].to_numpy(), ref[c].to_numpy(), err_msg=c)


def test_measured_current_only_derives_the_set_current(tmp_path):
    rng = np.random.default_rng(11)
    programme = [(5e-4, 150), (0.0, 40), (-5e-4, 150), (0.0, 40), (1.2e-3, 150), (-1.2e-3, 150),
                 (2.5e-3, 150)]
    iset = np.concatenate([np.full(k, i) for i, k in programme])
    noise = np.where(iset == 0, 2e-9 * rng.standard_normal(iset.size),
                     1e-3 * iset * rng.standard_normal(iset.size))
    i_meas = iset + noise
    i_meas[200] += 3e-4  # one spike inside a block
    t = np.arange(iset.size, dtype=float)
    v = 0.02 * np.sign(iset)
    p = tmp_path / "measured.csv"
    pd.DataFrame({"Time (s)": t, "Voltage (V)": v, "Current (A)": i_meas}).to_csv(p, index=False)
    rec = read(p)
    np.testing.assert_array_equal(rec.set_current_A, iset)
    np.testing.assert_array_equal(rec.current_A, i_meas)
    assert rec.n_half_cycles == 5
    assert any("derived from the measured current 'Current (A)'" in w
               for w in rec.metadata.warnings)
    assert "derived" in rec.metadata.extra["set_current_source"]
    from semisolid.ccd.protocol import validate_cycling

    validate_cycling(rec)  # used to fail: "set current is zero or unknown in every row"


def test_explicit_set_current_is_not_replaced(tmp_path):
    p = tmp_path / "both.csv"
    p.write_text("time_s,voltage_V,current_A,set_current_A\n0,0.1,0.00101,0.001\n"
                 "1,0.1,0.00099,0.001\n")
    rec = read(p)
    assert rec.set_current_A.tolist() == [0.001, 0.001]
    assert not any("derived" in w for w in rec.metadata.warnings)


def test_optional_and_extra_columns_do_not_stop_the_read(tmp_path):
    p = tmp_path / "extra.csv"
    p.write_text("Date,time/s,Ewe/V,control/mA,I/mA,T/degC\n"
                 "2021-01-01 10:00,0,0.1,1,,25.0\n"
                 "2021-01-01 10:01,1,0.1,1,1.01,\n")
    rec = read(p)
    assert rec.set_current_A.tolist() == [0.001, 0.001]
    assert np.isnan(rec.current_A[0]) and rec.current_A[1] == pytest.approx(1.01e-3, rel=1e-15)
    assert "Date" not in rec.extra
    assert np.array_equal(rec.extra["T/degC"], [25.0, np.nan], equal_nan=True)
    w = " | ".join(rec.metadata.warnings)
    assert "'Date' holds no numbers" in w and "'I/mA' (current_A): 1 empty" in w


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("1,nan,0.001", r"extra\.csv \(line 3\): field 2 'nan' is not a finite number"),
        ("1,inf,0.001", r"\(line 3\): field 2 'inf' is not a finite number"),
        ("1,-Infinity,0.001", r"\(line 3\): field 2 '-Infinity' is not a finite number"),
        ("1,1e999,0.001", r"\(line 3\): field 2 '1e999' is not a finite number"),
        ("1,,0.001", r"\(line 3\): field 2 is empty; expected a number"),
        (",0.1,0.001", r"\(line 3\): field 1 is empty"),
        ("1,0.1,inf", r"\(line 3\): field 3 'inf' is not a finite number"),
    ],
)
def test_non_finite_and_empty_required_fields_are_refused(tmp_path, row, message):
    p = tmp_path / "extra.csv"
    p.write_text(f"time_s,voltage_V,set_current_A\n0,0.1,0.001\n{row}\n")
    with pytest.raises(FileFormatError, match=message):
        read(p)


def test_non_finite_text_in_mpt_is_refused(tmp_path):
    lines = PEIS_MPT.read_bytes().decode("cp1252").splitlines()
    fields = lines[70].split("\t")
    fields[1] = "NaN"
    lines[70] = "\t".join(fields)
    p = tmp_path / "nan.mpt"
    p.write_text("\n".join(lines), encoding="cp1252")
    with pytest.raises(FileFormatError, match=r"nan\.mpt \(line 71\): field 2 'NaN' is not a "
                                              r"finite number"):
        read(p)


@pytest.mark.parametrize(
    ("path", "options", "message"),
    [
        (PEIS_MPT, {"columns": {}}, r"options: read_mpt\(\) does not take the option "
                                    r"'columns'; it takes no options"),
        (GAMRY, {"decimal": ","}, r"read_dta\(\) does not take the option 'decimal'"),
        (BIOL, {"dat": b""}, r"read_mpr\(\) does not take the option 'dat' \(did you mean "
                             r"'data'\?\); it takes: data"),
        (BIOL, {"format": "csv", "delimeter": ";"},
         r"read_csv\(\) does not take the option 'delimeter' \(did you mean 'delimiter'\?\)"),
    ],
)
def test_unknown_reader_options_are_input_errors(path, options, message):
    with pytest.raises(InputError, match=message):
        read(path, **options)


def test_missing_file_is_a_semisolid_error_and_a_file_not_found(tmp_path):
    missing = tmp_path / "nope.mpr"
    for kw in ({}, {"format": "csv"}):
        with pytest.raises(MissingFileError, match=r"path: .*nope\.mpr: no such file") as ei:
            read(missing, **kw)
        assert isinstance(ei.value, SemisolidError) and isinstance(ei.value, FileNotFoundError)
        assert ei.value.filename == str(missing) and ei.value.errno == 2
    with pytest.raises(FileNotFoundError):
        read_spectra(missing)
