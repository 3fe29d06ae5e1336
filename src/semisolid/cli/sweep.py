"""``semisolid sweep design``, ``cells`` and ``files`` on Dask (:mod:`semisolid.sweep`)."""

from __future__ import annotations

from pathlib import Path

import typer

import semisolid.cli.electrode as el
from semisolid.cli._core import JSON, NAMES, OUT_FILE, App, Grid, Q, show

app = App()
sweep_app = App(help="Design maps, virtual cells and file batches on Dask (a local cluster, "
                "or --scheduler ADDRESS; pip install semisolid\\[dask]).", no_args_is_help=True)
app.add_typer(sweep_app, name="sweep")
CHUNK = typer.Option(None, "--chunk-size", help="Per task: map points, cells or files.")
SCHEDULER = typer.Option(None, "--scheduler", help="A running Dask scheduler, tcp://HOST:PORT.")
WORKERS = typer.Option(None, "--workers", help="Local cluster processes (default: one per core).")
QUIET = typer.Option(False, "--quiet", help="No progress bar.")
OUT = typer.Option(None, "--output", "-o", parser=OUT_FILE, help="Table: .csv or .parquet.")


def _run(name: str, params: dict) -> None:
    from semisolid import sweep

    args = {k: v for k, v in params.items()
            if k != "as_json" and (k != "chunk_size" or v is not None)}
    result = getattr(sweep, name)(**args)
    show(result, params["as_json"])
    if not result.ok:
        raise typer.Exit(1)


@sweep_app.command("design")
def design(
    elements: list = el.ELEMENTS, working_ion: str = el.ION,
    x_working: list = typer.Option("0.80:0.99:39", "--x", parser=Grid(None, "composition")),
    share: list = typer.Option(None, "--share", parser=Grid(None), help="Ternary axis."),
    areal_capacity_C_m2: list = el.GRID_Q, temperature_K: list = el.GRID_T,
    volume_m3: float = el.VOLUME, thickness_m: float = el.THICKNESS,
    diameter_m: float = el.DIAMETER, area_m2: float = el.AREA,
    path: Path = typer.Option(..., "--output", "-o", parser=OUT_FILE),
    png_path: Path = typer.Option(None, "--png", parser=OUT_FILE), db_path: str = el.TDB,
    charge: int = el.CHARGE, liquid_phases: str = el.LIQUIDS, density_kg_m3: dict = el.DENSITY,
    engine: str = el.ENGINE, chunk_size: int = CHUNK, scheduler: str = SCHEDULER,
    workers: int = WORKERS, quiet: bool = QUIET, as_json: bool = JSON,
) -> None:
    """``design-map`` in chunks on Dask: the same map (.nc or .csv), written if complete."""
    _run("write_design_map", locals())


@sweep_app.command("cells")
def cells(
    presets: list = typer.Option("all", "--preset", parser=NAMES, help="e.g. K/KBA/K,B/KBA/B."),
    n_cells: int = typer.Option(100, "--n", help="Cells per preset (seeds SEED...SEED+N-1)."),
    seed: int = typer.Option(0, "--seed"), protocol: str = typer.Option(None, "--protocol",
                                                                       help="Li, NaK or NaK-Li."),
    areal_capacity_C_m2: float = typer.Option(None, "--areal-capacity", parser=Q(
        "areal_capacity")), points_per_half_cycle: int = typer.Option(None, "--points"),
    path: Path = OUT, chunk_size: int = CHUNK, scheduler: str = SCHEDULER,
    workers: int = WORKERS, quiet: bool = QUIET, as_json: bool = JSON,
) -> None:
    """Virtual-cell Monte Carlo: N cells per preset through the CCD detector."""
    _run("virtual_cells", locals())


@sweep_app.command("files")
def files(
    paths: list[Path] = typer.Argument(..., metavar="DIR_OR_FILES..."),
    area_m2: float = typer.Option(None, "--area", parser=Q("area"), help="e.g. 0.4cm2."),
    final_area_m2: float = typer.Option(None, "--final-area", parser=Q("area")),
    catalog_path: str = typer.Option(None, "--db", help="Catalog: SQLite path or database URL."),
    electrode: str = typer.Option(None, "--electrode"),
    electrolyte: str = typer.Option(None, "--electrolyte"),
    protocol: str = typer.Option(None, "--protocol", help="Default: recognised per file."),
    chunk_size: int = CHUNK, scheduler: str = SCHEDULER, workers: int = WORKERS,
    quiet: bool = QUIET, as_json: bool = JSON,
) -> None:
    """``semisolid ccd`` on Dask over folders of cycling files, optionally into a catalog."""
    _run("analyse_files", locals())
