"""Machinery shared by the command modules: parameter types, one-line errors, option groups.

Parsing and printing are the library's (:mod:`semisolid.parsing`, :mod:`semisolid.display`);
this module adapts them to typer:

* Options parse their text with a :class:`Parser` (``parser=Q("area")`` turns ``0.4cm2``
  into m2); the value keeps the user's text (``value.text``).
* A parameter is named after the library argument it feeds (or that name with its unit:
  ``temperature_K`` for ``temperature``); ``feeds=`` adds names. An InputError whose
  ``field`` is one of them is reported under the option the user typed, with the user's text.
* A command calls one library function (:func:`run`) and prints the result (:func:`show`,
  :func:`semisolid.display.print_result`). ``App.command`` adds the option groups of
  :mod:`semisolid.cli.options` (``options=``), ``--format``/``--dpi`` (``draws=``: the
  parameter that names where figures go) and refuses an option given without the options
  it needs (``needs=``): an option never does nothing silently.
* Every user mistake is one line on stderr (``error: OPTION: what``) and exit code 2 (NaN,
  special files, an output that is an input too); any other exception one line ``error:
  internal error ...`` and exit code 1 (``--debug``: the traceback). Text is printed escaped.

Only the standard library, typer and semisolid modules that import nothing more are imported
here (rich when a table is printed).
"""

from __future__ import annotations

import functools
import inspect
import math
import os
import sys
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

from semisolid._util import check_command_paths, protected_inputs, terminal_text
from semisolid.display import print_result as show
from semisolid.errors import InputError, SemisolidError
from semisolid.parsing import (
    output_path,
    parse_assignments,
    parse_composition,
    parse_grid,
    parse_names,
)
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
    return {n: tuple(getattr(getattr(p.default, "parser", None), "feeds", ()))
            for n, p in inspect.signature(ctx.command.callback).parameters.items()}


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
    sig = inspect.signature(ctx.command.callback).parameters
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


def _check_needs(ctx: Any) -> None:
    """Refuse an option given without what it needs (it would do nothing): each parameter it
    needs given, or with one of the values named (``"method=anstis|both"``)."""
    params = {p.name: p for p in ctx.command.params}
    for name, needed in getattr(ctx.command.callback, "needs", {}).items():
        if getattr(ctx.get_parameter_source(name), "name", "DEFAULT") == "DEFAULT":
            continue
        if isinstance(needed, str):  # kept for old command lines; never has an effect
            raise InputError(f"has no effect: {needed}", name)
        missing, wrong = [], []
        for item in needed:
            other, _, values = item.partition("=")
            v, label = ctx.params.get(other), _label(params[other])
            if v is None:
                missing.append(f"{label} {values.replace('|', ' or ')}".strip())
            elif values and str(v) not in values.split("|"):
                wrong.append(f"with {label} {v} (only with {values.replace('|', ' or ')})")
        if missing or wrong:
            why = [f"without {' and '.join(missing)}"] if missing else []
            raise InputError(f"has no effect {' and '.join(why + wrong)}", name)


class Command(_OneLineErrors, TyperCommand):
    """A command whose library errors name the option; warnings print as ``warning:``."""

    def invoke(self, ctx: Any) -> Any:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                inputs = _check_params(ctx)
                _check_needs(ctx)
                with protected_inputs(inputs):
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

    def command(self, *args: Any, options: Sequence[Callable[..., Any]] = (),
                draws: str | bool = False, needs: dict[str, Sequence[str] | str] | None = None,
                **kw: Any):  # type: ignore[override]
        """A command with the option groups `options` (functions of :mod:`.options`, whose
        parameters the command receives in ``**kw``); `draws`: with ``--format`` and
        ``--dpi`` for its figures (the name of the parameter they need, or True: always
        drawn); `needs`: parameter -> parameters it needs, ``"name"`` or ``"name=a|b"``
        (else it is refused, see :func:`_check_needs`), or a text: never has an effect, why."""
        kw.setdefault("cls", Command)
        register = super().command(*args, **kw)
        needs = dict(needs or {})
        if isinstance(draws, str):
            needs.update(formats=[draws], dpi=[draws])

        def decorate(fn: Callable[..., Any]) -> Callable[..., Any]:
            command = _extend(fn, options, bool(draws))
            command.needs = needs
            return register(command)

        return decorate


_FIGURES = [inspect.Parameter(n, inspect.Parameter.KEYWORD_ONLY, default=typer.Option(
    None, f"--{o}", metavar=m, help=h), annotation=t) for n, o, m, t, h in (
    ("formats", "format", "png,svg,pdf", str, "Figure formats (png,svg; a file's suffix wins)."),
    ("dpi", "dpi", "DPI", float, "Resolution of PNG figures (300)."))]


def _extend(fn: Callable[..., Any], groups: Sequence[Callable[..., Any]],
            draws: bool) -> Callable[..., Any]:
    """`fn` with the parameters of the option `groups` (passed on in its ``**kw``) and, if
    it `draws`, ``--format`` and ``--dpi`` (:func:`semisolid.plots.save.figure_options`)."""
    extra = [p.replace(kind=p.KEYWORD_ONLY) for g in groups
             for p in inspect.signature(g, eval_str=True).parameters.values()]
    if not extra and not draws:
        return fn

    @functools.wraps(fn)
    def command(*args: Any, **kw: Any) -> Any:
        if not draws:
            return fn(*args, **kw)
        from semisolid.plots.save import figure_options

        with figure_options(kw.pop("formats"), kw.pop("dpi")):
            return fn(*args, **kw)

    own = [p for p in inspect.signature(fn).parameters.values() if p.kind != p.VAR_KEYWORD]
    command.__signature__ = inspect.Signature([*own, *extra, *(_FIGURES if draws else [])])
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


def Quantity(flag: str, kind: str, help: str = "", default: Any = None,
             feeds: str | Sequence[str] = ()) -> Any:
    """An option ``flag`` taking a quantity of `kind` (:func:`Q`); ``default=...``: required."""
    return typer.Option(default, flag, parser=Q(kind, feeds), help=help)


GUESS = Parser(parse_assignments)
COMPOSITION = Parser(parse_composition, "metal")
METAL = Parser(lambda text: parse_composition(text) if "=" in text else text)
NAMES = Parser(parse_names)
OUT_FILE = Parser(lambda text: output_path(text, False), output=True)
OUT_DIR = Parser(lambda text: output_path(text, True), output=True)
FIGURE_OUT = Parser(lambda text: output_path(text, None), output=True)


def Grid(kind: str | None, feeds: str | Sequence[str] = ()) -> Parser:
    """``START:STOP:COUNT`` or a comma list, of quantities of `kind` (None: numbers)."""
    return Parser(lambda text: parse_grid(text, kind), feeds)


# ----------------------------------------------------------------------------- output

JSON = typer.Option(False, "--json", help="Print one JSON document on stdout.")


def run(function: str, params: dict[str, Any], *, title: str = "", **extra: Any) -> Any:
    """Call the library `function` (``"package.module.name"``, imported now) with the
    command's parameters, which carry its arguments' names (those of its option groups in
    ``kw``), :func:`show` the result and return it (``as_json`` is the command's own)."""
    import importlib

    module, _, name = function.rpartition(".")
    args = {k: v for k, v in params.items() if k not in ("as_json", "kw")}
    args.update(params.get("kw", {}))  # the options of the command's groups
    result = getattr(importlib.import_module(module), name)(**args, **extra)
    show(result, params.get("as_json", False), title)
    return result
