"""The ``semisolid`` command line.

One module per library package it fronts (:data:`COMMAND_MODULES`: ``thermo``,
``electrode``, ``io``, ``ccd``, ``eis``, ``mechanics``, ``models``, ``microstructure``,
``imaging``, ``report``, ``sweep``), each with its own typer ``app`` of module-level
commands, merged here. Every command parses its options, calls one library function and
prints; options several commands share are in :mod:`semisolid.cli.options`, the machinery
in :mod:`semisolid.cli._core`, the parsers and printers in the library
(:mod:`semisolid.parsing`, :mod:`semisolid.display`). Only typer, click and the standard
library are imported at module level, so ``semisolid --help`` answers in well under a second.
"""

from __future__ import annotations

from importlib import import_module

import typer

from semisolid.cli._core import App

__all__ = ["COMMAND_MODULES", "app", "main"]

#: The command modules, in the order of ``semisolid --help``; each has a typer ``app``.
COMMAND_MODULES = ("thermo", "electrode", "io", "ccd", "eis", "mechanics", "models",
                   "microstructure", "imaging", "report", "sweep")

app = App(
    name="semisolid", no_args_is_help=True,
    help="Design and test semi-solid alkali-metal electrodes on solid electrolytes (Park et "
         "al., Nature Energy 2021). Values take units as text: 295.15K, 22C, 10uL, 7.14mm, "
         "3mAh/cm2. Add --json for one JSON document on stdout.",
)
for _name in COMMAND_MODULES:
    app.add_typer(import_module(f"semisolid.cli.{_name}").app)


def _version(value: bool) -> None:
    if value:
        version()
        raise typer.Exit()


@app.callback()
def _root(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Print the semisolid version and exit."),
          debug: bool = typer.Option(False, "--debug", help="Internal errors: show the traceback."),
          ) -> None:
    """Design and test semi-solid alkali-metal electrodes on solid electrolytes."""


@app.command("version")
def version() -> None:
    """Print the semisolid version."""
    from semisolid import __version__

    typer.echo(__version__)


def main() -> None:
    """Entry point of the ``semisolid`` script."""
    app()
