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


@pytest.mark.slow
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


@pytest.mark.slow
@pytest.mark.pycalphad
def test_design_half_cell_area_and_thickness():
    r = _run(["design", "--alloy", "K=0.9,Na=0.1", "--thickness", "250um", "--area", "0.4cm2",
              "--areal-capacity", "3mAh/cm2", "--cell", "half", "--direction", "strip",
              "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert "depleted" in d and "enriched" not in d


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "expected"),
    [(["thickness", "--metal", "K", "--areal-capacity", "3mA"], "--areal-capacity: '3mA' has"),
     (["thickness", "--metal", "Kx", "--areal-capacity", "3mAh/cm2"],
      "--metal: 'Kx' is not a chemical element symbol (did you mean 'K'?)"),
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
       "--areal-capacity", "3mAh/cm2"], "--alloy: element 'Rb' is not in"),
     (["design", "--alloy", "K=78wt%,Na=0.22", "--volume", "10uL", "--diameter", "7.14mm",
       "--areal-capacity", "3mAh/cm2"], "--alloy: mixes weight percent with other units"),
     (["design", "--alloy", "K=78wt%,Na=20wt%", "--volume", "10uL", "--diameter", "7.14mm",
       "--areal-capacity", "3mAh/cm2"], "--alloy: weight percents sum to 98 %"),
     (["design", "--alloy", "K=0.95,Na=0.05", "--volume", "10uL", "--diameter", "7.14mm",
       "--areal-capacity", "3mAh/cm2", "--charge", "0"], "--charge: 0 must be a positive"),
     (["design", "--alloy", "K=0.95,Na=0.05", "--volume", "10uL", "--diameter", "7.14mm",
       "--areal-capacity", "3mAh/cm2", "--liquid-phases", "LIQIUD"],
      "--liquid-phases: phase 'LIQIUD' is not in LiNaK.tdb"),
     (["design", "--alloy", "K=0.95,Na=0.05", "--volume", "10uL", "--diameter", "7.14mm",
       "--areal-capacity", "3mAh/cm2", "--density", "Li=0.5"], "--density: "),
     (["design-window", "--areal-capacity", "3mAh/cm2", "--volume", "10uL", "--diameter",
       "7.14mm", "--min-solid", "1.5"], "--min-solid: 1.5 must be in [0, 1)")],
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


