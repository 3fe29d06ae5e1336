"""Images of time-cone microstructures in the style of the Fig. 6a insets (PNG, Pillow).

Liquid is white; each solid grain has its own shade of grey, a fixed function of its nucleus
index (golden-ratio sequence in grey levels 60-210), so neighbouring grains differ and the same
seed always gives the same picture. Pillow is imported only when an image is written.

Examples
--------
>>> import numpy as np
>>> labels = np.array([[0, 0, 1], [2, 2, 1]])
>>> solid = np.array([[True, False, True], [True, True, True]])
>>> microstructure_image(labels, solid)
array([[ 60, 255, 152],
       [ 95,  95, 152]], dtype=uint8)
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from semisolid._util import atomic_write_bytes
from semisolid.errors import InputError

if TYPE_CHECKING:
    from semisolid.microstructure.result import MicrostructureResult

__all__ = ["grain_grey_levels", "microstructure_image", "png_bytes", "save_microstructure_png"]

_GOLDEN = 0.6180339887498949


def grain_grey_levels(n_grains: int) -> np.ndarray:
    """Grey level (60-210) of each grain index: ``60 + 150 * frac(i * golden ratio)``.

    Examples
    --------
    >>> grain_grey_levels(4).tolist()
    [60, 152, 95, 188]
    """
    i = np.arange(n_grains, dtype=np.float64)
    return (60.0 + 150.0 * np.mod(i * _GOLDEN, 1.0)).astype(np.uint8)


def microstructure_image(
    labels: np.ndarray, solid: np.ndarray, boundaries: bool = False
) -> np.ndarray:
    """8-bit grey image of a 2D section: liquid 255, grain ``i`` its grey level.

    Parameters
    ----------
    labels : ndarray of int, 2D
        Grain label of each pixel.
    solid : ndarray of bool, 2D
        True where solid.
    boundaries : bool
        Darken (grey level 30) solid pixels whose right or lower neighbour is another grain.

    Examples
    --------
    >>> import numpy as np
    >>> microstructure_image(np.array([[0, 1]]), np.array([[True, True]]), boundaries=True)
    array([[ 30, 152]], dtype=uint8)
    """
    lab = np.asarray(labels)
    sol = np.asarray(solid, dtype=bool)
    if lab.ndim != 2 or lab.shape != sol.shape:
        raise InputError(
            f"expected two 2D arrays of one shape, got {lab.shape} and {sol.shape}", "labels"
        )
    levels = grain_grey_levels(int(lab.max()) + 1 if lab.size else 1)
    img = np.where(sol, levels[lab], np.uint8(255)).astype(np.uint8)
    if boundaries:
        edge = np.zeros(lab.shape, dtype=bool)
        edge[:, :-1] |= lab[:, :-1] != lab[:, 1:]
        edge[:-1, :] |= lab[:-1, :] != lab[1:, :]
        img[edge & sol] = 30
    return img


def png_bytes(image: np.ndarray, scale: int = 1) -> bytes:
    """Encode an 8-bit grey image as PNG (optionally enlarged `scale` times, nearest pixel).

    Examples
    --------
    >>> import numpy as np
    >>> png_bytes(np.zeros((2, 2), dtype=np.uint8))[:8]
    b'\\x89PNG\\r\\n\\x1a\\n'
    """
    try:
        from PIL import Image
    except ImportError:  # pragma: no cover - pillow is a dependency
        raise ImportError("writing PNG images needs Pillow: pip install 'pillow>=10'") from None
    img = np.asarray(image, dtype=np.uint8)
    check_image_size(*img.shape[:2], scale)
    if scale > 1:
        img = np.repeat(np.repeat(img, scale, axis=0), scale, axis=1)
    buf = io.BytesIO()
    Image.fromarray(img, mode="L").save(buf, format="PNG", optimize=True)
    return buf.getvalue()


#: Largest width or height of a PNG image [pixels] (the PNG format's limit).
MAX_IMAGE_SIDE_PX = 2**31 - 1


def check_image_size(height_px: int, width_px: int, scale: int = 1) -> None:
    """Refuse an image (enlarged `scale` times) wider or taller than
    :data:`MAX_IMAGE_SIDE_PX` or needing more memory than is available (4 bytes per pixel
    while it is enlarged and encoded).

    Examples
    --------
    >>> check_image_size(64, 64, 100_000)
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: scale: 40,960,000,000,000 image pixels (6400000 x 6400000) \
need about 152,587.9 GiB (4 bytes each), more than the ...
    >>> check_image_size(2**30, 1, 4)
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: scale: an image of 4294967296 x 4 pixels is larger than ...
    """
    from semisolid._util import check_allocation

    if isinstance(scale, bool) or int(scale) != scale or scale < 1:
        raise InputError(f"expected a whole number >= 1, got {scale!r}", "scale")
    h, w = int(height_px) * int(scale), int(width_px) * int(scale)
    if max(h, w) > MAX_IMAGE_SIDE_PX:
        raise InputError(f"an image of {h} x {w} pixels is larger than a PNG can be "
                         f"({MAX_IMAGE_SIDE_PX} pixels a side); use a smaller scale", "scale")
    check_allocation(h * w, 4, f"image pixels ({h} x {w})", "scale")


def save_microstructure_png(
    result: MicrostructureResult,
    path: str | os.PathLike,
    *,
    slice_axis: int = -1,
    slice_index: int | None = None,
    boundaries: bool = False,
    scale: int = 1,
) -> Path:
    """Write the microstructure at its time slice as a PNG (atomically).

    Parameters
    ----------
    result : MicrostructureResult
        From :func:`semisolid.microstructure.simulate`.
    path : path
        The PNG to write.
    slice_axis, slice_index : int
        For 3D results, the section shown: index `slice_index` (default the middle) along
        `slice_axis` (default the last axis, so the image shows axes 0 and 1).
    boundaries : bool
        Draw grain boundaries in dark grey.
    scale : int
        Enlarge each pixel to ``scale x scale``.

    Returns
    -------
    Path

    Examples
    --------
    >>> import tempfile, os
    >>> from semisolid.microstructure import simulate
    >>> r = simulate(0.51, size_px=48, n_nuclei=12, seed=1)
    >>> p = save_microstructure_png(r, os.path.join(tempfile.mkdtemp(), "b.png"))
    >>> p.read_bytes()[:4]
    b'\\x89PNG'
    """
    labels = result.field.labels
    solid = result.solid
    if labels.ndim == 3:
        axis = slice_axis % 3
        idx = labels.shape[axis] // 2 if slice_index is None else int(slice_index)
        if not 0 <= idx < labels.shape[axis]:
            raise InputError(
                f"{idx} is outside 0..{labels.shape[axis] - 1} along axis {axis}", "slice_index"
            )
        labels = np.take(labels, idx, axis=axis)
        solid = np.take(solid, idx, axis=axis)
    if int(scale) < 1:
        raise InputError(f"expected a whole number >= 1, got {scale!r}", "scale")
    data = png_bytes(microstructure_image(labels, solid, boundaries), int(scale))
    return atomic_write_bytes(path, data)
