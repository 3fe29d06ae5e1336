"""``semisolid thickness``, ``design``, ``design-map``, ``design-window`` and ``film``
(:mod:`semisolid.electrode`)."""

from __future__ import annotations

from pathlib import Path

import typer

from semisolid.cli._core import JSON, METAL, OUT_FILE, App, Quantity, run
from semisolid.cli.options import (
    ALLOY,
    CAPACITY,
    CHARGE,
    ENGINE,
    TEMPERATURE,
    database,
    grid,
    map_options,
    size,
)

app = App()


@app.command("thickness")
def thickness(
    metal_or_alloy: str = typer.Option(..., "--metal", parser=METAL,
                                       help="Li, Na, K, NaK, any element or K=0.95,Na=0.05."),
    areal_capacity_C_m2: float = CAPACITY,
    state: str = typer.Option("solid", "--state", help="Density basis: solid or liquid."),
    density_kg_m3: float = Quantity("--density", "density", "Override, e.g. 0.85g/cm3."),
    source: str = typer.Option(None, "--source", help="Preferred data source key."),
    charge: int = CHARGE, as_json: bool = JSON,
) -> None:
    """Plated thickness per half cycle (Faraday's law), with the density used."""
    run("semisolid.electrode.thickness.plated_thickness", locals(), title="Plated thickness")


_NO_FIGURE = "design draws no figure"


@app.command("design", options=[size, database], draws=True, needs={
    "direction": ["cell=half"], "formats": _NO_FIGURE, "dpi": _NO_FIGURE})
def design(
    composition: dict = typer.Option(..., "--alloy", parser=ALLOY,
                                     help="e.g. K=0.95,Na=0.05 or K=78wt%,Na=22wt%."),
    areal_capacity_C_m2: float = CAPACITY, temperature_K: float = TEMPERATURE,
    cell: str = typer.Option("symmetric", "--cell", help="symmetric or half."),
    direction: str = typer.Option("plate", "--direction", help="Half cell: plate or strip."),
    working_ion: str = typer.Option(None, "--working-ion",
                                    help="Element that moves (default: the majority)."),
    as_json: bool = JSON, **kw,
) -> None:
    """Composition swing of an alloy electrode over one half cycle."""
    run("semisolid.electrode.workflows.design_electrode", locals())


@app.command("design-map", options=[grid, map_options, size, database], draws="png_path")
def design_map(
    uncertainty: bool = typer.Option(False, "--uncertainty", help="95 % intervals (Li/Na/K)."),
    as_json: bool = JSON, **kw,
) -> None:
    """Liquid fraction at both ends on a grid; prints the window per temperature and capacity."""
    run("semisolid.electrode.workflows.write_design_map", locals())


@app.command("design-window", options=[grid, size, database], draws="png_path")
def design_window(
    min_solid_fraction: float = typer.Option(0.0, "--min-solid", help="At the liquid-rich end."),
    min_liquid_fraction: float = typer.Option(0.0, "--min-liquid", help="At the solid-rich end."),
    composition: dict = typer.Option(None, "--alloy", parser=ALLOY, help="Its min. thickness."),
    png_path: Path = typer.Option(None, "--png", parser=OUT_FILE, help="Draw the window."),
    uncertainty: bool = typer.Option(True, "--uncertainty/--no-uncertainty",
                                     help="95 % intervals of the edges (Li/Na/K ensemble)."),
    as_json: bool = JSON, **kw,
) -> None:
    """Inverse design: the starting compositions that stay semi-solid at both ends."""
    run("semisolid.electrode.workflows.find_design_window", locals())


@app.command("film")
def film(
    temperature_K: float = TEMPERATURE,
    film_volume_m3: float = Quantity("--volume", "volume", "Na-K liquid added.", default="5uL"),
    film_composition: dict = typer.Option("K=0.68,Na=0.32", "--composition",
                                          parser=ALLOY, help="Of the liquid."),
    li_diameter_m: float = Quantity("--diameter", "length", "Li disc diameter.", default="9.53mm",
                                    feeds="diameter"),
    li_thickness_m: float = Quantity("--li-thickness", "length", "Li disc thickness.",
                                     default="0.25mm"),
    engine: str = ENGINE, as_json: bool = JSON,
) -> None:
    """Equilibrium of a Li disc with a Na-K liquid film on one face."""
    run("semisolid.electrode.film.film_equilibrium", locals(), title="Li + Na-K film")
