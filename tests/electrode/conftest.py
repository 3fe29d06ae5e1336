"""Shared fixtures of the electrode tests: the paper's cell geometry (Methods)."""

from __future__ import annotations

import pytest

from semisolid.paper import CELL

MAH_CM2 = 36000.0  # C/m2


@pytest.fixture(scope="session")
def paper_geometry() -> dict:
    """10 uL alloy on the 7.14 mm collector, 3 mAh/cm2 per half cycle, 22 C (Methods), from
    the paper's data file (semisolid.paper)."""
    return {
        "volume_m3": CELL.alloy_volume_m3,
        "diameter_m": CELL.collector_diameter_m,
        "areal_capacity_C_m2": CELL.swing_areal_capacity_mAh_cm2 * MAH_CM2,
        "temperature_K": CELL.temperature_K,
    }
