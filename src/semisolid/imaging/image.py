"""Reading photographs into grey-level arrays, with the file's sha256 for provenance.

Images are read with Pillow (PNG, JPEG, TIFF, BMP, ... 8- or 16-bit, grey or colour). Colour is
turned into luminance ``0.299 R + 0.587 G + 0.114 B`` (ITU-R BT.601); the grey levels are
scaled to [0, 1] by the full scale of the file's bit depth. The EXIF orientation of a camera
photograph is applied, so the array is the picture as a viewer shows it. The sha256 of the
file's bytes goes with every measurement, so a catalog row names the exact photograph.

Examples
--------
>>> import os, tempfile
>>> import numpy as np
>>> from PIL import Image
>>> p = os.path.join(tempfile.mkdtemp(), "grey.png")
>>> Image.fromarray(np.array([[0, 255], [51, 102]], dtype=np.uint8)).save(p)
>>> img = read_image(p)
>>> img.grey.tolist(), img.bit_depth, len(img.sha256)
([[0.0, 1.0], [0.2, 0.4]], 8, 64)
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from semisolid.errors import FileFormatError, InputError

__all__ = ["GreyImage", "as_grey_image", "read_image", "require_skimage"]

_LUMA = np.array([0.299, 0.587, 0.114])


def require_skimage() -> None:
    """Raise a clear ImportError when scikit-image (the ``imaging`` extra) is missing.

    Examples
    --------
    >>> require_skimage()
    """
    try:
        import skimage  # noqa: F401
    except ImportError:
        raise ImportError(
            "semisolid.imaging needs scikit-image: pip install 'semisolid[imaging]' "
            "(or pip install 'scikit-image>=0.22')"
        ) from None


@dataclass(frozen=True, repr=False)
class GreyImage:
    """A grey-level image in [0, 1] and where it came from.

    Attributes
    ----------
    grey : ndarray of float64, 2D
        Rows top to bottom, columns left to right.
    path : str or None
        The file read, or None for an array.
    sha256 : str or None
        Hex digest of the file's bytes (None for an array).
    bit_depth : int
        Bits per channel of the source (8 or 16; 0 for a float array).
    """

    grey: np.ndarray
    path: str | None = None
    sha256: str | None = None
    bit_depth: int = 8

    def __repr__(self) -> str:
        name = os.path.basename(self.path) if self.path else "array"
        return f"GreyImage({name}, {self.grey.shape[0]}x{self.grey.shape[1]})"

    @property
    def saturated_fraction(self) -> float:
        """Fraction of pixels at full scale (clipped highlights)."""
        return float(np.mean(self.grey >= 1.0 - 1e-9))


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_image(path: str | os.PathLike) -> GreyImage:
    """Read an image file into grey levels in [0, 1].

    Parameters
    ----------
    path : str or path-like
        PNG, JPEG, TIFF, BMP or any other format Pillow reads; one frame (the first of a
        multi-page TIFF).

    Raises
    ------
    semisolid.io.registry.MissingFileError
        The file does not exist.
    semisolid.errors.FileFormatError
        The file is not an image Pillow can decode, is empty or truncated, has damaged
        metadata, or has more pixels than Pillow's limit (``PIL.Image.MAX_IMAGE_PIXELS``).
    semisolid.errors.InputError
        Not a regular file (a FIFO, a device), or more pixels than the memory available
        holds (48 bytes per pixel).

    Examples
    --------
    >>> import os, tempfile
    >>> p = os.path.join(tempfile.mkdtemp(), "notes.png")
    >>> _ = Path(p).write_text("not an image")
    >>> read_image(p)
    Traceback (most recent call last):
    ...
    semisolid.errors.FileFormatError: ...notes.png: not an image file that Pillow can read ...
    """
    p = Path(path)
    if not p.exists():
        from semisolid.io.registry import MissingFileError

        raise MissingFileError(p)
    if p.is_dir():
        raise InputError(f"{p} is a folder, expected an image file", "path")
    import warnings

    from PIL import Image, ImageOps, UnidentifiedImageError

    from semisolid._util import check_allocation, check_input_file

    check_input_file(p)  # a FIFO or device is refused before it is opened
    try:
        with warnings.catch_warnings():  # refuse, never just warn: too large, damaged tags
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            warnings.simplefilter("error", UserWarning)
            with Image.open(p) as im:
                check_allocation(im.size[0] * im.size[1], 48, "image pixels", "path")
                im = ImageOps.exif_transpose(im)
                mode = im.mode
                arr = np.asarray(im)
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise FileFormatError(str(p), f"larger than {Image.MAX_IMAGE_PIXELS:,} pixels, the "
                              "most semisolid reads (Pillow's limit)") from None
    except UserWarning as w:  # e.g. corrupt EXIF: the orientation could be wrong
        raise FileFormatError(str(p), f"damaged image metadata ({w}); re-save the image "
                              "without it") from None
    except UnidentifiedImageError:
        raise FileFormatError(
            str(p), "not an image file that Pillow can read (expected PNG, JPEG, TIFF, BMP, "
            "...)") from None
    except (OSError, ValueError, SyntaxError) as exc:
        raise FileFormatError(str(p), f"the image cannot be decoded: {exc}") from None
    grey, depth = _to_grey(arr, mode, str(p))
    return GreyImage(grey, str(p), _sha256(p), depth)


def _to_grey(arr: np.ndarray, mode: str, where: str) -> tuple[np.ndarray, int]:
    if arr.dtype == bool:
        return arr.astype(np.float64), 1
    if mode == "P":  # pragma: no cover - exif_transpose keeps palettes; convert explicitly
        raise FileFormatError(where, "palette images are not supported; save as grey or RGB")
    if arr.dtype == np.uint8:
        depth, scale = 8, 255.0
    elif arr.dtype in (np.uint16, np.int32) or mode.startswith("I;16") or mode == "I":
        vmax = float(arr.max()) if arr.size else 0.0
        depth = 16
        scale = 65535.0 if vmax <= 65535 else vmax
    elif arr.dtype.kind == "f":
        depth, scale = 0, 1.0
    else:
        raise FileFormatError(where, f"pixel type {arr.dtype} (mode {mode}) is not supported")
    a = arr.astype(np.float64) / scale
    if a.ndim == 3:
        if a.shape[2] in (3, 4):
            a = a[..., :3] @ _LUMA
        elif a.shape[2] == 2:  # grey + alpha
            a = a[..., 0]
        else:
            raise FileFormatError(where, f"{a.shape[2]} channels; expected grey, RGB or RGBA")
    if a.ndim != 2:
        raise FileFormatError(where, f"expected a 2D image, got shape {arr.shape}")
    return a, depth


def as_grey_image(image: str | os.PathLike | np.ndarray | GreyImage) -> GreyImage:
    """A :class:`GreyImage` from a file path, an array or a GreyImage.

    Arrays may be 2D grey or 3D RGB(A); integer arrays are scaled by their type's full
    scale (uint8: 255, uint16: 65535), float arrays must lie in [0, 1].

    Examples
    --------
    >>> import numpy as np
    >>> round(float(as_grey_image(np.full((16, 16), 128, dtype=np.uint8)).grey[0, 0]), 4)
    0.502
    >>> as_grey_image(np.full((16, 16), 2.0))
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: image: float grey levels must lie in [0, 1], got 2 to 2
    """
    if isinstance(image, GreyImage):
        return image
    if isinstance(image, np.ndarray):
        arr = image
        if arr.dtype.kind == "f":
            lo, hi = float(np.nanmin(arr)), float(np.nanmax(arr))
            if not (np.isfinite(arr).all() and lo >= 0.0 and hi <= 1.0):
                raise InputError(f"float grey levels must lie in [0, 1], got {lo:g} to {hi:g}",
                                 "image")
        try:
            grey, depth = _to_grey(arr, "L" if arr.ndim == 2 else "RGB", "array")
        except FileFormatError as exc:
            raise InputError(str(exc).removeprefix("array: "), "image") from None
        return GreyImage(grey, None, None, depth)
    return read_image(image)
