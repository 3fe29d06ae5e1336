"""Overlays of the image measurements: the drop's baseline, edge and fitted profiles; the
electrode's outline and the reference disc.

The functions only draw: they take an ``ax`` to draw on, or make their own
:class:`matplotlib.figure.Figure` (no pyplot, no backend selection), and return the figure.

Examples
--------
>>> from semisolid.imaging import measure_contact_angle
>>> from semisolid.imaging.synthetic import render_sessile_drop
>>> res = measure_contact_angle(render_sessile_drop(70.0, 0.5, shape=(90, 120),
...                                                 half_width_px=35.0).image)
>>> fig = plot_contact_angle(res)
>>> len(fig.axes), fig.axes[0].get_title()[:30]
(1, 'contact angle (Young-Laplace):')
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

__all__ = ["plot_contact_angle", "plot_electrode_area"]


def _axes(ax: Any, figsize: tuple[float, float]) -> tuple[Any, Any]:
    if ax is not None:
        return ax.figure, ax
    from matplotlib.figure import Figure

    fig = Figure(figsize=figsize, layout="constrained")
    return fig, fig.add_subplot()


def _show_image(ax: Any, image: np.ndarray | None, shape: tuple[int, int]) -> None:
    if image is not None:
        ax.imshow(image, cmap="gray", vmin=0.0, vmax=1.0, interpolation="nearest")
    else:
        ax.set_xlim(-0.5, shape[1] - 0.5)
        ax.set_ylim(shape[0] - 0.5, -0.5)
        ax.set_aspect("equal")


def plot_contact_angle(result: Any, ax: Any = None, zoom: bool = True) -> Any:
    """Overlay of a contact-angle measurement on its image.

    Draws the baseline (dashed), the edge points used, the fitted Young-Laplace profile, and the
    local fits' tangents at the contact points, with both methods' angles in the legend.

    Parameters
    ----------
    result : semisolid.imaging.ContactAngleResult
    ax : matplotlib Axes, optional
        Draw here; otherwise a new Figure is made.
    zoom : bool
        Limit the view to the drop and a margin.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> from semisolid.imaging import measure_contact_angle
    >>> from semisolid.imaging.synthetic import render_sessile_drop
    >>> res = measure_contact_angle(render_sessile_drop(120.0, 1.0, shape=(90, 120),
    ...                                                 half_width_px=30.0).image)
    >>> ax = Figure().add_subplot()
    >>> plot_contact_angle(res, ax=ax) is ax.figure
    True
    """
    fig, ax = _axes(ax, (6.0, 4.2))
    h, w = result.image_shape
    _show_image(ax, result.image, (h, w))
    base = result.baseline
    xs = np.array([0.0, w - 1.0])
    ax.plot(xs, base.y0 + base.slope * (xs - base.x0), "--", color="tab:red", lw=1.0,
            label=f"baseline (tilt {base.tilt_deg:+.2f} deg)")
    edge = np.vstack([result.edge_left_xy_px, result.edge_right_xy_px])
    ax.plot(edge[:, 0], edge[:, 1], ".", color="tab:cyan", ms=1.5, label="edge points")
    yl = result.young_laplace
    if yl.profile_xy_px.size:
        ax.plot(yl.profile_xy_px[:, 0], yl.profile_xy_px[:, 1], "-", color="gold", lw=1.2,
                label=(f"Young-Laplace: {yl.left_deg:.1f} / {yl.right_deg:.1f} deg, "
                       f"Bo {yl.bond_number:.2g}"))
    loc = result.local_fit
    if loc.contact_points_xy_px:
        span = max(10.0, 0.12 * float(np.ptp(edge[:, 0])))
        t = np.array([1.0, base.slope]) / math.hypot(1.0, base.slope)
        n = np.array([base.slope, -1.0]) / math.hypot(1.0, base.slope)
        for (x0, y0), ang, sgn in zip(loc.contact_points_xy_px, (loc.left_deg, loc.right_deg),
                                      (1.0, -1.0), strict=True):
            a = math.radians(ang)
            d = sgn * math.cos(a) * t + math.sin(a) * n
            ax.plot([x0, x0 + span * d[0]], [y0, y0 + span * d[1]], "-", color="magenta",
                    lw=1.6)
        ax.plot([], [], "-", color="magenta",
                label=f"{loc.method} fit: {loc.left_deg:.1f} / {loc.right_deg:.1f} deg")
    if zoom:
        pad = 0.15 * max(float(np.ptp(edge[:, 0])), float(np.ptp(edge[:, 1])), 20.0)
        ax.set_xlim(max(edge[:, 0].min() - pad, -0.5), min(edge[:, 0].max() + pad, w - 0.5))
        ax.set_ylim(min(max(edge[:, 1].max(), base.y0) + pad, h - 0.5),
                    max(edge[:, 1].min() - pad, -0.5))
    unc = result.contact_angle_uncertainty_deg
    digits = 2 if unc < 0.05 else 1
    ax.set_title(f"contact angle (Young-Laplace): {result.contact_angle_deg:.{digits}f} ± "
                 f"{unc:.{digits}f} deg")
    ax.set_xlabel("x (px)")
    ax.set_ylabel("y (px)")
    ax.legend(loc="upper right", fontsize=7, framealpha=0.85)
    return fig


def plot_electrode_area(result: Any, ax: Any = None) -> Any:
    """Overlay of an electrode-area measurement: the metal's outline and the reference.

    Parameters
    ----------
    result : semisolid.imaging.ElectrodeAreaResult
    ax : matplotlib Axes, optional
        Draw here; otherwise a new Figure is made.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from semisolid.imaging import measure_electrode_area
    >>> from semisolid.imaging.synthetic import render_electrode
    >>> e = render_electrode(shape=(120, 120), disc_radius_px=50.0, metal_radius_px=30.0)
    >>> fig = plot_electrode_area(measure_electrode_area(e.image, reference_m=12.7e-3))
    >>> fig.axes[0].get_title()[:14]
    'electrode area'
    """
    from skimage.measure import find_contours

    fig, ax = _axes(ax, (5.0, 5.0))
    h, w = result.image_shape
    _show_image(ax, result.image, (h, w))
    if result.mask is not None:
        first = True
        for c in find_contours(result.mask.astype(float), 0.5):
            ax.plot(c[:, 1], c[:, 0], "-", color="tab:orange", lw=1.2,
                    label="metal" if first else None)
            first = False
    if result.disc_ellipse_px is not None:
        xc, yc, a, b, th = result.disc_ellipse_px
        t = np.linspace(0.0, 2.0 * math.pi, 361)
        x, y = a * np.cos(t), b * np.sin(t)
        ax.plot(xc + x * math.cos(th) - y * math.sin(th), yc + x * math.sin(th)
                + y * math.cos(th), "-", color="tab:cyan", lw=1.0, label="electrolyte disc")
    ref = result.reference
    if ref.bar_ends_xy_px is not None:
        (x0, y0), (x1, y1) = ref.bar_ends_xy_px
        ax.plot([x0, x1], [y0, y1], "|-", color="tab:red", lw=1.5, ms=10,
                label=f"scale bar {ref.size_m * 1e3:g} mm")
    ax.set_title(f"electrode area {result.area_cm2:.4f} ± {result.area_uncertainty_cm2:.4f} "
                 f"cm² (scale: {ref.kind.replace('_', ' ')})", fontsize=9)
    ax.set_xlabel("x (px)")
    ax.set_ylabel("y (px)")
    ax.legend(loc="upper right", fontsize=7, framealpha=0.85)
    return fig
