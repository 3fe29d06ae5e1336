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
        j = f.temperature_K.size // 2
        if f.temperature_K.size > 3:
            xm = 0.5 * (f.x_left[j] + f.x_right[j])
            if xlim is None or xlim[0] <= xm <= xlim[1]:
                ax.text(xm, f.temperature_K[j], " + ".join(f.phases), fontsize=7,
                        ha="center", va="center", color=c)
    el = diagram.axis_element
    for inv in diagram.invariants:
        xs = [p.composition[el] for p in inv.phases]
        if inv.kind == "critical point":
            ax.plot(xs, [inv.temperature_K], "o", color="k", ms=4)
        else:
            ax.plot([min(xs), max(xs)], [inv.temperature_K] * 2, color="k", lw=1.0)
        if label_invariants:
            ax.annotate(f"{inv.kind} {inv.temperature_K:.1f} K", (float(np.mean(xs)),
                        inv.temperature_K), textcoords="offset points", xytext=(0, 3),
                        fontsize=7, ha="center")
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
