"""EC-Lab files of current versions: PEIS / Modulo Bat .mpr files of EC-Lab 11.x (real files
of the Battery Data Format repository, Apache-2.0), the harmonic-analysis and
counter-electrode columns of EC-Lab 11.5x-11.6x PEIS/GEIS files (generated in their exact
layout), .mpt headers with empty names, and layouts that stay refused."""

from __future__ import annotations

import numpy as np
import pytest

from semisolid.errors import FileFormatError
from semisolid.io import read
from semisolid.io.biologic_columns import COLUMNS
from semisolid.io.biologic_mpr import parse_mpr

from .conftest import ECHEM
from .mprgen import build_mpr

PEIS0 = ECHEM / "bdf" / "PEIS-0.mpr"
MB1 = ECHEM / "bdf" / "MB-1.mpr"

#: the data-module column IDs of an EC-Lab 11.6x PEIS file with harmonic analysis (THD,
#: NSD, NSR and the harmonics 2-7 of Ewe and I), in the file's order
PEIS_1162 = [32, 37, 38, 36, 35, 4, 77, 76, 169, 172, 24, 39, 33, 34, 131, 13, 70,
             473, 476, 479, 486, 487, 488, 489, 490, 491, 474, 477, 480,
             492, 493, 494, 495, 496, 497]
#: the counter-electrode columns that follow in a PEIS file recorded with Ece
ECE = [471, 96, 98, 99, 100, 101, 430, 431, 432, 433]


def test_real_peis_file_of_ec_lab_11():
    rec = read(PEIS0)
    assert rec.metadata.techniques == ["PEIS"] and rec.metadata.warnings == []
    assert len(rec) == 60 and [len(s) for s in rec.spectra] == [60]
    z = rec.spectra[0].impedance_Ohm  # from Re(Z) and -Im(Z)
    # the file's own |Z| and Phase(Z) columns describe the same Z (float32 precision)
    np.testing.assert_allclose(np.abs(z), rec.extra["|Z|/Ohm"], rtol=1e-5)
    np.testing.assert_allclose(np.degrees(np.angle(z)), rec.extra["Phase(Z)/deg"], atol=1e-3)
    # |Z| = |Ewe| / |I| (the amplitudes of the sine waves, also in the file)
    np.testing.assert_allclose(np.abs(z), rec.extra["|Ewe|/V"] / rec.extra["|I|/A"],
                               rtol=1e-4)


def test_real_modulo_bat_file_of_ec_lab_11():
    rec = read(MB1)
    mpr = parse_mpr(MB1)
    assert mpr.data_version == 11 and mpr.modules[0].header_offset == 52
    assert len(rec) == 13 and rec.metadata.techniques == ["GCPL"]
    # ten 1 s rest rows (mode 3), then the galvanostatic sequence Ns 1 (mode 1)
    assert rec.extra["mode"].tolist() == [3] * 11 + [1] * 2
    assert rec.step_index.tolist() == [0] * 11 + [1] * 2
    assert np.all(np.diff(rec.time_s) > 0)
    np.testing.assert_allclose(np.diff(rec.time_s[:10]), 1.0, rtol=1e-6)
    # (Q-Qo) is the running sum of dq (the file's own counters agree with each other)
    np.testing.assert_allclose(np.cumsum(rec.extra["dq/mA.h"]), rec.extra["(Q-Qo)/mA.h"],
                               rtol=1e-12)


def _peis_values(ids, n=40, seed=0):
    rng = np.random.default_rng(seed)
    f = np.geomspace(2e5, 0.1, n)
    z = 10 + 100 / (1 + 1j * 2 * np.pi * f * 1e-4)
    vals = {i: rng.uniform(0.1, 1.0, n) for i in ids}
    vals.update({32: f, 37: z.real, 38: -z.imag, 36: np.abs(z),
                 35: np.degrees(np.angle(z)), 4: np.arange(n) * 2.0, 131: np.zeros(n),
                 24: np.ones(n), 39: np.full(n, 38)})
    return vals, z


