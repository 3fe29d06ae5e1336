"""Shared fixtures of the electrode tests: the paper's cell geometry (Methods)."""

from __future__ import annotations

import pytest

MAH_CM2 = 36000.0  # C/m2


@pytest.fixture(scope="session")
def paper_geometry() -> dict:
    """10 uL alloy on the 7.14 mm collector, 3 mAh/cm2 per half cycle, 22 C (Methods)."""
    return {
        "volume_m3": 10e-9,
        "diameter_m": 7.14e-3,
        "areal_capacity_C_m2": 3 * MAH_CM2,
        "temperature_K": 295.15,
    }
