"""Figures of electrode design: design maps and the paper's Fig. 7a (swing arrows).

Both draw computed objects: a design map (:mod:`semisolid.electrode.maps`), swings
(:func:`semisolid.electrode.composition_swing`) and a Na-K diagram
(:func:`semisolid.thermo.diagrams.binary_diagram`).

Examples
--------
>>> import numpy as np
>>> from semisolid.electrode.maps import capacity_map
>>> ds = capacity_map(["K", "Na"], "K", np.linspace(0.88, 0.97, 4), [36000.0, 108000.0],
...                   295.15, volume_m3=10e-9, area_m2=0.4004e-4, engine="pycalphad")
>>> fig = plot_design_map(ds)
>>> len(fig.axes) >= 2
True
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from semisolid.plots._figure import axes_or_new, new_figure

__all__ = ["plot_design_map", "plot_fig7a"]


def plot_design_map(ds, temperature_index: int = 0):
    """Liquid fraction at the enriched and depleted ends, with the semi-solid window outlined.

    Parameters
    ----------
    ds : xarray.Dataset
        From :func:`semisolid.electrode.maps.design_map` (or its 2-D slices). With more than
        two dims longer than one, the temperature with index `temperature_index` is drawn.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import numpy as np
    >>> from semisolid.electrode.maps import temperature_map
    >>> ds = temperature_map(["K", "Na"], "K", [0.9, 0.95], [290.0, 300.0], 108000.0,
    ...                      volume_m3=10e-9, area_m2=0.4004e-4, engine="pycalphad")
    >>> plot_design_map(ds).axes[0].get_xlabel()
    'x_K (start)'
    """
    ds = ds.squeeze()
    if "temperature_K" in ds.dims and len(ds.dims) > 2:
        ds = ds.isel(temperature_K=temperature_index)
    xname = next(d for d in ds.liquid_fraction_enriched.dims if d.startswith("x_"))
    others = [d for d in ds.liquid_fraction_enriched.dims if d != xname]
    fig = new_figure((10, 4))
    axes = fig.subplots(1, 2, sharey=True)
    x = ds[xname].values
    if not others:  # 1-D: lines
        for ax, end in zip(axes, ("enriched", "depleted"), strict=True):
            ax.plot(x, 100 * ds[f"liquid_fraction_{end}"].values)
            ax.set_xlabel(f"{xname} (start)")
            ax.set_title(f"K-{end} end" if xname == "x_K" else f"{end} end")
        axes[0].set_ylabel("liquid (mol%)")
        return fig
    yname = others[0]
    y = ds[yname].values
    semi = ds.semi_solid.transpose(yname, xname).values.astype(float)
    for ax, end in zip(axes, ("enriched", "depleted"), strict=True):
        z = 100 * ds[f"liquid_fraction_{end}"].transpose(yname, xname).values
        if x.size > 1 and y.size > 1:
            m = ax.pcolormesh(x, y, z, shading="nearest", vmin=0, vmax=100, cmap="viridis")
            if 0 < semi.sum() < semi.size:
                ax.contour(x, y, semi, levels=[0.5], colors="w", linewidths=1.5)
        else:
            m = ax.scatter(np.repeat(x, y.size), np.tile(y, x.size), c=z.T.ravel(),
                           vmin=0, vmax=100)
        ax.set_xlabel(f"{xname} (start)")
        ion = ds.attrs.get("working_ion", "")
        ax.set_title(f"{ion}-{end} end: liquid (mol%)")
    axes[0].set_ylabel(yname)
    fig.colorbar(m, ax=list(axes), label="liquid (mol%)")
    fig.suptitle("semi-solid window (liquid and solid at both ends) inside the white line")
    return fig


def plot_fig7a(swings: Sequence[Any], diagram: Any, ax: Any = None) -> Any:
    """The paper's Fig. 7a: K-rich end of Na-K with the swing of each composition as arrows.

    Parameters
    ----------
    swings : sequence of SwingResult
        Symmetric-cell swings of Na-K electrodes (e.g. compositions A and B).
    diagram : BinaryDiagram
        The Na-K diagram (``binary_diagram(db, ("Na", "K"), ...)``, K on the x axis) whose
        K-rich (K) + liquid field is drawn; it should span the swings' temperature.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from semisolid.electrode import Electrode, composition_swing
    >>> from semisolid.thermo import load_database
    >>> from semisolid.thermo.diagrams import binary_diagram
    >>> e = Electrode.from_volume({"K": 0.95, "Na": 0.05}, 10e-9, diameter_m=7.14e-3)
    >>> s = composition_swing(e, 108000.0, "K", engine="pycalphad")
    >>> d = binary_diagram(load_database(), ("Na", "K"), 260.0, 340.0, step_K=5.0)
    >>> fig = plot_fig7a([s], d)
    >>> fig.axes[0].get_xlabel()
    'x_K'
    """
    from semisolid.errors import InputError

    if diagram.axis_element != "K":
        raise InputError("expected a Na-K diagram with K on the x axis "
                         "(binary_diagram(db, ('Na', 'K'), ...))", "diagram")
    fig, ax = axes_or_new(ax, (6, 4.5))
    for f in diagram.fields:
        if "LIQUID" not in f.phases or "BCC_A2" not in f.phases:
            continue
        liquid, solid = (f.x_left, f.x_right) if f.phases[0] == "LIQUID" else (f.x_right,
                                                                               f.x_left)
        if np.nanmax(solid) < 0.6:      # the Na-rich (Na) + liquid field
            continue
        ax.plot(liquid, f.temperature_K, "k-", label="liquidus")
        ax.plot(solid, f.temperature_K, "k--", label="(K) solvus")
    colors = ["tab:blue", "tab:red", "tab:green", "tab:purple"]
    for i, s in enumerate(swings):
        c = colors[i % len(colors)]
        x0 = s.start.composition["K"]
        tk = s.temperature_K
        ax.axvline(x0, color=c, lw=1, alpha=0.6)
        for end, dy in ((s.enriched, 1.5), (s.depleted, -1.5)):
            if end is None:
                continue
            ax.annotate("", xy=(end.composition["K"], tk + dy), xytext=(x0, tk + dy),
                        arrowprops={"arrowstyle": "->", "color": c, "lw": 2})
            ax.text(end.composition["K"], tk + 2 * dy, f"{100 * end.liquid_fraction:.1f}%",
                    color=c, ha="center", va="center", fontsize=8)
        ax.plot([], [], color=c, label=f"{x0:.2f}K-{1 - x0:.2f}Na")
    ax.set_xlabel("x_K")
    ax.set_ylabel("T (K)")
    ax.set_xlim(0.6, 1.0)
    ax.set_ylim(max(diagram.temperatures_K[0], 255.0), min(diagram.temperatures_K[-1], 340.0))
    ax.set_title("K-rich end of Na-K: half-cycle swing (liquid mol% at the ends)")
    ax.legend(fontsize=8, loc="lower left")
    return fig
