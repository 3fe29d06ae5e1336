"""The disk cache of compiled databases, and pickling of ThermoDatabase.

Two processes that build the same entries at once must both succeed and leave a valid
cache; a corrupt entry is rebuilt; a process with a warm cache does not import pycalphad.
"""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import textwrap
from concurrent.futures import ProcessPoolExecutor

import pytest

from semisolid.thermo import cache, equilibrium, load_database

SCRIPT = textwrap.dedent("""
    import json, sys
    from semisolid.thermo import load_database, equilibrium
    db = load_database(sys.argv[1])
    r = equilibrium(db, {"Pb": 0.3, "Sn": 0.7}, 450.0)
    print(json.dumps({"result": r.to_dict(), "pycalphad": "pycalphad" in sys.modules}))
""")


def _run(tdb, cache_dir, n=1):
    env = {**os.environ, "SEMISOLID_CACHE_DIR": str(cache_dir)}
    procs = [subprocess.Popen([sys.executable, "-c", SCRIPT, str(tdb)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(n)]
    out = []
    for p in procs:
        stdout, stderr = p.communicate(timeout=300)
        assert p.returncode == 0, stderr
        out.append(json.loads(stdout))
    return out


def test_store_and_load(tmp_path, monkeypatch):
    monkeypatch.setenv("SEMISOLID_CACHE_DIR", str(tmp_path))
    assert cache.store("x", {"a": [1, 2]})
    assert cache.load("x") == {"a": [1, 2]}
    assert cache.load("y") is None
    assert not list((tmp_path / "thermo").glob("*.tmp"))  # no temporary files left
    monkeypatch.setenv("SEMISOLID_CACHE", "0")
    assert cache.load("x") is None and not cache.store("z", 1)


def test_unwritable_cache_never_stops_a_calculation(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("SEMISOLID_CACHE_DIR", str(blocker))
    assert cache.store("x", 1) is False
    assert cache.load("x") is None


@pytest.mark.slow
def test_two_processes_build_at_once_then_a_warm_start(tdb_dir, tmp_path):
    """Both builders succeed with the same answer; the entries they leave are complete; a
    third process reads them and answers without importing pycalphad."""
    tdb = tdb_dir / "pbsn.tdb"
    first = _run(tdb, tmp_path, n=2)
    assert first[0]["result"] == first[1]["result"]
    assert all(f["pycalphad"] for f in first)  # they parsed and compiled
    folder = tmp_path / "thermo"
    entries = sorted(p.name for p in folder.iterdir())
    assert any(n.startswith("info-") for n in entries)
    assert any(n.startswith("system-") for n in entries)
    assert not any(n.endswith(".tmp") for n in entries)
    (warm,) = _run(tdb, tmp_path)
    assert warm["result"] == first[0]["result"]
    assert warm["pycalphad"] is False


@pytest.mark.slow
def test_corrupt_entry_is_rebuilt(tdb_dir, tmp_path):
    tdb = tdb_dir / "pbsn.tdb"
    (good,) = _run(tdb, tmp_path)
    folder = tmp_path / "thermo"
    for p in folder.iterdir():
        p.write_bytes(p.read_bytes()[:40])  # truncated
    (again,) = _run(tdb, tmp_path)
    assert again["result"] == good["result"] and again["pycalphad"] is True
    (warm,) = _run(tdb, tmp_path)
    assert warm["pycalphad"] is False


def test_entry_of_another_key_is_ignored(tmp_path, monkeypatch):
    monkeypatch.setenv("SEMISOLID_CACHE_DIR", str(tmp_path))
    cache.store("a", 1)
    (tmp_path / "thermo" / "a.pkl").rename(tmp_path / "thermo" / "b.pkl")
    assert cache.load("b") is None


@pytest.mark.slow
def test_pickle_keeps_compiled_systems(tdb_dir):
    db = load_database(tdb_dir / "pbsn.tdb")
    db.system(["Pb", "Sn"])
    again = pickle.loads(pickle.dumps(db))
    assert again._pdb is None  # not parsed again
    assert again._systems.keys() == db._systems.keys()
    a = equilibrium(db, {"Pb": 0.3, "Sn": 0.7}, 450.0)
    b = equilibrium(again, {"Pb": 0.3, "Sn": 0.7}, 450.0)
    assert a.to_dict() == b.to_dict()
    assert again._pdb is None


def _solve(args):
    db, comp, t = args
    return equilibrium(db, comp, t).to_dict()


@pytest.mark.slow
def test_process_pool(linak_db):
    linak_db.system(["K", "Na"])
    jobs = [(linak_db, {"K": k, "Na": 1 - k}, 295.15) for k in (0.6, 0.9, 0.95)]
    with ProcessPoolExecutor(max_workers=2) as pool:
        got = list(pool.map(_solve, jobs))
    assert got == [_solve(j) for j in jobs]
