"""The electrode model: an alloy of given composition, amount, area and temperature.

Densities follow the linear rule of mixtures of the pure-element densities: volumes add, so
a phase of composition ``x`` has the molar volume ``V_m = sum_i x_i M_i / rho_i``. Solid
phases use the solid densities near room temperature; liquid phases use the liquid densities
at the melting point (``liquid_basis="liquid"``, the default), or the solid ones as in the
paper's Methods (``liquid_basis="solid"``). An electrode's volume is the sum of its phase
volumes; :meth:`Electrode.from_volume` with a ``system`` solves the starting equilibrium so
that the electrode has exactly the volume asked for. Element data come from
:func:`semisolid.materials.elements.element_data` (each value cited).

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
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from semisolid.errors import InputError
from semisolid.materials import Source
from semisolid.materials.elements import canonical_element, element_data
from semisolid.units import require_positive

if TYPE_CHECKING:
    from semisolid.electrode.system import AlloySystem

__all__ = [
    "DensityModel",
    "Electrode",
    "check_composition",
    "disc_area_m2",
    "phase_volumes_m3",
    "start_molar_volume_m3_mol",
]

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
    """Validate mole fractions: chemical elements, each in [0, 1], summing to 1 within 1e-6.

    Element names are normalised (``"k"`` -> ``"K"``); whether the database holds them is
    checked where the database is known (:class:`~semisolid.electrode.system.AlloySystem`).
    Returns a new dict with the fractions rescaled to sum exactly to 1 and zero entries kept.

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
        name = canonical_element(el, field)
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


def _override_key(key: str) -> tuple[str, bool]:
    """``"K"`` -> ("K", False) (solid density); ``"K(liquid)"`` / ``"K(l)"`` -> ("K", True)."""
    text = str(key).strip()
    liquid = False
    for tail in ("(liquid)", "(l)", "_liquid"):
        if text.lower().endswith(tail):
            text, liquid = text[: -len(tail)].strip(), True
            break
    return canonical_element(text, "density"), liquid


