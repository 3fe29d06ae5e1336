"""``semisolid thickness``, ``design``, ``design-map``, ``design-window`` and ``film``
(:mod:`semisolid.electrode`)."""

from __future__ import annotations

from pathlib import Path

import typer

from semisolid.cli._core import JSON, METAL, NAMES, OUT_FILE, App, Grid, Parser, Q, run

app = App()


def _lib(name: str, *args):  # a parser from semisolid.electrode.composition, imported on use
    from importlib import import_module

    return lambda t: getattr(import_module("semisolid.electrode.composition"), name)(t, *args)


ALLOY = Parser(_lib("parse_alloy"), "metal")
ENGINE = typer.Option("auto", "--engine", help="auto, semisolid or pycalphad.")
VOLUME = typer.Option(None, "--volume", parser=Q("volume"), help="Electrode volume, e.g. 10uL.")
THICKNESS = typer.Option(None, "--thickness", parser=Q("length"), help="Instead of --volume.")
DIAMETER = typer.Option(None, "--diameter", parser=Q("length"), help="Collector, e.g. 7.14mm.")
AREA = typer.Option(None, "--area", parser=Q("area"), help="Instead of --diameter.")
CAPACITY = typer.Option(..., "--areal-capacity", parser=Q("areal_capacity"),
                        help="Per half cycle, e.g. 3mAh/cm2.")
TEMPERATURE = typer.Option("22C", "--temperature", parser=Q("temperature"), help="e.g. 22C.")
TDB = typer.Option(None, "--tdb", help="TDB database (default: the shipped Li-Na-K).")
CHARGE = typer.Option(None, "--charge", help="Working ion's charge (default: the usual one).")
LIQUIDS = typer.Option(None, "--liquid-phases", help="e.g. LIQUID (default: the TDB's ':L').")
DENSITY = typer.Option(None, "--density", parser=Parser(_lib("parse_element_quantities",
                       "density"), "density"), help="e.g. Li=0.534g/cm3,K(liquid)=0.83g/cm3.")
ELEMENTS = typer.Option("K,Na", "--elements", parser=Parser(NAMES.parse, "elements"),
                        help="Binary or ternary, e.g. K,Na or K,Na,Li.")
ION = typer.Option("K", "--working-ion", help="The element that moves.")
GRID_Q = typer.Option("0.5mAh/cm2:6mAh/cm2:23", "--areal-capacity", parser=Grid(
    "areal_capacity"), help="START:STOP:N or a list.")
GRID_T = typer.Option("22C", "--temperature", parser=Grid("temperature"),
                      help="START:STOP:N or a list.")


@app.command("thickness")
def thickness(
    metal_or_alloy: str = typer.Option(..., "--metal", parser=METAL,
                                       help="Li, Na, K, NaK, any element or K=0.95,Na=0.05."),
    areal_capacity_C_m2: float = CAPACITY,
    state: str = typer.Option("solid", "--state", help="Density basis: solid or liquid."),
    density_kg_m3: float = typer.Option(None, "--density", parser=Q("density"),
                                        help="Override, e.g. 0.85g/cm3."),
    source: str = typer.Option(None, "--source", help="Preferred data source key."),
    charge: int = CHARGE, as_json: bool = JSON,
) -> None:
    """Plated thickness per half cycle (Faraday's law), with the density used."""
    run("semisolid.electrode.thickness.plated_thickness", locals(), title="Plated thickness")


