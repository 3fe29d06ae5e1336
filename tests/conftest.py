"""Shared fixtures. Test data is reached through these, never through the working directory."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA_DIR = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The folder of test input files (see tests/data/SOURCES.md)."""
    return DATA_DIR