@dataclass(frozen=True)
class DensityModel:
    """Pure-element molar masses and densities, mixed by the linear rule of mixtures.

    Parameters
    ----------
    source : str or sequence of str, optional
        Preferred source(s) of the project's Li, Na and K records, passed to
        :func:`semisolid.materials.elements.element_data` (e.g. ``"park2021-backsolved"``).
    density_override_kg_m3 : mapping, optional
        Element -> solid density [kg/m3] that replaces the cited value; ``"K(liquid)"``
        replaces the liquid density at the melting point.
    liquid_basis : {"liquid", "solid"}
        Molar volume of liquid phases: from the liquid densities at the melting point
        (default), or from the solid densities (the paper's Methods).

    Examples
    --------
    >>> dm = DensityModel()
    >>> round(dm.molar_volume_m3_mol({"K": 1.0}) * 1e6, 2)
    45.36
    >>> round(dm.molar_volume_m3_mol({"K": 1.0}, liquid=True) * 1e6, 2)   # 0.828 g/cm3
    47.22
    >>> round(dm.density_kg_m3({"K": 0.95, "Na": 0.05}), 1)
    864.8
    """

    source: str | Sequence[str] | None = None
    density_override_kg_m3: Mapping[str, float] = field(default_factory=dict)
    liquid_basis: str = "liquid"

    def __post_init__(self) -> None:
        if self.liquid_basis not in ("liquid", "solid"):
            raise InputError(f"{self.liquid_basis!r} is not 'liquid' or 'solid'",
                             "liquid_basis")
        clean: dict[str, float] = {}
        for key, val in dict(self.density_override_kg_m3 or {}).items():
            el, liquid = _override_key(key)
            name = f"{el}(liquid)" if liquid else el
            clean[name] = require_positive(val, f"density of {name}")
        object.__setattr__(self, "density_override_kg_m3", clean)

    def _data(self, el: str):
        return element_data(el, source=self.source)

    def element(self, el: str) -> tuple[float, float, list[Source]]:
        """Molar mass [kg/mol], solid density [kg/m3] and their sources for one element.

        Examples
        --------
        >>> DensityModel(density_override_kg_m3={"K": 850.0}).element("K")[1]
        850.0
        """
        d = self._data(el)
        used = [d.sources["molar_mass_kg_mol"]]
        rho = self.density_override_kg_m3.get(d.symbol)
        if rho is None:
            if d.density_solid_kg_m3 is None:
                raise InputError(f"no solid density of {d.symbol} near room temperature is "
                                 f"known; give it (density_kg_m3={{'{d.symbol}': ...}}, CLI "
                                 f"--density {d.symbol}=...g/cm3)", "density")
            rho = d.density_solid_kg_m3
            used.append(d.sources["density_solid_kg_m3"])
        return d.molar_mass_kg_mol, float(rho), used

    def liquid_density(self, el: str) -> tuple[float, list[Source]]:
        """Liquid density at the melting point [kg/m3] and its sources (the solid density,
        with a warning, where no liquid density is known).

        Examples
        --------
        >>> DensityModel().liquid_density("Na")[0]
        927.0
        """
        d = self._data(el)
        rho = self.density_override_kg_m3.get(f"{d.symbol}(liquid)")
        if rho is not None:
            return float(rho), []
        if d.density_liquid_kg_m3 is None:
            warnings.warn(f"no liquid density of {d.symbol} is known: its liquid molar volume "
                          "is taken equal to the solid one (give density_kg_m3="
                          f"{{'{d.symbol}(liquid)': ...}}, CLI --density "
                          f"'{d.symbol}(liquid)=...g/cm3')", UserWarning, stacklevel=3)
            return self.element(el)[1], self.element(el)[2][1:]
        return d.density_liquid_kg_m3, [d.sources["density_liquid_kg_m3"]]

    def element_molar_volume_m3_mol(self, el: str, liquid: bool = False) -> float:
        """Molar volume of a pure element [m3/mol]: solid, or liquid at the melting point
        (solid where ``liquid_basis="solid"``).

        Examples
        --------
        >>> round(DensityModel(liquid_basis="solid").element_molar_volume_m3_mol("K", True)
        ...       * 1e6, 2)
        45.36
        """
        m, rho, _ = self.element(el)
        if liquid and self.liquid_basis == "liquid":
            rho = self.liquid_density(el)[0]
        return m / rho

    def molar_volume_m3_mol(self, composition: Mapping[str, float], liquid: bool = False):
        """Molar volume ``sum_i x_i M_i / rho_i`` [m3 per mol of atoms] of a solid (or,
        with ``liquid=True``, a liquid) of this composition. Fractions may be arrays.

        Examples
        --------
        >>> round(DensityModel().molar_volume_m3_mol({"Na": 1.0}) * 1e6, 2)
        23.75
        """
        return sum(x * self.element_molar_volume_m3_mol(el, liquid)
                   for el, x in composition.items())

    def molar_mass_kg_mol(self, composition: Mapping[str, float]):
        """Mean molar mass ``sum_i x_i M_i`` [kg/mol].

        Examples
        --------
        >>> round(DensityModel().molar_mass_kg_mol({"K": 0.5, "Na": 0.5}) * 1e3, 3)
        31.044
        """
        return sum(x * self._data(el).molar_mass_kg_mol for el, x in composition.items())

    def density_kg_m3(self, composition: Mapping[str, float], liquid: bool = False):
        """Alloy density ``M / V_m`` [kg/m3] by the linear rule of mixtures.

        Examples
        --------
        >>> DensityModel().density_kg_m3({"Li": 1.0})
        534.0
        """
        return self.molar_mass_kg_mol(composition) / self.molar_volume_m3_mol(composition,
                                                                                 liquid)

    def sources(self, elements, liquid: bool = False) -> list[Source]:
        """Sources of the molar masses and densities of these elements (with the liquid
        densities when ``liquid`` and the liquid basis is ``"liquid"``).

        Examples
        --------
        >>> sorted({s.key for s in DensityModel().sources(["K"])})
        ['iupac2007', 'wikipedia-elements']
        >>> sorted({s.key for s in DensityModel().sources(["Mg"], liquid=True)})
        ['crc-molten-elements', 'periodictable']
        """
        out: list[Source] = []
        for el in elements:
            out.extend(self.element(el)[2])
            if liquid and self.liquid_basis == "liquid":
                out.extend(self.liquid_density(el)[1])
        return out

    def to_dict(self) -> dict:
        """The rule, the overrides and the basis of liquid volumes.

        Examples
        --------
        >>> DensityModel().to_dict()["liquid_basis"]
        'liquid'
        """
        return {"rule": "linear rule of mixtures of pure-element densities (volume additive)",
                "liquid_basis": self.liquid_basis,
                "density_override_kg_m3": dict(self.density_override_kg_m3)}


