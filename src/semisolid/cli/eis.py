"""``semisolid eis`` (:mod:`semisolid.eis`)."""

from __future__ import annotations

from pathlib import Path

import typer

from semisolid.cli._core import GUESS, JSON, NAMES, OUT_DIR, App, Quantity, run

app = App()


@app.command("eis", draws="plot_dir", needs={"resistances": ["thickness_m", "area_m2"]})
def eis(
    path: Path = typer.Argument(..., metavar="FILE",
                                help="Impedance file (.mpr, .mpt, .csv, .DTA)."),
    circuit: str = typer.Option("R0-p(R1,CPE1)", "--circuit",
                                help="Equivalent circuit, e.g. 'R0-p(R1,CPE1)-CPE2'."),
    initial: dict = typer.Option(None, "--guess", parser=GUESS,
                                 help="Initial values, 'R0=10,R1=100'."),
    spectrum_index: int = typer.Option(None, "--spectrum", help="Fit only this spectrum index."),
    weighting: str = typer.Option("modulus", "--weighting", help="modulus or unit."),
    thickness_m: float = Quantity("--thickness", "length",
                                  "Electrolyte thickness for sigma = L/(R A), 1mm."),
    area_m2: float = Quantity("--area", "area", "Electrode area, e.g. 1cm2: area-specific "
                              "parameters (Ohm cm2, F/cm2); with --thickness also sigma."),
    resistances: list = typer.Option(None, "--resistances", parser=NAMES,
                                     help="Electrolyte resistors summed for sigma, e.g. R0,R1 "
                                          "(required unless --circuit R0-p(R1,CPE1)-CPE2)."),
    plot_dir: Path = typer.Option(None, "--plot", parser=OUT_DIR,
                                  help="Write Nyquist and Bode PNGs to this folder."),
    as_json: bool = JSON,
) -> None:
    """Fit an equivalent circuit to each spectrum, with a Kramers-Kronig check and diagnosis.

    The diagnosis flags a collapsed (shorted) spectrum or an impedance rise. With --area, the
    area-specific parameters; with --thickness too, the ionic conductivity of the electrolyte
    resistors.
    """
    run("semisolid.eis.analysis.analyse_file", locals())
