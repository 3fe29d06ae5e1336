"""Contact angles measured on drops rendered from Young-Laplace profiles of known angle.

Targets (issue 19): both fits within 1 degree of the true angle on clean images and within
2 degrees with blur and noise, 10 to 160 degrees. The fast tier takes one drop per lighting and
tilt case; the sweeps over angles and Bond numbers are marked slow. Drops in the sweeps are
300 px in half-width (a 1-2 megapixel goniometer image); the local fit needs that resolution
for 2 degrees at 140-160 degrees with 1.5 px blur and 2 % noise (the Young-Laplace fit does not).
"""

from __future__ import annotations

import hashlib
import json
import math

import numpy as np
import pytest
from PIL import Image

from semisolid.errors import FileFormatError, InputError
from semisolid.imaging import measure_contact_angle
from semisolid.imaging.synthetic import render_sessile_drop
from semisolid.io.registry import MissingFileError

BLUR_NOISE = {"blur_px": 1.5, "noise": 0.02}

# name: (angle, Bond number, rendering options, tolerance in degrees)
CASES = {
    "clean": (60.0, 1.0, {}, 1.0),
    "blur_noise": (120.0, 1.0, BLUR_NOISE, 2.0),
    "tilt": (90.0, 0.5, {"tilt_deg": 6.0}, 1.0),
    "tilt_blur_noise": (40.0, 2.0, {"tilt_deg": -4.0, **BLUR_NOISE}, 2.0),
    "uneven_lighting": (75.0, 1.0, {"lighting": 0.35}, 1.0),
    "uneven_lighting_blur_noise": (140.0, 0.5, {"lighting": 0.35, **BLUR_NOISE}, 2.0),
    "reflection": (135.0, 1.0, {"reflection": 0.6}, 1.0),
    "reflection_tilt_blur_noise": (100.0, 1.5, {"reflection": 0.5, "tilt_deg": 3.0,
                                                **BLUR_NOISE}, 2.0),
    "low_angle": (15.0, 0.5, {}, 1.0),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", list(CASES))
def test_lighting_and_tilt_cases(case, errors_of):
    theta, bo, opts, tol = CASES[case]
    d = render_sessile_drop(theta, bo, shape=(300, 420),
                            half_width_px=180.0 if theta < 30 else 130.0, **opts)
    res = measure_contact_angle(d.image)
    errs = errors_of(res, theta)
    assert errs["ellipse"] < tol, errs
    assert errs["young_laplace"] < tol, errs
    assert res.baseline.tilt_deg == pytest.approx(opts.get("tilt_deg", 0.0), abs=0.05)
    # the reported uncertainty is an honest scale of the error
    for fit in (res.local_fit, res.young_laplace):
        for side in ("left", "right"):
            err = abs(getattr(fit, f"{side}_deg") - theta)
            assert err < 4.0 * getattr(fit, f"{side}_uncertainty_deg") + 0.15, (fit, side)


@pytest.mark.slow
def test_shape_parameters_volume_and_contact_points():
    d = render_sessile_drop(110.0, 1.2, shape=(300, 420), half_width_px=130.0, tilt_deg=2.0)
    res = measure_contact_angle(d.image)
    yl = res.young_laplace
    assert yl.bond_number == pytest.approx(1.2, abs=3 * yl.bond_number_uncertainty + 0.01)
    assert yl.apex_radius_px == pytest.approx(d.truth["apex_radius_px"], rel=2e-3)
    assert yl.height_px == pytest.approx(d.truth["height_px"], abs=0.3)
    assert yl.contact_radius_px == pytest.approx(d.truth["contact_radius_px"], abs=0.3)
    assert yl.volume_px3 == pytest.approx(d.truth["volume_px3"], rel=5e-3)
    for got, true in zip(res.local_fit.contact_points_xy_px, d.truth["contact_points_px"],
                         strict=True):
        assert math.dist(got, true) < 0.5


@pytest.mark.slow
def test_surface_tension_from_scale_and_density():
    """gamma = drho g (b s)^2 / Bo recovered from a drop of known size and Bond number."""
    bo, px = 2.5, 10e-6  # 10 um per pixel
    d = render_sessile_drop(100.0, bo, shape=(300, 420), half_width_px=140.0)
    drho = 870.0  # NaK against argon
    gamma_true = drho * 9.80665 * (d.truth["apex_radius_px"] * px) ** 2 / bo
    res = measure_contact_angle(d.image, pixel_size_m=px, density_difference_kg_m3=drho)
    yl = res.young_laplace
    assert yl.surface_tension_N_m == pytest.approx(gamma_true, rel=0.02)
    assert abs(yl.surface_tension_N_m - gamma_true) < 3 * yl.surface_tension_uncertainty_N_m
    assert res.volume_m3 == pytest.approx(d.truth["volume_px3"] * px**3, rel=5e-3)
    assert res.contact_diameter_m == pytest.approx(2 * d.truth["contact_radius_px"] * px,
                                                   rel=3e-3)


@pytest.mark.slow
def test_no_surface_tension_from_a_round_drop():
    d = render_sessile_drop(90.0, 0.0, shape=(200, 300), half_width_px=60.0)
    res = measure_contact_angle(d.image, pixel_size_m=1e-5, density_difference_kg_m3=1000.0)
    if res.young_laplace.surface_tension_N_m is None:
        assert any("Bond number" in n for n in res.notes)
    else:  # a resolved Bo must then be consistent with zero sag within its uncertainty
        assert res.young_laplace.bond_number < 3 * res.young_laplace.bond_number_uncertainty


@pytest.mark.slow
def test_file_path_result_carries_the_sha256(save_png):
    d = render_sessile_drop(70.0, 0.8, shape=(240, 320), half_width_px=100.0)
    p = save_png(d, "drop.png")
    res = measure_contact_angle(p)
    assert res.image_sha256 == hashlib.sha256(p.read_bytes()).hexdigest()
    assert res.source == str(p)
    doc = json.loads(json.dumps(res.to_dict()))
    assert doc["image_sha256"] == res.image_sha256
    assert doc["local_fit"]["method"] == "ellipse"
    assert set(doc["young_laplace"]) >= {"left_deg", "right_deg", "bond_number",
                                         "surface_tension_N_m", "volume_px3"}
    assert doc["contact_angle_deg"] == pytest.approx(70.0, abs=1.0)
    frame = res.to_frame()
    assert list(frame["method"]) == ["ellipse", "ellipse", "young_laplace", "young_laplace"]
    assert "drop.png" in repr(res)


@pytest.mark.slow
def test_colour_jpeg_and_sixteen_bit(tmp_path):
    d = render_sessile_drop(80.0, 1.0, shape=(240, 320), half_width_px=100.0, blur_px=1.0)
    rgb = np.stack([d.image] * 3, axis=-1)
    Image.fromarray(rgb).save(tmp_path / "d.jpg", quality=95)
    Image.fromarray(d.image.astype(np.uint16) * 257).save(tmp_path / "d16.png")
    for name in ("d.jpg", "d16.png"):
        res = measure_contact_angle(tmp_path / name)
        assert res.young_laplace.mean_deg == pytest.approx(80.0, abs=1.0), name


@pytest.mark.slow
def test_bright_drop_on_dark_background():
    d = render_sessile_drop(95.0, 1.0, shape=(240, 320), half_width_px=100.0)
    res = measure_contact_angle(255 - d.image, drop="bright")
    assert res.young_laplace.mean_deg == pytest.approx(95.0, abs=1.0)
    with pytest.raises(InputError, match="drop"):
        measure_contact_angle(255 - d.image)


@pytest.mark.slow
def test_given_baseline():
    d = render_sessile_drop(60.0, 1.0, shape=(240, 320), half_width_px=100.0, tilt_deg=3.0)
    (xl, yl), (xr, yr) = d.truth["contact_points_px"]
    res = measure_contact_angle(d.image, baseline_xy_px=((xl, yl), (xr, yr)),
                                baseline_uncertainty_px=0.1, blur_px=0.5)
    assert res.baseline.tilt_deg == pytest.approx(3.0, abs=1e-9)
    assert res.young_laplace.mean_deg == pytest.approx(60.0, abs=1.0)


@pytest.mark.slow
def test_polynomial_local_model():
    d = render_sessile_drop(50.0, 1.0, shape=(240, 320), half_width_px=110.0)
    res = measure_contact_angle(d.image, local_model="polynomial")
    assert res.local_fit.method == "polynomial"
    assert res.local_fit.mean_deg == pytest.approx(50.0, abs=1.0)


# ---------------------------------------------------------------- bad input


def test_not_an_image(tmp_path):
    p = tmp_path / "drop.png"
    p.write_bytes(b"\x00\x01 not a picture")
    with pytest.raises(FileFormatError, match=r"drop\.png"):
        measure_contact_angle(p)
    with pytest.raises(MissingFileError):
        measure_contact_angle(tmp_path / "missing.png")


def test_blank_image_has_no_baseline():
    with pytest.raises(InputError, match="image: no substrate baseline"):
        measure_contact_angle(np.full((120, 160), 0.8))


def test_substrate_without_drop():
    img = np.full((120, 160), 0.85)
    img[80:] = 0.2
    with pytest.raises(InputError, match="drop"):
        measure_contact_angle(img)


def test_drop_cut_by_the_top_border():
    d = render_sessile_drop(120.0, 0.5, shape=(150, 400), half_width_px=120.0)
    with pytest.raises(InputError, match="cut by the image's top border"):
        measure_contact_angle(d.image)


def test_drop_touching_a_side():
    d = render_sessile_drop(70.0, 0.5, shape=(200, 300), half_width_px=100.0,
                            center_px=(95.0, 150.0))
    with pytest.raises(InputError, match="left"):
        measure_contact_angle(d.image)


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"pixel_size_m": -1.0}, "pixel_size_m"),
    ({"density_difference_kg_m3": 0.0}, "density_difference_kg_m3"),
    ({"drop": "grey"}, "drop"),
    ({"local_model": "spline"}, "model"),
    ({"cut_height_px": -2.0}, "cut_height_px"),
    ({"baseline_xy_px": ((5.0, 1.0), (5.5, 2.0))}, "baseline"),
])
def test_bad_options(kwargs, field):
    d = render_sessile_drop(90.0, 0.5, shape=(120, 160), half_width_px=40.0)
    with pytest.raises(InputError, match=field):
        measure_contact_angle(d.image, **kwargs)


