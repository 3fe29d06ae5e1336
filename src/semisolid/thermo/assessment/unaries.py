"""Gibbs energies of pure Li, Na and K (SGTE 1991) as plain coefficient tables.

The assessment and its uncertainty ensemble need ``G`` of each pure element in LIQUID and
BCC_A2 at a temperature, fast and without pycalphad. The SGTE 1991 unaries (A.T. Dinsdale,
Calphad 15 (1991) 317-425) are piecewise sums of the terms ``1, T, T ln T, T^2, T^3, 1/T,
T^7, T^-9``; each piece is stored as ``[T_low, T_high, {term: coefficient}]`` in the
package data file ``LiNaK_parameters.json``. The table is generated once from
``espei.refdata`` (dev extra) by :func:`unary_table_from_espei`; a test compares it with
espei and with pycalphad's reading of the shipped TDB.

Examples
--------
>>> u = Unaries.from_package()
>>> g = u("LIQUID", 336.53) - u("BCC_A2", 336.53)   # Li, Na, K; K melts at 336.53 K
>>> abs(float(g[2])) < 0.05
True
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Mapping

import numpy as np

__all__ = ["ELEMENTS", "PHASES", "TERMS", "Unaries", "unary_table_from_espei"]

ELEMENTS = ("LI", "NA", "K")
"""Element order of every composition vector of the assessment (TDB spelling)."""

PHASES = ("LIQUID", "BCC_A2")
"""Phases whose unaries the assessment evaluates."""

TERMS = {
    "1": lambda T: 1.0,
    "T": lambda T: T,
    "T*LN(T)": lambda T: T * math.log(T),
    "T**2": lambda T: T * T,
    "T**3": lambda T: T**3,
    "T**(-1)": lambda T: 1.0 / T,
    "T**7": lambda T: T**7,
    "T**(-9)": lambda T: T**-9,
}
"""The terms of an SGTE unary piece, by the name used in the table."""

_GHSER = {"LI": "GHSERLI", "NA": "GHSERNA", "K": "GHSERKK"}


class Unaries:
    """``G`` (J/mol) of pure Li, Na, K in LIQUID and BCC_A2 from a coefficient table.

    Parameters
    ----------
    table : mapping
        ``{element: {phase: [[T_low, T_high, {term: coefficient}], ...]}}``.

    Examples
    --------
    >>> u = Unaries.from_package()
    >>> u("BCC_A2", 298.15).round(1).tolist()   # SER: G(298.15 K) = -298.15 S298 (Li, Na, K)
    [-8682.1, -15295.1, -19284.3]
    """

    def __init__(self, table: Mapping) -> None:
        self.table = {el: {ph: [(float(lo), float(hi), dict(c)) for lo, hi, c in pieces]
                           for ph, pieces in table[el].items()} for el in ELEMENTS}
        self._cache: dict[tuple[str, float], np.ndarray] = {}

    @classmethod
    def from_package(cls) -> Unaries:
        """The table shipped in ``LiNaK_parameters.json``."""
        from semisolid.thermo.assessment.parameters import load_parameter_file

        return cls(load_parameter_file()["unaries"])

    def _piece(self, el: str, phase: str, T: float) -> dict:
        pieces = self.table[el][phase]
        for lo, hi, coef in pieces:
            if lo <= T < hi:
                return coef
        if T == pieces[-1][1]:
            return pieces[-1][2]
        raise ValueError(f"T = {T} K is outside the SGTE range of {el} {phase} "
                         f"({pieces[0][0]}-{pieces[-1][1]} K)")

    def __call__(self, phase: str, T: float) -> np.ndarray:
        """``[G_Li, G_Na, G_K]`` of `phase` at temperature `T` (K), J/mol."""
        key = (phase, float(T))
        out = self._cache.get(key)
        if out is None:
            if len(self._cache) > 50000:
                self._cache.clear()
            Tf = float(T)
            out = np.array([sum(c * TERMS[t](Tf) for t, c in self._piece(el, phase, Tf).items())
                            for el in ELEMENTS])
            self._cache[key] = out
        return out


def _bounds(cond: str) -> tuple[float, float]:
    nums = [float(x) for x in re.findall(r"[-+]?\d+\.?\d*(?:[eE][-+]?\d+)?", cond)]
    return min(nums), max(nums)


def _pieces(expr) -> list[tuple[float, float, object]]:
    out = []
    for value, cond in zip(expr.args[0::2], expr.args[1::2], strict=True):
        if str(cond) == "True":
            continue
        lo, hi = _bounds(str(cond))
        out.append((lo, hi, value))
    return sorted(out, key=lambda p: p[0])


def _term_name(monomial, T) -> str:
    import symengine as se

    names = {se.Integer(1): "1", T: "T", T * se.log(T): "T*LN(T)", T**2: "T**2",
             T**3: "T**3", T**-1: "T**(-1)", T**7: "T**7", T**-9: "T**(-9)"}
    for key, name in names.items():
        if se.expand(monomial - key) == 0:
            return name
    raise ValueError(f"unexpected SGTE term {monomial}")


def unary_table_from_espei() -> dict:
    """The coefficient table from ``espei.refdata`` (SGTE91; dev extra ``espei``).

    LIQUID pieces that reference ``GHSERxx`` are expanded with the stable-element piece
    valid on the same interval, so each piece is an absolute ``G`` in J/mol.

    Takes 5-15 s (espei and symengine); ``tests/thermo/test_assessment.py`` compares the
    shipped table with it and with pycalphad's reading of the TDB.
    """
    try:
        import espei.refdata as ref
    except ImportError as exc:  # pragma: no cover - dev extra
        raise ImportError("the unary table is generated from espei: "
                          "pip install semisolid[dev]") from exc
    import symengine as se

    T = ref.T
    table: dict = {}
    for el in ELEMENTS:
        stable = _pieces(ref.SGTE91Stable[el])
        table[el] = {}
        for phase in PHASES:
            own = _pieces(ref.SGTE91[(el, phase)])
            cuts = sorted({b for lo, hi, _ in own + stable for b in (lo, hi)})
            cuts = [c for c in cuts if own[0][0] <= c <= own[-1][1]]
            rows = []
            for lo, hi in itertools.pairwise(cuts):
                mid = 0.5 * (lo + hi)
                value = next(v for a, b, v in own if a <= mid < b)
                ghser = next(v for a, b, v in stable if a <= mid < b)
                value = se.expand(value.xreplace({se.Symbol(_GHSER[el]): ghser}))
                coef = {}
                for mono, c in value.as_coefficients_dict().items():
                    name = _term_name(mono, T)
                    coef[name] = coef.get(name, 0.0) + float(c)
                rows.append([lo, hi, coef])
            table[el][phase] = rows
    return table
