"""Data of any chemical element: molar mass, densities, melting point, usual ion charge.

For every element a TDB database can hold, each value comes with its source:

1. the project's cited records (:mod:`semisolid.materials`, for Li, Na and K: the values the
   paper's numbers were checked with);
2. the ``periodictable`` package (public domain, maintained): molar mass (CIAAW standard
   atomic weights) and solid density near room temperature (CRC Handbook values);
3. the CRC Handbook table of molten elements (:mod:`semisolid.materials._molten_elements`):
   melting point and liquid density at the melting point;
4. the usual charge of the element's ion in an electrolyte (:data:`DEFAULT_CHARGES`: group 1
   is 1+, group 2 is 2+, Zn and Cd 2+, Al 3+); other elements have none and a caller must
   give one.

A value no source gives is ``None``; :class:`ElementData` says which source gave each value
and under which condition (``conditions``).

Examples
--------
>>> mg = element_data("Mg")
>>> mg.molar_mass_kg_mol, mg.density_solid_kg_m3, mg.density_liquid_kg_m3, mg.charge
(0.024305, 1738.0, 1584.0, 2)
>>> mg.sources["density_liquid_kg_m3"].key
'crc-molten-elements'
>>> element_data("K").sources["density_solid_kg_m3"].key   # the project's own record
'wikipedia-elements'
>>> canonical_element("potassium"), canonical_element("LI")
('K', 'Li')
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field

from semisolid.errors import InputError, suggest
from semisolid.materials.records import RECORDS
from semisolid.materials.sources import SOURCES, Source, register_source

__all__ = [
    "DEFAULT_CHARGES",
    "ElementData",
    "canonical_element",
    "default_charge",
    "element_data",
]

_GCM3 = 1000.0  # g/cm3 -> kg/m3

register_source(Source(
    "periodictable",
    "Kienzle, P. A. et al. periodictable: extensible periodic table of the elements (Python "
    "package, public domain): standard atomic weights after CIAAW (Prohaska et al., Pure Appl. "
    "Chem. 94, 573 (2022)); densities at 20 C from the CRC Handbook of Chemistry and Physics, "
    "80th edn (1999).",
    "src",
    url="https://github.com/python-periodictable/periodictable",
    note="Read at run time from the installed package; its version is in the package metadata.",
))
register_source(Source(
    "crc-molten-elements",
    "Haynes, W. M. (ed.) CRC Handbook of Chemistry and Physics, section 4, 'Density of molten "
    "elements and representative salts' (melting point and liquid density at the melting "
    "point).",
    "std",
    note="Recalled handbook values; Ag, Al, As, Au, B, Ba, Be checked against a copy of the "
    "table. Spot-check before relying on the third digit.",
))
register_source(Source(
    "usual-ion-charge",
    "Usual charge of the element's ion in battery electrolytes: alkali metals 1+, alkaline-earth "
    "metals 2+, Zn and Cd 2+, Al 3+ (their group valence).",
    "derived",
    note="Override with charge=... (CLI --charge) for any other ion.",
))

DEFAULT_CHARGES: dict[str, int] = {
    **dict.fromkeys(("Li", "Na", "K", "Rb", "Cs"), 1),
    **dict.fromkeys(("Be", "Mg", "Ca", "Sr", "Ba", "Zn", "Cd"), 2),
    "Al": 3,
}
"""Usual ion charge of the elements that serve as working ions; others have no default."""

_NAMES = {"lithium": "Li", "sodium": "Na", "potassium": "K", "magnesium": "Mg",
          "calcium": "Ca", "zinc": "Zn", "aluminum": "Al", "aluminium": "Al"}


def _periodictable():
    try:
        import periodictable
    except ImportError:  # pragma: no cover - a declared dependency
        raise InputError("element data need the periodictable package: "
                         "pip install periodictable", "element") from None
    return periodictable


def canonical_element(name: str, field: str = "element") -> str:
    """The element symbol as chemists write it (``"LI"``, ``"li"``, ``"lithium"`` -> ``"Li"``).

    Raises
    ------
    InputError
        Not an element (with a suggestion).

    Examples
    --------
    >>> canonical_element("zn")
    'Zn'
    >>> canonical_element("Kx")
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: element: 'Kx' is not a chemical element symbol ...
    """
    text = str(name).strip()
    if text.lower() in _NAMES:
        return _NAMES[text.lower()]
    sym = text[:1].upper() + text[1:].lower()
    pt = _periodictable()
    try:
        el = pt.elements.symbol(sym)
    except ValueError:
        try:
            el = pt.elements.name(text.lower())
        except ValueError:
            symbols = [e.symbol for e in pt.elements if e.number > 0]
            raise InputError(f"{text!r} is not a chemical element symbol"
                             f"{suggest(sym, symbols)}", field) from None
    if el.number <= 0:
        raise InputError(f"{text!r} is not a chemical element", field)
    return el.symbol


def default_charge(symbol: str) -> int:
    """The usual ion charge of a working-ion element (:data:`DEFAULT_CHARGES`).

    Raises
    ------
    InputError
        No usual charge is recorded for this element: give one.

    Examples
    --------
    >>> default_charge("Mg"), default_charge("K")
    (2, 1)
    >>> default_charge("Sn")
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: charge: no usual ion charge is recorded for Sn; give it ...
    """
    sym = canonical_element(symbol)
    if sym not in DEFAULT_CHARGES:
        raise InputError(f"no usual ion charge is recorded for {sym}; give it (charge=2, "
                         "CLI --charge 2)", "charge")
    return DEFAULT_CHARGES[sym]


@dataclass(frozen=True)
class ElementData:
    """Cited data of one element (SI units; None where no source gives a value).

    Attributes
    ----------
    symbol : str
    molar_mass_kg_mol : float
    density_solid_kg_m3 : float or None
        Near room temperature.
    density_liquid_kg_m3 : float or None
        At the melting point.
    melting_point_K : float or None
    charge : int or None
        Usual ion charge (:data:`DEFAULT_CHARGES`).
    sources : dict of str to Source
        The source of each value.
    conditions : dict of str to str
        Conditions or caveats of a value (temperature, "calculated", ...).

    Examples
    --------
    >>> d = element_data("Zn")
    >>> round(d.molar_volume_solid_m3_mol * 1e6, 3), round(d.molar_volume_liquid_m3_mol * 1e6, 3)
    (9.166, 9.951)
    """

    symbol: str
    molar_mass_kg_mol: float
    density_solid_kg_m3: float | None
    density_liquid_kg_m3: float | None
    melting_point_K: float | None
    charge: int | None
    sources: dict[str, Source] = field(default_factory=dict)
    conditions: dict[str, str] = field(default_factory=dict)

    @property
    def molar_volume_solid_m3_mol(self) -> float | None:
        """M / rho_solid [m3/mol] (None if unknown)."""
        rho = self.density_solid_kg_m3
        return None if rho is None else self.molar_mass_kg_mol / rho

    @property
    def molar_volume_liquid_m3_mol(self) -> float | None:
        """M / rho_liquid at the melting point [m3/mol] (None if unknown)."""
        rho = self.density_liquid_kg_m3
        return None if rho is None else self.molar_mass_kg_mol / rho

    def to_dict(self) -> dict:
        """Values and the source key of each.

        Examples
        --------
        >>> element_data("Al").to_dict()["sources"]["molar_mass_kg_mol"]
        'periodictable'
        """
        keys = ("molar_mass_kg_mol", "density_solid_kg_m3", "density_liquid_kg_m3",
                "melting_point_K", "charge")
        d: dict = {"symbol": self.symbol, **{k: getattr(self, k) for k in keys}}
        d["sources"] = {k: s.key for k, s in self.sources.items()}
        d["conditions"] = dict(self.conditions)
        return d


def _room_temperature(caveat: str) -> bool:
    """periodictable's density caveat says the value is near room temperature."""
    if not caveat:
        return True
    if caveat.startswith("T="):
        try:
            return 0.0 <= float(caveat[2:].split()[0]) <= 40.0
        except ValueError:
            return False
    return caveat == "calculated"


