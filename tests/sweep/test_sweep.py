"""semisolid.sweep on a LocalCluster of two processes: the serial path's numbers, retries
and reports, the catalog written from the workers, and the CLI."""

from __future__ import annotations

import inspect
import json
import os
import pickle
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import xarray as xr
from typer.testing import CliRunner

from semisolid import sweep
from semisolid.ccd.analysis import analyse_files as serial_files
from semisolid.ccd.catalog import Catalog
from semisolid.cli import app
from semisolid.errors import InputError
from semisolid.models.virtual_cell import simulate_cell, write_mpt

pytestmark = pytest.mark.slow

AREA = 0.4e-4
MAP = "semisolid.electrode.maps:design_map"
WRITE = "semisolid.electrode.workflows:write_design_map"


_SERIAL = """
import importlib, pickle, sys, warnings
from threadpoolctl import threadpool_limits
name, args, kw = pickle.load(open(sys.argv[1], "rb"))
module, fn = name.split(":")
with warnings.catch_warnings(record=True) as caught, threadpool_limits(1, user_api="blas"):
    warnings.simplefilter("always")
    out = getattr(importlib.import_module(module), fn)(*args, **kw)
pickle.dump((out, [str(w.message) for w in caught]), open(sys.argv[1], "wb"))
"""


def _serial(tmp_path, name, *args, **kw):
    """The serial result and its warnings, computed as a Dask worker computes: in a fresh
    Python with Dask's PYTHONHASHSEED (6640) and single-threaded BLAS.

    A fresh process, so that nothing the test process computed before (caches, an earlier
    engine's hash-seed-dependent last digits) can make the two agree or differ.
    """
    job = tmp_path / f"{name.replace(':', '.')}.pickle"
    job.write_bytes(pickle.dumps((name, args, kw)))
    env = {**os.environ, "PYTHONHASHSEED": "6640", "OPENBLAS_NUM_THREADS": "1"}
    subprocess.run([sys.executable, "-c", _SERIAL, str(job)], env=env, check=True,
                   timeout=600)
    return pickle.loads(job.read_bytes())


def _swept(fn, *args, **kw):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = fn(*args, **kw)
    return out, [str(w.message) for w in caught]


def test_binary_map_is_the_serial_map_with_its_warnings(client, tmp_path):
    # 250-320 K: the coldest chunks have no liquid (the map has); 8 mAh/cm2 exhausts some
    # electrodes: both warnings must be the whole map's, as on the serial path
    args = (["K", "Na"], "K", np.linspace(0.80, 0.99, 9), np.array([1.0, 3.0, 8.0]) * 36000,
            np.linspace(250.0, 320.0, 15))
    kw = {"thickness_m": 150e-6, "area_m2": AREA}
    ref, ref_warn = _serial(tmp_path, MAP, *args, **kw)
    res, got_warn = _swept(sweep.design_map, *args, **kw, chunk_size=54, scheduler=client,
                           quiet=True)
    assert res.ok and res.chunks == 8 and res.threads == 2
    xr.testing.assert_identical(res.data, ref)
    assert any("exhaust" in w for w in ref_warn)  # the case covers both warnings ...
    assert got_warn == ref_warn == res.warnings
    cold = ref.isel(temperature_K=slice(0, 2))  # ... and the first chunk has no liquid
    assert all(float(cold[f"liquid_fraction_{e}"].max()) == 0.0
               for e in ("start", "enriched", "depleted"))


def test_ternary_map_is_the_serial_map(client, tmp_path):
    args = (["K", "Na", "Li"], "K", [0.8, 0.875, 0.95], [108000.0], [290.0, 300.0, 310.0])
    kw = {"volume_m3": 10e-9, "area_m2": AREA, "share": [0.2, 0.5, 0.8]}
    ref, ref_warn = _serial(tmp_path, MAP, *args, **kw)
    res, got_warn = _swept(sweep.design_map, *args, **kw, chunk_size=1, scheduler=client,
                           quiet=True)
    assert res.ok and res.chunks == 3  # never less than one temperature per chunk
    xr.testing.assert_identical(res.data, ref)
    assert got_warn == ref_warn