def test_generated_ec_lab_1162_peis_file_with_harmonics_and_ece(tmp_path):
    ids = PEIS_1162 + ECE
    vals, z = _peis_values(ids)
    p = tmp_path / "peis_1162.mpr"
    p.write_bytes(build_mpr(ids, vals))
    rec = read(p)
    assert not [w for w in rec.metadata.warnings if "column" in w]
    assert "|Ewe h2|/V" in rec.extra and "|I h7|/A" in rec.extra and "THD Ewe/%" in rec.extra
    for i in ids:
        name = COLUMNS[i][0]
        np.testing.assert_array_equal(rec.extra[name], vals[i].astype(COLUMNS[i][1]))
    np.testing.assert_allclose(rec.spectra[0].impedance_Ohm, z, rtol=1e-6)
    assert rec.metadata.techniques == ["PEIS"]


def test_unknown_ids_whose_size_only_the_id_256_lower_tells(tmp_path):
    # twelve unknown IDs 742..753: the data module fits 2^12 ways, but the IDs 256 lower
    # (486..497, the harmonics, 4 bytes each) give one: read raw, with the assumption named
    ids = [32, 37, 38, 4, *range(742, 754)]
    vals, _ = _peis_values(ids)
    p = tmp_path / "future.mpr"
    p.write_bytes(build_mpr(ids, vals, sizes={i: 4 for i in range(742, 754)}))
    got = parse_mpr(p)
    assert np.array_equal(got.columns["unknown column 742"], vals[742].astype("<f4"))
    w = [x for x in got.warnings if "column ID 742" in x]
    assert w and "the size of ID 486 ('|Ewe h2|/V') was assumed" in w[0]


def test_truly_unknown_layout_is_refused_with_id_and_byte(tmp_path):
    ids = [32, 37, 38, 4, *range(2000, 2012)]
    vals, _ = _peis_values(ids)
    p = tmp_path / "unknown.mpr"
    p.write_bytes(build_mpr(ids, vals, sizes={i: 4 for i in range(2000, 2012)}))
    with pytest.raises(FileFormatError,
                       match=r"unknown\.mpr \(byte \d+\): column ID 2000 is unknown"):
        read(p)


MPT_HEAD = ("EC-Lab ASCII FILE\r\nNb header lines : 5\r\n\r\n"
            "Potentio Electrochemical Impedance Spectroscopy\r\n")


def test_mpt_header_with_an_empty_name_and_names_without_data(tmp_path):
    # EC-Lab 11.6x PEIS exports end their header "Rwe-ce/Ohm<TAB><TAB>Ewe-Ece/V" over rows
    # that stop after Rwe-ce
    header = "freq/Hz\tRe(Z)/Ohm\t-Im(Z)/Ohm\ttime/s\tRwe-ce/Ohm\t\tEwe-Ece/V\r\n"
    rows = "".join(f"{f:.7E}\t{10 + k:.7E}\t{1 + k:.7E}\t{k:.7E}\t{5:.7E}\r\n"
                   for k, f in enumerate([1e4, 1e3, 1e2]))
    p = tmp_path / "peis.mpt"
    p.write_bytes((MPT_HEAD + header + rows).encode("cp1252"))
    rec = read(p)
    assert list(rec.metadata.columns) == ["freq/Hz", "Re(Z)/Ohm", "-Im(Z)/Ohm", "time/s",
                                          "Rwe-ce/Ohm"]
    assert any("names without data ignored: 'Ewe-Ece/V'" in w for w in rec.metadata.warnings)
    assert rec.spectra[0].impedance_Ohm.tolist() == [10 - 1j, 11 - 2j, 12 - 3j]


def test_mpt_empty_name_over_data_is_kept_unnamed(tmp_path):
    header = "freq/Hz\t\tRe(Z)/Ohm\t-Im(Z)/Ohm\ttime/s\t\r\n"  # EC-Lab's trailing tab
    rows = "1E+003\t7\t10\t1\t0\t\r\n1E+002\t8\t11\t2\t1\t\r\n"
    p = tmp_path / "gap.mpt"
    p.write_bytes((MPT_HEAD + header + rows).encode("cp1252"))
    rec = read(p)
    assert rec.extra["unnamed column 2"].tolist() == [7.0, 8.0]
    assert any("column 2 has an empty name" in w for w in rec.metadata.warnings)


def test_mpt_header_that_does_not_match_its_data_is_refused(tmp_path):
    header = "freq/Hz\tRe(Z)/Ohm\t-Im(Z)/Ohm\ttime/s\r\n"  # no empty name, one field short
    p = tmp_path / "short.mpt"
    p.write_bytes((MPT_HEAD + header + "1\t2\t3\r\n").encode("cp1252"))
    with pytest.raises(FileFormatError, match=r"short\.mpt \(line 6\): expected 4 fields"):
        read(p)
