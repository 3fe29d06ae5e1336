"""Toughness from a set of Vickers indents by one or both crack-length methods (the
workflow of ``semisolid toughness``).

Examples
--------
>>> r = toughness_from_tests([9.81], [30e-6], [100e-6])   # no modulus: Evans-Charles only
>>> list(r.results), round(r.results["evans-charles"].toughness_Pa_sqrt_m / 1e6, 4)
(['evans-charles'], 0.7848)
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from semisolid.errors import InputError
from semisolid.mechanics.indentation import (
    ANSTIS_XI,
    EVANS_CHARLES_CONSTANT,
    ToughnessFit,
    fit_toughness,
    toughness_from_indent,
)

__all__ = ["METHODS", "ToughnessResults", "toughness_from_tests"]

METHODS = {"both": ("anstis", "evans-charles"), "anstis": ("anstis",),
           "evans-charles": ("evans-charles",)}
"""``method`` of :func:`toughness_from_tests` -> the methods it runs."""


@dataclass
class ToughnessResults:
    """Toughness by each method run, and the validity warnings raised.

    Examples
    --------
    >>> ToughnessResults().to_dict()
    {'results': {}, 'warnings': []}
    """

    results: dict[str, ToughnessFit] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """``{"results": {method: fit}, "warnings": [...]}``."""
        return {"results": {m: r.to_dict() for m, r in self.results.items()},
                "warnings": list(self.warnings)}

    def tables(self) -> list[tuple[str, list[str], list[list[Any]]]]:
        """One row per method (MPa m^0.5, GPa)."""
        rows = [[m, r.toughness_Pa_sqrt_m / 1e6, r.n_indents,
                 sum(r.hardness_Pa) / len(r.hardness_Pa) / 1e9] for m, r in self.results.items()]
        return [("Indentation fracture toughness",
                 ["method", "K_c (MPa m^0.5)", "indents", "H = P/2a2 (GPa)"], rows)]


def toughness_from_tests(
    loads_N: Sequence[float],
    half_diagonals_m: Sequence[float],
    crack_lengths_m: Sequence[float],
    method: str = "both",
    youngs_modulus_Pa: float | None = None,
    xi: float = ANSTIS_XI,
    constant: float = EVANS_CHARLES_CONSTANT,
) -> ToughnessResults:
    """Fracture toughness from Vickers indents: one load, half-diagonal and crack per indent.

    With two or more indents a load-independent toughness is fitted
    (:func:`~semisolid.mechanics.indentation.fit_toughness`); one indent gives its own
    (:func:`~semisolid.mechanics.indentation.toughness_from_indent`).

    Parameters
    ----------
    loads_N, half_diagonals_m, crack_lengths_m : sequence of float
        Same length, one value per indent.
    method : {"both", "anstis", "evans-charles"}
        ``"both"`` runs Anstis only when `youngs_modulus_Pa` is given.
    youngs_modulus_Pa : float, optional
        Required by ``method="anstis"``.
    xi, constant : float
        The Anstis and Evans-Charles constants.

    Returns
    -------
    ToughnessResults
        The validity warnings (:class:`~semisolid.mechanics.IndentationWarning`, also
        raised) are listed in ``warnings``.

    Examples
    --------
    >>> r = toughness_from_tests([19.6, 9.81], [35e-6, 24.7e-6], [150e-6, 94.5e-6],
    ...                          youngs_modulus_Pa=150e9)
    >>> sorted(r.results), r.results["anstis"].n_indents
    (['anstis', 'evans-charles'], 2)
    """
    if method not in METHODS:
        raise InputError(f"unknown method {method!r}; expected {', '.join(METHODS)}", "method")
    n = [len(v) for v in (loads_N, half_diagonals_m, crack_lengths_m)]
    if n[0] == 0:
        raise InputError("no indent given", "loads_N")
    if len(set(n)) != 1:
        raise InputError("give one load, half-diagonal and crack length per indent (got "
                         f"{n[0]}, {n[1]} and {n[2]})", "loads_N")
    run = [m for m in METHODS[method] if m != "anstis" or youngs_modulus_Pa is not None
           or method == "anstis"]
    out = ToughnessResults()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for m in run:
            if n[0] >= 2:
                out.results[m] = fit_toughness(loads_N, half_diagonals_m, crack_lengths_m, m,
                                               youngs_modulus_Pa, xi, constant)
            else:
                out.results[m] = toughness_from_indent(loads_N[0], half_diagonals_m[0],
                                                       crack_lengths_m[0], m,
                                                       youngs_modulus_Pa, xi, constant)
    unique = {str(w.message): w.category for w in caught}
    out.warnings = list(unique)
    for msg, category in unique.items():
        warnings.warn(msg, category, stacklevel=2)
    return out
