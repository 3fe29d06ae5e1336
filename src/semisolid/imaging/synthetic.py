"""Test images rendered from known geometry: sessile drops and electrodes on electrolyte discs.

The truth of each image is exact: a drop is the Young-Laplace profile of a given contact angle
and Bond number (:mod:`semisolid.imaging.young_laplace`), an electrode is a disc of an
irregular outline ``r(t) = r0 (1 + Σ a_k cos(k t + p_k))`` whose area
``π r0² (1 + Σ a_k² / 2)`` is known in closed form. The renderers add what real photographs
have: camera tilt, optical blur (Gaussian), sensor noise, uneven lighting, the drop's
reflection in a polished substrate, glare and shading on the metal, a squashed (tilted-camera)
view of the disc and a scale bar. Images are 8-bit grey, as a camera writes them.

Pixel ``(row, col)`` has its centre at coordinates ``(y, x) = (row, col)``; edges are
anti-aliased by pixel coverage (drops: the signed distance to the outline; electrodes: 4x4
supersampling).

Examples
--------
>>> drop = render_sessile_drop(60.0, 0.5, shape=(120, 160), contact_radius_px=50.0)
>>> drop.image.shape, drop.image.dtype.name, drop.truth["contact_angle_deg"]
((120, 160), 'uint8', 60.0)
>>> el = render_electrode(shape=(160, 160), disc_radius_px=70.0, metal_radius_px=40.0)
>>> round(el.truth["metal_area_px"], 1)
5048.0
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from semisolid.errors import InputError
from semisolid.imaging.young_laplace import sessile_drop

__all__ = [
    "DEFAULT_HARMONICS",
    "SyntheticImage",
    "render_electrode",
    "render_sessile_drop",
]

DEFAULT_HARMONICS: tuple[tuple[int, float, float], ...] = (
    (2, 0.07, 0.4), (3, 0.05, 1.9), (4, 0.03, 0.7), (7, 0.015, 2.8),
)
"""``(k, a_k, p_k)`` of the default electrode outline: an irregular, non-convex-free blob."""


@dataclass(repr=False)
class SyntheticImage:
    """A rendered 8-bit grey image and the geometry it was made from.

    Attributes
    ----------
    image : ndarray of uint8, 2D
    truth : dict
        The exact geometry (angles in degrees, lengths in pixels).
    settings : dict
        The rendering options (blur, noise, lighting, ...).
    """

    image: np.ndarray
    truth: dict[str, Any]
    settings: dict[str, Any] = field(default_factory=dict)

    def __repr__(self) -> str:
        keys = ", ".join(f"{k}={v:.4g}" for k, v in self.truth.items()
                         if isinstance(v, float))
        return f"SyntheticImage({self.image.shape[0]}x{self.image.shape[1]}, {keys})"

    def save(self, path: Any) -> Any:
        """Write the image as PNG (or any format Pillow takes from the suffix); returns path.

        Examples
        --------
        >>> import os, tempfile
        >>> d = render_sessile_drop(90.0, 0.2, shape=(60, 80), contact_radius_px=20.0)
        >>> os.path.getsize(d.save(os.path.join(tempfile.mkdtemp(), "d.png"))) > 0
        True
        """
        from PIL import Image

        from semisolid._util import atomic_output

        with atomic_output(path) as tmp:
            Image.fromarray(self.image).save(tmp, format=_pil_format(str(path)))
        return path


def _pil_format(path: str) -> str:
    ext = path.rsplit(".", 1)[-1].lower() if "." in path else "png"
    return {"jpg": "JPEG", "jpeg": "JPEG", "tif": "TIFF", "tiff": "TIFF",
            "bmp": "BMP"}.get(ext, "PNG")


def _finish(scene: np.ndarray, blur_px: float, noise: float, rng: np.random.Generator
            ) -> np.ndarray:
    from scipy.ndimage import gaussian_filter

    img = gaussian_filter(scene, blur_px, mode="nearest") if blur_px > 0 else scene
    if noise > 0:
        img = img + rng.normal(0.0, noise, img.shape)
    return np.clip(np.rint(img * 255.0), 0, 255).astype(np.uint8)


def _lighting_field(shape: tuple[int, int], amplitude: float) -> np.ndarray:
    """``1 + A (0.7 x + 0.3 y - 0.3 (x² + y²))`` on coordinates scaled to [-1, 1]."""
    h, w = shape
    yn, xn = np.mgrid[0:h, 0:w].astype(np.float64)
    xn = 2.0 * xn / max(w - 1, 1) - 1.0
    yn = 2.0 * yn / max(h - 1, 1) - 1.0
    return 1.0 + amplitude * (0.7 * xn + 0.3 * yn - 0.3 * (xn * xn + yn * yn))


def render_sessile_drop(
    contact_angle_deg: float,
    bond_number: float = 0.5,
    *,
    shape: tuple[int, int] = (300, 400),
    half_width_px: float = 100.0,
    contact_radius_px: float | None = None,
    center_px: tuple[float, float] | None = None,
    tilt_deg: float = 0.0,
    blur_px: float = 0.0,
    noise: float = 0.0,
    lighting: float = 0.0,
    reflection: float = 0.0,
    background: float = 0.88,
    drop: float = 0.06,
    substrate: float = 0.22,
    seed: int = 0,
) -> SyntheticImage:
    """Side view of a backlit sessile drop on a substrate, rendered from its profile.

    The drop is the Young-Laplace profile cut at `contact_angle_deg`; the camera looks along
    the substrate, which fills the image below the baseline (grey level `substrate`), or
    mirrors the scene above it with weight `reflection` (a polished substrate seen slightly
    from above). Tilt rotates the whole view (a camera that is not level).

    Parameters
    ----------
    contact_angle_deg : float
        True contact angle, (0, 179].
    bond_number : float
        ``Δρ g b² / γ`` with the apex radius ``b``.
    shape : (int, int)
        Image rows, columns.
    half_width_px : float
        Half the largest width of the drop (the contact radius up to 90 degrees, the
        equator's radius above).
    contact_radius_px : float, optional
        Half the base width of the drop; overrides `half_width_px`.
    center_px : (float, float), optional
        ``(x, y)`` of the middle of the contact line; default: centre column, 78 % down.
    tilt_deg : float
        Counter-clockwise rotation of the view.
    blur_px : float
        Standard deviation of the Gaussian blur.
    noise : float
        Standard deviation of additive Gaussian noise (fraction of full scale).
    lighting : float
        Amplitude of the uneven backlight (0.3: from about 0.5 to 1.2 of the mean).
    reflection : float
        Weight of the mirror image below the baseline (0: opaque, 1: perfect mirror).
    background, drop, substrate : float
        Grey levels (0-1) of the backlight, the drop's shadow and the substrate.
    seed : int
        Seed of the noise.

    Returns
    -------
    SyntheticImage
        ``truth`` holds the contact angle, Bond number, apex radius, contact radius, apex
        height, the contact points and the baseline (a point and the tilt).

    Examples
    --------
    >>> d = render_sessile_drop(120.0, 1.0, shape=(100, 140), contact_radius_px=30.0)
    >>> round(d.truth["apex_radius_px"], 2), round(d.truth["height_px"], 2)
    (36.9, 38.57)
    """
    h, w = (int(shape[0]), int(shape[1]))
    if h < 16 or w < 16:
        raise InputError(f"image shape {shape} is too small (at least 16x16)", "shape")
    sd = sessile_drop(contact_angle_deg, bond_number)
    if contact_radius_px is None:
        x_max = float(sd.profile.x_at_depth(min(sd.height, float(
            np.interp(math.pi / 2, sd.profile.phi, sd.profile.z)))))
        b = float(half_width_px) / x_max
    else:
        b = float(contact_radius_px) / sd.contact_radius
    contact_radius = sd.contact_radius * b
    height = sd.height * b
    x0, y0 = center_px if center_px is not None else (0.5 * (w - 1), 0.78 * (h - 1))
    a = math.radians(tilt_deg)
    t = np.array([math.cos(a), -math.sin(a)])
    n = np.array([-math.sin(a), -math.cos(a)])

    yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
    dx, dy = xx - x0, yy - y0
    u = dx * t[0] + dy * t[1]
    v = dx * n[0] + dy * n[1]

    # dense outline (both halves) in (u, v) pixels, spacing < 0.2 px
    p = sd.profile
    s_end = float(np.interp(sd.height, p.z, p.s))
    npts = max(2000, int(5 * s_end * b))
    s = np.linspace(0.0, s_end, npts)
    ox = np.interp(s, p.s, p.x) * b
    oz = np.interp(s, p.s, p.z) * b
    from scipy.spatial import cKDTree

    tree = cKDTree(np.column_stack([np.concatenate([-ox[::-1], ox]),
                                    np.concatenate([height - oz[::-1], height - oz])]))

    u_max = float(ox.max())

    def coverage(vv: np.ndarray) -> np.ndarray:
        depth = height - vv
        inside = (vv >= 0.0) & (depth >= 0.0)
        inside &= np.abs(u) <= np.interp(depth / b, p.z, p.x) * b
        dist = np.full(u.shape, 2.0)
        near = (np.abs(u) <= u_max + 2.0) & (vv >= -2.0) & (vv <= height + 2.0)
        d_near, _ = tree.query(np.column_stack([u[near], vv[near]]), distance_upper_bound=2.0)
        dist[near] = np.minimum(d_near, 2.0)
        return np.clip(0.5 + np.where(inside, dist, -dist), 0.0, 1.0)

    c_drop = coverage(v)
    above = background * (1.0 - c_drop) + drop * c_drop
    if reflection > 0:
        c_mir = coverage(-v)
        mirrored = background * (1.0 - c_mir) + drop * c_mir
        below = reflection * mirrored + (1.0 - reflection) * substrate
    else:
        below = np.full_like(above, substrate)
    c_sub = np.clip(0.5 - v, 0.0, 1.0)
    scene = (1.0 - c_sub) * above + c_sub * below
    if lighting:
        scene = scene * _lighting_field((h, w), lighting)
    img = _finish(scene, blur_px, noise, np.random.default_rng(seed))

    contact = [(x0 + sgn * contact_radius * t[0], y0 + sgn * contact_radius * t[1])
               for sgn in (-1.0, 1.0)]
    truth = {
        "contact_angle_deg": float(contact_angle_deg),
        "bond_number": float(bond_number),
        "apex_radius_px": b,
        "contact_radius_px": contact_radius,
        "height_px": height,
        "volume_px3": sd.volume * b**3,
        "tilt_deg": float(tilt_deg),
        "baseline_point_px": (float(x0), float(y0)),
        "contact_points_px": contact,
    }
    settings = {"blur_px": blur_px, "noise": noise, "lighting": lighting,
                "reflection": reflection, "seed": seed}
    return SyntheticImage(img, truth, settings)


def _star_radius(theta: np.ndarray, r0: float,
                 harmonics: tuple[tuple[int, float, float], ...]) -> np.ndarray:
    r = np.ones_like(theta)
    for k, ak, pk in harmonics:
        r = r + ak * np.cos(k * theta + pk)
    return r0 * r


def render_electrode(
    *,
    shape: tuple[int, int] = (480, 480),
    disc_radius_px: float = 200.0,
    metal_radius_px: float = 120.0,
    harmonics: tuple[tuple[int, float, float], ...] = DEFAULT_HARMONICS,
    metal_offset_px: tuple[float, float] = (6.0, -4.0),
    squash: float = 1.0,
    squash_angle_deg: float = 0.0,
    glare: int = 0,
    shading: float = 0.0,
    blur_px: float = 0.0,
    noise: float = 0.0,
    texture: float = 0.0,
    background: float = 0.12,
    electrolyte: float = 0.78,
    metal: float = 0.42,
    scale_bar_px: float | None = None,
    seed: int = 0,
) -> SyntheticImage:
    """Top view of a metal electrode on an electrolyte disc, rendered from its outline.

    Parameters
    ----------
    shape : (int, int)
        Image rows, columns.
    disc_radius_px : float
        Radius of the electrolyte disc (the reference of known diameter).
    metal_radius_px : float
        ``r0`` of the outline ``r(t) = r0 (1 + Σ a_k cos(k t + p_k))``.
    harmonics : tuple of (k, a_k, p_k)
        Distinct integers ``k >= 1``; the area is ``π r0² (1 + Σ a_k² / 2)``.
    metal_offset_px : (float, float)
        Centre of the electrode relative to the disc centre, ``(x, y)``.
    squash : float
        Ratio of the disc's minor to major image axis (a camera not square to the disc):
        the view is compressed by `squash` along the direction `squash_angle_deg`.
    glare : int
        Number of specular highlights on the metal (saturated spots; the first sits on the
        electrode's edge).
    shading : float
        Amplitude of the uneven illumination (multiplies everything).
    blur_px, noise : float
        Gaussian blur [px] and additive noise (fraction of full scale).
    texture : float
        Amplitude of a smooth random texture on the metal (fraction of full scale).
    background, electrolyte, metal : float
        Grey levels (0-1).
    scale_bar_px : float, optional
        Draw a white scale bar of this length (6 px thick) near the bottom-left corner.
    seed : int
        Seed of the glare positions, texture and noise.

    Returns
    -------
    SyntheticImage
        ``truth`` holds ``metal_area_px`` and ``disc_area_px`` (in image pixels, after the
        squash), their ratio ``area_fraction``, the disc centre and semi-axes and, when drawn,
        ``scale_bar_px`` and its end points.

    Examples
    --------
    >>> e = render_electrode(shape=(200, 200), disc_radius_px=90.0, metal_radius_px=50.0,
    ...                      squash=0.9)
    >>> round(e.truth["area_fraction"], 5)
    0.30996
    """
    h, w = (int(shape[0]), int(shape[1]))
    if not 0.2 <= squash <= 1.0:
        raise InputError(f"squash={squash} is outside [0.2, 1]", "squash")
    ks = [int(k) for k, _, _ in harmonics]
    if len(set(ks)) != len(ks) or min(ks, default=1) < 1:
        raise InputError(f"harmonic orders {ks} must be distinct integers >= 1", "harmonics")
    rng = np.random.default_rng(seed)
    cx, cy = 0.5 * (w - 1), 0.5 * (h - 1)
    beta = math.radians(squash_angle_deg)
    cb, sb = math.cos(beta), math.sin(beta)

    ss = 4
    off = (np.arange(ss) + 0.5) / ss - 0.5
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
    sy = (yy[:, :, None, None] + off[None, None, :, None])
    sx = (xx[:, :, None, None] + off[None, None, None, :])
    qx, qy = sx - cx, sy - cy
    # image -> disc frame: rotate by -beta, stretch the squashed axis, rotate back
    a1 = qx * cb + qy * sb
    a2 = (-qx * sb + qy * cb) / squash
    ux = a1 * cb - a2 * sb
    uy = a1 * sb + a2 * cb
    in_disc = (ux * ux + uy * uy) <= disc_radius_px**2
    mx, my = ux - metal_offset_px[0], uy - metal_offset_px[1]
    rr = np.hypot(mx, my)
    th = np.arctan2(my, mx)
    in_metal = in_disc & (rr <= _star_radius(th, metal_radius_px, harmonics))
    c_disc = in_disc.mean(axis=(2, 3))
    c_metal = in_metal.mean(axis=(2, 3))
    del sx, sy, qx, qy, a1, a2, ux, uy, mx, my, rr, th, in_disc, in_metal

    metal_level = np.full((h, w), metal)
    if texture:
        from scipy.ndimage import gaussian_filter

        tex = gaussian_filter(rng.normal(0.0, 1.0, (h, w)), 4.0)
        metal_level = metal_level + texture * tex / max(tex.std(), 1e-12)
    scene = (background * (1.0 - c_disc) + electrolyte * (c_disc - c_metal)
             + metal_level * c_metal)
    if glare:
        spots = np.zeros((h, w))
        for i in range(int(glare)):
            ang = rng.uniform(0.0, 2.0 * math.pi)
            r_edge = float(_star_radius(np.array([ang]), metal_radius_px, harmonics)[0])
            frac = 1.0 if i == 0 else rng.uniform(0.1, 0.7)
            px = metal_offset_px[0] + frac * r_edge * math.cos(ang)
            py = metal_offset_px[1] + frac * r_edge * math.sin(ang)
            gx = cx + px * (cb * cb + squash * sb * sb) + py * cb * sb * (1.0 - squash)
            gy = cy + px * cb * sb * (1.0 - squash) + py * (sb * sb + squash * cb * cb)
            sig = rng.uniform(0.04, 0.09) * metal_radius_px
            spots += np.exp(-((xx - gx) ** 2 + (yy - gy) ** 2) / (2.0 * sig * sig))
        scene = scene + 0.9 * spots * c_metal
    if shading:
        scene = scene * (1.0 + shading * _shade((h, w)))
    truth: dict[str, Any] = {}
    if scale_bar_px is not None:
        length = float(scale_bar_px)
        x_a, y_a = 0.06 * w + 0.37, h - 0.06 * h - 3.0
        if x_a + length > w - 2:
            raise InputError(f"a {length} px scale bar does not fit in {w} columns",
                             "scale_bar_px")
        cov_x = np.clip(np.minimum(xx + 0.5 - x_a, x_a + length - (xx - 0.5)), 0.0, 1.0)
        cov_y = np.clip(np.minimum(yy + 0.5 - y_a, y_a + 6.0 - (yy - 0.5)), 0.0, 1.0)
        c_bar = cov_x * cov_y
        scene = scene * (1.0 - c_bar) + 0.98 * c_bar
        truth["scale_bar_px"] = length
        truth["scale_bar_ends_px"] = [(x_a, y_a + 3.0), (x_a + length, y_a + 3.0)]
    img = _finish(np.clip(scene, 0.0, 1.0), blur_px, noise, rng)

    area0 = math.pi * metal_radius_px**2 * (1.0 + 0.5 * sum(a * a for _, a, _ in harmonics))
    disc0 = math.pi * disc_radius_px**2
    truth.update({
        "metal_area_px": area0 * squash,
        "disc_area_px": disc0 * squash,
        "area_fraction": area0 / disc0,
        "disc_center_px": (cx, cy),
        "disc_semi_axes_px": (disc_radius_px, disc_radius_px * squash),
    })
    settings = {"glare": glare, "shading": shading, "blur_px": blur_px, "noise": noise,
                "squash": squash, "texture": texture, "seed": seed}
    return SyntheticImage(img, truth, settings)


def _shade(shape: tuple[int, int]) -> np.ndarray:
    h, w = shape
    yn, xn = np.mgrid[0:h, 0:w].astype(np.float64)
    xn = 2.0 * xn / max(w - 1, 1) - 1.0
    yn = 2.0 * yn / max(h - 1, 1) - 1.0
    return 0.6 * xn - 0.4 * yn + 0.2 * xn * yn
