"""Mutation tests: truncated, bit-flipped, zero-length and wrong-magic variants of the sample
files. The only exception that may escape a reader is semisolid's FileFormatError naming the
file and a byte offset or line; no hang (pytest-timeout), no huge allocation (every length
is checked against the file size first)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from semisolid.errors import FileFormatError
from semisolid.io import read
from semisolid.io.biologic_mpr import read_mpr
from semisolid.io.biologic_mpt import parse_mpt

from .conftest import EIS_CSV, GAMRY, GCPL, MB, PEIS_MPT

MB_BYTES = MB.read_bytes()
# the first 20 kB of the GCPL file: settings module and the start of the data module
GCPL_HEAD = GCPL.read_bytes()[:20000]
TEXT_FILES = {p.suffix.lower(): p.read_bytes() for p in (PEIS_MPT, EIS_CSV, GAMRY)}
WHERE = re.compile(r"\((byte \d+|line \d+)\)")


def _check_error(exc: FileFormatError, name: str) -> None:
    msg = str(exc)
    assert name in msg, msg
    assert WHERE.search(msg), msg


def _mpr(data: bytes, name: str = "mut.mpr") -> None:
    try:
        rec = read_mpr(name, data=data)
    except FileFormatError as exc:
        _check_error(exc, name)
        return
    assert len(rec) <= len(data)  # rows come from the bytes, never invented


def _flip(data: bytes, positions: list[int], bits: list[int]) -> bytes:
    b = bytearray(data)
    for p, bit in zip(positions, bits, strict=False):
        b[p % len(b)] ^= 1 << bit
    return bytes(b)


FAST = settings(
    max_examples=600, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.mark.slow
@FAST
@given(cut=st.integers(0, len(MB_BYTES)))
def test_truncated_mpr(cut):
    _mpr(MB_BYTES[:cut])


@pytest.mark.slow
@FAST
@given(pos=st.lists(st.integers(0, 10**7), min_size=1, max_size=4),
       bits=st.lists(st.integers(0, 7), min_size=4, max_size=4))
def test_bit_flipped_mpr(pos, bits):
    _mpr(_flip(MB_BYTES, pos, bits))


@pytest.mark.slow
@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(pos=st.lists(st.integers(0, 20000), min_size=1, max_size=3),
       bits=st.lists(st.integers(0, 7), min_size=3, max_size=3),
       cut=st.integers(0, 20000))
def test_bit_flipped_and_cut_headers_of_gcpl(pos, bits, cut):
    # mutate where the structure lives (magic, module headers, column table)
    _mpr(_flip(GCPL_HEAD[:max(cut, 1)], pos, bits))


@pytest.mark.parametrize("data", [b"", b"\x00" * 100, b"BIO-LOGIC", b"MODULE" * 20,
                                  MB_BYTES[:52], MB_BYTES[:52] + b"MODULE"])
def test_degenerate_mpr(data):
    _mpr(data)


def _text(tmp_path: Path, suffix: str, data: bytes) -> None:
    p = tmp_path / f"mut{suffix}"
    p.write_bytes(data)
    fmt = {".mpt": "biologic-mpt", ".csv": "csv", ".dta": "gamry-dta"}[suffix]
    try:
        read(p, format=fmt)
    except FileFormatError as exc:
        _check_error(exc, p.name)


@pytest.mark.slow
@settings(max_examples=300, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(suffix=st.sampled_from(sorted(TEXT_FILES)), cut=st.integers(0, 40000),
       pos=st.lists(st.integers(0, 40000), max_size=3),
       bits=st.lists(st.integers(0, 7), min_size=3, max_size=3))
def test_mutated_text_files(tmp_path, suffix, cut, pos, bits):
    data = TEXT_FILES[suffix]
    data = data[: cut % (len(data) + 1)]
    if data and pos:
        data = _flip(data, pos, bits)
    _text(tmp_path, suffix, data)


def test_wrong_magic_and_empty_text(tmp_path):
    for suffix, data in TEXT_FILES.items():
        _text(tmp_path, suffix, b"")
        _text(tmp_path, suffix, b"PK\x03\x04" + data[4:])
    with pytest.raises(FileFormatError, match=r"line 2"):
        parse_mpt("x.mpt", b"EC-Lab ASCII FILE\r\nNb header lines : 9999\r\n")


def test_non_finite_time_is_reported_not_raised():
    import struct

    import numpy as np

    from semisolid.io.biologic_mpr import parse_mpr

    ref = parse_mpr(MB)
    # locate the first row's time (float64 inside the packed rows) and overwrite it
    t0 = float(ref.columns["time/s"][1])
    raw = bytearray(MB_BYTES)
    at = bytes(raw).index(struct.pack("<d", t0))
    raw[at : at + 8] = struct.pack("<d", float("inf"))
    rec = read_mpr("inf.mpr", data=bytes(raw))
    assert np.isinf(rec.time_s[1])
    assert any("non-finite time" in w for w in rec.metadata.warnings)
