"""References of known size in a top-view photograph: the electrolyte disc and a scale bar.

**Disc.** The largest round region that differs from the grey level of the image's border (the
background; holes filled, ``skimage.measure.regionprops``) places the disc roughly; radial
profiles from its centre, sampled on the smoothed full-resolution image within 20 % of that
rough rim, give one sub-pixel edge point per ray (the steepest step of the disc's polarity,
refined by a parabola); a least-squares ellipse
through them (radial residuals, outliers beyond three robust standard deviations dropped,
``scipy.optimize.least_squares``) gives the disc's centre, semi-axes and orientation with
their covariance. An ellipse, not a circle: a camera that is not square to the disc sees it
squashed, and the ratio of true to image area of the disc is the scale of every area in its
plane.

**Scale bar.** The most elongated high-contrast component (``skimage.measure.regionprops``:
length at least eight times the width); its length is measured between the 50 % crossings of
profiles along its axis, one per row of the bar, with the spread of those lengths as its
uncertainty.

Examples
--------
>>> from semisolid.imaging.synthetic import render_electrode
>>> e = render_electrode(shape=(160, 160), disc_radius_px=60.0, metal_radius_px=30.0,
...                      scale_bar_px=90.0)
>>> disc = find_disc(e.image / 255.0)
>>> round(disc.a_px, 1), round(disc.b_px, 1)
(60.0, 60.0)
>>> round(find_scale_bar(e.image / 255.0).length_px, 1)
90.0
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from semisolid.errors import InputError

__all__ = ["DiscFit", "ScaleBar", "find_disc", "find_scale_bar"]

_END_FLOOR_PX = 0.07
"""Least standard uncertainty of a scale bar end's position (linear interpolation of a
sampled step puts the 50 % crossing within about this of the true edge)."""


@dataclass(frozen=True)
class DiscFit:
    """An ellipse fitted to the rim of the electrolyte disc (image pixels).

    Attributes
    ----------
    xc, yc : float
        Centre.
    a_px, b_px : float
        Semi-axes (``a >= b``).
    angle_rad : float
        Orientation of the ``a`` axis (from +x towards +y, image rows down).
    a_uncertainty_px, b_uncertainty_px : float
        Standard errors.
    ab_covariance_px2 : float
        Covariance of ``a`` and ``b``.
    rms_px : float
        RMS radial residual of the rim points used.
    n_points : int
        Rim points used (one per ray, outliers dropped).
    n_rays : int
        Rays cast.
    edge_width_px : float
        Blur of the rim (width of the step, standard deviation).
    polarity : int
        +1: the disc is brighter than its surroundings; -1: darker.
    """

    xc: float
    yc: float
    a_px: float
    b_px: float
    angle_rad: float
    a_uncertainty_px: float
    b_uncertainty_px: float
    ab_covariance_px2: float
    rms_px: float
    n_points: int
    n_rays: int
    edge_width_px: float
    polarity: int

    @property
    def area_px(self) -> float:
        """``π a b``."""
        return math.pi * self.a_px * self.b_px

    @property
    def diameter_px(self) -> float:
        """Geometric-mean diameter ``2 sqrt(a b)``."""
        return 2.0 * math.sqrt(self.a_px * self.b_px)

    @property
    def area_relative_uncertainty(self) -> float:
        """Relative standard uncertainty of ``π a b``."""
        a, b = self.a_px, self.b_px
        var = ((self.a_uncertainty_px / a) ** 2 + (self.b_uncertainty_px / b) ** 2
               + 2.0 * self.ab_covariance_px2 / (a * b))
        return math.sqrt(max(var, 0.0))

    def radius_at(self, psi: np.ndarray) -> np.ndarray:
        """Distance from the centre to the rim in the direction ``psi`` [rad]."""
        c = np.cos(psi - self.angle_rad)
        s = np.sin(psi - self.angle_rad)
        return self.a_px * self.b_px / np.sqrt((self.b_px * c) ** 2 + (self.a_px * s) ** 2)

    def inside(self, shape: tuple[int, int], shrink_px: float = 0.0) -> np.ndarray:
        """Boolean mask of the pixels inside the ellipse shrunk by `shrink_px`.

        Examples
        --------
        >>> d = DiscFit(10.0, 10.0, 5.0, 5.0, 0.0, 0.1, 0.1, 0.0, 0.1, 100, 100, 1.0, 1)
        >>> int(d.inside((21, 21)).sum())
        81
        """
        h, w = shape
        dx = (np.arange(w) - self.xc)[None, :]
        dy = (np.arange(h) - self.yc)[:, None]
        c, s = math.cos(self.angle_rad), math.sin(self.angle_rad)
        p = dx * c + dy * s
        q = -dx * s + dy * c
        a = max(self.a_px - shrink_px, 0.0)
        b = max(self.b_px - shrink_px, 0.0)
        if a <= 0 or b <= 0:
            return np.zeros(shape, dtype=bool)
        return (p / a) ** 2 + (q / b) ** 2 <= 1.0

    def outline(self, n: int = 360) -> np.ndarray:
        """``(x, y)`` of `n` points on the ellipse."""
        t = np.linspace(0.0, 2.0 * math.pi, n)
        c, s = math.cos(self.angle_rad), math.sin(self.angle_rad)
        x = self.a_px * np.cos(t)
        y = self.b_px * np.sin(t)
        return np.column_stack([self.xc + x * c - y * s, self.yc + x * s + y * c])

    def to_dict(self) -> dict[str, float | int]:
        """All fields and the area."""
        return {
            "xc_px": self.xc, "yc_px": self.yc, "a_px": self.a_px, "b_px": self.b_px,
            "angle_rad": self.angle_rad, "a_uncertainty_px": self.a_uncertainty_px,
            "b_uncertainty_px": self.b_uncertainty_px, "rms_px": self.rms_px,
            "n_points": self.n_points, "n_rays": self.n_rays,
            "edge_width_px": self.edge_width_px, "area_px": self.area_px,
        }


def _coarse_disc(img: np.ndarray) -> tuple[float, float, float, float, float]:
    """The largest filled region that differs from the border: its moment ellipse."""
    from scipy.ndimage import binary_fill_holes, binary_opening, gaussian_filter
    from skimage.measure import label, regionprops

    sm = gaussian_filter(img, 2.0)
    if float(np.ptp(sm)) < 0.02:
        raise InputError("reference disc not found: the image has no contrast", "image")
    # the background is what the image border shows; the disc differs from it
    border = np.concatenate([sm[0], sm[-1], sm[:, 0], sm[:, -1]])
    med = float(np.median(border))
    dev = np.abs(sm - med)
    spread = 1.4826 * float(np.median(np.abs(border - med)))
    fg = dev > max(6.0 * spread, 0.25 * float(dev.max()))
    fg = binary_opening(binary_fill_holes(fg), iterations=3)  # cut thin bridges (a scale bar)
    lab = label(fg, connectivity=2)
    best = None
    h, w = img.shape
    for reg in regionprops(lab):
        if reg.area < 0.01 * h * w or reg.solidity < 0.85:
            continue
        if reg.axis_minor_length < 0.5 * reg.axis_major_length:
            continue
        if best is None or reg.area > best.area:
            best = reg
    if best is None:
        raise InputError("reference disc not found: no round region stands out from the "
                         "background", "image")
    # the ellipse of the same second moments: semi-axes 2 sqrt(eigenvalues)
    ys, xs = np.nonzero(lab == best.label)
    cx, cy = float(xs.mean()), float(ys.mean())
    evals, evecs = np.linalg.eigh(np.cov(np.vstack([xs - cx, ys - cy])))
    a, b = 2.0 * math.sqrt(max(evals[1], 1.0)), 2.0 * math.sqrt(max(evals[0], 1.0))
    angle = math.atan2(evecs[1, 1], evecs[0, 1])
    return cx, cy, a, b, angle


def _ray_edges(img: np.ndarray, coarse: tuple[float, float, float, float, float],
               n_rays: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, int, float]:
    """Sub-pixel rim radius along each ray, within 15 % of the coarse ellipse's rim."""
    from scipy.ndimage import gaussian_filter, map_coordinates

    xc, yc, a, b, th = coarse
    sm = gaussian_filter(img, 1.0)
    psi = np.linspace(0.0, 2.0 * math.pi, n_rays, endpoint=False)
    c, s = np.cos(psi - th), np.sin(psi - th)
    r_pred = a * b / np.sqrt((b * c) ** 2 + (a * s) ** 2)
    step = 0.25
    frac = np.arange(0.8, 1.2 + 1e-9, step / max(a, 1.0))
    rr = r_pred[:, None] * frac[None, :]
    xs = xc + np.cos(psi)[:, None] * rr
    ys = yc + np.sin(psi)[:, None] * rr
    prof = map_coordinates(sm, [ys.ravel(), xs.ravel()], order=1, mode="nearest")
    prof = prof.reshape(xs.shape)
    inside = np.median(prof[:, (frac > 0.82) & (frac < 0.9)])
    outside = np.median(prof[:, (frac > 1.1) & (frac < 1.18)])
    polarity = 1 if inside > outside else -1
    dr = np.gradient(rr, axis=1)
    g = -polarity * np.gradient(prof, axis=1) / dr  # positive at the rim
    k = np.argmax(g[:, 1:-1], axis=1) + 1
    idx = np.arange(n_rays)
    g0, gm, gp = g[idx, k], g[idx, k - 1], g[idx, k + 1]
    den = gm - 2.0 * g0 + gp
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = np.where(den < 0, 0.5 * (gm - gp) / den, 0.0)
    radius = rr[idx, k] + dr[idx, k] * np.clip(delta, -0.5, 0.5)
    contrast = abs(inside - outside)
    width = _step_width(prof, rr, radius, polarity)
    return psi, radius, g0 / max(contrast, 1e-9), polarity, width


