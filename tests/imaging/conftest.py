"""Fixtures of the imaging tests: rendered images written to files, the photographs' folder.

The rendered images come from :mod:`semisolid.imaging.synthetic`, whose geometry is exact
(checked on its own in test_synthetic.py); the measurements are compared with that geometry.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("skimage")


@pytest.fixture(scope="session")
def photos_dir(data_dir: Path) -> Path:
    """Public photographs (MIT) of sessile drops: tests/data/imaging (see SOURCES.md)."""
    return data_dir / "imaging"


def angle_errors(result, truth_deg: float) -> dict[str, float]:
    """Largest |left/right - truth| of each fit [deg]."""
    out = {}
    for fit in (result.local_fit, result.young_laplace):
        out[fit.method] = max(abs(fit.left_deg - truth_deg), abs(fit.right_deg - truth_deg))
    return out


@pytest.fixture(scope="session")
def errors_of():
    """``errors_of(result, truth_deg)`` -> {method: worst side error in degrees}."""
    return angle_errors


@pytest.fixture
def save_png(tmp_path: Path):
    """``save_png(synthetic_image, name)`` writes it under tmp_path and returns the path."""

    def _save(img, name: str = "image.png") -> Path:
        return Path(img.save(tmp_path / name))

    return _save
