"""Figures of CCD statistics: the Kaplan-Meier survival curve of the CCD per group.

Render only: every function draws into ``ax`` (or a new figure without pyplot) and returns
the :class:`matplotlib.figure.Figure`; :func:`semisolid.plots.save.save_figure` writes it.
The CCD against yield stress (Fig. 6b) is :func:`semisolid.plots.models.plot_ccd_vs_yield`.

Examples
--------
>>> from semisolid.stats import kaplan_meier
>>> c = kaplan_meier([0.4, 0.5, 0.6, 0.7], censored=[False, False, True, False])
>>> plot_survival({"Li": c}).axes[0].get_ylabel()
'fraction of cells not shorted'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from semisolid.plots._figure import axes_or_new

__all__ = ["plot_survival"]


def plot_survival(curves: Mapping[str, Any], ax: Any = None, bounds: bool = True) -> Any:
    """Kaplan-Meier survival curves of the CCD: the fraction of cells that have not shorted
    against current density, one step curve per group, censored cells marked with ``+``
    and the pointwise confidence bounds shaded.

    Parameters
    ----------
    curves : mapping of str -> SurvivalCurve
        From :func:`semisolid.stats.kaplan_meier`, keyed by group (electrode).
    ax : matplotlib Axes, optional
    bounds : bool
        Shade the confidence bounds.

    Examples
    --------
    >>> from semisolid.stats import kaplan_meier
    >>> fig = plot_survival({"K": kaplan_meier([2.0, 2.5, 3.0])})
    >>> fig.axes[0].get_xlabel()
    'current density (mA cm$^{-2}$)'
    """
    fig, ax = axes_or_new(ax, (5.0, 3.8))
    for k, (name, c) in enumerate(curves.items()):
        color = f"C{k % 10}"
        x = np.concatenate([[0.0], c.values])
        y = np.concatenate([[1.0], c.survival])
        ax.step(x, y, where="post", color=color, label=f"{name} (n = {int(c.at_risk[0])})")
        if bounds:
            lo = np.concatenate([[1.0], np.nan_to_num(c.ci_low, nan=np.nan)])
            hi = np.concatenate([[1.0], np.nan_to_num(c.ci_high, nan=np.nan)])
            ax.fill_between(x, lo, hi, step="post", color=color, alpha=0.15, lw=0)
        cm = c.censored > 0
        if cm.any():
            ax.plot(c.values[cm], c.survival[cm], "+", color=color, ms=9, mew=1.5)
    ax.plot([], [], "+", color="0.3", label="censored (no short)")
    ax.set_xlabel("current density (mA cm$^{-2}$)")
    ax.set_ylabel("fraction of cells not shorted")
    ax.set_ylim(-0.02, 1.02)
    ax.set_xlim(left=0.0)
    ax.legend(frameon=False, fontsize=8)
    return fig
