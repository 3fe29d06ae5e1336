"""CLI: thickness, design, design-map, film (JSON contract and bad-input messages)."""

from __future__ import annotations

import json

import pytest
import xarray as xr
from typer.testing import CliRunner

from semisolid.cli import app

runner = CliRunner()


def _run(args):
    return runner.invoke(app, args)


def test_thickness_json():
    r = _run(["thickness", "--metal", "K", "--areal-capacity", "3mAh/cm2", "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["thickness_um"] == pytest.approx(51.5, rel=0.04)
    assert d["density_g_cm3"] == 0.862


@pytest.mark.pycalphad
def test_design_json_contract():
    r = _run(["design", "--alloy", "K=0.95,Na=0.05", "--volume", "10uL", "--diameter", "7.14mm",
              "--areal-capacity", "3mAh/cm2", "--temperature", "22C", "--cell", "symmetric",
              "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    for key in ("start", "enriched", "depleted"):
        s = d[key]
        assert set(s) >= {"composition", "liquid_fraction", "phases", "thickness_change_um",
                          "status"}
        assert s["status"] == "semi-solid"
    assert 100 * d["enriched"]["liquid_fraction"] == pytest.approx(3.8, abs=4)
    assert d["enriched"]["thickness_change_um"] == pytest.approx(51.5, rel=0.04)


@pytest.mark.pycalphad
def test_design_half_cell_area_and_thickness():
    r = _run(["design", "--alloy", "K=0.9,Na=0.1", "--thickness", "250um", "--area", "0.4cm2",
              "--areal-capacity", "3mAh/cm2", "--cell", "half", "--direction", "strip",
              "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert "depleted" in d and "enriched" not in d


@pytest.mark.parametrize(
    ("args", "expected"),
    [(["thickness", "--metal", "K", "--areal-capacity", "3mA"], "--areal-capacity: '3mA' has"),
     (["thickness", "--metal", "Kx", "--areal-capacity", "3mAh/cm2"], "--metal: unknown metal"),
     (["thickness", "--metal", "K", "--areal-capacity", "0mAh/cm2"], "--areal-capacity: "),
     (["design", "--alloy", "K=0.9,Na=0.05", "--volume", "10uL", "--diameter", "7.14mm",
       "--areal-capacity", "3mAh/cm2"], "--alloy: mole fractions sum to 0.95"),
     (["design", "--alloy", "K=0.95,Na=0.05", "--volume", "-10uL", "--diameter", "7.14mm",
       "--areal-capacity", "3mAh/cm2"], "--volume: "),
     (["design", "--alloy", "K=0.95,Na=0.05", "--volume", "10uL", "--diameter", "0mm",
       "--areal-capacity", "3mAh/cm2"], "--diameter: "),
     (["design", "--alloy", "K=0.95,Na=0.05", "--volume", "10uL", "--area", "0cm2",
       "--areal-capacity", "3mAh/cm2"], "--area: "),
     (["design", "--alloy", "K=0.95,Na=0.05", "--volume", "10uL", "--diameter", "7.14mm",
       "--areal-capacity", "3mA"], "--areal-capacity: '3mA' has units of current"),
     (["design", "--alloy", "K=0.95,Na=0.05", "--volume", "10uL", "--diameter", "7.14mm",
       "--areal-capacity", "-3mAh/cm2"], "--areal-capacity: "),
     (["design", "--alloy", "K=0.95,Rb=0.05", "--volume", "10uL", "--diameter", "7.14mm",
       "--areal-capacity", "3mAh/cm2"], "--alloy: unknown metal 'Rb'")],
)
def test_bad_input_names_the_option(args, expected):
    r = _run(args)
    assert r.exit_code == 2
    assert expected in r.stderr
    assert "Traceback" not in r.output


@pytest.mark.slow
@pytest.mark.pycalphad
def test_design_map_writes_netcdf_csv_png(tmp_path):
    nc = tmp_path / "map.nc"
    png = tmp_path / "map.png"
    r = _run(["design-map", "--x", "0.85:0.98:6", "--areal-capacity", "1mAh/cm2,3mAh/cm2",
              "--temperature", "22C", "--volume", "10uL", "--diameter", "7.14mm",
              "--output", str(nc), "--png", str(png), "--engine", "pycalphad", "--json"])
    assert r.exit_code == 0, r.output
    ds = xr.open_dataset(nc, engine="scipy")
    assert dict(ds.sizes) == {"x_K": 6, "areal_capacity_mAh_cm2": 2, "temperature_K": 1}
    ds.close()
    assert png.read_bytes()[:4] == b"\x89PNG"
    csv = tmp_path / "map.csv"
    r = _run(["design-map", "--x", "0.9,0.95", "--areal-capacity", "3mAh/cm2",
              "--temperature", "290K:300K:3", "--thickness", "250um", "--area", "0.4cm2",
              "--output", str(csv), "--engine", "pycalphad"])
    assert r.exit_code == 0, r.output
    assert csv.read_text().splitlines()[0].startswith("x_K,areal_capacity_mAh_cm2,temperature_K")
    assert not list(tmp_path.glob(".*"))  # no temporary files left behind


@pytest.mark.pycalphad
def test_film_json():
    r = _run(["film", "--temperature", "300K", "--engine", "pycalphad", "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["film_composition"]["Li"] < 0.01
