"""``semisolid contact-angle`` and ``electrode-area`` (:mod:`semisolid.imaging`)."""

from __future__ import annotations

from pathlib import Path

import typer

from semisolid.cli._core import JSON, OUT_FILE, App, Quantity, show

app = App()

PLOT = typer.Option(None, "--plot", parser=OUT_FILE, metavar="OUT",
                    help="Write the overlay figure here (.png, .pdf or .svg).")


def _measure(name: str, params: dict) -> None:
    """Measure with `name` of :mod:`semisolid.imaging`, draw the overlay (--plot), print."""
    from semisolid import imaging

    plot, as_json = params.pop("plot"), params.pop("as_json")
    res = getattr(imaging, name)(**params)
    if plot is not None:
        res.save_overlay(plot)
    show(res, as_json)


@app.command("contact-angle", draws="plot", needs={"density_difference_kg_m3": [
    "pixel_size_m"]})
def contact_angle(
    image: Path = typer.Argument(..., metavar="IMAGE",
                                 help="Side view of the drop (PNG, JPEG, TIFF, ...)."),
    pixel_size_m: float = Quantity("--pixel-size", "length", "Image scale per pixel, e.g. 7um: "
                                   "gives the volume and, with --density, the surface tension."),
    density_difference_kg_m3: float = Quantity("--density", "density",
                                               "Drop density minus the gas's, e.g. 0.87g/cm3."),
    drop: str = typer.Option("dark", "--drop",
                             help="dark: backlit silhouette; bright: lit drop on a dark "
                                  "background."),
    local_model: str = typer.Option("ellipse", "--local-model",
                                    help="Local fit at the contact points: ellipse or "
                                         "polynomial."),
    plot: Path = PLOT,
    as_json: bool = JSON,
) -> None:
    """Contact angles of a sessile drop: local fits and a Young-Laplace profile fit."""
    _measure("measure_contact_angle", locals())


@app.command("electrode-area", draws="plot")
def electrode_area(
    image: Path = typer.Argument(..., metavar="IMAGE",
                                 help="Top view of the electrode on its electrolyte disc."),
    reference_m: float = Quantity("--reference", "length", "True size of the reference: the "
                                  "disc's diameter (e.g. 12.7mm) or the scale bar's length.",
                                  default=...),
    reference: str = typer.Option("disc", "--reference-kind",
                                  help="disc (the electrolyte disc) or scale_bar."),
    reference_uncertainty_m: float = Quantity(
        "--reference-uncertainty", "length", default=0.0,
        help="Standard uncertainty of the reference's size, e.g. 0.05mm."),
    metal: str = typer.Option("auto", "--metal",
                              help="auto (the class away from the rim), dark or bright."),
    plot: Path = PLOT,
    as_json: bool = JSON,
) -> None:
    """Area of the metal electrode on a disassembled cell's electrolyte disc."""
    _measure("measure_electrode_area", locals())
