"""Shared fixtures. Test data is reached through these, never through the working directory."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

# Tests never assert a wall time: no Hypothesis deadlines (a loaded CI machine is slow), and
# reproducible examples (no example database written into the working tree).
settings.register_profile("semisolid", deadline=None, derandomize=True, database=None)
settings.load_profile("semisolid")

DATA_DIR = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The folder of test input files (see tests/data/SOURCES.md)."""
    return DATA_DIR
