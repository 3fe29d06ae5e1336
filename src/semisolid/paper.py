"""The paper semisolid started from, in one place: Park et al., Nature Energy 6, 314 (2021).

Everything semisolid takes from the paper is read here from one package data file,
``semisolid/data/park2021.toml``: the two semi-solid electrodes A and B, the cell geometry
and conditions, the three cycling protocols, the six cell families with their short names,
and the paper's numbers with the tolerances semisolid compares against. The models, the
virtual cells, the microstructure presets, the report and the tests all read them from this
module; none of them types a paper number of its own.

What is a paper *fact* (an input: compositions, geometry, protocols, the liquid fractions the
paper chose for its microstructure insets) and what is a paper *result* to compare with
(:func:`number`) is kept apart. Quantities the paper states but semisolid computes, such as
the liquid fraction of an electrode, come from semisolid's own code
(:func:`starting_liquid_fraction`, by the electrode model on the shipped database), never
from this file.

Examples
--------
>>> ELECTRODES["A"].composition
{'K': 0.95, 'Na': 0.05}
>>> round(CELL.collector_area_m2 * 1e4, 4)     # cm2
0.4004
>>> n = number("nak_eutectic_T")
>>> n.value, n.tolerance, n.unit
(260.5, 1.0, 'K')
>>> family("b").name, [f.electrode for f in FAMILIES]
('B/KBA/B', ['Li', 'Na', 'K', 'A', 'B', 'Li+NaK'])
"""

from __future__ import annotations

import functools
import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib.resources import files
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from semisolid.errors import InputError, suggest

if TYPE_CHECKING:
    from semisolid.electrode.electrode import Electrode
    from semisolid.electrode.swing import SwingResult

__all__ = [
    "CELL",
    "CITATION",
    "DOI",
    "ELECTRODES",
    "FAMILIES",
    "INSET_LIQUID_FRACTIONS",
    "NUMBERS",
    "PROTOCOLS",
    "TOTAL_CELLS",
    "CellFamily",
    "PaperCell",
    "PaperElectrode",
    "PaperNumber",
    "PaperProtocol",
    "family",
    "number",
    "numbers",
    "paper_electrode",
    "starting_liquid_fraction",
    "swing",
]

DATA_FILE = "park2021.toml"
"""Name of the data file in ``semisolid/data``."""


def _load() -> dict[str, Any]:
    text = (files("semisolid") / "data" / DATA_FILE).read_text(encoding="utf-8")
    return tomllib.loads(text)


_DATA = _load()

DOI: str = _DATA["paper"]["doi"]
"""DOI of the paper."""
CITATION: str = _DATA["paper"]["citation"]
"""The paper as a reference."""
TOTAL_CELLS: int = int(_DATA["paper"]["total_cells"])
"""Cells the paper tested, over all six families (Supplementary Table 1)."""


# ----------------------------------------------------------------------------- facts

@dataclass(frozen=True)
class PaperElectrode:
    """One of the paper's semi-solid Na-K electrodes.

    Attributes
    ----------
    name : str
        ``"A"`` or ``"B"``.
    label : str
        As the paper writes it (``"0.95K-0.05Na"``, mole fractions).
    working_ion : str
        The metal that moves in its cells (K, on K-β''-alumina).

    Examples
    --------
    >>> e = ELECTRODES["B"]
    >>> e.label, e.composition["Na"]
    ('0.90K-0.10Na', 0.1)
    """

    name: str
    label: str
    working_ion: str
    _composition: tuple[tuple[str, float], ...] = field(repr=False)

    @property
    def composition(self) -> dict[str, float]:
        """Mole fractions (a new dict on every call)."""
        return dict(self._composition)


