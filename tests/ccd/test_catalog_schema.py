"""Catalog schema 2: header metadata, analysis facts, the upgrade of a catalog written by
semisolid 0.1.0 (schema 1, tests/data/ccd/catalog_v1.db), metadata kept on re-analysis."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3

import pytest

import semisolid
from semisolid.ccd import DetectorSettings, analyse_files, detect
from semisolid.ccd.catalog import SCHEMA_VERSION, Catalog, CatalogEntry, CellInfo
from semisolid.errors import DatabaseError

AREA = 0.4e-4


def _schema(path):
    con = sqlite3.connect(path)
    try:
        return {t: [(r[1], r[2]) for r in con.execute(f"PRAGMA table_info({t})")]
                for t in ("cells", "results")}, con.execute("PRAGMA user_version").fetchone()[0]
    finally:
        con.close()


@pytest.fixture
def v1(tmp_path, data_dir):
    p = tmp_path / "old.sqlite"
    shutil.copyfile(data_dir / "ccd" / "catalog_v1.db", p)
    return p


def test_the_fixture_is_a_schema_1_catalog(v1):
    tables, version = _schema(v1)
    assert version == 1 and "protocol" not in dict(tables["results"])
    con = sqlite3.connect(v1)
    rows = con.execute("SELECT c.electrode, r.failure, r.ccd_mA_cm2 FROM results r "
                       "JOIN cells c ON c.id = r.cell_id ORDER BY r.id").fetchall()
    con.close()
    assert rows == [("K", "short", 2.0), ("Li", "none", None), ("K", "short", 2.0)]


def test_read_only_reads_schema_1_as_it_is(v1):
    before = v1.read_bytes()
    with Catalog(v1, readonly=True) as cat:
        rows = cat.results()
        table = cat.ccd_table(include_censored=True)
    assert v1.read_bytes() == before                      # not upgraded, not touched
    assert [r["failure"] for r in rows] == ["short", "none", "short"]
    assert all(r["protocol"] is None and r["warnings"] == [] for r in rows)
    # schema-1 rows: a "none" cell is censored at its last stable current density
    # (one row per cell: the K cell's latest analysis is result 3)
    assert table[["electrode", "ccd_mA_cm2", "censored"]].to_dict("records") == [
        {"electrode": "Li", "ccd_mA_cm2": pytest.approx(0.5), "censored": True},
        {"electrode": "K", "ccd_mA_cm2": 2.0, "censored": False}]


def test_upgrade_in_place_keeps_every_row(v1, tmp_path, synth):
    with Catalog(v1, readonly=True) as cat:
        old = cat.results()
    with Catalog(v1) as cat:                              # opened for writing: upgraded
        assert cat.schema_version == SCHEMA_VERSION == 2
        new = cat.results()
    for a, b in zip(old, new, strict=True):
        assert {k: b[k] for k in a} == a                  # every old value kept
    # the upgraded schema is the schema of a new catalog (one definition)
    with Catalog(tmp_path / "fresh.sqlite"):
        pass
    assert _schema(v1) == _schema(tmp_path / "fresh.sqlite")
    # and it takes new results
    rec, _ = synth.make_trace("NaK", short_step=2, short_half=0, short_at=0.5, dt_s=300.0)
    with Catalog(v1) as cat:
        cat.add([CatalogEntry(CellInfo("Na", "NBA"), detect(rec, AREA), rec)])
        assert len(cat.results()) == 4 and cat.results()[-1]["protocol"] == "stepwise"


def test_newer_schema_is_refused(tmp_path):
    p = tmp_path / "c.sqlite"
    with Catalog(p):
        pass
    con = sqlite3.connect(p)
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    con.commit()
    con.close()
    with pytest.raises(DatabaseError, match="newer than this semisolid's"):
        Catalog(p)


def test_header_metadata_version_settings_and_sha256(tmp_path):
    """The .mpt header's electrode, electrolyte, start time and instrument, the semisolid
    version, the settings and the file's SHA-256 (hashlib on the bytes) are stored."""
    import semisolid.io as sio
    from semisolid.models.virtual_cell import simulate_cell

    (path,) = sio.write(simulate_cell("K/KBA/K", seed=2), tmp_path / "k.mpt")
    db = tmp_path / "c.sqlite"
    (a,) = analyse_files([path], AREA, catalog_path=db, voltage_limit_V=5.0)
    with Catalog(db) as cat:
        (cell,) = cat.cells()
        (row,) = cat.results()
        settings = cat.conn.execute("SELECT settings_json FROM results").fetchone()[0]
    assert (cell["header_electrode"], cell["header_electrolyte"]) == ("K", "KBA")
    assert cell["instrument"] == "semisolid virtual cell" and cell["start_time"]
    assert cell["header_area_cm2"] == pytest.approx(0.4, rel=1e-2)
    assert cell["file_format"] == "biologic-mpt"
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert row["file_sha256"] == digest == cell["sha256"]
    assert row["semisolid_version"] == semisolid.__version__
    assert '"voltage_limit_V": 5.0' in settings and '"protocol": "auto"' in settings
    assert row["protocol"] == "stepwise" and row["signature"] == a.result.signature
    assert row["warnings"] == a.result.warnings


def test_reanalysis_without_electrode_keeps_the_stored_metadata(tmp_path, synth):
    rec, _ = synth.make_trace("NaK", short_step=2, short_half=0, short_at=0.5, dt_s=300.0)
    db = tmp_path / "c.sqlite"
    with Catalog(db) as cat:
        cat.add([CatalogEntry(CellInfo("K", "KBA", 295.15, 1.5e6), detect(rec, AREA), rec)])
        cat.add([CatalogEntry(CellInfo(), detect(rec, AREA, settings=DetectorSettings(
            drop_fraction=0.6)), rec)])
        (cell,) = cat.cells()
        assert (cell["electrode"], cell["electrolyte"], cell["temperature_K"],
                cell["stack_pressure_MPa"]) == ("K", "KBA", 295.15, 1.5)
        cat.add([CatalogEntry(CellInfo(electrode="Na"), detect(rec, AREA), rec)])
        assert cat.cells()[0]["electrode"] == "Na"          # a value given replaces it
        assert len(cat.results()) == 2
