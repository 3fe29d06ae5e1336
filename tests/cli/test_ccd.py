"""CLI: ``semisolid ccd``, ``cells`` and ``stats`` (JSON contract, catalog, bad input)."""

from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from semisolid.ccd.catalog import Catalog
from semisolid.cli import app

runner = CliRunner()


def _json(args):
    r = runner.invoke(app, [*args, "--json"])
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


@pytest.fixture
def shorted(synth):
    return synth.make_trace("NaK", short_step=3, short_half=1, short_at=0.5, dt_s=60.0, seed=1)


def _write_csv(path, rec):
    np.savetxt(path, np.c_[rec.time_s, rec.voltage_V, rec.set_current_A * 1e3], delimiter=",",
               header="time/s,Ewe/V,control/mA", comments="", fmt="%.10g")


@pytest.mark.slow
def test_cli_ccd_json_contract_and_cells(tmp_path, shorted, synth):
    rec, truth = shorted
    f1 = tmp_path / "k1.csv"
    _write_csv(f1, rec)
    ok, _ = synth.make_trace("NaK", n_steps=4, dt_s=120.0, seed=2)
    f2 = tmp_path / "k2.csv"
    _write_csv(f2, ok)
    before = f1.read_bytes()
    db = tmp_path / "cat.sqlite"
    runner = CliRunner()
    res = runner.invoke(app, ["ccd", str(f1), str(f2), "--area", "0.4cm2", "--final-area",
                              "0.5cm2", "--db", str(db), "--plot", str(tmp_path / "plots"),
                              "--electrode", "K", "--electrolyte", "KBA", "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert [o["file"] for o in out] == [str(f1), str(f2)]
    a, b = out
    for key, typ in [("file", str), ("failure", str), ("step_mA_cm2", float),
                     ("areal_capacity_mAh_cm2", float), ("half_cycles", int)]:
        assert isinstance(a[key], typ)
    assert a["failure"] == "short" and a["ccd_mA_cm2"] == pytest.approx(truth.ccd_mA_cm2)
    assert a["last_stable_mA_cm2"] == pytest.approx(truth.ccd_mA_cm2 - 0.5)
    assert a["onset_time_s"] == pytest.approx(truth.onset_time_s, abs=120.0)
    assert a["ccd_final_mA_cm2"] == pytest.approx(truth.ccd_mA_cm2 * 0.8)
    assert b["failure"] == "none" and b["ccd_mA_cm2"] is None and b["onset_time_s"] is None
    assert f1.read_bytes() == before
    assert (tmp_path / "plots" / "k1_ccd.png").stat().st_size > 1000
    res = runner.invoke(app, ["cells", "--db", str(db), "--json",
                              "--csv", str(tmp_path / "all.csv")])
    assert res.exit_code == 0, res.output
    cells = json.loads(res.stdout)
    assert len(cells["results"]) == 2
    assert cells["summary"][0]["shorts"] == 1 and cells["summary"][0]["none"] == 1


@pytest.mark.slow
def test_cli_bad_file_is_an_error_row_and_exit_code_1(tmp_path, shorted, monkeypatch):
    rec, _ = shorted
    good = tmp_path / "good.csv"
    _write_csv(good, rec)
    bad = tmp_path / "bad.csv"
    bad.write_text("time/s,Ewe/V,control/mA\n0,0.1,1\n1,x,1\n")
    db = tmp_path / "cat.sqlite"
    res = runner.invoke(app, ["ccd", str(good), str(bad), "--area", "0.4cm2", "--db", str(db),
                              "--json"])
    assert res.exit_code == 1                     # the batch went on past the bad file
    rows = json.loads(res.stdout)
    assert [r["error"] is None for r in rows] == [True, False]
    assert "bad.csv (line 3)" in rows[1]["error"] and rows[0]["catalog"] == str(db)
    res = runner.invoke(app, ["ccd", str(good), str(bad), "--area", "0.4cm2", "--db", str(db)])
    assert res.exit_code == 1 and "bad.csv: error: " in res.stdout
    assert f"2 file(s): 1 analysed, 1 error(s); results written to {db}" in res.stdout
    with Catalog(db) as cat:
        assert [r["source_file"] for r in cat.results()] == [str(good)]
    # without --db nothing is written (no ./semisolid.sqlite), and --db never makes folders
    monkeypatch.chdir(tmp_path)
    res = runner.invoke(app, ["ccd", str(good), "--area", "0.4cm2"])
    assert res.exit_code == 0 and not (tmp_path / "semisolid.sqlite").exists()
    res = runner.invoke(app, ["ccd", str(good), "--area", "0.4cm2", "--db",
                              str(tmp_path / "nodir" / "x.sqlite")])
    assert res.exit_code == 2 and "does not exist; create it first" in res.output
    assert not (tmp_path / "nodir").exists()
    res = runner.invoke(app, ["ccd", str(good), "--db", str(db)])
    assert res.exit_code == 2 and "--area: the electrode area is required" in res.output
    res = runner.invoke(app, ["ccd", str(good), "--area", "0.4mA", "--db", str(db)])
    assert res.exit_code == 2 and "--area" in res.output
    foreign = tmp_path / "foreign.sqlite"
    foreign.write_bytes(b"not a database at all")
    res = runner.invoke(app, ["ccd", str(good), "--area", "0.4cm2", "--db", str(foreign)])
    assert res.exit_code == 2 and "foreign.sqlite: not an SQLite database" in res.output


@pytest.mark.slow
def test_cli_units_columns_protocol(tmp_path, shorted):
    rec, truth = shorted
    f = tmp_path / "u.csv"
    np.savetxt(f, np.c_[rec.time_s / 3600, rec.voltage_V, rec.set_current_A * 1e3],
               delimiter=",", header="Zeit,voltage,current", comments="", fmt="%.10g")
    res = runner.invoke(app, ["ccd", str(f), "--area", "0.4cm2", "--columns", "time=Zeit"])
    assert res.exit_code == 0, res.output
    assert "warning:" in res.stdout and "states no unit: read as s" in res.stdout
    (o,) = _json(["ccd", str(f), "--area", "0.4cm2", "--columns", "time=Zeit", "--units",
                  "time=h,current=mA", "--protocol", "stepwise"])
    assert o["ccd_mA_cm2"] == pytest.approx(truth.ccd_mA_cm2) and o["protocol"] == "stepwise"
    for key in ("signature", "warnings", "notes", "censored", "onset_working_electrode",
                "failing_electrode", "soft_shorts_after_onset", "time_to_failure_s"):
        assert key in o
    res = runner.invoke(app, ["ccd", str(f), "--area", "0.4cm2", "--units", "tme=h"])
    assert res.exit_code == 2 and "--units: unknown column name 'tme'" in res.output
    assert "(given: 'tme=h')" in res.output
    res = runner.invoke(app, ["ccd", str(f), "--area", "0.4cm2", "--protocol", "steps"])
    assert res.exit_code == 2 and "--protocol: unknown protocol 'steps'" in res.output


@pytest.mark.slow
def test_stats_csv(tmp_path):
    f = tmp_path / "ccd.csv"
    f.write_text("electrode,ccd_mA_cm2,yield_stress_MPa\nLi,0.4,1.74\nLi,0.5,1.74\n"
                 "Li,0.6,1.74\nK,2.0,0.24\nK,2.4,0.24\n")
    doc = _json(["stats", str(f), "--plot", str(tmp_path / "fig")])
    li = next(g for g in doc["groups"] if g["group"] == "Li")
    assert li["mean"] == pytest.approx(0.5)
    assert li["ci_high"] == pytest.approx(0.5 + 4.303 * 0.1 / 3**0.5, abs=1e-3)
    assert doc["ccd_vs_yield"]["slope"] < 0
    assert sorted(p.name for p in (tmp_path / "fig").iterdir()) == [
        "ccd_survival.png", "ccd_survival.svg", "ccd_vs_yield.png", "ccd_vs_yield.svg"]
    # the table shows the unbiased Weibull modulus first, the biased one beside it
    res = runner.invoke(app, ["stats", str(f)])
    head = next(line for line in res.stdout.splitlines() if "unbiased" in line)
    assert head.index("Weibull m (unbiased)") < head.index("m (MLE, biased)")
    row = next(line for line in res.stdout.splitlines() if line.startswith("│ Li"))
    cells = [c.strip() for c in row.split("│")[1:-1]]
    assert float(cells[8]) == pytest.approx(li["weibull_m_unbiased"], rel=1e-5)
    assert float(cells[9]) == pytest.approx(li["weibull_m"], rel=1e-5)
    assert li["weibull_m_unbiased"] < li["weibull_m"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["stats"], "either a CSV file or --db"),
    ],
)
def test_bad_input_exit_code_2(args, message):
    r = runner.invoke(app, args)
    assert r.exit_code == 2
    assert message in r.output
