"""Quantities with units as text: ``"295.15K"``, ``"22C"``, ``"10uL"``, ``"3mAh/cm2"``.

SI inside, units only at the edges. :func:`parse_quantity` turns a text such as
``"3mAh/cm2"`` into the SI value of the requested kind (here C/m2) and refuses units that
do not fit the kind ("3mA" for a capacity) with an error naming the field.

The unit grammar: a product of unit symbols with optional SI prefixes and integer powers,
separated by ``*``, ``.``, ``·`` or a space, with at most one ``/`` (``"mAh/cm2"``,
``"Ohm cm2"``, ``"MPa m^0.5"``, ``"g/cm^3"``). Temperatures take ``K``, ``C``, ``°C``,
``degC`` and ``F``; a ``temperature_difference`` takes them without their offset (a
1C step is a 1K step).

Examples
--------
>>> parse_quantity("22C", "temperature")
295.15
>>> round(parse_quantity("3mAh/cm2", "areal_capacity"), 6)   # C/m2
108000.0
>>> parse_quantity("10uL", "volume")
1e-08
>>> parse_quantity("3mA", "areal_capacity", field="--areal-capacity")
Traceback (most recent call last):
...
semisolid.errors.InputError: --areal-capacity: '3mA' has units of current, expected an areal ...
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from semisolid.errors import InputError

__all__ = ["KINDS", "Kind", "format_quantity", "parse_quantity", "require_positive", "to_unit"]

# Dimension vectors: (m, kg, s, A, K, mol)
_D = tuple[float, float, float, float, float, float]


def _d(m=0.0, kg=0.0, s=0.0, a=0.0, k=0.0, mol=0.0) -> _D:
    return (m, kg, s, a, k, mol)


# base symbol -> (factor to SI, dimension)
_BASE: dict[str, tuple[float, _D]] = {
    "m": (1.0, _d(m=1)),
    "g": (1e-3, _d(kg=1)),
    "s": (1.0, _d(s=1)),
    "min": (60.0, _d(s=1)),
    "h": (3600.0, _d(s=1)),
    "A": (1.0, _d(a=1)),
    "K": (1.0, _d(k=1)),
    "mol": (1.0, _d(mol=1)),
    "L": (1e-3, _d(m=3)),
    "l": (1e-3, _d(m=3)),
    "C": (1.0, _d(a=1, s=1)),
    "Ah": (3600.0, _d(a=1, s=1)),
    "Pa": (1.0, _d(m=-1, kg=1, s=-2)),
    "bar": (1e5, _d(m=-1, kg=1, s=-2)),
    "N": (1.0, _d(m=1, kg=1, s=-2)),
    "gf": (9.80665e-3, _d(m=1, kg=1, s=-2)),
    "J": (1.0, _d(m=2, kg=1, s=-2)),
    "W": (1.0, _d(m=2, kg=1, s=-3)),
    "V": (1.0, _d(m=2, kg=1, s=-3, a=-1)),
    "Ohm": (1.0, _d(m=2, kg=1, s=-3, a=-2)),
    "ohm": (1.0, _d(m=2, kg=1, s=-3, a=-2)),
    "Ω": (1.0, _d(m=2, kg=1, s=-3, a=-2)),
    "S": (1.0, _d(m=-2, kg=-1, s=3, a=2)),
    "Hz": (1.0, _d(s=-1)),
}
_PREFIX = {
    "p": 1e-12, "n": 1e-9, "u": 1e-6, "µ": 1e-6, "μ": 1e-6, "m": 1e-3, "c": 1e-2,
    "d": 1e-1, "k": 1e3, "M": 1e6, "G": 1e9,
}


@dataclass(frozen=True)
class Kind:
    """A kind of quantity: its SI dimension, SI unit name and an example text."""

    name: str
    dim: _D
    si_unit: str
    example: str
    article: str = "a"


KINDS: dict[str, Kind] = {
    k.name: k
    for k in [
        Kind("temperature", _d(k=1), "K", "22C"),
        Kind("temperature_difference", _d(k=1), "K", "1K"),
        Kind("length", _d(m=1), "m", "7.14mm"),
        Kind("area", _d(m=2), "m2", "0.4cm2", "an"),
        Kind("volume", _d(m=3), "m3", "10uL"),
        Kind("areal_capacity", _d(a=1, s=1, m=-2), "C/m2", "3mAh/cm2", "an"),
        Kind("current_density", _d(a=1, m=-2), "A/m2", "1mA/cm2"),
        Kind("current", _d(a=1), "A", "0.4mA"),
        Kind("charge", _d(a=1, s=1), "C", "1.2mAh"),
        Kind("time", _d(s=1), "s", "2h"),
        Kind("pressure", _d(m=-1, kg=1, s=-2), "Pa", "1.5MPa"),
        Kind("force", _d(m=1, kg=1, s=-2), "N", "0.245N"),
        Kind("mass", _d(kg=1), "kg", "10mg"),
        Kind("density", _d(kg=1, m=-3), "kg/m3", "0.862g/cm3"),
        Kind("voltage", _d(m=2, kg=1, s=-3, a=-1), "V", "50mV"),
        Kind("resistance", _d(m=2, kg=1, s=-3, a=-2), "Ohm", "30Ohm"),
        Kind("area_specific_resistance", _d(m=4, kg=1, s=-3, a=-2), "Ohm m2",
             "30Ohm cm2", "an"),
        Kind("conductivity", _d(m=-3, kg=-1, s=3, a=2), "S/m", "1mS/cm"),
        Kind("frequency", _d(s=-1), "Hz", "1kHz"),
        Kind("toughness", _d(m=-0.5, kg=1, s=-2), "Pa m^0.5", "2.5MPa m^0.5"),
        Kind("amount", _d(mol=1), "mol", "1mmol", "an"),
    ]
}

_DIM_NAMES: dict[_D, str] = {}
for _k in KINDS.values():
    _DIM_NAMES.setdefault(_k.dim, _k.name)  # K: "temperature", not "temperature_difference"

_NUM = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_QTY_RE = re.compile(rf"^\s*({_NUM})\s*(.*?)\s*$")
_TOKEN_RE = re.compile(r"^([^\d^²³.\-+]+?)\^?([-+]?\d+(?:\.\d+)?|²|³)?$")
_TEMPERATURE = {
    "K": (1.0, 0.0), "C": (1.0, 273.15), "°C": (1.0, 273.15), "degC": (1.0, 273.15),
    "℃": (1.0, 273.15), "F": (5.0 / 9.0, 255.3722222222222), "°F": (5.0 / 9.0, 255.3722222222222),
}


def _symbol(sym: str) -> tuple[float, _D]:
    if sym in _BASE:
        return _BASE[sym]
    if len(sym) > 1 and sym[0] in _PREFIX and sym[1:] in _BASE:
        f, d = _BASE[sym[1:]]
        return _PREFIX[sym[0]] * f, d
    raise KeyError(sym)


def _parse_unit(unit: str) -> tuple[float, _D]:
    """Factor to SI and dimension of a unit text (no temperature offsets)."""
    unit = unit.strip().replace("·", "*").replace("**", "^")
    if unit.count("/") > 1:
        raise KeyError(unit)
    num, slash, den = unit.partition("/")
    factor = 1.0
    dim = [0.0] * 6
    for part, sign in ((num, 1), (den, -1)):
        tokens = [t for t in re.split(r"[*\s]+|(?<=[A-Za-zΩµμ\d])\.(?=[A-Za-zΩµμ])", part) if t]
        if (sign == -1 and slash and not tokens) or (sign == 1 and not tokens):
            raise KeyError(unit)
        for tok in tokens:
            m = _TOKEN_RE.match(tok)
            if not m:
                raise KeyError(tok)
            sym, power = m.group(1), m.group(2)
            p = {"²": 2.0, "³": 3.0}.get(power, None) if power else 1.0
            if p is None:
                p = float(power)
            f, d = _symbol(sym)
            factor *= f ** (p * sign)
            for i in range(6):
                dim[i] += d[i] * p * sign
    return factor, tuple(dim)  # type: ignore[return-value]


def parse_quantity(
    text: str | float | int,
    kind: str,
    *,
    field: str | None = None,
    default_unit: str | None = None,
) -> float:
    """Parse a number with units into the SI value of the given kind.

    Parameters
    ----------
    text : str or float
        For example ``"295.15K"``, ``"22 C"``, ``"7.14mm"``, ``"3 mAh/cm2"``. A bare number
        is accepted only when `default_unit` is given.
    kind : str
        One of :data:`KINDS` (``"temperature"``, ``"length"``, ``"area"``, ``"volume"``,
        ``"areal_capacity"``, ``"current_density"``, ...).
    field : str, optional
        Name of the option or argument, used in error messages.
    default_unit : str, optional
        Unit assumed for a bare number.

    Returns
    -------
    float
        The value in SI units (K, m, m2, m3, C/m2, A/m2, A, C, s, Pa, N, ...).

    Raises
    ------
    InputError
        Unparsable text, an unknown unit, units of another kind, a non-finite value or a
        temperature below 0 K.

    Examples
    --------
    >>> parse_quantity("7.14mm", "length")
    0.00714
    >>> round(parse_quantity("1mA/cm2", "current_density"), 12)
    10.0
    >>> parse_quantity("2.5 MPa m^0.5", "toughness")
    2500000.0
    >>> parse_quantity(300, "temperature", default_unit="K")
    300.0
    >>> parse_quantity("2C", "temperature_difference")   # a step: 2 C = 2 K
    2.0
    """
    if kind not in KINDS:
        raise InputError(f"unknown quantity kind {kind!r}; known: {', '.join(KINDS)}", field)
    k = KINDS[kind]
    if isinstance(text, bool):
        raise InputError(f"expected {k.article} {kind.replace('_', ' ')}, got {text!r}", field)
    if isinstance(text, int | float):
        if default_unit is None:
            raise InputError(
                f"{text!r} has no unit; write it with one, e.g. {k.example!r}", field
            )
        text = f"{text}{default_unit}"
    s = str(text)
    m = _QTY_RE.match(s)
    if not m:
        raise InputError(
            f"{s!r} is not a number with a unit; expected e.g. {k.example!r}", field
        )
    value = float(m.group(1))
    unit = m.group(2) or default_unit
    if not math.isfinite(value):
        raise InputError(f"{s!r} is not a finite number", field)
    if not unit:
        raise InputError(f"{s!r} has no unit; write it with one, e.g. {k.example!r}", field)
    if kind == "temperature_difference" and unit.strip() in _TEMPERATURE:
        return value * _TEMPERATURE[unit.strip()][0]  # 1C = 1K as a difference
    if kind == "temperature":
        if unit.strip() in _TEMPERATURE:
            scale, offset = _TEMPERATURE[unit.strip()]
            out = value * scale + offset
            out = round(out, 10)
            if out < 0:
                raise InputError(f"{s!r} is below absolute zero", field)
            return out
    try:
        factor, dim = _parse_unit(unit)
    except KeyError:
        raise InputError(
            f"unknown unit {unit!r} in {s!r}; expected {k.article} {kind.replace('_', ' ')} "
            f"such as {k.example!r}",
            field,
        ) from None
    if any(abs(a - b) > 1e-12 for a, b in zip(dim, k.dim, strict=True)):
        got = _DIM_NAMES.get(tuple(round(x, 6) for x in dim), None)
        got_txt = f"units of {got.replace('_', ' ')}" if got else f"units {unit!r}"
        raise InputError(
            f"{s!r} has {got_txt}, expected {k.article} {kind.replace('_', ' ')} "
            f"(e.g. {k.example!r})",
            field,
        )
    return value * factor


def to_unit(value_si: float, unit: str, kind: str | None = None) -> float:
    """Convert an SI value to the given unit.

    Examples
    --------
    >>> round(to_unit(10.0, "mA/cm2"), 12)
    1.0
    >>> to_unit(295.15, "C", kind="temperature")
    22.0
    """
    if kind == "temperature" and unit in _TEMPERATURE:
        scale, offset = _TEMPERATURE[unit]
        return round((value_si - offset) / scale, 10)
    factor, _ = _parse_unit(unit)
    return value_si / factor


def format_quantity(value_si: float, unit: str, kind: str | None = None, digits: int = 4) -> str:
    """Format an SI value in the given unit with `digits` significant digits.

    Examples
    --------
    >>> format_quantity(108000.0, "mAh/cm2")
    '3 mAh/cm2'
    """
    return f"{to_unit(value_si, unit, kind):.{digits}g} {unit}"


def require_positive(
    value: Any,
    field: str,
    *,
    unit: str = "",
    optional: bool = False,
    array: bool = False,
) -> Any:
    """`value` as a positive finite number, or an :class:`~semisolid.errors.InputError`
    naming `field`: the one positive-number check of the package.

    Parameters
    ----------
    value : float, array_like or None
        The value to check (SI units).
    field : str
        Name of the argument or option, used in the error.
    unit : str, optional
        Unit of the value, written in the error (``"Ohm"``).
    optional : bool
        Accept ``None`` (returned as is).
    array : bool
        Accept a number or a non-empty sequence of numbers, every one positive and finite;
        returns a float ``numpy.ndarray``.

    Returns
    -------
    float, numpy.ndarray or None

    Raises
    ------
    InputError
        Not a number, not finite, zero or negative (or an empty sequence).

    Examples
    --------
    >>> require_positive(2, "area")
    2.0
    >>> require_positive(None, "bulk_resistance_Ohm", optional=True) is None
    True
    >>> require_positive([1e-4, 2e-4], "diagonal_m", array=True).tolist()
    [0.0001, 0.0002]
    >>> require_positive(-1e-9, "volume")
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: volume: -1e-09 must be a positive finite number
    >>> require_positive(0.0, "short_resistance_Ohm", unit="Ohm")
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: short_resistance_Ohm: 0.0 must be a positive finite number (Ohm)
    """
    if value is None and optional:
        return None
    in_unit = f" ({unit})" if unit else ""
    if array:
        import numpy as np

        try:
            arr = np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            raise InputError(f"expected a number or a sequence of numbers{in_unit}, got "
                             f"{value!r}", field) from None
        if arr.size == 0:
            raise InputError("no values given", field)
        if not (np.all(np.isfinite(arr)) and np.all(arr > 0)):
            raise InputError(f"{value!r} must be positive finite numbers{in_unit}", field)
        return arr
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise InputError(f"{value!r} is not a number", field) from None
    if not (math.isfinite(v) and v > 0):
        raise InputError(f"{value!r} must be a positive finite number{in_unit}", field)
    return v
