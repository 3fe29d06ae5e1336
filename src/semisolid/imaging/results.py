"""Result dataclasses of the image measurements: contact angles and electrode areas.

Each has ``to_dict()`` (JSON-safe, no arrays) and ``to_frame()`` (a pandas table), and a
one-line repr. Angles are in degrees, lengths in pixels unless the name says metres.

Examples
--------
>>> fit = AngleFit("ellipse", 61.8, 62.2, 0.3, 0.4, 0.12, 150, "edge points ...")
>>> fit
AngleFit(ellipse: left 61.8 ± 0.3, right 62.2 ± 0.4 deg)
>>> round(fit.mean_deg, 2), round(fit.mean_uncertainty_deg, 3)
(62.0, 0.25)
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from semisolid._util import json_safe
from semisolid.imaging.drop_edge import Baseline

__all__ = [
    "AngleFit",
    "ContactAngleResult",
    "ElectrodeAreaResult",
    "ReferenceScale",
    "YoungLaplaceFit",
]


@dataclass(repr=False)
class AngleFit:
    """Left and right contact angles from one method, with standard uncertainties.

    Attributes
    ----------
    method : str
        ``"ellipse"`` or ``"polynomial"`` (local fits) or ``"young_laplace"``.
    left_deg, right_deg : float
        Contact angles measured inside the drop [deg].
    left_uncertainty_deg, right_uncertainty_deg : float
        Standard uncertainties [deg]: the fit's parameter covariance (scaled by the residuals'
        correlation along the edge) and the baseline's position and tilt, in quadrature.
    rms_residual_px : float
        RMS distance of the edge points from the fitted curve.
    n_points : int
        Edge points used (both sides).
    description : str
        What was fitted.
    contact_points_xy_px : ((float, float), (float, float)) or None
        Left and right contact points in the image, where the fitted curves meet the baseline.
    notes : list of str
        Warnings about this fit.
    """

    method: str
    left_deg: float
    right_deg: float
    left_uncertainty_deg: float
    right_uncertainty_deg: float
    rms_residual_px: float
    n_points: int
    description: str = ""
    contact_points_xy_px: tuple[tuple[float, float], tuple[float, float]] | None = None
    notes: list[str] = field(default_factory=list)

    def __repr__(self) -> str:
        return (f"AngleFit({self.method}: left {self.left_deg:.1f} ± "
                f"{self.left_uncertainty_deg:.1g}, right {self.right_deg:.1f} ± "
                f"{self.right_uncertainty_deg:.1g} deg)")

    @property
    def mean_deg(self) -> float:
        """Mean of the left and right angles."""
        return 0.5 * (self.left_deg + self.right_deg)

    @property
    def mean_uncertainty_deg(self) -> float:
        """Standard uncertainty of the mean (left and right taken as independent)."""
        return 0.5 * math.hypot(self.left_uncertainty_deg, self.right_uncertainty_deg)

    def to_dict(self) -> dict[str, Any]:
        """All fields and the mean."""
        return json_safe({
            "method": self.method,
            "left_deg": self.left_deg, "left_uncertainty_deg": self.left_uncertainty_deg,
            "right_deg": self.right_deg, "right_uncertainty_deg": self.right_uncertainty_deg,
            "mean_deg": self.mean_deg, "mean_uncertainty_deg": self.mean_uncertainty_deg,
            "rms_residual_px": self.rms_residual_px, "n_points": self.n_points,
            "description": self.description,
            "contact_points_xy_px": ([list(p) for p in self.contact_points_xy_px]
                                     if self.contact_points_xy_px else None),
            "notes": list(self.notes),
        })


@dataclass(repr=False)
class YoungLaplaceFit(AngleFit):
    """The Young-Laplace fit: angles plus the drop's shape parameters.

    Attributes
    ----------
    bond_number, bond_number_uncertainty : float
        ``Bo = Δρ g b² / γ`` (``b``: apex radius of curvature) of the joint fit of both sides.
    apex_radius_px, apex_radius_uncertainty_px : float
        ``b`` in pixels.
    apex_xy_px : (float, float)
        The apex in the image.
    contact_radius_px, height_px, volume_px3 : float
        Of the fitted axisymmetric drop (volume of revolution about its axis).
    surface_tension_N_m, surface_tension_uncertainty_N_m : float or None
        ``γ = Δρ g (b s)² / Bo`` with the pixel size ``s``, when the pixel size and the density
        difference are given and Bo is resolved (more than twice its uncertainty).
    profile_xy_px : ndarray, shape (n, 2)
        The fitted outline in image coordinates (for overlays).
    reaches_baseline : bool
        False when no sessile profile of the fitted shape reaches the baseline (the angle is
        then at the 179.5 degree end of the profile, and meaningless).
    """

    bond_number: float = 0.0
    bond_number_uncertainty: float = 0.0
    apex_radius_px: float = 0.0
    apex_radius_uncertainty_px: float = 0.0
    apex_xy_px: tuple[float, float] = (0.0, 0.0)
    contact_radius_px: float = 0.0
    height_px: float = 0.0
    volume_px3: float = 0.0
    surface_tension_N_m: float | None = None
    surface_tension_uncertainty_N_m: float | None = None
    profile_xy_px: np.ndarray = field(default_factory=lambda: np.zeros((0, 2)))
    reaches_baseline: bool = True

    def __repr__(self) -> str:
        return (f"YoungLaplaceFit(left {self.left_deg:.1f} ± {self.left_uncertainty_deg:.1g}, "
                f"right {self.right_deg:.1f} ± {self.right_uncertainty_deg:.1g} deg, "
                f"Bo={self.bond_number:.3g} ± {self.bond_number_uncertainty:.1g})")

    def to_dict(self) -> dict[str, Any]:
        """Angles, shape parameters and (when known) the surface tension; no arrays."""
        d = super().to_dict()
        d.update(json_safe({
            "bond_number": self.bond_number,
            "bond_number_uncertainty": self.bond_number_uncertainty,
            "apex_radius_px": self.apex_radius_px,
            "apex_radius_uncertainty_px": self.apex_radius_uncertainty_px,
            "apex_xy_px": list(self.apex_xy_px),
            "contact_radius_px": self.contact_radius_px, "height_px": self.height_px,
            "volume_px3": self.volume_px3,
            "surface_tension_N_m": self.surface_tension_N_m,
            "surface_tension_uncertainty_N_m": self.surface_tension_uncertainty_N_m,
        }))
        return d


def _name(path: str | None) -> str:
    return os.path.basename(path) if path else "array"


def _save_figure(fig: Any, path: str | os.PathLike, dpi: int) -> Any:
    """Write a figure atomically, in the format of the file's suffix (png, svg, pdf)."""
    from semisolid.plots.save import save_figure

    return save_figure(fig, path, dpi=dpi)


