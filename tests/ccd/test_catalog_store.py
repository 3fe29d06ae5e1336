"""Results catalog (SQLite and PostgreSQL), the write side: upserts, transactions, refusals,
export (its CLI commands are tested in tests/cli/test_ccd.py)."""

from __future__ import annotations

import csv
import hashlib
import sqlite3

import pytest

from semisolid.ccd import DetectorSettings, detect
from semisolid.ccd.catalog import APPLICATION_ID, Catalog, CatalogEntry, CellInfo
from semisolid.errors import DatabaseError, InputError

AREA = 0.4e-4


@pytest.fixture
def shorted(synth):
    return synth.make_trace("NaK", short_step=3, short_half=1, short_at=0.5, dt_s=60.0, seed=1)


def _entry(rec, **kw):
    return CatalogEntry(CellInfo("K", "KBA", 295.15, 1.5e6), detect(rec, AREA, **kw), rec)


def test_reanalysis_updates_instead_of_duplicating(catalog_db, shorted):
    rec, truth = shorted
    db = catalog_db
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
    if not db.startswith("postgresql"):
        con = sqlite3.connect(db)
        assert con.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        con.close()


@pytest.mark.slow
def test_transaction_all_or_nothing(catalog_db, shorted, synth):
    rec, _ = shorted
    rec2, _ = synth.make_trace("Li", n_steps=3, dt_s=300.0)
    db = catalog_db
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


@pytest.mark.slow
def test_export_csv(tmp_path, catalog_db, shorted):
    rec, _ = shorted
    with Catalog(catalog_db) as cat:
        cat.add([_entry(rec)])
        out = cat.export_csv(tmp_path / "out" / "results.csv")
    with out.open() as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 1 and rows[0]["failure"] == "short" and rows[0]["electrode"] == "K"


def test_settings_key_in_catalog(catalog_db, shorted):
    rec, _ = shorted
    with Catalog(catalog_db) as cat:
        cat.add([_entry(rec)])
        e = CatalogEntry(CellInfo(), detect(rec, AREA, settings=DetectorSettings(
            drop_fraction=0.6)), rec)
        cat.add([e])
        assert len({r["analysis_key"] for r in cat.results()}) == 2


@pytest.mark.slow
def test_summary_counts_each_cell_once(catalog_db, shorted, synth):
    """2 cells x 2 detector settings = 4 result rows, but 2 cells: 1 short and 1 none."""
    import dataclasses

    from semisolid.ccd.catalog import analysis_key

    rec, truth = shorted
    ok, _ = synth.make_trace("NaK", n_steps=4, dt_s=120.0, seed=2)
    alt = DetectorSettings(drop_fraction=0.6)
    with Catalog(catalog_db) as cat:
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