@pytest.mark.slow
@pytest.mark.pycalphad
def test_film_json():
    r = _run(["film", "--temperature", "300K", "--engine", "pycalphad", "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["film_composition"]["Li"] < 0.01


@pytest.mark.slow
def test_design_map_answers_per_temperature(tmp_path):
    """The issue's example: four temperatures, a window per capacity and temperature printed,
    status names in the files, one titled panel per temperature."""
    import pandas as pd

    from semisolid.electrode.maps import design_map
    from semisolid.plots.design import plot_design_map

    args = ["design-map", "--volume", "10uL", "--diameter", "7.14mm", "--areal-capacity",
            "1mAh/cm2:6mAh/cm2:11", "--temperature", "10C:40C:4", "--x", "0.80:0.99:39"]
    r = _run([*args, "-o", str(tmp_path / "m.csv"), "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    rows = {(round(w["temperature_K"], 2), w["areal_capacity_mAh_cm2"]): w["windows"]
            for w in d["windows"]}
    assert len(rows) == 44
    (lo, hi), = rows[(293.15, 3.0)]     # 20 C, 3 mAh/cm2: the K-rich window, grid points
    assert 0.85 <= lo < hi <= 0.96
    df = pd.read_csv(tmp_path / "m.csv")
    assert set(df.status_enriched) <= {"semi-solid", "liquid", "solid", "exhausted"}
    r = _run([*args, "-o", str(tmp_path / "m.nc")])
    assert r.exit_code == 0, r.output
    assert "x_K semi-solid at both ends" in r.stdout and "0.875-0.95" in r.stdout
    with xr.open_dataset(tmp_path / "m.nc", engine="scipy") as ds:
        assert set(ds.status_depleted.values.ravel()) <= {"semi-solid", "liquid", "solid"}
    ds = design_map(["K", "Na"], "K", [0.85, 0.9, 0.95], [36000.0, 108000.0],
                    [283.15, 293.15, 303.15, 313.15], volume_m3=10e-9, area_m2=0.4004e-4)
    fig = plot_design_map(ds)
    titles = [a.get_title() for a in fig.axes if a.get_title()]
    assert titles == ["10.0 °C (283.15 K)", "20.0 °C (293.15 K)", "30.0 °C (303.15 K)",
                      "40.0 °C (313.15 K)"]
    assert fig.axes[0].get_ylabel() == "areal capacity per half cycle (mAh/cm²)"
    assert fig.axes[0].get_xlabel() == "K mole fraction at the start"


@pytest.mark.slow
def test_sanity_warnings_state_the_numbers(tmp_path):
    base = ["design", "--alloy", "K=0.95,Na=0.05", "--areal-capacity", "3mAh/cm2", "--json"]
    r = _run([*base, "--volume", "10mL", "--diameter", "7.14mm"])
    assert r.exit_code == 0
    assert "warning: the starting electrode is 249.8 mm thick: implausibly thick" in r.stderr
    r = _run([*base, "--volume", "10uL", "--diameter", "7.14cm"])
    assert r.exit_code == 0
    # 10 uL over 40.04 cm2 is 2.5 um; its ~2.1e-4 mol K hold 0.143 mAh/cm2
    assert "the starting electrode is 2.498 um thick: implausibly thin" in r.stderr
    assert "the electrode holds only 0.1431 mAh/cm2 of K (z=1): it is exhausted" in r.stderr
    assert json.loads(r.stdout)["depleted"]["status"] == "exhausted"
    r = _run(["design-map", "--volume", "10uL", "--diameter", "7.14mm", "--areal-capacity",
              "1mAh/cm2", "--temperature", "200K", "--x", "0.9,0.95", "-o",
              str(tmp_path / "cold.csv")])
    assert r.exit_code == 0
    assert "warning: no liquid forms anywhere on the map (LiNaK.tdb, 200-200 K)" in r.stderr


@pytest.mark.slow
def test_other_system_from_the_cli(data_dir):
    """--tdb, --liquid-phases, --charge (default 2 for Zn), wt% in, both out; the window."""
    tdb = str(data_dir / "tdb" / "alzn_mey.tdb")
    r = _run(["design", "--tdb", tdb, "--liquid-phases", "LIQUID", "--alloy",
              "Zn=98wt%,Al=2wt%", "--thickness", "500um", "--area", "1cm2",
              "--areal-capacity", "3mAh/cm2", "--temperature", "400C", "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["conditions"]["charge"] == 2 and d["conditions"]["database"] == "alzn_mey.tdb"
    assert d["start"]["composition_wt"]["Zn"] == pytest.approx(0.98, rel=1e-9)
    assert d["start"]["thickness_um"] == pytest.approx(500.0, rel=1e-9)
    assert d["start"]["status"] == "semi-solid"
    r = _run(["design-window", "--tdb", tdb, "--liquid-phases", "LIQUID", "--elements",
              "Zn,Al", "--working-ion", "Zn", "--thickness", "500um", "--area", "1cm2",
              "--areal-capacity", "3mAh/cm2", "--temperature", "400C", "--alloy",
              "Zn=0.8,Al=0.2", "--json"])
    assert r.exit_code == 0, r.output
    w = json.loads(r.stdout)
    assert len(w["windows"]) == 2 and w["charge"] == 2
    assert w["windows"][0]["x_low"] < 0.8 < w["windows"][0]["x_high"]
    assert w["min_thickness_um"] < 500
    r = _run(["design", "--alloy", "Li=0.7,Mg=0.3", "--thickness", "300um", "--area", "1cm2",
              "--areal-capacity", "1mAh/cm2"])
    assert r.exit_code == 2 and "--alloy: element 'Mg' is not in" in r.stderr


@pytest.mark.slow
def test_design_window_uncertainty_switch():
    """The ensemble's intervals come by default (Li/Na/K); --no-uncertainty leaves them out and
    the nominal edges do not move."""
    base = ["design-window", "--areal-capacity", "3mAh/cm2", "--volume", "10uL", "--diameter",
            "7.14mm", "--temperature", "22C", "--json"]
    with_u = json.loads(_run(base).stdout)
    without = json.loads(_run([*base, "--no-uncertainty"]).stdout)
    assert with_u["uncertainty"]["available"] and with_u["uncertainty"]["members"] >= 100
    assert without["uncertainty"] == {"available": False, "reason": "not asked for"}
    for a, b in zip(with_u["windows"], without["windows"], strict=True):
        assert (a["x_low"], a["x_high"]) == (b["x_low"], b["x_high"])
        assert a["x_low_low"] <= a["x_low"] <= a["x_low_high"]
        assert a["x_high_low"] <= a["x_high"] <= a["x_high_high"]
        assert "x_low_low" not in b
