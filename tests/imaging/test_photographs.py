"""Public photographs (MIT, tests/data/SOURCES.md) of water drops on Teflon and on copper.

No true angle comes with them, so these tests check what can be checked: the lit drops on
Teflon are measured (with ``drop="bright"``), the two independent fits agree, the left and
right angles agree, and the result names the exact file. The transparent drop on copper, which
shows the background through it, is not a silhouette: the measurement must refuse it rather
than return a number.
"""

from __future__ import annotations

import hashlib

import pytest

from semisolid.errors import InputError
from semisolid.imaging import measure_contact_angle


@pytest.mark.slow
@pytest.mark.parametrize("name", ["teflon1.jpg", "teflon3.jpg"])
def test_lit_drop_on_teflon(photos_dir, name):
    path = photos_dir / name
    res = measure_contact_angle(path, drop="bright")
    loc, yl = res.local_fit, res.young_laplace
    # the two fits are independent: they agree within 3 degrees (a real edge with a
    # highlight near the contact line and a 2.5 px blur)
    assert abs(loc.mean_deg - yl.mean_deg) < 3.0, (loc, yl)
    assert abs(yl.left_deg - yl.right_deg) < 3.0, yl
    assert 70.0 < yl.mean_deg < 95.0
    # the substrate's edge is tilted by 1.3 degrees in these frames
    assert res.baseline.tilt_deg == pytest.approx(-1.3, abs=0.4)
    assert res.image_sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_transparent_drop_is_refused(photos_dir):
    # the dark region above the copper runs into the frame (the drop's shadow side and the
    # substrate's far edge): refused as such, or as an edge no drop profile follows
    with pytest.raises(InputError, match=r"image: the (drop is cut|edge found is not)"):
        measure_contact_angle(photos_dir / "copper1.jpg")


def test_wrong_polarity_is_refused(photos_dir):
    with pytest.raises(InputError, match="drop"):
        measure_contact_angle(photos_dir / "teflon1.jpg")
