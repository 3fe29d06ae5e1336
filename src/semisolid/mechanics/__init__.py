"""Indentation mechanics: Vickers hardness, Tabor yield stress, crack-length toughness.

Examples
--------
>>> from semisolid.mechanics import tabor_yield_stress_Pa
>>> round(tabor_yield_stress_Pa(0.72e6) / 1e6, 2)
0.24
"""

from semisolid.mechanics.indentation import (
    ANSTIS_XI,
    EVANS_CHARLES_CONSTANT,
    HardnessResult,
    IndentationWarning,
    ToughnessFit,
    anstis_toughness_Pa_sqrt_m,
    diagonal_from_hardness_m,
    evans_charles_toughness_Pa_sqrt_m,
    fit_toughness,
    hardness_from_tests,
    tabor_yield_stress_Pa,
    toughness_from_indent,
    vickers_hardness_Pa,
)
from semisolid.mechanics.workflows import ToughnessResults, toughness_from_tests

__all__ = [
    "ANSTIS_XI",
    "EVANS_CHARLES_CONSTANT",
    "HardnessResult",
    "IndentationWarning",
    "ToughnessFit",
    "ToughnessResults",
    "anstis_toughness_Pa_sqrt_m",
    "diagonal_from_hardness_m",
    "evans_charles_toughness_Pa_sqrt_m",
    "fit_toughness",
    "hardness_from_tests",
    "tabor_yield_stress_Pa",
    "toughness_from_indent",
    "toughness_from_tests",
    "vickers_hardness_Pa",
]
