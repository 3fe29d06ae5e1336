"""Fixtures of the reliability tests: the sample files and a runner of the real ``semisolid``
command in a child process (its own working folder, optional resource limits)."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

CLI = "import sys; from semisolid.cli import main; sys.argv[0] = 'semisolid'; main()"


@pytest.fixture(scope="session")
def echem(data_dir) -> Path:
    """Folder of the sample potentiostat files (see tests/data/SOURCES.md)."""
    return data_dir / "echem"


@pytest.fixture(scope="session")
def gcpl(echem) -> Path:
    """A 46,102-row galvanostatic .mpr file (navani)."""
    return echem / "navani" / "jdb11-1_c3_gcpl_5cycles_2V-3p8V_C-24_data_C09.mpr"


@pytest.fixture(scope="session")
def peis(echem) -> Path:
    """An EC-Lab .mpt impedance export (impedance.py)."""
    return echem / "impedance_py" / "exampleDataBioLogic.mpt"


def run_cli(args: list[str], *, cwd: Path | None = None, timeout: float = 120.0,
            address_space_bytes: int | None = None) -> subprocess.CompletedProcess:
    """Run ``semisolid ARGS`` in a child process; stdout/stderr as text."""

    def limit() -> None:
        if address_space_bytes is not None:
            resource.setrlimit(resource.RLIMIT_AS, (address_space_bytes,
                                                    resource.getrlimit(resource.RLIMIT_AS)[1]))

    env = dict(os.environ, SEMISOLID_PROGRESS="0", OPENBLAS_NUM_THREADS="1")
    return subprocess.run([sys.executable, "-c", CLI, *args], capture_output=True, text=True,
                          cwd=cwd, timeout=timeout, env=env, preexec_fn=limit)


@pytest.fixture(scope="session")
def cli():
    """``cli(args, cwd=..., timeout=..., address_space_bytes=...)``: the real command."""
    return run_cli


def one_line_error(r: subprocess.CompletedProcess) -> str:
    """The single ``error:`` line of a refused command (exit code 2, nothing else)."""
    assert r.returncode == 2, (r.returncode, r.stdout[-2000:], r.stderr[-2000:])
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), r.stderr[-3000:]
    assert "Traceback" not in r.stderr
    return lines[0]