@dataclass(frozen=True)
class PaperCell:
    """Geometry and conditions of the paper's cells (SI units).

    Examples
    --------
    >>> round(CELL.li_disc_area_m2 * 1e4, 3), CELL.temperature_K, CELL.stack_pressure_Pa
    (0.713, 295.15, 1500000.0)
    """

    temperature_K: float
    stack_pressure_Pa: float
    low_stack_pressure_Pa: float
    alloy_volume_m3: float
    collector_diameter_m: float
    electrolyte_diameter_m: float
    electrolyte_thickness_m: float
    li_disc_diameter_m: float
    li_disc_thickness_m: float
    nak_film_volume_m3: float
    interfacial_asr_Ohm_cm2: float
    swing_areal_capacity_mAh_cm2: float
    _nak_film_composition: tuple[tuple[str, float], ...] = field(repr=False)

    @property
    def nak_film_composition(self) -> dict[str, float]:
        """Mole fractions of the Na-K eutectic film on the Li discs."""
        return dict(self._nak_film_composition)

    @property
    def collector_area_m2(self) -> float:
        """Area of the 7.14 mm current collector (the alloy electrodes' nominal area)."""
        return _disc_area_m2(self.collector_diameter_m)

    @property
    def li_disc_area_m2(self) -> float:
        """Area of the 9.53 mm Li disc (the Li cells' nominal area)."""
        return _disc_area_m2(self.li_disc_diameter_m)


def _disc_area_m2(diameter_m: float) -> float:
    return math.pi * diameter_m**2 / 4.0


@dataclass(frozen=True)
class PaperProtocol:
    """A stepwise galvanostatic protocol as the paper states it (its units).

    Attributes
    ----------
    areal_capacity_mAh_cm2 : float
        The capacity per half cycle (for the Li-NaK cells, the one of the three the virtual
        cells use by default).
    areal_capacities_mAh_cm2 : tuple of float
        All capacities per half cycle the paper ran with this protocol.

    Examples
    --------
    >>> p = PROTOCOLS["NaK-Li"]
    >>> p.start_current_density_mA_cm2, p.areal_capacities_mAh_cm2
    (0.25, (0.25, 1.5, 3.0))
    """

    name: str
    start_current_density_mA_cm2: float
    step_current_density_mA_cm2: float
    max_current_density_mA_cm2: float
    areal_capacity_mAh_cm2: float
    areal_capacities_mAh_cm2: tuple[float, ...]
    eis_every_cycles: int


@dataclass(frozen=True)
class CellFamily:
    """One of the paper's six symmetric-cell families.

    Attributes
    ----------
    name : str
        ``"Li/LLZTO/Li"``, ..., ``"NaK(e)-Li/LLZTO/NaK(e)-Li"``.
    electrode : str
        Short name of its electrode: ``Li``, ``Na``, ``K``, ``A``, ``B``, ``Li+NaK``.
    solid_metal : str
        Metal of the electrode's solid phase.
    electrolyte : str
    protocol : str
        Key of :data:`PROTOCOLS`.
    disc : str
        ``"li_disc"`` or ``"collector"``: what sets the nominal electrode area.
    voids : bool
        Li without a liquid film (stripping voids possible).
    film : bool
        Li with the Na-K eutectic film.
    n_cells : int or None
        Cells tested, where the paper gives the number.
    aliases : tuple of str
        Lower-case short names accepted by :func:`family`.

    Examples
    --------
    >>> f = family("NaK-Li")
    >>> f.electrode, f.protocol, f.n_cells, round(f.area_m2 * 1e4, 3)
    ('Li+NaK', 'NaK-Li', 14, 0.713)
    """

    name: str
    electrode: str
    solid_metal: str
    electrolyte: str
    protocol: str
    disc: str
    voids: bool = False
    film: bool = False
    n_cells: int | None = None
    aliases: tuple[str, ...] = ()

    @property
    def area_m2(self) -> float:
        """Nominal electrode area: the Li disc or the current collector."""
        return CELL.li_disc_area_m2 if self.disc == "li_disc" else CELL.collector_area_m2


