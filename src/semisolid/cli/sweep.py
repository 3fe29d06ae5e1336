"""``semisolid sweep design``, ``cells`` and ``files`` on Dask (:mod:`semisolid.sweep`)."""

from __future__ import annotations

from pathlib import Path

import typer

from semisolid.cli._core import JSON, NAMES, OUT_FILE, App, Quantity, run
from semisolid.cli.options import CATALOG_ONLY, cell_files, database, grid, map_options, size

app = App()
sweep_app = App(help="Design maps, virtual cells and file batches on Dask (a local cluster, "
                "or --scheduler ADDRESS; pip install semisolid\\[dask]).", no_args_is_help=True)
app.add_typer(sweep_app, name="sweep")


def dask(
    chunk_size: int = typer.Option(None, "--chunk-size",
                                   help="Per task: map points, cells or files."),
    scheduler: str = typer.Option(None, "--scheduler",
                                  help="A running Dask scheduler, tcp://HOST:PORT."),
    workers: int = typer.Option(None, "--workers",
                                help="Local cluster processes (default: one per core)."),
    quiet: bool = typer.Option(False, "--quiet", help="No progress bar."),
) -> None:
    """Where and in what pieces a sweep runs."""


def _run(name: str, params: dict) -> None:
    if params["kw"]["chunk_size"] is None:  # the library's default
        del params["kw"]["chunk_size"]
    if not run(f"semisolid.sweep.{name}", params).ok:
        raise typer.Exit(1)


@sweep_app.command("design", options=[grid, map_options, size, database, dask])
def design(as_json: bool = JSON, **kw) -> None:
    """``design-map`` in chunks on Dask: the same map (.nc or .csv), written if complete."""
    _run("write_design_map", locals())


@sweep_app.command("cells", options=[dask])
def cells(
    presets: list = typer.Option("all", "--preset", parser=NAMES, help="e.g. K/KBA/K,B/KBA/B."),
    n_cells: int = typer.Option(100, "--n", help="Cells per preset (seeds SEED...SEED+N-1)."),
    seed: int = typer.Option(0, "--seed"),
    protocol: str = typer.Option(None, "--protocol", help="Li, NaK or NaK-Li."),
    areal_capacity_C_m2: float = Quantity("--areal-capacity", "areal_capacity"),
    points_per_half_cycle: int = typer.Option(None, "--points"),
    path: Path = typer.Option(None, "--output", "-o", parser=OUT_FILE,
                              help="Table: .csv or .parquet."),
    as_json: bool = JSON, **kw,
) -> None:
    """Virtual-cell Monte Carlo: N cells per preset through the CCD detector."""
    _run("virtual_cells", locals())


@sweep_app.command("files", options=[cell_files, dask], needs=CATALOG_ONLY)
def files(paths: list[Path] = typer.Argument(..., metavar="DIR_OR_FILES..."),
          as_json: bool = JSON, **kw) -> None:
    """``semisolid ccd`` on Dask over folders of cycling files, optionally into a catalog."""
    _run("analyse_files", locals())
