"""Fixtures of the io tests: the sample potentiostat files (see tests/data/SOURCES.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

ECHEM = Path(__file__).parent.parent / "data" / "echem"
BIOL = ECHEM / "cellpy" / "biol.mpr"
GCPL = ECHEM / "navani" / "jdb11-1_c3_gcpl_5cycles_2V-3p8V_C-24_data_C09.mpr"
MB = ECHEM / "navani" / "00_test_04_MB_C01.mpr"
PEIS_MPT = ECHEM / "impedance_py" / "exampleDataBioLogic.mpt"
EIS_CSV = ECHEM / "impedance_py" / "exampleData.csv"
GAMRY = ECHEM / "impedance_py" / "exampleDataGamry.DTA"
MPR_FILES = [BIOL, GCPL, MB]


@pytest.fixture(scope="session")
def echem_dir() -> Path:
    """Folder of the sample potentiostat files."""
    return ECHEM


@pytest.fixture(scope="session")
def biol():
    """cellpy's biol.mpr read once (Modulo Bat: GCPL + interleaved PEIS)."""
    from semisolid.io import read

    return read(BIOL)


@pytest.fixture(scope="session")
def gcpl():
    """navani's 46102-row GCPL file read once."""
    from semisolid.io import read

    return read(GCPL)
