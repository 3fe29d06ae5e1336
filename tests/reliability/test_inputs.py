"""Inputs: only regular files are read, text exports within stated limits, byte-order marks
and UTF-16 read correctly, damaged binary files refused rather than read as garbage.

Cases of the bad-input campaign: ``inspect``/``export`` on a FIFO blocked forever,
``inspect --format csv /dev/zero`` read until MemoryError, a 1 MB CSV header of 500,000
columns took 122 s and a 3 MB message, 56 of 56 .mpt files with a UTF-8 byte-order mark and
every UTF-16 export were refused, 15 of 324 .mpr files with a rewritten version field were
read as garbage numbers, and numpy RuntimeWarnings leaked from the readers.
"""

from __future__ import annotations

import os
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

from semisolid.errors import FileFormatError, InputError
from semisolid.io import read, read_spectra
from semisolid.io._text import MAX_FIELDS, MAX_LINE_CHARS

from .conftest import one_line_error


def _library(code: str, timeout: float = 60.0) -> str:
    """Run `code` in a child process (a read that blocks must not block the suite)."""
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       timeout=timeout)
    assert r.returncode == 0, r.stderr[-2000:]
    return r.stdout.strip()


REFUSE = """
from semisolid.io import read, read_spectra
for call in ({calls}):
    try:
        call()
    except Exception as exc:
        print(type(exc).__name__, "|", exc)
    else:
        print("read")
"""


@pytest.mark.slow
def test_fifo_and_devices_are_refused_before_opening(tmp_path):
    fifo = tmp_path / "cell.mpt"
    os.mkfifo(fifo)
    calls = ", ".join(f"lambda: {c}" for c in [
        f"read({str(fifo)!r})", f"read({str(fifo)!r}, format='csv')",
        f"read_spectra({str(fifo)!r})", "read('/dev/zero', format='csv')",
        "read('/dev/zero')", "read_spectra('/dev/zero', format='gamry-dta')"])
    out = _library(REFUSE.format(calls=calls)).splitlines()
    assert len(out) == 6
    for line in out:
        assert line.startswith("InputError | path: ") and "not a regular file" in line, line


@pytest.mark.slow
def test_cli_refuses_a_fifo_and_dev_zero_at_once(tmp_path, cli):
    fifo = tmp_path / "cell.mpt"
    os.mkfifo(fifo)
    for args in (["inspect", fifo], ["export", fifo, tmp_path / "o.csv"],
                 ["inspect", "--format", "csv", "/dev/zero"], ["eis", fifo],
                 ["ccd", fifo, "--no-db"]):
        line = one_line_error(cli([str(a) for a in args], timeout=60))
        assert "not a regular file" in line, line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cell.mpt"]


# ----------------------------------------------------------------------------- limits

@pytest.mark.slow
def test_a_header_of_500000_columns_is_refused_at_once_with_a_short_message(tmp_path):
    p = tmp_path / "wide.csv"
    p.write_text(",".join(f"c{i}" for i in range(500_000)) + "\n" + "1," * 499_999 + "1\n")
    with pytest.raises(FileFormatError, match=r"wide.csv \(line 1\): a line of") as e:
        read(p)
    assert len(str(e.value)) < 300
    q = tmp_path / "many.csv"  # short names: under the line limit, over the column limit
    q.write_text(",".join("c" for _ in range(MAX_FIELDS + 1)) + "\n1,2\n")
    with pytest.raises(FileFormatError, match=rf"{MAX_FIELDS + 1:,} fields on one line"):
        read(q)
    ok = tmp_path / "wide_but_fine.csv"  # at the limit: read (the reader then decides)
    ok.write_text("time/s,Ewe/V,control/mA," + ",".join(f"x{i}" for i in range(MAX_FIELDS - 3))
                  + "\n" + ",".join(["1"] * MAX_FIELDS) + "\n")
    assert len(read(ok)) == 1


def test_line_length_limit_in_every_text_reader(tmp_path, peis, echem):
    gamry = echem / "impedance_py" / "exampleDataGamry.DTA"
    cyclers = sorted((echem / "cyclers").iterdir())  # the column-preset readers
    assert len(cyclers) == 5
    for seed in (peis, gamry, echem / "impedance_py" / "exampleData.csv", *cyclers):
        lines = seed.read_bytes().split(b"\n")
        lines.insert(5, b"x" * (MAX_LINE_CHARS + 1))
        p = tmp_path / seed.name
        p.write_bytes(b"\n".join(lines))
        with pytest.raises(FileFormatError, match=r"\(line 6\): a line of 100,001 characters"):
            read(p)


