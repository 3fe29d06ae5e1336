"""The CCD workflows: a streaming batch against traces with known answers (ccd_synth.py),
error rows that do not stop the batch, per-file catalog writes, the catalog read back, and
CCD statistics against hand arithmetic."""

from __future__ import annotations

import math
import os

import numpy as np
import pytest

from semisolid.ccd import analyse_files, catalog_contents, ccd_statistics
from semisolid.ccd.catalog import Catalog
from semisolid.errors import DatabaseError, InputError

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
    batch = analyse_files([paths[0], missing, paths[1]], AREA)
    first = next(batch)  # the second file is not read yet: the batch streams
    assert first.path == str(paths[0]) and first.result.failure == "short"
    assert first.result.ccd_mA_cm2 == pytest.approx(truth.ccd_mA_cm2, rel=1e-9)
    assert first.summary()["file"] == str(paths[0]) and first.record is None
    second = next(batch)  # a bad file is an error row; the batch goes on (issue 15)
    assert second.result is None and "not-yet.csv" in second.error
    assert second.summary() == {"file": str(missing), "error": second.error, "catalog": None}
    (third,) = list(batch)
    assert third.result.failure == "none"
    kept = next(analyse_files(paths[:1], AREA, keep_records=True))
    assert len(kept.record) > 0


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


@pytest.mark.slow
def test_each_row_is_in_the_catalog_when_reported(files, tmp_path):
    paths, _ = files
    db = tmp_path / "cat.sqlite"
    batch = analyse_files(paths, AREA, catalog_path=db, electrode="K", electrolyte="KBA",
                          temperature_K=295.15, stack_pressure_Pa=1.5e6)
    a = next(batch)
    assert a.catalog == str(db)
    with Catalog(db, readonly=True) as cat:   # reported as written: it is in the database
        assert str(paths[0]) in [r["source_file"] for r in cat.results()]
    rest = list(batch)
    assert len(rest) == 1
    with Catalog(db) as cat:
        rows = cat.results()
    assert len(rows) == 2 and {r["failure"] for r in rows} == {"short", "none"}
    assert all(r["stack_pressure_MPa"] == pytest.approx(1.5) for r in rows)


@pytest.mark.slow
def test_a_bad_file_is_an_error_row_and_the_good_ones_are_written(files, tmp_path):
    paths, _ = files
    bad = tmp_path / "bad.csv"
    bad.write_text("time/s,Ewe/V,control/mA\n0,0.1,1\n1,x,1\n")
    db = tmp_path / "cat.sqlite"
    out = list(analyse_files([paths[0], bad, paths[1]], AREA, catalog_path=db))
    assert [a.error is None for a in out] == [True, False, True]
    assert "bad.csv (line 3)" in out[1].error and out[1].catalog is None
    with Catalog(db) as cat:
        assert sorted(r["source_file"] for r in cat.results()) == sorted(map(str, paths))
    # nothing is written without a catalog, and a catalog is never made in a missing folder
    before = sorted(tmp_path.iterdir())
    list(analyse_files(paths, AREA))
    assert sorted(tmp_path.iterdir()) == before
    with pytest.raises(DatabaseError, match=r"does not exist; create it first"):
        next(analyse_files(paths, AREA, catalog_path=tmp_path / "no" / "dir" / "c.sqlite"))
    assert not (tmp_path / "no").exists()


@pytest.mark.slow
def test_parallel_jobs_give_the_same_results_in_order(files, tmp_path):
    paths, _ = files
    bad = tmp_path / "missing.csv"
    serial = [a.summary() for a in analyse_files([*paths, bad, *paths], AREA)]
    parallel = [a.summary() for a in analyse_files([*paths, bad, *paths], AREA, jobs=2)]
    assert parallel == serial
    with pytest.raises(InputError, match=r"^jobs: 0 must be a whole number >= 1"):
        next(analyse_files(paths, AREA, jobs=0))


