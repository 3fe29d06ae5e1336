"""The electrode model: an alloy of given composition, amount, area and temperature.

Densities of alloys follow the linear rule of mixtures of the pure solid densities, as in the
paper's Methods: volume fractions add, so the molar volume is ``V_m = sum_i x_i M_i / rho_i``
(equivalently ``rho = sum_i phi_i rho_i`` with volume fractions ``phi_i``). The same rule
gives each phase's molar volume from its composition, so phase volumes add up to the
electrode volume.

Examples
--------
>>> e = Electrode.from_volume({"K": 0.95, "Na": 0.05}, volume_m3=10e-9, diameter_m=7.14e-3,
...                           temperature_K=295.15)
>>> round(e.thickness_m * 1e6, 1), round(e.area_m2 * 1e4, 4)   # um, cm2
(249.8, 0.4004)
>>> round(e.amount_mol * 1e6, 1)   # umol of atoms
225.8
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from semisolid.errors import InputError
from semisolid.materials import Source, metal
from semisolid.materials.metals import canonical_metal_name
from semisolid.units import require_positive

__all__ = ["DensityModel", "Electrode", "check_composition", "disc_area_m2"]

_COMPOSITION_TOL = 1e-6


def disc_area_m2(diameter_m: float) -> float:
    """Area of a disc of the given diameter [m2].

    Examples
    --------
    >>> round(disc_area_m2(7.14e-3) * 1e4, 4)   # cm2
    0.4004
    """
    require_positive(diameter_m, "diameter")
    return math.pi * diameter_m**2 / 4.0


def check_composition(composition: Mapping[str, float], field: str = "composition") -> dict:
    """Validate mole fractions: known elements, each in [0, 1], summing to 1 within 1e-6.

    Element names are normalised (``"k"`` -> ``"K"``). Returns a new dict with the fractions
    rescaled to sum exactly to 1 and zero entries kept.

    Examples
    --------
    >>> check_composition({"K": 0.95, "Na": 0.05})
    {'K': 0.95, 'Na': 0.05}
    >>> check_composition({"K": 0.9, "Na": 0.05})
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: composition: mole fractions sum to 0.95, expected 1 ...
    """
    if not isinstance(composition, Mapping) or not composition:
        raise InputError("expected mole fractions such as {'K': 0.95, 'Na': 0.05}", field)
    out: dict[str, float] = {}
    for el, x in composition.items():
        name = canonical_metal_name(el)
        if name not in ("Li", "Na", "K"):
            raise InputError(f"{el!r} is not an element (Li, Na, K)", field)
        try:
            xv = float(x)
        except (TypeError, ValueError):
            raise InputError(f"x_{name}={x!r} is not a number", field) from None
        if not math.isfinite(xv) or xv < 0 or xv > 1:
            raise InputError(f"x_{name}={x!r} is outside [0, 1]", field)
        if name in out:
            raise InputError(f"{name} is given twice", field)
        out[name] = xv
    total = sum(out.values())
    if abs(total - 1.0) > _COMPOSITION_TOL:
        raise InputError(
            f"mole fractions sum to {total:.6g}, expected 1 (within {_COMPOSITION_TOL:g})", field
        )
    return {k: v / total for k, v in out.items()}


@dataclass(frozen=True)
class DensityModel:
    """Pure-element molar masses and solid densities, mixed by the linear rule of mixtures.

    Parameters
    ----------
    source : str or sequence of str, optional
        Preferred source(s) of the densities, passed to :func:`semisolid.materials.metal`
        (e.g. ``"park2021-backsolved"``).
    density_override_kg_m3 : mapping, optional
        Element -> solid density [kg/m3] that replaces the cited value.

    Examples
    --------
    >>> dm = DensityModel()
    >>> round(dm.molar_volume_m3_mol({"K": 1.0}) * 1e6, 2)
    45.36
    >>> round(dm.density_kg_m3({"K": 0.95, "Na": 0.05}), 1)
    864.8
    """

    source: str | Sequence[str] | None = None
    density_override_kg_m3: Mapping[str, float] = field(default_factory=dict)

    def element(self, el: str) -> tuple[float, float, list[Source]]:
        """Molar mass [kg/mol], solid density [kg/m3] and their sources for one element.

        Examples
        --------
        >>> DensityModel(density_override_kg_m3={"K": 850.0}).element("K")[1]
        850.0
        """
        m = metal(el, source=self._source_for(el))
        rho = self.density_override_kg_m3.get(el)
        used = [m.sources["molar_mass_kg_mol"]]
        if rho is None:
            rho = m.require("density_solid_kg_m3")
            used.append(m.sources["density_solid_kg_m3"])
        else:
            rho = require_positive(rho, f"density of {el}")
        return m.require("molar_mass_kg_mol"), float(rho), used

    def _source_for(self, el: str):
        if self.source is None:
            return None
        from semisolid.materials import records_for

        keys = [self.source] if isinstance(self.source, str) else list(self.source)
        have = {r.source.key for r in records_for(el)}
        keep = [k for k in keys if k in have]
        if not keep:
            raise InputError(f"none of {keys} gives data for {el}", "density source")
        return keep

    def molar_volume_m3_mol(self, composition: Mapping[str, float]) -> float:
        """Molar volume ``sum_i x_i M_i / rho_i`` [m3 per mol of atoms].

        Examples
        --------
        >>> round(DensityModel().molar_volume_m3_mol({"Na": 1.0}) * 1e6, 2)
        23.75
        """
        return sum(x * self.element(el)[0] / self.element(el)[1] for el, x in composition.items())

    def molar_mass_kg_mol(self, composition: Mapping[str, float]) -> float:
        """Mean molar mass ``sum_i x_i M_i`` [kg/mol].

        Examples
        --------
        >>> round(DensityModel().molar_mass_kg_mol({"K": 0.5, "Na": 0.5}) * 1e3, 3)
        31.044
        """
        return sum(x * self.element(el)[0] for el, x in composition.items())

    def density_kg_m3(self, composition: Mapping[str, float]) -> float:
        """Alloy density ``M / V_m`` [kg/m3] by the linear rule of mixtures.

        Examples
        --------
        >>> DensityModel().density_kg_m3({"Li": 1.0})
        534.0
        """
        return self.molar_mass_kg_mol(composition) / self.molar_volume_m3_mol(composition)

    def sources(self, elements) -> list[Source]:
        """Sources of the molar masses and densities of these elements.

        Examples
        --------
        >>> sorted({s.key for s in DensityModel().sources(["K"])})
        ['iupac2007', 'wikipedia-elements']
        """
        out: list[Source] = []
        for el in elements:
            out.extend(self.element(el)[2])
        return out


@dataclass(frozen=True)
class Electrode:
    """An alloy electrode: composition, amount of atoms, area and temperature (SI).

    Use :meth:`from_volume`, :meth:`from_thickness` or :meth:`from_moles`.

    Attributes
    ----------
    composition : dict
        Mole fractions (sum 1).
    amount_mol : float
        Moles of atoms.
    area_m2 : float
        Area in contact with the electrolyte.
    temperature_K : float
    density : DensityModel

    Examples
    --------
    >>> e = Electrode.from_thickness({"Li": 1.0}, thickness_m=250e-6, diameter_m=9.53e-3)
    >>> round(e.volume_m3 * 1e9, 1)    # uL (paper: "~20 ul")
    17.8
    >>> round(e.areal_capacity_C_m2 / 36000, 1)   # mAh/cm2 of Li (paper: 50)
    51.5
    """

    composition: dict[str, float]
    amount_mol: float
    area_m2: float
    temperature_K: float = 295.15
    density: DensityModel = field(default_factory=DensityModel)

    def __post_init__(self) -> None:
        object.__setattr__(self, "composition", check_composition(self.composition))
        require_positive(self.amount_mol, "amount")
        require_positive(self.area_m2, "area")
        require_positive(self.temperature_K, "temperature")

    @staticmethod
    def _area(area_m2: float | None, diameter_m: float | None) -> float:
        if (area_m2 is None) == (diameter_m is None):
            raise InputError("give exactly one of area and diameter", "area")
        if area_m2 is not None:
            return require_positive(area_m2, "area")
        return disc_area_m2(diameter_m)

    @classmethod
    def from_volume(
        cls,
        composition: Mapping[str, float],
        volume_m3: float,
        area_m2: float | None = None,
        diameter_m: float | None = None,
        temperature_K: float = 295.15,
        density: DensityModel | None = None,
    ) -> Electrode:
        """An electrode of the given volume spread over an area (or a disc diameter).

        Examples
        --------
        >>> e = Electrode.from_volume({"K": 1.0}, 10e-9, area_m2=0.4e-4)
        >>> round(e.thickness_m * 1e6, 1)
        250.0
        >>> Electrode.from_volume({"K": 1.0}, -1e-9, area_m2=0.4e-4)
        Traceback (most recent call last):
        ...
        semisolid.errors.InputError: volume: -1e-09 must be a positive finite number
        """
        dm = density or DensityModel()
        comp = check_composition(composition)
        v = require_positive(volume_m3, "volume")
        area = cls._area(area_m2, diameter_m)
        n = v / dm.molar_volume_m3_mol(comp)
        return cls(comp, n, area, temperature_K, dm)

    @classmethod
    def from_thickness(
        cls,
        composition: Mapping[str, float],
        thickness_m: float,
        area_m2: float | None = None,
        diameter_m: float | None = None,
        temperature_K: float = 295.15,
        density: DensityModel | None = None,
    ) -> Electrode:
        """An electrode of the given thickness over an area (or a disc diameter).

        Examples
        --------
        >>> e = Electrode.from_thickness({"K": 1.0}, 250e-6, area_m2=0.4e-4)
        >>> round(e.volume_m3 * 1e9, 3)
        10.0
        """
        area = cls._area(area_m2, diameter_m)
        t = require_positive(thickness_m, "thickness")
        return cls.from_volume(composition, t * area, area, None, temperature_K, density)

    @classmethod
    def from_moles(
        cls,
        moles: Mapping[str, float],
        area_m2: float | None = None,
        diameter_m: float | None = None,
        temperature_K: float = 295.15,
        density: DensityModel | None = None,
    ) -> Electrode:
        """An electrode from moles of each element.

        Examples
        --------
        >>> e = Electrode.from_moles({"K": 1e-4, "Na": 1e-4}, area_m2=1e-4)
        >>> e.composition
        {'K': 0.5, 'Na': 0.5}
        >>> Electrode.from_moles({"K": 1e-4, "k": 2e-4}, area_m2=1e-4)
        Traceback (most recent call last):
        ...
        semisolid.errors.InputError: moles: K is given twice (as 'K' and 'k')
        """
        if not moles:
            raise InputError("expected moles of each element, e.g. {'K': 1e-4}", "moles")
        vals: dict[str, float] = {}
        keys: dict[str, str] = {}
        for el, n in moles.items():
            try:
                nv = float(n)
            except (TypeError, ValueError):
                raise InputError(f"{n!r} is not a number", f"moles of {el}") from None
            if not math.isfinite(nv) or nv < 0:
                raise InputError(f"{n!r} must be >= 0", f"moles of {el}")
            name = canonical_metal_name(el)
            if name not in ("Li", "Na", "K"):
                raise InputError(f"{el!r} is not an element (Li, Na, K)", "moles")
            if name in keys:
                raise InputError(f"{name} is given twice (as {keys[name]!r} and {el!r})",
                                 "moles")
            keys[name] = el
            vals[name] = nv
        total = sum(vals.values())
        require_positive(total, "amount")
        comp = {el: n / total for el, n in vals.items()}
        area = cls._area(area_m2, diameter_m)
        return cls(comp, total, area, temperature_K, density or DensityModel())

    @property
    def moles(self) -> dict[str, float]:
        """Moles of each element.

        Examples
        --------
        >>> Electrode.from_moles({"K": 2e-4}, area_m2=1e-4).moles
        {'K': 0.0002}
        """
        return {el: x * self.amount_mol for el, x in self.composition.items()}

    @property
    def volume_m3(self) -> float:
        """Volume by the linear rule of mixtures [m3].

        Examples
        --------
        >>> round(Electrode.from_volume({"Na": 1.0}, 5e-9, area_m2=1e-4).volume_m3 * 1e9, 6)
        5.0
        """
        return self.amount_mol * self.density.molar_volume_m3_mol(self.composition)

    @property
    def thickness_m(self) -> float:
        """Volume over area [m].

        Examples
        --------
        >>> round(Electrode.from_volume({"Na": 1.0}, 5e-9, area_m2=1e-4).thickness_m, 9)
        5e-05
        """
        return self.volume_m3 / self.area_m2

    @property
    def areal_capacity_C_m2(self) -> float:
        """Charge of all the atoms (one electron each) per area [C/m2].

        Examples
        --------
        >>> round(Electrode.from_moles({"K": 1e-4}, area_m2=1e-4).areal_capacity_C_m2)
        96485
        """
        from semisolid.constants import FARADAY_C_PER_MOL

        return self.amount_mol * FARADAY_C_PER_MOL / self.area_m2

    def sources(self) -> list[Source]:
        """Sources of the densities and molar masses used.

        Examples
        --------
        >>> e = Electrode.from_moles({"K": 1e-4}, area_m2=1e-4)
        >>> sorted({s.key for s in e.sources()})
        ['iupac2007', 'wikipedia-elements']
        """
        return self.density.sources(self.composition)

    def to_dict(self) -> dict:
        """Plain dict (SI units in the keys).

        Examples
        --------
        >>> sorted(Electrode.from_moles({"K": 1e-4}, area_m2=1e-4).to_dict())[:3]
        ['amount_mol', 'area_m2', 'composition']
        """
        return {
            "composition": dict(self.composition),
            "amount_mol": self.amount_mol,
            "area_m2": self.area_m2,
            "temperature_K": self.temperature_K,
            "volume_m3": self.volume_m3,
            "thickness_m": self.thickness_m,
            "density_kg_m3": self.density.density_kg_m3(self.composition),
            "sources": sorted({s.key for s in self.sources()}),
        }
