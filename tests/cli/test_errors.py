"""CLI: ordinary mistakes give exit code 2 and one line on stderr naming the option or file.

Each case runs a mistaken command through typer's CliRunner: no traceback, nothing half
written, and the message names what the user typed (the option, their text or the path),
not an internal argument name or an SI value.
"""

from __future__ import annotations

import os

import pytest
from typer.testing import CliRunner

from semisolid.cli import app

runner = CliRunner()

ALLOY = ["--alloy", "K=0.95,Na=0.05", "--diameter", "7.14mm", "--areal-capacity", "3mAh/cm2"]
MAP = ["design-map", "--volume", "10uL", "--diameter", "7.14mm", "--x", "0.9:0.95:2",
       "--areal-capacity", "1mAh/cm2", "--temperature", "22C"]
EIS = "impedance_py/exampleData.csv"


@pytest.fixture(scope="module")
def paths(tmp_path_factory, data_dir):
    """A plain file, a folder, a missing folder, a cycling file and an impedance file."""
    root = tmp_path_factory.mktemp("cli_errors")
    f = root / "file.txt"
    f.write_text("x")
    cell = root / "cell.mpt"
    r = runner.invoke(app, ["simulate", "cell", "--preset", "K/KBA/K", "--points", "10",
                            "--out", str(cell)])
    assert r.exit_code == 0, r.output
    return {"FILE": str(f), "DIR": str(root), "MISSING": str(root / "no" / "such"),
            "CELL": str(cell), "EIS": str(data_dir / "echem" / EIS)}


CASES = [
    # paths: a file where a folder is expected and the reverse, missing parent folders
    (["phase-diagram", "Na-K", "--step", "5K", "--out", "FILE"], "--out", "FILE"),
    (["section", "Li-Na-K", "--step", "0.1", "--out", "FILE"], "--out", "FILE"),
    (["ccd", "CELL", "--area", "0.4cm2", "--no-db", "--plot", "FILE"], "--plot", "FILE"),
    (["eis", "EIS", "--plot", "FILE"], "--plot", "FILE"),
    ([*MAP, "--output", "DIR/m.csv", "--png", "FILE/x.png"], "--png", "FILE"),
    ([*MAP, "--output", "MISSING/m.csv"], "--output", "MISSING"),
    (["simulate", "cell", "--preset", "K/KBA/K", "--out", "DIR"], "--out", "DIR"),
    (["simulate", "cell", "--preset", "K/KBA/K", "--out", "DIR/x.docx"], "--out", "x.docx"),
    (["simulate", "cell", "--preset", "K/KBA/K", "--out", "MISSING/x.csv"], "--out", "MISSING"),
    (["microstructure", "--liquid-fraction", "0.5", "--size", "32", "--out", "DIR/b.jpg"],
     "--out", "b.jpg"),
    (["export", "CELL", "MISSING/out.csv"], "OUT", "MISSING"),
    # values
    (["simulate", "cell", "--preset", "K/KBA/K", "--seed", "-1"], "--seed", "-1"),
    (["section", "Li-Na-K", "--step", "0"], "--step", "0"),
    (["phase-diagram", "Na-K", "--step", "-1K"], "--step", "-1K"),
    (["phase-diagram", "Na-K", "--step", "1"], "--step", "'1'"),
    (["design", *ALLOY, "--volume", "10uL", "--working-ion", "Li"], "--working-ion",
     "Li is not in the alloy (K, Na)"),
    (["design", "--alloy", "K=0.95,K=0.05", "--volume", "10uL", "--diameter", "7.14mm",
      "--areal-capacity", "3mAh/cm2"], "--alloy", "K given twice"),
    (["design", *ALLOY, "--volume", "-10uL"], "--volume", "'-10uL'"),
    (["design", "--alloy", "K=0.95,Na=0.05", "--volume", "10uL", "--diameter", "7.14mm",
      "--areal-capacity", "-30mAh/cm2"], "--areal-capacity", "'-30mAh/cm2'"),
    (["film", "--volume", "-5uL"], "--volume", "'-5uL'"),
    (["ccd", "CELL", "--area", "0.4cm2", "--no-db", "--final-area", "0cm2"], "--final-area",
     "'0cm2'"),
    (["hardness", "--load", "0.245N", "--diagonal", "-306um"], "--diagonal", "'-306um'"),
    (["hardness", "--load", "0.245N", "--diagonal", "306um", "--constraint", "-1"],
     "--constraint", "-1"),
    (["toughness", "--load", "9.81N", "--half-diagonal", "40um", "--crack", "-120um",
      "--modulus", "150GPa"], "--crack", "'-120um'"),
    (["model", "ccd", "--liquid-fraction", "2"], "--liquid-fraction", "2"),
    (["simulate", "cell", "--preset", "K/KBA/K", "--points", "0"], "--points", "10 points"),
    (["eis", "EIS", "--guess", "R0=-1"], "--guess", "R0"),
    (["eis", "EIS", "--weighting", "foo"], "--weighting", "'foo'"),
    (["equilibrium", "-c", "K=0.95,Na=0.05", "-T", "100K"], "--temperature",
     "outside the valid range"),
    (["equilibrium", "-c", "K=1.2,Na=-0.2", "-T", "300K"], "--composition", "x_K=1.2"),
    (["phase-diagram", "Na-K", "--tmin", "300K", "--tmax", "250K"], "--tmax", "250"),
    (["microstructure", "--liquid-fraction", "0.5", "--size", "8", "--nuclei", "1000"],
     "--nuclei", "1000"),
]

