"""CLI: ``semisolid hardness`` and ``toughness`` (exit codes, JSON)."""

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


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["hardness", "--load", "-1N", "--diagonal", "300um"], "must be positive"),
        (["hardness", "--load", "1kg", "--diagonal", "300um"], "--load"),
        (["toughness", "--load", "9.8N", "--half-diagonal", "50um", "--crack", "40um",
          "--method", "evans-charles"], "at least the half-diagonal"),
    ],
)
def test_bad_input_exit_code_2(args, message):
    r = runner.invoke(app, args)
    assert r.exit_code == 2
    assert message in r.output
