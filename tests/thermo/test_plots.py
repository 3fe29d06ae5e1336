"""Figures: files are real PNG/SVG/PDF, the K-rich Na-K axes can be drawn on, bad input, and
plots never touch the matplotlib backend or pyplot's figure registry."""

from __future__ import annotations

import pytest

from semisolid.errors import InputError
from semisolid.paper import ELECTRODES
from semisolid.plots import save_figure
from semisolid.plots.thermo import plot_binary_diagram, plot_k_rich_nak
from semisolid.thermo.diagrams import binary_diagram
from semisolid.thermo.figures import write_thermo_figures


def _vertical_lines(ax):
    return sorted({round(float(ln.get_xdata()[0]), 6) for ln in ax.lines
                   if len(set(map(float, ln.get_xdata()))) == 1})


@pytest.mark.slow
def test_k_rich_axes_marks_compositions(linak_db):
    d = binary_diagram(linak_db, ("Na", "K"), 250.0, 340.0, step_K=5.0)
    fig = plot_k_rich_nak(d, compositions=(0.95, 0.90))
    ax = fig.axes[0]
    xs = _vertical_lines(ax)
    assert 0.95 in xs and 0.9 in xs
    # the caller can draw on the returned figure's axes (e.g. swing arrows)
    ax.annotate("", xy=(0.93, 295.0), xytext=(0.95, 295.0), arrowprops={"arrowstyle": "->"})
    assert ax.get_xlim()[0] == pytest.approx(0.8)
    # by default the paper's electrodes A and B are marked
    default = _vertical_lines(plot_k_rich_nak(d).axes[0])
    assert {round(e.composition["K"], 6) for e in ELECTRODES.values()} <= set(default)


@pytest.mark.slow
def test_k_rich_rejects_other_axis(linak_db):
    d = binary_diagram(linak_db, ("K", "Na"), 250.0, 300.0, step_K=10.0)
    with pytest.raises(InputError, match="K on the x axis"):
        plot_k_rich_nak(d)


@pytest.mark.slow
def test_plot_draws_on_the_given_axes(linak_db):
    from matplotlib.figure import Figure

    d = binary_diagram(linak_db, ("Na", "K"), 250.0, 340.0, step_K=5.0)
    host = Figure()
    axes = host.subplots(1, 2)
    assert plot_binary_diagram(d, axes[1]) is host
    assert axes[1].lines and not axes[0].lines


@pytest.mark.slow  # computes the whole Na-K diagram at 1 K steps
def test_written_files_are_png_and_svg(linak_db, tmp_path):
    paths = write_thermo_figures(linak_db, tmp_path, which=["nak"])
    names = sorted(p.name for p in paths)
    assert names == ["nak_k_rich.png", "nak_k_rich.svg", "nak_phase_diagram.png",
                     "nak_phase_diagram.svg"]
    for p in paths:
        head = p.read_bytes()[:400]
        assert head.startswith(b"\x89PNG") if p.suffix == ".png" else b"<svg" in head
    assert not list(tmp_path.glob(".*"))  # no temporary files left behind
    with pytest.raises(InputError, match="unknown figure 'nakk'"):
        write_thermo_figures(linak_db, tmp_path, which=["nakk"])


@pytest.mark.slow
def test_save_figure_writes_what_the_suffix_asks(tmp_path):
    from matplotlib.figure import Figure
    from PIL import Image

    fig = Figure(figsize=(2.0, 1.0))
    fig.add_subplot().plot([0, 1], [0, 1])
    png = save_figure(fig, tmp_path / "f.png")
    with Image.open(png) as im:        # 300 dpi by default (cropped to the drawing)
        assert im.format == "PNG"
        assert 300 < im.size[0] <= 600
    small = save_figure(fig, tmp_path / "g.png", dpi=100)
    with Image.open(small) as im:
        assert im.size[0] <= 200
    assert save_figure(fig, tmp_path / "f.pdf").read_bytes().startswith(b"%PDF-")
    assert b"<svg" in save_figure(fig, tmp_path / "sub" / "f.svg").read_bytes()[:400]
    with pytest.raises(InputError, match=r"path: cannot write a figure as '\.jpg'"):
        save_figure(fig, tmp_path / "f.jpg")
    assert not (tmp_path / "f.jpg").exists()
    assert not list(tmp_path.glob(".*"))


@pytest.mark.slow
def test_plots_leave_the_backend_and_pyplot_alone(linak_db):
    import matplotlib

    backend = matplotlib.rcParams._get_backend_or_none()
    d = binary_diagram(linak_db, ("Na", "K"), 250.0, 340.0, step_K=10.0)
    fig = plot_k_rich_nak(d)
    assert fig.canvas.manager is None          # not registered with pyplot
    assert matplotlib.rcParams._get_backend_or_none() == backend
