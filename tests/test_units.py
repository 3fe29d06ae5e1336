"""Unit parsing: values checked by hand against the SI definitions, plus Hypothesis round trips."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from semisolid.errors import InputError
from semisolid.units import KINDS, parse_quantity, to_unit


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("295.15K", "temperature", 295.15),
        ("22C", "temperature", 295.15),
        ("22 °C", "temperature", 295.15),
        ("-12.65degC", "temperature", 260.5),
        ("10uL", "volume", 10e-9),
        ("10 µL", "volume", 10e-9),
        ("7.14mm", "length", 7.14e-3),
        ("0.4cm2", "area", 0.4e-4),
        ("0.4 cm^2", "area", 0.4e-4),
        ("40mm²", "area", 40e-6),
        ("3mAh/cm2", "areal_capacity", 3 * 3.6 / 1e-4),
        ("1mA/cm2", "current_density", 10.0),
        ("0.5 mA/cm2", "current_density", 5.0),
        ("1.5MPa", "pressure", 1.5e6),
        ("75kPa", "pressure", 75e3),
        ("0.245N", "force", 0.245),
        ("25gf", "force", 0.025 * 9.80665),
        ("0.862g/cm3", "density", 862.0),
        ("30Ohm cm2", "area_specific_resistance", 30e-4),
        ("1mS/cm", "conductivity", 0.1),
        ("2.5MPa m^0.5", "toughness", 2.5e6),
        ("1.2mAh", "charge", 4.32),
        ("2h", "time", 7200.0),
        ("1kHz", "frequency", 1000.0),
    ],
)
def test_parse_known_values(text, kind, expected):
    assert parse_quantity(text, kind) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(
    ("text", "kind", "fragment"),
    [
        ("3mA", "areal_capacity", "units of current"),
        ("3", "areal_capacity", "no unit"),
        ("abc", "length", "not a number"),
        ("3 furlongs", "length", "unknown unit"),
        ("-300C", "temperature", "below absolute zero"),
        ("10uL", "area", "units of volume"),
        ("nanK", "temperature", "not a number"),
    ],
)
def test_parse_errors_name_field(text, kind, fragment):
    with pytest.raises(InputError) as exc:
        parse_quantity(text, kind, field="--x")
    assert "--x" in str(exc.value)
    assert fragment in str(exc.value)


@given(st.floats(min_value=1e-6, max_value=1e6, allow_nan=False))
def test_round_trip_current_density(x):
    si = parse_quantity(f"{x!r}mA/cm2", "current_density")
    assert math.isclose(to_unit(si, "mA/cm2"), x, rel_tol=1e-12)


@given(st.floats(min_value=-273.0, max_value=3000.0, allow_nan=False))
def test_round_trip_celsius(x):
    si = parse_quantity(f"{x!r}C", "temperature")
    assert math.isclose(si, x + 273.15, abs_tol=1e-9)


@pytest.mark.slow
@given(st.text(max_size=12))
def test_arbitrary_text_never_crashes(s):
    for kind in ("length", "temperature", "areal_capacity"):
        try:
            v = parse_quantity(s, kind)
        except InputError:
            continue
        assert math.isfinite(v)


def test_every_kind_example_parses():
    for kind in KINDS.values():
        assert math.isfinite(parse_quantity(kind.example, kind.name))
