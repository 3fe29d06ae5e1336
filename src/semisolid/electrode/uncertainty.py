"""Design numbers of an alloy electrode with 95 % intervals from the assessment's ensemble.

For the start and both ends of a half cycle (the same bookkeeping as
:func:`semisolid.electrode.swing.composition_swing`), the liquid mole fraction is given as
the value of the shipped database with the central 95 % range of the uncertainty ensemble
of the Li-Na-K assessment, and its temperature sensitivity (fraction per K) likewise.

The ensemble covers binary electrodes of Li, Na and K (K-Na, Li-Na, Li-K). An electrode
with three elements has no interval: :func:`swing_uncertainty` says so with an
:class:`~semisolid.errors.InputError` (``ensemble_covers`` tells beforehand).

Examples
--------
>>> from semisolid.electrode.electrode import Electrode
>>> e = Electrode.from_volume({"K": 0.95, "Na": 0.05}, 10e-9, diameter_m=7.14e-3,
...                           temperature_K=295.15)
>>> u = swing_uncertainty(e, 3 * 36000, "K")
>>> [round(u.ends[k].liquid_fraction.value * 100, 1) for k in ("start", "enriched", "depleted")]
[10.1, 3.0, 20.6]
>>> sorted(u.to_dict()["enriched"])[:2]
['composition', 'dliquid_fraction_dT_per_K']
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from semisolid.constants import FARADAY_C_PER_MOL
from semisolid.electrode.electrode import Electrode
from semisolid.electrode.swing import swing_bookkeeping
from semisolid.errors import InputError
from semisolid.materials.metals import canonical_metal_name
from semisolid.units import require_positive

if TYPE_CHECKING:
    from semisolid.thermo.assessment import Ensemble, Interval

__all__ = ["EndUncertainty", "SwingUncertainty", "ensemble_covers", "swing_uncertainty"]


def ensemble_covers(composition: Mapping[str, float]) -> bool:
    """True when the assessment's ensemble gives intervals for this composition (a binary or a
    pure element of Li, Na, K).

    Examples
    --------
    >>> ensemble_covers({"K": 0.9, "Na": 0.1}), ensemble_covers({"Li": 0.5, "Na": 0.3, "K": 0.2})
    (True, False)
    """
    present = [canonical_metal_name(el) for el, x in composition.items() if x > 0]
    return len(present) <= 2 and all(el in ("Li", "Na", "K") for el in present)


@dataclass(frozen=True)
class EndUncertainty:
    """One state of the half cycle (start, enriched or depleted) with its intervals.

    Attributes
    ----------
    label : str
    composition : dict
        Mole fractions of the state.
    liquid_fraction : Interval
        Mole fraction of atoms in the liquid (value of the shipped database, 95 % range).
    dliquid_fraction_dT_per_K : Interval
        Temperature sensitivity of the liquid fraction (fraction per K).
    """

    label: str
    composition: dict[str, float]
    liquid_fraction: Interval
    dliquid_fraction_dT_per_K: Interval

    def to_dict(self) -> dict:
        """``liquid_fraction`` and ``dliquid_fraction_dT_per_K`` with ``_low``/``_high``."""
        return ({"composition": dict(self.composition)}
                | self.liquid_fraction.to_dict("liquid_fraction")
                | self.dliquid_fraction_dT_per_K.to_dict("dliquid_fraction_dT_per_K"))


@dataclass(frozen=True)
class SwingUncertainty:
    """Liquid fractions of a half cycle with their ensemble intervals.

    Attributes
    ----------
    temperature_K : float
    confidence : float
    members : int
        Ensemble members behind each interval.
    ends : dict
        ``{"start": EndUncertainty, "enriched": ..., "depleted": ...}`` (ends the cell has,
        and that still hold atoms).
    method : str
        How the ensemble was made (from its file).
    """

    temperature_K: float
    confidence: float
    members: int
    ends: dict[str, EndUncertainty] = field(default_factory=dict)
    method: str = ""

    def __repr__(self) -> str:
        parts = [f"{k} {e.liquid_fraction.value * 100:.1f} [{e.liquid_fraction.low * 100:.1f}, "
                 f"{e.liquid_fraction.high * 100:.1f}]" for k, e in self.ends.items()]
        return (f"SwingUncertainty(T={self.temperature_K:g} K, mol% liquid "
                f"{'; '.join(parts)}, {self.confidence * 100:.0f} % of {self.members} members)")

    def to_dict(self) -> dict:
        """``{label: {...}, "uncertainty": {...}}`` for JSON output."""
        out: dict = {k: e.to_dict() for k, e in self.ends.items()}
        out["uncertainty"] = {"confidence": self.confidence, "members": self.members,
                              "temperature_K": self.temperature_K, "method": self.method,
                              "source": "semisolid.thermo.assessment ensemble "
                                        "(LiNaK_ensemble.json)"}
        return out

    def to_frame(self):
        """One row per state: value, low and high of both numbers (pandas DataFrame)."""
        import pandas as pd

        rows = []
        for k, e in self.ends.items():
            d = e.to_dict()
            d.pop("composition")
            rows.append({"state": k, **d})
        return pd.DataFrame(rows).set_index("state")


def swing_uncertainty(
    electrode: Electrode,
    areal_capacity_C_m2: float,
    working_ion: str,
    cell: str = "symmetric",
    direction: str = "plate",
    confidence: float = 0.95,
    dT_K: float = 0.5,
    ensemble: Ensemble | None = None,
    db_path: str | None = None,
) -> SwingUncertainty:
    """Liquid fractions at the start and ends of a half cycle, with 95 % intervals.

    Parameters
    ----------
    electrode : Electrode
        Binary (or pure) Li/Na/K electrode.
    areal_capacity_C_m2 : float
        Charge per area per half cycle [C/m2] (1 mAh/cm2 = 36000 C/m2).
    working_ion : str
    cell : {"symmetric", "half"}
    direction : {"plate", "strip"}
        Half cell only.
    confidence : float
        Interval width (0.95 = 2.5th to 97.5th percentile of the members).
    dT_K : float
        Half step of the central difference for the temperature sensitivity.
    ensemble : semisolid.thermo.assessment.Ensemble, optional
        Default: the ensemble of the database `db_path`.
    db_path : str, optional
        The TDB the design uses (default: the shipped one, which has an ensemble; another
        database has none, and this function then refuses).

    Returns
    -------
    SwingUncertainty

    Raises
    ------
    InputError
        A ternary electrode or a database without an ensemble (no interval), or bad
        arguments.
    """
    from semisolid.thermo.assessment import ensemble_for_database, liquid_fraction_intervals

    q = require_positive(areal_capacity_C_m2, "areal_capacity")
    ion = canonical_metal_name(working_ion)
    if ion not in ("Li", "Na", "K"):
        raise InputError(f"{working_ion!r} is not an element (Li, Na, K)", "working_ion")
    if cell not in ("symmetric", "half"):
        raise InputError(f"cell {cell!r} is not 'symmetric' or 'half'", "cell")
    if direction not in ("plate", "strip"):
        raise InputError(f"direction {direction!r} is not 'plate' or 'strip'", "direction")
    n0 = {canonical_metal_name(el): float(n) for el, n in electrode.moles.items()}
    n0.setdefault(ion, 0.0)
    if not ensemble_covers({el: n for el, n in n0.items() if n > 0 or el == ion} | {ion: 1.0}):
        raise InputError(f"the uncertainty ensemble covers binary Li/Na/K electrodes; "
                         f"{', '.join(sorted(n0))} has no interval", "composition")
    if n0[ion] <= 0.0 and (cell == "symmetric" or direction == "strip"):
        raise InputError(f"{ion} is not in the electrode: it cannot be stripped", "working_ion")
    ens = ensemble or ensemble_for_database(db_path)
    if ens is None:
        raise InputError(f"{db_path} has no uncertainty ensemble (only the shipped LiNaK.tdb "
                         "has one)", "db_path")
    book = swing_bookkeeping(n0[ion], sum(n0.values()),
                             q * electrode.area_m2 / FARADAY_C_PER_MOL, cell, direction)
    states = {"start": n0}
    if cell == "symmetric" or direction == "plate":
        states["enriched"] = n0 | {ion: float(book.ion_mol_enriched)}
    if cell == "symmetric" or direction == "strip":
        states["depleted"] = n0 | {ion: float(book.ion_mol_depleted)}
    states = {k: s for k, s in states.items() if sum(s.values()) > 0}
    others = sorted(el for el in n0 if el != ion)
    pair = (ion, others[0]) if others else (ion, "Na" if ion != "Na" else "K")
    comps = {k: {el: n / sum(s.values()) for el, n in s.items()} for k, s in states.items()}
    xb = np.array([comps[k].get(pair[1], 0.0) for k in states])
    est = liquid_fraction_intervals(pair, xb, electrode.temperature_K, confidence, dT_K, ens)
    ends = {k: EndUncertainty(k, comps[k], e.liquid_fraction, e.dliquid_fraction_dT_per_K)
            for k, e in zip(states, est, strict=True)}
    return SwingUncertainty(float(electrode.temperature_K), float(confidence), ens.size, ends,
                            str(ens.meta.get("method", "")))
