"""Shared fixtures. Test data is reached through these, never through the working directory."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

# Tests never assert a wall time: no Hypothesis deadlines (a loaded CI machine is slow), and
# reproducible examples (no example database written into the working tree).
settings.register_profile("semisolid", deadline=None, derandomize=True, database=None)
settings.load_profile("semisolid")

DATA_DIR = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The folder of test input files (see tests/data/SOURCES.md)."""
    return DATA_DIR


# Doctests that take more than about 0.5 s on a loaded 2-core machine (measured with
# `pytest --durations=0`; most pay for a first thermodynamic calculation or a figure). They
# run in `make test` and are left out of `make test-fast` (`-m "not slow"`).
SLOW_DOCTESTS = {
    "semisolid.plots.thermo", "semisolid.plots.thermo.plot_binary_diagram",
    "semisolid.plots.thermo.plot_k_rich_nak", "semisolid.plots.thermo.plot_ternary_section",
    "semisolid.plots.design.plot_fig7a", "semisolid.thermo.figures",
    "semisolid.electrode.equilibria", "semisolid.electrode.equilibria.LeverTable",
    "semisolid.electrode.equilibria.LeverTable.phase_of_single",
    "semisolid.electrode.equilibria.LeverTable.liquid_fraction",
    "semisolid.electrode.equilibria.LeverTable.place",
    "semisolid.electrode.equilibria.binary_lever_table",
    "semisolid.electrode.equilibria.binary_lever_tables",
    "semisolid.electrode.window.design_window",
    "semisolid.thermo.diagrams.binary.binary_diagram", "semisolid.thermo.workflows.phase_diagram",
    "semisolid.ccd.catalog.store.Catalog.cells", "semisolid.ccd.catalog.store.Catalog.summary",
    "semisolid.ccd.catalog.store.Catalog.results",
    "semisolid.thermo.engine_reference.reference_equilibrium", "semisolid.electrode.film",
    "semisolid.electrode.film.FilmResult", "semisolid.thermo.diagrams.ternary.ternary_section",
    "semisolid.thermo.diagrams.ternary.TernarySection", "semisolid.plots.report",
    "semisolid.sweep.cells", "semisolid.sweep.cluster.dask_client",
    "semisolid.plots.save", "semisolid.electrode.equilibria.solve_points",
    "semisolid.thermo.diagrams.binary.default_temperature_range", "semisolid.thermo.diagrams",
    "semisolid.thermo.diagrams.binary", "semisolid.electrode.film.FilmResult.to_dict",
    "semisolid.electrode.film.film_equilibrium",
    "semisolid.electrode.workflows.find_design_window", "semisolid.plots.design",
}


def pytest_collection_modifyitems(config, items):
    """Mark the doctests of :data:`SLOW_DOCTESTS` slow, and every test that needs the
    throwaway PostgreSQL server (marker ``postgres``: starting a cluster and creating its
    databases costs seconds; the fast tier checks the catalog on SQLite)."""
    for item in items:
        if type(item).__name__ == "DoctestItem" and item.name in SLOW_DOCTESTS:
            item.add_marker(pytest.mark.slow)
        elif item.get_closest_marker("postgres") is not None:
            item.add_marker(pytest.mark.slow)