def test_units_columns_and_protocol_options(tmp_path, synth):
    """A CSV with unitless headers in h, V and mA: read as SI with warnings naming the
    assumption, or right with ``units``/``columns`` (issue 15)."""
    rec, truth = synth.make_trace("NaK", short_step=3, short_half=1, short_at=0.5,
                                  dt_s=120.0, seed=1)
    f = tmp_path / "u.csv"
    np.savetxt(f, np.c_[rec.time_s / 3600, rec.voltage_V, rec.set_current_A * 1e3],
               delimiter=",", header="Zeit,voltage,current", comments="", fmt="%.10g")
    (wrong,) = analyse_files([f], AREA, columns={"time": "Zeit"})
    w = wrong.result.warnings
    assert any("column 'Zeit' (time_s) states no unit: read as s" in x for x in w)
    assert any("column 'current' (current_A) states no unit: read as A" in x for x in w)
    assert any("implausible" in x and "current unit" in x for x in w)
    assert any("half cycles last" in x for x in w)
    (right,) = analyse_files([f], AREA, columns={"time": "Zeit"},
                             units={"time": "h", "current": "mA"})
    assert right.result.ccd_mA_cm2 == pytest.approx(truth.ccd_mA_cm2, rel=1e-6)
    assert right.result.onset_time_s == pytest.approx(truth.onset_time_s, abs=240.0)
    assert not any("states no unit: read as s" in x for x in right.result.warnings)
    (forced,) = analyse_files([f], AREA, columns={"time": "Zeit"},
                              units={"time": "h", "current": "mA"}, protocol="stepwise")
    assert forced.result.protocol == "stepwise" and forced.result.settings["protocol"] == (
        "stepwise")
    with pytest.raises(InputError, match=r"^units: unknown column name 'tme'"):
        next(analyse_files([f], AREA, units={"tme": "h"}))
    with pytest.raises(InputError, match=r"^protocol: unknown protocol 'steps'"):
        next(analyse_files([f], AREA, protocol="steps"))


@pytest.mark.slow
def test_plots_per_file(files, tmp_path):
    paths, _ = files
    out = tmp_path / "plots"
    list(analyse_files(paths[:1], AREA, plot_dir=out))
    assert sorted(p.name for p in out.iterdir()) == ["k1_asr.png", "k1_asr.svg",
                                                     "k1_ccd.png", "k1_ccd.svg"]
    assert (out / "k1_ccd.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.slow
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
    (g,) = stats.groups  # the CCD of the shorted cell; the other one is right-censored
    assert (g.group, g.n, g.n_censored) == ("K", 2, 1)
    assert g.mean == pytest.approx(truth.ccd_mA_cm2)
    assert stats.survival["K"].censored.sum() == 1


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


def _rss_bytes() -> int:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


@pytest.mark.slow
@pytest.mark.skipif(not os.path.exists("/proc/self/statm"), reason="needs /proc (Linux)")
def test_a_batch_of_1000_files_streams_in_bounded_memory(tmp_path, synth):
    """Issue 15: memory grew about 5 MB per file; now at most 50 MB over 1,000 files (ten
    distinct files, each analysed 100 times, every result written to the catalog)."""
    paths = []
    for k in range(10):
        rec, _ = synth.make_trace("NaK", short_step=2 + k % 4, short_half=k % 2, short_at=0.5,
                                  samples_per_half_cycle=150, noise_rel=0.02, seed=k)
        paths.append(_write_csv(tmp_path / f"c{k}.csv", rec))
    db = tmp_path / "cat.sqlite"
    batch = analyse_files(paths * 100, AREA, catalog_path=db, electrode="K")
    n = 0
    for a in batch:
        n += 1
        assert a.error is None and a.record is None
        if n == 100:
            base = _rss_bytes()
    growth = _rss_bytes() - base
    assert n == 1000
    assert growth < 50 * 2**20, f"RSS grew {growth / 2**20:.1f} MiB over 900 files"
    with Catalog(db) as cat:
        assert len(cat.cells()) == 10 and len(cat.results()) == 10
