"""Fixtures of the CCD tests: the independent trace generator (ccd_synth.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

import ccd_synth


@pytest.fixture(scope="session")
def synth():
    """The generator module (``synth.make_trace(...)`` -> (CyclingData, Truth))."""
    return ccd_synth
