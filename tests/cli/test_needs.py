"""CLI: an option that would do nothing without another is refused, in one line naming the
option and what it needs (exit code 2), before any file is read or anything computed; with
its companion it works."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from semisolid.cli import app

runner = CliRunner()
MAP = ["--volume", "10uL", "--diameter", "7.14mm", "--x", "0.9:0.95:2",
       "--areal-capacity", "1mAh/cm2"]
TOUGH = ["--load", "9.81N", "--half-diagonal", "40um", "--crack", "120um"]


@pytest.fixture(scope="module")
def peis():
    from semisolid.samples import sample_path

    return str(sample_path("peis"))


@pytest.mark.parametrize(("args", "line"), [
    # eis --resistances only chooses the resistors of the conductivity (sigma = L / (R A))
    (["eis", "PEIS", "--resistances", "R0,R1"],
     "--resistances: has no effect without --thickness and --area (given: 'R0,R1')"),
    (["eis", "PEIS", "--thickness", "1mm", "--resistances", "R0"],
     "--resistances: has no effect without --area"),
    (["eis", "PEIS", "--format", "svg"], "--format: has no effect without --plot"),
    # simulate cell --format only chooses the trace file's format
    (["simulate", "cell", "--preset", "K/KBA/K", "--format", "csv"],
     "--format: has no effect without --out (given: 'csv')"),
    (["microstructure", "--preset", "A", "--size", "16", "--scale", "4"],
     "--scale: has no effect without --out (given: '4')"),
    # what the catalog records is lost without a catalog
    (["ccd", "PEIS", "--area", "0.4cm2", "--electrode", "K"],
     "--electrode: has no effect without --db"),
    (["ccd", "PEIS", "--area", "0.4cm2", "--no-db", "--pressure", "1MPa"],
     "--pressure: has no effect without --db (given: '1MPa')"),
    (["ccd", "PEIS", "--area", "0.4cm2", "--no-db", "--db", "OUT/c.sqlite"],
     "--no-db: give --db PATH or --no-db, not both"),
    (["ccd", "PEIS", "--area", "0.4cm2", "--dpi", "600"], "--dpi: has no effect without --plot"),
    (["sweep", "files", "PEIS", "--area", "0.4cm2", "--electrolyte", "KBA"],
     "--electrolyte: has no effect without --db"),
    (["design-map", *MAP, "-o", "OUT/m.csv", "--format", "svg"],
     "--format: has no effect without --png"),
    (["design-window", *MAP[:4], "--areal-capacity", "1mAh/cm2", "--dpi", "600"],
     "--dpi: has no effect without --png"),
    (["phase-diagram", "Na-K", "--format", "pdf"], "--format: has no effect without --out"),
    # an option that needs another's value
    (["design", "--alloy", "K=0.95,Na=0.05", *MAP[:4], "--areal-capacity", "3mAh/cm2",
      "--direction", "strip"],
     "--direction: has no effect with --cell symmetric (only with half) (given: 'strip')"),
    (["toughness", *TOUGH, "--method", "evans-charles", "--modulus", "150GPa"],
     "--modulus: has no effect with --method evans-charles (only with anstis or both) "
     "(given: '150GPa')"),
    (["toughness", *TOUGH, "--xi", "0.02"],
     "--xi: has no effect without --modulus (given: '0.02')"),
    (["toughness", *TOUGH, "--method", "anstis", "--modulus", "150GPa", "--ec-constant", "0.2"],
     "--ec-constant: has no effect with --method anstis (only with evans-charles or both)"),
    (["toughness", *TOUGH, "--method", "anstis", "--xi", "0.02"],
     "--xi: has no effect without --modulus (given: '0.02')"),
    (["stats", "--db", "OUT/c.sqlite", "--value-column", "ccd"],
     "--value-column: has no effect without FILE (given: 'ccd')"),
    # design draws no figure: --format/--dpi, which it took and ignored, are kept and refused
    (["design", "--alloy", "K=0.95,Na=0.05", *MAP[:4], "--areal-capacity", "3mAh/cm2",
      "--format", "svg"], "--format: has no effect: design draws no figure"),
    (["design", "--alloy", "K=0.95,Na=0.05", *MAP[:4], "--areal-capacity", "3mAh/cm2",
      "--dpi", "600"], "--dpi: has no effect: design draws no figure"),
    (["contact-angle", "OUT/missing.png", "--density", "0.87g/cm3"],
     "--density: has no effect without --pixel-size (given: '0.87g/cm3')"),
])
def test_an_option_without_what_it_needs_is_refused(args, line, peis, tmp_path):
    args = [a.replace("PEIS", peis).replace("OUT", str(tmp_path)) for a in args]
    r = runner.invoke(app, args)
    assert r.exit_code == 2, r.output
    assert r.stdout == ""
    (got,) = r.stderr.strip().splitlines()
    assert got.startswith(f"error: {line}"), got
    assert list(tmp_path.iterdir()) == []  # nothing written


def test_with_its_companion_the_option_works(tmp_path):
    r = runner.invoke(app, ["toughness", *TOUGH, "--method", "anstis", "--modulus", "150GPa",
                            "--xi", "0.02", "--json"])
    assert r.exit_code == 0, r.output
    out = tmp_path / "trace.txt"  # the suffix says nothing: --format decides
    r = runner.invoke(app, ["simulate", "cell", "--preset", "K/KBA/K", "--points", "10",
                            "--out", str(out), "--format", "csv"])
    assert r.exit_code == 0, r.output
    assert out.read_text().startswith("time_s,voltage_V,")  # CSV, not "EC-Lab ASCII FILE"
    png = tmp_path / "m.png"
    r = runner.invoke(app, ["microstructure", "--preset", "A", "--size", "16", "--nuclei", "4",
                            "--out", str(png), "--scale", "2"])
    assert r.exit_code == 0, r.output
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_default_value_is_not_a_given_option():
    # --format has no default; --scale's default (1) is not "given": no refusal without --out
    r = runner.invoke(app, ["microstructure", "--preset", "A", "--size", "16", "--nuclei", "4",
                            "--json"])
    assert r.exit_code == 0, r.output
