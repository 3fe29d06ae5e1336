"""``semisolid model ccd --temperature/--pressure`` and ``simulate cell`` at other conditions."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from semisolid.cli import app

runner = CliRunner()


def _json(args):
    r = runner.invoke(app, [*args, "--json"])
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def test_model_ccd_at_40c_and_1mpa():
    base = _json(["model", "ccd", "--electrode", "K"])["results"][0]
    hot = _json(["model", "ccd", "--electrode", "K", "--temperature", "40C",
                 "--pressure", "1MPa"])["results"][0]
    assert (hot["temperature_K"], hot["stack_pressure_Pa"]) == (313.15, 1.0e6)
    assert (base["temperature_K"], base["stack_pressure_Pa"]) == (295.15, 1.5e6)
    assert hot["mean_ccd_mA_cm2"] != base["mean_ccd_mA_cm2"]
    old = _json(["model", "ccd", "--electrode", "K", "--rheology", "viscous"])["results"][0]
    assert set(old) <= set(base)                   # the JSON keys of the flow model are kept


def test_simulate_cell_at_40c_and_1mpa_changes_the_cell():
    args = ["simulate", "cell", "--preset", "K/KBA/K", "--seed", "4"]
    base = _json(args)
    hot = _json([*args, "--temperature", "40C", "--pressure", "1MPa"])
    assert hot["true_ccd_mA_cm2"] > base["true_ccd_mA_cm2"]
    assert hot["largest_flaw_depth_um"] == base["largest_flaw_depth_um"]


def test_conditions_refused_where_they_do_not_apply():
    r = runner.invoke(app, ["model", "ccd", "--rheology", "viscous", "--temperature", "40C"])
    assert r.exit_code == 2 and "creep model" in r.output
    r = runner.invoke(app, ["model", "ccd", "--electrode", "K", "--temperature", "70C"])
    assert r.exit_code == 2 and "melting point of K" in r.output