def _fmt(value: float | None, unc: float | None = None, digits: int = 4) -> str:
    if value is None:
        return "-"
    if unc is None:
        return f"{value:.{digits}g}"
    return f"{value:.{digits}g} ± {unc:.2g}"


@dataclass(repr=False)
class ContactAngleResult:
    """Contact angles of a sessile drop measured on a side-view image.

    Attributes
    ----------
    local_fit : AngleFit
        Local fits (conic or polynomial) of each side's edge near the contact line.
    young_laplace : YoungLaplaceFit
        Young-Laplace profile fits (joint for Bo, per side for the angles).
    baseline : Baseline
        The substrate line.
    edge_left_xy_px, edge_right_xy_px : ndarray, shape (n, 2)
        The sub-pixel edge points used, image ``(x, y)``.
    cut_height_px : float
        Edge points lower than this above the baseline were not used (blur and reflection).
    pixel_size_m : float or None
        Given scale [m/px].
    density_difference_kg_m3 : float or None
        Given ``Δρ`` (drop minus surrounding gas).
    source : str or None
        The image file.
    image_sha256 : str or None
        sha256 of the image file's bytes.
    image_shape : (int, int)
        Rows, columns.
    notes : list of str
        Warnings a reader should see (for example: Bo not resolved, angle near a limit).
    image : ndarray or None
        The grey image (for overlays; not in ``to_dict``).
    """

    local_fit: AngleFit
    young_laplace: YoungLaplaceFit
    baseline: Baseline
    edge_left_xy_px: np.ndarray
    edge_right_xy_px: np.ndarray
    cut_height_px: float
    pixel_size_m: float | None = None
    density_difference_kg_m3: float | None = None
    source: str | None = None
    image_sha256: str | None = None
    image_shape: tuple[int, int] = (0, 0)
    notes: list[str] = field(default_factory=list)
    image: np.ndarray | None = None

    def __repr__(self) -> str:
        p, y = self.local_fit, self.young_laplace
        return (f"ContactAngleResult({_name(self.source)}: {p.method} {p.left_deg:.1f}/"
                f"{p.right_deg:.1f}, Young-Laplace {y.left_deg:.1f}/{y.right_deg:.1f} deg "
                f"(left/right), Bo={y.bond_number:.3g})")

    @property
    def contact_angle_deg(self) -> float:
        """The headline number: mean of the Young-Laplace left and right angles."""
        return self.young_laplace.mean_deg

    @property
    def contact_angle_uncertainty_deg(self) -> float:
        """Standard uncertainty of :attr:`contact_angle_deg`."""
        return self.young_laplace.mean_uncertainty_deg

    @property
    def contact_diameter_m(self) -> float | None:
        """Diameter of the wetted disc [m] (Young-Laplace fit), when the pixel size is known."""
        if self.pixel_size_m is None:
            return None
        return 2.0 * self.young_laplace.contact_radius_px * self.pixel_size_m

    @property
    def volume_m3(self) -> float | None:
        """Drop volume [m³] (Young-Laplace fit), when the pixel size is known."""
        if self.pixel_size_m is None:
            return None
        return self.young_laplace.volume_px3 * self.pixel_size_m**3

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe summary (no arrays): both fits, the baseline and the provenance."""
        return json_safe({
            "source": self.source,
            "image_sha256": self.image_sha256,
            "image_shape": list(self.image_shape),
            "contact_angle_deg": self.contact_angle_deg,
            "contact_angle_uncertainty_deg": self.contact_angle_uncertainty_deg,
            "local_fit": self.local_fit.to_dict(),
            "young_laplace": self.young_laplace.to_dict(),
            "baseline": self.baseline.to_dict(),
            "cut_height_px": self.cut_height_px,
            "pixel_size_m": self.pixel_size_m,
            "density_difference_kg_m3": self.density_difference_kg_m3,
            "contact_diameter_m": self.contact_diameter_m,
            "volume_m3": self.volume_m3,
            "notes": list(self.notes),
        })

    def tables(self) -> list[tuple[str, list[str], list[list[Any]]]]:
        """The angles (one row per method and side) and the drop's shape, for printing.

        Examples
        --------
        >>> fit = AngleFit("ellipse", 61.8, 62.2, 0.3, 0.4, 0.12, 150)
        >>> yl = YoungLaplaceFit("young_laplace", 62.0, 62.1, 0.1, 0.1, 0.05, 300)
        >>> base = Baseline(100.0, 200.0, 0.0, 0.01, 1e-4, 80, 0.05, 0.8)
        >>> res = ContactAngleResult(fit, yl, base, np.zeros((0, 2)), np.zeros((0, 2)), 2.4)
        >>> [t[0] for t in res.tables()]
        ['contact angle', 'drop shape (Young-Laplace fit)']
        """
        angles = [[fit.method, side, getattr(fit, f"{side}_deg"),
                   getattr(fit, f"{side}_uncertainty_deg")]
                  for fit in (self.local_fit, self.young_laplace) for side in ("left", "right")]
        y = self.young_laplace
        shape = [
            ["Bond number", _fmt(y.bond_number, y.bond_number_uncertainty)],
            ["apex radius (px)", _fmt(y.apex_radius_px, y.apex_radius_uncertainty_px)],
            ["contact radius (px)", _fmt(y.contact_radius_px)],
            ["height (px)", _fmt(y.height_px)],
            ["baseline tilt (deg)", _fmt(self.baseline.tilt_deg,
                                         self.baseline.tilt_uncertainty_deg)],
        ]
        if self.pixel_size_m is not None:
            shape += [["contact diameter (mm)", _fmt(self.contact_diameter_m * 1e3)],
                      ["volume (uL)", _fmt(self.volume_m3 * 1e9)]]
        if y.surface_tension_N_m is not None:
            shape.append(["surface tension (N/m)", _fmt(y.surface_tension_N_m,
                                                        y.surface_tension_uncertainty_N_m)])
        return [("contact angle", ["method", "side", "angle (deg)", "uncertainty (deg)"],
                 angles),
                ("drop shape (Young-Laplace fit)", ["quantity", "value"], shape)]

    def lines(self) -> list[str]:
        """The headline angle, the image's provenance and the notes."""
        out = [f"contact angle (Young-Laplace, mean of both sides): "
               f"{self.contact_angle_deg:.2f} ± {self.contact_angle_uncertainty_deg:.2f} deg"]
        if self.source:
            out.append(f"image: {self.source} (sha256 {self.image_sha256})")
        out += [f"note: {n}" for n in self.notes]
        return out

    def save_overlay(self, path: str | os.PathLike, dpi: int = 150) -> Any:
        """Write the overlay figure (:func:`semisolid.plots.imaging.plot_contact_angle`).

        Written by :func:`semisolid.plots.save.save_figure`: atomically, in the format of
        the suffix (``.png``, ``.svg``, ``.pdf``). Returns the path.
        """
        from semisolid.plots.imaging import plot_contact_angle

        return _save_figure(plot_contact_angle(self), path, dpi)

    def to_frame(self) -> Any:
        """One row per method and side: ``method, side, angle_deg, uncertainty_deg``.

        Examples
        --------
        >>> fit = AngleFit("ellipse", 61.8, 62.2, 0.3, 0.4, 0.12, 150)
        >>> yl = YoungLaplaceFit("young_laplace", 62.0, 62.1, 0.1, 0.1, 0.05, 300)
        >>> base = Baseline(100.0, 200.0, 0.0, 0.01, 1e-4, 80, 0.05, 0.8)
        >>> res = ContactAngleResult(fit, yl, base, np.zeros((0, 2)), np.zeros((0, 2)), 2.4)
        >>> res.to_frame()[["method", "side", "angle_deg"]]
                  method   side  angle_deg
        0        ellipse   left       61.8
        1        ellipse  right       62.2
        2  young_laplace   left       62.0
        3  young_laplace  right       62.1
        """
        import pandas as pd

        rows = []
        for fit in (self.local_fit, self.young_laplace):
            for side in ("left", "right"):
                rows.append({
                    "method": fit.method, "side": side,
                    "angle_deg": getattr(fit, f"{side}_deg"),
                    "uncertainty_deg": getattr(fit, f"{side}_uncertainty_deg"),
                    "rms_residual_px": fit.rms_residual_px,
                })
        return pd.DataFrame(rows)