# API argument names that must never reach the user
INTERNAL = ("_m3", "_m:", "_Pa", "_N:", "constraint_factor", "liquid_fraction:", "initial:",
            "weighting:", "crack_length", "points_per_half_cycle", "film_volume", "step:",
            "tmax:", "composition:", "temperature:")


@pytest.mark.slow
@pytest.mark.parametrize("args, option, shown", CASES, ids=[" ".join(c[0][:3]) for c in CASES])
def test_mistake_gives_one_line_naming_the_option(paths, args, option, shown):
    argv = [paths.get(a, a) for a in args]
    argv = [a.replace("DIR/", paths["DIR"] + "/").replace("FILE/", paths["FILE"] + "/")
            .replace("MISSING/", paths["MISSING"] + "/") for a in argv]
    r = runner.invoke(app, argv)
    assert r.exit_code == 2, (r.output, r.exception)
    assert "Traceback" not in r.output and r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    line = lines[0]
    assert line.startswith(f"error: {option}: "), line
    assert paths.get(shown, shown) in line, line
    rest = line.removeprefix(f"error: {option}: ")
    for bad in INTERNAL:
        assert bad not in rest, line


def test_missing_output_folder_is_not_created(paths):
    r = runner.invoke(app, ["export", paths["CELL"], paths["MISSING"] + "/out.csv"])
    assert r.exit_code == 2
    assert not os.path.exists(paths["MISSING"])


@pytest.mark.slow
def test_step_is_a_temperature_difference():
    """1C and 1K steps are the same step (a difference), not 274.15 K."""
    args = ["phase-diagram", "Na-K", "--tmin", "250K", "--tmax", "262K", "--json"]
    a = runner.invoke(app, [*args, "--step", "3K"])
    b = runner.invoke(app, [*args, "--step", "3C"])
    assert a.exit_code == 0 and b.exit_code == 0, (a.output, b.output)
    assert a.stdout == b.stdout


def test_equilibrium_json_carries_converged():
    import json

    r = runner.invoke(app, ["equilibrium", "-c", "K=0.95,Na=0.05", "-T", "295.15K", "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["converged"] is True


@pytest.mark.slow
def test_tables_are_not_cut_when_piped():
    """CliRunner output is not a terminal: long cells are printed whole (no ellipsis)."""
    r = runner.invoke(app, ["design", "--alloy", "K=0.95,Na=0.05", "--volume", "10uL",
                            "--diameter", "7.14mm", "--areal-capacity", "3mAh/cm2"])
    assert r.exit_code == 0, r.output
    assert "…" not in r.stdout
    assert "K=0.9500,Na=0.0500" in r.stdout


@pytest.mark.slow
def test_design_json_echoes_rounded_composition():
    import json

    r = runner.invoke(app, ["design", "--alloy", "K=0.95,Na=0.05", "--volume", "10uL",
                            "--diameter", "7.14mm", "--areal-capacity", "3mAh/cm2", "--json"])
    assert json.loads(r.stdout)["start"]["composition"] == {"K": 0.95, "Na": 0.05}


def test_hardness_table_uses_the_constraint_and_no_nan():
    r = runner.invoke(app, ["hardness", "--load", "0.245N", "--diagonal", "306um",
                            "--constraint", "2.8"])
    assert r.exit_code == 0, r.output
    assert "H/2.8" in r.stdout and "nan" not in r.stdout and "n/a (1 indent)" in r.stdout
