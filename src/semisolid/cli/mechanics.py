"""``semisolid hardness`` and ``toughness`` (:mod:`semisolid.mechanics`)."""

from __future__ import annotations

import typer

from semisolid.cli._core import JSON, App, Q, run, show
from semisolid.display import print_table

app = App()


@app.command("hardness")
def hardness(
    load_N: float = typer.Option(..., "--load", parser=Q("force"),
                                 help="Peak load, e.g. 0.245N or 25gf."),
    diagonals_m: list[float] = typer.Option(..., "--diagonal", parser=Q(
        "length", "diagonal_m"), help="Mean indent diagonal, e.g. 306um (repeat per indent)."),
    convention: str = typer.Option("projected", "--convention",
                                   help="projected (2P/d2, as the paper) or contact."),
    constraint_factor: float = typer.Option(3.0, "--constraint",
                                            help="Tabor factor: yield = H/C."),
    as_json: bool = JSON,
) -> None:
    """Vickers hardness and Tabor yield stress (mean and SD over the indents)."""
    from semisolid.mechanics import hardness_from_tests

    r = hardness_from_tests(load_N, diagonals_m, convention, constraint_factor)
    if as_json:
        return show(r, True)
    sd = (lambda v: v / 1e6) if r.n_tests > 1 else (lambda v: "n/a (1 indent)")
    print_table(f"Vickers hardness, {r.n_tests} indent(s), {r.convention} area",
                ["quantity", "mean", "SD"],
                [["hardness (MPa)", r.hardness_mean_Pa / 1e6, sd(r.hardness_sd_Pa)],
                 [f"yield stress H/{constraint_factor:g} (MPa)", r.yield_stress_mean_Pa / 1e6,
                  sd(r.yield_stress_sd_Pa)]])


@app.command("toughness")
def toughness(
    loads_N: list[float] = typer.Option(..., "--load", parser=Q("force", "load_N"),
                                        help="Peak load per indent, e.g. 9.81N."),
    half_diagonals_m: list[float] = typer.Option(..., "--half-diagonal", parser=Q(
        "length", "half_diagonal_m"), help="Half-diagonal a per indent, e.g. 40um."),
    crack_lengths_m: list[float] = typer.Option(..., "--crack", parser=Q(
        "length", "crack_length_m"), help="Crack length c (centre to tip) per indent, 120um."),
    method: str = typer.Option("both", "--method", help="anstis, evans-charles or both."),
    youngs_modulus_Pa: float = typer.Option(None, "--modulus", parser=Q("pressure"),
                                            help="Young's modulus for Anstis, e.g. 150GPa."),
    xi: float = typer.Option(0.016, "--xi", help="Anstis constant."),
    constant: float = typer.Option(0.16, "--ec-constant", help="Evans-Charles constant."),
    as_json: bool = JSON,
) -> None:
    """Fracture toughness from Vickers crack lengths (Anstis and/or Evans-Charles).

    Give --load, --half-diagonal and --crack once per indent (same order). With two or
    more indents a load-independent toughness is fitted.
    """
    run("semisolid.mechanics.workflows.toughness_from_tests", locals())
