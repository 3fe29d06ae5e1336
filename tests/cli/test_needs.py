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


@pytest.fixture(scope="module")
def peis():
    from semisolid.samples import sample_path

    return str(sample_path("peis"))


@pytest.mark.parametrize(("args", "line"), [
    # eis --resistances only chooses the resistors of the conductivity (sigma = L / (R A))
    (["eis", "PEIS", "--resistances", "R0,R1"],
     "--resistances: needs --thickness and --area; alone it has no effect (given: 'R0,R1')"),
    (["eis", "PEIS", "--thickness", "1mm", "--resistances", "R0"],
     "--resistances: needs --area; alone it has no effect"),
    (["eis", "PEIS", "--format", "svg"], "--format: needs --plot; alone it has no effect"),
    # simulate cell --format only chooses the trace file's format
    (["simulate", "cell", "--preset", "K/KBA/K", "--format", "csv"],
     "--format: needs --out; alone it has no effect (given: 'csv')"),
    (["microstructure", "--preset", "A", "--size", "16", "--scale", "4"],
     "--scale: needs --out; alone it has no effect (given: '4')"),
    # what the catalog records is lost without a catalog
    (["ccd", "PEIS", "--area", "0.4cm2", "--electrode", "K"], "--electrode: needs --db"),
    (["ccd", "PEIS", "--area", "0.4cm2", "--no-db", "--pressure", "1MPa"],
     "--pressure: needs --db; alone it has no effect (given: '1MPa')"),
    (["ccd", "PEIS", "--area", "0.4cm2", "--no-db", "--db", "OUT/c.sqlite"],
     "--no-db: give --db PATH or --no-db, not both"),
    (["ccd", "PEIS", "--area", "0.4cm2", "--dpi", "600"], "--dpi: needs --plot"),
    (["sweep", "files", "PEIS", "--area", "0.4cm2", "--electrolyte", "KBA"],
     "--electrolyte: needs --db"),
    (["design-map", *MAP, "-o", "OUT/m.csv", "--format", "svg"], "--format: needs --png"),
    (["design-window", *MAP[:4], "--areal-capacity", "1mAh/cm2", "--dpi", "600"],
     "--dpi: needs --png"),
    (["phase-diagram", "Na-K", "--format", "pdf"], "--format: needs --out"),
    # design draws no figure: --format/--dpi, which it took and ignored, are unknown options
    (["design", "--alloy", "K=0.95,Na=0.05", *MAP[:4], "--areal-capacity", "3mAh/cm2",
      "--format", "svg"], "No such option: --format"),
    (["contact-angle", "OUT/missing.png", "--density", "0.87g/cm3"],
     "--density: needs --pixel-size; alone it has no effect (given: '0.87g/cm3')"),
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
