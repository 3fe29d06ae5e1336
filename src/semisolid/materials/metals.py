"""Alkali metals Li, Na, K and the Na-K eutectic (NaK) with cited properties.

Examples
--------
>>> from semisolid.materials import metal
>>> k = metal("K")
>>> k.density_solid_kg_m3, k.yield_stress_Pa
(862.0, 240000.0)
>>> round(k.molar_volume_solid_m3_mol * 1e6, 2)   # cm3/mol
45.36
>>> k.sources["yield_stress_Pa"].key
'park2021'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from semisolid.errors import InputError, suggest
from semisolid.materials.records import resolve
from semisolid.materials.sources import Source, format_citations

__all__ = ["METAL_NAMES", "Metal", "metal"]

_PROPS = (
    "molar_mass_kg_mol",
    "density_solid_kg_m3",
    "density_liquid_kg_m3",
    "melting_point_K",
    "shear_modulus_Pa",
    "youngs_modulus_Pa",
    "yield_stress_Pa",
    "viscosity_liquid_Pa_s",
)

_ALIASES = {
    "li": "Li", "lithium": "Li",
    "na": "Na", "sodium": "Na",
    "k": "K", "potassium": "K",
    "nak": "NaK", "nak(e)": "NaK", "nak-eutectic": "NaK", "nak_eutectic": "NaK",
    "na-k eutectic": "NaK", "eutectic": "NaK",
}
METAL_NAMES = ("Li", "Na", "K", "NaK")
"""Canonical names accepted by :func:`metal` (case-insensitive; aliases such as 'lithium')."""


@dataclass(frozen=True)
class Metal:
    """Cited properties of one alkali metal or alloy (SI units).

    Attributes
    ----------
    name : str
        ``"Li"``, ``"Na"``, ``"K"`` or ``"NaK"`` (the eutectic, liquid at room temperature).
    composition : dict
        Mole fractions of the elements.
    molar_mass_kg_mol, density_solid_kg_m3, density_liquid_kg_m3, melting_point_K,
    shear_modulus_Pa, youngs_modulus_Pa, yield_stress_Pa, viscosity_liquid_Pa_s : float or None
        None where no source gives the value (for example the solid density of NaK).
        ``yield_stress_Pa`` is the paper's H/3 at room temperature; the liquid densities and
        viscosities are near the melting point (NaK: at 21 C / 20-22 C).
    yield_stress_sd_Pa : float or None
        Standard deviation of the yield stress (10 indents).
    sources : dict
        The :class:`~semisolid.materials.sources.Source` of each property.

    Examples
    --------
    >>> m = metal("Na")
    >>> m.molar_mass_kg_mol
    0.02298976928
    >>> m.yield_stress_sd_Pa
    80000.0
    """

    name: str
    composition: dict[str, float]
    molar_mass_kg_mol: float | None
    density_solid_kg_m3: float | None
    density_liquid_kg_m3: float | None
    melting_point_K: float | None
    shear_modulus_Pa: float | None
    youngs_modulus_Pa: float | None
    yield_stress_Pa: float | None
    yield_stress_sd_Pa: float | None
    viscosity_liquid_Pa_s: float | None
    sources: dict[str, Source] = field(default_factory=dict)

    @property
    def molar_volume_solid_m3_mol(self) -> float | None:
        """Molar volume of the solid, M / rho_solid [m3/mol] (None if either is unknown).

        Examples
        --------
        >>> round(metal("Li").molar_volume_solid_m3_mol * 1e6, 2)
        13.0
        """
        if self.molar_mass_kg_mol is None or self.density_solid_kg_m3 is None:
            return None
        return self.molar_mass_kg_mol / self.density_solid_kg_m3

    @property
    def molar_volume_liquid_m3_mol(self) -> float | None:
        """Molar volume of the liquid, M / rho_liquid [m3/mol] (None if either is unknown).

        Examples
        --------
        >>> round(metal("NaK").molar_volume_liquid_m3_mol * 1e6, 1)
        39.2
        """
        if self.molar_mass_kg_mol is None or self.density_liquid_kg_m3 is None:
            return None
        return self.molar_mass_kg_mol / self.density_liquid_kg_m3

    def require(self, prop: str) -> float:
        """The value of `prop`, or an error naming the missing property.

        Examples
        --------
        >>> metal("NaK").require("density_solid_kg_m3")
        Traceback (most recent call last):
        ...
        semisolid.errors.InputError: density_solid_kg_m3: no source gives this for NaK ...
        """
        v = getattr(self, prop, None)
        if v is None:
            raise InputError(
                f"no source gives this for {self.name} (sources: "
                f"{', '.join(sorted({s.key for s in self.sources.values()}))})",
                prop,
            )
        return float(v)

    def cite(self) -> str:
        """The citations of the sources used, one per line.

        Examples
        --------
        >>> "park2021" in metal("K").cite()
        True
        """
        return format_citations(self.sources.values())

    def to_dict(self) -> dict:
        """Plain dict of the values, with the source key of each property.

        Examples
        --------
        >>> metal("K").to_dict()["sources"]["yield_stress_Pa"]
        'park2021'
        """
        d = {p: getattr(self, p) for p in (*_PROPS, "yield_stress_sd_Pa")}
        d["name"] = self.name
        d["composition"] = dict(self.composition)
        d["molar_volume_solid_m3_mol"] = self.molar_volume_solid_m3_mol
        d["molar_volume_liquid_m3_mol"] = self.molar_volume_liquid_m3_mol
        d["sources"] = {k: s.key for k, s in self.sources.items()}
        return d


def canonical_metal_name(name: str) -> str:
    """The canonical name of a metal, or an error suggesting one.

    Examples
    --------
    >>> canonical_metal_name("potassium")
    'K'
    >>> canonical_metal_name("Kk")
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: metal: unknown metal 'Kk' (did you mean 'K'?); ...
    """
    key = str(name).strip()
    if key in METAL_NAMES:
        return key
    if key.lower() in _ALIASES:
        return _ALIASES[key.lower()]
    hint = suggest(key, METAL_NAMES) or suggest(key.lower(), list(_ALIASES))
    for alias, canon in _ALIASES.items():
        hint = hint.replace(repr(alias), repr(canon))
    raise InputError(f"unknown metal {name!r}{hint}; known: {', '.join(METAL_NAMES)}", "metal")


def metal(name: str, source: str | Sequence[str] | None = None) -> Metal:
    """Cited properties of Li, Na, K or the Na-K eutectic ("NaK").

    Parameters
    ----------
    name : str
        ``"Li"``, ``"Na"``, ``"K"``, ``"NaK"`` (case-insensitive; also ``"lithium"``, ...).
    source : str or sequence of str, optional
        Source key(s) to prefer (see :data:`semisolid.materials.sources.SOURCES`), e.g.
        ``"crc-handbook"`` or ``"park2021-backsolved"`` for densities. Properties those sources
        do not give come from the default order.

    Returns
    -------
    Metal

    Notes
    -----
    For NaK the molar mass is computed from the eutectic composition (0.32Na-0.68K, Park 2021)
    and the IUPAC atomic weights; its sources then list both.

    Examples
    --------
    >>> metal("K", source="park2021-backsolved").density_solid_kg_m3
    850.0
    >>> metal("NaK").composition
    {'Na': 0.32, 'K': 0.68}
    >>> round(metal("NaK").molar_mass_kg_mol * 1e3, 2)
    33.94
    """
    canon = canonical_metal_name(name)
    values, sd, used = resolve(canon, [*_PROPS, "x_K"], source)
    if canon == "NaK":
        x_k = values.pop("x_K")
        assert x_k is not None
        composition = {"Na": round(1.0 - x_k, 12), "K": x_k}
        m_na = metal("Na").molar_mass_kg_mol
        m_k = metal("K")
        assert m_na is not None and m_k.molar_mass_kg_mol is not None
        values["molar_mass_kg_mol"] = composition["Na"] * m_na + x_k * m_k.molar_mass_kg_mol
        used["molar_mass_kg_mol"] = m_k.sources["molar_mass_kg_mol"]
    else:
        values.pop("x_K")
        composition = {canon: 1.0}
    used.pop("x_K", None)
    return Metal(
        name=canon,
        composition=composition,
        yield_stress_sd_Pa=sd["yield_stress_Pa"],
        sources=used,
        **values,  # type: ignore[arg-type]
    )