def phase_volumes_m3(phases, amount_mol: float, density: DensityModel,
                     liquid: Sequence[str]) -> list[float]:
    """Volume of each phase [m3] of an equilibrium of `amount_mol` atoms: fraction x amount x
    the molar volume of its composition (liquid phases at the liquid molar volume).

    Examples
    --------
    >>> from semisolid.thermo.results import PhaseEquilibrium
    >>> v = phase_volumes_m3([PhaseEquilibrium("BCC_A2", 1.0, {"K": 1.0})], 1e-4,
    ...                      DensityModel(), ["LIQUID"])
    >>> round(v[0] * 1e9, 3)   # uL
    4.536
    """
    return [float(p.fraction * amount_mol
                  * density.molar_volume_m3_mol(p.composition, p.name in liquid))
            for p in phases]


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
    molar_volume_m3_mol : float or None
        Molar volume of the electrode as it starts (its phases at its temperature), where a
        :class:`~semisolid.electrode.system.AlloySystem` gave it; None: the solid rule of
        mixtures (the paper's Methods), which :attr:`volume_m3` then uses.

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
    molar_volume_m3_mol: float | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "composition", check_composition(self.composition))
        if self.molar_volume_m3_mol is not None:
            require_positive(self.molar_volume_m3_mol, "molar_volume")
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
        system: AlloySystem | None = None,
    ) -> Electrode:
        """An electrode of the given volume spread over an area (or a disc diameter).

        With a `system`, the starting equilibrium gives the molar volume (liquid phases at
        their liquid molar volume), so the electrode holds the moles that fill `volume_m3`
        as it is at `temperature_K`; without, the solid rule of mixtures does.

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
        vm = None
        if system is not None:
            vm = start_molar_volume_m3_mol(comp, temperature_K, dm, system)
        n = v / (vm if vm is not None else dm.molar_volume_m3_mol(comp))
        return cls(comp, n, area, temperature_K, dm, vm)

    @classmethod
    def from_thickness(
        cls,
        composition: Mapping[str, float],
        thickness_m: float,
        area_m2: float | None = None,
        diameter_m: float | None = None,
        temperature_K: float = 295.15,
        density: DensityModel | None = None,
        system: AlloySystem | None = None,
    ) -> Electrode:
        """An electrode of the given thickness over an area (or a disc diameter); `system`
        as in :meth:`from_volume`.

        Examples
        --------
        >>> e = Electrode.from_thickness({"K": 1.0}, 250e-6, area_m2=0.4e-4)
        >>> round(e.volume_m3 * 1e9, 3)
        10.0
        """
        area = cls._area(area_m2, diameter_m)
        t = require_positive(thickness_m, "thickness")
        return cls.from_volume(composition, t * area, area, None, temperature_K, density,
                               system)

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
            name = canonical_element(el, "moles")
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
        """Volume [m3]: amount x :attr:`molar_volume_m3_mol`, else by the solid rule of
        mixtures.

        Examples
        --------
        >>> round(Electrode.from_volume({"Na": 1.0}, 5e-9, area_m2=1e-4).volume_m3 * 1e9, 6)
        5.0
        """
        vm = self.molar_volume_m3_mol
        return self.amount_mol * (vm if vm is not None
                                  else self.density.molar_volume_m3_mol(self.composition))

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


def start_molar_volume_m3_mol(composition: Mapping[str, float], temperature_K: float,
                              density: DensityModel, system: AlloySystem) -> float:
    """Molar volume [m3/mol] of an alloy at its equilibrium at `temperature_K`: the phase
    volumes (liquid phases at the liquid molar volume) per mole of atoms.

    Examples
    --------
    >>> from semisolid.electrode.system import AlloySystem
    >>> vm = start_molar_volume_m3_mol({"K": 0.7, "Na": 0.3}, 300.0, DensityModel(),
    ...                                AlloySystem())                 # all liquid
    >>> round(vm * 1e6, 3) == round(DensityModel().molar_volume_m3_mol(
    ...     {"K": 0.7, "Na": 0.3}, liquid=True) * 1e6, 3)
    True
    """
    els = [el for el, x in composition.items() if x > 0]
    pts, _ = system.solve(els, [[composition[el] for el in els]], temperature_K)
    return float(sum(phase_volumes_m3(pts[0], 1.0, density, system.liquid)))
