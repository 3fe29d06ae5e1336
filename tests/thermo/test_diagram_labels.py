"""Region labels of binary diagrams: inside the axes (after a draw, at any size and view),
inside their field, and at a state where the engine finds that field's two phases."""

from __future__ import annotations

import numpy as np
import pytest

from semisolid.plots.thermo import plot_binary_diagram, plot_k_rich_nak
from semisolid.thermo import equilibrium
from semisolid.thermo.diagrams import binary_diagram
from semisolid.thermo.diagrams.binary import FieldBoundary


def _draw(fig, dpi=100):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig.set_dpi(dpi)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return canvas.get_renderer()


def _labels(fig, renderer):
    """(axes, text, window extent) of every visible, non-empty text on the figure's axes."""
    out = []
    for ax in fig.axes:
        for t in ax.texts:
            if t.get_visible() and t.get_text().strip():
                out.append((ax, t, t.get_window_extent(renderer)))
    return out


def _check_figure(db, d, fig, dpi=100):
    """Every label inside its axes (and off its insets); every field label at a state with
    the field's phases. Returns the number of field labels drawn."""
    renderer = _draw(fig, dpi)
    comps = d.components
    n_fields = 0
    for ax, t, e in _labels(fig, renderer):
        box = ax.get_window_extent(renderer)
        assert box.x0 <= e.x0 and e.x1 <= box.x1 and box.y0 <= e.y0 and e.y1 <= box.y1, (
            t.get_text(), e, box)
        for child in ax.child_axes:  # an inset is not written over
            cb = child.get_window_extent(renderer)
            assert e.x1 <= cb.x0 or e.x0 >= cb.x1 or e.y1 <= cb.y0 or e.y0 >= cb.y1, (
                t.get_text(), e, cb)
        field = getattr(t, "field", None)
        if field is None:
            continue
        n_fields += 1
        x, temp = (float(v) for v in t.get_position())
        xlim, ylim = sorted(ax.get_xlim()), sorted(ax.get_ylim())
        assert xlim[0] < x < xlim[1] and ylim[0] < temp < ylim[1]
        r = equilibrium(db, {comps[0]: 1 - x, comps[1]: x}, temp)
        assert r.converged and sorted(r.phase_names) == sorted(field.phases), (
            field.phases, x, temp, r)
    return n_fields


@pytest.fixture(scope="module")
def nak(linak_db):
    return binary_diagram(linak_db, ("Na", "K"), 200.0, 400.0, step_K=2.0)


@pytest.mark.slow
def test_nak_labels_whole_and_zoomed(linak_db, nak):
    # the whole diagram (the report's figure) at two sizes and two dpi
    assert _check_figure(linak_db, nak, plot_binary_diagram(nak)) >= 5
    assert _check_figure(linak_db, nak, plot_binary_diagram(nak), dpi=300) >= 5
    from matplotlib.figure import Figure

    small = Figure(figsize=(3.0, 2.2), layout="constrained")
    plot_binary_diagram(nak, small.add_subplot())
    assert _check_figure(linak_db, nak, small) >= 1  # thin fields lose their labels
    # the K-rich end of Fig. 7a, with the whole diagram as an inset (not written over)
    assert _check_figure(linak_db, nak, plot_k_rich_nak(nak)) >= 2
    # zoomed views whose edges cut fields
    for xlim, ylim in (((0.8, 1.0), (240.0, 345.0)), ((0.3, 0.75), (250.0, 290.0)),
                       ((0.0, 0.1), (270.0, 380.0))):
        _check_figure(linak_db, nak, plot_binary_diagram(nak, xlim=xlim, ylim=ylim))


@pytest.mark.slow
@pytest.mark.parametrize("name, comps, t_range, views", [
    ("LiNaK", ("Li", "Na"), (300.0, 700.0), [None, ((0.0, 0.2), (350.0, 500.0))]),
    ("cumg.tdb", ("Cu", "Mg"), (600.0, 1400.0), [None, ((0.5, 1.0), (600.0, 1000.0))]),
    ("Al-Mg_Zhong.tdb", ("Al", "Mg"), (500.0, 950.0), [None, ((0.3, 0.7), (600.0, 800.0))]),
])
def test_labels_inside_the_axes_for_other_systems(load_tdb, name, comps, t_range, views):
    db = load_tdb(name)
    d = binary_diagram(db, comps, *t_range, step_K=5.0)
    for view in views:
        xlim, ylim = view if view else (None, None)
        n = _check_figure(db, d, plot_binary_diagram(d, xlim=xlim, ylim=ylim))
        if view is None:
            assert n >= 2


def test_label_point_fits_the_box_in_field_and_view():
    """A wedge-shaped field: the box lies between the boundaries at every temperature it
    spans, inside the view, and None where nothing fits."""
    t = np.linspace(300.0, 400.0, 11)
    f = FieldBoundary(("A", "B"), t, 0.1 + 0.0 * t, 0.2 + 0.6 * (t - 300.0) / 100.0)
    for xlim, ylim, w, h in (((0, 1), (300, 400), 0.2, 0.05), ((0.5, 1), (350, 450), 0.1, 0.1),
                             ((0, 1), (250, 450), 0.05, 0.2)):
        x, temp = f.label_point(xlim, ylim, w, h)
        sx, st = xlim[1] - xlim[0], ylim[1] - ylim[0]
        x0, x1 = x - 0.5 * w * sx, x + 0.5 * w * sx
        t0, t1 = temp - 0.5 * h * st, temp + 0.5 * h * st
        assert xlim[0] < x0 and x1 < xlim[1] and ylim[0] < t0 and t1 < ylim[1]
        tt = np.linspace(t0, t1, 50)
        assert t0 >= 300.0 and t1 <= 400.0
        assert np.all(np.interp(tt, t, f.x_left) <= x0 + 1e-12)
        assert np.all(np.interp(tt, t, f.x_right) >= x1 - 1e-12)
    assert f.label_point((0, 1), (300, 400), 0.75, 0.05) is None      # wider than the field
    assert f.label_point((0.9, 1), (300, 400), 0.01, 0.01) is None   # field not in view
    assert f.label_point((0, 1), (300, 400), 0.05, 1.2) is None       # taller than the view


@pytest.mark.slow
def test_labels_survive_pickling_and_inverted_axes(linak_db, nak):
    import pickle

    fig = plot_binary_diagram(nak)
    copy = pickle.loads(pickle.dumps(fig))
    assert _check_figure(linak_db, nak, copy) >= 5
    fig = plot_binary_diagram(nak)
    fig.axes[0].invert_xaxis()
    assert _check_figure(linak_db, nak, fig) >= 5
