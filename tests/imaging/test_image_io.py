"""Reading image files: grey levels, bit depths, colour, provenance hash and bad files."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from semisolid.errors import FileFormatError, InputError
from semisolid.imaging.image import as_grey_image, read_image
from semisolid.io.registry import MissingFileError


def _ramp(h: int = 20, w: int = 30) -> np.ndarray:
    return (np.arange(h * w).reshape(h, w) % 256).astype(np.uint8)


def test_grey_png_levels_and_sha256(tmp_path):
    p = tmp_path / "g.png"
    a = _ramp()
    Image.fromarray(a).save(p)
    img = read_image(p)
    np.testing.assert_array_equal(img.grey, a / 255.0)
    assert img.sha256 == hashlib.sha256(p.read_bytes()).hexdigest()
    assert img.path == str(p) and img.bit_depth == 8


def test_sixteen_bit_png(tmp_path):
    p = tmp_path / "g16.png"
    a = (np.arange(400).reshape(20, 20) * 150).astype(np.uint16)
    Image.fromarray(a).save(p)
    img = read_image(p)
    assert img.bit_depth == 16
    np.testing.assert_allclose(img.grey, a / 65535.0)


def test_rgb_is_luminance(tmp_path):
    p = tmp_path / "c.png"
    rgb = np.zeros((16, 16, 3), dtype=np.uint8)
    rgb[..., 0], rgb[..., 1], rgb[..., 2] = 200, 100, 50
    Image.fromarray(rgb).save(p)
    expected = (0.299 * 200 + 0.587 * 100 + 0.114 * 50) / 255.0
    np.testing.assert_allclose(read_image(p).grey, expected)


def test_rgba_and_jpeg(tmp_path):
    rgba = np.full((16, 16, 4), 128, dtype=np.uint8)
    Image.fromarray(rgba).save(tmp_path / "a.png")
    assert read_image(tmp_path / "a.png").grey.shape == (16, 16)
    Image.fromarray(_ramp()).convert("RGB").save(tmp_path / "j.jpg", quality=95)
    assert read_image(tmp_path / "j.jpg").grey.shape == (20, 30)


def test_exif_orientation_is_applied(tmp_path):
    """A camera photo stored landscape with 'rotate 90' in EXIF reads as the viewer shows it."""
    p = tmp_path / "rot.jpg"
    im = Image.fromarray(np.zeros((20, 40), dtype=np.uint8)).convert("RGB")
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90 CW to display
    im.save(p, exif=exif)
    assert read_image(p).grey.shape == (40, 20)


def test_not_an_image_names_the_file(tmp_path):
    p = tmp_path / "drop.png"
    p.write_text("time/s,Ewe/V\n0,1\n")
    with pytest.raises(FileFormatError, match=r"drop\.png: not an image file"):
        read_image(p)


def test_empty_and_truncated_files(tmp_path):
    (tmp_path / "empty.png").write_bytes(b"")
    with pytest.raises(FileFormatError, match=r"empty\.png"):
        read_image(tmp_path / "empty.png")
    good = tmp_path / "good.png"
    Image.fromarray(np.random.default_rng(0).integers(0, 255, (64, 64), dtype=np.uint8)).save(
        good)
    data = good.read_bytes()
    (tmp_path / "cut.png").write_bytes(data[: len(data) // 2])
    with pytest.raises(FileFormatError, match=r"cut\.png"):
        read_image(tmp_path / "cut.png")


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(MissingFileError, match=r"nope\.png"):
        read_image(tmp_path / "nope.png")
    with pytest.raises(InputError, match="is a folder"):
        read_image(tmp_path)


def test_arrays():
    assert as_grey_image(np.full((16, 16), 65535, dtype=np.uint16)).grey.max() == 1.0
    assert as_grey_image(np.zeros((16, 16, 3), dtype=np.uint8)).sha256 is None
    with pytest.raises(InputError, match=r"\[0, 1\]"):
        as_grey_image(np.full((16, 16), -0.5))
    with pytest.raises(InputError, match="channels"):
        as_grey_image(np.zeros((16, 16, 5), dtype=np.uint8))


def test_input_file_is_not_modified(tmp_path):
    p = tmp_path / "keep.png"
    Image.fromarray(_ramp()).save(p)
    before = (p.read_bytes(), p.stat().st_mtime_ns)
    read_image(p)
    assert (p.read_bytes(), p.stat().st_mtime_ns) == before
    assert Path(p).exists()
