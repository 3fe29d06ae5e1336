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
>>> fig.axes[0].get_title()
'22.0 °C (295.15 K)'

"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from semisolid.plots._figure import axes_or_new, new_figure
from semisolid.plots.palette import CYCLE, OKABE_ITO

__all__ = ["plot_design_map", "plot_design_window", "plot_fig7a"]


_STATUS_COLORS = (OKABE_ITO["bluish green"], OKABE_ITO["sky blue"], "#bbbbbb",
                  OKABE_ITO["vermillion"])  # semi-solid, liquid, solid, exhausted


def _celsius(t_k: float) -> str:
    return f"{t_k - 273.15:.1f} °C ({t_k:.2f} K)"


def _outcome(ds):
    """One category per grid point: semi-solid at both ends (0), liquid at an end (1),
    solid at an end (2), exhausted (3)."""
    e, d = ds.status_enriched, ds.status_depleted
    worst = np.where((e == 3) | (d == 3), 3, np.where((e == 1) | (d == 1), 1,
                                                      np.where((e == 2) | (d == 2), 2, 0)))
    return ds.semi_solid.copy(data=worst)


def plot_design_map(ds, temperature_index: int | None = None):
    """The semi-solid window of a design map: one panel per temperature, each titled with
    it; the colour says what happens at the ends of the half cycle (semi-solid at both ends,
    an end all liquid, an end all solid, electrode exhausted), contours give the liquid
    fraction at the solid-rich end.

    Parameters
    ----------
    ds : xarray.Dataset
        From :func:`semisolid.electrode.maps.design_map` (binary) or one of its slices.
        Ternary maps are drawn per share value on the x axis only through their binary
        slices (``ds.sel(share_Na=0.5)``).
    temperature_index : int, optional
        Draw only this temperature.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import numpy as np
    >>> from semisolid.electrode.maps import design_map
    >>> ds = design_map(["K", "Na"], "K", [0.9, 0.95], [36000.0, 108000.0], [290.0, 300.0],
    ...                 volume_m3=10e-9, area_m2=0.4004e-4)
    >>> fig = plot_design_map(ds)
    >>> [a.get_title()[:7] for a in fig.axes[:2]], fig.axes[0].get_xlabel()
    (['16.9 °C', '26.9 °C'], 'K mole fraction at the start')
    """
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    if any(d.startswith("share_") for d in ds.semi_solid.dims):
        raise ValueError("a ternary map: draw a slice, e.g. ds.isel(share_Na=0), or the "
                         "window with plot_design_window")
    xname = next(d for d in ds.semi_solid.dims if d.startswith("x_"))
    ion = xname[2:]
    if "temperature_K" not in ds.semi_solid.dims:
        ds = ds.expand_dims(temperature_K=[float(ds.temperature_K)])
    temps = list(range(ds.sizes["temperature_K"])) if temperature_index is None else [
        temperature_index]
    y_is_q = "areal_capacity_mAh_cm2" in ds.semi_solid.dims and ds.sizes.get(
        "areal_capacity_mAh_cm2", 1) > 1
    n = len(temps)
    ncol = min(n, 3)
    nrow = -(-n // ncol)
    fig = new_figure((4.2 * ncol, 3.6 * nrow + 0.6))
    axes = list(np.ravel(fig.subplots(nrow, ncol, squeeze=False)))[:n]
    for extra in list(fig.axes)[n:]:
        extra.remove()
    cmap = ListedColormap(_STATUS_COLORS)
    labels = ("semi-solid at both ends", "an end all liquid", "an end all solid",
              "electrode exhausted")
    x = ds[xname].values
    for a, it in zip(axes, temps, strict=False):
        sl = ds.isel(temperature_K=it)
        tk = float(sl.temperature_K)
        if not y_is_q:
            sl = sl.squeeze()
        cat = _outcome(sl)
        solid_rich = np.minimum(sl.liquid_fraction_enriched, sl.liquid_fraction_depleted)
        if y_is_q:
            yname = "areal_capacity_mAh_cm2"
            y = sl[yname].values
            z = cat.transpose(yname, xname).values
            a.pcolormesh(x, y, z, shading="nearest", cmap=cmap, vmin=-0.5, vmax=3.5)
            if x.size > 1 and y.size > 1:
                cs = a.contour(x, y, 100 * solid_rich.transpose(yname, xname).values,
                               levels=[5, 10, 20, 40], colors="k", linewidths=0.6)
                a.clabel(cs, fmt="%g%%", fontsize=7)
            a.set_ylabel("areal capacity per half cycle (mAh/cm²)")
        else:
            for end, style in (("enriched", "-"), ("depleted", "--")):
                a.plot(x, 100 * np.ravel(sl[f"liquid_fraction_{end}"].values), style,
                       color="k", label=f"{ion}-{end} end")
            a.set_ylabel("liquid (mol %)")
            a.legend(fontsize=7)
        a.set_xlabel(f"{ion} mole fraction at the start")
        a.set_title(_celsius(tk))
    fig.legend(handles=[Patch(color=c, label=lbl) for c, lbl in zip(_STATUS_COLORS, labels,
                                                                    strict=True)],
               loc="outside lower center", ncol=4, fontsize=8)
    vol = ds.attrs.get("volume_m3")
    area = ds.attrs.get("area_m2")
    if vol and area:
        fig.suptitle(f"{ds.attrs.get('elements', '').replace(' ', '-')} symmetric cell, "
                     f"{vol * 1e9:.3g} µL on {area * 1e4:.4g} cm²: contours give the liquid "
                     "(mol %) at the solid-rich end", fontsize=9)
    return fig


def plot_design_window(window: Any, ax: Any = None):
    """The admissible composition window of :func:`semisolid.electrode.window.design_window`:
    a ternary window as a polygon on ternary axes (mpltern), a binary one as intervals on the
    composition axis (with their 95 % bands where an ensemble gave them).

    Parameters
    ----------
    window : DesignWindow
    ax : matplotlib Axes, optional
        For a ternary window, an mpltern ``projection="ternary"`` Axes.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from semisolid.electrode.window import design_window
    >>> w = design_window(["K", "Na"], "K", 108000.0, 295.15, volume_m3=10e-9,
    ...                   area_m2=0.4004e-4, n_scan=11, tol=1e-3)
    >>> plot_design_window(w).axes[0].get_xlabel()
    'K mole fraction at the start'
    """
    ion = window.working_ion
    c = window.conditions
    title = (f"semi-solid window: {', '.join(f'{v:.3g}' for v in c['areal_capacity_mAh_cm2'])}"
             f" mAh/cm², {', '.join(f'{t - 273.15:.1f}' for t in c['temperature_K'])} °C, "
             f"{c['thickness_um']:.4g} µm")
    if len(window.elements) == 3:
        import mpltern  # noqa: F401  (registers the "ternary" projection)

        fig, ax = axes_or_new(ax, (6, 5.5), projection="ternary")
        order = [ion] + [e for e in window.elements if e != ion]
        for poly in window.polygons:
            pts = np.array([[p[e] for e in order] for p in poly])
            ax.fill(pts[:, 0], pts[:, 1], pts[:, 2], alpha=0.4, color=OKABE_ITO["bluish green"])
            ax.plot(*np.vstack([pts, pts[:1]]).T, color=OKABE_ITO["bluish green"])
        if window.composition is not None:
            ax.scatter(*[[window.composition.get(e, 0.0)] for e in order], color="k",
                       marker="x", label="chosen composition")
            ax.legend(fontsize=8)
        ax.set_tlabel(f"{order[0]} (mole fraction)")
        ax.set_llabel(f"{order[1]} (mole fraction)")
        ax.set_rlabel(f"{order[2]} (mole fraction)")
        ax.set_title(title, fontsize=9)
        return fig
    fig, ax = axes_or_new(ax, (7, 2.6))
    for iv in window.intervals:
        ax.barh(0, iv.x_high - iv.x_low, left=iv.x_low, height=0.5, color=OKABE_ITO["bluish green"],
                alpha=0.6)
        if iv.x_low_low is not None:
            for lo, hi in ((iv.x_low_low, iv.x_low_high), (iv.x_high_low, iv.x_high_high)):
                ax.barh(0, hi - lo, left=lo, height=0.7, color=OKABE_ITO["orange"], alpha=0.5)
        ax.text(0.5 * (iv.x_low + iv.x_high), 0.4, f"{iv.x_low:.3f}-{iv.x_high:.3f}",
                ha="center", fontsize=8)
    handles = []
    if any(iv.x_low_low is not None for iv in window.intervals):
        from matplotlib.patches import Patch

        conf = (window.uncertainty or {}).get("confidence", 0.95)
        handles.append(Patch(color=OKABE_ITO["orange"], alpha=0.5,
                             label=f"{conf * 100:.0f} % interval of each edge"))
    if window.composition is not None:
        handles.append(ax.axvline(window.composition[ion], color="k", lw=1,
                                  label="chosen composition"))
    if window.admissible_fraction is not None:
        x, frac = window.admissible_fraction
        ax2 = ax.twinx()
        (line,) = ax2.plot(x, frac, color=OKABE_ITO["blue"], lw=1,
                           label="ensemble members for which it works")
        ax2.set_ylim(-0.05, 1.6)
        ax2.set_yticks([0.0, 0.5, 1.0])
        ax2.set_ylabel("share of members", fontsize=8)
        handles.append(line)
    if handles:
        ax.legend(handles=handles, fontsize=7, loc="upper center")
    ax.set_xlim(*c.get("x_range", (0.0, 1.0)))
    ax.set_ylim(-0.6, 0.8)
    ax.set_yticks([])
    ax.set_xlabel(f"{ion} mole fraction at the start")
    ax.set_title(title, fontsize=9)
    return fig


def plot_fig7a(swings: Sequence[Any], diagram: Any, ax: Any = None, band: Any = None,
               uncertainties: Sequence[Any] | None = None) -> Any:
    """The paper's Fig. 7a: K-rich end of Na-K with the swing of each composition as arrows.

    With `band`, the 95 % band of the (K) solvus and the liquidus over the database's
    uncertainty ensemble is shaded (legend "95 % ensemble"); with `uncertainties`, each
    end's liquid fraction is labelled with its 95 % interval ("3.0% [0.0, 12.1]"). Both are
    computed elsewhere
    (:func:`semisolid.thermo.assessment.nak_k_rich_band`,
    :func:`semisolid.electrode.uncertainty.swing_uncertainty`); this function only draws.

    Parameters
    ----------
    swings : sequence of SwingResult
        Symmetric-cell swings of Na-K electrodes (e.g. compositions A and B).
    diagram : BinaryDiagram
        The Na-K diagram (``binary_diagram(db, ("Na", "K"), ...)``, K on the x axis) whose
        K-rich (K) + liquid field is drawn; it should span the swings' temperature.
    ax : matplotlib Axes, optional
    band : BoundaryBand, optional
        Na-K boundaries in x_K (``elements == ("NA", "K")``) with their band.
    uncertainties : sequence of SwingUncertainty, optional
        One per swing, in the same order.

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
    if band is not None and tuple(band.elements) != ("NA", "K"):
        raise InputError("the band must be of Na-K in x_K (nak_k_rich_band())", "band")
    if uncertainties is not None and len(uncertainties) != len(swings):
        raise InputError(f"{len(uncertainties)} uncertainties for {len(swings)} swings",
                         "uncertainties")
    fig, ax = axes_or_new(ax, (6, 4.5))
    if band is not None:
        for k, ph in enumerate(band.phases):
            lo, _, hi = band.boundary(ph)
            ok = np.isfinite(lo) & np.isfinite(hi)
            label = f"{band.confidence * 100:.0f} % ensemble" if k == 0 else None
            ax.fill_betweenx(band.temperature_K[ok], lo[ok], hi[ok], color="0.6", alpha=0.3,
                             lw=0, gid=f"ensemble_band_{ph}", label=label)
    for f in diagram.fields:
        if "LIQUID" not in f.phases or "BCC_A2" not in f.phases:
            continue
        liquid, solid = (f.x_left, f.x_right) if f.phases[0] == "LIQUID" else (f.x_right,
                                                                               f.x_left)
        if np.nanmax(solid) < 0.6:      # the Na-rich (Na) + liquid field
            continue
        ax.plot(liquid, f.temperature_K, "k-", label="liquidus")
        ax.plot(solid, f.temperature_K, "k--", label="(K) solidus")
    colors = CYCLE
    for i, s in enumerate(swings):
        c = colors[i % len(colors)]
        x0 = s.start.composition["K"]
        tk = s.temperature_K
        ax.axvline(x0, color=c, lw=1, alpha=0.6)
        unc = None if uncertainties is None else uncertainties[i]
        off = 1.5 if uncertainties is None else 3.5 + 6.5 * i  # room for two-line labels
        for key, end, dy in (("enriched", s.enriched, off), ("depleted", s.depleted, -off)):
            if end is None:
                continue
            ax.annotate("", xy=(end.composition["K"], tk + dy), xytext=(x0, tk + dy),
                        arrowprops={"arrowstyle": "->", "color": c, "lw": 2})
            right = end.composition["K"] > x0  # the label beyond the arrow's tip
            text = f"{100 * end.liquid_fraction:.1f}%"
            if unc is not None and key in unc.ends:
                iv = unc.ends[key].liquid_fraction
                text += f"\n[{100 * iv.low:.1f}, {100 * iv.high:.1f}]"
            anchor = end.composition["K"]
            if right and "\n" in text and anchor > 0.92:  # no room right of the tip: the
                anchor, right = min(x0, anchor), False   # label goes left of the arrow
            ax.annotate(text, (anchor, tk + dy),
                        xytext=(4 if right else -4, 0), textcoords="offset points",
                        color=c, ha="left" if right else "right", va="center", fontsize=8,
                        bbox={"fc": "white", "ec": "none", "pad": 0.5, "alpha": 0.8})
        ax.plot([], [], color=c, label=f"{x0:.2f}K-{1 - x0:.2f}Na")
    ax.set_xlabel("x_K")
    ax.set_ylabel("T (K)")
    ax.set_xlim(0.6, 1.0)
    ax.set_ylim(max(diagram.temperatures_K[0], 255.0), min(diagram.temperatures_K[-1], 340.0))
    ax.set_title("K-rich end of Na-K: half-cycle swing (liquid mol% at the ends)")
    ax.legend(fontsize=8, loc="upper left")
    return fig