def test_written_map_is_the_serial_file(client, tmp_path):
    args = (["K", "Na"], "K", [0.85, 0.9, 0.95], [108000.0, 216000.0], [280.0, 295.0, 310.0])
    kw = {"volume_m3": 10e-9, "diameter_m": 7.14e-3}
    ref, _ = _serial(tmp_path, WRITE, tmp_path / "serial.csv", *args, **kw)
    res = sweep.write_design_map(tmp_path / "swept.csv", *args, **kw, chunk_size=6,
                                 scheduler=client, quiet=True)
    assert res.ok and res.chunks == 3
    assert (tmp_path / "swept.csv").read_bytes() == (tmp_path / "serial.csv").read_bytes()
    assert res.report.n_states == ref.n_states == 36
    assert res.to_dict()["result"] == {**ref.to_dict(), "output": str(tmp_path / "swept.csv")}


def test_virtual_cells_are_the_serial_table(client):
    kw = {"seed": 7, "points_per_half_cycle": 20}
    ref = sweep.virtual_cells_serial(["K/KBA/K", "Na/NBA/Na"], 5, **kw)
    res = sweep.virtual_cells(["K/KBA/K", "Na/NBA/Na"], 5, **kw, chunk_size=2,
                              scheduler=client, quiet=True)
    assert res.ok and res.chunks == 6
    pd.testing.assert_frame_equal(res.data, ref, check_exact=True)
    assert ref.seed.tolist() == [7, 8, 9, 10, 11] * 2
    # each row is the cell `semisolid simulate cell --seed` gives
    rec = simulate_cell(sweep.cell_specs(["Na/NBA/Na"], points_per_half_cycle=20)[0], seed=9)
    assert ref.true_failure[7] == rec.metadata.extra["failure_mode"]


@pytest.fixture(scope="module")
def cell_files(tmp_path_factory):
    d = tmp_path_factory.mktemp("archive")
    specs = sweep.cell_specs(["K/KBA/K", "B/KBA/B"], points_per_half_cycle=20)
    for i in range(7):
        spec = specs[i % 2]
        write_mpt(simulate_cell(spec, seed=i), d / f"cell{i:02d}.mpt")
    (d / "broken.mpt").write_text("not a cycling file\n")
    return d


def test_files_match_the_serial_batch_and_fill_the_catalog_once(client, cell_files, tmp_path):
    files = sweep.find_files([cell_files])
    assert [p.name for p in files][:2] == ["broken.mpt", "cell00.mpt"] and len(files) == 8
    ref = [a.summary() for a in serial_files(files, AREA)]
    db = tmp_path / "lab.sqlite"
    res = sweep.analyse_files([cell_files], AREA, catalog_path=db, chunk_size=3,
                              scheduler=client, quiet=True)
    assert res.ok and res.chunks == 3 and len(res.data) == 8
    got = [a.summary() for a in res.report.analyses]
    assert [g.pop("catalog") for g in got] == [None] + [str(db)] * 7  # not the error row
    assert [r.pop("catalog") for r in ref] == [None] * 8
    assert got == ref
    assert res.report.errors == 1 and res.data.error.notna().sum() == 1
    with Catalog(db) as cat:
        rows = cat.results()
    names = sorted(Path(r["source_file"]).name for r in rows)
    assert names == [f"cell{i:02d}.mpt" for i in range(7)]
    again = sweep.analyse_files([cell_files], AREA, catalog_path=db, chunk_size=4,
                                scheduler=client, quiet=True)
    assert again.ok
    with Catalog(db) as cat:  # re-analysis updates, never adds
        assert len(cat.results()) == 7


_MARK = "semisolid-sweep-test-marker"


def _flaky(folder: str) -> str:
    """Fails the first time it is called on `folder`, then succeeds."""
    mark = Path(folder) / _MARK
    if not mark.exists():
        mark.write_text("failed once")
        raise RuntimeError("transient failure")
    return "ok"


