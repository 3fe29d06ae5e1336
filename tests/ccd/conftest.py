"""Fixtures of the CCD tests: the independent trace generator (ccd_synth.py) and the catalog
locations (SQLite and a throwaway PostgreSQL cluster)."""

from __future__ import annotations

import runpy
from pathlib import Path
from types import SimpleNamespace

import pytest


@pytest.fixture(scope="session")
def synth():
    """The generator (``synth.make_trace(...)`` -> (CyclingData, Truth)), loaded from its file
    (no sys.path edit)."""
    path = Path(__file__).parent / "ccd_synth.py"
    return SimpleNamespace(**runpy.run_path(str(path), run_name="ccd_synth"))


# --------------------------------------------------------------- PostgreSQL for the catalog
# The catalog tests run on SQLite and on a throwaway PostgreSQL cluster (initdb + pg_ctl in
# a temporary folder, reached through a Unix socket there, removed after the run). Without a
# server the PostgreSQL cases are skipped with the reason; in CI (CI=true) they fail.

def _pg_program(name: str) -> str | None:
    import glob
    import re
    import shutil

    found = shutil.which(name)
    if found:
        return found
    folders = sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                     key=lambda d: [int(x) for x in re.findall(r"\d+", d)], reverse=True)
    for folder in folders:
        p = Path(folder) / name
        if p.is_file():
            return str(p)
    return None


def _no_postgres(reason: str):
    import os

    if os.environ.get("CI") == "true":
        pytest.fail(f"CI needs the PostgreSQL catalog tests to run: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def postgres_server():
    """A throwaway PostgreSQL cluster: yields the folder of its Unix socket (user postgres,
    trust authentication)."""
    import os
    import pwd
    import shutil
    import subprocess
    import tempfile

    initdb, pg_ctl = _pg_program("initdb"), _pg_program("pg_ctl")
    if not (initdb and pg_ctl):
        _no_postgres("no PostgreSQL server programs (initdb, pg_ctl) on this machine")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _no_postgres("psycopg is not installed (pip install 'semisolid[postgres]')")
    root = Path(tempfile.mkdtemp(prefix="semisolid-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:              # initdb refuses to run as root
        name = "postgres"
        try:
            pw = pwd.getpwnam(name)
        except KeyError:
            name, pw = "nobody", pwd.getpwnam("nobody")
        os.chown(root, pw.pw_uid, pw.pw_gid)
        as_user = ["runuser", "-u", name, "--"]
    data, log = root / "data", root / "server.log"
    try:
        subprocess.run([*as_user, initdb, "-D", str(data), "-A", "trust", "-U", "postgres",
                        "-E", "UTF8", "--no-sync"], check=True, capture_output=True,
                       timeout=180)
        subprocess.run([*as_user, pg_ctl, "-D", str(data), "-l", str(log), "-w", "-t", "120",
                        "-o", f"-k {root} -c listen_addresses='' -F", "start"],
                       check=True, capture_output=True, timeout=180)
    except (subprocess.SubprocessError, OSError) as exc:
        err = getattr(exc, "stderr", b"") or b""
        shutil.rmtree(root, ignore_errors=True)
        _no_postgres(f"could not start a PostgreSQL cluster: {exc} {err.decode(errors='replace')}")
    try:
        yield str(root)
    finally:
        subprocess.run([*as_user, pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"],
                       capture_output=True, timeout=120)
        shutil.rmtree(root, ignore_errors=True)


def new_postgres_database(socket_dir: str) -> str:
    """A new empty database on the throwaway server; returns its postgresql:// URL."""
    import uuid

    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(host=socket_dir, user="postgres", dbname="postgres",
                         autocommit=True) as con:
        con.execute(f"CREATE DATABASE {name}")
    return f"postgresql://postgres@/{name}?host={socket_dir}"


_PG = (pytest.mark.postgres, pytest.mark.xdist_group("postgres"))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=_PG)])
def catalog_db(request, tmp_path):
    """A location for a NEW catalog: an SQLite file path, or a new PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "c.sqlite")
    return new_postgres_database(request.getfixturevalue("postgres_server"))


@pytest.fixture
def postgres_db(postgres_server):
    """A new empty database on the throwaway PostgreSQL server (its URL)."""
    return new_postgres_database(postgres_server)
