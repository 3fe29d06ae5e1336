"""``semisolid inspect`` and ``export`` (:mod:`semisolid.io`)."""

from __future__ import annotations

from pathlib import Path

import typer

from semisolid.cli._core import JSON, OUT_FILE, App, run

app = App()
FORMAT = typer.Option(None, "--format", help="Force a reader (default: detected).")
PRESET = typer.Option(None, "--preset", help="Cycler export: arbin, maccor, basytec, landt, "
                      "neware or bdf (default: recognised from the header).")


@app.command("inspect")
def inspect(
    path: Path = typer.Argument(..., metavar="FILE",
                                help="Potentiostat file (.mpr, .mpt, .csv, .ndax, .DTA)."),
    format: str = FORMAT, preset: str = PRESET, as_json: bool = JSON,
) -> None:
    """Show what a potentiostat file holds, with its warnings.

    Rows, columns with units, techniques, time span, half cycles and spectra.
    """
    run("semisolid.io.workflows.summarize_file", locals())  # warnings: "warning: ..." lines


@app.command("export")
def export(
    path: Path = typer.Argument(..., metavar="FILE", help="Potentiostat file to read."),
    out: Path = typer.Argument(..., parser=OUT_FILE,
                               help="Output table: OUT.csv or OUT.parquet."),
    format: str = FORMAT,
    what: str = typer.Option("auto", "--what", help="cycling | spectra | auto (spectra for "
                             "impedance files, else cycling)."),
    preset: str = PRESET,
    all_columns: bool = typer.Option(False, "--all-columns", help="Every column of the file "
                                     "too, SI unit-named (Parquet keeps the metadata)."),
) -> None:
    """Write the canonical table (SI, unit-named columns) as CSV or Parquet, atomically."""
    run("semisolid.io.workflows.export_file", locals())
