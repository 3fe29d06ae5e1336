"""CLI: hardness, toughness, stats, model ccd, simulate cell (exit codes, JSON, files)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from semisolid.cli import app

runner = CliRunner()


def _json(args):
    r = runner.invoke(app, [*args, "--json"])
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def test_hardness_paper_li():
    doc = _json(["hardness", "--load", "0.245N", "--diagonal", "306um", "--diagonal", "306um"])
    assert doc["yield_stress_mean_Pa"] / 1e6 == pytest.approx(1.74, rel=0.01)


def test_toughness_fit_three_loads():
    # self-similar cracks made for K = 1.0 MPa m^0.5 (Anstis, E = 150 GPa, H = 8 GPa)
    args = ["toughness", "--modulus", "150GPa", "--method", "anstis"]
    for p in (19.6, 9.81, 4.91):
        a = (p / (2 * 8e9)) ** 0.5
        c = (0.016 * (150 / 8) ** 0.5 * p / 1.0e6) ** (2 / 3)
        args += ["--load", f"{p}N", "--half-diagonal", f"{a * 1e6}um", "--crack", f"{c * 1e6}um"]
    doc = _json(args)
    assert doc["results"]["anstis"]["toughness_Pa_m05"] == pytest.approx(1.0e6, rel=1e-5)


def test_stats_csv(tmp_path):
    f = tmp_path / "ccd.csv"
    f.write_text("electrode,ccd_mA_cm2,yield_stress_MPa\nLi,0.4,1.74\nLi,0.5,1.74\n"
                 "Li,0.6,1.74\nK,2.0,0.24\nK,2.4,0.24\n")
    doc = _json(["stats", str(f)])
    li = next(g for g in doc["groups"] if g["group"] == "Li")
    assert li["mean"] == pytest.approx(0.5)
    assert li["ci_high"] == pytest.approx(0.5 + 4.303 * 0.1 / 3**0.5, abs=1e-3)
    assert doc["ccd_vs_yield"]["slope"] < 0


def test_model_ccd_and_simulate(tmp_path):
    doc = _json(["model", "ccd", "--electrode", "B"])
    assert doc["results"][0]["regime"] == "flowing"
    out = tmp_path / "trace.csv"
    s = _json(["simulate", "cell", "--preset", "K/KBA/K", "--seed", "1", "--out", str(out)])
    assert out.exists() and (tmp_path / "trace_eis.csv").exists()
    assert s["failure_mode"] == "short"
    mpt = tmp_path / "trace.mpt"
    _json(["simulate", "cell", "--preset", "Li/LLZTO/Li", "--seed", "2", "--out", str(mpt)])
    assert mpt.read_bytes().startswith(b"EC-Lab ASCII FILE")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["hardness", "--load", "-1N", "--diagonal", "300um"], "must be positive"),
        (["hardness", "--load", "1kg", "--diagonal", "300um"], "--load"),
        (["toughness", "--load", "9.8N", "--half-diagonal", "50um", "--crack", "40um",
          "--method", "evans-charles"], "at least the half-diagonal"),
        (["model", "ccd", "--electrode", "B", "--liquid-fraction", "1.5"], "outside [0, 1]"),
        (["simulate", "cell", "--preset", "K/KBA/Q"], "unknown cell preset"),
        (["stats"], "either a CSV file or --db"),
    ],
)
def test_bad_input_exit_code_2(args, message):
    r = runner.invoke(app, args)
    assert r.exit_code == 2
    assert message in r.output
