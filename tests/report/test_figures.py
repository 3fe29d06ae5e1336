"""Every figure of the report: a 300 dpi PNG and an SVG, nothing drawn outside the figure, and
every label written on a plot inside its axes."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from PIL import Image


def _agg(fig):
    """Draw a figure on an Agg canvas; return its renderer."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return canvas.get_renderer()


def _names(report) -> list[str]:
    return [n.removeprefix("figures/").removesuffix(".png") for n in
            json.loads(report.numbers_path.read_text())["figures"]]


@pytest.mark.slow  # builds the quick report (about 30 s), once per session
def test_every_figure_is_a_300_dpi_png_and_an_svg(quick_report):
    numbers = json.loads(quick_report.numbers_path.read_text())
    names = _names(quick_report)
    assert len(names) >= 13 and set(numbers["figure_files"]) == set(names)
    for name in names:
        files = numbers["figure_files"][name]
        assert files == [f"figures/{name}.png", f"figures/{name}.svg"], name
        with Image.open(quick_report.out_dir / files[0]) as im:
            assert im.info["dpi"] == pytest.approx((300, 300), abs=0.01), name
            assert im.width >= 3.5 * 300, (name, im.width)  # at least 3.5 in wide
        root = ET.parse(quick_report.out_dir / files[1]).getroot()
        assert root.tag.endswith("svg"), name
        assert numbers["captions"][name].strip(), name


@pytest.mark.slow  # builds the quick report (about 30 s), once per session
def test_nothing_is_drawn_outside_a_figure(quick_report_and_figures):
    """The drawn content (every tick label, title, legend and annotation) lies inside the
    figure, so that a figure saved without cropping loses nothing."""
    report, figs = quick_report_and_figures
    names = _names(report)
    assert len(figs) == len(names)
    for name, fig in zip(names, figs, strict=True):
        renderer = _agg(fig)
        tight = fig.get_tightbbox(renderer)            # inches
        w, h = fig.get_size_inches()
        tol = 2.0 / fig.dpi
        assert tight.x0 >= -tol and tight.y0 >= -tol, (name, tight)
        assert tight.x1 <= w + tol and tight.y1 <= h + tol, (name, tight, (w, h))


@pytest.mark.slow  # builds the quick report (about 30 s), once per session
def test_labels_on_a_plot_stay_inside_its_axes(quick_report_and_figures):
    """Text written on a plot (region labels, annotations, percentages) lies inside its axes."""
    report, figs = quick_report_and_figures
    outside = []
    for name, fig in zip(_names(report), figs, strict=True):
        renderer = _agg(fig)
        for ax in fig.axes:
            box = ax.get_window_extent(renderer)
            for t in ax.texts:
                if not t.get_visible() or not t.get_text().strip():
                    continue
                e = t.get_window_extent(renderer)
                if (e.x0 < box.x0 - 1 or e.x1 > box.x1 + 1 or e.y0 < box.y0 - 1
                        or e.y1 > box.y1 + 1):
                    outside.append((name, t.get_text()))
    assert outside == []


def _palette_or_grey(rgb) -> bool:
    """A grey, an Okabe-Ito colour, or one lightened towards white (ternary fields)."""
    import numpy as np
    from matplotlib.colors import to_rgb

    from semisolid.plots.palette import OKABE_ITO

    c = np.asarray(rgb[:3], dtype=float)
    if np.ptp(c) < 0.02:
        return True
    for p in (np.asarray(to_rgb(v)) for v in OKABE_ITO.values()):
        d = 1.0 - p                            # c = 1 - t (1 - p), t in (0, 1]
        t = float(np.dot(1.0 - c, d) / max(np.dot(d, d), 1e-12))
        if 0.0 < t <= 1.0 + 1e-6 and np.abs(1.0 - t * d - c).max() < 2.5 / 255:
            return True
    return False


@pytest.mark.slow  # builds the quick report (about 30 s), once per session
def test_every_figure_uses_the_colour_blind_safe_palette(quick_report_and_figures):
    """Lines, markers and filled areas take the Okabe-Ito colours (or greys); matplotlib's
    default cycle (red next to green) appears nowhere."""
    from matplotlib.colors import to_hex, to_rgba

    report, figs = quick_report_and_figures
    other = set()
    for name, fig in zip(_names(report), figs, strict=True):
        for ax in fig.axes:
            colours = [line.get_color() for line in ax.lines]
            for coll in ax.collections:
                colours += [*coll.get_facecolors(), *coll.get_edgecolors()]
            other |= {(name, to_hex(c)) for c in colours
                      if to_rgba(c)[3] > 0 and not _palette_or_grey(to_rgba(c))}
    assert other == set()
