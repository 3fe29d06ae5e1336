"""The skeleton of semi-solid electrodes measured on time-cone microstructures."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from semisolid.errors import InputError
from semisolid.models.skeleton import (
    carman_kozeny_permeability_m2,
    contiguity,
    mush_structure,
    skeleton_strength_factor,
)


def test_carman_kozeny_is_the_sphere_pack_form():
    # for spheres of diameter d, S_v = 6 (1 - f) / d: k = f^3 d^2 / (180 (1 - f)^2)
    d = 20e-6
    for f in (0.1, 0.3, 0.5):
        sv = 6 * (1 - f) / d
        assert carman_kozeny_permeability_m2(f, sv) == pytest.approx(
            f**3 * d**2 / (180 * (1 - f) ** 2), rel=1e-12)
    assert carman_kozeny_permeability_m2(0.3, 1e5, connectivity=0.5) == pytest.approx(
        0.5 * carman_kozeny_permeability_m2(0.3, 1e5), rel=1e-12)


def test_contiguity_counts_grain_boundaries_against_liquid_faces():
    # a periodic row of grains 0 0 1 1 2 2 with the fourth voxel liquid: grain boundaries
    # 0|1 (voxels 1-2) and 2|0 (across the wrap); solid-liquid faces 1|L and L|2
    lab = np.array([[0, 0, 1, 1, 2, 2]])
    solid = np.array([[True, True, True, False, True, True]])
    ss, sl = 2, 2
    assert contiguity(lab, solid) == pytest.approx(2 * ss / (2 * ss + sl))
    assert contiguity(lab, np.ones_like(solid)) == 1.0
    with pytest.raises(InputError, match=r"^labels: shape"):
        contiguity(lab, solid[:, :3])


@pytest.mark.slow   # six 3D microstructures of 64^3 voxels, three seeds each
def test_liquid_connects_and_contiguity_falls_with_liquid_fraction():
    s = {f: mush_structure(f) for f in (0.02, 0.1, 0.36, 0.5)}
    assert s[0.02].liquid_connectivity == 0.0 and s[0.02].regime == "jammed"
    assert s[0.36].liquid_connectivity > 0.95 and s[0.36].regime == "flowing"
    c = [s[f].contiguity for f in sorted(s)]
    assert all(a > b for a, b in itertools.pairwise(c))
    sv = [s[f].specific_surface_per_px for f in sorted(s)]
    assert sv[0] < sv[-1]
    # about 15 voxels per grain: 120 grains in 64^3
    assert 10 < s[0.1].grain_diameter_px < 20
    assert skeleton_strength_factor(s[0.1], 2.0) == pytest.approx(
        (s[0.1].contiguity * 0.9) ** 2)


def test_structure_input_checks():
    with pytest.raises(InputError, match=r"^liquid_fraction: must be in \[0, 1\]"):
        mush_structure(float("nan"))
    with pytest.raises(InputError, match=r"^grain_size_m"):
        mush_structure(0.0).specific_surface_per_m(-1.0)
