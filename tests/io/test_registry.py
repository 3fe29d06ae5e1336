"""Registry dispatch (the inspect/export commands are tested in tests/cli/test_io.py)."""

from __future__ import annotations

import pytest

from semisolid.errors import FileFormatError, InputError
from semisolid.io import read, register_reader, supported_formats
from semisolid.io.registry import REGISTRY

from .conftest import GCPL, PEIS_MPT


def test_registration_refuses_silent_overwrite():
    with pytest.raises(InputError, match="already registered"):
        register_reader("biologic-mpr", lambda p, **k: None)


def test_unknown_format_lists_supported():
    with pytest.raises(InputError, match=r"unknown format 'biologic_mpr'.*did you mean "
                                         r"'biologic-mpr'.*supported formats: biologic-mpr"):
        read(GCPL, format="biologic_mpr")


def test_detection_by_magic_beats_extension(tmp_path):
    p = tmp_path / "renamed.dat"
    p.write_bytes(PEIS_MPT.read_bytes())
    assert read(p).metadata.format == "biologic-mpt"
    q = tmp_path / "fake.mpr"
    q.write_text("time/s,Ewe/V\n0,1\n")
    with pytest.raises(FileFormatError, match=r"fake\.mpr \(byte 0\).*supported formats"):
        read(q)
    r = tmp_path / "x.unknown"
    r.write_text("hello")
    with pytest.raises(FileFormatError, match="cannot tell the format"):
        read(r)
    assert set(supported_formats()) >= {"biologic-mpr", "biologic-mpt", "csv", "gamry-dta"}
    assert [i.name for i in REGISTRY.infos()][:2] == ["biologic-mpr", "biologic-mpt"]
