"""The CLI never shows a traceback: a mistake is one line naming the option or file (exit
code 2), an internal error one line asking for a report with the version (exit code 1;
the traceback with ``--debug``); text from files is printed as plain, escaped text.

Cases of the bad-input campaign: ``stats --confidence nan`` (a traceback in
``int(confidence*100)``), ``phase-diagram --step 1e-9K`` (1.46 TiB; now bounded by the
detection grid), ``section --step 1e-6`` (7.3 TiB), ``microstructure --scale 100000`` (37
TiB), ``simulate cell --points 100000000`` (MemoryError), ``design-map --x
0.8:0.99:100000000`` (a segfault under a 4 GiB address-space limit), ``sweep cells --n``,
``--points`` or ``--workers`` of 20 digits (the memory exhausted building the task list or
the local cluster); a column named
``[/red]`` (MarkupError traceback), ``[link=...]x[/link]`` shown as ``x``, ``[red]`` lost
from a file name, ``ESC[31m`` reaching the terminal raw. The bounded campaign of bad
invocations puts NaN, infinities, empty text and special files into every option of every
command, the sweeps included.
"""

from __future__ import annotations

import os
import re
from collections import Counter

import pytest
from typer.main import get_command
from typer.testing import CliRunner

import semisolid
from semisolid.cli import app

from .conftest import one_line_error

runner = CliRunner()


def _refused(args: list, *shown: str) -> str:
    r = runner.invoke(app, [str(a) for a in args])
    assert r.exit_code == 2, (r.output, r.exception)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), r.stderr
    assert "Traceback" not in r.output
    for s in shown:
        assert s in lines[0], lines[0]
    return lines[0]


def test_nan_confidence_is_one_line(tmp_path):
    p = tmp_path / "x.csv"
    p.write_text("electrode,ccd_mA_cm2\nLi,0.4\nLi,0.5\n")
    _refused(["stats", p, "--confidence", "nan"], "--confidence", "'nan' is not a finite")


def test_an_impossible_ion_charge_is_refused():
    # --charge 99999999999999999999 gave a thickness 1e20 times too small, silently
    _refused(["thickness", "--metal", "Li", "--areal-capacity", "3mAh/cm2", "--charge",
              "9" * 20], "--charge", "above +9")


def test_a_huge_job_count_is_refused_not_an_internal_error(peis):
    # 10**20 worker processes overflowed the process pool's semaphore (OverflowError)
    _refused(["ccd", peis, "--area", "0.4cm2", "--no-db", "--jobs", "9" * 20], "--jobs",
             "at most 256")


@pytest.mark.parametrize("args, option", [
    (["section", "Li-Na-K", "--step", "1e-6"], "--step"),
    (["microstructure", "--preset", "B", "--size", "64", "--scale", "100000",
      "--out", "OUT/m.png"], "--scale"),
    (["simulate", "cell", "--preset", "K/KBA/K", "--points", "100000000"], "--points"),
    pytest.param(["design-map", "--x", "0.8:0.99:1000000", "--areal-capacity",
                  "1mAh/cm2:3mAh/cm2:100000", "--volume", "10uL", "--diameter", "7.14mm",
                  "-o", "OUT/m.csv"], "--x", marks=pytest.mark.slow),
])
def test_memory_bombs_are_refused_naming_the_estimate(tmp_path, args, option):
    line = _refused([a.replace("OUT", str(tmp_path)) for a in args], option)
    assert re.search(r"need about [\d,.]+ GiB \(\d+ bytes each\), more than the", line), line
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_a_tiny_phase_diagram_step_stays_on_the_bounded_detection_grid():
    # 1e-9 K over 248-391 K asked for 1.46 TiB; the diagram now detects on at most
    # MAX_DETECTION_TEMPERATURES temperatures and reports on that grid when the step is finer
    from semisolid.thermo import load_database
    from semisolid.thermo.diagrams.binary import MAX_DETECTION_TEMPERATURES, binary_diagram

    d = binary_diagram(load_database(), ("K", "Na"), 250.0, 260.0, step_K=1e-9)
    assert 2 <= d.temperatures_K.size <= MAX_DETECTION_TEMPERATURES + 1
    assert d.temperatures_K[0] == 250.0 and d.temperatures_K[-1] == 260.0


@pytest.mark.slow
def test_huge_grid_is_refused_under_an_address_space_limit(tmp_path, cli):
    r = cli(["design-map", "--x", "0.8:0.99:100000000", "--volume", "10uL", "--diameter",
             "7.14mm", "-o", str(tmp_path / "m.csv")], address_space_bytes=4 * 2**30)
    line = one_line_error(r)
    assert line.startswith("error: --x: count 100000000") and "1,000,000" in line


