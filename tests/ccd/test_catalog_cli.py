"""Results catalog (SQLite) and the ccd / cells CLI commands."""

from __future__ import annotations

import csv
import hashlib
import json
import sqlite3

import numpy as np
import pytest
from typer.testing import CliRunner

from semisolid.ccd import DetectorSettings, detect
from semisolid.ccd.catalog import APPLICATION_ID, Catalog, CatalogEntry, CellInfo
from semisolid.cli import app
from semisolid.errors import DatabaseError, InputError

AREA = 0.4e-4


@pytest.fixture
def shorted(synth):
    return synth.make_trace("NaK", short_step=3, short_half=1, short_at=0.5, dt_s=60.0, seed=1)


def _entry(rec, **kw):
    return CatalogEntry(CellInfo("K", "KBA", 295.15, 1.5e6), detect(rec, AREA, **kw), rec)


def test_reanalysis_updates_instead_of_duplicating(tmp_path, shorted):
    rec, truth = shorted
    db = tmp_path / "c.sqlite"
    with Catalog(db) as cat:
        cat.add([_entry(rec)])
        cat.add([_entry(rec)])
        assert len(cat.cells()) == 1 and len(cat.results()) == 1
        r = cat.results()[0]
        assert r["failure"] == "short"
        assert r["ccd_mA_cm2"] == pytest.approx(truth.ccd_mA_cm2)
        assert r["stack_pressure_MPa"] == pytest.approx(1.5)
        # other settings (here: a final area) are another analysis: a second row
        cat.add([_entry(rec, final_area_m2=0.5e-4)])
        assert len(cat.cells()) == 1 and len(cat.results()) == 2
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    con.close()


def test_transaction_all_or_nothing(tmp_path, shorted, synth):
    rec, _ = shorted
    rec2, _ = synth.make_trace("Li", n_steps=3, dt_s=300.0)
    db = tmp_path / "c.sqlite"
    with Catalog(db) as cat:
        with pytest.raises(InputError, match="entry 1 has no CCD result"):
            cat.add([_entry(rec2), CatalogEntry(CellInfo(), None, rec)])
        assert cat.results() == [] and cat.cells() == []


def test_foreign_and_corrupt_files_are_refused(tmp_path):
    text = tmp_path / "notes.sqlite"
    text.write_text("hello")
    with pytest.raises(DatabaseError, match=r"notes\.sqlite: not an SQLite database"):
        Catalog(text)
    assert text.read_text() == "hello"  # untouched
    other = tmp_path / "other.db"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    before = hashlib.sha256(other.read_bytes()).hexdigest()
    with pytest.raises(DatabaseError, match=r"other\.db: not a semisolid catalog .*tables: t"):
        Catalog(other)
    assert hashlib.sha256(other.read_bytes()).hexdigest() == before
    good = tmp_path / "good.sqlite"
    Catalog(good).close()
    data = bytearray(good.read_bytes())
    data[100:] = b"\xff" * (len(data) - 100)  # keep the header, destroy the pages
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(bytes(data))
    with pytest.raises(DatabaseError, match=r"bad\.sqlite: (corrupt|not a semisolid)"):
        Catalog(bad)


def test_export_csv(tmp_path, shorted):
    rec, _ = shorted
    with Catalog(tmp_path / "c.sqlite") as cat:
        cat.add([_entry(rec)])
        out = cat.export_csv(tmp_path / "out" / "results.csv")
    with out.open() as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 1 and rows[0]["failure"] == "short" and rows[0]["electrode"] == "K"


def _write_csv(path, rec):
    np.savetxt(path, np.c_[rec.time_s, rec.voltage_V, rec.set_current_A * 1e3], delimiter=",",
               header="time/s,Ewe/V,control/mA", comments="", fmt="%.10g")


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


def test_cli_bad_input_writes_nothing(tmp_path, shorted):
    rec, _ = shorted
    good = tmp_path / "good.csv"
    _write_csv(good, rec)
    bad = tmp_path / "flat.csv"
    np.savetxt(bad, np.c_[np.arange(5.0), [0.1, 0.1, np.nan, -0.1, -0.1],
                          [1.0, 1.0, 1.0, -1.0, -1.0]], delimiter=",",
               header="time/s,Ewe/V,control/mA", comments="")
    db = tmp_path / "cat.sqlite"
    runner = CliRunner()
    res = runner.invoke(app, ["ccd", str(good), str(bad), "--area", "0.4cm2", "--db", str(db)])
    assert res.exit_code == 2
    assert "flat.csv (line 4)" in res.output and "not a finite number" in res.output
    with Catalog(db) as cat:
        assert cat.results() == []  # the good file was not half-written either
    res = runner.invoke(app, ["ccd", str(good), "--db", str(db)])
    assert res.exit_code == 2 and "--area: the electrode area is required" in res.output
    res = runner.invoke(app, ["ccd", str(good), "--area", "0.4mA", "--db", str(db)])
    assert res.exit_code == 2 and "--area" in res.output
    foreign = tmp_path / "foreign.sqlite"
    foreign.write_bytes(b"not a database at all")
    res = runner.invoke(app, ["ccd", str(good), "--area", "0.4cm2", "--db", str(foreign)])
    assert res.exit_code == 2 and "foreign.sqlite: not an SQLite database" in res.output


def test_settings_key_in_catalog(tmp_path, shorted):
    rec, _ = shorted
    with Catalog(tmp_path / "c.sqlite") as cat:
        cat.add([_entry(rec)])
        e = CatalogEntry(CellInfo(), detect(rec, AREA, settings=DetectorSettings(
            drop_fraction=0.6)), rec)
        cat.add([e])
        assert len({r["analysis_key"] for r in cat.results()}) == 2


def test_summary_counts_each_cell_once(tmp_path, shorted, synth):
    """2 cells x 2 detector settings = 4 result rows, but 2 cells: 1 short and 1 none."""
    import dataclasses

    from semisolid.ccd.catalog import analysis_key

    rec, truth = shorted
    ok, _ = synth.make_trace("NaK", n_steps=4, dt_s=120.0, seed=2)
    alt = DetectorSettings(drop_fraction=0.6)
    with Catalog(tmp_path / "c.sqlite") as cat:
        cat.add([_entry(rec), _entry(ok)])
        cat.add([_entry(rec, settings=alt), _entry(ok, settings=alt)])
        rows = cat.results()
        assert len(rows) == 4 and len({r["cell_id"] for r in rows}) == 2
        (s,) = cat.summary()
        assert (s["cells"], s["shorts"], s["none"], s["open_circuits"]) == (2, 1, 1, 0)
        assert s["mean_ccd_mA_cm2"] == pytest.approx(truth.ccd_mA_cm2)
        assert s["analysis"] == "latest per cell"
        # one named analysis: the same cells, and the key is reported back
        key = analysis_key(detect(rec, AREA))
        (s_key,) = cat.summary(key)
        assert (s_key["cells"], s_key["shorts"], s_key["none"]) == (2, 1, 1)
        assert s_key["analysis"] == key
        assert cat.summary("0" * 16) == []
        # the latest analysis of a cell wins: a newer (here: doctored) result for the shorted
        # cell under a third key says "none"
        r3 = dataclasses.replace(detect(rec, AREA), failure="none",
                                 settings={"doctored": True})
        cat.add([CatalogEntry(CellInfo("K", "KBA"), r3, rec)])
        (s,) = cat.summary()
        assert (s["cells"], s["shorts"], s["none"]) == (2, 0, 2)
        assert s["mean_ccd_mA_cm2"] is None
        with pytest.raises(InputError, match="analysis_key"):
            cat.summary(3)
