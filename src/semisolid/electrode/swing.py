"""Composition swing of an alloy electrode over one half cycle.

A half cycle of areal capacity ``Q_A`` moves ``dN = Q_A A / (z F)`` moles of the working ion
of charge ``z`` (1 for the alkali metals, 2 for Mg2+, Ca2+, Zn2+, 3 for Al3+). In a symmetric
cell one electrode gains ``dN`` of the working metal (the *enriched* end) and the other loses
it (the *depleted* end); in a half cell only one direction applies. For each end state the
phase equilibrium at the cell temperature (any TDB, see
:class:`~semisolid.electrode.system.AlloySystem`) gives the stable phases, their mole and
volume fractions and compositions; each phase's volume follows the linear rule of mixtures of
the pure-element densities (liquid phases at the liquid densities,
:class:`~semisolid.electrode.electrode.DensityModel`), so the thickness is the sum of the
phase volumes over the area.

An electrode that holds less of the working metal than the half cycle asks for is
*exhausted*: the transfer stops when it runs out (both electrodes then reflect the amount
actually moved, so moles are conserved), and the end state says so.

Examples
--------
>>> from semisolid.electrode.electrode import Electrode
>>> e = Electrode.from_volume({"K": 0.95, "Na": 0.05}, 10e-9, diameter_m=7.14e-3,
...                           temperature_K=295.15)
>>> r = composition_swing(e, 3 * 36000, working_ion="K", engine="pycalphad")
>>> [r.start.status, r.enriched.status, r.depleted.status]
['semi-solid', 'semi-solid', 'semi-solid']
>>> r.enriched.liquid_fraction < r.start.liquid_fraction < r.depleted.liquid_fraction
True
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import numpy as np

from semisolid.constants import FARADAY_C_PER_MOL, MAH_PER_CM2_IN_C_PER_M2
from semisolid.electrode.composition import weight_fractions
from semisolid.electrode.electrode import DensityModel, Electrode, phase_volumes_m3
from semisolid.electrode.system import AlloySystem, as_system, resolve_charge
from semisolid.errors import InputError
from semisolid.materials import Source, format_citations
from semisolid.materials.elements import canonical_element
from semisolid.thermo.results import PhaseEquilibrium
from semisolid.units import require_positive

__all__ = [
    "STATUSES",
    "STATUS_CODES",
    "THICKNESS_PLAUSIBLE_M",
    "EndState",
    "SwingBookkeeping",
    "SwingResult",
    "check_thickness",
    "classify",
    "composition_swing",
    "end_state",
    "status_codes",
    "swing_bookkeeping",
]

STATUSES = ("semi-solid", "liquid", "solid", "exhausted")
"""Status of an end state: liquid and solid present, all liquid, all solid, or an electrode
that ran out of the working metal."""

STATUS_CODES = {name: code for code, name in enumerate(STATUSES)}
"""Integer code of each status (``{"semi-solid": 0, "liquid": 1, "solid": 2, "exhausted": 3}``),
used by the design maps."""

EXHAUSTION_RTOL = 1e-12
"""A half cycle exhausts an electrode when it asks for more than ``(1 + EXHAUSTION_RTOL)``
times the working metal the electrode holds."""

PHASE_FRACTION_TOL = 1e-9
"""Liquid fractions within this of 0 or 1 count as all solid / all liquid."""

THICKNESS_PLAUSIBLE_M = (5e-6, 3e-3)
"""Electrodes outside 5 um - 3 mm thick draw a warning that states the thickness (a 10 mL
alloy on 0.4 cm2 is 250 mm thick: a unit slip, not an electrode)."""


def check_thickness(thickness_m: float, what: str = "the electrode") -> None:
    """Warn when a thickness is outside :data:`THICKNESS_PLAUSIBLE_M`.

    Examples
    --------
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as w:
    ...     warnings.simplefilter("always")
    ...     check_thickness(0.25)
    >>> str(w[0].message)[:58]
    'the electrode is 250 mm thick: implausibly thick for an el'
    """
    lo, hi = THICKNESS_PLAUSIBLE_M
    if lo <= thickness_m <= hi:
        return
    text = (f"{thickness_m * 1e3:.4g} mm" if thickness_m >= 1e-3 else
            f"{thickness_m * 1e6:.4g} um")
    how = "thick" if thickness_m > hi else "thin"
    warnings.warn(f"{what} is {text} thick: implausibly {how} for an electrode (expected "
                  f"{lo * 1e6:g} um to {hi * 1e3:g} mm); check the volume and the area",
                  UserWarning, stacklevel=2)


def _phase_json(phase: PhaseEquilibrium) -> dict:
    """One phase of an end state as the CLI's JSON writes it: ``name``, ``fraction_mol``
    (mole fraction of atoms), ``fraction_vol`` (volume fraction from the rule-of-mixtures
    molar volume of the phase composition; left out where it is not known) and
    ``composition``.

    Examples
    --------
    >>> _phase_json(PhaseEquilibrium("LIQUID", 0.2, {"K": 0.85, "Na": 0.15}, 0.21))["fraction_vol"]
    0.21
    """
    d = {"name": phase.name, "fraction_mol": phase.fraction}
    if phase.volume_fraction is not None:
        d["fraction_vol"] = phase.volume_fraction
    d["composition"] = dict(phase.composition)
    return d


@dataclass(frozen=True)
class EndState:
    """The electrode at one end of a half cycle (or at the start).

    Attributes
    ----------
    label : str
        ``"start"``, ``"enriched"`` or ``"depleted"``.
    moles : dict
        Moles of each element.
    composition : dict
        Overall mole fractions (all zero for an emptied electrode).
    phases : tuple of PhaseEquilibrium
        With their volume fractions (``volume_fraction``).
    liquid_fraction : float
        Mole fraction of atoms in the liquid (0 when there is no liquid).
    liquid_volume_fraction : float
    volume_m3, thickness_m, thickness_change_m : float
        Thickness change is relative to the start.
    status : str
        One of :data:`STATUSES`.
    transferred_mol : float
        Moles of the working ion actually moved (less than asked if exhausted).

    Examples
    --------
    >>> s = EndState("start", {"K": 1e-4}, {"K": 1.0}, (), 0.0, 0.0, 1e-9, 1e-5, 0.0,
    ...              "solid", 0.0)
    >>> s.to_dict()["status"]
    'solid'
    """

    label: str
    moles: dict[str, float]
    composition: dict[str, float]
    phases: tuple[PhaseEquilibrium, ...]
    liquid_fraction: float
    liquid_volume_fraction: float
    volume_m3: float
    thickness_m: float
    thickness_change_m: float
    status: str
    transferred_mol: float

    @property
    def amount_mol(self) -> float:
        """Total moles of atoms."""
        return float(sum(self.moles.values()))

    @property
    def thickness_change_um(self) -> float:
        """Thickness change relative to the start [um]."""
        return self.thickness_change_m * 1e6

    def to_dict(self) -> dict:
        """The STATE object of the CLI's JSON (units in the keys).

        Examples
        --------
        >>> s = EndState("start", {"K": 1e-4}, {"K": 1.0}, (), 0.0, 0.0, 1e-9, 1e-5, 0.0,
        ...              "solid", 0.0)
        >>> sorted(s.to_dict())[:4]
        ['amount_mol', 'composition', 'composition_wt', 'label']
        """
        return {
            "label": self.label,
            "composition": dict(self.composition),
            "liquid_fraction": self.liquid_fraction,
            "liquid_volume_fraction": self.liquid_volume_fraction,
            "phases": [_phase_json(p) for p in self.phases],
            "thickness_um": self.thickness_m * 1e6,
            "thickness_change_um": self.thickness_change_um,
            "status": self.status,
            "moles_mol": dict(self.moles),
            "amount_mol": self.amount_mol,
            "transferred_mol": self.transferred_mol,
            "composition_wt": weight_fractions(self.composition),
            "solid_fraction": 1.0 - self.liquid_fraction if self.phases else 0.0,
            "solid_volume_fraction": 1.0 - self.liquid_volume_fraction if self.phases else 0.0,
            "volume_uL": self.volume_m3 * 1e9,
        }


@dataclass(frozen=True)
class SwingResult:
    """End states of one half cycle.

    Attributes
    ----------
    cell : str
        ``"symmetric"`` or ``"half"``.
    working_ion : str
    areal_capacity_C_m2, temperature_K, area_m2 : float
    requested_mol : float
        ``Q_A A / F``.
    start : EndState
    enriched, depleted : EndState or None
        None where the cell type does not have that end.
    electrode : Electrode
    sources : tuple of Source
    engine : str
        The equilibrium engine that ran: ``"semisolid"`` or ``"pycalphad"``.
    charge : int
        Charge number of the working ion (Faraday's law).
    system : AlloySystem
        Database, phases and liquid phases used.

    Examples
    --------
    >>> e = Electrode.from_moles({"K": 1e-4, "Na": 1e-5}, area_m2=0.4e-4, temperature_K=295.15)
    >>> r = composition_swing(e, 36000.0, "K", cell="half", direction="plate",
    ...                       engine="pycalphad")
    >>> r.depleted is None, r.enriched.label
    (True, 'enriched')
    """

    cell: str
    working_ion: str
    areal_capacity_C_m2: float
    temperature_K: float
    area_m2: float
    requested_mol: float
    start: EndState
    enriched: EndState | None
    depleted: EndState | None
    electrode: Electrode
    sources: tuple[Source, ...] = field(default_factory=tuple)
    engine: str = "auto"
    charge: int = 1
    system: AlloySystem | None = None

    @property
    def ends(self) -> list[EndState]:
        """The end states present (enriched first)."""
        return [s for s in (self.enriched, self.depleted) if s is not None]

    def cite(self) -> str:
        """Citations of the material data used."""
        return format_citations(self.sources)

    def to_dict(self) -> dict:
        """``{"start": STATE, "enriched": STATE, "depleted": STATE, ...}`` (absent ends left out).

        Examples
        --------
        >>> e = Electrode.from_moles({"K": 1e-4, "Na": 1e-5}, area_m2=0.4e-4)
        >>> r = composition_swing(e, 36000.0, "K", engine="pycalphad")
        >>> list(r.to_dict())[:3]
        ['start', 'enriched', 'depleted']
        """
        out: dict = {"start": self.start.to_dict()}
        if self.enriched is not None:
            out["enriched"] = self.enriched.to_dict()
        if self.depleted is not None:
            out["depleted"] = self.depleted.to_dict()
        dm = self.electrode.density
        ion_mol = self.electrode.moles.get(self.working_ion, 0.0)
        out["conditions"] = {
            "cell": self.cell,
            "working_ion": self.working_ion,
            "charge": self.charge,
            "areal_capacity_mAh_cm2": self.areal_capacity_C_m2 / MAH_PER_CM2_IN_C_PER_M2,
            "available_areal_capacity_mAh_cm2": ion_mol * self.charge * FARADAY_C_PER_MOL
            / self.area_m2 / MAH_PER_CM2_IN_C_PER_M2,
            "temperature_K": self.temperature_K,
            "area_cm2": self.area_m2 * 1e4,
            "requested_mol": self.requested_mol,
            "start_volume_uL": self.start.volume_m3 * 1e9,
            "start_thickness_um": self.start.thickness_m * 1e6,
            "density_rule": "linear rule of mixtures of pure-element densities (volume "
            "additive); liquid phases at "
            + ("their liquid densities at the melting point" if dm.liquid_basis == "liquid"
               else "the solid densities (paper, Methods)"),
            "liquid_basis": dm.liquid_basis,
            "engine": self.engine,
        }
        if self.system is not None:
            out["conditions"].update(self.system.to_dict())
        out["sources"] = [s.key for s in dict.fromkeys(self.sources)]
        return out


def status_codes(liquid_fraction, exhausted=False) -> np.ndarray:
    """Status codes (:data:`STATUS_CODES`) of end states from their liquid fractions.

    The one status rule of the package: all solid at a liquid fraction within
    :data:`PHASE_FRACTION_TOL` of 0, all liquid within it of 1, semi-solid in between, and
    exhausted wherever `exhausted` is true (whatever the liquid fraction).

    Parameters
    ----------
    liquid_fraction : array_like
        Mole fraction of atoms in the liquid.
    exhausted : array_like of bool
        Broadcast against `liquid_fraction`.

    Returns
    -------
    ndarray of int8

    Examples
    --------
    >>> status_codes([0.0, 0.3, 1.0, 0.3], [False, False, False, True]).tolist()
    [2, 0, 1, 3]
    """
    lf = np.asarray(liquid_fraction, dtype=float)
    ex = np.broadcast_to(np.asarray(exhausted, dtype=bool), np.broadcast_shapes(
        lf.shape, np.shape(exhausted)))
    lf = np.broadcast_to(lf, ex.shape)
    st = np.full(ex.shape, STATUS_CODES["semi-solid"], dtype=np.int8)
    st[lf <= PHASE_FRACTION_TOL] = STATUS_CODES["solid"]
    st[lf >= 1.0 - PHASE_FRACTION_TOL] = STATUS_CODES["liquid"]
    st[ex] = STATUS_CODES["exhausted"]
    return st


def classify(liquid_fraction: float, amount_mol: float = 1.0, exhausted: bool = False) -> str:
    """Status of one end state from its liquid fraction (:func:`status_codes` for one state).

    An end state with no atoms left counts as exhausted.

    Examples
    --------
    >>> [classify(0.0), classify(0.3), classify(1.0), classify(0.3, exhausted=True)]
    ['solid', 'semi-solid', 'liquid', 'exhausted']
    """
    code = int(status_codes(liquid_fraction, bool(exhausted) or amount_mol <= 0))
    return STATUSES[code]


@dataclass(frozen=True)
class SwingBookkeeping:
    """Moles and compositions at the ends of a half cycle, for arrays of electrodes.

    All arrays share one broadcast shape. Only the working ion moves; every other element
    keeps its moles, so its mole fraction at an end is its moles over that end's total.

    Attributes
    ----------
    requested_mol : ndarray
        ``Q_A A / F``.
    moved_mol : ndarray
        Moles of the working ion moved: the request, or what the depleted electrode held when
        it ran out (symmetric cell or half-cell strip).
    exhausted : ndarray of bool
        The request exceeded the working metal held (see :data:`EXHAUSTION_RTOL`).
    ion_mol_enriched, total_mol_enriched, ion_mol_depleted, total_mol_depleted : ndarray
        Moles of the working ion and of all atoms at each end.
    x_enriched, x_depleted : ndarray
        Mole fraction of the working ion at each end (0 for an emptied electrode).
    emptied : ndarray of bool
        The depleted electrode has no atoms left.

    Examples
    --------
    >>> b = swing_bookkeeping(1.0, 2.0, 0.5)
    >>> float(b.x_enriched), float(b.x_depleted), bool(b.exhausted)
    (0.6, 0.3333333333333333, False)
    """

    requested_mol: np.ndarray
    moved_mol: np.ndarray
    exhausted: np.ndarray
    ion_mol_enriched: np.ndarray
    total_mol_enriched: np.ndarray
    ion_mol_depleted: np.ndarray
    total_mol_depleted: np.ndarray
    x_enriched: np.ndarray
    x_depleted: np.ndarray
    emptied: np.ndarray


def swing_bookkeeping(
    ion_mol,
    total_mol,
    requested_mol,
    cell: str = "symmetric",
    direction: str = "plate",
) -> SwingBookkeeping:
    """End-state moles and compositions of a half cycle (vectorised).

    A symmetric cell (or a half-cell strip) moves the request or, if the electrode holds
    less of the working ion, all it holds (then ``exhausted``); a half-cell plate always
    moves the request (the counter electrode is not modelled).

    Parameters
    ----------
    ion_mol, total_mol : array_like
        Moles of the working ion and of all atoms in the starting electrode.
    requested_mol : array_like
        Moles of the working ion the half cycle asks for (``Q_A A / F``).
    cell : {"symmetric", "half"}
    direction : {"plate", "strip"}

    Returns
    -------
    SwingBookkeeping

    Examples
    --------
    >>> import numpy as np
    >>> b = swing_bookkeeping(np.array([1e-6, 2e-4]), np.array([1e-4, 2e-4]), 4.5e-5)
    >>> b.exhausted.tolist(), b.moved_mol.tolist()
    ([True, False], [1e-06, 4.5e-05])
    >>> b.emptied.tolist(), b.x_depleted.tolist()
    ([False, False], [0.0, 1.0])
    """
    n_ion, n_tot, req = np.broadcast_arrays(
        *(np.asarray(a, dtype=float) for a in (ion_mol, total_mol, requested_mol)))
    exhausted = req > n_ion * (1 + EXHAUSTION_RTOL)
    limited = cell == "symmetric" or direction == "strip"
    moved = np.minimum(req, n_ion) if limited else req.copy()
    ion_enr = n_ion + moved
    tot_enr = n_tot + moved
    ion_dep = np.maximum(n_ion - moved, 0.0)
    tot_dep = n_tot - n_ion + ion_dep
    emptied = tot_dep <= 0
    with np.errstate(invalid="ignore", divide="ignore"):
        x_enr = np.where(tot_enr > 0, ion_enr / np.where(tot_enr > 0, tot_enr, 1.0), 0.0)
        x_dep = np.where(emptied, 0.0, ion_dep / np.where(emptied, 1.0, tot_dep))
    return SwingBookkeeping(req, moved, exhausted, ion_enr, tot_enr, ion_dep, tot_dep,
                            x_enr, x_dep, emptied)


def end_state(
    label: str,
    moles: Mapping[str, float],
    phases: list[PhaseEquilibrium],
    density: DensityModel,
    area_m2: float,
    start_thickness_m: float,
    transferred_mol: float,
    exhausted: bool = False,
    liquid: tuple[str, ...] = ("LIQUID",),
) -> EndState:
    """Assemble an :class:`EndState` from moles and equilibrium phases.

    Phase volumes: fraction x moles x the molar volume of the phase's composition, liquid
    phases (those named in `liquid`) at the liquid molar volume.

    Examples
    --------
    >>> s = end_state("start", {"K": 1e-4}, [PhaseEquilibrium("BCC_A2", 1.0, {"K": 1.0})],
    ...               DensityModel(), 1e-4, 0.0, 0.0)
    >>> s.status, round(s.thickness_m * 1e6, 2)
    ('solid', 45.36)
    """
    total = float(sum(moles.values()))
    if total > 0:
        comp = {el: n / total for el, n in moles.items()}
    else:
        comp = {el: 0.0 for el in moles}
        phases = []
    pv = phase_volumes_m3(phases, total, density, liquid)
    vol = float(sum(pv))
    vsum = vol or 1.0
    states = tuple(
        PhaseEquilibrium(p.name, float(p.fraction), dict(p.composition), float(v / vsum))
        for p, v in zip(phases, pv, strict=True)
    )
    lf = float(sum(p.fraction for p in states if p.name in liquid))
    lvf = float(sum(p.volume_fraction for p in states if p.name in liquid))
    lf = min(max(lf, 0.0), 1.0)
    thickness = vol / area_m2
    return EndState(
        label=label,
        moles=dict(moles),
        composition=comp,
        phases=states,
        liquid_fraction=lf,
        liquid_volume_fraction=min(max(lvf, 0.0), 1.0),
        volume_m3=vol,
        thickness_m=thickness,
        thickness_change_m=thickness - start_thickness_m,
        status=classify(lf, total, exhausted),
        transferred_mol=float(transferred_mol),
    )


def composition_swing(
    electrode: Electrode,
    areal_capacity_C_m2: float,
    working_ion: str,
    cell: str = "symmetric",
    direction: str = "plate",
    engine: str = "auto",
    db_path: str | None = None,
    *,
    charge: float | None = None,
    liquid_phases=None,
    phases=None,
    system: AlloySystem | None = None,
) -> SwingResult:
    """End states of a half cycle of the given areal capacity.

    Parameters
    ----------
    electrode : Electrode
        The starting electrode (both electrodes of a symmetric cell start like this).
    areal_capacity_C_m2 : float
        Charge per area per half cycle [C/m2] (1 mAh/cm2 = 36000 C/m2); must be > 0.
    working_ion : str
        The element that moves (``"K"`` for Na-K on K-beta''-alumina, ``"Li"`` on LLZTO).
    cell : {"symmetric", "half"}
    direction : {"plate", "strip"}
        Half cell only: the electrode gains (plate) or loses (strip) the working metal.
    engine : {"auto", "semisolid", "pycalphad"}
        Equilibrium engine (see :class:`~semisolid.electrode.system.AlloySystem`); the
        result records the one that ran.
    db_path : str, optional
        TDB file; default the shipped Li-Na-K database.
    charge : int, optional
        Charge number of the working ion (default: the element's usual one, e.g. 2 for Mg).
    liquid_phases, phases : sequence of str, optional
        As in :class:`~semisolid.electrode.system.AlloySystem`.
    system : AlloySystem, optional
        Replaces `engine`, `db_path`, `liquid_phases` and `phases`.

    Returns
    -------
    SwingResult

    Warns
    -----
    UserWarning
        The electrode is implausibly thick or thin (the thickness is stated); the half cycle
        exhausts the electrode (the capacity it holds is stated); no liquid phase can form.

    Examples
    --------
    >>> e = Electrode.from_volume({"K": 0.9, "Na": 0.1}, 10e-9, diameter_m=7.14e-3,
    ...                           temperature_K=295.15)
    >>> r = composition_swing(e, 3 * 36000, "K", engine="pycalphad")
    >>> round(r.enriched.thickness_change_um, 1), round(r.depleted.thickness_change_um, 1)
    (50.1, -50.1)
    """
    q = require_positive(areal_capacity_C_m2, "areal_capacity")
    sysm = as_system(system, db_path=db_path, liquid_phases=liquid_phases, phases=phases,
                     engine=engine)
    ion = canonical_element(working_ion, "working_ion")
    if cell not in ("symmetric", "half"):
        raise InputError(f"cell {cell!r} is not 'symmetric' or 'half'", "cell")
    if direction not in ("plate", "strip"):
        raise InputError(f"direction {direction!r} is not 'plate' or 'strip'", "direction")
    sysm.check_elements(list(electrode.composition))
    sysm.check_elements([ion], "working_ion")
    z = resolve_charge(ion, charge)

    n0 = dict(electrode.moles)
    if n0.get(ion, 0.0) <= 0.0 and (cell == "symmetric" or direction == "strip"):
        raise InputError(
            f"{ion} is not in the electrode ({', '.join(sorted(n0))}): it cannot be stripped "
            "(plating it onto the electrode is a half cell with direction='plate')",
            "working_ion",
        )
    n0.setdefault(ion, 0.0)
    book = swing_bookkeeping(n0[ion], sum(n0.values()),
                             q * electrode.area_m2 / (z * FARADAY_C_PER_MOL), cell, direction)
    requested = float(book.requested_mol)
    moved = float(book.moved_mol)
    exhausted = bool(book.exhausted) and (cell == "symmetric" or direction == "strip")

    want_enriched = cell == "symmetric" or direction == "plate"
    want_depleted = cell == "symmetric" or direction == "strip"
    states: dict[str, dict[str, float]] = {"start": n0}
    if want_enriched:
        states["enriched"] = n0 | {ion: float(book.ion_mol_enriched)}
    if want_depleted:
        states["depleted"] = n0 | {ion: float(book.ion_mol_depleted)}

    elements = [el for el in sorted(n0) if any(s[el] > 0 for s in states.values())]
    labels = [k for k, s in states.items() if sum(s.values()) > 0]
    x = np.array([[states[k][el] / sum(states[k].values()) for el in elements] for k in labels])
    liquid = sysm.liquid_for(elements)
    pts, used = sysm.solve(elements, x, electrode.temperature_K)
    by_label = dict(zip(labels, pts, strict=True))

    start = end_state("start", n0, by_label["start"], electrode.density, electrode.area_m2,
                      0.0, 0.0, liquid=liquid)
    t0 = start.thickness_m
    start = replace(start, thickness_change_m=0.0)
    check_thickness(t0, "the starting electrode")
    out = {"start": start}
    for k, s in states.items():
        if k == "start":
            continue
        out[k] = end_state(
            k, s, by_label.get(k, []), electrode.density, electrode.area_m2, t0, moved,
            exhausted=(k == "depleted" and exhausted), liquid=liquid,
        )
    if exhausted:
        held = n0[ion] * z * FARADAY_C_PER_MOL / electrode.area_m2 / MAH_PER_CM2_IN_C_PER_M2
        warnings.warn(f"the half cycle asks for {q / MAH_PER_CM2_IN_C_PER_M2:.4g} mAh/cm2 but "
                      f"the electrode holds only {held:.4g} mAh/cm2 of {ion} (z={z}): it is "
                      "exhausted and the transfer stops there", UserWarning, stacklevel=2)
    return SwingResult(
        cell=cell,
        working_ion=ion,
        areal_capacity_C_m2=q,
        temperature_K=electrode.temperature_K,
        area_m2=electrode.area_m2,
        requested_mol=requested,
        start=out["start"],
        enriched=out.get("enriched"),
        depleted=out.get("depleted"),
        electrode=electrode,
        sources=tuple(electrode.density.sources(
            elements, liquid=any(p.name in liquid for st in out.values() for p in st.phases))),
        engine=used,
        charge=z,
        system=sysm,
    )
