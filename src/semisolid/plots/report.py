"""Figures of cell families (the paper's Fig. 5 and Fig. 6a): CCD against areal capacity,
and mean CCD per family with microstructure insets.

Examples
--------
>>> fig = plot_ccd_vs_capacity({"K/KBA/K": ([3.0, 3.1], [2.5, 3.0])})
>>> fig.axes[0].get_yscale()
'log'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from semisolid.paper import FAMILIES
from semisolid.plots._figure import axes_or_new, new_figure
from semisolid.plots.palette import REFERENCE, colour

__all__ = [
    "FAMILY_COLOURS",
    "plot_ccd_by_family",
    "plot_ccd_vs_capacity",
]

FAMILY_COLOURS: dict[str, str] = {
    f.name: colour(i) for i, f in enumerate(FAMILIES)
}
"""A colour for each of the paper's cell families (:data:`semisolid.paper.FAMILIES`)."""


def plot_ccd_vs_capacity(
    points: Mapping[str, tuple[Sequence[float], Sequence[float]]],
    log_y: bool = True,
    title: str = "",
    ax: Any = None,
) -> Any:
    """Fig. 5 style: CCD [mA/cm2] against areal capacity [mAh/cm2] per cell family.

    `points` maps a family name to (areal capacities, CCDs). Reference lines at 1 and 3
    mAh/cm2 (practical minimum, Li-ion typical) and 1 and 3 mA/cm2 (1C at those capacities).
    Returns the Figure.
    """
    fig, ax = axes_or_new(ax, (6.4, 4.6), layout=None)
    for name, (cap, ccd) in points.items():
        ax.scatter(cap, ccd, s=28, label=name, color=FAMILY_COLOURS.get(name), alpha=0.8,
                   edgecolors="k", linewidths=0.4)
    for x in (1.0, 3.0):
        ax.axvline(x, color="0.5", ls="--", lw=0.9)
    for y in (1.0, 3.0):
        ax.axhline(y, color="0.5", ls=":", lw=0.9)
    ax.set_xlabel("Areal capacity per half cycle (mAh cm$^{-2}$)")
    ax.set_ylabel("CCD (mA cm$^{-2}$)")
    if log_y:
        ax.set_yscale("log")
    ax.set_xlim(0, 4.5)
    ax.legend(fontsize=7, loc="best")
    if title:
        ax.set_title(title, fontsize=10)
    return fig


def plot_ccd_by_family(
    families: Sequence[str],
    virtual: Mapping[str, tuple[float, float, float]],
    paper: Mapping[str, float],
    insets: Sequence[tuple[str, Any]] = (),
    bar_label: str = "virtual cells (95 % CI)",
) -> Any:
    """Fig. 6a style: mean CCD per family with 95 % intervals.

    `virtual` maps family -> (mean, low, high) of the virtual cells; `paper` maps family ->
    the paper's reported mean (drawn as a star). `insets` are (title, 8-bit image) pairs.
    `bar_label` is the legend entry of the bars. Makes its own figure (the bars and a column
    of insets) and returns it.

    Examples
    --------
    >>> import numpy as np
    >>> fig = plot_ccd_by_family(["K/KBA/K"], {"K/KBA/K": (2.0, 1.5, 2.5)}, {},
    ...                          insets=[("B", np.zeros((4, 4), dtype=np.uint8))])
    >>> len(fig.axes)
    2
    """
    import numpy as np

    n_in = len(insets)
    fig = new_figure((7.2 + 2.2 * (n_in > 0), 4.6), layout=None)
    gs = fig.add_gridspec(max(n_in, 1), 2, width_ratios=[3.2, 1.0 if n_in else 0.01],
                          wspace=0.08)
    ax = fig.add_subplot(gs[:, 0])
    xs = np.arange(len(families))
    for i, fam in enumerate(families):
        if fam in virtual:
            m, lo, hi = virtual[fam]
            ax.bar(i, m, color=FAMILY_COLOURS.get(fam, "0.6"), alpha=0.75, width=0.6,
                   label=bar_label)
            ax.errorbar(i, m, yerr=[[m - lo], [hi - m]], color="k", capsize=4, lw=1)
        if fam in paper:
            ax.plot(i, paper[fam], marker="*", color=REFERENCE, markeredgecolor="k", ms=13,
                    ls="none", label="paper mean (reported)")
    handles, labels = ax.get_legend_handles_labels()
    uniq = dict(zip(labels, handles, strict=False))
    ax.legend(uniq.values(), uniq.keys(), fontsize=8, loc="upper left")
    ax.set_xticks(xs, [f.split("/")[0] for f in families], fontsize=8)
    ax.set_ylabel("Mean CCD (mA cm$^{-2}$), 95 % CI")
    ax.set_yscale("log")
    for k, (title, img) in enumerate(insets):
        sub = fig.add_subplot(gs[k, 1])
        sub.imshow(img, cmap="gray", vmin=0, vmax=255, interpolation="nearest")
        sub.set_xticks([])
        sub.set_yticks([])
        sub.set_title(title, fontsize=8)
    return fig
