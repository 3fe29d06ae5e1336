"""Machinery shared by the command modules: parameter types, one-line errors and output.

* Options parse their text with the parsers below (``parser=Q("area")`` turns ``0.4cm2``
  into m2); the value keeps the user's text (``value.text``).
* A parameter is named after the library argument it feeds (or that name with its unit:
  ``temperature_K`` for ``temperature``); ``feeds=`` adds names. An InputError whose
  ``field`` is one of them is reported under the option the user typed, with the user's text.
* A command calls one library function (:func:`run`) and prints the result (:func:`show`):
  JSON from ``to_dict()``, else its ``tables()``. ``draws=True`` adds ``--format``/``--dpi``.
* Every user mistake is one line on stderr (``error: OPTION: what``) and exit code 2 (NaN,
  special files, an output that is an input too); any other exception one line ``error:
  internal error ...`` and exit code 1 (``--debug``: the traceback). Text is printed escaped.

Only the standard library and typer are imported here (rich when a table is printed).
"""

from __future__ import annotations

import functools
import inspect
import json
import math
import os
import sys
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

from semisolid._util import check_command_paths, check_output_path, protected_inputs, terminal_text
from semisolid.errors import InputError, SemisolidError
from semisolid.units import parse_quantity

# the click that typer runs on (click itself, or the copy inside typer)
_click = sys.modules[typer.BadParameter.__module__]
ClickException = _click.ClickException
Abort = typer.Abort, getattr(_click, "Abort", typer.Abort)
NoArgsIsHelp = getattr(_click, "NoArgsIsHelpError", ())


class _UserError(ClickException):
    exit_code = 2


def _label(p: Any) -> str:
    if getattr(p, "param_type_name", "") == "argument":
        return p.metavar or p.name.upper()
    opts = [o for o in p.opts if o.startswith("--")] or p.opts
    return max(opts, key=len)


def _click_message(exc: Any) -> str:
    p = getattr(exc, "param", None)
    if isinstance(exc, typer.BadParameter) and p is not None:
        what = "missing" if type(exc).__name__ == "MissingParameter" else exc.message
        return f"{_label(p)}: {what}"
    return exc.format_message()


def _feeds(ctx: Any) -> dict[str, tuple[str, ...]]:
    """Parameter name -> the library arguments its parser declares it feeds."""
    fn = inspect.unwrap(ctx.command.callback)
    return {n: tuple(getattr(getattr(p.default, "parser", None), "feeds", ()))
            for n, p in inspect.signature(fn).parameters.items()}


def _texts(value: Any) -> list[str]:
    """The user's text(s) of a parsed value (``.text``), else the value as text."""
    items = value if isinstance(value, list | tuple) and not hasattr(value, "text") else [value]
    out = []
    for v in items:
        if v is None or isinstance(v, bool):
            continue
        text = getattr(v, "text", None)
        out.append(text if text is not None else f"{v:g}" if isinstance(v, float) else str(v))
    return out


def _name_option(exc: SemisolidError, ctx: Any) -> str:
    """The library's message under the option that feeds the field at fault.

    A field names the parameter itself, one its parser ``feeds``, or the parameter without
    its unit (``temperature`` -> ``temperature_K``); an option the user typed comes first.
    """
    field, msg = getattr(exc, "field", None), str(exc)
    if field is None:
        return msg
    feeds = _feeds(ctx)

    def rank(p: Any) -> tuple[int, int]:
        how = (0 if p.name == field else 1 if field in feeds.get(p.name, ())
               else 2 if p.name.startswith(f"{field}_") else 9)
        typed = getattr(ctx.get_parameter_source(p.name), "name", "") == "COMMANDLINE"
        return how, 0 if typed else 1

    p = min(ctx.command.params, key=rank, default=None)
    if p is None or rank(p)[0] == 9:
        return msg
    msg = msg.removeprefix(f"{field}: ")
    texts = _texts(ctx.params.get(p.name))
    if texts and not any(t in msg for t in texts):
        msg += f" (given: {', '.join(repr(t) for t in texts)})"
    return f"{_label(p)}: {msg}"


