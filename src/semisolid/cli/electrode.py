"""``semisolid thickness``, ``design``, ``design-map`` and ``film`` (:mod:`semisolid.electrode`)."""

from __future__ import annotations

from pathlib import Path

import typer

from semisolid.cli._core import (
    COMPOSITION,
    JSON,
    METAL,
    NAMES,
    OUT_FILE,
    App,
    Grid,
    Parser,
    Q,
    emit_json,
    print_table,
    show,
)

app = App()
ENGINE = typer.Option("auto", "--engine", help="auto, semisolid or pycalphad.")
VOLUME = typer.Option(None, "--volume", parser=Q("volume", "volume"),
                      help="Electrode volume, e.g. 10uL.")
THICKNESS = typer.Option(None, "--thickness", parser=Q("length", "thickness"),
                         help="Instead of --volume, e.g. 250um.")
DIAMETER = typer.Option(None, "--diameter", parser=Q("length", "diameter"),
                        help="Collector diameter, e.g. 7.14mm.")
AREA = typer.Option(None, "--area", parser=Q("area", "area"), help="Instead of --diameter.")


@app.command("thickness")
def thickness(
    metal: str = typer.Option(..., "--metal", parser=METAL,
                              help="Li, Na, K, NaK or an alloy K=0.95,Na=0.05."),
    areal_capacity_C_m2: float = typer.Option(..., "--areal-capacity", parser=Q(
        "areal_capacity", "areal_capacity"), help="e.g. 3mAh/cm2."),
    state: str = typer.Option("solid", "--state", help="Density basis: solid or liquid."),
    density_kg_m3: float = typer.Option(None, "--density", parser=Q("density", "density"),
                                        help="Override, e.g. 0.85g/cm3."),
    source: str = typer.Option(None, "--source", help="Preferred data source key."),
    as_json: bool = JSON,
) -> None:
    """Plated thickness per half cycle (Faraday's law), with the density used."""
    from semisolid.electrode.thickness import plated_thickness

    d = plated_thickness(areal_capacity_C_m2, metal, state=state, density_kg_m3=density_kg_m3,
                         source=source).to_dict()
    if as_json:
        return emit_json(d)
    print_table(f"Plated thickness of {d['metal']}", ["quantity", "value"], [
        ["areal capacity (mAh/cm2)", d["areal_capacity_mAh_cm2"]],
        ["thickness (um)", d["thickness_um"]], ["um per mAh/cm2", d["um_per_mAh_cm2"]],
        [f"density (g/cm3, {d['density_basis']})", d["density_g_cm3"]],
        ["molar mass (g/mol)", d["molar_mass_g_mol"]], ["sources", ", ".join(d["sources"])]])


@app.command("design")
def design(
    composition: dict = typer.Option(..., "--alloy", parser=COMPOSITION,
                                     help="Mole fractions, e.g. K=0.95,Na=0.05."),
    volume_m3: float = VOLUME, thickness_m: float = THICKNESS, diameter_m: float = DIAMETER,
    area_m2: float = AREA,
    areal_capacity_C_m2: float = typer.Option(..., "--areal-capacity", parser=Q(
        "areal_capacity", "areal_capacity"), help="Per half cycle, e.g. 3mAh/cm2."),
    temperature_K: float = typer.Option("22C", "--temperature", parser=Q(
        "temperature", "temperature"), help="e.g. 22C or 295.15K."),
    cell: str = typer.Option("symmetric", "--cell", help="symmetric or half."),
    direction: str = typer.Option("plate", "--direction", help="Half cell: plate or strip."),
    working_ion: str = typer.Option(None, "--working-ion",
                                    help="Element that moves (default: the majority)."),
    engine: str = ENGINE, as_json: bool = JSON,
) -> None:
    """Composition swing of an alloy electrode over one half cycle."""
    from semisolid.electrode.workflows import design_electrode

    show(design_electrode(composition, areal_capacity_C_m2, volume_m3=volume_m3,
                          thickness_m=thickness_m, area_m2=area_m2, diameter_m=diameter_m,
                          temperature_K=temperature_K, cell=cell, direction=direction,
                          working_ion=working_ion, engine=engine), as_json)


@app.command("design-map")
def design_map(
    elements: list = typer.Option("K,Na", "--elements", parser=Parser(NAMES.parse, "metal"),
                                  help="The binary, e.g. K,Na."),
    working_ion: str = typer.Option("K", "--working-ion", help="Composition axis element."),
    x_working: list = typer.Option("0.80:0.99:39", "--x", parser=Grid(None, (
        "composition", "x_range")), help="x of the working ion, START:STOP:N or a list."),
    areal_capacity_C_m2: list = typer.Option(
        "0.5mAh/cm2:6mAh/cm2:23", "--areal-capacity",
        parser=Grid("areal_capacity", "areal_capacity"), help="START:STOP:N or a list."),
    temperature_K: list = typer.Option("22C", "--temperature", parser=Grid(
        "temperature", "temperature"), help="START:STOP:N or a list."),
    volume_m3: float = VOLUME, thickness_m: float = THICKNESS, diameter_m: float = DIAMETER,
    area_m2: float = AREA,
    path: Path = typer.Option(..., "--output", "-o", parser=OUT_FILE,
                              help="Map file: .nc or .csv."),
    png_path: Path = typer.Option(None, "--png", parser=OUT_FILE,
                                  help="Also draw the map(s) to this PNG."),
    engine: str = ENGINE, as_json: bool = JSON,
) -> None:
    """Liquid fraction at both ends vs composition, areal capacity and temperature."""
    from semisolid.electrode.workflows import write_design_map

    show(write_design_map(path, elements, working_ion, x_working, areal_capacity_C_m2,
                          temperature_K, volume_m3=volume_m3, thickness_m=thickness_m,
                          area_m2=area_m2, diameter_m=diameter_m, engine=engine,
                          png_path=png_path), as_json)


@app.command("film")
def film(
    temperature_K: float = typer.Option("22C", "--temperature", parser=Q(
        "temperature", "temperature")),
    film_volume_m3: float = typer.Option("5uL", "--volume", parser=Q("volume", "film_volume"),
                                         help="Na-K liquid added."),
    film_composition: dict = typer.Option("K=0.68,Na=0.32", "--composition",
                                          parser=COMPOSITION,
                                          help="Of the liquid."),
    li_diameter_m: float = typer.Option("9.53mm", "--diameter", parser=Q(
        "length", "diameter"), help="Li disc diameter."),
    li_thickness_m: float = typer.Option("0.25mm", "--li-thickness", parser=Q(
        "length", "li_thickness"), help="Li disc thickness."),
    engine: str = ENGINE, as_json: bool = JSON,
) -> None:
    """Equilibrium of a Li disc with a Na-K liquid film on one face."""
    from semisolid.electrode.film import film_equilibrium

    d = film_equilibrium(temperature_K, film_volume_m3, film_composition, li_diameter_m,
                         li_thickness_m, engine).to_dict()
    if as_json:
        return emit_json(d)
    print_table("Li + Na-K film at equilibrium", ["quantity", "value"], [
        ["temperature (K)", d["temperature_K"]],
        ["film composition", ", ".join(f"{k}={v:.5g}" for k, v in d["film_composition"].items())],
        ["Li dissolved (mol)", d["li_dissolved_mol"]], ["film volume (uL)", d["film_volume_uL"]],
        ["film thickness over the disc (um)", d["film_thickness_um"]], ["status", d["status"]]])
