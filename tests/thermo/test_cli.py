"""The command line of issue 12: pure elements, the engine that answered and why, clear
refusals, the system's own temperature range, any solubility pair, a warm start without
pycalphad."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from semisolid.cli import app

runner = CliRunner()


def _run(args):
    return runner.invoke(app, args)


def test_pure_element():
    r = _run(["equilibrium", "-c", "K=1", "-T", "295K", "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert [p["name"] for p in d["phases"]] == ["BCC_A2"] and d["converged"] is True
    assert d["engine"] == "semisolid" and d["notes"] == []


@pytest.mark.slow
@pytest.mark.pycalphad
def test_pycalphad_answers_and_says_why(tdb_dir):
    args = ["equilibrium", "--tdb", str(tdb_dir / "cuo.tdb"), "-c", "Cu=0.98,O=0.02",
            "-T", "1600K"]
    table = _run(args)
    assert table.exit_code == 0, table.output
    assert "IONIC_LIQ" in table.stdout and "engine: pycalphad" in table.stdout
    assert "note: pycalphad answered: phase IONIC_LIQ uses the two-sublattice" in table.stdout
    d = json.loads(_run([*args, "--json"]).stdout)
    assert d["engine"] == "pycalphad" and "IONIC_LIQ" in d["notes"][0]


def test_semisolid_engine_refuses_clearly(tdb_dir):
    r = _run(["equilibrium", "--tdb", str(tdb_dir / "cuo.tdb"), "-c", "Cu=0.98,O=0.02",
              "-T", "1600K", "--engine", "semisolid"])
    assert r.exit_code == 2
    assert "IONIC_LIQ" in r.output and "ionic liquid" in r.output
    assert "Traceback" not in r.output
    for python in ("phases=[", "engine=", "{'"):
        assert python not in r.output
    r = _run(["equilibrium", "-c", "K=0.5,Na=0.5", "-T", "300K", "--engine", "fast"])
    assert r.exit_code == 2 and "--engine: unknown engine 'fast'" in r.output


def test_magnetic_database(tdb_dir):
    """`--tdb crfe_bcc_magnetic.tdb -c Cr=0.5,Fe=0.5 -T 1000K` ended in a traceback."""
    r = _run(["equilibrium", "--tdb", str(tdb_dir / "crfe_bcc_magnetic.tdb"), "-c",
              "Cr=0.5,Fe=0.5", "-T", "1000K"])
    assert r.exit_code == 0, r.output
    assert "BCC_A2" in r.stdout and "engine: semisolid" in r.stdout


@pytest.mark.slow
def test_phase_diagram_range_from_the_system():
    """Without --tmin/--tmax the Li-Na diagram shows the monotectic (443.9 K) and the critical
    point (578 K) (it used 200-400 K for every system)."""
    r = _run(["phase-diagram", "Li-Na", "--step", "5K", "--json"])
    assert r.exit_code == 0, r.output
    kinds = [i["kind"] for i in json.loads(r.stdout)["invariants"]]
    assert kinds == ["eutectic", "monotectic", "critical point"]


@pytest.mark.slow
def test_section_solubility_options():
    r = _run(["section", "Li-Na-K", "-T", "300K", "--step", "0.1", "--solute", "Li",
              "--solvent-phase", "LIQUID", "--coexisting", "BCC_A2", "--json"])
    assert r.exit_code == 0, r.output
    c = json.loads(r.stdout)["solubility"]
    assert c["solute"] == "Li" and c["phase"] == "LIQUID" and c["coexisting"] == "BCC_A2"
    bad = _run(["section", "Li-Na-K", "--step", "0.1", "--solvent-phase", "GAS"])
    assert bad.exit_code == 2 and "--solvent-phase: phase 'GAS'" in bad.output
    bad = _run(["section", "Li-Na-K", "--step", "0.1", "--solute", "Mg"])
    assert bad.exit_code == 2 and "--solute: 'Mg' is not one of Li-Na-K" in bad.output


HEAVY = ("pycalphad", "scipy", "pandas", "xarray", "matplotlib", "sympy", "numpy.ma",
         "numpy.random")
"""Modules a warm ``semisolid equilibrium`` has no use for (each costs 10-1500 ms to import)."""


@pytest.mark.slow
def test_warm_start_does_not_import_pycalphad(tmp_path):
    """With the compiled database in the cache, a JSON equilibrium reads it and answers
    without importing pycalphad (the part of the start-up time that dominated), nor any other
    heavy module it does not use."""
    code = ("import atexit, sys\n"
            f"heavy = {HEAVY!r}\n"
            "atexit.register(lambda: sys.stderr.write('HEAVY=%s' % "
            "','.join(m for m in heavy if m in sys.modules)))\n"
            "from semisolid.cli import main\n"
            "sys.argv = ['semisolid', 'equilibrium', '-c', 'K=0.95,Na=0.05', '-T', '295.15K',"
            " '--json']\n"
            "main()\n")
    env = {**os.environ, "SEMISOLID_CACHE_DIR": str(tmp_path)}
    runs = [subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                           text=True, timeout=300) for _ in range(2)]
    for r in runs:
        assert r.returncode == 0, r.stderr
    assert "pycalphad" in runs[0].stderr.rpartition("HEAVY=")[2]  # cold: parsed, compiled
    assert runs[1].stderr.rpartition("HEAVY=")[2] == ""  # warm
    assert json.loads(runs[0].stdout) == json.loads(runs[1].stdout)
