"""CLI: equilibrium, phase-diagram, section (JSON contracts, tables, figures, bad input)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from semisolid.cli import app
from semisolid.thermo import equilibrium

runner = CliRunner()


def _run(args):
    return runner.invoke(app, args)


def test_equilibrium_json_contract(linak_db):
    r = _run(["equilibrium", "--composition", "K=0.95,Na=0.05", "--temperature", "295.15K",
              "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["temperature_K"] == 295.15
    assert [p["name"] for p in d["phases"]] == ["BCC_A2", "LIQUID"]
    for p in d["phases"]:
        assert set(p) == {"name", "fraction", "composition"}
        assert set(p["composition"]) == {"K", "Na"}
    # same numbers as the API
    api = equilibrium(linak_db, {"K": 0.95, "Na": 0.05}, temperature_K=295.15)
    assert d["phases"][1]["fraction"] == pytest.approx(api.phases[1].fraction, abs=1e-12)
    assert sum(p["fraction"] for p in d["phases"]) == pytest.approx(1.0)


def test_equilibrium_celsius_and_table():
    r = _run(["equilibrium", "-c", "K=0.95,Na=0.05", "-T", "22C"])
    assert r.exit_code == 0, r.output
    assert "BCC_A2" in r.stdout and "LIQUID" in r.stdout and "295.15 K" in r.stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (["-c", "K=0.95,Nb=0.05", "-T", "300K"], "did you mean 'Na'"),
        (["-c", "K=1.2,Na=-0.2", "-T", "300K"], "outside [0, 1]"),
        (["-c", "K=0.5,Na=0.4", "-T", "300K"], "sum to 0.9"),
        (["-c", "K=0.95,Na=0.05", "-T", "100K"], "outside the valid range"),
        (["-c", "K=0.95,Na=0.05", "-T", "3mA"], "expected a temperature"),
        (["-c", "K0.95", "-T", "300K"], "ELEMENT=FRACTION"),
    ],
)
def test_equilibrium_bad_input(args, message):
    r = _run(["equilibrium", *args])
    assert r.exit_code == 2
    assert message in r.output
    assert "Traceback" not in r.output


def test_malformed_tdb_reports_file_and_line(tmp_path):
    bad = tmp_path / "broken.tdb"
    bad.write_text(" ELEMENT K BCC_A2 39.098 7083.5 64.672 !\n"
                   " PHASE LIQUID % 1 1.0 !\n"
                   " PARAMETER G(LIQUID,K;0) 200.00 +2604.35*; 6000.00 N !\n")
    r = _run(["equilibrium", "-c", "K=1", "-T", "300K", "--tdb", str(bad)])
    assert r.exit_code == 2
    assert "broken.tdb (line 3)" in r.output


@pytest.mark.slow
def test_phase_diagram_json_and_figures(tmp_path):
    r = _run(["phase-diagram", "Na-K", "--tmin", "250K", "--tmax", "290K", "--out",
              str(tmp_path), "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    kinds = [i["kind"] for i in d["invariants"]]
    assert kinds == ["eutectic", "peritectic"]
    for inv in d["invariants"]:
        assert set(inv) >= {"kind", "temperature_K", "phases"}
        assert len(inv["phases"]) == 3
        assert set(inv["phases"][0]) == {"name", "composition"}
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["nak_k_rich.png", "nak_k_rich.svg", "nak_phase_diagram.png",
                     "nak_phase_diagram.svg"]
    assert (tmp_path / "nak_phase_diagram.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert b"<svg" in (tmp_path / "nak_phase_diagram.svg").read_bytes()[:400]


@pytest.mark.slow
def test_phase_diagram_table():
    r = _run(["phase-diagram", "Li-Na", "--tmin", "540K", "--tmax", "600K", "--step", "5K"])
    assert r.exit_code == 0, r.output
    assert "critical point" in r.stdout


def test_phase_diagram_bad_system():
    r = _run(["phase-diagram", "NaK"])
    assert r.exit_code == 2 and "separated by '-'" in r.output


@pytest.mark.slow
def test_section_json_contract(tmp_path):
    r = _run(["section", "Li-Na-K", "--temperature", "300K", "--step", "0.05", "--out",
              str(tmp_path), "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["tie_lines"] and d["three_phase"]
    tl = d["tie_lines"][0]
    assert len(tl["phases"]) == 2 and set(tl["phases"][0]) == {"name", "composition"}
    assert all(len(t["phases"]) == 3 for t in d["three_phase"])
    assert d["solubility"]["solute"] == "Li"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "li_solubility_300K.png", "li_solubility_300K.svg", "linak_300K.png", "linak_300K.svg"]


@pytest.mark.slow
def test_section_table():
    r = _run(["section", "Li-Na-K", "-T", "300K", "--step", "0.05"])
    assert r.exit_code == 0, r.output
    assert "Three-phase triangles" in r.stdout
