"""Axisymmetric sessile-drop profiles from the Young-Laplace equation.

The physics model of the drop-shape fits, with no image in sight. In the Bashforth-Adams form,
lengths are in units of the radius of curvature at the apex, ``b``; ``s`` is the arc length
from the apex, ``x`` the distance from the axis, ``z`` the depth below the apex and ``phi``
the angle of the tangent to the horizontal:

.. math::

    \\frac{dx}{ds} = \\cos\\phi, \\quad \\frac{dz}{ds} = \\sin\\phi, \\quad
    \\frac{d\\phi}{ds} = 2 + \\mathrm{Bo}\\, z - \\frac{\\sin\\phi}{x},

with ``x = z = phi = 0`` at the apex and the Bond number ``Bo = Δρ g b² / γ`` (positive for a
sessile drop: the drop is denser than the surrounding gas). A drop with contact angle ``θ``
is the part of the profile from the apex to ``phi = θ``. For ``Bo > 0`` the angle ``phi``
grows monotonically with ``s`` (the profile is convex), so the depth ``z`` is a monotonic
function along the profile and the contact angle is ``phi`` at the depth of the substrate.

References: F. Bashforth and J. C. Adams, *An Attempt to Test the Theories of Capillary
Action* (Cambridge, 1883); Y. Rotenberg, L. Boruvka and A. W. Neumann, J. Colloid Interface
Sci. 93, 169 (1983) (axisymmetric drop shape analysis).

Examples
--------
>>> p = young_laplace_profile(0.0)          # Bo = 0: a sphere of radius 1
>>> round(float(p.x_at_depth(1.0)), 9), round(float(p.phi_at_depth_deg(1.0)), 6)
(1.0, 90.0)
>>> d = sessile_drop(60.0, 0.0)             # spherical cap
>>> round(d.contact_radius, 6), round(d.height, 6)
(0.866025, 0.5)
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np

from semisolid.constants import STANDARD_GRAVITY_M_S2
from semisolid.errors import InputError

__all__ = [
    "DropProfile",
    "SessileDrop",
    "bond_number",
    "sessile_drop",
    "surface_tension_N_m",
    "young_laplace_profile",
]

_S0 = 1e-4  # start of the integration, off the apex singularity (series error ~ s0^3)
_PHI_END = math.radians(179.5)
_N_POINTS = 4000
_BO_SPHERE = 1e-5  # below this the profile is taken as the sphere (radius error < 1e-5 b)
BOND_MAX = 200.0
"""Largest Bond number the fits explore (a flat puddle; the profile needs no more)."""


@dataclass(frozen=True, repr=False)
class DropProfile:
    """A dimensionless Young-Laplace profile from the apex to ``phi`` = 179.5 degrees.

    Attributes
    ----------
    bond_number : float
        ``Bo = Δρ g b² / γ`` with ``b`` the apex radius of curvature.
    s, x, z, phi : ndarray
        Arc length, radius, depth below the apex (units of ``b``) and tangent angle [rad],
        sampled at 4000 values of ``phi`` from 0 to 179.5 degrees.

    Examples
    --------
    >>> young_laplace_profile(1.0)
    DropProfile(Bo=1, 4000 points, depth 0..1.265)
    """

    bond_number: float
    s: np.ndarray
    x: np.ndarray
    z: np.ndarray
    phi: np.ndarray

    def __repr__(self) -> str:
        return (f"DropProfile(Bo={self.bond_number:.4g}, {self.s.size} points, "
                f"depth 0..{self.z[-1]:.4g})")

    @property
    def max_depth(self) -> float:
        """Depth of the last point (``phi`` = 179.5 degrees), units of ``b``."""
        return float(self.z[-1])

    def x_at_depth(self, depth: float | np.ndarray) -> np.ndarray:
        """Radius at a depth below the apex (units of ``b``), by interpolation.

        Examples
        --------
        >>> float(young_laplace_profile(0.0).x_at_depth(0.0))
        0.0
        """
        return np.interp(depth, self.z, self.x)

    def phi_at_depth_deg(self, depth: float | np.ndarray) -> np.ndarray:
        """Tangent angle [deg] at a depth below the apex: the contact angle of a substrate there.

        Examples
        --------
        >>> round(float(young_laplace_profile(0.0).phi_at_depth_deg(0.5)), 6)
        60.0
        """
        return np.degrees(np.interp(depth, self.z, self.phi))


def _rhs(phi: float, y: list[float], bo: float) -> list[float]:
    """The profile with ``phi`` as the variable: ``d(x, z, s)/dphi = (cos, sin, 1) / (dphi/ds)``."""
    x, z, _ = y
    k = 2.0 + bo * z - math.sin(phi) / x
    return [math.cos(phi) / k, math.sin(phi) / k, 1.0 / k]


@functools.lru_cache(maxsize=256)
def _profile_cached(bo: float) -> DropProfile:
    from scipy.integrate import odeint

    # phi grows monotonically along a sessile profile (dphi/ds >= 1), so it can be the
    # integration variable; the series x = s = phi, z = phi^2 / 2 starts it off the apex
    phi = np.concatenate([[0.0, _S0], np.linspace(1e-3, _PHI_END, _N_POINTS - 2)])
    if bo < _BO_SPHERE:  # a sphere (the ODE is stiff where the profile closes on the axis)
        x, z, s = np.sin(phi), 1.0 - np.cos(phi), phi.copy()
        for a in (s, x, z, phi):
            a.setflags(write=False)
        return DropProfile(bo, s, x, z, phi)
    y = odeint(_rhs, [_S0, 0.5 * _S0 * _S0, _S0], phi[1:], args=(bo,), rtol=1e-11,
               atol=1e-13, tfirst=True)
    x = np.concatenate([[0.0], y[:, 0]])
    z = np.concatenate([[0.0], y[:, 1]])
    s = np.concatenate([[0.0], y[:, 2]])
    for a in (s, x, z, phi):
        a.setflags(write=False)
    return DropProfile(bo, s, x, z, phi)


def young_laplace_profile(bond_number: float) -> DropProfile:
    """The dimensionless sessile-drop profile for a Bond number (cached).

    Parameters
    ----------
    bond_number : float
        ``Bo = Δρ g b² / γ`` in [0, 200]; 0 is a sphere.

    Raises
    ------
    semisolid.errors.InputError
        Bo outside [0, 200] or not finite.

    Examples
    --------
    >>> p = young_laplace_profile(0.0)
    >>> round(float(p.x_at_depth(0.5)), 6)     # sphere: x = sqrt(1 - (1 - z)^2)
    0.866025
    >>> young_laplace_profile(-1.0)
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: bond_number: Bo=-1 is outside [0, 200] (a sessile drop has Bo >= 0)
    """
    bo = float(bond_number)
    if not (math.isfinite(bo) and 0.0 <= bo <= BOND_MAX):
        raise InputError(f"Bo={bo:g} is outside [0, {BOND_MAX:g}] (a sessile drop has Bo >= 0)",
                         "bond_number")
    return _profile_cached(bo)


@dataclass(frozen=True)
class SessileDrop:
    """A drop cut from a profile at its contact angle (lengths in units of ``b``).

    Attributes
    ----------
    contact_angle_deg, bond_number : float
    contact_radius : float
        Radius of the wetted disc.
    height : float
        Apex height above the substrate.
    volume : float
        ``π ∫ x² dz`` from the apex to the substrate.
    profile : DropProfile
        The whole profile (cut it at ``height``).
    """

    contact_angle_deg: float
    bond_number: float
    contact_radius: float
    height: float
    volume: float
    profile: DropProfile

    def outline(self, n: int = 2000) -> tuple[np.ndarray, np.ndarray]:
        """``(x, z)`` of the right half from the apex to the contact line (``n`` points).

        Examples
        --------
        >>> x, z = sessile_drop(90.0, 0.0).outline(5)
        >>> [round(float(v), 6) for v in x], [round(float(v), 6) for v in z]
        ([0.0, 0.382683, 0.707107, 0.92388, 1.0], [0.0, 0.07612, 0.292893, 0.617317, 1.0])
        """
        p = self.profile
        s_end = float(np.interp(self.height, p.z, p.s))
        s = np.linspace(0.0, s_end, n)
        return np.interp(s, p.s, p.x), np.interp(s, p.s, p.z)


def sessile_drop(contact_angle_deg: float, bond_number: float) -> SessileDrop:
    """The drop of a contact angle and Bond number, in units of the apex radius ``b``.

    Parameters
    ----------
    contact_angle_deg : float
        In (0, 179].
    bond_number : float
        In [0, 200].

    Examples
    --------
    >>> d = sessile_drop(90.0, 0.0)        # hemisphere: V = 2π/3
    >>> round(d.volume / (2 * math.pi / 3), 6)
    1.0
    >>> d = sessile_drop(120.0, 2.0)       # gravity flattens: the height falls below 1.5
    >>> round(d.height, 3), round(d.contact_radius, 3)
    (0.872, 0.763)
    """
    th = float(contact_angle_deg)
    if not (0.0 < th <= 179.0):
        raise InputError(f"{th:g} deg is outside (0, 179]", "contact_angle_deg")
    p = young_laplace_profile(bond_number)
    phi_c = math.radians(th)
    s_c = float(np.interp(phi_c, p.phi, p.s))
    height = float(np.interp(s_c, p.s, p.z))
    radius = float(np.interp(s_c, p.s, p.x))
    keep = p.s <= s_c
    zz = np.append(p.z[keep], height)
    xx = np.append(p.x[keep], radius)
    from scipy.integrate import trapezoid

    volume = float(math.pi * trapezoid(xx * xx, zz))
    return SessileDrop(th, float(bond_number), radius, height, volume, p)


def bond_number(apex_radius_m: float, surface_tension_N_m: float,
                density_difference_kg_m3: float,
                gravity_m_s2: float = STANDARD_GRAVITY_M_S2) -> float:
    """``Bo = Δρ g b² / γ`` with ``b`` the apex radius of curvature.

    Examples
    --------
    >>> round(bond_number(1e-3, 0.072, 997.0), 4)    # 1 mm water drop
    0.1358
    """
    return density_difference_kg_m3 * gravity_m_s2 * apex_radius_m**2 / surface_tension_N_m


def surface_tension_N_m(apex_radius_m: float, bond: float, density_difference_kg_m3: float,
                        gravity_m_s2: float = STANDARD_GRAVITY_M_S2) -> float:
    """``γ = Δρ g b² / Bo``: the surface tension from a fitted Bond number and scale.

    Raises
    ------
    semisolid.errors.InputError
        Bo <= 0: a spherical drop carries no information on γ.

    Examples
    --------
    >>> round(surface_tension_N_m(1e-3, 0.1358, 997.0), 4)
    0.072
    """
    if not bond > 0.0:
        raise InputError(f"Bo={bond:g}: a drop with no measurable sag gives no surface tension",
                         "bond_number")
    return density_difference_kg_m3 * gravity_m_s2 * apex_radius_m**2 / bond