def _fails_on_two(x: int) -> int:
    if x == 2:
        raise ValueError("two is bad")
    return x * 10


@pytest.fixture(scope="module")
def by_value():
    """This module's functions travel to the worker processes by value (cloudpickle)."""
    import cloudpickle

    module = inspect.getmodule(_flaky)
    cloudpickle.register_pickle_by_value(module)
    yield
    cloudpickle.unregister_pickle_by_value(module)


def test_a_failed_chunk_is_retried_once(client, by_value, tmp_path):
    run = sweep.run_chunks(_flaky, [str(tmp_path)], ["the only chunk"], scheduler=client,
                           quiet=True)
    assert run.results == ["ok"] and run.retried == 1 and not run.failed


def test_a_chunk_failing_twice_is_reported_not_dropped(client, by_value, monkeypatch):
    monkeypatch.setenv("SEMISOLID_PROGRESS", "1")  # the bar counts the failed chunk too
    run = sweep.run_chunks(_fails_on_two, [1, 2, 3], ["a", "b", "c"], scheduler=client,
                           quiet=True)
    assert run.results == [10, None, 30]
    assert [f.to_dict() for f in run.failed] == [
        {"index": 1, "label": "b", "error": "ValueError: two is bad", "attempts": 2}]
    res = sweep.SweepResult("test", None, 3, 1, run.failed)
    assert not res.ok
    assert res.lines()[-1] == "chunk 1 (b) failed twice and is missing: ValueError: two is bad"


def _sabotaged_design_chunk(params, temps):
    """The design task, failing on every chunk that holds 300 K."""
    from semisolid.sweep import design

    if 300.0 in temps:
        raise RuntimeError("sabotaged")
    return design._design_chunk(params, temps)


def _sabotaged_cells_chunk(chunk):
    """The virtual-cell task, failing on the chunk of seed 2."""
    from semisolid.sweep import cells

    if any(seed == 2 for _, seed in chunk):
        raise RuntimeError("sabotaged")
    return cells._cells_chunk(chunk)


def test_a_map_with_a_failed_chunk_is_not_written(client, by_value, monkeypatch, tmp_path):
    from semisolid.sweep import design

    monkeypatch.setattr(design, "_design_chunk", _sabotaged_design_chunk)
    out = tmp_path / "map.csv"
    res = sweep.write_design_map(out, ["K", "Na"], "K", [0.9, 0.95], [108000.0],
                                 [290.0, 300.0, 310.0], volume_m3=10e-9, diameter_m=7.14e-3,
                                 chunk_size=2, scheduler=client, quiet=True)
    assert not res.ok and res.data is None and not out.exists()
    assert [(f.label, f.error, f.attempts) for f in res.failed] == [
        ("temperature_K 300", "RuntimeError: sabotaged", 2)]
    assert [float(p.temperature_K[0]) for p in res.parts] == [290.0, 310.0]
    assert res.lines()[-1] == f"nothing written to {out}: 1 of 3 chunk(s) failed"
    assert res.to_dict()["sweep"]["ok"] is False


def test_a_cell_table_says_which_cells_it_lacks(client, by_value, monkeypatch, tmp_path):
    from semisolid.sweep import cells

    monkeypatch.setattr(cells, "_cells_chunk", _sabotaged_cells_chunk)
    res = sweep.virtual_cells(["K/KBA/K"], 6, points_per_half_cycle=20, chunk_size=2,
                              path=tmp_path / "cells.csv", scheduler=client, quiet=True)
    assert not res.ok and res.data.seed.tolist() == [0, 1, 4, 5]
    assert pd.read_csv(tmp_path / "cells.csv").seed.tolist() == [0, 1, 4, 5]
    assert res.failed[0].label == "K/KBA/K seeds 2-3"
    assert res.lines()[-1].endswith("lacks the cells of the 1 failed chunk(s)")


