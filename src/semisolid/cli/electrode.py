"""``semisolid thickness``, ``design``, ``design-map`` and ``film`` (:mod:`semisolid.electrode`)."""

from __future__ import annotations

from pathlib import Path

import typer

from semisolid.cli._core import COMPOSITION, JSON, METAL, NAMES, OUT_FILE, App, Grid, Parser, Q, run

app = App()
ENGINE = typer.Option("auto", "--engine", help="auto, semisolid or pycalphad.")
VOLUME = typer.Option(None, "--volume", parser=Q("volume"), help="Electrode volume, e.g. 10uL.")
THICKNESS = typer.Option(None, "--thickness", parser=Q("length"), help="Instead of --volume.")
DIAMETER = typer.Option(None, "--diameter", parser=Q("length"), help="Collector, e.g. 7.14mm.")
AREA = typer.Option(None, "--area", parser=Q("area"), help="Instead of --diameter.")
CAPACITY = typer.Option(..., "--areal-capacity", parser=Q("areal_capacity"),
                        help="Per half cycle, e.g. 3mAh/cm2.")
TEMPERATURE = typer.Option("22C", "--temperature", parser=Q("temperature"), help="e.g. 22C.")


@app.command("thickness")
def thickness(
    metal_or_alloy: str = typer.Option(..., "--metal", parser=METAL,
                                       help="Li, Na, K, NaK or an alloy K=0.95,Na=0.05."),
    areal_capacity_C_m2: float = CAPACITY,
    state: str = typer.Option("solid", "--state", help="Density basis: solid or liquid."),
    density_kg_m3: float = typer.Option(None, "--density", parser=Q("density"),
                                        help="Override, e.g. 0.85g/cm3."),
    source: str = typer.Option(None, "--source", help="Preferred data source key."),
    as_json: bool = JSON,
) -> None:
    """Plated thickness per half cycle (Faraday's law), with the density used."""
    run("semisolid.electrode.thickness.plated_thickness", locals(), title="Plated thickness")


@app.command("design")
def design(
    composition: dict = typer.Option(..., "--alloy", parser=COMPOSITION,
                                     help="Mole fractions, e.g. K=0.95,Na=0.05."),
    volume_m3: float = VOLUME, thickness_m: float = THICKNESS, diameter_m: float = DIAMETER,
    area_m2: float = AREA, areal_capacity_C_m2: float = CAPACITY,
    temperature_K: float = TEMPERATURE,
    cell: str = typer.Option("symmetric", "--cell", help="symmetric or half."),
    direction: str = typer.Option("plate", "--direction", help="Half cell: plate or strip."),
    working_ion: str = typer.Option(None, "--working-ion",
                                    help="Element that moves (default: the majority)."),
    engine: str = ENGINE, as_json: bool = JSON,
) -> None:
    """Composition swing of an alloy electrode over one half cycle."""
    run("semisolid.electrode.workflows.design_electrode", locals())


@app.command("design-map")
def design_map(
    elements: list = typer.Option("K,Na", "--elements", parser=Parser(NAMES.parse, "metal"),
                                  help="The binary, e.g. K,Na."),
    working_ion: str = typer.Option("K", "--working-ion", help="Composition axis element."),
    x_working: list = typer.Option("0.80:0.99:39", "--x", parser=Grid(None, "composition"),
                                   help="x of the working ion, START:STOP:N or a list."),
    areal_capacity_C_m2: list = typer.Option("0.5mAh/cm2:6mAh/cm2:23", "--areal-capacity",
                                             parser=Grid("areal_capacity"),
                                             help="START:STOP:N or a list."),
    temperature_K: list = typer.Option("22C", "--temperature", parser=Grid("temperature"),
                                       help="START:STOP:N or a list."),
    volume_m3: float = VOLUME, thickness_m: float = THICKNESS, diameter_m: float = DIAMETER,
    area_m2: float = AREA,
    path: Path = typer.Option(..., "--output", "-o", parser=OUT_FILE, help=".nc or .csv."),
    png_path: Path = typer.Option(None, "--png", parser=OUT_FILE, help="Also draw a PNG."),
    engine: str = ENGINE, as_json: bool = JSON,
) -> None:
    """Liquid fraction at both ends vs composition, areal capacity and temperature."""
    run("semisolid.electrode.workflows.write_design_map", locals())


@app.command("film")
def film(
    temperature_K: float = TEMPERATURE,
    film_volume_m3: float = typer.Option("5uL", "--volume", parser=Q("volume"),
                                         help="Na-K liquid added."),
    film_composition: dict = typer.Option("K=0.68,Na=0.32", "--composition",
                                          parser=COMPOSITION, help="Of the liquid."),
    li_diameter_m: float = typer.Option("9.53mm", "--diameter", parser=Q("length", "diameter"),
                                        help="Li disc diameter."),
    li_thickness_m: float = typer.Option("0.25mm", "--li-thickness", parser=Q("length"),
                                         help="Li disc thickness."),
    engine: str = ENGINE, as_json: bool = JSON,
) -> None:
    """Equilibrium of a Li disc with a Na-K liquid film on one face."""
    run("semisolid.electrode.film.film_equilibrium", locals(), title="Li + Na-K film")
