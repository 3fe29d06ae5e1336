"""Figures: files are real PNG/SVG, the K-rich Na-K axes can be drawn on, bad input."""

from __future__ import annotations

import pytest

from semisolid.errors import InputError
from semisolid.plots.thermo import plot_k_rich_nak, write_thermo_figures
from semisolid.thermo.diagrams import binary_diagram


def test_k_rich_axes_marks_compositions(linak_db):
    d = binary_diagram(linak_db, ("Na", "K"), 250.0, 340.0, step_K=5.0)
    ax = plot_k_rich_nak(d, compositions=(0.95, 0.90))
    xs = sorted({round(float(ln.get_xdata()[0]), 6) for ln in ax.lines
                 if len(set(map(float, ln.get_xdata()))) == 1})
    assert 0.95 in xs and 0.9 in xs
    # the caller can draw on the returned axes (e.g. swing arrows)
    ax.annotate("", xy=(0.93, 295.0), xytext=(0.95, 295.0), arrowprops={"arrowstyle": "->"})
    assert ax.get_xlim()[0] == pytest.approx(0.8)


def test_k_rich_rejects_other_axis(linak_db):
    d = binary_diagram(linak_db, ("K", "Na"), 250.0, 300.0, step_K=10.0)
    with pytest.raises(InputError, match="K on the x axis"):
        plot_k_rich_nak(d)


def test_written_files_are_png_and_svg(linak_db, tmp_path):
    paths = write_thermo_figures(linak_db, tmp_path, which=["nak"])
    names = sorted(p.name for p in paths)
    assert names == ["nak_k_rich.png", "nak_k_rich.svg", "nak_phase_diagram.png",
                     "nak_phase_diagram.svg"]
    for p in paths:
        head = p.read_bytes()[:400]
        assert head.startswith(b"\x89PNG") if p.suffix == ".png" else b"<svg" in head
    assert not list(tmp_path.glob(".*"))  # no temporary files left behind
