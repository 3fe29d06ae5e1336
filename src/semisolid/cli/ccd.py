"""``semisolid ccd``, ``cells`` and ``stats`` (:mod:`semisolid.ccd`)."""

from __future__ import annotations

from pathlib import Path

import typer

from semisolid.cli._core import JSON, OUT_DIR, OUT_FILE, App, Q, run, show

app = App()
DB = "semisolid.sqlite"


@app.command("ccd")
def ccd(
    paths: list[Path] = typer.Argument(..., metavar="FILES...",
                                       help="Cycling files (.mpr, .mpt, .csv)."),
    area_m2: float = typer.Option(None, "--area", parser=Q("area"),
                                  help="Nominal electrode area, e.g. 0.4cm2."),
    final_area_m2: float = typer.Option(None, "--final-area", parser=Q("area"),
                                        help="Final measured electrode area, e.g. 0.45cm2."),
    catalog_path: str = typer.Option(None, "--db", help="Write the results to this catalog."),
    no_db: bool = typer.Option(False, "--no-db", help="Write nothing (the default)."),
    plot_dir: Path = typer.Option(None, "--plot", parser=OUT_DIR,
                                  help="Write Fig. 3a/ASR/Nyquist PNGs to this folder."),
    electrode: str = typer.Option(None, "--electrode", help="Catalog: e.g. Li, K, NaK-Li."),
    electrolyte: str = typer.Option(None, "--electrolyte", help="Catalog: e.g. LLZTO."),
    temperature_K: float = typer.Option(None, "--temperature", parser=Q("temperature"),
                                        help="Catalog: e.g. 22C."),
    stack_pressure_Pa: float = typer.Option(None, "--pressure", parser=Q("pressure"),
                                            help="Catalog: stack pressure, e.g. 1.5MPa."),
    voltage_limit_V: float = typer.Option(None, "--voltage-limit", parser=Q("voltage"),
                                          help="Instrument voltage limit, e.g. 1V."),
    protocol: str = typer.Option(None, "--protocol",
                                 help="stepwise, constant_current or ramp (default: from data)."),
    units: str = typer.Option(None, "--units", help="Column units, e.g. time=h,current=mA."),
    columns: str = typer.Option(None, "--columns", help="Column names, e.g. time=Zeit,voltage=U."),
    jobs: int = typer.Option(1, "--jobs", help="Files analysed in parallel."),
    as_json: bool = JSON,
) -> None:
    """Critical current density and failure mode of symmetric-cell tests (stepwise,
    constant-current or ramped). Nothing is written unless --db is given."""
    from semisolid.ccd.analysis import analyse_batch

    batch = analyse_batch(paths, area_m2, final_area_m2, voltage_limit_V=voltage_limit_V,
                          plot_dir=plot_dir, catalog_path=None if no_db else catalog_path,
                          electrode=electrode, electrolyte=electrolyte, protocol=protocol,
                          temperature_K=temperature_K, stack_pressure_Pa=stack_pressure_Pa,
                          units=units, columns=columns, jobs=jobs)
    show(batch, as_json)
    if batch.errors:
        raise typer.Exit(1)


@app.command("cells")
def cells(
    db_path: str = typer.Option(DB, "--db", help="Results catalog (SQLite)."),
    csv_path: Path = typer.Option(None, "--csv", parser=OUT_FILE,
                                  help="Also export all results to this CSV."),
    as_json: bool = JSON,
) -> None:
    """List the cells and results of the catalog, with a summary per material pair."""
    run("semisolid.ccd.analysis.catalog_contents", locals())


@app.command("stats")
def stats(
    file: Path = typer.Argument(None, help="CSV with columns electrode, ccd_mA_cm2."),
    db: Path = typer.Option(None, "--db", help="SQLite results catalog."),
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
    from semisolid.errors import InputError

    if (file is None) == (db is None):  # two ways to name the one source
        raise InputError("give either a CSV file or --db PATH", "db")
    show(ccd_statistics(db or file, catalog=db is not None, group_column=group_column,
                        value_column=value_column, confidence=confidence,
                        plot_dir=plot_dir), as_json)
