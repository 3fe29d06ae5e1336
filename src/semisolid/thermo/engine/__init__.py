"""The equilibrium engine: fast minimisation of the Gibbs energy for 1 to 3 components.

One job per module:

* :mod:`~semisolid.thermo.engine.api`: ``equilibrium``, ``equilibrium_many``,
  ``equilibrium_grid`` and the choice of engine (``auto``, ``semisolid``, ``pycalphad``);
* :mod:`~semisolid.thermo.engine.inputs`: checks of components, compositions, temperatures;
* :mod:`~semisolid.thermo.engine.sampling`: Gibbs-energy sampling of every phase;
* :mod:`~semisolid.thermo.engine.hull`: the lower convex hull and where a state lies on it;
* :mod:`~semisolid.thermo.engine.newton`: Newton refinement of phase assemblages and
  driving forces;
* :mod:`~semisolid.thermo.engine.stability`: the final global stability check and repair;
* :mod:`~semisolid.thermo.engine.batching`: states grouped by temperature and assemblage;
* :mod:`~semisolid.thermo.engine.fields`: the two-phase fields of a binary (for diagrams);
* :mod:`~semisolid.thermo.engine.pycalphad_backend`: pycalphad as an engine;
* :mod:`~semisolid.thermo.engine.states`: the table the stages fill in.

:mod:`semisolid.thermo.engine_reference` is a short, plain point-by-point reference
(scipy minimisation of the total G); tests compare the engines with each other and with
pycalphad.

Examples
--------
>>> from semisolid.thermo import load_database
>>> r = equilibrium(load_database(), {"K": 0.95, "Na": 0.05}, temperature_K=295.15)
>>> [p.name for p in r.phases]
['BCC_A2', 'LIQUID']
>>> 0.0 < r.liquid_fraction < 0.3
True
"""

from semisolid.thermo.engine.api import equilibrium, equilibrium_grid, equilibrium_many

__all__ = ["equilibrium", "equilibrium_grid", "equilibrium_many"]
