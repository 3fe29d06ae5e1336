"""``semisolid ccd``, ``cells`` and ``stats`` (:mod:`semisolid.ccd`)."""

from __future__ import annotations

from pathlib import Path

import typer

from semisolid.cli._core import JSON, OUT_DIR, OUT_FILE, App, Quantity, run, show
from semisolid.cli.options import CATALOG_ONLY, cell_files
from semisolid.errors import InputError

app = App()
DB = "semisolid.sqlite"


@app.command("ccd", options=[cell_files], draws="plot_dir", needs=CATALOG_ONLY)
def ccd(
    paths: list[Path] = typer.Argument(..., metavar="FILES...",
                                       help="Cycling files (.mpr, .mpt, .csv)."),
    final_area_from: Path = typer.Option(None, "--final-area-from", help="Or measure it on PHOTO."),
    final_area_reference_m: float = Quantity("--final-area-reference", "length",
                                             "The photo's disc diameter (default 12.7mm)."),
    no_db: bool = typer.Option(False, "--no-db", help="Write nothing (the default)."),
    plot_dir: Path = typer.Option(None, "--plot", parser=OUT_DIR,
                                  help="Write Fig. 3a/ASR/Nyquist PNGs to this folder."),
    temperature_K: float = Quantity("--temperature", "temperature", "Catalog: e.g. 22C."),
    stack_pressure_Pa: float = Quantity("--pressure", "pressure",
                                        "Catalog: stack pressure, e.g. 1.5MPa."),
    voltage_limit_V: float = Quantity("--voltage-limit", "voltage",
                                      "Instrument voltage limit, e.g. 1V."),
    units: str = typer.Option(None, "--units", help="Column units, e.g. time=h,current=mA."),
    columns: str = typer.Option(None, "--columns", help="Column names, e.g. time=Zeit,voltage=U."),
    jobs: int = typer.Option(1, "--jobs", help="Files analysed in parallel."),
    as_json: bool = JSON, **kw,
) -> None:
    """Critical current density and failure mode of symmetric-cell tests (stepwise,
    constant-current or ramped). Nothing is written unless --db is given."""
    if no_db and kw["catalog_path"] is not None:
        raise InputError("give --db PATH or --no-db, not both", "no_db")
    args = locals()
    del args["no_db"]  # the default: nothing written without --db
    if run("semisolid.ccd.analysis.analyse_batch", args).errors:
        raise typer.Exit(1)


@app.command("cells")
def cells(
    db_path: str = typer.Option(DB, "--db", help="Results catalog (file or postgresql:// URL)."),
    csv_path: Path = typer.Option(None, "--csv", parser=OUT_FILE,
                                  help="Also export all results to this CSV."),
    out_path: Path = typer.Option(None, "--out", parser=OUT_FILE, help="Export to .parquet/.csv."),
    as_json: bool = JSON,
) -> None:
    """List the cells and results of the catalog, with a summary per material pair."""
    run("semisolid.ccd.analysis.catalog_contents", locals())


@app.command("stats", draws="plot_dir", needs={"group_column": ["file"],
                                                "value_column": ["file"]})
def stats(
    file: Path = typer.Argument(None, help="CSV with columns electrode, ccd_mA_cm2."),
    db: str = typer.Option(None, "--db", help="Results catalog (file or postgresql:// URL)."),
    group_column: str = typer.Option("electrode", "--group-column"),
    value_column: str = typer.Option("ccd_mA_cm2", "--value-column"),
    confidence: float = typer.Option(0.95, "--confidence"),
    plot_dir: Path = typer.Option(None, "--plot", parser=OUT_DIR,
                                  help="Write the survival and CCD-yield figures here."),
    as_json: bool = JSON,
) -> None:
    """Mean, t-based confidence interval, range, Weibull fit (unbiased modulus first) and
    survival curve of CCDs per electrode; cells that did not short count as censored.

    With a yield_stress_MPa column, also the linear fit of CCD on yield stress (Fig. 6b).
    """
    from semisolid.ccd.analysis import ccd_statistics

    if (file is None) == (db is None):  # two ways to name the one source
        raise InputError("give either a CSV file or --db PATH", "db")
    show(ccd_statistics(db or file, catalog=db is not None, group_column=group_column,
                        value_column=value_column, confidence=confidence,
                        plot_dir=plot_dir), as_json)
