"""Solid electrolytes LLZTO, Na-beta''-alumina (NBA) and K-beta''-alumina (KBA).

Examples
--------
>>> from semisolid.materials import electrolyte
>>> e = electrolyte("KBA")
>>> e.fracture_toughness_Pa_sqrt_m, e.working_ion
(2500000.0, 'K')
>>> [round(v / 1e6, 1) for v in e.fracture_toughness_range_Pa_sqrt_m]
[2.0, 3.0]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from semisolid.errors import InputError, suggest
from semisolid.materials.records import records_for, resolve
from semisolid.materials.sources import Source, format_citations

__all__ = ["ELECTROLYTE_NAMES", "Electrolyte", "electrolyte"]

_PROPS = ("conductivity_S_m", "fracture_toughness_Pa_sqrt_m", "youngs_modulus_Pa", "hardness_Pa")

_INFO = {
    "LLZTO": ("Li6.75La3Zr1.75Ta0.25O12 (Ta-doped garnet)", "Li"),
    "NBA": ("Na-beta''-alumina", "Na"),
    "KBA": ("K-beta''-alumina", "K"),
}
_ALIASES = {
    "llzto": "LLZTO", "llzo": "LLZTO", "garnet": "LLZTO",
    "nba": "NBA", "na-beta''-alumina": "NBA", "na-beta-alumina": "NBA", "na-b''-al2o3": "NBA",
    "kba": "KBA", "k-beta''-alumina": "KBA", "k-beta-alumina": "KBA", "k-b''-al2o3": "KBA",
}
ELECTROLYTE_NAMES = tuple(_INFO)
"""Canonical names accepted by :func:`electrolyte` (case-insensitive; some aliases)."""


@dataclass(frozen=True)
class Electrolyte:
    """Cited properties of one solid electrolyte (SI units).

    Attributes
    ----------
    name, formula, working_ion : str
    conductivity_S_m, fracture_toughness_Pa_sqrt_m, youngs_modulus_Pa, hardness_Pa : float or None
        Room-temperature values; the paper's conductivity (1-2 mS/cm) and toughness
        (2-3 MPa m^0.5) are stored as range midpoints with the ranges alongside.
    conductivity_range_S_m, fracture_toughness_range_Pa_sqrt_m : (float, float) or None
        The range the chosen source states.
    sources : dict
        The :class:`~semisolid.materials.sources.Source` of each property.

    Examples
    --------
    >>> round(electrolyte("LLZTO").conductivity_S_m * 10, 3)   # mS/cm
    1.5
    """

    name: str
    formula: str
    working_ion: str
    conductivity_S_m: float | None
    fracture_toughness_Pa_sqrt_m: float | None
    youngs_modulus_Pa: float | None
    hardness_Pa: float | None
    conductivity_range_S_m: tuple[float, float] | None = None
    fracture_toughness_range_Pa_sqrt_m: tuple[float, float] | None = None
    sources: dict[str, Source] = field(default_factory=dict)

    def cite(self) -> str:
        """The citations of the sources used, one per line.

        Examples
        --------
        >>> "hu2022-llzto" in electrolyte("LLZTO").cite()
        True
        """
        return format_citations(self.sources.values())

    def to_dict(self) -> dict:
        """Plain dict of the values, with the source key of each property.

        Examples
        --------
        >>> electrolyte("NBA").to_dict()["working_ion"]
        'Na'
        """
        d = {p: getattr(self, p) for p in _PROPS}
        d.update(
            name=self.name,
            formula=self.formula,
            working_ion=self.working_ion,
            conductivity_range_S_m=self.conductivity_range_S_m,
            fracture_toughness_range_Pa_sqrt_m=self.fracture_toughness_range_Pa_sqrt_m,
            sources={k: s.key for k, s in self.sources.items()},
        )
        return d


def canonical_electrolyte_name(name: str) -> str:
    """The canonical name of an electrolyte, or an error suggesting one.

    Examples
    --------
    >>> canonical_electrolyte_name("llzo")
    'LLZTO'
    """
    key = str(name).strip()
    if key in _INFO:
        return key
    if key.lower() in _ALIASES:
        return _ALIASES[key.lower()]
    raise InputError(
        f"unknown electrolyte {name!r}{suggest(key, [*_INFO, *_ALIASES])}; "
        f"known: {', '.join(_INFO)}",
        "electrolyte",
    )


def electrolyte(name: str, source: str | Sequence[str] | None = None) -> Electrolyte:
    """Cited properties of LLZTO, NBA or KBA.

    Parameters
    ----------
    name : str
        ``"LLZTO"``, ``"NBA"`` or ``"KBA"`` (case-insensitive; ``"LLZO"`` maps to LLZTO).
    source : str or sequence of str, optional
        Source key(s) to prefer; by default the paper's values come first.

    Examples
    --------
    >>> electrolyte("LLZTO").youngs_modulus_Pa
    158000000000.0
    >>> electrolyte("LLZTO", source="hu2022-llzto").fracture_toughness_Pa_sqrt_m
    1000000.0
    >>> electrolyte("KBX")
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: electrolyte: unknown electrolyte 'KBX' (did you mean 'KBA'?); ...
    """
    canon = canonical_electrolyte_name(name)
    values, _sd, used = resolve(canon, _PROPS, source)
    ranges = {}
    for p in ("conductivity_S_m", "fracture_toughness_Pa_sqrt_m"):
        ranges[p] = None
        if p in used:
            for r in records_for(canon):
                if r.source.key == used[p].key and p in r.ranges:
                    ranges[p] = tuple(float(v) for v in r.ranges[p])
    formula, ion = _INFO[canon]
    return Electrolyte(
        name=canon,
        formula=formula,
        working_ion=ion,
        conductivity_range_S_m=ranges["conductivity_S_m"],  # type: ignore[arg-type]
        fracture_toughness_range_Pa_sqrt_m=ranges["fracture_toughness_Pa_sqrt_m"],  # type: ignore[arg-type]
        sources=used,
        **values,  # type: ignore[arg-type]
    )
