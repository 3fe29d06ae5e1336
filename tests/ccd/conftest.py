"""Fixtures of the CCD tests: the independent trace generator (ccd_synth.py)."""

from __future__ import annotations

import runpy
from pathlib import Path
from types import SimpleNamespace

import pytest


@pytest.fixture(scope="session")
def synth():
    """The generator (``synth.make_trace(...)`` -> (CyclingData, Truth)), loaded from its file
    (no sys.path edit)."""
    path = Path(__file__).parent / "ccd_synth.py"
    return SimpleNamespace(**runpy.run_path(str(path), run_name="ccd_synth"))
