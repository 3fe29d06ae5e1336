"""The substrate baseline and the sub-pixel edge of a sessile drop in a side-view image.

The image is a backlit side view: a dark drop on a substrate, bright background above. Steps:

1. **Baseline.** In every column, the strongest bright-to-dark step going down (vertical
   Gaussian derivative, sub-pixel by a parabola through the peak) is the top of the drop or,
   beside the drop, the substrate's edge. Candidate lines come from RANSAC (seed points more
   than half the image apart) and from the image's outermost columns; the substrate is a
   candidate with a drop on it (a run of columns whose strongest step lies above the line)
   and edge points on it on both sides of the drop (a line along a flank or the flat top of
   a puddle, or an edge of the sample holder below, has not) and none less than a drop
   height below it (a line along one flank has the other flank there); of those, the lowest
   under the drop (a chord across the flat top of a drop passes the other tests). A
   least-squares line through the columns left and right of the drop gives the baseline
   with its uncertainty. The drop's reflection in a
   polished substrate lies below the baseline and is not used. A tilted baseline is a tilted
   camera: the drop's axis is taken perpendicular to it.
2. **Lighting.** A quadratic surface fitted to the background pixels (above the baseline,
   away from the drop) divides out uneven backlighting; the drop's own level is subtracted,
   so the edge is at the 50 % level of the normalised image.
3. **Edge.** The 0.5 iso-contour of the normalised image (marching squares,
   ``skimage.measure.find_contours``: sub-pixel by linear interpolation), cut a few blur
   widths above the baseline where drop, substrate and reflection mix, split at the apex
   into a left and a right branch, each ordered from the contact line upwards.

Coordinates: image ``(x, y)`` = (column, row), pixel centres at integers; the baseline frame
``(u, v)`` has ``u`` along the baseline (left to right) and ``v`` up, perpendicular to it.

Examples
--------
>>> from semisolid.imaging.synthetic import render_sessile_drop
>>> img = render_sessile_drop(90.0, 0.3, shape=(160, 200), contact_radius_px=50.0).image
>>> edge = find_drop_edge(img / 255.0)
>>> round(edge.baseline.tilt_deg, 2), edge.left_uv.shape[1]
(0.0, 2)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from semisolid.errors import InputError

__all__ = ["Baseline", "DropEdge", "find_baseline", "find_drop_edge", "manual_baseline"]

_LINE_TOL_PX = 2.0
"""Distance within which a column's edge point counts as on a candidate baseline."""


