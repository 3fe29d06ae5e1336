"""Options that several commands share, defined once.

Single options are typer ``Option`` objects (``tdb: Path = TDB``). An option group is a
function whose parameters are the options; a command takes the group with
``@app.command(..., options=[size, database])`` and receives its values in ``**kw``
(:func:`semisolid.cli._core.run` passes them on to the library function).
"""

from __future__ import annotations

from pathlib import Path

import typer

from semisolid.cli._core import NAMES, OUT_FILE, Grid, Parser, Quantity


def _lib(name: str, *args):  # a parser from semisolid.electrode.composition, imported on use
    from importlib import import_module

    return lambda t: getattr(import_module("semisolid.electrode.composition"), name)(t, *args)


ALLOY = Parser(_lib("parse_alloy"), "metal")
TDB = typer.Option(None, "--tdb", help="TDB database (default: the shipped Li-Na-K).")
ENGINE = typer.Option("auto", "--engine",
                      help="auto (the fast engine, pycalphad for what it cannot model), "
                           "semisolid or pycalphad.")
CHARGE = typer.Option(None, "--charge", help="Working ion's charge (default: the usual one).")
CAPACITY = Quantity("--areal-capacity", "areal_capacity", "Per half cycle, e.g. 3mAh/cm2.",
                    default=...)
TEMPERATURE = Quantity("--temperature", "temperature", "e.g. 22C.", default="22C")


def size(
    volume_m3: float = Quantity("--volume", "volume", "Electrode volume, e.g. 10uL."),
    thickness_m: float = Quantity("--thickness", "length", "Instead of --volume."),
    diameter_m: float = Quantity("--diameter", "length", "Collector, e.g. 7.14mm."),
    area_m2: float = Quantity("--area", "area", "Instead of --diameter."),
) -> None:
    """The electrode's volume or thickness and its collector's diameter or area."""


def database(
    db_path: str = TDB,
    charge: int = CHARGE,
    liquid_phases: str = typer.Option(None, "--liquid-phases",
                                      help="e.g. LIQUID (default: the TDB's ':L')."),
    density_kg_m3: dict = typer.Option(None, "--density", parser=Parser(_lib(
        "parse_element_quantities", "density"), "density"),
        help="e.g. Li=0.534g/cm3,K(liquid)=0.83g/cm3."),
    engine: str = ENGINE,
) -> None:
    """The alloy system: TDB database, working ion's charge, liquids, densities, engine."""


def grid(
    elements: list = typer.Option("K,Na", "--elements", parser=Parser(NAMES.parse, "elements"),
                                  help="Binary or ternary, e.g. K,Na or K,Na,Li."),
    working_ion: str = typer.Option("K", "--working-ion", help="The element that moves."),
    areal_capacity_C_m2: list = typer.Option("0.5mAh/cm2:6mAh/cm2:23", "--areal-capacity",
                                             parser=Grid("areal_capacity"),
                                             help="START:STOP:N or a list."),
    temperature_K: list = typer.Option("22C", "--temperature", parser=Grid("temperature"),
                                       help="START:STOP:N or a list."),
) -> None:
    """The alloy system's elements and the capacities and temperatures of a design map."""


def map_options(
    x_working: list = typer.Option("0.80:0.99:39", "--x", parser=Grid(None, "composition"),
                                   help="x of the working ion, START:STOP:N or a list."),
    share: list = typer.Option(None, "--share", parser=Grid(None),
                               help="Ternary: x_b/(x_b+x_c)."),
    path: Path = typer.Option(..., "--output", "-o", parser=OUT_FILE, help=".nc or .csv."),
    png_path: Path = typer.Option(None, "--png", parser=OUT_FILE, help="Also draw a PNG."),
) -> None:
    """The compositions of a design map and the files it is written to."""


def cell_files(
    area_m2: float = Quantity("--area", "area", "Nominal electrode area, e.g. 0.4cm2."),
    final_area_m2: float = Quantity("--final-area", "area",
                                    "Final measured electrode area, e.g. 0.45cm2."),
    catalog_path: str = typer.Option(None, "--db", help="Write the results to this catalog "
                                     "(SQLite file or database URL)."),
    electrode: str = typer.Option(None, "--electrode", help="Catalog: e.g. Li, K, NaK-Li."),
    electrolyte: str = typer.Option(None, "--electrolyte", help="Catalog: e.g. LLZTO."),
    protocol: str = typer.Option(None, "--protocol", help="stepwise, constant_current or ramp "
                                 "(default: recognised per file)."),
) -> None:
    """Cycling files of symmetric cells: their areas, protocol and catalog."""


#: What the catalog alone records: given without --db these would do nothing.
CATALOG_ONLY = dict.fromkeys(["electrode", "electrolyte", "temperature_K", "stack_pressure_Pa"],
                             ("catalog_path",))