def test_tiny_image():
    with pytest.raises(InputError, match="32x32"):
        measure_contact_angle(np.zeros((20, 20)))


# ---------------------------------------------------------------- sweeps (slow)

SWEEP_ANGLES = [10.0, 20.0, 30.0, 45.0, 60.0, 90.0, 120.0, 140.0, 150.0, 160.0]


def _big_drop(theta: float, bo: float, **opts):
    hw = 375.0 if theta <= 20 else 300.0
    return render_sessile_drop(theta, bo, shape=(630, 840), half_width_px=hw,
                               center_px=(419.5, 567.0), **opts)


@pytest.mark.slow
@pytest.mark.parametrize("bo", [0.1, 1.0, 3.0])
@pytest.mark.parametrize("theta", SWEEP_ANGLES)
def test_sweep_clean_within_1_degree(theta, bo, errors_of):
    res = measure_contact_angle(_big_drop(theta, bo).image)
    errs = errors_of(res, theta)
    assert max(errs.values()) < 1.0, errs


@pytest.mark.slow
@pytest.mark.parametrize("bo", [0.3, 3.0])
@pytest.mark.parametrize("theta", SWEEP_ANGLES)
def test_sweep_blur_noise_within_2_degrees(theta, bo, errors_of):
    res = measure_contact_angle(_big_drop(theta, bo, seed=int(theta), **BLUR_NOISE).image)
    errs = errors_of(res, theta)
    assert max(errs.values()) < 2.0, errs


@pytest.mark.slow
@pytest.mark.parametrize("theta", [20.0, 90.0, 150.0])
@pytest.mark.parametrize("case", ["tilt", "uneven_lighting", "reflection",
                                  "reflection_tilt_blur_noise"])
def test_sweep_lighting_and_tilt(case, theta, errors_of):
    _, bo, opts, tol = CASES[case]
    res = measure_contact_angle(_big_drop(theta, bo, **opts).image)
    errs = errors_of(res, theta)
    assert max(errs.values()) < tol, errs
