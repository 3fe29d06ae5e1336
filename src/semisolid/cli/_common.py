"""Helpers shared by the CLI command modules: errors, JSON and table output.

Only the standard library, typer and (lazily) rich are imported here.
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterator, Sequence
from typing import Any

import typer

__all__ = [
    "emit_json",
    "parse_assignments",
    "parse_composition",
    "print_table",
    "quantity",
    "user_errors",
]


@contextlib.contextmanager
def user_errors() -> Iterator[None]:
    """Turn semisolid's own errors into a one-line message on stderr and exit code 2."""
    from semisolid.errors import SemisolidError

    try:
        yield
    except SemisolidError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(code=2) from None
    except FileNotFoundError as exc:
        typer.echo(f"error: {exc.filename or exc}: no such file", err=True)
        raise typer.Exit(code=2) from None


def emit_json(obj: Any) -> None:
    """Print one JSON document on stdout."""
    from semisolid._util import json_safe

    sys.stdout.write(json.dumps(json_safe(obj), indent=2) + "\n")


def print_table(title: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Print a readable table (rich) on stdout."""
    from rich.console import Console
    from rich.table import Table

    t = Table(title=title)
    for c in columns:
        t.add_column(str(c))
    for r in rows:
        t.add_row(*[_fmt(v) for v in r])
    Console().print(t)


def _fmt(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:.6g}"
    return str(v)


def quantity(text: str, kind: str, field: str) -> float:
    """Parse a CLI value with units into SI (errors name the option)."""
    from semisolid.units import parse_quantity

    return parse_quantity(text, kind, field=field)


def parse_assignments(
    text: str, field: str, example: str, form: str = "NAME=VALUE"
) -> dict[str, float]:
    """Parse ``"A=1,B=2.5"`` into ``{"A": 1.0, "B": 2.5}`` (errors name `field`).

    Examples
    --------
    >>> parse_assignments("R0=10, CPE1_alpha=0.9", "--guess", "R0=10")
    {'R0': 10.0, 'CPE1_alpha': 0.9}
    """
    from semisolid.errors import InputError

    out: dict[str, float] = {}
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        name, sep, val = part.partition("=")
        if not sep:
            raise InputError(f"{part!r} is not {form} (e.g. {example!r})", field)
        try:
            out[name.strip()] = float(val)
        except ValueError:
            raise InputError(f"{val!r} in {part!r} is not a number", field) from None
    return out


def parse_composition(text: str, field: str = "--composition") -> dict[str, float]:
    """Parse ``"K=0.95,Na=0.05"`` into ``{"K": 0.95, "Na": 0.05}``.

    Examples
    --------
    >>> parse_composition("K=0.95, Na=0.05")
    {'K': 0.95, 'Na': 0.05}
    """
    from semisolid.errors import InputError

    out = parse_assignments(text, field, "K=0.95,Na=0.05", form="ELEMENT=FRACTION")
    if not out:
        raise InputError("empty composition; expected e.g. 'K=0.95,Na=0.05'", field)
    return out
