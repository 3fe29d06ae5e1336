"""``semisolid hardness`` and ``toughness`` (:mod:`semisolid.mechanics`)."""

from __future__ import annotations

import typer

from semisolid.cli._core import JSON, App, Quantity, run

app = App()


@app.command("hardness")
def hardness(
    load_N: float = Quantity("--load", "force", "Peak load, e.g. 0.245N or 25gf.", default=...),
    diagonals_m: list[float] = Quantity("--diagonal", "length",
                                        "Mean indent diagonal, e.g. 306um (repeat per indent).",
                                        default=..., feeds="diagonal_m"),
    convention: str = typer.Option("projected", "--convention",
                                   help="projected (2P/d2, as the paper) or contact."),
    constraint_factor: float = typer.Option(3.0, "--constraint",
                                            help="Tabor factor: yield = H/C."),
    as_json: bool = JSON,
) -> None:
    """Vickers hardness and Tabor yield stress (mean and SD over the indents)."""
    run("semisolid.mechanics.hardness_from_tests", locals())


@app.command("toughness", needs={"youngs_modulus_Pa": ["method=anstis|both"],
                                 "xi": ["youngs_modulus_Pa", "method=anstis|both"],
                                 "constant": ["method=evans-charles|both"]})
def toughness(
    loads_N: list[float] = Quantity("--load", "force", "Peak load per indent, e.g. 9.81N.",
                                    default=..., feeds="load_N"),
    half_diagonals_m: list[float] = Quantity("--half-diagonal", "length",
                                             "Half-diagonal a per indent, e.g. 40um.", default=...,
                                             feeds="half_diagonal_m"),
    crack_lengths_m: list[float] = Quantity("--crack", "length",
                                            "Crack length c (centre to tip) per indent, 120um.",
                                            default=..., feeds="crack_length_m"),
    method: str = typer.Option("both", "--method", help="anstis, evans-charles or both."),
    youngs_modulus_Pa: float = Quantity("--modulus", "pressure",
                                        "Young's modulus for Anstis, e.g. 150GPa."),
    xi: float = typer.Option(0.016, "--xi", help="Anstis constant."),
    constant: float = typer.Option(0.16, "--ec-constant", help="Evans-Charles constant."),
    as_json: bool = JSON,
) -> None:
    """Fracture toughness from Vickers crack lengths (Anstis and/or Evans-Charles).

    Give --load, --half-diagonal and --crack once per indent (same order). With two or
    more indents a load-independent toughness is fitted.
    """
    run("semisolid.mechanics.workflows.toughness_from_tests", locals())