@dataclass(frozen=True)
class PaperNumber:
    """A number of the paper to compare with, and the tolerance semisolid allows.

    Attributes
    ----------
    key : str
        Unique name in the data file.
    item : str
        Label of the result it belongs to (shown in the report's comparison table).
    quantity, unit : str
    value : float or str
        The paper's number, or its words where it gives a range or a bound (``"< 1"``).
    tolerance : float or None
        Allowed ``|computed - value|``: absolute, or relative to `value` when `relative`.
    relative : bool
    check : str or None
        Condition tested where `value` is words (``"in [10, 40]"``, ``"< 0.01"``).
    uncertainty : float or None
        The paper's own ± where it gives one.
    where : str
        Where the paper (or the literature it cites) states it.
    conditions : mapping
        Conditions of the number (``metal``, ``areal_capacity_mAh_cm2``, ...).

    Examples
    --------
    >>> n = number("plated_K_3")
    >>> n.value, n.abs_tolerance, n.conditions["metal"]
    (51.5, 2.06, 'K')
    """

    key: str
    item: str
    quantity: str
    unit: str
    value: float | str
    tolerance: float | None = None
    relative: bool = False
    check: str | None = None
    uncertainty: float | None = None
    where: str = ""
    conditions: Mapping[str, Any] = field(default_factory=dict)

    @property
    def abs_tolerance(self) -> float | None:
        """The tolerance in the number's unit (relative tolerances times the value)."""
        if self.tolerance is None or isinstance(self.value, str):
            return None
        return self.tolerance * abs(self.value) if self.relative else self.tolerance


_NUMBER_FIELDS = ("key", "item", "quantity", "unit", "value", "tolerance", "relative", "check",
                  "uncertainty", "where")


def _number(row: dict[str, Any]) -> PaperNumber:
    known = {k: row[k] for k in _NUMBER_FIELDS if k in row}
    known.setdefault("unit", "")
    cond = {k: v for k, v in row.items() if k not in _NUMBER_FIELDS}
    return PaperNumber(**known, conditions=MappingProxyType(cond))


CELL = PaperCell(
    **{k: v for k, v in _DATA["cell"].items() if k != "nak_film_composition"},
    _nak_film_composition=tuple(_DATA["cell"]["nak_film_composition"].items()),
)
"""The paper's cell geometry and conditions (Methods)."""

ELECTRODES: Mapping[str, PaperElectrode] = MappingProxyType({
    name: PaperElectrode(name, e["label"], e["working_ion"], tuple(e["composition"].items()))
    for name, e in _DATA["electrodes"].items()
})
"""The semi-solid electrodes A (0.95K-0.05Na) and B (0.90K-0.10Na)."""

PROTOCOLS: Mapping[str, PaperProtocol] = MappingProxyType({
    name: PaperProtocol(
        name=name,
        start_current_density_mA_cm2=p["start_current_density_mA_cm2"],
        step_current_density_mA_cm2=p["step_current_density_mA_cm2"],
        max_current_density_mA_cm2=p["max_current_density_mA_cm2"],
        areal_capacity_mAh_cm2=p["areal_capacity_mAh_cm2"],
        areal_capacities_mAh_cm2=tuple(
            p.get("areal_capacities_mAh_cm2", [p["areal_capacity_mAh_cm2"]])),
        eis_every_cycles=int(p["eis_every_cycles"]),
    )
    for name, p in _DATA["protocols"].items()
})
"""The three protocols: ``Li``, ``NaK`` (Na, K, A and B cells) and ``NaK-Li``."""

FAMILIES: tuple[CellFamily, ...] = tuple(
    CellFamily(**{**f, "aliases": tuple(f.get("aliases", ()))}) for f in _DATA["families"]
)
"""The six cell families, in the paper's order."""

NUMBERS: Mapping[str, PaperNumber] = MappingProxyType(
    {row["key"]: _number(row) for row in _DATA["numbers"]}
)
"""Every number of the data file by key, in file order."""

INSET_LIQUID_FRACTIONS: Mapping[str, float] = MappingProxyType({
    name: float(NUMBERS[f"liquid_{name}_start"].value) for name in ("B", "A")
})
"""The liquid fractions the paper chose for its Fig. 6a microstructure insets (Methods:
"phase fractions 0.51 and 0.10"), the starting liquid fractions of B and A as the paper
states them. Inputs of the microstructure presets, not results of semisolid."""

_FAMILY_KEYS: dict[str, str] = {}
for _f in FAMILIES:
    _FAMILY_KEYS[_f.name.lower()] = _f.name
    _FAMILY_KEYS[_f.electrode.lower()] = _f.name
    for _a in _f.aliases:
        _FAMILY_KEYS[_a] = _f.name
_FAMILY_BY_NAME = {f.name: f for f in FAMILIES}


