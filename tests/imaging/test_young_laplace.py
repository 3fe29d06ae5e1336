"""The Young-Laplace drop profile against closed forms, an independent integration and the
vertical force balance."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from scipy.integrate import solve_ivp

from semisolid.errors import InputError
from semisolid.imaging.young_laplace import (
    bond_number,
    sessile_drop,
    surface_tension_N_m,
    young_laplace_profile,
)


@pytest.mark.parametrize("theta", [10.0, 45.0, 90.0, 135.0, 170.0])
def test_sphere_is_a_spherical_cap(theta):
    """Bo = 0: radius sin(theta), height 1 - cos(theta), cap volume pi h^2 (3 - h) / 3."""
    d = sessile_drop(theta, 0.0)
    t = math.radians(theta)
    h = 1.0 - math.cos(t)
    assert d.contact_radius == pytest.approx(math.sin(t), abs=1e-6)
    assert d.height == pytest.approx(h, abs=1e-6)
    assert d.volume == pytest.approx(math.pi * h * h * (3.0 - h) / 3.0, rel=1e-5)


def _reference_profile(bo: float, phi_end: float) -> np.ndarray:
    """Arc-length form integrated with another method: (x, z) where phi reaches phi_end."""

    def rhs(s, y):
        x, z, phi = y
        return [math.cos(phi), math.sin(phi), 2.0 + bo * z - math.sin(phi) / x]

    def hit(s, y):
        return y[2] - phi_end

    hit.terminal = True
    s0 = 1e-7
    sol = solve_ivp(rhs, (s0, 20.0), [s0, 0.5 * s0 * s0, s0], method="Radau", rtol=1e-11,
                    atol=1e-13, events=hit)
    return sol.y_events[0][0][:2]


@pytest.mark.slow
@pytest.mark.parametrize("bo", [0.3, 2.0, 15.0])
@pytest.mark.parametrize("theta", [30.0, 100.0, 160.0])
def test_profile_matches_an_independent_integration(bo, theta):
    """The phi-parametrised LSODA profile agrees with an arc-length Radau integration."""
    x_ref, z_ref = _reference_profile(bo, math.radians(theta))
    d = sessile_drop(theta, bo)
    assert d.contact_radius == pytest.approx(x_ref, abs=2e-7)
    assert d.height == pytest.approx(z_ref, abs=2e-7)


@pytest.mark.parametrize("bo", [0.1, 1.0, 8.0])
@pytest.mark.parametrize("theta", [20.0, 90.0, 150.0])
def test_vertical_force_balance(bo, theta):
    """Pressure on the wetted disc minus the surface tension's pull equals the weight.

    Dimensionless: (2 + Bo H) pi X^2 - 2 pi X sin(theta) = Bo V (H height, X contact radius,
    V volume, all in apex radii). The ODE does not impose this; it follows from it.
    """
    d = sessile_drop(theta, bo)
    pressure = (2.0 + bo * d.height) * math.pi * d.contact_radius**2
    lhs = pressure - 2.0 * math.pi * d.contact_radius * math.sin(math.radians(theta))
    # the two terms nearly cancel for flat drops: compare on the scale of the larger one
    assert abs(lhs - bo * d.volume) < 1e-6 * pressure


def test_gravity_flattens_the_drop():
    heights = [sessile_drop(120.0, bo).height for bo in (0.0, 0.5, 2.0, 10.0)]
    assert all(a > b for a, b in itertools.pairwise(heights))


def test_small_bond_number_tends_to_the_sphere():
    assert sessile_drop(80.0, 1e-4).height == pytest.approx(sessile_drop(80.0, 0.0).height,
                                                            abs=1e-4)


def test_bond_number_and_surface_tension_invert_each_other():
    bo = bond_number(2.0e-3, 0.11, 870.0)  # a NaK drop, 2 mm apex radius
    assert surface_tension_N_m(2.0e-3, bo, 870.0) == pytest.approx(0.11, rel=1e-12)
    assert bo == pytest.approx(870.0 * 9.80665 * 4e-6 / 0.11, rel=1e-12)


@pytest.mark.parametrize("bad", [-0.1, float("nan"), 1e3])
def test_bad_bond_number(bad):
    with pytest.raises(InputError, match="bond_number"):
        young_laplace_profile(bad)


@pytest.mark.parametrize("bad", [0.0, -5.0, 179.5])
def test_bad_contact_angle(bad):
    with pytest.raises(InputError, match="contact_angle_deg"):
        sessile_drop(bad, 1.0)


def test_no_surface_tension_without_sag():
    with pytest.raises(InputError, match="no measurable sag"):
        surface_tension_N_m(1e-3, 0.0, 1000.0)