def _step_width(prof: np.ndarray, rr: np.ndarray, radius: np.ndarray, polarity: int) -> float:
    """Blur of the rim: standard deviation of the median step profile's derivative."""
    offs = np.arange(-6.0, 6.01, 0.25)
    rows = [np.interp(radius[i] + offs, rr[i], prof[i]) for i in range(0, prof.shape[0], 4)]
    m = polarity * np.median(np.array(rows), axis=0)
    m = (m - m.min()) / max(float(np.ptp(m)), 1e-12)
    g = np.clip(-np.gradient(m, offs), 0.0, None)
    if g.sum() <= 0:
        return 1.0
    c = float((g * offs).sum() / g.sum())
    var = float((g * (offs - c) ** 2).sum() / g.sum())
    return float(min(max(math.sqrt(max(var, 0.0)), 0.3), 8.0))


def _fit_ellipse(x: np.ndarray, y: np.ndarray, start: tuple[float, float, float]
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    from scipy.optimize import least_squares

    def res(p):
        xc, yc, a, b, th = p
        psi = np.arctan2(y - yc, x - xc)
        c, s = np.cos(psi - th), np.sin(psi - th)
        re = a * b / np.sqrt((b * c) ** 2 + (a * s) ** 2)
        return np.hypot(x - xc, y - yc) - re

    xc, yc, r = start
    sol = least_squares(res, [xc, yc, r * 1.01, r * 0.99, 0.3], method="lm")
    return sol.x, sol.fun, sol.jac


def find_disc(img: np.ndarray, n_rays: int = 720) -> DiscFit:
    """Find the electrolyte disc (the outermost strong circle or ellipse) in a top view.

    Parameters
    ----------
    img : ndarray, 2D
        Grey levels in [0, 1].
    n_rays : int
        Radial profiles cast from the centre.

    Raises
    ------
    semisolid.errors.InputError
        No disc: no circular edge, or fewer than half the rays find a consistent rim.

    Examples
    --------
    >>> import numpy as np
    >>> find_disc(np.zeros((64, 64)))
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: image: reference disc not found: the image has no contrast
    """
    from semisolid.imaging.angle_fits import correlation_factor

    coarse = _coarse_disc(img)
    xc, yc = coarse[0], coarse[1]
    r0 = math.sqrt(coarse[2] * coarse[3])
    psi, radius, strength, polarity, width = _ray_edges(img, coarse, n_rays)
    x = xc + np.cos(psi) * radius
    y = yc + np.sin(psi) * radius
    keep = strength > 0.25 * np.median(strength)
    # rays whose edge strays far from the coarse rim met something else first
    c, s = np.cos(psi - coarse[4]), np.sin(psi - coarse[4])
    r_pred = coarse[2] * coarse[3] / np.sqrt((coarse[3] * c) ** 2 + (coarse[2] * s) ** 2)
    dev = np.abs(radius - r_pred)
    keep &= dev < max(3.0, 3.0 * 1.4826 * float(np.median(dev)))
    p = None
    for _ in range(4):
        if keep.sum() < 0.5 * n_rays:
            break
        p, _, _ = _fit_ellipse(x[keep], y[keep], (xc, yc, r0) if p is None
                               else (p[0], p[1], math.sqrt(abs(p[2] * p[3]))))
        r_all = _radial_residual(p, x, y)
        s = 1.4826 * float(np.median(np.abs(r_all[keep]))) + 0.02
        new = keep & (np.abs(r_all) < 3.0 * s)
        if np.array_equal(new, keep):
            break
        keep = new
    if p is None or keep.sum() < 0.5 * n_rays:
        raise InputError(f"reference disc not found: only {int(keep.sum())} of {n_rays} rays "
                         "meet a consistent rim", "image")
    p, res, jac = _fit_ellipse(x[keep], y[keep], (p[0], p[1], math.sqrt(abs(p[2] * p[3]))))
    dof = max(res.size - 5, 1)
    cov = (float(res @ res) / dof) * correlation_factor(res) * np.linalg.pinv(jac.T @ jac)
    xc, yc, a, b, th = (float(v) for v in p)
    ia, ib = 2, 3
    a, b = abs(a), abs(b)
    if b > a:
        a, b, th, ia, ib = b, a, th + math.pi / 2, 3, 2
    th = (th + math.pi / 2) % math.pi - math.pi / 2
    return DiscFit(xc, yc, a, b, th, math.sqrt(max(cov[ia, ia], 0.0)),
                   math.sqrt(max(cov[ib, ib], 0.0)), float(cov[ia, ib]),
                   float(np.sqrt(np.mean(res**2))), int(keep.sum()), n_rays, width, polarity)


def _radial_residual(p: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    xc, yc, a, b, th = p
    psi = np.arctan2(y - yc, x - xc)
    c, s = np.cos(psi - th), np.sin(psi - th)
    return np.hypot(x - xc, y - yc) - a * b / np.sqrt((b * c) ** 2 + (a * s) ** 2)


@dataclass(frozen=True)
class ScaleBar:
    """A scale bar found in the image.

    Attributes
    ----------
    length_px : float
        Between the 50 % crossings at its ends.
    length_uncertainty_px : float
        Standard error over the bar's rows and a 0.07 px floor per end, in quadrature.
    ends_xy_px : ((float, float), (float, float))
    width_px : float
    polarity : int
        +1: brighter than its surroundings; -1: darker.
    """

    length_px: float
    length_uncertainty_px: float
    ends_xy_px: tuple[tuple[float, float], tuple[float, float]]
    width_px: float
    polarity: int


def find_scale_bar(img: np.ndarray, min_aspect: float = 8.0) -> ScaleBar:
    """Find the most elongated high-contrast bar and measure its length.

    Parameters
    ----------
    img : ndarray, 2D
        Grey levels in [0, 1].
    min_aspect : float
        Least length-to-width ratio of a bar.

    Raises
    ------
    semisolid.errors.InputError
        No bar-shaped component.

    Examples
    --------
    >>> import numpy as np
    >>> find_scale_bar(np.zeros((64, 64)))
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: image: no scale bar found: no thin straight bar ...
    """
    from scipy.ndimage import map_coordinates
    from skimage.filters import threshold_otsu
    from skimage.measure import label, regionprops

    best = None
    lo_img, hi_img = float(img.min()), float(img.max())
    if hi_img - lo_img > 1e-6:
        t = threshold_otsu(img)
        for polarity, mask in ((1, img > 0.5 * (t + hi_img)), (-1, img < 0.5 * (t + lo_img))):
            for reg in regionprops(label(mask, connectivity=2)):
                if reg.area < 20 or reg.axis_minor_length < 1.0:
                    continue
                aspect = reg.axis_major_length / reg.axis_minor_length
                solid = reg.solidity
                if aspect >= min_aspect and solid > 0.8:
                    if best is None or reg.axis_major_length > best[1].axis_major_length:
                        best = (polarity, reg)
    if best is None:
        raise InputError(f"no scale bar found: no thin straight bar (length at least "
                         f"{min_aspect:g} times its width) stands out from the image",
                         "image")
    polarity, reg = best
    cy, cx = reg.centroid
    ang = -reg.orientation + math.pi / 2  # regionprops: angle of the major axis from rows
    d = np.array([math.cos(ang), math.sin(ang)])  # along the bar, (x, y)
    nrm = np.array([-d[1], d[0]])
    half = 0.5 * reg.axis_major_length
    wid = reg.axis_minor_length
    along = np.arange(-half - 8.0, half + 8.0, 0.1)
    offsets = np.arange(-0.3 * wid, 0.3 * wid + 1e-9, 1.0)
    lengths, ends = [], []
    for o in offsets:
        xs = cx + d[0] * along + nrm[0] * o
        ys = cy + d[1] * along + nrm[1] * o
        prof = polarity * map_coordinates(img, [ys, xs], order=1, mode="nearest")
        top = float(np.median(prof[np.abs(along) < 0.5 * half]))
        base = float(np.median(np.concatenate([prof[:40], prof[-40:]])))
        level = 0.5 * (top + base)
        above = prof > level
        i0 = int(np.argmax(above))
        i1 = len(above) - 1 - int(np.argmax(above[::-1]))
        if i0 == 0 or i1 == len(above) - 1:
            continue
        a0 = along[i0 - 1] + (level - prof[i0 - 1]) / (prof[i0] - prof[i0 - 1]) * 0.1
        a1 = along[i1] + (prof[i1] - level) / (prof[i1] - prof[i1 + 1]) * 0.1
        lengths.append(a1 - a0)
        ends.append((a0, a1))
    if len(lengths) < 2:
        raise InputError("no scale bar found: the bar's ends cannot be located", "image")
    lengths_a = np.array(lengths)
    length = float(np.mean(lengths_a))
    # spread over the bar's rows, with a floor for the sub-pixel location of each end
    unc = math.hypot(float(np.std(lengths_a, ddof=1) / math.sqrt(len(lengths_a))),
                     _END_FLOOR_PX * math.sqrt(2.0))
    a0, a1 = np.mean(np.array(ends), axis=0)
    e0 = (float(cx + d[0] * a0), float(cy + d[1] * a0))
    e1 = (float(cx + d[0] * a1), float(cy + d[1] * a1))
    return ScaleBar(length, unc, (e0, e1), float(wid), polarity)
