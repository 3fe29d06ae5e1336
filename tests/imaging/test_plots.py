"""The overlay figures: they only draw, on a given Axes or on a new Figure, never via pyplot."""

from __future__ import annotations

import sys

import numpy as np
import pytest
from matplotlib.figure import Figure

from semisolid.imaging import measure_contact_angle, measure_electrode_area
from semisolid.imaging.synthetic import render_electrode, render_sessile_drop
from semisolid.plots.imaging import plot_contact_angle, plot_electrode_area


@pytest.fixture(scope="module")
def drop_result():
    d = render_sessile_drop(110.0, 1.0, shape=(160, 220), half_width_px=60.0,
                            reflection=0.5)
    return measure_contact_angle(d.image)


@pytest.fixture(scope="module")
def area_result():
    e = render_electrode(shape=(260, 260), disc_radius_px=100.0, metal_radius_px=55.0,
                         scale_bar_px=100.0, glare=3)
    return measure_electrode_area(e.image, reference_m=5e-3, reference="scale_bar")


@pytest.mark.slow
def test_contact_angle_overlay(drop_result, tmp_path):
    fig = plot_contact_angle(drop_result)
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any(lbl.startswith("baseline") for lbl in labels)
    assert any(lbl.startswith("Young-Laplace") for lbl in labels)
    assert any(lbl.startswith("ellipse fit") for lbl in labels)
    fig.savefig(tmp_path / "o.png")
    assert (tmp_path / "o.png").stat().st_size > 1000


@pytest.mark.slow
def test_draws_on_a_given_axes(drop_result, area_result):
    fig = Figure()
    ax1, ax2 = fig.subplots(1, 2)
    assert plot_contact_angle(drop_result, ax=ax1, zoom=False) is fig
    assert plot_electrode_area(area_result, ax=ax2) is fig
    assert len(fig.axes) == 2


@pytest.mark.slow
def test_electrode_overlay(area_result):
    fig = plot_electrode_area(area_result)
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert labels[0] == "metal"
    assert "electrolyte disc" in labels
    assert any(lbl.startswith("scale bar 5 mm") for lbl in labels)


@pytest.mark.slow
def test_no_pyplot_figures(drop_result):
    before = None
    if "matplotlib.pyplot" in sys.modules:
        before = list(sys.modules["matplotlib.pyplot"].get_fignums())
    plot_contact_angle(drop_result)
    if before is not None:
        assert sys.modules["matplotlib.pyplot"].get_fignums() == before


def test_overlay_without_image(drop_result):
    """A result rebuilt without its image (for example from a catalog) still draws."""
    from dataclasses import replace

    fig = plot_contact_angle(replace(drop_result, image=None))
    assert len(fig.axes[0].images) == 0
    assert np.isfinite(fig.axes[0].get_xlim()).all()


@pytest.mark.slow
def test_save_overlay_writes_one_file(drop_result, area_result, tmp_path):
    p = drop_result.save_overlay(tmp_path / "drop.png", dpi=60)
    q = area_result.save_overlay(tmp_path / "area.pdf", dpi=60)
    assert p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert q.read_bytes()[:4] == b"%PDF"
    assert sorted(f.name for f in tmp_path.iterdir()) == ["area.pdf", "drop.png"]


@pytest.mark.slow
def test_tables_and_lines_for_printing(drop_result, area_result):
    (_, c1, rows1), (_, _, rows2) = drop_result.tables()
    assert c1[:2] == ["method", "side"] and len(rows1) == 4
    assert rows2[0][0] == "Bond number"
    assert drop_result.lines()[0].startswith("contact angle (Young-Laplace")
    (title, _, rows), = area_result.tables()
    assert title == "electrode area" and rows[0][0] == "area (cm2)"
    assert any(line.startswith("note:") for line in area_result.lines())
