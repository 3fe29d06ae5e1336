"""Final electrode area from a top-view photograph of a disassembled cell: the workflow.

The paper normalises every critical current density by the metal electrode's area measured
on the disassembled cell. :func:`measure_electrode_area` reads the photograph (recording its
sha256), finds the electrolyte disc (:mod:`semisolid.imaging.disc`), segments the metal
inside it (:mod:`semisolid.imaging.segment`) and scales the metal's pixel area by a reference
of known size:

- ``reference="disc"`` (default): the electrolyte disc's diameter. The area is the metal's
  share of the disc's image area times the disc's true area ``π D² / 4``, which also holds for
  a camera that is not square to the disc (both shapes are squashed alike).
- ``reference="scale_bar"``: a scale bar's length (a microscope's burned-in bar); the image
  must then be a square-on view.

The uncertainty combines the segmentation (the boundary's position across the metal-to-
electrolyte step) and the scale (the fit of the disc's rim or the bar's ends, and the given
uncertainty of the reference's size).

Examples
--------
>>> from semisolid.imaging.synthetic import render_electrode
>>> e = render_electrode(shape=(140, 140), disc_radius_px=60.0, metal_radius_px=34.0)
>>> res = measure_electrode_area(e.image, reference_m=12.7e-3)
>>> true_cm2 = e.truth["area_fraction"] * 3.141592653589793 * 0.635**2
>>> round(res.area_cm2 / true_cm2, 3)
1.0
"""

from __future__ import annotations

import math
import os

import numpy as np

from semisolid.errors import InputError
from semisolid.imaging.results import ElectrodeAreaResult, ReferenceScale

__all__ = ["REFERENCE_KINDS", "measure_electrode_area"]

REFERENCE_KINDS = ("disc", "scale_bar")
"""What `reference_m` measures: the electrolyte disc's diameter or a scale bar's length."""


def measure_electrode_area(
    image: str | os.PathLike | np.ndarray,
    *,
    reference_m: float,
    reference: str = "disc",
    reference_uncertainty_m: float = 0.0,
    metal: str = "auto",
) -> ElectrodeAreaResult:
    """Measure the metal electrode's area on a top view of the electrolyte disc.

    Parameters
    ----------
    image : path or ndarray
        Photograph (PNG, JPEG, TIFF, ...) or a grey/RGB array.
    reference_m : float
        True size of the reference [m]: the disc's diameter (12.7e-3 for a half-inch disc) or
        the scale bar's length.
    reference : {"disc", "scale_bar"}
        Which reference `reference_m` measures.
    reference_uncertainty_m : float
        Standard uncertainty of `reference_m`.
    metal : {"auto", "dark", "bright"}
        How to tell the metal: ``"auto"`` takes the class that does not hold the disc's rim.

    Returns
    -------
    ElectrodeAreaResult
        Area [m²] with its uncertainty, the mask, the reference and the image's sha256.

    Raises
    ------
    semisolid.errors.FileFormatError
        The file is not an image.
    semisolid.errors.InputError
        No disc, no scale bar, no electrode, or a bad option; the message says which.

    Examples
    --------
    >>> import numpy as np
    >>> measure_electrode_area(np.zeros((64, 64)), reference_m=12.7e-3)
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: image: reference disc not found: the image has no contrast
    """
    from semisolid.imaging.image import as_grey_image, require_skimage

    require_skimage()
    from semisolid.imaging.disc import find_disc, find_scale_bar
    from semisolid.imaging.segment import segment_metal

    reference = str(reference).replace("-", "_")  # "scale-bar" as typed on a command line
    if reference not in REFERENCE_KINDS:
        raise InputError(f"reference={reference!r}; expected one of {REFERENCE_KINDS}",
                         "reference")
    size = float(reference_m)
    if not (math.isfinite(size) and size > 0):
        raise InputError(f"{reference_m!r} must be a positive length in metres", "reference_m")
    size_unc = float(reference_uncertainty_m)
    if not (math.isfinite(size_unc) and size_unc >= 0):
        raise InputError(f"{reference_uncertainty_m!r} must be >= 0",
                         "reference_uncertainty_m")
    grey = as_grey_image(image)
    img = grey.grey
    if min(img.shape) < 32:
        raise InputError(f"the image is {img.shape[0]}x{img.shape[1]} pixels; at least "
                         "32x32 are needed", "image")
    notes: list[str] = []
    disc = find_disc(img)
    h, w = img.shape
    if (disc.xc - disc.a_px < 0 or disc.yc - disc.a_px < 0 or disc.xc + disc.a_px > w - 1
            or disc.yc + disc.a_px > h - 1):
        notes.append("the disc runs off the image; its rim was fitted on the visible part")
    if reference == "disc":
        d_px = disc.diameter_px
        ref = ReferenceScale("disc", size, size_unc, d_px,
                             0.5 * d_px * disc.area_relative_uncertainty,
                             size * size / (4.0 * disc.a_px * disc.b_px))
    else:
        bar = find_scale_bar(img)
        ref = ReferenceScale("scale_bar", size, size_unc, bar.length_px,
                             bar.length_uncertainty_px, (size / bar.length_px) ** 2,
                             bar.ends_xy_px)
        if disc.b_px / disc.a_px < 0.97:
            notes.append(f"the disc looks squashed (axis ratio {disc.b_px / disc.a_px:.3f}): "
                         "a camera not square to the disc; a scale bar does not correct for "
                         "that, the disc reference does")
    seg = segment_metal(img, disc, metal=metal)
    if seg.touches_rim:
        notes.append("the metal reaches the rim band of the disc that is left out; the area "
                     "there is not counted")
    if seg.glare_px:
        notes.append(f"{seg.glare_px} highlight pixels on the metal counted as metal")
    if seg.n_regions > 1:
        notes.append(f"the metal is in {seg.n_regions} separate regions; all are counted")
    area = seg.area_px * ref.m2_per_px2
    sd_seg = seg.uncertainty_px * ref.m2_per_px2
    sd_scale = area * ref.relative_uncertainty
    return ElectrodeAreaResult(
        area_m2=area, area_uncertainty_m2=math.hypot(sd_seg, sd_scale),
        segmentation_uncertainty_m2=sd_seg, scale_uncertainty_m2=sd_scale,
        area_px=seg.area_px, disc_area_px=disc.area_px,
        coverage_fraction=seg.area_px / disc.area_px, n_regions=seg.n_regions,
        metal_is=seg.metal_is, reference=ref,
        disc_ellipse_px=(disc.xc, disc.yc, disc.a_px, disc.b_px, disc.angle_rad),
        source=grey.path, image_sha256=grey.sha256,
        image_shape=(int(h), int(w)), notes=notes, mask=seg.mask, image=img,
    )
