"""Alloy compositions as people write them: mole fractions, mol%, at% or wt%.

``K=0.95,Na=0.05`` (mole fractions), ``K=78wt%,Na=22wt%`` (weight percent), ``K=95at%,...``
or ``mol%``. Weight fractions are turned into mole fractions with the cited molar masses
(:func:`semisolid.materials.elements.element_data`), and results give both.

Examples
--------
>>> x = parse_alloy("K=78wt%,Na=22wt%")
>>> {k: round(v, 4) for k, v in x.items()}
{'K': 0.6758, 'Na': 0.3242}
>>> {k: round(v, 4) for k, v in weight_fractions(x).items()}
{'K': 0.78, 'Na': 0.22}
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping

from semisolid.errors import InputError
from semisolid.materials.elements import canonical_element, element_data

__all__ = [
    "mole_fractions_from_weight",
    "parse_alloy",
    "parse_element_quantities",
    "weight_fractions",
]

_UNIT = re.compile(r"^([-+0-9.eE]+)\s*(wt%|wt\.%|mass%|at%|mol%|%)?$")


def weight_fractions(mole_fractions: Mapping[str, float]) -> dict[str, float]:
    """Weight (mass) fractions of an alloy given in mole fractions.

    Examples
    --------
    >>> {k: round(v, 4) for k, v in weight_fractions({"K": 0.5, "Na": 0.5}).items()}
    {'K': 0.6297, 'Na': 0.3703}
    """
    mass = {el: x * element_data(el).molar_mass_kg_mol for el, x in mole_fractions.items()}
    total = sum(mass.values())
    if total <= 0:
        return {el: 0.0 for el in mole_fractions}
    return {el: m / total for el, m in mass.items()}


def mole_fractions_from_weight(weight: Mapping[str, float]) -> dict[str, float]:
    """Mole fractions of an alloy given in weight fractions (summing to 1).

    Examples
    --------
    >>> {k: round(v, 4) for k, v in mole_fractions_from_weight({"Zn": 0.95, "Al": 0.05}
    ...                                                        ).items()}
    {'Zn': 0.8869, 'Al': 0.1131}
    >>> mole_fractions_from_weight({"Zn": 0.9})
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: composition: weight fractions sum to 0.9, expected 1 ...
    """
    total = sum(float(v) for v in weight.values())
    if abs(total - 1.0) > 1e-6:
        raise InputError(f"weight fractions sum to {total:.6g}, expected 1 (within 1e-06)",
                         "composition")
    moles = {canonical_element(el, "composition"): float(w)
             / element_data(el).molar_mass_kg_mol for el, w in weight.items()}
    n = sum(moles.values())
    return {el: m / n for el, m in moles.items()}


def parse_alloy(text: str) -> dict[str, float]:
    """``"K=0.95,Na=0.05"``, ``"K=78wt%,Na=22wt%"``, ``"K=95at%,Na=5at%"`` -> mole fractions.

    One kind of unit per alloy: plain fractions (or ``%``, ``at%``, ``mol%``: by mole) or
    ``wt%`` (by weight). A composition that does not sum to 1 (100 %) is refused.

    Examples
    --------
    >>> parse_alloy("Mg=30at%,Li=70at%")
    {'Mg': 0.3, 'Li': 0.7}
    >>> parse_alloy("K=78wt%,Na=0.22")
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: alloy: mixes weight percent with other units in ...
    """
    parts = [p.strip() for p in str(text).split(",") if p.strip()]
    if not parts:
        raise InputError("empty; expected e.g. 'K=0.95,Na=0.05' or 'K=78wt%,Na=22wt%'",
                         "alloy")
    values: dict[str, float] = {}
    kinds = set()
    for part in parts:
        name, sep, val = (s.strip() for s in part.partition("="))
        m = _UNIT.match(val.replace(" ", ""))
        if not sep or not m:
            raise InputError(f"{part!r} is not ELEMENT=FRACTION, ELEMENT=PERCENTwt% or "
                             "ELEMENT=PERCENTat% (e.g. 'K=0.95' or 'K=78wt%')", "alloy")
        unit = (m.group(2) or "").lower()
        kind = "wt" if unit.startswith(("wt", "mass")) else "mol"
        kinds.add((kind, bool(unit)))
        try:
            v = float(m.group(1))
        except ValueError:
            raise InputError(f"{val!r} is not a number", "alloy") from None
        if not math.isfinite(v) or v < 0:
            raise InputError(f"{part!r}: the amount must be >= 0", "alloy")
        el = canonical_element(name, "alloy")
        if el in values:
            raise InputError(f"{el} given twice in {text!r}", "alloy")
        values[el] = v / 100.0 if unit else v
    if len({k for k, _ in kinds}) > 1 or len(kinds) > 1:
        if any(k == "wt" for k, _ in kinds):
            raise InputError(f"mixes weight percent with other units in {text!r}", "alloy")
        raise InputError(f"mixes percent and fractions in {text!r}", "alloy")
    if next(iter(kinds))[0] == "wt":
        total = sum(values.values())
        if abs(total - 1.0) > 1e-6:
            raise InputError(f"weight percents sum to {100 * total:.6g} %, expected 100 %",
                             "alloy")
        return mole_fractions_from_weight(values)
    return values


def parse_element_quantities(text: str, kind: str) -> dict[str, float]:
    """``"Li=0.534g/cm3,K(liquid)=0.83g/cm3"`` -> ``{"Li": 534.0, "K(liquid)": 830.0}`` (SI),
    each value a quantity of `kind` (:data:`semisolid.units.KINDS`).

    Examples
    --------
    >>> parse_element_quantities("Li=0.534g/cm3", "density")
    {'Li': 534.0}
    """
    from semisolid.units import parse_quantity

    out: dict[str, float] = {}
    for part in (p.strip() for p in str(text).split(",")):
        if not part:
            continue
        name, sep, val = (s.strip() for s in part.partition("="))
        if not sep or not name:
            raise InputError(f"{part!r} is not ELEMENT=VALUE (e.g. 'Li=0.534g/cm3')", kind)
        out[name] = float(parse_quantity(val, kind))
    if not out:
        raise InputError("empty; expected e.g. 'Li=0.534g/cm3'", kind)
    return out