def test_default_is_a_local_cluster_started_and_closed_here():
    run = sweep.run_chunks(abs, [-1, -2, -3], ["a", "b", "c"], workers=1, quiet=True)
    assert run.results == [1, 2, 3] and run.cluster == "local cluster, 1 worker process"
    assert run.threads == 1 and not run.failed


def test_bad_input_is_refused_before_the_cluster_starts():
    with pytest.raises(InputError, match="chunk_size"):
        sweep.design_map(["K", "Na"], "K", [0.9], [36000.0], [295.0], volume_m3=10e-9,
                         area_m2=AREA, chunk_size=0, scheduler="tcp://127.0.0.1:9")
    with pytest.raises(InputError, match="workers"):
        sweep.run_chunks(abs, [1], ["a"], scheduler="tcp://127.0.0.1:9", workers=2)
    with pytest.raises(InputError, match="pip install semisolid\\[dask\\]"):
        sweep.require_dask(("dask", "a_module_that_is_not_installed"))


def test_cli_refuses_a_zero_chunk_size():
    r = runner.invoke(app, ["sweep", "cells", "--n", "2", "--chunk-size", "0"])
    assert r.exit_code == 2
    assert "--chunk-size: must be a whole number >= 1, got 0" in r.output


def test_unreachable_scheduler_is_a_clear_error():
    import dask.config

    with pytest.raises(InputError, match=r"cannot reach a Dask scheduler at 'tcp://127\.0\.0\.1:9'"):
        with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
            sweep.run_chunks(abs, [1], ["a"], scheduler="tcp://127.0.0.1:9")


runner = CliRunner()


def test_cli_sweep_design_on_a_running_scheduler(cluster, tmp_path):
    out = tmp_path / "map.nc"
    r = runner.invoke(app, ["sweep", "design", "--elements", "K,Na", "--working-ion", "K",
                            "--x", "0.85:0.95:3", "--areal-capacity", "3mAh/cm2",
                            "--temperature", "280K:310K:4", "--volume", "10mm3",
                            "--diameter", "7.14mm", "-o", str(out), "--chunk-size", "3",
                            "--scheduler", cluster.scheduler_address, "--json"])
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    assert doc["sweep"]["ok"] and doc["sweep"]["chunks"] == 4
    _serial(tmp_path, WRITE, tmp_path / "ref.nc", ["K", "Na"], "K",
            np.linspace(0.85, 0.95, 3), [108000.0], np.linspace(280.0, 310.0, 4), volume_m3=10e-9,
                     diameter_m=7.14e-3)
    xr.testing.assert_identical(xr.open_dataset(out, engine="scipy").load(),
                                xr.open_dataset(tmp_path / "ref.nc", engine="scipy").load())


def test_cli_sweep_files_into_a_catalog(cluster, cell_files, tmp_path):
    db = tmp_path / "cat.sqlite"
    r = runner.invoke(app, ["sweep", "files", str(cell_files), "--area", "0.4cm2", "--db",
                            str(db), "--scheduler", cluster.scheduler_address, "--quiet"])
    assert r.exit_code == 0, r.output
    assert "files: 1 chunk(s) of up to 50" in r.output
    with Catalog(db) as cat:
        assert len(cat.results()) == 7


def test_cli_sweep_cells_writes_the_serial_table(cluster, tmp_path):
    out = tmp_path / "cells.parquet"
    r = runner.invoke(app, ["sweep", "cells", "--preset", "K/KBA/K,B/KBA/B", "--n", "3",
                            "--seed", "4", "--points", "20", "-o", str(out), "--chunk-size", "2",
                            "--scheduler", cluster.scheduler_address, "--quiet"])
    assert r.exit_code == 0, r.output
    assert f"wrote {out} (6 cells)" in r.output
    ref = sweep.virtual_cells_serial(["K/KBA/K", "B/KBA/B"], 3, seed=4, points_per_half_cycle=20)
    pd.testing.assert_frame_equal(pd.read_parquet(out), ref, check_exact=True)