def test_internal_errors_ask_for_a_report_and_hide_the_traceback(monkeypatch, tmp_path, peis):
    import semisolid.io.workflows as wf

    def broken(*a, **k):
        return 1 / 0

    monkeypatch.setattr(wf, "summarize_file", broken)
    r = runner.invoke(app, ["inspect", str(peis)])
    assert r.exit_code == 1
    (line,) = r.stderr.strip().splitlines()
    assert line == (f"error: internal error, please report it with the command line (semisolid "
                    f"{semisolid.__version__}): ZeroDivisionError: division by zero "
                    "(--debug shows the traceback)")
    r = runner.invoke(app, ["--debug", "inspect", str(peis)])
    assert r.exit_code == 1 and "Traceback (most recent call last)" in r.stderr
    assert "ZeroDivisionError" in r.stderr.strip().splitlines()[-1]
    r = runner.invoke(app, ["inspect", str(peis), "--debug"])  # anywhere on the line
    assert r.exit_code == 1 and "Traceback" in r.stderr


def test_memory_error_is_a_one_line_mistake(monkeypatch, peis):
    import semisolid.io.workflows as wf

    def oom(*a, **k):
        raise MemoryError

    monkeypatch.setattr(wf, "summarize_file", oom)
    _refused(["inspect", peis], "not enough memory")


# ----------------------------------------------------------------------------- injection

def test_text_from_files_is_plain_escaped_text(tmp_path):
    folder = tmp_path / "[red]runs"
    folder.mkdir()
    p = folder / "[bold]cell.csv"
    p.write_text("time/s,Ewe/V,control/mA,[/red],[link=https://example.org]x[/link],"
                 "\x1b[31mred\u202e\n0,0.1,1,2,3,4\n1,0.1,1,2,3,4\n")
    r = runner.invoke(app, ["inspect", str(p)])
    assert r.exit_code == 0, r.output
    assert "[bold]cell.csv" in r.stdout  # the title keeps the file name
    assert "[/red]" in r.stdout and "[link=https://example.org]x[/link]" in r.stdout
    assert "\\x1b[31mred\\u202e" in r.stdout and "\x1b" not in r.output
    assert "\u202e" not in r.output


def test_warnings_and_errors_escape_control_characters(tmp_path):
    p = tmp_path / "bad\x1b[2Jname.mpr"
    p.write_bytes(b"not an mpr file")
    line = _refused(["inspect", p], "\\x1b[2J")
    assert "\x1b" not in line


# ----------------------------------------------------------------------------- campaign

def _commands() -> dict[str, object]:
    out = {}
    for name, cmd in get_command(app).commands.items():
        for sub, c in (getattr(cmd, "commands", None) or {None: cmd}).items():
            out[" ".join(filter(None, [name, sub]))] = c
    return out


# a fast, valid invocation of each command; the campaign changes one option at a time
BASE = {
    "equilibrium": ["-c", "K=0.95,Na=0.05", "-T", "300K"],
    "phase-diagram": ["K-Na", "--tmin", "250K", "--tmax", "262K", "--step", "3K"],
    "section": ["Li-Na-K", "--step", "0.1"],
    "thickness": ["--metal", "Li", "--areal-capacity", "3mAh/cm2"],
    "design": ["--alloy", "K=0.95,Na=0.05", "--volume", "10uL", "--diameter", "7.14mm",
               "--areal-capacity", "3mAh/cm2"],
    "design-map": ["--x", "0.9", "--areal-capacity", "1mAh/cm2", "--volume", "10uL",
                   "--diameter", "7.14mm", "-o", "OUT/m.csv"],
    "design-window": ["--areal-capacity", "1mAh/cm2", "--volume", "10uL", "--diameter",
                      "7.14mm"],
    "film": [],
    "inspect": ["PEIS"],
    "export": ["PEIS", "OUT/x.csv"],
    "ccd": ["CELL", "--area", "0.4cm2", "--no-db"],
    "cells": ["--db", "CATALOG"],
    "stats": ["STATS"],
    "eis": ["PEIS"],
    "hardness": ["--load", "0.245N", "--diagonal", "306um"],
    "toughness": ["--load", "9.81N", "--half-diagonal", "40um", "--crack", "120um",
                  "--modulus", "150GPa"],
    "model ccd": ["--electrode", "Li"],
    "simulate cell": ["--preset", "K/KBA/K", "--points", "10"],
    "microstructure": ["--preset", "B", "--size", "16", "--nuclei", "4"],
    "reproduce": ["--quick", "--out", "OUT/report"],
    "version": [],
    "contact-angle": ["DROP"],
    "electrode-area": ["ELECTRODE", "--reference", "12.7mm"],
    # one worker process: a bad --n, --workers or grid is refused before anything big is
    # allocated or the cluster starts (10^20 cells or workers once exhausted the memory)
    "sweep design": ["--x", "0.9", "--areal-capacity", "1mAh/cm2", "--volume", "10uL",
                     "--diameter", "7.14mm", "-o", "OUT/s.csv", "--workers", "1", "--quiet"],
    "sweep cells": ["--preset", "K/KBA/K", "--n", "1", "--points", "10", "--workers", "1",
                    "--quiet"],
    "sweep files": ["CELL", "--area", "0.4cm2", "--workers", "1", "--quiet"],
}
BAD = ["nan", "inf", "-inf", "1e999", ""]
HUGE_INT = "9" * 20  # into whole-number options (--jobs overflowed the process pool)


