"""The thermodynamic side of an electrode: which database, which phases, which are liquid,
which engine, and the working ion's charge.

:class:`AlloySystem` is what the electrode code asks for equilibria. Its elements and phases
are the database's (never a local list); its liquid phases come from the database's phase
type codes or from the user (:func:`semisolid.thermo.phase_kinds.liquid_phases`).

Examples
--------
>>> s = AlloySystem()                       # the shipped Li-Na-K database
>>> s.liquid, s.check_elements(["k", "na"])
(('LIQUID',), ['K', 'Na'])
>>> s.check_elements(["Mg"])
Traceback (most recent call last):
...
semisolid.errors.InputError: alloy: element 'Mg' is not in ...LiNaK.tdb (elements: K, Li, Na)
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from semisolid.errors import DatabaseError, InputError
from semisolid.thermo.results import PhaseEquilibrium

__all__ = ["AlloySystem", "as_system", "resolve_charge"]


def _names(value) -> tuple[str, ...] | None:
    if value is None:
        return None
    items = value.split(",") if isinstance(value, str) else list(value)
    out = tuple(str(v).strip().upper() for v in items if str(v).strip())
    return out or None


@dataclass(frozen=True)
class AlloySystem:
    """A TDB database with the phases to consider, its liquid phases and the engine to use.

    Parameters
    ----------
    db_path : str, optional
        A TDB file (default: the shipped Li-Na-K database).
    liquid_phases : sequence of str or str, optional
        Phases to treat as liquid; default: those the TDB marks liquid (type code ``:L`` or
        ``:Y``), or ``LIQUID`` for the shipped database.
    phases : sequence of str, optional
        Phases to consider (default: the database's default set, every phase of a user TDB).
    engine : {"auto", "semisolid", "pycalphad"}
        ``"auto"`` runs the project's engine and falls back to pycalphad where that cannot
        model a phase of the system; the result records the engine that ran.

    Examples
    --------
    >>> AlloySystem(liquid_phases="liquid").liquid
    ('LIQUID',)
    """

    db_path: str | None = None
    liquid_phases: tuple[str, ...] | None = None
    phases: tuple[str, ...] | None = None
    engine: str = "auto"

    def __post_init__(self) -> None:
        from semisolid.electrode.equilibria import resolve_engine

        resolve_engine(self.engine)  # validates the name
        if self.db_path is not None:
            object.__setattr__(self, "db_path", str(self.db_path))
        object.__setattr__(self, "liquid_phases", _names(self.liquid_phases))
        object.__setattr__(self, "phases", _names(self.phases))

    @property
    def db(self):
        """The :class:`~semisolid.thermo.ThermoDatabase` (loaded once, cached by path)."""
        from semisolid.thermo.database import load_database

        return load_database(self.db_path)

    @property
    def name(self) -> str:
        """File name of the database.

        Examples
        --------
        >>> AlloySystem().name
        'LiNaK.tdb'
        """
        return Path(str(self.db.source)).name

    @property
    def liquid(self) -> tuple[str, ...]:
        """The liquid phases (declared, else from the TDB), or an error if there are none.

        Examples
        --------
        >>> AlloySystem().liquid
        ('LIQUID',)
        """
        from semisolid.thermo.phase_kinds import liquid_phases

        found = liquid_phases(self.db, self.liquid_phases)
        if not found:
            raise InputError(
                f"{self.name} marks no phase as liquid (TDB phase type ':L' or ':Y'); "
                f"declare its liquid phases (phases: {', '.join(self.db.phases)}), e.g. "
                "liquid_phases=['LIQUID'] (CLI --liquid-phases LIQUID)", "liquid_phases")
        return found

    def check_elements(self, elements: Sequence[str], field: str = "alloy") -> list[str]:
        """Element symbols as chemists write them, each checked to be in the database.

        Examples
        --------
        >>> AlloySystem().check_elements(["potassium"])
        ['K']
        """
        from semisolid.materials.elements import canonical_element

        out = []
        for el in elements:
            sym = canonical_element(el, field)
            self.db.tdb_name(sym, field)  # error listing the database's elements
            if sym in out:
                raise InputError(f"{sym} is given twice", field)
            out.append(sym)
        return out

    def considered_phases(self) -> list[str]:
        """The phases both engines consider.

        Examples
        --------
        >>> AlloySystem().considered_phases()
        ['BCC_A2', 'FCC_A1', 'HCP_A3', 'LIQUID', 'NA2K']
        """
        db = self.db
        if self.phases is None:
            return list(db.default_phases)
        for p in self.phases:
            if p not in db.phases:
                from semisolid.errors import suggest

                raise InputError(f"phase {p!r} is not in {self.name} (phases: "
                                 f"{', '.join(db.phases)}){suggest(p, db.phases)}", "phases")
        return list(self.phases)

    def engine_for(self, elements: Sequence[str]) -> str:
        """The engine that runs for these elements: ``"semisolid"`` or ``"pycalphad"``.

        ``"auto"`` is the project's engine unless it cannot model a phase of the system
        (then pycalphad, with a warning that names the reason).

        Examples
        --------
        >>> AlloySystem().engine_for(["K", "Na"])
        'semisolid'
        """
        from semisolid.electrode.equilibria import resolve_engine

        used = resolve_engine(self.engine)
        if self.engine != "auto" or used != "semisolid":
            return used
        try:
            self.db.system(list(elements), self.considered_phases())
        except DatabaseError as exc:
            warnings.warn(f"pycalphad answers for {'-'.join(elements)}: the project's engine "
                          f"cannot model it ({exc})", UserWarning, stacklevel=2)
            return "pycalphad"
        return "semisolid"

    def liquid_for(self, elements: Sequence[str]) -> tuple[str, ...]:
        """The liquid phases that can hold at least one of the elements (from the phase's
        constituents); warns when there is none, since no state can then be semi-solid.

        Examples
        --------
        >>> AlloySystem().liquid_for(["K", "Na"])
        ('LIQUID',)
        """
        liquid = self.liquid
        pdb = getattr(self.db, "pycalphad_db", None)
        if pdb is None:  # pragma: no cover - engine without the parsed database
            return liquid
        tdb = {self.db.tdb_name(el) for el in elements}
        ok = tuple(p for p in liquid if p in pdb.phases and any(
            str(getattr(s, "name", s)) in tdb for sub in pdb.phases[p].constituents for s in sub))
        if not ok:
            warnings.warn(f"no liquid phase of {self.name} ({', '.join(liquid)}) can hold "
                          f"{'-'.join(elements)}: every state is solid", UserWarning,
                          stacklevel=2)
        return ok

    def solve(self, elements: Sequence[str], x, temperature_K
              ) -> tuple[list[list[PhaseEquilibrium]], str]:
        """Equilibrium phases at each state and the engine that ran.

        A state of one element is solved with a second element of the database at zero
        amount (the engine works on two or more components).

        Examples
        --------
        >>> pts, used = AlloySystem().solve(["K", "Na"], [[0.5, 0.5]], 300.0)
        >>> [p.name for p in pts[0]], used
        (['LIQUID'], 'semisolid')
        """
        from semisolid.electrode.equilibria import solve_points

        els = list(elements)
        x = np.atleast_2d(np.asarray(x, dtype=float))
        pad = None
        if len(els) == 1:
            others = [e for e in self.db.elements if e not in els]
            if others:
                pad = others[0]
                els = [*els, pad]
                x = np.column_stack([x, np.zeros(x.shape[0])])
        used = self.engine_for(els)
        pts = solve_points(els, x, temperature_K, engine=used, db_path=self.db_path,
                           phases=self.considered_phases())
        if pad is not None:
            pts = [[PhaseEquilibrium(p.name, p.fraction, {k: v for k, v in p.composition.items()
                                                          if k != pad}) for p in ps]
                   for ps in pts]
        return pts, used

    def liquid_fraction(self, phases: Sequence[PhaseEquilibrium]) -> float:
        """Mole fraction of atoms in the liquid phases.

        Examples
        --------
        >>> AlloySystem().liquid_fraction([PhaseEquilibrium("LIQUID", 0.3, {})])
        0.3
        """
        return float(min(max(sum(p.fraction for p in phases if p.name in self.liquid), 0.0),
                         1.0))

    def to_dict(self) -> dict:
        """Database file, liquid phases and the phases considered.

        Examples
        --------
        >>> AlloySystem().to_dict()["database"]
        'LiNaK.tdb'
        """
        return {"database": self.name, "database_path": str(self.db.source),
                "liquid_phases": list(self.liquid), "phases": self.considered_phases()}


def as_system(system: AlloySystem | None = None, *, db_path: str | None = None,
              liquid_phases=None, phases=None, engine: str = "auto") -> AlloySystem:
    """An :class:`AlloySystem` from one, or from its parts (the keyword form of the API).

    Examples
    --------
    >>> as_system(engine="pycalphad").engine
    'pycalphad'
    """
    if system is not None:
        if not isinstance(system, AlloySystem):
            raise InputError(f"expected an AlloySystem, got {type(system).__name__}", "system")
        return system
    return AlloySystem(db_path, liquid_phases, phases, engine)


def resolve_charge(working_ion: str, charge: float | None = None) -> int:
    """The working ion's charge number: given, else the element's usual one.

    Examples
    --------
    >>> resolve_charge("Mg"), resolve_charge("Sn", 2)
    (2, 2)
    >>> resolve_charge("K", 0)
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: charge: 0 must be a positive whole number (the ion's charge)
    """
    from semisolid.materials.elements import default_charge

    if charge is None:
        return default_charge(working_ion)
    try:
        z = float(charge)
    except (TypeError, ValueError):
        raise InputError(f"{charge!r} is not a number", "charge") from None
    if not math.isfinite(z) or z <= 0 or z != round(z):
        raise InputError(f"{charge!r} must be a positive whole number (the ion's charge)",
                         "charge")
    if z > 9:  # the highest oxidation state known (IrO4+); 1e20 gave a silent result
        raise InputError(f"{charge!r}: no ion carries a charge above +9", "charge")
    return round(z)
