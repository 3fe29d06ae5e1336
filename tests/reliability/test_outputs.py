"""Outputs: no command writes over a device, FIFO, folder or one of its inputs, no empty
output path, temporaries with a recognisable name that the next run removes, and a report
folder that is replaced whole or not at all.

Cases of the bad-input campaign: ``cells --db c.sqlite --csv c.sqlite`` replaced the catalog
with CSV; a device or FIFO given as ``--csv``, ``--out`` or the export target was replaced
by a regular file (all exit 0); ``reproduce --out ''`` wrote into the working folder.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from semisolid._util import (
    TEMP_TAG,
    atomic_folder,
    atomic_output,
    atomic_write_text,
    check_output_path,
    protected_inputs,
    remove_stale_temporaries,
)
from semisolid.cli import app
from semisolid.errors import InputError

runner = CliRunner()


@pytest.fixture()
def fifo(tmp_path) -> Path:
    p = tmp_path / "pipe.csv"
    os.mkfifo(p)
    return p


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def _kind(p: str | Path) -> int:
    return stat.S_IFMT(os.stat(p).st_mode)


# ----------------------------------------------------------------------------- the guard

def test_guard_refuses_special_files_folders_and_empty_paths(tmp_path, fifo):
    for target, what in [("", "empty output path"), ("/dev/null", "character device"),
                         (fifo, "FIFO"), (tmp_path, "is a folder")]:
        with pytest.raises(InputError, match=what):
            check_output_path(target)
    broken = tmp_path / "link.csv"
    broken.symlink_to(tmp_path / "nowhere" / "x.csv")
    with pytest.raises(InputError, match="broken symbolic link"):
        check_output_path(broken)
    assert check_output_path(tmp_path / "new.csv") == tmp_path / "new.csv"
    assert check_output_path(tmp_path, folder=True) == tmp_path


@pytest.mark.slow
def test_every_library_writer_refuses_a_device_fifo_or_folder(tmp_path, fifo, peis):
    """Each writer is refused before it computes or writes anything, and the target keeps
    its kind (a device stays a device, a FIFO a FIFO)."""
    from matplotlib.figure import Figure

    from semisolid.electrode.workflows import find_design_window, write_design_map
    from semisolid.io import read, write
    from semisolid.io.workflows import export_file
    from semisolid.microstructure.workflows import run_microstructure
    from semisolid.models.workflows import run_virtual_cell
    from semisolid.plots import save_figure
    from semisolid.report.reproduce import build_report

    rec = read(peis)
    writers = {
        "io.write": lambda p: write(rec, p, format="csv"),
        "export_file": lambda p: export_file(peis, p),
        "save_figure": lambda p: save_figure(Figure(), p),
        "atomic_write_text": lambda p: atomic_write_text(p, "x"),
        "write_design_map": lambda p: write_design_map(
            p, ["K", "Na"], "K", [0.9], [1e4], [295.0], volume_m3=1e-8, diameter_m=7e-3),
        "design map PNG": lambda p: write_design_map(
            tmp_path / "m.csv", ["K", "Na"], "K", [0.9], [1e4], [295.0], volume_m3=1e-8,
            diameter_m=7e-3, png_path=p),
        "design window PNG": lambda p: find_design_window(
            ["K", "Na"], "K", [1e4], [295.0], volume_m3=1e-8, diameter_m=7e-3, png_path=p),
        "microstructure PNG": lambda p: run_microstructure(0.5, size_px=16, n_nuclei=4,
                                                           image_path=p),
        "virtual cell": lambda p: run_virtual_cell("K/KBA/K", out=p),
    }
    for name, write_to in writers.items():
        for target in ["/dev/null", fifo, tmp_path / "folder"]:
            Path(tmp_path / "folder").mkdir(exist_ok=True)
            before = _kind(target)
            with pytest.raises(InputError):
                write_to(target)
            assert _kind(target) == before, (name, target)
    for target in ["", "/dev/null", fifo, tmp_path / "file.txt"]:
        Path(tmp_path / "file.txt").write_text("mine")
        with pytest.raises(InputError):
            build_report(target, quick=True, only=["other"])
    assert (tmp_path / "file.txt").read_text() == "mine"
    assert not (tmp_path / "m.csv").exists()


def test_an_output_that_is_an_input_is_refused(tmp_path, peis):
    from semisolid.io import read, write
    from semisolid.io.workflows import export_file

    copy = tmp_path / "cell.csv"
    copy.write_text("time/s,Ewe/V,control/mA\n0,0.1,1\n1,0.1,1\n")
    original = copy.read_bytes()
    link = tmp_path / "hardlink.csv"
    os.link(copy, link)
    for out in (copy, link):
        with pytest.raises(InputError, match="is one of the inputs"):
            export_file(copy, out)
    rec = read(copy)
    with pytest.raises(InputError, match="the file the record was read from; inputs are"):
        write(rec, link)
    # a file a writer adds beside the one named (<stem>_eis.csv) is protected too
    eis = tmp_path / "v_eis.csv"
    eis.write_text("freq/Hz,Re(Z)/Ohm,-Im(Z)/Ohm\n1000,10,1\n1,20,5\n")
    from semisolid.models.virtual_cell import simulate_cell

    cell = simulate_cell("K/KBA/K", seed=1)
    with protected_inputs([eis]), pytest.raises(InputError, match="is one of the inputs"):
        write(cell, tmp_path / "v.csv", what="cycling+spectra")
    assert copy.read_bytes() == original and eis.read_text().startswith("freq/Hz")


# ----------------------------------------------------------------------------- the CLI

@pytest.fixture()
def catalog(tmp_path) -> Path:
    from semisolid.ccd.catalog import Catalog

    p = tmp_path / "c.sqlite"
    Catalog(p).close()
    return p


def _refused(args: list[str], *shown: str) -> str:
    r = runner.invoke(app, [str(a) for a in args])
    assert r.exit_code == 2, (r.output, r.exception)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), r.stderr
    for s in shown:
        assert s in lines[0], lines[0]
    return lines[0]


@pytest.mark.slow
def test_cells_csv_onto_its_catalog_is_refused(catalog):
    before = catalog.read_bytes()
    _refused(["cells", "--db", catalog, "--csv", catalog], "--csv", "--db", "inputs are never")
    assert catalog.read_bytes() == before


@pytest.mark.slow
def test_cli_outputs_onto_devices_fifos_and_inputs_are_refused(tmp_path, fifo, peis, catalog):
    _refused(["export", peis, "/dev/null"], "OUT", "character device")
    _refused(["export", peis, fifo], "OUT", "FIFO")
    _refused(["export", peis, peis], "inputs are never")
    _refused(["cells", "--db", catalog, "--csv", "/dev/null"], "--csv", "character device")
    _refused(["cells", "--db", "/dev/null"], "--db", "character device")
    _refused(["ccd", peis, "--db", "/dev/zero"], "--db", "character device")
    _refused(["simulate", "cell", "--preset", "K/KBA/K", "--out", "/dev/null"], "--out")
    _refused(["microstructure", "--preset", "B", "--size", "16", "--out", fifo], "--out")
    _refused(["design-map", "--x", "0.9", "--areal-capacity", "1mAh/cm2", "--volume", "10uL",
              "--diameter", "7.14mm", "-o", "/dev/null"], "--output", "character device")
    _refused(["reproduce", "--out", "/dev/null"], "--out", "character device")
    _refused(["phase-diagram", "K-Na", "--out", fifo], "--out")
    assert _kind(fifo) == stat.S_IFIFO and _kind("/dev/null") == stat.S_IFCHR


@pytest.mark.slow
def test_reproduce_with_an_empty_out_writes_nothing(tmp_path, cli):
    from .conftest import one_line_error

    line = one_line_error(cli(["reproduce", "--quick", "--out", ""], cwd=tmp_path))
    assert "--out" in line and "empty" in line
    assert list(tmp_path.iterdir()) == []


# ----------------------------------------------------------------------------- temporaries

def test_temporaries_are_recognisable_and_stale_ones_are_removed(tmp_path):
    target = tmp_path / "table.csv"
    with atomic_output(target) as tmp:
        assert tmp.parent == tmp_path and tmp.name.startswith(".table.csv" + TEMP_TAG)
        assert str(os.getpid()) in tmp.name
        tmp.write_text("x")
    host = tmp.name.split(TEMP_TAG)[1].split("-")[0]
    dead = tmp_path / f".old.csv{TEMP_TAG}{host}-{_dead_pid()}-0000.csv"
    live = tmp_path / f".mine.csv{TEMP_TAG}{host}-{os.getppid()}-0000.csv"
    aged = tmp_path / f".aged.csv{TEMP_TAG}otherhost-1-0000.csv"
    fresh = tmp_path / f".fresh.csv{TEMP_TAG}otherhost-1-0000.csv"
    stale_dir = tmp_path / f".report{TEMP_TAG}{host}-{_dead_pid()}-0000"
    for p in (dead, live, aged, fresh):
        p.write_text("half")
    stale_dir.mkdir()
    (stale_dir / "index.html").write_text("half")
    day_ago = time.time() - 2 * 86400
    os.utime(aged, (day_ago, day_ago))
    not_ours = tmp_path / ".table.csv.tmp"
    not_ours.write_text("someone else's")
    atomic_write_text(target, "next run")  # the next write removes the stale temporaries
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [target.name, live.name, fresh.name, not_ours.name])
    assert target.read_text() == "next run"


def test_a_failed_write_leaves_the_previous_file(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("previous")
    with pytest.raises(RuntimeError), atomic_output(target) as tmp:
        tmp.write_text("half")
        raise RuntimeError("killed")
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]
    assert target.read_text() == "previous"


# ----------------------------------------------------------------------------- folders

def test_folder_swap_refuses_foreign_content_and_the_working_folder(tmp_path, monkeypatch):
    from semisolid.report.reproduce import is_report_folder

    mine = tmp_path / "notes"
    mine.mkdir()
    (mine / "thesis.tex").write_text("mine")
    with pytest.raises(InputError, match="not a previous semisolid report"), \
            atomic_folder(mine, replaceable=is_report_folder, what="semisolid report"):
        pass
    assert (mine / "thesis.tex").read_text() == "mine"
    report = tmp_path / "report"
    report.mkdir()
    (report / "index.html").write_text("old")
    monkeypatch.chdir(report)
    with pytest.raises(InputError, match="working folder"), \
            atomic_folder(report, replaceable=is_report_folder):
        pass
    assert (report / "index.html").read_text() == "old"


def test_a_swap_killed_between_its_renames_is_rolled_back(tmp_path):
    """Where the one-step exchange is not available the swap is two renames; a kill between
    them leaves the previous report under a temporary name, which the next run puts back."""
    import semisolid._util as util

    host = util._host()
    old = tmp_path / f".report{TEMP_TAG}{host}-{_dead_pid()}-0000.old"
    new = tmp_path / f".report{TEMP_TAG}{host}-{_dead_pid()}-0001"
    old.mkdir()
    (old / "index.html").write_text("previous report")
    new.mkdir()
    (new / "index.html").write_text("new report, never swapped in")
    remove_stale_temporaries(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["report"]
    assert (tmp_path / "report" / "index.html").read_text() == "previous report"


def test_report_folder_is_replaced_whole(tmp_path):
    from semisolid.report.reproduce import build_report

    out = tmp_path / "report"
    out.mkdir()
    (out / "figures").mkdir()
    (out / "figures" / "from_an_old_version.png").write_bytes(b"old")
    (out / "index.html").write_text("old")
    r = build_report(out, quick=True, show_progress=False, only=["other"])
    assert r.errors == [] and r.html_path == out / "index.html"
    assert not (out / "figures" / "from_an_old_version.png").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report"]


# ----------------------------------------------------------------------------- spreadsheets

def test_csv_text_cells_never_start_a_formula():
    """Text cells that a spreadsheet would run (``=``, ``+``, ``-``, ``@``, tab, CR) get a
    leading quote; numbers, negative ones included, stay numbers."""
    import csv
    import io

    from semisolid._util import spreadsheet_cell
    from semisolid.report.reproduce import _csv_text

    cells = ['=HYPERLINK("http://example.org","x")', "+1+2", "-cmd|' /C calc'!A0", "@SUM(A1)",
             "\t=1", "-1.5", "+2e3", -2.5, 7, "Li", "K=0.95,Na=0.05"]
    text = _csv_text([spreadsheet_cell(c) if isinstance(c, str) else str(c) for c in cells],
                     [cells])
    header, row = list(csv.reader(io.StringIO(text)))
    for got in (header, row):
        for cell in got:
            if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
                float(cell)  # only numbers may start so
    assert row[5:9] == ["-1.5", "+2e3", "-2.5", "7"]
    assert row[0] == "'" + cells[0] and row[9:] == ["Li", "K=0.95,Na=0.05"]
