"""Technique parameters decoded from the settings module of .mpr files.

The expected values are independent of the decoder: the data module of the same file (the
set current in ``control/V/mA``, the voltage where each step ends, the Ns sequence of the
rows, the recording interval), the file name given by its author
(``gcpl_5cycles_2V-3p8V_C-24``) and tests/data/SOURCES.md (+/-0.0888 mA).
"""

from __future__ import annotations

import struct

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from semisolid.errors import FileFormatError
from semisolid.io.biologic_mpr import parse_mpr, read_mpr
from semisolid.io.biologic_settings import GCPL_RECORD_BYTES, decode_settings

from .conftest import BIOL, GCPL, MB

SRC = "settings module"
GCPL_BYTES = GCPL.read_bytes()


@pytest.fixture(scope="module")
def gcpl_mpr():
    return parse_mpr(GCPL, GCPL_BYTES)


def _programmed(rec):
    return [p for p in rec.metadata.technique_parameters if p["source"] == SRC]


def _runs(ns: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    starts = np.flatnonzero(np.r_[True, ns[1:] != ns[:-1]])
    return starts, np.r_[starts[1:], ns.size] - 1


def test_sequence_count_matches_the_data():
    for path in (GCPL, BIOL, MB):
        mpr = parse_mpr(path)
        assert mpr.settings.n_sequences == int(mpr.columns["Ns"].max()) + 1, path.name
    assert parse_mpr(BIOL).settings.parameters == []  # Modulo Bat records: not decoded
    assert parse_mpr(MB).settings.parameters == []


def test_gcpl_parameters_against_the_data(gcpl_mpr):
    s = gcpl_mpr.settings
    assert s.technique_id == 0x04 and len(s.parameters) == 4
    cols = gcpl_mpr.columns
    ns, v, t = cols["Ns"], cols["Ewe/V"], cols["time/s"]
    iset_mA = cols["control/V/mA"]
    starts, ends = _runs(ns)
    for p in s.parameters:
        k = p["Ns"]
        assert p["source"] == SRC and p["technique"] == "GCPL"
        rows = ns == k
        if k == 0:  # a rest: no current step, 1 h rest recorded every 10 s
            assert p["set_current_A"] is None and p["voltage_limit_V"] is None
            assert np.all(iset_mA[rows][:-1] == 0)  # the last row already holds Ns 1's
            assert p["rest_time_s"] == pytest.approx(t[rows][-1] - t[0], abs=11)
            assert p["rest_record_dt_s"] == pytest.approx(np.median(np.diff(t[rows])), rel=1e-3)
            continue
        # set current: the data's set point (SOURCES.md: +/-0.0888 mA), in uA in the file
        mid = iset_mA[rows][len(iset_mA[rows]) // 2]
        assert p["set_current_A"] == pytest.approx(mid * 1e-3, rel=1e-6)
        assert abs(p["set_current_A"]) == pytest.approx(0.0888e-3, rel=1e-3)
        assert p["set_current_unit"] == "µA"
        # voltage limit: each run of this sequence ends within 15 mV of it (2.0 V / 3.8 V)
        run_ends = [v[e] for b, e in zip(starts, ends, strict=True) if ns[b] == k]
        assert np.allclose(run_ends, p["voltage_limit_V"], atol=0.015)
        assert p["voltage_limit_V"] in (2.0, 3.8)
        # C/24: the time limit is 24 h; no half cycle reaches it
        assert p["step_time_limit_s"] == 24 * 3600
        durations = [t[e] - t[b] for b, e in zip(starts, ends, strict=True) if ns[b] == k]
        assert max(durations) < p["step_time_limit_s"]
        # points every dt1 (or every dE1, whichever comes first)
        gaps = np.diff(t[rows][:50])
        assert np.max(gaps) <= p["record_dt_s"] * 1.01
    # the loop: Ns 3 goes back to Ns 2 five times ("5cycles"): Ns 3 runs 6 times in the data
    last = s.parameters[-1]
    assert (last["goto_Ns"], last["n_cycles"]) == (2, 5)
    assert sum(ns[b] == 3 for b in starts) == last["n_cycles"] + 1
    assert [ns[b] for b in starts[:4]] == [0, 1, 2, 3]
    assert all(ns[starts[i + 1]] == 2 for i in range(len(starts) - 1) if ns[starts[i]] == 3)


def test_read_mpr_adds_programmed_after_observed():
    rec = read_mpr(GCPL, data=GCPL_BYTES)
    md = rec.metadata
    prog = _programmed(rec)
    assert [p["Ns"] for p in prog] == [0, 1, 2, 3]
    observed = [p for p in md.technique_parameters if p["source"] != SRC]
    assert md.technique_parameters[: len(observed)] == observed
    assert md.extra["settings_module"] == {
        "technique_id": 4, "n_sequences": 4, "parameters_decoded": True,
    }
    assert not [w for w in md.warnings if "settings" in w]


def _settings_at(mpr) -> tuple[int, int]:
    mod = next(m for m in mpr.modules if m.short_name == "VMP Set")
    return mod.data_offset, mod.length


def _records_start(mpr) -> int:
    d0, _ = _settings_at(mpr)
    return d0 + mpr.settings.block_offset + 6


@pytest.mark.parametrize(
    ("field_at", "value", "why"),
    [
        (1, struct.pack("<f", float("nan")), "not a finite number"),
        (5, b"\x09", "current unit 9"),
        (90, struct.pack("<I", 7), "goto 7"),
    ],
)
def test_corrupt_record_degrades_to_a_warning(gcpl_mpr, field_at, value, why):
    at = _records_start(gcpl_mpr) + 2 * GCPL_RECORD_BYTES + field_at
    data = bytearray(GCPL_BYTES)
    data[at : at + len(value)] = value
    rec = read_mpr("bad.mpr", data=bytes(data))
    assert _programmed(rec) == []
    assert any(why in w and "settings module" in w for w in rec.metadata.warnings)
    good = read_mpr("good.mpr", data=GCPL_BYTES)
    observed = [p for p in good.metadata.technique_parameters if p["source"] != SRC]
    assert rec.metadata.technique_parameters == observed  # as without the decoder
    assert rec.metadata.extra["settings_module"]["parameters_decoded"] is False


def test_sequence_count_disagreeing_with_data_is_not_used(gcpl_mpr):
    d0, _ = _settings_at(gcpl_mpr)
    at = d0 + gcpl_mpr.settings.block_offset + 2
    data = bytearray(GCPL_BYTES)
    data[at : at + 2] = struct.pack("<H", 2)  # claims 2 sequences; the data reach Ns 3
    rec = read_mpr("two.mpr", data=bytes(data))
    assert _programmed(rec) == []
    assert any("reach Ns 3" in w for w in rec.metadata.warnings)
    assert rec.metadata.extra["settings_module"]["n_sequences"] is None


FAST = settings(
    max_examples=300, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.mark.slow
@FAST
@given(pos=st.lists(st.integers(0, 10**6), min_size=1, max_size=4),
       bits=st.lists(st.integers(0, 7), min_size=4, max_size=4),
       cut=st.integers(0, 8000))
def test_mutated_settings_module_never_raises(gcpl_mpr, pos, bits, cut):
    d0, length = _settings_at(gcpl_mpr)
    block = bytearray(GCPL_BYTES[d0 : d0 + length])
    for p, b in zip(pos, bits, strict=False):
        block[p % len(block)] ^= 1 << b
    block = bytes(block[:cut])
    info = decode_settings(block, 0, length)  # declared length may exceed the bytes
    if info.parameters:
        assert len(info.parameters) == info.n_sequences
        for p in info.parameters:
            assert p["source"] == SRC
            assert all(np.isfinite(x) for x in p.values() if isinstance(x, float))
    else:
        assert info.warnings or info.technique_id != 0x04 or info.n_sequences is not None
    info = decode_settings(block, 0, len(block))
    assert isinstance(info.warnings, list)


@pytest.mark.slow
@settings(max_examples=40, deadline=None, derandomize=True, database=None)
@given(pos=st.lists(st.integers(0, 7100), min_size=1, max_size=3),
       bits=st.lists(st.integers(0, 7), min_size=3, max_size=3))
def test_read_mpr_with_flipped_settings_bits(pos, bits):
    data = bytearray(GCPL_BYTES)
    for p, b in zip(pos, bits, strict=False):
        data[p] ^= 1 << b
    try:
        rec = read_mpr("flip.mpr", data=bytes(data))
    except FileFormatError as exc:
        assert "flip.mpr" in str(exc)
        return
    for p in _programmed(rec):
        assert p["Ns"] < rec.metadata.extra["settings_module"]["n_sequences"]