@pytest.fixture(scope="module")
def files(tmp_path_factory, peis):
    from semisolid.ccd.catalog import Catalog

    root = tmp_path_factory.mktemp("campaign")
    fifo = root / "pipe"
    os.mkfifo(fifo)
    cell = root / "cell.mpt"
    assert runner.invoke(app, ["simulate", "cell", "--preset", "K/KBA/K", "--points", "10",
                               "--out", str(cell)]).exit_code == 0
    stats = root / "stats.csv"
    stats.write_text("electrode,ccd_mA_cm2\nLi,0.4\nLi,0.6\nK,2.0\nK,2.5\n")
    Catalog(root / "c.sqlite").close()
    from semisolid.imaging.synthetic import render_electrode, render_sessile_drop

    render_sessile_drop(75.0, 0.8, shape=(120, 160), half_width_px=50.0).save(root / "d.png")
    render_electrode(shape=(130, 130), disc_radius_px=55.0, metal_radius_px=30.0).save(
        root / "e.png")
    return {"PEIS": str(peis), "CELL": str(cell), "STATS": str(stats),
            "CATALOG": str(root / "c.sqlite"), "FIFO": str(fifo), "ROOT": root,
            "DROP": str(root / "d.png"), "ELECTRODE": str(root / "e.png")}


def _numeric(cmd, name: str) -> bool:
    """An option whose value is a number, quantity, grid or composition (from the
    command's parameter declaration)."""

    from semisolid.cli._core import METAL, NAMES, Parser

    par = _parameter(cmd, name)
    func = getattr(par.default, "parser", None)
    if isinstance(func, Parser):
        return not func.output and func.parse not in (str, NAMES.parse, METAL.parse)
    return par.annotation in (float, int, "float", "int")


def _integer(cmd, name: str) -> bool:

    return _parameter(cmd, name).annotation in (int, "int")


def _parameter(cmd, name: str):
    """The declaration of a command's parameter: the callback's own, or one ``App.command``
    adds (its option groups; --format, --dpi)."""
    import inspect

    own = inspect.signature(inspect.unwrap(cmd.callback)).parameters
    return own[name] if name in own else inspect.signature(cmd.callback).parameters[name]


def _with(base: list[str], opt: str, value: str) -> list[str]:
    args = list(base)
    if opt in args:
        args[args.index(opt) + 1] = value
        return args
    return [*args, opt, value]


@pytest.mark.slow
def test_bad_values_in_every_option_of_every_command(files, tmp_path, monkeypatch):
    """NaN, infinities, an overflowing number and empty text in every option but the paths (and a
    20-digit number in the whole-number ones), and an empty path, a FIFO, /dev/zero and
    /dev/null in every path option, each alone in an otherwise valid command: never a
    traceback or an internal error; a refusal is one line (naming the option, or the file
    or value at fault); every NaN, infinity and special file is refused."""
    monkeypatch.chdir(tmp_path)  # whatever a command writes by mistake stays here
    commands = _commands()
    assert set(BASE) <= set(commands), set(BASE) - set(commands)
    # a command added later without a valid invocation here is still run (with its
    # options alone); add it to BASE for a campaign that reaches its library code
    print("commands without a base invocation:", sorted(set(commands) - set(BASE)))
    n = refused = named = 0
    accepted: Counter = Counter()  # by value given
    text_options: set = set()  # options that take 'nan' or a huge whole number as valid
    for name, cmd in commands.items():
        base = [files.get(a, a.replace("OUT", str(tmp_path))) for a in BASE.get(name, [])]
        for p in cmd.params:
            if p.param_type_name != "option" or p.is_flag or p.name in ("help", "as_json"):
                continue
            opt = max(p.opts, key=len)
            path = p.name in ("tdb", "db", "out", "out_dir", "path", "png_path", "plot_dir",
                              "csv_path", "db_path", "catalog_path", "image_path", "plot")
            huge = [HUGE_INT] if _integer(cmd, p.name) else []
            for v in ["", files["FIFO"], "/dev/zero", "/dev/null"] if path else BAD + huge:
                args = [*name.split(), *_with(base, opt, v)]
                r = runner.invoke(app, args)
                n += 1
                assert r.exit_code in (0, 2), (args, r.output, r.exception)
                assert "Traceback" not in r.output, args
                if (v in ("nan", "inf", "-inf") and _numeric(cmd, p.name)) or (path and v):
                    assert r.exit_code == 2, (args, r.output)
                if r.exit_code == 0:
                    accepted[repr(v)] += 1
                    if v == "nan" or v == HUGE_INT:
                        text_options.add(f"{name} {opt}")
                if r.exit_code == 2:
                    refused += 1
                    lines = r.stderr.strip().splitlines()
                    assert len(lines) == 1 and lines[0].startswith("error: "), (args, r.stderr)
                    named += lines[0].startswith(f"error: {opt}: ")
    print(f"bad invocations: {n}, refused: {refused}, naming the option: {named}, accepted: "
          f"{dict(accepted)}; 'nan' or {HUGE_INT} taken by: {sorted(text_options)}")
    assert n > 300