def family(name: str) -> CellFamily:
    """A cell family by its name, its electrode's short name or an alias (any case).

    Examples
    --------
    >>> family("li/llzto/li").electrode, family("0.95K-0.05Na").name
    ('Li', 'A/KBA/A')
    >>> family("C")
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: family: unknown cell family 'C'; known: Li/LLZTO/Li, ...
    """
    key = _FAMILY_KEYS.get(str(name).strip().lower())
    if key is None:
        raise InputError(
            f"unknown cell family {name!r}{suggest(str(name), [f.name for f in FAMILIES])}; "
            f"known: {', '.join(f.name for f in FAMILIES)}",
            "family",
        )
    return _FAMILY_BY_NAME[key]


def number(key: str) -> PaperNumber:
    """The paper number with this key.

    Examples
    --------
    >>> number("mean_ccd_B").value
    14.0
    >>> number("mean_ccd_b")
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: number: unknown paper number 'mean_ccd_b' (did you mean ...
    """
    try:
        return NUMBERS[key]
    except KeyError:
        raise InputError(f"unknown paper number {key!r}{suggest(key, NUMBERS)}", "number") \
            from None


def numbers(item: str | None = None) -> list[PaperNumber]:
    """All paper numbers in file order, or those of one item.

    Examples
    --------
    >>> [n.conditions["metal"] for n in numbers("17")]
    ['Li', 'Li', 'Li', 'Na', 'K']
    """
    return [n for n in NUMBERS.values() if item is None or n.item == item]


# ----------------------------------------------------------------------------- computed

def _electrode_fact(name: str) -> PaperElectrode:
    key = str(name).strip().upper()
    if key not in ELECTRODES:
        raise InputError(f"unknown paper electrode {name!r}; known: {', '.join(ELECTRODES)}",
                         "electrode")
    return ELECTRODES[key]


def paper_electrode(name: str) -> Electrode:
    """Electrode A or B as built in the paper's cells: 10 µL on the 7.14 mm collector, 22 °C;
    every phase's volume from the pure solid densities, as in the paper's Methods.

    Examples
    --------
    >>> e = paper_electrode("A")
    >>> round(e.thickness_m * 1e6, 1), e.temperature_K
    (249.8, 295.15)
    """
    from semisolid.electrode.electrode import DensityModel, Electrode

    fact = _electrode_fact(name)
    return Electrode.from_volume(
        fact.composition, volume_m3=CELL.alloy_volume_m3, diameter_m=CELL.collector_diameter_m,
        temperature_K=CELL.temperature_K,
        density=DensityModel(liquid_basis="solid"),  # the paper's Methods: solid densities
    )


def swing(name: str, engine: str = "auto") -> SwingResult:
    """The half-cycle swing of electrode A or B in the paper's symmetric cell (Fig. 7a):
    3 mAh/cm² of the working ion, computed by :func:`semisolid.electrode.composition_swing`.

    Examples
    --------
    >>> s = swing("B")
    >>> s.start.status, s.enriched.liquid_fraction < s.start.liquid_fraction
    ('semi-solid', True)
    """
    from semisolid.constants import MAH_PER_CM2_IN_C_PER_M2
    from semisolid.electrode.swing import composition_swing

    fact = _electrode_fact(name)
    return composition_swing(
        paper_electrode(name), CELL.swing_areal_capacity_mAh_cm2 * MAH_PER_CM2_IN_C_PER_M2,
        fact.working_ion, cell="symmetric", engine=engine,
    )


@functools.cache
def starting_liquid_fraction(name: str, basis: str = "volume") -> float:
    """Liquid fraction of electrode A or B as assembled, at the cell temperature, computed by
    the electrode model on the shipped database (not the paper's stated value).

    Parameters
    ----------
    name : {"A", "B"}
    basis : {"volume", "mole"}
        Volume fraction of liquid (rule-of-mixtures molar volumes) or mole fraction of atoms
        in the liquid.

    Examples
    --------
    >>> round(starting_liquid_fraction("A", "mole"), 3), round(starting_liquid_fraction("A"), 3)
    (0.101, 0.096)
    """
    if basis not in ("volume", "mole"):
        raise InputError(f"basis {basis!r} is not 'volume' or 'mole'", "basis")
    start = swing(_electrode_fact(name).name).start
    return start.liquid_volume_fraction if basis == "volume" else start.liquid_fraction
