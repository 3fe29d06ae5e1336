"""The CLI's machinery: a fast --help, --version, modules usable alone, and library errors
named under the option the user typed through the parameter declarations alone."""

from __future__ import annotations

import subprocess
import sys

import pytest
import typer
from typer.testing import CliRunner

import semisolid
from semisolid.cli import app
from semisolid.cli._core import App, Parser, Q
from semisolid.errors import InputError

runner = CliRunner()
HEAVY = ("numpy", "pandas", "pycalphad", "matplotlib", "scipy", "xarray", "PIL")


@pytest.mark.slow
def test_help_imports_nothing_heavy():
    """Importing the CLI and printing --help (of the app and of every command) loads none of
    the heavy packages: ``semisolid --help`` stays fast."""
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from typer.main import get_command\n"
        "from semisolid.cli import app\n"
        "r = CliRunner()\n"
        "assert r.invoke(app, ['--help']).exit_code == 0\n"
        "group = get_command(app)\n"
        "for name, cmd in group.commands.items():\n"
        "    subs = getattr(cmd, 'commands', None) or {None: cmd}\n"
        "    for sub in subs:\n"
        "        args = [name] + ([sub] if sub else []) + ['--help']\n"
        "        assert r.invoke(app, args).exit_code == 0, args\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120, check=True)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


def test_version_flag_and_command():
    for args in (["--version"], ["version"]):
        r = runner.invoke(app, args)
        assert r.exit_code == 0 and r.stdout.strip() == semisolid.__version__


def test_no_arguments_prints_the_help():
    r = runner.invoke(app, [])
    assert r.exit_code == 2 and "Usage" in r.output and "equilibrium" in r.output


@pytest.mark.slow
def test_each_module_runs_alone():
    """A command module's own app works without the others (its tests need only it)."""
    from semisolid.cli import mechanics, microstructure

    r = runner.invoke(mechanics.app, ["hardness", "--load", "0.245N", "--diagonal", "306um",
                                      "--json"])
    assert r.exit_code == 0 and '"n_tests": 1' in r.stdout
    r = runner.invoke(microstructure.app, ["--preset", "A", "--size", "16", "--nuclei", "4",
                                           "--json"])  # one command: the app is the command
    assert r.exit_code == 0 and '"target_liquid_fraction": 0.1' in r.stdout


@pytest.mark.parametrize(("args", "line"), [
    (["hardness", "--diagonal", "306um"], "error: --load: missing"),
    (["simulate", "cell", "--preset", "K/KBA/K", "--seed", "x"], "error: --seed: "),
    (["hardness", "--load", "0.245N", "--diagonal", "306um", "--nope"], "error: No such option"),
    (["thickness", "--metal", "K", "--areal-capacity", "3mAh/cm2", "--density", "1kg"],
     "error: --density: '1kg' has units of mass"),
])
def test_usage_mistakes_are_one_line(args, line):
    r = runner.invoke(app, args)
    assert r.exit_code == 2 and r.stdout == ""
    (got,) = r.stderr.strip().splitlines()
    assert got.startswith(line), got


# --- the field -> option mechanism on a toy command --------------------------------------

toy = App()


@toy.command("grow")
def _grow(
    volume_m3: float = typer.Option("1uL", "--volume", parser=Q("volume")),
    amount: float = typer.Option("2mol", "--amount", parser=Q("amount", "moles")),
    label: str = typer.Option("x", "--label", parser=Parser(str, "name")),
    count: int = typer.Option(1, "--count"),
    field: str = typer.Option("", "--raise"),
) -> None:
    """Raise an InputError on the library field given by --raise."""
    raise InputError("is wrong", field or None)


@pytest.mark.parametrize(("args", "line"), [
    # the field is the parameter itself, with the user's text
    (["--raise", "volume_m3", "--volume", "5uL"], "--volume: is wrong (given: '5uL')"),
    # ... or the parameter without its unit, as the library's own checks often name it
    (["--raise", "volume", "--volume", "5uL"], "--volume: is wrong (given: '5uL')"),
    # ... or a name its parser declares it feeds; a default is shown as given too
    (["--raise", "moles"], "--amount: is wrong (given: '2mol')"),
    (["--raise", "name", "--label", "abc"], "--label: is wrong (given: 'abc')"),
    # a plain option: its value
    (["--raise", "count", "--count", "7"], "--count: is wrong (given: '7')"),
    # a field no option feeds: the library's message as it is
    (["--raise", "cycling data"], "cycling data: is wrong"),
    (["--raise", ""], "is wrong"),
])
def test_library_errors_name_the_option(args, line):
    r = runner.invoke(toy, args)
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr.strip().splitlines() == [f"error: {line}"]


def test_a_typed_option_wins_over_a_default():
    two = App()

    @two.command("pick")
    def _pick(a_m: float = typer.Option("1m", "--a", parser=Q("length", "size")),
              b_m: float = typer.Option("2m", "--b", parser=Q("length", "size"))) -> None:
        raise InputError("too big", "size")

    assert runner.invoke(two, ["--b", "3m"]).stderr.strip() == \
        "error: --b: too big (given: '3m')"
    assert runner.invoke(two, []).stderr.strip() == "error: --a: too big (given: '1m')"


def test_library_warnings_print_once_as_warning_lines():
    import warnings

    warn = App()

    @warn.command("w")
    def _w() -> None:
        warnings.warn("c/a below 2", UserWarning, stacklevel=1)
        warnings.warn("c/a below 2", UserWarning, stacklevel=1)
        typer.echo("done")

    r = runner.invoke(warn, [])
    assert r.exit_code == 0 and r.stdout == "done\n"
    assert r.stderr == "warning: c/a below 2\n"


# --- option groups: declared once, named in errors like the command's own options ----------

def _sizes(
    volume_m3: float = typer.Option(None, "--volume", parser=Q("volume")),
    count: int = typer.Option(1, "--count", parser=Parser(int, "n_items")),
    ratio: float = typer.Option(0.5, "--ratio"),
) -> None:
    """A toy option group."""


grouped = App()


@grouped.command("g", options=[_sizes], needs={"label": ["volume_m3"]})
def _g(label: str = typer.Option(None, "--label"), field: str = typer.Option("", "--raise"),
       **kw) -> None:
    """Print the group's values; raise an InputError on the field given by --raise."""
    if field:
        raise InputError("is wrong", field)
    typer.echo(f"{kw['volume_m3']!r} {kw['count']!r} {label}")


@pytest.mark.parametrize(("args", "out", "err"), [
    (["--volume", "2uL", "--count", "3"], "2e-09 3 None\n", ""),
    (["--volume", "2uL", "--label", "x"], "2e-09 1 x\n", ""),
    (["--label", "x"], "", "error: --label: has no effect without --volume "
                           "(given: 'x')\n"),
    (["--raise", "n_items", "--count", "7"], "", "error: --count: is wrong (given: '7')\n"),
    (["--raise", "volume", "--volume", "2uL"], "",
     "error: --volume: is wrong (given: '2uL')\n"),
    (["--ratio", "nan"], "", "error: --ratio: 'nan' is not a finite number\n"),
])
def test_option_groups_are_options_of_the_command(args, out, err):
    r = runner.invoke(grouped, args)
    assert (r.stdout, r.stderr) == (out, err)
    assert r.exit_code == (2 if err else 0)