@functools.lru_cache(maxsize=256)
def _element_data(symbol: str, source: tuple[str, ...] | None) -> ElementData:
    from semisolid.materials._molten_elements import MOLTEN

    pt = _periodictable()
    el = pt.elements.symbol(symbol)
    sources: dict[str, Source] = {}
    conditions: dict[str, str] = {}
    vals: dict[str, float | None] = {"molar_mass_kg_mol": None, "density_solid_kg_m3": None,
                                     "density_liquid_kg_m3": None, "melting_point_K": None}
    if symbol in RECORDS:  # the project's cited records come first
        from semisolid.materials.records import resolve

        got, _, used = resolve(symbol, list(vals), source)
        for k, v in got.items():
            if v is not None:
                vals[k], sources[k] = v, used[k]
    elif source is not None:
        raise InputError(f"none of {list(source)} gives data for {symbol}", "density source")
    if vals["molar_mass_kg_mol"] is None:
        vals["molar_mass_kg_mol"] = float(el.mass) * 1e-3
        sources["molar_mass_kg_mol"] = SOURCES["periodictable"]
    caveat = str(getattr(el, "density_caveat", "") or "")
    if vals["density_solid_kg_m3"] is None and el.density is not None and _room_temperature(
            caveat):
        vals["density_solid_kg_m3"] = float(el.density) * _GCM3
        sources["density_solid_kg_m3"] = SOURCES["periodictable"]
        conditions["density_solid_kg_m3"] = ("near room temperature" + (f" ({caveat})"
                                                                         if caveat else ""))
    if symbol in MOLTEN:
        t_c, rho = MOLTEN[symbol]
        for key, v in (("melting_point_K", t_c + 273.15), ("density_liquid_kg_m3", rho * _GCM3)):
            if vals[key] is None:
                vals[key], sources[key] = v, SOURCES["crc-molten-elements"]
        conditions.setdefault("density_liquid_kg_m3", "at the melting point")
    charge = DEFAULT_CHARGES.get(symbol)
    if charge is not None:
        sources["charge"] = SOURCES["usual-ion-charge"]
    return ElementData(symbol, float(vals["molar_mass_kg_mol"]), vals["density_solid_kg_m3"],
                       vals["density_liquid_kg_m3"], vals["melting_point_K"], charge, sources,
                       conditions)


def element_data(symbol: str, source: str | Sequence[str] | None = None) -> ElementData:
    """Cited data of one element.

    Parameters
    ----------
    symbol : str
        Element symbol or name (``"Mg"``, ``"MG"``, ``"magnesium"``).
    source : str or sequence of str, optional
        Preferred source key(s) of the project's records (Li, Na, K only; e.g.
        ``"park2021-backsolved"``), as in :func:`semisolid.materials.metal`.

    Returns
    -------
    ElementData

    Examples
    --------
    >>> element_data("K", source="park2021-backsolved").density_solid_kg_m3
    850.0
    >>> element_data("Sn").melting_point_K
    505.08
    """
    keys = None if source is None else ((source,) if isinstance(source, str) else tuple(source))
    return _element_data(canonical_element(symbol), keys)
