"""Exports of other cyclers (Arbin, Maccor, BaSyTec, Landt, Neware CSV, Battery Data
Format) and Neware .ndax/.nda files: recognised from their headers, units from the header,
checked against the files' own capacity columns (the integral of the current over each
step), and generated files in the layouts no permissively licensed real file exists for."""

from __future__ import annotations

import numpy as np
import pytest

from semisolid.errors import FileFormatError, InputError
from semisolid.io import read
from semisolid.io.presets import PRESETS, detect_preset, parse_duration

from .conftest import ECHEM

CYC = ECHEM / "cyclers"
ARBIN = CYC / "2017-05-09_test-TC-contact_CH33.csv"
MACCOR = CYC / "maccor_001_head.txt"
NEWARE_CSV = CYC / "neware_uio_rows2000-2599.csv"
LANDT = CYC / "SINTEF_LiGrR2032_Landt_rows2864-3463.csv"
BDF = CYC / "batmo_bdf_head.csv"
NDAX = ECHEM / "navani" / "test.ndax"
NDA = ECHEM / "navani" / "test.nda"
NDAX14 = ECHEM / "bdf" / "filetype14-0.ndax"


@pytest.mark.slow
@pytest.mark.parametrize(("path", "fmt", "rows"), [
    (ARBIN, "arbin-csv", 287), (MACCOR, "maccor-txt", 520), (NEWARE_CSV, "neware-csv", 600),
    (LANDT, "landt-csv", 600), (BDF, "bdf-csv", 700), (NDAX, "neware-nda", 1464),
    (NDA, "neware-nda", 439), (NDAX14, "neware-nda", 67),
], ids=lambda x: getattr(x, "name", str(x)))
def test_real_files_are_recognised(path, fmt, rows):
    pytest.importorskip("NewareNDA") if fmt == "neware-nda" else None
    rec = read(path)
    assert rec.metadata.format == fmt and len(rec) == rows
    assert np.all(np.diff(rec.time_s) >= 0)
    assert any("no set current" in w for w in rec.metadata.warnings)


def _step_charges_Ah(rec, absolute=True):
    """(step, integral of |I| dt over the step [A h], last row) per run of equal step."""
    st = rec.step_index
    starts = np.flatnonzero(np.r_[True, st[1:] != st[:-1]])
    ends = np.r_[starts[1:], st.size]
    out = []
    for a, b in zip(starts, ends, strict=True):
        i = np.abs(rec.current_A[a:b]) if absolute else rec.current_A[a:b]
        q = float(np.sum(0.5 * (i[1:] + i[:-1]) * np.diff(rec.time_s[a:b]))) / 3600.0
        out.append((int(st[a]), q, b - 1))
    return out


def test_maccor_durations_units_and_sign_from_state():
    rec = read(MACCOR)
    assert rec.metadata.start_time == "2020-12-11T12:22:12"
    state = np.array(["R", "R"] + ["D"] * 230 + ["R"] * 241 + ["C"] * 47)
    assert np.all(rec.current_A[state == "D"] < 0) and np.all(rec.current_A[state == "C"] > 0)
    assert np.all(rec.current_A[state == "R"] == 0)
    # the file's Amp-hr restarts at every step: it is the integral of |I| dt of the step
    checked = 0
    for _, q, last in _step_charges_Ah(rec):
        ah = rec.extra["Amp-hr"][last]
        assert q == pytest.approx(ah, rel=2e-4, abs=1e-5)
        checked += q > 0.1
    assert checked == 2
    # the set current derived from the measured one: 0.5 A discharge
    assert np.unique(rec.set_current_A[state == "D"]).tolist() == [-0.5]


def test_neware_csv_step_capacities():
    rec = read(NEWARE_CSV)
    assert rec.time_s[0] == 108360.0  # 30:06:00 as written in the Cumulative Time column
    ok = 0
    first = 0
    for _, q, last in _step_charges_Ah(rec):  # the block starts inside a step
        cap = rec.extra["Capacity(Ah)"][last] - rec.extra["Capacity(Ah)"][first]
        first = last + 1
        assert q == pytest.approx(cap, rel=2e-3, abs=1e-8)
        ok += q > 0
    assert ok == 4


def test_arbin_capacity_equals_integral_of_current():
    rec = read(ARBIN)
    cap = rec.extra["Charge_Capacity"]
    assert float(rec.charge_C[-1]) / 3600 == pytest.approx(cap[-1] - cap[0], rel=1e-3)
    # units stated by the format, not by the header: said so
    assert any("'Current' states no unit; A assumed" in w for w in rec.metadata.warnings)
    # the step and cycle columns are empty in this database dump: not used, and said so
    assert any("'Step_Index' is not whole numbers" in w for w in rec.metadata.warnings)


