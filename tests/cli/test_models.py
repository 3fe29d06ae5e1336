"""CLI: ``semisolid model ccd`` and ``simulate cell`` (exit codes, JSON, files)."""

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


@pytest.mark.slow
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
        (["model", "ccd", "--electrode", "B", "--liquid-fraction", "1.5"], "outside [0, 1]"),
        (["simulate", "cell", "--preset", "K/KBA/Q"], "unknown cell preset"),
    ],
)
def test_bad_input_exit_code_2(args, message):
    r = runner.invoke(app, args)
    assert r.exit_code == 2
    assert message in r.output
