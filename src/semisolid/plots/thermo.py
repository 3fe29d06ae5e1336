"""Figures of the thermodynamics: binary T-x diagrams, the Li-Na-K section, Li solubility.

Every function draws an object computed by :mod:`semisolid.thermo.diagrams` on the given
``ax`` (or on a new figure) and returns the Figure, so that other drawings (e.g. the swing
arrows of Fig. 7a) can go on top. :func:`semisolid.thermo.figures.write_thermo_figures`
computes and writes the paper's set.

Examples
--------
>>> from semisolid.thermo import load_database
>>> from semisolid.thermo.diagrams import binary_diagram
>>> d = binary_diagram(load_database(), ("Na", "K"), 250.0, 350.0, step_K=5.0)
>>> fig = plot_binary_diagram(d)
>>> fig.axes[0].get_xlabel()
'x_K (mole fraction)'
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import numpy as np

from semisolid.plots._figure import axes_or_new
from semisolid.plots.palette import ACCENT, CYCLE

__all__ = [
    "plot_binary_diagram",
    "plot_k_rich_nak",
    "plot_solubility",
    "plot_ternary_section",
]

_COLORS = list(CYCLE)


def plot_binary_diagram(diagram, ax=None, *, xlim: tuple[float, float] | None = None,
                        ylim: tuple[float, float] | None = None, label_invariants: bool = True,
                        title: str | None = None):
    """Draw a binary T-x diagram: two-phase field boundaries and invariant lines.

    Parameters
    ----------
    diagram : semisolid.thermo.diagrams.BinaryDiagram
    ax : matplotlib Axes, optional
    xlim, ylim : pair of float, optional
        Axis limits (mole fraction of the axis element; K).
    label_invariants : bool
        Write the kind and temperature of each invariant next to its line.
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from semisolid.thermo import load_database
    >>> from semisolid.thermo.diagrams import binary_diagram
    >>> d = binary_diagram(load_database(), ("Li", "Na"), 350.0, 600.0, step_K=10.0)
    >>> plot_binary_diagram(d, xlim=(0, 1)).axes[0].get_ylabel()
    'T (K)'
    """
    fig, ax = axes_or_new(ax, (6, 4.5))
    for k, f in enumerate(diagram.fields):
        c = _COLORS[k % len(_COLORS)]
        ax.plot(f.x_left, f.temperature_K, color=c, lw=1.4)
        ax.plot(f.x_right, f.temperature_K, color=c, lw=1.4)
        if f.temperature_K.size > 3:
            _add(ax, _FieldLabel(f, " + ".join(f.phases), fontsize=7, color=c))
    el = diagram.axis_element
    for inv in diagram.invariants:
        xs = [p.composition[el] for p in inv.phases]
        if inv.kind == "critical point":
            ax.plot(xs, [inv.temperature_K], "o", color="k", ms=4)
        else:
            ax.plot([min(xs), max(xs)], [inv.temperature_K] * 2, color="k", lw=1.0)
        if label_invariants:
            _add(ax, _InvariantLabel((min(xs), max(xs)), inv.temperature_K,
                                     f"{inv.kind} {inv.temperature_K:.1f} K", fontsize=7))
    ax.set_xlabel(f"x_{el} (mole fraction)")
    ax.set_ylabel("T (K)")
    ax.set_xlim(*(xlim or (0.0, 1.0)))
    if ylim is not None:
        ax.set_ylim(*ylim)
    else:
        ax.set_ylim(diagram.temperatures_K[0], diagram.temperatures_K[-1])
    ax.set_title(title or f"{diagram.components[0]}-{diagram.components[1]}")
    return fig


def plot_k_rich_nak(diagram, ax=None, *, x_min: float = 0.8, inset: bool = True,
                    compositions: Sequence[float] | None = None):
    """The K-rich end of the Na-K diagram with the whole diagram as an inset (Fig. 7a style).

    Vertical lines mark the electrode compositions (the paper's A and B by default).
    The main Axes is ``fig.axes[0]``: draw swing arrows on it.

    Parameters
    ----------
    diagram : BinaryDiagram
        A Na-K diagram whose axis element is K (``binary_diagram(db, ("Na", "K"), ...)``).
    ax : matplotlib Axes, optional
    x_min : float
        Left limit of the K-rich window (mole fraction K).
    inset : bool
        Draw the whole diagram in an inset.
    compositions : sequence of float, optional
        Mole fractions of K marked by vertical lines (default: electrodes A and B of
        :mod:`semisolid.paper`).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from semisolid.thermo import load_database
    >>> from semisolid.thermo.diagrams import binary_diagram
    >>> d = binary_diagram(load_database(), ("Na", "K"), 250.0, 350.0, step_K=5.0)
    >>> fig = plot_k_rich_nak(d)
    >>> [float(v) for v in fig.axes[0].get_xlim()]
    [0.8, 1.0]
    """
    from semisolid.errors import InputError

    if diagram.axis_element != "K":
        raise InputError("expected a Na-K diagram with K on the x axis "
                         "(binary_diagram(db, ('Na', 'K'), ...))", "diagram")
    if compositions is None:
        from semisolid.paper import ELECTRODES

        compositions = [e.composition["K"] for e in ELECTRODES.values()]
    fig, ax = axes_or_new(ax, (6, 4.5))
    plot_binary_diagram(diagram, ax, xlim=(x_min, 1.0), label_invariants=False,
                        title="Na-K, K-rich end",
                        ylim=(max(diagram.temperatures_K[0], 240.0),
                              min(diagram.temperatures_K[-1], 345.0)))
    for x, c, name in zip(compositions, CYCLE, "ABC",
                          strict=False):
        ax.axvline(x, color=c, lw=1.0, ls="--")
        ax.text(x, ax.get_ylim()[1], f" {name}", color=c, va="top", fontsize=8)
    if inset:
        sub = ax.inset_axes([0.06, 0.55, 0.38, 0.4])
        plot_binary_diagram(diagram, sub, label_invariants=False, title="")
        for t in sub.texts[:]:
            t.remove()
        sub.tick_params(labelsize=6)
        sub.set_xlabel("")
        sub.set_ylabel("")
        sub.set_title("")
    return fig


def plot_ternary_section(section, ax=None, *, show_regions: bool = True):
    """An isothermal ternary section (mpltern): regions, tie lines, three-phase triangles.

    Parameters
    ----------
    section : semisolid.thermo.diagrams.TernarySection
    ax : mpltern ternary Axes, optional
    show_regions : bool
        Colour the grid points by phase region.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from semisolid.thermo import load_database
    >>> from semisolid.thermo.diagrams import ternary_section
    >>> s = ternary_section(load_database(), ("Li", "Na", "K"), 300.0, step=0.05,
    ...                     n_tie_lines=5)
    >>> plot_ternary_section(s).axes[0].name
    'ternary'
    """
    import mpltern  # noqa: F401  (registers the "ternary" projection)

    fig, ax = axes_or_new(ax, (6, 5.5), projection="ternary")
    comps = section.components
    handles = []
    if show_regions:
        from matplotlib.lines import Line2D

        # marker size from the grid step, so that the points of a region tile it
        xs = np.unique(np.round(section.x[:, 0], 9))
        step = float(np.min(np.diff(xs))) if xs.size > 1 else 0.05
        width_pt = ax.get_position().width * fig.get_size_inches()[0] * 72
        size = (1.2 * step * width_pt) ** 2
        from matplotlib.colors import to_rgb

        # opaque tints (no seams where points overlap); the liquid in full colour
        others = iter([c for c in _COLORS if c not in (ACCENT, "#000000")] * 3)
        for reg in section.region_names:
            sel = section.region == reg
            x = section.x[sel]
            c = ACCENT if reg == "LIQUID" else tuple(
                0.5 * v + 0.5 for v in to_rgb(next(others)))
            ax.scatter(x[:, 0], x[:, 1], x[:, 2], s=size, color=c, marker="h",
                       linewidths=0)
            handles.append(Line2D([], [], ls="none", marker="h", ms=8, color=c,
                                  label=reg or "?"))
    for tl in section.tie_lines:
        a, b = tl.phases
        ax.plot([a.composition[comps[0]], b.composition[comps[0]]],
                [a.composition[comps[1]], b.composition[comps[1]]],
                [a.composition[comps[2]], b.composition[comps[2]]], color="0.25", lw=0.5)
    for tri in section.three_phase:
        pts = [*tri.phases, tri.phases[0]]
        ax.plot([p.composition[comps[0]] for p in pts], [p.composition[comps[1]] for p in pts],
                [p.composition[comps[2]] for p in pts], color="k", lw=1.2)
    ax.set_tlabel(comps[0])
    ax.set_llabel(comps[1])
    ax.set_rlabel(comps[2])
    ax.set_title(f"{'-'.join(comps)} at {section.temperature_K:g} K", pad=20)
    if handles:
        ax.legend(handles=handles, fontsize=7, loc="upper left", bbox_to_anchor=(0.72, 1.02),
                  title="phase region", title_fontsize=7, frameon=False)
    return fig


def plot_solubility(curve, ax=None):
    """Solubility of the solute in the phase along the two-phase field (Fig. 7c style).

    Examples
    --------
    >>> from semisolid.thermo import load_database
    >>> from semisolid.thermo.diagrams import solubility
    >>> fig = plot_solubility(solubility(load_database(), "Li", n=11))
    >>> fig.axes[0].get_yscale()
    'log'
    """
    fig, ax = axes_or_new(ax, (5, 4))
    a, b = curve.ratio_elements
    ax.semilogy(curve.ratio, 100 * curve.x_solute, "o-", color=CYCLE[0], ms=3)
    ax.set_xlabel(f"{a}/({a}+{b}) in {curve.phase}")
    ax.set_ylabel(f"{curve.solute} in {curve.phase} (mol%)")
    ax.set_title(f"{curve.solute} solubility, {curve.phase} + {curve.coexisting}, "
                 f"{curve.temperature_K:g} K", fontsize=9)
    return fig


# ----------------------------------------------------------------------------- labels
# Labels are placed when drawn, from the Axes' final size (after the layout engine and at
# the output's dpi): a label that cannot lie inside the axes (and, for a field, inside its
# field) is not drawn.

_PAD_PT = 3.0
"""Smallest distance (points) of a label from the axes frame."""


@functools.cache
def _make_label_classes():
    from matplotlib.text import Text

    class FieldLabel(Text):
        """The name of a two-phase field, drawn where its box fits inside the field and the
        axes (:meth:`~semisolid.thermo.diagrams.FieldBoundary.label_point`), else not at
        all."""

        def __init__(self, field, text, **kw):
            super().__init__(*field.label_position, text, ha="center", va="center", **kw)
            self.field = field
            self.set_in_layout(False)

        def draw(self, renderer):
            ax = self.axes
            self.set_visible(True)
            box = ax.get_window_extent(renderer)
            ext = self.get_window_extent(renderer)
            pad = max(_PAD_PT * renderer.points_to_pixels(1.0) / min(box.width, box.height),
                      0.005) if box.width > 0 and box.height > 0 else 1.0
            p = None
            if box.width > 0 and box.height > 0:
                avoid = []  # insets drawn on these axes
                for child in ax.child_axes:
                    cb = child.get_window_extent(renderer)
                    avoid.append(((cb.x0 - box.x0) / box.width, (cb.y0 - box.y0) / box.height,
                                  (cb.x1 - box.x0) / box.width, (cb.y1 - box.y0) / box.height))
                p = self.field.label_point(sorted(ax.get_xlim()), sorted(ax.get_ylim()),
                                           ext.width / box.width, ext.height / box.height,
                                           pad=pad, avoid=_upright(avoid, ax))
            if p is None:
                self.set_visible(False)
            else:
                self.set_position(p)
            super().draw(renderer)

        def __reduce__(self):  # pickled figures: rebuilt by the module-level factory
            return (_FieldLabel, (self.field, self.get_text()), self.__getstate__())

    class InvariantLabel(Text):
        """Kind and temperature of an invariant, just above its line (below it when there is
        no room above), moved sideways to stay inside the axes; not drawn when its line is
        outside the view."""

        def __init__(self, x_span, temperature_K, text, **kw):
            x0, x1 = (float(v) for v in x_span)
            super().__init__(0.5 * (x0 + x1), temperature_K, text, ha="center",
                             va="center", **kw)
            self.x_span, self.temperature_K = (x0, x1), float(temperature_K)
            self.set_in_layout(False)

        def draw(self, renderer):
            ax = self.axes
            self.set_visible(True)
            box = ax.get_window_extent(renderer)
            ext = self.get_window_extent(renderer)
            pad = _PAD_PT * renderer.points_to_pixels(1.0)
            (xl, y), (xr, _) = ax.transData.transform(
                [[self.x_span[0], self.temperature_K], [self.x_span[1], self.temperature_K]])
            w, h = ext.width, ext.height
            lo, hi = max(xl, box.x0), min(xr, box.x1)   # the visible part of the line
            ok = box.y0 <= y <= box.y1 and hi >= lo and w + 2 * pad <= box.width
            cy = y + pad + 0.5 * h                        # above the line
            if cy + 0.5 * h > box.y1 - pad:
                cy = y - pad - 0.5 * h                    # below it
            ok = ok and cy - 0.5 * h >= box.y0 + pad and cy + 0.5 * h <= box.y1 - pad
            if not ok:
                self.set_visible(False)
            else:
                cx = min(max(0.5 * (lo + hi), box.x0 + pad + 0.5 * w), box.x1 - pad - 0.5 * w)
                self.set_position(ax.transData.inverted().transform((cx, cy)))
            super().draw(renderer)

        def __reduce__(self):
            return (_InvariantLabel, (self.x_span, self.temperature_K, self.get_text()),
                    self.__getstate__())

    return FieldLabel, InvariantLabel


def _upright(boxes, ax):
    """Boxes in fractions of the axes, flipped where an axis is inverted, so that they are in
    the same frame as the sorted limits."""
    fx = ax.get_xlim()[0] > ax.get_xlim()[1]
    fy = ax.get_ylim()[0] > ax.get_ylim()[1]
    out = []
    for u0, v0, u1, v1 in boxes:
        if fx:
            u0, u1 = 1 - u1, 1 - u0
        if fy:
            v0, v1 = 1 - v1, 1 - v0
        out.append((u0, v0, u1, v1))
    return out


def _FieldLabel(field, text, **kw):  # the classes are made on first use (matplotlib)
    return _make_label_classes()[0](field, text, **kw)


def _InvariantLabel(x_span, temperature_K, text, **kw):
    return _make_label_classes()[1](x_span, temperature_K, text, **kw)


def _add(ax, text) -> None:
    """Put a label Text on ax (in data coordinates, like ``ax.text``; kept in ``ax.texts``)."""
    text.set_transform(ax.transData)
    text.set_clip_on(False)
    ax._add_text(text)  # what ax.text does with the Text it makes
