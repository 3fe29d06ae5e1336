"""Fixtures of the CLI tests: data paths, the shipped database and the independent CCD trace
generator of the ccd tests (loaded from its file, not from the working directory)."""

from __future__ import annotations

import runpy
from pathlib import Path
from types import SimpleNamespace

import pytest


@pytest.fixture(scope="session")
def echem(data_dir) -> Path:
    """Folder of the sample potentiostat files (see tests/data/SOURCES.md)."""
    return data_dir / "echem"


@pytest.fixture(scope="session")
def linak_db():
    """The shipped database through the engine's loader."""
    from semisolid.thermo import load_database

    return load_database()


@pytest.fixture(scope="session")
def synth():
    """tests/ccd/ccd_synth.py (``synth.make_trace(...)`` -> (CyclingData, Truth))."""
    path = Path(__file__).parent.parent / "ccd" / "ccd_synth.py"
    return SimpleNamespace(**runpy.run_path(str(path), run_name="ccd_synth"))