@dataclass(frozen=True)
class ReferenceScale:
    """The scale of a top-view image, from a reference of known size.

    Attributes
    ----------
    kind : str
        ``"disc"`` (the electrolyte disc's diameter) or ``"scale_bar"``.
    size_m : float
        The reference's true size (diameter or bar length).
    size_uncertainty_m : float
        Its given standard uncertainty.
    measured_px : float
        Its measured size in the image (disc: the geometric-mean diameter of the fitted
        ellipse ``2 sqrt(a b)``; bar: the length).
    measured_uncertainty_px : float
        Standard uncertainty of the measured size.
    m2_per_px2 : float
        Area of one pixel [m²] (for a disc: its true area over its image area).
    bar_ends_xy_px : ((float, float), (float, float)) or None
        The scale bar's ends in the image (scale bars only).
    """

    kind: str
    size_m: float
    size_uncertainty_m: float
    measured_px: float
    measured_uncertainty_px: float
    m2_per_px2: float
    bar_ends_xy_px: tuple[tuple[float, float], tuple[float, float]] | None = None

    @property
    def relative_uncertainty(self) -> float:
        """Relative standard uncertainty of ``m2_per_px2``: ``2 sqrt((δs/s)² + (δp/p)²)``."""
        return 2.0 * math.hypot(self.size_uncertainty_m / self.size_m,
                                self.measured_uncertainty_px / self.measured_px)

    def to_dict(self) -> dict[str, Any]:
        """All fields and the relative uncertainty."""
        return json_safe({
            "kind": self.kind, "size_m": self.size_m,
            "size_uncertainty_m": self.size_uncertainty_m, "measured_px": self.measured_px,
            "measured_uncertainty_px": self.measured_uncertainty_px,
            "m2_per_px2": self.m2_per_px2, "relative_uncertainty": self.relative_uncertainty,
            "bar_ends_xy_px": ([list(e) for e in self.bar_ends_xy_px]
                               if self.bar_ends_xy_px else None),
        })