def test_cli_error_lines_are_capped(tmp_path):
    from typer.testing import CliRunner

    from semisolid.cli import app

    p = tmp_path / "many_columns.csv"
    p.write_text(",".join(f"column_{i:04d}" for i in range(1900)) + "\n" + "1," * 1899 + "1\n")
    r = CliRunner().invoke(app, ["inspect", str(p)])
    assert r.exit_code == 2
    (line,) = r.stderr.strip().splitlines()
    assert len(line) < 2100 and line.endswith("more characters)")


# ----------------------------------------------------------------------------- encodings

def _same(a, b) -> None:
    assert len(a) == len(b) and len(a.spectra) == len(b.spectra)
    np.testing.assert_array_equal(a.time_s, b.time_s)
    np.testing.assert_array_equal(a.voltage_V, b.voltage_V)
    for sa, sb in zip(a.spectra, b.spectra, strict=True):
        np.testing.assert_array_equal(sa.impedance_Ohm, sb.impedance_Ohm)


@pytest.mark.slow
@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"])
def test_bom_and_utf16_exports_read_like_the_original(tmp_path, echem, encoding):
    seeds = [echem / "impedance_py" / n for n in
             ("exampleDataBioLogic.mpt", "exampleData.csv", "exampleDataGamry.DTA")]
    from semisolid.models.virtual_cell import simulate_cell, write_mpt

    seeds.append(write_mpt(simulate_cell("K/KBA/K", seed=2), tmp_path / "virtual.mpt"))
    for seed in sorted((echem / "cyclers").iterdir()):  # column presets: no spectra
        p = tmp_path / f"{encoding}_{seed.name}"
        p.write_bytes(seed.read_bytes().decode("utf-8").encode(encoding))
        _same(read(p), read(seed))
    for seed in seeds:
        text = seed.read_bytes().decode("cp1252")
        p = tmp_path / f"{encoding}{seed.suffix}"
        p.write_bytes(text.encode(encoding))
        _same(read(p), read(seed))  # format detected through the byte-order mark / UTF-16
        assert len(read_spectra(p)) == len(read_spectra(seed))


def test_damaged_utf16_is_refused_with_its_offset(tmp_path, peis):
    p = tmp_path / "cut.mpt"
    p.write_bytes(peis.read_bytes().decode("cp1252").encode("utf-16")[:-1] + b"\x00\xd8")
    with pytest.raises(FileFormatError, match=r"cut.mpt \(byte \d+\): damaged UTF-16"):
        read(p)


# ----------------------------------------------------------------------------- binary

def _version_offset(data: bytes, module) -> int:
    p = module.header_offset
    return p + 53 if data[p + 41:p + 45] == b"\xff\xff\xff\xff" else p + 45


