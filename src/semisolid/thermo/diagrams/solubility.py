"""Solubility of one element in a phase along a two-phase field of a ternary system.

Examples
--------
>>> from semisolid.thermo import load_database
>>> c = solubility(load_database(), "Li", temperature_K=300.0, n=11)
>>> c.phase, c.coexisting, bool(c.x_solute.max() < 0.01)
('LIQUID', 'BCC_A2', True)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from semisolid.errors import InputError, suggest
from semisolid.thermo.database import ThermoDatabase
from semisolid.thermo.engine.api import equilibrium_many

__all__ = ["SolubilityCurve", "solubility"]


@dataclass
class SolubilityCurve:
    """Solubility of `solute` in `phase` coexisting with a solute-rich `coexisting` phase.

    Attributes
    ----------
    phase, coexisting : str
        Names of the phases (several names joined by ``/`` where the coexisting phase
        changes along the curve).
    ratio : ndarray
        ``x_A / (x_A + x_B)`` of `phase` along the field (``ratio_elements = (A, B)``).
    x_solute : ndarray
        Mole fraction of the solute in `phase` at each ratio.

    Examples
    --------
    >>> from semisolid.thermo import load_database
    >>> c = solubility(load_database(), "Li", temperature_K=300.0, n=11)
    >>> bool(c.x_solute.max() < 0.01)
    True
    """

    solute: str
    phase: str
    coexisting: str
    temperature_K: float
    ratio_elements: tuple[str, str]
    ratio: np.ndarray
    x_solute: np.ndarray

    def to_dict(self) -> dict:
        """Plain-Python form (arrays as lists).

        Examples
        --------
        >>> c = SolubilityCurve("Li", "LIQUID", "BCC_A2", 300.0, ("K", "Na"),
        ...                     np.array([0.5]), np.array([1e-3]))
        >>> c.to_dict()["x_solute"]
        [0.001]
        """
        return {
            "solute": self.solute, "phase": self.phase, "coexisting": self.coexisting,
            "temperature_K": float(self.temperature_K),
            "ratio_elements": list(self.ratio_elements),
            "ratio": self.ratio.tolist(), "x_solute": self.x_solute.tolist(),
        }


def _names(db, wanted, considered, what):
    for p in wanted:
        if p not in considered:
            raise InputError(f"{what} {p!r} is not among the phases considered "
                             f"({', '.join(considered)}){suggest(p, considered)}", what)
    return list(wanted)


def solubility(
    db: ThermoDatabase,
    solute: str = "Li",
    phase: str | None = None,
    coexisting: str | None = None,
    temperature_K: float = 300.0,
    *,
    ratio_elements: Sequence[str] | None = None,
    n: int = 201,
    phases: Sequence[str] | None = None,
) -> SolubilityCurve:
    """Solubility of one element in a phase along a two-phase field (paper Fig. 7c).

    Overall compositions half-way between the solute corner and points of the opposite
    edge (``ratio`` from 0 to 1) are equilibrated; where a state holds a copy of `phase`
    together with a copy of `coexisting` richer in the solute, the composition of `phase`
    (its copy poorest in the solute) gives one point of the curve.

    Parameters
    ----------
    db : ThermoDatabase
    solute : str
    phase : str, optional
        The phase whose solute content is reported. Default: the database's liquid
        (:attr:`ThermoDatabase.liquid_phases`).
    coexisting : str, optional
        The solute-rich phase it coexists with. Default: any phase.
    temperature_K : float
    ratio_elements : pair of str, optional
        ``(A, B)``: the curve's abscissa is ``x_A / (x_A + x_B)`` of `phase`. Default: the
        database's two other elements (sorted), when it has three.
    n : int
        Overall compositions sampled.
    phases : sequence of str, optional

    Returns
    -------
    SolubilityCurve
        Sorted by ratio (empty arrays where no such field exists).

    Examples
    --------
    >>> from semisolid.thermo import load_database
    >>> c = solubility(load_database(), "Li", "LIQUID", "BCC_A2", 300.0, n=21)
    >>> bool(c.x_solute[0] > c.x_solute[-1])   # Na-rich liquid dissolves more Li
    True
    """
    solute = str(solute)
    db.tdb_name(solute, field="solute")
    if ratio_elements is None:
        others = [e for e in db.elements if e != solute]
        if len(others) != 2:
            raise InputError(f"name the two other elements (the database has "
                             f"{', '.join(db.elements)})", "ratio_elements")
        ratio_elements = others
    a, bb = (str(e) for e in ratio_elements)
    comps = [solute, a, bb]
    if len(set(comps)) != 3:
        raise InputError(f"solute and ratio elements must differ, got {comps}",
                         "ratio_elements")
    if n < 2:
        raise InputError(f"n must be at least 2, got {n}", "n")
    r = np.linspace(0.0, 1.0, n)
    x = np.column_stack([np.full(n, 0.5), 0.5 * r, 0.5 * (1 - r)])
    bt = equilibrium_many(db, comps, x, float(temperature_K), phases=phases)
    considered = bt.phase_names
    if phase is None:
        wanted = [p for p in considered if db.is_liquid(p)]
        if not wanted:
            raise InputError(f"no liquid among the phases considered ({', '.join(considered)}"
                             "); name the phase", "phase")
    else:
        wanted = _names(db, [phase], considered, "phase")
    partners = None if coexisting is None else _names(db, [coexisting], considered,
                                                        "coexisting")
    kp = {considered.index(p) for p in wanted}
    ratio, xs, seen_p, seen_c = [], [], [], []
    for i in range(n):
        slots = [s for s in range(bt.slot_phase.shape[1]) if bt.slot_phase[i, s] >= 0]
        mine = [s for s in slots if bt.slot_phase[i, s] in kp]
        if not mine:
            continue
        own = min(mine, key=lambda s: bt.slot_composition[i, s, 0])
        x_own = bt.slot_composition[i, own, 0]
        rich = [s for s in slots if s != own and bt.slot_composition[i, s, 0] > x_own + 1e-6
                and (partners is None or considered[bt.slot_phase[i, s]] in partners)]
        if not rich:
            continue
        mine = [own]
        c = bt.slot_composition[i, mine[0]]
        ratio.append(c[1] / (c[1] + c[2]))
        xs.append(c[0])
        seen_p.append(considered[bt.slot_phase[i, mine[0]]])
        seen_c.extend(considered[bt.slot_phase[i, s]] for s in rich)
    ratio_a, xs_a = np.array(ratio), np.array(xs)
    order = np.argsort(ratio_a)
    keep = np.concatenate([[True], np.diff(ratio_a[order]) > 1e-9]) if order.size else order
    name_p = "/".join(dict.fromkeys(seen_p)) or "/".join(wanted)
    name_c = "/".join(dict.fromkeys(seen_c)) or (coexisting or "")
    return SolubilityCurve(solute, name_p, name_c, float(temperature_K), (a, bb),
                           ratio_a[order][keep], xs_a[order][keep])
