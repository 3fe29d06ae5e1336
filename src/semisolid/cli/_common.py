"""Helpers shared by the CLI command modules: errors, JSON and table output.

Only the standard library, typer and (lazily) rich are imported here.
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import typer

__all__ = [
    "emit_json",
    "output_file",
    "output_folder",
    "parse_assignments",
    "parse_composition",
    "print_table",
    "quantity",
    "round_sig",
    "user_errors",
]

#: ``fields`` of :func:`user_errors`: API field -> option, or (option, the user's text).
FieldMap = Mapping[str, "str | tuple[str, str | None]"]


def _as_option_error(exc: Exception, fields: FieldMap) -> Exception:
    """Rewrite an InputError whose field is an API argument to name the CLI option."""
    from semisolid.errors import InputError

    field = getattr(exc, "field", None)
    if not isinstance(exc, InputError) or field not in fields:
        return exc
    spec = fields[field]
    option, text = spec if isinstance(spec, tuple) else (spec, None)
    msg = str(exc).removeprefix(f"{field}: ")
    if text is not None and str(text) not in msg:
        msg = f"{msg} (given: {text!r})"
    return InputError(msg, option)


@contextlib.contextmanager
def user_errors(fields: FieldMap | None = None) -> Iterator[None]:
    """Turn user mistakes into a one-line message on stderr and exit code 2.

    Catches semisolid's own errors and operating-system errors on paths (a file where a
    folder is expected, a missing or unwritable folder, ...). With `fields`, an
    :class:`~semisolid.errors.InputError` whose field is an API argument name is reported
    under the CLI option that sets it, with the user's text when given.

    Parameters
    ----------
    fields : mapping, optional
        API field name -> option name, or -> ``(option name, the user's text)``.

    Examples
    --------
    >>> import contextlib, sys
    >>> from semisolid.errors import InputError
    >>> with contextlib.redirect_stderr(sys.stdout):  # show stderr here
    ...     try:
    ...         with user_errors({"volume_m3": ("--volume", "-10uL")}):
    ...             raise InputError("must be positive", "volume_m3")
    ...     except typer.Exit as e:
    ...         print("exit", e.exit_code)
    error: --volume: must be positive (given: '-10uL')
    exit 2
    >>> with contextlib.redirect_stderr(sys.stdout):
    ...     try:
    ...         with user_errors():
    ...             open("/nonexistent-dir/x.txt", "w")
    ...     except typer.Exit as e:
    ...         print("exit", e.exit_code)
    error: /nonexistent-dir/x.txt: no such file or folder
    exit 2
    """
    from semisolid.errors import SemisolidError

    try:
        yield
    except SemisolidError as exc:
        typer.echo(f"error: {_as_option_error(exc, fields or {})}", err=True)
        raise typer.Exit(code=2) from None
    except FileNotFoundError as exc:
        typer.echo(f"error: {exc.filename or exc}: no such file or folder", err=True)
        raise typer.Exit(code=2) from None
    except OSError as exc:
        name = exc.filename if exc.filename is not None else ""
        what = exc.strerror or str(exc)
        typer.echo(f"error: {name}: {what}" if name else f"error: {what}", err=True)
        raise typer.Exit(code=2) from None


def emit_json(obj: Any) -> None:
    """Print one JSON document on stdout (NaN and infinities become null).

    Examples
    --------
    >>> emit_json({"x": 1.5, "bad": float("nan")})
    {
      "x": 1.5,
      "bad": null
    }
    """
    from semisolid._util import json_safe

    sys.stdout.write(json.dumps(json_safe(obj), indent=2) + "\n")


def print_table(title: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Print a readable table (rich) on stdout; numbers are never cut off.

    On a terminal long cells fold onto the next line; when the output is piped or
    redirected the table is as wide as its content.

    Examples
    --------
    >>> print_table("demo", ["name", "value"], [["pi", 3.141592653589793]])
          demo
    ┏━━━━━━┳━━━━━━━━━┓
    ┃ name ┃ value   ┃
    ┡━━━━━━╇━━━━━━━━━┩
    │ pi   │ 3.14159 │
    └──────┴─────────┘
    """
    from rich.console import Console
    from rich.table import Table

    t = Table(title=title)
    for c in columns:
        t.add_column(str(c), overflow="fold")
    for r in rows:
        t.add_row(*[_fmt(v) for v in r])
    out = sys.stdout
    width = None if out.isatty() else 100_000
    Console(file=out, width=width, highlight=False, soft_wrap=False).print(t)


def _fmt(v: Any) -> str:
    if isinstance(v, float):
        return "-" if v != v else f"{v:.6g}"
    return str(v)


def quantity(text: str, kind: str, field: str, positive: bool = False) -> float:
    """Parse a CLI value with units into SI (errors name the option and show its text).

    Parameters
    ----------
    text : str
        The user's text, e.g. ``"10uL"``.
    kind : str
        A kind of :data:`semisolid.units.KINDS`.
    field : str
        The option, e.g. ``"--volume"``.
    positive : bool
        Refuse zero and negative values (with the user's text).

    Examples
    --------
    >>> quantity("10uL", "volume", "--volume")
    1e-08
    >>> quantity("-10uL", "volume", "--volume", positive=True)
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: --volume: '-10uL' must be positive
    """
    from semisolid.errors import InputError
    from semisolid.units import parse_quantity

    value = parse_quantity(text, kind, field=field)
    if positive and not value > 0:
        raise InputError(f"{text!r} must be positive", field)
    return value


def output_file(path: str | Path, field: str) -> Path:
    """Check that an output FILE can be created: its folder exists and it is not a folder.

    Examples
    --------
    >>> output_file("/no/out.csv", "OUT")
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: OUT: folder '/no' of '/no/out.csv' does not exist
    """
    from semisolid.errors import InputError

    p = Path(path)
    parent = p.parent if str(p.parent) else Path(".")
    if not parent.is_dir():
        what = "is not a folder" if parent.exists() else "does not exist"
        raise InputError(f"folder {str(parent)!r} of {str(p)!r} {what}", field)
    if p.is_dir():
        raise InputError(f"{str(p)!r} is a folder; expected a file name", field)
    return p


def output_folder(path: str | Path, field: str) -> Path:
    """Check that an output FOLDER can be used: absent (it will be created) or a folder.

    Examples
    --------
    >>> import tempfile
    >>> f = tempfile.NamedTemporaryFile(suffix=".txt", delete=False).name
    >>> output_folder(f, "--out")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: --out: '...txt' is a file; expected a folder
    """
    from semisolid.errors import InputError

    p = Path(path)
    if p.exists() and not p.is_dir():
        raise InputError(f"{str(p)!r} is a file; expected a folder", field)
    return p


def round_sig(value: float, digits: int = 12) -> float:
    """Round to `digits` significant digits (for echoing inputs: 0.95 not 0.9500000000000001).

    Examples
    --------
    >>> round_sig(0.9500000000000001)
    0.95
    >>> round_sig(0.0)
    0.0
    """
    return float(f"{value:.{digits}g}")


def parse_assignments(
    text: str, field: str, example: str, form: str = "NAME=VALUE"
) -> dict[str, float]:
    """Parse ``"A=1,B=2.5"`` into ``{"A": 1.0, "B": 2.5}`` (errors name `field`).

    A name given twice is refused.

    Examples
    --------
    >>> parse_assignments("R0=10, CPE1_alpha=0.9", "--guess", "R0=10")
    {'R0': 10.0, 'CPE1_alpha': 0.9}
    >>> parse_assignments("K=0.95,K=0.05", "--alloy", "K=0.95,Na=0.05")
    Traceback (most recent call last):
    ...
    semisolid.errors.InputError: --alloy: K given twice in 'K=0.95,K=0.05'
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
        name = name.strip()
        if name in out:
            raise InputError(f"{name} given twice in {text!r}", field)
        try:
            out[name] = float(val)
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
