"""Li-Na-K thermodynamics: TDB databases, the fast equilibrium engine and phase diagrams.

Examples
--------
>>> from semisolid.thermo import load_database, equilibrium
>>> db = load_database()
>>> db.elements
['K', 'Li', 'Na']
>>> r = equilibrium(db, {"K": 0.95, "Na": 0.05}, temperature_K=295.15)
>>> r.phase_names
['BCC_A2', 'LIQUID']
"""

from semisolid.thermo.database import ThermoDatabase, load_database
from semisolid.thermo.engine import equilibrium, equilibrium_grid, equilibrium_many
from semisolid.thermo.results import EquilibriumBatch, EquilibriumResult, PhaseEquilibrium
from semisolid.thermo.workflows import equilibrium_at, isothermal_section, phase_diagram

__all__ = [
    "EquilibriumBatch",
    "EquilibriumResult",
    "PhaseEquilibrium",
    "ThermoDatabase",
    "equilibrium",
    "equilibrium_at",
    "equilibrium_grid",
    "equilibrium_many",
    "isothermal_section",
    "load_database",
    "phase_diagram",
]