@dataclass(repr=False)
class ElectrodeAreaResult:
    """Area of a metal electrode on an electrolyte disc, from a top-view photograph.

    Attributes
    ----------
    area_m2 : float
        Metal area.
    area_uncertainty_m2 : float
        Standard uncertainty: segmentation (the boundary's position between the 35 % and 65 %
        levels of the metal-to-electrolyte step) and scale, in quadrature.
    segmentation_uncertainty_m2, scale_uncertainty_m2 : float
        The two parts.
    area_px : float
        Metal pixels.
    disc_area_px : float or None
        Image area of the electrolyte disc (the fitted ellipse), when it was found.
    coverage_fraction : float or None
        Metal area over disc area.
    n_regions : int
        Separate metal regions counted (the largest and any of at least 2 % of it).
    metal_is : str
        ``"dark"`` or ``"bright"``: the metal's grey level relative to the electrolyte.
    reference : ReferenceScale
    disc_ellipse_px : tuple or None
        ``(xc, yc, a, b, angle_rad)`` of the disc.
    source, image_sha256 : str or None
        The photograph and the sha256 of its bytes.
    image_shape : (int, int)
    notes : list of str
    mask : ndarray of bool
        Metal pixels (not in ``to_dict``).
    image : ndarray or None
        The grey image (for overlays; not in ``to_dict``).
    """

    area_m2: float
    area_uncertainty_m2: float
    segmentation_uncertainty_m2: float
    scale_uncertainty_m2: float
    area_px: float
    disc_area_px: float | None
    coverage_fraction: float | None
    n_regions: int
    metal_is: str
    reference: ReferenceScale
    disc_ellipse_px: tuple[float, float, float, float, float] | None = None
    source: str | None = None
    image_sha256: str | None = None
    image_shape: tuple[int, int] = (0, 0)
    notes: list[str] = field(default_factory=list)
    mask: np.ndarray | None = None
    image: np.ndarray | None = None

    def __repr__(self) -> str:
        return (f"ElectrodeAreaResult({_name(self.source)}: {self.area_cm2:.4g} ± "
                f"{self.area_uncertainty_m2 * 1e4:.2g} cm², {self.n_regions} region(s), "
                f"scale from {self.reference.kind})")

    @property
    def area_cm2(self) -> float:
        """Metal area [cm²]."""
        return self.area_m2 * 1e4

    @property
    def area_uncertainty_cm2(self) -> float:
        """Standard uncertainty [cm²]."""
        return self.area_uncertainty_m2 * 1e4

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe summary (no arrays)."""
        return json_safe({
            "source": self.source,
            "image_sha256": self.image_sha256,
            "image_shape": list(self.image_shape),
            "area_m2": self.area_m2, "area_uncertainty_m2": self.area_uncertainty_m2,
            "area_cm2": self.area_cm2, "area_uncertainty_cm2": self.area_uncertainty_cm2,
            "segmentation_uncertainty_m2": self.segmentation_uncertainty_m2,
            "scale_uncertainty_m2": self.scale_uncertainty_m2,
            "area_px": self.area_px, "disc_area_px": self.disc_area_px,
            "coverage_fraction": self.coverage_fraction, "n_regions": self.n_regions,
            "metal_is": self.metal_is, "reference": self.reference.to_dict(),
            "disc_ellipse_px": (list(self.disc_ellipse_px) if self.disc_ellipse_px
                                else None),
            "notes": list(self.notes),
        })

    def tables(self) -> list[tuple[str, list[str], list[list[Any]]]]:
        """The area, its uncertainty parts and the reference, for printing."""
        ref = self.reference
        rows = [
            ["area (cm2)", _fmt(self.area_cm2, self.area_uncertainty_cm2)],
            ["segmentation uncertainty (cm2)", _fmt(self.segmentation_uncertainty_m2 * 1e4)],
            ["scale uncertainty (cm2)", _fmt(self.scale_uncertainty_m2 * 1e4)],
            ["metal pixels", _fmt(self.area_px, digits=7)],
            ["share of the disc", _fmt(self.coverage_fraction)],
            ["regions", self.n_regions],
            ["metal", self.metal_is],
            [f"reference ({ref.kind.replace('_', ' ')}, mm)", _fmt(ref.size_m * 1e3)],
            ["reference in the image (px)", _fmt(ref.measured_px, ref.measured_uncertainty_px,
                                                 digits=6)],
        ]
        return [("electrode area", ["quantity", "value"], rows)]

    def lines(self) -> list[str]:
        """The image's provenance and the notes."""
        out = [f"image: {self.source} (sha256 {self.image_sha256})"] if self.source else []
        return out + [f"note: {n}" for n in self.notes]

    def save_overlay(self, path: str | os.PathLike, dpi: int = 150) -> Any:
        """Write the overlay figure (:func:`semisolid.plots.imaging.plot_electrode_area`),
        atomically, in the format of the suffix. Returns the path."""
        from semisolid.plots.imaging import plot_electrode_area

        return _save_figure(plot_electrode_area(self), path, dpi)

    def to_frame(self) -> Any:
        """One row: the area, its uncertainty parts and the provenance."""
        import pandas as pd

        d = self.to_dict()
        d.pop("reference")
        d.pop("disc_ellipse_px")
        d["notes"] = "; ".join(d["notes"])
        d["image_shape"] = "x".join(str(v) for v in d["image_shape"])
        d["reference_kind"] = self.reference.kind
        d["reference_size_m"] = self.reference.size_m
        return pd.DataFrame([d])