@app.command("design")
def design(
    composition: dict = typer.Option(..., "--alloy", parser=ALLOY,
                                     help="e.g. K=0.95,Na=0.05 or K=78wt%,Na=22wt%."),
    volume_m3: float = VOLUME, thickness_m: float = THICKNESS, diameter_m: float = DIAMETER,
    area_m2: float = AREA, areal_capacity_C_m2: float = CAPACITY,
    temperature_K: float = TEMPERATURE,
    cell: str = typer.Option("symmetric", "--cell", help="symmetric or half."),
    direction: str = typer.Option("plate", "--direction", help="Half cell: plate or strip."),
    working_ion: str = typer.Option(None, "--working-ion",
                                    help="Element that moves (default: the majority)."),
    db_path: str = TDB, charge: int = CHARGE, liquid_phases: str = LIQUIDS,
    density_kg_m3: dict = DENSITY, engine: str = ENGINE, as_json: bool = JSON,
) -> None:
    """Composition swing of an alloy electrode over one half cycle."""
    run("semisolid.electrode.workflows.design_electrode", locals())


@app.command("design-map")
def design_map(
    elements: list = ELEMENTS, working_ion: str = ION,
    x_working: list = typer.Option("0.80:0.99:39", "--x", parser=Grid(None, "composition"),
                                   help="x of the working ion, START:STOP:N or a list."),
    share: list = typer.Option(None, "--share", parser=Grid(None), help="Ternary: x_b/(x_b+x_c)."),
    areal_capacity_C_m2: list = GRID_Q, temperature_K: list = GRID_T,
    volume_m3: float = VOLUME, thickness_m: float = THICKNESS, diameter_m: float = DIAMETER,
    area_m2: float = AREA,
    path: Path = typer.Option(..., "--output", "-o", parser=OUT_FILE, help=".nc or .csv."),
    png_path: Path = typer.Option(None, "--png", parser=OUT_FILE, help="Also draw a PNG."),
    db_path: str = TDB, charge: int = CHARGE, liquid_phases: str = LIQUIDS,
    density_kg_m3: dict = DENSITY, engine: str = ENGINE, as_json: bool = JSON,
    uncertainty: bool = typer.Option(False, "--uncertainty", help="95 % intervals (Li/Na/K)."),
) -> None:
    """Liquid fraction at both ends on a grid; prints the window per temperature and capacity."""
    run("semisolid.electrode.workflows.write_design_map", locals())


@app.command("design-window")
def design_window(
    elements: list = ELEMENTS, working_ion: str = ION,
    areal_capacity_C_m2: list = GRID_Q, temperature_K: list = GRID_T,
    volume_m3: float = VOLUME, thickness_m: float = THICKNESS, diameter_m: float = DIAMETER,
    area_m2: float = AREA,
    min_solid_fraction: float = typer.Option(0.0, "--min-solid", help="At the liquid-rich end."),
    min_liquid_fraction: float = typer.Option(0.0, "--min-liquid", help="At the solid-rich end."),
    composition: dict = typer.Option(None, "--alloy", parser=ALLOY, help="Its min. thickness."),
    png_path: Path = typer.Option(None, "--png", parser=OUT_FILE, help="Draw the window."),
    db_path: str = TDB, charge: int = CHARGE, liquid_phases: str = LIQUIDS,
    density_kg_m3: dict = DENSITY, engine: str = ENGINE, as_json: bool = JSON,
) -> None:
    """Inverse design: the starting compositions that stay semi-solid at both ends."""
    run("semisolid.electrode.workflows.find_design_window", locals())


@app.command("film")
def film(
    temperature_K: float = TEMPERATURE,
    film_volume_m3: float = typer.Option("5uL", "--volume", parser=Q("volume"),
                                         help="Na-K liquid added."),
    film_composition: dict = typer.Option("K=0.68,Na=0.32", "--composition",
                                          parser=ALLOY, help="Of the liquid."),
    li_diameter_m: float = typer.Option("9.53mm", "--diameter", parser=Q("length", "diameter"),
                                        help="Li disc diameter."),
    li_thickness_m: float = typer.Option("0.25mm", "--li-thickness", parser=Q("length"),
                                         help="Li disc thickness."),
    engine: str = ENGINE, as_json: bool = JSON,
) -> None:
    """Equilibrium of a Li disc with a Na-K liquid film on one face."""
    run("semisolid.electrode.film.film_equilibrium", locals(), title="Li + Na-K film")