@pytest.mark.slow
def test_rewritten_mpr_version_is_refused_or_read_identically(tmp_path, echem):
    """Versions 0..324 // n_files in the data-module header of each .mpr test file (7 files,
    versions 0..46: 329 files):
    the rows are either those of the original file or the file is refused, never
    numbers read from the wrong offset."""
    from semisolid.io.biologic_mpr import parse_mpr

    files = sorted(echem.rglob("*.mpr"))
    n = identical = 0
    for f in files:
        data = f.read_bytes()
        ref = parse_mpr(f)
        mod = next(m for m in ref.modules if m.short_name == "VMP data")
        at = _version_offset(data, mod)
        for v in range(0, 324 // len(files) + 1):
            mutated = data[:at] + v.to_bytes(4, "little") + data[at + 4:]
            n += 1
            try:
                got = parse_mpr(f.name, data=mutated)
            except FileFormatError:
                continue
            assert got.columns.keys() == ref.columns.keys(), (f.name, v)
            for k in ref.columns:
                np.testing.assert_array_equal(got.columns[k], ref.columns[k], err_msg=f"{v}")
            identical += 1
    assert n >= 324 and identical >= len(files)  # the true versions at least


def test_signalling_nan_in_a_binary_column_is_reported_not_warned(tmp_path, echem):
    from semisolid.io.biologic_mpr import parse_mpr

    f = echem / "navani" / "00_test_04_MB_C01.mpr"
    data = f.read_bytes()
    ref = parse_mpr(f)
    first = np.float32(ref.columns["Ewe/V"][0]).tobytes()
    mod = next(m for m in ref.modules if m.short_name == "VMP data")
    at = data.index(first, mod.data_offset)
    p = tmp_path / "snan.mpr"
    p.write_bytes(data[:at] + bytes.fromhex("0000a07f") + data[at + 4:])  # sNaN, float32
    from semisolid.errors import ReaderWarning

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no numpy RuntimeWarning escapes the cast ...
        warnings.filterwarnings("ignore", category=ReaderWarning)  # ... the reader's own note
        rec = read(p)
    assert np.isnan(rec.voltage_V[0]) and np.isfinite(rec.voltage_V[1:]).all()
    assert any("'Ewe/V' holds 1 NaN value" in w for w in rec.metadata.warnings)


# ----------------------------------------------------------------------------- grids

def test_equilibrium_grid_refuses_empty_axes_and_impossible_grids(linak_db):
    from semisolid.thermo.engine import equilibrium_grid

    with pytest.raises(InputError, match="compositions: the K axis must be a non-empty"):
        equilibrium_grid(linak_db, {"K": [], "Na": None}, [300.0])
    with pytest.raises(InputError, match="temperatures_K: the temperatures_K axis"):
        equilibrium_grid(linak_db, {"K": [0.5], "Na": None}, [])
    with pytest.raises(InputError, match=r"compositions: .* grid points need about .* GiB"):
        equilibrium_grid(linak_db, {"Li": np.zeros(10**5), "Na": np.zeros(10**5),
                                    "K": None}, [300.0])


@pytest.fixture(scope="module")
def linak_db():
    from semisolid.thermo import load_database

    return load_database()


def test_read_entry_points_refuse_files_larger_than_memory(tmp_path, monkeypatch):
    import semisolid._util as util

    p = tmp_path / "big.csv"
    p.write_text("time/s,Ewe/V,control/mA\n0,0.1,1\n")
    monkeypatch.setattr(util, "available_memory_bytes", lambda: 100)
    with pytest.raises(InputError, match=r"path: \d+ bytes in big.csv need about"):
        read(p)
    assert Path(p).exists()


# ----------------------------------------------------------------------------- images

def test_images_are_regular_files_within_pillows_limit_with_sound_metadata(tmp_path,
                                                                           monkeypatch):
    from PIL import Image

    from semisolid.imaging.image import read_image

    grey = np.zeros((20, 30), np.uint8)
    ok = tmp_path / "ok.png"
    Image.fromarray(grey).save(ok)
    assert read_image(ok).grey.shape == (20, 30)
    for dev in ("/dev/zero", "/dev/null"):
        with pytest.raises(InputError, match="character device, not a regular file"):
            read_image(dev)
    exif = tmp_path / "exif.png"  # an EXIF block that ends inside its first entry
    Image.fromarray(grey).save(exif, exif=b"MM\x00\x2a\x00\x00\x00\x08\x00\x05\x01\x12\x00"
                                          b"\x03\x00\x00\x00\x01")
    with pytest.raises(FileFormatError, match=r"exif.png: damaged image metadata \(Corrupt"):
        read_image(exif)
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100)  # 600 pixels: over twice the limit
    with pytest.raises(FileFormatError, match=r"ok\.png: larger than 100 pixels"):
        read_image(ok)
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 500)  # between once and twice: warned
    with pytest.raises(FileFormatError, match=r"ok\.png: larger than 500 pixels"):
        read_image(ok)


@pytest.mark.slow
def test_an_image_fifo_is_refused_before_opening(tmp_path):
    fifo = tmp_path / "drop.png"
    os.mkfifo(fifo)
    out = _library(f"from semisolid.imaging.image import read_image\ntry:\n    read_image("
                   f"{str(fifo)!r})\nexcept Exception as exc:\n    print(type(exc).__name__, exc)")
    assert out.startswith("InputError path: ") and "FIFO" in out, out
