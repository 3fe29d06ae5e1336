"""``semisolid equilibrium``, ``phase-diagram`` and ``section`` (:mod:`semisolid.thermo`)."""

from __future__ import annotations

from pathlib import Path

import typer

from semisolid.cli._core import COMPOSITION, FIGURE_OUT, JSON, NAMES, App, Q, Quantity, run, show
from semisolid.cli.options import ENGINE, TDB
from semisolid.display import print_table

app = App()
PHASES = typer.Option(None, "--phases", parser=NAMES, help="Phases to consider, A,B,...")
OUT = typer.Option(None, "--out", parser=FIGURE_OUT, help="Figures: a folder, or a .pdf/.svg.")


@app.command("equilibrium")
def equilibrium(
    composition: dict = typer.Option(..., "--composition", "-c", parser=COMPOSITION,
                                     help="Mole fractions, e.g. K=0.95,Na=0.05."),
    temperature_K: float = typer.Option(..., "--temperature", "-T", parser=Q("temperature"),
                                        help="e.g. 295.15K or 22C."),
    tdb: Path = TDB, phases: list = PHASES, engine: str = ENGINE, as_json: bool = JSON,
) -> None:
    """Stable phases, their fractions and compositions at one composition and temperature."""
    from semisolid.thermo.workflows import equilibrium_at, equilibrium_lines, equilibrium_tables

    r = equilibrium_at(composition, temperature_K, tdb=tdb, phases=phases, engine=engine)
    if as_json:
        return show(r, True)
    for t in equilibrium_tables(r, composition):
        print_table(*t)
    for line in equilibrium_lines(r):
        typer.echo(line)
    if not r.converged:
        typer.echo("warning: the equilibrium solver did not converge; the numbers above are "
                   "its best estimate", err=True)


@app.command("phase-diagram", draws="out_dir")
def phase_diagram(
    system: str = typer.Argument(..., help="Binary system A-B; x axis = mole fraction of B."),
    tmin_K: float = Quantity("--tmin", "temperature",
                             "Lowest temperature (default: from the system).", feeds="tmin/tmax"),
    tmax_K: float = Quantity("--tmax", "temperature",
                             "Highest temperature (default: from the system)."),
    step_K: float = Quantity("--step", "temperature_difference",
                             "Temperature step of the boundaries (1K = 1C).", default="1K"),
    tdb: Path = TDB, phases: list = PHASES, out_dir: Path = OUT, as_json: bool = JSON,
) -> None:
    """Binary T-x diagram: invariant reactions (table or JSON) and figures (--out)."""
    run("semisolid.thermo.workflows.phase_diagram", locals(), progress=True)


@app.command("section", draws="out_dir")
def section(
    system: str = typer.Argument(..., help="Ternary system A-B-C, e.g. Li-Na-K."),
    temperature_K: float = typer.Option("300K", "--temperature", "-T", parser=Q("temperature"),
                                        help="e.g. 300K."),
    step: float = typer.Option(0.01, "--step", help="Composition grid step (mole fraction)."),
    tdb: Path = TDB, phases: list = PHASES,
    solute: str = typer.Option(None, "--solute", help="Element of the solubility curve "
                               "(default: the first of SYSTEM)."),
    solvent_phase: str = typer.Option(None, "--solvent-phase", help="Phase it dissolves in "
                                      "(default: the liquid)."),
    coexisting: str = typer.Option(None, "--coexisting", help="Solute-rich phase it coexists "
                                   "with (default: any)."),
    out_dir: Path = OUT, as_json: bool = JSON,
) -> None:
    """Isothermal ternary section: tie lines, three-phase triangles, solubility, figures.

    The solubility curve is that of --solute in --solvent-phase along its two-phase field
    with a solute-richer phase.
    """
    run("semisolid.thermo.workflows.isothermal_section", locals(), progress=True)
