"""The catalog at lab scale, on SQLite and PostgreSQL: many writers into one new catalog,
the export read back into pandas, old catalogs upgraded, and what is refused (a corrupt
catalog for reading and writing, a listing or export that would replace a file, SQL from a
crafted table name); the final area measured on a photograph."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import textwrap

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from semisolid.ccd import analyse_files, detect
from semisolid.ccd.catalog import (
    SCHEMA_VERSION,
    Catalog,
    CatalogEntry,
    CellInfo,
    read_export,
)
from semisolid.cli import app
from semisolid.errors import DatabaseError, InputError

AREA = 0.4e-4
runner = CliRunner()

# one process of the many-writers test: 50 distinct records, one add() (one transaction)
# each; prints how many add() calls returned
_WRITER = textwrap.dedent("""
    import sys
    import numpy as np
    from semisolid.ccd import detect
    from semisolid.ccd.catalog import Catalog, CatalogEntry, CellInfo
    from semisolid.io.data import CyclingData

    db, proc = sys.argv[1], int(sys.argv[2])
    i = np.repeat([1e-4, -1e-4, 2e-4, -2e-4], 25)
    ok = 0
    for k in range(50):
        v = 0.02 * np.sign(i) * (1.0 + 1e-6 * (100 * proc + k))   # a distinct record
        rec = CyclingData.from_arrays(np.arange(100) * 60.0, v, i)
        cell = CellInfo(electrode="K", electrolyte="KBA", cell_name=f"p{proc}-{k}")
        with Catalog(db) as cat:      # every file opens the catalog anew, as `semisolid ccd`
            ok += cat.add([CatalogEntry(cell, detect(rec, 1e-4), rec)])
    print(ok)
