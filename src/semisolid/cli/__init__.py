"""The ``semisolid`` command line.

One typer app; each area registers its commands from its own module in this package
(``thermo``, ``design``, ``files``, ``analysis``, ``models``, ``micro``, ``report``).
Command modules import only typer and the standard library at module level so that
``semisolid --help`` answers in well under a second; the work is imported inside the
commands.
"""

from __future__ import annotations

import importlib

import typer

__all__ = ["app", "main"]

app = typer.Typer(
    name="semisolid",
    help=(
        "Design and test semi-solid alkali-metal electrodes on solid electrolytes "
        "(Park et al., Nature Energy 2021). Values take units as text: 295.15K, 22C, "
        "10uL, 7.14mm, 3mAh/cm2. Add --json for one JSON document on stdout."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

_MODULES = ("thermo", "design", "files", "analysis", "models", "micro", "report")


@app.command("version")
def version() -> None:
    """Print the semisolid version."""
    from semisolid import __version__

    typer.echo(__version__)


for _name in _MODULES:
    importlib.import_module(f"semisolid.cli.{_name}").register(app)


def main() -> None:
    """Entry point of the ``semisolid`` script."""
    app()
