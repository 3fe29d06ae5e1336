"""The CCD workflows: a streaming batch against traces with known answers (ccd_synth.py),
all-or-nothing catalog writes, the catalog read back, and CCD statistics against hand
arithmetic."""

from __future__ import annotations

import math

import numpy as np
import pytest

from semisolid.ccd import analyse_files, catalog_contents, ccd_statistics
from semisolid.ccd.catalog import Catalog
from semisolid.errors import DatabaseError, FileFormatError, InputError

AREA = 0.4e-4


def _write_csv(path, rec):
    np.savetxt(path, np.c_[rec.time_s, rec.voltage_V, rec.set_current_A * 1e3], delimiter=",",
               header="time/s,Ewe/V,control/mA", comments="", fmt="%.10g")
    return path


@pytest.fixture
def files(tmp_path, synth):
    """A shorted cell (known CCD) and one that survives the whole test."""
    shorted, truth = synth.make_trace("NaK", short_step=3, short_half=1, short_at=0.5,
                                      dt_s=60.0, seed=1)
    ok, _ = synth.make_trace("NaK", n_steps=4, dt_s=120.0, seed=2)
    return [_write_csv(tmp_path / "k1.csv", shorted), _write_csv(tmp_path / "k2.csv", ok)], truth


def test_batch_streams_one_result_per_file(files, tmp_path):
    paths, truth = files
    missing = tmp_path / "not-yet.csv"
    batch = analyse_files([paths[0], missing], AREA)
    first = next(batch)  # the second file is not read yet: the batch streams
    assert first.path == str(paths[0]) and first.result.failure == "short"
    assert first.result.ccd_mA_cm2 == pytest.approx(truth.ccd_mA_cm2, rel=1e-9)
    assert first.summary()["file"] == str(paths[0])
    with pytest.raises(InputError, match=r"not-yet.csv"):
        next(batch)


def test_checks_run_before_any_file_is_read(tmp_path):
    never = [tmp_path / "absent.csv"]
    with pytest.raises(InputError, match=r"^area_m2: the electrode area is required"):
        next(analyse_files(never, None))
    with pytest.raises(InputError, match=r"^final_area_m2: "):
        next(analyse_files(never, AREA, 0.0))
    with pytest.raises(InputError, match=r"^stack_pressure_Pa: "):
        next(analyse_files(never, AREA, stack_pressure_Pa=-1e6))
    with pytest.raises(InputError, match=r"^voltage_limit_V: "):
        next(analyse_files(never, AREA, voltage_limit_V=-1.0))
    foreign = tmp_path / "foreign.sqlite"
    foreign.write_bytes(b"not a database")
    with pytest.raises(DatabaseError, match=r"foreign.sqlite: not an SQLite database"):
        next(analyse_files(never, AREA, catalog_path=foreign))
    assert foreign.read_bytes() == b"not a database"


def test_catalog_is_written_once_the_batch_is_complete(files, tmp_path):
    paths, _ = files
    db = tmp_path / "cat.sqlite"
    batch = analyse_files(paths, AREA, catalog_path=db, electrode="K", electrolyte="KBA",
                          temperature_K=295.15, stack_pressure_Pa=1.5e6)
    next(batch)
    with Catalog(db) as cat:
        assert cat.results() == []  # nothing before the end of the batch
    rest = list(batch)
    assert len(rest) == 1
    with Catalog(db) as cat:
        rows = cat.results()
    assert len(rows) == 2 and {r["failure"] for r in rows} == {"short", "none"}
    assert all(r["stack_pressure_MPa"] == pytest.approx(1.5) for r in rows)


def test_a_failing_or_abandoned_batch_writes_nothing(files, tmp_path):
    paths, _ = files
    flat = tmp_path / "flat.csv"
    np.savetxt(flat, np.c_[np.arange(5.0), np.full(5, 0.1), np.full(5, 1.0)], delimiter=",",
               header="time/s,Ewe/V,control/mA", comments="")
    db = tmp_path / "cat.sqlite"
    with pytest.raises(FileFormatError, match=r"flat.csv: the set current never changes"):
        list(analyse_files([paths[0], flat], AREA, catalog_path=db))
    batch = analyse_files(paths, AREA, catalog_path=db)
    next(batch)
    batch.close()  # abandoned after one file
    with Catalog(db) as cat:
        assert cat.results() == []


def test_plots_per_file(files, tmp_path):
    paths, _ = files
    out = tmp_path / "plots"
    list(analyse_files(paths[:1], AREA, plot_dir=out))
    assert sorted(p.name for p in out.iterdir()) == ["k1_asr.png", "k1_ccd.png"]
    assert (out / "k1_ccd.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_catalog_contents_and_statistics_from_the_catalog(files, tmp_path):
    paths, truth = files
    db = tmp_path / "cat.sqlite"
    with pytest.raises(DatabaseError, match=r"no such catalog"):
        catalog_contents(db)
    list(analyse_files(paths, AREA, catalog_path=db, electrode="K"))
    c = catalog_contents(db, tmp_path / "all.csv")
    assert len(c.to_dict()["results"]) == 2
    (s,) = c.summary
    assert (s["cells"], s["shorts"], s["none"]) == (2, 1, 1)
    assert len((tmp_path / "all.csv").read_text().splitlines()) == 3
    stats = ccd_statistics(db, catalog=True)
    (g,) = stats.groups  # the catalog's CCDs are those of shorted cells only
    assert (g.group, g.n) == ("K", 1) and g.mean == pytest.approx(truth.ccd_mA_cm2)


def test_statistics_from_csv_against_hand_arithmetic(tmp_path):
    f = tmp_path / "ccd.csv"
    f.write_text("cell,value,yield_stress_MPa\nLi,0.4,1.74\nLi,0.5,1.74\nLi,0.6,1.74\n"
                 "K,2.0,0.24\nK,2.4,0.24\n")
    s = ccd_statistics(f, group_column="cell", value_column="value", confidence=0.95)
    li = next(g for g in s.groups if g.group == "Li")
    # mean 0.5, SD 0.1, t(0.975, 2) = 4.302653
    assert li.mean == pytest.approx(0.5)
    assert li.ci_high == pytest.approx(0.5 + 4.302653 * 0.1 / math.sqrt(3), rel=1e-5)
    # OLS through (1.74, 0.5) x3 and (0.24, 2.2) x2: slope = (2.2 - 0.5) / (0.24 - 1.74)
    assert s.ccd_vs_yield.slope == pytest.approx(-1.7 / 1.5, rel=1e-9)
    assert s.to_dict()["ccd_vs_yield"]["n"] == 5
    with pytest.raises(InputError, match=r"^group_column: column 'electrode' not found"):
        ccd_statistics(f)