def test_landt_capacity_within_the_files_rounding():
    rec = read(LANDT)
    (_, q0, _), (_, q, last) = _step_charges_Ah(rec)
    cap = rec.extra["discharge_capacity_Ah"][last]
    # capacity written to 0.0001 A h, current to 0.0001 A over 2770 s
    assert q0 == 0.0 and abs(q - cap) <= 0.5e-4 + 0.5e-4 * 2770 / 3600


def test_bdf_units_from_the_header_and_capacities():
    rec = read(BDF)
    assert rec.time_s[:2].tolist() == pytest.approx([500.0, 1000.0])  # Test Time / h
    for _, q, last in _step_charges_Ah(rec)[:4]:
        cap = rec.extra["Discharge Capacity / Ah"][last] + rec.extra["Charge Capacity / Ah"][
            last]
        assert q == pytest.approx(cap, rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("path", [NDAX, NDA])
def test_neware_binary_step_capacities_and_time(path):
    pytest.importorskip("NewareNDA")
    rec = read(path)
    # time from the step times agrees with the 1 s timestamps
    assert np.max(np.abs(rec.time_s - rec.extra["Timestamp/s"])) <= 1.0
    ok = 0
    for _, q, last in _step_charges_Ah(rec):
        cap = (rec.extra["Charge_Capacity(mAh)"][last]
               + rec.extra["Discharge_Capacity(mAh)"][last]) * 1e-3
        # 30 s (.ndax) or 10 s (.nda) sampling: trapezoids within 0.2 % / 1.5 %
        assert q == pytest.approx(cap, rel=2e-3 if path == NDAX else 1.5e-2, abs=1e-9)
        ok += q > 0
    assert ok >= 2


def test_missing_neware_package_names_the_extra():
    from semisolid.io.neware import _newarenda

    with pytest.raises(InputError, match=r"pip install semisolid\[neware\]"):
        _newarenda("NewareNDA_is_not_installed")


# ----------------------------------------------------------------- generated layouts


def _trace(n=30):
    k = np.arange(n)
    t = (k * 60.0).tolist()
    i = np.where(k < 10, 0.0, np.where(k < 20, 1.5e-3, -1.5e-3)).tolist()
    v = (3.5 + 0.01 * np.sign(i)).tolist()
    step = np.where(k < 10, 1, np.where(k < 20, 2, 3)).tolist()
    return np.array(t), np.array(v), np.array(i), np.array(step)


def test_generated_basytec_result_file(tmp_path):
    t, v, i, step = _trace()
    for delim in ("\t", ","):
        lines = ["~Resultfile from BaSyTec Battery Test System", "~Start of Test: "
                 "14.02.2023 10:00:00", "~Battery: cell 1",
                 delim.join(["~Time[h]", "DataSet", "Date", "t-Step[h]", "Line", "Command",
                             "U[V]", "I[mA]", "Ah[Ah]", "T1[°C]"])]
        for k in range(t.size):
            lines.append(delim.join([repr(float(t[k] / 3600)), str(k + 1), "14.02.2023",
                                     "0", str(step[k]), "Pause" if i[k] == 0 else "Charge",
                                     repr(float(v[k])), repr(float(i[k] * 1e3)), "0",
                                     "25.0"]))
        p = tmp_path / f"basytec_{ord(delim)}.txt"
        p.write_bytes("\r\n".join(lines).encode("latin-1"))
        assert detect_preset(p) == "basytec"
        rec = read(p)
        assert rec.metadata.format == "basytec-txt"
        assert rec.metadata.start_time == "2023-02-14T10:00:00"
        np.testing.assert_allclose(rec.time_s, t, rtol=1e-12)
        np.testing.assert_allclose(rec.current_A, i, rtol=1e-12)
        assert rec.step_index.tolist() == step.tolist()
        assert rec.extra["T1[°C]"][0] == 25.0


@pytest.mark.parametrize("dialect", ["mits", "underscore"])
def test_generated_arbin_mits_exports(tmp_path, dialect):
    t, v, i, step = _trace()
    if dialect == "mits":
        head = ("Data Point,Date Time,Test Time (s),Step Time (s),Cycle Index,Step Index,"
                "Current (A),Voltage (V),Power (W),Charge Capacity (Ah)")
    else:
        head = ("Data_Point,Date_Time,Test_Time(s),Step_Time(s),Cycle_Index,Step_Index,"
                "Current(A),Voltage(V),Power(W),Charge_Capacity(Ah)")
    rows = [f"{k + 1},05/12/2017 10:00:{k % 60:02d},{float(t[k])!r},0,1,{step[k]},"
            f"{float(i[k])!r},{float(v[k])!r},{float(i[k] * v[k])!r},0" for k in range(t.size)]
    p = tmp_path / "arbin.csv"
    p.write_text("\n".join([head, *rows]) + "\n")
    rec = read(p)
    assert rec.metadata.format == "arbin-csv"
    assert rec.time_s.tolist() == t.tolist() and rec.current_A.tolist() == i.tolist()
    assert not any("states no unit" in w for w in rec.metadata.warnings)
    assert rec.set_current_A.tolist() == i.tolist()


def test_generated_bdf_machine_readable_names(tmp_path):
    t, v, i, step = _trace()
    rows = [f"{float(t[k])!r},{float(v[k])!r},{float(i[k])!r},{step[k]}" for k in range(t.size)]
    p = tmp_path / "cell.bdf.csv"
    p.write_text("test_time_second,voltage_volt,current_ampere,step_count\n"
                 + "\n".join(rows) + "\n")
    rec = read(p)
    assert rec.metadata.format == "bdf-csv" and rec.step_index.tolist() == step.tolist()
    assert rec.current_A.tolist() == i.tolist()


# ----------------------------------------------------------------- choosing and refusing


def test_preset_chosen_by_name_and_errors():
    rec = read(BDF, preset="bdf")
    assert rec.metadata.format == "bdf-csv"
    with pytest.raises(InputError, match=r"unknown preset 'macor' \(did you mean 'maccor'"):
        read(MACCOR, preset="macor")
    with pytest.raises(FileFormatError, match=r"no header line with the arbin columns"):
        read(MACCOR, preset="arbin")
    with pytest.raises(InputError, match="disagree"):
        read(MACCOR, format="csv", preset="maccor")


def test_ambiguous_header_is_not_guessed(tmp_path):
    # a header that carries the BDF and the Neware signatures: no preset is chosen
    p = tmp_path / "both.csv"
    p.write_text("DataPoint,Step Type,Voltage(V),Current(A),Test Time / s,Voltage / V,"
                 "Current / A\n1,Rest,3,0,0,3,0\n")
    assert detect_preset(p) is None
    assert read(p).metadata.format == "csv"  # the generic reader, by extension
    assert read(p, preset="bdf").metadata.format == "bdf-csv"


def _field(line: str, k: int, text: str) -> str:
    f = line.split("\t")
    f[k] = text
    return "\t".join(f)


@pytest.mark.parametrize(("edit", "message"), [
    (lambda ls: [*ls[:10], _field(ls[10], 8, "x.4"), *ls[11:]],
     r"\(line 11\): column 'Volts': 'x\.4' is not a finite number"),
    (lambda ls: [*ls[:12], ls[12].replace("\tD\t", "\tQ\t"), *ls[13:]],
     r"\(line 13\): State 'Q' is not one of"),
    (lambda ls: [*ls[:20], ls[20].rsplit("\t", 30)[0], *ls[21:]],
     r"\(line 21\): expected \d+ fields, found \d+"),
    (lambda ls: [*ls[:20], ls[20].replace("  0d 00:0", "  0d xx:0", 1), *ls[21:]],
     r"\(line 21\): column 'TestTime': .* is not a duration or a finite number"),
])
def test_malformed_exports_name_the_line(tmp_path, edit, message):
    lines = MACCOR.read_text().splitlines()
    p = tmp_path / "bad.txt"
    p.write_text("\n".join(edit(lines)) + "\n")
    with pytest.raises(FileFormatError, match=message):
        read(p, preset="maccor")


def test_parse_duration_forms():
    got = parse_duration(["00:00:00", "12:00:00", "144:02:18", "  0d 00:00:5.05000019073486",
                          "2d 01:00:00.5", "1 day, 00:00:01", "garbage", ""])
    expect = [0.0, 43200.0, 518538.0, 5.05000019073486, 176400.5, 86401.0]
    np.testing.assert_allclose(got[:6], expect, rtol=1e-15)
    assert np.isnan(got[6:]).all()


def test_every_preset_is_documented_and_registered():
    from semisolid.io import supported_formats

    for p in PRESETS.values():
        assert p.format in supported_formats()