@dataclass(frozen=True)
class Baseline:
    """The substrate line ``y = y0 + slope (x - x0)`` in image pixels.

    Attributes
    ----------
    x0, y0 : float
        A point on the line (``x0``: the middle of the drop's base).
    slope : float
        ``dy/dx`` (rows per column; image rows grow downwards).
    y0_uncertainty_px, slope_uncertainty : float
        Standard errors of the line fit.
    n_columns : int
        Columns beside the drop used for the fit.
    rms_px : float
        RMS distance of those columns' edge points from the line.
    edge_width_px : float
        Standard deviation of the edge's blur (an erf fitted to the substrate edge).
    """

    x0: float
    y0: float
    slope: float
    y0_uncertainty_px: float
    slope_uncertainty: float
    n_columns: int
    rms_px: float
    edge_width_px: float

    @property
    def tilt_deg(self) -> float:
        """Counter-clockwise angle of the baseline as the image is viewed [deg]."""
        return -math.degrees(math.atan(self.slope))

    @property
    def tilt_uncertainty_deg(self) -> float:
        """Standard error of the tilt [deg]."""
        return math.degrees(self.slope_uncertainty / (1.0 + self.slope**2))

    def _frame(self) -> tuple[np.ndarray, np.ndarray]:
        norm = math.hypot(1.0, self.slope)
        t = np.array([1.0, self.slope]) / norm
        n = np.array([self.slope, -1.0]) / norm
        return t, n

    def to_uv(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Image ``(x, y)`` to the baseline frame ``(u, v)`` (``v`` up from the baseline).

        Examples
        --------
        >>> b = Baseline(10.0, 50.0, 0.0, 0.1, 0.001, 40, 0.2, 1.0)
        >>> b.to_uv(np.array([12.0]), np.array([47.0]))
        (array([2.]), array([3.]))
        """
        t, n = self._frame()
        dx, dy = np.asarray(x) - self.x0, np.asarray(y) - self.y0
        return dx * t[0] + dy * t[1], dx * n[0] + dy * n[1]

    def to_xy(self, u: np.ndarray, v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Baseline frame ``(u, v)`` back to image ``(x, y)``.

        Examples
        --------
        >>> b = Baseline(10.0, 50.0, 0.0, 0.1, 0.001, 40, 0.2, 1.0)
        >>> b.to_xy(np.array([2.0]), np.array([3.0]))
        (array([12.]), array([47.]))
        """
        t, n = self._frame()
        u, v = np.asarray(u), np.asarray(v)
        return self.x0 + u * t[0] + v * n[0], self.y0 + u * t[1] + v * n[1]

    def to_dict(self) -> dict[str, float | int]:
        """The line, its uncertainty and tilt."""
        return {
            "x0_px": self.x0, "y0_px": self.y0, "slope": self.slope,
            "tilt_deg": self.tilt_deg, "tilt_uncertainty_deg": self.tilt_uncertainty_deg,
            "y0_uncertainty_px": self.y0_uncertainty_px, "n_columns": self.n_columns,
            "rms_px": self.rms_px, "edge_width_px": self.edge_width_px,
        }


@dataclass(frozen=True, repr=False)
class DropEdge:
    """The drop's sub-pixel edge above the cut, in the baseline frame.

    Attributes
    ----------
    baseline : Baseline
    left_uv, right_uv : ndarray, shape (n, 2)
        ``(u, v)`` of each branch, from the cut height upwards to the apex.
    cut_height_px : float
        Points below this height above the baseline are not used.
    normalized : ndarray
        The lighting-corrected image (background 1, drop 0).
    """

    baseline: Baseline
    left_uv: np.ndarray
    right_uv: np.ndarray
    cut_height_px: float
    normalized: np.ndarray

    def __repr__(self) -> str:
        return (f"DropEdge({len(self.left_uv)} + {len(self.right_uv)} points, cut at "
                f"{self.cut_height_px:.1f} px, tilt {self.baseline.tilt_deg:.2f} deg)")

    @property
    def height_px(self) -> float:
        """Highest edge point above the baseline."""
        return float(max(self.left_uv[:, 1].max(), self.right_uv[:, 1].max()))

    def xy(self, side: str) -> np.ndarray:
        """Image ``(x, y)`` of the ``"left"`` or ``"right"`` branch, shape (n, 2)."""
        uv = self.left_uv if side == "left" else self.right_uv
        x, y = self.baseline.to_xy(uv[:, 0], uv[:, 1])
        return np.column_stack([x, y])


def _column_edges(img: np.ndarray, sigma: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per column: sub-pixel row of the strongest bright-to-dark step downwards, its strength."""
    from scipy.ndimage import gaussian_filter1d

    gy = gaussian_filter1d(gaussian_filter1d(img, sigma, axis=0, order=1, mode="nearest"),
                           0.7, axis=1, mode="nearest")
    h = img.shape[0]
    inner = gy[2:h - 2]
    k = np.argmin(inner, axis=0) + 2
    cols = np.arange(img.shape[1])
    g0, gm, gp = gy[k, cols], gy[k - 1, cols], gy[k + 1, cols]
    den = gm - 2.0 * g0 + gp
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = np.where(den > 0, 0.5 * (gm - gp) / den, 0.0)
    rows = k + np.clip(delta, -0.5, 0.5)
    noise = 1.4826 * np.median(np.abs(gy - np.median(gy)))
    return rows, -g0, np.full(cols.shape, max(noise, 1e-12))


def _ransac_line(x: np.ndarray, y: np.ndarray, threshold: float) -> np.ndarray | None:
    """Inliers of a RANSAC line whose two seed points lie more than half the span apart."""
    from skimage.measure import LineModelND, ransac

    if x.size < 10:
        return None
    span = float(x.max() - x.min())

    def spanning(sample: np.ndarray) -> bool:
        return bool(abs(sample[0, 0] - sample[1, 0]) > 0.5 * span)

    _, inliers = ransac(np.column_stack([x, y]), LineModelND, min_samples=2,
                        residual_threshold=threshold, max_trials=500, rng=0,
                        is_data_valid=spanning)
    if inliers is None or inliers.sum() < max(10, 0.05 * x.size):
        return None
    return inliers


def _fit_line(x: np.ndarray, y: np.ndarray, xc: float) -> tuple[float, float, float, float,
                                                                 float, np.ndarray]:
    """Least squares ``y = a + m (x - xc)`` with 3-sigma clipping; (a, m, sa, sm, rms, keep)."""
    keep = np.ones(x.size, dtype=bool)
    for _ in range(3):
        m, a = np.polyfit(x[keep] - xc, y[keep], 1)
        res = y - (a + m * (x - xc))
        s = 1.4826 * np.median(np.abs(res[keep])) + 1e-3
        new = np.abs(res) < 3.0 * s
        if new.sum() < 6 or np.array_equal(new, keep):
            break
        keep = new
    m, a = np.polyfit(x[keep] - xc, y[keep], 1)
    res = y[keep] - (a + m * (x[keep] - xc))
    n = keep.sum()
    s2 = float(res @ res) / max(n - 2, 1)
    dx = x[keep] - xc
    sxx = float(dx @ dx)
    sa = math.sqrt(s2 / n + s2 * float(dx.mean()) ** 2 / max(sxx, 1e-12))
    sm = math.sqrt(s2 / max(sxx, 1e-12))
    return float(a), float(m), sa, sm, math.sqrt(s2), keep


def _edge_width(img: np.ndarray, cols: np.ndarray, rows: np.ndarray) -> float:
    """Blur sigma of the substrate edge: an erf fitted to the stacked column profiles."""
    from scipy.optimize import curve_fit
    from scipy.special import erf

    offs = np.arange(-8, 9)
    h = img.shape[0]
    dd, vv = [], []
    for c, r in zip(cols.astype(int), rows, strict=True):
        rr = round(r) + offs
        ok = (rr >= 0) & (rr < h)
        dd.append(rr[ok] - r)
        vv.append(img[rr[ok], c])
    d = np.concatenate(dd)
    v = np.concatenate(vv)
    lo, hi = float(np.percentile(v, 5)), float(np.percentile(v, 95))

    def model(d, a, b, c, s):
        return a + 0.5 * (b - a) * (1.0 + erf((d - c) / (math.sqrt(2.0) * abs(s))))

    import warnings

    from scipy.optimize import OptimizeWarning

    try:
        with warnings.catch_warnings():  # only the value is used, not its covariance
            warnings.simplefilter("ignore", OptimizeWarning)
            p, _ = curve_fit(model, d, v, p0=[hi, lo, 0.0, 1.0], maxfev=2000)
        return float(min(max(abs(p[3]), 0.3), 8.0))
    except (RuntimeError, ValueError):  # pragma: no cover - a step is always there
        return 1.0


def find_baseline(img: np.ndarray, min_columns: int = 8) -> tuple[Baseline, np.ndarray]:
    """Find the substrate baseline of a side-view drop image.

    Parameters
    ----------
    img : ndarray, 2D, grey levels in [0, 1]
        Dark drop on a bright background; the substrate below the drop.
    min_columns : int
        Columns of visible substrate needed on each side of the drop.

    Returns
    -------
    Baseline
    drop_columns : ndarray of bool
        Columns whose strongest step lies above the baseline (the drop's span).

    Raises
    ------
    semisolid.errors.InputError
        No straight substrate edge, or substrate visible on one side of the drop only.

    Examples
    --------
    >>> from semisolid.imaging.synthetic import render_sessile_drop
    >>> img = render_sessile_drop(60.0, 0.5, shape=(120, 160), contact_radius_px=40.0,
    ...                           tilt_deg=3.0).image / 255.0
    >>> b, cols = find_baseline(img)
    >>> round(b.tilt_deg, 1)
    3.0
    """
    _h, w = img.shape
    rows, strength, noise = _column_edges(img, 1.0)
    cols = np.arange(w, dtype=np.float64)
    strong = strength > 6.0 * noise
    contrast = float(np.percentile(img, 95) - np.percentile(img, 5))
    strong &= strength > 0.05 * max(contrast, 1e-6)
    if strong.sum() < 2 * min_columns:
        raise InputError("no substrate baseline found: no horizontal bright-to-dark edge "
                         "runs across the image", "image")
    x, y = cols[strong], rows[strong]
    # candidate lines: RANSAC (seeds more than half the image apart, so that the substrate
    # seen on both sides of the drop is favoured), a few passes, and the line through the
    # image's outermost columns
    cands = []
    remaining = np.ones(x.size, dtype=bool)
    for _ in range(4):
        idx = np.flatnonzero(remaining)
        inl = _ransac_line(x[idx], y[idx], _LINE_TOL_PX)
        if inl is None:
            break
        sel = idx[inl]
        m, a = np.polyfit(x[sel], y[sel], 1)
        cands.append((a, m))
        remaining[sel] = False
    k = max(5, int(0.05 * w))
    if (x < k).sum() >= 3 and (x > w - 1 - k).sum() >= 3:
        ends = (x < k) | (x > w - 1 - k)
        m, a = np.polyfit(x[ends], y[ends], 1)
        cands.append((a, m))
    # the substrate: a line with a drop on it (a run of columns whose strongest step lies
    # above the line) and edge points on it on both sides of that run; of those, one with no
    # edge points less than a drop height below it (a line along a flank has the other flank
    # there), and then the one with the most points on it
    weak = strength > 3.0 * noise
    best, missing = None, None
    for a, m in cands:
        resid = rows - (a + m * cols)
        near = strong & (np.abs(resid) < _LINE_TOL_PX)
        above = (resid < -3.0) & weak
        for c_lo, c_hi in _runs(above):
            # the substrate shows as a stretch of columns on each side, not a few crossings
            n_left = _longest_stretch(near[:max(c_lo - 3, 0)])
            n_right = _longest_stretch(near[c_hi + 4:])
            height = float(-resid[c_lo:c_hi + 1].min())
            n_below = int(np.sum(strong & (resid > 3.0) & (resid < height)))
            if n_below > max(3.0, 0.02 * w):
                continue
            if n_left >= min_columns and n_right >= min_columns:
                # the lowest such line under the drop (a chord across a flat drop's top
                # can pass the other tests), then the one with the most points on it
                score = (round(a + m * 0.5 * (c_lo + c_hi), 1), int(near.sum()))
                if best is None or score > best[0]:
                    best = (score, c_lo, c_hi, near)
            elif missing is None and c_hi - c_lo >= 3:
                missing = "left" if n_left < min_columns else "right"
    if best is None:
        if missing is not None:
            raise InputError(
                f"baseline not found on the {missing} of the drop: the substrate must be "
                f"visible over at least {min_columns} columns on both sides", "image")
        raise InputError("no substrate baseline with a drop on it found: the edge points do "
                         "not line up on both sides of a drop", "image")
    _, c_lo, c_hi, near = best
    use = near.copy()
    use[max(c_lo - 3, 0):c_hi + 4] = False
    xc = 0.5 * (c_lo + c_hi)
    a0, m0, sa, sm, rms, keep = _fit_line(cols[use], rows[use], xc)
    width = _edge_width(img, cols[use][keep], rows[use][keep])
    span = np.zeros(w, dtype=bool)
    span[c_lo:c_hi + 1] = True
    return Baseline(xc, a0, m0, sa, sm, int(keep.sum()), rms, width), span


def _longest_stretch(mask: np.ndarray, gap: int = 2) -> int:
    """True values in the longest stretch whose gaps are at most `gap` columns."""
    idx = np.flatnonzero(mask)
    if idx.size == 0:
        return 0
    breaks = np.flatnonzero(np.diff(idx) > gap + 1)
    starts = np.concatenate([[0], breaks + 1])
    stops = np.concatenate([breaks + 1, [idx.size]])
    return int((stops - starts).max())


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """``(first, last)`` index of each run of True at least 3 long, longest first."""
    out, start = [], None
    for i, v in enumerate(np.append(mask, False)):
        if v and start is None:
            start = i
        elif not v and start is not None:
            if i - start >= 3:
                out.append((start, i - 1))
            start = None
    return sorted(out, key=lambda r: r[0] - r[1])


def _fit_surface(img: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Least-squares quadratic surface through the pixels of `mask`, evaluated everywhere."""
    h, w = img.shape
    step = max(1, int(math.sqrt(mask.sum() / 20000.0)))
    by, bx = np.nonzero(mask)
    by, bx = by[::step], bx[::step]
    sx, sy = (bx - w / 2) / w, (by - h / 2) / h
    design = np.column_stack([np.ones_like(sx), sx, sy, sx * sx, sx * sy, sy * sy])
    # normal equations: six well-scaled columns (coordinates in [-0.5, 0.5])
    c = np.linalg.solve(design.T @ design, design.T @ img[by, bx])
    gx = ((np.arange(w) - w / 2) / w)[None, :]
    gy = ((np.arange(h) - h / 2) / h)[:, None]
    surf = c[0] + c[1] * gx + c[2] * gy + c[3] * gx * gx + c[4] * gx * gy + c[5] * gy * gy
    return np.maximum(surf, 1e-3)


def _height_map(base: Baseline, shape: tuple[int, int]) -> np.ndarray:
    """``v`` (height above the baseline) of every pixel."""
    _, n = base._frame()
    h, w = shape
    return ((np.arange(w) - base.x0) * n[0])[None, :] + ((np.arange(h) - base.y0) * n[1])[:, None]


def _normalize(img: np.ndarray, base: Baseline, cut: float) -> np.ndarray:
    """Divide out the backlight (quadratic surface) and the drop's level."""
    from scipy.ndimage import binary_dilation, binary_erosion
    from skimage.filters import threshold_otsu
    from skimage.measure import label

    v = _height_map(base, img.shape)
    above = v > cut
    if above.sum() < 100:
        raise InputError("no drop found: the baseline leaves too little image above it",
                         "image")
    # backlight: a quadratic surface through the bright pixels, refined by rejecting the
    # pixels darker than 60 % of it (the drop), three times
    bright = above & (img > threshold_otsu(img[above]))
    for _ in range(3):
        if bright.sum() < 50:
            raise InputError("no background found around the drop: it fills the image",
                             "image")
        backlight = _fit_surface(img, bright)
        bright = above & (img > 0.6 * backlight)
    rel = img / backlight
    dark = (rel < 0.5) & above
    lab = label(dark, connectivity=2)
    band = (v > cut) & (v < cut + 3.0)
    touching = np.unique(lab[band & dark])
    touching = touching[touching > 0]
    if touching.size == 0:
        raise InputError("no drop found on the substrate baseline", "image")
    sizes = np.bincount(lab.ravel())
    drop = lab == touching[np.argmax(sizes[touching])]
    cut_by = [name for name, edge in (("left", drop[:, 0]), ("right", drop[:, -1]),
                                      ("top", drop[0, :])) if edge.any()]
    if cut_by:
        raise InputError(f"the drop is cut by the image's {' and '.join(cut_by)} border: the "
                         "whole drop must be inside the frame", "image")
    grow = math.ceil(3.0 + 3.0 * base.edge_width_px)
    near = binary_dilation(drop, iterations=grow)
    bg = above & ~near & (v > cut + grow) & (rel > 0.6)
    if bg.sum() < 50:
        raise InputError("no background found around the drop: it fills the image",
                         "image")
    backlight = _fit_surface(img, bg)
    rel = img / backlight
    core = binary_erosion(drop, iterations=grow)
    level = float(np.median(rel[core])) if core.sum() > 20 else float(np.min(rel[drop]))
    if level > 0.6:
        raise InputError("no drop found: the dark region above the baseline has too little "
                         "contrast with the background", "image")
    return (rel - level) / (1.0 - level)


def manual_baseline(points_xy: tuple[tuple[float, float], tuple[float, float]],
                    uncertainty_px: float = 0.5, edge_width_px: float = 1.0) -> Baseline:
    """A baseline through two points given by the user (image ``(x, y)``).

    Parameters
    ----------
    points_xy : ((x1, y1), (x2, y2))
        Two points on the substrate line, for example its ends either side of the drop.
    uncertainty_px : float
        Standard uncertainty of each point's ``y``.
    edge_width_px : float
        Blur of the image (sets the default cut height).

    Examples
    --------
    >>> b = manual_baseline(((10.0, 100.0), (210.0, 96.0)))
    >>> round(b.tilt_deg, 3), round(b.y0, 1)
    (1.146, 98.0)
    """
    (x1, y1), (x2, y2) = ((float(p[0]), float(p[1])) for p in points_xy)
    if not all(math.isfinite(v) for v in (x1, y1, x2, y2)) or abs(x2 - x1) < 2.0:
        raise InputError(f"two points at least 2 px apart in x expected, got {points_xy}",
                         "baseline_xy_px")
    m = (y2 - y1) / (x2 - x1)
    half = 0.5 * abs(x2 - x1)
    return Baseline(0.5 * (x1 + x2), 0.5 * (y1 + y2), m, uncertainty_px / math.sqrt(2.0),
                    uncertainty_px * math.sqrt(2.0) / (2.0 * half), 2, 0.0, edge_width_px)


def find_drop_edge(img: np.ndarray, cut_height_px: float | None = None,
                   min_columns: int = 8, baseline: Baseline | None = None) -> DropEdge:
    """Baseline and sub-pixel drop edge of a side-view image (dark drop, bright background).

    Parameters
    ----------
    img : ndarray, 2D
        Grey levels in [0, 1].
    cut_height_px : float, optional
        Height above the baseline below which edge points are not used; default
        ``max(2, 3 * edge blur sigma)`` px.
    min_columns : int
        Columns of visible substrate needed on each side of the drop.
    baseline : Baseline, optional
        Use this baseline (:func:`manual_baseline`) instead of finding one.

    Raises
    ------
    semisolid.errors.InputError
        No baseline, no drop, or a drop edge too short to fit.

    Examples
    --------
    >>> import numpy as np
    >>> find_drop_edge(np.full((64, 64), 0.5))
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: image: no substrate baseline found: ...
    """
    from skimage.measure import find_contours

    base = find_baseline(img, min_columns=min_columns)[0] if baseline is None else baseline
    cut = (max(2.0, 3.0 * base.edge_width_px) if cut_height_px is None
           else float(cut_height_px))
    norm = _normalize(img, base, cut)
    v = _height_map(base, img.shape)
    work = np.where(v < 0.0, 0.0, norm)  # the substrate and the reflection count as dark
    best = None
    for c in find_contours(work, 0.5):
        u_c, v_c = base.to_uv(c[:, 1], c[:, 0])
        run = _longest_above(v_c, cut)
        if run is None:
            continue
        i0, i1 = run
        n = i1 - i0
        if best is None or n > best[0]:
            best = (n, u_c, v_c, i0, i1)
    if best is None or best[0] < 10:
        raise InputError(f"no drop found: no edge rises more than {cut:.1f} px above the "
                         "baseline", "image")
    _, u_c, v_c, i0, i1 = best
    idx = np.arange(i0, i1) % u_c.size
    u_e, v_e = u_c[idx], v_c[idx]
    k = int(np.argmax(v_e))
    a, b = np.column_stack([u_e[:k + 1], v_e[:k + 1]]), np.column_stack([u_e[k:], v_e[k:]])
    # order each branch from the baseline upwards
    if a[0, 1] > a[-1, 1]:
        a = a[::-1]
    if b[0, 1] > b[-1, 1]:
        b = b[::-1]
    left, right = (a, b) if a[:, 0].mean() < b[:, 0].mean() else (b, a)
    if len(left) < 5 or len(right) < 5:
        raise InputError("no drop found: the edge above the baseline has fewer than 5 "
                         "points on one side", "image")
    return DropEdge(base, left, right, cut, norm)


def _longest_above(v: np.ndarray, cut: float) -> tuple[int, int] | None:
    """Longest cyclic run of contour indices with ``v > cut``: (start, stop) with wrap."""
    m = v > cut
    n = m.size
    if not m.any():
        return None
    if m.all():
        return 0, n
    start = int(np.argmin(m))  # begin at a point below the cut
    best, cur, cur_start = (0, 0, 0), 0, None
    for j in range(1, n + 1):
        i = (start + j) % n
        if m[i]:
            if cur_start is None:
                cur_start, cur = start + j, 0
            cur += 1
            if cur > best[0]:
                best = (cur, cur_start, cur_start + cur)
        else:
            cur_start = None
    return (best[1], best[2]) if best[0] > 0 else None