def _os_message(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return f"{exc.filename or exc}: no such file or folder"
    what = exc.strerror or str(exc)
    return f"{exc.filename}: {what}" if exc.filename is not None else what


def say(text: Any, err: bool = False) -> None:
    """Echo a line (of at most 2,000 characters) with control characters escaped."""
    typer.echo(terminal_text(text, max_chars=2000), err=err)


class _OneLineErrors:
    """Mixin: a usage mistake is one line ``error: ...`` on stderr and exit code 2; any other
    exception one line ``error: internal error ...`` (the traceback with ``--debug``)."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True,
             **extra):
        args = list(sys.argv[1:] if args is None else args)
        debug = "--debug" in args or os.environ.get("SEMISOLID_DEBUG") == "1"
        args = [a for a in args if a != "--debug"]
        try:
            rv = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except (ClickException, *Abort) as exc:
            if not standalone_mode:
                raise
            if isinstance(exc, NoArgsIsHelp):
                exc.show()
            else:
                say("Aborted!" if isinstance(exc, Abort) else f"error: {_click_message(exc)}",
                    err=True)
            sys.exit(getattr(exc, "exit_code", 1))
        except Exception as exc:
            if not standalone_mode:
                raise
            from semisolid import __version__

            _ = debug and __import__("traceback").print_exc()
            say(f"error: internal error, please report it with the command line (semisolid "
                f"{__version__}): {type(exc).__name__}: {exc}"
                f"{'' if debug else ' (--debug shows the traceback)'}", err=True)
            sys.exit(1)
        if standalone_mode:
            sys.exit(rv if isinstance(rv, int) and not isinstance(rv, bool) else 0)
        return rv


def _check_params(ctx: Any) -> list[Any]:
    """Refuse NaN/inf in numeric options; check the paths (:func:`check_command_paths`)."""
    sig = inspect.signature(inspect.unwrap(ctx.command.callback)).parameters
    ins, outs = [], []
    for p in ctx.command.params:
        v = ctx.params.get(p.name)
        items = [*v.values()] if isinstance(v, dict) else [*v] if isinstance(v, list) else [v]
        if any(isinstance(x, float) and not math.isfinite(x) for x in items):
            raise InputError(f"{', '.join(map(repr, _texts(v)))} is not a finite number",
                             _label(p))
        output = getattr(getattr(sig.get(p.name), "default", None), "parser", None)
        pathlike = p.name.endswith("_path") or p.name == "db"
        (outs if getattr(output, "output", False) else ins).extend(
            (_label(p), x) for x in items if isinstance(x, Path) or (pathlike and x))
    return check_command_paths(ins, outs)


class Command(_OneLineErrors, TyperCommand):
    """A command whose library errors name the option; warnings print as ``warning:``."""

    def invoke(self, ctx: Any) -> Any:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                with protected_inputs(_check_params(ctx)):
                    rv = super().invoke(ctx)
            except SemisolidError as exc:
                raise _UserError(_name_option(exc, ctx)) from None
            except OSError as exc:
                raise _UserError(_os_message(exc)) from None
            except MemoryError:
                raise _UserError("not enough memory for this input; use smaller ones") from None
        for msg in dict.fromkeys(str(w.message) for w in caught  # not library deprecations
                                 if issubclass(w.category, UserWarning | RuntimeWarning)):
            say(f"warning: {msg}", err=True)
        return rv


class Group(_OneLineErrors, TyperGroup):
    """The root group (same one-line errors)."""


class App(typer.Typer):
    """A typer app whose commands are :class:`Command` objects."""

    def __init__(self, **kw: Any) -> None:
        kw.setdefault("cls", Group)
        kw.setdefault("add_completion", False)
        kw.setdefault("pretty_exceptions_enable", False)
        super().__init__(**kw)

    def command(self, *args: Any, draws: bool = False, **kw: Any):  # type: ignore[override]
        """A command; ``draws=True``: with ``--format`` and ``--dpi`` for its figures."""
        kw.setdefault("cls", Command)
        register = super().command(*args, **kw)
        return (lambda fn: register(_drawing(fn))) if draws else register


_FIGURES = [inspect.Parameter(n, inspect.Parameter.KEYWORD_ONLY, default=typer.Option(
    None, f"--{o}", metavar=m, help=h), annotation=t) for n, o, m, t, h in (
    ("formats", "format", "png,svg,pdf", str, "Figure formats (png,svg; a file's suffix wins)."),
    ("dpi", "dpi", "DPI", float, "Resolution of PNG figures (300)."))]


def _drawing(fn: Callable[..., Any]) -> Callable[..., Any]:
    """`fn` with ``--format`` and ``--dpi`` (:func:`semisolid.plots.save.figure_options`)."""
    @functools.wraps(fn)
    def command(*args: Any, formats: str | None = None, dpi: float | None = None, **kw: Any):
        from semisolid.plots.save import figure_options

        with figure_options(formats, dpi):
            return fn(*args, **kw)

    sig = inspect.signature(fn)
    command.__signature__ = sig.replace(parameters=[*sig.parameters.values(), *_FIGURES])
    return command


# ----------------------------------------------------------------------------- parsers

# parsed values that keep the user's text as ``.text``
_KEEP = {t: type(f"Given{t.__name__.title()}", (t,), {}) for t in (float, dict, list)}


class Parser:
    """``parser=`` of an option: text -> value (which keeps ``.text``); `feeds` names the
    library arguments the option sets besides the parameter's own name; `output`: a path
    written (never one of the inputs)."""

    def __init__(self, parse: Callable[[str], Any] = str, feeds: str | Sequence[str] = (),
                 output: bool = False):
        self.parse, self.feeds = parse, (feeds,) if isinstance(feeds, str) else tuple(feeds)
        self.output = output

    def __call__(self, text: Any) -> Any:
        if not isinstance(text, str):
            return text
        try:
            value = self.parse(text)
        except SemisolidError as exc:
            field = getattr(exc, "field", None)
            raise typer.BadParameter(str(exc).removeprefix(f"{field}: ")) from None
        if type(value) in _KEEP:
            value = _KEEP[type(value)](value)
            value.text = text
        return value


def Q(kind: str, feeds: str | Sequence[str] = ()) -> Parser:
    """A quantity with units of a kind of :data:`semisolid.units.KINDS`, in SI."""
    return Parser(lambda text: parse_quantity(text, kind), feeds)


def _number(text: str, cast: type = float) -> Any:
    try:
        return cast(text)
    except ValueError:
        raise InputError(f"{text!r} is not {'an integer' if cast is int else 'a number'}"
                         ) from None


def _assignments(text: str, example: str = "R0=10,R1=100", form: str = "NAME=VALUE"):
    """``"A=1,B=2.5"`` -> ``{"A": 1.0, "B": 2.5}`` (a name given twice is refused)."""
    out: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, sep, val = (s.strip() for s in part.partition("="))
        if not sep:
            raise InputError(f"{part!r} is not {form} (e.g. {example!r})")
        if name in out:
            raise InputError(f"{name} given twice in {text!r}")
        out[name] = _number(val)
    if not out:
        raise InputError(f"empty; expected e.g. {example!r}")
    return out


def _composition(text: str) -> dict[str, float]:
    return _assignments(text, "K=0.95,Na=0.05", "ELEMENT=FRACTION")


def _grid(text: str, kind: str | None) -> list[float]:
    """``START:STOP:COUNT`` (evenly spaced) or a comma list of quantities of `kind`."""
    one = (lambda t: parse_quantity(t, kind)) if kind else _number
    parts = text.split(":")
    if len(parts) == 3:
        lo, hi, n = one(parts[0]), one(parts[1]), _number(parts[2], int)
        if not 1 <= n <= MAX_GRID_POINTS:
            raise InputError(f"count {n} in {text!r} must be in 1..{MAX_GRID_POINTS:,}")
        return [lo + (hi - lo) * i / max(n - 1, 1) for i in range(n)]
    if len(parts) != 1:
        raise InputError(f"{text!r} is not START:STOP:COUNT or a comma list")
    return [one(t) for t in text.split(",") if t.strip()]


def _out_path(text: str, folder: bool | None) -> Path:
    """An output FILE (its folder must exist) or FOLDER (created if absent); None: a figure
    FILE when the name ends in .png, .svg or .pdf, else a FOLDER. Never empty, a device or
    other special file (:func:`~semisolid._util.check_output_path`)."""
    figure = Path(text).suffix.lower() in (".png", ".svg", ".pdf")
    folder = not figure if folder is None else folder
    if folder and figure:
        raise InputError(f"{text!r} is a file name; expected a folder")
    p = check_output_path(text, folder=folder)
    if not folder and not p.parent.is_dir():
        what = "is not a folder" if p.parent.exists() else "does not exist"
        raise InputError(f"folder {str(p.parent)!r} of {text!r} {what}")
    return p


GUESS = Parser(_assignments)
COMPOSITION = Parser(_composition, "metal")
METAL = Parser(lambda text: _composition(text) if "=" in text else text)
NAMES = Parser(lambda text: [p.strip() for p in text.split(",") if p.strip()])
OUT_FILE = Parser(lambda text: _out_path(text, False), output=True)
OUT_DIR = Parser(lambda text: _out_path(text, True), output=True)
FIGURE_OUT = Parser(lambda text: _out_path(text, None), output=True)
#: Most points of one START:STOP:COUNT grid axis.
MAX_GRID_POINTS = 1_000_000


def Grid(kind: str | None, feeds: str | Sequence[str] = ()) -> Parser:
    """``START:STOP:COUNT`` or a comma list, of quantities of `kind` (None: numbers)."""
    return Parser(lambda text: _grid(text, kind), feeds)


# ----------------------------------------------------------------------------- output

JSON = typer.Option(False, "--json", help="Print one JSON document on stdout.")


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
    """Print a table on stdout; numbers are never cut off (None and NaN print as ``-``).

    Examples
    --------
    >>> print_table("demo", ["name", "value"], [["pi", 3.141592653589793], ["e", None]])
          demo
    ┏━━━━━━┳━━━━━━━━━┓
    ┃ name ┃ value   ┃
    ┡━━━━━━╇━━━━━━━━━┩
    │ pi   │ 3.14159 │
    │ e    │ -       │
    └──────┴─────────┘
    """
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    def text(v: Any) -> Text:  # plain text: never rich markup, control characters escaped
        return Text(terminal_text(v))

    t = Table(title=text(title))
    for c in columns:
        t.add_column(text(c), overflow="fold")
    for r in rows:
        t.add_row(*[text("-" if v is None or v != v else f"{v:.6g}" if isinstance(v, float)
                         else v) for v in r])
    out = sys.stdout
    Console(file=out, width=None if out.isatty() else 100_000, highlight=False,
            soft_wrap=False, emoji=False, markup=False).print(t)


def run(function: str, params: dict[str, Any], *, title: str = "", **extra: Any) -> None:
    """Call the library `function` (``"package.module.name"``, imported now) with the
    command's parameters, which carry its arguments' names, and :func:`show` the result
    (``as_json`` is the command's own)."""
    import importlib

    module, _, name = function.rpartition(".")
    args = {k: v for k, v in params.items() if k != "as_json"}
    show(getattr(importlib.import_module(module), name)(**args, **extra),
         params.get("as_json", False), title)


def _cell(v: Any, nested: bool = False) -> Any:
    if isinstance(v, dict):
        text = ", ".join(f"{k}={_cell(x, True)}" for k, x in v.items())
        return f"({text})" if nested else text
    if isinstance(v, list | tuple):
        return "; ".join(str(_cell(x)) for x in v)
    return f"{v:.6g}" if isinstance(v, float) else v


def show(result: Any, as_json: bool, title: str = "") -> None:
    """Print a result (or a list of results): as JSON its ``to_dict()``, else its
    ``tables()`` (``(title, columns, rows)`` each; default: one quantity/value table of
    ``to_dict()``) and its ``lines()``."""
    if isinstance(result, list):  # one JSON list; each result's tables in turn
        if as_json:
            return emit_json([r.to_dict() for r in result])
        for r in result:
            show(r, False, title)
        return None
    if as_json:
        return emit_json(result.to_dict())
    tables = result.tables() if hasattr(result, "tables") else [
        (title, ["quantity", "value"], [[k, _cell(v)] for k, v in result.to_dict().items()])]
    for table in tables:
        print_table(*table)
    for line in getattr(result, "lines", list)():
        say(line)
