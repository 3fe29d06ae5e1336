"""Phase diagrams: binary T-x diagrams with invariant reactions, isothermal ternary sections,
and the solubility of one element in a phase along a two-phase field.

* :mod:`~semisolid.thermo.diagrams.binary`: ``binary_diagram``, ``default_temperature_range``;
* :mod:`~semisolid.thermo.diagrams.ternary`: ``ternary_section``;
* :mod:`~semisolid.thermo.diagrams.solubility`: ``solubility``.

Examples
--------
>>> from semisolid.thermo import load_database
>>> d = binary_diagram(load_database(), ("K", "Na"), 240.0, 300.0, step_K=2.0)
>>> sorted({i.kind for i in d.invariants})
['eutectic', 'peritectic']
"""

from semisolid.thermo.diagrams.binary import (
    BinaryDiagram,
    FieldBoundary,
    Invariant,
    binary_diagram,
    default_temperature_range,
)
from semisolid.thermo.diagrams.solubility import SolubilityCurve, solubility
from semisolid.thermo.diagrams.ternary import (
    TernarySection,
    ThreePhaseTriangle,
    TieLine,
    ternary_section,
)

__all__ = [
    "BinaryDiagram",
    "FieldBoundary",
    "Invariant",
    "SolubilityCurve",
    "TernarySection",
    "ThreePhaseTriangle",
    "TieLine",
    "binary_diagram",
    "default_temperature_range",
    "solubility",
    "ternary_section",
]
