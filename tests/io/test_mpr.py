"""The .mpr reader against facts independent of it: row counts and set currents stated in
SOURCES.md, physics (dq = I dt, (Q-Qo) = integral of I, Zwe = Zwe-ce - Zce), the file's own
header fields, and crafted variants of the column table."""

from __future__ import annotations

import struct

import numpy as np
import pytest

from semisolid.errors import FileFormatError
from semisolid.io import read
from semisolid.io.biologic_mpr import parse_mpr

from .conftest import BIOL, GCPL, MB


@pytest.mark.parametrize(("path", "rows"), [(BIOL, 23561), (GCPL, 46102), (MB, 1501)])
def test_row_counts_match_sources(path, rows):
    # row counts as galvani and EC-Lab's own export read these files (tests/data/SOURCES.md)
    assert len(read(path)) == rows


def test_gcpl_set_current_is_plus_minus_0_0888_mA(gcpl):
    i = gcpl.set_current_A[np.isfinite(gcpl.set_current_A) & (gcpl.set_current_A != 0)]
    # SOURCES.md: +/-0.0888 mA (C/24); the file stores 88.796 uA as float32
    assert np.all(np.abs(np.abs(i) - 0.0888e-3) < 0.0001e-3)
    assert (i > 0).any() and (i < 0).any()
    assert gcpl.current_A is None  # GCPL .mpr files store only the set point


def test_gcpl_dq_equals_set_current_times_dt(gcpl):
    dq_C = np.asarray(gcpl.extra["dq/mA.h"], dtype=float) * 3.6
    t, i, hc = gcpl.time_s, gcpl.set_current_A, gcpl.half_cycle
    same = (hc[1:] >= 0) & (hc[1:] == hc[:-1])
    pred = i[1:] * np.diff(t)
    # dq is the charge between two points: I * dt within 0.1 % of the largest dq
    assert np.max(np.abs(dq_C[1:][same] - pred[same])) <= 1e-3 * np.max(np.abs(dq_C))


def test_gcpl_cumulative_charge_matches_file_q_minus_q0(gcpl):
    q_file = np.asarray(gcpl.extra["(Q-Qo)/mA.h"], dtype=float) * 3.6
    # our charge integrates the set current (trapezoid); 0.5 % of the largest |Q| (measured 0.25 %)
    assert np.max(np.abs(q_file - gcpl.charge_C)) <= 5e-3 * np.max(np.abs(q_file))


def test_gcpl_voltage_limits_and_half_cycles(gcpl):
    v, hc, i = gcpl.voltage_V, gcpl.half_cycle, gcpl.set_current_A
    # file name: 2 V - 3.8 V window; EC-Lab stops each half cycle at the limit
    assert v.min() >= 2.0 - 1e-3 and v.max() <= 3.8 + 1e-3
    # the file's own 'half cycle' counter skips 1 (0, 2, 3, ... 13): 13 distinct values
    file_hc = np.unique(np.asarray(gcpl.extra["half cycle"])[np.isfinite(i) & (i != 0)])
    assert gcpl.n_half_cycles == file_hc.size == 13
    ends = [v[hc == k][-1] for k in range(gcpl.n_half_cycles)]
    signs = [np.sign(i[hc == k][0]) for k in range(gcpl.n_half_cycles)]
    for end, s in zip(ends, signs, strict=True):
        assert (end > 3.79) if s > 0 else (end < 2.01)


def test_gcpl_metadata(gcpl):
    md = gcpl.metadata
    assert md.format == "biologic-mpr"
    assert md.techniques == ["GCPL"]
    # the module headers carry the date 10/26/20; the log holds the time of day
    assert md.start_time.startswith("2020-10-26T12:49:58")
    assert md.header_area_reliable is False
    assert md.header_area_m2 == pytest.approx(0.001e-4, rel=1e-6)  # the 0.001 cm2 placeholder
    assert md.sha256.startswith("a96fd36d956ff138")  # SOURCES.md
    assert md.columns["Ewe/V"] == "V" and md.columns["control/V/mA"] == "V or mA"
    ns2 = next(p for p in md.technique_parameters if p["Ns"] == 2)
    assert ns2["set_currents_A"] == [pytest.approx(0.0888e-3, rel=1e-3)]
    assert ns2["voltage_max_V"] == pytest.approx(3.8, abs=1e-3)


def test_biol_spectra_split_per_eis_sequence(biol):
    s = biol.spectra
    # SOURCES.md: PEIS 256 points (4 sweeps of 64) in Ns 2 and 54 points in Ns 9
    assert [len(x) for x in s] == [64, 64, 64, 64, 54]
    assert [x.sequence for x in s] == [2, 2, 2, 2, 9]
    for x in s:
        assert np.all(x.frequency_Hz > 0)
        assert np.all(np.diff(x.frequency_Hz) < 0)  # one downward sweep each
        assert x.frequency_Hz[-1] == pytest.approx(0.05, rel=1e-3)
        assert np.all(x.real_Ohm > 0)
    assert s[0].frequency_Hz[0] == pytest.approx(1e5, rel=1e-3)
    assert s[0].after_half_cycle is None and s[1].after_half_cycle == 0
    # EIS rows are not galvanostatic: no set current there
    eis_rows = np.asarray(biol.extra["freq/Hz"]) > 0
    assert np.all(np.isnan(biol.set_current_A[eis_rows]))


