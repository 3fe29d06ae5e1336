"""The test-image generators are the oracle of the accuracy tests: check their geometry on its
own, from the rendered grey levels (pixel coverage), against closed-form areas."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.integrate import trapezoid

from semisolid.errors import InputError
from semisolid.imaging.synthetic import render_electrode, render_sessile_drop
from semisolid.imaging.young_laplace import sessile_drop


def q(level: float) -> float:
    """A grey level as the 8-bit image stores it."""
    return round(level * 255.0) / 255.0


@pytest.mark.parametrize(("theta", "bo"), [(30.0, 0.5), (90.0, 2.0), (150.0, 0.2)])
def test_drop_silhouette_area(theta, bo):
    """The drop's darkness above the baseline adds up to its profile's area 2 b² ∫ x dz."""
    d = render_sessile_drop(theta, bo, shape=(300, 400), half_width_px=110.0, background=0.88,
                            drop=0.06)
    bg, dark = q(0.88), q(0.06)
    img = d.image.astype(float) / 255.0
    y0 = d.truth["baseline_point_px"][1]
    above = np.arange(img.shape[0])[:, None] < y0 - 1.0  # whole rows above the baseline
    coverage = np.clip((bg - img) / (bg - dark), 0.0, 1.0)
    measured = float(coverage[np.broadcast_to(above, img.shape)].sum())
    sd = sessile_drop(theta, bo)
    b = d.truth["apex_radius_px"]
    x, z = sd.outline(20000)
    # area above the row edge y0 - 1.5 (pixel centres above y0 - 1 cover down to y0 - 1.5)
    row_edge = math.floor(y0 - 1.0) + 0.5
    keep = (sd.height - z) * b >= y0 - row_edge
    area = 2.0 * b * b * float(trapezoid(x[keep], z[keep]))
    # 8-bit rounding of the outline's pixels: +-0.5/255 of the contrast each, random
    assert measured == pytest.approx(area, rel=1e-3)


def test_drop_truth_is_the_profile():
    d = render_sessile_drop(120.0, 1.0, half_width_px=100.0)
    sd = sessile_drop(120.0, 1.0)
    b = d.truth["apex_radius_px"]
    assert d.truth["contact_radius_px"] == pytest.approx(sd.contact_radius * b)
    assert d.truth["height_px"] == pytest.approx(sd.height * b)
    # the widest point of a 120-degree drop is its equator: half_width_px
    assert float(sd.profile.x_at_depth(
        np.interp(math.pi / 2, sd.profile.phi, sd.profile.z))) * b == pytest.approx(100.0)


def test_tilted_substrate_edge_follows_the_tilt():
    """Away from the drop, the substrate edge (50 % crossing) lies on the tilted line."""
    d = render_sessile_drop(60.0, 0.5, shape=(240, 400), half_width_px=80.0, tilt_deg=7.0)
    img = d.image.astype(float) / 255.0
    x0, y0 = d.truth["baseline_point_px"]
    for col in (10, 390):
        prof = img[:, col]
        mid = 0.5 * (q(0.88) + q(0.22))
        k = int(np.flatnonzero(prof < mid)[0])
        row = k - 1 + (prof[k - 1] - mid) / (prof[k - 1] - prof[k])
        expected = y0 - math.tan(math.radians(7.0)) * (col - x0)
        # the edge ramp is one pixel wide across the edge, so a row-wise linear interpolation
        # of a tilted edge is off by up to ~0.1 px
        assert row == pytest.approx(expected, abs=0.1)


@pytest.mark.slow
@pytest.mark.parametrize("squash", [1.0, 0.8])
def test_electrode_areas_from_grey_levels(squash):
    """Metal and disc pixel coverage, read back from the grey levels, match the closed forms."""
    e = render_electrode(shape=(300, 300), disc_radius_px=130.0, metal_radius_px=70.0,
                         squash=squash, squash_angle_deg=35.0, background=0.12,
                         electrolyte=0.78, metal=0.42)
    bg, el, me = q(0.12), q(0.78), q(0.42)
    img = e.image.astype(float) / 255.0
    inside = img > 0.5 * (bg + me)  # disc pixels (metal or electrolyte), the rim partial
    metal = np.clip((el - img) / (el - me), 0.0, 1.0) * inside
    # the rim's partial pixels read as a little metal: count metal only well inside the disc
    yy, xx = np.mgrid[0:300, 0:300]
    r = np.hypot(xx - 149.5, yy - 149.5)
    assert float(metal[r < 95].sum()) == pytest.approx(e.truth["metal_area_px"], rel=1e-3)
    disc = np.where(r < 95, 1.0, np.clip((img - bg) / (el - bg), 0.0, 1.0))
    assert float(disc.sum()) == pytest.approx(e.truth["disc_area_px"], rel=1e-3)


def test_electrode_area_closed_form():
    e = render_electrode(shape=(40, 40), disc_radius_px=18.0, metal_radius_px=100.0,
                         harmonics=((3, 0.1, 0.0),))
    assert e.truth["metal_area_px"] == pytest.approx(math.pi * 1e4 * (1.0 + 0.5 * 0.01))


@pytest.mark.slow
def test_scale_bar_truth():
    e = render_electrode(shape=(300, 300), disc_radius_px=100.0, metal_radius_px=50.0,
                         scale_bar_px=120.5)
    img = e.image.astype(float) / 255.0
    (xa, ya), (xb, _) = e.truth["scale_bar_ends_px"]
    row = img[round(ya)]
    bar = np.clip((row - q(0.12)) / (q(0.98) - q(0.12)), 0.0, 1.0)
    assert float(bar[: int(xb) + 3].sum()) == pytest.approx(120.5, abs=0.02)
    assert xb - xa == pytest.approx(120.5)


def test_bad_generator_options():
    with pytest.raises(InputError, match="squash"):
        render_electrode(squash=0.1)
    with pytest.raises(InputError, match="harmonics"):
        render_electrode(harmonics=((2, 0.1, 0.0), (2, 0.05, 0.0)))
    with pytest.raises(InputError, match="shape"):
        render_sessile_drop(60.0, shape=(8, 8))
    with pytest.raises(InputError, match="scale_bar_px"):
        render_electrode(shape=(100, 100), disc_radius_px=40.0, metal_radius_px=20.0,
                         scale_bar_px=500.0)