""")


@pytest.mark.slow
def test_many_writers_into_one_new_catalog(catalog_db):
    """4 processes x 50 files into a catalog that does not exist yet: every add() returns,
    and every analysis is there exactly once."""
    procs = [subprocess.Popen([sys.executable, "-c", _WRITER, catalog_db, str(p)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for p in range(4)]
    outs = [p.communicate(timeout=600) for p in procs]
    for p, (out, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err
        assert out.strip() == "50"
    with Catalog(catalog_db, readonly=True) as cat:
        cells = cat.cells()
        rows = cat.results()
    names = sorted(c["cell_name"] for c in cells)
    assert names == sorted(f"p{p}-{k}" for p in range(4) for k in range(50))
    assert len(rows) == 200 and len({r["sha256"] for r in rows}) == 200


@pytest.mark.slow
def test_many_cli_processes_into_one_new_catalog(catalog_db, tmp_path):
    """4 ``semisolid ccd`` processes of 50 files each, started together on a new catalog:
    each exits 0 and every file is in the catalog exactly once."""
    i = np.repeat([1e-4, -1e-4, 2e-4, -2e-4], 25)
    groups = []
    for p in range(4):
        folder = tmp_path / f"p{p}"
        folder.mkdir()
        for k in range(50):
            v = 0.02 * np.sign(i) * (1.0 + 1e-6 * (100 * p + k))
            np.savetxt(folder / f"c{k}.csv", np.c_[np.arange(100) * 60.0, v, i * 1e3],
                       delimiter=",", header="time/s,Ewe/V,control/mA", comments="",
                       fmt="%.10g")
        groups.append(sorted(str(f) for f in folder.glob("*.csv")))
    exe = [sys.executable, "-c", "from semisolid.cli import main; main()"]
    procs = [subprocess.Popen([*exe, "ccd", *files, "--area", "1cm2", "--db", catalog_db,
                               "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for files in groups]
    outs = [p.communicate(timeout=600) for p in procs]
    for p, (out, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err
        rows = json.loads(out)
        assert len(rows) == 50 and all(r["error"] is None and r["catalog"] for r in rows)
    with Catalog(catalog_db, readonly=True) as cat:
        sources = sorted(c["source_file"] for c in cat.cells())
        assert len(cat.results()) == 200
    assert sources == sorted(f for files in groups for f in files)


def _pair(synth):
    rec, _ = synth.make_trace("NaK", short_step=3, short_half=1, short_at=0.5, dt_s=60.0,
                              seed=1)
    other, _ = synth.make_trace("NaK", short_step=2, short_half=0, short_at=0.5, dt_s=300.0)
    return rec, other


@pytest.mark.slow
def test_export_reads_back_the_same_table(catalog_db, synth, tmp_path):
    """Parquet and CSV exports read back into pandas as the table the catalog gives (dtypes
    included); no CSV cell starts a formula, yet the names come back as they were."""
    rec, other = _pair(synth)
    tricky = CellInfo("=HYPERLINK(\"http://x\")", "+KBA", 295.15, 1.5e6, "@cell -1")
    with Catalog(catalog_db) as cat:
        cat.add([CatalogEntry(tricky, detect(rec, AREA), rec),
                 CatalogEntry(CellInfo("'Li", "-LLZTO"), detect(other, AREA), other)])
        frame = cat.export_frame()
        pq = cat.export(tmp_path / "cells.parquet")
        cv = cat.export(tmp_path / "cells.csv")
    assert len(frame) == 2 and frame["electrode"].tolist() == ["=HYPERLINK(\"http://x\")",
                                                                "'Li"]
    pd.testing.assert_frame_equal(pd.read_parquet(pq), frame)
    pd.testing.assert_frame_equal(read_export(pq), frame)
    pd.testing.assert_frame_equal(read_export(cv), frame)
    with cv.open(newline="") as fh:
        cells = [c for row in csv.reader(fh) for c in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r")]
    assert not [c for c in cells if c[:1] == "-" and not _number(c)]
    assert "'=HYPERLINK(\"http://x\")" in cells and "''Li" in cells


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


@pytest.mark.slow
def test_cli_cells_out_parquet_and_csv(catalog_db, tmp_path, synth):
    rec, other = _pair(synth)
    db = catalog_db
    with Catalog(db) as cat:
        cat.add([CatalogEntry(CellInfo("K", "KBA"), detect(rec, AREA), rec),
                 CatalogEntry(CellInfo("Li", "LLZTO"), detect(other, AREA), other)])
        frame = cat.export_frame()
    for name in ("cells.parquet", "cells.csv"):
        r = runner.invoke(app, ["cells", "--db", str(db), "--out", str(tmp_path / name)])
        assert r.exit_code == 0, r.output
        pd.testing.assert_frame_equal(read_export(tmp_path / name), frame)
    r = runner.invoke(app, ["cells", "--db", str(db), "--out", str(tmp_path / "cells.xlsx")])
    assert r.exit_code == 2 and "cells.xlsx" in r.output and ".parquet" in r.output
    r = runner.invoke(app, ["stats", "--db", str(db), "--json"])
    assert r.exit_code == 0, r.output
    assert {g["group"] for g in json.loads(r.stdout)["groups"]} == {"K", "Li"}


def test_upgrade_of_a_schema_2_catalog_keeps_every_value(tmp_path, data_dir):
    p = tmp_path / "v2.sqlite"
    shutil.copyfile(data_dir / "ccd" / "catalog_v2.db", p)
    before = p.read_bytes()
    with Catalog(p, readonly=True) as cat:
        assert cat.schema_version == 2
        old, old_cells = cat.results(), cat.cells()
    assert p.read_bytes() == before and len(old) >= 3
    with Catalog(p) as cat:
        assert cat.schema_version == SCHEMA_VERSION
        new, new_cells = cat.results(), cat.cells()
    for a, b in zip(old, new, strict=True):
        assert a == b
    for a, b in zip(old_cells, new_cells, strict=True):
        assert a == b
    con = sqlite3.connect(p)
    versions = [v for (v,) in con.execute("SELECT version FROM semisolid_schema ORDER BY 1")]
    con.close()
    assert versions == [3]          # versions 1 and 2 predate the table: user_version had them


# ------------------------------------------------------------------ refusals


def _catalog_with_row(path, synth):
    rec, _ = _pair(synth)
    with Catalog(path) as cat:
        cat.add([CatalogEntry(CellInfo("K", "KBA"), detect(rec, AREA), rec)])
    return rec


def _one_line_refusal(r, *words):
    assert r.exit_code == 2, r.output
    assert "Traceback" not in r.output
    text = r.output.strip()
    assert len(text.splitlines()) == 1, text
    for w in words:
        assert w in text, text


@pytest.mark.slow
@pytest.mark.parametrize("damage", ["flipped_json_byte", "dropped_column", "bad_json",
                                    "text_for_a_number"])
def test_corrupt_catalog_refused_for_reading_and_writing(tmp_path, synth, damage):
    db = tmp_path / "c.sqlite"
    rec = _catalog_with_row(db, synth)
    con = sqlite3.connect(db)
    if damage == "flipped_json_byte":
        (text,) = con.execute("SELECT summary_json FROM results").fetchone()
        raw = bytearray(text.encode())
        raw[5] ^= 0xC0                                   # not UTF-8 any more
        con.execute("UPDATE results SET summary_json = CAST(? AS TEXT)", (bytes(raw),))
        problem = "not UTF-8"
    elif damage == "dropped_column":
        con.execute("ALTER TABLE results DROP COLUMN protocol")
        problem = "lacks column protocol"
    elif damage == "bad_json":
        con.execute("UPDATE results SET settings_json = '{\"drop_fraction\": 0.5'")
        problem = "column settings_json: not valid JSON"
    else:
        con.execute("UPDATE results SET ccd_mA_cm2 = 'abc'")
        problem = "column ccd_mA_cm2: holds text, not a number"
    con.commit()
    con.close()
    before = db.read_bytes()
    for readonly in (True, False):
        with pytest.raises(DatabaseError, match=problem) as info:
            Catalog(db, readonly=readonly)
        assert str(db) in str(info.value) and "\n" not in str(info.value)
    csv_file = tmp_path / "k.csv"
    np.savetxt(csv_file, np.c_[rec.time_s, rec.voltage_V, rec.set_current_A * 1e3],
               delimiter=",", header="time/s,Ewe/V,control/mA", comments="", fmt="%.10g")
    _one_line_refusal(runner.invoke(app, ["cells", "--db", str(db)]), str(db), problem)
    _one_line_refusal(runner.invoke(app, ["stats", "--db", str(db)]), str(db), problem)
    r = runner.invoke(app, ["ccd", str(csv_file), "--area", "0.4cm2", "--db", str(db)])
    _one_line_refusal(r, str(db), problem)
    assert db.read_bytes() == before                     # nothing appended


def test_json_that_python_reads_is_not_corruption(tmp_path, synth):
    """semisolid 0.1.0 could store a NaN in its JSON (not strict JSON, read by json.loads):
    such a catalog is not called corrupt."""
    db = tmp_path / "c.sqlite"
    _catalog_with_row(db, synth)
    con = sqlite3.connect(db)
    con.execute("""UPDATE results SET summary_json = '{"ccd_mA_cm2": NaN}'""")
    con.commit()
    con.close()
    with Catalog(db, readonly=True) as cat:
        assert len(cat.results()) == 1


@pytest.mark.slow
def test_listing_and_export_never_replace_a_file(tmp_path, synth):
    db = tmp_path / "c.sqlite"
    _catalog_with_row(db, synth)
    before = db.read_bytes()
    for opt in ("--csv", "--out"):
        r = runner.invoke(app, ["cells", "--db", str(db), opt, str(db)])
        assert r.exit_code == 2 and "c.sqlite" in r.output, r.output
        assert db.read_bytes() == before
    with pytest.raises(InputError, match="is the catalog itself"):
        Catalog(db, readonly=True).export_csv(db)
    empty = tmp_path / "empty.mpr"
    empty.touch()
    notes = tmp_path / "notes.txt"
    notes.write_text("not a catalog\n")
    for path, words in ((empty, ("empty.mpr", "empty file")),
                        (notes, ("notes.txt", "not an SQLite database"))):
        data = path.read_bytes()
        _one_line_refusal(runner.invoke(app, ["cells", "--db", str(path)]), *words)
        _one_line_refusal(runner.invoke(app, ["stats", "--db", str(path)]), *words)
        assert path.read_bytes() == data
    assert not (tmp_path / "missing.sqlite").exists()
    _one_line_refusal(runner.invoke(app, ["cells", "--db", str(tmp_path / "missing.sqlite")]),
                      "no such catalog")
    assert not (tmp_path / "missing.sqlite").exists()  # a listing creates nothing
    folder = tmp_path / "a_folder"
    folder.mkdir()
    r = runner.invoke(app, ["cells", "--db", str(db), "--out", str(folder)])
    assert r.exit_code == 2 and folder.is_dir()
    r = runner.invoke(app, ["cells", "--db", str(db), "--csv", os.devnull])
    assert r.exit_code == 2 and stat.S_ISCHR(os.stat(os.devnull).st_mode), r.output
    fifo = tmp_path / "pipe.sqlite"
    os.mkfifo(fifo)
    for args in (["cells", "--db", str(fifo)], ["ccd", str(empty), "--area", "1cm2", "--db",
                                                  str(fifo)]):
        _one_line_refusal(runner.invoke(app, args), "pipe.sqlite", "not a regular file")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


@pytest.mark.slow
def test_crafted_table_names_never_reach_sql(tmp_path, synth):
    """Table names found in a file are never pasted into SQL: a catalog with a crafted extra
    table reads as usual, and a file with only crafted tables is refused in one line."""
    db = tmp_path / "c.sqlite"
    _catalog_with_row(db, synth)
    crafted = 'results"; DROP TABLE cells; --'
    con = sqlite3.connect(db)
    con.execute(f'CREATE TABLE "{crafted.replace(chr(34), chr(34) * 2)}" (x)')
    con.commit()
    con.close()
    r = runner.invoke(app, ["stats", "--db", str(db), "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)
    with Catalog(db, readonly=True) as cat:
        assert len(cat.cells()) == 1
    bare = tmp_path / "bare.sqlite"
    con = sqlite3.connect(bare)
    con.execute("PRAGMA application_id = 1397965636")            # claims to be a catalog
    con.execute(f'CREATE TABLE "{crafted.replace(chr(34), chr(34) * 2)}" (x)')
    con.commit()
    con.close()
    _one_line_refusal(runner.invoke(app, ["stats", "--db", str(bare)]), "bare.sqlite",
                      "no semisolid catalog")


@pytest.mark.slow
def test_reanalysis_via_cli_keeps_the_stored_electrode(tmp_path, synth):
    rec, _ = _pair(synth)
    f = tmp_path / "k.csv"
    np.savetxt(f, np.c_[rec.time_s, rec.voltage_V, rec.set_current_A * 1e3], delimiter=",",
               header="time/s,Ewe/V,control/mA", comments="", fmt="%.10g")
    db = tmp_path / "c.sqlite"
    base = ["ccd", str(f), "--area", "0.4cm2", "--db", str(db)]
    assert runner.invoke(app, [*base, "--electrode", "K", "--electrolyte", "KBA"]
                         ).exit_code == 0
    assert runner.invoke(app, [*base, "--voltage-limit", "5V"]).exit_code == 0
    with Catalog(db, readonly=True) as cat:
        (cell,) = cat.cells()
        assert (cell["electrode"], cell["electrolyte"]) == ("K", "KBA")
        assert len(cat.results()) == 2


# ------------------------------------------------------------------ final area from a photo


@pytest.mark.slow
def test_final_area_from_a_photograph(tmp_path, synth):
    pytest.importorskip("skimage")
    from semisolid.imaging.synthetic import render_electrode

    rec, _ = _pair(synth)
    f = tmp_path / "k.csv"
    np.savetxt(f, np.c_[rec.time_s, rec.voltage_V, rec.set_current_A * 1e3], delimiter=",",
               header="time/s,Ewe/V,control/mA", comments="", fmt="%.10g")
    e = render_electrode(shape=(240, 240), disc_radius_px=100.0, metal_radius_px=55.0)
    photo = tmp_path / "after.png"
    e.save(photo)
    disc_m = 12.7e-3
    true_cm2 = e.truth["area_fraction"] * np.pi * (disc_m / 2.0) ** 2 * 1e4
    db = tmp_path / "c.sqlite"
    r = runner.invoke(app, ["ccd", str(f), "--area", "0.4cm2", "--final-area-from",
                            str(photo), "--db", str(db), "--json"])
    assert r.exit_code == 0, r.output
    # the assumed size of the reference disc is named (never silently assumed)
    assert "assumed to be 12.7 mm" in r.stderr
    (row,) = json.loads(r.stdout)
    assert row["final_area_photo"]["final_area_image"] == str(photo)
    with Catalog(db, readonly=True) as cat:
        (cell,) = cat.cells()
        (res,) = cat.results()
    digest = hashlib.sha256(photo.read_bytes()).hexdigest()
    assert cell["final_area_image_sha256"] == digest == res["final_area_image_sha256"]
    assert cell["final_area_cm2"] == pytest.approx(true_cm2, rel=0.02)
    assert res["final_area_cm2"] == cell["final_area_cm2"]
    assert 0 < cell["final_area_uncertainty_cm2"] < 0.05 * true_cm2
    assert (cell["final_area_reference_m"], cell["final_area_reference_kind"]) == (disc_m,
                                                                                   "disc")
    # a re-analysis without a final area keeps the photograph's record
    assert len(list(analyse_files([f], AREA, catalog_path=db))) == 1
    with Catalog(db, readonly=True) as cat:
        assert cat.cells()[0]["final_area_image_sha256"] == digest
    # both a final area and a photograph: refused, naming the option
    r = runner.invoke(app, ["ccd", str(f), "--area", "0.4cm2", "--final-area", "0.5cm2",
                            "--final-area-from", str(photo)])
    assert r.exit_code == 2 and "final-area-from" in r.output
    r = runner.invoke(app, ["ccd", str(f), "--area", "0.4cm2", "--final-area-from",
                            str(tmp_path / "none.png")])
    assert r.exit_code == 2 and "none.png" in r.output


# ------------------------------------------------------------------ PostgreSQL only


def _pg_engine(url):
    import sqlalchemy as sa

    return sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://"))


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.xdist_group("postgres")
def test_postgres_refusals(postgres_db, postgres_server):
    import sqlalchemy as sa

    with pytest.raises(DatabaseError, match="no semisolid catalog in this database"):
        Catalog(postgres_db, readonly=True)           # an empty database: nothing made
    eng = _pg_engine(postgres_db)
    with eng.begin() as conn:
        assert sa.inspect(conn).get_table_names() == []
        conn.exec_driver_sql("CREATE TABLE cells (x int)")
    eng.dispose()
    with pytest.raises(DatabaseError, match="not a semisolid catalog's"):
        Catalog(postgres_db)
    with pytest.raises(DatabaseError) as info:        # no such database; password hidden
        Catalog(f"postgresql://lab:secret@/none?host={postgres_server}", readonly=True)
    msg = str(info.value)
    assert "postgresql://lab:***@/none" in msg and "secret" not in msg and "\n" not in msg
    assert "could not connect" in msg
    with pytest.raises(DatabaseError, match="not supported"):
        Catalog("mysql://lab@db.example/ccd")


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.xdist_group("postgres")
def test_postgres_schema_1_catalog_upgrades_without_loss(postgres_db, synth):
    """A catalog built at schema 1 on PostgreSQL (the version-1 columns only, as the
    migrations define them) is read as it is read-only and upgraded in place for writing,
    keeping every value."""
    import sqlalchemy as sa

    from semisolid.ccd.catalog import schema

    eng = _pg_engine(postgres_db)
    first = sa.MetaData()
    old = {t.name: sa.Table(t.name, first, *[c._copy() for c in t.columns
                                              if c.info["since"] == 1],
                            *(schema._results_constraints() if t is schema.results else ()))
           for t in (schema.cells, schema.results)}
    with eng.begin() as conn:
        first.create_all(conn)
        schema._record(conn, range(1, 2))
        cell_id = conn.execute(old["cells"].insert().returning(old["cells"].c.id), {
            "sha256": "ab" * 32, "electrode": "K", "electrolyte": "KBA", "area_cm2": 0.4,
            "updated_at": "2025-01-01T00:00:00"}).scalar_one()
        conn.execute(old["results"].insert(), {
            "cell_id": cell_id, "analysis_key": "0" * 16, "failure": "short",
            "ccd_mA_cm2": 2.0, "summary_json": "{}", "settings_json": "{}",
            "analysed_at": "2025-01-01T00:00:00"})
    eng.dispose()
    with Catalog(postgres_db, readonly=True) as cat:
        assert cat.schema_version == 1
        before = cat.results()
    assert before[0]["protocol"] is None and before[0]["ccd_mA_cm2"] == 2.0
    rec, _ = _pair(synth)
    with Catalog(postgres_db) as cat:
        assert cat.schema_version == SCHEMA_VERSION
        after = cat.results()
        cat.add([CatalogEntry(CellInfo("Na", "NBA"), detect(rec, AREA), rec)])
        assert len(cat.results()) == 2
    assert after == before


def test_a_killed_creation_leaves_nothing_for_long(tmp_path):
    """A temporary catalog a killed run left next to the catalog is removed by the next
    creation once it is 10 minutes old; a younger one (maybe still being built) is kept."""
    old = tmp_path / ".c.sqlite.k1ll3d.sqlite-new"
    young = tmp_path / ".c.sqlite.bu1ld.sqlite-new"
    for p in (old, young):
        p.write_bytes(b"SQLite format 3\x00 half written")
    os.utime(old, (0, 1_000_000))
    with Catalog(tmp_path / "c.sqlite"):
        pass
    assert not old.exists() and young.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [young.name, "c.sqlite"]


@pytest.mark.slow
def test_merge_an_old_sqlite_catalog_into_a_new_one(catalog_db, tmp_path, data_dir):
    """The schema-1 and schema-2 catalogs of the test data merged into a new catalog (SQLite
    or PostgreSQL): every analysis and value arrives, and merging again changes nothing."""
    srcs = []
    for name in ("catalog_v1.db", "catalog_v2.db"):
        p = tmp_path / name
        shutil.copyfile(data_dir / "ccd" / name, p)
        srcs.append(p)
    expected = []
    with Catalog(catalog_db) as lab:
        for p in srcs:
            with Catalog(p, readonly=True) as src:
                rows = src.results()
                assert lab.merge(src) == len(rows)
                expected += rows
        first = lab.results()
        for p in srcs:
            with Catalog(p, readonly=True) as src:
                lab.merge(src)
        assert lab.results() == first
    by_key = {(r["sha256"], r["analysis_key"]): r for r in expected}  # later files win
    assert len(first) == len(by_key)
    skip = {"id", "cell_id"}
    for r in first:
        want = by_key[(r["sha256"], r["analysis_key"])]
        got = {k: v for k, v in r.items() if k not in skip}
        for k, v in want.items():
            if k in skip or v is None:
                continue
            assert got[k] == pytest.approx(v) if isinstance(v, float) else got[k] == v, k