def test_biol_z_from_modulus_and_phase_obeys_zwe_equals_zwece_minus_zce(biol):
    # biol.mpr stores Zwe only as |Z| and Phase(Z) but Zce and Zwe-ce as Re/-Im: the cell
    # identity Ewe = (Ewe - Ece) + Ece at one current gives Zwe = Zwe-ce - Zce (EC-Lab's sign
    # of Zce), an independent check of Re = |Z| cos(phi), Im = |Z| sin(phi).
    e = biol.extra
    rows = np.flatnonzero(np.asarray(e["freq/Hz"]) > 0)
    z_we = np.concatenate([x.impedance_Ohm for x in biol.spectra])
    zce = np.asarray(e["Re(Zce)/Ohm"], float) - 1j * np.asarray(e["-Im(Zce)/Ohm"], float)
    zwc = np.asarray(e["Re(Zwe-ce)/Ohm"], float) - 1j * np.asarray(e["-Im(Zwe-ce)/Ohm"], float)
    expect = (zwc - zce)[rows]
    assert z_we.size == rows.size
    assert np.max(np.abs(z_we - expect) / np.abs(expect)) < 1e-6  # float32 storage


def test_biol_set_and_measured_current(biol):
    i = biol.set_current_A
    active = np.isfinite(i) & (i != 0)
    # SOURCES.md: GCPL at 0.325 mA; measured I follows the set point within 0.5 %
    assert np.allclose(i[active], 0.325e-3, rtol=1e-6)
    assert np.allclose(biol.current_A[active], i[active], rtol=5e-3)
    assert biol.metadata.techniques == ["MB"]
    assert biol.metadata.comments.startswith("Si/C Li half cell")
    assert biol.metadata.instrument == "Bio-Logic EC-Lab" and biol.metadata.electrode is None


def test_mb_file_potentiostatic_has_no_set_current():
    rec = read(MB)
    assert rec.metadata.start_time.startswith("2023-12-08T09:49:52")
    assert np.all(np.isnan(rec.set_current_A))  # mode 2 (potentiostatic) throughout
    assert rec.current_A is not None and np.all(np.isfinite(rec.current_A))
    assert rec.metadata.extra["data_version"] == 11


def _table_offset(buf: bytes) -> tuple[int, int, int]:
    """(byte offset of the data module's column-ID table, column count, module version)."""
    pos = buf.index(b"MODULEVMP data")
    new = struct.unpack_from("<I", buf, pos + 41)[0] == 0xFFFFFFFF
    head = 65 if new else 57
    version = struct.unpack_from("<I", buf, pos + (53 if new else 45))[0]
    d0 = pos + head
    return d0 + (6 if new else 5), buf[d0 + 4], version


def test_unknown_column_id_is_kept_raw_with_warning(tmp_path):
    buf = bytearray(GCPL.read_bytes())
    at, n, _ = _table_offset(bytes(buf))
    ids = list(struct.unpack_from(f"<{n}H", buf, at))
    k = ids.index(70)  # P/W, float32
    struct.pack_into("<H", buf, at + 2 * k, 999)
    p = tmp_path / "mutated.mpr"
    p.write_bytes(bytes(buf))
    ref, got = parse_mpr(GCPL), parse_mpr(p)
    assert any("column ID 999" in w and "mutated.mpr" in w for w in got.warnings)
    raw = got.columns["unknown column 999"]
    assert raw.dtype == np.float32
    assert np.array_equal(raw, ref.columns["P/W"], equal_nan=True)
    assert np.array_equal(got.columns["Ewe/V"], ref.columns["Ewe/V"])


def test_unknown_columns_of_ambiguous_size_name_id_and_offset(tmp_path):
    buf = bytearray(GCPL.read_bytes())
    at, n, _ = _table_offset(bytes(buf))
    ids = list(struct.unpack_from(f"<{n}H", buf, at))
    # three unknown columns of 8, 8 and 4 bytes: 20 bytes per row split as (8, 8, 4),
    # (8, 4, 8) or (4, 8, 8) -> the sizes cannot be known
    for old, new in ((7, 998), (13, 997), (70, 996)):
        struct.pack_into("<H", buf, at + 2 * ids.index(old), new)
    p = tmp_path / "ambiguous.mpr"
    p.write_bytes(bytes(buf))
    with pytest.raises(FileFormatError, match=r"ambiguous\.mpr \(byte \d+\): column ID 998"):
        parse_mpr(p)


def test_unknown_data_module_version_is_an_error_or_warning(tmp_path):
    buf = bytearray(GCPL.read_bytes())
    pos = bytes(buf).index(b"MODULEVMP data")
    struct.pack_into("<I", buf, pos + 45, 7)
    p = tmp_path / "v7.mpr"
    p.write_bytes(bytes(buf))
    got = parse_mpr(p)  # all columns known: rows located from the row size, with a warning
    assert any("version 7" in w for w in got.warnings)
    assert np.array_equal(got.columns["time/s"], parse_mpr(GCPL).columns["time/s"])


def test_wrong_magic_names_offset(tmp_path):
    p = tmp_path / "fake.mpr"
    p.write_bytes(b"BIO-LOGIC MODULAR FILX" + GCPL.read_bytes()[22:2000])
    with pytest.raises(FileFormatError, match=r"fake\.mpr \(byte 0\)"):
        read(p)
