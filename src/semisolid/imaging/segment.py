"""Metal versus electrolyte inside the disc of a top-view photograph.

Inside the disc (its rim excluded), the pixels fall in two classes: the electrolyte and the
metal. An Otsu threshold (``skimage.filters.threshold_otsu``) starts the split; a quadratic
surface fitted to each class then follows the shading across the disc, and each pixel is
reassigned to the nearer surface (three rounds). The metal is the class that does not hold the
disc's rim (or the one named by the caller). Glare, specular highlights brighter than the
electrolyte, sits on the metal only: highlights touching the metal join it, and holes inside
the metal are filled (``scipy.ndimage.binary_fill_holes``). Regions smaller than 2 % of the
largest are dropped.

The boundary lies where the image crosses halfway between the two surfaces, the position of a
blurred step edge. Its uncertainty is half the difference of the areas found with the boundary
at 35 % and at 65 % of the step.

Examples
--------
>>> from semisolid.imaging.synthetic import render_electrode
>>> from semisolid.imaging.disc import find_disc
>>> e = render_electrode(shape=(140, 140), disc_radius_px=60.0, metal_radius_px=34.0)
>>> img = e.image / 255.0
>>> seg = segment_metal(img, find_disc(img))
>>> round(seg.area_px / e.truth["metal_area_px"], 3), seg.metal_is
(1.0, 'dark')
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from semisolid.errors import InputError
from semisolid.imaging.disc import DiscFit

__all__ = ["METAL_CHOICES", "Segmentation", "segment_metal"]

METAL_CHOICES = ("auto", "dark", "bright")
"""How the metal is told from the electrolyte: by the rim rule, or by its grey level."""


@dataclass(frozen=True, repr=False)
class Segmentation:
    """The metal mask and its area.

    Attributes
    ----------
    mask : ndarray of bool
        Metal pixels (full image).
    area_px : float
    area_low_px, area_high_px : float
        Areas with the boundary at 35 % and 65 % of the metal-to-electrolyte step.
    metal_is : str
        ``"dark"`` or ``"bright"``.
    n_regions : int
    contrast : float
        Median electrolyte-minus-metal level (grey levels, 0-1).
    glare_px : int
        Highlight pixels added to the metal.
    touches_rim : bool
        The metal reaches the excluded rim band (the area there is not counted).
    """

    mask: np.ndarray
    area_px: float
    area_low_px: float
    area_high_px: float
    metal_is: str
    n_regions: int
    contrast: float
    glare_px: int
    touches_rim: bool

    def __repr__(self) -> str:
        return (f"Segmentation({self.area_px:.0f} px, {self.metal_is} metal, "
                f"{self.n_regions} region(s))")

    @property
    def uncertainty_px(self) -> float:
        """Half the spread of the 35 % and 65 % boundary areas."""
        return 0.5 * abs(self.area_high_px - self.area_low_px)


def _surface(img: np.ndarray, mask: np.ndarray, yy: np.ndarray, xx: np.ndarray
             ) -> np.ndarray:
    """Least-squares quadratic surface through the pixels of `mask` (robust, two passes)."""
    ys, xs = np.nonzero(mask)
    step = max(1, int(math.sqrt(ys.size / 20000.0)))
    ys, xs = ys[::step], xs[::step]
    vals = img[ys, xs]

    def design(x, y):
        return np.stack([np.ones_like(x), x, y, x * x, x * y, y * y], axis=-1)

    a = design(xx[0, xs], yy[ys, 0])
    keep = np.ones(vals.size, dtype=bool)
    for _ in range(2):
        ak = a[keep]  # normal equations: six well-scaled columns (coordinates in [0, 1])
        c = np.linalg.solve(ak.T @ ak, ak.T @ vals[keep])
        r = vals - a @ c
        s = 1.4826 * float(np.median(np.abs(r[keep]))) + 1e-6
        keep = np.abs(r) < 3.0 * s
        if keep.sum() < 10:
            break
    gx, gy = xx[0][None, :], yy[:, 0][:, None]
    return (c[0] + c[1] * gx + c[2] * gy + c[3] * gx * gx + c[4] * gx * gy
            + c[5] * gy * gy)


def segment_metal(img: np.ndarray, disc: DiscFit, metal: str = "auto",
                  rim_margin_px: float | None = None) -> Segmentation:
    """Segment the metal electrode inside the electrolyte disc.

    Parameters
    ----------
    img : ndarray, 2D
        Grey levels in [0, 1].
    disc : DiscFit
        The disc (from :func:`semisolid.imaging.disc.find_disc`).
    metal : {"auto", "dark", "bright"}
        ``"auto"``: the class that does not hold the disc's rim; or the metal's grey level
        relative to the electrolyte.
    rim_margin_px : float, optional
        Width of the rim band left out (default ``3 + 3 * rim blur``).

    Raises
    ------
    semisolid.errors.InputError
        No contrast inside the disc, or the metal cannot be told from the electrolyte.

    Examples
    --------
    >>> import numpy as np
    >>> from semisolid.imaging.disc import DiscFit
    >>> d = DiscFit(50.0, 50.0, 40.0, 40.0, 0.0, 0.1, 0.1, 0.0, 0.1, 700, 720, 1.0, 1)
    >>> segment_metal(np.full((100, 100), 0.5), d)
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: image: no electrode found: the disc shows no ...
    """
    from scipy.ndimage import binary_dilation, binary_fill_holes
    from skimage.filters import threshold_otsu
    from skimage.measure import label

    if metal not in METAL_CHOICES:
        raise InputError(f"metal={metal!r}; expected one of {METAL_CHOICES}", "metal")
    h, w = img.shape
    margin = 3.0 + 3.0 * disc.edge_width_px if rim_margin_px is None else float(rim_margin_px)
    inner = disc.inside((h, w), shrink_px=margin)
    if inner.sum() < 100:
        raise InputError("no electrode found: the disc is too small in the image", "image")
    rim = inner & ~disc.inside((h, w), shrink_px=margin + max(6.0, 0.04 * disc.b_px))
    # work in the disc's bounding box
    r0, r1 = np.nonzero(inner.any(axis=1))[0][[0, -1]]
    c0, c1 = np.nonzero(inner.any(axis=0))[0][[0, -1]]
    sl = (slice(r0, r1 + 1), slice(c0, c1 + 1))
    im, inn, rm = img[sl], inner[sl], rim[sl]
    yy, xx = np.mgrid[0:im.shape[0], 0:im.shape[1]].astype(np.float64)
    yy, xx = yy / max(im.shape), xx / max(im.shape)

    vals = im[inn]
    spread = float(np.percentile(vals, 98) - np.percentile(vals, 2))
    noise = 1.4826 * float(np.median(np.abs(np.diff(im, axis=1)))) / math.sqrt(2.0)
    if spread < max(0.04, 8.0 * noise):
        raise InputError("no electrode found: the disc shows no metal/electrolyte contrast",
                         "image")
    t0 = threshold_otsu(vals[vals <= np.percentile(vals, 99.5)])
    hi = inn & (im > t0)
    lo = inn & (im <= t0)
    for _ in range(3):
        if hi.sum() < 30 or lo.sum() < 30:
            raise InputError("no electrode found: one of metal and electrolyte covers the "
                             "whole disc", "image")
        s_hi = _surface(im, hi, yy, xx)
        s_lo = _surface(im, lo, yy, xx)
        mid = 0.5 * (s_hi + s_lo)
        hi = inn & (im > mid)
        lo = inn & ~hi
    step = s_hi - s_lo
    contrast = float(np.median(step[inn]))
    if contrast < max(0.03, 6.0 * noise):
        raise InputError("no electrode found: the disc shows no metal/electrolyte contrast",
                         "image")
    if metal == "auto":
        frac_hi_rim = float(hi[rm].mean()) if rm.any() else 0.5
        if 0.25 < frac_hi_rim < 0.75:
            raise InputError(
                f"cannot tell the metal from the electrolyte: {frac_hi_rim:.0%} of the disc's "
                "rim is bright; pass metal='dark' or metal='bright'", "metal")
        metal = "dark" if frac_hi_rim >= 0.75 else "bright"

    def mask_at(fraction: float) -> tuple[np.ndarray, int]:
        level = s_lo + fraction * step
        m = inn & ((im <= level) if metal == "dark" else (im > level))
        glare_n = 0
        if metal == "dark":
            resid = im - s_hi
            s_e = 1.4826 * float(np.median(np.abs(resid[hi])))
            glare = inn & (resid > max(3.0 * s_e, 0.1 * contrast))
            if glare.any():
                lab = label(glare, connectivity=2)
                touch = np.unique(lab[binary_dilation(m, iterations=2) & glare])
                add = np.isin(lab, touch[touch > 0])
                glare_n = int(add.sum())
                m = m | add
        m = binary_fill_holes(m) & inn
        lab = label(m, connectivity=2)
        if lab.max() == 0:
            return m, glare_n
        sizes = np.bincount(lab.ravel())
        sizes[0] = 0
        keep_ids = np.flatnonzero(sizes >= 0.02 * sizes.max())
        return np.isin(lab, keep_ids), glare_n

    m50, glare_n = mask_at(0.5)
    if not m50.any():
        raise InputError("no electrode found inside the disc", "image")
    m35, _ = mask_at(0.35)
    m65, _ = mask_at(0.65)
    n_regions = int(label(m50, connectivity=2).max())
    ring = inn & binary_dilation(~inn, iterations=2)
    touches = bool((m50 & ring).sum() > 0.01 * max(ring.sum(), 1))
    full = np.zeros((h, w), dtype=bool)
    full[sl] = m50
    return Segmentation(full, float(m50.sum()), float(m35.sum()), float(m65.sum()), metal,
                        n_regions, contrast, glare_n, touches)
