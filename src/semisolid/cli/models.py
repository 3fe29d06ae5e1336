"""``semisolid model ccd`` and ``simulate cell`` (:mod:`semisolid.models`)."""

from __future__ import annotations

from pathlib import Path

import typer

from semisolid.cli._core import JSON, OUT_FILE, App, Quantity, run

app = App()
model_app = App(help="Flow-limited CCD model.", no_args_is_help=True)
simulate_app = App(help="Virtual symmetric cells.", no_args_is_help=True)
app.add_typer(model_app, name="model")
app.add_typer(simulate_app, name="simulate")


@model_app.command("ccd")
def model_ccd(
    electrode: str = typer.Option("all", "--electrode", help="Li, Na, K, A, B, Li+NaK or all."),
    liquid_fraction: float = typer.Option(None, "--liquid-fraction",
                                          help="Override the liquid volume fraction [0, 1]."),
    rheology: str = typer.Option("creep", "--rheology", help="creep, viscous or bingham."),
    toughness_Pa_sqrt_m: float = Quantity("--toughness", "toughness",
                                          "Electrolyte K_Ic, e.g. '2.5MPa m^0.5'."),
    calibrate: bool = typer.Option(False, "--calibrate",
                                   help="Refit the constants to the paper's means first."),
    temperature_K: float = Quantity("--temperature", "temperature",
                                    "Cell temperature (creep model), e.g. 40C."),
    stack_pressure_Pa: float = Quantity("--pressure", "pressure",
                                        "Stack pressure (creep model), e.g. 1MPa."),
    as_json: bool = JSON,
) -> None:
    """CCD prediction (mean and 5-95 % range over the flaw distribution)."""
    run("semisolid.models.workflows.predict_ccd", locals())


@simulate_app.command("cell", needs={"format": ["out"]})
def simulate_cell(
    preset: str = typer.Option(..., "--preset", help="e.g. K/KBA/K, Li/LLZTO/Li, B/KBA/B."),
    seed: int = typer.Option(0, "--seed"),
    out: Path = typer.Option(None, "--out", parser=OUT_FILE,
                             help="Trace file (.csv or .mpt)."),
    format: str = typer.Option(None, "--format", help="csv or mpt (default: the suffix)."),
    temperature_K: float = Quantity("--temperature", "temperature", "e.g. 22C."),
    stack_pressure_Pa: float = Quantity("--pressure", "pressure", "Stack pressure, e.g. 1.5MPa."),
    interfacial_asr_Ohm_m2: float = Quantity("--asr", "area_specific_resistance",
                                             "Interfacial ASR, e.g. '30Ohm cm2'."),
    area_m2: float = Quantity("--area", "area", "Electrode area, e.g. 0.4cm2."),
    liquid_fraction: float = typer.Option(None, "--liquid-fraction"),
    points_per_half_cycle: int = typer.Option(None, "--points", help="Samples per half cycle."),
    as_json: bool = JSON,
) -> None:
    """Simulate a symmetric cell through the paper's CCD protocol; write its trace."""
    run("semisolid.models.workflows.run_virtual_cell", locals())
